//! How one scorecards file's interview dates are read: ISO 8601 by default, the `[dates] format`
//! pattern when set, or an unambiguous non-ISO pattern detected from a sample of the values.

use crate::dates::{parse_date, DateFormat};

/// How interview dates are read in one run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DateReader {
    /// ISO 8601 (the default).
    #[default]
    Iso,
    /// A pattern set with `[dates] format`.
    Configured(DateFormat),
    /// A pattern assumed from the values because none was set and they are not ISO 8601.
    Assumed(DateFormat),
}

impl DateReader {
    /// Days since 1970-01-01, or `None` when the value cannot be read.
    pub fn read(&self, raw: &str) -> Option<i32> {
        match self {
            DateReader::Iso => parse_date(raw),
            DateReader::Configured(f) | DateReader::Assumed(f) => f.parse_date(raw),
        }
    }

    /// What a date is expected to look like, for messages.
    pub fn expected(&self) -> String {
        match self {
            DateReader::Iso => "ISO 8601 such as 2025-03-14 or 2025-03-14T09:30:00Z".into(),
            DateReader::Configured(f) => format!("the [dates] format \"{}\"", f.pattern),
            DateReader::Assumed(f) => format!("\"{}\" (assumed from the first dates)", f.pattern),
        }
    }
}

/// Non-ISO patterns tried when no `[dates] format` is set, in order of preference for ties that
/// are not ambiguous (a day-first and a month-first pattern that both fit are ambiguous).
pub const CANDIDATES: [&str; 14] = [
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%m/%d/%y",
    "%d/%m/%y",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%m-%d-%Y",
    "%d-%m-%Y",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%d %b %Y",
    "%b %d %Y",
    "%b %d, %Y",
    "%d-%b-%Y",
];

/// The outcome of looking at a sample of date values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detected {
    /// ISO 8601 reads the values best (or there are none).
    Iso,
    /// This pattern reads the values best, unambiguously.
    Assumed(DateFormat),
    /// A month-first and a day-first pattern read the same values: `(example value, patterns)`.
    Ambiguous(String, Vec<String>),
}

/// Picks the way to read `sample` (non-empty date cells): ISO when it reads at least as many as any
/// other pattern; otherwise the pattern that reads most, unless a pattern with day and month swapped
/// reads as many (then the dates are ambiguous, such as `03/04/2025`).
pub fn detect(sample: &[String]) -> Detected {
    let values: Vec<&str> = sample.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    if values.is_empty() {
        return Detected::Iso;
    }
    let iso = values.iter().filter(|v| parse_date(v).is_some()).count();
    if iso == values.len() {
        return Detected::Iso;
    }
    let scored: Vec<(DateFormat, usize)> = CANDIDATES
        .iter()
        .map(|p| {
            let f = DateFormat::parse(p).expect("built-in patterns are valid");
            let n = values.iter().filter(|v| f.parse_date(v).is_some()).count();
            (f, n)
        })
        .collect();
    let best = scored.iter().map(|s| s.1).max().unwrap_or(0);
    if best == 0 || iso >= best {
        return Detected::Iso;
    }
    let top: Vec<&DateFormat> = scored.iter().filter(|s| s.1 == best).map(|s| &s.0).collect();
    let swapped = |a: &str, b: &str| a.replace("%m", "%?").replace("%d", "%m").replace("%?", "%d") == b;
    if let Some(other) = top.iter().skip(1).find(|f| swapped(&top[0].pattern, &f.pattern)) {
        let example = values
            .iter()
            .find(|v| top[0].parse_date(v).is_some() && other.parse_date(v).is_some())
            .unwrap_or(&values[0]);
        return Detected::Ambiguous(example.to_string(), vec![top[0].pattern.clone(), other.pattern.clone()]);
    }
    Detected::Assumed(top[0].clone())
}

/// A value of `sample` when it is a column of dates: at least 9 in 10 of its non-missing cells read
/// as a date (ISO 8601 or a pattern [`detect`] knows) and none is a number. A wide file's unmapped
/// date column would otherwise be read as a question whose every score is unreadable.
pub fn date_column_example(sample: &[String]) -> Option<String> {
    let values: Vec<&str> =
        sample.iter().map(|s| s.trim()).filter(|s| !crate::scale::is_missing(s)).collect();
    if values.is_empty() || values.iter().any(|v| crate::scale::parse_number(v).is_some()) {
        return None;
    }
    let formats: Vec<DateFormat> = CANDIDATES.iter().filter_map(|p| DateFormat::parse(p).ok()).collect();
    let is_date = |v: &str| parse_date(v).is_some() || formats.iter().any(|f| f.parse_date(v).is_some());
    let dates = values.iter().filter(|v| is_date(v)).count();
    if dates * 10 < values.len() * 9 {
        return None;
    }
    values.iter().find(|v| is_date(v)).map(|v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_column_of_dates_is_told_from_one_of_scores() {
        assert_eq!(date_column_example(&s(&["", "2024-01-01", "2024-01-02"])), Some("2024-01-01".into()));
        assert_eq!(date_column_example(&s(&["1/18/2025", "2/3/2025"])), Some("1/18/2025".into()));
        assert_eq!(date_column_example(&s(&["3", "4", "2"])), None);
        assert_eq!(date_column_example(&s(&["yes", "strong_no"])), None);
        assert_eq!(date_column_example(&s(&["2024-01-01", "3"])), None, "a number: scores after all");
        assert_eq!(date_column_example(&s(&["", "n/a"])), None);
        // A few unreadable cells among many dates: still a date column; half of them: not.
        let mut mostly: Vec<&str> = vec!["2024-01-01"; 10];
        mostly.push("TBD");
        assert!(date_column_example(&s(&mostly)).is_some());
        assert_eq!(date_column_example(&s(&["2024-01-01", "TBD"])), None);
    }

    #[test]
    fn detection_assumes_the_unambiguous_pattern_and_refuses_ambiguous_ones() {
        assert_eq!(detect(&s(&["2025-01-18", "2025-02-03"])), Detected::Iso);
        assert_eq!(detect(&s(&[])), Detected::Iso);
        assert_eq!(detect(&s(&["garbage", "more"])), Detected::Iso);
        match detect(&s(&["1/18/2025", "2/3/2025", "12/30/2024 10:00"])) {
            Detected::Assumed(f) => assert_eq!(f.pattern, "%m/%d/%Y"),
            other => panic!("{other:?}"),
        }
        match detect(&s(&["18.01.2025", "03.02.2025"])) {
            Detected::Assumed(f) => assert_eq!(f.pattern, "%d.%m.%Y"),
            other => panic!("{other:?}"),
        }
        match detect(&s(&["18/01/2025", "03/02/2025"])) {
            Detected::Assumed(f) => assert_eq!(f.pattern, "%d/%m/%Y"),
            other => panic!("{other:?}"),
        }
        match detect(&s(&["03/04/2025", "05/06/2025"])) {
            Detected::Ambiguous(ex, pats) => {
                assert_eq!(ex, "03/04/2025");
                assert_eq!(pats, vec!["%m/%d/%Y".to_string(), "%d/%m/%Y".to_string()]);
            }
            other => panic!("{other:?}"),
        }
        // A majority pattern wins even when a few values are unreadable.
        match detect(&s(&["1/18/2025", "1/19/2025", "someday"])) {
            Detected::Assumed(f) => assert_eq!(f.pattern, "%m/%d/%Y"),
            other => panic!("{other:?}"),
        }
    }
}
