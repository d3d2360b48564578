//! Weighted feature sums straight from one-byte resample counts: the inner product of the bootstrap's
//! count table with a feature matrix, `out[j][f] += Σ_i count[j][i] · x[i][f]`.
//!
//! A general matrix product (GEMM) needs both operands as f64, so every bootstrap over 180,000 hires
//! converted and packed 180 million counts before multiplying — most of its time for a handful of
//! features. Here four replicates' byte counts of a block of rows are turned into a few hundred f64
//! at a time and multiplied into the block's feature rows (which stay in cache) while the sums stay in
//! registers: no conversion pass over the table, no packing, no count matrix in memory.
//!
//! Every sum accumulates its terms one row at a time in row order, each term a fused multiply-add
//! (one rounding, `f64::mul_add`), so the result is the same bit for bit whichever instruction set
//! runs it: AVX-512 or AVX2 with FMA when the CPU has them (chosen at run time), otherwise the
//! portable build, whose `mul_add` is the correctly rounded library fma (slower, same bits).

/// Features per vector group: one 512-bit register of f64.
pub const LANES: usize = 8;

/// Feature columns in a row of `ft`: `d` rounded up to a whole number of [`LANES`].
pub fn padded(d: usize) -> usize {
    d.div_ceil(LANES) * LANES
}

