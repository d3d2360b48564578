//! Adverse impact (docs/fairness.md): for each group column of
//! `--groups`, on its own —
//!
//! * `selection[]`: selection rates per group at the hire decision (stage `hired`) and at every stage
//!   column of the outcomes (e.g. `advanced`), each group against the reference group (the highest rate
//!   among groups not suppressed): impact ratio with its log-method interval, Z_D, Z_IR, Fisher's exact
//!   p, the mid-p, the shortfall, the four-fifths flag and the one-person rule
//!   ([`crate::stats::adverse_impact::compare_selection`]).
//! * `questions[]`: the standardized gap d of each question score s_{c,q} and of the panel score S_c,
//!   group against the reference group, with its interval, t-test p and BH q across the column's cells.
//! * `interviewers[]`: for each interviewer, the mean residual of the interviewer model
//!   ([`super::model`]: score = candidate + question + interviewer) on the group's scorecards minus that
//!   on the reference group's — does the interviewer rate the group lower than other interviewers rate
//!   the same candidates? — with Welch's SE, interval and p, BH q across the column's interviewer cells,
//!   and the `group_gap` flag (q ≤ 0.10 and |gap| ≥ 0.2 × the pooled rating SD).
//! * `prediction[]`: Cleary's differential prediction among hires with a known outcome.
//!
//! The reference group of a column for `questions`, `interviewers` and `prediction` is its largest group
//! not suppressed (ties: the first label in sort order): the comparisons then have the most power, and a
//! small group with a high hire rate by chance does not become the yardstick for everyone's scores.
//! Selection rows use the Guidelines' reference instead, the highest rate at that stage. A group with fewer than `min_cell`
//! candidates is `suppressed` (no numbers, never the reference); so is any question or interviewer cell
//! with fewer than `min_cell` candidates or scorecards on either side, and any prediction with fewer than
//! `min_cell` hires with an outcome on either side. Candidates whose group is unknown are left out of that
//! column and counted.

use serde::Serialize;

use super::model::ModelFit;
use super::scores::{choose_outcome, ScoreMatrix};
use crate::dataset::{Dataset, OutcomeKind};
use crate::error::Result;
use crate::ingest::groups::{GroupColumn, Groups, GroupsInputs};
use crate::stats::adverse_impact::{cleary, compare_selection, standardized_gap, welch};
use crate::stats::descriptive::sd;
use crate::stats::fdr::benjamini_hochberg;

/// Stage name of the hire decision in `selection[]`.
pub const HIRED_STAGE: &str = "hired";

/// Options of the fairness analysis.
#[derive(Debug, Clone, Serialize)]
pub struct FairnessOptions {
    /// Confidence level of every interval.
    pub confidence: f64,
    /// Cells with fewer candidates (or scorecards, or hires with outcome) are suppressed.
    pub min_cell: usize,
    /// FDR level of the `group_gap` flag.
    pub flag_fdr: f64,
    /// Materiality of `group_gap`: |gap| at least this share of the pooled rating SD.
    pub gap_sd_share: f64,
    /// Outcome columns that are stage decisions; `None`: binary columns named `advanced`, `advanced_*`
    /// or `passed_*`.
    pub stages: Option<Vec<String>>,
}

impl Default for FairnessOptions {
    fn default() -> Self {
        FairnessOptions { confidence: 0.95, min_cell: 5, flag_fdr: 0.10, gap_sd_share: 0.2, stages: None }
    }
}

/// One group column's counts (`fairness.columns[]`).
#[derive(Debug, Clone, Serialize)]
pub struct ColumnSummary {
    /// Column name.
    pub column: String,
    /// Candidates (with scorecards and a groups row) whose value is unknown or a non-answer.
    pub unknown: usize,
    /// Groups in the column.
    pub groups: usize,
    /// Groups suppressed (fewer than `min_cell` candidates).
    pub suppressed_groups: usize,
    /// Reference group of `questions`, `interviewers` and `prediction`: the largest group not suppressed.
    pub reference_group: Option<String>,
    /// Reference group of the hire decision's selection rows: the highest hire rate among groups not
    /// suppressed (`null` without decisions).
    pub selection_reference_group: Option<String>,
}

