//! The CSV side of [`Table`](super::table::Table): a thread that parses records and checks their
//! UTF-8 in batches, a batch ahead of the validation that consumes them, so that reading and
//! validating a large file use both cores. Order, line numbers and errors are those of a plain
//! sequential read.
//!
//! Line endings. The reader splits records at `\n` only ([`LineEnds::Lf`]): a CRLF line's `\r` stays
//! at the end of its last field and [`Rec::fields`] removes it, so LF, CRLF and mixed files read the
//! same. The `csv` crate stamps a record with the line where the previous record ended, which is one
//! line early after a blank line (and after every line of a CRLF file when `\r` ends a record); each
//! record's line is therefore recomputed from where it ends ([`first_line`]). A file that uses `\r`
//! alone (classic Mac) is split at `\r` ([`LineEnds::Cr`]) and its records are numbered in order.

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

use super::limits::Guarded;
use super::table::csv_error;
use crate::error::Result;

/// Records handed from the parsing thread to `visit` at a time.
const BATCH: usize = 1024;

/// A parsed record: valid UTF-8 (checked once, on the parsing thread) or raw bytes.
pub enum Rec {
    Text(csv::StringRecord),
    Bytes(csv::ByteRecord),
}

impl Rec {
    fn position(&self) -> Option<&csv::Position> {
        match self {
            Rec::Text(r) => r.position(),
            Rec::Bytes(r) => r.position(),
        }
    }

    /// 1-based line where the record starts.
    pub fn line(&self) -> u64 {
        self.position().map_or(0, |p| p.line())
    }

    /// Byte offset where the record starts.
    pub fn byte(&self) -> u64 {
        self.position().map_or(0, |p| p.byte())
    }

    pub fn width(&self) -> usize {
        match self {
            Rec::Text(r) => r.len(),
            Rec::Bytes(r) => r.len(),
        }
    }

    /// A blank line between rows (one empty field, or a lone `\r` of a CRLF line) is not a row.
    pub fn is_blank(&self) -> bool {
        match self {
            Rec::Text(r) => r.len() == 1 && r.get(0).is_some_and(|f| f.is_empty() || f == "\r"),
            Rec::Bytes(r) => r.len() == 1 && r.get(0).is_some_and(|f| f.is_empty() || f == b"\r"),
        }
    }

    /// Index of the first field longer than `limit` bytes.
    pub fn field_over(&self, limit: usize) -> Option<usize> {
        // No field can be longer than the whole record: the usual short row needs no scan.
        let total = match self {
            Rec::Text(r) => r.as_slice().len(),
            Rec::Bytes(r) => r.as_slice().len(),
        };
        if total <= limit {
            return None;
        }
        match self {
            Rec::Text(r) => r.iter().position(|f| f.len() > limit),
            Rec::Bytes(r) => r.iter().position(|f| f.len() > limit),
        }
    }

    /// Fills `out` with the first `width` fields (padded with `None`), the `\r` of a CRLF line
    /// removed from the last field; true when a field is not UTF-8.
    pub fn fields<'a>(&'a self, width: usize, out: &mut Vec<Option<&'a str>>) -> bool {
        let mut invalid = false;
        let start = out.len();
        match self {
            Rec::Text(r) => out.extend(r.iter().take(width).map(Some)),
            Rec::Bytes(r) => {
                for f in r.iter().take(width) {
                    let s = std::str::from_utf8(f.strip_suffix(b"\r").unwrap_or(f)).ok();
                    invalid |= s.is_none();
                    out.push(s);
                }
            }
        }
        let present = self.width();
        if present <= width && present > 0 {
            if let Some(Some(last)) = out.get_mut(start + present - 1) {
                *last = last.strip_suffix('\r').unwrap_or(last);
            }
        }
        out.resize(start + width, None);
        invalid
    }

    /// The first `width` fields decoded as Windows-1252 (Excel's "CSV" encoding; every byte is a
    /// character), the `\r` of a CRLF line removed from the last: for a row that is not UTF-8.
    pub fn fields_cp1252(&self, width: usize) -> Vec<String> {
        let present = self.width();
        (0..present.min(width))
            .map(|k| {
                let f: &[u8] = match self {
                    Rec::Text(r) => r.get(k).map_or(&[][..], str::as_bytes),
                    Rec::Bytes(r) => r.get(k).unwrap_or(&[]),
                };
                let f = if k + 1 == present { f.strip_suffix(b"\r").unwrap_or(f) } else { f };
                f.iter().map(|&b| cp1252(b)).collect()
            })
            .collect()
    }

    fn into_bytes(self) -> csv::ByteRecord {
        match self {
            Rec::Text(r) => r.into_byte_record(),
            Rec::Bytes(r) => r,
        }
    }
}

