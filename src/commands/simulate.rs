//! `hirecal simulate`: write synthetic data with known truth.

use crate::cli::SimulateArgs;
use crate::simulate::{write_all, SimOptions};

/// Runs `simulate`.
pub fn run(args: &SimulateArgs) -> anyhow::Result<()> {
    let opts = SimOptions {
        candidates: args.candidates as usize,
        seed: args.seed,
        groups: args.groups,
        group_gap: args.group_gap.unwrap_or(0.0),
        ..SimOptions::default()
    };
    let rep = write_all(&opts, &args.out)?;
    super::print(&format!(
        "wrote {} (scorecards.csv, outcomes.csv, questions.csv, truth.json{}): {} candidates, {} scorecards, {} ratings, {} interviewers, {} hires; seed {}\n",
        args.out.display(),
        if opts.groups || opts.group_gap != 0.0 { ", groups.csv" } else { "" },
        rep.candidates,
        rep.scorecards,
        rep.ratings,
        rep.interviewers,
        rep.hires,
        args.seed
    ))
}
