//! `hirecal check`: validate inputs and print a data-quality summary.

use std::fmt::Write as _;

use crate::analysis::design::Design;
use crate::analysis::quality::{far_scores, score_counts};
use crate::commands::args::RunConfig;
use crate::dataset::{Dataset, OutcomeKind};
use crate::drops::format_drops;
use crate::ingest::groups::Groups;
use crate::ingest::LoadNotes;
use crate::scale::compact_score;
use std::path::PathBuf;

use clap::Args;

use super::args::InputArgs;

/// `hirecal check` flags.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Groups file for the adverse-impact analysis (CSV or .parquet: candidate_id plus group columns
    /// such as gender), checked against the scorecards: rows read and skipped by reason, candidates
    /// matched, and each column's groups with their sizes (groups under --min-cell are named but not
    /// counted, as every report suppresses them).
    #[arg(long, value_name = "FILE")]
    pub groups: Option<PathBuf>,
    /// With --groups: groups with fewer candidates than this are reported as suppressed.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = super::args::parse_min_cell, allow_negative_numbers = true)]
    pub min_cell: usize,
}

/// Runs `check`.
pub fn run(args: &CheckArgs) -> anyhow::Result<()> {
    let rc = RunConfig::from_args(&args.input)?;
    let (mut ds, notes) = rc.load()?;
    let groups = match &args.groups {
        Some(path) => Some(super::fairness::read_groups(&rc, &mut ds, path)?),
        None => None,
    };
    rc.announce_key();
    let groups = groups.as_ref().map(|g| (g, args.min_cell));
    super::print(&summary(&ds, &notes, &rc, groups))
}

/// Renders the data-quality summary as text; with `groups` (and the smallest group shown), the groups
/// file's section too.
pub fn summary(ds: &Dataset, notes: &LoadNotes, rc: &RunConfig, groups: Option<(&Groups, usize)>) -> String {
    let mut s = String::new();
    let w = &mut s;
    header(w, ds, rc);
    files(w, ds, rc);
    ratings(w, ds);
    people(w, ds, notes, rc);
    outcomes(w, ds, rc);
    scale(w, ds);
    design(w, ds);
    if let Some((g, min_cell)) = groups {
        groups_section(w, ds, g, min_cell);
    }
    let _ = writeln!(w, "\nThe data can be analysed.");
    s
}

/// The groups file against the scorecards: what was read and matched, then each column's groups with
/// the candidates (and hires) in each; groups under `min_cell` candidates are listed without counts.
fn groups_section(w: &mut String, ds: &Dataset, g: &Groups, min_cell: usize) {
    let i = &g.inputs;
    let _ = writeln!(w, "\nGroups (adverse impact)");
    let _ = writeln!(w, "  rows read                        {:>8}", i.rows_read);
    let _ = writeln!(w, "  candidates with a groups row     {:>8}", i.candidates_with_groups);
    let _ = writeln!(
        w,
        "  candidates without a groups row  {:>8}  (unknown in every column)",
        i.scorecards_without_groups
    );
    let _ = writeln!(w, "  groups rows without scorecards   {:>8}  (not used)", i.groups_without_scorecards);
    for issue in i.issues.iter().filter(|x| x.reason != "without_scorecards") {
        let _ = writeln!(
            w,
            "  {:<32} {:>8}  (first at line {})",
            issue.reason.replace('_', " "),
            issue.count,
            issue.first_line
        );
    }
    for col in &g.columns {
        let mut candidates = vec![0usize; col.labels.len()];
        let mut hires = vec![0usize; col.labels.len()];
        for (c, code) in col.of_candidate.iter().enumerate() {
            if let Some(k) = code {
                candidates[*k as usize] += 1;
                if ds.hired.get(c).copied().flatten() == Some(true) {
                    hires[*k as usize] += 1;
                }
            }
        }
        let listed: Vec<String> = col
            .labels
            .iter()
            .zip(candidates.iter().zip(&hires))
            .map(|(label, (&n, &h))| {
                if n < min_cell {
                    format!("{label} (fewer than {min_cell}: suppressed)")
                } else if ds.has_outcomes_file {
                    format!("{label} ({n} candidates, {h} hires)")
                } else {
                    format!("{label} ({n} candidates)")
                }
            })
            .collect();
        let _ = writeln!(
            w,
            "  {}: {} groups (unknown for {} of the candidates with a row)",
            col.name,
            col.labels.len(),
            col.unknown
        );
        for l in &listed {
            let _ = writeln!(w, "    {l}");
        }
    }
}

