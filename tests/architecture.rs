//! The layering of docs/architecture.md, checked on the source: the core (readers, dataset, statistics,
//! analysis) never prints, draws progress, holds global mutable state or imports an output module; the
//! outputs (`report/`) never read ingest types or call a statistic. A new `println!` in `stats/` or a
//! `use crate::ingest` in `report/` fails this test.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The file's code without its unit tests (from `#[cfg(test)]` on) and without comment lines.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let body = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    body.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

fn src(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(p)
}

/// The core: everything that computes.
fn core_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["stats", "analysis", "ingest"] {
        files.extend(rust_files(&src(dir)));
    }
    for f in [
        "dataset.rs",
        "config.rs",
        "calendar.rs",
        "dates.rs",
        "digest.rs",
        "drops.rs",
        "progress.rs",
        "scale.rs",
        "selection.rs",
    ] {
        if src(f).exists() {
            files.push(src(f));
        }
    }
    files
}

/// (file, offending text) for every `needle` found in `files`.
fn find(files: &[PathBuf], needles: &[&str]) -> Vec<String> {
    let mut hits = Vec::new();
    for f in files {
        let c = code(f);
        for n in needles {
            if c.contains(n) {
                hits.push(format!("{}: {n}", f.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().display()));
            }
        }
    }
    hits
}

#[test]
fn the_core_never_prints_draws_or_imports_an_output() {
    let files = core_files();
    assert!(files.len() > 40, "the core was not found: {files:?}");
    let hits = find(
        &files,
        &[
            "println!",
            "eprintln!",
            "print!(",
            "eprint!(",
            "dbg!(",
            "std::io::stdout",
            "std::io::stderr",
            "indicatif",
            "crate::report",
            "crate::commands",
            "crate::cli",
        ],
    );
    assert!(hits.is_empty(), "the core prints or reaches for an output:\n{}", hits.join("\n"));
}

#[test]
fn the_core_holds_no_global_mutable_state() {
    let interior = ["Atomic", "Mutex", "RwLock", "OnceLock", "OnceCell", "LazyLock", "Cell<", "Lazy<"];
    let mut hits = find(&core_files(), &["static mut", "thread_local!", "lazy_static!"]);
    for f in core_files() {
        for line in code(&f).lines() {
            let t = line.trim_start();
            let t = t.strip_prefix("pub(crate) ").or_else(|| t.strip_prefix("pub ")).unwrap_or(t);
            if t.starts_with("static ") && interior.iter().any(|i| t.contains(i)) {
                hits.push(format!("{}: {t}", f.display()));
            }
        }
    }
    assert!(hits.is_empty(), "global state in the core:\n{}", hits.join("\n"));
}

#[test]
fn outputs_read_results_and_compute_nothing() {
    let files = rust_files(&src("report"));
    assert!(files.len() > 20);
    let hits = find(
        &files,
        &[
            "crate::ingest",
            "Dataset",
            "views::distributions(",
            "leniency_by_quarter(",
            "funnel_sigma(",
            "spearman_brown",
            "Computed::of",
            "model::fit",
            "::analyse(",
            "::analyse_with(",
        ],
    );
    assert!(hits.is_empty(), "an output computes or reads the data itself:\n{}", hits.join("\n"));
    // Statistics functions are off limits; only these named constants of `stats` may be quoted in words.
    let allowed = [
        "crate::stats::power::N_NEEDED_CAP",
        "crate::stats::normal_sums::LARGE_SAMPLE_ROWS",
        "crate::stats::normal_sums::IntervalMethod",
    ];
    for f in &files {
        let c = code(f);
        for (i, _) in c.match_indices("crate::stats::") {
            assert!(
                allowed.iter().any(|a| c[i..].starts_with(a)),
                "{} uses a statistic: {}",
                f.display(),
                &c[i..(i + 60).min(c.len())]
            );
        }
    }
}

#[test]
fn commands_glue_and_never_compute() {
    let files = rust_files(&src("commands"));
    let hits = find(
        &files,
        &[
            "Computed::of",
            "model::fit",
            "::analyse(",
            "::analyse_with(",
            "set_adjusted_validity",
            "adjusted_panel_scores",
        ],
    );
    assert!(hits.is_empty(), "a command computes instead of calling the core:\n{}", hits.join("\n"));
}
