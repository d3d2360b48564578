//! Greenhouse Harvest v3 (`--source greenhouse --scorecards DIR`): one file per resource, each a bare
//! JSON array of objects (the API's pages concatenated) or the warehouse table as CSV or Parquet with
//! the same snake_case column names (Fivetran, Airbyte, Meltano).
//!
//! A file is the resource its stem names (`scorecards.json`, `applications.csv`, …); other files in
//! the directory are not read. The resources and the columns read:
//!
//! - `scorecards` (required): `id`, `application_id`, `interviewer_id`, `status` (`draft` |
//!   `complete`), `candidate_rating` (the recommendation: `strong_no` … `strong_yes`, `no_decision`
//!   or empty = none), and optionally `submitter_id`, `interview_kit_id`, `interviewed_at`. Only
//!   `complete` scorecards count; a draft is counted as `draft_scorecard` (informational) with its
//!   ratings unused.
//! - `scorecard_candidate_attributes` (required): `scorecard_id`, `job_candidate_attribute_id`,
//!   `candidate_attribute_rating` (`definitely_not` … `strong_yes`, `no_decision` = missing): the
//!   ratings.
//! - `job_candidate_attributes` (required): `id`, `name`: the question is the attribute's name. v3
//!   has no attribute category, so competencies come from `--questions`.
//! - `applications` (required): `id`, `candidate_id`, `status`: the candidate of a scorecard (v3
//!   scorecards have no `candidate_id`) and the hiring decision (`hired` → hired, `rejected` → not,
//!   `in_process` and `converted` → unknown), used without `--outcomes`.
//! - `users` (optional): `id`, `name` or `first_name` + `last_name`, shown with `--show-names`.
//! - `interview_kits` (`id`, `job_interview_id`) → `job_interviews` (`id`, `name`,
//!   `job_interview_stage_id`) → `job_interview_stages` (`id`, `name`), all optional: each
//!   scorecard's `interview_kit_id` leads to its interview and stage, kept on the scorecard as its
//!   round (`Stage · Interview`, see [`crate::dataset::Scorecards::round`]).
//! - `jobs` (optional): `id`, `name`. Each scorecard's job is its application's `job_id`, named by
//!   `jobs.name` when the file is there ([`crate::dataset::Scorecards::job`]).
//!
//! The two scales use different words for their lowest level (`strong_no` for `candidate_rating`,
//! `definitely_not` for attribute ratings); both are read as that lowest level. A join that finds
//! nothing (a scorecard's application, an attribute row's scorecard or attribute) is an error naming
//! the file, the record and the table looked in. A `submitter_id` other than the `interviewer_id` is
//! counted as `submitted_by_other` (informational), as in v1. Rows reach the canonical pipeline in
//! scorecard order, so the same facts exported as v1 JSON, v3 JSON or v3 tables read identically.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{interviewer_key, kind, malformed, read_json, records, text, CanonRow};
use crate::config::Config;
use crate::dataset::InputFile;
use crate::dates::parse_date;
use crate::drops::{DropLog, Reason};
use crate::error::{Error, Result};
use crate::ingest::table::Table;
use crate::scale::{is_missing, Recommendation};

/// The resources read, in reading order.
pub const RESOURCES: [&str; 9] = [
    "applications",
    "jobs",
    "users",
    "interview_kits",
    "job_interviews",
    "job_interview_stages",
    "job_candidate_attributes",
    "scorecards",
    "scorecard_candidate_attributes",
];

