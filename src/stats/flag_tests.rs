//! One-sided and two-sided tests behind the interviewer flags (docs/interviewer-flags.md).
//!
//! Each function returns a p-value for one interviewer; the caller adjusts them across interviewers with
//! [`super::fdr::benjamini_hochberg`]. Reference values: `tests/reference/flag_tests_reference.py`
//! (numpy, scipy.stats `t`, `norm`).

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// Which side of the null the alternative lies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// H1: the statistic is below the null value.
    Less,
    /// H1: the statistic is above the null value.
    Greater,
    /// H1: the statistic differs from the null value.
    TwoSided,
}

/// p-value of a statistic `t` with the given survival/cdf of its null distribution.
fn p_of(t: f64, cdf: impl Fn(f64) -> f64, side: Side) -> Option<f64> {
    if !t.is_finite() {
        return None;
    }
    let p = match side {
        Side::Less => cdf(t),
        Side::Greater => cdf(-t),
        Side::TwoSided => 2.0 * cdf(-t.abs()),
    };
    p.is_finite().then(|| p.clamp(0.0, 1.0))
}

/// p-value of a standard normal statistic z: Φ(z) (`Less`), Φ(−z) (`Greater`), 2Φ(−|z|) (`TwoSided`).
pub fn normal_p(z: f64, side: Side) -> Option<f64> {
    let n = Normal::new(0.0, 1.0).ok()?;
    p_of(z, |x| n.cdf(x), side)
}

/// p-value of a Student t statistic with `df` degrees of freedom (symmetric, as [`normal_p`]).
/// `None` unless df > 0 and t is finite.
pub fn t_p(t: f64, df: f64, side: Side) -> Option<f64> {
    if !(df > 0.0 && df.is_finite()) {
        return None;
    }
    let d = StudentsT::new(0.0, 1.0, df).ok()?;
    p_of(t, |x| d.cdf(x), side)
}

/// Count, sum and sum of squares of a sample: enough for its mean and variance, and subtractable, so a
/// leave-one-out comparison group costs O(1).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    /// Count.
    pub n: f64,
    /// Σx.
    pub sum: f64,
    /// Σx².
    pub sumsq: f64,
}

impl Moments {
    /// Adds one value.
    pub fn push(&mut self, x: f64) {
        self.n += 1.0;
        self.sum += x;
        self.sumsq += x * x;
    }

    /// Adds another sample.
    pub fn add(&mut self, o: &Moments) {
        self.n += o.n;
        self.sum += o.sum;
        self.sumsq += o.sumsq;
    }

    /// This sample without the values of `o` (a sub-sample of it).
    pub fn minus(&self, o: &Moments) -> Moments {
        Moments { n: self.n - o.n, sum: self.sum - o.sum, sumsq: self.sumsq - o.sumsq }
    }

    /// Mean, `None` when empty.
    pub fn mean(&self) -> Option<f64> {
        (self.n >= 1.0).then(|| self.sum / self.n)
    }

    /// Sample variance (n − 1), `None` with fewer than 2 values.
    pub fn variance(&self) -> Option<f64> {
        (self.n >= 2.0).then(|| ((self.sumsq - self.sum * self.sum / self.n) / (self.n - 1.0)).max(0.0))
    }
}

/// Estimates (with standard errors) of a group of units, summed so that one unit can be left out in O(1).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EstimateSums {
    /// Units.
    pub k: f64,
    /// Σ m_j.
    pub sum: f64,
    /// Σ m_j².
    pub sumsq: f64,
    /// Σ se_j².
    pub sum_se2: f64,
}

impl EstimateSums {
    /// Adds one unit's estimate and standard error.
    pub fn push(&mut self, m: f64, se: f64) {
        self.k += 1.0;
        self.sum += m;
        self.sumsq += m * m;
        self.sum_se2 += se * se;
    }

    /// The sums without one unit (which must have been pushed).
    pub fn without(&self, m: f64, se: f64) -> EstimateSums {
        EstimateSums {
            k: self.k - 1.0,
            sum: self.sum - m,
            sumsq: self.sumsq - m * m,
            sum_se2: self.sum_se2 - se * se,
        }
    }

