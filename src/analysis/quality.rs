//! Facts for the data-quality section: how many scorecards carry a date (and why the others do not),
//! and which ids look like the same person written two ways.

use crate::dataset::Dataset;
use crate::drops::Reason;
use crate::ingest::LoadNotes;
use crate::scale::{compact_score, ScaleKind};

/// How many scorecards have an interview date, and what the drop log says about the others.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct DateCoverage {
    /// Scorecards with a date.
    pub dated: usize,
    /// All scorecards.
    pub total: usize,
    /// Rows whose date could not be read.
    pub unreadable: u64,
    /// The first such row: (file, line).
    pub first_unreadable: Option<(String, u64)>,
}

impl DateCoverage {
    /// From the dataset's scorecards and drop log.
    pub fn of(ds: &Dataset) -> DateCoverage {
        let unreadable = ds.dropped.iter().filter(|d| d.reason == Reason::UnparsableDate);
        DateCoverage {
            dated: ds.scorecards.date.iter().filter(|d| d.is_some()).count(),
            total: ds.scorecards.len(),
            unreadable: unreadable.clone().map(|d| d.count).sum(),
            first_unreadable: unreadable.take(1).map(|d| (d.file.clone(), d.first_line)).next(),
        }
    }
}

/// Each distinct score with its number of ratings, ascending. Linear time when the scores are integers
/// within a range of [`COUNTING_RANGE`] (every rating scale), a sort otherwise.
pub fn score_counts(scores: &[f64]) -> Vec<(f64, usize)> {
    let (lo, hi) = scores.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    if lo.is_finite() && hi - lo <= COUNTING_RANGE && scores.iter().all(|x| x.fract() == 0.0) {
        let mut counts = vec![0usize; (hi - lo) as usize + 1];
        for &x in scores {
            counts[(x - lo) as usize] += 1;
        }
        return counts.into_iter().enumerate().filter(|c| c.1 > 0).map(|(k, c)| (lo + k as f64, c)).collect();
    }
    let mut v: Vec<f64> = scores.to_vec();
    v.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((y, c)) if *y == x => *c += 1,
            _ => out.push((x, 1)),
        }
    }
    out
}

/// Widest range of integer scores [`score_counts`] counts without sorting.
const COUNTING_RANGE: f64 = 100_000.0;

/// Scores far outside the bulk of the others on a numeric scale inferred from the data: a typo such as
/// 44 on a 1–5 scale sets the inferred range and enters every statistic as a rating.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FarScores {
    /// The far values (at most [`FAR_SHOWN`], most extreme first).
    pub values: Vec<f64>,
    /// Distinct far values.
    pub distinct: usize,
    /// Ratings with a far value.
    pub ratings: usize,
    /// All ratings.
    pub total: usize,
    /// The range of the bulk: from the 0.5th to the 99.5th percentile of the ratings (wider tails, up to
    /// 5%, on fewer than 300 ratings, so that one typo is never part of the bulk).
    pub bulk: (f64, f64),
}

/// Most far values named.
const FAR_SHOWN: usize = 3;

/// Ratings more than [`FAR_WIDTHS`] times the bulk's width (at least 1 point) beyond it are far.
const FAR_WIDTHS: f64 = 2.0;

impl FarScores {
    /// From the distinct scores and their counts (ascending); `None` when no score is far.
    pub fn of(counts: &[(f64, usize)]) -> Option<FarScores> {
        let total: usize = counts.iter().map(|c| c.1).sum();
        let at = |q: f64| {
            let need = (q * total as f64).ceil().max(1.0) as usize;
            let mut seen = 0;
            counts.iter().find(|c| {
                seen += c.1;
                seen >= need
            })
        };
        // The bulk leaves out 0.5% at each end, and at least one and a half ratings on small data.
        let tail = (1.5 / total as f64).clamp(0.005, 0.05);
        let (lo, hi) = (at(tail)?.0, at(1.0 - tail)?.0);
        let w = FAR_WIDTHS * (hi - lo).max(1.0);
        let mut far: Vec<(f64, usize)> =
            counts.iter().copied().filter(|c| c.0 > hi + w || c.0 < lo - w).collect();
        if far.is_empty() {
            return None;
        }
        let ratings = far.iter().map(|c| c.1).sum();
        let mid = (lo + hi) / 2.0;
        far.sort_by(|a, b| (b.0 - mid).abs().total_cmp(&(a.0 - mid).abs()));
        Some(FarScores {
            values: far.iter().take(FAR_SHOWN).map(|c| c.0).collect(),
            distinct: far.len(),
            ratings,
            total,
            bulk: (lo, hi),
        })
    }

