//! Synthetic interview data with a known truth, for demos, tests and benchmarks.
//!
//! The simulated hiring loop follows a published interview loop for senior backend engineers
//! (`docs/sample-data.md`): ten questions (`Q1`..`Q10`) in four competencies, asked in four interview
//! rounds held on one onsite day:
//!
//! | round | questions | competency |
//! |---|---|---|
//! | `system_design` | Q1–Q3 | System Design |
//! | `production_ownership` | Q4–Q6 | Production Ownership |
//! | `code_review` | Q7–Q8 | Code Quality |
//! | `technical_judgment` | Q9–Q10 | Technical Judgment |
//!
//! **Candidates.** Each candidate has a job-relevant ability `a ~ N(0,1)` (drives the outcome) and an
//! interview-only impression `m ~ N(0,1)` (moves scores, not the outcome). Onsite dates are uniform over the
//! date span (two years by default); candidate ids are assigned in date order.
//!
//! **Interviewers.** Every round has its own pool of `clamp(0.75·√candidates, 6, 40)` interviewers (so
//! larger data sets give each interviewer more interviews, as in a real team that grows slower than its pipeline); a
//! candidate meets one interviewer per round, drawn with workload weights fixed per interviewer
//! (log-normal, σ = 0.5), so some interviewers do many more interviews than others. Leniency
//! `β_i ~ N(0, 0.10²)` score points. Planted among the busiest interviewers, spread over the rounds:
//! two lenient (+0.6, +0.5), two harsh (−0.6, −0.5), two narrow-range (their ratings use 40% of the usual
//! spread around their round mean), two drifting (leniency moves linearly from −0.5 to +0.5 over the span,
//! and from +0.5 to −0.5), two halo (one impression per scorecard drives every question: 1.35 × the
//! scorecard's mean signal plus the halo, with a quarter of the usual per-question noise, so the overall
//! spread stays about the usual) and one who disagrees with the
//! panel (their per-scorecard impression is unrelated to the candidate: the halo draw scaled to the usual
//! signal's spread).
//!
//! **Ratings.** For question q on scorecard k (interviewer i, candidate c):
//! `x = 3 + β_i(t) + f_i · 0.8 · (λ_q·a + μ_q·m + h_k + ε)`, with ability loading `λ_q`, impression loading
//! `μ_q`, scorecard halo `h_k ~ N(0, 0.35²)`, noise `ε ~ N(0, 0.6²)` and spread factor `f_i` (1, or 0.4 for
//! narrow-range interviewers; halo and disagreeing interviewers as above); the score is `x` rounded and clamped to the 1..5 scale. About 3% of ratings
//! are left unrated (row omitted) and about 1% of candidates skip the judgment round. Each scorecard gets a
//! recommendation from its mean score plus `N(0, 0.4²)` noise, cut at 2.0 / 3.0 / 3.8 into
//! `strong_no` / `no` / `yes` / `strong_yes`.
//!
//! **Hiring and outcomes.** The panel score `S` is the mean of the candidate's question scores; the top 20%
//! on `S` are hired (explicit selection on `S`, so range restriction is real). Outcomes:
//! `perf_rating_12m = clamp(round1(3 + 0.6·(0.6·a + 0.8·e)), 1, 5)`, `e ~ N(0,1)`, and
//! `retained_12m = 0.9 + 0.5·a + z > 0` (probit, ≈ 80% retained; with [`SimOptions::retention`]
//! `link·a + √(1 − link²)·z > Φ⁻¹(1 − rate)`, a chosen pool base rate and latent link, from the same
//! draws). Outcomes are written only for hires, and
//! hires whose onsite falls in the last 10% of the span have no outcome yet (both cells empty).
//!
//! **Groups** (optional, `groups.csv`, for `hirecal fairness`). Each candidate gets a `gender` (woman 42%,
//! man 50%, nonbinary 2%, "Decline to self-identify" 6%) and a `veteran_status` (protected veteran 8%,
//! not a protected veteran 86%, "I don't wish to answer" 6%), drawn from a second random stream (seed
//! derived from `--seed`), so the other files are the same with or without groups. Group membership
//! changes nothing by itself; with a planted gap (`--group-gap G`), one interviewer (the second-busiest
//! of the judgment round, not otherwise planted) rates women `G` points lower before rounding.
//!
//! **Truth.** [`Truth`] (written as `truth.json`) holds the model parameters, every interviewer's true
//! leniency, the planted ids, and the full-pool validity of each question and of `S` — computed from the
//! simulated data *before* non-hires' outcomes are hidden — beside the analytic population value of the
//! continuous latent scores and the raw (range-restricted) validity among hires.
//!
//! Everything is deterministic per seed (one `ChaCha8Rng` stream, no hash-map iteration, no clock), and
//! rows are streamed: memory is O(candidates) with ~24 bytes per candidate.

pub mod gstudy;
mod outcomes;
mod pools;
mod scorecards;

use crate::calendar::{checked_days_from_civil, civil_from_days};
use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use outcomes::{HireSums, Hiring};
use pools::{Iv, Pools};
use scorecards::Written;