/// Columns read from each resource; the first `required` of them must be in a table's header.
fn columns(resource: &str) -> (&'static [&'static str], usize) {
    match resource {
        "applications" => (&["id", "candidate_id", "status", "job_id"], 3),
        "users" => (&["id", "name", "first_name", "last_name"], 1),
        "jobs" => (&["id", "name"], 2),
        "interview_kits" => (&["id", "job_interview_id"], 2),
        "job_interviews" => (&["id", "name", "job_interview_stage_id"], 2),
        "job_interview_stages" => (&["id", "name"], 2),
        "job_candidate_attributes" => (&["id", "name", "job_id"], 2),
        "scorecards" => (
            &[
                "id",
                "application_id",
                "interviewer_id",
                "status",
                "candidate_rating",
                "submitter_id",
                "interview_kit_id",
                "interviewed_at",
            ],
            5,
        ),
        "scorecard_candidate_attributes" => {
            (&["scorecard_id", "job_candidate_attribute_id", "candidate_attribute_rating"], 3)
        }
        _ => (&[], 0),
    }
}

/// One resource file, read as rows of the wanted columns.
#[derive(Debug)]
pub struct Resource {
    /// The resource name (file stem).
    pub name: &'static str,
    /// The file.
    pub path: PathBuf,
    /// JSON (positions are record numbers) or a table (positions are lines).
    pub json: bool,
    /// (position, values of the wanted columns; "" when absent).
    pub rows: Vec<(u64, Vec<String>)>,
    /// JSON records (including skipped ones) or table data rows read.
    pub read: u64,
}

impl Resource {
    /// How messages name a row: `file:7` for a table line, `file record 7 (id 5001)` for JSON.
    fn at(&self, pos: u64, id: &str) -> String {
        if self.json {
            if id.is_empty() {
                format!("{} record {pos}", self.path.display())
            } else {
                format!("{} record {pos} (id {id})", self.path.display())
            }
        } else {
            format!("{}:{pos}", self.path.display())
        }
    }
}

/// The resource files of a directory, by resource name (the first file of each, in name order; a
/// `.json`, `.csv`, `.tsv`, `.parquet` or `.pq` file whose stem is the resource name).
pub fn resource_files(dir: &Path) -> Result<HashMap<&'static str, PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut out = HashMap::new();
    for p in files {
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if !matches!(ext.as_str(), "json" | "csv" | "tsv" | "parquet" | "pq") {
            continue;
        }
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_ascii_lowercase();
        if let Some(r) = RESOURCES.iter().find(|r| **r == stem) {
            out.entry(*r).or_insert(p);
        }
    }
    Ok(out)
}

/// Whether a parsed JSON scorecards export is v3 (flat records with `candidate_rating` or
/// `interview_kit_id`, no nested `attributes`) rather than v1.
pub fn is_v3(value: &Value) -> bool {
    let Some(list) = records(value, &["scorecards"]) else { return false };
    list.iter().find(|r| r.is_object()).is_some_and(|r| {
        r.get("attributes").is_none()
            && (r.get("candidate_rating").is_some() || r.get("interview_kit_id").is_some())
    })
}

/// Reads one resource file: a JSON array (or `{"<resource>"|"data"|"results": [...]}`) or a
/// CSV/Parquet table. Table rows that are not UTF-8 or have the wrong width, and JSON records that
/// are not objects, are counted and skipped.
pub fn read_resource(name: &'static str, path: &Path, cfg: &Config, drops: &mut DropLog) -> Result<Resource> {
    let (cols, required) = columns(name);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let mut res = Resource { name, path: path.to_path_buf(), json: ext == "json", rows: Vec::new(), read: 0 };
    if res.json {
        let value = read_json(path, name)?;
        let list = records(&value, &[name, "data", "results"]).ok_or_else(|| {
            Error::Data(format!(
                "{}: expected a JSON array of Greenhouse Harvest v3 {name} objects ({}), found {}",
                path.display(),
                cols[..required].join(", "),
                kind(&value)
            ))
        })?;
        for (i, rec) in list.iter().enumerate() {
            let n = i as u64 + 1;
            res.read += 1;
            if !rec.is_object() {
                malformed(drops, path, n, format!("expected a {name} object, found {}", kind(rec)));
                continue;
            }
            res.rows.push((n, cols.iter().map(|c| text(&rec[*c])).collect()));
        }
        return Ok(res);
    }
    let table = Table::open(path, name, cfg.delimiter)?;
    let mut idx = Vec::with_capacity(cols.len());
    for (k, c) in cols.iter().enumerate() {
        idx.push(if k < required {
            Some(table.require(c, &format!("(Greenhouse v3 {name} table)"))?)
        } else {
            table.optional(c)?
        });
    }
    let width = table.header.len();
    let rows = &mut res.rows;
    res.read = table.for_each_row(|row| {
        if row.invalid_text {
            drops.record(path, Reason::InvalidText, row.line, || super::super::table::INVALID_TEXT.into());
        }
        if row.width != width {
            let w = row.width;
            drops.record(path, Reason::RaggedRow, row.line, || {
                format!("the row has {w} fields, the header has {width}; check for an unquoted delimiter in a value")
            });
            return;
        }
        let get = |i: Option<usize>| {
            i.and_then(|i| row.fields.get(i).copied().flatten())
                .map(|s| crate::ingest::values::trim(s).to_string())
                .unwrap_or_default()
        };
        rows.push((row.line, idx.iter().map(|&i| get(i)).collect()));
    })?;
    Ok(res)
}

