//! Intraclass correlations, Spearman–Brown prophecy and Cronbach's alpha.
//!
//! * [`shrout_fleiss`]: the six Shrout & Fleiss (1979) ICCs of a fully crossed, complete
//!   targets × raters matrix with the F-based confidence intervals of McGraw & Wong (1996), computed
//!   exactly as `pingouin.intraclass_corr` (0.7) does (pingouin rounds its CIs to two decimals; these
//!   are unrounded).
//! * [`icc1_unbalanced`]: one-way random-effects ICC(1) with unequal group (panel) sizes.
//! * [`spearman_brown`], [`spearman_brown_k`]: reliability of a k-rater mean and the k needed for a
//!   target reliability.
//! * [`cronbach_alpha`]: internal consistency of items (Cronbach 1951), as `pingouin.cronbach_alpha`.
//!
//! All functions are pure, never return NaN, and return `None` where a statistic is undefined.
//! Reference numbers: `tests/reference/stats_reliability.py`.

use statrs::distribution::{ContinuousCDF, FisherSnedecor};

/// One intraclass correlation with its (two-sided, F-based) confidence interval.
///
/// Invariant: `value` is finite; `ci`, when present, has finite ends with `lo <= hi`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Icc {
    /// Point estimate.
    pub value: f64,
    /// Confidence interval `(lo, hi)`; `None` when an F quantile or a bound is undefined
    /// (e.g. a zero error mean square).
    pub ci: Option<(f64, f64)>,
}

/// The six Shrout & Fleiss (1979) ICCs (McGraw & Wong 1996 names in brackets).
///
/// Each is `None` when its denominator is zero (e.g. a constant matrix); `icc2` and `icc2k` also when
/// MSB + (MSJ − MSE)/n < 0 (targets differ less than the residual noise), where they would fall
/// outside their ranges.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IccSet {
    /// ICC(1,1): one-way random, single rater.
    pub icc1: Option<Icc>,
    /// ICC(2,1) [ICC(A,1)]: two-way random, absolute agreement, single rater.
    pub icc2: Option<Icc>,
    /// ICC(3,1) [ICC(C,1)]: two-way mixed, consistency, single rater.
    pub icc3: Option<Icc>,
    /// ICC(1,k): one-way random, mean of k raters.
    pub icc1k: Option<Icc>,
    /// ICC(2,k) [ICC(A,k)]: two-way random, absolute agreement, mean of k raters.
    pub icc2k: Option<Icc>,
    /// ICC(3,k) [ICC(C,k)]: two-way mixed, consistency, mean of k raters.
    pub icc3k: Option<Icc>,
}

/// `num / den` when finite and `den != 0`.
fn ratio(num: f64, den: f64) -> Option<f64> {
    if den == 0.0 {
        return None;
    }
    let r = num / den;
    r.is_finite().then_some(r)
}

/// Upper-tail-style quantile helper: the `p` quantile of F(d1, d2); `None` if undefined.
fn f_quantile(p: f64, d1: f64, d2: f64) -> Option<f64> {
    if !(d1.is_finite() && d2.is_finite() && d1 > 0.0 && d2 > 0.0 && p > 0.0 && p < 1.0) {
        return None;
    }
    let dist = FisherSnedecor::new(d1, d2).ok()?;
    let q = dist.inverse_cdf(p);
    (q.is_finite() && q > 0.0).then_some(q)
}

/// A CI `(lo, hi)` if both ends are finite (ordered so that `lo <= hi`).
fn ci(lo: f64, hi: f64) -> Option<(f64, f64)> {
    (lo.is_finite() && hi.is_finite()).then(|| (lo.min(hi), lo.max(hi)))
}

