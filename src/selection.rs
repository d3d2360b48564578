//! What is analysed: `--job ID|NAME` (repeatable) and `--since DATE` / `--until DATE` (interview date,
//! inclusive) choose scorecards after reading, before any statistic.
//!
//! A scorecard is kept when its job is one of the chosen jobs (any job when none is chosen) and its
//! interview date lies in `[since, until]` (any date when neither is given). The ratings of the other
//! scorecards are counted in [`Dataset::dropped`] by reason (`other_job`, `no_job`, `outside_dates`,
//! `no_date`; informational, `--strict` does not fail on them), and the dataset is rebuilt from the kept
//! ratings: candidates, interviewers, questions, jobs and rounds without a kept rating are gone, the
//! remaining ones keep their relative order (so a selection that keeps everything changes nothing).

use crate::calendar::civil_from_days;
use crate::dataset::{Dataset, Interner, OutcomeColumn, Ratings, Scorecards};
use crate::dates::parse_date;
use crate::drops::{Dropped, Reason};

/// The selection flags, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `--job` values as given (job names, or ids where the export names no jobs).
    pub jobs: Vec<String>,
    /// `--since` as days since 1970-01-01.
    pub since: Option<i32>,
    /// `--until` as days since 1970-01-01.
    pub until: Option<i32>,
}

/// A date as `YYYY-MM-DD`.
pub fn format_day(d: i32) -> String {
    let (y, m, dd) = civil_from_days(d);
    format!("{y:04}-{m:02}-{dd:02}")
}

impl Selection {
    /// Parses the flags; a bad date or `--since` after `--until` is a message naming the flag, the
    /// value and what was expected.
    pub fn parse(jobs: &[String], since: Option<&str>, until: Option<&str>) -> Result<Selection, String> {
        let day = |flag: &str, v: Option<&str>| -> Result<Option<i32>, String> {
            match v {
                None => Ok(None),
                Some(raw) => parse_date(raw).map(Some).ok_or_else(|| {
                    format!("{flag} '{raw}': not a date, expected YYYY-MM-DD (e.g. {flag} 2025-01-31)")
                }),
            }
        };
        let since_d = day("--since", since)?;
        let until_d = day("--until", until)?;
        if let (Some(s), Some(u)) = (since_d, until_d) {
            if s > u {
                return Err(format!(
                    "--since {} is after --until {}: no interview date can be in that range; swap the dates",
                    since.unwrap_or_default(),
                    until.unwrap_or_default()
                ));
            }
        }
        for j in jobs {
            if j.trim().is_empty() {
                return Err("--job '': empty, expected a job id or name as `hirecal check` lists it".into());
            }
        }
        Ok(Selection { jobs: jobs.to_vec(), since: since_d, until: until_d })
    }

    /// True when nothing is chosen (every scorecard is analysed).
    pub fn is_all(&self) -> bool {
        self.jobs.is_empty() && self.since.is_none() && self.until.is_none()
    }

    /// One line saying what is chosen, e.g. `jobs Backend, Data; interviews 2025-01-01 to 2025-06-30`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.jobs.is_empty() {
            parts.push(format!(
                "{} {}",
                if self.jobs.len() == 1 { "job" } else { "jobs" },
                self.jobs.join(", ")
            ));
        }
        match (self.since, self.until) {
            (Some(s), Some(u)) => parts.push(format!("interviews {} to {}", format_day(s), format_day(u))),
            (Some(s), None) => parts.push(format!("interviews from {}", format_day(s))),
            (None, Some(u)) => parts.push(format!("interviews until {}", format_day(u))),
            (None, None) => {}
        }
        if parts.is_empty() {
            "everything".into()
        } else {
            parts.join("; ")
        }
    }
}

