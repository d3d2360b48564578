//! Interviewer calibration (docs/methods.md, "Interviewers"): leniency against peers who ran the same
//! interview (from the rating model of [`super::model`]), use of the scale, agreement with the rest of
//! the panel and with the hiring decision, validity, halo and drift — with flags a hiring team can act on.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

use super::design::Design;
use super::model::{self, ModelFit, ModelOptions};
use super::panel::{pooled_agreement, Cells, ScorecardSums};
use super::scores::choose_outcome;
use crate::dataset::Dataset;
use crate::error::Result;
use crate::stats::agreement::{cohen_kappa, percent_agreement};
use crate::stats::correlation::{fisher_ci, normal_quantile, pearson};
use crate::stats::descriptive::{mean, sd, variance};

/// Thresholds and options of the interviewer analysis (defaults from docs/methods.md).
#[derive(Debug, Clone, Serialize)]
pub struct InterviewerOptions {
    /// Confidence level of every interval.
    pub confidence: f64,
    /// Fewest scorecards for an interviewer not to be flagged `insufficient_data`.
    pub min_scorecards: usize,
    /// `lenient`/`harsh`: |leniency_shrunk| at least this share of the pooled rating SD (and CI excludes 0).
    pub leniency_sd_share: f64,
    /// `narrow_range`: spread_ratio below this.
    pub narrow_range_ratio: f64,
    /// `halo`: halo_index above this.
    pub halo_index: f64,
    /// `drifting`: |drift_per_year| at least this share of the pooled rating SD (and CI excludes 0).
    pub drift_sd_share: f64,
    /// `disconnected`: interviewers outside the largest candidate–interviewer component, and those in a
    /// component with fewer interviewers than this.
    pub min_component_interviewers: usize,
    /// The rating model's solver options.
    pub model: ModelOptions,
}

impl Default for InterviewerOptions {
    fn default() -> Self {
        InterviewerOptions {
            confidence: 0.95,
            min_scorecards: 10,
            leniency_sd_share: 0.2,
            narrow_range_ratio: 0.75,
            halo_index: 0.3,
            drift_sd_share: 0.2,
            min_component_interviewers: 3,
            model: ModelOptions::default(),
        }
    }
}

/// A calibration flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Scores higher than peers: CI above 0 and |leniency_shrunk| ≥ 0.2 pooled SD.
    Lenient,
    /// Scores lower than peers.
    Harsh,
    /// Uses less than 75% of the spread peers use.
    NarrowRange,
    /// Panel agreement clearly below the pooled panel agreement.
    DisagreesWithPanel,
    /// Rates all questions of a scorecard alike.
    Halo,
    /// Leniency changes over time.
    Drifting,
    /// Not connected to the main body of interviewers through shared candidates.
    Disconnected,
    /// Fewer scorecards than `min_scorecards`.
    InsufficientData,
}

impl Flag {
    /// The JSON/CSV spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Lenient => "lenient",
            Flag::Harsh => "harsh",
            Flag::NarrowRange => "narrow_range",
            Flag::DisagreesWithPanel => "disagrees_with_panel",
            Flag::Halo => "halo",
            Flag::Drifting => "drifting",
            Flag::Disconnected => "disconnected",
            Flag::InsufficientData => "insufficient_data",
        }
    }
}

