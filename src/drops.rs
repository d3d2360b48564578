//! The drop log: what the readers (and `--job`/`--since`/`--until` selection) skipped or noted, by
//! reason and file, so nothing is dropped silently. A core type: the dataset carries its entries and
//! every output reports them, without depending on the readers.

use serde::Serialize;
use std::path::Path;

/// Why a row (or a cell) could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The score is neither a number nor a label of the scale.
    UnparsableScore,
    /// The score lies outside the configured scale.
    ScoreOutOfRange,
    /// Empty, `no_decision` or `n/a` score: not a rating (informational).
    MissingScore,
    /// An id column (candidate, interviewer, question) is empty.
    EmptyId,
    /// The same scorecard rated the same question twice; the later row is skipped.
    DuplicateRating,
    /// A scorecard id reused for another candidate or interviewer.
    ScorecardConflict,
    /// A scorecard with two different recommendations; its recommendation is treated as unknown.
    ConflictingRecommendation,
    /// A recommendation label that is not known; treated as unknown.
    UnparsableRecommendation,
    /// A scorecard whose rows carry different interview dates; its date is treated as unknown.
    ConflictingDate,
    /// A date that is not ISO 8601; the rating is kept without a date.
    UnparsableDate,
    /// A score between two whole numbers where the scale has whole-number steps (a labelled scale, or
    /// a numeric file whose other scores are whole): kept, but likely a typo.
    NonIntegerScore,
    /// A row with more or fewer fields than the header.
    RaggedRow,
    /// A row that is not valid UTF-8 text: read as Windows-1252 and kept.
    InvalidText,
    /// A `hired` value that is not a boolean; the decision is treated as unknown.
    UnparsableHired,
    /// An outcome value that does not fit its column's kind; treated as unknown.
    UnparsableOutcome,
    /// A second outcomes row for a candidate that disagrees with the first; the later row is skipped.
    ConflictingOutcome,
    /// A second outcomes row for a candidate that agrees with the first where both have a value; its
    /// values fill the first row's gaps (informational).
    DuplicateOutcomeRow,
    /// An outcomes row for a candidate with no scorecard (informational, not used).
    OutcomeWithoutScorecards,
    /// A repeated question id in the questions file; the later row is skipped.
    DuplicateQuestion,
    /// An ATS export record that is not an object of the documented shape; skipped.
    MalformedRecord,
    /// A Greenhouse scorecard submitted by another user than its interviewer (informational): its
    /// ratings are kept and scored under the interviewer.
    SubmittedByOther,
    /// An ATS record marked deleted (Lever `deletedAt`); skipped (informational).
    DeletedRecord,
    /// A Greenhouse v3 scorecard still in `draft`: not submitted, its ratings unused (informational).
    DraftScorecard,
    /// Interview dates read with a non-ISO format assumed from the values (informational).
    DateFormatAssumed,
    /// Candidate or interviewer ids with whitespace around them, trimmed (informational).
    IdWhitespaceTrimmed,
    /// A rating of a scorecard of a job that `--job` did not choose (informational).
    OtherJob,
    /// A rating of a scorecard without a job while `--job` chooses jobs (informational).
    NoJob,
    /// A rating of a scorecard interviewed before `--since` or after `--until` (informational).
    OutsideDates,
    /// A rating of a scorecard without an interview date while `--since`/`--until` is given
    /// (informational).
    NoDate,
}

impl Reason {
    /// Whether the reason is a data problem (`--strict` fails on it) rather than information.
    pub fn is_problem(self) -> bool {
        !matches!(
            self,
            Reason::MissingScore
                | Reason::DuplicateOutcomeRow
                | Reason::OutcomeWithoutScorecards
                | Reason::SubmittedByOther
                | Reason::DeletedRecord
                | Reason::DraftScorecard
                | Reason::DateFormatAssumed
                | Reason::IdWhitespaceTrimmed
                | Reason::OtherJob
                | Reason::NoJob
                | Reason::OutsideDates
                | Reason::NoDate
        )
    }

