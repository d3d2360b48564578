//! The TOML configuration file (`--config FILE`): column names, layout, rating scale, thresholds.
//!
//! Every key is optional; unknown keys are an error naming the key, so a typo never passes silently.
//!
//! ```toml
//! preset = "greenhouse_report" # optional: start from a built-in mapping (keys below override it)
//! layout = "long"            # or "wide": one row per scorecard, one column per question
//! outcome_reliability = 0.52 # optional criterion reliability r_yy
//!
//! [scorecards]               # column names in the scorecards file
//! candidate_id = "Candidate ID"
//! score = "Rating"
//! question_columns = ["Q1", "Q2"]   # wide layout only; default: every column not mapped above
//!
//! [outcomes]
//! candidate_id = "Employee Candidate ID"
//! hired = "Hired?"
//!
//! [questions]
//! question_id = "id"
//!
//! [scale]
//! kind = "custom"            # numeric | four_point | greenhouse | custom
//! labels = { low = 1, medium = 2, high = 3 }
//!
//! [groups]                   # --groups FILE (hirecal fairness); every key optional
//! unknown = ["Decline to self-identify", "Prefer not to say"]   # replaces the default non-answers
//!
//! [ashby]                    # --source ashby: recommendation labels → 1 (strong no) … 4 (strong yes)
//! recommendation_labels = { "Lean Hire" = 3, "Lean No Hire" = 2 }
//! [outcomes.labels]          # text labels of an outcome column → numbers
//! performance = { Below = 1, Meets = 2, Exceeds = 3 }
//!
//! [recommendations]          # every source: recommendation labels → 1 (strong no) … 4 (strong yes)
//! labels = { "Lean Hire" = 3, "Lean No Hire" = 2 }
//!
//! [dates]
//! format = "%m/%d/%Y"        # strftime-style; default ISO 8601, or detected when unambiguous
//!
//! [ids]
//! fold_case = true           # "Bob Smith" and "bob  smith" are one person
//! ```
//!
//! `[ashby] recommendation_labels` is an older spelling of `[recommendations] labels`; both are read
//! (the `[recommendations]` entry wins for a label listed in both). docs/configuration.md lists every key.
//!
//! Presets ([`PRESETS`]) are config files shipped in `configs/`: `preset = "greenhouse_report"` reads
//! Greenhouse's scorecard report CSV (`configs/greenhouse_scorecards_csv.toml`, whose column names
//! are assumptions to check against the export).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

use crate::dates::DateFormat;
use crate::error::{Error, Result};
use crate::scale::{normalise_label, Scale, ScaleKind};

/// Layout of the scorecards file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One row per rated question (the canonical layout).
    #[default]
    Long,
    /// One row per scorecard, one column per question.
    Wide,
}

/// Built-in presets: name → config text (the files in `configs/`). `preset = "NAME"` in a config
/// starts from that text; every key the config sets overrides the preset's.
pub const PRESETS: &[(&str, &str)] =
    &[("greenhouse_report", include_str!("../configs/greenhouse_scorecards_csv.toml"))];

/// The whole configuration file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// A built-in preset the file starts from ([`PRESETS`]); the file's own keys override it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// Layout of the scorecards file.
    pub layout: Layout,
    /// Field delimiter of CSV inputs; default: sniffed from the header (`,`, `;`, tab or `|`).
    pub delimiter: Option<char>,
    /// Column names in the scorecards file.
    pub scorecards: ScorecardColumns,
    /// Column names in the outcomes file.
    pub outcomes: OutcomeColumns,
    /// Column names in the questions file.
    pub questions: QuestionColumns,
    /// The rating scale.
    pub scale: ScaleConfig,
    /// Analysis thresholds.
    pub analysis: AnalysisConfig,
    /// Criterion reliability r_yy of the outcome (0 < r_yy ≤ 1), applied before range correction.
    pub outcome_reliability: Option<f64>,
    /// `--source ashby` options (an alias of `[recommendations] labels`).
    #[serde(skip_serializing_if = "AshbyConfig::is_empty")]
    pub ashby: AshbyConfig,
    /// `--groups` options: group file columns, non-answers, stage columns (`hirecal fairness`).
    #[serde(skip_serializing_if = "GroupsConfig::is_empty")]
    pub groups: GroupsConfig,
    /// Recommendation labels for every source.
    #[serde(skip_serializing_if = "RecommendationsConfig::is_empty")]
    pub recommendations: RecommendationsConfig,
    /// How interview dates are written.
    #[serde(skip_serializing_if = "DatesConfig::is_empty")]
    pub dates: DatesConfig,
    /// How candidate and interviewer ids are matched.
    #[serde(skip_serializing_if = "IdsConfig::is_empty")]
    pub ids: IdsConfig,
    /// Where the inputs come from (`--source`); not a config-file key.
    #[serde(skip)]
    pub source: AtsSource,
    /// Whether ATS interviewer display names may appear (`--show-names`); not a config-file key.
    #[serde(skip)]
    pub show_names: bool,
}

