//! The canonical, typed, columnar model handed to analysis.
//!
//! Ids are interned to dense `u32` codes once at ingest; ratings and scorecards are parallel column
//! vectors indexed by those codes, so analysis never touches strings in its hot loops.

use serde::Serialize;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::drops::Dropped;
use crate::scale::{Recommendation, Scale};

/// A small, fast, non-cryptographic hasher (FxHash) for interning ids; ids are not attacker-chosen
/// keys in a long-running service, so HashDoS resistance is not needed here.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        // Finalizer (murmur3's fmix64): the multiply above only carries low input bits upward, and
        // hashbrown takes the bucket from the low bits — ids like `C0000001` differ only in their last
        // bytes (the high bits of the word), which without mixing collide into a few buckets and make
        // interning a million ids quadratic.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A hasher for keys that are already well-mixed 64-bit hashes: passes the value through.
#[derive(Default, Clone, Copy)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed with this; anything else still gets a usable (if slower) hash.
        let mut h = FxHasher::default();
        h.write(bytes);
        self.0 = h.finish();
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The 64-bit FxHash (with its finalizer) of a string's bytes.
fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// Interns strings to dense codes `0..len`, in order of first appearance.
///
/// Names live end to end in one arena string; the table maps a name's 64-bit hash to its code, and the
/// rare name whose hash is already taken by another name goes to a small overflow map. Interning a new
/// name allocates nothing of its own (millions of candidate and scorecard ids cost two amortised
/// vector pushes each), and growing the table rehashes integers, not strings.
///
/// While names arrive in strictly increasing order (an export sorted by candidate or scorecard id),
/// there is no table at all: a new name is one comparison with the last, and a lookup is a binary
/// search. The first new name out of order builds the table once and hashing takes over.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    arena: String,
    /// End offset of each name in `arena` (name i spans `ends[i-1]..ends[i]`, the first from 0).
    ends: Vec<usize>,
    /// False while every name is greater than the one before (no table; `by_hash` is empty).
    indexed: bool,
    by_hash: HashMap<u64, u32, BuildHasherDefault<PassThrough>>,
    overflow: FxHashMap<Box<str>, u32>,
}

impl Interner {
    /// The code of `name`, adding it if new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if !self.indexed {
            match self.ends.len().checked_sub(1) {
                None => return self.push(name),
                Some(last) => match name.cmp(self.name(last as u32)) {
                    std::cmp::Ordering::Greater => return self.push(name),
                    std::cmp::Ordering::Equal => return last as u32,
                    std::cmp::Ordering::Less => match self.search(name) {
                        Some(code) => return code,
                        None => self.build_index(),
                    },
                },
            }
        }
        let h = hash_str(name);
        match self.by_hash.get(&h) {
            Some(&code) if self.name(code) == name => return code,
            Some(_) => {
                if let Some(&code) = self.overflow.get(name) {
                    return code;
                }
            }
            None => {}
        }
        let code = self.push(name);
        self.index(code, h);
        code
    }

    /// Enters `code` (already in the arena) in the table under its name's hash `h`, or in the overflow
    /// map when another name holds that hash.
    fn index(&mut self, code: u32, h: u64) {
        if let std::collections::hash_map::Entry::Vacant(v) = self.by_hash.entry(h) {
            v.insert(code);
            return;
        }
        let name: Box<str> = self.name(code).into();
        self.overflow.insert(name, code);
    }

    /// Binary search for `name` among the names, valid while they are in increasing order.
    fn search(&self, name: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0usize, self.ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.name(mid as u32).cmp(name) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }

    /// Leaves the sorted mode: hashes every name so far into the table, as if interned one by one.
    fn build_index(&mut self) {
        self.by_hash.reserve(self.ends.len());
        for code in 0..self.ends.len() as u32 {
            let h = hash_str(self.name(code));
            self.index(code, h);
        }
        self.indexed = true;
    }

    fn push(&mut self, name: &str) -> u32 {
        let code = self.ends.len() as u32;
        self.arena.push_str(name);
        self.ends.push(self.arena.len());
        code
    }

    /// The code of `name` if known.
    pub fn get(&self, name: &str) -> Option<u32> {
        if !self.indexed {
            return self.search(name);
        }
        match self.by_hash.get(&hash_str(name)) {
            Some(&code) if self.name(code) == name => Some(code),
            Some(_) => self.overflow.get(name).copied(),
            None => None,
        }
    }

    /// [`get`](Interner::get), trying `guess` first: files that list ids in the order they were
    /// interned (an outcomes file beside its scorecards) find each id in one comparison.
    pub fn get_near(&self, name: &str, guess: u32) -> Option<u32> {
        if (guess as usize) < self.ends.len() && self.name(guess) == name {
            return Some(guess);
        }
        self.get(name)
    }

    /// The name of a code.
    pub fn name(&self, code: u32) -> &str {
        let i = code as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.arena[start..self.ends[i]]
    }

    /// Number of distinct names.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when nothing is interned.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// All names in code order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|c| self.name(c))
    }
}

