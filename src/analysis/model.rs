//! The rating model behind interviewer leniency (docs/methods.md, "Interviewers"):
//!
//! `x_r = μ + θ_candidate + δ_question + β_interviewer + ε`, fitted exactly by least squares.
//!
//! * **Absorption.** Candidates (with μ) are absorbed by within-candidate centring: each candidate's mean
//!   rating is subtracted from `x` and from the interviewer/question dummy columns (Frisch–Waugh–Lovell),
//!   which leaves the reduced normal equations `X̃'X̃ b = X̃'x̃` in the interviewer and question effects only
//!   (size interviewers + questions), accumulated in one pass over the ratings grouped by candidate.
//! * **Constraints.** Inside each connected component of the candidate–interviewer graph (estimated on
//!   its own), interviewers and questions split into *peer groups* (interviewers linked through shared
//!   questions). Each peer group's level is confounded with its questions' effects, so one reference
//!   question per peer group is fixed at δ = 0; the reduced matrix is then positive definite in connected
//!   designs. Only contrasts within a peer group are reported, so the choice of reference is immaterial.
//! * **Solvers.** Up to [`ModelOptions::dense_limit`] parameters: a dense Cholesky factorization
//!   (nalgebra) whose inverse gives the exact covariance `σ̂²(X̃'X̃)⁻¹`; if the matrix is singular after the
//!   constraints (an unusual design), a symmetric eigendecomposition gives the pseudo-inverse, and
//!   contrasts outside its row space are reported as not estimable. Larger designs: Jacobi-preconditioned
//!   conjugate gradient on the same equations, matrix-free (`O(ratings)` per iteration) to a relative
//!   residual of [`ModelOptions::cg_tolerance`]; standard errors there are the diagonal approximation
//!   `var(β_i) ≈ σ̂²/(X̃'X̃)_ii` (other effects treated as known), propagated through the centring.
//! * **Leniency.** β centred within each peer group to a rating-weighted mean of 0; its SE is that of the
//!   centred contrast `c = e_i − w` (`w_j` = share of the group's ratings): `σ̂² c'(X̃'X̃)⁻c`, with
//!   `σ̂² = RSS/(N − C − rank)`.
//! * **Shrinkage** (empirical Bayes, Efron & Morris 1975): `β·τ²/(τ² + se²)` with
//!   `τ² = max(0, var(β) − mean(se²))` over the peer group.
//!
//! Verified against statsmodels OLS with `C(candidate) + C(question) + C(interviewer)`:
//! `tests/reference/interviewers_reference.py`.

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
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions { dense_limit: 2000, cg_tolerance: 1e-10, cg_max_iter: 20_000 }
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
}

/// The fitted model, indexed by interviewer code (and scorecard code for residuals).
#[derive(Debug, Clone)]
pub struct ModelFit {
    /// β_i centred to a rating-weighted mean of 0 within the peer group; `None` when not estimable.
    pub leniency: Vec<Option<f64>>,
    /// Standard error of the centred contrast.
    pub leniency_se: Vec<Option<f64>>,
    /// Empirical-Bayes shrunken leniency.
    pub leniency_shrunk: Vec<Option<f64>>,
    /// Centring group (peer group within a component) per interviewer, dense ids; `u32::MAX` if unfitted.
    pub group: Vec<u32>,
    /// Mean model residual of each scorecard's ratings (`NaN` when unfitted or without ratings).
    pub scorecard_residual: Vec<f64>,
    /// Per component, in `Design` order.
    pub components: Vec<ComponentFit>,
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
    /// Peer group (local) of each local interviewer.
    group_iv: Vec<u32>,
    /// Number of local peer groups.
    n_groups: usize,
    /// Number of free parameters.
    p: usize,
}