/// Applies `sel` to `ds`. An unknown `--job` is an error listing the jobs present.
pub fn apply(ds: Dataset, sel: &Selection, scorecards_file: &str) -> Result<Dataset, String> {
    if sel.is_all() {
        return Ok(ds);
    }
    // Chosen job codes.
    let mut chosen = vec![false; ds.jobs.len()];
    for j in &sel.jobs {
        let by_id = ds.job_ids.iter().find(|(id, _)| id == j.trim()).map(|(_, name)| name.as_str());
        match ds.jobs.get(j.trim()).or_else(|| by_id.and_then(|n| ds.jobs.get(n))) {
            Some(code) => chosen[code as usize] = true,
            None => {
                let present: Vec<String> = ds
                    .jobs
                    .names()
                    .map(|n| match ds.job_ids.iter().find(|(_, name)| name == n) {
                        Some((id, _)) => format!("{n} (id {id})"),
                        None => n.to_string(),
                    })
                    .collect();
                return Err(if present.is_empty() {
                    format!(
                        "--job '{j}': the scorecards name no jobs, so there is nothing to choose from; add a 'job' column (or export Greenhouse applications with job_id), or leave out --job"
                    )
                } else {
                    format!(
                        "--job '{j}': no such job; the jobs present are: {} (as `hirecal check` lists them)",
                        present.join(", ")
                    )
                });
            }
        }
    }
    // Why each scorecard is left out, if it is.
    let nsc = ds.scorecards.len();
    let reason_of = |k: usize| -> Option<Reason> {
        if !sel.jobs.is_empty() {
            match ds.scorecards.job.get(k).copied().flatten() {
                None => return Some(Reason::NoJob),
                Some(j) if !chosen[j as usize] => return Some(Reason::OtherJob),
                Some(_) => {}
            }
        }
        if sel.since.is_some() || sel.until.is_some() {
            match ds.scorecards.date.get(k).copied().flatten() {
                None => return Some(Reason::NoDate),
                Some(d) if sel.since.is_some_and(|s| d < s) || sel.until.is_some_and(|u| d > u) => {
                    return Some(Reason::OutsideDates)
                }
                Some(_) => {}
            }
        }
        None
    };
    let why: Vec<Option<Reason>> = (0..nsc).map(reason_of).collect();
    // Count the ratings left out, by reason, in a fixed order.
    let order = [Reason::OtherJob, Reason::NoJob, Reason::OutsideDates, Reason::NoDate];
    let mut counts = [0u64; 4];
    let mut cards = [0u64; 4];
    for r in why.iter().flatten() {
        cards[order.iter().position(|o| o == r).unwrap_or(0)] += 1;
    }
    for &s in &ds.ratings.scorecard {
        if let Some(r) = why[s as usize] {
            counts[order.iter().position(|o| *o == r).unwrap_or(0)] += 1;
        }
    }
    let mut dropped = ds.dropped.clone();
    for (i, r) in order.iter().enumerate() {
        if counts[i] == 0 && cards[i] == 0 {
            continue;
        }
        let what = match r {
            Reason::OtherJob => format!("of a job not chosen by --job ({})", sel.jobs.join(", ")),
            Reason::NoJob => "without a job while --job chooses jobs".to_string(),
            Reason::OutsideDates => format!("interviewed outside the chosen dates ({})", sel.describe()),
            _ => "without an interview date while --since/--until chooses dates".to_string(),
        };
        dropped.push(Dropped {
            reason: *r,
            file: scorecards_file.to_string(),
            count: counts[i],
            first_line: 0,
            action: r.action(),
            problem: false,
            example: format!("{} rating(s) of {} scorecard(s) {what}", counts[i], cards[i]),
        });
    }
    let out = rebuild(ds, &why, dropped);
    if out.ratings.is_empty() {
        return Err(format!(
            "the selection ({}) keeps no rating of {scorecards_file}; run `hirecal check` without it to see the jobs and interview dates present",
            sel.describe()
        ));
    }
    Ok(out)
}

/// New dense codes for the old codes marked `used`, in old order; and the interner of their names.
fn remap(names: &Interner, used: &[bool]) -> (Vec<u32>, Interner) {
    let mut out = Interner::default();
    let mut map = vec![u32::MAX; used.len()];
    for (c, &u) in used.iter().enumerate() {
        if u {
            map[c] = out.intern(names.name(c as u32));
        }
    }
    (map, out)
}

