//! Memos for the per-row hot path of reading ratings: a long scorecard export repeats the same few
//! texts (one scorecard's ids on consecutive rows, a handful of question ids and scores), so each is
//! parsed or interned once and afterwards recognised by comparing text.
//!
//! The comparisons are inline ([`same_text`]): the usual id or score is a few bytes, where a call to
//! the C library's `memcmp` per comparison cost more than the comparison itself.

/// `a == b`, without a library call for texts of up to 16 bytes (two overlapping 8-byte words, or
/// smaller pieces, cover every byte of texts of equal length).
#[inline]
pub fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let n = a.len();
    let word8 = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
    let word4 = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().unwrap_or([0; 4]));
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => word4(a, 0) == word4(b, 0) && word4(a, n - 4) == word4(b, n - 4),
        8..=16 => word8(a, 0) == word8(b, 0) && word8(a, n - 8) == word8(b, n - 8),
        _ => a == b,
    }
}

/// The last text seen in one column and what it turned into.
pub struct Last<T> {
    raw: String,
    value: Option<T>,
}

impl<T> Default for Last<T> {
    fn default() -> Self {
        Last { raw: String::new(), value: None }
    }
}

impl<T: Copy> Last<T> {
    /// The memoised value when `raw` is the last text.
    #[inline]
    pub fn get(&self, raw: &str) -> Option<T> {
        if same_text(&self.raw, raw) {
            self.value
        } else {
            None
        }
    }

    /// Remembers `raw` → `value` and returns `value`.
    #[inline]
    pub fn set(&mut self, raw: &str, value: T) -> T {
        self.raw.clear();
        self.raw.push_str(raw);
        self.value = Some(value);
        value
    }
}

/// Up to [`Few::CAP`] distinct texts of one column and what each turned into (a loop's question ids,
/// a scale's scores); texts beyond that are not remembered, so a column of many distinct values costs
/// one short scan per row and no memory.
pub struct Few<T> {
    seen: Vec<(Box<str>, T)>,
}

impl<T> Default for Few<T> {
    fn default() -> Self {
        Few { seen: Vec::new() }
    }
}

impl<T: Copy> Few<T> {
    /// Texts remembered at most.
    pub const CAP: usize = 16;

    /// The memoised value of `raw`.
    #[inline]
    pub fn get(&self, raw: &str) -> Option<T> {
        self.seen.iter().find(|(s, _)| same_text(s, raw)).map(|&(_, v)| v)
    }

    /// Remembers `raw` → `value` (while there is room) and returns `value`.
    pub fn set(&mut self, raw: &str, value: T) -> T {
        if self.seen.len() < Self::CAP {
            self.seen.push((raw.into(), value));
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_is_equality_for_every_length() {
        // Every length up to 40, and a difference at every position of each.
        for n in 0..40usize {
            let a: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            assert!(same_text(&a, &a.clone()), "n = {n}");
            for pos in 0..n {
                let mut b = a.clone().into_bytes();
                b[pos] = b'Z';
                let b = String::from_utf8(b).unwrap();
                assert!(!same_text(&a, &b), "n = {n}, differs at {pos}");
            }
            assert!(!same_text(&a, &format!("{a}x")));
        }
        assert!(same_text("é", "é"));
        assert!(!same_text("é", "è"));
    }

    #[test]
    fn last_remembers_one_text() {
        let mut l = Last::default();
        assert_eq!(l.get(""), None);
        assert_eq!(l.set("C0001", 7u32), 7);
        assert_eq!(l.get("C0001"), Some(7));
        assert_eq!(l.get("C0002"), None);
        l.set("C0002", 8);
        assert_eq!(l.get("C0001"), None);
    }

    #[test]
    fn few_remembers_up_to_its_capacity() {
        let mut f = Few::default();
        for i in 0..(Few::<usize>::CAP + 4) {
            assert_eq!(f.set(&format!("Q{i}"), i), i);
        }
        assert_eq!(f.get("Q3"), Some(3));
        assert_eq!(f.get(&format!("Q{}", Few::<usize>::CAP - 1)), Some(Few::<usize>::CAP - 1));
        assert_eq!(f.get(&format!("Q{}", Few::<usize>::CAP)), None);
        assert_eq!(f.get("Q"), None);
    }
}
