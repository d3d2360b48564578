//! Ashby `applicationFeedback.list` results: `applicationId`, `submittedByUser`, `submittedAt`,
//! `submittedValues` keyed by field path, and `formDefinition.sections[].fields[].field` giving each
//! field's `path`, `title` and `type`.
//!
//! Accepted shapes: the API response `{"results": [...]}` or a JSON array of feedback objects. The
//! application is the candidate. Every `Score` field (`{ "score": 1–4 }`) is a rated question named by
//! its title; a field whose path or title mentions "recommendation" is the scorecard's recommendation
//! instead (a Score 1–4 → strong_no … strong_yes, or a label such as "Strong Yes"). A recommendation
//! label is looked up (by the canonical row reader) in the config's `[recommendations] labels` (or its
//! alias `[ashby] recommendation_labels`; label → 1–4) first, then among
//! the built-in labels (Strong Yes, Yes, No, Strong No, Strong Hire, Hire, No Hire…); labels neither
//! knows are counted as unparsable recommendations, listed together with the config key that maps
//! them. A `ValueSelect` recommendation submits its option's `value` (e.g. `strong_hire`), which is
//! mapped through the field's `selectableValues` (`[{ "label", "value" }]`) to the option's label
//! first. A Score answer may be `{ "score": 4 }`, `4` or `"4"`; left empty it is a missing score.
//! Without a `formDefinition`, every submitted value shaped `{ "score": n }` is a rated question
//! named by its path.
//!
//! Under `--source ashby` an `application.list` export (`{"results": [...]}` or an array of
//! applications with `id` and `status`) given as `--outcomes` is the hiring decision, keyed by the
//! application id like the feedback: see [`super::applications`]. Its `job` (`{ "id", "title" }`) or
//! `jobId` is the job of that application's scorecards, unless the feedback names one itself (`job`
//! or `jobId`): see [`super::jobs`].

use std::path::Path;

use serde_json::Value;

use super::jobs::{self, JobRef};
use super::{
    four_point_recommendation, interviewer_key, kind, malformed, records, text, CanonRow, Converted,
};
use crate::config::{AtsSource, Config};
use crate::drops::DropLog;
use crate::error::{Error, Result};

fn score_of(v: &Value) -> String {
    match v {
        Value::Object(o) => o.get("score").map(text).unwrap_or_default(),
        other => text(other),
    }
}

/// A recommendation value (`{ "score": n }`, `{ "value": label }`, a bare number or label) as a
/// four-point label; other labels are passed on as written (the canonical row reader maps them).
/// `options` maps a `ValueSelect` option's value to its label.
fn recommendation_of(v: &Value, options: &[(String, String)]) -> String {
    let raw = match v {
        Value::Object(o) => ["score", "value", "label", "title"]
            .iter()
            .filter_map(|k| o.get(*k))
            .map(text)
            .find(|s| !s.is_empty())
            .unwrap_or_default(),
        other => text(other),
    };
    let raw = match options.iter().find(|(value, _)| *value == raw) {
        Some((_, label)) if !label.is_empty() => label.clone(),
        _ => raw,
    };
    // Labels (built-in or `[recommendations] labels`) are read by the canonical row reader, as for
    // every source; only a 1–4 score becomes a label here.
    four_point_recommendation(&raw)
}

fn is_recommendation(path: &str, title: &str) -> bool {
    path.to_ascii_lowercase().contains("recommendation")
        || title.to_ascii_lowercase().contains("recommendation")
}

/// Converts an applicationFeedback.list export to canonical rows.
pub fn feedback(value: &Value, path: &Path, cfg: &Config, drops: &mut DropLog) -> Result<Converted> {
    let list = records(value, &["results"]).ok_or_else(|| {
        Error::Data(format!(
            "{}: expected Ashby applicationFeedback.list results ({{\"results\": [...]}} or an array), found {}",
            path.display(),
            kind(value)
        ))
    })?;
    let mut out = Converted::default();
    for (i, fb) in list.iter().enumerate() {
        let n = i as u64 + 1;
        let id = text(&fb["id"]);
        out.ids.push(id.clone());
        if !fb.is_object() {
            malformed(drops, path, n, format!("expected a feedback object, found {}", kind(fb)));
            continue;
        }
        let Some(values) = fb["submittedValues"].as_object() else {
            let found = kind(&fb["submittedValues"]);
            malformed(
                drops,
                path,
                n,
                format!("`submittedValues` is {found}, expected an object keyed by field path"),
            );
            continue;
        };
        let user = &fb["submittedByUser"];
        let name = format!("{} {}", text(&user["firstName"]), text(&user["lastName"])).trim().to_string();
        let interviewer = interviewer_key(text(&user["id"]), &name, cfg);
        let candidate = text(&fb["applicationId"]);
        let date = text(&fb["submittedAt"]);
        // (path, title, type, ValueSelect options as (value, label)) of every form field.
        type Field = (String, String, String, Vec<(String, String)>);
        let form: Vec<Field> = fb["formDefinition"]["sections"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|s| s["fields"].as_array().into_iter().flatten())
            .map(|f| {
                let f = if f["field"].is_object() { &f["field"] } else { f };
                let options = f["selectableValues"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|o| (text(&o["value"]), text(&o["label"])))
                    .filter(|(v, _)| !v.is_empty())
                    .collect();
                (text(&f["path"]), text(&f["title"]), text(&f["type"]), options)
            })
            .filter(|(p, _, _, _)| !p.is_empty())
            .collect();
        let mut rated: Vec<(String, String)> = Vec::new();
        let mut recommendation = String::new();
        if form.is_empty() {
            for (p, v) in values {
                if is_recommendation(p, "") {
                    recommendation = recommendation_of(v, &[]);
                } else if v.get("score").is_some() {
                    rated.push((p.clone(), score_of(v)));
                }
            }
        } else {
            for (p, title, ty, options) in &form {
                let v = values.get(p).unwrap_or(&Value::Null);
                if is_recommendation(p, title) {
                    recommendation = recommendation_of(v, options);
                } else if ty == "Score" {
                    let q = if title.is_empty() { p.clone() } else { title.clone() };
                    rated.push((q, score_of(v)));
                }
            }
        }
        let job = JobRef::first_of(fb, jobs::record_keys(AtsSource::Ashby));
        let job_label = job.as_ref().map(|j| j.label().to_string()).unwrap_or_default();
        out.rows.extend(
            CanonRow::scorecard_rows(n, &candidate, &interviewer, &id, &date, &recommendation, rated)
                .map(|r| r.with_job(&job_label)),
        );
        out.job_refs.extend(job);
    }
    Ok(out)
}
