//! Turns analysis results into the prepared data of each chart. Pure reshaping: no statistics here.

use super::charts::question_validity::default_benchmarks;
use super::charts::{
    OutcomeByScoreData, PanelReliabilityData, QuadrantData, QuadrantPoint, QuestionValidityData, ScoreBand,
    ValidityRow,
};
use crate::analysis::panel::PanelResult;
use crate::analysis::questions::QuestionsReport;
use crate::dataset::OutcomeKind;

fn outcome_name(q: &QuestionsReport) -> String {
    q.outcome.as_ref().map(|o| o.name.clone()).unwrap_or_else(|| "no outcome".into())
}

/// A question's label: `Q4 · Last production incident…` when a text exists.
pub fn question_label(id: &str, text: Option<&str>) -> String {
    match text {
        Some(t) => format!("{id} · {t}"),
        None => id.to_string(),
    }
}

/// Forest plot data: raw and corrected validity per question, grouped by competency.
pub fn question_validity(q: &QuestionsReport, min_cell: usize) -> QuestionValidityData {
    QuestionValidityData {
        level: super::fmt::level(q.confidence),
        outcome: outcome_name(q),
        rows: q
            .questions
            .iter()
            .filter(|r| r.stats.n_scored >= min_cell)
            .map(|r| {
                let v = &r.stats.validity;
                ValidityRow {
                    label: question_label(&r.question_id, r.text.as_deref()),
                    competency: r.competency.clone(),
                    raw: v.validity_r,
                    raw_ci: v.validity_ci,
                    corrected: v.validity_corrected,
                    corrected_ci: v.validity_corrected_ci,
                    verdict: r.stats.verdict.as_str().to_string(),
                }
            })
            .collect(),
        benchmarks: default_benchmarks(),
    }
}

/// Quadrant data: decision AUC against corrected validity.
pub fn question_quadrant(q: &QuestionsReport, min_cell: usize) -> QuadrantData {
    QuadrantData {
        outcome: outcome_name(q),
        points: q
            .questions
            .iter()
            .filter(|r| r.stats.n_scored >= min_cell)
            .map(|r| QuadrantPoint {
                label: r.question_id.clone(),
                auc: r.stats.validity.decision_auc,
                validity: r.stats.validity.validity_corrected,
                validity_ci: r.stats.validity.validity_corrected_ci,
                warning: crate::analysis::questions::drives_decisions_predicts_nothing(&r.stats),
            })
            .collect(),
        y_split: 0.0,
        auc_threshold: crate::analysis::questions::DRIVES_DECISIONS_AUC,
        upper_threshold: crate::analysis::questions::PREDICTS_NOTHING_UPPER,
        level: super::fmt::level(q.confidence),
    }
}

/// Outcome by panel-score band among hires.
pub fn outcome_by_score(q: &QuestionsReport) -> OutcomeByScoreData {
    OutcomeByScoreData {
        level: super::fmt::level(q.confidence),
        outcome: outcome_name(q),
        binary: q.outcome.as_ref().is_some_and(|o| o.kind == OutcomeKind::Binary),
        bands: q
            .process
            .outcome_by_score
            .iter()
            .map(|b| ScoreBand {
                label: format!("{:.2}–{:.2}", b.score_low, b.score_high),
                mean: b.mean,
                ci: b.ci,
                n: b.n,
            })
            .collect(),
    }
}

/// Reliability against panel size: the core's Spearman–Brown curve.
pub fn panel_reliability(p: &PanelResult, c: &ReliabilityCurve) -> PanelReliabilityData {
    PanelReliabilityData {
        icc_single: c.icc_single,
        curve: c.points.clone(),
        band: None,
        current_panel_size: p.mean_panel_size,
        now: c.now,
        target: p.interviews_for_reliability.target,
        k_needed: c.k_needed,
        k_max: c.points.len(),
    }
}

use super::charts::{
    DistributionData, DistributionRow, DriftData, DriftSeries, FunnelData, FunnelPoint, LeniencyData,
    LeniencyRow,
};
use crate::analysis::interviewers::{InterviewerResult, InterviewersReport};
use crate::analysis::views::{ControlLimits, Distributions, DriftView, ReliabilityCurve};

/// Whether an interviewer is flagged `lenient` or `harsh`.
pub fn is_off_level(i: &InterviewerResult) -> bool {
    i.flags.iter().any(|f| matches!(f.as_str(), "lenient" | "harsh"))
}

