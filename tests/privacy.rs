//! `--pseudonymize`: no original candidate or interviewer id in any output; the same key gives the same
//! pseudonyms; a generated key is stored beside the report and never inside it.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

fn ids(path: &Path, col: usize) -> BTreeSet<String> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records().map(|x| x.unwrap()[col].to_string()).collect()
}

fn all_text(dir: &Path) -> String {
    let mut s = String::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            s.push_str(&all_text(&p));
        } else if !p.extension().is_some_and(|x| x == "png" || x == "pdf") {
            s.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()));
        }
    }
    s
}

#[test]
fn pseudonymized_report_contains_no_original_id() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = Scratch::new();
    let out = s.path().join("a");
    let o = out.display().to_string();
    let (code, _, err) = run(root, &["report", "--pseudonymize", "--bootstrap", "50", "--out", &o]);
    assert_eq!(code, 0, "{err}");
    // The generated key is written beside the report folder, never inside the folder people share.
    assert!(!out.join("pseudonymize.key").exists());
    let key = std::fs::read_to_string(s.path().join("a.pseudonymize.key")).unwrap().trim().to_string();
    assert_eq!(key.len(), 64);
    let text = all_text(&out);
    let interviewers = ids(&root.join("sample_data/scorecards.csv"), 2);
    let candidates = ids(&root.join("sample_data/scorecards.csv"), 1);
    for id in interviewers.iter().chain(candidates.iter().take(300)) {
        assert!(!text.contains(id.as_str()), "{id} appears in the pseudonymized output");
    }
    assert_eq!(text.matches(key.as_str()).count(), 0, "the key is not in the report folder");
    // The same key again: the same pseudonyms.
    let out2 = s.path().join("b");
    let (code, _, err) = run(
        root,
        &[
            "report",
            "--pseudonymize",
            "--pseudonymize-key",
            &key,
            "--charts",
            "none",
            "--bootstrap",
            "50",
            "--out",
            &out2.display().to_string(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(ids(&out.join("interviewers.csv"), 0), ids(&out2.join("interviewers.csv"), 0));
    assert!(ids(&out2.join("interviewers.csv"), 0).iter().all(|i| i.starts_with("I-")));
    let summary = std::fs::read_to_string(out2.join("summary.json")).unwrap();
    assert!(!summary.contains(&key), "the key given on the command line is redacted from provenance");
    assert!(!out2.join("pseudonymize.key").exists(), "a given key is not written");
    // Stdout commands print pseudonyms too.
    let (code, table, _) = run(root, &["interviewers", "--pseudonymize", "--pseudonymize-key", &key]);
    assert_eq!(code, 0);
    assert!(table.contains("I-") && !interviewers.iter().any(|i| table.contains(i.as_str())));
}

#[test]
fn candidate_ids_in_row_problems_stay_out_of_the_report_unless_asked() {
    // A scorecard id reused for another candidate: the message quotes both candidate ids.
    let s = Scratch::new();
    let mut sc = String::from("candidate_id,interviewer_id,question_id,score,scorecard_id\n");
    for c in 0..12 {
        for (i, q) in [("i1", "q1"), ("i2", "q2"), ("i3", "q1")] {
            sc.push_str(&format!("cand-{c},{i},{q},{},sc-{c}-{i}\n", 1 + (c % 4)));
        }
    }
    sc.push_str("cand-secret-77,i1,q2,3,sc-0-i1\n");
    s.file("scorecards.csv", &sc);
    let base = ["report", "--scorecards", "scorecards.csv", "--charts", "none", "--bootstrap", "20"];
    let (code, _, err) = run(s.path(), &[&base[..], &["--out", "plain"]].concat());
    assert_eq!(code, 0, "{err}");
    let plain = std::fs::read_to_string(s.path().join("plain/summary.json")).unwrap();
    assert!(plain.contains("scorecard_conflict") && plain.contains("example withheld"), "{plain}");
    assert!(!all_text(&s.path().join("plain")).contains("cand-secret-77"));
    let (code, _, err) = run(s.path(), &[&base[..], &["--out", "asked", "--with-examples"]].concat());
    assert_eq!(code, 0, "{err}");
    let asked = std::fs::read_to_string(s.path().join("asked/summary.json")).unwrap();
    assert!(asked.contains("cand-secret-77"), "--with-examples quotes the message");
    // `check` is for the person at the terminal: it prints the message.
    let (_, out, err) = run(s.path(), &["check", "--scorecards", "scorecards.csv"]);
    assert!(format!("{out}{err}").contains("cand-secret-77"));
    // The dropped row's candidate (read, then rejected) is no component of its own.
    assert!(out.contains("candidate–interviewer components: 1 "), "{out}");
    assert!(plain.contains("\"components\": 1,"), "{plain}");
}

/// The files under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().is_dir() {
            out.extend(files_under(&e.path()).into_iter().map(|f| format!("{name}/{f}")));
        } else {
            out.push(name);
        }
    }
    out.sort();
    out
}

