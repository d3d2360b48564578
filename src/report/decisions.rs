//! The decisions page: page 1 of report.pdf and the top of report.html. A short list of what to do, each
//! line with its evidence (estimate, interval, n) and where the detail is. It only selects and words
//! results computed in `analysis/`; nothing is estimated here.
//!
//! - Questions to keep: verdict `predictive`.
//! - Questions to rework: they drive the hire decision but predict little, by the one rule the narrative
//!   also uses ([`drives_decisions_predicts_nothing`]: a high decision AUC, a small upper bound of the
//!   corrected validity interval, never a question with too few hires).
//! - Questions without enough data yet: fewer than `min_n` hires, or no evidence yet where the power
//!   analysis (`n_needed`) says how many hires with outcomes would show their current validity.
//! - Interviewers to calibrate: flagged ones only, grouped by kind, with the expected number of false flags
//!   at the false-discovery rate used.
//! - Panel: reliability of the usual panel now and the interviews needed for the target.

use serde::Serialize;

use super::fmt::{ci_words, num, r, thousands};
use crate::analysis::fairness::{FairnessReport, HIRED_STAGE};
use crate::analysis::interviewers::{Flag, InterviewerResult, InterviewersReport};
use crate::analysis::panel::PanelResult;
use crate::analysis::questions::{
    drives_decisions_predicts_nothing, QuestionResult, QuestionsReport, Verdict,
};
use crate::stats::power::N_NEEDED_CAP;

/// Most lines shown per group; the rest are counted.
const MAX_LINES: usize = 4;

/// Where a group's detail is, by the title of the report section that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Detail {
    /// "Which questions predict performance".
    Questions,
    /// "Decision weight against validity" (questions that drive decisions and predict little).
    DecisionWeight,
    /// "Interviewer leniency" (leniency, halo and panel agreement; the interviewer table).
    Interviewers,
    /// "How interviewers use the scale" (narrow range).
    Scale,
    /// "Drift over time".
    Drift,
    /// "Panel reliability".
    Panel,
    /// "How many interviewers, how many questions" (the generalizability study and D-study).
    DStudy,
    /// "Adverse impact: selection rates by group" (the first adverse-impact section).
    Fairness,
}

impl Detail {
    /// The title of the section with the detail (as in `commands/report.rs`).
    pub fn section_title(self) -> &'static str {
        match self {
            Detail::Questions => "Which questions predict performance",
            Detail::DecisionWeight => "Decision weight against validity",
            Detail::Interviewers => "Interviewer leniency",
            Detail::Scale => "How interviewers use the scale",
            Detail::Drift => "Drift over time",
            Detail::Panel => "Panel reliability",
            Detail::DStudy => "How many interviewers, how many questions",
            Detail::Fairness => "Adverse impact: selection rates by group",
        }
    }
}

/// One group of decisions.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// Heading, e.g. "Keep these questions (2)".
    pub heading: String,
    /// One line per item, evidence included.
    pub lines: Vec<String>,
    /// A closing remark (e.g. the expected number of false flags).
    pub note: Option<String>,
    /// Where the detail is.
    pub detail: Detail,
}

fn label(q: &QuestionResult) -> String {
    match q.text.as_deref() {
        Some(t) if !t.trim().is_empty() => {
            format!("{} “{}”", q.question_id, super::charts::truncate_label(t, 32))
        }
        _ => q.question_id.clone(),
    }
}

fn interval(ci: Option<(f64, f64)>) -> String {
    ci.map_or_else(|| "no CI".into(), |c| format!("CI {}", ci_words(Some(c))))
}

/// An interval of a difference in points, signed: "CI +0.41 to +0.75".
fn signed_interval(ci: Option<(f64, f64)>) -> String {
    ci.map_or_else(|| "no CI".into(), |(a, b)| format!("CI {a:+.2} to {b:+.2}"))
}

/// An interval of a ratio (may exceed 1, so with leading zeros): "CI 0.55 to 0.93".
fn ratio_interval(ci: Option<(f64, f64)>) -> String {
    ci.map_or_else(|| "no CI".into(), |(a, b)| format!("CI {a:.2} to {b:.2}"))
}

