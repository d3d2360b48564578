//! A row source over CSV or Parquet: a header and rows of text fields with their file line.
//!
//! CSV is streamed with the `csv` crate (exact line numbers for messages); Parquet is read with polars
//! and every column is cast to text so both formats share one validation path.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{mpsc, Arc};

use crate::error::{Error, Result};

/// One data row handed to a visitor.
pub struct Row<'a> {
    /// 1-based line of the row's first byte in the file (header = line 1); for Parquet, row index + 2.
    pub line: u64,
    /// Fields in header order; `None` where a ragged row is short or a Parquet cell is null.
    pub fields: &'a [Option<&'a str>],
    /// Number of fields actually present (differs from the header width for ragged rows).
    pub width: usize,
    /// The row is not valid UTF-8: its fields were decoded as Windows-1252 (readers keep the row and
    /// count it, since names may read wrong).
    pub invalid_text: bool,
}

/// What a row that is not UTF-8 is told: it was read as Windows-1252.
pub const INVALID_TEXT: &str =
    "the row is not valid UTF-8 text; it was read as Windows-1252 (Excel's \"CSV\" \
     encoding), so accented names may read wrong if it is another encoding: re-export the file as UTF-8 \
     (Excel: \"CSV UTF-8\") to be sure";

/// An opened input table.
pub struct Table {
    path: PathBuf,
    /// Column names as found (trimmed, BOM removed).
    pub header: Vec<String>,
    source: Source,
    delimiter: u8,
    /// How the CSV file ends its lines (the reader's terminator).
    ends: LineEnds,
    /// Filled with the file's SHA-256 once it is read to the end, when opened with hashing.
    digest: Option<super::limits::DigestCell>,
    /// Where reading reports its progress (silent unless [`Table::with_progress`]).
    progress: crate::progress::Progress,
    /// Parquet columns of a type hirecal does not read (name, type), left out of `header`: looking one
    /// up is an error that says how to export it.
    unreadable: Vec<(String, Unread)>,
}

enum Source {
    Csv(Box<csv::Reader<Guarded<File>>>, Arc<AtomicU64>),
    #[cfg(feature = "parquet")]
    Parquet(polars::prelude::DataFrame),
    /// Rows converted from another format (ATS JSON): (record number cited as the line, fields).
    Memory(Vec<(u64, Vec<Option<String>>)>),
}

use super::csv_batches::{read_batches, LineEnds, Rec};
pub use super::limits::MAX_FIELD;
use super::limits::{Guarded, MAX_RECORD};

/// Read buffer of the CSV reader (the `csv` default is 8 KiB; larger means fewer `read` calls).
const READ_BUFFER: usize = 1 << 18;

/// Rows between progress-bar updates.
const PROGRESS_EVERY: u64 = 1 << 16;

impl Table {
    /// Opens `path`: Parquet when it ends in `.parquet`/`.pq`, CSV otherwise. `what` names the input
    /// in messages (scorecards, outcomes, questions).
    pub fn open(path: &Path, what: &'static str, delimiter: Option<char>) -> Result<Table> {
        Table::open_hashing(path, what, delimiter, false)
    }

