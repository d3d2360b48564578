//! Funnel plot: interviewer leniency against the number of ratings, with 95% and 99.8% control limits
//! ±z·σ/√n around zero. Points outside the funnel are more extreme than chance alone explains.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::render::{Chart, ChartError};
use super::{
    draw_header, draw_legend, draw_no_data, finite, fmt_num, font, padded_range, palette, rel, LabelPlacer,
    Mark, AXIS_DESC_SIZE, LABEL_SIZE, LEFT,
};

/// One interviewer.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FunnelPoint {
    /// Interviewer id or name (labelled when flagged).
    pub interviewer: String,
    /// Number of ratings the interviewer gave.
    pub n_ratings: usize,
    /// Leniency in score points.
    pub leniency: Option<f64>,
    /// Whether the interviewer is flagged lenient or harsh.
    pub flagged: bool,
}

/// Data for the funnel plot.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FunnelData {
    /// The control limits ±z·σ/√n (σ: residual SD of a single rating, from the core).
    pub limits: crate::analysis::views::ControlLimits,
    /// One point per interviewer.
    pub points: Vec<FunnelPoint>,
}

/// z for the 95% limits.
pub const Z95: f64 = crate::analysis::views::ControlLimits::Z95;
/// z for the 99.8% limits.
pub const Z998: f64 = crate::analysis::views::ControlLimits::Z998;

impl FunnelData {
    /// Points with a finite leniency and at least one rating: (name, n, leniency, flagged).
    pub fn drawable(&self) -> Vec<(String, f64, f64, bool)> {
        self.points
            .iter()
            .filter(|p| p.n_ratings > 0)
            .filter_map(|p| Some((p.interviewer.clone(), p.n_ratings as f64, finite(p.leniency)?, p.flagged)))
            .collect()
    }

    /// The control limit at n ratings, if there are limits.
    pub fn limit(&self, z: f64, n: f64) -> Option<f64> {
        self.limits.at(z, n)
    }
}

