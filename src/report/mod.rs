//! Output: text tables, CSV, JSON and (later) charts. Never computes statistics.

pub mod files;
pub mod fmt;
pub mod interviewers;
pub mod questions;
pub mod summary;