/// Centre of the 1..5 rating scale.
const SCALE_CENTER: f64 = 3.0;
/// Score points per unit of the latent rating composite.
const SCALE_FACTOR: f64 = 0.8;
/// SD of the per-scorecard halo term.
const HALO_SD: f64 = 0.35;
/// SD of per-rating noise.
const NOISE_SD: f64 = 0.6;
/// SD of ordinary interviewers' leniency (score points).
const LENIENCY_SD: f64 = 0.10;
/// Planted lenient interviewers' leniency.
const PLANTED_LENIENT: [f64; 2] = [0.6, 0.5];
/// Planted harsh interviewers' leniency.
const PLANTED_HARSH: [f64; 2] = [-0.6, -0.5];
/// Share of the usual spread used by narrow-range interviewers.
const NARROW_FACTOR: f64 = 0.4;
/// Drifting interviewer's leniency at the start and end of the span (the second drifter runs backwards).
const DRIFT_FROM: f64 = -0.5;
/// See [`DRIFT_FROM`].
const DRIFT_TO: f64 = 0.5;
/// Share of the usual per-question noise left for a halo interviewer.
const HALO_NOISE_FACTOR: f64 = 0.25;
/// Scale of a halo interviewer's scorecard impression, so their ratings spread about as much as an
/// ordinary interviewer's (only how alike the questions of one scorecard are changes).
const HALO_SCALE: f64 = 1.35;
/// Scale of the halo draw that replaces the candidate signal for the interviewer who disagrees with the
/// panel (≈ the SD of the signal plus halo of an ordinary scorecard, √(0.5² + 0.35²) / 0.35).
const DISAGREE_FACTOR: f64 = 1.75;
/// Probability that a single rating is left unrated.
const MISSING_RATE: f64 = 0.03;
/// Probability that a candidate skips the judgment round.
const SKIP_JUDGMENT_RATE: f64 = 0.01;
/// Share of candidates hired (top on the panel score).
const HIRE_SHARE: f64 = 0.2;
/// Last share of the date span whose hires have no outcome yet.
const PENDING_SHARE: f64 = 0.1;
/// Log-normal sigma of interviewer workload weights.
const WORKLOAD_SIGMA: f64 = 0.5;
/// Noise SD added to a scorecard's mean score before cutting it into a recommendation.
const REC_NOISE_SD: f64 = 0.4;
/// Cut points for strong_no | no | yes | strong_yes.
const REC_CUTS: [f64; 3] = [2.0, 3.0, 3.8];
/// Recommendation labels, low to high.
const REC_LABELS: [&str; 4] = ["strong_no", "no", "yes", "strong_yes"];
/// Outcome model: perf = PERF_CENTER + PERF_SCALE · (PERF_ABILITY·a + PERF_NOISE·e).
const PERF_CENTER: f64 = 3.0;
/// See [`PERF_CENTER`].
const PERF_SCALE: f64 = 0.6;
/// See [`PERF_CENTER`].
const PERF_ABILITY: f64 = 0.6;
/// See [`PERF_CENTER`].
const PERF_NOISE: f64 = 0.8;
/// Retention probit: retained when RETAIN_INTERCEPT + RETAIN_ABILITY·a + z > 0.
const RETAIN_INTERCEPT: f64 = 0.9;
/// See [`RETAIN_INTERCEPT`].
const RETAIN_ABILITY: f64 = 0.5;
/// Output buffer size; a chunk is handed to the writer once it exceeds this.
const CHUNK: usize = 1 << 20;

/// One question of the simulated loop.
struct QuestionSpec {
    id: &'static str,
    competency: &'static str,
    round: usize,
    ability: f64,
    impression: f64,
    text: &'static str,
}

/// One interview round: a contiguous block of questions.
struct RoundSpec {
    name: &'static str,
    first: usize,
    len: usize,
}

const ROUNDS: [RoundSpec; 4] = [
    RoundSpec { name: "system_design", first: 0, len: 3 },
    RoundSpec { name: "production_ownership", first: 3, len: 3 },
    RoundSpec { name: "code_review", first: 6, len: 2 },
    RoundSpec { name: "technical_judgment", first: 8, len: 2 },
];

const QUESTIONS: [QuestionSpec; 10] = [
    QuestionSpec {
        id: "Q1",
        competency: "System Design",
        round: 0,
        ability: 0.45,
        impression: 0.45,
        text: "A system you designed that you would design differently today",
    },
    QuestionSpec {
        id: "Q2",
        competency: "System Design",
        round: 0,
        ability: 0.55,
        impression: 0.30,
        text: "Design API rate limiting for a multi-tenant SaaS product",
    },
    QuestionSpec {
        id: "Q3",
        competency: "System Design",
        round: 0,
        ability: 0.50,
        impression: 0.30,
        text: "Migrate a 100M-row production table with no downtime",
    },
    QuestionSpec {
        id: "Q4",
        competency: "Production Ownership",
        round: 1,
        ability: 0.60,
        impression: 0.30,
        text: "Last production incident you owned: debugging process",
    },
    QuestionSpec {
        id: "Q5",
        competency: "Production Ownership",
        round: 1,
        ability: 0.35,
        impression: 0.35,
        text: "When is a service \"good enough\" to ship vs. needing more work?",
    },
    QuestionSpec {
        id: "Q6",
        competency: "Production Ownership",
        round: 1,
        ability: 0.50,
        impression: 0.30,
        text: "Paged at 3am, P0, latency up 400%: walk through your response",
    },
    QuestionSpec {
        id: "Q7",
        competency: "Code Quality",
        round: 2,
        ability: 0.40,
        impression: 0.30,
        text: "Review a junior engineer's PR with planted issues",
    },
    QuestionSpec {
        id: "Q8",
        competency: "Code Quality",
        round: 2,
        ability: 0.30,
        impression: 0.35,
        text: "Testing strategy for a service that processes payments",
    },
    QuestionSpec {
        id: "Q9",
        competency: "Technical Judgment",
        round: 3,
        ability: 0.25,
        impression: 0.45,
        text: "A technical decision the team disagreed with: how you handled it",
    },
    QuestionSpec {
        id: "Q10",
        competency: "Technical Judgment",
        round: 3,
        ability: 0.02,
        impression: 0.45,
        text: "Last thing you read or watched that changed how you build backends",
    },
];

/// Options of a simulation run.
#[derive(Debug, Clone, PartialEq)]
pub struct SimOptions {
    /// Number of candidates (at least 1).
    pub candidates: usize,
    /// RNG seed; the same seed gives byte-identical files.
    pub seed: u64,
    /// First onsite date as (year, month, day).
    pub start_date: (i32, u32, u32),
    /// Length of the onsite date span in days (1..=65535); dates are uniform over it.
    pub span_days: u32,
    /// Also write `groups.csv` (gender, veteran_status per candidate).
    pub groups: bool,
    /// Score points one interviewer subtracts from women's ratings (0: none). Implies `groups`.
    pub group_gap: f64,
    /// A planted retention outcome (`retained_12m`) with a chosen pool base rate and latent link to
    /// ability; `None` keeps the default probit `0.9 + 0.5·a + z > 0`.
    pub retention: Option<Retention>,
}

/// A planted binary outcome: `retained_12m = link·a + √(1 − link²)·z > Φ⁻¹(1 − pool_rate)`, so the
/// latent retention propensity correlates `link` with ability and a share `pool_rate` of the whole
/// applicant pool would be retained.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Retention {
    /// Share of the applicant pool retained, in (0, 1).
    pub pool_rate: f64,
    /// Correlation of the latent retention propensity with ability, in [−1, 1].
    pub link: f64,
}

impl Default for SimOptions {
    /// 2000 candidates, seed 42, onsites from 2024-01-01 to 2025-12-31.
    fn default() -> Self {
        SimOptions {
            candidates: 2000,
            seed: 42,
            start_date: (2024, 1, 1),
            span_days: 731,
            groups: false,
            group_gap: 0.0,
            retention: None,
        }
    }
}

