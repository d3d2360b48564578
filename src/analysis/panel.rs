//! Panel reliability (docs/methods.md, "Panel reliability"): how much the interviewers of a panel agree
//! about the same candidate, and how many interviews a reliable decision needs.
//!
//! Everything is computed on the candidate × interviewer matrix of scorecard means ([`Cells`]): the
//! Shrout & Fleiss ICCs when the design is fully crossed, the unbalanced one-way ICC(1) otherwise,
//! Krippendorff's alpha with missing cells, Cronbach's alpha over questions, the Spearman–Brown panel
//! size for a target reliability, and the pooled agreement of each scorecard with the rest of the panel.

use serde::Serialize;

use super::design::Design;
use super::generalizability::{self, GOptions, Generalizability, NotEstimated};
use super::scores::zeros_written;
use crate::dataset::ByCandidate;
use crate::dataset::Dataset;
use crate::stats::correlation::pearson;
use crate::stats::icc::{
    cronbach_alpha, icc1_unbalanced, shrout_fleiss, spearman_brown, spearman_brown_k, Icc,
};
use crate::stats::krippendorff::{alpha_slices, Metric};

/// Options of the panel analysis.
#[derive(Debug, Clone, Serialize)]
pub struct PanelOptions {
    /// Confidence level of the ICC intervals.
    pub confidence: f64,
    /// Reliability target for `interviews_for_reliability`.
    pub reliability_target: f64,
    /// Fewest complete candidates (rated on every question) for Cronbach's alpha.
    pub min_complete: usize,
    /// Run the generalizability study (`panel.generalizability`).
    pub generalizability: bool,
}

impl Default for PanelOptions {
    fn default() -> Self {
        PanelOptions { confidence: 0.95, reliability_target: 0.80, min_complete: 30, generalizability: true }
    }
}

/// Per-scorecard rating sums: the building block of scorecard means.
#[derive(Debug, Clone)]
pub struct ScorecardSums {
    /// Σ x per scorecard.
    pub sum: Vec<f64>,
    /// Σ x² per scorecard.
    pub sumsq: Vec<f64>,
    /// Ratings per scorecard.
    pub n: Vec<u32>,
}

impl ScorecardSums {
    /// One pass over the ratings.
    pub fn of(ds: &Dataset) -> ScorecardSums {
        let ns = ds.scorecards.len();
        let (mut sum, mut sumsq, mut n) = (zeros_written(ns), zeros_written(ns), zeros_written::<u32>(ns));
        let r = &ds.ratings;
        for j in 0..r.len() {
            let s = r.scorecard[j] as usize;
            if s < ns {
                sum[s] += r.score[j];
                sumsq[s] += r.score[j] * r.score[j];
                n[s] += 1;
            }
        }
        ScorecardSums { sum, sumsq, n }
    }

    /// Mean rating of scorecard `s`, `None` without ratings.
    #[inline]
    pub fn mean(&self, s: usize) -> Option<f64> {
        (self.n[s] > 0).then(|| self.sum[s] / self.n[s] as f64)
    }

    /// Sample SD of scorecard `s`'s ratings, `None` with fewer than 2.
    #[inline]
    pub fn sd(&self, s: usize) -> Option<f64> {
        let n = self.n[s] as f64;
        (self.n[s] >= 2)
            .then(|| ((self.sumsq[s] - self.sum[s] * self.sum[s] / n) / (n - 1.0)).max(0.0).sqrt())
    }
}

/// The candidate × interviewer matrix of scorecard means, stored sparsely by candidate. A cell is the mean
/// of the interviewer's scorecard means for that candidate (usually one scorecard).
#[derive(Debug, Clone)]
pub struct Cells {
    start: Vec<usize>,
    /// Interviewer code of each cell, sorted within a candidate.
    pub interviewer: Vec<u32>,
    /// Cell value.
    pub mean: Vec<f64>,
}