/// What reading a v3 directory produced.
#[derive(Debug, Default)]
pub struct V3 {
    /// Canonical rows, scorecard by scorecard; `record` is the position of the rating's row in the
    /// attributes resource.
    pub rows: Vec<CanonRow>,
    /// The attributes resource (where the rows' positions point).
    pub attributes: PathBuf,
    /// JSON attributes: each record's label (index = record number − 1).
    pub attribute_labels: Option<Vec<String>>,
    /// The applications resource, which supplies the hiring decision.
    pub applications: PathBuf,
    /// Every file read, with the rows read from it.
    pub files: Vec<InputFile>,
    /// (job id, job name) of each job a `jobs` file names, so that `--job` takes either.
    pub job_ids: Vec<(String, String)>,
}

/// A complete scorecard's header fields.
struct Card {
    candidate: String,
    interviewer: String,
    scorecard: String,
    date: String,
    recommendation: String,
    interview: String,
    job: String,
    /// (position in the attributes resource, question, score), in file order.
    ratings: Vec<(u64, String, String)>,
}

/// The resources read, by resource name.
type Resources = HashMap<&'static str, Resource>;

/// scorecard id → Some(index into cards) for a complete scorecard, None for one not used.
type CardOf<'a> = HashMap<&'a str, Option<usize>>;

/// Reads a v3 directory into canonical rows (see the module doc). `scorecards`, when given, is the
/// scorecards resource whatever its name (`--scorecards DIR/my_export.json`).
pub fn read(dir: &Path, scorecards: Option<&Path>, cfg: &Config, drops: &mut DropLog) -> Result<V3> {
    let found = find_resources(dir, scorecards)?;
    let (res, files) = read_resources(&found, cfg, drops)?;
    let joins = Joins::new(&res);
    let (mut cards, card_of) = read_scorecards(&res["scorecards"], &joins, cfg, drops)?;
    let ratings = &res["scorecard_candidate_attributes"];
    attach_ratings(ratings, &joins, &card_of, &mut cards, drops)?;
    relabel_json_drops(&res, drops);
    Ok(V3 {
        rows: canon_rows(cards),
        attributes: ratings.path.clone(),
        attribute_labels: ratings.json.then(|| record_labels(ratings)),
        applications: res["applications"].path.clone(),
        files,
        job_ids: job_ids(joins.job_names.as_ref()),
    })
}

/// The resource files of `dir`, with `scorecards` (when given) as the scorecards resource.
fn find_resources(dir: &Path, scorecards: Option<&Path>) -> Result<HashMap<&'static str, PathBuf>> {
    let mut found = resource_files(dir)?;
    if let Some(p) = scorecards {
        found.insert("scorecards", p.to_path_buf());
    }
    check_required(dir, &found)?;
    Ok(found)
}

