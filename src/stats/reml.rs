//! Restricted maximum likelihood (REML; Patterson & Thompson 1971) for the variance components of a
//! candidate × question × interviewer rating design with crossed random effects and missing cells.
//!
//! Model, one rating y of candidate c on question q by interviewer i:
//! `y = μ + p_c + q_q + r_i + (pq)_cq + (pr)_ci + (qr)_qi + e`, every effect independent normal with its
//! own variance; any subset of the six effects can be switched off (the nested p × (r:q) design uses
//! p, q, pq and qr, the last playing r:q).
//!
//! **Sparse by construction.** The candidate effects (p, pq, pr) are nested in candidates, so given the
//! shared effects (q, r, qr) the ratings of different candidates are independent: the covariance
//! V_b = I + Z_b Λ_b² Z_b' is block-diagonal with one small block per candidate. Only the shared effects
//! (G = questions + interviewers + question–interviewer pairs columns, independent of the number of ratings)
//! need a dense G × G system. With relative standard deviations θ (σ_k/σ_e) and Λ = diag(θ) on the shared
//! columns Z:
//!
//! * log|V| = Σ_c log|V_c| + log|L|, L = I + Λ Z'V_b⁻¹ Z Λ (matrix determinant lemma);
//! * V⁻¹ = V_b⁻¹ − V_b⁻¹ZΛ L⁻¹ ΛZ'V_b⁻¹ (Woodbury), so 1'V⁻¹1, 1'V⁻¹y and y'V⁻¹y need only per-candidate
//!   blocks and G-vectors;
//! * with r'V⁻¹r = y'V⁻¹y − (1'V⁻¹y)²/1'V⁻¹1 and σ̂²_e = r'V⁻¹r/(N − 1) profiled out, the REML deviance is
//!   `log|V| + log(1'V⁻¹1) + (N − 1)(1 + log(2π r'V⁻¹r/(N − 1)))`, the same quantity lme4 reports as
//!   its REML criterion (Bates, Mächler, Bolker & Walker 2015, eq. 34).
//!
//! Candidate blocks with the same pattern (which of their ratings share a question, which an interviewer)
//! share V_c⁻¹, so each distinct pattern is factorised once per evaluation. One evaluation costs
//! O(Σ_c n_c²) for the ratings plus O(G³) for L. The deviance is minimised over θ ≥ 0 (lme4's
//! parametrisation; the deviance is even in each θ) by damped Newton steps with finite-difference
//! derivatives ([`newton`]), started from moment estimates ([`moment_start`]): about 200 evaluations
//! where Nelder–Mead with restarts took 550–700, and a lower deviance at the end. Nelder–Mead (Nelder &
//! Mead 1965) remains the fallback when Newton does not converge.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

/// The random effects of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effects {
    /// p: candidate.
    pub candidate: bool,
    /// pq: candidate × question.
    pub candidate_x_question: bool,
    /// pr: candidate × interviewer.
    pub candidate_x_interviewer: bool,
    /// q: question.
    pub question: bool,
    /// r: interviewer.
    pub interviewer: bool,
    /// qr: question × interviewer (r:q in the nested design).
    pub question_x_interviewer: bool,
}

/// Fitted variance components (0 for effects switched off), with the REML deviance at the optimum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RemlFit {
    /// σ²p.
    pub candidate: f64,
    /// σ²pq.
    pub candidate_x_question: f64,
    /// σ²pr.
    pub candidate_x_interviewer: f64,
    /// σ²q.
    pub question: f64,
    /// σ²r.
    pub interviewer: f64,
    /// σ²qr.
    pub question_x_interviewer: f64,
    /// σ²e.
    pub residual: f64,
    /// Estimated grand mean μ.
    pub mean: f64,
    /// REML deviance (−2 log restricted likelihood) at the optimum.
    pub deviance: f64,
    /// Deviance evaluations used.
    pub evaluations: usize,
}

/// Why REML could not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemlError {
    /// Fewer than 3 ratings, or slices of different lengths.
    TooFewRatings,
    /// The shared effects need a dense system of this many columns, above the limit.
    TooManyLevels(usize),
    /// A factorisation failed (numerically singular).
    Singular,
}

/// The prepared data: ratings grouped by candidate, candidate blocks' patterns, shared columns.
struct Prepared {
    /// CSR over candidates into the sorted ratings.
    start: Vec<usize>,
    y: Vec<f64>,
    /// Shared columns of each rating (`u32::MAX` when the effect is off), 3 per rating.
    cols: Vec<[u32; 3]>,
    /// Pattern id of each candidate block.
    pattern_of: Vec<u32>,
    /// Patterns: local question and interviewer index per rating.
    patterns: Vec<Vec<(u16, u16)>>,
    /// Number of shared columns and, per column, which θ (3 = q, 4 = r, 5 = qr) scales it.
    col_effect: Vec<u8>,
    /// Offset of each pattern's V_c⁻¹ (m² entries, row-major) in the stacked inverses.
    pattern_offset: Vec<usize>,
    /// How the lower triangle of Z'V_b⁻¹Z is summed from the stacked inverses.
    scatter: Scatter,
}

/// The lower triangle of the shared system Z'V_b⁻¹Z = Σ_c Z_c'V_c⁻¹Z_c, cell by cell: for each cell that
/// receives anything (index into the packed lower triangle), the offsets into the stacked V_c⁻¹ of its
/// terms, in the order the candidate loop meets them (candidates, then rows, then columns of V_c⁻¹).
/// Each cell's sum is therefore the same floating-point sum as adding the terms candidate by candidate,
/// but it is computed in one sequential sweep over the matrix instead of scattered additions.
struct Scatter {
    /// Packed lower-triangle index of each cell.
    cells: Vec<u32>,
    /// CSR over `cells` into `src`.
    start: Vec<u32>,
    /// Offsets into the stacked inverses.
    src: Vec<u32>,
}

