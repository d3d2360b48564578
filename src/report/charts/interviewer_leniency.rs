//! Caterpillar plot of interviewer leniency (score points relative to the peer group) with intervals
//! and the shrunk (empirical Bayes) estimate, sorted within peer groups; flagged interviewers highlighted.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::render::{Chart, ChartError};
use super::{
    anchored, bold, draw_header, draw_legend, draw_no_data, finite, finite_pair, fit_label, fmt_num, font,
    padded_range, palette, rel, Mark, AXIS_DESC_SIZE, LABEL_SIZE, LEFT,
};

/// One interviewer.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LeniencyRow {
    /// Interviewer id or name.
    pub interviewer: String,
    /// Peer group the leniency is relative to (its label, e.g. "System Design: Q1–Q3").
    pub peer_group: String,
    /// Leniency in score points (positive = lenient).
    pub leniency: Option<f64>,
    /// Interval of the leniency (at the run's confidence level).
    pub ci: Option<(f64, f64)>,
    /// Shrunk (empirical Bayes) leniency.
    pub shrunk: Option<f64>,
    /// Whether the interviewer is flagged `lenient` or `harsh`.
    pub flagged: bool,
}

/// Data for the leniency caterpillar plot.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LeniencyData {
    /// The intervals' confidence level as a label (`95%`, from `[analysis] confidence`).
    pub level: String,
    /// The interviewers to draw, chosen by the caller (the report: those its interviewer table lists).
    pub rows: Vec<LeniencyRow>,
    /// Which interviewers `rows` are, for the subtitle when they are not all (e.g. "The 40
    /// interviewers of the report's table (of 136): flagged first, then the largest shrunk leniency.").
    pub selection: Option<String>,
}

/// The rows to draw: groups in name order, rows sorted by leniency (most lenient first).
#[derive(Debug, Clone, serde::Serialize)]
pub struct PreparedLeniency {
    /// (peer group, rows).
    pub groups: Vec<(String, Vec<LeniencyRow>)>,
    /// Interviewers without a finite estimate.
    pub missing: usize,
}

/// One line of the chart: a peer group's heading (`true` when it continues a group from the column
/// before) or an interviewer.
#[derive(Debug, Clone, Copy)]
enum Line<'a> {
    Group(&'a str, bool),
    Row(&'a LeniencyRow),
}

impl LeniencyData {
    /// Data drawing every row of `rows`; `level` labels the intervals (`95%`).
    pub fn new(rows: Vec<LeniencyRow>, level: String) -> Self {
        Self { level, rows, selection: None }
    }

    /// The same data, saying in the subtitle which interviewers the rows are.
    pub fn with_selection(self, selection: String) -> Self {
        Self { selection: Some(selection), ..self }
    }

    /// Groups and sorts the rows to draw (those with a finite estimate).
    pub fn prepare(&self) -> PreparedLeniency {
        let valid: Vec<&LeniencyRow> = self.rows.iter().filter(|r| finite(r.leniency).is_some()).collect();
        let missing = self.rows.len() - valid.len();
        let mut names: Vec<String> = valid.iter().map(|r| r.peer_group.clone()).collect();
        names.sort();
        names.dedup();
        let groups = names
            .into_iter()
            .map(|g| {
                let mut rows: Vec<LeniencyRow> =
                    valid.iter().filter(|r| r.peer_group == g).map(|r| (*r).clone()).collect();
                rows.sort_by(|a, b| b.leniency.unwrap_or(0.0).total_cmp(&a.leniency.unwrap_or(0.0)));
                (g, rows)
            })
            .collect();
        PreparedLeniency { groups, missing }
    }

    /// The prepared rows as lines in columns (see [`super::row_columns`]): a group heading above each
    /// group when there are several, repeated as "continued" atop a column a group runs into, and never
    /// left alone at the foot of a column.
    fn columns(p: &PreparedLeniency) -> Vec<Vec<Line<'_>>> {
        let headers = p.groups.len() > 1;
        let mut lines = Vec::new();
        for (g, rows) in &p.groups {
            if headers {
                lines.push(Line::Group(g.as_str(), false));
            }
            lines.extend(rows.iter().map(Line::Row));
        }
        let k = super::row_columns(lines.len());
        // The fewest lines per column that fits the lines (with the repeated headings) in k columns.
        (lines.len().div_ceil(k).max(1)..)
            .map(|per| split_lines(&lines, per, headers))
            .find(|cols| cols.len() <= k)
            .unwrap_or_default()
    }
}

/// Splits `lines` into columns of at most `per` lines (at least 2 when `headers`).
fn split_lines<'a>(lines: &[Line<'a>], per: usize, headers: bool) -> Vec<Vec<Line<'a>>> {
    let per = per.max(if headers { 2 } else { 1 });
    let mut cols: Vec<Vec<Line<'a>>> = vec![Vec::new()];
    let mut group = "";
    for &line in lines {
        let len = cols.last().map_or(0, Vec::len);
        // A heading needs a row under it in the same column.
        let full = len >= per || (matches!(line, Line::Group(..)) && len + 1 >= per);
        if full {
            cols.push(Vec::new());
            if let (true, Line::Row(_)) = (headers, line) {
                cols.last_mut().into_iter().for_each(|c| c.push(Line::Group(group, true)));
            }
        }
        if let Line::Group(g, _) = line {
            group = g;
        }
        cols.last_mut().into_iter().for_each(|c| c.push(line));
    }
    cols.retain(|c| !c.is_empty());
    cols
}

