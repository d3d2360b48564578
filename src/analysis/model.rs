//! The rating model behind interviewer leniency and drift (docs/methods.md, "Interviewers";
//! docs/interviewer-flags.md):
//!
//! `x_r = μ + θ_candidate + δ_question + β_interviewer + ε` (leniency), and for drift the same model with an
//! interviewer × time term, `… + γ_interviewer·(t_r − t̄_interviewer) + ε` ([`fit_drift`]), both fitted
//! exactly by least squares.
//!
//! * **Absorption.** Candidates (with μ) are absorbed by within-candidate centring: each candidate's mean
//!   rating is subtracted from `x` and from the interviewer/question/slope columns (Frisch–Waugh–Lovell),
//!   which leaves the reduced normal equations `X̃'X̃ b = X̃'x̃` in the other effects only, accumulated in
//!   one pass over the ratings grouped by candidate.
//! * **Constraints.** Inside each connected component of the candidate–interviewer graph (estimated on
//!   its own), interviewers and questions split into *peer groups* (interviewers linked through shared
//!   questions). Each peer group's level is confounded with its questions' effects, so one reference
//!   question per peer group is fixed at δ = 0; one interviewer's β is fixed at 0 (the overall level is the
//!   candidates'). In the drift model a trend shared by every interviewer of a component cannot be told
//!   from candidates who get better or worse over time (candidates are absorbed), so one interviewer's
//!   slope per component is fixed at 0. Only contrasts within a peer group are reported, so these
//!   choices are immaterial.
//! * **Time.** `t_r` is the candidate's interview date in years (the mean date of the candidate's dated
//!   scorecards: drift is a change over months, not between a candidate's interview days, and with one
//!   time per candidate the shared trend is exactly the candidates', so fixing one slope is a pure
//!   normalization); `t̄_i` the mean over the interviewer's dated ratings, so β_i is the leniency at the
//!   interviewer's average date. An interviewer's slope is
//!   estimated only when their dates vary: at least two dated ratings and a date SD above 10⁻⁶ of the
//!   data's date SD (at least one day), a relative tolerance (identical dates leave rounding-level
//!   variance, which an absolute `> 0` test would take for a slope). Undated ratings inform β, not γ.
//! * **Solvers.** Up to [`ModelOptions::dense_limit`] parameters: a dense Cholesky factorization
//!   (nalgebra) whose inverse gives the exact covariance; if the matrix is singular after the constraints
//!   (an unusual design), a symmetric eigendecomposition gives the pseudo-inverse, and contrasts outside its
//!   row space are reported as not estimable. Larger designs: Jacobi-preconditioned conjugate gradient on
//!   the same equations, matrix-free (`O(ratings)` per iteration) to a relative residual of
//!   [`ModelOptions::cg_tolerance`]; standard errors there use the diagonal of `X̃'X̃` (other effects
//!   treated as known), propagated through the centring.
//! * **Contrasts.** β (and γ) centred within each peer group to a rating-weighted mean of 0: `c = e_i − w`
//!   (`w_j` = share of the group's ratings; for γ, among the interviewers with a slope).
//! * **Standard errors.** Clustered by candidate: ratings on one scorecard share the interviewer's
//!   impression of the candidate, and ratings of one candidate by different interviewers share more than
//!   θ_c (questions load differently on what a candidate brings), so neither is independent. Candidates
//!   nest scorecards, so clustering by candidate covers both. The CR1 sandwich
//!   `V = A⁻¹ (Σ_c s_c s_c') A⁻¹ · G/(G − 1) · (N − 1)/(N − K)`, `A = X̃'X̃`, `s_c = X̃_c' e_c` the score of
//!   candidate c, G candidates, N ratings, K = candidates + rank (Liang & Zeger 1986; the small-sample
//!   factor is Stata's and statsmodels' `cov_type="cluster"` default; the absorbed regression gives the
//!   same sandwich as the one with candidate dummies because the clusters nest the absorbed effect).
//!   Inference uses t with G − 1 degrees of freedom. On simulated data with known truth, scorecard
//!   clusters left the z-scores of drift with SD 1.21 (11% beyond ±1.96) and candidate clusters 1.05
//!   (`tests/drift_recovery.rs`). The ordinary `σ̂² c'A⁻¹c` (σ̂² = RSS/(N − C − rank)) is kept as
//!   [`ModelFit::leniency_se_iid`].
//! * **Shrinkage** (empirical Bayes, Efron & Morris 1975): `β·τ²/(τ² + se²)` with
//!   `τ² = max(0, var(β) − mean(se²))` over the peer group (method of moments, with the clustered se).
//!   The few extreme interviewers inflate this τ², but on simulated data with known truth that costs
//!   ordinary interviewers nothing measurable: the RMSE of their shrunk leniency is within 2% of what the
//!   true τ² gives, and a robust (MAD) τ² was worse (`tests/halo_recovery.rs`).
//!
//! Verified against statsmodels OLS with `C(candidate) + C(question) + C(interviewer)` (+ interviewer ×
//! time), ordinary and `cov_type="cluster"`: `tests/reference/interviewers_reference.py`.

use nalgebra::{DMatrix, DVector, SymmetricEigen};
use serde::Serialize;

use super::design::{Design, UnionFind};
use crate::dataset::{ByCandidate, Dataset};

const NONE: u32 = u32::MAX;

/// Options of the model fit.
#[derive(Debug, Clone, Serialize)]
pub struct ModelOptions {
    /// Largest number of free parameters (interviewers + questions of a component) solved densely;
    /// larger components use conjugate gradient.
    pub dense_limit: usize,
    /// Relative residual `‖A b − r‖/‖r‖` at which conjugate gradient stops.
    pub cg_tolerance: f64,
    /// Iteration cap of conjugate gradient.
    pub cg_max_iter: usize,
    /// Where the fit reports progress (silent by default).
    #[serde(skip)]
    pub progress: crate::progress::Progress,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            dense_limit: 2000,
            cg_tolerance: 1e-10,
            cg_max_iter: 20_000,
            progress: Default::default(),
        }
    }
}

/// How a component's equations were solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Solver {
    /// Dense Cholesky (exact covariance).
    Cholesky,
    /// Dense symmetric eigendecomposition (pseudo-inverse; singular design).
    Eigen,
    /// Preconditioned conjugate gradient (diagonal-approximation SEs).
    ConjugateGradient,
}