/// Index of (r, s), s ≤ r, in a row-major packed lower triangle.
#[inline]
fn packed(r: usize, s: usize) -> usize {
    r * (r + 1) / 2 + s
}

/// Fits the model by REML. `candidate`, `question`, `interviewer` are dense codes, `score` the ratings.
/// `max_shared` caps the dense shared system (columns = questions + interviewers + question–interviewer
/// pairs used). Deterministic.
pub fn fit(
    candidate: &[u32],
    question: &[u32],
    interviewer: &[u32],
    score: &[f64],
    effects: Effects,
    max_shared: usize,
) -> Result<RemlFit, RemlError> {
    let n = score.len();
    if n < 3 || candidate.len() != n || question.len() != n || interviewer.len() != n {
        return Err(RemlError::TooFewRatings);
    }
    let prep = prepare(candidate, question, interviewer, score, effects, max_shared)?;
    let active: Vec<usize> = [
        effects.candidate,
        effects.candidate_x_question,
        effects.candidate_x_interviewer,
        effects.question,
        effects.interviewer,
        effects.question_x_interviewer,
    ]
    .iter()
    .enumerate()
    .filter(|x| *x.1)
    .map(|x| x.0)
    .collect();
    let evals = AtomicUsize::new(0);
    let f = |x: &[f64]| -> f64 {
        evals.fetch_add(1, Ordering::Relaxed);
        let mut theta = [0.0; 6];
        for (k, &a) in active.iter().enumerate() {
            theta[a] = x[k].abs();
        }
        match evaluate(&prep, &theta) {
            Some(e) => e.deviance,
            None => f64::INFINITY,
        }
    };
    let mut x = vec![0.5; active.len()];
    if !active.is_empty() {
        // Newton from the moment estimates (or from θ = 0.5 when that is lower).
        let moments = moment_start(candidate, question, interviewer, score, &active);
        let (f_moments, f_half) = (f(&moments), f(&x));
        let mut fx = f_half;
        if f_moments < f_half {
            (x, fx) = (moments, f_moments);
        }
        let (xn, fn_, converged) = newton(&f, &x, fx, 60);
        x = xn;
        if !converged {
            // The fallback: Nelder–Mead from where Newton stopped, restarted with a fresh simplex until a
            // restart no longer improves the deviance (a simplex can stall on a ridge or at θ = 0).
            let mut best = fn_;
            for round in 0..6 {
                let step = if round == 0 { 0.4 } else { 0.05 };
                let (xn, fx) = nelder_mead(&mut |x: &[f64]| f(x), &x, step, 1e-10, 3000);
                if fx < best {
                    x = xn;
                }
                let improved = best - fx;
                best = best.min(fx);
                if improved < 1e-7 {
                    break;
                }
            }
        }
    }
    let mut theta = [0.0; 6];
    for (k, &a) in active.iter().enumerate() {
        theta[a] = x[k].abs();
    }
    let e = evaluate(&prep, &theta).ok_or(RemlError::Singular)?;
    let s2 = e.sigma2;
    Ok(RemlFit {
        candidate: theta[0] * theta[0] * s2,
        candidate_x_question: theta[1] * theta[1] * s2,
        candidate_x_interviewer: theta[2] * theta[2] * s2,
        question: theta[3] * theta[3] * s2,
        interviewer: theta[4] * theta[4] * s2,
        question_x_interviewer: theta[5] * theta[5] * s2,
        residual: s2,
        mean: e.mean,
        deviance: e.deviance,
        evaluations: evals.into_inner() + 1,
    })
}

/// The REML deviance at given relative SDs `theta` (order p, pq, pr, q, r, qr; σ_k/σ_e), for tests
/// against lme4's `REMLcrit`. `None` as in [`fit`].
pub fn deviance_at(
    candidate: &[u32],
    question: &[u32],
    interviewer: &[u32],
    score: &[f64],
    effects: Effects,
    theta: [f64; 6],
) -> Option<f64> {
    let prep = prepare(candidate, question, interviewer, score, effects, usize::MAX).ok()?;
    evaluate(&prep, &theta).map(|e| e.deviance)
}

