"""Expected numbers for tests/fairness_reference.rs (adverse impact, `hirecal fairness`), from
scipy / statsmodels / pingouin.

Writes (deterministic, seed 17):
  tests/data/fairness_scorecards.csv, fairness_outcomes.csv, fairness_groups.csv
  tests/data/fairness_expected.csv     key,value: every number the Rust test checks
and prints the same numbers. The exact-test numbers of the 2x2 unit tests in src/stats/adverse_impact.rs
come from section "2x2" below (and tests/reference/fairness_fisher.R for R's fisher.test).

Design: 160 candidates, 6 interviewers I1..I6 who all ask Q1..Q3; each candidate meets 3 of them.
Interviewer I4 rates women 0.8 points lower than other interviewers rate the same candidates (planted).
Groups file: `gender` (woman, man, a 3-person `nonbinary` group that --min-cell 5 suppresses, and
non-answers), `veteran` (yes/no/non-answers); 4 extra ids with no scorecards; 6 candidates missing.
Outcomes: `hired` (top 30% of panel score + noise), `advanced` (a stage: top 60%), `perf` among hires.

Statistics (docs/fairness.md):
  selection: impact ratio and its log-method CI = statsmodels Table2x2.riskratio / riskratio_confint;
    z_d = statsmodels proportions_ztest (pooled); z_ir = Morris & Lobsenz (2000) formula; fisher_p =
    scipy.stats.fisher_exact two-sided; mid_p = scipy.stats.hypergeom cdf(x-1) + pmf(x)/2.
  Reference group: for selection, the highest rate among groups not suppressed (ties: larger group);
    for questions, interviewers and prediction, the largest group not suppressed (ties: first label).
  questions: d = pingouin.compute_effsize(eftype="cohen") (pooled SD, n-1); p = scipy ttest_ind
    (equal_var=True); CI = d +- z * sqrt((n1+n2)/(n1 n2) + d^2/(2(n1+n2))); q = statsmodels fdr_bh
    across the column's cells (questions and the panel score).
  interviewers: residuals of statsmodels OLS score ~ C(candidate) + C(question) + C(interviewer),
    averaged per scorecard; per interviewer, Welch t-test (scipy ttest_ind equal_var=False) of the
    group's scorecard residuals against the reference group's; CI = statsmodels CompareMeans
    tconfint_diff(usevar="unequal"); q = fdr_bh across the column's interviewer cells.
  prediction: statsmodels OLS perf ~ Sc * g among hires in {group, reference}, Sc = panel score minus
    the mean panel score of those hires; intercept difference = coefficient of g, slope difference =
    coefficient of Sc:g, t intervals; intercept_diff_q / slope_diff_q = fdr_bh over every intercept
    and slope p-value of the run (all columns and focal groups) as one family.

Run: python3 tests/reference/fairness_reference.py
"""
import os

import numpy as np
import pandas as pd
import pingouin as pg
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.stats.contingency_tables import Table2x2
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

rng = np.random.default_rng(17)
here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "data")
expected = []
MIN_CELL = 5
Z = stats.norm.ppf(0.975)
UNKNOWN = {"", "decline to self-identify", "i don't wish to answer", "prefer not to say"}


def put(key, value):
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return
    expected.append((key, float(value)))
    print(f"{key:55s} {float(value):.15g}")


# ---------------------------------------------------------------- 2x2 unit cases (src/stats tests)
print("# 2x2")
for name, (s1, n1, s2, n2) in {
    "a": (6, 40, 18, 60),
    "b": (1, 12, 5, 15),
    "c": (30, 200, 60, 300),
}.items():
    t = Table2x2(np.array([[s1, n1 - s1], [s2, n2 - s2]]))
    put(f"u.{name}.ir", t.riskratio)
    lo, hi = t.riskratio_confint(alpha=0.05)
    put(f"u.{name}.ir_lo", lo)
    put(f"u.{name}.ir_hi", hi)
    zd, pzd = proportions_ztest([s1, s2], [n1, n2])
    put(f"u.{name}.z_d", zd)
    put(f"u.{name}.p_z_d", pzd)
    put(f"u.{name}.fisher_p", stats.fisher_exact([[s1, n1 - s1], [s2, n2 - s2]])[1])
    hg = stats.hypergeom(n1 + n2, s1 + s2, n1)
    put(f"u.{name}.mid_p", hg.cdf(s1 - 1) + 0.5 * hg.pmf(s1))