    /// The snake_case name used in JSON and messages.
    pub fn name(self) -> &'static str {
        match self {
            Reason::UnparsableScore => "unparsable_score",
            Reason::ScoreOutOfRange => "score_out_of_range",
            Reason::MissingScore => "missing_score",
            Reason::EmptyId => "empty_id",
            Reason::DuplicateRating => "duplicate_rating",
            Reason::ScorecardConflict => "scorecard_conflict",
            Reason::ConflictingRecommendation => "conflicting_recommendation",
            Reason::UnparsableRecommendation => "unparsable_recommendation",
            Reason::ConflictingDate => "conflicting_date",
            Reason::UnparsableDate => "unparsable_date",
            Reason::NonIntegerScore => "non_integer_score",
            Reason::RaggedRow => "ragged_row",
            Reason::InvalidText => "invalid_text",
            Reason::UnparsableHired => "unparsable_hired",
            Reason::UnparsableOutcome => "unparsable_outcome",
            Reason::ConflictingOutcome => "conflicting_outcome",
            Reason::DuplicateOutcomeRow => "duplicate_outcome_row",
            Reason::OutcomeWithoutScorecards => "outcome_without_scorecards",
            Reason::DuplicateQuestion => "duplicate_question",
            Reason::MalformedRecord => "malformed_record",
            Reason::SubmittedByOther => "submitted_by_other",
            Reason::DeletedRecord => "deleted_record",
            Reason::DraftScorecard => "draft_scorecard",
            Reason::DateFormatAssumed => "date_format_assumed",
            Reason::IdWhitespaceTrimmed => "id_whitespace_trimmed",
            Reason::OtherJob => "other_job",
            Reason::NoJob => "no_job",
            Reason::OutsideDates => "outside_dates",
            Reason::NoDate => "no_date",
        }
    }

    /// What hirecal did with the row or value.
    pub fn action(self) -> &'static str {
        match self {
            Reason::ConflictingRecommendation | Reason::UnparsableRecommendation => {
                "rating kept, recommendation unknown"
            }
            Reason::UnparsableDate => "rating kept, date unknown",
            Reason::NonIntegerScore => "rating kept as written",
            Reason::InvalidText => "row read as Windows-1252",
            Reason::ConflictingDate => "ratings kept, scorecard date unknown",
            Reason::UnparsableHired => "row kept, hiring decision unknown",
            Reason::UnparsableOutcome => "row kept, that outcome unknown",
            Reason::DuplicateOutcomeRow => "merged with the first (no value disagrees)",
            Reason::OutcomeWithoutScorecards => "row not used",
            Reason::SubmittedByOther => "kept; scored under the interviewer",
            Reason::DeletedRecord => "record skipped",
            Reason::DraftScorecard => "scorecard not used",
            Reason::DateFormatAssumed => "date read with the assumed format",
            Reason::IdWhitespaceTrimmed => "spaces removed, row kept",
            Reason::OtherJob | Reason::NoJob | Reason::OutsideDates | Reason::NoDate => "rating not selected",
            _ => "row skipped",
        }
    }
}

/// One reason's tally in `inputs.dropped`.
#[derive(Debug, Clone, Serialize)]
pub struct Dropped {
    /// The reason (snake_case).
    pub reason: Reason,
    /// The input file.
    pub file: String,
    /// How many rows or values.
    pub count: u64,
    /// 1-based file line of the first occurrence (header = line 1).
    pub first_line: u64,
    /// What was done.
    pub action: &'static str,
    /// Whether `--strict` treats it as an error.
    pub problem: bool,
    /// The first occurrence's full message.
    pub example: String,
}

impl Dropped {
    /// Where the first occurrence is: `scorecards.csv:12` (a line), `lever_feedback.json record 2`
    /// (a JSON export's records, which are not lines), or the file alone when no one place applies
    /// (`first_line` 0: a selection by `--job`, `--since`, `--until`).
    pub fn position(&self) -> String {
        if self.first_line == 0 {
            self.file.clone()
        } else if cites_records(&self.file) {
            format!("{} record {}", self.file, self.first_line)
        } else {
            format!("{}:{}", self.file, self.first_line)
        }
    }
}

/// Whether drops in `file` count records rather than lines: a JSON export (or a directory of them,
/// whose records are counted across its files).
fn cites_records(file: &str) -> bool {
    let path = Path::new(file);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    matches!(ext.as_str(), "json" | "jsonl" | "ndjson") || path.is_dir()
}

