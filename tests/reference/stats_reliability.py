#!/usr/bin/env python3
"""Reference numbers for src/stats/{icc,krippendorff,agreement}.rs.

Run: python3 tests/reference/stats_reliability.py
Requires numpy, scipy, pandas, pingouin, krippendorff, scikit-learn, statsmodels.
The data sets below are written literally in the Rust unit tests too; the printed numbers
are pasted there (17 significant digits).
"""
import numpy as np
import pandas as pd
import pingouin as pg
import krippendorff
from scipy.stats import f
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import cohens_kappa


def p(name, x):
    print(f"{name} = {float(x)!r}")


# --------------------------------------------------------------------------- ICC (12 x 4)
ICC_M = np.array([
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
])


def icc_unrounded(m, level=0.95):
    """Reproduces pingouin.intraclass_corr (0.7.0) formulas without rounding."""
    n, k = m.shape
    gm = m.mean()
    ss_t = ((m - gm) ** 2).sum()
    ss_r = k * ((m.mean(axis=1) - gm) ** 2).sum()
    ss_c = n * ((m.mean(axis=0) - gm) ** 2).sum()
    ss_e = ss_t - ss_r - ss_c
    msb = ss_r / (n - 1)
    msj = ss_c / (k - 1)
    mse = ss_e / ((n - 1) * (k - 1))
    msw = (ss_c + ss_e) / (n * (k - 1))
    icc1 = (msb - msw) / (msb + (k - 1) * msw)
    icc2 = (msb - mse) / (msb + (k - 1) * mse + k * (msj - mse) / n)
    icc3 = (msb - mse) / (msb + (k - 1) * mse)
    icc1k = (msb - msw) / msb
    icc2k = (msb - mse) / (msb + (msj - mse) / n)
    icc3k = (msb - mse) / msb
    alpha = 1 - level
    f1k = msb / msw
    df1 = n - 1
    df1kd = n * (k - 1)
    f3k = msb / mse
    df2kd = (n - 1) * (k - 1)
    f1l = f1k / f.ppf(1 - alpha / 2, df1, df1kd)
    f1u = f1k * f.ppf(1 - alpha / 2, df1kd, df1)
    l1 = (f1l - 1) / (f1l + (k - 1))
    u1 = (f1u - 1) / (f1u + (k - 1))
    f3l = f3k / f.ppf(1 - alpha / 2, df1, df2kd)
    f3u = f3k * f.ppf(1 - alpha / 2, df2kd, df1)
    l3 = (f3l - 1) / (f3l + (k - 1))
    u3 = (f3u - 1) / (f3u + (k - 1))
    fj = msj / mse
    vn = df2kd * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    vd = df1 * k**2 * icc2**2 * fj**2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    v = vn / vd
    f2u = f.ppf(1 - alpha / 2, n - 1, v)
    f2l = f.ppf(1 - alpha / 2, v, n - 1)
    l2 = n * (msb - f2u * mse) / (f2u * (k * msj + (k * n - k - n) * mse) + n * msb)
    u2 = n * (f2l * msb - mse) / (k * msj + (k * n - k - n) * mse + n * f2l * msb)
    return {
        "ICC1": (icc1, l1, u1),
        "ICC2": (icc2, l2, u2),
        "ICC3": (icc3, l3, u3),
        "ICC1k": (icc1k, 1 - 1 / f1l, 1 - 1 / f1u),
        "ICC2k": (icc2k, l2 * k / (1 + l2 * (k - 1)), u2 * k / (1 + u2 * (k - 1))),
        "ICC3k": (icc3k, 1 - 1 / f3l, 1 - 1 / f3u),
    }, (msb, msw, msj, mse)


