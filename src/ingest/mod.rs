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

use crate::config::{AtsSource, Config};
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

/// What one reader read from one file, for provenance: its data rows and, when it hashed the file
/// while reading it to the end ([`LoadOptions::hash_inputs`]), the file's SHA-256.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileRead {
    /// Data rows (ATS: records) read.
    pub rows: u64,
    /// SHA-256 (hex) of the bytes read.
    pub digest: Option<String>,
}

/// Reads all inputs: the one place that assembles the [`Dataset`] from what each reader returns,
/// in reading order (ids, drop log, input files). With `opts.strict`, any row problem is an error
/// listing the problems.
pub fn load(inputs: &Inputs, cfg: &Config, opts: &LoadOptions) -> Result<(Dataset, LoadNotes)> {
    let cfg = &ats::effective_config(cfg)?;
    let ats::AtsRead { scorecards: read, files, decisions } = match cfg.source {
        AtsSource::Canonical => ats::AtsRead {
            scorecards: scorecards::read(&inputs.scorecards, cfg, opts)?,
            ..Default::default()
        },
        _ => ats::read_scorecards(&inputs.scorecards, cfg)?,
    };
    let (mut ds, mut drops, file) = dataset_of(read);
    if files.is_empty() {
        ds.files.push(file_entry("scorecards", &inputs.scorecards, file));
    } else {
        // A directory export: each file with what was read from it.
        ds.files.extend(files);
    }
    if ds.ratings.is_empty() {
        return Err(Error::NoUsableRatings {
            path: inputs.scorecards.clone(),
            details: format_drops(&drops.entries()),
        });
    }
    let outcome_files = outcome_files(inputs, decisions.as_ref());
    // The checks on ids need only the scorecards: they run beside the outcomes reader.
    let (outcomes, mut notes) = rayon::join(
        || {
            (!outcome_files.is_empty())
                .then(|| outcomes::read(&outcome_files, &ds.candidates, cfg, opts))
                .transpose()
        },
        || notes_on_ids(&ds),
    );
    if let Some(read) = outcomes? {
        for (p, file) in outcome_files.iter().zip(read.files) {
            if Some(p) != decisions.as_ref() {
                ds.files.push(file_entry("outcomes", p, file));
            }
        }
        (ds.hired, ds.outcomes, ds.has_outcomes_file) = (read.hired, read.outcomes, true);
        drops.append(read.drops);
        if !read.jobs.is_empty() {
            notes.ambiguous_jobs = ats::jobs::assign(&mut ds, read.jobs).ambiguous;
        }
    } else {
        ds.hired = vec![None; ds.candidates.len()];
    }
    match &inputs.questions {
        Some(q) => {
            let read = outcomes::read_questions(q, &ds.questions, cfg, opts)?;
            (ds.question_info, ds.has_questions_file) = (read.info, true);
            notes.questions_never_rated = read.never_rated;
            drops.append(read.drops);
            ds.files.push(file_entry("questions", q, read.file));
        }
        None => ds.question_info.resize(ds.questions.len(), Default::default()),
    }
    if opts.strict {
        strict_check(&drops)?;
    }
    ds.dropped = drops.entries();
    Ok((ds, notes))
}

/// The dataset of what the scorecards reader read (no outcomes or questions yet), its drop log,
/// and what it read of its file.
fn dataset_of(read: scorecards::ScorecardsRead) -> (Dataset, DropLog, FileRead) {
    let ds = Dataset {
        candidates: read.candidates,
        interviewers: read.interviewers,
        questions: read.questions,
        ratings: read.ratings,
        scorecards: read.scorecards,
        question_info: read.question_info,
        scale: read.scale,
        rating_cells_read: read.rating_cells_read,
        rounds: read.rounds,
        jobs: read.jobs,
        job_ids: read.job_ids,
        ..Dataset::default()
    };
    (ds, read.drops, FileRead { rows: read.rows, digest: read.digest })
}

/// The outcomes files to read: those given, after the export's own decisions file (Greenhouse v3
/// applications) unless `--outcomes` names it already.
fn outcome_files(inputs: &Inputs, decisions: Option<&PathBuf>) -> Vec<PathBuf> {
    let mut files = inputs.outcomes.clone();
    if let Some(d) = decisions {
        let same = |p: &PathBuf| p == d || p.canonicalize().ok() == d.canonicalize().ok();
        if !files.iter().any(same) {
            files.insert(0, d.clone());
        }
    }
    files
}

/// `--strict`: an error listing the problems, if there are any.
fn strict_check(drops: &DropLog) -> Result<()> {
    if drops.problem_count() == 0 {
        return Ok(());
    }
    let msgs = drops.problem_messages();
    let mut listing = msgs.iter().map(|m| format!("  {m}")).collect::<Vec<_>>().join("\n");
    let total = drops.problem_count() as usize;
    if total > msgs.len() {
        listing.push_str(&format!(
            "\n  … and {} more (the first 20 of each reason are listed)",
            total - msgs.len()
        ));
    }
    Err(Error::Strict { count: total, listing })
}

