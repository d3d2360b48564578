//! The report's charts: one file per chart, each drawn from a prepared plot-data struct (`…Data`) that
//! holds numbers computed by the analysis. The drawing code only lays them out; it never computes
//! statistics beyond arithmetic for display (sorting, capping, Spearman–Brown for the reliability curve).
//!
//! Shared here: the Okabe–Ito colour-blind-safe palette, fonts, label fitting, headers, legends, a greedy
//! label placer that avoids overlaps, and the "no data" chart.

pub mod d_study;
pub mod impact_ratios;
pub mod interviewer_distribution;
pub mod interviewer_drift;
pub mod interviewer_funnel;
pub mod interviewer_leniency;
pub mod outcome_by_score;
pub mod panel_reliability;
pub mod question_quadrant;
pub mod question_validity;

pub use d_study::{DStudyData, DStudyLine};
pub use impact_ratios::{ImpactRatiosData, ImpactRow};
pub use interviewer_distribution::{DistributionData, DistributionRow};
pub use interviewer_drift::{DriftData, DriftSeries};
pub use interviewer_funnel::{FunnelData, FunnelPoint};
pub use interviewer_leniency::{LeniencyData, LeniencyRow};
pub use outcome_by_score::{OutcomeByScoreData, ScoreBand};
pub use panel_reliability::PanelReliabilityData;
pub use question_quadrant::{QuadrantData, QuadrantPoint};
pub use question_validity::{QuestionValidityData, ValidityRow};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::render::{text_width_px, ChartError, FONT_FAMILY};

/// Okabe–Ito palette (Okabe & Ito 2008), safe for the common colour-vision deficiencies.
pub mod palette {
    use plotters::style::RGBColor;
    /// Black.
    pub const BLACK: RGBColor = RGBColor(0, 0, 0);
    /// Orange.
    pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
    /// Sky blue.
    pub const SKY: RGBColor = RGBColor(86, 180, 233);
    /// Bluish green.
    pub const GREEN: RGBColor = RGBColor(0, 158, 115);
    /// Yellow.
    pub const YELLOW: RGBColor = RGBColor(240, 228, 66);
    /// Blue.
    pub const BLUE: RGBColor = RGBColor(0, 114, 178);
    /// Vermillion.
    pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
    /// Reddish purple.
    pub const PURPLE: RGBColor = RGBColor(204, 121, 167);
    /// Neutral grey for secondary text and reference lines.
    pub const GREY: RGBColor = RGBColor(110, 110, 110);
    /// Light grey for separators and grid lines.
    pub const LIGHT: RGBColor = RGBColor(222, 222, 222);
    /// Series colours in order of use (black last).
    pub const SERIES: [RGBColor; 8] = [BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY, BLACK, YELLOW];
}

/// Title font size in pixels.
pub const TITLE_SIZE: f64 = 36.0;
/// Subtitle font size.
pub const SUBTITLE_SIZE: f64 = 22.0;
/// Axis description font size.
pub const AXIS_DESC_SIZE: f64 = 24.0;
/// Tick label and row label font size.
pub const LABEL_SIZE: f64 = 20.0;
/// The smallest font size any chart asks plotters for (row labels, value labels, point labels), the
/// size of tick labels: no chart writes text below it (checked for every chart by
/// `tests/pdf_text_size.rs`), so report.pdf can draw a 1600 px wide chart across a landscape page and
/// print it at `pdf::MIN_TEXT_PT` or more.
pub const MIN_TEXT_PX: f64 = LABEL_SIZE;
/// Plotters' SVG writes a font of size `s` as `font-size = s / 1.24` (its size is the line height,
/// ascent to descent): [`MIN_TEXT_PX`] as an SVG font size, the em the PDF prints.
pub const MIN_TEXT_EM_PX: f64 = MIN_TEXT_PX / 1.24;
/// Vertical pitch of one row (or group heading) in the row charts (leniency, use of the scale).
pub const ROW_PITCH: u32 = 26;
/// Height of a row chart besides its rows: header, legend, x axis, margins.
pub const ROW_CHART_OVERHEAD: u32 = 340;
/// Tallest a row chart is drawn while rows fit in [`MAX_ROW_COLUMNS`] columns: report.pdf then fits it
/// on a landscape A4 or Letter sheet at a scale that prints [`MIN_TEXT_PX`] text at 7 pt or more.
pub const MAX_ROW_CHART_HEIGHT: u32 = 1090;
/// Most columns a row chart lays its rows out in.
pub const MAX_ROW_COLUMNS: usize = 3;

