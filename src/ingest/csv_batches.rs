//! The CSV side of [`Table`](super::table::Table): a thread that parses records and checks their
//! UTF-8 in batches, a batch ahead of the validation that consumes them, so that reading and
//! validating a large file use both cores. Order, line numbers and errors are those of a plain
//! sequential read.

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

    /// A blank line between rows (one empty field) is not a row.
    pub fn is_blank(&self) -> bool {
        match self {
            Rec::Text(r) => r.len() == 1 && r.get(0).is_some_and(str::is_empty),
            Rec::Bytes(r) => r.len() == 1 && r.get(0).is_some_and(<[u8]>::is_empty),
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

    /// Fills `out` with the first `width` fields (padded with `None`); true when a field is not UTF-8.
    pub fn fields<'a>(&'a self, width: usize, out: &mut Vec<Option<&'a str>>) -> bool {
        let mut invalid = false;
        match self {
            Rec::Text(r) => out.extend(r.iter().take(width).map(Some)),
            Rec::Bytes(r) => {
                for f in r.iter().take(width) {
                    let s = std::str::from_utf8(f).ok();
                    invalid |= s.is_none();
                    out.push(s);
                }
            }
        }
        out.resize(width, None);
        invalid
    }

    fn into_bytes(self) -> csv::ByteRecord {
        match self {
            Rec::Text(r) => r.into_byte_record(),
            Rec::Bytes(r) => r,
        }
    }
}

/// The parsing thread: reads records in batches and sends them in order, then an error if reading
/// failed. Record buffers come back through `back` for reuse. Stops when the receiver is gone.
pub fn read_batches(
    mut rdr: csv::Reader<Guarded<File>>,
    mark: &AtomicU64,
    path: &Path,
    tx: mpsc::SyncSender<Result<Vec<Rec>>>,
    back: mpsc::Receiver<Vec<Rec>>,
) {
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
