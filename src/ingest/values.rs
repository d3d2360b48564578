//! Parsing of single cell values the readers need beyond scores: booleans and ISO dates (what a
//! score, a missing cell or a recommendation means is [`crate::scale`]'s).
//!
//! Every parser is total: it returns `None` (or a typed miss) for anything it does not accept and never
//! panics. Matching is case-insensitive and ignores surrounding whitespace.

/// `s.trim()`, with a fast path for the usual cell that starts and ends with a visible ASCII byte.
#[inline]
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&f), Some(&l)) if (0x21..0x7f).contains(&f) && (0x21..0x7f).contains(&l) => s,
        _ => s.trim(),
    }
}

/// Parses a boolean: true/false, 1/0, yes/no, y/n, t/f, hired/rejected, any case.
pub fn parse_bool(raw: &str) -> Option<bool> {
    const TRUE: [&str; 6] = ["true", "1", "yes", "y", "t", "hired"];
    const FALSE: [&str; 6] = ["false", "0", "no", "n", "f", "rejected"];
    let t = raw.trim();
    if TRUE.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(true)
    } else if FALSE.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(false)
    } else {
        None
    }
}

// Calendar arithmetic lives in `crate::calendar` (analysis and simulate use it too); the readers
// parse dates with it.
pub use crate::calendar::{checked_days_from_civil, civil_from_days, days_from_civil};

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

    #[test]
    fn booleans_accept_every_documented_spelling() {
        for t in ["true", "TRUE", "1", "yes", "Y", "hired", " Hired "] {
            assert_eq!(parse_bool(t), Some(true), "{t}");
        }
        for f in ["false", "0", "No", "n", "REJECTED"] {
            assert_eq!(parse_bool(f), Some(false), "{f}");
        }
        for x in ["", "2", "maybe", "truee", "1.0"] {
            assert_eq!(parse_bool(x), None, "{x}");
        }
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
