//! One module per subcommand: each has a `run` that takes its parsed flags.

pub mod check;
pub mod fairness;
pub mod interviewers;
pub mod panel;
pub mod questions;
pub mod report;
pub mod simulate;

use std::io::Write;

/// Writes `text` to stdout; a closed pipe (`hirecal check | head`) is not an error.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}
