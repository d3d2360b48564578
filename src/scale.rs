//! What a rating cell means: rating scales (how a score cell becomes a number), the cells that mean
//! "no rating", and the recommendation ladder. Plain core types: the config names a scale, the
//! dataset records the effective one, the readers apply it.

use serde::Serialize;
use std::collections::BTreeMap;

/// Which rating scale maps score cells to numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScaleKind {
    /// Numbers as written; range from the config or inferred from the data.
    Numeric,
    /// strong_no=1, no=2, yes=3, strong_yes=4.
    FourPoint,
    /// Greenhouse: definitely_not=1, no=2, mixed=3, yes=4, strong_yes=5.
    Greenhouse,
    /// A label→number map from the config.
    Custom,
}

/// The effective rating scale of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scale {
    /// The kind of scale.
    pub kind: ScaleKind,
    /// Label → number (lower-case labels); empty for numeric scales.
    pub labels: BTreeMap<String, f64>,
    /// Lowest valid score; `None` until inferred for an unbounded numeric scale.
    pub min: Option<f64>,
    /// Highest valid score.
    pub max: Option<f64>,
    /// Whether min/max were inferred from the data rather than configured.
    pub inferred: bool,
}

/// Outcome of reading one score cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScoreCell {
    /// A usable score.
    Score(f64),
    /// Empty, `no_decision`, `n/a`: no rating, never zero.
    Missing,
    /// Not a number and not a label of the scale.
    Unparsable,
    /// A number (or label) outside the configured range.
    OutOfRange(f64),
}

