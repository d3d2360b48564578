//! Interviewer calibration (docs/methods.md, "Interviewers"): leniency against peers who ran the same
//! interview (from the rating model of [`super::model`]), use of the scale, agreement with the rest of
//! the panel and with the hiring decision, validity, halo and drift — with flags a hiring team can act on.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

use super::design::Design;
use super::model::{self, ModelFit, ModelOptions};
use super::panel::{Cells, ScorecardSums};
use super::scores::choose_outcome;
use crate::dataset::Dataset;
use crate::error::Result;
use crate::stats::agreement::{cohen_kappa, percent_agreement};
use crate::stats::correlation::{normal_quantile, pearson};
use crate::stats::descriptive::{mean, sd, variance};
use crate::stats::fdr::benjamini_hochberg;
use crate::stats::flag_tests::{peer_null_test, t_p, EstimateSums, Moments, Side};

/// Thresholds and options of the interviewer analysis (defaults from docs/methods.md).
#[derive(Debug, Clone, Serialize)]
pub struct InterviewerOptions {
    /// Confidence level of every interval.
    pub confidence: f64,
    /// Fewest scorecards for an interviewer not to be flagged `insufficient_data`.
    pub min_scorecards: usize,
    /// `lenient`/`harsh`: |leniency_shrunk| at least this share of the pooled rating SD.
    pub leniency_sd_share: f64,
    /// `narrow_range`: spread_ratio below this.
    pub narrow_range_ratio: f64,
    /// `halo`: halo_index above this.
    pub halo_index: f64,
    /// `drifting`: |drift_per_year| at least this share of the pooled rating SD.
    pub drift_sd_share: f64,
    /// `disagrees_with_panel`: panel agreement at least this much below the peer group's (in r).
    pub disagree_r_drop: f64,
    /// False-discovery rate of every flag kind: flagged when the Benjamini–Hochberg q ≤ this.
    pub flag_fdr: f64,
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
            disagree_r_drop: 0.1,
            flag_fdr: 0.10,
            min_component_interviewers: 3,
            model: ModelOptions::default(),
        }
    }
}

/// A calibration flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Scores higher than peers: BH q ≤ flag_fdr and leniency_shrunk ≥ 0.2 pooled SD.
    Lenient,
    /// Scores lower than peers.
    Harsh,
    /// Uses less than 75% of the spread peers use (and its test's q ≤ flag_fdr).
    NarrowRange,
    /// Panel agreement at least .10 below the peer group's (and its test's q ≤ flag_fdr).
    DisagreesWithPanel,
    /// Rates all questions of a scorecard alike: halo_index > 0.3 (and its test's q ≤ flag_fdr).
    Halo,
    /// Leniency changes over time: |drift| ≥ 0.2 pooled SD per year (and its test's q ≤ flag_fdr).
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

    /// The flag in words, for tables people read: `narrow range`.
    pub fn words(self) -> &'static str {
        match self {
            Flag::Lenient => "lenient",
            Flag::Harsh => "harsh",
            Flag::NarrowRange => "narrow range",
            Flag::DisagreesWithPanel => "disagrees with panel",
            Flag::Halo => "halo",
            Flag::Drifting => "drifting",
            Flag::Disconnected => "disconnected",
            Flag::InsufficientData => "insufficient data",
        }
    }
}

/// `interviewers[]`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct InterviewerResult {
    /// Interviewer id.
    pub interviewer_id: String,
    /// Peer group (interviewers linked through shared questions; 0 = largest). Leniency is relative to it.
    pub peer_group: u32,
    /// What the peer group shares, for people: its competencies and question ids, e.g.
    /// "System Design: Q1–Q3" (see [`peer_group_labels`]).
    pub peer_group_label: String,
    /// Scorecards written.
    pub n_scorecards: usize,
    /// Ratings given.
    pub n_ratings: usize,
    /// Distinct candidates interviewed.
    pub n_candidates: usize,
    /// β_i in score points, centred to a rating-weighted mean of 0 within the peer group.
    pub leniency: Option<f64>,
    /// Standard error of the centred leniency, clustered by candidate (CR1; candidates nest scorecards).
    pub leniency_se: Option<f64>,
    /// leniency ± z·SE.
    pub leniency_ci: Option<(f64, f64)>,
    /// Empirical-Bayes shrunken leniency, β·τ²/(τ² + se²) within the peer group.
    pub leniency_shrunk: Option<f64>,
    /// SD of the interviewer's question-centred scores over the same SD of the peer group; null for an
    /// interviewer alone in the peer group (see `notes`).
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
    /// 1 − h_i/h_peer, h = (pooled within-scorecard SD of question-centred ratings)/(their overall SD).
    pub halo_index: Option<f64>,
    /// Leniency change per year: the interviewer × time slope of the drift model (fitted with the
    /// candidate, question and interviewer effects), centred within the peer group; null when the
    /// interviewer's dates do not vary (see `notes`).
    pub drift_per_year: Option<f64>,
    /// t interval of `drift_per_year` (candidate-clustered SE, candidates − 1 df).
    pub drift_ci: Option<(f64, f64)>,
    /// Flags, see [`Flag`].
    pub flags: Vec<Flag>,
    /// The test behind each flag kind: p-value, Benjamini–Hochberg q across interviewers, effect.
    pub flag_tests: FlagTests,
    /// Why a statistic is null where that is not obvious (alone in the peer group, dates that do not
    /// vary); omitted when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl InterviewerResult {
    /// Whether the interviewer carries a substantive flag (not just `insufficient_data` or
    /// `disconnected`): what the report, the charts and the calibration cards put first.
    pub fn is_flagged(&self) -> bool {
        self.flags.iter().any(|f| !matches!(f, Flag::Disconnected | Flag::InsufficientData))
    }
}

/// One flag kind's test for one interviewer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FlagTest {
    /// p-value of the interviewer's test (null when the statistic is undefined).
    pub p: Option<f64>,
    /// Benjamini–Hochberg q across the interviewers with at least `min_scorecards` scorecards (null for
    /// the others: they are not tested).
    pub q: Option<f64>,
    /// The effect the materiality threshold applies to.
    pub effect: Option<f64>,
}

