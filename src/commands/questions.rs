//! `hirecal questions`: per-question and per-competency predictive validity.

use std::io::IsTerminal;

use crate::analysis::questions;
use crate::cli::{Format, QuestionsArgs, RunConfig};
use crate::ingest;
use crate::report;

/// Runs `questions`.
pub fn run(args: &QuestionsArgs) -> anyhow::Result<()> {
    let rc = RunConfig::from_args(&args.input)?;
    let (ds, _) = ingest::load(&rc.inputs, &rc.config, rc.strict)?;
    let opts = args.analysis.validity_options(&rc);
    let rep = questions::analyse(&ds, rc.outcome.as_deref(), &opts)?;
    match args.format {
        Format::Table => super::print(&report::questions::table(&rep, std::io::stdout().is_terminal())),
        Format::Json => super::print(&(serde_json::to_string_pretty(&rep)? + "\n")),
        Format::Csv => super::print(&String::from_utf8_lossy(&report::questions::csv(&rep))),
    }
}
