//! `hirecal report`: run every analysis and write the outputs into `--out`: summary.json,
//! questions.csv, interviewers.csv, charts, report.html and report.pdf.

use std::path::{Path, PathBuf};

use crate::analysis::interviewers::{self, Computed, InterviewersReport};
use crate::analysis::panel::{self, PanelResult};
use crate::analysis::questions::{self, QuestionsReport};
use crate::analysis::{model, views};
use crate::commands::args::RunConfig;
use crate::dataset::Dataset;
use crate::report::files::{prepare_out_dir, write_atomic};
use crate::report::html::{self, Section};
use crate::report::pdf::{write_report_pdf, Page};
use crate::report::render::{svg_string, write_chart, Chart, Format};
use crate::report::summary::{InputHashes, InputsSection, Provenance, Summary};
use crate::report::{assemble, narrative};
use crate::stats::normal_sums::IntervalMethod;

use clap::{Args, ValueEnum};

use super::args::{parse_fdr, AnalysisArgs, InputArgs};

/// Chart formats for `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartFormat {
    /// PNG.
    Png,
    /// SVG.
    Svg,
    /// PDF.
    Pdf,
    /// No charts.
    None,
}

/// `hirecal report` flags.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Statistics.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    /// Output directory.
    #[arg(long, default_value = "reports")]
    pub out: PathBuf,
    /// Where a generated --pseudonymize key is written; default beside --out, not inside it
    /// (`--out reports` → reports.pseudonymize.key), so the folder can be shared without it.
    #[arg(long, value_name = "FILE", requires = "pseudonymize")]
    pub key_file: Option<PathBuf>,
    /// Chart formats, comma-separated; none draws no chart at all (no chart files, and no charts in
    /// report.html or report.pdf).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "png,svg,pdf")]
    pub charts: Vec<ChartFormat>,
    /// Interviewers with fewer scorecards than this (and questions rated for fewer candidates) are
    /// left out of the charts, since small cells identify people; the report says who was left out,
    /// and they stay in the tables. With --groups, groups and group cells under N are suppressed
    /// everywhere (tables, charts, JSON).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub min_cell: usize,
    /// Groups file (CSV or .parquet: candidate_id plus group columns such as gender): adds the adverse-impact
    /// analysis (`fairness` in summary.json, a report section and the impact-ratio chart). See `hirecal fairness --help`.
    #[arg(long, value_name = "FILE")]
    pub groups: Option<PathBuf>,
    /// Paper size of report.pdf (landscape).
    #[arg(long, value_enum, default_value_t = crate::report::pdf::Paper::A4)]
    pub paper: crate::report::pdf::Paper,
    /// Quote each row problem's first message in summary.json (`inputs.dropped[].example`). Messages
    /// quote values from the row, candidate ids among them, so by default the example names only the
    /// file and line; `hirecal check` prints the messages on your terminal.
    #[arg(long)]
    pub with_examples: bool,
    /// False-discovery rate of interviewer flags, per flag kind (default 0.10, or [analysis] flag_fdr).
    /// Example: --flag-fdr 0.05 for fewer, surer flags.
    #[arg(long, value_name = "Q", value_parser = parse_fdr)]
    pub flag_fdr: Option<f64>,
    /// Calibration cards: `pdf` writes interviewer_cards.pdf, one page per interviewer with at least
    /// --min-cell scorecards, flagged first (honours --pseudonymize); `none` skips it.
    /// Example: --cards none
    #[arg(long, value_enum, default_value_t = Cards::Pdf)]
    pub cards: Cards,
}

/// Whether `report` writes the calibration cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Cards {
    /// interviewer_cards.pdf.
    Pdf,
    /// No cards.
    None,
}

/// Everything computed for a report.
struct Results {
    questions: QuestionsReport,
    interviewers: InterviewersReport,
    panel: PanelResult,
    computed: Computed,
    /// Adverse impact, with `--groups`.
    fairness: Option<crate::analysis::fairness::FairnessReport>,
}