/// The title line and the `--job`/`--since`/`--until` selection.
fn header(w: &mut String, ds: &Dataset, rc: &RunConfig) {
    let _ = writeln!(w, "hirecal check{}", if rc.sample_data { " (bundled sample_data/)" } else { "" });
    if !rc.selection.is_all() {
        let kept: u64 = ds.ratings.len() as u64;
        let left: u64 = ds
            .dropped
            .iter()
            .filter(|d| {
                use crate::drops::Reason::*;
                matches!(d.reason, OtherJob | NoJob | OutsideDates | NoDate)
            })
            .map(|d| d.count)
            .sum();
        let _ = writeln!(
            w,
            "selection: {} — kept {kept} ratings of {} scorecards, left out {left} ratings (by reason under Ratings)",
            rc.selection.describe(),
            ds.scorecards.len()
        );
    }
}

/// Each input file with its rows, and the files of a directory export that were not read.
fn files(w: &mut String, ds: &Dataset, rc: &RunConfig) {
    let _ = writeln!(w, "\nFiles");
    let width = ds.files.iter().map(|f| f.role.len()).max().unwrap_or(0).max(11);
    for f in &ds.files {
        let _ = writeln!(w, "  {:<width$} {}  ({} bytes, {} data rows)", f.role, f.path, f.size, f.rows_read);
    }
    // A directory export: its files that were not read.
    let dir = &rc.inputs.scorecards;
    if dir.is_dir() {
        let read: Vec<&str> = ds.files.iter().map(|f| f.path.as_str()).collect();
        let mut other: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && !read.contains(&p.display().to_string().as_str()))
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .filter(|n| !n.starts_with('.'))
            .collect();
        other.sort();
        if !other.is_empty() {
            let _ = writeln!(w, "  not read in {}: {}", dir.display(), abbreviate(&other, 10));
        }
    }
}

/// Score cells read, ratings used, and what was skipped.
fn ratings(w: &mut String, ds: &Dataset) {
    let n = ds.ratings.len();
    let _ = writeln!(w, "\nRatings");
    let _ = writeln!(w, "  score cells read  {:>10}", ds.rating_cells_read);
    let _ = writeln!(w, "  ratings used      {:>10}", n);
    let problems: u64 = ds.dropped.iter().filter(|d| d.problem).map(|d| d.count).sum();
    if ds.dropped.is_empty() {
        let _ = writeln!(w, "  nothing skipped");
    } else {
        let _ =
            writeln!(w, "  skipped or changed, by reason ({problems} problem(s); the rest informational):");
        w.push_str(&format_drops(&ds.dropped));
    }
}

/// Candidates, interviewers, questions, scorecards, dates, look-alike ids, repeats and jobs.
fn people(w: &mut String, ds: &Dataset, notes: &LoadNotes, rc: &RunConfig) {
    let _ = writeln!(w, "\nPeople and questions");
    totals(w, ds);
    rounds(w, ds);
    missing_dates(w, ds, rc);
    similar_ids(w, ds, notes);
    repeated_scorecards(w, ds, notes);
    question_gaps(w, ds, notes);
    jobs(w, ds, notes, rc);
}

/// The counts of candidates, interviewers, questions and scorecards (those with a date, a recommendation).
fn totals(w: &mut String, ds: &Dataset) {
    let _ = writeln!(w, "  candidates        {:>10}", ds.candidates.len());
    let _ = writeln!(w, "  interviewers      {:>10}", ds.interviewers.len());
    let _ = writeln!(w, "  questions         {:>10}", ds.questions.len());
    let _ = writeln!(w, "  scorecards        {:>10}", ds.scorecards.len());
    let dated = ds.scorecards.date.iter().filter(|d| d.is_some()).count();
    let recs = ds.scorecards.recommendation.iter().filter(|d| d.is_some()).count();
    let _ = writeln!(w, "    with a date     {:>10}", dated);
    let _ = writeln!(w, "    with a recommendation {:>4}", recs);
}

/// The scorecards per interview (round) name, when the data names interviews.
fn rounds(w: &mut String, ds: &Dataset) {
    if ds.scorecards.round.is_empty() {
        return;
    }
    let mut per = vec![0usize; ds.rounds.len()];
    for r in ds.scorecards.round.iter().flatten() {
        per[*r as usize] += 1;
    }
    let listed: Vec<String> =
        per.iter().enumerate().map(|(k, n)| format!("{} ({n})", ds.rounds.name(k as u32))).collect();
    let none = ds.scorecards.round.iter().filter(|r| r.is_none()).count();
    let _ = writeln!(
        w,
        "    by interview: {}{}",
        abbreviate(&listed, 12),
        if none > 0 { format!("; without an interview name: {none}") } else { String::new() }
    );
}

/// Why dates are missing, when they are.
fn missing_dates(w: &mut String, ds: &Dataset, rc: &RunConfig) {
    let why = rc.config.dates.format.as_deref().and_then(|f| unmatched_format(ds, f));
    if let Some(why) = why.or_else(|| super::dates_missing_why(ds)) {
        let _ = writeln!(w, "  {why}; drift over time uses dated scorecards only");
    }
}

