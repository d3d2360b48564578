//! Adverse-impact statistics (docs/fairness.md): selection-rate
//! comparisons of a focal group (1) against a reference group (2), standardized score gaps, Welch's
//! two-sample comparison of means and Cleary's differential-prediction regression.
//!
//! Notation for a 2×2 selection table: `sel1` of `n1` focal candidates selected, `sel2` of `n2`
//! reference candidates; SR = sel/n; SR_T = (sel1 + sel2)/N, N = n1 + n2, P = n1/N.
//!
//! References: 29 CFR 1607.4(D) (the four-fifths rule); Morris & Lobsenz (2000) Pers Psych 53:89
//! (Z_IR and the log-method interval of the impact ratio, which is Katz's risk-ratio interval);
//! Fisher (1935) and Lancaster (1961) JASA 56:223 (mid-p); Cohen (1988) and Hedges & Olkin (1985) (d
//! and its normal-theory SE); Welch (1947) Biometrika 34:28; Cleary (1968) JEM 5:115.
//!
//! Verified against statsmodels `Table2x2`/`proportions_ztest`, scipy `fisher_exact`/`hypergeom`/
//! `ttest_ind`, pingouin `compute_effsize`, R `fisher.test`/`t.test`/`effectsize::cohens_d` and
//! statsmodels OLS: tests/reference/fairness_reference.py and fairness_fisher.R.

use nalgebra::{DMatrix, DVector};
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};
use statrs::function::factorial::ln_binomial;

use super::correlation::normal_quantile;
use super::descriptive::{mean, variance};

/// The four-fifths threshold of the Uniform Guidelines.
pub const FOUR_FIFTHS: f64 = 0.8;

/// Selection statistics of a focal group against the reference group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelectionComparison {
    /// IR = SR1/SR2; `None` when SR2 = 0.
    pub impact_ratio: Option<f64>,
    /// exp(ln IR ± z·√((1−SR1)/(n1·SR1) + (1−SR2)/(n2·SR2))); `None` when either rate is 0.
    pub impact_ratio_ci: Option<(f64, f64)>,
    /// Z_D = (SR1 − SR2)/√(SR_T(1−SR_T)(1/n1 + 1/n2)); `None` when SR_T is 0 or 1.
    pub z_d: Option<f64>,
    /// Two-sided normal p of `z_d`.
    pub p_z_d: Option<f64>,
    /// Z_IR = ln(IR)/√((1−SR_T)/(SR_T·N·P·(1−P))); `None` when IR is 0 or undefined or SR_T is 0 or 1.
    pub z_ir: Option<f64>,
    /// Two-sided normal p of `z_ir`.
    pub p_z_ir: Option<f64>,
    /// Two-sided Fisher exact p.
    pub fisher_p: f64,
    /// Lancaster mid-p toward the focal group's disadvantage: P(X < sel1) + ½·P(X = sel1).
    pub mid_p: f64,
    /// SR2·n1 − sel1: selections the focal group would need to match the reference rate.
    pub shortfall: f64,
    /// IR < 0.80; `None` when IR is undefined.
    pub four_fifths_flag: Option<bool>,
    /// (sel1 + 1)/n1 ≥ (sel2 − 1)/n2: one selection moved from the reference group would close the gap.
    pub one_person_flip: bool,
}

/// Two-sided normal p-value of a z statistic.
fn normal_p(z: f64) -> Option<f64> {
    // 2·(1 − Φ(|z|)) = erfc(|z|/√2), accurate in the tails.
    z.is_finite().then(|| statrs::function::erf::erfc(z.abs() / std::f64::consts::SQRT_2).clamp(0.0, 1.0))
}

/// Hypergeometric probability P(X = x) for X the number of focal selections when `k` of `n` candidates
/// are selected and `n1` are focal: C(k, x)·C(n − k, n1 − x)/C(n, n1).
fn hypergeom_pmf(x: u64, n: u64, k: u64, n1: u64) -> f64 {
    if x > k || x > n1 || n1 - x > n - k {
        return 0.0;
    }
    (ln_binomial(k, x) + ln_binomial(n - k, n1 - x) - ln_binomial(n, n1)).exp()
}

