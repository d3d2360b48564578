//! Generalizability theory (issue #18) against established implementations:
//!
//! * Brennan (2001) synthetic data sets No. 3 (p × i × o, read as candidate × question × interviewer) and
//!   No. 4 (p × (r:t), read as candidate × (interviewer : question)): the balanced ANOVA components equal
//!   the exact rational values from tests/reference/generalizability_brennan.py and round to the values
//!   printed in Brennan's tables; the D-study coefficients at the G-study sizes likewise.
//! * REML on unbalanced data constructed by tests/reference/generalizability_lme4.R (tests/data/gt_*.csv):
//!   components, mean and REML criterion equal R lme4's; on Brennan's balanced data REML equals ANOVA.
//! * Design detection, estimability, and the analysis end to end on a `Dataset`.
//! * Recovery: `simulate` with known components, REML lands near the truth.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use hirecal::analysis::generalizability::{self, GOptions};
use hirecal::dataset::Dataset;
use hirecal::stats::gtheory::{self, anova_crossed, anova_nested, coefficients, GDesign};
use hirecal::stats::reml::{self, Effects};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// Brennan's data set No. 3: rows persons, columns items 1–4, for occasion 1 and occasion 2.
const B3_O1: [[f64; 4]; 10] = [
    [2., 6., 7., 5.],
    [4., 5., 6., 7.],
    [5., 5., 4., 6.],
    [5., 9., 8., 6.],
    [4., 3., 5., 6.],
    [4., 4., 4., 7.],
    [2., 6., 6., 5.],
    [3., 4., 4., 5.],
    [0., 5., 4., 5.],
    [6., 8., 7., 6.],
];
const B3_O2: [[f64; 4]; 10] = [
    [2., 5., 5., 5.],
    [6., 7., 5., 7.],
    [5., 4., 5., 5.],
    [5., 7., 7., 6.],
    [4., 5., 6., 4.],
    [6., 4., 7., 8.],
    [2., 7., 7., 5.],
    [6., 6., 6., 4.],
    [5., 5., 5., 3.],
    [6., 8., 8., 6.],
];
/// Brennan's data set No. 4: rows persons, columns task 1 raters 1–4, task 2 raters 5–8, task 3 raters 9–12.
const B4: [[f64; 12]; 10] = [
    [5., 6., 5., 5., 5., 3., 4., 5., 6., 7., 3., 3.],
    [9., 3., 7., 7., 7., 5., 5., 5., 7., 7., 5., 2.],
    [3., 4., 3., 3., 5., 3., 3., 5., 6., 5., 1., 6.],
    [7., 5., 5., 3., 3., 1., 4., 3., 5., 3., 3., 5.],
    [9., 2., 9., 7., 7., 7., 3., 7., 2., 7., 5., 3.],
    [3., 4., 3., 5., 3., 3., 6., 3., 4., 5., 1., 2.],
    [7., 3., 7., 7., 7., 5., 5., 7., 5., 5., 5., 4.],
    [5., 8., 5., 7., 7., 5., 5., 4., 3., 2., 1., 1.],
    [9., 9., 8., 8., 6., 6., 6., 5., 5., 8., 1., 1.],
    [4., 4., 4., 3., 3., 5., 6., 5., 5., 7., 1., 1.],
];

/// No. 3 as y[(p·4 + i)·2 + o].
fn b3() -> Vec<f64> {
    let mut y = Vec::new();
    for p in 0..10 {
        for i in 0..4 {
            y.push(B3_O1[p][i]);
            y.push(B3_O2[p][i]);
        }
    }
    y
}

/// No. 4 as y[(p·3 + t)·4 + r].
fn b4() -> Vec<f64> {
    B4.iter().flat_map(|row| row.iter().copied()).collect()
}

fn close(got: f64, want: f64, tol: f64, what: &str) {
    assert!((got - want).abs() <= tol, "{what}: got {got}, expected {want} (±{tol})");
}

/// `x` rounded to 4 decimals, as Brennan prints his tables.
fn r4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