/// Ratings grouped by candidate (compressed rows): `idx[start[c]..start[c+1]]` are c's rating indices.
#[derive(Debug, Clone)]
pub struct ByCandidate {
    start: Vec<usize>,
    idx: Vec<u32>,
}

impl ByCandidate {
    /// Counting sort of the rating indices by candidate: O(ratings + candidates).
    pub fn of(ds: &Dataset) -> ByCandidate {
        ByCandidate::of_codes(&ds.ratings.candidate, ds.candidates.len())
    }

    /// The same over any items' candidate codes `cand` below `nc` (ratings, scorecards): a stable
    /// counting sort, so each candidate's items keep their order.
    pub fn of_codes(cand: &[u32], nc: usize) -> ByCandidate {
        let mut start = vec![0usize; nc + 1];
        for &c in cand {
            start[c as usize + 1] += 1;
        }
        for c in 0..nc {
            start[c + 1] += start[c];
        }
        let mut fill = start.clone();
        let mut idx = vec![0u32; cand.len()];
        for (j, &c) in cand.iter().enumerate() {
            idx[fill[c as usize]] = j as u32;
            fill[c as usize] += 1;
        }
        ByCandidate { start, idx }
    }

    /// The rating indices of candidate `c`.
    #[inline]
    pub fn ratings(&self, c: usize) -> &[u32] {
        &self.idx[self.start[c]..self.start[c + 1]]
    }

    /// Where each candidate's ratings start in [`ByCandidate::order`] (one more entry than candidates).
    pub fn starts(&self) -> &[usize] {
        &self.start
    }

    /// All rating indices, candidate by candidate.
    pub fn order(&self) -> &[u32] {
        &self.idx
    }

    /// [`ByCandidate::starts`] and [`ByCandidate::order`], owned (to reorder within candidates).
    pub fn into_parts(self) -> (Vec<usize>, Vec<u32>) {
        (self.start, self.idx)
    }
}

/// Ratings: one entry per (scorecard, question), parallel columns.
#[derive(Debug, Default, Clone)]
pub struct Ratings {
    /// Candidate code.
    pub candidate: Vec<u32>,
    /// Interviewer code.
    pub interviewer: Vec<u32>,
    /// Question code.
    pub question: Vec<u32>,
    /// Scorecard code.
    pub scorecard: Vec<u32>,
    /// The score on the scale.
    pub score: Vec<f64>,
}

impl Ratings {
    /// Number of ratings.
    pub fn len(&self) -> usize {
        self.score.len()
    }

    /// True when there are no ratings.
    pub fn is_empty(&self) -> bool {
        self.score.is_empty()
    }
}

/// Scorecards: one entry per interview, parallel columns indexed by scorecard code.
#[derive(Debug, Default, Clone)]
pub struct Scorecards {
    /// Candidate code.
    pub candidate: Vec<u32>,
    /// Interviewer code.
    pub interviewer: Vec<u32>,
    /// Interview date as days since 1970-01-01.
    pub date: Vec<Option<i32>>,
    /// Overall recommendation.
    pub recommendation: Vec<Option<Recommendation>>,
    /// The interview (round) of each scorecard as a code into [`Dataset::rounds`]; empty when the
    /// input names no interviews (an optional `interview` column, Greenhouse v1 `interview`, or the
    /// Harvest v3 interview kit's interview and stage).
    pub round: Vec<Option<u32>>,
    /// The job of each scorecard as a code into [`Dataset::jobs`]; empty when the input names no
    /// jobs (an optional `job` column, or Greenhouse v3 `applications.job_id` / `jobs.name`).
    pub job: Vec<Option<u32>>,
}

