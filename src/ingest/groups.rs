//! The groups file of `--groups FILE` (CSV or Parquet): `candidate_id` plus one or more group columns
//! (e.g. `gender`, `race_ethnicity`, `veteran_status`), each analysed on its own by `hirecal fairness`.
//!
//! * Empty cells and the usual non-answers ("Decline to self-identify", "I don't wish to answer",
//!   "Prefer not to say", …; `[groups] unknown = [...]` replaces the list) are *unknown*: excluded from
//!   that column's analysis and counted.
//! * Group labels match ignoring case and surrounding spaces; the first spelling seen is shown.
//! * Candidates in the groups file without scorecards, candidates with scorecards but no groups row,
//!   empty ids, ragged rows, repeated rows (identical: merged; conflicting: the later row skipped) are
//!   counted by reason with the first line of each — nothing is dropped silently.
//! * Under `--pseudonymize` the dataset's candidate ids are already pseudonyms: the file's ids are
//!   pseudonymized with the same key before they are matched.
//!
//! Group data is among the most sensitive data there is: this module keeps only codes per candidate and
//! never copies a cell into a message (messages name the file, line and column).

use serde::Serialize;
use std::path::Path;

use super::table::{Row, Table};
use crate::config::GroupsConfig;
use crate::dataset::Interner;
use crate::error::{Error, Result};

/// Non-answers treated as unknown by default (compared ignoring case, spaces and the apostrophe style).
pub const DEFAULT_UNKNOWN: &[&str] = &[
    "decline to self-identify",
    "decline to self identify",
    "declined to self-identify",
    "decline to answer",
    "declined to answer",
    "declined",
    "i don't wish to answer",
    "i do not wish to answer",
    "i don't wish to self-identify",
    "prefer not to say",
    "prefer not to answer",
    "prefer not to disclose",
    "not disclosed",
    "not specified",
    "unknown",
    "n/a",
    "na",
    "none",
    "null",
];

/// One group column: labels and each dataset candidate's group.
#[derive(Debug, Clone)]
pub struct GroupColumn {
    /// Column name as in the file.
    pub name: String,
    /// Group labels (first spelling seen), indexed by group code.
    pub labels: Vec<String>,
    /// Group code per dataset candidate code; `None` for unknown or no groups row.
    pub of_candidate: Vec<Option<u32>>,
    /// Candidates with scorecards and a groups row whose value in this column is unknown.
    pub unknown: usize,
}

/// A problem or note while reading the groups file, counted by reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupsIssue {
    /// `empty_id`, `ragged_row`, `invalid_text`, `duplicate_row`, `conflicting_row`, `without_scorecards`.
    pub reason: &'static str,
    /// Rows with this reason.
    pub count: u64,
    /// Line of the first such row (Parquet: row index + 2).
    pub first_line: u64,
}

/// What was read from the groups file (`fairness.inputs` in summary.json).
#[derive(Debug, Clone, Serialize)]
pub struct GroupsInputs {
    /// Data rows read.
    pub rows_read: u64,
    /// Candidates with scorecards and a groups row.
    pub candidates_with_groups: usize,
    /// Candidates in the groups file without any scorecard (not used).
    pub groups_without_scorecards: usize,
    /// Candidates with scorecards but no row in the groups file (unknown in every column).
    pub scorecards_without_groups: usize,
    /// Rows skipped or merged, by reason.
    pub issues: Vec<GroupsIssue>,
}

/// The groups file, matched to the dataset's candidates.
#[derive(Debug, Clone)]
pub struct Groups {
    /// One entry per group column, in file order.
    pub columns: Vec<GroupColumn>,
    /// Counts.
    pub inputs: GroupsInputs,
}

/// Normalises a cell for comparisons: trimmed, lower case, typographic apostrophes as `'`, inner runs of
/// white space as one space.
fn norm(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace(['\u{2019}', '\u{2018}'], "'")
}

#[derive(Default)]
struct Issues(Vec<GroupsIssue>);

impl Issues {
    fn add(&mut self, reason: &'static str, line: u64) {
        match self.0.iter_mut().find(|i| i.reason == reason) {
            Some(i) => i.count += 1,
            None => self.0.push(GroupsIssue { reason, count: 1, first_line: line }),
        }
    }
}

