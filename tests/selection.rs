//! `--job`, `--since`, `--until`: what is analysed, what is counted as left out, and the messages for
//! bad values (each names the flag, the value and what was expected).

mod common;

use common::{run, Scratch};
use std::path::PathBuf;

/// sample_data's scorecards with a `job` column: odd candidates `Backend`, even ones `Data`.
fn two_jobs(t: &Scratch) -> (PathBuf, PathBuf) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let text = std::fs::read_to_string(root.join("scorecards.csv")).expect("sample scorecards");
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            out.push_str(&format!("{line},job\n"));
            continue;
        }
        let cand = line.split(',').nth(1).expect("candidate column");
        let n: u32 = cand[1..].parse().expect("candidate number");
        out.push_str(&format!("{line},{}\n", if n % 2 == 1 { "Backend" } else { "Data" }));
    }
    (t.file("scorecards.csv", out), root.join("outcomes.csv"))
}

fn s(p: &std::path::Path) -> String {
    p.display().to_string()
}

#[test]
fn job_and_dates_select_and_count_what_is_left_out() {
    let t = Scratch::new();
    let (sc, oc) = two_jobs(&t);
    let (code, out, err) = run(
        t.path(),
        &[
            "check",
            "--scorecards",
            &s(&sc),
            "--outcomes",
            &s(&oc),
            "--job",
            "Data",
            "--since",
            "2024-03-01",
            "--until",
            "2024-06-30",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("selection: job Data; interviews 2024-03-01 to 2024-06-30 — kept 1678 ratings of 691 scorecards, left out 17693 ratings"), "{out}");
    assert!(out.contains("other_job                         9688  in"), "{out}");
    assert!(out.contains("outside_dates                     8005  in"), "{out}");
    assert!(out.contains("jobs                       1: Data (691 scorecards, 173 candidates)"), "{out}");
    assert!(out.contains("candidates               173"), "{out}");
    assert!(!err.contains("no --job chosen"), "{err}");
    // Ratings kept + left out = all ratings.
    assert_eq!(1678 + 17693, 19371);
}

#[test]
fn both_jobs_chosen_keep_everything_and_several_jobs_unchosen_are_noted() {
    let t = Scratch::new();
    let (sc, oc) = two_jobs(&t);
    let (code, out, err) = run(t.path(), &["check", "--scorecards", &s(&sc), "--outcomes", &s(&oc)]);
    assert_eq!(code, 0, "{err}");
    let note = "2 jobs in the data and no --job chosen";
    assert_eq!(err.matches(note).count(), 1, "one stderr line:\n{err}");
    assert!(out.contains(note), "{out}");
    let (code, out, err) = run(
        t.path(),
        &["check", "--scorecards", &s(&sc), "--outcomes", &s(&oc), "--job", "Data", "--job", "Backend"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("kept 19371 ratings of 7970 scorecards, left out 0 ratings"), "{out}");
    assert!(!err.contains(note), "{err}");
    // The same rows as without a selection give the same statistics.
    let a = run(
        t.path(),
        &["panel", "--scorecards", &s(&sc), "--format", "json", "--job", "Data", "--job", "Backend"],
    );
    let b = run(t.path(), &["panel", "--scorecards", &s(&sc), "--format", "json"]);
    assert_eq!(a.0, 0, "{}", a.2);
    assert_eq!(a.1, b.1);
}

#[test]
fn every_analysing_command_takes_the_selection() {
    let t = Scratch::new();
    let (sc, oc) = two_jobs(&t);
    for cmd in [&["questions"][..], &["interviewers"], &["panel"], &["check"]] {
        let mut args: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
        args.extend(
            ["--scorecards", &s(&sc), "--outcomes", &s(&oc), "--job", "Backend", "--bootstrap", "20"]
                .map(String::from),
        );
        if cmd[0] != "questions" {
            args.retain(|a| a != "--bootstrap" && a != "20");
        }
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, err) = run(t.path(), &a);
        assert_eq!(code, 0, "{cmd:?}: {err}");
    }
    let out_dir = t.path().join("rep");
    let (code, _, err) = run(
        t.path(),
        &[
            "report",
            "--scorecards",
            &s(&sc),
            "--outcomes",
            &s(&oc),
            "--until",
            "2024-04-30",
            "--charts",
            "none",
            "--bootstrap",
            "20",
            "--out",
            &s(&out_dir),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let summary = std::fs::read_to_string(out_dir.join("summary.json")).expect("summary");
    assert!(summary.contains("\"outside_dates\""), "the report counts what the selection left out");
    // Both jobs remain: the report says so and carries the per-job values.
    assert!(
        summary.contains("\"jobs_note\": \"2 jobs: validity corrected for range restriction within each job"),
        "jobs_note"
    );
    assert!(summary.contains("\"per_job\""), "per_job");
    // The terminal table lists each job's corrected value under the table.
    let (code, out, err) =
        run(t.path(), &["questions", "--scorecards", &s(&sc), "--outcomes", &s(&oc), "--bootstrap", "20"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("combined by hires-weighted Fisher z"), "{out}");
    assert!(out.contains("corr r per job (n):"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.trim_start().starts_with("Q1 ") && l.contains("Backend ") && l.contains("Data ")),
        "{out}"
    );
    // One job chosen: no per-job note.
    let (code, out, _) = run(
        t.path(),
        &["questions", "--scorecards", &s(&sc), "--outcomes", &s(&oc), "--bootstrap", "20", "--job", "Data"],
    );
    assert_eq!(code, 0);
    assert!(!out.contains("per job"), "{out}");
}

#[test]
fn bad_selection_values_name_the_flag_the_value_and_what_was_expected() {
    let t = Scratch::new();
    let (sc, oc) = two_jobs(&t);
    let base = ["questions", "--scorecards", &s(&sc), "--outcomes", &s(&oc)];
    let with = |extra: &[&str]| {
        let mut a: Vec<&str> = base.to_vec();
        a.extend_from_slice(extra);
        run(t.path(), &a)
    };
    let (code, _, err) = with(&["--job", "Frontend"]);
    assert_eq!(code, 1);
    assert!(err.contains("--job 'Frontend': no such job; the jobs present are: Backend, Data"), "{err}");
    let (code, _, err) = with(&["--since", "2024-13-01"]);
    assert_eq!(code, 2);
    assert!(err.contains("--since '2024-13-01': not a date, expected YYYY-MM-DD"), "{err}");
    let (code, _, err) = with(&["--until", "last week"]);
    assert_eq!(code, 2);
    assert!(err.contains("--until 'last week': not a date, expected YYYY-MM-DD"), "{err}");
    let (code, _, err) = with(&["--since", "2024-06-01", "--until", "2024-05-01"]);
    assert_eq!(code, 2);
    assert!(err.contains("--since 2024-06-01 is after --until 2024-05-01"), "{err}");
    let (code, _, err) = with(&["--job", ""]);
    assert_eq!(code, 2);
    assert!(err.contains("--job '': empty, expected a job id or name"), "{err}");
    let (code, _, err) = with(&["--since", "2030-01-01"]);
    assert_eq!(code, 1);
    assert!(err.contains("the selection (interviews from 2030-01-01) keeps no rating"), "{err}");
    // sample_data names no jobs.
    let (code, _, err) =
        run(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), &["check", "--job", "Backend"]);
    assert_eq!(code, 1);
    assert!(err.contains("--job 'Backend': the scorecards name no jobs"), "{err}");
}

/// Greenhouse v3 with a `jobs` file: `--job` takes the job's name or its id.
#[test]
fn job_by_name_or_greenhouse_id() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/data/ats/greenhouse_v3_csv");
    for job in ["Senior Backend Engineer", "31"] {
        let (code, out, err) =
            run(&root, &["check", "--source", "greenhouse", "--scorecards", &s(&dir), "--job", job]);
        assert_eq!(code, 0, "{job}: {err}");
        assert!(out.contains(&format!("selection: job {job} — kept")), "{out}");
        assert!(out.contains("left out 0 ratings"), "{out}");
    }
    let (code, _, err) =
        run(&root, &["check", "--source", "greenhouse", "--scorecards", &s(&dir), "--job", "32"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--job '32': no such job; the jobs present are: Senior Backend Engineer (id 31)"),
        "{err}"
    );
}
