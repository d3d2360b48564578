//! Adverse impact end to end against scipy / statsmodels / pingouin: every number of `fairness`
//! (selection per stage, question and panel-score gaps, interviewer residual gaps, differential
//! prediction, input counts) on data built by tests/reference/fairness_reference.py, which wrote
//! tests/data/fairness_*.csv and the expected numbers in tests/data/fairness_expected.csv.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use hirecal::analysis::design::Design;
use hirecal::analysis::fairness::{self, FairnessOptions, FairnessReport};
use hirecal::analysis::model::{self, ModelOptions};
use hirecal::config::Config;
use hirecal::config::GroupsConfig;
use hirecal::dataset::Dataset;
use hirecal::ingest::groups;
use hirecal::ingest::{load, Inputs, LoadOptions};

fn data() -> PathBuf {
    common::test_data()
}

fn expected() -> HashMap<String, f64> {
    common::expected_values("fairness_expected.csv")
}

fn load_data() -> Dataset {
    let inputs = Inputs {
        scorecards: data().join("fairness_scorecards.csv"),
        outcomes: vec![data().join("fairness_outcomes.csv")],
        questions: None,
    };
    load(&inputs, &Config::default(), &LoadOptions::strict()).expect("fairness data loads").0
}

fn analyse(ds: &Dataset) -> FairnessReport {
    let g = groups::read(
        &data().join("fairness_groups.csv"),
        &GroupsConfig::default(),
        None,
        &ds.candidates,
        None,
    )
    .expect("groups read");
    let fit = model::fit(ds, &Design::of(ds), &ModelOptions::default());
    fairness::analyse(ds, &g, &fit, Some("perf"), &FairnessOptions::default()).expect("analysis")
}

/// Our numbers under the reference script's keys.
fn ours(rep: &FairnessReport) -> HashMap<String, f64> {
    let mut m = HashMap::new();
    let mut put = |k: String, v: Option<f64>| {
        if let Some(v) = v {
            m.insert(k, v);
        }
    };
    put("in.rows".into(), Some(rep.inputs.rows_read as f64));
    put("in.without_scorecards".into(), Some(rep.inputs.groups_without_scorecards as f64));
    put("in.without_groups".into(), Some(rep.inputs.scorecards_without_groups as f64));
    for c in &rep.columns {
        put(format!("in.{}.unknown", c.column), Some(c.unknown as f64));
        put(format!("in.{}.suppressed", c.column), Some(c.suppressed_groups as f64));
        if let Some(r) = &c.reference_group {
            put(format!("ref.{}.{r}", c.column), Some(1.0));
        }
    }
    put("iv.pooled_sd".into(), rep.pooled_rating_sd);
    for r in rep.selection.iter().filter(|r| !r.suppressed) {
        let p = format!("sel.{}.{}.{}", r.column, r.stage, r.group);
        put(format!("{p}.n"), r.n.map(|v| v as f64));
        put(format!("{p}.selected"), r.selected.map(|v| v as f64));
        put(format!("{p}.rate"), r.rate);
        if r.reference_group.as_deref() == Some(r.group.as_str()) {
            continue;
        }
        put(format!("{p}.impact_ratio"), r.impact_ratio);
        put(format!("{p}.ir_lo"), r.impact_ratio_ci.map(|c| c.0));
        put(format!("{p}.ir_hi"), r.impact_ratio_ci.map(|c| c.1));
        put(format!("{p}.z_d"), r.z_d);
        put(format!("{p}.p_z_d"), r.p_z_d);
        put(format!("{p}.z_ir"), r.z_ir);
        put(format!("{p}.p_z_ir"), r.p_z_ir);
        put(format!("{p}.fisher_p"), r.fisher_p);
        put(format!("{p}.mid_p"), r.mid_p);
        put(format!("{p}.shortfall"), r.shortfall);
    }
    for r in rep.questions.iter().filter(|r| !r.suppressed) {
        let p = format!("q.{}.{}.{}", r.column, r.question_id, r.group);
        put(format!("{p}.n_group"), r.n_group.map(|v| v as f64));
        put(format!("{p}.n_reference"), r.n_reference.map(|v| v as f64));
        put(format!("{p}.d"), r.d);
        put(format!("{p}.d_lo"), r.d_ci.map(|c| c.0));
        put(format!("{p}.d_hi"), r.d_ci.map(|c| c.1));
        put(format!("{p}.p"), r.p);
        put(format!("{p}.q"), r.q);
    }
    for r in rep.interviewers.iter().filter(|r| !r.suppressed) {
        let p = format!("iv.{}.{}.{}", r.column, r.interviewer_id, r.group);
        put(format!("{p}.n_group"), r.n_group.map(|v| v as f64));
        put(format!("{p}.n_reference"), r.n_reference.map(|v| v as f64));
        put(format!("{p}.gap"), r.gap);
        put(format!("{p}.se"), r.gap_se);
        put(format!("{p}.lo"), r.gap_ci.map(|c| c.0));
        put(format!("{p}.hi"), r.gap_ci.map(|c| c.1));
        put(format!("{p}.p"), r.p);
        put(format!("{p}.q"), r.q);
    }
    for r in rep.prediction.iter().filter(|r| !r.suppressed) {
        let p = format!("pred.{}.{}", r.column, r.group);
        put(format!("{p}.n_group"), r.n_group.map(|v| v as f64));
        put(format!("{p}.n_reference"), r.n_reference.map(|v| v as f64));
        put(format!("{p}.centered_at"), r.centered_at);
        put(format!("{p}.intercept_diff"), r.intercept_diff);
        put(format!("{p}.intercept_diff_se"), r.intercept_diff_se);
        put(format!("{p}.intercept_diff_lo"), r.intercept_diff_ci.map(|c| c.0));
        put(format!("{p}.intercept_diff_hi"), r.intercept_diff_ci.map(|c| c.1));
        put(format!("{p}.intercept_diff_p"), r.intercept_diff_p);
        put(format!("{p}.slope_diff"), r.slope_diff);
        put(format!("{p}.slope_diff_se"), r.slope_diff_se);
        put(format!("{p}.slope_diff_lo"), r.slope_diff_ci.map(|c| c.0));
        put(format!("{p}.slope_diff_hi"), r.slope_diff_ci.map(|c| c.1));
        put(format!("{p}.slope_diff_p"), r.slope_diff_p);
        put(format!("{p}.intercept_diff_q"), r.intercept_diff_q);
        put(format!("{p}.slope_diff_q"), r.slope_diff_q);
    }
    m
}