/// The support [lo, hi] of that hypergeometric variable.
fn hypergeom_support(n: u64, k: u64, n1: u64) -> (u64, u64) {
    ((n1 + k).saturating_sub(n), k.min(n1))
}

/// Two-sided Fisher exact p of the table [[sel1, n1−sel1], [sel2, n2−sel2]]: the sum of the
/// hypergeometric probabilities no larger than the observed one (relative tolerance 1e-7, as R's
/// `fisher.test` and scipy's `fisher_exact`). Requires sel1 ≤ n1 and sel2 ≤ n2.
pub fn fisher_exact_two_sided(sel1: u64, n1: u64, sel2: u64, n2: u64) -> f64 {
    let (n, k) = (n1 + n2, sel1 + sel2);
    let p_obs = hypergeom_pmf(sel1, n, k, n1);
    let (lo, hi) = hypergeom_support(n, k, n1);
    let p: f64 = (lo..=hi).map(|x| hypergeom_pmf(x, n, k, n1)).filter(|&p| p <= p_obs * (1.0 + 1e-7)).sum();
    p.clamp(0.0, 1.0)
}

/// One-sided Lancaster mid-p in the direction of fewer focal selections:
/// P(X < sel1) + ½·P(X = sel1), X hypergeometric (N, sel1 + sel2, n1).
pub fn mid_p_lower(sel1: u64, n1: u64, sel2: u64, n2: u64) -> f64 {
    let (n, k) = (n1 + n2, sel1 + sel2);
    let (lo, _) = hypergeom_support(n, k, n1);
    let below: f64 = (lo..sel1).map(|x| hypergeom_pmf(x, n, k, n1)).sum();
    (below + 0.5 * hypergeom_pmf(sel1, n, k, n1)).clamp(0.0, 1.0)
}

/// Compares focal selections `sel1` of `n1` with reference selections `sel2` of `n2` at `confidence`.
/// `None` when a group is empty, selections exceed the group size, or the confidence is not in (0, 1).
pub fn compare_selection(
    sel1: u64,
    n1: u64,
    sel2: u64,
    n2: u64,
    confidence: f64,
) -> Option<SelectionComparison> {
    if n1 == 0 || n2 == 0 || sel1 > n1 || sel2 > n2 {
        return None;
    }
    let z = normal_quantile(0.5 + confidence / 2.0)?;
    let (s1, m1, s2, m2) = (sel1 as f64, n1 as f64, sel2 as f64, n2 as f64);
    let (sr1, sr2) = (s1 / m1, s2 / m2);
    let n = m1 + m2;
    let srt = (s1 + s2) / n;
    let p = m1 / n;
    let ir = (sr2 > 0.0).then_some(sr1 / sr2);
    let ir_ci = match ir {
        Some(ir) if sr1 > 0.0 => {
            let se = ((1.0 - sr1) / (m1 * sr1) + (1.0 - sr2) / (m2 * sr2)).sqrt();
            Some(((ir.ln() - z * se).exp(), (ir.ln() + z * se).exp()))
        }
        _ => None,
    };
    let mixed = srt > 0.0 && srt < 1.0;
    let z_d = mixed.then(|| (sr1 - sr2) / (srt * (1.0 - srt) * (1.0 / m1 + 1.0 / m2)).sqrt());
    let z_ir = match ir {
        Some(ir) if ir > 0.0 && mixed => Some(ir.ln() / ((1.0 - srt) / (srt * n * p * (1.0 - p))).sqrt()),
        _ => None,
    };
    Some(SelectionComparison {
        impact_ratio: ir,
        impact_ratio_ci: ir_ci,
        z_d,
        p_z_d: z_d.and_then(normal_p),
        z_ir,
        p_z_ir: z_ir.and_then(normal_p),
        fisher_p: fisher_exact_two_sided(sel1, n1, sel2, n2),
        mid_p: mid_p_lower(sel1, n1, sel2, n2),
        shortfall: sr2 * m1 - s1,
        four_fifths_flag: ir.map(|ir| ir < FOUR_FIFTHS),
        one_person_flip: (s1 + 1.0) / m1 >= (s2 - 1.0) / m2,
    })
}

