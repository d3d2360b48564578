//! The first hour with a real spreadsheet export (issue #20): a hand-made export with the mistakes
//! real exports have (tests/data/first_hour/, written by make.py there) goes through `check` and
//! `report`; each problem is named once, in words a recruiter understands, with the config key that
//! fixes it; with those keys set (tests/data/first_hour/hirecal.toml) the problems are gone.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/first_hour").join(name)
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// `check` on the export as it comes, without a config.
fn check_plain() -> (i32, String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    run(
        root,
        &["check", "--scorecards", &s(&data("scorecards.csv")), "--outcomes", &s(&data("outcomes.csv"))],
    )
}

fn once(text: &str, needle: &str) {
    assert_eq!(text.matches(needle).count(), 1, "expected {needle:?} exactly once in:\n{text}");
}

#[test]
fn check_names_each_problem_of_the_export_once_with_the_key_that_fixes_it() {
    let (code, out, err) = check_plain();
    assert_eq!(code, 0, "{err}");
    // Dates: month/day/year is detected and said, the one unreadable date is named with its key.
    once(&out, "they were read as month/day/year (%m/%d/%Y), the one format that fits them");
    once(&out, "value 'TBD' is not a date");
    once(&out, "179 of 180 scorecards have an interview date: the date could not be read on 5 rows");
    // Recommendations: the unknown labels are listed, with the key and every built-in label.
    once(&out, "Recommendation labels seen that hirecal does not know: 'Lean Hire', 'Lean No Hire'");
    once(&out, "[recommendations] labels = {");
    once(
        &out,
        "strong_no, definitely_not, strong_no_hire, no, no_hire, mixed, neutral, yes, hire, strong_yes",
    );
    // Outcomes written as words: said so, with the key filled in from the column's own labels.
    once(&out, "the column holds only text labels");
    once(&out, "[outcomes.labels] performance = {");
    assert!(!out.contains("expected a number, like the rest of the column"), "{out}");
    // Ids that are probably the same person, with their scorecards; trimmed spaces are counted.
    once(&out, "Ids that may be the same person");
    once(&out, "interviewers: 'Bob Smith' (");
    once(&out, "'bob smith' (2 scorecards)");
    once(&out, "candidates: 'cand-007' (2 scorecards), 'CAND-007' (1 scorecard)");
    once(&out, "[ids] fold_case = true");
    assert!(
        out.contains("id_whitespace_trimmed") && out.contains("'Bob Smith ' and 'Bob Smith' are one person")
    );
    // The unreadable score.
    once(&out, "value 'four' is not a score");
    // Nothing of this goes to stderr for check: the terminal summary is the check itself.
    assert!(!err.contains("run `hirecal check`"), "{err}");
}

