//! The question table (terminal) and `questions.csv`.

use super::fmt::{ci, csv_text, num, pad, r, rpad, trunc};
use crate::analysis::questions::{QuestionsReport, Verdict};

/// ANSI colour of a verdict.
fn colour(v: Verdict) -> &'static str {
    match v {
        Verdict::Predictive => "\x1b[32m",
        Verdict::CounterPredictive => "\x1b[31m",
        Verdict::NoEvidence => "\x1b[33m",
        Verdict::InsufficientData => "\x1b[2m",
    }
}

/// The question table sorted by corrected validity (highest first), fitting 100 columns.
/// `colour` adds ANSI colours to the verdicts (only when stdout is a terminal).
pub fn table(rep: &QuestionsReport, colour_on: bool) -> String {
    let mut s = String::new();
    if let Some(o) = &rep.outcome {
        s.push_str(&format!(
            "Outcome: {} ({}){}.\nValidity corrected for selection on the panel score: {}.\n\n",
            o.name,
            match o.kind {
                crate::dataset::OutcomeKind::Numeric => "numeric",
                crate::dataset::OutcomeKind::Binary => "binary",
            },
            if o.by_default { ", the first outcome column; choose another with --outcome" } else { "" },
            match (rep.selection.method, rep.selection.binary_method) {
                ("case3", Some(_)) =>
                    "probit of the 0/1 outcome on the scores among hires, averaged over all applicants",
                ("case3", None) => "Thorndike Case III",
                _ => "off (--selection none)",
            }
        ));
    }
    if let Some(n) = &rep.note {
        s.push_str(&format!("Note: {n}.\n\n"));
    }
    if rep.outcome.is_none() {
        return s + &descriptive_table(rep);
    }
    s.push_str(&format!(
        "{} {} {} {} {} {} {} {}\n",
        pad("question", 22),
        pad("competency", 16),
        rpad("n", 5),
        rpad("dAUC", 5),
        rpad("raw r", 6),
        rpad("corr r", 6),
        pad(&super::fmt::ci_label(rep.confidence), 13),
        "verdict"
    ));
    s.push_str(&format!("{}\n", "─".repeat(96)));
    let mut rows: Vec<_> = rep.questions.iter().collect();
    rows.sort_by(|a, b| {
        let key = |q: &&crate::analysis::questions::QuestionResult| {
            q.stats.validity.validity_corrected.unwrap_or(f64::NEG_INFINITY)
        };
        key(b).total_cmp(&key(a))
    });
    for q in rows {
        let label = match &q.text {
            Some(t) => format!("{} {}", q.question_id, t),
            None => q.question_id.clone(),
        };
        let v = &q.stats.validity;
        let verdict = q.stats.verdict.words().to_string();
        let verdict =
            if colour_on { format!("{}{verdict}\x1b[0m", colour(q.stats.verdict)) } else { verdict };
        s.push_str(&format!(
            "{} {} {} {} {} {} {} {}\n",
            pad(&trunc(&label, 22), 22),
            pad(&trunc(q.competency.as_deref().unwrap_or("—"), 16), 16),
            rpad(&v.n_validity.to_string(), 5),
            rpad(&r(v.decision_auc), 5),
            rpad(&r(v.validity_r), 6),
            rpad(&r(v.validity_corrected), 6),
            pad(&ci(v.validity_corrected_ci), 13),
            verdict
        ));
    }
    let p = &rep.process;
    s.push_str(&format!("{}\n", "─".repeat(96)));
    s.push_str(&format!(
        "{} {} {} {} {} {} {}\n",
        pad("panel score (all)", 39),
        rpad(&p.validity.n_validity.to_string(), 5),
        rpad(&r(p.validity.decision_auc), 5),
        rpad(&r(p.validity.validity_r), 6),
        rpad(&r(p.validity.validity_corrected), 6),
        pad(&ci(p.validity.validity_corrected_ci), 13),
        match (rep.selection.method, rep.selection.binary_method) {
            ("none", _) => "not corrected",
            (_, Some(_)) => "probit",
            _ => "Case II",
        }
    ));
    s.push_str(
        "\nn = hires with outcome; dAUC = how strongly the score drove the hire decision (.5 = not at all);\n",
    );
    s.push_str(if !rep.selection.corrected() {
        "raw r = correlation among hires; corr r = the same: the correction for selection is off\n\
         (--selection none), so both understate the validity among all applicants. Published benchmarks\n\
         (.42, .51) are corrected values and not comparable.\n"
    } else {
        "raw r = correlation among hires; corr r = corrected for range restriction (the estimate to use).\n\
         Benchmarks for a whole structured interview: .42 (Sackett et al. 2022), .51 (Schmidt & Hunter 1998).\n"
    });
    if let Some(n) = &rep.jobs_note {
        s.push_str(&format!("Note: {n}; corr r per job (n):\n"));
        let per = |label: &str, v: &crate::analysis::validity::Validity| {
            let cells: Vec<String> = v
                .per_job
                .iter()
                .map(|j| format!("{} {} ({})", j.job, r(j.validity_corrected), j.n_validity))
                .collect();
            format!("  {} {}\n", pad(&trunc(label, 22), 22), cells.join(", "))
        };
        for q in &rep.questions {
            s.push_str(&per(&q.question_id, &q.stats.validity));
        }
        s.push_str(&per("panel score (all)", &p.validity));
    }
    if let Some(c) = rep.question_comparisons.iter().find(|c| c.diff_ci.is_some()) {
        let clear =
            rep.question_comparisons.iter().filter(|c| c.diff_ci.is_some_and(|(lo, _)| lo > 0.0)).count();
        let n = rep.question_comparisons.len();
        s.push_str(&if clear == 0 {
            format!(
                "Highest corrected validity: {}; its lead over the {n} others is within the noise (no difference's \
                 interval lies above 0).\n",
                c.a
            )
        } else {
            format!(
                "Highest corrected validity: {}; its lead is clear (interval above 0) over {clear} of {n} others.\n",
                c.a
            )
        });
    }
    s
}

