//! Applicant-tracking-system exports (`--source greenhouse|lever|ashby`).
//!
//! Each reader turns the export's JSON records into canonical scorecard rows (candidate_id,
//! interviewer_id, question_id, score, scorecard_id, interview_date, recommendation) held in memory and
//! feeds them through the same row pipeline as CSV ([`super::scorecards::read_table`]), so validation,
//! drop counting and `--strict` are identical. The "line" that messages cite is the 1-based record
//! number in the export. Record-level problems (a record that is not an object, a missing `attributes`
//! list) are counted as `malformed_record` with the record number and id.

pub mod ashby;
pub mod greenhouse;
pub mod greenhouse_v3;
pub mod jobs;
pub mod lever;

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::scorecards::ScorecardsRead;
use super::table::Table;
use crate::config::{AtsSource, Config, Layout, ScorecardColumns};
use crate::dataset::{InputFile, QuestionInfo};
use crate::drops::{format_drops, DropLog, Reason};
use crate::error::{Error, Result};
use crate::ingest::values::parse_bool;
use crate::scale::{ScaleKind, ScoreCell};

/// One canonical scorecards row built from an ATS record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CanonRow {
    /// 1-based record number in the export (cited as the line in messages).
    pub record: u64,
    /// Candidate id.
    pub candidate: String,
    /// Interviewer id (with the display name only under `--show-names`).
    pub interviewer: String,
    /// Question id.
    pub question: String,
    /// Score cell as text (label or number; empty = missing).
    pub score: String,
    /// Scorecard id.
    pub scorecard: String,
    /// Interview date (ISO 8601).
    pub date: String,
    /// Overall recommendation label.
    pub recommendation: String,
    /// The interview (round) name, "" when unknown.
    pub interview: String,
    /// The job, "" when unknown.
    pub job: String,
}

impl CanonRow {
    /// The row with its job set (`job` "" leaves it unknown).
    pub fn with_job(mut self, job: &str) -> CanonRow {
        self.job = job.to_string();
        self
    }

    /// The rows of one scorecard: its header fields repeated for each (question, score) it rates.
    #[allow(clippy::too_many_arguments)]
    pub fn scorecard_rows(
        record: u64,
        candidate: &str,
        interviewer: &str,
        scorecard: &str,
        date: &str,
        recommendation: &str,
        rated: impl IntoIterator<Item = (String, String)>,
    ) -> impl Iterator<Item = CanonRow> {
        let (c, i, s, d, r) = (
            candidate.to_string(),
            interviewer.to_string(),
            scorecard.to_string(),
            date.to_string(),
            recommendation.to_string(),
        );
        rated.into_iter().map(move |(question, score)| CanonRow {
            record,
            candidate: c.clone(),
            interviewer: i.clone(),
            question,
            score,
            scorecard: s.clone(),
            date: d.clone(),
            recommendation: r.clone(),
            interview: String::new(),
            job: String::new(),
        })
    }
}

/// What a reader produced from one export.
#[derive(Debug, Default)]
pub struct Converted {
    /// Canonical rows in record order.
    pub rows: Vec<CanonRow>,
    /// (question, competency) pairs the export gives (Greenhouse attribute `type`).
    pub competencies: Vec<(String, String)>,
    /// The id of each record (index = record number − 1; "" when it has none).
    pub ids: Vec<String>,
    /// A directory of exports (Lever): the file name and the record number within that file of each
    /// record; empty when the input is one file.
    pub origin: Vec<(String, u64)>,
    /// A directory of exports: each file read and its number of records.
    pub files: Vec<(PathBuf, u64)>,
    /// The jobs the records name (with their ids, so `--job` takes either).
    pub job_refs: Vec<jobs::JobRef>,
}

impl Converted {
    /// How messages name record `n`: `record 7 (id 123)`, or `fb-003.json record 1 (id 123)` when the
    /// input is a directory.
    pub fn label(&self, n: u64) -> String {
        let i = (n as usize).wrapping_sub(1);
        let place = match self.origin.get(i) {
            Some((file, k)) => format!("{file} record {k}"),
            None => format!("record {n}"),
        };
        match self.ids.get(i).filter(|s| !s.is_empty()) {
            Some(id) => format!("{place} (id {id})"),
            None => place,
        }
    }
}

/// How messages name the records of an applications export: `record 3 (id 203, candidate_id 103)`.
#[derive(Debug, Default, Clone)]
pub struct RecordLabels(Vec<String>);

