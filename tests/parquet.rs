#![cfg(feature = "parquet")]
//! Parquet inputs read through the same validation as CSV: same counts, same row-problem handling.

mod common;
use common::*;
use polars::prelude::*;

fn write_parquet(path: &std::path::Path, df: &mut DataFrame) {
    let mut f = std::fs::File::create(path).unwrap();
    ParquetWriter::new(&mut f).finish(df).unwrap();
}

#[test]
fn parquet_scorecards_and_outcomes_match_csv() {
    let s = Scratch::new();
    let mut sc = df!(
        "candidate_id" => &["c1", "c1", "c2", "c2", "c3", "c3"],
        "interviewer_id" => &["i1", "i2", "i1", "i2", "i1", "i2"],
        "question_id" => &["q1", "q1", "q1", "q1", "q1", "q1"],
        "score" => &[Some(3i64), Some(4), Some(2), None, Some(5), Some(9)],
    )
    .unwrap();
    let mut oc = df!(
        "candidate_id" => &["c1", "c2", "c3"],
        "hired" => &[true, false, true],
        "perf" => &[Some(3.5f64), None, Some(4.0)],
    )
    .unwrap();
    let scp = s.path().join("s.parquet");
    let ocp = s.path().join("o.parquet");
    write_parquet(&scp, &mut sc);
    write_parquet(&ocp, &mut oc);
    let cfg = s.file("c.toml", "[scale]\nmin = 1\nmax = 5\n");
    let args = [
        "check",
        "--scorecards",
        &scp.display().to_string(),
        "--outcomes",
        &ocp.display().to_string(),
        "--config",
        &cfg.display().to_string(),
    ];
    let (code, out, err) = run(s.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ratings used               4"), "{out}");
    assert!(out.contains("missing_score"), "a null score is missing, not zero: {out}");
    assert!(
        out.contains("score_out_of_range") && out.contains("s.parquet:7"),
        "row 6 is record line 7: {out}"
    );
    assert!(out.contains("hires                                   2"), "{out}");
    assert!(out.contains("perf                     numeric  known for 2 hires"), "{out}");
    let mut strict = args.to_vec();
    strict.push("--strict");
    let (code, _, err) = run(s.path(), &strict);
    assert_eq!(code, 1);
    assert!(err.contains("s.parquet:7: column 'score': value '9'"), "{err}");
}

#[test]
fn a_broken_parquet_file_is_a_clear_error() {
    let s = Scratch::new();
    let p = s.file("bad.parquet", b"PAR1 this is not really parquet");
    let (code, _, err) = run(s.path(), &["check", "--scorecards", &p.display().to_string()]);
    assert_eq!(code, 1);
    assert!(err.contains("bad.parquet: cannot read as Parquet"), "{err}");
}

/// Warehouse exports type their columns: a DECIMAL score or a DATE interview date is named with its
/// type and how to export it (no crash, exit 1); a typed column the analysis does not use is left out
/// and the rest of the file is read. Fixtures: tests/reference/parquet_types.py.
#[test]
fn typed_parquet_columns_are_named_or_left_out() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/parquet_types");
    let f = |name: &str| data.join(name).display().to_string();
    let outcomes = f("outcomes_hire_date.parquet");
    let check =
        |scorecards: &str| run(&data, &["check", "--scorecards", scorecards, "--outcomes", &outcomes]);
    let (code, _, err) = check(&f("scores_decimal.parquet"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("scores_decimal.parquet: column 'score' is stored as a decimal (10, 2)")
            && err.contains("CAST(score AS DOUBLE)"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let (code, _, err) = check(&f("dates_typed.parquet"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("column 'interview_date' is stored as a date") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
    // An unused DATE column in each file (exported_at, hire_date): read without it.
    let (code, out, err) = check(&f("unused_date.parquet"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("score cells read           6"), "{out}");
    assert!(out.contains("hires                                   2"), "{out}");
    assert!(!out.contains("  hire_date "), "a date column is not an outcome: {out}");
    assert!(out.contains("  perf    "), "{out}");
}
