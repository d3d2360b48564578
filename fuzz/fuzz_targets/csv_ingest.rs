//! Canonical CSV ingest: scorecards, and outcomes after a `\n----\n` separator (a fixed valid outcomes
//! file otherwise).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::csv_ingest(data);
});
