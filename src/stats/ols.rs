//! Standardized regression coefficients by ordinary least squares.
//!
//! Verified against statsmodels `OLS` on z-scored data (tests/reference/stats_questions.py).

use nalgebra::{DMatrix, DVector};

use super::descriptive::{mean, sd};

/// Standardized betas of the OLS regression of y on the columns `xs`.
///
/// Every variable is z-scored, zᵥ = (v − v̄)/s_v with the sample SD (n − 1), and
/// z_y = β₀ + Σⱼ βⱼ·z_{xⱼ} + ε is fitted by least squares via Householder QR (nalgebra),
/// minimising ‖Xβ − z_y‖² without forming XᵀX. Returns (β₁, …, β_p) (β₀ = 0 by construction,
/// not returned). With one predictor β₁ equals Pearson r.
///
/// `None` if p = 0, any column's length differs from y's, n ≤ p + 1, any value is non-finite,
/// y or a column has zero variance, or the design is numerically rank deficient
/// (|R_jj| ≤ 1e-9·max|R_kk| in the QR factor, e.g. collinear columns).
pub fn standardized_betas(y: &[f64], xs: &[&[f64]]) -> Option<Vec<f64>> {
    let n = y.len();
    let p = xs.len();
    if p == 0 || n <= p + 1 || xs.iter().any(|c| c.len() != n) {
        return None;
    }
    let zscore = |v: &[f64]| -> Option<Vec<f64>> {
        let m = mean(v)?;
        let s = sd(v)?;
        (s > 0.0).then(|| v.iter().map(|x| (x - m) / s).collect())
    };
    let zy = DVector::from_vec(zscore(y)?);
    let mut design = DMatrix::<f64>::from_element(n, p + 1, 1.0);
    for (j, col) in xs.iter().enumerate() {
        let z = zscore(col)?;
        design.set_column(j + 1, &DVector::from_vec(z));
    }
    let qr = design.qr();
    let r = qr.r();
    let diag: Vec<f64> = (0..=p).map(|j| r[(j, j)].abs()).collect();
    let max = diag.iter().cloned().fold(0.0, f64::max);
    if max.is_nan() || max <= 0.0 || diag.iter().any(|&d| d <= 1e-9 * max) {
        return None;
    }
    // β = R⁻¹·(Qᵀ z_y)[..p+1] by back substitution on the triangular factor
    let mut qty = zy;
    qr.q_tr_mul(&mut qty);
    let head = qty.rows(0, p + 1).into_owned();
    let beta = r.solve_upper_triangular(&head)?;
    let out: Vec<f64> = beta.iter().skip(1).copied().collect();
    out.iter().all(|b| b.is_finite()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::super::correlation::pearson;
    use super::*;

    // Reference values: tests/reference/stats_questions.py, section "ols".
    const Y: [f64; 15] = [3.1, 2.4, 4.0, 3.3, 2.2, 3.8, 4.5, 2.9, 3.6, 2.5, 4.1, 3.0, 3.4, 2.7, 3.9];
    const X1: [f64; 15] = [3.0, 2.0, 4.0, 3.0, 2.0, 4.0, 5.0, 3.0, 4.0, 2.0, 5.0, 3.0, 3.0, 2.0, 4.0];
    const X2: [f64; 15] = [2.0, 3.0, 4.0, 4.0, 1.0, 3.0, 4.0, 2.0, 3.0, 3.0, 5.0, 2.0, 4.0, 2.0, 3.0];
    const X3: [f64; 15] = [1.5, 2.5, 3.5, 2.0, 2.0, 4.5, 3.0, 3.5, 2.5, 1.0, 4.0, 3.0, 2.5, 3.0, 4.0];

    #[test]
    fn matches_statsmodels() {
        let b = standardized_betas(&Y, &[&X1, &X2, &X3]).unwrap();
        let expected = [0.836_045_671_689_068_7, 0.161_127_746_065_834_05, 0.032_713_106_186_578_036];
        for (a, e) in b.iter().zip(expected) {
            assert!((a - e).abs() < 1e-9, "{a} vs {e}");
        }
        let b = standardized_betas(&Y, &[&X1]).unwrap();
        assert!((b[0] - 0.960_377_222_543_150_5).abs() < 1e-9);
        assert!((b[0] - pearson(&X1, &Y).unwrap()).abs() < 1e-12);
    }

    #[test]
    fn undefined_cases_are_none() {
        assert_eq!(standardized_betas(&Y, &[]), None);
        assert_eq!(standardized_betas(&Y[..4], &[&X1[..4], &X2[..4], &X3[..4]]), None);
        assert_eq!(standardized_betas(&Y, &[&X1[..14]]), None);
        let constant = [2.0; 15];
        assert_eq!(standardized_betas(&Y, &[&X1, &constant]), None);
        let doubled: Vec<f64> = X1.iter().map(|v| 2.0 * v + 1.0).collect();
        assert_eq!(standardized_betas(&Y, &[&X1, &doubled]), None);
        let sum: Vec<f64> = X1.iter().zip(&X2).map(|(a, b)| a + b).collect();
        assert_eq!(standardized_betas(&Y, &[&X1, &X2, &sum]), None);
        let mut bad = X1;
        bad[3] = f64::NAN;
        assert_eq!(standardized_betas(&Y, &[&bad]), None);
        assert_eq!(standardized_betas(&constant, &[&X1]), None);
    }
}
