"""Expected numbers for tests/summary_reference.rs: the summary.json fields no other reference covers,
checked end to end (`hirecal report` on constructed data, numbers read back from summary.json).

Reads (does not write) the constructed unbalanced data of interviewers_reference.py:
  tests/data/iv_scorecards.csv, tests/data/iv_outcomes.csv
and, for competencies[], the data of questions_reference.py: tests/data/ref_{scorecards,outcomes,questions}.csv;
and writes tests/data/summary_expected.csv (key,value), printing the same numbers.

Statistics (docs/methods.md):
  interviewers[].leniency_ci: beta +- z * SE, beta and the candidate-clustered (CR1) SE of the peer-group
    centred contrast from statsmodels OLS score ~ C(candidate) + C(question) + C(interviewer), as in
    interviewers_reference.py; z = scipy norm.ppf(0.975).
  interviewers[].validity_shrunk: Fisher-z empirical Bayes toward the pooled r (scipy pearsonr over every
    hire's candidate x interviewer cell): z_i = atanh r_i, v_i = 1/(n_i - 3), tau^2 = max(0, var(z, ddof=1)
    - mean(v)) over interviewers with n_i > 3, shrunk = tanh(z_p + (z_i - z_p) tau^2 / (tau^2 + v_i)).
    On this data tau^2 = 0 (every shrunk value is the pooled r); section "shrink" adds (r, n) inputs
    with tau^2 > 0 for a direct call of hirecal's shrink_fisher.
  panel: one-way ANOVA (statsmodels anova_lm) of the candidate x interviewer scorecard means over
    candidates with >= 2 scorecards; icc1_unbalanced = (MSB - MSW) / (MSB + (n0 - 1) MSW),
    n0 = (N - sum n_c^2 / N) / (C - 1); mean_panel_size = N / C; reliability_mean_panel = Spearman-Brown
    of icc1 at round(mean_panel_size); interviews_for_reliability.k = ceil(.8 (1 - icc1) / (icc1 .2));
    Krippendorff's alpha (krippendorff.alpha, interval and ordinal) on the same matrix with missing cells.
  process (panel score S = mean over questions of the candidate's per-question mean rating):
    decision_auc = scipy mannwhitneyu U / (n1 n0); decision_auc_ci = AUC +- z * Hanley-McNeil SE,
    clipped to [0, 1]; validity_r, validity_p = scipy pearsonr among hires with perf; validity_ci =
    Fisher z; validity_spearman = scipy spearmanr; range_restriction_u = SD(S) / SD(S among those hires);
    validity_corrected = Thorndike Case II; validity_adjusted = Case III of the leniency-adjusted panel
    score (ratings minus the rater's centred leniency) with S as the selection variable.
  process.outcome_by_score: hires with perf sorted by S (stable, candidates in file order), five bands
    [b n / 5, (b + 1) n / 5); mean and scipy t.interval of perf.
  questions[].decision_auc, decision_auc_ci: as for S, on the candidate's mean rating of the question.
  competencies[]: see the section "competencies" below.
  A yes/no outcome (validity_auc, outcome_by_score as rates with Wilson intervals) on the data of
  binary_selection.py, tests/data/bin_{scorecards,outcomes,questions}.csv: section "yes/no outcome".

Run: python3 tests/reference/summary_reference.py
"""
import os

import krippendorff
import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.stats.anova import anova_lm
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "data")
Z = stats.norm.ppf(0.975)
expected = []


def put(key, value):
    expected.append((key, float(value)))
    print(f"{key:40s} {float(value):.15g}")


sc = pd.read_csv(os.path.join(data, "iv_scorecards.csv"))
out = pd.read_csv(os.path.join(data, "iv_outcomes.csv"))
cands = list(dict.fromkeys(sc.candidate_id))  # file order
hired = out.set_index("candidate_id").hired.astype(str).str.lower().eq("true").reindex(cands)
perf = out.set_index("candidate_id").perf.reindex(cands)
A = ["A1", "A2", "A3", "A4"]
B = ["B1", "B2", "B3", "B4"]