    /// [`Table::open`]; with `hash`, a CSV file's SHA-256 is taken as it is read (for provenance) and
    /// available from [`Table::digest`].
    pub fn open_hashing(
        path: &Path,
        what: &'static str,
        delimiter: Option<char>,
        hash: bool,
    ) -> Result<Table> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            return Err(Error::IsDirectory { path: path.to_path_buf() });
        }
        if meta.len() == 0 {
            return Err(Error::EmptyFile { path: path.to_path_buf(), what });
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if ext == "parquet" || ext == "pq" {
            return Self::open_parquet(path);
        }
        let mut head = Vec::with_capacity(8192);
        File::open(path).and_then(|f| f.take(8192).read_to_end(&mut head)).map_err(|e| Error::io(path, e))?;
        if let Some(message) = spreadsheet_or_archive(path, &head) {
            return Err(Error::Data(message));
        }
        if let Some(pos) = head.iter().position(|&b| b == 0) {
            let line = head[..pos].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            return Err(Error::Binary { path: path.to_path_buf(), line, byte: 0 });
        }
        if head.starts_with(b"PAR1") {
            return Err(Error::Binary { path: path.to_path_buf(), line: 1, byte: b'P' });
        }
        let delim = match delimiter {
            Some(c) if c.is_ascii() => c as u8,
            Some(c) => {
                return Err(Error::Data(format!(
                    "delimiter '{c}' is not a single ASCII character; set `delimiter` in the config to ',', ';' or '\\t'"
                )))
            }
            None => sniff_delimiter(&head),
        };
        let ends = LineEnds::sniff(&head);
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let (file, mark) = Guarded::new(file, 2 * READ_BUFFER as u64);
        // The SHA-256 for provenance (`report`) is taken as the parsing thread reads (no second read).
        let (file, digest) = if hash {
            let (f, cell) = file.hashing();
            (f, Some(cell))
        } else {
            (file, None)
        };
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .delimiter(delim)
            .terminator(ends.terminator())
            .buffer_capacity(READ_BUFFER)
            .from_reader(file);
        let header = rdr
            .byte_headers()
            .map_err(|e| csv_error(path, e, 1))?
            .iter()
            .enumerate()
            .map(|(i, h)| clean_header(h, i == 0))
            .collect::<Vec<_>>();
        if header.iter().all(|h| h.is_empty()) {
            return Err(Error::EmptyFile { path: path.to_path_buf(), what });
        }
        Ok(Table {
            path: path.to_path_buf(),
            header,
            source: Source::Csv(Box::new(rdr), mark),
            delimiter: delim,
            ends,
            digest,
            progress: Default::default(),
            unreadable: Vec::new(),
        })
    }

    #[cfg(not(feature = "parquet"))]
    fn open_parquet(path: &Path) -> Result<Table> {
        Err(Error::Parquet {
            path: path.to_path_buf(),
            message: "this build of hirecal has no Parquet support (built without the `parquet` feature)"
                .into(),
        })
    }

    #[cfg(feature = "parquet")]
    fn open_parquet(path: &Path) -> Result<Table> {
        use polars::prelude::*;
        let perr = |e: PolarsError| Error::Parquet { path: path.to_path_buf(), message: e.to_string() };
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut reader = ParquetReader::new(file);
        let schema = reader.schema().map_err(perr)?;
        let (mut readable, mut unreadable) = (Vec::new(), Vec::new());
        for (name, field) in schema.iter() {
            match parquet_type_unread(&field.dtype) {
                None => readable.push(name.to_string()),
                Some(kind) => unreadable.push((name.to_string(), kind)),
            }
        }
        // Only the readable columns: a typed date or decimal column the analysis does not use must not
        // make the whole file unreadable (and this build's polars has no date or decimal types).
        let df = reader.with_columns(Some(readable)).finish().map_err(perr)?;
        let header = df.get_column_names().iter().map(|s| s.to_string()).collect();
        Ok(Table {
            path: path.to_path_buf(),
            header,
            source: Source::Parquet(df),
            delimiter: b',',
            ends: LineEnds::Lf,
            digest: None,
            progress: Default::default(),
            unreadable,
        })
    }

    /// A table over rows already in memory (e.g. ATS JSON records turned into canonical rows). Each
    /// row's number is what messages cite as its line (the 1-based record index).
    pub fn from_memory(path: &Path, header: Vec<String>, rows: Vec<(u64, Vec<Option<String>>)>) -> Table {
        Table {
            path: path.to_path_buf(),
            header,
            source: Source::Memory(rows),
            delimiter: b',',
            ends: LineEnds::Lf,
            digest: None,
            progress: Default::default(),
            unreadable: Vec::new(),
        }
    }

    /// Reports reading progress to `progress` (a bar per file).
    pub fn with_progress(mut self, progress: &crate::progress::Progress) -> Table {
        self.progress = progress.clone();
        self
    }

    /// Where the file's SHA-256 lands once the table is read to the end (CSV opened with hashing).
    pub fn digest(&self) -> Option<super::limits::DigestCell> {
        self.digest.clone()
    }

    /// The file path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Index of an optional column, `None` when the file has none; an error when the file has it in a
    /// type hirecal cannot read (a Parquet date or decimal column), rather than ignoring it.
    pub fn optional(&self, name: &str) -> Result<Option<usize>> {
        match (self.column(name), self.unreadable_column(name)) {
            (None, Some(e)) => Err(e),
            (c, _) => Ok(c),
        }
    }

    /// The error for column `name` when the file has it in a type hirecal does not read.
    fn unreadable_column(&self, name: &str) -> Option<Error> {
        let k = position_of(self.unreadable.iter().map(|u| u.0.as_str()), name)?;
        let (col, kind) = &self.unreadable[k];
        let advice = match kind {
            Unread::Date | Unread::Timestamp => format!(
                "Export it as text, dates as YYYY-MM-DD (e.g. CAST({col} AS VARCHAR) in the query that writes \
                 the file), or leave the column out."
            ),
            Unread::Decimal(..) => format!(
                "Export it as a floating-point number (e.g. CAST({col} AS DOUBLE) in the query that writes the \
                 file)."
            ),
            Unread::Other(_) => format!("Export it as text or as a number (e.g. CAST({col} AS VARCHAR))."),
        };
        Some(Error::ParquetType { path: self.path.clone(), column: col.clone(), kind: kind.words(), advice })
    }

    /// Index of a column by exact name, falling back to a case-insensitive match.
    pub fn column(&self, name: &str) -> Option<usize> {
        position_of(self.header.iter().map(String::as_str), name)
    }

    /// Index of a required column, or the error that lists what was found and the config key.
    pub fn require(&self, name: &str, config_key: &str) -> Result<usize> {
        if let Some(c) = self.optional(name)? {
            return Ok(c);
        }
        // A JSON export read as CSV has a header like `[` or `{"id": 1`.
        if matches!(&self.source, Source::Csv(..))
            && self.header.first().is_some_and(|h| h.starts_with('[') || h.starts_with('{'))
        {
            return Err(Error::Data(format!(
                "{}: this looks like a JSON export, not a CSV table (it starts with '{}'). For an ATS export pass \
                 --source greenhouse, lever or ashby (see `hirecal report --help`); for hirecal's own layout \
                 export a CSV or Parquet table with a '{name}' column.",
                self.path.display(),
                self.header[0].chars().next().unwrap_or('[')
            )));
        }
        Err(Error::MissingColumn {
            path: self.path.clone(),
            column: name.to_string(),
            config_key: config_key.to_string(),
            found: {
                // A broken export can have a million columns; name the first few, count the rest.
                let shown: Vec<String> =
                    self.header.iter().take(20).map(|h| format!("'{}'", shorten(h, 60))).collect();
                let more = self.header.len().saturating_sub(20);
                if more > 0 {
                    format!("{} and {more} more", shown.join(", "))
                } else {
                    shown.join(", ")
                }
            },
        })
    }

    /// Up to `limit` values of column `col` from the start of the file (for inferring the scale).
    /// Reads a separate handle, so the table itself is not consumed.
    pub fn sample_column(&self, col: usize, limit: usize) -> Vec<String> {
        match &self.source {
            Source::Csv(..) => {
                let Ok(file) = File::open(&self.path) else { return Vec::new() };
                // Limited like the main read: a sample never buffers an unbounded record.
                let (file, _) = Guarded::new(file, 2 * READ_BUFFER as u64);
                let mut rdr = csv::ReaderBuilder::new()
                    .flexible(true)
                    .delimiter(self.delimiter)
                    .terminator(self.ends.terminator())
                    .from_reader(file);
                rdr.byte_records()
                    .take(limit)
                    .map_while(|r| r.ok())
                    .filter_map(|r| {
                        r.get(col)
                            .map(|f| String::from_utf8_lossy(f.strip_suffix(b"\r").unwrap_or(f)).into_owned())
                    })
                    .collect()
            }
            #[cfg(feature = "parquet")]
            Source::Parquet(df) => df
                .columns()
                .get(col)
                .and_then(|c| c.as_materialized_series().cast(&polars::prelude::DataType::String).ok())
                .and_then(|s| {
                    s.str().ok().map(|ca| {
                        (0..ca.len().min(limit)).filter_map(|i| ca.get(i)).map(str::to_string).collect()
                    })
                })
                .unwrap_or_default(),
            Source::Memory(rows) => {
                rows.iter().take(limit).filter_map(|(_, r)| r.get(col).cloned().flatten()).collect()
            }
        }
    }

    /// Calls `visit` for every data row; returns the number of data rows. Fails on a table without rows.
    pub fn for_each_row(self, mut visit: impl FnMut(&Row)) -> Result<u64> {
        let path = self.path.clone();
        let width = self.header.len();
        let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let n = match self.source {
            Source::Csv(rdr, mark) => {
                let size = std::fs::metadata(&path).map_or(0, |m| m.len());
                let bar = self.progress.bar(&name, size, true);
                // Parsing and UTF-8 checking run on a thread of their own, a batch ahead of `visit`.
                let (batch_tx, batch_rx) = mpsc::sync_channel::<Result<Vec<Rec>>>(4);
                let (back_tx, back_rx) = mpsc::channel::<Vec<Rec>>();
                std::thread::scope(|scope| {
                    let reader_path = path.clone();
                    let ends = self.ends;
                    scope.spawn(move || read_batches(*rdr, ends, &mark, &reader_path, batch_tx, back_rx));
                    let mut storage: Vec<Option<&'static str>> = Vec::with_capacity(width);
                    let mut n = 0u64;
                    for batch in batch_rx {
                        let batch = batch?;
                        for rec in &batch {
                            let line = rec.line();
                            if rec.is_blank() {
                                continue;
                            }
                            n += 1;
                            if n.is_multiple_of(PROGRESS_EVERY) {
                                bar.set(rec.byte());
                            }
                            if let Some(big) = rec.field_over(MAX_FIELD) {
                                return Err(Error::Csv {
                                    path: path.clone(),
                                    line,
                                    message: format!(
                                        "field {} is longer than 1 MiB; this is not a scorecard export (an unclosed quote?). Check the quoting around this line.",
                                        big + 1
                                    ),
                                });
                            }
                            let mut fields: Vec<Option<&str>> = recycle(std::mem::take(&mut storage));
                            let invalid = rec.fields(width, &mut fields);
                            // Not UTF-8: most often Excel's "CSV" (Windows-1252); read it as such.
                            let decoded: Vec<String>;
                            if invalid {
                                decoded = rec.fields_cp1252(width);
                                fields.clear();
                                fields.extend(decoded.iter().map(|f| Some(f.as_str())));
                                fields.resize(width, None);
                            }
                            if rec.width() != width {
                                if let Some(e) = unclosed_quote(&path, line, &fields, rec.width(), width) {
                                    return Err(e);
                                }
                            }
                            visit(&Row { line, fields: &fields, width: rec.width(), invalid_text: invalid });
                            storage = recycle(fields);
                        }
                        let _ = back_tx.send(batch);
                    }
                    bar.done();
                    Ok(n)
                })?
            }
            #[cfg(feature = "parquet")]
            Source::Parquet(df) => {
                use polars::prelude::*;
                let perr = |e: PolarsError| Error::Parquet { path: path.clone(), message: e.to_string() };
                // Cast to text a block of rows at a time: the text copy of a 10-million-row table
                // would otherwise sit in memory beside the table itself.
                const BLOCK: usize = 1 << 16;
                let rows = df.height();
                let bar = self.progress.bar(&name, rows as u64, false);
                let mut start = 0usize;
                while start < rows {
                    let len = BLOCK.min(rows - start);
                    bar.set(start as u64);
                    let block = df.slice(start as i64, len);
                    let cols: Vec<Series> = block
                        .columns()
                        .iter()
                        .map(|c| c.as_materialized_series().cast(&DataType::String))
                        .collect::<PolarsResult<_>>()
                        .map_err(perr)?;
                    let cas: Vec<&StringChunked> =
                        cols.iter().map(|s| s.str()).collect::<PolarsResult<_>>().map_err(perr)?;
                    let mut iters: Vec<_> = cas.iter().map(|ca| ca.iter()).collect();
                    let mut fields: Vec<Option<&str>> = Vec::with_capacity(width);
                    for i in 0..len {
                        fields.clear();
                        fields.extend(iters.iter_mut().map(|it| it.next().flatten()));
                        let line = (start + i) as u64 + 2;
                        visit(&Row { line, fields: &fields, width, invalid_text: false });
                    }
                    start += len;
                }
                bar.done();
                rows as u64
            }
            Source::Memory(rows) => {
                let mut fields: Vec<Option<&str>> = Vec::with_capacity(width);
                for (line, r) in &rows {
                    fields.clear();
                    fields.extend(r.iter().take(width).map(|f| f.as_deref()));
                    fields.resize(width, None);
                    visit(&Row { line: *line, fields: &fields, width, invalid_text: false });
                }
                rows.len() as u64
            }
        };
        if n == 0 {
            return Err(Error::NoRows { path });
        }
        Ok(n)
    }
}