/// `flag_tests`: one [`FlagTest`] per flag kind (docs/interviewer-flags.md).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FlagTests {
    /// H0 β ≤ δ₀ against β > δ₀ (t on the clustered SE); effect leniency_shrunk.
    pub lenient: FlagTest,
    /// H0 β ≥ −δ₀ against β < −δ₀ (symmetric with `lenient`); effect leniency_shrunk.
    pub harsh: FlagTest,
    /// Mean over scorecards of the absolute deviation from the interviewer's own mean, against the peer
    /// group's other interviewers (peer null, one-sided); effect spread_ratio.
    pub narrow_range: FlagTest,
    /// h_i = pooled within-scorecard SD over the interviewer's own SD (ratio-estimator SE over
    /// scorecards), against the peer group's other interviewers (peer null, one-sided); effect halo_index.
    pub halo: FlagTest,
    /// t test of the drift model's slope contrast (two-sided, clustered SE); effect drift_per_year.
    pub drifting: FlagTest,
    /// atanh(panel_agreement_r) against the peer group's other interviewers (peer null, one-sided);
    /// effect panel_agreement_r − tanh(the peers' mean atanh r).
    pub disagrees_with_panel: FlagTest,
}

/// Flags raised per tested kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FlagCounts {
    /// `lenient` flags.
    pub lenient: usize,
    /// `harsh` flags.
    pub harsh: usize,
    /// `narrow_range` flags.
    pub narrow_range: usize,
    /// `halo` flags.
    pub halo: usize,
    /// `drifting` flags.
    pub drifting: usize,
    /// `disagrees_with_panel` flags.
    pub disagrees_with_panel: usize,
}

impl FlagCounts {
    /// Flags of all tested kinds.
    pub fn total(&self) -> usize {
        self.lenient + self.harsh + self.narrow_range + self.halo + self.drifting + self.disagrees_with_panel
    }
}

/// `interviewers_meta`: how flags were decided.
#[derive(Debug, Clone, Serialize)]
pub struct InterviewersMeta {
    /// Confidence level of every interval (`[analysis] confidence`, default 0.95).
    pub confidence: f64,
    /// The false-discovery rate of every flag kind (`--flag-fdr`, `[analysis] flag_fdr`).
    pub flag_fdr: f64,
    /// Interviewers tested (at least `min_scorecards` scorecards): the m of each BH adjustment.
    pub tested: usize,
    /// Flags raised per tested kind.
    pub flags_by_kind: FlagCounts,
    /// Expected number of false flags: Σ over kinds of flag_fdr × flags of that kind (an upper bound
    /// under BH's assumptions).
    pub expected_false_flags: f64,
}

/// `{"interviewers": […]}`.
#[derive(Debug, Clone, Serialize)]
pub struct InterviewersReport {
    /// One entry per interviewer, in input order.
    pub interviewers: Vec<InterviewerResult>,
    /// How flags were decided.
    pub interviewers_meta: InterviewersMeta,
}

/// What the interviewer and panel analyses share: graphs, model fit, scorecard sums, cells.
#[derive(Debug, Clone)]
pub struct Computed {
    /// Components and peer groups.
    pub design: Design,
    /// The rating model.
    pub fit: ModelFit,
    /// The drift model (the rating model with interviewer × time slopes).
    pub drift: ModelFit,
    /// Per-scorecard sums.
    pub sums: ScorecardSums,
    /// Candidate × interviewer scorecard means.
    pub cells: Cells,
}