impl RecordLabels {
    /// The name of record `n` (1-based).
    pub fn label(&self, n: u64) -> String {
        match self.0.get((n as usize).wrapping_sub(1)).filter(|s| !s.is_empty()) {
            Some(ids) => format!("record {n} ({ids})"),
            None => format!("record {n}"),
        }
    }
}

/// The config an ATS run uses: canonical column names, long layout, and the source's scale unless the
/// config sets one (Greenhouse five-point; Lever and Ashby 1–4).
pub fn effective_config(cfg: &Config) -> Result<Config> {
    let mut c = cfg.clone();
    if c.source == AtsSource::Canonical {
        return Ok(c);
    }
    if c.layout == Layout::Wide {
        return Err(Error::Data(format!(
            "layout = \"wide\" applies to CSV files; --source {} reads the ATS's JSON export. Remove `layout` from the config.",
            c.source.name()
        )));
    }
    c.scorecards = ScorecardColumns::default();
    let s = &mut c.scale;
    if s.kind.is_none() && s.min.is_none() && s.max.is_none() {
        match c.source {
            AtsSource::Greenhouse => s.kind = Some(ScaleKind::Greenhouse),
            _ => {
                s.kind = Some(ScaleKind::Numeric);
                s.min = Some(1.0);
                s.max = Some(4.0);
            }
        }
    }
    Ok(c)
}

/// What reading an ATS scorecards export produced.
#[derive(Debug, Default)]
pub struct AtsRead {
    /// The scorecards, as the canonical row pipeline read them (`rows`: records or table rows).
    pub scorecards: ScorecardsRead,
    /// Each file of a directory export, with what was read from it (empty for a single file).
    pub files: Vec<InputFile>,
    /// A file of the export that holds the hiring decisions (Greenhouse v3 `applications`), read as
    /// an outcomes file without `--outcomes`.
    pub decisions: Option<PathBuf>,
}

/// Reads an ATS scorecards export through the canonical row pipeline. Under `--source lever`
/// `path` may be a directory of feedback files, read in file-name order as one export; under
/// `--source greenhouse` a directory (or a v3 scorecards file) is a Harvest v3 export
/// ([`greenhouse_v3`]), a JSON file of nested scorecards is Harvest v1.
pub fn read_scorecards(path: &Path, cfg: &Config) -> Result<AtsRead> {
    let mut log = DropLog::default();
    let drops = &mut log;
    let conv = if cfg.source == AtsSource::Lever && path.is_dir() {
        lever::directory(path, cfg, drops)?
    } else if cfg.source == AtsSource::Greenhouse && path.is_dir() {
        return read_v3(path, path, cfg, log);
    } else {
        let value = read_json(path, "scorecards")?;
        match cfg.source {
            AtsSource::Greenhouse if greenhouse_v3::is_v3(&value) => {
                drop(value);
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                return read_v3(&dir, path, cfg, log);
            }
            AtsSource::Greenhouse => greenhouse::scorecards(&value, path, cfg, drops)?,
            AtsSource::Lever => lever::feedback(&value, path, cfg, drops)?,
            AtsSource::Ashby => ashby::feedback(&value, path, cfg, drops)?,
            AtsSource::Canonical => unreachable_canonical(path)?,
        }
    };
    let files = conv
        .files
        .iter()
        .map(|(p, n)| InputFile {
            role: "scorecards",
            path: p.display().to_string(),
            size: std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            rows_read: *n,
            sha256: None,
        })
        .collect();
    let label = Converted { ids: conv.ids, origin: conv.origin, ..Converted::default() };
    let mut read = finish(path, conv.rows, conv.competencies, Some(&|n| label.label(n)), cfg, log)?;
    for job in &conv.job_refs {
        jobs::note_id(&mut read.job_ids, job);
    }
    Ok(AtsRead { scorecards: read, files, decisions: None })
}