/// Runs `report`.
pub fn run(args: &ReportArgs) -> anyhow::Result<()> {
    let mut rc = RunConfig::from_args(&args.input)?;
    // Provenance records each input's SHA-256: CSV inputs are hashed as they are read.
    rc.hash_inputs = true;
    let phase = rc.progress.phase("load");
    let (mut ds, notes) = rc.load()?;
    super::tell_what_happened(&ds, &notes);
    drop(phase);
    // Files not hashed while they were read (Parquet, JSON) are hashed beside the analysis.
    let mut to_hash = vec![rc.inputs.scorecards.clone()];
    to_hash.extend(rc.inputs.outcomes.iter().cloned());
    to_hash.extend(rc.inputs.questions.iter().cloned());
    to_hash.retain(|p| ds.digest_of(p).is_none());
    let hashes = InputHashes::start(to_hash);
    if !args.with_examples && rc.pseudonymize_key.is_none() {
        crate::privacy::withhold_examples(
            &mut ds,
            "from the report; see `hirecal check` or use --with-examples",
        );
    }
    let opts = args.analysis.validity_options(&rc);
    let iv_opts = super::interviewers::options(&rc, None, args.flag_fdr);
    // The interviewer model and the question analysis do not depend on each other: they run side by
    // side (the model is mostly one thread; the questions' bootstraps use what is left). Likewise the
    // interviewer and panel analyses below. Each is deterministic, so the results do not change.
    let (computed, q) = rayon::join(
        || {
            let _phase = rc.progress.phase("model");
            Computed::of(&ds, &iv_opts.model)
        },
        || {
            let _phase = rc.progress.phase("questions");
            questions::analyse(&ds, rc.outcome.as_deref(), &opts)
        },
    );
    let mut q = q?;
    let panel_opts = super::panel::options(&rc);
    let (adjusted, (iv, p)) = rayon::join(
        || {
            let _phase = rc.progress.phase("adjusted validity");
            let adjusted = model::adjusted_panel_scores(&ds, &computed.fit);
            questions::set_adjusted_validity(&mut q, &ds, &adjusted, rc.outcome.as_deref(), &opts)
        },
        || {
            rayon::join(
                || {
                    let _phase = rc.progress.phase("interviewers");
                    interviewers::analyse_with(&ds, &computed, rc.outcome.as_deref(), &iv_opts)
                },
                || {
                    let _phase = rc.progress.phase("panel");
                    panel::analyse_with(&ds, &computed.design, &computed.cells, &panel_opts)
                },
            )
        },
    );
    adjusted?;
    let iv = iv?;
    let fairness = match &args.groups {
        Some(path) => {
            let _phase = rc.progress.phase("fairness");
            Some(super::fairness::analyse_groups(&rc, &mut ds, path, &computed.fit, args.min_cell.max(1))?)
        }
        None => None,
    };
    let res = Results { questions: q, interviewers: iv, panel: p, computed, fairness };

    let mut inputs: Vec<PathBuf> = vec![rc.inputs.scorecards.clone()];
    inputs.extend(rc.inputs.outcomes.iter().cloned());
    inputs.extend(rc.inputs.questions.iter().cloned());
    inputs.extend(rc.config_path.iter().cloned());
    inputs.extend(args.groups.iter().cloned());
    let names = [
        "summary.json",
        "questions.csv",
        "interviewers.csv",
        "report.html",
        "report.pdf",
        "interviewer_cards.pdf",
        "pseudonymize.key",
    ];
    prepare_out_dir(&args.out, &inputs, &names)?;

    let inputs = InputsSection::of(&ds, res.questions.outcome.as_ref().map(|o| o.name.as_str()));
    let phase = rc.progress.phase("provenance (hashes)");
    // The configuration as the readers used it (an ATS source sets its own columns and scale).
    let effective = crate::ingest::ats::effective_config(&rc.config)?;
    let provenance =
        Provenance::of(&ds, &effective, rc.seed, opts.bootstrap, inputs.hires_with_outcome, &hashes.finish());
    drop(phase);
    let _phase = rc.progress.phase("writing");
    let summary = Summary {
        provenance,
        inputs,
        questions: &res.questions,
        interviewers: &res.interviewers.interviewers,
        interviewers_meta: &res.interviewers.interviewers_meta,
        panel: &res.panel,
        fairness: res.fairness.as_ref(),
    };
    let key_path = match (rc.key_generated, &rc.pseudonymize_key) {
        (true, Some(key)) => {
            let path = args.key_file.clone().unwrap_or_else(|| crate::privacy::default_key_path(&args.out));
            write_atomic(&path, format!("{key}\n").as_bytes())?;
            Some(path)
        }
        _ => None,
    };
    write_atomic(
        &args.out.join("summary.json"),
        (serde_json::to_string_pretty(&summary)? + "\n").as_bytes(),
    )?;
    let full = args.analysis.precision == crate::commands::args::Precision::Full;
    write_atomic(&args.out.join("questions.csv"), &crate::report::questions::csv(&res.questions, full))?;
    write_atomic(
        &args.out.join("interviewers.csv"),
        &crate::report::interviewers::csv(&res.interviewers, full),
    )?;

    let formats: Vec<Format> = args
        .charts
        .iter()
        .filter_map(|c| match c {
            ChartFormat::Png => Some(Format::Png),
            ChartFormat::Svg => Some(Format::Svg),
            ChartFormat::Pdf => Some(Format::Pdf),
            ChartFormat::None => None,
        })
        .collect();
    let spinner = rc.progress.spinner("drawing charts and the report");
    let charts = Charts::of(&ds, &res, args.min_cell);
    let mut written = 0;
    if !formats.is_empty() {
        written = charts.write(&args.out.join("charts"), &formats)?;
    }
    let methods = narrative::methods(
        &res.questions.selection,
        opts.bootstrap,
        rc.seed,
        summary.provenance.interval_method == IntervalMethod::NormalSums.name(),
    );
    let mut sections = sections(&ds, &notes, &res, &summary.inputs, &charts, &methods, args.min_cell)?;
    if formats.is_empty() {
        // --charts none: no chart files and none in report.html / report.pdf either.
        for s in sections.iter_mut().filter(|s| s.svg.is_some()) {
            s.svg = None;
            s.paragraphs.push("Chart not drawn: the report was made with --charts none.".into());
        }
    }
    let meta = format!(
        "hirecal {} · {} candidates, {} interviewers, {} ratings · outcome: {} · seed {}, bootstrap B = {}",
        env!("CARGO_PKG_VERSION"),
        ds.candidates.len(),
        ds.interviewers.len(),
        ds.ratings.len(),
        res.questions.outcome.as_ref().map_or("none", |o| o.name.as_str()),
        rc.seed,
        opts.bootstrap
    );
    let title = "Interview calibration report";
    let decided = crate::report::decisions::all(&res.questions, &res.interviewers, &res.panel, opts.min_n);
    let html_page = html::page_with_decisions(title, &meta, &decided, &sections);
    let notes = html::interviewer_table_notes(&res.interviewers, 40);
    let pages = with_decisions_page(title, &decided, pdf_pages(title, &meta, &sections, &notes), args.paper);
    // The PDF (fonts, vector tables) takes longest: the HTML page is written beside it.
    let (page, pdf) = rayon::join(
        || write_atomic(&args.out.join("report.html"), html_page.as_bytes()),
        || write_report_pdf(&pages, args.paper, &args.out.join("report.pdf")),
    );
    page?;
    pdf?;
    let cards = if args.cards == Cards::Pdf {
        let dist = views::distributions(&ds);
        let cards = crate::report::cards::pages(&res.interviewers, &dist, args.min_cell);
        write_report_pdf(&cards, args.paper, &args.out.join("interviewer_cards.pdf"))?;
        format!(", interviewer_cards.pdf ({} cards)", cards.len())
    } else {
        String::new()
    };
    spinner.done();
    let flagged = res.interviewers.interviewers.iter().filter(|i| assemble::is_flagged(i)).count();
    super::print(&format!(
        "wrote {dir}/: summary.json, questions.csv, interviewers.csv, report.html, report.pdf{cards}{charts}\n\
         {nq} questions ({pred} predictive), {ni} interviewers ({flagged} flagged), outcome: {out}\n\
         open {dir}/report.html to read it\n{key}",
        dir = args.out.display(),
        charts = if written > 0 { format!(", {written} chart files in charts/") } else { String::new() },
        nq = res.questions.questions.len(),
        pred = res.questions.questions.iter().filter(|q| q.stats.verdict.as_str() == "predictive").count(),
        ni = res.interviewers.interviewers.len(),
        out = res.questions.outcome.as_ref().map_or("none", |o| o.name.as_str()),
        key = key_path.map_or(String::new(), |p| format!(
            "pseudonymization key written to {} — keep it private and out of the shared folder; pass it with --pseudonymize-key to get the same pseudonyms next time\n",
            p.display()
        )),
    ))
}

