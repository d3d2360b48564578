//! Simulated ratings with known variance components, for checking the generalizability study
//! (`hirecal simulate --g-components …`).
//!
//! Crossed design (p × q × r): every candidate meets `per_candidate` interviewers drawn without replacement
//! from a pool of `interviewers`, and each of them rates every one of the `questions` questions. Nested
//! design (p × (r:q)): each question has its own pool of `interviewers`, and every candidate hears each
//! question from `per_candidate` of that pool. A rating is
//! `x = 3 + p_c + q_q + r_i + pq_cq + pr_ci + qr_qi + e` (nested: `3 + p_c + q_q + (r:q)_qi + pq_cq + e`),
//! each effect drawn once from N(0, its component), so the components are the truth the analysis should
//! recover. Scores are continuous (four decimals, no rounding to a scale) so nothing but sampling error
//! separates the estimates from the truth. Deterministic per seed (ChaCha8).

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use rand::seq::index::sample;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use serde::Serialize;

use crate::stats::gtheory::{Components, GDesign};

/// What to simulate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GSimSpec {
    /// Crossed or nested.
    pub design: GDesign,
    /// The true components (for nested, `interviewer` is σ²r:q and `residual` σ²pr:q,e).
    pub components: Components,
    /// Candidates.
    pub candidates: usize,
    /// Questions.
    pub questions: usize,
    /// Interviewer pool (per question when nested).
    pub interviewers: usize,
    /// Interviewers per candidate (per candidate and question when nested).
    pub per_candidate: usize,
    /// RNG seed.
    pub seed: u64,
}

impl Default for GSimSpec {
    fn default() -> Self {
        GSimSpec {
            design: GDesign::Crossed,
            components: Components {
                candidate: 0.40,
                question: 0.05,
                interviewer: 0.05,
                candidate_x_question: 0.15,
                candidate_x_interviewer: 0.10,
                question_x_interviewer: 0.03,
                residual: 0.30,
            },
            candidates: 2000,
            questions: 6,
            interviewers: 30,
            per_candidate: 3,
            seed: 42,
        }
    }
}

/// One simulated rating.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GRating {
    /// Candidate index.
    pub candidate: u32,
    /// Question index.
    pub question: u32,
    /// Interviewer index (global; nested pools are numbered question by question).
    pub interviewer: u32,
    /// Score.
    pub score: f64,
}

/// Parses `candidate=0.4,question=0.05,…` (the component names of the design; missing names are 0).
pub fn parse_components(s: &str, design: GDesign) -> Result<Components> {
    let mut c = Components::default();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            bail!("--g-components: `{part}` is not name=variance (e.g. candidate=0.4)");
        };
        let v: f64 =
            v.trim().parse().with_context(|| format!("--g-components: `{v}` in `{part}` is not a number"))?;
        if !(v.is_finite() && v >= 0.0) {
            bail!("--g-components: variance of `{k}` must be a finite number ≥ 0, got {v}");
        }
        let slot = match (k.trim(), design) {
            ("candidate", _) => &mut c.candidate,
            ("question", _) => &mut c.question,
            ("interviewer", GDesign::Crossed) | ("interviewer_within_question", GDesign::Nested) => {
                &mut c.interviewer
            }
            ("candidate_x_question", _) => &mut c.candidate_x_question,
            ("candidate_x_interviewer", GDesign::Crossed) => &mut c.candidate_x_interviewer,
            ("question_x_interviewer", GDesign::Crossed) => &mut c.question_x_interviewer,
            ("residual", _) => &mut c.residual,
            (other, d) => bail!(
                "--g-components: `{other}` is not a component of the {} design; use {}",
                if d == GDesign::Nested { "nested" } else { "crossed" },
                c.named(d).iter().map(|x| x.0).collect::<Vec<_>>().join(", ")
            ),
        };
        *slot = v;
    }
    Ok(c)
}

/// Checks the sizes of a spec.
pub fn validate(spec: &GSimSpec) -> Result<()> {
    if spec.questions == 0 || spec.interviewers == 0 || spec.per_candidate == 0 {
        bail!("simulate: questions, interviewers and interviewers per candidate must be at least 1");
    }
    if spec.per_candidate > spec.interviewers {
        bail!(
            "simulate: {} interviewers per candidate cannot be drawn from a pool of {}",
            spec.per_candidate,
            spec.interviewers
        );
    }
    if spec.questions > 1000 || spec.interviewers > 100_000 {
        bail!("simulate: at most 1000 questions and 100000 interviewers");
    }
    Ok(())
}