/// Reads `path` and matches its rows to `candidates`, the dataset's candidate ids (codes index the
/// returned columns). `key`: the `--pseudonymize` key, when on.
pub fn read(
    path: &Path,
    cfg: &GroupsConfig,
    delimiter: Option<char>,
    candidates: &Interner,
    key: Option<&str>,
) -> Result<Groups> {
    let table = Table::open(path, "groups", delimiter)?;
    let cand_name = cfg.candidate_id.as_deref().unwrap_or("candidate_id");
    let cand_col = table.require(cand_name, "[groups] candidate_id")?;
    let cols = group_columns(path, &table, cfg, cand_col)?;
    let unknown = unknown_values(cfg);
    let header = table.header.clone();
    let mut reader = RowReader::new(&header, cand_col, &cols, &unknown, candidates, key);
    let rows = table.for_each_row(|row: &Row| reader.row(row))?;
    Ok(reader.finish(rows))
}

/// The group columns' indices: the configured ones, or every named column beside the candidate id.
fn group_columns(path: &Path, table: &Table, cfg: &GroupsConfig, cand_col: usize) -> Result<Vec<usize>> {
    let cols: Vec<usize> = match &cfg.columns {
        Some(names) => names.iter().map(|n| table.require(n, "[groups] columns")).collect::<Result<_>>()?,
        None => (0..table.header.len()).filter(|&i| i != cand_col && !table.header[i].is_empty()).collect(),
    };
    if cols.is_empty() {
        return Err(Error::Data(format!(
            "{}: the groups file has no group column beside '{}'; add columns such as gender or race_ethnicity (one per characteristic), or list them under [groups] columns",
            path.display(),
            table.header[cand_col]
        )));
    }
    Ok(cols)
}

/// The non-answers that count as unknown, normalised: the configured list, or [`DEFAULT_UNKNOWN`].
fn unknown_values(cfg: &GroupsConfig) -> Vec<String> {
    match &cfg.unknown {
        Some(list) => list.iter().map(|s| norm(s)).collect(),
        None => DEFAULT_UNKNOWN.iter().map(|s| norm(s)).collect(),
    }
}

/// The state of one pass over the groups file's rows.
struct RowReader<'a> {
    /// The file's header.
    header: &'a [String],
    /// Index of the candidate id column.
    cand_col: usize,
    /// Indices of the group columns.
    cols: &'a [usize],
    /// Normalised non-answers.
    unknown: &'a [String],
    /// The dataset's candidate ids.
    candidates: &'a Interner,
    /// The `--pseudonymize` key, when on.
    key: Option<&'a str>,
    /// The group columns being built.
    columns: Vec<GroupColumn>,
    /// Per group column: the normalised label of each group code.
    keys: Vec<Vec<String>>,
    // Per candidate: the first row's line (0 = not seen) and its normalised values.
    seen: Vec<u64>,
    first_values: Vec<Option<Vec<Option<u32>>>>,
    /// Problems counted so far.
    issues: Issues,
    /// Distinct candidates of the file without scorecards.
    outside: usize,
    /// The file's ids already counted in `outside`.
    outside_seen: std::collections::HashSet<String>,
}

impl<'a> RowReader<'a> {
    /// An empty pass: one empty group column per index of `cols`, no candidate seen.
    fn new(
        header: &'a [String],
        cand_col: usize,
        cols: &'a [usize],
        unknown: &'a [String],
        candidates: &'a Interner,
        key: Option<&'a str>,
    ) -> Self {
        let nc = candidates.len();
        let columns = cols
            .iter()
            .map(|&c| GroupColumn {
                name: header[c].clone(),
                labels: Vec::new(),
                of_candidate: vec![None; nc],
                unknown: 0,
            })
            .collect();
        RowReader {
            header,
            cand_col,
            cols,
            unknown,
            candidates,
            key,
            columns,
            keys: vec![Vec::new(); cols.len()],
            seen: vec![0; nc],
            first_values: vec![None; nc],
            issues: Issues::default(),
            outside: 0,
            outside_seen: std::collections::HashSet::new(),
        }
    }

    /// One data row: its problems counted, or its candidate's values kept.
    fn row(&mut self, row: &Row) {
        let line = row.line;
        if row.invalid_text {
            self.issues.add("invalid_text", line);
        }
        if row.width != self.header.len() {
            self.issues.add("ragged_row", line);
            return;
        }
        let get = |i: usize| crate::ingest::values::trim(row.fields.get(i).copied().flatten().unwrap_or(""));
        let raw_id = get(self.cand_col);
        if raw_id.is_empty() {
            self.issues.add("empty_id", line);
            return;
        }
        let Some(c) = self.candidate(raw_id) else {
            self.without_scorecards(raw_id, line);
            return;
        };
        let values: Vec<Option<u32>> =
            self.cols.iter().enumerate().map(|(j, &col)| self.group_code(j, get(col))).collect();
        self.keep_first(c as usize, values, line);
    }

