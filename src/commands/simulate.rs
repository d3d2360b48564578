//! `hirecal simulate`: write synthetic data with known truth.

use crate::cli::SimulateArgs;
use crate::simulate::{write_all, SimOptions};

/// Runs `simulate`.
pub fn run(args: &SimulateArgs) -> anyhow::Result<()> {
    let opts = SimOptions { candidates: args.candidates as usize, seed: args.seed, ..SimOptions::default() };
    let rep = write_all(&opts, &args.out)?;
    super::print(&format!(
        "wrote {} (scorecards.csv, outcomes.csv, questions.csv, truth.json): {} candidates, {} scorecards, {} ratings, {} interviewers, {} hires; seed {}\n",
        args.out.display(),
        rep.candidates,
        rep.scorecards,
        rep.ratings,
        rep.interviewers,
        rep.hires,
        args.seed
    ))
}
