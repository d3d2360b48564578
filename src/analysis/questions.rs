//! Question signal: per-question and per-competency validity, corrected for range restriction, with
//! power and comparisons (docs/methods.md, "Per question", "Process").

use serde::Serialize;

use super::scores::{choose_outcome, competency_groups, ChosenOutcome, OutcomeInfo, ScoreMatrix};
use super::validity::{self, JobValidity, JointValidity, Population, Validity, ValidityOptions};
use crate::dataset::{Dataset, FxHashMap, OutcomeKind};
use crate::error::Result;
use crate::stats::bootstrap::{percentile_ci, Bootstrap, Features};
use crate::stats::correlation::pearson;
use crate::stats::descriptive::{mean, sd};
use crate::stats::fdr::benjamini_hochberg;
use crate::stats::ols::standardized_betas;

/// One scale point's count.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreCount {
    /// The scale point.
    pub score: f64,
    /// Ratings at that point.
    pub count: u64,
}

/// Statistics shared by questions and competencies.
#[derive(Debug, Clone, Serialize)]
pub struct ItemStats {
    /// Candidates rated on the item (the pool A).
    pub n_scored: usize,
    /// Mean candidate score over A.
    pub mean: Option<f64>,
    /// Sample SD of candidate scores over A.
    pub sd: Option<f64>,
    /// Ratings per scale point.
    pub distribution: Vec<ScoreCount>,
    /// Validity block.
    #[serde(flatten)]
    pub validity: Validity,
    /// Benjamini–Hochberg adjusted `validity_corrected_p` across items of the same kind.
    pub validity_q: Option<f64>,
    /// Standardized coefficient of the item in the OLS of the outcome on all items (complete cases among hires).
    pub incremental_beta: Option<f64>,
    /// Bootstrap percentile interval of `incremental_beta`.
    pub incremental_beta_ci: Option<(f64, f64)>,
    /// Pearson r of the item with the mean of the candidate's other items, over A.
    pub item_rest_r: Option<f64>,
    /// `insufficient_data`, `predictive`, `counter_predictive` or `no_evidence`.
    pub verdict: Verdict,
}

/// Decision AUC at or above which a question "drives decisions" (the score separates hires from
/// rejections about as well as a usable screening test; .5 = no influence).
pub const DRIVES_DECISIONS_AUC: f64 = 0.70;

/// Upper bound of the corrected-validity interval below which a question "predicts nothing": even
/// the most favourable value the data allow is a negligible correlation (|r| < .10, Cohen's "small"
/// threshold).
pub const PREDICTS_NOTHING_UPPER: f64 = 0.10;

/// "Drives decisions, predicts nothing": the decision AUC is at least [`DRIVES_DECISIONS_AUC`] and
/// the upper end of the corrected validity's interval is below [`PREDICTS_NOTHING_UPPER`], on a
/// question with enough hires for a verdict. A negative point estimate alone is not enough (its
/// interval may reach well above zero), and a question with too few hires is never named.
pub fn drives_decisions_predicts_nothing(s: &ItemStats) -> bool {
    s.verdict != Verdict::InsufficientData
        && s.verdict != Verdict::Predictive
        && s.validity.decision_auc.is_some_and(|a| a >= DRIVES_DECISIONS_AUC)
        && s.validity.validity_corrected_ci.is_some_and(|(_, hi)| hi < PREDICTS_NOTHING_UPPER)
}

/// The verdict on an item's predictive validity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Fewer than `min_n` hires with an outcome.
    InsufficientData,
    /// q < .10 and the corrected interval lies above 0.
    Predictive,
    /// q < .10 and the corrected interval lies below 0.
    CounterPredictive,
    /// Neither.
    NoEvidence,
}

impl Verdict {
    /// The JSON/CSV spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::InsufficientData => "insufficient_data",
            Verdict::Predictive => "predictive",
            Verdict::CounterPredictive => "counter_predictive",
            Verdict::NoEvidence => "no_evidence",
        }
    }

    /// The verdict in words, for tables people read: `no evidence`.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::InsufficientData => "insufficient data",
            Verdict::Predictive => "predictive",
            Verdict::CounterPredictive => "counter predictive",
            Verdict::NoEvidence => "no evidence",
        }
    }
}