fn labels(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

impl Scale {
    /// A numeric scale, optionally bounded.
    pub fn numeric(min: Option<f64>, max: Option<f64>) -> Self {
        Scale { kind: ScaleKind::Numeric, labels: BTreeMap::new(), min, max, inferred: false }
    }

    /// The four-point hiring scale strong_no=1 … strong_yes=4.
    pub fn four_point() -> Self {
        Scale {
            kind: ScaleKind::FourPoint,
            labels: labels(&[("strong_no", 1.0), ("no", 2.0), ("yes", 3.0), ("strong_yes", 4.0)]),
            min: Some(1.0),
            max: Some(4.0),
            inferred: false,
        }
    }

    /// Greenhouse's five-point scale definitely_not=1 … strong_yes=5.
    pub fn greenhouse() -> Self {
        Scale {
            kind: ScaleKind::Greenhouse,
            labels: labels(&[
                ("definitely_not", 1.0),
                ("no", 2.0),
                ("mixed", 3.0),
                ("yes", 4.0),
                ("strong_yes", 5.0),
            ]),
            min: Some(1.0),
            max: Some(5.0),
            inferred: false,
        }
    }

    /// A custom label → number map; the range spans the mapped numbers.
    pub fn custom(map: BTreeMap<String, f64>) -> Self {
        let labels: BTreeMap<String, f64> = map.into_iter().map(|(k, v)| (normalise_label(&k), v)).collect();
        let min = labels.values().copied().reduce(f64::min);
        let max = labels.values().copied().reduce(f64::max);
        Scale { kind: ScaleKind::Custom, labels, min, max, inferred: false }
    }

    /// Infers the scale from a sample of score cells when the config is silent: numeric when no cell
    /// is a label; `greenhouse` when a label only Greenhouse uses appears (definitely_not, mixed);
    /// otherwise `four_point` when the labels are four-point labels.
    pub fn infer(sample: &[String]) -> Option<Self> {
        let labels: Vec<String> = sample
            .iter()
            .filter(|v| !is_missing(v) && parse_number(v).is_none())
            .map(|v| normalise_label(v))
            .collect();
        if labels.is_empty() {
            return None;
        }
        let gh = Self::greenhouse();
        if labels.iter().any(|l| gh.labels.contains_key(l) && !Self::four_point().labels.contains_key(l)) {
            return Some(gh);
        }
        let fp = Self::four_point();
        labels.iter().any(|l| fp.labels.contains_key(l)).then_some(fp)
    }

    /// Finds a built-in labelled scale that knows `raw` (used to infer the scale when the config is silent).
    pub fn guess_from_label(raw: &str) -> Option<Self> {
        let l = normalise_label(raw);
        [Self::four_point(), Self::greenhouse()].into_iter().find(|s| s.labels.contains_key(&l))
    }

    /// Reads one score cell. Numbers are accepted on labelled scales too, within range.
    pub fn read(&self, raw: &str) -> ScoreCell {
        if is_missing(raw) {
            return ScoreCell::Missing;
        }
        let value = match parse_number(raw) {
            Some(v) => v,
            None if self.labels.is_empty() => return ScoreCell::Unparsable,
            None => match self.labels.get(&normalise_label(raw)) {
                Some(v) => *v,
                None => return ScoreCell::Unparsable,
            },
        };
        let below = self.min.is_some_and(|m| value < m);
        let above = self.max.is_some_and(|m| value > m);
        if below || above {
            ScoreCell::OutOfRange(value)
        } else {
            ScoreCell::Score(value)
        }
    }

    /// A short description of the accepted values, for error messages.
    pub fn expected(&self) -> String {
        let range = match (self.min, self.max) {
            (Some(a), Some(b)) => format!("a number from {a} to {b}"),
            (Some(a), None) => format!("a number ≥ {a}"),
            (None, Some(b)) => format!("a number ≤ {b}"),
            (None, None) => "a number".to_string(),
        };
        if self.labels.is_empty() {
            range
        } else {
            let mut l: Vec<(&String, &f64)> = self.labels.iter().collect();
            l.sort_by(|a, b| a.1.total_cmp(b.1));
            let names: Vec<&str> = l.iter().map(|(k, _)| k.as_str()).collect();
            format!("{range} or one of {}", names.join(", "))
        }
    }

    /// The name of the kind as the config writes it (`four_point`).
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            ScaleKind::Numeric => "numeric",
            ScaleKind::FourPoint => "four_point",
            ScaleKind::Greenhouse => "greenhouse",
            ScaleKind::Custom => "custom",
        }
    }

    /// Whether every score of the scale is a whole number: a labelled scale whose labels all map to
    /// whole numbers (four_point, greenhouse, most custom maps). A numeric scale has no steps.
    pub fn has_whole_steps(&self) -> bool {
        !self.labels.is_empty() && self.labels.values().all(|v| v.fract() == 0.0)
    }

    /// What to do about a score outside the scale, in words that work for its kind: min/max set the
    /// range of a numeric scale only; a labelled scale's range is that of its labels.
    pub fn out_of_range_advice(&self) -> String {
        match self.kind {
            ScaleKind::Numeric => "fix the value or widen [scale] min/max in the config".to_string(),
            ScaleKind::Custom => {
                "fix the value, or map a label to it in [scale] labels (a custom scale spans its labels' numbers)"
                    .to_string()
            }
            ScaleKind::FourPoint | ScaleKind::Greenhouse => format!(
                "fix the value; the {} scale is fixed at {}, so to accept other numbers set [scale] kind = \"numeric\" \
                 with min and max in the config",
                self.kind_name(),
                self.range_words()
            ),
        }
    }

    /// What to do about a score between the whole numbers of a scale with whole steps (or of a file
    /// whose other scores are whole numbers).
    pub fn between_steps_advice(&self) -> String {
        match self.kind {
            ScaleKind::Numeric => format!(
                "the rating is kept; fix it if it is a typo{}",
                if self.inferred {
                    format!(
                        ", and set [scale] min/max in the config so that values outside the intended range are refused \
                         (the range {} was inferred from the data)",
                        self.range_words()
                    )
                } else {
                    String::new()
                }
            ),
            ScaleKind::Custom => {
                "the rating is kept; fix it if it is a typo, or map a label to it in [scale] labels".to_string()
            }
            ScaleKind::FourPoint | ScaleKind::Greenhouse => format!(
                "the rating is kept; fix it if it is a typo, or if half points are meant set [scale] kind = \"numeric\" \
                 with min and max ({}) in the config",
                self.range_words()
            ),
        }
    }

    /// "1–4", or "" for an unbounded scale.
    fn range_words(&self) -> String {
        match (self.min, self.max) {
            (Some(a), Some(b)) => format!("{}–{}", compact_score(a), compact_score(b)),
            _ => String::new(),
        }
    }

    /// Human-readable name, e.g. `numeric 1–5 (inferred from the data)`.
    pub fn describe(&self) -> String {
        let name = self.kind_name();
        match (self.min, self.max) {
            (Some(a), Some(b)) => format!(
                "{name} {}–{}{}",
                compact_score(a),
                compact_score(b),
                if self.inferred {
                    " (range inferred from the data; set [scale] min/max in the config to fix it)"
                } else {
                    ""
                }
            ),
            _ => name.to_string(),
        }
    }
}

