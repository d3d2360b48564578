//! Command-line definitions (clap derive) and the step that validates flags against each other
//! into a [`RunConfig`].

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::ingest::Inputs;

/// hirecal — which interview questions predict performance, which interviewers are miscalibrated,
/// and how reliable your interview panel is.
#[derive(Debug, Parser)]
#[command(name = "hirecal", version, about, long_about = None, after_help = "\
Examples:
  hirecal check                                   # validate the bundled sample_data/
  hirecal check --scorecards s.csv --outcomes o.csv --questions q.csv
  hirecal simulate --candidates 5000 --seed 7 --out synthetic/

With no input flags, commands read sample_data/ in the current directory.
Exit codes: 0 success, 1 the data could not be analysed, 2 usage error.")]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate inputs and print a data-quality summary.
    #[command(after_help = "\
Examples:
  hirecal check
  hirecal check --scorecards exports/scorecards.csv --outcomes hris/perf.csv --strict
  hirecal check --scorecards wide.csv --config hirecal.toml
  hirecal check --source greenhouse --scorecards harvest_v3/   (Harvest v3: JSON, CSV or Parquet)

Prints each file read (every file of a directory export), rows read and used, rows skipped by reason (with the first line of each), candidates,
interviewers, questions, hires, outcome columns and their kinds, the rating scale, and the
connected components and interviewer peer groups the statistics rely on.
Exits 0 when the data can be analysed, 1 when it cannot (or, with --strict, when any row has a problem).")]
    Check(CheckArgs),
    /// Write realistic synthetic data with known truth.
    #[command(after_help = "\
Examples:
  hirecal simulate                                  # 2000 candidates, seed 42, into simulated/
  hirecal simulate --candidates 1000000 --seed 1 --out big/

Writes scorecards.csv, outcomes.csv, questions.csv and truth.json (the true validity of each
question, every interviewer's true leniency, and which interviewers were planted as lenient, harsh,
narrow-range or drifting). The same seed always writes the same files.")]
    Simulate(SimulateArgs),
    /// Which questions predict job performance: validity corrected for range restriction.
    #[command(after_help = "\
Examples:
  hirecal questions
  hirecal questions --outcome retained_12m --format json
  hirecal questions --scorecards s.csv --outcomes o.csv --questions q.csv --format csv > questions.csv
  hirecal questions --selection none      # hires were not chosen on these scores

Only hires have outcomes, and hires were chosen on the panel score, so a question's correlation with
the outcome among hires is shrunk (and a question that predicts nothing turns negative). The table
shows the raw r and the Thorndike Case III corrected r with a bootstrap interval; the verdict uses the
corrected value, a Benjamini–Hochberg q-value and --min-n.")]
    Questions(QuestionsArgs),
    /// Run every analysis and write summary.json, CSV tables and charts into --out.
    #[command(after_help = "\
Examples:
  hirecal report                                  # sample_data/ -> reports/
  hirecal report --scorecards s.csv --outcomes o.csv --questions q.csv --out q3-review/
  hirecal report --charts none --bootstrap 2000

Writes summary.json (every statistic; field names documented in STATISTICS.md) and questions.csv.
Every file is written atomically; --out may not point at the input files.")]
    Report(ReportArgs),
    /// Which interviewers score high or low against peers, use a narrow range, disagree or drift.
    Interviewers(crate::commands::interviewers::InterviewersArgs),
    /// How reliable the interview panel is: ICCs, Krippendorff's alpha, interviews needed.
    Panel(crate::commands::panel::PanelArgs),
}

/// Input flags shared by every command that reads data.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Scorecards file (CSV or .parquet); default sample_data/scorecards.csv. Under --source
    /// greenhouse a directory of Harvest v3 resources (scorecards, scorecard_candidate_attributes,
    /// job_candidate_attributes, applications[, users] as .json, .csv or .parquet), e.g.
    /// `--source greenhouse --scorecards harvest_v3/`; under --source lever a directory of feedback
    /// pages.
    #[arg(long, value_name = "FILE|DIR")]
    pub scorecards: Option<PathBuf>,
    /// Outcomes file (CSV or .parquet), repeatable; merged by candidate.
    #[arg(long, value_name = "FILE")]
    pub outcomes: Vec<PathBuf>,
    /// Questions file: question_id, competency, text.
    #[arg(long, value_name = "FILE")]
    pub questions: Option<PathBuf>,
    /// Outcome column to analyse; default the first outcome column.
    #[arg(long, value_name = "COLUMN")]
    pub outcome: Option<String>,
    /// Input format.
    #[arg(long, value_enum, default_value_t = Source::Canonical)]
    pub source: Source,
    /// TOML config: column names, layout, rating scale, thresholds.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Treat any row problem as an error (exit 1) and list the problems.
    #[arg(long)]
    pub strict: bool,
    /// ATS sources: show interviewer display names beside their stable ids (names are personal data).
    #[arg(long)]
    pub show_names: bool,
    /// Seed for every random step (bootstrap).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Replace candidate and interviewer ids with stable keyed pseudonyms in every output.
    #[arg(long)]
    pub pseudonymize: bool,
    /// Key for --pseudonymize (same key, same pseudonyms); default: a new random key, written to
    /// pseudonymize.key beside the report (or printed on stderr by commands without --out).
    #[arg(long, value_name = "KEY", requires = "pseudonymize")]
    pub pseudonymize_key: Option<String>,
    /// Analyse only this job (repeatable), by the name or id `hirecal check` lists; ratings of
    /// other jobs are counted as `other_job`.
    #[arg(long = "job", value_name = "ID|NAME")]
    pub jobs: Vec<String>,
    /// Analyse only interviews on or after this date (YYYY-MM-DD); others are counted as
    /// `outside_dates`, undated ones as `no_date`.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Analyse only interviews on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

