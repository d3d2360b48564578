//! The TOML config parser, and a load of a small fixed data set under whatever config parses (column
//! mappings, wide layout, custom scale labels all steer ingest).
#![no_main]

mod common;

use std::path::Path;

use hirecal::config::Config;
use libfuzzer_sys::fuzz_target;

const SCORECARDS: &[u8] = b"candidate_id,interviewer_id,question_id,score,interview_date,recommendation\n\
c1,i1,q1,3,2025-01-02,yes\nc1,i2,q2,4,2025-01-02,strong_yes\nc2,i1,q1,2,2025-02-03,no\n\
c2,i2,q2,1,2025-02-03,strong_no\nc3,i1,q2,4,2025-03-04,yes\nc4,i2,q1,3,2025-03-05,mixed\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(cfg) = Config::parse(text, Path::new("fuzz.toml")) else { return };
    let _ = cfg.scale();
    let scorecards = common::file("scorecards.csv", SCORECARDS);
    common::load_and_analyse(&scorecards, &[common::outcomes()], &cfg);
});
