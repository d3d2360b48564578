//! Small formatting helpers shared by the text tables and CSV output.

/// A number with `digits` decimals, or `—` when undefined.
pub fn num(v: Option<f64>, digits: usize) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.digits$}"),
        _ => "—".to_string(),
    }
}

/// A correlation-like value printed as `.42` / `-.15` (no leading zero), or `—`.
pub fn r(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => {
            let s = format!("{x:.2}");
            s.replacen("0.", ".", 1)
        }
        _ => "—".to_string(),
    }
}

/// An interval as `[.10, .52]`, or `—`.
pub fn ci(v: Option<(f64, f64)>) -> String {
    match v {
        Some((a, b)) => format!("[{}, {}]", r(Some(a)), r(Some(b))),
        None => "—".to_string(),
    }
}

/// Truncates to `width` characters with an ellipsis. Control characters (terminal escape sequences in
/// ids or texts) are shown as `�`, so data cannot drive the terminal.
pub fn trunc(s: &str, width: usize) -> String {
    let s: String = s.chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect();
    if s.chars().count() <= width {
        s
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Pads to `width` characters (by char count, so `—` and `…` align).
pub fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

/// Right-aligns to `width` characters.
pub fn rpad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_string()
    } else {
        format!("{}{s}", " ".repeat(width - n))
    }
}

/// Neutralises a text cell against spreadsheet formula injection (OWASP): a cell starting with
/// `=`, `+`, `-`, `@`, tab or carriage return gets a leading single quote. Use only on text, never
/// on numbers.
pub fn csv_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(r(Some(0.4249)), ".42");
        assert_eq!(r(Some(-0.153)), "-.15");
        assert_eq!(r(None), "—");
        assert_eq!(r(Some(f64::NAN)), "—");
        assert_eq!(ci(Some((0.1, 0.52))), "[.10, .52]");
        assert_eq!(trunc("abcdef", 4), "abc…");
        assert_eq!(trunc("a\x1b[31mb", 20), "a\u{FFFD}[31mb");
        assert_eq!(pad("—", 3), "—  ");
        assert_eq!(csv_text("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_text("+cmd|calc"), "'+cmd|calc");
        assert_eq!(csv_text("plain"), "plain");
    }
}
