//! Plain-words findings for the HTML and PDF reports, written from the results (no statistics here).

use super::decisions::Advice;
use super::fmt::{ci_label, ci_words, count, r, thousands};
use crate::analysis::fairness::{FairnessReport, HIRED_STAGE};
use crate::analysis::interviewers::InterviewersReport;
use crate::analysis::panel::PanelResult;
use crate::analysis::questions::{QuestionResult, QuestionsReport, Verdict};

/// `s` with its first letter in lower case ("No interviewer" → "no interviewer").
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_lowercase().collect::<String>() + c.as_str())
}

fn list(ids: &[String]) -> String {
    match ids.len() {
        0 => String::new(),
        1 => ids[0].clone(),
        n => format!("{} and {}", ids[..n - 1].join(", "), ids[n - 1]),
    }
}

/// Hires beyond which `n_needed` is not printed as a number (the analysis caps it there): no interview
/// loop sees that many hires of one role, and the estimate is then too close to zero to matter.
pub const N_NEEDED_CAP: usize = crate::stats::power::N_NEEDED_CAP;

/// "; about 174 needed to detect its current estimate", or when the count was capped (`capped`, the
/// analysis's `n_needed_note`) "; detecting an estimate this small would take more than 5000 hires —
/// more than this loop will ever see".
pub fn needed_words(n: usize, capped: bool) -> String {
    if capped || n > N_NEEDED_CAP {
        format!(
            "; detecting an estimate this small would take more than {} hires — more than this loop will ever see",
            super::fmt::thousands(N_NEEDED_CAP)
        )
    } else {
        format!("; about {} needed to detect its current estimate", super::fmt::thousands(n))
    }
}

/// The report's Summary: one short paragraph per part — questions, interviewers, panel and, when
/// analysed, adverse impact. The sections after it hold the detail; the Summary does not repeat their
/// sentences.
pub fn summary(
    q: &QuestionsReport,
    iv: &InterviewersReport,
    p: &PanelResult,
    fairness: Option<&FairnessReport>,
    min_n: usize,
) -> Vec<String> {
    let mut out = vec![questions_summary(q, min_n), interviewers_summary(iv), panel_summary(p)];
    out.extend(fairness.map(fairness_summary));
    out
}

/// The questions with verdict `v`, the highest corrected validity first (none counts as 0).
fn with_verdict(q: &QuestionsReport, v: Verdict) -> Vec<&QuestionResult> {
    let mut rows: Vec<&QuestionResult> = q.questions.iter().filter(|x| x.stats.verdict == v).collect();
    let key = |x: &QuestionResult| x.stats.validity.validity_corrected.unwrap_or(0.0);
    rows.sort_by(|a, b| key(b).total_cmp(&key(a)));
    rows
}

/// Questions in one paragraph: the outcome, how many questions predict it, the panel as a whole.
fn questions_summary(q: &QuestionsReport, min_n: usize) -> String {
    let Some(o) = &q.outcome else {
        return "Questions: no outcome is available, so hirecal cannot say which questions predict \
                performance (pass an outcomes file with --outcomes)."
            .into();
    };
    let with = |v: Verdict| -> Vec<String> {
        with_verdict(q, v)
            .iter()
            .map(|x| format!("{} ({})", x.question_id, r(x.stats.validity.validity_corrected)))
            .collect()
    };
    let (pred, counter) = (with(Verdict::Predictive), with(Verdict::CounterPredictive));
    let few = q.questions.iter().filter(|x| x.stats.verdict == Verdict::InsufficientData).count();
    let total = q.questions.len();
    let mut s = if pred.is_empty() {
        format!("Questions: none of {total} shows evidence yet of predicting {},", o.name)
    } else {
        format!("Questions: {} of {total} predict {} — {} —", pred.len(), o.name, list(&pred))
    };
    s.push_str(&format!(
        " judged on {} hires with a known value, {}",
        thousands(q.process.validity.n_validity),
        if !q.selection.corrected() {
            "every validity among hires only: the correction for hires having been chosen on the interview \
             scores is turned off (--selection none), so each understates the validity among all applicants"
        } else {
            "every validity corrected for hires having been chosen on the interview scores"
        }
    ));
    if !counter.is_empty() {
        s.push_str(&format!(". Counter-predictive (review what they reward): {}", list(&counter)));
    }
    if few > 0 {
        s.push_str(&format!(". {} too few hires to judge", count(few, "question has", "questions have")));
    }
    s.push('.');
    let decisive = q
        .questions
        .iter()
        .filter(|x| crate::analysis::questions::drives_decisions_predicts_nothing(&x.stats))
        .count();
    if decisive > 0 {
        s.push_str(&format!(
            " {} weigh heavily in who is hired while predicting nothing (\"Decision weight against validity\").",
            count(decisive, "question", "questions")
        ));
    }
    s.push_str(&panel_score(q, min_n, false));
    s
}