fn prepare(
    candidate: &[u32],
    question: &[u32],
    interviewer: &[u32],
    score: &[f64],
    effects: Effects,
    max_shared: usize,
) -> Result<Prepared, RemlError> {
    let n = score.len();
    let nc = candidate.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_unstable_by_key(|&j| {
        let j = j as usize;
        (candidate[j], question[j], interviewer[j])
    });
    let mut start = vec![0usize; nc + 1];
    for &c in candidate {
        start[c as usize + 1] += 1;
    }
    for c in 0..nc {
        start[c + 1] += start[c];
    }
    // Shared columns.
    let nq = question.iter().map(|&q| q as usize + 1).max().unwrap_or(0);
    let ni = interviewer.iter().map(|&i| i as usize + 1).max().unwrap_or(0);
    let mut col_effect: Vec<u8> = Vec::new();
    let q_off = col_effect.len();
    if effects.question {
        col_effect.extend(std::iter::repeat_n(3u8, nq));
    }
    let i_off = col_effect.len();
    if effects.interviewer {
        col_effect.extend(std::iter::repeat_n(4u8, ni));
    }
    let mut pair: HashMap<(u32, u32), u32> = HashMap::new();
    let mut y = Vec::with_capacity(n);
    let mut cols = Vec::with_capacity(n);
    for &j in &order {
        let j = j as usize;
        y.push(score[j]);
        let qc = if effects.question { (q_off + question[j] as usize) as u32 } else { u32::MAX };
        let ic = if effects.interviewer { (i_off + interviewer[j] as usize) as u32 } else { u32::MAX };
        let pc = if effects.question_x_interviewer {
            let next = col_effect.len() as u32;
            *pair.entry((question[j], interviewer[j])).or_insert_with(|| {
                col_effect.push(5);
                next
            })
        } else {
            u32::MAX
        };
        cols.push([qc, ic, pc]);
    }
    if col_effect.len() > max_shared || packed(col_effect.len(), 0) > u32::MAX as usize {
        return Err(RemlError::TooManyLevels(col_effect.len()));
    }
    // Patterns of candidate blocks.
    let mut ids: HashMap<Vec<(u16, u16)>, u32> = HashMap::new();
    let mut patterns = Vec::new();
    let mut pattern_of = vec![0u32; nc];
    let mut local: Vec<(u16, u16)> = Vec::new();
    let mut seen_i: Vec<(u32, u16)> = Vec::new();
    for c in 0..nc {
        local.clear();
        seen_i.clear();
        let (mut lq, mut prev_q) = (0u16, None);
        for &j in &order[start[c]..start[c + 1]] {
            let j = j as usize;
            if prev_q.is_some_and(|p| p != question[j]) {
                lq = lq.saturating_add(1);
            }
            prev_q = Some(question[j]);
            let li = match seen_i.iter().find(|s| s.0 == interviewer[j]) {
                Some(s) => s.1,
                None => {
                    let k = seen_i.len() as u16;
                    seen_i.push((interviewer[j], k));
                    k
                }
            };
            local.push((lq, li));
        }
        let id = match ids.get(&local) {
            Some(&id) => id,
            None => {
                let id = patterns.len() as u32;
                patterns.push(local.clone());
                ids.insert(local.clone(), id);
                id
            }
        };
        pattern_of[c] = id;
    }
    let mut pattern_offset = Vec::with_capacity(patterns.len());
    let mut off = 0usize;
    for p in &patterns {
        pattern_offset.push(off);
        off += p.len() * p.len();
    }
    let scatter = Scatter::of(&start, &cols, &pattern_of, &pattern_offset)?;
    Ok(Prepared { start, y, cols, pattern_of, patterns, col_effect, pattern_offset, scatter })
}

impl Scatter {
    /// The plan for candidates `start` (CSR into `cols`) with their patterns. `Err` when the stacked
    /// inverses or the terms outgrow 32-bit offsets.
    fn of(
        start: &[usize],
        cols: &[[u32; 3]],
        pattern_of: &[u32],
        pattern_offset: &[usize],
    ) -> Result<Scatter, RemlError> {
        // (cell, offset) in the candidate loop's order; a stable sort by cell keeps that order per cell.
        let mut terms: Vec<(u32, u32)> = Vec::new();
        for c in 0..pattern_of.len() {
            let cols = &cols[start[c]..start[c + 1]];
            let m = cols.len();
            let base = pattern_offset[pattern_of[c] as usize];
            for r in 0..m {
                for s in 0..m {
                    let src =
                        u32::try_from(base + r * m + s).map_err(|_| RemlError::TooManyLevels(usize::MAX))?;
                    for &c1 in &cols[r] {
                        if c1 == u32::MAX {
                            continue;
                        }
                        for &c2 in &cols[s] {
                            if c2 <= c1 {
                                terms.push((packed(c1 as usize, c2 as usize) as u32, src));
                            }
                        }
                    }
                }
            }
        }
        terms.sort_by_key(|t| t.0);
        let (mut cells, mut cstart) = (Vec::new(), Vec::new());
        for (k, t) in terms.iter().enumerate() {
            if k == 0 || terms[k - 1].0 != t.0 {
                cells.push(t.0);
                cstart.push(k as u32);
            }
        }
        cstart.push(u32::try_from(terms.len()).map_err(|_| RemlError::TooManyLevels(usize::MAX))?);
        Ok(Scatter { cells, start: cstart, src: terms.into_iter().map(|t| t.1).collect() })
    }

    /// The packed lower triangle of Z'V_b⁻¹Z (`g` columns) from the stacked inverses.
    fn sum(&self, stacked: &[f64], g: usize) -> Vec<f64> {
        let mut mat = vec![0.0; packed(g, 0)];
        for (k, &cell) in self.cells.iter().enumerate() {
            let mut acc = 0.0;
            for &o in &self.src[self.start[k] as usize..self.start[k + 1] as usize] {
                acc += stacked[o as usize];
            }
            mat[cell as usize] = acc;
        }
        mat
    }
}

struct Eval {
    deviance: f64,
    sigma2: f64,
    mean: f64,
}

/// One deviance evaluation (see the module doc): the candidate blocks' inverses, their sums, the dense
/// shared system, and the Woodbury / determinant-lemma corrections.
fn evaluate(prep: &Prepared, theta: &[f64; 6]) -> Option<Eval> {
    let (stacked, logdets) = pattern_inverses(prep, theta)?;
    let g = prep.col_effect.len();
    let sums = candidate_sums(prep, &stacked, &logdets, g);
    let Sums { s11, s1y, syy, logdet_v, mut u, mut w } = sums;
    let (mut t11, mut t1y, mut tyy, mut logdet_l) = (s11, s1y, syy, 0.0);
    if g > 0 {
        let mut mat = prep.scatter.sum(&stacked, g);
        let lam: Vec<f64> = prep.col_effect.iter().map(|&e| theta[e as usize]).collect();
        for r in 0..g {
            let row = &mut mat[packed(r, 0)..packed(r, 0) + r + 1];
            for (s, x) in row.iter_mut().enumerate() {
                *x *= lam[r] * lam[s];
            }
            row[r] += 1.0;
            u[r] *= lam[r];
            w[r] *= lam[r];
        }
        logdet_l = cholesky_packed(&mut mat, g)?;
        // Forward solves: L z = u, L z' = w; then u'L⁻ᵀL⁻¹u = z·z.
        forward_packed(&mat, g, &mut u);
        forward_packed(&mat, g, &mut w);
        t11 -= u.iter().map(|x| x * x).sum::<f64>();
        t1y -= u.iter().zip(&w).map(|(x, y)| x * y).sum::<f64>();
        tyy -= w.iter().map(|x| x * x).sum::<f64>();
    }
    let n = prep.y.len() as f64;
    if t11 <= 0.0 {
        return None;
    }
    let rpr = tyy - t1y * t1y / t11;
    if rpr <= 0.0 || !rpr.is_finite() {
        return None;
    }
    let df = n - 1.0;
    let deviance = logdet_v + logdet_l + t11.ln() + df * (1.0 + (2.0 * std::f64::consts::PI * rpr / df).ln());
    deviance.is_finite().then_some(Eval { deviance, sigma2: rpr / df, mean: t1y / t11 })
}

