//! Facts for the data-quality section: how many scorecards carry a date (and why the others do not),
//! and which ids look like the same person written two ways.

use crate::dataset::Dataset;
use crate::drops::Reason;
use crate::ingest::LoadNotes;

/// How many scorecards have an interview date, and what the drop log says about the others.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct DateCoverage {
    /// Scorecards with a date.
    pub dated: usize,
    /// All scorecards.
    pub total: usize,
    /// Rows whose date could not be read.
    pub unreadable: u64,
    /// The first such row: (file, line).
    pub first_unreadable: Option<(String, u64)>,
}

impl DateCoverage {
    /// From the dataset's scorecards and drop log.
    pub fn of(ds: &Dataset) -> DateCoverage {
        let unreadable = ds.dropped.iter().filter(|d| d.reason == Reason::UnparsableDate);
        DateCoverage {
            dated: ds.scorecards.date.iter().filter(|d| d.is_some()).count(),
            total: ds.scorecards.len(),
            unreadable: unreadable.clone().map(|d| d.count).sum(),
            first_unreadable: unreadable.take(1).map(|d| (d.file.clone(), d.first_line)).next(),
        }
    }
}

/// What the data-quality section reports beside the drop log.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct DataQuality {
    /// Interview dates.
    pub dates: DateCoverage,
    /// Interviewer ids that differ only by case, spaces or punctuation: per group, (displayed id,
    /// scorecards).
    pub similar_interviewers: Vec<Vec<(String, usize)>>,
    /// Groups of candidate ids that differ only so (candidate ids are not named in reports).
    pub similar_candidate_groups: usize,
    /// Candidate ids in those groups.
    pub similar_candidate_ids: usize,
}

impl DataQuality {
    /// From the dataset and what loading noticed.
    pub fn of(ds: &Dataset, notes: &LoadNotes) -> DataQuality {
        DataQuality {
            dates: DateCoverage::of(ds),
            similar_interviewers: notes
                .similar_interviewers
                .iter()
                .map(|g| g.iter().map(|(c, n)| (ds.interviewers.name(*c).to_string(), *n as usize)).collect())
                .collect(),
            similar_candidate_groups: notes.similar_candidates.len(),
            similar_candidate_ids: notes.similar_candidates.iter().map(Vec::len).sum(),
        }
    }
}
