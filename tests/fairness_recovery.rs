//! Recovery on simulated data with known truth: `simulate --group-gap` plants one interviewer who rates
//! women lower than other interviewers rate the same candidates; the fairness analysis finds that
//! interviewer (`group_gap`) and flags no more elsewhere than the false discovery rate allows. Without
//! a planted gap, nothing is flagged.

use hirecal::analysis::design::Design;
use hirecal::analysis::fairness::{self, FairnessOptions, FairnessReport};
use hirecal::analysis::model::{self, ModelOptions};
use hirecal::config::Config;
use hirecal::config::GroupsConfig;
use hirecal::ingest::groups;
use hirecal::ingest::{load, Inputs, LoadOptions};
use hirecal::simulate::{write_all, SimOptions};

fn run(candidates: usize, seed: u64, gap: f64) -> (FairnessReport, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let opts = SimOptions { candidates, seed, groups: true, group_gap: gap, ..SimOptions::default() };
    write_all(&opts, dir.path()).unwrap();
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("truth.json")).unwrap()).unwrap();
    let inputs = Inputs {
        scorecards: dir.path().join("scorecards.csv"),
        outcomes: vec![dir.path().join("outcomes.csv")],
        questions: Some(dir.path().join("questions.csv")),
    };
    let (ds, _) = load(&inputs, &Config::default(), &LoadOptions::strict()).unwrap();
    let g =
        groups::read(&dir.path().join("groups.csv"), &GroupsConfig::default(), None, &ds.candidates, None)
            .unwrap();
    let fit = model::fit(&ds, &Design::of(&ds), &ModelOptions::default());
    let rep = fairness::analyse(&ds, &g, &fit, Some("perf_rating_12m"), &FairnessOptions::default()).unwrap();
    (rep, truth)
}

#[test]
fn planted_group_gap_is_found_and_little_else() {
    let (rep, truth) = run(4000, 7, 0.6);
    let planted = truth["groups"]["gap_interviewer"].as_str().expect("a planted interviewer").to_string();
    assert_eq!(truth["groups"]["gap"], 0.6);
    let hit = rep
        .interviewers
        .iter()
        .find(|r| {
            r.column == "gender"
                && r.interviewer_id == planted
                && (r.group == "woman" || r.reference_group == "woman")
        })
        .expect("the planted interviewer is compared");
    assert!(hit.group_gap, "planted interviewer not flagged: {hit:?}");
    // Women rated lower: negative when women are the focal group, positive when they are the reference.
    let signed = if hit.group == "woman" { hit.gap.unwrap() } else { -hit.gap.unwrap() };
    // The model absorbs part of the gap into the candidates' effects (about 1/4 with four interviews), so
    // the estimate is near 0.6 × 3/4 = 0.45; its interval excludes 0.
    assert!(signed < -0.3 && signed > -0.8, "gap {signed}");
    let (lo, hi) = hit.gap_ci.unwrap();
    assert!(lo < hit.gap.unwrap() && hit.gap.unwrap() < hi && (hi < 0.0 || lo > 0.0));
    let others: Vec<_> =
        rep.interviewers.iter().filter(|r| r.group_gap && r.interviewer_id != planted).collect();
    let tested = rep.interviewers.iter().filter(|r| r.p.is_some()).count();
    assert!(tested > 100, "{tested} comparisons");
    // BH at q = 0.10 with one true discovery: expected false flags well under one.
    assert!(others.len() <= 1, "false group_gap flags: {others:?}");
    // Every q is at least its p, and suppressed cells carry nothing.
    for r in &rep.interviewers {
        if let (Some(p), Some(q)) = (r.p, r.q) {
            assert!(q >= p - 1e-15);
        }
        if r.suppressed {
            assert!(r.gap.is_none() && r.n_group.is_none() && !r.group_gap);
        }
    }
    // The planted harshness costs women at the hire decision too, but the panel has four interviews, so
    // the impact ratio stays near 1: the selection rows exist for both genders with decisions.
    let sel: Vec<_> = rep
        .selection
        .iter()
        .filter(|r| r.column == "gender" && r.stage == "hired" && !r.suppressed)
        .collect();
    assert_eq!(sel.len(), 3, "woman, man, nonbinary (2% of 4000)");
}

#[test]
fn without_a_planted_gap_nothing_is_flagged() {
    let mut flags = 0;
    for seed in [11, 12] {
        let (rep, truth) = run(3000, seed, 0.0);
        assert!(truth["groups"]["gap_interviewer"].is_null());
        flags += rep.interviewers.iter().filter(|r| r.group_gap).count();
        // The question gaps: no group difference was simulated, so BH q stays above .05 nearly everywhere.
        let small_q = rep.questions.iter().filter(|r| r.q.is_some_and(|q| q <= 0.05)).count();
        assert!(small_q <= 1, "seed {seed}: {small_q} question gaps at q <= .05");
    }
    assert!(flags <= 1, "{flags} group_gap flags under the null");
}
