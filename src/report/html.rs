//! `report.html`: one self-contained page (inline CSS and SVG charts, no external requests) that a
//! hiring manager can open and read.

use super::fmt::{ci, num, r};
use crate::analysis::interviewers::InterviewersReport;
use crate::analysis::panel::PanelResult;
use crate::analysis::questions::QuestionsReport;
use crate::report::summary::InputsSection;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// A section of the page: a heading, paragraphs, an optional chart SVG and an optional table.
pub struct Section {
    /// Heading.
    pub title: String,
    /// Plain-words paragraphs.
    pub paragraphs: Vec<String>,
    /// Inline SVG (text already converted to paths).
    pub svg: Option<String>,
    /// A table: header and rows of cells (plain text, escaped here).
    pub table: Option<(Vec<String>, Vec<Vec<String>>)>,
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;\
padding:0 1em;color:#222;line-height:1.45}h1{margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd}\
.meta{color:#666;font-size:.9em}svg{max-width:100%;height:auto;display:block;margin:1em 0}\
table{border-collapse:collapse;font-size:.88em;margin:1em 0}th,td{padding:.25em .6em;border-bottom:1px solid #eee;\
text-align:right}th{background:#f6f6f6}td:first-child,th:first-child{text-align:left}\
.predictive{color:#00734d;font-weight:600}.counter_predictive{color:#b83d00;font-weight:600}\
.no_evidence,.insufficient_data{color:#777}";

/// Adds `viewBox="0 0 W H"` to an `<svg width="W" height="H" …>` root that has none, so the CSS
/// `max-width:100%` scales the chart to the page instead of clipping its right side.
fn with_view_box(svg: &str) -> String {
    let Some(end) = svg.find('>') else { return svg.to_string() };
    let root = &svg[..end];
    if root.contains("viewBox") {
        return svg.to_string();
    }
    let attr = |name: &str| -> Option<&str> {
        let i = root.find(&format!(" {name}=\""))? + name.len() + 3;
        root[i..].split('"').next()
    };
    match (attr("width"), attr("height")) {
        (Some(w), Some(hh)) => format!("<svg viewBox=\"0 0 {w} {hh}\"{}", &svg[4..]),
        _ => svg.to_string(),
    }
}

/// Renders the page.
pub fn page(title: &str, meta: &str, sections: &[Section]) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str(&format!("<title>{}</title><style>{CSS}</style></head><body>\n", esc(title)));
    h.push_str(&format!("<h1>{}</h1>\n<p class=\"meta\">{}</p>\n", esc(title), esc(meta)));
    for s in sections {
        h.push_str(&format!("<h2>{}</h2>\n", esc(&s.title)));
        for p in &s.paragraphs {
            h.push_str(&format!("<p>{}</p>\n", esc(p)));
        }
        if let Some(svg) = &s.svg {
            // The SVG comes from our own renderer (usvg output), not from input data.
            let body = svg.find("<svg").map_or(svg.as_str(), |i| &svg[i..]);
            h.push_str(&with_view_box(body));
            h.push('\n');
        }
        if let Some((head, rows)) = &s.table {
            h.push_str("<table><thead><tr>");
            for c in head {
                h.push_str(&format!("<th>{}</th>", esc(c)));
            }
            h.push_str("</tr></thead><tbody>\n");
            for row in rows {
                h.push_str("<tr>");
                for c in row {
                    let class = match c.as_str() {
                        "predictive" | "counter_predictive" | "no_evidence" | "insufficient_data" => {
                            format!(" class=\"{c}\"")
                        }
                        _ => String::new(),
                    };
                    h.push_str(&format!("<td{class}>{}</td>", esc(c)));
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</tbody></table>\n");
        }
    }
    h.push_str("</body></html>\n");
    h
}

/// The question table rows, sorted by corrected validity.
pub fn question_table(q: &QuestionsReport) -> (Vec<String>, Vec<Vec<String>>) {
    let head =
        ["question", "competency", "hires", "decision AUC", "raw r", "corrected r", "95% CI", "verdict"];
    let mut rows: Vec<_> = q.questions.iter().collect();
    rows.sort_by(|a, b| {
        let k = |x: &&crate::analysis::questions::QuestionResult| {
            x.stats.validity.validity_corrected.unwrap_or(f64::NEG_INFINITY)
        };
        k(b).total_cmp(&k(a))
    });
    let body = rows
        .iter()
        .map(|x| {
            let v = &x.stats.validity;
            vec![
                super::assemble::question_label(&x.question_id, x.text.as_deref()),
                x.competency.clone().unwrap_or_default(),
                v.n_validity.to_string(),
                num(v.decision_auc, 2),
                r(v.validity_r),
                r(v.validity_corrected),
                ci(v.validity_corrected_ci),
                x.stats.verdict.as_str().to_string(),
            ]
        })
        .collect();
    (head.iter().map(|s| s.to_string()).collect(), body)
}

/// What the interviewer table shows and what its columns mean: "Showing 40 of 136 interviewers
/// (flagged first, then by |shrunk|); interviewers.csv lists all." plus one sentence per column.
pub fn interviewer_table_notes(iv: &InterviewersReport, max: usize) -> Vec<String> {
    let n = iv.interviewers.len();
    let shown = if n > max {
        format!(
            "The table shows {max} of {n} interviewers: those with a flag first, then the largest shrunk leniency. \
             interviewers.csv and summary.json list all {n}."
        )
    } else {
        format!("The table shows all {n} interviewers, those with a flag first.")
    };
    vec![
        shown,
        "Columns: peer group = interviewers linked through the questions they ask (leniency compares only \
         within a group); leniency = score points above (+) or below (−) those peers, after accounting for which \
         candidates each interviewer saw, with its 95% interval; shrunk = the same pulled toward 0 by its \
         uncertainty (rank by this); spread = share of the peers' score spread the interviewer uses (below 1 = \
         narrower); agreement r = correlation of the interviewer's scores with the rest of the panel on the same \
         candidates; decision agreement = share of scorecards whose yes/no recommendation matched the hiring \
         decision; decision kappa = the same corrected for chance (Cohen's kappa: 0 = chance, 1 = always)."
            .into(),
    ]
}

/// The interviewer table rows (flagged first, then by |shrunk leniency|), capped at `max` rows.
pub fn interviewer_table(iv: &InterviewersReport, max: usize) -> (Vec<String>, Vec<Vec<String>>) {
    let head = [
        "interviewer",
        "peer group",
        "scorecards",
        "leniency",
        "95% CI",
        "shrunk",
        "spread",
        "agreement r",
        "decision agreement",
        "decision kappa",
        "flags",
    ];
    let mut rows: Vec<_> = iv.interviewers.iter().collect();
    rows.sort_by(|a, b| {
        let real = |x: &&crate::analysis::interviewers::InterviewerResult| {
            x.flags.iter().any(|f| !matches!(f.as_str(), "insufficient_data" | "disconnected"))
        };
        real(b)
            .cmp(&real(a))
            .then(b.leniency_shrunk.unwrap_or(0.0).abs().total_cmp(&a.leniency_shrunk.unwrap_or(0.0).abs()))
    });
    let body = rows
        .iter()
        .take(max)
        .map(|x| {
            vec![
                x.interviewer_id.clone(),
                x.peer_group.to_string(),
                x.n_scorecards.to_string(),
                num(x.leniency, 2),
                x.leniency_ci.map(|(a, b)| format!("[{a:.2}, {b:.2}]")).unwrap_or_else(|| "—".into()),
                num(x.leniency_shrunk, 2),
                num(x.spread_ratio, 2),
                r(x.panel_agreement_r),
                r(x.decision_agreement),
                r(x.decision_kappa),
                x.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", "),
            ]
        })
        .collect();
    (head.iter().map(|s| s.to_string()).collect(), body)
}

/// The panel numbers as a two-column table.
pub fn panel_table(p: &PanelResult) -> (Vec<String>, Vec<Vec<String>>) {
    let row = |k: &str, v: String| vec![k.to_string(), v];
    let mut body = vec![
        row("single-interview reliability (ICC(1), unbalanced)", r(p.icc1_unbalanced)),
        row("mean panel size", num(p.mean_panel_size, 1)),
        row("reliability of the mean panel", r(p.reliability_mean_panel)),
        row("Krippendorff's alpha (interval)", r(p.krippendorff_alpha_interval)),
        row("Krippendorff's alpha (ordinal)", r(p.krippendorff_alpha_ordinal)),
        row("Cronbach's alpha over questions", r(p.cronbach_alpha)),
        row(
            &format!("interviews needed for {}", r(Some(p.interviews_for_reliability.target))),
            p.interviews_for_reliability.k.map(|k| k.to_string()).unwrap_or_else(|| "—".into()),
        ),
        row("pooled panel agreement r", r(p.panel_agreement_r)),
        row("candidate–interviewer components", p.components.to_string()),
        row("interviewer peer groups", p.peer_groups.to_string()),
    ];
    if let Some(icc) = &p.icc {
        body.push(row("ICC(2,1) (fully crossed design)", r(icc.icc2)));
    }
    (vec!["statistic".into(), "value".into()], body)
}

/// Data-quality rows: what was skipped, by reason.
pub fn inputs_table(i: &InputsSection) -> (Vec<String>, Vec<Vec<String>>) {
    let head = ["reason", "count", "first line", "what hirecal did"];
    let body = i
        .dropped
        .iter()
        .map(|d| {
            vec![
                d.reason.name().to_string(),
                d.count.to_string(),
                format!("{}:{}", d.file, d.first_line),
                d.action.to_string(),
            ]
        })
        .collect();
    (head.iter().map(|s| s.to_string()).collect(), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_data() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        let p = page(
            "t",
            "m",
            &[Section {
                title: "s".into(),
                paragraphs: vec!["<b>".into()],
                svg: None,
                table: Some((vec!["h".into()], vec![vec!["<img src=x onerror=alert(1)>".into()]])),
            }],
        );
        assert!(!p.contains("<img"), "{p}");
        assert!(p.contains("&lt;img"));
    }

    #[test]
    fn charts_get_a_view_box_so_they_scale_to_the_page() {
        let svg = "<?xml version=\"1.0\"?>\n<svg width=\"1600\" height=\"1000\" xmlns=\"http://www.w3.org/2000/svg\"><g/></svg>";
        let s = Section { title: "c".into(), paragraphs: vec![], svg: Some(svg.into()), table: None };
        let p = page("t", "m", &[s]);
        assert!(p.contains("<svg viewBox=\"0 0 1600 1000\" width=\"1600\" height=\"1000\""), "{p}");
        assert!(!p.contains("<?xml"));
        let kept = "<svg viewBox=\"0 0 5 5\" width=\"5\"><g/></svg>";
        assert_eq!(with_view_box(kept), kept);
        assert_eq!(with_view_box("<svg><g/></svg>"), "<svg><g/></svg>");
    }
}