/// Rows per table page in the PDF, so text stays legible.
const TABLE_ROWS_PER_PAGE: usize = 22;

/// The PDF pages: a cover with the headline findings, then each section (its table split over pages of
/// at most [`TABLE_ROWS_PER_PAGE`] rows, drawn as vector SVG), each chart, data quality and methods.
/// `table_notes` (what a table shows and what its columns mean) leave the chart page for the last page
/// of their section's table, where the reader needs them and the chart keeps its page.
fn pdf_pages(title: &str, meta: &str, sections: &[Section], table_notes: &[String]) -> Vec<Page> {
    let mut pages = Vec::new();
    for (k, s) in sections.iter().enumerate() {
        if k == 0 {
            pages.push(Page {
                title: title.to_string(),
                paragraphs: std::iter::once(meta.to_string()).chain(s.paragraphs.iter().cloned()).collect(),
                svg: None,
            });
            continue;
        }
        let (notes, paragraphs): (Vec<String>, Vec<String>) =
            s.paragraphs.iter().cloned().partition(|p| s.table.is_some() && table_notes.contains(p));
        if s.svg.is_some() || !paragraphs.is_empty() {
            pages.push(Page { title: s.title.clone(), paragraphs, svg: s.svg.clone() });
        }
        if let Some((head, rows)) = &s.table {
            let chunks: Vec<&[Vec<String>]> = rows.chunks(TABLE_ROWS_PER_PAGE).collect();
            for (i, chunk) in chunks.iter().enumerate() {
                let suffix =
                    if chunks.len() > 1 { format!(" ({}/{})", i + 1, chunks.len()) } else { String::new() };
                pages.push(Page {
                    title: format!("{} — table{suffix}", s.title),
                    paragraphs: if i + 1 == chunks.len() { notes.clone() } else { Vec::new() },
                    svg: Some(crate::report::svg_table::table_svg(head, chunk, 60)),
                });
            }
        }
    }
    pages
}

