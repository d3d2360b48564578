//! The generalizability study in words and tables (`panel` output, report section). Renders
//! `panel.generalizability`; computes nothing beyond choosing which designs to name.

use super::fmt::{num, pad, percent, r, rpad};
use crate::analysis::generalizability::{DStudyCell, Generalizability, MIN_PLANNING_CANDIDATES};
use crate::analysis::panel::PanelResult;

/// A small count in words ("four"), digits above twelve; capitalised on request.
fn words(n: usize, cap: bool) -> String {
    const W: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let w = W.get(n).map_or_else(|| n.to_string(), |w| w.to_string());
    if cap {
        let mut c = w.chars();
        c.next().map_or(w.clone(), |f| f.to_uppercase().collect::<String>() + c.as_str())
    } else {
        w
    }
}

/// What a component means, for people.
pub fn label(name: &str, nested: bool) -> &'static str {
    match name {
        "candidate" => "candidates' real differences",
        "question" => "questions differing in difficulty",
        "interviewer" => "interviewers differing in leniency",
        "interviewer_within_question" => "interviewers of the same question differing in leniency",
        "candidate_x_question" => "questions sampling different skills",
        "candidate_x_interviewer" => "interviewers disagreeing about the same candidate",
        "question_x_interviewer" => "interviewers' leniency varying by question",
        "residual" if nested => "everything else (incl. interviewers disagreeing within a question)",
        "residual" => "everything else (rating noise)",
        _ => "other",
    }
}

fn who(c: &DStudyCell, nested: bool) -> String {
    let k = c.n_interviewers();
    if nested {
        format!(
            "{} interviewer{} per question on {} question{}",
            words(k, false),
            if k == 1 { "" } else { "s" },
            words(c.questions, false),
            if c.questions == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "{} interviewer{} asking {} question{}{}",
            words(k, false),
            if k == 1 { "" } else { "s" },
            words(c.questions, false),
            if c.questions == 1 { "" } else { "s" },
            if k == 1 { "" } else { " each" }
        )
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().collect::<String>() + c.as_str())
}

/// The sentence naming the variance components, then the D-study answer, the panel as staffed and the
/// comparison with Spearman–Brown.
pub fn sentences(p: &PanelResult) -> Vec<String> {
    let Some(g) = &p.generalizability else {
        return p
            .generalizability_not_estimated
            .iter()
            .map(|why| format!("The generalizability study could not be made: {why}."))
            .collect();
    };
    let nested = g.design == "nested";
    let share = |name: &str| g.components.get(name).and_then(|c| c.share);
    let mut out = Vec::new();
    let disagree = if nested { None } else { share("candidate_x_interviewer") };
    let mut s = format!(
        "Candidates' real differences account for {} of the variance of a single rating",
        percent(share("candidate"))
    );
    if let Some(d) = disagree {
        s.push_str(&format!("; interviewers disagreeing about the same candidate for {}", percent(Some(d))));
    }
    match share("candidate_x_question") {
        Some(q) => s.push_str(&format!("; questions sampling different skills for {}", percent(Some(q)))),
        None => s.push_str(
            "; questions sampling different skills cannot be told apart from rating noise here (no candidate \
             heard the same question from two interviewers), so they are counted in the residual",
        ),
    }
    s.push_str(&format!("; the residual is {}.", percent(share("residual"))));
    out.push(s);
    out.push(d_study_advice(g));
    let staffed = staffed(g);
    if let Some(gqk) = g.current.g_qk {
        out.push(format!(
            "As staffed ({staffed}), the panel score has G = {} (Putka et al.'s G(q,k), which credits \
             candidates who share interviewers and questions); it {} the target {}.",
            r(Some(gqk)),
            if gqk >= g.target { "reaches" } else { "does not reach" },
            r(Some(g.target))
        ));
    }
    let sb = match p.interviews_for_reliability.k {
        Some(k) => format!(
            "Spearman–Brown on the one-way ICC says {} interview{}",
            words(k, false),
            if k == 1 { "" } else { "s" }
        ),
        None => "Spearman–Brown on the one-way ICC gives no number of interviews".to_string(),
    };
    out.push(format!(
        "{sb}: it treats every interview as a repeat of the same measurement and lumps interviewer disagreement and \
         question sampling into one error, so it cannot say whether to add interviewers or questions. The D-study \
         separates the two sources and prices each design."
    ));
    if !g.not_estimable.is_empty() && g.not_estimable.contains(&"candidate_x_question") {
        out.push(
            "Because question sampling is folded into the residual, the D-study reads \"n interviewers asking m \
             questions each\" as each interviewer asking questions of their own, the way this loop is run."
                .into(),
        );
    }
    out
}

/// The panel as staffed, in words: "4.0 interviewers asking 2.4 questions each" (crossed) or "2.4
/// questions with 4.0 interviewers each" (nested).
pub fn staffed(g: &Generalizability) -> String {
    let c = &g.current;
    if g.design == "nested" {
        format!("{:.1} questions with {:.1} interviewers each", c.questions, c.interviewers)
    } else {
        format!("{:.1} interviewers asking {:.1} questions each", c.interviewers, c.questions)
    }
}

