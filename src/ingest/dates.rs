//! Interview dates in the formats spreadsheets write: ISO 8601 by default, any strftime-style pattern
//! through `[dates] format`, and detection of an unambiguous non-ISO format when none is set.
//!
//! A pattern is matched field by field: `%Y` four-digit year, `%y` two-digit year (2000–2099), `%m`
//! month and `%d`/`%e` day (one or two digits), `%b`/`%B` month name (English, abbreviated or full),
//! `%H`/`%I` hour, `%M` minute, `%S` second, `%f` fraction digits, `%p` AM/PM, `%z` offset (`Z`,
//! `+02:00`, `+0200`), `%F` = `%Y-%m-%d`, `%T` = `%H:%M:%S`, `%%` a percent sign. A space matches
//! any run of whitespace; any other character matches itself. After the pattern, a time of day
//! (`14:30`, `2:30 PM`, `T09:30:00Z`) may follow even when the pattern has none, because exports add
//! one to some rows. The time is validated and dropped: drift is measured in days.

use super::values::{checked_days_from_civil, parse_date};

/// One element of a date pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Year4,
    Year2,
    Month,
    MonthName,
    Day,
    Hour24,
    Hour12,
    Minute,
    Second,
    Fraction,
    AmPm,
    Offset,
    Space,
    Lit(char),
}

/// A parsed date pattern (`[dates] format`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat {
    items: Vec<Item>,
    /// The pattern as written.
    pub pattern: String,
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTHS_FULL: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

impl DateFormat {
    /// Parses a strftime-style pattern; `Err` names the directive it does not support.
    pub fn parse(pattern: &str) -> Result<DateFormat, String> {
        let mut items = Vec::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                items.push(if c.is_whitespace() { Item::Space } else { Item::Lit(c) });
                continue;
            }
            let Some(d) = chars.next() else {
                return Err("the pattern ends with a lone '%'".into());
            };
            match d {
                'Y' => items.push(Item::Year4),
                'y' => items.push(Item::Year2),
                'm' => items.push(Item::Month),
                'b' | 'B' | 'h' => items.push(Item::MonthName),
                'd' | 'e' => items.push(Item::Day),
                'H' => items.push(Item::Hour24),
                'I' => items.push(Item::Hour12),
                'M' => items.push(Item::Minute),
                'S' => items.push(Item::Second),
                'f' => items.push(Item::Fraction),
                'p' | 'P' => items.push(Item::AmPm),
                'z' | 'Z' => items.push(Item::Offset),
                'F' => items.extend([Item::Year4, Item::Lit('-'), Item::Month, Item::Lit('-'), Item::Day]),
                'T' => {
                    items.extend([Item::Hour24, Item::Lit(':'), Item::Minute, Item::Lit(':'), Item::Second])
                }
                '%' => items.push(Item::Lit('%')),
                other => {
                    return Err(format!(
                    "'%{other}' is not supported; use %Y %y %m %d %e %b %B %H %I %M %S %f %p %z %F %T or %%"
                ))
                }
            }
        }
        let has = |i: Item| items.contains(&i);
        if !(has(Item::Year4) || has(Item::Year2))
            || !(has(Item::Month) || has(Item::MonthName))
            || !has(Item::Day)
        {
            return Err("a date pattern needs a year (%Y or %y), a month (%m or %b) and a day (%d)".into());
        }
        Ok(DateFormat { items, pattern: pattern.to_string() })
    }

    /// Days since 1970-01-01 of `raw` under this pattern, or `None` when it does not match or the
    /// date does not exist.
    pub fn parse_date(&self, raw: &str) -> Option<i32> {
        let mut s = raw.trim().as_bytes();
        let (mut y, mut m, mut d) = (None, None, None);
        let (mut hour, mut pm) = (None::<u32>, None::<bool>);
        for &item in &self.items {
            match item {
                Item::Year4 => y = Some(take_digits(&mut s, 4, 4)? as i32),
                Item::Year2 => y = Some(2000 + take_digits(&mut s, 2, 2)? as i32),
                Item::Month => m = Some(take_digits(&mut s, 1, 2)?),
                Item::MonthName => m = Some(take_month(&mut s)?),
                Item::Day => d = Some(take_digits(&mut s, 1, 2)?),
                Item::Hour24 => hour = Some(take_digits(&mut s, 1, 2)?).filter(|&h| h <= 23),
                Item::Hour12 => hour = Some(take_digits(&mut s, 1, 2)?).filter(|&h| (1..=12).contains(&h)),
                Item::Minute | Item::Second => {
                    take_digits(&mut s, 2, 2).filter(|&v| v <= 59 || (item == Item::Second && v == 60))?;
                }
                Item::Fraction => {
                    take_digits(&mut s, 1, 9)?;
                }
                Item::AmPm => pm = Some(take_ampm(&mut s)?),
                Item::Offset => take_offset(&mut s)?,
                Item::Space => s = s.trim_ascii_start(),
                Item::Lit(c) => {
                    let mut buf = [0u8; 4];
                    let lit = c.encode_utf8(&mut buf).as_bytes();
                    s = s.strip_prefix(lit)?;
                }
            }
            if item == Item::Hour24 || item == Item::Hour12 {
                hour?;
            }
        }
        if pm.is_some() && hour.is_none() {
            return None;
        }
        if !s.is_empty() && !trailing_time(s) {
            return None;
        }
        checked_days_from_civil(y?, m?, d?)
    }
}

