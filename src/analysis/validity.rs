//! Predictive validity of score columns against the outcome, corrected for range restriction
//! (docs/methods.md, "Range restriction", "Per question", "Process").
//!
//! Only hires have outcomes and hires were chosen on the panel score S, so a column's correlation with
//! the outcome among hires is shrunk, and a column that counted in the decision but predicts nothing
//! turns negative. Per item we report the raw Pearson r among hires and the Thorndike Case III value
//! with S as the explicit selection variable; for S itself, Case II.

use rayon::prelude::*;
use serde::Serialize;

use crate::dataset::FxHashMap;
use crate::stats::bootstrap::{bootstrap_p, percentile_ci, Bootstrap, Features, Sparse};
use crate::stats::correlation::{fisher_ci, pearson, pearson_p, spearman};
use crate::stats::descriptive::{mean, sd, variance};
use crate::stats::range_restriction::{case2, case3, disattenuate, k_from_variances, u_from_sds};
use crate::stats::{auc, binary_selection, power};

/// Options shared by the validity computations.
#[derive(Debug, Clone, Serialize)]
pub struct ValidityOptions {
    /// Confidence level of every interval.
    pub confidence: f64,
    /// Bootstrap replicates B.
    pub bootstrap: usize,
    /// Seed of the bootstrap.
    pub seed: u64,
    /// Whether to correct for selection on the panel score (`--selection case3`) or not (`none`).
    pub correct_selection: bool,
    /// Criterion reliability r_yy, if configured.
    pub outcome_reliability: Option<f64>,
    /// Minimum hires with outcome for a verdict.
    pub min_n: usize,
    /// Where long steps report progress (silent by default).
    #[serde(skip)]
    pub progress: crate::progress::Progress,
}

/// The data every item's validity is computed on.
pub struct Population<'a> {
    /// Panel score S per candidate (`NaN` = not rated).
    pub panel: &'a [f64],
    /// Hiring decision per candidate.
    pub hired: &'a [Option<bool>],
    /// Outcome per candidate (`None` when unknown or no outcome chosen).
    pub outcome: Option<&'a [Option<f64>]>,
    /// Whether the outcome is binary (0/1).
    pub binary: bool,
}

impl Population<'_> {
    /// H: hires with a known outcome and a panel score, as candidate indices.
    pub fn hires_with_outcome(&self) -> Vec<usize> {
        let Some(y) = self.outcome else { return Vec::new() };
        (0..self.panel.len())
            .filter(|&c| self.hired[c] == Some(true) && y[c].is_some() && !self.panel[c].is_nan())
            .collect()
    }

    /// Selection ratios of S: (K for Case III, u for Case II), from the pool A and the hires H.
    pub fn restriction(&self, h: &[usize]) -> (Option<f64>, Option<f64>) {
        let pool: Vec<f64> = self.panel.iter().copied().filter(|v| !v.is_nan()).collect();
        let hires: Vec<f64> = h.iter().map(|&c| self.panel[c]).collect();
        let k = match (variance(&pool), variance(&hires)) {
            (Some(a), Some(b)) => k_from_variances(a, b),
            _ => None,
        };
        let u = match (sd(&pool), sd(&hires)) {
            (Some(a), Some(b)) => u_from_sds(a, b),
            _ => None,
        };
        (k, u)
    }
}

