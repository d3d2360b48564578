//! The decisions page's panel block: from the G study when it has G(q,k) (as staffed, then the
//! D-study), else Spearman–Brown's count — and the D-study's answer whenever there is a G study.

use std::path::Path;

use hirecal::analysis::panel::{analyse, PanelOptions};
use hirecal::config::Config;
use hirecal::ingest::{load, Inputs, LoadOptions};
use hirecal::report::decisions::{panel, Detail};

#[test]
fn the_panel_block_keeps_the_d_study_with_or_without_g_qk() {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let inputs = Inputs { scorecards: d.join("scorecards.csv"), outcomes: vec![], questions: None };
    let (ds, _) = load(&inputs, &Config::default(), &LoadOptions::default()).expect("loads");
    let mut p = analyse(&ds, &PanelOptions::default());
    let g = p.generalizability.as_ref().expect("a G study on the sample");
    assert!(g.current.g_qk.is_some());
    let with = panel(&p);
    assert_eq!(with.detail, Detail::DStudy);
    assert!(
        with.lines[0].starts_with("As staffed (") && with.lines[1].starts_with("D-study: "),
        "{:?}",
        with.lines
    );
    // Without G(q,k): Spearman–Brown's lines, and still the D-study's answer.
    p.generalizability.as_mut().unwrap().current.g_qk = None;
    let without = panel(&p);
    assert_eq!(without.detail, Detail::Panel);
    assert!(without.lines[0].contains("interviews per candidate give reliability"), "{:?}", without.lines);
    assert_eq!(without.lines.last(), with.lines.last(), "the same D-study sentence");
    // No G study at all: no D-study line.
    p.generalizability = None;
    assert!(panel(&p).lines.iter().all(|l| !l.starts_with("D-study")));
}