/// Where the input files come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Source {
    /// hirecal's canonical CSV/Parquet layouts (long, or wide through the config).
    Canonical,
    /// Greenhouse Harvest JSON exports.
    Greenhouse,
    /// Lever feedback exports.
    Lever,
    /// Ashby application feedback exports.
    Ashby,
}

/// `hirecal check` flags.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
}

/// Flags of the statistics.
#[derive(Debug, Clone, Args)]
pub struct AnalysisArgs {
    /// Bootstrap replicates for intervals and p-values (0 turns the bootstrap off).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=100_000))]
    pub bootstrap: u64,
    /// Correct validity for selection on the panel score (case3) or not (none).
    #[arg(long, value_enum, default_value_t = Selection::Case3)]
    pub selection: Selection,
    /// Minimum hires with outcome for a verdict on a question (default 30, or [analysis] min_n).
    #[arg(long, value_name = "N")]
    pub min_n: Option<usize>,
}

/// Range-restriction correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Selection {
    /// Hires were chosen on the panel score: Thorndike Case III (items) and Case II (panel score).
    Case3,
    /// No correction.
    None,
}

/// Output format of a table command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text for a terminal.
    Table,
    /// The matching section of summary.json.
    Json,
    /// One row per item, summary.json field names.
    Csv,
}

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

/// Chart formats for `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartFormat {
    /// PNG.
    Png,
    /// SVG.
    Svg,
    /// PDF.
    Pdf,
    /// No charts.
    None,
}

/// `hirecal report` flags.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Statistics.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Output directory.
    #[arg(long, default_value = "reports")]
    pub out: PathBuf,
    /// Chart formats, comma-separated, or none.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "png,svg,pdf")]
    pub charts: Vec<ChartFormat>,
    /// Interviewers and questions with fewer ratings than this are left out of the charts (small cells
    /// identify people); they stay in the tables, where `insufficient_data` marks them.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub min_cell: usize,
    /// Paper size of report.pdf (landscape).
    #[arg(long, value_enum, default_value_t = crate::report::pdf::Paper::A4)]
    pub paper: crate::report::pdf::Paper,
    /// Quote each row problem's first message in summary.json (`inputs.dropped[].example`). Messages
    /// quote values from the row, candidate ids among them, so by default the example names only the
    /// file and line; `hirecal check` prints the messages on your terminal.
    #[arg(long)]
    pub with_examples: bool,
}

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
}

/// A usage error found after parsing (flags that contradict each other): exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Everything a data command needs, validated across flags.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// Input files.
    pub inputs: Inputs,
    /// The parsed config file (defaults when none).
    pub config: Config,
    /// The config file path, if any.
    pub config_path: Option<PathBuf>,
    /// `--strict`.
    pub strict: bool,
    /// `--seed`.
    pub seed: u64,
    /// `--outcome`.
    pub outcome: Option<String>,
    /// Whether the inputs are the bundled sample data (no input flag given).
    pub sample_data: bool,
    /// The pseudonymization key, when `--pseudonymize` is on.
    pub pseudonymize_key: Option<String>,
    /// Whether that key was generated for this run (so it must be kept by the user).
    pub key_generated: bool,
    /// `--job`, `--since`, `--until`.
    pub selection: crate::selection::Selection,
}

impl AnalysisArgs {
    /// The validity options, combining flags with the config's `[analysis]` section.
    pub fn validity_options(&self, rc: &RunConfig) -> crate::analysis::validity::ValidityOptions {
        crate::analysis::validity::ValidityOptions {
            confidence: rc.config.analysis.confidence,
            bootstrap: self.bootstrap as usize,
            seed: rc.seed,
            correct_selection: self.selection == Selection::Case3,
            outcome_reliability: rc.config.outcome_reliability,
            min_n: self.min_n.unwrap_or(rc.config.analysis.min_n),
        }
    }
}

