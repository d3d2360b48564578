//! Outcomes (one row per candidate: `hired` plus outcome columns) and the optional questions file.

use std::collections::BTreeMap;
use std::path::Path;

use super::table::{Row, Table};
use super::values::parse_bool;
use super::{FileRead, LoadOptions};
use crate::config::Config;
use crate::dataset::{Interner, OutcomeColumn, OutcomeKind, QuestionInfo};
use crate::drops::{DropLog, Reason};
use crate::error::{Error, Result};
use crate::scale::{is_missing, label_matches, normalise_label, parse_number};

/// One outcome cell before the column's kind is known.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Missing,
    /// A number (0/1 may also be a boolean).
    Num(f64),
    /// A boolean word (true, yes, hired…).
    Word(bool),
    /// Neither.
    Bad(Box<str>),
}

/// A column's `[outcomes.labels]` map, labels normalised ([`normalise_label`]).
type LabelMap = Vec<(String, f64)>;

#[cfg(test)]
fn cell(raw: &str) -> Cell {
    cell_with(raw, None)
}

/// A cell, reading a label of the column's `[outcomes.labels]` map as its number first.
fn cell_with(raw: &str, labels: Option<&LabelMap>) -> Cell {
    if is_missing(raw) {
        Cell::Missing
    } else if let Some(v) =
        labels.and_then(|m| m.iter().find(|(k, _)| label_matches(raw.trim(), k)).map(|e| e.1))
    {
        Cell::Num(v)
    } else if let Some(v) = parse_number(raw) {
        Cell::Num(v)
    } else if let Some(b) = parse_bool(raw) {
        Cell::Word(b)
    } else {
        Cell::Bad(raw.into())
    }
}

/// A buffered outcomes row.
struct RawRow {
    file: usize,
    line: u64,
    candidate: u32,
    hired: Option<bool>,
    /// (column slot, cell).
    cells: Vec<(usize, Cell)>,
}

/// What the outcomes files gave, merged by candidate.
#[derive(Debug, Clone, Default)]
pub struct OutcomesRead {
    /// Hiring decision per candidate code (`None` = no row or unknown value).
    pub hired: Vec<Option<bool>>,
    /// Outcome columns in file order, values per candidate code.
    pub outcomes: Vec<OutcomeColumn>,
    /// Each file, in the order given.
    pub files: Vec<FileRead>,
    /// What was skipped or noted, by reason.
    pub drops: DropLog,
    /// Under `--source lever|ashby`, the job each candidate key's application names (in file order).
    pub jobs: Vec<(String, super::ats::jobs::JobRef)>,
}

