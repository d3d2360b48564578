//! One module per subcommand: each has a `run` that takes its parsed flags.

pub mod args;
pub mod check;
pub mod fairness;
pub mod interviewers;
pub mod panel;
pub mod questions;
pub mod report;
pub mod simulate;
pub mod terminal;

use std::io::Write;

/// Writes `text` to stdout; a closed pipe (`hirecal check | head`) is not an error.
pub fn print(text: &str) -> anyhow::Result<()> {
    crate::report::export::Sink::put(&Stdout, "-", text.as_bytes())
}

/// Standard output as an export sink: every output goes to stdout, whatever its name.
pub struct Stdout;

impl crate::report::export::Sink for Stdout {
    fn put(&self, _name: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let mut out = std::io::stdout().lock();
        match out.write_all(bytes).and_then(|_| out.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            r => Ok(r?),
        }
    }
}

use crate::dataset::Dataset;
use crate::drops::Reason;
use crate::ingest::LoadNotes;

/// Reasons that only inform (a missing score is no rating; a second identical outcomes row, an
/// outcome for a candidate without scorecards): they alone do not make [`what_happened`] speak.
fn is_quiet(r: Reason) -> bool {
    matches!(
        r,
        Reason::MissingScore
            | Reason::DuplicateOutcomeRow
            | Reason::OutcomeWithoutScorecards
            | Reason::SubmittedByOther
            | Reason::DeletedRecord
            | Reason::OtherJob
            | Reason::NoJob
            | Reason::OutsideDates
            | Reason::NoDate
    )
}

/// What a reason's count counts, in words (`895 dates unreadable`).
fn reason_words(r: Reason) -> &'static str {
    match r {
        Reason::UnparsableScore => "scores unreadable",
        Reason::ScoreOutOfRange => "scores outside the scale",
        Reason::MissingScore => "empty scores",
        Reason::EmptyId => "rows without an id",
        Reason::DuplicateRating => "duplicate ratings",
        Reason::ScorecardConflict => "scorecard ids reused",
        Reason::ConflictingRecommendation => "conflicting recommendations",
        Reason::UnparsableRecommendation => "recommendations unreadable",
        Reason::ConflictingDate => "scorecards with conflicting dates",
        Reason::UnparsableDate => "dates unreadable",
        Reason::NonIntegerScore => "scores between the scale's whole numbers",
        Reason::RaggedRow => "rows with the wrong number of fields",
        Reason::InvalidText => "rows not UTF-8 (read as Windows-1252)",
        Reason::UnparsableHired => "hiring decisions unreadable",
        Reason::UnparsableOutcome => "outcome values unreadable",
        Reason::ConflictingOutcome => "conflicting outcome rows",
        Reason::DuplicateOutcomeRow => "repeated outcome rows",
        Reason::OutcomeWithoutScorecards => "outcome rows without scorecards",
        Reason::DuplicateQuestion => "questions listed twice",
        Reason::MalformedRecord => "malformed records",
        Reason::SubmittedByOther => "scorecards submitted by someone else",
        Reason::DeletedRecord => "deleted records",
        Reason::DateFormatAssumed => "dates read in an assumed format",
        Reason::IdWhitespaceTrimmed => "ids with spaces trimmed",
        Reason::DraftScorecard => "draft scorecards not used",
        Reason::OtherJob => "ratings of other jobs left out",
        Reason::NoJob => "ratings without a job left out",
        Reason::OutsideDates => "ratings outside the dates left out",
        Reason::NoDate => "undated ratings left out",
    }
}