impl Cells {
    /// Builds the cells: O(scorecards · log(panel size)).
    pub fn of(ds: &Dataset, sums: &ScorecardSums) -> Cells {
        let nc = ds.candidates.len();
        let sc = &ds.scorecards;
        let mut start = vec![0usize; nc + 1];
        for &c in &sc.candidate {
            start[c as usize + 1] += 1;
        }
        for c in 0..nc {
            start[c + 1] += start[c];
        }
        let mut fill = start.clone();
        let mut order = vec![0u32; sc.len()];
        for (s, &c) in sc.candidate.iter().enumerate() {
            order[fill[c as usize]] = s as u32;
            fill[c as usize] += 1;
        }
        let mut cstart = Vec::with_capacity(nc + 1);
        cstart.push(0);
        let (mut interviewer, mut mean) = (Vec::new(), Vec::new());
        let mut row: Vec<(u32, f64)> = Vec::with_capacity(16);
        for c in 0..nc {
            row.clear();
            for &s in &order[start[c]..start[c + 1]] {
                if let Some(m) = sums.mean(s as usize) {
                    row.push((sc.interviewer[s as usize], m));
                }
            }
            row.sort_by_key(|x| x.0);
            let mut k = 0;
            while k < row.len() {
                let i = row[k].0;
                let (mut s, mut n) = (0.0, 0.0);
                while k < row.len() && row[k].0 == i {
                    s += row[k].1;
                    n += 1.0;
                    k += 1;
                }
                interviewer.push(i);
                mean.push(s / n);
            }
            cstart.push(interviewer.len());
        }
        Cells { start: cstart, interviewer, mean }
    }

    /// Number of candidates (rows).
    pub fn n_candidates(&self) -> usize {
        self.start.len() - 1
    }

    /// Cell range of candidate `c`.
    #[inline]
    pub fn range(&self, c: usize) -> std::ops::Range<usize> {
        self.start[c]..self.start[c + 1]
    }

    /// Calls `f(cell, candidate, rest_mean)` for every cell whose candidate has other cells, with the mean
    /// of the candidate's other cells.
    pub fn for_each_with_rest(&self, mut f: impl FnMut(usize, usize, f64)) {
        for c in 0..self.n_candidates() {
            let rg = self.range(c);
            let k = rg.len();
            if k < 2 {
                continue;
            }
            let total: f64 = self.mean[rg.clone()].iter().sum();
            for cell in rg {
                f(cell, c, (total - self.mean[cell]) / (k - 1) as f64);
            }
        }
    }
}

/// The six Shrout & Fleiss ICCs with their F-based intervals (fully crossed designs only).
#[derive(Debug, Clone, Serialize)]
pub struct IccBlock {
    /// ICC(1,1): one-way random, single interview.
    pub icc1: Option<f64>,
    /// Interval of `icc1`.
    pub icc1_ci: Option<(f64, f64)>,
    /// ICC(2,1): two-way random, absolute agreement, single interview.
    pub icc2: Option<f64>,
    /// Interval of `icc2`.
    pub icc2_ci: Option<(f64, f64)>,
    /// ICC(3,1): two-way mixed, consistency, single interview.
    pub icc3: Option<f64>,
    /// Interval of `icc3`.
    pub icc3_ci: Option<(f64, f64)>,
    /// ICC(1,k): mean of the panel's k interviews.
    pub icc1k: Option<f64>,
    /// Interval of `icc1k`.
    pub icc1k_ci: Option<(f64, f64)>,
    /// ICC(2,k).
    pub icc2k: Option<f64>,
    /// Interval of `icc2k`.
    pub icc2k_ci: Option<(f64, f64)>,
    /// ICC(3,k).
    pub icc3k: Option<f64>,
    /// Interval of `icc3k`.
    pub icc3k_ci: Option<(f64, f64)>,
}

/// Spearman–Brown panel size for a target reliability.
#[derive(Debug, Clone, Serialize)]
pub struct InterviewsForReliability {
    /// The target reliability.
    pub target: f64,
    /// Interviews needed (rounded up, at least 1); `null` when the single-interview ICC is ≤ 0 or undefined.
    pub k: Option<usize>,
}