#[test]
fn brennan_synthetic_3_crossed_anova_matches_to_full_precision() {
    let a = anova_crossed(&b3(), 10, 4, 2).expect("balanced");
    let c = a.raw;
    // Exact values (rational arithmetic, generalizability_brennan.py).
    let exact = [
        (c.candidate, 0.552777777777778, 0.5528),
        (c.question, 0.441666666666667, 0.4417),
        (c.interviewer, 0.00740740740740741, 0.0074),
        (c.candidate_x_question, 0.575, 0.5750),
        (c.candidate_x_interviewer, 0.100925925925926, 0.1009),
        (c.question_x_interviewer, 0.156481481481481, 0.1565),
        (c.residual, 0.935185185185185, 0.9352),
    ];
    for (k, (got, want, printed)) in exact.iter().enumerate() {
        close(*got, *want, 1e-13, &format!("component {k}"));
        assert_eq!(r4(*got), *printed, "component {k} rounds to Brennan's printed value");
    }
    let ms: Vec<f64> = a.mean_squares.iter().map(|m| m.2).collect();
    let want_ms =
        [6.91111111111111, 12.4833333333333, 3.2, 2.08518518518519, 1.33888888888889, 2.5, 0.935185185185185];
    for (g, w) in ms.iter().zip(want_ms) {
        close(*g, w, 1e-12, "mean square");
    }
    // D-study at the G-study sizes (4 items = questions, 2 occasions = interviewers).
    let (g, phi) = coefficients(&c, GDesign::Crossed, 4.0, 2.0);
    close(g.unwrap(), 0.639871382636656, 1e-13, "G");
    close(phi.unwrap(), 0.554124608423251, 1e-13, "Phi");
    assert_eq!(((g.unwrap() * 100.0).round(), (phi.unwrap() * 100.0).round()), (64.0, 55.0));
}

#[test]
fn brennan_synthetic_4_nested_anova_matches_to_full_precision() {
    let a = anova_nested(&b4(), 10, 3, 4).expect("balanced");
    let c = a.raw;
    let exact = [
        (c.candidate, 0.473148148148148, 0.4731),
        (c.question, 0.325154320987654, 0.3252),
        (c.interviewer, 0.647530864197531, 0.6475),
        (c.candidate_x_question, 0.559567901234568, 0.5596),
        (c.residual, 2.38024691358025, 2.3802),
    ];
    for (k, (got, want, printed)) in exact.iter().enumerate() {
        close(*got, *want, 1e-13, &format!("component {k}"));
        assert_eq!(r4(*got), *printed, "component {k} rounds to Brennan's printed value");
    }
    let want_ms = [10.2962962962963, 24.1, 8.85555555555556, 4.61851851851852, 2.38024691358025];
    for (m, w) in a.mean_squares.iter().zip(want_ms) {
        close(m.2, w, 1e-12, m.0);
    }
    let (g, phi) = coefficients(&c, GDesign::Nested, 3.0, 4.0);
    close(g.unwrap(), 0.551438848920863, 1e-13, "G");
    close(phi.unwrap(), 0.463702359346642, 1e-13, "Phi");
}

#[test]
fn anova_rejects_unusable_layouts() {
    assert!(anova_crossed(&[1.0; 7], 2, 2, 2).is_none());
    assert!(anova_crossed(&[1.0; 4], 1, 2, 2).is_none());
    let mut y = b3();
    y[5] = f64::NAN;
    assert!(anova_crossed(&y, 10, 4, 2).is_none());
    assert!(anova_nested(&[1.0; 8], 2, 2, 1).is_none());
}

#[test]
fn negative_estimates_are_zeroed_and_named() {
    // Candidates identical: σ²p's ANOVA estimate is negative.
    let mut y = Vec::new();
    for _p in 0..4 {
        for q in 0..3 {
            for r in 0..2 {
                y.push((q * 2 + r) as f64 + if (q + r) % 2 == 1 { -0.3 } else { 0.3 });
            }
        }
    }
    // Add pq noise so the system is not degenerate.
    for (k, v) in y.iter_mut().enumerate() {
        *v += ((k * 7919) % 13) as f64 / 13.0;
    }
    let a = anova_crossed(&y, 4, 3, 2).unwrap();
    let (c, zeroed) = gtheory::clamp_negative(&a.raw, GDesign::Crossed);
    let raw = a.raw.named(GDesign::Crossed);
    let negatives: Vec<&str> = raw.iter().filter(|x| x.1 < 0.0).map(|x| x.0).collect();
    assert!(!negatives.is_empty(), "the construction must give a negative estimate: {raw:?}");
    assert_eq!(zeroed, negatives);
    assert!(c.named(GDesign::Crossed).iter().all(|x| x.1 >= 0.0));
}

