//! `hirecal report`: run every analysis and write the outputs into `--out`.

use crate::analysis::questions;
use crate::cli::{ReportArgs, RunConfig};
use crate::ingest;
use crate::report::files::{prepare_out_dir, write_atomic};
use crate::report::summary::{InputsSection, Provenance, Summary};

/// Runs `report`.
pub fn run(args: &ReportArgs) -> anyhow::Result<()> {
    let rc = RunConfig::from_args(&args.input)?;
    let (ds, _) = ingest::load(&rc.inputs, &rc.config, rc.strict)?;
    let opts = args.analysis.validity_options(&rc);
    let q = questions::analyse(&ds, rc.outcome.as_deref(), &opts)?;
    let mut inputs: Vec<std::path::PathBuf> = vec![rc.inputs.scorecards.clone()];
    inputs.extend(rc.inputs.outcomes.iter().cloned());
    inputs.extend(rc.inputs.questions.iter().cloned());
    inputs.extend(rc.config_path.iter().cloned());
    prepare_out_dir(&args.out, &inputs, &["summary.json", "questions.csv"])?;
    let summary = Summary {
        provenance: Provenance::of(&ds, &rc.config, rc.seed, opts.bootstrap),
        inputs: InputsSection::of(&ds, q.outcome.as_ref().map(|o| o.name.as_str())),
        questions: &q,
    };
    let json = serde_json::to_string_pretty(&summary)? + "\n";
    write_atomic(&args.out.join("summary.json"), json.as_bytes())?;
    write_atomic(&args.out.join("questions.csv"), &crate::report::questions::csv(&q))?;
    super::print(&format!(
        "wrote {}/summary.json and questions.csv ({} questions, {} hires with outcome{})\n",
        args.out.display(),
        q.questions.len(),
        summary.inputs.hires_with_outcome,
        q.outcome.as_ref().map(|o| format!(", outcome {}", o.name)).unwrap_or_default()
    ))
}
