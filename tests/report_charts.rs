//! The report's charts on the sample data (with its groups file).
//!
//! report.pdf prints every chart's and table's smallest text at `pdf::MIN_TEXT_PT` (7 pt) or more, on
//! A4 and on Letter: for each page with an SVG, the smallest font size the chart was drawn with (read
//! from plotters' SVG, before its text becomes outlines) times the scale the PDF draws it at. The charts
//! also write no text below `charts::MIN_TEXT_EM_PX`, the size the PDF's layout counts on.
//!
//! The leniency chart draws the interviewers the interviewer table lists, so a reader finds each one
//! of either in the other.

use std::path::Path;
use std::sync::OnceLock;

use hirecal::analysis::{Analysis, Inputs, Options, Parts, Results};
use hirecal::config::Config;
use hirecal::ingest::{self, LoadOptions};
use hirecal::report::chart_set::ChartSet;
use hirecal::report::charts::MIN_TEXT_EM_PX;
use hirecal::report::document::Document;
use hirecal::report::pdf::{self, Paper, MIN_TEXT_PT};
use hirecal::report::render::{svg_raw, svg_string, Chart};

/// The sample data with its groups file (so the adverse-impact chart is drawn too), analysed whole,
/// once for all tests.
fn sample() -> &'static Results {
    static RES: OnceLock<Results> = OnceLock::new();
    RES.get_or_init(analyse)
}

fn analyse() -> Results {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let files = ingest::Inputs {
        scorecards: root.join("scorecards.csv"),
        outcomes: vec![root.join("outcomes.csv")],
        questions: Some(root.join("questions.csv")),
    };
    let cfg = Config::default();
    let (dataset, notes) = ingest::load(&files, &cfg, &LoadOptions::default()).unwrap();
    let groups =
        ingest::groups::read(&root.join("groups.csv"), &cfg.groups, cfg.delimiter, &dataset.candidates, None)
            .unwrap();
    let inputs = Inputs { dataset, notes, groups: Some(groups) };
    let mut opts = Options { parts: Parts::all(), min_cell: 5, ..Options::default() };
    opts.validity.bootstrap = 50;
    Analysis::new(&inputs, &opts).run().unwrap()
}

/// A chart's name, its inline SVG (as the report embeds it) and its smallest font size.
fn drawn<C: Chart>(c: &C) -> (&'static str, String, f32) {
    let raw = svg_raw(c).unwrap();
    assert!(raw.contains("<text"), "{}: plotters' SVG has no text elements to measure", c.name());
    (c.name(), svg_string(c).unwrap(), pdf::min_text_px(&raw))
}

#[test]
fn every_chart_and_table_prints_its_smallest_text_at_7_pt_or_more() {
    let res = sample();
    let charts = ChartSet::of(res).unwrap();
    let mut all = vec![
        drawn(&charts.validity),
        drawn(&charts.quadrant),
        drawn(&charts.leniency),
        drawn(&charts.funnel),
        drawn(&charts.distribution),
        drawn(&charts.drift),
        drawn(&charts.outcome),
        drawn(&charts.reliability),
        drawn(&charts.d_study),
    ];
    all.extend(charts.impact.as_ref().map(drawn));
    assert_eq!(all.len(), 10, "the groups file draws the impact-ratio chart");
    for (name, _, px) in &all {
        assert!(*px >= MIN_TEXT_EM_PX as f32 - 1e-3, "{name} writes text at {px} px, below {MIN_TEXT_EM_PX}");
    }
    let doc = Document::of(res, &charts, true).unwrap();
    for paper in [Paper::A4, Paper::Letter] {
        let pages = doc.pdf_pages(paper);
        let scales = pdf::svg_scales(&pages, paper);
        let mut charts_seen = 0;
        for (page, scale) in pages.iter().zip(&scales) {
            let Some(svg) = &page.svg else { continue };
            let scale =
                scale.unwrap_or_else(|| panic!("{:?}: the SVG of {:?} is not drawn", paper, page.title));
            let (what, px) = match all.iter().find(|c| &c.1 == svg) {
                Some((name, _, px)) => {
                    charts_seen += 1;
                    (name.to_string(), *px)
                }
                None => (format!("table on {:?}", page.title), pdf::min_text_px(svg)),
            };
            let pt = px * scale;
            eprintln!("{paper:?} {what}: {px} px × {scale:.3} = {pt:.2} pt");
            assert!(pt >= MIN_TEXT_PT - 1e-3, "{paper:?}: {what} prints its smallest text at {pt:.2} pt");
        }
        assert_eq!(charts_seen, all.len(), "{paper:?}: every chart is in report.pdf");
    }
}

#[test]
fn the_leniency_chart_draws_the_interviewers_the_table_lists() {
    let res = sample();
    let charts = ChartSet::of(res).unwrap();
    let doc = Document::of(res, &charts, true).unwrap();
    let section = doc.sections.iter().find(|s| s.title == "Interviewer leniency").expect("the section");
    let (_, rows) = section.table.as_ref().expect("the interviewer table");
    let iv = res.interviewers().unwrap();
    let scorecards = |id: &str| iv.interviewers.iter().find(|i| i.interviewer_id == id).unwrap().n_scorecards;
    let mut listed: Vec<&str> =
        rows.iter().map(|r| r[0].as_str()).filter(|id| scorecards(id) >= res.settings.min_cell).collect();
    let mut drawn: Vec<&str> = charts.leniency.rows.iter().map(|r| r.interviewer.as_str()).collect();
    assert_eq!(listed.len(), 40, "the table lists 40 of the sample's 136");
    listed.sort();
    drawn.sort();
    assert_eq!(drawn, listed);
    let p = charts.leniency.prepare();
    assert_eq!(p.groups.iter().map(|g| g.1.len()).sum::<usize>() + p.missing, 40, "every one is drawn");
    let says = charts.leniency.selection.as_deref().unwrap_or("");
    assert!(says.contains("40 interviewers of the report's interviewer table (of 136)"), "{says}");
}