/// Page 1: the decisions, each group ending with the page of its detail; the other pages follow.
fn with_decisions_page(
    title: &str,
    groups: &[crate::report::decisions::Group],
    rest: Vec<Page>,
    paper: crate::report::pdf::Paper,
) -> Vec<Page> {
    let build = |page_of: &dyn Fn(&str) -> Option<usize>| {
        let mut paragraphs = Vec::new();
        for g in groups {
            let at =
                page_of(g.detail.section_title()).map_or(String::new(), |p| format!("  ·  detail p. {p}"));
            paragraphs.push(format!("## {}{at}", g.heading));
            paragraphs.push(g.lines.join("  ·  "));
            if let Some(n) = &g.note {
                paragraphs.push(n.clone());
            }
        }
        Page { title: format!("{title}: decisions"), paragraphs, svg: None }
    };
    // Lay out once with placeholder numbers to learn where each section starts, then fill them in.
    let draft = build(&|_| Some(99));
    let mut all = vec![draft];
    all.extend(rest.iter().cloned());
    let firsts = crate::report::pdf::first_page_numbers(&all, paper);
    let page_of = |t: &str| all.iter().position(|p| p.title == t).map(|k| firsts[k]);
    let first = build(&page_of);
    let mut out = vec![first];
    out.extend(rest);
    out
}

