//! Lever feedback (`GET /opportunities/:id/feedback`): feedback objects with `user`, `completedAt`
//! (epoch milliseconds) and `fields[]`.
//!
//! Accepted shapes: one export `{"data": [feedback…]}` (optionally with `opportunityId`; the API's
//! paging keys `hasNext` and `next` are ignored), a single
//! feedback object, or a JSON array of feedback objects and/or such exports. The opportunity id is the
//! candidate: the feedback's `opportunityId` (or `opportunity`), else the export's, else the file stem.
//! The job is the opportunity's `posting` (an id, or `{ "id", "text" }`) on the feedback or the export,
//! else the posting an applications file names for the opportunity (see [`super::jobs`]).
//! A `score-system` field is the overall rating: a rated question named by its `text` and the
//! scorecard's recommendation (1 strong_no … 4 strong_yes). A `scorecard` field rates several skills:
//! `value[k].score` scores `scores[k].text` (or, when `value` is one object, `value.score` scores the
//! field's `text`). A `score` field (Lever's documented per-skill rating: `value` an integer 1–4 or
//! null) is a rated question named by its `text`; one marked `"overall": true` or
//! `"isSummary": true` is the overall rating and read like `score-system` (its value may be text such
//! as `"3 - Hire"`). Other field types (text, yes-no, …) are ignored.
//!
//! A score is a number, or a string whose leading integer is the score (`"3"`, `"4 - Strong Hire"`);
//! any other string is passed on as a label, which the scale reports with every label seen. Feedback
//! with `deletedAt` set was deleted in Lever: it is counted as `deleted_record` and skipped.
//! `--scorecards` may be a directory: every `*.json` file in it (one feedback, an export or an array
//! each) is read in file-name order as one export, and messages name the file and its record number.

use std::path::Path;

use serde_json::Value;

use super::jobs::JobRef;
use super::{
    date_of_epoch_ms, four_point_recommendation, interviewer_key, kind, malformed, read_json, text, CanonRow,
    Converted,
};
use crate::config::Config;
use crate::drops::{DropLog, Reason};
use crate::error::{Error, Result};
use crate::scale::parse_number;

/// A score value: `{ "score": n }` or a bare number/string; see [`score_text`].
fn score_of(v: &Value) -> String {
    match v {
        Value::Object(o) => o.get("score").map(score_of).unwrap_or_default(),
        other => score_text(&text(other)),
    }
}

/// A score as text: a number as is; a string whose leading integer is followed by a separator and a
/// label (`4 - Strong Hire`, `3: Hire`, `2 (No Hire)`) → that integer; anything else unchanged (the
/// scale then reports it as an unknown label).
pub fn score_text(raw: &str) -> String {
    let t = raw.trim();
    if parse_number(t).is_some() {
        return t.to_string();
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &t[digits..];
    let separated = rest.starts_with(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | ')'));
    if digits > 0 && separated && rest.chars().any(char::is_alphabetic) {
        t[..digits].to_string()
    } else {
        t.to_string()
    }
}

/// An id that may be a string or an object with `id`.
fn id_of(v: &Value) -> String {
    match v {
        Value::Object(o) => o.get("id").map(text).unwrap_or_default(),
        other => text(other),
    }
}

/// The feedback objects of one parsed file, each with the export envelope it sits in (`None` when
/// none): the envelope may name the opportunity and its posting.
fn entries<'a>(value: &'a Value, path: &Path) -> Result<Vec<(&'a Value, Option<&'a Value>)>> {
    let mut list: Vec<(&Value, Option<&Value>)> = Vec::new();
    match value {
        Value::Object(o) if o.get("data").is_some_and(Value::is_array) => {
            for fb in value["data"].as_array().into_iter().flatten() {
                list.push((fb, Some(value)));
            }
        }
        Value::Object(_) => list.push((value, None)),
        Value::Array(a) => {
            for e in a {
                if let Some(data) = e["data"].as_array() {
                    list.extend(data.iter().map(|fb| (fb, Some(e))));
                } else {
                    list.push((e, None));
                }
            }
        }
        _ => {
            return Err(Error::Data(format!(
                "{}: expected Lever feedback: an export {{\"data\": [...]}}, a feedback object or an array of them, found {}",
                path.display(),
                kind(value)
            )))
        }
    }
    Ok(list)
}

/// The opportunity id of an export or feedback: `opportunityId`, else `opportunity` (id or object).
fn export_opp(e: &Value) -> String {
    let o = id_of(&e["opportunityId"]);
    if o.is_empty() {
        id_of(&e["opportunity"])
    } else {
        o
    }
}