impl Scorecards {
    /// Number of scorecards.
    pub fn len(&self) -> usize {
        self.candidate.len()
    }

    /// True when there are no scorecards.
    pub fn is_empty(&self) -> bool {
        self.candidate.is_empty()
    }
}

/// Kind of an outcome column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// A number (e.g. a performance rating).
    Numeric,
    /// A yes/no value, stored as 0/1.
    Binary,
}

/// One outcome column, values per candidate code.
#[derive(Debug, Clone)]
pub struct OutcomeColumn {
    /// Column name.
    pub name: String,
    /// Numeric or binary.
    pub kind: OutcomeKind,
    /// Value per candidate code (`None` = unknown).
    pub values: Vec<Option<f64>>,
}

/// Optional question metadata from the questions file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QuestionInfo {
    /// Competency the question measures.
    pub competency: Option<String>,
    /// Question text.
    pub text: Option<String>,
}

/// An input file as read, for provenance.
#[derive(Debug, Clone, Serialize)]
pub struct InputFile {
    /// Which input (scorecards, outcomes, questions).
    pub role: &'static str,
    /// Path as given.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Data rows read.
    pub rows_read: u64,
    /// SHA-256 (hex) of the bytes read, when the reader took it while reading (`report`'s CSV inputs).
    #[serde(skip)]
    pub sha256: Option<String>,
}

/// Everything ingest read, in typed columnar form.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Candidate ids.
    pub candidates: Interner,
    /// Interviewer ids.
    pub interviewers: Interner,
    /// Question ids.
    pub questions: Interner,
    /// Ratings.
    pub ratings: Ratings,
    /// Scorecards.
    pub scorecards: Scorecards,
    /// Metadata per question code.
    pub question_info: Vec<QuestionInfo>,
    /// Hiring decision per candidate code (`None` = no outcomes row or unknown value).
    pub hired: Vec<Option<bool>>,
    /// Outcome columns in file order.
    pub outcomes: Vec<OutcomeColumn>,
    /// Whether an outcomes file was given at all.
    pub has_outcomes_file: bool,
    /// Whether a questions file was given.
    pub has_questions_file: bool,
    /// The effective rating scale.
    pub scale: Option<Scale>,
    /// What was skipped, by reason.
    pub dropped: Vec<Dropped>,
    /// Input files.
    pub files: Vec<InputFile>,
    /// Rating rows read from the scorecards file (long: rows; wide: rows × question columns).
    pub rating_cells_read: u64,
    /// Interview (round) names, e.g. `Onsite · System design` ([`Scorecards::round`]).
    pub rounds: Interner,
    /// Job names or ids ([`Scorecards::job`]).
    pub jobs: Interner,
    /// (id, name) of jobs that the export names (Greenhouse v3 `jobs`), so `--job` also takes the id.
    pub job_ids: Vec<(String, String)>,
}

impl Dataset {
    /// Number of hired candidates (among candidates with scorecards).
    pub fn n_hired(&self) -> usize {
        self.hired.iter().filter(|h| **h == Some(true)).count()
    }

    /// Candidates whose hiring decision is known.
    pub fn n_decided(&self) -> usize {
        self.hired.iter().filter(|h| h.is_some()).count()
    }

    /// The outcome column named `name`.
    pub fn outcome(&self, name: &str) -> Option<&OutcomeColumn> {
        self.outcomes.iter().find(|o| o.name == name)
    }

