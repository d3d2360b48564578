//! Krippendorff's alpha for interval and ordinal data with missing ratings.
//!
//! Krippendorff (2011), "Computing Krippendorff's alpha-reliability":
//! `α = 1 − D_o/D_e` with the coincidence matrix `o_ck = Σ_u Σ_{i≠j} [v_ui=c][v_uj=k]/(m_u − 1)` over
//! the pairable units (`m_u ≥ 2` values), value totals `n_c = Σ_k o_ck`, `n = Σ_c n_c`,
//! `D_o = Σ o_ck δ²_ck / n` and `D_e = Σ n_c n_k δ²_ck / (n(n − 1))`.
//!
//! Neither the V × V coincidence matrix nor a distance matrix is materialised:
//!
//! * interval, `δ²_ck = (c − k)²`: `Σ_{i≠j∈u}(v_i − v_j)² = 2 m_u SS_u`, so
//!   `D_o = (2/n) Σ_u m_u SS_u/(m_u − 1)` and `D_e = 2 SS/(n − 1)`, where `SS_u` is the within-unit
//!   sum of squared deviations and `SS` the one over all pairable values: O(total values).
//! * ordinal, `δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²`: with the midrank
//!   `F_c = Σ_{g<c} n_g + n_c/2` this is exactly `(F_k − F_c)²`, so ordinal alpha is interval alpha of
//!   the values replaced by their midranks among the pairable values: O(values · log values) time
//!   and O(values) memory, for any number V of distinct (possibly non-integer) values.
//!
//! Matches the `krippendorff` PyPI package (`level_of_measurement="interval"` / `"ordinal"`, value
//! domain = the distinct values present); see `tests/reference/stats_reliability.py`.

use super::descriptive::ranks;

/// Level of measurement (distance metric) for [`alpha`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// `δ²(c, k) = (c − k)²`.
    Interval,
    /// Rank-based distance over the sorted distinct values, weighted by their pairable frequencies.
    Ordinal,
}

/// Krippendorff's alpha of `units` (rows = units/candidates, entries = each rater's value or `None`
/// when missing).
///
/// Units with fewer than 2 values are not pairable and are ignored (as are their values, which then
/// do not enter the value frequencies); non-finite values are treated as missing. `−0.0` equals `0.0`.
/// Rows may have different lengths.
///
/// Range: `α ≤ 1`, with `1` for perfect agreement and `≈ 0` for chance agreement (it can be negative).
/// Returns `None` when no unit is pairable or all pairable values are equal (`D_e = 0`).
pub fn alpha(units: &[Vec<Option<f64>>], metric: Metric) -> Option<f64> {
    // Pairable units, flattened: `values` with unit boundaries in `ends`.
    let mut values: Vec<f64> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    for unit in units {
        let start = values.len();
        // `+ 0.0` normalises −0.0 to 0.0 so that `total_cmp` groups them.
        values.extend(unit.iter().flatten().filter(|x| x.is_finite()).map(|x| x + 0.0));
        match values.len() - start {
            0 => {}
            1 => values.truncate(start),
            _ => ends.push(values.len()),
        }
    }
    alpha_flat(values, &ends, metric)
}

/// [`alpha`] for complete units given as slices (no missing values), e.g. the candidates' cells:
/// the same value without building a `Vec<Option<f64>>` per unit.
pub fn alpha_slices(units: &[&[f64]], metric: Metric) -> Option<f64> {
    let mut values: Vec<f64> = Vec::with_capacity(units.iter().map(|u| u.len()).sum());
    let mut ends: Vec<usize> = Vec::with_capacity(units.len());
    for unit in units {
        let start = values.len();
        values.extend(unit.iter().filter(|x| x.is_finite()).map(|x| x + 0.0));
        match values.len() - start {
            0 => {}
            1 => values.truncate(start),
            _ => ends.push(values.len()),
        }
    }
    alpha_flat(values, &ends, metric)
}

