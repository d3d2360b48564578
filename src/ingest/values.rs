//! Parsing of single cell values the readers need beyond scores and dates: booleans and trimming
//! (what a score, a missing cell or a recommendation means is [`crate::scale`]'s, dates are
//! [`crate::dates`]').
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
}
