//! report.html in a real browser: headless Chromium lays the page out at a laptop and a phone width, a
//! script writes every chart's box and the box of what follows it into the DOM, and the test asserts that
//! each chart is scaled to fit (not cropped: its drawn aspect ratio is its viewBox's, its width within the
//! page) and ends above the element after it (no overlap). Skips, saying so, when Chromium is absent
//! (`.ci/run` installs Debian's `chromium`).

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

/// Appended before `</body>`: measures every inline chart (inside its `role="img"` wrapper) and the
/// element after the wrapper.
const PROBE: &str = r#"<script>
(function () {
  var out = [];
  var svgs = document.querySelectorAll('body > div[role=img] > svg');
  for (var k = 0; k < svgs.length; k++) {
    var s = svgs[k], r = s.getBoundingClientRect(), vb = s.viewBox && s.viewBox.baseVal;
    var n = s.parentElement.nextElementSibling, nr = n ? n.getBoundingClientRect() : null;
    out.push([r.left, r.top, r.width, r.height, vb ? vb.width : 0, vb ? vb.height : 0,
              nr ? nr.top : -1, document.documentElement.clientWidth, document.body.clientWidth]);
  }
  var p = document.createElement('pre');
  p.id = 'probe';
  p.textContent = 'PROBE' + JSON.stringify(out) + 'PROBE';
  document.body.appendChild(p);
})();
</script>"#;

/// Lays `html` out at `width` CSS pixels and returns the probe's rows.
fn layout(chrome: &Path, html: &Path, width: u32) -> Vec<Vec<f64>> {
    let out = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            &format!("--window-size={width},2000"),
            "--dump-dom",
        ])
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let a = dom.find("PROBE[").unwrap_or_else(|| {
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
    let probed = s.path().join("probed.html");
    std::fs::write(&probed, html.replace("</body>", &format!("{PROBE}</body>"))).expect("write");
    for width in [1280, 390] {
        let rows = layout(&chrome, &probed, width);
        assert!(rows.len() >= 4, "only {} charts at width {width}", rows.len());
        for (k, r) in rows.iter().enumerate() {
            let (left, top, w, h, vbw, vbh, next_top, page_w) =
                (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
            assert!(vbw > 0.0 && vbh > 0.0, "chart {k} has no viewBox");
            assert!(w > 0.0 && h > 0.0, "chart {k} is not drawn at width {width}");
            assert!(
                left >= -0.5 && left + w <= page_w + 1.0,
                "chart {k} runs off the page at {width}: {r:?}"
            );
            let (drawn, own) = (w / h, vbw / vbh);
            assert!((drawn / own - 1.0).abs() < 0.02, "chart {k} is cropped at {width}: {drawn} vs {own}");
            if next_top >= 0.0 {
                assert!(top + h <= next_top + 0.5, "chart {k} overlaps what follows at {width}: {r:?}");
            }
        }
    }
}
