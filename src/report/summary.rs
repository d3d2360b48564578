//! `summary.json`: the serialization of [`Results`] — provenance, inputs and every analysis section,
//! with the names the contract gives them.

use serde::Serialize;

use crate::analysis::fairness::FairnessReport;
use crate::analysis::interviewers::{InterviewerResult, InterviewersMeta};
use crate::analysis::panel::PanelResult;
use crate::analysis::provenance::{InputsSection, Provenance};
use crate::analysis::questions::QuestionsReport;
use crate::analysis::Results;

/// The whole `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary<'a> {
    /// Provenance.
    pub provenance: &'a Provenance,
    /// Inputs.
    pub inputs: &'a InputsSection,
    /// The question analysis (`outcome`, `selection`, `note`, `questions`, `competencies`,
    /// `question_comparisons`, `process`), flattened into the top level.
    #[serde(flatten)]
    pub questions: &'a QuestionsReport,
    /// `interviewers[]`.
    pub interviewers: &'a [InterviewerResult],
    /// `interviewers_meta`: the false-discovery rate of the flags and the expected false flags.
    pub interviewers_meta: &'a InterviewersMeta,
    /// `panel`.
    pub panel: &'a PanelResult,
    /// `fairness`: adverse impact by group, only with `--groups`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fairness: Option<&'a FairnessReport>,
}

impl<'a> Summary<'a> {
    /// The summary of a full run (every part computed).
    pub fn of(r: &'a Results) -> crate::error::Result<Summary<'a>> {
        let iv = r.interviewers()?;
        Ok(Summary {
            provenance: r.provenance()?,
            inputs: &r.inputs,
            questions: r.questions()?,
            interviewers: &iv.interviewers,
            interviewers_meta: &iv.interviewers_meta,
            panel: r.panel()?,
            fairness: r.fairness.as_ref(),
        })
    }

    /// The JSON text, pretty-printed, with a final newline.
    pub fn json(&self) -> serde_json::Result<String> {
        Ok(serde_json::to_string_pretty(self)? + "\n")
    }
}
