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
//! O(Σ_c n_c²) for the ratings plus O(G³) for L; the deviance is minimised over θ ≥ 0 by Nelder–Mead
//! (Nelder & Mead 1965) with restarts, the parametrisation lme4 uses.

use std::collections::HashMap;

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
    let mut evals = 0usize;
    let mut f = |x: &[f64]| -> f64 {
        evals += 1;
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
        let mut best = f64::INFINITY;
        // Restart from the optimum with a fresh simplex until a restart no longer improves the deviance
        // (a plain simplex can stall on a ridge or at the θ = 0 boundary).
        for round in 0..6 {
            let step = if round == 0 { 0.4 } else { 0.05 };
            let (xn, fx) = nelder_mead(&mut f, &x, step, 1e-10, 3000);
            x = xn;
            let improved = best - fx;
            best = best.min(fx);
            if round > 0 && improved < 1e-7 {
                break;
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
        evaluations: evals + 1,
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
    if col_effect.len() > max_shared {
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
    Ok(Prepared { start, y, cols, pattern_of, patterns, col_effect })
}

struct Eval {
    deviance: f64,
    sigma2: f64,
    mean: f64,
}

/// One deviance evaluation (see the module doc).
fn evaluate(prep: &Prepared, theta: &[f64; 6]) -> Option<Eval> {
    let (tp, tpq, tpr) = (theta[0] * theta[0], theta[1] * theta[1], theta[2] * theta[2]);
    // Per pattern: V_c⁻¹ and log|V_c|.
    let mut inv: Vec<(Vec<f64>, f64)> = Vec::with_capacity(prep.patterns.len());
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
        let logdet = cholesky(&mut v, m)?;
        inv.push((inverse_from_cholesky(&v, m), logdet));
    }
    let g = prep.col_effect.len();
    let (mut s11, mut s1y, mut syy, mut logdet_v) = (0.0, 0.0, 0.0, 0.0);
    let (mut u, mut w) = (vec![0.0; g], vec![0.0; g]);
    let mut mat = vec![0.0; g * g];
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for c in 0..prep.pattern_of.len() {
        let rg = prep.start[c]..prep.start[c + 1];
        if rg.is_empty() {
            continue;
        }
        let (vinv, ld) = &inv[prep.pattern_of[c] as usize];
        logdet_v += ld;
        let m = rg.len();
        let yc = &prep.y[rg.clone()];
        let cols = &prep.cols[rg];
        a.clear();
        b.clear();
        for r in 0..m {
            let row = &vinv[r * m..(r + 1) * m];
            a.push(row.iter().sum::<f64>());
            b.push(row.iter().zip(yc).map(|(x, y)| x * y).sum::<f64>());
        }
        s11 += a.iter().sum::<f64>();
        s1y += b.iter().sum::<f64>();
        syy += b.iter().zip(yc).map(|(x, y)| x * y).sum::<f64>();
        if g == 0 {
            continue;
        }
        for r in 0..m {
            for &col in &cols[r] {
                if col != u32::MAX {
                    u[col as usize] += a[r];
                    w[col as usize] += b[r];
                }
            }
            for s in 0..m {
                let x = vinv[r * m + s];
                for &c1 in &cols[r] {
                    if c1 == u32::MAX {
                        continue;
                    }
                    let row = c1 as usize * g;
                    for &c2 in &cols[s] {
                        if c2 != u32::MAX {
                            mat[row + c2 as usize] += x;
                        }
                    }
                }
            }
        }
    }
    let (mut t11, mut t1y, mut tyy, mut logdet_l) = (s11, s1y, syy, 0.0);
    if g > 0 {
        let lam: Vec<f64> = prep.col_effect.iter().map(|&e| theta[e as usize]).collect();
        for r in 0..g {
            for s in 0..g {
                mat[r * g + s] *= lam[r] * lam[s];
            }
            mat[r * g + r] += 1.0;
            u[r] *= lam[r];
            w[r] *= lam[r];
        }
        logdet_l = cholesky(&mut mat, g)?;
        // Forward solves: L z = u, L z' = w; then u'L⁻ᵀL⁻¹u = z·z.
        forward(&mat, g, &mut u);
        forward(&mat, g, &mut w);
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

/// Σ a_k·b_k with four independent partial sums (so the compiler can keep several multiply-adds in
/// flight; the order of summation differs from a plain loop only in rounding).
#[inline]
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

/// In-place lower Cholesky factor of the row-major SPD `a` (n × n); returns log det(a).
fn cholesky(a: &mut [f64], n: usize) -> Option<f64> {
    let mut logdet = 0.0;
    for j in 0..n {
        let d = a[j * n + j] - dot(&a[j * n..j * n + j], &a[j * n..j * n + j]);
        if d <= 0.0 || !d.is_finite() {
            return None;
        }
        let d = d.sqrt();
        a[j * n + j] = d;
        logdet += 2.0 * d.ln();
        for i in j + 1..n {
            let s = a[i * n + j] - dot(&a[i * n..i * n + j], &a[j * n..j * n + j]);
            a[i * n + j] = s / d;
        }
    }
    Some(logdet)
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

    #[test]
    fn nelder_mead_finds_a_quadratic_minimum() {
        let mut f = |x: &[f64]| (x[0] - 1.0).powi(2) + 3.0 * (x[1] + 0.5).powi(2) + 2.0;
        let (x, fx) = nelder_mead(&mut f, &[0.0, 0.0], 0.5, 1e-14, 5000);
        assert!((x[0] - 1.0).abs() < 1e-5 && (x[1] + 0.5).abs() < 1e-5 && (fx - 2.0).abs() < 1e-10);
    }
}
