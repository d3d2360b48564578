#!/usr/bin/env python3
"""Reference values for the unit tests in src/stats/{descriptive,correlation,auc,range_restriction,
fdr,bootstrap,ols,power}.rs.

Run:  python3 tests/reference/stats_questions.py
Needs numpy, scipy, statsmodels. Every printed value is pasted literally into the Rust tests
(17 significant digits via repr). The data sets below are written literally in the Rust tests too.
"""
import math

import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests
import statsmodels.api as sm


def show(name, v):
    if isinstance(v, (list, tuple, np.ndarray)):
        print(f"{name} = [{', '.join(repr(float(a)) for a in v)}]")
    else:
        print(f"{name} = {float(v)!r}")


# ---------------------------------------------------------------- descriptive
D = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0]
print("# descriptive")
show("mean", np.mean(D))
show("variance_ddof1", np.var(D, ddof=1))
show("sd_ddof1", np.std(D, ddof=1))
show("ranks_average", stats.rankdata(D, method="average"))

# ---------------------------------------------------------------- correlation
X = [2.0, 4.0, 3.0, 5.0, 4.0, 1.0, 3.0, 5.0, 2.0, 4.0, 3.0, 5.0]
Y = [2.1, 3.9, 3.2, 4.4, 3.1, 1.7, 2.2, 4.8, 3.0, 3.5, 2.6, 3.9]
print("# correlation")
pr = stats.pearsonr(X, Y)
show("pearson_r", pr.statistic)
show("pearson_p", pr.pvalue)
sr = stats.spearmanr(X, Y)
show("spearman_rho", sr.statistic)
ci = pr.confidence_interval(0.95)  # Fisher z, tanh(atanh r +- z/sqrt(n-3))
show("fisher_ci95", [ci.low, ci.high])
ci90 = pr.confidence_interval(0.90)
show("fisher_ci90", [ci90.low, ci90.high])
# negative correlation and its p
Yn = [-v for v in Y]
show("pearson_r_neg", stats.pearsonr(X, Yn).statistic)
# p for r = 0.3, n = 40 via the t distribution
r, n = 0.3, 40
t = r * math.sqrt((n - 2) / (1 - r * r))
show("pearson_p_r0.3_n40", 2 * stats.t.sf(abs(t), n - 2))

# ---------------------------------------------------------------- auc
S = [3.0, 4.0, 2.0, 5.0, 3.0, 4.0, 1.0, 3.0, 5.0, 2.0, 4.0, 3.0, 2.0, 4.0]
P = [True, True, False, True, False, True, False, False, True, False, False, True, True, False]
print("# auc")
pos = [s for s, p in zip(S, P) if p]
neg = [s for s, p in zip(S, P) if not p]
u = stats.mannwhitneyu(pos, neg, alternative="two-sided").statistic
n1, n2 = len(pos), len(neg)
A = u / (n1 * n2)
q1, q2 = A / (2 - A), 2 * A * A / (1 + A)
se = math.sqrt((A * (1 - A) + (n1 - 1) * (q1 - A * A) + (n2 - 1) * (q2 - A * A)) / (n1 * n2))
z = stats.norm.ppf(0.975)
show("auc", A)
show("auc_se_hanley_mcneil", se)
show("auc_ci95", [max(0.0, A - z * se), min(1.0, A + z * se)])

# ---------------------------------------------------------------- range restriction
print("# range_restriction")
def case2(r, u):
    return r * u / math.sqrt(1 - r * r + r * r * u * u)
def case3(rxy, rxz, ryz, k):
    return (rxy + rxz * ryz * k) / math.sqrt((1 + rxz * rxz * k) * (1 + ryz * ryz * k))
show("case2_r0.25_u1.6", case2(0.25, 1.6))
show("case2_r-0.4_u2.0", case2(-0.4, 2.0))
show("case3_0.10_0.55_0.30_k1.8", case3(0.10, 0.55, 0.30, 1.8))
show("case3_-0.05_0.60_0.20_k2.5", case3(-0.05, 0.60, 0.20, 2.5))
show("disattenuate_0.3_0.6", 0.3 / math.sqrt(0.6))

# ---------------------------------------------------------------- fdr
PV = [0.01, None, 0.04, 0.03, 0.005, None, 0.20, 0.04, 0.9, 0.0001]
print("# fdr")
present = [p for p in PV if p is not None]
rej, q, _, _ = multipletests(present, method="fdr_bh")
it = iter(q)
show_q = [next(it) if p is not None else None for p in PV]
print("fdr_bh =", [None if v is None else float(v) for v in show_q])
rej, q2, _, _ = multipletests([0.5, 0.6, 0.9, 0.99], method="fdr_bh")
show("fdr_bh_high", q2)

# ---------------------------------------------------------------- ols
Yo = [3.1, 2.4, 4.0, 3.3, 2.2, 3.8, 4.5, 2.9, 3.6, 2.5, 4.1, 3.0, 3.4, 2.7, 3.9]
X1 = [3.0, 2.0, 4.0, 3.0, 2.0, 4.0, 5.0, 3.0, 4.0, 2.0, 5.0, 3.0, 3.0, 2.0, 4.0]
X2 = [2.0, 3.0, 4.0, 4.0, 1.0, 3.0, 4.0, 2.0, 3.0, 3.0, 5.0, 2.0, 4.0, 2.0, 3.0]
X3 = [1.5, 2.5, 3.5, 2.0, 2.0, 4.5, 3.0, 3.5, 2.5, 1.0, 4.0, 3.0, 2.5, 3.0, 4.0]
print("# ols")
zs = lambda v: (np.asarray(v) - np.mean(v)) / np.std(v, ddof=1)
design = sm.add_constant(np.column_stack([zs(X1), zs(X2), zs(X3)]))
fit = sm.OLS(zs(Yo), design).fit()
show("std_betas", fit.params[1:])
fit1 = sm.OLS(zs(Yo), sm.add_constant(zs(X1))).fit()
show("std_beta_single", fit1.params[1:])

# ---------------------------------------------------------------- power
print("# power")
za, zb = stats.norm.ppf(0.975), stats.norm.ppf(0.80)
show("z975", za)
show("z80", zb)
show("mde_r_n50", math.tanh((za + zb) / math.sqrt(50 - 3)))
show("mde_r_n4", math.tanh((za + zb) / math.sqrt(4 - 3)))
for rr in (0.3, -0.1, 0.5):
    print(f"n_needed_{rr} = {math.ceil(((za + zb) / math.atanh(abs(rr))) ** 2 + 3)}")
# On the statistic's own SE (power.rs mde_from_se / n_needed_from_se): Wald rule, SE ∝ 1/sqrt(n).
show("z_sum", za + zb)
show("mde_from_se_0.1", (za + zb) * 0.1)
print(f"n_needed_from_se_r0.2_se0.1_n100 = {math.ceil(100 * ((za + zb) * 0.1 / 0.2) ** 2)}")

# ---------------------------------------------------------------- bootstrap percentile
BV = [0.3, -1.2, 2.5, 0.0, 1.1, 0.7, -0.4, 3.3, 1.9, 0.2, -2.0]
print("# bootstrap percentile (numpy default linear interpolation)")
show("percentile_2.5_97.5", np.percentile(BV, [2.5, 97.5]))
show("percentile_5_95", np.percentile(BV, [5, 95]))