/// The ratings of a spec, candidate by candidate.
pub fn ratings(spec: &GSimSpec) -> Vec<GRating> {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let c = &spec.components;
    fn draw(var: f64, rng: &mut ChaCha8Rng) -> f64 {
        let z: f64 = StandardNormal.sample(rng);
        z * var.max(0.0).sqrt()
    }
    let nested = spec.design == GDesign::Nested;
    let (nq, pool) = (spec.questions, spec.interviewers);
    let n_iv = if nested { nq * pool } else { pool };
    let q_eff: Vec<f64> = (0..nq).map(|_| draw(c.question, &mut rng)).collect();
    let r_eff: Vec<f64> = (0..n_iv).map(|_| draw(c.interviewer, &mut rng)).collect();
    let qr_eff: Vec<f64> = if nested {
        Vec::new()
    } else {
        (0..nq * pool).map(|_| draw(c.question_x_interviewer, &mut rng)).collect()
    };
    let mut out = Vec::with_capacity(spec.candidates * nq * spec.per_candidate);
    for cand in 0..spec.candidates {
        let p = draw(c.candidate, &mut rng);
        let pq: Vec<f64> = (0..nq).map(|_| draw(c.candidate_x_question, &mut rng)).collect();
        if nested {
            for q in 0..nq {
                let mut chosen = sample(&mut rng, pool, spec.per_candidate).into_vec();
                chosen.sort_unstable();
                for k in chosen {
                    let i = q * pool + k;
                    let e = draw(c.residual, &mut rng);
                    out.push(GRating {
                        candidate: cand as u32,
                        question: q as u32,
                        interviewer: i as u32,
                        score: 3.0 + p + q_eff[q] + r_eff[i] + pq[q] + e,
                    });
                }
            }
        } else {
            let mut chosen = sample(&mut rng, pool, spec.per_candidate).into_vec();
            chosen.sort_unstable();
            for i in chosen {
                let pr = draw(c.candidate_x_interviewer, &mut rng);
                for q in 0..nq {
                    let e = draw(c.residual, &mut rng);
                    out.push(GRating {
                        candidate: cand as u32,
                        question: q as u32,
                        interviewer: i as u32,
                        score: 3.0 + p + q_eff[q] + r_eff[i] + pq[q] + pr + qr_eff[q * pool + i] + e,
                    });
                }
            }
        }
    }
    out
}

/// `truth.json` of a G-study simulation.
#[derive(Debug, Clone, Serialize)]
pub struct GTruth {
    /// `crossed` or `nested`.
    pub design: &'static str,
    /// The true components by name.
    pub components: crate::simulate::IdMap<f64>,
    /// Sizes.
    pub candidates: usize,
    /// Questions.
    pub questions: usize,
    /// Interviewer pool (per question when nested).
    pub interviewers: usize,
    /// Interviewers per candidate (per candidate and question when nested).
    pub per_candidate: usize,
    /// Seed.
    pub seed: u64,
    /// Ratings written.
    pub ratings: usize,
}

/// Writes scorecards.csv (one scorecard per candidate and interviewer), outcomes.csv (no one hired: a
/// G study needs no outcomes) and truth.json into `dir`.
pub fn write(spec: &GSimSpec, dir: &Path) -> Result<GTruth> {
    validate(spec)?;
    fs::create_dir_all(dir).with_context(|| format!("creating output directory {}", dir.display()))?;
    let rs = ratings(spec);
    let mut sc = Vec::with_capacity(rs.len() * 48);
    sc.extend_from_slice(b"scorecard_id,candidate_id,interviewer_id,question_id,score,interview_date\n");
    let mut card = 0u64;
    let mut last: Option<(u32, u32)> = None;
    for r in &rs {
        if last != Some((r.candidate, r.interviewer)) {
            card += 1;
            last = Some((r.candidate, r.interviewer));
        }
        writeln!(
            sc,
            "S{card:08},C{:07},I{:05},Q{},{:.4},2025-01-01",
            r.candidate + 1,
            r.interviewer + 1,
            r.question + 1,
            r.score
        )?;
    }
    let mut oc = Vec::with_capacity(spec.candidates * 16);
    oc.extend_from_slice(b"candidate_id,hired\n");
    for c in 0..spec.candidates {
        writeln!(oc, "C{:07},false", c + 1)?;
    }
    let truth = GTruth {
        design: if spec.design == GDesign::Nested { "nested" } else { "crossed" },
        components: crate::simulate::IdMap(
            spec.components.named(spec.design).into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        ),
        candidates: spec.candidates,
        questions: spec.questions,
        interviewers: spec.interviewers,
        per_candidate: spec.per_candidate,
        seed: spec.seed,
        ratings: rs.len(),
    };
    let json = serde_json::to_vec_pretty(&truth).context("serializing truth.json")?;
    for (name, bytes) in [("scorecards.csv", &sc), ("outcomes.csv", &oc), ("truth.json", &json)] {
        crate::report::files::write_atomic(&dir.join(name), bytes)?;
    }
    Ok(truth)
}
