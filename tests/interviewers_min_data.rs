//! Every number next to an interviewer's name rests on enough data (docs/interviewer-flags.md, "Minimum
//! data"): on the Lever fixture (three interviewers, two scorecards each) drift, panel agreement, decision
//! agreement, spread ratio and halo index are null with a note saying why, instead of a drift of −30
//! points a year or an agreement of r = 1 from two candidates; with `--min-scorecards 2` the same numbers
//! come back, so it is the minimum that withholds them.

mod common;

use serde_json::Value;

fn lever(extra: &[&str]) -> Vec<Value> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = vec![
        "interviewers",
        "--source",
        "lever",
        "--scorecards",
        "tests/data/ats/lever_feedback.json",
        "--outcomes",
        "tests/data/ats/lever_ashby_outcomes.csv",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let (code, out, err) = common::run(root, &args);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    v["interviewers"].as_array().expect("interviewers").clone()
}

const WITHHELD: [&str; 7] = [
    "spread_ratio",
    "halo_index",
    "drift_per_year",
    "drift_ci",
    "panel_agreement_r",
    "decision_agreement",
    "decision_kappa",
];

#[test]
fn statistics_from_two_scorecards_are_null_with_a_note() {
    let rows = lever(&[]);
    assert_eq!(rows.len(), 3);
    for r in &rows {
        let id = r["interviewer_id"].as_str().unwrap();
        assert_eq!(r["n_scorecards"], 2, "{id}");
        for field in WITHHELD {
            assert!(r.get(field).is_some(), "{id}: {field} must stay in the JSON (null is fine)");
            assert!(r[field].is_null(), "{id}: {field} = {} from 2 scorecards", r[field]);
        }
        assert!(r["flag_tests"]["drifting"]["p"].is_null(), "{id}: no drift test");
        let notes: Vec<&str> =
            r["notes"].as_array().expect("notes").iter().filter_map(|n| n.as_str()).collect();
        let note =
            notes.iter().find(|n| n.contains("too little data")).unwrap_or_else(|| panic!("{id}: {notes:?}"));
        assert!(note.contains("min_scorecards = 10") && note.contains("panel_agreement_r"), "{note}");
        assert!(r["flags"].as_array().unwrap().iter().any(|f| f == "insufficient_data"));
        // Leniency keeps its estimate and interval: the interval carries the uncertainty.
        assert!(r["leniency"].is_number() && r["leniency_ci"].is_array(), "{id}");
    }
}

#[test]
fn the_minimum_is_what_withholds_them() {
    let rows = lever(&["--min-scorecards", "2"]);
    let u1 = rows.iter().find(|r| r["interviewer_id"] == "u-1").expect("u-1");
    for field in ["drift_per_year", "panel_agreement_r", "decision_kappa", "spread_ratio", "halo_index"] {
        assert!(!u1[field].is_null(), "u-1: {field} with min 2");
    }
    assert!(u1.get("notes").is_none() || !u1["notes"].to_string().contains("too little data"));
}
