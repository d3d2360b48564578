//! The binary-outcome path of the validities ([`BinaryItems`]): a 0/1 outcome under selection is
//! corrected by the probit pool-average method ([`binary_selection`]) instead of Case III, with its own
//! bootstrap (the probit is refitted per replicate).

use rayon::prelude::*;

use super::moments::UNDEFINED;
use super::Population;
use crate::dataset::FxHashMap;
use crate::stats::binary_selection;
use crate::stats::bootstrap::Bootstrap;
use crate::stats::range_restriction::disattenuate;

/// Per item, what the binary-outcome method ([`binary_selection`]) needs: the hires grouped by
/// covariate pattern ((x, S) for an item, S alone for the panel score) and the pool's patterns with
/// counts. Grouping makes a bootstrap replicate a pass over H adding its resample counts into the
/// patterns, then a probit fit on a few hundred patterns (scores are on a short scale).
pub(super) struct BinaryItems {
    /// Covariates per pattern (2 for items, 1 for the panel score).
    q: usize,
    /// Per item, the pattern of each hire of H (`u32::MAX` when not rated on the item).
    hire_pat: Vec<Vec<u32>>,
    /// Per item, the hires' patterns (covariates only; weights are filled per estimate).
    hire_x: Vec<Vec<f64>>,
    /// Per item, the pool's patterns with counts.
    pool: Vec<binary_selection::Pool>,
    /// y = 1 per hire of H.
    y1: Vec<bool>,
    /// Criterion reliability, applied to the pool estimate.
    reliability: Option<f64>,
    /// Per item, the full-sample probit coefficients (start values of the replicates).
    start: Vec<Option<Vec<f64>>>,
}

impl BinaryItems {
    /// `cov(c, j)`: candidate c's covariates for item j (first `q` used), `None` when not rated.
    pub fn new<F>(
        k: usize,
        q: usize,
        h: &[usize],
        yh: &[f64],
        pop: &Population,
        reliability: Option<f64>,
        cov: F,
    ) -> Self
    where
        F: Fn(usize, usize) -> Option<[f64; 2]> + Sync,
    {
        let key = |v: [f64; 2]| (v[0].to_bits(), if q > 1 { v[1].to_bits() } else { 0 });
        let per_item: Vec<(Vec<u32>, Vec<f64>, binary_selection::Pool)> = (0..k)
            .into_par_iter()
            .map(|j| {
                let mut ids: FxHashMap<(u64, u64), u32> = FxHashMap::default();
                let mut xs = Vec::new();
                let pats = h
                    .iter()
                    .map(|&c| match cov(c, j) {
                        Some(v) => *ids.entry(key(v)).or_insert_with(|| {
                            xs.extend_from_slice(&v[..q]);
                            (xs.len() / q - 1) as u32
                        }),
                        None => u32::MAX,
                    })
                    .collect();
                let mut pids: FxHashMap<(u64, u64), usize> = FxHashMap::default();
                let mut pool = binary_selection::Pool { q, ..Default::default() };
                for c in 0..pop.panel.len() {
                    if let Some(v) = cov(c, j) {
                        let p = *pids.entry(key(v)).or_insert_with(|| {
                            pool.x.extend_from_slice(&v[..q]);
                            pool.count.push(0.0);
                            pool.count.len() - 1
                        });
                        pool.count[p] += 1.0;
                    }
                }
                (pats, xs, pool)
            })
            .collect();
        let mut b = BinaryItems {
            q,
            hire_pat: Vec::with_capacity(k),
            hire_x: Vec::with_capacity(k),
            pool: Vec::with_capacity(k),
            y1: yh.iter().map(|&v| v >= 0.5).collect(),
            reliability,
            start: vec![None; k],
        };
        for (p, x, pool) in per_item {
            b.hire_pat.push(p);
            b.hire_x.push(x);
            b.pool.push(pool);
        }
        let start: Vec<Option<Vec<f64>>> = (0..k)
            .into_par_iter()
            .map(|j| b.estimate(j, |_| 1.0, &mut b.scratch(j), None).map(|(_, beta)| beta))
            .collect();
        b.start = start;
        b
    }

    /// An empty weighted pattern set for item j.
    pub fn scratch(&self, j: usize) -> binary_selection::Grouped {
        let m = self.hire_x[j].len() / self.q;
        binary_selection::Grouped { q: self.q, x: self.hire_x[j].clone(), w1: vec![0.0; m], w0: vec![0.0; m] }
    }

    /// Item j's estimate with hire i weighted by `weight(i)`: the pool point-biserial correlation
    /// (disattenuated when a criterion reliability is set) and the probit coefficients.
    pub fn estimate(
        &self,
        j: usize,
        weight: impl Fn(usize) -> f64,
        g: &mut binary_selection::Grouped,
        start: Option<&[f64]>,
    ) -> Option<(f64, Vec<f64>)> {
        g.w1.fill(0.0);
        g.w0.fill(0.0);
        for (i, &p) in self.hire_pat[j].iter().enumerate() {
            if p != u32::MAX {
                let w = weight(i);
                if self.y1[i] {
                    g.w1[p as usize] += w;
                } else {
                    g.w0[p as usize] += w;
                }
            }
        }
        let beta = binary_selection::probit(g, start)?;
        let r = binary_selection::pool_point_biserial(&beta, &self.pool[j], 0)?;
        let r = match self.reliability {
            Some(ryy) => disattenuate(r, ryy)?,
            None => r,
        };
        Some((r, beta))
    }

    /// Replicates of the estimate of each item in `included` (resampling H, the pool held fixed).
    pub fn bootstrap(&self, boot: &Bootstrap, included: &[usize]) -> Vec<Vec<f64>> {
        let nh = self.y1.len();
        boot.run_counts(
            nh,
            included.len(),
            || included.iter().map(|&j| self.scratch(j)).collect::<Vec<_>>(),
            |counts, scratch, out| {
                for ((o, &j), g) in out.iter_mut().zip(included).zip(scratch.iter_mut()) {
                    match self.estimate(j, |i| counts[i] as f64, g, self.start[j].as_deref()) {
                        Some((r, _)) => *o = r,
                        None => *o = UNDEFINED,
                    }
                }
                out.iter().any(|&v| v != UNDEFINED)
            },
        )
    }
}
