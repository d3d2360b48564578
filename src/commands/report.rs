//! `hirecal report`: run every analysis and write the outputs into `--out`: summary.json,
//! questions.csv, interviewers.csv, charts, report.html and report.pdf.

use std::path::PathBuf;

use crate::analysis::provenance::RunInfo;
use crate::analysis::{Analysis, Inputs, Options, Parts, Results};
use crate::commands::args::RunConfig;
use crate::report::chart_set::ChartSet;
use crate::report::document::Document;
use crate::report::export::{self, Exporter};
use crate::report::files::{prepare_out_dir, write_atomic, DirSink};
use crate::report::render::Format;

use clap::{Args, ValueEnum};

use super::args::{parse_fdr, AnalysisArgs, InputArgs};

/// Chart formats for `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartFormat {
    /// PNG.
    Png,
    /// SVG.
    Svg,
    /// PDF.
    Pdf,
    /// No charts.
    None,
}

/// `hirecal report` flags.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Statistics.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Output directory.
    #[arg(long, default_value = "reports")]
    pub out: PathBuf,
    /// Where a generated --pseudonymize key is written; default beside --out, not inside it
    /// (`--out reports` → reports.pseudonymize.key), so the folder can be shared without it.
    #[arg(long, value_name = "FILE", requires = "pseudonymize")]
    pub key_file: Option<PathBuf>,
    /// Chart formats, comma-separated; none draws no chart at all (no chart files, and no charts in
    /// report.html or report.pdf).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "png,svg,pdf")]
    pub charts: Vec<ChartFormat>,
    /// Interviewers with fewer scorecards than this (and questions rated for fewer candidates) are
    /// left out of the charts, since small cells identify people; the report says who was left out,
    /// and they stay in the tables. With --groups, groups and group cells under N are suppressed
    /// everywhere (tables, charts, JSON).
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = super::args::parse_min_cell, allow_negative_numbers = true)]
    pub min_cell: usize,
    /// Groups file (CSV or .parquet: candidate_id plus group columns such as gender): adds the adverse-impact
    /// analysis (`fairness` in summary.json, a report section and the impact-ratio chart). See `hirecal fairness --help`.
    #[arg(long, value_name = "FILE")]
    pub groups: Option<PathBuf>,
    /// Paper size of report.pdf (landscape).
    #[arg(long, value_enum, default_value_t = crate::report::pdf::Paper::A4)]
    pub paper: crate::report::pdf::Paper,
    /// Quote each row problem's first message in summary.json (`inputs.dropped[].example`). Messages
    /// quote values from the row, candidate ids among them, so by default the example names only the
    /// file and line; `hirecal check` prints the messages on your terminal.
    #[arg(long)]
    pub with_examples: bool,
    /// False-discovery rate of interviewer flags, per flag kind (default 0.10, or [analysis] flag_fdr).
    /// Example: --flag-fdr 0.05 for fewer, surer flags.
    #[arg(long, value_name = "Q", value_parser = parse_fdr)]
    pub flag_fdr: Option<f64>,
    /// Calibration cards: `pdf` writes interviewer_cards.pdf, one page per interviewer with at least
    /// --min-cell scorecards, flagged first (honours --pseudonymize); `none` skips it.
    /// Example: --cards none
    #[arg(long, value_enum, default_value_t = Cards::Pdf)]
    pub cards: Cards,
}

/// Whether `report` writes the calibration cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Cards {
    /// interviewer_cards.pdf.
    Pdf,
    /// No cards.
    None,
}

/// Runs `report`: load, analyse everything, export every output into `--out`.
pub fn run(args: &ReportArgs) -> anyhow::Result<()> {
    let mut rc = RunConfig::from_args(&args.input)?;
    // Provenance records each input's SHA-256: CSV inputs are hashed as they are read.
    rc.hash_inputs = true;
    let phase = rc.progress.phase("load");
    let (mut ds, notes) = rc.load()?;
    super::tell_what_happened(&ds, &notes);
    drop(phase);
    if !args.with_examples && rc.pseudonymize_key.is_none() {
        crate::privacy::withhold_examples(
            &mut ds,
            "from the report; see `hirecal check` or use --with-examples",
        );
    }
    let groups = match &args.groups {
        Some(path) => Some(super::fairness::read_groups(&rc, &mut ds, path)?),
        None => None,
    };
    let inputs = Inputs { dataset: ds, notes, groups };
    let opts = Options {
        parts: Parts::all(),
        outcome: rc.outcome.clone(),
        validity: args.analysis.validity_options(&rc),
        interviewers: super::interviewers::options(&rc, None, args.flag_fdr),
        panel: super::panel::options(&rc),
        fairness: super::fairness::options(&rc, args.min_cell),
        min_cell: args.min_cell,
        run: RunInfo {
            command_line: redact_key(std::env::args()),
            // The configuration as the readers used it (an ATS source sets its own columns and scale).
            config: crate::ingest::ats::effective_config(&rc.config)?,
        },
        progress: rc.progress.clone(),
    };
    let res = Analysis::new(&inputs, &opts).run()?;
    write_outputs(args, &rc, &res)
}