/// Counts of what a simulation wrote, for the caller to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimReport {
    /// Candidates (rows of outcomes.csv).
    pub candidates: usize,
    /// Ratings (data rows of scorecards.csv).
    pub ratings: u64,
    /// Distinct scorecards.
    pub scorecards: u64,
    /// Hired candidates.
    pub hires: usize,
    /// Hires whose outcomes are known (not too recent).
    pub outcomes_known: usize,
    /// Interviewers in all pools (some may have no scorecard at tiny sizes).
    pub interviewers: usize,
}

/// A map from question id to a value that serializes as a JSON object in question order (Q1..Q10).
#[derive(Debug, Clone, PartialEq)]
pub struct IdMap<V = Option<f64>>(pub Vec<(String, V)>);

impl IdMap {
    /// The value stored for `id` (None when absent or undefined).
    pub fn get(&self, id: &str) -> Option<f64> {
        self.0.iter().find(|(k, _)| k == id).and_then(|(_, v)| *v)
    }
}

impl<V: Serialize> Serialize for IdMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Numeric parameters of the generating model (see the module doc for the formulas).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelParams {
    /// Human-readable rating formula.
    pub rating_formula: String,
    /// Human-readable outcome formulas.
    pub outcome_formula: String,
    /// Scale centre (3).
    pub scale_center: f64,
    /// Score points per latent unit (0.8).
    pub scale_factor: f64,
    /// Scorecard halo SD.
    pub halo_sd: f64,
    /// Rating noise SD.
    pub noise_sd: f64,
    /// Ordinary interviewers' leniency SD (score points).
    pub leniency_sd: f64,
    /// Planted lenient values.
    pub planted_lenient: Vec<f64>,
    /// Planted harsh values.
    pub planted_harsh: Vec<f64>,
    /// Spread factor of narrow-range interviewers.
    pub narrow_range_factor: f64,
    /// First drifting interviewer's leniency at the start and end of the span (the second: reversed).
    pub drift_from_to: [f64; 2],
    /// Share of the per-question noise left for halo interviewers.
    pub halo_noise_factor: f64,
    /// Scale of a halo interviewer's scorecard impression.
    pub halo_scale: f64,
    /// Scale of the halo draw replacing the candidate signal for the disagreeing interviewer.
    pub disagree_factor: f64,
    /// Share of ratings left unrated.
    pub missing_rating_rate: f64,
    /// Share of candidates skipping the judgment round.
    pub skip_judgment_rate: f64,
    /// Target hire share (top on the panel score).
    pub hire_share: f64,
    /// Last share of the span whose hires have no outcome yet.
    pub pending_share: f64,
    /// Interviewers per round pool.
    pub pool_size: usize,
    /// Log-normal sigma of workload weights.
    pub workload_lognormal_sigma: f64,
    /// Noise SD of the recommendation.
    pub recommendation_noise_sd: f64,
    /// Cut points strong_no | no | yes | strong_yes on the noisy scorecard mean.
    pub recommendation_cuts: [f64; 3],
}

/// A question's identity and loadings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionTruth {
    /// Question id (Q1..Q10).
    pub question_id: String,
    /// Competency name.
    pub competency: String,
    /// Round that asks it.
    pub round: String,
    /// Short text (as in questions.csv).
    pub text: String,
    /// Loading on the job-relevant ability.
    pub ability_loading: f64,
    /// Loading on the interview-only impression.
    pub impression_loading: f64,
}

/// One interviewer's true parameters and workload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterviewerTruth {
    /// Interviewer id.
    pub interviewer_id: String,
    /// Round pool the interviewer belongs to.
    pub round: String,
    /// True leniency in score points (the drifter: mean over the span).
    pub leniency: f64,
    /// True leniency change per year (non-zero only for the drifters).
    pub drift_per_year: f64,
    /// Share of the usual spread used (1, or the narrow-range factor).
    pub spread_factor: f64,
    /// `lenient`, `harsh`, `narrow_range`, `drifting`, `halo`, `disagrees_with_panel`, or absent.
    pub planted: Option<String>,
    /// Scorecards written.
    pub n_scorecards: u64,
    /// Ratings written.
    pub n_ratings: u64,
}

/// Ids of the planted interviewers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Planted {
    /// Lenient (+0.6, +0.5).
    pub lenient: Vec<String>,
    /// Harsh (−0.6, −0.5).
    pub harsh: Vec<String>,
    /// Narrow range (40% of the spread).
    pub narrow_range: Vec<String>,
    /// Drifting (−0.5 → +0.5, and +0.5 → −0.5).
    pub drifting: Vec<String>,
    /// Halo: one impression per scorecard drives every question.
    pub halo: Vec<String>,
    /// Rates an impression unrelated to the candidate, so disagrees with the rest of the panel.
    pub disagrees_with_panel: Vec<String>,
}

/// The known truth of a simulation; `truth.json` is its serialization.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Truth {
    /// RNG seed.
    pub seed: u64,
    /// Number of candidates.
    pub candidates: usize,
    /// First onsite date of the span (ISO).
    pub start_date: String,
    /// Last onsite date of the span (ISO).
    pub end_date: String,
    /// Realised hire rate.
    pub hire_rate: f64,
    /// Counts written.
    pub counts: SimReport,
    /// Model parameters.
    pub model: ModelParams,
    /// Questions with competency, round and loadings.
    pub questions: Vec<QuestionTruth>,
    /// Competency of each question.
    pub question_competency: IdMap<String>,
    /// True validity in the full pool: Pearson r of the question score with perf_rating_12m over all
    /// candidates rated on it, computed before non-hires' outcomes are hidden.
    pub question_validity: IdMap,
    /// Analytic population validity of the continuous latent score (before rounding; ordinary interviewers).
    pub question_validity_population: IdMap,
    /// Raw validity among hires with a known outcome (what a naive analysis sees; range-restricted).
    pub question_validity_hires: IdMap,
    /// Full-pool Pearson r of the panel score S with perf_rating_12m.
    pub panel_validity: Option<f64>,
    /// Analytic population validity of the mean continuous latent score.
    pub panel_validity_population: f64,
    /// Raw r of S with perf among hires with a known outcome.
    pub panel_validity_hires: Option<f64>,
    /// SD of S over all candidates.
    pub panel_sd_all: Option<f64>,
    /// SD of S over hires with a known outcome.
    pub panel_sd_hires: Option<f64>,
    /// Share of all candidates retained (`retained_12m` before non-hires' outcomes are hidden).
    pub retention_rate: f64,
    /// True binary-outcome validity in the full pool: point-biserial r of the question score with
    /// `retained_12m` over all candidates rated on it, before non-hires' outcomes are hidden.
    pub retention_validity: IdMap,
    /// Full-pool point-biserial r of the panel score S with `retained_12m`.
    pub panel_retention_validity: Option<f64>,
    /// The planted retention, when chosen (`--retention-rate`, `--retention-link`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention: Option<Retention>,
    /// Every interviewer's true parameters.
    pub interviewers: Vec<InterviewerTruth>,
    /// Planted interviewer ids.
    pub planted: Planted,
    /// Group membership and the planted group gap, when groups were simulated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<GroupsTruth>,
}

