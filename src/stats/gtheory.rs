//! Generalizability theory (Brennan 2001): variance components of a candidate × question × interviewer
//! design, the D-study that predicts reliability for other numbers of questions and interviewers, and the
//! reliability of a panel as it was actually staffed (Putka, Le, McCloy & Diaz 2008).
//!
//! Two designs (Brennan's notation in brackets; p = candidate, q = question, r = interviewer):
//!
//! * [`GDesign::Crossed`] (p × q × r, Brennan's p × i × o): every interviewer of a candidate can rate
//!   every question. Components σ²p, σ²q, σ²r, σ²pq, σ²pr, σ²qr, σ²pqr,e.
//! * [`GDesign::Nested`] (p × (r:q), Brennan's p × (r:t)): each question is rated by its own
//!   interviewers. Components σ²p, σ²q, σ²r:q, σ²pq, σ²pr:q,e.
//!
//! For balanced data the components come from the ANOVA mean squares by the expected-mean-square
//! equations ([`anova_crossed`], [`anova_nested`]); for unbalanced data see `stats::reml`.
//!
//! D-study with n_q questions and n_r interviewers (per question when nested), Brennan (2001) ch. 4:
//!
//! * crossed: δ = σ²pq/n_q + σ²pr/n_r + σ²pqr,e/(n_q·n_r); Δ = δ + σ²q/n_q + σ²r/n_r + σ²qr/(n_q·n_r)
//! * nested:  δ = σ²pq/n_q + σ²pr:q,e/(n_q·n_r);            Δ = δ + σ²q/n_q + σ²r:q/(n_q·n_r)
//! * G (relative, Eρ²) = σ²p / (σ²p + δ); Phi (absolute) = σ²p / (σ²p + Δ).
//!
//! All functions are pure and never return NaN: an undefined coefficient is `None`.

use std::collections::BTreeMap;

/// The G-study design.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GDesign {
    /// Candidates × questions × interviewers, all crossed (p × q × r).
    Crossed,
    /// Interviewers nested in questions, crossed with candidates (p × (r:q)).
    Nested,
}

/// Variance components of a G study, in score points squared.
///
/// For [`GDesign::Nested`], `interviewer` holds σ²r:q, `residual` holds σ²pr:q,e, and
/// `candidate_x_interviewer` and `question_x_interviewer` are 0 (they are not part of that design).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Components {
    /// σ²p: candidates' universe-score variance (the signal).
    pub candidate: f64,
    /// σ²q: questions differing in difficulty.
    pub question: f64,
    /// σ²r (σ²r:q when nested): interviewers differing in leniency.
    pub interviewer: f64,
    /// σ²pq: candidates ranking differently on different questions.
    pub candidate_x_question: f64,
    /// σ²pr: interviewers disagreeing about the same candidate.
    pub candidate_x_interviewer: f64,
    /// σ²qr: interviewers differing in leniency question by question.
    pub question_x_interviewer: f64,
    /// σ²pqr,e (σ²pr:q,e when nested): everything else.
    pub residual: f64,
}

impl Components {
    /// The components as `(name, value)` pairs in the order and with the JSON names of the design.
    pub fn named(&self, design: GDesign) -> Vec<(&'static str, f64)> {
        match design {
            GDesign::Crossed => vec![
                ("candidate", self.candidate),
                ("question", self.question),
                ("interviewer", self.interviewer),
                ("candidate_x_question", self.candidate_x_question),
                ("candidate_x_interviewer", self.candidate_x_interviewer),
                ("question_x_interviewer", self.question_x_interviewer),
                ("residual", self.residual),
            ],
            GDesign::Nested => vec![
                ("candidate", self.candidate),
                ("question", self.question),
                ("interviewer_within_question", self.interviewer),
                ("candidate_x_question", self.candidate_x_question),
                ("residual", self.residual),
            ],
        }
    }

