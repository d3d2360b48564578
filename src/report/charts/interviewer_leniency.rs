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
    /// One row per interviewer.
    pub rows: Vec<LeniencyRow>,
    /// Most rows drawn (the most extreme are kept, flagged ones first); 40 is readable.
    pub max_rows: usize,
}

/// The rows to draw: groups in name order, rows sorted by leniency (most lenient first).
#[derive(Debug, Clone, serde::Serialize)]
pub struct PreparedLeniency {
    /// (peer group, rows).
    pub groups: Vec<(String, Vec<LeniencyRow>)>,
    /// Interviewers with an estimate left out because of `max_rows`.
    pub omitted: usize,
    /// Interviewers without a finite estimate.
    pub missing: usize,
}

impl LeniencyData {
    /// Data with the default cap of 40 rows; `level` labels the intervals (`95%`).
    pub fn new(rows: Vec<LeniencyRow>, level: String) -> Self {
        Self { level, rows, max_rows: 40 }
    }

    /// Selects, groups and sorts the rows to draw.
    pub fn prepare(&self) -> PreparedLeniency {
        let valid: Vec<&LeniencyRow> = self.rows.iter().filter(|r| finite(r.leniency).is_some()).collect();
        let missing = self.rows.len() - valid.len();
        let cap = self.max_rows.max(1);
        let mut chosen: Vec<&LeniencyRow> = valid.clone();
        if chosen.len() > cap {
            // Flagged first, then by |leniency|, largest first.
            chosen.sort_by(|a, b| {
                b.flagged.cmp(&a.flagged).then_with(|| {
                    let (x, y) = (a.leniency.unwrap_or(0.0).abs(), b.leniency.unwrap_or(0.0).abs());
                    y.total_cmp(&x)
                })
            });
            chosen.truncate(cap);
        }
        let omitted = valid.len() - chosen.len();
        let mut names: Vec<String> = chosen.iter().map(|r| r.peer_group.clone()).collect();
        names.sort();
        names.dedup();
        let groups = names
            .into_iter()
            .map(|g| {
                let mut rows: Vec<LeniencyRow> =
                    chosen.iter().filter(|r| r.peer_group == g).map(|r| (*r).clone()).collect();
                rows.sort_by(|a, b| b.leniency.unwrap_or(0.0).total_cmp(&a.leniency.unwrap_or(0.0)));
                (g, rows)
            })
            .collect();
        PreparedLeniency { groups, omitted, missing }
    }

    fn line_count(&self) -> usize {
        let p = self.prepare();
        p.groups.iter().map(|g| g.1.len() + usize::from(p.groups.len() > 1)).sum()
    }
}