/// Why dates are missing when `[dates] format` is set and values do not match it: the general hint
/// (set a format) would advise what the config already does.
fn unmatched_format(ds: &Dataset, format: &str) -> Option<String> {
    let cov = crate::analysis::quality::DateCoverage::of(ds);
    let (file, line) = cov.first_unreadable.as_ref().filter(|_| cov.unreadable > 0)?;
    let n = cov.unreadable;
    // The value, as the drop message quotes it (withheld under --pseudonymize: then not quoted).
    let value = ds
        .dropped
        .iter()
        .find(|d| d.reason == crate::drops::Reason::UnparsableDate)
        .and_then(|d| {
            d.example.split_once("value '").and_then(|(_, rest)| rest.split_once("' is not a date"))
        })
        .map_or(String::new(), |(v, _)| format!(", such as '{v}'"));
    Some(format!(
        "{} of {} scorecards have an interview date: {n} row{} hold a date that does not match the [dates] format \
         \"{format}\" set in the config (first at {file}:{line}{value}); fix those values, or change the format if \
         the dates are written another way",
        cov.dated,
        cov.total,
        if n == 1 { "" } else { "s" },
    ))
}

/// Ids that differ only by case, spaces or punctuation, and how to merge them.
fn similar_ids(w: &mut String, ds: &Dataset, notes: &LoadNotes) {
    let similar = super::similar_ids_lines(
        notes,
        |c| ds.interviewers.name(c).to_string(),
        |c| ds.candidates.name(c).to_string(),
        20,
    );
    if similar.is_empty() {
        return;
    }
    let _ =
        writeln!(w, "\nIds that may be the same person (they differ only by case, spaces or punctuation)");
    for l in &similar {
        let _ = writeln!(w, "  {l}");
    }
    let _ = writeln!(
        w,
        "  They are counted as different people. To merge ids that differ by case or spaces, set\n  \
         [ids] fold_case = true in the config; ids that differ by punctuation must be fixed in the export."
    );
}

/// Interviewer–candidate pairs rated under more than one scorecard id (the first 20), and what to do.
fn repeated_scorecards(w: &mut String, ds: &Dataset, notes: &LoadNotes) {
    if notes.repeated.is_empty() {
        return;
    }
    let _ = writeln!(
        w,
        "\nPossible duplicate scorecards (the same interviewer rated the same candidate on the same question\n\
         under more than one scorecard id): {} interviewer–candidate pairs",
        notes.repeated.len()
    );
    for r in notes.repeated.iter().take(20) {
        let _ = writeln!(
            w,
            "  interviewer '{}', candidate '{}': {} scorecards, {} question{} rated more than once",
            ds.interviewers.name(r.interviewer),
            ds.candidates.name(r.candidate),
            r.scorecards,
            r.questions,
            if r.questions == 1 { "" } else { "s" }
        );
    }
    if notes.repeated.len() > 20 {
        let _ = writeln!(w, "  … and {} more pairs", notes.repeated.len() - 20);
    }
    let _ = writeln!(
        w,
        "  Each scorecard counts as an interview of its own. If one interview was exported twice, remove the\n  \
         copy; if the interviewer really saw the candidate twice (two rounds, a re-application), nothing to do."
    );
}

/// Questions of the questions file never rated, and rated questions it gives no competency.
fn question_gaps(w: &mut String, ds: &Dataset, notes: &LoadNotes) {
    if notes.questions_never_rated > 0 {
        let _ = writeln!(
            w,
            "  questions listed in the questions file but never rated: {}",
            notes.questions_never_rated
        );
    }
    if ds.has_questions_file {
        let missing = ds.question_info.iter().filter(|q| q.competency.is_none()).count();
        if missing > 0 {
            let _ = writeln!(w, "  rated questions without a competency in the questions file: {missing}");
        }
    }
}

/// The jobs with their scorecards and candidates, the pooling note, and candidates applying to several jobs.
fn jobs(w: &mut String, ds: &Dataset, notes: &LoadNotes, rc: &RunConfig) {
    if !ds.scorecards.job.is_empty() {
        let mut per = vec![(0usize, std::collections::BTreeSet::new()); ds.jobs.len()];
        for (k, j) in ds.scorecards.job.iter().enumerate() {
            if let Some(j) = j {
                per[*j as usize].0 += 1;
                per[*j as usize].1.insert(ds.scorecards.candidate[k]);
            }
        }
        let listed: Vec<String> = per
            .iter()
            .enumerate()
            .map(|(k, (n, c))| format!("{} ({n} scorecards, {} candidates)", ds.jobs.name(k as u32), c.len()))
            .collect();
        let _ = writeln!(w, "  jobs              {:>10}: {}", ds.jobs.len(), abbreviate(&listed, 12));
        if let Some(note) = crate::selection::pooled_note(ds, &rc.selection) {
            let _ = writeln!(w, "  note: {note}");
        }
    }
    if notes.ambiguous_jobs > 0 {
        let _ = writeln!(
            w,
            "  note: {} candidate(s) have applications for more than one job; their scorecards have no job (select them by date, or export one job at a time)",
            notes.ambiguous_jobs
        );
    }
}

