//! `hirecal fairness` and `report --groups` through the binary: JSON equals summary.json's `fairness`,
//! nothing changes without --groups, --min-cell and --pseudonymize are honoured, CSV sections, and bad
//! groups files get a message naming the file.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

fn inputs() -> Vec<String> {
    let d = data();
    vec![
        "--scorecards".into(),
        d.join("fairness_scorecards.csv").display().to_string(),
        "--outcomes".into(),
        d.join("fairness_outcomes.csv").display().to_string(),
        "--groups".into(),
        d.join("fairness_groups.csv").display().to_string(),
    ]
}

fn run_args(dir: &Path, head: &[&str], tail: &[&str]) -> (i32, String, String) {
    let ins = inputs();
    let mut args: Vec<&str> = head.to_vec();
    args.extend(ins.iter().map(String::as_str));
    args.extend_from_slice(tail);
    run(dir, &args)
}

#[test]
fn json_equals_the_report_section_and_the_table_reads() {
    let s = Scratch::new();
    let (code, json, err) = run_args(s.path(), &["fairness"], &["--format", "json", "--outcome", "perf"]);
    assert_eq!(code, 0, "{err}");
    let f: serde_json::Value = serde_json::from_str(&json).unwrap();
    let out = s.path().join("r");
    let o = out.display().to_string();
    let (code, _, err) = run_args(
        s.path(),
        &["report"],
        &["--outcome", "perf", "--bootstrap", "20", "--charts", "png", "--out", &o],
    );
    assert_eq!(code, 0, "{err}");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let mut section = summary["fairness"].clone();
    // The report lists the groups file among its inputs too; the numbers are the same.
    assert_eq!(section["selection"], f["selection"]);
    assert_eq!(section["questions"], f["questions"]);
    assert_eq!(section["interviewers"], f["interviewers"]);
    assert_eq!(section["prediction"], f["prediction"]);
    section["inputs"]["rows_read"] = f["inputs"]["rows_read"].clone();
    assert_eq!(section, f);
    assert!(summary["provenance"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["role"] == "groups" && x["sha256"].as_str().is_some_and(|h| h.len() == 64)));
    assert!(out.join("charts/impact_ratios.png").exists());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Adverse impact: selection rates by group"));
    assert!(html.contains("evidence to examine"));
    let methods = &html[html.find("<h2 id=\"methods-and-references\">").unwrap()..];
    assert!(methods.contains("Adverse impact. Each group column"), "Methods explain adverse impact");
    // The decisions name the flagged interviewer gap; the report's interviewer table lists only flagged
    // comparisons (an unflagged gap beside a name and a group reads as a finding about the person).
    let flagged: Vec<&serde_json::Value> =
        f["interviewers"].as_array().unwrap().iter().filter(|r| r["group_gap"] == true).collect();
    assert!(!flagged.is_empty(), "the fixture plants a gap");
    let decisions = &html[html.find("<h2 id=\"decisions\">").unwrap()..html.find("</section>").unwrap()];
    assert!(decisions.contains("Examine: adverse impact ("), "{decisions}");
    for r in &flagged {
        assert!(
            decisions.contains(&format!("{} rates ", r["interviewer_id"].as_str().unwrap())),
            "{decisions}"
        );
    }
    let at = html.find("<h2 id=\"adverse-impact-interviewers\">").unwrap();
    let section = &html[at + 4..];
    let section = &section[..section.find("<h2").unwrap()];
    let rows = section.matches("<tr>").count().saturating_sub(1);
    assert_eq!(rows, flagged.len(), "only flagged comparisons are listed: {section}");
    let unflagged =
        f["interviewers"].as_array().unwrap().iter().find(|r| r["group_gap"] == false && r["p"].is_number());
    if let Some(u) = unflagged {
        let id = u["interviewer_id"].as_str().unwrap();
        if !flagged.iter().any(|r| r["interviewer_id"] == id) {
            assert!(!section.contains(&format!(">{id}<")), "unflagged {id} listed: {section}");
        }
    }
    // The table names the stages and the planted interviewer.
    let (code, table, err) = run_args(s.path(), &["fairness"], &["--outcome", "perf"]);
    assert_eq!(code, 0, "{err}");
    assert!(table.contains("selection at stage hired") && table.contains("selection at stage advanced"));
    assert!(table.contains("I4") && table.contains("group_gap"), "{table}");
    assert!(table.contains("suppressed (fewer than 5)"));
}