/// `panel`.
#[derive(Debug, Clone, Serialize)]
pub struct PanelResult {
    /// Confidence level of every interval (`[analysis] confidence`, default 0.95).
    pub confidence: f64,
    /// Shrout & Fleiss ICCs when every candidate was rated by the same interviewers; `null` otherwise.
    pub icc: Option<IccBlock>,
    /// One-way ICC(1) with unequal panel sizes (candidates with ≥ 2 interviewers).
    pub icc1_unbalanced: Option<f64>,
    /// Mean number of interviewers per candidate (candidates with ≥ 2 interviewers).
    pub mean_panel_size: Option<f64>,
    /// Spearman–Brown reliability of a panel of `mean_panel_size` (rounded) interviews, from `icc1_unbalanced`.
    pub reliability_mean_panel: Option<f64>,
    /// Krippendorff's alpha, interval metric, over candidates with ≥ 2 interviewers.
    pub krippendorff_alpha_interval: Option<f64>,
    /// Krippendorff's alpha, ordinal metric.
    pub krippendorff_alpha_ordinal: Option<f64>,
    /// Cronbach's alpha over the candidate × question matrix (candidates rated on every question);
    /// `null` with fewer than 30 such candidates.
    pub cronbach_alpha: Option<f64>,
    /// Interviews needed for the target reliability.
    pub interviews_for_reliability: InterviewsForReliability,
    /// Pooled Pearson r of every scorecard mean with the mean of the candidate's other scorecards.
    pub panel_agreement_r: Option<f64>,
    /// Connected components of the candidate–interviewer graph.
    pub components: usize,
    /// Interviewer peer groups (linked through shared questions).
    pub peer_groups: usize,
    /// Generalizability theory: variance components and the D-study (`null` when not estimable, with
    /// `generalizability_not_estimated` saying why).
    pub generalizability: Option<Generalizability>,
    /// Why `generalizability` is `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generalizability_not_estimated: Option<String>,
}

/// `{"panel": {…}}`.
#[derive(Debug, Clone, Serialize)]
pub struct PanelReport {
    /// The panel section.
    pub panel: PanelResult,
}

fn split(v: Option<Icc>) -> (Option<f64>, Option<(f64, f64)>) {
    match v {
        Some(i) => (Some(i.value), i.ci),
        None => (None, None),
    }
}

/// The fully crossed matrix (candidates × the common interviewers), if the design is fully crossed.
fn crossed(cells: &Cells) -> Option<(Vec<f64>, usize, usize)> {
    let mut first: Option<std::ops::Range<usize>> = None;
    let mut values = Vec::new();
    let mut n = 0;
    for c in 0..cells.n_candidates() {
        let rg = cells.range(c);
        if rg.is_empty() {
            continue;
        }
        match &first {
            None => first = Some(rg.clone()),
            Some(f) => {
                if cells.interviewer[f.clone()] != cells.interviewer[rg.clone()] {
                    return None;
                }
            }
        }
        values.extend_from_slice(&cells.mean[rg]);
        n += 1;
    }
    let k = first?.len();
    (k >= 2 && n >= 2).then_some((values, n, k))
}

/// Pooled panel agreement: Pearson r of every cell with the mean of its candidate's other cells.
pub fn pooled_agreement(cells: &Cells) -> Option<f64> {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    cells.for_each_with_rest(|cell, _, rest| {
        x.push(cells.mean[cell]);
        y.push(rest);
    });
    pearson(&x, &y)
}

/// Cronbach's alpha over candidates rated on every question.
fn cronbach(ds: &Dataset, min_complete: usize) -> Option<f64> {
    let nq = ds.questions.len();
    if nq < 2 {
        return None;
    }
    let r = &ds.ratings;
    let by_c = ByCandidate::of(ds);
    let (mut sum, mut cnt) = (vec![0.0; nq], vec![0u32; nq]);
    let mut matrix = Vec::new();
    let mut rows = 0;
    for c in 0..ds.candidates.len() {
        let rs = by_c.ratings(c);
        for &j in rs {
            sum[r.question[j as usize] as usize] += r.score[j as usize];
            cnt[r.question[j as usize] as usize] += 1;
        }
        if cnt.iter().all(|&k| k > 0) {
            matrix.extend(sum.iter().zip(&cnt).map(|(s, &k)| s / k as f64));
            rows += 1;
        }
        for &j in rs {
            sum[r.question[j as usize] as usize] = 0.0;
            cnt[r.question[j as usize] as usize] = 0;
        }
    }
    if rows < min_complete.max(2) {
        return None;
    }
    cronbach_alpha(&matrix, rows, nq)
}

