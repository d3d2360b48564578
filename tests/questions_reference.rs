//! The question analysis end to end against scipy/statsmodels: numbers from
//! tests/reference/questions_reference.py on tests/data/ref_*.csv (deterministic data it wrote).

use hirecal::analysis::questions::{analyse, QuestionsReport};
use hirecal::analysis::validity::ValidityOptions;
use hirecal::config::Config;
use hirecal::ingest::{load, Inputs, LoadOptions};

fn run(bootstrap: usize) -> QuestionsReport {
    let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let inputs = Inputs {
        scorecards: d.join("ref_scorecards.csv"),
        outcomes: vec![d.join("ref_outcomes.csv")],
        questions: Some(d.join("ref_questions.csv")),
    };
    let (ds, _) = load(&inputs, &Config::default(), &LoadOptions::strict()).expect("reference data loads");
    let opts = ValidityOptions {
        confidence: 0.95,
        bootstrap,
        seed: 42,
        correct_selection: true,
        outcome_reliability: None,
        min_n: 30,
        progress: Default::default(),
    };
    analyse(&ds, None, &opts).expect("analysis")
}

fn close(a: Option<f64>, b: f64, tol: f64, what: &str) {
    let a = a.unwrap_or_else(|| panic!("{what} is None"));
    assert!((a - b).abs() < tol, "{what}: got {a}, expected {b}");
}

#[test]
fn per_question_statistics_match_scipy() {
    let rep = run(0);
    assert_eq!(rep.outcome.as_ref().map(|o| o.name.as_str()), Some("perf"));
    // (id, n_scored, mean, sd, auc, n_validity, r, ci_lo, ci_hi, p, spearman, corrected, item_rest)
    let expected = [
        (
            "q1",
            379,
            2.926121372031662,
            0.905496733531495,
            0.818484263756737,
            103,
            0.295195391723778,
            0.107830843039748,
            0.462309433122252,
            2.469093069982068e-03,
            0.296097662860533,
            0.289966257923796,
            0.248851033011486,
        ),
        (
            "q2",
            380,
            2.9,
            0.887021638892083,
            0.853584905660377,
            104,
            -0.007276171336552,
            -0.199584717349964,
            0.185572096816656,
            9.415619720770861e-01,
            -0.032307568506071,
            0.070644980276656,
            0.415112038271796,
        ),
        (
            "q3",
            387,
            2.883720930232558,
            0.835990061578605,
            0.811821219715957,
            103,
            -0.248137530139082,
            -0.421425055154792,
            -0.057367704531822,
            1.149616613640399e-02,
            -0.288461685717612,
            -0.146675440028954,
            0.319589699636062,
        ),
    ];
    for (id, n, mean, sd, auc, nv, r, lo, hi, p, rho, corr, rest) in expected {
        let q = rep.questions.iter().find(|q| q.question_id == id).expect(id);
        let s = &q.stats;
        let v = &s.validity;
        assert_eq!(s.n_scored, n, "{id} n_scored");
        assert_eq!(v.n_validity, nv, "{id} n_validity");
        close(s.mean, mean, 1e-12, "mean");
        close(s.sd, sd, 1e-12, "sd");
        close(v.decision_auc, auc, 1e-12, "decision_auc");
        close(v.validity_r, r, 1e-10, "validity_r");
        close(v.validity_ci.map(|c| c.0), lo, 1e-9, "ci low");
        close(v.validity_ci.map(|c| c.1), hi, 1e-9, "ci high");
        close(v.validity_p, p, 1e-9, "p");
        close(v.validity_spearman, rho, 1e-10, "spearman");
        close(v.validity_corrected, corr, 1e-10, "Case III");
        close(s.item_rest_r, rest, 1e-10, "item_rest_r");
        assert_eq!(q.competency.as_deref(), Some(if id == "q3" { "B" } else { "A" }));
    }
}

#[test]
fn competency_and_panel_match_scipy() {
    let rep = run(0);
    let a = rep.competencies.iter().find(|c| c.competency == "A").expect("competency A");
    assert_eq!(a.questions, vec!["q1", "q2"]);
    assert_eq!(a.stats.n_scored, 400);
    close(a.stats.mean, 2.905, 1e-12, "competency mean");
    close(a.stats.validity.decision_auc, 0.938303571428571, 1e-12, "competency auc");
    close(a.stats.validity.validity_r, 0.188603328157223, 1e-10, "competency r");
    close(a.stats.validity.validity_corrected, 0.186874911939076, 1e-10, "competency Case III");
    let p = &rep.process.validity;
    assert_eq!(p.n_validity, 109);
    close(p.validity_r, 0.050824313097952, 1e-10, "panel r");
    close(p.validity_corrected, 0.105348519351768, 1e-10, "panel Case II");
    close(rep.process.range_restriction_u, 2.081702759001192, 1e-10, "u");
}

#[test]
fn incremental_betas_match_statsmodels() {
    let rep = run(0);
    let betas = [0.285296733715319, 0.026800675858172, -0.171115516128876];
    for (q, b) in rep.questions.iter().zip(betas) {
        close(q.stats.incremental_beta, b, 1e-9, &format!("beta {}", q.question_id));
    }
}

#[test]
fn bootstrap_intervals_are_deterministic_and_bracket_the_estimate() {
    let a = run(300);
    let b = run(300);
    for (qa, qb) in a.questions.iter().zip(&b.questions) {
        let (va, vb) = (&qa.stats.validity, &qb.stats.validity);
        assert_eq!(va.validity_corrected_ci, vb.validity_corrected_ci, "same seed, same interval");
        let (lo, hi) = va.validity_corrected_ci.expect("interval");
        let est = va.validity_corrected.expect("estimate");
        assert!(lo < est && est < hi, "{}: {lo} < {est} < {hi}", qa.question_id);
        let p = va.validity_corrected_p.expect("p");
        assert!((1.0 / 300.0..=1.0).contains(&p));
        assert!(qa.stats.validity_q.expect("q") >= p - 1e-12, "BH q >= p");
    }
    // q1 is the best question; the comparisons list the other two.
    assert_eq!(a.question_comparisons.len(), 2);
    assert!(a.question_comparisons.iter().all(|c| c.a == "q1"));
    let vs_q3 = a.question_comparisons.iter().find(|c| c.b == "q3").expect("q1 vs q3");
    close(vs_q3.diff, 0.289966257923796 + 0.146675440028954, 1e-9, "diff");
    assert!(vs_q3.diff_ci.expect("diff ci").0 > 0.0, "q1 clearly beats the non-predictive q3");
}
