//! The flags the commands share and the step that validates them against each other into a
//! [`RunConfig`]. Lives under `commands` so that `cli` (the subcommand list) depends on the commands
//! and never the reverse.

use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::ingest::{Inputs, LoadOptions};

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
    /// Key for --pseudonymize (same key, same pseudonyms; at least 16 characters, or a warning);
    /// default: `report` reuses the key in its key file (beside its output folder, or where its
    /// key-file flag says) or writes a new random key there; the other commands print a new one.
    #[arg(long, value_name = "KEY", requires = "pseudonymize")]
    pub pseudonymize_key: Option<String>,
    /// With --pseudonymize: also write a private CSV (pseudonym,interviewer_id) to FILE, to tell
    /// interviewers their own pseudonym in a calibration session. Keep it out of the shared folder.
    #[arg(long, value_name = "FILE", requires = "pseudonymize")]
    pub pseudonym_lookup: Option<PathBuf>,
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

/// Flags of the statistics.
#[derive(Debug, Clone, Args)]
pub struct AnalysisArgs {
    /// Bootstrap replicates for intervals and p-values (1 to 100000; verdicts need the intervals, so 0
    /// is refused).
    #[arg(long, default_value_t = 1000, value_parser = parse_bootstrap, allow_negative_numbers = true)]
    pub bootstrap: u64,
    /// Correct validity for selection on the panel score (case3) or not (none).
    #[arg(long, value_enum, default_value_t = Selection::Case3)]
    pub selection: Selection,
    /// Minimum hires with outcome for a verdict on a question (default 30, or [analysis] min_n).
    #[arg(long, value_name = "N")]
    pub min_n: Option<usize>,
    /// Digits of numbers in CSV output: rounded to 4 significant digits (the default), or full for
    /// machines that recompute from them.
    #[arg(long, value_enum, default_value_t = Precision::Rounded)]
    pub precision: Precision,
}

/// `--precision` alone: for `interviewers`, whose statistics take no resampling or selection options.
#[derive(Debug, Clone, Args)]
pub struct PrecisionArgs {
    /// Digits of numbers in CSV output: rounded to 4 significant digits (the default), or full for
    /// machines that recompute from them.
    #[arg(long, value_enum, default_value_t = Precision::Rounded)]
    pub precision: Precision,
}

/// `--precision`: how many digits CSV outputs print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Precision {
    /// 4 significant digits (what the statistics support).
    Rounded,
    /// Every digit (shortest form that reads back to the same number).
    Full,
}

impl Precision {
    /// The CSV exporters' digits for this flag.
    pub fn digits(self) -> crate::report::export::Digits {
        match self {
            Precision::Rounded => crate::report::export::Digits::Rounded,
            Precision::Full => crate::report::export::Digits::Full,
        }
    }
}

/// `--bootstrap N`: 1 to 100 000. Zero is refused because every verdict reads the bootstrap interval;
/// without it each question would silently become "no evidence".
pub fn parse_bootstrap(s: &str) -> Result<u64, String> {
    if s.trim().starts_with('-') {
        return Err(format!(
            "'{s}' is negative; the number of replicates is at least 1, e.g. --bootstrap 1000"
        ));
    }
    let n: u64 =
        s.trim().parse().map_err(|_| format!("'{s}' is not a whole number; use e.g. --bootstrap 1000"))?;
    match n {
        0 => {
            Err("0 replicates would leave every verdict without its interval (each question would read \
                  'no evidence'); use at least 1 — 1000 (the default) for a report, 100–200 for a quick look"
                .into())
        }
        1..=100_000 => Ok(n),
        _ => Err(format!("{n} is more than 100000 replicates; 1000–10000 is plenty")),
    }
}

/// `--min-cell N` of every command: a whole number of at least 1.
pub fn parse_min_cell(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => {
            Err("0 would suppress nothing, not even groups of one person; use 1 to show every group and \
                      interviewer, or a larger number (5, the default) so small cells do not identify people"
                .into())
        }
        Ok(n) => Ok(n),
        Err(_) => Err(format!("'{s}' is not a whole number of at least 1; use e.g. --min-cell 5")),
    }
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

