//! summary.json end to end against scipy / statsmodels / krippendorff: the fields no other reference
//! test covers (leniency intervals, shrunk interviewer validities, the unbalanced panel's one-way ICC,
//! Spearman–Brown and Krippendorff's alpha, the panel score's validity block and adjusted validity,
//! outcome by score band, decision-AUC intervals). `hirecal report` runs on the constructed data of
//! tests/reference/interviewers_reference.py; tests/reference/summary_reference.py computed the
//! expected numbers into tests/data/summary_expected.csv.

mod common;

use std::collections::HashMap;

use serde_json::Value;

fn expected() -> HashMap<String, f64> {
    common::expected_values("summary_expected.csv")
}

/// `hirecal report` on the unbalanced interviewer data; its summary.json.
fn summary() -> Value {
    report(&["iv_scorecards.csv", "iv_outcomes.csv"], None)
}

/// `hirecal report` on files of tests/data (scorecards, outcomes, optional questions); its summary.json.
fn report(files: &[&str; 2], questions: Option<&str>) -> Value {
    report_with(files, questions, &[])
}

/// [`report`] with extra command-line arguments.
fn report_with(files: &[&str; 2], questions: Option<&str>, extra: &[&str]) -> Value {
    let dir = common::Scratch::new();
    let d = common::test_data();
    let (sc, oc) = (d.join(files[0]), d.join(files[1]));
    let out = dir.path().join("out");
    let mut args = vec![
        "report".to_string(),
        "--scorecards".into(),
        sc.to_str().unwrap().into(),
        "--outcomes".into(),
        oc.to_str().unwrap().into(),
        "--charts".into(),
        "none".into(),
        "--out".into(),
        out.to_str().unwrap().into(),
    ];
    if let Some(q) = questions {
        args.extend(["--questions".to_string(), d.join(q).to_str().unwrap().to_string()]);
    }
    args.extend(extra.iter().map(|a| a.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, err) = common::run(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

/// Our numbers from summary.json under the reference script's keys.
fn ours(s: &Value) -> HashMap<String, f64> {
    let mut m = HashMap::new();
    let mut put = |k: String, v: &Value| {
        if let Some(v) = v.as_f64() {
            m.insert(k, v);
        }
    };
    for i in s["interviewers"].as_array().unwrap() {
        let id = i["interviewer_id"].as_str().unwrap();
        put(format!("leniency_lo:{id}"), &i["leniency_ci"][0]);
        put(format!("leniency_hi:{id}"), &i["leniency_ci"][1]);
        put(format!("validity_shrunk:{id}"), &i["validity_shrunk"]);
    }
    let p = &s["panel"];
    for k in ["icc1_unbalanced", "mean_panel_size", "reliability_mean_panel"] {
        put(k.into(), &p[k]);
    }
    put("k_for_80".into(), &p["interviews_for_reliability"]["k"]);
    put("kalpha_interval".into(), &p["krippendorff_alpha_interval"]);
    put("kalpha_ordinal".into(), &p["krippendorff_alpha_ordinal"]);
    let pr = &s["process"];
    for k in [
        "decision_auc",
        "n_validity",
        "validity_r",
        "validity_p",
        "validity_spearman",
        "range_restriction_u",
        "validity_corrected",
        "validity_adjusted",
    ] {
        put(format!("process.{k}"), &pr[k]);
    }
    put("process.decision_auc_lo".into(), &pr["decision_auc_ci"][0]);
    put("process.decision_auc_hi".into(), &pr["decision_auc_ci"][1]);
    put("process.validity_lo".into(), &pr["validity_ci"][0]);
    put("process.validity_hi".into(), &pr["validity_ci"][1]);
    for (b, band) in pr["outcome_by_score"].as_array().unwrap().iter().enumerate() {
        for k in ["score_low", "score_high", "n", "mean"] {
            put(format!("band.{b}.{k}"), &band[k]);
        }
        put(format!("band.{b}.lo"), &band["ci"][0]);
        put(format!("band.{b}.hi"), &band["ci"][1]);
    }
    for q in s["questions"].as_array().unwrap() {
        let id = q["question_id"].as_str().unwrap();
        put(format!("q.{id}.decision_auc"), &q["decision_auc"]);
        put(format!("q.{id}.decision_auc_lo"), &q["decision_auc_ci"][0]);
        put(format!("q.{id}.decision_auc_hi"), &q["decision_auc_ci"][1]);
    }
    m
}

#[test]
fn summary_json_matches_the_reference_implementations() {
    let s = summary();
    let got = ours(&s);
    // `validity_*` pooled/tau² are intermediate; `shrink.*`, `c.*`, `bin.*` and `boot.*` belong to the
    // tests below.
    let exp: HashMap<String, f64> = expected()
        .into_iter()
        .filter(|(k, _)| {
            !["shrink.", "c.", "bin.", "boot."].iter().any(|p| k.starts_with(p))
                && k != "validity_pooled_r"
                && k != "validity_tau2"
        })
        .collect();
    let mut missing = Vec::new();
    for (k, want) in &exp {
        match got.get(k) {
            None => missing.push(k.clone()),
            Some(g) => {
                assert!((g - want).abs() <= 1e-9 * want.abs().max(1.0), "{k}: got {g}, expected {want}")
            }
        }
    }
    assert!(missing.is_empty(), "not in summary.json: {missing:?}");
    assert!(exp.len() >= 70, "the reference covers {} numbers", exp.len());
    // The lone interviewer C1 (a separate component) has no leniency interval and no validity.
    let c1 = s["interviewers"].as_array().unwrap().iter().find(|i| i["interviewer_id"] == "C1").unwrap();
    assert!(c1["leniency_ci"].is_null() && c1["validity_shrunk"].is_null());
}

/// `competencies[]` end to end on the data of tests/reference/questions_reference.py (competency A =
/// q1 + q2, B = q3): every non-bootstrap number against scipy / statsmodels.
#[test]
fn competencies_match_the_reference_implementations() {
    let s = report(&["ref_scorecards.csv", "ref_outcomes.csv"], Some("ref_questions.csv"));
    let mut got = HashMap::new();
    for c in s["competencies"].as_array().unwrap() {
        let id = c["competency"].as_str().unwrap();
        let mut put = |k: &str, v: &Value| {
            if let Some(v) = v.as_f64() {
                got.insert(format!("c.{id}.{k}"), v);
            }
        };
        for k in [
            "n_scored",
            "mean",
            "sd",
            "decision_auc",
            "n_validity",
            "validity_r",
            "validity_p",
            "validity_spearman",
            "validity_corrected",
            "item_rest_r",
            "incremental_beta",
        ] {
            put(k, &c[k]);
        }
        put("decision_auc_lo", &c["decision_auc_ci"][0]);
        put("decision_auc_hi", &c["decision_auc_ci"][1]);
        put("validity_lo", &c["validity_ci"][0]);
        put("validity_hi", &c["validity_ci"][1]);
    }
    let exp: HashMap<String, f64> = expected().into_iter().filter(|(k, _)| k.starts_with("c.")).collect();
    assert_eq!(exp.len(), 30, "two competencies × 15 numbers");
    for (k, want) in &exp {
        let g = got.get(k).unwrap_or_else(|| panic!("{k} not in summary.json"));
        assert!((g - want).abs() <= 1e-9 * want.abs().max(1.0), "{k}: got {g}, expected {want}");
    }
    assert_eq!(got.len(), exp.len(), "nothing beyond the reference: {got:?}");
}

/// A yes/no outcome end to end on the data of tests/reference/binary_selection.py: `validity_auc` of
/// the questions, competencies and panel score (scipy Mann–Whitney), and `outcome_by_score` as rates
/// with statsmodels' Wilson interval.
#[test]
fn binary_outcome_fields_match_the_reference_implementations() {
    let s = report(&["bin_scorecards.csv", "bin_outcomes.csv"], Some("bin_questions.csv"));
    assert_eq!(s["outcome"]["kind"], "binary");
    let mut got = HashMap::new();
    let mut put = |k: String, v: &Value| {
        if let Some(v) = v.as_f64() {
            got.insert(k, v);
        }
    };
    for q in s["questions"].as_array().unwrap() {
        put(format!("bin.q.{}.validity_auc", q["question_id"].as_str().unwrap()), &q["validity_auc"]);
    }
    for c in s["competencies"].as_array().unwrap() {
        put(format!("bin.c.{}.validity_auc", c["competency"].as_str().unwrap()), &c["validity_auc"]);
    }
    put("bin.process.validity_auc".into(), &s["process"]["validity_auc"]);
    for (b, band) in s["process"]["outcome_by_score"].as_array().unwrap().iter().enumerate() {
        for k in ["score_low", "score_high", "n", "mean"] {
            put(format!("bin.band.{b}.{k}"), &band[k]);
        }
        put(format!("bin.band.{b}.lo"), &band["ci"][0]);
        put(format!("bin.band.{b}.hi"), &band["ci"][1]);
    }
    let exp: HashMap<String, f64> = expected().into_iter().filter(|(k, _)| k.starts_with("bin.")).collect();
    assert_eq!(exp.len(), 36, "six AUCs and five bands × 6 numbers");
    for (k, want) in &exp {
        let g = got.get(k).unwrap_or_else(|| panic!("{k} not in summary.json"));
        assert!((g - want).abs() <= 1e-9 * want.abs().max(1.0), "{k}: got {g}, expected {want}");
    }
    assert_eq!(got.len(), exp.len(), "nothing beyond the reference: {got:?}");
}

/// The corrected validity's bootstrap against scipy.stats.bootstrap (percentile, 20,000 resamples) on
/// the data of tests/reference/questions_reference.py: `validity_corrected_ci`, `validity_corrected_p`,
/// `validity_q` (statsmodels fdr_bh of scipy's p), `mde_r`, `n_needed`, `incremental_beta_ci`,
/// `question_comparisons[].diff_ci` and the panel score's Case II interval, p and power. The two draw different
/// resamples, so they agree within Monte Carlo error: hirecal runs 5,000 replicates; the percentile
/// endpoints' SE is ≈ .006 here, a p near .3 has SE ≈ .011, the replicate SD ≈ 1% relative.
#[test]
fn bootstrap_statistics_agree_with_scipy_within_monte_carlo_error() {
    let s = report_with(
        &["ref_scorecards.csv", "ref_outcomes.csv"],
        Some("ref_questions.csv"),
        &["--bootstrap", "5000"],
    );
    let e = expected();
    let num = |v: &Value, what: &str| v.as_f64().unwrap_or_else(|| panic!("{what} is not a number: {v}"));
    let close = |got: f64, want: f64, tol: f64, what: &str| {
        assert!((got - want).abs() <= tol, "{what}: got {got}, expected {want} (±{tol})");
    };
    let qs = s["questions"].as_array().unwrap();
    assert_eq!(qs.len(), 3);
    for q in qs {
        let id = q["question_id"].as_str().unwrap();
        let w = |k: &str| e[&format!("boot.{id}.{k}")];
        close(num(&q["validity_corrected_ci"][0], "lo"), w("lo"), 0.025, &format!("{id} interval low"));
        close(num(&q["validity_corrected_ci"][1], "hi"), w("hi"), 0.025, &format!("{id} interval high"));
        close(num(&q["validity_corrected_p"], "p"), w("p"), 0.04, &format!("{id} bootstrap p"));
        close(num(&q["validity_q"], "q"), w("q"), 0.06, &format!("{id} BH q"));
        close(num(&q["mde_r"], "mde_r"), w("mde_r"), 0.05 * w("mde_r"), &format!("{id} mde_r"));
        close(num(&q["n_needed"], "n_needed"), w("n_needed"), 0.1 * w("n_needed"), &format!("{id} n_needed"));
        let beta = &q["incremental_beta_ci"];
        close(num(&beta[0], "beta lo"), e[&format!("boot.beta.{id}.lo")], 0.025, &format!("{id} beta low"));
        close(num(&beta[1], "beta hi"), e[&format!("boot.beta.{id}.hi")], 0.025, &format!("{id} beta high"));
    }
    // The best question against each other one, on the same resamples.
    let cmp = s["question_comparisons"].as_array().unwrap();
    assert_eq!(cmp.len(), 2);
    for c in cmp {
        assert_eq!(c["a"], "q1");
        let b = c["b"].as_str().unwrap();
        for (k, i) in [("lo", 0), ("hi", 1)] {
            let want = e[&format!("boot.diff.{b}.{k}")];
            close(num(&c["diff_ci"][i], k), want, 0.025, &format!("q1 - {b} interval {k}"));
        }
    }
    // The panel score: Case II with u held, r recomputed per resample.
    let p = &s["process"];
    let w = |k: &str| e[&format!("boot.process.{k}")];
    close(num(&p["validity_corrected_ci"][0], "lo"), w("lo"), 0.025, "panel interval low");
    close(num(&p["validity_corrected_ci"][1], "hi"), w("hi"), 0.025, "panel interval high");
    close(num(&p["validity_corrected_p"], "p"), w("p"), 0.04, "panel bootstrap p");
    close(num(&p["mde_r"], "mde_r"), w("mde_r"), 0.05 * w("mde_r"), "panel mde_r");
    close(num(&p["n_needed"], "n_needed"), w("n_needed"), 0.1 * w("n_needed"), "panel n_needed");
}

/// On the constructed data the interviewers' validities vary no more than sampling error (τ² = 0), so
/// every shrunk value is the pooled r; this checks the empirical-Bayes step where τ² > 0.
#[test]
fn validity_shrinkage_matches_the_reference_when_validities_differ() {
    let exp = expected();
    assert_eq!(exp["validity_tau2"], 0.0);
    let rs: Vec<(Option<f64>, usize)> =
        [(0.55, 40), (-0.30, 35), (0.10, 60), (0.42, 25), (-0.05, 50), (0.70, 30)]
            .iter()
            .map(|&(r, n)| (Some(r), n))
            .collect();
    let got = hirecal::analysis::interviewers::shrink_fisher(&rs, Some(0.2));
    assert!(exp["shrink.tau2"] > 0.0);
    for (k, g) in got.iter().enumerate() {
        let want = exp[&format!("shrink.{k}")];
        let g = g.expect("shrunk");
        assert!((g - want).abs() <= 1e-12, "shrink.{k}: got {g}, expected {want}");
    }
    // Three hires or fewer: no Fisher-z variance, no shrunk value.
    let few = hirecal::analysis::interviewers::shrink_fisher(&[(Some(0.5), 3), (Some(0.1), 40)], Some(0.2));
    assert_eq!(few[0], None);
}

/// `panel.generalizability` end to end against lme4 (tests/reference/summary_gstudy_lme4.R): REML
/// variance components and shares, the whole D-study grid, `reaching_target`, and the panel as staffed
/// (sizes, G and Φ at the rounded sizes, Putka et al.'s G(q,k) written from its definition in R).
/// hirecal's REML agrees with lme4's to ~1e-4 of a component (tests/generalizability.rs), so the
/// coefficients built from the components are compared at 1e-5.
#[test]
fn generalizability_matches_lme4() {
    let e = common::expected_values("summary_g_expected.csv");
    let s = summary();
    let g = &s["panel"]["generalizability"];
    assert_eq!((g["design"].as_str(), g["method"].as_str()), (Some("crossed"), Some("reml")));
    let num = |v: &Value, what: &str| v.as_f64().unwrap_or_else(|| panic!("{what} is not a number: {v}"));
    let close = |got: f64, want: f64, tol: f64, what: &str| {
        assert!((got - want).abs() <= tol, "{what}: got {got}, expected {want} (±{tol})");
    };
    let names = [
        "candidate",
        "question",
        "interviewer",
        "candidate_x_question",
        "candidate_x_interviewer",
        "question_x_interviewer",
        "residual",
    ];
    for k in names {
        let c = &g["components"][k];
        let want = e[&format!("g.{k}")];
        close(num(&c["variance"], k), want, 2e-4 * want.max(0.05), k);
        close(num(&c["share"], k), e[&format!("g.{k}.share")], 1e-4, &format!("{k} share"));
    }
    let grid = g["d_study"].as_array().unwrap();
    assert_eq!(grid.len(), 72);
    for cell in grid {
        let (q, r) = (cell["questions"].as_u64().unwrap(), cell["interviewers"].as_u64().unwrap());
        for k in ["g", "phi"] {
            close(num(&cell[k], k), e[&format!("d.{q}.{r}.{k}")], 1e-5, &format!("{k}({q}, {r})"));
        }
    }
    let reach = g["reaching_target"].as_array().unwrap();
    let want_reach: Vec<(u64, u64)> =
        (1..=6).filter_map(|r| e.get(&format!("reach.{r}.questions")).map(|&q| (q as u64, r))).collect();
    let got_reach: Vec<(u64, u64)> = reach
        .iter()
        .map(|c| (c["questions"].as_u64().unwrap(), c["interviewers"].as_u64().unwrap()))
        .collect();
    assert_eq!(got_reach, want_reach);
    let cur = &g["current"];
    close(num(&cur["questions"], "questions"), e["current.questions"], 1e-12, "current questions");
    close(
        num(&cur["interviewers"], "interviewers"),
        e["current.interviewers"],
        1e-12,
        "current interviewers",
    );
    for k in ["g", "phi", "g_qk"] {
        close(num(&cur[k], k), e[&format!("current.{k}")], 1e-5, &format!("current {k}"));
    }
}