/// Reads a Greenhouse Harvest v3 directory `dir` (`given` is what `--scorecards` named).
fn read_v3(dir: &Path, given: &Path, cfg: &Config, mut drops: DropLog) -> Result<AtsRead> {
    let v3 = greenhouse_v3::read(dir, (dir != given).then_some(given), cfg, &mut drops)?;
    if v3.rows.is_empty() {
        return Err(Error::NoUsableRatings {
            path: given.to_path_buf(),
            details: format!(
                "{}  no rated attribute of a complete scorecard found in the Greenhouse v3 export; is this the right directory and --source?",
                format_drops(&drops.entries())
            ),
        });
    }
    // Messages name the attributes table's column.
    let mut c = cfg.clone();
    c.scorecards.score = "candidate_attribute_rating".into();
    c.scorecards.recommendation = "candidate_rating".into();
    c.scorecards.interview_date = "interviewed_at".into();
    let labels = v3.attribute_labels;
    let label = |n: u64| {
        labels
            .as_ref()
            .and_then(|l| l.get((n as usize).wrapping_sub(1)).cloned())
            .unwrap_or_else(|| format!("record {n}"))
    };
    let relabel: Option<&dyn Fn(u64) -> String> = if labels.is_some() { Some(&label) } else { None };
    let read = finish(&v3.attributes, v3.rows, Vec::new(), relabel, &c, drops)?;
    let read = ScorecardsRead { job_ids: v3.job_ids, ..read };
    Ok(AtsRead { scorecards: read, files: v3.files, decisions: Some(v3.applications) })
}

/// Feeds canonical rows through the row pipeline as a table at `path` (drops are recorded against
/// it, at each row's `record`; `relabel` names them when they are records, not lines), then lists
/// unknown labels and applies the export's competencies. `drops`: what the export's reader skipped.
fn finish(
    path: &Path,
    rows: Vec<CanonRow>,
    competencies: Vec<(String, String)>,
    relabel: Option<&dyn Fn(u64) -> String>,
    cfg: &Config,
    mut drops: DropLog,
) -> Result<ScorecardsRead> {
    if let Some(l) = relabel {
        drops.relabel(path, l);
    }
    if rows.is_empty() {
        return Err(Error::NoUsableRatings {
            path: path.to_path_buf(),
            details: format!(
                "{}  no rated question found in the {} export; is this the right file and --source?",
                format_drops(&drops.entries()),
                cfg.source.name()
            ),
        });
    }
    let unknown = unknown_labels(&rows, cfg);
    let c = &cfg.scorecards;
    let mut header = vec![
        c.candidate_id.clone(),
        c.interviewer_id.clone(),
        c.question_id.clone(),
        c.score.clone(),
        c.scorecard_id.clone(),
        c.interview_date.clone(),
        c.recommendation.clone(),
    ];
    // The interview names, when the export gives them.
    let rounds = rows.iter().any(|r| !r.interview.is_empty());
    if rounds {
        header.push(super::scorecards::ROUND_COLUMN.to_string());
    }
    let jobs = rows.iter().any(|r| !r.job.is_empty());
    if jobs {
        header.push(super::scorecards::JOB_COLUMN.to_string());
    }
    let some = |s: String| (!s.is_empty()).then_some(s);
    let rows = rows
        .into_iter()
        .map(|r| {
            let mut fields = vec![
                some(r.candidate),
                some(r.interviewer),
                some(r.question),
                some(r.score),
                some(r.scorecard),
                some(r.date),
                some(r.recommendation),
            ];
            if rounds {
                fields.push(some(r.interview));
            }
            if jobs {
                fields.push(some(r.job));
            }
            (r.record, fields)
        })
        .collect();
    let mut read = super::scorecards::read_table(Table::from_memory(path, header, rows), cfg, drops)?;
    let drops = &mut read.drops;
    if let Some(l) = relabel {
        drops.relabel(path, l);
    }
    if !unknown.is_empty() {
        let extra = format!(
            ". Labels seen that the scale does not know: {}. Map them in the config: [scale] kind = \"custom\", labels = {{ {} = <number>, … }} (list every label of the scale)",
            unknown.iter().map(|l| format!("'{l}'")).collect::<Vec<_>>().join(", "),
            unknown[0]
        );
        drops.annotate(path, Reason::UnparsableScore, &extra);
    }
    read.question_info.resize(read.questions.len(), QuestionInfo::default());
    for (q, comp) in competencies {
        if let Some(code) = read.questions.get(&q) {
            let info = &mut read.question_info[code as usize];
            if info.competency.is_none() && !comp.is_empty() {
                info.competency = Some(comp);
            }
        }
    }
    Ok(read)
}

/// Distinct score labels (in order of appearance) that the configured scale cannot read.
fn unknown_labels(rows: &[CanonRow], cfg: &Config) -> Vec<String> {
    let Some(scale) = cfg.scale() else { return Vec::new() };
    let mut seen: Vec<String> = Vec::new();
    for r in rows {
        if scale.read(&r.score) == ScoreCell::Unparsable && !seen.iter().any(|s| s == &r.score) {
            seen.push(r.score.clone());
        }
    }
    seen
}