impl Chart for LeniencyData {
    fn name(&self) -> &'static str {
        "interviewer_leniency"
    }

    fn size(&self) -> (u32, u32) {
        let p = self.prepare();
        let per = Self::columns(&p).iter().map(Vec::len).max().unwrap_or(0);
        (1600, super::row_chart_height(per))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let title = "Interviewer leniency relative to peers";
        let p = self.prepare();
        if p.groups.is_empty() {
            return draw_no_data(area, title, "No interviewer has a leniency estimate.");
        }
        let mut sub = format!(
            "Average score given relative to interviewers asking the same questions, in score points, \
             with {} intervals.",
            self.level
        );
        if let Some(s) = &self.selection {
            sub.push(' ');
            sub.push_str(s);
        }
        if p.missing > 0 {
            sub.push_str(&format!(" {} without an estimate not shown.", p.missing));
        }
        let body = draw_header(area, title, &sub)?;
        let (band, plot) = body.split_vertically(50);
        draw_legend(
            &band,
            (LEFT, 22),
            &[
                (Mark::Filled(palette::BLUE), "leniency".to_string()),
                (Mark::Filled(palette::VERMILLION), "flagged lenient / harsh".to_string()),
                (Mark::Hollow(palette::BLACK), "shrunk estimate".to_string()),
            ],
        )?;
        let vals = p.groups.iter().flat_map(|g| g.1.iter()).flat_map(|r| {
            let (a, b) = finite_pair(r.ci).unwrap_or((f64::NAN, f64::NAN));
            [finite(r.leniency).unwrap_or(f64::NAN), a, b, finite(r.shrunk).unwrap_or(f64::NAN)]
        });
        let range = padded_range(vals, &[0.0], 0.05);
        let columns = Self::columns(&p);
        let per = columns.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let areas = plot.split_evenly((1, columns.len()));
        for (lines, column) in columns.iter().zip(&areas) {
            draw_column(area, column, lines, range, per, columns.len() > 1)?;
        }
        Ok(())
    }
}