impl Format {
    /// How a single command's exporter renders on standard output: tables in colour when stdout is a
    /// terminal, CSV with `digits`.
    pub fn shape(self, digits: crate::report::export::Digits) -> crate::report::export::Shape {
        use crate::report::export::Shape;
        match self {
            Format::Table => Shape::Table { colour: std::io::IsTerminal::is_terminal(&std::io::stdout()) },
            Format::Json => Shape::Json,
            Format::Csv => Shape::Csv(digits),
        }
    }
}

/// Parses a false-discovery rate: a number strictly between 0 and 1.
pub fn parse_fdr(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v > 0.0 && v < 1.0 => Ok(v),
        _ => Err(format!("expected a false-discovery rate between 0 and 1 (e.g. 0.10), got \"{s}\"")),
    }
}

/// A usage error found after parsing (flags that contradict each other): exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The private CSV of `--pseudonym-lookup`: `pseudonym,interviewer_id`, ids guarded against formula
/// injection.
fn lookup_csv(rows: &[(String, &str)]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["pseudonym", "interviewer_id"]);
    for (p, n) in rows {
        let _ = w.write_record([p.as_str(), &crate::report::fmt::csv_text(n)]);
    }
    w.into_inner().unwrap_or_default()
}

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
    /// `--pseudonym-lookup FILE`.
    pub pseudonym_lookup: Option<PathBuf>,
    /// `--job`, `--since`, `--until`.
    pub selection: crate::selection::Selection,
    /// Hash CSV inputs while reading them ([`LoadOptions::hash_inputs`]); `report` turns it on.
    pub hash_inputs: bool,
    /// Progress on the terminal (bars when stderr is one; `HIRECAL_TIMINGS=1` phase timings).
    pub progress: crate::progress::Progress,
}

/// Keys shorter than this draw a warning: a short key can be guessed, and with it every pseudonym
/// can be reversed by hashing the known ids.
pub const MIN_KEY_CHARS: usize = 16;

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
            progress: rc.progress.clone(),
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
            Source::Canonical => crate::config::AtsSource::Canonical,
            Source::Greenhouse => crate::config::AtsSource::Greenhouse,
            Source::Lever => crate::config::AtsSource::Lever,
            Source::Ashby => crate::config::AtsSource::Ashby,
        };
        config.show_names = a.show_names;
        let progress = super::terminal::Terminal::progress();
        if let Some(k) = &a.pseudonymize_key {
            if k.chars().count() < MIN_KEY_CHARS {
                eprintln!(
                    "warning: --pseudonymize-key has {} characters; a key shorter than {MIN_KEY_CHARS} can be guessed, \
                     and whoever guesses it can recover every id. Leave the flag out to get a random 64-character key.",
                    k.chars().count()
                );
            }
        }
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
            pseudonym_lookup: a.pseudonym_lookup.clone(),
            selection,
            hash_inputs: false,
            progress,
        })
    }

    /// Reads the inputs (with `--strict` as given) and applies `--pseudonymize`.
    pub fn load(&self) -> crate::error::Result<(crate::dataset::Dataset, crate::ingest::LoadNotes)> {
        let opts = LoadOptions {
            strict: self.strict,
            hash_inputs: self.hash_inputs,
            progress: self.progress.clone(),
        };
        let (ds, notes) = crate::ingest::load(&self.inputs, &self.config, &opts)?;
        let mut ds =
            crate::selection::apply(ds, &self.selection, &self.inputs.scorecards.display().to_string())
                .map_err(crate::error::Error::Data)?;
        if let Some(note) = crate::selection::pooled_note(&ds, &self.selection) {
            eprintln!("note: {note}");
        }
        if let (Some(key), Some(path)) = (&self.pseudonymize_key, &self.pseudonym_lookup) {
            crate::report::files::write_atomic(path, &lookup_csv(&crate::privacy::lookup(&ds, key)))?;
            eprintln!("wrote {}: pseudonym → interviewer id (private; do not share it)", path.display());
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_lookup_csv_has_a_header_and_guards_ids_against_formulas() {
        let rows = vec![("I-1".to_string(), "bob"), ("I-2".to_string(), "=alice")];
        let text = String::from_utf8(super::lookup_csv(&rows)).unwrap();
        assert_eq!(text, "pseudonym,interviewer_id\nI-1,bob\nI-2,'=alice\n");
    }
}