fn unreachable_canonical(path: &Path) -> Result<Converted> {
    Err(Error::Data(format!("{}: canonical input is not an ATS export", path.display())))
}

/// An opened outcomes file ([`open_outcomes`]).
pub struct OpenedOutcomes {
    /// Its rows.
    pub table: Table,
    /// An applications export's names for its records in messages (relabel the file's drops with
    /// them once its rows are read).
    pub labels: Option<RecordLabels>,
    /// Under `--source lever|ashby`, the job each candidate key's application names ([`jobs`];
    /// [`jobs::assign`] gives them to the scorecards without one), from the same parse.
    pub jobs: Vec<(String, jobs::JobRef)>,
}

/// Opens an outcomes file: under an ATS source a JSON file is an applications export
/// (`candidate_id` + `status`, see [`applications`]), returned with the names its records go by in
/// messages and the jobs its applications name; under `--source greenhouse` a Harvest v3
/// `applications` table (CSV/Parquet with `status` and no `hired` column) gives the decisions by the
/// same rules; anything else is read canonically.
pub fn open_outcomes(
    path: &Path,
    cfg: &Config,
    opts: &super::LoadOptions,
    drops: &mut DropLog,
) -> Result<OpenedOutcomes> {
    let plain = |table: Table| OpenedOutcomes { table, labels: None, jobs: Vec::new() };
    if cfg.source == AtsSource::Greenhouse && greenhouse_v3::is_applications_table(path, cfg) {
        return Ok(plain(greenhouse_v3::decisions_table(path, cfg, drops)?));
    }
    if cfg.source == AtsSource::Canonical || !looks_like_json(path) {
        return Ok(plain(
            Table::open_hashing(path, "outcomes", cfg.delimiter, opts.hash_inputs)?
                .with_progress(&opts.progress),
        ));
    }
    let value = read_json(path, "outcomes")?;
    let (rows, labels) = applications(&value, path, cfg.source, drops)?;
    drops.relabel(path, |n| labels.label(n));
    let jobs = match cfg.source {
        AtsSource::Lever | AtsSource::Ashby => jobs::of_applications(&value, cfg.source),
        _ => Vec::new(),
    };
    let header = vec![cfg.outcomes.candidate_id.clone(), cfg.outcomes.hired.clone()];
    Ok(OpenedOutcomes { table: Table::from_memory(path, header, rows), labels: Some(labels), jobs })
}

/// One in-memory table row: (record number cited as the line, fields).
pub type MemoryRow = (u64, Vec<Option<String>>);

/// Rows (candidate, hired) of an applications export: an array of objects with `candidate_id`
/// (Ashby: `applicationId`; Lever: `opportunityId`) and `status` ∈ {active, in_process, rejected,
/// hired, converted} or a boolean `hired`. hired → true, rejected → false; active, in_process
/// (Harvest v3) and converted → unknown (a converted application is a prospect application turned
/// into a candidate application, which carries the decision). Under `--source ashby` an
/// `application.list` record is keyed by its own `id` (the feedback's `applicationId`), and its
/// status Hired → true, Archived → false, Active and Lead → unknown. A record that is not an object,
/// or has no candidate id, is counted and skipped; another status is counted as an unparsable hiring
/// decision and the record kept with the decision unknown. Messages name each record by number,
/// application `id` and `candidate_id`.
pub fn applications(
    value: &Value,
    path: &Path,
    source: AtsSource,
    drops: &mut DropLog,
) -> Result<(Vec<MemoryRow>, RecordLabels)> {
    let list = records(value, &["applications", "results", "data"]).ok_or_else(|| {
        Error::Data(format!(
            "{}: expected a JSON array of application objects (candidate_id, status), found {}",
            path.display(),
            kind(value)
        ))
    })?;
    let mut rows = Vec::with_capacity(list.len());
    let mut labels = Vec::with_capacity(list.len());
    for (i, rec) in list.iter().enumerate() {
        let n = i as u64 + 1;
        let ashby_list = source == AtsSource::Ashby && rec["applicationId"].is_null();
        let (key, cand) = application_key(rec, ashby_list);
        labels.push(application_label(&text(&rec["id"]), key, &cand));
        if skipped_application(rec, key, &cand, path, n, drops) {
            continue;
        }
        let hired = hiring_decision(rec, ashby_list, path, n, drops);
        rows.push((n, vec![Some(cand), hired.map(|b| b.to_string())]));
    }
    if rows.is_empty() {
        return Err(no_usable_application(path, source, list.len(), RecordLabels(labels), drops));
    }
    Ok((rows, RecordLabels(labels)))
}

