//! `hirecal simulate`: write synthetic data with known truth.

use crate::simulate::{write_all, Retention, SimOptions};

use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// `hirecal simulate` flags.
#[derive(Debug, Clone, Args)]
pub struct SimulateArgs {
    /// Number of candidates to simulate.
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u64).range(10..=50_000_000))]
    pub candidates: u64,
    /// Random seed; the same seed writes the same files.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Output directory (created if missing).
    #[arg(long, default_value = "simulated")]
    pub out: PathBuf,
    /// Also write groups.csv (gender, veteran_status) for `hirecal fairness`.
    #[arg(long)]
    pub groups: bool,
    /// Plant a group gap: one interviewer rates women this many score points lower (implies --groups;
    /// truth.json names the interviewer).
    #[arg(long, value_name = "POINTS", allow_negative_numbers = true, value_parser = parse_gap)]
    pub group_gap: Option<f64>,
    /// Plant the binary outcome `retained_12m` with this share of the whole applicant pool retained,
    /// e.g. `--retention-rate 0.9 --retention-link 0.8` (truth.json gives every question's pool
    /// point-biserial validity for it). Without it: a probit with ≈ 80% retained, link ≈ .45.
    #[arg(long, value_name = "SHARE", value_parser = parse_rate, requires = "retention_link")]
    pub retention_rate: Option<f64>,
    /// Correlation of the latent retention propensity with job ability (with --retention-rate).
    #[arg(long, value_name = "R", allow_negative_numbers = true, value_parser = parse_link,
          requires = "retention_rate")]
    pub retention_link: Option<f64>,
    /// Simulate a G study with these true variance components instead of the hiring loop, e.g.
    /// `candidate=0.4,question=0.05,candidate_x_interviewer=0.1,residual=0.3`.
    #[arg(long, value_name = "NAME=VAR,...")]
    pub g_components: Option<String>,
    /// Design of the G-study simulation.
    #[arg(long, value_enum, default_value_t = GSimDesign::Crossed, requires = "g_components")]
    pub g_design: GSimDesign,
    /// Questions in the G-study simulation.
    #[arg(long, default_value_t = 6, value_name = "N", requires = "g_components",
          value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub g_questions: u64,
    /// Interviewer pool (per question when nested) in the G-study simulation.
    #[arg(long, default_value_t = 30, value_name = "N", requires = "g_components",
          value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub g_interviewers: u64,
    /// Interviewers per candidate (per candidate and question when nested) in the G-study simulation.
    #[arg(long, default_value_t = 3, value_name = "N", requires = "g_components",
          value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub g_per_candidate: u64,
}

/// A finite gap of at most 4 score points either way.
fn parse_gap(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= 4.0 => Ok(v),
        _ => Err(format!("'{s}' is not a number of score points between -4 and 4")),
    }
}

/// A share strictly between 0 and 1.
fn parse_rate(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v > 0.0 && v < 1.0 => Ok(v),
        _ => Err(format!("'{s}' is not a share strictly between 0 and 1 (e.g. 0.6)")),
    }
}

/// A correlation in [−1, 1].
fn parse_link(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.abs() <= 1.0 => Ok(v),
        _ => Err(format!("'{s}' is not a correlation between -1 and 1 (e.g. 0.8)")),
    }
}

/// Design of `simulate --g-components`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GSimDesign {
    /// Candidates × questions × interviewers.
    Crossed,
    /// Interviewers nested in questions.
    Nested,
}

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
        GSimDesign::Crossed => GDesign::Crossed,
        GSimDesign::Nested => GDesign::Nested,
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
