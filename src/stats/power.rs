//! Power for a correlation via the Fisher z approximation (α = .05 two-sided, power .80).
//!
//! atanh(r)·sqrt(n − 3) ~ N(atanh ρ·sqrt(n − 3), 1); detect ρ when
//! atanh|ρ|·sqrt(n − 3) ≥ z₀.₉₇₅ + z₀.₈₀ (Cohen 1988, ch. 3). z from statrs' normal quantile.

use super::correlation::normal_quantile;

/// z₀.₉₇₅ + z₀.₈₀ ≈ 1.959964 + 0.841621.
fn z_sum() -> Option<f64> {
    Some(normal_quantile(0.975)? + normal_quantile(0.80)?)
}

/// Minimum detectable |r| with n observations: tanh((z₀.₉₇₅ + z₀.₈₀)/sqrt(n − 3)).
///
/// `None` for n ≤ 3. Invariant: result in (0, 1), decreasing in n.
pub fn mde_r(n: usize) -> Option<f64> {
    if n <= 3 {
        return None;
    }
    Some((z_sum()? / ((n - 3) as f64).sqrt()).tanh())
}

/// Observations needed to detect a correlation of size r:
/// ceil(((z₀.₉₇₅ + z₀.₈₀)/atanh|r|)² + 3).
///
/// `None` for r = 0, |r| ≥ 1, non-finite r, or a count that does not fit in `usize`.
/// Invariant: result ≥ 4; mde_r(n_needed(r)) ≤ |r|.
pub fn n_needed(r: f64) -> Option<usize> {
    if !r.is_finite() || r == 0.0 || r.abs() >= 1.0 {
        return None;
    }
    let n = ((z_sum()? / r.abs().atanh()).powi(2) + 3.0).ceil();
    let mut n = (n.is_finite() && n < usize::MAX as f64).then_some(n as usize)?;
    // Rounding (tanh∘atanh, sqrt, n − 3 in f64) can leave mde_r(n) an ulp above |r| when the ceil
    // barely moved (seen for |r| < 1e-5, n > 1e11); step up until the invariant holds. Terminates:
    // (n − 3) as f64 grows within a few f64 spacings of n.
    while mde_r(n)? > r.abs() {
        n = n.checked_add(1)?;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values: tests/reference/stats_questions.py, section "power".
    #[test]
    fn matches_scipy_normal_quantiles() {
        assert!((mde_r(50).unwrap() - 0.387_328_532_677_400_97).abs() < 1e-9);
        assert!((mde_r(4).unwrap() - 0.992_654_758_841_459_5).abs() < 1e-9);
        assert_eq!(n_needed(0.3), Some(85));
        assert_eq!(n_needed(-0.1), Some(783));
        assert_eq!(n_needed(0.5), Some(30));
    }

    #[test]
    fn consistency_and_edges() {
        for r in [0.05, 0.1, 0.2, 0.3, 0.5, 0.8] {
            let n = n_needed(r).unwrap();
            assert!(mde_r(n).unwrap() <= r + 1e-12);
            assert!(mde_r(n - 1).is_none_or(|m| m > r - 1e-12));
        }
        assert_eq!(mde_r(3), None);
        assert_eq!(n_needed(0.0), None);
        assert_eq!(n_needed(f64::NAN), None);
        assert_eq!(n_needed(1.0), None);
    }
}
