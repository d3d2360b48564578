//! The adverse-impact output of `hirecal fairness` and `report --groups`: the terminal table, the CSV
//! sections, the HTML/PDF tables and the plain words. Computes nothing; suppressed cells stay empty.
//!
//! Wording: results are *evidence to examine*, not verdicts. Where the four-fifths rule, the Z test and
//! Fisher's exact test disagree (common at small n), all three are shown and the disagreement is marked.

use super::fmt::{csv_text, num, pad, rpad, trunc};
use crate::analysis::fairness::{
    FairnessReport, InterviewerGapRow, PredictionRow, QuestionGapRow, SelectionRow,
};

/// An interval as `[0.48, 1.41]`, or `—`.
fn ci2(v: Option<(f64, f64)>) -> String {
    v.map_or_else(|| "—".into(), |(a, b)| format!("[{a:.2}, {b:.2}]"))
}

/// `yes`/`no`/`—`.
fn yn(v: Option<bool>) -> String {
    v.map_or_else(|| "—".into(), |b| if b { "yes" } else { "no" }.into())
}

/// Interviewer rows worth a line: flagged first, then by q.
pub fn notable_interviewers<'a>(
    rep: &'a FairnessReport,
    column: &str,
    max: usize,
) -> Vec<&'a InterviewerGapRow> {
    let mut rows: Vec<&InterviewerGapRow> =
        rep.interviewers.iter().filter(|r| r.column == column && !r.suppressed && r.p.is_some()).collect();
    rows.sort_by(|a, b| {
        b.group_gap.cmp(&a.group_gap).then(a.q.unwrap_or(1.0).total_cmp(&b.q.unwrap_or(1.0)))
    });
    let flagged = rows.iter().filter(|r| r.group_gap).count();
    rows.truncate(max.max(flagged));
    rows
}

/// Whether a selection row compares its group with another: it has an impact ratio (not suppressed)
/// and is not the reference group itself.
pub fn compared(r: &SelectionRow) -> bool {
    r.impact_ratio.is_some() && r.reference_group.as_deref() != Some(r.group.as_str())
}

/// Plain-words summary: one paragraph per finding, worded as evidence to examine.
pub fn narrative(rep: &FairnessReport) -> Vec<String> {
    let mut out = vec![format!(
        "These numbers are evidence to examine, not verdicts: a low impact ratio or a score gap can have \
         job-related causes, and a clean result at small numbers does not prove the absence of impact. \
         Groups with fewer than {} candidates, and any cell below that size, are suppressed.",
        rep.min_cell
    )];
    let i = &rep.inputs;
    out.push(format!(
        "Groups file: {} rows; {} candidates with scorecards matched, {} candidates with scorecards have no \
         groups row, {} rows name candidates without scorecards (not used).",
        i.rows_read, i.candidates_with_groups, i.scorecards_without_groups, i.groups_without_scorecards
    ));
    for c in &rep.columns {
        let rows: Vec<&SelectionRow> = rep
            .selection
            .iter()
            .filter(|r| r.column == c.column && r.stage == crate::analysis::fairness::HIRED_STAGE)
            .collect();
        let below: Vec<String> = rows
            .iter()
            .filter(|r| r.four_fifths_flag == Some(true))
            .map(|r| {
                format!(
                    "{} (impact ratio {}, Z test p {}, Fisher p {})",
                    r.group,
                    num(r.impact_ratio, 2),
                    super::fmt::p_value(r.p_z_d),
                    super::fmt::p_value(r.fisher_p)
                )
            })
            .collect();
        let mut s = format!(
            "{}: {} unknown or declined{}{}. ",
            c.column,
            c.unknown,
            c.selection_reference_group
                .as_ref()
                .map_or(String::new(), |g| format!("; highest hire rate (the selection reference): {g}")),
            c.reference_group
                .as_ref()
                .map_or(String::new(), |g| format!("; score gaps compare with the largest group, {g}"))
        );
        let compared = rows.iter().filter(|r| compared(r)).count();
        if rows.is_empty() {
            s.push_str("No hire decisions are known, so selection rates are not computed.");
        } else if compared == 0 {
            s.push_str(&format!(
                "No group could be compared: fewer than two groups reach {} candidates with a known decision, so \
                 their hire rates are suppressed and nothing is said about adverse impact.",
                rep.min_cell
            ));
        } else if below.is_empty() {
            s.push_str(&format!(
                "No group's hire rate is below four-fifths of the reference group's ({} compared).",
                super::fmt::count(compared, "group", "groups")
            ));
        } else {
            s.push_str(&format!("Hire rate below four-fifths of the reference: {}.", below.join("; ")));
        }
        if rows.iter().any(|r| r.tests_disagree == Some(true)) {
            s.push_str(
                " The four-fifths rule, the Z test and Fisher's exact test disagree for some groups: at these \
                 numbers each is unreliable alone, so read all three.",
            );
        }
        let gaps = rep.interviewers.iter().filter(|r| r.column == c.column && r.group_gap).count();
        let tested = rep.interviewers.iter().filter(|r| r.column == c.column && r.p.is_some()).count();
        if tested == 0 {
            s.push_str(" No interviewer comparison reaches the minimum cell size.");
        } else {
            s.push_str(&format!(
                " {gaps} of {tested} interviewer comparisons show a material group gap at FDR {:.2}{}.",
                rep.flag_fdr,
                if gaps == 0 {
                    String::new()
                } else {
                    format!(" (about {:.1} of the flags may be false)", rep.flag_fdr * gaps as f64)
                }
            ));
        }
        out.push(s);
    }
    out
}