/// The charts' prepared data.
struct Charts {
    validity: crate::report::charts::QuestionValidityData,
    quadrant: crate::report::charts::QuadrantData,
    leniency: crate::report::charts::LeniencyData,
    funnel: crate::report::charts::FunnelData,
    distribution: crate::report::charts::DistributionData,
    drift: crate::report::charts::DriftData,
    outcome: crate::report::charts::OutcomeByScoreData,
    reliability: crate::report::charts::PanelReliabilityData,
    /// With `--groups`.
    impact: Option<crate::report::charts::ImpactRatiosData>,
    d_study: crate::report::charts::DStudyData,
}

impl Charts {
    /// `min_cell`: interviewers and questions with fewer ratings are left out of the charts.
    fn of(ds: &Dataset, res: &Results, min_cell: usize) -> Charts {
        let iv = &res.interviewers;
        let sigma = views::funnel_sigma(
            &iv.interviewers.iter().map(|i| (i.leniency_se, i.n_ratings)).collect::<Vec<_>>(),
        );
        let chosen = assemble::drift_candidates(iv, 6, min_cell);
        let quarters = views::leniency_by_quarter(ds, &res.computed.fit, &chosen, 3);
        Charts {
            validity: assemble::question_validity(&res.questions, min_cell),
            quadrant: assemble::question_quadrant(&res.questions, min_cell),
            leniency: assemble::interviewer_leniency(iv, min_cell),
            // Without any standard error the funnel has no limits; the chart then says so.
            funnel: assemble::interviewer_funnel(iv, sigma.unwrap_or(f64::NAN), min_cell),
            distribution: assemble::interviewer_distribution(iv, &views::distributions(ds), min_cell),
            drift: assemble::interviewer_drift(iv, &chosen, &quarters),
            outcome: assemble::outcome_by_score(&res.questions),
            reliability: assemble::panel_reliability(&res.panel),
            impact: res.fairness.as_ref().map(crate::report::fairness::impact_chart),
            d_study: assemble::d_study(&res.panel),
        }
    }

    /// Writes every chart in every format; returns the number of files.
    fn write(&self, dir: &Path, formats: &[Format]) -> anyhow::Result<usize> {
        let mut n = 0;
        n += write_chart(&self.validity, dir, formats)?.len();
        n += write_chart(&self.quadrant, dir, formats)?.len();
        n += write_chart(&self.leniency, dir, formats)?.len();
        n += write_chart(&self.funnel, dir, formats)?.len();
        n += write_chart(&self.distribution, dir, formats)?.len();
        n += write_chart(&self.drift, dir, formats)?.len();
        n += write_chart(&self.outcome, dir, formats)?.len();
        n += write_chart(&self.reliability, dir, formats)?.len();
        if let Some(impact) = &self.impact {
            n += write_chart(impact, dir, formats)?.len();
        }
        n += write_chart(&self.d_study, dir, formats)?.len();
        Ok(n)
    }
}

fn svg<C: Chart>(c: &C) -> anyhow::Result<Option<String>> {
    Ok(Some(svg_string(c)?))
}

/// The caption of `--min-cell`: which interviewers the charts leave out (fewer scorecards than
/// `min_cell`), naming the flagged ones, who would otherwise vanish from the pictures unnoticed.
fn hidden_by_min_cell(iv: &InterviewersReport, min_cell: usize) -> Option<String> {
    let hidden: Vec<&crate::analysis::interviewers::InterviewerResult> =
        iv.interviewers.iter().filter(|i| i.n_scorecards < min_cell).collect();
    if hidden.is_empty() {
        return None;
    }
    let flagged: Vec<&str> =
        hidden.iter().filter(|i| assemble::is_flagged(i)).map(|i| i.interviewer_id.as_str()).collect();
    Some(format!(
        "The interviewer charts leave out {} interviewer{} with fewer than {min_cell} scorecards (--min-cell: small \
         numbers identify people){}; the table below keeps them.",
        hidden.len(),
        if hidden.len() == 1 { "" } else { "s" },
        if flagged.is_empty() {
            String::new()
        } else {
            format!(", {} of them flagged ({})", flagged.len(), flagged.join(", "))
        }
    ))
}