impl Computed {
    /// Computes everything once: O(ratings) plus the model solves. The two models are fitted side by
    /// side, each on one thread.
    pub fn of(ds: &Dataset, model_opts: &ModelOptions) -> Computed {
        let design = Design::of(ds);
        let ((fit, drift), (sums, cells)) = rayon::join(
            || {
                rayon::join(
                    || model::fit(ds, &design, model_opts),
                    || model::fit_drift(ds, &design, model_opts),
                )
            },
            || {
                let sums = ScorecardSums::of(ds);
                let cells = Cells::of(ds, &sums);
                (sums, cells)
            },
        );
        Computed { design, fit, drift, sums, cells }
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

/// Runs the interviewer analysis on precomputed parts: the per-interviewer statistics
/// ([`Spread`], [`Cards`], the drift model, [`PeerTests`], [`ValidityByInterviewer`]), one
/// [`InterviewerResult`] each ([`Parts::result`]), then the flags ([`decide_flags`]).
pub fn analyse_with(
    ds: &Dataset,
    comp: &Computed,
    outcome: Option<&str>,
    opts: &InterviewerOptions,
) -> Result<InterviewersReport> {
    let chosen = choose_outcome(ds, outcome)?;
    let y = chosen.as_ref().map(|(_, v)| *v);
    let design = &comp.design;
    let spread = Spread::of(ds, design);
    let cards = Cards::of(ds, design, &spread);
    // Drift: the interviewer × time slopes of the drift model (docs/interviewer-flags.md).
    let dfit = &comp.drift;
    let agreement = panel_agreement(&comp.cells, ds.interviewers.len());
    let tested: Vec<bool> = cards.n_sc.iter().map(|&n| n >= opts.min_scorecards).collect();
    let peer_tests = PeerTests::of(design, &cards, &agreement, &tested);
    let parts = Parts {
        ds,
        design,
        fit: &comp.fit,
        dfit,
        n_cand: candidates_per_interviewer(&comp.cells, ds.interviewers.len()),
        rated_in_group: rated_per_peer_group(design, &spread.n_ratings),
        validity: ValidityByInterviewer::of(ds, &comp.cells, y),
        labels: peer_group_labels(ds, design),
        z: normal_quantile(0.5 + opts.confidence / 2.0).unwrap_or(1.959964),
        spread,
        cards,
        agreement,
        peer_tests,
        opts,
    };
    let mut out: Vec<InterviewerResult> = (0..ds.interviewers.len()).map(|i| parts.result(i)).collect();
    let meta = decide_flags(&mut out, design, parts.spread.pooled_sd, opts);
    Ok(InterviewersReport { interviewers: out, interviewers_meta: meta })
}

/// The sample SD from a sum, a sum of squares and a count (`None` below 2).
fn sd_of(s: f64, ss: f64, n: usize) -> Option<f64> {
    (n >= 2).then(|| ((ss - s * s / n as f64) / (n as f64 - 1.0)).max(0.0).sqrt())
}

/// The use of the scale: question-centred ratings `d = x − mean(question)` summed per interviewer,
/// peer group and scorecard, and each rating's position on the scale (three passes over the ratings:
/// question means, the sums, the deviations from the interviewer's own mean).
struct Spread {
    /// Ratings per interviewer.
    n_ratings: Vec<usize>,
    /// SD of all ratings.
    pooled_sd: Option<f64>,
    /// The scale's ends: configured, else observed.
    lo: f64,
    hi: f64,
    /// Per interviewer: SD of d (`None` below 2 ratings).
    sd: Vec<Option<f64>>,
    /// Per interviewer: the same SD where positive.
    own_sd: Vec<Option<f64>>,
    /// Per interviewer: ratings at either end of the scale.
    ext: Vec<usize>,
    /// Per peer group: SD of d.
    group_sd: Vec<Option<f64>>,
    /// Per scorecard: Σd, Σd², ratings.
    c1: Vec<f64>,
    c2: Vec<f64>,
    cn: Vec<usize>,
    /// Per scorecard: Σ|d − the interviewer's mean d| (narrow_range).
    cabs: Vec<f64>,
    /// Per interviewer: the mean of d.
    own_mean: Vec<f64>,
}

impl Spread {
    fn of(ds: &Dataset, design: &Design) -> Spread {
        let (ni, nq, nsc) = (ds.interviewers.len(), ds.questions.len(), ds.scorecards.len());
        let n_peer = design.peer_group_sizes.len();
        let peer = |i: usize| design.peer_group_of_interviewer[i] as usize;
        let r = &ds.ratings;
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
        // Spread (question-centred) and extremes; per-scorecard sums of question-centred scores.
        let (mut s1, mut s2, mut ext) = (vec![0.0; ni], vec![0.0; ni], vec![0usize; ni]);
        let (mut g1, mut g2, mut gn) = (vec![0.0; n_peer], vec![0.0; n_peer], vec![0usize; n_peer]);
        let (mut c1, mut c2, mut cn) = (vec![0.0; nsc], vec![0.0; nsc], vec![0usize; nsc]);
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
            if let Some(s) = Some(r.scorecard[j] as usize).filter(|&s| s < nsc) {
                c1[s] += d;
                c2[s] += d * d;
                cn[s] += 1;
            }
        }
        let sd: Vec<Option<f64>> = (0..ni).map(|i| sd_of(s1[i], s2[i], n_ratings[i])).collect();
        let own_sd: Vec<Option<f64>> = sd.iter().map(|v| v.filter(|v| *v > 0.0)).collect();
        let group_sd: Vec<Option<f64>> = (0..n_peer).map(|g| sd_of(g1[g], g2[g], gn[g])).collect();
        // Mean absolute deviation of each scorecard's ratings from its interviewer's own mean (narrow_range).
        let own_mean: Vec<f64> =
            (0..ni).map(|i| if n_ratings[i] > 0 { s1[i] / n_ratings[i] as f64 } else { 0.0 }).collect();
        let mut cabs = vec![0.0; nsc];
        for j in 0..r.len() {
            let s = r.scorecard[j] as usize;
            if s < nsc {
                let i = r.interviewer[j] as usize;
                cabs[s] += (r.score[j] - qmean[r.question[j] as usize] - own_mean[i]).abs();
            }
        }
        Spread { n_ratings, pooled_sd, lo, hi, sd, own_sd, ext, group_sd, c1, c2, cn, cabs, own_mean }
    }
}

/// Per-scorecard statistics summed per interviewer and peer group (one pass over the scorecards):
/// counts, the within-scorecard sums of squares behind halo, the spread behind narrow_range, and the
/// recommendations against the hiring decisions.
struct Cards {
    /// Scorecards per interviewer.
    n_sc: Vec<usize>,
    /// Per interviewer: h_i = √(pooled within-scorecard variance / own variance) = √(Σa/Σb) (`None`
    /// without a positive own SD or within-scorecard degrees of freedom).
    h_own: Vec<Option<f64>>,
    /// Per peer group: the within-scorecard sum of squares and its degrees of freedom.
    gss: Vec<f64>,
    gdf: Vec<f64>,
    /// Per interviewer: the linearized variance of ln h² over scorecards, Σψ_k² (see
    /// [`Cards::halo_estimate`]).
    halo_psi2: Vec<f64>,
    /// Scorecards with at least one rating (the K of `halo_psi2`).
    n_cards_halo: Vec<usize>,
    /// Per interviewer, the moments of the scorecards' mean absolute deviations (narrow_range).
    mad: Vec<Moments>,
    /// (positive recommendation, hired) per scorecard with both, grouped by interviewer.
    decisions: Grouped,
}

impl Cards {
    fn of(ds: &Dataset, design: &Design, spread: &Spread) -> Cards {
        let (ni, n_peer, sc) = (ds.interviewers.len(), design.peer_group_sizes.len(), &ds.scorecards);
        let Spread { c1, c2, cn, cabs, own_sd, .. } = spread;
        let (sums, halo_psi2, n_cards_halo) = halo_sums(ds, spread);
        let mut n_sc = vec![0usize; ni];
        let (mut wss, mut wdf) = (vec![0.0; ni], vec![0.0; ni]);
        let (mut gss, mut gdf) = (vec![0.0; n_peer], vec![0.0; n_peer]);
        let mut mad = vec![Moments::default(); ni];
        let mut decisions: Vec<(u32, f64, f64)> = Vec::new();
        for s in 0..sc.len() {
            let i = sc.interviewer[s] as usize;
            let g = design.peer_group_of_interviewer[i] as usize;
            n_sc[i] += 1;
            if cn[s] > 0 {
                mad[i].push(cabs[s] / cn[s] as f64);
            }
            if cn[s] >= 2 {
                let ss = (c2[s] - c1[s] * c1[s] / cn[s] as f64).max(0.0);
                let df = (cn[s] - 1) as f64;
                wss[i] += ss;
                wdf[i] += df;
                gss[g] += ss;
                gdf[g] += df;
            }
            let c = sc.candidate[s] as usize;
            if let (Some(rec), Some(Some(h))) = (sc.recommendation[s], ds.hired.get(c)) {
                let pos = rec.is_positive();
                decisions.push((i as u32, f64::from(u8::from(pos)), f64::from(u8::from(*h))));
            }
        }
        let decisions = Grouped::of(ni, &decisions);
        let h_own = (0..ni)
            .map(|i| {
                let o = own_sd[i]?;
                (wdf[i] > 0.0).then(|| (wss[i] / wdf[i]).sqrt() / o)
            })
            .collect();
        debug_assert!(sums.iter().zip(&wss).all(|(s, w)| (s[0] - w).abs() <= 1e-9 * (1.0 + w.abs())));
        Cards { n_sc, gss, gdf, halo_psi2, n_cards_halo, mad, decisions, h_own }
    }

