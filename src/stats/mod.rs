//! Pure statistical functions on slices: no polars, no I/O, no printing.
//!
//! Every function documents its formula, its reference and its invariants, and returns
//! `Option`/`Result` where a statistic is undefined instead of NaN.

pub mod auc;
pub mod binary_selection;
pub mod bootstrap;
pub mod correlation;
pub mod count_sums;
pub mod descriptive;
pub mod fdr;
pub mod features;
pub mod fisher_combine;
pub mod flag_tests;
pub mod intervals;
pub mod normal_sums;
pub mod ols;
pub mod power;
pub mod range_restriction;

pub mod adverse_impact;
pub mod agreement;
pub mod gtheory;
pub mod icc;
pub mod krippendorff;
pub mod reml;