/// "corrected validity", or "validity among hires" when the correction for selection is off.
pub fn validity_name(q: &QuestionsReport) -> &'static str {
    if !q.selection.corrected() {
        "validity among hires"
    } else {
        "corrected validity"
    }
}

/// The panel score as a whole, one sentence (with a leading space; empty without an estimate): its
/// validity, whether it is shown to predict, and — when the correction for selection is on — the
/// published benchmarks. Below `min_n` hires no verdict is given, as for a question. `detail` adds the
/// value among hires and the benchmarks' sources (the section); the Summary keeps it short.
///
/// For the panel score the selection variable is the score itself, so the correction changes the size
/// of the correlation, never its sign: when the corrected interval includes 0 but the test among hires
/// does not, the sentence says both.
fn panel_score(q: &QuestionsReport, min_n: usize, detail: bool) -> String {
    let v = &q.process.validity;
    let Some(est) = v.validity_corrected else { return String::new() };
    let corrected = q.selection.corrected();
    let name =
        if corrected { "corrected validity" } else { "validity among hires (not corrected for selection)" };
    let mut s = format!(
        " The panel score as a whole{}: {name} {} ({} {}",
        if detail { " (the mean of all its questions)" } else { "" },
        r(Some(est)),
        ci_label(q.confidence),
        ci_words(v.validity_corrected_ci)
    );
    if detail && corrected {
        s.push_str(&format!("; among hires: {}", r(v.validity_r)));
    }
    s.push(')');
    let among_hires = v.validity_ci.is_some_and(|(lo, hi)| lo > 0.0 || hi < 0.0);
    let verdict = if v.n_validity < min_n {
        format!(
            "too few hires with an outcome to judge ({}; a verdict needs at least {min_n})",
            thousands(v.n_validity)
        )
    } else {
        match v.validity_corrected_ci {
            Some((lo, _)) if lo > 0.0 => "it predicts the outcome".into(),
            Some((_, hi)) if hi < 0.0 => "higher scores go with worse outcomes".into(),
            _ if corrected && among_hires => format!(
                "its interval includes 0, yet among hires the correlation ({}) is distinguishable from 0 (p = {}) \
                 and the correction changes its size, not its sign: weak evidence that it {}",
                r(v.validity_r),
                super::fmt::p_value(v.validity_p),
                if v.validity_r.unwrap_or(0.0) > 0.0 { "predicts the outcome" } else { "goes with worse outcomes" }
            ),
            _ => "not yet shown to predict the outcome, as its interval includes 0".into(),
        }
    };
    s.push_str(&format!(", {verdict}"));
    if corrected {
        s.push_str(if detail {
            ". Published benchmarks for structured interviews are .42 (Sackett et al. 2022) and .51 (Schmidt & \
             Hunter 1998)."
        } else {
            "; published benchmarks for structured interviews are .42 and .51."
        });
    } else {
        s.push_str(". Published benchmarks (.42, .51) are corrected values and not comparable with it.");
    }
    s
}