/// How many columns a row chart lays `lines` rows out in: as few as keep it at most
/// [`MAX_ROW_CHART_HEIGHT`] tall, at most [`MAX_ROW_COLUMNS`].
pub fn row_columns(lines: usize) -> usize {
    let per = ((MAX_ROW_CHART_HEIGHT - ROW_CHART_OVERHEAD) / ROW_PITCH) as usize;
    lines.div_ceil(per).clamp(1, MAX_ROW_COLUMNS)
}

/// The height of a row chart whose tallest column holds `per` lines (at least the default 1000 px).
pub fn row_chart_height(per: usize) -> u32 {
    (ROW_CHART_OVERHEAD + ROW_PITCH * per as u32).clamp(1000, 4000)
}

/// Height of the header band drawn by [`draw_header`].
pub const HEADER_HEIGHT: u32 = 136;
/// Left margin of headers and legends.
pub const LEFT: i32 = 40;

/// A regular text style in the chart font.
pub fn font(size: f64) -> TextStyle<'static> {
    (FONT_FAMILY, size).into_font().color(&palette::BLACK)
}

/// A bold text style in the chart font (written as a font tuple: `.style(Bold)` stays regular in PNGs).
pub fn bold(size: f64) -> TextStyle<'static> {
    (FONT_FAMILY, size, FontStyle::Bold).into_font().color(&palette::BLACK)
}

/// `style` anchored at (`h`, `v`).
pub fn anchored<'a>(style: TextStyle<'a>, h: HPos, v: VPos) -> TextStyle<'a> {
    style.pos(Pos::new(h, v))
}

/// The value if it is present and finite.
pub fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// The interval if both ends are finite, ordered low to high.
pub fn finite_pair(v: Option<(f64, f64)>) -> Option<(f64, f64)> {
    v.filter(|(a, b)| a.is_finite() && b.is_finite()).map(|(a, b)| if a <= b { (a, b) } else { (b, a) })
}

/// Truncates `s` to at most `max_chars` characters, ending in "…" when cut: after the last whole word
/// when that keeps at least 60% of the room (no "incide…"), else inside the word.
pub fn truncate_label(s: &str, max_chars: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let keep = max_chars.saturating_sub(1);
    let head: String = s.chars().take(keep).collect();
    let at_word = head.rfind(' ').map(|i| head[..i].trim_end_matches([',', ';', ':', ' ', '·']));
    let mut out = match at_word {
        Some(w) if w.chars().count() * 5 >= keep * 3 => w.to_string(),
        _ => head.trim_end().to_string(),
    };
    out.push('…');
    out
}

/// Truncates `s` with "…" so that it is at most `max_px` wide at font `size`.
pub fn fit_label(s: &str, size: f64, max_px: f64, is_bold: bool) -> String {
    let s = s.trim();
    if text_width_px(s, size, is_bold) <= max_px {
        return s.to_string();
    }
    let n = s.chars().count();
    let (mut lo, mut hi) = (0usize, n);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if text_width_px(&truncate_label(s, mid), size, is_bold) <= max_px {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo == 0 {
        "…".to_string()
    } else {
        truncate_label(s, lo)
    }
}

/// Draws the title and subtitle and returns the area below them.
pub fn draw_header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    let (w, _) = area.dim_in_pixel();
    let max = f64::from(w) - 2.0 * f64::from(LEFT);
    area.draw_text(&fit_label(title, TITLE_SIZE, max, true), &bold(TITLE_SIZE), (LEFT, 22))?;
    for (i, line) in wrap_text(subtitle, SUBTITLE_SIZE, max, 2).iter().enumerate() {
        area.draw_text(line, &font(SUBTITLE_SIZE).color(&palette::GREY), (LEFT, 70 + 28 * i as i32))?;
    }
    Ok(area.split_vertically(HEADER_HEIGHT).1)
}