/// The decision-free table (no outcome): n rated, mean, SD and item–rest r per question.
fn descriptive_table(rep: &QuestionsReport) -> String {
    let mut s = format!(
        "{} {} {} {} {} {}\n{}\n",
        pad("question", 40),
        pad("competency", 22),
        rpad("rated", 7),
        rpad("mean", 6),
        rpad("sd", 6),
        rpad("item-rest r", 12),
        "─".repeat(96)
    );
    for q in &rep.questions {
        let label = match &q.text {
            Some(t) => format!("{} {}", q.question_id, t),
            None => q.question_id.clone(),
        };
        s.push_str(&format!(
            "{} {} {} {} {} {}\n",
            pad(&trunc(&label, 40), 40),
            pad(&trunc(q.competency.as_deref().unwrap_or("—"), 22), 22),
            rpad(&q.stats.n_scored.to_string(), 7),
            rpad(&num(q.stats.mean, 2), 6),
            rpad(&num(q.stats.sd, 2), 6),
            rpad(&r(q.stats.item_rest_r), 12),
        ));
    }
    s
}

/// Header of `questions.csv`: the JSON field names, intervals split into `_low`/`_high`.
const HEADER: &[&str] = &[
    "question_id",
    "text",
    "competency",
    "n_scored",
    "mean",
    "sd",
    "distribution",
    "decision_auc",
    "decision_auc_ci_low",
    "decision_auc_ci_high",
    "n_validity",
    "validity_r",
    "validity_ci_low",
    "validity_ci_high",
    "validity_p",
    "validity_spearman",
    "validity_corrected",
    "validity_corrected_ci_low",
    "validity_corrected_ci_high",
    "validity_corrected_p",
    "validity_q",
    "validity_auc",
    "incremental_beta",
    "incremental_beta_ci_low",
    "incremental_beta_ci_high",
    "item_rest_r",
    "mde_r",
    "n_needed",
    "verdict",
];

/// `questions.csv`: one row per question, same field names as `summary.json`; numbers rounded to
/// [`super::fmt::CSV_SIGNIFICANT_DIGITS`] unless `full` (`--precision full`).
pub fn csv(rep: &QuestionsReport, full: bool) -> Vec<u8> {
    let f = |v: Option<f64>| super::fmt::csv_number(v, super::fmt::CSV_SIGNIFICANT_DIGITS, full);
    let lo = |v: Option<(f64, f64)>| f(v.map(|x| x.0));
    let hi = |v: Option<(f64, f64)>| f(v.map(|x| x.1));
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(HEADER);
    for q in &rep.questions {
        let s = &q.stats;
        let v = &s.validity;
        let dist =
            s.distribution.iter().map(|d| format!("{}:{}", d.score, d.count)).collect::<Vec<_>>().join(" ");
        let row = vec![
            csv_text(&q.question_id),
            csv_text(q.text.as_deref().unwrap_or("")),
            csv_text(q.competency.as_deref().unwrap_or("")),
            s.n_scored.to_string(),
            f(s.mean),
            f(s.sd),
            dist,
            f(v.decision_auc),
            lo(v.decision_auc_ci),
            hi(v.decision_auc_ci),
            v.n_validity.to_string(),
            f(v.validity_r),
            lo(v.validity_ci),
            hi(v.validity_ci),
            f(v.validity_p),
            f(v.validity_spearman),
            f(v.validity_corrected),
            lo(v.validity_corrected_ci),
            hi(v.validity_corrected_ci),
            f(v.validity_corrected_p),
            f(s.validity_q),
            f(v.validity_auc),
            f(s.incremental_beta),
            lo(s.incremental_beta_ci),
            hi(s.incremental_beta_ci),
            f(s.item_rest_r),
            f(v.mde_r),
            v.n_needed.map(|n| n.to_string()).unwrap_or_default(),
            s.verdict.as_str().to_string(),
        ];
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}
