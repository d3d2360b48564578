//! Outputs over [`crate::analysis::Results`]: terminal tables, CSV, summary.json, charts, report.html,
//! report.pdf and the calibration cards, each an [`export::Exporter`]. Never computes a statistic.

pub mod assemble;
pub mod cards;
pub mod chart_set;
pub mod charts;
pub mod decisions;
pub mod document;
pub mod export;
pub mod fairness;
pub mod files;
pub mod fmt;
pub mod generalizability;
pub mod glossary;
pub mod html;
pub mod interviewers;
pub mod narrative;
pub mod pdf;
pub mod questions;
pub mod render;
pub mod summary;
pub mod svg_table;