impl RunConfig {
    /// Resolves defaults (sample_data/), reads the config, and rejects contradictory flags.
    pub fn from_args(a: &InputArgs) -> anyhow::Result<RunConfig> {
        if a.source != Source::Canonical && a.scorecards.is_none() {
            return Err(UsageError(format!(
                "--source {:?} needs --scorecards FILE (the ATS export); the bundled sample_data/ is canonical CSV",
                a.source
            ))
            .into());
        }
        if let (true, Some(p)) = (a.source != Source::Canonical, &a.scorecards) {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            if matches!(ext.as_str(), "csv" | "tsv" | "parquet" | "pq") {
                let hint = if a.source == Source::Greenhouse {
                    "; for Harvest v3 warehouse tables pass their directory: --scorecards DIR; for Greenhouse's scorecard report CSV: --config configs/greenhouse_scorecards_csv.toml, or preset = \"greenhouse_report\" in your config"
                } else {
                    ""
                };
                return Err(UsageError(format!(
                    "--source {:?} reads the ATS's JSON export, but {} is a .{ext} file; for CSV or Parquet use --source canonical (map other column names in --config){hint}",
                    a.source,
                    p.display()
                ))
                .into());
            }
        }
        let selection = crate::selection::Selection::parse(&a.jobs, a.since.as_deref(), a.until.as_deref())
            .map_err(UsageError)?;
        let sample = a.scorecards.is_none();
        let inputs = if sample {
            if !a.outcomes.is_empty() || a.questions.is_some() {
                return Err(UsageError(
                    "--outcomes/--questions given without --scorecards; pass --scorecards FILE too".into(),
                )
                .into());
            }
            let dir = Path::new("sample_data");
            let sc = dir.join("scorecards.csv");
            if !sc.exists() {
                return Err(UsageError(
                    "no --scorecards given and sample_data/scorecards.csv is not in the current directory; \
                     run from the hirecal checkout or pass --scorecards FILE"
                        .into(),
                )
                .into());
            }
            let oc = dir.join("outcomes.csv");
            let qc = dir.join("questions.csv");
            Inputs {
                scorecards: sc,
                outcomes: if oc.exists() { vec![oc] } else { vec![] },
                questions: qc.exists().then_some(qc),
            }
        } else {
            Inputs {
                scorecards: a.scorecards.clone().unwrap_or_default(),
                outcomes: a.outcomes.clone(),
                questions: a.questions.clone(),
            }
        };
        let mut config = match &a.config {
            Some(p) => Config::load(p)?,
            None => Config::default(),
        };
        config.source = match a.source {
            Source::Canonical => crate::ingest::ats::AtsSource::Canonical,
            Source::Greenhouse => crate::ingest::ats::AtsSource::Greenhouse,
            Source::Lever => crate::ingest::ats::AtsSource::Lever,
            Source::Ashby => crate::ingest::ats::AtsSource::Ashby,
        };
        config.show_names = a.show_names;
        Ok(RunConfig {
            inputs,
            config,
            config_path: a.config.clone(),
            strict: a.strict,
            seed: a.seed,
            outcome: a.outcome.clone(),
            sample_data: sample,
            pseudonymize_key: a
                .pseudonymize
                .then(|| a.pseudonymize_key.clone().unwrap_or_else(crate::privacy::generate_key)),
            key_generated: a.pseudonymize && a.pseudonymize_key.is_none(),
            selection,
        })
    }

    /// Reads the inputs (with `--strict` as given) and applies `--pseudonymize`.
    pub fn load(&self) -> crate::error::Result<(crate::dataset::Dataset, crate::ingest::LoadNotes)> {
        let (ds, notes) = crate::ingest::load(&self.inputs, &self.config, self.strict)?;
        let mut ds =
            crate::selection::apply(ds, &self.selection, &self.inputs.scorecards.display().to_string())
                .map_err(crate::error::Error::Data)?;
        if let Some(note) = crate::selection::pooled_note(&ds, &self.selection) {
            eprintln!("note: {note}");
        }
        if let Some(key) = &self.pseudonymize_key {
            crate::privacy::pseudonymize(&mut ds, key);
        }
        Ok((ds, notes))
    }

    /// For commands that print to stdout: tells on stderr the generated pseudonymization key.
    pub fn announce_key(&self) {
        if let (true, Some(k)) = (self.key_generated, &self.pseudonymize_key) {
            eprintln!("pseudonymization key (keep it to get the same pseudonyms next time): {k}");
        }
    }
}