/// Reads a gt_*.csv (candidate,question,interviewer,score) into dense codes.
fn read_long(name: &str) -> (Vec<u32>, Vec<u32>, Vec<u32>, Vec<f64>) {
    let text = std::fs::read_to_string(data().join(name)).expect(name);
    let mut maps: [HashMap<String, u32>; 3] = Default::default();
    let (mut c, mut q, mut i, mut y) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let mut code = |k: usize| {
            let n = maps[k].len() as u32;
            *maps[k].entry(f[k].to_string()).or_insert(n)
        };
        let (a, b, d) = (code(0), code(1), code(2));
        c.push(a);
        q.push(b);
        i.push(d);
        y.push(f[3].parse().expect("score"));
    }
    (c, q, i, y)
}

fn expected() -> HashMap<String, f64> {
    let text = std::fs::read_to_string(data().join("gt_expected.csv")).expect("gt_expected.csv");
    text.lines()
        .skip(1)
        .map(|l| {
            let (k, v) = l.split_once(',').expect("key,value");
            (k.to_string(), v.parse().expect("number"))
        })
        .collect()
}

const ALL: Effects = Effects {
    candidate: true,
    candidate_x_question: true,
    candidate_x_interviewer: true,
    question: true,
    interviewer: true,
    question_x_interviewer: true,
};
const NESTED: Effects = Effects {
    candidate: true,
    candidate_x_question: true,
    candidate_x_interviewer: false,
    question: true,
    interviewer: false,
    question_x_interviewer: true,
};

#[test]
fn reml_matches_lme4_on_unbalanced_crossed_data() {
    let (c, q, i, y) = read_long("gt_crossed.csv");
    let e = expected();
    let fit = reml::fit(&c, &q, &i, &y, ALL, 10_000).expect("fit");
    let got = [
        ("candidate", fit.candidate),
        ("question", fit.question),
        ("interviewer", fit.interviewer),
        ("candidate_x_question", fit.candidate_x_question),
        ("candidate_x_interviewer", fit.candidate_x_interviewer),
        ("question_x_interviewer", fit.question_x_interviewer),
        ("residual", fit.residual),
    ];
    for (name, v) in got {
        let want = e[&format!("crossed.{name}")];
        close(v, want, 2e-4 * want.max(0.05), name);
    }
    close(fit.mean, e["crossed.mean"], 1e-4, "mean");
    // The optimum is at least as good as lme4's and the same up to optimiser tolerance.
    close(fit.deviance, e["crossed.reml_criterion"], 1e-5, "REML criterion");
    assert!(fit.deviance <= e["crossed.reml_criterion"] + 1e-7, "no better than lme4: {}", fit.deviance);
    assert!(fit.evaluations < 400, "Newton took {} deviance evaluations", fit.evaluations);
    // The deviance function itself equals lme4's REML criterion at lme4's estimates.
    let s2 = e["crossed.residual"];
    let th = |k: &str| (e[&format!("crossed.{k}")] / s2).sqrt();
    let theta = [
        th("candidate"),
        th("candidate_x_question"),
        th("candidate_x_interviewer"),
        th("question"),
        th("interviewer"),
        th("question_x_interviewer"),
    ];
    let d = reml::deviance_at(&c, &q, &i, &y, ALL, theta).unwrap();
    close(d, e["crossed.reml_criterion"], 1e-6, "deviance at lme4's theta");
}

/// The fit depends on the data, not on their order: the ratings reversed give the same components to
/// 1e-6 (Newton's finite differences see the deviance's last bits, which the order changes; the
/// optimum is flat to that precision) and the same bits run to run.
#[test]
fn reml_does_not_depend_on_the_order_of_the_ratings() {
    let (c, q, i, y) = read_long("gt_crossed.csv");
    let a = reml::fit(&c, &q, &i, &y, ALL, 10_000).expect("fit");
    assert_eq!(a, reml::fit(&c, &q, &i, &y, ALL, 10_000).expect("fit"));
    let rev = |v: &[u32]| v.iter().rev().copied().collect::<Vec<u32>>();
    let yr: Vec<f64> = y.iter().rev().copied().collect();
    let b = reml::fit(&rev(&c), &rev(&q), &rev(&i), &yr, ALL, 10_000).expect("fit");
    for (x, z) in [
        (a.candidate, b.candidate),
        (a.question, b.question),
        (a.interviewer, b.interviewer),
        (a.candidate_x_interviewer, b.candidate_x_interviewer),
        (a.question_x_interviewer, b.question_x_interviewer),
        (a.residual, b.residual),
    ] {
        assert!((x - z).abs() < 1e-6 * (1.0 + x.abs()), "{x} vs {z}");
    }
}