/// The terminal report.
pub fn table(rep: &FairnessReport) -> String {
    let mut s = String::new();
    for p in narrative(rep) {
        s.push_str(&p);
        s.push_str("\n\n");
    }
    for c in &rep.columns {
        s.push_str(&format!("== {} ==\n", trunc(&c.column, 60)));
        for st in stages(rep, &c.column) {
            selection_section(&mut s, rep, &c.column, st);
        }
        questions_section(&mut s, rep, &c.column);
        interviewers_section(&mut s, rep, &c.column);
        prediction_section(&mut s, rep, &c.column);
        s.push('\n');
    }
    s
}

/// A count as text, or `—` when unknown.
fn count_or_dash(v: Option<usize>) -> String {
    v.map_or("—".into(), |v| v.to_string())
}

/// The stages of `column`'s selection rows, in order of first appearance.
fn stages<'a>(rep: &'a FairnessReport, column: &str) -> Vec<&'a str> {
    let mut stages: Vec<&str> = Vec::new();
    for r in rep.selection.iter().filter(|r| r.column == column) {
        if !stages.contains(&r.stage.as_str()) {
            stages.push(&r.stage);
        }
    }
    stages
}

/// The selection table of `column` at `stage`: its title, the column names, then one line per group.
fn selection_section(s: &mut String, rep: &FairnessReport, column: &str, stage: &str) {
    s.push_str(&format!("selection at stage {}:\n", trunc(stage, 40)));
    let ir = format!("IR [{}]", super::fmt::ci_label(rep.confidence));
    table_line(
        s,
        &["group", "n", "sel", "rate", &ir, "4/5", "Z p", "Fisher", "mid-p", "1-flip", ""],
        &SELECTION_COLS,
    );
    for r in rep.selection.iter().filter(|r| r.column == column && r.stage == stage) {
        if r.suppressed {
            s.push_str(&format!(
                "  {} suppressed (fewer than {})\n",
                pad(&trunc(&r.group, 18), 18),
                rep.min_cell
            ));
            continue;
        }
        selection_group(s, r);
    }
}

/// One group's line of a selection table; the reference group has no ratio and no one-person flip.
fn selection_group(s: &mut String, r: &SelectionRow) {
    let is_ref = r.reference_group.as_deref() == Some(r.group.as_str());
    let flip = if is_ref { String::new() } else { yn(r.one_person_flip) };
    let ir = if is_ref {
        "reference".to_string()
    } else {
        format!("{} {}", num(r.impact_ratio, 2), ci2(r.impact_ratio_ci))
    };
    table_line(
        s,
        &[
            &trunc(&r.group, 18),
            &count_or_dash(r.n),
            &count_or_dash(r.selected),
            &super::fmt::r(r.rate),
            &ir,
            if r.four_fifths_flag == Some(true) { "<.8" } else { "" },
            &super::fmt::p_value(r.p_z_d),
            &super::fmt::p_value(r.fisher_p),
            &super::fmt::p_value(r.mid_p),
            &flip,
            if r.tests_disagree == Some(true) { "* tests disagree" } else { "" },
        ],
        &SELECTION_COLS,
    );
}