/// The truth of the simulated groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupsTruth {
    /// Group columns of groups.csv and their labels with probabilities.
    pub columns: Vec<(String, Vec<(String, f64)>)>,
    /// The interviewer who rates the focal group lower (absent without a planted gap).
    pub gap_interviewer: Option<String>,
    /// Column and group rated lower.
    pub gap_group: (String, String),
    /// Score points subtracted (before rounding).
    pub gap: f64,
}

/// Group columns of the simulation: name, labels and probabilities (the last label is a non-answer).
const GROUP_COLUMNS: [(&str, [(&str, f64); 4]); 2] = [
    ("gender", [("woman", 0.42), ("man", 0.50), ("nonbinary", 0.02), ("Decline to self-identify", 0.06)]),
    (
        "veteran_status",
        [
            ("Protected veteran", 0.08),
            ("Not a protected veteran", 0.86),
            ("I don't wish to answer", 0.06),
            ("", 0.0),
        ],
    ),
];

/// Each candidate's group code per column, from a stream of its own (the main stream is untouched).
fn candidate_groups(seed: u64, n: usize) -> Vec<[u8; 2]> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x6772_6f75_7073_5f31);
    (0..n)
        .map(|_| {
            let mut out = [0u8; 2];
            for (k, (_, labels)) in GROUP_COLUMNS.iter().enumerate() {
                let u: f64 = rng.random();
                let mut acc = 0.0;
                out[k] = labels.len() as u8 - 1;
                for (g, (_, p)) in labels.iter().enumerate() {
                    acc += p;
                    if u < acc {
                        out[k] = g as u8;
                        break;
                    }
                }
            }
            out
        })
        .collect()
}

/// Writes groups.csv for `n` candidates of `seed` (ids as in the other files).
fn write_groups<W: Write>(seed: u64, n: usize, w: W) -> Result<()> {
    let mut gw = Chunked::new(w, "groups.csv");
    gw.buf.extend_from_slice(b"candidate_id,gender,veteran_status\n");
    let c_width = digits(n as u64).max(7);
    for (c, g) in candidate_groups(seed, n).iter().enumerate() {
        push_id(&mut gw.buf, b'C', c as u64 + 1, c_width);
        for (k, &code) in g.iter().enumerate() {
            gw.buf.push(b',');
            push_csv_field(&mut gw.buf, GROUP_COLUMNS[k].1[code as usize].0);
        }
        gw.buf.push(b'\n');
        gw.maybe_flush()?;
    }
    gw.finish()
}

/// Write scorecards.csv, outcomes.csv, questions.csv and truth.json into `dir` (created if missing).
///
/// Each file is written to a temporary file in `dir` and renamed into place only after all four succeeded.
pub fn write_all(opts: &SimOptions, dir: &Path) -> Result<SimReport> {
    fs::create_dir_all(dir).with_context(|| format!("creating output directory {}", dir.display()))?;
    let with_groups = opts.groups || opts.group_gap != 0.0;
    let all = ["scorecards.csv", "outcomes.csv", "questions.csv", "truth.json", "groups.csv"];
    let names = &all[..if with_groups { 5 } else { 4 }];
    crate::report::files::remove_stale_temps(dir);
    // Dropped on any error before the renames, each temporary file removes itself.
    let tmp: Vec<crate::report::files::TempFile> = names
        .iter()
        .map(|n| crate::report::files::TempFile::new(&dir.join(n), ""))
        .collect::<std::io::Result<_>>()
        .with_context(|| format!("creating temporary files in {}", dir.display()))?;
    let open = |t: &crate::report::files::TempFile| {
        File::create(t.path()).with_context(|| format!("creating {}", t.path().display()))
    };
    let (f0, f1, f2) = (open(&tmp[0])?, open(&tmp[1])?, open(&tmp[2])?);
    let truth = write_to(opts, f0, f1, f2)?;
    let json = serde_json::to_vec_pretty(&truth).context("serializing truth.json")?;
    let mut f3 = open(&tmp[3])?;
    f3.write_all(&json)
        .and_then(|_| f3.write_all(b"\n"))
        .with_context(|| format!("writing {}", tmp[3].path().display()))?;
    drop(f3);
    if with_groups {
        write_groups(opts.seed, opts.candidates, open(&tmp[4])?)?;
    }
    for (t, n) in tmp.into_iter().zip(names.iter()) {
        let dst = dir.join(n);
        let from = t.path().display().to_string();
        t.persist(&dst).with_context(|| format!("renaming {from} to {}", dst.display()))?;
    }
    Ok(truth.counts)
}

/// Chunked writer: rows are appended to `buf` and handed to `w` in ~1 MiB pieces.
struct Chunked<W: Write> {
    w: W,
    buf: Vec<u8>,
    what: &'static str,
}

impl<W: Write> Chunked<W> {
    fn new(w: W, what: &'static str) -> Self {
        Chunked { w, buf: Vec::with_capacity(CHUNK + 4096), what }
    }
    fn maybe_flush(&mut self) -> Result<()> {
        if self.buf.len() >= CHUNK {
            self.w.write_all(&self.buf).with_context(|| format!("writing {}", self.what))?;
            self.buf.clear();
        }
        Ok(())
    }
    fn finish(mut self) -> Result<()> {
        self.w.write_all(&self.buf).with_context(|| format!("writing {}", self.what))?;
        self.w.flush().with_context(|| format!("flushing {}", self.what))
    }
}

/// Streaming sums for a Pearson correlation (shifted by 3 for accuracy on the 1..5 scales).
#[derive(Default, Clone, Copy)]
struct Acc {
    n: f64,
    sx: f64,
    sy: f64,
    sxx: f64,
    syy: f64,
    sxy: f64,
}

