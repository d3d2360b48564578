//! Forest plot of question validity: raw (hollow) and range-restriction-corrected (filled) correlations
//! with the outcome, with intervals, grouped by competency, against the published structured-interview
//! benchmarks, with each question's verdict at the row end.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::render::{Chart, ChartError};
use super::{
    anchored, bold, dashed_line, draw_header, draw_legend, draw_no_data, finite, finite_pair, fit_label,
    fmt_num, font, padded_range, palette, rel, Mark, AXIS_DESC_SIZE, LABEL_SIZE, LEFT,
};

/// One question (or competency) row of the forest plot.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ValidityRow {
    /// Question label (id or short text); long labels are truncated with "…".
    pub label: String,
    /// Competency the question belongs to; rows are grouped by it (in order of first appearance).
    pub competency: Option<String>,
    /// Raw Pearson r among hires.
    pub raw: Option<f64>,
    /// Interval of the raw r (at the run's confidence level).
    pub raw_ci: Option<(f64, f64)>,
    /// Range-restriction-corrected validity.
    pub corrected: Option<f64>,
    /// Interval of the corrected validity.
    pub corrected_ci: Option<(f64, f64)>,
    /// Verdict: `predictive`, `no_evidence`, `counter_predictive` or `insufficient_data`.
    pub verdict: String,
}

/// Data for the question validity forest plot.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QuestionValidityData {
    /// The intervals' confidence level as a label (`95%`, from `[analysis] confidence`).
    pub level: String,
    /// Name of the outcome the validities refer to (e.g. `perf_rating_12m`).
    pub outcome: String,
    /// One row per question.
    pub rows: Vec<ValidityRow>,
    /// Reference validities drawn as vertical dashed lines: (label, value).
    pub benchmarks: Vec<(String, f64)>,
}

/// A line of the forest plot, top to bottom.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum ForestLine {
    /// A competency group header.
    Header(String),
    /// The question row with this index in `rows`.
    Row(usize),
}

/// The published benchmarks for structured interviews: Sackett et al. (2022) .42, Schmidt & Hunter (1998) .51.
pub fn default_benchmarks() -> Vec<(String, f64)> {
    vec![("Sackett et al. 2022: .42".to_string(), 0.42), ("Schmidt & Hunter 1998: .51".to_string(), 0.51)]
}

/// Display text and colour of a verdict.
pub fn verdict_style(verdict: &str) -> (String, RGBColor) {
    match verdict.trim().to_ascii_lowercase().replace(['_', '-'], " ").as_str() {
        "predictive" => ("predictive".to_string(), palette::GREEN),
        "counter predictive" => ("counter-predictive".to_string(), palette::VERMILLION),
        "no evidence" => ("no evidence".to_string(), palette::GREY),
        "insufficient data" => ("insufficient data".to_string(), palette::GREY),
        other => (other.to_string(), palette::GREY),
    }
}

impl QuestionValidityData {
    /// Lines top to bottom: rows grouped by competency in order of first appearance, questions without a
    /// competency last (under "Other" when any other group exists); no headers when no row has one.
    pub fn lines(&self) -> Vec<ForestLine> {
        let mut groups: Vec<Option<String>> = Vec::new();
        for r in &self.rows {
            let c = r.competency.clone().filter(|c| !c.trim().is_empty());
            if !groups.contains(&c) {
                groups.push(c);
            }
        }
        groups.sort_by_key(|g| g.is_none());
        let any_named = groups.iter().any(Option::is_some);
        let mut out = Vec::new();
        for g in &groups {
            if any_named {
                out.push(ForestLine::Header(g.clone().unwrap_or_else(|| "Other".to_string())));
            }
            for (i, r) in self.rows.iter().enumerate() {
                if r.competency.clone().filter(|c| !c.trim().is_empty()) == *g {
                    out.push(ForestLine::Row(i));
                }
            }
        }
        out
    }

    /// Whether any row has a finite value to draw.
    pub fn has_data(&self) -> bool {
        self.rows.iter().any(|r| finite(r.raw).is_some() || finite(r.corrected).is_some())
    }

    /// The x range: all finite values and intervals, 0 and the benchmarks, within [−1, 1].
    pub fn x_range(&self) -> (f64, f64) {
        let vals = self.rows.iter().flat_map(|r| {
            let ci = |c: Option<(f64, f64)>| finite_pair(c).map(|(a, b)| [a, b]).unwrap_or([f64::NAN; 2]);
            [finite(r.raw), finite(r.corrected)]
                .into_iter()
                .map(|v| v.unwrap_or(f64::NAN))
                .chain(ci(r.raw_ci))
                .chain(ci(r.corrected_ci))
                .collect::<Vec<_>>()
        });
        let mut always = vec![-0.2, 0.0, 0.6];
        always.extend(self.benchmarks.iter().map(|b| b.1).filter(|v| v.is_finite()));
        let (lo, hi) = padded_range(vals, &always, 0.05);
        (lo.max(-1.0), hi.min(1.0))
    }
}

