//! Possible duplicate scorecards: the same interviewer rating the same candidate on the same question
//! under two (or more) scorecard ids.
//!
//! Such ratings are read as separate interviews: each counts in the candidate's question score and in
//! the interviewer's statistics. That is right when the interviewer really saw the candidate twice
//! (two rounds, a re-application) and wrong when the export holds one interview twice (a re-submitted
//! scorecard, a sync that duplicated records). The data cannot tell which, so hirecal reports them and
//! counts them, and the user decides.
//!
//! Cost: one pass over the scorecards (sorted by candidate and interviewer) and one over the ratings
//! of only those scorecards whose (candidate, interviewer) pair has more than one.

use crate::dataset::{ByCandidate, Dataset};

/// A (candidate, interviewer) pair with repeated questions across scorecards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    /// Candidate code.
    pub candidate: u32,
    /// Interviewer code.
    pub interviewer: u32,
    /// Scorecards of this pair.
    pub scorecards: usize,
    /// Questions the pair rated under more than one scorecard.
    pub questions: usize,
}

/// Every (candidate, interviewer) pair that rated a question under more than one scorecard id, in
/// (candidate, interviewer) code order.
pub fn repeated_ratings(ds: &Dataset) -> Vec<Repeat> {
    let sc = &ds.scorecards;
    let key = |k: usize| (u64::from(sc.candidate[k]) << 32) | u64::from(sc.interviewer[k]);
    let order = by_key(&sc.candidate, &sc.interviewer);
    // Scorecards whose pair has more than one: their group number (u32::MAX = not repeated).
    let mut group = vec![u32::MAX; sc.len()];
    let mut groups: Vec<(u64, usize)> = Vec::new();
    for run in order.chunk_by(|&a, &b| key(a as usize) == key(b as usize)) {
        if run.len() > 1 {
            for &k in run {
                group[k as usize] = groups.len() as u32;
            }
            groups.push((key(run[0] as usize), run.len()));
        }
    }
    if groups.is_empty() {
        return Vec::new();
    }
    // (group, question, scorecard) of the ratings on those scorecards.
    let r = &ds.ratings;
    let mut rated: Vec<(u32, u32, u32)> = (0..r.len())
        .filter_map(|i| {
            let g = group[r.scorecard[i] as usize];
            (g != u32::MAX).then_some((g, r.question[i], r.scorecard[i]))
        })
        .collect();
    rated.sort_unstable();
    rated.dedup();
    let mut repeated = vec![0usize; groups.len()];
    for run in rated.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
        if run.len() > 1 {
            repeated[run[0].0 as usize] += 1;
        }
    }
    groups
        .iter()
        .zip(repeated)
        .filter(|(_, q)| *q > 0)
        .map(|(&(key, n), questions)| Repeat {
            candidate: (key >> 32) as u32,
            interviewer: key as u32,
            scorecards: n,
            questions,
        })
        .collect()
}

/// Scorecard indices in (candidate, interviewer) order: the scorecards grouped by candidate (a
/// counting sort, [`ByCandidate`]), then each candidate's few scorecards sorted by interviewer (linear
/// in the scorecards, where one sort of millions of keys was not).
fn by_key(candidate: &[u32], interviewer: &[u32]) -> Vec<u32> {
    let nc = candidate.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let (start, mut order) = ByCandidate::of_codes(candidate, nc).into_parts();
    for run in start.windows(2) {
        order[run[0]..run[1]].sort_unstable_by_key(|&k| interviewer[k as usize]);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dataset from (candidate, interviewer, scorecard, question) ratings.
    fn ds(rows: &[(u32, u32, u32, u32)]) -> Dataset {
        let mut d = Dataset::default();
        let n_sc = rows.iter().map(|r| r.2).max().map_or(0, |m| m as usize + 1);
        d.scorecards.candidate = vec![0; n_sc];
        d.scorecards.interviewer = vec![0; n_sc];
        for &(c, i, s, q) in rows {
            d.scorecards.candidate[s as usize] = c;
            d.scorecards.interviewer[s as usize] = i;
            d.ratings.candidate.push(c);
            d.ratings.interviewer.push(i);
            d.ratings.scorecard.push(s);
            d.ratings.question.push(q);
            d.ratings.score.push(3.0);
        }
        d
    }

    #[test]
    fn the_same_question_under_two_scorecards_is_a_repeat() {
        // Candidate 0 / interviewer 0: scorecards 0 and 1 share question 5 (and 1 has question 6 too).
        // Candidate 0 / interviewer 1: scorecards 2 and 3 share no question: not a repeat.
        // Candidate 1 / interviewer 0: one scorecard.
        let d = ds(&[(0, 0, 0, 5), (0, 0, 1, 5), (0, 0, 1, 6), (0, 1, 2, 5), (0, 1, 3, 6), (1, 0, 4, 5)]);
        assert_eq!(
            repeated_ratings(&d),
            vec![Repeat { candidate: 0, interviewer: 0, scorecards: 2, questions: 1 }]
        );
    }

    #[test]
    fn repeats_are_found_and_ordered_whatever_the_scorecard_order() {
        // The scorecards of candidate 2 / interviewer 1 are far apart; candidate codes out of order.
        let d = ds(&[(2, 1, 0, 5), (0, 3, 1, 5), (2, 0, 2, 5), (0, 3, 3, 5), (2, 1, 4, 5), (2, 1, 5, 7)]);
        assert_eq!(
            repeated_ratings(&d),
            vec![
                Repeat { candidate: 0, interviewer: 3, scorecards: 2, questions: 1 },
                Repeat { candidate: 2, interviewer: 1, scorecards: 3, questions: 1 },
            ]
        );
    }

    #[test]
    fn nothing_repeated_gives_nothing() {
        let d = ds(&[(0, 0, 0, 5), (0, 1, 1, 5), (1, 0, 2, 5)]);
        assert!(repeated_ratings(&d).is_empty());
        assert!(repeated_ratings(&Dataset::default()).is_empty());
    }
}
