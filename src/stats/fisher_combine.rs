//! Combining correlations from independent groups (jobs) by hires-weighted Fisher z.
//!
//! Each job j contributes its corrected validity r_j on n_j hires with an outcome. With
//! z_j = atanh(r_j) and weights w_j = n_j / Σ n_k:
//!
//! - z̄ = Σ w_j z_j, and the combined value r = tanh(z̄) (Hedges & Olkin, 1985, ch. 11, with sample-size
//!   weights as in Hunter & Schmidt's bare-bones meta-analysis);
//! - the jobs are independent samples, so Var(z̄) = Σ w_j² Var(z_j). Var(z_j) comes from the job's own
//!   bootstrap interval of its corrected value (hires resampled within the job): its width on the z
//!   scale, SE_j = (atanh(hi_j) − atanh(lo_j)) / (2 Φ⁻¹((1+c)/2)). The plain Fisher SE 1/√(n_j − 3)
//!   would ignore that the range-restriction correction widens the sampling distribution;
//! - the interval is tanh(z̄ ± Φ⁻¹((1+c)/2) · SE), the p-value 2(1 − Φ(|z̄| / SE)).
//!
//! Invariants: with one job the result is that job's r; r lies in (−1, 1); weights sum to 1.

use statrs::distribution::{ContinuousCDF, Normal};

use super::correlation::normal_quantile;

/// One group's contribution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Group {
    /// Hires with an outcome (the weight).
    pub n: usize,
    /// The group's (corrected) correlation.
    pub r: f64,
    /// The group's interval of `r` at the combination's confidence level, if known.
    pub ci: Option<(f64, f64)>,
}

/// The combination.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Combined {
    /// tanh(z̄).
    pub r: f64,
    /// Interval from the z-scale standard error, `None` when a group has no interval.
    pub ci: Option<(f64, f64)>,
    /// Two-sided normal p-value of z̄, `None` with the interval.
    pub p: Option<f64>,
    /// SE of z̄.
    pub se_z: Option<f64>,
}

/// atanh clamped away from ±1 so that a correlation of exactly ±1 stays finite.
fn z_of(r: f64) -> f64 {
    r.clamp(-0.999_999, 0.999_999).atanh()
}

/// Combines `groups` at confidence `level`; `None` without groups or with no hires.
pub fn combine(groups: &[Group], level: f64) -> Option<Combined> {
    let total: usize = groups.iter().map(|g| g.n).sum();
    if groups.is_empty() || total == 0 || groups.iter().any(|g| !g.r.is_finite()) {
        return None;
    }
    let w = |g: &Group| g.n as f64 / total as f64;
    let zbar: f64 = groups.iter().map(|g| w(g) * z_of(g.r)).sum();
    let crit = normal_quantile((1.0 + level) / 2.0)?;
    let var: Option<f64> = groups
        .iter()
        .map(|g| {
            g.ci.map(|(lo, hi)| {
                let se = (z_of(hi) - z_of(lo)) / (2.0 * crit);
                w(g) * w(g) * se * se
            })
        })
        .sum();
    let se_z = var.filter(|v| v.is_finite() && *v > 0.0).map(f64::sqrt);
    let ci = se_z.map(|se| ((zbar - crit * se).tanh(), (zbar + crit * se).tanh()));
    let p = match se_z {
        Some(se) => {
            let n = Normal::new(0.0, 1.0).ok()?;
            Some((2.0 * n.sf(zbar.abs() / se)).clamp(0.0, 1.0))
        }
        None => None,
    };
    Some(Combined { r: zbar.tanh(), ci, p, se_z })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference: tests/reference/fisher_combine.py (numpy/scipy).
    #[test]
    fn matches_the_scipy_reference() {
        let g = [
            Group { n: 120, r: 0.42, ci: Some((0.25, 0.57)) },
            Group { n: 45, r: 0.10, ci: Some((-0.22, 0.40)) },
            Group { n: 300, r: 0.28, ci: Some((0.17, 0.38)) },
        ];
        let c = combine(&g, 0.95).expect("combined");
        assert!((c.r - 0.301205298069103).abs() < 1e-12, "{}", c.r);
        assert!((c.se_z.expect("se") - 0.048319356413890).abs() < 1e-12);
        let (lo, hi) = c.ci.expect("ci");
        assert!((lo - 0.212836376253156).abs() < 1e-9 && (hi - 0.384686722024660).abs() < 1e-9, "{lo} {hi}");
        let p = c.p.expect("p");
        assert!((p / 1.250037811791715e-10 - 1.0).abs() < 1e-6, "{p}");
    }

    #[test]
    fn one_group_is_itself() {
        let c = combine(&[Group { n: 40, r: 0.3, ci: Some((0.1, 0.5)) }], 0.95).expect("combined");
        assert!((c.r - 0.3).abs() < 1e-12);
        assert!(combine(&[], 0.95).is_none());
        assert!(combine(&[Group { n: 0, r: 0.3, ci: None }], 0.95).is_none());
    }

    #[test]
    fn without_an_interval_there_is_no_combined_interval() {
        let g = [Group { n: 40, r: 0.3, ci: Some((0.1, 0.5)) }, Group { n: 60, r: 0.1, ci: None }];
        let c = combine(&g, 0.95).expect("combined");
        assert!(c.ci.is_none() && c.p.is_none());
    }
}
