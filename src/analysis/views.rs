//! Per-interviewer views that feed the interviewer charts: score distributions, leniency by quarter,
//! and the rating-level residual SD for the funnel's control limits.

use serde::Serialize;

use super::interviewers::{InterviewerResult, InterviewersReport};
use super::model::ModelFit;
use super::panel::PanelResult;
use crate::calendar::civil_from_days;
use crate::dataset::Dataset;
use crate::stats::icc::spearman_brown;

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

/// The charts' and cards' views of one run: every number they draw, computed here so the outputs
/// only place it.
#[derive(Debug, Clone, Serialize)]
pub struct Views {
    /// The funnel's control limits.
    pub funnel: ControlLimits,
    /// Each interviewer's use of the scale.
    pub distributions: Distributions,
    /// The interviewers whose leniency by quarter is drawn ([`drift_candidates`]) and their series.
    pub drift: DriftView,
    /// Panel reliability against the number of interviews.
    pub reliability: ReliabilityCurve,
    /// One calibration card per interviewer with at least `min_cell` scorecards, in card order.
    pub cards: Vec<CardView>,
}

impl Views {
    /// The views of a run; interviewers with fewer than `min_cell` scorecards get no card and no drift
    /// series.
    pub fn of(
        ds: &Dataset,
        _questions: &crate::analysis::questions::QuestionsReport,
        iv: &InterviewersReport,
        panel: &PanelResult,
        fit: &ModelFit,
        min_cell: usize,
    ) -> Views {
        let distributions = distributions(ds);
        let chosen = drift_candidates(iv, 6, min_cell);
        let quarters = leniency_by_quarter(ds, fit, &chosen, 3);
        Views {
            funnel: ControlLimits {
                sigma: funnel_sigma(
                    &iv.interviewers.iter().map(|i| (i.leniency_se, i.n_ratings)).collect::<Vec<_>>(),
                ),
            },
            cards: cards(iv, &distributions, min_cell),
            distributions,
            drift: DriftView { chosen, quarters },
            reliability: ReliabilityCurve::of(panel, 10),
        }
    }
}

/// Funnel-plot control limits for an average of n ratings: ±z·σ/√n (σ from [`funnel_sigma`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ControlLimits {
    /// The rating-level residual SD; `None` without any standard error (no limits).
    pub sigma: Option<f64>,
}

impl ControlLimits {
    /// z for the 95% limits.
    pub const Z95: f64 = 1.959_964;
    /// z for the 99.8% limits.
    pub const Z998: f64 = 3.090_232;

    /// The limit z·σ/√n, if σ is usable and n positive.
    pub fn at(&self, z: f64, n: f64) -> Option<f64> {
        self.sigma.filter(|s| s.is_finite() && *s > 0.0 && n > 0.0).map(|s| z * s / n.sqrt())
    }
}

/// The interviewers whose drift is worth drawing: flagged `drifting` first, then the clearest drift
/// (|drift| over its interval's width); at most `max`, each with at least `min_cell` scorecards.
pub fn drift_candidates(iv: &InterviewersReport, max: usize, min_cell: usize) -> Vec<u32> {
    let mut order: Vec<usize> = (0..iv.interviewers.len())
        .filter(|&k| {
            iv.interviewers[k].drift_per_year.is_some() && iv.interviewers[k].n_scorecards >= min_cell
        })
        .collect();
    order.sort_by(|&a, &b| {
        let (ia, ib) = (&iv.interviewers[a], &iv.interviewers[b]);
        let drifting = |i: &InterviewerResult| i.flags.iter().any(|f| f.as_str() == "drifting");
        // Then the clearest drift: the slope against its interval's width, so an interviewer with a
        // steep slope from two sparse quarters does not crowd out a well-measured one.
        let clear = |i: &InterviewerResult| match (i.drift_per_year, i.drift_ci) {
            (Some(d), Some((lo, hi))) if hi > lo => d.abs() / (hi - lo),
            _ => 0.0,
        };
        drifting(ib).cmp(&drifting(ia)).then(clear(ib).total_cmp(&clear(ia)))
    });
    order.into_iter().take(max).map(|k| k as u32).collect()
}

/// Leniency by quarter of the interviewers chosen by [`drift_candidates`].
#[derive(Debug, Clone, Serialize)]
pub struct DriftView {
    /// Interviewer codes, in drawing order.
    pub chosen: Vec<u32>,
    /// Their series.
    pub quarters: QuarterSeries,
}

/// Reliability of the mean of k interviewers' ratings, k = 1…k_max, from the single-rater ICC
/// (Spearman–Brown).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReliabilityCurve {
    /// The single-rater ICC, when usable (finite, in (−1, 1)).
    pub icc_single: Option<f64>,
    /// (k, reliability clamped to [0, 1]).
    pub points: Vec<(f64, f64)>,
    /// The reliability of the panel as staffed (its mean size), clamped to [0, 1].
    pub now: Option<f64>,
    /// Interviews needed for the target (`interviews_for_reliability.k`).
    pub k_needed: Option<f64>,
}