/// A record's key field and its value: `id` in an Ashby list, else the first candidate id field given.
fn application_key(rec: &Value, ashby_list: bool) -> (&'static str, String) {
    if ashby_list {
        ("id", text(&rec["id"]))
    } else {
        [
            ("candidate_id", &rec["candidate_id"]),
            ("applicationId", &rec["applicationId"]),
            ("opportunityId", &rec["opportunityId"]),
        ]
        .into_iter()
        .map(|(k, v)| (k, text(v)))
        .find(|(_, s)| !s.is_empty())
        .unwrap_or(("candidate_id", String::new()))
    }
}

/// How messages name an application record: its `id` and key field (`id 203, candidate_id 103`).
fn application_label(app: &str, key: &str, cand: &str) -> String {
    match (app.is_empty(), cand.is_empty()) {
        (false, false) if key == "id" => format!("id {app}"),
        (false, false) => format!("id {app}, {key} {cand}"),
        (false, true) => format!("id {app}"),
        (true, false) => format!("{key} {cand}"),
        (true, true) => String::new(),
    }
}

/// Counts a record that is not an object or has no candidate id; true when it is skipped.
fn skipped_application(rec: &Value, key: &str, cand: &str, path: &Path, n: u64, drops: &mut DropLog) -> bool {
    if !rec.is_object() {
        malformed(
            drops,
            path,
            n,
            format!("expected an application object (candidate_id, status), found {}", kind(rec)),
        );
        return true;
    }
    if cand.is_empty() {
        let found = kind(&rec[key]);
        let what = if key == "id" { "the application's id" } else { "the candidate's id" };
        drops.record(path, Reason::EmptyId, n, || {
            format!("`{key}` is {found}, expected {what}; the record is skipped — fill it in or remove the record")
        });
        return true;
    }
    false
}

/// An application's hiring decision, from a boolean `hired`, else `status`, else `hired` as text.
fn hiring_decision(rec: &Value, ashby_list: bool, path: &Path, n: u64, drops: &mut DropLog) -> Option<bool> {
    match &rec["hired"] {
        Value::Bool(b) => Some(*b),
        Value::Null if rec["status"].is_null() => {
            undecided(drops, path, n, || {
                "the application has neither `hired` nor `status`; the record is kept, its hiring decision unknown \
                 (export applications with their status)"
                    .into()
            });
            None
        }
        Value::Null => status_decision(&text(&rec["status"]), ashby_list, path, n, drops),
        other => hired_text(other, path, n, drops),
    }
}

/// A `status` as a decision: hired, rejected (Ashby: archived), or unknown; another status is counted.
fn status_decision(st: &str, ashby_list: bool, path: &Path, n: u64, drops: &mut DropLog) -> Option<bool> {
    match (ashby_list, st.to_ascii_lowercase().as_str()) {
        (_, "hired") => Some(true),
        (false, "rejected") | (true, "archived") => Some(false),
        (false, "active" | "in_process" | "converted" | "") => None,
        (true, "active" | "lead" | "") => None,
        _ => {
            let expected = if ashby_list {
                "Hired, Archived, Active or Lead (Ashby application status)"
            } else {
                "hired, rejected, active, in_process or converted"
            };
            undecided(drops, path, n, || {
                format!("`status` is '{st}', expected {expected}; the record is kept, its hiring decision unknown")
            });
            None
        }
    }
}

/// The decision a non-boolean `hired` gives when it reads as a boolean; otherwise it is counted.
fn hired_text(hired: &Value, path: &Path, n: u64, drops: &mut DropLog) -> Option<bool> {
    let raw = text(hired);
    let h = parse_bool(&raw);
    if h.is_none() {
        let shown = if raw.is_empty() { kind(hired).to_string() } else { format!("'{raw}'") };
        undecided(drops, path, n, || {
            format!(
                "`hired` is {shown}, expected true or false; the record is kept, its hiring decision unknown"
            )
        });
    }
    h
}

/// Counts a kept record whose hiring decision cannot be read (`unparsable_hired`).
fn undecided(drops: &mut DropLog, path: &Path, record: u64, what: impl FnOnce() -> String) {
    drops.record(path, Reason::UnparsableHired, record, what);
}

