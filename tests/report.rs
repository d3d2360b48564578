//! `hirecal report` end to end: every output file, checked for content, on sample_data and on degenerate
//! data (one interviewer, one question, no outcomes, all scores equal, a thousand interviewers).

mod common;
use common::*;
use std::path::Path;

const CHARTS: [&str; 8] = [
    "question_validity",
    "question_quadrant",
    "interviewer_leniency",
    "interviewer_funnel",
    "interviewer_distribution",
    "interviewer_drift",
    "outcome_by_score",
    "panel_reliability",
];

/// PNG width and height from the IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    (be(16), be(20))
}

fn pdf_pages(pdf: &[u8]) -> usize {
    [&b"/Type /Page"[..], &b"/Type/Page"[..]]
        .iter()
        .map(|n| pdf.windows(n.len() + 1).filter(|w| &w[..n.len()] == *n && w[n.len()] != b's').count())
        .sum()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Runs `report` into `out` and checks every chart file; returns stdout.
fn report_ok(dir: &Path, args: &[&str], out: &Path) -> String {
    let mut a = vec!["report", "--bootstrap", "200", "--out"];
    let o = out.display().to_string();
    a.push(&o);
    a.extend_from_slice(args);
    let (code, stdout, err) = run(dir, &a);
    assert_eq!(code, 0, "report failed: {err}");
    for name in CHARTS {
        let png =
            std::fs::read(out.join(format!("charts/{name}.png"))).unwrap_or_else(|_| panic!("{name}.png"));
        let (w, h) = png_size(&png);
        assert!(w >= 1600 && h >= 1000, "{name}.png is {w}×{h}");
        assert!(png.len() > 15_000, "{name}.png looks blank ({} bytes)", png.len());
        let svg = std::fs::read_to_string(out.join(format!("charts/{name}.svg"))).expect("svg");
        assert!(hirecal::report::render::parse_svg(&svg).is_ok(), "{name}.svg parses");
        assert!(svg.contains("<path") && !svg.contains("<text"), "{name}.svg stands alone (text as paths)");
        let pdf = std::fs::read(out.join(format!("charts/{name}.pdf"))).expect("pdf");
        assert!(pdf.starts_with(b"%PDF"), "{name}.pdf");
        assert_eq!(pdf_pages(&pdf), 1, "{name}.pdf has one page");
    }
    stdout
}

#[test]
fn report_on_sample_data_writes_everything() {
    let s = Scratch::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = s.path().join("out");
    let stdout = report_ok(root, &["--paper", "letter"], &out);
    assert!(stdout.contains("report.html"), "{stdout}");
    // summary.json: every section, contract field names.
    let j: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    for k in [
        "provenance",
        "inputs",
        "outcome",
        "questions",
        "competencies",
        "question_comparisons",
        "process",
        "interviewers",
        "panel",
    ] {
        assert!(j.get(k).is_some(), "summary.json lacks {k}");
    }
    let q = &j["questions"][0];
    for k in [
        "question_id",
        "text",
        "competency",
        "n_scored",
        "mean",
        "sd",
        "distribution",
        "decision_auc",
        "decision_auc_ci",
        "n_validity",
        "validity_r",
        "validity_ci",
        "validity_p",
        "validity_spearman",
        "validity_corrected",
        "validity_corrected_ci",
        "validity_corrected_p",
        "validity_q",
        "incremental_beta",
        "incremental_beta_ci",
        "item_rest_r",
        "mde_r",
        "n_needed",
        "verdict",
        "validity_auc",
    ] {
        assert!(q.get(k).is_some(), "questions[0] lacks {k}");
    }
    let i = &j["interviewers"][0];
    for k in [
        "interviewer_id",
        "peer_group",
        "n_scorecards",
        "n_ratings",
        "n_candidates",
        "leniency",
        "leniency_se",
        "leniency_ci",
        "leniency_shrunk",
        "spread_ratio",
        "extreme_share",
        "panel_agreement_r",
        "panel_agreement_n",
        "decision_agreement",
        "decision_kappa",
        "validity_r",
        "validity_n",
        "validity_shrunk",
        "halo_index",
        "drift_per_year",
        "drift_ci",
        "flags",
    ] {
        assert!(i.get(k).is_some(), "interviewers[0] lacks {k}");
    }
    for k in [
        "icc",
        "icc1_unbalanced",
        "mean_panel_size",
        "krippendorff_alpha_interval",
        "krippendorff_alpha_ordinal",
        "cronbach_alpha",
        "interviews_for_reliability",
        "panel_agreement_r",
        "components",
        "peer_groups",
    ] {
        assert!(j["panel"].get(k).is_some(), "panel lacks {k}");
    }
    assert!(j["process"]["validity_adjusted"].is_number(), "validity_adjusted filled");
    // Small data keeps the bootstrap, and says so (docs/large-sample-intervals.md).
    assert_eq!(j["provenance"]["interval_method"], "bootstrap");
    assert_eq!(j["provenance"]["interval_method_rows"], 10000);
    let files = j["provenance"]["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    // Each input's SHA-256, taken while it was read, is the digest of the file on disk.
    for f in files {
        let path = Path::new(f["path"].as_str().unwrap());
        let want = hirecal::digest::sha256_file(&root.join(path)).unwrap();
        assert_eq!(f["sha256"].as_str(), Some(want.as_str()), "{}", path.display());
    }
    let text = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(!text.contains("NaN") && !text.contains("Infinity"));
    // CSVs: one row per item.
    let qcsv = std::fs::read_to_string(out.join("questions.csv")).unwrap();
    assert_eq!(qcsv.lines().count(), 11, "header + 10 questions");
    let icsv = std::fs::read_to_string(out.join("interviewers.csv")).unwrap();
    assert_eq!(icsv.lines().count(), 1 + j["interviewers"].as_array().unwrap().len());
    // HTML: every section, self-contained.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for section in [
        "Summary",
        "Which questions predict performance",
        "Decision weight against validity",
        "Outcome by panel score",
        "Interviewer leniency",
        "Leniency against volume",
        "How interviewers use the scale",
        "Drift over time",
        "Panel reliability",
        "How many interviewers, how many questions",
        "Data quality",
        "Methods and references",
    ] {
        assert!(html.contains(&format!("\">{section}</h2>")), "report.html lacks {section}");
    }
    assert_eq!(html.matches("<svg").count(), 9, "nine inline charts (d_study added by issue #18)");
    assert_eq!(
        html.matches("<div role=\"img\" aria-label=\"Chart: ").count(),
        9,
        "each chart is named for screen readers (its text is outlines)"
    );
    // The chart's box: its name, its id (the phone's full-size link opens it), then the close link and the chart.
    assert!(html.contains(
        "aria-label=\"Chart: Which questions predict performance\" class=\"chart\" \
         id=\"chart-which-questions-predict-performance\"><a class=\"close\""
    ));
    summary_is_short_and_agrees_with_summary_json(&html, &j);
    // The contents list links every section, in order, and nothing else.
    let nav = &html[html.find("<nav class=\"toc\"").expect("contents")..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let links: Vec<&str> = nav.split("href=\"#").skip(1).map(|l| &l[..l.find('"').unwrap()]).collect();
    let ids: Vec<&str> = html
        .split("<h2 id=\"")
        .skip(1)
        .map(|h| &h[..h.find('"').unwrap()])
        .filter(|id| *id != "decisions")
        .collect();
    assert_eq!(links, ids, "contents ≠ sections");
    // The glossary explains the terms the report uses, and only those: no adverse impact here.
    let terms = section(&html, "terms-used-in-this-report");
    assert!(terms.contains("Krippendorff&#39;s alpha:") && terms.contains("D-study:"), "{terms}");
    assert!(!terms.contains("Impact ratio"), "no fairness analysis, no impact ratio: {terms}");
    let external = html.replace("http://www.w3.org/", "");
    assert!(!external.contains("http://") && !external.contains("https://"), "no external URL");
    assert!(!html.contains("<script"), "no JavaScript");
    // PDF: letter pages, cover + sections + tables, embedded DejaVu, text present.
    let pdf = std::fs::read(out.join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let pages = pdf_pages(&pdf);
    // cover + 8 chart pages + 2 question-table pages? (10 rows: 1) + interviewer table (40 rows: 2)
    // + panel table (1) + data quality (1) + methods (1) = 1 + 8 + 1 + 2 + 1 + 1 + 1 = 15 (+1 if the
    // cover's text continues); + the decisions page in front; the D-study section (issue #18) adds its
    // chart page and its table page; the questions' findings moved from the Summary to their section,
    // whose chart then takes a page of its own, and the glossary adds two pages.
    // A chart whose smallest text would print under 7 pt below its text takes a sheet of its own.
    assert!((24..=27).contains(&pages), "report.pdf has {pages} pages");
    assert!(contains(&pdf, b"DejaVu"), "font embedded");
    assert!(contains(&pdf, b"612"), "letter size");
    if let Ok(o) = std::process::Command::new("pdftotext").arg(out.join("report.pdf")).arg("-").output() {
        let t = String::from_utf8_lossy(&o.stdout);
        assert!(
            t.contains("Interview calibration report") && t.contains("Methods and references"),
            "text extractable"
        );
        assert!(t.contains("page 3"), "pages are numbered");
    }
}

/// The body of the report.html section with anchor `id`, up to the next section.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("<h2 id=\"{id}\">")).unwrap_or_else(|| panic!("no section {id}"));
    let body = &html[start + 4..];
    &body[..body.find("<h2").unwrap_or(body.len())]
}

/// The Summary has one paragraph per part, repeats no paragraph of the sections after it, and its
/// counts are summary.json's.
fn summary_is_short_and_agrees_with_summary_json(html: &str, j: &serde_json::Value) {
    let summary = section(html, "summary");
    let paragraphs: Vec<&str> =
        summary.split("<p>").skip(1).map(|p| p.split("</p>").next().unwrap().trim()).collect();
    assert_eq!(paragraphs.len(), 3, "questions, interviewers, panel: {paragraphs:?}");
    let rest = &html[html.find("<h2 id=\"which-questions").unwrap()..];
    for p in &paragraphs {
        assert!(!rest.contains(p), "the Summary repeats a section's paragraph: {p}");
    }
    let predictive: Vec<&str> = j["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["verdict"] == "predictive")
        .map(|q| q["question_id"].as_str().unwrap())
        .collect();
    assert!(
        paragraphs[0].starts_with(&format!("Questions: {} of 10 predict", predictive.len())),
        "{}",
        paragraphs[0]
    );
    for id in predictive {
        assert!(paragraphs[0].contains(&format!("{id} (")), "{id} missing: {}", paragraphs[0]);
    }
    let by_kind = &j["interviewers_meta"]["flags_by_kind"];
    let total: u64 = by_kind.as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert!(paragraphs[1].starts_with(&format!("Interviewers: {total} flags on ")), "{}", paragraphs[1]);
    let lenient = by_kind["lenient"].as_u64().unwrap();
    assert!(paragraphs[1].contains(&format!("{lenient} lenient")), "{}", paragraphs[1]);
    let g = j["panel"]["generalizability"]["current"]["g_qk"].as_f64().unwrap();
    let g = format!("{g:.2}").replacen("0.", ".", 1);
    assert!(paragraphs[2].contains(&format!("G = {g} against the target .80")), "{}", paragraphs[2]);
}

#[test]
fn report_survives_degenerate_data() {
    let cases: Vec<(&str, String, Option<&str>)> = vec![
        (
            "one interviewer",
            (0..40).map(|c| format!("c{c},i1,q{},{}\n", c % 3, 1 + c % 5)).collect(),
            Some("hired,perf"),
        ),
        (
            "one question",
            (0..60).map(|c| format!("c{},i{},q1,{}\n", c / 2, c % 7, 1 + c % 4)).collect(),
            Some("hired,perf"),
        ),
        (
            "no outcomes",
            (0..60).map(|c| format!("c{},i{},q{},{}\n", c / 3, c % 5, c % 3, 1 + c % 4)).collect(),
            None,
        ),
        (
            "all scores equal",
            (0..90).map(|c| format!("c{},i{},q{},3\n", c / 3, c % 6, c % 3)).collect(),
            Some("hired,perf"),
        ),
        (
            "a thousand interviewers",
            (0..3000)
                .map(|k| format!("c{},i{},q{},{}\n", k / 3, k % 1000, k % 3, 1 + (k * 7919) % 5))
                .collect(),
            Some("hired,perf"),
        ),
    ];
    for (name, rows, outcome_cols) in cases {
        let s = Scratch::new();
        let sc = s.file("s.csv", format!("candidate_id,interviewer_id,question_id,score\n{rows}"));
        let mut args = vec!["--scorecards".to_string(), sc.display().to_string()];
        if let Some(cols) = outcome_cols {
            let cands: std::collections::BTreeSet<&str> =
                rows.lines().map(|l| l.split(',').next().unwrap()).collect();
            let body: String = cands
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    if k % 3 == 0 {
                        format!("{c},true,{}\n", 2.0 + (k % 7) as f64 / 3.0)
                    } else {
                        format!("{c},false,\n")
                    }
                })
                .collect();
            let o = s.file("o.csv", format!("candidate_id,{cols}\n{body}"));
            args.push("--outcomes".into());
            args.push(o.display().to_string());
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = s.path().join("out");
        let stdout = report_ok(s.path(), &argv, &out);
        assert!(stdout.contains("wrote"), "{name}: {stdout}");
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        assert!(html.contains(">Summary</h2>") && html.contains("<h2 id=\"decisions\">"), "{name}");
    }
}

#[test]
fn report_refuses_to_overwrite_an_input_and_charts_none_writes_no_charts() {
    let s = Scratch::new();
    let sc = s.file("summary.json", GOOD_SCORECARDS);
    let before = std::fs::read(&sc).unwrap();
    let (code, _, err) = run(
        s.path(),
        &["report", "--scorecards", &sc.display().to_string(), "--out", &s.path().display().to_string()],
    );
    assert_eq!(code, 1);
    assert!(err.contains("this folder holds the input") && err.contains("summary.json"), "{err}");
    assert_eq!(std::fs::read(&sc).unwrap(), before, "input untouched");
    // Nor a file of the user's the run does not read (a questions.csv beside the scorecards).
    let theirs = s.file("questions.csv", "mine\n");
    let (code, _, err) = run(
        s.path(),
        &[
            "report",
            "--scorecards",
            &s.file("s0.csv", GOOD_SCORECARDS).display().to_string(),
            "--out",
            &s.path().display().to_string(),
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "mine\n");
    let sc2 = s.file("s.csv", GOOD_SCORECARDS);
    let out = s.path().join("o");
    let (code, _, err) = run(
        s.path(),
        &[
            "report",
            "--scorecards",
            &sc2.display().to_string(),
            "--out",
            &out.display().to_string(),
            "--charts",
            "none",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.join("summary.json").exists() && out.join("report.html").exists());
    assert!(!out.join("charts").exists(), "--charts none writes no chart files");
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left");
}

#[test]
fn min_cell_keeps_small_interviewers_and_questions_out_of_charts() {
    use hirecal::analysis::interviewers::{analyse, InterviewerOptions};
    use hirecal::report::assemble;
    let mut rows = String::from("candidate_id,interviewer_id,question_id,score\n");
    for c in 0..40 {
        rows.push_str(&format!("c{c},i{},q1,{}\n", c % 4, 1 + c % 5));
        rows.push_str(&format!("c{c},i{},q2,{}\n", c % 4, 1 + (c * 3) % 5));
    }
    rows.push_str("c0,rare,q1,4\nc1,rare,q1,2\nc2,rare,qrare,3\n");
    let s = Scratch::new();
    let p = s.file("s.csv", rows);
    let inputs = hirecal::ingest::Inputs { scorecards: p, outcomes: vec![], questions: None };
    let (ds, _) = hirecal::ingest::load(
        &inputs,
        &hirecal::config::Config::default(),
        &hirecal::ingest::LoadOptions::default(),
    )
    .unwrap();
    let iv = analyse(&ds, None, &InterviewerOptions::default()).unwrap();
    let names = |d: &hirecal::report::charts::LeniencyData| -> Vec<String> {
        d.rows.iter().map(|r| r.interviewer.clone()).collect()
    };
    assert!(names(&assemble::interviewer_leniency(&iv, 1)).contains(&"rare".to_string()));
    assert!(!names(&assemble::interviewer_leniency(&iv, 5)).contains(&"rare".to_string()), "3 ratings < 5");
    assert!(!assemble::interviewer_funnel(
        &iv,
        hirecal::analysis::views::ControlLimits { sigma: Some(1.0) },
        5
    )
    .points
    .iter()
    .any(|p| p.interviewer == "rare"));
    let q = hirecal::analysis::questions::analyse(
        &ds,
        None,
        &hirecal::analysis::validity::ValidityOptions {
            confidence: 0.95,
            bootstrap: 0,
            seed: 1,
            correct_selection: true,
            outcome_reliability: None,
            min_n: 30,
            progress: Default::default(),
        },
    )
    .unwrap();
    assert_eq!(assemble::question_quadrant(&q, 1).points.len(), 3);
    assert_eq!(assemble::question_quadrant(&q, 5).points.len(), 2, "qrare (1 rating) left out");
}
