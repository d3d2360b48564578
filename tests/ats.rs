//! ATS exports (`--source greenhouse|lever|ashby`): fixtures in tests/data/ats/ in the documented shapes
//! give the same Dataset as canonical CSVs written with the same facts; the report runs on them; bad
//! records are counted by record number and id (fatal under --strict); malformed JSON is a clear error.

mod common;

use common::{run, Scratch};
use hirecal::config::AtsSource;
use hirecal::config::Config;
use hirecal::dataset::Dataset;
use hirecal::ingest::{load, Inputs, LoadOptions};
use std::path::{Path, PathBuf};

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
    load(&inputs, cfg, &LoadOptions::default()).unwrap_or_else(|e| panic!("{scorecards} loads: {e}")).0
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

/// `hirecal check --source greenhouse` on a scorecards and an outcomes file: (exit code, stderr).
fn check_greenhouse(s: &Scratch, scorecards: &Path, outcomes: &Path) -> (i32, String) {
    let (code, _, stderr) = run(
        s.path(),
        &[
            "check",
            "--source",
            "greenhouse",
            "--scorecards",
            scorecards.to_str().unwrap(),
            "--outcomes",
            outcomes.to_str().unwrap(),
        ],
    );
    (code, stderr)
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
    // Informational only, and only the ATS files can say them: candidate 105 in the applications has
    // no scorecard; candidate 104 has two applications (a converted prospect one, then the hired one);
    // scorecard 5002 was submitted by another user than its interviewer.
    let mut g_dropped = g.dropped.clone();
    let ats_only = ["duplicate_outcome_row", "outcome_without_scorecards", "submitted_by_other"];
    g_dropped.retain(|d| !ats_only.contains(&d.0.as_str()));
    assert_eq!(g_dropped, c.dropped);
    let extra: Vec<_> = g.dropped.iter().filter(|d| ats_only.contains(&d.0.as_str())).cloned().collect();
    assert_eq!(
        extra,
        vec![
            ("duplicate_outcome_row".into(), 1),
            ("outcome_without_scorecards".into(), 1),
            ("submitted_by_other".into(), 1)
        ]
    );
    assert_eq!(Facts { dropped: c.dropped.clone(), ..g }, c);
    assert_eq!(c.counts, [22, 8, 4, 3, 3]);
    // hired → true, rejected → false, active → unknown; converted (a prospect application turned into
    // a candidate one) decides nothing: 104's decision comes from its other application, hired.
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
fn greenhouse_applications_status_converted_decides_nothing() {
    let s = Scratch::new();
    let apps = s.file(
        "apps.json",
        r#"[{"id": 1, "candidate_id": 101, "status": "converted"},
            {"id": 2, "candidate_id": 102, "status": "hired"},
            {"id": 3, "candidate_id": 103, "status": "REJECTED"},
            {"id": 4, "candidate_id": 104, "hired": true}]"#,
    );
    let inputs =
        Inputs { scorecards: data("greenhouse_scorecards.json"), outcomes: vec![apps], questions: None };
    let ds =
        load(&inputs, &cfg(AtsSource::Greenhouse), &LoadOptions::strict()).expect("loads under --strict").0;
    assert_eq!(
        facts(&ds).hired,
        vec![
            ("101".into(), None),
            ("102".into(), Some(true)),
            ("103".into(), Some(false)),
            ("104".into(), Some(true))
        ]
    );
}

const BAD_APPLICATIONS: &str = r#"[
  {"id": 301, "candidate_id": 101, "status": "hired"},
  "not an application",
  {"id": 303, "status": "rejected"},
  {"id": 304, "candidate_id": 102, "status": "pending"},
  {"id": 305, "candidate_id": 103, "hired": "maybe"},
  {"id": 306, "candidate_id": 999, "status": "rejected"},
  {"id": 307, "candidate_id": 101, "status": "rejected"},
  {"id": 308, "candidate_id": 104}
]"#;