/// `interviewers[]`.
#[derive(Debug, Clone, Serialize)]
pub struct InterviewerResult {
    /// Interviewer id.
    pub interviewer_id: String,
    /// Peer group (interviewers linked through shared questions; 0 = largest). Leniency is relative to it.
    pub peer_group: u32,
    /// Scorecards written.
    pub n_scorecards: usize,
    /// Ratings given.
    pub n_ratings: usize,
    /// Distinct candidates interviewed.
    pub n_candidates: usize,
    /// β_i in score points, centred to a rating-weighted mean of 0 within the peer group.
    pub leniency: Option<f64>,
    /// Least-squares standard error of the centred leniency.
    pub leniency_se: Option<f64>,
    /// leniency ± z·SE.
    pub leniency_ci: Option<(f64, f64)>,
    /// Empirical-Bayes shrunken leniency, β·τ²/(τ² + se²) within the peer group.
    pub leniency_shrunk: Option<f64>,
    /// SD of the interviewer's question-centred scores over the same SD of the peer group.
    pub spread_ratio: Option<f64>,
    /// Share of the interviewer's ratings at either end of the scale.
    pub extreme_share: Option<f64>,
    /// Pearson r of the interviewer's scorecard mean for a candidate with the mean of the others'.
    pub panel_agreement_r: Option<f64>,
    /// Candidates in `panel_agreement_r`.
    pub panel_agreement_n: usize,
    /// Share of scorecards where (recommendation positive) == hired, over known decisions.
    pub decision_agreement: Option<f64>,
    /// Cohen's kappa of the recommendation against the hiring decision.
    pub decision_kappa: Option<f64>,
    /// Pearson r of the interviewer's scorecard means with the outcome, over hires they interviewed.
    pub validity_r: Option<f64>,
    /// Hires in `validity_r`.
    pub validity_n: usize,
    /// `validity_r` shrunk toward the pooled value on Fisher's z (empirical Bayes across interviewers).
    pub validity_shrunk: Option<f64>,
    /// 1 − (mean within-scorecard SD)/(the peer group's mean within-scorecard SD).
    pub halo_index: Option<f64>,
    /// OLS slope of the interviewer's scorecard residual means on the interview date, per year.
    pub drift_per_year: Option<f64>,
    /// t interval of `drift_per_year`.
    pub drift_ci: Option<(f64, f64)>,
    /// Flags, see [`Flag`].
    pub flags: Vec<Flag>,
}

/// `{"interviewers": […]}`.
#[derive(Debug, Clone, Serialize)]
pub struct InterviewersReport {
    /// One entry per interviewer, in input order.
    pub interviewers: Vec<InterviewerResult>,
}

/// What the interviewer and panel analyses share: graphs, model fit, scorecard sums, cells.
#[derive(Debug, Clone)]
pub struct Computed {
    /// Components and peer groups.
    pub design: Design,
    /// The rating model.
    pub fit: ModelFit,
    /// Per-scorecard sums.
    pub sums: ScorecardSums,
    /// Candidate × interviewer scorecard means.
    pub cells: Cells,
}

impl Computed {
    /// Computes everything once: O(ratings) plus the model solve.
    pub fn of(ds: &Dataset, model_opts: &ModelOptions) -> Computed {
        let _bar = (ds.ratings.len() >= 1_000_000)
            .then(|| crate::progress::Progress::spinner("fitting the interviewer model"));
        let design = Design::of(ds);
        let fit = model::fit(ds, &design, model_opts);
        let sums = ScorecardSums::of(ds);
        let cells = Cells::of(ds, &sums);
        Computed { design, fit, sums, cells }
    }
}

/// Runs the interviewer analysis.
pub fn analyse(ds: &Dataset, outcome: Option<&str>, opts: &InterviewerOptions) -> Result<InterviewersReport> {
    let comp = Computed::of(ds, &opts.model);
    analyse_with(ds, &comp, outcome, opts)
}

/// Values grouped by interviewer (compressed rows), from `(interviewer, x, y)` triples.
struct Grouped {
    start: Vec<usize>,
    x: Vec<f64>,
    y: Vec<f64>,
}

