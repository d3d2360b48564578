//! Each interviewer's score distribution as a 100% stacked horizontal bar over the scale points, sorted by
//! mean score: narrow-range and extreme raters stand out at a glance.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::render::{text_width_px, Chart, ChartError};
use super::{
    anchored, diverging, draw_header, draw_legend, draw_no_data, finite, fit_label, fmt_num, font, is_dark,
    palette, rel, Mark, AXIS_DESC_SIZE, LABEL_SIZE, LEFT,
};

/// One interviewer's distribution.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DistributionRow {
    /// Interviewer id or name.
    pub interviewer: String,
    /// Mean score (sort key).
    pub mean: Option<f64>,
    /// Share or count of ratings at each scale point, aligned with `scale_points` (normalised to 100%).
    pub shares: Vec<f64>,
    /// Number of ratings.
    pub n: usize,
    /// The interviewer has a flag: always shown (within the cap), marked `*`.
    pub flagged: bool,
}

/// Data for the score distribution chart.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DistributionData {
    /// Scale point labels, lowest first (e.g. "1 strong no" … "4 strong yes").
    pub scale_points: Vec<String>,
    /// One row per interviewer.
    pub rows: Vec<DistributionRow>,
    /// Most bars drawn; when there are more, the flagged interviewers are kept, then those whose mean
    /// is furthest from the average.
    pub max_rows: usize,
}

/// Rows ready to draw.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PreparedDistribution {
    /// (interviewer, `*` after a flagged one's, mean, normalised shares, n), highest mean first.
    pub rows: Vec<(String, Option<f64>, Vec<f64>, usize)>,
    /// Rows left out because of the cap.
    pub omitted: usize,
}

impl DistributionData {
    /// Data with the default cap of 40 bars.
    pub fn new(scale_points: Vec<String>, rows: Vec<DistributionRow>) -> Self {
        Self { scale_points, rows, max_rows: 40 }
    }

    /// Normalises, caps the rows (flagged first, then the means furthest from the rating-weighted
    /// average) and sorts them by mean (highest first; no mean last).
    pub fn prepare(&self) -> PreparedDistribution {
        let k = self.scale_points.len();
        type Row = (String, Option<f64>, Vec<f64>, usize, bool);
        let mut rows: Vec<Row> = self
            .rows
            .iter()
            .filter_map(|r| {
                let mut s: Vec<f64> = (0..k)
                    .map(|i| r.shares.get(i).copied().filter(|v| v.is_finite() && *v > 0.0).unwrap_or(0.0))
                    .collect();
                let total: f64 = s.iter().sum();
                if total <= 0.0 {
                    return None;
                }
                s.iter_mut().for_each(|v| *v /= total);
                let label = if r.flagged { format!("{} *", r.interviewer) } else { r.interviewer.clone() };
                Some((label, finite(r.mean), s, r.n, r.flagged))
            })
            .collect();
        let cap = self.max_rows.max(2);
        let omitted = rows.len().saturating_sub(cap);
        if omitted > 0 {
            let (sum, n) = rows
                .iter()
                .filter_map(|r| r.1.map(|m| (m * r.3 as f64, r.3 as f64)))
                .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
            let overall = if n > 0.0 { sum / n } else { 0.0 };
            let far = |r: &Row| r.1.map_or(f64::NEG_INFINITY, |m| (m - overall).abs());
            rows.sort_by(|a, b| b.4.cmp(&a.4).then(far(b).total_cmp(&far(a))));
            rows.truncate(cap);
        }
        rows.sort_by(|a, b| match (a.1, b.1) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.0.cmp(&b.0),
        });
        let rows = rows.into_iter().map(|(l, m, s, n, _)| (l, m, s, n)).collect();
        PreparedDistribution { rows, omitted }
    }
}

impl Chart for DistributionData {
    fn name(&self) -> &'static str {
        "interviewer_distribution"
    }

    fn size(&self) -> (u32, u32) {
        let n = self.prepare().rows.len();
        (1600, super::row_chart_height(n.div_ceil(super::row_columns(n))))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let title = "How each interviewer uses the rating scale";
        let p = self.prepare();
        if p.rows.is_empty() || self.scale_points.is_empty() {
            return draw_no_data(area, title, "No interviewer has ratings on the scale.");
        }
        let mut sub =
            "Share of each interviewer's ratings at each scale point, sorted by mean score (highest first); \
             * flagged."
                .to_string();
        if p.omitted > 0 {
            sub.push_str(&format!(
                " Showing {} of {} interviewers: the flagged ones, then those whose mean is furthest from the \
                 average.",
                p.rows.len(),
                p.rows.len() + p.omitted
            ));
        }
        let body = draw_header(area, title, &sub)?;
        let (band, plot) = body.split_vertically(50);
        let k = self.scale_points.len();
        let items: Vec<(Mark, String)> = self
            .scale_points
            .iter()
            .enumerate()
            .map(|(i, s)| (Mark::Square(diverging(i, k)), super::truncate_label(s, 22)))
            .collect();
        draw_legend(&band, (LEFT, 22), &items)?;
        // Highest means first: down the first column, then the next.
        let cols = super::row_columns(p.rows.len());
        let per = p.rows.len().div_ceil(cols).max(1);
        let areas = plot.split_evenly((1, cols));
        for (rows, column) in p.rows.chunks(per).zip(&areas) {
            draw_column(area, column, rows, k, per, cols > 1)?;
        }
        Ok(())
    }
}