/// Ids that look alike and ratings that look repeated, for `check` and the report's notes.
/// The three checks are independent and run side by side. The other notes are left empty.
fn notes_on_ids(ds: &Dataset) -> LoadNotes {
    let sc = &ds.scorecards;
    let similar = |ids: &crate::dataset::Interner, of_scorecards: &[u32]| {
        ids::near_duplicates(ids, &ids::scorecard_counts(ids.len(), of_scorecards))
    };
    let ((interviewers, candidates), repeated) = rayon::join(
        || (similar(&ds.interviewers, &sc.interviewer), similar(&ds.candidates, &sc.candidate)),
        || repeats::repeated_ratings(ds),
    );
    LoadNotes {
        similar_interviewers: interviewers,
        similar_candidates: candidates,
        repeated,
        ..LoadNotes::default()
    }
}

/// The provenance entry of an input file, with the digest its reader took, if any.
fn file_entry(role: &'static str, path: &std::path::Path, file: FileRead) -> InputFile {
    InputFile {
        role,
        path: path.display().to_string(),
        size: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        rows_read: file.rows,
        sha256: file.digest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn sample(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data").join(name)
    }

    fn hashing() -> LoadOptions {
        LoadOptions { hash_inputs: true, ..LoadOptions::default() }
    }

    #[test]
    fn a_reader_returns_the_same_parts_and_digest_each_time() {
        let (path, cfg) = (sample("scorecards.csv"), Config::default());
        let a = scorecards::read(&path, &cfg, &hashing()).unwrap();
        let b = scorecards::read(&path, &cfg, &hashing()).unwrap();
        assert!(a.ratings.len() > 1000 && a.rows > 0);
        assert_eq!(a.digest, crate::digest::sha256_file(&path), "the digest is of the file's bytes");
        assert_eq!((a.rows, &a.digest, a.rating_cells_read), (b.rows, &b.digest, b.rating_cells_read));
        assert_eq!(a.candidates.names().collect::<Vec<_>>(), b.candidates.names().collect::<Vec<_>>());
        assert_eq!(a.questions.names().collect::<Vec<_>>(), b.questions.names().collect::<Vec<_>>());
        assert_eq!((&a.ratings.score, &a.ratings.scorecard), (&b.ratings.score, &b.ratings.scorecard));
        assert_eq!(a.scale, b.scale);
        assert_eq!(a.drops.entries().len(), b.drops.entries().len());
        let plain = scorecards::read(&path, &cfg, &LoadOptions::default()).unwrap();
        assert_eq!(plain.digest, None, "hashing only when asked");

        let files = [sample("outcomes.csv")];
        let o1 = outcomes::read(&files, &a.candidates, &cfg, &hashing()).unwrap();
        let o2 = outcomes::read(&files, &a.candidates, &cfg, &hashing()).unwrap();
        assert_eq!(o1.hired.len(), a.candidates.len());
        assert_eq!((&o1.hired, &o1.files), (&o2.hired, &o2.files));
        assert_eq!(o1.files[0].digest, crate::digest::sha256_file(&files[0]));
        let q = outcomes::read_questions(&sample("questions.csv"), &a.questions, &cfg, &hashing()).unwrap();
        assert_eq!(q.info.len(), a.questions.len());
        assert!(q.info.iter().any(|i| i.competency.is_some()));
    }

    #[test]
    fn load_assembles_the_readers_parts_and_each_files_digest() {
        let inputs = Inputs {
            scorecards: sample("scorecards.csv"),
            outcomes: vec![sample("outcomes.csv")],
            questions: Some(sample("questions.csv")),
        };
        let cfg = Config::default();
        let (ds, _) = load(&inputs, &cfg, &hashing()).unwrap();
        let roles: Vec<&str> = ds.files.iter().map(|f| f.role).collect();
        assert_eq!(roles, ["scorecards", "outcomes", "questions"]);
        for (f, p) in
            ds.files.iter().zip([&inputs.scorecards, &inputs.outcomes[0], inputs.questions.as_ref().unwrap()])
        {
            assert_eq!(f.sha256, crate::digest::sha256_file(p), "{}", f.path);
        }
        let sc = scorecards::read(&inputs.scorecards, &cfg, &LoadOptions::default()).unwrap();
        assert_eq!(ds.ratings.score, sc.ratings.score);
        assert_eq!(ds.files[0].rows_read, sc.rows);
        assert!(ds.has_outcomes_file && ds.has_questions_file);
        assert_eq!(ds.hired.len(), ds.candidates.len());
        let (plain, _) = load(&inputs, &cfg, &LoadOptions::default()).unwrap();
        assert!(plain.files.iter().all(|f| f.sha256.is_none()));
        assert_eq!(plain.dropped.len(), ds.dropped.len());
    }
}
