//! Recovery on simulated data with known truth: the range-restriction correction brings per-question
//! validity among hires back to the full-pool truth, where raw correlations are biased.

use hirecal::analysis::questions::analyse;
use hirecal::analysis::validity::ValidityOptions;
use hirecal::config::Config;
use hirecal::ingest::{load, Inputs, LoadOptions};
use hirecal::simulate::{write_all, SimOptions};

#[test]
fn corrected_validity_recovers_the_full_pool_truth() {
    let dir = tempfile::tempdir().unwrap();
    write_all(&SimOptions { candidates: 20_000, seed: 3, ..SimOptions::default() }, dir.path()).unwrap();
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("truth.json")).unwrap()).unwrap();
    let inputs = Inputs {
        scorecards: dir.path().join("scorecards.csv"),
        outcomes: vec![dir.path().join("outcomes.csv")],
        questions: Some(dir.path().join("questions.csv")),
    };
    let (ds, _) = load(&inputs, &Config::default(), &LoadOptions::strict()).unwrap();
    let opts = ValidityOptions {
        confidence: 0.95,
        bootstrap: 200,
        seed: 1,
        correct_selection: true,
        outcome_reliability: None,
        min_n: 30,
        progress: Default::default(),
    };
    let rep = analyse(&ds, Some("perf_rating_12m"), &opts).unwrap();
    let (mut raw_err, mut corr_err) = (0.0, 0.0);
    for q in &rep.questions {
        let t = truth["question_validity"][&q.question_id].as_f64().expect("truth value");
        let v = &q.stats.validity;
        let (raw, corr) = (v.validity_r.unwrap(), v.validity_corrected.unwrap());
        assert!(
            (corr - t).abs() < 0.06,
            "{}: corrected {corr:.3} vs truth {t:.3} (raw {raw:.3})",
            q.question_id
        );
        raw_err += (raw - t).abs();
        corr_err += (corr - t).abs();
    }
    assert!(
        corr_err < raw_err / 2.0,
        "correction halves the error at least: raw {raw_err:.3}, corrected {corr_err:.3}"
    );
    // The question with no true validity reads negative among hires but not after correction.
    let q10 = rep.questions.iter().find(|q| q.question_id == "Q10").unwrap();
    assert!(
        q10.stats.validity.validity_r.unwrap() < -0.05,
        "selection makes the useless question look harmful"
    );
    assert_ne!(q10.stats.verdict.as_str(), "predictive");
    // The question with the highest true validity ranks first on corrected validity.
    let best_true = rep
        .questions
        .iter()
        .max_by(|a, b| {
            let t = |q: &&hirecal::analysis::questions::QuestionResult| {
                truth["question_validity"][&q.question_id].as_f64().unwrap_or(f64::MIN)
            };
            t(a).total_cmp(&t(b))
        })
        .unwrap();
    let best_est = rep
        .questions
        .iter()
        .max_by(|a, b| {
            a.stats
                .validity
                .validity_corrected
                .unwrap_or(f64::MIN)
                .total_cmp(&b.stats.validity.validity_corrected.unwrap_or(f64::MIN))
        })
        .unwrap();
    assert_eq!(best_est.question_id, best_true.question_id, "highest true validity ranks first");
    let panel_truth = truth["panel_validity"].as_f64().unwrap();
    let pc = rep.process.validity.validity_corrected.unwrap();
    assert!((pc - panel_truth).abs() < 0.06, "panel: corrected {pc:.3} vs truth {panel_truth:.3}");
}