/// Greedy word wrap of `text` into at most `max_lines` lines of at most `max_px` at font `size`; the last
/// line is truncated with "…" if the text does not fit.
pub fn wrap_text(text: &str, size: f64, max_px: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let cand = if cur.is_empty() { word.to_string() } else { format!("{cur} {word}") };
        if cur.is_empty() || text_width_px(&cand, size, false) <= max_px {
            cur = cand;
        } else {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    if lines.len() > max_lines.max(1) {
        let rest = lines.split_off(max_lines.max(1) - 1).join(" ");
        lines.push(rest);
    }
    lines.into_iter().map(|l| fit_label(&l, size, max_px, false)).collect()
}

/// Formats a number with `decimals` places, never as "-0.0".
pub fn fmt_num(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// Draws a chart that only says there is nothing to show, with the reason.
pub fn draw_no_data<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    reason: &str,
) -> Result<(), ChartError> {
    let body = draw_header(area, title, "No data to chart")?;
    let (w, h) = body.dim_in_pixel();
    let style = anchored(font(30.0).color(&palette::GREY), HPos::Center, VPos::Center);
    body.draw_text("No data", &style, (w as i32 / 2, h as i32 / 2 - 30))?;
    let max = f64::from(w) - 80.0;
    body.draw_text(
        &fit_label(reason, LABEL_SIZE, max, false),
        &anchored(font(LABEL_SIZE).color(&palette::GREY), HPos::Center, VPos::Center),
        (w as i32 / 2, h as i32 / 2 + 20),
    )?;
    Ok(())
}

/// A legend marker.
#[derive(Debug, Clone, Copy)]
pub enum Mark {
    /// A filled circle.
    Filled(RGBColor),
    /// A hollow circle.
    Hollow(RGBColor),
    /// A solid line segment of the given width.
    Line(RGBColor, u32),
    /// A dashed line segment.
    Dashed(RGBColor),
    /// A filled square (for bars).
    Square(RGBColor),
}

/// Draws a marker centred at `c` (pixels of `area`).
pub fn draw_mark<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mark: Mark,
    c: (i32, i32),
) -> Result<(), ChartError> {
    let (x, y) = c;
    match mark {
        Mark::Filled(col) => area.draw(&Circle::new(c, 7, col.filled()))?,
        Mark::Hollow(col) => {
            area.draw(&Circle::new(c, 7, WHITE.filled()))?;
            area.draw(&Circle::new(c, 7, col.stroke_width(3)))?;
        }
        Mark::Line(col, w) => {
            area.draw(&PathElement::new(vec![(x - 16, y), (x + 16, y)], col.stroke_width(w)))?
        }
        Mark::Dashed(col) => dashed_line(area, (x - 16, y), (x + 16, y), col, 2)?,
        Mark::Square(col) => area.draw(&Rectangle::new([(x - 9, y - 9), (x + 9, y + 9)], col.filled()))?,
    }
    Ok(())
}

/// Draws a horizontal legend starting at `origin` (pixels of `area`); returns the x where it ended.
pub fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    origin: (i32, i32),
    items: &[(Mark, String)],
) -> Result<i32, ChartError> {
    let (mut x, y) = origin;
    let style = anchored(font(LABEL_SIZE), HPos::Left, VPos::Center);
    for (mark, label) in items {
        draw_mark(area, *mark, (x + 16, y))?;
        area.draw_text(label, &style, (x + 40, y))?;
        x += 40 + text_width_px(label, LABEL_SIZE, false) as i32 + 36;
    }
    Ok(x)
}