    /// One sentence for people: what was found and what to do.
    pub fn sentence(&self) -> String {
        let vals: Vec<String> = self.values.iter().map(|&v| compact_score(v)).collect();
        let more = if self.distinct > self.values.len() { " …" } else { "" };
        let one = self.ratings == 1;
        format!(
            "{} of {} ratings ({}{more}) {} far outside the other scores ({} to {}), yet {} as {} because the \
             scale's range is inferred from the data: if {} typos, set [scale] min and max in the config so {} \
             skipped, or fix {} in the export",
            self.ratings,
            self.total,
            vals.join(", "),
            if one { "lies" } else { "lie" },
            compact_score(self.bulk.0),
            compact_score(self.bulk.1),
            if one { "counts" } else { "count" },
            if one { "a rating" } else { "ratings" },
            if one { "it is a typo" } else { "they are typos" },
            if one { "it is" } else { "they are" },
            if one { "it" } else { "them" },
        )
    }
}

/// What the data-quality section reports beside the drop log.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct DataQuality {
    /// Interview dates.
    pub dates: DateCoverage,
    /// Interviewer ids that differ only by case, spaces or punctuation: per group, (displayed id,
    /// scorecards).
    pub similar_interviewers: Vec<Vec<(String, usize)>>,
    /// Groups of candidate ids that differ only so (candidate ids are not named in reports).
    pub similar_candidate_groups: usize,
    /// Candidate ids in those groups.
    pub similar_candidate_ids: usize,
    /// Scores far outside the others on an inferred numeric scale.
    pub far_scores: Option<FarScores>,
}

impl DataQuality {
    /// From the dataset and what loading noticed.
    pub fn of(ds: &Dataset, notes: &LoadNotes) -> DataQuality {
        DataQuality {
            dates: DateCoverage::of(ds),
            similar_interviewers: notes
                .similar_interviewers
                .iter()
                .map(|g| g.iter().map(|(c, n)| (ds.interviewers.name(*c).to_string(), *n as usize)).collect())
                .collect(),
            similar_candidate_groups: notes.similar_candidates.len(),
            similar_candidate_ids: notes.similar_candidates.iter().map(Vec::len).sum(),
            far_scores: far_scores(ds, None),
        }
    }
}

/// [`FarScores`] of the dataset, from its [`score_counts`] (computed here when not given), when its
/// scale is numeric and inferred (a configured range already skips what lies outside it).
pub fn far_scores(ds: &Dataset, counts: Option<&[(f64, usize)]>) -> Option<FarScores> {
    ds.scale.as_ref().filter(|s| s.inferred && s.kind == ScaleKind::Numeric)?;
    match counts {
        Some(c) => FarScores::of(c),
        None => FarScores::of(&score_counts(&ds.ratings.score)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_integer_and_fractional_scores_alike() {
        let ints = [3.0, 1.0, 3.0, 5.0, 1.0, 3.0];
        assert_eq!(score_counts(&ints), vec![(1.0, 2), (3.0, 3), (5.0, 1)]);
        let fr = [2.5, 1.0, 2.5, -0.0, 0.0];
        // −0 and 0 are one score.
        assert_eq!(score_counts(&fr), vec![(-0.0, 2), (1.0, 1), (2.5, 2)]);
        assert_eq!(score_counts(&[1e308, 1.0]), vec![(1.0, 1), (1e308, 1)]);
        assert!(score_counts(&[]).is_empty());
    }

    #[test]
    fn a_typo_far_beyond_the_scale_is_found_and_a_sparse_end_is_not() {
        // 1–5 with most ratings 2–4: 44 and 1e308 are far; a rare 1 or 5 is not.
        let mut c: Vec<(f64, usize)> = vec![(1.0, 20), (2.0, 3000), (3.0, 5000), (4.0, 3000), (5.0, 20)];
        assert_eq!(FarScores::of(&c), None);
        c.push((44.0, 2));
        c.push((1e308, 1));
        let f = FarScores::of(&c).expect("far scores");
        assert_eq!((f.values.clone(), f.distinct, f.ratings, f.total), (vec![1e308, 44.0], 2, 3, 11043));
        assert_eq!(f.bulk, (2.0, 4.0));
        assert!(
            f.sentence().starts_with("3 of 11043 ratings (1e308, 44) lie far outside"),
            "{}",
            f.sentence()
        );
        // A 0–100 scale used widely: nothing is far.
        let wide: Vec<(f64, usize)> = (0..=100).map(|v| (v as f64, 10)).collect();
        assert_eq!(FarScores::of(&wide), None);
        assert_eq!(FarScores::of(&[]), None);
    }
}
