//! The job of Lever and Ashby scorecards (issue: several jobs in one export): Lever's `posting` on the
//! feedback, on its export, or in an applications file; Ashby's `job`/`jobId` on the feedback or in an
//! `application.list` file. `check` lists the jobs, `--job` takes a title or an id, and a candidate whose
//! applications name two jobs gets none (with a note).

mod common;

use common::{run, Scratch};
use hirecal::config::AtsSource;
use hirecal::config::Config;
use hirecal::dataset::Dataset;
use hirecal::ingest::{load, Inputs, LoadOptions};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/ats").join(name);
    serde_json::from_str(&std::fs::read_to_string(&p).expect("fixture")).expect("fixture JSON")
}

fn load_ds(source: AtsSource, scorecards: &Path, outcomes: &[&Path]) -> (Dataset, usize) {
    let inputs = Inputs {
        scorecards: scorecards.to_path_buf(),
        outcomes: outcomes.iter().map(|p| p.to_path_buf()).collect(),
        questions: None,
    };
    let cfg = Config { source, ..Config::default() };
    let (ds, notes) = load(&inputs, &cfg, &LoadOptions::default()).unwrap_or_else(|e| panic!("loads: {e}"));
    (ds, notes.ambiguous_jobs)
}

/// (candidate, job) of every scorecard, sorted; job "" when none.
fn jobs_by_candidate(ds: &Dataset) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = (0..ds.scorecards.len())
        .map(|k| {
            let c = ds.candidates.name(ds.scorecards.candidate[k]).to_string();
            let j = ds.scorecards.job.get(k).copied().flatten().map(|j| ds.jobs.name(j).to_string());
            (c, j.unwrap_or_default())
        })
        .collect();
    v.sort();
    v
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn lever_posting_on_the_feedback_or_its_export_is_the_job() {
    let t = Scratch::new();
    let mut exports = fixture("lever_feedback.json");
    let list = exports.as_array_mut().expect("array of exports");
    // opp-1: the export names the posting with its title; opp-2: each feedback names it by id;
    // opp-3: nothing.
    list[0]["posting"] = json!({"id": "post-7", "text": "Backend Engineer"});
    for fb in list[1]["data"].as_array_mut().expect("data") {
        fb["posting"] = json!("post-9");
    }
    let sc = t.file("feedback.json", exports.to_string());
    let (ds, ambiguous) = load_ds(AtsSource::Lever, &sc, &[]);
    assert_eq!(ambiguous, 0);
    assert_eq!(
        jobs_by_candidate(&ds),
        pairs(&[
            ("opp-1", "Backend Engineer"),
            ("opp-1", "Backend Engineer"),
            ("opp-2", "post-9"),
            ("opp-2", "post-9"),
            ("opp-3", ""),
            ("opp-3", "")
        ])
    );
    // `--job` takes the posting's id as well as its title; check lists the jobs with their counts.
    let dir = t.path().to_path_buf();
    let scorecards = sc.display().to_string();
    let (code, out, err) = run(&dir, &["check", "--source", "lever", "--scorecards", &scorecards]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Backend Engineer (2 scorecards, 1 candidates)"), "{out}");
    assert!(out.contains("post-9 (2 scorecards, 1 candidates)"), "{out}");
    for job in ["Backend Engineer", "post-7"] {
        let (code, out, err) =
            run(&dir, &["check", "--source", "lever", "--scorecards", &scorecards, "--job", job]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(&format!("selection: job {job} — kept")), "{out}");
        assert!(out.contains("jobs                       1: Backend Engineer (2 scorecards"), "{out}");
    }
}

#[test]
fn lever_applications_name_the_posting_of_each_opportunity() {
    let t = Scratch::new();
    let sc = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/ats/lever_feedback.json");
    let apps = t.file(
        "applications.json",
        json!({"data": [
            {"id": "app-1", "opportunityId": "opp-1", "posting": "post-7", "hired": true},
            {"id": "app-2", "opportunityId": "opp-2", "posting": {"id": "post-9", "text": "Data Engineer"}, "hired": false},
            {"id": "app-3", "opportunityId": "opp-3", "hired": true}
        ], "hasNext": false})
        .to_string(),
    );
    let (ds, ambiguous) = load_ds(AtsSource::Lever, &sc, &[&apps]);
    assert_eq!(ambiguous, 0);
    assert_eq!(
        jobs_by_candidate(&ds),
        pairs(&[
            ("opp-1", "post-7"),
            ("opp-1", "post-7"),
            ("opp-2", "Data Engineer"),
            ("opp-2", "Data Engineer"),
            ("opp-3", ""),
            ("opp-3", "")
        ])
    );
    assert!(ds.job_ids.contains(&("post-9".to_string(), "Data Engineer".to_string())));
    // The applications still give the hiring decisions.
    assert_eq!(ds.n_decided(), 3);
    assert_eq!(ds.n_hired(), 2);
}

#[test]
fn ashby_job_from_the_feedback_or_the_application_list() {
    let t = Scratch::new();
    let mut fb = fixture("ashby_feedback.json");
    // The first feedback of opp-1 names its job itself; the application list names the others'.
    let results = fb["results"].as_array_mut().expect("results");
    let first = results.iter().position(|r| r["applicationId"] == "opp-1").expect("opp-1 feedback");
    results[first]["jobId"] = json!("job-own");
    let sc = t.file("feedback.json", fb.to_string());
    let apps = t.file(
        "application_list.json",
        json!({"success": true, "results": [
            {"id": "opp-1", "status": "Hired", "job": {"id": "job-1", "title": "Backend Engineer"}},
            {"id": "opp-2", "status": "Archived", "jobId": "job-2"},
            {"id": "opp-3", "status": "Active", "job": {"id": "job-1", "title": "Backend Engineer"}}
        ]})
        .to_string(),
    );
    let (ds, ambiguous) = load_ds(AtsSource::Ashby, &sc, &[&apps]);
    assert_eq!(ambiguous, 0);
    let got = jobs_by_candidate(&ds);
    let n_opp1 = got.iter().filter(|(c, _)| c == "opp-1").count();
    assert!(n_opp1 >= 2, "{got:?}");
    // A job the feedback names is kept; the application's job fills the rest.
    assert_eq!(got.iter().filter(|(c, j)| c == "opp-1" && j == "job-own").count(), 1, "{got:?}");
    assert!(got.iter().all(|(c, j)| (c == "opp-1" && (j == "job-own" || j == "Backend Engineer"))
        || (c == "opp-2" && j == "job-2")
        || (c == "opp-3" && j == "Backend Engineer")));
    assert!(ds.job_ids.contains(&("job-1".to_string(), "Backend Engineer".to_string())));
    assert_eq!((ds.n_decided(), ds.n_hired()), (2, 1));
}

#[test]
fn a_candidate_whose_applications_name_two_jobs_gets_none_and_a_note() {
    let t = Scratch::new();
    let sc = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/ats/lever_feedback.json");
    let apps = t.file(
        "applications.json",
        json!([
            {"id": "a1", "opportunityId": "opp-1", "posting": "post-7", "hired": true},
            {"id": "a2", "opportunityId": "opp-1", "posting": "post-8", "hired": true},
            {"id": "a3", "opportunityId": "opp-2", "posting": "post-7", "hired": false}
        ])
        .to_string(),
    );
    let (ds, ambiguous) = load_ds(AtsSource::Lever, &sc, &[&apps]);
    assert_eq!(ambiguous, 1);
    let got = jobs_by_candidate(&ds);
    assert!(got.iter().filter(|(c, _)| c == "opp-1").all(|(_, j)| j.is_empty()), "{got:?}");
    assert!(got.iter().filter(|(c, _)| c == "opp-2").all(|(_, j)| j == "post-7"), "{got:?}");
    let (code, out, err) = run(
        t.path(),
        &[
            "check",
            "--source",
            "lever",
            "--scorecards",
            &sc.display().to_string(),
            "--outcomes",
            &apps.display().to_string(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 candidate(s) have applications for more than one job"), "{out}");
}