impl Acc {
    fn add(&mut self, x: f64, y: f64) {
        let (x, y) = (x - 3.0, y - 3.0);
        self.n += 1.0;
        self.sx += x;
        self.sy += y;
        self.sxx += x * x;
        self.syy += y * y;
        self.sxy += x * y;
    }
    fn r(&self) -> Option<f64> {
        if self.n < 3.0 {
            return None;
        }
        let vx = self.sxx - self.sx * self.sx / self.n;
        let vy = self.syy - self.sy * self.sy / self.n;
        let cxy = self.sxy - self.sx * self.sy / self.n;
        (vx > 0.0 && vy > 0.0).then(|| cxy / (vx * vy).sqrt())
    }
    fn sd_x(&self) -> Option<f64> {
        if self.n < 2.0 {
            return None;
        }
        Some(((self.sxx - self.sx * self.sx / self.n) / (self.n - 1.0)).max(0.0).sqrt())
    }
}

/// The checked options of a run.
struct Setup {
    /// Candidates.
    n: usize,
    /// Days in the date span.
    span: usize,
    /// ISO date of every day of the span.
    dates: Vec<[u8; 10]>,
    /// The planted retention, when chosen.
    retention: Option<RetentionCut>,
    /// Score points the group-gap interviewer subtracts from women's ratings.
    group_gap: f64,
}

/// The planted retention as drawn: `link·a + rest·z > cut`.
#[derive(Debug, Clone, Copy)]
struct RetentionCut {
    link: f64,
    rest: f64,
    cut: f64,
}

impl Setup {
    /// Checks `opts` and lays out the date span.
    fn of(opts: &SimOptions) -> Result<Setup> {
        let n = opts.candidates;
        if n == 0 {
            bail!("--candidates must be at least 1");
        }
        if n > u32::MAX as usize {
            bail!("--candidates must be at most {}", u32::MAX);
        }
        if opts.span_days == 0 || opts.span_days > u16::MAX as u32 {
            bail!("the date span must be 1..=65535 days, got {}", opts.span_days);
        }
        let (y, m, d) = opts.start_date;
        let start =
            days_from_civil(y, m, d).with_context(|| format!("invalid start date {y:04}-{m:02}-{d:02}"))?;
        let span = opts.span_days as usize;
        let dates: Vec<[u8; 10]> = (0..span).map(|k| iso_date(start + k as i64)).collect();
        let retention = opts.retention.map(RetentionCut::of).transpose()?;
        Ok(Setup { n, span, dates, retention, group_gap: opts.group_gap })
    }
}

impl RetentionCut {
    /// Checks the planted retention and finds its threshold.
    fn of(r: Retention) -> Result<RetentionCut> {
        if !(r.pool_rate > 0.0 && r.pool_rate < 1.0) {
            bail!("the retention base rate must be strictly between 0 and 1, got {}", r.pool_rate);
        }
        if r.link.is_nan() || r.link.abs() > 1.0 {
            bail!("the retention link to ability must be a correlation in [-1, 1], got {}", r.link);
        }
        let cut =
            crate::stats::correlation::normal_quantile(1.0 - r.pool_rate).context("retention base rate")?;
        Ok(RetentionCut { link: r.link, rest: (1.0 - r.link * r.link).sqrt(), cut })
    }
}

/// Writes questions.csv.
fn write_questions<W: Write>(w: W) -> Result<()> {
    let mut qw = Chunked::new(w, "questions.csv");
    qw.buf.extend_from_slice(b"question_id,competency,text\n");
    for q in &QUESTIONS {
        push_csv_field(&mut qw.buf, q.id);
        qw.buf.push(b',');
        push_csv_field(&mut qw.buf, q.competency);
        qw.buf.push(b',');
        push_csv_field(&mut qw.buf, q.text);
        qw.buf.push(b'\n');
    }
    qw.finish()
}

/// Onsite day (index into the span) of every candidate, sorted so candidate ids follow time.
fn onsite_days(rng: &mut ChaCha8Rng, n: usize, span: usize) -> Vec<u16> {
    let mut days: Vec<u16> = (0..n).map(|_| rng.random_range(0..span) as u16).collect();
    days.sort_unstable();
    days
}

/// Generate the data into three writers (scorecards.csv, outcomes.csv, questions.csv) and return the truth.
///
/// Writers are written in large chunks, so unbuffered `File`s are fine; `Vec<u8>` works for tests.
/// Steps, in the order they draw from the one random stream: the interviewer pools ([`pools`]), the
/// onsite dates, the candidates with their scorecards and outcomes ([`scorecards`]); then hiring and
/// outcomes.csv ([`outcomes`]) and the truth.
pub fn write_to<W1: Write, W2: Write, W3: Write>(
    opts: &SimOptions,
    scorecards: W1,
    outcomes: W2,
    questions: W3,
) -> Result<Truth> {
    let setup = Setup::of(opts)?;
    write_questions(questions)?;
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut pools = Pools::draw(setup.n, opts.group_gap != 0.0, &mut rng)?;
    let groups = if pools.gap.is_some() { candidate_groups(opts.seed, setup.n) } else { Vec::new() };
    let days = onsite_days(&mut rng, setup.n, setup.span);
    let written = scorecards::write(&setup, &days, &mut pools, &groups, &mut rng, scorecards)?;
    let hiring = outcomes::hire(&written.drawn.panel, &written.drawn.ties);
    let hires = outcomes::write(&setup, &days, &written.drawn, &hiring, outcomes)?;
    Ok(truth(opts, &setup, &pools, &written, &hiring, &hires))
}

