//! `hirecal questions`: per-question and per-competency predictive validity.

use crate::analysis::{Analysis, Inputs, Options, Parts};
use crate::commands::args::{Format, RunConfig};
use crate::report::export::{self, Exporter};

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
    let shape = args.format.shape(args.analysis.precision.digits());
    export::Questions(shape).export(&res, &super::Stdout)
}
