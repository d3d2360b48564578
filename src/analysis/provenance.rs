//! What a run read and how it ran: the `inputs` and `provenance` sections of the results (summary.json
//! serializes them as they are).

use serde::Serialize;
use std::path::Path;

use crate::config::Config;
use crate::dataset::Dataset;
use crate::drops::Dropped;
use crate::stats::normal_sums::{IntervalMethod, LARGE_SAMPLE_ROWS};

/// `inputs`: counts of what was read and used.
#[derive(Debug, Clone, Serialize)]
pub struct InputsSection {
    /// Score cells read from the scorecards file.
    pub rating_cells_read: u64,
    /// Ratings used.
    pub ratings_used: usize,
    /// Scorecards.
    pub scorecards: usize,
    /// Candidates with at least one rating.
    pub candidates: usize,
    /// Interviewers.
    pub interviewers: usize,
    /// Questions.
    pub questions: usize,
    /// Candidates with a known hiring decision.
    pub candidates_with_decision: usize,
    /// Candidates without a known decision (no outcomes row, or an unknown value).
    pub candidates_without_decision: usize,
    /// Hires.
    pub hires: usize,
    /// Hires with a known value of the analysed outcome.
    pub hires_with_outcome: usize,
    /// The rating scale as a phrase.
    pub scale: Option<String>,
    /// Rows or values skipped or changed, by reason.
    pub dropped: Vec<Dropped>,
}

impl InputsSection {
    /// Counts from the dataset; `outcome` is the analysed outcome column, if any.
    pub fn of(ds: &Dataset, outcome: Option<&str>) -> Self {
        let hires_with_outcome = outcome
            .and_then(|o| ds.outcome(o))
            .map(|col| {
                (0..ds.candidates.len())
                    .filter(|&c| ds.hired[c] == Some(true) && col.values[c].is_some())
                    .count()
            })
            .unwrap_or(0);
        let decided = ds.n_decided();
        InputsSection {
            rating_cells_read: ds.rating_cells_read,
            ratings_used: ds.ratings.len(),
            scorecards: ds.scorecards.len(),
            candidates: ds.candidates.len(),
            interviewers: ds.interviewers.len(),
            questions: ds.questions.len(),
            candidates_with_decision: decided,
            candidates_without_decision: ds.candidates.len() - decided,
            hires: ds.n_hired(),
            hires_with_outcome,
            scale: ds.scale.as_ref().map(|s| s.describe()),
            dropped: ds.dropped.clone(),
        }
    }
}

/// One input file in `provenance.files`.
#[derive(Debug, Clone, Serialize)]
pub struct FileProvenance {
    /// Which input.
    pub role: &'static str,
    /// Path as given.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the content, hex.
    pub sha256: Option<String>,
}

/// `provenance`: enough to audit and reproduce a report.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    /// Always `hirecal`.
    pub tool: &'static str,
    /// The crate version.
    pub version: &'static str,
    /// The command line as given (with secrets redacted by the caller).
    pub command_line: Vec<String>,
    /// Where the inputs came from: `--source` (`canonical`, `greenhouse`, `lever`, `ashby`).
    pub source: &'static str,
    /// Seed of every random step.
    pub seed: u64,
    /// Bootstrap replicates B.
    pub bootstrap: usize,
    /// How the intervals and bootstrap p-values of the corrected validities and incremental betas were
    /// made: `bootstrap` (rows resampled) or, from `interval_method_rows` hires with an outcome on,
    /// `normal_sums` (the resampled sums drawn from their normal limit; docs/large-sample-intervals.md).
    pub interval_method: &'static str,
    /// The number of rows from which `normal_sums` is used (any statistic over fewer rows, e.g. a
    /// complete-case subset, keeps the bootstrap).
    pub interval_method_rows: usize,
    /// The effective configuration: the config file (or the defaults) with what `--source` implies
    /// (an ATS source's columns and scale), as the readers used it.
    pub config: Config,
    /// Input files with sizes and hashes.
    pub files: Vec<FileProvenance>,
}

/// How the run was asked for: what provenance records beside the data.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    /// The command line, secrets already redacted.
    pub command_line: Vec<String>,
    /// The effective configuration ([`crate::ingest::ats::effective_config`]).
    pub config: Config,
}

/// SHA-256 of the input files whose readers did not hash them while reading (Parquet, ATS JSON), on a
/// thread of their own so hashing (about 1 s for 400 MB) overlaps with the analysis.
pub struct PendingHashes(std::thread::JoinHandle<Vec<(String, Option<String>)>>);

impl PendingHashes {
    /// Starts hashing the dataset's input files that carry no digest yet.
    pub fn start(ds: &Dataset) -> PendingHashes {
        let paths: Vec<String> =
            ds.files.iter().filter(|f| f.sha256.is_none()).map(|f| f.path.clone()).collect();
        PendingHashes(std::thread::spawn(move || {
            paths
                .into_iter()
                .map(|p| {
                    let h = crate::digest::sha256_file(Path::new(&p));
                    (p, h)
                })
                .collect()
        }))
    }

    /// Waits for the hashes: (path as given, hex digest or `None` if unreadable).
    pub fn finish(self) -> Vec<(String, Option<String>)> {
        self.0.join().unwrap_or_default()
    }
}

impl Provenance {
    /// Provenance of a run over `ds` as `run` describes it, with `bootstrap` replicates from `seed`;
    /// `hires_with_outcome` hires in the validity analyses decide the interval method; `hashes` are
    /// the digests of files not hashed while read.
    pub fn of(
        ds: &Dataset,
        run: &RunInfo,
        seed: u64,
        bootstrap: usize,
        hires_with_outcome: usize,
        hashes: &[(String, Option<String>)],
    ) -> Self {
        Provenance {
            tool: "hirecal",
            version: env!("CARGO_PKG_VERSION"),
            command_line: run.command_line.clone(),
            source: run.config.source.name(),
            seed,
            bootstrap,
            interval_method: IntervalMethod::for_rows(hires_with_outcome).name(),
            interval_method_rows: LARGE_SAMPLE_ROWS,
            config: run.config.clone(),
            files: ds
                .files
                .iter()
                .map(|f| FileProvenance {
                    role: f.role,
                    path: f.path.clone(),
                    size: f.size,
                    sha256: f
                        .sha256
                        .clone()
                        .or_else(|| hashes.iter().find(|(p, _)| *p == f.path).and_then(|(_, h)| h.clone())),
                })
                .collect(),
        }
    }
}
