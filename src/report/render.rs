//! Chart output: the embedded font, the [`Chart`] trait and the PNG / SVG / PDF writers.
//!
//! Every chart is drawn by plotters twice: once into a bitmap (PNG) and once into an SVG string. The SVG is
//! parsed by usvg with the embedded DejaVu Sans and written back out with text converted to paths, so the
//! `.svg` files stand alone on machines without fonts; the same usvg tree is drawn as vector graphics into
//! a one-page PDF by krilla-svg. Every file is written to a temporary file in the target directory and
//! renamed into place, so a reader never sees a half-written chart.

use std::sync::{Arc, Once, OnceLock};

use anyhow::{anyhow, Context};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

/// The font family every chart asks for; registered with plotters and mapped to DejaVu Sans in usvg.
pub const FONT_FAMILY: &str = "sans-serif";

/// Default chart size in pixels (width, height) for PNG output; SVG uses the same user units.
pub const DEFAULT_SIZE: (u32, u32) = (1600, 1000);

/// Points per SVG pixel in single-chart PDFs (1600 px wide → 800 pt page).
const PDF_SCALE: f32 = 0.5;

/// An error while drawing a chart (plotters' drawing or font errors, as text).
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The drawing backend or plotters' layout failed.
    #[error("could not draw the chart: {0}")]
    Draw(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Draw(format!("{e:?}"))
    }
}

/// An output format for charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Format {
    /// Raster image, [`Chart::size`] pixels.
    Png,
    /// Standalone vector image (text converted to paths).
    Svg,
    /// One-page vector PDF.
    Pdf,
}

impl Format {
    /// All formats, in the order they are written.
    pub const ALL: [Format; 3] = [Format::Png, Format::Svg, Format::Pdf];

    /// The file extension (without dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
        }
    }
}

/// A chart drawn from prepared data. Implementations never panic on any data: empty or non-finite data
/// draws a chart that says so.
pub trait Chart {
    /// File stem of the chart (e.g. `question_validity`).
    fn name(&self) -> &'static str;

    /// Size in pixels (width, height); at least [`DEFAULT_SIZE`].
    fn size(&self) -> (u32, u32) {
        DEFAULT_SIZE
    }

    /// Draws the chart onto `area` (already filled white).
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), ChartError>;
}

/// Registers DejaVu Sans (regular and bold) with plotters under [`FONT_FAMILY`]; idempotent.
pub fn ensure_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // A failure here would leave text undrawn (FontUnavailable is then reported by plotters).
        let _ = plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT_FAMILY, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// Width in pixels of `text` as plotters draws it at `size` (bitmap backend), or an estimate.
pub fn text_width_px(text: &str, size: f64, bold: bool) -> f64 {
    ensure_fonts();
    let style = if bold { FontStyle::Bold } else { FontStyle::Normal };
    match FontDesc::new(FontFamily::Name(FONT_FAMILY), size, style).box_size(text) {
        Ok((w, _)) => f64::from(w),
        Err(_) => text.chars().count() as f64 * size * 0.55,
    }
}

/// Width of `text` in em (multiples of the font size) in DejaVu Sans, for layout in PDF points.
pub fn text_width_em(text: &str, bold: bool) -> f64 {
    // plotters scales glyphs by the font's ascent − descent; calibrate with "M" (advance 0.8628 em).
    const PROBE: f64 = 1000.0;
    let m = text_width_px("MMMMMMMMMM", PROBE, false) / (10.0 * 0.8628);
    if m > 0.0 {
        text_width_px(text, PROBE, bold) / m
    } else {
        text.chars().count() as f64 * 0.55
    }
}

/// The usvg font database holding DejaVu Sans regular and bold, with `sans-serif` mapped to it.
pub fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(dejavu::sans::regular().to_vec());
        db.load_font_data(dejavu::sans::bold().to_vec());
        db.set_sans_serif_family("DejaVu Sans");
        Arc::new(db)
    })
    .clone()
}

