//! Mean outcome (or outcome rate for a binary outcome) of hires by panel-score band, with intervals and
//! the number of hires per band.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::render::{Chart, ChartError};
use super::{
    anchored, draw_header, draw_no_data, finite, finite_pair, fmt_num, font, padded_range, palette, rel,
    AXIS_DESC_SIZE, LABEL_SIZE,
};

/// One panel-score band.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ScoreBand {
    /// Band label, e.g. "2.5–3.0".
    pub label: String,
    /// Mean outcome (or share with the outcome, 0–1, when binary).
    pub mean: Option<f64>,
    /// Interval of the mean (at the run's confidence level).
    pub ci: Option<(f64, f64)>,
    /// Hires with a known outcome in the band.
    pub n: usize,
}

/// Data for the outcome-by-score chart.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OutcomeByScoreData {
    /// The intervals' confidence level as a label (`95%`, from `[analysis] confidence`).
    pub level: String,
    /// Outcome name.
    pub outcome: String,
    /// Whether the outcome is binary (drawn as a percentage).
    pub binary: bool,
    /// Bands from lowest to highest panel score.
    pub bands: Vec<ScoreBand>,
}

impl Chart for OutcomeByScoreData {
    fn name(&self) -> &'static str {
        "outcome_by_score"
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let title = format!("Do higher panel scores mean better {}?", self.outcome);
        let nb = self.bands.len();
        if nb == 0 || !self.bands.iter().any(|b| finite(b.mean).is_some()) {
            return draw_no_data(area, &title, "No hires with a known outcome.");
        }
        let what = if self.binary { "Share of hires" } else { "Mean outcome of hires" };
        let body = draw_header(
            area,
            &title,
            &format!(
                "{what} by panel-score band, with {} intervals; n = hires with a known outcome in the band. \
                 Hires only: rejected candidates have no outcome.",
                self.level
            ),
        )?;
        let vals = self.bands.iter().flat_map(|b| {
            let (lo, hi) = finite_pair(b.ci).unwrap_or((f64::NAN, f64::NAN));
            [finite(b.mean).unwrap_or(f64::NAN), lo, hi]
        });
        let (mut y0, mut y1) = padded_range(vals, &[], 0.12);
        if self.binary {
            y0 = y0.max(0.0);
            y1 = y1.min(1.0);
            if y1 <= y0 {
                (y0, y1) = (0.0, 1.0);
            }
        }
        let mut chart = ChartBuilder::on(&body)
            .margin_left(20)
            .margin_right(60)
            .margin_top(30)
            .margin_bottom(16)
            .x_label_area_size(if nb > 8 { 130 } else { 90 })
            .y_label_area_size(120)
            .build_cartesian_2d(-0.5..(nb as f64 - 0.5), y0..y1)?;
        let binary = self.binary;
        let ylab = if binary {
            format!("Share with {} (%)", self.outcome)
        } else {
            format!("Mean {}", self.outcome)
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(10)
            .y_label_formatter(&|v| if binary { format!("{:.0}%", v * 100.0) } else { fmt_num(*v, 2) })
            .x_desc("Panel score band")
            .y_desc(ylab)
            .axis_desc_style(font(AXIS_DESC_SIZE))
            .label_style(font(LABEL_SIZE))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(palette::LIGHT)
            .draw()?;
        let px = |x: f64, y: f64| rel(area, chart.backend_coord(&(x, y)));
        let (_, bottom) = px(0.0, y0);
        let (_, top) = px(0.0, y1);
        let band_px = px(1.0, y0).0 - px(0.0, y0).0;
        let rotate = nb > 8 || band_px < 110;
        let mut prev: Option<(i32, i32)> = None;
        for (i, b) in self.bands.iter().enumerate() {
            let x = i as f64;
            let label = super::truncate_label(&b.label, 14);
            let (lx, _) = px(x, y0);
            if rotate {
                let style = font(super::MIN_TEXT_PX).transform(FontTransform::Rotate270);
                area.draw_text(&label, &anchored(style, HPos::Right, VPos::Center), (lx, bottom + 12))?;
            } else {
                area.draw_text(
                    &label,
                    &anchored(font(LABEL_SIZE), HPos::Center, VPos::Top),
                    (lx, bottom + 10),
                )?;
            }
            let n_style = anchored(font(super::MIN_TEXT_PX).color(&palette::GREY), HPos::Center, VPos::Top);
            area.draw_text(&format!("n = {}", b.n), &n_style, (lx, top + 6))?;
            if let Some((lo, hi)) = finite_pair(b.ci) {
                let (_, a) = px(x, lo.clamp(y0, y1));
                let (_, c) = px(x, hi.clamp(y0, y1));
                area.draw(&PathElement::new(vec![(lx, a), (lx, c)], palette::BLUE.stroke_width(3)))?;
                for e in [a, c] {
                    area.draw(&PathElement::new(
                        vec![(lx - 10, e), (lx + 10, e)],
                        palette::BLUE.stroke_width(3),
                    ))?;
                }
            }
            match finite(b.mean) {
                Some(m) => {
                    let p = px(x, m.clamp(y0, y1));
                    if let Some(q) = prev {
                        area.draw(&PathElement::new(vec![q, p], palette::BLUE.mix(0.5).stroke_width(2)))?;
                    }
                    area.draw(&Circle::new(p, 9, palette::BLUE.filled()))?;
                    prev = Some(p);
                }
                None => prev = None,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::render::testutil::check_chart;
    use super::*;

    fn sample(binary: bool) -> OutcomeByScoreData {
        let bands = (0..6)
            .map(|i| {
                let lo = 1.5 + 0.5 * i as f64;
                let m = if binary { 0.55 + 0.06 * i as f64 } else { 2.8 + 0.15 * i as f64 };
                let n = [4, 12, 30, 41, 22, 0][i];
                ScoreBand {
                    label: format!("{lo:.1}–{:.1}", lo + 0.5),
                    mean: if n == 0 { None } else { Some(m) },
                    ci: if n < 2 {
                        None
                    } else {
                        Some((m - 0.8 / (n as f64).sqrt(), m + 0.8 / (n as f64).sqrt()))
                    },
                    n,
                }
            })
            .collect();
        OutcomeByScoreData {
            level: "95%".into(),
            outcome: if binary { "retained_12m" } else { "perf_rating_12m" }.into(),
            binary,
            bands,
        }
    }

    #[test]
    fn writes_all_formats() {
        check_chart(&sample(false));
        check_chart(&sample(true));
        check_chart(&OutcomeByScoreData {
            level: "95%".into(),
            outcome: "x".into(),
            binary: false,
            bands: vec![],
        });
    }
}
