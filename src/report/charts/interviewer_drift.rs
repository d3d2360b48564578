//! Leniency by quarter for a handful of interviewers (flagged first, then the clearest drift): does an
//! interviewer drift over time?

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::render::{text_width_px, Chart, ChartError};
use super::{
    anchored, draw_header, draw_no_data, finite, fit_label, fmt_num, font, padded_range, palette, rel,
    AXIS_DESC_SIZE, LABEL_SIZE,
};

/// One interviewer's leniency per period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DriftSeries {
    /// Interviewer id or name.
    pub interviewer: String,
    /// Leniency per period, aligned with `DriftData::periods` (None = no ratings that period).
    pub values: Vec<Option<f64>>,
    /// Whether the interviewer is flagged `drifting`.
    pub flagged: bool,
}

/// Data for the drift chart.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DriftData {
    /// Period labels in time order (e.g. "2024Q3").
    pub periods: Vec<String>,
    /// Candidate series; at most `max_series` are drawn.
    pub series: Vec<DriftSeries>,
    /// Most lines drawn (default 6).
    pub max_series: usize,
}

impl DriftData {
    /// Data with the default cap of 6 lines.
    pub fn new(periods: Vec<String>, series: Vec<DriftSeries>) -> Self {
        Self { periods, series, max_series: 6 }
    }

    /// The series to draw: flagged first, then by largest mean |leniency|; at least one finite value each.
    pub fn selected(&self) -> Vec<&DriftSeries> {
        let score = |s: &DriftSeries| {
            let v: Vec<f64> = s.values.iter().filter_map(|v| finite(*v)).collect();
            if v.is_empty() {
                None
            } else {
                Some(v.iter().map(|x| x.abs()).sum::<f64>() / v.len() as f64)
            }
        };
        let mut out: Vec<(&DriftSeries, f64)> =
            self.series.iter().filter_map(|s| Some((s, score(s)?))).collect();
        out.sort_by(|a, b| b.0.flagged.cmp(&a.0.flagged).then_with(|| b.1.total_cmp(&a.1)));
        out.truncate(self.max_series.max(1));
        out.into_iter().map(|x| x.0).collect()
    }
}

/// Marker shapes cycled with colours, so series differ by more than colour.
fn marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    i: usize,
    c: (i32, i32),
    col: RGBColor,
) -> Result<(), ChartError> {
    let (x, y) = c;
    match i % 4 {
        0 => area.draw(&Circle::new(c, 7, col.filled()))?,
        1 => area.draw(&Rectangle::new([(x - 6, y - 6), (x + 6, y + 6)], col.filled()))?,
        2 => area.draw(&Polygon::new(vec![(x, y - 8), (x - 8, y + 6), (x + 8, y + 6)], col.filled()))?,
        _ => area.draw(&Polygon::new(vec![(x, y - 8), (x + 8, y), (x, y + 8), (x - 8, y)], col.filled()))?,
    }
    Ok(())
}