fn capped(mut lines: Vec<String>, what: &str) -> Vec<String> {
    if lines.len() > MAX_LINES {
        let rest = lines.len() - (MAX_LINES - 1);
        lines.truncate(MAX_LINES - 1);
        lines.push(format!("and {rest} more {what}"));
    }
    lines
}

/// What the report advises for one question. One classification serves page 1, the question table's
/// "advice" column and the question findings, so they always agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Advice {
    /// Verdict `predictive`: keep the question.
    Keep,
    /// Verdict `counter_predictive`: higher scores go with worse outcomes; review what it rewards.
    Review,
    /// It drives the hire decision while its whole validity interval lies near 0
    /// ([`drives_decisions_predicts_nothing`]).
    Rework,
    /// Its validity is so near 0 that telling it from zero would take more hires than the power
    /// analysis's cap (`n_needed_note`): more data is not the answer.
    NoSign,
    /// Fewer than `min_n` hires with an outcome: this many more are needed for any verdict.
    TooFew(usize),
    /// No evidence yet; about this many hires with an outcome would show the current estimate (`n_needed`).
    Needs(usize),
    /// No evidence yet although the power analysis says the hires should suffice, or it has no estimate:
    /// the interval still includes 0.
    Unsettled,
}

impl Advice {
    /// The advice for `x`; `min_n`: fewest hires with an outcome for a verdict.
    pub fn of(x: &QuestionResult, min_n: usize) -> Advice {
        let v = &x.stats.validity;
        let n = v.n_validity;
        match x.stats.verdict {
            Verdict::Predictive => Advice::Keep,
            Verdict::CounterPredictive => Advice::Review,
            Verdict::InsufficientData => Advice::TooFew(min_n.saturating_sub(n)),
            Verdict::NoEvidence if n >= min_n && drives_decisions_predicts_nothing(&x.stats) => {
                Advice::Rework
            }
            Verdict::NoEvidence if v.n_needed_note.is_some() => Advice::NoSign,
            Verdict::NoEvidence => match v.n_needed.filter(|k| *k > n) {
                Some(need) => Advice::Needs(need),
                None => Advice::Unsettled,
            },
        }
    }

    /// The advice in a few words, for the question table: "keep", "wait: about 808 hires needed".
    pub fn words(self) -> String {
        match self {
            Advice::Keep => "keep".into(),
            Advice::Review => "review: higher scores, worse outcomes".into(),
            Advice::Rework => "rework: drives the decision, predicts little".into(),
            Advice::NoSign => "no sign it predicts".into(),
            Advice::TooFew(more) => format!("wait: {} more hires needed", thousands(more)),
            Advice::Needs(need) => format!("wait: about {} hires needed", thousands(need)),
            Advice::Unsettled => "wait: interval still includes 0".into(),
        }
    }
}

/// Why more hires will not settle a validity this near 0: "more than 5,000 would be needed to tell it
/// from zero", or, when the data already hold that many, "5,200 hires do not tell it from zero".
fn too_near_zero(n: usize) -> String {
    if n >= N_NEEDED_CAP {
        format!("{} hires do not tell it from zero", thousands(n))
    } else {
        format!("more than {} would be needed to tell it from zero", thousands(N_NEEDED_CAP))
    }
}

/// The question groups: keep, review (when any), rework, no sign of prediction (when any), not enough
/// data yet. Every question is in exactly one group. `min_n`: fewest hires with an outcome for a verdict.
pub fn questions(q: &QuestionsReport, min_n: usize) -> Vec<Group> {
    question_groups(&q.questions, min_n)
}

