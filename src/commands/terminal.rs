//! The command line's [`ProgressSink`]: indicatif bars and spinners on stderr, only when stderr is a
//! terminal (pipes, files, tests and CI see nothing; `HIRECAL_PROGRESS=0` turns them off everywhere),
//! and `timing: NAME S` lines when `HIRECAL_TIMINGS=1` (for profiling and `benches/bench.sh`).

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

use crate::progress::{Progress, ProgressSink, TaskSink};

/// Bars on the terminal, timings on request.
pub struct Terminal {
    bars: bool,
    timings: bool,
}

impl Terminal {
    /// The progress handle a command passes to the core.
    pub fn progress() -> Progress {
        let bars =
            std::io::stderr().is_terminal() && std::env::var_os("HIRECAL_PROGRESS").is_none_or(|v| v != "0");
        let timings = std::env::var_os("HIRECAL_TIMINGS").is_some_and(|v| v == "1");
        if !bars && !timings {
            return Progress::silent();
        }
        Progress::to(Arc::new(Terminal { bars, timings }))
    }
}

struct Bar(ProgressBar);

impl TaskSink for Bar {
    fn set(&self, pos: u64) {
        self.0.set_position(pos);
    }
    fn inc(&self, n: u64) {
        self.0.inc(n);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl ProgressSink for Terminal {
    fn task(&self, what: &str, len: Option<u64>, bytes: bool) -> Box<dyn TaskSink> {
        if !self.bars {
            return Box::new(Bar(ProgressBar::hidden()));
        }
        // Redrawn at most 10 times a second, so rayon workers can advance it cheaply.
        let pb = ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr_with_hz(10))
            .with_finish(ProgressFinish::AndClear);
        let tpl = match (len, bytes) {
            (None, _) => "{spinner} {msg} ({elapsed})",
            (Some(_), true) => "{msg:>10} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
            (Some(_), false) => "{msg:>10} [{bar:30}] {pos}/{len} ({eta})",
        };
        if let Ok(style) = ProgressStyle::with_template(tpl) {
            pb.set_style(style.progress_chars("=> "));
        }
        pb.set_message(what.to_string());
        if len.is_none() {
            pb.enable_steady_tick(Duration::from_millis(120));
        }
        Box::new(Bar(pb))
    }

    fn phase_ended(&self, name: &'static str, elapsed: Duration) {
        if self.timings {
            eprintln!("timing: {name:<28} {:>8.3} s", elapsed.as_secs_f64());
        }
    }
}