/// `fairness.selection[]`: one (column, stage, group).
#[derive(Debug, Clone, Serialize)]
pub struct SelectionRow {
    /// Group column.
    pub column: String,
    /// `hired`, or the name of a stage column.
    pub stage: String,
    /// Group label.
    pub group: String,
    /// Candidates of the group with a known decision at this stage (`null` when suppressed).
    pub n: Option<usize>,
    /// Of them, selected.
    pub selected: Option<usize>,
    /// selected / n.
    pub rate: Option<f64>,
    /// The group with the highest rate among groups not suppressed.
    pub reference_group: Option<String>,
    /// rate / reference rate (1 for the reference group).
    pub impact_ratio: Option<f64>,
    /// Log-method interval of the impact ratio.
    pub impact_ratio_ci: Option<(f64, f64)>,
    /// Z test of the difference in rates (pooled).
    pub z_d: Option<f64>,
    /// Its two-sided p.
    pub p_z_d: Option<f64>,
    /// Z test of ln(impact ratio) (Morris & Lobsenz 2000).
    pub z_ir: Option<f64>,
    /// Its two-sided p.
    pub p_z_ir: Option<f64>,
    /// Two-sided Fisher exact p.
    pub fisher_p: Option<f64>,
    /// One-sided Lancaster mid-p toward the group's disadvantage.
    pub mid_p: Option<f64>,
    /// Selections short of the reference rate: reference rate × n − selected.
    pub shortfall: Option<f64>,
    /// impact_ratio < 0.80.
    pub four_fifths_flag: Option<bool>,
    /// Moving one selection from the reference group to this group would make its rate at least the
    /// reference's.
    pub one_person_flip: Option<bool>,
    /// The four-fifths rule, the Z_D test and Fisher's test (at 1 − confidence) do not all agree.
    pub tests_disagree: Option<bool>,
    /// n < min_cell: no numbers.
    pub suppressed: bool,
}

/// `fairness.questions[]`: one (column, question or panel score, group).
#[derive(Debug, Clone, Serialize)]
pub struct QuestionGapRow {
    /// Group column.
    pub column: String,
    /// Question id, or `panel_score` for the panel score S.
    pub question_id: String,
    /// `question` or `panel_score`.
    pub kind: &'static str,
    /// Focal group.
    pub group: String,
    /// Reference group.
    pub reference_group: String,
    /// Candidates of the group rated on the question.
    pub n_group: Option<usize>,
    /// Candidates of the reference group rated on it.
    pub n_reference: Option<usize>,
    /// Standardized gap (group − reference)/pooled SD; negative = the group scores lower.
    pub d: Option<f64>,
    /// Normal-theory interval of d.
    pub d_ci: Option<(f64, f64)>,
    /// Two-sample t-test p.
    pub p: Option<f64>,
    /// BH q across the column's cells.
    pub q: Option<f64>,
    /// A side has fewer than min_cell candidates: no numbers.
    pub suppressed: bool,
}

/// `fairness.interviewers[]`: one (column, interviewer, group).
#[derive(Debug, Clone, Serialize)]
pub struct InterviewerGapRow {
    /// Group column.
    pub column: String,
    /// Interviewer id (pseudonymized under `--pseudonymize`).
    pub interviewer_id: String,
    /// Focal group.
    pub group: String,
    /// Reference group.
    pub reference_group: String,
    /// The interviewer's scorecards of the group's candidates.
    pub n_group: Option<usize>,
    /// The interviewer's scorecards of the reference group's candidates.
    pub n_reference: Option<usize>,
    /// Mean model residual on the group's scorecards minus that on the reference group's (score points;
    /// negative = rates the group lower than other interviewers rate the same candidates).
    pub gap: Option<f64>,
    /// Welch standard error of the gap.
    pub gap_se: Option<f64>,
    /// Welch interval of the gap.
    pub gap_ci: Option<(f64, f64)>,
    /// Welch t-test p.
    pub p: Option<f64>,
    /// BH q across the column's interviewer cells.
    pub q: Option<f64>,
    /// q ≤ flag_fdr and |gap| ≥ gap_sd_share × pooled rating SD.
    pub group_gap: bool,
    /// A side has fewer than min_cell scorecards: no numbers.
    pub suppressed: bool,
}

