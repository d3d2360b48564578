//! The report's charts, each fed its prepared data from [`Results`] (the numbers and the choice of who
//! is drawn come from the core; [`super::assemble`] only places them).

use crate::analysis::Results;
use crate::report::assemble;
use crate::report::charts::{
    DStudyData, DistributionData, DriftData, FunnelData, ImpactRatiosData, LeniencyData, OutcomeByScoreData,
    PanelReliabilityData, QuadrantData, QuestionValidityData,
};
use crate::report::render::{chart_files, svg_string, Chart, Format};

/// Every chart of a report.
pub struct ChartSet {
    /// Validity per question.
    pub validity: QuestionValidityData,
    /// Decision weight against validity.
    pub quadrant: QuadrantData,
    /// Interviewer leniency (caterpillar).
    pub leniency: LeniencyData,
    /// Leniency against volume.
    pub funnel: FunnelData,
    /// Use of the scale.
    pub distribution: DistributionData,
    /// Leniency by quarter.
    pub drift: DriftData,
    /// Outcome by panel score.
    pub outcome: OutcomeByScoreData,
    /// Reliability against panel size.
    pub reliability: PanelReliabilityData,
    /// Impact ratios, with `--groups`.
    pub impact: Option<ImpactRatiosData>,
    /// The D-study.
    pub d_study: DStudyData,
}

impl ChartSet {
    /// The charts of a full run; interviewers and questions under `min_cell` are left out.
    pub fn of(res: &Results) -> crate::error::Result<ChartSet> {
        let (q, iv, p, v) = (res.questions()?, res.interviewers()?, res.panel()?, res.views()?);
        let min_cell = res.settings.min_cell;
        Ok(ChartSet {
            validity: assemble::question_validity(q, min_cell),
            quadrant: assemble::question_quadrant(q, min_cell),
            leniency: assemble::interviewer_leniency(iv, min_cell),
            funnel: assemble::interviewer_funnel(iv, v.funnel, min_cell),
            distribution: assemble::interviewer_distribution(iv, &v.distributions, min_cell),
            drift: assemble::interviewer_drift(iv, &v.drift),
            outcome: assemble::outcome_by_score(q),
            reliability: assemble::panel_reliability(p, &v.reliability),
            impact: res.fairness.as_ref().map(crate::report::fairness::impact_chart),
            d_study: assemble::d_study(p),
        })
    }

    /// Every chart's files in `formats`: (file name, bytes).
    pub fn files(&self, formats: &[Format]) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
        let mut out = Vec::new();
        out.extend(chart_files(&self.validity, formats)?);
        out.extend(chart_files(&self.quadrant, formats)?);
        out.extend(chart_files(&self.leniency, formats)?);
        out.extend(chart_files(&self.funnel, formats)?);
        out.extend(chart_files(&self.distribution, formats)?);
        out.extend(chart_files(&self.drift, formats)?);
        out.extend(chart_files(&self.outcome, formats)?);
        out.extend(chart_files(&self.reliability, formats)?);
        if let Some(impact) = &self.impact {
            out.extend(chart_files(impact, formats)?);
        }
        out.extend(chart_files(&self.d_study, formats)?);
        Ok(out)
    }
}

/// Any chart, drawn as inline SVG for the HTML page and the PDF.
pub trait ErasedChart {
    /// The chart as SVG (text as paths).
    fn svg(&self) -> anyhow::Result<String>;
}

impl<C: Chart> ErasedChart for C {
    fn svg(&self) -> anyhow::Result<String> {
        svg_string(self)
    }
}
