//! The TOML config parser, and a load of a small fixed data set under whatever config parses (column
//! mappings, wide layout, custom scale labels all steer ingest).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::config(data);
});