/// [`questions`] over the question results themselves.
fn question_groups(questions: &[QuestionResult], min_n: usize) -> Vec<Group> {
    let (mut keep, mut review, mut rework, mut little, mut wait) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut sorted: Vec<&QuestionResult> = questions.iter().collect();
    sorted.sort_by(|a, b| {
        let k = |x: &QuestionResult| x.stats.validity.validity_corrected.unwrap_or(f64::NEG_INFINITY);
        k(b).total_cmp(&k(a))
    });
    for x in sorted {
        let v = &x.stats.validity;
        let n = thousands(v.n_validity);
        let evidence = || {
            format!("validity {} ({}), {n} hires", r(v.validity_corrected), interval(v.validity_corrected_ci))
        };
        match Advice::of(x, min_n) {
            Advice::Keep => keep.push(format!("{}: {}", label(x), evidence())),
            Advice::Review => review.push(format!("{}: {}", label(x), evidence())),
            Advice::Rework => {
                rework.push(format!("{}: decision AUC {}, {}", label(x), r(v.decision_auc), evidence()))
            }
            Advice::NoSign => {
                little.push(format!("{}: {}; {}", label(x), evidence(), too_near_zero(v.n_validity)))
            }
            Advice::TooFew(more) => wait.push(format!(
                "{}: {n} hires with an outcome, {} more needed",
                x.question_id,
                thousands(more)
            )),
            Advice::Needs(need) => wait.push(format!(
                "{} ({} now): about {} hires needed, has {n}",
                x.question_id,
                r(v.validity_corrected),
                thousands(need)
            )),
            Advice::Unsettled => wait.push(format!(
                "{} ({} now, {}): not yet clear with {n} hires",
                x.question_id,
                r(v.validity_corrected),
                interval(v.validity_corrected_ci)
            )),
        }
    }
    let mut out = Vec::new();
    let group = |name: &str, lines: Vec<String>, none: &str, detail: Detail| Group {
        heading: format!("{name} ({})", lines.len()),
        lines: if lines.is_empty() { vec![none.to_string()] } else { capped(lines, "questions") },
        note: None,
        detail,
    };
    out.push(group(
        "Keep these questions",
        keep,
        "None yet: no question is shown to predict the outcome.",
        Detail::Questions,
    ));
    if !review.is_empty() {
        out.push(group("Review: higher scores go with worse outcomes", review, "", Detail::Questions));
    }
    out.push(group(
        "Rework: drive the decision, predict little",
        rework,
        "None: no question drives the decision while clearly predicting little.",
        Detail::DecisionWeight,
    ));
    if !little.is_empty() {
        out.push(group("No sign it predicts", little, "", Detail::Questions));
    }
    out.push(group("Not yet clear: more hires needed", wait, "None.", Detail::Questions));
    out
}

fn evidence(i: &InterviewerResult, f: Flag) -> String {
    let n = i.n_scorecards;
    match f {
        // The list is ordered by the shrunk value, so it is shown beside the estimate.
        Flag::Lenient | Flag::Harsh => format!(
            "{} {:+.2} ({}; shrunk {:+.2}), {n} scorecards",
            i.interviewer_id,
            i.leniency.unwrap_or(0.0),
            signed_interval(i.leniency_ci),
            i.leniency_shrunk.unwrap_or(0.0)
        ),
        Flag::NarrowRange => format!(
            "{} {:.0}% of the peers' spread, {n} scorecards",
            i.interviewer_id,
            100.0 * i.spread_ratio.unwrap_or(0.0)
        ),
        Flag::Halo => format!("{} halo index {}, {n} scorecards", i.interviewer_id, num(i.halo_index, 2)),
        Flag::Drifting => format!(
            "{} {:+.2} points a year ({}), {n} scorecards",
            i.interviewer_id,
            i.drift_per_year.unwrap_or(0.0),
            signed_interval(i.drift_ci)
        ),
        Flag::DisagreesWithPanel => format!(
            "{} agreement r {} ({:+.2} against peers), {} candidates",
            i.interviewer_id,
            r(i.panel_agreement_r),
            i.flag_tests.disagrees_with_panel.effect.unwrap_or(0.0),
            i.panel_agreement_n
        ),
        Flag::Disconnected | Flag::InsufficientData => i.interviewer_id.clone(),
    }
}