    /// The null of [`peer_null_test`]: (μ, τ²) with μ = mean of m_j and
    /// τ² = max(0, var(m_j) − mean(se_j²)) (method of moments, as DerSimonian & Laird 1986 Control Clin
    /// Trials 7:177). `None` with fewer than 3 units.
    pub fn null(&self) -> Option<(f64, f64)> {
        if self.k < 3.0 {
            return None;
        }
        let mu = self.sum / self.k;
        let var = ((self.sumsq - self.k * mu * mu) / (self.k - 1.0)).max(0.0);
        let tau2 = (var - self.sum_se2 / self.k).max(0.0);
        (mu.is_finite() && tau2.is_finite()).then_some((mu, tau2))
    }
}

/// Test of one unit's estimate m (standard error se) against its peers, whose estimates vary by sampling
/// error *and* by real differences between ordinary units: under H0 the unit is a typical peer,
/// m ~ N(μ, τ² + se²), with μ and τ² from the other units ([`EstimateSums::null`]; an empirical null in
/// the sense of Efron 2004 JASA 99:96). z = (m − μ)/√(τ² + se²). Returns (μ, p); `None` when the peers
/// give no null or the variance is 0.
pub fn peer_null_test(m: f64, se: f64, others: &EstimateSums, side: Side) -> Option<(f64, f64)> {
    let (mu, tau2) = others.null()?;
    let v = tau2 + se * se;
    if v.is_nan() || v <= 0.0 || !m.is_finite() {
        return None;
    }
    Some((mu, normal_p((m - mu) / v.sqrt(), side)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values: tests/reference/flag_tests_reference.py.
    const A: [f64; 9] = [0.41, 0.22, 0.35, 0.18, 0.30, 0.27, 0.12, 0.33, 0.25];
    const MEAN_B: f64 = 0.480_714_285_714_285_7;
    const VAR_B: f64 = 0.008_730_219_780_219_78;
    const P_PEER_NULL: f64 = 0.000_109_750_524_599_798_48;
    const TAU2_PEER_NULL: f64 = 0.000_980_000_000_000_000_8;
    const B: [f64; 14] = [0.52, 0.47, 0.61, 0.39, 0.44, 0.58, 0.36, 0.49, 0.55, 0.42, 0.63, 0.31, 0.50, 0.46];

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() < tol, "{a} vs {b}");
    }

    #[test]
    fn moments_mean_variance_and_leave_out() {
        let mut a = Moments::default();
        let mut all = Moments::default();
        A.iter().for_each(|&x| a.push(x));
        A.iter().chain(&B).for_each(|&x| all.push(x));
        let b = all.minus(&a);
        close(b.mean().unwrap(), MEAN_B, 1e-12);
        close(b.variance().unwrap(), VAR_B, 1e-12);
        let mut c = Moments::default();
        c.add(&a);
        assert_eq!(c, a);
        assert!(Moments::default().mean().is_none() && a.minus(&a).variance().is_none());
    }

    #[test]
    fn t_and_normal_match_scipy() {
        // statrs's regularized incomplete beta agrees with scipy to ~1e-10.
        close(t_p(2.3, 12.0, Side::TwoSided).unwrap(), 0.040_197_573_713_460_62, 1e-9);
        close(t_p(-1.1, 30.0, Side::Greater).unwrap(), 0.859_959_540_981_780_1, 1e-9);
        close(normal_p(1.7, Side::Greater).unwrap(), 0.044_565_462_758_543_04, 1e-10);
    }

    #[test]
    fn peer_null_matches_the_formula() {
        // Reference: tests/reference/flag_tests_reference.py, "peer null".
        let peers = [(0.52, 0.04), (0.47, 0.05), (0.61, 0.03), (0.55, 0.06), (0.49, 0.04)];
        let mut all = EstimateSums::default();
        peers.iter().for_each(|&(m, s)| all.push(m, s));
        all.push(0.31, 0.05);
        let others = all.without(0.31, 0.05);
        let (mu, p) = peer_null_test(0.31, 0.05, &others, Side::Less).unwrap();
        close(mu, 0.528, 1e-12);
        close(p, P_PEER_NULL, 1e-12);
        let (_, tau2) = others.null().unwrap();
        close(tau2, TAU2_PEER_NULL, 1e-12);
        assert!(EstimateSums::default().null().is_none());
    }

    #[test]
    fn undefined_cases_are_none() {
        assert!(t_p(1.0, 0.0, Side::Less).is_none());
        assert!(normal_p(f64::INFINITY, Side::Less).is_none());
        let one = EstimateSums { k: 4.0, sum: 4.0, sumsq: 4.0, sum_se2: 0.0 };
        assert!(peer_null_test(1.0, 0.0, &one, Side::Less).is_none(), "no variance: no test");
    }
}