/// Checks that the required resources were found; else an error naming the missing ones and the files found.
fn check_required(dir: &Path, found: &HashMap<&'static str, PathBuf>) -> Result<()> {
    let missing: Vec<&str> =
        ["scorecards", "scorecard_candidate_attributes", "job_candidate_attributes", "applications"]
            .into_iter()
            .filter(|r| !found.contains_key(r))
            .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let have: Vec<String> = {
        let mut v: Vec<String> = found.values().map(|p| p.display().to_string()).collect();
        v.sort();
        v
    };
    Err(Error::Data(format!(
        "{}: a Greenhouse Harvest v3 export needs the resources scorecards, scorecard_candidate_attributes, job_candidate_attributes and applications, one file each (<resource>.json, .csv or .parquet); missing: {}. Found: {}. Export the missing resources into the directory.",
        dir.display(),
        missing.join(", "),
        if have.is_empty() { "no resource file".to_string() } else { have.join(", ") }
    )))
}

/// Reads each resource found, in [`RESOURCES`] order, with the list of files read.
fn read_resources(
    found: &HashMap<&'static str, PathBuf>,
    cfg: &Config,
    drops: &mut DropLog,
) -> Result<(Resources, Vec<InputFile>)> {
    let mut res = Resources::new();
    let mut files = Vec::new();
    // The applications are read again as the hiring decisions, whose reading counts their problems.
    let mut uncounted = DropLog::default();
    for name in RESOURCES {
        let Some(p) = found.get(name) else { continue };
        let log = if name == "applications" { &mut uncounted } else { &mut *drops };
        let r = read_resource(name, p, cfg, log)?;
        files.push(InputFile {
            role: name,
            path: p.display().to_string(),
            size: std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            rows_read: r.read,
            sha256: None,
        });
        res.insert(name, r);
    }
    Ok((res, files))
}

/// Column 0 → column `value` of a resource's rows (the first row of an id wins).
fn first_of(r: &Resource, value: usize) -> HashMap<&str, &str> {
    let mut m = HashMap::new();
    for (_, v) in &r.rows {
        m.entry(v[0].as_str()).or_insert(v[value].as_str());
    }
    m
}

/// users: id → display name (`name`, else `first_name last_name`; the last row of an id wins).
fn user_names(users: Option<&Resource>) -> HashMap<&str, String> {
    let mut name_of = HashMap::new();
    for (_, v) in users.map(|u| u.rows.as_slice()).unwrap_or_default() {
        let name =
            if v[1].is_empty() { format!("{} {}", v[2], v[3]).trim().to_string() } else { v[1].clone() };
        name_of.insert(v[0].as_str(), name);
    }
    name_of
}

/// The id lookups a scorecard is joined through, borrowed from the resources read.
struct Joins<'a> {
    /// The resources read (a failed join names the file looked in).
    res: &'a Resources,
    /// applications: id → candidate id.
    candidate_of: HashMap<&'a str, &'a str>,
    /// applications: id → job id.
    job_of_app: HashMap<&'a str, &'a str>,
    /// users: id → display name.
    name_of: HashMap<&'a str, String>,
    /// job_candidate_attributes: id → name.
    attribute_of: HashMap<&'a str, &'a str>,
    /// jobs: id → name.
    job_names: Option<HashMap<&'a str, &'a str>>,
    /// interview_kits: id → job interview id.
    kits: Option<HashMap<&'a str, &'a str>>,
    /// job_interviews: id → name.
    interview_names: Option<HashMap<&'a str, &'a str>>,
    /// job_interviews: id → stage id.
    interview_stages: Option<HashMap<&'a str, &'a str>>,
    /// job_interview_stages: id → name.
    stage_names: Option<HashMap<&'a str, &'a str>>,
}

