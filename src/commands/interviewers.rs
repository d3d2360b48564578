//! `hirecal interviewers`: leniency against peers, use of the scale, agreement, validity and drift.

use std::io::IsTerminal;

use clap::Args;

use crate::analysis::interviewers::{self, InterviewerOptions};
use crate::cli::{Format, RunConfig};
use crate::report;

/// `hirecal interviewers` flags.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  hirecal interviewers
  hirecal interviewers --format json > interviewers.json
  hirecal interviewers --scorecards s.csv --outcomes o.csv --format csv > interviewers.csv
  hirecal interviewers --min-scorecards 20

Leniency is estimated by least squares on every rating (score = candidate + question + interviewer),
so an interviewer who happened to see strong candidates is not called lenient. It is relative to the
peer group: interviewers linked through the questions they ask. `shrunk` pulls uncertain estimates
toward 0 (rank by it). Flags: lenient, harsh, narrow_range, disagrees_with_panel, halo, drifting,
disconnected, insufficient_data (fewer than --min-scorecards scorecards); see docs/methods.md.")]
pub struct InterviewersArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: crate::cli::InputArgs,
    /// Statistics.
    #[command(flatten)]
    pub analysis: crate::cli::AnalysisArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Fewest scorecards for an interviewer not to be flagged insufficient_data (default 10, or
    /// [analysis] min_scorecards).
    #[arg(long, value_name = "N")]
    pub min_scorecards: Option<usize>,
}

/// The interviewer options from flags and the config's `[analysis]` section.
pub fn options(rc: &RunConfig, min_scorecards: Option<usize>) -> InterviewerOptions {
    InterviewerOptions {
        confidence: rc.config.analysis.confidence,
        min_scorecards: min_scorecards.unwrap_or(rc.config.analysis.min_scorecards),
        ..InterviewerOptions::default()
    }
}

/// Runs `interviewers`.
pub fn run(args: &InterviewersArgs) -> anyhow::Result<()> {
    let rc = RunConfig::from_args(&args.input)?;
    crate::report::fmt::set_full_precision(args.analysis.precision == crate::cli::Precision::Full);
    let (ds, notes) = rc.load()?;
    super::tell_what_happened(&ds, &notes);
    rc.announce_key();
    let opts = options(&rc, args.min_scorecards);
    let rep = interviewers::analyse(&ds, rc.outcome.as_deref(), &opts)?;
    match args.format {
        Format::Table => super::print(&report::interviewers::table(&rep, std::io::stdout().is_terminal())),
        Format::Json => super::print(&(serde_json::to_string_pretty(&rep)? + "\n")),
        Format::Csv => super::print(&String::from_utf8_lossy(&report::interviewers::csv(&rep))),
    }
}