/// A standardized mean difference of group 1 against group 2.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StandardizedGap {
    /// d = (mean1 − mean2)/s_pooled, s_pooled² = ((n1−1)s1² + (n2−1)s2²)/(n1 + n2 − 2).
    pub d: f64,
    /// d ± z·√((n1+n2)/(n1·n2) + d²/(2(n1+n2))) (normal-theory SE, Hedges & Olkin 1985).
    pub d_ci: (f64, f64),
    /// Two-sided p of the pooled-variance two-sample t test (df n1 + n2 − 2).
    pub p: f64,
}

/// Cohen's d with its normal-theory interval and the Student t-test p. `None` with fewer than 2 values
/// in a group, a non-finite value, or no spread in either group.
pub fn standardized_gap(x1: &[f64], x2: &[f64], confidence: f64) -> Option<StandardizedGap> {
    let (n1, n2) = (x1.len(), x2.len());
    if n1 < 2 || n2 < 2 || x1.iter().chain(x2).any(|v| !v.is_finite()) {
        return None;
    }
    let z = normal_quantile(0.5 + confidence / 2.0)?;
    let (m1, m2, v1, v2) = (mean(x1)?, mean(x2)?, variance(x1)?, variance(x2)?);
    let (a, b) = (n1 as f64, n2 as f64);
    let df = a + b - 2.0;
    let sp2 = ((a - 1.0) * v1 + (b - 1.0) * v2) / df;
    if sp2.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return None;
    }
    let d = (m1 - m2) / sp2.sqrt();
    let se = ((a + b) / (a * b) + d * d / (2.0 * (a + b))).sqrt();
    let t = (m1 - m2) / (sp2 * (1.0 / a + 1.0 / b)).sqrt();
    let p = 2.0 * StudentsT::new(0.0, 1.0, df).ok()?.sf(t.abs());
    (d.is_finite() && p.is_finite()).then_some(StandardizedGap {
        d,
        d_ci: (d - z * se, d + z * se),
        p: p.clamp(0.0, 1.0),
    })
}

/// Welch's two-sample comparison of means (unequal variances).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeanDifference {
    /// mean1 − mean2.
    pub diff: f64,
    /// √(s1²/n1 + s2²/n2).
    pub se: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    /// diff ± t_{df}·se.
    pub ci: (f64, f64),
    /// Two-sided p of t = diff/se on df.
    pub p: f64,
}

/// Welch's t comparison of the means of `x1` and `x2`. `None` with fewer than 2 values in a group, a
/// non-finite value, or zero variance in both groups.
pub fn welch(x1: &[f64], x2: &[f64], confidence: f64) -> Option<MeanDifference> {
    let (n1, n2) = (x1.len(), x2.len());
    if n1 < 2
        || n2 < 2
        || x1.iter().chain(x2).any(|v| !v.is_finite())
        || !(confidence > 0.0 && confidence < 1.0)
    {
        return None;
    }
    let (a, b) = (n1 as f64, n2 as f64);
    let (u1, u2) = (variance(x1)? / a, variance(x2)? / b);
    let se2 = u1 + u2;
    if se2.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return None;
    }
    let se = se2.sqrt();
    let df = se2 * se2 / (u1 * u1 / (a - 1.0) + u2 * u2 / (b - 1.0));
    let diff = mean(x1)? - mean(x2)?;
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    let tq = dist.inverse_cdf(0.5 + confidence / 2.0);
    let p = 2.0 * dist.sf((diff / se).abs());
    (p.is_finite() && tq.is_finite()).then_some(MeanDifference {
        diff,
        se,
        df,
        ci: (diff - tq * se, diff + tq * se),
        p: p.clamp(0.0, 1.0),
    })
}

