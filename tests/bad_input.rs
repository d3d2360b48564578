//! One test per bad-input case of issue #2: fatal problems exit 1 naming the file (and line and
//! column where they have one); row problems are counted with exit 0, and exit 1 under `--strict`
//! with a message naming file, line, column and value.

mod common;
use common::*;

/// Runs `check` on the given scorecards (and optional outcomes) and returns (code, stdout, stderr).
fn check(sc: &str, outcomes: Option<&str>, extra: &[&str]) -> (i32, String, String, Scratch) {
    let s = Scratch::new();
    let scp = s.file("scorecards.csv", sc);
    let mut args = vec!["check".to_string(), "--scorecards".into(), scp.display().to_string()];
    if let Some(o) = outcomes {
        let op = s.file("outcomes.csv", o);
        args.push("--outcomes".into());
        args.push(op.display().to_string());
    }
    args.extend(extra.iter().map(|x| x.to_string()));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let (c, o, e) = run(s.path(), &argv);
    (c, o, e, s)
}

/// Asserts the row problem `reason` is counted (exit 0) and fails under --strict with `needle`s.
fn row_problem(sc: &str, outcomes: Option<&str>, reason: &str, needles: &[&str]) {
    let (code, out, err, _s) = check(sc, outcomes, &[]);
    assert_eq!(code, 0, "lenient run should succeed: {err}");
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with(reason))
        .unwrap_or_else(|| panic!("{reason} not counted:\n{out}"));
    assert!(line.contains(" 1  first at"), "count 1 expected: {line}");
    let (code, _out, err, _s) = check(sc, outcomes, &["--strict"]);
    assert_eq!(code, 1, "strict run should fail");
    for n in needles {
        assert!(err.contains(n), "strict message lacks {n:?}:\n{err}");
    }
}

#[test]
fn missing_file_is_fatal() {
    let s = Scratch::new();
    let (code, _, err) = run(s.path(), &["check", "--scorecards", "nope.csv"]);
    assert_eq!(code, 1);
    assert!(err.contains("nope.csv") && err.contains("cannot read"), "{err}");
    assert_eq!(err.matches("os error").count(), 1, "the OS error once: {err}");
}

#[test]
fn directory_is_fatal() {
    let s = Scratch::new();
    std::fs::create_dir(s.path().join("d")).unwrap();
    let (code, _, err) = run(s.path(), &["check", "--scorecards", "d"]);
    assert_eq!(code, 1);
    assert!(err.contains("d: is a directory"), "{err}");
    // The example names a file that is there, scorecards first.
    std::fs::write(s.path().join("d/groups.csv"), "x\n").unwrap();
    std::fs::write(s.path().join("d/my_scorecards.csv"), "x\n").unwrap();
    let (_, _, err) = run(s.path(), &["check", "--scorecards", "d"]);
    assert!(
        err.contains(&format!("e.g. {}", std::path::Path::new("d").join("my_scorecards.csv").display())),
        "{err}"
    );
    assert!(err.contains("--source"), "{err}");
}

