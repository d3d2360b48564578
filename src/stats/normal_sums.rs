//! Large-sample intervals for statistics that are smooth functions of column sums: the resampled
//! sums are drawn from their normal limit instead of resampling rows ("normal sums").
//!
//! Every bootstrap in hirecal maps the weighted column sums `S* = Σ_i c_i x_i` of a feature matrix
//! (x_i the feature row of hire i, c_i its resample count) to the statistics of the replicate. Under
//! the multinomial bootstrap (c ~ Multinomial(n; 1/n, …, 1/n)) the sums have, exactly,
//!
//! ```text
//!   E[S*] = S = Σ_i x_i,     Cov[S*] = M = Σ_i (x_i − x̄)(x_i − x̄)ᵀ,
//! ```
//!
//! and by the central limit theorem S* is approximately N(S, M) when n is large. Above
//! [`LARGE_SAMPLE_ROWS`] rows hirecal draws B replicates `S*_j = S + A z_j` with z_j ~ N(0, I) and
//! A Aᵀ = M (A = V Λ^½ from the symmetric eigendecomposition M = V Λ Vᵀ, negative rounding-level
//! eigenvalues set to 0), and hands each to the same statistic as the bootstrap. This is the delta
//! method evaluated by simulation (Krinsky & Robb 1986, "On approximating the statistical properties
//! of elasticities", Review of Economics and Statistics 68(4)); for a smooth statistic g the
//! percentile interval of g(S*_j) agrees to first order with g(S) ± z·√(∇gᵀ M ∇g), the delta-method
//! interval (van der Vaart 1998, Asymptotic Statistics, ch. 3), with no derivative written by hand,
//! and differences between statistics on the same replicates (the joint distribution) come for free.
//!
//! Cost: one pass over the rows for S and M (O(n·d²), d the number of sums) plus O(B·d²) for the
//! draws, instead of B·n resample draws and B·n·d multiply-adds. Determinism: replicate j's normal
//! deviates come from ChaCha8 keyed by the seed on stream j, M is summed over a fixed partition of
//! the rows in order, so the result does not depend on the thread count.

use nalgebra::{DMatrix, DVector};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;

use super::features::Features;

/// Rows (hires) from which the resampled sums are drawn from their normal limit instead of resampled.
/// Below it the bootstrap is cheap and keeps its small-sample behaviour (skewed, bounded statistics).
pub const LARGE_SAMPLE_ROWS: usize = 10_000;

/// How a set of replicates is made. The names are what summary.json records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalMethod {
    /// Nonparametric (multinomial) percentile bootstrap: rows resampled with replacement.
    Bootstrap,
    /// The resampled column sums drawn from their normal limit N(S, M) (this module).
    NormalSums,
}

impl IntervalMethod {
    /// The method used for statistics over `n` rows: [`IntervalMethod::NormalSums`] from
    /// [`LARGE_SAMPLE_ROWS`] on, the bootstrap below.
    pub fn for_rows(n: usize) -> Self {
        if n >= LARGE_SAMPLE_ROWS {
            IntervalMethod::NormalSums
        } else {
            IntervalMethod::Bootstrap
        }
    }

    /// The JSON name (`bootstrap`, `normal_sums`).
    pub fn name(self) -> &'static str {
        match self {
            IntervalMethod::Bootstrap => "bootstrap",
            IntervalMethod::NormalSums => "normal_sums",
        }
    }
}

