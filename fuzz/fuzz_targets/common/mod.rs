//! What every fuzz target does with its bytes: write them where hirecal reads files, load them through
//! the same path the command line uses, and analyse whatever loads. Any result is fine; a panic, an
//! abort, a hang or runaway memory is the bug libFuzzer reports.

#![allow(dead_code)] // each target uses a part

use std::path::{Path, PathBuf};

use hirecal::analysis::interviewers::{self, InterviewerOptions};
use hirecal::analysis::panel::{self, PanelOptions};
use hirecal::analysis::questions;
use hirecal::analysis::validity::ValidityOptions;
use hirecal::config::AtsSource;
use hirecal::config::Config;
use hirecal::ingest::{load, Inputs, LoadOptions};

/// A directory of this process's own (libFuzzer may run several jobs side by side).
pub fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hirecal-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory is writable");
    dir
}

/// Writes `bytes` to `name` in the scratch directory and returns the path.
pub fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let p = scratch().join(name);
    std::fs::write(&p, bytes).expect("temporary file is writable");
    p
}

/// A small valid outcomes file for targets that fuzz the scorecards only.
pub fn outcomes() -> PathBuf {
    file(
        "outcomes.csv",
        b"candidate_id,hired,perf_rating_12m\nc1,true,3.5\nc2,false,\nc3,true,2\nc4,true,4.5\n",
    )
}

/// Splits fuzz input at the first `\n----\n`: scorecards before, an optional second file after.
pub fn split(data: &[u8]) -> (&[u8], Option<&[u8]>) {
    const SEP: &[u8] = b"\n----\n";
    match data.windows(SEP.len()).position(|w| w == SEP) {
        Some(i) => (&data[..i], Some(&data[i + SEP.len()..])),
        None => (data, None),
    }
}

/// Loads the inputs under `cfg` (lenient, then strict) and analyses what loads with a tiny bootstrap.
pub fn load_and_analyse(scorecards: &Path, outcomes: &[PathBuf], cfg: &Config) {
    let inputs =
        Inputs { scorecards: scorecards.to_path_buf(), outcomes: outcomes.to_vec(), questions: None };
    if let Ok((ds, _)) = load(&inputs, cfg, &LoadOptions::default()) {
        let opts = ValidityOptions {
            confidence: 0.95,
            bootstrap: 10,
            seed: 1,
            correct_selection: true,
            outcome_reliability: None,
            min_n: 2,
            progress: Default::default(),
        };
        let _ = questions::analyse(&ds, None, &opts);
        let _ = interviewers::analyse(&ds, None, &InterviewerOptions::default());
        let _ = panel::analyse(&ds, &PanelOptions { min_complete: 2, ..PanelOptions::default() });
    }
    let _ = load(&inputs, cfg, &LoadOptions::strict());
}

/// The `csv_ingest` target: canonical CSV scorecards, and outcomes after a `\n----\n` separator (a
/// fixed valid outcomes file otherwise).
pub fn csv_ingest(data: &[u8]) {
    let (sc, oc) = split(data);
    let scorecards = file("scorecards.csv", sc);
    let outcomes = match oc {
        Some(o) => file("outcomes_fuzz.csv", o),
        None => outcomes(),
    };
    load_and_analyse(&scorecards, &[outcomes], &Config::default());
}

/// The `greenhouse_json`, `lever_json` and `ashby_json` targets: the ATS scorecards export, and after
/// a `\n----\n` separator a JSON outcomes file (applications export); a fixed outcomes CSV otherwise.
pub fn ats_json(data: &[u8], source: AtsSource) {
    let (sc, oc) = split(data);
    let scorecards = file("scorecards.json", sc);
    let outcomes = match oc {
        Some(o) => file("applications.json", o),
        None => outcomes(),
    };
    let cfg = Config { source, ..Config::default() };
    load_and_analyse(&scorecards, &[outcomes], &cfg);
}

/// Scorecards the `config` target loads under each parsed config.
const CONFIG_SCORECARDS: &[u8] =
    b"candidate_id,interviewer_id,question_id,score,interview_date,recommendation\n\
c1,i1,q1,3,2025-01-02,yes\nc1,i2,q2,4,2025-01-02,strong_yes\nc2,i1,q1,2,2025-02-03,no\n\
c2,i2,q2,1,2025-02-03,strong_no\nc3,i1,q2,4,2025-03-04,yes\nc4,i2,q1,3,2025-03-05,mixed\n";

/// The `config` target: the TOML config parser, and a load of a small fixed data set under whatever
/// config parses (column mappings, wide layout, custom scale labels all steer ingest).
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(cfg) = Config::parse(text, Path::new("fuzz.toml")) else { return };
    let _ = cfg.scale();
    let scorecards = file("scorecards.csv", CONFIG_SCORECARDS);
    load_and_analyse(&scorecards, &[outcomes()], &cfg);
}