/// The validity block of one item (question, competency or the panel score).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Validity {
    /// AUC of the score separating hired from not hired, over candidates with a known decision.
    pub decision_auc: Option<f64>,
    /// Hanley–McNeil interval of `decision_auc`, clipped to [0, 1].
    pub decision_auc_ci: Option<(f64, f64)>,
    /// Hires with a known outcome who were rated on the item.
    pub n_validity: usize,
    /// Raw Pearson r of the score with the outcome among those hires (point-biserial for binary outcomes).
    pub validity_r: Option<f64>,
    /// Fisher-z interval of `validity_r`.
    pub validity_ci: Option<(f64, f64)>,
    /// Two-sided t-test p-value of `validity_r`.
    pub validity_p: Option<f64>,
    /// Spearman rho among the same hires.
    pub validity_spearman: Option<f64>,
    /// Validity corrected for selection on the panel score (Case III for items, Case II for the panel score).
    pub validity_corrected: Option<f64>,
    /// Bootstrap percentile interval of `validity_corrected` (hires resampled, K held from the full pool).
    pub validity_corrected_ci: Option<(f64, f64)>,
    /// Bootstrap two-sided p-value of `validity_corrected`, floored at 1/B.
    pub validity_corrected_p: Option<f64>,
    /// For a binary outcome: AUC of the score for the outcome among hires.
    pub validity_auc: Option<f64>,
    /// Smallest |corrected r| detectable with 80% power at α = .05 with `n_validity` hires, on the
    /// sampling SE of `validity_corrected` (its bootstrap SD): (z₀.₉₇₅ + z₀.₈₀)·SE. `None` without a
    /// bootstrap, or when even |r| = 1 would not be detectable.
    pub mde_r: Option<f64>,
    /// Hires with outcomes needed to detect the current |validity_corrected| with 80% power, on the same
    /// SE scaled by √(n_validity/n); at most [`power::N_NEEDED_CAP`] (then `n_needed_note` says so).
    pub n_needed: Option<usize>,
    /// Present when `n_needed` was capped: the estimate is too close to zero for any plausible loop.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n_needed_note: Option<String>,
    /// With several jobs: each job's own corrected validity (the correction applied within the job,
    /// since each job has its own selection); `validity_corrected` is then their hires-weighted
    /// Fisher-z combination ([`crate::stats::fisher_combine`]). Empty (and absent from JSON) with one job.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub per_job: Vec<JobValidity>,
}

/// One job's corrected validity of an item.
#[derive(Debug, Clone, Serialize)]
pub struct JobValidity {
    /// The job's name (or id).
    pub job: String,
    /// Hires of the job with an outcome who were rated on the item.
    pub n_validity: usize,
    /// The validity corrected within the job.
    pub validity_corrected: Option<f64>,
    /// The job's bootstrap interval of `validity_corrected` (hires resampled within the job).
    pub validity_corrected_ci: Option<(f64, f64)>,
}

/// Replaces `v`'s corrected validity, interval and p-value by the hires-weighted Fisher-z combination
/// of `per_job` (jobs without a corrected value are listed but not combined), and keeps `per_job`.
pub fn combine_jobs(v: &mut Validity, per_job: Vec<JobValidity>, opts: &ValidityOptions) {
    use crate::stats::fisher_combine::{combine, Group};
    let groups: Vec<Group> = per_job
        .iter()
        .filter_map(|j| {
            j.validity_corrected.filter(|_| j.n_validity > 0).map(|r| Group {
                n: j.n_validity,
                r,
                ci: j.validity_corrected_ci,
            })
        })
        .collect();
    let c = combine(&groups, opts.confidence);
    v.validity_corrected = c.map(|c| c.r);
    v.validity_corrected_ci = c.and_then(|c| c.ci);
    v.validity_corrected_p = c.and_then(|c| c.p);
    // The combined value's SE from its interval's half-width (the jobs' bootstrap intervals combined).
    let z = crate::stats::correlation::normal_quantile(0.5 + opts.confidence / 2.0);
    let se = v.validity_corrected_ci.zip(z).map(|((lo, hi), z)| (hi - lo) / (2.0 * z));
    set_power(v, se);
    v.per_job = per_job;
}

/// The sampling SE of a statistic from its bootstrap replicates: their sample SD (`None` for fewer than
/// two replicates).
pub fn bootstrap_se(replicates: &[f64]) -> Option<f64> {
    sd(replicates)
}

