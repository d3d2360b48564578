//! Pearson and Spearman correlation, Fisher-z confidence interval and the t-test p-value.
//!
//! References: Fisher (1921) for the z transform; any text for the t-test of r
//! (t = r·sqrt((n − 2)/(1 − r²)), n − 2 df). Verified against `scipy.stats.pearsonr` /
//! `spearmanr` in tests/reference/stats_questions.py.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use super::descriptive::ranks;

/// Pearson product-moment correlation,
/// r = Σ(xᵢ − x̄)(yᵢ − ȳ) / sqrt(Σ(xᵢ − x̄)² · Σ(yᵢ − ȳ)²).
///
/// `None` if the slices differ in length, n < 2, any value is non-finite, or either variable has
/// zero variance. Invariant: result in [−1, 1] (clamped against rounding).
/// With a 0/1 variable this is the point-biserial correlation.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n != y.len() || n < 2 {
        return None;
    }
    // r is scale-free, but the sums of squares are not: unscaled, |values| ≳ 1e154 overflowed them to
    // ∞ (r came out 0 for perfectly correlated data) and |values| ≲ 1e-154 underflowed them to 0
    // (None for non-constant data). Each variable is multiplied by a power of two bringing its
    // largest |value| near 1, which is exact, so ordinary data give bit-for-bit the same r.
    let (kx, ky) = (pow2_scale(x)?, pow2_scale(y)?);
    let mx = x.iter().map(|v| v * kx).sum::<f64>() / n as f64;
    let my = y.iter().map(|v| v * ky).sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a * kx - mx, b * ky - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if !(sxx > 0.0 && syy > 0.0) {
        return None;
    }
    let r = sxy / (sxx.sqrt() * syy.sqrt());
    r.is_finite().then(|| r.clamp(-1.0, 1.0))
}

/// 2^−e where 2^e ≤ max |v| < 2^(e+1) (e clamped to the normal range; 1 when every value is 0);
/// `None` if a value is non-finite.
fn pow2_scale(v: &[f64]) -> Option<f64> {
    let mut max = 0.0_f64;
    for &x in v {
        if !x.is_finite() {
            return None;
        }
        max = max.max(x.abs());
    }
    if max == 0.0 {
        return Some(1.0);
    }
    let e = (max.log2().floor() as i64).clamp(-1022, 1022);
    // Biased exponent 1023 − e in [1, 2045]: a normal power of two, built exactly from its bits.
    Some(f64::from_bits(((1023 - e) as u64) << 52))
}

/// Spearman rank correlation ρ: the Pearson correlation of the average ranks
/// (ties get the mean of the ranks they span), as `scipy.stats.spearmanr`.
///
/// `None` under the same conditions as [`pearson`] (constant ranks = zero variance).
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.iter().chain(y).any(|v| !v.is_finite()) {
        return None;
    }
    pearson(&ranks(x), &ranks(y))
}

/// Fisher-z confidence interval for a correlation:
/// (tanh(atanh r − z/sqrt(n − 3)), tanh(atanh r + z/sqrt(n − 3))), z = Φ⁻¹((1 + level)/2).
///
/// `None` if n ≤ 3, r is non-finite or outside [−1, 1], or level not in (0, 1).
/// |r| = 1 gives the degenerate interval (r, r). Invariant: lower ≤ r ≤ upper, both in [−1, 1].
pub fn fisher_ci(r: f64, n: usize, level: f64) -> Option<(f64, f64)> {
    if n <= 3 || !r.is_finite() || r.abs() > 1.0 || !(level > 0.0 && level < 1.0) {
        return None;
    }
    if r.abs() == 1.0 {
        return Some((r, r));
    }
    let z = normal_quantile(0.5 + level / 2.0)?;
    let zr = r.atanh();
    let h = z / ((n - 3) as f64).sqrt();
    // tanh(atanh r) need not round back to r: next to ±1 both bounds could land beyond r
    // (r = −0.9999999999999999 gave (−0.9999999999999998, −0.9999999999999998)).
    Some(((zr - h).tanh().min(r), (zr + h).tanh().max(r)))
}