/// Shrout & Fleiss (1979) ICCs of a fully crossed, complete `n_targets × k_raters` matrix.
///
/// `matrix` is row-major: row `i` = target (candidate) `i`, column `j` = rater `j`.
///
/// Two-way ANOVA without replication, with grand mean `m`, row means `r_i`, column means `c_j`:
/// `MSB = k Σ(r_i − m)²/(n−1)` (targets), `MSJ = n Σ(c_j − m)²/(k−1)` (raters),
/// `MSE = Σ(x_ij − r_i − c_j + m)²/((n−1)(k−1))`, `MSW = (SSJ + SSE)/(n(k−1))` (within targets).
///
/// * ICC1 = (MSB − MSW)/(MSB + (k−1)MSW), ICC1k = (MSB − MSW)/MSB
/// * ICC2 = (MSB − MSE)/(MSB + (k−1)MSE + k(MSJ − MSE)/n), ICC2k = (MSB − MSE)/(MSB + (MSJ − MSE)/n)
/// * ICC3 = (MSB − MSE)/(MSB + (k−1)MSE), ICC3k = (MSB − MSE)/MSB
///
/// Confidence intervals at `level` (e.g. 0.95), α = 1 − level, McGraw & Wong (1996) Table 7, in the
/// form used by `pingouin.intraclass_corr`: with `F1 = MSB/MSW` (df `n−1`, `n(k−1)`) and
/// `F3 = MSB/MSE` (df `n−1`, `(n−1)(k−1)`), `FL = F/F_{1−α/2}(df1, df2)`, `FU = F·F_{1−α/2}(df2, df1)`,
/// single-rater bounds `(FL−1)/(FL+k−1)`, `(FU−1)/(FU+k−1)` and k-rater bounds `1 − 1/FL`, `1 − 1/FU`.
/// ICC2 uses the Satterthwaite df `v` of McGraw & Wong and `F_{1−α/2}(n−1, v)`, `F_{1−α/2}(v, n−1)`;
/// ICC2k bounds are the Spearman–Brown step-up of the ICC2 bounds.
///
/// Returns `None` if `n_targets < 2`, `k_raters < 2`, `matrix.len() != n_targets·k_raters`, any value
/// is non-finite, or `level ∉ (0, 1)`. Single ICCs lie in `[−1/(k−1), 1]`, k-rater ICCs in `(−∞, 1]`.
pub fn shrout_fleiss(matrix: &[f64], n_targets: usize, k_raters: usize, level: f64) -> Option<IccSet> {
    let (n, k) = (n_targets, k_raters);
    if n < 2
        || k < 2
        || n.checked_mul(k)? != matrix.len()
        || !(level > 0.0 && level < 1.0)
        || matrix.iter().any(|x| !x.is_finite())
    {
        return None;
    }
    let ms = MeanSquares::of(matrix, n, k);
    let MeanSquares { nf, kf, df1, df1kd, df2kd, msb, msj, mse, msw } = ms;

    // Single ICCs are clamped at −1/(k−1): rounding put ICC1 at −0.33333333333333337 for k = 4 (MSB = 0).
    let floor = -1.0 / (kf - 1.0);
    let icc1 = ratio(msb - msw, msb + (kf - 1.0) * msw).map(|v| v.max(floor));
    // ICC2k's denominator MSB + (MSJ − MSE)/n is negative when the targets differ less than the
    // residual noise. ICC2k then came out above 1 (5.33 for [[2, 1], [0, 1.5]]) and ICC2 below
    // −1/(k−1) (−1.6), outside their documented ranges; ICC2k is the Spearman–Brown step-up of ICC2
    // and both are undefined there.
    let d2k = msb + (msj - mse) / nf;
    let icc2 =
        if d2k >= 0.0 { ratio(msb - mse, msb + (kf - 1.0) * mse + kf * (msj - mse) / nf) } else { None };
    let icc2 = icc2.map(|v| v.max(floor));
    let icc3 = ratio(msb - mse, msb + (kf - 1.0) * mse).map(|v| v.max(floor));
    let icc1k = ratio(msb - msw, msb);
    let icc2k = if d2k > 0.0 { ratio(msb - mse, d2k) } else { None };
    let icc3k = ratio(msb - mse, msb);

    let p = 1.0 - (1.0 - level) / 2.0;
    // Cases 1 and 3: (FL, FU).
    let bounds = |f: Option<f64>, df_den: f64| -> Option<(f64, f64)> {
        let f = f?;
        let fl = f / f_quantile(p, df1, df_den)?;
        let fu = f * f_quantile(p, df_den, df1)?;
        Some((fl, fu))
    };
    let single = |b: Option<(f64, f64)>| {
        b.and_then(|(fl, fu)| ci((fl - 1.0) / (fl + kf - 1.0), (fu - 1.0) / (fu + kf - 1.0)))
    };
    let average = |b: Option<(f64, f64)>| b.and_then(|(fl, fu)| ci(1.0 - 1.0 / fl, 1.0 - 1.0 / fu));
    let b1 = bounds(ratio(msb, msw), df1kd);
    let b3 = bounds(ratio(msb, mse), df2kd);

    let ci2 = icc2.and_then(|r| ms.case2_ci(r, p));
    let ci2k = ci2.and_then(|(l, u)| ci(l * kf / (1.0 + l * (kf - 1.0)), u * kf / (1.0 + u * (kf - 1.0))));

    let mk = |value: Option<f64>, ci: Option<(f64, f64)>| value.map(|value| Icc { value, ci });
    Some(IccSet {
        icc1: mk(icc1, single(b1)),
        icc2: mk(icc2, ci2),
        icc3: mk(icc3, single(b3)),
        icc1k: mk(icc1k, average(b1)),
        icc2k: mk(icc2k, ci2k),
        icc3k: mk(icc3k, average(b3)),
    })
}