    /// h of peer group g: its pooled within-scorecard SD over its SD of question-centred ratings.
    fn h_group(&self, g: usize, group_sd: Option<f64>) -> Option<f64> {
        group_sd.filter(|v| *v > 0.0 && self.gdf[g] > 0.0).map(|o| (self.gss[g] / self.gdf[g]).sqrt() / o)
    }
}

/// Per interviewer, the halo test's sums over scorecards k (docs/interviewer-flags.md, "Halo"): with d the
/// question-centred ratings, A_k the within-scorecard sum of squares of d, B_k = m_k − 1, T_k the sum of
/// squares of d around the interviewer's mean and N_k = m_k ratings, returns [ΣA, ΣB, ΣT, ΣN], Σψ_k² with
/// ψ_k = (A_k − W·B_k)/ΣA − (T_k − V·N_k)/ΣT (W = ΣA/ΣB, V = ΣT/ΣN: the influence of scorecard k on
/// ln(W/V)), and K, the scorecards with a rating. Two passes over the scorecards.
fn halo_sums(ds: &Dataset, spread: &Spread) -> (Vec<[f64; 4]>, Vec<f64>, Vec<usize>) {
    let (ni, sc) = (ds.interviewers.len(), &ds.scorecards);
    let Spread { c1, c2, cn, own_mean, .. } = spread;
    // A_k, B_k, T_k, N_k of scorecard s (interviewer i), `None` without ratings.
    let card = |s: usize, i: usize| -> Option<[f64; 4]> {
        let n = *cn.get(s)? as f64;
        if n < 1.0 {
            return None;
        }
        let (s1, s2, m) = (c1[s], c2[s], own_mean[i]);
        let within = if n >= 2.0 { (s2 - s1 * s1 / n).max(0.0) } else { 0.0 };
        let around_own = (s2 - 2.0 * m * s1 + n * m * m).max(0.0);
        Some([within, n - 1.0, around_own, n])
    };
    let mut sums = vec![[0.0f64; 4]; ni];
    let mut k = vec![0usize; ni];
    for s in 0..sc.len() {
        let i = sc.interviewer[s] as usize;
        if let Some(c) = card(s, i) {
            (0..4).for_each(|j| sums[i][j] += c[j]);
            k[i] += 1;
        }
    }
    let mut psi2 = vec![0.0f64; ni];
    for s in 0..sc.len() {
        let i = sc.interviewer[s] as usize;
        let [sa, sb, st, sn] = sums[i];
        if let (Some([a, b, t, n]), true) = (card(s, i), sa > 0.0 && sb > 0.0 && st > 0.0) {
            let psi = (a - sa / sb * b) / sa - (t - st / sn * n) / st;
            psi2[i] += psi * psi;
        }
    }
    (sums, psi2, k)
}

/// Distinct candidates per interviewer (cells of the candidate × interviewer table).
fn candidates_per_interviewer(cells: &Cells, ni: usize) -> Vec<usize> {
    let mut n_cand = vec![0usize; ni];
    for &i in &cells.interviewer {
        n_cand[i as usize] += 1;
    }
    n_cand
}

/// Interviewers with ratings per peer group: one alone has no peers to compare spread with.
fn rated_per_peer_group(design: &Design, n_ratings: &[usize]) -> Vec<usize> {
    let mut rated_in_group = vec![0usize; design.peer_group_sizes.len()];
    for (i, &n) in n_ratings.iter().enumerate() {
        if n > 0 {
            rated_in_group[design.peer_group_of_interviewer[i] as usize] += 1;
        }
    }
    rated_in_group
}

/// Per interviewer, Pearson r of their scorecard mean for a candidate with the mean of the others'
/// (and the candidates in it).
fn panel_agreement(cells: &Cells, ni: usize) -> Vec<(Option<f64>, usize)> {
    let mut agree: Vec<(u32, f64, f64)> = Vec::new();
    cells.for_each_with_rest(|cell, _, rest| agree.push((cells.interviewer[cell], cells.mean[cell], rest)));
    let agree = Grouped::of(ni, &agree);
    (0..ni)
        .map(|i| {
            let (x, y) = agree.get(i);
            (pearson(x, y), x.len())
        })
        .collect()
}

/// An estimate with its standard error per interviewer (`None` when untested or undefined).
type Estimates = Vec<Option<(f64, f64)>>;

/// Peer nulls for narrow_range, halo and disagrees_with_panel: each tested interviewer's estimate (with
/// its standard error) against the other tested interviewers of the peer group.
struct PeerTests {
    /// Peer group per interviewer.
    peer: Vec<u32>,
    /// Mean absolute deviation over scorecards (narrow_range).
    narrow: Estimates,
    /// h_i (halo).
    halo: Estimates,
    /// atanh(panel agreement r) (disagrees_with_panel).
    agree: Estimates,
    /// The same sums per peer group.
    narrow_g: Vec<EstimateSums>,
    halo_g: Vec<EstimateSums>,
    agree_g: Vec<EstimateSums>,
}

impl PeerTests {
    fn of(design: &Design, cards: &Cards, agreement: &[(Option<f64>, usize)], tested: &[bool]) -> PeerTests {
        let ni = tested.len();
        let est = |m: &Moments| -> Option<(f64, f64)> { Some((m.mean()?, (m.variance()? / m.n).sqrt())) };
        let narrow: Estimates = (0..ni).map(|i| est(&cards.mad[i]).filter(|_| tested[i])).collect();
        let halo: Estimates = (0..ni).map(|i| cards.halo_estimate(i, tested[i])).collect();
        let agree: Estimates = agreement
            .iter()
            .enumerate()
            .map(|(i, &(r, n))| {
                let z = r.filter(|_| tested[i] && n > 3)?.clamp(-0.999_999, 0.999_999).atanh();
                Some((z, 1.0 / ((n - 3) as f64).sqrt()))
            })
            .collect();
        let peer = design.peer_group_of_interviewer.clone();
        let group_sums = |e: &Estimates| {
            let mut g = vec![EstimateSums::default(); design.peer_group_sizes.len()];
            for (i, v) in e.iter().enumerate() {
                if let Some((m, s)) = v {
                    g[peer[i] as usize].push(*m, *s);
                }
            }
            g
        };
        let (narrow_g, halo_g, agree_g) = (group_sums(&narrow), group_sums(&halo), group_sums(&agree));
        PeerTests { peer, narrow, halo, agree, narrow_g, halo_g, agree_g }
    }

