//! report.html in a real browser: headless Chromium lays the page out at a laptop and a phone width (the
//! page in an iframe that wide, since Chromium's window is never narrower than 500 px), a script writes
//! the layout into the DOM, and the test asserts that the page never scrolls sideways as a whole; that
//! each chart is scaled, not cropped (its drawn aspect ratio is its viewBox's), sits in a box within the
//! page and ends above what follows it; that on the laptop a chart fits its box while on the phone it
//! keeps a readable width in a box that scrolls sideways, with a link that opens it full size; and that
//! each wide table scrolls inside its own box. Skips, saying so, when Chromium is absent (`.ci/run`
//! installs Debian's `chromium`).

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Chromium binary, if installed.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| {
        let ok = Command::new(name).arg("--version").output().map(|o| o.status.success()).unwrap_or(false);
        ok.then(|| PathBuf::from(name))
    })
}

/// Appended before `</body>` of the page laid out in the iframe: measures every inline chart (inside its
/// `role="img"` box), the visible element after its box, and every table box, and writes them into the
/// parent page.
const PROBE: &str = r#"<script>
(function () {
  var d = document, e = d.documentElement;
  var out = {page: [e.scrollWidth, e.clientWidth], charts: [], tables: []};
  var svgs = d.querySelectorAll('body > div[role=img] > svg');
  for (var k = 0; k < svgs.length; k++) {
    var s = svgs[k], box = s.parentElement, r = s.getBoundingClientRect(), b = box.getBoundingClientRect();
    var vb = s.viewBox && s.viewBox.baseVal, n = box.nextElementSibling;
    while (n && n.getBoundingClientRect().height === 0) { n = n.nextElementSibling; }
    var a = n && n.querySelector('a'), full = !!(a && a.getAttribute('href') === '#' + box.id && box.id);
    out.charts.push([r.left, r.top, r.width, r.height, vb ? vb.width : 0, vb ? vb.height : 0,
      n ? n.getBoundingClientRect().top : -1, b.left, b.right, box.scrollWidth, box.clientWidth,
      getComputedStyle(box).overflowX === 'auto' ? 1 : 0, full ? 1 : 0]);
  }
  var tws = d.querySelectorAll('.tw');
  for (var j = 0; j < tws.length; j++) {
    var t = tws[j], tb = t.getBoundingClientRect();
    out.tables.push([tb.left, tb.right, t.scrollWidth, t.clientWidth,
      getComputedStyle(t).overflowX === 'auto' ? 1 : 0]);
  }
  var p = parent.document.createElement('pre');
  p.textContent = 'PROBE' + JSON.stringify(out) + 'PROBE';
  parent.document.body.appendChild(p);
})();
</script>"#;

/// What the probe measured.
#[derive(serde::Deserialize, Debug)]
struct Probe {
    /// The document's scroll width and client width.
    page: [f64; 2],
    /// Per chart: svg left, top, width, height; viewBox width, height; top of the next visible
    /// element; box left, right, scroll width, client width; box scrolls sideways (1/0); a visible
    /// link to the chart follows (1/0).
    charts: Vec<[f64; 13]>,
    /// Per table box: left, right, scroll width, client width, scrolls sideways (1/0).
    tables: Vec<[f64; 5]>,
}

/// Lays `html` (with the probe) out in an iframe `width` CSS pixels wide and returns the probe's
/// measurements.
fn layout(chrome: &Path, html: &str, dir: &Path, width: u32) -> Probe {
    let srcdoc = html.replace('&', "&amp;").replace('"', "&quot;");
    let page = dir.join(format!("at-{width}.html"));
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html><body style=\"margin:0\"><iframe style=\"border:0;width:{width}px;\
             height:2000px\" srcdoc=\"{srcdoc}\"></iframe></body></html>"
        ),
    )
    .expect("write");
    let out = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            &format!("--window-size={},2000", width.max(500) + 20),
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let a = dom.find("PROBE{").unwrap_or_else(|| {
        panic!("no probe output at width {width}: {}", String::from_utf8_lossy(&out.stderr))
    });
    let b = dom[a + 5..].find("PROBE").expect("probe end") + a + 5;
    serde_json::from_str(&dom[a + 5..b]).expect("probe json")
}

#[test]
fn charts_scale_and_do_not_overlap_in_chromium() {
    let Some(chrome) = chromium() else {
        eprintln!("SKIPPED charts_scale_and_do_not_overlap_in_chromium: chromium is not installed (.ci/run installs it)");
        return;
    };
    let s = Scratch::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = s.path().join("out");
    let o = out.display().to_string();
    let (code, _, err) = run(root, &["report", "--bootstrap", "50", "--charts", "svg", "--out", &o]);
    assert_eq!(code, 0, "report failed: {err}");
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    let probed = html.replace("</body>", &format!("{PROBE}</body>"));
    for width in [1280, 390] {
        let phone = width < hirecal::report::html::NARROW_CSS_PX;
        let p = layout(&chrome, &probed, s.path(), width);
        let page_w = p.page[1];
        assert!((page_w - f64::from(width)).abs() < 20.0, "laid out at {page_w}, not {width}");
        assert!(p.page[0] <= page_w + 1.0, "the page scrolls sideways at {width}: {:?}", p.page);
        assert!(p.charts.len() >= 4, "only {} charts at width {width}", p.charts.len());
        for (k, r) in p.charts.iter().enumerate() {
            let (w, h, vbw, vbh, next_top) = (r[2], r[3], r[4], r[5], r[6]);
            let (box_left, box_right, scroll_w, client_w, scrolls, full) =
                (r[7], r[8], r[9], r[10], r[11], r[12]);
            assert!(vbw > 0.0 && vbh > 0.0, "chart {k} has no viewBox");
            assert!(w > 0.0 && h > 0.0, "chart {k} is not drawn at width {width}");
            assert!(
                box_left >= -0.5 && box_right <= page_w + 1.0,
                "chart {k}'s box runs off the page at {width}: {r:?}"
            );
            let (drawn, own) = (w / h, vbw / vbh);
            assert!((drawn / own - 1.0).abs() < 0.02, "chart {k} is cropped at {width}: {drawn} vs {own}");
            if next_top >= 0.0 {
                assert!(r[1] + h <= next_top + 0.5, "chart {k} overlaps what follows at {width}: {r:?}");
            }
            if phone {
                let min = f64::from(hirecal::report::html::CHART_MIN_CSS_PX);
                assert!(w >= min - 1.0, "chart {k} is squeezed to {w} px on a phone");
                assert!(scrolls == 1.0 && scroll_w > client_w, "chart {k} does not scroll sideways: {r:?}");
                assert_eq!(full, 1.0, "chart {k} has no visible full-size link on a phone");
            } else {
                assert!(w <= box_right - box_left + 1.0, "chart {k} is wider than its box at {width}: {r:?}");
                assert_eq!(full, 0.0, "chart {k}'s full-size link shows at {width}");
            }
        }
        assert!(!p.tables.is_empty());
        for (k, t) in p.tables.iter().enumerate() {
            assert!(
                t[0] >= -0.5 && t[1] <= page_w + 1.0,
                "table {k}'s box runs off the page at {width}: {t:?}"
            );
            assert!(
                t[2] <= t[3] + 1.0 || t[4] == 1.0,
                "table {k} is cut without scrolling at {width}: {t:?}"
            );
        }
        if phone {
            assert!(
                p.tables.iter().any(|t| t[2] > t[3] + 1.0),
                "no table is wider than a phone: test the scroll"
            );
        }
    }
}
