//! `hirecal simulate`: deterministic per seed, and truth.json describes exactly what was written.

mod common;
use common::*;
use std::collections::BTreeSet;

fn sim(s: &Scratch, out: &str, seed: &str) -> std::path::PathBuf {
    let (code, stdout, err) =
        run(s.path(), &["simulate", "--candidates", "600", "--seed", seed, "--out", out]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("600 candidates"), "{stdout}");
    s.path().join(out)
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let s = Scratch::new();
    let a = sim(&s, "a", "5");
    let b = sim(&s, "b", "5");
    let c = sim(&s, "c", "6");
    for f in ["scorecards.csv", "outcomes.csv", "questions.csv", "truth.json"] {
        let (x, y) = (std::fs::read(a.join(f)).unwrap(), std::fs::read(b.join(f)).unwrap());
        assert_eq!(x, y, "{f} differs between two runs with the same seed");
    }
    assert_ne!(
        std::fs::read(a.join("scorecards.csv")).unwrap(),
        std::fs::read(c.join("scorecards.csv")).unwrap()
    );
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&a)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn truth_matches_the_written_files() {
    let s = Scratch::new();
    let d = sim(&s, "d", "11");
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("truth.json")).unwrap()).unwrap();
    let mut sc = csv::Reader::from_path(d.join("scorecards.csv")).unwrap();
    let header = sc.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        [
            "scorecard_id",
            "candidate_id",
            "interviewer_id",
            "question_id",
            "score",
            "interview_date",
            "recommendation"
        ]
    );
    let mut interviewers = BTreeSet::new();
    let mut questions = BTreeSet::new();
    for r in sc.records() {
        let r = r.unwrap();
        interviewers.insert(r[2].to_string());
        questions.insert(r[3].to_string());
        let score: f64 = r[4].parse().unwrap();
        assert!((1.0..=5.0).contains(&score));
    }
    let truth_interviewers: BTreeSet<String> = truth["interviewers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["interviewer_id"].as_str().or(i["id"].as_str()).unwrap().to_string())
        .collect();
    assert!(interviewers.is_subset(&truth_interviewers), "every interviewer in the data has a truth entry");
    for kind in ["lenient", "harsh", "narrow_range", "drifting"] {
        for id in truth["planted"][kind].as_array().unwrap() {
            assert!(interviewers.contains(id.as_str().unwrap()), "planted {kind} {id} has ratings");
        }
    }
    let qv = truth["question_validity"].as_object().unwrap();
    assert_eq!(
        qv.keys().cloned().collect::<BTreeSet<_>>(),
        questions,
        "truth covers exactly the rated questions"
    );
    let mut out = csv::Reader::from_path(d.join("outcomes.csv")).unwrap();
    let (mut n, mut hired, mut with_perf_not_hired) = (0usize, 0usize, 0usize);
    for r in out.records() {
        let r = r.unwrap();
        n += 1;
        if &r[1] == "true" {
            hired += 1;
        } else if !r[2].is_empty() {
            with_perf_not_hired += 1;
        }
    }
    assert_eq!(n as u64, truth["candidates"].as_u64().unwrap());
    let rate = truth["hire_rate"].as_f64().unwrap();
    assert!((hired as f64 / n as f64 - rate).abs() < 1e-9, "hire rate in truth.json matches outcomes.csv");
    assert_eq!(with_perf_not_hired, 0, "only hires have outcomes");
}