/// `questions[]`.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionResult {
    /// Question id.
    pub question_id: String,
    /// Question text, from the questions file.
    pub text: Option<String>,
    /// Competency, from the questions file.
    pub competency: Option<String>,
    /// The statistics.
    #[serde(flatten)]
    pub stats: ItemStats,
}

/// `competencies[]`: the same statistics on the mean of each competency's questions.
#[derive(Debug, Clone, Serialize)]
pub struct CompetencyResult {
    /// Competency name.
    pub competency: String,
    /// Its question ids.
    pub questions: Vec<String>,
    /// The statistics.
    #[serde(flatten)]
    pub stats: ItemStats,
}

/// `question_comparisons[]`: the best question against another one.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The question with the highest `validity_corrected`.
    pub a: String,
    /// The other question.
    pub b: String,
    /// validity_corrected(a) − validity_corrected(b).
    pub diff: Option<f64>,
    /// Bootstrap percentile interval of the difference, on the same resamples.
    pub diff_ci: Option<(f64, f64)>,
}

/// A published validity benchmark.
#[derive(Debug, Clone, Serialize)]
pub struct Benchmark {
    /// What it measures.
    pub name: &'static str,
    /// The corrected validity.
    pub value: f64,
    /// Where it was published.
    pub source: &'static str,
}

/// `process`: the panel score's validity.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessResult {
    /// Candidates with a panel score.
    pub n_scored: usize,
    /// Validity of the panel score (Case II for `validity_corrected`).
    #[serde(flatten)]
    pub validity: Validity,
    /// Validity of the panel score from leniency-adjusted ratings (filled by the interviewer analysis).
    pub validity_adjusted: Option<f64>,
    /// sd_A(S)/sd_H(S): how much hiring narrowed the panel score.
    pub range_restriction_u: Option<f64>,
    /// Published benchmarks to read `validity_corrected` against.
    pub benchmarks: Vec<Benchmark>,
    /// Mean outcome (or rate) of hires by fifth of their panel score, with intervals.
    pub outcome_by_score: Vec<super::bands::Band>,
}

/// `selection`: how validity was corrected for hires being chosen on the panel score.
#[derive(Debug, Clone, Serialize)]
pub struct SelectionInfo {
    /// `case3` (corrected for selection on the panel score: Case III for items, Case II for the panel
    /// score) or `none`.
    pub method: &'static str,
    /// With a 0/1 outcome and the correction on: the method used instead of Case II/III,
    /// `probit_pool_average` ([`crate::stats::binary_selection`]); `null` otherwise.
    pub binary_method: Option<&'static str>,
}

impl SelectionInfo {
    /// Whether validities were corrected for selection (`method` is not `none`).
    pub fn corrected(&self) -> bool {
        self.method != "none"
    }
}

/// Everything the question analysis produces.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionsReport {
    /// Confidence level of every interval (`[analysis] confidence`, default 0.95).
    pub confidence: f64,
    /// The analysed outcome, `null` without one.
    pub outcome: Option<OutcomeInfo>,
    /// How validity was corrected for selection on the panel score.
    pub selection: SelectionInfo,
    /// Why validity fields are null, when they are.
    pub note: Option<String>,
    /// Per question.
    pub questions: Vec<QuestionResult>,
    /// Per competency.
    pub competencies: Vec<CompetencyResult>,
    /// Best question against each other.
    pub question_comparisons: Vec<Comparison>,
    /// The panel score.
    pub process: ProcessResult,
    /// With several jobs and no `--job`: that validity was corrected within each job and combined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jobs_note: Option<String>,
}

/// The published benchmarks of docs/methods.md.
pub fn benchmarks() -> Vec<Benchmark> {
    vec![
        Benchmark { name: "structured interview", value: 0.51, source: "Schmidt & Hunter (1998)" },
        Benchmark { name: "structured interview", value: 0.42, source: "Sackett et al. (2022)" },
        Benchmark { name: "unstructured interview", value: 0.38, source: "Schmidt & Hunter (1998)" },
        Benchmark { name: "unstructured interview", value: 0.19, source: "Sackett et al. (2022)" },
    ]
}

