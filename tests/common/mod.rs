//! Shared helpers for the integration tests: scratch directories and running the built binary.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// A scratch directory that is removed at the end of the test.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Default for Scratch {
    fn default() -> Self {
        Self::new()
    }
}

impl Scratch {
    pub fn new() -> Self {
        Scratch { dir: tempfile::tempdir().expect("tempdir") }
    }

    /// Writes `content` to `name` inside the scratch directory and returns its path.
    pub fn file(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, content).expect("write");
        p
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// The `hirecal` binary, run inside `dir`.
pub fn hirecal(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("hirecal").expect("binary");
    c.current_dir(dir);
    c
}

/// Runs the binary and returns (exit code, stdout, stderr).
pub fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = hirecal(dir).args(args).output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A small valid long-layout scorecards file: 4 candidates × 2 interviewers × 2 questions.
pub const GOOD_SCORECARDS: &str = "\
candidate_id,interviewer_id,question_id,score,interview_date,recommendation
c1,i1,q1,3,2025-01-10,yes
c1,i1,q2,4,2025-01-10,yes
c1,i2,q1,2,2025-01-10,no
c1,i2,q2,3,2025-01-10,no
c2,i1,q1,4,2025-01-11,strong_yes
c2,i1,q2,5,2025-01-11,strong_yes
c2,i2,q1,4,2025-01-11,yes
c2,i2,q2,4,2025-01-11,yes
c3,i1,q1,1,2025-01-12,strong_no
c3,i1,q2,2,2025-01-12,strong_no
c3,i2,q1,2,2025-01-12,no
c3,i2,q2,1,2025-01-12,no
";

/// Outcomes for the candidates of [`GOOD_SCORECARDS`].
pub const GOOD_OUTCOMES: &str = "\
candidate_id,hired,perf_rating_12m,retained_12m
c1,true,3.5,yes
c2,true,4.2,yes
c3,false,,
";

/// `tests/data` of this checkout.
pub fn test_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// A `key,value` CSV of reference numbers in `tests/data` (written by a script in `tests/reference/`).
pub fn expected_values(file: &str) -> std::collections::HashMap<String, f64> {
    let text = std::fs::read_to_string(test_data().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    text.lines()
        .skip(1)
        .map(|l| {
            let (k, v) = l.split_once(',').expect("key,value");
            (k.to_string(), v.parse().expect("number"))
        })
        .collect()
}

/// `simulate --candidates n --seed seed` (library call) into a scratch directory, loaded as a
/// `Dataset` with the default config, with its truth.json. Keep the scratch alive while the files
/// are needed.
pub fn simulated(n: usize, seed: u64) -> (Scratch, hirecal::dataset::Dataset, serde_json::Value) {
    let s = Scratch::new();
    let opts = hirecal::simulate::SimOptions { candidates: n, seed, ..Default::default() };
    hirecal::simulate::write_all(&opts, s.path()).expect("simulate");
    let inputs = hirecal::ingest::Inputs {
        scorecards: s.path().join("scorecards.csv"),
        outcomes: vec![s.path().join("outcomes.csv")],
        questions: Some(s.path().join("questions.csv")),
    };
    let (ds, _) = hirecal::ingest::load(
        &inputs,
        &hirecal::config::Config::default(),
        &hirecal::ingest::LoadOptions::default(),
    )
    .expect("simulated data loads");
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.path().join("truth.json")).expect("truth"))
            .expect("json");
    (s, ds, truth)
}