# ---------------------------------------------------------------- data
n_c = 160
cands = [f"C{c:03d}" for c in range(1, n_c + 1)]
ivs = [f"I{i}" for i in range(1, 7)]
qs = ["Q1", "Q2", "Q3"]
gender = rng.choice(["woman", "man", "Decline to self-identify", ""], size=n_c, p=[0.45, 0.45, 0.06, 0.04])
gender[[10, 50, 90]] = "nonbinary"
veteran = rng.choice(["yes", "no", "Prefer not to say"], size=n_c, p=[0.2, 0.74, 0.06])
ability = rng.normal(0, 1, n_c)
len_iv = {"I1": 0.3, "I2": 0.0, "I3": -0.2, "I4": 0.0, "I5": 0.1, "I6": -0.1}
delta = {"Q1": 0.0, "Q2": 0.2, "Q3": -0.2}
rows = []
sc = 0
for c in range(n_c):
    for iv in sorted(rng.choice(ivs, size=3, replace=False)):
        sc += 1
        halo = rng.normal(0, 0.3)
        for q in qs:
            x = 3 + 0.7 * ability[c] + len_iv[iv] + delta[q] + halo + rng.normal(0, 0.6)
            if iv == "I4" and gender[c] == "woman":
                x -= 0.8
            rows.append((f"S{sc:04d}", cands[c], iv, q, int(np.clip(np.round(x), 1, 5))))
rat = pd.DataFrame(rows, columns=["scorecard_id", "candidate_id", "interviewer_id", "question_id", "score"])
rat.to_csv(os.path.join(data, "fairness_scorecards.csv"), index=False)

s_cq = rat.groupby(["candidate_id", "question_id"])["score"].mean().unstack()
panel = s_cq.mean(axis=1)
noise = rng.normal(0, 0.25, n_c)
key = panel.values + noise
hired = key >= np.quantile(key, 0.70)
advanced = key >= np.quantile(key, 0.40)
perf = np.where(hired, 3 + 0.5 * ability + rng.normal(0, 0.4, n_c) - 0.3 * (gender == "woman"), np.nan)
perf = np.round(perf, 2)  # as written to the file
out = pd.DataFrame({"candidate_id": cands, "hired": hired, "perf": np.round(perf, 2), "advanced": advanced})
out["perf"] = out["perf"].map(lambda v: "" if np.isnan(v) else f"{v:.2f}")
out.to_csv(os.path.join(data, "fairness_outcomes.csv"), index=False)

grp = pd.DataFrame({"candidate_id": cands, "gender": gender, "veteran": veteran})
missing = [3, 33, 63, 93, 123, 153]
grp_file = pd.concat(
    [
        grp.drop(index=missing),
        pd.DataFrame({"candidate_id": ["X1", "X2", "X3", "X4"], "gender": ["woman"] * 4, "veteran": ["no"] * 4}),
    ]
)
grp_file.to_csv(os.path.join(data, "fairness_groups.csv"), index=False)
put("in.rows", len(grp_file))
put("in.without_scorecards", 4)
put("in.without_groups", len(missing))

