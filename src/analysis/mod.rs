//! Analysis: `Dataset` → results structs. Never prints, never writes files.

pub mod bands;
pub mod design;
pub mod fairness;
pub mod generalizability;
pub mod interviewers;
pub mod model;
pub mod panel;
pub mod questions;
pub mod scores;
pub mod validity;
pub mod views;