/// When interviewers were rated but none has the scorecards a test needs: the sentence that says so, in
/// place of "no flag passed its test among 0 interviewers".
pub fn untested(iv: &InterviewersReport) -> Option<String> {
    let most = iv.interviewers.iter().map(|i| i.n_scorecards).max()?;
    (iv.interviewers_meta.tested == 0).then(|| {
        format!(
            "No interviewer could be tested: none has the scorecards a test needs (the most any has is {}; \
             [analysis] min_scorecards sets the minimum, 10 by default), so no flag can be raised yet.",
            thousands(most)
        )
    })
}

/// Interviewers in one paragraph: the flags by kind and how many may be false.
fn interviewers_summary(iv: &InterviewersReport) -> String {
    let m = &iv.interviewers_meta;
    let pct = (m.flag_fdr * 100.0).round();
    let total = m.flags_by_kind.total();
    if let Some(why) = untested(iv) {
        return format!("Interviewers: {}", lower_first(&why));
    }
    if total == 0 {
        return format!(
            "Interviewers: none stands out against their peers (no flag passed its test at a {pct:.0}% \
             false-discovery rate among the {} interviewers with enough scorecards).",
            m.tested
        );
    }
    let k = &m.flags_by_kind;
    let kinds: Vec<String> = [
        (k.lenient, "lenient"),
        (k.harsh, "harsh"),
        (k.narrow_range, "narrow range"),
        (k.disagrees_with_panel, "disagreeing with the panel"),
        (k.drifting, "drifting"),
        (k.halo, "halo"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| format!("{n} {w}"))
    .collect();
    let people = iv.interviewers.iter().filter(|i| i.is_flagged()).count();
    format!(
        "Interviewers: {} on {} of the {} tested ({}). With the false-discovery rate held at {pct:.0}% per kind \
         of flag, about {:.1} of them may be false: a flag starts a conversation, not a verdict.",
        count(total, "flag", "flags"),
        count(people, "interviewer", "interviewers"),
        m.tested,
        list(&kinds),
        m.expected_false_flags
    )
}

/// The panel in one paragraph: its reliability as staffed and the D-study's answer, or the
/// Spearman–Brown figures when there is no generalizability study.
fn panel_summary(p: &PanelResult) -> String {
    match p.generalizability.as_ref().map(|g| (g, g.current.g_qk)) {
        Some((g, Some(gqk))) => format!(
            "Panel: as staffed ({}), the panel score has reliability G = {} against the target {}. {}",
            super::generalizability::staffed(g),
            r(Some(gqk)),
            r(Some(g.target)),
            super::generalizability::d_study_advice(g)
        ),
        Some((g, None)) => format!(
            "Panel: {} {}",
            panel(p).first().cloned().unwrap_or_default(),
            super::generalizability::d_study_advice(g)
        ),
        None => format!("Panel: {}", panel(p).first().cloned().unwrap_or_default()),
    }
}

/// Adverse impact in one paragraph: what the decisions page lists to examine (groups hired below
/// four-fifths of the reference rate, flagged interviewer gaps, prediction lines that differ).
fn fairness_summary(f: &FairnessReport) -> String {
    let findings = super::decisions::fairness_findings(f);
    let compared =
        f.selection.iter().filter(|r| r.stage == HIRED_STAGE && super::fairness::compared(r)).count();
    if !findings.is_empty() {
        format!(
            "Adverse impact, to examine (evidence, not verdicts: each can have job-related causes): {}.",
            findings.join("; ")
        )
    } else if compared > 0 {
        format!(
            "Adverse impact: no group is hired below four-fifths of the reference group's rate ({} compared), \
             no interviewer gap is flagged, and one prediction line serves every group.",
            count(compared, "group", "groups")
        )
    } else {
        "Adverse impact: no group could be compared (too few candidates with a known decision per group)."
            .to_string()
    }
}

/// Findings about the questions and the process as a whole.
pub fn questions(q: &QuestionsReport, min_n: usize) -> Vec<String> {
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
         the interview scores, {}.",
        o.name,
        thousands(n),
        match (q.selection.method, q.selection.binary_method) {
            ("case3", Some(_)) => {
                "so every validity below is corrected for that selection (for this yes/no outcome: a probit \
                 model of the outcome on the scores among hires, averaged over all applicants)"
            }
            ("case3", None) => "so every validity below is corrected for that selection (Thorndike Case III)",
            _ => {
                "but the correction for that selection is turned off (--selection none): every validity below \
                 is the correlation among hires only, which understates the validity among all applicants"
            }
        }
    ));
    // The headline: the question with the strongest evidence, with its interval and n.
    let strongest = q.questions.iter().filter(|x| x.stats.verdict == Verdict::Predictive).max_by(|a, b| {
        let lo = |x: &&crate::analysis::questions::QuestionResult| {
            x.stats.validity.validity_corrected_ci.map_or(f64::MIN, |c| c.0)
        };
        lo(a).total_cmp(&lo(b))
    });
    if let Some(x) = strongest {
        let v = &x.stats.validity;
        out.push(format!(
            "{} has the strongest evidence of predicting {}: {} {} ({} {}, {} hires).",
            x.question_id,
            o.name,
            validity_name(q),
            r(v.validity_corrected),
            ci_label(q.confidence),
            ci_words(v.validity_corrected_ci),
            v.n_validity
        ));
    }
    for x in q.questions.iter().filter(|x| x.stats.verdict == Verdict::InsufficientData) {
        let v = &x.stats.validity;
        out.push(format!(
            "Too few hires with outcomes to judge {} (n = {}{}).",
            x.question_id,
            v.n_validity,
            v.n_needed.map(|n| needed_words(n, v.n_needed_note.is_some())).unwrap_or_default()
        ));
    }
    let by = |v: Verdict| -> Vec<String> {
        with_verdict(q, v)
            .iter()
            .map(|x| format!("{} (r = {})", x.question_id, r(x.stats.validity.validity_corrected)))
            .collect()
    };
    let (pred, counter) = (by(Verdict::Predictive), by(Verdict::CounterPredictive));
    if !pred.is_empty() {
        out.push(format!("Questions that predict {}: {}.", o.name, list(&pred)));
    }
    out.extend(no_evidence(q, min_n));
    if !counter.is_empty() {
        out.push(format!(
            "Counter-predictive (higher scores go with worse outcomes): {}. Review what these questions reward.",
            list(&counter)
        ));
    }
    let decisive: Vec<String> = q
        .questions
        .iter()
        .filter(|x| crate::analysis::questions::drives_decisions_predicts_nothing(&x.stats))
        .map(|x| format!("{} (decision AUC {})", x.question_id, r(x.stats.validity.decision_auc)))
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
            "The highest validity belongs to {}. The data show it is better than {} of the {} other \
             questions{}; against the rest the difference is within the noise.",
            best.a,
            clear.len(),
            q.question_comparisons.len(),
            if clear.is_empty() { String::new() } else { format!(" ({})", list(&clear)) }
        ));
    }
    let whole = panel_score(q, min_n, true);
    if !whole.is_empty() {
        out.push(whole.trim_start().to_string());
    }
    out
}