/// The fit of one candidate–interviewer component.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentFit {
    /// Interviewers in the component.
    pub interviewers: usize,
    /// Distinct questions rated in the component.
    pub questions: usize,
    /// Candidates with at least one rating.
    pub candidates: usize,
    /// Ratings.
    pub ratings: usize,
    /// Peer groups inside the component.
    pub peer_groups: usize,
    /// Solver used; `None` when the component was not fitted (fewer than 2 interviewers).
    pub solver: Option<Solver>,
    /// Residual degrees of freedom N − C − rank.
    pub residual_df: f64,
    /// Residual variance RSS / residual df.
    pub sigma2: Option<f64>,
    /// Conjugate-gradient iterations, when used.
    pub cg_iterations: Option<usize>,
    /// Clusters of the standard errors (candidates with ratings).
    pub clusters: usize,
}

/// Why an interviewer's drift is null.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftNull {
    /// Fewer than two dated ratings, or all on (numerically) the same date.
    DatesDoNotVary,
    /// The interviewer is not in a fitted component, or is the only one of the peer group with a slope.
    NoPeers,
    /// The contrast is not estimable in this design (singular model).
    NotEstimable,
}

impl DriftNull {
    /// A sentence for people.
    pub fn reason(self) -> &'static str {
        match self {
            DriftNull::DatesDoNotVary => "drift: the interviewer's interview dates do not vary",
            DriftNull::NoPeers => "drift: no peer with varying dates to compare with",
            DriftNull::NotEstimable => "drift: not estimable in this design",
        }
    }
}

/// The fitted model, indexed by interviewer code (and scorecard code for residuals).
#[derive(Debug, Clone)]
pub struct ModelFit {
    /// β_i centred to a rating-weighted mean of 0 within the peer group; `None` when not estimable.
    pub leniency: Vec<Option<f64>>,
    /// Candidate-clustered (CR1) standard error of the centred contrast.
    pub leniency_se: Vec<Option<f64>>,
    /// Ordinary least-squares standard error of the same contrast (`σ̂² c'A⁻¹c`, independent ratings).
    pub leniency_se_iid: Vec<Option<f64>>,
    /// Empirical-Bayes shrunken leniency.
    pub leniency_shrunk: Vec<Option<f64>>,
    /// Centring group (peer group within a component) per interviewer, dense ids; `u32::MAX` if unfitted.
    pub group: Vec<u32>,
    /// Component (index into `components`) per interviewer; `u32::MAX` without ratings.
    pub component: Vec<u32>,
    /// Mean model residual of each scorecard's ratings (`NaN` when unfitted or without ratings).
    pub scorecard_residual: Vec<f64>,
    /// Drift model only: γ_i (score points per year) centred within the peer group.
    pub drift: Vec<Option<f64>>,
    /// Drift model only: candidate-clustered (CR1) standard error of the centred γ_i.
    pub drift_se: Vec<Option<f64>>,
    /// Drift model only: ordinary least-squares standard error of the centred γ_i.
    pub drift_se_iid: Vec<Option<f64>>,
    /// Drift model only: why `drift` is null.
    pub drift_null: Vec<Option<DriftNull>>,
    /// Per component, in `Design` order.
    pub components: Vec<ComponentFit>,
}

impl ModelFit {
    /// Degrees of freedom of the clustered t for interviewer `i`: candidates of its component − 1.
    pub fn cluster_df(&self, i: usize) -> Option<f64> {
        let k = *self.component.get(i)?;
        let c = self.components.get(k as usize)?;
        (c.clusters >= 2).then_some(c.clusters as f64 - 1.0)
    }
}

/// Per-rating time for the drift model: `t_r − t̄_i` in years, and which interviewers have a slope.
struct Times {
    /// Centred time of each rating (0 for undated ratings and interviewers without a slope).
    centred: Vec<f64>,
    /// Whether interviewer i's slope is estimated.
    slope: Vec<bool>,
}

impl Times {
    fn of(ds: &Dataset) -> Times {
        let (r, sc, ni, nc) = (&ds.ratings, &ds.scorecards, ds.interviewers.len(), ds.candidates.len());
        let day = |j: usize| sc.date.get(r.scorecard[j] as usize).copied().flatten();
        let d0 = (0..r.len()).filter_map(day).min().unwrap_or(0) as f64;
        // The candidate's time: the mean date of their dated ratings, in years since the first date.
        let (mut cn, mut cs) = (vec![0.0; nc], vec![0.0; nc]);
        for j in 0..r.len() {
            if let Some(d) = day(j) {
                cn[r.candidate[j] as usize] += 1.0;
                cs[r.candidate[j] as usize] += (d as f64 - d0) / 365.25;
            }
        }
        let year = |j: usize| {
            let c = r.candidate[j] as usize;
            (cn[c] > 0.0).then(|| cs[c] / cn[c])
        };
        // An interviewer's slope needs their own interview dates to vary (a relative tolerance: the SD
        // of their dates above 1e-6 of the data's, and at least a day). `t̄_i` is over candidate times.
        let own = |j: usize| day(j).map(|d| (d as f64 - d0) / 365.25);
        let (mut n, mut s1, mut o1) = (vec![0.0; ni], vec![0.0; ni], vec![0.0; ni]);
        let mut all = crate::stats::flag_tests::Moments::default();
        for j in 0..r.len() {
            let i = r.interviewer[j] as usize;
            if let (Some(t), Some(o)) = (year(j), own(j)) {
                n[i] += 1.0;
                s1[i] += t;
                all.push(o);
                o1[i] += o;
            }
        }
        let mean: Vec<f64> = (0..ni).map(|i| if n[i] > 0.0 { s1[i] / n[i] } else { 0.0 }).collect();
        let mut ss = vec![0.0; ni];
        for j in 0..r.len() {
            if let (Some(o), true) = (own(j), year(j).is_some()) {
                let i = r.interviewer[j] as usize;
                let m = o1[i] / n[i];
                ss[i] += (o - m) * (o - m);
            }
        }
        let scale = all.variance().map_or(0.0, f64::sqrt).max(1.0 / 365.25);
        let slope: Vec<bool> =
            (0..ni).map(|i| n[i] >= 2.0 && (ss[i] / (n[i] - 1.0)).sqrt() > 1e-6 * scale).collect();
        let centred = (0..r.len())
            .map(|j| {
                let i = r.interviewer[j] as usize;
                match (year(j), own(j)) {
                    (Some(t), Some(_)) if slope[i] => t - mean[i],
                    _ => 0.0,
                }
            })
            .collect();
        Times { centred, slope }
    }
}

