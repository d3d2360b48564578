//! The core's entry point on the sample data: `Analysis::run` computes the parts asked for and nothing
//! else, a part's numbers do not depend on which other parts ran, the views hold what the charts and
//! cards draw, and every exporter renders from `Results` alone.

use std::path::Path;
use std::sync::Mutex;

use hirecal::analysis::{Analysis, Inputs, Options, Parts, Results};
use hirecal::config::Config;
use hirecal::ingest::{self, LoadOptions};
use hirecal::report::export::{self, Exporter, Shape, Sink};

fn sample() -> Inputs {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let files = ingest::Inputs {
        scorecards: root.join("scorecards.csv"),
        outcomes: vec![root.join("outcomes.csv")],
        questions: Some(root.join("questions.csv")),
    };
    let (dataset, notes) = ingest::load(&files, &Config::default(), &LoadOptions::default()).unwrap();
    Inputs { dataset, notes, groups: None }
}

fn run(inputs: &Inputs, parts: Parts) -> Results {
    let opts = Options { parts, min_cell: 5, ..Options::default() };
    Analysis::new(inputs, &opts).run().unwrap()
}

/// Collects every output in memory.
#[derive(Default)]
struct Memory(Mutex<Vec<(String, Vec<u8>)>>);

impl Sink for Memory {
    fn put(&self, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
        self.0.lock().unwrap().push((name.to_string(), bytes.to_vec()));
        Ok(())
    }
}

#[test]
fn each_part_is_computed_only_when_asked_and_does_not_depend_on_the_others() {
    let inputs = sample();
    let q_only = run(&inputs, Parts { questions: true, ..Parts::default() });
    assert!(q_only.questions.is_some());
    assert!(q_only.interviewers.is_none() && q_only.panel.is_none() && q_only.views.is_none());
    assert!(q_only.provenance.is_none() && q_only.fairness.is_none());
    let err = q_only.interviewers().unwrap_err().to_string();
    assert!(err.contains("interviewer analysis was not run"), "{err}");

    let all = run(&inputs, Parts::all());
    let json = |v: &dyn erased::Json| v.json();
    assert_eq!(
        json(q_only.questions().unwrap()),
        json(all.questions().unwrap()),
        "questions alone = in the full run"
    );
    let iv_only = run(&inputs, Parts { interviewers: true, ..Parts::default() });
    assert_eq!(json(iv_only.interviewers().unwrap()), json(all.interviewers().unwrap()));
    let panel_only = run(&inputs, Parts { panel: true, ..Parts::default() });
    assert_eq!(
        json(panel_only.panel().unwrap()),
        json(all.panel().unwrap()),
        "panel without the model = with it"
    );
    // The adjusted validity needs the model: a questions-only run fits it too.
    assert!(q_only.questions().unwrap().process.validity_adjusted.is_some());
}

mod erased {
    /// Serialized JSON of any result part, for comparing two runs.
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}

#[test]
fn views_hold_what_the_charts_and_cards_draw() {
    let all = run(&sample(), Parts::all());
    let (iv, p, v) = (all.interviewers().unwrap(), all.panel().unwrap(), all.views().unwrap());
    // A card for every interviewer with at least min_cell scorecards, flagged ones first.
    let eligible = iv.interviewers.iter().filter(|i| i.n_scorecards >= 5).count();
    assert_eq!(v.cards.len(), eligible);
    let flagged = |k: usize| {
        iv.interviewers[k].flags.iter().any(|f| !matches!(f.as_str(), "insufficient_data" | "disconnected"))
    };
    let order: Vec<bool> = v.cards.iter().map(|c| flagged(c.interviewer)).collect();
    assert!(order.windows(2).all(|w| w[0] >= w[1]), "flagged first: {order:?}");
    for c in &v.cards {
        for shares in [&c.mine, &c.group] {
            assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-9, "shares sum to 1: {shares:?}");
        }
    }
    // Spearman–Brown from the single-rater ICC, rising with k; k = 1 is the ICC itself.
    let rho = p.icc1_unbalanced.unwrap();
    let curve = &v.reliability.points;
    assert_eq!(curve.len(), 10);
    assert!((curve[0].1 - rho).abs() < 1e-12);
    assert!((curve[3].1 - 4.0 * rho / (1.0 + 3.0 * rho)).abs() < 1e-12);
    assert!(curve.windows(2).all(|w| w[1].1 > w[0].1));
    assert_eq!(v.reliability.k_needed, p.interviews_for_reliability.k.map(|k| k as f64));
    // Control limits shrink with √n.
    let l = v.funnel;
    assert!((l.at(1.96, 4.0).unwrap() * 2.0 - l.at(1.96, 1.0).unwrap()).abs() < 1e-12);
    // Drift: at most six, each with a drift estimate, drawn over the same quarters.
    assert!(v.drift.chosen.len() <= 6);
    assert_eq!(v.drift.quarters.values.len(), v.drift.chosen.len());
    // Results serialize whole.
    let whole = serde_json::to_value(&all).unwrap();
    assert!(whole["views"]["cards"].is_array() && whole["settings"]["min_cell"] == 5);
}

#[test]
fn exporters_render_from_results_alone() {
    let all = run(&sample(), Parts::all());
    let sink = Memory::default();
    export::SummaryJson.export(&all, &sink).unwrap();
    export::Tables(export::Digits::Rounded).export(&all, &sink).unwrap();
    export::Questions(Shape::Json).export(&all, &sink).unwrap();
    let out = sink.0.into_inner().unwrap();
    let names: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["summary.json", "questions.csv", "interviewers.csv", "questions"]);
    let summary: serde_json::Value = serde_json::from_slice(&out[0].1).unwrap();
    for key in ["provenance", "inputs", "questions", "interviewers", "interviewers_meta", "panel"] {
        assert!(summary.get(key).is_some(), "summary.json lacks {key}");
    }
    assert!(summary.get("fairness").is_none(), "no groups, no fairness section");
    let questions: serde_json::Value = serde_json::from_slice(&out[3].1).unwrap();
    assert_eq!(questions["questions"], summary["questions"], "the command's JSON is summary.json's section");
    // An exporter asked for a part that was not computed says so instead of panicking.
    let q_only = run(&sample(), Parts { questions: true, ..Parts::default() });
    let err = export::SummaryJson.export(&q_only, &Memory::default()).unwrap_err().to_string();
    assert!(err.contains("was not run"), "{err}");
}
