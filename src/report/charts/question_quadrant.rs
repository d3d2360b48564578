//! Quadrant chart of questions: how much each question drives the hire decision (decision AUC, x) against
//! how well it predicts the outcome (corrected validity with its interval, y). The shaded corner is the
//! analysis' rule "drives decisions, predicts nothing" (decision AUC at or above a threshold, the whole
//! validity interval below a small correlation): a question is drawn in the warning colour when its
//! interval bar lies wholly inside it (and it has enough hires for a verdict).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::render::{Chart, ChartError};
use super::{
    anchored, bold, draw_header, draw_legend, draw_no_data, finite, fit_label, fmt_num, font, padded_range,
    palette, rel, LabelPlacer, Mark, AXIS_DESC_SIZE, LABEL_SIZE, LEFT,
};

/// One question.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QuadrantPoint {
    /// Short label (question id); truncated to 24 characters on the chart.
    pub label: String,
    /// Decision AUC: how well the question's score separates hired from not hired (0.5 = no influence).
    pub auc: Option<f64>,
    /// Corrected validity against the outcome.
    pub validity: Option<f64>,
    /// Its interval.
    pub validity_ci: Option<(f64, f64)>,
    /// The question "drives decisions, predicts nothing" by the analysis' rule (decision AUC high, the
    /// corrected validity's upper bound small, enough hires): drawn in the warning colour.
    pub warning: bool,
}

/// Data for the question quadrant chart.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QuadrantData {
    /// Name of the outcome.
    pub outcome: String,
    /// One point per question.
    pub points: Vec<QuadrantPoint>,
    /// Horizontal dividing line for validity (0, or the median validity).
    pub y_split: f64,
    /// Decision AUC from which a question "drives decisions" (the shaded corner's left edge).
    pub auc_threshold: f64,
    /// Validity below which the whole interval must lie to "predict nothing" (the shaded corner's top).
    pub upper_threshold: f64,
    /// The intervals' level, e.g. "95%".
    pub level: String,
}

/// A drawable question.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    /// Label, truncated.
    pub label: String,
    /// Decision AUC.
    pub auc: f64,
    /// Corrected validity.
    pub validity: f64,
    /// Its interval, when both ends are finite.
    pub ci: Option<(f64, f64)>,
    /// Drawn in the warning colour.
    pub warning: bool,
}

impl QuadrantData {
    /// Points with both coordinates finite.
    pub fn drawable(&self) -> Vec<Drawn> {
        self.points
            .iter()
            .filter_map(|p| {
                Some(Drawn {
                    label: super::truncate_label(&p.label, 24),
                    auc: finite(p.auc)?,
                    validity: finite(p.validity)?,
                    ci: super::finite_pair(p.validity_ci),
                    warning: p.warning,
                })
            })
            .collect()
    }
}

