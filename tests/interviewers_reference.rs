//! Interviewer calibration and panel reliability end to end against statsmodels / scipy / pingouin /
//! krippendorff: expected numbers in tests/data/iv_expected.csv, written (with the iv_*.csv data) by
//! tests/reference/interviewers_reference.py. Plus recovery of planted interviewers on simulated data,
//! dense vs conjugate-gradient agreement, and the binary's JSON output.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use hirecal::analysis::design::Design;
use hirecal::analysis::interviewers::{
    self, Flag, InterviewerOptions, InterviewerResult, InterviewersReport,
};
use hirecal::analysis::model::{self, ModelOptions, Solver};
use hirecal::analysis::panel::{self, PanelOptions};
use hirecal::config::Config;
use hirecal::dataset::Dataset;
use hirecal::ingest::{load, Inputs, LoadOptions};

fn data() -> PathBuf {
    common::test_data()
}

fn expected() -> HashMap<String, f64> {
    common::expected_values("iv_expected.csv")
}

fn load_iv() -> Dataset {
    let inputs = Inputs {
        scorecards: data().join("iv_scorecards.csv"),
        outcomes: vec![data().join("iv_outcomes.csv")],
        questions: None,
    };
    load(&inputs, &Config::default(), &LoadOptions::strict()).expect("iv data loads").0
}

fn by_id<'a>(rep: &'a InterviewersReport, id: &str) -> &'a InterviewerResult {
    rep.interviewers.iter().find(|i| i.interviewer_id == id).unwrap_or_else(|| panic!("{id} missing"))
}

fn close(got: Option<f64>, want: f64, tol: f64, what: &str) {
    let g = got.unwrap_or_else(|| panic!("{what} is None"));
    assert!((g - want).abs() <= tol, "{what}: got {g}, expected {want}");
}

#[test]
fn leniency_and_se_match_statsmodels_ols() {
    let ds = load_iv();
    let exp = expected();
    let rep = interviewers::analyse(&ds, None, &InterviewerOptions::default()).expect("analysis");
    for id in ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"] {
        let i = by_id(&rep, id);
        close(i.leniency, exp[&format!("leniency:{id}")], 1e-8, &format!("leniency {id}"));
        // Clustered by candidate (statsmodels cov_type="cluster", CR1).
        close(i.leniency_se, exp[&format!("leniency_se:{id}")], 1e-8, &format!("leniency_se {id}"));
        // Empirical-Bayes shrinkage (moments τ² on the clustered SEs).
        close(i.leniency_shrunk, exp[&format!("leniency_shrunk:{id}")], 1e-8, &format!("shrunk {id}"));
        let (lo, hi) = i.leniency_ci.expect("ci");
        assert!(lo < i.leniency.unwrap() && i.leniency.unwrap() < hi);
    }
    // Centred within each peer group to a rating-weighted mean of 0.
    for group in [["A1", "A2", "A3", "A4"], ["B1", "B2", "B3", "B4"]] {
        let (s, n) = group.iter().map(|id| by_id(&rep, id)).fold((0.0, 0.0), |a, i| {
            (a.0 + i.leniency.unwrap() * i.n_ratings as f64, a.1 + i.n_ratings as f64)
        });
        assert!((s / n).abs() < 1e-10, "weighted mean {}", s / n);
        let g = by_id(&rep, group[0]).peer_group;
        assert!(group.iter().all(|id| by_id(&rep, id).peer_group == g));
    }
    assert_ne!(by_id(&rep, "A1").peer_group, by_id(&rep, "B1").peer_group);
    // The lone interviewer: a separate component, not estimable, flagged.
    let c1 = by_id(&rep, "C1");
    assert_eq!(c1.leniency, None);
    assert_eq!(c1.leniency_se, None);
    assert!(c1.flags.contains(&Flag::Disconnected));
    assert!(c1.flags.contains(&Flag::InsufficientData));
    assert!(!by_id(&rep, "A1").flags.contains(&Flag::Disconnected));
    // Shrinkage pulls toward 0 and keeps the sign.
    for i in rep.interviewers.iter().filter(|i| i.leniency.is_some()) {
        let (b, s) = (i.leniency.unwrap(), i.leniency_shrunk.expect("shrunk"));
        assert!(s.abs() <= b.abs() + 1e-12 && s * b >= 0.0, "{}: {b} -> {s}", i.interviewer_id);
    }
}