/// The error for an applications export without a usable record, listing what was skipped by name.
fn no_usable_application(
    path: &Path,
    source: AtsSource,
    records: usize,
    labels: RecordLabels,
    drops: &mut DropLog,
) -> Error {
    drops.relabel(path, |n| labels.label(n));
    let file = path.display().to_string();
    let skipped: Vec<_> = drops.entries().into_iter().filter(|d| d.file == file).collect();
    Error::Data(format!(
        "{file}: no usable application record among {records} (each needs a `{}`); re-export the applications.\n{}",
        if source == AtsSource::Ashby { "id" } else { "candidate_id" },
        format_drops(&skipped)
    ))
}

/// Whether a file is JSON: a `.json` extension, or a first non-blank byte of `[` or `{`.
fn looks_like_json(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if ext == "json" {
        return true;
    }
    use std::io::Read;
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    let head = head[..n].strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head[..n]);
    head.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|&b| b == b'[' || b == b'{')
}

/// Reads and parses a JSON file; syntax errors name the file, line and column. serde_json's recursion
/// limit (128 levels) turns absurdly deep nesting into an error, not a stack overflow.
pub fn read_json(path: &Path, what: &'static str) -> Result<Value> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::IsDirectory { path: path.to_path_buf() });
    }
    if meta.len() > crate::ingest::limits::MAX_JSON {
        return Err(Error::Data(format!(
            "{}: {} MiB of JSON; hirecal reads an ATS JSON export whole and accepts at most {} MiB. Export a shorter date range in several files (Lever: a directory of files), or convert the export to the canonical CSV.",
            path.display(),
            meta.len() >> 20,
            crate::ingest::limits::MAX_JSON >> 20
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::EmptyFile { path: path.to_path_buf(), what });
    }
    parse_json(path, body)
}

/// Parses JSON text; see [`read_json`].
pub fn parse_json(path: &Path, body: &[u8]) -> Result<Value> {
    serde_json::from_slice(body).map_err(|e| {
        Error::Data(format!(
            "{}:{}:{}: invalid JSON: {e}. Expected the ATS export as one JSON document; re-export it, or check that the file is complete.",
            path.display(),
            e.line(),
            e.column()
        ))
    })
}

/// The record list of an export: the top-level array, or the array under one of `keys` of a
/// top-level object (API envelopes such as `{"data": [...]}`).
pub fn records<'a>(value: &'a Value, keys: &[&str]) -> Option<&'a Vec<Value>> {
    match value {
        Value::Array(a) => Some(a),
        Value::Object(o) => keys.iter().find_map(|k| o.get(*k).and_then(Value::as_array)),
        _ => None,
    }
}

/// A scalar as trimmed text: strings as is, numbers and booleans printed; null, arrays and objects "".
pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// A JSON value's kind, for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The interviewer key: the stable id, or `name (id)` with `--show-names` when a name is known.
pub fn interviewer_key(id: String, name: &str, cfg: &Config) -> String {
    if cfg.show_names && !name.is_empty() && !id.is_empty() {
        format!("{name} ({id})")
    } else {
        id
    }
}

/// A 1–4 score as a recommendation label (strong_no, no, yes, strong_yes); other text as is.
pub fn four_point_recommendation(raw: &str) -> String {
    match raw.trim() {
        "1" => "strong_no".into(),
        "2" => "no".into(),
        "3" => "yes".into(),
        "4" => "strong_yes".into(),
        other => other.to_string(),
    }
}

/// Records a record-level problem as `malformed_record` (the message prefix names the record and id,
/// see [`Converted::label`]).
pub fn malformed(drops: &mut DropLog, path: &Path, record: u64, what: String) {
    drops.record(path, Reason::MalformedRecord, record, || format!("{what}; the record is skipped"));
}

/// The UTC calendar date of epoch milliseconds as `YYYY-MM-DD`.
pub fn date_of_epoch_ms(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    match i32::try_from(days) {
        Ok(d) => {
            let (y, m, dd) = crate::calendar::civil_from_days(d);
            format!("{y:04}-{m:02}-{dd:02}")
        }
        Err(_) => ms.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_ms_to_date() {
        assert_eq!(date_of_epoch_ms(0), "1970-01-01");
        assert_eq!(date_of_epoch_ms(1_736_503_200_000), "2025-01-10");
        assert_eq!(date_of_epoch_ms(-1), "1969-12-31");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        let err = parse_json(Path::new("x.json"), deep.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("x.json:1:"), "{err}");
        assert!(err.contains("recursion limit"), "{err}");
    }
}