/// A score as written, in scientific notation when it is huge or tiny (`1e308`, not 309 digits).
pub fn compact_score(v: f64) -> String {
    if v != 0.0 && (v.abs() >= 1e7 || v.abs() < 1e-4) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Lower-cases and turns spaces and dashes into underscores: `Strong Yes` → `strong_yes`.
pub fn normalise_label(raw: &str) -> String {
    raw.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

/// Whether `raw` (already trimmed) is `label` (lower-case snake_case) under [`normalise_label`]'s
/// rule, without allocating: for per-cell checks on the hot path.
pub fn label_matches(raw: &str, label: &str) -> bool {
    raw.len() == label.len()
        && raw.bytes().zip(label.bytes()).all(|(a, b)| {
            let a = match a {
                b' ' | b'-' => b'_',
                _ => a.to_ascii_lowercase(),
            };
            a == b
        })
}

/// Cell values that mean "no rating here": they are missing, never zero.
pub const MISSING_LABELS: [&str; 6] = ["", "no_decision", "n/a", "na", "null", "none"];

/// True when the (trimmed) cell means "missing": empty, `no_decision` (also spelled "No Decision" or
/// `no-decision`, as ATS reports print it), `n/a`, `na`, `null`, `none`; any case.
pub fn is_missing(raw: &str) -> bool {
    let t = raw.trim();
    MISSING_LABELS.iter().any(|m| label_matches(t, m))
}

/// Parses a finite decimal number (`3`, `3.5`, `-1e2`); `NaN` and infinities are rejected.
pub fn parse_number(raw: &str) -> Option<f64> {
    let v: f64 = raw.trim().parse().ok()?;
    v.is_finite().then_some(v)
}

/// When `raw` is a number written with a decimal comma (`3,5`, `-0,25`), the advice to export it with
/// a decimal point: hirecal does not guess between a decimal comma and a thousands separator.
pub fn decimal_comma_hint(raw: &str) -> Option<String> {
    let t = raw.trim();
    let (int, frac) = t.strip_prefix('-').unwrap_or(t).split_once(',')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(int) && digits(frac)).then(|| {
        format!(
            "'{raw}' looks like a number with a decimal comma; hirecal reads a decimal point ({}): export the \
             file with '.' as the decimal separator (in Excel, set the decimal separator to '.' before saving \
             as CSV)",
            t.replacen(',', ".", 1)
        )
    })
}

/// Every recommendation label hirecal reads without configuration (matching ignores case and reads
/// spaces and dashes as underscores), strong no first.
pub const RECOMMENDATION_LABELS: [&str; 12] = [
    "strong_no",
    "definitely_not",
    "strong_no_hire",
    "no",
    "no_hire",
    "mixed",
    "neutral",
    "yes",
    "hire",
    "strong_yes",
    "strong_hire",
    "definitely_yes",
];

/// A scorecard's overall recommendation, on the five-level ladder ATSs use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    /// strong_no, definitely_not, strong_no_hire.
    StrongNo,
    /// no, no_hire.
    No,
    /// mixed, neutral.
    Mixed,
    /// yes, hire.
    Yes,
    /// strong_yes, strong_hire, definitely_yes.
    StrongYes,
}

impl Recommendation {
    /// Parses a recommendation label; `None` for labels it does not know. Missing labels
    /// (`no_decision`, empty) are handled by the caller through [`is_missing`].
    pub fn parse(raw: &str) -> Option<Self> {
        let t = raw.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Some(match t.as_str() {
            "strong_no" | "definitely_not" | "strong_no_hire" => Self::StrongNo,
            "no" | "no_hire" => Self::No,
            "mixed" | "neutral" => Self::Mixed,
            "yes" | "hire" => Self::Yes,
            "strong_yes" | "strong_hire" | "definitely_yes" => Self::StrongYes,
            _ => return None,
        })
    }

    /// The recommendation of a 1–4 value of `[recommendations] labels`: 1 strong no, 2 no, 3 yes,
    /// 4 strong yes (anything else reads as mixed; the config accepts only 1–4).
    pub fn from_four_point(v: u8) -> Self {
        match v {
            1 => Self::StrongNo,
            2 => Self::No,
            3 => Self::Yes,
            4 => Self::StrongYes,
            _ => Self::Mixed,
        }
    }