/// Every pattern's V_c⁻¹ (stacked at `prep.pattern_offset`) and log|V_c|; `None` when one is singular.
fn pattern_inverses(prep: &Prepared, theta: &[f64; 6]) -> Option<(Vec<f64>, Vec<f64>)> {
    let (tp, tpq, tpr) = (theta[0] * theta[0], theta[1] * theta[1], theta[2] * theta[2]);
    let total = prep.patterns.last().map_or(0, |p| p.len() * p.len())
        + prep.pattern_offset.last().copied().unwrap_or(0);
    let mut stacked = Vec::with_capacity(total);
    let mut logdets = Vec::with_capacity(prep.patterns.len());
    for pat in &prep.patterns {
        let m = pat.len();
        let mut v = vec![0.0; m * m];
        for a in 0..m {
            for b in 0..m {
                let mut x = tp;
                if pat[a].0 == pat[b].0 {
                    x += tpq;
                }
                if pat[a].1 == pat[b].1 {
                    x += tpr;
                }
                if a == b {
                    x += 1.0;
                }
                v[a * m + b] = x;
            }
        }
        logdets.push(cholesky(&mut v, m)?);
        stacked.extend_from_slice(&inverse_from_cholesky(&v, m));
    }
    Some((stacked, logdets))
}

/// Sums over candidate blocks: 1'V_b⁻¹1, 1'V_b⁻¹y, y'V_b⁻¹y, log|V_b|, and the G-vectors Z'V_b⁻¹1 and
/// Z'V_b⁻¹y.
struct Sums {
    s11: f64,
    s1y: f64,
    syy: f64,
    logdet_v: f64,
    u: Vec<f64>,
    w: Vec<f64>,
}

/// [`Sums`] from the stacked inverses, candidate by candidate.
fn candidate_sums(prep: &Prepared, stacked: &[f64], logdets: &[f64], g: usize) -> Sums {
    let mut out = Sums { s11: 0.0, s1y: 0.0, syy: 0.0, logdet_v: 0.0, u: vec![0.0; g], w: vec![0.0; g] };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for c in 0..prep.pattern_of.len() {
        let rg = prep.start[c]..prep.start[c + 1];
        if rg.is_empty() {
            continue;
        }
        let p = prep.pattern_of[c] as usize;
        out.logdet_v += logdets[p];
        let m = rg.len();
        let vinv = &stacked[prep.pattern_offset[p]..prep.pattern_offset[p] + m * m];
        let yc = &prep.y[rg.clone()];
        let cols = &prep.cols[rg];
        a.clear();
        b.clear();
        for r in 0..m {
            let row = &vinv[r * m..(r + 1) * m];
            a.push(row.iter().sum::<f64>());
            b.push(row.iter().zip(yc).map(|(x, y)| x * y).sum::<f64>());
        }
        out.s11 += a.iter().sum::<f64>();
        out.s1y += b.iter().sum::<f64>();
        out.syy += b.iter().zip(yc).map(|(x, y)| x * y).sum::<f64>();
        if g == 0 {
            continue;
        }
        for r in 0..m {
            for &col in &cols[r] {
                if col != u32::MAX {
                    out.u[col as usize] += a[r];
                    out.w[col as usize] += b[r];
                }
            }
        }
    }
    out
}

/// Σ a_k·b_k with four independent partial sums (so the compiler can keep several multiply-adds in
/// flight; the order of summation differs from a plain loop only in rounding).
#[inline(always)]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0.0f64; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        acc[0] += x[0] * y[0];
        acc[1] += x[1] * y[1];
        acc[2] += x[2] * y[2];
        acc[3] += x[3] * y[3];
    }
    let tail: f64 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// Four [`dot`]s against the same `b` at once, each with exactly [`dot`]'s arithmetic (the same lanes