#[test]
fn reml_matches_lme4_on_unbalanced_nested_data() {
    let (c, q, i, y) = read_long("gt_nested.csv");
    let e = expected();
    let fit = reml::fit(&c, &q, &i, &y, NESTED, 10_000).expect("fit");
    let got = [
        ("candidate", fit.candidate),
        ("question", fit.question),
        ("interviewer_within_question", fit.question_x_interviewer),
        ("candidate_x_question", fit.candidate_x_question),
        ("residual", fit.residual),
    ];
    for (name, v) in got {
        let want = e[&format!("nested.{name}")];
        close(v, want, 2e-4 * want.max(0.05), name);
    }
    close(fit.deviance, e["nested.reml_criterion"], 1e-5, "REML criterion");
    assert!(fit.deviance <= e["nested.reml_criterion"] + 1e-7, "no better than lme4: {}", fit.deviance);
    assert!(fit.evaluations < 400, "Newton took {} deviance evaluations", fit.evaluations);
}

/// Brennan's data as (candidate, question, interviewer, score) codes.
fn brennan_long(nested: bool) -> (Vec<u32>, Vec<u32>, Vec<u32>, Vec<f64>) {
    let (mut c, mut q, mut i, mut y) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    if nested {
        for (p, row) in B4.iter().enumerate() {
            for (k, &v) in row.iter().enumerate() {
                c.push(p as u32);
                q.push((k / 4) as u32);
                i.push(k as u32);
                y.push(v);
            }
        }
    } else {
        for p in 0..10 {
            for it in 0..4 {
                for (o, occ) in [B3_O1, B3_O2].iter().enumerate() {
                    c.push(p as u32);
                    q.push(it as u32);
                    i.push(o as u32);
                    y.push(occ[p][it]);
                }
            }
        }
    }
    (c, q, i, y)
}

#[test]
fn reml_equals_anova_and_lme4_on_brennans_balanced_data() {
    let e = expected();
    let (c, q, i, y) = brennan_long(false);
    let fit = reml::fit(&c, &q, &i, &y, ALL, 1000).unwrap();
    let a = anova_crossed(&b3(), 10, 4, 2).unwrap().raw;
    for (name, got, anova) in [
        ("candidate", fit.candidate, a.candidate),
        ("question", fit.question, a.question),
        ("interviewer", fit.interviewer, a.interviewer),
        ("candidate_x_question", fit.candidate_x_question, a.candidate_x_question),
        ("candidate_x_interviewer", fit.candidate_x_interviewer, a.candidate_x_interviewer),
        ("question_x_interviewer", fit.question_x_interviewer, a.question_x_interviewer),
        ("residual", fit.residual, a.residual),
    ] {
        close(got, anova, 1e-4, name);
        close(e[&format!("brennan3.{name}")], anova, 1e-5, &format!("lme4 {name}"));
    }
    close(fit.deviance, e["brennan3.reml_criterion"], 1e-6, "REML criterion");
    let (c, q, i, y) = brennan_long(true);
    let fit = reml::fit(&c, &q, &i, &y, NESTED, 1000).unwrap();
    let a = anova_nested(&b4(), 10, 3, 4).unwrap().raw;
    close(fit.candidate, a.candidate, 1e-4, "candidate");
    close(fit.question, a.question, 1e-4, "question");
    close(fit.question_x_interviewer, a.interviewer, 1e-4, "r:q");
    close(fit.candidate_x_question, a.candidate_x_question, 1e-4, "pq");
    close(fit.residual, a.residual, 1e-4, "residual");
    close(fit.deviance, e["brennan4.reml_criterion"], 1e-6, "REML criterion");
}