/// Scratch state of one component's fit.
struct Local {
    /// Global interviewer codes, by local index.
    ivs: Vec<u32>,
    /// Global question codes, by local index.
    qs: Vec<u32>,
    /// Parameter index of each local interviewer (`p` for the fixed first one).
    p_iv: Vec<u32>,
    /// Parameter index of each local question (`NONE` for a reference question).
    p_q: Vec<u32>,
    /// Parameter index of each local interviewer's slope (`p + 1` for the fixed one, `NONE` without).
    p_s: Vec<u32>,
    /// Peer group (local) of each local interviewer.
    group_iv: Vec<u32>,
    /// Number of local peer groups.
    n_groups: usize,
    /// Number of free parameters.
    p: usize,
}

/// The parameters one rating touches: interviewer slot, question slot (or `NONE`), slope slot (or `NONE`)
/// and the slope column's value. Slots `p` and `p + 1` are the fixed (zero) interviewer and slope.
#[derive(Debug, Clone, Copy)]
struct Entry {
    a: u32,
    b: u32,
    s: u32,
    v: f64,
}

impl Entry {
    /// `(slot, value)` of each column with a non-zero value in this rating's row.
    #[inline]
    fn cols(&self) -> impl Iterator<Item = (usize, f64)> {
        let a = Some((self.a as usize, 1.0));
        let b = (self.b != NONE).then_some((self.b as usize, 1.0));
        let s = (self.s != NONE).then_some((self.s as usize, self.v));
        a.into_iter().chain(b).chain(s)
    }

    /// `x_r'b` for a coefficient vector of the `p` free parameters.
    #[inline]
    fn dot(&self, b: &DVector<f64>) -> f64 {
        let p = b.len();
        self.cols().filter(|c| c.0 < p).map(|(k, v)| v * b[k]).sum()
    }
}

/// Fits the leniency model on every candidate–interviewer component of `design`. Cost: O(ratings) passes
/// plus the solve (dense: O(p³) for p free parameters; CG: O(ratings) per iteration).
pub fn fit(ds: &Dataset, design: &Design, opts: &ModelOptions) -> ModelFit {
    let _spinner =
        (ds.ratings.len() >= 1_000_000).then(|| opts.progress.spinner("fitting the interviewer model"));
    fit_with(ds, design, opts, None)
}

/// Fits the drift model: the leniency model plus an interviewer × time term per interviewer whose dates
/// vary. Its `drift`, `drift_se` and `drift_null` are filled (its leniency is at the interviewer's mean
/// date). About twice the parameters of [`fit`].
pub fn fit_drift(ds: &Dataset, design: &Design, opts: &ModelOptions) -> ModelFit {
    let times = Times::of(ds);
    fit_with(ds, design, opts, Some(&times))
}

fn fit_with(ds: &Dataset, design: &Design, opts: &ModelOptions, times: Option<&Times>) -> ModelFit {
    let (ni, nq) = (ds.interviewers.len(), ds.questions.len());
    let by_c = ByCandidate::of(ds);
    let comp_cands = candidates_by_component(ds, design, &by_c);
    let mut fit = ModelFit::unfitted(ds, times, comp_cands.len());
    let mut local_iv = vec![NONE; ni];
    let mut local_q = vec![NONE; nq];
    let mut residual_sums = std::mem::take(&mut fit.scorecard_residual);
    let mut next_group = 0u32;
    for (k, cands) in comp_cands.iter().enumerate() {
        let mut ctx = Ctx {
            ds,
            by_c: &by_c,
            cands,
            opts,
            times,
            local_iv: &mut local_iv,
            local_q: &mut local_q,
            residual_sums: &mut residual_sums,
        };
        let est = fit_component(&mut ctx);
        fit.place(k as u32, next_group, &est);
        next_group += est.groups;
        fit.components.push(est.summary);
    }
    fit.scorecard_residual = residual_sums;
    if times.is_some() {
        for i in 0..ni {
            if fit.drift[i].is_none() && fit.drift_null[i].is_none() {
                fit.drift_null[i] = Some(DriftNull::NoPeers);
            }
        }
    }
    shrink(&mut fit, next_group as usize);
    fit.finish_residuals(ds);
    fit
}

/// The candidates with ratings of each component of `design` (a candidate's ratings are all in one
/// component), in candidate order.
fn candidates_by_component(ds: &Dataset, design: &Design, by_c: &ByCandidate) -> Vec<Vec<u32>> {
    let r = &ds.ratings;
    let mut comp_cands: Vec<Vec<u32>> = vec![Vec::new(); design.component_interviewers.len()];
    for c in 0..ds.candidates.len() {
        if let Some(&j) = by_c.ratings(c).first() {
            let k = design.component_of_interviewer[r.interviewer[j as usize] as usize] as usize;
            comp_cands[k].push(c as u32);
        }
    }
    comp_cands
}

impl ModelFit {
    /// A fit with nothing estimated yet: every estimate `None`, no group or component, residuals `NaN`,
    /// and (drift model) `DatesDoNotVary` for interviewers without a slope.
    fn unfitted(ds: &Dataset, times: Option<&Times>, components: usize) -> ModelFit {
        let ni = ds.interviewers.len();
        let drift_null = match times {
            Some(t) => (0..ni).map(|i| (!t.slope[i]).then_some(DriftNull::DatesDoNotVary)).collect(),
            None => vec![None; ni],
        };
        ModelFit {
            leniency: vec![None; ni],
            leniency_se: vec![None; ni],
            leniency_se_iid: vec![None; ni],
            leniency_shrunk: vec![None; ni],
            group: vec![NONE; ni],
            component: vec![NONE; ni],
            scorecard_residual: vec![f64::NAN; ds.scorecards.len()],
            drift: vec![None; ni],
            drift_se: vec![None; ni],
            drift_se_iid: vec![None; ni],
            drift_null,
            components: Vec::with_capacity(components),
        }
    }