known = grp.drop(index=missing).set_index("candidate_id")
df = pd.DataFrame({"hired": hired, "advanced": advanced, "perf": perf, "panel": panel.loc[cands].values}, index=cands)
for col in ["gender", "veteran"]:
    g = known[col].where(~known[col].str.strip().str.lower().isin(UNKNOWN))
    put(f"in.{col}.unknown", g.isna().sum())
    d = df.join(g.rename("g"), how="inner").dropna(subset=["g"])
    sizes = d.groupby("g").size()
    keep = sorted(sizes[sizes >= MIN_CELL].index)
    put(f"in.{col}.suppressed", (sizes < MIN_CELL).sum())
    # ---- selection, per stage
    for stage in ["hired", "advanced"]:
        rate = d.groupby("g")[stage].mean()
        ref = max(keep, key=lambda k: (rate[k], sizes[k]))
        s2, n2 = int(d[d.g == ref][stage].sum()), int(sizes[ref])
        for k in keep:
            s1, n1 = int(d[d.g == k][stage].sum()), int(sizes[k])
            pre = f"sel.{col}.{stage}.{k}"
            put(pre + ".n", n1)
            put(pre + ".selected", s1)
            put(pre + ".rate", s1 / n1)
            if k == ref:
                continue
            t = Table2x2(np.array([[s1, n1 - s1], [s2, n2 - s2]]))
            put(pre + ".impact_ratio", t.riskratio)
            lo, hi = t.riskratio_confint(alpha=0.05)
            put(pre + ".ir_lo", lo)
            put(pre + ".ir_hi", hi)
            zd, pzd = proportions_ztest([s1, s2], [n1, n2])
            put(pre + ".z_d", zd)
            put(pre + ".p_z_d", pzd)
            srt, N, P = (s1 + s2) / (n1 + n2), n1 + n2, n1 / (n1 + n2)
            zir = np.log(t.riskratio) / np.sqrt((1 - srt) / (srt * N * P * (1 - P)))
            put(pre + ".z_ir", zir)
            put(pre + ".p_z_ir", 2 * stats.norm.sf(abs(zir)))
            put(pre + ".fisher_p", stats.fisher_exact([[s1, n1 - s1], [s2, n2 - s2]])[1])
            hg = stats.hypergeom(N, s1 + s2, n1)
            put(pre + ".mid_p", hg.cdf(s1 - 1) + 0.5 * hg.pmf(s1))
            put(pre + ".shortfall", s2 / n2 * n1 - s1)
    # Score gaps, interviewers and prediction compare with the largest group (most power), not the
    # highest-rate group of the selection rows.
    ref = sorted(keep, key=lambda k: (-sizes[k], k))[0]
    # ---- questions and panel score
    cells, ps = [], []
    sq = s_cq.join(known[[]], how="inner")
    for q in qs + ["panel_score"]:
        vals = (panel if q == "panel_score" else s_cq[q]).rename("v").to_frame().join(g.rename("g")).dropna()
        b = vals[vals.g == ref].v.values
        for k in keep:
            if k == ref:
                continue
            a = vals[vals.g == k].v.values
            dd = pg.compute_effsize(a, b, eftype="cohen")
            p = stats.ttest_ind(a, b, equal_var=True).pvalue
            se = np.sqrt((len(a) + len(b)) / (len(a) * len(b)) + dd**2 / (2 * (len(a) + len(b))))
            pre = f"q.{col}.{q}.{k}"
            put(pre + ".n_group", len(a))
            put(pre + ".n_reference", len(b))
            put(pre + ".d", dd)
            put(pre + ".d_lo", dd - Z * se)
            put(pre + ".d_hi", dd + Z * se)
            put(pre + ".p", p)
            cells.append(pre)
            ps.append(p)
    for pre, qv in zip(cells, multipletests(ps, method="fdr_bh")[1]):
        put(pre + ".q", qv)