/// Parses an SVG document with the embedded fonts.
pub fn parse_svg(svg: &str) -> anyhow::Result<usvg::Tree> {
    let opt = usvg::Options {
        fontdb: fontdb(),
        font_family: "DejaVu Sans".to_string(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &opt).map_err(|e| anyhow!("could not parse chart SVG: {e}"))
}

/// The chart as plotters writes it: SVG with `<text>` elements (needs the font to display).
pub fn svg_raw<C: Chart>(chart: &C) -> anyhow::Result<String> {
    ensure_fonts();
    let mut s = String::new();
    {
        let root = SVGBackend::with_string(&mut s, chart.size()).into_drawing_area();
        draw_root(chart, &root)?;
    }
    Ok(s)
}

/// The chart as a standalone SVG document (text as paths), e.g. to inline in the HTML report.
pub fn svg_string<C: Chart>(chart: &C) -> anyhow::Result<String> {
    let tree = parse_svg(&svg_raw(chart)?)?;
    Ok(tree.to_string(&usvg::WriteOptions::default()))
}

/// The chart drawn into an RGB buffer: (pixels, width, height).
pub fn render_rgb<C: Chart>(chart: &C) -> anyhow::Result<(Vec<u8>, u32, u32)> {
    ensure_fonts();
    let (w, h) = chart.size();
    let mut buf = vec![0u8; (w as usize) * (h as usize) * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        draw_root(chart, &root)?;
    }
    Ok((buf, w, h))
}

fn draw_root<C: Chart, DB: DrawingBackend>(chart: &C, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()> {
    root.fill(&WHITE).map_err(|e| anyhow!("{e:?}"))?;
    chart.draw(root).with_context(|| format!("chart `{}`", chart.name()))?;
    root.present().map_err(|e| anyhow!("chart `{}`: {e:?}", chart.name()))
}

/// A one-page vector PDF of an SVG tree, `scale` points per SVG unit.
pub fn pdf_from_svg(tree: &usvg::Tree, scale: f32) -> anyhow::Result<Vec<u8>> {
    use krilla_svg::SurfaceExt;
    let (w, h) = (tree.size().width() * scale, tree.size().height() * scale);
    let size = krilla::geom::Size::from_wh(w, h).ok_or_else(|| anyhow!("invalid page size {w}×{h}"))?;
    let mut doc = krilla::Document::new();
    {
        let settings =
            krilla::page::PageSettings::from_wh(w, h).ok_or_else(|| anyhow!("invalid page size {w}×{h}"))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        surface
            .draw_svg(tree, size, krilla_svg::SvgSettings::default())
            .ok_or_else(|| anyhow!("could not draw the chart into the PDF"))?;
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| anyhow!("could not write PDF: {e:?}"))
}

/// An 8-bit RGB buffer (`render_rgb`'s) encoded as PNG.
pub fn png_bytes(rgb: &[u8], w: u32, h: u32) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(|e| anyhow!("PNG header: {e}"))?;
        writer.write_image_data(rgb).map_err(|e| anyhow!("PNG data: {e}"))?;
        writer.finish().map_err(|e| anyhow!("PNG end: {e}"))?;
    }
    Ok(out)
}

/// The chart's files in each of `formats`: (file name, bytes), e.g. `question_validity.png`.
pub fn chart_files<C: Chart>(chart: &C, formats: &[Format]) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    let mut tree: Option<usvg::Tree> = None;
    for &format in formats {
        let name = format!("{}.{}", chart.name(), format.extension());
        match format {
            Format::Png => {
                let (rgb, w, h) = render_rgb(chart)?;
                files.push((
                    name.clone(),
                    png_bytes(&rgb, w, h).with_context(|| format!("could not encode {name}"))?,
                ));
            }
            Format::Svg | Format::Pdf => {
                if tree.is_none() {
                    tree = Some(parse_svg(&svg_raw(chart)?)?);
                }
                if let Some(t) = &tree {
                    let bytes = if format == Format::Svg {
                        t.to_string(&usvg::WriteOptions::default()).into_bytes()
                    } else {
                        pdf_from_svg(t, PDF_SCALE)?
                    };
                    files.push((name, bytes));
                }
            }
        }
    }
    Ok(files)
}