impl Chart for DriftData {
    fn name(&self) -> &'static str {
        "interviewer_drift"
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let title = "Does interviewer leniency drift over time?";
        let sel = self.selected();
        let np = self.periods.len();
        if sel.is_empty() || np == 0 {
            return draw_no_data(area, title, "No interviewer has dated ratings in more than one period.");
        }
        let body = draw_header(
            area,
            title,
            &format!(
                "Leniency per quarter (score points relative to peers) for {} interviewers: flagged as drifting \
                 first, then the clearest unflagged drift. 0 = as peers.",
                sel.len()
            ),
        )?;
        let vals = sel.iter().flat_map(|s| s.values.iter().filter_map(|v| finite(*v)));
        let (y0, y1) = padded_range(vals, &[0.0], 0.1);
        let mut chart = ChartBuilder::on(&body)
            .margin_left(20)
            .margin_right(380)
            .margin_top(20)
            .margin_bottom(16)
            .x_label_area_size(if np > 12 { 110 } else { 80 })
            .y_label_area_size(110)
            .build_cartesian_2d(-0.5..(np as f64 - 0.5), y0..y1)?;
        let periods = self.periods.clone();
        // Label every `step`-th period so that labels never touch (plot ≈ 1070 px wide).
        let label_px = self
            .periods
            .iter()
            .map(|p| text_width_px(&super::truncate_label(p, 10), LABEL_SIZE, false))
            .fold(40.0, f64::max)
            + 24.0;
        let max_labels = ((f64::from(area.dim_in_pixel().0) - 530.0) / label_px).floor().max(1.0) as usize;
        let step = np.div_ceil(max_labels).max(1);
        let fmt = move |v: &f64| {
            let i = v.round();
            if (v - i).abs() < 1e-6
                && i >= 0.0
                && (i as usize) < periods.len()
                && (i as usize) / step * step == i as usize
            {
                super::truncate_label(&periods[i as usize], 10)
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .x_labels(np.min(200))
            .y_labels(10)
            .x_label_formatter(&fmt)
            .y_label_formatter(&|v| fmt_num(*v, 2))
            .x_desc("Quarter")
            .y_desc("Leniency (score points)")
            .axis_desc_style(font(AXIS_DESC_SIZE))
            .label_style(font(LABEL_SIZE))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(palette::LIGHT)
            .draw()?;
        chart.draw_series(LineSeries::new(
            [(-0.5, 0.0), (np as f64 - 0.5, 0.0)],
            palette::BLACK.stroke_width(2),
        ))?;
        let (plot_right, plot_top) = rel(area, chart.backend_coord(&(np as f64 - 0.5, y1)));
        let lx = plot_right + 30;
        area.draw_text(
            "Interviewer",
            &anchored(super::bold(LABEL_SIZE), HPos::Left, VPos::Center),
            (lx, plot_top + 10),
        )?;
        for (i, s) in sel.iter().enumerate() {
            let col = palette::SERIES[i % palette::SERIES.len()];
            let pts: Vec<Option<(i32, i32)>> = (0..np)
                .map(|j| {
                    finite(s.values.get(j).copied().flatten())
                        .map(|v| rel(area, chart.backend_coord(&(j as f64, v))))
                })
                .collect();
            for w in pts.windows(2) {
                if let [Some(a), Some(b)] = w {
                    area.draw(&PathElement::new(vec![*a, *b], col.stroke_width(3)))?;
                }
            }
            for p in pts.iter().flatten() {
                marker(area, i, *p, col)?;
            }
            let ly = plot_top + 50 + 40 * i as i32;
            area.draw(&PathElement::new(vec![(lx, ly), (lx + 36, ly)], col.stroke_width(3)))?;
            marker(area, i, (lx + 18, ly), col)?;
            let label = legend_label(&sel, i);
            area.draw_text(&label, &anchored(font(LABEL_SIZE), HPos::Left, VPos::Center), (lx + 48, ly))?;
        }
        Ok(())
    }
}

/// The legend's label of `sel[i]`. Only an interviewer flagged as drifting is named: a name beside a
/// steep line reads as a finding the test did not make, so the others, drawn for comparison, are
/// lettered in legend order ("not flagged A").
fn legend_label(sel: &[&DriftSeries], i: usize) -> String {
    let s = sel[i];
    if s.flagged {
        format!("{} (drifting)", fit_label(&s.interviewer, LABEL_SIZE, 250.0, false))
    } else {
        let k = sel[..i].iter().filter(|x| !x.flagged).count();
        format!("not flagged {}", char::from(b'A' + (k % 26) as u8))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_flagged_interviewers_are_named() {
        use super::{legend_label, DriftSeries};
        let mk = |id: &str, flagged: bool| DriftSeries {
            interviewer: id.into(),
            values: vec![Some(0.1)],
            flagged,
        };
        let (a, b, c) = (mk("I1", true), mk("I2", false), mk("I3", false));
        let sel = vec![&a, &b, &c];
        let labels: Vec<String> = (0..3).map(|i| legend_label(&sel, i)).collect();
        assert_eq!(labels, ["I1 (drifting)", "not flagged A", "not flagged B"]);
    }

    use super::super::super::render::testutil::check_chart;
    use super::*;

    fn sample() -> DriftData {
        let periods: Vec<String> = (0..8).map(|i| format!("{}Q{}", 2023 + i / 4, i % 4 + 1)).collect();
        let series = (0..12)
            .map(|k| DriftSeries {
                interviewer: format!("interviewer_{k:02}"),
                values: (0..8)
                    .map(|j| {
                        if (j + k) % 7 == 3 {
                            None
                        } else {
                            Some((k as f64 - 6.0) * 0.05 + if k < 2 { 0.08 * j as f64 } else { 0.0 })
                        }
                    })
                    .collect(),
                flagged: k < 2,
            })
            .collect();
        DriftData::new(periods, series)
    }

    #[test]
    fn selects_flagged_then_extreme() {
        let d = sample();
        let s = d.selected();
        assert_eq!(s.len(), 6);
        assert!(s[0].flagged && s[1].flagged);
        assert!(!s[2].flagged);
    }

    #[test]
    fn writes_all_formats() {
        check_chart(&sample());
        let mut long = sample();
        long.periods = (0..30).map(|i| format!("{}Q{}", 2018 + i / 4, i % 4 + 1)).collect();
        check_chart(&long);
        check_chart(&DriftData::new(vec![], vec![]));
    }
}
