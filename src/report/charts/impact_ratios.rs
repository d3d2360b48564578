//! Impact ratios by group (selection rate over the reference group's) with their log-method intervals,
//! against the four-fifths line (0.80) and parity (1.0). One row per (column, stage, group) that is not
//! the reference and not suppressed; suppressed groups are only counted in the subtitle.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::render::{Chart, ChartError};
use super::{
    anchored, bold, dashed_line, draw_header, draw_legend, draw_no_data, finite, finite_pair, fmt_num, font,
    palette, rel, Mark, AXIS_DESC_SIZE, LABEL_SIZE, LEFT,
};

/// One group's impact ratio.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImpactRow {
    /// Row label, e.g. `gender: woman`.
    pub label: String,
    /// Stage (`hired` or a stage column).
    pub stage: String,
    /// Impact ratio.
    pub impact_ratio: Option<f64>,
    /// Its interval.
    pub ci: Option<(f64, f64)>,
    /// Below four-fifths.
    pub below: bool,
}

/// Data for the impact-ratio chart.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImpactRatiosData {
    /// The intervals' confidence level as a label (`95%`, from `[analysis] confidence`).
    pub level: String,
    /// Rows in display order.
    pub rows: Vec<ImpactRow>,
    /// Groups suppressed (fewer than `min_cell`), counted only.
    pub suppressed: usize,
    /// The `--min-cell` in force.
    pub min_cell: usize,
}

/// Largest impact ratio the axis shows; intervals beyond it end in an arrow.
const AXIS_MAX: f64 = 2.0;

impl ImpactRatiosData {
    fn shown(&self) -> Vec<&ImpactRow> {
        self.rows.iter().filter(|r| finite(r.impact_ratio).is_some()).collect()
    }
}

