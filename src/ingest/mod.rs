//! Readers that turn input files into a [`Dataset`], with validation that loses nothing silently.
//!
//! Fatal problems (missing file, empty file, missing column, binary content, nothing usable) are
//! errors. Row problems are skipped and counted by reason ([`crate::drops::DropLog`]); `--strict` turns
//! them into an error that lists them.

pub mod ats;
pub mod csv_batches;
pub mod dates;
pub mod groups;
pub mod ids;
pub mod limits;
pub mod memo;
pub mod outcomes;
pub mod repeats;
pub mod scorecards;
pub mod table;
pub mod values;

use std::path::PathBuf;

use crate::config::Config;
use crate::dataset::{Dataset, InputFile};
use crate::drops::{format_drops, DropLog};
use crate::error::{Error, Result};

/// The input files of a run.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The scorecards file.
    pub scorecards: PathBuf,
    /// Outcomes files, merged by candidate.
    pub outcomes: Vec<PathBuf>,
    /// The optional questions file.
    pub questions: Option<PathBuf>,
}

/// What a load reports beside the dataset.
#[derive(Debug, Clone, Default)]
pub struct LoadNotes {
    /// Questions listed in the questions file but never rated.
    pub questions_never_rated: usize,
    /// Interviewer ids that differ only by case, whitespace or punctuation ([`ids::near_duplicates`]).
    pub similar_interviewers: Vec<ids::Group>,
    /// Candidate ids that differ only by case, whitespace or punctuation.
    pub similar_candidates: Vec<ids::Group>,
    /// Candidates (Lever opportunities, Ashby applications) whose applications name more than one
    /// job: their scorecards have no job.
    pub ambiguous_jobs: usize,
    /// (candidate, interviewer) pairs that rated a question under two scorecard ids: possible
    /// duplicate scorecards ([`repeats::repeated_ratings`]).
    pub repeated: Vec<repeats::Repeat>,
}

/// How a load runs, beside what the config file says: flags of the command, not keys of the file.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Any row problem is an error listing the problems (`--strict`).
    pub strict: bool,
    /// Hash CSV inputs while reading them (`report`'s provenance: no second read, and the digest is
    /// of the bytes analysed); each input's digest lands in its [`InputFile::sha256`].
    pub hash_inputs: bool,
    /// Where the readers report progress (the CLI draws bars; silent by default).
    pub progress: crate::progress::Progress,
}

impl LoadOptions {
    /// `--strict`, nothing else: no hashing, no progress.
    pub fn strict() -> LoadOptions {
        LoadOptions { strict: true, ..LoadOptions::default() }
    }
}

/// Reads all inputs. With `opts.strict`, any row problem is an error listing the problems.
pub fn load(inputs: &Inputs, cfg: &Config, opts: &LoadOptions) -> Result<(Dataset, LoadNotes)> {
    let mut ds = Dataset::default();
    let mut drops = DropLog::default();
    let mut notes = LoadNotes::default();
    let cfg = &ats::effective_config(cfg)?;
    let read = match cfg.source {
        crate::config::AtsSource::Canonical => ats::AtsRead {
            rows: scorecards::read(&inputs.scorecards, cfg, opts, &mut ds, &mut drops)?,
            ..Default::default()
        },
        _ => ats::read_scorecards(&inputs.scorecards, cfg, &mut ds, &mut drops)?,
    };
    if read.files.is_empty() {
        ds.files.push(file_entry(&ds, "scorecards", &inputs.scorecards, read.rows));
    } else {
        // A directory export: each file with what was read from it.
        ds.files.extend(read.files);
    }
    // An export that holds the hiring decisions (Greenhouse v3 applications) is read first among
    // the outcomes files, unless --outcomes names it already.
    let mut outcome_files = inputs.outcomes.clone();
    if let Some(d) = &read.decisions {
        let same = |p: &PathBuf| p == d || p.canonicalize().ok() == d.canonicalize().ok();
        if !outcome_files.iter().any(same) {
            outcome_files.insert(0, d.clone());
        }
    }
    if ds.ratings.is_empty() {
        return Err(Error::NoUsableRatings {
            path: inputs.scorecards.clone(),
            details: format_drops(&drops.entries()),
        });
    }
    if !outcome_files.is_empty() {
        let counts = outcomes::read(&outcome_files, cfg, opts, &mut ds, &mut drops)?;
        for (p, n) in outcome_files.iter().zip(counts) {
            if Some(p) != read.decisions.as_ref() {
                ds.files.push(file_entry(&ds, "outcomes", p, n));
            }
        }
        notes.ambiguous_jobs = ats::jobs_from_applications(&outcome_files, cfg, &mut ds).ambiguous;
    } else {
        ds.hired = vec![None; ds.candidates.len()];
    }
    if let Some(q) = &inputs.questions {
        let (n, unrated) = outcomes::read_questions(q, cfg, opts, &mut ds, &mut drops)?;
        notes.questions_never_rated = unrated;
        ds.files.push(file_entry(&ds, "questions", q, n));
    } else {
        ds.question_info.resize(ds.questions.len(), Default::default());
    }
    if opts.strict && drops.problem_count() > 0 {
        let msgs = drops.problem_messages();
        let mut listing = msgs.iter().map(|m| format!("  {m}")).collect::<Vec<_>>().join("\n");
        let total = drops.problem_count() as usize;
        if total > msgs.len() {
            listing.push_str(&format!(
                "\n  … and {} more (the first 20 of each reason are listed)",
                total - msgs.len()
            ));
        }
        return Err(Error::Strict { count: total, listing });
    }
    ds.dropped = drops.entries();
    let sc = &ds.scorecards;
    notes.similar_interviewers = ids::near_duplicates(
        &ds.interviewers,
        &ids::scorecard_counts(ds.interviewers.len(), &sc.interviewer),
    );
    notes.similar_candidates =
        ids::near_duplicates(&ds.candidates, &ids::scorecard_counts(ds.candidates.len(), &sc.candidate));
    notes.repeated = repeats::repeated_ratings(&ds);
    Ok((ds, notes))
}

/// The provenance entry of an input file, with the digest its reader took, if any.
fn file_entry(ds: &Dataset, role: &'static str, path: &std::path::Path, rows: u64) -> InputFile {
    InputFile {
        role,
        path: path.display().to_string(),
        size: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        rows_read: rows,
        sha256: ds.digest_of(path).map(str::to_string),
    }
}
