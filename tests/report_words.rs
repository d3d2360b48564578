//! The report says only what its numbers support: no verdicts below the minimums, no "among 0 tested",
//! no "corrected" when the correction is off, no D-study advice from a handful of candidates.

mod common;
use common::*;
use std::path::Path;

/// Runs `report --charts none --cards none` into a scratch folder and returns report.html's text with
/// tags removed and whitespace collapsed.
fn report_text(dir: &Path, args: &[&str]) -> String {
    let out = Scratch::new();
    let o = out.path().join("r").display().to_string();
    let mut a = vec!["report", "--bootstrap", "100", "--charts", "none", "--cards", "none", "--out", &o];
    a.extend_from_slice(args);
    let (code, _, err) = run(dir, &a);
    assert_eq!(code, 0, "report failed: {err}");
    let html = std::fs::read_to_string(out.path().join("r/report.html")).expect("report.html");
    let mut text = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn three_candidates_get_no_tests_no_flags_and_no_panel_advice() {
    let text = report_text(
        repo(),
        &[
            "--source",
            "lever",
            "--scorecards",
            "tests/data/ats/lever_feedback.json",
            "--outcomes",
            "tests/data/ats/lever_ashby_outcomes.csv",
        ],
    );
    assert!(text.contains("No interviewer could be tested: none has the scorecards a test needs"), "{text}");
    assert!(!text.contains("among 0 interviewers") && !text.contains("among the 0 "), "{text}");
    assert!(!text.contains("0.0 may be false"), "{text}");
    assert!(text.contains("Estimated on 3 candidates only: too few to plan panel sizes"), "{text}");
    assert!(!text.contains("One interviewer asking one question reaches"), "{text}");
    assert!(!text.contains(" 1 interviews") && !text.contains("one interviews"), "{text}");
}

#[test]
fn with_the_correction_off_no_validity_is_called_corrected() {
    let text = report_text(repo(), &["--selection", "none"]);
    let summary = &text[text.find("Questions:").expect("summary")..];
    let summary = &summary[..summary.find("Interviewers:").expect("interviewers paragraph")];
    assert!(summary.contains("turned off (--selection none)"), "{summary}");
    assert!(
        !summary.contains("corrected validity") && !summary.contains("every validity corrected"),
        "{summary}"
    );
    assert!(summary.contains("not comparable"), "{summary}");
    let section = &text[text.find("Outcome analysed:").expect("question section")..];
    let section = &section[..section.find("Decision weight against validity").unwrap_or(section.len())];
    assert!(section.contains("the correction for that selection is turned off"), "{section}");
    assert!(!section.contains("corrected for that selection"), "{section}");
}

#[test]
fn the_panel_score_gets_no_verdict_below_min_n() {
    // sample_data has 359 hires with an outcome: with --min-n 400 nothing may be judged.
    let text = report_text(repo(), &["--min-n", "400"]);
    let summary = &text[text.find("Questions:").expect("summary")..];
    let summary = &summary[..summary.find("Interviewers:").expect("interviewers paragraph")];
    assert!(
        summary.contains("too few hires with an outcome to judge (359; a verdict needs at least 400)"),
        "{summary}"
    );
    assert!(!summary.contains("it predicts the outcome") && !summary.contains("not yet shown"), "{summary}");
}

#[test]
fn a_d_study_value_just_under_the_target_does_not_print_as_the_target() {
    let (code, out, err) = run(repo(), &["panel"]);
    assert_eq!(code, 0, "{err}");
    let grid = &out[out.find("D-study: G by number").expect("grid")..];
    // sample_data: 4 interviewers × 5 questions give G = .7988 (summary.json), short of .80.
    let row4 = grid.lines().find(|l| l.trim_start().starts_with("4 ")).expect("row 4");
    assert!(row4.contains(".799 ") && !row4.contains(".80 "), "{row4}");
    assert!(grid.lines().all(|l| !l.contains(".80 ")), "an unmarked .80:\n{grid}");
}