#[test]
fn without_groups_the_summary_has_no_fairness() {
    let s = Scratch::new();
    let out = s.path().join("r");
    let o = out.display().to_string();
    let d = data();
    let sc = d.join("fairness_scorecards.csv").display().to_string();
    let (code, _, err) =
        run(s.path(), &["report", "--scorecards", &sc, "--bootstrap", "20", "--charts", "none", "--out", &o]);
    assert_eq!(code, 0, "{err}");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert!(summary.get("fairness").is_none());
    assert!(
        !std::fs::read_to_string(out.join("report.html")).unwrap().contains("Adverse impact"),
        "nor in Methods"
    );
}

#[test]
fn min_cell_and_pseudonymize_are_honoured() {
    let s = Scratch::new();
    let (code, json, err) = run_args(s.path(), &["fairness"], &["--format", "json", "--min-cell", "80"]);
    assert_eq!(code, 0, "{err}");
    let f: serde_json::Value = serde_json::from_str(&json).unwrap();
    // gender: woman 70, man 73, nonbinary 3 → all suppressed at 80; veteran: only "no" (117) is left, so
    // it is its own reference and nothing is compared.
    for r in f["selection"].as_array().unwrap().iter().filter(|r| r["column"] == "gender") {
        assert_eq!(r["suppressed"], true, "{r}");
        assert!(r["n"].is_null() && r["rate"].is_null());
    }
    assert!(f["questions"].as_array().unwrap().is_empty());
    assert!(f["interviewers"].as_array().unwrap().is_empty());
    // The words say nothing was compared, not that no group falls below four-fifths.
    let (code, text, err) = run_args(s.path(), &["fairness"], &["--min-cell", "80"]);
    assert_eq!(code, 0, "{err}");
    for column in ["gender", "veteran"] {
        let para =
            text.lines().find(|l| l.starts_with(&format!("{column}: "))).unwrap_or_else(|| panic!("{text}"));
        assert!(
            para.contains("No group could be compared") && !para.contains("No group's hire rate"),
            "{para}"
        );
        assert!(para.contains("No interviewer comparison reaches the minimum cell size"), "{para}");
    }
    let (code, text, err) = run_args(s.path(), &["fairness"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(!text.contains("No group could be compared"), "{text}");
    let (code, plain, err) = run_args(s.path(), &["fairness"], &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let (code, pseudo, err) =
        run_args(s.path(), &["fairness"], &["--format", "json", "--pseudonymize", "--pseudonymize-key", "k"]);
    assert_eq!(code, 0, "{err}");
    assert!(!pseudo.contains("\"I4\""), "interviewer ids are pseudonymized");
    let (a, b): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&plain).unwrap(), serde_json::from_str(&pseudo).unwrap());
    // The groups file's ids are matched through the same pseudonyms: the same numbers.
    assert_eq!(a["selection"], b["selection"]);
    assert_eq!(a["inputs"], b["inputs"]);
    let gaps = |v: &serde_json::Value| -> Vec<f64> {
        v["interviewers"].as_array().unwrap().iter().filter_map(|r| r["gap"].as_f64()).collect()
    };
    let (mut ga, mut gb) = (gaps(&a), gaps(&b));
    ga.sort_by(f64::total_cmp);
    gb.sort_by(f64::total_cmp);
    assert_eq!(ga, gb);
}

#[test]
fn csv_sections_use_the_json_names() {
    let s = Scratch::new();
    for (section, first) in [
        ("selection", "column,stage,group,n,selected,rate,reference_group,impact_ratio"),
        ("questions", "column,question_id,kind,group,reference_group,n_group,n_reference,d"),
        ("interviewers", "column,interviewer_id,group,reference_group,n_group,n_reference,gap,gap_se"),
        ("prediction", "column,group,reference_group,outcome,n_group,n_reference,centered_at"),
    ] {
        let (code, out, err) = run_args(s.path(), &["fairness"], &["--format", "csv", "--section", section]);
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with(first), "{section}: {}", out.lines().next().unwrap_or(""));
        assert!(out.lines().count() > 2, "{section}");
    }
}

