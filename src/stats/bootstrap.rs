//! Seeded nonparametric bootstrap over index arrays, percentile intervals and bootstrap p-values.
//!
//! Reference: Efron & Tibshirani (1993) An Introduction to the Bootstrap, ch. 13 (percentile
//! interval). Determinism: replicate j draws its indices from a ChaCha8 generator keyed by `seed`
//! on stream j (`ChaCha8Rng::seed_from_u64(seed)` + `set_stream(j)`), so the output depends only on
//! (seed, B, n, stat) — never on thread count or scheduling — and is identical on every platform.
//!
//! From [`LARGE_SAMPLE_ROWS`] rows on, [`Bootstrap::run_sums`] draws the resampled sums from their
//! normal limit instead ([`super::normal_sums`]): same statistic, same kept-replicate rules, a
//! fraction of the work. Below it (sample data, most real loops) the bootstrap is unchanged.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::count_sums;
pub use super::features::{Features, Sparse};
use super::normal_sums;
pub use super::normal_sums::{IntervalMethod, LARGE_SAMPLE_ROWS};

/// Largest count table kept (B × n bytes): 256 MiB, e.g. B = 1000 on 250,000 hires.
const MAX_TABLE_BYTES: usize = 256 << 20;

/// Every replicate's resample counts for one (seed, B, n), one byte per count: the same draws as
/// [`Bootstrap::draw_counts`], drawn once per bootstrap and read by all its sums. Counts above 254 (never seen in practice: the largest of n
/// multinomial counts grows like log n / log log n) are kept exactly in `big`.
struct CountTable {
    n: usize,
    /// Replicate j's counts at `j * n .. (j + 1) * n`; 255 means "look in `big`".
    counts: Vec<u8>,
    /// (replicate, row, count) of counts ≥ 255.
    big: Vec<(u32, u32, u32)>,
}

impl CountTable {
    /// Replicate `j`'s count of row `i`.
    #[inline]
    fn count(&self, j: usize, i: usize) -> u32 {
        match self.counts[j * self.n + i] {
            255 => self
                .big
                .iter()
                .find(|&&(bj, bi, _)| (bj as usize, bi as usize) == (j, i))
                .map_or(255, |e| e.2),
            c => c as u32,
        }
    }
}

/// Bootstrap settings: `b` resamples, generator `seed`, and where long runs report progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Bootstrap {
    /// Number of resamples B.
    pub b: usize,
    /// Seed of the random generator (hirecal's `--seed`, default 42).
    pub seed: u64,
    /// Long runs (B × n ≥ 20 million) report progress here; silent by default.
    pub progress: crate::progress::Progress,
}

impl Bootstrap {
    /// B = `b` resamples from `seed`, reporting no progress.
    pub fn new(b: usize, seed: u64) -> Bootstrap {
        Bootstrap { b, seed, progress: crate::progress::Progress::silent() }
    }
}

/// Calls `f` with `m` indices drawn uniformly from 0..n by `rng`: exactly the values, in order, of `m`
/// calls of `rng.random_range(0..n)` (rand 0.9's single-sample method for a usize range below 2³²: a
/// 32-bit draw times n, high word, with one extra draw when the low word falls in the biased zone),
/// but reading the generator's output a buffer at a time so the loop inlines. Larger n goes through
/// `random_range` itself. `tests::fast_draws_equal_random_range` holds the two together.
#[inline]
fn for_each_draw(rng: &mut ChaCha8Rng, n: usize, m: usize, mut f: impl FnMut(usize)) {
    use rand::RngCore;
    if n == 0 || m == 0 {
        return;
    }
    let Ok(range) = u32::try_from(n) else {
        for _ in 0..m {
            f(rng.random_range(0..n));
        }
        return;
    };
    let zone = range.wrapping_neg();
    let mut words = [0u32; 256];
    let mut pos = words.len();
    let mut next = |rng: &mut ChaCha8Rng| -> u32 {
        if pos == words.len() {
            // Whole 32-bit words, so the bytes come out of the generator in next_u32's order.
            let mut bytes = [0u8; 1024];
            rng.fill_bytes(&mut bytes);
            for (w, b) in words.iter_mut().zip(bytes.chunks_exact(4)) {
                *w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            }
            pos = 0;
        }
        pos += 1;
        words[pos - 1]
    };
    for _ in 0..m {
        let wide = u64::from(next(rng)) * u64::from(range);
        let (mut hi, lo) = ((wide >> 32) as u32, wide as u32);
        if lo > zone {
            let hi2 = ((u64::from(next(rng)) * u64::from(range)) >> 32) as u32;
            hi += u32::from(lo.checked_add(hi2).is_none());
        }
        f(hi as usize);
    }
}