impl Chart for LeniencyData {
    fn name(&self) -> &'static str {
        "interviewer_leniency"
    }

    fn size(&self) -> (u32, u32) {
        (1600, (340 + 26 * self.line_count() as u32).clamp(1000, 4000))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let title = "Interviewer leniency relative to peers";
        let p = self.prepare();
        if p.groups.is_empty() {
            return draw_no_data(area, title, "No interviewer has a leniency estimate.");
        }
        let shown: usize = p.groups.iter().map(|g| g.1.len()).sum();
        let mut sub = format!(
            "Average score given relative to interviewers asking the same questions, in score points, \
             with {} intervals.",
            self.level
        );
        if p.omitted > 0 {
            sub.push_str(&format!(
                " Showing the {shown} most extreme of {} interviewers (those flagged lenient or harsh first).",
                shown + p.omitted
            ));
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
        let headers = p.groups.len() > 1;
        let n = p.groups.iter().map(|g| g.1.len() + usize::from(headers)).sum::<usize>().max(1);
        let vals = p.groups.iter().flat_map(|g| g.1.iter()).flat_map(|r| {
            let (a, b) = finite_pair(r.ci).unwrap_or((f64::NAN, f64::NAN));
            [finite(r.leniency).unwrap_or(f64::NAN), a, b, finite(r.shrunk).unwrap_or(f64::NAN)]
        });
        let (x0, x1) = padded_range(vals, &[0.0], 0.05);
        let label_w: u32 = 330;
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(10)
            .margin_right(60)
            .margin_bottom(16)
            .x_label_area_size(80)
            .y_label_area_size(label_w)
            .build_cartesian_2d(x0..x1, -0.6..(n as f64 - 0.4))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(10)
            .x_label_formatter(&|v| fmt_num(*v, 2))
            .x_desc("Leniency (score points; positive = scores higher than peers)")
            .axis_desc_style(font(AXIS_DESC_SIZE))
            .label_style(font(LABEL_SIZE))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(palette::LIGHT)
            .draw()?;
        let px = |x: f64, y: f64| rel(area, chart.backend_coord(&(x, y)));
        let (plot_left, top) = px(x0, n as f64 - 0.4);
        let (plot_right, bottom) = px(x1, -0.6);
        let (zx, _) = px(0.0, 0.0);
        area.draw(&PathElement::new(vec![(zx, top), (zx, bottom)], palette::BLACK.stroke_width(2)))?;
        let row_size = if n > 45 { 16.0 } else { 18.0 };
        let mut line = 0usize;
        for (gi, (group, rows)) in p.groups.iter().enumerate() {
            if headers {
                let y = (n - 1 - line) as f64;
                if gi > 0 {
                    let (_, sy) = px(x0, y + 0.5);
                    area.draw(&PathElement::new(
                        vec![(LEFT, sy), (plot_right, sy)],
                        palette::LIGHT.stroke_width(2),
                    ))?;
                }
                let text = fit_label(group, 20.0, f64::from(label_w) - 10.0, true);
                area.draw_text(&text, &anchored(bold(20.0), HPos::Left, VPos::Center), (LEFT, px(x0, y).1))?;
                line += 1;
            }
            for r in rows {
                let y = (n - 1 - line) as f64;
                line += 1;
                let col = if r.flagged { palette::VERMILLION } else { palette::BLUE };
                let (_, py) = px(x0, y);
                let text = fit_label(&r.interviewer, row_size, f64::from(label_w) - 60.0, false);
                let style =
                    if r.flagged { bold(row_size).color(&palette::VERMILLION) } else { font(row_size) };
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
                    let c = px(s, y);
                    area.draw(&Circle::new(c, 5, palette::BLACK.stroke_width(2)))?;
                }
            }
        }
        Ok(())
    }
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
    fn caps_sorts_and_keeps_flagged() {
        let mut r = rows(200);
        r.push(LeniencyRow {
            interviewer: "nan".into(),
            peer_group: "1".into(),
            leniency: Some(f64::NAN),
            ci: None,
            shrunk: None,
            flagged: true,
        });
        let d = LeniencyData::new(r.clone(), "95%".into());
        let p = d.prepare();
        let shown: usize = p.groups.iter().map(|g| g.1.len()).sum();
        assert_eq!(shown, 40);
        assert_eq!(p.omitted, 160);
        assert_eq!(p.missing, 1);
        for (_, g) in &p.groups {
            assert!(g.windows(2).all(|w| w[0].leniency >= w[1].leniency));
        }
        let flagged_total = r.iter().filter(|x| x.flagged && x.leniency.is_some_and(f64::is_finite)).count();
        let flagged_shown = p.groups.iter().flat_map(|g| g.1.iter()).filter(|x| x.flagged).count();
        assert_eq!(flagged_shown, flagged_total.min(40));
    }

    #[test]
    fn writes_all_formats() {
        check_chart(&LeniencyData::new(rows(40), "95%".into()));
        check_chart(&LeniencyData::new(rows(200), "95%".into()));
        check_chart(&LeniencyData::new(vec![], "95%".into()));
    }
}
