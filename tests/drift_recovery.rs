//! Drift estimated inside the rating model (issue #21, item 2): recovery of planted drift on simulated
//! data, no spurious drift on the co-panellists, and null drift for an interviewer whose dates do not vary.
//!
//! `simulate` plants two drifting interviewers (leniency moving linearly from −0.5 to +0.5 score points over
//! the two-year span, and back: ±0.50 per year) among the busiest of their rounds. The old estimate
//! regressed each interviewer's residuals from a model *without* drift on time: the candidate effect
//! absorbed about 1/k of the drift (k interviews per candidate) and the co-panellists took the opposite.

mod common;

use std::collections::HashMap;

use hirecal::analysis::interviewers::{self, Flag, InterviewerOptions};
use hirecal::config::Config;
use hirecal::dataset::Dataset;
use hirecal::ingest::{load, Inputs, LoadOptions};

#[test]
fn planted_drift_is_recovered_and_co_panellists_do_not_drift() {
    let mut errors = Vec::new();
    for seed in [42, 7] {
        let (_s, ds, truth) = common::simulated(10_000, seed);
        let rep = interviewers::analyse(&ds, None, &InterviewerOptions::default()).expect("analysis");
        let tr = truth["interviewers"].as_array().expect("interviewers");
        // The estimand: the slope centred within the peer group (the round), rating-weighted.
        let mut round: HashMap<&str, (f64, f64)> = HashMap::new();
        for t in tr {
            let e = round.entry(t["round"].as_str().unwrap()).or_default();
            let n = t["n_ratings"].as_f64().unwrap();
            e.0 += n * t["drift_per_year"].as_f64().unwrap();
            e.1 += n;
        }
        let drifters: Vec<&str> =
            truth["planted"]["drifting"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(drifters.len(), 2);
        for t in tr {
            let id = t["interviewer_id"].as_str().unwrap();
            let Some(i) = rep.interviewers.iter().find(|i| i.interviewer_id == id) else { continue };
            let m = round[t["round"].as_str().unwrap()];
            let truth_centred = t["drift_per_year"].as_f64().unwrap() - m.0 / m.1;
            if drifters.contains(&id) {
                let d = i.drift_per_year.expect("drift estimated");
                let (lo, hi) = i.drift_ci.expect("drift interval");
                println!(
                    "seed {seed} {id}: planted {:.3}/year (centred {truth_centred:.3}), estimated {d:.3} \
                     [{lo:.3}, {hi:.3}], {} scorecards",
                    t["drift_per_year"].as_f64().unwrap(),
                    i.n_scorecards
                );
                assert!(t["drift_per_year"].as_f64().unwrap().abs() > 0.45, "planted ±0.5/year");
                if (d - truth_centred).abs() > 0.12 {
                    errors.push(format!("seed {seed} {id}: {d:.3} vs {truth_centred:.3}"));
                }
                assert!(lo < truth_centred && truth_centred < hi, "seed {seed} {id}: interval misses");
                assert!(i.flags.contains(&Flag::Drifting), "seed {seed} {id} not flagged drifting");
            } else if i.flags.contains(&Flag::Drifting) {
                errors.push(format!(
                    "seed {seed} {id} (no drift) flagged drifting: {:?} {:?}",
                    i.drift_per_year, i.drift_ci
                ));
            }
        }
        // Co-panellists: interviewers who met the drifters' candidates show no opposite drift on average.
        let co: Vec<f64> = rep
            .interviewers
            .iter()
            .filter(|i| !drifters.contains(&i.interviewer_id.as_str()) && i.n_scorecards >= 50)
            .filter_map(|i| i.drift_per_year)
            .collect();
        let mean = co.iter().sum::<f64>() / co.len() as f64;
        assert!(co.len() > 100 && mean.abs() < 0.03, "co-panellists' mean drift {mean} over {}", co.len());
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The iv reference data with one interviewer's dates made identical.
fn same_dates(who: &str) -> (common::Scratch, Dataset) {
    let src = std::fs::read_to_string(common::test_data().join("iv_scorecards.csv")).expect("csv");
    let mut out = String::new();
    for (k, line) in src.lines().enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        if k > 0 && f[1] == who {
            out.push_str(&format!("{},{},{},{},2024-05-05,{}\n", f[0], f[1], f[2], f[3], f[5]));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    let s = common::Scratch::new();
    let path = s.file("scorecards.csv", out);
    let inputs = Inputs { scorecards: path, outcomes: vec![], questions: None };
    let (ds, _) = load(&inputs, &Config::default(), &LoadOptions::strict()).expect("loads");
    (s, ds)
}

#[test]
fn identical_dates_give_null_drift_with_a_reason() {
    let (_s, ds) = same_dates("B2");
    let rep = interviewers::analyse(&ds, None, &InterviewerOptions::default()).expect("analysis");
    let b2 = rep.interviewers.iter().find(|i| i.interviewer_id == "B2").unwrap();
    assert_eq!(b2.drift_per_year, None);
    assert_eq!(b2.drift_ci, None);
    assert_eq!(b2.flag_tests.drifting.p, None);
    assert!(b2.notes.iter().any(|n| n.contains("dates do not vary")), "{:?}", b2.notes);
    // Everyone else keeps a finite drift with a finite interval.
    for i in rep.interviewers.iter().filter(|i| i.interviewer_id != "B2" && i.interviewer_id != "C1") {
        let (lo, hi) = i.drift_ci.unwrap_or_else(|| panic!("{} has no drift interval", i.interviewer_id));
        assert!(lo.is_finite() && hi.is_finite() && hi - lo < 10.0, "{}: [{lo}, {hi}]", i.interviewer_id);
    }
}