/// `fairness.prediction[]`: Cleary's model for one (column, group) among hires with an outcome.
#[derive(Debug, Clone, Serialize)]
pub struct PredictionRow {
    /// Group column.
    pub column: String,
    /// Focal group.
    pub group: String,
    /// Reference group.
    pub reference_group: String,
    /// Outcome regressed on the panel score.
    pub outcome: String,
    /// Hires of the group with a known outcome.
    pub n_group: Option<usize>,
    /// Hires of the reference group with a known outcome.
    pub n_reference: Option<usize>,
    /// Panel score at which the intercept difference is taken (mean over both groups' hires).
    pub centered_at: Option<f64>,
    /// b2: predicted outcome of the group minus the reference's at `centered_at` (positive = the common
    /// line under-predicts the group).
    pub intercept_diff: Option<f64>,
    /// Its standard error.
    pub intercept_diff_se: Option<f64>,
    /// Its t interval.
    pub intercept_diff_ci: Option<(f64, f64)>,
    /// Its p.
    pub intercept_diff_p: Option<f64>,
    /// b3: slope of the outcome on the panel score, group minus reference.
    pub slope_diff: Option<f64>,
    /// Its standard error.
    pub slope_diff_se: Option<f64>,
    /// Its t interval.
    pub slope_diff_ci: Option<(f64, f64)>,
    /// Its p.
    pub slope_diff_p: Option<f64>,
    /// Benjamini–Hochberg q of `intercept_diff_p`, over every intercept and slope test of the run.
    pub intercept_diff_q: Option<f64>,
    /// Benjamini–Hochberg q of `slope_diff_p`, over the same family.
    pub slope_diff_q: Option<f64>,
    /// A side has fewer than min_cell hires with an outcome: no numbers.
    pub suppressed: bool,
}

/// The `fairness` section of summary.json.
#[derive(Debug, Clone, Serialize)]
pub struct FairnessReport {
    /// Confidence level of every interval (`[analysis] confidence`, default 0.95).
    pub confidence: f64,
    /// Counts from the groups file.
    pub inputs: GroupsInputs,
    /// Per group column.
    pub columns: Vec<ColumnSummary>,
    /// The `--min-cell` in force.
    pub min_cell: usize,
    /// FDR level of `group_gap`.
    pub flag_fdr: f64,
    /// Pooled rating SD (the `group_gap` materiality unit).
    pub pooled_rating_sd: Option<f64>,
    /// Stage columns analysed beside the hire decision.
    pub stages: Vec<String>,
    /// Selection rates.
    pub selection: Vec<SelectionRow>,
    /// Score gaps per question and the panel score.
    pub questions: Vec<QuestionGapRow>,
    /// Interviewer residual gaps.
    pub interviewers: Vec<InterviewerGapRow>,
    /// Differential prediction.
    pub prediction: Vec<PredictionRow>,
}

/// The stage columns: the configured names (which must be binary outcome columns), or the binary
/// outcome columns named `advanced`, `advanced_*` or `passed_*`.
pub fn stage_columns(ds: &Dataset, configured: Option<&[String]>) -> Result<Vec<usize>> {
    match configured {
        Some(names) => names
            .iter()
            .map(|n| {
                let k = ds.outcomes.iter().position(|o| &o.name == n).ok_or_else(|| {
                    crate::error::Error::Data(format!(
                        "[groups] stages: no outcome column '{n}'; outcome columns found: {}",
                        ds.outcomes.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", ")
                    ))
                })?;
                if ds.outcomes[k].kind != OutcomeKind::Binary {
                    return Err(crate::error::Error::Data(format!(
                        "[groups] stages: outcome column '{n}' is numeric; a stage column holds true/false (advanced or not)"
                    )));
                }
                Ok(k)
            })
            .collect(),
        None => Ok(ds
            .outcomes
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                let l = o.name.to_ascii_lowercase();
                o.kind == OutcomeKind::Binary
                    && (l == "advanced" || l.starts_with("advanced_") || l.starts_with("passed_"))
            })
            .map(|(k, _)| k)
            .collect()),
    }
}