#[test]
fn the_config_keys_fix_every_problem_check_named() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) = run(
        root,
        &[
            "check",
            "--scorecards",
            &s(&data("scorecards.csv")),
            "--outcomes",
            &s(&data("outcomes.csv")),
            "--config",
            &s(&data("hirecal.toml")),
        ],
    );
    assert_eq!(code, 0, "{err}");
    for gone in [
        "date_format_assumed",
        "unparsable_recommendation",
        "unparsable_outcome",
        "Ids that may be the same person",
    ] {
        assert!(!out.contains(gone), "{gone} still in:\n{out}");
    }
    // Six interviewers now ("bob smith" is Bob Smith), 60 candidates ("CAND-007" is cand-007).
    assert!(out.contains("  interviewers               6\n"), "{out}");
    assert!(out.contains("  candidates                60\n"), "{out}");
    assert!(out.contains("performance              numeric  known for 32 hires"), "{out}");
    assert!(out.contains("with a recommendation  180"), "{out}");
    // Merged ids keep their first spelling, and the analyses see the six people.
    let (code, table, err) = run(
        root,
        &[
            "interviewers",
            "--scorecards",
            &s(&data("scorecards.csv")),
            "--outcomes",
            &s(&data("outcomes.csv")),
            "--config",
            &s(&data("hirecal.toml")),
            "--format",
            "csv",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let ids: Vec<&str> = table.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(ids.len(), 6, "{table}");
    assert!(
        ids.contains(&"Bob Smith") && ids.contains(&"Carol Jones") && !ids.contains(&"bob smith"),
        "{ids:?}"
    );
    // The planted lenient and harsh interviewers are found, and no one else is called either.
    let mut rdr = csv::Reader::from_reader(table.as_bytes());
    let at = rdr.headers().unwrap().iter().position(|h| h == "flags").expect("a flags column");
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let flags = |who: &str| rows.iter().find(|r| &r[0] == who).unwrap()[at].to_string();
    assert!(flags("Dan Lee").contains("lenient") && flags("Eve Park").contains("harsh"), "{table}");
    for other in ["Bob Smith", "Carol Jones", "Frank Ode", "Gina Ruiz"] {
        assert!(!flags(other).contains("lenient") && !flags(other).contains("harsh"), "{other}: {table}");
    }
    // The configured format is named when a value does not fit it.
    assert!(out.contains("value 'TBD' is not a date, expected the [dates] format \"%m/%d/%Y\""), "{out}");
}

#[test]
fn report_tells_on_stderr_what_it_skipped_and_the_html_says_why() {
    let sc = Scratch::new();
    let out_dir = sc.path().join("rep");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, stdout, err) = run(
        root,
        &[
            "report",
            "--scorecards",
            &s(&data("scorecards.csv")),
            "--outcomes",
            &s(&data("outcomes.csv")),
            "--bootstrap",
            "50",
            "--charts",
            "none",
            "--out",
            &s(&out_dir),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("hirecal: ")).collect();
    assert_eq!(lines.len(), 1, "one summary line on stderr:\n{err}");
    let l = lines[0];
    for want in [
        "1 score unreadable",
        "5 dates unreadable",
        "recommendations unreadable",
        "outcome values unreadable",
        "interviewer ids that differ only by case, spaces or punctuation",
        "run `hirecal check` for details",
    ] {
        assert!(l.contains(want), "missing {want:?} in {l}");
    }
    assert!(stdout.contains("wrote"), "{stdout}");
    let html = std::fs::read_to_string(out_dir.join("report.html")).unwrap();
    for want in [
        "179 of 180 scorecards have an interview date: the date could not be read on 5 rows",
        "Interviewer ids that may be the same person",
        "&#39;bob smith&#39; (2 scorecards)",
        "2 candidate ids fall into 1 group that differ",
        "The table shows all 7 interviewers",
        "decision kappa",
        "Chart not drawn: the report was made with --charts none.",
        "The interviewer charts leave out 1 interviewer with fewer than 5 scorecards (--min-cell",
    ] {
        assert!(html.contains(want), "missing {want:?} in report.html");
    }
    assert!(!html.contains("<svg"), "--charts none draws no chart in the HTML either");
    assert!(!html.contains("CAND-007"), "candidate ids stay out of the report");
}

#[test]
fn ambiguous_dates_are_refused_naming_the_config_key_and_a_set_format_reads_them() {
    let sc = Scratch::new();
    let body = "candidate_id,interviewer_id,question_id,score,interview_date\n\
                c1,i1,q1,3,03/04/2025\nc1,i2,q1,2,05/06/2025\nc2,i1,q1,4,01/02/2025\nc2,i2,q1,3,11/12/2025\n";
    let p = sc.file("s.csv", body);
    let (code, _, err) = run(sc.path(), &["check", "--scorecards", &s(&p)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.starts_with("error: "), "{err}");
    for want in [
        "'03/04/2025'",
        "month/day/year (%m/%d/%Y)",
        "day/month/year (%d/%m/%Y)",
        "[dates] format = \"%m/%d/%Y\"",
    ] {
        assert!(err.contains(want), "missing {want:?} in {err}");
    }
    let cfg = sc.file("c.toml", "[dates]\nformat = \"%d/%m/%Y\"\n");
    let (code, out, err) = run(sc.path(), &["check", "--scorecards", &s(&p), "--config", &s(&cfg)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("    with a date              4"), "{out}");
    // European dates with times, through the config.
    let eu = sc.file(
        "eu.csv",
        "candidate_id,interviewer_id,question_id,score,interview_date\n\
         c1,i1,q1,3,18.01.2025 09:30\nc1,i2,q1,2,19.01.2025 14:00\nc2,i1,q1,4,02.02.2025 10:15\n",
    );
    let cfg = sc.file("eu.toml", "[dates]\nformat = \"%d.%m.%Y %H:%M\"\n");
    let (code, out, err) = run(sc.path(), &["check", "--scorecards", &s(&eu), "--config", &s(&cfg)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("    with a date              3") && !out.contains("unparsable_date"), "{out}");
    // A pattern hirecal does not support is a config error naming the key.
    let bad = sc.file("bad.toml", "[dates]\nformat = \"%d/%m/%Q\"\n");
    let (code, _, err) = run(sc.path(), &["check", "--scorecards", &s(&eu), "--config", &s(&bad)]);
    assert_eq!(code, 1);
    assert!(err.contains("[dates] format = \"%d/%m/%Q\"") && err.contains("'%Q' is not supported"), "{err}");
}

#[test]
fn recommendation_labels_work_for_csv_and_the_ashby_spelling_is_an_alias() {
    let sc = Scratch::new();
    let p = sc.file(
        "s.csv",
        "candidate_id,interviewer_id,question_id,score,recommendation\n\
         c1,i1,q1,3,Lean Hire\nc1,i2,q1,2,Strong No Hire\nc2,i1,q1,4,lean-no-hire\n",
    );
    for toml in [
        "[recommendations]\nlabels = { \"Lean Hire\" = 3, \"Lean No Hire\" = 2 }\n",
        "[ashby]\nrecommendation_labels = { \"Lean Hire\" = 3, \"Lean No Hire\" = 2 }\n",
    ] {
        let cfg = sc.file("c.toml", toml);
        let (code, out, err) = run(sc.path(), &["check", "--scorecards", &s(&p), "--config", &s(&cfg)]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("with a recommendation    3") && !out.contains("unparsable_recommendation"),
            "{toml}\n{out}"
        );
    }
    let bad = sc.file("bad.toml", "[recommendations]\nlabels = { Maybe = 7 }\n");
    let (code, _, err) = run(sc.path(), &["check", "--scorecards", &s(&p), "--config", &s(&bad)]);
    assert_eq!(code, 1);
    assert!(err.contains("[recommendations] labels: \"Maybe\" = 7"), "{err}");
}

#[test]
fn outcome_labels_map_words_to_numbers_and_a_wrong_column_name_is_named() {
    let sc = Scratch::new();
    let p = sc
        .file("s.csv", "candidate_id,interviewer_id,question_id,score\nc1,i1,q1,3\nc2,i1,q1,2\nc3,i1,q1,4\n");
    let o = sc.file(
        "o.csv",
        "candidate_id,hired,Perf rating\nc1,yes,Meets\nc2,yes,far exceeds\nc3,yes,Outstanding\n",
    );
    let cfg = sc.file(
        "c.toml",
        "[outcomes.labels]\n\"Perf rating\" = { Below = 1, Meets = 2, \"Far Exceeds\" = 4 }\n",
    );
    let (code, out, err) =
        run(sc.path(), &["check", "--scorecards", &s(&p), "--outcomes", &s(&o), "--config", &s(&cfg)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Perf rating              numeric  known for 2 hires"), "{out}");
    assert!(
        out.contains(
            "value 'Outstanding' is neither a number nor a label of [outcomes.labels] \"Perf rating\""
        ),
        "{out}"
    );
    let wrong = sc.file("w.toml", "[outcomes.labels]\nperf = { Below = 1 }\n");
    let (code, _, err) =
        run(sc.path(), &["check", "--scorecards", &s(&p), "--outcomes", &s(&o), "--config", &s(&wrong)]);
    assert_eq!(code, 1);
    assert!(err.contains("there is no outcome column 'perf'") && err.contains("'Perf rating'"), "{err}");
}

#[test]
fn bootstrap_zero_is_refused_and_every_error_starts_the_same_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, _, err) = run(root, &["questions", "--bootstrap", "0"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: ") && err.contains("'no evidence'"), "{err}");
    let sc = Scratch::new();
    for args in [
        vec!["check", "--scorecards", "missing.csv"],
        vec!["report", "--bootstrap", "0"],
        vec!["questions", "--outcome", "nope", "--bootstrap", "20"],
        vec!["panel", "--nonsense"],
        vec!["interviewers", "--source", "lever"],
    ] {
        let dir = if args[0] == "check" { sc.path() } else { root };
        let (code, _, err) = run(dir, &args);
        assert_ne!(code, 0, "{args:?}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
}

#[test]
fn help_lists_every_report_output_and_check_offers_only_its_flags() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_, help, _) = run(root, &["report", "--help"]);
    for out in [
        "summary.json",
        "questions.csv",
        "interviewers.csv",
        "report.html",
        "report.pdf",
        "charts/",
        "panel_reliability",
        "pseudonymize.key",
        "--precision",
    ] {
        assert!(help.contains(out), "report --help lacks {out}:\n{help}");
    }
    let (_, help, _) = run(root, &["check", "--help"]);
    for flag in ["--seed", "--bootstrap", "--out <", "--pseudonym-lookup", "--precision", "--key-file"] {
        assert!(!help.contains(flag), "check --help offers {flag}:\n{help}");
    }
    assert!(help.contains("--strict") && help.contains("--config"), "{help}");
}

#[test]
fn csv_numbers_are_rounded_unless_full_precision_is_asked() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let digits = |csv: &str| -> usize {
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        let mut most = 0;
        for rec in r.records() {
            for f in rec.unwrap().iter() {
                if f.contains('.') && f.parse::<f64>().is_ok() {
                    let sig = f.trim_start_matches('-').replace('.', "").trim_start_matches('0').len();
                    most = most.max(sig);
                }
            }
        }
        most
    };
    let (code, rounded, err) = run(root, &["interviewers", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(digits(&rounded) <= 4, "{rounded}");
    let (code, full, _) = run(root, &["interviewers", "--format", "csv", "--precision", "full"]);
    assert_eq!(code, 0);
    assert!(digits(&full) > 10, "full precision keeps the digits");
    // The same rows and columns either way.
    assert_eq!(rounded.lines().count(), full.lines().count());
}

#[test]
fn the_terminal_interviewer_table_shows_decision_agreement_and_kappa() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, table, err) = run(root, &["interviewers"]);
    assert_eq!(code, 0, "{err}");
    let head = table.lines().next().unwrap();
    assert!(head.contains("d.agr") && head.contains("kappa"), "{head}");
    assert!(table.contains("kappa = the same, corrected"), "the footer explains the columns");
    assert!(table.lines().all(|l| l.chars().count() <= 101), "fits 100 columns");
}

#[test]
fn a_generated_key_goes_beside_the_report_and_a_short_key_is_warned_about() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sc = Scratch::new();
    let out = sc.path().join("shared");
    let lookup = sc.path().join("lookup.csv");
    let (code, stdout, err) = run(
        root,
        &[
            "report",
            "--pseudonymize",
            "--pseudonym-lookup",
            &s(&lookup),
            "--charts",
            "none",
            "--bootstrap",
            "20",
            "--out",
            &s(&out),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!out.join("pseudonymize.key").exists());
    let key_path = sc.path().join("shared.pseudonymize.key");
    assert_eq!(std::fs::read_to_string(&key_path).unwrap().trim().len(), 64);
    assert!(stdout.contains("shared.pseudonymize.key"), "{stdout}");
    // The lookup names each interviewer's pseudonym, as the report's interviewers.csv has them.
    let mut r = csv::Reader::from_path(&lookup).unwrap();
    let pairs: Vec<(String, String)> =
        r.records().map(|x| x.unwrap()).map(|x| (x[0].to_string(), x[1].to_string())).collect();
    let report_ids = std::fs::read_to_string(out.join("interviewers.csv")).unwrap();
    assert!(
        !pairs.is_empty()
            && pairs
                .iter()
                .all(|(p, id)| report_ids.contains(p.as_str()) && !report_ids.contains(id.as_str()))
    );
    // Asked for: the key goes where --key-file says.
    let (code, _, err) = run(
        root,
        &[
            "report",
            "--pseudonymize",
            "--key-file",
            &s(&sc.path().join("k.txt")),
            "--charts",
            "none",
            "--bootstrap",
            "20",
            "--out",
            &s(&sc.path().join("o2")),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(sc.path().join("k.txt").exists());
    let (code, _, err) = run(root, &["interviewers", "--pseudonymize", "--pseudonymize-key", "abc"]);
    assert_eq!(code, 0);
    assert!(err.contains("warning: --pseudonymize-key has 3 characters"), "{err}");
    let (_, _, err) =
        run(root, &["interviewers", "--pseudonymize", "--pseudonymize-key", "a-long-enough-key-1234"]);
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn a_wide_files_unmapped_date_column_is_named_as_dates_not_read_as_a_question() {
    let sc = Scratch::new();
    sc.file("wide.csv", "candidate_id,interviewer_id,Date,Q1,Q2\nc1,i1,2024-01-01,3,4\nc2,i1,,2,3\n");
    sc.file("wide.toml", "layout = \"wide\"\n");
    let (code, _, err) = run(sc.path(), &["check", "--scorecards", "wide.csv", "--config", "wide.toml"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("column 'Date' holds dates (such as '2024-01-01'), not scores")
            && err.contains("[scorecards] interview_date = \"Date\"")
            && err.contains("question_columns = [\"Q1\", \"Q2\"]"),
        "{err}"
    );
    // Mapped as the interview date, it is one.
    sc.file("wide.toml", "layout = \"wide\"\n[scorecards]\ninterview_date = \"Date\"\n");
    let (code, out, err) = run(sc.path(), &["check", "--scorecards", "wide.csv", "--config", "wide.toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("with a date              1") && !out.contains("unparsable_score"), "{out}");
    // With the question columns listed, the file's own choice stands.
    sc.file("wide.toml", "layout = \"wide\"\n[scorecards]\nquestion_columns = [\"Q1\", \"Q2\"]\n");
    let (code, _, err) = run(sc.path(), &["check", "--scorecards", "wide.csv", "--config", "wide.toml"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn with_a_date_format_set_check_says_the_values_do_not_match_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args = [
        "check",
        "--scorecards",
        &s(&data("scorecards.csv")),
        "--outcomes",
        &s(&data("outcomes.csv")),
        "--config",
        &s(&data("hirecal.toml")),
    ];
    let (code, out, err) = run(root, &args);
    assert_eq!(code, 0, "{err}");
    let line = out
        .lines()
        .find(|l| l.contains("scorecards have an interview date"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.contains(
            "5 rows hold a date that does not match the [dates] format \"%m/%d/%Y\" set in the config"
        ) && line.contains("such as 'TBD'"),
        "{line}"
    );
    assert!(!line.contains("set the format in the config"), "the config sets it already: {line}");
}
