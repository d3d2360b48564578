//! The multi-page PDF report: per page a title, wrapped paragraphs (DejaVu Sans embedded through krilla's
//! simple text) and optionally a chart SVG drawn as vector graphics below them. A4 or Letter, landscape,
//! numbered pages.

use anyhow::anyhow;
use krilla::color::rgb;
use krilla::geom::{Point, Size};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};

use super::render::{parse_svg, text_width_em};

/// One page of the report (long text continues on further pages).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Page {
    /// Page heading.
    pub title: String,
    /// Paragraphs of plain text, wrapped to the page width.
    pub paragraphs: Vec<String>,
    /// A chart as SVG (e.g. from `render::svg_string`), scaled to fit below the text.
    pub svg: Option<String>,
}

/// Paper size of the report (landscape).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    /// ISO A4, 297 × 210 mm.
    #[default]
    A4,
    /// US Letter, 11 × 8.5 in.
    Letter,
}

impl Paper {
    /// (width, height) in points, landscape.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (841.89, 595.28),
            Paper::Letter => (792.0, 612.0),
        }
    }
}
const MARGIN: f32 = 40.0;
const TITLE_PT: f32 = 20.0;
const BODY_PT: f32 = 11.0;
const LEADING: f32 = 1.4;
/// Below text, a chart must be drawn at least this share of the size it gets on a sheet of its own;
/// otherwise it goes on the next sheet (a tall chart under many paragraphs would be unreadably small).
const CHART_MIN_SHARE: f32 = 0.75;
/// Largest scale of an SVG on the page: a table is never drawn larger than its own size (its 12 px text
/// as 12 pt); charts, 1600 px wide, are always scaled down.
const MAX_SVG_SCALE: f32 = 1.0;
/// Paragraphs of at most this many lines (with their gap, and a heading above them) are never split
/// across sheets.
const KEEP_TOGETHER_LINES: usize = 8;
/// Gap between the text and the chart.
const CHART_GAP: f32 = 10.0;
/// The smallest text of a chart or table printed in report.pdf, in points: the layout never draws an
/// SVG so small that its smallest font falls below this, unless even a sheet of its own cannot hold it
/// larger (the charts are sized so that it can: see `tests/pdf_text_size.rs`).
pub const MIN_TEXT_PT: f32 = 7.0;

