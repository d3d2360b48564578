//! Analysis: `Dataset` → results structs. Never prints, never writes files. [`run::Analysis`] is the
//! entry point that runs the parts an output needs and returns [`run::Results`].

pub mod bands;
pub mod design;
pub mod fairness;
pub mod generalizability;
pub mod interviewers;
pub mod model;
pub mod panel;
pub mod provenance;
pub mod quality;
pub mod questions;
pub mod run;
pub mod scores;
pub mod validity;
pub mod views;

pub use run::{Analysis, Inputs, Options, Parts, Results};