#[test]
fn bad_application_records_are_named_by_record_application_id_and_candidate_id() {
    let s = Scratch::new();
    let apps = s.file("apps.json", BAD_APPLICATIONS);
    let sc = data("greenhouse_scorecards.json");
    let args = [
        "check",
        "--source",
        "greenhouse",
        "--scorecards",
        sc.to_str().unwrap(),
        "--outcomes",
        apps.to_str().unwrap(),
    ];
    let (code, stdout, stderr) = run(s.path(), &args);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    for want in [
        "apps.json record 2: expected an application object (candidate_id, status), found a string; the record is skipped",
        "apps.json record 3 (id 303): `candidate_id` is null, expected the candidate's id",
        "apps.json record 4 (id 304, candidate_id 102): `status` is 'pending', expected hired, rejected, active, in_process or converted",
        // Recorded by the outcomes reader, relabelled with the record's ids as well.
        "apps.json record 6 (id 306, candidate_id 999): this candidate has no scorecard",
        "apps.json record 7 (id 307, candidate_id 101): a second outcomes row for this candidate disagrees",
    ] {
        assert!(stdout.contains(want), "missing {want:?} in:\n{stdout}");
    }
    // Record 8 has neither `hired` nor `status`: counted with 4 and 5, not passed over as undecided.
    assert!(stdout.contains("unparsable_hired                     3"), "{stdout}");
    let alone = s.file(
        "alone.json",
        r#"[{"id": 308, "candidate_id": 104}, {"id": 1, "candidate_id": 101, "status": "hired"}]"#,
    );
    let (_, out, _) = run(s.path(), &[&args[..5], &["--outcomes", alone.to_str().unwrap()][..]].concat());
    assert!(
        out.contains("alone.json record 1 (id 308, candidate_id 104): the application has neither `hired` nor `status`"),
        "{out}"
    );
    // No message cites a bare `apps.json:N:` position as if it were a text line.
    assert!(!stdout.contains("apps.json:2:") && !stdout.contains("apps.json:4:"), "{stdout}");
    let (code, _, stderr) = run(s.path(), &[&args[..], &["--strict"][..]].concat());
    assert_eq!(code, 1, "{stderr}");
    for want in [
        "apps.json record 2: expected an application object",
        "apps.json record 4 (id 304, candidate_id 102)",
    ] {
        assert!(stderr.contains(want), "missing {want:?} in:\n{stderr}");
    }
    // The decisions that could be read are kept; the bad ones are unknown.
    let inputs = Inputs { scorecards: sc, outcomes: vec![apps], questions: None };
    let ds = load(&inputs, &cfg(AtsSource::Greenhouse), &LoadOptions::default()).expect("loads").0;
    assert_eq!(
        facts(&ds).hired,
        vec![("101".into(), Some(true)), ("102".into(), None), ("103".into(), None), ("104".into(), None)]
    );
}

#[test]
fn an_applications_file_with_no_usable_record_is_an_error_naming_the_records() {
    let s = Scratch::new();
    let apps = s.file("apps.json", r#"[{"id": 1, "status": "hired"}, 7]"#);
    let sc = data("greenhouse_scorecards.json");
    let (code, stderr) = check_greenhouse(&s, &sc, &apps);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("no usable application record among 2"), "{stderr}");
    assert!(stderr.contains("apps.json record 1 (id 1): `candidate_id` is null"), "{stderr}");
    assert!(stderr.contains("apps.json record 2: expected an application object"), "{stderr}");
}

