//! Per-interviewer views that feed the interviewer charts: score distributions, leniency by quarter,
//! and the rating-level residual SD for the funnel's control limits.

use serde::Serialize;

use super::model::ModelFit;
use crate::calendar::civil_from_days;
use crate::dataset::Dataset;

/// Each interviewer's ratings per scale point.
#[derive(Debug, Clone, Serialize)]
pub struct Distributions {
    /// The distinct scores, ascending.
    pub points: Vec<f64>,
    /// Counts per interviewer code, aligned with `points`.
    pub counts: Vec<Vec<u64>>,
    /// Mean score per interviewer code (`None` without ratings).
    pub means: Vec<Option<f64>>,
}

/// Counts every interviewer's ratings per scale point in one pass. When the scores take more than 12
/// distinct values (a continuous scale), they are binned to 10 equal-width bins labelled by bin centre.
pub fn distributions(ds: &Dataset) -> Distributions {
    let r = &ds.ratings;
    let (pts, lo, hi) = scale_points(&r.score);
    let binned = pts.len() > 12;
    let width = if binned { (hi - lo) / 10.0 } else { 0.0 };
    let points: Vec<f64> =
        if binned { (0..10).map(|b| lo + width * (b as f64 + 0.5)).collect() } else { pts.clone() };
    let ni = ds.interviewers.len();
    let mut counts = vec![vec![0u64; points.len()]; ni];
    let mut sums = vec![0.0; ni];
    for k in 0..r.len() {
        let s = r.score[k];
        let b = if binned {
            (((s - lo) / width) as usize).min(9)
        } else {
            pts.binary_search_by(|p| p.total_cmp(&s)).unwrap_or(0)
        };
        counts[r.interviewer[k] as usize][b] += 1;
        sums[r.interviewer[k] as usize] += s;
    }
    let means = counts
        .iter()
        .zip(&sums)
        .map(|(c, s)| {
            let n: u64 = c.iter().sum();
            (n > 0).then(|| s / n as f64)
        })
        .collect();
    Distributions { points, counts, means }
}

/// Leniency of selected interviewers per calendar quarter.
#[derive(Debug, Clone, Serialize)]
pub struct QuarterSeries {
    /// Quarter labels (`2024Q3`), contiguous from the first to the last dated scorecard.
    pub periods: Vec<String>,
    /// Per selected interviewer: leniency (β_i plus the mean model residual of its scorecards) per quarter;
    /// `None` where it has fewer than `min_scorecards` scorecards in the quarter.
    pub values: Vec<Vec<Option<f64>>>,
}

fn quarter(day: i32) -> i32 {
    let (y, m, _) = civil_from_days(day);
    y * 4 + (m as i32 - 1) / 3
}

/// Leniency by quarter for `interviewers` (codes), from the model's scorecard residuals.
pub fn leniency_by_quarter(
    ds: &Dataset,
    fit: &ModelFit,
    interviewers: &[u32],
    min_scorecards: usize,
) -> QuarterSeries {
    let sc = &ds.scorecards;
    let qs: Vec<i32> = sc.date.iter().flatten().map(|&d| quarter(d)).collect();
    let (Some(&q0), Some(&q1)) = (qs.iter().min(), qs.iter().max()) else {
        return QuarterSeries { periods: Vec::new(), values: vec![Vec::new(); interviewers.len()] };
    };
    let nq = (q1 - q0 + 1) as usize;
    let periods = (q0..=q1).map(|q| format!("{}Q{}", q.div_euclid(4), q.rem_euclid(4) + 1)).collect();
    let mut slot = vec![usize::MAX; ds.interviewers.len()];
    for (k, &i) in interviewers.iter().enumerate() {
        slot[i as usize] = k;
    }
    let mut sum = vec![vec![0.0; nq]; interviewers.len()];
    let mut cnt = vec![vec![0usize; nq]; interviewers.len()];
    for s in 0..sc.len() {
        let k = slot[sc.interviewer[s] as usize];
        let res = fit.scorecard_residual.get(s).copied().unwrap_or(f64::NAN);
        if let (true, Some(d), false) = (k != usize::MAX, sc.date[s], res.is_nan()) {
            let q = (quarter(d) - q0) as usize;
            sum[k][q] += res;
            cnt[k][q] += 1;
        }
    }
    let values = interviewers
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let base = fit.leniency.get(i as usize).copied().flatten().unwrap_or(0.0);
            (0..nq)
                .map(|q| (cnt[k][q] >= min_scorecards).then(|| base + sum[k][q] / cnt[k][q] as f64))
                .collect()
        })
        .collect();
    QuarterSeries { periods, values }
}