#[test]
fn other_interviewer_statistics_match_scipy() {
    let ds = load_iv();
    let exp = expected();
    let rep = interviewers::analyse(&ds, None, &InterviewerOptions::default()).expect("analysis");
    // The ordinary (independent-ratings) SEs of the same contrasts, and the drift model's.
    let design = Design::of(&ds);
    let fit = model::fit(&ds, &design, &ModelOptions::default());
    let dfit = model::fit_drift(&ds, &design, &ModelOptions::default());
    for id in ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"] {
        let k = ds.interviewers.get(id).expect("interviewer") as usize;
        close(fit.leniency_se_iid[k], exp[&format!("leniency_se_iid:{id}")], 1e-8, "iid se");
        if ["A1", "B3"].contains(&id) {
            close(dfit.drift_se_iid[k], exp[&format!("drift_se_iid:{id}")], 1e-8, "drift iid se");
        }
    }
    for id in ["A1", "B3"] {
        let i = by_id(&rep, id);
        close(i.drift_per_year, exp[&format!("drift:{id}")], 1e-8, "drift (joint OLS)");
        close(i.drift_ci.map(|c| c.0), exp[&format!("drift_lo:{id}")], 1e-8, "drift ci low");
        close(i.drift_ci.map(|c| c.1), exp[&format!("drift_hi:{id}")], 1e-8, "drift ci high");
    }
    for id in ["A1", "B2"] {
        let i = by_id(&rep, id);
        close(i.panel_agreement_r, exp[&format!("panel_agreement_r:{id}")], 1e-12, "panel agreement");
        assert_eq!(i.panel_agreement_n as f64, exp[&format!("panel_agreement_n:{id}")]);
    }
    for id in ["A2", "B1"] {
        let i = by_id(&rep, id);
        close(i.decision_agreement, exp[&format!("decision_agreement:{id}")], 1e-12, "decision agreement");
        close(i.decision_kappa, exp[&format!("decision_kappa:{id}")], 1e-12, "kappa (statsmodels)");
    }
    for id in ["A3", "B4"] {
        let i = by_id(&rep, id);
        close(i.validity_r, exp[&format!("validity_r:{id}")], 1e-12, "validity r");
        assert_eq!(i.validity_n as f64, exp[&format!("validity_n:{id}")]);
        let s = i.validity_shrunk.expect("validity_shrunk");
        assert!(s.abs() <= 1.0);
    }
    for id in ["A4", "B2"] {
        let i = by_id(&rep, id);
        close(i.spread_ratio, exp[&format!("spread_ratio:{id}")], 1e-12, "spread ratio");
        close(i.extreme_share, exp[&format!("extreme_share:{id}")], 1e-12, "extreme share");
    }
    for id in ["A1", "B3"] {
        close(by_id(&rep, id).halo_index, exp[&format!("halo_index:{id}")], 1e-12, "halo index");
    }
    let p = panel::analyse(&ds, &PanelOptions::default());
    close(p.panel_agreement_r, exp["panel_agreement_r:pooled"], 1e-12, "pooled panel agreement");
    assert!(p.icc.is_none(), "the unbalanced design is not crossed");
    assert_eq!(p.components, 2);
    assert_eq!(p.peer_groups, 2);
}