    /// The dataset code of a file's candidate id (pseudonymized first under `--pseudonymize`).
    fn candidate(&self, raw_id: &str) -> Option<u32> {
        match self.key {
            Some(k) => self.candidates.get(&crate::privacy::pseudonym(k, 'C', raw_id)),
            None => self.candidates.get(raw_id),
        }
    }

    /// Counts a row whose candidate has no scorecards, and the candidate once.
    fn without_scorecards(&mut self, raw_id: &str, line: u64) {
        self.issues.add("without_scorecards", line);
        if self.outside_seen.insert(raw_id.to_string()) {
            self.outside += 1;
        }
    }

    /// The group code of cell `raw` in group column `j` (a new group for a new label); `None` if unknown.
    fn group_code(&mut self, j: usize, raw: &str) -> Option<u32> {
        let n = norm(raw);
        if n.is_empty() || self.unknown.contains(&n) {
            return None;
        }
        Some(match self.keys[j].iter().position(|k| *k == n) {
            Some(g) => g as u32,
            None => {
                self.keys[j].push(n);
                self.columns[j].labels.push(raw.to_string());
                (self.keys[j].len() - 1) as u32
            }
        })
    }

    /// Keeps candidate `c`'s first row; a repeated row is counted as duplicate or conflicting.
    fn keep_first(&mut self, c: usize, values: Vec<Option<u32>>, line: u64) {
        if self.seen[c] != 0 {
            if self.first_values[c].as_ref() == Some(&values) {
                self.issues.add("duplicate_row", line);
            } else {
                self.issues.add("conflicting_row", line);
            }
            return;
        }
        self.seen[c] = line;
        self.first_values[c] = Some(values);
    }

    /// The groups: each matched candidate's values in the columns, the counts and the sorted issues.
    fn finish(mut self, rows: u64) -> Groups {
        let matched = self.assign_values();
        let nc = self.candidates.len();
        Groups {
            columns: self.columns,
            inputs: GroupsInputs {
                rows_read: rows,
                candidates_with_groups: matched,
                groups_without_scorecards: self.outside,
                scorecards_without_groups: nc - matched,
                issues: sorted_issues(self.issues),
            },
        }
    }

    /// Gives each candidate's first-row values to the columns and counts unknowns; returns the matched.
    fn assign_values(&mut self) -> usize {
        let mut matched = 0usize;
        for (c, vals) in self.first_values.iter().enumerate() {
            let Some(vals) = vals else { continue };
            matched += 1;
            for (j, v) in vals.iter().enumerate() {
                self.columns[j].of_candidate[c] = *v;
                if v.is_none() {
                    self.columns[j].unknown += 1;
                }
            }
        }
        matched
    }
}

/// The issues in reporting order: conflicting rows first, rows without scorecards last.
fn sorted_issues(issues: Issues) -> Vec<GroupsIssue> {
    let order = |r: &str| {
        ["conflicting_row", "ragged_row", "invalid_text", "empty_id", "duplicate_row", "without_scorecards"]
            .iter()
            .position(|x| *x == r)
    };
    let mut list = issues.0;
    list.sort_by_key(|i| order(i.reason));
    list
}