/// Empties a vector of borrowed fields and hands its allocation back with a fresh lifetime, so one
/// buffer serves every record without a per-row allocation (the in-place `collect` reuses it).
fn recycle<'b>(mut v: Vec<Option<&str>>) -> Vec<Option<&'b str>> {
    v.clear();
    v.into_iter().map(|_| None).collect()
}

/// The error for a failed CSV read; `start_line` (where the failed record starts) is cited when the error has no position (an over-long
/// record is cut off by [`Guarded`] before the reader knows where it ends).
pub(super) fn csv_error(path: &Path, e: csv::Error, start_line: u64) -> Error {
    if let csv::ErrorKind::Io(io) = e.kind() {
        if super::limits::is_record_too_long(io) {
            return Error::Csv {
                path: path.to_path_buf(),
                line: start_line,
                message: format!(
                    "the record starting on this line is longer than {} MiB; this is not a scorecard export (an unclosed quote?). Check the quoting around this line.",
                    MAX_RECORD >> 20
                ),
            };
        }
    }
    let line = e.position().map_or(0, |p| p.line());
    Error::Csv {
        path: path.to_path_buf(),
        line,
        message: format!(
            "cannot parse CSV: {e}. Check the quoting and the delimiter (set `delimiter` in the config)."
        ),
    }
}