/// Draws a dashed straight line between two pixel positions.
pub fn dashed_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    from: (i32, i32),
    to: (i32, i32),
    color: RGBColor,
    width: u32,
) -> Result<(), ChartError> {
    let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return Ok(());
    }
    let (dash, gap) = (10.0, 7.0);
    let mut t = 0.0;
    while t < len {
        let e = (t + dash).min(len);
        let p = |s: f64| (from.0 + (dx * s / len).round() as i32, from.1 + (dy * s / len).round() as i32);
        area.draw(&PathElement::new(vec![p(t), p(e)], color.stroke_width(width)))?;
        t += dash + gap;
    }
    Ok(())
}

/// Converts a backend (absolute) pixel position to pixels relative to `area`.
pub fn rel<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, p: (i32, i32)) -> (i32, i32) {
    let (bx, by) = area.get_base_pixel();
    (p.0 - bx, p.1 - by)
}

/// A rectangle in pixels: (left, top, right, bottom).
pub type PxBox = (i32, i32, i32, i32);

/// Greedy placement of point labels: tries positions next to each point, then farther out (the label
/// then gets a leader line to its point, so it cannot be read as another point's), and skips a label
/// only when no position is free of earlier labels, reserved boxes and the bounds.
#[derive(Debug, Clone)]
pub struct LabelPlacer {
    taken: Vec<PxBox>,
    /// Marked points (see [`LabelPlacer::reserve_point`]): a label next to its point must not sit
    /// nearer another one.
    points: Vec<(i32, i32)>,
    bounds: PxBox,
    size: f64,
}

/// A placed label: its top-left corner and, when it sits away from its point, the end of the leader
/// line drawn from the point (the label box's nearest point).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Top-left corner of the text.
    pub pos: (i32, i32),
    /// Where a leader line from the point ends, when the label is not next to its point.
    pub leader: Option<(i32, i32)>,
}

/// Distances (pixels) from a point at which labels that do not fit next to it are tried, with a leader.
const LEADER_RINGS: [i32; 5] = [26, 40, 56, 74, 96];

impl LabelPlacer {
    /// A placer for labels of font `size` inside `bounds`.
    pub fn new(bounds: PxBox, size: f64) -> Self {
        Self { taken: Vec::new(), points: Vec::new(), bounds, size }
    }

    /// Marks a box (e.g. a marker) as occupied.
    pub fn reserve(&mut self, b: PxBox) {
        self.taken.push(b);
    }

    /// Marks a point's marker of radius `r` as occupied, and the point as one a label could be read
    /// as belonging to.
    pub fn reserve_point(&mut self, p: (i32, i32), r: i32) {
        self.taken.push((p.0 - r, p.1 - r, p.0 + r, p.1 + r));
        self.points.push(p);
    }