/// Sets `mde_r`, `n_needed` and `n_needed_note` of `v` from the sampling SE of `validity_corrected` with
/// `n_validity` hires ([`power::mde_from_se`], [`power::n_needed_from_se`]); all `None` without an SE.
pub fn set_power(v: &mut Validity, se: Option<f64>) {
    v.mde_r = se.and_then(power::mde_from_se);
    let need = v.validity_corrected.zip(se).and_then(|(r, se)| power::n_needed_from_se(r, se, v.n_validity));
    v.n_needed = need.map(|m| m.n);
    v.n_needed_note = need.filter(|m| m.capped).map(|_| {
        format!(
            "detecting the current estimate would take more than {} hires with outcomes: more than any interview loop will see",
            power::N_NEEDED_CAP
        )
    });
}

/// Moment sums for correlations among (x, y, z) over one subset.
#[derive(Debug, Default, Clone, Copy)]
struct Moments {
    n: f64,
    sx: f64,
    sy: f64,
    sz: f64,
    sxx: f64,
    syy: f64,
    szz: f64,
    sxy: f64,
    sxz: f64,
    syz: f64,
}

impl Moments {
    #[inline]
    fn add(&mut self, x: f64, y: f64, z: f64) {
        self.n += 1.0;
        self.sx += x;
        self.sy += y;
        self.sz += z;
        self.sxx += x * x;
        self.syy += y * y;
        self.szz += z * z;
        self.sxy += x * y;
        self.sxz += x * z;
        self.syz += y * z;
    }

    fn r(&self, sab: f64, sa: f64, sb: f64, saa: f64, sbb: f64) -> Option<f64> {
        let n = self.n;
        let cov = sab - sa * sb / n;
        let va = saa - sa * sa / n;
        let vb = sbb - sb * sb / n;
        // Zero variance, tested relative to the sums of squares (values are centred, so saa ≈ va for
        // a varying column): scale-free, so rescaling a column by 1e-7 changes nothing. A variance
        // within 1e-12 of its sum of squares is cancellation noise.
        let varies = |v: f64, ss: f64| v > 1e-12 * ss;
        if n < 3.0 || !(varies(va, saa) && varies(vb, sbb)) {
            return None;
        }
        Some((cov / (va * vb).sqrt()).clamp(-1.0, 1.0))
    }

    /// (r_xy, r_xz, r_yz).
    fn rs(&self) -> Option<(f64, f64, f64)> {
        Some((
            self.r(self.sxy, self.sx, self.sy, self.sxx, self.syy)?,
            self.r(self.sxz, self.sx, self.sz, self.sxx, self.szz)?,
            self.r(self.syz, self.sy, self.sz, self.syy, self.szz)?,
        ))
    }
}

/// Applies the criterion-reliability and range-restriction corrections to (r_xy, r_xz, r_yz).
fn corrected_item(rs: (f64, f64, f64), k: Option<f64>, opts: &ValidityOptions) -> Option<f64> {
    let (mut rxy, rxz, mut ryz) = rs;
    if let Some(ryy) = opts.outcome_reliability {
        rxy = disattenuate(rxy, ryy)?;
        ryz = disattenuate(ryz, ryy)?;
    }
    if opts.correct_selection {
        case3(rxy, rxz, ryz, k?)
    } else {
        Some(rxy)
    }
}

/// The corrected validity of the panel score from its raw r among hires (Case II).
fn corrected_panel(r: f64, u: Option<f64>, opts: &ValidityOptions) -> Option<f64> {
    let r = match opts.outcome_reliability {
        Some(ryy) => disattenuate(r, ryy)?,
        None => r,
    };
    if opts.correct_selection {
        case2(r, u?)
    } else {
        Some(r)
    }
}

/// Marks an item undefined in one bootstrap replicate (finite, so the bootstrap keeps the replicate for
/// the other items; filtered out of the item's own replicates afterwards).
const UNDEFINED: f64 = f64::MAX;