impl ReliabilityCurve {
    /// The curve of `panel`'s single-rater ICC up to `k_max` interviews.
    pub fn of(panel: &PanelResult, k_max: usize) -> ReliabilityCurve {
        let Some(rho) = panel.icc1_unbalanced.filter(|r| r.is_finite() && *r > -1.0 && *r < 1.0) else {
            return ReliabilityCurve { icc_single: None, points: Vec::new(), now: None, k_needed: None };
        };
        ReliabilityCurve {
            icc_single: Some(rho),
            points: (1..=k_max.max(2))
                .map(|k| (k as f64, spearman_brown(rho, k as f64)))
                .filter(|p| p.1.is_finite())
                .map(|(k, r)| (k, r.clamp(0.0, 1.0)))
                .collect(),
            now: panel
                .mean_panel_size
                .filter(|c| c.is_finite())
                .map(|c| spearman_brown(rho, c).clamp(0.0, 1.0)),
            k_needed: panel.interviews_for_reliability.k.map(|k| k as f64),
        }
    }
}

/// What one interviewer's calibration card draws beside the interviewer's own results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardView {
    /// Index into `interviewers`.
    pub interviewer: usize,
    /// The shrunk leniency of the other peer-group members with at least `min_cell` scorecards.
    pub peers: Vec<f64>,
    /// This interviewer's share of ratings per scale point (empty without ratings).
    pub mine: Vec<f64>,
    /// The peer group's (all members') share of ratings per scale point.
    pub group: Vec<f64>,
    /// The peer group's panel agreement r (this interviewer's r minus the test's effect).
    pub peer_r: Option<f64>,
}

/// Shares of `counts` (0 where there is nothing to share).
fn shares(counts: &[u64]) -> Vec<f64> {
    let n: u64 = counts.iter().sum();
    counts.iter().map(|&x| if n > 0 { x as f64 / n as f64 } else { 0.0 }).collect()
}

/// The interviewers that get a card, flagged ones first (then by |shrunk leniency|), then by id; each
/// with at least `min_cell` scorecards.
pub fn card_order(iv: &InterviewersReport, min_cell: usize) -> Vec<usize> {
    let list = &iv.interviewers;
    let mut v: Vec<usize> = (0..list.len()).filter(|&k| list[k].n_scorecards >= min_cell.max(1)).collect();
    v.sort_by(|&a, &b| {
        let (a, b) = (&list[a], &list[b]);
        let k = |i: &InterviewerResult| i.leniency_shrunk.map_or(0.0, f64::abs);
        b.is_flagged()
            .cmp(&a.is_flagged())
            .then(k(b).total_cmp(&k(a)))
            .then(a.interviewer_id.cmp(&b.interviewer_id))
    });
    v
}

/// The cards' views, in [`card_order`].
pub fn cards(iv: &InterviewersReport, dist: &Distributions, min_cell: usize) -> Vec<CardView> {
    let list = &iv.interviewers;
    card_order(iv, min_cell)
        .into_iter()
        .map(|k| {
            let i = &list[k];
            let members: Vec<usize> =
                (0..list.len()).filter(|&m| list[m].peer_group == i.peer_group).collect();
            let peers = members
                .iter()
                .map(|&m| &list[m])
                .filter(|x| x.interviewer_id != i.interviewer_id && x.n_scorecards >= min_cell.max(1))
                .filter_map(|x| x.leniency_shrunk)
                .collect();
            let mut group = vec![0u64; dist.points.len()];
            for &m in &members {
                if let Some(c) = dist.counts.get(m) {
                    for (a, b) in group.iter_mut().zip(c) {
                        *a += b;
                    }
                }
            }
            CardView {
                interviewer: k,
                peers,
                mine: dist.shares(k).unwrap_or_default(),
                group: shares(&group),
                peer_r: i.flag_tests.disagrees_with_panel.effect.zip(i.panel_agreement_r).map(|(e, r)| r - e),
            }
        })
        .collect()
}

impl Distributions {
    /// Each interviewer's share of ratings per scale point.
    pub fn shares(&self, interviewer: usize) -> Option<Vec<f64>> {
        self.counts.get(interviewer).map(|c| shares(c))
    }

    /// The mean of every rating (0 without ratings).
    pub fn overall_mean(&self) -> f64 {
        let (s, n) = self
            .means
            .iter()
            .zip(&self.counts)
            .filter_map(|(m, c)| m.map(|m| (m, c.iter().sum::<u64>())))
            .fold((0.0, 0u64), |a, (m, n)| (a.0 + m * n as f64, a.1 + n));
        if n > 0 {
            s / n as f64
        } else {
            0.0
        }
    }
}
