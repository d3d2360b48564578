//! The D-study: reliability (G) of the panel score against the number of questions, one line per number
//! of interviewers (per question when nested), with the target line and the design as staffed marked.
//! Values come from `panel.generalizability.d_study`; nothing is computed here.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::render::{text_width_px, Chart, ChartError};
use super::{
    anchored, bold, dashed_line, draw_header, draw_legend, draw_no_data, finite, fmt_num, font, palette, rel,
    Mark, AXIS_DESC_SIZE, LABEL_SIZE, LEFT,
};

/// One line of the chart: a number of interviewers and G for 1, 2, … questions.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DStudyLine {
    /// Interviewers (per question when nested).
    pub interviewers: usize,
    /// `(questions, G)`.
    pub points: Vec<(usize, Option<f64>)>,
}

/// Data for the D-study chart.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DStudyData {
    /// Interviewers nested in questions (lines are interviewers per question).
    pub nested: bool,
    /// Target reliability.
    pub target: f64,
    /// One line per number of interviewers.
    pub lines: Vec<DStudyLine>,
    /// The design as staffed: `(questions, interviewers)` (means, possibly fractional).
    pub current: Option<(f64, f64)>,
    /// D-study G at the staffed sizes (rounded).
    pub current_g: Option<f64>,
    /// Putka et al.'s G(q,k) as staffed.
    pub g_qk: Option<f64>,
    /// Why there is no D-study, when there is none.
    pub reason: Option<String>,
}

impl DStudyData {
    /// The G of `interviewers` and `questions`, if on the grid.
    pub fn g(&self, interviewers: usize, questions: usize) -> Option<f64> {
        self.lines
            .iter()
            .find(|l| l.interviewers == interviewers)
            .and_then(|l| l.points.iter().find(|p| p.0 == questions))
            .and_then(|p| finite(p.1))
    }

    fn max_questions(&self) -> usize {
        self.lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).max().unwrap_or(0)
    }
}