/// The report's sections, in reading order.
fn sections(
    ds: &Dataset,
    notes: &crate::ingest::LoadNotes,
    res: &Results,
    inputs: &InputsSection,
    charts: &Charts,
    methods: &[String],
    min_cell: usize,
) -> anyhow::Result<Vec<Section>> {
    let q = &res.questions;
    let mut summary_words = narrative::questions(q);
    summary_words.extend(narrative::panel(&res.panel));
    summary_words.extend(narrative::interviewers(&res.interviewers));
    let mut s = vec![Section { title: "Summary".into(), paragraphs: summary_words, svg: None, table: None }];
    s.push(Section {
        title: "Which questions predict performance".into(),
        paragraphs: vec![
            format!(
                "Hollow markers: correlation with the outcome among hires. Filled markers: corrected for the fact \
                 that hires were selected on the interview scores — the estimate to use. Bars are {} intervals.",
                crate::report::fmt::level(q.confidence)
            ),
        ],
        svg: svg(&charts.validity)?,
        table: Some(html::question_table(q)),
    });
    s.push(Section {
        title: "Decision weight against validity".into(),
        paragraphs: vec![
            "How strongly each question drove the hire decision (decision AUC; .5 = not at all) against how well it \
             predicts the outcome. Questions in the shaded corner drive decisions without predicting anything."
                .into(),
        ],
        svg: svg(&charts.quadrant)?,
        table: None,
    });
    s.push(Section {
        title: "Outcome by panel score".into(),
        paragraphs: vec![format!(
            "Mean outcome of hires in each fifth of the hires' panel scores, with {} intervals.",
            crate::report::fmt::level(q.confidence)
        )],
        svg: svg(&charts.outcome)?,
        table: None,
    });
    s.push(Section {
        title: "Interviewer leniency".into(),
        paragraphs: narrative::interviewers(&res.interviewers)
            .into_iter()
            .chain(html::interviewer_table_notes(&res.interviewers, 40))
            .chain(hidden_by_min_cell(&res.interviewers, min_cell))
            .collect(),
        svg: svg(&charts.leniency)?,
        table: Some(html::interviewer_table(&res.interviewers, 40)),
    });
    s.push(Section {
        title: "Leniency against volume".into(),
        paragraphs: vec![
            "Interviewers outside the funnel's limits score differently from peers by more than chance explains \
             for their number of ratings."
                .into(),
        ],
        svg: svg(&charts.funnel)?,
        table: None,
    });
    s.push(Section {
        title: "How interviewers use the scale".into(),
        paragraphs: vec![
            "Share of each interviewer's ratings at each scale point (flagged and most unusual first)."
                .into(),
        ],
        svg: svg(&charts.distribution)?,
        table: None,
    });
    s.push(Section {
        title: "Drift over time".into(),
        paragraphs: std::iter::once(
            "Leniency by quarter for the interviewers whose scoring moved most.".to_string(),
        )
        .chain(
            super::dates_missing_why(ds)
                .map(|why| format!("{why}. Drift is measured on dated scorecards only.")),
        )
        .collect(),
        svg: svg(&charts.drift)?,
        table: None,
    });
    s.push(Section {
        title: "Panel reliability".into(),
        paragraphs: narrative::panel(&res.panel),
        svg: svg(&charts.reliability)?,
        table: Some(html::panel_table(&res.panel)),
    });
    s.push(Section {
        title: "How many interviewers, how many questions".into(),
        paragraphs: crate::report::generalizability::sentences(&res.panel),
        svg: svg(&charts.d_study)?,
        table: res.panel.generalizability.as_ref().map(crate::report::generalizability::components_table),
    });
    if let (Some(f), Some(chart)) = (&res.fairness, &charts.impact) {
        use crate::report::fairness as fr;
        s.push(Section {
            title: "Adverse impact: selection rates by group".into(),
            paragraphs: fr::narrative(f),
            svg: None,
            table: Some(fr::selection_table(f)),
        });
        s.push(Section {
            title: "Impact ratios against the four-fifths line".into(),
            paragraphs: vec![
                format!(
                    "Each group's selection rate over the reference group's (the highest rate), with {} intervals. \
                     A wide interval that crosses 0.80 and 1.0 means the data cannot tell.",
                    crate::report::fmt::level(f.confidence)
                ),
            ],
            svg: svg(chart)?,
            table: None,
        });
        s.push(Section {
            title: "Adverse impact: score gaps by question".into(),
            paragraphs: vec![
                "Standardized gap d of each group's question scores against the reference group (negative: the group \
                 scores lower), with 95% intervals, t-test p and Benjamini–Hochberg q across the column's cells. \
                 A gap alone says nothing about its cause; compare it with the question's validity."
                    .into(),
            ],
            svg: None,
            table: Some(fr::questions_table(f)),
        });
        s.push(Section {
            title: "Adverse impact: interviewers".into(),
            paragraphs: vec![format!(
                "Does an interviewer rate a group lower than other interviewers rate the same candidates? Gap: the \
                 interviewer's mean model residual on the group's scorecards minus that on the reference group's, \
                 in score points. group_gap marks q ≤ {:.2} and a gap of at least 0.2 rating SD. Listed: flagged \
                 comparisons, then the smallest q.",
                f.flag_fdr
            )],
            svg: None,
            table: Some(fr::interviewers_table(f, 5)),
        });
        s.push(Section {
            title: "Adverse impact: differential prediction".into(),
            paragraphs: vec![
                "Among hires with an outcome: outcome = b0 + b1·score + b2·group + b3·score·group (Cleary 1968). \
                 The intercept difference (at the hires' mean panel score) and the slope difference say whether one \
                 prediction line serves both groups; a positive intercept difference means the common line \
                 under-predicts the group."
                    .into(),
            ],
            svg: None,
            table: (!f.prediction.is_empty()).then(|| fr::prediction_table(f)),
        });
    }
    let mut quality = vec![format!(
        "{} ratings used from {} score cells; {} candidates, {} interviewers, {} questions, {} hires.",
        inputs.ratings_used,
        inputs.rating_cells_read,
        inputs.candidates,
        inputs.interviewers,
        inputs.questions,
        inputs.hires
    )];
    if inputs.dropped.is_empty() {
        quality.push("Nothing was skipped.".into());
    }
    if let Some(why) = super::dates_missing_why(ds) {
        quality.push(format!("{why}."));
    }
    let interviewers_only = crate::ingest::LoadNotes {
        similar_interviewers: notes.similar_interviewers.clone(),
        ..Default::default()
    };
    let similar = super::similar_ids_lines(
        &interviewers_only,
        |c| ds.interviewers.name(c).to_string(),
        |_| String::new(),
        20,
    );
    if !similar.is_empty() {
        quality.push(format!(
            "Interviewer ids that may be the same person (they differ only by case, spaces or punctuation) are \
             counted as different people: {}. Set [ids] fold_case = true in the config to merge case and spacing \
             variants; fix punctuation in the export.",
            similar.iter().map(|l| l.trim_start_matches("interviewers: ")).collect::<Vec<_>>().join("; ")
        ));
    }
    if !notes.similar_candidates.is_empty() {
        let ids: usize = notes.similar_candidates.iter().map(Vec::len).sum();
        quality.push(format!(
            "{ids} candidate ids fall into {} group{} that differ only by case, spaces or punctuation, so one person \
             may count as several candidates; `hirecal check` lists them (candidate ids are not printed in the report).",
            notes.similar_candidates.len(),
            if notes.similar_candidates.len() == 1 { "" } else { "s" }
        ));
    }
    s.push(Section {
        title: "Data quality".into(),
        paragraphs: quality,
        svg: None,
        table: (!inputs.dropped.is_empty()).then(|| html::inputs_table(inputs)),
    });
    s.push(Section {
        title: "Methods and references".into(),
        paragraphs: methods.to_vec(),
        svg: None,
        table: None,
    });
    Ok(s)
}
