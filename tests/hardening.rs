//! Output safety: spreadsheet formula injection is neutralised in every CSV, data never becomes markup in
//! the HTML report, and no output path is derived from data.

mod common;
use common::*;

fn evil_scorecards() -> String {
    let mut s = String::from("candidate_id,interviewer_id,question_id,score\n");
    let interviewers = [
        "=HYPERLINK(\"\"http://x.invalid\"\",\"\"y\"\")",
        "../../../outside/x",
        "<script>alert(1)</script>",
        "plain",
    ];
    let questions = ["+cmd|calc", "@SUM(A1)", "q3"];
    for c in 0..60 {
        for (k, q) in questions.iter().enumerate() {
            let i = interviewers[(c + k) % interviewers.len()];
            s.push_str(&format!("c{c},\"{i}\",\"{q}\",{}\n", 1 + (c * 7 + k * 3) % 5));
        }
    }
    s
}

#[test]
fn csv_outputs_neutralise_formulas_and_html_escapes_data() {
    let s = Scratch::new();
    let sc = s.file("s.csv", evil_scorecards());
    let out = s.path().join("out");
    let (code, _, err) = run(
        s.path(),
        &[
            "report",
            "--scorecards",
            &sc.display().to_string(),
            "--out",
            &out.display().to_string(),
            "--charts",
            "png",
            "--bootstrap",
            "50",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let icsv = std::fs::read_to_string(out.join("interviewers.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(icsv.as_bytes());
    let ids: Vec<String> = rdr.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert!(ids.contains(&"'=HYPERLINK(\"http://x.invalid\",\"y\")".to_string()), "{ids:?}");
    assert!(ids.iter().all(|c| !c.starts_with(['=', '+', '-', '@'])), "{ids:?}");
    let qcsv = std::fs::read_to_string(out.join("questions.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(qcsv.as_bytes());
    let qs: Vec<String> = rdr.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert!(qs.contains(&"'+cmd|calc".to_string()) && qs.contains(&"'@SUM(A1)".to_string()), "{qs:?}");
    // Numbers stay numbers: a negative correlation is written as -0.1…, not '-0.1….
    assert!(!qcsv.contains(",'-"), "numbers are not quoted");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script>alert(1)</script>"), "data became markup");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Nothing was written outside --out, whatever the ids say.
    assert!(!s.path().join("outside").exists());
    assert!(!std::path::Path::new("/outside").exists());
    let mut written: Vec<String> = Vec::new();
    for e in walk(&out) {
        written.push(e.strip_prefix(&out).unwrap().display().to_string());
    }
    assert!(written.iter().all(|p| !p.contains("..") && !p.contains("outside")), "{written:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            v.extend(walk(&p));
        } else {
            v.push(p);
        }
    }
    v
}