# ---------------------------------------------------------------- leniency and its interval
main = sc[sc.interviewer_id != "C1"].copy()  # C1's lone candidate is a separate component
cluster = main.groupby("candidate_id", sort=False).ngroup().to_numpy()
ols = smf.ols("score ~ C(candidate_id) + C(question_id) + C(interviewer_id)", data=main)
X = pd.DataFrame(ols.exog, columns=ols.exog_names).drop(columns=["C(question_id)[T.qb1]"])
assert np.linalg.matrix_rank(X.to_numpy()) == X.shape[1]
y = main.score.to_numpy(float)
fit = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": cluster})
names = list(X.columns)
n_rat = main.interviewer_id.value_counts()


def dummy(j):
    v = np.zeros(len(names))
    key = f"C(interviewer_id)[T.{j}]"
    if key in names:
        v[names.index(key)] = 1.0
    return v


leniency = {}
for group in (A, B):
    w = {j: n_rat[j] / sum(n_rat[k] for k in group) for j in group}
    for i in group:
        c = dummy(i) - sum(w[j] * dummy(j) for j in group)
        b, se = c @ fit.params.to_numpy(), np.sqrt(c @ fit.cov_params().to_numpy() @ c)
        leniency[i] = b
        put(f"leniency_lo:{i}", b - Z * se)
        put(f"leniency_hi:{i}", b + Z * se)

# ---------------------------------------------------------------- cells: scorecard means
cell = sc.groupby(["candidate_id", "interviewer_id"], sort=False).score.mean().rename("m").reset_index()

# ---------------------------------------------------------------- validity_shrunk


def shrink(rs, pooled):
    ok = [(np.arctanh(r), 1 / (n - 3)) for r, n in rs if n > 3]
    z = np.array([o[0] for o in ok])
    v = np.array([o[1] for o in ok])
    tau2 = max(0.0, z.var(ddof=1) - v.mean())
    zp = np.arctanh(pooled)
    return tau2, [np.tanh(zp + (np.arctanh(r) - zp) * tau2 / (tau2 + 1 / (n - 3))) for r, n in rs]


cell["y"] = cell.candidate_id.map(perf.where(hired))
hc = cell[cell.y.notna()]
pooled = stats.pearsonr(hc.m, hc.y)[0]
rs = {}
for i, d in hc.groupby("interviewer_id"):
    if len(d) > 3:
        rs[i] = (stats.pearsonr(d.m, d.y)[0], len(d))
tau2, shrunk = shrink(list(rs.values()), pooled)
put("validity_pooled_r", pooled)
put("validity_tau2", tau2)
for i, s in zip(rs, shrunk):
    put(f"validity_shrunk:{i}", s)

# Direct inputs with tau^2 > 0 (interviewers whose validities differ much more than sampling error).
print("# shrink")
direct = [(0.55, 40), (-0.30, 35), (0.10, 60), (0.42, 25), (-0.05, 50), (0.70, 30)]
tau2_d, shrunk_d = shrink(direct, 0.2)
assert tau2_d > 0
put("shrink.tau2", tau2_d)
for k, s in enumerate(shrunk_d):
    put(f"shrink.{k}", s)

# ---------------------------------------------------------------- panel: one-way ICC(1), Krippendorff
multi = cell[cell.groupby("candidate_id").m.transform("size") >= 2]
aov = anova_lm(smf.ols("m ~ C(candidate_id)", data=multi).fit())
msb, msw = aov["mean_sq"].iloc[0], aov["mean_sq"].iloc[1]
sizes = multi.groupby("candidate_id").size()
N, C = sizes.sum(), len(sizes)
n0 = (N - (sizes**2).sum() / N) / (C - 1)
icc1 = (msb - msw) / (msb + (n0 - 1) * msw)
put("icc1_unbalanced", icc1)
put("mean_panel_size", N / C)
k = round(N / C)
put("reliability_mean_panel", k * icc1 / (1 + (k - 1) * icc1))
put("k_for_80", np.ceil(0.8 * (1 - icc1) / (icc1 * 0.2)))
wide = multi.pivot(index="candidate_id", columns="interviewer_id", values="m")
for level in ["interval", "ordinal"]:
    put(f"kalpha_{level}", krippendorff.alpha(reliability_data=wide.to_numpy().T, level_of_measurement=level))