#[test]
fn a_later_run_removes_the_earlier_runs_outputs_it_does_not_write_and_nothing_else() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = Scratch::new();
    let out = s.path().join("r");
    let o = out.display().to_string();
    let base = ["report", "--bootstrap", "20", "--out", &o];
    // First: every chart in every format, the impact-ratio chart (groups) and the cards.
    let (code, _, err) = run(root, &[&base[..], &["--groups", "sample_data/groups.csv"]].concat());
    assert_eq!(code, 0, "{err}");
    let first = files_under(&out);
    assert!(first.contains(&"charts/impact_ratios.png".to_string()), "{first:?}");
    assert!(first.contains(&"interviewer_cards.pdf".to_string()), "{first:?}");
    // Files of the user's own in the folder: never touched.
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    std::fs::write(out.join("charts/my_chart.png"), "mine").unwrap();
    // Then pseudonymized, without groups, cards or charts: what the first run wrote with real
    // names must not stay beside it.
    let (code, stdout, err) =
        run(root, &[&base[..], &["--pseudonymize", "--cards", "none", "--charts", "none"]].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        files_under(&out),
        [
            "charts/my_chart.png",
            "interviewers.csv",
            "notes.txt",
            "questions.csv",
            "report.html",
            "report.pdf",
            "summary.json"
        ]
    );
    let removed = first.len() - 5;
    assert!(
        stdout.contains(&format!(
            "removed {removed} files of an earlier run that this run did not write: interviewer_cards.pdf, {} chart files in charts/",
            removed - 1
        )),
        "{stdout}"
    );
    // A run that writes what is there removes nothing and says nothing about it.
    let (code, stdout, err) =
        run(root, &[&base[..], &["--pseudonymize", "--cards", "none", "--charts", "none"]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(!stdout.contains("removed"), "{stdout}");
}

#[test]
fn an_existing_key_file_is_reused_and_a_malformed_one_refused() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = Scratch::new();
    let key = s.path().join("team.key");
    let report = |out: &str| {
        let o = s.path().join(out);
        let args = [
            "report",
            "--pseudonymize",
            "--key-file",
            key.to_str().unwrap(),
            "--charts",
            "none",
            "--cards",
            "none",
            "--bootstrap",
            "20",
            "--out",
            o.to_str().unwrap(),
        ];
        let (code, stdout, err) = run(root, &args);
        (code, stdout, err, std::fs::read_to_string(o.join("interviewers.csv")).unwrap_or_default())
    };
    let (code, stdout, err, first) = report("a");
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("written to") && stdout.contains("team.key"), "{stdout}");
    let written = std::fs::read_to_string(&key).unwrap();
    // The second run reads the key instead of replacing it: the same key, the same pseudonyms.
    let (code, stdout, err, second) = report("b");
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("key read from") && stdout.contains("team.key"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&key).unwrap(), written);
    assert_eq!(first, second);
    assert!(!second.contains(written.trim()));
    // The default key file beside --out is reused the same way.
    let o = s.path().join("c").display().to_string();
    let args =
        ["report", "--pseudonymize", "--charts", "none", "--cards", "none", "--bootstrap", "20", "--out", &o];
    let (code, _, err) = run(root, &args);
    assert_eq!(code, 0, "{err}");
    let default_key = std::fs::read_to_string(s.path().join("c.pseudonymize.key")).unwrap();
    let (code, stdout, err) = run(root, &args);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("key read from"), "{stdout}");
    assert_eq!(std::fs::read_to_string(s.path().join("c.pseudonymize.key")).unwrap(), default_key);
    // Something else under the key's name: refused, and left as it was.
    std::fs::write(&key, "first line\nsecond line\n").unwrap();
    let (code, _, err, _) = report("d");
    assert_ne!(code, 0);
    assert!(err.contains("team.key") && err.contains("not a pseudonymization key file"), "{err}");
    assert_eq!(std::fs::read_to_string(&key).unwrap(), "first line\nsecond line\n");
    assert!(!s.path().join("d").exists(), "nothing is written");
}