/// The two-way ANOVA (without replication) of a complete `n × k` matrix: mean squares of targets
/// (MSB), raters (MSJ), residual (MSE) and within targets (MSW), with their degrees of freedom.
#[derive(Debug, Clone, Copy)]
struct MeanSquares {
    nf: f64,
    kf: f64,
    /// n − 1.
    df1: f64,
    /// n(k − 1).
    df1kd: f64,
    /// (n − 1)(k − 1).
    df2kd: f64,
    msb: f64,
    msj: f64,
    mse: f64,
    msw: f64,
}

impl MeanSquares {
    /// From the row-major matrix (checked by the caller: complete, finite, n, k ≥ 2).
    fn of(matrix: &[f64], n: usize, k: usize) -> MeanSquares {
        let (nf, kf) = (n as f64, k as f64);
        let grand = matrix.iter().sum::<f64>() / (nf * kf);
        let row_means: Vec<f64> = matrix.chunks_exact(k).map(|r| r.iter().sum::<f64>() / kf).collect();
        let mut col_means = vec![0.0; k];
        for row in matrix.chunks_exact(k) {
            for (c, x) in col_means.iter_mut().zip(row) {
                *c += x;
            }
        }
        col_means.iter_mut().for_each(|c| *c /= nf);
        let ss_r = kf * row_means.iter().map(|r| (r - grand).powi(2)).sum::<f64>();
        let ss_c = nf * col_means.iter().map(|c| (c - grand).powi(2)).sum::<f64>();
        let ss_e: f64 = matrix
            .chunks_exact(k)
            .zip(&row_means)
            .map(|(row, r)| row.iter().zip(&col_means).map(|(x, c)| (x - r - c + grand).powi(2)).sum::<f64>())
            .sum();
        let df1 = nf - 1.0;
        let df1kd = nf * (kf - 1.0);
        let df2kd = (nf - 1.0) * (kf - 1.0);
        MeanSquares {
            nf,
            kf,
            df1,
            df1kd,
            df2kd,
            msb: ss_r / df1,
            msj: ss_c / (kf - 1.0),
            mse: ss_e / df2kd,
            msw: (ss_c + ss_e) / df1kd,
        }
    }

