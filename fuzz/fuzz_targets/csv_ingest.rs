//! Canonical CSV ingest: scorecards, and outcomes after a `\n----\n` separator (a fixed valid outcomes
//! file otherwise).
#![no_main]

mod common;

use hirecal::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (sc, oc) = common::split(data);
    let scorecards = common::file("scorecards.csv", sc);
    let outcomes = match oc {
        Some(o) => common::file("outcomes_fuzz.csv", o),
        None => common::outcomes(),
    };
    common::load_and_analyse(&scorecards, &[outcomes], &Config::default());
});