# ---------------------------------------------------------------- process and questions


def auc_with_ci(x, h):
    pos, neg = x[h], x[~h]
    n1, n0_ = len(pos), len(neg)
    a = stats.mannwhitneyu(pos, neg, alternative="two-sided").statistic / (n1 * n0_)
    q1, q2 = a / (2 - a), 2 * a * a / (1 + a)
    se = np.sqrt((a * (1 - a) + (n1 - 1) * (q1 - a * a) + (n0_ - 1) * (q2 - a * a)) / (n1 * n0_))
    return a, max(0.0, a - Z * se), min(1.0, a + Z * se)


per_q = sc.groupby(["candidate_id", "question_id"]).score.mean().unstack().reindex(cands)
S = per_q.mean(axis=1)
h = hired.to_numpy()
a, lo, hi = auc_with_ci(S.to_numpy(), h)
put("process.decision_auc", a)
put("process.decision_auc_lo", lo)
put("process.decision_auc_hi", hi)
for q in per_q.columns:
    ok = per_q[q].notna().to_numpy()
    a, lo, hi = auc_with_ci(per_q[q].to_numpy()[ok], h[ok])
    put(f"q.{q}.decision_auc", a)
    put(f"q.{q}.decision_auc_lo", lo)
    put(f"q.{q}.decision_auc_hi", hi)

H = (hired & perf.notna()).to_numpy()
s_h, y_h = S[H].to_numpy(), perf[H].to_numpy()
r, p = stats.pearsonr(s_h, y_h)
n = len(s_h)
put("process.n_validity", n)
put("process.validity_r", r)
put("process.validity_p", p)
put("process.validity_lo", np.tanh(np.arctanh(r) - Z / np.sqrt(n - 3)))
put("process.validity_hi", np.tanh(np.arctanh(r) + Z / np.sqrt(n - 3)))
put("process.validity_spearman", stats.spearmanr(s_h, y_h).statistic)
u = S.std(ddof=1) / S[H].std(ddof=1)
put("process.range_restriction_u", u)
put("process.validity_corrected", r * u / np.sqrt(1 - r**2 + r**2 * u**2))

# Leniency-adjusted panel score: ratings minus the rater's centred leniency (C1 not estimable: as is).
sc["adj"] = sc.score - sc.interviewer_id.map(leniency).fillna(0.0)
S_adj = sc.groupby(["candidate_id", "question_id"]).adj.mean().unstack().reindex(cands).mean(axis=1)
K = S.var(ddof=1) / S[H].var(ddof=1) - 1
rxy = stats.pearsonr(S_adj[H], y_h)[0]
rxz = stats.pearsonr(S_adj[H], s_h)[0]
ryz = stats.pearsonr(y_h, s_h)[0]
put("process.validity_adjusted", (rxy + rxz * ryz * K) / np.sqrt((1 + rxz**2 * K) * (1 + ryz**2 * K)))

# Outcome by panel-score band: fifths of the hires with perf, sorted by S (stable).
order = np.argsort(s_h, kind="stable")
s_sorted, y_sorted = s_h[order], y_h[order]
for b in range(5):
    lo_i, hi_i = b * n // 5, (b + 1) * n // 5
    ys = y_sorted[lo_i:hi_i]
    put(f"band.{b}.score_low", s_sorted[lo_i])
    put(f"band.{b}.score_high", s_sorted[hi_i - 1])
    put(f"band.{b}.n", len(ys))
    put(f"band.{b}.mean", ys.mean())
    ci = stats.t.interval(0.95, len(ys) - 1, loc=ys.mean(), scale=stats.sem(ys))
    put(f"band.{b}.lo", ci[0])
    put(f"band.{b}.hi", ci[1])