impl Chart for DStudyData {
    fn name(&self) -> &'static str {
        "d_study"
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let title = "How many interviewers, how many questions?";
        let maxq = self.max_questions();
        if self.lines.is_empty() || maxq == 0 {
            let why = self.reason.clone().unwrap_or_else(|| "No variance components were estimated.".into());
            return draw_no_data(area, title, &why);
        }
        let target = finite(Some(self.target)).filter(|t| *t > 0.0 && *t < 1.0).unwrap_or(0.8);
        let per = if self.nested {
            "interviewers per question"
        } else {
            "interviewers (each asking that many questions)"
        };
        let body = draw_header(
            area,
            title,
            &format!(
                "G of the panel score by number of questions, one line per number of {per}. Rings: fewest \
                 questions reaching the target. Square: the panel as staffed (its G(q,k) credits shared \
                 interviewers, so it need not sit on a line)"
            ),
        )?;
        let (band, plot) = body.split_vertically(50);
        let mut legend: Vec<(Mark, String)> = self
            .lines
            .iter()
            .enumerate()
            .map(|(k, l)| {
                (
                    Mark::Line(palette::SERIES[k % 6], 4),
                    format!(
                        "{} {}",
                        l.interviewers,
                        if l.interviewers == 1 { "interviewer" } else { "interviewers" }
                    ),
                )
            })
            .collect();
        legend.push((Mark::Dashed(palette::GREY), format!("target {}", fmt_num(target, 2))));
        draw_legend(&band, (LEFT, 22), &legend)?;
        let mut chart = ChartBuilder::on(&plot)
            .margin_top(24)
            .margin_left(20)
            .margin_right(60)
            .margin_bottom(16)
            .x_label_area_size(80)
            .y_label_area_size(110)
            .build_cartesian_2d(0.5..(maxq as f64 + 0.5), 0.0..1.0)?;
        chart
            .configure_mesh()
            .x_labels(maxq.clamp(2, 20))
            .y_labels(11)
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| fmt_num(*v, 1))
            .x_desc(if self.nested { "Number of questions" } else { "Questions each interviewer asks" })
            .y_desc("Reliability of the panel score (G)")
            .axis_desc_style(font(AXIS_DESC_SIZE))
            .label_style(font(LABEL_SIZE))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(palette::LIGHT)
            .draw()?;
        for (k, line) in self.lines.iter().enumerate() {
            let col = palette::SERIES[k % 6];
            let pts: Vec<(f64, f64)> = line
                .points
                .iter()
                .filter_map(|(q, g)| finite(*g).map(|g| (*q as f64, g.clamp(0.0, 1.0))))
                .collect();
            chart.draw_series(LineSeries::new(pts.clone(), col.stroke_width(3)))?;
            chart.draw_series(pts.iter().map(|p| Circle::new(*p, 5, col.filled())))?;
            // Where this line first reaches the target: a ring.
            if let Some(p) = pts.iter().find(|p| p.1 >= target) {
                chart.draw_series(std::iter::once(Circle::new(*p, 10, col.stroke_width(3))))?;
            }
        }
        let px = |x: f64, y: f64| rel(area, chart.backend_coord(&(x, y)));
        let (l, ty) = px(0.5, target);
        let (r, _) = px(maxq as f64 + 0.5, target);
        dashed_line(area, (l, ty), (r, ty), palette::GREY, 3)?;
        if let Some((q, k)) = self.current.filter(|(q, k)| q.is_finite() && k.is_finite()) {
            // The marker sits at the staffed numbers themselves (fractional means) with G(q,k) as
            // staffed, the figure the text quotes; without G(q,k), at the nearest design on the grid.
            let (qr, kr) = (q.round().clamp(1.0, maxq as f64), k.round().max(1.0));
            let marked = match finite(self.g_qk) {
                Some(gqk) => Some((
                    q.clamp(1.0, maxq as f64),
                    gqk,
                    format!(
                        "now, as staffed: {} interviewers × {} questions → G {}",
                        fmt_num(k, 1),
                        fmt_num(q, 1),
                        fmt_num(gqk, 2)
                    ),
                )),
                None => self.g(kr as usize, qr as usize).map(|g| {
                    let text = format!(
                        "now: {} interviewers × {} questions; nearest design {} × {} → G {}",
                        fmt_num(k, 1),
                        fmt_num(q, 1),
                        fmt_num(kr, 0),
                        fmt_num(qr, 0),
                        fmt_num(g, 2)
                    );
                    (qr, g, text)
                }),
            };
            if let Some((mx, g, text)) = marked {
                let (x, y) = px(mx, g.clamp(0.0, 1.0));
                area.draw(&Rectangle::new(
                    [(x - 12, y - 12), (x + 12, y + 12)],
                    palette::BLACK.stroke_width(3),
                ))?;
                // The label sits in the empty lower right of the plot, keyed to the marker by the same
                // black square, so it never covers a line.
                let (rx, ry) = px(maxq as f64 + 0.4, 0.08);
                let w = text_width_px(&text, LABEL_SIZE, true) as i32;
                area.draw(&Rectangle::new(
                    [(rx - w - 38, ry - 9), (rx - w - 20, ry + 9)],
                    palette::BLACK.stroke_width(3),
                ))?;
                let style = anchored(bold(LABEL_SIZE), HPos::Right, VPos::Center);
                area.draw_text(&text, &style, (rx, ry))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::render::testutil::check_chart;
    use super::*;

    fn sample() -> DStudyData {
        let lines = (1..=6)
            .map(|k| DStudyLine {
                interviewers: k,
                points: (1..=12)
                    .map(|q| {
                        let (q, kf) = (q as f64, k as f64);
                        (q as usize, Some(0.5 / (0.5 + 0.3 / q + 0.2 / kf + 0.8 / (q * kf))))
                    })
                    .collect(),
            })
            .collect();
        DStudyData {
            nested: false,
            target: 0.8,
            lines,
            current: Some((2.5, 4.0)),
            current_g: Some(0.7),
            g_qk: Some(0.68),
            reason: None,
        }
    }

    #[test]
    fn writes_all_formats_and_handles_no_data() {
        let d = sample();
        assert!(d.g(2, 6).unwrap() > d.g(1, 6).unwrap());
        check_chart(&d);
        let mut none = sample();
        none.lines.clear();
        none.reason = Some("too few ratings".into());
        check_chart(&none);
        let mut odd = sample();
        odd.current = Some((f64::NAN, 3.0));
        odd.nested = true;
        check_chart(&odd);
    }
}
