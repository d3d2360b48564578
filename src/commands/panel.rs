//! `hirecal panel`: how reliable the interview panel is, and how many interviews a decision needs.

use clap::{Args, ValueEnum};

use crate::analysis::panel::PanelOptions;
use crate::analysis::{Analysis, Inputs, Options, Parts};
use crate::commands::args::RunConfig;
use crate::report::export::{self, Exporter, Shape};

/// Output format of `panel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PanelFormat {
    /// Plain words and the numbers.
    Table,
    /// The `panel` section of summary.json.
    Json,
}

/// `hirecal panel` flags.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  hirecal panel
  hirecal panel --scorecards s.csv --format json
  hirecal panel --config hirecal.toml      # [analysis] reliability_target = 0.9

Works on the candidate × interviewer matrix of scorecard means: how far two interviewers agree
about the same candidate (ICC, Krippendorff's alpha), how consistent the questions are (Cronbach's
alpha), and, by Spearman–Brown, how many interviews reach the target reliability (default .80).

Then a generalizability study on the ratings themselves: the share of score variance due to
candidates, interviewers disagreeing about the same candidate, questions sampling different
skills, leniency and noise (design `crossed` or `nested`, detected from the data; ANOVA when
balanced, REML otherwise), and a D-study: the reliability (G, Phi) of 1–12 questions × 1–6
interviewers, the smallest designs reaching the target, and G(q,k) for the panel as staffed. With
--format json it is `panel.generalizability` (see docs/generalizability.md).")]
pub struct PanelArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: crate::commands::args::InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PanelFormat::Table)]
    pub format: PanelFormat,
}

/// The panel options from the config's `[analysis]` section.
pub fn options(rc: &RunConfig) -> PanelOptions {
    PanelOptions {
        confidence: rc.config.analysis.confidence,
        reliability_target: rc.config.analysis.reliability_target,
        ..PanelOptions::default()
    }
}

/// Runs `panel`.
pub fn run(args: &PanelArgs) -> anyhow::Result<()> {
    let rc = RunConfig::from_args(&args.input)?;
    let (dataset, notes) = rc.load()?;
    super::tell_what_happened(&dataset, &notes);
    rc.announce_key();
    let inputs = Inputs { dataset, notes, groups: None };
    let opts = Options {
        parts: Parts { panel: true, ..Parts::default() },
        panel: options(&rc),
        progress: rc.progress.clone(),
        ..Options::default()
    };
    let res = Analysis::new(&inputs, &opts).run()?;
    let shape = match args.format {
        PanelFormat::Table => Shape::Table { colour: false },
        PanelFormat::Json => Shape::Json,
    };
    export::Panel(shape).export(&res, &super::Stdout)
}