/// Validity of several score columns at once, with one joint bootstrap so that differences between
/// items are computed on the same resamples.
pub struct JointValidity {
    /// One block per item.
    pub items: Vec<Validity>,
    /// Bootstrap replicates of `validity_corrected`, per item (`None` for items left out), paired across
    /// items replicate by replicate; `NaN` where the item was undefined in a replicate.
    pub replicates: Vec<Option<Vec<f64>>>,
}

/// Computes the validity block of each column of `item` (an accessor `item(c, j)` returning `NaN` when
/// not rated), for `k` items. Cost: O(candidates · k) plus O(B · |H| · k) for the bootstrap.
pub fn items<F>(k: usize, item: F, pop: &Population, opts: &ValidityOptions) -> JointValidity
where
    F: Fn(usize, usize) -> f64 + Sync,
{
    let n = pop.panel.len();
    let mut out: Vec<Validity> = vec![Validity::default(); k];
    // Decision AUC over candidates with a known decision.
    // Items are independent: one rayon task each (the AUC sorts all candidates).
    out.par_iter_mut().enumerate().for_each(|(j, v)| {
        let (mut s, mut l) = (Vec::new(), Vec::new());
        for c in 0..n {
            let x = item(c, j);
            if let (false, Some(h)) = (x.is_nan(), pop.hired[c]) {
                s.push(x);
                l.push(h);
            }
        }
        if let Some(a) = auc::auc(&s, &l, opts.confidence) {
            v.decision_auc = Some(a.auc);
            v.decision_auc_ci = Some(a.ci);
        }
    });
    let h = pop.hires_with_outcome();
    let Some(y) = pop.outcome else {
        return JointValidity { items: out, replicates: vec![None; k] };
    };
    let (kk, _) = pop.restriction(&h);
    // Hires' values, centred for numerical stability of the moment sums.
    let yh: Vec<f64> = h.iter().map(|&c| y[c].unwrap_or(f64::NAN)).collect();
    let zh: Vec<f64> = h.iter().map(|&c| pop.panel[c]).collect();
    let (ym, zm) = (mean(&yh).unwrap_or(0.0), mean(&zh).unwrap_or(0.0));
    let xh: Vec<f64> = h.iter().flat_map(|&c| (0..k).map(move |j| (c, j))).map(|(c, j)| item(c, j)).collect();
    let xm: Vec<f64> = (0..k)
        .map(|j| {
            let v: Vec<f64> = (0..h.len()).map(|i| xh[i * k + j]).filter(|v| !v.is_nan()).collect();
            mean(&v).unwrap_or(0.0)
        })
        .collect();
    let moments = |idx: &mut dyn Iterator<Item = usize>| -> Vec<Moments> {
        let mut m = vec![Moments::default(); k];
        for i in idx {
            let (yv, zv) = (yh[i] - ym, zh[i] - zm);
            for j in 0..k {
                let x = xh[i * k + j];
                if !x.is_nan() {
                    m[j].add(x - xm[j], yv, zv);
                }
            }
        }
        m
    };
    let full = moments(&mut (0..h.len()));
    // A 0/1 outcome under selection: the probit pool-average method instead of Case III.
    let bin = (pop.binary && opts.correct_selection).then(|| {
        BinaryItems::new(k, 2, &h, &yh, pop, opts.outcome_reliability, |c, j| {
            let x = item(c, j);
            (!x.is_nan() && !pop.panel[c].is_nan()).then_some([x, pop.panel[c]])
        })
    });
    out.par_iter_mut().enumerate().for_each(|(j, v)| {
        let rows: Vec<usize> = (0..h.len()).filter(|&i| !xh[i * k + j].is_nan()).collect();
        v.n_validity = rows.len();
        let x: Vec<f64> = rows.iter().map(|&i| xh[i * k + j]).collect();
        let yy: Vec<f64> = rows.iter().map(|&i| yh[i]).collect();
        v.validity_r = pearson(&x, &yy);
        if let Some(r) = v.validity_r {
            v.validity_ci = fisher_ci(r, x.len(), opts.confidence);
            v.validity_p = pearson_p(r, x.len());
        }
        v.validity_spearman = spearman(&x, &yy);
        v.validity_corrected = match &bin {
            Some(b) => b.estimate(j, |_| 1.0, &mut b.scratch(j), None).map(|(r, _)| r),
            None => full[j].rs().and_then(|rs| corrected_item(rs, kk, opts)),
        };
        if pop.binary {
            let pos: Vec<bool> = yy.iter().map(|&v| v >= 0.5).collect();
            v.validity_auc = auc::auc(&x, &pos, opts.confidence).map(|a| a.auc);
        }
    });
    // Joint bootstrap over H for the items whose corrected value is defined. An item undefined in a
    // replicate (a rare question resampled with too few distinct hires) is marked there, not the whole
    // replicate dropped: every other item keeps it, and the item's own interval uses the replicates
    // where it is defined.
    let included: Vec<usize> =
        (0..k).filter(|&j| out[j].validity_corrected.is_some() && out[j].n_validity >= 4).collect();
    let mut replicates: Vec<Option<Vec<f64>>> = vec![None; k];
    if opts.bootstrap == 0 || included.is_empty() {
        return JointValidity { items: out, replicates };
    }
    let boot = Bootstrap { b: opts.bootstrap, seed: opts.seed, progress: opts.progress.clone() };
    let reps = match &bin {
        Some(b) => b.bootstrap(&boot, &included),
        None => MomentFeatures::new(&h, k, &xh, &xm, &yh, ym, &zh, zm).bootstrap(&boot, &included, kk, opts),
    };
    for (pos, &j) in included.iter().enumerate() {
        let r: Vec<f64> = reps[pos].iter().copied().filter(|&v| v != UNDEFINED).collect();
        out[j].validity_corrected_ci = percentile_ci(&r, opts.confidence);
        out[j].validity_corrected_p = bootstrap_p(&r);
        set_power(&mut out[j], bootstrap_se(&r));
        replicates[j] = Some(reps[pos].iter().map(|&v| if v == UNDEFINED { f64::NAN } else { v }).collect());
    }
    JointValidity { items: out, replicates }
}