/// Where the inputs come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AtsSource {
    /// hirecal's canonical CSV/Parquet layouts.
    #[default]
    Canonical,
    /// Greenhouse Harvest v1 JSON: scorecards and applications.
    Greenhouse,
    /// Lever feedback JSON.
    Lever,
    /// Ashby applicationFeedback.list JSON.
    Ashby,
}

impl AtsSource {
    /// The `--source` value.
    pub fn name(self) -> &'static str {
        match self {
            AtsSource::Canonical => "canonical",
            AtsSource::Greenhouse => "greenhouse",
            AtsSource::Lever => "lever",
            AtsSource::Ashby => "ashby",
        }
    }
}

/// The `[groups]` section: the groups file of `hirecal fairness --groups`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GroupsConfig {
    /// Candidate column of the groups file (default `candidate_id`).
    pub candidate_id: Option<String>,
    /// Group columns to analyse; default every other column.
    pub columns: Option<Vec<String>>,
    /// Values that mean "unknown" (replaces the default list of non-answers; empty cells are always unknown).
    pub unknown: Option<Vec<String>>,
    /// Binary outcome columns that record a stage decision (e.g. `advanced_onsite`); default: binary
    /// outcome columns named `advanced` or starting with `advanced_` or `passed_`.
    pub stages: Option<Vec<String>>,
}

impl GroupsConfig {
    /// Whether the section sets nothing (it is then left out of summary.json's provenance).
    pub fn is_empty(&self) -> bool {
        *self == GroupsConfig::default()
    }
}

/// Column names in the scorecards file (defaults are the canonical names).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScorecardColumns {
    /// Candidate column.
    pub candidate_id: String,
    /// Interviewer column.
    pub interviewer_id: String,
    /// Question column (long layout).
    pub question_id: String,
    /// Score column (long layout).
    pub score: String,
    /// Scorecard id column (optional in the file).
    pub scorecard_id: String,
    /// Interview date column (optional in the file).
    pub interview_date: String,
    /// Overall recommendation column (optional in the file).
    pub recommendation: String,
    /// Wide layout: the question columns; default every column not mapped above.
    pub question_columns: Option<Vec<String>>,
}

impl Default for ScorecardColumns {
    fn default() -> Self {
        ScorecardColumns {
            candidate_id: "candidate_id".into(),
            interviewer_id: "interviewer_id".into(),
            question_id: "question_id".into(),
            score: "score".into(),
            scorecard_id: "scorecard_id".into(),
            interview_date: "interview_date".into(),
            recommendation: "recommendation".into(),
            question_columns: None,
        }
    }
}

/// Column names in the outcomes file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutcomeColumns {
    /// Candidate column.
    pub candidate_id: String,
    /// Hiring decision column.
    pub hired: String,
    /// Outcome columns to read; default every other column.
    pub columns: Option<Vec<String>>,
    /// `[outcomes.labels]`: column name → (text label → number), for outcome columns written as
    /// words (`Below`/`Meets`/`Exceeds`). Matching ignores case, spaces and dashes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, BTreeMap<String, f64>>>,
}

impl Default for OutcomeColumns {
    fn default() -> Self {
        OutcomeColumns {
            candidate_id: "candidate_id".into(),
            hired: "hired".into(),
            columns: None,
            labels: None,
        }
    }
}

impl OutcomeColumns {
    /// The label map of outcome column `column`, if `[outcomes.labels]` lists it.
    pub fn label_map(&self, column: &str) -> Option<&BTreeMap<String, f64>> {
        self.labels.as_ref()?.get(column)
    }
}

/// Column names in the questions file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuestionColumns {
    /// Question id column.
    pub question_id: String,
    /// Competency column.
    pub competency: String,
    /// Question text column.
    pub text: String,
}

