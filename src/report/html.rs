//! `report.html`: one self-contained page (inline CSS and SVG charts, no external requests) that a
//! hiring manager can open and read.

use super::fmt::{ci, num, percent, r};
use crate::analysis::interviewers::{InterviewerResult, InterviewersReport};
use crate::analysis::panel::PanelResult;
use crate::analysis::provenance::InputsSection;
use crate::analysis::questions::QuestionsReport;

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
.tw{overflow-x:auto;max-width:100%}table{border-collapse:collapse;font-size:.88em;margin:1em 0}th,td{padding:.25em .6em;border-bottom:1px solid #eee;\
text-align:left;vertical-align:top}th{background:#f6f6f6}.n{text-align:right}td.n{white-space:nowrap}\
.predictive{color:#00734d;font-weight:600}.counter_predictive{color:#b83d00;font-weight:600}\
.no_evidence,.insufficient_data{color:#777}.predictive,.counter_predictive,.no_evidence,.insufficient_data{white-space:nowrap}\
.decisions{background:#f7f9fb;border:1px solid #dde3ea;border-radius:6px;padding:.2em 1.2em 1em;margin:1.5em 0}\
.decisions h2{margin-top:.6em;border:none}.decisions h3{margin:1em 0 .2em;font-size:1.05em}\
.decisions ul{margin:.2em 0;padding-left:1.3em}.decisions .note,.decisions .more{margin:.2em 0;font-size:.9em;color:#555}\
.toc{margin:1.5em 0}.toc p{font-weight:600;margin:.2em 0}.toc ol{columns:2 18em;margin:.2em 0;padding-left:1.6em}";

/// Narrower screens than this (CSS px) draw a chart at [`CHART_MIN_CSS_PX`] wide in a box that scrolls
/// sideways, with a link that opens it full size.
pub const NARROW_CSS_PX: u32 = 760;
/// The width (CSS px) a chart keeps on a narrow screen: its smallest text stays about 8 px high.
pub const CHART_MIN_CSS_PX: u32 = 800;

/// The charts' CSS: each chart in a box that scrolls sideways when its chart is wider; on a screen
/// narrower than [`NARROW_CSS_PX`] the chart keeps [`CHART_MIN_CSS_PX`] and the "full size" link
/// shows; a chart opened by that link (`:target`) covers the page at its own size (1600 px).
fn chart_css() -> String {
    format!(
        ".chart{{overflow-x:auto;margin:1em 0}}.chart>svg{{margin:0}}.chart .close,.full{{display:none}}\
         @media (max-width:{NARROW_CSS_PX}px){{.chart>svg{{width:{CHART_MIN_CSS_PX}px;max-width:none}}\
         .full{{display:block;margin:.2em 0 1em}}}}.chart:target{{position:fixed;top:0;left:0;right:0;bottom:0;\
         z-index:9;margin:0;background:#fff;overflow:auto}}.chart:target>svg{{width:1600px;max-width:none}}\
         .chart:target .close{{display:block;position:sticky;left:0;top:0;padding:.4em .8em;background:#fff}}"
    )
}

/// The `id` of a section's heading: its title in lower case, runs of other characters as `-`.
pub fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    s.trim_matches('-').to_string()
}

/// Renders the page.
pub fn page(title: &str, meta: &str, sections: &[Section]) -> String {
    page_with_decisions(title, meta, &[], sections)
}

/// The decisions block at the top of the page: one heading and list per group, each linking to its detail.
fn decisions_html(groups: &[super::decisions::Group]) -> String {
    let mut h = String::from("<section class=\"decisions\"><h2 id=\"decisions\">Decisions</h2>\n");
    for g in groups {
        h.push_str(&format!("<h3>{}</h3>\n<ul>", esc(&g.heading)));
        for l in &g.lines {
            h.push_str(&format!("<li>{}</li>", esc(l)));
        }
        h.push_str("</ul>\n");
        if let Some(n) = &g.note {
            h.push_str(&format!("<p class=\"note\">{}</p>\n", esc(n)));
        }
        let t = g.detail.section_title();
        h.push_str(&format!("<p class=\"more\"><a href=\"#{}\">Detail: {}</a></p>\n", slug(t), esc(t)));
    }
    h.push_str("</section>\n");
    h
}

/// The list of sections, each linking to its heading (the report is long: a reader jumps to a part).
fn contents(sections: &[Section]) -> String {
    if sections.len() < 2 {
        return String::new();
    }
    let mut h = String::from("<nav class=\"toc\" aria-label=\"Contents\"><p>Contents</p><ol>");
    for s in sections {
        h.push_str(&format!("<li><a href=\"#{}\">{}</a></li>", slug(&s.title), esc(&s.title)));
    }
    h.push_str("</ol></nav>\n");
    h
}

/// Renders the page with the decisions (when any) above the sections.
pub fn page_with_decisions(
    title: &str,
    meta: &str,
    decisions: &[super::decisions::Group],
    sections: &[Section],
) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    h.push_str(&format!("<title>{}</title><style>{CSS}{}</style></head><body>\n", esc(title), chart_css()));
    h.push_str(&format!("<h1>{}</h1>\n<p class=\"meta\">{}</p>\n", esc(title), esc(meta)));
    if !decisions.is_empty() {
        h.push_str(&decisions_html(decisions));
    }
    h.push_str(&contents(sections));
    for s in sections {
        h.push_str(&format!("<h2 id=\"{}\">{}</h2>\n", slug(&s.title), esc(&s.title)));
        for p in &s.paragraphs {
            h.push_str(&format!("<p>{}</p>\n", esc(p)));
        }
        if let Some(svg) = &s.svg {
            h.push_str(&chart_html(&s.title, svg));
        }
        if let Some((head, rows)) = &s.table {
            // Columns of numbers (every non-empty cell) are right-aligned and do not wrap.
            let numeric: Vec<bool> = (0..head.len())
                .map(|j| {
                    let mut cells = rows.iter().filter_map(|r| r.get(j)).filter(|c| !c.is_empty()).peekable();
                    cells.peek().is_some() && cells.all(|c| super::svg_table::numeric(c))
                })
                .collect();
            let n = |j: usize| if numeric.get(j) == Some(&true) { " class=\"n\"" } else { "" };
            h.push_str("<div class=\"tw\"><table><thead><tr>");
            for (j, c) in head.iter().enumerate() {
                h.push_str(&format!("<th{}>{}</th>", n(j), esc(c)));
            }
            h.push_str("</tr></thead><tbody>\n");
            for row in rows {
                h.push_str("<tr>");
                for (j, c) in row.iter().enumerate() {
                    let class = match c.as_str() {
                        "predictive" | "counter predictive" | "no evidence" | "insufficient data" => {
                            format!(" class=\"{}\"", c.replace(' ', "_"))
                        }
                        _ => n(j).to_string(),
                    };
                    h.push_str(&format!("<td{class}>{}</td>", esc(c)));
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</tbody></table></div>\n");
        }
    }
    h.push_str("</body></html>\n");
    h
}

/// A chart in its box: scaled to the page on a wide screen; on a narrow one (phone) kept
/// [`CHART_MIN_CSS_PX`] wide in a box that scrolls sideways, with a link below it that opens it full
/// size over the page (CSS `:target`, no script; "Close" or the back button returns).
fn chart_html(title: &str, svg: &str) -> String {
    // The SVG comes from our own renderer (usvg output), not from input data.
    // Its text is drawn as outlines, so screen readers get the chart's subject from the wrapper.
    let body = svg.find("<svg").map_or(svg, |i| &svg[i..]);
    let id = format!("chart-{}", slug(title));
    format!(
        "<div role=\"img\" aria-label=\"Chart: {t}\" class=\"chart\" id=\"{id}\">\
         <a class=\"close\" href=\"#{back}\">Close the full-size chart</a>{svg}</div>\n\
         <p class=\"full\"><a href=\"#{id}\">Open the chart full size</a> (or scroll it sideways)</p>\n",
        t = esc(title),
        back = slug(title),
        svg = with_view_box(body)
    )
}

/// The SVG with a `viewBox` on its root element (from its `width` and `height` when it has none), so CSS
/// (`max-width:100%; height:auto`) scales the whole chart instead of cropping it. Unchanged when the root
/// already has a viewBox or its size is not a plain number (with an optional `px`).
pub fn with_view_box(svg: &str) -> String {
    let Some(start) = svg.find("<svg") else { return svg.to_string() };
    let Some(end) = svg[start..].find('>').map(|e| start + e) else { return svg.to_string() };
    let tag = &svg[start..end];
    if tag.contains("viewBox") {
        return svg.to_string();
    }
    let Some((w, h)) = svg_size(svg) else { return svg.to_string() };
    let at = start + 4;
    format!("{} viewBox=\"0 0 {w} {h}\"{}", &svg[..at], &svg[at..])
}

/// The `width` and `height` of an SVG's root element, when both are plain positive numbers (with an
/// optional `px`).
pub fn svg_size(svg: &str) -> Option<(f32, f32)> {
    let start = svg.find("<svg")?;
    let tag = &svg[start..start + svg[start..].find('>')?];
    let attr = |name: &str| -> Option<f32> {
        let key = format!(" {name}=\"");
        let i = tag.find(&key)? + key.len();
        let v = &tag[i..i + tag[i..].find('"')?];
        v.trim_end_matches("px").parse::<f32>().ok().filter(|x| x.is_finite() && *x > 0.0)
    };
    Some((attr("width")?, attr("height")?))
}

/// The question table rows, sorted by corrected validity: the statistics, the verdict and the advice
/// page 1 gives ([`super::decisions::Advice`]; `min_n`: fewest hires with an outcome for a verdict).
pub fn question_table(q: &QuestionsReport, min_n: usize) -> (Vec<String>, Vec<Vec<String>>) {
    let head = [
        "question",
        "competency",
        "hires",
        "decision AUC",
        "raw r",
        "corrected r",
        "95% CI",
        "verdict",
        "advice",
    ];
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
                r(v.decision_auc),
                r(v.validity_r),
                r(v.validity_corrected),
                ci(v.validity_corrected_ci),
                x.stats.verdict.words().to_string(),
                super::decisions::Advice::of(x, min_n).words(),
            ]
        })
        .collect();
    (super::fmt::header(&head, q.confidence), body)
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
    let mut notes = vec![
        shown,
        format!("Columns: peer group = interviewers linked through the questions they ask (leniency compares only \
         within a group); leniency = score points above (+) or below (−) those peers, after accounting for which \
         candidates each interviewer saw, with its {level} interval; shrunk = the same pulled toward 0 by its \
         uncertainty (rank by this); spread = share of the peers' score spread the interviewer uses (below 100% = \
         narrower); agreement r = correlation of the interviewer's scores with the rest of the panel on the same \
         candidates; decision agreement = share of scorecards whose yes/no recommendation matched the hiring \
         decision; decision kappa = the same corrected for chance (Cohen's kappa: 0 = chance, 1 = always). \
         A leniency interval that excludes 0 is not a flag by itself: a flag needs a material difference \
         (its test is against a threshold, not against 0) that survives the false-discovery control across \
         all interviewers.",
            level = super::fmt::level(iv.interviewers_meta.confidence)),
    ];
    notes.extend(empty_value_notes(&interviewer_table_rows(iv, max)));
    notes
}

/// Most interviewers the report's interviewer table lists (and the leniency chart draws).
pub const INTERVIEWER_TABLE_ROWS: usize = 40;

/// The interviewers the table shows: flagged first, then by |shrunk leniency|, at most `max`. The
/// leniency chart draws the same ones (`assemble::interviewer_leniency`), so a reader finds each
/// interviewer of one in the other.
pub fn interviewer_table_rows(iv: &InterviewersReport, max: usize) -> Vec<&InterviewerResult> {
    let mut rows: Vec<&InterviewerResult> = iv.interviewers.iter().collect();
    rows.sort_by(|a, b| {
        b.is_flagged()
            .cmp(&a.is_flagged())
            .then(b.leniency_shrunk.unwrap_or(0.0).abs().total_cmp(&a.leniency_shrunk.unwrap_or(0.0).abs()))
    });
    rows.truncate(max);
    rows
}

/// Why values are empty for the interviewers the table shows (their `notes`), one line per reason with
/// the interviewers it applies to, at most [`NOTE_IDS`] named per reason.
fn empty_value_notes(rows: &[&InterviewerResult]) -> Vec<String> {
    let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
    for x in rows {
        for note in &x.notes {
            match reasons.iter_mut().find(|(n, _)| n == note) {
                Some((_, ids)) => ids.push(&x.interviewer_id),
                None => reasons.push((note, vec![&x.interviewer_id])),
            }
        }
    }
    reasons
        .into_iter()
        .map(|(note, ids)| {
            let named = ids.iter().take(NOTE_IDS).copied().collect::<Vec<_>>().join(", ");
            let more = ids.len().saturating_sub(NOTE_IDS);
            let more =
                if more > 0 { format!(" and {more} more listed in interviewers.csv") } else { String::new() };
            format!("Not computed for {named}{more} ({note}).")
        })
        .collect()
}

/// Most interviewers [`empty_value_notes`] names per reason.
const NOTE_IDS: usize = 8;

/// The interviewer table rows (flagged first, then by |shrunk leniency|), capped at `max` rows.
pub fn interviewer_table(iv: &InterviewersReport, max: usize) -> (Vec<String>, Vec<Vec<String>>) {
    let head = [
        "interviewer",
        "flags",
        "peer group",
        "scorecards",
        "leniency",
        "95% CI",
        "shrunk",
        "spread",
        "agreement r",
        "decision agreement",
        "decision kappa",
    ];
    let body = interviewer_table_rows(iv, max)
        .into_iter()
        .map(|x| {
            vec![
                x.interviewer_id.clone(),
                x.flags.iter().map(|f| f.words()).collect::<Vec<_>>().join(", "),
                x.peer_group_label.clone(),
                x.n_scorecards.to_string(),
                num(x.leniency, 2),
                x.leniency_ci.map(|(a, b)| format!("[{a:.2}, {b:.2}]")).unwrap_or_else(|| "—".into()),
                num(x.leniency_shrunk, 2),
                percent(x.spread_ratio),
                r(x.panel_agreement_r),
                percent(x.decision_agreement),
                r(x.decision_kappa),
            ]
        })
        .collect();
    (super::fmt::header(&head, iv.interviewers_meta.confidence), body)
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
    let head = ["reason", "count", "first at", "what hirecal did"];
    let body = i
        .dropped
        .iter()
        .map(|d| vec![d.reason.name().to_string(), d.count.to_string(), d.position(), d.action.to_string()])
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
    fn empty_values_are_explained_per_reason_for_the_rows_shown() {
        let iv = |id: &str, notes: &[&str]| InterviewerResult {
            interviewer_id: id.into(),
            notes: notes.iter().map(|n| n.to_string()).collect(),
            ..Default::default()
        };
        let alone = "spread_ratio, halo_index: alone in the peer group";
        let dates = "drift: the interviewer's interview dates do not vary";
        let mut rows = vec![iv("a", &[alone, dates]), iv("b", &[]), iv("c", &[dates])];
        rows.extend((0..10).map(|k| iv(&format!("d{k}"), &[dates])));
        let refs: Vec<&InterviewerResult> = rows.iter().collect();
        let notes = empty_value_notes(&refs);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(notes[0], format!("Not computed for a ({alone})."));
        assert!(
            notes[1] == format!("Not computed for a, c, d0, d1, d2, d3, d4, d5 and 4 more listed in interviewers.csv ({dates})."),
            "{}",
            notes[1]
        );
        assert!(empty_value_notes(&refs[1..2]).is_empty());
    }

    #[test]
    fn inline_svgs_get_a_view_box() {
        let s = r#"<?xml version="1.0"?><svg width="1600" height="1000" xmlns="http://www.w3.org/2000/svg"><g/></svg>"#;
        let v = with_view_box(&s[s.find("<svg").unwrap()..]);
        assert!(v.starts_with(r#"<svg viewBox="0 0 1600 1000" width="1600""#), "{v}");
        assert!(v.ends_with("<g/></svg>"));
        let has = r#"<svg viewBox="0 0 10 10" width="20" height="20"></svg>"#;
        assert_eq!(with_view_box(has), has);
        let px = with_view_box(r#"<svg width="300px" height="200px"></svg>"#);
        assert!(px.contains(r#"viewBox="0 0 300 200""#), "{px}");
        // Not a size we can read: unchanged.
        assert_eq!(with_view_box(r#"<svg width="50%"></svg>"#), r#"<svg width="50%"></svg>"#);
        let p = page(
            "t",
            "m",
            &[Section { title: "s".into(), paragraphs: vec![], svg: Some(s.to_string()), table: None }],
        );
        assert!(p.contains(r#"<svg viewBox="0 0 1600 1000""#), "{p}");
    }
}