/// Assembles the truth of a run from what the steps drew and counted.
fn truth(
    opts: &SimOptions,
    setup: &Setup,
    pools: &Pools,
    written: &Written,
    hiring: &Hiring,
    hires: &HireSums,
) -> Truth {
    let n = setup.n;
    let counts = SimReport {
        candidates: n,
        ratings: written.n_ratings,
        scorecards: written.n_scorecards,
        hires: hiring.n_hire,
        outcomes_known: hires.known,
        interviewers: pools.ivs.len(),
    };
    let id_map = |f: &dyn Fn(usize) -> Option<f64>| {
        IdMap(QUESTIONS.iter().enumerate().map(|(i, q)| (q.id.to_string(), f(i))).collect())
    };
    let pool = &written.sums;
    let span_years = setup.span as f64 / 365.25;
    Truth {
        seed: opts.seed,
        candidates: n,
        start_date: String::from_utf8_lossy(&setup.dates[0]).into_owned(),
        end_date: String::from_utf8_lossy(&setup.dates[setup.span - 1]).into_owned(),
        hire_rate: hiring.n_hire as f64 / n as f64,
        counts,
        model: model_params(opts.retention, pools.pool),
        questions: question_truths(),
        question_competency: IdMap(
            QUESTIONS.iter().map(|q| (q.id.to_string(), q.competency.to_string())).collect(),
        ),
        question_validity: id_map(&|i| pool.perf[i].r()),
        question_validity_population: id_map(&|i| Some(population_validity(i))),
        question_validity_hires: id_map(&|i| hires.perf[i].r()),
        panel_validity: pool.panel_perf.r(),
        panel_validity_population: panel_population_validity(),
        panel_validity_hires: hires.panel_perf.r(),
        panel_sd_all: pool.panel_perf.sd_x(),
        panel_sd_hires: hires.panel_perf.sd_x(),
        retention_rate: pool.retained / n as f64,
        retention_validity: id_map(&|i| pool.retention[i].r()),
        panel_retention_validity: pool.panel_retention.r(),
        retention: opts.retention,
        interviewers: pools.ivs.iter().map(|iv| interviewer_truth(iv, span_years)).collect(),
        planted: pools.planted.clone(),
        groups: (opts.groups || opts.group_gap != 0.0).then(|| groups_truth(pools, opts.group_gap)),
    }
}

/// The generating model's parameters.
fn model_params(retention: Option<Retention>, pool: usize) -> ModelParams {
    ModelParams {
        rating_formula: "score = clamp(round(3 + leniency_i(t) + spread_i*0.8*(ability_loading*a \
                         + impression_loading*m + halo + noise)), 1, 5); halo interviewers: \
                         1.35*((mean over the round's questions of ability_loading*a + impression_loading*m) \
                         + halo) + 0.25*noise; the disagreeing interviewer: 1.75*halo + noise"
            .into(),
        outcome_formula: match retention {
            None => "perf_rating_12m = clamp(round1(3 + 0.6*(0.6*a + 0.8*e)), 1, 5); \
                     retained_12m = 0.9 + 0.5*a + z > 0"
                .into(),
            Some(r) => format!(
                "perf_rating_12m = clamp(round1(3 + 0.6*(0.6*a + 0.8*e)), 1, 5); \
                 retained_12m = {link}*a + sqrt(1 - {link}^2)*z > Phi^-1(1 - {rate})",
                link = r.link,
                rate = r.pool_rate
            ),
        },
        scale_center: SCALE_CENTER,
        scale_factor: SCALE_FACTOR,
        halo_sd: HALO_SD,
        noise_sd: NOISE_SD,
        leniency_sd: LENIENCY_SD,
        planted_lenient: PLANTED_LENIENT.to_vec(),
        planted_harsh: PLANTED_HARSH.to_vec(),
        narrow_range_factor: NARROW_FACTOR,
        drift_from_to: [DRIFT_FROM, DRIFT_TO],
        halo_noise_factor: HALO_NOISE_FACTOR,
        halo_scale: HALO_SCALE,
        disagree_factor: DISAGREE_FACTOR,
        missing_rating_rate: MISSING_RATE,
        skip_judgment_rate: SKIP_JUDGMENT_RATE,
        hire_share: HIRE_SHARE,
        pending_share: PENDING_SHARE,
        pool_size: pool,
        workload_lognormal_sigma: WORKLOAD_SIGMA,
        recommendation_noise_sd: REC_NOISE_SD,
        recommendation_cuts: REC_CUTS,
    }
}

/// Every question's identity and loadings.
fn question_truths() -> Vec<QuestionTruth> {
    QUESTIONS
        .iter()
        .map(|q| QuestionTruth {
            question_id: q.id.into(),
            competency: q.competency.into(),
            round: ROUNDS[q.round].name.into(),
            text: q.text.into(),
            ability_loading: q.ability,
            impression_loading: q.impression,
        })
        .collect()
}

/// One interviewer's truth (`span_years`: length of the date span, for the drift per year).
fn interviewer_truth(iv: &Iv, span_years: f64) -> InterviewerTruth {
    InterviewerTruth {
        interviewer_id: iv.id.clone(),
        round: ROUNDS[iv.round].name.into(),
        leniency: iv.leniency,
        drift_per_year: iv.drift * (DRIFT_TO - DRIFT_FROM) / span_years,
        spread_factor: iv.spread,
        planted: iv.planted.map(str::to_string),
        n_scorecards: iv.n_scorecards,
        n_ratings: iv.n_ratings,
    }
}

/// The groups' truth: columns with their labels, and the planted gap.
fn groups_truth(pools: &Pools, gap: f64) -> GroupsTruth {
    GroupsTruth {
        columns: GROUP_COLUMNS
            .iter()
            .map(|(name, labels)| {
                (
                    name.to_string(),
                    labels.iter().filter(|l| l.1 > 0.0).map(|(l, p)| (l.to_string(), *p)).collect(),
                )
            })
            .collect(),
        gap_interviewer: pools.gap.map(|i| pools.ivs[i].id.clone()),
        gap_group: ("gender".into(), "woman".into()),
        gap,
    }
}

/// Analytic r of question `i`'s continuous latent score with the continuous perf (ordinary interviewers).
fn population_validity(i: usize) -> f64 {
    let q = &QUESTIONS[i];
    let cov = SCALE_FACTOR * q.ability * PERF_SCALE * PERF_ABILITY;
    let var_x = SCALE_FACTOR.powi(2)
        * (q.ability.powi(2) + q.impression.powi(2) + HALO_SD.powi(2) + NOISE_SD.powi(2))
        + LENIENCY_SD.powi(2);
    let var_y = PERF_SCALE.powi(2) * (PERF_ABILITY.powi(2) + PERF_NOISE.powi(2));
    cov / (var_x * var_y).sqrt()
}

/// Analytic r of the mean of the ten continuous latent scores with the continuous perf.
fn panel_population_validity() -> f64 {
    let k = QUESTIONS.len() as f64;
    let la = QUESTIONS.iter().map(|q| q.ability).sum::<f64>() / k;
    let lm = QUESTIONS.iter().map(|q| q.impression).sum::<f64>() / k;
    // Halo and leniency are shared within a round: weight (questions in round / k)².
    let shared: f64 = ROUNDS.iter().map(|r| (r.len as f64 / k).powi(2)).sum();
    let var_x = SCALE_FACTOR.powi(2) * (la * la + lm * lm + shared * HALO_SD.powi(2) + NOISE_SD.powi(2) / k)
        + shared * LENIENCY_SD.powi(2);
    let cov = SCALE_FACTOR * la * PERF_SCALE * PERF_ABILITY;
    let var_y = PERF_SCALE.powi(2) * (PERF_ABILITY.powi(2) + PERF_NOISE.powi(2));
    cov / (var_x * var_y).sqrt()
}