impl Default for QuestionColumns {
    fn default() -> Self {
        QuestionColumns {
            question_id: "question_id".into(),
            competency: "competency".into(),
            text: "text".into(),
        }
    }
}

/// The `[scale]` section.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScaleConfig {
    /// Scale kind; default numeric, or a labelled scale inferred from the first label seen.
    pub kind: Option<ScaleKind>,
    /// Lowest valid score (numeric scales).
    pub min: Option<f64>,
    /// Highest valid score (numeric scales).
    pub max: Option<f64>,
    /// Label → number for `kind = "custom"`.
    pub labels: Option<BTreeMap<String, f64>>,
}

/// The `[ashby]` section.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AshbyConfig {
    /// Recommendation label → 1 (strong no), 2 (no), 3 (yes), 4 (strong yes), for feedback forms whose
    /// recommendation is a labelled choice rather than a 1–4 score. Matching ignores case, spaces and
    /// dashes. Labels not listed fall back to the built-in ones (Strong Yes, Yes, No, Strong No,
    /// Strong Hire, Hire, No Hire…).
    pub recommendation_labels: Option<BTreeMap<String, u8>>,
}

impl AshbyConfig {
    /// Whether the section sets nothing (it is then left out of summary.json).
    pub fn is_empty(&self) -> bool {
        self.recommendation_labels.is_none()
    }

    /// The 1–4 value a recommendation label maps to, if the config lists it.
    pub fn recommendation(&self, label: &str) -> Option<u8> {
        let want = normalise_label(label);
        self.recommendation_labels.as_ref()?.iter().find(|(k, _)| normalise_label(k) == want).map(|(_, v)| *v)
    }
}

/// The `[recommendations]` section.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RecommendationsConfig {
    /// Recommendation label → 1 (strong no), 2 (no), 3 (yes), 4 (strong yes), for any source.
    /// Matching ignores case, spaces and dashes; labels not listed fall back to the built-in ones.
    pub labels: Option<BTreeMap<String, u8>>,
}

impl RecommendationsConfig {
    /// Whether the section sets nothing.
    pub fn is_empty(&self) -> bool {
        self.labels.is_none()
    }
}

/// The `[dates]` section.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatesConfig {
    /// strftime-style pattern of the interview dates (`"%m/%d/%Y"`, `"%d.%m.%Y %H:%M"`); default
    /// ISO 8601, or an unambiguous pattern detected from the values.
    pub format: Option<String>,
}

impl DatesConfig {
    /// Whether the section sets nothing.
    pub fn is_empty(&self) -> bool {
        self.format.is_none()
    }
}

/// The `[ids]` section.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IdsConfig {
    /// Merge candidate and interviewer ids that differ only by letter case or whitespace
    /// ("Bob Smith", "bob  smith"). Off by default: `check` lists such ids instead.
    pub fold_case: bool,
}

impl IdsConfig {
    /// Whether the section sets nothing.
    pub fn is_empty(&self) -> bool {
        !self.fold_case
    }
}

/// The `[analysis]` section: thresholds used by the statistics.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AnalysisConfig {
    /// Minimum hires with outcome for a question verdict (default 30).
    pub min_n: usize,
    /// Minimum scorecards for an interviewer verdict (default 10).
    pub min_scorecards: usize,
    /// Reliability target for the Spearman–Brown panel size (default 0.80).
    pub reliability_target: f64,
    /// Confidence level of every interval (default 0.95).
    pub confidence: f64,
    /// False-discovery rate of interviewer flags, per flag kind (default 0.10).
    pub flag_fdr: f64,
}

impl Default for AnalysisConfig {
    fn default() -> Self {
        AnalysisConfig {
            min_n: 30,
            min_scorecards: 10,
            reliability_target: 0.80,
            confidence: 0.95,
            flag_fdr: 0.10,
        }
    }
}

/// The error for an invalid value: `message` starts with the key it names, located in `text` (the
/// position is left out when the file does not write the key, e.g. a preset's).
fn invalid(text: &str, path: &Path, message: String) -> Error {
    let (line, column) = locate_key(text, &message).unwrap_or((0, 0));
    Error::Config { path: path.to_path_buf(), line, column, message }
}