/// Runs the question analysis: per question ([`question_results`]), per competency
/// ([`competency_results`]) and for the whole process ([`process_result`]), then (several jobs) the
/// per-job corrections.
pub fn analyse(ds: &Dataset, outcome: Option<&str>, opts: &ValidityOptions) -> Result<QuestionsReport> {
    analyse_keeping_panel(ds, outcome, opts).map(|(rep, _)| rep)
}

/// [`analyse`], also returning each candidate's panel score (the mean of their question means), which
/// [`set_adjusted_validity`] needs: computing it once saves a second candidate × question matrix.
pub fn analyse_keeping_panel(
    ds: &Dataset,
    outcome: Option<&str>,
    opts: &ValidityOptions,
) -> Result<(QuestionsReport, Vec<f64>)> {
    let chosen = choose_outcome(ds, outcome)?;
    let _bar = (ds.ratings.len() >= 1_000_000).then(|| opts.progress.spinner("question validity"));
    let qm = ScoreMatrix::questions(ds);
    let panel = qm.row_means();
    let pop = Population {
        panel: &panel,
        hired: &ds.hired,
        outcome: chosen.as_ref().map(|(_, v)| *v),
        binary: chosen.as_ref().is_some_and(|(o, _)| o.kind == OutcomeKind::Binary),
    };
    let note = outcome_note(ds, chosen.as_ref(), &pop);
    let qdist = distributions(ds);
    let joint = validity::items(qm.k(), |c, j| qm.get(c, j), &pop, opts);
    let questions = question_results(ds, &qm, joint.items.clone(), qdist.clone(), &pop, opts);
    let question_comparisons = comparisons(&qm.items, &joint, opts);
    let competencies = competency_results(ds, &qm, &qdist, &pop, opts);
    let process = process_result(&panel, &pop, opts);
    let mut rep = QuestionsReport {
        confidence: opts.confidence,
        outcome: chosen.map(|(o, _)| o),
        selection: SelectionInfo {
            method: if opts.correct_selection { "case3" } else { "none" },
            binary_method: (pop.binary && opts.correct_selection && pop.outcome.is_some())
                .then_some(crate::stats::binary_selection::METHOD),
        },
        note,
        questions,
        competencies,
        question_comparisons,
        process,
        jobs_note: None,
    };
    if ds.jobs.len() > 1 && rep.outcome.is_some() {
        per_job_validity(&mut rep, ds, outcome, opts)?;
    }
    Ok((rep, panel))
}

/// Why the validity statistics are null, when they are: no outcomes file, no outcome column, or an
/// outcome that does not vary among hires.
fn outcome_note(ds: &Dataset, chosen: Option<&ChosenOutcome>, pop: &Population) -> Option<String> {
    if !ds.has_outcomes_file {
        Some("no outcomes file: decision and validity statistics are null (pass --outcomes FILE)".to_string())
    } else if chosen.is_none() {
        Some(
            "the outcomes file has no outcome column besides `hired`: validity statistics are null"
                .to_string(),
        )
    } else {
        constant_outcome_note(pop, chosen.map_or("", |(o, _)| o.name.as_str()))
    }
}

/// `questions[]`: each question's statistics from its validity block and score distribution.
fn question_results(
    ds: &Dataset,
    qm: &ScoreMatrix,
    validity: Vec<Validity>,
    qdist: Vec<Vec<ScoreCount>>,
    pop: &Population,
    opts: &ValidityOptions,
) -> Vec<QuestionResult> {
    item_stats(qm, validity, qdist, pop, opts)
        .into_iter()
        .enumerate()
        .map(|(q, stats)| QuestionResult {
            question_id: qm.items[q].clone(),
            text: ds.question_info.get(q).and_then(|i| i.text.clone()),
            competency: ds.competency(q as u32).map(str::to_string),
            stats,
        })
        .collect()
}