/// A `Dataset` holding only ratings (what the G study reads).
fn dataset(c: &[u32], q: &[u32], i: &[u32], y: &[f64]) -> Dataset {
    let mut ds = Dataset::default();
    for (k, &x) in c.iter().enumerate() {
        let cc = ds.candidates.intern(&format!("C{x:04}"));
        let qq = ds.questions.intern(&format!("Q{:02}", q[k]));
        let ii = ds.interviewers.intern(&format!("I{:03}", i[k]));
        ds.ratings.candidate.push(cc);
        ds.ratings.question.push(qq);
        ds.ratings.interviewer.push(ii);
        ds.ratings.scorecard.push(0);
        ds.ratings.score.push(y[k]);
    }
    ds
}

#[test]
fn analysis_detects_design_and_uses_anova_on_balanced_data() {
    let (c, q, i, y) = brennan_long(false);
    let g = generalizability::analyse(&dataset(&c, &q, &i, &y), &GOptions::default()).unwrap();
    assert_eq!((g.design, g.method), ("crossed", "anova"));
    close(g.components.get("candidate").unwrap().variance.unwrap(), 0.552777777777778, 1e-12, "p");
    let total: f64 = g.components.0.iter().map(|x| x.1.variance.unwrap()).sum();
    close(g.components.get("residual").unwrap().share.unwrap(), 0.935185185185185 / total, 1e-12, "share");
    assert_eq!(g.d_study.len(), 72);
    let cell = g.d_study.iter().find(|d| d.questions == 4 && d.interviewers == Some(2)).unwrap();
    close(cell.g.unwrap(), 0.639871382636656, 1e-12, "grid G");
    assert!(cell.interviewers_per_question.is_none());
    assert!((g.current.questions - 4.0).abs() < 1e-12 && (g.current.interviewers - 2.0).abs() < 1e-12);
    // Fully crossed: G(q,k) equals the D-study G at the staffed sizes.
    close(g.current.g_qk.unwrap(), 0.639871382636656, 1e-12, "G(q,k) crossed");
    for r in &g.reaching_target {
        assert!(r.g.unwrap() >= 0.8);
    }

    let (c, q, i, y) = brennan_long(true);
    let g = generalizability::analyse(&dataset(&c, &q, &i, &y), &GOptions::default()).unwrap();
    assert_eq!((g.design, g.method), ("nested", "anova"));
    let names: Vec<&str> = g.components.0.iter().map(|x| x.0).collect();
    assert_eq!(
        names,
        ["candidate", "question", "interviewer_within_question", "candidate_x_question", "residual"]
    );
    close(
        g.components.get("interviewer_within_question").unwrap().variance.unwrap(),
        0.647530864197531,
        1e-12,
        "r:q",
    );
    let cell = g.d_study.iter().find(|d| d.questions == 3 && d.interviewers_per_question == Some(4)).unwrap();
    close(cell.g.unwrap(), 0.551438848920863, 1e-12, "grid G nested");
    assert!(cell.interviewers.is_none());
    let json = serde_json::to_value(&g).unwrap();
    assert!(json["d_study"][0].get("interviewers_per_question").is_some());
    assert!(json["components"]["interviewer_within_question"]["share"].is_number());
}

#[test]
fn analysis_uses_reml_on_unbalanced_data_and_matches_lme4() {
    let (c, q, i, y) = read_long("gt_crossed.csv");
    let e = expected();
    let g = generalizability::analyse(&dataset(&c, &q, &i, &y), &GOptions::default()).unwrap();
    assert_eq!((g.design, g.method), ("crossed", "reml"));
    assert!(g.not_estimable.is_empty(), "{:?}", g.not_estimable);
    for name in ["candidate", "candidate_x_interviewer", "residual"] {
        let want = e[&format!("crossed.{name}")];
        close(g.components.get(name).unwrap().variance.unwrap(), want, 2e-4 * want, name);
    }
    let gqk = g.current.g_qk.unwrap();
    assert!(gqk > 0.0 && gqk < 1.0);
}