/// Caterpillar data: leniency with interval and shrunk estimate for the interviewers the report's
/// interviewer table lists ([`super::html::interviewer_table_rows`]: flagged first, then the largest
/// shrunk leniency), leaving out those with fewer than `min_cell` scorecards; the subtitle says which.
pub fn interviewer_leniency(iv: &InterviewersReport, min_cell: usize) -> LeniencyData {
    let listed = super::html::interviewer_table_rows(iv, super::html::INTERVIEWER_TABLE_ROWS);
    let (small, drawn): (Vec<&InterviewerResult>, Vec<&InterviewerResult>) =
        listed.iter().partition(|i| i.n_scorecards < min_cell);
    let rows = drawn
        .iter()
        .map(|i| LeniencyRow {
            interviewer: i.interviewer_id.clone(),
            peer_group: i.peer_group_label.clone(),
            leniency: i.leniency,
            ci: i.leniency_ci,
            shrunk: i.leniency_shrunk,
            flagged: is_off_level(i),
        })
        .collect();
    let data = LeniencyData::new(rows, super::fmt::level(iv.interviewers_meta.confidence));
    let total = iv.interviewers.len();
    let mut which = if listed.len() < total {
        format!(
            "The {} interviewers of the report's interviewer table (of {total}): flagged first, then the \
             largest shrunk leniency.",
            listed.len()
        )
    } else {
        String::new()
    };
    if !small.is_empty() {
        which.push_str(&format!(" {} with fewer than {min_cell} scorecards not drawn.", small.len()));
    }
    match which.trim() {
        "" => data,
        w => data.with_selection(w.to_string()),
    }
}

/// Funnel data: leniency against ratings with the core's control limits.
pub fn interviewer_funnel(iv: &InterviewersReport, limits: ControlLimits, min_cell: usize) -> FunnelData {
    FunnelData {
        limits,
        points: iv
            .interviewers
            .iter()
            .filter(|i| i.n_scorecards >= min_cell)
            .map(|i| FunnelPoint {
                interviewer: i.interviewer_id.clone(),
                n_ratings: i.n_ratings,
                leniency: i.leniency,
                flagged: is_off_level(i),
            })
            .collect(),
    }
}

/// Distribution data: every interviewer with at least `min_cell` scorecards (the chart keeps the
/// flagged ones, then the most unusual means, and says how many it shows).
pub fn interviewer_distribution(
    iv: &InterviewersReport,
    d: &Distributions,
    min_cell: usize,
) -> DistributionData {
    let rows = (0..iv.interviewers.len())
        .filter(|&k| iv.interviewers[k].n_scorecards >= min_cell)
        .filter_map(|k| {
            let n: u64 = d.counts.get(k)?.iter().sum();
            Some(DistributionRow {
                interviewer: iv.interviewers[k].interviewer_id.clone(),
                mean: d.means.get(k).copied().flatten(),
                shares: d.shares(k)?,
                n: n as usize,
                flagged: iv.interviewers[k].is_flagged(),
            })
        })
        .collect();
    DistributionData::new(
        d.points.iter().map(|p| super::charts::fmt_num(*p, if p.fract() == 0.0 { 0 } else { 1 })).collect(),
        rows,
    )
}

/// Drift data for the interviewers the core chose.
pub fn interviewer_drift(iv: &InterviewersReport, drift: &DriftView) -> DriftData {
    let q = &drift.quarters;
    DriftData::new(
        q.periods.clone(),
        drift
            .chosen
            .iter()
            .zip(&q.values)
            .map(|(&k, v)| {
                let i = &iv.interviewers[k as usize];
                DriftSeries {
                    interviewer: i.interviewer_id.clone(),
                    values: v.clone(),
                    flagged: i.flags.iter().any(|f| f.as_str() == "drifting"),
                }
            })
            .collect(),
    )
}

/// The D-study chart's data from `panel.generalizability`.
pub fn d_study(p: &PanelResult) -> crate::report::charts::DStudyData {
    use crate::report::charts::{DStudyData, DStudyLine};
    match &p.generalizability {
        None => DStudyData {
            nested: false,
            target: p.interviews_for_reliability.target,
            lines: Vec::new(),
            current: None,
            current_g: None,
            g_qk: None,
            reason: p.generalizability_not_estimated.clone(),
        },
        Some(g) => {
            let mut ks: Vec<usize> = g.d_study.iter().map(|c| c.n_interviewers()).collect();
            ks.sort_unstable();
            ks.dedup();
            let lines = ks
                .iter()
                .map(|&k| DStudyLine {
                    interviewers: k,
                    points: g
                        .d_study
                        .iter()
                        .filter(|c| c.n_interviewers() == k)
                        .map(|c| (c.questions, c.g))
                        .collect(),
                })
                .collect();
            DStudyData {
                nested: g.design == "nested",
                target: g.target,
                lines,
                current: Some((g.current.questions, g.current.interviewers)),
                current_g: g.current.g,
                g_qk: g.current.g_qk,
                reason: None,
            }
        }
    }
}
