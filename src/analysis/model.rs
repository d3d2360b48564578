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
use crate::dataset::Dataset;

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

/// Ratings grouped by candidate (compressed rows): `idx[start[c]..start[c+1]]` are c's rating indices.
#[derive(Debug, Clone)]
pub struct ByCandidate {
    start: Vec<usize>,
    idx: Vec<u32>,
}

impl ByCandidate {
    /// Counting sort of the rating indices by candidate: O(ratings + candidates).
    pub fn of(ds: &Dataset) -> ByCandidate {
        let nc = ds.candidates.len();
        let cand = &ds.ratings.candidate;
        let mut start = vec![0usize; nc + 1];
        for &c in cand {
            start[c as usize + 1] += 1;
        }
        for c in 0..nc {
            start[c + 1] += start[c];
        }
        let mut fill = start.clone();
        let mut idx = vec![0u32; cand.len()];
        for (j, &c) in cand.iter().enumerate() {
            idx[fill[c as usize]] = j as u32;
            fill[c as usize] += 1;
        }
        ByCandidate { start, idx }
    }

    /// The rating indices of candidate `c`.
    #[inline]
    pub fn ratings(&self, c: usize) -> &[u32] {
        &self.idx[self.start[c]..self.start[c + 1]]
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
    let (nc, ni, nq) = (ds.candidates.len(), ds.interviewers.len(), ds.questions.len());
    let r = &ds.ratings;
    let by_c = ByCandidate::of(ds);
    let ncomp = design.component_interviewers.len();
    let mut comp_cands: Vec<Vec<u32>> = vec![Vec::new(); ncomp];
    for c in 0..nc {
        let rs = by_c.ratings(c);
        if let Some(&j) = rs.first() {
            let k = design.component_of_interviewer[r.interviewer[j as usize] as usize] as usize;
            comp_cands[k].push(c as u32);
        }
    }
    let drift_null = match times {
        Some(t) => (0..ni).map(|i| (!t.slope[i]).then_some(DriftNull::DatesDoNotVary)).collect(),
        None => vec![None; ni],
    };
    let mut fit = ModelFit {
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
        components: Vec::with_capacity(ncomp),
    };
    let mut local_iv = vec![NONE; ni];
    let mut local_q = vec![NONE; nq];
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
            component: k as u32,
        };
        let cf = fit_component(&mut ctx, &mut fit, &mut next_group);
        fit.components.push(cf);
    }
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

/// What [`fit_component`] reads and the scratch maps it borrows.
struct Ctx<'a> {
    ds: &'a Dataset,
    by_c: &'a ByCandidate,
    cands: &'a [u32],
    opts: &'a ModelOptions,
    times: Option<&'a Times>,
    local_iv: &'a mut [u32],
    local_q: &'a mut [u32],
    component: u32,
}

/// A candidate's column sums `(slot, Σv, Σv²)` over its ratings, with a slot → position map.
struct Touched {
    pos: Vec<u32>,
    list: Vec<(usize, f64, f64)>,
}