/// The character of byte `b` in Windows-1252: Latin-1 except 0x80–0x9F, where Windows puts € ‚ ƒ „ …
/// † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ (its five unassigned bytes stay U+0080+b, as WHATWG's
/// decoder keeps them).
pub fn cp1252(b: u8) -> char {
    const HIGH: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => char::from_u32(HIGH[(b - 0x80) as usize]).unwrap_or(char::REPLACEMENT_CHARACTER),
        _ => char::from(b),
    }
}

/// How a CSV file ends its lines, which decides the reader's record terminator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnds {
    /// `\n` or `\r\n`, possibly mixed: records split at `\n`.
    Lf,
    /// `\r` alone (no `\n` in the file's first bytes): records split at `\r`.
    Cr,
}

impl LineEnds {
    /// Judges by the first bytes of the file: `\r` without any `\n` means `\r` line ends.
    pub fn sniff(head: &[u8]) -> LineEnds {
        if head.contains(&b'\r') && !head.contains(&b'\n') {
            LineEnds::Cr
        } else {
            LineEnds::Lf
        }
    }

    /// The `csv` terminator for these line ends.
    pub fn terminator(self) -> csv::Terminator {
        match self {
            LineEnds::Lf => csv::Terminator::Any(b'\n'),
            LineEnds::Cr => csv::Terminator::CRLF,
        }
    }
}

/// The 1-based line where a record's first byte lies, for a reader that splits at `\n`.
///
/// `start` is the reader's line count where it began reading the record (after the previous
/// record's `\n`), `end` its count after the record, `ended_by_newline` whether the record's last
/// byte read was its `\n` (false only for a last line without one), and `content_newlines` the
/// `\n` inside its quoted fields. The lines between `start` and the record's first byte are blank
/// lines the reader skipped.
pub fn first_line(
    start: u64,
    end: u64,
    ended_by_newline: bool,
    content_newlines: impl FnOnce() -> u64,
) -> u64 {
    let span = end.saturating_sub(start);
    let term = ended_by_newline as u64;
    if span == term {
        return start;
    }
    start + span.saturating_sub(term).saturating_sub(content_newlines())
}