/// The line and column (1-based) of the key a validation message starts with — `[section] key …` or
/// `key = …` at the top — in the config text; `None` when the file does not write it (a preset's key).
fn locate_key(text: &str, message: &str) -> Option<(usize, usize)> {
    let (section, rest) = match message.strip_prefix('[') {
        Some(m) => {
            let (s, r) = m.split_once(']')?;
            (s.trim(), r.trim_start())
        }
        None => ("", message),
    };
    let key: &str = rest.split([' ', '=', ':']).next().filter(|k| !k.is_empty())?;
    let mut current = "";
    for (k, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if let Some(h) = t.strip_prefix('[') {
            current = h.split(']').next().unwrap_or("").trim();
            continue;
        }
        let is_key = t.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('='));
        if current == section && is_key {
            return Some((k + 1, line.len() - t.len() + 1));
        }
    }
    None
}

impl Config {
    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(&text, path)
    }

    /// Parses config text; `path` only names the file in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let positioned = |e: toml::de::Error| {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            Error::Config { path: path.to_path_buf(), line, column: col, message: e.message().to_string() }
        };
        // The file alone first, so a typo or a wrong type is reported at its line and column.
        let mut cfg: Config = toml::from_str(text).map_err(positioned)?;
        if let Some(name) = cfg.preset.clone() {
            cfg = Self::with_preset(&name, text, path)?;
        }
        cfg.validate(text, path)?;
        Ok(cfg)
    }

    /// The preset `name` with the file's keys laid over it (tables merged key by key).
    fn with_preset(name: &str, text: &str, path: &Path) -> Result<Config> {
        let bad = |message: String| invalid(text, path, message);
        let Some((_, base)) = PRESETS.iter().find(|(n, _)| *n == name) else {
            let known: Vec<String> = PRESETS.iter().map(|(n, _)| format!("\"{n}\"")).collect();
            return Err(bad(format!(
                "preset = \"{name}\" is not a built-in preset; expected one of {}",
                known.join(", ")
            )));
        };
        let parse = |t: &str, what: &str| {
            t.parse::<toml::Table>().map_err(|e| bad(format!("{what}: {}", e.message())))
        };
        let mut merged = parse(base, &format!("built-in preset \"{name}\""))?;
        merge_tables(&mut merged, parse(text, "config")?);
        toml::Value::Table(merged)
            .try_into::<Config>()
            .map_err(|e| bad(format!("with preset \"{name}\": {}", e.message())))
    }

    /// Checks the values that parse but make no sense; `text` locates the key a message names.
    fn validate(&self, text: &str, path: &Path) -> Result<()> {
        let bad = |message: String| invalid(text, path, message);
        if let Some(r) = self.outcome_reliability {
            if !(r > 0.0 && r <= 1.0) {
                return Err(bad(format!("outcome_reliability = {r}: expected a number in (0, 1]")));
            }
        }
        if self.scale.kind == Some(ScaleKind::Custom)
            && self.scale.labels.as_ref().is_none_or(|l| l.is_empty())
        {
            return Err(bad("[scale] kind = \"custom\" needs `labels = { label = number, … }`".into()));
        }
        if let Some(kind) = self.scale.kind.filter(|k| *k != ScaleKind::Numeric) {
            if self.scale.min.is_some() || self.scale.max.is_some() {
                let name = match kind {
                    ScaleKind::FourPoint => "four_point scale is 1–4",
                    ScaleKind::Greenhouse => "greenhouse scale is 1–5",
                    _ => "custom scale spans the numbers of its labels",
                };
                return Err(bad(format!(
                    "[scale] min/max apply to kind = \"numeric\" only, and are ignored otherwise: the {name}. \
                     Remove min/max, or set kind = \"numeric\" to read the scores as numbers within min–max"
                )));
            }
        }
        if let (Some(a), Some(b)) = (self.scale.min, self.scale.max) {
            if a >= b || !a.is_finite() || !b.is_finite() {
                return Err(bad(format!("[scale] min = {a}, max = {b}: expected finite min < max")));
            }
        }
        for (key, labels) in [
            ("[ashby] recommendation_labels", &self.ashby.recommendation_labels),
            ("[recommendations] labels", &self.recommendations.labels),
        ] {
            if let Some((k, v)) = labels.iter().flatten().find(|(_, v)| !(1..=4).contains(*v)) {
                return Err(bad(format!(
                    "{key}: \"{k}\" = {v}, expected 1 (strong no), 2 (no), 3 (yes) or 4 (strong yes)"
                )));
            }
        }
        if let Some(f) = &self.dates.format {
            if let Err(e) = DateFormat::parse(f) {
                return Err(bad(format!("[dates] format = \"{f}\": {e}")));
            }
        }
        for (col, labels) in self.outcomes.labels.iter().flatten() {
            if labels.is_empty() {
                return Err(bad(format!(
                    "[outcomes.labels] {col} = {{}}: list the labels, e.g. {col} = {{ Below = 1, Meets = 2, Exceeds = 3 }}"
                )));
            }
            if let Some((k, v)) = labels.iter().find(|(_, v)| !v.is_finite()) {
                return Err(bad(format!("[outcomes.labels] {col}: \"{k}\" = {v}, expected a finite number")));
            }
        }
        let a = &self.analysis;
        if !(a.confidence > 0.5 && a.confidence < 1.0) {
            return Err(bad(format!(
                "[analysis] confidence = {}: expected a number in (0.5, 1)",
                a.confidence
            )));
        }
        if !(a.flag_fdr > 0.0 && a.flag_fdr < 1.0) {
            return Err(bad(format!(
                "[analysis] flag_fdr = {}: expected a false-discovery rate in (0, 1), e.g. 0.10",
                a.flag_fdr
            )));
        }
        if !(a.reliability_target > 0.0 && a.reliability_target < 1.0) {
            return Err(bad(format!(
                "[analysis] reliability_target = {}: expected a number in (0, 1)",
                a.reliability_target
            )));
        }
        Ok(())
    }

    /// The 1–4 value a recommendation label maps to through `[recommendations] labels`, or else its
    /// alias `[ashby] recommendation_labels`.
    pub fn recommendation(&self, label: &str) -> Option<u8> {
        let want = normalise_label(label);
        let find = |m: &Option<BTreeMap<String, u8>>| {
            m.as_ref()?.iter().find(|(k, _)| normalise_label(k) == want).map(|(_, v)| *v)
        };
        find(&self.recommendations.labels).or_else(|| find(&self.ashby.recommendation_labels))
    }

    /// How interview dates are read when the config sets a format (`None`: ISO or detection).
    pub fn date_format(&self) -> Option<DateFormat> {
        self.dates.format.as_deref().and_then(|f| DateFormat::parse(f).ok())
    }

    /// The configured scale, or `None` when the config leaves it to inference.
    pub fn scale(&self) -> Option<Scale> {
        let s = &self.scale;
        match s.kind {
            Some(ScaleKind::FourPoint) => Some(Scale::four_point()),
            Some(ScaleKind::Greenhouse) => Some(Scale::greenhouse()),
            Some(ScaleKind::Custom) => Some(Scale::custom(s.labels.clone().unwrap_or_default())),
            Some(ScaleKind::Numeric) => Some(Scale::numeric(s.min, s.max)),
            None if s.min.is_some() || s.max.is_some() => Some(Scale::numeric(s.min, s.max)),
            None => None,
        }
    }
}