#[test]
fn bad_groups_files_get_messages() {
    let s = Scratch::new();
    let d = data();
    let sc = d.join("fairness_scorecards.csv").display().to_string();
    let cases: [(&str, &str, &str); 3] = [
        ("nocand.csv", "id,gender\nC001,woman\n", "candidate_id"),
        ("nocol.csv", "candidate_id\nC001\n", "no group column"),
        ("empty.csv", "", "empty"),
    ];
    for (name, text, want) in cases {
        let p = s.file(name, text).display().to_string();
        let (code, _, err) = run(s.path(), &["fairness", "--scorecards", &sc, "--groups", &p]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains(name) && err.to_lowercase().contains(want), "{name}: {err}");
        assert!(!err.contains("panicked"));
    }
    let (code, _, err) = run(s.path(), &["fairness", "--scorecards", &sc, "--groups", "nope.csv"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nope.csv"));
    let (code, _, _) = run(s.path(), &["fairness", "--scorecards", &sc]);
    assert_eq!(code, 2, "--groups is required");
}

#[cfg(feature = "parquet")]
#[test]
fn a_parquet_groups_file_gives_the_same_numbers_as_csv() {
    use polars::prelude::*;
    let s = Scratch::new();
    let csv_path = data().join("fairness_groups.csv");
    let mut ids = Vec::new();
    let mut gender: Vec<Option<String>> = Vec::new();
    let mut veteran: Vec<Option<String>> = Vec::new();
    let mut r = csv::Reader::from_path(&csv_path).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        ids.push(rec[0].to_string());
        // An empty CSV cell becomes a null in Parquet: both are unknown.
        gender.push((!rec[1].is_empty()).then(|| rec[1].to_string()));
        veteran.push((!rec[2].is_empty()).then(|| rec[2].to_string()));
    }
    let mut df = df!("candidate_id" => ids, "gender" => gender, "veteran" => veteran).unwrap();
    let pq = s.path().join("groups.parquet");
    let mut f = std::fs::File::create(&pq).unwrap();
    ParquetWriter::new(&mut f).finish(&mut df).unwrap();
    let d = data();
    let base = [
        "fairness".to_string(),
        "--scorecards".into(),
        d.join("fairness_scorecards.csv").display().to_string(),
        "--outcomes".into(),
        d.join("fairness_outcomes.csv").display().to_string(),
        "--format".into(),
        "json".into(),
        "--groups".into(),
    ];
    let with = |g: &str| {
        let mut a: Vec<&str> = base.iter().map(String::as_str).collect();
        a.push(g);
        run(s.path(), &a)
    };
    let (code, from_csv, err) = with(&csv_path.display().to_string());
    assert_eq!(code, 0, "{err}");
    let (code, from_pq, err) = with(&pq.display().to_string());
    assert_eq!(code, 0, "{err}");
    let (a, b): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&from_csv).unwrap(), serde_json::from_str(&from_pq).unwrap());
    assert_eq!(a, b);
    assert_eq!(a["inputs"]["rows_read"], 158);
}