impl Bootstrap {
    /// Replicate `j`'s generator: ChaCha8 keyed by the seed, on stream j.
    fn rng(&self, j: usize) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(j as u64);
        rng
    }

    /// Fills `counts` (length n) with how often each index occurs in replicate `j`: n indices drawn
    /// uniformly from 0..n with replacement, counted.
    fn draw_counts(&self, j: usize, n: usize, counts: &mut Vec<u32>) {
        counts.clear();
        counts.resize(n, 0);
        for_each_draw(&mut self.rng(j), n, n, |i| counts[i] += 1);
    }

    /// Replicate `j`'s counts straight into one byte each (`row`, length n), counts of 255 and more
    /// as 255 with their exact value pushed to `big` as (j, row, count).
    fn draw_counts_u8(&self, j: usize, row: &mut [u8], big: &mut Vec<(u32, u32, u32)>) {
        let n = row.len();
        let mut tally = Tally::new(row);
        for_each_draw(&mut self.rng(j), n, n, |i| tally.add(i));
        tally.finish(j, big);
    }
}

/// Counts indices into one byte per row (the row zeroed first), as [`Bootstrap::draw_counts_u8`]
/// describes: counts of 255 and more are settled by [`Tally::finish`].
struct Tally<'a> {
    row: &'a mut [u8],
    /// Indices drawn again after their byte reached 255.
    over: Vec<u32>,
}

impl<'a> Tally<'a> {
    fn new(row: &'a mut [u8]) -> Self {
        row.fill(0);
        Tally { row, over: Vec::new() }
    }

    #[inline]
    fn add(&mut self, i: usize) {
        let c = &mut self.row[i];
        if *c < 255 {
            *c += 1;
        } else {
            self.over.push(i as u32);
        }
    }

    /// Pushes (j, row, exact count) to `big` for every row counted 255 times or more.
    fn finish(mut self, j: usize, big: &mut Vec<(u32, u32, u32)>) {
        if !self.row.contains(&255) {
            return;
        }
        self.over.sort_unstable();
        for (i, _) in self.row.iter().enumerate().filter(|(_, c)| **c == 255) {
            let i = i as u32;
            let extra = self.over.partition_point(|&o| o <= i) - self.over.partition_point(|&o| o < i);
            big.push((j as u32, i, 255 + extra as u32));
        }
    }
}

impl Bootstrap {
    /// The count table for n rows; `None` when it would exceed [`MAX_TABLE_BYTES`] (callers then
    /// draw per replicate). Drawn per bootstrap: below [`LARGE_SAMPLE_ROWS`] rows a table is at most
    /// B × 10,000 draws (~20 ms for B = 1000), so no table is kept between bootstraps (no global state).
    fn table(&self, n: usize) -> Option<CountTable> {
        if n == 0 || self.b == 0 || self.b.saturating_mul(n) > MAX_TABLE_BYTES {
            return None;
        }
        let _phase = self.progress.phase("bootstrap count table");
        let mut counts = vec![0u8; self.b * n];
        let big: Vec<(u32, u32, u32)> = counts
            .par_chunks_mut(n)
            .enumerate()
            .map(|(j, row)| {
                let mut big = Vec::new();
                self.draw_counts_u8(j, row, &mut big);
                big
            })
            .flatten()
            .collect();
        Some(CountTable { n, counts, big })
    }

    /// For statistics that are sums over the resample but not smooth functions of fixed column sums
    /// (the probit refit of a yes/no outcome): `stat` gets the replicate as a count per index (so it
    /// can read its data sequentially, weighting row i by `counts[i]`), a per-thread scratch value from
    /// `init` reused across replicates, and a slice of `k` values to fill; it returns false when the
    /// statistic is undefined. Always the row bootstrap, at any n (the normal-sums limit does not apply
    /// to a refitted model). Same seeds and draws per replicate as the other runs; kept replicates as
    /// in [`Bootstrap::run_sums`].
    pub fn run_counts<S, I, F>(&self, n: usize, k: usize, init: I, stat: F) -> Vec<Vec<f64>>
    where
        S: Send,
        I: Fn() -> S + Sync + Send,
        F: Fn(&[u32], &mut S, &mut [f64]) -> bool + Sync + Send,
    {
        if n == 0 || self.b == 0 {
            return vec![Vec::new(); k];
        }
        let bar = (n as u64 * self.b as u64 >= 20_000_000)
            .then(|| self.progress.bar("bootstrap", self.b as u64, false));
        let mut flat = vec![f64::NAN; self.b * k.max(1)];
        let mut ok = vec![false; self.b];
        flat.par_chunks_mut(k.max(1)).zip(ok.par_iter_mut()).enumerate().for_each_init(
            || (Vec::with_capacity(n), init()),
            |(counts, scratch), (j, (vals, good))| {
                self.draw_counts(j, n, counts);
                let vals = &mut vals[..k];
                *good = stat(counts, scratch, vals) && vals.iter().all(|v| v.is_finite());
                if let Some(b) = &bar {
                    b.inc(1);
                }
            },
        );
        if let Some(b) = &bar {
            b.done();
        }
        kept(&flat, &ok, k)
    }

