//! Candidate-level scores (docs/methods.md, "Notation"): s_{c,q}, the mean of candidate c's ratings on
//! question q; competency scores (mean of s_{c,q} over the competency's questions); and the panel score
//! S_c, the mean of s_{c,q} over the questions c was rated on. Also the chosen outcome y_c.

use serde::Serialize;

use crate::dataset::{Dataset, OutcomeKind};
use crate::error::{Error, Result};

/// A candidates × items matrix of scores. Internally `NaN` marks "not rated"; it never reaches output.
#[derive(Debug, Clone)]
pub struct ScoreMatrix {
    /// Number of candidates (rows).
    pub n_candidates: usize,
    /// Item names (questions or competencies), one per column.
    pub items: Vec<String>,
    /// Row-major values: `values[c * items.len() + j]`.
    pub values: Vec<f64>,
}

impl ScoreMatrix {
    /// Number of items.
    pub fn k(&self) -> usize {
        self.items.len()
    }

    /// The score of candidate `c` on item `j` (`NaN` when not rated).
    #[inline]
    pub fn get(&self, c: usize, j: usize) -> f64 {
        self.values[c * self.items.len() + j]
    }

    /// s_{c,q}: mean rating per candidate and question, in one pass over the ratings.
    pub fn questions(ds: &Dataset) -> ScoreMatrix {
        let (nc, k) = (ds.candidates.len(), ds.questions.len());
        let mut sum = zeros_written::<f64>(nc * k);
        let mut cnt = zeros_written::<u32>(nc * k);
        let r = &ds.ratings;
        for i in 0..r.len() {
            let cell = r.candidate[i] as usize * k + r.question[i] as usize;
            sum[cell] += r.score[i];
            cnt[cell] += 1;
        }
        // The sums become the means in place (no second matrix of fresh pages).
        for (s, &n) in sum.iter_mut().zip(&cnt) {
            *s = if n > 0 { *s / n as f64 } else { f64::NAN };
        }
        ScoreMatrix {
            n_candidates: nc,
            items: ds.questions.names().map(str::to_string).collect(),
            values: sum,
        }
    }

    /// Averages question columns into groups: `groups[j]` lists the question columns of group j.
    pub fn grouped(&self, names: Vec<String>, groups: &[Vec<usize>]) -> ScoreMatrix {
        let (k, g) = (self.k(), groups.len());
        let mut values = vec![f64::NAN; self.n_candidates * g];
        for c in 0..self.n_candidates {
            let row = &self.values[c * k..(c + 1) * k];
            for (j, cols) in groups.iter().enumerate() {
                let (s, n) = cols
                    .iter()
                    .map(|&q| row[q])
                    .filter(|v| !v.is_nan())
                    .fold((0.0, 0), |a, v| (a.0 + v, a.1 + 1));
                if n > 0 {
                    values[c * g + j] = s / n as f64;
                }
            }
        }
        ScoreMatrix { n_candidates: self.n_candidates, items: names, values }
    }

    /// S_c: mean of each row's rated items (`NaN` for a candidate without ratings).
    pub fn row_means(&self) -> Vec<f64> {
        let k = self.k();
        (0..self.n_candidates)
            .map(|c| {
                let (s, n) = self.values[c * k..(c + 1) * k]
                    .iter()
                    .filter(|v| !v.is_nan())
                    .fold((0.0, 0usize), |a, v| (a.0 + v, a.1 + 1));
                if n > 0 {
                    s / n as f64
                } else {
                    f64::NAN
                }
            })
            .collect()
    }
}

/// Competency names and the question columns of each, from the questions file. Questions without a
/// competency form no group.
pub fn competency_groups(ds: &Dataset) -> (Vec<String>, Vec<Vec<usize>>) {
    let mut names: Vec<String> = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for q in 0..ds.questions.len() {
        if let Some(c) = ds.competency(q as u32) {
            match names.iter().position(|n| n == c) {
                Some(j) => groups[j].push(q),
                None => {
                    names.push(c.to_string());
                    groups.push(vec![q]);
                }
            }
        }
    }
    (names, groups)
}

/// The outcome chosen for analysis.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeInfo {
    /// Column name.
    pub name: String,
    /// `numeric` or `binary`.
    pub kind: OutcomeKind,
    /// Whether it was chosen by default (the first outcome column) rather than by `--outcome`.
    pub by_default: bool,
}

/// The chosen outcome's description and its values per candidate.
pub type ChosenOutcome<'a> = (OutcomeInfo, &'a [Option<f64>]);

/// Picks the outcome column: `requested`, or the first outcome column. `Ok(None)` when there is none.
pub fn choose_outcome<'a>(ds: &'a Dataset, requested: Option<&str>) -> Result<Option<ChosenOutcome<'a>>> {
    match requested {
        Some(name) => {
            let col = ds.outcome(name).ok_or_else(|| {
                let have: Vec<&str> = ds.outcomes.iter().map(|o| o.name.as_str()).collect();
                Error::Data(format!(
                    "--outcome {name}: no such outcome column. Outcome columns found: {}. Pass one of them.",
                    if have.is_empty() { "none".to_string() } else { have.join(", ") }
                ))
            })?;
            Ok(Some((OutcomeInfo { name: col.name.clone(), kind: col.kind, by_default: false }, &col.values)))
        }
        None => Ok(ds
            .outcomes
            .first()
            .map(|c| (OutcomeInfo { name: c.name.clone(), kind: c.kind, by_default: true }, &c.values[..]))),
    }
}

/// `n` zeros whose memory is written now. `vec![0; n]` maps fresh pages lazily to the shared zero page;
/// a loop that then reads and adds into them takes a copy-on-write fault per page, and in a
/// multi-threaded process each such fault flushes the page from every core's TLB (at 10M ratings that was
/// 5% of the run). Writing first costs one plain fault per page. The pointer passes through
/// `black_box` so the compiler cannot fold allocation and fill back into a lazily zeroed allocation.
pub(crate) fn zeros_written<T: Copy + Default>(n: usize) -> Vec<T> {
    let mut v: Vec<T> = Vec::with_capacity(n);
    std::hint::black_box(v.as_mut_ptr());
    v.resize(n, T::default());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_and_row_means_skip_missing() {
        let m = ScoreMatrix {
            n_candidates: 2,
            items: vec!["a".into(), "b".into(), "c".into()],
            values: vec![1.0, 3.0, f64::NAN, f64::NAN, f64::NAN, 4.0],
        };
        assert_eq!(m.row_means(), vec![2.0, 4.0]);
        let g = m.grouped(vec!["ab".into(), "c".into()], &[vec![0, 1], vec![2]]);
        assert_eq!(g.get(0, 0), 2.0);
        assert!(g.get(0, 1).is_nan());
        assert!(g.get(1, 0).is_nan());
        assert_eq!(g.get(1, 1), 4.0);
    }
}
