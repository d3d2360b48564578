//! Validity of a binary (0/1) outcome under explicit selection on the panel score S.
//!
//! Thorndike's Case II/III assume the regression of y on S is linear with constant residual variance;
//! for a 0/1 outcome neither holds, and the error depends on the base rate (corrected values came out at
//! half the truth at a pool base rate of .90 and overshot at .25). hirecal estimates the same estimand,
//! the applicant pool's point-biserial correlation of the score x with y, by a method that is valid
//! under selection on S (docs/methods.md, "Binary outcomes"):
//!
//! 1. Among hires, fit the probit model P(y = 1 | x, S) = Φ(β₀ + β₁·x + β₂·S) by maximum likelihood
//!    (for the panel score itself, x = S and the model is Φ(β₀ + β₁·S)). Selection on S is ignorable
//!    for this conditional model: hiring depends on S only, so the model that holds among hires holds in
//!    the pool.
//! 2. Predict p̂_c = Φ(β₀ + β₁·x_c + β₂·S_c) for every applicant c in the pool A (rated on x, with S).
//! 3. Since E[y | x, S] = p̂, cov_A(x, y) = cov_A(x, p̂) and var_A(y) = p̄(1 − p̄) with p̄ the mean of p̂,
//!    so the pool point-biserial correlation is
//!    r = Σ_A (x_c − x̄)(p̂_c − p̄) / √(Σ_A (x_c − x̄)² · |A| · p̄(1 − p̄)).
//!
//! Non-hires' outcomes are missing at random given S (hiring used S only), which is what makes the
//! hires' conditional model transportable to the pool (Little & Rubin 2019, *Statistical Analysis with
//! Missing Data*, ch. 1 and 6). The probit is exact when the outcome is a threshold of a latent normal
//! variable whose regression on (x, S) is linear and homoscedastic (the assumption Case III makes of a
//! continuous outcome, moved to the latent scale).
//! Fitted by Fisher scoring (iteratively reweighted least squares) with step halving on
//! covariates standardised internally; observations are grouped by covariate pattern with weights, so a
//! bootstrap replicate refits on its resample counts without copying rows. Checked against statsmodels'
//! `Probit` in tests/reference/binary_selection.py.

use nalgebra::{DMatrix, DVector};
use statrs::function::erf::erfc;

/// The method's name in `summary.json` (`selection.binary_method`).
pub const METHOD: &str = "probit_pool_average";

/// Standard normal CDF Φ(t) = erfc(−t/√2)/2 (accurate in both tails).
pub fn norm_cdf(t: f64) -> f64 {
    0.5 * erfc(-t / std::f64::consts::SQRT_2)
}

/// ln Φ(t), finite for every finite t (asymptotic series below t = −30, where Φ underflows).
fn ln_norm_cdf(t: f64) -> f64 {
    if t > -30.0 {
        norm_cdf(t).ln()
    } else {
        let t2 = t * t;
        -0.5 * t2 - (-t).ln() - 0.5 * (2.0 * std::f64::consts::PI).ln()
            + (1.0 - 1.0 / t2 + 3.0 / (t2 * t2)).ln()
    }
}

/// The inverse Mills ratio λ(t) = φ(t)/Φ(t), finite for every finite t.
fn mills(t: f64) -> f64 {
    if t > -30.0 {
        let phi = (-0.5 * t * t).exp() / (2.0 * std::f64::consts::PI).sqrt();
        phi / norm_cdf(t)
    } else {
        // φ/Φ = −t / (1 − 1/t² + 3/t⁴ − …)
        let t2 = t * t;
        -t / (1.0 - 1.0 / t2 + 3.0 / (t2 * t2))
    }
}

/// Binary observations grouped by covariate pattern: pattern i has covariates `x[i*q .. (i+1)*q]`,
/// weight `w1[i]` of y = 1 and `w0[i]` of y = 0 (counts, or bootstrap resample counts).
#[derive(Debug, Clone, Default)]
pub struct Grouped {
    /// Covariates per pattern (1 or 2 in hirecal), without the intercept.
    pub q: usize,
    /// Row-major covariates, `q` per pattern.
    pub x: Vec<f64>,
    /// Weight of y = 1 per pattern.
    pub w1: Vec<f64>,
    /// Weight of y = 0 per pattern.
    pub w0: Vec<f64>,
}