#[test]
fn components_the_data_cannot_separate_are_folded_into_the_residual() {
    // Each candidate hears each question from one interviewer (the sample loop): candidate × question is
    // confounded with the residual.
    let (mut c, mut q, mut i, mut y) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut state = 12345u64;
    let mut rnd = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 11) as f64 / (1u64 << 53) as f64) - 0.5
    };
    for p in 0..60u32 {
        let a = rnd() * 2.0;
        for round in 0..3u32 {
            let iv = round * 5 + (p * 7 + round) % 5;
            let halo = rnd();
            for k in 0..2u32 {
                c.push(p);
                q.push(round * 2 + k);
                i.push(iv);
                y.push(3.0 + a + halo + rnd());
            }
        }
    }
    let g = generalizability::analyse(&dataset(&c, &q, &i, &y), &GOptions::default()).unwrap();
    assert_eq!(g.design, "crossed");
    assert_eq!(g.not_estimable, ["candidate_x_question"]);
    let pq = g.components.get("candidate_x_question").unwrap();
    assert!(pq.variance.is_none() && pq.share.is_none() && !pq.estimable);
    let shares: f64 = g.components.0.iter().filter_map(|x| x.1.share).sum();
    close(shares, 1.0, 1e-12, "shares add to 1");
}

use hirecal::simulate::gstudy::{self, GSimSpec};
use hirecal::stats::gtheory::Components;

/// Runs the G study on simulated ratings.
fn study(spec: &GSimSpec) -> generalizability::Generalizability {
    let rs = gstudy::ratings(spec);
    let c: Vec<u32> = rs.iter().map(|r| r.candidate).collect();
    let q: Vec<u32> = rs.iter().map(|r| r.question).collect();
    let i: Vec<u32> = rs.iter().map(|r| r.interviewer).collect();
    let y: Vec<f64> = rs.iter().map(|r| r.score).collect();
    generalizability::analyse(&dataset(&c, &q, &i, &y), &GOptions::default()).expect("G study")
}

#[test]
fn recovery_crossed_components_and_g_land_near_the_truth() {
    let truth = Components {
        candidate: 0.40,
        question: 0.05,
        interviewer: 0.06,
        candidate_x_question: 0.15,
        candidate_x_interviewer: 0.10,
        question_x_interviewer: 0.03,
        residual: 0.30,
    };
    let spec = GSimSpec {
        design: GDesign::Crossed,
        components: truth,
        candidates: 1500,
        questions: 12,
        interviewers: 40,
        per_candidate: 3,
        seed: 7,
    };
    let g = study(&spec);
    assert_eq!((g.design, g.method), ("crossed", "reml"), "random panels from a pool are unbalanced");
    assert!(g.not_estimable.is_empty());
    // Tolerances ≈ 3 sampling SEs: a component of L levels has SE ≈ σ²·√(2/(L−1)) at best.
    for (name, want, tol) in [
        ("candidate", truth.candidate, 0.05),
        ("question", truth.question, 0.07),
        ("interviewer", truth.interviewer, 0.05),
        ("candidate_x_question", truth.candidate_x_question, 0.02),
        ("candidate_x_interviewer", truth.candidate_x_interviewer, 0.02),
        ("question_x_interviewer", truth.question_x_interviewer, 0.015),
        ("residual", truth.residual, 0.015),
    ] {
        close(g.components.get(name).unwrap().variance.unwrap(), want, tol, name);
    }
    // The D-study answer itself: G for 6 questions × 2 interviewers near the true G.
    let (true_g, _) = coefficients(&truth, GDesign::Crossed, 6.0, 2.0);
    let cell = g.d_study.iter().find(|c| c.questions == 6 && c.interviewers == Some(2)).unwrap();
    close(cell.g.unwrap(), true_g.unwrap(), 0.03, "G(6 questions, 2 interviewers)");
    // As staffed (3 interviewers asking all 12): G(q,k) near the true relative-error G of that design.
    let (true_now, _) = coefficients(&truth, GDesign::Crossed, 12.0, 3.0);
    close(g.current.g_qk.unwrap(), true_now.unwrap(), 0.03, "G(q,k) as staffed");
}

