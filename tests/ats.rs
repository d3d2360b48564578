//! ATS exports (`--source greenhouse|lever|ashby`): fixtures in tests/data/ats/ in the documented shapes
//! give the same Dataset as canonical CSVs written with the same facts; the report runs on them; bad
//! records are counted by record number and id (fatal under --strict); malformed JSON is a clear error.

mod common;

use common::{run, Scratch};
use hirecal::config::Config;
use hirecal::dataset::Dataset;
use hirecal::ingest::ats::AtsSource;
use hirecal::ingest::{load, Inputs};
use std::path::PathBuf;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/ats").join(name)
}

fn cfg(source: AtsSource) -> Config {
    Config { source, ..Config::default() }
}

fn load_ds(scorecards: &str, outcomes: &[&str], cfg: &Config) -> Dataset {
    let inputs = Inputs {
        scorecards: data(scorecards),
        outcomes: outcomes.iter().map(|o| data(o)).collect(),
        questions: None,
    };
    load(&inputs, cfg, false).unwrap_or_else(|e| panic!("{scorecards} loads: {e}")).0
}

/// Everything a Dataset says, by names, order-free.
#[derive(Debug, PartialEq)]
struct Facts {
    counts: [usize; 5],
    ratings: Vec<(String, String, String, String)>,
    scorecards: Vec<(String, String, Option<i32>, String)>,
    hired: Vec<(String, Option<bool>)>,
    outcomes: Vec<(String, String, Option<String>)>,
    dropped: Vec<(String, u64)>,
}

fn facts(ds: &Dataset) -> Facts {
    let r = &ds.ratings;
    let mut ratings: Vec<_> = (0..r.len())
        .map(|k| {
            (
                ds.candidates.name(r.candidate[k]).to_string(),
                ds.interviewers.name(r.interviewer[k]).to_string(),
                ds.questions.name(r.question[k]).to_string(),
                format!("{}", r.score[k]),
            )
        })
        .collect();
    ratings.sort();
    let s = &ds.scorecards;
    let mut scorecards: Vec<_> = (0..s.len())
        .map(|k| {
            (
                ds.candidates.name(s.candidate[k]).to_string(),
                ds.interviewers.name(s.interviewer[k]).to_string(),
                s.date[k],
                format!("{:?}", s.recommendation[k]),
            )
        })
        .collect();
    scorecards.sort();
    let mut hired: Vec<_> =
        ds.hired.iter().enumerate().map(|(c, h)| (ds.candidates.name(c as u32).to_string(), *h)).collect();
    hired.sort();
    let mut outcomes: Vec<_> = ds
        .outcomes
        .iter()
        .flat_map(|o| {
            o.values.iter().enumerate().map(move |(c, v)| {
                (o.name.clone(), ds.candidates.name(c as u32).to_string(), v.map(|v| v.to_string()))
            })
        })
        .collect();
    outcomes.sort();
    let mut dropped: Vec<_> = ds.dropped.iter().map(|d| (d.reason.name().to_string(), d.count)).collect();
    dropped.sort();
    Facts {
        counts: [
            ds.ratings.len(),
            ds.scorecards.len(),
            ds.candidates.len(),
            ds.interviewers.len(),
            ds.questions.len(),
        ],
        ratings,
        scorecards,
        hired,
        outcomes,
        dropped,
    }
}

#[test]
fn greenhouse_dataset_equals_the_canonical_one() {
    let gh = load_ds(
        "greenhouse_scorecards.json",
        &["greenhouse_applications.json", "performance.csv"],
        &cfg(AtsSource::Greenhouse),
    );
    let canon =
        load_ds("greenhouse_canonical.csv", &["greenhouse_outcomes_canonical.csv"], &Config::default());
    let (g, c) = (facts(&gh), facts(&canon));
    // The applications file also lists candidate 105, who has no scorecard: informational only.
    let mut g_dropped = g.dropped.clone();
    g_dropped.retain(|d| d.0 != "outcome_without_scorecards");
    assert_eq!(g_dropped, c.dropped);
    assert_eq!(Facts { dropped: c.dropped.clone(), ..g }, c);
    assert_eq!(c.counts, [22, 8, 4, 3, 3]);
    // hired/converted → true, rejected → false, active → unknown.
    let h = facts(&gh).hired;
    assert_eq!(
        h,
        vec![
            ("101".into(), Some(true)),
            ("102".into(), Some(false)),
            ("103".into(), None),
            ("104".into(), Some(true))
        ]
    );
    // The interviewer is `interviewer.id` (scorecard 5002 was submitted by someone else, 7777).
    assert!(gh.interviewers.get("7777").is_none());
    // Attribute `type` is the competency when no questions file is given.
    let q = gh.questions.get("Owns production incidents").expect("question");
    assert_eq!(gh.competency(q), Some("Production Ownership"));
}

