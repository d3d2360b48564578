//! Replays every input in `fuzz/corpus/` and `fuzz/regressions/` through the same code the cargo-fuzz
//! targets run (`fuzz/fuzz_targets/common`), so `cargo test` keeps every crash the fuzzers once found
//! fixed without needing nightly Rust or libFuzzer.

#[path = "../fuzz/fuzz_targets/common/mod.rs"]
mod common;

use hirecal::config::AtsSource;
use std::path::Path;

/// Calls `run` on every file under `dir/<target>`, returning how many there were.
fn replay(dir: &Path, target: &str, run: impl Fn(&[u8])) -> usize {
    let Ok(entries) = std::fs::read_dir(dir.join(target)) else { return 0 };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    files.sort();
    for f in &files {
        // A fuzzer running on the same corpus may replace a file between listing and reading.
        let Ok(data) = std::fs::read(f) else { continue };
        // A panic fails the test; the message names the input to reproduce it with `cargo fuzz run`.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&data)));
        assert!(
            result.is_ok(),
            "fuzz input {} panics; reproduce: cargo +nightly fuzz run {target} {}",
            f.display(),
            f.display()
        );
    }
    files.len()
}

#[test]
fn every_fuzz_corpus_and_regression_input_runs_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut total = 0;
    for dir in [root.join("corpus"), root.join("regressions")] {
        total += replay(&dir, "csv_ingest", common::csv_ingest);
        total += replay(&dir, "greenhouse_json", |d| common::ats_json(d, AtsSource::Greenhouse));
        total += replay(&dir, "lever_json", |d| common::ats_json(d, AtsSource::Lever));
        total += replay(&dir, "ashby_json", |d| common::ats_json(d, AtsSource::Ashby));
        total += replay(&dir, "config", common::config);
    }
    // The targets share one scratch directory per process (libFuzzer reuses it run after run).
    let _ = std::fs::remove_dir_all(common::scratch());
    assert!(total >= 10, "the committed seeds are replayed ({total} inputs)");
}