impl Grouped {
    fn of(n: usize, items: &[(u32, f64, f64)]) -> Grouped {
        let mut start = vec![0usize; n + 1];
        for it in items {
            start[it.0 as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let (mut x, mut y) = (vec![0.0; items.len()], vec![0.0; items.len()]);
        for it in items {
            let k = fill[it.0 as usize];
            x[k] = it.1;
            y[k] = it.2;
            fill[it.0 as usize] += 1;
        }
        Grouped { start, x, y }
    }

    fn get(&self, i: usize) -> (&[f64], &[f64]) {
        let rg = self.start[i]..self.start[i + 1];
        (&self.x[rg.clone()], &self.y[rg])
    }
}

/// OLS slope of y on x with its t interval at `level`: (slope, (lo, hi)). `None` with fewer than 3 points
/// or no spread in x.
pub fn slope_ci(x: &[f64], y: &[f64], level: f64) -> Option<(f64, Option<(f64, f64)>)> {
    let n = x.len();
    if n < 3 || n != y.len() {
        return None;
    }
    let (mx, my) = (mean(x)?, mean(y)?);
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxx += (a - mx) * (a - mx);
        sxy += (a - mx) * (b - my);
    }
    if sxx <= 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let sse: f64 = x.iter().zip(y).map(|(a, b)| (b - my - slope * (a - mx)).powi(2)).sum();
    let df = (n - 2) as f64;
    let se = (sse / df / sxx).sqrt();
    let t = StudentsT::new(0.0, 1.0, df).ok().map(|d| d.inverse_cdf(0.5 + level / 2.0));
    let ci = t.filter(|t| t.is_finite() && se.is_finite()).map(|t| (slope - t * se, slope + t * se));
    slope.is_finite().then_some((slope, ci))
}

/// Runs the interviewer analysis on precomputed parts.
pub fn analyse_with(
    ds: &Dataset,
    comp: &Computed,
    outcome: Option<&str>,
    opts: &InterviewerOptions,
) -> Result<InterviewersReport> {
    let chosen = choose_outcome(ds, outcome)?;
    let y = chosen.as_ref().map(|(_, v)| *v);
    let (ni, nq) = (ds.interviewers.len(), ds.questions.len());
    let r = &ds.ratings;
    let sc = &ds.scorecards;
    let design = &comp.design;
    let fit = &comp.fit;
    let cells = &comp.cells;
    let sums = &comp.sums;
    let n_peer = design.peer_group_sizes.len();
    let peer = |i: usize| design.peer_group_of_interviewer[i] as usize;
    let z = normal_quantile(0.5 + opts.confidence / 2.0).unwrap_or(1.959964);

    // Counts, question means, scale ends, pooled SD.
    let mut n_ratings = vec![0usize; ni];
    let (mut qsum, mut qcnt) = (vec![0.0; nq], vec![0usize; nq]);
    for j in 0..r.len() {
        n_ratings[r.interviewer[j] as usize] += 1;
        qsum[r.question[j] as usize] += r.score[j];
        qcnt[r.question[j] as usize] += 1;
    }
    let qmean: Vec<f64> =
        qsum.iter().zip(&qcnt).map(|(s, &n)| if n > 0 { s / n as f64 } else { 0.0 }).collect();
    let pooled_sd = sd(&r.score);
    let (obs_lo, obs_hi) =
        r.score.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |a, &x| (a.0.min(x), a.1.max(x)));
    let (lo, hi) = match &ds.scale {
        Some(s) => (s.min.unwrap_or(obs_lo), s.max.unwrap_or(obs_hi)),
        None => (obs_lo, obs_hi),
    };
    // Spread (question-centred) and extremes.
    let (mut s1, mut s2, mut ext) = (vec![0.0; ni], vec![0.0; ni], vec![0usize; ni]);
    let (mut g1, mut g2, mut gn) = (vec![0.0; n_peer], vec![0.0; n_peer], vec![0usize; n_peer]);
    for j in 0..r.len() {
        let i = r.interviewer[j] as usize;
        let d = r.score[j] - qmean[r.question[j] as usize];
        s1[i] += d;
        s2[i] += d * d;
        let g = peer(i);
        g1[g] += d;
        g2[g] += d * d;
        gn[g] += 1;
        if r.score[j] <= lo + 1e-9 || r.score[j] >= hi - 1e-9 {
            ext[i] += 1;
        }
    }
    let sd_of = |s: f64, ss: f64, n: usize| -> Option<f64> {
        (n >= 2).then(|| ((ss - s * s / n as f64) / (n as f64 - 1.0)).max(0.0).sqrt())
    };
    // Scorecards: counts, within-scorecard SDs (halo), decisions, drift points.
    let mut n_sc = vec![0usize; ni];
    let (mut wsd, mut wsd_n) = (vec![0.0; ni], vec![0usize; ni]);
    let (mut gsd, mut gsd_n) = (vec![0.0; n_peer], vec![0usize; n_peer]);
    let mut decisions: Vec<(u32, f64, f64)> = Vec::new();
    let mut drift_pts: Vec<(u32, f64, f64)> = Vec::new();
    for s in 0..sc.len() {
        let i = sc.interviewer[s] as usize;
        n_sc[i] += 1;
        if let Some(v) = sums.sd(s) {
            wsd[i] += v;
            wsd_n[i] += 1;
            gsd[peer(i)] += v;
            gsd_n[peer(i)] += 1;
        }
        let c = sc.candidate[s] as usize;
        if let (Some(rec), Some(Some(h))) = (sc.recommendation[s], ds.hired.get(c)) {
            let pos = rec.is_positive();
            decisions.push((i as u32, f64::from(u8::from(pos)), f64::from(u8::from(*h))));
        }
        let e = fit.scorecard_residual[s];
        if let (Some(d), true) = (sc.date[s], e.is_finite()) {
            drift_pts.push((i as u32, d as f64 / 365.25, e));
        }
    }
    let decisions = Grouped::of(ni, &decisions);
    let drift = Grouped::of(ni, &drift_pts);
    // Cells: candidates per interviewer, panel agreement, validity.
    let mut n_cand = vec![0usize; ni];
    for &i in &cells.interviewer {
        n_cand[i as usize] += 1;
    }
    let mut agree: Vec<(u32, f64, f64)> = Vec::new();
    cells.for_each_with_rest(|cell, _, rest| agree.push((cells.interviewer[cell], cells.mean[cell], rest)));
    let agree = Grouped::of(ni, &agree);
    let pooled_agree = pooled_agreement(cells);
    let mut val: Vec<(u32, f64, f64)> = Vec::new();
    if let Some(y) = y {
        for c in 0..cells.n_candidates() {
            if let (Some(true), Some(Some(yc))) = (ds.hired.get(c).copied().flatten(), y.get(c)) {
                for cell in cells.range(c) {
                    val.push((cells.interviewer[cell], cells.mean[cell], *yc));
                }
            }
        }
    }
    let pooled_val = {
        let (x, yy): (Vec<f64>, Vec<f64>) = val.iter().map(|v| (v.1, v.2)).unzip();
        pearson(&x, &yy)
    };
    let val = Grouped::of(ni, &val);
    let validity: Vec<(Option<f64>, usize)> = (0..ni)
        .map(|i| {
            let (x, yy) = val.get(i);
            (pearson(x, yy), x.len())
        })
        .collect();
    let validity_shrunk = shrink_fisher(&validity, pooled_val);

