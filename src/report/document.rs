//! The report as a document — title, meta line, decisions, and sections of words, a chart and a table —
//! built from [`Results`] once for report.html and report.pdf alike. Words and layout only: every
//! number comes from the core.

use super::chart_set::{ChartSet, ErasedChart};
use super::decisions::Group;
use super::html::{self, Section};
use super::pdf::{Page, Paper};
use super::{fmt, narrative};
use crate::analysis::fairness::FairnessReport;
use crate::analysis::interviewers::InterviewersReport;
use crate::analysis::panel::PanelResult;
use crate::analysis::quality::DateCoverage;
use crate::analysis::questions::QuestionsReport;
use crate::analysis::Results;
use crate::stats::normal_sums::IntervalMethod;

/// The report's title.
pub const TITLE: &str = "Interview calibration report";

/// The report, ready to render.
pub struct Document {
    /// Title.
    pub title: String,
    /// The line under the title: version, counts, outcome, seed and B.
    pub meta: String,
    /// The decisions (page 1 of the PDF, the box at the top of the page).
    pub decisions: Vec<Group>,
    /// The sections in reading order.
    pub sections: Vec<Section>,
    /// Notes on the interviewer table (in the PDF they go with the table onto its first page).
    pub table_notes: Vec<String>,
}

impl Document {
    /// The document of a full run; `draw` false leaves charts out (`--charts none`), saying so where
    /// each would have been.
    pub fn of(res: &Results, charts: &ChartSet, draw: bool) -> anyhow::Result<Document> {
        let (q, iv, p) = (res.questions()?, res.interviewers()?, res.panel()?);
        let i = &res.inputs;
        let meta = format!(
            "hirecal {} · {} candidates, {} interviewers, {} ratings · outcome: {} · seed {}, bootstrap B = {}",
            env!("CARGO_PKG_VERSION"),
            fmt::thousands(i.candidates),
            fmt::thousands(i.interviewers),
            fmt::thousands(i.ratings_used),
            q.outcome.as_ref().map_or("none", |o| o.name.as_str()),
            res.settings.seed,
            res.settings.bootstrap
        );
        Ok(Document {
            title: TITLE.to_string(),
            meta,
            decisions: super::decisions::all(q, iv, p, res.fairness.as_ref(), res.settings.min_n),
            sections: sections(res, charts, draw)?,
            table_notes: html::interviewer_table_notes(iv, html::INTERVIEWER_TABLE_ROWS),
        })
    }

    /// report.html.
    pub fn html(&self) -> String {
        html::page_with_decisions(&self.title, &self.meta, &self.decisions, &self.sections)
    }

    /// report.pdf's pages: the decisions first, each group pointing to the page of its detail.
    pub fn pdf_pages(&self, paper: Paper) -> Vec<Page> {
        let rest = pdf_pages(&self.sections, &self.table_notes);
        let titles: Vec<&str> = self.sections.iter().map(|s| s.title.as_str()).collect();
        with_decisions_page(&self.title, &self.meta, &self.decisions, &rest, &titles, paper)
    }
}

/// The Methods section's paragraphs.
fn methods(res: &Results) -> anyhow::Result<Vec<String>> {
    let normal_sums = res.provenance()?.interval_method == IntervalMethod::NormalSums.name();
    let mut out = narrative::methods(
        &res.questions()?.selection,
        res.settings.bootstrap,
        res.settings.seed,
        normal_sums,
    );
    if res.fairness.is_some() {
        out.push(narrative::fairness_methods());
    }
    Ok(out)
}

/// Why scorecards lack an interview date, when some do (the date-based statistics — drift — use only
/// dated scorecards): "0 of 180 scorecards have an interview date: the date could not be read on 895
/// rows (first at scorecards.csv:2). If [dates] format is set …, e.g. [dates] format = …".
pub fn dates_missing_why(d: &DateCoverage) -> Option<String> {
    if d.dated == d.total {
        return None;
    }
    let head = format!("{} of {} scorecards have an interview date", d.dated, d.total);
    let n = d.unreadable;
    Some(match &d.first_unreadable {
        Some((file, line)) => format!(
            "{head}: the date could not be read on {n} row{} (first at {file}:{line}). If [dates] format is set in \
             the config, those values do not match it (`hirecal check` quotes one); if not, and dates are written \
             another way than 2025-03-14, set it, e.g. [dates] format = \"%m/%d/%Y\"",
            if n == 1 { "" } else { "s" },
        ),
        None if d.dated == 0 => format!(
            "{head}: the scorecards file has no interview date column, or it is empty (map it with \
             [scorecards] interview_date in the config)"
        ),
        None => format!("{head}: the others leave the date empty"),
    })
}

