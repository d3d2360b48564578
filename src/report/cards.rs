//! `interviewer_cards.pdf`: one calibration card (a page) per interviewer with at least `min_cell`
//! scorecards, flagged interviewers first. A card shows where the interviewer's leniency sits among their
//! peer group (estimate, 95% interval, shrunk estimate), their rating distribution beside the peer group's,
//! agreement with the panel and with the decision, drift, and what each number means in plain words.
//!
//! Everything shown is computed in `analysis/` ([`crate::analysis::views::cards`]: the peers' shrunk
//! leniency, the interviewer's and the peer group's shares of ratings per scale point). Ids are whatever the dataset holds, so
//! `--pseudonymize` carries over; the file name derives from no input data.

use super::fmt::{num, percent, r};
use super::html::esc;
use super::pdf::Page;
use crate::analysis::interviewers::{Flag, InterviewerResult, InterviewersReport};
use crate::analysis::views::Views;

const W: f64 = 1000.0;
const H: f64 = 330.0;
const FONT: f64 = 14.0;
/// Okabe–Ito blue (this interviewer) and vermillion (shrunk estimate), grey for peers.
const BLUE: &str = "#0072b2";
const VERMILLION: &str = "#d55e00";
const GREY: &str = "#9a9a9a";

/// Appends a text element; `style` is (text-anchor, bold, fill colour).
fn text(s: &mut String, x: f64, y: f64, size: f64, style: (&str, bool, &str), t: &str) {
    let (anchor, bold, fill) = style;
    s.push_str(&format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{fill}\"{}>{}</text>\n",
        if bold { " font-weight=\"bold\"" } else { "" },
        esc(t)
    ));
}

