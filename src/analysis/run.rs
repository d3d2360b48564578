//! The core's one entry point: [`Analysis::run`] turns what the readers returned ([`Inputs`]) into
//! [`Results`], every number and chart-ready view any output shows. Outputs (`report/`) render
//! `Results` and compute nothing; commands choose the [`Parts`] they show.
//!
//! ```text
//!            ┌─ questions ──┐ (beside the model: independent)
//! Inputs ──► ├─ model ──────┼─► adjusted validity, interviewers, panel (side by side) ─┬► fairness ─► views
//!            ├─ generalizability study (needs only the ratings) ─────────────────────────┘
//!            └─ input hashes (a thread of its own, for provenance)
//! ```
//!
//! Every step is deterministic, so running steps side by side changes no number.

use std::borrow::Cow;

use crate::analysis::design::Design;
use crate::analysis::fairness::{self, FairnessOptions, FairnessReport};
use crate::analysis::interviewers::{self, Computed, InterviewerOptions, InterviewersReport};
use crate::analysis::model::{self, ModelFit};
use crate::analysis::panel::{self, PanelOptions, PanelResult};
use crate::analysis::provenance::{InputsSection, PendingHashes, Provenance, RunInfo};
use crate::analysis::quality::DataQuality;
use crate::analysis::questions::{self, QuestionsReport};
use crate::analysis::validity::ValidityOptions;
use crate::analysis::views::{self, Views};
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::ingest::groups::Groups;
use crate::ingest::LoadNotes;
use crate::progress::Progress;
use serde::Serialize;

/// What the readers returned.
#[derive(Debug, Default)]
pub struct Inputs {
    /// The ratings, scorecards, outcomes and ids.
    pub dataset: Dataset,
    /// What loading noticed beside the dataset (look-alike ids, repeated ratings …).
    pub notes: LoadNotes,
    /// Group membership for the adverse-impact analysis, when a groups file was read.
    pub groups: Option<Groups>,
}

/// Which parts of [`Results`] to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Parts {
    /// Question validity (`questions`, with the model-adjusted validity when there is an outcome).
    pub questions: bool,
    /// Interviewer calibration.
    pub interviewers: bool,
    /// Panel reliability and the generalizability study.
    pub panel: bool,
    /// Adverse impact (needs [`Inputs::groups`]).
    pub fairness: bool,
    /// The charts' views (needs questions, interviewers and panel).
    pub views: bool,
    /// `provenance` (input digests, the effective configuration).
    pub provenance: bool,
}

impl Parts {
    /// Everything: what `report` shows.
    pub fn all() -> Parts {
        Parts {
            questions: true,
            interviewers: true,
            panel: true,
            fairness: true,
            views: true,
            provenance: true,
        }
    }
}

/// How to analyse.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// What to compute.
    pub parts: Parts,
    /// The outcome column to analyse (default: the first).
    pub outcome: Option<String>,
    /// Question validity.
    pub validity: ValidityOptions,
    /// Interviewer calibration (and the rating model's solver).
    pub interviewers: InterviewerOptions,
    /// Panel reliability.
    pub panel: PanelOptions,
    /// Adverse impact.
    pub fairness: FairnessOptions,
    /// Views leave out interviewers with fewer scorecards (and questions rated for fewer candidates):
    /// small cells identify people.
    pub min_cell: usize,
    /// What provenance records about the run.
    pub run: RunInfo,
    /// Where long steps report progress.
    pub progress: Progress,
}

/// Everything any output shows; each part is `None` when [`Options::parts`] did not ask for it.
/// Plain data: it serializes whole (summary.json is the contract's view of it, `report::summary`).
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// `provenance`.
    pub provenance: Option<Provenance>,
    /// `inputs`: what was read and used, the drop log.
    pub inputs: InputsSection,
    /// The question analysis.
    pub questions: Option<QuestionsReport>,
    /// The interviewer analysis.
    pub interviewers: Option<InterviewersReport>,
    /// The panel analysis.
    pub panel: Option<PanelResult>,
    /// Adverse impact.
    pub fairness: Option<FairnessReport>,
    /// Chart-ready views.
    pub views: Option<Views>,
    /// What the data-quality section says (dates, look-alike ids).
    pub quality: DataQuality,
    /// The settings outputs quote (seed, B, minimum n, minimum cell).
    pub settings: Settings,
}