/// and order), so the results are bit-identical; the four independent chains keep the CPU's adders busy
/// where one chain waits on each addition.
#[inline(always)]
fn dot4(rows: [&[f64]; 4], b: &[f64]) -> [f64; 4] {
    let n = b.len();
    let whole = n - n % 4;
    let mut acc = [[0.0f64; 4]; 4];
    for k in (0..whole).step_by(4) {
        let y = &b[k..k + 4];
        for (acc, row) in acc.iter_mut().zip(&rows) {
            let x = &row[k..k + 4];
            acc[0] += x[0] * y[0];
            acc[1] += x[1] * y[1];
            acc[2] += x[2] * y[2];
            acc[3] += x[3] * y[3];
        }
    }
    let mut out = [0.0; 4];
    for ((o, acc), row) in out.iter_mut().zip(&acc).zip(&rows) {
        let tail: f64 = row[whole..n].iter().zip(&b[whole..n]).map(|(x, y)| x * y).sum();
        *o = (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail;
    }
    out
}

/// In-place lower Cholesky factor of the row-major SPD `a` (n × n); returns log det(a). Reads and writes
/// only the lower triangle (the upper one may hold anything).
fn cholesky(a: &mut [f64], n: usize) -> Option<f64> {
    let mut logdet = 0.0;
    for j in 0..n {
        let (head, tail) = a.split_at_mut((j + 1) * n);
        let rj = &mut head[j * n..(j + 1) * n];
        let d = rj[j] - dot(&rj[..j], &rj[..j]);
        if d <= 0.0 || !d.is_finite() {
            return None;
        }
        let d = d.sqrt();
        rj[j] = d;
        logdet += 2.0 * d.ln();
        let rj = &rj[..j];
        // Rows below j, four at a time, then the rest one by one.
        let below = n - j - 1;
        let mut i = 0;
        while i + 4 <= below {
            let r = |k: usize| &tail[(i + k) * n..(i + k) * n + j];
            let s = dot4([r(0), r(1), r(2), r(3)], rj);
            for (k, s) in s.iter().enumerate() {
                let x = &mut tail[(i + k) * n + j];
                *x = (*x - s) / d;
            }
            i += 4;
        }
        for i in i..below {
            let row = &mut tail[i * n..i * n + j + 1];
            let s = row[j] - dot(&row[..j], rj);
            row[j] = s / d;
        }
    }
    Some(logdet)
}

/// [`cholesky`] on a row-major packed lower triangle (row r at `packed(r, 0)`, r + 1 entries), with
/// exactly its arithmetic; rows below the pivot four at a time ([`dot4`]). Compiled for AVX2 too and
/// chosen at run time: wider registers, the same operations in the same order (no fused multiply-add),
/// so the same bits.
fn cholesky_packed(a: &mut [f64], n: usize) -> Option<f64> {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above).
            return unsafe { cholesky_packed_avx2(a, n) };
        }
    }
    cholesky_packed_any(a, n)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn cholesky_packed_avx2(a: &mut [f64], n: usize) -> Option<f64> {
    cholesky_packed_any(a, n)
}

/// The kernel of [`cholesky_packed`], inlined into each instruction set's wrapper.
#[inline(always)]
fn cholesky_packed_any(a: &mut [f64], n: usize) -> Option<f64> {
    let mut logdet = 0.0;
    for j in 0..n {
        let (head, tail) = a.split_at_mut(packed(j + 1, 0));
        let rj = &mut head[packed(j, 0)..];
        let d = rj[j] - dot(&rj[..j], &rj[..j]);
        if d <= 0.0 || !d.is_finite() {
            return None;
        }
        let d = d.sqrt();
        rj[j] = d;
        logdet += 2.0 * d.ln();
        let rj = &rj[..j];
        // Row i > j starts at packed(i, 0) − packed(j + 1, 0) in `tail`.
        let at = |i: usize| packed(i, 0) - packed(j + 1, 0);
        let mut i = j + 1;
        while i + 4 <= n {
            let r = |k: usize| &tail[at(i + k)..at(i + k) + j];
            let s = dot4([r(0), r(1), r(2), r(3)], rj);
            for (k, s) in s.iter().enumerate() {
                let x = &mut tail[at(i + k) + j];
                *x = (*x - s) / d;
            }
            i += 4;
        }
        for i in i..n {
            let row = &mut tail[at(i)..at(i) + j + 1];
            let s = row[j] - dot(&row[..j], rj);
            row[j] = s / d;
        }
    }
    Some(logdet)
}

/// [`forward`] with the packed factor of [`cholesky_packed`].
fn forward_packed(l: &[f64], n: usize, b: &mut [f64]) {
    for i in 0..n {
        let row = &l[packed(i, 0)..packed(i, 0) + i + 1];
        let s = dot(&row[..i], &b[..i]);
        b[i] = (b[i] - s) / row[i];
    }
}

/// Solves L z = b in place (L the lower factor from [`cholesky`]).
fn forward(l: &[f64], n: usize, b: &mut [f64]) {
    for i in 0..n {
        let s = dot(&l[i * n..i * n + i], &b[..i]);
        b[i] = (b[i] - s) / l[i * n + i];
    }
}

/// A⁻¹ from A's lower Cholesky factor (row-major, full symmetric result).
fn inverse_from_cholesky(l: &[f64], n: usize) -> Vec<f64> {
    // L⁻¹ by forward substitution, then A⁻¹ = L⁻ᵀ L⁻¹.
    let mut li = vec![0.0; n * n];
    for col in 0..n {
        let mut e = vec![0.0; n];
        e[col] = 1.0;
        forward(l, n, &mut e);
        for r in 0..n {
            li[r * n + col] = e[r];
        }
    }
    let mut out = vec![0.0; n * n];
    for r in 0..n {
        for s in r..n {
            let v: f64 = (s.max(r)..n).map(|k| li[k * n + r] * li[k * n + s]).sum();
            out[r * n + s] = v;
            out[s * n + r] = v;
        }
    }
    out
}

