//! A run killed at any moment (SIGKILL: no cleanup runs) leaves no half-written file under a report
//! name: every file present is byte-identical to the one a complete run writes. Its hidden temporary
//! files are removed by the next run into the same directory.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

fn report_cmd(dir: &Path) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("hirecal"));
    c.current_dir(dir)
        .args(["report", "--scorecards", "scorecards.csv", "--outcomes", "outcomes.csv", "--out", "out"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// Every file under `dir`, relative to it, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, d: &Path, acc: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, acc);
            } else {
                acc.push(p.strip_prefix(base).unwrap().to_path_buf());
            }
        }
    }
    let mut acc = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut acc);
    }
    acc.sort();
    acc
}

fn is_temp(p: &Path) -> bool {
    p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

#[test]
fn a_killed_report_leaves_only_complete_files() {
    let s = Scratch::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    for f in ["scorecards.csv", "outcomes.csv"] {
        std::fs::copy(root.join(f), s.path().join(f)).unwrap();
    }
    // The reference: a complete run (output is deterministic for the same inputs, seed and --out).
    let t0 = Instant::now();
    assert!(report_cmd(s.path()).status().unwrap().success());
    let full_time = t0.elapsed();
    std::fs::rename(s.path().join("out"), s.path().join("full")).unwrap();
    let full = s.path().join("full");
    let expected = files(&full);
    assert!(expected.len() >= 20, "a complete report has all its files: {expected:?}");

    let out = s.path().join("out");
    let mut saw_partial_run = false;
    for frac in [0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 0.95] {
        let mut child = report_cmd(s.path()).spawn().unwrap();
        std::thread::sleep(full_time.mul_f64(frac));
        let _ = child.kill();
        let _ = child.wait();
        let present = files(&out);
        let visible: Vec<_> = present.iter().filter(|p| !is_temp(p)).collect();
        saw_partial_run |= visible.len() < expected.len();
        for rel in visible {
            let got = std::fs::read(out.join(rel)).unwrap();
            let want = std::fs::read(full.join(rel)).unwrap_or_default();
            assert!(
                got == want,
                "{} after a kill at {frac} of the run differs from the complete file",
                rel.display()
            );
        }
    }
    // Timing is not guaranteed, but across seven kills at least one should land mid-report.
    assert!(saw_partial_run, "no kill interrupted the report (it took {full_time:?})");

    // The next complete run removes whatever temporary files the killed runs left.
    assert!(report_cmd(s.path()).status().unwrap().success());
    let after = files(&out);
    assert!(after.iter().all(|p| !is_temp(p)), "temporary files left: {after:?}");
    assert_eq!(after, expected);
}