/// `--min-cell 0` is refused the same way by every command (it suppressed nothing in `report` and was
/// clamped to 1 by the adverse-impact step); a negative `--bootstrap` is named as negative.
#[test]
fn min_cell_zero_and_negative_bootstrap_are_refused_with_reasons() {
    let s = Scratch::new();
    let groups = s.file("g.csv", "candidate_id,gender\nc1,woman\n");
    let g = groups.display().to_string();
    for cmd in ["report", "check", "fairness"] {
        let (code, _, err) = run(s.path(), &[cmd, "--min-cell", "0", "--groups", &g]);
        assert_eq!(code, 2, "{cmd}: {err}");
        assert!(
            err.contains("0 would suppress nothing") && err.contains("use 1 to show every group"),
            "{cmd}: {err}"
        );
    }
    let (code, _, err) = run(s.path(), &["report", "--bootstrap", "-5"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("'-5' is negative"), "{err}");
}

/// Excel's "CSV" is Windows-1252, not UTF-8: such rows are read in that encoding and kept (they were
/// skipped: an accented interviewer lost every rating), and counted so the user can re-export.
#[test]
fn rows_in_windows_1252_are_read_and_counted() {
    let s = Scratch::new();
    let mut bytes = b"candidate_id,interviewer_id,question_id,score\n".to_vec();
    for (c, score) in [("c1", "3"), ("c2", "2"), ("c3", "4")] {
        bytes.extend_from_slice(format!("{c},Jos").as_bytes());
        bytes.push(0xE9); // é
        bytes.extend_from_slice(format!(",q1,{score}\n{c},Ren").as_bytes());
        bytes.push(0xE9);
        bytes.extend_from_slice(b"e \x96 lead,q1,");
        bytes.extend_from_slice(score.as_bytes());
        bytes.push(b'\n');
    }
    let sc = s.file("latin.csv", bytes);
    let p = sc.display().to_string();
    let (code, out, err) = run(s.path(), &["check", "--scorecards", &p]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ratings used               6"), "every row kept: {out}");
    assert!(
        out.contains("invalid_text                         6") && out.contains("read as Windows-1252"),
        "{out}"
    );
    let (code, csv, err) = run(s.path(), &["interviewers", "--scorecards", &p, "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(csv.contains("\nJosé,") && csv.contains("\nRenée – lead,"), "{csv}");
    let (code, _, _) = run(s.path(), &["check", "--scorecards", &p, "--strict"]);
    assert_eq!(code, 1, "--strict still fails on it");
}

/// European exports write decimal commas (`3,5` in a `;` file): the message says so and how to export,
/// rather than suggesting to map each number as a text label.
#[test]
fn a_decimal_comma_is_named_as_such() {
    let sc = GOOD_SCORECARDS.replace(',', ";") + "c9;i1;q1;3,5;2025-01-12;yes\n";
    let o = GOOD_OUTCOMES.replace(',', ";").replacen("3.5", "3,5", 1);
    let (code, _, err, _s) = check(&sc, Some(&o), &["--strict"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("column 'score': '3,5' looks like a number with a decimal comma"), "{err}");
    assert!(
        err.contains("'3,5' looks like a number with a decimal comma; hirecal reads a decimal point (3.5)"),
        "{err}"
    );
    assert_eq!(err.matches("decimal comma").count(), 2, "the score and the outcome: {err}");
    assert!(!err.contains("text label"), "{err}");
}

/// A JSON export passed as a CSV table: the message says so and names --source.
#[test]
fn a_json_export_without_source_is_named_as_json() {
    let (code, _, err, _s) = check("[{\"id\": 1, \"candidate_id\": 2}]\n", None, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("scorecards.csv: this looks like a JSON export") && err.contains("--source greenhouse"),
        "{err}"
    );
}

#[test]
fn empty_file_is_fatal() {
    let (code, _, err, _s) = check("", None, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("scorecards.csv: the file is empty"), "{err}");
}

#[test]
fn header_without_rows_is_fatal() {
    let (code, _, err, _s) = check("candidate_id,interviewer_id,question_id,score\n", None, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("scorecards.csv: has a header but no data rows"), "{err}");
}

#[test]
fn missing_column_lists_found_columns_and_config_key() {
    let (code, _, err, _s) = check("candidate,interviewer_id,question_id,score\nc1,i1,q1,3\n", None, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("scorecards.csv:1: missing required column 'candidate_id'"), "{err}");
    assert!(err.contains("'candidate', 'interviewer_id', 'question_id', 'score'"), "{err}");
    assert!(err.contains("[scorecards] candidate_id"), "{err}");
}

#[test]
fn binary_content_is_fatal() {
    let (code, _, err, _s) = check("candidate_id,interviewer_id\n\0\x01\x02garbage", None, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("scorecards.csv:2: binary content"), "{err}");
}

#[test]
fn no_usable_rating_is_fatal_and_explains_why() {
    let sc = "candidate_id,interviewer_id,question_id,score\nc1,i1,q1,great\nc1,i1,q2,\n";
    let (code, _, err, _s) = check(sc, None, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("no usable rating"), "{err}");
    assert!(err.contains("unparsable_score") && err.contains("missing_score"), "{err}");
}

#[test]
fn unparsable_score_is_counted() {
    let sc = format!("{GOOD_SCORECARDS}c3,i3,q1,excellent,2025-01-12,yes\n");
    row_problem(
        &sc,
        None,
        "unparsable_score",
        &["scorecards.csv:14:", "column 'score'", "'excellent'", "expected a number"],
    );
}

#[test]
fn score_outside_configured_scale_is_counted() {
    let sc = format!("{GOOD_SCORECARDS}c3,i3,q1,7,2025-01-12,yes\n");
    let s = Scratch::new();
    let cfg = s.file("cfg.toml", "[scale]\nmin = 1\nmax = 5\n");
    let cfgs = cfg.display().to_string();
    // Without a configured range the scale is inferred (1–7 here) and nothing is out of range.
    let (_, out, _, _s1) = check(&sc, None, &[]);
    assert!(!out.contains("score_out_of_range") && out.contains("numeric 1–7"), "{out}");
    let (_, out, _, _s2) = check(&sc, None, &["--config", &cfgs]);
    assert!(out.contains("score_out_of_range"), "{out}");
    let (code, _, err, _s3) = check(&sc, None, &["--config", &cfgs, "--strict"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("scorecards.csv:14:") && err.contains("column 'score'") && err.contains("'7'"),
        "{err}"
    );
    assert!(err.contains("from 1 to 5"), "{err}");
}

/// A typo far beyond the other scores (44 among 1–5) sets an inferred scale's range: `check` warns
/// with the value and what to do; with the range configured the rating is skipped and the warning goes.
#[test]
fn a_score_far_beyond_the_others_is_a_warning_on_an_inferred_scale() {
    let mut sc = String::from(GOOD_SCORECARDS);
    for k in 0..40 {
        sc.push_str(&format!("c{},i{},q1,{},2025-01-12,yes\n", 10 + k, k % 3, 1 + k % 5));
    }
    let typo = format!("{sc}c99,i1,q1,44,2025-01-12,yes\n");
    let (code, out, err, _s) = check(&typo, None, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("numeric 1–44"), "{out}");
    assert!(
        out.contains("warning: 1 of ")
            && out.contains("ratings (44) lies far outside the other scores (1 to 5)"),
        "{out}"
    );
    assert!(out.contains("set [scale] min and max"), "{out}");
    let (_, out, _, _s) = check(&sc, None, &[]);
    assert!(!out.contains("far outside"), "no typo, no warning: {out}");
    let s = Scratch::new();
    let cfg = s.file("cfg.toml", "[scale]\nmin = 1\nmax = 5\n");
    let (_, out, _, _s) = check(&typo, None, &["--config", &cfg.display().to_string()]);
    assert!(out.contains("score_out_of_range") && !out.contains("far outside"), "{out}");
}

/// A stray quote that is never closed swallows every later line into one value: the run stops at the
/// row where it opened and says how many lines it ran over (counted as one ragged row, the rows after
/// it were lost without a trace).
#[test]
fn an_unclosed_quote_stops_the_run_at_its_line() {
    let mut lines: Vec<String> = GOOD_SCORECARDS.lines().map(str::to_string).collect();
    let total = lines.len() as u64;
    lines[3] = lines[3].replacen(",q", ",\"q", 1);
    let sc = lines.join("\n") + "\n";
    let (code, _, err, _s) = check(&sc, None, &[]);
    assert_eq!(code, 1, "{err}");
    let more = total - 4;
    assert!(
        err.contains(&format!("scorecards.csv:4: a quoted value that starts in this row runs on for {more} more lines (to line {total})")),
        "{err}"
    );
    assert!(err.contains("a quote is probably not closed"), "{err}");
    // A quoted value with a line break in a row of the right width is a value, not an error.
    let mut ok: Vec<String> = GOOD_SCORECARDS.lines().map(|l| format!("{l},")).collect();
    ok[0].push_str("notes");
    ok[3].push_str("\"asked for\nmore detail\"");
    let (code, out, err, _s) = check(&(ok.join("\n") + "\n"), None, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("nothing skipped"), "{out}");
}

/// Rows of one scorecard with different dates: the date is unknown (drift must not pick one by row
/// order) and the conflict is counted.
#[test]
fn conflicting_dates_on_one_scorecard_are_counted() {
    let sc = "scorecard_id,candidate_id,interviewer_id,question_id,score,interview_date\n\
              s1,c1,i1,q1,3,2025-01-10\n\
              s1,c1,i1,q2,4,1900-01-01\n\
              s2,c2,i1,q1,2,2025-01-11\n\
              s2,c2,i1,q2,2,2025-01-11\n\
              s3,c1,i2,q1,4,2025-01-10\n\
              s4,c2,i2,q1,3,2025-01-11\n";
    row_problem(
        sc,
        None,
        "conflicting_date",
        &["scorecards.csv:3:", "dated 2025-01-10 on an earlier row and 1900-01-01 here"],
    );
    let (_, out, _, _s) = check(sc, None, &[]);
    assert!(
        out.contains("with a date              3"),
        "s1's date is unknown, the other three keep theirs: {out}"
    );
}

#[test]
fn empty_id_is_counted() {
    let sc = format!("{GOOD_SCORECARDS},i3,q1,3,2025-01-12,yes\n");
    row_problem(&sc, None, "empty_id", &["scorecards.csv:14:", "column 'candidate_id'", "empty id"]);
}

#[test]
fn duplicate_rating_is_counted() {
    let sc = format!("{GOOD_SCORECARDS}c3,i2,q2,4,2025-01-12,no\n");
    row_problem(&sc, None, "duplicate_rating", &["scorecards.csv:14:", "question 'q2'", "first at line 13"]);
}

#[test]
fn two_recommendations_on_one_scorecard_are_counted() {
    let sc = format!("{GOOD_SCORECARDS}c3,i2,q3,2,2025-01-12,strong_yes\n");
    row_problem(&sc, None, "conflicting_recommendation", &["scorecards.csv:14:", "'no'", "'strong_yes'"]);
}

#[test]
fn unparsable_date_is_counted() {
    let sc = format!("{GOOD_SCORECARDS}c4,i2,q1,2,14/03/2025,no\n");
    row_problem(
        &sc,
        None,
        "unparsable_date",
        &["scorecards.csv:14:", "column 'interview_date'", "'14/03/2025'", "ISO 8601"],
    );
}

#[test]
fn ragged_row_is_counted() {
    let sc = format!("{GOOD_SCORECARDS}c4,i2,q1,2,2025-01-12,no,extra\n");
    row_problem(&sc, None, "ragged_row", &["scorecards.csv:14:", "7 fields", "header has 6"]);
}

#[test]
fn unparsable_outcome_value_is_counted() {
    let o = GOOD_OUTCOMES.replace("c2,true,4.2,yes", "c2,true,great,yes");
    row_problem(
        GOOD_SCORECARDS,
        Some(&o),
        "unparsable_outcome",
        &["outcomes.csv:3:", "column 'perf_rating_12m'", "'great'"],
    );
}

#[test]
fn unparsable_hired_is_counted() {
    let o = GOOD_OUTCOMES.replace("c3,false", "c3,maybe");
    row_problem(
        GOOD_SCORECARDS,
        Some(&o),
        "unparsable_hired",
        &["outcomes.csv:4:", "column 'hired'", "'maybe'", "true/false"],
    );
}

/// A repeated outcomes row that agrees fills the first row's gaps, and `check` says merged (it said
/// "second copy ignored" beside a message saying the values were merged).
#[test]
fn agreeing_duplicate_outcome_rows_are_merged_and_say_so() {
    let o = GOOD_OUTCOMES.replacen("c1,true,3.5,yes", "c1,true,,yes", 1) + "c1,true,3.5,\n";
    let (code, out, err, _s) = check(GOOD_SCORECARDS, Some(&o), &["--strict"]);
    assert_eq!(code, 0, "informational: {err}");
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("duplicate_outcome_row"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains("merged with the first") && !line.contains("ignored"), "{line}");
    assert!(out.contains("values merged"), "{out}");
}

#[test]
fn conflicting_duplicate_outcome_rows_are_counted() {
    let o = format!("{GOOD_OUTCOMES}c2,true,2.0,yes\n");
    row_problem(
        GOOD_SCORECARDS,
        Some(&o),
        "conflicting_outcome",
        &["outcomes.csv:5:", "disagrees with", "outcomes.csv:3"],
    );
}

#[test]
fn outcomes_for_unknown_candidates_are_reported_not_errors() {
    let o = format!("{GOOD_OUTCOMES}c99,true,3.0,yes\n");
    let (code, out, _, _s) = check(GOOD_SCORECARDS, Some(&o), &["--strict"]);
    assert_eq!(code, 0);
    assert!(out.contains("outcome_without_scorecards") && out.contains("outcomes.csv:5"), "{out}");
}

/// An outcomes file none of whose candidates has a scorecard (ids with a prefix, another id system)
/// would leave every question "insufficient data" without a word: it stops the run naming the first
/// row and its id.
#[test]
fn outcomes_that_match_no_candidate_are_an_error() {
    let mut o: Vec<String> = GOOD_OUTCOMES.lines().map(str::to_string).collect();
    for l in o.iter_mut().skip(1) {
        l.insert(0, 'X');
    }
    let (code, _, err, _s) = check(GOOD_SCORECARDS, Some(&(o.join("\n") + "\n")), &[]);
    assert_eq!(code, 1, "{err}");
    let rows = o.len() - 1;
    assert!(
        err.contains(&format!(
            "outcomes.csv:2: none of the {rows} outcome rows names a candidate of the scorecards"
        )) && err.contains("'Xc1'")
            && err.contains("same candidate ids"),
        "{err}"
    );
}

#[test]
fn missing_scores_are_missing_not_zero() {
    let sc = format!("{GOOD_SCORECARDS}c4,i2,q1,no_decision,2025-01-12,no\nc4,i2,q2,1,2025-01-12,no\n");
    let (code, out, _, _s) = check(&sc, None, &["--strict"]);
    assert_eq!(code, 0, "missing scores are not problems");
    assert!(out.contains("missing_score"), "{out}");
    assert!(out.contains("ratings used              13"), "{out}");
    // The scale stays 1..5: 'no_decision' did not become 0.
    assert!(out.contains("numeric 1–5"), "{out}");
}

#[test]
fn good_data_summarises_counts_and_graphs() {
    let (code, out, err, _s) = check(GOOD_SCORECARDS, Some(GOOD_OUTCOMES), &["--strict"]);
    assert_eq!(code, 0, "{err}");
    for needle in [
        "ratings used              12",
        "candidates                 3",
        "interviewers               2",
        "scorecards                 6",
        "hires                                   2",
        "perf_rating_12m          numeric  known for 2 hires",
        "retained_12m             binary   known for 2 hires",
        "nothing skipped",
        "candidate–interviewer components: 1",
        "peer groups (linked by shared questions): 1",
    ] {
        assert!(out.contains(needle), "missing {needle:?}:\n{out}");
    }
}

#[test]
fn wide_layout_through_config() {
    let s = Scratch::new();
    let sc = s.file("wide.csv", "candidate_id,interviewer_id,Q1,Q2\nc1,i1,3,4\nc2,i1,strong,2\nc3,i2,,1\n");
    let cfg = s.file("c.toml", "layout = \"wide\"\n");
    let (code, out, err) = run(
        s.path(),
        &["check", "--scorecards", &sc.display().to_string(), "--config", &cfg.display().to_string()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ratings used               4"), "{out}");
    assert!(out.contains("questions                  2"), "{out}");
    assert!(out.contains("unparsable_score") && out.contains("wide.csv:3"), "{out}");
}

#[test]
fn labelled_scale_is_inferred_and_mapped() {
    let s = Scratch::new();
    let sc = s.file(
        "s.csv",
        "candidate_id,interviewer_id,question_id,score\nc1,i1,q1,strong_yes\nc1,i1,q2,no\nc2,i1,q1,definitely_not\n",
    );
    let (code, out, err) = run(s.path(), &["check", "--scorecards", &sc.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("greenhouse 1–5"), "{out}");
    assert!(out.contains("ratings used               3"), "{out}");
}

#[test]
fn bad_config_names_file_line_and_key() {
    let s = Scratch::new();
    let sc = s.file("s.csv", GOOD_SCORECARDS);
    let cfg = s.file("c.toml", "[scorecards]\ncandidate = \"x\"\n");
    let (code, _, err) = run(
        s.path(),
        &["check", "--scorecards", &sc.display().to_string(), "--config", &cfg.display().to_string()],
    );
    assert_eq!(code, 1);
    assert!(err.contains("c.toml:2:") && err.contains("candidate"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let s = Scratch::new();
    let (code, _, _) = run(s.path(), &["check", "--no-such-flag"]);
    assert_eq!(code, 2);
    let sc = s.file("s.csv", GOOD_SCORECARDS);
    let (code, _, err) =
        run(s.path(), &["check", "--scorecards", &sc.display().to_string(), "--source", "lever"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn every_command_has_help_with_examples() {
    let s = Scratch::new();
    for cmd in ["check", "simulate", "questions", "interviewers", "panel", "report"] {
        let (code, out, _) = run(s.path(), &[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd} --help");
        assert!(out.contains("Examples:") && out.contains(&format!("hirecal {cmd}")), "{cmd} --help:\n{out}");
    }
}

#[test]
fn oversized_inputs_give_clear_errors_not_floods() {
    // A header of a million columns: the missing-column message names a few and counts the rest.
    let mut header = String::from("candidate_id");
    for k in 0..1_000_000 {
        header.push_str(&format!(",c{k}"));
    }
    let (code, _, err, _s) = check(&format!("{header}\nx\n"), None, &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("missing required column 'interviewer_id'") && err.contains("999981 more"),
        "{}",
        &err[..err.len().min(500)]
    );
    assert!(err.len() < 5_000, "message stays short: {} bytes", err.len());
    // A field over 1 MiB (an unclosed quote swallowing the file): a clear error naming the line.
    let big = format!("{GOOD_SCORECARDS}c9,i1,q1,\"{}\n", "x".repeat(1_100_000));
    let (code, _, err, _s) = check(&big, None, &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("scorecards.csv:14:") && err.contains("longer than 1 MiB"),
        "{}",
        &err[..err.len().min(500)]
    );
}

#[test]
fn a_line_over_16_mib_is_an_error_even_when_every_field_is_small() {
    // Twenty fields of 900 KB each: no field breaks the 1 MiB limit, the line breaks 16 MiB.
    let field = "y".repeat(900_000);
    let long = vec![field; 20].join(",");
    let text = format!("{GOOD_SCORECARDS}{long}\nc9,i1,q1,3\n");
    let (code, _, err, _s) = check(&text, None, &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("scorecards.csv:14:") && err.contains("longer than 16 MiB"),
        "{}",
        &err[..err.len().min(500)]
    );
    assert!(err.len() < 2_000, "message stays short: {} bytes", err.len());
}

#[test]
fn an_unclosed_quote_in_a_huge_file_stops_after_16_mib() {
    // 8 GiB of file (sparse: no disk used) behind an unclosed quote. Reading it whole would take minutes
    // and gigabytes; hirecal stops once the open record passes 16 MiB.
    let s = Scratch::new();
    let p = s.file("scorecards.csv", format!("{GOOD_SCORECARDS}c9,i1,q1,\"{}", "z".repeat(9000)));
    let f = std::fs::OpenOptions::new().write(true).open(&p).unwrap();
    f.set_len(8 << 30).unwrap();
    drop(f);
    let started = std::time::Instant::now();
    let (code, _, err) = run(s.path(), &["check", "--scorecards", p.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("scorecards.csv:14:") && err.contains("longer than 16 MiB"), "{err}");
    // Generous: the bounded read takes well under a second; reading 8 GiB would not finish in this.
    assert!(started.elapsed().as_secs() < 60, "took {:?}", started.elapsed());
}

/// Scorecards of 30 candidates × 2 interviewers × 2 questions with whole scores 1–4, but for the
/// scores given as (row index, value).
fn whole_scores_but(odd: &[(usize, &str)]) -> String {
    let mut s = String::from("candidate_id,interviewer_id,question_id,score\n");
    for k in 0..120 {
        let v = odd.iter().find(|o| o.0 == k).map_or(format!("{}", 1 + k * 7 % 4), |o| o.1.to_string());
        s.push_str(&format!("c{},i{},q{},{v}\n", k / 4, k / 2 % 2, k % 2));
    }
    s
}

#[test]
fn a_score_between_whole_numbers_is_told_where_the_scale_has_whole_steps() {
    // Numeric, no config: the one 4.5 among whole numbers is counted with file, line, column, value.
    let (code, out, err, _s) = check(&whole_scores_but(&[(3, "4.5"), (50, "2.5")]), None, &[]);
    assert_eq!(code, 0, "{err}");
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("non_integer_score"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains(" 2  first at") && line.contains("scorecards.csv:5"), "{line}");
    assert!(
        out.contains("column 'score': value '4.5' lies between two whole numbers, and the file's other 118 scores are whole numbers")
            && out.contains("the range 1–4.5 was inferred"),
        "{out}"
    );
    // Half points throughout: a half-point scale, nothing to tell.
    let halves: Vec<(usize, &str)> = (0..120).step_by(3).map(|k| (k, "2.5")).collect();
    let (_, out, _, _s) = check(&whole_scores_but(&halves), None, &[]);
    assert!(!out.contains("non_integer_score"), "{out}");
    // four_point: a 2.5 is told even where many are; a 4.5 is outside, with advice that works for it.
    let s = Scratch::new();
    let cfg = s.file("c.toml", "[scale]\nkind = \"four_point\"\n");
    let (_, out, _, _s) = check(&whole_scores_but(&halves), None, &["--config", &cfg.display().to_string()]);
    assert!(
        out.contains("the four_point scale has whole-number steps") && out.contains("kind = \"numeric\""),
        "{out}"
    );
    let (_, out, _, _s) =
        check(&whole_scores_but(&[(3, "4.5")]), None, &["--config", &cfg.display().to_string()]);
    assert!(out.contains("score_out_of_range"), "{out}");
    assert!(
        out.contains(
            "the four_point scale is fixed at 1–4, so to accept other numbers set [scale] kind = \"numeric\""
        ) && !out.contains("widen [scale] min/max"),
        "{out}"
    );
}

#[test]
fn an_excel_workbook_is_named_as_one_with_how_to_save_it_as_csv() {
    // The start of an .xlsx (a zip archive whose first entry is [Content_Types].xml), also under a
    // .csv name; an old .xls (an OLE compound file); and a zip of something else.
    let mut xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00\x21\x00\x62\xee\x9d\x68".to_vec();
    xlsx.extend_from_slice(
        b"\x5e\x01\x00\x00\x90\x04\x00\x00\x13\x00\x08\x02[Content_Types].xml \xa2\x04\x02(\xa0\x00\x02",
    );
    let xls = [0xd0u8, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0];
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend_from_slice(b"\x00\x00\x00\x00notes/a.txt\x00\x00");
    let s = Scratch::new();
    for (name, bytes, want) in [
        ("scorecards.xlsx", &xlsx[..], "this is an Excel workbook"),
        ("scorecards.csv", &xlsx[..], "this is an Excel workbook"),
        ("scorecards.xls", &xls[..], "this is an Excel workbook"),
        ("scorecards.zip", &zip[..], "this is a zip archive"),
    ] {
        s.file(name, bytes);
        let (code, _, err) = run(s.path(), &["check", "--scorecards", name]);
        assert_eq!(code, 1, "{name}");
        assert!(err.contains(name) && err.contains(want) && !err.contains("Parquet"), "{name}: {err}");
        if want.contains("Excel") {
            assert!(err.contains("save it as CSV UTF-8 (File › Save As"), "{err}");
        }
    }
}