impl Touched {
    fn new(slots: usize) -> Touched {
        Touched { pos: vec![NONE; slots], list: Vec::with_capacity(32) }
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

fn fit_component(ctx: &mut Ctx, fit: &mut ModelFit, next_group: &mut u32) -> ComponentFit {
    let loc = localise(ctx);
    let (ds, by_c, cands, opts) = (ctx.ds, ctx.by_c, ctx.cands, ctx.opts);
    let r = &ds.ratings;
    let n_ratings: usize = cands.iter().map(|&c| by_c.ratings(c as usize).len()).sum();
    let mut cf = ComponentFit {
        interviewers: loc.ivs.len(),
        questions: loc.qs.len(),
        candidates: cands.len(),
        ratings: n_ratings,
        peer_groups: loc.n_groups,
        solver: None,
        residual_df: 0.0,
        sigma2: None,
        cg_iterations: None,
        clusters: 0,
    };
    for &i in &loc.ivs {
        fit.component[i as usize] = ctx.component;
    }
    let reset = |local_iv: &mut [u32], local_q: &mut [u32]| {
        for &i in &loc.ivs {
            local_iv[i as usize] = NONE;
        }
        for &q in &loc.qs {
            local_q[q as usize] = NONE;
        }
    };
    if loc.ivs.len() < 2 {
        reset(ctx.local_iv, ctx.local_q);
        return cf;
    }
    let p = loc.p;
    let entry = |j: usize| -> Entry {
        let l = ctx.local_iv[r.interviewer[j] as usize] as usize;
        let a = loc.p_iv[l];
        let b = loc.p_q[ctx.local_q[r.question[j] as usize] as usize];
        let (s, v) = match ctx.times {
            Some(t) if loc.p_s[l] != NONE => (loc.p_s[l], t.centred[j]),
            _ => (NONE, 0.0),
        };
        Entry { a, b, s, v }
    };
    let dense = p <= opts.dense_limit;
    // Accumulate X̃'x̃, the diagonal of X̃'X̃ and (dense) X̃'X̃ itself, candidate by candidate.
    let mut a_mat = if dense { DMatrix::<f64>::zeros(p, p) } else { DMatrix::<f64>::zeros(0, 0) };
    let mut rhs = DVector::<f64>::zeros(p);
    let mut diag = vec![0.0; p + 2];
    let mut touched = Touched::new(p + 2);
    for &c in cands {
        let rs = by_c.ratings(c as usize);
        let n = rs.len() as f64;
        let xbar = rs.iter().map(|&j| r.score[j as usize]).sum::<f64>() / n;
        for &j in rs {
            let e = entry(j as usize);
            let dx = r.score[j as usize] - xbar;
            for (k1, v1) in e.cols() {
                touched.add(k1, v1);
                if k1 < p {
                    rhs[k1] += v1 * dx;
                    if dense {
                        for (k2, v2) in e.cols().filter(|c| c.0 < p) {
                            a_mat[(k1, k2)] += v1 * v2;
                        }
                    }
                }
            }
        }
        for &(k1, s1, q1) in &touched.list {
            diag[k1] += q1 - s1 * s1 / n;
            if dense && k1 < p {
                for &(k2, s2, _) in touched.list.iter().filter(|t| t.0 < p) {
                    a_mat[(k1, k2)] -= s1 * s2 / n;
                }
            }
        }
        touched.clear();
    }
    // Solve.
    let mut cov: Option<DMatrix<f64>> = None;
    let mut null: Option<DMatrix<f64>> = None;
    let mut rank = p;
    let b: DVector<f64> = if dense {
        match a_mat.clone().cholesky() {
            Some(ch) => {
                cf.solver = Some(Solver::Cholesky);
                let b = ch.solve(&rhs);
                cov = Some(ch.inverse());
                b
            }
            None => {
                cf.solver = Some(Solver::Eigen);
                let eig = SymmetricEigen::new(a_mat);
                let max = eig.eigenvalues.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                let tol = max * p as f64 * 1e-12;
                let keep: Vec<usize> = (0..p).filter(|&k| eig.eigenvalues[k] > tol).collect();
                let drop: Vec<usize> = (0..p).filter(|&k| eig.eigenvalues[k] <= tol).collect();
                rank = keep.len();
                let mut pinv = DMatrix::<f64>::zeros(p, p);
                for &k in &keep {
                    let v = eig.eigenvectors.column(k);
                    pinv += (v * v.transpose()) / eig.eigenvalues[k];
                }
                null = Some(eig.eigenvectors.select_columns(&drop));
                let b = &pinv * &rhs;
                cov = Some(pinv);
                b
            }
        }
    } else {
        cf.solver = Some(Solver::ConjugateGradient);
        let entries: Vec<Vec<Entry>> = cands
            .iter()
            .map(|&c| by_c.ratings(c as usize).iter().map(|&j| entry(j as usize)).collect())
            .collect();
        let (b, iters) = conjugate_gradient(&entries, &diag[..p], &rhs, opts);
        cf.cg_iterations = Some(iters);
        b
    };
    // Residuals e_r = (x_r − x̄_c) − (u_r − ū_c), u_r = x_r'b, and each candidate's score
    // s_c = X̃_c'e_c = Σ_{r∈c} x_r e_r (the residuals of a candidate sum to 0) for the clustered covariance.
    let mut rss = 0.0;
    let mut meat = if dense { DMatrix::<f64>::zeros(p, p) } else { DMatrix::<f64>::zeros(0, 0) };
    let mut meat_diag = vec![0.0; p + 2];
    let mut sc_ = vec![0.0; p + 2];
    for &c in cands {
        let rs = by_c.ratings(c as usize);
        let n = rs.len() as f64;
        let xbar = rs.iter().map(|&j| r.score[j as usize]).sum::<f64>() / n;
        let ubar = rs.iter().map(|&j| entry(j as usize).dot(&b)).sum::<f64>() / n;
        for &j in rs {
            let en = entry(j as usize);
            let e = (r.score[j as usize] - xbar) - (en.dot(&b) - ubar);
            rss += e * e;
            let s = r.scorecard[j as usize];
            if let Some(v) = fit.scorecard_residual.get_mut(s as usize) {
                // Sum first (NaN marks "none yet"); divided by the count below.
                *v = if v.is_nan() { e } else { *v + e };
            }
            for (k, v) in en.cols() {
                touched.add(k, 0.0);
                sc_[k] += v * e;
            }
        }
        for &(k1, _, _) in &touched.list {
            meat_diag[k1] += sc_[k1] * sc_[k1];
            if dense && k1 < p {
                for &(k2, _, _) in touched.list.iter().filter(|t| t.0 < p) {
                    meat[(k1, k2)] += sc_[k1] * sc_[k2];
                }
            }
        }
        for &(k, _, _) in &touched.list {
            sc_[k] = 0.0;
        }
        touched.clear();
    }
    cf.clusters = cands.len();
    let df = n_ratings as f64 - cands.len() as f64 - rank as f64;
    cf.residual_df = df;
    let sigma2 = (df > 0.0).then(|| rss / df).filter(|s| s.is_finite());
    cf.sigma2 = sigma2;
    // CR1: G/(G − 1)·(N − 1)/(N − K), G = candidates, K = candidates + rank.
    let (g, nn, kk) = (cands.len() as f64, n_ratings as f64, cands.len() as f64 + rank as f64);
    let cr1 = (g > 1.0 && nn > kk).then(|| g / (g - 1.0) * (nn - 1.0) / (nn - kk));
    let sandwich = cov.as_ref().map(|v| v * &meat * v);
    // Variance pieces: dense uses the covariance, CG the diagonal of X̃'X̃ (other effects known).
    let var_iid = |k1: usize, k2: usize| -> f64 {
        match &cov {
            Some(v) => {
                if k1 < p && k2 < p {
                    v[(k1, k2)]
                } else {
                    0.0
                }
            }
            None => {
                if k1 == k2 && diag[k1] > 0.0 {
                    1.0 / diag[k1]
                } else {
                    0.0
                }
            }
        }
    };
    let var_cl = |k1: usize, k2: usize| -> f64 {
        match &sandwich {
            Some(v) => {
                if k1 < p && k2 < p {
                    v[(k1, k2)]
                } else {
                    0.0
                }
            }
            None => {
                if k1 == k2 && diag[k1] > 0.0 {
                    meat_diag[k1] / (diag[k1] * diag[k1])
                } else {
                    0.0
                }
            }
        }
    };
    let bval = |k: usize| if k < p { b[k] } else { 0.0 };
    // Rating counts per local interviewer (weights of the centring).
    let li = loc.ivs.len();
    let mut n_iv = vec![0.0; li];
    for &c in cands {
        for &j in by_c.ratings(c as usize) {
            n_iv[ctx.local_iv[r.interviewer[j as usize] as usize] as usize] += 1.0;
        }
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); loc.n_groups];
    for l in 0..li {
        members[loc.group_iv[l] as usize].push(l);
    }
    let estimable = |slots: &[(usize, f64)], k: usize| -> bool {
        let Some(nm) = &null else { return true };
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
    let se_of = |v: f64, scale: Option<f64>| scale.map(|s| (s * v.max(0.0)).sqrt()).filter(|s| s.is_finite());
    for ls in &members {
        let gid = *next_group;
        *next_group += 1;
        for &l in ls {
            fit.group[loc.ivs[l] as usize] = gid;
        }
        // Leniency: every interviewer of the group; drift: those with a slope.
        let slots: Vec<(usize, f64)> = {
            let tot: f64 = ls.iter().map(|&l| n_iv[l]).sum();
            ls.iter().map(|&l| (loc.p_iv[l] as usize, n_iv[l] / tot)).collect()
        };
        if ls.len() >= 2 {
            let est = centred(&slots, &bval, &var_iid, &var_cl);
            for (k, &l) in ls.iter().enumerate() {
                if !estimable(&slots, k) {
                    continue;
                }
                let gi = loc.ivs[l] as usize;
                let (b, v_iid, v_cl) = est[k];
                fit.leniency[gi] = Some(b);
                fit.leniency_se_iid[gi] = se_of(v_iid, sigma2);
                fit.leniency_se[gi] = se_of(v_cl, cr1);
            }
        }
        if ctx.times.is_some() {
            let with: Vec<usize> = ls.iter().copied().filter(|&l| loc.p_s[l] != NONE).collect();
            if with.len() < 2 {
                continue;
            }
            let tot: f64 = with.iter().map(|&l| n_iv[l]).sum();
            let slots: Vec<(usize, f64)> =
                with.iter().map(|&l| (loc.p_s[l] as usize, n_iv[l] / tot)).collect();
            let est = centred(&slots, &bval, &var_iid, &var_cl);
            for (k, &l) in with.iter().enumerate() {
                let gi = loc.ivs[l] as usize;
                if !estimable(&slots, k) {
                    fit.drift_null[gi] = Some(DriftNull::NotEstimable);
                    continue;
                }
                let (g, v_iid, v_cl) = est[k];
                fit.drift[gi] = Some(g);
                fit.drift_se_iid[gi] = se_of(v_iid, sigma2);
                fit.drift_se[gi] = se_of(v_cl, cr1);
            }
        }
    }
    reset(ctx.local_iv, ctx.local_q);
    cf
}

/// Centred contrasts `c_k = e_k − Σ_m w_m e_m` over `slots` (slot, weight): for each k the estimate
/// `c_k'b` and the unscaled variances `c_k'Vc_k` under the two covariances.
fn centred(
    slots: &[(usize, f64)],
    bval: &dyn Fn(usize) -> f64,
    var_iid: &dyn Fn(usize, usize) -> f64,
    var_cl: &dyn Fn(usize, usize) -> f64,
) -> Vec<(f64, f64, f64)> {
    let mean: f64 = slots.iter().map(|&(s, w)| w * bval(s)).sum();
    let quad = |v: &dyn Fn(usize, usize) -> f64| -> (Vec<f64>, f64) {
        let vw: Vec<f64> =
            slots.iter().map(|&(s, _)| slots.iter().map(|&(t, w)| v(s, t) * w).sum()).collect();
        let wvw = slots.iter().zip(&vw).map(|(&(_, w), x)| w * x).sum();
        (vw, wvw)
    };
    let (vw_i, wvw_i) = quad(var_iid);
    let (vw_c, wvw_c) = quad(var_cl);
    slots
        .iter()
        .enumerate()
        .map(|(k, &(s, _))| {
            (bval(s) - mean, var_iid(s, s) - 2.0 * vw_i[k] + wvw_i, var_cl(s, s) - 2.0 * vw_c[k] + wvw_c)
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
