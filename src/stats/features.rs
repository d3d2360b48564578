//! The rows a sums bootstrap resamples ([`Features`]): a dense column-major feature matrix plus
//! features that are zero on most rows ([`Sparse`]). Every replicate of
//! [`super::bootstrap::Bootstrap::run_sums`] (and every normal-sums draw of [`super::normal_sums`]) is a
//! function of the weighted column sums `Σ_i c_i x_i` of these features.

/// Features that are zero on most rows, kept out of the dense matrix: entry e adds
/// `count(rows[e]) · values[e·width + f]` to sum `cols[e] + f` for f in 0..width.
#[derive(Debug, Clone, Default)]
pub struct Sparse {
    /// Values per entry.
    pub width: usize,
    /// Row of each entry. Entries are best grouped by column (consecutive entries of one column are
    /// summed in registers and added to the column's sums once).
    pub rows: Vec<u32>,
    /// First sum each entry adds to (≥ the dense matrix's d).
    pub cols: Vec<u32>,
    /// `width` values per entry.
    pub values: Vec<f64>,
}

impl Sparse {
    /// Widest entry summed in registers; wider ones add straight into `sums`.
    pub(crate) const MAX_WIDTH: usize = 8;

    /// Adds every entry, weighted by `count(row)`, into `sums`, entries in order, so the result is
    /// deterministic. No branch on the count (a third of the counts are zero, at random).
    #[inline]
    pub(crate) fn add_into(&self, sums: &mut [f64], count: impl Fn(usize) -> u32) {
        let (w, n) = (self.width, self.rows.len());
        if w > Self::MAX_WIDTH {
            for (e, (&i, &col)) in self.rows.iter().zip(&self.cols).enumerate() {
                let c = f64::from(count(i as usize));
                let (col, vals) = (col as usize, &self.values[e * w..(e + 1) * w]);
                for (s, v) in sums[col..col + w].iter_mut().zip(vals) {
                    *s += c * v;
                }
            }
            return;
        }
        let mut e = 0;
        while e < n {
            let col = self.cols[e];
            let mut acc = [0.0f64; Self::MAX_WIDTH];
            while e < n && self.cols[e] == col {
                let c = f64::from(count(self.rows[e] as usize));
                for (a, v) in acc.iter_mut().zip(&self.values[e * w..(e + 1) * w]) {
                    *a += c * v;
                }
                e += 1;
            }
            let col = col as usize;
            for (s, a) in sums[col..col + w].iter_mut().zip(&acc) {
                *s += a;
            }
        }
    }

    /// The largest sum index written, plus one (0 when empty).
    pub fn end(&self) -> usize {
        self.cols.iter().map(|&c| c as usize + self.width).max().unwrap_or(0)
    }
}

/// n rows of features: `d` dense columns, column-major (feature f of row i at `f · n + i`), and the
/// sparse features, which add to the sums after the dense ones (`d ..` [`Features::sums`]).
#[derive(Debug, Clone, Default)]
pub struct Features {
    n: usize,
    d: usize,
    dense: Vec<f64>,
    sparse: Sparse,
}

impl Features {
    /// `n` rows of `d` dense features, column-major in `dense` (length n·d), no sparse part.
    pub fn dense(n: usize, d: usize, dense: Vec<f64>) -> Features {
        Features { n, d, dense, sparse: Sparse::default() }
    }

    /// The same rows with `sparse` as their sparse part.
    pub fn with_sparse(self, sparse: Sparse) -> Features {
        Features { sparse, ..self }
    }

    /// Rows n.
    #[inline]
    pub fn rows(&self) -> usize {
        self.n
    }

    /// Dense columns d (the first d sums).
    #[inline]
    pub fn dense_columns(&self) -> usize {
        self.d
    }

    /// The dense matrix, column-major (n·d values).
    #[inline]
    pub fn dense_values(&self) -> &[f64] {
        &self.dense
    }

    /// Dense column `f` (n values).
    #[inline]
    pub fn column(&self, f: usize) -> &[f64] {
        &self.dense[f * self.n..(f + 1) * self.n]
    }

    /// The sparse part.
    #[inline]
    pub fn sparse(&self) -> &Sparse {
        &self.sparse
    }

    /// Sums per replicate: the d dense ones followed by the sparse ones (up to the sparse part's last
    /// column; zero where no entry adds).
    #[inline]
    pub fn sums(&self) -> usize {
        self.sparse.end().max(self.d)
    }

    /// Whether the parts fit together: n·d dense values, one row, column and `width` values per sparse
    /// entry, sparse rows below n and sparse columns at or after d. Inconsistent features give no
    /// replicates rather than a panic.
    pub fn is_consistent(&self) -> bool {
        let s = &self.sparse;
        self.dense.len() == self.n * self.d
            && s.rows.len() == s.cols.len()
            && s.values.len() == s.rows.len() * s.width
            && s.rows.iter().all(|&i| (i as usize) < self.n)
            && s.cols.iter().all(|&c| c as usize >= self.d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consistency_and_sum_count() {
        let x = Features::dense(3, 2, vec![1.0; 6]);
        assert!(x.is_consistent());
        assert_eq!((x.rows(), x.dense_columns(), x.sums()), (3, 2, 2));
        assert_eq!(x.column(1), &[1.0; 3]);
        let s = Sparse { width: 2, rows: vec![0, 2], cols: vec![2, 4], values: vec![1.0; 4] };
        let x = x.with_sparse(s);
        assert!(x.is_consistent());
        assert_eq!(x.sums(), 6);
        // Wrong dense length, a sparse row past n, a sparse column inside the dense block.
        assert!(!Features::dense(3, 2, vec![1.0; 5]).is_consistent());
        let bad_row = Sparse { width: 1, rows: vec![3], cols: vec![2], values: vec![1.0] };
        assert!(!Features::dense(3, 2, vec![0.0; 6]).with_sparse(bad_row).is_consistent());
        let bad_col = Sparse { width: 1, rows: vec![0], cols: vec![1], values: vec![1.0] };
        assert!(!Features::dense(3, 2, vec![0.0; 6]).with_sparse(bad_col).is_consistent());
    }
}