/// Reads every outcomes file and merges them by candidate. Rows are matched to `candidates`, the
/// ids read from the scorecards (codes index the returned columns).
pub fn read(
    paths: &[std::path::PathBuf],
    candidates: &Interner,
    cfg: &Config,
    opts: &LoadOptions,
) -> Result<OutcomesRead> {
    let mut log = DropLog::default();
    let drops = &mut log;
    let oc = &cfg.outcomes;
    let mut slots: Vec<String> = Vec::new();
    let mut rows: Vec<RawRow> = Vec::new();
    let mut files = Vec::with_capacity(paths.len());
    let mut labels = Vec::new();
    let mut jobs = Vec::new();
    // `[ids] fold_case`: outcomes rows match candidates by the folded id, as the scorecards did.
    let folded: Option<crate::dataset::FxHashMap<String, u32>> = cfg.ids.fold_case.then(|| {
        let mut m = crate::dataset::FxHashMap::default();
        for (code, name) in candidates.names().enumerate() {
            m.entry(super::scorecards::fold_id(name)).or_insert(code as u32);
        }
        m
    });
    // Rows whose candidate has no scorecard, and the first of them (file, line, id).
    let mut unmatched = 0u64;
    let mut first_unmatched: Option<(usize, u64, String)> = None;
    for (fi, path) in paths.iter().enumerate() {
        let opened = super::ats::open_outcomes(path, cfg, opts, drops)?;
        let table = opened.table;
        labels.push(opened.labels);
        jobs.extend(opened.jobs);
        let cand_col = table.require(&oc.candidate_id, "[outcomes] candidate_id")?;
        // With several files, one may lack `hired` (e.g. an HRIS file of ratings beside the ATS's decisions).
        let hired_col = match table.optional(&oc.hired)? {
            None if paths.len() > 1 => None,
            _ => Some(table.require(&oc.hired, "[outcomes] hired")?),
        };
        let out_cols: Vec<usize> = match &oc.columns {
            Some(names) => {
                names.iter().map(|n| table.require(n, "[outcomes] columns")).collect::<Result<_>>()?
            }
            None => (0..table.header.len()).filter(|&i| i != cand_col && Some(i) != hired_col).collect(),
        };
        let slot_of: Vec<(usize, usize, Option<LabelMap>)> = out_cols
            .iter()
            .map(|&c| {
                let name = &table.header[c];
                let slot = slots.iter().position(|s| s == name).unwrap_or_else(|| {
                    slots.push(name.clone());
                    slots.len() - 1
                });
                let labels = oc
                    .label_map(name)
                    .map(|m| m.iter().map(|(k, v)| (normalise_label(k), *v)).collect::<LabelMap>());
                (c, slot, labels)
            })
            .collect();
        let header = table.header.clone();
        let digest = table.digest();
        // The code after the last row's candidate: where the next row's usually is.
        let mut guess = 0u32;
        let n = table.for_each_row(|row: &Row| {
            let line = row.line;
            if row.invalid_text {
                drops.record(path, Reason::InvalidText, line, || super::table::INVALID_TEXT.into());
            }
            if row.width != header.len() {
                let w = row.width;
                drops.record(path, Reason::RaggedRow, line, || {
                    format!("the row has {w} fields, the header has {}; check for an unquoted delimiter in a value", header.len())
                });
                return;
            }
            let get = |i: usize| crate::ingest::values::trim(row.fields.get(i).copied().flatten().unwrap_or(""));
            let cand = get(cand_col);
            if cand.is_empty() {
                drops.record(path, Reason::EmptyId, line, || {
                    format!("column '{}': empty id, expected a non-empty value; fill in the id or remove the row", header[cand_col])
                });
                return;
            }
            let found = match &folded {
                Some(map) => map.get(&super::scorecards::fold_id(cand)).copied(),
                None => candidates.get_near(cand, guess),
            };
            guess = found.map_or(guess, |c| c.wrapping_add(1));
            let Some(candidate) = found else {
                unmatched += 1;
                if first_unmatched.is_none() {
                    first_unmatched = Some((fi, line, cand.to_string()));
                }
                drops.record(path, Reason::OutcomeWithoutScorecards, line, || {
                    "this candidate has no scorecard in the scorecards file; the row is not used".into()
                });
                return;
            };
            let raw_h = hired_col.map_or("", get);
            let hired = if is_missing(raw_h) {
                None
            } else {
                let h = parse_bool(raw_h);
                if h.is_none() {
                    drops.record(path, Reason::UnparsableHired, line, || {
                        format!("column '{}': value '{raw_h}' is not a hiring decision, expected true/false, 1/0, yes/no, y/n or hired/rejected (Greenhouse status: hired, converted, rejected, active); the decision is treated as unknown", oc.hired)
                    });
                }
                h
            };
            let cells = slot_of.iter().map(|(c, slot, labels)| (*slot, cell_with(get(*c), labels.as_ref()))).collect();
            rows.push(RawRow { file: fi, line, candidate, hired, cells });
        })?;
        files.push(FileRead { rows: n, digest: super::limits::taken(digest) });
    }
    if let (true, Some((fi, line, id))) = (rows.is_empty(), first_unmatched) {
        let shown: String = id.chars().take(40).collect();
        return Err(Error::Data(format!(
            "{}:{line}: none of the {unmatched} outcome rows names a candidate of the scorecards (this row's \
             candidate id is '{shown}'), so no outcome can be analysed. Check that both files use the same \
             candidate ids (a prefix, padding or another id system?) and that [outcomes] candidate_id names \
             the right column.",
            paths[fi].display()
        )));
    }
    if let Some(labels) = &oc.labels {
        if let Some(missing) = labels.keys().find(|k| !slots.contains(k)) {
            return Err(Error::Data(format!(
                "[outcomes.labels] {}: there is no outcome column '{missing}' in {}; the outcome columns are: {}. \
                 Use the column's name exactly as in the file's header.",
                toml_key(missing),
                paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
                slots.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ")
            )));
        }
    }
    let kinds: Vec<OutcomeKind> = (0..slots.len())
        .map(|s| match oc.label_map(&slots[s]) {
            Some(_) => OutcomeKind::Numeric,
            None => {
                column_kind(rows.iter().flat_map(|r| r.cells.iter().filter(move |c| c.0 == s).map(|c| &c.1)))
            }
        })
        .collect();
    // Columns written only in words that are not yes/no (Below / Meets / Exceeds): their labels.
    let text_only: Vec<Option<Vec<String>>> = (0..slots.len())
        .map(|s| {
            if oc.label_map(&slots[s]).is_some() {
                return None;
            }
            let mut labels: Vec<String> = Vec::new();
            for c in rows.iter().flat_map(|r| r.cells.iter().filter(move |c| c.0 == s)) {
                match &c.1 {
                    Cell::Num(_) | Cell::Word(_) => return None,
                    Cell::Bad(raw) if labels.len() < 8 && !labels.iter().any(|l| **l == **raw) => {
                        labels.push(raw.to_string())
                    }
                    _ => {}
                }
            }
            (!labels.is_empty()).then_some(labels)
        })
        .collect();
    let nc = candidates.len();
    let mut hired = vec![None; nc];
    let mut values: Vec<Vec<Option<f64>>> = vec![vec![None; nc]; slots.len()];
    let mut seen = vec![u32::MAX; nc];
    for (ri, row) in rows.iter().enumerate() {
        let path = &paths[row.file];
        let line = row.line;
        let parsed: Vec<(usize, Option<f64>)> = row
            .cells
            .iter()
            .map(|(slot, c)| {
                let v = value(c, kinds[*slot]);
                if let Err(raw) = &v {
                    let (name, kind) = (&slots[*slot], kinds[*slot]);
                    drops.record(path, Reason::UnparsableOutcome, line, || {
                        if let Some(hint) = crate::scale::decimal_comma_hint(raw) {
                            return format!("column '{name}': {hint}; that outcome is treated as unknown");
                        }
                        if let Some(labels) = &text_only[*slot] {
                            let example = labels.iter().map(|l| format!("{} = <number>", toml_key(l))).collect::<Vec<_>>().join(", ");
                            return format!(
                                "column '{name}': value '{raw}' is a text label, and the column holds only text labels ({}), no numbers; \
                                 that outcome is treated as unknown. Map each label to a number in the config (higher = better): \
                                 [outcomes.labels] {} = {{ {example} }}",
                                labels.iter().map(|l| format!("'{l}'")).collect::<Vec<_>>().join(", "),
                                toml_key(name)
                            );
                        }
                        if let Some(m) = oc.label_map(name) {
                            return format!(
                                "column '{name}': value '{raw}' is neither a number nor a label of [outcomes.labels] {} ({}); that outcome is treated as unknown. Add the label to the map or fix the value",
                                toml_key(name),
                                m.keys().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(", ")
                            );
                        }
                        let exp = match kind {
                            OutcomeKind::Numeric => "a number, like the rest of the column",
                            OutcomeKind::Binary => "true/false, 1/0 or yes/no, like the rest of the column",
                        };
                        format!("column '{name}': value '{raw}' is not valid, expected {exp}; that outcome is treated as unknown")
                    });
                }
                (*slot, v.ok().flatten())
            })
            .collect();
        let c = row.candidate as usize;
        if seen[c] != u32::MAX {
            let prior = &rows[seen[c] as usize];
            let conflict = (row.hired.is_some() && hired[c].is_some() && row.hired != hired[c])
                || parsed.iter().any(|(s, v)| v.is_some() && values[*s][c].is_some() && *v != values[*s][c]);
            if conflict {
                let (pf, pl) = (paths[prior.file].display().to_string(), prior.line);
                drops.record(path, Reason::ConflictingOutcome, line, || {
                    format!("a second outcomes row for this candidate disagrees with {pf}:{pl}; the later row is skipped — keep one row per candidate")
                });
                continue;
            }
            // Rows from different files are the join itself (decisions + HRIS ratings), not duplicates.
            if prior.file == row.file {
                drops.record(path, Reason::DuplicateOutcomeRow, line, || {
                    format!(
                        "a second outcomes row for this candidate (first at {}:{}); values merged",
                        paths[prior.file].display(),
                        prior.line
                    )
                });
            }
        } else {
            seen[c] = ri as u32;
        }
        if hired[c].is_none() {
            hired[c] = row.hired;
        }
        for (s, v) in parsed {
            if values[s][c].is_none() {
                values[s][c] = v;
            }
        }
    }
    let outcomes = slots
        .into_iter()
        .zip(kinds)
        .zip(values)
        .map(|((name, kind), values)| OutcomeColumn { name, kind, values })
        .collect();
    // ATS applications exports: messages name the record and its ids, not a line.
    for (path, names) in paths.iter().zip(&labels) {
        if let Some(names) = names {
            drops.relabel(path, |n| names.label(n));
        }
    }
    Ok(OutcomesRead { hired, outcomes, files, drops: log, jobs })
}

