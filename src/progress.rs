//! Progress reporting as the core sees it: the core announces tasks (a bar of known length, a spinner)
//! and the end of timed phases to a [`Progress`] it is given; what a user sees is the caller's business.
//! The core never draws, prints or reads the terminal: the command-line implementation (indicatif bars
//! on a terminal, `HIRECAL_TIMINGS` lines) is `commands::terminal`. A library user passes
//! [`Progress::silent`], the default.
//!
//! A [`Progress`] and its [`Task`]s are cheap to clone and `Sync`, so rayon workers can advance them.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What receives progress: implemented by the caller of the core (the CLI draws bars with it).
pub trait ProgressSink: Send + Sync {
    /// A task labelled `what` of `len` units (`None`: unknown length, a spinner); `bytes` says the
    /// units are bytes.
    fn task(&self, what: &str, len: Option<u64>, bytes: bool) -> Box<dyn TaskSink>;

    /// The phase `name` ended after `elapsed` (for profiling; ignored by default).
    fn phase_ended(&self, name: &'static str, elapsed: Duration) {
        let _ = (name, elapsed);
    }
}

/// One task's receiver of progress.
pub trait TaskSink: Send + Sync {
    /// Sets the position.
    fn set(&self, pos: u64);
    /// Advances by `n` units.
    fn inc(&self, n: u64);
    /// The task is over.
    fn finish(&self);
}

/// The handle the core receives and passes down: silent unless the caller gave a sink.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<dyn ProgressSink>>);

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "Progress(sink)" } else { "Progress(silent)" })
    }
}

/// Options that carry a [`Progress`] still compare equal: progress never changes a result.
impl PartialEq for Progress {
    fn eq(&self, _: &Progress) -> bool {
        true
    }
}

impl Progress {
    /// Reports nothing.
    pub fn silent() -> Progress {
        Progress(None)
    }

    /// Reports to `sink`.
    pub fn to(sink: Arc<dyn ProgressSink>) -> Progress {
        Progress(Some(sink))
    }

    /// A task of `len` units labelled `what`; `bytes` formats the position as a size.
    pub fn bar(&self, what: &str, len: u64, bytes: bool) -> Task {
        Task(self.0.as_ref().map(|s| Arc::from(s.task(what, Some(len), bytes))))
    }

    /// A task of unknown length.
    pub fn spinner(&self, what: &str) -> Task {
        Task(self.0.as_ref().map(|s| Arc::from(s.task(what, None, false))))
    }

    /// Times the phase `name` until the returned guard drops.
    pub fn phase(&self, name: &'static str) -> Phase {
        Phase { sink: self.0.clone(), name, start: Instant::now() }
    }
}

/// A running task; dropping the last clone does not end it, [`Task::done`] does.
#[derive(Clone)]
pub struct Task(Option<Arc<dyn TaskSink>>);

impl Task {
    /// Advances by `n` units.
    #[inline]
    pub fn inc(&self, n: u64) {
        if let Some(t) = &self.0 {
            t.inc(n);
        }
    }

    /// Sets the position.
    #[inline]
    pub fn set(&self, pos: u64) {
        if let Some(t) = &self.0 {
            t.set(pos);
        }
    }

    /// Ends the task.
    pub fn done(&self) {
        if let Some(t) = &self.0 {
            t.finish();
        }
    }
}

/// A timed phase: tells the sink its duration when dropped.
pub struct Phase {
    sink: Option<Arc<dyn ProgressSink>>,
    name: &'static str,
    start: Instant,
}

impl Drop for Phase {
    fn drop(&mut self) {
        if let Some(s) = &self.sink {
            s.phase_ended(self.name, self.start.elapsed());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Log(Mutex<Vec<String>>);
    struct LogTask(Arc<Log>, String);

    impl ProgressSink for Arc<Log> {
        fn task(&self, what: &str, len: Option<u64>, _: bool) -> Box<dyn TaskSink> {
            self.0.lock().unwrap().push(format!("start {what} {len:?}"));
            Box::new(LogTask(self.clone(), what.to_string()))
        }
        fn phase_ended(&self, name: &'static str, _: Duration) {
            self.0.lock().unwrap().push(format!("phase {name}"));
        }
    }

    impl TaskSink for LogTask {
        fn set(&self, pos: u64) {
            self.0 .0.lock().unwrap().push(format!("{} at {pos}", self.1));
        }
        fn inc(&self, n: u64) {
            self.0 .0.lock().unwrap().push(format!("{} +{n}", self.1));
        }
        fn finish(&self) {
            self.0 .0.lock().unwrap().push(format!("{} done", self.1));
        }
    }

    #[test]
    fn a_sink_hears_tasks_and_phases_and_silence_hears_nothing() {
        let log = Arc::new(Log::default());
        let p = Progress::to(Arc::new(log.clone()));
        {
            let _phase = p.phase("load");
            let t = p.bar("scorecards.csv", 10, true);
            t.set(4);
            t.clone().inc(2);
            t.done();
            p.spinner("model").done();
        }
        assert_eq!(
            *log.0.lock().unwrap(),
            [
                "start scorecards.csv Some(10)",
                "scorecards.csv at 4",
                "scorecards.csv +2",
                "scorecards.csv done",
                "start model None",
                "model done",
                "phase load"
            ]
        );
        let quiet = Progress::silent();
        quiet.bar("x", 1, false).inc(1);
        drop(quiet.phase("y"));
        assert_eq!(format!("{quiet:?}"), "Progress(silent)");
        assert_eq!(quiet, p, "progress never makes two options differ");
    }
}
