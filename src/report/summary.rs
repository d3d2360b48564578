//! `summary.json`: the inputs section, provenance, and every analysis section.

use crate::digest::sha256_file;
use serde::Serialize;
use std::path::Path;

use crate::analysis::questions::QuestionsReport;
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
    /// The command line as given.
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

/// The command line with the value of `--pseudonymize-key` replaced: the key must not travel with
/// the report it protects.
pub fn redact_key(args: impl Iterator<Item = String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut hide_next = false;
    for a in args {
        if hide_next {
            out.push("<redacted>".to_string());
            hide_next = false;
        } else if a == "--pseudonymize-key" {
            hide_next = true;
            out.push(a);
        } else if a.starts_with("--pseudonymize-key=") {
            out.push("--pseudonymize-key=<redacted>".to_string());
        } else {
            out.push(a);
        }
    }
    out
}

/// SHA-256 of input files computed on a thread of their own, so hashing (about 1 s for 400 MB here)
/// overlaps with analysing instead of adding to it. CSV inputs are hashed while they are read
/// ([`crate::dataset::InputFile::sha256`]); this is for the others (Parquet, ATS JSON).
pub struct InputHashes(std::thread::JoinHandle<Vec<(String, Option<String>)>>);

impl InputHashes {
    /// Starts hashing `paths`.
    pub fn start(paths: Vec<std::path::PathBuf>) -> InputHashes {
        InputHashes(std::thread::spawn(move || {
            paths.iter().map(|p| (p.display().to_string(), sha256_file(p))).collect()
        }))
    }

    /// Waits for the hashes: (path as displayed, hex digest or `None` if unreadable).
    pub fn finish(self) -> Vec<(String, Option<String>)> {
        self.0.join().unwrap_or_default()
    }
}

impl Provenance {
    /// Provenance of a run over `ds` with the effective `config`
    /// ([`crate::ingest::ats::effective_config`]) and `hires_with_outcome` hires in the validity analyses
    /// (they decide the interval method); `hashes` from [`InputHashes`] (files not among them are hashed
    /// here).
    pub fn of(
        ds: &Dataset,
        config: &Config,
        seed: u64,
        bootstrap: usize,
        hires_with_outcome: usize,
        hashes: &[(String, Option<String>)],
    ) -> Self {
        Provenance {
            tool: "hirecal",
            version: env!("CARGO_PKG_VERSION"),
            command_line: redact_key(std::env::args()),
            source: config.source.name(),
            seed,
            bootstrap,
            interval_method: IntervalMethod::for_rows(hires_with_outcome).name(),
            interval_method_rows: LARGE_SAMPLE_ROWS,
            config: config.clone(),
            files: ds
                .files
                .iter()
                .map(|f| FileProvenance {
                    role: f.role,
                    path: f.path.clone(),
                    size: f.size,
                    sha256: f.sha256.clone().or_else(|| match hashes.iter().find(|(p, _)| *p == f.path) {
                        Some((_, h)) => h.clone(),
                        None => sha256_file(Path::new(&f.path)),
                    }),
                })
                .collect(),
        }
    }
}

/// The whole `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary<'a> {
    /// Provenance.
    pub provenance: Provenance,
    /// Inputs.
    pub inputs: InputsSection,
    /// The question analysis (`outcome`, `selection`, `note`, `questions`, `competencies`,
    /// `question_comparisons`, `process`), flattened into the top level.
    #[serde(flatten)]
    pub questions: &'a QuestionsReport,
    /// `interviewers[]`.
    pub interviewers: &'a [crate::analysis::interviewers::InterviewerResult],
    /// `interviewers_meta`: the false-discovery rate of the flags and the expected false flags.
    pub interviewers_meta: &'a crate::analysis::interviewers::InterviewersMeta,
    /// `panel`.
    pub panel: &'a crate::analysis::panel::PanelResult,
    /// `fairness`: adverse impact by group, only with `--groups`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fairness: Option<&'a crate::analysis::fairness::FairnessReport>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_redacted_from_the_command_line() {
        let args =
            ["hirecal", "report", "--pseudonymize-key", "s3cret", "--pseudonymize-key=s3cret", "--out", "x"];
        let r = redact_key(args.iter().map(|s| s.to_string()));
        assert!(!r.iter().any(|a| a.contains("s3cret")), "{r:?}");
        assert_eq!(r.len(), args.len());
    }

    #[test]
    fn sha256_of_known_content() {
        let dir = std::env::temp_dir().join(format!("hirecal-sha-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("abc.txt");
        std::fs::write(&p, b"abc").unwrap();
        // FIPS 180-2 test vector for "abc".
        assert_eq!(
            sha256_file(&p).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