    /// Places component `component`'s estimates, its peer groups numbered from `first_group`.
    fn place(&mut self, component: u32, first_group: u32, est: &ComponentEstimates) {
        for e in &est.interviewers {
            let i = e.interviewer as usize;
            self.component[i] = component;
            if let Some(g) = e.group {
                self.group[i] = first_group + g;
            }
            self.leniency[i] = e.leniency.estimate;
            self.leniency_se[i] = e.leniency.se;
            self.leniency_se_iid[i] = e.leniency.se_iid;
            self.drift[i] = e.drift.estimate;
            self.drift_se[i] = e.drift.se;
            self.drift_se_iid[i] = e.drift.se_iid;
            if e.drift_not_estimable {
                self.drift_null[i] = Some(DriftNull::NotEstimable);
            }
        }
    }
}

/// Local indices, peer groups and parameter indices of a component.
fn localise(ctx: &mut Ctx) -> Local {
    let r = &ctx.ds.ratings;
    let (mut ivs, mut qs) = (Vec::new(), Vec::new());
    for &c in ctx.cands {
        for &j in ctx.by_c.ratings(c as usize) {
            let (i, q) = (r.interviewer[j as usize] as usize, r.question[j as usize] as usize);
            if ctx.local_iv[i] == NONE {
                ctx.local_iv[i] = ivs.len() as u32;
                ivs.push(i as u32);
            }
            if ctx.local_q[q] == NONE {
                ctx.local_q[q] = qs.len() as u32;
                qs.push(q as u32);
            }
        }
    }
    let (li, lq) = (ivs.len(), qs.len());
    let mut uf = UnionFind::new(li + lq);
    for &c in ctx.cands {
        for &j in ctx.by_c.ratings(c as usize) {
            let (i, q) = (r.interviewer[j as usize] as usize, r.question[j as usize] as usize);
            uf.union(ctx.local_iv[i], (li + ctx.local_q[q] as usize) as u32);
        }
    }
    let (labels, sizes) = uf.labels();
    let n_groups = sizes.len();
    // Interviewer 0's β is fixed at 0 (the overall level is absorbed by the candidates); its slot is the
    // extra index `p` (outside the matrix), kept so that its diagonal is still accumulated.
    let mut p_iv = vec![0u32; li];
    for (l, p) in p_iv.iter_mut().enumerate().skip(1) {
        *p = (l - 1) as u32;
    }
    let mut p_q = vec![NONE; lq];
    let mut has_ref = vec![false; n_groups];
    let mut p = li.saturating_sub(1); // a component of one candidate without ratings has no interviewers
    for (l, pq) in p_q.iter_mut().enumerate() {
        let g = labels[li + l] as usize;
        if has_ref[g] {
            *pq = p as u32;
            p += 1;
        } else {
            has_ref[g] = true;
        }
    }
    // Slopes: the first interviewer with one is fixed (slot p + 1, set below), the others are free.
    let mut p_s = vec![NONE; li];
    if let Some(t) = ctx.times {
        let mut first = true;
        for (l, ps) in p_s.iter_mut().enumerate() {
            if t.slope[ivs[l] as usize] {
                if first {
                    *ps = u32::MAX - 1; // placeholder for p + 1
                    first = false;
                } else {
                    *ps = p as u32;
                    p += 1;
                }
            }
        }
        for ps in p_s.iter_mut().filter(|s| **s == u32::MAX - 1) {
            *ps = (p + 1) as u32;
        }
    }
    if li > 0 {
        p_iv[0] = p as u32;
    }
    Local { ivs, qs, p_iv, p_q, p_s, group_iv: labels[..li].to_vec(), n_groups, p }
}

/// What [`fit_component`] reads and the scratch it borrows.
struct Ctx<'a> {
    ds: &'a Dataset,
    by_c: &'a ByCandidate,
    cands: &'a [u32],
    opts: &'a ModelOptions,
    times: Option<&'a Times>,
    /// Local index of each interviewer (`NONE` outside the component; reset after each component).
    local_iv: &'a mut [u32],
    /// Local index of each question (as `local_iv`).
    local_q: &'a mut [u32],
    /// Per scorecard, the sum of its ratings' residuals (`NaN` = none yet); components add their own
    /// scorecards' (a scorecard's ratings are all in its candidate's component).
    residual_sums: &'a mut [f64],
}

/// A candidate's column sums `(slot, Σv, Σv²)` over its ratings, with a slot → position map.
struct Touched {
    pos: Vec<u32>,
    list: Vec<(usize, f64, f64)>,
    /// Scratch for [`Touched::lower_pairs`]: the free slots and their values, sorted by slot.
    free: Vec<(usize, f64)>,
}

impl Touched {
    fn new(slots: usize) -> Touched {
        Touched { pos: vec![NONE; slots], list: Vec::with_capacity(32), free: Vec::with_capacity(32) }
    }

    /// Calls `f(k1, k2, v1, v2)` once for each pair of touched free slots (slot < p) with k2 ≤ k1:
    /// the lower triangle of their outer product, which [`mirror_lower`] completes. `v` is
    /// `value(slot, Σv)`.
    fn lower_pairs(
        &mut self,
        p: usize,
        value: impl Fn(usize, f64) -> f64,
        mut f: impl FnMut(usize, usize, f64, f64),
    ) {
        self.free.clear();
        self.free.extend(self.list.iter().filter(|t| t.0 < p).map(|t| (t.0, value(t.0, t.1))));
        self.free.sort_unstable_by_key(|t| t.0);
        for (i, &(k1, v1)) in self.free.iter().enumerate() {
            for &(k2, v2) in &self.free[..=i] {
                f(k1, k2, v1, v2);
            }
        }
    }

    #[inline]
    fn add(&mut self, k: usize, v: f64) {
        if self.pos[k] == NONE {
            self.pos[k] = self.list.len() as u32;
            self.list.push((k, v, v * v));
        } else {
            let e = &mut self.list[self.pos[k] as usize];
            e.1 += v;
            e.2 += v * v;
        }
    }

    fn clear(&mut self) {
        for e in &self.list {
            self.pos[e.0] = NONE;
        }
        self.list.clear();
    }
}

/// One component's fit, for [`fit_with`] to place into the [`ModelFit`].
struct ComponentEstimates {
    /// What `components[]` reports about the component.
    summary: ComponentFit,
    /// Peer-group ids the component used (0 when not fitted).
    groups: u32,
    /// One entry per interviewer of the component.
    interviewers: Vec<InterviewerEstimate>,
}

/// An estimate with its two standard errors (all `None` when not estimable).
#[derive(Debug, Clone, Copy, Default)]
struct Contrast {
    estimate: Option<f64>,
    /// Candidate-clustered (CR1).
    se: Option<f64>,
    /// Ordinary least squares.
    se_iid: Option<f64>,
}

