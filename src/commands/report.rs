//! `hirecal report`: run every analysis and write the outputs into `--out`: summary.json,
//! questions.csv, interviewers.csv, charts, report.html and report.pdf.

use std::path::{Path, PathBuf};

use crate::analysis::interviewers::{self, Computed, InterviewersReport};
use crate::analysis::panel::{self, PanelResult};
use crate::analysis::questions::{self, QuestionsReport};
use crate::analysis::{model, views};
use crate::cli::{ChartFormat, ReportArgs, RunConfig};
use crate::dataset::Dataset;
use crate::progress::Phase;
use crate::report::files::{prepare_out_dir, write_atomic};
use crate::report::html::{self, Section};
use crate::report::pdf::{write_report_pdf, Page};
use crate::report::render::{svg_string, write_chart, Chart, Format};
use crate::report::summary::{InputHashes, InputsSection, Provenance, Summary};
use crate::report::{assemble, narrative};

/// Everything computed for a report.
struct Results {
    questions: QuestionsReport,
    interviewers: InterviewersReport,
    panel: PanelResult,
    computed: Computed,
}

/// Runs `report`.
pub fn run(args: &ReportArgs) -> anyhow::Result<()> {
    let rc = RunConfig::from_args(&args.input)?;
    // Provenance records each input's SHA-256: CSV inputs are hashed as they are read.
    crate::ingest::limits::hash_while_reading(true);
    let phase = Phase::start("load");
    let (mut ds, _) = rc.load()?;
    drop(phase);
    // Files not hashed while they were read (Parquet, JSON) are hashed beside the analysis.
    let mut to_hash = vec![rc.inputs.scorecards.clone()];
    to_hash.extend(rc.inputs.outcomes.iter().cloned());
    to_hash.extend(rc.inputs.questions.iter().cloned());
    to_hash.retain(|p| crate::ingest::limits::digest_of(p).is_none());
    let hashes = InputHashes::start(to_hash);
    if !args.with_examples && rc.pseudonymize_key.is_none() {
        crate::privacy::withhold_examples(
            &mut ds,
            "from the report; see `hirecal check` or use --with-examples",
        );
    }
    let opts = args.analysis.validity_options(&rc);
    let iv_opts = super::interviewers::options(&rc, None);
    // The interviewer model and the question analysis do not depend on each other: they run side by
    // side (the model is mostly one thread; the questions' bootstraps use what is left). Likewise the
    // interviewer and panel analyses below. Each is deterministic, so the results do not change.
    let (computed, q) = rayon::join(
        || {
            let _phase = Phase::start("model");
            Computed::of(&ds, &iv_opts.model)
        },
        || {
            let _phase = Phase::start("questions");
            questions::analyse(&ds, rc.outcome.as_deref(), &opts)
        },
    );
    let mut q = q?;
    let panel_opts = super::panel::options(&rc);
    let (adjusted, (iv, p)) = rayon::join(
        || {
            let _phase = Phase::start("adjusted validity");
            let adjusted = model::adjusted_panel_scores(&ds, &computed.fit);
            questions::set_adjusted_validity(&mut q, &ds, &adjusted, rc.outcome.as_deref(), &opts)
        },
        || {
            rayon::join(
                || {
                    let _phase = Phase::start("interviewers");
                    interviewers::analyse_with(&ds, &computed, rc.outcome.as_deref(), &iv_opts)
                },
                || {
                    let _phase = Phase::start("panel");
                    panel::analyse_with(&ds, &computed.design, &computed.cells, &panel_opts)
                },
            )
        },
    );
    adjusted?;
    let iv = iv?;
    let res = Results { questions: q, interviewers: iv, panel: p, computed };

    let mut inputs: Vec<PathBuf> = vec![rc.inputs.scorecards.clone()];
    inputs.extend(rc.inputs.outcomes.iter().cloned());
    inputs.extend(rc.inputs.questions.iter().cloned());
    inputs.extend(rc.config_path.iter().cloned());
    let names = [
        "summary.json",
        "questions.csv",
        "interviewers.csv",
        "report.html",
        "report.pdf",
        "pseudonymize.key",
    ];
    prepare_out_dir(&args.out, &inputs, &names)?;

    let phase = Phase::start("provenance (hashes)");
    let provenance = Provenance::of(&ds, &rc.config, rc.seed, opts.bootstrap, &hashes.finish());
    drop(phase);
    let _phase = Phase::start("writing");
    let summary = Summary {
        provenance,
        inputs: InputsSection::of(&ds, res.questions.outcome.as_ref().map(|o| o.name.as_str())),
        questions: &res.questions,
        interviewers: &res.interviewers.interviewers,
        panel: &res.panel,
    };
    if let (true, Some(key)) = (rc.key_generated, &rc.pseudonymize_key) {
        write_atomic(&args.out.join("pseudonymize.key"), format!("{key}\n").as_bytes())?;
    }
    write_atomic(
        &args.out.join("summary.json"),
        (serde_json::to_string_pretty(&summary)? + "\n").as_bytes(),
    )?;
    write_atomic(&args.out.join("questions.csv"), &crate::report::questions::csv(&res.questions))?;
    write_atomic(&args.out.join("interviewers.csv"), &crate::report::interviewers::csv(&res.interviewers))?;

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
    let spinner = crate::progress::Progress::spinner("drawing charts and the report");
    let charts = Charts::of(&ds, &res, args.min_cell);
    let mut written = 0;
    if !formats.is_empty() {
        written = charts.write(&args.out.join("charts"), &formats)?;
    }
    let methods = narrative::methods(res.questions.selection, opts.bootstrap, rc.seed);
    let sections = sections(&ds, &res, &summary.inputs, &charts, &methods)?;
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
    // The PDF (fonts, vector tables) takes longest: the HTML page is written beside it.
    let (page, pdf) = rayon::join(
        || write_atomic(&args.out.join("report.html"), html::page(title, &meta, &sections).as_bytes()),
        || write_report_pdf(&pdf_pages(title, &meta, &sections), args.paper, &args.out.join("report.pdf")),
    );
    page?;
    pdf?;
    spinner.done();
    let flagged = res.interviewers.interviewers.iter().filter(|i| assemble::is_flagged(i)).count();
    super::print(&format!(
        "wrote {dir}/: summary.json, questions.csv, interviewers.csv, report.html, report.pdf{charts}\n\
         {nq} questions ({pred} predictive), {ni} interviewers ({flagged} flagged), outcome: {out}\n\
         open {dir}/report.html to read it\n",
        dir = args.out.display(),
        charts = if written > 0 { format!(", {written} chart files in charts/") } else { String::new() },
        nq = res.questions.questions.len(),
        pred = res.questions.questions.iter().filter(|q| q.stats.verdict.as_str() == "predictive").count(),
        ni = res.interviewers.interviewers.len(),
        out = res.questions.outcome.as_ref().map_or("none", |o| o.name.as_str()),
    ))
}