impl Chart for QuadrantData {
    fn name(&self) -> &'static str {
        "question_quadrant"
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let title = format!("Do the questions that drive hiring decisions predict {}?", self.outcome);
        let pts = self.drawable();
        if pts.is_empty() {
            return draw_no_data(
                area,
                &title,
                "No question has both a decision AUC and a corrected validity.",
            );
        }
        let skipped = self.points.len() - pts.len();
        let mut sub = format!(
            "Each point is a question: x = how strongly its score separated hired from rejected candidates, \
             y = corrected validity for the outcome, bar = its {} interval",
            self.level
        );
        if skipped > 0 {
            sub.push_str(&format!(" ({skipped} without estimates not shown)"));
        }
        let body = draw_header(area, &title, &sub)?;
        let (band, plot) = body.split_vertically(50);
        draw_legend(
            &band,
            (LEFT, 22),
            &[
                (
                    Mark::Filled(palette::VERMILLION),
                    format!(
                        "drives decisions, predicts nothing: AUC ≥ {} and the whole interval below {} (bar inside the shading)",
                        fmt_num(self.auc_threshold, 2),
                        fmt_num(self.upper_threshold, 2)
                    ),
                ),
                (Mark::Filled(palette::BLUE), "other questions".to_string()),
            ],
        )?;
        let split = if self.y_split.is_finite() { self.y_split } else { 0.0 };
        let (mut x0, mut x1) =
            padded_range(pts.iter().map(|p| p.auc), &[0.4, 0.5, self.auc_threshold.min(1.0), 0.8], 0.08);
        x0 = x0.max(0.0);
        x1 = x1.min(1.0);
        let ends =
            pts.iter().flat_map(|p| [Some(p.validity), p.ci.map(|c| c.0), p.ci.map(|c| c.1)]).flatten();
        let (y0, y1) = padded_range(ends, &[split - 0.3, split + 0.4], 0.1);
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(20)
            .margin_right(60)
            .margin_bottom(16)
            .x_label_area_size(80)
            .y_label_area_size(110)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .x_labels(10)
            .y_labels(10)
            .x_label_formatter(&|v| fmt_num(*v, 2))
            .y_label_formatter(&|v| fmt_num(*v, 1))
            .x_desc("Decision AUC (0.5 = score had no influence on the hire decision)")
            .y_desc("Corrected validity (r)")
            .axis_desc_style(font(AXIS_DESC_SIZE))
            .label_style(font(LABEL_SIZE))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(palette::LIGHT)
            .draw()?;
        let px = |x: f64, y: f64| rel(area, chart.backend_coord(&(x, y)));
        let (l, t) = px(x0, y1);
        let (r, b) = px(x1, y0);
        let (mx, my) = px(0.5, split);
        // The warning corner, tinted: the rule's region, not the quadrant's.
        let (wx, wy) = px(self.auc_threshold, self.upper_threshold);
        if wx < r && wy < b {
            area.draw(&Rectangle::new(
                [(wx.max(l), wy.max(t)), (r, b)],
                palette::VERMILLION.mix(0.07).filled(),
            ))?;
        }
        for line in [vec![(mx, t), (mx, b)], vec![(l, my), (r, my)]] {
            area.draw(&PathElement::new(line, palette::GREY.stroke_width(2)))?;
        }
        // Corner names.
        let corner = [
            ("Drives decisions, predicts nothing", (r - 14, b - 14), HPos::Right, VPos::Bottom, true),
            ("Drives decisions and predicts", (r - 14, t + 14), HPos::Right, VPos::Top, false),
            ("Predicts, but is ignored", (l + 14, t + 14), HPos::Left, VPos::Top, false),
            ("Ignored, predicts nothing", (l + 14, b - 14), HPos::Left, VPos::Bottom, false),
        ];
        let mut placer = LabelPlacer::new((l, t, r, b), super::MIN_TEXT_PX);
        for (text, pos, h, v, warn) in corner {
            let w = super::super::render::text_width_px(text, 22.0, warn) as i32;
            let bx = match h {
                HPos::Right => (pos.0 - w, pos.0),
                _ => (pos.0, pos.0 + w),
            };
            let by = match v {
                VPos::Bottom => (pos.1 - 24, pos.1),
                _ => (pos.1, pos.1 + 24),
            };
            placer.reserve((bx.0, by.0, bx.1, by.1));
            if warn {
                area.draw_text(text, &anchored(bold(22.0).color(&palette::VERMILLION), h, v), pos)?;
            } else {
                area.draw_text(text, &anchored(font(22.0).color(&palette::GREY), h, v), pos)?;
            }
        }
        for p in &pts {
            let c = px(p.auc, p.validity);
            placer.reserve_point(c, 8);
            if let Some((lo, hi)) = p.ci {
                let (top, bottom) = (px(p.auc, hi).1, px(p.auc, lo).1);
                placer.reserve((c.0 - 2, top, c.0 + 2, bottom));
            }
        }
        for p in &pts {
            let c = px(p.auc, p.validity);
            let col = if p.warning { palette::VERMILLION } else { palette::BLUE };
            if let Some((lo, hi)) = p.ci {
                let bar = vec![(c.0, px(p.auc, hi).1), (c.0, px(p.auc, lo).1)];
                area.draw(&PathElement::new(bar, col.mix(0.55).stroke_width(3)))?;
            }
            area.draw(&Circle::new(c, 8, col.filled()))?;
            if let Some(placed) = placer.place(c, &p.label) {
                super::draw_leader(area, c, placed)?;
                area.draw_text(
                    &fit_label(&p.label, super::MIN_TEXT_PX, 400.0, false),
                    &font(super::MIN_TEXT_PX),
                    placed.pos,
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::render::testutil::check_chart;
    use super::*;

    fn sample() -> QuadrantData {
        let points = (0..10)
            .map(|i| QuadrantPoint {
                label: format!("Q{} {}", i + 1, ["design", "debugging", "ownership", "feedback"][i % 4]),
                auc: Some(0.45 + 0.03 * i as f64),
                validity: Some(0.35 - 0.07 * i as f64),
                validity_ci: Some((0.2 - 0.07 * i as f64, 0.5 - 0.07 * i as f64)),
                warning: i == 8,
            })
            .chain(std::iter::once(QuadrantPoint {
                label: "nan".into(),
                auc: Some(f64::NAN),
                validity: None,
                validity_ci: None,
                warning: false,
            }))
            .collect();
        QuadrantData {
            outcome: "perf_rating_12m".into(),
            points,
            y_split: 0.0,
            auc_threshold: 0.7,
            upper_threshold: 0.1,
            level: "95%".into(),
        }
    }

    #[test]
    fn filters_and_flags() {
        let d = sample();
        let pts = d.drawable();
        assert_eq!(pts.len(), 10);
        // The colour follows the analysis' rule carried by the point, not the point's corner.
        assert_eq!(
            pts.iter().filter(|p| p.warning).map(|p| p.label.as_str()).collect::<Vec<_>>(),
            ["Q9 design"]
        );
        assert_eq!(pts[0].ci, Some((0.2, 0.5)));
    }

    #[test]
    fn writes_all_formats() {
        check_chart(&sample());
        check_chart(&QuadrantData { points: vec![], y_split: f64::NAN, ..sample() });
    }
}