/// The joint bootstrap's features for the moment (Case III) path. A replicate is one sequential pass
/// over H weighted by the resample counts: the (y, z) sums once, the x sums per item (missing x stored
/// as 0), then per item the rows where it is missing are taken out of the (n, y, z) sums again. No
/// index array, no allocation per replicate.
struct MomentFeatures {
    x: Features,
    miss_item: Vec<Option<usize>>,
}

impl MomentFeatures {
    #[allow(clippy::too_many_arguments)]
    fn new(h: &[usize], k: usize, xh: &[f64], xm: &[f64], yh: &[f64], ym: f64, zh: &[f64], zm: f64) -> Self {
        let nh = h.len();
        let x0: Vec<f64> =
            xh.iter().enumerate().map(|(p, &x)| if x.is_nan() { 0.0 } else { x - xm[p % k] }).collect();
        let yv: Vec<f64> = yh.iter().map(|v| v - ym).collect();
        let zv: Vec<f64> = zh.iter().map(|v| v - zm).collect();
        let mut missing: Vec<(u32, u32)> = xh
            .iter()
            .enumerate()
            .filter(|(_, x)| x.is_nan())
            .map(|(p, _)| ((p / k) as u32, (p % k) as u32))
            .collect();
        // Dense features per hire, column-major: [1, y, z, y², z², yz] and per item [x, x², xy, xz]. Per
        // item with missing values, the (1, y, z, y², z², yz) of the rows where it is missing go in as
        // sparse features (six sums from column `miss_item[j]` on): most hires are rated on most items.
        let mut miss_item: Vec<Option<usize>> = vec![None; k];
        let d = 6 + 4 * k;
        let mut d_all = d;
        for &(_, j) in &missing {
            if miss_item[j as usize].is_none() {
                miss_item[j as usize] = Some(d_all);
                d_all += 6;
            }
        }
        let mut feats = vec![0.0; nh * d];
        for i in 0..nh {
            let (y, z) = (yv[i], zv[i]);
            let base = [1.0, y, z, y * y, z * z, y * z];
            for (f, b) in base.iter().enumerate() {
                feats[f * nh + i] = *b;
            }
            for j in 0..k {
                let x = x0[i * k + j];
                for (f, v) in [x, x * x, x * y, x * z].into_iter().enumerate() {
                    feats[(6 + 4 * j + f) * nh + i] = v;
                }
            }
        }
        let mut sparse = Sparse { width: 6, ..Sparse::default() };
        // Grouped by item, so each item's corrections are summed in registers.
        missing.sort_unstable_by_key(|&(i, j)| (j, i));
        for &(i, j) in &missing {
            let (iu, off) = (i as usize, miss_item[j as usize].unwrap_or(0));
            let (y, z) = (yv[iu], zv[iu]);
            sparse.rows.push(i);
            sparse.cols.push(off as u32);
            sparse.values.extend([1.0, y, z, y * y, z * z, y * z]);
        }
        MomentFeatures { x: Features::dense(nh, d, feats).with_sparse(sparse), miss_item }
    }

