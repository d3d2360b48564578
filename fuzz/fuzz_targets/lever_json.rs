//! The Lever JSON reader: the scorecards export, and after a `\n----\n` separator a JSON outcomes file
//! (applications export); a fixed valid outcomes CSV otherwise.
#![no_main]

mod common;

use hirecal::config::AtsSource;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::ats_json(data, AtsSource::Lever);
});