# ---------------------------------------------------------------- competencies (questions_reference.py data)
# Competency score = mean of the candidate's per-question means over the competency's questions (A: q1, q2;
# B: q3). Every field of competencies[] as for a question: descriptives over the rated, AUC of the hire
# decision (Hanley-McNeil interval), Pearson / Spearman / Fisher-z among hires with perf, Thorndike Case III
# with the panel score S as the selection variable (K = var(S) / var(S among those hires) - 1), item-rest r
# against the mean of the candidate's other competency scores, and the standardized OLS coefficients
# (statsmodels) of perf on both competency scores over the hires rated on both.
rsc = pd.read_csv(os.path.join(data, "ref_scorecards.csv"))
rout = pd.read_csv(os.path.join(data, "ref_outcomes.csv")).set_index("candidate_id")
rq = pd.read_csv(os.path.join(data, "ref_questions.csv"))
rc = list(dict.fromkeys(rsc.candidate_id))
rwide = rsc.groupby(["candidate_id", "question_id"]).score.mean().unstack().reindex(rc)
rS = rwide.mean(axis=1)
rhired = rout.hired.astype(str).str.lower().eq("true").reindex(rc).to_numpy()
ry = rout.perf.reindex(rc)
rH = rhired & ry.notna().to_numpy()
comps = {c: list(g.question_id) for c, g in rq.groupby("competency")}
cs = pd.DataFrame({c: rwide[qs].mean(axis=1) for c, qs in comps.items()})
Kr = rS.var(ddof=1) / rS[rH].var(ddof=1) - 1
for c in cs.columns:
    x = cs[c]
    ok = x.notna().to_numpy()
    put(f"c.{c}.n_scored", ok.sum())
    put(f"c.{c}.mean", x[ok].mean())
    put(f"c.{c}.sd", x[ok].std(ddof=1))
    a, lo, hi = auc_with_ci(x.to_numpy()[ok], rhired[ok])
    put(f"c.{c}.decision_auc", a)
    put(f"c.{c}.decision_auc_lo", lo)
    put(f"c.{c}.decision_auc_hi", hi)
    m = ok & rH
    xh, yh, sh = x[m].to_numpy(), ry[m].to_numpy(), rS[m].to_numpy()
    r, p = stats.pearsonr(xh, yh)
    n = int(m.sum())
    put(f"c.{c}.n_validity", n)
    put(f"c.{c}.validity_r", r)
    put(f"c.{c}.validity_p", p)
    put(f"c.{c}.validity_lo", np.tanh(np.arctanh(r) - Z / np.sqrt(n - 3)))
    put(f"c.{c}.validity_hi", np.tanh(np.arctanh(r) + Z / np.sqrt(n - 3)))
    put(f"c.{c}.validity_spearman", stats.spearmanr(xh, yh).statistic)
    rxz, ryz = stats.pearsonr(xh, sh)[0], stats.pearsonr(yh, sh)[0]
    put(f"c.{c}.validity_corrected", (r + rxz * ryz * Kr) / np.sqrt((1 + rxz**2 * Kr) * (1 + ryz**2 * Kr)))
    rest = cs.drop(columns=c).mean(axis=1)
    both = ok & rest.notna().to_numpy()
    put(f"c.{c}.item_rest_r", stats.pearsonr(x[both], rest[both])[0])
cc = rH & cs.notna().all(axis=1).to_numpy()
Zc = (cs[cc] - cs[cc].mean()) / cs[cc].std(ddof=1)
zy = (ry[cc] - ry[cc].mean()) / ry[cc].std(ddof=1)
betas = sm.OLS(zy.to_numpy(), sm.add_constant(Zc.to_numpy())).fit().params[1:]
for c, b in zip(cs.columns, betas):
    put(f"c.{c}.incremental_beta", b)

