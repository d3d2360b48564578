//! `hirecal simulate`: write synthetic data with known truth.

use crate::commands::args::SimulateArgs;
use crate::simulate::{write_all, Retention, SimOptions};

/// Runs `simulate`.
pub fn run(args: &SimulateArgs) -> anyhow::Result<()> {
    if let Some(spec) = &args.g_components {
        return run_gstudy(args, spec);
    }
    let opts = SimOptions {
        candidates: args.candidates as usize,
        seed: args.seed,
        groups: args.groups,
        group_gap: args.group_gap.unwrap_or(0.0),
        retention: args
            .retention_rate
            .zip(args.retention_link)
            .map(|(pool_rate, link)| Retention { pool_rate, link }),
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

/// `simulate --g-components`: a G-study test set with known variance components.
fn run_gstudy(args: &SimulateArgs, components: &str) -> anyhow::Result<()> {
    use crate::simulate::gstudy::{parse_components, write, GSimSpec};
    use crate::stats::gtheory::GDesign;
    let design = match args.g_design {
        crate::commands::args::GSimDesign::Crossed => GDesign::Crossed,
        crate::commands::args::GSimDesign::Nested => GDesign::Nested,
    };
    let spec = GSimSpec {
        design,
        components: parse_components(components, design)
            .map_err(|e| crate::commands::args::UsageError(e.to_string()))?,
        candidates: args.candidates as usize,
        questions: args.g_questions as usize,
        interviewers: args.g_interviewers as usize,
        per_candidate: args.g_per_candidate as usize,
        seed: args.seed,
    };
    crate::simulate::gstudy::validate(&spec).map_err(|e| crate::commands::args::UsageError(e.to_string()))?;
    let t = write(&spec, &args.out)?;
    super::print(&format!(
        "wrote {} (scorecards.csv, outcomes.csv, truth.json): {} design, {} candidates, {} ratings; seed {}\n",
        args.out.display(),
        t.design,
        t.candidates,
        t.ratings,
        t.seed
    ))
}