    /// The one-sided (lower) peer-null test of estimate `e[i]` against the other estimates of its peer
    /// group (`g`): (the peers' mean, p).
    fn test(&self, e: &Estimates, g: &[EstimateSums], i: usize) -> Option<(f64, f64)> {
        let g = &g[self.peer[i] as usize];
        e[i].and_then(|(m, s)| peer_null_test(m, s, &g.without(m, s), Side::Less))
    }
}

impl Cards {
    /// ln h_i with its standard error for a tested interviewer with at least two scorecards: h² is a
    /// ratio of two ratios of sums over scorecards, (ΣA/ΣB)/(ΣT/ΣN) (within-scorecard sums of squares
    /// over their degrees of freedom, over the interviewer's own variance), and Var(ln h²) is its
    /// linearization with scorecards as clusters, Σψ_k²·K/(K − 1) ([`halo_sums`]); se(ln h) is half its
    /// root. On the log scale, and with the own variance's sampling error in it, the test keeps its
    /// false-positive rate on two-question scorecards, where the old SE of h (own variance taken as
    /// known, SE shrinking with h) gave p < .001 about ten times too often (docs/interviewer-flags.md).
    fn halo_estimate(&self, i: usize, tested: bool) -> Option<(f64, f64)> {
        let h = self.h_own[i].filter(|h| *h > 0.0 && tested)?;
        let k = self.n_cards_halo[i] as f64;
        if k < 2.0 {
            return None;
        }
        let var = self.halo_psi2[i] * k / (k - 1.0);
        (var.is_finite() && var > 0.0).then(|| (h.ln(), 0.5 * var.sqrt()))
    }
}

/// Per interviewer, Pearson r of their scorecard means with the outcome over the hires they
/// interviewed, and the same r shrunk toward the pooled value ([`shrink_fisher`]).
struct ValidityByInterviewer {
    r: Vec<(Option<f64>, usize)>,
    shrunk: Vec<Option<f64>>,
}

impl ValidityByInterviewer {
    fn of(ds: &Dataset, cells: &Cells, y: Option<&[Option<f64>]>) -> ValidityByInterviewer {
        let ni = ds.interviewers.len();
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
        let pooled = {
            let (x, yy): (Vec<f64>, Vec<f64>) = val.iter().map(|v| (v.1, v.2)).unzip();
            pearson(&x, &yy)
        };
        let val = Grouped::of(ni, &val);
        let r: Vec<(Option<f64>, usize)> = (0..ni)
            .map(|i| {
                let (x, yy) = val.get(i);
                (pearson(x, yy), x.len())
            })
            .collect();
        let shrunk = shrink_fisher(&r, pooled);
        ValidityByInterviewer { r, shrunk }
    }
}

/// Everything one interviewer's result is read from.
struct Parts<'a> {
    ds: &'a Dataset,
    design: &'a Design,
    /// The leniency model.
    fit: &'a ModelFit,
    /// The drift model.
    dfit: &'a ModelFit,
    spread: Spread,
    cards: Cards,
    agreement: Vec<(Option<f64>, usize)>,
    peer_tests: PeerTests,
    n_cand: Vec<usize>,
    rated_in_group: Vec<usize>,
    validity: ValidityByInterviewer,
    labels: Vec<String>,
    /// z of the confidence level.
    z: f64,
    opts: &'a InterviewerOptions,
}

/// Interviewer i's scale statistics: spread ratio and halo index (null when alone in the peer group).
struct ScaleUse {
    alone: bool,
    spread_ratio: Option<f64>,
    halo_index: Option<f64>,
}

/// Interviewer i's drift: γ, its clustered SE (positive) and degrees of freedom.
struct Drift {
    per_year: Option<f64>,
    se: Option<f64>,
    df: Option<f64>,
}