/// Damped Newton minimisation of `f` from `x0` (where `f` is `fx0`), with finite-difference derivatives:
/// central differences for the gradient and the Hessian's diagonal, forward ones for the off-diagonal
/// entries (the 2d + d(d−1)/2 evaluations of one step run in parallel). An indefinite Hessian is shifted
/// towards its diagonal until positive definite (Levenberg–Marquardt) and a step is halved until it
/// lowers `f`. Converged when a step taken predicted a decrease below 1e-6 (the next would be far
/// below the deviance's rounding); not converged when no step lowers `f` or after `max_iter` steps.
/// Returns the best point, its value and whether it converged.
fn newton(
    f: &(impl Fn(&[f64]) -> f64 + Sync),
    x0: &[f64],
    fx0: f64,
    max_iter: usize,
) -> (Vec<f64>, f64, bool) {
    let d = x0.len();
    let (mut x, mut fx) = (x0.to_vec(), fx0);
    for _ in 0..max_iter {
        // Steps relative to the coordinate, at least 1e-4: the deviance's rounding (~1e-11 at 1e4) stays
        // far below the second differences.
        let h: Vec<f64> = x.iter().map(|v| 1e-3 * v.abs().max(0.1)).collect();
        let mut points: Vec<Vec<(usize, f64)>> = Vec::with_capacity(2 * d + d * (d - 1) / 2);
        for (k, &hk) in h.iter().enumerate() {
            points.push(vec![(k, hk)]);
            points.push(vec![(k, -hk)]);
        }
        for a in 0..d {
            for b in 0..a {
                points.push(vec![(a, h[a]), (b, h[b])]);
            }
        }
        let values: Vec<f64> = points
            .par_iter()
            .map(|moves| {
                let mut p = x.clone();
                for &(k, t) in moves {
                    p[k] += t;
                }
                f(&p)
            })
            .collect();
        let (mut grad, mut hess) = (vec![0.0; d], vec![0.0; d * d]);
        for k in 0..d {
            let (fp, fm) = (values[2 * k], values[2 * k + 1]);
            grad[k] = (fp - fm) / (2.0 * h[k]);
            hess[k * d + k] = (fp - 2.0 * fx + fm) / (h[k] * h[k]);
        }
        let mut next = 2 * d;
        for a in 0..d {
            for b in 0..a {
                let v = (values[next] - values[2 * a] - values[2 * b] + fx) / (h[a] * h[b]);
                (hess[a * d + b], hess[b * d + a]) = (v, v);
                next += 1;
            }
        }
        if !grad.iter().chain(&hess).all(|v| v.is_finite()) {
            return (x, fx, false);
        }
        let Some(step) = damped_step(&hess, &grad, d) else { return (x, fx, false) };
        let predicted = -0.5 * step.iter().zip(&grad).map(|(s, g)| s * g).sum::<f64>();
        let mut t = 1.0;
        let mut moved = false;
        for _ in 0..30 {
            let xn: Vec<f64> = x.iter().zip(&step).map(|(a, s)| a + t * s).collect();
            let fxn = f(&xn);
            if fxn < fx {
                (x, fx, moved) = (xn, fxn, true);
                break;
            }
            t *= 0.5;
        }
        if !moved {
            // At the optimum to rounding already when the step promised almost nothing.
            return (x, fx, predicted < 1e-6);
        }
        if predicted < 1e-6 {
            return (x, fx, true);
        }
    }
    (x, fx, false)
}

/// The Newton step −(H + μ·diag|H|)⁻¹ g with the smallest μ in {0, 1e-6, 1e-5, …, 1e6} that makes the
/// matrix positive definite; `None` when none does.
fn damped_step(hess: &[f64], grad: &[f64], d: usize) -> Option<Vec<f64>> {
    let scale: Vec<f64> = (0..d).map(|k| hess[k * d + k].abs().max(1e-12)).collect();
    let mut mu = 0.0;
    while mu <= 1e6 {
        let mut m = hess.to_vec();
        for k in 0..d {
            m[k * d + k] += mu * scale[k];
        }
        if cholesky(&mut m, d).is_some() {
            let mut z: Vec<f64> = grad.iter().map(|g| -g).collect();
            forward(&m, d, &mut z);
            backward(&m, d, &mut z);
            return Some(z);
        }
        mu = if mu == 0.0 { 1e-6 } else { mu * 10.0 };
    }
    None
}

/// Solves L' z = b in place (L the lower factor from [`cholesky`]).
fn backward(l: &[f64], n: usize, b: &mut [f64]) {
    for i in (0..n).rev() {
        let s: f64 = (i + 1..n).map(|k| l[k * n + i] * b[k]).sum();
        b[i] = (b[i] - s) / l[i * n + i];
    }
}