/// A column of a terminal table: text padded after (`L`) or before (`R`) to a width, or left as it
/// is (`Free`, the last column).
#[derive(Clone, Copy)]
enum Col {
    L(usize),
    R(usize),
    Free,
}

/// The selection table's columns.
const SELECTION_COLS: [Col; 11] = [
    Col::L(18),
    Col::R(6),
    Col::R(5),
    Col::R(5),
    Col::L(22),
    Col::R(3),
    Col::R(6),
    Col::R(6),
    Col::R(6),
    Col::R(6),
    Col::Free,
];
/// The score-gap table's columns.
const QUESTION_COLS: [Col; 7] =
    [Col::L(14), Col::L(18), Col::R(5), Col::R(6), Col::L(16), Col::R(6), Col::R(6)];
/// The interviewer-gap table's columns.
const INTERVIEWER_COLS: [Col; 8] =
    [Col::L(16), Col::L(18), Col::R(9), Col::R(6), Col::L(16), Col::R(6), Col::R(6), Col::Free];

/// One line of a terminal table (its column names or a row) in the widths of `cols`.
fn table_line(s: &mut String, cells: &[&str], cols: &[Col]) {
    let cells: Vec<String> = cells
        .iter()
        .zip(cols)
        .map(|(c, col)| match *col {
            Col::L(w) => pad(c, w),
            Col::R(w) => rpad(c, w),
            Col::Free => c.to_string(),
        })
        .collect();
    s.push_str(&format!("  {}\n", cells.join(" ")));
}

/// The score-gap table of `column`, when it has rows.
fn questions_section(s: &mut String, rep: &FairnessReport, column: &str) {
    let qs: Vec<&QuestionGapRow> = rep.questions.iter().filter(|r| r.column == column).collect();
    if qs.is_empty() {
        return;
    }
    s.push_str("score gaps (d = group − reference in pooled SDs; q = BH across the column):\n");
    let ci = super::fmt::ci_label(rep.confidence);
    table_line(s, &["question", "group", "n", "d", &ci, "p", "q"], &QUESTION_COLS);
    for r in qs {
        table_line(
            s,
            &[
                &trunc(&r.question_id, 14),
                &trunc(&r.group, 18),
                &count_or_dash(r.n_group),
                &num(r.d, 2),
                &ci2(r.d_ci),
                &super::fmt::p_value(r.p),
                &super::fmt::p_value(r.q),
            ],
            &QUESTION_COLS,
        );
    }
}

/// The notable interviewer gaps of `column` ([`notable_interviewers`], at most 5 beyond the flagged).
fn interviewers_section(s: &mut String, rep: &FairnessReport, column: &str) {
    let ivs = notable_interviewers(rep, column, 5);
    if ivs.is_empty() {
        return;
    }
    s.push_str(
        "interviewers (gap = mean model residual on the group's scorecards − on the reference's, score points):\n",
    );
    let ci = super::fmt::ci_label(rep.confidence);
    table_line(s, &["interviewer", "group", "cards", "gap", &ci, "p", "q", "flag"], &INTERVIEWER_COLS);
    for r in ivs {
        table_line(
            s,
            &[
                &trunc(&r.interviewer_id, 16),
                &trunc(&r.group, 18),
                &format!("{}/{}", r.n_group.unwrap_or(0), r.n_reference.unwrap_or(0)),
                &num(r.gap, 2),
                &ci2(r.gap_ci),
                &super::fmt::p_value(r.p),
                &super::fmt::p_value(r.q),
                if r.group_gap { "group_gap" } else { "" },
            ],
            &INTERVIEWER_COLS,
        );
    }
}

/// The differential-prediction lines of `column`, when it has rows.
fn prediction_section(s: &mut String, rep: &FairnessReport, column: &str) {
    let ps: Vec<&PredictionRow> = rep.prediction.iter().filter(|r| r.column == column).collect();
    if ps.is_empty() {
        return;
    }
    s.push_str("differential prediction among hires (Cleary; group − reference):\n");
    for r in ps {
        s.push_str(&prediction_line(r, rep.min_cell));
    }
}

