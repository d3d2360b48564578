//! Contract fixes of the architecture issue: interval labels follow `[analysis] confidence`; commands
//! accept only the flags they use; provenance records the effective configuration and `--source`.

mod common;

use common::{run, Scratch};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("JSON: {e}\n{text}"))
}

#[test]
fn interval_labels_follow_the_configured_confidence() {
    let t = Scratch::new();
    let cfg = t.file("c.toml", "[analysis]\nconfidence = 0.9\n");
    let cfg = cfg.display().to_string();
    let (code, out, err) = run(&root(), &["questions", "--config", &cfg, "--bootstrap", "50"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("90% CI"), "{out}");
    assert!(!out.contains("95%"), "{out}");
    let (code, out, err) = run(&root(), &["interviewers", "--config", &cfg]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("leniency [90% CI]"), "{out}");
    // The JSON says which level its intervals are at.
    for (cmd, pointer) in [
        ("questions", "/confidence"),
        ("interviewers", "/interviewers_meta/confidence"),
        ("panel", "/panel/confidence"),
    ] {
        let (code, out, err) = run(&root(), &[cmd, "--config", &cfg, "--format", "json"]);
        assert_eq!(code, 0, "{cmd}: {err}");
        assert_eq!(json(&out).pointer(pointer).and_then(|v| v.as_f64()), Some(0.9), "{cmd}");
    }
    // The report's words, tables and charts.
    let out_dir = t.path().join("rep");
    let (code, _, err) = run(
        &root(),
        &[
            "report",
            "--config",
            &cfg,
            "--bootstrap",
            "50",
            "--charts",
            "png",
            "--out",
            &out_dir.display().to_string(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(out_dir.join("report.html")).expect("report.html");
    assert!(html.contains("90% CI"), "the report's tables name the 90% interval");
    assert!(html.contains("90% intervals"), "the report's captions name the 90% interval");
    assert!(
        !html.contains("95% CI") && !html.contains("95% interval"),
        "no 95% label is left in report.html"
    );
    let summary = json(&std::fs::read_to_string(out_dir.join("summary.json")).expect("summary"));
    assert_eq!(summary.pointer("/provenance/config/analysis/confidence").and_then(|v| v.as_f64()), Some(0.9));
}

#[test]
fn commands_refuse_flags_they_would_ignore() {
    for args in [
        &["interviewers", "--bootstrap", "10"][..],
        &["interviewers", "--selection", "none"],
        &["interviewers", "--min-n", "5"],
        &["panel", "--bootstrap", "10"],
        &["panel", "--min-scorecards", "5"],
        &["panel", "--precision", "full"],
    ] {
        let (code, _, err) = run(&root(), args);
        assert_eq!(code, 2, "{args:?} must be a usage error: {err}");
        assert!(err.contains("unexpected argument"), "{args:?}: {err}");
    }
    // What they use is still accepted.
    let (code, _, err) =
        run(&root(), &["interviewers", "--format", "csv", "--precision", "full", "--min-scorecards", "5"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn provenance_records_the_source_and_the_effective_configuration() {
    let t = Scratch::new();
    let data = root().join("tests/data/ats");
    let out_dir = t.path().join("rep");
    let (code, _, err) = run(
        t.path(),
        &[
            "report",
            "--source",
            "lever",
            "--scorecards",
            &data.join("lever_feedback.json").display().to_string(),
            "--outcomes",
            &data.join("lever_ashby_outcomes.csv").display().to_string(),
            "--bootstrap",
            "20",
            "--charts",
            "none",
            "--out",
            &out_dir.display().to_string(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let summary = json(&std::fs::read_to_string(out_dir.join("summary.json")).expect("summary"));
    let p = summary.pointer("/provenance").expect("provenance");
    assert_eq!(p["source"], "lever");
    // --source lever reads a 1–4 numeric scale: the effective configuration says so (the config as
    // given had no scale at all).
    assert_eq!(p.pointer("/config/scale/kind").and_then(|v| v.as_str()), Some("numeric"), "{p}");
    assert_eq!(p.pointer("/config/scale/min").and_then(|v| v.as_f64()), Some(1.0), "{p}");
    assert_eq!(p.pointer("/config/scale/max").and_then(|v| v.as_f64()), Some(4.0), "{p}");
    // The canonical sample: source canonical.
    let out2 = t.path().join("rep2");
    let (code, _, err) = run(
        &root(),
        &["report", "--bootstrap", "20", "--charts", "none", "--out", &out2.display().to_string()],
    );
    assert_eq!(code, 0, "{err}");
    let summary = json(&std::fs::read_to_string(out2.join("summary.json")).expect("summary"));
    assert_eq!(summary.pointer("/provenance/source").and_then(|v| v.as_str()), Some("canonical"));
}

/// interviewers.csv carries each interviewer's notes (why a statistic is empty), the same as
/// summary.json's `interviewers[].notes`, and its header is the JSON's field names.
#[test]
fn interviewers_csv_carries_the_notes_of_summary_json() {
    let sc = root().join("tests/data/fairness_scorecards.csv").display().to_string();
    let (code, csv_text, err) = run(&root(), &["interviewers", "--scorecards", &sc, "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let (code, js, err) = run(&root(), &["interviewers", "--scorecards", &sc, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let js = json(&js);
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header.last().map(String::as_str), Some("notes"));
    let at = header.iter().position(|h| h == "notes").unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let ivs = js["interviewers"].as_array().unwrap();
    assert_eq!(rows.len(), ivs.len());
    let mut with_notes = 0;
    for (row, iv) in rows.iter().zip(ivs) {
        let notes: Vec<&str> = iv
            .get("notes")
            .and_then(|n| n.as_array())
            .map_or(vec![], |a| a.iter().filter_map(|v| v.as_str()).collect());
        with_notes += usize::from(!notes.is_empty());
        assert_eq!(&row[at], notes.join("; "), "{}", &row[0]);
    }
    // These scorecards have no dates: every rated interviewer says why drift is empty.
    assert!(with_notes > 0 && rows.iter().all(|r| r[at].contains("drift")), "{csv_text}");
}