impl Parts<'_> {
    /// Interviewer i's result, flags not yet decided.
    fn result(&self, i: usize) -> InterviewerResult {
        let (ds, fit, spread) = (self.ds, self.fit, &self.spread);
        let g = self.design.peer_group_of_interviewer[i] as usize;
        let n_ratings = spread.n_ratings[i];
        let leniency = fit.leniency[i];
        let se = fit.leniency_se[i];
        let leniency_ci = leniency.zip(se).map(|(b, s)| (b - self.z * s, b + self.z * s));
        let scale = self.scale_use(i, g);
        let drift = self.drift(i);
        let drift_ci = match (drift.per_year, drift.se, drift.df.and_then(|df| self.t_quantile(df))) {
            (Some(b), Some(s), Some(t)) if t.is_finite() => Some((b - t * s, b + t * s)),
            _ => None,
        };
        let (panel_agreement_r, panel_agreement_n) = self.agreement[i];
        let (dx, dy) = self.cards.decisions.get(i);
        let (da, db): (Vec<bool>, Vec<bool>) = dx.iter().zip(dy).map(|(a, b)| (*a > 0.5, *b > 0.5)).unzip();
        let mut res = InterviewerResult {
            interviewer_id: ds.interviewers.name(i as u32).to_string(),
            peer_group: g as u32,
            peer_group_label: self.labels.get(g).cloned().unwrap_or_default(),
            n_scorecards: self.cards.n_sc[i],
            n_ratings,
            n_candidates: self.n_cand[i],
            leniency,
            leniency_se: se,
            leniency_ci,
            leniency_shrunk: fit.leniency_shrunk[i],
            spread_ratio: scale.spread_ratio,
            extreme_share: (n_ratings > 0 && spread.hi > spread.lo)
                .then(|| spread.ext[i] as f64 / n_ratings as f64),
            panel_agreement_r,
            panel_agreement_n,
            decision_agreement: percent_agreement(&da, &db),
            decision_kappa: cohen_kappa(&da, &db),
            validity_r: self.validity.r[i].0,
            validity_n: self.validity.r[i].1,
            validity_shrunk: self.validity.shrunk[i],
            halo_index: scale.halo_index,
            drift_per_year: drift.per_year,
            drift_ci,
            flags: Vec::new(),
            flag_tests: self.flag_tests(i, &scale, &drift),
            notes: self.notes(i, &scale),
        };
        withhold_thin(&mut res, da.len(), self.opts.min_scorecards);
        res
    }

    /// The t quantile of the confidence level with `df` degrees of freedom.
    fn t_quantile(&self, df: f64) -> Option<f64> {
        StudentsT::new(0.0, 1.0, df).ok().map(|d| d.inverse_cdf(0.5 + self.opts.confidence / 2.0))
    }

    /// Spread ratio and halo index of interviewer i in peer group g.
    fn scale_use(&self, i: usize, g: usize) -> ScaleUse {
        let spread = &self.spread;
        let alone = self.rated_in_group[g] < 2;
        let spread_ratio = match (spread.sd[i], spread.group_sd[g]) {
            (Some(a), Some(b)) if b > 0.0 && !alone => Some(a / b),
            _ => None,
        };
        // h = pooled within-scorecard SD over the overall SD of the same question-centred ratings.
        let halo_index = match (self.cards.h_own[i], self.cards.h_group(g, spread.group_sd[g])) {
            (Some(a), Some(b)) if b > 0.0 && !alone => Some(1.0 - a / b),
            _ => None,
        };
        ScaleUse { alone, spread_ratio, halo_index }
    }

    /// Interviewer i's drift from the drift model.
    fn drift(&self, i: usize) -> Drift {
        Drift {
            per_year: self.dfit.drift[i],
            se: self.dfit.drift_se[i].filter(|s| *s > 0.0),
            df: self.dfit.cluster_df(i),
        }
    }

    /// Why a statistic of interviewer i is null where that is not obvious.
    fn notes(&self, i: usize, scale: &ScaleUse) -> Vec<String> {
        let mut notes = Vec::new();
        let rated = self.spread.n_ratings[i] > 0;
        if scale.alone && rated {
            notes.push(
                "spread_ratio, halo_index: alone in the peer group (no one else asks these questions), \
                 so there is no peer spread to compare with"
                    .to_string(),
            );
        }
        if let (Some(why), true) = (self.dfit.drift_null[i], rated) {
            notes.push(why.reason().to_string());
        }
        notes
    }

    /// The tests behind interviewer i's flags (q values are set across interviewers later).
    fn flag_tests(&self, i: usize, scale: &ScaleUse, drift: &Drift) -> FlagTests {
        let (opts, fit, pt) = (self.opts, self.fit, &self.peer_tests);
        // Leniency: H0 |β| ≤ δ₀ (half the materiality threshold), on the candidate-clustered SE.
        let df = fit.cluster_df(i);
        let delta0 = 0.5 * opts.leniency_sd_share * self.spread.pooled_sd.unwrap_or(0.0);
        let se_adj = fit.leniency_se[i].filter(|s| *s > 0.0);
        let shrunk = fit.leniency_shrunk[i];
        let one_sided = |shift: f64, side: Side| -> Option<f64> {
            let (b, s, d) = (fit.leniency[i]?, se_adj?, df?);
            t_p((b - shift) / s, d, side)
        };
        let dis = pt.test(&pt.agree, &pt.agree_g, i);
        FlagTests {
            lenient: FlagTest { p: one_sided(delta0, Side::Greater), q: None, effect: shrunk },
            harsh: FlagTest { p: one_sided(-delta0, Side::Less), q: None, effect: shrunk },
            narrow_range: FlagTest {
                p: pt.test(&pt.narrow, &pt.narrow_g, i).map(|x| x.1),
                q: None,
                effect: scale.spread_ratio,
            },
            halo: FlagTest {
                p: pt.test(&pt.halo, &pt.halo_g, i).map(|x| x.1),
                q: None,
                effect: scale.halo_index,
            },
            drifting: FlagTest {
                p: match (drift.per_year, drift.se, drift.df) {
                    (Some(b), Some(s), Some(d)) => t_p(b / s, d, Side::TwoSided),
                    _ => None,
                },
                q: None,
                effect: drift.per_year,
            },
            disagrees_with_panel: FlagTest {
                p: dis.map(|x| x.1),
                q: None,
                effect: self.agreement[i].0.zip(dis).map(|(r, (mu, _))| r - mu.tanh()),
            },
        }
    }
}