#[test]
fn lever_dataset_equals_the_canonical_one() {
    let lv = load_ds("lever_feedback.json", &["lever_ashby_outcomes.csv"], &cfg(AtsSource::Lever));
    let canon = load_ds("lever_ashby_canonical.csv", &["lever_ashby_outcomes.csv"], &Config::default());
    let c = facts(&canon);
    assert_eq!(facts(&lv), c);
    assert_eq!(c.counts, [17, 6, 3, 3, 3]);
}

#[test]
fn ashby_dataset_equals_the_canonical_one() {
    let ab = load_ds("ashby_feedback.json", &["lever_ashby_outcomes.csv"], &cfg(AtsSource::Ashby));
    let canon = load_ds("lever_ashby_canonical.csv", &["lever_ashby_outcomes.csv"], &Config::default());
    assert_eq!(facts(&ab), facts(&canon));
}

#[test]
fn names_only_with_show_names() {
    let plain = load_ds("greenhouse_scorecards.json", &[], &cfg(AtsSource::Greenhouse));
    assert!(plain.interviewers.names().all(|n| !n.contains("Ada")), "{:?}", plain.interviewers);
    let named = load_ds(
        "greenhouse_scorecards.json",
        &[],
        &Config { show_names: true, ..cfg(AtsSource::Greenhouse) },
    );
    assert!(named.interviewers.get("Ada Byron (9001)").is_some(), "{:?}", named.interviewers);
    let ab = load_ds("ashby_feedback.json", &[], &Config { show_names: true, ..cfg(AtsSource::Ashby) });
    assert!(ab.interviewers.get("Grace Hopper (u-2)").is_some(), "{:?}", ab.interviewers);
}

#[test]
fn report_runs_on_every_source() {
    let s = Scratch::new();
    for (source, sc, outcomes) in [
        ("greenhouse", "greenhouse_scorecards.json", vec!["greenhouse_applications.json", "performance.csv"]),
        ("lever", "lever_feedback.json", vec!["lever_ashby_outcomes.csv"]),
        ("ashby", "ashby_feedback.json", vec!["lever_ashby_outcomes.csv"]),
    ] {
        let out = s.path().join(source);
        let sc = data(sc);
        let mut args = vec!["report", "--source", source, "--scorecards", sc.to_str().unwrap()];
        let outs: Vec<PathBuf> = outcomes.iter().map(|o| data(o)).collect();
        for o in &outs {
            args.extend(["--outcomes", o.to_str().unwrap()]);
        }
        args.extend(["--outcome", "perf_rating_12m", "--out", out.to_str().unwrap(), "--bootstrap", "100"]);
        if source != "greenhouse" {
            args.extend(["--charts", "none"]);
        }
        let (code, stdout, stderr) = run(s.path(), &args);
        assert_eq!(code, 0, "{source}: {stdout}\n{stderr}");
        let summary = std::fs::read_to_string(out.join("summary.json")).expect("summary.json");
        assert!(summary.contains("perf_rating_12m"), "{source}");
        // Names are personal data: not in the output without --show-names.
        assert!(!summary.contains("Ada") && !summary.contains("Hopper"), "{source}: names leaked");
    }
}