/// One group's differential-prediction line: n, intercept and slope differences, or that it is suppressed.
fn prediction_line(r: &PredictionRow, min_cell: usize) -> String {
    if r.suppressed {
        return format!(
            "  {}: suppressed (fewer than {} hires with {} on a side)\n",
            trunc(&r.group, 18),
            min_cell,
            r.outcome
        );
    }
    format!(
        "  {}: n {}/{}; intercept diff {} {} p {} q {}; slope diff {} {} p {} q {}\n",
        trunc(&r.group, 18),
        r.n_group.unwrap_or(0),
        r.n_reference.unwrap_or(0),
        num(r.intercept_diff, 2),
        ci2(r.intercept_diff_ci),
        super::fmt::p_value(r.intercept_diff_p),
        super::fmt::p_value(r.intercept_diff_q),
        num(r.slope_diff, 2),
        ci2(r.slope_diff_ci),
        super::fmt::p_value(r.slope_diff_p),
        super::fmt::p_value(r.slope_diff_q)
    )
}

/// Which table `--format csv` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvSection {
    /// `selection[]`.
    Selection,
    /// `questions[]`.
    Questions,
    /// `interviewers[]`.
    Interviewers,
    /// `prediction[]`.
    Prediction,
}

fn f(v: Option<f64>) -> String {
    v.filter(|x| x.is_finite()).map_or_else(String::new, |x| x.to_string())
}

fn b(v: Option<bool>) -> String {
    v.map_or_else(String::new, |x| x.to_string())
}

fn lo(v: Option<(f64, f64)>) -> String {
    f(v.map(|c| c.0))
}

fn hi(v: Option<(f64, f64)>) -> String {
    f(v.map(|c| c.1))
}

fn u(v: Option<usize>) -> String {
    v.map_or_else(String::new, |x| x.to_string())
}

/// The "n" cell of a comparison: group/reference counts, or "< min_cell" for a suppressed cell.
fn counts(suppressed: bool, n_group: Option<usize>, n_reference: Option<usize>, min_cell: usize) -> String {
    if suppressed {
        format!("< {min_cell}")
    } else {
        format!("{}/{}", u(n_group), u(n_reference))
    }
}

/// One section as CSV with summary.json's field names (intervals as `_low`/`_high`; empty = null).
pub fn csv(rep: &FairnessReport, section: CsvSection) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    match section {
        CsvSection::Selection => selection_csv(&mut w, rep),
        CsvSection::Questions => questions_csv(&mut w, rep),
        CsvSection::Interviewers => interviewers_csv(&mut w, rep),
        CsvSection::Prediction => prediction_csv(&mut w, rep),
    }
    w.into_inner().unwrap_or_default()
}

/// Selection rates and impact ratios per column, stage and group.
fn selection_csv(w: &mut csv::Writer<Vec<u8>>, rep: &FairnessReport) {
    let t = |s: &str| csv_text(s);
    let _ = w.write_record([
        "column",
        "stage",
        "group",
        "n",
        "selected",
        "rate",
        "reference_group",
        "impact_ratio",
        "impact_ratio_ci_low",
        "impact_ratio_ci_high",
        "z_d",
        "p_z_d",
        "z_ir",
        "p_z_ir",
        "fisher_p",
        "mid_p",
        "shortfall",
        "four_fifths_flag",
        "one_person_flip",
        "tests_disagree",
        "suppressed",
    ]);
    for r in &rep.selection {
        let _ = w.write_record([
            t(&r.column),
            t(&r.stage),
            t(&r.group),
            u(r.n),
            u(r.selected),
            f(r.rate),
            r.reference_group.as_deref().map_or_else(String::new, t),
            f(r.impact_ratio),
            lo(r.impact_ratio_ci),
            hi(r.impact_ratio_ci),
            f(r.z_d),
            f(r.p_z_d),
            f(r.z_ir),
            f(r.p_z_ir),
            f(r.fisher_p),
            f(r.mid_p),
            f(r.shortfall),
            b(r.four_fifths_flag),
            b(r.one_person_flip),
            b(r.tests_disagree),
            r.suppressed.to_string(),
        ]);
    }
}