/// A plural phrase of [`reason_words`] for `n` things: "scores unreadable", or for one "score unreadable"
/// (the first word ending in s loses it).
fn counted(phrase: &str, n: u64) -> String {
    if n != 1 {
        return phrase.to_string();
    }
    let mut done = false;
    phrase
        .split(' ')
        .map(|w| match w.strip_suffix('s') {
            Some(one) if !done => {
                done = true;
                one
            }
            _ => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One line for stderr when rows were skipped, values changed or ids look alike, else `None`:
/// "12 rows skipped (12 scores unreadable); 895 values unreadable or changed (895 dates unreadable) —
/// run `hirecal check` for details".
pub fn what_happened(ds: &Dataset, notes: &LoadNotes) -> Option<String> {
    let mut by_reason: Vec<(Reason, u64, bool)> = Vec::new();
    for d in &ds.dropped {
        let skipped =
            d.action.contains("skipped") || d.action.contains("ignored") || d.action == "row not used";
        match by_reason.iter_mut().find(|e| e.0 == d.reason) {
            Some(e) => e.1 += d.count,
            None => by_reason.push((d.reason, d.count, skipped)),
        }
    }
    if by_reason.iter().all(|e| is_quiet(e.0))
        && notes.similar_interviewers.is_empty()
        && notes.similar_candidates.is_empty()
        && notes.repeated.is_empty()
    {
        return None;
    }
    // Problems (rows skipped, values unreadable) apart from notes (values read as assumed, ids
    // trimmed, drafts left out): a run whose every date was read must not sound like a failure.
    let part = |keep: &dyn Fn(&(Reason, u64, bool)) -> bool| {
        let items: Vec<&(Reason, u64, bool)> =
            by_reason.iter().filter(|e| !is_quiet(e.0) && keep(e)).collect();
        let total: u64 = items.iter().map(|e| e.1).sum();
        let words: Vec<String> =
            items.iter().map(|e| format!("{} {}", e.1, counted(reason_words(e.0), e.1))).collect();
        (total, words.join(", "))
    };
    let mut parts = Vec::new();
    let (n, w) = part(&|e| e.2 && e.0.is_problem());
    if n > 0 {
        parts.push(format!("{n} row{} skipped ({w})", if n == 1 { "" } else { "s" }));
    }
    let (n, w) = part(&|e| !e.2 && e.0.is_problem());
    if n > 0 {
        parts.push(format!("{n} value{} unreadable or changed ({w})", if n == 1 { "" } else { "s" }));
    }
    let (n, w) = part(&|e| !e.0.is_problem());
    if n > 0 {
        parts.push(format!("for information: {w}"));
    }
    for (groups, who) in
        [(&notes.similar_interviewers, "interviewer"), (&notes.similar_candidates, "candidate")]
    {
        if !groups.is_empty() {
            let ids: usize = groups.iter().map(Vec::len).sum();
            parts.push(format!("{ids} {who} ids that differ only by case, spaces or punctuation"));
        }
    }
    if !notes.repeated.is_empty() {
        let n = notes.repeated.len();
        parts.push(format!(
            "{n} interviewer–candidate pair{} rated the same question under two scorecard ids (possible duplicate scorecards)",
            if n == 1 { "" } else { "s" }
        ));
    }
    Some(format!("hirecal: {} — run `hirecal check` for details", parts.join("; ")))
}

/// Prints [`what_happened`] on stderr, if anything did.
pub fn tell_what_happened(ds: &Dataset, notes: &LoadNotes) {
    if let Some(line) = what_happened(ds, notes) {
        eprintln!("{line}");
    }
}

/// Why scorecards lack an interview date, when some do ([`crate::report::document::dates_missing_why`]).
pub fn dates_missing_why(ds: &Dataset) -> Option<String> {
    crate::report::document::dates_missing_why(&crate::analysis::quality::DateCoverage::of(ds))
}

/// Lines listing ids that are probably the same person (`names(code)` gives the displayed id),
/// at most `limit` groups per kind; empty when there are none.
pub fn similar_ids_lines(
    notes: &LoadNotes,
    interviewer: impl Fn(u32) -> String,
    candidate: impl Fn(u32) -> String,
    limit: usize,
) -> Vec<String> {
    let named =
        |groups: &[crate::ingest::ids::Group], name: &dyn Fn(u32) -> String| -> Vec<Vec<(String, usize)>> {
            groups.iter().map(|g| g.iter().map(|(c, n)| (name(*c), *n as usize)).collect()).collect()
        };
    let mut out = crate::report::document::similar_id_lines(
        &named(&notes.similar_interviewers, &interviewer),
        "interviewers",
        limit,
    );
    out.extend(crate::report::document::similar_id_lines(
        &named(&notes.similar_candidates, &candidate),
        "candidates",
        limit,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drops::{DropLog, Reason};
    use std::path::Path;

    #[test]
    fn one_line_counts_skipped_rows_and_changed_values_and_stays_quiet_otherwise() {
        let mut ds = Dataset::default();
        let notes = LoadNotes::default();
        assert_eq!(what_happened(&ds, &notes), None);
        let mut log = DropLog::default();
        let f = Path::new("s.csv");
        log.record(f, Reason::MissingScore, 2, || "empty".into());
        ds.dropped = log.entries();
        assert_eq!(what_happened(&ds, &notes), None, "informational reasons alone say nothing");
        for line in 3..15 {
            log.record(f, Reason::UnparsableScore, line, || "x".into());
        }
        log.record_n(f, Reason::UnparsableDate, 20, 895, || "d".into());
        log.record(f, Reason::EmptyId, 30, || "e".into());
        ds.dropped = log.entries();
        let line = what_happened(&ds, &notes).unwrap();
        assert_eq!(
            line,
            "hirecal: 13 rows skipped (12 scores unreadable, 1 row without an id); 895 values unreadable or \
             changed (895 dates unreadable) — run `hirecal check` for details"
        );
        // Notes are told apart from problems, and alone they sound like notes.
        log.record_n(f, Reason::IdWhitespaceTrimmed, 40, 25, || "t".into());
        ds.dropped = log.entries();
        assert!(
            what_happened(&ds, &notes).unwrap().contains(
                "895 values unreadable or changed (895 dates unreadable); for information: 25 ids with spaces trimmed —"
            ),
            "{:?}",
            what_happened(&ds, &notes)
        );
        let mut log = DropLog::default();
        log.record_n(f, Reason::DateFormatAssumed, 2, 19371, || "a".into());
        log.record_n(f, Reason::DraftScorecard, 2, 2, || "d".into());
        ds.dropped = log.entries();
        assert_eq!(
            what_happened(&ds, &notes).unwrap(),
            "hirecal: for information: 19371 dates read in an assumed format, 2 draft scorecards not used — run \
             `hirecal check` for details"
        );
        let notes = LoadNotes { similar_interviewers: vec![vec![(0, 3), (1, 1)]], ..Default::default() };
        ds.dropped.clear();
        assert_eq!(
            what_happened(&ds, &notes).unwrap(),
            "hirecal: 2 interviewer ids that differ only by case, spaces or punctuation — run `hirecal check` for details"
        );
    }

    #[test]
    fn missing_dates_are_explained() {
        let mut ds = Dataset::default();
        ds.scorecards.date = vec![Some(1), None, None];
        ds.scorecards.candidate = vec![0; 3];
        ds.scorecards.interviewer = vec![0; 3];
        ds.scorecards.recommendation = vec![None; 3];
        let mut log = DropLog::default();
        log.record_n(Path::new("s.csv"), Reason::UnparsableDate, 4, 2, || "d".into());
        ds.dropped = log.entries();
        let why = dates_missing_why(&ds).unwrap();
        assert!(why.starts_with("1 of 3 scorecards have an interview date: the date could not be read on 2 rows (first at s.csv:4)"), "{why}");
        assert!(why.contains("[dates] format"), "{why}");
        ds.dropped.clear();
        ds.scorecards.date = vec![None; 3];
        assert!(dates_missing_why(&ds).unwrap().contains("no interview date column"));
        ds.scorecards.date = vec![Some(1); 3];
        assert_eq!(dates_missing_why(&ds), None);
    }
}