/// With fewer candidates than [`MIN_PLANNING_CANDIDATES`]: why the D-study gives no advice, in place of
/// [`d_study_sentence`].
pub fn too_few_to_plan(g: &Generalizability) -> Option<String> {
    (g.n_candidates < MIN_PLANNING_CANDIDATES).then(|| {
        format!(
            "Estimated on {} only: too few to plan panel sizes (at least {MIN_PLANNING_CANDIDATES} are needed), so \
             these numbers are illustrative",
            super::fmt::count(g.n_candidates, "candidate", "candidates")
        )
    })
}

/// [`d_study_sentence`], or [`too_few_to_plan`] when there are too few candidates to plan from.
pub fn d_study_advice(g: &Generalizability) -> String {
    too_few_to_plan(g).map_or_else(|| d_study_sentence(g), |why| format!("{why}."))
}

/// "Two interviewers asking six questions each reach .80; four interviewers asking three do not."
pub fn d_study_sentence(g: &Generalizability) -> String {
    let nested = g.design == "nested";
    let t = r(Some(g.target));
    let Some(best) =
        g.reaching_target.iter().min_by_key(|c| (c.questions * c.n_interviewers(), c.n_interviewers()))
    else {
        let top = g.d_study.iter().filter_map(|c| c.g.map(|v| (v, c))).max_by(|a, b| a.0.total_cmp(&b.0));
        return match top {
            Some((v, c)) => format!(
                "No design up to {} reaches {t}; the most reliable reaches G = {}.",
                who(c, nested),
                r(Some(v))
            ),
            None => format!("No design reaches {t}."),
        };
    };
    let total = best.questions * best.n_interviewers();
    let mut s = format!(
        "{} reach{} {t} (G = {})",
        cap(&who(best, nested)),
        if best.n_interviewers() == 1 { "es" } else { "" },
        r(best.g)
    );
    // A design with at least as many ratings, split differently, that does not reach the target.
    let miss = (1..=6usize).filter(|&k| k != best.n_interviewers()).find_map(|k| {
        let q = total.div_ceil(k);
        g.d_study
            .iter()
            .find(|c| c.n_interviewers() == k && c.questions == q)
            .filter(|c| c.g.is_some_and(|v| v < g.target))
    });
    match miss {
        Some(m) => s.push_str(&format!(
            "; {} do{} not (G = {}).",
            who(m, nested),
            if m.n_interviewers() == 1 { "es" } else { "" },
            r(m.g)
        )),
        None => s.push('.'),
    }
    s
}

/// Components as a table: component, what it means, variance, share, note.
pub fn components_table(g: &Generalizability) -> (Vec<String>, Vec<Vec<String>>) {
    let nested = g.design == "nested";
    let rows = g
        .components
        .0
        .iter()
        .map(|(name, c)| {
            let note = if !c.estimable {
                "in residual (not separable)".to_string()
            } else if c.zeroed {
                "negative estimate set to 0".to_string()
            } else {
                String::new()
            };
            vec![
                name.to_string(),
                label(name, nested).to_string(),
                num(c.variance, 3),
                percent(c.share),
                note,
            ]
        })
        .collect();
    let head = ["component", "meaning", "variance", "share", "note"];
    (head.iter().map(|s| s.to_string()).collect(), rows)
}

/// The `panel` text block: sentences, the components table and the D-study grid (G).
pub fn text(p: &PanelResult) -> String {
    let mut s = String::from("\nGeneralizability (which source of error to fix)\n");
    for line in sentences(p) {
        s.push_str(&line);
        s.push('\n');
    }
    let Some(g) = &p.generalizability else { return s };
    s.push_str(&format!(
        "\n  design: {} ({}); estimated by {}\n",
        g.design,
        g.design_reason,
        g.method.to_uppercase()
    ));
    let (_, rows) = components_table(g);
    for row in rows {
        s.push_str(&format!(
            "  {} {} {} {}  {}\n",
            pad(&row[0], 28),
            pad(&row[1], 52),
            rpad(&row[2], 7),
            rpad(&row[3], 5),
            row[4]
        ));
    }
    let per = if g.design == "nested" { "interviewers per question" } else { "interviewers" };
    s.push_str(&format!("\n  D-study: G by number of questions (columns) and {per} (rows)\n"));
    let maxq = g.d_study.iter().map(|c| c.questions).max().unwrap_or(0);
    let maxr = g.d_study.iter().map(|c| c.n_interviewers()).max().unwrap_or(0);
    s.push_str(&format!("  {}", pad("", 4)));
    for q in 1..=maxq {
        s.push_str(&rpad(&q.to_string(), 5));
    }
    s.push('\n');
    for k in 1..=maxr {
        s.push_str(&format!("  {}", rpad(&k.to_string(), 4)));
        for q in 1..=maxq {
            let v = g.d_study.iter().find(|c| c.questions == q && c.n_interviewers() == k).and_then(|c| c.g);
            let reaches = v.is_some_and(|x| x >= g.target);
            let mark = if reaches { "*" } else { " " };
            // A value just under the target would print as the target: one more decimal shows it misses.
            let shown = match v {
                Some(_) if !reaches && r(v) == r(Some(g.target)) => super::fmt::r_digits(v, 3),
                _ => r(v),
            };
            s.push_str(&rpad(&format!("{shown}{mark}"), 5));
        }
        s.push('\n');
    }
    s.push_str(&format!("  * reaches {}; a value just under it shows a third decimal\n", r(Some(g.target))));
    s
}
