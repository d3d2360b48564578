//! Property tests for the pure statistics in `src/stats/` (issue 8): every statistic keeps the range
//! and invariants its doc comment promises, is `None` rather than NaN where undefined, is defined
//! wherever its inputs are, and never panics on finite input — empty slices, one value, all-equal
//! values, and magnitudes from 5e-324 to f64::MAX included.

use hirecal::stats::agreement::{cohen_kappa, percent_agreement};
use hirecal::stats::auc::auc;
use hirecal::stats::bootstrap::{bootstrap_p, percentile, percentile_ci};
use hirecal::stats::correlation::{fisher_ci, pearson, pearson_p, spearman};
use hirecal::stats::descriptive::{mean, ranks, sd, variance};
use hirecal::stats::fdr::benjamini_hochberg;
use hirecal::stats::icc::{cronbach_alpha, icc1_unbalanced, shrout_fleiss, spearman_brown, spearman_brown_k};
use hirecal::stats::intervals::{mean_ci, wilson_ci};
use hirecal::stats::krippendorff::{alpha, alpha_slices, Metric};
use hirecal::stats::ols::standardized_betas;
use hirecal::stats::power::{mde_r, n_needed};
use hirecal::stats::range_restriction::{case2, case3, disattenuate, k_from_variances, u_from_sds};
use proptest::collection::vec;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

/// Values at the edges of f64 that ordinary ranges almost never produce.
const EDGES: [f64; 14] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    1e300,
    -1e300,
    1e-300,
    -1e-300,
    f64::MAX,
    f64::MIN,
    f64::MIN_POSITIVE,
    -f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
];

/// Any finite f64: arbitrary bit patterns, ordinary magnitudes, small half-integers (ties) and
/// the edges.
fn any_finite() -> impl Strategy<Value = f64> + Clone {
    use proptest::num::f64 as f;
    prop_oneof![
        3 => f::POSITIVE | f::NEGATIVE | f::NORMAL | f::SUBNORMAL | f::ZERO,
        3 => -1e3..1e3f64,
        2 => (-8i32..=8).prop_map(|k| f64::from(k) / 2.0),
        1 => prop::sample::select(EDGES.to_vec()),
    ]
}

/// Any f64 at all, NaN and infinities included.
fn any_f64() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![
        4 => any_finite(),
        1 => prop::sample::select(vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY]),
    ]
}

/// Scorecard-like values: quarters between 1 and 5 (many ties, sometimes all equal).
fn score() -> impl Strategy<Value = f64> + Clone {
    (0u8..=16).prop_map(|k| 1.0 + f64::from(k) / 4.0)
}

/// Well-conditioned values on a grid of quarters in [−100, 100], so that affine and monotone
/// transforms keep their order and relative precision.
fn grid() -> impl Strategy<Value = f64> + Clone {
    (-400i32..=400).prop_map(|k| f64::from(k) / 4.0)
}

/// A matrix cell: mostly scores, sometimes anything finite.
fn cell() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![3 => score(), 1 => any_finite()]
}

/// Two slices of the same length 0..=n drawn from `s`.
fn paired<S: Strategy<Value = f64> + Clone>(s: S, n: usize) -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (0..=n).prop_flat_map(move |len| (vec(s.clone(), len), vec(s.clone(), len)))
}

/// A correlation in [−1, 1], with ±1, 0 and values next to ±1 over-represented.
fn corr() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![
        4 => -1.0..=1.0f64,
        1 => prop::sample::select(vec![
            -1.0,
            1.0,
            0.0,
            -0.0,
            1.0 - f64::EPSILON / 2.0,
            -1.0 + f64::EPSILON / 2.0,
            1.0 - 1e-10,
            -1.0 + 1e-10,
            1e-300,
            -1e-300,
        ]),
    ]
}

/// A positive finite number from 5e-324 to f64::MAX, spread over all magnitudes.
fn positive() -> impl Strategy<Value = f64> + Clone {
    use proptest::num::f64 as f;
    prop_oneof![
        2 => f::POSITIVE | f::NORMAL | f::SUBNORMAL,
        2 => 1e-3..1e3f64,
        1 => (-300i32..=300).prop_map(|e| 10f64.powi(e)),
        1 => prop::sample::select(vec![f64::MAX, f64::MIN_POSITIVE, 5e-324, 1.0]),
    ]
}

/// A confidence level in (0, 1) as used in practice.
fn level() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![2 => Just(0.95), 1 => Just(0.9), 3 => 0.5..0.999f64]
}

/// Any level, valid or not.
fn any_level() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![
        2 => level(),
        2 => -2.0..2.0f64,
        1 => prop::sample::select(vec![0.0, 1.0, -1.0, 1.0 - f64::EPSILON / 2.0, f64::EPSILON, f64::NAN]),
        1 => any_f64(),
    ]
}

fn has_variation(xs: &[f64]) -> bool {
    xs.iter().any(|&v| v != xs[0])
}

/// `a` and `b` equal up to `tol`, relative to max(1, |a|, |b|).
fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * 1f64.max(a.abs()).max(b.abs())
}

fn in_unit(r: f64) -> bool {
    (-1.0..=1.0).contains(&r)
}

// ---------------------------------------------------------------------------------------------
// correlation
// ---------------------------------------------------------------------------------------------