#[test]
fn ats_source_needs_a_scorecards_file() {
    let s = Scratch::new();
    let (code, _, stderr) = run(s.path(), &["check", "--source", "lever"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--scorecards"), "{stderr}");
}

const BAD_GREENHOUSE: &str = r#"[
  {"id": 6001, "candidate_id": 1, "interviewer": {"id": 11, "name": "A B"}, "interviewed_at": "2025-03-01T10:00:00Z",
   "overall_recommendation": "yes", "attributes": [{"name": "q1", "type": "T", "rating": "yes"}, {"name": "q2", "rating": "maybe"}, {"name": "q3", "rating": "borderline"}]},
  "not a scorecard",
  {"id": 6003, "candidate_id": 2, "interviewer": {"id": 12}, "attributes": {"name": "q1"}},
  {"id": 6004, "candidate_id": 2, "interviewer": null, "attributes": [{"name": "q1", "rating": "no"}]},
  {"id": 6005, "candidate_id": 2, "interviewer": {"id": 12}, "overall_recommendation": "no",
   "attributes": [{"name": "q1", "rating": "mixed"}, {"name": "q2", "rating": "strong_yes"}]}
]"#;

#[test]
fn bad_records_are_counted_by_record_and_id_and_fail_under_strict() {
    let s = Scratch::new();
    let p = s.file("bad.json", BAD_GREENHOUSE);
    let p = p.to_str().unwrap();
    let (code, stdout, stderr) = run(s.path(), &["check", "--source", "greenhouse", "--scorecards", p]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    for want in [
        "malformed_record                     2",
        "bad.json record 2: expected a scorecard object",
        "bad.json record 4 (id 6004): column 'interviewer_id': empty id",
    ] {
        assert!(stdout.contains(want), "missing {want:?} in:\n{stdout}");
    }
    // The unknown label is named with the scale it failed and the config key that maps it.
    assert!(stdout.contains("'maybe'") && stdout.contains("[scale]"), "{stdout}");
    assert!(stdout.contains("Labels seen that the scale does not know: 'maybe', 'borderline'"), "{stdout}");
    let (code, _, stderr) =
        run(s.path(), &["check", "--source", "greenhouse", "--scorecards", p, "--strict"]);
    assert_eq!(code, 1, "{stderr}");
    for want in [
        "bad.json record 3 (id 6003): `attributes` is an object",
        "record 1 (id 6001): column 'score': value 'maybe'",
    ] {
        assert!(stderr.contains(want), "missing {want:?} in:\n{stderr}");
    }
}

#[test]
fn malformed_json_names_file_line_and_column() {
    let s = Scratch::new();
    let p = s.file("cut.json", "[\n  {\"id\": 1,\n   \"candidate_id\": 2,,\n");
    let (code, _, stderr) =
        run(s.path(), &["check", "--source", "greenhouse", "--scorecards", p.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("cut.json:3:"), "{stderr}");
    assert!(stderr.contains("invalid JSON"), "{stderr}");
    // A JSON outcomes file under an ATS source is parsed the same way.
    let apps = s.file("apps.json", "[{\"candidate_id\": 1, \"status\": }]");
    let sc = data("greenhouse_scorecards.json");
    let (code, _, stderr) = run(
        s.path(),
        &[
            "check",
            "--source",
            "greenhouse",
            "--scorecards",
            sc.to_str().unwrap(),
            "--outcomes",
            apps.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("apps.json:1:"), "{stderr}");
}

#[test]
fn absurdly_deep_json_is_an_error_not_a_crash() {
    let s = Scratch::new();
    let p = s.file("deep.json", "[".repeat(200_000));
    for source in ["greenhouse", "lever", "ashby"] {
        let (code, _, stderr) =
            run(s.path(), &["check", "--source", source, "--scorecards", p.to_str().unwrap()]);
        assert_eq!(code, 1, "{source}: {stderr}");
        assert!(stderr.contains("recursion limit"), "{source}: {stderr}");
    }
}

#[test]
fn wrong_top_level_shape_is_a_clear_error() {
    let s = Scratch::new();
    let p = s.file("obj.json", "{\"hello\": 1}");
    let (code, _, stderr) =
        run(s.path(), &["check", "--source", "greenhouse", "--scorecards", p.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("expected a JSON array of Greenhouse scorecard objects"), "{stderr}");
}

#[test]
fn a_csv_under_an_ats_source_is_a_usage_error() {
    let s = Scratch::new();
    let sc = data("greenhouse_canonical.csv");
    let (code, _, stderr) =
        run(s.path(), &["check", "--source", "greenhouse", "--scorecards", sc.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--source canonical"), "{stderr}");
}