    /// Finds a free position for `text` next to point `p`, else farther out with a leader line, and
    /// reserves it.
    pub fn place(&mut self, p: (i32, i32), text: &str) -> Option<Placed> {
        let w = text_width_px(text, self.size, false).ceil() as i32 + 2;
        let h = self.size.ceil() as i32;
        let (x, y) = p;
        let near = [
            (x + 11, y - h / 2),
            (x - 11 - w, y - h / 2),
            (x + 9, y - h - 6),
            (x + 9, y + 6),
            (x - 9 - w, y - h - 6),
            (x - 9 - w, y + 6),
            (x - w / 2, y - h - 12),
            (x - w / 2, y + 12),
        ];
        // Farther out, in eight directions: the box's nearest edge at distance d from the point.
        let far = LEADER_RINGS.iter().flat_map(|&d| {
            [(1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)].map(
                |(dx, dy): (i32, i32)| {
                    let d = if dx != 0 && dy != 0 { d * 7 / 10 } else { d };
                    let left = x + dx * d
                        - if dx < 0 {
                            w
                        } else if dx == 0 {
                            w / 2
                        } else {
                            0
                        };
                    let top = y + dy * d
                        - if dy < 0 {
                            h
                        } else if dy == 0 {
                            h / 2
                        } else {
                            0
                        };
                    (left, top)
                },
            )
        });
        let tried = near.into_iter().map(|c| (c, false)).chain(far.map(|c| (c, true)));
        for ((cx, cy), leader) in tried {
            let b = (cx, cy, cx + w, cy + h);
            let inside =
                b.0 >= self.bounds.0 && b.1 >= self.bounds.1 && b.2 <= self.bounds.2 && b.3 <= self.bounds.3;
            let dist2 = |q: (i32, i32)| {
                let (ex, ey) = (q.0.clamp(b.0, b.2) - q.0, q.1.clamp(b.1, b.3) - q.1);
                i64::from(ex) * i64::from(ex) + i64::from(ey) * i64::from(ey)
            };
            // Next to its point, a label about as near another point (less than 1.5 times as far) would
            // be read as that point's: it goes farther out, with a leader.
            let ambiguous = !leader && self.points.iter().any(|&q| q != p && 4 * dist2(q) < 9 * dist2(p));
            if inside && !ambiguous && !self.taken.iter().any(|t| overlaps(*t, b)) {
                self.taken.push(b);
                let end = (x.clamp(b.0, b.2), y.clamp(b.1, b.3));
                return Some(Placed { pos: (cx, cy), leader: leader.then_some(end) });
            }
        }
        None
    }
}

/// Draws the leader line of a label placed away from its point `p` (nothing when it sits next to it).
pub fn draw_leader<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: (i32, i32),
    placed: Placed,
) -> Result<(), ChartError> {
    if let Some(end) = placed.leader {
        area.draw(&PathElement::new(vec![p, end], RGBColor(120, 120, 120).stroke_width(1)))?;
    }
    Ok(())
}