/// The questions without evidence either way, in the groups page 1 gives them ([`Advice`]): those that
/// need more hires (with about how many), those with no sign of predicting, and those still unsettled.
/// Questions that drive decisions while predicting nothing have their own sentence.
fn no_evidence(q: &QuestionsReport, min_n: usize) -> Vec<String> {
    let (mut needs, mut no_sign, mut unsettled) = (Vec::new(), Vec::new(), Vec::new());
    for x in with_verdict(q, Verdict::NoEvidence) {
        let r_now = r(x.stats.validity.validity_corrected);
        match Advice::of(x, min_n) {
            Advice::Needs(n) => needs.push(format!(
                "{} (r = {r_now}, about {} hires)",
                x.question_id,
                super::fmt::thousands(n)
            )),
            Advice::NoSign => no_sign.push(format!("{} (r = {r_now})", x.question_id)),
            Advice::Unsettled => unsettled.push(format!("{} (r = {r_now})", x.question_id)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if !needs.is_empty() {
        out.push(format!(
            "Not yet shown to predict, with too few hires to tell: {}. The number is about how many hires with \
             an outcome would show the current estimate.",
            list(&needs)
        ));
    }
    if !unsettled.is_empty() {
        out.push(format!(
            "Not yet shown to predict, although the hires should suffice: {}. Their intervals still include 0.",
            list(&unsettled)
        ));
    }
    if !no_sign.is_empty() {
        let most = with_verdict(q, Verdict::NoEvidence).iter().map(|x| x.stats.validity.n_validity).max();
        let why = if most.unwrap_or(0) >= N_NEEDED_CAP {
            "Their validity is so near 0 that even these many hires do not tell it from zero.".to_string()
        } else {
            format!(
                "Their validity is so near 0 that more than {} hires would be needed to tell it from zero.",
                super::fmt::thousands(N_NEEDED_CAP)
            )
        };
        out.push(format!("No sign of predicting: {}. {why}", list(&no_sign)));
    }
    out
}

/// The panel's reliability in plain words.
pub fn panel(p: &PanelResult) -> Vec<String> {
    let mut out = Vec::new();
    match p.icc1_unbalanced {
        Some(icc) => {
            let mut s = format!("A single interview has reliability {}", r(Some(icc)));
            // The panel analysis gives the reliability of the average panel, rounded to whole interviews.
            if let (Some(size), Some(rel)) = (p.mean_panel_size, p.reliability_mean_panel) {
                let k = size.round().max(1.0) as usize;
                s.push_str(&format!(
                    "; a panel of {k} interview{} (your average is {size:.1}) reaches {}",
                    if k == 1 { "" } else { "s" },
                    r(Some(rel))
                ));
            }
            match p.interviews_for_reliability.k {
                Some(k) => s.push_str(&format!(
                    "; {} needed for {}.",
                    count(k, "interview is", "interviews are"),
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
        out.push(format!(
            "Krippendorff's alpha across interviewers (for scores on an interval scale): {}.",
            r(Some(a))
        ));
    }
    if let Some(g) = p.generalizability.as_ref().filter(|g| g.current.g_qk.is_some()) {
        out.push(format!(
            "Plan panel sizes with the next section, not with the count above: Spearman–Brown treats every \
             interview as a repeat of the same measurement, while the generalizability study tells adding \
             interviewers from adding questions. {}",
            super::generalizability::d_study_advice(g)
        ));
    }
    out
}

/// Findings about interviewers.
pub fn interviewers(iv: &InterviewersReport) -> Vec<String> {
    let mut out = Vec::new();
    let mut off: Vec<&crate::analysis::interviewers::InterviewerResult> = iv
        .interviewers
        .iter()
        .filter(|i| i.flags.iter().any(|f| matches!(f.as_str(), "lenient" | "harsh")))
        .collect();
    off.sort_by(|a, b| {
        b.leniency_shrunk.unwrap_or(0.0).abs().total_cmp(&a.leniency_shrunk.unwrap_or(0.0).abs())
    });
    for i in off.iter().take(3) {
        if let (Some(l), Some((lo, hi))) = (i.leniency, i.leniency_ci) {
            out.push(format!(
                "Interviewer {} scores {:.2} points {} peers who ran the same interview ({} {:.2} to {:.2}, {} scorecards).",
                i.interviewer_id,
                l.abs(),
                if l > 0.0 { "above" } else { "below" },
                ci_label(iv.interviewers_meta.confidence),
                lo,
                hi,
                i.n_scorecards
            ));
        }
    }
    let flagged = |name: &str| -> Vec<String> {
        iv.interviewers
            .iter()
            .filter(|i| i.flags.iter().any(|f| f.as_str() == name))
            .map(|i| i.interviewer_id.clone())
            .collect()
    };
    // (flag, what one interviewer does, what several do)
    for (flag, one, many) in [
        (
            "lenient",
            "scores systematically higher than peers who ran the same interview",
            "score systematically higher than peers who ran the same interview",
        ),
        (
            "harsh",
            "scores systematically lower than their peers",
            "score systematically lower than their peers",
        ),
        (
            "narrow_range",
            "uses a much narrower part of the scale than their peers",
            "use a much narrower part of the scale than their peers",
        ),
        (
            "disagrees_with_panel",
            "disagrees with the rest of the panel more than is usual",
            "disagree with the rest of the panel more than is usual",
        ),
        ("drifting", "has drifted over time", "have drifted over time"),
        (
            "halo",
            "gives nearly the same score to every question on a scorecard",
            "give nearly the same score to every question on a scorecard",
        ),
    ] {
        let ids = flagged(flag);
        if !ids.is_empty() {
            let shown: Vec<String> = ids.iter().take(12).cloned().collect();
            let more = if ids.len() > 12 { format!(" and {} more", ids.len() - 12) } else { String::new() };
            let (who, does) = if ids.len() == 1 { ("interviewer", one) } else { ("interviewers", many) };
            out.push(format!("{} {who} {does}: {}{more}.", ids.len(), list(&shown)));
        }
    }
    let m = &iv.interviewers_meta;
    let pct = (m.flag_fdr * 100.0).round();
    if let Some(why) = untested(iv) {
        out.push(why);
    } else if out.is_empty() {
        out.push(format!(
            "No interviewer stands out against their peers: no flag passed its test at a {pct:.0}% false-discovery \
             rate among the {} interviewers with enough scorecards.",
            m.tested
        ));
    } else {
        out.push(format!(
            "Each flag rests on a test per interviewer, with the false-discovery rate held at {pct:.0}% per kind of \
             flag across the {} interviewers tested, and a material effect: of these {}, about {:.1} may be \
             false. Treat a flag as a prompt for a conversation, not a verdict.",
            m.tested,
            count(m.flags_by_kind.total(), "flag", "flags"),
            m.expected_false_flags
        ));
    }
    out
}

/// How the numbers were computed, with references (for the Methods section); `normal_sums` when the
/// hires reached the large-sample threshold (the resampled sums drawn from their normal limit).
pub fn methods(
    selection: &crate::analysis::questions::SelectionInfo,
    bootstrap: usize,
    seed: u64,
    normal_sums: bool,
) -> Vec<String> {
    let binary = match selection.binary_method {
        Some(m) => format!(
            " For a yes/no outcome Case II/III do not apply ({m}): a probit model of the outcome on the \
             score and the panel score is fitted among hires, its predicted probabilities are averaged over \
             all applicants, and the applicant-pool point-biserial correlation follows from them (always by \
             the bootstrap of the hires)."
        ),
        None => String::new(),
    };
    let selection = match selection.method {
        "case3" => "on (--selection case3, the default)",
        _ => "off (--selection none), so the validities are those among hires",
    };
    let resampling = if normal_sums {
        format!(
            "from {bootstrap} replicates (seed {seed}) of the hires' column sums drawn from their normal limit, \
             which at this many hires matches the percentile bootstrap at a fraction of its cost (Krinsky & \
             Robb 1986; statistics over fewer than {} rows keep the bootstrap)",
            crate::stats::normal_sums::LARGE_SAMPLE_ROWS
        )
    } else {
        format!("from a percentile bootstrap of the hires (B = {bootstrap}, seed {seed})")
    };
    vec![
        "Scores. A candidate's question score is the mean of their ratings on that question; the panel score is \
         the mean of their question scores. Ratings marked no_decision, n/a or empty are missing, never zero."
            .to_string(),
        format!(
            "Validity. Pearson r of a score with the outcome among hires with a known outcome, with a Fisher-z \
             interval and t-test p. Because hires were selected on the panel score, the validity that applies \
             to the applicant pool is estimated with Thorndike's Case III correction (Case II for the panel \
             score itself); selection correction: {selection}. Intervals and p-values of corrected values come \
             {resampling}; q-values are \
             Benjamini–Hochberg. Verdicts require q < .10 and an interval that excludes 0. References: \
             Thorndike (1949); Sackett & Yang (2000); Hunter, Schmidt & Le (2006); Benjamini & Hochberg (1995).\
             {binary} Hires needed and the minimum detectable validity use the bootstrap standard error of the \
             corrected value (80% power, α = .05)."
        ),
        "Decision weight. The AUC of a score for separating hired from rejected candidates (Mann–Whitney), with \
         a Hanley–McNeil (1982) interval."
            .to_string(),
        "Interviewers. A least-squares model rating = overall + candidate + question + interviewer + error, with \
         candidates absorbed by centring, estimated separately in each connected group of candidates and \
         interviewers. Leniency is centred within peer groups (interviewers who ask the same questions), with \
         standard errors clustered by candidate (CR1; Liang & Zeger 1986) and empirical-Bayes shrinkage \
         (Efron & Morris 1975). Drift is an interviewer × time term fitted in the same model."
            .to_string(),
        "Panel reliability. One-way ICC(1) with unequal panel sizes, Shrout & Fleiss (1979) ICCs with McGraw & \
         Wong (1996) intervals when every candidate met the same interviewers, Krippendorff's (2011) alpha, \
         Cronbach's alpha over questions, and the Spearman–Brown panel size for the target reliability."
            .to_string(),
        "Benchmarks. Corrected validity of structured interviews: .51 (Schmidt & Hunter 1998) and .42 (Sackett, \
         Zhang, Berry & Lievens 2022); unstructured: .38 and .19."
            .to_string(),
    ]
}

/// The Methods paragraph on adverse impact (only when a groups file was analysed).
pub fn fairness_methods() -> String {
    "Adverse impact. Each group column on its own, non-answers excluded and counted. Selection rates per \
     group at each decision, against the group with the highest rate: the impact ratio with a log-method \
     interval and the four-fifths rule (29 CFR 1607.4(D)), a Z test of the difference in rates and one of \
     the log ratio (Morris & Lobsenz 2000), Fisher's exact test and Lancaster's mid-p, and the \
     one-person rule. Against the largest group: score gaps per question as standardized differences d \
     (Hedges & Olkin 1985) with t tests; interviewer gaps as the difference in an interviewer's mean \
     rating-model residual between the group's and the reference group's scorecards (Welch's t test), \
     flagged when q ≤ the flag FDR and the gap is at least 0.2 rating SD; differential prediction by \
     Cleary's (1968) regression among hires. q-values are Benjamini–Hochberg. Groups and cells under \
     --min-cell are suppressed."
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn hires_needed_is_a_number_only_while_a_loop_could_see_that_many() {
        assert_eq!(super::needed_words(174, false), "; about 174 needed to detect its current estimate");
        assert_eq!(super::needed_words(4999, false), "; about 4,999 needed to detect its current estimate");
        let big = super::needed_words(174_067, false);
        assert!(!big.contains("174067") && big.contains("more than this loop will ever see"), "{big}");
        let capped = super::needed_words(5000, true);
        assert!(capped.contains("more than 5,000 hires") && capped.contains("will ever see"), "{capped}");
    }
}
