//! Every output is an [`Exporter`] over [`Results`]: it renders what the core computed into named
//! byte streams and hands them to a [`Sink`] (a directory for `report`, standard output for the
//! single commands). Exporters compute no statistic and do no I/O of their own.

use crate::analysis::Results;
use crate::report::chart_set::ChartSet;
use crate::report::document::Document;
use crate::report::pdf::{report_pdf_bytes, Paper};
use crate::report::render::Format;
use crate::report::summary::Summary;

/// Where an exporter's output goes. `name` is a path relative to the output (`charts/x.png`); a sink
/// for standard output ignores it.
pub trait Sink: Sync {
    /// Takes one output.
    fn put(&self, name: &str, bytes: &[u8]) -> anyhow::Result<()>;
}

/// One output over [`Results`].
pub trait Exporter: Sync {
    /// Renders the results into `sink`.
    fn export(&self, results: &Results, sink: &dyn Sink) -> anyhow::Result<()>;
}

/// Whether CSV numbers keep full precision (`--precision full`) or the displayed digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    /// As displayed.
    Rounded,
    /// Full precision.
    Full,
}

/// How a single command shows its section on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An aligned text table (`colour`: ANSI colours, when stdout is a terminal).
    Table {
        /// Use ANSI colours.
        colour: bool,
    },
    /// The section of summary.json.
    Json,
    /// CSV.
    Csv(Digits),
}

fn json<T: serde::Serialize>(v: &T) -> anyhow::Result<Vec<u8>> {
    Ok((serde_json::to_string_pretty(v)? + "\n").into_bytes())
}

/// `hirecal questions`: the question analysis as a table, JSON or CSV.
pub struct Questions(pub Shape);

impl Exporter for Questions {
    fn export(&self, r: &Results, sink: &dyn Sink) -> anyhow::Result<()> {
        let q = r.questions()?;
        let bytes = match self.0 {
            Shape::Table { colour } => super::questions::table(q, colour).into_bytes(),
            Shape::Json => json(q)?,
            Shape::Csv(d) => super::questions::csv(q, d == Digits::Full),
        };
        sink.put("questions", &bytes)
    }
}

/// `hirecal interviewers`: the interviewer analysis as a table, JSON or CSV.
pub struct Interviewers(pub Shape);

impl Exporter for Interviewers {
    fn export(&self, r: &Results, sink: &dyn Sink) -> anyhow::Result<()> {
        let iv = r.interviewers()?;
        let bytes = match self.0 {
            Shape::Table { colour } => super::interviewers::table(iv, colour).into_bytes(),
            Shape::Json => json(iv)?,
            Shape::Csv(d) => super::interviewers::csv(iv, d == Digits::Full),
        };
        sink.put("interviewers", &bytes)
    }
}

/// `hirecal panel`: plain words and numbers, or the `panel` section of summary.json.
pub struct Panel(pub Shape);

impl Exporter for Panel {
    fn export(&self, r: &Results, sink: &dyn Sink) -> anyhow::Result<()> {
        let p = r.panel()?;
        let bytes = match self.0 {
            Shape::Json => json(&crate::analysis::panel::PanelReport { panel: p.clone() })?,
            _ => super::interviewers::panel_text(p).into_bytes(),
        };
        sink.put("panel", &bytes)
    }
}

/// `hirecal fairness`: adverse impact as a table, JSON, or one CSV section.
pub struct Fairness(pub Shape, pub super::fairness::CsvSection);

impl Exporter for Fairness {
    fn export(&self, r: &Results, sink: &dyn Sink) -> anyhow::Result<()> {
        let f = r.fairness()?;
        let bytes = match self.0 {
            Shape::Table { .. } => super::fairness::table(f).into_bytes(),
            Shape::Json => json(f)?,
            Shape::Csv(_) => super::fairness::csv(f, self.1),
        };
        sink.put("fairness", &bytes)
    }
}