/// `competencies[]`: each competency's score (the mean of its questions') with its own validity and the
/// merged score distribution of its questions.
fn competency_results(
    ds: &Dataset,
    qm: &ScoreMatrix,
    qdist: &[Vec<ScoreCount>],
    pop: &Population,
    opts: &ValidityOptions,
) -> Vec<CompetencyResult> {
    let (names, groups) = competency_groups(ds);
    let cm = qm.grouped(names.clone(), &groups);
    let cjoint = validity::items(cm.k(), |c, j| cm.get(c, j), pop, opts);
    let cdist = groups.iter().map(|g| merged_distribution(g, qdist)).collect();
    let cstats = item_stats(&cm, cjoint.items, cdist, pop, opts);
    names
        .into_iter()
        .zip(groups)
        .zip(cstats)
        .map(|((competency, g), stats)| CompetencyResult {
            competency,
            questions: g.iter().map(|&q| qm.items[q].clone()).collect(),
            stats,
        })
        .collect()
}

/// The score distribution of questions `group` together, by score.
fn merged_distribution(group: &[usize], qdist: &[Vec<ScoreCount>]) -> Vec<ScoreCount> {
    let mut d: Vec<ScoreCount> = Vec::new();
    for q in group {
        for sc in &qdist[*q] {
            match d.iter_mut().find(|x| x.score == sc.score) {
                Some(x) => x.count += sc.count,
                None => d.push(sc.clone()),
            }
        }
    }
    d.sort_by(|a, b| a.score.total_cmp(&b.score));
    d
}

/// `process`: the panel score's validity (Case II), its range restriction and the outcome by score
/// band.
fn process_result(panel: &[f64], pop: &Population, opts: &ValidityOptions) -> ProcessResult {
    let pv = validity::panel(pop, opts);
    let h = pop.hires_with_outcome();
    let (_, u) = pop.restriction(&h);
    ProcessResult {
        n_scored: panel.iter().filter(|v| !v.is_nan()).count(),
        validity: pv,
        validity_adjusted: None,
        range_restriction_u: if pop.outcome.is_some() { u } else { None },
        benchmarks: benchmarks(),
        outcome_by_score: match pop.outcome {
            Some(y) => {
                let pairs: Vec<(f64, f64)> = h.iter().filter_map(|&c| y[c].map(|v| (panel[c], v))).collect();
                super::bands::outcome_by_band(&pairs, 5, pop.binary, opts.confidence)
            }
            None => Vec::new(),
        },
    }
}

/// "the outcome `perf` does not vary among the 150 hires with a known value (all 3): …" when every
/// hire with an outcome and a panel score has the same value (a correlation with a constant is
/// undefined, so every validity is null), or a note that no hire has a value; `None` otherwise.
fn constant_outcome_note(pop: &Population, name: &str) -> Option<String> {
    let y = pop.outcome?;
    let h = pop.hires_with_outcome();
    if h.is_empty() {
        return Some(format!(
            "no hire has a known value of the outcome `{name}` (it is empty or unreadable for every hire, \
             or no hire was rated): validity needs outcomes of hires, so validity statistics are null; \
             check the outcome column, or choose another with --outcome"
        ));
    }
    let first = y[*h.first()?]?;
    h.iter().all(|&c| y[c] == Some(first)).then(|| {
        format!(
            "the outcome `{name}` does not vary among the {} hires with a known value (all {first}): \
             validity needs an outcome that differs between hires, so validity statistics are null",
            h.len()
        )
    })
}

