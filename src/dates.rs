//! Date text to day numbers: ISO 8601 ([`parse_date`]) and strftime-style patterns ([`DateFormat`],
//! what `[dates] format` holds). A core module: the config validates its pattern with it, `--since`
//! and `--until` are parsed with it, and the readers read interview dates with it (detecting an
//! unambiguous non-ISO pattern when none is set is `ingest::dates`').
//!
//! A pattern is matched field by field: `%Y` four-digit year, `%y` two-digit year (2000–2099), `%m`
//! month and `%d`/`%e` day (one or two digits), `%b`/`%B` month name (English, abbreviated or full),
//! `%H`/`%I` hour, `%M` minute, `%S` second, `%f` fraction digits, `%p` AM/PM, `%z` offset (`Z`,
//! `+02:00`, `+0200`), `%F` = `%Y-%m-%d`, `%T` = `%H:%M:%S`, `%%` a percent sign. A space matches
//! any run of whitespace; any other character matches itself. After the pattern, a time of day
//! (`14:30`, `2:30 PM`, `T09:30:00Z`) may follow even when the pattern has none, because exports add
//! one to some rows. The time is validated and dropped: drift is measured in days.

use crate::calendar::checked_days_from_civil;

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

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    s.iter().try_fold(0u32, |acc, &b| acc.checked_mul(10)?.checked_add((b - b'0') as u32))
}

/// Parses an ISO 8601 date (`2025-03-14`) or datetime (`2025-03-14T09:30:00Z`, `2025-03-14 09:30`,
/// with optional fractional seconds and offset) into days since 1970-01-01. The time of day is
/// validated and then dropped: drift is measured in days.
pub fn parse_date(raw: &str) -> Option<i32> {
    let b = raw.trim().as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = digits(&b[0..4])? as i32;
    let m = digits(&b[5..7])?;
    let d = digits(&b[8..10])?;
    let rest = &b[10..];
    if !rest.is_empty() && !valid_time(rest) {
        return None;
    }
    checked_days_from_civil(y, m, d)
}

/// Accepts `[T ]HH:MM[:SS[.fff]][Z|±HH:MM|±HHMM]`.
fn valid_time(t: &[u8]) -> bool {
    if t.len() < 6 || !(t[0] == b'T' || t[0] == b't' || t[0] == b' ') {
        return false;
    }
    let t = &t[1..];
    let (Some(h), Some(mi)) = (digits(&t[0..2]), digits(&t[3..5])) else {
        return false;
    };
    if t[2] != b':' || h > 23 || mi > 59 {
        return false;
    }
    let mut rest = &t[5..];
    if rest.first() == Some(&b':') {
        if rest.len() < 3 || digits(&rest[1..3]).is_none_or(|s| s > 60) {
            return false;
        }
        rest = &rest[3..];
        if rest.first() == Some(&b'.') {
            let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return false;
            }
            rest = &rest[1 + n..];
        }
    }
    match rest {
        [] | [b'Z'] | [b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] | [b'+' | b'-', h1, h2, m1, m2] => {
            digits(&[*h1, *h2]).is_some_and(|h| h <= 23) && digits(&[*m1, *m2]).is_some_and(|m| m <= 59)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{civil_from_days, days_from_civil};

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

    #[test]
    fn dates_round_trip_and_validate() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-03-01"), Some(11_017));
        assert_eq!(parse_date("2024-02-29"), Some(days_from_civil(2024, 2, 29)));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2025-13-01"), None);
        assert_eq!(parse_date("2025-1-01"), None);
        assert_eq!(parse_date("25-01-01"), None);
        assert_eq!(parse_date("2025-03-14T09:30:00Z"), parse_date("2025-03-14"));
        assert_eq!(parse_date("2025-03-14 09:30"), parse_date("2025-03-14"));
        assert_eq!(parse_date("2025-03-14T09:30:00.123+02:00"), parse_date("2025-03-14"));
        assert_eq!(parse_date("2025-03-14T25:30"), None);
        assert_eq!(parse_date("2025-03-14Tfoo"), None);
        assert_eq!(parse_date("2025-03-14T09:30:00+0200"), parse_date("2025-03-14"));
        for z in [-800_000, -1, 0, 59, 60, 11_016, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }
}