/// Interviewers to calibrate: one group per flag kind that has flags, and a note with the expected
/// number of false flags.
pub fn interviewers(iv: &InterviewersReport) -> Vec<Group> {
    let kinds = [
        (Flag::Lenient, "Calibrate: lenient, scores above peers", Detail::Interviewers),
        (Flag::Harsh, "Calibrate: harsh, scores below peers", Detail::Interviewers),
        (Flag::NarrowRange, "Calibrate: narrow range, little of the scale", Detail::Scale),
        (Flag::Halo, "Calibrate: halo, every question alike", Detail::Interviewers),
        (Flag::Drifting, "Calibrate: drifting, scoring moved over time", Detail::Drift),
        (Flag::DisagreesWithPanel, "Calibrate: disagrees with the panel", Detail::Interviewers),
    ];
    let m = &iv.interviewers_meta;
    let mut out = Vec::new();
    for (f, words, detail) in kinds {
        let mut who: Vec<&InterviewerResult> =
            iv.interviewers.iter().filter(|i| i.flags.contains(&f)).collect();
        if who.is_empty() {
            continue;
        }
        who.sort_by(|a, b| {
            let eff = |i: &InterviewerResult| match f {
                Flag::Lenient | Flag::Harsh => i.leniency_shrunk.unwrap_or(0.0).abs(),
                _ => -(i.n_scorecards as f64),
            };
            eff(b).total_cmp(&eff(a)).then(a.interviewer_id.cmp(&b.interviewer_id))
        });
        out.push(Group {
            heading: format!("{words} ({})", who.len()),
            lines: capped(who.iter().map(|i| evidence(i, f)).collect(), "interviewers"),
            note: None,
            detail,
        });
    }
    let note = format!(
        "{} at a {:.0}% false-discovery rate among {} interviewers tested: about {:.1} may be \
         false. A flag starts a conversation, not a verdict. Lenient and harsh are ordered by shrunk \
         leniency, the others by scorecards.",
        super::fmt::count(m.flags_by_kind.total(), "flag", "flags"),
        100.0 * m.flag_fdr,
        m.tested,
        m.expected_false_flags
    );
    if let Some(why) = super::narrative::untested(iv) {
        out.push(Group {
            heading: "Calibrate: no interviewer (0)".into(),
            lines: vec![why],
            note: None,
            detail: Detail::Interviewers,
        });
    } else if out.is_empty() {
        out.push(Group {
            heading: "Calibrate: no interviewer (0)".into(),
            lines: vec!["None: no interviewer stands out against their peers.".into()],
            note: Some(note),
            detail: Detail::Interviewers,
        });
    } else if let Some(last) = out.last_mut() {
        last.note = Some(note);
    }
    out
}

/// Panel reliability now and what reaching the target would take: from the generalizability study when
/// there is one (it tells adding interviewers from adding questions), else from Spearman–Brown on the
/// one-way ICC.
pub fn panel(p: &PanelResult) -> Group {
    let target = p.interviews_for_reliability.target;
    let d_study = |g| format!("D-study: {}", super::generalizability::d_study_advice(g));
    if let Some((g, gqk)) = p.generalizability.as_ref().and_then(|g| g.current.g_qk.map(|v| (g, v))) {
        let lines = vec![
            format!(
                "As staffed ({}): G {} against the target {}",
                super::generalizability::staffed(g),
                r(Some(gqk)),
                r(Some(g.target))
            ),
            d_study(g),
        ];
        return Group {
            heading: "Panel size: more interviewers or more questions".into(),
            lines,
            note: None,
            detail: Detail::DStudy,
        };
    }
    let mut lines = Vec::new();
    match (p.mean_panel_size, p.reliability_mean_panel) {
        (Some(k), Some(rel)) => lines.push(format!(
            "{} interviews per candidate give reliability {} now (one interview: ICC(1) {})",
            k.round(),
            r(Some(rel)),
            r(p.icc1_unbalanced)
        )),
        _ => lines
            .push("Panel reliability cannot be estimated: too few candidates met two interviewers.".into()),
    }
    match (p.interviews_for_reliability.k, p.mean_panel_size) {
        (Some(k), Some(now)) if (k as f64) <= now.round() => {
            lines.push(format!("that already reaches {} ({k} interviews would do)", r(Some(target))))
        }
        (Some(k), _) => lines.push(format!(
            "{} takes {k} interviews per candidate, or more consistent interviewers",
            r(Some(target))
        )),
        (None, _) => {
            lines.push(format!("no panel size reaches {}: interviewers do not agree", r(Some(target))))
        }
    }
    // A G study without G(q,k) still says whether to add interviewers or questions.
    lines.extend(p.generalizability.as_ref().map(d_study));
    Group { heading: "Panel reliability".into(), lines, note: None, detail: Detail::Panel }
}