/// The rating-level residual SD behind leniency SEs: the median over interviewers of se_i·√n_i, so the
/// funnel's control limits ±z·σ/√n match the model's intervals.
pub fn funnel_sigma(se_and_n: &[(Option<f64>, usize)]) -> Option<f64> {
    let mut v: Vec<f64> = se_and_n
        .iter()
        .filter_map(|(se, n)| se.filter(|s| s.is_finite() && *n > 0).map(|s| s * (*n as f64).sqrt()))
        .collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

/// The distinct values of `scores` in ascending order while there are at most 13 of them (enough to
/// tell a scale from a continuous score; more are not collected), and the smallest and largest value
/// (0 and 0 when empty). One pass with a short list instead of sorting every rating.
fn scale_points(scores: &[f64]) -> (Vec<f64>, f64, f64) {
    let mut pts: Vec<f64> = Vec::new();
    let (mut lo, mut hi) = (None::<f64>, None::<f64>);
    let mut last = f64::NAN;
    for &s in scores {
        if s == last {
            continue;
        }
        last = s;
        if lo.is_none_or(|l| s.total_cmp(&l).is_lt()) {
            lo = Some(s);
        }
        if hi.is_none_or(|h| s.total_cmp(&h).is_gt()) {
            hi = Some(s);
        }
        if pts.len() <= 12 && !pts.contains(&s) {
            pts.push(s);
        }
    }
    pts.sort_by(f64::total_cmp);
    (pts, lo.unwrap_or(0.0), hi.unwrap_or(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::days_from_civil;

    #[test]
    fn scale_points_are_the_sorted_distinct_values_or_the_range() {
        // The definition it replaces: sort, dedup, first and last.
        let by_sorting = |v: &[f64]| {
            let mut p = v.to_vec();
            p.sort_by(f64::total_cmp);
            p.dedup();
            let (lo, hi) = (p.first().copied().unwrap_or(0.0), p.last().copied().unwrap_or(0.0));
            (p, lo, hi)
        };
        let scale: Vec<f64> = (0..1000).map(|i| [3.0, 1.0, 4.0, 2.0, 2.5][(i * 7) % 5]).collect();
        assert_eq!(scale_points(&scale), by_sorting(&scale));
        let continuous: Vec<f64> = (0..1000).map(|i| ((i * 37) % 101) as f64 / 10.0 - 3.0).collect();
        let (p, lo, hi) = scale_points(&continuous);
        let (all, slo, shi) = by_sorting(&continuous);
        assert_eq!((p.len(), lo, hi), (13, slo, shi));
        assert!(all.len() > 12 && p.iter().all(|x| all.contains(x)));
        assert_eq!(scale_points(&[]), (vec![], 0.0, 0.0));
        assert_eq!(scale_points(&[2.0, 2.0]), (vec![2.0], 2.0, 2.0));
    }

    #[test]
    fn quarters_and_sigma() {
        assert_eq!(quarter(days_from_civil(2024, 1, 1)), 2024 * 4);
        assert_eq!(quarter(days_from_civil(2024, 12, 31)), 2024 * 4 + 3);
        assert_eq!(
            funnel_sigma(&[(Some(0.1), 100), (Some(0.2), 25), (None, 3), (Some(0.05), 400)]),
            Some(1.0)
        );
        assert_eq!(funnel_sigma(&[]), None);
    }
}