/// Adds, for every replicate j, `Σ_i counts[j·stride + i] · ft[i·dp + f]` over the rows i of one block
/// to `out[j·dp + f]`.
///
/// - `counts`: replicate j's counts of the block's rows at `j·stride .. j·stride + m` (a count table
///   sliced at the block's first row, `stride` = the table's row count);
/// - `ft`: the block's m rows of features, row-major with `dp` = [`padded`]`(d)` columns (padding zero);
/// - `out`: B rows of `dp` sums, with B = `out.len() / dp`.
pub fn accumulate(counts: &[u8], stride: usize, m: usize, ft: &[f64], dp: usize, out: &mut [f64]) {
    assert!(dp.is_multiple_of(LANES) && ft.len() >= m * dp && out.len().is_multiple_of(dp.max(1)));
    let b = out.len().checked_div(dp).unwrap_or(0);
    if m == 0 || b == 0 {
        return;
    }
    assert!(counts.len() >= (b - 1) * stride + m);
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") && std::arch::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU supports AVX-512F and FMA (checked just above).
            return unsafe { accumulate_avx512(counts, stride, m, ft, dp, out) };
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
            // SAFETY: the CPU supports AVX2 and FMA (checked just above).
            return unsafe { accumulate_avx2(counts, stride, m, ft, dp, out) };
        }
    }
    accumulate_any(counts, stride, m, ft, dp, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,fma")]
fn accumulate_avx512(counts: &[u8], stride: usize, m: usize, ft: &[f64], dp: usize, out: &mut [f64]) {
    accumulate_any(counts, stride, m, ft, dp, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn accumulate_avx2(counts: &[u8], stride: usize, m: usize, ft: &[f64], dp: usize, out: &mut [f64]) {
    accumulate_any(counts, stride, m, ft, dp, out)
}

/// Replicates summed together: their sums share each load of a feature row, and R × G independent
/// accumulators keep the adds from waiting on each other.
const R: usize = 4;

/// The kernel, compiled once per instruction set by the wrappers above (it is inlined into each).
#[inline(always)]
fn accumulate_any(counts: &[u8], stride: usize, m: usize, ft: &[f64], dp: usize, out: &mut [f64]) {
    let ft = &ft[..m * dp];
    let b = out.len() / dp;
    // R replicates' counts of the block as f64, replicate r at r·m (zero for missing replicates).
    let mut w = vec![0.0f64; R * m];
    for (jb, o) in (0..b).step_by(R).zip(out.chunks_mut(R * dp)) {
        let rr = R.min(b - jb);
        // Replicates are a table row apart, too far for the hardware prefetcher: ask for the next
        // group's counts while this one is summed.
        for r in 0..R {
            prefetch(counts, (jb + R + r) * stride, m);
        }
        for (r, wr) in w.chunks_exact_mut(m).enumerate() {
            if r < rr {
                let c = &counts[(jb + r) * stride..(jb + r) * stride + m];
                for (x, &ci) in wr.iter_mut().zip(c) {
                    *x = f64::from(ci);
                }
            } else {
                wr.fill(0.0);
            }
        }
        // Up to four vector groups (32 features) at a time, their sums kept in registers over the block.
        let mut g = 0;
        while g < dp {
            match (dp - g) / LANES {
                1 => group::<1>(&w, m, ft, dp, g, o),
                2 => group::<2>(&w, m, ft, dp, g, o),
                3 => group::<3>(&w, m, ft, dp, g, o),
                _ => group::<4>(&w, m, ft, dp, g, o),
            }
            g += 4 * LANES;
        }
    }
}

/// Hints that `counts[at .. at + len]` will be read soon (no effect past the end, or off x86-64).
#[inline(always)]
fn prefetch(counts: &[u8], at: usize, len: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let end = (at + len).min(counts.len());
        // Every 64-byte line from `at` to the last byte.
        for k in (at..end).step_by(64).chain((at < end).then_some(end - 1)) {
            // SAFETY: a prefetch never faults, and the address is inside `counts`.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(counts.as_ptr().add(k).cast::<i8>()) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (counts, at, len);
}

/// Features `g .. g + G·LANES` of up to R replicates (`o` holds their rows of dp sums; `w` their
/// weights, replicate r at r·m): `o[r·dp + f] += Σ_i w[r·m + i] · ft[i·dp + f]`, terms in row order.
#[inline(always)]
fn group<const G: usize>(w: &[f64], m: usize, ft: &[f64], dp: usize, g: usize, o: &mut [f64]) {
    let mut acc = [[[0.0f64; LANES]; G]; R];
    let (w0, rest) = w.split_at(m);
    let (w1, rest) = rest.split_at(m);
    let (w2, w3) = rest.split_at(m);
    let rows = ft.chunks_exact(dp).zip(w0).zip(w1).zip(w2).zip(w3);
    for ((((row, &a), &b), &c), &d) in rows {
        let x = &row[g..g + G * LANES];
        for (acc_r, wr) in acc.iter_mut().zip([a, b, c, d]) {
            for (acc_k, xk) in acc_r.iter_mut().zip(x.chunks_exact(LANES)) {
                for (s, &v) in acc_k.iter_mut().zip(xk) {
                    *s = wr.mul_add(v, *s);
                }
            }
        }
    }
    for (acc_r, dst) in acc.iter().zip(o.chunks_exact_mut(dp)) {
        for (acc_k, dk) in acc_r.iter().zip(dst[g..g + G * LANES].chunks_exact_mut(LANES)) {
            for (d, &s) in dk.iter_mut().zip(acc_k) {
                *d += s;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, in the same order: per replicate, per feature, the block's terms in row order
    /// summed first, then added to `out`.
    fn naive(counts: &[u8], stride: usize, m: usize, ft: &[f64], dp: usize, out: &mut [f64]) {
        for (j, o) in out.chunks_exact_mut(dp).enumerate() {
            for (f, of) in o.iter_mut().enumerate() {
                let mut s = 0.0;
                for i in 0..m {
                    s = f64::from(counts[j * stride + i]).mul_add(ft[i * dp + f], s);
                }
                *of += s;
            }
        }
    }

    #[test]
    fn equals_the_definition_bit_for_bit_for_every_width() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for d in [1, 5, 8, 9, 16, 22, 31, 32, 33, 46, 64, 77] {
            let dp = padded(d);
            let (b, stride, m) = (7, 53, 41);
            let counts: Vec<u8> =
                (0..b * stride).map(|_| (next() % 6) as u8 + u8::from(next() % 97 == 0) * 250).collect();
            let mut ft = vec![0.0; m * dp];
            for i in 0..m {
                for f in 0..d {
                    ft[i * dp + f] = (next() % 2001) as f64 / 37.0 - 27.0;
                }
            }
            let start: Vec<f64> = (0..b * dp).map(|k| k as f64 * 0.5).collect();
            let (mut got, mut want) = (start.clone(), start);
            accumulate(&counts[3..], stride, m, &ft, dp, &mut got);
            naive(&counts[3..], stride, m, &ft, dp, &mut want);
            assert_eq!(got, want, "d = {d}");
            // The portable build of the kernel (what a CPU without AVX runs) gives the same bits.
            let mut portable = (0..b * dp).map(|k| k as f64 * 0.5).collect::<Vec<_>>();
            accumulate_any(&counts[3..], stride, m, &ft, dp, &mut portable);
            assert_eq!(portable, want, "d = {d}, portable");
            // Padding columns stay as they were (zero features add nothing).
            assert!((0..b).all(|j| (d..dp).all(|f| got[j * dp + f] == (j * dp + f) as f64 * 0.5)));
        }
    }

    #[test]
    fn empty_blocks_change_nothing() {
        let mut out = vec![1.0; 16];
        accumulate(&[], 0, 0, &[], 8, &mut out);
        assert_eq!(out, vec![1.0; 16]);
        accumulate(&[], 0, 0, &[], 8, &mut []);
    }
}