impl<'a> Joins<'a> {
    /// Builds the lookups from the resources read (the required ones are there).
    fn new(res: &'a Resources) -> Self {
        let apps = &res["applications"];
        // applications: id → candidate id (an application without an id is no scorecard's).
        let mut candidate_of = first_of(apps, 1);
        candidate_of.remove("");
        // interview_kits → job_interviews → job_interview_stages: the round of a scorecard.
        let map_of = |name: &str, value: usize| res.get(name).map(|r| first_of(r, value));
        Joins {
            res,
            candidate_of,
            job_of_app: first_of(apps, 3),
            name_of: user_names(res.get("users")),
            attribute_of: first_of(&res["job_candidate_attributes"], 1),
            job_names: map_of("jobs", 1),
            kits: map_of("interview_kits", 1),
            interview_names: map_of("job_interviews", 1),
            interview_stages: map_of("job_interviews", 2),
            stage_names: map_of("job_interview_stages", 1),
        }
    }

    /// The error for `what` `id` (found at `at`) that is not in the `table` resource.
    fn not_in(&self, at: &str, what: &str, id: &str, table: &str) -> Error {
        let path = self.res.get(table).map(|r| r.path.display().to_string()).unwrap_or_default();
        Error::Data(format!(
            "{at}: {what} '{id}' is not in the {table} table ({path}). Export the {table} with the scorecards, or leave the file out."
        ))
    }

    /// The interviewer key of a user id, with the user's name when there is one.
    fn interviewer(&self, user: &str, cfg: &Config) -> String {
        interviewer_key(user.to_string(), &self.name_of.get(user).cloned().unwrap_or_default(), cfg)
    }

    /// "Stage · Interview" of a scorecard's interview kit ("" when unknown).
    fn round_of(&self, at: &str, kit: &str) -> Result<String> {
        let (Some(kits), false) = (&self.kits, kit.is_empty()) else { return Ok(String::new()) };
        let ji = *kits.get(kit).ok_or_else(|| self.not_in(at, "interview_kit_id", kit, "interview_kits"))?;
        let Some(names) = &self.interview_names else { return Ok(String::new()) };
        let name = *names.get(ji).ok_or_else(|| self.not_in(at, "job_interview_id", ji, "job_interviews"))?;
        let stage_id = self.interview_stages.as_ref().and_then(|m| m.get(ji).copied()).unwrap_or("");
        let stage = match (&self.stage_names, stage_id.is_empty()) {
            (Some(st), false) => *st
                .get(stage_id)
                .ok_or_else(|| self.not_in(at, "job_interview_stage_id", stage_id, "job_interview_stages"))?,
            _ => "",
        };
        Ok(match (stage.is_empty(), name.is_empty()) {
            (false, false) => format!("{stage} · {name}"),
            (false, true) => stage.to_string(),
            _ => name.to_string(),
        })
    }

    /// The job of an application: its `job_id`, or the job's name when a `jobs` file names it.
    fn job_of(&self, at: &str, app: &str) -> Result<String> {
        let job_id = self.job_of_app.get(app).copied().unwrap_or("");
        Ok(match &self.job_names {
            Some(names) if !job_id.is_empty() => {
                let name = *names.get(job_id).ok_or_else(|| self.not_in(at, "job_id", job_id, "jobs"))?;
                if name.is_empty() {
                    job_id.to_string()
                } else {
                    name.to_string()
                }
            }
            _ => job_id.to_string(),
        })
    }
}

/// scorecards: the complete scorecards' cards in file order, and each scorecard id's card.
fn read_scorecards<'a>(
    sc: &'a Resource,
    joins: &Joins,
    cfg: &Config,
    drops: &mut DropLog,
) -> Result<(Vec<Card>, CardOf<'a>)> {
    let mut cards: Vec<Card> = Vec::new();
    let mut card_of = CardOf::new();
    let mut first_pos: HashMap<&str, u64> = HashMap::new();
    for (pos, v) in &sc.rows {
        let (pos, id) = (*pos, v[0].as_str());
        if !is_new_id(sc, pos, id, &mut first_pos, drops) {
            continue;
        }
        let card = complete_card(sc, pos, v, joins, cfg, drops)?;
        card_of.insert(
            id,
            card.map(|c| {
                cards.push(c);
                cards.len() - 1
            }),
        );
    }
    Ok((cards, card_of))
}