    /// The ICC2 interval at quantile `p` = 1 − α/2 (McGraw & Wong 1996, Satterthwaite df v) for
    /// ICC2 = `r`.
    fn case2_ci(&self, r: f64, p: f64) -> Option<(f64, f64)> {
        let MeanSquares { nf, kf, df1, df2kd, msb, msj, mse, .. } = *self;
        let fj = ratio(msj, mse)?;
        let a = nf * (1.0 + (kf - 1.0) * r) - kf * r;
        let vn = df2kd * (kf * r * fj + a).powi(2);
        let vd = df1 * kf * kf * r * r * fj * fj + a * a;
        let v = ratio(vn, vd)?;
        let f2u = f_quantile(p, df1, v)?;
        let f2l = f_quantile(p, v, df1)?;
        let c = kf * msj + (kf * nf - kf - nf) * mse;
        let l2 = nf * (msb - f2u * mse) / (f2u * c + nf * msb);
        let u2 = nf * (f2l * msb - mse) / (c + nf * f2l * msb);
        ci(l2, u2)
    }
}

/// One-way random-effects ANOVA summary with unequal group sizes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OneWay {
    /// ICC(1) = (MSB − MSW)/(MSB + (n0 − 1)·MSW); in `[−1/(n0−1), 1]` (or `≤ 1` when `n0 ≤ 1`).
    pub icc1: f64,
    /// Effective group size n0 = (N − Σn_i²/N)/(C − 1) (equals n_i when balanced).
    pub n0: f64,
    /// N / C.
    pub mean_group_size: f64,
    /// Between-groups mean square Σ n_i (ȳ_i − ȳ)²/(C − 1).
    pub ms_between: f64,
    /// Within-groups mean square ΣΣ (y_ij − ȳ_i)²/(N − C).
    pub ms_within: f64,
}

/// One-way random-effects ICC(1) with unequal group sizes (e.g. candidates rated by panels of
/// different sizes): groups = targets, elements = ratings.
///
/// With C non-empty groups of sizes n_i, N = Σn_i: `MSB = Σn_i(ȳ_i − ȳ)²/(C−1)`,
/// `MSW = ΣΣ(y_ij − ȳ_i)²/(N−C)`, `n0 = (N − Σn_i²/N)/(C−1)`,
/// `ICC(1) = (MSB − MSW)/(MSB + (n0−1)MSW)` (Shrout & Fleiss 1979; McGraw & Wong 1996;
/// n0 from the unbalanced one-way ANOVA, e.g. Snedecor & Cochran). In balanced data this equals
/// ICC(1,1) of [`shrout_fleiss`].
///
/// Empty groups are ignored. Returns `None` if fewer than 2 non-empty groups remain, no group has
/// ≥ 2 elements (N − C = 0), any value is non-finite, or the denominator is zero (all values equal).
pub fn icc1_unbalanced(groups: &[&[f64]]) -> Option<OneWay> {
    let gs: Vec<&[f64]> = groups.iter().copied().filter(|g| !g.is_empty()).collect();
    if gs.iter().any(|g| g.iter().any(|x| !x.is_finite())) {
        return None;
    }
    let c = gs.len();
    let n_total: usize = gs.iter().map(|g| g.len()).sum();
    if c < 2 || n_total <= c {
        return None;
    }
    let (cf, nf) = (c as f64, n_total as f64);
    let grand = gs.iter().flat_map(|g| g.iter()).sum::<f64>() / nf;
    let mut ssb = 0.0;
    let mut ssw = 0.0;
    let mut sum_sq_sizes = 0.0;
    for g in &gs {
        let ni = g.len() as f64;
        let mean = g.iter().sum::<f64>() / ni;
        ssb += ni * (mean - grand).powi(2);
        ssw += g.iter().map(|x| (x - mean).powi(2)).sum::<f64>();
        sum_sq_sizes += ni * ni;
    }
    let ms_between = ssb / (cf - 1.0);
    let ms_within = ssw / (nf - cf);
    let n0 = (nf - sum_sq_sizes / nf) / (cf - 1.0);
    let icc1 = ratio(ms_between - ms_within, ms_between + (n0 - 1.0) * ms_within)?;
    Some(OneWay { icc1, n0, mean_group_size: nf / cf, ms_between, ms_within })
}