/// Above `max_reml_candidates` REML runs on a fixed subset of candidates (all their ratings): the
/// components still land near the truth, and the output says how many candidates were used.
#[test]
fn recovery_from_a_candidate_subsample_lands_near_the_truth() {
    let truth = Components {
        candidate: 0.40,
        question: 0.05,
        interviewer: 0.06,
        candidate_x_question: 0.15,
        candidate_x_interviewer: 0.10,
        question_x_interviewer: 0.03,
        residual: 0.30,
    };
    let spec = GSimSpec {
        design: GDesign::Crossed,
        components: truth,
        candidates: 5000,
        questions: 12,
        interviewers: 40,
        per_candidate: 3,
        seed: 19,
    };
    let rs = gstudy::ratings(&spec);
    let c: Vec<u32> = rs.iter().map(|r| r.candidate).collect();
    let q: Vec<u32> = rs.iter().map(|r| r.question).collect();
    let i: Vec<u32> = rs.iter().map(|r| r.interviewer).collect();
    let y: Vec<f64> = rs.iter().map(|r| r.score).collect();
    let opts = GOptions { max_reml_candidates: 1500, ..GOptions::default() };
    let g = generalizability::analyse(&dataset(&c, &q, &i, &y), &opts).expect("G study");
    assert_eq!((g.method, g.n_candidates, g.n_candidates_estimated), ("reml", 5000, 1500));
    assert_eq!(GOptions::default().max_reml_candidates, 3000, "the default cap");
    for (name, want, tol) in [
        ("candidate", truth.candidate, 0.05),
        ("question", truth.question, 0.07),
        ("interviewer", truth.interviewer, 0.05),
        ("candidate_x_question", truth.candidate_x_question, 0.02),
        ("candidate_x_interviewer", truth.candidate_x_interviewer, 0.02),
        ("question_x_interviewer", truth.question_x_interviewer, 0.015),
        ("residual", truth.residual, 0.015),
    ] {
        close(g.components.get(name).unwrap().variance.unwrap(), want, tol, name);
    }
    let (true_g, _) = coefficients(&truth, GDesign::Crossed, 6.0, 2.0);
    let cell = g.d_study.iter().find(|c| c.questions == 6 && c.interviewers == Some(2)).unwrap();
    close(cell.g.unwrap(), true_g.unwrap(), 0.03, "G(6 questions, 2 interviewers)");
}

#[test]
fn recovery_nested_components_land_near_the_truth() {
    let truth = Components {
        candidate: 0.50,
        question: 0.08,
        interviewer: 0.10,
        candidate_x_question: 0.20,
        residual: 0.40,
        ..Components::default()
    };
    let spec = GSimSpec {
        design: GDesign::Nested,
        components: truth,
        candidates: 1200,
        questions: 10,
        interviewers: 8,
        per_candidate: 2,
        seed: 11,
    };
    let g = study(&spec);
    assert_eq!((g.design, g.method), ("nested", "reml"));
    for (name, want, tol) in [
        ("candidate", truth.candidate, 0.06),
        // 10 questions: SE ≈ 0.08·√(2/9) ≈ 0.038 from the ten drawn effects alone.
        ("question", truth.question, 3.0 * 0.08 * (2.0f64 / 9.0).sqrt()),
        ("interviewer_within_question", truth.interviewer, 0.04),
        ("candidate_x_question", truth.candidate_x_question, 0.03),
        ("residual", truth.residual, 0.03),
    ] {
        close(g.components.get(name).unwrap().variance.unwrap(), want, tol, name);
    }
}

#[test]
fn simulate_takes_components_and_panel_recovers_them_end_to_end() {
    let dir = common::Scratch::new();
    let out = dir.path().join("g");
    let (code, _, err) = common::run(
        dir.path(),
        &[
            "simulate",
            "--candidates",
            "600",
            "--g-components",
            "candidate=0.5,candidate_x_interviewer=0.2,residual=0.3",
            "--g-questions",
            "4",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("truth.json")).unwrap()).unwrap();
    assert_eq!(truth["components"]["candidate_x_interviewer"], 0.2);
    let sc = out.join("scorecards.csv");
    let oc = out.join("outcomes.csv");
    let (code, json, err) = common::run(
        dir.path(),
        &[
            "panel",
            "--scorecards",
            sc.to_str().unwrap(),
            "--outcomes",
            oc.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let g = &v["panel"]["generalizability"];
    assert_eq!(g["design"], "crossed");
    let comp = |k: &str| g["components"][k]["variance"].as_f64().unwrap();
    close(comp("candidate"), 0.5, 0.1, "candidate");
    close(comp("candidate_x_interviewer"), 0.2, 0.04, "pr");
    close(comp("residual"), 0.3, 0.03, "residual");
    assert_eq!(g["d_study"].as_array().unwrap().len(), 72);
    assert!(g["d_study"][0]["interviewers"].is_number());
    // Bad component names are a usage error that names the valid ones.
    let (code, _, err) =
        common::run(dir.path(), &["simulate", "--g-components", "halo=0.3", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("candidate_x_interviewer"), "{err}");
}
