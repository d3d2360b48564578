//! Agreement between two raters on a binary decision (e.g. an interviewer's recommendation vs the
//! hiring decision).
//!
//! Reference numbers: `tests/reference/stats_reliability.py` (sklearn `cohen_kappa_score`,
//! statsmodels `cohens_kappa`).

/// Cohen's (1960) kappa of two binary raters over the same items: `κ = (p_o − p_e)/(1 − p_e)` with
/// observed agreement `p_o` and chance agreement `p_e = p_a p_b + (1 − p_a)(1 − p_b)`, where `p_a`,
/// `p_b` are the shares of `true` of each rater.
///
/// Range `[−1, 1]`. Returns `None` if the slices are empty or of different lengths, or if `p_e = 1`
/// (both raters constant and equal, so chance explains everything).
pub fn cohen_kappa(a: &[bool], b: &[bool]) -> Option<f64> {
    if a.is_empty() || a.len() != b.len() {
        return None;
    }
    let n = a.len();
    let ta = a.iter().filter(|&&x| x).count();
    let tb = b.iter().filter(|&&x| x).count();
    // p_e = 1 exactly when both raters give one and the same constant answer.
    if (ta == n && tb == n) || (ta == 0 && tb == 0) {
        return None;
    }
    let agree = a.iter().zip(b).filter(|(x, y)| x == y).count();
    let nf = n as f64;
    let po = agree as f64 / nf;
    let (pa, pb) = (ta as f64 / nf, tb as f64 / nf);
    let pe = pa * pb + (1.0 - pa) * (1.0 - pb);
    let k = (po - pe) / (1.0 - pe);
    k.is_finite().then_some(k)
}

/// Share of items on which two raters agree, in `[0, 1]`. `None` if the slices are empty or of
/// different lengths.
pub fn percent_agreement(a: &[bool], b: &[bool]) -> Option<f64> {
    if a.is_empty() || a.len() != b.len() {
        return None;
    }
    let agree = a.iter().zip(b).filter(|(x, y)| x == y).count();
    Some(agree as f64 / a.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bools(xs: &[u8]) -> Vec<bool> {
        xs.iter().map(|&x| x == 1).collect()
    }

    #[test]
    fn matches_sklearn() {
        let a = bools(&[1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1]);
        let b = bools(&[1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1]);
        assert!((cohen_kappa(&a, &b).unwrap() - 0.4897959183673469).abs() < 1e-12);
        assert!((percent_agreement(&a, &b).unwrap() - 0.75).abs() < 1e-15);
        // Symmetric.
        assert_eq!(cohen_kappa(&a, &b), cohen_kappa(&b, &a));
    }

    #[test]
    fn edge_cases() {
        let t = [true, true, true];
        let f = [false, false, false];
        assert!(cohen_kappa(&t, &t).is_none());
        assert!(cohen_kappa(&f, &f).is_none());
        assert!(cohen_kappa(&[], &[]).is_none());
        assert!(cohen_kappa(&t, &t[..2]).is_none());
        assert!(percent_agreement(&[], &[]).is_none());
        assert!(percent_agreement(&t, &f[..1]).is_none());
        assert_eq!(percent_agreement(&t, &f), Some(0.0));
        // One constant rater: p_e = p_o, kappa 0; complete disagreement with both constant: −1.
        assert_eq!(cohen_kappa(&[true, false, true], &t), Some(0.0));
        assert_eq!(cohen_kappa(&t, &f), Some(0.0));
        assert_eq!(cohen_kappa(&[true, false], &[false, true]), Some(-1.0));
        assert_eq!(cohen_kappa(&[true, false], &[true, false]), Some(1.0));
    }
}
