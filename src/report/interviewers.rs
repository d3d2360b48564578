//! The interviewer table (terminal), `interviewers.csv`, and the panel reliability in plain words.

use super::fmt::{csv_text, num, pad, r, rpad, trunc};
use crate::analysis::interviewers::{Flag, InterviewerResult, InterviewersReport};
use crate::analysis::panel::PanelResult;

/// A signed score-point value like `+0.52` / `-0.31`, or `—`.
fn pts(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:+.2}"),
        _ => "—".to_string(),
    }
}

/// Leniency with its interval, e.g. `+0.52 [+0.31, +0.73]`.
fn leniency_cell(i: &InterviewerResult) -> String {
    match (i.leniency, i.leniency_ci) {
        (Some(_), Some((a, b))) => format!("{} [{}, {}]", pts(i.leniency), pts(Some(a)), pts(Some(b))),
        (l, _) => pts(l),
    }
}

/// ANSI colour of a flag list.
fn colour(flags: &[Flag]) -> &'static str {
    if flags
        .iter()
        .any(|f| matches!(f, Flag::Lenient | Flag::Harsh | Flag::DisagreesWithPanel | Flag::Drifting))
    {
        "\x1b[31m"
    } else if flags.iter().any(|f| matches!(f, Flag::NarrowRange | Flag::Halo)) {
        "\x1b[33m"
    } else {
        "\x1b[2m"
    }
}

/// Rows in table order: by peer group, then by |leniency_shrunk| (largest first; undefined last).
pub fn sorted(rep: &InterviewersReport) -> Vec<&InterviewerResult> {
    let mut rows: Vec<&InterviewerResult> = rep.interviewers.iter().collect();
    rows.sort_by(|a, b| {
        let key = |i: &InterviewerResult| i.leniency_shrunk.map_or(f64::NEG_INFINITY, f64::abs);
        a.peer_group
            .cmp(&b.peer_group)
            .then(key(b).total_cmp(&key(a)))
            .then(a.interviewer_id.cmp(&b.interviewer_id))
    });
    rows
}

/// The interviewer table, fitting 100 columns. `colour_on` adds ANSI colours to the flags.
pub fn table(rep: &InterviewersReport, colour_on: bool) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "{} {} {} {} {} {} {} {} {} {}\n",
        pad("interviewer", 14),
        rpad("grp", 3),
        rpad("cards", 5),
        pad(&format!("leniency [{}]", super::fmt::ci_label(rep.interviewers_meta.confidence)), 21),
        rpad("shrunk", 6),
        rpad("spread", 6),
        rpad("agree", 5),
        rpad("d.agr", 5),
        rpad("kappa", 5),
        "flags"
    ));
    s.push_str(&format!("{}\n", "─".repeat(100)));
    for i in sorted(rep) {
        let flags = i.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(" ");
        let flags = trunc(&flags, 21);
        let flags = if colour_on && !i.flags.is_empty() {
            format!("{}{flags}\x1b[0m", colour(&i.flags))
        } else {
            flags
        };
        s.push_str(&format!(
            "{} {} {} {} {} {} {} {} {} {}\n",
            pad(&trunc(&i.interviewer_id, 14), 14),
            rpad(&i.peer_group.to_string(), 3),
            rpad(&i.n_scorecards.to_string(), 5),
            pad(&leniency_cell(i), 21),
            rpad(&pts(i.leniency_shrunk), 6),
            rpad(&super::fmt::percent(i.spread_ratio), 6),
            rpad(&r(i.panel_agreement_r), 5),
            rpad(&super::fmt::percent(i.decision_agreement), 5),
            rpad(&r(i.decision_kappa), 5),
            flags
        ));
    }
    let mut groups: Vec<(u32, &str)> =
        rep.interviewers.iter().map(|i| (i.peer_group, i.peer_group_label.as_str())).collect();
    groups.sort_unstable();
    groups.dedup();
    s.push('\n');
    for (g, label) in groups.iter().take(12) {
        s.push_str(&format!("grp {g} = {}\n", trunc(label, 90)));
    }
    if groups.len() > 12 {
        s.push_str(&format!("(and {} more peer groups: see --format csv)\n", groups.len() - 12));
    }
    s.push_str(
        "\nleniency = score points above (+) or below (−) peers who asked the same questions (grp), after\n\
         accounting for which candidates each interviewer saw; shrunk = the same, pulled toward 0 by how\n\
         uncertain it is (use this to rank). spread = share of the peers' score spread used (100% = as\n\
         wide as peers); agree = r of the interviewer's score with the rest of the panel for the same\n\
         candidate. d.agr = share of scorecards whose recommendation (yes/no) matched the hiring decision;\n\
         kappa = the same, corrected for chance (Cohen's kappa; 0 = chance, 1 = always). — = no\n\
         recommendations or decisions.\n",
    );
    s
}

/// Header of `interviewers.csv`: the JSON field names, intervals split into `_low`/`_high`.
pub const HEADER: &[&str] = &[
    "interviewer_id",
    "peer_group",
    "peer_group_label",
    "n_scorecards",
    "n_ratings",
    "n_candidates",
    "leniency",
    "leniency_se",
    "leniency_ci_low",
    "leniency_ci_high",
    "leniency_shrunk",
    "spread_ratio",
    "extreme_share",
    "panel_agreement_r",
    "panel_agreement_n",
    "decision_agreement",
    "decision_kappa",
    "validity_r",
    "validity_n",
    "validity_shrunk",
    "halo_index",
    "drift_per_year",
    "drift_ci_low",
    "drift_ci_high",
    "flags",
    "notes",
];