/// Fits the model on every candidate–interviewer component of `design`. Cost: O(ratings) passes plus the
/// solve (dense: O(p³) for p free parameters; CG: O(ratings) per iteration).
pub fn fit(ds: &Dataset, design: &Design, opts: &ModelOptions) -> ModelFit {
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
    let mut fit = ModelFit {
        leniency: vec![None; ni],
        leniency_se: vec![None; ni],
        leniency_shrunk: vec![None; ni],
        group: vec![NONE; ni],
        scorecard_residual: vec![f64::NAN; ds.scorecards.len()],
        components: Vec::with_capacity(ncomp),
    };
    let mut local_iv = vec![NONE; ni];
    let mut local_q = vec![NONE; nq];
    let mut next_group = 0u32;
    for cands in &comp_cands {
        let cf =
            fit_component(ds, &by_c, cands, opts, &mut local_iv, &mut local_q, &mut fit, &mut next_group);
        fit.components.push(cf);
    }
    shrink(&mut fit, next_group as usize);
    fit.finish_residuals(ds);
    fit
}

/// Local indices, peer groups and parameter indices of a component.
fn localise(
    ds: &Dataset,
    by_c: &ByCandidate,
    cands: &[u32],
    local_iv: &mut [u32],
    local_q: &mut [u32],
) -> Local {
    let r = &ds.ratings;
    let (mut ivs, mut qs) = (Vec::new(), Vec::new());
    for &c in cands {
        for &j in by_c.ratings(c as usize) {
            let (i, q) = (r.interviewer[j as usize] as usize, r.question[j as usize] as usize);
            if local_iv[i] == NONE {
                local_iv[i] = ivs.len() as u32;
                ivs.push(i as u32);
            }
            if local_q[q] == NONE {
                local_q[q] = qs.len() as u32;
                qs.push(q as u32);
            }
        }
    }
    let (li, lq) = (ivs.len(), qs.len());
    let mut uf = UnionFind::new(li + lq);
    for &c in cands {
        for &j in by_c.ratings(c as usize) {
            let (i, q) = (r.interviewer[j as usize] as usize, r.question[j as usize] as usize);
            uf.union(local_iv[i], (li + local_q[q] as usize) as u32);
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
    if li > 0 {
        p_iv[0] = p as u32;
    }
    Local { ivs, qs, p_iv, p_q, group_iv: labels[..li].to_vec(), n_groups, p }
}

#[allow(clippy::too_many_arguments)]
fn fit_component(
    ds: &Dataset,
    by_c: &ByCandidate,
    cands: &[u32],
    opts: &ModelOptions,
    local_iv: &mut [u32],
    local_q: &mut [u32],
    fit: &mut ModelFit,
    next_group: &mut u32,
) -> ComponentFit {
    let r = &ds.ratings;
    let loc = localise(ds, by_c, cands, local_iv, local_q);
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
    };
    let reset = |local_iv: &mut [u32], local_q: &mut [u32]| {
        for &i in &loc.ivs {
            local_iv[i as usize] = NONE;
        }
        for &q in &loc.qs {
            local_q[q as usize] = NONE;
        }
    };
    if loc.ivs.len() < 2 {
        reset(local_iv, local_q);
        return cf;
    }
    let p = loc.p;
    // Parameter indices of a rating: (interviewer slot, `p` when fixed; question or NONE).
    let params = |j: usize| -> (usize, u32) {
        let a = loc.p_iv[local_iv[r.interviewer[j] as usize] as usize] as usize;
        let b = loc.p_q[local_q[r.question[j] as usize] as usize];
        (a, b)
    };
    let dense = p <= opts.dense_limit;
    // Accumulate X̃'x̃, the diagonal of X̃'X̃ and (dense) X̃'X̃ itself, candidate by candidate.
    let mut a_mat = if dense { DMatrix::<f64>::zeros(p, p) } else { DMatrix::<f64>::zeros(0, 0) };
    let mut rhs = DVector::<f64>::zeros(p);
    let mut diag = vec![0.0; p + 1];
    let mut pos = vec![NONE; p + 1];
    let mut touched: Vec<(usize, f64)> = Vec::with_capacity(32);
    for &c in cands {
        let rs = by_c.ratings(c as usize);
        let n = rs.len() as f64;
        let xbar = rs.iter().map(|&j| r.score[j as usize]).sum::<f64>() / n;
        for &j in rs {
            let (a, b) = params(j as usize);
            let dx = r.score[j as usize] - xbar;
            bump(&mut pos, &mut touched, a);
            if a < p {
                rhs[a] += dx;
                if dense {
                    a_mat[(a, a)] += 1.0;
                }
            }
            if b != NONE {
                let b = b as usize;
                bump(&mut pos, &mut touched, b);
                rhs[b] += dx;
                if dense {
                    a_mat[(b, b)] += 1.0;
                    if a < p {
                        a_mat[(a, b)] += 1.0;
                        a_mat[(b, a)] += 1.0;
                    }
                }
            }
        }
        for &(p1, c1) in &touched {
            diag[p1] += c1 - c1 * c1 / n;
            if dense && p1 < p {
                for &(p2, c2) in touched.iter().filter(|t| t.0 < p) {
                    a_mat[(p1, p2)] -= c1 * c2 / n;
                }
            }
            pos[p1] = NONE;
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
        let (b, iters) = conjugate_gradient(by_c, cands, &params, &diag[..p], &rhs, opts);
        cf.cg_iterations = Some(iters);
        b
    };
    let bval = |k: usize| if k < p { b[k] } else { 0.0 };
    let cval = |v: &DMatrix<f64>, k1: usize, k2: usize| if k1 < p && k2 < p { v[(k1, k2)] } else { 0.0 };
    // Residuals: e_r = (x_r − x̄_c) − (u_r − ū_c), u_r = b_i + b_q.
    let mut rss = 0.0;
    for &c in cands {
        let rs = by_c.ratings(c as usize);
        let n = rs.len() as f64;
        let u = |j: u32| -> f64 {
            let (a, q) = params(j as usize);
            bval(a) + if q == NONE { 0.0 } else { b[q as usize] }
        };
        let xbar = rs.iter().map(|&j| r.score[j as usize]).sum::<f64>() / n;
        let ubar = rs.iter().map(|&j| u(j)).sum::<f64>() / n;
        for &j in rs {
            let e = (r.score[j as usize] - xbar) - (u(j) - ubar);
            rss += e * e;
            let s = r.scorecard[j as usize] as usize;
            if let Some(v) = fit.scorecard_residual.get_mut(s) {
                // Sum first (NaN marks "none yet"); divided by the count below.
                *v = if v.is_nan() { e } else { *v + e };
            }
        }
    }
    let df = n_ratings as f64 - cands.len() as f64 - rank as f64;
    cf.residual_df = df;
    let sigma2 = (df > 0.0).then(|| rss / df).filter(|s| s.is_finite());
    cf.sigma2 = sigma2;
    // Centring within each peer group, rating-weighted.
    let li = loc.ivs.len();
    let mut n_iv = vec![0.0; li];
    for &c in cands {
        for &j in by_c.ratings(c as usize) {
            n_iv[local_iv[r.interviewer[j as usize] as usize] as usize] += 1.0;
        }
    }
    let mut g_total = vec![0.0; loc.n_groups];
    let mut g_count = vec![0usize; loc.n_groups];
    for l in 0..li {
        g_total[loc.group_iv[l] as usize] += n_iv[l];
        g_count[loc.group_iv[l] as usize] += 1;
    }
    let w: Vec<f64> = (0..li).map(|l| n_iv[l] / g_total[loc.group_iv[l] as usize]).collect();
    let mut g_mean = vec![0.0; loc.n_groups];
    for l in 0..li {
        g_mean[loc.group_iv[l] as usize] += w[l] * bval(loc.p_iv[l] as usize);
    }
    // Variance pieces per group: dense uses the covariance, CG the diagonal approximation.
    let members: Vec<Vec<usize>> = {
        let mut m = vec![Vec::new(); loc.n_groups];
        for l in 0..li {
            m[loc.group_iv[l] as usize].push(l);
        }
        m
    };
    for (g, ls) in members.iter().enumerate() {
        let gid = *next_group;
        *next_group += 1;
        for &l in ls {
            fit.group[loc.ivs[l] as usize] = gid;
        }
        if g_count[g] < 2 {
            continue;
        }
        // (Vw)_l for l in the group and w'Vw.
        let (vw, wvw): (Vec<f64>, f64) = match &cov {
            Some(v) => {
                let vw: Vec<f64> = ls
                    .iter()
                    .map(|&l| {
                        ls.iter().map(|&m| cval(v, loc.p_iv[l] as usize, loc.p_iv[m] as usize) * w[m]).sum()
                    })
                    .collect();
                let wvw = ls.iter().zip(&vw).map(|(&l, x)| w[l] * x).sum();
                (vw, wvw)
            }
            None => {
                let vw: Vec<f64> = ls.iter().map(|&l| w[l] / diag[loc.p_iv[l] as usize]).collect();
                let wvw = ls.iter().zip(&vw).map(|(&l, x)| w[l] * x).sum();
                (vw, wvw)
            }
        };
        for (k, &l) in ls.iter().enumerate() {
            let pi = loc.p_iv[l] as usize;
            let gi = loc.ivs[l] as usize;
            if let Some(nm) = &null {
                // Estimable only if the contrast is orthogonal to the null space.
                let mut c = DVector::<f64>::zeros(p);
                for &m in ls {
                    if (loc.p_iv[m] as usize) < p {
                        c[loc.p_iv[m] as usize] -= w[m];
                    }
                }
                if pi < p {
                    c[pi] += 1.0;
                }
                if (nm.transpose() * &c).norm() > 1e-7 * c.norm() {
                    continue;
                }
            }
            fit.leniency[gi] = Some(bval(pi) - g_mean[g]);
            let vii = match &cov {
                Some(v) => cval(v, pi, pi),
                None => 1.0 / diag[pi],
            };
            let var = vii - 2.0 * vw[k] + wvw;
            fit.leniency_se[gi] = sigma2.map(|s2| (s2 * var.max(0.0)).sqrt()).filter(|s| s.is_finite());
        }
    }
    reset(local_iv, local_q);
    cf
}

/// Adds one count of parameter `p` to the candidate's touched list.
#[inline]
fn bump(pos: &mut [u32], touched: &mut Vec<(usize, f64)>, p: usize) {
    if pos[p] == NONE {
        pos[p] = touched.len() as u32;
        touched.push((p, 1.0));
    } else {
        touched[pos[p] as usize].1 += 1.0;
    }
}

/// Jacobi-preconditioned conjugate gradient on `X̃'X̃ b = rhs`, matrix-free: each product
/// `X̃'X̃ v = Σ_r (u_r − ū_c)(e_i + e_q)`, `u_r = v_i + v_q`, is one pass over the component's ratings.
fn conjugate_gradient<F>(
    by_c: &ByCandidate,
    cands: &[u32],
    params: &F,
    diag: &[f64],
    rhs: &DVector<f64>,
    opts: &ModelOptions,
) -> (DVector<f64>, usize)
where
    F: Fn(usize) -> (usize, u32),
{
    let p = rhs.len();
    // Parameter pairs in candidate order, so iterations read memory sequentially.
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut ends: Vec<u32> = Vec::with_capacity(cands.len());
    for &c in cands {
        for &j in by_c.ratings(c as usize) {
            let (a, b) = params(j as usize);
            pairs.push((a as u32, b));
        }
        ends.push(pairs.len() as u32);
    }
    let matvec = |v: &DVector<f64>, out: &mut DVector<f64>| {
        out.fill(0.0);
        let mut start = 0usize;
        for &end in &ends {
            let seg = &pairs[start..end as usize];
            let u = |&(a, b): &(u32, u32)| {
                (if (a as usize) < p { v[a as usize] } else { 0.0 })
                    + if b == NONE { 0.0 } else { v[b as usize] }
            };
            let ubar = seg.iter().map(u).sum::<f64>() / seg.len() as f64;
            for pr in seg {
                let d = u(pr) - ubar;
                if (pr.0 as usize) < p {
                    out[pr.0 as usize] += d;
                }
                if pr.1 != NONE {
                    out[pr.1 as usize] += d;
                }
            }
            start = end as usize;
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

/// Empirical-Bayes shrinkage within each centring group.
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
