//! `hirecal questions`: per-question and per-competency predictive validity.

use std::io::IsTerminal;

use crate::analysis::{Analysis, Inputs, Options, Parts};
use crate::commands::args::{Format, Precision, RunConfig};
use crate::report::export::{self, Digits, Exporter, Shape};

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
    let (dataset, notes) = rc.load()?;
    super::tell_what_happened(&dataset, &notes);
    rc.announce_key();
    let inputs = Inputs { dataset, notes, groups: None };
    let opts = Options {
        parts: Parts { questions: true, ..Parts::default() },
        outcome: rc.outcome.clone(),
        validity: args.analysis.validity_options(&rc),
        interviewers: super::interviewers::options(&rc, None, None),
        progress: rc.progress.clone(),
        ..Options::default()
    };
    let res = Analysis::new(&inputs, &opts).run()?;
    let shape = match args.format {
        Format::Table => Shape::Table { colour: std::io::stdout().is_terminal() },
        Format::Json => Shape::Json,
        Format::Csv => Shape::Csv(if args.analysis.precision == Precision::Full {
            Digits::Full
        } else {
            Digits::Rounded
        }),
    };
    export::Questions(shape).export(&res, &super::Stdout)
}