/// Maximum messages kept per reason for `--strict` listings.
const KEEP_EXAMPLES: usize = 20;

/// Collects drops for a whole run.
#[derive(Debug, Default, Clone)]
pub struct DropLog {
    entries: Vec<Dropped>,
    examples: Vec<(usize, String)>,
}

impl DropLog {
    /// Records one occurrence. `message` is only called for the first few occurrences (no per-row
    /// allocation on hot paths).
    pub fn record(&mut self, file: &Path, reason: Reason, line: u64, message: impl FnOnce() -> String) {
        let file_s = file.display().to_string();
        let idx = match self.entries.iter().position(|d| d.reason == reason && d.file == file_s) {
            Some(i) => i,
            None => {
                self.entries.push(Dropped {
                    reason,
                    file: file_s,
                    count: 0,
                    first_line: line,
                    action: reason.action(),
                    problem: reason.is_problem(),
                    example: String::new(),
                });
                self.entries.len() - 1
            }
        };
        let e = &mut self.entries[idx];
        e.count += 1;
        if e.count == 1 || line < e.first_line {
            e.first_line = e.first_line.min(line);
        }
        if (e.count as usize) <= KEEP_EXAMPLES {
            let m = format!("{}:{line}: {}", e.file, message());
            if e.count == 1 {
                e.example = m.clone();
            }
            self.examples.push((idx, m));
        }
    }

    /// Records `n` occurrences at once (first at `line`) with one message.
    pub fn record_n(
        &mut self,
        file: &Path,
        reason: Reason,
        line: u64,
        n: u64,
        message: impl FnOnce() -> String,
    ) {
        if n == 0 {
            return;
        }
        self.record(file, reason, line, message);
        let file_s = file.display().to_string();
        if let Some(e) = self.entries.iter_mut().find(|d| d.reason == reason && d.file == file_s) {
            e.count += n - 1;
        }
    }

    /// The tallies, most frequent first within problems then information.
    pub fn entries(&self) -> Vec<Dropped> {
        let mut v = self.entries.clone();
        v.sort_by(|a, b| b.problem.cmp(&a.problem).then(b.count.cmp(&a.count)));
        v
    }

    /// Total count of occurrences that are problems.
    pub fn problem_count(&self) -> u64 {
        self.entries.iter().filter(|e| e.problem).map(|e| e.count).sum()
    }

    /// The kept messages of problems, for `--strict`.
    pub fn problem_messages(&self) -> Vec<&str> {
        self.examples.iter().filter(|(i, _)| self.entries[*i].problem).map(|(_, m)| m.as_str()).collect()
    }

    /// Rewrites the `file:line: ` prefix of the kept messages of `file` to `file label: `, where
    /// `label(line)` names the position (ATS exports cite `record 7 (id 123)`, not a text line).
    pub fn relabel(&mut self, file: &Path, label: impl Fn(u64) -> String) {
        let prefix = format!("{}:", file.display());
        let fix = |m: &mut String| {
            let Some(rest) = m.strip_prefix(&prefix) else { return };
            let Some((num, tail)) = rest.split_once(": ") else { return };
            if let Ok(line) = num.parse::<u64>() {
                *m = format!("{} {}: {tail}", file.display(), label(line));
            }
        };
        for (_, m) in &mut self.examples {
            fix(m);
        }
        for e in &mut self.entries {
            fix(&mut e.example);
        }
    }

    /// Appends `extra` to the first message of `reason` in `file` (e.g. every unknown label seen).
    pub fn annotate(&mut self, file: &Path, reason: Reason, extra: &str) {
        let file_s = file.display().to_string();
        let Some(idx) = self.entries.iter().position(|d| d.reason == reason && d.file == file_s) else {
            return;
        };
        self.entries[idx].example.push_str(extra);
        if let Some((_, m)) = self.examples.iter_mut().find(|(i, _)| *i == idx) {
            m.push_str(extra);
        }
    }