/// One interviewer's estimates from its component's fit.
#[derive(Debug, Clone, Copy)]
struct InterviewerEstimate {
    /// Global interviewer code.
    interviewer: u32,
    /// Local peer group; `None` when the component was not fitted.
    group: Option<u32>,
    /// Centred leniency β.
    leniency: Contrast,
    /// Centred drift γ (drift model).
    drift: Contrast,
    /// The drift contrast is outside the row space of a singular design.
    drift_not_estimable: bool,
}

/// Fits one component: its local parameters ([`localise`]), then [`ComponentModel::fit`] when it has at
/// least two interviewers. Leaves the scratch maps reset.
fn fit_component(ctx: &mut Ctx) -> ComponentEstimates {
    let loc = localise(ctx);
    let n_ratings: usize = ctx.cands.iter().map(|&c| ctx.by_c.ratings(c as usize).len()).sum();
    let summary = ComponentFit {
        interviewers: loc.ivs.len(),
        questions: loc.qs.len(),
        candidates: ctx.cands.len(),
        ratings: n_ratings,
        peer_groups: loc.n_groups,
        solver: None,
        residual_df: 0.0,
        sigma2: None,
        cg_iterations: None,
        clusters: 0,
    };
    let est = if loc.ivs.len() < 2 {
        let unfitted = |&i: &u32| InterviewerEstimate {
            interviewer: i,
            group: None,
            leniency: Contrast::default(),
            drift: Contrast::default(),
            drift_not_estimable: false,
        };
        ComponentEstimates { summary, groups: 0, interviewers: loc.ivs.iter().map(unfitted).collect() }
    } else {
        let model = ComponentModel {
            ds: ctx.ds,
            by_c: ctx.by_c,
            cands: ctx.cands,
            times: ctx.times,
            loc: &loc,
            local_iv: ctx.local_iv,
            local_q: ctx.local_q,
            dense: loc.p <= ctx.opts.dense_limit,
        };
        model.fit(summary, ctx.opts, ctx.residual_sums)
    };
    loc.reset(ctx.local_iv, ctx.local_q);
    est
}

impl Local {
    /// Clears this component's entries of the scratch maps.
    fn reset(&self, local_iv: &mut [u32], local_q: &mut [u32]) {
        for &i in &self.ivs {
            local_iv[i as usize] = NONE;
        }
        for &q in &self.qs {
            local_q[q as usize] = NONE;
        }
    }
}

/// A component with at least two interviewers, localised: the rows of its reduced design and the
/// steps of its fit.
struct ComponentModel<'a> {
    ds: &'a Dataset,
    by_c: &'a ByCandidate,
    cands: &'a [u32],
    times: Option<&'a Times>,
    loc: &'a Local,
    local_iv: &'a [u32],
    local_q: &'a [u32],
    /// Solved densely (p ≤ dense_limit): the full `X̃'X̃` is accumulated.
    dense: bool,
}

/// The reduced normal equations `X̃'X̃ b = X̃'x̃`.
struct NormalEquations {
    /// `X̃'X̃` over the p free parameters (dense solver only; 0 × 0 otherwise).
    a: DMatrix<f64>,
    /// `X̃'x̃`.
    rhs: DVector<f64>,
    /// The diagonal of `X̃'X̃`, including the two fixed slots p and p + 1.
    diag: Vec<f64>,
}

/// The solution of the normal equations.
struct Solution {
    b: DVector<f64>,
    /// `A⁻¹` (Cholesky) or its pseudo-inverse (eigen); `None` for conjugate gradient.
    cov: Option<DMatrix<f64>>,
    /// Null space of a singular `A` (eigen only).
    null: Option<DMatrix<f64>>,
    /// Rank of `A`.
    rank: usize,
    solver: Solver,
    cg_iterations: Option<usize>,
}

/// The residual pass: RSS and the meat `Σ_c s_c s_c'` of the clustered covariance.
struct ResidualSums {
    rss: f64,
    /// `Σ_c s_c s_c'` over the p free parameters (dense only).
    meat: DMatrix<f64>,
    /// Its diagonal, including the fixed slots.
    meat_diag: Vec<f64>,
}

/// The coefficients' two covariances, unscaled: `A⁻¹` and the sandwich `A⁻¹ M A⁻¹` (dense), or the
/// diagonal approximations `1/A_kk` and `M_kk/A_kk²` (conjugate gradient). Fixed slots (≥ p) are 0.
struct Covariances<'a> {
    p: usize,
    b: &'a DVector<f64>,
    cov: Option<&'a DMatrix<f64>>,
    sandwich: Option<DMatrix<f64>>,
    diag: &'a [f64],
    meat_diag: &'a [f64],
}

impl Covariances<'_> {
    /// Coefficient of slot k (0 for the fixed slots).
    fn coef(&self, k: usize) -> f64 {
        if k < self.p {
            self.b[k]
        } else {
            0.0
        }
    }

    /// Element (k1, k2) of the ordinary covariance, unscaled by σ̂².
    fn iid(&self, k1: usize, k2: usize) -> f64 {
        match self.cov {
            Some(v) => {
                if k1 < self.p && k2 < self.p {
                    v[(k1, k2)]
                } else {
                    0.0
                }
            }
            None => {
                if k1 == k2 && self.diag[k1] > 0.0 {
                    1.0 / self.diag[k1]
                } else {
                    0.0
                }
            }
        }
    }

    /// Element (k1, k2) of the clustered covariance, before the CR1 factor.
    fn clustered(&self, k1: usize, k2: usize) -> f64 {
        match &self.sandwich {
            Some(v) => {
                if k1 < self.p && k2 < self.p {
                    v[(k1, k2)]
                } else {
                    0.0
                }
            }
            None => {
                if k1 == k2 && self.diag[k1] > 0.0 {
                    self.meat_diag[k1] / (self.diag[k1] * self.diag[k1])
                } else {
                    0.0
                }
            }
        }
    }
}

/// Scale factors of the two covariances: σ̂² (ordinary) and the CR1 small-sample factor (clustered).
#[derive(Debug, Clone, Copy)]
struct Scales {
    sigma2: Option<f64>,
    cr1: Option<f64>,
}

impl Scales {
    /// The standard error from an unscaled variance.
    fn se(v: f64, scale: Option<f64>) -> Option<f64> {
        scale.map(|s| (s * v.max(0.0)).sqrt()).filter(|s| s.is_finite())
    }
}

