//! Scorecards: long (one row per rated question) and wide (one row per scorecard) layouts.

use std::path::Path;

use super::dates::{detect, DateReader, Detected};
use super::memo::{Few, Last};
use super::table::{Row, Table};
use super::LoadOptions;
use crate::config::{Config, Layout};
use crate::dataset::{FxHashMap, Interner, QuestionInfo, Ratings, Scorecards};
use crate::drops::{DropLog, Reason};
use crate::error::{Error, Result};
use crate::scale::{is_missing, Recommendation, Scale, ScaleKind, ScoreCell, RECOMMENDATION_LABELS};

/// Column positions resolved against the header.
struct Columns {
    candidate: usize,
    interviewer: usize,
    scorecard: Option<usize>,
    date: Option<usize>,
    recommendation: Option<usize>,
    /// The optional `interview` column: the scorecard's interview (round) name.
    round: Option<usize>,
    /// The optional `job` column: the job the candidate was interviewed for.
    job: Option<usize>,
    /// Long layout: (question, score) columns.
    long: Option<(usize, usize)>,
    /// Wide layout: (column index, question code).
    wide: Vec<(usize, u32)>,
}

/// What a scorecards reader read from one file (or one ATS export): the ids it interned (codes in
/// order of first appearance), the ratings and scorecards over those codes, the effective scale,
/// and what it skipped. [`super::load`] assembles the dataset from it.
#[derive(Debug, Default, Clone)]
pub struct ScorecardsRead {
    /// Candidate ids.
    pub candidates: Interner,
    /// Interviewer ids.
    pub interviewers: Interner,
    /// Question ids.
    pub questions: Interner,
    /// Interview (round) names.
    pub rounds: Interner,
    /// Job names or ids.
    pub jobs: Interner,
    /// The ratings kept.
    pub ratings: Ratings,
    /// The scorecards.
    pub scorecards: Scorecards,
    /// Score cells read (long: rows; wide: rows × question columns).
    pub rating_cells_read: u64,
    /// The effective rating scale (configured, or inferred from the values).
    pub scale: Option<Scale>,
    /// Metadata per question code an ATS export gives (competencies); empty from CSV or Parquet.
    pub question_info: Vec<QuestionInfo>,
    /// (id, name) of the jobs an ATS export names, so `--job` also takes the id.
    pub job_ids: Vec<(String, String)>,
    /// Data rows (ATS: records) read.
    pub rows: u64,
    /// SHA-256 (hex) of the file, when it was hashed while read to the end.
    pub digest: Option<String>,
    /// What was skipped or noted, by reason.
    pub drops: DropLog,
}

/// Mutable state while reading one scorecards file.
struct Builder<'a> {
    path: &'a Path,
    out: ScorecardsRead,
    drops: DropLog,
    scale: Option<Scale>,
    scorecard_ids: Interner,
    /// Scorecard code per interned scorecard id (ids are interned in the same order, but a
    /// rejected first row can leave an id without a scorecard).
    sc_of_id: Vec<u32>,
    by_composite: FxHashMap<(u32, u32, i32), u32>,
    rec_conflict: Vec<bool>,
    /// Per scorecard: its rows carried different dates (its date is unknown from then on).
    date_conflict: Vec<bool>,
    /// File line of each rating, for duplicate detection.
    lines: Vec<u64>,
    min_seen: f64,
    max_seen: f64,
    /// Usable scores that are whole numbers.
    whole_scores: u64,
    /// Usable scores between whole numbers: (count, first line, "column 'q': value '4.5'").
    between_steps: (u64, u64, String),
    /// The previous row's ids and parsed values: consecutive rows of one scorecard repeat them, so
    /// interning and parsing run once per scorecard rather than once per rating (same results).
    memo: Memo,
    /// Duplicate detection without the sort while every scorecard's rows are contiguous (the usual
    /// export): `seen[q]` = (scorecard, rating index) of the last rating of question q.
    seen: Vec<(u32, u32)>,
    /// `(later, first)` rating indices of duplicates found on the contiguous path.
    dups: Vec<(u32, u32)>,
    /// False once a row returns to an earlier scorecard; `finish` then sorts to find duplicates.
    contiguous: bool,
    /// How interview dates are read (ISO, `[dates] format`, or a pattern assumed from the values).
    dates: DateReader,
    /// Dates read with an assumed pattern: (count, first line).
    assumed_dates: (u64, u64),
    /// Candidate and interviewer ids whose surrounding whitespace was trimmed: (count, first line).
    trimmed_ids: (u64, u64),
    /// `[ids] fold_case`: folded id ([`fold_id`]) → code, for candidates and interviewers; an id is
    /// shown as first spelled.
    fold_ids: Option<(FxHashMap<String, u32>, FxHashMap<String, u32>)>,
    /// `[recommendations] labels` (and its alias `[ashby] recommendation_labels`).
    cfg: Config,
    /// Distinct recommendation labels seen that are neither built in nor mapped (at most 20).
    unknown_recs: Vec<String>,
}