/// Whether a scorecard row has an id not seen before; an empty or repeated id is counted.
fn is_new_id<'a>(
    sc: &Resource,
    pos: u64,
    id: &'a str,
    first_pos: &mut HashMap<&'a str, u64>,
    drops: &mut DropLog,
) -> bool {
    if id.is_empty() {
        drops.record(&sc.path, Reason::EmptyId, pos, || {
            "`id` is empty, expected the scorecard's id; the scorecard is skipped — re-export the scorecards".into()
        });
        return false;
    }
    if let Some(first) = first_pos.get(id) {
        let first = sc.at(*first, id);
        malformed(drops, &sc.path, pos, format!("scorecard id {id} appears again (first at {first})"));
        return false;
    }
    first_pos.insert(id, pos);
    true
}

/// The card of a complete scorecard row, or `None` (counted) for a scorecard not used.
fn complete_card(
    sc: &Resource,
    pos: u64,
    v: &[String],
    joins: &Joins,
    cfg: &Config,
    drops: &mut DropLog,
) -> Result<Option<Card>> {
    let id = v[0].as_str();
    let at = sc.at(pos, id);
    if !is_complete(&sc.path, pos, id, &v[3], drops) {
        return Ok(None);
    }
    let Some(candidate) = scorecard_candidate(sc, pos, v, &at, joins, drops)? else { return Ok(None) };
    let Some(interviewer) = scorecard_interviewer(sc, pos, v, joins, cfg, drops) else { return Ok(None) };
    let date = checked_date(&sc.path, pos, &v[7], drops);
    let recommendation = checked_recommendation(&sc.path, pos, &v[4], drops);
    Ok(Some(Card {
        candidate: candidate.to_string(),
        interviewer,
        scorecard: id.to_string(),
        date,
        recommendation,
        interview: joins.round_of(&at, &v[6])?,
        job: joins.job_of(&at, v[1].as_str())?,
        ratings: Vec::new(),
    }))
}

/// A scorecard's candidate through its application, or `None` (counted) when the id is empty.
fn scorecard_candidate<'a>(
    sc: &Resource,
    pos: u64,
    v: &[String],
    at: &str,
    joins: &Joins<'a>,
    drops: &mut DropLog,
) -> Result<Option<&'a str>> {
    let (id, app) = (v[0].as_str(), v[1].as_str());
    let apps = &joins.res["applications"];
    let Some(candidate) = joins.candidate_of.get(app) else {
        return Err(Error::Data(format!(
            "{at}: application_id '{app}' of scorecard {id} is not in the applications table ({}). Export scorecards and applications together, so that every scorecard's application is there.",
            apps.path.display()
        )));
    };
    if candidate.is_empty() {
        drops.record(&sc.path, Reason::EmptyId, pos, || {
            format!("application {app} of scorecard {id} has an empty `candidate_id` in {}; the scorecard is skipped — fill it in", apps.path.display())
        });
        return Ok(None);
    }
    Ok(Some(candidate))
}

/// A scorecard's interviewer key, or `None` (counted) when empty; another submitter is counted.
fn scorecard_interviewer(
    sc: &Resource,
    pos: u64,
    v: &[String],
    joins: &Joins,
    cfg: &Config,
    drops: &mut DropLog,
) -> Option<String> {
    let (id, iv) = (v[0].as_str(), v[2].as_str());
    if iv.is_empty() {
        drops.record(&sc.path, Reason::EmptyId, pos, || {
            format!("`interviewer_id` of scorecard {id} is empty, expected the interviewer's user id; the scorecard is skipped — fill it in")
        });
        return None;
    }
    let interviewer = joins.interviewer(iv, cfg);
    let submitter = v[5].as_str();
    if !submitter.is_empty() && submitter != iv {
        let who = joins.interviewer(submitter, cfg);
        drops.record(&sc.path, Reason::SubmittedByOther, pos, || {
            format!("`submitter_id` is user {who}, not the interviewer {interviewer}; the ratings are kept and scored under the interviewer (`interviewer_id`)")
        });
    }
    Some(interviewer)
}