/// Adverse impact to examine: groups hired below four-fifths of the reference rate, flagged
/// interviewer group gaps, and prediction lines that differ between groups (an interval excluding 0
/// and q at most the flag FDR).
pub fn fairness(f: &FairnessReport) -> Group {
    let lines = fairness_findings(f);
    let n = lines.len();
    Group {
        heading: format!("Examine: adverse impact ({n})"),
        lines: if lines.is_empty() {
            vec!["None: no group is hired below four-fifths of the reference rate, no interviewer gap is \
                  flagged, and one prediction line serves every group."
                .to_string()]
        } else {
            capped(lines, "findings")
        },
        note: (n > 0)
            .then(|| "Evidence to examine, not verdicts: each can have job-related causes.".to_string()),
        detail: Detail::Fairness,
    }
}

/// The adverse-impact findings of [`fairness`], one line each, with their evidence.
pub fn fairness_findings(f: &FairnessReport) -> Vec<String> {
    let hired = f.selection.iter().filter(|r| r.stage == HIRED_STAGE);
    let mut lines: Vec<String> = hired
        .filter(|r| r.four_fifths_flag == Some(true))
        .map(|r| {
            format!(
                "{}: {} hired at {} of the rate of {} ({}), below four-fifths",
                r.column,
                r.group,
                num(r.impact_ratio, 2),
                r.reference_group.as_deref().unwrap_or("the reference group"),
                ratio_interval(r.impact_ratio_ci)
            )
        })
        .collect();
    lines.extend(f.interviewers.iter().filter(|r| r.group_gap).map(|r| {
        format!(
            "{}: {} rates {} {:+.2} points against {} ({})",
            r.column,
            r.interviewer_id,
            r.group,
            r.gap.unwrap_or(f64::NAN),
            r.reference_group,
            signed_interval(r.gap_ci)
        )
    }));
    // A difference counts when its interval excludes 0 and it survives the false-discovery control
    // over all the run's prediction tests.
    let shown = |c: Option<(f64, f64)>, q: Option<f64>| {
        c.is_some_and(|(lo, hi)| lo > 0.0 || hi < 0.0) && q.is_some_and(|q| q <= f.flag_fdr)
    };
    for r in f.prediction.iter().filter(|r| !r.suppressed) {
        if shown(r.intercept_diff_ci, r.intercept_diff_q) {
            let d = r.intercept_diff.unwrap_or(f64::NAN);
            lines.push(format!(
                "{}: one prediction line for everyone {} {} for {} by {:.2} at the mean score ({}, q {})",
                r.column,
                if d > 0.0 { "under-predicts" } else { "over-predicts" },
                r.outcome,
                r.group,
                d.abs(),
                signed_interval(r.intercept_diff_ci),
                super::fmt::p_value(r.intercept_diff_q)
            ));
        }
        if shown(r.slope_diff_ci, r.slope_diff_q) {
            lines.push(format!(
                "{}: the score predicts {} {} steeply for {} ({}, q {})",
                r.column,
                r.outcome,
                if r.slope_diff.unwrap_or(0.0) > 0.0 { "more" } else { "less" },
                r.group,
                signed_interval(r.slope_diff_ci),
                super::fmt::p_value(r.slope_diff_q)
            ));
        }
    }
    lines
}

