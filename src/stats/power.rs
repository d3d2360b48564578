//! Power for a correlation (α = .05 two-sided, power .80).
//!
//! Plain Pearson r: the Fisher z approximation, atanh(r)·sqrt(n − 3) ~ N(atanh ρ·sqrt(n − 3), 1);
//! detect ρ when atanh|ρ|·sqrt(n − 3) ≥ z₀.₉₇₅ + z₀.₈₀ (Cohen 1988, ch. 3) ([`mde_r`], [`n_needed`]).
//! A corrected validity has a larger SE than 1/√(n − 3) (the range-restriction correction inflates
//! it), so hirecal's `mde_r` / `n_needed` use the statistic's own sampling SE (its bootstrap SD) and
//! the Wald rule |ρ| ≥ (z₀.₉₇₅ + z₀.₈₀)·SE ([`mde_from_se`], [`n_needed_from_se`]; docs/methods.md
//! "Power"). z from statrs' normal quantile.

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

/// Hires beyond which `n_needed` is capped: no interview loop sees that many hires with outcomes for one
/// role, and an estimate needing more is too close to zero to act on.
pub const N_NEEDED_CAP: usize = 5_000;

/// Hires needed to detect an estimate, from the sampling SE of the statistic itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needed {
    /// Hires needed, at most [`N_NEEDED_CAP`].
    pub n: usize,
    /// Whether the uncapped count exceeded [`N_NEEDED_CAP`] (`n` is then the cap).
    pub capped: bool,
}

/// Minimum detectable |r| (80% power, α = .05 two-sided) for a statistic with sampling SE `se` at the
/// current sample: (z₀.₉₇₅ + z₀.₈₀)·SE, the Wald rule on the statistic's own scale (the SE of a
/// range-corrected validity is larger than Fisher's 1/√(n − 3), since the correction inflates it).
///
/// `None` if SE is non-finite or ≤ 0, or the result is ≥ 1 (no correlation is detectable).
pub fn mde_from_se(se: f64) -> Option<f64> {
    if !se.is_finite() || se <= 0.0 {
        return None;
    }
    let m = z_sum()? * se;
    (m < 1.0).then_some(m)
}

/// Observations needed to detect |r| with 80% power at α = .05 when the statistic's SE is `se` with `n`
/// observations and scales as 1/√n: SE(m) = SE·√(n/m), so m = ⌈n·((z₀.₉₇₅ + z₀.₈₀)·SE/|r|)²⌉, at least 4,
/// capped at [`N_NEEDED_CAP`].
///
/// `None` for r = 0, |r| ≥ 1, non-finite r or SE, SE ≤ 0 or n = 0.
/// Invariant: (z₀.₉₇₅ + z₀.₈₀)·SE·√(n/m) ≤ |r| when not capped.
pub fn n_needed_from_se(r: f64, se: f64, n: usize) -> Option<Needed> {
    if !r.is_finite() || r == 0.0 || r.abs() >= 1.0 || !se.is_finite() || se <= 0.0 || n == 0 {
        return None;
    }
    let m = (n as f64 * (z_sum()? * se / r.abs()).powi(2)).ceil().max(4.0);
    if !m.is_finite() || m > N_NEEDED_CAP as f64 {
        return Some(Needed { n: N_NEEDED_CAP, capped: true });
    }
    Some(Needed { n: m as usize, capped: false })
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

    // z₀.₉₇₅ + z₀.₈₀ = 2.8015852181 (scipy.stats.norm.ppf; tests/reference/stats_questions.py).
    #[test]
    fn se_based_power() {
        let z = 2.801_585_218_112_968_3;
        assert!((mde_from_se(0.1).unwrap() - z * 0.1).abs() < 1e-9);
        assert_eq!(mde_from_se(0.5), None, "2.8·0.5 ≥ 1: nothing detectable");
        assert_eq!(mde_from_se(0.0), None);
        // n = 100 with SE .1: to detect .2 needs 100·(2.8016·.1/.2)² = 196.2 → 197.
        assert_eq!(n_needed_from_se(0.2, 0.1, 100), Some(Needed { n: 197, capped: false }));
        assert_eq!(n_needed_from_se(-0.2, 0.1, 100), Some(Needed { n: 197, capped: false }));
        // At n_needed the SE-based MDE is at most |r|, one fewer and it is above.
        for (r, se, n) in [(0.15, 0.08, 300), (0.4, 0.2, 50), (0.05, 0.02, 1000)] {
            let m = n_needed_from_se(r, se, n).unwrap();
            assert!(!m.capped);
            let se_at = |m: usize| se * (n as f64 / m as f64).sqrt();
            assert!(mde_from_se(se_at(m.n)).unwrap() <= r + 1e-12);
            assert!(mde_from_se(se_at(m.n - 1)).unwrap() > r);
        }
        // Beyond any plausible loop: capped, flagged.
        assert_eq!(n_needed_from_se(0.01, 0.1, 300), Some(Needed { n: N_NEEDED_CAP, capped: true }));
        assert_eq!(n_needed_from_se(0.0, 0.1, 300), None);
        assert_eq!(n_needed_from_se(0.2, f64::NAN, 300), None);
        assert_eq!(n_needed_from_se(0.2, 0.1, 0), None);
    }
}