/// Whether a scorecard's `status` is complete; a draft or another status is counted.
fn is_complete(path: &Path, pos: u64, id: &str, status: &str, drops: &mut DropLog) -> bool {
    match status.to_ascii_lowercase().as_str() {
        "complete" => true,
        "draft" => {
            drops.record(path, Reason::DraftScorecard, pos, || {
                format!(
                    "scorecard {id} has `status` draft: it was not submitted, so its ratings are not used"
                )
            });
            false
        }
        _ => {
            malformed(
                drops,
                path,
                pos,
                format!("`status` is '{status}', expected complete or draft (scorecard {id})"),
            );
            false
        }
    }
}

/// A scorecard's `interviewed_at`, or "" (counted) when it is not a date.
fn checked_date(path: &Path, pos: u64, date: &str, drops: &mut DropLog) -> String {
    if !date.is_empty() && parse_date(date).is_none() {
        drops.record(path, Reason::UnparsableDate, pos, || {
            format!("column 'interviewed_at': value '{date}' is not a date, expected ISO 8601 such as 2025-03-14T09:30:00Z; the ratings are kept without a date")
        });
        return String::new();
    }
    date.to_string()
}

/// A scorecard's `candidate_rating`, or "" (counted) when it is not a recommendation.
fn checked_recommendation(path: &Path, pos: u64, recommendation: &str, drops: &mut DropLog) -> String {
    if !is_missing(recommendation) && Recommendation::parse(recommendation).is_none() {
        drops.record(path, Reason::UnparsableRecommendation, pos, || {
            format!("column 'candidate_rating': value '{recommendation}' is not a recommendation, expected strong_no, no, yes, strong_yes or no_decision; the ratings are kept, the recommendation treated as unknown")
        });
        return String::new();
    }
    recommendation.to_string()
}

/// scorecard_candidate_attributes: the ratings, added to their complete scorecards' cards.
fn attach_ratings(
    ratings: &Resource,
    joins: &Joins,
    card_of: &CardOf,
    cards: &mut [Card],
    drops: &mut DropLog,
) -> Result<()> {
    for (pos, v) in &ratings.rows {
        let (sid, aid) = (v[0].as_str(), v[1].as_str());
        let here = ratings.at(*pos, "");
        let Some(card) = card_of.get(sid) else {
            if sid.is_empty() {
                drops.record(&ratings.path, Reason::EmptyId, *pos, || {
                    "`scorecard_id` is empty, expected the scorecard's id; the rating is skipped".into()
                });
                continue;
            }
            return Err(Error::Data(format!(
                "{here}: scorecard_id '{sid}' is not in the scorecards table ({}). Export the scorecards and their attributes together.",
                joins.res["scorecards"].path.display()
            )));
        };
        let Some(question) = joins.attribute_of.get(aid) else {
            return Err(Error::Data(format!(
                "{here}: job_candidate_attribute_id '{aid}' (scorecard {sid}) is not in the job_candidate_attributes table ({}). Export the job's attributes with the scorecards.",
                joins.res["job_candidate_attributes"].path.display()
            )));
        };
        if let Some(k) = card {
            cards[*k].ratings.push((*pos, question.to_string(), v[2].clone()));
        }
    }
    Ok(())
}

/// The canonical rows: each card's ratings, card by card.
fn canon_rows(cards: Vec<Card>) -> Vec<CanonRow> {
    let mut rows = Vec::new();
    for c in cards {
        for (pos, question, score) in c.ratings {
            rows.push(CanonRow {
                record: pos,
                candidate: c.candidate.clone(),
                interviewer: c.interviewer.clone(),
                question,
                score,
                scorecard: c.scorecard.clone(),
                date: c.date.clone(),
                recommendation: c.recommendation.clone(),
                interview: c.interview.clone(),
                job: c.job.clone(),
            });
        }
    }
    rows
}