/// The column sums S (length dt = [`Features::sums`]) and the centred cross-product matrix M (dt × dt)
/// of `x`: its n × d dense features plus its sparse entries in columns d..dt. `None` when a value is
/// not finite or the features are inconsistent (the caller then keeps the bootstrap).
pub fn sums_and_covariance(x: &Features) -> Option<(Vec<f64>, DMatrix<f64>)> {
    let (n, d, dt, features, sparse) = (x.rows(), x.dense_columns(), x.sums(), x.dense_values(), x.sparse());
    if n == 0 || !x.is_consistent() || !features.iter().chain(&sparse.values).all(|v| v.is_finite()) {
        return None;
    }
    let w = sparse.width;
    let nf = n as f64;
    // Dense columns centred; their sums and means.
    let mut s = vec![0.0; dt];
    let mut xc = features.to_vec();
    for f in 0..d {
        let col = &mut xc[f * n..(f + 1) * n];
        let sum: f64 = col.iter().sum();
        s[f] = sum;
        let mean = sum / nf;
        col.iter_mut().for_each(|v| *v -= mean);
    }
    // Dense block: Xcᵀ Xc over a fixed partition of the rows, partial products added in order.
    const PARTS: usize = 16;
    let part = n.div_ceil(PARTS).max(1);
    let partials: Vec<DMatrix<f64>> = (0..n.div_ceil(part))
        .into_par_iter()
        .map(|p| {
            let (lo, hi) = (p * part, ((p + 1) * part).min(n));
            let block = DMatrix::from_fn(hi - lo, d, |i, f| xc[f * n + lo + i]);
            block.tr_mul(&block)
        })
        .collect();
    let mut m = DMatrix::<f64>::zeros(dt, dt);
    for pm in &partials {
        let mut v = m.view_mut((0, 0), (d, d));
        v += pm;
    }
    // Sparse columns: S, dense × sparse (Σ_i xc_ia x_ib: the dense columns are centred, so the
    // sparse means drop out), sparse × sparse per row (Σ_i x_ia x_ib − n m_a m_b).
    let mut order: Vec<usize> = (0..sparse.rows.len()).collect();
    order.sort_by_key(|&e| sparse.rows[e]);
    for &e in &order {
        let (i, c) = (sparse.rows[e] as usize, sparse.cols[e] as usize);
        let vals = &sparse.values[e * w..(e + 1) * w];
        for (o, v) in vals.iter().enumerate() {
            s[c + o] += v;
            for a in 0..d {
                let x = xc[a * n + i] * v;
                m[(a, c + o)] += x;
                m[(c + o, a)] += x;
            }
        }
    }
    let mut row_vals: Vec<(usize, f64)> = Vec::new();
    let mut e = 0;
    while e < order.len() {
        let i = sparse.rows[order[e]];
        row_vals.clear();
        while e < order.len() && sparse.rows[order[e]] == i {
            let (c, ent) = (sparse.cols[order[e]] as usize, order[e]);
            row_vals
                .extend(sparse.values[ent * w..(ent + 1) * w].iter().enumerate().map(|(o, &v)| (c + o, v)));
            e += 1;
        }
        for &(a, va) in &row_vals {
            for &(b, vb) in &row_vals {
                m[(a, b)] += va * vb;
            }
        }
    }
    for a in d..dt {
        for b in d..dt {
            m[(a, b)] -= s[a] * s[b] / nf;
        }
    }
    Some((s, m))
}

/// A factor A with A Aᵀ = M (symmetric, positive semi-definite up to rounding): V Λ^½ from the
/// symmetric eigendecomposition, eigenvalues below zero set to zero.
pub fn psd_factor(m: &DMatrix<f64>) -> DMatrix<f64> {
    let sym = (m + m.transpose()) * 0.5;
    let eig = sym.symmetric_eigen();
    let mut a = eig.eigenvectors;
    for (j, &l) in eig.eigenvalues.iter().enumerate() {
        let r = l.max(0.0).sqrt();
        a.column_mut(j).iter_mut().for_each(|v| *v *= r);
    }
    a
}

/// Replicate `j`'s sums S + A z_j, z_j standard normal from ChaCha8 keyed by `seed` on stream j.
pub fn draw_into(seed: u64, j: usize, s: &[f64], a: &DMatrix<f64>, z: &mut DVector<f64>, out: &mut [f64]) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(j as u64);
    z.iter_mut().for_each(|v| *v = StandardNormal.sample(&mut rng));
    out.copy_from_slice(s);
    let az = a * &*z;
    out.iter_mut().zip(az.iter()).for_each(|(o, v)| *o += v);
}

