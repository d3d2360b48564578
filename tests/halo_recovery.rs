//! Halo told apart from a narrow range (issue #21, item 3), and the empirical-Bayes shrinkage of ordinary
//! interviewers' leniency against the truth.
//!
//! `simulate` plants two narrow-range interviewers (40% of the usual spread: on a 1..5 scale most of their
//! ratings round to the same point) and two halo interviewers (one impression per scorecard drives every
//! question, with the usual overall spread). `halo_index` compares within-scorecard spread *relative to
//! the interviewer's own spread* with the peers': with the pooled within-scorecard SD (root of the pooled
//! within-scorecard variance), the ties a narrow range makes on a discrete scale are not mistaken for
//! halo; the old mean of per-scorecard SDs, dominated by scorecards rated all alike, gave the narrow
//! interviewers an index near 0.32.

mod common;

use std::collections::HashMap;

use hirecal::analysis::interviewers::{self, Flag, InterviewerOptions, InterviewersReport};
use hirecal::config::Config;
use hirecal::ingest::{load, Inputs, LoadOptions};

fn run(n: usize, seed: u64) -> (InterviewersReport, serde_json::Value) {
    let (_s, ds, truth) = common::simulated(n, seed);
    let rep = interviewers::analyse(&ds, None, &InterviewerOptions::default()).expect("analysis");
    (rep, truth)
}

fn planted<'a>(truth: &'a serde_json::Value, kind: &str) -> Vec<&'a str> {
    truth["planted"][kind].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect()
}

