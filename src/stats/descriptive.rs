//! Descriptive statistics: mean, sample variance and SD (n − 1), average ranks.
//!
//! All functions reject non-finite input by returning `None` (or, for [`ranks`], are only
//! meaningful on finite input) so that NaN never leaks into a report.

/// Arithmetic mean, x̄ = Σxᵢ / n.
///
/// `None` if `xs` is empty or contains a non-finite value.
pub fn mean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() || xs.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    if m.is_finite() {
        return Some(m);
    }
    // The sum overflowed although every value is finite (e.g. [1e308, 1e308]); the mean itself
    // (|mean| ≤ max |x|) is representable, so divide before summing. No partial sum exceeds max |x|
    // but by rounding (3 × f64::MAX/3 rounds to ∞), hence the clamp.
    Some(xs.iter().map(|v| v / n).sum::<f64>().clamp(f64::MIN, f64::MAX))
}

/// Sample variance with Bessel's correction, s² = Σ(xᵢ − x̄)² / (n − 1).
///
/// Two-pass algorithm (mean first, then squared deviations) for numerical stability.
/// `None` if n < 2 or any value is non-finite. Invariant: result ≥ 0 (zero for constant input).
pub fn variance(xs: &[f64]) -> Option<f64> {
    if xs.len() < 2 {
        return None;
    }
    let m = mean(xs)?;
    // Constant input: exactly 0 as documented; the computed mean of n copies of v need not be v,
    // which left a variance like 1.6e-29 for 5 × −28.53.
    if xs.iter().all(|&v| v == xs[0]) {
        return Some(0.0);
    }
    let ss: f64 = xs.iter().map(|v| (v - m) * (v - m)).sum();
    let v = ss / (xs.len() - 1) as f64;
    v.is_finite().then_some(v)
}

/// Sample standard deviation, s = sqrt(s²) with the n − 1 variance of [`variance`].
///
/// `None` under the same conditions as [`variance`].
pub fn sd(xs: &[f64]) -> Option<f64> {
    variance(xs).map(f64::sqrt)
}

/// 1-based ranks with ties given the average of the ranks they span
/// (`scipy.stats.rankdata(method="average")`).
///
/// O(n log n). Invariants: output has the length of `xs`; ranks sum to n(n + 1)/2.
/// Values are ordered with `f64::total_cmp`, so the function never panics; callers
/// should pass finite values for meaningful ranks.
pub fn ranks(xs: &[f64]) -> Vec<f64> {
    if let Some(r) = ranks_of_few_values(xs) {
        return r;
    }
    let n = xs.len();
    // (key, index) pairs with an integer key in `total_cmp` order, sorted in place: no comparison
    // reaches back into `xs` (several times faster on a million values than sorting indices by it).
    let mut keyed: Vec<(u64, usize)> = xs.iter().enumerate().map(|(i, &x)| (total_key(x), i)).collect();
    keyed.sort_unstable_by_key(|p| p.0);
    let mut out = vec![0.0; n];
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && xs[keyed[j].1] == xs[keyed[i].1] {
            j += 1;
        }
        // positions i..j (0-based) hold ranks i+1..=j; their average is (i + 1 + j) / 2
        let r = (i + 1 + j) as f64 / 2.0;
        for &(_, k) in &keyed[i..j] {
            out[k] = r;
        }
        i = j;
    }
    out
}

/// Most distinct values [`ranks_of_few_values`] handles.
const FEW: usize = 64;