# ---------------------------------------------------------------- bootstrap (Monte Carlo agreement)
# The corrected validity's bootstrap (docs/methods.md): hires with perf resampled with replacement, Case III
# recomputed on each resample with K held at its full-pool value; interval = percentiles, p = 2 min(share
# <= 0, share >= 0), mde_r = (z_.975 + z_.80) SD(replicates), n_needed = ceil(n (mde_r / |corrected|)^2),
# validity_q = fdr_bh of the questions' p. scipy.stats.bootstrap (percentile, 20000 resamples, seed 5)
# draws other resamples than hirecal, so the Rust test compares within Monte Carlo tolerances.
print("# bootstrap")
hi_idx = np.flatnonzero(rH)
Xh, Sh, Yh = rwide.to_numpy()[hi_idx], rS.to_numpy()[hi_idx], ry.to_numpy()[hi_idx]
ZZ = stats.norm.ppf(0.975) + stats.norm.ppf(0.80)


def case3_of(j):
    def stat(idx):
        idx = idx.astype(int)
        x, z, yy = Xh[idx, j], Sh[idx], Yh[idx]
        ok = ~np.isnan(x)
        x, z, yy = x[ok], z[ok], yy[ok]
        rxy, rxz, ryz = np.corrcoef(x, yy)[0, 1], np.corrcoef(x, z)[0, 1], np.corrcoef(yy, z)[0, 1]
        return (rxy + rxz * ryz * Kr) / np.sqrt((1 + rxz**2 * Kr) * (1 + ryz**2 * Kr))

    return stat


boot_p = []
for j, q in enumerate(rwide.columns):
    res = stats.bootstrap((np.arange(len(hi_idx), dtype=float),), case3_of(j), n_resamples=20000,
                          method="percentile", vectorized=False, random_state=np.random.default_rng(5))
    reps = res.bootstrap_distribution
    put(f"boot.{q}.lo", res.confidence_interval.low)
    put(f"boot.{q}.hi", res.confidence_interval.high)
    pb = min(1.0, max(2 * min((reps <= 0).mean(), (reps >= 0).mean()), 1 / len(reps)))
    put(f"boot.{q}.p", pb)
    boot_p.append(pb)
    mde = ZZ * reps.std(ddof=1)
    put(f"boot.{q}.mde_r", mde)
    est = case3_of(j)(np.arange(len(hi_idx), dtype=float))
    put(f"boot.{q}.n_needed", min(5000, np.ceil(int((~np.isnan(Xh[:, j])).sum()) * (mde / abs(est)) ** 2)))
for q, qv in zip(rwide.columns, multipletests(boot_p, method="fdr_bh")[1]):
    put(f"boot.{q}.q", qv)


def percentile_boot(stat, n, key):
    """scipy's percentile bootstrap of stat over row indices 0..n-1: interval, p and replicate SD."""
    res = stats.bootstrap((np.arange(n, dtype=float),), lambda i: stat(i.astype(int)), n_resamples=20000,
                          method="percentile", vectorized=False, random_state=np.random.default_rng(5))
    reps = res.bootstrap_distribution
    put(f"{key}.lo", res.confidence_interval.low)
    put(f"{key}.hi", res.confidence_interval.high)
    return reps


# Question comparisons: the best question (q1) minus each other on the same resamples.
for j, q in enumerate(rwide.columns[1:], start=1):
    percentile_boot(lambda i, j=j: case3_of(0)(i) - case3_of(j)(i), len(hi_idx), f"boot.diff.{q}")
# The panel score: Case II with u held at its full-sample value, r recomputed on each resample.
u_r = rS.std(ddof=1) / rS[rH].std(ddof=1)


def case2_of(i):
    r = np.corrcoef(Sh[i], Yh[i])[0, 1]
    return r * u_r / np.sqrt(1 - r**2 + r**2 * u_r**2)