    /// Sum of the components of the design.
    pub fn total(&self, design: GDesign) -> f64 {
        self.named(design).iter().map(|x| x.1).sum()
    }
}

/// A balanced G study estimated by ANOVA: mean squares, degrees of freedom and the components as the
/// expected-mean-square equations give them (possibly negative).
#[derive(Debug, Clone, PartialEq)]
pub struct AnovaStudy {
    /// The design.
    pub design: GDesign,
    /// `(effect, df, mean square)` in Brennan's order (p, q, r, pq, pr, qr, pqr for crossed; p, q, r:q,
    /// pq, pr:q for nested).
    pub mean_squares: Vec<(&'static str, f64, f64)>,
    /// The components, negative estimates kept (see [`clamp_negative`]).
    pub raw: Components,
}

/// Sets negative components to 0 and names the ones that were (Brennan 2001, sect. 3.4: the common
/// practice of replacing a negative estimate by zero without changing the others).
pub fn clamp_negative(c: &Components, design: GDesign) -> (Components, Vec<&'static str>) {
    let mut out = *c;
    let mut zeroed = Vec::new();
    let fields: [(&mut f64, &'static str); 7] = [
        (&mut out.candidate, "candidate"),
        (&mut out.question, "question"),
        (
            &mut out.interviewer,
            if design == GDesign::Nested { "interviewer_within_question" } else { "interviewer" },
        ),
        (&mut out.candidate_x_question, "candidate_x_question"),
        (&mut out.candidate_x_interviewer, "candidate_x_interviewer"),
        (&mut out.question_x_interviewer, "question_x_interviewer"),
        (&mut out.residual, "residual"),
    ];
    for (v, name) in fields {
        if *v < 0.0 {
            *v = 0.0;
            zeroed.push(name);
        }
    }
    (out, zeroed)
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Balanced p × q × r ANOVA (Brennan 2001, sect. 3.2). `y[(p·n_q + q)·n_r + r]` is candidate p's score
/// on question q from interviewer r. `None` unless every dimension is ≥ 2 and `y` has n_p·n_q·n_r
/// finite values.
///
/// Mean squares MS_α = SS_α / df_α from the usual sums of squares of marginal means; then
/// σ²pqr,e = MS_pqr, σ²pq = (MS_pq − MS_pqr)/n_r, σ²pr = (MS_pr − MS_pqr)/n_q,
/// σ²qr = (MS_qr − MS_pqr)/n_p, σ²p = (MS_p − MS_pq − MS_pr + MS_pqr)/(n_q·n_r),
/// σ²q = (MS_q − MS_pq − MS_qr + MS_pqr)/(n_p·n_r), σ²r = (MS_r − MS_pr − MS_qr + MS_pqr)/(n_p·n_q).
/// Cost O(n_p·n_q·n_r).
pub fn anova_crossed(y: &[f64], np: usize, nq: usize, nr: usize) -> Option<AnovaStudy> {
    if np < 2 || nq < 2 || nr < 2 || y.len() != np * nq * nr || y.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let at = |p: usize, q: usize, r: usize| y[(p * nq + q) * nr + r];
    let g = mean(y);
    let (mut mp, mut mq, mut mr) = (vec![0.0; np], vec![0.0; nq], vec![0.0; nr]);
    let (mut mpq, mut mpr, mut mqr) = (vec![0.0; np * nq], vec![0.0; np * nr], vec![0.0; nq * nr]);
    for p in 0..np {
        for q in 0..nq {
            for r in 0..nr {
                let v = at(p, q, r);
                mp[p] += v;
                mq[q] += v;
                mr[r] += v;
                mpq[p * nq + q] += v;
                mpr[p * nr + r] += v;
                mqr[q * nr + r] += v;
            }
        }
    }
    let (fp, fq, fr) = (np as f64, nq as f64, nr as f64);
    mp.iter_mut().for_each(|v| *v /= fq * fr);
    mq.iter_mut().for_each(|v| *v /= fp * fr);
    mr.iter_mut().for_each(|v| *v /= fp * fq);
    mpq.iter_mut().for_each(|v| *v /= fr);
    mpr.iter_mut().for_each(|v| *v /= fq);
    mqr.iter_mut().for_each(|v| *v /= fp);
    let ss1 = |m: &[f64], k: f64| k * m.iter().map(|v| (v - g) * (v - g)).sum::<f64>();
    let ssp = ss1(&mp, fq * fr);
    let ssq = ss1(&mq, fp * fr);
    let ssr = ss1(&mr, fp * fq);
    let (mut sspq, mut sspr, mut ssqr, mut sse) = (0.0, 0.0, 0.0, 0.0);
    for p in 0..np {
        for q in 0..nq {
            let d = mpq[p * nq + q] - mp[p] - mq[q] + g;
            sspq += fr * d * d;
        }
        for r in 0..nr {
            let d = mpr[p * nr + r] - mp[p] - mr[r] + g;
            sspr += fq * d * d;
        }
    }
    for q in 0..nq {
        for r in 0..nr {
            let d = mqr[q * nr + r] - mq[q] - mr[r] + g;
            ssqr += fp * d * d;
        }
    }
    for p in 0..np {
        for q in 0..nq {
            for r in 0..nr {
                let d =
                    at(p, q, r) - mpq[p * nq + q] - mpr[p * nr + r] - mqr[q * nr + r] + mp[p] + mq[q] + mr[r]
                        - g;
                sse += d * d;
            }
        }
    }
    let (dp, dq, dr) = (fp - 1.0, fq - 1.0, fr - 1.0);
    let ms = [
        ("p", dp, ssp / dp),
        ("q", dq, ssq / dq),
        ("r", dr, ssr / dr),
        ("pq", dp * dq, sspq / (dp * dq)),
        ("pr", dp * dr, sspr / (dp * dr)),
        ("qr", dq * dr, ssqr / (dq * dr)),
        ("pqr", dp * dq * dr, sse / (dp * dq * dr)),
    ];
    let [msp, msq, msr, mspq, mspr, msqr, mse] = ms.map(|m| m.2);
    let raw = Components {
        candidate: (msp - mspq - mspr + mse) / (fq * fr),
        question: (msq - mspq - msqr + mse) / (fp * fr),
        interviewer: (msr - mspr - msqr + mse) / (fp * fq),
        candidate_x_question: (mspq - mse) / fr,
        candidate_x_interviewer: (mspr - mse) / fq,
        question_x_interviewer: (msqr - mse) / fp,
        residual: mse,
    };
    Some(AnovaStudy { design: GDesign::Crossed, mean_squares: ms.to_vec(), raw })
}

/// Balanced p × (r:q) ANOVA (Brennan 2001, sect. 3.2). `y[(p·n_q + q)·n_r + r]` is candidate p's score
/// on question q from the r-th of that question's own n_r interviewers. `None` unless every dimension is
/// ≥ 2 and `y` has n_p·n_q·n_r finite values.
///
/// σ²pr:q,e = MS_pr:q, σ²pq = (MS_pq − MS_pr:q)/n_r, σ²r:q = (MS_r:q − MS_pr:q)/n_p,
/// σ²q = (MS_q − MS_pq − MS_r:q + MS_pr:q)/(n_p·n_r), σ²p = (MS_p − MS_pq)/(n_q·n_r).
pub fn anova_nested(y: &[f64], np: usize, nq: usize, nr: usize) -> Option<AnovaStudy> {
    if np < 2 || nq < 2 || nr < 2 || y.len() != np * nq * nr || y.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let at = |p: usize, q: usize, r: usize| y[(p * nq + q) * nr + r];
    let g = mean(y);
    let (fp, fq, fr) = (np as f64, nq as f64, nr as f64);
    let (mut mp, mut mq) = (vec![0.0; np], vec![0.0; nq]);
    let (mut mpq, mut mqr) = (vec![0.0; np * nq], vec![0.0; nq * nr]);
    for p in 0..np {
        for q in 0..nq {
            for r in 0..nr {
                let v = at(p, q, r);
                mp[p] += v / (fq * fr);
                mq[q] += v / (fp * fr);
                mpq[p * nq + q] += v / fr;
                mqr[q * nr + r] += v / fp;
            }
        }
    }
    let ssp = fq * fr * mp.iter().map(|v| (v - g) * (v - g)).sum::<f64>();
    let ssq = fp * fr * mq.iter().map(|v| (v - g) * (v - g)).sum::<f64>();
    let mut ssrq = 0.0;
    for q in 0..nq {
        for r in 0..nr {
            let d = mqr[q * nr + r] - mq[q];
            ssrq += fp * d * d;
        }
    }
    let (mut sspq, mut sse) = (0.0, 0.0);
    for p in 0..np {
        for q in 0..nq {
            let d = mpq[p * nq + q] - mp[p] - mq[q] + g;
            sspq += fr * d * d;
            for r in 0..nr {
                let e = at(p, q, r) - mpq[p * nq + q] - mqr[q * nr + r] + mq[q];
                sse += e * e;
            }
        }
    }
    let (dp, dq) = (fp - 1.0, fq - 1.0);
    let drq = fq * (fr - 1.0);
    let ms = [
        ("p", dp, ssp / dp),
        ("q", dq, ssq / dq),
        ("r:q", drq, ssrq / drq),
        ("pq", dp * dq, sspq / (dp * dq)),
        ("pr:q", dp * drq, sse / (dp * drq)),
    ];
    let [msp, msq, msrq, mspq, mse] = ms.map(|m| m.2);
    let raw = Components {
        candidate: (msp - mspq) / (fq * fr),
        question: (msq - mspq - msrq + mse) / (fp * fr),
        interviewer: (msrq - mse) / fp,
        candidate_x_question: (mspq - mse) / fr,
        candidate_x_interviewer: 0.0,
        question_x_interviewer: 0.0,
        residual: mse,
    };
    Some(AnovaStudy { design: GDesign::Nested, mean_squares: ms.to_vec(), raw })
}

/// Relative (δ) and absolute (Δ) error variance of the mean over `nq` questions and `nr` interviewers
/// (per question when nested); see the module doc. `nq`, `nr` ≥ 1.
pub fn error_variances(c: &Components, design: GDesign, nq: f64, nr: f64) -> (f64, f64) {
    match design {
        GDesign::Crossed => {
            let rel = c.candidate_x_question / nq + c.candidate_x_interviewer / nr + c.residual / (nq * nr);
            let abs = rel + c.question / nq + c.interviewer / nr + c.question_x_interviewer / (nq * nr);
            (rel, abs)
        }
        GDesign::Nested => {
            let rel = c.candidate_x_question / nq + c.residual / (nq * nr);
            (rel, rel + c.question / nq + c.interviewer / (nq * nr))
        }
    }
}

/// G (Eρ²) and Phi for `nq` questions and `nr` interviewers: σ²p/(σ²p + δ) and σ²p/(σ²p + Δ); each
/// `None` when its denominator is 0.
pub fn coefficients(c: &Components, design: GDesign, nq: f64, nr: f64) -> (Option<f64>, Option<f64>) {
    let (rel, abs) = error_variances(c, design, nq, nr);
    let f = |den: f64| (den > 0.0 && den.is_finite()).then(|| c.candidate / den);
    (f(c.candidate + rel), f(c.candidate + abs))
}

/// One cell of the D-study grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DCell {
    /// Questions.
    pub questions: usize,
    /// Interviewers (per question when nested).
    pub interviewers: usize,
    /// G (relative).
    pub g: Option<f64>,
    /// Phi (absolute).
    pub phi: Option<f64>,
}

/// The D-study grid: every `1..=max_q` questions × `1..=max_r` interviewers, questions varying fastest
/// within each interviewer count.
pub fn d_study(c: &Components, design: GDesign, max_q: usize, max_r: usize) -> Vec<DCell> {
    let mut out = Vec::with_capacity(max_q * max_r);
    for r in 1..=max_r {
        for q in 1..=max_q {
            let (g, phi) = coefficients(c, design, q as f64, r as f64);
            out.push(DCell { questions: q, interviewers: r, g, phi });
        }
    }
    out
}

/// For each interviewer count in the grid, the fewest questions whose G reaches `target` (the smallest
/// designs on the grid's frontier); interviewer counts that cannot reach it within the grid are left
/// out. Sorted by interviewers.
pub fn smallest_reaching(grid: &[DCell], target: f64) -> Vec<DCell> {
    let mut best: Vec<DCell> = Vec::new();
    for cell in grid {
        if cell.g.is_some_and(|g| g >= target) {
            match best.iter_mut().find(|b| b.interviewers == cell.interviewers) {
                Some(b) if b.questions <= cell.questions => {}
                Some(b) => *b = *cell,
                None => best.push(*cell),
            }
        }
    }
    best.sort_by_key(|c| c.interviewers);
    best
}

/// The relative error variance of candidates' panel scores as the panel was actually staffed, and the
/// resulting G: Putka, Le, McCloy & Diaz's (2008) G(q,k), generalised from one rater facet to the
/// question and interviewer facets.
///
/// A candidate's panel score is Σ_j w_j·x_j over its ratings, with w_j = 1/(m_c·n_{c,q_j}) (the mean over
/// its m_c questions of its per-question means). Effects private to a candidate (pq, pr, residual) add
/// their variance times Σ (weight per level)² for that candidate; effects shared between candidates
/// (q, r, qr; q and r:q when nested) cancel between two candidates to the extent they share the levels.
/// The error variance is half the expected squared difference of two candidates' errors, averaged over
/// pairs: for a shared facet f with per-candidate level weights W_c(l),
/// σ²_f · [N·Σ_c Σ_l W_c(l)² − Σ_l (Σ_c W_c(l))²] / (N(N − 1)).
/// With one facet (raters) and equal weights this is exactly Putka et al.'s q·σ²R + σ²TR,e/k̂
/// (q = 1/k̂ − Σ_{c≠c'} k_cc'/(k_c·k_c')/(N(N−1)), k̂ the harmonic mean of raters per candidate).
///
/// `start` is a CSR index over candidates (candidate c's ratings are `start[c]..start[c+1]`), `question`
/// and `interviewer` the ratings' codes. Candidates without ratings are skipped. Returns
/// `(g_qk, relative_error_variance)`, `None` with fewer than 2 rated candidates. Cost O(ratings · log).
pub fn g_as_staffed(
    c: &Components,
    design: GDesign,
    start: &[usize],
    question: &[u32],
    interviewer: &[u32],
) -> Option<(f64, f64)> {
    // Shared facets: (variance, level key of a rating).
    let shared: Vec<(f64, Level)> = match design {
        GDesign::Crossed => vec![
            (c.question, Level::Question),
            (c.interviewer, Level::Interviewer),
            (c.question_x_interviewer, Level::Pair),
        ],
        GDesign::Nested => vec![(c.question, Level::Question), (c.interviewer, Level::Pair)],
    };
    let nq = question.iter().map(|&q| q as usize + 1).max().unwrap_or(0);
    let ni = interviewer.iter().map(|&i| i as usize + 1).max().unwrap_or(0);
    let mut totals: Vec<Totals> =
        shared.iter().map(|(_, level)| Totals::new(level.levels(nq, ni), ni)).collect();
    let mut own_sq = vec![0.0; shared.len()];
    let (mut local, mut n) = (0.0, 0usize);
    let mut rows: Vec<(u32, u32)> = Vec::new();
    let mut w: Vec<f64> = Vec::new();
    let mut keyed: Vec<(u64, f64)> = Vec::new();
    for cand in 0..start.len().saturating_sub(1) {
        let rg = start[cand]..start[cand + 1];
        if rg.is_empty() {
            continue;
        }
        n += 1;
        rows.clear();
        rows.extend(rg.map(|j| (question[j], interviewer[j])));
        rows.sort_unstable();
        // Per-question counts → weights.
        let m = {
            let mut k = 0;
            let mut prev = None;
            for r in &rows {
                if prev != Some(r.0) {
                    k += 1;
                    prev = Some(r.0);
                }
            }
            k as f64
        };
        w.clear();
        let mut k = 0;
        while k < rows.len() {
            let mut e = k;
            while e < rows.len() && rows[e].0 == rows[k].0 {
                e += 1;
            }
            let wt = 1.0 / (m * (e - k) as f64);
            w.extend(std::iter::repeat_n(wt, e - k));
            k = e;
        }
        // Private effects: pq has Σ_q (1/m)² = 1/m; pr by interviewer; residual Σ w².
        let sum_w2: f64 = w.iter().map(|x| x * x).sum();
        local += match design {
            GDesign::Crossed => {
                keyed.clear();
                keyed.extend(rows.iter().zip(&w).map(|(r, &x)| (r.1 as u64, x)));
                c.candidate_x_question / m
                    + c.candidate_x_interviewer * grouped_sq(&mut keyed)
                    + c.residual * sum_w2
            }
            GDesign::Nested => c.candidate_x_question / m + c.residual * sum_w2,
        };
        for (f, (_, level)) in shared.iter().enumerate() {
            keyed.clear();
            keyed.extend(rows.iter().zip(&w).map(|(r, &x)| (level.key(r.0, r.1), x)));
            keyed.sort_unstable_by_key(|x| x.0);
            let mut k = 0;
            while k < keyed.len() {
                let mut s = 0.0;
                let l = keyed[k].0;
                while k < keyed.len() && keyed[k].0 == l {
                    s += keyed[k].1;
                    k += 1;
                }
                own_sq[f] += s * s;
                totals[f].add(l, s);
            }
        }
    }
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    let mut rel = local / nf;
    for (f, (var, _)) in shared.iter().enumerate() {
        let cross = totals[f].sum_sq();
        rel += var * (nf * own_sq[f] - cross) / (nf * (nf - 1.0));
    }
    let den = c.candidate + rel;
    (den > 0.0 && den.is_finite()).then(|| (c.candidate / den, rel))
}

/// A shared facet of [`g_as_staffed`]: what identifies a rating's level.
#[derive(Clone, Copy)]
enum Level {
    /// The question.
    Question,
    /// The interviewer.
    Interviewer,
    /// The (question, interviewer) pair.
    Pair,
}

impl Level {
    /// The level's key; keys sort as (question, interviewer).
    #[inline]
    fn key(self, q: u32, i: u32) -> u64 {
        match self {
            Level::Question => q as u64,
            Level::Interviewer => i as u64,
            Level::Pair => ((q as u64) << 32) | i as u64,
        }
    }

    /// Number of possible levels with `nq` question and `ni` interviewer codes (saturating).
    fn levels(self, nq: usize, ni: usize) -> usize {
        match self {
            Level::Question => nq,
            Level::Interviewer => ni,
            Level::Pair => nq.saturating_mul(ni),
        }
    }
}

/// Largest dense table of level totals (entries); beyond it an ordered map.
const MAX_DENSE_LEVELS: usize = 1 << 22;

/// Per level, Σ over candidates of the candidate's weight on it. Summed in key order, so G(q,k) has the
/// same bits on every run: a dense table indexed in key order when the levels are few (question ×
/// interviewer pairs of ordinary data), else an ordered map.
enum Totals {
    Dense { sums: Vec<f64>, ni: usize },
    Sparse(BTreeMap<u64, f64>),
}

impl Totals {
    fn new(levels: usize, ni: usize) -> Totals {
        if levels <= MAX_DENSE_LEVELS {
            Totals::Dense { sums: vec![0.0; levels], ni }
        } else {
            Totals::Sparse(BTreeMap::new())
        }
    }

    /// Adds `s` to level `key` (a [`Level::key`]).
    #[inline]
    fn add(&mut self, key: u64, s: f64) {
        match self {
            // Keys of pairs are (q << 32) | i, of the other levels the code itself: q·ni + i orders as
            // the keys do.
            Totals::Dense { sums, ni } => sums[(key >> 32) as usize * *ni + (key as u32) as usize] += s,
            Totals::Sparse(m) => *m.entry(key).or_insert(0.0) += s,
        }
    }

    /// Σ over levels of (total)², in key order (levels never seen add 0).
    fn sum_sq(&self) -> f64 {
        match self {
            Totals::Dense { sums, .. } => sums.iter().map(|s| s * s).sum(),
            Totals::Sparse(m) => m.values().map(|s| s * s).sum(),
        }
    }
}

/// Σ over distinct keys of (Σ weights with that key)²; sorts `v`.
fn grouped_sq(v: &mut [(u64, f64)]) -> f64 {
    v.sort_unstable_by_key(|x| x.0);
    let (mut out, mut k) = (0.0, 0);
    while k < v.len() {
        let mut s = 0.0;
        let l = v[k].0;
        while k < v.len() && v[k].0 == l {
            s += v[k].1;
            k += 1;
        }
        out += s * s;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d_study_frontier_is_monotone() {
        let c = Components {
            candidate: 0.5,
            candidate_x_question: 0.3,
            candidate_x_interviewer: 0.2,
            residual: 0.8,
            ..Components::default()
        };
        let grid = d_study(&c, GDesign::Crossed, 12, 6);
        assert_eq!(grid.len(), 72);
        let best = smallest_reaching(&grid, 0.8);
        assert!(!best.is_empty());
        for w in best.windows(2) {
            assert!(w[1].questions <= w[0].questions, "{best:?}");
        }
        for b in &best {
            assert!(b.g.unwrap() >= 0.8);
            if b.questions > 1 {
                let (g, _) =
                    coefficients(&c, GDesign::Crossed, (b.questions - 1) as f64, b.interviewers as f64);
                assert!(g.unwrap() < 0.8);
            }
        }
    }

    #[test]
    fn staffed_g_reduces_to_icc_when_fully_nested_single_facet() {
        // One question, each candidate rated by k own interviewers: G(q,k) = σ²p/(σ²p + (σ²r + σ²e)/k).
        let c = Components { candidate: 1.0, interviewer: 0.5, residual: 1.5, ..Components::default() };
        let (k, n) = (3usize, 40usize);
        let start: Vec<usize> = (0..=n).map(|c| c * k).collect();
        let question = vec![0u32; n * k];
        let interviewer: Vec<u32> = (0..(n * k) as u32).collect();
        let (g, _) = g_as_staffed(&c, GDesign::Crossed, &start, &question, &interviewer).unwrap();
        assert!((g - 1.0 / (1.0 + 2.0 / 3.0)).abs() < 1e-12, "{g}");
        // Fully crossed: the interviewer main effect cancels, G = σ²p/(σ²p + σ²e/k).
        let interviewer: Vec<u32> = (0..n * k).map(|j| (j % k) as u32).collect();
        let (g, _) = g_as_staffed(&c, GDesign::Crossed, &start, &question, &interviewer).unwrap();
        assert!((g - 1.0 / (1.0 + 0.5)).abs() < 1e-12, "{g}");
    }
}