/// `name` as a TOML key: bare when it can be, else quoted.
fn toml_key(name: &str) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return name.to_string();
    }
    // A TOML basic string: quotes, backslashes and control characters (a line break in a label) escaped.
    let mut out = String::from("\"");
    for c in name.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Decides a column's kind: binary when every value is a boolean word or 0/1, numeric when numbers
/// dominate, otherwise binary when words dominate.
fn column_kind<'a>(cells: impl Iterator<Item = &'a Cell>) -> OutcomeKind {
    let (mut nums, mut words, mut other_nums) = (0usize, 0usize, 0usize);
    for c in cells {
        match c {
            Cell::Num(v) => {
                nums += 1;
                if *v != 0.0 && *v != 1.0 {
                    other_nums += 1;
                }
            }
            Cell::Word(_) => words += 1,
            _ => {}
        }
    }
    if other_nums == 0 && (nums + words) > 0 {
        OutcomeKind::Binary
    } else if nums >= words {
        OutcomeKind::Numeric
    } else {
        OutcomeKind::Binary
    }
}

/// A cell's value under its column's kind; `Err(raw)` when it does not fit.
fn value(c: &Cell, kind: OutcomeKind) -> std::result::Result<Option<f64>, String> {
    match (c, kind) {
        (Cell::Missing, _) => Ok(None),
        (Cell::Num(v), OutcomeKind::Numeric) => Ok(Some(*v)),
        (Cell::Num(v), OutcomeKind::Binary) if *v == 0.0 || *v == 1.0 => Ok(Some(*v)),
        (Cell::Num(v), OutcomeKind::Binary) => Err(v.to_string()),
        (Cell::Word(b), OutcomeKind::Binary) => Ok(Some(if *b { 1.0 } else { 0.0 })),
        (Cell::Word(b), OutcomeKind::Numeric) => Err(b.to_string()),
        (Cell::Bad(raw), _) => Err(raw.to_string()),
    }
}