/// The smallest font size (SVG units) of an SVG: the least `font-size` attribute it carries (the SVG
/// tables write theirs), or, when it has none because its text is already outlines (every chart, from
/// `render::svg_string`), [`super::charts::MIN_TEXT_EM_PX`], the size no chart writes text below
/// (held by `tests/pdf_text_size.rs`).
pub fn min_text_px(svg: &str) -> f32 {
    svg.split("font-size=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.trim_end_matches("px").parse::<f32>().ok())
        .filter(|v| v.is_finite() && *v > 0.0)
        .reduce(f32::min)
        .unwrap_or(super::charts::MIN_TEXT_EM_PX as f32)
}

/// What the layout needs of a page's SVG: its size and its smallest font, both in SVG units.
#[derive(Debug, Clone, Copy)]
struct Graphic {
    size: (f32, f32),
    min_text_px: f32,
}

impl Graphic {
    /// The graphic of an SVG; one whose size cannot be read is laid out as a 1600 × 1000 chart.
    fn of(svg: &str) -> Self {
        Graphic {
            size: super::html::svg_size(svg).unwrap_or((1600.0, 1000.0)),
            min_text_px: min_text_px(svg),
        }
    }
}

/// The scale at which an SVG of size `(w, h)` fits `width` × `height`.
fn svg_scale((w, h): (f32, f32), width: f32, height: f32) -> f32 {
    (width / w).min(height.max(1.0) / h).min(MAX_SVG_SCALE)
}

/// Greedy word wrap to `width` points at `size` points in DejaVu Sans.
pub fn wrap(text: &str, size: f32, width: f32, bold: bool) -> Vec<String> {
    let max_em = f64::from(width / size);
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let cand = if cur.is_empty() { word.to_string() } else { format!("{cur} {word}") };
        if cur.is_empty() || text_width_em(&cand, bold) <= max_em {
            cur = cand;
        } else {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

struct Fonts {
    regular: Font,
    bold: Font,
}

fn fill(r: u8, g: u8, b: u8) -> Fill {
    Fill { paint: rgb::Color::new(r, g, b).into(), opacity: NormalizedF32::ONE, rule: Default::default() }
}

/// Size of a `## ` heading paragraph.
const HEADING_PT: f32 = 12.5;

/// One text line: size, bold, text.
type Line = (f32, bool, String);

/// One physical page of a [`Page`]: the lines it shows and, when the chart goes on it, the scale it is
/// drawn at (points per SVG unit).
struct Sheet {
    lines: std::ops::Range<usize>,
    chart: Option<f32>,
}

/// Text scales a page without a chart may shrink to, in turn, when its text runs a little over one
/// sheet (the decisions page): one page at 10 pt reads better than a second page holding two lines.
const FIT_SCALES: [f32; 4] = [0.95, 0.9, 0.85, 0.8];

/// A page's lines and their sheets: at full size, or for a page without a chart that would spill onto
/// a second sheet, at the largest of [`FIT_SCALES`] that fits it on one. Both the drawing and the page
/// numbers other pages cite come from here, so they agree.
fn layout(p: &Page, text_w: f32, page_h: f32) -> (Vec<Line>, Vec<Sheet>) {
    let chart = p.svg.as_deref().map(Graphic::of);
    let lines = lines_of(p, text_w, 1.0);
    let full = sheets(&lines, chart, text_w, page_h);
    if chart.is_some() || full.len() == 1 {
        return (lines, full);
    }
    FIT_SCALES
        .iter()
        .map(|&scale| lines_of(p, text_w, scale))
        .find_map(|l| {
            let s = sheets(&l, None, text_w, page_h);
            (s.len() == 1).then_some((l, s))
        })
        .unwrap_or((lines, full))
}

/// A page's text laid out as lines, body and headings at `scale` times their size (the title keeps its
/// own). A paragraph starting with `## ` is a bold heading.
fn lines_of(p: &Page, text_w: f32, scale: f32) -> Vec<Line> {
    let (body, heading) = (BODY_PT * scale, HEADING_PT * scale);
    let mut lines: Vec<Line> = Vec::new();
    for l in wrap(&p.title, TITLE_PT, text_w, true) {
        lines.push((TITLE_PT, true, l));
    }
    let mut under_heading = false;
    for para in &p.paragraphs {
        if let Some(h) = para.strip_prefix("## ") {
            lines.push((body * 0.6, false, String::new()));
            for l in wrap(h, heading, text_w, true) {
                lines.push((heading, true, l));
            }
            under_heading = true;
            continue;
        }
        // A paragraph right under a `## ` heading needs no gap of its own.
        if !under_heading {
            lines.push((body * 0.5, false, String::new()));
        }
        under_heading = false;
        for l in wrap(para, body, text_w, false) {
            lines.push((body, false, l));
        }
    }
    lines
}

/// Breaks a page's lines (and its chart) into physical pages, as they are drawn. The chart goes below
/// the text when it keeps there [`CHART_MIN_SHARE`] of its scale on a sheet of its own and its smallest
/// text prints at [`MIN_TEXT_PT`] or more (or at least as large as alone); else on the next sheet.
fn sheets(lines: &[Line], chart: Option<Graphic>, text_w: f32, page_h: f32) -> Vec<Sheet> {
    let has_chart = chart.is_some();
    // The chart's scale on a sheet of its own (below the "continued" title), and below text ending at y.
    let top = MARGIN + TITLE_PT * LEADING;
    let scale_below =
        |y: f32| chart.map_or(0.0, |c| svg_scale(c.size, text_w, page_h - MARGIN - (y + CHART_GAP)));
    let alone = scale_below(top);
    let readable = chart.map_or(0.0, |c| (MIN_TEXT_PT / c.min_text_px).min(alone));
    let mut out = Vec::new();
    let mut idx = 0;
    let mut first = true;
    loop {
        let mut y = MARGIN;
        if !first {
            y += TITLE_PT * LEADING;
        }
        let start = idx;
        while idx < lines.len() {
            let size = lines[idx].0;
            if y + size * LEADING > page_h - MARGIN {
                break;
            }
            // At the gap before a paragraph (or a heading with its paragraph) of a few lines: when it does
            // not fit below, it starts the next sheet whole rather than split.
            if lines[idx].2.is_empty() && idx > start {
                let end =
                    lines[idx + 1..].iter().position(|l| l.2.is_empty()).map_or(lines.len(), |k| idx + 1 + k);
                let height: f32 = lines[idx..end].iter().map(|l| l.0 * LEADING).sum();
                if end - idx <= KEEP_TOGETHER_LINES && y + height > page_h - MARGIN {
                    break;
                }
            }
            y += size * LEADING;
            idx += 1;
        }
        let text_done = idx >= lines.len();
        let below = scale_below(y);
        let fits = below >= CHART_MIN_SHARE * alone && below >= readable;
        let chart = (text_done && has_chart && (fits || y <= top)).then_some(below);
        out.push(Sheet { lines: start..idx, chart });
        first = false;
        if text_done && (chart.is_some() || !has_chart) {
            return out;
        }
        if idx == start && !text_done {
            // A line taller than the page: draw it anyway rather than loop.
            idx += 1;
        }
    }
}

/// The page number (from 1) on which each of `pages` starts in the PDF made by [`report_pdf_bytes`],
/// so one page can refer to another.
pub fn first_page_numbers(pages: &[Page], paper: Paper) -> Vec<usize> {
    let (page_w, page_h) = paper.size();
    let mut n = 1;
    pages
        .iter()
        .map(|p| {
            let at = n;
            n += layout(p, page_w - 2.0 * MARGIN, page_h).1.len();
            at
        })
        .collect()
}

/// The scale (points per SVG unit) at which each of `pages` draws its SVG in the PDF made by
/// [`report_pdf_bytes`], `None` for a page without one: a chart's smallest text prints at its
/// [`min_text_px`] times this.
pub fn svg_scales(pages: &[Page], paper: Paper) -> Vec<Option<f32>> {
    let (page_w, page_h) = paper.size();
    pages.iter().map(|p| layout(p, page_w - 2.0 * MARGIN, page_h).1.iter().find_map(|s| s.chart)).collect()
}

/// The report PDF as bytes.
pub fn report_pdf_bytes(pages: &[Page], paper: Paper) -> anyhow::Result<Vec<u8>> {
    let (page_w, page_h) = paper.size();
    let fonts = Fonts {
        regular: Font::new(dejavu::sans::regular().into(), 0)
            .ok_or_else(|| anyhow!("cannot load DejaVu Sans"))?,
        bold: Font::new(dejavu::sans::bold().into(), 0)
            .ok_or_else(|| anyhow!("cannot load DejaVu Sans Bold"))?,
    };
    let mut doc = Document::new();
    let empty = [Page { title: "Report".to_string(), ..Page::default() }];
    let pages = if pages.is_empty() { &empty[..] } else { pages };
    let settings = || PageSettings::from_wh(page_w, page_h).ok_or_else(|| anyhow!("invalid page size"));
    let text_w = page_w - 2.0 * MARGIN;
    let mut number = 0usize;
    for p in pages {
        let tree = match &p.svg {
            Some(svg) => Some(parse_svg(svg)?),
            None => None,
        };
        let (lines, laid) = layout(p, text_w, page_h);
        for (k, sheet) in laid.into_iter().enumerate() {
            let mut page = doc.start_page_with(settings()?);
            let mut surface = page.surface();
            number += 1;
            let label = format!("hirecal · page {number}");
            let lw = text_width_em(&label, false) as f32 * 8.0;
            surface.set_fill(Some(fill(120, 120, 120)));
            surface.draw_text(
                Point::from_xy(page_w - MARGIN - lw, page_h - MARGIN / 2.0),
                fonts.regular.clone(),
                8.0,
                &label,
                false,
                TextDirection::Auto,
            );
            let mut y = MARGIN;
            if k > 0 {
                y = draw_line(&mut surface, &fonts, y, TITLE_PT, true, &format!("{} (continued)", p.title));
            }
            for (size, b, l) in &lines[sheet.lines] {
                y = draw_line(&mut surface, &fonts, y, *size, *b, l);
            }
            if let (Some(scale), Some(t)) = (sheet.chart, &tree) {
                let (w, h) = (t.size().width() * scale, t.size().height() * scale);
                if let Some(size) = Size::from_wh(w, h) {
                    let x = MARGIN + (text_w - w) / 2.0;
                    surface.push_transform(&krilla::geom::Transform::from_translate(x, y + CHART_GAP));
                    surface.draw_svg(t, size, SvgSettings::default());
                    surface.pop();
                }
            }
            surface.finish();
            page.finish();
        }
    }
    doc.finish().map_err(|e| anyhow!("could not write the PDF report: {e:?}"))
}

/// Draws one line of text whose top is at `y`; returns the y below it.
fn draw_line(surface: &mut Surface<'_>, fonts: &Fonts, y: f32, size: f32, bold: bool, text: &str) -> f32 {
    if !text.is_empty() {
        let font = if bold { fonts.bold.clone() } else { fonts.regular.clone() };
        surface.set_fill(Some(if bold { fill(0, 0, 0) } else { fill(40, 40, 40) }));
        surface.draw_text(Point::from_xy(MARGIN, y + size), font, size, text, false, TextDirection::Auto);
    }
    y + size * LEADING
}

#[cfg(test)]
mod tests {
    use super::super::charts::{PanelReliabilityData, QuadrantData, QuadrantPoint};
    use super::super::render::{svg_string, testutil};
    use super::*;

    /// Counts "/Type /Page" (with or without the space) not followed by "s".
    fn count_pages(pdf: &[u8]) -> usize {
        [&b"/Type /Page"[..], &b"/Type/Page"[..]]
            .iter()
            .map(|needle| {
                pdf.windows(needle.len() + 1)
                    .filter(|w| &w[..needle.len()] == *needle && w[needle.len()] != b's')
                    .count()
            })
            .sum()
    }

    #[test]
    fn wraps_to_width() {
        let text =
            "Which interview questions predict job performance, and which interviewers are miscalibrated? \
                    This paragraph is long enough to wrap onto several lines.";
        let lines = wrap(text, 11.0, 200.0, false);
        assert!(lines.len() >= 3);
        for l in &lines {
            assert!(text_width_em(l, false) * 11.0 <= 200.0 || !l.contains(' '));
        }
        assert!(wrap("", 11.0, 200.0, false).is_empty());
    }

    /// A Spearman–Brown curve for the pages with a chart.
    fn reliability() -> PanelReliabilityData {
        PanelReliabilityData {
            icc_single: Some(0.4),
            curve: (1..=10).map(|k| (k as f64, k as f64 * 0.4 / (1.0 + (k as f64 - 1.0) * 0.4))).collect(),
            band: None,
            current_panel_size: Some(4.0),
            now: Some(0.73),
            target: 0.8,
            k_needed: Some(6.0),
            k_max: 10,
        }
    }

    /// A text page a little over one sheet shrinks onto one; a page far over, or one with a chart, keeps
    /// its size and spills; the page numbers other pages cite count the same sheets.
    #[test]
    fn a_text_page_slightly_too_long_fits_on_one_sheet() {
        let (w, h) = Paper::A4.size();
        let text_w = w - 2.0 * MARGIN;
        let para = "Calibrate: lenient, scores above peers · I0069 +0.50 (CI +0.42 to +0.59), 157 scorecards"
            .to_string();
        let page = |n: usize, svg: Option<String>| Page {
            title: "Decisions".into(),
            paragraphs: vec![para.clone(); n],
            svg,
        };
        // The most paragraphs that fit at full size.
        let fits = (1..200)
            .take_while(|&n| sheets(&lines_of(&page(n, None), text_w, 1.0), None, text_w, h).len() == 1)
            .last()
            .unwrap();
        let (lines, laid) = layout(&page(fits + 2, None), text_w, h);
        assert_eq!(laid.len(), 1, "two paragraphs over one sheet fit when shrunk");
        let body = lines.iter().filter(|l| !l.1 && !l.2.is_empty()).map(|l| l.0).fold(f32::MAX, f32::min);
        assert!((BODY_PT * 0.8..BODY_PT).contains(&body), "{body}");
        let (lines, laid) = layout(&page(fits, None), text_w, h);
        assert_eq!(laid.len(), 1);
        assert!(
            lines.iter().all(|l| l.0 == TITLE_PT || l.2.is_empty() || l.0 == BODY_PT),
            "what fits is not shrunk"
        );
        assert!(layout(&page(fits * 2, None), text_w, h).1.len() > 1, "far too long: spills at full size");
        let chart = svg_string(&reliability()).expect("svg");
        assert!(
            layout(&page(fits + 2, Some(chart.clone())), text_w, h).1.len() > 1,
            "a chart page never shrinks"
        );
        let numbers =
            first_page_numbers(&[page(fits + 2, None), page(fits * 2, None), page(1, None)], Paper::A4);
        let spill = layout(&page(fits * 2, None), text_w, h).1.len();
        assert_eq!(numbers, vec![1, 2, 2 + spill]);
        let pdf = report_pdf_bytes(&[page(fits + 2, None), page(1, Some(chart))], Paper::A4).expect("pdf");
        assert_eq!(count_pages(&pdf), 2);
    }

    /// Paragraphs of a few lines are never split across sheets: every sheet after the first starts at
    /// a paragraph's gap, so each paragraph is whole on one sheet.
    #[test]
    fn short_paragraphs_are_not_split_across_sheets() {
        let (w, h) = Paper::Letter.size();
        let text_w = w - 2.0 * MARGIN;
        let para =
            "Krippendorff's alpha: how well interviewers agree on the same candidates, corrected for the \
                    agreement chance would give: 1 = perfect agreement, 0 = no better than chance. "
                .repeat(3);
        let page = Page { title: "Terms".into(), paragraphs: vec![para; 40], svg: None };
        let lines = lines_of(&page, text_w, 1.0);
        let sheets = sheets(&lines, None, text_w, h);
        assert!(sheets.len() >= 3, "{} sheets", sheets.len());
        for s in &sheets[1..] {
            assert!(
                lines[s.lines.start].2.is_empty(),
                "a sheet starts inside a paragraph: {:?}",
                lines[s.lines.start]
            );
        }
    }

    /// A tall chart under much text moves to the next sheet rather than shrink below
    /// [`CHART_MIN_SHARE`] of its size alone; a wide one under the same text stays; tables are never
    /// enlarged.
    #[test]
    fn a_chart_goes_below_the_text_only_when_it_stays_readable() {
        let (w, h) = Paper::A4.size();
        let text_w = w - 2.0 * MARGIN;
        let page = |n: usize| Page {
            title: "Leniency".into(),
            paragraphs: vec![
                "Interviewer I0061 scores 0.54 points below peers who ran the same interview."
                    .into();
                n
            ],
            svg: None,
        };
        let lines = lines_of(&page(11), text_w, 1.0);
        let chart = |w: f32, h: f32| Some(Graphic { size: (w, h), min_text_px: 100.0 });
        let tall = sheets(&lines, chart(1600.0, 1500.0), text_w, h);
        assert_eq!(
            tall.iter().map(|s| s.chart.is_some()).collect::<Vec<_>>(),
            [false, true],
            "tall: next sheet"
        );
        assert_eq!(tall[1].lines, lines.len()..lines.len(), "the second sheet holds the chart alone");
        let wide = sheets(&lines, chart(1600.0, 400.0), text_w, h);
        assert_eq!(wide.len(), 1, "a wide chart fits under the text at its full width");
        assert!(wide[0].chart.is_some());
        // Under no text a chart always stays, whatever its shape.
        assert!(sheets(&lines_of(&page(0), text_w, 1.0), chart(200.0, 5000.0), text_w, h)[0].chart.is_some());
        assert_eq!(svg_scale((300.0, 100.0), text_w, 400.0), MAX_SVG_SCALE, "a small table keeps its size");
        assert!((svg_scale((1600.0, 1000.0), text_w, 1000.0) - text_w / 1600.0).abs() < 1e-6);
    }

    /// Below text, a chart keeps its place only while its smallest text prints at [`MIN_TEXT_PT`]:
    /// text that [`CHART_MIN_SHARE`] alone would let stay above a chart of small type sends the chart
    /// to the next sheet.
    #[test]
    fn a_chart_goes_below_the_text_only_while_its_smallest_text_prints_at_7_pt() {
        for paper in [Paper::A4, Paper::Letter] {
            let (w, h) = paper.size();
            let text_w = w - 2.0 * MARGIN;
            let page = |n: usize| Page {
                title: "Drift".into(),
                paragraphs: vec!["Leniency by quarter for the interviewers flagged as drifting.".into(); n],
                svg: None,
            };
            let graphic = |px: f32| Some(Graphic { size: (1600.0, 1000.0), min_text_px: px });
            let mut moved = 0;
            for n in 0..12 {
                let lines = lines_of(&page(n), text_w, 1.0);
                let loose = sheets(&lines, graphic(100.0), text_w, h);
                let strict = sheets(&lines, graphic(16.0), text_w, h);
                let scale = strict.iter().find_map(|s| s.chart).expect("the chart is drawn");
                assert!(16.0 * scale >= MIN_TEXT_PT - 1e-4, "{paper:?}, {n} paragraphs: {scale}");
                moved += usize::from(loose.len() == 1 && strict.len() == 2);
            }
            assert!(moved > 0, "{paper:?}: small type never moved a chart");
        }
    }

    /// A table's font size is read from its SVG; a chart's text is outlines, so the charts' minimum
    /// stands in; plotters' own SVG gives its smallest font.
    #[test]
    fn reads_the_smallest_font_size() {
        let table = super::super::svg_table::table_svg(&["a".into()], &[vec!["1".into()]], 10);
        assert_eq!(min_text_px(&table), 12.0);
        let chart = svg_string(&reliability()).expect("svg");
        assert_eq!(min_text_px(&chart), super::super::charts::MIN_TEXT_EM_PX as f32);
        let raw = super::super::render::svg_raw(&reliability()).expect("svg");
        assert!((min_text_px(&raw) - super::super::charts::MIN_TEXT_EM_PX as f32).abs() < 1e-3);
        assert_eq!(min_text_px("<svg font-size=\"9px\"><text font-size=\"14\">x</text></svg>"), 9.0);
    }

    #[test]
    fn writes_multi_page_report() {
        let chart = reliability();
        let quad = QuadrantData {
            outcome: "perf".into(),
            points: vec![QuadrantPoint {
                label: "Q1".into(),
                auc: Some(0.7),
                validity: Some(-0.1),
                validity_ci: Some((-0.2, 0.0)),
                warning: true,
            }],
            y_split: 0.0,
            auc_threshold: 0.7,
            upper_threshold: 0.1,
            level: "95%".into(),
        };
        let pages = vec![
            Page {
                title: "Summary".into(),
                paragraphs: vec![
                    "The panel score predicts performance (corrected r = .31).".into(),
                    "Two interviewers are lenient; see page 3.".into(),
                ],
                svg: None,
            },
            Page {
                title: "Panel reliability".into(),
                paragraphs: vec!["Six interviews reach .80.".into()],
                svg: Some(svg_string(&chart).expect("svg")),
            },
            Page {
                title: "Questions".into(),
                paragraphs: vec![],
                svg: Some(svg_string(&quad).expect("svg")),
            },
        ];
        let pdf = report_pdf_bytes(&pages, Paper::A4).expect("pdf");
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(count_pages(&pdf), 3);
        assert!(testutil::contains(&pdf, b"DejaVu"), "font not embedded");
        // Long text flows onto a continuation page.
        let long = vec![Page { title: "Long".into(), paragraphs: vec!["word ".repeat(4000)], svg: None }];
        let bytes = report_pdf_bytes(&long, Paper::Letter).expect("pdf");
        assert!(count_pages(&bytes) >= 2);
        // Page numbers for references agree with the pages written.
        let mut mixed = long.clone();
        mixed.extend(pages.iter().cloned());
        let firsts = first_page_numbers(&mixed, Paper::Letter);
        let total = count_pages(&report_pdf_bytes(&mixed, Paper::Letter).expect("pdf"));
        assert_eq!(firsts[0], 1);
        assert_eq!(firsts[1], count_pages(&bytes) + 1);
        assert_eq!(total, firsts[3], "the last section is one page");
        assert_eq!(firsts[2] + 1, firsts[3], "one-page sections follow each other");
        // No pages still makes a valid one-page PDF.
        assert_eq!(count_pages(&report_pdf_bytes(&[], Paper::A4).expect("pdf")), 1);
        // Letter pages are 792 × 612 points.
        assert!(testutil::contains(&bytes, b"612"), "letter media box");
    }
}