impl Grouped {
    /// Number of patterns.
    pub fn len(&self) -> usize {
        self.w1.len()
    }

    /// True without patterns.
    pub fn is_empty(&self) -> bool {
        self.w1.is_empty()
    }
}

/// Probit maximum-likelihood fit of y on the covariates of `g` (with an intercept): coefficients
/// (β₀, β₁, …, β_q) on the original covariate scale.
///
/// `start`: coefficients to start from (a bootstrap replicate starts from the full-sample fit); zeros
/// otherwise. `None` when the model is not estimable: no variation in y, a constant covariate, two
/// covariates collinear, non-finite data, or no convergence within 100 iterations (complete or
/// quasi-complete separation makes the maximum-likelihood estimate infinite).
pub fn probit(g: &Grouped, start: Option<&[f64]>) -> Option<Vec<f64>> {
    let m = g.len();
    if m == 0 || g.x.len() != m * g.q || g.w0.len() != m {
        return None;
    }
    let s = Standardised::of(g)?;
    let mut gamma = s.start(start);
    let mut ll = s.loglik(&gamma);
    for _ in 0..100 {
        let step = s.scoring_step(&gamma)?;
        let (next, ll_next, t) = s.halve(&gamma, &step, ll);
        let change = step.iter().map(|s| (t * s).abs()).fold(0.0, f64::max);
        gamma = next;
        ll = ll_next;
        if gamma.iter().any(|v| !v.is_finite() || v.abs() > 50.0) {
            return None; // separation: the estimate runs off to infinity
        }
        if change < 1e-10 {
            let beta = s.original_scale(&gamma);
            return beta.iter().all(|v| v.is_finite()).then_some(beta);
        }
    }
    None
}

/// The patterns of a [`Grouped`] with their covariates standardised (weighted mean 0, SD 1), on which
/// the probit is fitted: the coefficients γ there are β_k = γ_k/sd_k, β₀ = γ₀ − Σ γ_k·mean_k/sd_k.
struct Standardised<'a> {
    g: &'a Grouped,
    /// Weighted means of the covariates.
    mean: Vec<f64>,
    /// Weighted SDs of the covariates (divisor n).
    sd: Vec<f64>,
    /// Standardised covariates, row-major like `g.x`.
    z: Vec<f64>,
}

