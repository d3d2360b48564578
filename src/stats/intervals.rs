//! Intervals for a mean and a proportion.

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::correlation::normal_quantile;
use super::descriptive::{mean, sd};

/// Student-t interval of a mean: x̄ ± t_{(1+level)/2, n−1}·s/√n. Needs n ≥ 2 and finite values.
/// Reference: any statistics text; matches `scipy.stats.t.interval(level, n-1, loc=x̄, scale=s/√n)`.
pub fn mean_ci(xs: &[f64], level: f64) -> Option<(f64, f64)> {
    if xs.len() < 2 || !(level > 0.0 && level < 1.0) {
        return None;
    }
    let (m, s) = (mean(xs)?, sd(xs)?);
    let t = StudentsT::new(0.0, 1.0, (xs.len() - 1) as f64).ok()?.inverse_cdf((1.0 + level) / 2.0);
    let half = t * s / (xs.len() as f64).sqrt();
    // A level a hair below 1 rounds (1 + level)/2 to 1, t = ∞, and with s = 0 the interval was (NaN, NaN).
    half.is_finite().then_some((m - half, m + half))
}

/// Wilson score interval of a proportion k/n (Wilson 1927), well-behaved near 0 and 1.
/// Matches `statsmodels.stats.proportion.proportion_confint(k, n, method="wilson")`.
pub fn wilson_ci(k: usize, n: usize, level: f64) -> Option<(f64, f64)> {
    // The level is checked here as in mean_ci: normal_quantile alone accepts levels in (−1, 0],
    // which gave z ≤ 0 and a reversed interval.
    if n == 0 || k > n || !(level > 0.0 && level < 1.0) {
        return None;
    }
    let z = normal_quantile((1.0 + level) / 2.0)?;
    let (nf, p) = (n as f64, k as f64 / n as f64);
    let denom = 1.0 + z * z / nf;
    let centre = (p + z * z / (2.0 * nf)) / denom;
    let half = z * (p * (1.0 - p) / nf + z * z / (4.0 * nf * nf)).sqrt() / denom;
    // Clamped to contain k/n: at k = 0 or k = n rounding put a bound just beyond it
    // (wilson_ci(19, 19, ·) had an upper bound of 0.9999999999999999).
    Some(((centre - half).clamp(0.0, p), (centre + half).clamp(p, 1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values: tests/reference/intervals_reference.py (scipy.stats.t.interval, statsmodels wilson).
    #[test]
    fn mean_ci_matches_scipy() {
        let xs = [3.1, 2.7, 4.0, 3.6, 2.2, 3.9, 3.3];
        let (lo, hi) = mean_ci(&xs, 0.95).unwrap();
        assert!((lo - 2.655739095904843).abs() < 1e-9, "{lo}");
        assert!((hi - 3.8585466183808714).abs() < 1e-9, "{hi}");
        assert!(mean_ci(&[1.0], 0.95).is_none());
    }

    #[test]
    fn wilson_matches_statsmodels() {
        let (lo, hi) = wilson_ci(17, 40, 0.95).unwrap();
        assert!((lo - 0.28509392559950375).abs() < 1e-9, "{lo}");
        assert!((hi - 0.5780493145800893).abs() < 1e-9, "{hi}");
        let (lo, hi) = wilson_ci(0, 10, 0.95).unwrap();
        assert!(lo.abs() < 1e-12, "{lo}");
        assert!((hi - 0.27753279986288926).abs() < 1e-9, "{hi}");
        assert!(wilson_ci(1, 0, 0.95).is_none());
    }
}
