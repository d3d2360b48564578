//! Area under the ROC curve (Mann–Whitney) with the Hanley–McNeil standard error.
//!
//! Reference: Hanley & McNeil (1982) Radiology 143:29. AUC verified against
//! `scipy.stats.mannwhitneyu` (AUC = U/(n₁n₀)) in tests/reference/stats_questions.py.

use super::correlation::normal_quantile;
use super::descriptive::ranks;

/// An AUC with its Hanley–McNeil standard error and normal-approximation interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Auc {
    /// P(score of a random positive > score of a random negative) + ½·P(tie), in [0, 1].
    pub auc: f64,
    /// Hanley–McNeil (1982) standard error, ≥ 0.
    pub se: f64,
    /// auc ± z·se clipped to [0, 1], z = Φ⁻¹((1 + level)/2).
    pub ci: (f64, f64),
}

/// AUC of `scores` separating `positive == true` from `false`.
///
/// A = U/(n₁n₀) with U = R₁ − n₁(n₁ + 1)/2, R₁ the sum of the positives' average ranks
/// (ties count ½). O(n log n).
/// SE² = [A(1 − A) + (n₁ − 1)(Q₁ − A²) + (n₀ − 1)(Q₂ − A²)] / (n₁n₀),
/// Q₁ = A/(2 − A), Q₂ = 2A²/(1 + A). CI = A ± z·SE, clipped to [0, 1].
///
/// `None` if the lengths differ, either class is empty, a score is non-finite, or `level`
/// is not in (0, 1). Invariants: 0 ≤ ci.0 ≤ auc ≤ ci.1 ≤ 1.
pub fn auc(scores: &[f64], positive: &[bool], level: f64) -> Option<Auc> {
    // The level is checked here: normal_quantile alone accepts any level in (−1, 1), and a level
    // ≤ 0 gave Some with z ≤ 0, i.e. a reversed interval (ci.0 > auc > ci.1).
    if scores.len() != positive.len()
        || scores.iter().any(|v| !v.is_finite())
        || !(level > 0.0 && level < 1.0)
    {
        return None;
    }
    let n1 = positive.iter().filter(|&&p| p).count();
    let n0 = positive.len() - n1;
    if n1 == 0 || n0 == 0 {
        return None;
    }
    let z = normal_quantile(0.5 + level / 2.0)?;
    let rk = ranks(scores);
    let r1: f64 = rk.iter().zip(positive).filter(|(_, &p)| p).map(|(r, _)| r).sum();
    let (f1, f0) = (n1 as f64, n0 as f64);
    let u = r1 - f1 * (f1 + 1.0) / 2.0;
    let a = (u / (f1 * f0)).clamp(0.0, 1.0);
    let q1 = a / (2.0 - a);
    let q2 = 2.0 * a * a / (1.0 + a);
    let var = (a * (1.0 - a) + (f1 - 1.0) * (q1 - a * a) + (f0 - 1.0) * (q2 - a * a)) / (f1 * f0);
    let se = var.max(0.0).sqrt();
    Some(Auc { auc: a, se, ci: ((a - z * se).max(0.0), (a + z * se).min(1.0)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values: tests/reference/stats_questions.py, section "auc".
    const S: [f64; 14] = [3.0, 4.0, 2.0, 5.0, 3.0, 4.0, 1.0, 3.0, 5.0, 2.0, 4.0, 3.0, 2.0, 4.0];
    const P: [bool; 14] =
        [true, true, false, true, false, true, false, false, true, false, false, true, true, false];

    #[test]
    fn matches_mannwhitney_and_hanley_mcneil() {
        let a = auc(&S, &P, 0.95).unwrap();
        assert!((a.auc - 0.734_693_877_551_020_4).abs() < 1e-12);
        assert!((a.se - 0.138_170_422_459_288_3).abs() < 1e-9);
        assert!((a.ci.0 - 0.463_884_825_802_131_2).abs() < 1e-9);
        assert_eq!(a.ci.1, 1.0);
    }

    #[test]
    fn perfect_and_reversed_separation() {
        let s = [1.0, 2.0, 3.0, 4.0];
        let a = auc(&s, &[false, false, true, true], 0.95).unwrap();
        assert_eq!((a.auc, a.se, a.ci), (1.0, 0.0, (1.0, 1.0)));
        let a = auc(&s, &[true, true, false, false], 0.95).unwrap();
        assert_eq!(a.auc, 0.0);
        // all tied: 0.5
        let a = auc(&[2.0; 4], &[true, false, true, false], 0.95).unwrap();
        assert!((a.auc - 0.5).abs() < 1e-15);
    }

    #[test]
    fn undefined_cases_are_none() {
        assert_eq!(auc(&[1.0, 2.0], &[true, true], 0.95), None);
        assert_eq!(auc(&[1.0, 2.0], &[false, false], 0.95), None);
        assert_eq!(auc(&[], &[], 0.95), None);
        assert_eq!(auc(&[1.0, 2.0], &[true], 0.95), None);
        assert_eq!(auc(&[1.0, f64::NAN], &[true, false], 0.95), None);
    }

    #[test]
    fn auc_stays_in_unit_interval() {
        let mut s: u64 = 7;
        let mut next = || {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            s >> 33
        };
        for n in 2..60 {
            let sc: Vec<f64> = (0..n).map(|_| (next() % 5) as f64).collect();
            let lab: Vec<bool> = (0..n).map(|_| next() % 2 == 0).collect();
            if let Some(a) = auc(&sc, &lab, 0.95) {
                assert!(0.0 <= a.ci.0 && a.ci.0 <= a.auc && a.auc <= a.ci.1 && a.ci.1 <= 1.0);
                assert!(a.se >= 0.0);
            }
        }
    }
}