/// JSON resources: messages name records, not lines.
fn relabel_json_drops(res: &Resources, drops: &mut DropLog) {
    for r in res.values() {
        if r.json {
            let labels = json_labels(r);
            drops.relabel(&r.path, |n| record_label(&labels, n));
        }
    }
}

/// Each record of a JSON resource as messages name it, by record number from 1.
fn record_labels(r: &Resource) -> Vec<String> {
    let labels = json_labels(r);
    (1..=r.read).map(|n| record_label(&labels, n)).collect()
}

/// How messages name JSON record `n`: `record 7 (id 5001)`, or `record 7` when it has no label.
fn record_label(labels: &HashMap<u64, String>, n: u64) -> String {
    match labels.get(&n) {
        Some(l) => format!("record {n} ({l})"),
        None => format!("record {n}"),
    }
}

/// (job id, job name) of each job the `jobs` resource names, sorted (none without the resource).
fn job_ids(job_names: Option<&HashMap<&str, &str>>) -> Vec<(String, String)> {
    let Some(names) = job_names else { return Vec::new() };
    let mut ids: Vec<(String, String)> =
        names.iter().filter(|(_, n)| !n.is_empty()).map(|(i, n)| (i.to_string(), n.to_string())).collect();
    ids.sort();
    ids
}

/// The ids that name each JSON record of a resource (by record number).
fn json_labels(r: &Resource) -> HashMap<u64, String> {
    r.rows
        .iter()
        .map(|(n, v)| {
            let l = match r.name {
                "scorecard_candidate_attributes" => {
                    format!("scorecard_id {}, job_candidate_attribute_id {}", v[0], v[1])
                }
                _ => format!("id {}", v[0]),
            };
            (*n, l)
        })
        .collect()
}

/// Whether `path` is a v3 `applications` table (CSV or Parquet named `applications`, with `status`
/// and `candidate_id` but no `hired` column), which [`decisions_table`] reads.
pub fn is_applications_table(path: &Path, cfg: &Config) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_ascii_lowercase();
    if stem != "applications" || !matches!(ext.as_str(), "csv" | "tsv" | "parquet" | "pq") {
        return false;
    }
    Table::open(path, "outcomes", cfg.delimiter).is_ok_and(|t| {
        t.column("status").is_some()
            && t.column("candidate_id").is_some()
            && t.column(&cfg.outcomes.hired).is_none()
    })
}

/// The hiring decisions of a v3 `applications` table as an outcomes table (candidate id, hired):
/// `hired` → true, `rejected` → false, `in_process`, `converted` (and `active`) → unknown. A row
/// without a candidate id is counted and skipped; another status is counted as an unparsable hiring
/// decision and the row kept with the decision unknown. Rows keep their file lines.
pub fn decisions_table(path: &Path, cfg: &Config, drops: &mut DropLog) -> Result<Table> {
    let r = read_resource("applications", path, cfg, drops)?;
    let mut rows = Vec::with_capacity(r.rows.len());
    for (pos, v) in r.rows {
        let (id, cand, status) = (&v[0], &v[1], &v[2]);
        if cand.is_empty() {
            drops.record(path, Reason::EmptyId, pos, || {
                format!("column 'candidate_id': empty for application {id}, expected the candidate's id; the row is skipped — fill it in or remove the row")
            });
            continue;
        }
        let hired = match status.to_ascii_lowercase().as_str() {
            "hired" => Some(true),
            "rejected" => Some(false),
            "in_process" | "converted" | "active" | "" => None,
            _ => {
                drops.record(path, Reason::UnparsableHired, pos, || {
                    format!("column 'status': value '{status}' (application {id}) is not an application status, expected hired, rejected, in_process or converted; the row is kept, its hiring decision unknown")
                });
                None
            }
        };
        rows.push((pos, vec![Some(cand.clone()), hired.map(|b| b.to_string())]));
    }
    let header = vec![cfg.outcomes.candidate_id.clone(), cfg.outcomes.hired.clone()];
    Ok(Table::from_memory(path, header, rows))
}