/// `interviewers.csv`: one row per interviewer (input order), same field names as `summary.json`;
/// flags space-separated, notes (why a statistic is empty) separated by `; `.
///
/// Numbers are rounded to [`super::fmt::CSV_SIGNIFICANT_DIGITS`] unless `full` (`--precision full`).
pub fn csv(rep: &InterviewersReport, full: bool) -> Vec<u8> {
    let f = |v: Option<f64>| super::fmt::csv_number(v, super::fmt::CSV_SIGNIFICANT_DIGITS, full);
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(HEADER);
    for i in &rep.interviewers {
        let row = vec![
            csv_text(&i.interviewer_id),
            i.peer_group.to_string(),
            csv_text(&i.peer_group_label),
            i.n_scorecards.to_string(),
            i.n_ratings.to_string(),
            i.n_candidates.to_string(),
            f(i.leniency),
            f(i.leniency_se),
            f(i.leniency_ci.map(|c| c.0)),
            f(i.leniency_ci.map(|c| c.1)),
            f(i.leniency_shrunk),
            f(i.spread_ratio),
            f(i.extreme_share),
            f(i.panel_agreement_r),
            i.panel_agreement_n.to_string(),
            f(i.decision_agreement),
            f(i.decision_kappa),
            f(i.validity_r),
            i.validity_n.to_string(),
            f(i.validity_shrunk),
            f(i.halo_index),
            f(i.drift_per_year),
            f(i.drift_ci.map(|c| c.0)),
            f(i.drift_ci.map(|c| c.1)),
            i.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(" "),
            i.notes.join("; "),
        ];
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}

/// A small count in words ("four"), digits above twelve.
fn words(n: usize) -> String {
    const W: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    W.get(n).map_or_else(|| n.to_string(), |w| w.to_string())
}

/// The panel reliability in plain words, then the numbers.
pub fn panel_text(p: &PanelResult) -> String {
    let mut s = String::new();
    let target = r(Some(p.interviews_for_reliability.target));
    match p.icc1_unbalanced {
        Some(r1) => {
            let mut line = format!("A single interview has reliability {}", r(Some(r1)));
            if let (Some(m), Some(rel)) = (p.mean_panel_size, p.reliability_mean_panel) {
                let k = m.round() as usize;
                line.push_str(&format!(
                    "; {} interview{} (your average panel) reach{} {}",
                    words(k),
                    if k == 1 { "" } else { "s" },
                    if k == 1 { "es" } else { "" },
                    r(Some(rel))
                ));
            }
            match p.interviews_for_reliability.k {
                Some(k) => line.push_str(&format!(
                    "; {} {} needed for {target}.\n",
                    words(k),
                    if k == 1 { "is" } else { "are" }
                )),
                None => line.push_str(&format!("; no number of interviews reaches {target}.\n")),
            }
            s.push_str(&line);
        }
        None => s.push_str(
            "Panel reliability is undefined: too few candidates were seen by two or more interviewers.\n",
        ),
    }
    s.push('\n');
    let row = |s: &mut String, name: &str, v: String| s.push_str(&format!("  {} {}\n", pad(name, 34), v));
    row(&mut s, "ICC(1) single interview (unbalanced)", r(p.icc1_unbalanced));
    row(&mut s, "mean panel size", num(p.mean_panel_size, 2));
    if let Some(icc) = &p.icc {
        let iv = |v: Option<f64>, c: Option<(f64, f64)>| format!("{} {}", r(v), super::fmt::ci(c));
        row(&mut s, "ICC(1,1) one-way", iv(icc.icc1, icc.icc1_ci));
        row(&mut s, "ICC(2,1) absolute agreement", iv(icc.icc2, icc.icc2_ci));
        row(&mut s, "ICC(3,1) consistency", iv(icc.icc3, icc.icc3_ci));
        row(&mut s, "ICC(1,k)", iv(icc.icc1k, icc.icc1k_ci));
        row(&mut s, "ICC(2,k)", iv(icc.icc2k, icc.icc2k_ci));
        row(&mut s, "ICC(3,k)", iv(icc.icc3k, icc.icc3k_ci));
    } else {
        row(
            &mut s,
            "Shrout & Fleiss ICCs",
            "— (need every candidate rated by the same interviewers)".to_string(),
        );
    }
    row(&mut s, "Krippendorff's alpha (interval)", r(p.krippendorff_alpha_interval));
    row(&mut s, "Krippendorff's alpha (ordinal)", r(p.krippendorff_alpha_ordinal));
    row(&mut s, "Cronbach's alpha (questions)", r(p.cronbach_alpha));
    row(&mut s, "panel agreement r", r(p.panel_agreement_r));
    row(
        &mut s,
        &format!("interviews for {target}"),
        p.interviews_for_reliability.k.map_or("—".to_string(), |k| k.to_string()),
    );
    row(&mut s, "candidate–interviewer components", p.components.to_string());
    row(&mut s, "interviewer peer groups", p.peer_groups.to_string());
    s.push_str(&super::generalizability::text(p));
    s
}