/// Several jobs: the range-restriction correction is applied within each job (each has its own
/// selection: its own pool, hires and panel-score restriction), and each item's corrected validity is
/// the hires-weighted Fisher-z combination of the jobs' values ([`validity::combine_jobs`]), with the
/// per-job values kept beside it. BH q-values and verdicts are recomputed from the combined values.
/// Raw r, Spearman, AUCs, incremental betas and the question comparisons stay pooled over the jobs.
fn per_job_validity(
    rep: &mut QuestionsReport,
    ds: &Dataset,
    outcome: Option<&str>,
    opts: &ValidityOptions,
) -> Result<()> {
    let mut jobs: Vec<(String, QuestionsReport)> = Vec::new();
    for j in 0..ds.jobs.len() as u32 {
        let name = ds.jobs.name(j).to_string();
        let sel = crate::selection::Selection { jobs: vec![name.clone()], ..Default::default() };
        // A job whose scorecards all lack ratings cannot occur (jobs come from rated scorecards).
        let Ok(sub) = crate::selection::apply(ds.clone(), &sel, "") else { continue };
        let r = analyse(&sub, outcome, opts)?;
        jobs.push((name, r));
    }
    let of = |v: Option<&Validity>, job: &str| JobValidity {
        job: job.to_string(),
        n_validity: v.map_or(0, |v| v.n_validity),
        validity_corrected: v.and_then(|v| v.validity_corrected),
        validity_corrected_ci: v.and_then(|v| v.validity_corrected_ci),
    };
    for q in &mut rep.questions {
        let per = jobs
            .iter()
            .map(|(name, r)| {
                of(
                    r.questions.iter().find(|x| x.question_id == q.question_id).map(|x| &x.stats.validity),
                    name,
                )
            })
            .collect();
        validity::combine_jobs(&mut q.stats.validity, per, opts);
    }
    for c in &mut rep.competencies {
        let per = jobs
            .iter()
            .map(|(name, r)| {
                of(
                    r.competencies.iter().find(|x| x.competency == c.competency).map(|x| &x.stats.validity),
                    name,
                )
            })
            .collect();
        validity::combine_jobs(&mut c.stats.validity, per, opts);
    }
    let per = jobs.iter().map(|(name, r)| of(Some(&r.process.validity), name)).collect();
    validity::combine_jobs(&mut rep.process.validity, per, opts);
    // q-values and verdicts from the combined values.
    let refresh = |stats: &mut Vec<&mut ItemStats>| {
        let q =
            benjamini_hochberg(&stats.iter().map(|s| s.validity.validity_corrected_p).collect::<Vec<_>>());
        for (s, q) in stats.iter_mut().zip(q) {
            s.validity_q = q;
            s.verdict = verdict(&s.validity, q, opts.min_n);
        }
    };
    refresh(&mut rep.questions.iter_mut().map(|q| &mut q.stats).collect());
    refresh(&mut rep.competencies.iter_mut().map(|c| &mut c.stats).collect());
    rep.jobs_note = Some(format!(
        "{} jobs: validity corrected for range restriction within each job and combined by hires-weighted Fisher z (interval from the jobs' bootstrap intervals); raw r, AUCs and comparisons pool the jobs",
        jobs.len()
    ));
    Ok(())
}