    /// Whether the recommendation is to hire (yes or strong yes). Mixed counts as not positive.
    pub fn is_positive(self) -> bool {
        matches!(self, Self::Yes | Self::StrongYes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_point_maps_labels_and_numbers() {
        let s = Scale::four_point();
        assert_eq!(s.read("strong_no"), ScoreCell::Score(1.0));
        assert_eq!(s.read("Strong Yes"), ScoreCell::Score(4.0));
        assert_eq!(s.read("3"), ScoreCell::Score(3.0));
        assert_eq!(s.read("5"), ScoreCell::OutOfRange(5.0));
        assert_eq!(s.read("no_decision"), ScoreCell::Missing);
        assert_eq!(s.read("mixed"), ScoreCell::Unparsable);
    }

    #[test]
    fn greenhouse_scale_is_five_point() {
        let s = Scale::greenhouse();
        assert_eq!(s.read("definitely_not"), ScoreCell::Score(1.0));
        assert_eq!(s.read("mixed"), ScoreCell::Score(3.0));
        assert_eq!(s.read("strong_yes"), ScoreCell::Score(5.0));
        assert_eq!(s.read(""), ScoreCell::Missing);
    }

    #[test]
    fn numeric_scale_bounds_only_when_configured() {
        assert_eq!(Scale::numeric(None, None).read("17"), ScoreCell::Score(17.0));
        assert_eq!(Scale::numeric(Some(1.0), Some(5.0)).read("0"), ScoreCell::OutOfRange(0.0));
        assert_eq!(Scale::numeric(None, None).read("yes"), ScoreCell::Unparsable);
        assert_eq!(Scale::numeric(None, None).read("N/A"), ScoreCell::Missing);
    }

    #[test]
    fn custom_scale_and_guessing() {
        let mut m = BTreeMap::new();
        m.insert("Low".to_string(), 1.0);
        m.insert("High".to_string(), 3.0);
        let s = Scale::custom(m);
        assert_eq!(s.read("low"), ScoreCell::Score(1.0));
        assert_eq!((s.min, s.max), (Some(1.0), Some(3.0)));
        assert_eq!(Scale::guess_from_label("strong_no").map(|s| s.kind), Some(ScaleKind::FourPoint));
        assert_eq!(Scale::guess_from_label("definitely_not").map(|s| s.kind), Some(ScaleKind::Greenhouse));
        assert!(Scale::guess_from_label("7").is_none());
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            Scale::infer(&v(&["strong_yes", "no", "Definitely Not"])).map(|s| s.kind),
            Some(ScaleKind::Greenhouse)
        );
        assert_eq!(Scale::infer(&v(&["strong_yes", "no"])).map(|s| s.kind), Some(ScaleKind::FourPoint));
        assert_eq!(Scale::infer(&v(&["3", "", "4"])), None);
    }

    #[test]
    fn no_decision_in_every_spelling_is_missing() {
        for s in ["no_decision", "No Decision", "NO-DECISION", " no decision "] {
            assert!(super::is_missing(s), "{s}");
        }
        for s in ["no decisions", "no", "decision", "no__decision"] {
            assert!(!super::is_missing(s), "{s}");
        }
    }

    #[test]
    fn missing_labels_are_missing() {
        for m in ["", "  ", "no_decision", "N/A", "NA", "null"] {
            assert!(is_missing(m), "{m}");
        }
        assert!(!is_missing("0"));
        assert!(!is_missing("no"));
    }

    #[test]
    fn numbers_reject_non_finite() {
        assert_eq!(parse_number(" 3.5 "), Some(3.5));
        assert_eq!(parse_number("-1e1"), Some(-10.0));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("3,5"), None);
        assert!(decimal_comma_hint("3,5").is_some_and(|h| h.contains("(3.5)")));
        assert!(decimal_comma_hint(" -0,25").is_some_and(|h| h.contains("(-0.25)")));
        for not in ["3.5", "a,b", "3,", ",5", "1,2,3", "strong yes"] {
            assert_eq!(decimal_comma_hint(not), None, "{not}");
        }
    }

    #[test]
    fn recommendations_map_ats_labels() {
        assert_eq!(Recommendation::parse("Definitely Not"), Some(Recommendation::StrongNo));
        assert_eq!(Recommendation::parse("strong_yes"), Some(Recommendation::StrongYes));
        assert_eq!(Recommendation::parse("no-hire"), Some(Recommendation::No));
        assert!(Recommendation::Yes.is_positive());
        assert!(!Recommendation::Mixed.is_positive());
        assert_eq!(Recommendation::parse("perhaps"), None);
        // The documented list is exactly what the parser accepts.
        for l in RECOMMENDATION_LABELS {
            assert!(Recommendation::parse(l).is_some(), "{l}");
            assert!(Recommendation::parse(&l.replace('_', " ").to_uppercase()).is_some(), "{l}");
        }
        assert_eq!(Recommendation::parse("Strong No Hire"), Some(Recommendation::StrongNo));
        assert_eq!(Recommendation::from_four_point(3), Recommendation::Yes);
    }
}
