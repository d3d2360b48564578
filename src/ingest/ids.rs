//! Ids that are probably the same person: "Bob Smith", "bob smith" and "Bob-Smith" are read as three
//! interviewers unless the user merges them (`[ids] fold_case = true` merges case and whitespace;
//! punctuation is for the export to fix). This module finds such groups so `check` and the report can
//! list them; it changes nothing.

use std::hash::Hasher;

use crate::dataset::{FxHasher, Interner};

/// The key two ids share when they differ only by letter case, whitespace or punctuation: the id's
/// letters and digits, lower-cased.
pub fn near_key(id: &str) -> String {
    let mut key = String::new();
    near_key_into(id, &mut key);
    key
}

/// [`near_key`] written into `key` (cleared first), so a pass over many ids reuses one buffer.
fn near_key_into(id: &str, key: &mut String) {
    key.clear();
    if id.is_ascii() {
        key.extend(id.bytes().filter(u8::is_ascii_alphanumeric).map(|b| b.to_ascii_lowercase() as char));
    } else {
        key.extend(id.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase));
    }
}

/// One group of ids with the same [`near_key`]: `(code, scorecards)` per id, most scorecards first.
pub type Group = Vec<(u32, u64)>;

/// Groups of two or more ids of `ids` that share a [`near_key`], largest total first. `counts[code]`
/// is the number of scorecards of each id. Ids without a letter or digit are not grouped.
///
/// The key of every id is hashed into one list of (hash, code), which is sorted; only the ids whose
/// hash another id shares (usually none of a million) are then grouped by their keys, so a hash
/// collision costs a comparison and nothing else. No per-id allocation and no hash table.
pub fn near_duplicates(ids: &Interner, counts: &[u64]) -> Vec<Group> {
    let mut key = String::new();
    let mut hashed: Vec<(u64, u32)> = Vec::with_capacity(ids.len());
    for (code, name) in ids.names().enumerate() {
        near_key_into(name, &mut key);
        if !key.is_empty() {
            let mut h = FxHasher::default();
            h.write(key.as_bytes());
            hashed.push((h.finish(), code as u32));
        }
    }
    hashed.sort_unstable();
    let shared = hashed.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1).flatten().map(|x| x.1);
    let mut keyed: Vec<(String, u32)> = shared.map(|c| (near_key(ids.name(c)), c)).collect();
    keyed.sort();
    let mut groups: Vec<Group> = Vec::new();
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        if run.len() > 1 {
            let mut g: Group =
                run.iter().map(|(_, c)| (*c, counts.get(*c as usize).copied().unwrap_or(0))).collect();
            g.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            groups.push(g);
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.iter().map(|m| m.1).sum::<u64>()));
    groups
}

/// Scorecards per id code, from the scorecards' id column.
pub fn scorecard_counts(n_ids: usize, ids_of_scorecards: &[u32]) -> Vec<u64> {
    let mut c = vec![0u64; n_ids];
    for &i in ids_of_scorecards {
        if let Some(x) = c.get_mut(i as usize) {
            *x += 1;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_whitespace_and_punctuation_variants_group_together() {
        let mut ids = Interner::default();
        for n in ["Bob Smith", "alice", "bob smith", "Bob-Smith", "carol", "ALICE ", "--", "...", "dave"] {
            ids.intern(n);
        }
        let counts = vec![40, 10, 3, 1, 7, 2, 5, 5, 9];
        let g = near_duplicates(&ids, &counts);
        assert_eq!(g, vec![vec![(0, 40), (2, 3), (3, 1)], vec![(1, 10), (5, 2)]]);
        assert_eq!(near_key("Bob  Smith."), "bobsmith");
        assert_eq!(near_key("José Núñez"), "josénúñez");
        assert!(near_duplicates(&Interner::default(), &[]).is_empty());
        assert_eq!(scorecard_counts(3, &[0, 2, 2, 7]), vec![1, 0, 2]);
    }

    #[test]
    fn groups_do_not_depend_on_where_the_ids_sit() {
        // Non-ASCII ids, members far apart, and a three-member group whose third member comes last.
        let mut ids = Interner::default();
        let names = ["Zoë A", "b1", "x", "ZOË-a", "B 1", "y", "zoë a."];
        for n in names {
            ids.intern(n);
        }
        let g = near_duplicates(&ids, &[1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(g, vec![vec![(6, 7), (3, 4), (0, 1)], vec![(4, 5), (1, 2)]]);
    }
}