/// Settings the outputs quote.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Settings {
    /// `--seed`.
    pub seed: u64,
    /// Bootstrap replicates B.
    pub bootstrap: usize,
    /// Fewest hires with an outcome for a verdict on a question.
    pub min_n: usize,
    /// `--min-cell`.
    pub min_cell: usize,
}

/// Asked a part that was not computed: a programming error, reported instead of a panic.
fn missing(part: &str) -> Error {
    Error::Data(format!("internal: the {part} analysis was not run for this output"))
}

impl Results {
    /// The question analysis, or an error when it was not computed.
    pub fn questions(&self) -> Result<&QuestionsReport> {
        self.questions.as_ref().ok_or_else(|| missing("question"))
    }

    /// The interviewer analysis, or an error when it was not computed.
    pub fn interviewers(&self) -> Result<&InterviewersReport> {
        self.interviewers.as_ref().ok_or_else(|| missing("interviewer"))
    }

    /// The panel analysis, or an error when it was not computed.
    pub fn panel(&self) -> Result<&PanelResult> {
        self.panel.as_ref().ok_or_else(|| missing("panel"))
    }

    /// The adverse-impact analysis, or an error when it was not computed.
    pub fn fairness(&self) -> Result<&FairnessReport> {
        self.fairness.as_ref().ok_or_else(|| missing("adverse-impact"))
    }

    /// The charts' views, or an error when they were not computed.
    pub fn views(&self) -> Result<&Views> {
        self.views.as_ref().ok_or_else(|| missing("chart"))
    }

    /// The provenance, or an error when it was not computed.
    pub fn provenance(&self) -> Result<&Provenance> {
        self.provenance.as_ref().ok_or_else(|| missing("provenance"))
    }
}

/// The analysis of one set of inputs.
pub struct Analysis<'a> {
    inputs: &'a Inputs,
    opts: &'a Options,
}

/// What the model-based steps share: the fit once, or the panel's design alone.
struct Shared {
    computed: Option<Computed>,
}