/// [`ranks`] in linear time when the values are finite and take at most [`FEW`] distinct values (scores
/// on a rating scale): a count per value gives each value's average rank. `None` otherwise.
fn ranks_of_few_values(xs: &[f64]) -> Option<Vec<f64>> {
    let mut values: Vec<f64> = Vec::new();
    let mut slot: Vec<u8> = Vec::with_capacity(xs.len());
    let mut last = 0usize;
    for &x in xs {
        if !x.is_finite() {
            return None;
        }
        // −0.0 == 0.0 shares a rank, as in the sorting path.
        let x = x + 0.0;
        if values.get(last) != Some(&x) {
            last = match values.iter().position(|&v| v == x) {
                Some(p) => p,
                None if values.len() < FEW => {
                    values.push(x);
                    values.len() - 1
                }
                None => return None,
            };
        }
        slot.push(last as u8);
    }
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut count = vec![0usize; values.len()];
    for &s in &slot {
        count[s as usize] += 1;
    }
    let mut rank = vec![0.0; values.len()];
    let mut below = 0usize;
    for &v in &order {
        // positions below..below+count hold ranks below+1..=below+count
        rank[v] = (2 * below + count[v] + 1) as f64 / 2.0;
        below += count[v];
    }
    Some(slot.iter().map(|&s| rank[s as usize]).collect())
}

/// An integer with the order of `f64::total_cmp`: negative values' bits inverted, positive values'
/// sign bit set.
#[inline]
fn total_key(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | 1 << 63
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values: tests/reference/stats_questions.py, section "descriptive".
    const D: [f64; 11] = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0];

    #[test]
    fn mean_variance_sd_match_numpy() {
        assert!((mean(&D).unwrap() - 4.0).abs() < 1e-12);
        assert!((variance(&D).unwrap() - 5.6).abs() < 1e-12);
        assert!((sd(&D).unwrap() - 2.366_431_913_239_846_4).abs() < 1e-12);
    }

    #[test]
    fn ranks_agree_with_and_without_the_few_values_path() {
        // Few values (the counting path), with −0.0 beside 0.0; then one value more than FEW (sorting).
        let few: Vec<f64> = (0..500).map(|i| [2.0, -1.0, 0.0, -0.0, 7.5][(i * 7) % 5]).collect();
        let many: Vec<f64> = (0..500).map(|i| ((i * 37) % (FEW + 1)) as f64).collect();
        for xs in [&few, &many] {
            let mut idx: Vec<usize> = (0..xs.len()).collect();
            idx.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
            // Reference: average of the 1-based positions of all values equal to x.
            let expect: Vec<f64> = xs
                .iter()
                .map(|&x| {
                    let pos: Vec<usize> = (0..xs.len()).filter(|&p| xs[idx[p]] == x).collect();
                    pos.iter().map(|p| (p + 1) as f64).sum::<f64>() / pos.len() as f64
                })
                .collect();
            assert_eq!(ranks(xs), expect);
        }
        assert!(ranks_of_few_values(&few).is_some() && ranks_of_few_values(&many).is_none());
        assert!(ranks_of_few_values(&[1.0, f64::NAN]).is_none());
    }

    #[test]
    fn total_key_orders_like_total_cmp() {
        let v = [f64::NEG_INFINITY, -1e300, -2.5, -0.0, 0.0, 1e-310, 3.0, f64::INFINITY, f64::NAN, -f64::NAN];
        for a in v {
            for b in v {
                assert_eq!(total_key(a).cmp(&total_key(b)), a.total_cmp(&b), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn ranks_match_scipy_rankdata_average() {
        let expected = [4.5, 1.5, 6.0, 1.5, 8.0, 11.0, 3.0, 10.0, 8.0, 4.5, 8.0];
        assert_eq!(ranks(&D), expected);
        let n = D.len() as f64;
        assert_eq!(ranks(&D).iter().sum::<f64>(), n * (n + 1.0) / 2.0);
    }

    #[test]
    fn undefined_cases_are_none() {
        assert_eq!(mean(&[]), None);
        assert_eq!(variance(&[1.0]), None);
        assert_eq!(sd(&[]), None);
        assert_eq!(mean(&[1.0, f64::NAN]), None);
        assert_eq!(variance(&[1.0, f64::INFINITY]), None);
        assert_eq!(variance(&[2.0, 2.0, 2.0]), Some(0.0));
        assert!(ranks(&[]).is_empty());
    }
}
