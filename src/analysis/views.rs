//! Per-interviewer views that feed the interviewer charts: score distributions, leniency by quarter,
//! and the rating-level residual SD for the funnel's control limits.

use serde::Serialize;

use super::model::ModelFit;
use crate::dataset::Dataset;
use crate::ingest::values::civil_from_days;

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
    let mut pts: Vec<f64> = r.score.clone();
    pts.sort_by(f64::total_cmp);
    pts.dedup();
    let binned = pts.len() > 12;
    let (lo, hi) = (pts.first().copied().unwrap_or(0.0), pts.last().copied().unwrap_or(0.0));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::values::days_from_civil;

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