    /// Adds the log of a reader that ran after this one's: the same tallies, first lines and kept
    /// messages (at most the first few of each reason and file, in reading order) as if both readers
    /// had recorded into one log.
    pub fn append(&mut self, other: DropLog) {
        let mut index_of = Vec::with_capacity(other.entries.len());
        for e in other.entries {
            match self.entries.iter().position(|d| d.reason == e.reason && d.file == e.file) {
                Some(i) => {
                    let d = &mut self.entries[i];
                    index_of.push((i, d.count));
                    d.count += e.count;
                    d.first_line = d.first_line.min(e.first_line);
                }
                None => {
                    index_of.push((self.entries.len(), 0));
                    self.entries.push(e);
                }
            }
        }
        // The messages an entry kept before this one's: a joined entry keeps the first few overall.
        let mut kept: Vec<u64> = index_of.iter().map(|&(_, before)| before).collect();
        for (j, m) in other.examples {
            let (i, _) = index_of[j];
            kept[j] += 1;
            if kept[j] as usize <= KEEP_EXAMPLES {
                self.examples.push((i, m));
            }
        }
    }

    /// Count for one reason over all files.
    pub fn count(&self, reason: Reason) -> u64 {
        self.entries.iter().filter(|e| e.reason == reason).map(|e| e.count).sum()
    }
}

/// Formats drops as indented lines: `reason  count  first line  action`.
pub fn format_drops(entries: &[Dropped]) -> String {
    let mut s = String::new();
    for d in entries {
        // Selection reasons (`--job`, `--since`, `--until`) concern scorecards, not one line.
        let at =
            if d.first_line == 0 { format!("in {}", d.file) } else { format!("first at {}", d.position()) };
        s.push_str(&format!(
            "  {:<28} {:>9}  {at}  ({})\n      e.g. {}\n",
            d.reason.name(),
            d.count,
            d.action,
            d.example
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_exports_position_is_a_record_not_a_line() {
        let mut log = DropLog::default();
        log.record(Path::new("lever_feedback.json"), Reason::MalformedRecord, 2, || "bad".into());
        log.record(Path::new("scorecards.csv"), Reason::RaggedRow, 7, || "bad".into());
        let e = log.entries();
        let at: Vec<String> = e.iter().map(Dropped::position).collect();
        assert_eq!(at, ["lever_feedback.json record 2", "scorecards.csv:7"]);
        let text = format_drops(&e);
        assert!(
            text.contains("first at lever_feedback.json record 2")
                && text.contains("first at scorecards.csv:7")
        );
    }

    /// Records `n` occurrences of `reason` in `file` from line `from` on, one message each.
    fn fill(log: &mut DropLog, file: &str, reason: Reason, from: u64, n: u64) {
        for k in 0..n {
            log.record(Path::new(file), reason, from + k, || format!("m{}", from + k));
        }
    }

    #[test]
    fn appending_a_log_equals_recording_into_one() {
        let steps: [(&str, Reason, u64, u64); 5] = [
            ("a.csv", Reason::EmptyId, 10, 15),
            ("a.csv", Reason::MissingScore, 3, 2),
            ("b.csv", Reason::EmptyId, 2, 12),
            ("a.csv", Reason::EmptyId, 4, 9),
            ("b.csv", Reason::RaggedRow, 7, 1),
        ];
        let mut one = DropLog::default();
        for &(f, r, from, n) in &steps {
            fill(&mut one, f, r, from, n);
        }
        let (mut first, mut second) = (DropLog::default(), DropLog::default());
        for &(f, r, from, n) in &steps[..2] {
            fill(&mut first, f, r, from, n);
        }
        for &(f, r, from, n) in &steps[2..] {
            fill(&mut second, f, r, from, n);
        }
        first.append(second);
        let show = |l: &DropLog| {
            let e: Vec<_> = l
                .entries()
                .iter()
                .map(|d| (d.reason, d.file.clone(), d.count, d.first_line, d.example.clone()))
                .collect();
            (e, l.problem_messages().iter().map(|m| m.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(show(&first), show(&one));
        let (entries, messages) = show(&first);
        assert_eq!(entries[0], (Reason::EmptyId, "a.csv".to_string(), 24, 4, "a.csv:10: m10".to_string()));
        assert_eq!(messages.iter().filter(|m| m.starts_with("a.csv")).count(), KEEP_EXAMPLES);
    }
}
