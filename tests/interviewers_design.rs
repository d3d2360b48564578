//! Interviewer model on designs with a known answer: a balanced crossed design (leniency = interviewer
//! mean − grand mean, exactly) and two interviewer pools that never share a candidate (separate
//! components, never compared).

mod common;

use hirecal::analysis::interviewers::{self, InterviewerOptions};
use hirecal::analysis::panel::{self, PanelOptions};
use hirecal::config::Config;
use hirecal::ingest::{load, Inputs, LoadOptions};

fn dataset(csv: &str) -> (common::Scratch, hirecal::dataset::Dataset) {
    let s = common::Scratch::new();
    let p = s.file("scorecards.csv", csv);
    let (ds, _) = load(
        &Inputs { scorecards: p, outcomes: vec![], questions: None },
        &Config::default(),
        &LoadOptions::strict(),
    )
    .expect("loads");
    (s, ds)
}

#[test]
fn balanced_design_leniency_is_column_mean_minus_grand_mean() {
    let mut csv = String::from("candidate_id,interviewer_id,question_id,score\n");
    let mut state = 12345u64;
    let mut sum = [0.0f64; 3];
    let mut total = 0.0;
    for c in 0..8 {
        for (i, s) in sum.iter_mut().enumerate() {
            for q in 0..2 {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let score = 1 + (state >> 33) % 5;
                *s += score as f64;
                total += score as f64;
                csv.push_str(&format!("c{c},i{i},q{q},{score}\n"));
            }
        }
    }
    let (_s, ds) = dataset(&csv);
    let rep =
        interviewers::analyse(&ds, None, &InterviewerOptions { min_scorecards: 1, ..Default::default() })
            .expect("analysis");
    let grand = total / 48.0;
    for r in &rep.interviewers {
        let i: usize = r.interviewer_id[1..].parse().unwrap();
        let expected = sum[i] / 16.0 - grand;
        let got = r.leniency.expect("estimable");
        assert!((got - expected).abs() < 1e-10, "{}: {got} vs {expected}", r.interviewer_id);
        assert!(r.leniency_se.is_some_and(|se| se > 0.0));
    }
}

#[test]
fn pools_without_shared_candidates_are_separate_components() {
    let mut csv = String::from("candidate_id,interviewer_id,question_id,score\n");
    for c in 0..12 {
        let (pool, base) = if c < 6 { ("a", 4) } else { ("b", 2) };
        for i in 0..3 {
            for q in 0..2 {
                let score = base + ((c + i + q) % 2);
                csv.push_str(&format!("c{c},{pool}{i},q{q},{score}\n"));
            }
        }
    }
    let (_s, ds) = dataset(&csv);
    let p = panel::analyse(&ds, &PanelOptions::default());
    assert_eq!(p.components, 2, "two pools, two components");
    let rep =
        interviewers::analyse(&ds, None, &InterviewerOptions { min_scorecards: 1, ..Default::default() })
            .expect("analysis");
    // Pool a scores two points higher than pool b, but they are never compared: within each component
    // the rating-weighted leniency is centred at 0, so no interviewer carries the pools' difference.
    for pool in ["a", "b"] {
        let (s, n) = rep
            .interviewers
            .iter()
            .filter(|r| r.interviewer_id.starts_with(pool))
            .filter_map(|r| r.leniency.map(|l| (l * r.n_ratings as f64, r.n_ratings as f64)))
            .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
        assert!(n == 0.0 || (s / n).abs() < 1e-10, "pool {pool} centred: {}", s / n);
    }
    assert!(
        rep.interviewers.iter().all(|r| r.leniency.is_none_or(|l| l.abs() < 1.0)),
        "no pool offset leaks"
    );
    let disconnected =
        rep.interviewers.iter().filter(|r| r.flags.iter().any(|f| f.as_str() == "disconnected")).count();
    assert_eq!(disconnected, 3, "the pool outside the largest component is flagged disconnected");
    // `check` reports the two components.
    let s = common::Scratch::new();
    let p = s.file("s.csv", &csv);
    let (code, out, _) = common::run(s.path(), &["check", "--scorecards", &p.display().to_string()]);
    assert_eq!(code, 0);
    assert!(out.contains("candidate–interviewer components: 2"), "{out}");
}

/// Peer groups are named after the interview round their scorecards share when the input has one
/// (an `interview` column here), and after the questions otherwise.
#[test]
fn peer_group_labels_use_the_round_where_the_input_has_one() {
    let s = common::Scratch::new();
    let mut with_round = String::from("candidate_id,interviewer_id,question_id,score,interview\n");
    let mut without = String::from("candidate_id,interviewer_id,question_id,score\n");
    for c in 0..40 {
        for (round, iv, qs) in [
            ("Onsite · System design", ["A1", "A2", "A3"], ["q1", "q2"]),
            ("Phone screen", ["B1", "B2", "B3"], ["q3", "q4"]),
        ] {
            for (k, q) in qs.iter().enumerate() {
                let score = 1 + (c * 7 + k * 3 + round.len()) % 5;
                let iv = iv[c % 3];
                with_round.push_str(&format!("c{c},{iv},{q},{score},{round}\n"));
                without.push_str(&format!("c{c},{iv},{q},{score}\n"));
            }
        }
    }
    let labels = |csv: &str, name: &str| -> Vec<String> {
        let path = s.file(name, csv);
        let (code, out, err) = common::run(
            s.path(),
            &["interviewers", "--scorecards", path.to_str().unwrap(), "--format", "json"],
        );
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let mut l: Vec<String> = v["interviewers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["peer_group_label"].as_str().unwrap().to_string())
            .collect();
        l.sort();
        l.dedup();
        l
    };
    assert_eq!(labels(&with_round, "r.csv"), ["Onsite · System design: q1, q2", "Phone screen: q3, q4"]);
    assert_eq!(labels(&without, "n.csv"), ["q1, q2", "q3, q4"]);
}
