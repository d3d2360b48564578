//! `hirecal report`: run every analysis and write the outputs into `--out`: summary.json,
//! questions.csv, interviewers.csv, charts, report.html and report.pdf.

use std::path::PathBuf;

use crate::analysis::provenance::RunInfo;
use crate::analysis::{Analysis, Inputs, Options, Parts, Results};
use crate::commands::args::RunConfig;
use crate::report::chart_set::ChartSet;
use crate::report::document::Document;
use crate::report::export::{self, Exporter};
use crate::report::files::{prepare_out_dir, remove_earlier_outputs, write_atomic, DirSink};
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
    /// The key file of --pseudonymize; default beside --out, not inside it (`--out reports` →
    /// reports.pseudonymize.key), so the folder can be shared without it. If FILE exists, its key is
    /// read and reused (the same pseudonyms as the earlier runs; a file that holds no key is refused,
    /// never overwritten); if not, a new random key is written there.
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
    // Before loading: the key decides the pseudonyms.
    let key = key_file(args, &mut rc)?;
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
    write_outputs(args, &rc, &res, &key)
}

/// The key file of `--pseudonymize` without `--pseudonymize-key`.
enum KeyFile {
    /// No key file: no --pseudonymize, or the key was given on the command line.
    None,
    /// An existing key file whose key this run used.
    Reused(PathBuf),
    /// Where this run's new random key is to be written.
    New(PathBuf),
}

/// Decides the key file (`--key-file`, else beside `--out`): when it exists, its key replaces the
/// one generated for this run, so the pseudonyms stay those of the earlier runs; a file that is not
/// a key is refused rather than overwritten.
fn key_file(args: &ReportArgs, rc: &mut RunConfig) -> anyhow::Result<KeyFile> {
    if !rc.key_generated {
        return Ok(KeyFile::None);
    }
    let path = args.key_file.clone().unwrap_or_else(|| crate::privacy::default_key_path(&args.out));
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(KeyFile::New(path));
    }
    let key = crate::privacy::read_key_file(&path).map_err(crate::error::Error::Data)?;
    if key.chars().count() < super::args::MIN_KEY_CHARS {
        eprintln!(
            "warning: the key in {} has {} characters; a key shorter than {} can be guessed, and whoever \
             guesses it can recover every id",
            path.display(),
            key.chars().count(),
            super::args::MIN_KEY_CHARS
        );
    }
    rc.pseudonymize_key = Some(key);
    rc.key_generated = false;
    Ok(KeyFile::Reused(path))
}

/// Writes every output of `res` into `--out` (and a new pseudonymization key beside it), removes
/// the outputs of an earlier run that this one did not write, then tells what happened.
fn write_outputs(args: &ReportArgs, rc: &RunConfig, res: &Results, key: &KeyFile) -> anyhow::Result<()> {
    let mut given: Vec<PathBuf> = vec![rc.inputs.scorecards.clone()];
    given.extend(rc.inputs.outcomes.iter().cloned());
    given.extend(rc.inputs.questions.iter().cloned());
    given.extend(rc.config_path.iter().cloned());
    given.extend(args.groups.iter().cloned());
    let mut names = export::ALWAYS_WRITTEN.to_vec();
    names.extend(["interviewer_cards.pdf", "charts/"]);
    prepare_out_dir(&args.out, &given, &names)?;
    let _phase = rc.progress.phase("writing");
    if let (KeyFile::New(path), Some(k)) = (key, &rc.pseudonymize_key) {
        write_atomic(path, format!("{k}\n").as_bytes())?;
    }
    let sink = DirSink::new(&args.out);
    let cards = export_all(args, &rc.progress, res, &sink)?;
    let written = sink.written();
    let removed = remove_earlier_outputs(&args.out, &export::own_outputs(), &written)?;
    let charts = written.iter().filter(|n| n.starts_with("charts/")).count();
    let (q, iv) = (res.questions()?, res.interviewers()?);
    let flagged = iv.interviewers.iter().filter(|i| i.is_flagged()).count();
    super::print(&format!(
        "wrote {dir}/: summary.json, questions.csv, interviewers.csv, report.html, report.pdf{cards}{charts}\n\
         {removed}{nq} questions ({pred} predictive), {ni} interviewers ({flagged} flagged), outcome: {out}\n\
         open {dir}/report.html to read it\n{key}",
        dir = args.out.display(),
        charts = if charts > 0 { format!(", {charts} chart files in charts/") } else { String::new() },
        removed = removed_line(&removed),
        nq = q.questions.len(),
        pred = q.questions.iter().filter(|q| q.stats.verdict.as_str() == "predictive").count(),
        ni = iv.interviewers.len(),
        out = q.outcome.as_ref().map_or("none", |o| o.name.as_str()),
        key = key_line(args, key),
    ))
}

/// Exports every output of `report` into `sink`; returns the words about the calibration cards.
fn export_all(
    args: &ReportArgs,
    progress: &crate::progress::Progress,
    res: &Results,
    sink: &DirSink,
) -> anyhow::Result<String> {
    export::SummaryJson.export(res, sink)?;
    export::Tables(args.analysis.precision.digits()).export(res, sink)?;
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
    let spinner = progress.spinner("drawing charts and the report");
    let charts = ChartSet::of(res)?;
    export::Charts { charts: &charts, formats: formats.clone() }.export(res, sink)?;
    let document = Document::of(res, &charts, !formats.is_empty())?;
    export::Report { document: &document, paper: args.paper }.export(res, sink)?;
    let cards = if args.cards == Cards::Pdf {
        export::Cards(args.paper).export(res, sink)?;
        format!(", interviewer_cards.pdf ({} cards)", export::Cards::count(res))
    } else {
        String::new()
    };
    spinner.done();
    Ok(cards)
}

/// The line that names the earlier run's outputs this run removed (empty when none): the files by
/// name, the charts counted.
fn removed_line(removed: &[String]) -> String {
    if removed.is_empty() {
        return String::new();
    }
    let charts = removed.iter().filter(|n| n.starts_with("charts/")).count();
    let mut parts: Vec<String> = removed.iter().filter(|n| !n.starts_with("charts/")).cloned().collect();
    if charts > 0 {
        parts.push(format!("{charts} chart file{} in charts/", if charts == 1 { "" } else { "s" }));
    }
    format!(
        "removed {} file{} of an earlier run that this run did not write: {}\n",
        removed.len(),
        if removed.len() == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

/// What to tell about the key file.
fn key_line(args: &ReportArgs, key: &KeyFile) -> String {
    let again = match &args.key_file {
        Some(p) => format!("--key-file {}", p.display()),
        None => format!("--out {}", args.out.display()),
    };
    match key {
        KeyFile::None => String::new(),
        KeyFile::Reused(p) => format!(
            "pseudonymization key read from {} (the pseudonyms are those of the earlier runs with it)\n",
            p.display()
        ),
        KeyFile::New(p) => format!(
            "pseudonymization key written to {} — keep it private and out of the shared folder; a later run with \
             --pseudonymize and {again} reuses it, so the pseudonyms stay the same\n",
            p.display()
        ),
    }
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