/// Nulls the statistics of `r` that rest on too little data to mean anything about the person, each with
/// a note (docs/interviewer-flags.md, "Minimum data"): below `min` scorecards the spread ratio, halo
/// index, drift and its interval (the interviewer is not tested either); panel agreement over fewer than
/// `min` candidates; decision agreement and kappa over fewer than `min` scorecards with a known decision.
/// Leniency keeps its estimate, interval and shrunk value: the interval and the shrinkage carry the
/// uncertainty, and `insufficient_data` marks the interviewer.
fn withhold_thin(r: &mut InterviewerResult, n_decisions: usize, min: usize) {
    let mut withheld = Vec::new();
    if r.n_scorecards < min {
        let had = [r.spread_ratio.is_some(), r.halo_index.is_some(), r.drift_per_year.is_some()];
        r.spread_ratio = None;
        r.halo_index = None;
        r.drift_per_year = None;
        r.drift_ci = None;
        r.flag_tests.narrow_range.effect = None;
        r.flag_tests.halo.effect = None;
        r.flag_tests.drifting = FlagTest::default();
        let names = ["spread_ratio", "halo_index", "drift_per_year"];
        let nulled: Vec<&str> = names.iter().zip(had).filter(|(_, h)| *h).map(|(n, _)| *n).collect();
        if !nulled.is_empty() {
            withheld.push(format!("{}: {} scorecards", nulled.join(", "), r.n_scorecards));
        }
    }
    if r.panel_agreement_n < min && r.panel_agreement_r.take().is_some() {
        r.flag_tests.disagrees_with_panel = FlagTest::default();
        withheld.push(format!("panel_agreement_r: {} candidates shared with the panel", r.panel_agreement_n));
    }
    if n_decisions < min && (r.decision_agreement.is_some() || r.decision_kappa.is_some()) {
        r.decision_agreement = None;
        r.decision_kappa = None;
        withheld.push(format!(
            "decision_agreement, decision_kappa: {n_decisions} scorecards with a known decision"
        ));
    }
    if !withheld.is_empty() {
        r.notes.push(format!(
            "too little data for a number about this person (min_scorecards = {min}): {}",
            withheld.join("; ")
        ));
    }
}

/// A field of a per-kind record.
type Field<T, U> = fn(&mut T) -> &mut U;
/// A tested flag kind with its [`FlagTests`] and [`FlagCounts`] fields.
type Tested = (Flag, Field<FlagTests, FlagTest>, Field<FlagCounts, usize>);

/// The flag kinds that rest on a test, in `flags` order, with their [`FlagTests`] and [`FlagCounts`] fields.
const TESTED: [Tested; 6] = [
    (Flag::Lenient, |t| &mut t.lenient, |c| &mut c.lenient),
    (Flag::Harsh, |t| &mut t.harsh, |c| &mut c.harsh),
    (Flag::NarrowRange, |t| &mut t.narrow_range, |c| &mut c.narrow_range),
    (Flag::DisagreesWithPanel, |t| &mut t.disagrees_with_panel, |c| &mut c.disagrees_with_panel),
    (Flag::Halo, |t| &mut t.halo, |c| &mut c.halo),
    (Flag::Drifting, |t| &mut t.drifting, |c| &mut c.drifting),
];

/// Benjamini–Hochberg per flag kind across the interviewers with at least `min_scorecards` scorecards,
/// then the flags: q ≤ `flag_fdr` and the effect material (docs/interviewer-flags.md).
fn decide_flags(
    out: &mut [InterviewerResult],
    design: &Design,
    pooled_sd: Option<f64>,
    opts: &InterviewerOptions,
) -> InterviewersMeta {
    let tested: Vec<bool> = out.iter().map(|r| r.n_scorecards >= opts.min_scorecards).collect();
    let mut by_kind = FlagCounts::default();
    let mut expected = 0.0;
    for (flag, field, counter) in TESTED {
        let ps: Vec<Option<f64>> = out
            .iter_mut()
            .zip(&tested)
            .map(|(r, &ok)| if ok { field(&mut r.flag_tests).p } else { None })
            .collect();
        let qs = benjamini_hochberg(&ps);
        let mut count = 0;
        for (r, q) in out.iter_mut().zip(qs) {
            let t = field(&mut r.flag_tests);
            t.q = q;
            let material = t.effect.is_some_and(|e| match flag {
                Flag::Lenient => pooled_sd.is_some_and(|s| e >= opts.leniency_sd_share * s),
                Flag::Harsh => pooled_sd.is_some_and(|s| e <= -opts.leniency_sd_share * s),
                Flag::NarrowRange => e < opts.narrow_range_ratio,
                Flag::Halo => e > opts.halo_index,
                Flag::Drifting => pooled_sd.is_some_and(|s| e.abs() >= opts.drift_sd_share * s),
                Flag::DisagreesWithPanel => e <= -opts.disagree_r_drop,
                Flag::Disconnected | Flag::InsufficientData => false,
            });
            if material && q.is_some_and(|q| q <= opts.flag_fdr) {
                r.flags.push(flag);
                count += 1;
            }
        }
        expected += opts.flag_fdr * count as f64;
        *counter(&mut by_kind) = count;
    }
    for (i, r) in out.iter_mut().enumerate() {
        let k = design.component_of_interviewer[i] as usize;
        if k != 0 || design.component_interviewers[k] < opts.min_component_interviewers {
            r.flags.push(Flag::Disconnected);
        }
        if r.n_scorecards < opts.min_scorecards {
            r.flags.push(Flag::InsufficientData);
        }
    }
    InterviewersMeta {
        confidence: opts.confidence,
        flag_fdr: opts.flag_fdr,
        tested: tested.iter().filter(|t| **t).count(),
        flags_by_kind: by_kind,
        expected_false_flags: expected,
    }
}