/// summary.json.
pub struct SummaryJson;

impl Exporter for SummaryJson {
    fn export(&self, r: &Results, sink: &dyn Sink) -> anyhow::Result<()> {
        sink.put("summary.json", Summary::of(r)?.json()?.as_bytes())
    }
}

/// questions.csv and interviewers.csv.
pub struct Tables(pub Digits);

impl Exporter for Tables {
    fn export(&self, r: &Results, sink: &dyn Sink) -> anyhow::Result<()> {
        let full = self.0 == Digits::Full;
        sink.put("questions.csv", &super::questions::csv(r.questions()?, full))?;
        sink.put("interviewers.csv", &super::interviewers::csv(r.interviewers()?, full))
    }
}

/// The name of every chart `report` can draw (`Chart::name`; `impact_ratios` only with `--groups`):
/// with each [`Format`] they make the file names under `charts/` that [`own_outputs`] lists.
pub const CHART_NAMES: [&str; 10] = [
    "question_validity",
    "question_quadrant",
    "interviewer_leniency",
    "interviewer_funnel",
    "interviewer_distribution",
    "interviewer_drift",
    "outcome_by_score",
    "panel_reliability",
    "impact_ratios",
    "d_study",
];

/// The files `report` writes into `--out` whatever its flags.
pub const ALWAYS_WRITTEN: [&str; 5] =
    ["summary.json", "questions.csv", "interviewers.csv", "report.html", "report.pdf"];

/// Every file `report` can write into `--out`, relative to it (`charts/d_study.png`): the files a
/// later run may remove when it does not write them again, and no other.
pub fn own_outputs() -> Vec<String> {
    let mut names: Vec<String> = ALWAYS_WRITTEN.iter().map(|n| n.to_string()).collect();
    names.push("interviewer_cards.pdf".to_string());
    for chart in CHART_NAMES {
        for format in Format::ALL {
            names.push(format!("charts/{chart}.{}", format.extension()));
        }
    }
    names
}

/// The chart files under `charts/`, in each format.
pub struct Charts<'a> {
    /// The charts' data.
    pub charts: &'a ChartSet,
    /// Formats to write (none: nothing).
    pub formats: Vec<Format>,
}

impl Exporter for Charts<'_> {
    fn export(&self, _: &Results, sink: &dyn Sink) -> anyhow::Result<()> {
        for (name, bytes) in self.charts.files(&self.formats)? {
            sink.put(&format!("charts/{name}"), &bytes)?;
        }
        Ok(())
    }
}

/// report.html and report.pdf, from one [`Document`]; the PDF (fonts, vector tables) takes longest,
/// so the page is rendered beside it.
pub struct Report<'a> {
    /// The document.
    pub document: &'a Document,
    /// Paper size of the PDF.
    pub paper: Paper,
}

impl Exporter for Report<'_> {
    fn export(&self, _: &Results, sink: &dyn Sink) -> anyhow::Result<()> {
        let (page, pdf) = rayon::join(
            || sink.put("report.html", self.document.html().as_bytes()),
            || -> anyhow::Result<()> {
                let bytes = report_pdf_bytes(&self.document.pdf_pages(self.paper), self.paper)?;
                sink.put("report.pdf", &bytes)
            },
        );
        page?;
        pdf
    }
}

/// interviewer_cards.pdf: one calibration card per interviewer the core prepared a card for.
pub struct Cards(pub Paper);

impl Cards {
    /// The number of cards the results hold.
    pub fn count(r: &Results) -> usize {
        r.views.as_ref().map_or(0, |v| v.cards.len())
    }
}

impl Exporter for Cards {
    fn export(&self, r: &Results, sink: &dyn Sink) -> anyhow::Result<()> {
        let pages = super::cards::pages(r.interviewers()?, r.views()?);
        sink.put("interviewer_cards.pdf", &report_pdf_bytes(&pages, self.0)?)
    }
}
