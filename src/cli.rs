//! The command line: the subcommands and their help (clap derive). Each command's flags and its
//! `run` live in `commands`; the shared flags and their validation in [`crate::commands::args`].

use clap::{Parser, Subcommand};

use crate::commands::check::CheckArgs;
use crate::commands::questions::QuestionsArgs;
use crate::commands::report::ReportArgs;
use crate::commands::simulate::SimulateArgs;

/// hirecal — which interview questions predict performance, which interviewers are miscalibrated,
/// and how reliable your interview panel is.
#[derive(Debug, Parser)]
#[command(name = "hirecal", version, about, long_about = None, after_help = "\
Examples:
  hirecal report                                  # everything on sample_data/, into reports/
  hirecal check --scorecards s.csv --outcomes o.csv --questions q.csv   # read and validate first
  hirecal report --scorecards s.csv --outcomes o.csv --questions q.csv --out q3-review/
  hirecal report --source greenhouse --scorecards harvest_v3/ --outcomes perf.csv
  hirecal interviewers --format csv > interviewers.csv
  hirecal simulate --candidates 5000 --seed 7 --out synthetic/

With no input flags, commands read sample_data/ in the current directory. Exit codes: 0 success, 1
the data could not be analysed, 2 usage error.")]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate inputs and print a data-quality summary.
    #[command(mut_arg("seed", |a| a.hide(true)), mut_arg("pseudonym_lookup", |a| a.hide(true)))]
    #[command(after_help = "\
Examples:
  hirecal check
  hirecal check --scorecards exports/scorecards.csv --outcomes hris/perf.csv --strict
  hirecal check --scorecards wide.csv --config hirecal.toml
  hirecal check --source greenhouse --scorecards harvest_v3/   (Harvest v3: JSON, CSV or Parquet)
  hirecal check --groups sample_data/groups.csv    (the adverse-impact groups file too)

Prints each file read (every file of a directory export), rows read and used, rows skipped by
reason (with the first line of each), candidates, interviewers, questions, hires, outcome columns
and their kinds, the rating scale (with scores far outside the rest), ids that differ only by
case, spaces or punctuation (probably the same person), why scorecards lack a date, and the
connected components and interviewer peer groups the statistics rely on; with --groups, the groups
file's rows, matches and group sizes. Exits 0 when the data can be analysed, 1 when it cannot (or,
with --strict, when any row has a problem).")]
    Check(CheckArgs),
    /// Write realistic synthetic data with known truth.
    #[command(after_help = "\
Examples:
  hirecal simulate                                  # 2000 candidates, seed 42, into simulated/
  hirecal simulate --candidates 1000000 --seed 1 --out big/
  hirecal simulate --groups --group-gap 0.5     # adds groups.csv; one interviewer rates women lower
  hirecal simulate --retention-rate 0.25 --retention-link 0.8   # retained_12m: 25%, strong link
  hirecal simulate --g-components candidate=0.4,candidate_x_interviewer=0.1,residual=0.3 --out g/
  hirecal simulate --g-design nested \\
    --g-components candidate=0.5,interviewer_within_question=0.1,residual=0.4

Writes scorecards.csv, outcomes.csv, questions.csv and truth.json (the true validity of each
question, every interviewer's true leniency, and which interviewers were planted as lenient,
harsh, narrow-range or drifting). The same seed always writes the same files.

With --g-components it writes instead a generalizability test set with known variance components
(names as in panel.generalizability.components; missing ones are 0): continuous scores, every
candidate rated by --g-per-candidate interviewers on all --g-questions questions (crossed), or by
--g-per-candidate of each question's own interviewers (nested). `hirecal panel` should recover
them.")]
    Simulate(SimulateArgs),
    /// Which questions predict job performance: validity corrected for range restriction.
    #[command(after_help = "\
Examples:
  hirecal questions
  hirecal questions --outcome retained_12m --format json
  hirecal questions --scorecards s.csv --outcomes o.csv --questions q.csv --format csv > q.out.csv
  hirecal questions --selection none      # hires were not chosen on these scores

Only hires have outcomes, and hires were chosen on the panel score, so a question's correlation
with the outcome among hires is shrunk (and a question that predicts nothing turns negative). The
table shows the raw r and the Thorndike Case III corrected r with a bootstrap interval; the
verdict uses the corrected value, a Benjamini–Hochberg q-value and --min-n.")]
    Questions(QuestionsArgs),
    /// Run every analysis and write summary.json, CSV tables and charts into --out.
    #[command(after_help = "\
Examples:
  hirecal report                                  # sample_data/ -> reports/
  hirecal report --scorecards s.csv --outcomes o.csv --questions q.csv --out q3-review/
  hirecal report --charts none --bootstrap 2000
  hirecal report --groups eeo.csv --min-cell 10   # adds adverse impact by group
  hirecal report --pseudonymize --out q3/         # the key goes to q3.pseudonymize.key, beside it

Writes into --out:
  summary.json       every statistic, under its JSON field name
  questions.csv      one row per question      interviewers.csv  one row per interviewer
  report.html        the report to read        report.pdf        the same, for printing
  interviewer_cards.pdf  one page per interviewer (--cards none leaves it out)
  charts/            question_validity, question_quadrant, outcome_by_score, interviewer_leniency,
                     interviewer_funnel, interviewer_distribution, interviewer_drift,
                     panel_reliability and d_study, once per --charts format (.png, .svg, .pdf)
With --pseudonymize and no --pseudonymize-key, the generated key is written beside --out (or to
--key-file), never inside it. CSV numbers are rounded to 4 significant digits (--precision full
keeps all). Every file is written atomically; --out may not be a folder that holds an input file.")]
    Report(ReportArgs),
    /// Which interviewers score high or low against peers, use a narrow range, disagree or drift.
    Interviewers(crate::commands::interviewers::InterviewersArgs),
    /// How reliable the interview panel is: ICCs, Krippendorff's alpha, interviews needed.
    Panel(crate::commands::panel::PanelArgs),
    /// Adverse impact by group: selection rates and impact ratios, score gaps, interviewer gaps.
    Fairness(crate::commands::fairness::FairnessArgs),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Piped, clap wraps help at 100 columns: a longer line of an examples block would be broken
    /// mid-command. Every after-help line of every command fits.
    #[test]
    fn after_help_lines_fit_100_columns() {
        let root = Cli::command();
        let mut commands = vec![root.clone()];
        commands.extend(root.get_subcommands().cloned());
        for c in commands {
            for text in [c.get_after_help(), c.get_after_long_help()].into_iter().flatten() {
                for line in text.to_string().lines() {
                    assert!(
                        line.chars().count() <= 100,
                        "{}: {} columns: {line}",
                        c.get_name(),
                        line.chars().count()
                    );
                }
            }
        }
    }
}