/// A header name as a message quotes it: control characters shown as `�` (so data cannot drive the
/// terminal), and cut to `width` characters ending in `…` (a broken export can have megabyte-long
/// header cells).
fn shorten(name: &str, width: usize) -> String {
    let shown = |c: char| if c.is_control() { '\u{FFFD}' } else { c };
    if name.chars().count() <= width {
        return name.chars().map(shown).collect();
    }
    name.chars().take(width.saturating_sub(1)).map(shown).chain(['…']).collect()
}

/// Trims a header cell and removes a UTF-8 byte-order mark from the first one.
fn clean_header(raw: &[u8], first: bool) -> String {
    let raw = if first { raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw) } else { raw };
    String::from_utf8_lossy(raw).trim().to_string()
}

/// Picks `,`, `;`, tab or `|` (warehouse unloads): whichever appears most in the first line, the
/// earlier in that order on ties (comma when none appears).
fn sniff_delimiter(head: &[u8]) -> u8 {
    let first = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let count = |d: u8| first.iter().filter(|&&b| b == d).count();
    let mut best = (b',', count(b','));
    for d in [b';', b'\t', b'|'] {
        let n = count(d);
        if n > best.1 {
            best = (d, n);
        }
    }
    best.0
}

/// A ragged row whose values hold line breaks: a quote opened in it was not closed where the value
/// ended, so the lines up to the next quote (or the end of the file) were read as one value. Those
/// lines are rows the analysis would silently lose, so this stops the run with where to look.
fn unclosed_quote(
    path: &Path,
    line: u64,
    fields: &[Option<&str>],
    got: usize,
    width: usize,
) -> Option<Error> {
    // A value left open to the end of the file ends with the file's last line break, not a new line.
    let newlines: usize =
        fields.iter().flatten().map(|f| f.trim_end_matches(['\r', '\n']).matches('\n').count()).sum();
    (newlines > 0).then(|| Error::Csv {
        path: path.to_path_buf(),
        line,
        message: format!(
            "a quoted value that starts in this row runs on for {newlines} more line{} (to line {}), so those lines \
             were read as one value and the row has {got} fields where the header has {width}: a quote is probably \
             not closed. Close it, or write a quote inside a quoted value as two quotes (\"\"), and export again.",
            if newlines == 1 { "" } else { "s" },
            line + newlines as u64
        ),
    })
}

