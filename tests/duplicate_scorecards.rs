//! A scorecard exported twice under two ids: the same interviewer rating the same candidate on the same
//! questions. hirecal cannot tell a copy from a second interview, so it reports the pair as a possible
//! duplicate (in `check`, and in the one stderr line of every analysing command) and counts it.

mod common;

use common::{run, Scratch};
use std::path::PathBuf;

/// sample_data's scorecards with the first scorecard's rows repeated under a new scorecard id.
fn with_copy(t: &Scratch) -> (PathBuf, PathBuf) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let text = std::fs::read_to_string(root.join("scorecards.csv")).expect("sample scorecards");
    let mut lines = text.lines();
    let header = lines.next().expect("header");
    let cols: Vec<&str> = header.split(',').collect();
    let sc = cols.iter().position(|c| *c == "scorecard_id").expect("scorecard_id column");
    let rows: Vec<&str> = lines.collect();
    let first_id = rows[0].split(',').nth(sc).expect("id").to_string();
    let copies: Vec<String> = rows
        .iter()
        .filter(|r| r.split(',').nth(sc) == Some(first_id.as_str()))
        .map(|r| {
            let mut f: Vec<&str> = r.split(',').collect();
            f[sc] = "COPY-1";
            f.join(",")
        })
        .collect();
    assert!(copies.len() >= 2, "the first scorecard rates several questions");
    let mut out = format!("{header}\n{}\n", rows.join("\n"));
    for c in &copies {
        out.push_str(c);
        out.push('\n');
    }
    (t.file("scorecards.csv", out), root.join("outcomes.csv"))
}

#[test]
fn a_scorecard_under_a_second_id_is_reported_as_a_possible_duplicate() {
    let t = Scratch::new();
    let (sc, oc) = with_copy(&t);
    let (sc, oc) = (sc.display().to_string(), oc.display().to_string());
    let (code, out, err) = run(t.path(), &["check", "--scorecards", &sc, "--outcomes", &oc]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Possible duplicate scorecards"), "{out}");
    assert!(out.contains("1 interviewer–candidate pairs"), "{out}");
    assert!(out.contains("2 scorecards,"), "{out}");
    let (code, _, err) = run(t.path(), &["panel", "--scorecards", &sc, "--outcomes", &oc]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("1 interviewer–candidate pair rated the same question under two scorecard ids"),
        "{err}"
    );
}

#[test]
fn the_sample_has_no_possible_duplicates() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) = run(&root, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("Possible duplicate scorecards"), "{out}");
}