impl Chart for FunnelData {
    fn name(&self) -> &'static str {
        "interviewer_funnel"
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let title = "Is an interviewer's leniency more than chance?";
        let pts = self.drawable();
        if pts.is_empty() {
            return draw_no_data(area, title, "No interviewer has a leniency estimate.");
        }
        let body = draw_header(
            area,
            title,
            "Leniency against number of ratings; the funnel shows how far chance alone moves an average \
             of n ratings (control limits ±z·σ/√n). Interviewers flagged lenient or harsh are labelled.",
        )?;
        let (band, plot) = body.split_vertically(50);
        draw_legend(
            &band,
            (LEFT, 22),
            &[
                (Mark::Filled(palette::BLUE), "interviewer".to_string()),
                (Mark::Filled(palette::VERMILLION), "flagged".to_string()),
                (Mark::Line(palette::GREY, 2), "95% limits".to_string()),
                (Mark::Dashed(palette::BLACK), "99.8% limits".to_string()),
            ],
        )?;
        let nmin = pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min).max(1.0);
        let nmax = pts.iter().map(|p| p.1).fold(0.0, f64::max).max(nmin * 2.0);
        let (x0, x1) = (nmin / 1.3, nmax * 1.3);
        let lim = self.limit(Z998, x0).unwrap_or(0.0).min(
            pts.iter().map(|p| p.2.abs()).fold(0.0, f64::max) * 1.5 + self.limit(Z998, nmax).unwrap_or(0.0),
        );
        let (y0, y1) = padded_range(pts.iter().map(|p| p.2), &[-lim, lim, -0.1, 0.1], 0.06);
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(20)
            .margin_right(60)
            .margin_bottom(16)
            .x_label_area_size(80)
            .y_label_area_size(110)
            .build_cartesian_2d((x0..x1).log_scale(), y0..y1)?;
        chart
            .configure_mesh()
            .x_labels(0)
            .x_label_formatter(&|_| String::new())
            .y_labels(10)
            .y_label_formatter(&|v| fmt_num(*v, 2))
            .x_desc("Number of ratings (log scale)")
            .y_desc("Leniency (score points)")
            .axis_desc_style(font(AXIS_DESC_SIZE))
            .label_style(font(LABEL_SIZE))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(palette::LIGHT)
            .draw()?;
        chart.draw_series(LineSeries::new([(x0, 0.0), (x1, 0.0)], palette::BLACK.stroke_width(1)))?;
        let steps = 200;
        let curve = |z: f64, sign: f64| {
            (0..=steps)
                .filter_map(|i| {
                    let n = x0 * (x1 / x0).powf(i as f64 / steps as f64);
                    self.limit(z, n).map(|l| (n, (sign * l).clamp(y0, y1)))
                })
                .collect::<Vec<_>>()
        };
        for sign in [-1.0, 1.0] {
            chart.draw_series(LineSeries::new(curve(Z95, sign), palette::GREY.stroke_width(2)))?;
            let c: Vec<(i32, i32)> =
                curve(Z998, sign).iter().map(|p| rel(area, chart.backend_coord(p))).collect();
            for w in c.windows(2).step_by(2) {
                area.draw(&PathElement::new(w.to_vec(), palette::BLACK.stroke_width(2)))?;
            }
        }
        let px = |x: f64, y: f64| rel(area, chart.backend_coord(&(x, y)));
        // Log-axis ticks at 1, 2, 5 × 10^k (plotters' own log ticks skip the small counts).
        let tick_style = super::anchored(font(LABEL_SIZE), HPos::Center, VPos::Top);
        for e in 0..7 {
            for m in [1.0, 2.0, 5.0] {
                let v = m * 10f64.powi(e);
                if v >= x0 && v <= x1 {
                    let (tx, ty) = px(v, y0);
                    area.draw(&PathElement::new(
                        vec![(tx, ty), (tx, ty + 6)],
                        palette::BLACK.stroke_width(1),
                    ))?;
                    area.draw_text(&format!("{v:.0}"), &tick_style, (tx, ty + 10))?;
                }
            }
        }
        let (l, t) = px(x0, y1);
        let (r, b) = px(x1, y0);
        let mut placer = LabelPlacer::new((l, t, r, b), super::MIN_TEXT_PX);
        for p in &pts {
            let c = px(p.1, p.2);
            placer.reserve_point(c, 7);
        }
        let mut order: Vec<&(String, f64, f64, bool)> = pts.iter().collect();
        order.sort_by_key(|p| p.3);
        for p in order {
            let col: RGBAColor = if p.3 { palette::VERMILLION.to_rgba() } else { palette::BLUE.mix(0.75) };
            area.draw(&Circle::new(px(p.1, p.2), 7, col.filled()))?;
        }
        for p in pts.iter().filter(|p| p.3) {
            let c = px(p.1, p.2);
            let label = super::truncate_label(&p.0, 28);
            if let Some(placed) = placer.place(c, &label) {
                super::draw_leader(area, c, placed)?;
                area.draw_text(&label, &font(super::MIN_TEXT_PX).color(&palette::VERMILLION), placed.pos)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::render::testutil::check_chart;
    use super::*;
    use crate::analysis::views::ControlLimits;

    fn sample() -> FunnelData {
        let points = (0..40)
            .map(|i| {
                let n = 20 + (i * 53 % 400);
                let v = ((i * 37 % 41) as f64 / 41.0 - 0.5) * 0.8;
                FunnelPoint {
                    interviewer: format!("interviewer_{i:02}"),
                    n_ratings: n,
                    leniency: Some(v),
                    flagged: v.abs() > Z95 * 0.9 / (n as f64).sqrt(),
                }
            })
            .collect();
        FunnelData { limits: ControlLimits { sigma: Some(0.9) }, points }
    }

    #[test]
    fn limits() {
        let d = sample();
        assert!((d.limit(Z95, 100.0).unwrap_or(0.0) - 0.1764).abs() < 1e-3);
        assert!(FunnelData { limits: ControlLimits { sigma: Some(f64::NAN) }, points: vec![] }
            .limit(Z95, 10.0)
            .is_none());
        assert_eq!(d.drawable().len(), 40);
    }

    #[test]
    fn writes_all_formats() {
        check_chart(&sample());
        let mut bad = sample();
        bad.limits = ControlLimits { sigma: None };
        bad.points[0].n_ratings = 0;
        check_chart(&bad);
        check_chart(&FunnelData { limits: ControlLimits { sigma: Some(1.0) }, points: vec![] });
    }
}
