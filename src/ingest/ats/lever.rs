//! Lever feedback (`GET /opportunities/:id/feedback`): feedback objects with `user`, `completedAt`
//! (epoch milliseconds) and `fields[]`.
//!
//! Accepted shapes: one export `{"data": [feedback…]}` (optionally with `opportunityId`), a single
//! feedback object, or a JSON array of feedback objects and/or such exports. The opportunity id is the
//! candidate: the feedback's `opportunityId` (or `opportunity`), else the export's, else the file stem.
//! A `score-system` field is the overall rating: a rated question named by its `text` and the
//! scorecard's recommendation (1 strong_no … 4 strong_yes). A `scorecard` field rates several skills:
//! `value[k].score` scores `scores[k].text` (or, when `value` is one object, `value.score` scores the
//! field's `text`). Other field types (text, yes-no, …) are ignored.

use std::path::Path;

use serde_json::Value;

use super::{
    date_of_epoch_ms, four_point_recommendation, interviewer_key, kind, malformed, text, CanonRow, Converted,
};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ingest::report::DropLog;

/// A score value: `{ "score": n }` or a bare number/string.
fn score_of(v: &Value) -> String {
    match v {
        Value::Object(o) => o.get("score").map(text).unwrap_or_default(),
        other => text(other),
    }
}

/// An id that may be a string or an object with `id`.
fn id_of(v: &Value) -> String {
    match v {
        Value::Object(o) => o.get("id").map(text).unwrap_or_default(),
        other => text(other),
    }
}

/// Converts a feedback export to canonical rows.
pub fn feedback(value: &Value, path: &Path, cfg: &Config, drops: &mut DropLog) -> Result<Converted> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    // (feedback, opportunity of its export)
    let mut list: Vec<(&Value, String)> = Vec::new();
    let export_opp = |e: &Value| {
        let o = id_of(&e["opportunityId"]);
        if o.is_empty() {
            id_of(&e["opportunity"])
        } else {
            o
        }
    };
    match value {
        Value::Object(o) if o.get("data").is_some_and(Value::is_array) => {
            let opp = export_opp(value);
            for fb in value["data"].as_array().into_iter().flatten() {
                list.push((fb, opp.clone()));
            }
        }
        Value::Object(_) => list.push((value, String::new())),
        Value::Array(a) => {
            for e in a {
                if let Some(data) = e["data"].as_array() {
                    let opp = export_opp(e);
                    list.extend(data.iter().map(|fb| (fb, opp.clone())));
                } else {
                    list.push((e, String::new()));
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
    let mut out = Converted::default();
    for (i, (fb, export)) in list.into_iter().enumerate() {
        let n = i as u64 + 1;
        let id = text(&fb["id"]);
        out.ids.push(id.clone());
        if !fb.is_object() {
            malformed(drops, path, n, format!("expected a feedback object, found {}", kind(fb)));
            continue;
        }
        let Some(fields) = fb["fields"].as_array() else {
            let found = kind(&fb["fields"]);
            malformed(drops, path, n, format!("`fields` is {found}, expected an array of form fields"));
            continue;
        };
        let mut candidate = export_opp(fb);
        if candidate.is_empty() {
            candidate = if export.is_empty() { stem.clone() } else { export };
        }
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
            match text(&f["type"]).as_str() {
                "score-system" => {
                    let s = score_of(&f["value"]);
                    recommendation = four_point_recommendation(&s);
                    rated.push((if ftext.is_empty() { "rating".into() } else { ftext }, s));
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
        out.rows.extend(CanonRow::scorecard_rows(
            n,
            &candidate,
            &interviewer,
            &id,
            &date,
            &recommendation,
            rated,
        ));
    }
    Ok(out)
}