/// Copies the lower triangle of a column-major p × p matrix onto the upper one. The normal equations
/// and the meat accumulate only the lower triangle: every update of (k1, k2) has the same operands as
/// its mirror's (products commute exactly), so the mirrored matrix has the bits of a full accumulation
/// at half the work.
fn mirror_lower(a: &mut [f64], p: usize) {
    if a.len() < p * p {
        return;
    }
    for k1 in 0..p {
        for k2 in 0..k1 {
            a[k1 * p + k2] = a[k2 * p + k1];
        }
    }
}

impl ComponentModel<'_> {
    /// The parameters rating `j` touches.
    #[inline]
    fn entry(&self, j: usize) -> Entry {
        let (r, loc) = (&self.ds.ratings, self.loc);
        let l = self.local_iv[r.interviewer[j] as usize] as usize;
        let a = loc.p_iv[l];
        let b = loc.p_q[self.local_q[r.question[j] as usize] as usize];
        let (s, v) = match self.times {
            Some(t) if loc.p_s[l] != NONE => (loc.p_s[l], t.centred[j]),
            _ => (NONE, 0.0),
        };
        Entry { a, b, s, v }
    }

    /// The whole fit: normal equations, solve, residuals, then the centred contrasts per peer group.
    fn fit(
        &self,
        mut summary: ComponentFit,
        opts: &ModelOptions,
        residual_sums: &mut [f64],
    ) -> ComponentEstimates {
        let p = self.loc.p;
        let NormalEquations { a, rhs, diag } = self.normal_equations();
        let sol = self.solve(a, &rhs, &diag, opts);
        let res = self.residuals(&sol.b, residual_sums);
        let (g, nn) = (self.cands.len() as f64, summary.ratings as f64);
        let df = nn - g - sol.rank as f64;
        let sigma2 = (df > 0.0).then(|| res.rss / df).filter(|s| s.is_finite());
        // CR1: G/(G − 1)·(N − 1)/(N − K), G = candidates, K = candidates + rank.
        let kk = g + sol.rank as f64;
        let cr1 = (g > 1.0 && nn > kk).then(|| g / (g - 1.0) * (nn - 1.0) / (nn - kk));
        summary.solver = Some(sol.solver);
        summary.cg_iterations = sol.cg_iterations;
        summary.clusters = self.cands.len();
        summary.residual_df = df;
        summary.sigma2 = sigma2;
        let cv = Covariances {
            p,
            b: &sol.b,
            cov: sol.cov.as_ref(),
            sandwich: sol.cov.as_ref().map(|v| v * &res.meat * v),
            diag: &diag,
            meat_diag: &res.meat_diag,
        };
        let interviewers = self.contrasts(&cv, sol.null.as_ref(), Scales { sigma2, cr1 });
        ComponentEstimates { summary, groups: self.loc.n_groups as u32, interviewers }
    }

    /// Accumulates `X̃'x̃`, the diagonal of `X̃'X̃` and (dense) `X̃'X̃` itself, candidate by candidate
    /// (one pass over the component's ratings).
    fn normal_equations(&self) -> NormalEquations {
        let (r, p, dense) = (&self.ds.ratings, self.loc.p, self.dense);
        let mut a_mat = if dense { DMatrix::<f64>::zeros(p, p) } else { DMatrix::<f64>::zeros(0, 0) };
        // Column-major storage of the dense matrix: element (k1, k2) at k2·p + k1.
        let a = a_mat.as_mut_slice();
        let mut rhs = DVector::<f64>::zeros(p);
        let mut diag = vec![0.0; p + 2];
        let mut touched = Touched::new(p + 2);
        for &c in self.cands {
            let rs = self.by_c.ratings(c as usize);
            let n = rs.len() as f64;
            let xbar = rs.iter().map(|&j| r.score[j as usize]).sum::<f64>() / n;
            for &j in rs {
                let e = self.entry(j as usize);
                let dx = r.score[j as usize] - xbar;
                for (k1, v1) in e.cols() {
                    touched.add(k1, v1);
                    if k1 < p {
                        rhs[k1] += v1 * dx;
                        if dense {
                            for (k2, v2) in e.cols().filter(|c| c.0 <= k1) {
                                a[k2 * p + k1] += v1 * v2;
                            }
                        }
                    }
                }
            }
            for &(k1, s1, q1) in &touched.list {
                diag[k1] += q1 - s1 * s1 / n;
            }
            if dense {
                touched.lower_pairs(p, |_, s| s, |k1, k2, s1, s2| a[k2 * p + k1] -= s1 * s2 / n);
            }
            touched.clear();
        }
        mirror_lower(a, p);
        NormalEquations { a: a_mat, rhs, diag }
    }

    /// Solves `A b = rhs`: Cholesky, else (singular) the eigen pseudo-inverse, or (large components)
    /// conjugate gradient.
    fn solve(&self, a_mat: DMatrix<f64>, rhs: &DVector<f64>, diag: &[f64], opts: &ModelOptions) -> Solution {
        let p = self.loc.p;
        if !self.dense {
            let entries: Vec<Vec<Entry>> = self
                .cands
                .iter()
                .map(|&c| self.by_c.ratings(c as usize).iter().map(|&j| self.entry(j as usize)).collect())
                .collect();
            let (b, iters) = conjugate_gradient(&entries, &diag[..p], rhs, opts);
            let solver = Solver::ConjugateGradient;
            return Solution { b, cov: None, null: None, rank: p, solver, cg_iterations: Some(iters) };
        }
        if let Some(ch) = a_mat.clone().cholesky() {
            let b = ch.solve(rhs);
            let cov = Some(ch.inverse());
            return Solution { b, cov, null: None, rank: p, solver: Solver::Cholesky, cg_iterations: None };
        }
        let eig = SymmetricEigen::new(a_mat);
        let max = eig.eigenvalues.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let tol = max * p as f64 * 1e-12;
        let keep: Vec<usize> = (0..p).filter(|&k| eig.eigenvalues[k] > tol).collect();
        let drop: Vec<usize> = (0..p).filter(|&k| eig.eigenvalues[k] <= tol).collect();
        let mut pinv = DMatrix::<f64>::zeros(p, p);
        for &k in &keep {
            let v = eig.eigenvectors.column(k);
            pinv += (v * v.transpose()) / eig.eigenvalues[k];
        }
        let null = Some(eig.eigenvectors.select_columns(&drop));
        let b = &pinv * rhs;
        Solution { b, cov: Some(pinv), null, rank: keep.len(), solver: Solver::Eigen, cg_iterations: None }
    }

    /// Residuals `e_r = (x_r − x̄_c) − (u_r − ū_c)`, `u_r = x_r'b`: their sum of squares, each
    /// scorecard's sum (added into `residual_sums`), and each candidate's score
    /// `s_c = X̃_c'e_c = Σ_{r∈c} x_r e_r` (a candidate's residuals sum to 0) summed into the meat
    /// `Σ_c s_c s_c'` of the clustered covariance (one pass over the component's ratings).
    fn residuals(&self, b: &DVector<f64>, residual_sums: &mut [f64]) -> ResidualSums {
        let (r, p, dense) = (&self.ds.ratings, self.loc.p, self.dense);
        let mut rss = 0.0;
        let mut meat = if dense { DMatrix::<f64>::zeros(p, p) } else { DMatrix::<f64>::zeros(0, 0) };
        // Column-major storage: element (k1, k2) at k2·p + k1.
        let m = meat.as_mut_slice();
        let mut meat_diag = vec![0.0; p + 2];
        let mut sc_ = vec![0.0; p + 2];
        let mut touched = Touched::new(p + 2);
        for &c in self.cands {
            let rs = self.by_c.ratings(c as usize);
            let n = rs.len() as f64;
            let xbar = rs.iter().map(|&j| r.score[j as usize]).sum::<f64>() / n;
            let ubar = rs.iter().map(|&j| self.entry(j as usize).dot(b)).sum::<f64>() / n;
            for &j in rs {
                let en = self.entry(j as usize);
                let e = (r.score[j as usize] - xbar) - (en.dot(b) - ubar);
                rss += e * e;
                let s = r.scorecard[j as usize];
                if let Some(v) = residual_sums.get_mut(s as usize) {
                    // Sum first (NaN marks "none yet"); divided by the count in `finish_residuals`.
                    *v = if v.is_nan() { e } else { *v + e };
                }
                for (k, v) in en.cols() {
                    touched.add(k, 0.0);
                    sc_[k] += v * e;
                }
            }
            for &(k1, _, _) in &touched.list {
                meat_diag[k1] += sc_[k1] * sc_[k1];
            }
            if dense {
                touched.lower_pairs(p, |k, _| sc_[k], |k1, k2, s1, s2| m[k2 * p + k1] += s1 * s2);
            }
            for &(k, _, _) in &touched.list {
                sc_[k] = 0.0;
            }
            touched.clear();
        }
        mirror_lower(m, p);
        ResidualSums { rss, meat, meat_diag }
    }

    /// Ratings per local interviewer (the weights of the centring).
    fn rating_counts(&self) -> Vec<f64> {
        let r = &self.ds.ratings;
        let mut n_iv = vec![0.0; self.loc.ivs.len()];
        for &c in self.cands {
            for &j in self.by_c.ratings(c as usize) {
                n_iv[self.local_iv[r.interviewer[j as usize] as usize] as usize] += 1.0;
            }
        }
        n_iv
    }

    /// Per peer group, the centred leniency of every interviewer and (drift model) the centred slope of
    /// those with one, with both standard errors; contrasts outside the row space of a singular design
    /// (`null`) are left out.
    fn contrasts(
        &self,
        cv: &Covariances,
        null: Option<&DMatrix<f64>>,
        scales: Scales,
    ) -> Vec<InterviewerEstimate> {
        let (loc, p) = (self.loc, self.loc.p);
        let n_iv = self.rating_counts();
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); loc.n_groups];
        for l in 0..loc.ivs.len() {
            members[loc.group_iv[l] as usize].push(l);
        }
        let mut out: Vec<InterviewerEstimate> = loc
            .ivs
            .iter()
            .zip(&loc.group_iv)
            .map(|(&i, &g)| InterviewerEstimate {
                interviewer: i,
                group: Some(g),
                leniency: Contrast::default(),
                drift: Contrast::default(),
                drift_not_estimable: false,
            })
            .collect();
        let estimable = |slots: &[(usize, f64)], k: usize| -> bool {
            let Some(nm) = null else { return true };
            let mut c = DVector::<f64>::zeros(p);
            for &(s, w) in slots {
                if s < p {
                    c[s] -= w;
                }
            }
            if slots[k].0 < p {
                c[slots[k].0] += 1.0;
            }
            (nm.transpose() * &c).norm() <= 1e-7 * c.norm()
        };
        let contrast = |(b, v_iid, v_cl): (f64, f64, f64)| Contrast {
            estimate: Some(b),
            se_iid: Scales::se(v_iid, scales.sigma2),
            se: Scales::se(v_cl, scales.cr1),
        };
        for ls in &members {
            // Leniency: every interviewer of the group; drift: those with a slope.
            if ls.len() >= 2 {
                let tot: f64 = ls.iter().map(|&l| n_iv[l]).sum();
                let slots: Vec<(usize, f64)> =
                    ls.iter().map(|&l| (loc.p_iv[l] as usize, n_iv[l] / tot)).collect();
                let est = centred(&slots, cv);
                for (k, &l) in ls.iter().enumerate() {
                    if estimable(&slots, k) {
                        out[l].leniency = contrast(est[k]);
                    }
                }
            }
            if self.times.is_none() {
                continue;
            }
            let with: Vec<usize> = ls.iter().copied().filter(|&l| loc.p_s[l] != NONE).collect();
            if with.len() < 2 {
                continue;
            }
            let tot: f64 = with.iter().map(|&l| n_iv[l]).sum();
            let slots: Vec<(usize, f64)> =
                with.iter().map(|&l| (loc.p_s[l] as usize, n_iv[l] / tot)).collect();
            let est = centred(&slots, cv);
            for (k, &l) in with.iter().enumerate() {
                if estimable(&slots, k) {
                    out[l].drift = contrast(est[k]);
                } else {
                    out[l].drift_not_estimable = true;
                }
            }
        }
        out
    }
}