/// Rows per table page in the PDF, so text stays legible.
const TABLE_ROWS_PER_PAGE: usize = 22;

/// The PDF pages: a cover with the headline findings, then each section (its table split over pages of
/// at most [`TABLE_ROWS_PER_PAGE`] rows, drawn as vector SVG), each chart, data quality and methods.
fn pdf_pages(title: &str, meta: &str, sections: &[Section]) -> Vec<Page> {
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
        if s.svg.is_some() || !s.paragraphs.is_empty() {
            pages.push(Page { title: s.title.clone(), paragraphs: s.paragraphs.clone(), svg: s.svg.clone() });
        }
        if let Some((head, rows)) = &s.table {
            let chunks: Vec<&[Vec<String>]> = rows.chunks(TABLE_ROWS_PER_PAGE).collect();
            for (i, chunk) in chunks.iter().enumerate() {
                let suffix =
                    if chunks.len() > 1 { format!(" ({}/{})", i + 1, chunks.len()) } else { String::new() };
                pages.push(Page {
                    title: format!("{} — table{suffix}", s.title),
                    paragraphs: Vec::new(),
                    svg: Some(crate::report::svg_table::table_svg(head, chunk, 60)),
                });
            }
        }
    }
    pages
}

/// The nine charts' prepared data.
struct Charts {
    validity: crate::report::charts::QuestionValidityData,
    quadrant: crate::report::charts::QuadrantData,
    leniency: crate::report::charts::LeniencyData,
    funnel: crate::report::charts::FunnelData,
    distribution: crate::report::charts::DistributionData,
    drift: crate::report::charts::DriftData,
    outcome: crate::report::charts::OutcomeByScoreData,
    reliability: crate::report::charts::PanelReliabilityData,
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
        n += write_chart(&self.d_study, dir, formats)?.len();
        Ok(n)
    }
}

fn svg<C: Chart>(c: &C) -> anyhow::Result<Option<String>> {
    Ok(Some(svg_string(c)?))
}

/// The report's sections, in reading order.
fn sections(
    ds: &Dataset,
    res: &Results,
    inputs: &InputsSection,
    charts: &Charts,
    methods: &[String],
) -> anyhow::Result<Vec<Section>> {
    let q = &res.questions;
    let mut summary_words = narrative::questions(q);
    summary_words.extend(narrative::panel(&res.panel));
    summary_words.extend(narrative::interviewers(&res.interviewers));
    let mut s = vec![Section { title: "Summary".into(), paragraphs: summary_words, svg: None, table: None }];
    s.push(Section {
        title: "Which questions predict performance".into(),
        paragraphs: vec![
            "Hollow markers: correlation with the outcome among hires. Filled markers: corrected for the fact that \
             hires were selected on the interview scores — the estimate to use. Bars are 95% intervals."
                .into(),
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
        paragraphs: vec![
            "Mean outcome of hires in each fifth of the hires' panel scores, with 95% intervals.".into(),
        ],
        svg: svg(&charts.outcome)?,
        table: None,
    });
    s.push(Section {
        title: "Interviewer leniency".into(),
        paragraphs: narrative::interviewers(&res.interviewers),
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
        paragraphs: vec!["Leniency by quarter for the interviewers whose scoring moved most.".into()],
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
    let _ = ds;
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