/// Standardized score gaps per question and group.
fn questions_csv(w: &mut csv::Writer<Vec<u8>>, rep: &FairnessReport) {
    let t = |s: &str| csv_text(s);
    let _ = w.write_record([
        "column",
        "question_id",
        "kind",
        "group",
        "reference_group",
        "n_group",
        "n_reference",
        "d",
        "d_ci_low",
        "d_ci_high",
        "p",
        "q",
        "suppressed",
    ]);
    for r in &rep.questions {
        let _ = w.write_record([
            t(&r.column),
            t(&r.question_id),
            r.kind.to_string(),
            t(&r.group),
            t(&r.reference_group),
            u(r.n_group),
            u(r.n_reference),
            f(r.d),
            lo(r.d_ci),
            hi(r.d_ci),
            f(r.p),
            f(r.q),
            r.suppressed.to_string(),
        ]);
    }
}

/// Interviewers' residual gaps per group.
fn interviewers_csv(w: &mut csv::Writer<Vec<u8>>, rep: &FairnessReport) {
    let t = |s: &str| csv_text(s);
    let _ = w.write_record([
        "column",
        "interviewer_id",
        "group",
        "reference_group",
        "n_group",
        "n_reference",
        "gap",
        "gap_se",
        "gap_ci_low",
        "gap_ci_high",
        "p",
        "q",
        "group_gap",
        "suppressed",
    ]);
    for r in &rep.interviewers {
        let _ = w.write_record([
            t(&r.column),
            t(&r.interviewer_id),
            t(&r.group),
            t(&r.reference_group),
            u(r.n_group),
            u(r.n_reference),
            f(r.gap),
            f(r.gap_se),
            lo(r.gap_ci),
            hi(r.gap_ci),
            f(r.p),
            f(r.q),
            r.group_gap.to_string(),
            r.suppressed.to_string(),
        ]);
    }
}

/// Differential prediction (Cleary) per column and group.
fn prediction_csv(w: &mut csv::Writer<Vec<u8>>, rep: &FairnessReport) {
    let t = |s: &str| csv_text(s);
    let _ = w.write_record([
        "column",
        "group",
        "reference_group",
        "outcome",
        "n_group",
        "n_reference",
        "centered_at",
        "intercept_diff",
        "intercept_diff_se",
        "intercept_diff_ci_low",
        "intercept_diff_ci_high",
        "intercept_diff_p",
        "intercept_diff_q",
        "slope_diff",
        "slope_diff_se",
        "slope_diff_ci_low",
        "slope_diff_ci_high",
        "slope_diff_p",
        "slope_diff_q",
        "suppressed",
    ]);
    for r in &rep.prediction {
        let _ = w.write_record([
            t(&r.column),
            t(&r.group),
            t(&r.reference_group),
            t(&r.outcome),
            u(r.n_group),
            u(r.n_reference),
            f(r.centered_at),
            f(r.intercept_diff),
            f(r.intercept_diff_se),
            lo(r.intercept_diff_ci),
            hi(r.intercept_diff_ci),
            f(r.intercept_diff_p),
            f(r.intercept_diff_q),
            f(r.slope_diff),
            f(r.slope_diff_se),
            lo(r.slope_diff_ci),
            hi(r.slope_diff_ci),
            f(r.slope_diff_p),
            f(r.slope_diff_q),
            r.suppressed.to_string(),
        ]);
    }
}

/// HTML/PDF table of the selection rows.
pub fn selection_table(rep: &FairnessReport) -> (Vec<String>, Vec<Vec<String>>) {
    let head = [
        "column",
        "stage",
        "group",
        "n",
        "selected",
        "rate",
        "impact ratio",
        "95% CI",
        "Z p",
        "Fisher p",
        "mid-p",
        "4/5 rule",
        "one person",
        "note",
    ];
    let body = rep
        .selection
        .iter()
        .map(|r| {
            if r.suppressed {
                return vec![
                    r.column.clone(),
                    r.stage.clone(),
                    r.group.clone(),
                    format!("< {}", rep.min_cell),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                    "suppressed".into(),
                ];
            }
            let is_ref = r.reference_group.as_deref() == Some(r.group.as_str());
            vec![
                r.column.clone(),
                r.stage.clone(),
                r.group.clone(),
                u(r.n),
                u(r.selected),
                num(r.rate, 3),
                if is_ref { "reference".into() } else { num(r.impact_ratio, 2) },
                ci2(r.impact_ratio_ci),
                super::fmt::p_value(r.p_z_d),
                super::fmt::p_value(r.fisher_p),
                super::fmt::p_value(r.mid_p),
                if r.four_fifths_flag == Some(true) { "below 0.80".into() } else { String::new() },
                if is_ref { String::new() } else { yn(r.one_person_flip) },
                if r.tests_disagree == Some(true) { "tests disagree".into() } else { String::new() },
            ]
        })
        .collect();
    (super::fmt::header(&head, rep.confidence), body)
}