/// Lines listing ids that are probably the same person, at most `limit` groups: "interviewers: 'a'
/// (3 scorecards), 'A ' (1 scorecard)"; `who` names the kind.
pub fn similar_id_lines(groups: &[Vec<(String, usize)>], who: &str, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    for g in groups.iter().take(limit) {
        let members: Vec<String> = g
            .iter()
            .map(|(name, n)| format!("'{name}' ({n} scorecard{})", if *n == 1 { "" } else { "s" }))
            .collect();
        out.push(format!("{who}: {}", members.join(", ")));
    }
    if groups.len() > limit {
        out.push(format!("{who}: … and {} more groups", groups.len() - limit));
    }
    out
}

/// Rows per table page in the PDF, so text stays legible.
const TABLE_ROWS_PER_PAGE: usize = 22;

/// The PDF pages after the decisions: each section (its table split over pages of at most
/// [`TABLE_ROWS_PER_PAGE`] rows, drawn as vector SVG) with its chart. `table_notes` (what a table shows
/// and what its columns mean) leave the chart page for the first page of their section's table, where
/// the reader meets the columns, and the chart keeps its page.
fn pdf_pages(sections: &[Section], table_notes: &[String]) -> Vec<Page> {
    let mut pages = Vec::new();
    for s in sections {
        let (mut notes, paragraphs): (Vec<String>, Vec<String>) =
            s.paragraphs.iter().cloned().partition(|p| s.table.is_some() && table_notes.contains(p));
        // A section without a chart starts on its table's first page (its text above the table), so a
        // few lines of text do not take a page of their own.
        let text_with_table = s.svg.is_none() && s.table.is_some();
        if text_with_table {
            notes = paragraphs.into_iter().chain(notes).collect();
        } else if s.svg.is_some() || !paragraphs.is_empty() {
            pages.push(Page { title: s.title.clone(), paragraphs, svg: s.svg.clone() });
        }
        if let Some((head, rows)) = &s.table {
            let chunks: Vec<&[Vec<String>]> = rows.chunks(TABLE_ROWS_PER_PAGE).collect();
            for (i, chunk) in chunks.iter().enumerate() {
                let suffix =
                    if chunks.len() > 1 { format!(" ({}/{})", i + 1, chunks.len()) } else { String::new() };
                let title = if i == 0 && text_with_table {
                    s.title.clone()
                } else {
                    format!("{} — table{suffix}", s.title)
                };
                pages.push(Page {
                    title,
                    paragraphs: if i == 0 { std::mem::take(&mut notes) } else { Vec::new() },
                    svg: Some(super::svg_table::table_svg(head, chunk, 60)),
                });
            }
        }
    }
    pages
}