    /// For statistics that are functions of weighted column sums: with `x` the rows' [`Features`],
    /// replicate j's sums are `Σ_i count_ji · x_i` — the d dense sums (feature f of row i at
    /// `f * n + i`), followed by the sparse ones (zero where no entry adds) — all replicates at once from
    /// the shared count table ([`count_sums`]), or, when the table would be too large, one matrix
    /// product per block of replicates (nalgebra's GEMM); far faster than a loop per replicate. `stat`
    /// maps the [`Features::sums`] sums of a replicate to its k values (false = undefined).
    /// Returns k vectors holding each component over the kept replicates, in replicate order: a
    /// replicate is kept only if `stat` returns true and all k values are finite, so the components
    /// stay aligned (`out[a][i]` and `out[b][i]` come from the same resample; differences are valid).
    /// Inconsistent features ([`Features::is_consistent`]) give no replicates.
    ///
    /// The method follows the number of rows ([`IntervalMethod::for_rows`]): from
    /// [`LARGE_SAMPLE_ROWS`] on the sums are drawn from their normal limit ([`normal_sums`]).
    pub fn run_sums<F>(&self, x: &Features, k: usize, stat: F) -> Vec<Vec<f64>>
    where
        F: Fn(&[f64], &mut [f64]) -> bool + Sync + Send,
    {
        self.run_sums_with(IntervalMethod::for_rows(x.rows()), x, k, stat)
    }

    /// [`Bootstrap::run_sums`] with the method given rather than chosen by the number of rows (the
    /// coverage tests compare the two on the same data). Normal sums fall back to the bootstrap when
    /// a feature is not finite (the statistic then decides, as it always did).
    pub fn run_sums_with<F>(&self, method: IntervalMethod, x: &Features, k: usize, stat: F) -> Vec<Vec<f64>>
    where
        F: Fn(&[f64], &mut [f64]) -> bool + Sync + Send,
    {
        if x.rows() == 0 || self.b == 0 || !x.is_consistent() {
            return vec![Vec::new(); k];
        }
        if method == IntervalMethod::NormalSums {
            let _phase = self.progress.phase("normal sums");
            if let Some(reps) = normal_sums::replicates(self.seed, self.b, x, k, &stat) {
                return reps;
            }
        }
        match self.table(x.rows()) {
            Some(t) => self.run_sums_table(&t, x, k, stat),
            None => self.run_sums_drawn(x, k, stat),
        }
    }

    /// [`Bootstrap::run_sums`] drawing each replicate's counts itself (when the count table would be too
    /// large): one matrix product per block of replicates.
    fn run_sums_drawn<F>(&self, x: &Features, k: usize, stat: F) -> Vec<Vec<f64>>
    where
        F: Fn(&[f64], &mut [f64]) -> bool + Sync + Send,
    {
        let (n, d, dt, sparse) = (x.rows(), x.dense_columns(), x.sums(), x.sparse());
        use nalgebra::{DMatrix, DMatrixView};
        const BLOCK: usize = 32;
        let bar = (n as u64 * self.b as u64 >= 20_000_000)
            .then(|| self.progress.bar("bootstrap", self.b as u64, false));
        let fm = DMatrixView::from_slice(x.dense_values(), n, d);
        let kk = k.max(1);
        let mut flat = vec![f64::NAN; self.b * kk];
        let mut ok = vec![false; self.b];
        flat.par_chunks_mut(BLOCK * kk).zip(ok.par_chunks_mut(BLOCK)).enumerate().for_each_init(
            || {
                let (cm, sums) = (DMatrix::<f64>::zeros(BLOCK, n), DMatrix::<f64>::zeros(BLOCK, d));
                (Vec::with_capacity(n), cm, sums, vec![0.0; BLOCK * dt])
            },
            |(counts, cm, sums, rowsums), (blk, (vals, good))| {
                let first = blk * BLOCK;
                let rows = good.len();
                cm.fill(0.0);
                rowsums.fill(0.0);
                for r in 0..rows {
                    self.draw_counts(first + r, n, counts);
                    for (i, &c) in counts.iter().enumerate() {
                        if c > 0 {
                            cm[(r, i)] = c as f64;
                        }
                    }
                    sparse.add_into(&mut rowsums[r * dt..(r + 1) * dt], |i| counts[i]);
                }
                sums.gemm(1.0, cm, &fm, 0.0);
                for r in 0..rows {
                    let row = &mut rowsums[r * dt..(r + 1) * dt];
                    for (f, x) in row[..d].iter_mut().enumerate() {
                        *x = sums[(r, f)];
                    }
                    let v = &mut vals[r * kk..r * kk + k];
                    good[r] = stat(row, v) && v.iter().all(|x| x.is_finite());
                }
                if let Some(b) = &bar {
                    b.inc(rows as u64);
                }
            },
        );
        if let Some(b) = &bar {
            b.done();
        }
        kept(&flat, &ok, k)
    }