proptest! {
    #[test]
    fn pearson_and_spearman_are_correlations_or_none(
        (x, y) in paired(any_finite(), 12),
        extra in vec(any_f64(), 0..3),
    ) {
        for (xs, ys) in [(x.clone(), y.clone()), ([x.clone(), extra.clone()].concat(), y.clone())] {
            for (name, r) in [("pearson", pearson(&xs, &ys)), ("spearman", spearman(&xs, &ys))] {
                if let Some(r) = r {
                    prop_assert!(in_unit(r), "{name}({xs:?}, {ys:?}) = {r}");
                }
            }
        }
    }

    #[test]
    fn pearson_is_defined_for_any_finite_non_constant_data((x, y) in paired(any_finite(), 12)) {
        let defined = x.len() >= 2 && has_variation(&x) && has_variation(&y);
        let r = pearson(&x, &y);
        prop_assert_eq!(r.is_some(), defined, "pearson({:?}, {:?}) = {:?}", x, y, r);
        let rho = spearman(&x, &y);
        prop_assert_eq!(rho.is_some(), defined, "spearman({:?}, {:?}) = {:?}", x, y, rho);
    }

    #[test]
    fn pearson_is_symmetric_and_flips_sign_under_negation((x, y) in paired(any_finite(), 12)) {
        prop_assert_eq!(pearson(&x, &y), pearson(&y, &x), "x = {:?}, y = {:?}", x, y);
        let neg: Vec<f64> = x.iter().map(|v| -v).collect();
        prop_assert_eq!(pearson(&neg, &y), pearson(&x, &y).map(|r| -r), "x = {:?}, y = {:?}", x, y);
        prop_assert_eq!(spearman(&x, &y), spearman(&y, &x), "x = {:?}, y = {:?}", x, y);
    }

    #[test]
    fn pearson_is_invariant_to_positive_affine_maps(
        (x, y) in paired(grid(), 15),
        a in 0.01..100.0f64,
        b in -1e3..1e3f64,
    ) {
        let t: Vec<f64> = x.iter().map(|v| a * v + b).collect();
        match (pearson(&x, &y), pearson(&t, &y)) {
            (Some(r), Some(s)) => prop_assert!(close(r, s, 1e-9), "r = {r}, after {a}·x + {b}: {s}; x = {x:?}, y = {y:?}"),
            (None, None) => {}
            (r, s) => prop_assert!(false, "r = {r:?}, after {a}·x + {b}: {s:?}; x = {x:?}, y = {y:?}"),
        }
    }

    #[test]
    fn pearson_is_invariant_to_scale_at_any_magnitude(
        (x, y) in paired(grid(), 15),
        e in -300i32..=300,
    ) {
        // r is scale-free: multiplying x by 10^e must not overflow the sums of squares to ∞ or
        // underflow them to 0.
        let c = 10f64.powi(e);
        let t: Vec<f64> = x.iter().map(|v| v * c).collect();
        match (pearson(&x, &y), pearson(&t, &y)) {
            (Some(r), Some(s)) => prop_assert!(close(r, s, 1e-12), "r = {r}, after scaling by {c:e}: {s}; x = {x:?}, y = {y:?}"),
            (None, None) => {}
            (r, s) => prop_assert!(false, "r = {r:?}, after scaling by {c:e}: {s:?}; x = {x:?}, y = {y:?}"),
        }
    }

    #[test]
    fn spearman_is_invariant_to_monotone_maps((x, y) in paired(grid(), 15), which in 0..3usize) {
        let f = |v: f64| match which {
            0 => v * v * v + 2.0 * v,
            1 => (v / 10.0).exp(),
            _ => 3.0 * v - 7.0,
        };
        let t: Vec<f64> = x.iter().map(|&v| f(v)).collect();
        prop_assert_eq!(spearman(&x, &y), spearman(&t, &y), "map {}; x = {:?}, y = {:?}", which, x, y);
        // A decreasing map flips the sign.
        let d: Vec<f64> = x.iter().map(|&v| -f(v)).collect();
        match (spearman(&x, &y), spearman(&d, &y)) {
            (Some(r), Some(s)) => prop_assert!(close(r, -s, 1e-12), "rho = {r}, decreasing map {which}: {s}"),
            (None, None) => {}
            (r, s) => prop_assert!(false, "rho = {r:?}, decreasing map {which}: {s:?}; x = {x:?}, y = {y:?}"),
        }
    }

    #[test]
    fn fisher_ci_contains_r_within_unit_interval(
        r in corr(),
        n in prop_oneof![0usize..50, 50usize..1_000_000, Just(usize::MAX)],
        level in level(),
    ) {
        let ci = fisher_ci(r, n, level);
        prop_assert_eq!(ci.is_some(), n > 3, "fisher_ci({}, {}, {}) = {:?}", r, n, level, ci);
        if let Some((lo, hi)) = ci {
            prop_assert!(-1.0 <= lo && lo <= r && r <= hi && hi <= 1.0, "fisher_ci({r}, {n}, {level}) = ({lo}, {hi})");
        }
    }

    #[test]
    fn fisher_ci_rejects_invalid_input(r in any_f64(), n in 0usize..100, level in any_level()) {
        let ci = fisher_ci(r, n, level);
        if let Some((lo, hi)) = ci {
            prop_assert!(r.abs() <= 1.0 && n > 3 && level > 0.0 && level < 1.0, "fisher_ci({r}, {n}, {level}) = {ci:?}");
            prop_assert!(-1.0 <= lo && lo <= r && r <= hi && hi <= 1.0, "fisher_ci({r}, {n}, {level}) = ({lo}, {hi})");
        }
    }

    #[test]
    fn pearson_p_is_a_probability(
        r in prop_oneof![3 => corr(), 1 => any_f64()],
        n in prop_oneof![0usize..50, 50usize..1_000_000],
    ) {
        let p = pearson_p(r, n);
        let valid = n >= 3 && r.is_finite() && r.abs() <= 1.0;
        prop_assert_eq!(p.is_some(), valid, "pearson_p({}, {}) = {:?}", r, n, p);
        if let Some(p) = p {
            prop_assert!((0.0..=1.0).contains(&p), "pearson_p({r}, {n}) = {p}");
            prop_assert_eq!(pearson_p(-r, n), Some(p), "p not symmetric in r = {}", r);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// AUC
// ---------------------------------------------------------------------------------------------

/// Scores with labels of the same length.
fn labelled() -> impl Strategy<Value = (Vec<f64>, Vec<bool>)> {
    (0usize..=20)
        .prop_flat_map(|n| (vec(prop_oneof![2 => score(), 1 => any_finite()], n), vec(any::<bool>(), n)))
}

/// Mann–Whitney by brute force: P(positive > negative) + ½ P(tie).
fn auc_pairs(s: &[f64], pos: &[bool]) -> f64 {
    let (mut wins, mut pairs) = (0.0, 0.0);
    for (a, &pa) in s.iter().zip(pos) {
        for (b, &pb) in s.iter().zip(pos) {
            if pa && !pb {
                pairs += 1.0;
                if a > b {
                    wins += 1.0;
                } else if a == b {
                    wins += 0.5;
                }
            }
        }
    }
    wins / pairs
}

proptest! {
    #[test]
    fn auc_is_in_unit_interval_inside_its_ci((s, pos) in labelled(), level in level()) {
        let a = auc(&s, &pos, level);
        let both = pos.iter().any(|&p| p) && pos.iter().any(|&p| !p);
        prop_assert_eq!(a.is_some(), both, "auc({:?}, {:?}) = {:?}", s, pos, a);
        if let Some(a) = a {
            prop_assert!(
                0.0 <= a.ci.0 && a.ci.0 <= a.auc && a.auc <= a.ci.1 && a.ci.1 <= 1.0,
                "auc({s:?}, {pos:?}, {level}) = {a:?}"
            );
            prop_assert!(a.se.is_finite() && a.se >= 0.0, "se of auc({s:?}, {pos:?}) = {}", a.se);
            let brute = auc_pairs(&s, &pos);
            prop_assert!(close(a.auc, brute, 1e-12), "auc({s:?}, {pos:?}) = {}, pairwise {brute}", a.auc);
        }
    }

    #[test]
    fn auc_of_negated_scores_is_one_minus_auc((s, pos) in labelled()) {
        let neg: Vec<f64> = s.iter().map(|v| -v).collect();
        match (auc(&s, &pos, 0.95), auc(&neg, &pos, 0.95)) {
            (Some(a), Some(b)) => prop_assert!(close(a.auc, 1.0 - b.auc, 1e-12), "auc {} vs negated {}; s = {s:?}, pos = {pos:?}", a.auc, b.auc),
            (None, None) => {}
            (a, b) => prop_assert!(false, "auc {a:?} vs negated {b:?}; s = {s:?}, pos = {pos:?}"),
        }
    }

    #[test]
    fn auc_rejects_invalid_level_and_never_reverses_its_ci((s, pos) in labelled(), level in any_level()) {
        if let Some(a) = auc(&s, &pos, level) {
            prop_assert!(level > 0.0 && level < 1.0, "auc(…, level {level}) = {a:?}");
            prop_assert!(
                0.0 <= a.ci.0 && a.ci.0 <= a.auc && a.auc <= a.ci.1 && a.ci.1 <= 1.0,
                "auc({s:?}, {pos:?}, {level}) = {a:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Range restriction
// ---------------------------------------------------------------------------------------------

proptest! {
    #[test]
    fn case2_is_defined_and_a_correlation(r in corr(), u in positive()) {
        let c = case2(r, u);
        prop_assert!(c.is_some(), "case2({r}, {u:e}) = None");
        let c = c.unwrap();
        prop_assert!(in_unit(c), "case2({r}, {u:e}) = {c}");
        prop_assert!(c * r >= 0.0, "case2({r}, {u:e}) = {c}: sign changed");
        if u >= 1.0 {
            prop_assert!(c.abs() >= r.abs(), "case2({r}, {u:e}) = {c}: shrunk although u ≥ 1");
        }
    }

    #[test]
    fn case2_without_restriction_is_the_identity(r in corr()) {
        let c = case2(r, 1.0).unwrap();
        prop_assert!((c - r).abs() <= 2.0 * f64::EPSILON * r.abs(), "case2({r}, 1) = {c}");
    }

    #[test]
    fn case2_rejects_invalid_input(r in any_f64(), u in any_f64()) {
        if let Some(c) = case2(r, u) {
            prop_assert!(r.abs() <= 1.0 && u.is_finite() && u > 0.0, "case2({r}, {u}) = {c}");
            prop_assert!(in_unit(c), "case2({r}, {u}) = {c}");
        }
    }

    #[test]
    fn case3_is_defined_and_a_correlation(
        r_xy in corr(),
        r_xz in corr(),
        r_yz in corr(),
        k in prop_oneof![
            2 => positive(),
            1 => (0.0..1.0f64).prop_map(|f| -f),
            1 => prop::sample::select(vec![-1.0 + f64::EPSILON / 2.0, -1.0 + 1e-10, -0.5]),
        ],
    ) {
        let c = case3(r_xy, r_xz, r_yz, k);
        prop_assert!(c.is_some_and(in_unit), "case3({r_xy}, {r_xz}, {r_yz}, {k:e}) = {c:?}");
        prop_assert_eq!(c, case3(r_xy, r_yz, r_xz, k), "case3 not symmetric in x and y");
    }

    #[test]
    fn case3_without_restriction_is_the_identity(r_xy in corr(), r_xz in corr(), r_yz in corr()) {
        prop_assert_eq!(case3(r_xy, r_xz, r_yz, 0.0), Some(r_xy), "case3({}, {}, {}, 0)", r_xy, r_xz, r_yz);
    }

    #[test]
    fn case3_of_the_selection_variable_is_case2(r in corr(), k in prop_oneof![-0.5..10.0f64, positive()]) {
        // With x = z, Case III's formula reduces to Case II with u² = 1 + K.
        let c3 = case3(r, 1.0, r, k).unwrap();
        let c2 = case2(r, (1.0 + k).sqrt()).unwrap();
        prop_assert!(close(c3, c2, 1e-12), "case3({r}, 1, {r}, {k:e}) = {c3}, case2({r}, sqrt(1 + K)) = {c2}");
    }

    #[test]
    fn case3_rejects_invalid_input(r_xy in any_f64(), r_xz in any_f64(), r_yz in any_f64(), k in any_f64()) {
        if let Some(c) = case3(r_xy, r_xz, r_yz, k) {
            prop_assert!(
                [r_xy, r_xz, r_yz].iter().all(|r| r.abs() <= 1.0) && k.is_finite() && k > -1.0,
                "case3({r_xy}, {r_xz}, {r_yz}, {k}) = {c}"
            );
            prop_assert!(in_unit(c), "case3({r_xy}, {r_xz}, {r_yz}, {k}) = {c}");
        }
    }

    #[test]
    fn disattenuate_is_a_correlation_at_least_as_large(r in corr(), r_yy in prop_oneof![0.0..=1.0f64, Just(1.0), positive()]) {
        let d = disattenuate(r, r_yy);
        prop_assert_eq!(d.is_some(), r_yy > 0.0 && r_yy <= 1.0, "disattenuate({}, {}) = {:?}", r, r_yy, d);
        if let Some(d) = d {
            prop_assert!(in_unit(d) && d.abs() >= r.abs() && d * r >= 0.0, "disattenuate({r}, {r_yy}) = {d}");
        }
        prop_assert_eq!(disattenuate(r, 1.0), Some(r));
    }

    #[test]
    fn k_and_u_are_in_the_domain_of_case3_and_case2(
        a in positive(),
        b in positive(),
        r in corr(),
    ) {
        // Whenever the variance (SD) ratio is representable, K (u) is defined and accepted by
        // Case III (Case II).
        if (a / b).is_finite() {
            let k = k_from_variances(a, b);
            prop_assert!(k.is_some_and(|k| k.is_finite() && k > -1.0), "k_from_variances({a:e}, {b:e}) = {k:?}");
            let k = k.unwrap();
            prop_assert!(case3(r, r, r, k).is_some(), "case3 undefined for K = k_from_variances({a:e}, {b:e}) = {k}");
            let u = u_from_sds(a, b);
            prop_assert!(u.is_some_and(|u| u.is_finite() && u > 0.0), "u_from_sds({a:e}, {b:e}) = {u:?}");
            let u = u.unwrap();
            prop_assert!(case2(r, u).is_some(), "case2 undefined for u = u_from_sds({a:e}, {b:e}) = {u}");
        }
        for (x, y) in [(a, -b), (-a, b), (0.0, b), (a, 0.0), (f64::NAN, b), (a, f64::INFINITY)] {
            prop_assert_eq!(k_from_variances(x, y), None);
            prop_assert_eq!(u_from_sds(x, y), None);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reliability: ICC, Spearman–Brown, Cronbach, Krippendorff
// ---------------------------------------------------------------------------------------------

/// An n × k row-major matrix (n targets, k raters), n and k at least `min`.
fn matrix(min: usize) -> impl Strategy<Value = (usize, usize, Vec<f64>)> {
    (min..8, min..5).prop_flat_map(|(n, k)| (Just(n), Just(k), vec(cell(), n * k)))
}

/// An n × k matrix in which every rater gives each target the same value, targets varying.
fn agreeing_matrix() -> impl Strategy<Value = (usize, usize, Vec<f64>)> {
    (2usize..8, 2usize..5)
        .prop_flat_map(|(n, k)| (Just(n), Just(k), vec(prop_oneof![score(), -1e3..1e3f64], n)))
        .prop_filter("targets vary", |(_, _, t)| has_variation(t))
        .prop_map(|(n, k, t)| (n, k, t.iter().flat_map(|&v| std::iter::repeat_n(v, k)).collect()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn shrout_fleiss_iccs_are_at_most_one((n, k, m) in matrix(1), level in any_level()) {
        let Some(s) = shrout_fleiss(&m, n, k, level) else {
            return Ok(());
        };
        prop_assert!(n >= 2 && k >= 2 && level > 0.0 && level < 1.0);
        let floor = -1.0 / (k as f64 - 1.0);
        let all = [
            ("icc1", s.icc1, true),
            ("icc2", s.icc2, true),
            ("icc3", s.icc3, true),
            ("icc1k", s.icc1k, false),
            ("icc2k", s.icc2k, false),
            ("icc3k", s.icc3k, false),
        ];
        for (name, icc, single) in all {
            let Some(icc) = icc else { continue };
            prop_assert!(icc.value.is_finite() && icc.value <= 1.0, "{name} = {icc:?}; {n}×{k} {m:?}");
            if single {
                prop_assert!(icc.value >= floor, "{name} = {} < −1/(k−1); {n}×{k} {m:?}", icc.value);
            }
            if let Some((lo, hi)) = icc.ci {
                prop_assert!(lo.is_finite() && hi.is_finite() && lo <= hi, "{name} = {icc:?}; {n}×{k} {m:?}");
            }
        }
    }

    #[test]
    fn shrout_fleiss_is_one_under_perfect_agreement((n, k, m) in agreeing_matrix()) {
        let s = shrout_fleiss(&m, n, k, 0.95).unwrap();
        for (name, icc) in [("icc1", s.icc1), ("icc2", s.icc2), ("icc3", s.icc3), ("icc1k", s.icc1k), ("icc2k", s.icc2k), ("icc3k", s.icc3k)] {
            prop_assert!(icc.is_some_and(|i| close(i.value, 1.0, 1e-9) && i.value <= 1.0), "{name} = {icc:?}; {n}×{k} {m:?}");
        }
    }

    #[test]
    fn icc1_unbalanced_is_at_most_one(groups in vec(vec(cell(), 0..5), 0..7)) {
        let refs: Vec<&[f64]> = groups.iter().map(|g| g.as_slice()).collect();
        if let Some(o) = icc1_unbalanced(&refs) {
            prop_assert!(o.icc1.is_finite() && o.icc1 <= 1.0, "{o:?}; {groups:?}");
            prop_assert!(o.n0 >= 1.0 && o.mean_group_size >= 1.0, "{o:?}; {groups:?}");
            prop_assert!(o.ms_between >= 0.0 && o.ms_within >= 0.0, "{o:?}; {groups:?}");
            if o.n0 > 1.0 {
                prop_assert!(o.icc1 >= -1.0 / (o.n0 - 1.0) - 1e-12, "{o:?}; {groups:?}");
            }
        }
    }

    #[test]
    fn icc1_unbalanced_equals_shrout_fleiss_icc1_when_balanced((n, k, m) in matrix(2)) {
        let rows: Vec<&[f64]> = m.chunks_exact(k).collect();
        let one = icc1_unbalanced(&rows).map(|o| o.icc1);
        let sf = shrout_fleiss(&m, n, k, 0.95).and_then(|s| s.icc1).map(|i| i.value);
        if let (Some(a), Some(b)) = (one, sf) {
            prop_assert!(close(a, b, 1e-9), "icc1_unbalanced {a} vs shrout_fleiss {b}; {n}×{k} {m:?}");
        }
    }

    #[test]
    fn cronbach_alpha_is_at_most_one((n, k, m) in matrix(1)) {
        if let Some(a) = cronbach_alpha(&m, n, k) {
            prop_assert!(a.is_finite() && a <= 1.0, "alpha = {a}; {n}×{k} {m:?}");
        }
    }

    #[test]
    fn cronbach_alpha_is_one_for_identical_items((n, k, m) in agreeing_matrix()) {
        // Rows are targets with identical items: perfect internal consistency.
        let a = cronbach_alpha(&m, n, k);
        prop_assert!(a.is_some_and(|a| close(a, 1.0, 1e-9) && a <= 1.0), "alpha = {a:?}; {n}×{k} {m:?}");
    }
}

proptest! {
    #[test]
    fn spearman_brown_never_nan_and_at_most_one(rho in any_f64(), k in any_f64()) {
        let s = spearman_brown(rho, k);
        prop_assert!(s.is_finite(), "spearman_brown({rho}, {k}) = {s}");
        if (-1.0..=1.0).contains(&rho) && k > 0.0 && 1.0 + (k - 1.0) * rho > 0.0 {
            prop_assert!(s <= 1.0 && s * rho >= 0.0, "spearman_brown({rho}, {k}) = {s}");
        }
    }

    #[test]
    fn spearman_brown_increases_in_k(rho in 0.0..=1.0f64, k1 in positive(), k2 in positive()) {
        let (lo, hi) = (k1.min(k2), k1.max(k2));
        let (a, b) = (spearman_brown(rho, lo), spearman_brown(rho, hi));
        prop_assert!(a <= b && b <= 1.0, "spearman_brown({rho}, {lo:e}) = {a} > spearman_brown({rho}, {hi:e}) = {b}");
        prop_assert_eq!(spearman_brown(rho, 1.0), rho);
    }

    #[test]
    fn spearman_brown_k_inverts_spearman_brown(rho in 1e-4..1.0f64, target in 0.01..0.99f64) {
        let k = spearman_brown_k(rho, target);
        prop_assert!(k.is_some_and(|k| k.is_finite() && k > 0.0), "spearman_brown_k({rho}, {target}) = {k:?}");
        let back = spearman_brown(rho, k.unwrap());
        prop_assert!(close(back, target, 1e-9), "spearman_brown({rho}, spearman_brown_k({rho}, {target}) = {k:?}) = {back}");
    }

    #[test]
    fn spearman_brown_k_is_none_or_non_negative(rho in any_f64(), target in any_f64()) {
        let k = spearman_brown_k(rho, target);
        let valid = rho > 0.0 && rho <= 1.0 && target > 0.0 && target < 1.0;
        if let Some(k) = k {
            prop_assert!(valid && k.is_finite() && k >= 0.0, "spearman_brown_k({rho}, {target}) = {k}");
        } else {
            // Undefined only outside the domain, or where k overflows f64.
            prop_assert!(!valid || target / (rho * (1.0 - target)) > 1e300, "spearman_brown_k({rho}, {target}) = None");
        }
    }
}

/// Units of ratings with missing values (and non-finite values, which count as missing).
fn units() -> impl Strategy<Value = Vec<Vec<Option<f64>>>> {
    vec(vec(prop::option::weighted(0.8, prop_oneof![4 => cell(), 1 => any_f64()]), 0..5), 0..10)
}

/// Units on which the raters agree perfectly (each unit constant, 2..5 ratings), values varying
/// between units.
fn agreeing_units() -> impl Strategy<Value = Vec<Vec<Option<f64>>>> {
    vec((prop_oneof![score(), grid(), -1e3..1e3f64], 2usize..5), 2..10)
        .prop_filter("units vary", |u| u.iter().any(|&(v, _)| v != u[0].0))
        .prop_map(|u| u.into_iter().map(|(v, m)| vec![Some(v); m]).collect())
}

proptest! {
    #[test]
    fn krippendorff_alpha_is_at_most_one(u in units()) {
        for metric in [Metric::Interval, Metric::Ordinal] {
            if let Some(a) = alpha(&u, metric) {
                prop_assert!(a.is_finite() && a <= 1.0, "alpha({u:?}, {metric:?}) = {a}");
            }
        }
    }

    #[test]
    fn krippendorff_alpha_slices_equals_alpha(u in vec(vec(cell(), 0..5), 0..10)) {
        let opt: Vec<Vec<Option<f64>>> = u.iter().map(|r| r.iter().map(|&v| Some(v)).collect()).collect();
        let refs: Vec<&[f64]> = u.iter().map(|r| r.as_slice()).collect();
        for metric in [Metric::Interval, Metric::Ordinal] {
            prop_assert_eq!(alpha_slices(&refs, metric), alpha(&opt, metric), "{:?}; {:?}", metric, u);
        }
    }

    #[test]
    fn krippendorff_alpha_is_one_under_perfect_agreement(u in agreeing_units()) {
        for metric in [Metric::Interval, Metric::Ordinal] {
            let a = alpha(&u, metric);
            prop_assert_eq!(a, Some(1.0), "{:?}; {:?}", metric, u);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Agreement
// ---------------------------------------------------------------------------------------------

fn rater_pair() -> impl Strategy<Value = (Vec<bool>, Vec<bool>)> {
    (0usize..30).prop_flat_map(|n| (vec(any::<bool>(), n), vec(any::<bool>(), n)))
}

proptest! {
    #[test]
    fn kappa_and_percent_agreement_ranges((a, b) in rater_pair(), extra in vec(any::<bool>(), 0..2)) {
        let k = cohen_kappa(&a, &b);
        if let Some(k) = k {
            prop_assert!(in_unit(k), "cohen_kappa({a:?}, {b:?}) = {k}");
        }
        prop_assert_eq!(k, cohen_kappa(&b, &a), "kappa not symmetric: {:?}, {:?}", a, b);
        let p = percent_agreement(&a, &b);
        prop_assert_eq!(p.is_some(), !a.is_empty());
        if let Some(p) = p {
            prop_assert!((0.0..=1.0).contains(&p), "percent_agreement({a:?}, {b:?}) = {p}");
        }
        // Self-agreement is perfect (kappa undefined only for a constant rater).
        prop_assert_eq!(percent_agreement(&a, &a), (!a.is_empty()).then_some(1.0));
        let varies = a.iter().any(|&x| x) && a.iter().any(|&x| !x);
        prop_assert_eq!(cohen_kappa(&a, &a), varies.then_some(1.0), "cohen_kappa(a, a), a = {:?}", a);
        if !extra.is_empty() {
            let longer = [a.clone(), extra].concat();
            prop_assert_eq!(cohen_kappa(&longer, &b), None);
            prop_assert_eq!(percent_agreement(&longer, &b), None);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Intervals
// ---------------------------------------------------------------------------------------------

proptest! {
    #[test]
    fn mean_ci_contains_the_mean(xs in vec(any_finite(), 0..20), level in any_level()) {
        if let Some((lo, hi)) = mean_ci(&xs, level) {
            let m = mean(&xs).unwrap();
            prop_assert!(level > 0.0 && level < 1.0 && xs.len() >= 2, "mean_ci({xs:?}, {level})");
            prop_assert!(lo <= m && m <= hi, "mean_ci({xs:?}, {level}) = ({lo}, {hi}), mean {m}");
        }
    }

    #[test]
    fn mean_ci_is_defined_for_ordinary_data(xs in vec(prop_oneof![score(), -1e6..1e6f64], 2..20), level in level()) {
        let ci = mean_ci(&xs, level);
        prop_assert!(ci.is_some_and(|(lo, hi)| lo.is_finite() && hi.is_finite()), "mean_ci({xs:?}, {level}) = {ci:?}");
    }

    #[test]
    fn wilson_ci_is_inside_unit_interval_and_contains_k_over_n(
        n in prop_oneof![0usize..60, 60usize..10_000_000],
        frac in 0.0..=1.0f64,
        edge in 0..3usize,
        level in any_level(),
    ) {
        // k = 0 and k = n are where rounding bites, so they are over-represented.
        let k = match edge {
            0 => 0,
            1 => n,
            _ => (frac * n as f64) as usize,
        };
        let ci = wilson_ci(k, n, level);
        if let Some((lo, hi)) = ci {
            let p = k as f64 / n as f64;
            prop_assert!(0.0 <= lo && lo <= p && p <= hi && hi <= 1.0, "wilson_ci({k}, {n}, {level}) = ({lo}, {hi})");
        }
        if level > 0.5 && level < 0.999 {
            prop_assert_eq!(ci.is_some(), n > 0, "wilson_ci({}, {}, {}) = {:?}", k, n, level, ci);
        }
        prop_assert_eq!(wilson_ci(n + 1, n, 0.95), None);
    }
}

// ---------------------------------------------------------------------------------------------
// Descriptive
// ---------------------------------------------------------------------------------------------

proptest! {
    #[test]
    fn mean_is_defined_and_between_min_and_max(xs in vec(any_finite(), 0..20)) {
        let m = mean(&xs);
        prop_assert_eq!(m.is_some(), !xs.is_empty(), "mean({:?}) = {:?}", xs, m);
        if let Some(m) = m {
            let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let tol = xs.len() as f64 * f64::EPSILON * lo.abs().max(hi.abs());
            prop_assert!(lo - tol <= m && m <= hi + tol, "mean({xs:?}) = {m}");
        }
    }

    #[test]
    fn variance_is_non_negative(xs in vec(any_finite(), 0..20)) {
        let v = variance(&xs);
        if let Some(v) = v {
            prop_assert!(v.is_finite() && v >= 0.0, "variance({xs:?}) = {v}");
            let s = sd(&xs).unwrap();
            prop_assert!(close(s * s, v, 1e-12), "sd({xs:?})² = {} vs variance {v}", s * s);
        } else {
            prop_assert!(sd(&xs).is_none());
        }
    }

    #[test]
    fn variance_is_defined_for_ordinary_data(xs in vec(prop_oneof![score(), -1e6..1e6f64], 2..20)) {
        prop_assert!(variance(&xs).is_some_and(|v| v >= 0.0), "variance({xs:?}) = {:?}", variance(&xs));
    }

    #[test]
    fn variance_of_constant_data_is_zero(v in any_finite(), n in 2usize..20) {
        let xs = vec![v; n];
        prop_assert_eq!(variance(&xs), Some(0.0), "variance of {} × {}", n, v);
        let m = mean(&xs);
        prop_assert!(m.is_some_and(|m| close(m, v, 1e-15)), "mean of {} × {} = {:?}", n, v, m);
    }

    #[test]
    fn ranks_average_a_permutation(xs in vec(prop_oneof![3 => score(), 1 => any_f64()], 0..30)) {
        let r = ranks(&xs);
        let n = xs.len() as f64;
        prop_assert_eq!(r.len(), xs.len());
        prop_assert_eq!(r.iter().sum::<f64>(), n * (n + 1.0) / 2.0, "ranks({:?}) = {:?}", xs, r);
        for (i, (&xi, &ri)) in xs.iter().zip(&r).enumerate() {
            prop_assert!((1.0..=n).contains(&ri), "rank {ri} of x[{i}] = {xi}");
            for (&xj, &rj) in xs.iter().zip(&r) {
                if xi < xj {
                    prop_assert!(ri < rj, "{xi} < {xj} but rank {ri} ≥ {rj}");
                }
                if xi == xj {
                    prop_assert_eq!(ri, rj, "{} == {} but ranks differ", xi, xj);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// FDR, bootstrap summaries, power, OLS
// ---------------------------------------------------------------------------------------------

fn p_value() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        6 => (0.0..=1.0f64).prop_map(Some),
        1 => prop::sample::select(vec![Some(0.0), Some(1.0), Some(-0.0), Some(5e-324), Some(1.0 - f64::EPSILON / 2.0)]),
        1 => Just(None),
        1 => any_f64().prop_map(Some),
    ]
}

proptest! {
    #[test]
    fn bh_q_values_are_probabilities_at_least_p_and_monotone(p in vec(p_value(), 0..30)) {
        let q = benjamini_hochberg(&p);
        prop_assert_eq!(q.len(), p.len());
        let valid = |v: &Option<f64>| v.filter(|x| (0.0..=1.0).contains(x));
        for (i, (pi, qi)) in p.iter().zip(&q).enumerate() {
            prop_assert_eq!(qi.is_some(), valid(pi).is_some(), "p[{}] = {:?}, q = {:?}", i, pi, qi);
            if let (Some(pi), Some(qi)) = (valid(pi), qi) {
                prop_assert!((0.0..=1.0).contains(qi) && *qi >= pi, "p[{i}] = {pi}, q = {qi}; p = {p:?}");
                for (pj, qj) in p.iter().zip(&q) {
                    if let (Some(pj), Some(qj)) = (valid(pj), qj) {
                        if pi <= pj {
                            prop_assert!(qi <= qj, "p {pi} ≤ {pj} but q {qi} > {qj}; p = {p:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn percentile_is_within_the_data_and_monotone(xs in vec(any_finite(), 0..30), q1 in 0.0..=1.0f64, q2 in 0.0..=1.0f64) {
        let (q1, q2) = (q1.min(q2), q1.max(q2));
        let (a, b) = (percentile(&xs, q1), percentile(&xs, q2));
        prop_assert_eq!(a.is_some(), !xs.is_empty(), "percentile({:?}, {}) = {:?}", xs, q1, a);
        if let (Some(a), Some(b)) = (a, b) {
            let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(lo <= a && a <= b && b <= hi, "percentile({xs:?}) at {q1}: {a}, at {q2}: {b}");
            prop_assert_eq!(percentile(&xs, 0.0), Some(lo));
            prop_assert_eq!(percentile(&xs, 1.0), Some(hi));
        }
    }

    #[test]
    fn percentile_ci_is_ordered(xs in vec(any_finite(), 0..30), level in any_level()) {
        let ci = percentile_ci(&xs, level);
        prop_assert_eq!(ci.is_some(), !xs.is_empty() && level > 0.0 && level < 1.0, "percentile_ci({:?}, {}) = {:?}", xs, level, ci);
        if let Some((lo, hi)) = ci {
            prop_assert!(lo <= hi, "percentile_ci({xs:?}, {level}) = ({lo}, {hi})");
        }
    }

    #[test]
    fn bootstrap_p_is_between_one_over_b_and_one(xs in vec(any_finite(), 0..50)) {
        let p = bootstrap_p(&xs);
        prop_assert_eq!(p.is_some(), !xs.is_empty());
        if let Some(p) = p {
            prop_assert!(1.0 / xs.len() as f64 <= p && p <= 1.0, "bootstrap_p({xs:?}) = {p}");
        }
    }

    #[test]
    fn mde_r_is_in_unit_interval_and_decreasing(n in prop_oneof![0usize..100, 100usize..100_000_000, Just(usize::MAX)]) {
        let m = mde_r(n);
        prop_assert_eq!(m.is_some(), n > 3);
        if let Some(m) = m {
            prop_assert!(m > 0.0 && m < 1.0, "mde_r({n}) = {m}");
            if let Some(next) = mde_r(n.saturating_add(1)) {
                prop_assert!(next <= m, "mde_r({}) = {next} > mde_r({n}) = {m}", n + 1);
            }
        }
    }

    #[test]
    fn n_needed_is_the_smallest_sufficient_n(r in prop_oneof![corr(), any_f64()]) {
        let n = n_needed(r);
        if let Some(n) = n {
            prop_assert!(r.is_finite() && r != 0.0 && r.abs() < 1.0 && n >= 4, "n_needed({r}) = {n}");
            let m = mde_r(n).unwrap();
            prop_assert!(m <= r.abs(), "mde_r(n_needed({r}) = {n}) = {m} > |r|");
        } else {
            // Undefined for r = 0, |r| ≥ 1, non-finite r, or a count beyond usize.
            prop_assert!(!r.is_finite() || r == 0.0 || r.abs() >= 1.0 || r.abs() < 1e-9, "n_needed({r}) = None");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn standardized_betas_are_finite_and_one_predictor_gives_pearson(
        (y, x1) in paired(prop_oneof![3 => grid(), 1 => any_finite()], 15),
        x2 in vec(any_finite(), 0..16),
    ) {
        if let Some(b) = standardized_betas(&y, &[&x1]) {
            prop_assert!(b.len() == 1 && b[0].is_finite(), "betas {b:?}; y = {y:?}, x = {x1:?}");
            if let Some(r) = pearson(&x1, &y) {
                prop_assert!(close(b[0], r, 1e-9), "beta {} vs r {r}; y = {y:?}, x = {x1:?}", b[0]);
            }
        }
        if let Some(b) = standardized_betas(&y, &[&x1, &x2]) {
            prop_assert!(b.len() == 2 && b.iter().all(|v| v.is_finite()), "betas {b:?}");
        }
        prop_assert_eq!(standardized_betas(&y, &[]), None);
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions
// ---------------------------------------------------------------------------------------------

/// Inputs on which the properties above failed before the fixes in `src/stats/`, checked on every
/// run whatever proptest's random seed.
#[test]
fn cases_found_by_these_properties() {
    // pearson: the sums of squares overflowed (r = 0 for perfectly correlated data) or underflowed
    // (None for non-constant data).
    for x in [[0.0, 1e300], [0.0, 1e-300], [0.0, 1.1918042819485167e288]] {
        assert!(pearson(&x, &[0.0, 1.0]).is_some_and(|r| close(r, 1.0, 1e-12)), "{x:?}");
    }
    // fisher_ci: both bounds rounded to the same side of r.
    let r = -0.9999999999999999;
    assert!(fisher_ci(r, 87, 0.5).is_some_and(|(lo, hi)| lo <= r && r <= hi));
    assert!(fisher_ci(0.5, 29, f64::EPSILON).is_some_and(|(lo, hi)| lo <= 0.5 && 0.5 <= hi));
    // auc and wilson_ci: levels ≤ 0 were accepted and reversed the interval.
    assert_eq!(auc(&[1.0, 2.0], &[true, false], 0.0), None);
    assert_eq!(auc(&[1.0, 2.0], &[true, false], -0.5), None);
    assert_eq!(wilson_ci(5, 10, -0.5), None);
    // wilson_ci: a bound just beyond k/n at k = 0 and k = n.
    assert_eq!(wilson_ci(19, 19, 0.9266555963059329).map(|c| c.1), Some(1.0));
    assert_eq!(wilson_ci(0, 4862528, 0.7299165855094666).map(|c| c.0), Some(0.0));
    // case2 / case3: 0 instead of ≈ ±1 when u or K overflowed the square-root argument.
    assert!(case2(0.5, 1e300).is_some_and(|c| close(c, 1.0, 1e-12)));
    assert!(case2(-0.5555262872360628, 1.636364816762121e276).is_some_and(|c| close(c, -1.0, 1e-12)));
    assert!(case2(0.9999999999999999, 160.69014958500722).is_some_and(|c| c >= 0.9999999999999999));
    assert!(case3(0.5, 0.9, 0.9, 1e300).is_some_and(|c| close(c, 1.0, 1e-12)));
    // k_from_variances / u_from_sds: K = −1 and u = 0, outside Case III's and Case II's domains.
    let k = k_from_variances(1.0, 1e17).unwrap();
    assert!(k > -1.0 && case3(0.3, 0.5, 0.5, k).is_some());
    let u = u_from_sds(1e-200, 1e200).unwrap();
    assert!(u > 0.0 && case2(0.3, u).is_some());
    // cronbach_alpha: identical items gave 1.0000000000000013.
    let (a, b) = (862.3490702294123, 784.1306803660799);
    assert_eq!(cronbach_alpha(&[a, a, a, b, b, b], 2, 3), Some(1.0));
    // shrout_fleiss: ICC2 = −1.6 < −1/(k−1) and ICC2k = 5.33 > 1; ICC1 a rounding below −1/3.
    let s = shrout_fleiss(&[2.0, 1.0, 0.0, 1.5], 2, 2, 0.95).unwrap();
    assert!(s.icc2.is_none() && s.icc2k.is_none(), "{s:?}");
    let s = shrout_fleiss(&[-2.0, 4.0, 4.25, 5.0, 1.0, 4.0, 2.5, 3.75], 2, 4, 0.95).unwrap();
    assert!(s.icc1.unwrap().value >= -1.0 / 3.0, "{s:?}");
    // spearman_brown: 1.0000045935824196 > 1.
    assert!(spearman_brown(1.0, 4.105623604497608e-12) <= 1.0);
    // benjamini_hochberg: q one ulp below p.
    let p = 0.9456696483515489;
    let q = benjamini_hochberg(&[Some(p), Some(0.0), Some(0.0), Some(0.0), Some(0.0)]);
    assert!(q[0].unwrap() >= p, "{q:?}");
    // mean: None when the sum overflowed; variance of constant data not 0.
    assert_eq!(mean(&[f64::MAX, f64::MAX]), Some(f64::MAX));
    assert!(mean(&[1e300, f64::MAX]).is_some());
    assert_eq!(variance(&[-28.530178003174925; 5]), Some(0.0));
    // mean_ci: (NaN, NaN) when (1 + level)/2 rounded to 1 and the SD was 0.
    assert!(mean_ci(&[0.0, 0.0], 0.9999999999999999).is_none_or(|(lo, hi)| lo <= 0.0 && 0.0 <= hi));
    // percentile: NaN from 0·∞ when v[hi] − v[lo] overflowed.
    assert_eq!(percentile(&[-f64::MAX, 1e300], 0.0), Some(-f64::MAX));
    assert!(percentile_ci(&[-f64::MAX, 1e300], 0.95).is_some_and(|(lo, hi)| lo <= hi));
    // n_needed: mde_r(n_needed(r)) an ulp above |r|.
    let r = 2.198075317726298e-8;
    assert!(mde_r(n_needed(r).unwrap()).unwrap() <= r);
}