/// Draws one column of lines on `column` (a part of the chart's `area`), `per` line slots tall, over
/// the x range shared by all columns; `narrow` when there are several columns.
fn draw_column<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    column: &DrawingArea<DB, Shift>,
    lines: &[Line<'_>],
    (x0, x1): (f64, f64),
    per: usize,
    narrow: bool,
) -> Result<(), ChartError> {
    let label_w: u32 = if narrow { 230 } else { 330 };
    let mut chart = ChartBuilder::on(column)
        .margin_left(10)
        .margin_right(if narrow { 40 } else { 60 })
        .margin_bottom(16)
        .x_label_area_size(80)
        .y_label_area_size(label_w)
        .build_cartesian_2d(x0..x1, -0.6..(per as f64 - 0.4))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(if narrow { 6 } else { 10 })
        .x_label_formatter(&|v| fmt_num(*v, 2))
        .x_desc(if narrow {
            "Leniency (score points; + = higher than peers)"
        } else {
            "Leniency (score points; positive = scores higher than peers)"
        })
        .axis_desc_style(font(AXIS_DESC_SIZE))
        .label_style(font(LABEL_SIZE))
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(palette::LIGHT)
        .draw()?;
    let px = |x: f64, y: f64| rel(area, chart.backend_coord(&(x, y)));
    let (plot_left, top) = px(x0, per as f64 - 0.4);
    let (plot_right, bottom) = px(x1, -0.6);
    let (zx, _) = px(0.0, 0.0);
    area.draw(&PathElement::new(vec![(zx, top), (zx, bottom)], palette::BLACK.stroke_width(2)))?;
    let col_left = rel(area, column.get_base_pixel()).0 + LEFT;
    let row_size = super::MIN_TEXT_PX;
    for (i, line) in lines.iter().enumerate() {
        let y = (per - 1 - i) as f64;
        let (_, py) = px(x0, y);
        let r = match line {
            Line::Group(group, continued) => {
                if i > 0 {
                    let (_, sy) = px(x0, y + 0.5);
                    area.draw(&PathElement::new(
                        vec![(col_left, sy), (plot_right, sy)],
                        palette::LIGHT.stroke_width(2),
                    ))?;
                }
                // A heading row holds no data: its text may run on over the plot, on a white patch.
                let name = if *continued { format!("{group} (continued)") } else { group.to_string() };
                let text = fit_label(&name, 20.0, f64::from(plot_right - col_left - 10), true);
                let w = super::super::render::text_width_px(&text, 20.0, true).ceil() as i32;
                area.draw(&Rectangle::new(
                    [(col_left - 4, py - 13), (col_left + w + 6, py + 13)],
                    WHITE.filled(),
                ))?;
                area.draw_text(&text, &anchored(bold(20.0), HPos::Left, VPos::Center), (col_left, py))?;
                continue;
            }
            Line::Row(r) => r,
        };
        let col = if r.flagged { palette::VERMILLION } else { palette::BLUE };
        let text = fit_label(&r.interviewer, row_size, f64::from(label_w) - 60.0, false);
        let style = if r.flagged { bold(row_size).color(&palette::VERMILLION) } else { font(row_size) };
        area.draw_text(&text, &anchored(style, HPos::Right, VPos::Center), (plot_left - 12, py))?;
        if let Some((a, b)) = finite_pair(r.ci) {
            let (pa, _) = px(a, y);
            let (pb, _) = px(b, y);
            area.draw(&PathElement::new(vec![(pa, py), (pb, py)], col.stroke_width(3)))?;
        }
        if let Some(v) = finite(r.leniency) {
            area.draw(&Circle::new(px(v, y), 6, col.filled()))?;
        }
        if let Some(s) = finite(r.shrunk) {
            area.draw(&Circle::new(px(s, y), 5, palette::BLACK.stroke_width(2)))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::super::render::testutil::check_chart;
    use super::*;

    fn rows(n: usize) -> Vec<LeniencyRow> {
        (0..n)
            .map(|i| {
                let v = ((i * 37 % 101) as f64 / 101.0 - 0.5) * 1.2;
                let se = 0.1 + (i % 5) as f64 * 0.03;
                LeniencyRow {
                    interviewer: if i == 7 {
                        "Alexandra Konstantinopoulou-Vandenberghe".into()
                    } else {
                        format!("interviewer_{i:03}")
                    },
                    peer_group: format!("{}", i % 4 + 1),
                    leniency: Some(v),
                    ci: Some((v - 1.96 * se, v + 1.96 * se)),
                    shrunk: Some(v * 0.7),
                    flagged: v.abs() > 1.96 * se && v.abs() > 0.3,
                }
            })
            .collect()
    }

    #[test]
    fn groups_sorts_and_counts_the_missing() {
        let mut r = rows(200);
        r.push(LeniencyRow {
            interviewer: "nan".into(),
            peer_group: "1".into(),
            leniency: Some(f64::NAN),
            ci: None,
            shrunk: None,
            flagged: true,
        });
        let p = LeniencyData::new(r, "95%".into()).prepare();
        assert_eq!(p.groups.iter().map(|g| g.1.len()).sum::<usize>(), 200, "every row given is drawn");
        assert_eq!(p.missing, 1);
        assert_eq!(p.groups.iter().map(|g| g.0.as_str()).collect::<Vec<_>>(), ["1", "2", "3", "4"]);
        for (_, g) in &p.groups {
            assert!(g.windows(2).all(|w| w[0].leniency >= w[1].leniency));
        }
    }

    /// Many rows go into columns that keep the chart short enough for a PDF page; every row appears
    /// once, in order; a group running into the next column is headed again there, and no heading is
    /// left alone at the foot of a column.
    #[test]
    fn many_rows_go_into_columns_with_their_group_headings() {
        for n in [10, 40, 60, 84, 200] {
            let d = LeniencyData::new(rows(n), "95%".into());
            let p = d.prepare();
            let cols = LeniencyData::columns(&p);
            let lines = n + p.groups.len();
            assert_eq!(cols.len(), super::super::row_columns(lines), "{n} rows");
            let drawn: Vec<&str> = cols
                .iter()
                .flatten()
                .filter_map(|l| if let Line::Row(r) = l { Some(r.interviewer.as_str()) } else { None })
                .collect();
            let given: Vec<&str> =
                p.groups.iter().flat_map(|g| g.1.iter()).map(|r| r.interviewer.as_str()).collect();
            assert_eq!(drawn, given, "{n} rows");
            for c in &cols {
                assert!(matches!(c[0], Line::Group(..)), "a column starts with its group's heading");
                assert!(matches!(c[c.len() - 1], Line::Row(_)), "a heading alone at a column's foot");
            }
            for w in cols.windows(2) {
                let continues =
                    matches!(w[0].last(), Some(Line::Row(_))) && matches!(w[1][0], Line::Group(_, true));
                let starts = matches!(w[1][0], Line::Group(_, false));
                assert!(continues || starts);
            }
            if lines <= 3 * 28 {
                assert!(d.size().1 <= super::super::MAX_ROW_CHART_HEIGHT, "{n} rows: {:?}", d.size());
            }
        }
    }

    #[test]
    fn writes_all_formats() {
        check_chart(&LeniencyData::new(rows(40), "95%".into()).with_selection("The 40 of the table.".into()));
        check_chart(&LeniencyData::new(rows(200), "95%".into()));
        check_chart(&LeniencyData::new(vec![], "95%".into()));
    }
}