/// A plain-words message for each issue (file, line, what happened, what to do), for `check`-style output.
pub fn describe(path: &Path, i: &GroupsIssue) -> String {
    let what = match i.reason {
        "empty_id" => "the candidate id is empty; fill it in or remove the row",
        "ragged_row" => "the row has a different number of fields than the header; check for an unquoted delimiter",
        "invalid_text" => "the row is not valid UTF-8 text; it was read as Windows-1252 (re-export the file as UTF-8 if names look wrong)",
        "duplicate_row" => "a second, identical row for a candidate; merged",
        "conflicting_row" => "a second row for a candidate disagrees with the first; the later row is skipped — keep one row per candidate",
        _ => "the candidate has no scorecard; the row is not used",
    };
    let more = if i.count > 1 { format!(" ({} rows, first shown)", i.count) } else { String::new() };
    format!("{}:{}: {what}{more}", path.display(), i.first_line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;

    fn ds(ids: &[&str]) -> Dataset {
        let mut ds = Dataset::default();
        for id in ids {
            ds.candidates.intern(id);
        }
        ds
    }

    /// `text` as groups.csv in a temporary directory, removed when the returned guard drops.
    fn write(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("groups.csv");
        std::fs::write(&p, text).unwrap();
        (dir, p)
    }

    #[test]
    fn unknowns_matches_and_problems_are_counted() {
        let (_dir, p) = write(
            "candidate_id,gender,veteran\n\
             a,Woman,no\n\
             b,woman ,Prefer not to say\n\
             c,Man,I don\u{2019}t wish to answer\n\
             d,,yes\n\
             x,Man,no\n\
             a,Woman,no\n\
             b,Man,no\n\
             ,Man,no\n\
             e,Decline to Self-Identify\n",
        );
        let d = ds(&["a", "b", "c", "d", "e", "f"]);
        let g = read(&p, &GroupsConfig::default(), None, &d.candidates, None).unwrap();
        assert_eq!(g.columns.len(), 2);
        let gender = &g.columns[0];
        assert_eq!(gender.labels, vec!["Woman", "Man"]);
        assert_eq!(gender.of_candidate, vec![Some(0), Some(0), Some(1), None, None, None]);
        assert_eq!(gender.unknown, 1, "d's empty cell (e's row is ragged, f has no row)");
        assert_eq!(g.columns[1].unknown, 2, "b and c declined");
        let i = &g.inputs;
        assert_eq!((i.rows_read, i.candidates_with_groups, i.groups_without_scorecards), (9, 4, 1));
        assert_eq!(i.scorecards_without_groups, 2);
        let count = |r: &str| i.issues.iter().find(|x| x.reason == r).map(|x| (x.count, x.first_line));
        assert_eq!(count("duplicate_row"), Some((1, 7)));
        assert_eq!(count("conflicting_row"), Some((1, 8)));
        assert_eq!(count("empty_id"), Some((1, 9)));
        assert_eq!(count("ragged_row"), Some((1, 10)));
        assert_eq!(count("without_scorecards"), Some((1, 6)));
        assert!(describe(&p, &i.issues[0]).contains("groups.csv:8"));
    }

    #[test]
    fn configured_columns_unknowns_and_pseudonyms() {
        let (_dir, p) = write("cid,gender,team\na,unknown,x\nb,N/A,y\n");
        let key = "k";
        let mut d = ds(&["a", "b"]);
        crate::privacy::pseudonymize(&mut d, key);
        let cfg = GroupsConfig {
            candidate_id: Some("cid".into()),
            columns: Some(vec!["gender".into()]),
            unknown: Some(vec!["N/A".into()]),
            stages: None,
        };
        let g = read(&p, &cfg, None, &d.candidates, Some(key)).unwrap();
        assert_eq!(g.columns.len(), 1);
        assert_eq!(g.columns[0].labels, vec!["unknown"], "the configured list replaces the default");
        assert_eq!(g.columns[0].of_candidate, vec![Some(0), None]);
        assert_eq!(g.inputs.candidates_with_groups, 2);
        let e = read(
            &p,
            &GroupsConfig { columns: Some(vec!["race".into()]), ..cfg },
            None,
            &d.candidates,
            Some(key),
        );
        assert!(e.unwrap_err().to_string().contains("race"));
        let (_only_dir, only_id) = write("candidate_id\na\n");
        let e = read(&only_id, &GroupsConfig::default(), None, &d.candidates, None).unwrap_err().to_string();
        assert!(e.contains("no group column"), "{e}");
    }

    #[test]
    fn hostile_files_give_errors_or_counts_never_a_panic() {
        let d = ds(&["a", "b"]);
        let cfg = GroupsConfig::default();
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        // Binary content, a header without rows, an empty file: errors naming the file.
        for (name, bytes) in [
            ("bin.csv", &b"candidate_id,g\na,\x00\x01\n"[..]),
            ("head.csv", b"candidate_id,g\n"),
            ("empty.csv", b""),
        ] {
            let e = read(&file(name, bytes), &cfg, None, &d.candidates, None).unwrap_err().to_string();
            assert!(e.contains(name), "{e}");
        }
        // A byte-order mark, invalid UTF-8 in a row, quoted delimiters, a very long label.
        let long = "x".repeat(5000);
        let text = format!("\u{feff}candidate_id,g\na,\"w, x\"\nb,{long}\n");
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(b"c,\xff\xfe\n");
        let g = read(&file("odd.csv", &bytes), &cfg, None, &d.candidates, None).unwrap();
        assert_eq!(g.columns[0].labels, vec!["w, x".to_string(), long]);
        // The row that is not UTF-8 is read as Windows-1252 and kept (c has no scorecards here).
        assert_eq!(
            g.inputs.issues,
            vec![
                GroupsIssue { reason: "invalid_text", count: 1, first_line: 4 },
                GroupsIssue { reason: "without_scorecards", count: 1, first_line: 4 }
            ]
        );
    }
}