/// Centred contrasts `c_k = e_k − Σ_m w_m e_m` over `slots` (slot, weight): for each k the estimate
/// `c_k'b` and the unscaled variances `c_k'Vc_k` under the two covariances.
fn centred(slots: &[(usize, f64)], cv: &Covariances) -> Vec<(f64, f64, f64)> {
    let mean: f64 = slots.iter().map(|&(s, w)| w * cv.coef(s)).sum();
    let quad = |v: &dyn Fn(usize, usize) -> f64| -> (Vec<f64>, f64) {
        let vw: Vec<f64> =
            slots.iter().map(|&(s, _)| slots.iter().map(|&(t, w)| v(s, t) * w).sum()).collect();
        let wvw = slots.iter().zip(&vw).map(|(&(_, w), x)| w * x).sum();
        (vw, wvw)
    };
    let (vw_i, wvw_i) = quad(&|s, t| cv.iid(s, t));
    let (vw_c, wvw_c) = quad(&|s, t| cv.clustered(s, t));
    slots
        .iter()
        .enumerate()
        .map(|(k, &(s, _))| {
            let (vi, vc) = (cv.iid(s, s) - 2.0 * vw_i[k] + wvw_i, cv.clustered(s, s) - 2.0 * vw_c[k] + wvw_c);
            (cv.coef(s) - mean, vi, vc)
        })
        .collect()
}

