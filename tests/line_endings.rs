//! Line numbers in messages and in the drop log's `first_line` are the file's lines whatever the
//! line endings: LF, CRLF (every Windows or Excel export) and a mix of both, with blank lines, a
//! quoted field spanning two lines and a last line without its newline. Each problem sits on a known
//! line; every message's `file:line:` and every reason's `first_line` must name that line.

mod common;

use common::Scratch;
use hirecal::config::Config;
use hirecal::ingest::{load, Inputs, LoadOptions};
use hirecal::scale::ScaleKind;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Scorecards, one line per entry (the quoted question spans lines 10–11). Expected problems:
/// reason → line of its first occurrence.
const SCORECARDS: &[&str] = &[
    "candidate_id,interviewer_id,question_id,score,scorecard_id,interview_date,recommendation", // 1
    "c1,i1,q1,3,s1,2025-01-10,yes",                                                             // 2
    "c1,i1,q2,4,s1,2025-01-10,yes",                                                             // 3
    "c2,i1,q1,great,s2,2025-01-11,no", // 4 unparsable_score
    "c2,i1,q2,9,s2,2025-01-11,no",     // 5 score_out_of_range
    "",                                // 6 blank
    "c3,,q1,3,s3,2025-01-12,no",       // 7 empty_id
    "c3,i2,q1,2,s4,notadate,no",       // 8 unparsable_date
    "c3,i2,q1,3,s4,notadate,no",       // 9 duplicate_rating (first at line 8)
    "c4,i2,\"q",                       // 10 unparsable_recommendation
    "multi\",4,s5,2025-01-12,maybe",   // 11
    "c4,i2,q1,3,s5,2025-01-12",        // 12 ragged_row
    "",                                // 13 blank
    "",                                // 14 blank
    "c5,i1,q1,,s6,2025-01-13,yes",     // 15 missing_score
    "c5,i3,q1,3,s1,2025-01-13,yes",    // 16 scorecard_conflict
    "c6,i1,q1,5,s7,2025-01-13,\u{ff}", // 17 invalid_text (byte patched)
    "c6,i1,q2,1,s7,2025-01-13,yes",    // 18
];

const SCORECARD_PROBLEMS: &[(&str, u64)] = &[
    ("unparsable_score", 4),
    ("score_out_of_range", 5),
    ("empty_id", 7),
    ("unparsable_date", 8),
    ("duplicate_rating", 9),
    ("unparsable_recommendation", 10),
    ("ragged_row", 12),
    ("missing_score", 15),
    ("scorecard_conflict", 16),
    ("invalid_text", 17),
];

const OUTCOMES: &[&str] = &[
    "candidate_id,hired,perf", // 1
    "c1,true,3.5",             // 2
    "c3,maybe,4",              // 3 unparsable_hired
    "",                        // 4 blank
    ",true,3",                 // 5 empty_id
    "c1,false,3.5",            // 6 conflicting_outcome (disagrees with line 2)
    "zz,true,1",               // 7 outcome_without_scorecards
    "c4,true,abc",             // 8 unparsable_outcome
    "c4,true,abc,extra",       // 9 ragged_row
    "c6,false,",               // 10
];

const OUTCOME_PROBLEMS: &[(&str, u64)] = &[
    ("unparsable_hired", 3),
    ("empty_id", 5),
    ("conflicting_outcome", 6),
    ("outcome_without_scorecards", 7),
    ("unparsable_outcome", 8),
    ("ragged_row", 9),
];

const QUESTIONS: &[&str] = &[
    "question_id,competency,text", // 1
    "q1,Coding,First",             // 2
    "",                            // 3 blank
    "q2,Design,Second",            // 4
    "q1,Coding,Again",             // 5 duplicate_question (first at line 2)
];

/// How each line ends.
#[derive(Debug, Clone, Copy)]
enum Ends {
    Lf,
    Crlf,
    /// CRLF on odd lines, LF on even ones (inside the quoted field too).
    Mixed,
}

/// The file's bytes: lines joined with the chosen endings; `final_newline` ends the last line too.
fn bytes(lines: &[&str], ends: Ends, final_newline: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        // The placeholder for a byte that is not UTF-8.
        out.extend(l.replace('\u{ff}', "\u{1}").bytes().map(|b| if b == 1 { 0xFF } else { b }));
        let last = i + 1 == lines.len();
        if !last || final_newline {
            let crlf = match ends {
                Ends::Lf => false,
                Ends::Crlf => true,
                Ends::Mixed => i % 2 == 0,
            };
            out.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
        }
    }
    out
}

fn cfg() -> Config {
    let mut c = Config::default();
    c.scale.kind = Some(ScaleKind::Numeric);
    c.scale.min = Some(1.0);
    c.scale.max = Some(5.0);
    c
}

struct Files {
    _s: Scratch,
    scorecards: PathBuf,
    outcomes: PathBuf,
    questions: PathBuf,
}

fn files(ends: Ends, final_newline: bool) -> Files {
    let s = Scratch::new();
    Files {
        scorecards: s.file("scorecards.csv", bytes(SCORECARDS, ends, final_newline)),
        outcomes: s.file("outcomes.csv", bytes(OUTCOMES, ends, final_newline)),
        questions: s.file("questions.csv", bytes(QUESTIONS, ends, final_newline)),
        _s: s,
    }
}