#[test]
fn flag_tests_match_scipy_and_statsmodels() {
    let ds = load_iv();
    let exp = expected();
    let opts = InterviewerOptions::default();
    let rep = interviewers::analyse(&ds, None, &opts).expect("analysis");
    for id in ["A1", "A3", "B2", "B3"] {
        let t = &by_id(&rep, id).flag_tests;
        for (kind, test) in [
            ("lenient", &t.lenient),
            ("harsh", &t.harsh),
            ("narrow_range", &t.narrow_range),
            ("halo", &t.halo),
            ("drifting", &t.drifting),
            ("disagrees_with_panel", &t.disagrees_with_panel),
        ] {
            close(test.p, exp[&format!("p:{kind}:{id}")], 1e-9, &format!("p {kind} {id}"));
            close(test.q, exp[&format!("q:{kind}:{id}")], 1e-9, &format!("q {kind} {id}"));
        }
        assert_eq!(t.lenient.effect, by_id(&rep, id).leniency_shrunk);
        assert_eq!(t.halo.effect, by_id(&rep, id).halo_index);
        assert_eq!(t.narrow_range.effect, by_id(&rep, id).spread_ratio);
        assert_eq!(t.drifting.effect, by_id(&rep, id).drift_per_year);
    }
    for id in ["A1", "B3"] {
        let e = by_id(&rep, id).flag_tests.disagrees_with_panel.effect;
        close(e, exp[&format!("disagree_effect:{id}")], 1e-12, "disagree effect");
    }
    assert_eq!(rep.interviewers_meta.tested as f64, exp["tested"]);
    // Interviewers below min_scorecards are not tested: no q.
    let c1 = by_id(&rep, "C1");
    assert_eq!(c1.flag_tests.lenient.q, None);
    // A1 (planted +0.6) and B3 (−0.5) are flagged; the flags follow q and materiality.
    assert!(by_id(&rep, "A1").flags.contains(&Flag::Lenient));
    assert!(by_id(&rep, "B3").flags.contains(&Flag::Harsh));
    assert_eq!(rep.interviewers_meta.flag_fdr, 0.10);
    let n_flags: usize = rep
        .interviewers
        .iter()
        .map(|i| i.flags.iter().filter(|f| !matches!(f, Flag::Disconnected | Flag::InsufficientData)).count())
        .sum();
    assert!((rep.interviewers_meta.expected_false_flags - 0.1 * n_flags as f64).abs() < 1e-12);
    // A stricter FDR never adds flags.
    let strict =
        interviewers::analyse(&ds, None, &InterviewerOptions { flag_fdr: 0.001, ..opts }).expect("analysis");
    for (a, b) in strict.interviewers.iter().zip(&rep.interviewers) {
        assert!(a.flags.iter().all(|f| b.flags.contains(f)), "{}", a.interviewer_id);
    }
    // A3's harsh q (≈ .013) passes .10 but not .001.
    assert!(exp["q:harsh:A3"] > 0.001);
    assert!(!by_id(&strict, "A3").flags.contains(&Flag::Harsh));
    assert!(exp["q:lenient:A1"] < 0.001);
    assert!(by_id(&strict, "A1").flags.contains(&Flag::Lenient), "q ≈ 1.4e-4 passes .001");
}

#[test]
fn crossed_panel_matches_pingouin_and_krippendorff() {
    let exp = expected();
    let inputs =
        Inputs { scorecards: data().join("iv_crossed_scorecards.csv"), outcomes: vec![], questions: None };
    let (ds, _) = load(&inputs, &Config::default(), &LoadOptions::strict()).expect("crossed data loads");
    let p = panel::analyse(&ds, &PanelOptions::default());
    let icc = p.icc.as_ref().expect("crossed design gives the ICC block");
    let pairs = [
        ("icc1", icc.icc1, icc.icc1_ci),
        ("icc2", icc.icc2, icc.icc2_ci),
        ("icc3", icc.icc3, icc.icc3_ci),
        ("icc1k", icc.icc1k, icc.icc1k_ci),
        ("icc2k", icc.icc2k, icc.icc2k_ci),
        ("icc3k", icc.icc3k, icc.icc3k_ci),
    ];
    for (k, v, ci) in pairs {
        close(v, exp[&format!("icc:{k}")], 1e-10, k);
        // pingouin rounds its intervals to two decimals.
        close(ci.map(|c| c.0), exp[&format!("icc_lo2:{k}")], 0.0051, &format!("{k} ci low"));
        close(ci.map(|c| c.1), exp[&format!("icc_hi2:{k}")], 0.0051, &format!("{k} ci high"));
    }
    close(p.icc1_unbalanced, exp["icc:icc1"], 1e-10, "icc1_unbalanced equals ICC1 when crossed");
    close(p.mean_panel_size, 3.0, 0.0, "mean panel size");
    close(p.krippendorff_alpha_interval, exp["kalpha:interval"], 1e-10, "alpha interval");
    close(p.krippendorff_alpha_ordinal, exp["kalpha:ordinal"], 1e-10, "alpha ordinal");
    close(p.cronbach_alpha, exp["cronbach"], 1e-10, "cronbach");
    assert_eq!(p.interviews_for_reliability.k.map(|k| k as f64), Some(exp["k_for_80"]));
    assert_eq!(p.interviews_for_reliability.target, 0.8);
    // Fewer complete candidates than the minimum: null.
    let strict = panel::analyse(&ds, &PanelOptions { min_complete: 1000, ..PanelOptions::default() });
    assert_eq!(strict.cronbach_alpha, None);
}