/// B replicates of a statistic of the sums of `x`, the sums drawn from N(S, M): `stat` maps replicate
/// j's [`Features::sums`] sums to its k values (false = undefined). Returns k vectors of the kept
/// replicates in replicate order (components aligned), or `None` when a feature is not finite.
pub fn replicates<F>(seed: u64, b: usize, x: &Features, k: usize, stat: F) -> Option<Vec<Vec<f64>>>
where
    F: Fn(&[f64], &mut [f64]) -> bool + Sync + Send,
{
    let (s, m) = sums_and_covariance(x)?;
    let dt = x.sums();
    let a = psd_factor(&m);
    let kk = k.max(1);
    let mut flat = vec![f64::NAN; b * kk];
    let mut ok = vec![false; b];
    flat.par_chunks_mut(kk).zip(ok.par_iter_mut()).enumerate().for_each_init(
        || (DVector::<f64>::zeros(dt), vec![0.0; dt]),
        |(z, row), (j, (vals, good))| {
            draw_into(seed, j, &s, &a, z, row);
            let v = &mut vals[..k];
            *good = stat(row, v) && v.iter().all(|x| x.is_finite());
        },
    );
    let mut out = vec![Vec::new(); k];
    for (j, _) in ok.iter().enumerate().filter(|(_, g)| **g) {
        for (c, o) in out.iter_mut().enumerate() {
            o.push(flat[j * kk + c]);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::features::Sparse;

    #[test]
    fn covariance_matches_the_direct_formula_with_sparse_columns() {
        // 40 rows, 2 dense columns and a sparse group of width 2 on some rows (one row twice): M must be
        // Σ (x_i − x̄)(x_i − x̄)ᵀ of the dense equivalent, computed directly.
        let n = 40;
        let x: Vec<f64> = (0..n).map(|i| ((i * 13) % 7) as f64 - 2.5).collect();
        let y: Vec<f64> = (0..n).map(|i| ((i * 5) % 11) as f64 / 3.0).collect();
        let feats: Vec<f64> = x.iter().chain(&y).copied().collect();
        let (rows, cols) = (vec![3u32, 9, 9, 17, 30], vec![2u32; 5]);
        let values = vec![1.0, 2.0, 0.5, -1.0, 0.25, 0.25, 3.0, 1.0, -2.0, 4.0];
        let sparse = Sparse { width: 2, rows: rows.clone(), cols, values: values.clone() };
        let x2 = Features::dense(n, 2, feats.clone()).with_sparse(sparse.clone());
        let (s, m) = sums_and_covariance(&x2).unwrap();
        let mut full = vec![[0.0f64; 4]; n];
        for i in 0..n {
            full[i][0] = x[i];
            full[i][1] = y[i];
        }
        for (e, &r) in rows.iter().enumerate() {
            full[r as usize][2] += values[2 * e];
            full[r as usize][3] += values[2 * e + 1];
        }
        let mean: Vec<f64> = (0..4).map(|f| full.iter().map(|r| r[f]).sum::<f64>() / n as f64).collect();
        for a in 0..4 {
            assert!((s[a] - mean[a] * n as f64).abs() < 1e-9);
            for b in 0..4 {
                let want: f64 = full.iter().map(|r| (r[a] - mean[a]) * (r[b] - mean[b])).sum();
                assert!((m[(a, b)] - want).abs() < 1e-9, "M[{a},{b}] = {} vs {want}", m[(a, b)]);
            }
        }
        let fac = psd_factor(&m);
        let back = &fac * fac.transpose();
        assert!((back - &m).abs().max() < 1e-9);
        // A value that is not finite: no normal sums (the caller keeps the bootstrap).
        let mut bad = feats.clone();
        bad[7] = f64::NAN;
        assert!(sums_and_covariance(&Features::dense(n, 2, bad).with_sparse(sparse)).is_none());
    }

    #[test]
    fn replicates_have_the_bootstrap_mean_and_covariance() {
        // The mean of 1 + x and the sum of x²: over 4000 draws the replicates' mean and covariance must
        // match S and M within Monte Carlo error; a constant column stays exactly constant.
        let n = 500;
        let x: Vec<f64> = (0..n).map(|i| ((i * 37) % 101) as f64 / 50.0 - 1.0).collect();
        let feats: Vec<f64> =
            vec![1.0; n].into_iter().chain(x.iter().copied()).chain(x.iter().map(|v| v * v)).collect();
        let x = Features::dense(n, 3, feats);
        let (s, m) = sums_and_covariance(&x).unwrap();
        let reps = replicates(7, 4000, &x, 3, |t, out| {
            out.copy_from_slice(t);
            true
        })
        .unwrap();
        assert!(reps[0].iter().all(|&c| (c - n as f64).abs() < 1e-9));
        for a in 1..3 {
            let mean = reps[a].iter().sum::<f64>() / 4000.0;
            let sd = m[(a, a)].sqrt();
            assert!((mean - s[a]).abs() < 4.0 * sd / 4000f64.sqrt(), "mean {a}");
            let var = reps[a].iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 3999.0;
            assert!((var / m[(a, a)] - 1.0).abs() < 0.1, "var {a}: {var} vs {}", m[(a, a)]);
        }
        // Same seed, same replicates, on any number of threads.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let again = pool
            .install(|| {
                replicates(7, 4000, &x, 3, |t, out| {
                    out.copy_from_slice(t);
                    true
                })
            })
            .unwrap();
        assert_eq!(reps, again);
    }

    #[test]
    fn method_by_rows() {
        assert_eq!(IntervalMethod::for_rows(LARGE_SAMPLE_ROWS - 1), IntervalMethod::Bootstrap);
        assert_eq!(IntervalMethod::for_rows(LARGE_SAMPLE_ROWS), IntervalMethod::NormalSums);
        assert_eq!(IntervalMethod::NormalSums.name(), "normal_sums");
    }
}
