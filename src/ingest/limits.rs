//! Size limits on input, so a broken or hostile file gives a short error and bounded memory.
//!
//! A CSV record is buffered whole before hirecal sees it, so an unclosed quote near the top of a
//! multi-gigabyte file would otherwise be read into memory entire. [`Guarded`] wraps the file and
//! refuses to hand the CSV reader more than [`MAX_RECORD`] bytes beyond the start of the last complete
//! record; the reader's loop moves that mark forward after each record.

use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::digest::Sha256;

/// Largest field hirecal accepts (1 MiB): longer cells are almost certainly a broken export.
pub const MAX_FIELD: usize = 1 << 20;

/// Largest record (one CSV row, quoted newlines included) hirecal accepts: 16 MiB.
pub const MAX_RECORD: u64 = 16 << 20;

/// Largest ATS JSON export hirecal reads (512 MiB): JSON is parsed whole, and its tree takes several
/// times the file's size in memory.
pub const MAX_JSON: u64 = 512 << 20;

/// The io error's payload when a record exceeds [`MAX_RECORD`]; recognised by [`is_record_too_long`].
#[derive(Debug)]
struct RecordTooLong;

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a record longer than {} MiB", MAX_RECORD >> 20)
    }
}

impl std::error::Error for RecordTooLong {}

/// True when `e` is the error [`Guarded`] returns for an over-long record.
pub fn is_record_too_long(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<RecordTooLong>())
}

/// A reader that fails once it has yielded more than `MAX_RECORD + slack` bytes past the mark.
pub struct Guarded<R> {
    inner: R,
    consumed: u64,
    mark: Arc<AtomicU64>,
    slack: u64,
    /// SHA-256 of everything read so far, and the cell it goes to at the end (see
    /// [`hashing`](Guarded::hashing)).
    digest: Option<(Sha256, DigestCell)>,
    /// The last byte handed out (0 before the first read).
    last: u8,
}

/// Where a [`Guarded`] reader that hashes puts the SHA-256 (hex) of the bytes it read, once it
/// reaches the end: the table that opened the file hands a clone to whoever reads it, so provenance
/// need not read the file a second time, and the digest is of the very bytes that were analysed.
pub type DigestCell = Arc<std::sync::OnceLock<String>>;

/// The digest in `cell`, if the file was read to the end.
pub fn taken(cell: Option<DigestCell>) -> Option<String> {
    cell.and_then(|c| c.get().cloned())
}

impl<R: Read> Guarded<R> {
    /// Wraps `inner`; `slack` covers the consumer's read-ahead buffer. Returns the reader and the mark
    /// the consumer advances (to the byte offset where the next record starts).
    pub fn new(inner: R, slack: u64) -> (Guarded<R>, Arc<AtomicU64>) {
        let mark = Arc::new(AtomicU64::new(0));
        (Guarded { inner, consumed: 0, mark: Arc::clone(&mark), slack, digest: None, last: 0 }, mark)
    }

    /// Bytes handed out so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// The last byte handed out: when a consumer has used exactly [`consumed`](Guarded::consumed)
    /// bytes, the byte just before its position (how the CSV reader's line numbers are checked).
    pub fn last_byte(&self) -> u8 {
        self.last
    }

    /// Also takes the SHA-256 of the bytes read; reaching the end fills the returned cell.
    pub fn hashing(mut self) -> (Self, DigestCell) {
        let cell = DigestCell::default();
        self.digest = Some((Sha256::new(), Arc::clone(&cell)));
        (self, cell)
    }
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let allowed = self.mark.load(Ordering::Relaxed) + MAX_RECORD + self.slack;
        if self.consumed >= allowed {
            return Err(io::Error::new(io::ErrorKind::InvalidData, RecordTooLong));
        }
        let room = (allowed - self.consumed).min(buf.len() as u64) as usize;
        let n = self.inner.read(&mut buf[..room])?;
        self.consumed += n as u64;
        if n > 0 {
            self.last = buf[n - 1];
            if let Some((h, _)) = &mut self.digest {
                h.update(&buf[..n]);
            }
        } else if room > 0 {
            if let Some((h, cell)) = self.digest.take() {
                let _ = cell.set(h.hex());
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_past_the_limit_and_resumes_when_the_mark_moves() {
        let data = vec![b'x'; (MAX_RECORD + 100) as usize];
        let (mut g, mark) = Guarded::new(&data[..], 10);
        let mut buf = vec![0u8; 1 << 16];
        let mut total = 0u64;
        let err = loop {
            match g.read(&mut buf) {
                Ok(0) => panic!("reached the end without hitting the limit"),
                Ok(n) => total += n as u64,
                Err(e) => break e,
            }
        };
        assert_eq!(total, MAX_RECORD + 10);
        assert!(is_record_too_long(&err));
        mark.store(1000, Ordering::Relaxed);
        let mut rest = Vec::new();
        g.read_to_end(&mut rest).unwrap();
        assert_eq!(total + rest.len() as u64, MAX_RECORD + 100);
    }

    #[test]
    fn reading_to_the_end_records_the_digest() {
        let (g, _) = Guarded::new(&b"abc"[..], 0);
        let (mut g, cell) = g.hashing();
        let mut out = vec![0u8; 2];
        g.read_exact(&mut out).unwrap();
        assert!(cell.get().is_none(), "no digest before the end");
        g.read_to_end(&mut out).unwrap();
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            cell.get().map(String::as_str),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
    }

    #[test]
    fn other_io_errors_are_not_mistaken_for_the_limit() {
        assert!(!is_record_too_long(&io::Error::other("disk")));
    }
}
