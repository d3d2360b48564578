//! `report` writes the decisions page and `interviewer_cards.pdf` (issue #16): one card per interviewer with
//! at least `--min-cell` scorecards, flagged first; the text is there (pdftotext when installed); with
//! `--pseudonymize` no original id appears in the cards; `--cards none` writes none.

mod common;
use common::*;
use std::path::Path;

fn pdf_pages(pdf: &[u8]) -> usize {
    [&b"/Type /Page"[..], &b"/Type/Page"[..]]
        .iter()
        .map(|n| pdf.windows(n.len() + 1).filter(|w| &w[..n.len()] == *n && w[n.len()] != b's').count())
        .sum()
}

fn pdftotext(path: &Path) -> Option<String> {
    let o = std::process::Command::new("pdftotext").arg("-layout").arg(path).arg("-").output().ok()?;
    o.status.success().then(|| String::from_utf8_lossy(&o.stdout).into_owned())
}

fn report(out: &Path, extra: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = out.display().to_string();
    let mut args = vec!["report", "--bootstrap", "50", "--charts", "none", "--out", &o];
    args.extend_from_slice(extra);
    let (code, _, err) = run(root, &args);
    assert_eq!(code, 0, "report failed: {err}");
}

#[test]
fn cards_one_page_per_interviewer_flagged_first_with_text() {
    let s = Scratch::new();
    let out = s.path().join("out");
    report(&out, &["--min-cell", "20"]);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let ivs = summary["interviewers"].as_array().unwrap();
    let expected = ivs.iter().filter(|i| i["n_scorecards"].as_u64().unwrap() >= 20).count();
    assert!(expected > 50 && expected < ivs.len(), "{expected} of {}", ivs.len());
    let pdf = std::fs::read(out.join("interviewer_cards.pdf")).expect("interviewer_cards.pdf");
    assert_eq!(pdf_pages(&pdf), expected, "one page per interviewer with >= 20 scorecards");
    assert_eq!(summary["interviewers_meta"]["flag_fdr"].as_f64(), Some(0.10));
    let Some(text) = pdftotext(&out.join("interviewer_cards.pdf")) else {
        eprintln!("pdftotext not installed: card text not checked");
        return;
    };
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert_eq!(pages.len(), expected);
    let flagged: Vec<&str> = ivs
        .iter()
        .filter(|i| i["n_scorecards"].as_u64().unwrap() >= 20)
        .filter(|i| {
            i["flags"].as_array().unwrap().iter().any(|f| f != "insufficient_data" && f != "disconnected")
        })
        .map(|i| i["interviewer_id"].as_str().unwrap())
        .collect();
    assert!(!flagged.is_empty());
    // Flagged interviewers come first.
    for (k, page) in pages.iter().enumerate() {
        let first = flagged.iter().any(|id| page.contains(&format!("Calibration card: {id}")));
        assert_eq!(first, k < flagged.len(), "page {}: {}", k + 1, &page[..page.len().min(80)]);
    }
    for want in [
        "Leniency among peers",
        "Ratings given",
        "Agreement with the rest of the panel",
        "kappa",
        "Drift",
        "Peer group: System Design: Q1–Q3",
    ] {
        assert!(text.contains(want), "cards lack {want:?}");
    }
    // The decisions page is page 1 of report.pdf, and report.html opens with it.
    let report = pdftotext(&out.join("report.pdf")).unwrap();
    let page1 = report.split('\u{c}').next().unwrap();
    for want in [
        "decisions",
        "Keep these questions",
        "Calibrate: ",
        "may be false",
        "Panel size: more interviewers or more questions",
        "D-study: ",
        "detail p. ",
        // The report's meta line is on page 1, under the title; page 2 is the Summary.
        "2,000 candidates, 136 interviewers",
        "seed 42",
    ] {
        assert!(page1.to_lowercase().contains(&want.to_lowercase()), "page 1 lacks {want:?}:\n{page1}");
    }
    let page2 = report.split('\u{c}').nth(1).unwrap();
    assert_eq!(page2.lines().find(|l| !l.trim().is_empty()).map(str::trim), Some("Summary"), "{page2}");
    // Q10's validity is so near zero that n_needed hits its cap: it is not told to wait for more hires.
    let no_sign =
        page1.lines().skip_while(|l| !l.starts_with("No sign it predicts (1)")).nth(1).unwrap_or("");
    assert!(no_sign.starts_with("Q10 ") && no_sign.contains("more than 5,000 would be needed"), "{page1}");
    let wait =
        page1.lines().skip_while(|l| !l.starts_with("Not yet clear: more hires needed")).nth(1).unwrap_or("");
    assert!(!wait.contains("Q10"), "{page1}");
    // Each group's "detail p. N" is the page where its own section starts.
    let pages: Vec<&str> = report.split('\u{c}').collect();
    let wanted = [
        ("Keep these questions", "Which questions predict performance"),
        ("Rework:", "Decision weight against validity"),
        ("Calibrate: narrow range", "How interviewers use the scale"),
        ("Calibrate: drifting", "Drift over time"),
        ("Calibrate: lenient", "Interviewer leniency"),
        ("Panel size: more interviewers or more questions", "How many interviewers, how many questions"),
    ];
    for (heading, section) in wanted {
        let line = page1.lines().find(|l| l.starts_with(heading)).unwrap_or_else(|| panic!("no {heading:?}"));
        let n: usize = line.rsplit("detail p. ").next().unwrap().trim().parse().expect("a page number");
        let first = pages[n - 1].lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        assert_eq!(first.trim(), section, "{heading:?} points to p. {n}");
    }
    // Page 2's contents: every section after the Summary, each on the page it names.
    let contents: Vec<&str> = pages[1].lines().skip_while(|l| l.trim() != "Contents").skip(1).collect();
    let listed: Vec<(&str, usize)> = contents
        .iter()
        .filter_map(|l| l.rsplit_once("  ·  p. ").or_else(|| l.rsplit_once(" · p. ")))
        .map(|(t, n)| (t.trim(), n.trim().parse().expect("a page number")))
        .collect();
    assert!(listed.len() >= 12, "contents: {contents:?}");
    for (section, n) in listed {
        let first = pages[n - 1].lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        assert_eq!(first.trim(), section, "contents put {section:?} on p. {n}");
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let d = html.find("<h2 id=\"decisions\">").expect("decisions block");
    assert!(d < html.find(">Summary</h2>").unwrap(), "decisions come first");
    for anchor in [
        "interviewer-leniency",
        "decision-weight-against-validity",
        "drift-over-time",
        "how-many-interviewers-how-many-questions",
    ] {
        assert!(html.contains(&format!("href=\"#{anchor}\"")), "no link to {anchor}");
        assert!(html.contains(&format!("id=\"{anchor}\"")), "no section {anchor}");
    }
    for link in html.split("href=\"#").skip(1) {
        let id = &link[..link.find('"').unwrap()];
        assert!(html.contains(&format!("id=\"{id}\"")), "link to #{id} has no target");
    }
}

#[test]
fn pseudonymized_cards_hold_no_original_id_and_cards_none_skips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = Scratch::new();
    let out = s.path().join("p");
    report(&out, &["--pseudonymize"]);
    let pdf = out.join("interviewer_cards.pdf");
    assert!(pdf_pages(&std::fs::read(&pdf).unwrap()) > 50);
    if let Some(text) = pdftotext(&pdf) {
        let mut r = csv::Reader::from_path(root.join("sample_data/scorecards.csv")).unwrap();
        let ids: std::collections::BTreeSet<String> =
            r.records().map(|x| x.unwrap()[2].to_string()).collect();
        assert!(ids.len() > 100);
        for id in &ids {
            assert!(!text.contains(id.as_str()), "{id} appears in the pseudonymized cards");
        }
        assert!(text.contains("Calibration card: "), "cards have text");
    }
    let none = s.path().join("n");
    report(&none, &["--cards", "none"]);
    assert!(!none.join("interviewer_cards.pdf").exists());
    assert!(none.join("report.pdf").exists());
}
