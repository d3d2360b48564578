//! Tables drawn as SVG, so the PDF report can place them as vector graphics with the embedded font.

use super::html::esc;
use super::render::text_width_em;

const FONT_PX: f64 = 12.0;
const ROW_H: f64 = 20.0;
const PAD: f64 = 8.0;

/// Whether a cell reads as a number (right-aligned): digits, signs, dots, intervals, dashes.
pub(super) fn numeric(cell: &str) -> bool {
    !cell.is_empty() && cell.chars().all(|c| c.is_ascii_digit() || "+-−.,[] —%".contains(c))
}

/// An SVG table: bold header, zebra rows, numbers right-aligned. Text uses the `sans-serif` family that
/// the PDF writer maps to DejaVu Sans. Cells longer than `max_chars` are cut with an ellipsis.
pub fn table_svg(head: &[String], rows: &[Vec<String>], max_chars: usize) -> String {
    let cut = |s: &str| super::fmt::trunc(s, max_chars);
    let ncol = head.len();
    let mut widths: Vec<f64> = head.iter().map(|h| text_width_em(&cut(h), true) * FONT_PX).collect();
    for r in rows {
        for (j, c) in r.iter().enumerate().take(ncol) {
            widths[j] = widths[j].max(text_width_em(&cut(c), false) * FONT_PX);
        }
    }
    let widths: Vec<f64> = widths.iter().map(|w| w + 2.0 * PAD).collect();
    let total_w: f64 = widths.iter().sum::<f64>().max(100.0);
    let total_h = ROW_H * (rows.len() + 1) as f64 + 4.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{total_w:.0}\" height=\"{total_h:.0}\" \
         viewBox=\"0 0 {total_w:.0} {total_h:.0}\" font-family=\"sans-serif\" font-size=\"{FONT_PX}\">\n"
    );
    s.push_str(&format!(
        "<rect x=\"0\" y=\"0\" width=\"{total_w:.0}\" height=\"{ROW_H}\" fill=\"#eeeeee\"/>\n"
    ));
    let cell = |s: &mut String, x: f64, w: f64, y: f64, text: &str, bold: bool, right: bool| {
        let (tx, anchor) = if right { (x + w - PAD, "end") } else { (x + PAD, "start") };
        s.push_str(&format!(
            "<text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\"{}>{}</text>\n",
            y + ROW_H * 0.7,
            if bold { " font-weight=\"bold\"" } else { "" },
            esc(text)
        ));
    };
    let right: Vec<bool> = (0..ncol)
        .map(|j| j > 0 && rows.iter().any(|r| r.get(j).is_some_and(|c| numeric(c) && c != "—")))
        .collect();
    let mut x = 0.0;
    for (j, h) in head.iter().enumerate() {
        cell(&mut s, x, widths[j], 0.0, &cut(h), true, right[j]);
        x += widths[j];
    }
    for (i, r) in rows.iter().enumerate() {
        let y = ROW_H * (i + 1) as f64;
        if i % 2 == 1 {
            s.push_str(&format!(
                "<rect x=\"0\" y=\"{y:.1}\" width=\"{total_w:.0}\" height=\"{ROW_H}\" fill=\"#f7f7f7\"/>\n"
            ));
        }
        let mut x = 0.0;
        for (j, c) in r.iter().enumerate().take(ncol) {
            cell(&mut s, x, widths[j], y, &cut(c), false, right[j]);
            x += widths[j];
        }
    }
    s.push_str(&format!(
        "<line x1=\"0\" y1=\"{ROW_H}\" x2=\"{total_w:.0}\" y2=\"{ROW_H}\" stroke=\"#999999\" stroke-width=\"1\"/>\n</svg>\n"
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_escapes_and_parses() {
        let svg = table_svg(
            &["interviewer".into(), "leniency".into()],
            &[vec!["<I0005 & co>".into(), "+0.51".into()], vec!["I0061".into(), "-0.60".into()]],
            40,
        );
        assert!(svg.contains("&lt;I0005 &amp; co&gt;"));
        assert!(svg.contains("text-anchor=\"end\""));
        assert!(super::super::render::parse_svg(&svg).is_ok(), "usvg parses the table");
        assert!(numeric("[.08, .37]") && numeric("−") && !numeric("Q4"));
    }
}