impl Chart for ImpactRatiosData {
    fn name(&self) -> &'static str {
        "impact_ratios"
    }

    fn size(&self) -> (u32, u32) {
        (1600, (420 + 46 * self.shown().len() as u32).clamp(1000, 4000))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let title = "Selection rate relative to the highest-rate group (impact ratio)";
        let rows = self.shown();
        if rows.is_empty() {
            return draw_no_data(
                area,
                title,
                "No group has an impact ratio (no decisions known, or every group is the reference or suppressed).",
            );
        }
        let mut sub = format!(
            "Each group's selection rate divided by the reference group's, with {} intervals. Below the \
             dashed 0.80 line the four-fifths rule of thumb is not met: evidence to examine, not a verdict.",
            self.level
        );
        if self.suppressed > 0 {
            sub.push_str(&format!(" {} group(s) under {} not shown.", self.suppressed, self.min_cell));
        }
        let body = draw_header(area, title, &sub)?;
        let (band, plot) = body.split_vertically(50);
        draw_legend(
            &band,
            (LEFT, 22),
            &[
                (Mark::Filled(palette::BLUE), "impact ratio".to_string()),
                (Mark::Filled(palette::VERMILLION), "below 0.80".to_string()),
                (Mark::Dashed(palette::VERMILLION), "four-fifths line".to_string()),
            ],
        )?;
        let n = rows.len();
        let hi = rows
            .iter()
            .flat_map(|r| [finite(r.impact_ratio), finite_pair(r.ci).map(|c| c.1)])
            .flatten()
            .fold(1.2f64, f64::max)
            .min(AXIS_MAX)
            * 1.05;
        let label_w: u32 = 540;
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(10)
            .margin_right(60)
            .margin_bottom(16)
            .x_label_area_size(80)
            .y_label_area_size(label_w)
            .build_cartesian_2d(0.0..hi, -0.6..(n as f64 - 0.4))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(12)
            .x_label_formatter(&|v| fmt_num(*v, 1))
            .x_desc("Impact ratio (1 = same selection rate as the reference group)")
            .axis_desc_style(font(AXIS_DESC_SIZE))
            .label_style(font(LABEL_SIZE))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(palette::LIGHT)
            .draw()?;
        let px = |x: f64, y: f64| rel(area, chart.backend_coord(&(x, y)));
        let (_, top) = px(0.0, n as f64 - 0.4);
        let (_, bottom) = px(0.0, -0.6);
        let (one, _) = px(1.0, 0.0);
        area.draw(&PathElement::new(vec![(one, top), (one, bottom)], palette::GREY.stroke_width(2)))?;
        let (ff, _) = px(0.8, 0.0);
        dashed_line(area, (ff, top), (ff, bottom), palette::VERMILLION, 3)?;
        let (plot_left, _) = px(0.0, 0.0);
        for (k, r) in rows.iter().enumerate() {
            let y = (n - 1 - k) as f64;
            let col = if r.below { palette::VERMILLION } else { palette::BLUE };
            let (_, py) = px(0.0, y);
            let text = if r.stage == crate::analysis::fairness::HIRED_STAGE {
                r.label.clone()
            } else {
                format!("{} ({})", r.label, r.stage)
            };
            // Two lines when needed, so the comparison group at the end of the label stays readable
            // (bold text is about a tenth wider than the width wrap_text measures).
            let room = (f64::from(label_w) - 30.0) * if r.below { 0.9 } else { 1.0 };
            let lines = super::wrap_text(&text, LABEL_SIZE, room, 2);
            let style = if r.below { bold(LABEL_SIZE).color(&palette::VERMILLION) } else { font(LABEL_SIZE) };
            for (j, line) in lines.iter().enumerate() {
                let dy = ((j as f64 - (lines.len() - 1) as f64 / 2.0) * LABEL_SIZE * 1.15).round() as i32;
                area.draw_text(
                    line,
                    &anchored(style.clone(), HPos::Right, VPos::Center),
                    (plot_left - 12, py + dy),
                )?;
            }
            if let Some((a, b)) = finite_pair(r.ci) {
                let (pa, _) = px(a.clamp(0.0, hi), y);
                let (pb, _) = px(b.clamp(0.0, hi), y);
                area.draw(&PathElement::new(vec![(pa, py), (pb, py)], col.stroke_width(3)))?;
                if b > hi {
                    area.draw(&Polygon::new(vec![(pb + 10, py), (pb, py - 7), (pb, py + 7)], col.filled()))?;
                }
            }
            if let Some(v) = finite(r.impact_ratio) {
                let c = px(v.min(hi), y);
                area.draw(&Circle::new(c, 7, col.filled()))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::render::testutil::check_chart;
    use super::*;

    fn row(label: &str, ir: f64, se: f64) -> ImpactRow {
        ImpactRow {
            label: label.into(),
            stage: if label.ends_with('2') { "advanced".into() } else { "hired".into() },
            impact_ratio: Some(ir),
            ci: Some(((ir.ln() - 1.96 * se).exp(), (ir.ln() + 1.96 * se).exp())),
            below: ir < 0.8,
        }
    }

    #[test]
    fn writes_all_formats_and_handles_nothing_to_show() {
        let rows = vec![
            row("gender: woman", 0.62, 0.2),
            row("gender: woman 2", 0.93, 0.1),
            row("race_ethnicity: Native Hawaiian or Other Pacific Islander", 0.4, 0.9),
            row("veteran: yes", 1.3, 0.5),
        ];
        let d = ImpactRatiosData { level: "90%".into(), rows, suppressed: 2, min_cell: 5 };
        assert_eq!(d.shown().len(), 4);
        check_chart(&d);
        let none = ImpactRatiosData {
            level: "95%".into(),
            rows: vec![ImpactRow {
                label: "x".into(),
                stage: "hired".into(),
                impact_ratio: None,
                ci: None,
                below: false,
            }],
            suppressed: 0,
            min_cell: 5,
        };
        assert!(none.shown().is_empty());
        check_chart(&none);
    }
}