reps = percentile_boot(case2_of, len(hi_idx), "boot.process")
put("boot.process.p", max(2 * min((reps <= 0).mean(), (reps >= 0).mean()), 1 / len(reps)))
mde = ZZ * reps.std(ddof=1)
put("boot.process.mde_r", mde)
put("boot.process.n_needed", min(5000, np.ceil(len(hi_idx) * (mde / abs(case2_of(np.arange(len(hi_idx))))) ** 2)))
# Incremental betas: the complete-case hires resampled, standardized OLS coefficients (statsmodels).
cc_q = np.flatnonzero(rH & rwide.notna().all(axis=1).to_numpy())
Xc, Yc = rwide.to_numpy()[cc_q], ry.to_numpy()[cc_q]


def beta_of(j):
    def stat(i):
        x, yy = Xc[i], Yc[i]
        zx = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
        return sm.OLS((yy - yy.mean()) / yy.std(ddof=1), sm.add_constant(zx)).fit().params[1 + j]

    return stat


for j, q in enumerate(rwide.columns):
    percentile_boot(beta_of(j), len(cc_q), f"boot.beta.{q}")

# ---------------------------------------------------------------- yes/no outcome (binary_selection.py data)
# validity_auc: AUC (scipy mannwhitneyu U / (n1 n0)) of the score for the outcome among hires with one
# (questions, competencies, the panel score); outcome_by_score: the outcome rate per fifth of those hires
# by panel score (stable sort, file order) with statsmodels' Wilson interval.
bsc = pd.read_csv(os.path.join(data, "bin_scorecards.csv"))
bout = pd.read_csv(os.path.join(data, "bin_outcomes.csv")).set_index("candidate_id")
bq = pd.read_csv(os.path.join(data, "bin_questions.csv"))
bc = list(dict.fromkeys(bsc.candidate_id))
bwide = bsc.groupby(["candidate_id", "question_id"]).score.mean().unstack().reindex(bc)
bS = bwide.mean(axis=1)
bh = bout.hired.astype(str).str.lower().eq("true").reindex(bc).to_numpy()
by = bout.retained.reindex(bc).map(lambda v: np.nan if pd.isna(v) else float(str(v).lower() == "true"))
bH = bh & by.notna().to_numpy()
cols = {f"q.{q}": bwide[q] for q in bwide.columns}
cols.update({f"c.{c}": bwide[list(g.question_id)].mean(axis=1) for c, g in bq.groupby("competency")})
cols["process"] = bS
for name, x in cols.items():
    m = bH & x.notna().to_numpy()
    yy = by[m].to_numpy() > 0.5
    xx = x[m].to_numpy()
    auc = stats.mannwhitneyu(xx[yy], xx[~yy], alternative="two-sided").statistic / (yy.sum() * (~yy).sum())
    put(f"bin.{name}.validity_auc", auc)
order = np.argsort(bS[bH].to_numpy(), kind="stable")
bs_sorted, by_sorted = bS[bH].to_numpy()[order], by[bH].to_numpy()[order]
nb = len(bs_sorted)
for b in range(5):
    lo_i, hi_i = b * nb // 5, (b + 1) * nb // 5
    ys = by_sorted[lo_i:hi_i]
    put(f"bin.band.{b}.score_low", bs_sorted[lo_i])
    put(f"bin.band.{b}.score_high", bs_sorted[hi_i - 1])
    put(f"bin.band.{b}.n", len(ys))
    put(f"bin.band.{b}.mean", ys.mean())
    lo, hi = proportion_confint(int(ys.sum()), len(ys), alpha=0.05, method="wilson")
    put(f"bin.band.{b}.lo", lo)
    put(f"bin.band.{b}.hi", hi)

with open(os.path.join(data, "summary_expected.csv"), "w") as f:
    f.write("key,value\n")
    for key, v in expected:
        f.write(f"{key},{v!r}\n")