/// A starting point for the optimiser from moments. For each set K of the factors (candidate, question,
/// interviewer), the mean product of centred ratings over the pairs of ratings that share exactly K
/// estimates the summed variances of the effects whose factors lie in K; inverting those sums over
/// subsets (Möbius inversion) gives each component, and the residual is what the active components
/// leave of the total variance. Returns θ_k = σ_k/σ_e for the `active` effects, inside [0.05, 20]: never
/// 0, where the even deviance is stationary. An effect without the pairs to estimate it starts at 0.5.
fn moment_start(c: &[u32], q: &[u32], i: &[u32], y: &[f64], active: &[usize]) -> Vec<f64> {
    let n = y.len();
    let mean = y.iter().sum::<f64>() / n as f64;
    // Factor sets as bits: 1 candidate, 2 question, 4 interviewer. T(K) = Σ over groups sharing K of
    // (Σ centred y)², and the ordered pairs (diagonal included) Σ n_g².
    let key = |j: usize, set: usize| -> u128 {
        let part = |bit: usize, v: u32| if set & bit != 0 { v as u128 + 1 } else { 0 };
        (part(1, c[j]) << 64) | (part(2, q[j]) << 32) | part(4, i[j])
    };
    let (mut t, mut pairs) = ([0.0f64; 8], [0.0f64; 8]);
    let mut keyed: Vec<(u128, u32)> = Vec::with_capacity(n);
    for set in 0usize..8 {
        // Groups by sorting (key, row): the sums run in one fixed order, so the start (and the fit)
        // depend only on the data, never on a hash map's iteration order.
        keyed.clear();
        keyed.extend((0..n).map(|j| (key(j, set), j as u32)));
        keyed.sort_unstable();
        for run in keyed.chunk_by(|a, b| a.0 == b.0) {
            let s: f64 = run.iter().map(|&(_, j)| y[j as usize] - mean).sum();
            t[set] += s * s;
            pairs[set] += (run.len() * run.len()) as f64;
        }
    }
    let sumsq: f64 = y.iter().map(|v| (v - mean) * (v - mean)).sum();
    let sign = |a: usize, b: usize| if (a ^ b).count_ones().is_multiple_of(2) { 1.0 } else { -1.0 };
    // Mean product over pairs sharing exactly K (supersets inverted; the full set loses the diagonal).
    let exactly: Vec<Option<f64>> = (0usize..8)
        .map(|set| {
            let supersets = (set..8usize).filter(|sup| sup & set == set);
            let (mut e, mut k) = supersets.fold((0.0, 0.0), |(e, k), sup| {
                (e + sign(sup, set) * t[sup], k + sign(sup, set) * pairs[sup])
            });
            if set == 7 {
                (e, k) = (e - sumsq, k - n as f64);
            }
            (k > 0.5).then(|| e / k)
        })
        .collect();
    // Effects p, pq, pr, q, r, qr (the order of θ) as factor sets; subsets without pairs are skipped.
    const FACTORS: [usize; 6] = [1, 3, 5, 2, 4, 6];
    let variance: Vec<Option<f64>> = FACTORS
        .iter()
        .map(|&f| {
            exactly[f]?;
            Some((0..8usize).filter(|&s| s & f == s).filter_map(|s| exactly[s].map(|v| sign(f, s) * v)).sum())
        })
        .collect();
    let total = sumsq / (n as f64 - 1.0).max(1.0);
    let residual = total - active.iter().filter_map(|&a| variance[a]).map(|v| v.max(0.0)).sum::<f64>();
    active
        .iter()
        .map(|&a| match variance[a] {
            Some(v) if residual > 0.0 && v.is_finite() => (v.max(0.0) / residual).sqrt().clamp(0.05, 20.0),
            _ => 0.5,
        })
        .collect()
}