/// Runs the fairness analysis. `fit` is the interviewer model's fit on `ds` (its residuals are reused);
/// `outcome` picks the outcome of the prediction check as for the other commands.
pub fn analyse(
    ds: &Dataset,
    groups: &Groups,
    fit: &ModelFit,
    outcome: Option<&str>,
    opts: &FairnessOptions,
) -> Result<FairnessReport> {
    let stage_idx = stage_columns(ds, opts.stages.as_deref())?;
    let chosen = choose_outcome(ds, outcome)?;
    let scores = ScoreMatrix::questions(ds);
    let panel = scores.row_means();
    let pooled_sd = sd(&ds.ratings.score);
    let mut rep = FairnessReport {
        confidence: opts.confidence,
        inputs: groups.inputs.clone(),
        columns: Vec::new(),
        min_cell: opts.min_cell,
        flag_fdr: opts.flag_fdr,
        pooled_rating_sd: pooled_sd,
        stages: stage_idx.iter().map(|&k| ds.outcomes[k].name.clone()).collect(),
        selection: Vec::new(),
        questions: Vec::new(),
        interviewers: Vec::new(),
        prediction: Vec::new(),
    };
    let min_cell = opts.min_cell.max(1);
    let decisions = stage_decisions(ds, &stage_idx);
    for col in &groups.columns {
        let size = group_sizes(col);
        let kept: Vec<bool> = size.iter().map(|&n| n >= min_cell).collect();
        // Selection at the hire decision, then at each stage.
        let mut selection_reference: Option<u32> = None;
        for (si, (stage, dec)) in decisions.iter().enumerate() {
            let (rows, r) = selection(col, stage, dec, &kept, min_cell, opts.confidence);
            if si == 0 {
                selection_reference = r;
            }
            rep.selection.extend(rows);
        }
        let ng = col.labels.len();
        let reference = (0..ng)
            .filter(|&g| kept[g])
            .max_by(|&a, &b| size[a].cmp(&size[b]).then(col.labels[b].cmp(&col.labels[a])))
            .map(|g| g as u32);
        rep.columns.push(ColumnSummary {
            column: col.name.clone(),
            unknown: col.unknown,
            groups: ng,
            suppressed_groups: kept.iter().filter(|k| !**k).count(),
            reference_group: reference.map(|g| col.labels[g as usize].clone()),
            selection_reference_group: selection_reference.map(|g| col.labels[g as usize].clone()),
        });
        let Some(reference) = reference else { continue };
        let focal: Vec<u32> = (0..ng as u32).filter(|&g| g != reference && kept[g as usize]).collect();
        let cmp =
            GroupComparison { ds, col, reference, focal: &focal, min_cell, confidence: opts.confidence };
        rep.questions.extend(cmp.question_gaps(&scores, &panel));
        rep.interviewers.extend(cmp.interviewer_gaps(fit, pooled_sd, opts));
        if let Some((info, y)) = &chosen {
            for &g in &focal {
                rep.prediction.push(cmp.prediction(&panel, y, &info.name, g));
            }
        }
    }
    set_prediction_q(&mut rep.prediction);
    Ok(rep)
}

/// The differential-prediction q-values: Benjamini–Hochberg over all intercept and slope tests of the
/// run (every group column and focal group), as one family.
fn set_prediction_q(rows: &mut [PredictionRow]) {
    let p: Vec<Option<f64>> = rows.iter().flat_map(|r| [r.intercept_diff_p, r.slope_diff_p]).collect();
    let q = benjamini_hochberg(&p);
    for (r, q) in rows.iter_mut().zip(q.chunks(2)) {
        r.intercept_diff_q = q[0];
        r.slope_diff_q = q[1];
    }
}

/// The decisions selection is checked at: the hire decision, then each stage column (a 0/1 outcome).
fn stage_decisions(ds: &Dataset, stage_idx: &[usize]) -> Vec<(String, Vec<Option<bool>>)> {
    let mut decisions: Vec<(String, Vec<Option<bool>>)> = vec![(HIRED_STAGE.to_string(), ds.hired.clone())];
    for &k in stage_idx {
        let o = &ds.outcomes[k];
        decisions.push((o.name.clone(), o.values.iter().map(|v| v.map(|x| x > 0.5)).collect()));
    }
    decisions
}

/// Group sizes of a column among candidates with scorecards (the column's population).
fn group_sizes(col: &GroupColumn) -> Vec<usize> {
    let mut size = vec![0usize; col.labels.len()];
    for g in col.of_candidate.iter().flatten() {
        size[*g as usize] += 1;
    }
    size
}