/// Index of `name` among `names`: the exact name, else a case-insensitive match of the trimmed name.
fn position_of<'a>(names: impl Iterator<Item = &'a str> + Clone, name: &str) -> Option<usize> {
    names
        .clone()
        .position(|h| h == name)
        .or_else(|| names.clone().position(|h| h.eq_ignore_ascii_case(name.trim())))
}

/// A Parquet column type hirecal does not read.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(not(feature = "parquet"), allow(dead_code))] // only the Parquet reader finds them
enum Unread {
    Date,
    Timestamp,
    /// Precision and scale.
    Decimal(usize, usize),
    /// Any other type, by its Arrow name.
    Other(String),
}

impl Unread {
    /// The type in words, for messages: "a date", "a decimal (10, 2)".
    fn words(&self) -> String {
        match self {
            Unread::Date => "a date".into(),
            Unread::Timestamp => "a timestamp".into(),
            Unread::Decimal(p, s) => format!("a decimal ({p}, {s})"),
            Unread::Other(t) => t.clone(),
        }
    }
}

/// The Parquet column types hirecal does not read (this build's polars has no date, time, decimal or
/// nested types); `None` for the types it reads: booleans, integers up to 64 bits, floats, strings and
/// categoricals.
#[cfg(feature = "parquet")]
fn parquet_type_unread(t: &polars::prelude::ArrowDataType) -> Option<Unread> {
    use polars::prelude::ArrowDataType as A;
    match t {
        A::Null
        | A::Boolean
        | A::Int8
        | A::Int16
        | A::Int32
        | A::Int64
        | A::UInt8
        | A::UInt16
        | A::UInt32
        | A::UInt64
        | A::Float32
        | A::Float64
        | A::Utf8
        | A::LargeUtf8
        | A::Utf8View => None,
        A::Dictionary(_, v, _) if parquet_type_unread(v).is_none() => None,
        A::Date32 | A::Date64 => Some(Unread::Date),
        A::Timestamp(..) => Some(Unread::Timestamp),
        A::Decimal(p, s) | A::Decimal32(p, s) | A::Decimal64(p, s) | A::Decimal256(p, s) => {
            Some(Unread::Decimal(*p, *s))
        }
        other => Some(Unread::Other(format!("{other:?}"))),
    }
}