/// Takes `min..=max` ASCII digits from the front of `s` (greedy).
fn take_digits(s: &mut &[u8], min: usize, max: usize) -> Option<u32> {
    let n = s.iter().take(max).take_while(|b| b.is_ascii_digit()).count();
    if n < min {
        return None;
    }
    let v = s[..n].iter().fold(0u32, |a, &b| a * 10 + (b - b'0') as u32);
    *s = &s[n..];
    Some(v)
}

fn take_month(s: &mut &[u8]) -> Option<u32> {
    let n = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let word = std::str::from_utf8(&s[..n]).ok()?.to_ascii_lowercase();
    let m = MONTHS_FULL
        .iter()
        .position(|f| *f == word)
        .or_else(|| MONTHS.iter().position(|a| *a == word || (word == "sept" && *a == "sep")))?;
    *s = &s[n..];
    Some(m as u32 + 1)
}

fn take_ampm(s: &mut &[u8]) -> Option<bool> {
    let w = s.get(..2)?.to_ascii_lowercase();
    let pm = match w.as_slice() {
        b"am" => false,
        b"pm" => true,
        _ => return None,
    };
    *s = &s[2..];
    Some(pm)
}

fn take_offset(s: &mut &[u8]) -> Option<()> {
    if let Some(rest) = s.strip_prefix(b"Z").or_else(|| s.strip_prefix(b"z")) {
        *s = rest;
        return Some(());
    }
    let rest = s.strip_prefix(b"+").or_else(|| s.strip_prefix(b"-"))?;
    let mut r = rest;
    take_digits(&mut r, 2, 2).filter(|&h| h <= 23)?;
    r = r.strip_prefix(b":").unwrap_or(r);
    take_digits(&mut r, 2, 2).filter(|&m| m <= 59)?;
    *s = r;
    Some(())
}

/// A time of day after the date: `[T| ]H[H]:MM[:SS[.fff]][ ][AM|PM][Z|±HH[:]MM]`.
fn trailing_time(s: &[u8]) -> bool {
    let mut s = match s.first() {
        Some(b'T' | b't') => &s[1..],
        Some(b) if b.is_ascii_whitespace() => s.trim_ascii_start(),
        _ => return false,
    };
    let Some(h) = take_digits(&mut s, 1, 2) else { return false };
    let Some(rest) = s.strip_prefix(b":") else { return false };
    s = rest;
    if take_digits(&mut s, 2, 2).is_none_or(|m| m > 59) {
        return false;
    }
    if let Some(rest) = s.strip_prefix(b":") {
        s = rest;
        if take_digits(&mut s, 2, 2).is_none_or(|v| v > 60) {
            return false;
        }
        if let Some(rest) = s.strip_prefix(b".") {
            s = rest;
            if take_digits(&mut s, 1, 9).is_none() {
                return false;
            }
        }
    }
    let before = s;
    s = s.trim_ascii_start();
    match take_ampm(&mut s) {
        Some(_) if !(1..=12).contains(&h) => return false,
        Some(_) => {}
        None if h > 23 => return false,
        None => s = before,
    }
    s = s.trim_ascii_start();
    s.is_empty() || (take_offset(&mut s).is_some() && s.is_empty())
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::values::days_from_civil;

    fn f(p: &str) -> DateFormat {
        DateFormat::parse(p).unwrap()
    }

    #[test]
    fn patterns_read_us_european_and_named_months_with_times() {
        let jan18 = Some(days_from_civil(2025, 1, 18));
        assert_eq!(f("%m/%d/%Y").parse_date("1/18/2025"), jan18);
        assert_eq!(f("%m/%d/%Y").parse_date("01/18/2025 14:30"), jan18);
        assert_eq!(f("%m/%d/%Y").parse_date("1/18/2025 2:30 PM"), jan18);
        assert_eq!(f("%m/%d/%Y").parse_date("1/18/2025 13:30 PM"), None);
        assert_eq!(f("%m/%d/%Y").parse_date("18/1/2025"), None);
        assert_eq!(f("%d.%m.%Y").parse_date("18.01.2025"), jan18);
        assert_eq!(f("%d.%m.%Y %H:%M").parse_date("18.01.2025 09:05"), jan18);
        assert_eq!(f("%d.%m.%Y %H:%M").parse_date("18.01.2025 24:05"), None);
        assert_eq!(f("%d.%m.%Y %H:%M").parse_date("18.01.2025"), None, "the pattern's time is required");
        assert_eq!(f("%Y-%m-%dT%H:%M:%S%z").parse_date("2025-01-18T09:30:00+02:00"), jan18);
        assert_eq!(f("%F %T").parse_date("2025-01-18 09:30:00"), jan18);
        assert_eq!(f("%I:%M %p %m/%d/%y").parse_date("9:30 am 1/18/25"), jan18);
        assert_eq!(f("%d %b %Y").parse_date("18 Jan 2025"), jan18);
        assert_eq!(f("%B %e, %Y").parse_date("January 18, 2025"), jan18);
        assert_eq!(f("%m/%d/%Y").parse_date("2/29/2025"), None, "not a date");
        assert_eq!(f("%m/%d/%Y").parse_date("2/29/2024"), Some(days_from_civil(2024, 2, 29)));
        assert_eq!(f("%m/%d/%Y").parse_date("1/18/25"), None, "%Y needs four digits");
        assert_eq!(f("%m/%d/%Y").parse_date("1/18/2025x"), None);
        assert!(DateFormat::parse("%m/%d").is_err());
        assert!(DateFormat::parse("%Q/%m/%d/%Y").unwrap_err().contains("%Q"));
        assert!(DateFormat::parse("%Y-%m-%d %").is_err());
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
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