/// Ratings per scale point for every question, in one pass over the ratings (not one per question).
fn distributions(ds: &Dataset) -> Vec<Vec<ScoreCount>> {
    let nq = ds.questions.len();
    // Distinct scores per question by bit pattern (scores are finite), counted in a small map each.
    let mut counts: Vec<FxHashMap<u64, u64>> = vec![FxHashMap::default(); nq];
    for (&q, &s) in ds.ratings.question.iter().zip(&ds.ratings.score) {
        *counts[q as usize].entry(s.to_bits()).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .map(|m| {
            let mut v: Vec<(f64, u64)> = m.into_iter().map(|(b, n)| (f64::from_bits(b), n)).collect();
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
            // Equal values (−0.0 and 0.0) merge, as in a sorted scan of the ratings.
            let mut out: Vec<ScoreCount> = Vec::with_capacity(v.len());
            for (score, count) in v {
                match out.last_mut() {
                    Some(x) if x.score == score => x.count += count,
                    _ => out.push(ScoreCount { score, count }),
                }
            }
            out
        })
        .collect()
}

/// Descriptives, incremental betas, item–rest r, BH q-values and verdicts for the columns of `m`.
fn item_stats(
    m: &ScoreMatrix,
    validity: Vec<Validity>,
    dist: Vec<Vec<ScoreCount>>,
    pop: &Population,
    opts: &ValidityOptions,
) -> Vec<ItemStats> {
    let k = m.k();
    let q = benjamini_hochberg(&validity.iter().map(|v| v.validity_corrected_p).collect::<Vec<_>>());
    let (betas, beta_ci) = incremental(m, pop, opts);
    let rows = row_sums(m);
    let mut dist = dist.into_iter();
    validity
        .into_iter()
        .enumerate()
        .map(|(j, v)| {
            let col: Vec<f64> = (0..m.n_candidates).map(|c| m.get(c, j)).filter(|x| !x.is_nan()).collect();
            let item_rest_r = item_rest(m, &rows, j);
            let verdict = verdict(&v, q[j], opts.min_n);
            ItemStats {
                n_scored: col.len(),
                mean: mean(&col),
                sd: sd(&col),
                distribution: dist.next().unwrap_or_default(),
                validity: v,
                validity_q: q[j],
                incremental_beta: betas.as_ref().map(|b| b[j]),
                incremental_beta_ci: beta_ci.get(j).copied().flatten(),
                item_rest_r,
                verdict,
            }
        })
        .take(k)
        .collect()
}

/// The verdict rule of docs/methods.md.
pub fn verdict(v: &Validity, q: Option<f64>, min_n: usize) -> Verdict {
    if v.n_validity < min_n || v.validity_corrected.is_none() {
        return Verdict::InsufficientData;
    }
    match (q, v.validity_corrected_ci) {
        (Some(q), Some((lo, _))) if q < 0.10 && lo > 0.0 => Verdict::Predictive,
        (Some(q), Some((_, hi))) if q < 0.10 && hi < 0.0 => Verdict::CounterPredictive,
        _ => Verdict::NoEvidence,
    }
}

/// Per candidate: the sum and count of its rated columns (for the item–rest means).
fn row_sums(m: &ScoreMatrix) -> Vec<(f64, u32)> {
    let k = m.k();
    (0..m.n_candidates)
        .map(|c| {
            m.values[c * k..(c + 1) * k]
                .iter()
                .filter(|x| !x.is_nan())
                .fold((0.0, 0u32), |a, &x| (a.0 + x, a.1 + 1))
        })
        .collect()
}

/// Pearson r of column j with the mean of each candidate's other rated columns, over candidates with
/// both. O(candidates) per column from the row sums (not O(candidates · k)).
fn item_rest(m: &ScoreMatrix, rows: &[(f64, u32)], j: usize) -> Option<f64> {
    let (mut x, mut rest) = (Vec::new(), Vec::new());
    for (c, &(s, n)) in rows.iter().enumerate() {
        let v = m.get(c, j);
        if v.is_nan() || n < 2 {
            continue;
        }
        x.push(v);
        rest.push((s - v) / (n - 1) as f64);
    }
    pearson(&x, &rest)
}

/// Betas (if the model is estimable) and their bootstrap intervals per column.
type Incremental = (Option<Vec<f64>>, Vec<Option<(f64, f64)>>);

/// Standardized OLS coefficients of every column on complete cases among hires, with bootstrap intervals.
fn incremental(m: &ScoreMatrix, pop: &Population, opts: &ValidityOptions) -> Incremental {
    let k = m.k();
    let Some(y) = pop.outcome else { return (None, vec![None; k]) };
    let rows: Vec<usize> =
        pop.hires_with_outcome().into_iter().filter(|&c| (0..k).all(|j| !m.get(c, j).is_nan())).collect();
    let fit = |idx: &[usize]| -> Option<Vec<f64>> {
        let yy: Vec<f64> = idx.iter().map(|&i| y[rows[i]].unwrap_or(f64::NAN)).collect();
        let cols: Vec<Vec<f64>> = (0..k).map(|j| idx.iter().map(|&i| m.get(rows[i], j)).collect()).collect();
        let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
        standardized_betas(&yy, &refs)
    };
    let all: Vec<usize> = (0..rows.len()).collect();
    let Some(betas) = fit(&all) else { return (None, vec![None; k]) };
    let mut ci = vec![None; k];
    if opts.bootstrap > 0 {
        let boot = Bootstrap { b: opts.bootstrap, seed: opts.seed, progress: opts.progress.clone() };
        // Replicates from the Gram matrix of the resampled rows (one weighted pass each) instead of a QR
        // of a rebuilt n × (k+1) design: standardized betas solve Corr_xx β = Corr_xy.
        let p = k + 1;
        let mut v = Vec::with_capacity(rows.len() * p);
        for &c in &rows {
            v.extend((0..k).map(|j| m.get(c, j)));
            v.push(y[c].unwrap_or(f64::NAN));
        }
        let centre: Vec<f64> =
            (0..p).map(|a| v.iter().skip(a).step_by(p).sum::<f64>() / rows.len() as f64).collect();
        for (q, x) in v.iter_mut().enumerate() {
            *x -= centre[q % p];
        }
        let n = rows.len();
        let finite = v.iter().all(|x| x.is_finite());
        // Features per row: the p values and their p(p+1)/2 products; column-major for run_sums.
        let pairs: Vec<(usize, usize)> = (0..p).flat_map(|a| (a..p).map(move |b| (a, b))).collect();
        let d = p + pairs.len();
        let mut feats = vec![0.0; n * d];
        for i in 0..n {
            let row = &v[i * p..(i + 1) * p];
            for a in 0..p {
                feats[a * n + i] = row[a];
            }
            for (f, &(a, b)) in pairs.iter().enumerate() {
                feats[(p + f) * n + i] = row[a] * row[b];
            }
        }
        let reps = boot.run_sums(&Features::dense(n, d, feats), k, |sums, out| {
            let mut sc = vec![0.0; p * p + p];
            for (f, &(a, b)) in pairs.iter().enumerate() {
                sc[a * p + b] = sums[p + f];
            }
            sc[p * p..].copy_from_slice(&sums[..p]);
            finite && n > k + 1 && gram_betas_from(&mut sc, p, n as f64, out)
        });
        for (j, r) in reps.iter().enumerate() {
            ci[j] = percentile_ci(r, opts.confidence);
        }
    }
    (Some(betas), ci)
}

/// Standardized betas of the last of `p` centred variables on the others for one resample of `n` rows,
/// from its weighted sums (`sc[..p*p]`: upper triangle of Σw·v_a·v_b; `sc[p*p..]`: Σw·v_a): the same
/// estimates and the same rank rule as [`standardized_betas`] on the resampled rows. False when undefined.
fn gram_betas_from(sc: &mut [f64], p: usize, n: f64, out: &mut [f64]) -> bool {
    let k = p - 1;
    let (g, s) = sc.split_at_mut(p * p);
    // Covariances (upper triangle) → correlations.
    let mut sdv = [0.0f64; 64];
    let sdv: &mut [f64] = if p <= 64 { &mut sdv[..p] } else { return false };
    for a in 0..p {
        let var = g[a * p + a] - s[a] * s[a] / n;
        if var.partial_cmp(&(1e-12 * g[a * p + a])) != Some(std::cmp::Ordering::Greater) {
            return false; // zero variance: z-scores undefined
        }
        sdv[a] = var.sqrt();
    }
    let corr = |a: usize, b: usize| {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        (g[a * p + b] - s[a] * s[b] / n) / (sdv[a] * sdv[b])
    };
    let rxx = nalgebra::DMatrix::from_fn(k, k, |a, b| if a == b { 1.0 } else { corr(a, b) });
    let rxy = nalgebra::DVector::from_fn(k, |a, _| corr(a, k));
    let Some(ch) = rxx.cholesky() else { return false };
    // The QR of [1, z-scored X] has |R_00| = √n and |R_jj| = √(n−1)·L_jj (L = chol(Corr_xx)).
    let l = ch.l();
    let diag: Vec<f64> =
        std::iter::once(n.sqrt()).chain((0..k).map(|j| (n - 1.0).sqrt() * l[(j, j)])).collect();
    let max = diag.iter().cloned().fold(0.0, f64::max);
    if diag.iter().any(|&d| d <= 1e-9 * max) {
        return false;
    }
    let beta = ch.solve(&rxy);
    out.copy_from_slice(beta.as_slice());
    true
}

/// The question with the highest corrected validity against each other question.
fn comparisons(names: &[String], joint: &JointValidity, opts: &ValidityOptions) -> Vec<Comparison> {
    let best = joint
        .items
        .iter()
        .enumerate()
        .filter(|(_, v)| v.n_validity >= opts.min_n)
        .filter_map(|(j, v)| v.validity_corrected.map(|c| (j, c)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let Some((a, va)) = best else { return Vec::new() };
    (0..names.len())
        .filter(|&b| b != a)
        .map(|b| {
            let diff = joint.items[b].validity_corrected.map(|vb| va - vb);
            let diff_ci = match (&joint.replicates[a], &joint.replicates[b]) {
                (Some(ra), Some(rb)) if ra.len() == rb.len() => {
                    // Replicates where either question was undefined (NaN) are left out of the pair.
                    let d: Vec<f64> =
                        ra.iter().zip(rb).map(|(x, y)| x - y).filter(|d| d.is_finite()).collect();
                    percentile_ci(&d, opts.confidence)
                }
                _ => None,
            };
            Comparison { a: names[a].clone(), b: names[b].clone(), diff, diff_ci }
        })
        .collect()
}

/// Fills `process.validity_adjusted`: the corrected validity of the panel score recomputed from
/// leniency-adjusted ratings (`adjusted[c]`, `NaN` when unrated). Hires were selected on the original
/// panel score, so the correction is Case III with the original score as the selection variable.
pub fn set_adjusted_validity(
    rep: &mut QuestionsReport,
    ds: &Dataset,
    panel: &[f64],
    adjusted: &[f64],
    outcome: Option<&str>,
    opts: &ValidityOptions,
) -> Result<()> {
    let Some((info, y)) = choose_outcome(ds, outcome)? else { return Ok(()) };
    let pop =
        Population { panel, hired: &ds.hired, outcome: Some(y), binary: info.kind == OutcomeKind::Binary };
    let no_boot = ValidityOptions { bootstrap: 0, ..opts.clone() };
    let v = validity::items(1, |c, _| adjusted[c], &pop, &no_boot);
    rep.process.validity_adjusted = v.items.first().and_then(|v| v.validity_corrected);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_in_words_are_their_json_names_spelled_out() {
        use Verdict::*;
        for v in [InsufficientData, Predictive, CounterPredictive, NoEvidence] {
            assert_eq!(v.words(), v.as_str().replace('_', " "));
        }
    }

    fn stats(verdict: Verdict, auc: Option<f64>, r: Option<f64>, ci: Option<(f64, f64)>) -> ItemStats {
        ItemStats {
            n_scored: 100,
            mean: None,
            sd: None,
            distribution: Vec::new(),
            validity: Validity {
                decision_auc: auc,
                validity_corrected: r,
                validity_corrected_ci: ci,
                ..Validity::default()
            },
            validity_q: None,
            incremental_beta: None,
            incremental_beta_ci: None,
            item_rest_r: None,
            verdict,
        }
    }

    #[test]
    fn drives_decisions_needs_a_high_auc_a_small_upper_bound_and_enough_hires() {
        let f = |v, a, r, ci| drives_decisions_predicts_nothing(&stats(v, a, r, ci));
        // High decision AUC, interval tight around zero: named.
        assert!(f(Verdict::NoEvidence, Some(0.80), Some(-0.02), Some((-0.15, 0.06))));
        assert!(f(Verdict::CounterPredictive, Some(0.70), Some(-0.3), Some((-0.5, -0.1))));
        // A negative estimate alone is not enough: the interval reaches well above zero.
        assert!(!f(Verdict::NoEvidence, Some(0.80), Some(-0.10), Some((-0.40, 0.25))));
        // A low decision AUC is not "driving decisions".
        assert!(!f(Verdict::NoEvidence, Some(0.65), Some(-0.02), Some((-0.10, 0.05))));
        // Never a question with too few hires to judge, and never a predictive one.
        assert!(!f(Verdict::InsufficientData, Some(0.85), Some(-0.02), Some((-0.10, 0.05))));
        assert!(!f(Verdict::Predictive, Some(0.85), Some(0.2), Some((0.01, 0.05))));
        // Without an interval there is no upper bound to judge by.
        assert!(!f(Verdict::NoEvidence, Some(0.85), Some(-0.02), None));
        assert!(!f(Verdict::NoEvidence, None, Some(-0.02), Some((-0.10, 0.05))));
    }
}