/// Two-sided p-value of H0: ρ = 0 from the t-test t = r·sqrt((n − 2)/(1 − r²)) with n − 2 df
/// (`scipy.stats.pearsonr`'s p-value).
///
/// `None` if n < 3 or r non-finite / outside [−1, 1]. |r| = 1 gives p = 0. Invariant: p in [0, 1].
pub fn pearson_p(r: f64, n: usize) -> Option<f64> {
    if n < 3 || !r.is_finite() || r.abs() > 1.0 {
        return None;
    }
    if r.abs() == 1.0 {
        return Some(0.0);
    }
    let df = (n - 2) as f64;
    let t = r.abs() * (df / (1.0 - r * r)).sqrt();
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    let p = 2.0 * dist.sf(t);
    p.is_finite().then(|| p.clamp(0.0, 1.0))
}

/// Standard normal quantile Φ⁻¹(p) via statrs (e.g. 1.959964 for p = 0.975); `None` unless p in (0, 1).
pub fn normal_quantile(p: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0) {
        return None;
    }
    let q = Normal::new(0.0, 1.0).ok()?.inverse_cdf(p);
    q.is_finite().then_some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values: tests/reference/stats_questions.py, section "correlation".
    const X: [f64; 12] = [2.0, 4.0, 3.0, 5.0, 4.0, 1.0, 3.0, 5.0, 2.0, 4.0, 3.0, 5.0];
    const Y: [f64; 12] = [2.1, 3.9, 3.2, 4.4, 3.1, 1.7, 2.2, 4.8, 3.0, 3.5, 2.6, 3.9];

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() < tol
    }

    #[test]
    fn pearson_matches_scipy() {
        let r = pearson(&X, &Y).unwrap();
        assert!(close(r, 0.889_701_520_756_331_4, 1e-12));
        let yn: Vec<f64> = Y.iter().map(|v| -v).collect();
        assert!(close(pearson(&X, &yn).unwrap(), -0.889_701_520_756_331_4, 1e-12));
    }

    #[test]
    fn pearson_p_matches_scipy() {
        let r = pearson(&X, &Y).unwrap();
        let p = pearson_p(r, X.len()).unwrap();
        assert!(close(p, 0.000_106_547_325_800_696_57, 1e-9));
        assert!(close(pearson_p(0.3, 40).unwrap(), 0.060_001_789_548_761_765, 1e-9));
        assert_eq!(pearson_p(1.0, 10), Some(0.0));
        assert_eq!(pearson_p(0.5, 2), None);
    }

    #[test]
    fn spearman_matches_scipy() {
        assert!(close(spearman(&X, &Y).unwrap(), 0.910_604_858_403_784_6, 1e-12));
    }

    #[test]
    fn fisher_ci_matches_scipy() {
        let r = pearson(&X, &Y).unwrap();
        let (lo, hi) = fisher_ci(r, 12, 0.95).unwrap();
        assert!(close(lo, 0.645_281_242_912_985_3, 1e-9));
        assert!(close(hi, 0.968_887_880_219_870_7, 1e-9));
        let (lo, hi) = fisher_ci(r, 12, 0.90).unwrap();
        assert!(close(lo, 0.702_493_955_877_130_5, 1e-9));
        assert!(close(hi, 0.961_753_919_179_209_9, 1e-9));
        assert_eq!(fisher_ci(1.0, 10, 0.95), Some((1.0, 1.0)));
        assert_eq!(fisher_ci(0.5, 3, 0.95), None);
        assert_eq!(fisher_ci(f64::NAN, 30, 0.95), None);
    }

    #[test]
    fn undefined_cases_are_none() {
        assert_eq!(pearson(&[1.0, 2.0, 3.0], &[2.0, 2.0, 2.0]), None);
        assert_eq!(pearson(&[1.0], &[2.0]), None);
        assert_eq!(pearson(&[1.0, 2.0], &[2.0]), None);
        assert_eq!(pearson(&[1.0, f64::NAN, 3.0], &[1.0, 2.0, 3.0]), None);
        assert_eq!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
    }

    #[test]
    fn correlations_stay_in_unit_interval() {
        // cheap property check over deterministic pseudo-random data
        let mut s: u64 = 12345;
        let mut next = || {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        for n in 2..40 {
            let x: Vec<f64> = (0..n).map(|_| next() * 10.0).collect();
            let y: Vec<f64> = x.iter().map(|v| v * 1e8 + next()).collect();
            for r in [pearson(&x, &y), spearman(&x, &y), pearson(&x, &x)].into_iter().flatten() {
                assert!((-1.0..=1.0).contains(&r));
            }
        }
    }
}
