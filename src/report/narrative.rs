//! Plain-words findings for the HTML and PDF reports, written from the results (no statistics here).

use super::fmt::{ci, r};
use crate::analysis::interviewers::InterviewersReport;
use crate::analysis::panel::PanelResult;
use crate::analysis::questions::{QuestionsReport, Verdict};

fn list(ids: &[String]) -> String {
    match ids.len() {
        0 => String::new(),
        1 => ids[0].clone(),
        n => format!("{} and {}", ids[..n - 1].join(", "), ids[n - 1]),
    }
}

/// Findings about the questions and the process as a whole.
pub fn questions(q: &QuestionsReport) -> Vec<String> {
    let mut out = Vec::new();
    let Some(o) = &q.outcome else {
        out.push(
            "No outcome is available, so hirecal cannot say which questions predict performance. \
             Pass an outcomes file with a performance or retention column (--outcomes)."
                .to_string(),
        );
        return out;
    };
    let n = q.process.validity.n_validity;
    out.push(format!(
        "Outcome analysed: {} ({} hires with a known value). Only hires have outcomes, and hires were chosen on \
         the interview scores, so every validity below is corrected for that selection{}.",
        o.name,
        n,
        if q.selection == "case3" { " (Thorndike Case III)" } else { " — correction turned off" }
    ));
    let by = |v: Verdict| -> Vec<String> {
        let mut rows: Vec<_> = q.questions.iter().filter(|x| x.stats.verdict == v).collect();
        rows.sort_by(|a, b| {
            b.stats
                .validity
                .validity_corrected
                .unwrap_or(0.0)
                .total_cmp(&a.stats.validity.validity_corrected.unwrap_or(0.0))
        });
        rows.iter()
            .map(|x| format!("{} (r = {})", x.question_id, r(x.stats.validity.validity_corrected)))
            .collect()
    };
    let (pred, none, counter, insuff) = (
        by(Verdict::Predictive),
        by(Verdict::NoEvidence),
        by(Verdict::CounterPredictive),
        by(Verdict::InsufficientData),
    );
    if !pred.is_empty() {
        out.push(format!("Questions that predict {}: {}.", o.name, list(&pred)));
    }
    if !none.is_empty() {
        out.push(format!("No evidence of prediction: {}.", list(&none)));
    }
    if !counter.is_empty() {
        out.push(format!(
            "Counter-predictive (higher scores go with worse outcomes): {}. Review what these questions reward.",
            list(&counter)
        ));
    }
    if !insuff.is_empty() {
        out.push(format!("Too few hires with outcomes for a verdict: {}.", list(&insuff)));
    }
    let decisive: Vec<String> = q
        .questions
        .iter()
        .filter(|x| {
            x.stats.validity.decision_auc.is_some_and(|a| a >= 0.70)
                && matches!(x.stats.verdict, Verdict::NoEvidence | Verdict::CounterPredictive)
        })
        .map(|x| {
            format!("{} (decision AUC {:.2})", x.question_id, x.stats.validity.decision_auc.unwrap_or(0.0))
        })
        .collect();
    if !decisive.is_empty() {
        out.push(format!(
            "Drives decisions, predicts nothing: {} weigh heavily in who gets hired without evidence that they \
             predict {}.",
            list(&decisive),
            o.name
        ));
    }
    if let Some(best) = q.question_comparisons.first() {
        let clear: Vec<String> = q
            .question_comparisons
            .iter()
            .filter(|c| c.diff_ci.is_some_and(|(lo, _)| lo > 0.0))
            .map(|c| c.b.clone())
            .collect();
        out.push(format!(
            "The highest corrected validity belongs to {}. The data show it is better than {} of the {} other \
             questions{}; against the rest the difference is within the noise.",
            best.a,
            clear.len(),
            q.question_comparisons.len(),
            if clear.is_empty() { String::new() } else { format!(" ({})", list(&clear)) }
        ));
    }
    let p = &q.process.validity;
    if let Some(v) = p.validity_corrected {
        out.push(format!(
            "The panel score as a whole has corrected validity {} {} (raw among hires: {}). Published benchmarks \
             for structured interviews are .42 (Sackett et al. 2022) and .51 (Schmidt & Hunter 1998).",
            r(Some(v)),
            ci(p.validity_corrected_ci),
            r(p.validity_r)
        ));
    }
    out
}

/// The panel's reliability in plain words.
pub fn panel(p: &PanelResult) -> Vec<String> {
    let mut out = Vec::new();
    match p.icc1_unbalanced {
        Some(icc) => {
            let sb = |k: f64| crate::stats::icc::spearman_brown(icc, k);
            let size = p.mean_panel_size.unwrap_or(1.0);
            let mut s = format!(
                "A single interview has reliability {}; a panel of {:.1} interviews (your average) reaches {}",
                r(Some(icc)),
                size,
                r(Some(sb(size)))
            );
            match p.interviews_for_reliability.k {
                Some(k) => s.push_str(&format!(
                    "; {k} interviews are needed for {}.",
                    r(Some(p.interviews_for_reliability.target))
                )),
                None => s.push('.'),
            }
            out.push(s);
        }
        None => out.push(
            "Panel reliability could not be estimated (too few candidates with two or more interviews)."
                .into(),
        ),
    }
    if let Some(a) = p.krippendorff_alpha_interval {
        out.push(format!("Krippendorff's alpha across interviewers (interval): {}.", r(Some(a))));
    }
    out
}

/// Findings about interviewers.
pub fn interviewers(iv: &InterviewersReport) -> Vec<String> {
    let mut out = Vec::new();
    let flagged = |name: &str| -> Vec<String> {
        iv.interviewers
            .iter()
            .filter(|i| i.flags.iter().any(|f| f.as_str() == name))
            .map(|i| i.interviewer_id.clone())
            .collect()
    };
    for (flag, words) in [
        ("lenient", "score systematically higher than peers who ran the same interview"),
        ("harsh", "score systematically lower than their peers"),
        ("narrow_range", "use a much narrower part of the scale than their peers"),
        ("disagrees_with_panel", "disagree with the rest of the panel more than is usual"),
        ("drifting", "have drifted over time"),
        ("halo", "give nearly the same score to every question on a scorecard"),
    ] {
        let ids = flagged(flag);
        if !ids.is_empty() {
            let shown: Vec<String> = ids.iter().take(12).cloned().collect();
            let more = if ids.len() > 12 { format!(" and {} more", ids.len() - 12) } else { String::new() };
            out.push(format!("{} interviewer(s) {words}: {}{more}.", ids.len(), list(&shown)));
        }
    }
    if out.is_empty() {
        out.push("No interviewer stands out against their peers beyond what chance explains.".into());
    } else {
        let n = iv.interviewers.len();
        out.push(format!(
            "Flags rest on 95% intervals: among {n} interviewers, about {} per flag can be expected by chance alone, \
             so treat a single flag as a prompt for a conversation, not a verdict.",
            (n as f64 * 0.05 / 2.0).round().max(1.0) as usize
        ));
    }
    out
}