fn stem_of(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Converts a feedback export to canonical rows.
pub fn feedback(value: &Value, path: &Path, cfg: &Config, drops: &mut DropLog) -> Result<Converted> {
    let mut out = Converted::default();
    convert(entries(value, path)?, &stem_of(path), path, cfg, drops, &mut out);
    Ok(out)
}

/// Converts every `*.json` file of a directory, in file-name order, as one export. Records are numbered
/// across the files; [`Converted::origin`] keeps each one's file and number within the file.
pub fn directory(dir: &Path, cfg: &Config, drops: &mut DropLog) -> Result<Converted> {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            !name.starts_with('.') && name.to_ascii_lowercase().ends_with(".json") && p.is_file()
        })
        .collect();
    if files.is_empty() {
        return Err(Error::Data(format!(
            "{}: the directory has no .json files; --source lever --scorecards DIR reads every *.json file in DIR (one feedback export each)",
            dir.display()
        )));
    }
    files.sort_by_key(|p| p.file_name().map(|n| n.to_os_string()));
    let mut out = Converted::default();
    for file in &files {
        let value = read_json(file, "scorecards")?;
        let list = entries(&value, file)?;
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let first = out.ids.len();
        // Drops are recorded against the directory, numbered across files, and relabelled by file.
        convert(list, &stem_of(file), dir, cfg, drops, &mut out);
        out.origin.extend((1..=(out.ids.len() - first) as u64).map(|k| (name.clone(), k)));
        out.files.push((file.clone(), (out.ids.len() - first) as u64));
    }
    Ok(out)
}

/// Appends the rows of `list` to `out`, numbering records after those already in it.
fn convert(
    list: Vec<(&Value, Option<&Value>)>,
    stem: &str,
    path: &Path,
    cfg: &Config,
    drops: &mut DropLog,
    out: &mut Converted,
) {
    for (fb, envelope) in list {
        let n = out.ids.len() as u64 + 1;
        let id = text(&fb["id"]);
        out.ids.push(id.clone());
        if !fb.is_object() {
            malformed(drops, path, n, format!("expected a feedback object, found {}", kind(fb)));
            continue;
        }
        let deleted = &fb["deletedAt"];
        if !deleted.is_null() {
            let when = match deleted.as_i64() {
                Some(ms) => format!("{ms} ({})", date_of_epoch_ms(ms)),
                None => format!("'{}'", text(deleted)),
            };
            drops.record(path, Reason::DeletedRecord, n, || {
                format!("`deletedAt` is {when}: the feedback was deleted in Lever; the record is skipped")
            });
            continue;
        }
        let Some(fields) = fb["fields"].as_array() else {
            let found = kind(&fb["fields"]);
            malformed(drops, path, n, format!("`fields` is {found}, expected an array of form fields"));
            continue;
        };
        let mut candidate = export_opp(fb);
        if candidate.is_empty() {
            let export = envelope.map(export_opp).unwrap_or_default();
            candidate = if export.is_empty() { stem.to_string() } else { export };
        }
        // The opportunity's posting, on the feedback or on the export around it.
        let job = JobRef::of(&fb["posting"]).or_else(|| envelope.and_then(|e| JobRef::of(&e["posting"])));
        let user = &fb["user"];
        let interviewer = interviewer_key(id_of(user), &text(&user["name"]), cfg);
        let date = match fb["completedAt"].as_i64() {
            Some(ms) => date_of_epoch_ms(ms),
            None => text(&fb["completedAt"]),
        };
        let mut rated: Vec<(String, String)> = Vec::new();
        let mut recommendation = String::new();
        for f in fields {
            let ftext = text(&f["text"]);
            let overall = f["overall"].as_bool() == Some(true) || f["isSummary"].as_bool() == Some(true);
            let ty = text(&f["type"]);
            match ty.as_str() {
                // The overall rating: a question and the recommendation.
                "score-system" | "score" if ty == "score-system" || overall => {
                    let s = score_of(&f["value"]);
                    recommendation = four_point_recommendation(&s);
                    rated.push((if ftext.is_empty() { "rating".into() } else { ftext }, s));
                }
                "score" => {
                    let q = if ftext.is_empty() { text(&f["id"]) } else { ftext };
                    rated.push((q, score_of(&f["value"])));
                }
                "scorecard" => match &f["value"] {
                    Value::Array(vals) => {
                        for (k, v) in vals.iter().enumerate() {
                            let q = text(&f["scores"][k]["text"]);
                            let q = if q.is_empty() {
                                format!("{ftext} {}", k + 1).trim().to_string()
                            } else {
                                q
                            };
                            rated.push((q, score_of(v)));
                        }
                    }
                    v => rated.push((ftext, score_of(v))),
                },
                _ => {}
            }
        }
        let job_label = job.as_ref().map(|j| j.label().to_string()).unwrap_or_default();
        out.rows.extend(
            CanonRow::scorecard_rows(n, &candidate, &interviewer, &id, &date, &recommendation, rated)
                .map(|r| r.with_job(&job_label)),
        );
        out.job_refs.extend(job);
    }
}

#[cfg(test)]
mod tests {
    use super::score_text;

    #[test]
    fn leading_integer_of_a_labelled_score() {
        assert_eq!(score_text("4 - Strong Hire"), "4");
        assert_eq!(score_text(" 3 "), "3");
        assert_eq!(score_text("2: No Hire"), "2");
        assert_eq!(score_text("1 (Strong No Hire)"), "1");
        assert_eq!(score_text("3.5"), "3.5");
        // Not a leading integer and a label: passed on, reported as an unknown label.
        assert_eq!(score_text("Strong Hire"), "Strong Hire");
        assert_eq!(score_text("4th"), "4th");
        assert_eq!(score_text("4 5"), "4 5");
        assert_eq!(score_text("99999999999999999999999 - big"), "99999999999999999999999");
        assert_eq!(score_text(""), "");
    }
}