/// Jacobi-preconditioned conjugate gradient on `X̃'X̃ b = rhs`, matrix-free: each product
/// `X̃'X̃ v = Σ_r x_r (u_r − ū_c)`, `u_r = x_r'v`, is one pass over the component's ratings (grouped by
/// candidate in `entries`).
fn conjugate_gradient(
    entries: &[Vec<Entry>],
    diag: &[f64],
    rhs: &DVector<f64>,
    opts: &ModelOptions,
) -> (DVector<f64>, usize) {
    let p = rhs.len();
    let matvec = |v: &DVector<f64>, out: &mut DVector<f64>| {
        out.fill(0.0);
        for seg in entries {
            let ubar = seg.iter().map(|e| e.dot(v)).sum::<f64>() / seg.len() as f64;
            for e in seg {
                let d = e.dot(v) - ubar;
                for (k, x) in e.cols().filter(|c| c.0 < p) {
                    out[k] += x * d;
                }
            }
        }
    };
    let minv: Vec<f64> = diag.iter().map(|&d| if d > 0.0 { 1.0 / d } else { 0.0 }).collect();
    let mut x = DVector::<f64>::zeros(p);
    let mut res = rhs.clone();
    let bnorm = rhs.norm();
    if bnorm == 0.0 {
        return (x, 0);
    }
    let mut z = DVector::from_iterator(p, res.iter().zip(&minv).map(|(r, m)| r * m));
    let mut dir = z.clone();
    let mut rz = res.dot(&z);
    let mut ad = DVector::<f64>::zeros(p);
    let mut it = 0;
    while it < opts.cg_max_iter {
        it += 1;
        matvec(&dir, &mut ad);
        let dad = dir.dot(&ad);
        if dad <= 0.0 {
            break;
        }
        let alpha = rz / dad;
        x.axpy(alpha, &dir, 1.0);
        res.axpy(-alpha, &ad, 1.0);
        if res.norm() <= opts.cg_tolerance * bnorm {
            break;
        }
        for k in 0..p {
            z[k] = res[k] * minv[k];
        }
        let rz_new = res.dot(&z);
        let beta = rz_new / rz;
        rz = rz_new;
        dir.axpy(1.0, &z, beta);
    }
    (x, it)
}

/// Empirical-Bayes shrinkage within each centring group: τ² = max(0, var(β) − mean(se²)).
fn shrink(fit: &mut ModelFit, n_groups: usize) {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n_groups];
    for (i, &g) in fit.group.iter().enumerate() {
        if g != NONE && fit.leniency[i].is_some() && fit.leniency_se[i].is_some() {
            members[g as usize].push(i);
        }
    }
    for ms in members {
        if ms.len() < 2 {
            continue;
        }
        let betas: Vec<f64> = ms.iter().filter_map(|&i| fit.leniency[i]).collect();
        let se2: Vec<f64> = ms.iter().filter_map(|&i| fit.leniency_se[i]).map(|s| s * s).collect();
        let (Some(vb), Some(ms2)) =
            (crate::stats::descriptive::variance(&betas), crate::stats::descriptive::mean(&se2))
        else {
            continue;
        };
        let tau2 = (vb - ms2).max(0.0);
        for (k, &i) in ms.iter().enumerate() {
            let den = tau2 + se2[k];
            fit.leniency_shrunk[i] = Some(if den > 0.0 { betas[k] * tau2 / den } else { 0.0 });
        }
    }
}

impl ModelFit {
    /// Divides the per-scorecard residual sums by the scorecards' rating counts.
    fn finish_residuals(&mut self, ds: &Dataset) {
        let mut n = vec![0u32; self.scorecard_residual.len()];
        for &s in &ds.ratings.scorecard {
            if let Some(x) = n.get_mut(s as usize) {
                *x += 1;
            }
        }
        for (v, &k) in self.scorecard_residual.iter_mut().zip(&n) {
            if k > 0 {
                *v /= k as f64;
            }
        }
    }
}

/// Leniency-adjusted panel score per candidate: the mean over questions of the mean of
/// `x_r − leniency_i` (docs/methods.md, `process.validity_adjusted`). Ratings of interviewers whose
/// leniency is not estimable are used unadjusted. `NaN` for a candidate without ratings.
/// Cost: O(ratings) with a scratch array of size questions.
pub fn adjusted_panel_scores(ds: &Dataset, fit: &ModelFit) -> Vec<f64> {
    let r = &ds.ratings;
    let by_c = ByCandidate::of(ds);
    let nq = ds.questions.len();
    let mut sum = vec![0.0; nq];
    let mut cnt = vec![0u32; nq];
    let mut touched: Vec<u32> = Vec::with_capacity(16);
    (0..ds.candidates.len())
        .map(|c| {
            for &j in by_c.ratings(c) {
                let j = j as usize;
                let q = r.question[j] as usize;
                let adj = fit.leniency.get(r.interviewer[j] as usize).copied().flatten().unwrap_or(0.0);
                if cnt[q] == 0 {
                    touched.push(q as u32);
                }
                sum[q] += r.score[j] - adj;
                cnt[q] += 1;
            }
            if touched.is_empty() {
                return f64::NAN;
            }
            let mut s = 0.0;
            for &q in &touched {
                s += sum[q as usize] / cnt[q as usize] as f64;
                sum[q as usize] = 0.0;
                cnt[q as usize] = 0;
            }
            let m = s / touched.len() as f64;
            touched.clear();
            m
        })
        .collect()
}