/// Checks `first_line` of every reason and the `file:line:` of every kept message for one variant.
fn check_variant(ends: Ends, final_newline: bool) {
    let f = files(ends, final_newline);
    let inputs = Inputs {
        scorecards: f.scorecards.clone(),
        outcomes: vec![f.outcomes.clone()],
        questions: Some(f.questions.clone()),
    };
    let what = format!("{ends:?}, final newline {final_newline}");
    let (ds, _) = load(&inputs, &cfg(), &LoadOptions::default()).unwrap_or_else(|e| panic!("{what}: {e}"));
    let mut expected: BTreeMap<(String, &str), u64> = BTreeMap::new();
    for (file, problems) in [(&f.scorecards, SCORECARD_PROBLEMS), (&f.outcomes, OUTCOME_PROBLEMS)] {
        for (reason, line) in problems {
            expected.insert((file.display().to_string(), *reason), *line);
        }
    }
    expected.insert((f.questions.display().to_string(), "duplicate_question"), 5);
    let got: BTreeMap<(String, &str), u64> =
        ds.dropped.iter().map(|d| ((d.file.clone(), d.reason.name()), d.first_line)).collect();
    assert_eq!(got, expected, "{what}: first_line of each reason");
    // Every example names its own line.
    for d in &ds.dropped {
        let prefix = format!("{}:{}: ", d.file, d.first_line);
        assert!(d.example.starts_with(&prefix), "{what}: {:?} example {:?}", d.reason, d.example);
    }
    // Lines cited inside messages.
    let example = |reason: &str| {
        ds.dropped.iter().find(|d| d.reason.name() == reason).map(|d| d.example.clone()).unwrap_or_default()
    };
    assert!(
        example("duplicate_rating").contains("(first at line 8)"),
        "{what}: {}",
        example("duplicate_rating")
    );
    assert!(
        example("duplicate_question").contains("(first at line 2)"),
        "{what}: {}",
        example("duplicate_question")
    );
    let disagree = format!("disagrees with {}:2;", f.outcomes.display());
    assert!(example("conflicting_outcome").contains(&disagree), "{what}: {}", example("conflicting_outcome"));
    // The `\r` of a CRLF line is not part of the last field: the recommendation on line 2 is read,
    // and the question spanning lines 10-11 is the same text whatever the endings.
    assert!(ds.scorecards.recommendation.iter().any(|r| r.is_some()), "{what}");
    assert!(ds.questions.get("q1").is_some() && ds.questions.get("q2").is_some(), "{what}");
    // Strict listing: the same lines.
    let err = load(&inputs, &cfg(), &LoadOptions::strict())
        .err()
        .unwrap_or_else(|| panic!("{what}: strict should fail"))
        .to_string();
    for (file, problems) in [(&f.scorecards, SCORECARD_PROBLEMS), (&f.outcomes, OUTCOME_PROBLEMS)] {
        for (reason, line) in problems {
            if *reason == "missing_score" || *reason == "outcome_without_scorecards" {
                continue; // informational, not listed
            }
            let needle = format!("{}:{line}: ", file.display());
            assert!(err.contains(&needle), "{what}: strict listing lacks {needle} ({reason}):\n{err}");
        }
    }
}

#[test]
fn lf_lines() {
    check_variant(Ends::Lf, true);
    check_variant(Ends::Lf, false);
}

#[test]
fn crlf_lines() {
    check_variant(Ends::Crlf, true);
    check_variant(Ends::Crlf, false);
}

#[test]
fn mixed_lines() {
    check_variant(Ends::Mixed, true);
    check_variant(Ends::Mixed, false);
}

/// The same facts under every line ending: identical ratings, scorecards and outcomes.
#[test]
fn line_endings_do_not_change_what_is_read() {
    let read = |ends: Ends| {
        let f = files(ends, true);
        let inputs = Inputs {
            scorecards: f.scorecards.clone(),
            outcomes: vec![f.outcomes.clone()],
            questions: Some(f.questions.clone()),
        };
        let (ds, _) = load(&inputs, &cfg(), &LoadOptions::default()).unwrap();
        // A quoted field keeps its own line break as written; compare it as `\n`.
        let names = |i: &hirecal::dataset::Interner| {
            (0..i.len()).map(|k| i.name(k as u32).replace("\r\n", "\n")).collect::<Vec<_>>()
        };
        (
            names(&ds.candidates),
            names(&ds.questions),
            ds.ratings.score.clone(),
            ds.scorecards.recommendation.clone(),
            ds.hired.clone(),
            ds.outcomes.iter().map(|o| (o.name.clone(), o.values.clone())).collect::<Vec<_>>(),
            ds.question_info.iter().map(|q| (q.competency.clone(), q.text.clone())).collect::<Vec<_>>(),
        )
    };
    let lf = read(Ends::Lf);
    assert_eq!(read(Ends::Crlf), lf);
    assert_eq!(read(Ends::Mixed), lf);
    assert!(lf.1.iter().any(|q| q == "q\nmulti"), "{:?}", lf.1);
}

/// A file that ends its lines with `\r` alone (classic Mac) is read line by line, numbered in order.
#[test]
fn cr_only_lines() {
    let s = Scratch::new();
    let sc = s.file(
        "scorecards.csv",
        "candidate_id,interviewer_id,question_id,score\rc1,i1,q1,3\rc1,i1,q2,x\rc2,i1,q1,4\r",
    );
    let inputs = Inputs { scorecards: sc.clone(), outcomes: vec![], questions: None };
    let (ds, _) = load(&inputs, &cfg(), &LoadOptions::default()).unwrap();
    assert_eq!(ds.ratings.len(), 2);
    let d = ds.dropped.iter().find(|d| d.reason.name() == "unparsable_score").expect("counted");
    assert_eq!(d.first_line, 3, "{}", d.example);
}
