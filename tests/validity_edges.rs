//! Edge cases of the validity computation: scale-free zero-variance tests, a constant outcome, and a
//! rare question that must not cut the other questions' bootstrap replicates.

mod common;

use common::test_data;
use hirecal::analysis::questions::{analyse, Verdict};
use hirecal::analysis::validity::{items, Population, ValidityOptions};
use hirecal::config::Config;
use hirecal::ingest::{load, Inputs, LoadOptions};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

fn opts(bootstrap: usize) -> ValidityOptions {
    ValidityOptions {
        confidence: 0.95,
        bootstrap,
        seed: 3,
        correct_selection: true,
        outcome_reliability: None,
        min_n: 30,
        progress: Default::default(),
    }
}

/// 600 candidates, three items, the top 25% on the mean hired, y = a + noise for hires.
struct Data {
    x: Vec<[f64; 3]>,
    panel: Vec<f64>,
    hired: Vec<Option<bool>>,
    y: Vec<Option<f64>>,
}

fn data() -> Data {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut g = || -> f64 { StandardNormal.sample(&mut rng) };
    let n = 600;
    let (mut x, mut perf) = (Vec::new(), Vec::new());
    for _ in 0..n {
        let a = g();
        x.push([0.7 * a + 0.7 * g(), 0.5 * a + 0.9 * g(), 0.2 * a + g()]);
        perf.push(0.5 * a + g());
    }
    let panel: Vec<f64> = x.iter().map(|r| r.iter().sum::<f64>() / 3.0).collect();
    let mut sorted = panel.clone();
    sorted.sort_by(f64::total_cmp);
    let cut = sorted[n * 3 / 4];
    let hired: Vec<Option<bool>> = panel.iter().map(|&s| Some(s >= cut)).collect();
    let y = (0..n).map(|c| (hired[c] == Some(true)).then_some(perf[c])).collect();
    Data { x, panel, hired, y }
}

#[test]
fn rescaling_the_outcome_changes_no_validity() {
    let d = data();
    for scale in [1e-7, 1e-150, 1e7] {
        let ys: Vec<Option<f64>> = d.y.iter().map(|v| v.map(|v| v * scale)).collect();
        let run = |y: &[Option<f64>]| {
            let pop = Population { panel: &d.panel, hired: &d.hired, outcome: Some(y), binary: false };
            items(3, |c, j| d.x[c][j], &pop, &opts(200)).items
        };
        let (a, b) = (run(&d.y), run(&ys));
        for (j, (a, b)) in a.iter().zip(&b).enumerate() {
            let close = |p: Option<f64>, q: Option<f64>, what: &str| {
                let (p, q) = (p.unwrap_or_else(|| panic!("{what} of item {j} is None at scale 1")), q);
                let q = q.unwrap_or_else(|| panic!("{what} of item {j} is None at scale {scale:e}"));
                assert!((p - q).abs() < 1e-9, "item {j}, {what}: {p} vs {q} at scale {scale:e}");
            };
            close(a.validity_r, b.validity_r, "raw r");
            close(a.validity_corrected, b.validity_corrected, "corrected r");
            close(a.validity_corrected_ci.map(|c| c.0), b.validity_corrected_ci.map(|c| c.0), "CI lower");
            close(a.validity_corrected_ci.map(|c| c.1), b.validity_corrected_ci.map(|c| c.1), "CI upper");
            close(a.mde_r, b.mde_r, "mde_r");
        }
    }
}

#[test]
fn a_constant_outcome_says_so() {
    let d = test_data();
    let inputs = Inputs {
        scorecards: d.join("ref_scorecards.csv"),
        outcomes: vec![d.join("ref_outcomes.csv")],
        questions: Some(d.join("ref_questions.csv")),
    };
    let (mut ds, _) = load(&inputs, &Config::default(), &LoadOptions::strict()).unwrap();
    let col = &mut ds.outcomes[0];
    for v in col.values.iter_mut().flatten() {
        *v = 3.0;
    }
    let name = col.name.clone();
    let rep = analyse(&ds, Some(&name), &opts(50)).unwrap();
    let note = rep.note.clone().expect("a note");
    assert!(note.contains("does not vary") && note.contains(&format!("`{name}`")), "{note}");
    let n = rep.process.validity.n_validity;
    assert!(n >= 100 && note.contains(&format!("{n} hires")), "{note}");
    assert!(rep.questions.iter().all(|q| q.stats.verdict == Verdict::InsufficientData));
    // An outcome that varies gives no such note.
    let (ds, _) = load(&inputs, &Config::default(), &LoadOptions::strict()).unwrap();
    assert_eq!(analyse(&ds, Some(&name), &opts(0)).unwrap().note, None);
    // One that no hire has (an empty column) says that instead of nothing.
    let (mut ds, _) = load(&inputs, &Config::default(), &LoadOptions::strict()).unwrap();
    ds.outcomes[0].values.iter_mut().for_each(|v| *v = None);
    let note = analyse(&ds, Some(&name), &opts(0)).unwrap().note.expect("a note");
    assert!(note.starts_with(&format!("no hire has a known value of the outcome `{name}`")), "{note}");
}

#[test]
fn a_rare_question_does_not_cut_the_others_replicates() {
    let d = data();
    let pop = Population { panel: &d.panel, hired: &d.hired, outcome: Some(&d.y), binary: false };
    // Item 3 is the rare one: asked of 5 hires only (and of nobody else).
    let hires: Vec<usize> = (0..d.panel.len()).filter(|&c| d.hired[c] == Some(true)).collect();
    let rare: Vec<usize> = hires[..5].to_vec();
    let get = |c: usize, j: usize| match j {
        3 if rare.contains(&c) => d.x[c][0] + d.x[c][1],
        3 => f64::NAN,
        j => d.x[c][j],
    };
    let b = 400;
    let with_rare = items(4, get, &pop, &opts(b));
    let without = items(3, |c, j| d.x[c][j], &pop, &opts(b));
    assert_eq!(with_rare.items[3].n_validity, 5);
    for j in 0..3 {
        let reps = with_rare.replicates[j].as_ref().expect("replicates");
        assert_eq!(reps.len(), b, "item {j}: every replicate kept");
        assert_eq!(
            with_rare.replicates[j], without.replicates[j],
            "item {j}: same replicates as without the rare item"
        );
        assert_eq!(with_rare.items[j].validity_corrected_ci, without.items[j].validity_corrected_ci);
    }
    // The rare item is undefined in some replicates (marked NaN there) and gets its interval from the
    // others: those replicates were the ones every other question used to lose.
    let rare_reps = with_rare.replicates[3].as_ref().expect("rare replicates");
    assert_eq!(rare_reps.len(), b);
    let undefined = rare_reps.iter().filter(|v| v.is_nan()).count();
    assert!(undefined > 0 && undefined < b / 2, "{undefined} undefined replicates");
    assert!(with_rare.items[3].validity_corrected_ci.is_some());
}