#[test]
fn dense_and_conjugate_gradient_agree() {
    let (_s, ds, _) = common::simulated(1500, 3);
    let design = Design::of(&ds);
    let dense = model::fit(&ds, &design, &ModelOptions::default());
    let cg = model::fit(&ds, &design, &ModelOptions { dense_limit: 0, ..ModelOptions::default() });
    assert_eq!(dense.components[0].solver, Some(Solver::Cholesky));
    assert_eq!(cg.components[0].solver, Some(Solver::ConjugateGradient));
    let mut n = 0;
    for i in 0..ds.interviewers.len() {
        if let (Some(a), Some(b)) = (dense.leniency[i], cg.leniency[i]) {
            assert!((a - b).abs() < 1e-8, "interviewer {i}: dense {a} vs cg {b}");
            // The CG path's SEs are the diagonal approximation: close to the exact ones.
            let (sa, sb) = (dense.leniency_se[i].unwrap(), cg.leniency_se[i].unwrap());
            assert!((sb / sa - 1.0).abs() < 0.1, "interviewer {i}: se {sa} vs {sb}");
            n += 1;
        }
    }
    assert!(n > 50, "only {n} interviewers compared");
    let (ra, rb) = (&dense.scorecard_residual, &cg.scorecard_residual);
    assert!(ra.iter().zip(rb).all(|(a, b)| (a.is_nan() && b.is_nan()) || (a - b).abs() < 1e-7));
}

#[test]
fn recovers_planted_interviewers_on_simulated_data() {
    let (_s, ds, truth) = common::simulated(20_000, 42);
    let opts = InterviewerOptions::default();
    let rep = interviewers::analyse(&ds, None, &opts).expect("analysis");
    // True leniency centred like the estimate: rating-weighted within the peer group (the simulated round).
    let tr = truth["interviewers"].as_array().expect("interviewers");
    let mut round_mean: HashMap<&str, (f64, f64)> = HashMap::new();
    for t in tr {
        let e = round_mean.entry(t["round"].as_str().unwrap()).or_default();
        let n = t["n_ratings"].as_f64().unwrap();
        e.0 += n * t["leniency"].as_f64().unwrap();
        e.1 += n;
    }
    let centred: HashMap<&str, f64> = tr
        .iter()
        .map(|t| {
            let m = round_mean[t["round"].as_str().unwrap()];
            (t["interviewer_id"].as_str().unwrap(), t["leniency"].as_f64().unwrap() - m.0 / m.1)
        })
        .collect();
    let (mut est, mut tru) = (Vec::new(), Vec::new());
    for t in tr {
        let id = t["interviewer_id"].as_str().unwrap();
        let Some(e) = rep.interviewers.iter().find(|i| i.interviewer_id == id) else { continue };
        if t["planted"].as_str() == Some("drifting") || e.n_scorecards < 10 {
            continue;
        }
        if let Some(b) = e.leniency {
            est.push(b);
            tru.push(centred[id]);
        }
    }
    let r = hirecal::stats::correlation::spearman(&est, &tru).expect("r");
    assert!(
        r >= 0.9,
        "Spearman correlation of estimated and true leniency {r} over {} interviewers",
        est.len()
    );
    let flagged = |id: &str, f: Flag| by_id(&rep, id).flags.contains(&f);
    for id in truth["planted"]["lenient"].as_array().unwrap() {
        assert!(flagged(id.as_str().unwrap(), Flag::Lenient), "{id} not flagged lenient");
    }
    for id in truth["planted"]["harsh"].as_array().unwrap() {
        assert!(flagged(id.as_str().unwrap(), Flag::Harsh), "{id} not flagged harsh");
    }
    for id in truth["planted"]["narrow_range"].as_array().unwrap() {
        assert!(flagged(id.as_str().unwrap(), Flag::NarrowRange), "{id} not flagged narrow_range");
    }
    for id in truth["planted"]["drifting"].as_array().unwrap() {
        assert!(flagged(id.as_str().unwrap(), Flag::Drifting), "{id} not flagged drifting");
    }
    // Flags point the right way: lenient/harsh flags agree in sign with the truth, and almost never fall
    // on an interviewer whose true centred leniency is negligible.
    let (mut right, mut wrong, mut negligible) = (0, 0, 0);
    for i in &rep.interviewers {
        let t = centred[i.interviewer_id.as_str()];
        for (f, sign) in [(Flag::Lenient, 1.0), (Flag::Harsh, -1.0)] {
            if i.flags.contains(&f) {
                if t * sign > 0.0 {
                    right += 1;
                } else {
                    wrong += 1;
                }
                if t * sign < 0.1 {
                    negligible += 1;
                }
            }
        }
    }
    assert!(right >= 4 && wrong * 10 <= right, "{right} flags right, {wrong} wrong");
    assert!(negligible <= 1, "{negligible} flags where the true leniency is under .1 in that direction");
    // Adjusted panel scores exist for every rated candidate and are finite.
    let design = Design::of(&ds);
    let fit = model::fit(&ds, &design, &ModelOptions::default());
    let adj = model::adjusted_panel_scores(&ds, &fit);
    assert_eq!(adj.len(), ds.candidates.len());
    assert!(adj.iter().all(|v| v.is_finite()));
}