/// The parsing thread: reads records in batches and sends them in order, then an error if reading
/// failed. Record buffers come back through `back` for reuse. Stops when the receiver is gone.
/// Each record's position carries its true first line (see [`first_line`]).
pub fn read_batches(
    mut rdr: csv::Reader<Guarded<File>>,
    ends: LineEnds,
    mark: &AtomicU64,
    path: &Path,
    tx: mpsc::SyncSender<Result<Vec<Rec>>>,
    back: mpsc::Receiver<Vec<Rec>>,
) {
    // Records read so far (the header is record 0): a `\r`-only file's line numbers.
    let mut ordinal = 1u64;
    loop {
        let mut batch = back.try_recv().unwrap_or_default();
        let mut pool: Vec<csv::ByteRecord> = batch.drain(..).map(Rec::into_bytes).collect();
        let mut done = false;
        while batch.len() < BATCH {
            let mut rec = pool.pop().unwrap_or_default();
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => {
                    done = true;
                    break;
                }
                Err(e) => {
                    // The reader stamps the record's start before reading it.
                    let start = rec.position().map_or(1, |p| p.line());
                    let _ = tx.send(Ok(batch));
                    let _ = tx.send(Err(csv_error(path, e, start)));
                    return;
                }
            }
            if let Some(start) = rec.position().cloned() {
                let line = match ends {
                    LineEnds::Lf => {
                        let end = rdr.position();
                        let g = rdr.get_ref();
                        // Bytes remain after the record, so a `\n` ended it; otherwise look at the
                        // file's last byte.
                        let newline = end.byte() < g.consumed() || g.last_byte() == b'\n';
                        first_line(start.line(), end.line(), newline, || {
                            rec.as_slice().iter().filter(|&&b| b == b'\n').count() as u64
                        })
                    }
                    LineEnds::Cr => ordinal + 1,
                };
                ordinal += 1;
                let mut pos = start.clone();
                pos.set_line(line);
                rec.set_position(Some(pos));
            }
            mark.store(rec.position().map_or(0, |p| p.byte()), Ordering::Relaxed);
            batch.push(match csv::StringRecord::from_byte_record(rec) {
                Ok(text) => Rec::Text(text),
                Err(e) => Rec::Bytes(e.into_byte_record()),
            });
        }
        if tx.send(Ok(batch)).is_err() || done {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `text` as the table reader does and returns each record's first line and last field.
    fn lines(text: &[u8]) -> Vec<(u64, String)> {
        let dir = std::env::temp_dir().join(format!("hirecal-lines-{}-{}", std::process::id(), text.len()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.csv");
        std::fs::write(&path, text).unwrap();
        let (file, mark) = Guarded::new(File::open(&path).unwrap(), 1 << 20);
        let ends = LineEnds::sniff(text);
        let rdr = csv::ReaderBuilder::new().flexible(true).terminator(ends.terminator()).from_reader(file);
        let (tx, rx) = mpsc::sync_channel(4);
        let (_back_tx, back_rx) = mpsc::channel();
        read_batches(rdr, ends, &mark, &path, tx, back_rx);
        let mut out = Vec::new();
        for batch in rx {
            for rec in batch.unwrap() {
                if rec.is_blank() {
                    continue;
                }
                let mut f = Vec::new();
                rec.fields(rec.width(), &mut f);
                out.push((rec.line(), f.last().copied().flatten().unwrap_or("").to_string()));
            }
        }
        std::fs::remove_dir_all(&dir).ok();
        out
    }

    #[test]
    fn lines_are_the_files_own_whatever_the_line_ends() {
        let want = vec![(2, "x".to_string()), (4, "y".to_string()), (5, "z".to_string())];
        assert_eq!(lines(b"h\na,x\n\nb,y\nc,z\n"), want);
        assert_eq!(lines(b"h\r\na,x\r\n\r\nb,y\r\nc,z\r\n"), want);
        assert_eq!(lines(b"h\r\na,x\n\r\nb,y\nc,z"), want);
        assert_eq!(lines(b"h\ra,x\rb,y\rc,z\r"), vec![(2, "x".into()), (3, "y".into()), (4, "z".into())]);
        // A quoted field over two lines; the next record starts on line 4.
        assert_eq!(lines(b"h\r\n\"a\r\nb\",x\r\nc,y"), vec![(2, "x".into()), (4, "y".into())]);
    }

    #[test]
    fn first_line_from_the_end() {
        assert_eq!(first_line(5, 6, true, || unreachable!()), 5);
        assert_eq!(first_line(5, 5, false, || unreachable!()), 5);
        // Two blank lines skipped, then a one-line record.
        assert_eq!(first_line(5, 8, true, || 0), 7);
        // A record with one quoted newline after one blank line.
        assert_eq!(first_line(5, 8, true, || 1), 6);
        // The last line, without a newline, after a blank line.
        assert_eq!(first_line(5, 6, false, || 0), 6);
    }
}