/// A prepared row: (label, mean, shares, n).
type Row = (String, Option<f64>, Vec<f64>, usize);

/// Draws one column of bars on `column` (a part of the chart's `area`), `per` rows tall over a scale of
/// `k` points; `narrow` when there are several columns.
fn draw_column<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    column: &DrawingArea<DB, Shift>,
    rows: &[Row],
    k: usize,
    per: usize,
    narrow: bool,
) -> Result<(), ChartError> {
    let label_w: u32 = if narrow { 200 } else { 330 };
    let mut chart = ChartBuilder::on(column)
        .margin_left(10)
        .margin_right(if narrow { 150 } else { 190 })
        .margin_bottom(16)
        .x_label_area_size(80)
        .y_label_area_size(label_w)
        .build_cartesian_2d(0.0..1.0, -0.5..(per as f64 - 0.5))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_x_mesh()
        .y_labels(0)
        .x_labels(if narrow { 5 } else { 6 })
        .x_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .x_desc("Share of ratings")
        .axis_desc_style(font(AXIS_DESC_SIZE))
        .label_style(font(LABEL_SIZE))
        .draw()?;
    let px = |x: f64, y: f64| rel(area, chart.backend_coord(&(x, y)));
    let (_, r_top) = px(1.0, per as f64 - 0.5);
    let (plot_right, _) = px(1.0, 0.0);
    let row_size = super::MIN_TEXT_PX;
    area.draw_text(
        "mean (n)",
        &anchored(font(row_size).color(&palette::GREY), HPos::Left, VPos::Bottom),
        (plot_right + 14, r_top - 4),
    )?;
    for (i, (name, mean, shares, cnt)) in rows.iter().enumerate() {
        let y = (per - 1 - i) as f64;
        let mut acc = 0.0;
        for (j, s) in shares.iter().enumerate() {
            if *s <= 0.0 {
                continue;
            }
            let col = diverging(j, k);
            let (a, top) = px(acc, y + 0.38);
            let (b, bot) = px(acc + s, y - 0.38);
            area.draw(&Rectangle::new([(a, top), (b, bot)], col.filled()))?;
            let pct = format!("{:.0}%", s * 100.0);
            if f64::from(b - a) > text_width_px(&pct, row_size, false) + 8.0 && bot - top >= 18 {
                let tc = if is_dark(col) { WHITE } else { palette::BLACK };
                area.draw_text(
                    &pct,
                    &anchored(font(row_size).color(&tc), HPos::Center, VPos::Center),
                    ((a + b) / 2, (top + bot) / 2),
                )?;
            }
            acc += s;
        }
        let (l, py) = px(0.0, y);
        area.draw_text(
            &fit_label(name, row_size, f64::from(label_w) - 40.0, false),
            &anchored(font(row_size), HPos::Right, VPos::Center),
            (l - 12, py),
        )?;
        let m = mean.map(|m| fmt_num(m, 2)).unwrap_or_else(|| "—".to_string());
        area.draw_text(
            &format!("{m} ({cnt})"),
            &anchored(font(row_size), HPos::Left, VPos::Center),
            (plot_right + 14, py),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::super::render::testutil::check_chart;
    use super::*;

    fn sample(n: usize) -> DistributionData {
        let scale = ["1 strong no", "2 no", "3 yes", "4 strong yes"].map(String::from).to_vec();
        let rows = (0..n)
            .map(|i| {
                let t = (i * 37 % 41) as f64 / 41.0;
                let shares = vec![0.3 * (1.0 - t) + 0.02, 0.35 - 0.1 * t, 0.25 + 0.1 * t, 0.1 + 0.3 * t];
                let mean = shares.iter().enumerate().map(|(j, s)| (j + 1) as f64 * s).sum::<f64>()
                    / shares.iter().sum::<f64>();
                DistributionRow {
                    interviewer: format!("interviewer_{i:03}"),
                    mean: Some(mean),
                    shares,
                    n: 50 + i,
                    flagged: i == 50,
                }
            })
            .collect();
        DistributionData::new(scale, rows)
    }

    #[test]
    fn normalises_sorts_and_caps() {
        let mut d = sample(100);
        d.rows.push(DistributionRow {
            interviewer: "empty".into(),
            mean: None,
            shares: vec![0.0; 4],
            n: 0,
            flagged: false,
        });
        d.rows.push(DistributionRow {
            interviewer: "counts".into(),
            mean: Some(9.0),
            shares: vec![2.0, f64::NAN, 2.0],
            n: 4,
            flagged: false,
        });
        let p = d.prepare();
        assert_eq!(p.rows.len(), 40);
        assert_eq!(p.omitted, 61);
        assert_eq!(p.rows[0].0, "counts");
        assert_eq!(p.rows[0].2, vec![0.5, 0.0, 0.5, 0.0]);
        assert!(p.rows.windows(2).all(|w| w[0].1 >= w[1].1));
        // A flagged interviewer is kept whatever its mean, and marked.
        assert!(
            p.rows.iter().any(|r| r.0 == "interviewer_050 *"),
            "{:?}",
            p.rows.iter().map(|r| &r.0).collect::<Vec<_>>()
        );
        for r in &p.rows {
            assert!((r.2.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn writes_all_formats() {
        check_chart(&sample(40));
        check_chart(&DistributionData::new(vec![], vec![]));
    }
}