/// What to do with a file that is an Excel workbook (.xlsx: a zip archive holding `xl/`; .xls: an
/// OLE compound file) or another zip archive, judged by its first bytes: hirecal reads CSV text,
/// and "binary content" would not tell a spreadsheet user how to get it.
fn spreadsheet_or_archive(path: &Path, head: &[u8]) -> Option<String> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    let contains = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let excel = matches!(ext.as_str(), "xlsx" | "xlsm" | "xls");
    let workbook = head.starts_with(OLE)
        || (head.starts_with(ZIP) && (excel || contains(b"xl/") || contains(b"[Content_Types].xml")));
    if workbook {
        return Some(format!(
            "{}: this is an Excel workbook, not CSV text: open it in Excel and save it as CSV UTF-8 (File › Save As › \
             CSV UTF-8 (Comma delimited)), then pass the .csv file; a workbook with several sheets needs one CSV per sheet",
            path.display()
        ));
    }
    head.starts_with(ZIP).then(|| {
        format!(
            "{}: this is a zip archive, not CSV text: unzip it and pass the CSV file inside (or, for an ATS export \
             directory, the unzipped directory with --source)",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_read_to_the_end_is_hashed_when_asked() {
        let dir = std::env::temp_dir().join(format!("hirecal-table-hash-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.csv");
        std::fs::write(&path, "a,b\n1,2\n3,4\n").unwrap();
        let table = Table::open_hashing(&path, "scorecards", None, true).unwrap();
        let digest = table.digest().expect("a hashing table");
        let rows = table.for_each_row(|_| {}).unwrap();
        assert_eq!(rows, 2);
        assert!(
            Table::open(&path, "scorecards", None).unwrap().digest().is_none(),
            "hashing only when asked"
        );
        // The digest of the bytes on disk (sha256_file reads the file again).
        assert_eq!(
            digest.get().map(String::as_str),
            Some(crate::digest::sha256_file(&path).unwrap().as_str())
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b""), b',');
        assert_eq!(sniff_delimiter(b"candidate_id|interviewer_id|score\n"), b'|');
        assert_eq!(sniff_delimiter(b"a;b\tc\n"), b';', "ties go to the earlier");
        assert_eq!(sniff_delimiter(b"a|b,c,d\n"), b',');
    }

    #[test]
    fn long_or_odd_header_names_are_shortened_for_messages() {
        assert_eq!(shorten("candidate_id", 60), "candidate_id");
        assert_eq!(shorten("abcdef", 6), "abcdef");
        assert_eq!(shorten("abcdefg", 6), "abcde…");
        assert_eq!(shorten("a\tb", 60), "a\u{FFFD}b");
        assert_eq!(shorten(&"é".repeat(100), 60).chars().count(), 60);
    }

    #[test]
    fn header_bom_is_removed() {
        assert_eq!(clean_header(b"\xEF\xBB\xBFcandidate_id ", true), "candidate_id");
    }
}