#[test]
fn submitted_by_another_user_is_reported_and_scored_under_the_interviewer() {
    let s = Scratch::new();
    let sc = data("greenhouse_scorecards.json");
    let sc = sc.to_str().unwrap();
    let (code, stdout, stderr) =
        run(s.path(), &["check", "--source", "greenhouse", "--scorecards", sc, "--strict"]);
    // Informational: --strict does not fail on it.
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    for want in [
        "submitted_by_other                   1",
        "(kept; scored under the interviewer)",
        "greenhouse_scorecards.json record 2 (id 5002): `submitted_by` is user 7777, not the interviewer 9002; the ratings are kept and scored under the interviewer",
    ] {
        assert!(stdout.contains(want), "missing {want:?} in:\n{stdout}");
    }
    assert!(!stdout.contains("Rita") && !stdout.contains("Grace"), "names without --show-names:\n{stdout}");
    let (_, named, _) =
        run(s.path(), &["check", "--source", "greenhouse", "--scorecards", sc, "--show-names"]);
    assert!(
        named.contains("is user Rita Recruiter (7777), not the interviewer Grace Hopper (9002)"),
        "{named}"
    );
    // The ratings of scorecard 5002 belong to its interviewer.
    let ds = load_ds("greenhouse_scorecards.json", &[], &cfg(AtsSource::Greenhouse));
    let i = ds.interviewers.get("9002").expect("interviewer 9002");
    let sc5002: Vec<f64> = (0..ds.ratings.len())
        .filter(|&k| ds.ratings.interviewer[k] == i && ds.candidates.name(ds.ratings.candidate[k]) == "101")
        .map(|k| ds.ratings.score[k])
        .collect();
    assert_eq!(sc5002, vec![4.0, 5.0]);
    // And summary.json counts it among the inputs.
    let out = s.path().join("out");
    let (code, stdout, stderr) = run(
        s.path(),
        &[
            "report",
            "--source",
            "greenhouse",
            "--scorecards",
            sc,
            "--out",
            out.to_str().unwrap(),
            "--charts",
            "none",
            "--bootstrap",
            "20",
        ],
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let dropped = summary["inputs"]["dropped"].as_array().expect("inputs.dropped");
    let d = dropped.iter().find(|d| d["reason"] == "submitted_by_other").expect("submitted_by_other");
    assert_eq!(d["count"], 1);
    assert_eq!(d["action"], "kept; scored under the interviewer");
    assert_eq!(d["problem"], false);
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
    let (code, stderr) = check_greenhouse(&s, &sc, &apps);
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
fn a_json_export_over_512_mib_is_refused_before_it_is_read() {
    // A sparse 600 MiB file: refused from its size, never read into memory.
    let s = Scratch::new();
    let p = s.file("huge.json", "[");
    std::fs::OpenOptions::new().write(true).open(&p).unwrap().set_len(600 << 20).unwrap();
    let (code, _, stderr) =
        run(s.path(), &["check", "--source", "greenhouse", "--scorecards", p.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("huge.json: 600 MiB of JSON") && stderr.contains("at most 512 MiB"), "{stderr}");
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

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn load_path(scorecards: PathBuf, outcomes: Vec<PathBuf>, cfg: &Config) -> Dataset {
    let inputs = Inputs { scorecards, outcomes, questions: None };
    load(&inputs, cfg, &LoadOptions::default()).unwrap_or_else(|e| panic!("loads: {e}")).0
}

#[test]
fn greenhouse_report_csv_through_the_preset_equals_the_canonical_one() {
    let outcomes = vec![data("greenhouse_outcomes_canonical.csv")];
    let canon = facts(&load_path(data("greenhouse_canonical.csv"), outcomes.clone(), &Config::default()));
    assert_eq!(canon.counts, [22, 8, 4, 3, 3]);
    let shipped = Config::load(&repo("configs/greenhouse_scorecards_csv.toml")).expect("shipped config");
    let preset =
        Config::parse("preset = \"greenhouse_report\"\n", std::path::Path::new("mine.toml")).unwrap();
    for c in [&shipped, &preset] {
        let report = load_path(data("greenhouse_report.csv"), outcomes.clone(), c);
        assert_eq!(facts(&report), canon);
        assert_eq!(report.scale.as_ref().map(|s| s.describe()).as_deref(), Some("greenhouse 1–5"));
    }
    // The analysis too: the questions and interviewers tables are identical.
    let s = Scratch::new();
    let oc = outcomes[0].to_str().unwrap().to_string();
    let canon_csv = data("greenhouse_canonical.csv");
    let report_csv = data("greenhouse_report.csv");
    let cfg_path = repo("configs/greenhouse_scorecards_csv.toml");
    for cmd in ["questions", "interviewers", "panel"] {
        // Only `questions` resamples and takes --min-n; the others refuse flags they would ignore.
        let stats_flags: &[&str] =
            if cmd == "questions" { &["--bootstrap", "200", "--min-n", "1"] } else { &[] };
        let base = [&[cmd, "--outcomes", &oc, "--format", "json"][..], stats_flags].concat();
        let (c1, a, e1) =
            run(s.path(), &[&base[..], &["--scorecards", canon_csv.to_str().unwrap()][..]].concat());
        let (c2, b, e2) = run(
            s.path(),
            &[
                &base[..],
                &["--scorecards", report_csv.to_str().unwrap(), "--config", cfg_path.to_str().unwrap()][..],
            ]
            .concat(),
        );
        assert_eq!((c1, c2), (0, 0), "{cmd}: {e1}\n{e2}");
        assert!(a.len() > 20, "{cmd}: {a}");
        // The report's Interview column names the round, which the canonical file does not have: peer
        // groups are labelled by it ("Onsite: …"); every statistic is the same.
        let b = b.replace("\"Onsite: ", "\"");
        assert_eq!(a, b, "{cmd}");
    }
}

#[test]
fn a_greenhouse_report_csv_under_source_greenhouse_points_to_the_preset() {
    let s = Scratch::new();
    let sc = data("greenhouse_report.csv");
    let (code, _, stderr) =
        run(s.path(), &["check", "--source", "greenhouse", "--scorecards", sc.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("configs/greenhouse_scorecards_csv.toml"), "{stderr}");
    assert!(stderr.contains("preset = \"greenhouse_report\""), "{stderr}");
}

#[test]
fn the_preset_names_the_column_to_edit_when_the_header_differs() {
    let s = Scratch::new();
    let csv = s.file("report.csv", "Candidate ID,Interviewer,Attribute,Rating\n1,Ada,Q1,Yes\n");
    let cfg = s.file("mine.toml", "preset = \"greenhouse_report\"\n");
    let (code, _, stderr) =
        run(s.path(), &["check", "--scorecards", csv.to_str().unwrap(), "--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("Interviewer ID") && stderr.contains("[scorecards] interviewer_id"), "{stderr}");
    // Mapped to the name column, it reads.
    let cfg = s.file(
        "mine.toml",
        "preset = \"greenhouse_report\"\n[scorecards]\ninterviewer_id = \"Interviewer\"\n",
    );
    let (code, stdout, stderr) =
        run(s.path(), &["check", "--scorecards", csv.to_str().unwrap(), "--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("ratings used               1"), "{stdout}");
}

/// One Lever feedback object.
fn lever_fb(id: &str, opp: &str, user: &str, extra: &str, rating: &str, coding: &str) -> String {
    format!(
        r#"{{"id": "{id}", "opportunityId": "{opp}", "user": "{user}", "completedAt": 1738576800000{extra},
  "fields": [
    {{"type": "score-system", "text": "Rating", "value": {{"score": {rating}}}}},
    {{"type": "scorecard", "text": "Skills", "scores": [{{"text": "Coding"}}], "value": [{{"score": {coding}}}]}}
  ]}}"#
    )
}

#[test]
fn lever_deleted_feedback_is_skipped_and_counted() {
    let s = Scratch::new();
    let body = format!(
        "[{}, {}, {}]",
        lever_fb("fb-a", "opp-1", "u-1", "", "4", "3"),
        lever_fb("fb-b", "opp-1", "u-2", r#", "deletedAt": 1738600000000"#, "1", "1"),
        lever_fb("fb-c", "opp-2", "u-1", r#", "deletedAt": null"#, "2", "2"),
    );
    let p = s.file("feedback.json", body);
    let (code, stdout, stderr) =
        run(s.path(), &["check", "--source", "lever", "--scorecards", p.to_str().unwrap(), "--strict"]);
    assert_eq!(code, 0, "deleted feedback is informational: {stdout}\n{stderr}");
    for want in [
        "deleted_record                       1",
        "(record skipped)",
        "feedback.json record 2 (id fb-b): `deletedAt` is 1738600000000 (2025-02-03): the feedback was deleted in Lever; the record is skipped",
    ] {
        assert!(stdout.contains(want), "missing {want:?} in:\n{stdout}");
    }
    let ds = load_path(p, vec![], &cfg(AtsSource::Lever));
    let f = facts(&ds);
    // `deletedAt: null` is not deleted; fb-b's ratings are gone.
    assert_eq!(f.counts, [4, 2, 2, 1, 2]);
    assert!(ds.interviewers.get("u-2").is_none());
    assert_eq!(f.dropped, vec![("deleted_record".to_string(), 1)]);
}

#[test]
fn lever_score_strings_parse_to_their_leading_integer_and_other_labels_are_listed() {
    let s = Scratch::new();
    let body = format!(
        "[{}, {}, {}]",
        lever_fb("fb-a", "opp-1", "u-1", "", r#""4 - Strong Hire""#, r#""3""#),
        lever_fb("fb-b", "opp-2", "u-1", "", r#""2 - No Hire""#, "1"),
        lever_fb("fb-c", "opp-3", "u-2", "", r#""Strong Hire""#, r#""Lean Hire""#),
    );
    let p = s.file("feedback.json", body);
    let ds = load_path(p.clone(), vec![], &cfg(AtsSource::Lever));
    let f = facts(&ds);
    let r = |c: &str, q: &str, v: &str| (c.to_string(), "u-1".to_string(), q.to_string(), v.to_string());
    assert_eq!(
        f.ratings,
        vec![
            r("opp-1", "Coding", "3"),
            r("opp-1", "Rating", "4"),
            r("opp-2", "Coding", "1"),
            r("opp-2", "Rating", "2")
        ]
    );
    // The overall score is the recommendation too: 4 → strong_yes, 2 → no. fb-c rated nothing usable.
    let recs: Vec<_> = f.scorecards.iter().map(|s| s.3.clone()).collect();
    assert_eq!(recs, vec!["Some(StrongYes)", "Some(No)"]);
    assert_eq!(f.dropped, vec![("unparsable_score".to_string(), 2)]);
    let (code, stdout, _) =
        run(s.path(), &["check", "--source", "lever", "--scorecards", p.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    for want in [
        "feedback.json record 3 (id fb-c): column 'score': value 'Strong Hire' is not a score",
        "Labels seen that the scale does not know: 'Strong Hire', 'Lean Hire'",
        "Map them in the config: [scale] kind = \"custom\"",
    ] {
        assert!(stdout.contains(want), "missing {want:?} in:\n{stdout}");
    }
}

#[test]
fn lever_directory_of_files_equals_the_single_export() {
    let s = Scratch::new();
    let dir = s.path().join("lever");
    std::fs::create_dir(&dir).unwrap();
    let exports: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(data("lever_feedback.json")).unwrap()).unwrap();
    assert_eq!(exports.len(), 3);
    // Three shapes: an export {"data": [...]}, an array of feedback, one feedback object per file.
    // Written in reverse name order, so directory order cannot pass for file-name order.
    let opp3: Vec<serde_json::Value> = exports[2]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|fb| {
            let mut fb = fb.clone();
            fb["opportunityId"] = "opp-3".into();
            fb
        })
        .collect();
    std::fs::write(dir.join("c-opp-3b.json"), serde_json::to_string(&opp3[1]).unwrap()).unwrap();
    std::fs::write(dir.join("c-opp-3a.json"), serde_json::to_string(&opp3[0]).unwrap()).unwrap();
    std::fs::write(dir.join("b.json"), exports[1].to_string()).unwrap();
    std::fs::write(dir.join("a.json"), serde_json::Value::Array(vec![exports[0].clone()]).to_string())
        .unwrap();
    std::fs::write(dir.join("README.txt"), "not an export").unwrap();
    std::fs::write(dir.join(".hidden.json"), "not even JSON").unwrap();
    let outcomes = vec![data("lever_ashby_outcomes.csv")];
    let from_dir = facts(&load_path(dir.clone(), outcomes.clone(), &cfg(AtsSource::Lever)));
    let single = facts(&load_path(data("lever_feedback.json"), outcomes, &cfg(AtsSource::Lever)));
    assert_eq!(from_dir, single);
    assert_eq!(from_dir.counts, [17, 6, 3, 3, 3]);
}

#[test]
fn lever_directory_messages_name_the_file_and_its_record_in_file_name_order() {
    let s = Scratch::new();
    let dir = s.path().join("lever");
    std::fs::create_dir(&dir).unwrap();
    // Written b then a: a.json is read first because of its name, so the reused id is reported in b.json.
    std::fs::write(
        dir.join("b.json"),
        format!(
            r#"[{}, {{"id": "fb-null", "user": "u-9", "fields": null}}, {}]"#,
            lever_fb("fb-dup", "opp-2", "u-2", "", "3", "3"),
            lever_fb("fb-del", "opp-2", "u-3", r#", "deletedAt": 1738600000000"#, "3", "3")
        ),
    )
    .unwrap();
    std::fs::write(dir.join("a.json"), lever_fb("fb-dup", "opp-1", "u-1", "", "4", "\"Great\"")).unwrap();
    let d = dir.to_str().unwrap();
    let (code, stdout, stderr) = run(s.path(), &["check", "--source", "lever", "--scorecards", d]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    for want in [
        "a.json record 1 (id fb-dup): column 'score': value 'Great' is not a score",
        "b.json record 1 (id fb-dup): scorecard 'fb-dup' was first seen for candidate 'opp-1'",
        "b.json record 2 (id fb-null): `fields` is null, expected an array of form fields",
        "b.json record 3 (id fb-del): `deletedAt` is 1738600000000",
    ] {
        assert!(stdout.contains(want), "missing {want:?} in:\n{stdout}");
    }
    // A broken file stops the run and is named.
    std::fs::write(dir.join("c.json"), "[{\"id\": ").unwrap();
    let (code, _, stderr) = run(s.path(), &["check", "--source", "lever", "--scorecards", d]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("c.json:1:") && stderr.contains("invalid JSON"), "{stderr}");
    // A directory without exports is an error that says what is expected.
    let empty = s.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let (code, _, stderr) =
        run(s.path(), &["check", "--source", "lever", "--scorecards", empty.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("has no .json files"), "{stderr}");
}

/// An Ashby feedback whose recommendation is a labelled choice (ValueSelect).
fn ashby_fb(id: &str, app: &str, user: &str, coding: u8, rec: &str) -> String {
    format!(
        r#"{{"id": "{id}", "applicationId": "{app}", "submittedByUser": {{"id": "{user}", "firstName": "X", "lastName": "Y"}},
  "submittedAt": "2025-02-03T10:00:00.000Z",
  "formDefinition": {{"sections": [{{"fields": [
    {{"field": {{"path": "coding", "title": "Coding", "type": "Score"}}}},
    {{"field": {{"path": "overall_recommendation", "title": "Overall Recommendation", "type": "ValueSelect"}}}}
  ]}}]}},
  "submittedValues": {{"coding": {{"score": {coding}}}, "overall_recommendation": "{rec}"}}}}"#
    )
}

#[test]
fn ashby_recommendation_labels_map_through_the_config_and_unknown_ones_are_listed() {
    let s = Scratch::new();
    let body = format!(
        r#"{{"results": [{}, {}, {}, {}, {}]}}"#,
        ashby_fb("fb-1", "app-1", "u-1", 4, "Strong Yes"),
        ashby_fb("fb-2", "app-1", "u-2", 3, "Lean Hire"),
        ashby_fb("fb-3", "app-2", "u-1", 2, "Maybe"),
        ashby_fb("fb-4", "app-2", "u-2", 1, "No"),
        ashby_fb("fb-5", "app-3", "u-1", 3, "lean hire"),
    );
    let p = s.file("ashby.json", body);
    let recs = |ds: &Dataset| {
        let f = facts(ds);
        f.scorecards.iter().map(|s| (s.0.clone(), s.1.clone(), s.3.clone())).collect::<Vec<_>>()
    };
    let r = |c: &str, i: &str, v: &str| (c.to_string(), i.to_string(), v.to_string());
    // Without a mapping: the built-in labels are read, the others are unknown and listed once each.
    let plain = load_path(p.clone(), vec![], &cfg(AtsSource::Ashby));
    assert_eq!(
        recs(&plain),
        vec![
            r("app-1", "u-1", "Some(StrongYes)"),
            r("app-1", "u-2", "None"),
            r("app-2", "u-1", "None"),
            r("app-2", "u-2", "Some(No)"),
            r("app-3", "u-1", "None")
        ]
    );
    assert_eq!(facts(&plain).counts[0], 5, "ratings are kept");
    let (code, stdout, _) =
        run(s.path(), &["check", "--source", "ashby", "--scorecards", p.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    for want in [
        "unparsable_recommendation            3",
        "ashby.json record 2 (id fb-2): column 'recommendation': value 'Lean Hire' is not a recommendation",
        "Recommendation labels seen that hirecal does not know: 'Lean Hire', 'Maybe', 'lean hire'",
        "Map other labels in the config: [recommendations] labels = { \"Lean Hire\" = <1–4> }",
        "Built-in labels (any case, spaces or dashes for '_'): strong_no, definitely_not, strong_no_hire, no,",
    ] {
        assert!(stdout.contains(want), "missing {want:?} in:\n{stdout}");
    }
    // With the mapping (case, spaces and dashes ignored), every recommendation is known.
    let toml = "[ashby]\nrecommendation_labels = { \"Lean Hire\" = 3, Maybe = 2, \"No\" = 1 }\n";
    let mapped_cfg = Config {
        source: AtsSource::Ashby,
        ..Config::parse(toml, std::path::Path::new("ashby.toml")).unwrap()
    };
    let mapped = load_path(p.clone(), vec![], &mapped_cfg);
    assert_eq!(
        recs(&mapped),
        vec![
            r("app-1", "u-1", "Some(StrongYes)"),
            r("app-1", "u-2", "Some(Yes)"),
            r("app-2", "u-1", "Some(No)"),
            // The config overrides a built-in label: "No" = 1 is strong no here.
            r("app-2", "u-2", "Some(StrongNo)"),
            r("app-3", "u-1", "Some(Yes)")
        ]
    );
    assert!(facts(&mapped).dropped.is_empty(), "{:?}", facts(&mapped).dropped);
    let cfg_file = s.file("ashby.toml", toml);
    let (code, stdout, stderr) = run(
        s.path(),
        &[
            "check",
            "--source",
            "ashby",
            "--scorecards",
            p.to_str().unwrap(),
            "--config",
            cfg_file.to_str().unwrap(),
            "--strict",
        ],
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("with a recommendation    5"), "{stdout}");
}

proptest::proptest! {
    /// Any text as a Lever score: no panic; the result is the trimmed text or its leading digits.
    #[test]
    fn lever_score_text_is_total(raw in "\\PC{0,24}") {
        let out = hirecal::ingest::ats::lever::score_text(&raw);
        let t = raw.trim();
        proptest::prop_assert!(out == t || (t.starts_with(out.as_str()) && !out.is_empty() && out.bytes().all(|b| b.is_ascii_digit())));
    }

    /// Any scalars in an application record: no panic, every record is either a row or counted.
    #[test]
    fn applications_never_panic(
        cand in proptest::option::of("\\PC{0,8}"),
        status in "\\PC{0,10}",
        hired in proptest::option::of(proptest::prelude::any::<i8>()),
    ) {
        let rec = serde_json::json!([
            {"id": 1, "candidate_id": cand, "status": status},
            {"id": 2, "candidate_id": "c", "hired": hired},
            null,
        ]);
        let mut drops = hirecal::drops::DropLog::default();
        let path = std::path::Path::new("apps.json");
        if let Ok((rows, labels)) = hirecal::ingest::ats::applications(&rec, path, hirecal::config::AtsSource::Greenhouse, &mut drops) {
            let skipped = drops.count(hirecal::drops::Reason::MalformedRecord)
                + drops.count(hirecal::drops::Reason::EmptyId);
            proptest::prop_assert_eq!(rows.len() as u64 + skipped, 3);
            proptest::prop_assert_eq!(labels.label(2), "record 2 (id 2, candidate_id c)");
        }
    }
}

#[test]
fn a_json_exports_problems_are_placed_at_records_not_lines() {
    let dir = data("");
    let (code, out, err) = run(&dir, &["check", "--source", "lever", "--scorecards", "lever_feedback.json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("first at lever_feedback.json record 2"), "{out}");
    assert!(!out.contains("lever_feedback.json:"), "a record is not a line: {out}");
    // The report withholds the message, and still names the record.
    let s = Scratch::new();
    let o = s.path().join("r").display().to_string();
    let args = [
        "report",
        "--source",
        "lever",
        "--scorecards",
        "lever_feedback.json",
        "--outcomes",
        "lever_ashby_outcomes.csv",
        "--charts",
        "none",
        "--cards",
        "none",
        "--bootstrap",
        "20",
        "--out",
        &o,
    ];
    let (code, _, err) = run(&dir, &args);
    assert_eq!(code, 0, "{err}");
    let summary = std::fs::read_to_string(s.path().join("r/summary.json")).unwrap();
    assert!(summary.contains("lever_feedback.json record 2: (example withheld"), "{summary}");
}
