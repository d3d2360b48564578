//! Output: text tables, CSV, JSON and (later) charts. Never computes statistics.

pub mod assemble;
pub mod cards;
pub mod charts;
pub mod decisions;
pub mod fairness;
pub mod files;
pub mod fmt;
pub mod generalizability;
pub mod html;
pub mod interviewers;
pub mod narrative;
pub mod pdf;
pub mod questions;
pub mod render;
pub mod summary;
pub mod svg_table;