impl<'a> Standardised<'a> {
    /// `None` when y does not vary, the weights are not finite and positive, a covariate is constant or
    /// two are collinear (|corr| ≥ 1 − 1e-9, a scale-free check).
    fn of(g: &'a Grouped) -> Option<Standardised<'a>> {
        let (q, m) = (g.q, g.len());
        let (mut n, mut n1) = (0.0, 0.0);
        let mut mean = vec![0.0; q];
        for i in 0..m {
            let w = g.w1[i] + g.w0[i];
            n += w;
            n1 += g.w1[i];
            for (k, mk) in mean.iter_mut().enumerate() {
                *mk += w * g.x[i * q + k];
            }
        }
        if !(n.is_finite() && n > 0.0 && n1 > 0.0 && n1 < n) {
            return None;
        }
        for v in &mut mean {
            *v /= n;
        }
        let mut cov = vec![0.0; q * q];
        for i in 0..m {
            let w = g.w1[i] + g.w0[i];
            for a in 0..q {
                for b in 0..q {
                    cov[a * q + b] += w * (g.x[i * q + a] - mean[a]) * (g.x[i * q + b] - mean[b]);
                }
            }
        }
        let sd: Vec<f64> = (0..q).map(|a| (cov[a * q + a] / n).sqrt()).collect();
        if sd.iter().any(|s| !(s.is_finite() && *s > 0.0)) {
            return None;
        }
        for a in 0..q {
            for b in a + 1..q {
                let r = cov[a * q + b] / n / (sd[a] * sd[b]);
                if r.is_nan() || r.abs() >= 1.0 - 1e-9 {
                    return None;
                }
            }
        }
        let z: Vec<f64> = (0..m * q).map(|t| (g.x[t] - mean[t % q]) / sd[t % q]).collect();
        Some(Standardised { g, mean, sd, z })
    }

    /// γ from the original-scale `start` when it is usable (p finite values), else zeros.
    fn start(&self, start: Option<&[f64]>) -> Vec<f64> {
        let (q, p) = (self.g.q, self.g.q + 1);
        match start {
            Some(b) if b.len() == p && b.iter().all(|v| v.is_finite()) => {
                let mut gm = vec![0.0; p];
                gm[0] = b[0] + (0..q).map(|k| b[k + 1] * self.mean[k]).sum::<f64>();
                for k in 0..q {
                    gm[k + 1] = b[k + 1] * self.sd[k];
                }
                gm
            }
            _ => vec![0.0; p],
        }
    }

    /// β on the original covariate scale from γ.
    fn original_scale(&self, gamma: &[f64]) -> Vec<f64> {
        let q = self.g.q;
        let mut beta = vec![0.0; q + 1];
        beta[0] = gamma[0] - (0..q).map(|k| gamma[k + 1] * self.mean[k] / self.sd[k]).sum::<f64>();
        for k in 0..q {
            beta[k + 1] = gamma[k + 1] / self.sd[k];
        }
        beta
    }

    /// The linear predictor of pattern i.
    #[inline]
    fn eta(&self, gm: &[f64], i: usize) -> f64 {
        let q = self.g.q;
        gm[0] + (0..q).map(|k| gm[k + 1] * self.z[i * q + k]).sum::<f64>()
    }

    /// The log-likelihood at γ.
    fn loglik(&self, gm: &[f64]) -> f64 {
        let g = self.g;
        (0..g.len())
            .map(|i| {
                let e = self.eta(gm, i);
                let mut l = 0.0;
                if g.w1[i] > 0.0 {
                    l += g.w1[i] * ln_norm_cdf(e);
                }
                if g.w0[i] > 0.0 {
                    l += g.w0[i] * ln_norm_cdf(-e);
                }
                l
            })
            .sum()
    }

    /// The Fisher-scoring step `I⁻¹U` at γ, from the score U and the expected information I: per
    /// pattern, dℓ/dη = w1·λ(η) − w0·λ(−η) and E[−d²ℓ/dη²] = (w1 + w0)·λ(η)·λ(−η) = n·φ²/(Φ(1 − Φ)).
    /// `None` when I is not positive definite or the step is not finite.
    fn scoring_step(&self, gamma: &[f64]) -> Option<DVector<f64>> {
        let (g, q, p) = (self.g, self.g.q, self.g.q + 1);
        let mut u = DVector::<f64>::zeros(p);
        let mut info = DMatrix::<f64>::zeros(p, p);
        for i in 0..g.len() {
            let e = self.eta(gamma, i);
            let (lp, lm) = (mills(e), mills(-e));
            let d = g.w1[i] * lp - g.w0[i] * lm;
            let w = (g.w1[i] + g.w0[i]) * lp * lm;
            let row = |k: usize| if k == 0 { 1.0 } else { self.z[i * q + k - 1] };
            for a in 0..p {
                u[a] += d * row(a);
                for b in 0..p {
                    info[(a, b)] += w * row(a) * row(b);
                }
            }
        }
        let step = info.cholesky()?.solve(&u);
        step.iter().all(|v| v.is_finite()).then_some(step)
    }

    /// Step halving: the longest step (1, 1/2, …, down to 1e-6) from γ that does not lower the
    /// log-likelihood `ll`; returns the new γ, its log-likelihood and the step length.
    fn halve(&self, gamma: &[f64], step: &DVector<f64>, ll: f64) -> (Vec<f64>, f64, f64) {
        let mut t = 1.0;
        loop {
            let next: Vec<f64> = gamma.iter().zip(step.iter()).map(|(g, s)| g + t * s).collect();
            let ll_next = self.loglik(&next);
            if ll_next >= ll - 1e-12 * ll.abs().max(1.0) || t < 1e-6 {
                return (next, ll_next, t);
            }
            t *= 0.5;
        }
    }
}

/// The applicant pool's covariate patterns (same layout as [`Grouped::x`]) with their counts.
#[derive(Debug, Clone, Default)]
pub struct Pool {
    /// Covariates per pattern.
    pub q: usize,
    /// Row-major covariates, `q` per pattern.
    pub x: Vec<f64>,
    /// Applicants per pattern.
    pub count: Vec<f64>,
}

/// The pool point-biserial correlation of covariate `col` with y implied by probit coefficients `beta`:
/// p̂ = Φ(β₀ + Σ β_k·x_k) per pattern, r = Σ c·(x − x̄)(p̂ − p̄) / √(Σ c·(x − x̄)² · N·p̄(1 − p̄)),
/// with c the pattern counts and N their sum.
///
/// `None` if `col` is out of range, the pool has no spread in x, or p̄ is 0 or 1.
/// Invariant: result in [−1, 1] (clamped against rounding).
pub fn pool_point_biserial(beta: &[f64], pool: &Pool, col: usize) -> Option<f64> {
    let q = pool.q;
    if col >= q || beta.len() != q + 1 || pool.x.len() != pool.count.len() * q {
        return None;
    }
    let m = pool.count.len();
    let p: Vec<f64> = (0..m)
        .map(|i| norm_cdf(beta[0] + (0..q).map(|k| beta[k + 1] * pool.x[i * q + k]).sum::<f64>()))
        .collect();
    let n: f64 = pool.count.iter().sum();
    if n.is_nan() || n <= 0.0 {
        return None;
    }
    let xbar = (0..m).map(|i| pool.count[i] * pool.x[i * q + col]).sum::<f64>() / n;
    let pbar = (0..m).map(|i| pool.count[i] * p[i]).sum::<f64>() / n;
    let (mut sxp, mut sxx) = (0.0, 0.0);
    for (i, pi) in p.iter().enumerate() {
        let dx = pool.x[i * q + col] - xbar;
        sxp += pool.count[i] * dx * (pi - pbar);
        sxx += pool.count[i] * dx * dx;
    }
    let vy = n * pbar * (1.0 - pbar);
    if !(sxx > 0.0 && vy > 0.0) {
        return None;
    }
    let r = sxp / (sxx.sqrt() * vy.sqrt());
    r.is_finite().then(|| r.clamp(-1.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails_are_finite_and_continuous() {
        for t in [-40.0, -30.0001, -29.9999, -5.0, 0.0, 5.0, 40.0] {
            assert!(ln_norm_cdf(t).is_finite() && mills(t).is_finite(), "{t}");
        }
        assert!((ln_norm_cdf(-30.0001) - ln_norm_cdf(-29.9999)).abs() < 0.01);
        assert!((mills(-30.0001) - mills(-29.9999)).abs() < 0.001);
        let p = norm_cdf(1.959_963_984_540_054);
        assert!((p - 0.975).abs() < 1e-10, "{p}"); // statrs erfc: ~1e-12
    }

    #[test]
    fn not_estimable_is_none() {
        // y constant
        let g = Grouped { q: 1, x: vec![1.0, 2.0], w1: vec![3.0, 4.0], w0: vec![0.0, 0.0] };
        assert_eq!(probit(&g, None), None);
        // complete separation: y = 1 exactly when x = 2
        let g = Grouped { q: 1, x: vec![1.0, 2.0], w1: vec![0.0, 4.0], w0: vec![3.0, 0.0] };
        assert_eq!(probit(&g, None), None);
        // constant covariate
        let g = Grouped { q: 1, x: vec![1.0, 1.0], w1: vec![1.0, 2.0], w0: vec![3.0, 1.0] };
        assert_eq!(probit(&g, None), None);
        // collinear covariates
        let g = Grouped {
            q: 2,
            x: vec![1.0, 2.0, 2.0, 4.0, 3.0, 6.0],
            w1: vec![1.0, 2.0, 3.0],
            w0: vec![3.0, 2.0, 1.0],
        };
        assert_eq!(probit(&g, None), None);
        let pool = Pool { q: 1, x: vec![1.0, 1.0], count: vec![2.0, 3.0] };
        assert_eq!(pool_point_biserial(&[0.0, 1.0], &pool, 0), None);
    }
}
