//! `hirecal interviewers`: leniency against peers, use of the scale, agreement, validity and drift.

use clap::Args;

use crate::analysis::interviewers::InterviewerOptions;
use crate::analysis::{Analysis, Inputs, Options, Parts};
use crate::commands::args::{Format, RunConfig};
use crate::report::export::{self, Exporter};

/// `hirecal interviewers` flags.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  hirecal interviewers
  hirecal interviewers --format json > interviewers.json
  hirecal interviewers --scorecards s.csv --outcomes o.csv --format csv > interviewers.csv
  hirecal interviewers --min-scorecards 20
  hirecal interviewers --flag-fdr 0.05

Leniency is estimated by least squares on every rating (score = candidate + question +
interviewer), so an interviewer who happened to see strong candidates is not called lenient. It is
relative to the peer group: interviewers linked through the questions they ask. `shrunk` pulls
uncertain estimates toward 0 (rank by it). Flags: lenient, harsh, narrow_range,
disagrees_with_panel, halo, drifting, disconnected, insufficient_data (fewer than --min-scorecards
scorecards). Each of the first six rests on a test per interviewer; Benjamini-Hochberg keeps the
expected share of false flags of each kind at --flag-fdr (10%), and a flag also needs a material
effect. `flag_tests` in the JSON gives each test's p, q and effect; see docs/interviewer-flags.md.")]
pub struct InterviewersArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: crate::commands::args::InputArgs,
    /// CSV digits.
    #[command(flatten)]
    pub output: crate::commands::args::PrecisionArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Fewest scorecards for an interviewer not to be flagged insufficient_data (default 10, or
    /// [analysis] min_scorecards).
    #[arg(long, value_name = "N")]
    pub min_scorecards: Option<usize>,
    /// False-discovery rate of the flags, per flag kind: an interviewer is flagged when the
    /// Benjamini–Hochberg q of the flag's test is at most this and the effect is material
    /// (default 0.10, or [analysis] flag_fdr). Lower means fewer, surer flags.
    #[arg(long, value_name = "Q", value_parser = crate::commands::args::parse_fdr)]
    pub flag_fdr: Option<f64>,
}

/// The interviewer options from flags and the config's `[analysis]` section.
pub fn options(rc: &RunConfig, min_scorecards: Option<usize>, flag_fdr: Option<f64>) -> InterviewerOptions {
    InterviewerOptions {
        confidence: rc.config.analysis.confidence,
        min_scorecards: min_scorecards.unwrap_or(rc.config.analysis.min_scorecards),
        flag_fdr: flag_fdr.unwrap_or(rc.config.analysis.flag_fdr),
        model: crate::analysis::model::ModelOptions { progress: rc.progress.clone(), ..Default::default() },
        ..InterviewerOptions::default()
    }
}

/// Runs `interviewers`.
pub fn run(args: &InterviewersArgs) -> anyhow::Result<()> {
    let rc = RunConfig::from_args(&args.input)?;
    let (dataset, notes) = rc.load()?;
    super::tell_what_happened(&dataset, &notes);
    rc.announce_key();
    let inputs = Inputs { dataset, notes, groups: None };
    let opts = Options {
        parts: Parts { interviewers: true, ..Parts::default() },
        outcome: rc.outcome.clone(),
        interviewers: options(&rc, args.min_scorecards, args.flag_fdr),
        progress: rc.progress.clone(),
        ..Options::default()
    };
    let res = Analysis::new(&inputs, &opts).run()?;
    let shape = args.format.shape(args.output.precision.digits());
    export::Interviewers(shape).export(&res, &super::Stdout)
}