# ---------------------------------------------------------------- interviewer residual gaps
pred_cells, pred_ps = [], []  # every intercept and slope test of the run: one BH family
fit = smf.ols("score ~ C(candidate_id) + C(question_id) + C(interviewer_id)", data=rat).fit()
rat["resid"] = fit.resid
card = rat.groupby(["scorecard_id", "candidate_id", "interviewer_id"])["resid"].mean().reset_index()
pooled_sd = rat["score"].std(ddof=1)
put("iv.pooled_sd", pooled_sd)
for col in ["gender", "veteran"]:
    g = known[col].where(~known[col].str.strip().str.lower().isin(UNKNOWN)).rename("g")
    d = df.join(g, how="inner").dropna(subset=["g"])
    sizes = d.groupby("g").size()
    keep = sorted(sizes[sizes >= MIN_CELL].index)
    ref = sorted(keep, key=lambda k: (-sizes[k], k))[0]
    put(f"ref.{col}.{ref}", 1)
    c2 = card.join(g, on="candidate_id").dropna(subset=["g"])
    cells, ps = [], []
    for iv in ivs:
        b = c2[(c2.interviewer_id == iv) & (c2.g == ref)].resid.values
        for k in keep:
            if k == ref:
                continue
            a = c2[(c2.interviewer_id == iv) & (c2.g == k)].resid.values
            if len(a) < MIN_CELL or len(b) < MIN_CELL:
                continue
            t = stats.ttest_ind(a, b, equal_var=False)
            cm = CompareMeans(DescrStatsW(a), DescrStatsW(b))
            lo, hi = cm.tconfint_diff(alpha=0.05, usevar="unequal")
            pre = f"iv.{col}.{iv}.{k}"
            put(pre + ".n_group", len(a))
            put(pre + ".n_reference", len(b))
            put(pre + ".gap", a.mean() - b.mean())
            put(pre + ".se", np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b)))
            put(pre + ".lo", lo)
            put(pre + ".hi", hi)
            put(pre + ".p", t.pvalue)
            cells.append(pre)
            ps.append(t.pvalue)
    qv = multipletests(ps, method="fdr_bh")[1]
    for pre, q, p in zip(cells, qv, ps):
        put(pre + ".q", q)
    # ---- differential prediction among hires
    for k in keep:
        if k == ref:
            continue
        h = d[(d.hired) & d.perf.notna() & d.g.isin([k, ref])].copy()
        if (h.g == k).sum() < MIN_CELL or (h.g == ref).sum() < MIN_CELL:
            continue
        h["gg"] = (h.g == k).astype(float)
        h["Sc"] = h.panel - h.panel.mean()
        m = smf.ols("perf ~ Sc * gg", data=h).fit()
        ci = m.conf_int(alpha=0.05)
        pre = f"pred.{col}.{k}"
        put(pre + ".n_group", (h.g == k).sum())
        put(pre + ".n_reference", (h.g == ref).sum())
        put(pre + ".centered_at", h.panel.mean())
        for name, term in [("intercept_diff", "gg"), ("slope_diff", "Sc:gg")]:
            put(f"{pre}.{name}", m.params[term])
            put(f"{pre}.{name}_se", m.bse[term])
            put(f"{pre}.{name}_lo", ci.loc[term, 0])
            put(f"{pre}.{name}_hi", ci.loc[term, 1])
            put(f"{pre}.{name}_p", m.pvalues[term])
            pred_cells.append(f"{pre}.{name}_q")
            pred_ps.append(m.pvalues[term])

# Differential prediction q: Benjamini-Hochberg over all intercept and slope tests of the run (every
# group column and focal group; suppressed rows have no test and are left out).
for key_q, qv in zip(pred_cells, multipletests(pred_ps, method="fdr_bh")[1]):
    put(key_q, qv)
# The same family under --min-cell 11, which suppresses veteran "yes" (10 hires with perf): only the
# gender tests remain, so their q-values change (keys "pm11.", checked by a separate Rust test).
kept11 = [(k, p) for k, p in zip(pred_cells, pred_ps) if k.startswith("pred.gender.")]
for (key_q, _), qv in zip(kept11, multipletests([p for _, p in kept11], method="fdr_bh")[1]):
    put("pm11." + key_q[len("pred."):], qv)

with open(os.path.join(data, "fairness_expected.csv"), "w") as f:
    f.write("key,value\n")
    for k, v in expected:
        f.write(f"{k},{v!r}\n")