    /// [`Bootstrap::run_sums`] from a count table: all B replicates' sums at once, the byte counts
    /// multiplied into blocks of rows' features by [`count_sums::accumulate`]. The rows are cut into a
    /// fixed number of parts, each summed in order and the parts added in order, so the result does
    /// not depend on thread scheduling (nor on the CPU's instruction set).
    fn run_sums_table<F>(&self, t: &CountTable, x: &Features, k: usize, stat: F) -> Vec<Vec<f64>>
    where
        F: Fn(&[f64], &mut [f64]) -> bool + Sync + Send,
    {
        // Rows per block: the block's features (ROWS × dp) stay in cache while every replicate passes.
        const ROWS: usize = 128;
        const PARTS: usize = 16;
        let _phase = self.progress.phase("bootstrap sums");
        let (n, b) = (t.n, self.b);
        let (d, features, sparse) = (x.dense_columns(), x.dense_values(), x.sparse());
        let dp = count_sums::padded(d);
        let bar =
            (n as u64 * b as u64 >= 20_000_000).then(|| self.progress.bar("bootstrap", PARTS as u64, false));
        let part_len = n.div_ceil(PARTS).max(1);
        let partials: Vec<Vec<f64>> = (0..n.div_ceil(part_len))
            .into_par_iter()
            .map(|p| {
                let (lo, hi) = (p * part_len, ((p + 1) * part_len).min(n));
                // Replicate j's dp sums at j·dp.
                let mut acc = vec![0.0; b * dp];
                let mut ft = vec![0.0; ROWS.min(hi - lo) * dp];
                let mut a = lo;
                while a < hi {
                    let m = ROWS.min(hi - a);
                    // Features of rows a..a+m, row-major (row i's features together; padding stays 0).
                    for f in 0..d {
                        for (i, &x) in features[f * n + a..f * n + a + m].iter().enumerate() {
                            ft[i * dp + f] = x;
                        }
                    }
                    count_sums::accumulate(&t.counts[a..], n, m, &ft, dp, &mut acc);
                    a += m;
                }
                if let Some(bar) = &bar {
                    bar.inc(1);
                }
                acc
            })
            .collect();
        if let Some(bar) = &bar {
            bar.done();
        }
        let mut total = vec![0.0; b * dp];
        for p in &partials {
            for (s, x) in total.iter_mut().zip(p) {
                *s += x;
            }
        }
        // The table holds counts of 255 and more as 255; add the rest of each such count.
        for &(j, i, c) in &t.big {
            let (j, i, extra) = (j as usize, i as usize, f64::from(c - 255));
            for f in 0..d {
                total[j * dp + f] += extra * features[f * n + i];
            }
        }
        let kk = k.max(1);
        let mut flat = vec![f64::NAN; b * kk];
        let mut ok = vec![false; b];
        let dt = x.sums();
        flat.par_chunks_mut(kk).zip(ok.par_iter_mut()).enumerate().for_each_init(
            || vec![0.0; dt],
            |row, (j, (vals, good))| {
                row[..d].copy_from_slice(&total[j * dp..j * dp + d]);
                row[d..].fill(0.0);
                sparse.add_into(row, |i| t.count(j, i));
                let v = &mut vals[..k];
                *good = stat(row, v) && v.iter().all(|x| x.is_finite());
            },
        );
        kept(&flat, &ok, k)
    }
}

/// The kept replicates' values per component: `flat` holds replicate j's `k` values at
/// `j * max(k, 1)`, `ok[j]` says whether it is kept (replicate order is preserved).
fn kept(flat: &[f64], ok: &[bool], k: usize) -> Vec<Vec<f64>> {
    let stride = k.max(1);
    let mut out = vec![Vec::new(); k];
    for (j, _) in ok.iter().enumerate().filter(|(_, g)| **g) {
        for (c, o) in out.iter_mut().enumerate() {
            o.push(flat[j * stride + c]);
        }
    }
    out
}

/// The q-quantile (q in [0, 1]) with numpy's default (`method="linear"`) definition:
/// on the sorted values v₀ ≤ … ≤ v_{m−1}, h = q(m − 1), result = v_⌊h⌋ + (h − ⌊h⌋)(v_⌊h⌋+1 − v_⌊h⌋).
///
/// `None` if `values` is empty, contains a non-finite value, or q is not in [0, 1].
pub fn percentile(values: &[f64], q: f64) -> Option<f64> {
    if values.is_empty() || !(0.0..=1.0).contains(&q) || values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    Some(sorted_quantile(&v, q))
}

