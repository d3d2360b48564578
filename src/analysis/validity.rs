//! Predictive validity of score columns against the outcome, corrected for range restriction
//! (docs/methods.md, "Range restriction", "Per question", "Process").
//!
//! Only hires have outcomes and hires were chosen on the panel score S, so a column's correlation with
//! the outcome among hires is shrunk, and a column that counted in the decision but predicts nothing
//! turns negative. Per item we report the raw Pearson r among hires and the Thorndike Case III value
//! with S as the explicit selection variable; for S itself, Case II.

use rayon::prelude::*;
use serde::Serialize;

mod binary;
mod moments;

use self::binary::BinaryItems;
use self::moments::{HireValues, MomentFeatures, Moments, UNDEFINED};
use crate::stats::bootstrap::{bootstrap_p, percentile_ci, Bootstrap, Features};
use crate::stats::correlation::{fisher_ci, pearson, pearson_p, spearman};
use crate::stats::descriptive::{mean, sd, variance};
use crate::stats::range_restriction::{case2, case3, disattenuate, k_from_variances, u_from_sds};
use crate::stats::{auc, power};

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

impl Default for ValidityOptions {
    /// The command line's defaults: 95% intervals, B = 1000 from seed 42, Case III, verdicts from 30 hires.
    fn default() -> Self {
        ValidityOptions {
            confidence: 0.95,
            bootstrap: 1000,
            seed: 42,
            correct_selection: true,
            outcome_reliability: None,
            min_n: 30,
            progress: Default::default(),
        }
    }
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
    // Items are independent: one rayon task each (the AUC sorts all candidates).
    let mut out: Vec<Validity> =
        (0..k).into_par_iter().map(|j| decision_block(j, &item, pop, opts)).collect();
    let h = pop.hires_with_outcome();
    let Some(y) = pop.outcome else {
        return JointValidity { items: out, replicates: vec![None; k] };
    };
    let (kk, _) = pop.restriction(&h);
    let hires = HireValues::of(&h, k, &item, y, pop.panel);
    let full = hires.moments();
    // A 0/1 outcome under selection: the probit pool-average method instead of Case III.
    let bin = (pop.binary && opts.correct_selection).then(|| {
        BinaryItems::new(k, 2, &h, &hires.y, pop, opts.outcome_reliability, |c, j| {
            let x = item(c, j);
            (!x.is_nan() && !pop.panel[c].is_nan()).then_some([x, pop.panel[c]])
        })
    });
    out.par_iter_mut().enumerate().for_each(|(j, v)| {
        validity_among_hires(v, &hires, j, pop.binary, opts);
        v.validity_corrected = match &bin {
            Some(b) => b.estimate(j, |_| 1.0, &mut b.scratch(j), None).map(|(r, _)| r),
            None => full[j].rs().and_then(|rs| corrected_item(rs, kk, opts)),
        };
    });
    let replicates = joint_bootstrap(&mut out, &hires, bin.as_ref(), kk, opts);
    JointValidity { items: out, replicates }
}