/// Lays `over` onto `base`: sub-tables are merged key by key, any other value replaces the base's.
fn merge_tables(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge_tables(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_the_canonical_one() {
        let c = Config::parse("", Path::new("c.toml")).unwrap();
        assert_eq!(c.layout, Layout::Long);
        assert_eq!(c.scorecards.candidate_id, "candidate_id");
        assert!(c.scale().is_none());
        assert_eq!(c.analysis.min_n, 30);
    }

    #[test]
    fn unknown_keys_are_errors_with_position() {
        let err = Config::parse("layout = \"long\"\n[scorecards]\ncandidate = \"x\"\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("c.toml:3"), "{err}");
        assert!(err.contains("candidate"), "{err}");
    }

    #[test]
    fn custom_scale_needs_labels_and_reliability_is_bounded() {
        assert!(Config::parse("[scale]\nkind = \"custom\"\n", Path::new("c")).is_err());
        assert!(Config::parse("outcome_reliability = 1.5\n", Path::new("c")).is_err());
        let c = Config::parse("[scale]\nkind = \"custom\"\nlabels = { low = 1, high = 3 }\n", Path::new("c"))
            .unwrap();
        assert_eq!(c.scale().unwrap().max, Some(3.0));
        let c = Config::parse("layout = \"wide\"\n[scale]\nmin = 1\nmax = 5\n", Path::new("c")).unwrap();
        assert_eq!(c.layout, Layout::Wide);
        assert_eq!(c.scale().unwrap().min, Some(1.0));
        // min/max would be ignored by a labelled scale: said, not silently dropped.
        let e = Config::parse("[scale]\nkind = \"four_point\"\nmax = 5\n", Path::new("c"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("apply to kind = \"numeric\" only") && e.contains("four_point scale is 1–4"),
            "{e}"
        );
        assert!(Config::parse("[scale]\nkind = \"numeric\"\nmin = 0\nmax = 5\n", Path::new("c")).is_ok());
    }

    /// A value that parses but is invalid is reported where the file writes its key (it was `:0:0`).
    #[test]
    fn invalid_values_are_located_at_their_key() {
        let err = |text: &str| Config::parse(text, Path::new("c.toml")).unwrap_err().to_string();
        let e = err("layout = \"long\"\n\n[scale]\n  min = 5\nmax = 1\n");
        assert!(e.starts_with("c.toml:4:3: invalid config: [scale] min = 5, max = 1"), "{e}");
        let e = err("[analysis]\nconfidence = 0.2\n");
        assert!(e.starts_with("c.toml:2:1: invalid config: [analysis] confidence = 0.2"), "{e}");
        assert!(err("outcome_reliability = 3\n").starts_with("c.toml:1:1: "));
        // A custom scale without labels: the message names `kind`, where it points.
        let e = Config::parse("[scale]\nkind = \"custom\"\n", Path::new("c.toml")).unwrap_err().to_string();
        assert!(e.starts_with("c.toml:2:1: invalid config: [scale] kind"), "{e}");
        assert_eq!(locate_key("[x]\na = 1\n", "[scale] min = 1"), None);
        // Not written in the file (nothing to point at): the file alone, no `:0:0`.
        let e = invalid("[x]\na = 1\n", Path::new("c.toml"), "[scale] min = 1: bad".into()).to_string();
        assert_eq!(e, "c.toml: invalid config: [scale] min = 1: bad");
    }

    #[test]
    fn preset_is_the_shipped_file_and_the_config_overrides_it() {
        let shipped =
            Config::parse(PRESETS[0].1, Path::new("configs/greenhouse_scorecards_csv.toml")).unwrap();
        let p = Config::parse("preset = \"greenhouse_report\"\n", Path::new("c")).unwrap();
        assert_eq!(p.preset.as_deref(), Some("greenhouse_report"));
        for c in [&shipped, &p] {
            assert_eq!(c.scorecards.candidate_id, "Candidate ID");
            assert_eq!(c.scorecards.question_id, "Attribute");
            assert_eq!(c.scorecards.score, "Rating");
            assert_eq!(c.scale().unwrap().kind, ScaleKind::Greenhouse);
        }
        let o = Config::parse(
            "preset = \"greenhouse_report\"\n[scorecards]\ninterviewer_id = \"Interviewer\"\n",
            Path::new("c"),
        )
        .unwrap();
        assert_eq!(o.scorecards.interviewer_id, "Interviewer");
        assert_eq!(o.scorecards.candidate_id, "Candidate ID", "untouched keys keep the preset's value");
        let err = Config::parse("preset = \"lever_csv\"\n", Path::new("c")).unwrap_err().to_string();
        assert!(err.contains("lever_csv") && err.contains("\"greenhouse_report\""), "{err}");
        // A typo beside a preset is still reported at its line.
        let err =
            Config::parse("preset = \"greenhouse_report\"\n[scorecards]\nscroe = \"x\"\n", Path::new("c"))
                .unwrap_err()
                .to_string();
        assert!(err.contains("c:3") && err.contains("scroe"), "{err}");
    }

    #[test]
    fn ashby_recommendation_labels_are_1_to_4_and_match_loosely() {
        let c = Config::parse(
            "[ashby]\nrecommendation_labels = { \"Lean Hire\" = 3, \"strong-no-hire\" = 1 }\n",
            Path::new("c"),
        )
        .unwrap();
        assert_eq!(c.ashby.recommendation("lean hire"), Some(3));
        assert_eq!(c.ashby.recommendation("Strong No Hire"), Some(1));
        assert_eq!(c.ashby.recommendation("Maybe"), None);
        let err = Config::parse("[ashby]\nrecommendation_labels = { Maybe = 5 }\n", Path::new("c"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"Maybe\" = 5") && err.contains("4 (strong yes)"), "{err}");
    }
}
