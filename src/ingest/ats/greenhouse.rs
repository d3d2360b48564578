//! Greenhouse Harvest v1 scorecards (`GET /v1/scorecards`): an array of scorecard objects.
//!
//! Each `attributes[]` entry is a rated question: `name` is the question id, `type` its competency,
//! `rating` the score on the Greenhouse five-point scale (`no_decision` = missing). The scorecard's
//! `overall_recommendation` is its recommendation, `interviewed_at` its date, `interviewer.id` the
//! interviewer. `submitted_by` may differ (a coordinator entering feedback on someone's behalf): such a
//! scorecard is counted as `submitted_by_other` (informational) and its ratings stay with the
//! interviewer. `interview` (or `interview_step.name`) names the scorecard's interview (round).
//! `questions[]` (free text) and `ratings {…}` (a redundant summary) are ignored.

use std::path::Path;

use serde_json::Value;

use super::{interviewer_key, kind, malformed, records, text, CanonRow, Converted};
use crate::config::Config;
use crate::drops::{DropLog, Reason};
use crate::error::{Error, Result};

/// A Greenhouse user's display name: `name`, else `first_name last_name`.
fn user_name(user: &Value) -> String {
    match text(&user["name"]) {
        s if !s.is_empty() => s,
        _ => format!("{} {}", text(&user["first_name"]), text(&user["last_name"])).trim().to_string(),
    }
}

/// Converts a scorecards export to canonical rows.
pub fn scorecards(value: &Value, path: &Path, cfg: &Config, drops: &mut DropLog) -> Result<Converted> {
    let list = records(value, &["scorecards"]).ok_or_else(|| {
        Error::Data(format!(
            "{}: expected a JSON array of Greenhouse scorecard objects (Harvest GET /v1/scorecards), found {}",
            path.display(),
            kind(value)
        ))
    })?;
    let mut out = Converted::default();
    for (i, rec) in list.iter().enumerate() {
        let n = i as u64 + 1;
        let id = text(&rec["id"]);
        out.ids.push(id.clone());
        if !rec.is_object() {
            malformed(drops, path, n, format!("expected a scorecard object, found {}", kind(rec)));
            continue;
        }
        let Some(attrs) = rec["attributes"].as_array() else {
            let found = kind(&rec["attributes"]);
            malformed(
                drops,
                path,
                n,
                format!("`attributes` is {found}, expected an array of rated attributes"),
            );
            continue;
        };
        let iv = &rec["interviewer"];
        let iv_id = text(&iv["id"]);
        let interviewer = interviewer_key(iv_id.clone(), &user_name(iv), cfg);
        let sb = &rec["submitted_by"];
        let submitter = text(&sb["id"]);
        if !submitter.is_empty() && !iv_id.is_empty() && submitter != iv_id {
            let submitter = interviewer_key(submitter, &user_name(sb), cfg);
            drops.record(path, Reason::SubmittedByOther, n, || {
                format!(
                    "`submitted_by` is user {submitter}, not the interviewer {interviewer}; the ratings are kept and scored under the interviewer (`interviewer.id`)"
                )
            });
        }
        let candidate = text(&rec["candidate_id"]);
        let date = text(&rec["interviewed_at"]);
        let recommendation = text(&rec["overall_recommendation"]);
        let interview = match text(&rec["interview"]) {
            s if !s.is_empty() => s,
            _ => text(&rec["interview_step"]["name"]),
        };
        for a in attrs {
            if !a.is_object() {
                malformed(drops, path, n, format!("an attribute is {}, expected an object", kind(a)));
                continue;
            }
            let question = text(&a["name"]);
            let competency = text(&a["type"]);
            if !question.is_empty() && !competency.is_empty() {
                out.competencies.push((question.clone(), competency));
            }
            out.rows.push(CanonRow {
                record: n,
                candidate: candidate.clone(),
                interviewer: interviewer.clone(),
                question,
                score: text(&a["rating"]),
                scorecard: id.clone(),
                date: date.clone(),
                recommendation: recommendation.clone(),
                interview: interview.clone(),
                job: String::new(),
            });
        }
    }
    Ok(out)
}