/// Item j's block before any outcome: its decision AUC over the candidates with a known decision.
fn decision_block<F>(j: usize, item: &F, pop: &Population, opts: &ValidityOptions) -> Validity
where
    F: Fn(usize, usize) -> f64,
{
    let mut v = Validity::default();
    let (mut s, mut l) = (Vec::new(), Vec::new());
    for c in 0..pop.panel.len() {
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
    v
}

/// Item j's uncorrected statistics among the hires rated on it: n, Pearson r with its Fisher interval
/// and p-value, Spearman rho, and for a binary outcome the AUC.
fn validity_among_hires(
    v: &mut Validity,
    hires: &HireValues,
    j: usize,
    binary: bool,
    opts: &ValidityOptions,
) {
    let rows: Vec<usize> = (0..hires.len()).filter(|&i| !hires.x(i, j).is_nan()).collect();
    v.n_validity = rows.len();
    let x: Vec<f64> = rows.iter().map(|&i| hires.x(i, j)).collect();
    let yy: Vec<f64> = rows.iter().map(|&i| hires.y[i]).collect();
    v.validity_r = pearson(&x, &yy);
    if let Some(r) = v.validity_r {
        v.validity_ci = fisher_ci(r, x.len(), opts.confidence);
        v.validity_p = pearson_p(r, x.len());
    }
    v.validity_spearman = spearman(&x, &yy);
    if binary {
        let pos: Vec<bool> = yy.iter().map(|&v| v >= 0.5).collect();
        v.validity_auc = auc::auc(&x, &pos, opts.confidence).map(|a| a.auc);
    }
}

/// The joint bootstrap over H for the items whose corrected value is defined (and with at least 4
/// hires): sets their intervals, p-values and power, and returns the replicates per item. An item
/// undefined in a replicate (a rare question resampled with too few distinct hires) is marked there,
/// not the whole replicate dropped: every other item keeps it, and the item's own interval uses the
/// replicates where it is defined.
fn joint_bootstrap(
    out: &mut [Validity],
    hires: &HireValues,
    bin: Option<&BinaryItems>,
    kk: Option<f64>,
    opts: &ValidityOptions,
) -> Vec<Option<Vec<f64>>> {
    let k = out.len();
    let included: Vec<usize> =
        (0..k).filter(|&j| out[j].validity_corrected.is_some() && out[j].n_validity >= 4).collect();
    let mut replicates: Vec<Option<Vec<f64>>> = vec![None; k];
    if opts.bootstrap == 0 || included.is_empty() {
        return replicates;
    }
    let boot = bootstrap_of(opts);
    let reps = match bin {
        Some(b) => b.bootstrap(&boot, &included),
        None => MomentFeatures::new(hires).bootstrap(&boot, &included, |rs| corrected_item(rs, kk, opts)),
    };
    for (pos, &j) in included.iter().enumerate() {
        let r: Vec<f64> = reps[pos].iter().copied().filter(|&v| v != UNDEFINED).collect();
        set_interval(&mut out[j], &r, opts);
        replicates[j] = Some(reps[pos].iter().map(|&v| if v == UNDEFINED { f64::NAN } else { v }).collect());
    }
    replicates
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
    let boot = opts.bootstrap > 0 && h.len() >= 4;
    if pop.binary && opts.correct_selection {
        // A 0/1 outcome: probit of y on S among hires, averaged over the pool (not Case II).
        let yh: Vec<f64> = h.iter().map(|&c| y[c].unwrap_or(f64::NAN)).collect();
        let b = BinaryItems::new(1, 1, &h, &yh, pop, opts.outcome_reliability, |c, _| {
            (!pop.panel[c].is_nan()).then_some([pop.panel[c], 0.0])
        });
        v.validity_corrected = b.estimate(0, |_| 1.0, &mut b.scratch(0), None).map(|(r, _)| r);
        if v.validity_corrected.is_some() && boot {
            let reps = b.bootstrap(&bootstrap_of(opts), &[0]).into_iter().next().unwrap_or_default();
            set_interval(&mut v, &reps, opts);
        }
        return v;
    }
    if v.validity_corrected.is_some() && boot {
        let reps = panel_replicates(&h, y, pop.panel, u, opts);
        set_interval(&mut v, &reps, opts);
    }
    v
}

/// The bootstrap of `opts`.
fn bootstrap_of(opts: &ValidityOptions) -> Bootstrap {
    Bootstrap { b: opts.bootstrap, seed: opts.seed, progress: opts.progress.clone() }
}

/// Sets `v`'s corrected interval, p-value and power from the replicates of `validity_corrected`.
fn set_interval(v: &mut Validity, reps: &[f64], opts: &ValidityOptions) {
    v.validity_corrected_ci = percentile_ci(reps, opts.confidence);
    v.validity_corrected_p = bootstrap_p(reps);
    set_power(v, bootstrap_se(reps));
}

/// Bootstrap replicates of the panel score's Case II validity over the hires `h`: weighted sums of
/// (1, x, y, x², y², xy) per hire by resample counts (values centred on the full-sample means), so
/// each replicate's moment sums are one matrix product.
fn panel_replicates(
    h: &[usize],
    y: &[Option<f64>],
    panel: &[f64],
    u: Option<f64>,
    opts: &ValidityOptions,
) -> Vec<f64> {
    let xs: Vec<f64> = h.iter().map(|&c| panel[c]).collect();
    let ys: Vec<f64> = h.iter().map(|&c| y[c].unwrap_or(f64::NAN)).collect();
    let (mx, my) = (mean(&xs).unwrap_or(0.0), mean(&ys).unwrap_or(0.0));
    let xs: Vec<f64> = xs.iter().map(|v| v - mx).collect();
    let ys: Vec<f64> = ys.iter().map(|v| v - my).collect();
    let finite = xs.iter().chain(&ys).all(|v| v.is_finite());
    let nh = h.len();
    let mut feats = vec![0.0; nh * 6];
    for (i, (&x, &yv)) in xs.iter().zip(&ys).enumerate() {
        for (f, v) in [1.0, x, yv, x * x, yv * yv, x * yv].into_iter().enumerate() {
            feats[f * nh + i] = v;
        }
    }
    let reps = bootstrap_of(opts).run_sums(&Features::dense(nh, 6, feats), 1, |t, out| {
        let m =
            Moments { n: t[0], sx: t[1], sy: t[2], sxx: t[3], syy: t[4], sxy: t[5], ..Moments::default() };
        let r = if finite { m.r(m.sxy, m.sx, m.sy, m.sxx, m.syy) } else { None };
        match r.and_then(|r| corrected_panel(r, u, opts)) {
            Some(v) => {
                out[0] = v;
                true
            }
            None => false,
        }
    });
    reps.into_iter().next().unwrap_or_default()
}