/// The card's figure: left, leniency among peers; right, rating distribution against the peer group.
/// `peers`: the shrunk leniency of every peer-group member; `mine`/`group`: shares per scale point.
/// The card's figure; `level` names the intervals' confidence level (`95%`).
fn figure(
    i: &InterviewerResult,
    peers: &[f64],
    points: &[f64],
    mine: &[f64],
    group: &[f64],
    level: &str,
) -> String {
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" \
         font-family=\"sans-serif\">\n<rect width=\"{W}\" height=\"{H}\" fill=\"#ffffff\"/>\n"
    );
    // Left panel: a strip of the peers' shrunk leniency, this interviewer's estimate with its interval
    // and the shrunk estimate.
    let (x0, x1, ymid) = (40.0, 470.0, 170.0);
    text(&mut s, x0, 24.0, 17.0, ("start", true, "#222"), "Leniency among peers (score points)");
    let mut lo = peers.iter().copied().fold(-0.5_f64, f64::min);
    let mut hi = peers.iter().copied().fold(0.5_f64, f64::max);
    for v in [i.leniency, i.leniency_ci.map(|c| c.0), i.leniency_ci.map(|c| c.1)].into_iter().flatten() {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    let step = tick_step(hi - lo);
    let (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    let px = |v: f64| x0 + (v - lo) / (hi - lo).max(1e-9) * (x1 - x0);
    s.push_str(&format!(
        "<line x1=\"{x0}\" y1=\"{:.1}\" x2=\"{x1}\" y2=\"{:.1}\" stroke=\"#444\" stroke-width=\"1\"/>\n",
        ymid + 60.0,
        ymid + 60.0
    ));
    // Ticks by index, not by adding `step` (a huge range would never advance a float that large).
    let ticks = (((hi - lo) / step).round() as usize).min(MAX_TICKS);
    for k in 0..=ticks {
        let t = lo + k as f64 * step;
        let x = px(t);
        s.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"1\"/>\n",
            ymid - 80.0,
            ymid + 64.0,
            if t.abs() < 1e-9 { "#444" } else { "#e4e4e4" }
        ));
        text(&mut s, x, ymid + 82.0, FONT, ("middle", false, "#444"), &format!("{t:+.2}"));
    }
    for (k, v) in peers.iter().enumerate() {
        // Jitter rows so coincident peers stay visible.
        let y = ymid - 50.0 + (k % 5) as f64 * 9.0;
        s.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{GREY}\" fill-opacity=\"0.6\"/>\n",
            px(*v)
        ));
    }
    text(&mut s, x0, ymid - 86.0, 12.0, ("start", false, "#666"), "peers (shrunk estimates)");
    if let (Some(b), Some((a, c))) = (i.leniency, i.leniency_ci) {
        let y = ymid + 25.0;
        s.push_str(&format!(
            "<line x1=\"{:.1}\" y1=\"{y}\" x2=\"{:.1}\" y2=\"{y}\" stroke=\"{BLUE}\" stroke-width=\"3\"/>\n\
             <circle cx=\"{:.1}\" cy=\"{y}\" r=\"6\" fill=\"{BLUE}\"/>\n",
            px(a),
            px(c),
            px(b)
        ));
        if let Some(sh) = i.leniency_shrunk {
            let x = px(sh);
            s.push_str(&format!(
                "<path d=\"M {x:.1} {:.1} l 7 7 l -7 7 l -7 -7 z\" fill=\"{VERMILLION}\"/>\n",
                y - 24.0
            ));
        }
        text(
            &mut s,
            x0,
            ymid + 110.0,
            12.0,
            ("start", false, BLUE),
            &format!("● this interviewer, with {level} interval"),
        );
        text(&mut s, x0 + 250.0, ymid + 110.0, 12.0, ("start", false, VERMILLION), "◆ shrunk estimate");
    } else {
        text(
            &mut s,
            x0,
            ymid + 25.0,
            FONT,
            ("start", false, "#444"),
            "No leniency estimate (not connected to peers).",
        );
    }
    // Right panel: share of ratings per scale point, this interviewer against the peer group.
    let (bx0, bx1, by0, by1) = (590.0, 960.0, 60.0, 240.0);
    text(&mut s, bx0 - 30.0, 24.0, 17.0, ("start", true, "#222"), "Ratings given (share per scale point)");
    let (steps, step) = share_axis(mine.iter().chain(group).copied().fold(0.0_f64, f64::max));
    let top = steps as f64 * step;
    // Grid lines with their percentages, so the bars' heights can be read.
    for k in 1..=steps {
        let v = k as f64 * step;
        let y = by1 - v / top * (by1 - by0);
        s.push_str(&format!(
            "<line x1=\"{bx0}\" y1=\"{y:.1}\" x2=\"{bx1}\" y2=\"{y:.1}\" stroke=\"#e4e4e4\" stroke-width=\"1\"/>\n"
        ));
        text(&mut s, bx0 - 6.0, y + 4.0, 12.0, ("end", false, "#666"), &format!("{:.0}%", 100.0 * v));
    }
    let n = points.len().max(1) as f64;
    let slot = (bx1 - bx0) / n;
    s.push_str(&format!(
        "<line x1=\"{bx0}\" y1=\"{by1}\" x2=\"{bx1}\" y2=\"{by1}\" stroke=\"#444\" stroke-width=\"1\"/>\n"
    ));
    for (k, p) in points.iter().enumerate() {
        let x = bx0 + slot * k as f64;
        for (j, (v, colour)) in [(mine.get(k), BLUE), (group.get(k), GREY)].into_iter().enumerate() {
            let v = v.copied().unwrap_or(0.0);
            let h = v / top * (by1 - by0);
            let bw = slot * 0.36;
            let bx = x + slot * 0.12 + j as f64 * bw;
            s.push_str(&format!(
                "<rect x=\"{bx:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{h:.1}\" fill=\"{colour}\"/>\n",
                by1 - h
            ));
        }
        let label = if p.fract() == 0.0 { format!("{p:.0}") } else { format!("{p:.1}") };
        text(&mut s, x + slot / 2.0, by1 + 20.0, FONT, ("middle", false, "#444"), &label);
    }
    text(&mut s, bx0, by1 + 48.0, 12.0, ("start", false, BLUE), "■ this interviewer");
    text(&mut s, bx0 + 150.0, by1 + 48.0, 12.0, ("start", false, GREY), "■ peer group");
    s.push_str("</svg>\n");
    s
}