/// Number of decimal digits of `n` (at least 1).
fn digits(mut n: u64) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// Append `prefix` followed by `n` zero-padded to `width` digits.
fn push_id(buf: &mut Vec<u8>, prefix: u8, mut n: u64, width: usize) {
    let mut tmp = [b'0'; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let len = tmp.len() - i;
    buf.push(prefix);
    buf.extend(std::iter::repeat_n(b'0', width.saturating_sub(len)));
    buf.extend_from_slice(&tmp[i..]);
}

/// Append a CSV field, quoted when it holds a comma, quote or line break.
fn push_csv_field(buf: &mut Vec<u8>, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        buf.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                buf.push(b'"');
            }
            buf.push(b);
        }
        buf.push(b'"');
    } else {
        buf.extend_from_slice(s.as_bytes());
    }
}

/// Days since 1970-01-01 of a date in years 0..=9999, or None when the date does not exist.
fn days_from_civil(y: i32, m: u32, d: u32) -> Option<i64> {
    if !(0..=9999).contains(&y) {
        return None;
    }
    checked_days_from_civil(y, m, d).map(i64::from)
}

/// ISO `YYYY-MM-DD` bytes of a day count since 1970-01-01 (years 0..=9999).
fn iso_date(z: i64) -> [u8; 10] {
    let (y, m, d) = civil_from_days(z as i32);
    let y = y.clamp(0, 9999) as u32;
    let dig = |v: u32| b'0' + (v % 10) as u8;
    [dig(y / 1000), dig(y / 100), dig(y / 10), dig(y), b'-', dig(m / 10), dig(m), b'-', dig(d / 10), dig(d)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use std::sync::OnceLock;

    struct Run {
        sc: Vec<u8>,
        out: Vec<u8>,
        q: Vec<u8>,
        truth: Truth,
    }

    fn run(opts: &SimOptions) -> Run {
        let (mut sc, mut out, mut q) = (Vec::new(), Vec::new(), Vec::new());
        let truth = write_to(opts, &mut sc, &mut out, &mut q).expect("simulate");
        Run { sc, out, q, truth }
    }

    fn fixture() -> &'static Run {
        static F: OnceLock<Run> = OnceLock::new();
        F.get_or_init(|| run(&SimOptions::default()))
    }

    fn lines(b: &[u8]) -> Vec<&str> {
        std::str::from_utf8(b).expect("utf8").lines().collect()
    }

    fn pearson(xy: &[(f64, f64)]) -> f64 {
        let mut a = Acc::default();
        for &(x, y) in xy {
            a.add(x, y);
        }
        a.r().expect("defined r")
    }

    #[test]
    fn deterministic_per_seed() {
        let a = fixture();
        let b = run(&SimOptions::default());
        assert_eq!(a.sc, b.sc);
        assert_eq!(a.out, b.out);
        assert_eq!(a.q, b.q);
        assert_eq!(serde_json::to_vec(&a.truth).expect("json"), serde_json::to_vec(&b.truth).expect("json"));
        let c = run(&SimOptions { seed: 43, ..Default::default() });
        assert_ne!(a.sc, c.sc);
        assert_ne!(a.out, c.out);
    }

    #[test]
    fn row_counts_consistent() {
        let f = fixture();
        let sc = lines(&f.sc);
        assert_eq!(
            sc[0],
            "scorecard_id,candidate_id,interviewer_id,question_id,score,interview_date,recommendation"
        );
        assert_eq!(sc.len() as u64 - 1, f.truth.counts.ratings);
        let cards: BTreeSet<&str> = sc[1..].iter().map(|l| l.split(',').next().expect("id")).collect();
        assert_eq!(cards.len() as u64, f.truth.counts.scorecards);
        let out = lines(&f.out);
        assert_eq!(out[0], "candidate_id,hired,perf_rating_12m,retained_12m");
        assert_eq!(out.len() - 1, 2000);
        let q = lines(&f.q);
        assert_eq!(q.len(), 11);
        assert_eq!(q[0], "question_id,competency,text");
        // ~10 ratings per candidate, ~4 scorecards per candidate, minus missing ones.
        let per = f.truth.counts.ratings as f64 / 2000.0;
        assert!((9.5..=9.9).contains(&per), "ratings per candidate {per}");
        let n_iv: usize = f.truth.interviewers.len();
        assert_eq!(n_iv, f.truth.counts.interviewers);
        let total: u64 = f.truth.interviewers.iter().map(|i| i.n_ratings).sum();
        assert_eq!(total, f.truth.counts.ratings);
        // Every scorecard has a single candidate, interviewer, date and recommendation.
        let mut seen: BTreeMap<&str, (&str, &str, &str, &str)> = BTreeMap::new();
        for l in &sc[1..] {
            let v: Vec<&str> = l.split(',').collect();
            assert_eq!(v.len(), 7, "{l}");
            let key = (v[1], v[2], v[5], v[6]);
            assert_eq!(*seen.entry(v[0]).or_insert(key), key);
        }
    }

    #[test]
    fn scores_dates_and_labels_valid() {
        let f = fixture();
        let mut hist = [0u64; 6];
        for l in &lines(&f.sc)[1..] {
            let v: Vec<&str> = l.split(',').collect();
            let s: u8 = v[4].parse().expect("score");
            assert!((1..=5).contains(&s));
            hist[s as usize] += 1;
            assert!(v[5].len() == 10 && ("2024-01-01"..="2025-12-31").contains(&v[5]), "{}", v[5]);
            assert!(REC_LABELS.contains(&v[6]));
        }
        let tot: u64 = hist.iter().sum();
        let mid = (hist[2] + hist[3] + hist[4]) as f64 / tot as f64;
        assert!(mid > 0.8, "2–4 share {mid}");
        assert!(hist[1] > 0 && hist[5] > 0);
    }

    #[test]
    fn hires_and_outcomes() {
        let f = fixture();
        let (mut hires, mut known) = (0, 0);
        for l in &lines(&f.out)[1..] {
            let v: Vec<&str> = l.split(',').collect();
            assert_eq!(v.len(), 4);
            match v[1] {
                "true" => {
                    hires += 1;
                    if !v[2].is_empty() {
                        known += 1;
                        let p: f64 = v[2].parse().expect("perf");
                        assert!((1.0..=5.0).contains(&p));
                        assert!(v[3] == "true" || v[3] == "false");
                    } else {
                        assert!(v[3].is_empty());
                    }
                }
                "false" => assert!(v[2].is_empty() && v[3].is_empty(), "{l}"),
                other => panic!("hired = {other}"),
            }
        }
        assert!((hires as f64 / 2000.0 - 0.2).abs() < 0.01);
        let pend = 1.0 - known as f64 / hires as f64;
        assert!((0.04..=0.18).contains(&pend), "pending share {pend}");
        assert_eq!(hires, f.truth.counts.hires);
        assert_eq!(known, f.truth.counts.outcomes_known);
    }

    #[test]
    fn planted_interviewers_have_enough_ratings() {
        let f = fixture();
        let p = &f.truth.planted;
        let all: Vec<&String> = p
            .lenient
            .iter()
            .chain(&p.harsh)
            .chain(&p.narrow_range)
            .chain(&p.drifting)
            .chain(&p.halo)
            .chain(&p.disagrees_with_panel)
            .collect();
        assert_eq!(all.len(), 11);
        let mut count: BTreeMap<&str, u64> = BTreeMap::new();
        for l in &lines(&f.sc)[1..] {
            *count.entry(l.split(',').nth(2).expect("iv")).or_default() += 1;
        }
        for id in all {
            let c = count.get(id.as_str()).copied().unwrap_or(0);
            assert!(c >= 30, "{id} has {c} ratings");
        }
        let rounds: BTreeSet<&str> =
            f.truth.interviewers.iter().filter(|i| i.planted.is_some()).map(|i| i.round.as_str()).collect();
        assert_eq!(rounds.len(), 4);
    }

    #[test]
    fn truth_validity_shape() {
        let t = &fixture().truth;
        let q10 = t.question_validity.get("Q10").expect("Q10");
        let q4 = t.question_validity.get("Q4").expect("Q4");
        assert!(q10.abs() < 0.08, "Q10 {q10}");
        assert!(q4 > 0.2, "Q4 {q4}");
        assert!(t.question_validity_population.get("Q10").expect("pop").abs() < 0.03);
        let json = serde_json::to_string(t).expect("json");
        assert!(json.contains("\"question_validity\":{\"Q1\":"));
    }

    #[test]
    fn range_restriction_present_in_written_data() {
        let f = fixture();
        // S per candidate from scorecards.csv; perf from outcomes.csv.
        let mut sums: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
        for l in &lines(&f.sc)[1..] {
            let v: Vec<&str> = l.split(',').collect();
            let e = sums.entry(v[1]).or_default();
            e.0 += v[4].parse::<f64>().expect("score");
            e.1 += 1.0;
        }
        let mut xy = Vec::new();
        for l in &lines(&f.out)[1..] {
            let v: Vec<&str> = l.split(',').collect();
            if v[1] == "true" && !v[2].is_empty() {
                let (s, k) = sums[v[0]];
                xy.push((s / k, v[2].parse::<f64>().expect("perf")));
            }
        }
        let r_hires = pearson(&xy);
        let full = f.truth.panel_validity.expect("panel validity");
        assert!(r_hires < full - 0.1, "hires r {r_hires} vs full {full}");
        assert!((r_hires - f.truth.panel_validity_hires.expect("hires")).abs() < 1e-9);
        assert!(full > 0.3, "panel validity {full}");
    }

    #[test]
    fn questions_csv_quotes_fields() {
        let q = String::from_utf8(fixture().q.clone()).expect("utf8");
        assert!(q.contains("Q5,Production Ownership,\"When is a service \"\"good enough\"\""));
        assert!(q.contains("Q6,Production Ownership,\"Paged at 3am, P0,"));
        assert!(QUESTIONS.iter().all(|q| q.text.len() < 80));
    }

    #[test]
    fn calendar_roundtrip() {
        assert_eq!(days_from_civil(1970, 1, 1), Some(0));
        assert_eq!(&iso_date(days_from_civil(2024, 2, 29).expect("leap")), b"2024-02-29");
        assert_eq!(days_from_civil(2025, 2, 29), None);
        let s = days_from_civil(2024, 1, 1).expect("date");
        assert_eq!(&iso_date(s + 730), b"2025-12-31");
        for z in -1000..100_000 {
            let (y, m, d) = civil_from_days(z as i32);
            assert_eq!(days_from_civil(y, m, d), Some(z));
        }
    }

    #[test]
    fn ids_padded() {
        let mut b = Vec::new();
        push_id(&mut b, b'C', 42, 7);
        assert_eq!(b, b"C0000042");
        b.clear();
        push_id(&mut b, b'S', 12_345_678, 6);
        assert_eq!(b, b"S12345678");
    }

    #[test]
    fn bad_options_rejected_and_tiny_runs_work() {
        let mut sink = (Vec::new(), Vec::new(), Vec::new());
        let bad = SimOptions { candidates: 0, ..Default::default() };
        assert!(write_to(&bad, &mut sink.0, &mut sink.1, &mut sink.2).is_err());
        let bad = SimOptions { start_date: (2025, 2, 30), ..Default::default() };
        assert!(write_to(&bad, &mut sink.0, &mut sink.1, &mut sink.2).is_err());
        let r = run(&SimOptions { candidates: 1, span_days: 1, ..Default::default() });
        assert_eq!(r.truth.counts.candidates, 1);
        assert_eq!(lines(&r.out).len(), 2);
    }

    #[test]
    fn write_all_is_atomic_and_complete() {
        let dir = std::env::temp_dir().join(format!("hirecal-sim-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let opts = SimOptions { candidates: 300, ..Default::default() };
        let rep = write_all(&opts, &dir).expect("write_all");
        let mut names: Vec<String> = fs::read_dir(&dir)
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["outcomes.csv", "questions.csv", "scorecards.csv", "truth.json"]);
        let truth: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.join("truth.json")).expect("read")).expect("json");
        assert_eq!(truth["counts"]["ratings"].as_u64(), Some(rep.ratings));
        assert_eq!(truth["planted"]["lenient"].as_array().map(Vec::len), Some(2));
        let r = run(&opts);
        assert_eq!(fs::read(dir.join("scorecards.csv")).expect("read"), r.sc);
        let _ = fs::remove_dir_all(&dir);
    }
}
