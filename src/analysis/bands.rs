//! Outcome by panel-score band: the mean outcome (or outcome rate) of hires in each fifth of the
//! hires' panel-score distribution, with intervals — the picture behind the panel's validity.

use serde::Serialize;

use crate::stats::descriptive::mean;
use crate::stats::intervals::{mean_ci, wilson_ci};

/// One band of hires by panel score.
#[derive(Debug, Clone, Serialize)]
pub struct Band {
    /// Lowest panel score in the band.
    pub score_low: f64,
    /// Highest panel score in the band.
    pub score_high: f64,
    /// Hires with a known outcome in the band.
    pub n: usize,
    /// Mean outcome (the outcome rate for a binary outcome).
    pub mean: Option<f64>,
    /// t interval of the mean, or the Wilson interval of the rate.
    pub ci: Option<(f64, f64)>,
}

/// Splits hires (pairs of panel score and outcome) into `k` bands of near-equal size by panel score.
pub fn outcome_by_band(pairs: &[(f64, f64)], k: usize, binary: bool, level: f64) -> Vec<Band> {
    let mut v: Vec<(f64, f64)> =
        pairs.iter().copied().filter(|(s, y)| s.is_finite() && y.is_finite()).collect();
    if v.is_empty() || k == 0 {
        return Vec::new();
    }
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let k = k.min(v.len());
    (0..k)
        .map(|b| {
            let (lo, hi) = (b * v.len() / k, (b + 1) * v.len() / k);
            let part = &v[lo..hi];
            let ys: Vec<f64> = part.iter().map(|p| p.1).collect();
            let ci = if binary {
                wilson_ci(ys.iter().filter(|&&y| y >= 0.5).count(), ys.len(), level)
            } else {
                mean_ci(&ys, level)
            };
            Band {
                score_low: part[0].0,
                score_high: part[part.len() - 1].0,
                n: ys.len(),
                mean: mean(&ys),
                ci,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_split_evenly_and_summarise() {
        let pairs: Vec<(f64, f64)> = (0..10).map(|i| (i as f64, if i < 5 { 0.0 } else { 1.0 })).collect();
        let b = outcome_by_band(&pairs, 2, true, 0.95);
        assert_eq!(b.len(), 2);
        assert_eq!((b[0].n, b[1].n), (5, 5));
        assert_eq!((b[0].mean, b[1].mean), (Some(0.0), Some(1.0)));
        assert_eq!((b[0].score_low, b[0].score_high), (0.0, 4.0));
        let numeric = outcome_by_band(&[(1.0, 2.0), (2.0, 4.0), (f64::NAN, 1.0)], 5, false, 0.95);
        assert_eq!(numeric.len(), 2, "never more bands than points; NaN dropped");
        assert!(outcome_by_band(&[], 5, false, 0.95).is_empty());
    }
}