/// Page 1: the report's title and meta line, then the decisions, each group ending with the page of its
/// detail; the other pages follow, the first of them (the Summary) ending with the contents: each later
/// section of `sections` with the page it starts on.
fn with_decisions_page(
    title: &str,
    meta: &str,
    groups: &[Group],
    rest: &[Page],
    sections: &[&str],
    paper: Paper,
) -> Vec<Page> {
    let decisions = |page_of: &dyn Fn(&str) -> Option<usize>| {
        let mut paragraphs = vec![meta.to_string()];
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
    let contents = |page_of: &dyn Fn(&str) -> Option<usize>| -> Vec<String> {
        let mut lines = vec!["## Contents".to_string()];
        // The Summary itself is where the contents are.
        lines.extend(sections.iter().skip(1).filter_map(|t| page_of(t).map(|p| format!("{t}  ·  p. {p}"))));
        lines
    };
    let with_contents = |first: &Page, page_of: &dyn Fn(&str) -> Option<usize>| {
        let mut page = first.clone();
        page.paragraphs.extend(contents(page_of));
        page
    };
    let pages = |page_of: &dyn Fn(&str) -> Option<usize>| -> Vec<Page> {
        let mut out = vec![decisions(page_of)];
        out.extend(
            rest.iter().enumerate().map(|(k, p)| if k == 0 { with_contents(p, page_of) } else { p.clone() }),
        );
        out
    };
    // Lay out once with placeholder numbers to learn where each section starts, then fill them in.
    let draft = pages(&|_| Some(99));
    let firsts = super::pdf::first_page_numbers(&draft, paper);
    pages(&|t| draft.iter().position(|p| p.title == t).map(|k| firsts[k]))
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
        hidden.iter().filter(|i| i.is_flagged()).map(|i| i.interviewer_id.as_str()).collect();
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

/// Draws a chart into its section as inline SVG, or keeps its place empty when charts are off
/// (`--charts none`; [`sections`] then replaces it with a note).
struct Draw(bool);

impl Draw {
    fn svg(&self, c: Option<&dyn ErasedChart>) -> anyhow::Result<Option<String>> {
        match c {
            Some(c) if self.0 => Ok(Some(c.svg()?)),
            Some(_) => Ok(Some(String::new())),
            None => Ok(None),
        }
    }
}

/// The report's sections, in reading order.
fn sections(res: &Results, charts: &ChartSet, draw: bool) -> anyhow::Result<Vec<Section>> {
    let (q, iv, panel) = (res.questions()?, res.interviewers()?, res.panel()?);
    let draw = Draw(draw);
    let summary = narrative::summary(q, iv, panel, res.fairness.as_ref(), res.settings.min_n);
    let mut s = vec![Section { title: "Summary".into(), paragraphs: summary, svg: None, table: None }];
    s.extend(question_sections(q, res.settings.min_n, charts, &draw)?);
    s.extend(interviewer_sections(res, charts, &draw)?);
    s.extend(panel_sections(panel, charts, &draw)?);
    if let Some(f) = &res.fairness {
        s.extend(fairness_sections(f, charts, &draw)?);
    }
    s.push(data_quality(res));
    s.push(glossary(&s));
    s.push(Section {
        title: "Methods and references".into(),
        paragraphs: methods(res)?,
        svg: None,
        table: None,
    });
    if !draw.0 {
        // --charts none: no chart files and none in report.html / report.pdf either.
        for s in s.iter_mut().filter(|s| s.svg.is_some()) {
            s.svg = None;
            s.paragraphs.push("Chart not drawn: the report was made with --charts none.".into());
        }
    }
    Ok(s)
}

/// Which questions predict, decision weight against validity, outcome by panel score.
fn question_sections(
    q: &QuestionsReport,
    min_n: usize,
    charts: &ChartSet,
    draw: &Draw,
) -> anyhow::Result<Vec<Section>> {
    let mut s = Vec::new();
    s.push(Section {
        title: "Which questions predict performance".into(),
        paragraphs: narrative::questions(q, min_n)
            .into_iter()
            .chain(draw.0.then(|| {
                if !q.selection.corrected() {
                    format!(
                        "The chart: markers are the correlation with the outcome among hires (the correction for \
                         selection is turned off). Bars are {} intervals.",
                        fmt::level(q.confidence)
                    )
                } else {
                    format!(
                        "The chart: hollow markers are the correlation with the outcome among hires; filled markers \
                         are corrected for the fact that hires were selected on the interview scores — the estimate \
                         to use. Bars are {} intervals.",
                        fmt::level(q.confidence)
                    )
                }
            }))
            .collect(),
        svg: draw.svg(Some(&charts.validity))?,
        table: Some(html::question_table(q, min_n)),
    });
    s.push(Section {
        title: "Decision weight against validity".into(),
        paragraphs: vec![
            "How strongly each question drove the hire decision (decision AUC; .5 = not at all) against how well it \
             predicts the outcome. The shaded corner is where a question drives decisions (AUC of .70 or more) \
             while even the top of its validity interval is below .10: a question is marked there only when its \
             whole interval bar lies inside the shading, so a point inside it with a bar reaching above is not \
             yet shown to predict nothing."
                .into(),
        ],
        svg: draw.svg(Some(&charts.quadrant))?,
        table: None,
    });
    s.push(Section {
        title: "Outcome by panel score".into(),
        paragraphs: vec![format!(
            "Mean outcome of hires in each fifth of the hires' panel scores, with {} intervals.",
            fmt::level(q.confidence)
        )],
        svg: draw.svg(Some(&charts.outcome))?,
        table: None,
    });
    Ok(s)
}

/// Leniency, the funnel, use of the scale and drift.
fn interviewer_sections(res: &Results, charts: &ChartSet, draw: &Draw) -> anyhow::Result<Vec<Section>> {
    let iv = res.interviewers()?;
    let min_cell = res.settings.min_cell;
    let mut s = Vec::new();
    s.push(Section {
        title: "Interviewer leniency".into(),
        paragraphs: narrative::interviewers(iv)
            .into_iter()
            .chain(html::interviewer_table_notes(iv, html::INTERVIEWER_TABLE_ROWS))
            .chain(hidden_by_min_cell(iv, min_cell))
            .collect(),
        svg: draw.svg(Some(&charts.leniency))?,
        table: Some(html::interviewer_table(iv, html::INTERVIEWER_TABLE_ROWS)),
    });
    s.push(Section {
        title: "Leniency against volume".into(),
        paragraphs: vec![format!(
            "Each dot is an interviewer's leniency against their number of ratings (one per question asked: \
             {:.1} per scorecard on average here). A dot outside the funnel's limits differs from peers by \
             more than chance explains for that many ratings. That alone is not a flag: a flag (orange) also \
             needs a difference large enough to matter that survives the false-discovery control across all \
             interviewers, so dots just outside the lines are not singled out.",
            res.inputs.ratings_used as f64 / res.inputs.scorecards.max(1) as f64
        )],
        svg: draw.svg(Some(&charts.funnel))?,
        table: None,
    });
    s.push(Section {
        title: "How interviewers use the scale".into(),
        paragraphs: vec![
            "Share of each interviewer's ratings at each scale point (the flagged ones and the most unusual; sorted by mean score, * marks a flag)."
                .into(),
        ],
        svg: draw.svg(Some(&charts.distribution))?,
        table: None,
    });
    s.push(Section {
        title: "Drift over time".into(),
        paragraphs: std::iter::once(
            "Leniency by quarter for the interviewers flagged as drifting, by name; for comparison, unflagged \
             interviewers whose drift is clearest (largest against its interval) are drawn unnamed, as their \
             drift did not pass its test."
                .to_string(),
        )
        .chain(
            dates_missing_why(&res.quality.dates)
                .map(|why| format!("{why}. Drift is measured on dated scorecards only.")),
        )
        .collect(),
        svg: draw.svg(Some(&charts.drift))?,
        table: None,
    });
    Ok(s)
}

/// Panel reliability and the D-study.
fn panel_sections(panel: &PanelResult, charts: &ChartSet, draw: &Draw) -> anyhow::Result<Vec<Section>> {
    Ok(vec![
        Section {
            title: "Panel reliability".into(),
            paragraphs: narrative::panel(panel),
            svg: draw.svg(Some(&charts.reliability))?,
            table: Some(html::panel_table(panel)),
        },
        Section {
            title: "How many interviewers, how many questions".into(),
            paragraphs: crate::report::generalizability::sentences(panel),
            svg: draw.svg(Some(&charts.d_study))?,
            table: panel.generalizability.as_ref().map(crate::report::generalizability::components_table),
        },
    ])
}

/// Adverse impact: selection rates, impact ratios, score gaps, interviewers, differential prediction.
fn fairness_sections(f: &FairnessReport, charts: &ChartSet, draw: &Draw) -> anyhow::Result<Vec<Section>> {
    let mut s = Vec::new();
    use crate::report::fairness as fr;
    s.push(Section {
        title: "Adverse impact: selection rates by group".into(),
        paragraphs: fr::narrative(f),
        svg: None,
        table: Some(fr::selection_table(f)),
    });
    s.push(Section {
        title: "Impact ratios against the four-fifths line".into(),
        paragraphs: vec![format!(
            "Each group's selection rate over the reference group's (the highest rate), with {} intervals. \
                 A wide interval that crosses 0.80 and 1.0 means the data cannot tell.",
            fmt::level(f.confidence)
        )],
        svg: draw.svg(charts.impact.as_ref().map(|c| c as &dyn ErasedChart))?,
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
    // Only flagged comparisons are listed: an unflagged gap printed beside a person's name and a
    // protected group reads as a finding about that person. `hirecal fairness` shows analysts the
    // closest unflagged ones.
    let flagged = fr::interviewers_table(f, 0);
    let tested = f.interviewers.iter().filter(|r| r.p.is_some()).count();
    let mut paragraphs = vec![format!(
        "Does an interviewer rate a group lower than other interviewers rate the same candidates? Gap: how \
         much lower (or higher) the interviewer's scores of the group's candidates are than the rating model \
         expects, minus the same for the reference group, in score points. A comparison is flagged \
         (group_gap) when its q ≤ {:.2} and the gap is at least 0.2 rating SD.",
        f.flag_fdr
    )];
    paragraphs.push(if flagged.1.is_empty() {
        format!(
            "No interviewer shows a material group gap ({} made). Unflagged comparisons are not listed \
             here beside people's names; `hirecal fairness --groups FILE` shows analysts the closest ones.",
            fmt::count(tested, "comparison", "comparisons")
        )
    } else {
        format!(
            "Listed: the {} flagged of {} compared; unflagged comparisons are not listed beside people's \
             names (`hirecal fairness --groups FILE` shows analysts the closest ones).",
            flagged.1.len(),
            tested
        )
    });
    s.push(Section {
        title: "Adverse impact: interviewers".into(),
        paragraphs,
        svg: None,
        table: (!flagged.1.is_empty()).then_some(flagged),
    });
    s.push(Section {
        title: "Adverse impact: differential prediction".into(),
        paragraphs: vec![
            "Among hires with an outcome: outcome = b0 + b1·score + b2·group + b3·score·group (Cleary 1968). \
             The intercept difference (at the hires' mean panel score) and the slope difference say whether one \
             prediction line serves both groups; a positive intercept difference means the common line \
             under-predicts the group. q is the Benjamini–Hochberg q-value over all intercept and slope tests \
             of the run: a difference is listed on page 1 only when its interval excludes 0 and q is at most the \
             false-discovery rate of the flags, so about that share of listed differences may still be chance."
                .into(),
        ],
        svg: None,
        table: (!f.prediction.is_empty()).then(|| fr::prediction_table(f)),
    });
    Ok(s)
}

/// "Terms used in this report": the statistical terms that occur in `sections`, explained.
fn glossary(sections: &[Section]) -> Section {
    let mut text = String::new();
    for s in sections {
        for p in &s.paragraphs {
            text.push_str(p);
            text.push('\n');
        }
        if let Some((head, rows)) = &s.table {
            for cell in head.iter().chain(rows.iter().flatten()) {
                text.push_str(cell);
                text.push('\n');
            }
        }
    }
    Section {
        title: "Terms used in this report".into(),
        paragraphs: super::glossary::paragraphs(&text),
        svg: None,
        table: None,
    }
}

/// What was read and used, dates, look-alike ids, and the drop log as a table.
fn data_quality(res: &Results) -> Section {
    let inputs = &res.inputs;
    let mut quality = vec![format!(
        "{} ratings used from {} score cells read (a cell is one question's score on one scorecard); {} \
         candidates, {} interviewers, {} questions, {} hires.",
        fmt::thousands(inputs.ratings_used),
        fmt::thousands(usize::try_from(inputs.rating_cells_read).unwrap_or(usize::MAX)),
        fmt::thousands(inputs.candidates),
        fmt::thousands(inputs.interviewers),
        fmt::thousands(inputs.questions),
        fmt::thousands(inputs.hires)
    )];
    if inputs.dropped.is_empty() {
        quality.push("Nothing was skipped.".into());
    }
    if let Some(name) = res.questions.as_ref().and_then(|q| q.outcome.as_ref()).map(|o| o.name.as_str()) {
        let missing = inputs.hires.saturating_sub(inputs.hires_with_outcome);
        if missing > 0 {
            quality.push(format!(
                "{} of the {} hires have no {name} value (yet) and are left out of every validity.",
                fmt::thousands(missing),
                fmt::thousands(inputs.hires)
            ));
        }
    }
    if let Some(why) = dates_missing_why(&res.quality.dates) {
        quality.push(format!("{why}."));
    }
    if let Some(far) = &res.quality.far_scores {
        quality.push(format!("Check the scores: {}.", far.sentence()));
    }
    let similar = similar_id_lines(&res.quality.similar_interviewers, "interviewers", 20);
    if !similar.is_empty() {
        quality.push(format!(
            "Interviewer ids that may be the same person (they differ only by case, spaces or punctuation) are \
             counted as different people: {}. Set [ids] fold_case = true in the config to merge case and spacing \
             variants; fix punctuation in the export.",
            similar.iter().map(|l| l.trim_start_matches("interviewers: ")).collect::<Vec<_>>().join("; ")
        ));
    }
    if res.quality.similar_candidate_groups > 0 {
        let ids = res.quality.similar_candidate_ids;
        quality.push(format!(
            "{ids} candidate ids fall into {} group{} that differ only by case, spaces or punctuation, so one person \
             may count as several candidates; `hirecal check` lists them (candidate ids are not printed in the report).",
            res.quality.similar_candidate_groups,
            if res.quality.similar_candidate_groups == 1 { "" } else { "s" }
        ));
    }
    Section {
        title: "Data quality".into(),
        paragraphs: quality,
        svg: None,
        table: (!inputs.dropped.is_empty()).then(|| html::inputs_table(inputs)),
    }
}