/// The dataset of the kept scorecards (`why[k] == None`) and their ratings.
fn rebuild(ds: Dataset, why: &[Option<Reason>], dropped: Vec<Dropped>) -> Dataset {
    let keep_sc: Vec<bool> = why.iter().map(Option::is_none).collect();
    let keep_r: Vec<bool> = ds.ratings.scorecard.iter().map(|&s| keep_sc[s as usize]).collect();
    // Which codes still have a kept rating (or, for candidates and interviewers, a kept scorecard).
    let mut cand = vec![false; ds.candidates.len()];
    let mut intv = vec![false; ds.interviewers.len()];
    let mut ques = vec![false; ds.questions.len()];
    let mut jobs = vec![false; ds.jobs.len()];
    let mut rounds = vec![false; ds.rounds.len()];
    for (k, _) in keep_sc.iter().enumerate().filter(|(_, &k)| k) {
        cand[ds.scorecards.candidate[k] as usize] = true;
        intv[ds.scorecards.interviewer[k] as usize] = true;
        if let Some(j) = ds.scorecards.job.get(k).copied().flatten() {
            jobs[j as usize] = true;
        }
        if let Some(r) = ds.scorecards.round.get(k).copied().flatten() {
            rounds[r as usize] = true;
        }
    }
    for (i, _) in keep_r.iter().enumerate().filter(|(_, &k)| k) {
        ques[ds.ratings.question[i] as usize] = true;
    }
    let (cmap, candidates) = remap(&ds.candidates, &cand);
    let (imap, interviewers) = remap(&ds.interviewers, &intv);
    let (qmap, questions) = remap(&ds.questions, &ques);
    let (jmap, job_names) = remap(&ds.jobs, &jobs);
    let (rmap, round_names) = remap(&ds.rounds, &rounds);
    let mut smap = vec![u32::MAX; keep_sc.len()];
    let mut sc = Scorecards::default();
    for (k, _) in keep_sc.iter().enumerate().filter(|(_, &k)| k) {
        smap[k] = sc.candidate.len() as u32;
        sc.candidate.push(cmap[ds.scorecards.candidate[k] as usize]);
        sc.interviewer.push(imap[ds.scorecards.interviewer[k] as usize]);
        sc.date.push(ds.scorecards.date[k]);
        sc.recommendation.push(ds.scorecards.recommendation[k]);
        if !ds.scorecards.round.is_empty() {
            sc.round.push(ds.scorecards.round[k].map(|r| rmap[r as usize]));
        }
        if !ds.scorecards.job.is_empty() {
            sc.job.push(ds.scorecards.job[k].map(|j| jmap[j as usize]));
        }
    }
    let mut ratings = Ratings::default();
    for (i, _) in keep_r.iter().enumerate().filter(|(_, &k)| k) {
        ratings.candidate.push(cmap[ds.ratings.candidate[i] as usize]);
        ratings.interviewer.push(imap[ds.ratings.interviewer[i] as usize]);
        ratings.question.push(qmap[ds.ratings.question[i] as usize]);
        ratings.scorecard.push(smap[ds.ratings.scorecard[i] as usize]);
        ratings.score.push(ds.ratings.score[i]);
    }
    let per_candidate = |v: &[Option<f64>]| -> Vec<Option<f64>> {
        cand.iter().enumerate().filter(|(_, &u)| u).map(|(c, _)| v.get(c).copied().flatten()).collect()
    };
    let hired = cand
        .iter()
        .enumerate()
        .filter(|(_, &u)| u)
        .map(|(c, _)| ds.hired.get(c).copied().flatten())
        .collect();
    let outcomes = ds
        .outcomes
        .iter()
        .map(|o| OutcomeColumn { name: o.name.clone(), kind: o.kind, values: per_candidate(&o.values) })
        .collect();
    let question_info = ques
        .iter()
        .enumerate()
        .filter(|(_, &u)| u)
        .map(|(q, _)| ds.question_info.get(q).cloned().unwrap_or_default())
        .collect();
    Dataset {
        candidates,
        interviewers,
        questions,
        ratings,
        scorecards: sc,
        question_info,
        hired,
        outcomes,
        has_outcomes_file: ds.has_outcomes_file,
        has_questions_file: ds.has_questions_file,
        scale: ds.scale,
        dropped,
        files: ds.files,
        rating_cells_read: ds.rating_cells_read,
        rounds: round_names,
        jobs: job_names,
        job_ids: ds.job_ids,
    }
}

/// When the analysed data holds several jobs and `--job` chose none: one line saying so (printed on
/// stderr and kept in the report), `None` otherwise.
pub fn pooled_note(ds: &Dataset, sel: &Selection) -> Option<String> {
    (ds.jobs.len() > 1 && sel.jobs.is_empty()).then(|| {
        format!(
            "{} jobs in the data and no --job chosen: descriptive statistics pool them; validity is corrected for range restriction within each job and combined by hires-weighted Fisher z (choose jobs with --job)",
            ds.jobs.len()
        )
    })
}