n, k = ICC_M.shape
long = pd.DataFrame(
    [(i, j, ICC_M[i, j]) for i in range(n) for j in range(k)], columns=["t", "r", "y"]
)
pgi = pg.intraclass_corr(data=long, targets="t", raters="r", ratings="y").set_index("Type")
mine, ms = icc_unrounded(ICC_M)
mine90, _ = icc_unrounded(ICC_M, level=0.90)
# pingouin 0.7 labels (McGraw & Wong names); older versions used ICC1..ICC3k
pg_names = {
    "ICC1": "ICC(1,1)", "ICC2": "ICC(A,1)", "ICC3": "ICC(C,1)",
    "ICC1k": "ICC(1,k)", "ICC2k": "ICC(A,k)", "ICC3k": "ICC(C,k)",
}
if "ICC1" in pgi.index:
    pg_names = {key: key for key in pg_names}
print("# ICC 12x4, level 0.95 (value, ci_lo, ci_hi); pingouin rounded CI in brackets")
for key in mine:
    val, lo, hi = map(float, mine[key])
    pv = pgi.loc[pg_names[key], "ICC"]
    pci = pgi.loc[pg_names[key], "CI95"] if "CI95" in pgi.columns else pgi.loc[pg_names[key], "CI95%"]
    assert abs(pv - val) < 1e-12, (key, pv, val)
    assert abs(pci[0] - lo) <= 0.005 + 1e-12 and abs(pci[1] - hi) <= 0.005 + 1e-12, (key, pci, lo, hi)
    print(f"{key}: ({val!r}, {lo!r}, {hi!r})  pingouin={float(pv)!r} {list(map(float, pci))}")
print("# ICC 12x4, level 0.90")
for key in mine90:
    print(f"{key}: {tuple(map(float, mine90[key]))!r}")
print("# mean squares msb, msw, msj, mse:", tuple(map(float, ms)))

# ---------------------------------------------------------------- one-way unbalanced ICC(1)
GROUPS = [
    [4.0, 5.0, 6.0],
    [2.0, 3.0],
    [7.0, 8.0, 6.5, 7.5],
    [5.0],
    [1.0, 2.5, 2.0],
    [6.0, 4.0],
    [],
    [3.5, 3.0, 4.5, 5.0, 4.0],
]


def oneway(groups):
    gs = [np.asarray(g, float) for g in groups if len(g) >= 1]
    C = len(gs)
    N = sum(len(g) for g in gs)
    allv = np.concatenate(gs)
    gm = allv.mean()
    ssb = sum(len(g) * (g.mean() - gm) ** 2 for g in gs)
    ssw = sum(((g - g.mean()) ** 2).sum() for g in gs)
    msb = ssb / (C - 1)
    msw = ssw / (N - C)
    n0 = (N - sum(len(g) ** 2 for g in gs) / N) / (C - 1)
    return (msb - msw) / (msb + (n0 - 1) * msw), n0, N / C, msb, msw


# cross-check MS with statsmodels one-way ANOVA
import statsmodels.api as sm
from statsmodels.formula.api import ols

rows = [(gi, v) for gi, g in enumerate(GROUPS) for v in g]
df = pd.DataFrame(rows, columns=["g", "y"])
df["g"] = df["g"].astype(str)
tab = sm.stats.anova_lm(ols("y ~ C(g)", data=df).fit())
ow = oneway(GROUPS)
assert abs(tab["mean_sq"].iloc[0] - ow[3]) < 1e-10 and abs(tab["mean_sq"].iloc[1] - ow[4]) < 1e-10
print("# one-way unbalanced: icc1, n0, mean_group_size, msb, msw")
print(tuple(map(float, ow)))
ow_bal = oneway([list(r) for r in ICC_M])
assert abs(ow_bal[0] - pgi.loc[pg_names["ICC1"], "ICC"]) < 1e-12
print("# one-way on the balanced 12x4 matrix equals pingouin ICC1:", float(ow_bal[0]))

# ------------------------------------------------------------------------ Spearman-Brown
print("# spearman_brown(0.3, 4) =", 4 * 0.3 / (1 + 3 * 0.3))
print("# spearman_brown_k(0.3, 0.8) =", 0.8 * (1 - 0.3) / (0.3 * (1 - 0.8)))

