//! Benjamini–Hochberg false-discovery-rate adjustment.
//!
//! Reference: Benjamini & Hochberg (1995) JRSS-B 57:289. Matches
//! `statsmodels.stats.multitest.multipletests(method="fdr_bh")` (tests/reference/stats_questions.py).

/// BH-adjusted p-values (q-values).
///
/// For the m present p-values sorted ascending p₍₁₎ ≤ … ≤ p₍ₘ₎:
/// q₍ᵢ₎ = min_{j ≥ i} min(1, m·p₍ⱼ₎ / j) (step-up, monotone), returned in the input order.
/// `None` entries — and non-finite or out-of-[0, 1] p-values — pass through as `None` and
/// do not count in m. Invariants: q ≥ p, q ≤ 1, and q is monotone in p.
pub fn benjamini_hochberg(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let valid = |v: &Option<f64>| v.filter(|x| x.is_finite() && (0.0..=1.0).contains(x));
    let mut idx: Vec<(usize, f64)> =
        p.iter().enumerate().filter_map(|(i, v)| valid(v).map(|x| (i, x))).collect();
    let m = idx.len();
    let mut out = vec![None; p.len()];
    if m == 0 {
        return out;
    }
    idx.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut running = 1.0_f64;
    for (rank0, &(i, pv)) in idx.iter().enumerate().rev() {
        // At least pv: m·p/m can round to just below p (q ≥ p is an invariant).
        let q = (pv * m as f64 / (rank0 + 1) as f64).clamp(pv, 1.0);
        running = running.min(q);
        out[i] = Some(running);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values: tests/reference/stats_questions.py, section "fdr".
    #[test]
    fn matches_statsmodels_fdr_bh() {
        let p = [
            Some(0.01),
            None,
            Some(0.04),
            Some(0.03),
            Some(0.005),
            None,
            Some(0.20),
            Some(0.04),
            Some(0.9),
            Some(0.0001),
        ];
        let expected = [
            Some(0.026_666_666_666_666_67),
            None,
            Some(0.053_333_333_333_333_34),
            Some(0.053_333_333_333_333_34),
            Some(0.02),
            None,
            Some(0.228_571_428_571_428_6),
            Some(0.053_333_333_333_333_34),
            Some(0.9),
            Some(0.0008),
        ];
        let q = benjamini_hochberg(&p);
        assert_eq!(q.len(), expected.len());
        for (a, b) in q.iter().zip(expected) {
            match (a, b) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-12, "{a} vs {b}"),
                (None, None) => {}
                _ => panic!("{a:?} vs {b:?}"),
            }
        }
        let q = benjamini_hochberg(&[Some(0.5), Some(0.6), Some(0.9), Some(0.99)]);
        for v in q {
            assert!((v.unwrap() - 0.99).abs() < 1e-12);
        }
    }

    #[test]
    fn edge_cases() {
        assert!(benjamini_hochberg(&[]).is_empty());
        assert_eq!(benjamini_hochberg(&[None, None]), vec![None, None]);
        assert_eq!(benjamini_hochberg(&[Some(0.03)]), vec![Some(0.03)]);
        assert_eq!(benjamini_hochberg(&[Some(f64::NAN), Some(0.2)]), vec![None, Some(0.2)]);
        let q = benjamini_hochberg(&[Some(0.9), Some(1.0), Some(0.95)]);
        assert!(q.iter().all(|v| v.unwrap() <= 1.0));
    }
}