/// The generalizability study of the panel, `None` when `opts` switch it off. It needs only the ratings,
/// so it can run beside everything else (it is the panel's longest step).
pub fn g_study(ds: &Dataset, opts: &PanelOptions) -> Option<Result<Generalizability, NotEstimated>> {
    opts.generalizability.then(|| {
        let g_opts = GOptions { target: opts.reliability_target, ..GOptions::default() };
        generalizability::analyse(ds, &g_opts)
    })
}

/// Runs the panel analysis.
pub fn analyse(ds: &Dataset, opts: &PanelOptions) -> PanelResult {
    analyse_without_g_study(ds, opts).with_g_study(g_study(ds, opts))
}

/// The panel analysis without the generalizability study, computing its own design and cells.
pub fn analyse_without_g_study(ds: &Dataset, opts: &PanelOptions) -> PanelResult {
    let cells = Cells::of(ds, &ScorecardSums::of(ds));
    analyse_with(ds, &Design::of(ds), &cells, opts)
}

impl PanelResult {
    /// The panel result with the generalizability study from [`g_study`].
    pub fn with_g_study(mut self, g: Option<Result<Generalizability, NotEstimated>>) -> PanelResult {
        (self.generalizability, self.generalizability_not_estimated) = match g {
            Some(Ok(g)) => (Some(g), None),
            Some(Err(e)) => (None, Some(e.reason)),
            None => (None, None),
        };
        self
    }
}

/// The panel analysis on precomputed graphs and cells (shared with the interviewer analysis), without
/// the generalizability study ([`PanelResult::with_g_study`] adds it).
pub fn analyse_with(ds: &Dataset, design: &Design, cells: &Cells, opts: &PanelOptions) -> PanelResult {
    let icc = crossed(cells).and_then(|(m, n, k)| shrout_fleiss(&m, n, k, opts.confidence)).map(|s| {
        let (icc1, icc1_ci) = split(s.icc1);
        let (icc2, icc2_ci) = split(s.icc2);
        let (icc3, icc3_ci) = split(s.icc3);
        let (icc1k, icc1k_ci) = split(s.icc1k);
        let (icc2k, icc2k_ci) = split(s.icc2k);
        let (icc3k, icc3k_ci) = split(s.icc3k);
        IccBlock {
            icc1,
            icc1_ci,
            icc2,
            icc2_ci,
            icc3,
            icc3_ci,
            icc1k,
            icc1k_ci,
            icc2k,
            icc2k_ci,
            icc3k,
            icc3k_ci,
        }
    });
    let groups: Vec<&[f64]> =
        (0..cells.n_candidates()).map(|c| &cells.mean[cells.range(c)]).filter(|g| g.len() >= 2).collect();
    let one_way = icc1_unbalanced(&groups);
    let icc1u = one_way.map(|o| o.icc1);
    let mean_panel_size = (!groups.is_empty())
        .then(|| groups.iter().map(|g| g.len()).sum::<usize>() as f64 / groups.len() as f64);
    let k =
        icc1u.and_then(|r| spearman_brown_k(r, opts.reliability_target)).map(|k| (k.ceil() as usize).max(1));
    PanelResult {
        confidence: opts.confidence,
        icc,
        icc1_unbalanced: icc1u,
        mean_panel_size,
        reliability_mean_panel: match (icc1u, mean_panel_size) {
            (Some(r), Some(m)) => Some(spearman_brown(r, m.round())),
            _ => None,
        },
        krippendorff_alpha_interval: alpha_slices(&groups, Metric::Interval),
        krippendorff_alpha_ordinal: alpha_slices(&groups, Metric::Ordinal),
        cronbach_alpha: cronbach(ds, opts.min_complete),
        interviews_for_reliability: InterviewsForReliability { target: opts.reliability_target, k },
        panel_agreement_r: pooled_agreement(cells),
        components: design.components(),
        peer_groups: design.peer_group_sizes.len(),
        generalizability: None,
        generalizability_not_estimated: None,
    }
}