/// HTML/PDF table of the score gaps.
pub fn questions_table(rep: &FairnessReport) -> (Vec<String>, Vec<Vec<String>>) {
    let head = ["column", "question", "group", "vs", "n", "d", "95% CI", "p", "q"];
    let body = rep
        .questions
        .iter()
        .map(|r| {
            vec![
                r.column.clone(),
                r.question_id.clone(),
                r.group.clone(),
                r.reference_group.clone(),
                counts(r.suppressed, r.n_group, r.n_reference, rep.min_cell),
                num(r.d, 2),
                ci2(r.d_ci),
                super::fmt::p_value(r.p),
                super::fmt::p_value(r.q),
            ]
        })
        .collect();
    (super::fmt::header(&head, rep.confidence), body)
}

/// HTML/PDF table of the notable interviewer rows (flagged first, then the smallest q; at most `max` per
/// column beyond the flagged ones).
pub fn interviewers_table(rep: &FairnessReport, max: usize) -> (Vec<String>, Vec<Vec<String>>) {
    let head = ["column", "interviewer", "group", "vs", "scorecards", "gap", "95% CI", "p", "q", "flag"];
    let body = rep
        .columns
        .iter()
        .flat_map(|c| notable_interviewers(rep, &c.column, max))
        .map(|r| {
            vec![
                r.column.clone(),
                r.interviewer_id.clone(),
                r.group.clone(),
                r.reference_group.clone(),
                counts(false, r.n_group, r.n_reference, rep.min_cell),
                num(r.gap, 2),
                ci2(r.gap_ci),
                super::fmt::p_value(r.p),
                super::fmt::p_value(r.q),
                if r.group_gap { "group_gap".into() } else { String::new() },
            ]
        })
        .collect();
    (super::fmt::header(&head, rep.confidence), body)
}

/// HTML/PDF table of the differential-prediction rows.
pub fn prediction_table(rep: &FairnessReport) -> (Vec<String>, Vec<Vec<String>>) {
    let head = [
        "column",
        "group",
        "vs",
        "outcome",
        "hires",
        "intercept diff",
        "95% CI",
        "p",
        "q",
        "slope diff",
        "95% CI",
        "p",
        "q",
    ];
    let body = rep
        .prediction
        .iter()
        .map(|r| {
            vec![
                r.column.clone(),
                r.group.clone(),
                r.reference_group.clone(),
                r.outcome.clone(),
                counts(r.suppressed, r.n_group, r.n_reference, rep.min_cell),
                num(r.intercept_diff, 2),
                ci2(r.intercept_diff_ci),
                super::fmt::p_value(r.intercept_diff_p),
                super::fmt::p_value(r.intercept_diff_q),
                num(r.slope_diff, 2),
                ci2(r.slope_diff_ci),
                super::fmt::p_value(r.slope_diff_p),
                super::fmt::p_value(r.slope_diff_q),
            ]
        })
        .collect();
    (super::fmt::header(&head, rep.confidence), body)
}

/// The impact-ratio chart's data: every non-reference, non-suppressed selection row with a ratio.
pub fn impact_chart(rep: &FairnessReport) -> super::charts::ImpactRatiosData {
    let rows = rep
        .selection
        .iter()
        .filter(|r| !r.suppressed && r.reference_group.as_deref() != Some(r.group.as_str()))
        .map(|r| super::charts::ImpactRow {
            label: format!(
                "{}: {} (n {}, vs {})",
                r.column,
                r.group,
                r.n.unwrap_or(0),
                r.reference_group.as_deref().unwrap_or("—")
            ),
            stage: r.stage.clone(),
            impact_ratio: r.impact_ratio,
            ci: r.impact_ratio_ci,
            below: r.four_fifths_flag == Some(true),
        })
        .collect();
    super::charts::ImpactRatiosData {
        level: super::fmt::level(rep.confidence),
        rows,
        suppressed: rep.selection.iter().filter(|r| r.suppressed).count(),
        min_cell: rep.min_cell,
    }
}
