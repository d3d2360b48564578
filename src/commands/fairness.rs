//! `hirecal fairness`: adverse impact by group — selection rates and impact ratios per stage, score
//! gaps per question, interviewers' residual gaps, differential prediction.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::analysis::fairness::FairnessOptions;
use crate::analysis::{Analysis, Inputs, Options, Parts};
use crate::commands::args::{Format, RunConfig};
use crate::dataset::{Dataset, InputFile};
use crate::ingest::groups::Groups;
use crate::report::export::{self, Digits, Exporter};
use crate::report::fairness::CsvSection;

/// `hirecal fairness` flags.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  hirecal fairness --groups sample_data/groups.csv
  hirecal fairness --scorecards s.csv --outcomes o.csv --groups eeo.csv --format json > f.json
  hirecal fairness --groups eeo.parquet --format csv --section interviewers > gaps.csv
  hirecal fairness --groups eeo.csv --min-cell 10 --pseudonymize

The groups file has candidate_id and one column per characteristic (gender, race_ethnicity, …);
each column is analysed on its own. Empty cells and non-answers (\"Decline to self-identify\",
\"Prefer not to say\"; set [groups] unknown = [...] in --config) are unknown: left out and
counted.

Per column: hire rates by group against the group with the highest rate (impact ratio, its
interval, the Z and Fisher tests, the four-fifths and one-person rules), also per stage for binary
outcome columns named advanced / advanced_* / passed_* ([groups] stages); standardized score gaps
d per question and for the panel score; per interviewer, whether they rate a group lower than
other interviewers rate the same candidates (flag group_gap at BH q <= 0.10 and |gap| >= 0.2
rating SD); and, among hires, whether one prediction line fits both groups (Cleary).

These are evidence to examine, not verdicts. Groups and cells with fewer than --min-cell
candidates are suppressed everywhere. See docs/fairness.md.")]
pub struct FairnessArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: crate::commands::args::InputArgs,
    /// Groups file (CSV or .parquet): candidate_id plus one or more group columns.
    #[arg(long, value_name = "FILE")]
    pub groups: PathBuf,
    /// Groups and cells with fewer candidates (or scorecards, or hires) than this are suppressed.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = super::args::parse_min_cell, allow_negative_numbers = true)]
    pub min_cell: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// With --format csv: which table to print.
    #[arg(long, value_enum, default_value_t = CsvSection::Selection)]
    pub section: CsvSection,
}

/// Reads the groups file for `ds` (pseudonymizing its ids like the dataset's under `--pseudonymize`)
/// and records it among the input files.
pub fn read_groups(rc: &RunConfig, ds: &mut Dataset, path: &Path) -> anyhow::Result<Groups> {
    let groups = crate::ingest::groups::read(
        path,
        &rc.config.groups,
        rc.config.delimiter,
        &ds.candidates,
        rc.pseudonymize_key.as_deref(),
    )?;
    ds.files.push(InputFile {
        role: "groups",
        path: path.display().to_string(),
        size: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        rows_read: groups.inputs.rows_read,
        sha256: None,
    });
    Ok(groups)
}

/// The adverse-impact options from the config; groups and cells under `min_cell` are suppressed.
pub fn options(rc: &RunConfig, min_cell: usize) -> FairnessOptions {
    FairnessOptions {
        confidence: rc.config.analysis.confidence,
        min_cell: min_cell.max(1),
        stages: rc.config.groups.stages.clone(),
        ..FairnessOptions::default()
    }
}

/// Runs `fairness`.
pub fn run(args: &FairnessArgs) -> anyhow::Result<()> {
    let rc = RunConfig::from_args(&args.input)?;
    let (mut ds, notes) = rc.load()?;
    rc.announce_key();
    let groups = read_groups(&rc, &mut ds, &args.groups)?;
    let inputs = Inputs { dataset: ds, notes, groups: Some(groups) };
    let opts = Options {
        parts: Parts { fairness: true, ..Parts::default() },
        outcome: rc.outcome.clone(),
        fairness: options(&rc, args.min_cell),
        progress: rc.progress.clone(),
        ..Options::default()
    };
    let res = Analysis::new(&inputs, &opts).run()?;
    let shape = args.format.shape(Digits::Rounded);
    export::Fairness(shape, args.section).export(&res, &super::Stdout)
}