/// The key under which `[ids] fold_case = true` matches ids: lower case, runs of whitespace as one
/// space.
pub fn fold_id(id: &str) -> String {
    id.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The code of `id` when ids are matched by [`fold_id`]: an id seen before under another spelling
/// gets that spelling's code; a new one is interned as written.
fn intern_folded(map: &mut FxHashMap<String, u32>, ids: &mut Interner, id: &str) -> u32 {
    match map.entry(fold_id(id)) {
        std::collections::hash_map::Entry::Occupied(e) => *e.get(),
        std::collections::hash_map::Entry::Vacant(e) => *e.insert(ids.intern(id)),
    }
}

#[derive(Default)]
struct Memo {
    /// Question ids seen so far (a loop asks a handful; a short scan beats hashing every row).
    questions: Few<u32>,
    /// Score cells seen so far and how the scale reads them (a scale has a handful of values).
    scores: Few<ScoreCell>,
    candidate: Last<u32>,
    interviewer: Last<u32>,
    scorecard_id: Last<usize>,
    date: Last<Option<i32>>,
    /// Recommendation texts seen so far: `None` when the text means missing, else the parse.
    recommendation: Few<Option<Option<Recommendation>>>,
}

/// The optional column naming each scorecard's interview (round), e.g. `Onsite · System design`.
pub const ROUND_COLUMN: &str = "interview";

/// The optional column naming the job each scorecard's interview was for.
pub const JOB_COLUMN: &str = "job";

/// Reads a scorecards file (ratings, scorecards, interned ids) with `cfg`'s mapping.
pub fn read(path: &Path, cfg: &Config, opts: &LoadOptions) -> Result<ScorecardsRead> {
    let table = Table::open_hashing(path, "scorecards", cfg.delimiter, opts.hash_inputs)?
        .with_progress(&opts.progress);
    let digest = table.digest();
    let mut read = read_table(table, cfg, DropLog::default())?;
    read.digest = super::limits::taken(digest);
    Ok(read)
}

/// Reads an opened scorecards table (a file, or ATS records converted to canonical rows); `drops`
/// is what the caller skipped before (an ATS export's records), returned with the table's own.
pub fn read_table(table: Table, cfg: &Config, drops: DropLog) -> Result<ScorecardsRead> {
    let path_buf = table.path().to_path_buf();
    let path = path_buf.as_path();
    let mut out = ScorecardsRead::default();
    let cols = resolve(&table, cfg, &mut out.questions)?;
    let header = table.header.clone();
    let scale = cfg.scale().or_else(|| {
        let cols: Vec<usize> = match cols.long {
            Some((_, s)) => vec![s],
            None => cols.wide.iter().map(|w| w.0).collect(),
        };
        let sample: Vec<String> = cols.iter().flat_map(|&c| table.sample_column(c, 10_000)).collect();
        Scale::infer(&sample)
    });
    let dates = match cfg.date_format() {
        Some(f) => DateReader::Configured(f),
        None => match cols.date.map(|c| detect(&table.sample_column(c, 10_000))) {
            Some(Detected::Assumed(f)) => DateReader::Assumed(f),
            Some(Detected::Ambiguous(example, patterns)) => {
                return Err(Error::Data(format!(
                    "{}: column '{}': dates such as '{example}' can be read as {} or as {} (month and day swapped), \
                     and no value settles which. Say which in the config: [dates] format = \"{}\" (or \"{}\")",
                    path.display(),
                    header_name(&table, cols.date),
                    pattern_words(&patterns[0]),
                    pattern_words(&patterns[1]),
                    patterns[0],
                    patterns[1]
                )))
            }
            _ => DateReader::Iso,
        },
    };
    let mut b = Builder {
        path,
        out,
        drops,
        scale,
        scorecard_ids: Interner::default(),
        sc_of_id: Vec::new(),
        by_composite: FxHashMap::default(),
        rec_conflict: Vec::new(),
        date_conflict: Vec::new(),
        lines: Vec::new(),
        min_seen: f64::INFINITY,
        max_seen: f64::NEG_INFINITY,
        whole_scores: 0,
        between_steps: (0, 0, String::new()),
        memo: Memo::default(),
        seen: Vec::new(),
        dups: Vec::new(),
        contiguous: true,
        dates,
        assumed_dates: (0, 0),
        trimmed_ids: (0, 0),
        fold_ids: cfg.ids.fold_case.then(Default::default),
        cfg: cfg.clone(),
        unknown_recs: Vec::new(),
    };
    let rows = table.for_each_row(|row| b.row(row, &cols, &header))?;
    Ok(ScorecardsRead { rows, ..b.finish() })
}

/// The header name of an optional column, for messages.
fn header_name(table: &Table, col: Option<usize>) -> String {
    col.and_then(|c| table.header.get(c)).cloned().unwrap_or_default()
}

/// "month/day/year (%m/%d/%Y)": a date pattern in words a recruiter reads.
pub fn pattern_words(pattern: &str) -> String {
    let mut order: Vec<(usize, &str)> = [
        ("%d", "day"),
        ("%e", "day"),
        ("%m", "month"),
        ("%b", "month"),
        ("%B", "month"),
        ("%Y", "year"),
        ("%y", "year"),
    ]
    .iter()
    .filter_map(|(k, w)| pattern.find(k).map(|i| (i, *w)))
    .collect();
    order.sort();
    let words: Vec<&str> = order.iter().map(|o| o.1).collect();
    format!("{} ({pattern})", words.join("/"))
}

fn resolve(table: &Table, cfg: &Config, questions: &mut Interner) -> Result<Columns> {
    let c = &cfg.scorecards;
    let candidate = table.require(&c.candidate_id, "[scorecards] candidate_id")?;
    let interviewer = table.require(&c.interviewer_id, "[scorecards] interviewer_id")?;
    let scorecard = table.optional(&c.scorecard_id)?;
    let date = table.optional(&c.interview_date)?;
    let recommendation = table.optional(&c.recommendation)?;
    let round = table.optional(ROUND_COLUMN)?;
    let job = table.optional(JOB_COLUMN)?;
    let mut cols = Columns {
        candidate,
        interviewer,
        scorecard,
        date,
        recommendation,
        round,
        job,
        long: None,
        wide: Vec::new(),
    };
    match cfg.layout {
        Layout::Long => {
            let q = table.require(&c.question_id, "[scorecards] question_id")?;
            let s = table.require(&c.score, "[scorecards] score")?;
            cols.long = Some((q, s));
        }
        Layout::Wide => {
            let mapped = [Some(candidate), Some(interviewer), scorecard, date, recommendation, round, job];
            let idx: Vec<usize> = match &c.question_columns {
                Some(names) => names
                    .iter()
                    .map(|n| table.require(n, "[scorecards] question_columns"))
                    .collect::<Result<_>>()?,
                None => (0..table.header.len()).filter(|i| !mapped.contains(&Some(*i))).collect(),
            };
            if c.question_columns.is_none() {
                refuse_date_columns(table, &idx, date.is_some())?;
            }
            if idx.is_empty() {
                return Err(Error::Data(format!(
                    "{}:1: wide layout but no question columns: every column is mapped to an id, date or recommendation. \
                     List the question columns with `[scorecards] question_columns = [\"Q1\", …]` in the config.",
                    table.path().display()
                )));
            }
            cols.wide = idx.into_iter().map(|i| (i, questions.intern(&table.header[i]))).collect();
        }
    }
    Ok(cols)
}

/// Refuses a wide file whose would-be question column holds dates (an unmapped `Date` column):
/// every one of its cells would be an unreadable score. The message says how to map it as the
/// interview date (when no date column is mapped yet) or to list the question columns.
fn refuse_date_columns(table: &Table, idx: &[usize], date_mapped: bool) -> Result<()> {
    for &i in idx {
        let Some(example) = super::dates::date_column_example(&table.sample_column(i, 200)) else {
            continue;
        };
        let name = &table.header[i];
        let others: Vec<String> =
            idx.iter().filter(|&&j| j != i).take(3).map(|&j| format!("{:?}", table.header[j])).collect();
        let list = format!(
            "[scorecards] question_columns = [{}{}]",
            others.join(", "),
            if idx.len() > 4 { ", …" } else { "" }
        );
        let advice = if date_mapped {
            format!("list the question columns in the config: {list}")
        } else {
            format!(
                "if it is the interview date, map it in the config: [scorecards] interview_date = {name:?} \
                 (or rename the column {:?}); or list the question columns: {list}",
                crate::config::ScorecardColumns::default().interview_date
            )
        };
        return Err(Error::Data(format!(
            "{}:1: column '{name}' holds dates (such as '{example}'), not scores, but the wide layout reads every \
             column not mapped to an id, date or recommendation as a question; {advice}",
            table.path().display()
        )));
    }
    Ok(())
}

/// The trimmed field at `i`, or "" when absent.
fn field<'r>(row: &Row<'r>, i: usize) -> &'r str {
    crate::ingest::values::trim(row.fields.get(i).copied().flatten().unwrap_or(""))
}

