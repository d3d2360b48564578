//! In-process micro-benchmarks of the analysis phases (reading excluded):
//!
//! * `questions DIR [B]`: the question analysis (per-question and per-competency validity with the joint
//!   bootstrap, incremental-beta bootstrap, panel-score validity) with B resamples (default 1000). Issue 3's
//!   target: 10 questions × B = 1000 on 5,000 hires well under one second
//!   (`hirecal simulate --candidates 25000` gives ≈ 5,000 hires).
//! * `model DIR`: `Computed::of` — design graphs, the interviewer fixed-effects model fit, scorecard sums
//!   and candidate × interviewer cells. Issue 4's target: 10 million ratings in a few seconds
//!   (`hirecal simulate --candidates 1000000`).
//! * `all DIR [B]`: every phase of `report` (load, Computed::of, questions, adjusted validity, interviewers,
//!   panel), each timed.
//!
//! Usage: `hirecal-bench questions /tmp/sim25k 1000` (built by `cargo build --release` as a [[bin]]). Times are printed per phase, the
//! best of `HIRECAL_BENCH_REPEAT` runs (default 3) for `questions` and `model`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use hirecal::analysis::interviewers::{self, Computed, InterviewerOptions};
use hirecal::analysis::validity::ValidityOptions;
use hirecal::analysis::{model, panel, questions};
use hirecal::config::Config;
use hirecal::dataset::Dataset;
use hirecal::ingest::{self, Inputs, LoadOptions};

fn load(dir: &Path) -> Dataset {
    let inputs = Inputs {
        scorecards: dir.join("scorecards.csv"),
        outcomes: vec![dir.join("outcomes.csv")],
        questions: Some(dir.join("questions.csv")).filter(|p| p.exists()),
    };
    let t = Instant::now();
    let (ds, _) = ingest::load(&inputs, &Config::default(), &LoadOptions::default()).expect("load");
    eprintln!(
        "  load: {:.3} s ({} ratings, {} candidates, {} hires, {} interviewers)",
        t.elapsed().as_secs_f64(),
        ds.ratings.len(),
        ds.candidates.len(),
        ds.n_hired(),
        ds.interviewers.len()
    );
    ds
}

fn vopts(b: usize) -> ValidityOptions {
    let a = Config::default().analysis;
    ValidityOptions {
        confidence: a.confidence,
        bootstrap: b,
        seed: 42,
        correct_selection: true,
        outcome_reliability: None,
        min_n: a.min_n,
        progress: Default::default(),
    }
}

fn best<T>(label: &str, mut f: impl FnMut() -> T) -> T {
    let n: usize = std::env::var("HIRECAL_BENCH_REPEAT").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..n.max(1) {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed().as_secs_f64());
        out = Some(v);
    }
    println!("{label}: {best:.3} s (best of {})", n.max(1));
    out.expect("ran at least once")
}

fn timed<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let v = f();
    println!("  {label}: {:.3} s", t.elapsed().as_secs_f64());
    v
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let what = args.first().map(String::as_str).unwrap_or("questions");
    let dir = PathBuf::from(args.get(1).map(String::as_str).unwrap_or("sample_data"));
    let b: usize = args.get(2).and_then(|v| v.parse().ok()).unwrap_or(1000);
    let ds = load(&dir);
    match what {
        "questions" => {
            let hires = ds.n_hired();
            let q = best(
                &format!("questions analysis, {} questions × B = {b}, {hires} hires", ds.questions.len()),
                || questions::analyse(&ds, None, &vopts(b)).expect("questions"),
            );
            std::hint::black_box(q);
        }
        "model" => {
            let opts = InterviewerOptions::default();
            let c = best(&format!("Computed::of (model fit etc.), {} ratings", ds.ratings.len()), || {
                Computed::of(&ds, &opts.model)
            });
            for (k, cf) in c.fit.components.iter().enumerate().take(3) {
                println!(
                    "  component {k}: {} interviewers, {} params solver {:?}",
                    cf.interviewers,
                    cf.interviewers + cf.questions,
                    cf.solver
                );
            }
        }
        "all" => {
            let opts = vopts(b);
            let iv = InterviewerOptions::default();
            let t = Instant::now();
            let c = timed("Computed::of", || Computed::of(&ds, &iv.model));
            let mut q =
                timed("questions::analyse", || questions::analyse(&ds, None, &opts).expect("questions"));
            let adj = timed("adjusted_panel_scores", || model::adjusted_panel_scores(&ds, &c.fit));
            timed("set_adjusted_validity", || {
                questions::set_adjusted_validity(&mut q, &ds, &adj, None, &opts).expect("adj")
            });
            let r = timed("interviewers::analyse_with", || {
                interviewers::analyse_with(&ds, &c, None, &iv).expect("iv")
            });
            let p = timed("panel::analyse_with", || {
                panel::analyse_with(&ds, &c.design, &c.cells, &Default::default())
            });
            println!("analysis total: {:.3} s", t.elapsed().as_secs_f64());
            std::hint::black_box((q, r, p));
        }
        other => {
            eprintln!("unknown benchmark '{other}': use questions, model or all");
            std::process::exit(2);
        }
    }
}