    /// The competency of a question code, if known.
    pub fn competency(&self, q: u32) -> Option<&str> {
        self.question_info.get(q as usize).and_then(|i| i.competency.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_spreads_ids_that_differ_in_their_last_bytes() {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let b = BuildHasherDefault::<FxHasher>::default();
        let buckets: std::collections::HashSet<u64> =
            (0..4096).map(|i| b.hash_one(format!("C{i:07}").as_str()) & 0xfff).collect();
        assert!(buckets.len() > 2000, "{} distinct low-12-bit buckets", buckets.len());
    }

    #[test]
    fn interner_is_dense_and_stable() {
        let mut i = Interner::default();
        assert_eq!(i.intern("b"), 0);
        assert_eq!(i.intern("a"), 1);
        assert_eq!(i.intern("b"), 0);
        assert_eq!(i.len(), 2);
        assert_eq!(i.name(1), "a");
        assert_eq!(i.get("c"), None);
        assert_eq!(i.names().collect::<Vec<_>>(), vec!["b", "a"]);
        // A guess finds its own name, and a wrong or out-of-range guess falls back to the lookup.
        assert_eq!(i.get_near("a", 1), Some(1));
        assert_eq!(i.get_near("a", 0), Some(1));
        assert_eq!(i.get_near("b", 7), Some(0));
        assert_eq!(i.get_near("c", 1), None);
    }

    #[test]
    fn interner_gives_the_same_codes_sorted_or_not() {
        // Sorted ids (the sorted mode), then a repeat of an early one, then more, as a hash-only
        // interner would number them.
        let names: Vec<String> = (0..500)
            .map(|i| format!("C{i:05}"))
            .chain(["C00007".to_string(), "B".to_string(), "C00499".to_string(), "D".to_string()])
            .collect();
        let mut sorted = Interner::default();
        let mut first_seen: Vec<&str> = Vec::new();
        for (n, name) in names.iter().enumerate() {
            let code = sorted.intern(name);
            let expect = first_seen.iter().position(|s| s == name).unwrap_or_else(|| {
                first_seen.push(name);
                first_seen.len() - 1
            });
            assert_eq!(code as usize, expect, "name {n} {name}");
            if n == 499 {
                assert!(!sorted.indexed, "500 increasing names need no table");
                assert_eq!(sorted.get("C00250"), Some(250));
                assert_eq!(sorted.get("C00250x"), None);
                assert_eq!(sorted.intern("C00250"), 250, "a lookup below the last stays sorted");
                assert!(!sorted.indexed);
            }
        }
        assert!(sorted.indexed);
        assert_eq!(sorted.len(), 502);
        for (code, name) in first_seen.iter().enumerate() {
            assert_eq!(sorted.get(name), Some(code as u32));
        }
        assert_eq!(sorted.get("A"), None);
    }

    #[test]
    fn interner_keeps_names_whose_hashes_collide_apart() {
        // Build two strings with the same FxHash: for 8-byte words the state after one word `a` is
        // a·K, after a second word `b` it is (rotl(a·K, 5) ^ b)·K, equal to the one-word string
        // c = rotl(a·K, 5) ^ b. Search ASCII `a` until that makes `b` ASCII too.
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let c = u64::from_le_bytes(*b"AAAAAAAA");
        let (long, short) = (0u64..)
            .find_map(|n| {
                let a = u64::from_le_bytes(format!("{n:08}").as_bytes().try_into().ok()?);
                let b = a.wrapping_mul(K).rotate_left(5) ^ c;
                (b & 0x8080_8080_8080_8080 == 0).then(|| {
                    let mut long = a.to_le_bytes().to_vec();
                    long.extend(b.to_le_bytes());
                    (String::from_utf8(long).unwrap(), "AAAAAAAA".to_string())
                })
            })
            .unwrap();
        assert_eq!(hash_str(&long), hash_str(&short), "the construction gives a collision");
        let mut i = Interner::default();
        // A name out of order first, so that the table (not the sorted mode) serves the two.
        i.intern("zzz");
        let x = i.intern(&long);
        let y = i.intern(&short);
        assert_ne!(x, y);
        assert_eq!((i.intern(&long), i.intern(&short)), (x, y));
        assert_eq!((i.get(&long), i.get(&short)), (Some(x), Some(y)));
        assert_eq!((i.name(x), i.name(y)), (long.as_str(), short.as_str()));
        assert_eq!(i.len(), 3);
    }
}