/// The share axis: its step (5%, 10%, 20% or 25%, the first that needs at most five) and the number of
/// steps up to the top, the largest share rounded up to a step.
fn share_axis(largest: f64) -> (usize, f64) {
    let largest = largest.clamp(0.05, 1.0);
    let step = [0.05, 0.1, 0.2, 0.25].into_iter().find(|s| largest / s <= 5.0 + 1e-9).unwrap_or(0.25);
    ((largest / step - 1e-9).ceil() as usize, step)
}

/// The plain-words paragraphs of a card.
/// The card's paragraphs; `ci` names the intervals (`95% CI`).
fn notes(i: &InterviewerResult, peer_r: Option<f64>, ci: &str) -> Vec<String> {
    let mut p = Vec::new();
    let flags: Vec<&str> = i.flags.iter().map(|f| f.as_str()).collect();
    p.push(format!(
        "Peer group: {}. {} scorecards, {} candidates. Flags: {}.",
        i.peer_group_label,
        i.n_scorecards,
        i.n_candidates,
        if flags.is_empty() { "none".to_string() } else { flags.join(", ") }
    ));
    match (i.leniency, i.leniency_ci, i.leniency_shrunk) {
        (Some(b), Some((lo, hi)), Some(sh)) => p.push(format!(
            "Leniency {b:+.2} points ({ci} {lo:+.2} to {hi:+.2}); shrunk {sh:+.2}. This is how much higher (+) \
             or lower (−) this interviewer scores than peers who asked the same questions, after allowing for \
             which candidates each of them saw. The shrunk value pulls an uncertain estimate toward 0; use it to compare."
        )),
        _ => p.push("Leniency cannot be estimated: this interviewer shares no candidates with peers.".into()),
    }
    p.extend(i.flags.iter().filter_map(|f| why_flagged(*f, i, peer_r)));
    p.push(format!(
        "Use of the scale: {} of the spread peers use (100% = the same), {} of ratings at either end of the \
         scale; halo index {} (how much more alike the questions of one scorecard are rated than peers rate \
         them, relative to the interviewer's own spread; 0 = like peers).",
        percent(i.spread_ratio),
        percent(i.extreme_share),
        num(i.halo_index, 2)
    ));
    p.push(format!(
        "Agreement with the rest of the panel: r = {} over {} candidates (peers: {}). Agreement with the hiring \
         decision: {} of recommendations matched it, Cohen's kappa {} (0 = chance, 1 = always).",
        r(i.panel_agreement_r),
        i.panel_agreement_n,
        r(peer_r),
        percent(i.decision_agreement),
        r(i.decision_kappa)
    ));
    p.push(match (i.drift_per_year, i.drift_ci) {
        (Some(d), Some((lo, hi))) => {
            let reading = if lo <= 0.0 && hi >= 0.0 {
                "the interval includes 0, so no clear change over time"
            } else if i.flags.contains(&Flag::Drifting) {
                "flagged as drifting"
            } else {
                "the interval excludes 0, but that is not a flag: a flag needs a change large enough to matter \
                 that also survives the false-discovery control across all interviewers"
            };
            format!(
                "Drift: leniency moves {d:+.2} points a year relative to peers ({ci} {lo:+.2} to {hi:+.2}); \
                 {reading}."
            )
        }
        _ => {
            "Drift: not estimable (interview dates missing or all on one day, or no peer with varying dates)."
                .into()
        }
    });
    p.push(
        "Each flag rests on a test with the false-discovery rate controlled across all interviewers; a flag is a \
         reason for a calibration conversation, not a judgement of the person."
            .into(),
    );
    p
}