/// Nelder–Mead minimisation (standard coefficients 1, 2, ½, ½) from `x0` with initial steps `step`;
/// stops when the simplex's function values span less than `ftol` (relative) or after `max_eval`.
fn nelder_mead(
    f: &mut impl FnMut(&[f64]) -> f64,
    x0: &[f64],
    step: f64,
    ftol: f64,
    max_eval: usize,
) -> (Vec<f64>, f64) {
    let d = x0.len();
    let mut pts: Vec<Vec<f64>> = vec![x0.to_vec()];
    for k in 0..d {
        let mut p = x0.to_vec();
        p[k] += if p[k].abs() > 1e-3 { step * p[k].abs().max(0.05) } else { step };
        pts.push(p);
    }
    let mut vals: Vec<f64> = pts.iter().map(|p| f(p)).collect();
    let mut evals = d + 1;
    while evals < max_eval {
        let mut idx: Vec<usize> = (0..=d).collect();
        idx.sort_by(|&i, &j| vals[i].total_cmp(&vals[j]));
        pts = idx.iter().map(|&i| pts[i].clone()).collect();
        vals = idx.iter().map(|&i| vals[i]).collect();
        let spread = (vals[d] - vals[0]).abs();
        if spread <= ftol * (1.0 + vals[0].abs()) {
            break;
        }
        let centroid: Vec<f64> =
            (0..d).map(|k| pts[..d].iter().map(|p| p[k]).sum::<f64>() / d as f64).collect();
        let along =
            |t: f64| -> Vec<f64> { (0..d).map(|k| centroid[k] + t * (pts[d][k] - centroid[k])).collect() };
        let xr = along(-1.0);
        let fr = f(&xr);
        evals += 1;
        if fr < vals[0] {
            let xe = along(-2.0);
            let fe = f(&xe);
            evals += 1;
            if fe < fr {
                pts[d] = xe;
                vals[d] = fe;
            } else {
                pts[d] = xr;
                vals[d] = fr;
            }
        } else if fr < vals[d - 1] {
            pts[d] = xr;
            vals[d] = fr;
        } else {
            let (xc, fc) = if fr < vals[d] {
                let x = along(-0.5);
                let v = f(&x);
                (x, v)
            } else {
                let x = along(0.5);
                let v = f(&x);
                (x, v)
            };
            evals += 1;
            if fc < vals[d].min(fr) {
                pts[d] = xc;
                vals[d] = fc;
            } else {
                let best = pts[0].clone();
                for i in 1..=d {
                    for (x, b) in pts[i].iter_mut().zip(&best) {
                        *x = b + 0.5 * (*x - b);
                    }
                    vals[i] = f(&pts[i]);
                    evals += 1;
                }
            }
        }
    }
    let best = (0..=d).min_by(|&i, &j| vals[i].total_cmp(&vals[j])).unwrap_or(0);
    (pts[best].clone(), vals[best])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_inverse_roundtrip() {
        let a = vec![4.0, 2.0, 0.6, 2.0, 5.0, 1.0, 0.6, 1.0, 3.0];
        let mut l = a.clone();
        let ld = cholesky(&mut l, 3).unwrap();
        let inv = inverse_from_cholesky(&l, 3);
        for r in 0..3 {
            for s in 0..3 {
                let v: f64 = (0..3).map(|k| a[r * 3 + k] * inv[k * 3 + s]).sum();
                assert!((v - if r == s { 1.0 } else { 0.0 }).abs() < 1e-12);
            }
        }
        let det = 4.0 * (5.0 * 3.0 - 1.0) - 2.0 * (2.0 * 3.0 - 0.6) + 0.6 * (2.0 - 5.0 * 0.6);
        assert!((ld - f64::ln(det)).abs() < 1e-12);
    }

    /// The packed factorisation and solve give the same bits as the full ones (so fits are unchanged).
    #[test]
    fn packed_cholesky_is_bit_identical_to_full() {
        for n in [1, 3, 4, 9, 13, 22] {
            // A = B·B' + n·I with irregular entries.
            let b: Vec<f64> = (0..n * n).map(|k| ((k * 7919 % 113) as f64 / 37.0).sin()).collect();
            let mut full = vec![0.0; n * n];
            for r in 0..n {
                for s in 0..n {
                    full[r * n + s] = (0..n).map(|k| b[r * n + k] * b[s * n + k]).sum::<f64>();
                }
                full[r * n + r] += n as f64;
            }
            let mut pk: Vec<f64> = (0..n).flat_map(|r| full[r * n..r * n + r + 1].to_vec()).collect();
            let ld_full = cholesky(&mut full, n).unwrap();
            let ld_packed = cholesky_packed(&mut pk, n).unwrap();
            assert_eq!(ld_full.to_bits(), ld_packed.to_bits(), "n = {n}");
            for r in 0..n {
                for s in 0..=r {
                    assert_eq!(full[r * n + s].to_bits(), pk[packed(r, s)].to_bits(), "n = {n}, ({r}, {s})");
                }
            }
            let rhs: Vec<f64> = (0..n).map(|k| (k as f64 * 0.37).cos()).collect();
            let (mut x, mut y) = (rhs.clone(), rhs);
            forward(&full, n, &mut x);
            forward_packed(&pk, n, &mut y);
            assert!(x.iter().zip(&y).all(|(a, b)| a.to_bits() == b.to_bits()), "n = {n}");
        }
        // Not positive definite: refused by both.
        let mut m = vec![1.0, 2.0, 2.0, 1.0];
        let mut p = vec![1.0, 2.0, 1.0];
        assert!(cholesky(&mut m, 2).is_none() && cholesky_packed(&mut p, 2).is_none());
    }

    /// Newton with finite differences finds the minimum of a coupled, non-quadratic function, and says
    /// so; on a function without a minimum it says it did not converge.
    #[test]
    fn newton_finds_a_coupled_minimum() {
        let f = |x: &[f64]| {
            let (a, b, c) = (x[0] - 1.0, x[1] + 0.5, x[2] - 2.0);
            1e4 + 3.0 * a * a + 2.0 * b * b + c * c + a * b + 0.5 * a.powi(4) + (b * c).powi(2)
        };
        let (x, fx, converged) = newton(&f, &[0.3, 0.3, 0.3], f(&[0.3, 0.3, 0.3]), 60);
        assert!(converged);
        assert!((x[0] - 1.0).abs() < 1e-6 && (x[1] + 0.5).abs() < 1e-6 && (x[2] - 2.0).abs() < 1e-6, "{x:?}");
        assert!((fx - 1e4).abs() < 1e-9);
        let unbounded = |x: &[f64]| -x[0];
        assert!(!newton(&unbounded, &[0.5], -0.5, 10).2);
    }

    /// The moment start lands near the truth for the candidate-level effects of a simulated crossed
    /// design (many levels), and is never 0.
    #[test]
    fn moment_start_is_near_the_truth() {
        // 400 candidates × 3 questions × 3 interviewers (every candidate sees all), crossed.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut normal = move || {
            let mut u = || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 11) as f64 / (1u64 << 53) as f64
            };
            let (a, b) = (u().max(1e-300), u());
            (-2.0 * a.ln()).sqrt() * (2.0 * std::f64::consts::PI * b).cos()
        };
        // σ: p 1.0, pq 0.5, pr 0.7, q 0.4, r 0.6, qr 0.3; σe 1.
        let (np, nq, nr) = (400, 3, 3);
        let qe: Vec<f64> = (0..nq).map(|_| 0.4 * normal()).collect();
        let re: Vec<f64> = (0..nr).map(|_| 0.6 * normal()).collect();
        let qre: Vec<f64> = (0..nq * nr).map(|_| 0.3 * normal()).collect();
        let (mut c, mut q, mut i, mut y) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for p in 0..np {
            let pe = normal();
            let pq: Vec<f64> = (0..nq).map(|_| 0.5 * normal()).collect();
            let pr: Vec<f64> = (0..nr).map(|_| 0.7 * normal()).collect();
            for a in 0..nq {
                for b in 0..nr {
                    c.push(p as u32);
                    q.push(a as u32);
                    i.push(b as u32);
                    y.push(3.0 + pe + qe[a] + re[b] + pq[a] + pr[b] + qre[a * nr + b] + normal());
                }
            }
        }
        let theta = moment_start(&c, &q, &i, &y, &[0, 1, 2, 3, 4, 5]);
        for (k, want) in [(0, 1.0), (1, 0.5), (2, 0.7)] {
            assert!((theta[k] - want).abs() < 0.2 * want, "θ[{k}] = {} (truth {want})", theta[k]);
        }
        assert!(theta.iter().all(|&t| (0.05..=20.0).contains(&t)), "{theta:?}");
    }

    #[test]
    fn nelder_mead_finds_a_quadratic_minimum() {
        let mut f = |x: &[f64]| (x[0] - 1.0).powi(2) + 3.0 * (x[1] + 0.5).powi(2) + 2.0;
        let (x, fx) = nelder_mead(&mut f, &[0.0, 0.0], 0.5, 1e-14, 5000);
        assert!((x[0] - 1.0).abs() < 1e-5 && (x[1] + 0.5).abs() < 1e-5 && (fx - 2.0).abs() < 1e-10);
    }
}