/// Writes every output of `res` into `--out` (and the generated pseudonymization key beside it), then
/// tells what was written.
fn write_outputs(args: &ReportArgs, rc: &RunConfig, res: &Results) -> anyhow::Result<()> {
    let mut given: Vec<PathBuf> = vec![rc.inputs.scorecards.clone()];
    given.extend(rc.inputs.outcomes.iter().cloned());
    given.extend(rc.inputs.questions.iter().cloned());
    given.extend(rc.config_path.iter().cloned());
    given.extend(args.groups.iter().cloned());
    let names = [
        "summary.json",
        "questions.csv",
        "interviewers.csv",
        "report.html",
        "report.pdf",
        "interviewer_cards.pdf",
        "pseudonymize.key",
    ];
    prepare_out_dir(&args.out, &given, &names)?;
    let _phase = rc.progress.phase("writing");
    let key_path = match (rc.key_generated, &rc.pseudonymize_key) {
        (true, Some(key)) => {
            let path = args.key_file.clone().unwrap_or_else(|| crate::privacy::default_key_path(&args.out));
            write_atomic(&path, format!("{key}\n").as_bytes())?;
            Some(path)
        }
        _ => None,
    };
    let sink = DirSink::new(&args.out);
    export::SummaryJson.export(res, &sink)?;
    export::Tables(args.analysis.precision.digits()).export(res, &sink)?;
    let formats: Vec<Format> = args
        .charts
        .iter()
        .filter_map(|c| match c {
            ChartFormat::Png => Some(Format::Png),
            ChartFormat::Svg => Some(Format::Svg),
            ChartFormat::Pdf => Some(Format::Pdf),
            ChartFormat::None => None,
        })
        .collect();
    let spinner = rc.progress.spinner("drawing charts and the report");
    let charts = ChartSet::of(res)?;
    export::Charts { charts: &charts, formats: formats.clone() }.export(res, &sink)?;
    let document = Document::of(res, &charts, !formats.is_empty())?;
    export::Report { document: &document, paper: args.paper }.export(res, &sink)?;
    let cards = if args.cards == Cards::Pdf {
        export::Cards(args.paper).export(res, &sink)?;
        format!(", interviewer_cards.pdf ({} cards)", export::Cards::count(res))
    } else {
        String::new()
    };
    spinner.done();
    let written = sink.written().iter().filter(|n| n.starts_with("charts/")).count();
    let (q, iv) = (res.questions()?, res.interviewers()?);
    let flagged = iv.interviewers.iter().filter(|i| i.is_flagged()).count();
    super::print(&format!(
        "wrote {dir}/: summary.json, questions.csv, interviewers.csv, report.html, report.pdf{cards}{charts}\n\
         {nq} questions ({pred} predictive), {ni} interviewers ({flagged} flagged), outcome: {out}\n\
         open {dir}/report.html to read it\n{key}",
        dir = args.out.display(),
        charts = if written > 0 { format!(", {written} chart files in charts/") } else { String::new() },
        nq = q.questions.len(),
        pred = q.questions.iter().filter(|q| q.stats.verdict.as_str() == "predictive").count(),
        ni = iv.interviewers.len(),
        out = q.outcome.as_ref().map_or("none", |o| o.name.as_str()),
        key = key_path.map_or(String::new(), |p| format!(
            "pseudonymization key written to {} — keep it private and out of the shared folder; pass it with --pseudonymize-key to get the same pseudonyms next time\n",
            p.display()
        )),
    ))
}

/// The command line with the value of `--pseudonymize-key` replaced: the key must not travel with
/// the report it protects.
pub fn redact_key(args: impl Iterator<Item = String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut hide_next = false;
    for a in args {
        if hide_next {
            out.push("<redacted>".to_string());
            hide_next = false;
        } else if a == "--pseudonymize-key" {
            hide_next = true;
            out.push(a);
        } else if a.starts_with("--pseudonymize-key=") {
            out.push("--pseudonymize-key=<redacted>".to_string());
        } else {
            out.push(a);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_redacted_from_the_command_line() {
        let args =
            ["hirecal", "report", "--pseudonymize-key", "s3cret", "--pseudonymize-key=s3cret", "--out", "x"];
        let r = redact_key(args.iter().map(|s| s.to_string()));
        assert!(!r.iter().any(|a| a.contains("s3cret")), "{r:?}");
        assert_eq!(r.len(), args.len());
    }
}