/// Every group, in reading order (adverse impact last, when it was analysed).
pub fn all(
    q: &QuestionsReport,
    iv: &InterviewersReport,
    p: &PanelResult,
    f: Option<&FairnessReport>,
    min_n: usize,
) -> Vec<Group> {
    let mut g = questions(q, min_n);
    g.extend(interviewers(iv));
    g.push(panel(p));
    g.extend(f.map(fairness));
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::questions::ItemStats;
    use crate::analysis::validity::Validity;

    /// A question with `n` hires, corrected validity `v` with interval `ci`, decision AUC `auc`, the
    /// verdict `verdict`, and `need` hires needed (capped when `capped`).
    fn question(
        id: &str,
        verdict: Verdict,
        n: usize,
        v: f64,
        ci: (f64, f64),
        auc: f64,
        need: Option<(usize, bool)>,
    ) -> QuestionResult {
        let validity = Validity {
            n_validity: n,
            validity_corrected: Some(v),
            validity_corrected_ci: Some(ci),
            decision_auc: Some(auc),
            n_needed: need.map(|(k, _)| k),
            n_needed_note: need.filter(|(_, c)| *c).map(|_| "capped".to_string()),
            ..Validity::default()
        };
        QuestionResult {
            question_id: id.into(),
            text: None,
            competency: None,
            stats: ItemStats {
                n_scored: n,
                mean: None,
                sd: None,
                distribution: Vec::new(),
                validity,
                validity_q: None,
                incremental_beta: None,
                incremental_beta_ci: None,
                item_rest_r: None,
                verdict,
            },
        }
    }

    #[test]
    fn every_question_gets_one_advice_and_page_one_lists_each_once() {
        let qs = vec![
            question("KEEP", Verdict::Predictive, 300, 0.3, (0.1, 0.5), 0.8, None),
            question("BAD", Verdict::CounterPredictive, 300, -0.3, (-0.5, -0.1), 0.6, None),
            question("DRIVE", Verdict::NoEvidence, 300, 0.0, (-0.08, 0.08), 0.8, Some((5000, true))),
            question("ZERO", Verdict::NoEvidence, 300, 0.01, (-0.1, 0.12), 0.6, Some((5000, true))),
            question("MORE", Verdict::NoEvidence, 300, 0.15, (-0.02, 0.3), 0.6, Some((800, false))),
            // Enough hires by the power analysis, yet the interval includes 0: neither dropped nor "no sign".
            question("EDGE", Verdict::NoEvidence, 300, 0.17, (-0.01, 0.33), 0.6, Some((280, false))),
            question("FEW", Verdict::InsufficientData, 12, 0.2, (-0.3, 0.6), 0.6, None),
        ];
        let want = [
            Advice::Keep,
            Advice::Review,
            Advice::Rework,
            Advice::NoSign,
            Advice::Needs(800),
            Advice::Unsettled,
            Advice::TooFew(18),
        ];
        for (q, w) in qs.iter().zip(want) {
            assert_eq!(Advice::of(q, 30), w, "{}", q.question_id);
        }
        let groups = question_groups(&qs, 30);
        for id in ["KEEP", "BAD", "DRIVE", "ZERO", "MORE", "EDGE", "FEW"] {
            let hits: Vec<&str> = groups
                .iter()
                .filter(|g| {
                    g.lines
                        .iter()
                        .any(|l| l.starts_with(&format!("{id}:")) || l.starts_with(&format!("{id} (")))
                })
                .map(|g| g.heading.as_str())
                .collect();
            assert_eq!(hits.len(), 1, "{id} is in {hits:?}");
        }
        assert!(groups.iter().any(|g| g.heading == "Review: higher scores go with worse outcomes (1)"));
    }

    #[test]
    fn a_validity_near_zero_on_data_beyond_the_cap_is_not_told_to_wait_for_fewer_hires() {
        assert_eq!(too_near_zero(300), "more than 5,000 would be needed to tell it from zero");
        assert_eq!(too_near_zero(180_000), "180,000 hires do not tell it from zero");
    }
}