fn sorted_quantile(v: &[f64], q: f64) -> f64 {
    let h = q * (v.len() - 1) as f64;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    let (t, d) = (h - lo as f64, v[hi] - v[lo]);
    // v[hi] − v[lo] overflows to ∞ for values of opposite sign near f64::MAX, and then 0·∞ gave NaN
    // (percentile([−f64::MAX, 1e300], 0) was NaN); the convex combination cannot overflow. The clamp
    // keeps rounding from stepping outside [v[lo], v[hi]], so the quantile stays monotone in q.
    let x = if d.is_finite() { v[lo] + t * d } else { v[lo] * (1.0 - t) + v[hi] * t };
    x.clamp(v[lo], v[hi])
}

/// Percentile bootstrap interval: the (1 − level)/2 and (1 + level)/2 quantiles of the replicate
/// values, each computed as [`percentile`] (numpy's default linear interpolation, so
/// `np.percentile(values, [2.5, 97.5])` for level 0.95).
///
/// `None` if `values` is empty or non-finite, or level not in (0, 1). Invariant: lower ≤ upper.
pub fn percentile_ci(values: &[f64], level: f64) -> Option<(f64, f64)> {
    if values.is_empty() || !(level > 0.0 && level < 1.0) || values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    Some((sorted_quantile(&v, (1.0 - level) / 2.0), sorted_quantile(&v, (1.0 + level) / 2.0)))
}