/// The flag in plain words with this interviewer's value beside the peers', and the test's q
/// (docs/interviewer-flags.md); `None` for the flags that are facts about the data.
fn why_flagged(f: Flag, i: &InterviewerResult, peer_r: Option<f64>) -> Option<String> {
    let t = &i.flag_tests;
    let q = |q: Option<f64>| q.map_or_else(|| "—".to_string(), |q| format!("{q:.3}"));
    let signed =
        |v: Option<f64>| v.filter(|v| v.is_finite()).map_or_else(|| "—".to_string(), |v| format!("{v:+.2}"));
    Some(match f {
        Flag::Lenient | Flag::Harsh => format!(
            "Why {}: this interviewer scores {} than peers who asked the same questions (shrunk leniency {}; \
             peers average 0), and the test says this is unlikely to be chance (q = {}).",
            f.words(),
            if f == Flag::Lenient { "higher" } else { "lower" },
            signed(i.leniency_shrunk),
            q(if f == Flag::Lenient { t.lenient.q } else { t.harsh.q })
        ),
        Flag::NarrowRange => format!(
            "Why narrow range: this interviewer's ratings spread {} as much as peers' (peers = 100%), so their \
             scores separate candidates less (q = {}).",
            percent(i.spread_ratio),
            q(t.narrow_range.q)
        ),
        Flag::Halo => format!(
            "Why halo: on one scorecard this interviewer rates the different questions more alike than peers \
             do — the ratings of one scorecard differ {} as much as peers' (peers = 100%, both measured against \
             the interviewer's own spread across candidates; halo index {}). The questions then add little \
             beyond one overall impression (q = {}).",
            percent(i.halo_index.map(|h| 1.0 - h)),
            num(i.halo_index, 2),
            q(t.halo.q)
        ),
        Flag::DisagreesWithPanel => format!(
            "Why disagrees with panel: this interviewer's scores agree with the rest of the panel at r = {}, \
             peers at r = {} (q = {}).",
            r(i.panel_agreement_r),
            r(peer_r),
            q(t.disagrees_with_panel.q)
        ),
        Flag::Drifting => format!(
            "Why drifting: this interviewer's leniency moves {} points a year relative to peers (peers: 0; q = {}).",
            signed(i.drift_per_year),
            q(t.drifting.q)
        ),
        Flag::Disconnected | Flag::InsufficientData => return None,
    })
}

/// One page per card the core prepared ([`Views::cards`], flagged interviewers first).
pub fn pages(iv: &InterviewersReport, views: &Views) -> Vec<Page> {
    let points = &views.distributions.points;
    views
        .cards
        .iter()
        .filter_map(|c| {
            let i = iv.interviewers.get(c.interviewer)?;
            Some(Page {
                title: format!("Calibration card: {}", i.interviewer_id),
                paragraphs: notes(i, c.peer_r, &super::fmt::ci_label(iv.interviewers_meta.confidence)),
                svg: Some(figure(
                    i,
                    &c.peers,
                    points,
                    &c.mine,
                    &c.group,
                    &super::fmt::level(iv.interviewers_meta.confidence),
                )),
            })
        })
        .collect()
}

/// Most ticks on the leniency axis.
const MAX_TICKS: usize = 12;