/// The hiring decisions and outcome columns.
fn outcomes(w: &mut String, ds: &Dataset, rc: &RunConfig) {
    let _ = writeln!(w, "\nOutcomes");
    if !ds.has_outcomes_file {
        let _ = writeln!(
            w,
            "  no outcomes file: decision and validity statistics are not available (pass --outcomes FILE)"
        );
    } else {
        let decided = ds.n_decided();
        let hires = ds.n_hired();
        let _ = writeln!(
            w,
            "  candidates with a known decision {:>8}  (without: {})",
            decided,
            ds.candidates.len() - decided
        );
        let _ = writeln!(w, "  hires                            {:>8}", hires);
        for o in &ds.outcomes {
            let known_h = (0..ds.candidates.len())
                .filter(|&c| ds.hired[c] == Some(true) && o.values[c].is_some())
                .count();
            let known = o.values.iter().filter(|v| v.is_some()).count();
            let kind = match o.kind {
                OutcomeKind::Numeric => "numeric",
                OutcomeKind::Binary => "binary",
            };
            let _ =
                writeln!(w, "  {:<24} {:<8} known for {known_h} hires ({known} candidates)", o.name, kind);
        }
        if let Some(first) = ds.outcomes.first() {
            let chosen = rc.outcome.as_deref().unwrap_or(&first.name);
            let _ = writeln!(
                w,
                "  analysed outcome: {chosen}{}",
                if rc.outcome.is_none() { " (the first outcome column; choose with --outcome)" } else { "" }
            );
        } else {
            let _ =
                writeln!(w, "  no outcome columns besides `hired`: validity statistics are not available");
        }
    }
}

/// The rating scale and its distribution.
fn scale(w: &mut String, ds: &Dataset) {
    let _ = writeln!(w, "\nRating scale");
    if let Some(sc) = &ds.scale {
        let _ = writeln!(w, "  {}", sc.describe());
    }
    let _ = writeln!(w, "  distribution:");
    let n = ds.ratings.len();
    let counts = score_counts(&ds.ratings.score);
    let far = far_scores(ds, Some(&counts));
    for (v, c) in distribution(counts) {
        let share = c as f64 / n.max(1) as f64;
        let bar = "#".repeat((share * 50.0).round() as usize);
        let _ = writeln!(w, "    {v:>6}  {c:>9}  {:>5.1}%  {bar}", share * 100.0);
    }
    if let Some(f) = far {
        let _ = writeln!(w, "  warning: {}.", f.sentence());
    }
}

/// Who rated whom: components and peer groups.
fn design(w: &mut String, ds: &Dataset) {
    let d = Design::of(ds);
    let _ = writeln!(w, "\nDesign");
    let _ = writeln!(
        w,
        "  candidate–interviewer components: {} (largest: {} interviewers, {} candidates)",
        d.components(),
        d.component_interviewers.first().unwrap_or(&0),
        d.component_candidates.first().unwrap_or(&0)
    );
    if d.components() > 1 {
        let _ = writeln!(
            w,
            "    interviewers outside the largest component are compared only within their own component"
        );
    }
    let groups: Vec<String> = d.peer_group_sizes.iter().map(|s| s.to_string()).collect();
    let _ = writeln!(
        w,
        "  interviewer peer groups (linked by shared questions): {} — sizes {}",
        d.peer_group_sizes.len(),
        abbreviate(&groups, 12)
    );
}

/// Counts per distinct score value, ascending; more than 30 distinct values are binned to 10.
fn distribution(out: Vec<(f64, usize)>) -> Vec<(String, usize)> {
    if out.len() <= 30 {
        return out.into_iter().map(|(x, c)| (compact_score(x), c)).collect();
    }
    let (lo, hi) = (out[0].0, out[out.len() - 1].0);
    let width = (hi - lo) / 10.0;
    let mut bins = vec![0usize; 10];
    for (x, c) in out {
        let b = (((x - lo) / width) as usize).min(9);
        bins[b] += c;
    }
    bins.into_iter()
        .enumerate()
        .map(|(i, c)| (format!("{:.3}–{:.3}", lo + width * i as f64, lo + width * (i + 1) as f64), c))
        .collect()
}

fn abbreviate(items: &[String], max: usize) -> String {
    if items.len() <= max {
        items.join(", ")
    } else {
        format!("{}, … ({} more)", items[..max].join(", "), items.len() - max)
    }
}
