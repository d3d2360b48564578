//! The Lever JSON reader: the scorecards export, and after a `\n----\n` separator a JSON outcomes file
//! (applications export); a fixed valid outcomes CSV otherwise.
#![no_main]

mod common;

use hirecal::config::Config;
use hirecal::ingest::ats::AtsSource;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (sc, oc) = common::split(data);
    let scorecards = common::file("scorecards.json", sc);
    let outcomes = match oc {
        Some(o) => common::file("applications.json", o),
        None => common::outcomes(),
    };
    let cfg = Config { source: AtsSource::Lever, ..Config::default() };
    common::load_and_analyse(&scorecards, &[outcomes], &cfg);
});