#[test]
fn narrow_range_is_not_halo_and_halo_is() {
    for (n, seed) in [(2000, 42), (2000, 7), (10_000, 42)] {
        let (rep, truth) = run(n, seed);
        let by_id: HashMap<&str, _> =
            rep.interviewers.iter().map(|i| (i.interviewer_id.as_str(), i)).collect();
        for id in planted(&truth, "narrow_range") {
            let i = by_id[id];
            let h = i.halo_index.expect("halo index");
            println!("n {n} seed {seed} narrow {id}: halo_index {h:.3}, spread {:?}", i.spread_ratio);
            assert!(i.flags.contains(&Flag::NarrowRange), "{id} not narrow_range");
            assert!(!i.flags.contains(&Flag::Halo), "narrow {id} flagged halo ({h})");
            assert!(h < 0.15, "narrow {id}: halo_index {h}");
        }
        for id in planted(&truth, "halo") {
            let i = by_id[id];
            let h = i.halo_index.expect("halo index");
            println!("n {n} seed {seed} halo {id}: halo_index {h:.3}, q {:?}", i.flag_tests.halo.q);
            assert!(i.flags.contains(&Flag::Halo), "halo {id} not flagged ({h}, {:?})", i.flag_tests.halo);
            assert!(!i.flags.contains(&Flag::NarrowRange), "halo {id} flagged narrow_range");
        }
        // Ordinary interviewers sit near 0: few above the 0.3 threshold, fewer flagged.
        let is_planted = |id: &str| {
            truth["interviewers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["interviewer_id"] == id && t["planted"].is_string())
        };
        let ordinary: Vec<_> = rep
            .interviewers
            .iter()
            .filter(|i| i.n_scorecards >= 30 && !is_planted(&i.interviewer_id))
            .collect();
        let over: Vec<String> = ordinary
            .iter()
            .filter(|i| i.halo_index.is_some_and(|h| h > 0.3))
            .map(|i| format!("{} {:?} {:?}", i.interviewer_id, i.halo_index, i.flag_tests.halo.q))
            .collect();
        let flagged = ordinary.iter().filter(|i| i.flags.contains(&Flag::Halo)).count();
        println!("n {n} seed {seed}: ordinary over 0.3: {over:?}; flagged halo: {flagged}");
        assert!(ordinary.len() > 50 && over.len() * 50 <= ordinary.len(), "{over:?} of {}", ordinary.len());
        assert!(flagged <= 1, "{flagged} ordinary interviewers flagged halo");
    }
}

/// The halo test keeps its false-positive rate where scorecards have two questions (issue: I0110 on the
/// bundled sample was flagged halo, q = .025, on a roster with no halo interviewer). With one degree of
/// freedom per scorecard the within-scorecard sums of squares are very skewed, and the old test (h with
/// an SE that shrank with h, the interviewer's own variance taken as known) gave ordinary interviewers
/// p < .01 in 3.1% and p < .001 in 0.9% of tests (300 simulated rosters); a false halo flag in 52 of
/// them. The test on ln h with the own variance's sampling error in its SE gives 0.7% and 0.06% (12
/// rosters), and still finds every planted halo interviewer (600 of 600).
#[test]
fn ordinary_interviewers_on_two_question_scorecards_are_rarely_called_halo() {
    let (mut ps, mut rosters_with_false_flag, mut found, mut planted_n) = (Vec::new(), 0, 0, 0);
    let seeds = 1..=30u64;
    let n_seeds = seeds.clone().count();
    for seed in seeds {
        let (rep, truth) = run(2000, seed);
        let mut per_round: HashMap<&str, usize> = HashMap::new();
        for q in truth["questions"].as_array().unwrap() {
            *per_round.entry(q["round"].as_str().unwrap()).or_default() += 1;
        }
        let tr: HashMap<&str, &serde_json::Value> = truth["interviewers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["interviewer_id"].as_str().unwrap(), t))
            .collect();
        let mut false_flag = false;
        for i in &rep.interviewers {
            let t = tr[i.interviewer_id.as_str()];
            let planted = t["planted"].as_str();
            if planted == Some("halo") {
                planted_n += 1;
                found += usize::from(i.flags.contains(&Flag::Halo));
                continue;
            }
            false_flag |= i.flags.contains(&Flag::Halo);
            if planted.is_none() && per_round[t["round"].as_str().unwrap()] == 2 {
                ps.extend(i.flag_tests.halo.p);
            }
        }
        rosters_with_false_flag += usize::from(false_flag);
    }
    let share = |a: f64| ps.iter().filter(|p| **p < a).count() as f64 / ps.len() as f64;
    println!(
        "{} tests: p < .05 {:.4}, p < .01 {:.4}, p < .001 {:.4}; rosters with a false halo flag {rosters_with_false_flag} \
         of {n_seeds}; planted found {found} of {planted_n}",
        ps.len(),
        share(0.05),
        share(0.01),
        share(0.001)
    );
    assert!(ps.len() > 1500, "{} tests", ps.len());
    assert!(share(0.01) <= 0.015, "p < .01 in {:.4} of ordinary interviewers' tests", share(0.01));
    assert!(share(0.05) <= 0.065, "p < .05 in {:.4}", share(0.05));
    assert!(rosters_with_false_flag * 10 <= n_seeds, "{rosters_with_false_flag} of {n_seeds} rosters");
    assert_eq!(found, planted_n, "planted halo interviewers missed");
}

/// Shrinkage of `b` (standard errors `se`) toward 0 with a given τ².
fn shrunk(b: &[f64], se: &[f64], tau2: f64) -> Vec<f64> {
    b.iter().zip(se).map(|(x, s)| x * tau2 / (tau2 + s * s)).collect()
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

/// Issue #21 asked whether the method-of-moments τ², inflated by the few extreme interviewers, leaves
/// ordinary interviewers under-shrunk. Against the oracle (the true τ² of ordinary interviewers, 0.10²)
/// and a robust alternative (τ² from the normal-consistent MAD of β minus the median se²), the shipped
/// estimate's RMSE for ordinary interviewers is within 2% of the oracle's and no worse than the robust
/// one's: the inflation is real (τ² ≈ 0.018 against 0.010) but barely moves the shrink factors.
#[test]
fn moment_shrinkage_is_as_good_as_knowing_tau2_for_ordinary_interviewers() {
    let (mut sq, mut count) = ([0.0f64; 3], 0usize);
    let mut tau2_mom = Vec::new();
    for seed in [42, 7, 2024] {
        let (rep, truth) = run(2000, seed);
        let tr = truth["interviewers"].as_array().unwrap();
        let mut round: HashMap<&str, (f64, f64)> = HashMap::new();
        for t in tr {
            let e = round.entry(t["round"].as_str().unwrap()).or_default();
            let n = t["n_ratings"].as_f64().unwrap();
            e.0 += n * t["leniency"].as_f64().unwrap();
            e.1 += n;
        }
        let by_id: HashMap<&str, &serde_json::Value> =
            tr.iter().map(|t| (t["interviewer_id"].as_str().unwrap(), t)).collect();
        let mut groups: HashMap<u32, Vec<usize>> = HashMap::new();
        for (k, i) in rep.interviewers.iter().enumerate() {
            if i.leniency.is_some() && i.leniency_se.is_some() {
                groups.entry(i.peer_group).or_default().push(k);
            }
        }
        for ks in groups.values() {
            let b: Vec<f64> = ks.iter().map(|&k| rep.interviewers[k].leniency.unwrap()).collect();
            let se: Vec<f64> = ks.iter().map(|&k| rep.interviewers[k].leniency_se.unwrap()).collect();
            let n = b.len() as f64;
            let mean = b.iter().sum::<f64>() / n;
            let var = b.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
            let mom = (var - se.iter().map(|s| s * s).sum::<f64>() / n).max(0.0);
            tau2_mom.push(mom);
            let med = median(&b);
            let mad = 1.4826 * median(&b.iter().map(|x| (x - med).abs()).collect::<Vec<_>>());
            let robust = (mad * mad - median(&se.iter().map(|s| s * s).collect::<Vec<_>>())).max(0.0);
            let oracle = shrunk(&b, &se, 0.01);
            let alt = shrunk(&b, &se, robust);
            for (j, &k) in ks.iter().enumerate() {
                let i = &rep.interviewers[k];
                let t = by_id[i.interviewer_id.as_str()];
                if t["planted"].is_string() {
                    continue;
                }
                let m = round[t["round"].as_str().unwrap()];
                let truth_c = t["leniency"].as_f64().unwrap() - m.0 / m.1;
                // The shipped value is the moments estimate.
                let got = i.leniency_shrunk.unwrap();
                assert!((got - shrunk(&b, &se, mom)[j]).abs() < 1e-12);
                sq[0] += (got - truth_c).powi(2);
                sq[1] += (oracle[j] - truth_c).powi(2);
                sq[2] += (alt[j] - truth_c).powi(2);
                count += 1;
            }
        }
    }
    let rmse: Vec<f64> = sq.iter().map(|s| (s / count as f64).sqrt()).collect();
    let tau2 = tau2_mom.iter().sum::<f64>() / tau2_mom.len() as f64;
    println!(
        "ordinary interviewers ({count}): RMSE of leniency_shrunk {:.4} (moments τ², mean {tau2:.4}), \
         {:.4} (true τ² 0.01), {:.4} (MAD τ²)",
        rmse[0], rmse[1], rmse[2]
    );
    assert!(count > 300);
    assert!(tau2 > 0.012, "the extremes inflate the moments τ² ({tau2}) above the ordinary 0.01");
    assert!(rmse[0] <= 1.02 * rmse[1], "moments {} vs oracle {}", rmse[0], rmse[1]);
    assert!(rmse[0] <= rmse[2], "moments {} vs robust {}", rmse[0], rmse[2]);
}

#[test]
fn an_interviewer_alone_in_the_peer_group_has_no_spread_ratio() {
    // The iv reference data plus D1, the only interviewer asking qd1 (same candidates as the others).
    let mut csv = std::fs::read_to_string(common::test_data().join("iv_scorecards.csv")).expect("csv");
    for c in 0..15 {
        let score = 1 + (c * 7 % 5);
        csv.push_str(&format!("c{c:02},D1,qd1,{score},2024-0{}-10,yes\n", 1 + c % 9));
        csv.push_str(&format!("c{c:02},D1,qd2,{},2024-0{}-10,yes\n", 1 + (c * 3 % 5), 1 + c % 9));
    }
    let s = common::Scratch::new();
    let inputs = Inputs { scorecards: s.file("scorecards.csv", csv), outcomes: vec![], questions: None };
    let (ds, _) = load(&inputs, &Config::default(), &LoadOptions::strict()).expect("loads");
    let rep = interviewers::analyse(&ds, None, &InterviewerOptions::default()).expect("analysis");
    let d1 = rep.interviewers.iter().find(|i| i.interviewer_id == "D1").unwrap();
    assert_eq!(d1.spread_ratio, None, "alone: not 1.00");
    assert_eq!(d1.halo_index, None);
    assert!(d1.notes.iter().any(|n| n.contains("alone in the peer group")), "{:?}", d1.notes);
    assert!(!d1.flags.contains(&Flag::NarrowRange) && !d1.flags.contains(&Flag::Halo));
    // The others keep theirs, without the note.
    let a1 = rep.interviewers.iter().find(|i| i.interviewer_id == "A1").unwrap();
    assert!(a1.spread_ratio.is_some() && a1.notes.iter().all(|n| !n.contains("alone")));
    // In JSON the notes are there for D1 and absent where empty.
    let json = serde_json::to_value(&rep).unwrap();
    let row = json["interviewers"].as_array().unwrap().iter().find(|r| r["interviewer_id"] == "D1").unwrap();
    assert!(row["spread_ratio"].is_null() && row["notes"].is_array());
    let row = json["interviewers"].as_array().unwrap().iter().find(|r| r["interviewer_id"] == "A1").unwrap();
    assert!(
        row.get("notes").is_none()
            || row["notes"].as_array().unwrap().iter().all(|n| !n.as_str().unwrap().contains("alone"))
    );
}