/// Two-sided bootstrap p-value of H0: θ = 0 from the replicate values:
/// p = 2·min(#{v ≤ 0}/B, #{v ≥ 0}/B), floored at 1/B and capped at 1, B = `values.len()`.
///
/// `None` if `values` is empty or contains a non-finite value. Invariant: 1/B ≤ p ≤ 1.
pub fn bootstrap_p(values: &[f64]) -> Option<f64> {
    if values.is_empty() || values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let b = values.len() as f64;
    let le = values.iter().filter(|&&v| v <= 0.0).count() as f64 / b;
    let ge = values.iter().filter(|&&v| v >= 0.0).count() as f64 / b;
    Some((2.0 * le.min(ge)).max(1.0 / b).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test reference: the index-array bootstrap the sums paths must agree with. Fills `buf` with
    /// replicate `j`'s n indices drawn uniformly from 0..n with replacement.
    fn draw(bs: &Bootstrap, j: usize, n: usize, buf: &mut Vec<usize>) {
        buf.clear();
        for_each_draw(&mut bs.rng(j), n, n, |i| buf.push(i));
    }

    /// B resamples of 0..n (the reference implementation): finite values of `stat`, replicate order.
    fn run(bs: &Bootstrap, n: usize, stat: impl Fn(&[usize]) -> Option<f64> + Sync) -> Vec<f64> {
        if n == 0 {
            return Vec::new();
        }
        (0..bs.b)
            .into_par_iter()
            .map_init(
                || Vec::with_capacity(n),
                |buf, j| {
                    draw(bs, j, n, buf);
                    stat(buf).filter(|v| v.is_finite())
                },
            )
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect()
    }

    /// [`run`] for `k` values per resample; a replicate is kept only with exactly k finite values.
    fn run_multi(
        bs: &Bootstrap,
        n: usize,
        k: usize,
        stat: impl Fn(&[usize]) -> Option<Vec<f64>> + Sync,
    ) -> Vec<Vec<f64>> {
        let mut out = vec![Vec::new(); k];
        if n == 0 {
            return out;
        }
        let reps: Vec<Option<Vec<f64>>> = (0..bs.b)
            .into_par_iter()
            .map_init(
                || Vec::with_capacity(n),
                |buf, j| {
                    draw(bs, j, n, buf);
                    stat(buf).filter(|v| v.len() == k && v.iter().all(|x| x.is_finite()))
                },
            )
            .collect();
        for rep in reps.into_iter().flatten() {
            for (c, v) in rep.into_iter().enumerate() {
                out[c].push(v);
            }
        }
        out
    }

    fn mean_of(data: &[f64], idx: &[usize]) -> Option<f64> {
        Some(idx.iter().map(|&i| data[i]).sum::<f64>() / idx.len() as f64)
    }

    // Reference values: tests/reference/stats_questions.py, section "bootstrap percentile".
    const BV: [f64; 11] = [0.3, -1.2, 2.5, 0.0, 1.1, 0.7, -0.4, 3.3, 1.9, 0.2, -2.0];

    #[test]
    fn percentile_matches_numpy_linear() {
        let (lo, hi) = percentile_ci(&BV, 0.95).unwrap();
        assert!((lo - -1.8).abs() < 1e-12 && (hi - 3.099_999_999_999_999_6).abs() < 1e-12);
        let (lo, hi) = percentile_ci(&BV, 0.90).unwrap();
        assert!((lo - -1.6).abs() < 1e-12 && (hi - 2.9).abs() < 1e-12);
        assert_eq!(percentile(&BV, 0.0), Some(-2.0));
        assert_eq!(percentile(&BV, 1.0), Some(3.3));
        assert_eq!(percentile(&[4.0], 0.3), Some(4.0));
        assert_eq!(percentile_ci(&[], 0.95), None);
        assert_eq!(percentile_ci(&BV, 1.0), None);
        assert_eq!(percentile(&[1.0, f64::NAN], 0.5), None);
    }

    #[test]
    fn fast_draws_equal_random_range() {
        // Small and large ranges; above 2³¹ half the draws land in the biased zone and take a second
        // word, and 2³² + 5 goes through random_range itself.
        for n in [1usize, 2, 3, 7, 1000, 200_003, (1 << 31) + 12_345, u32::MAX as usize, (1 << 32) + 5] {
            for stream in [0u64, 1, 999] {
                let mut a = ChaCha8Rng::seed_from_u64(42);
                a.set_stream(stream);
                let mut b = a.clone();
                let mut fast = Vec::new();
                for_each_draw(&mut a, n, 3000, |i| fast.push(i));
                let slow: Vec<usize> = (0..3000).map(|_| b.random_range(0..n)).collect();
                assert_eq!(fast, slow, "n = {n}, stream {stream}");
            }
        }
    }

    #[test]
    fn byte_counts_keep_counts_of_255_and_more_exactly() {
        let bs = Bootstrap::new(3, 7);
        for n in [1usize, 2, 50, 4099] {
            for j in 0..3 {
                let mut exact = Vec::new();
                bs.draw_counts(j, n, &mut exact);
                let (mut row, mut big) = (vec![9u8; n], Vec::new());
                bs.draw_counts_u8(j, &mut row, &mut big);
                let mut back: Vec<u32> = row.iter().map(|&c| c as u32).collect();
                for &(bj, i, c) in &big {
                    assert_eq!(bj as usize, j);
                    back[i as usize] = c;
                }
                assert_eq!(back, exact, "n = {n}, replicate {j}");
            }
        }
        // n draws over n rows never reach 255 in practice: the tally itself, on a made-up sequence
        // with row 1 drawn 300 times, row 3 exactly 255 times and row 0 once.
        let draws: Vec<usize> =
            std::iter::repeat_n(1, 300).chain(std::iter::repeat_n(3, 255)).chain([0]).collect();
        let (mut row, mut big) = ([7u8; 5], Vec::new());
        let mut tally = Tally::new(&mut row);
        draws.iter().for_each(|&i| tally.add(i));
        tally.finish(4, &mut big);
        assert_eq!(row, [1, 255, 0, 255, 0]);
        assert_eq!(big, vec![(4, 1, 300), (4, 3, 255)]);
    }

    #[test]
    fn deterministic_per_seed_and_independent_of_threads() {
        let bs = Bootstrap::new(500, 42);
        let a = run(&bs, BV.len(), |idx| mean_of(&BV, idx));
        let b = run(&bs, BV.len(), |idx| mean_of(&BV, idx));
        assert_eq!(a.len(), 500);
        assert_eq!(a, b);
        let c = run(&Bootstrap::new(500, 43), BV.len(), |idx| mean_of(&BV, idx));
        assert_ne!(a, c);
        // sequential evaluation of the same replicates gives the same values
        let mut buf = Vec::new();
        let seq: Vec<f64> = (0..bs.b)
            .map(|j| {
                draw(&bs, j, BV.len(), &mut buf);
                mean_of(&BV, &buf).unwrap()
            })
            .collect();
        assert_eq!(a, seq);
        // and on a single-thread pool
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let single = pool.install(|| run(&bs, BV.len(), |idx| mean_of(&BV, idx)));
        assert_eq!(a, single);
    }

    #[test]
    fn indices_are_in_range_and_none_is_dropped() {
        let bs = Bootstrap::new(200, 1);
        let v = run(&bs, 7, |idx| {
            assert_eq!(idx.len(), 7);
            assert!(idx.iter().all(|&i| i < 7));
            (idx[0] % 2 == 0).then_some(1.0)
        });
        assert!(!v.is_empty() && v.len() < 200);
        assert!(run(&bs, 0, |_| Some(1.0)).is_empty());
        assert!(run(&bs, 5, |_| Some(f64::NAN)).is_empty());
    }

    #[test]
    fn percentile_ci_of_mean_covers_true_mean() {
        // sample from N(5, 2²) via a fixed seed; CI of the mean must cover 5 and the sample mean
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let data: Vec<f64> = (0..200)
            .map(|_| {
                let (u1, u2): (f64, f64) = (1.0 - rng.random::<f64>(), rng.random());
                5.0 + 2.0 * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
            })
            .collect();
        let xbar = data.iter().sum::<f64>() / data.len() as f64;
        let reps = run(&Bootstrap::new(2000, 42), data.len(), |idx| mean_of(&data, idx));
        let (lo, hi) = percentile_ci(&reps, 0.95).unwrap();
        assert!(lo < 5.0 && 5.0 < hi, "({lo}, {hi})");
        assert!(lo < xbar && xbar < hi);
        // width ≈ 2·1.96·σ/√n = 0.554
        assert!(((hi - lo) - 0.554).abs() < 0.08, "width {}", hi - lo);
        // the interval is the linear-interpolated order statistic of the replicates
        let mut s = reps.clone();
        s.sort_by(f64::total_cmp);
        let h = 0.025 * (s.len() - 1) as f64;
        let k = h.floor() as usize;
        assert!((lo - (s[k] + (h - k as f64) * (s[k + 1] - s[k]))).abs() < 1e-12);
        assert!(bootstrap_p(&reps).unwrap() <= 1.0 / 2000.0 + 1e-15);
    }

    #[test]
    fn run_multi_keeps_components_aligned() {
        let bs = Bootstrap::new(300, 5);
        let out = run_multi(&bs, BV.len(), 2, |idx| {
            let m = mean_of(&BV, idx)?;
            Some(vec![m, 2.0 * m])
        });
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].len(), 300);
        assert_eq!(out[0], run(&bs, BV.len(), |idx| mean_of(&BV, idx)));
        for (a, b) in out[0].iter().zip(&out[1]) {
            assert_eq!(2.0 * a, *b);
        }
        // wrong length is dropped
        let out = run_multi(&bs, BV.len(), 3, |_| Some(vec![1.0]));
        assert!(out.iter().all(Vec::is_empty));
    }

    #[test]
    fn run_sums_matches_run_multi() {
        let bs = Bootstrap::new(70, 3);
        let multi = run_multi(&bs, BV.len(), 1, |idx| mean_of(&BV, idx).map(|m| vec![m]));
        let ones = vec![1.0; BV.len()];
        let feats: Vec<f64> = ones.iter().chain(&BV).copied().collect();
        let sums = bs.run_sums(&Features::dense(BV.len(), 2, feats), 1, |s, out| {
            out[0] = s[1] / s[0];
            true
        });
        assert_eq!(multi[0].len(), sums[0].len());
        assert!(multi[0].iter().zip(&sums[0]).all(|(a, b)| (a - b).abs() < 1e-12));
    }

    #[test]
    fn sparse_entries_in_any_order_and_width_sum_like_dense_ones() {
        // Entries of two sparse column groups interleaved (runs of one column broken up), repeated
        // rows, and a width past the register path: each must equal its dense counterpart.
        let n = 500;
        let x: Vec<f64> = (0..n).map(|i| ((i * 17) % 23) as f64 / 7.0 - 1.0).collect();
        for width in [3, Sparse::MAX_WIDTH + 1] {
            let cols_at = [1usize, 1 + width];
            let d_all = 1 + 2 * width;
            let mut sparse = Sparse { width, ..Sparse::default() };
            let mut dense = vec![0.0; n * d_all];
            dense[..n].copy_from_slice(&x);
            for e in 0..300usize {
                let (i, g) = ((e * 37) % n, (e / 3) % 2);
                sparse.rows.push(i as u32);
                sparse.cols.push(cols_at[g] as u32);
                for f in 0..width {
                    let v = x[i] * (f + 1) as f64 + g as f64;
                    sparse.values.push(v);
                    dense[(cols_at[g] + f) * n + i] += v;
                }
            }
            let stat = |s: &[f64], out: &mut [f64]| {
                out.copy_from_slice(&s[..d_all]);
                true
            };
            let bs = Bootstrap::new(30, 9);
            let want = bs.run_sums(&Features::dense(n, d_all, dense.clone()), d_all, stat);
            let got =
                bs.run_sums(&Features::dense(n, 1, dense[..n].to_vec()).with_sparse(sparse), d_all, stat);
            for c in 0..d_all {
                for (w, g) in want[c].iter().zip(&got[c]) {
                    assert!((w - g).abs() <= 1e-9 * (1.0 + w.abs()), "width {width}, sum {c}: {w} vs {g}");
                }
            }
        }
    }

    #[test]
    fn sparse_features_sum_like_dense_ones() {
        // Column 2 of a dense 3-feature matrix, nonzero on every 7th row, given sparsely instead (with a
        // second sparse column after it): both paths must give the dense sums.
        let n = 3000;
        let x: Vec<f64> = (0..n).map(|i| ((i * 31) % 97) as f64 / 10.0).collect();
        let z: Vec<f64> = (0..n).map(|i| if i % 7 == 3 { x[i] + 1.0 } else { 0.0 }).collect();
        let dense: Vec<f64> =
            vec![1.0; n].into_iter().chain(x.iter().copied()).chain(z.iter().copied()).collect();
        let picked: Vec<usize> = (0..n).filter(|i| i % 7 == 3).collect();
        let sparse = Sparse {
            width: 2,
            rows: picked.iter().map(|&i| i as u32).collect(),
            cols: vec![2; picked.len()],
            values: picked.iter().flat_map(|&i| [z[i], z[i] * z[i]]).collect(),
        };
        let zz: Vec<f64> = z.iter().map(|v| v * v).collect();
        let dense4: Vec<f64> = dense.iter().chain(&zz).copied().collect();
        let stat = |s: &[f64], out: &mut [f64]| {
            out.copy_from_slice(&s[..4]);
            true
        };
        for b in [40, 2000] {
            // B = 2000 × 3000 rows still fits a table; the drawn path is called directly too.
            let bs = Bootstrap::new(b, 5);
            let want = bs.run_sums(&Features::dense(n, 4, dense4.clone()), 4, stat);
            let table = bs.table(n).expect("small enough for a table");
            let x = Features::dense(n, 2, dense[..2 * n].to_vec()).with_sparse(sparse.clone());
            let got_table = bs.run_sums_table(&table, &x, 4, stat);
            let got_drawn = bs.run_sums_drawn(&x, 4, stat);
            for c in 0..4 {
                assert_eq!(want[c].len(), b);
                for (w, (p, q)) in want[c].iter().zip(got_table[c].iter().zip(&got_drawn[c])) {
                    assert!(
                        (w - p).abs() < 1e-9 * (1.0 + w.abs()) && (w - q).abs() < 1e-9 * (1.0 + w.abs()),
                        "{c}: {w} {p} {q}"
                    );
                }
            }
        }
        // Entries pointing inside the dense columns are refused rather than silently added.
        let bad = Sparse { width: 1, rows: vec![0], cols: vec![0], values: vec![1.0] };
        let x = Features::dense(n, 2, dense[..2 * n].to_vec()).with_sparse(bad);
        assert!(Bootstrap::new(5, 1).run_sums(&x, 1, |_, _| true)[0].is_empty());
        // So is a dense matrix of the wrong length.
        assert!(Bootstrap::new(5, 1).run_sums(&Features::dense(n, 2, dense.clone()), 1, |_, _| true)[0]
            .is_empty());
    }

    #[test]
    fn the_count_table_and_per_replicate_draws_agree() {
        // 5,000 rows × 3 features over several row blocks and parts; B = 40 (two sets of 32 in the
        // drawn path). The shared table must give the same replicates as drawing each one.
        let n = 5000;
        let bs = Bootstrap::new(40, 11);
        let x: Vec<f64> = (0..n).map(|i| ((i * 7919) % 1000) as f64 / 100.0).collect();
        let feats: Vec<f64> =
            vec![1.0; n].into_iter().chain(x.iter().copied()).chain(x.iter().map(|v| v * v)).collect();
        let stat = |s: &[f64], out: &mut [f64]| {
            out[0] = s[1] / s[0];
            out[1] = s[2] / s[0] - (s[1] / s[0]).powi(2);
            true
        };
        let table = bs.table(n).expect("small enough for a table");
        let x = Features::dense(n, 3, feats);
        let a = bs.run_sums_table(&table, &x, 2, stat);
        let b = bs.run_sums_drawn(&x, 2, stat);
        assert_eq!(a[0].len(), 40);
        for c in 0..2 {
            assert!(
                a[c].iter().zip(&b[c]).all(|(p, q)| (p - q).abs() < 1e-9 * (1.0 + q.abs())),
                "component {c}"
            );
        }
    }

    #[test]
    fn counts_of_255_and_more_are_kept_exactly() {
        // n = 300 rows and a table entry forced into `big`: every reader must see the exact count.
        let t = CountTable { n: 300, counts: vec![0; 300], big: vec![(0, 7, 300)] };
        let mut t = t;
        t.counts[7] = 255;
        assert_eq!(t.count(0, 7), 300);
        let x: Vec<f64> = (0..300).map(|i| i as f64 + 1.0).collect();
        let bs = Bootstrap::new(1, 0);
        let sums = bs.run_sums_table(&t, &Features::dense(300, 1, x), 1, |s, out| {
            out[0] = s[0];
            true
        });
        assert_eq!(sums[0], vec![300.0 * 8.0]);
    }

    #[test]
    fn bootstrap_p_definition() {
        assert_eq!(bootstrap_p(&[1.0, 2.0, 3.0, 4.0]), Some(0.25));
        assert_eq!(bootstrap_p(&[-1.0, 2.0, 3.0, 4.0]), Some(0.5));
        assert_eq!(bootstrap_p(&[-1.0, -2.0, 3.0, 4.0]), Some(1.0));
        assert_eq!(bootstrap_p(&[0.0, 0.0]), Some(1.0));
        assert_eq!(bootstrap_p(&[]), None);
    }
}