/// One coefficient of a regression with its inference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coefficient {
    /// Estimate.
    pub estimate: f64,
    /// Standard error √(σ̂²·(X'X)⁻¹_jj), σ̂² = RSS/(n − 4).
    pub se: f64,
    /// estimate ± t_{n−4}·se.
    pub ci: (f64, f64),
    /// Two-sided t p-value.
    pub p: f64,
}

/// Cleary's differential-prediction model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DifferentialPrediction {
    /// The value of the predictor the intercept difference is taken at (mean of `score`).
    pub centered_at: f64,
    /// b2: difference in predicted outcome, focal minus reference, at `centered_at`.
    pub intercept_diff: Coefficient,
    /// b3: difference in slope of the outcome on the score, focal minus reference.
    pub slope_diff: Coefficient,
    /// Residual degrees of freedom n − 4.
    pub df: f64,
}

/// OLS `y = b0 + b1·Sc + b2·g + b3·Sc·g` with `Sc = score − mean(score)` and `g` = 1 for the focal group
/// (Cleary 1968). `None` with fewer than 2 rows per group, n ≤ 4, a non-finite value, or a rank-deficient
/// design (e.g. a group whose scores do not vary).
pub fn cleary(y: &[f64], score: &[f64], focal: &[bool], confidence: f64) -> Option<DifferentialPrediction> {
    let n = y.len();
    if score.len() != n || focal.len() != n || n <= 4 || !(confidence > 0.0 && confidence < 1.0) {
        return None;
    }
    let nf = focal.iter().filter(|f| **f).count();
    if nf < 2 || n - nf < 2 || y.iter().chain(score).any(|v| !v.is_finite()) {
        return None;
    }
    let centre = mean(score)?;
    let mut x = DMatrix::<f64>::zeros(n, 4);
    for i in 0..n {
        let (s, g) = (score[i] - centre, if focal[i] { 1.0 } else { 0.0 });
        x[(i, 0)] = 1.0;
        x[(i, 1)] = s;
        x[(i, 2)] = g;
        x[(i, 3)] = s * g;
    }
    let yv = DVector::from_column_slice(y);
    let xtx = x.transpose() * &x;
    let chol = xtx.clone().cholesky()?;
    let inv = chol.inverse();
    // Guard against a numerically singular design (a group without spread in its scores).
    let max_diag = (0..4).map(|j| xtx[(j, j)]).fold(0.0, f64::max);
    if (0..4).any(|j| inv[(j, j)] * max_diag > 1e12) {
        return None;
    }
    let b = &inv * (x.transpose() * &yv);
    let resid = &yv - &x * &b;
    let df = (n - 4) as f64;
    let s2 = resid.dot(&resid) / df;
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    let tq = dist.inverse_cdf(0.5 + confidence / 2.0);
    let coef = |j: usize| -> Option<Coefficient> {
        let se = (s2 * inv[(j, j)]).sqrt();
        let est = b[j];
        let p = if se > 0.0 { 2.0 * dist.sf((est / se).abs()) } else { f64::NAN };
        (est.is_finite() && se.is_finite() && p.is_finite()).then_some(Coefficient {
            estimate: est,
            se,
            ci: (est - tq * se, est + tq * se),
            p: p.clamp(0.0, 1.0),
        })
    };
    Some(DifferentialPrediction { centered_at: centre, intercept_diff: coef(2)?, slope_diff: coef(3)?, df })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, tol: f64, what: &str) {
        assert!((got - want).abs() <= tol * want.abs().max(1.0), "{what}: got {got}, expected {want}");
    }

    // Reference: tests/reference/fairness_reference.py, section "2x2" (statsmodels Table2x2,
    // proportions_ztest, scipy fisher_exact and hypergeom); fisher_p also from R's fisher.test
    // (tests/reference/fairness_fisher.R), which agrees to 1e-15.
    /// (sel1, n1, sel2, n2) and the expected IR, IR CI low/high, Z_D, p(Z_D), Fisher p, mid-p.
    type Case = ((u64, u64, u64, u64), [f64; 7]);

    #[test]
    fn two_by_two_matches_statsmodels_scipy_and_r() {
        #[rustfmt::skip]
        let cases: [Case; 3] = [
            ((6, 40, 18, 60), [0.5, 0.217409690489654, 1.14990274553515, -1.72061800402921,
                0.085320164235462, 0.0992273934022563, 0.0450610620590022]),
            ((1, 12, 5, 15), [0.25, 0.0335519663956451, 1.86278202782512, -1.5526475085203,
                0.120507369086654, 0.181902638424378, 0.0777777777777778]),
            ((30, 200, 60, 300), [0.75, 0.502701841294047, 1.11895353029148, -1.4256648712805,
                0.153965101146539, 0.191024245672419, 0.0775451012005622]),
        ];
        for ((s1, n1, s2, n2), e) in cases {
            let c = compare_selection(s1, n1, s2, n2, 0.95).unwrap();
            close(c.impact_ratio.unwrap(), e[0], 1e-12, "impact ratio");
            let (lo, hi) = c.impact_ratio_ci.unwrap();
            close(lo, e[1], 1e-9, "ir lo");
            close(hi, e[2], 1e-9, "ir hi");
            close(c.z_d.unwrap(), e[3], 1e-9, "z_d");
            close(c.p_z_d.unwrap(), e[4], 1e-9, "p_z_d");
            close(c.fisher_p, e[5], 1e-9, "fisher");
            close(c.mid_p, e[6], 1e-9, "mid-p");
            assert_eq!(c.four_fifths_flag, Some(e[0] < 0.8));
        }
    }

    #[test]
    fn rule_of_thumb_fields() {
        // 6/40 vs 18/60: shortfall 0.3·40 − 6 = 6; moving one hire: 7/40 = .175 < 17/60 = .283.
        let c = compare_selection(6, 40, 18, 60, 0.95).unwrap();
        close(c.shortfall, 6.0, 1e-12, "shortfall");
        assert!(!c.one_person_flip);
        // 4/10 vs 5/10: 5/10 ≥ 4/10, one person closes it.
        let c = compare_selection(4, 10, 5, 10, 0.95).unwrap();
        assert!(c.one_person_flip);
        assert_eq!(c.four_fifths_flag, Some(false));
        // Identical rates: IR 1, z 0, p 1.
        let c = compare_selection(5, 20, 5, 20, 0.95).unwrap();
        assert_eq!(c.impact_ratio, Some(1.0));
        close(c.z_d.unwrap(), 0.0, 1e-12, "z");
        close(c.fisher_p, 1.0, 1e-12, "fisher");
    }

    #[test]
    fn degenerate_tables_give_none_not_nan() {
        // Nobody selected anywhere: no ratio, no z; the exact tests still have p = 1 / ½.
        let c = compare_selection(0, 10, 0, 12, 0.95).unwrap();
        assert_eq!((c.impact_ratio, c.z_d, c.z_ir, c.impact_ratio_ci), (None, None, None, None));
        close(c.fisher_p, 1.0, 1e-12, "fisher");
        close(c.mid_p, 0.5, 1e-12, "mid-p");
        // Focal group never selected: IR 0, flag, no log interval or Z_IR.
        let c = compare_selection(0, 10, 4, 12, 0.95).unwrap();
        assert_eq!(c.impact_ratio, Some(0.0));
        assert_eq!(c.four_fifths_flag, Some(true));
        assert_eq!((c.impact_ratio_ci, c.z_ir), (None, None));
        assert!(c.z_d.is_some());
        // Everyone selected.
        let c = compare_selection(10, 10, 12, 12, 0.95).unwrap();
        assert_eq!(c.impact_ratio, Some(1.0));
        assert_eq!((c.z_d, c.z_ir), (None, None));
        assert!(compare_selection(1, 0, 1, 5, 0.95).is_none());
        assert!(compare_selection(6, 5, 1, 5, 0.95).is_none());
        for s in [c.fisher_p, c.mid_p] {
            assert!(s.is_finite() && (0.0..=1.0).contains(&s));
        }
    }

    // Reference: tests/reference/fairness_fisher.R (effectsize::cohens_d, t.test var.equal TRUE/FALSE).
    const X: [f64; 10] = [3.2, 2.8, 4.1, 3.6, 2.9, 3.3, 3.8, 2.5, 3.0, 3.7];
    const Y: [f64; 8] = [3.9, 4.2, 3.5, 4.4, 3.8, 4.0, 3.1, 4.6];

    #[test]
    fn cohens_d_matches_effectsize() {
        let g = standardized_gap(&X, &Y, 0.95).unwrap();
        close(g.d, -1.30685632892513, 1e-12, "d");
        close(g.p, 0.01408573033231, 1e-9, "p");
        let se = ((10.0 + 8.0) / 80.0 + g.d * g.d / 36.0f64).sqrt();
        close(g.d_ci.0, g.d - 1.959963984540054 * se, 1e-12, "lo");
        assert!(standardized_gap(&X[..1], &Y, 0.95).is_none());
        assert!(standardized_gap(&[2.0, 2.0], &[3.0, 3.0], 0.95).is_none());
    }

    #[test]
    fn welch_matches_r() {
        let w = welch(&X, &Y, 0.95).unwrap();
        close(w.diff / w.se, -2.76859293488918, 1e-10, "t");
        close(w.df, 15.4047911210435, 1e-10, "df");
        close(w.p, 0.0140691789783065, 1e-9, "p");
        close(w.ci.0, -1.14485072124721, 1e-9, "lo");
        close(w.ci.1, -0.150149278752788, 1e-9, "hi");
        assert!(welch(&[1.0], &Y, 0.95).is_none());
        assert!(welch(&[1.0, 1.0], &[2.0, 2.0], 0.95).is_none());
        assert!(welch(&[1.0, f64::NAN], &Y, 0.95).is_none());
    }

    #[test]
    fn cleary_recovers_planted_differences() {
        // y = 1 + 0.5·S + g·(0.3 + 0.2·S) exactly, plus small alternating noise: the differences come back.
        let mut y = Vec::new();
        let mut s = Vec::new();
        let mut g = Vec::new();
        for i in 0..40 {
            let sc = 1.0 + (i % 10) as f64 * 0.4;
            let f = (i & 1) == 0;
            let noise = if i % 4 < 2 { 0.01 } else { -0.01 };
            let c = sc - 2.8; // mean of the scores
            y.push(1.0 + 0.5 * c + if f { 0.3 + 0.2 * c } else { 0.0 } + noise);
            s.push(sc);
            g.push(f);
        }
        let r = cleary(&y, &s, &g, 0.95).unwrap();
        close(r.centered_at, 2.8, 1e-12, "centre");
        close(r.intercept_diff.estimate, 0.3, 0.02, "b2");
        close(r.slope_diff.estimate, 0.2, 0.02, "b3");
        assert!((r.slope_diff.ci.0 < 0.2 && 0.2 < r.slope_diff.ci.1) || r.slope_diff.se < 0.01);
        // A focal group with one row, or no spread, is not estimable.
        let mut one = vec![false; 40];
        one[0] = true;
        assert!(cleary(&y, &s, &one, 0.95).is_none());
        let flat: Vec<f64> = (0..40).map(|i| if (i & 1) == 0 { 3.0 } else { s[i] }).collect();
        assert!(cleary(&y, &flat, &g, 0.95).is_none());
    }
}
