//! Small formatting helpers shared by the text tables and CSV output.

/// Significant digits of numbers in CSV outputs: a bootstrap interval or a correlation estimated
/// from hundreds of hires is not known to more than a few digits, and 16 digits suggest otherwise.
pub const CSV_SIGNIFICANT_DIGITS: usize = 4;

/// A number for a CSV cell: rounded to `digits` significant digits (no exponent, no trailing
/// zeros), or every digit when `full`; empty when undefined.
pub fn csv_number(v: Option<f64>, digits: usize, full: bool) -> String {
    let Some(x) = v.filter(|x| x.is_finite()) else { return String::new() };
    if full || x == 0.0 {
        return format!("{x}");
    }
    // Round through scientific notation, then print the rounded value in plain form.
    let rounded: f64 = format!("{:.*e}", digits.saturating_sub(1), x).parse().unwrap_or(x);
    format!("{rounded}")
}

/// A confidence level as a percentage for labels: 0.95 → `95%`, 0.995 → `99.5%`, 0.9 → `90%`.
pub fn level(confidence: f64) -> String {
    let p = (confidence * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// The label of an interval column or sentence: `95% CI`.
pub fn ci_label(confidence: f64) -> String {
    format!("{} CI", level(confidence))
}

/// A table header whose interval columns, written `95% CI`, are named at the run's `confidence`.
pub fn header(head: &[&str], confidence: f64) -> Vec<String> {
    let label = ci_label(confidence);
    head.iter().map(|h| if *h == "95% CI" { label.clone() } else { h.to_string() }).collect()
}

/// A number with `digits` decimals, or `—` when undefined.
pub fn num(v: Option<f64>, digits: usize) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.digits$}"),
        _ => "—".to_string(),
    }
}

/// A correlation-like value printed as `.42` / `-.15` (no leading zero), or `—`.
pub fn r(v: Option<f64>) -> String {
    r_digits(v, 2)
}

/// [`r`] with `digits` decimals: `.799`.
pub fn r_digits(v: Option<f64>, digits: usize) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.digits$}").replacen("0.", ".", 1),
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

/// An interval in prose: `.08 to .37` (tables write it `[.08, .37]`, [`ci`]), or `—`.
pub fn ci_words(v: Option<(f64, f64)>) -> String {
    match v {
        Some((a, b)) => format!("{} to {}", r(Some(a)), r(Some(b))),
        None => "—".to_string(),
    }
}

/// A share as a whole percentage (`0.96` → `96%`), or `—`.
pub fn percent(v: Option<f64>) -> String {
    v.filter(|x| x.is_finite()).map_or("—".into(), |x| format!("{:.0}%", 100.0 * x))
}

/// A p-value as `.041`, `<.001`, or `—`; with a fourth decimal when three would round it across .05
/// (`.0496`, not `.050`).
pub fn p_value(p: Option<f64>) -> String {
    match p {
        Some(x) if x.is_finite() && x < 0.001 => "<.001".into(),
        Some(x) if x.is_finite() => {
            let crosses = (x < 0.05) != (format!("{x:.3}").parse::<f64>().unwrap_or(x) < 0.05);
            r_digits(p, if crosses { 4 } else { 3 })
        }
        _ => "—".into(),
    }
}

/// A count with thousands separators: `19371` → `19,371`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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

/// "1 flag", "3 flags": a count with the noun in the right number.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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
    #[test]
    fn a_p_value_never_rounds_across_the_05_line() {
        assert_eq!(super::p_value(Some(0.0496)), ".0496");
        assert_eq!(super::p_value(Some(0.0412)), ".041");
        assert_eq!(super::p_value(Some(0.0504)), ".050");
        assert_eq!(super::p_value(Some(0.0004)), "<.001");
    }

    use super::*;

    #[test]
    fn formats() {
        assert_eq!(r(Some(0.4249)), ".42");
        assert_eq!(r(Some(-0.153)), "-.15");
        assert_eq!(r(None), "—");
        assert_eq!(r(Some(f64::NAN)), "—");
        assert_eq!(ci(Some((0.1, 0.52))), "[.10, .52]");
        assert_eq!(ci_words(Some((-0.01, 0.44))), "-.01 to .44");
        assert_eq!(ci_words(None), "—");
        assert_eq!(percent(Some(0.955)), "96%");
        assert_eq!(percent(Some(f64::NAN)), "—");
        assert_eq!(percent(None), "—");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(19371), "19,371");
        assert_eq!(thousands(9_680_073), "9,680,073");
        assert_eq!(trunc("abcdef", 4), "abc…");
        assert_eq!(trunc("a\x1b[31mb", 20), "a\u{FFFD}[31mb");
        assert_eq!(pad("—", 3), "—  ");
        assert_eq!(csv_text("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_text("+cmd|calc"), "'+cmd|calc");
        assert_eq!(csv_text("plain"), "plain");
        assert_eq!(csv_number(Some(0.424_912_345_678_9), 4, false), "0.4249");
        assert_eq!(csv_number(Some(-0.153_049_999), 4, false), "-0.153");
        assert_eq!(csv_number(Some(1234.5678), 4, false), "1235");
        assert_eq!(csv_number(Some(0.000_012_345_6), 4, false), "0.00001235");
        assert_eq!(csv_number(Some(3.0), 4, false), "3");
        assert_eq!(csv_number(Some(0.0), 4, false), "0");
        assert_eq!(csv_number(Some(0.424_912_345_678_9), 4, true), "0.4249123456789");
        assert_eq!(csv_number(Some(f64::NAN), 4, false), "");
        assert_eq!(csv_number(None, 4, true), "");
    }
}