impl Chart for QuestionValidityData {
    fn name(&self) -> &'static str {
        "question_validity"
    }

    fn size(&self) -> (u32, u32) {
        (1600, (300 + 36 * self.lines().len() as u32).clamp(1000, 4000))
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let title = format!("Which interview questions predict {}?", self.outcome);
        if !self.has_data() {
            return draw_no_data(
                area,
                &title,
                "No question has a validity estimate (too few hires with outcomes).",
            );
        }
        let body = draw_header(
            area,
            &title,
            &format!(
                "Correlation of each question's score with the outcome among hires, with {} intervals; \
                 corrected = adjusted for range restriction (hires were selected on these scores)",
                self.level
            ),
        )?;
        let n_bench = self.benchmarks.iter().filter(|b| b.1.is_finite()).count() as u32;
        let band_h = 60 + 28 * n_bench.max(1);
        let (band, plot) = body.split_vertically(band_h);
        draw_legend(
            &band,
            (LEFT, 22),
            &[
                (Mark::Hollow(palette::ORANGE), "raw r among hires".to_string()),
                (Mark::Filled(palette::BLUE), "corrected validity".to_string()),
                (Mark::Dashed(palette::GREY), "published benchmarks".to_string()),
            ],
        )?;

        let lines = self.lines();
        let n = lines.len().max(1);
        let label_w: u32 = 420;
        let (x0, x1) = self.x_range();
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(10)
            .margin_right(260)
            .margin_bottom(16)
            .x_label_area_size(80)
            .y_label_area_size(label_w)
            .build_cartesian_2d(x0..x1, -0.6..(n as f64 - 0.4))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(12)
            .x_label_formatter(&|v| fmt_num(*v, 1))
            .x_desc("Correlation with the outcome (r)")
            .axis_desc_style(font(AXIS_DESC_SIZE))
            .label_style(font(LABEL_SIZE))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(palette::LIGHT)
            .draw()?;

        let y_of = |i: usize| (n - 1 - i) as f64;
        let px = |x: f64, y: f64| rel(area, chart.backend_coord(&(x, y)));
        let (plot_left, plot_top) = px(x0, n as f64 - 0.4);
        let (plot_right, plot_bottom) = px(x1, -0.6);

        // Reference lines: 0 solid, benchmarks dashed with staggered labels above the plot.
        let (zx, _) = px(0.0, 0.0);
        area.draw(&PathElement::new(
            vec![(zx, plot_top), (zx, plot_bottom)],
            palette::BLACK.stroke_width(2),
        ))?;
        let shown = self.benchmarks.iter().filter(|b| b.1.is_finite() && b.1 >= x0 && b.1 <= x1);
        for (k, (label, v)) in (0i32..).zip(shown) {
            let (bx, _) = px(*v, 0.0);
            dashed_line(
                area,
                (bx, plot_top - 8 - 28 * (n_bench as i32 - 1 - k)),
                (bx, plot_bottom),
                palette::GREY,
                2,
            )?;
            let ty = plot_top - 10 - 28 * (n_bench as i32 - 1 - k);
            area.draw_text(
                label,
                &anchored(font(super::MIN_TEXT_PX).color(&palette::GREY), HPos::Left, VPos::Bottom),
                (bx + 6, ty),
            )?;
        }

        for (li, line) in lines.iter().enumerate() {
            let y = y_of(li);
            let (_, py) = px(x0, y);
            match line {
                ForestLine::Header(name) => {
                    if li > 0 {
                        let (_, sy) = px(x0, y + 0.5);
                        area.draw(&PathElement::new(
                            vec![(LEFT, sy), (plot_right, sy)],
                            palette::LIGHT.stroke_width(2),
                        ))?;
                    }
                    let text = fit_label(name, 22.0, f64::from(label_w) - 20.0, true);
                    area.draw_text(&text, &anchored(bold(22.0), HPos::Left, VPos::Center), (LEFT, py))?;
                }
                ForestLine::Row(i) => {
                    let Some(r) = self.rows.get(*i) else { continue };
                    let text = fit_label(&r.label, LABEL_SIZE, f64::from(label_w) - 70.0, false);
                    area.draw_text(
                        &text,
                        &anchored(font(LABEL_SIZE), HPos::Right, VPos::Center),
                        (plot_left - 14, py),
                    )?;
                    let series = [
                        (
                            finite(r.raw),
                            finite_pair(r.raw_ci),
                            y + 0.17,
                            Mark::Hollow(palette::ORANGE),
                            palette::ORANGE,
                        ),
                        (
                            finite(r.corrected),
                            finite_pair(r.corrected_ci),
                            y - 0.17,
                            Mark::Filled(palette::BLUE),
                            palette::BLUE,
                        ),
                    ];
                    for (v, ci, yy, mark, col) in series {
                        if let Some((a, b)) = ci {
                            let (pa, ppy) = px(a.clamp(x0, x1), yy);
                            let (pb, _) = px(b.clamp(x0, x1), yy);
                            area.draw(&PathElement::new(vec![(pa, ppy), (pb, ppy)], col.stroke_width(3)))?;
                            for e in [pa, pb] {
                                area.draw(&PathElement::new(
                                    vec![(e, ppy - 6), (e, ppy + 6)],
                                    col.stroke_width(2),
                                ))?;
                            }
                        }
                        if let Some(v) = v.filter(|v| *v >= x0 && *v <= x1) {
                            draw_mark_at(area, mark, px(v, yy))?;
                        }
                    }
                    let (vt, vc) = verdict_style(&r.verdict);
                    area.draw_text(
                        &fit_label(&vt, LABEL_SIZE, 240.0, false),
                        &anchored(font(LABEL_SIZE).color(&vc), HPos::Left, VPos::Center),
                        (plot_right + 16, py),
                    )?;
                }
            }
        }
        Ok(())
    }
}