/// A label per peer group from what its interviewers share: the interview round or stage its scorecards
/// name where the input has one (Greenhouse interview names, an `interview` column: "Onsite · System
/// design: Q1–Q3"), else the competencies of its questions, with the question ids, consecutive ids
/// compacted ("System Design: Q1–Q3", "Code Quality + Testing: Q7, Q8, X2"; without either just the ids). At most two competencies and three id runs are named, the rest
/// counted ("+2 more"). Labels are made unique with " (group g)" where two groups would read alike.
pub fn peer_group_labels(ds: &Dataset, design: &Design) -> Vec<String> {
    let n_peer = design.peer_group_sizes.len();
    let mut group_of_q = vec![None; ds.questions.len()];
    for j in 0..ds.ratings.len() {
        let q = ds.ratings.question[j] as usize;
        if group_of_q[q].is_none() {
            let i = ds.ratings.interviewer[j] as usize;
            group_of_q[q] = design.peer_group_of_interviewer.get(i).map(|g| *g as usize);
        }
    }
    let mut qs: Vec<Vec<u32>> = vec![Vec::new(); n_peer];
    for (q, g) in group_of_q.iter().enumerate() {
        if let Some(g) = g.filter(|g| *g < n_peer) {
            qs[g].push(q as u32);
        }
    }
    let rounds = group_rounds(ds, design, n_peer);
    let mut labels: Vec<String> = qs
        .iter_mut()
        .enumerate()
        .map(|(g, list)| {
            list.sort_by(|a, b| natural_key(ds.questions.name(*a)).cmp(&natural_key(ds.questions.name(*b))));
            let ids: Vec<&str> = list.iter().map(|q| ds.questions.name(*q)).collect();
            if ids.is_empty() {
                return format!("group {g}");
            }
            let mut comps: Vec<&str> = Vec::new();
            let mut all = true;
            for &q in list.iter() {
                match ds.competency(q) {
                    Some(c) if !c.trim().is_empty() => {
                        if !comps.contains(&c) {
                            comps.push(c);
                        }
                    }
                    _ => all = false,
                }
            }
            let id_part = compact_ids(&ids);
            if let Some(round) = &rounds[g] {
                return format!("{round}: {id_part}");
            }
            if comps.is_empty() || !all {
                return id_part;
            }
            let comp_part = if comps.len() <= 2 {
                comps.join(" + ")
            } else {
                format!("{} + {} more", comps[..2].join(" + "), comps.len() - 2)
            };
            format!("{comp_part}: {id_part}")
        })
        .collect();
    let dup: Vec<bool> = (0..labels.len())
        .map(|g| labels.iter().enumerate().any(|(h, l)| h != g && *l == labels[g]))
        .collect();
    for (g, l) in labels.iter_mut().enumerate() {
        if dup[g] {
            l.push_str(&format!(" (group {g})"));
        }
    }
    labels
}

/// Per peer group, the round (interview or stage name) its scorecards share, when every scorecard of the
/// group that names a round names one of at most two, and at least half of them name one; else `None`.
fn group_rounds(ds: &Dataset, design: &Design, n_peer: usize) -> Vec<Option<String>> {
    let sc = &ds.scorecards;
    let mut seen: Vec<Vec<(u32, usize)>> = vec![Vec::new(); n_peer];
    let mut total = vec![0usize; n_peer];
    for s in 0..sc.len() {
        let Some(&g) = design.peer_group_of_interviewer.get(sc.interviewer[s] as usize) else { continue };
        let g = g as usize;
        if g >= n_peer {
            continue;
        }
        total[g] += 1;
        if let Some(Some(r)) = sc.round.get(s) {
            match seen[g].iter_mut().find(|(k, _)| k == r) {
                Some(e) => e.1 += 1,
                None => seen[g].push((*r, 1)),
            }
        }
    }
    (0..n_peer)
        .map(|g| {
            let named: usize = seen[g].iter().map(|e| e.1).sum();
            if seen[g].is_empty() || seen[g].len() > 2 || 2 * named < total[g] {
                return None;
            }
            let mut list = seen[g].clone();
            list.sort_by_key(|e| std::cmp::Reverse(e.1));
            Some(list.iter().map(|(r, _)| ds.rounds.name(*r)).collect::<Vec<_>>().join(" + "))
        })
        .collect()
}

/// Sort key of an id: its text before a trailing number, then the number ("Q2" < "Q10").
fn natural_key(id: &str) -> (&str, u64, &str) {
    let cut = id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (head, digits) = id.split_at(cut);
    (head, digits.parse().unwrap_or(0), id)
}

/// "Q1–Q3, Q7, X2 +2 more": runs of consecutive numbers under one prefix joined with an en dash; at most
/// three runs shown.
fn compact_ids(ids: &[&str]) -> String {
    let mut runs: Vec<(&str, &str, usize)> = Vec::new(); // (first, last, count)
    let mut prev: Option<(&str, u64)> = None;
    for &id in ids {
        let (head, n, _) = natural_key(id);
        let numbered = id.len() > head.len();
        let extends = numbered && prev.is_some_and(|(h, m)| h == head && n == m + 1);
        match runs.last_mut() {
            Some(r) if extends => {
                r.1 = id;
                r.2 += 1;
            }
            _ => runs.push((id, id, 1)),
        }
        prev = numbered.then_some((head, n));
    }
    let shown: Vec<String> = runs
        .iter()
        .take(3)
        .map(|&(a, b, k)| match k {
            1 => a.to_string(),
            2 => format!("{a}, {b}"),
            _ => format!("{a}–{b}"),
        })
        .collect();
    let rest: usize = runs.iter().skip(3).map(|r| r.2).sum();
    let more = if rest > 0 { format!(" +{rest} more") } else { String::new() };
    format!("{}{more}", shown.join(", "))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_in_words_are_their_json_names_spelled_out() {
        use Flag::*;
        for f in
            [Lenient, Harsh, NarrowRange, DisagreesWithPanel, Halo, Drifting, Disconnected, InsufficientData]
        {
            assert_eq!(f.words(), f.as_str().replace('_', " "));
        }
    }

    #[test]
    fn question_ids_are_compacted_in_natural_order() {
        assert_eq!(compact_ids(&["Q1", "Q2", "Q3"]), "Q1–Q3");
        assert_eq!(compact_ids(&["Q7", "Q8"]), "Q7, Q8");
        assert_eq!(compact_ids(&["Q1", "Q3", "Q4", "Q5", "X"]), "Q1, Q3–Q5, X");
        assert_eq!(compact_ids(&["a", "b", "c", "d", "e"]), "a, b, c +2 more");
        assert_eq!(compact_ids(&["Q9", "Q10"]), "Q9, Q10");
        let mut ids = vec!["Q10", "Q2", "Q1"];
        ids.sort_by_key(|a| natural_key(a));
        assert_eq!(ids, ["Q1", "Q2", "Q10"]);
    }
}