    /// Replicates of the corrected validity of each item in `included` (one vector per item, all of
    /// the same kept replicates).
    fn bootstrap(
        &self,
        boot: &Bootstrap,
        included: &[usize],
        kk: Option<f64>,
        opts: &ValidityOptions,
    ) -> Vec<Vec<f64>> {
        let miss_item = &self.miss_item;
        boot.run_sums(&self.x, included.len(), |t, out| {
            for (o, &j) in out.iter_mut().zip(included) {
                let mm = |f: usize| miss_item[j].map_or(0.0, |off| t[off + f]);
                let x = 6 + 4 * j;
                let m = Moments {
                    n: t[0] - mm(0),
                    sx: t[x],
                    sy: t[1] - mm(1),
                    sz: t[2] - mm(2),
                    sxx: t[x + 1],
                    syy: t[3] - mm(3),
                    szz: t[4] - mm(4),
                    sxy: t[x + 2],
                    sxz: t[x + 3],
                    syz: t[5] - mm(5),
                };
                match m.rs().and_then(|rs| corrected_item(rs, kk, opts)) {
                    Some(v) => *o = v,
                    None => *o = UNDEFINED,
                }
            }
            out.iter().any(|&v| v != UNDEFINED)
        })
    }
}

/// Per item, what the binary-outcome method ([`binary_selection`]) needs: the hires grouped by
/// covariate pattern ((x, S) for an item, S alone for the panel score) and the pool's patterns with
/// counts. Grouping makes a bootstrap replicate a pass over H adding its resample counts into the
/// patterns, then a probit fit on a few hundred patterns (scores are on a short scale).
struct BinaryItems {
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
    fn new<F>(
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
    fn scratch(&self, j: usize) -> binary_selection::Grouped {
        let m = self.hire_x[j].len() / self.q;
        binary_selection::Grouped { q: self.q, x: self.hire_x[j].clone(), w1: vec![0.0; m], w0: vec![0.0; m] }
    }

    /// Item j's estimate with hire i weighted by `weight(i)`: the pool point-biserial correlation
    /// (disattenuated when a criterion reliability is set) and the probit coefficients.
    fn estimate(
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
    fn bootstrap(&self, boot: &Bootstrap, included: &[usize]) -> Vec<Vec<f64>> {
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

/// Validity of the panel score S itself (Case II), with a bootstrap interval.
pub fn panel(pop: &Population, opts: &ValidityOptions) -> Validity {
    let no_boot = ValidityOptions { bootstrap: 0, ..opts.clone() };
    let joint = items(1, |c, _| pop.panel[c], pop, &no_boot);
    let mut v = joint.items.into_iter().next().unwrap_or_default();
    let Some(y) = pop.outcome else { return v };
    let h = pop.hires_with_outcome();
    let (_, u) = pop.restriction(&h);
    v.validity_corrected = v.validity_r.and_then(|r| corrected_panel(r, u, opts));
    v.validity_corrected_ci = None;
    v.validity_corrected_p = None;
    set_power(&mut v, None);
    if pop.binary && opts.correct_selection {
        // A 0/1 outcome: probit of y on S among hires, averaged over the pool (not Case II).
        let yh: Vec<f64> = h.iter().map(|&c| y[c].unwrap_or(f64::NAN)).collect();
        let b = BinaryItems::new(1, 1, &h, &yh, pop, opts.outcome_reliability, |c, _| {
            (!pop.panel[c].is_nan()).then_some([pop.panel[c], 0.0])
        });
        v.validity_corrected = b.estimate(0, |_| 1.0, &mut b.scratch(0), None).map(|(r, _)| r);
        if v.validity_corrected.is_some() && opts.bootstrap > 0 && h.len() >= 4 {
            let boot = Bootstrap { b: opts.bootstrap, seed: opts.seed, progress: opts.progress.clone() };
            let reps = b.bootstrap(&boot, &[0]).into_iter().next().unwrap_or_default();
            v.validity_corrected_ci = percentile_ci(&reps, opts.confidence);
            v.validity_corrected_p = bootstrap_p(&reps);
            set_power(&mut v, bootstrap_se(&reps));
        }
        return v;
    }
    if v.validity_corrected.is_some() && opts.bootstrap > 0 && h.len() >= 4 {
        let boot = Bootstrap { b: opts.bootstrap, seed: opts.seed, progress: opts.progress.clone() };
        // Weighted sums over H by resample counts (values centred on the full-sample means).
        let xs: Vec<f64> = h.iter().map(|&c| pop.panel[c]).collect();
        let ys: Vec<f64> = h.iter().map(|&c| y[c].unwrap_or(f64::NAN)).collect();
        let (mx, my) = (mean(&xs).unwrap_or(0.0), mean(&ys).unwrap_or(0.0));
        let xs: Vec<f64> = xs.iter().map(|v| v - mx).collect();
        let ys: Vec<f64> = ys.iter().map(|v| v - my).collect();
        let finite = xs.iter().chain(&ys).all(|v| v.is_finite());
        // Features (1, x, y, x², y², xy) per hire: each replicate's moment sums are one matrix product.
        let nh = h.len();
        let mut feats = vec![0.0; nh * 6];
        for (i, (&x, &yv)) in xs.iter().zip(&ys).enumerate() {
            for (f, v) in [1.0, x, yv, x * x, yv * yv, x * yv].into_iter().enumerate() {
                feats[f * nh + i] = v;
            }
        }
        let reps = boot.run_sums(&Features::dense(nh, 6, feats), 1, |t, out| {
            let m = Moments {
                n: t[0],
                sx: t[1],
                sy: t[2],
                sxx: t[3],
                syy: t[4],
                sxy: t[5],
                ..Moments::default()
            };
            let r = if finite { m.r(m.sxy, m.sx, m.sy, m.sxx, m.syy) } else { None };
            match r.and_then(|r| corrected_panel(r, u, opts)) {
                Some(v) => {
                    out[0] = v;
                    true
                }
                None => false,
            }
        });
        let reps = reps.into_iter().next().unwrap_or_default();
        v.validity_corrected_ci = percentile_ci(&reps, opts.confidence);
        v.validity_corrected_p = bootstrap_p(&reps);
        set_power(&mut v, bootstrap_se(&reps));
    }
    v
}