    let mut out = Vec::with_capacity(ni);
    for i in 0..ni {
        let g = peer(i);
        let leniency = fit.leniency[i];
        let se = fit.leniency_se[i];
        let leniency_ci = leniency.zip(se).map(|(b, s)| (b - z * s, b + z * s));
        let spread_ratio = match (sd_of(s1[i], s2[i], n_ratings[i]), sd_of(g1[g], g2[g], gn[g])) {
            (Some(a), Some(b)) if b > 0.0 => Some(a / b),
            _ => None,
        };
        let extreme_share = (n_ratings[i] > 0 && hi > lo).then(|| ext[i] as f64 / n_ratings[i] as f64);
        let (ax, ay) = agree.get(i);
        let panel_agreement_r = pearson(ax, ay);
        let (dx, dy) = decisions.get(i);
        let (da, db): (Vec<bool>, Vec<bool>) = dx.iter().zip(dy).map(|(a, b)| (*a > 0.5, *b > 0.5)).unzip();
        let halo_index = match (wsd_n[i], gsd_n[g]) {
            (a, b) if a > 0 && b > 0 && gsd[g] > 0.0 => Some(1.0 - (wsd[i] / a as f64) / (gsd[g] / b as f64)),
            _ => None,
        };
        let (tx, ty) = drift.get(i);
        let dr = slope_ci(tx, ty, opts.confidence);
        let drift_per_year = dr.map(|d| d.0);
        let drift_ci = dr.and_then(|d| d.1);
        // Flags.
        let mut flags = Vec::new();
        let insufficient = n_sc[i] < opts.min_scorecards;
        if let (Some((clo, chi)), Some(sh), Some(psd)) = (leniency_ci, fit.leniency_shrunk[i], pooled_sd) {
            if clo > 0.0 && sh >= opts.leniency_sd_share * psd {
                flags.push(Flag::Lenient);
            } else if chi < 0.0 && sh <= -opts.leniency_sd_share * psd {
                flags.push(Flag::Harsh);
            }
        }
        if !insufficient && spread_ratio.is_some_and(|s| s < opts.narrow_range_ratio) {
            flags.push(Flag::NarrowRange);
        }
        if let (Some(ri), Some(p)) = (panel_agreement_r, pooled_agree) {
            if fisher_ci(ri, ax.len(), opts.confidence).is_some_and(|c| c.1 < p) {
                flags.push(Flag::DisagreesWithPanel);
            }
        }
        if !insufficient && halo_index.is_some_and(|h| h > opts.halo_index) {
            flags.push(Flag::Halo);
        }
        if let (Some(d), Some((clo, chi)), Some(psd)) = (drift_per_year, drift_ci, pooled_sd) {
            if (clo > 0.0 || chi < 0.0) && d.abs() >= opts.drift_sd_share * psd {
                flags.push(Flag::Drifting);
            }
        }
        let k = design.component_of_interviewer[i] as usize;
        if k != 0 || design.component_interviewers[k] < opts.min_component_interviewers {
            flags.push(Flag::Disconnected);
        }
        if insufficient {
            flags.push(Flag::InsufficientData);
        }
        out.push(InterviewerResult {
            interviewer_id: ds.interviewers.name(i as u32).to_string(),
            peer_group: g as u32,
            n_scorecards: n_sc[i],
            n_ratings: n_ratings[i],
            n_candidates: n_cand[i],
            leniency,
            leniency_se: se,
            leniency_ci,
            leniency_shrunk: fit.leniency_shrunk[i],
            spread_ratio,
            extreme_share,
            panel_agreement_r,
            panel_agreement_n: ax.len(),
            decision_agreement: percent_agreement(&da, &db),
            decision_kappa: cohen_kappa(&da, &db),
            validity_r: validity[i].0,
            validity_n: validity[i].1,
            validity_shrunk: validity_shrunk[i],
            halo_index,
            drift_per_year,
            drift_ci,
            flags,
        });
    }
    Ok(InterviewersReport { interviewers: out })
}