#[test]
fn every_number_matches_the_reference_implementations() {
    let ds = load_data();
    let rep = analyse(&ds);
    let exp = expected();
    let got = ours(&rep);
    let mut missing = Vec::new();
    // `u.*` are the 2×2 cases of the unit tests in src/stats/adverse_impact.rs; `pm11.*` belong to
    // `prediction_q_leaves_suppressed_rows_out`.
    let exp: HashMap<String, f64> =
        exp.into_iter().filter(|(k, _)| !k.starts_with("u.") && !k.starts_with("pm11.")).collect();
    for (k, want) in &exp {
        match got.get(k) {
            None => missing.push(k.clone()),
            Some(g) => {
                let tol = 1e-8 * want.abs().max(1.0);
                assert!((g - want).abs() <= tol, "{k}: got {g}, expected {want}");
            }
        }
    }
    assert!(missing.is_empty(), "not computed: {missing:?}");
    // Nothing beyond what the reference computed (e.g. a suppressed group's statistics).
    let extra: Vec<&String> = got.keys().filter(|k| !exp.contains_key(*k)).collect();
    assert!(extra.is_empty(), "computed but not in the reference: {extra:?}");
    assert!(exp.len() > 250, "the reference covers {} numbers", exp.len());
}

/// Differential prediction's q-values are one Benjamini–Hochberg family over every intercept and slope
/// test of the run; a suppressed row has no test and leaves the family. Under --min-cell 11 the
/// veterans' row (10 hires with perf) is suppressed, so the gender q-values are BH over gender's two
/// p-values alone (reference: `pm11.*` of fairness_reference.py), not the four of the default run.
#[test]
fn prediction_q_leaves_suppressed_rows_out() {
    let ds = load_data();
    let g = groups::read(
        &data().join("fairness_groups.csv"),
        &GroupsConfig::default(),
        None,
        &ds.candidates,
        None,
    )
    .unwrap();
    let fit = model::fit(&ds, &Design::of(&ds), &ModelOptions::default());
    let opts = FairnessOptions { min_cell: 11, ..FairnessOptions::default() };
    let rep = fairness::analyse(&ds, &g, &fit, Some("perf"), &opts).unwrap();
    let exp = expected();
    let mut checked = 0;
    for r in &rep.prediction {
        if r.suppressed {
            assert_eq!((r.intercept_diff_q, r.slope_diff_q), (None, None), "{}", r.column);
            continue;
        }
        let p = format!("pm11.{}.{}", r.column, r.group);
        for (name, got) in [("intercept_diff_q", r.intercept_diff_q), ("slope_diff_q", r.slope_diff_q)] {
            let want = exp[&format!("{p}.{name}")];
            let got = got.unwrap_or_else(|| panic!("{p}.{name} not computed"));
            assert!(
                (got - want).abs() <= 1e-8 * want.abs().max(1.0),
                "{p}.{name}: got {got}, expected {want}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 2, "only the gender row is tested under --min-cell 11");
    assert!(rep.prediction.iter().any(|r| r.column == "veteran" && r.suppressed));
}

#[test]
fn planted_interviewer_is_flagged_and_suppressed_group_has_no_numbers() {
    let ds = load_data();
    let rep = analyse(&ds);
    let flagged: Vec<(&str, &str)> = rep
        .interviewers
        .iter()
        .filter(|r| r.group_gap)
        .map(|r| (r.column.as_str(), r.interviewer_id.as_str()))
        .collect();
    assert!(flagged.contains(&("gender", "I4")), "{flagged:?}");
    assert!(flagged.iter().all(|f| f.0 == "gender"), "no veteran gap was planted: {flagged:?}");
    // The 3-person group: listed as suppressed, never the reference, nowhere else.
    let nb: Vec<_> = rep.selection.iter().filter(|r| r.group == "nonbinary").collect();
    assert_eq!(nb.len(), 2, "hired and advanced");
    for r in nb {
        assert!(r.suppressed);
        assert_eq!((r.n, r.selected, r.rate, r.impact_ratio, r.fisher_p), (None, None, None, None, None));
    }
    assert!(rep.questions.iter().all(|r| r.group != "nonbinary" && r.reference_group != "nonbinary"));
    assert!(rep.interviewers.iter().all(|r| r.group != "nonbinary"));
    assert!(rep.prediction.iter().all(|r| r.group != "nonbinary"));
    assert_eq!(rep.stages, vec!["advanced".to_string()]);
    // The JSON never carries a suppressed count.
    let json = serde_json::to_value(&rep).unwrap();
    for row in json["selection"].as_array().unwrap() {
        if row["suppressed"] == true {
            assert!(row["n"].is_null() && row["selected"].is_null() && row["rate"].is_null());
        }
    }
}

#[test]
fn a_larger_min_cell_suppresses_more_everywhere() {
    let ds = load_data();
    let g = groups::read(
        &data().join("fairness_groups.csv"),
        &GroupsConfig::default(),
        None,
        &ds.candidates,
        None,
    )
    .unwrap();
    let fit = model::fit(&ds, &Design::of(&ds), &ModelOptions::default());
    let opts = FairnessOptions { min_cell: 20, ..FairnessOptions::default() };
    let rep = fairness::analyse(&ds, &g, &fit, Some("perf"), &opts).unwrap();
    // Veterans: 29 candidates, 13-19 scorecards per interviewer, 10 hires with perf.
    assert!(rep
        .interviewers
        .iter()
        .filter(|r| r.column == "veteran")
        .all(|r| r.suppressed && r.gap.is_none()));
    assert!(rep.prediction.iter().all(|r| r.suppressed && r.slope_diff.is_none()));
    for r in rep.interviewers.iter().filter(|r| !r.suppressed) {
        assert!(r.n_group.unwrap() >= 20 && r.n_reference.unwrap() >= 20);
    }
    for r in &rep.selection {
        assert_eq!(r.suppressed, r.n.is_none());
        if let Some(n) = r.n {
            assert!(n >= 20);
        }
    }
}
