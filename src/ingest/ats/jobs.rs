//! The job each scorecard was for, in the Lever and Ashby shapes (Greenhouse v3 reads it in
//! [`super::greenhouse_v3`]).
//!
//! - **Lever**: a feedback object (or the export envelope around it) may carry the opportunity's
//!   `posting`; otherwise an applications file given as `--outcomes` (Lever application objects:
//!   `opportunityId`, `posting`) names the posting of each opportunity. `posting` is the posting's id,
//!   or an object `{ "id", "text" }` whose `text` is the posting's title.
//! - **Ashby**: a feedback object may carry `job` or `jobId`; otherwise an `application.list` file given
//!   as `--outcomes` names each application's `job` (`{ "id", "title" }`) or `jobId`.
//!
//! The job is named by its title where the export gives one, else by its id; `--job` takes either
//! ([`crate::dataset::Dataset::job_ids`]). A scorecard that already has a job keeps it; a candidate whose
//! applications name different jobs is left without one (the analysis cannot tell which job an
//! interview was for) and counted in [`Assigned::ambiguous`].

use std::collections::HashMap;

use serde_json::Value;

use super::{records, text};
use crate::config::AtsSource;
use crate::dataset::Dataset;

/// A job reference: its id and its name ("" when the export gives only one of them).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JobRef {
    /// The ATS's id of the job (Lever posting id, Ashby job id).
    pub id: String,
    /// The job's title ("" when only the id is known).
    pub name: String,
}

impl JobRef {
    /// Reads `posting` / `job` as an id (string or number) or an object with `id` and a title
    /// (`text`, `title` or `name`). `None` when the value names nothing.
    pub fn of(v: &Value) -> Option<JobRef> {
        let r = match v {
            Value::Object(o) => JobRef {
                id: o.get("id").map(text).unwrap_or_default(),
                name: ["text", "title", "name"]
                    .iter()
                    .filter_map(|k| o.get(*k))
                    .map(text)
                    .find(|s| !s.is_empty())
                    .unwrap_or_default(),
            },
            other => JobRef { id: text(other), name: String::new() },
        };
        (!r.id.is_empty() || !r.name.is_empty()).then_some(r)
    }

    /// The first job a record names under any of `keys`.
    pub fn first_of(record: &Value, keys: &[&str]) -> Option<JobRef> {
        keys.iter().find_map(|k| JobRef::of(&record[*k]))
    }

    /// How the job is shown and selected: its title, else its id.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

/// The keys under which a scorecard record of `source` names its job.
pub fn record_keys(source: AtsSource) -> &'static [&'static str] {
    match source {
        AtsSource::Lever => &["posting"],
        AtsSource::Ashby => &["job", "jobId"],
        _ => &[],
    }
}

/// (candidate key, job) of each application record of a Lever or Ashby applications export: Lever
/// keys by `opportunityId` and reads `posting`; Ashby's `application.list` keys by the application's
/// `id` and reads `job` or `jobId`. Records without both are skipped (the decision reader counts
/// the malformed ones).
pub fn of_applications(value: &Value, source: AtsSource) -> Vec<(String, JobRef)> {
    let Some(list) = records(value, &["applications", "results", "data"]) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|rec| {
            let (key, job) = match source {
                AtsSource::Lever => (text(&rec["opportunityId"]), JobRef::first_of(rec, &["posting"])),
                AtsSource::Ashby => {
                    let key = if rec["applicationId"].is_null() { &rec["id"] } else { &rec["applicationId"] };
                    (text(key), JobRef::first_of(rec, &["job", "jobId"]))
                }
                _ => return None,
            };
            Some((key, job?)).filter(|(k, _)| !k.is_empty())
        })
        .collect()
}

/// What [`assign`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Assigned {
    /// Scorecards given a job.
    pub scorecards: usize,
    /// Candidates whose applications name more than one job (their scorecards get none).
    pub ambiguous: usize,
}

/// Gives each scorecard without a job the job its candidate's applications name, and records the
/// (id, title) pairs so `--job` takes either.
pub fn assign(ds: &mut Dataset, apps: Vec<(String, JobRef)>) -> Assigned {
    let mut by_candidate: HashMap<u32, Option<JobRef>> = HashMap::new();
    for (key, job) in apps {
        let Some(c) = ds.candidates.get(&key) else { continue };
        by_candidate
            .entry(c)
            .and_modify(|seen| {
                if seen.as_ref().is_some_and(|s| s.label() != job.label()) {
                    *seen = None;
                }
            })
            .or_insert(Some(job));
    }
    let mut done =
        Assigned { ambiguous: by_candidate.values().filter(|j| j.is_none()).count(), ..Assigned::default() };
    if by_candidate.values().all(Option::is_none) {
        return done;
    }
    let n = ds.scorecards.len();
    ds.scorecards.job.resize(n, None);
    for k in 0..n {
        if ds.scorecards.job[k].is_some() {
            continue;
        }
        if let Some(Some(job)) = by_candidate.get(&ds.scorecards.candidate[k]) {
            ds.scorecards.job[k] = Some(ds.jobs.intern(job.label()));
            done.scorecards += 1;
        }
    }
    for job in by_candidate.into_values().flatten() {
        note_id(&mut ds.job_ids, &job);
    }
    done
}

/// Records a job's (id, title) among `ids` so `--job ID` selects it by id too.
pub fn note_id(ids: &mut Vec<(String, String)>, job: &JobRef) {
    if job.id.is_empty() || job.name.is_empty() || ids.iter().any(|(id, _)| *id == job.id) {
        return;
    }
    ids.push((job.id.clone(), job.name.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_job_is_an_id_or_an_object_with_a_title() {
        assert_eq!(JobRef::of(&json!("p-1")), Some(JobRef { id: "p-1".into(), name: String::new() }));
        assert_eq!(JobRef::of(&json!(7)).map(|j| j.label().to_string()), Some("7".into()));
        let j = JobRef::of(&json!({"id": "p-1", "text": "Backend"})).expect("job");
        assert_eq!((j.id.as_str(), j.label()), ("p-1", "Backend"));
        let j = JobRef::of(&json!({"id": "j", "title": "Data"})).expect("job");
        assert_eq!(j.label(), "Data");
        assert_eq!(JobRef::of(&json!(null)), None);
        assert_eq!(JobRef::of(&json!({"id": ""})), None);
    }

    #[test]
    fn applications_name_the_job_by_candidate_key() {
        let lever = json!({"data": [
            {"id": "a1", "opportunityId": "o1", "posting": "p1"},
            {"id": "a2", "opportunityId": "o2"},
            {"id": "a3", "posting": "p3"}
        ]});
        let got = of_applications(&lever, AtsSource::Lever);
        assert_eq!(got, vec![("o1".to_string(), JobRef { id: "p1".into(), name: String::new() })]);
        let ashby = json!({"results": [
            {"id": "app1", "status": "Hired", "job": {"id": "j1", "title": "Backend"}},
            {"id": "app2", "status": "Active", "jobId": "j2"}
        ]});
        let got = of_applications(&ashby, AtsSource::Ashby);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].0.as_str(), got[0].1.label()), ("app1", "Backend"));
        assert_eq!((got[1].0.as_str(), got[1].1.label()), ("app2", "j2"));
    }
}