/// Empirical-Bayes shrinkage of correlations toward `pooled` on Fisher's z: with `z_i = atanh r_i`,
/// `v_i = 1/(n_i − 3)` and `τ² = max(0, var(z) − mean(v))` over interviewers with n_i > 3,
/// `z̃_i = z_p + (z_i − z_p)·τ²/(τ² + v_i)`. `None` where r_i is undefined or n_i ≤ 3.
pub fn shrink_fisher(rs: &[(Option<f64>, usize)], pooled: Option<f64>) -> Vec<Option<f64>> {
    let clamp = |r: f64| r.clamp(-0.999_999, 0.999_999);
    let ok: Vec<(f64, f64)> = rs
        .iter()
        .filter_map(|&(r, n)| r.filter(|_| n > 3).map(|r| (clamp(r).atanh(), 1.0 / (n as f64 - 3.0))))
        .collect();
    let zs: Vec<f64> = ok.iter().map(|v| v.0).collect();
    let vs: Vec<f64> = ok.iter().map(|v| v.1).collect();
    let tau2 = match (variance(&zs), mean(&vs)) {
        (Some(a), Some(b)) => Some((a - b).max(0.0)),
        _ => None,
    };
    rs.iter()
        .map(|&(r, n)| {
            let (r, zp, t2) = (r?, clamp(pooled?).atanh(), tau2?);
            if n <= 3 {
                return None;
            }
            let v = 1.0 / (n as f64 - 3.0);
            let zi = clamp(r).atanh();
            Some((zp + (zi - zp) * t2 / (t2 + v)).tanh())
        })
        .collect()
}