# ------------------------------------------------------------------------ Cronbach alpha
CR = pd.DataFrame([
    [3, 4, 3, 5, 4],
    [2, 2, 3, 3, 2],
    [4, 5, 4, 4, 5],
    [1, 2, 2, 1, 2],
    [3, 3, 4, 3, 3],
    [5, 4, 5, 5, 4],
    [2, 3, 2, 2, 3],
    [4, 4, 3, 4, 5],
], dtype=float)
p("cronbach_alpha_8x5", pg.cronbach_alpha(data=CR)[0])
p("cronbach_alpha_icc12x4", pg.cronbach_alpha(data=pd.DataFrame(ICC_M))[0])

# ------------------------------------------------------------------------ Krippendorff
NaN = np.nan
# units (candidates) in rows, raters in columns; transposed for the package
K_INT = np.array([
    [1, NaN, 2, 1],
    [2, 2, 3, NaN],
    [3, 3, 3, 3],
    [4, 4, 5, NaN],
    [NaN, 1, NaN, NaN],      # unpairable
    [2, 3, NaN, 2],
    [5, 5, 4, 5],
    [3, NaN, NaN, 1],
    [NaN, NaN, NaN, NaN],    # empty
    [4, 3, 4, 4],
])
p("kripp_int_interval", krippendorff.alpha(reliability_data=K_INT.T, level_of_measurement="interval"))
p("kripp_int_ordinal", krippendorff.alpha(reliability_data=K_INT.T, level_of_measurement="ordinal"))

# non-integer scorecard means with ties and missing
K_FRAC = np.array([
    [2.5, 3.0, NaN],
    [3.25, 3.25, 3.5],
    [1.75, NaN, 2.0],
    [4.0, 3.5, 3.75],
    [2.0, 2.5, 2.5],
    [NaN, 3.1, NaN],         # unpairable, value only here
    [3.0, 3.0, NaN],
    [1.5, 2.0, 1.75],
    [NaN, 4.5, 4.0],
    [2.5, 2.5, 3.0],
])
p("kripp_frac_interval", krippendorff.alpha(reliability_data=K_FRAC.T, level_of_measurement="interval"))
p("kripp_frac_ordinal", krippendorff.alpha(reliability_data=K_FRAC.T, level_of_measurement="ordinal"))

# the classic Krippendorff (2011) example (raters in rows in the package's orientation)
K_WIKI = np.array([
    [NaN, NaN, NaN, NaN, NaN, 3, 4, 1, 2, 1, 1, 3, 3, NaN, 3],
    [1, NaN, 2, 1, 3, 3, 4, 3, NaN, NaN, NaN, NaN, NaN, NaN, NaN],
    [NaN, NaN, 2, 1, 3, 4, 4, NaN, 2, 1, 1, 3, 3, NaN, 4],
])
p("kripp_wiki_interval", krippendorff.alpha(reliability_data=K_WIKI, level_of_measurement="interval"))
p("kripp_wiki_ordinal", krippendorff.alpha(reliability_data=K_WIKI, level_of_measurement="ordinal"))
p("kripp_icc12x4_interval", krippendorff.alpha(reliability_data=ICC_M.T, level_of_measurement="interval"))
p("kripp_icc12x4_ordinal", krippendorff.alpha(reliability_data=ICC_M.T, level_of_measurement="ordinal"))

# ------------------------------------------------------------------------ Cohen's kappa
KA = [1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1]
KB = [1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1]
kap = cohen_kappa_score(KA, KB)
tab2 = pd.crosstab(pd.Series(KA), pd.Series(KB)).values
assert abs(cohens_kappa(tab2).kappa - kap) < 1e-12
p("cohen_kappa_20", kap)
p("percent_agreement_20", np.mean(np.array(KA) == np.array(KB)))
