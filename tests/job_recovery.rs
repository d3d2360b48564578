//! Recovery of per-job validity on simulated data with two jobs that select differently.
//!
//! Job A hires the top 10% of its candidates on the panel score, job B the top 50%, and the outcome
//! depends on the valid question much more strongly in A than in B. Within a job, selection is
//! explicit truncation on the panel score, so Thorndike Case III recovers the job's unrestricted
//! validity; pooled over the jobs, the pool's and the hires' panel-score variances no longer describe
//! one selection, and the pooled correction misses. The truth is known exactly: outcomes are simulated
//! for every candidate (and written only for hires), so each job's true validity is the correlation
//! among all its candidates, and the combination's target is the hires-weighted Fisher-z mean of the
//! jobs' true values. Job B's interviewers are also more lenient and its outcome scale lower, which a
//! pooled analysis mistakes for a relation between score and outcome.

mod common;

use common::{run, Scratch};

/// SplitMix64 with Box–Muller normals: a fixed, dependency-free stream.
struct Rng(u64);
impl Rng {
    fn u(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (a, b) = (self.u().max(1e-300), self.u());
        (-2.0 * a.ln()).sqrt() * (2.0 * std::f64::consts::PI * b).cos()
    }
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    sxy / (sxx * syy).sqrt()
}

struct Job {
    name: &'static str,
    candidates: usize,
    hire_rate: f64,
    /// Correlation of the latent ability with the outcome.
    rho: f64,
    /// Added to every score of the job (its interviewers' leniency).
    leniency: f64,
    /// Added to every outcome of the job (its performance scale).
    outcome_shift: f64,
}

/// Writes scorecards.csv and outcomes.csv; returns per job (true r of Q1 among all candidates, hires).
fn simulate(t: &Scratch) -> Vec<(f64, usize)> {
    let jobs = [
        Job { name: "A", candidates: 6000, hire_rate: 0.10, rho: 0.6, leniency: 0.0, outcome_shift: 0.0 },
        Job { name: "B", candidates: 3000, hire_rate: 0.50, rho: 0.2, leniency: 0.8, outcome_shift: -0.5 },
    ];
    let mut rng = Rng(20261206);
    let mut sc = String::from("candidate_id,interviewer_id,question_id,score,interview_date,job\n");
    let mut oc = String::from("candidate_id,hired,perf\n");
    let mut truth = Vec::new();
    let mut id = 0;
    for job in &jobs {
        // Per candidate: Q1 (valid), Q2 and Q3 (noise), the panel score and the outcome.
        let mut rows: Vec<([f64; 3], f64, f64)> = Vec::new();
        for _ in 0..job.candidates {
            let ability = rng.normal();
            let q1 = ability + 0.5 * rng.normal() + job.leniency;
            let (q2, q3) = (rng.normal() + job.leniency, rng.normal() + job.leniency);
            let y = job.rho * ability + (1.0 - job.rho * job.rho).sqrt() * rng.normal() + job.outcome_shift;
            rows.push(([q1, q2, q3], (q1 + q2 + q3) / 3.0, y));
        }
        let mut s: Vec<f64> = rows.iter().map(|r| r.1).collect();
        s.sort_by(f64::total_cmp);
        let cut = s[((1.0 - job.hire_rate) * s.len() as f64) as usize];
        let q1: Vec<f64> = rows.iter().map(|r| r.0[0]).collect();
        let y: Vec<f64> = rows.iter().map(|r| r.2).collect();
        let mut hires = 0;
        for (q, panel, yv) in &rows {
            id += 1;
            for (k, v) in q.iter().enumerate() {
                sc.push_str(&format!(
                    "c{id},{}{},Q{},{v:.6},2025-03-01,{}\n",
                    job.name,
                    id % 25,
                    k + 1,
                    job.name
                ));
            }
            let hired = *panel >= cut;
            hires += hired as usize;
            if hired {
                oc.push_str(&format!("c{id},true,{yv:.6}\n"));
            } else {
                oc.push_str(&format!("c{id},false,\n"));
            }
        }
        truth.push((pearson(&q1, &y), hires));
    }
    t.file("scorecards.csv", sc);
    t.file("outcomes.csv", oc);
    truth
}

fn q1_of(json: &str) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_str(json).expect("questions JSON");
    v["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .find(|q| q["question_id"] == "Q1")
        .expect("Q1")
        .clone()
}

#[test]
fn per_job_correction_recovers_each_job_and_the_combination_the_weighted_truth() {
    let t = Scratch::new();
    let truth = simulate(&t);
    let base = [
        "questions",
        "--scorecards",
        "scorecards.csv",
        "--outcomes",
        "outcomes.csv",
        "--format",
        "json",
        "--bootstrap",
        "200",
    ];
    let (code, out, err) = run(t.path(), &base);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("2 jobs in the data and no --job chosen").count(), 1, "{err}");
    let q1 = q1_of(&out);
    let v = &q1;
    let per = v["per_job"].as_array().expect("per_job");
    assert_eq!(per.len(), 2);
    let mut hires_weighted_z = 0.0;
    let mut n_total = 0.0;
    for (j, (rho, _)) in per.iter().zip(&truth) {
        let r = j["validity_corrected"].as_f64().expect("per-job value");
        let n = j["n_validity"].as_f64().expect("n");
        eprintln!("job {} n {n} corrected {r:.3} truth {rho:.3}", j["job"]);
        assert!((r - rho).abs() < 0.08, "job {}: corrected {r:.3}, truth {rho:.3}", j["job"]);
        hires_weighted_z += n * rho.atanh();
        n_total += n;
    }
    let combined_truth = (hires_weighted_z / n_total).tanh();
    let combined = v["validity_corrected"].as_f64().expect("combined");
    let (lo, hi) = (
        v["validity_corrected_ci"][0].as_f64().expect("lo"),
        v["validity_corrected_ci"][1].as_f64().expect("hi"),
    );
    eprintln!("combined {combined:.3} [{lo:.3}, {hi:.3}] truth {combined_truth:.3}");
    assert!((combined - combined_truth).abs() < 0.05, "combined {combined:.3}, truth {combined_truth:.3}");
    assert!(lo < combined_truth && combined_truth < hi, "[{lo}, {hi}] misses {combined_truth}");
    // Each job on its own (--job) gives the job's value, and pooling both as one selection is biased.
    let (code, out, err) = run(t.path(), &[&base[..], &["--job", "A"]].concat());
    assert_eq!(code, 0, "{err}");
    let a = q1_of(&out)["validity_corrected"].as_f64().expect("A");
    assert!((a - per[0]["validity_corrected"].as_f64().expect("A")).abs() < 1e-12);
    // The pooled correction: the same data with the job column removed.
    let sc = std::fs::read_to_string(t.path().join("scorecards.csv")).expect("read");
    let pooled: String =
        sc.lines().map(|l| l.rsplit_once(',').map_or(l, |(a, _)| a).to_string() + "\n").collect();
    t.file("pooled.csv", pooled);
    let (code, out, err) = run(
        t.path(),
        &[
            "questions",
            "--scorecards",
            "pooled.csv",
            "--outcomes",
            "outcomes.csv",
            "--format",
            "json",
            "--bootstrap",
            "20",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let p = q1_of(&out)["validity_corrected"].as_f64().expect("pooled");
    eprintln!("pooled {p:.3}");
    assert!(
        (p - combined_truth).abs() > 2.0 * (combined - combined_truth).abs() + 0.05,
        "pooled {p:.3} is not biased against {combined_truth:.3}"
    );
}