/// Alpha over the pairable values, unit `u` ending at `ends[u]`.
fn alpha_flat(mut values: Vec<f64>, ends: &[usize], metric: Metric) -> Option<f64> {
    if ends.is_empty() {
        return None;
    }
    if metric == Metric::Ordinal {
        to_midranks(&mut values);
    }
    let n = values.len() as f64;
    let ss_all = sum_sq_dev(&values);
    if ss_all <= 0.0 {
        return None;
    }
    let mut start = 0;
    let mut within = 0.0;
    for &end in ends {
        let unit = &values[start..end];
        let m = unit.len() as f64;
        within += m * sum_sq_dev(unit) / (m - 1.0);
        start = end;
    }
    let a = 1.0 - (n - 1.0) * within / (n * ss_all);
    a.is_finite().then_some(a)
}

/// Σ (x − x̄)² (two-pass).
fn sum_sq_dev(xs: &[f64]) -> f64 {
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    xs.iter().map(|x| (x - mean).powi(2)).sum()
}

/// Replaces each value by its midrank `#{values < v} + #{values = v}/2`, the average rank less ½
/// (exact in f64 for fewer than 2⁵² values). Through [`ranks`], so −0.0 and 0.0 share a midrank (the
/// lookup this replaces sent 0.0 past the shared entry, out of bounds when it was the largest value).
fn to_midranks(values: &mut [f64]) {
    let r = ranks(values);
    for (v, r) in values.iter_mut().zip(r) {
        *v = r - 0.5;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NA: f64 = f64::NAN;

    #[test]
    fn midranks_count_values_below_and_half_the_ties() {
        let mut v = [3.0, 1.0, 3.0, 2.0, 3.0, -0.0, 0.0];
        to_midranks(&mut v);
        // sorted: ±0 ±0 | 1 | 2 | 3 3 3 → midranks 1, 2.5, 3.5, 5.5
        assert_eq!(v, [5.5, 2.5, 5.5, 3.5, 5.5, 1.0, 1.0]);
    }

    fn units(rows: &[&[f64]]) -> Vec<Vec<Option<f64>>> {
        rows.iter().map(|r| r.iter().map(|&x| (!x.is_nan()).then_some(x)).collect()).collect()
    }

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} vs {b} (tol {tol})");
    }

    /// K_INT in the reference script (units in rows).
    fn k_int() -> Vec<Vec<Option<f64>>> {
        units(&[
            &[1.0, NA, 2.0, 1.0],
            &[2.0, 2.0, 3.0, NA],
            &[3.0, 3.0, 3.0, 3.0],
            &[4.0, 4.0, 5.0, NA],
            &[NA, 1.0, NA, NA],
            &[2.0, 3.0, NA, 2.0],
            &[5.0, 5.0, 4.0, 5.0],
            &[3.0, NA, NA, 1.0],
            &[NA, NA, NA, NA],
            &[4.0, 3.0, 4.0, 4.0],
        ])
    }

    /// K_FRAC: non-integer scorecard means with ties; 3.1 appears only in an unpairable unit.
    fn k_frac() -> Vec<Vec<Option<f64>>> {
        units(&[
            &[2.5, 3.0, NA],
            &[3.25, 3.25, 3.5],
            &[1.75, NA, 2.0],
            &[4.0, 3.5, 3.75],
            &[2.0, 2.5, 2.5],
            &[NA, 3.1, NA],
            &[3.0, 3.0, NA],
            &[1.5, 2.0, 1.75],
            &[NA, 4.5, 4.0],
            &[2.5, 2.5, 3.0],
        ])
    }

    /// Krippendorff (2011) example, transposed to units in rows.
    fn k_wiki() -> Vec<Vec<Option<f64>>> {
        let raters: [[f64; 15]; 3] = [
            [NA, NA, NA, NA, NA, 3., 4., 1., 2., 1., 1., 3., 3., NA, 3.],
            [1., NA, 2., 1., 3., 3., 4., 3., NA, NA, NA, NA, NA, NA, NA],
            [NA, NA, 2., 1., 3., 4., 4., NA, 2., 1., 1., 3., 3., NA, 4.],
        ];
        (0..15).map(|u| raters.iter().map(|r| (!r[u].is_nan()).then_some(r[u])).collect()).collect()
    }

    #[test]
    fn matches_krippendorff_package() {
        close(alpha(&k_int(), Metric::Interval).unwrap(), 0.7512437810945274, 1e-9);
        close(alpha(&k_int(), Metric::Ordinal).unwrap(), 0.7851107226107226, 1e-9);
        close(alpha(&k_frac(), Metric::Interval).unwrap(), 0.9007145543437383, 1e-9);
        close(alpha(&k_frac(), Metric::Ordinal).unwrap(), 0.9152327159682998, 1e-9);
        close(alpha(&k_wiki(), Metric::Interval).unwrap(), 0.8108448928121059, 1e-9);
        close(alpha(&k_wiki(), Metric::Ordinal).unwrap(), 0.8067214199413153, 1e-9);
    }

    #[test]
    fn complete_matrix_matches_package() {
        // ICC_M from icc.rs / the reference script.
        let m: [[f64; 4]; 12] = [
            [9.0, 2.0, 5.0, 8.0],
            [6.0, 1.0, 3.0, 2.0],
            [8.0, 4.0, 6.0, 8.0],
            [7.0, 1.0, 2.0, 6.0],
            [10.0, 5.0, 6.0, 9.0],
            [6.0, 2.0, 4.0, 7.0],
            [5.5, 3.0, 4.5, 6.0],
            [8.5, 2.5, 5.0, 7.5],
            [4.0, 1.5, 2.0, 3.5],
            [7.25, 3.75, 4.0, 6.5],
            [9.5, 4.0, 7.0, 8.0],
            [3.0, 1.0, 1.5, 2.0],
        ];
        let rows: Vec<&[f64]> = m.iter().map(|r| r.as_slice()).collect();
        let u = units(&rows);
        close(alpha(&u, Metric::Interval).unwrap(), 0.279627148917169, 1e-9);
        close(alpha(&u, Metric::Ordinal).unwrap(), 0.28667285771513884, 1e-9);
    }

    #[test]
    fn slices_agree_with_options() {
        let m: [&[f64]; 5] = [&[1.0, 2.0, 1.5], &[3.0, 3.5], &[2.0], &[4.0, 4.5, 5.0, 4.0], &[2.5, 1.0]];
        let u: Vec<Vec<Option<f64>>> = m.iter().map(|r| r.iter().map(|&x| Some(x)).collect()).collect();
        for metric in [Metric::Interval, Metric::Ordinal] {
            assert_eq!(alpha_slices(&m, metric), alpha(&u, metric));
        }
    }

    #[test]
    fn undefined_cases() {
        assert!(alpha(&[], Metric::Interval).is_none());
        assert!(alpha(&units(&[&[1.0, NA], &[NA, 2.0]]), Metric::Interval).is_none());
        // All pairable values equal (an unpairable different value does not count).
        let u = units(&[&[2.0, 2.0], &[2.0, 2.0, 2.0], &[5.0, NA]]);
        assert!(alpha(&u, Metric::Interval).is_none());
        assert!(alpha(&u, Metric::Ordinal).is_none());
        // Perfect agreement.
        let u = units(&[&[1.0, 1.0], &[2.0, 2.0, 2.0], &[-0.0, 0.0]]);
        close(alpha(&u, Metric::Interval).unwrap(), 1.0, 1e-12);
        close(alpha(&u, Metric::Ordinal).unwrap(), 1.0, 1e-12);
        // Non-finite values are missing.
        let mut u = k_int();
        u[0][1] = Some(f64::INFINITY);
        u[4][0] = Some(f64::NAN);
        close(alpha(&u, Metric::Interval).unwrap(), 0.7512437810945274, 1e-9);
    }

    #[test]
    fn ordinal_is_invariant_to_monotone_transforms() {
        let u = k_frac();
        let t: Vec<Vec<Option<f64>>> =
            u.iter().map(|r| r.iter().map(|x| x.map(|v| v.powi(3) - 10.0)).collect()).collect();
        close(alpha(&u, Metric::Ordinal).unwrap(), alpha(&t, Metric::Ordinal).unwrap(), 1e-12);
    }

    /// Brute-force coincidence-matrix reference (Krippendorff 2011), O(V²).
    fn brute(units: &[Vec<Option<f64>>], metric: Metric) -> f64 {
        let pu: Vec<Vec<f64>> = units
            .iter()
            .map(|u| u.iter().flatten().copied().collect::<Vec<_>>())
            .filter(|u| u.len() >= 2)
            .collect();
        let mut dom: Vec<f64> = pu.iter().flatten().copied().collect();
        dom.sort_by(f64::total_cmp);
        dom.dedup();
        let v = dom.len();
        let idx = |x: f64| dom.iter().position(|&d| d == x).unwrap();
        let mut o = vec![vec![0.0; v]; v];
        for u in &pu {
            let m = u.len() as f64;
            for (i, &a) in u.iter().enumerate() {
                for (j, &b) in u.iter().enumerate() {
                    if i != j {
                        o[idx(a)][idx(b)] += 1.0 / (m - 1.0);
                    }
                }
            }
        }
        let nv: Vec<f64> = o.iter().map(|r| r.iter().sum()).collect();
        let n: f64 = nv.iter().sum();
        let d = |c: usize, k: usize| match metric {
            Metric::Interval => (dom[c] - dom[k]).powi(2),
            Metric::Ordinal => {
                let (lo, hi) = (c.min(k), c.max(k));
                (nv[lo..=hi].iter().sum::<f64>() - (nv[c] + nv[k]) / 2.0).powi(2)
            }
        };
        let (mut num, mut den) = (0.0, 0.0);
        for c in 0..v {
            for k in 0..v {
                num += o[c][k] * d(c, k);
                let e = nv[c] * (nv[k] - if c == k { 1.0 } else { 0.0 }) / (n - 1.0);
                den += e * d(c, k);
            }
        }
        1.0 - num / den
    }

    #[test]
    fn closed_form_equals_coincidence_matrix() {
        let mut g = Normal(7);
        for trial in 0..20 {
            let u: Vec<Vec<Option<f64>>> = (0..30)
                .map(|_| {
                    let t = (g.next() * 2.0).round();
                    (0..2 + trial % 4)
                        .map(|_| (g.uniform() > 0.3).then(|| ((t + g.next()) * 4.0).round() / 4.0))
                        .collect()
                })
                .collect();
            for metric in [Metric::Interval, Metric::Ordinal] {
                close(alpha(&u, metric).unwrap(), brute(&u, metric), 1e-10);
            }
        }
    }

    /// 64-bit LCG + Box–Muller.
    struct Normal(u64);
    impl Normal {
        fn uniform(&mut self) -> f64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        }
        fn next(&mut self) -> f64 {
            let (u1, u2) = (self.uniform(), self.uniform());
            (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
        }
    }

    #[test]
    fn recovers_true_reliability() {
        // y = true score (var 1) + noise (var 1), 2000 × 4, 25 % missing: alpha ≈ ICC(1) = 0.5.
        let mut g = Normal(42);
        let u: Vec<Vec<Option<f64>>> = (0..2000)
            .map(|_| {
                let t = g.next();
                (0..4)
                    .map(|_| {
                        let y = t + g.next();
                        (g.uniform() > 0.25).then_some(y)
                    })
                    .collect()
            })
            .collect();
        close(alpha(&u, Metric::Interval).unwrap(), 0.5, 0.03);
        // Rank-based: close to, but not exactly, the interval value for normal data.
        close(alpha(&u, Metric::Ordinal).unwrap(), 0.5, 0.05);
    }

    #[test]
    fn scales_to_many_distinct_values() {
        // 200k continuous values (≈ all distinct): must be fast and memory-light.
        let mut g = Normal(3);
        let u: Vec<Vec<Option<f64>>> = (0..50_000)
            .map(|_| {
                let t = g.next();
                (0..4).map(|_| Some(t + g.next())).collect()
            })
            .collect();
        let a = alpha(&u, Metric::Ordinal).unwrap();
        assert!((0.4..0.6).contains(&a), "{a}");
    }
}