/// A tick step for a leniency axis spanning `range` score points: .25, .5 or 1 on the usual scales,
/// else a power of ten times 1, 2 or 5 giving at most about [`MAX_TICKS`] ticks (a scale inferred from
/// implausible scores can span millions of points).
fn tick_step(range: f64) -> f64 {
    match range {
        r if !r.is_finite() || r <= 2.0 => 0.25,
        r if r <= 4.0 => 0.5,
        r if r <= 10.0 => 1.0,
        r => {
            let raw = r / 10.0;
            let p = 10f64.powf(raw.log10().floor());
            [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * p).find(|s| r / s <= 10.0).unwrap_or(10.0 * p)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::render::parse_svg;
    use super::*;

    #[test]
    fn the_share_axis_covers_the_tallest_bar_in_at_most_five_steps() {
        assert_eq!(share_axis(0.43), (5, 0.1));
        assert_eq!(share_axis(0.5), (5, 0.1));
        assert_eq!(share_axis(0.12), (3, 0.05));
        assert_eq!(share_axis(0.0), (1, 0.05));
        assert_eq!(share_axis(0.9), (5, 0.2));
        for k in 0..=100 {
            let largest = k as f64 / 100.0;
            let (steps, step) = share_axis(largest);
            assert!(steps as f64 * step >= largest - 1e-12 && steps <= 5, "{largest}: {steps} × {step}");
        }
    }

    #[test]
    fn tick_steps_stay_few_on_any_range() {
        assert_eq!(tick_step(1.5), 0.25);
        assert_eq!(tick_step(3.0), 0.5);
        assert_eq!(tick_step(8.0), 1.0);
        assert_eq!(tick_step(35.0), 5.0);
        for r in [11.0, 99.0, 1e6, 3.7e12, 1e300, f64::MAX] {
            let s = tick_step(r);
            assert!(s.is_finite() && r / s <= 10.0 + 1e-9 && r / s >= 2.0, "range {r}: step {s}");
        }
    }

    #[test]
    fn figure_parses_and_escapes() {
        let i = InterviewerResult {
            interviewer_id: "<I1>".into(),
            peer_group: 0,
            peer_group_label: "System Design: Q1–Q3".into(),
            n_scorecards: 40,
            n_ratings: 110,
            n_candidates: 40,
            leniency: Some(0.4),
            leniency_se: Some(0.1),
            leniency_ci: Some((0.2, 0.6)),
            leniency_shrunk: Some(0.35),
            spread_ratio: Some(0.9),
            extreme_share: Some(0.1),
            panel_agreement_r: Some(0.5),
            panel_agreement_n: 38,
            decision_agreement: Some(0.8),
            decision_kappa: Some(0.5),
            validity_r: None,
            validity_n: 0,
            validity_shrunk: None,
            halo_index: Some(0.05),
            drift_per_year: Some(0.02),
            drift_ci: Some((-0.1, 0.14)),
            flags: vec![Flag::Lenient],
            flag_tests: Default::default(),
            notes: Vec::new(),
        };
        let svg = figure(&i, &[0.1, -0.2, 0.0], &[1.0, 2.0, 3.0], &[0.2, 0.5, 0.3], &[0.3, 0.4, 0.3], "95%");
        assert!(parse_svg(&svg).is_ok(), "{svg}");
        let n = notes(&i, Some(0.55), "95% CI");
        assert!(n[0].contains("System Design: Q1–Q3") && n[0].contains("lenient"));
        assert!(n.iter().any(|p| p.contains("kappa .50")), "{n:?}");
        assert!(n.iter().any(|p| p.starts_with("Why lenient") && p.contains("+0.35")), "{n:?}");
        assert!(!n.iter().any(|p| p.starts_with("Why halo")), "{n:?}");
    }

    #[test]
    fn a_halo_flag_is_explained_with_the_peers_value() {
        let mut i =
            InterviewerResult { halo_index: Some(0.35), flags: vec![Flag::Halo], ..Default::default() };
        i.flag_tests.halo.q = Some(0.0248);
        let n = notes(&i, None, "95% CI");
        let why = n.iter().find(|p| p.starts_with("Why halo")).expect("explained");
        assert!(why.contains("65%") && why.contains("peers = 100%") && why.contains("q = 0.025"), "{why}");
        let plain = InterviewerResult { flags: vec![Flag::InsufficientData], ..Default::default() };
        assert!(!notes(&plain, None, "95% CI").iter().any(|p| p.starts_with("Why")));
    }
}