/// Spearman–Brown prophecy: reliability of the mean of `k` parallel ratings whose single-rating
/// reliability is `rho1`: `ρ_k = kρ₁/(1 + (k−1)ρ₁)` (Spearman 1910; Brown 1910).
///
/// Intended domain: `rho1 ∈ [−1, 1]`, `k > 0`, `1 + (k−1)ρ₁ > 0`; then `ρ_k ≤ 1` and `ρ_k` has the sign
/// of `ρ₁`. Outside it (non-finite input, `k ≤ 0`, or a non-positive denominator, i.e.
/// `ρ₁ ≤ −1/(k−1)`) the prophecy is undefined and `0.0` (no reliability) is returned; never NaN.
pub fn spearman_brown(rho1: f64, k: f64) -> f64 {
    // 1 + (k−1)ρ₁ written as (1 − ρ₁) + kρ₁: the denominator is then never below the numerator for
    // ρ₁ ≤ 1, so ρ_k ≤ 1 survives rounding (spearman_brown(1, 4.1e-12) was 1.0000046).
    let den = (1.0 - rho1) + k * rho1;
    if !(rho1.is_finite() && k.is_finite() && k > 0.0 && den > 0.0) {
        return 0.0;
    }
    let r = k * rho1 / den;
    if r.is_finite() {
        r
    } else {
        0.0
    }
}

/// Number of parallel ratings needed to reach reliability `target` from single-rating reliability
/// `rho1` (inverse Spearman–Brown): `k = target(1−ρ₁)/(ρ₁(1−target))`.
///
/// Not rounded (callers take `ceil`); `k < 1` means one rating already suffices, `k = 0` when
/// `ρ₁ = 1`. `None` if `ρ₁ ≤ 0`, `ρ₁ > 1`, `target ∉ (0, 1)` or any input is non-finite.
pub fn spearman_brown_k(rho1: f64, target: f64) -> Option<f64> {
    if !(rho1 > 0.0 && rho1 <= 1.0 && target > 0.0 && target < 1.0) {
        return None;
    }
    ratio(target * (1.0 - rho1), rho1 * (1.0 - target))
}