/// What the questions file gave.
#[derive(Debug, Clone, Default)]
pub struct QuestionsRead {
    /// Metadata per question code of the scorecards' questions (default where the file is silent).
    pub info: Vec<QuestionInfo>,
    /// Questions the file lists that no scorecard rated (counted, not added).
    pub never_rated: usize,
    /// The file.
    pub file: FileRead,
    /// What was skipped, by reason.
    pub drops: DropLog,
}

/// Reads the questions file (question_id, competency, text) for `questions`, the question ids read
/// from the scorecards.
pub fn read_questions(
    path: &Path,
    questions: &Interner,
    cfg: &Config,
    opts: &LoadOptions,
) -> Result<QuestionsRead> {
    let mut log = DropLog::default();
    let drops = &mut log;
    let qc = &cfg.questions;
    let table = Table::open_hashing(path, "questions", cfg.delimiter, opts.hash_inputs)?
        .with_progress(&opts.progress);
    let digest = table.digest();
    let id = table.require(&qc.question_id, "[questions] question_id")?;
    let comp = table.optional(&qc.competency)?;
    let text = table.optional(&qc.text)?;
    let header = table.header.clone();
    let mut info = vec![QuestionInfo::default(); questions.len()];
    let mut seen: BTreeMap<u32, u64> = BTreeMap::new();
    let mut unrated = 0usize;
    let n = table.for_each_row(|row: &Row| {
        let line = row.line;
        if row.invalid_text {
            drops.record(path, Reason::InvalidText, line, || super::table::INVALID_TEXT.into());
        }
        if row.width != header.len() {
            drops.record(path, Reason::RaggedRow, line, || {
                format!("the row has {} fields, the header has {}; fix the row", row.width, header.len())
            });
            return;
        }
        let get = |i: usize| crate::ingest::values::trim(row.fields.get(i).copied().flatten().unwrap_or(""));
        let q = get(id);
        if q.is_empty() {
            drops.record(path, Reason::EmptyId, line, || {
                format!(
                    "column '{}': empty id, expected a question id; fill it in or remove the row",
                    header[id]
                )
            });
            return;
        }
        let Some(code) = questions.get(q) else {
            unrated += 1;
            return;
        };
        if let Some(first) = seen.get(&code) {
            let first = *first;
            drops.record(path, Reason::DuplicateQuestion, line, || {
                format!("question '{q}' is listed again (first at line {first}); the later row is skipped")
            });
            return;
        }
        seen.insert(code, line);
        let opt = |c: Option<usize>| c.map(get).filter(|s| !s.is_empty()).map(str::to_string);
        info[code as usize] = QuestionInfo { competency: opt(comp), text: opt(text) };
    })?;
    let file = FileRead { rows: n, digest: super::limits::taken(digest) };
    Ok(QuestionsRead { info, never_rated: unrated, file, drops: log })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_values() {
        let k = |v: &[&str]| column_kind(v.iter().map(|s| cell(s)).collect::<Vec<_>>().iter());
        assert_eq!(k(&["3.5", "4", ""]), OutcomeKind::Numeric);
        assert_eq!(k(&["yes", "no", "yes"]), OutcomeKind::Binary);
        assert_eq!(k(&["1", "0", "1"]), OutcomeKind::Binary);
        assert_eq!(k(&["1", "0", "2"]), OutcomeKind::Numeric);
        assert_eq!(k(&["true", "false", "x"]), OutcomeKind::Binary);
        assert_eq!(value(&cell("yes"), OutcomeKind::Binary), Ok(Some(1.0)));
        assert_eq!(value(&cell("2"), OutcomeKind::Binary), Err("2".into()));
        assert_eq!(value(&cell("abc"), OutcomeKind::Numeric), Err("abc".into()));
        assert_eq!(value(&cell("n/a"), OutcomeKind::Numeric), Ok(None));
    }

    #[test]
    fn labelled_cells_read_as_their_numbers() {
        let m: LabelMap = vec![("below".into(), 1.0), ("meets".into(), 2.0), ("far_exceeds".into(), 4.0)];
        assert_eq!(cell_with(" Below ", Some(&m)), Cell::Num(1.0));
        assert_eq!(cell_with("MEETS", Some(&m)), Cell::Num(2.0));
        assert_eq!(cell_with("Far Exceeds", Some(&m)), Cell::Num(4.0));
        assert_eq!(cell_with("2.5", Some(&m)), Cell::Num(2.5));
        assert_eq!(cell_with("", Some(&m)), Cell::Missing);
        assert_eq!(cell_with("Outstanding", Some(&m)), Cell::Bad("Outstanding".into()));
        assert_eq!(cell_with("Below", None), Cell::Bad("Below".into()));
        assert_eq!(toml_key("performance"), "performance");
        assert_eq!(toml_key("Perf rating"), "\"Perf rating\"");
        // Every suggested key parses back to the label, line breaks and quotes included.
        for label in ["Meets\nexpectations", "say \"hi\"\\", "tab\there", "bell\u{7}"] {
            let key = toml_key(label);
            assert!(!key.contains('\n'), "{key}");
            let t: toml::Table = format!("{key} = 1").parse().unwrap_or_else(|e| panic!("{key}: {e}"));
            assert_eq!(t.keys().next().map(String::as_str), Some(label), "{key}");
        }
    }
}