impl Builder<'_> {
    fn row(&mut self, row: &Row, cols: &Columns, header: &[String]) {
        let line = row.line;
        if row.invalid_text {
            self.drops.record(self.path, Reason::InvalidText, line, || super::table::INVALID_TEXT.into());
        }
        if row.width != header.len() {
            let w = row.width;
            self.drops.record(self.path, Reason::RaggedRow, line, || {
                format!(
                    "the row has {w} fields, the header has {}; check for an unquoted delimiter in a value",
                    header.len()
                )
            });
            return;
        }
        let cand = field(row, cols.candidate);
        let intv = field(row, cols.interviewer);
        for (v, c) in [(cand, cols.candidate), (intv, cols.interviewer)] {
            if row.fields.get(c).copied().flatten().is_some_and(|raw| raw.len() != v.len()) {
                if self.trimmed_ids.0 == 0 {
                    self.trimmed_ids.1 = line;
                }
                self.trimmed_ids.0 += 1;
            }
        }
        for (v, c) in [(cand, cols.candidate), (intv, cols.interviewer)] {
            if v.is_empty() {
                self.drops.record(self.path, Reason::EmptyId, line, || {
                    format!(
                        "column '{}': empty id, expected a non-empty value; fill in the id or remove the row",
                        header[c]
                    )
                });
                return;
            }
        }
        match cols.long {
            Some((qc, sc)) => {
                let q = field(row, qc);
                if q.is_empty() {
                    self.drops.record(self.path, Reason::EmptyId, line, || {
                        format!("column '{}': empty id, expected a non-empty value; fill in the id or remove the row", header[qc])
                    });
                    return;
                }
                let Some(score) = self.score(field(row, sc), line, &header[sc]) else { return };
                let q = match self.memo.questions.get(q) {
                    Some(code) => code,
                    None => self.memo.questions.set(q, self.out.questions.intern(q)),
                };
                if let Some(s) = self.scorecard(row, cols, cand, intv, header) {
                    self.push(s, q, score, line);
                }
            }
            None => {
                let mut scores: Vec<(u32, f64)> = Vec::with_capacity(cols.wide.len());
                for &(ci, q) in &cols.wide {
                    if let Some(score) = self.score(field(row, ci), line, &header[ci]) {
                        scores.push((q, score));
                    }
                }
                if scores.is_empty() {
                    return;
                }
                if let Some(s) = self.scorecard(row, cols, cand, intv, header) {
                    for (q, score) in scores {
                        self.push(s, q, score, line);
                    }
                }
            }
        }
    }

    /// Reads a score cell, recording why it is unusable; infers the scale from the first value.
    fn score(&mut self, raw: &str, line: u64, column: &str) -> Option<f64> {
        self.out.rating_cells_read += 1;
        // The scale is settled by the first score that is not missing; from then on a cell's text
        // always reads the same way, so the few distinct texts are read once.
        let cell = match (&self.scale, self.memo.scores.get(raw)) {
            (Some(_), Some(cell)) => cell,
            (None, _) if is_missing(raw) => ScoreCell::Missing,
            _ => {
                let scale = self.scale.get_or_insert_with(|| {
                    Scale::guess_from_label(raw).unwrap_or_else(|| Scale::numeric(None, None))
                });
                self.memo.scores.set(raw, scale.read(raw))
            }
        };
        let scale = self.scale.as_ref();
        match cell {
            ScoreCell::Score(v) => {
                self.min_seen = self.min_seen.min(v);
                self.max_seen = self.max_seen.max(v);
                if v.fract() == 0.0 {
                    self.whole_scores += 1;
                } else {
                    if self.between_steps.0 == 0 {
                        self.between_steps = (0, line, format!("column '{column}': value '{raw}'"));
                    }
                    self.between_steps.0 += 1;
                }
                Some(v)
            }
            ScoreCell::Missing => {
                self.drops.record(self.path, Reason::MissingScore, line, || {
                    format!("column '{column}': no score ('{raw}'), treated as missing, not zero")
                });
                None
            }
            ScoreCell::Unparsable => {
                let exp = scale.map(Scale::expected).unwrap_or_default();
                self.drops.record(self.path, Reason::UnparsableScore, line, || match crate::scale::decimal_comma_hint(raw) {
                    Some(hint) => format!("column '{column}': {hint}"),
                    None => format!("column '{column}': value '{raw}' is not a score, expected {exp}; fix the value or map the label with [scale] in the config"),
                });
                None
            }
            ScoreCell::OutOfRange(v) => {
                let exp = scale.map(Scale::expected).unwrap_or_default();
                self.drops.record(self.path, Reason::ScoreOutOfRange, line, || {
                    let advice = scale.map(Scale::out_of_range_advice).unwrap_or_default();
                    format!("column '{column}': value '{raw}' ({v}) is outside the scale, expected {exp}; {advice}")
                });
                None
            }
        }
    }

    /// Finds or creates the scorecard of a row; `None` when the row conflicts with it.
    fn scorecard(
        &mut self,
        row: &Row,
        cols: &Columns,
        cand: &str,
        intv: &str,
        header: &[String],
    ) -> Option<u32> {
        let line = row.line;
        let c = match (self.memo.candidate.get(cand), &mut self.fold_ids) {
            (Some(c), _) => c,
            (None, Some((fc, _))) => {
                self.memo.candidate.set(cand, intern_folded(fc, &mut self.out.candidates, cand))
            }
            (None, None) => self.memo.candidate.set(cand, self.out.candidates.intern(cand)),
        };
        let i = match (self.memo.interviewer.get(intv), &mut self.fold_ids) {
            (Some(i), _) => i,
            (None, Some((_, fi))) => {
                self.memo.interviewer.set(intv, intern_folded(fi, &mut self.out.interviewers, intv))
            }
            (None, None) => self.memo.interviewer.set(intv, self.out.interviewers.intern(intv)),
        };
        let date = cols.date.and_then(|dc| {
            let raw = field(row, dc);
            if raw.is_empty() {
                return None;
            }
            let d = match self.memo.date.get(raw) {
                Some(d) => d,
                None => self.memo.date.set(raw, self.dates.read(raw)),
            };
            if d.is_none() {
                let dates = &self.dates;
                self.drops.record(self.path, Reason::UnparsableDate, line, || {
                    let hint = match dates {
                        DateReader::Configured(_) => "fix the value or change [dates] format in the config",
                        _ => "if the column uses another format, set it in the config, e.g. [dates] format = \"%m/%d/%Y\"",
                    };
                    format!("column '{}': value '{raw}' is not a date, expected {}; the rating is kept without a date — {hint}", header[dc], dates.expected())
                });
            } else if matches!(self.dates, DateReader::Assumed(_)) {
                if self.assumed_dates.0 == 0 {
                    self.assumed_dates.1 = line;
                }
                self.assumed_dates.0 += 1;
            }
            d
        });
        let rec = cols.recommendation.and_then(|rc| {
            let raw = field(row, rc);
            let cell = match self.memo.recommendation.get(raw) {
                Some(cell) => cell,
                None => {
                    let parsed = (!is_missing(raw)).then(|| {
                        self.cfg.recommendation(raw).map(Recommendation::from_four_point).or_else(|| Recommendation::parse(raw))
                    });
                    self.memo.recommendation.set(raw, parsed)
                }
            };
            let r = cell?;
            if r.is_none() {
                if self.unknown_recs.len() < 20 && !self.unknown_recs.iter().any(|u| u == raw) {
                    self.unknown_recs.push(raw.to_string());
                }
                self.drops.record(self.path, Reason::UnparsableRecommendation, line, || {
                    format!("column '{}': value '{raw}' is not a recommendation; the rating is kept, the recommendation treated as unknown. Built-in labels (any case, spaces or dashes for '_'): {}. Map other labels in the config: [recommendations] labels = {{ \"{raw}\" = <1–4> }} (1 strong no, 2 no, 3 yes, 4 strong yes)", header[rc], RECOMMENDATION_LABELS.join(", "))
                });
            }
            r
        });
        let id = cols.scorecard.map(|sc| field(row, sc)).filter(|s| !s.is_empty());
        let id_code = id.map(|id| match self.memo.scorecard_id.get(id) {
            Some(code) => code,
            None => self.memo.scorecard_id.set(id, self.scorecard_ids.intern(id) as usize),
        });
        let existing = match id_code {
            Some(code) => self.sc_of_id.get(code).copied().filter(|&s| s != u32::MAX),
            None => self.by_composite.get(&(c, i, date.unwrap_or(i32::MIN))).copied(),
        };
        let sc = match existing {
            Some(s) => {
                let su = s as usize;
                let scs = &self.out.scorecards;
                if scs.candidate[su] != c || scs.interviewer[su] != i {
                    let (oc, oi) = (
                        self.out.candidates.name(scs.candidate[su]).to_string(),
                        self.out.interviewers.name(scs.interviewer[su]).to_string(),
                    );
                    let id = id.unwrap_or("").to_string();
                    self.drops.record(self.path, Reason::ScorecardConflict, line, || {
                        format!("scorecard '{id}' was first seen for candidate '{oc}' and interviewer '{oi}', here for '{cand}' and '{intv}'; scorecard ids must be unique per interview")
                    });
                    return None;
                }
                if let Some(r) = rec {
                    match self.out.scorecards.recommendation[su] {
                        None if !self.rec_conflict[su] => self.out.scorecards.recommendation[su] = Some(r),
                        Some(prev) if prev != r => {
                            self.rec_conflict[su] = true;
                            self.out.scorecards.recommendation[su] = None;
                            self.drops.record(self.path, Reason::ConflictingRecommendation, line, || {
                                format!("the scorecard's recommendation is '{}' on an earlier row and '{}' here; one scorecard has one recommendation, so it is treated as unknown", rec_name(prev), rec_name(r))
                            });
                        }
                        _ => {}
                    }
                }
                match (self.out.scorecards.date[su], date) {
                    (None, Some(d)) if !self.date_conflict[su] => self.out.scorecards.date[su] = Some(d),
                    (Some(prev), Some(d)) if prev != d => {
                        // One scorecard is one interview on one day: which date is right is unknown.
                        self.date_conflict[su] = true;
                        self.out.scorecards.date[su] = None;
                        let (a, b) = (crate::selection::format_day(prev), crate::selection::format_day(d));
                        self.drops.record(self.path, Reason::ConflictingDate, line, || {
                            format!("the scorecard is dated {a} on an earlier row and {b} here; one scorecard is one interview, so its date is treated as unknown (drift uses dated scorecards only)")
                        });
                    }
                    _ => {}
                }
                if let Some(rc) = cols.round {
                    if self.out.scorecards.round[su].is_none() {
                        let raw = field(row, rc);
                        self.out.scorecards.round[su] =
                            (!raw.is_empty()).then(|| self.out.rounds.intern(raw));
                    }
                }
                if let Some(jc) = cols.job {
                    if self.out.scorecards.job[su].is_none() {
                        let raw = field(row, jc);
                        self.out.scorecards.job[su] = (!raw.is_empty()).then(|| self.out.jobs.intern(raw));
                    }
                }
                s
            }
            None => {
                let s = self.out.scorecards.len() as u32;
                let scs = &mut self.out.scorecards;
                scs.candidate.push(c);
                scs.interviewer.push(i);
                scs.date.push(date);
                scs.recommendation.push(rec);
                if let Some(rc) = cols.round {
                    let raw = field(row, rc);
                    let code = (!raw.is_empty()).then(|| self.out.rounds.intern(raw));
                    self.out.scorecards.round.push(code);
                }
                if let Some(jc) = cols.job {
                    let raw = field(row, jc);
                    let code = (!raw.is_empty()).then(|| self.out.jobs.intern(raw));
                    self.out.scorecards.job.push(code);
                }
                self.rec_conflict.push(false);
                self.date_conflict.push(false);
                match id_code {
                    Some(code) => {
                        if self.sc_of_id.len() <= code {
                            self.sc_of_id.resize(code + 1, u32::MAX);
                        }
                        self.sc_of_id[code] = s;
                    }
                    None => {
                        self.by_composite.insert((c, i, date.unwrap_or(i32::MIN)), s);
                    }
                }
                s
            }
        };
        Some(sc)
    }

    fn push(&mut self, sc: u32, q: u32, score: f64, line: u64) {
        let k = self.out.ratings.len() as u32;
        if self.contiguous {
            let last = self.out.ratings.scorecard.last().copied();
            if last.is_some_and(|l| sc != l && sc as usize + 1 != self.out.scorecards.len()) {
                // Back to an earlier scorecard: `seen` can no longer tell, `finish` sorts instead.
                self.contiguous = false;
                self.seen = Vec::new();
                self.dups = Vec::new();
            } else {
                if self.seen.len() <= q as usize {
                    self.seen.resize(q as usize + 1, (u32::MAX, 0));
                }
                let slot = &mut self.seen[q as usize];
                if slot.0 == sc {
                    self.dups.push((k, slot.1));
                } else {
                    *slot = (sc, k);
                }
            }
        }
        let r = &mut self.out.ratings;
        r.candidate.push(self.out.scorecards.candidate[sc as usize]);
        r.interviewer.push(self.out.scorecards.interviewer[sc as usize]);
        r.question.push(q);
        r.scorecard.push(sc);
        r.score.push(score);
        self.lines.push(line);
    }

    /// Drops duplicate (scorecard, question) ratings, keeping the first, settles the scale, and
    /// returns what was read.
    fn finish(mut self) -> ScorecardsRead {
        if self.assumed_dates.0 > 0 {
            if let DateReader::Assumed(f) = &self.dates {
                let words = pattern_words(&f.pattern);
                let (n, first) = self.assumed_dates;
                self.drops.record_n(self.path, Reason::DateFormatAssumed, first, n, || {
                    format!("interview dates are not ISO 8601 (2025-03-14); they were read as {words}, the one format that fits them. To be sure, set it in the config: [dates] format = \"{}\"", f.pattern)
                });
            }
        }
        if self.trimmed_ids.0 > 0 {
            let (n, first) = self.trimmed_ids;
            self.drops.record_n(self.path, Reason::IdWhitespaceTrimmed, first, n, || {
                "a candidate or interviewer id had spaces before or after it; they were removed, so 'Bob Smith ' and 'Bob Smith' are one person".into()
            });
        }
        if !self.unknown_recs.is_empty() {
            let seen = self.unknown_recs.iter().map(|l| format!("'{l}'")).collect::<Vec<_>>().join(", ");
            let extra = format!(". Recommendation labels seen that hirecal does not know: {seen}");
            self.drops.annotate(self.path, Reason::UnparsableRecommendation, &extra);
        }
        let r = &self.out.ratings;
        // (later rating, first rating of the same scorecard and question), in rating order.
        let dups: Vec<(u32, u32)> = if self.contiguous {
            std::mem::take(&mut self.dups)
        } else {
            let mut keys: Vec<(u64, u32)> = (0..r.len())
                .map(|k| (((r.scorecard[k] as u64) << 32) | r.question[k] as u64, k as u32))
                .collect();
            keys.sort_unstable();
            let mut first = vec![u32::MAX; r.len()];
            let mut head = 0;
            for w in 1..keys.len() {
                if keys[w].0 == keys[head].0 {
                    first[keys[w].1 as usize] = keys[head].1;
                } else {
                    head = w;
                }
            }
            first.iter().enumerate().filter(|(_, &f)| f != u32::MAX).map(|(k, &f)| (k as u32, f)).collect()
        };
        if !dups.is_empty() {
            let mut keep = vec![true; r.len()];
            for &(k, f) in &dups {
                let k = k as usize;
                keep[k] = false;
                let q = self.out.questions.name(r.question[k]).to_string();
                let first_line = self.lines[f as usize];
                self.drops.record(self.path, Reason::DuplicateRating, self.lines[k], || {
                    format!("question '{q}' is rated twice on the same scorecard (first at line {first_line}); the later rating is skipped — remove the duplicate or give the interviews distinct scorecard ids")
                });
            }
            let r = &mut self.out.ratings;
            let mut it = keep.iter();
            r.candidate.retain(|_| *it.next().unwrap_or(&true));
            let mut it = keep.iter();
            r.interviewer.retain(|_| *it.next().unwrap_or(&true));
            let mut it = keep.iter();
            r.question.retain(|_| *it.next().unwrap_or(&true));
            let mut it = keep.iter();
            r.scorecard.retain(|_| *it.next().unwrap_or(&true));
            let mut it = keep.iter();
            r.score.retain(|_| *it.next().unwrap_or(&true));
        }
        if let Some(s) = self.scale.as_mut() {
            if s.kind == ScaleKind::Numeric
                && s.min.is_none()
                && s.max.is_none()
                && self.min_seen <= self.max_seen
            {
                s.min = Some(self.min_seen);
                s.max = Some(self.max_seen);
                s.inferred = true;
            }
        }
        self.note_between_steps();
        self.out.scale = self.scale;
        self.out.drops = self.drops;
        self.out
    }

    /// Counts the scores between whole numbers (a 4.5, a 2.5) when the scale has whole steps, or when
    /// nearly every score of a numeric file is whole (at most 1 in [`FEW_BETWEEN`] is not): likely
    /// typos, kept as written but told.
    fn note_between_steps(&mut self) {
        let (n, first, example) = &self.between_steps;
        let Some(scale) = self.scale.as_ref().filter(|_| *n > 0) else { return };
        let why = if scale.has_whole_steps() {
            format!("the {} scale has whole-number steps", scale.kind_name())
        } else if scale.kind == ScaleKind::Numeric
            && self.whole_scores > 0
            && n * FEW_BETWEEN <= n + self.whole_scores
        {
            format!("the file's other {} scores are whole numbers", self.whole_scores)
        } else {
            return;
        };
        let message =
            format!("{example} lies between two whole numbers, and {why}; {}", scale.between_steps_advice());
        self.drops.record_n(self.path, Reason::NonIntegerScore, *first, *n, || message);
    }
}

/// A numeric file's scores between whole numbers are told when at most 1 in this many scores is one.
const FEW_BETWEEN: u64 = 20;

fn rec_name(r: Recommendation) -> &'static str {
    match r {
        Recommendation::StrongNo => "strong_no",
        Recommendation::No => "no",
        Recommendation::Mixed => "mixed",
        Recommendation::Yes => "yes",
        Recommendation::StrongYes => "strong_yes",
    }
}
