//! Progress bars for long phases (reading, analysing, bootstrap), on stderr and only when stderr is a
//! terminal: pipes, files, tests and CI see nothing. `HIRECAL_PROGRESS=0` turns them off everywhere.
//!
//! A [`Progress`] is cheap to clone and `Sync` (indicatif redraws at most ~15 times a second), so it can
//! be advanced from rayon workers; a hidden one costs an atomic add per call.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

/// A progress bar, hidden when stderr is not a terminal.
#[derive(Clone)]
pub struct Progress(ProgressBar);

fn enabled() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("HIRECAL_PROGRESS").is_none_or(|v| v != "0")
}

impl Progress {
    /// A bar of `len` units labelled `what`; `bytes` formats the position as a size.
    pub fn bar(what: &str, len: u64, bytes: bool) -> Progress {
        if !enabled() {
            return Progress(ProgressBar::hidden());
        }
        let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr_with_hz(10))
            .with_finish(ProgressFinish::AndClear);
        let tpl = if bytes {
            "{msg:>10} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})"
        } else {
            "{msg:>10} [{bar:30}] {pos}/{len} ({eta})"
        };
        if let Ok(style) = ProgressStyle::with_template(tpl) {
            pb.set_style(style.progress_chars("=> "));
        }
        pb.set_message(what.to_string());
        Progress(pb)
    }

    /// A spinner for a phase of unknown length.
    pub fn spinner(what: &str) -> Progress {
        if !enabled() {
            return Progress(ProgressBar::hidden());
        }
        let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10))
            .with_finish(ProgressFinish::AndClear);
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            pb.set_style(style);
        }
        pb.set_message(what.to_string());
        pb.enable_steady_tick(Duration::from_millis(120));
        Progress(pb)
    }

    /// Advances by `n` units.
    #[inline]
    pub fn inc(&self, n: u64) {
        self.0.inc(n);
    }

    /// Sets the position.
    #[inline]
    pub fn set(&self, pos: u64) {
        self.0.set_position(pos);
    }

    /// Changes the label.
    pub fn message(&self, what: &str) {
        self.0.set_message(what.to_string());
    }

    /// Removes the bar from the terminal (dropping the last clone does the same).
    pub fn done(&self) {
        self.0.finish_and_clear();
    }
}

/// Times a phase and, when `HIRECAL_TIMINGS=1`, prints `timing: NAME S` on stderr as it ends (for
/// profiling and `benches/bench.sh`; silent otherwise).
pub struct Phase {
    name: &'static str,
    start: std::time::Instant,
}

impl Phase {
    /// Starts timing `name`.
    pub fn start(name: &'static str) -> Phase {
        Phase { name, start: std::time::Instant::now() }
    }
}

impl Drop for Phase {
    fn drop(&mut self) {
        if std::env::var_os("HIRECAL_TIMINGS").is_some_and(|v| v == "1") {
            eprintln!("timing: {:<28} {:>8.3} s", self.name, self.start.elapsed().as_secs_f64());
        }
    }
}