/// Cronbach's (1951) alpha of an `n_rows × n_items` row-major matrix of complete rows:
/// `α = k/(k−1)·(1 − Σ s²_j / s²_T)` with item variances `s²_j` and the variance `s²_T` of row totals
/// (both with ddof = 1), as `pingouin.cronbach_alpha`. `α ≤ 1`; it may be negative.
///
/// Returns `None` if `n_rows < 2`, `n_items < 2`, the length does not match, any value is
/// non-finite, or the total score has zero variance.
pub fn cronbach_alpha(matrix: &[f64], n_rows: usize, n_items: usize) -> Option<f64> {
    if n_rows < 2
        || n_items < 2
        || n_rows.checked_mul(n_items)? != matrix.len()
        || matrix.iter().any(|x| !x.is_finite())
    {
        return None;
    }
    let var = |xs: &mut dyn Iterator<Item = f64>| -> f64 {
        let v: Vec<f64> = xs.collect();
        let m = v.iter().sum::<f64>() / v.len() as f64;
        v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() as f64 - 1.0)
    };
    let sum_item_var: f64 =
        (0..n_items).map(|j| var(&mut matrix.iter().skip(j).step_by(n_items).copied())).sum();
    let total_var = var(&mut matrix.chunks_exact(n_items).map(|r| r.iter().sum()));
    let kf = n_items as f64;
    // α ≤ 1 exactly in theory; identical items gave 1.0000000000000013 by rounding.
    ratio(sum_item_var, total_var).map(|r| (kf / (kf - 1.0) * (1.0 - r)).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 12 × 4 crossed matrix, also in `tests/reference/stats_reliability.py` (ICC_M).
    const ICC_M: [f64; 48] = [
        9.0, 2.0, 5.0, 8.0, //
        6.0, 1.0, 3.0, 2.0, //
        8.0, 4.0, 6.0, 8.0, //
        7.0, 1.0, 2.0, 6.0, //
        10.0, 5.0, 6.0, 9.0, //
        6.0, 2.0, 4.0, 7.0, //
        5.5, 3.0, 4.5, 6.0, //
        8.5, 2.5, 5.0, 7.5, //
        4.0, 1.5, 2.0, 3.5, //
        7.25, 3.75, 4.0, 6.5, //
        9.5, 4.0, 7.0, 8.0, //
        3.0, 1.0, 1.5, 2.0,
    ];

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} vs {b} (tol {tol})");
    }

    fn check(icc: Option<Icc>, exp: (f64, f64, f64)) {
        let icc = icc.expect("icc defined");
        close(icc.value, exp.0, 1e-9);
        let (lo, hi) = icc.ci.expect("ci defined");
        close(lo, exp.1, 1e-6);
        close(hi, exp.2, 1e-6);
    }

    #[test]
    fn shrout_fleiss_matches_pingouin_95() {
        let s = shrout_fleiss(&ICC_M, 12, 4, 0.95).unwrap();
        check(s.icc1, (0.29310445700377963, 0.02899442295010041, 0.6425057766015586));
        check(s.icc2, (0.3816264906085267, 0.05221117811328678, 0.7247364224943986));
        check(s.icc3, (0.764638323181362, 0.5455398332151175, 0.9136950830636693));
        check(s.icc1k, (0.623854353456864, 0.10669685093043879, 0.8778848481070158));
        check(s.icc2k, (0.7116977818501128, 0.18056256044170776, 0.9132812129542248));
        check(s.icc3k, (0.9285465232117954, 0.8276352856959409, 0.9769305131565784));
        // pingouin's printed (2-decimal) CIs.
        let rounded = [
            (s.icc1, (0.03, 0.64)),
            (s.icc2, (0.05, 0.72)),
            (s.icc3, (0.55, 0.91)),
            (s.icc1k, (0.11, 0.88)),
            (s.icc2k, (0.18, 0.91)),
            (s.icc3k, (0.83, 0.98)),
        ];
        for (icc, (lo, hi)) in rounded {
            let (l, h) = icc.unwrap().ci.unwrap();
            close(l, lo, 0.005 + 1e-12);
            close(h, hi, 0.005 + 1e-12);
        }
    }

    #[test]
    fn shrout_fleiss_level_90() {
        let s = shrout_fleiss(&ICC_M, 12, 4, 0.90).unwrap();
        check(s.icc1, (0.29310445700377963, 0.0668222455637788, 0.5903294736910213));
        check(s.icc2, (0.3816264906085267, 0.08704311939938175, 0.6750062009119399));
        check(s.icc3, (0.764638323181362, 0.5870251165883866, 0.8968399677283628));
        check(s.icc1k, (0.623854353456864, 0.22265421780182193, 0.8521572579685));
        check(s.icc2k, (0.7116977818501128, 0.27607990832517204, 0.892564694050431));
        check(s.icc3k, (0.9285465232117954, 0.8504296945584124, 0.972047290089777));
    }

    #[test]
    fn shrout_fleiss_invalid_and_degenerate() {
        assert!(shrout_fleiss(&ICC_M, 12, 3, 0.95).is_none());
        assert!(shrout_fleiss(&ICC_M[..4], 1, 4, 0.95).is_none());
        assert!(shrout_fleiss(&ICC_M, 48, 1, 0.95).is_none());
        assert!(shrout_fleiss(&ICC_M, 12, 4, 1.0).is_none());
        assert!(shrout_fleiss(&ICC_M, 12, 4, f64::NAN).is_none());
        let mut bad = ICC_M;
        bad[5] = f64::NAN;
        assert!(shrout_fleiss(&bad, 12, 4, 0.95).is_none());
        // Constant matrix: every ICC undefined.
        let s = shrout_fleiss(&[3.0; 12], 4, 3, 0.95).unwrap();
        assert!(s.icc1.is_none() && s.icc2.is_none() && s.icc3.is_none());
        assert!(s.icc1k.is_none() && s.icc2k.is_none() && s.icc3k.is_none());
        // Perfect additive fit (MSE = 0): ICC3 = 1 but its CI is undefined.
        let m = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0];
        let s = shrout_fleiss(&m, 3, 3, 0.95).unwrap();
        let i3 = s.icc3.unwrap();
        close(i3.value, 1.0, 1e-12);
        assert!(i3.ci.is_none());
        assert!(s.icc1.unwrap().ci.is_some());
    }

    #[test]
    fn cis_contain_estimates() {
        let s = shrout_fleiss(&ICC_M, 12, 4, 0.95).unwrap();
        for icc in [s.icc1, s.icc2, s.icc3, s.icc1k, s.icc2k, s.icc3k] {
            let icc = icc.unwrap();
            let (lo, hi) = icc.ci.unwrap();
            assert!(lo <= icc.value && icc.value <= hi, "{icc:?}");
        }
    }

    const GROUPS: [&[f64]; 8] = [
        &[4.0, 5.0, 6.0],
        &[2.0, 3.0],
        &[7.0, 8.0, 6.5, 7.5],
        &[5.0],
        &[1.0, 2.5, 2.0],
        &[6.0, 4.0],
        &[],
        &[3.5, 3.0, 4.5, 5.0, 4.0],
    ];

    #[test]
    fn icc1_unbalanced_matches_reference() {
        let o = icc1_unbalanced(&GROUPS).unwrap();
        close(o.icc1, 0.8282210836229436, 1e-9);
        close(o.n0, 2.766666666666667, 1e-12);
        close(o.mean_group_size, 2.857142857142857, 1e-12);
        close(o.ms_between, 10.386805555555556, 1e-9);
        close(o.ms_within, 0.7243589743589745, 1e-9);
    }

    #[test]
    fn icc1_unbalanced_equals_pingouin_icc1_when_balanced() {
        let rows: Vec<&[f64]> = ICC_M.chunks_exact(4).collect();
        let o = icc1_unbalanced(&rows).unwrap();
        close(o.icc1, 0.29310445700377963, 1e-9);
        close(o.n0, 4.0, 1e-12);
        let s = shrout_fleiss(&ICC_M, 12, 4, 0.95).unwrap();
        close(o.icc1, s.icc1.unwrap().value, 1e-12);
    }

    #[test]
    fn icc1_unbalanced_undefined() {
        assert!(icc1_unbalanced(&[]).is_none());
        assert!(icc1_unbalanced(&[&[1.0, 2.0], &[]]).is_none());
        assert!(icc1_unbalanced(&[&[1.0], &[2.0], &[3.0]]).is_none());
        assert!(icc1_unbalanced(&[&[1.0, 1.0], &[1.0]]).is_none());
        assert!(icc1_unbalanced(&[&[1.0, f64::INFINITY], &[1.0]]).is_none());
        // Constant within groups: ICC = 1.
        let o = icc1_unbalanced(&[&[1.0, 1.0], &[2.0], &[3.0, 3.0, 3.0]]).unwrap();
        close(o.icc1, 1.0, 1e-12);
    }

    #[test]
    fn spearman_brown_values() {
        close(spearman_brown(0.3, 4.0), 0.631578947368421, 1e-12);
        close(spearman_brown(0.3, 1.0), 0.3, 1e-15);
        close(spearman_brown(1.0, 7.0), 1.0, 1e-15);
        assert_eq!(spearman_brown(-0.5, 3.0), 0.0);
        assert_eq!(spearman_brown(f64::NAN, 3.0), 0.0);
        close(spearman_brown_k(0.3, 0.8).unwrap(), 9.333333333333336, 1e-12);
        // Round trip.
        let k = spearman_brown_k(0.25, 0.9).unwrap();
        close(spearman_brown(0.25, k), 0.9, 1e-12);
        close(spearman_brown_k(1.0, 0.8).unwrap(), 0.0, 0.0);
        assert!(spearman_brown_k(0.0, 0.8).is_none());
        assert!(spearman_brown_k(-0.1, 0.8).is_none());
        assert!(spearman_brown_k(0.3, 1.0).is_none());
        assert!(spearman_brown_k(f64::NAN, 0.8).is_none());
    }

    #[test]
    fn cronbach_alpha_matches_pingouin() {
        let cr = [
            3.0, 4.0, 3.0, 5.0, 4.0, //
            2.0, 2.0, 3.0, 3.0, 2.0, //
            4.0, 5.0, 4.0, 4.0, 5.0, //
            1.0, 2.0, 2.0, 1.0, 2.0, //
            3.0, 3.0, 4.0, 3.0, 3.0, //
            5.0, 4.0, 5.0, 5.0, 4.0, //
            2.0, 3.0, 2.0, 2.0, 3.0, //
            4.0, 4.0, 3.0, 4.0, 5.0,
        ];
        close(cronbach_alpha(&cr, 8, 5).unwrap(), 0.935968137254902, 1e-9);
        // Cronbach's alpha equals ICC(3,k).
        close(cronbach_alpha(&ICC_M, 12, 4).unwrap(), 0.9285465232117952, 1e-9);
        assert!(cronbach_alpha(&cr, 8, 4).is_none());
        assert!(cronbach_alpha(&cr[..5], 1, 5).is_none());
        assert!(cronbach_alpha(&[1.0, -1.0, 2.0, -2.0], 2, 2).is_none());
    }

    /// Tiny deterministic normal generator (64-bit LCG + Box–Muller) for recovery tests.
    struct Normal(u64);
    impl Normal {
        fn uniform(&mut self) -> f64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        }
        fn next(&mut self) -> f64 {
            let (u1, u2) = (self.uniform(), self.uniform());
            (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
        }
    }

    #[test]
    fn recovers_true_icc() {
        // y = true score (var 1) + noise (var 1): true ICC(1) = 0.5.
        let (n, k) = (2000, 4);
        let mut g = Normal(42);
        let m: Vec<f64> = (0..n)
            .flat_map(|_| {
                let t = g.next();
                (0..k).map(|_| t + g.next()).collect::<Vec<_>>()
            })
            .collect();
        let s = shrout_fleiss(&m, n, k, 0.95).unwrap();
        for icc in [s.icc1, s.icc2, s.icc3] {
            let icc = icc.unwrap();
            close(icc.value, 0.5, 0.03);
            let (lo, hi) = icc.ci.unwrap();
            assert!(lo < 0.5 && 0.5 < hi, "{icc:?}");
        }
        close(s.icc1k.unwrap().value, spearman_brown(0.5, 4.0), 0.03);
        let rows: Vec<&[f64]> = m.chunks_exact(k).collect();
        close(icc1_unbalanced(&rows).unwrap().icc1, 0.5, 0.03);

        // Rater offsets (var 0.5 each, fixed across targets): ICC3 still 0.5, ICC1 drops.
        let offsets = [-1.0, -0.2, 0.4, 0.8];
        let shifted: Vec<f64> = m.iter().enumerate().map(|(i, x)| x + offsets[i % k]).collect();
        let s = shrout_fleiss(&shifted, n, k, 0.95).unwrap();
        close(s.icc3.unwrap().value, 0.5, 0.03);
        assert!(s.icc1.unwrap().value < 0.45);

        // Unequal panels of 2..=6 ratings.
        let groups: Vec<Vec<f64>> = (0..n)
            .map(|i| {
                let t = g.next();
                (0..2 + i % 5).map(|_| t + g.next()).collect()
            })
            .collect();
        let refs: Vec<&[f64]> = groups.iter().map(|v| v.as_slice()).collect();
        let o = icc1_unbalanced(&refs).unwrap();
        close(o.icc1, 0.5, 0.03);
        close(o.mean_group_size, 4.0, 1e-12);
    }
}