#[test]
fn binary_prints_interviewers_and_panel_json() {
    let s = common::Scratch::new();
    let opts = hirecal::simulate::SimOptions { candidates: 600, seed: 5, ..Default::default() };
    hirecal::simulate::write_all(&opts, s.path()).expect("simulate");
    let args = ["--scorecards", "scorecards.csv", "--outcomes", "outcomes.csv", "--format", "json"];
    let (code, out, err) = common::run(s.path(), &[&["interviewers"][..], &args].concat());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("interviewers json");
    let list = v["interviewers"].as_array().expect("interviewers[]");
    assert!(!list.is_empty());
    for field in [
        "interviewer_id",
        "peer_group",
        "n_scorecards",
        "n_ratings",
        "n_candidates",
        "leniency",
        "leniency_se",
        "leniency_ci",
        "leniency_shrunk",
        "spread_ratio",
        "extreme_share",
        "panel_agreement_r",
        "panel_agreement_n",
        "decision_agreement",
        "decision_kappa",
        "validity_r",
        "validity_n",
        "validity_shrunk",
        "halo_index",
        "drift_per_year",
        "drift_ci",
        "flags",
    ] {
        assert!(list[0].get(field).is_some(), "interviewers[0].{field} missing");
    }
    assert!(!out.contains("NaN"));
    assert!(list.iter().any(|i| i["leniency"].is_f64()));

    let (code, out, err) =
        common::run(s.path(), &["panel", "--scorecards", "scorecards.csv", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("panel json");
    let p = &v["panel"];
    for field in [
        "icc",
        "icc1_unbalanced",
        "mean_panel_size",
        "krippendorff_alpha_interval",
        "krippendorff_alpha_ordinal",
        "cronbach_alpha",
        "interviews_for_reliability",
        "panel_agreement_r",
        "components",
        "peer_groups",
    ] {
        assert!(p.get(field).is_some(), "panel.{field} missing");
    }
    assert!(p["icc"].is_null(), "simulated panels are not crossed");
    assert!(p["icc1_unbalanced"].is_f64());
    assert_eq!(p["interviews_for_reliability"]["target"].as_f64(), Some(0.8));
    assert_eq!(p["peer_groups"].as_u64(), Some(4));

    // Table and csv render.
    let (code, out, _) = common::run(s.path(), &["interviewers", "--scorecards", "scorecards.csv"]);
    assert_eq!(code, 0);
    assert!(out.lines().all(|l| l.chars().count() <= 100), "table wider than 100 columns");
    let (code, out, _) =
        common::run(s.path(), &["interviewers", "--scorecards", "scorecards.csv", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("interviewer_id,peer_group,"));
    assert!(out.contains("leniency_ci_low,leniency_ci_high"));
    let (code, out, _) = common::run(s.path(), &["panel", "--scorecards", "scorecards.csv"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("A single interview has reliability"), "{out}");
}