/// Selection rows of one column at one decision; returns them and the reference group.
fn selection(
    col: &GroupColumn,
    stage: &str,
    decision: &[Option<bool>],
    kept: &[bool],
    min_cell: usize,
    confidence: f64,
) -> (Vec<SelectionRow>, Option<u32>) {
    let ng = col.labels.len();
    let (mut n, mut sel) = (vec![0usize; ng], vec![0usize; ng]);
    for (c, g) in col.of_candidate.iter().enumerate() {
        if let (Some(g), Some(Some(d))) = (g, decision.get(c)) {
            n[*g as usize] += 1;
            sel[*g as usize] += usize::from(*d);
        }
    }
    if n.iter().all(|&x| x == 0) {
        return (Vec::new(), None);
    }
    // Suppressed: too few candidates in the column, or too few with a decision at this stage.
    let shown: Vec<bool> = (0..ng).map(|g| kept[g] && n[g] >= min_cell).collect();
    let rate = |g: usize| sel[g] as f64 / n[g] as f64;
    let reference = (0..ng)
        .filter(|&g| shown[g])
        .max_by(|&a, &b| rate(a).total_cmp(&rate(b)).then(n[a].cmp(&n[b])).then(b.cmp(&a)));
    let rows = (0..ng)
        .map(|g| {
            let counts = shown[g].then_some((sel[g], n[g]));
            let reference_counts = reference.filter(|&r| r != g).map(|r| (sel[r], n[r]));
            let mut row = selection_row(col, stage, g, reference, counts, reference_counts, confidence);
            if reference == Some(g) {
                row.impact_ratio = (sel[g] > 0).then_some(1.0);
            }
            row
        })
        .collect();
    (rows, reference.map(|r| r as u32))
}

/// Group g's selection row: suppressed without `counts` (selected, n); else its rate, and with the
/// reference group's counts (another group) the comparison with it.
fn selection_row(
    col: &GroupColumn,
    stage: &str,
    g: usize,
    reference: Option<usize>,
    counts: Option<(usize, usize)>,
    reference_counts: Option<(usize, usize)>,
    confidence: f64,
) -> SelectionRow {
    let mut row = SelectionRow {
        column: col.name.clone(),
        stage: stage.to_string(),
        group: col.labels[g].clone(),
        n: None,
        selected: None,
        rate: None,
        reference_group: reference.map(|r| col.labels[r].clone()),
        impact_ratio: None,
        impact_ratio_ci: None,
        z_d: None,
        p_z_d: None,
        z_ir: None,
        p_z_ir: None,
        fisher_p: None,
        mid_p: None,
        shortfall: None,
        four_fifths_flag: None,
        one_person_flip: None,
        tests_disagree: None,
        suppressed: counts.is_none(),
    };
    let Some((sel, n)) = counts else { return row };
    row.n = Some(n);
    row.selected = Some(sel);
    row.rate = Some(sel as f64 / n as f64);
    let Some((sel_r, n_r)) = reference_counts else { return row };
    let alpha = 1.0 - confidence;
    if let Some(c) = compare_selection(sel as u64, n as u64, sel_r as u64, n_r as u64, confidence) {
        row.tests_disagree = c.four_fifths_flag.map(|f| {
            let z = c.p_z_d.is_some_and(|p| p <= alpha);
            let fisher = c.fisher_p <= alpha;
            !(f == z && z == fisher)
        });
        row.impact_ratio = c.impact_ratio;
        row.impact_ratio_ci = c.impact_ratio_ci;
        row.z_d = c.z_d;
        row.p_z_d = c.p_z_d;
        row.z_ir = c.z_ir;
        row.p_z_ir = c.p_z_ir;
        row.fisher_p = Some(c.fisher_p);
        row.mid_p = Some(c.mid_p);
        row.shortfall = Some(c.shortfall);
        row.four_fifths_flag = c.four_fifths_flag;
        row.one_person_flip = Some(c.one_person_flip);
    }
    row
}

/// One group column's comparisons of each focal group with the reference group.
struct GroupComparison<'a> {
    ds: &'a Dataset,
    col: &'a GroupColumn,
    reference: u32,
    focal: &'a [u32],
    min_cell: usize,
    confidence: f64,
}