#[test]
fn the_groups_config_section_is_honoured_and_checked() {
    let s = Scratch::new();
    let cfg = s.file("c.toml", "[groups]\nunknown = [\"NO\"]\ncolumns = [\"veteran\"]\n");
    let c = cfg.display().to_string();
    let (code, json, err) = run_args(s.path(), &["fairness"], &["--format", "json", "--config", &c]);
    assert_eq!(code, 0, "{err}");
    let f: serde_json::Value = serde_json::from_str(&json).unwrap();
    let cols = f["columns"].as_array().unwrap();
    assert_eq!(cols.len(), 1, "only the listed column");
    // "no" (case-insensitive) is now a non-answer: 117 of them, and "Prefer not to say" is a group.
    assert_eq!(cols[0]["unknown"], 117);
    assert!(f["selection"].as_array().unwrap().iter().any(|r| r["group"] == "Prefer not to say"));
    let bad = s.file("b.toml", "[groups]\nunknwon = [\"x\"]\n").display().to_string();
    let (code, _, err) = run_args(s.path(), &["fairness"], &["--config", &bad]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("unknwon"), "{err}");
    let numeric = s.file("n.toml", "[groups]\nstages = [\"perf\"]\n").display().to_string();
    let (code, _, err) = run_args(s.path(), &["fairness"], &["--config", &numeric]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("perf") && err.contains("numeric"), "{err}");
}

/// `check --groups`: the groups file's rows, matches and each group's candidates and hires, counted here
/// from the files themselves; groups under --min-cell named without counts; no section without --groups.
#[test]
fn check_reads_the_groups_file_and_counts_each_group() {
    let s = Scratch::new();
    let read = |name: &str| std::fs::read_to_string(data().join(name)).unwrap();
    let rated: std::collections::HashSet<String> = read("fairness_scorecards.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_string())
        .collect();
    let hired: std::collections::HashSet<String> = read("fairness_outcomes.csv")
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(1) == Some("True"))
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    let groups = read("fairness_groups.csv");
    let rows: Vec<Vec<&str>> = groups.lines().skip(1).map(|l| l.split(',').collect()).collect();
    // Candidates and hires per gender among the rated candidates.
    let count = |label: &str| {
        let of: Vec<&str> =
            rows.iter().filter(|r| rated.contains(r[0]) && r[1] == label).map(|r| r[0]).collect();
        (of.len(), of.iter().filter(|c| hired.contains(**c)).count())
    };
    let (man, man_h) = count("man");
    let (woman, woman_h) = count("woman");
    let nonbinary = count("nonbinary").0;
    assert!(man >= 5 && woman >= 5 && (1..5).contains(&nonbinary), "the fixture's sizes changed");
    let (code, out, err) = run_args(s.path(), &["check"], &[]);
    assert_eq!(code, 0, "{err}");
    let with_row = rows.iter().filter(|r| rated.contains(r[0])).count();
    for line in [
        format!("rows read                        {:>8}", rows.len()),
        format!("candidates with a groups row     {:>8}", with_row),
        format!("candidates without a groups row  {:>8}", rated.len() - with_row),
        format!("groups rows without scorecards   {:>8}", rows.len() - with_row),
        format!("man ({man} candidates, {man_h} hires)"),
        format!("woman ({woman} candidates, {woman_h} hires)"),
        "nonbinary (fewer than 5: suppressed)".to_string(),
    ] {
        assert!(out.contains(&line), "missing `{line}`:\n{out}");
    }
    assert!(out.find("Groups (adverse impact)") < out.find("The data can be analysed."), "{out}");
    // A higher --min-cell suppresses more; without --groups there is no section.
    let higher = man.min(woman) + 1;
    let (_, out, _) = run_args(s.path(), &["check"], &["--min-cell", &higher.to_string()]);
    assert!(out.contains(&format!("fewer than {higher}: suppressed")), "{out}");
    let scorecards = data().join("fairness_scorecards.csv").display().to_string();
    let (code, plain, _) = run(s.path(), &["check", "--scorecards", &scorecards]);
    assert_eq!(code, 0);
    assert!(!plain.contains("Groups (adverse impact)"), "{plain}");
    // A groups file without the candidate column is an error naming the file and the column.
    let bad = s.path().join("bad_groups.csv");
    std::fs::write(&bad, "id,gender\nC001,man\n").unwrap();
    let bad = bad.display().to_string();
    let (code, _, err) = run(s.path(), &["check", "--scorecards", &scorecards, "--groups", &bad]);
    assert_ne!(code, 0);
    assert!(err.contains("bad_groups.csv") && err.contains("candidate_id"), "{err}");
}
