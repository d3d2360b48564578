//! Panel reliability against the number of interviews (the Spearman–Brown curve from the single-rater
//! ICC, computed in `analysis::views::ReliabilityCurve`). Marks the current mean panel size, the target
//! and the number of interviews needed to reach it.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::render::{Chart, ChartError};
use super::{
    anchored, bold, dashed_line, draw_header, draw_legend, draw_no_data, finite, fmt_num, font, palette, rel,
    Mark, AXIS_DESC_SIZE, LABEL_SIZE, LEFT,
};

/// Points (k, reliability) of a curve.
pub type Curve = Vec<(f64, f64)>;

/// Data for the panel reliability chart.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PanelReliabilityData {
    /// Single-rater ICC (one-way, `icc1_unbalanced`), when usable.
    pub icc_single: Option<f64>,
    /// (k, reliability) for k = 1…k_max.
    pub curve: Curve,
    /// The curves from the ends of the ICC's interval, drawn as a band (lower, upper), if given.
    pub band: Option<(Curve, Curve)>,
    /// Current mean number of interviewers per candidate.
    pub current_panel_size: Option<f64>,
    /// Reliability of the panel as staffed.
    pub now: Option<f64>,
    /// Target reliability (e.g. 0.80).
    pub target: f64,
    /// Interviews needed for the target, if the target can be reached.
    pub k_needed: Option<f64>,
    /// Largest panel size drawn (default 10).
    pub k_max: usize,
}