/// Test helpers shared by the chart tests.
#[cfg(test)]
pub(crate) mod testutil {
    use super::*;
    use std::fs;
    use std::path::{Path, PathBuf};

    /// Writes the chart in each of `formats` into `dir` (atomically); returns the paths written.
    pub fn write_chart<C: Chart>(chart: &C, dir: &Path, formats: &[Format]) -> anyhow::Result<Vec<PathBuf>> {
        fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
        let mut written = Vec::new();
        for (name, bytes) in chart_files(chart, formats)? {
            let path = dir.join(name);
            crate::report::files::write_atomic(&path, &bytes)?;
            written.push(path);
        }
        Ok(written)
    }

    /// A fresh, unique directory under the system temp dir.
    pub fn temp_dir(tag: &str) -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("hirecal-{tag}-{}-{n}-{nanos}", std::process::id()));
        fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    /// Writes all three formats into a temporary directory, checks each file, and removes the directory.
    pub fn check_chart<C: Chart>(chart: &C) {
        let dir = temp_dir(chart.name());
        let paths = write_chart(chart, &dir, &Format::ALL).expect("write chart");
        assert_eq!(paths.len(), 3);
        let (w, h) = chart.size();
        // PNG: signature, IHDR dimensions.
        let png = fs::read(&paths[0]).expect("png");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(u32::from_be_bytes([png[16], png[17], png[18], png[19]]), w);
        assert_eq!(u32::from_be_bytes([png[20], png[21], png[22], png[23]]), h);
        assert!(png.len() > 10_000, "PNG suspiciously small: {} bytes", png.len());
        // Not blank: plenty of non-white pixels, and some colour.
        let (buf, _, _) = render_rgb(chart).expect("rgb");
        let dark = buf.chunks(3).filter(|p| p.iter().any(|&c| c < 200)).count();
        assert!(dark > 2_000, "chart looks blank ({dark} non-white pixels)");
        // SVG: standalone (paths, no text elements) and parseable.
        let svg = fs::read_to_string(&paths[1]).expect("svg");
        assert!(svg.contains("<path"), "no paths in SVG");
        assert!(!svg.contains("<text"), "SVG still has text elements");
        parse_svg(&svg).expect("SVG parses");
        // PDF: header and an embedded font.
        let pdf = fs::read(&paths[2]).expect("pdf");
        assert!(pdf.starts_with(b"%PDF"));
        assert!(contains(&pdf, b"/FontFile") || contains(&pdf, b"/Type /Font"), "no font in PDF");
        // No temp files left behind.
        let leftovers = fs::read_dir(&dir)
            .expect("dir")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .count();
        assert_eq!(leftovers, 0);
        let _ = fs::remove_dir_all(&dir);
    }

    /// Whether `hay` contains `needle`.
    pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn text_measurement_is_plausible() {
        let w = text_width_em("Hello world", false);
        assert!(w > 4.0 && w < 7.0, "{w}");
        assert!(text_width_em("Hello world", true) > w);
        assert!(text_width_px("abc", 20.0, false) > 10.0);
    }

    #[test]
    fn atomic_write_replaces_file() {
        let dir = testutil::temp_dir("atomic");
        let p = dir.join("a.txt");
        crate::report::files::write_atomic(&p, b"one").expect("write");
        crate::report::files::write_atomic(&p, b"two").expect("write");
        assert_eq!(fs::read(&p).expect("read"), b"two");
        assert_eq!(fs::read_dir(&dir).expect("dir").count(), 1);
        let _ = fs::remove_dir_all(&dir);
    }
}