/// Whether two pixel boxes overlap.
pub fn overlaps(a: PxBox, b: PxBox) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Colour `i` of `k` on a colour-blind-safe diverging scale (vermillion → light grey → blue), low to high.
pub fn diverging(i: usize, k: usize) -> RGBColor {
    let lo = (213.0, 94.0, 0.0);
    let mid = (235.0, 235.0, 235.0);
    let hi = (0.0, 114.0, 178.0);
    let t = if k <= 1 { 0.5 } else { i as f64 / (k - 1) as f64 };
    let (a, b, s) = if t < 0.5 { (lo, mid, t * 2.0) } else { (mid, hi, (t - 0.5) * 2.0) };
    let m = |p: f64, q: f64| (p + (q - p) * s).round().clamp(0.0, 255.0) as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// Whether a colour is dark enough to need white text on it.
pub fn is_dark(c: RGBColor) -> bool {
    0.299 * f64::from(c.0) + 0.587 * f64::from(c.1) + 0.114 * f64::from(c.2) < 140.0
}

/// A padded range covering `values` and `always` (reference values that must be visible).
pub fn padded_range(values: impl IntoIterator<Item = f64>, always: &[f64], pad: f64) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values.into_iter().chain(always.iter().copied()).filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-9 {
        return (lo - 1.0, hi + 1.0);
    }
    let p = (hi - lo) * pad;
    (lo - p, hi + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation() {
        assert_eq!(truncate_label("short", 10), "short");
        assert_eq!(truncate_label("a long question label", 7), "a long…");
        assert_eq!(truncate_label("Last production incident you owned", 32), "Last production incident you…");
        assert_eq!(
            truncate_label("Migrate a 100M-row production table, online", 32),
            "Migrate a 100M-row production…"
        );
        assert_eq!(truncate_label("Supercalifragilistic-and-more", 10), "Supercali…");
        assert_eq!(truncate_label("ab cdefghijklmnop", 10), "ab cdefgh…", "a word cut would keep too little");
        assert_eq!(truncate_label("abc", 1), "…");
        let long = "Tell me about a time you disagreed with a decision made by your manager and what you did";
        let fitted = fit_label(long, 20.0, 300.0, false);
        assert!(fitted.ends_with('…'));
        assert!(text_width_px(&fitted, 20.0, false) <= 300.0);
        assert_eq!(fit_label("ok", 20.0, 300.0, false), "ok");
        let wrapped = wrap_text(long, 20.0, 300.0, 2);
        assert_eq!(wrapped.len(), 2);
        assert!(wrapped[1].ends_with('…'));
        assert_eq!(fmt_num(-0.001, 1), "0.0");
        assert_eq!(fmt_num(-0.25, 2), "-0.25");
    }

    #[test]
    fn placer_avoids_overlap() {
        let mut p = LabelPlacer::new((0, 0, 1000, 1000), 20.0);
        let a = p.place((500, 500), "label one").expect("first");
        let b = p.place((500, 500), "label two").expect("second");
        assert_ne!(a.pos, b.pos);
        assert_eq!((a.leader, b.leader), (None, None), "both fit next to the point");
        let mut tight = LabelPlacer::new((0, 0, 30, 30), 20.0);
        assert!(tight.place((15, 15), "far too wide a label").is_none());
    }

    #[test]
    fn a_label_next_to_its_point_is_clearly_nearer_it_than_any_other_point() {
        let mut p = LabelPlacer::new((0, 0, 1000, 1000), 20.0);
        // b sits just below-left of a; the right of a is taken, so the first free spot left of a would
        // be nearer b than a.
        let (a, b) = ((500, 500), (475, 520));
        p.reserve_point(a, 8);
        p.reserve_point(b, 8);
        p.reserve((505, 470, 600, 530));
        let placed = p.place(a, "Q4").expect("placed");
        let w = text_width_px("Q4", 20.0, false).ceil() as i32 + 2;
        let bx = (placed.pos.0, placed.pos.1, placed.pos.0 + w, placed.pos.1 + 20);
        let d2 = |q: (i32, i32)| {
            let (ex, ey) = (q.0.clamp(bx.0, bx.2) - q.0, q.1.clamp(bx.1, bx.3) - q.1);
            ex * ex + ey * ey
        };
        assert!(placed.leader.is_some() || 9 * d2(a) <= 4 * d2(b), "{placed:?}");
    }

    #[test]
    fn a_crowded_point_gets_its_label_farther_out_with_a_leader() {
        let mut p = LabelPlacer::new((0, 0, 1000, 1000), 20.0);
        // Everything next to the point is taken.
        p.reserve((430, 470, 570, 530));
        let placed = p.place((500, 500), "Q7").expect("placed farther out");
        let end = placed.leader.expect("a leader line");
        let w = text_width_px("Q7", 20.0, false).ceil() as i32 + 2;
        let b = (placed.pos.0, placed.pos.1, placed.pos.0 + w, placed.pos.1 + 20);
        assert!(!overlaps(b, (430, 470, 570, 530)), "{b:?}");
        assert!(end.0 >= b.0 && end.0 <= b.2 && end.1 >= b.1 && end.1 <= b.3, "the leader ends on the label");
    }

    #[test]
    fn ranges_and_colours() {
        assert_eq!(padded_range([], &[], 0.1), (0.0, 1.0));
        let (lo, hi) = padded_range([0.1, f64::NAN, 0.3], &[0.0], 0.0);
        assert_eq!((lo, hi), (0.0, 0.3));
        assert_eq!(diverging(0, 5), RGBColor(213, 94, 0));
        assert_eq!(diverging(4, 5), RGBColor(0, 114, 178));
        assert!(is_dark(palette::BLUE) && !is_dark(palette::YELLOW));
        assert_eq!(finite_pair(Some((0.5, 0.1))), Some((0.1, 0.5)));
        assert_eq!(finite(Some(f64::INFINITY)), None);
    }
}