fn draw_mark_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mark: Mark,
    p: (i32, i32),
) -> Result<(), ChartError> {
    super::draw_mark(area, mark, p)
}

#[cfg(test)]
mod tests {
    use super::super::super::render::testutil::check_chart;
    use super::*;

    /// Ten questions in four competencies, with a mix of verdicts.
    pub fn sample() -> QuestionValidityData {
        let comps = ["Problem solving", "Communication", "Collaboration", "Technical depth"];
        let verdicts = ["predictive", "no_evidence", "counter_predictive", "insufficient_data"];
        let rows = (0..10)
            .map(|i| {
                let raw = 0.25 - 0.06 * i as f64;
                let corr = raw * 1.5 + 0.05;
                ValidityRow {
                    label: if i == 3 {
                        "Tell me about a time you had to change a decision after new evidence came in"
                            .to_string()
                    } else {
                        format!(
                            "Q{} {}",
                            i + 1,
                            ["system design", "debugging", "ownership", "feedback"][i % 4]
                        )
                    },
                    competency: Some(comps[i % 4].to_string()),
                    raw: Some(raw),
                    raw_ci: Some((raw - 0.2, raw + 0.2)),
                    corrected: if i == 9 { None } else { Some(corr) },
                    corrected_ci: if i == 9 { None } else { Some((corr - 0.25, corr + 0.22)) },
                    verdict: verdicts[i % 4].to_string(),
                }
            })
            .collect();
        QuestionValidityData {
            level: "95%".into(),
            outcome: "perf_rating_12m".to_string(),
            rows,
            benchmarks: default_benchmarks(),
        }
    }

    #[test]
    fn groups_rows_by_competency() {
        let d = sample();
        let lines = d.lines();
        assert_eq!(lines.len(), 14);
        assert_eq!(lines[0], ForestLine::Header("Problem solving".to_string()));
        assert_eq!(lines[1], ForestLine::Row(0));
        assert_eq!(lines[2], ForestLine::Row(4));
        let (lo, hi) = d.x_range();
        assert!(lo <= -0.2 && hi >= 0.51 && lo >= -1.0 && hi <= 1.0);
    }

    #[test]
    fn writes_all_formats() {
        check_chart(&sample());
    }

    #[test]
    fn empty_and_nan_data_render() {
        let mut d = sample();
        d.rows.iter_mut().for_each(|r| {
            r.raw = Some(f64::NAN);
            r.corrected = None;
            r.raw_ci = Some((f64::NEG_INFINITY, 0.2));
        });
        check_chart(&d);
        check_chart(&QuestionValidityData {
            level: "95%".into(),
            outcome: "x".into(),
            rows: vec![],
            benchmarks: vec![],
        });
    }

    #[test]
    fn verdict_names() {
        assert_eq!(verdict_style("counter_predictive").0, "counter-predictive");
        assert_eq!(verdict_style("no_evidence").1, palette::GREY);
    }
}
