//! The interviewer pools of the simulated loop: one pool per round, each interviewer's workload weight
//! and leniency drawn once, and the planted interviewers chosen among the busiest of each round.

use anyhow::{Context, Result};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::weighted::WeightedAliasIndex;
use rand_distr::{Distribution, LogNormal, StandardNormal};

use super::{
    digits, Planted, DRIFT_FROM, DRIFT_TO, LENIENCY_SD, NARROW_FACTOR, PLANTED_HARSH, PLANTED_LENIENT,
    WORKLOAD_SIGMA,
};

/// An interviewer during generation.
pub(super) struct Iv {
    pub id: String,
    pub round: usize,
    pub leniency: f64,
    pub spread: f64,
    /// +1 drifts from DRIFT_FROM to DRIFT_TO, −1 backwards, 0 does not drift.
    pub drift: f64,
    pub halo: bool,
    pub disagrees: bool,
    pub planted: Option<&'static str>,
    pub n_scorecards: u64,
    pub n_ratings: u64,
}

impl Iv {
    /// An ordinary interviewer of `round` (nothing planted yet).
    fn ordinary(id: String, round: usize, leniency: f64) -> Iv {
        Iv {
            id,
            round,
            leniency,
            spread: 1.0,
            drift: 0.0,
            halo: false,
            disagrees: false,
            planted: None,
            n_scorecards: 0,
            n_ratings: 0,
        }
    }

    /// Leniency at time `t` (0 at the start of the date span, 1 at its end).
    pub fn leniency_at(&self, t: f64) -> f64 {
        if self.drift != 0.0 {
            self.leniency + self.drift * (DRIFT_FROM + (DRIFT_TO - DRIFT_FROM) * t)
        } else {
            self.leniency
        }
    }
}

/// What is planted where: (round, rank by workload within the round, kind, value).
const PLAN: [(usize, usize, &str, f64); 11] = [
    (0, 0, "lenient", PLANTED_LENIENT[0]),
    (0, 1, "narrow_range", f64::NAN),
    (0, 2, "halo", f64::NAN),
    (1, 0, "harsh", PLANTED_HARSH[0]),
    (1, 1, "drifting", 1.0),
    (1, 2, "halo", f64::NAN),
    (2, 0, "lenient", PLANTED_LENIENT[1]),
    (2, 1, "narrow_range", f64::NAN),
    (2, 2, "disagrees_with_panel", f64::NAN),
    (3, 0, "harsh", PLANTED_HARSH[1]),
    (3, 1, "drifting", -1.0),
];

/// The four round pools, with the planted interviewers.
pub(super) struct Pools {
    /// Interviewers per round.
    pub pool: usize,
    /// Every interviewer, round after round: round `r`'s `k`-th is `ivs[r · pool + k]`.
    pub ivs: Vec<Iv>,
    /// Ids of the planted interviewers.
    pub planted: Planted,
    /// The interviewer who rates women lower (with a planted group gap).
    pub gap: Option<usize>,
    /// Per round, the workload-weighted draw of an interviewer.
    alias: Vec<WeightedAliasIndex<f64>>,
}

impl Pools {
    /// Draws the pools for `n` candidates (`clamp(0.75·√n, 6, 40)` interviewers per round) and plants the
    /// special interviewers; `with_gap` also picks the group-gap interviewer.
    pub fn draw(n: usize, with_gap: bool, rng: &mut ChaCha8Rng) -> Result<Pools> {
        let pool = ((n as f64).sqrt() * 0.75).round().clamp(6.0, 40.0) as usize;
        let (mut ivs, weights) = draw_interviewers(pool, rng)?;
        let planted = plant(&mut ivs, &weights, pool);
        // The planted group gap: the second-busiest interviewer of the judgment round (not otherwise planted).
        let gap = with_gap.then(|| 3 * pool + busiest(&weights[3])[1]);
        let alias = weights
            .into_iter()
            .map(|w| WeightedAliasIndex::new(w).context("interviewer workload weights"))
            .collect::<Result<_>>()?;
        Ok(Pools { pool, ivs, planted, gap, alias })
    }

    /// Draws the interviewer of round `r` for one candidate, by workload.
    pub fn pick(&self, r: usize, rng: &mut ChaCha8Rng) -> usize {
        r * self.pool + self.alias[r].sample(rng)
    }
}

/// Every round's interviewers (ids `I0001`, … in round order) with their workload weights.
fn draw_interviewers(pool: usize, rng: &mut ChaCha8Rng) -> Result<(Vec<Iv>, Vec<Vec<f64>>)> {
    let iv_width = digits(4 * pool as u64).max(4);
    let workload = LogNormal::new(0.0, WORKLOAD_SIGMA).context("workload distribution")?;
    let mut ivs: Vec<Iv> = Vec::with_capacity(4 * pool);
    let mut weights: Vec<Vec<f64>> = (0..4).map(|_| Vec::with_capacity(pool)).collect();
    for (r, w) in weights.iter_mut().enumerate() {
        for _ in 0..pool {
            w.push(workload.sample(rng));
            let lenience: f64 = rng.sample(StandardNormal);
            let id = format!("I{:0iv_width$}", ivs.len() + 1);
            ivs.push(Iv::ordinary(id, r, LENIENCY_SD * lenience));
        }
    }
    Ok((ivs, weights))
}

/// A round's interviewers by workload, busiest first (ties: lower index first).
fn busiest(weights: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| weights[b].total_cmp(&weights[a]).then(a.cmp(&b)));
    order
}

/// Plants [`PLAN`] among the busiest interviewers of each round and returns their ids.
fn plant(ivs: &mut [Iv], weights: &[Vec<f64>], pool: usize) -> Planted {
    let mut planted = Planted {
        lenient: vec![],
        harsh: vec![],
        narrow_range: vec![],
        drifting: vec![],
        halo: vec![],
        disagrees_with_panel: vec![],
    };
    for &(r, rank, kind, value) in &PLAN {
        let iv = &mut ivs[r * pool + busiest(&weights[r])[rank]];
        iv.planted = Some(kind);
        let ids = match kind {
            "lenient" => {
                iv.leniency = value;
                &mut planted.lenient
            }
            "harsh" => {
                iv.leniency = value;
                &mut planted.harsh
            }
            "narrow_range" => {
                iv.spread = NARROW_FACTOR;
                &mut planted.narrow_range
            }
            "halo" => {
                iv.halo = true;
                &mut planted.halo
            }
            "disagrees_with_panel" => {
                iv.disagrees = true;
                &mut planted.disagrees_with_panel
            }
            _ => {
                iv.drift = value;
                iv.leniency = 0.5 * (DRIFT_FROM + DRIFT_TO);
                &mut planted.drifting
            }
        };
        ids.push(iv.id.clone());
    }
    planted
}