impl Chart for PanelReliabilityData {
    fn name(&self) -> &'static str {
        "panel_reliability"
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let title = "How many interviews make a reliable panel?";
        let (Some(rho), false) = (self.icc_single, self.curve.is_empty()) else {
            return draw_no_data(area, title, "The single-rater ICC could not be estimated.");
        };
        let kmax = self.k_max.max(2) as f64;
        let target = finite(Some(self.target)).filter(|t| *t > 0.0 && *t < 1.0).unwrap_or(0.8);
        let body = draw_header(
            area,
            title,
            &format!(
                "Reliability of the panel's average score by number of interviewers (Spearman–Brown from the \
                 single-interviewer ICC = {}){}",
                fmt_num(rho, 2),
                if self.band.is_some() { "; shaded: from the ICC's 95% interval" } else { "" }
            ),
        )?;
        let (band, plot) = body.split_vertically(50);
        draw_legend(
            &band,
            (LEFT, 22),
            &[
                (Mark::Filled(palette::BLUE), "panel reliability".to_string()),
                (Mark::Dashed(palette::VERMILLION), format!("target {}", fmt_num(target, 2))),
                (Mark::Line(palette::GREEN, 3), "current mean panel size".to_string()),
            ],
        )?;
        let mut chart = ChartBuilder::on(&plot)
            .margin_top(24)
            .margin_left(20)
            .margin_right(60)
            .margin_bottom(16)
            .x_label_area_size(80)
            .y_label_area_size(110)
            .build_cartesian_2d(0.5..(kmax + 0.5), 0.0..1.0)?;
        chart
            .configure_mesh()
            .x_labels(self.k_max.clamp(2, 20))
            .y_labels(11)
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_label_formatter(&|v| fmt_num(*v, 1))
            .x_desc("Number of interviewers per candidate (k)")
            .y_desc("Reliability of the panel score")
            .axis_desc_style(font(AXIS_DESC_SIZE))
            .label_style(font(LABEL_SIZE))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(palette::LIGHT)
            .draw()?;
        if let Some((lower, upper)) = &self.band {
            let mut poly = lower.clone();
            poly.extend(upper.iter().rev().copied());
            chart.draw_series(std::iter::once(Polygon::new(poly, palette::SKY.mix(0.25).filled())))?;
        }
        let curve = &self.curve;
        let px = |x: f64, y: f64| rel(area, chart.backend_coord(&(x, y)));
        let (l, ty) = px(0.5, target);
        let (r, _) = px(kmax + 0.5, target);
        dashed_line(area, (l, ty), (r, ty), palette::VERMILLION, 3)?;
        if let Some(cur) = finite(self.current_panel_size).filter(|c| *c >= 0.5 && *c <= kmax + 0.5) {
            let (cx, top) = px(cur, 1.0);
            let (_, bot) = px(cur, 0.0);
            area.draw(&PathElement::new(vec![(cx, top), (cx, bot)], palette::GREEN.stroke_width(3)))?;
            let rel_now = self.now.map_or_else(|| "–".to_string(), |r| fmt_num(r, 2));
            area.draw_text(
                &format!("now: {} interviewers → {rel_now}", fmt_num(cur, 1)),
                &anchored(bold(LABEL_SIZE).color(&palette::GREEN), HPos::Left, VPos::Bottom),
                (cx + 10, bot - 14),
            )?;
        }
        // Reliability value above each point, on a white patch so the target and panel-size lines
        // drawn before do not run through it; the curve goes over the patches, the values last.
        let points: Vec<(i32, i32)> = curve.iter().map(|(k, v)| px(*k, *v)).collect();
        let labels: Vec<String> = curve.iter().map(|(_, v)| fmt_num(*v, 2)).collect();
        for (&(x, y), label) in points.iter().zip(&labels) {
            let half = (super::super::render::text_width_px(label, super::MIN_TEXT_PX, false) / 2.0).ceil()
                as i32
                + 3;
            area.draw(&Rectangle::new(
                [(x - half, y - 12 - super::MIN_TEXT_PX as i32), (x + half, y - 12)],
                WHITE.filled(),
            ))?;
        }
        area.draw(&PathElement::new(points.clone(), palette::BLUE.stroke_width(4)))?;
        for &p in &points {
            area.draw(&Circle::new(p, 7, palette::BLUE.filled()))?;
        }
        for (&(x, y), label) in points.iter().zip(&labels) {
            let style = anchored(font(super::MIN_TEXT_PX).color(&palette::GREY), HPos::Center, VPos::Bottom);
            area.draw_text(label, &style, (x, y - 12))?;
        }
        let need = finite(self.k_needed).filter(|k| *k > 0.0);
        let text = match need {
            Some(k) if k <= kmax => format!("{} interviewers reach {}", fmt_num(k, 0), fmt_num(target, 2)),
            Some(k) => format!(
                "{} interviewers needed to reach {} (beyond this chart)",
                fmt_num(k, 0),
                fmt_num(target, 2)
            ),
            None => format!("{} cannot be reached: the ICC is not positive", fmt_num(target, 2)),
        };
        let (ax, ay) = match need {
            Some(k) if k <= kmax => px(k, target),
            _ => (r, ty),
        };
        if need.is_some_and(|k| k <= kmax) {
            area.draw(&Circle::new((ax, ay), 11, palette::VERMILLION.stroke_width(3)))?;
            area.draw_text(
                &text,
                &anchored(bold(LABEL_SIZE).color(&palette::VERMILLION), HPos::Left, VPos::Top),
                (ax + 14, ay + 12),
            )?;
        } else {
            area.draw_text(
                &text,
                &anchored(bold(LABEL_SIZE).color(&palette::VERMILLION), HPos::Right, VPos::Top),
                (ax - 10, ay + 10),
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::render::testutil::check_chart;
    use super::*;

    fn sample() -> PanelReliabilityData {
        let sb = |rho: f64| -> Vec<(f64, f64)> {
            (1..=10).map(|k| (k as f64, k as f64 * rho / (1.0 + (k as f64 - 1.0) * rho))).collect()
        };
        PanelReliabilityData {
            icc_single: Some(0.42),
            curve: sb(0.42),
            band: Some((sb(0.33), sb(0.51))),
            current_panel_size: Some(3.6),
            now: Some(0.72),
            target: 0.8,
            k_needed: Some(6.0),
            k_max: 10,
        }
    }

    #[test]
    fn writes_all_formats() {
        check_chart(&sample());
        let mut low = sample();
        low.icc_single = Some(0.1);
        low.band = None;
        low.k_needed = Some(37.0);
        low.current_panel_size = Some(f64::NAN);
        check_chart(&low);
        low.k_needed = None;
        check_chart(&low);
        low.icc_single = None;
        check_chart(&low);
    }
}
