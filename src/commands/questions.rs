//! `hirecal questions`: per-question and per-competency predictive validity.

use std::io::IsTerminal;

use crate::analysis::questions;
use crate::commands::args::{Format, RunConfig};
use crate::report;

use clap::Args;

use super::args::{AnalysisArgs, InputArgs};

/// `hirecal questions` flags.
#[derive(Debug, Clone, Args)]
pub struct QuestionsArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Statistics.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs `questions`.
pub fn run(args: &QuestionsArgs) -> anyhow::Result<()> {
    let rc = RunConfig::from_args(&args.input)?;
    let (ds, notes) = rc.load()?;
    super::tell_what_happened(&ds, &notes);
    rc.announce_key();
    let opts = args.analysis.validity_options(&rc);
    let mut rep = questions::analyse(&ds, rc.outcome.as_deref(), &opts)?;
    if rep.outcome.is_some() {
        let computed = crate::analysis::interviewers::Computed::of(
            &ds,
            &super::interviewers::options(&rc, None, None).model,
        );
        let adjusted = crate::analysis::model::adjusted_panel_scores(&ds, &computed.fit);
        questions::set_adjusted_validity(&mut rep, &ds, &adjusted, rc.outcome.as_deref(), &opts)?;
    }
    match args.format {
        Format::Table => super::print(&report::questions::table(&rep, std::io::stdout().is_terminal())),
        Format::Json => super::print(&(serde_json::to_string_pretty(&rep)? + "\n")),
        Format::Csv => super::print(&String::from_utf8_lossy(&report::questions::csv(
            &rep,
            args.analysis.precision == crate::commands::args::Precision::Full,
        ))),
    }
}