impl<'a> Analysis<'a> {
    /// The analysis of `inputs` with `opts`.
    pub fn new(inputs: &'a Inputs, opts: &'a Options) -> Analysis<'a> {
        Analysis { inputs, opts }
    }

    /// Runs the parts `opts.parts` asks for.
    pub fn run(&self) -> Result<Results> {
        let (ds, opts, parts) = (&self.inputs.dataset, self.opts, self.opts.parts);
        let hashes = parts.provenance.then(|| PendingHashes::start(ds));
        let outcome = opts.outcome.as_deref();
        // The panel reuses the model's design and cells when the model runs anyway.
        let needs_model = parts.interviewers || parts.views;
        // The rating model and the question analysis do not depend on each other: they run side by
        // side (the model is mostly one thread; the questions' bootstraps use what is left).
        // The generalizability study needs only the ratings and is the longest single step: it runs
        // beside the model, the questions, the interviewers and the rest of the panel.
        let (g, staged) = rayon::join(
            || {
                parts.panel.then(|| {
                    let _phase = opts.progress.phase("generalizability");
                    panel::g_study(ds, &opts.panel)
                })
            },
            || -> Result<_> {
                let (computed, q) = rayon::join(
                    || {
                        needs_model.then(|| {
                            let _phase = opts.progress.phase("model");
                            Computed::of(ds, &opts.interviewers.model)
                        })
                    },
                    || {
                        parts.questions.then(|| {
                            let _phase = opts.progress.phase("questions");
                            questions::analyse_keeping_panel(ds, outcome, &opts.validity)
                        })
                    },
                );
                let (mut q, panel_scores) = q.transpose()?.unzip();
                let shared = Shared { computed };
                let (adjusted, (iv, p)) = rayon::join(
                    || self.adjusted_validity(q.as_mut(), panel_scores.as_deref(), &shared),
                    || rayon::join(|| self.interviewers(&shared), || self.panel(&shared)),
                );
                adjusted?;
                Ok((q, iv.transpose()?, p, shared))
            },
        );
        let (q, iv, p, shared) = staged?;
        let p = p.map(|p| p.with_g_study(g.flatten()));
        let fairness = self.fairness(&shared)?;
        let views = match (parts.views, &q, &iv, &p, &shared.computed) {
            (true, Some(q), Some(iv), Some(p), Some(c)) => {
                Some(views::Views::of(ds, q, iv, p, &c.fit, opts.min_cell))
            }
            _ => None,
        };
        let inputs =
            InputsSection::of(ds, q.as_ref().and_then(|q| q.outcome.as_ref()).map(|o| o.name.as_str()));
        let provenance = hashes.map(|h| {
            let _phase = opts.progress.phase("provenance (hashes)");
            Provenance::of(
                ds,
                &opts.run,
                opts.validity.seed,
                opts.validity.bootstrap,
                inputs.hires_with_outcome,
                &h.finish(),
            )
        });
        Ok(Results {
            provenance,
            inputs,
            questions: q,
            interviewers: iv,
            panel: p,
            fairness,
            views,
            quality: DataQuality::of(ds, &self.inputs.notes),
            settings: Settings {
                seed: opts.validity.seed,
                bootstrap: opts.validity.bootstrap,
                min_n: opts.validity.min_n,
                min_cell: opts.min_cell,
            },
        })
    }

    /// The question validity on model-adjusted panel scores (interviewer leniency removed), when there
    /// is an outcome and the model was fitted for another part.
    fn adjusted_validity(
        &self,
        q: Option<&mut QuestionsReport>,
        panel: Option<&[f64]>,
        shared: &Shared,
    ) -> Result<()> {
        let (Some(q), Some(panel)) = (q.filter(|q| q.outcome.is_some()), panel) else { return Ok(()) };
        let (ds, opts) = (&self.inputs.dataset, self.opts);
        let _phase = opts.progress.phase("adjusted validity");
        let fit = self.fit(shared);
        let adjusted = model::adjusted_panel_scores(ds, &fit);
        questions::set_adjusted_validity(q, ds, panel, &adjusted, opts.outcome.as_deref(), &opts.validity)
    }

    /// The rating model's fit: the one fitted for another part, or fitted here (questions or adverse
    /// impact alone).
    fn fit<'s>(&self, shared: &'s Shared) -> Cow<'s, ModelFit> {
        match &shared.computed {
            Some(c) => Cow::Borrowed(&c.fit),
            None => {
                let ds = &self.inputs.dataset;
                Cow::Owned(model::fit(ds, &Design::of(ds), &self.opts.interviewers.model))
            }
        }
    }

    fn interviewers(&self, shared: &Shared) -> Option<Result<InterviewersReport>> {
        let computed = shared.computed.as_ref().filter(|_| self.opts.parts.interviewers)?;
        let _phase = self.opts.progress.phase("interviewers");
        Some(interviewers::analyse_with(
            &self.inputs.dataset,
            computed,
            self.opts.outcome.as_deref(),
            &self.opts.interviewers,
        ))
    }

    /// The panel analysis without the generalizability study (which [`Analysis::run`] runs beside).
    fn panel(&self, shared: &Shared) -> Option<PanelResult> {
        if !self.opts.parts.panel {
            return None;
        }
        let _phase = self.opts.progress.phase("panel");
        let ds = &self.inputs.dataset;
        Some(match &shared.computed {
            Some(c) => panel::analyse_with(ds, &c.design, &c.cells, &self.opts.panel),
            None => panel::analyse_without_g_study(ds, &self.opts.panel),
        })
    }

    fn fairness(&self, shared: &Shared) -> Result<Option<FairnessReport>> {
        let (Some(groups), true) = (&self.inputs.groups, self.opts.parts.fairness) else { return Ok(None) };
        let _phase = self.opts.progress.phase("fairness");
        let fit = self.fit(shared);
        fairness::analyse(
            &self.inputs.dataset,
            groups,
            &fit,
            self.opts.outcome.as_deref(),
            &self.opts.fairness,
        )
        .map(Some)
    }
}