impl GroupComparison<'_> {
    /// Standardized gaps of each question and of the panel score, BH-adjusted across them.
    fn question_gaps(&self, scores: &ScoreMatrix, panel: &[f64]) -> Vec<QuestionGapRow> {
        let (ds, col, reference, focal, min_cell, confidence) =
            (self.ds, self.col, self.reference, self.focal, self.min_cell, self.confidence);
        let nq = ds.questions.len();
        let mut rows = Vec::new();
        // Items: each question, then the panel score.
        for item in 0..=nq {
            let value = |c: usize| if item < nq { scores.get(c, item) } else { panel[c] };
            let of = |g: u32| -> Vec<f64> {
                col.of_candidate
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| **x == Some(g))
                    .map(|(c, _)| value(c))
                    .filter(|v| v.is_finite())
                    .collect()
            };
            let refv = of(reference);
            for &g in focal {
                let gv = of(g);
                let suppressed = gv.len() < min_cell || refv.len() < min_cell;
                let gap = (!suppressed).then(|| standardized_gap(&gv, &refv, confidence)).flatten();
                rows.push(QuestionGapRow {
                    column: col.name.clone(),
                    question_id: if item < nq {
                        ds.questions.name(item as u32).to_string()
                    } else {
                        "panel_score".into()
                    },
                    kind: if item < nq { "question" } else { "panel_score" },
                    group: col.labels[g as usize].clone(),
                    reference_group: col.labels[reference as usize].clone(),
                    n_group: (!suppressed).then_some(gv.len()),
                    n_reference: (!suppressed).then_some(refv.len()),
                    d: gap.as_ref().map(|x| x.d),
                    d_ci: gap.as_ref().map(|x| x.d_ci),
                    p: gap.as_ref().map(|x| x.p),
                    q: None,
                    suppressed,
                });
            }
        }
        let q = benjamini_hochberg(&rows.iter().map(|r| r.p).collect::<Vec<_>>());
        for (r, q) in rows.iter_mut().zip(q) {
            r.q = q;
        }
        rows
    }

    /// Per interviewer, the gap of the model's scorecard residuals (Welch), BH-adjusted across rows, and
    /// the `group_gap` flag.
    fn interviewer_gaps(
        &self,
        fit: &ModelFit,
        pooled_sd: Option<f64>,
        opts: &FairnessOptions,
    ) -> Vec<InterviewerGapRow> {
        let (ds, col, reference, focal, min_cell) =
            (self.ds, self.col, self.reference, self.focal, self.min_cell);
        let ni = ds.interviewers.len();
        let ng = col.labels.len();
        // Scorecard residuals per (interviewer, group).
        let mut cells: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); ng]; ni];
        let sc = &ds.scorecards;
        for s in 0..sc.len() {
            let e = fit.scorecard_residual.get(s).copied().unwrap_or(f64::NAN);
            if !e.is_finite() {
                continue;
            }
            if let Some(Some(g)) = col.of_candidate.get(sc.candidate[s] as usize) {
                cells[sc.interviewer[s] as usize][*g as usize].push(e);
            }
        }
        let mut rows = Vec::new();
        for (i, by_group) in cells.iter().enumerate() {
            let refv = &by_group[reference as usize];
            for &g in focal {
                let gv = &by_group[g as usize];
                if gv.is_empty() && refv.is_empty() {
                    continue;
                }
                let suppressed = gv.len() < min_cell || refv.len() < min_cell;
                let w = (!suppressed).then(|| welch(gv, refv, opts.confidence)).flatten();
                rows.push(InterviewerGapRow {
                    column: col.name.clone(),
                    interviewer_id: ds.interviewers.name(i as u32).to_string(),
                    group: col.labels[g as usize].clone(),
                    reference_group: col.labels[reference as usize].clone(),
                    n_group: (!suppressed).then_some(gv.len()),
                    n_reference: (!suppressed).then_some(refv.len()),
                    gap: w.as_ref().map(|x| x.diff),
                    gap_se: w.as_ref().map(|x| x.se),
                    gap_ci: w.as_ref().map(|x| x.ci),
                    p: w.as_ref().map(|x| x.p),
                    q: None,
                    group_gap: false,
                    suppressed,
                });
            }
        }
        let q = benjamini_hochberg(&rows.iter().map(|r| r.p).collect::<Vec<_>>());
        for (r, q) in rows.iter_mut().zip(q) {
            r.q = q;
            r.group_gap = matches!((r.q, r.gap, pooled_sd), (Some(q), Some(gap), Some(sd))
            if q <= opts.flag_fdr && gap.abs() >= opts.gap_sd_share * sd);
        }
        rows
    }

    /// Differential prediction (Cleary) of `outcome` from the panel score, group g against the reference.
    fn prediction(&self, panel: &[f64], y: &[Option<f64>], outcome: &str, g: u32) -> PredictionRow {
        let (ds, col, reference, min_cell, confidence) =
            (self.ds, self.col, self.reference, self.min_cell, self.confidence);
        let (mut ys, mut ss, mut fs) = (Vec::new(), Vec::new(), Vec::new());
        for (c, &s) in panel.iter().enumerate().take(ds.candidates.len()) {
            let (Some(Some(grp)), Some(Some(true)), Some(Some(v))) =
                (col.of_candidate.get(c), ds.hired.get(c), y.get(c))
            else {
                continue;
            };
            if (*grp != g && *grp != reference) || !s.is_finite() {
                continue;
            }
            ys.push(*v);
            ss.push(s);
            fs.push(*grp == g);
        }
        let n_g = fs.iter().filter(|f| **f).count();
        let n_r = fs.len() - n_g;
        let suppressed = n_g < min_cell || n_r < min_cell;
        let m = (!suppressed).then(|| cleary(&ys, &ss, &fs, confidence)).flatten();
        PredictionRow {
            column: col.name.clone(),
            group: col.labels[g as usize].clone(),
            reference_group: col.labels[reference as usize].clone(),
            outcome: outcome.to_string(),
            n_group: (!suppressed).then_some(n_g),
            n_reference: (!suppressed).then_some(n_r),
            centered_at: m.as_ref().map(|m| m.centered_at),
            intercept_diff: m.as_ref().map(|m| m.intercept_diff.estimate),
            intercept_diff_se: m.as_ref().map(|m| m.intercept_diff.se),
            intercept_diff_ci: m.as_ref().map(|m| m.intercept_diff.ci),
            intercept_diff_p: m.as_ref().map(|m| m.intercept_diff.p),
            slope_diff: m.as_ref().map(|m| m.slope_diff.estimate),
            slope_diff_se: m.as_ref().map(|m| m.slope_diff.se),
            slope_diff_ci: m.as_ref().map(|m| m.slope_diff.ci),
            slope_diff_p: m.as_ref().map(|m| m.slope_diff.p),
            intercept_diff_q: None,
            slope_diff_q: None,
            suppressed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pi: Option<f64>, ps: Option<f64>) -> PredictionRow {
        PredictionRow {
            column: "gender".into(),
            group: "woman".into(),
            reference_group: "man".into(),
            outcome: "perf".into(),
            n_group: None,
            n_reference: None,
            centered_at: None,
            intercept_diff: None,
            intercept_diff_se: None,
            intercept_diff_ci: None,
            intercept_diff_p: pi,
            slope_diff: None,
            slope_diff_se: None,
            slope_diff_ci: None,
            slope_diff_p: ps,
            intercept_diff_q: None,
            slope_diff_q: None,
            suppressed: false,
        }
    }

    /// Intercept and slope tests of every row form one Benjamini–Hochberg family; a suppressed row's
    /// missing p-values stay out of it.
    #[test]
    fn prediction_q_values_adjust_all_intercept_and_slope_tests_together() {
        let mut rows = vec![row(Some(0.007), Some(0.30)), row(None, None), row(Some(0.04), Some(0.9))];
        set_prediction_q(&mut rows);
        // m = 4 p-values: .007 → .028, .04 → .08, .30 → .40, .9 → .9.
        let q: Vec<Option<f64>> = rows.iter().flat_map(|r| [r.intercept_diff_q, r.slope_diff_q]).collect();
        let want = [Some(0.028), Some(0.4), None, None, Some(0.08), Some(0.9)];
        for (got, want) in q.iter().zip(want) {
            match (got, want) {
                (Some(g), Some(w)) => assert!((g - w).abs() < 1e-12, "{q:?}"),
                (None, None) => {}
                _ => panic!("{q:?}"),
            }
        }
    }
}
