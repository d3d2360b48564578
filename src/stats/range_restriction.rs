//! Corrections of correlations for range restriction and criterion unreliability.
//!
//! Among hires (H), selected on the panel score z from the pool (A), correlations are shrunk and
//! distorted. Thorndike (1949) Case II corrects the correlation of the selection variable itself;
//! Case III corrects the correlation of another variable x with the outcome y under explicit
//! selection on z. See docs/methods.md "Range restriction"; Sackett & Yang (2000);
//! Hunter, Schmidt & Le (2006) JAP 91:594. Both assume linearity and homoscedasticity of the
//! regressions on z (exact for multivariate normal data; checked by simulation in the tests).

fn is_corr(r: f64) -> bool {
    r.is_finite() && r.abs() <= 1.0
}

/// Thorndike Case II (direct selection on the predictor):
/// R = r·u / sqrt(1 − r² + r²u²), u = sd_A / sd_H (unrestricted / restricted SD).
///
/// `None` if r is not a correlation in [−1, 1] or u is non-finite or ≤ 0.
/// Invariants: sign(R) = sign(r); |R| ≥ |r| when u ≥ 1; R in [−1, 1] (clamped); u = 1 gives R = r.
pub fn case2(r: f64, u: f64) -> Option<f64> {
    if !is_corr(r) || !u.is_finite() || u <= 0.0 {
        return None;
    }
    // sqrt(1 − r² + r²u²) as hypot(sqrt(1 − r²), r·u): the plain form overflowed to ∞ for
    // u ≳ 1e154 and returned 0 instead of ≈ ±1 (r·u itself cannot overflow, |r| ≤ 1).
    let d = (1.0 - r * r).sqrt().hypot(r * u);
    if d.is_nan() || d <= 0.0 {
        return None;
    }
    let out = r * u / d;
    out.is_finite().then(|| out.clamp(-1.0, 1.0))
}

/// Thorndike Case III (explicit selection on z, correct r between x and y):
/// R = (r_xy + r_xz·r_yz·K) / sqrt((1 + r_xz²·K)(1 + r_yz²·K)), K = var_A(z)/var_H(z) − 1,
/// all three correlations computed in the selected group H.
///
/// `None` if any r is not in [−1, 1], K is non-finite or ≤ −1 (variance ratio must be positive),
/// or the square-root argument is ≤ 0. Invariants: K = 0 gives R = r_xy; R in [−1, 1] (clamped).
pub fn case3(r_xy: f64, r_xz: f64, r_yz: f64, k: f64) -> Option<f64> {
    if !is_corr(r_xy) || !is_corr(r_xz) || !is_corr(r_yz) || !k.is_finite() || k <= -1.0 {
        return None;
    }
    // The square root of each factor is taken separately: their product overflowed to ∞ for
    // K ≳ 1e154 and the result came out 0 instead of ≈ ±1.
    let (d1, d2) = (1.0 + r_xz * r_xz * k, 1.0 + r_yz * r_yz * k);
    if d1.is_nan() || d2.is_nan() || d1 <= 0.0 || d2 <= 0.0 {
        return None;
    }
    let out = (r_xy + r_xz * r_yz * k) / (d1.sqrt() * d2.sqrt());
    out.is_finite().then(|| out.clamp(-1.0, 1.0))
}

/// Correction for criterion unreliability (Spearman 1904): r / sqrt(r_yy).
///
/// `None` if r is not in [−1, 1] or r_yy is not in (0, 1]. The result is clamped to [−1, 1]
/// (a value beyond ±1 means r_yy was set too low). r_yy = 1 gives r unchanged.
pub fn disattenuate(r: f64, r_yy: f64) -> Option<f64> {
    if !is_corr(r) || !r_yy.is_finite() || r_yy <= 0.0 || r_yy > 1.0 {
        return None;
    }
    Some((r / r_yy.sqrt()).clamp(-1.0, 1.0))
}

/// Case III's K = var_A(z)/var_H(z) − 1 from the pool and hired variances of z.
///
/// `None` if either variance is non-finite or ≤ 0. K > 0 under restriction; K > −1 always.
pub fn k_from_variances(var_pool: f64, var_hired: f64) -> Option<f64> {
    if !var_pool.is_finite() || !var_hired.is_finite() || var_pool <= 0.0 || var_hired <= 0.0 {
        return None;
    }
    // A ratio below 2^−53 rounds K to exactly −1, which Case III rejects; the closest f64 above −1
    // keeps K in its domain (K > −1) as the positive variances imply.
    let k = (var_pool / var_hired - 1.0).max(-1.0 + f64::EPSILON / 2.0);
    k.is_finite().then_some(k)
}

/// Case II's u = sd_A(z)/sd_H(z) from the pool and hired SDs.
///
/// `None` if either SD is non-finite or ≤ 0. u > 1 under restriction.
pub fn u_from_sds(sd_pool: f64, sd_hired: f64) -> Option<f64> {
    if !sd_pool.is_finite() || !sd_hired.is_finite() || sd_pool <= 0.0 || sd_hired <= 0.0 {
        return None;
    }
    // A ratio below the least positive f64 underflows to 0, which Case II rejects; that least
    // positive value (5e-324) is the closest u > 0.
    let u = (sd_pool / sd_hired).max(f64::from_bits(1));
    u.is_finite().then_some(u)
}

