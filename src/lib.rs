//! hirecal: interview scorecards and hiring outcomes in, honest statistics out.
//!
//! The pipeline runs one way: [`ingest`] → [`dataset::Dataset`] → [`analysis`] (using the pure
//! functions of [`stats`]) → results structs → report. See `docs/architecture.md`.

pub mod analysis;
pub mod calendar;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dataset;
pub mod dates;
pub mod digest;
pub mod drops;
pub mod error;
pub mod ingest;
pub mod privacy;
pub mod progress;
pub mod report;
pub mod scale;
pub mod selection;
pub mod simulate;
pub mod stats;