#[cfg(test)]
mod tests {
    use super::super::correlation::pearson;
    use super::super::descriptive::{sd, variance};
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    // Reference values: tests/reference/stats_questions.py, section "range_restriction".
    #[test]
    fn closed_forms_match_reference() {
        assert!((case2(0.25, 1.6).unwrap() - 0.381_819_167_922_678_17).abs() < 1e-12);
        assert!((case2(-0.4, 2.0).unwrap() - -0.657_595_949_221_429_3).abs() < 1e-12);
        let r = case3(0.10, 0.55, 0.30, 1.8).unwrap();
        assert!((r - 0.296_342_190_258_069_07).abs() < 1e-12);
        let r = case3(-0.05, 0.60, 0.20, 2.5).unwrap();
        assert!((r - 0.172_928_615_966_518_65).abs() < 1e-12);
        assert!((disattenuate(0.3, 0.6).unwrap() - 0.387_298_334_620_741_65).abs() < 1e-12);
    }

    #[test]
    fn identities_and_edges() {
        assert!((case2(0.37, 1.0).unwrap() - 0.37).abs() < 1e-15);
        assert!((case3(0.21, 0.5, 0.4, 0.0).unwrap() - 0.21).abs() < 1e-15);
        assert_eq!(case2(1.0, 3.0), Some(1.0));
        assert_eq!(case2(0.3, 0.0), None);
        assert_eq!(case2(1.2, 1.5), None);
        assert_eq!(case3(0.1, 0.2, 0.3, -1.0), None);
        assert_eq!(case3(0.1, 0.2, f64::NAN, 1.0), None);
        assert_eq!(disattenuate(0.3, 0.0), None);
        assert_eq!(disattenuate(0.3, 1.1), None);
        assert_eq!(disattenuate(0.9, 0.5), Some(1.0));
        assert_eq!(k_from_variances(2.0, 0.5), Some(3.0));
        assert_eq!(k_from_variances(2.0, 0.0), None);
        assert_eq!(u_from_sds(2.0, 0.5), Some(4.0));
        assert_eq!(u_from_sds(-1.0, 0.5), None);
    }

    fn std_normal(rng: &mut ChaCha8Rng) -> f64 {
        // Box–Muller; 1 − U avoids ln(0)
        let u1: f64 = 1.0 - rng.random::<f64>();
        let u2: f64 = rng.random();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Simulates (z, x, y) standard normal with corr(z,x)=a, corr(z,y)=c, corr(x,y)=rxy,
    /// selects the top 30% on z and checks Case III (x–y) and Case II (z–y) recover the
    /// population correlations within 0.02.
    fn recovery(a: f64, c: f64, rxy: f64, seed: u64) {
        let n = 200_000;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let b = (1.0 - a * a).sqrt();
        let d = (rxy - a * c) / b;
        let f = (1.0 - c * c - d * d).sqrt();
        let (mut z, mut x, mut y) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        for _ in 0..n {
            let (e1, e2, e3) = (std_normal(&mut rng), std_normal(&mut rng), std_normal(&mut rng));
            z.push(e1);
            x.push(a * e1 + b * e2);
            y.push(c * e1 + d * e2 + f * e3);
        }
        let mut sorted = z.clone();
        sorted.sort_by(f64::total_cmp);
        let cut = sorted[(n as f64 * 0.7) as usize];
        let sel: Vec<usize> = (0..n).filter(|&i| z[i] >= cut).collect();
        let pick = |v: &[f64]| sel.iter().map(|&i| v[i]).collect::<Vec<_>>();
        let (zh, xh, yh) = (pick(&z), pick(&x), pick(&y));
        let r_xy = pearson(&xh, &yh).unwrap();
        let r_xz = pearson(&xh, &zh).unwrap();
        let r_yz = pearson(&yh, &zh).unwrap();
        let k = k_from_variances(variance(&z).unwrap(), variance(&zh).unwrap()).unwrap();
        let corrected = case3(r_xy, r_xz, r_yz, k).unwrap();
        assert!(
            (corrected - rxy).abs() < 0.02,
            "case III: raw {r_xy}, corrected {corrected}, population {rxy}"
        );
        let u = u_from_sds(sd(&z).unwrap(), sd(&zh).unwrap()).unwrap();
        let corrected2 = case2(r_yz, u).unwrap();
        assert!((corrected2 - c).abs() < 0.02, "case II: raw {r_yz}, corrected {corrected2}, population {c}");
        // the raw values really are biased, so the test has teeth
        assert!((r_yz - c).abs() > 0.1);
    }

    #[test]
    fn case3_recovers_valid_question() {
        recovery(0.6, 0.4, 0.3, 1);
    }

    #[test]
    fn case3_recovers_invalid_question_that_counted() {
        // x counts in z but predicts nothing: raw r among hires turns negative, corrected ≈ 0
        recovery(0.6, 0.35, 0.0, 2);
    }
}
