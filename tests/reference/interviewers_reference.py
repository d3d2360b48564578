"""Expected numbers for tests/interviewers_reference.rs, from statsmodels/scipy/pingouin/krippendorff.

Writes (deterministic, seed 11):
  tests/data/iv_scorecards.csv, iv_outcomes.csv   unbalanced design, two peer groups, one lone interviewer
  tests/data/iv_crossed_scorecards.csv            fully crossed panel: 36 candidates x 3 interviewers
  tests/data/iv_expected.csv                      key,value: every number the Rust test checks
and prints the same numbers.

Unbalanced design: interviewers A1..A4 ask qa1..qa3 (peer group A), B1..B4 ask qb1, qb2 (peer group B);
each candidate meets one or two A interviewers and one B interviewer; ~15% of ratings are missing.
Interviewer C1 rates one candidate nobody else saw (a separate component: not estimable, `disconnected`).

Model: statsmodels OLS  score ~ C(candidate) + C(question) + C(interviewer) on a full-rank design (the
question dummy aliased with peer group B's level is dropped; the centred contrasts do not depend on it).
For interviewer i in group g with rating shares w_j: leniency_i = c'b with c = e_i - sum_j w_j e_j,
SE = sqrt(c' Cov c) from the candidate-clustered covariance (cov_type="cluster" with the candidates as
groups, statsmodels' default CR1 factor G/(G-1)*(N-1)/(N-K)), and the ordinary one (leniency_se_iid). Drift: the same model plus
interviewer x time columns 1[i]*(t_c - tbar_i) (t_c the candidate's mean interview date in years, tbar_i
the interviewer's rating-weighted mean of it), one slope column dropped (the trend shared by every
interviewer is the candidates'), slopes centred within the peer group like leniency, clustered SE.
Shrinkage: tau^2 = max(0, var(leniency) - mean(se^2)) within the peer group. Panel agreement, decision agreement and kappa (statsmodels cohens_kappa),
validity r: pandas/scipy. Crossed panel: pingouin.intraclass_corr on the candidate x interviewer matrix
of scorecard means, krippendorff.alpha, pingouin.cronbach_alpha on the candidate x question means.

Run: python3 tests/reference/interviewers_reference.py
"""
import os
import numpy as np
import pandas as pd
from scipy import stats
import statsmodels.formula.api as smf
from statsmodels.stats.inter_rater import cohens_kappa
import pingouin as pg
import krippendorff

rng = np.random.default_rng(11)
here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "data")
expected = []


def put(key, value):
    expected.append((key, float(value)))
    print(f"{key:32s} {value:.15g}")


# ---------------------------------------------------------------- unbalanced design
A = ["A1", "A2", "A3", "A4"]
B = ["B1", "B2", "B3", "B4"]
QA, QB = ["qa1", "qa2", "qa3"], ["qb1", "qb2"]
beta = {"A1": 0.6, "A2": 0.0, "A3": -0.2, "A4": -0.4, "B1": 0.3, "B2": 0.0, "B3": -0.5, "B4": 0.1}
delta = {"qa1": 0.0, "qa2": 0.3, "qa3": -0.3, "qb1": 0.2, "qb2": -0.1}
start = np.datetime64("2024-01-01")
rows = []
N = 60
theta = rng.normal(size=N)
for c in range(N):
    cid = f"c{c:02d}"
    panel = list(rng.choice(A, size=1 + (rng.random() < 0.4), replace=False)) + [rng.choice(B)]
    for i in panel:
        day = start + np.timedelta64(int(rng.integers(0, 700)), "D")
        qs = QA if i in A else QB
        sc_rows = []
        for q in qs:
            if rng.random() < 0.15:
                continue
            x = 3 + 0.8 * theta[c] + beta[i] + delta[q] + rng.normal(scale=0.6)
            sc_rows.append([cid, i, q, int(np.clip(np.round(x), 1, 5)), str(day)])
        if not sc_rows:
            continue
        m = np.mean([r[3] for r in sc_rows]) + rng.normal(scale=0.4)
        rec = "strong_no" if m < 2 else "no" if m < 3 else "yes" if m < 3.8 else "strong_yes"
        rows += [r + [rec] for r in sc_rows]
rows.append(["z1", "C1", "qa1", 4, "2024-06-01", "yes"])
rows.append(["z1", "C1", "qa2", 3, "2024-06-01", "yes"])
sc = pd.DataFrame(rows, columns=["candidate_id", "interviewer_id", "question_id", "score", "interview_date",
                                 "recommendation"])
sc.to_csv(os.path.join(data, "iv_scorecards.csv"), index=False)

S = sc.groupby("candidate_id").apply(lambda d: d.groupby("question_id").score.mean().mean(),
                                     include_groups=False)
cands = S.index.to_numpy()
hired = (S.rank(method="first", ascending=False) <= 0.5 * len(S)).to_numpy()
perf = np.round(3 + 0.5 * np.array([theta[int(c[1:])] if c != "z1" else 0 for c in cands])
                + rng.normal(scale=0.5, size=len(cands)), 2)
out = pd.DataFrame({"candidate_id": cands, "hired": np.where(hired, "true", "false"),
                    "perf": np.where(hired, perf, np.nan)})
out.to_csv(os.path.join(data, "iv_outcomes.csv"), index=False, na_rep="")

# The model on the main component (C1's lone candidate only adds a collinear dummy).
import statsmodels.api as sm

main = sc[sc.interviewer_id != "C1"].copy()
card_keys = ["candidate_id", "interviewer_id", "interview_date"]
cluster = main.groupby("candidate_id", sort=False).ngroup().to_numpy()  # candidates nest scorecards
G = len(np.unique(cluster))
ols = smf.ols("score ~ C(candidate_id) + C(question_id) + C(interviewer_id)", data=main)
X = pd.DataFrame(ols.exog, columns=ols.exog_names).drop(columns=["C(question_id)[T.qb1]"])
assert np.linalg.matrix_rank(X.to_numpy()) == X.shape[1]
fit = sm.OLS(main.score.to_numpy(float), X).fit()
fit_cl = sm.OLS(main.score.to_numpy(float), X).fit(cov_type="cluster", cov_kwds={"groups": cluster})
names = list(X.columns)
cov, cov_cl = fit.cov_params().to_numpy(), fit_cl.cov_params().to_numpy()
print(f"df_resid = {fit.df_resid}, sigma2 = {fit.scale:.12f}, candidates = {G}")
n_rat = main.interviewer_id.value_counts()


def vec(j, names=names, prefix="C(interviewer_id)[T.{}]"):
    v = np.zeros(len(names))
    key = prefix.format(j)
    if key in names:  # the first level is the reference (all zeros)
        v[names.index(key)] = 1.0
    return v


lenv = {}
for group in (A, B):
    w = {j: n_rat[j] / sum(n_rat[k] for k in group) for j in group}
    for i in group:
        c = vec(i) - sum(w[j] * vec(j) for j in group)
        lenv[i] = (c @ fit.params.to_numpy(), np.sqrt(c @ cov_cl @ c))
        put(f"leniency:{i}", lenv[i][0])
        put(f"leniency_se:{i}", lenv[i][1])
        put(f"leniency_se_iid:{i}", np.sqrt(c @ cov @ c))

# Empirical-Bayes shrinkage within each peer group (method-of-moments tau^2 on the clustered SEs).
for group in (A, B):
    b = np.array([lenv[i][0] for i in group])
    se = np.array([lenv[i][1] for i in group])
    tau2 = max(0.0, b.var(ddof=1) - (se ** 2).mean())
    for i, bi, si in zip(group, b, se):
        put(f"leniency_shrunk:{i}", bi * tau2 / (tau2 + si ** 2))

# Drift: interviewer x time slopes fitted jointly with the candidate, question and interviewer effects.
days = (pd.to_datetime(main.interview_date) - pd.Timestamp("1970-01-01")).dt.days
main["t"] = (days - days.min()) / 365.25
main["tc"] = main.groupby("candidate_id").t.transform("mean")
tbar = main.groupby("interviewer_id").tc.mean()
XD = X.copy()
# A slope for every interviewer whose own dates vary (all here).
slopes = [i for i in A + B if main[main.interviewer_id == i].t.std() > 0]
for i in slopes:
    XD[f"slope[{i}]"] = np.where(main.interviewer_id == i, main.tc - tbar[i], 0.0)
XD = XD.drop(columns=[f"slope[{slopes[0]}]"])  # the shared trend is the candidates'
assert np.linalg.matrix_rank(XD.to_numpy()) == XD.shape[1]
fit_d = sm.OLS(main.score.to_numpy(float), XD).fit(cov_type="cluster", cov_kwds={"groups": cluster})
fit_d_iid = sm.OLS(main.score.to_numpy(float), XD).fit()
dnames = list(XD.columns)
driftv = {}
for group in (A, B):
    w = {j: n_rat[j] / sum(n_rat[k] for k in group) for j in group}
    for i in group:
        c = vec(i, dnames, "slope[{}]") - sum(w[j] * vec(j, dnames, "slope[{}]") for j in group)
        g, se = c @ fit_d.params.to_numpy(), np.sqrt(c @ fit_d.cov_params().to_numpy() @ c)
        driftv[i] = (g, se)
        if i in ("A1", "B3"):
            tq = stats.t.ppf(0.975, G - 1)
            put(f"drift:{i}", g)
            put(f"drift_se_iid:{i}", np.sqrt(c @ fit_d_iid.cov_params().to_numpy() @ c))
            put(f"drift_lo:{i}", g - tq * se)
            put(f"drift_hi:{i}", g + tq * se)

# Cells: interviewer's scorecard mean per candidate (one scorecard per pair here).
cell = sc.groupby(["candidate_id", "interviewer_id"]).score.mean().rename("m").reset_index()
tot = cell.groupby("candidate_id").m.agg(["sum", "count"])
cell = cell.join(tot, on="candidate_id")
multi = cell[cell["count"] >= 2].copy()
multi["rest"] = (multi["sum"] - multi.m) / (multi["count"] - 1)
put("panel_agreement_r:pooled", stats.pearsonr(multi.m, multi.rest)[0])
for i in ["A1", "B2"]:
    d = multi[multi.interviewer_id == i]
    put(f"panel_agreement_r:{i}", stats.pearsonr(d.m, d.rest)[0])
    put(f"panel_agreement_n:{i}", len(d))

# Decision agreement and kappa per scorecard.
card = sc.groupby(["candidate_id", "interviewer_id", "interview_date"]).recommendation.first().reset_index()
card["pos"] = card.recommendation.isin(["yes", "strong_yes"])
card["hired"] = card.candidate_id.map(dict(zip(cands, hired)))
for i in ["A2", "B1"]:
    d = card[card.interviewer_id == i]
    tab = pd.crosstab(d.pos, d.hired).reindex(index=[False, True], columns=[False, True], fill_value=0)
    put(f"decision_agreement:{i}", (d.pos == d.hired).mean())
    put(f"decision_kappa:{i}", cohens_kappa(tab.to_numpy()).kappa)

# Validity r of cell means with perf among hires.
perf_of = dict(zip(cands, np.where(hired, perf, np.nan)))
cell["y"] = cell.candidate_id.map(perf_of)
for i in ["A3", "B4"]:
    d = cell[(cell.interviewer_id == i) & cell.y.notna()]
    put(f"validity_r:{i}", stats.pearsonr(d.m, d.y)[0])
    put(f"validity_n:{i}", len(d))

# Spread ratio: SD of question-centred scores, interviewer over peer group; extreme share (scale 1..5 seen).
sc["d"] = sc.score - sc.groupby("question_id").score.transform("mean")
for i, group in [("A4", A + ["C1"]), ("B2", B)]:
    put(f"spread_ratio:{i}", sc[sc.interviewer_id == i].d.std(ddof=1) / sc[sc.interviewer_id.isin(group)].d.std(ddof=1))
    s = sc[sc.interviewer_id == i].score
    put(f"extreme_share:{i}", ((s == sc.score.min()) | (s == sc.score.max())).mean())

# Halo relative to the interviewer's own spread: h = (pooled within-scorecard SD of question-centred
# ratings, scorecards with >= 2 ratings: sqrt(sum of within-card sums of squares / sum of (m_k - 1))) /
# (SD of the same ratings overall); halo_index = 1 - h_i / h_group.
def pooled_within_sd(d):
    g = d.groupby(card_keys).d
    ss = g.apply(lambda x: ((x - x.mean()) ** 2).sum())
    df = g.size() - 1
    return np.sqrt(ss[df >= 1].sum() / df[df >= 1].sum())


own_sd = sc.groupby("interviewer_id").d.std(ddof=1)
for i, group in [("A1", A + ["C1"]), ("B3", B)]:
    h_i = pooled_within_sd(sc[sc.interviewer_id == i]) / own_sd[i]
    gd = sc[sc.interviewer_id.isin(group)]
    h_g = pooled_within_sd(gd) / gd.d.std(ddof=1)
    put(f"halo_index:{i}", 1 - h_i / h_g)

# ---------------------------------------------------------------- flag tests (docs/interviewer-flags.md)
# Every flag kind's p-value per interviewer, then Benjamini-Hochberg (statsmodels fdr_bh) per kind over the
# interviewers with >= 10 scorecards.
from statsmodels.stats.multitest import multipletests

groups = {i: (A + ["C1"] if i in A + ["C1"] else B) for i in A + B + ["C1"]}
own_mean = sc.groupby("interviewer_id").d.mean()
sc["absdev"] = (sc.d - sc.interviewer_id.map(own_mean)).abs()
card = sc.groupby(card_keys).agg(mad=("absdev", "mean"), ss=("d", lambda x: ((x - x.mean()) ** 2).sum()),
                                 k=("d", "size")).reset_index()
n_cards = card.interviewer_id.value_counts()
tested = [i for i in A + B if n_cards[i] >= 10]
pvals = {k: {} for k in ["lenient", "harsh", "narrow_range", "halo", "drifting", "disagrees_with_panel"]}
def peer_null(est, i):
    """p of H1 'below the peers': z = (m_i - mu) / sqrt(tau2 + se_i^2), mu and
    tau2 = max(0, var(m_j) - mean(se_j^2)) from the other tested interviewers of i's peer group."""
    others = [j for j in tested if j != i and groups[j] == groups[i]]
    m = np.array([est[j][0] for j in others]); se = np.array([est[j][1] for j in others])
    tau2 = max(0.0, m.var(ddof=1) - (se ** 2).mean())
    return m.mean(), stats.norm.cdf((est[i][0] - m.mean()) / np.sqrt(tau2 + est[i][1] ** 2))


est_n, est_h, est_d = {}, {}, {}
for i in tested:
    mine = card[card.interviewer_id == i]
    est_n[i] = (mine.mad.mean(), mine.mad.std(ddof=1) / np.sqrt(len(mine)))
    # ln h_i, h_i = sqrt(sum A_k / sum B_k) / own SD (A_k within-card SS, B_k = m_k - 1), with the SE of
    # ln h^2 = ln(sum A / sum B) - ln(sum T / sum N) (T_k = sum over card k of (d - interviewer mean)^2,
    # N_k = m_k) linearized over all the interviewer's cards as clusters: psi_k = (A_k - W B_k) / sum A -
    # (T_k - V N_k) / sum T, Var = sum psi^2 * K / (K - 1); se(ln h) = sqrt(Var) / 2. The same variance
    # as R survey's svycontrast on svytotal (tests/reference/halo_survey.R).
    mine_d = sc[sc.interviewer_id == i]
    dev = (mine_d.d - own_mean[i]) ** 2
    T = dev.groupby([mine_d[k] for k in card_keys]).sum().reindex(pd.MultiIndex.from_frame(mine[card_keys])).to_numpy()
    A = mine.ss.to_numpy()
    B = mine.k.to_numpy() - 1.0
    N = mine.k.to_numpy().astype(float)
    W, V = A.sum() / B.sum(), T.sum() / N.sum()
    psi = (A - W * B) / A.sum() - (T - V * N) / T.sum()
    K = len(mine)
    h = np.sqrt(A.sum() / B.sum()) / own_sd[i]
    est_h[i] = (np.log(h), np.sqrt((psi ** 2).sum() * K / (K - 1)) / 2)
    if i in ("A1", "B3"):
        put(f"halo_ln_h:{i}", est_h[i][0])
        put(f"halo_se_ln_h:{i}", est_h[i][1])
    me = multi[multi.interviewer_id == i]
    est_d[i] = (np.arctanh(stats.pearsonr(me.m, me.rest)[0]), 1 / np.sqrt(len(me) - 3))
# Leniency: H0 |beta| <= delta0 = 0.5 * 0.2 * pooled rating SD, t on the candidate-clustered SE with
# G - 1 df (G candidates of the component). Drift: two-sided t on the clustered SE, G - 1 df.
delta0 = 0.5 * 0.2 * sc.score.std(ddof=1)
for i in tested:
    b, se = lenv[i]
    pvals["lenient"][i] = stats.t.sf((b - delta0) / se, G - 1)
    pvals["harsh"][i] = stats.t.cdf((b + delta0) / se, G - 1)
    pvals["narrow_range"][i] = peer_null(est_n, i)[1]
    pvals["halo"][i] = peer_null(est_h, i)[1]
    g, se = driftv[i]
    pvals["drifting"][i] = 2 * stats.t.sf(abs(g / se), G - 1)
    mu, pvals["disagrees_with_panel"][i] = peer_null(est_d, i)
    if i in ("A1", "B3"):
        put(f"disagree_effect:{i}", np.tanh(est_d[i][0]) - np.tanh(mu))
for kind, ps in pvals.items():
    q = multipletests([ps[i] for i in tested], method="fdr_bh")[1]
    for i, qi in zip(tested, q):
        if i in ("A1", "A3", "B2", "B3"):
            put(f"p:{kind}:{i}", ps[i])
            put(f"q:{kind}:{i}", qi)
put("tested", len(tested))

# ---------------------------------------------------------------- crossed panel
rows = []
for c in range(36):
    t = rng.normal()
    for i, b in [("r1", 0.3), ("r2", 0.0), ("r3", -0.4)]:
        for q in ["p1", "p2", "p3"]:
            x = 3 + t + b + rng.normal(scale=0.7)
            rows.append([f"k{c:02d}", i, q, int(np.clip(np.round(x), 1, 5))])
cr = pd.DataFrame(rows, columns=["candidate_id", "interviewer_id", "question_id", "score"])
cr.to_csv(os.path.join(data, "iv_crossed_scorecards.csv"), index=False)
m = cr.groupby(["candidate_id", "interviewer_id"]).score.mean().reset_index()
icc = pg.intraclass_corr(data=m, targets="candidate_id", raters="interviewer_id", ratings="score").set_index("Type")
# pingouin 0.7 labels (McGraw & Wong names).
for t, key in [("ICC(1,1)", "icc1"), ("ICC(A,1)", "icc2"), ("ICC(C,1)", "icc3"), ("ICC(1,k)", "icc1k"),
               ("ICC(A,k)", "icc2k"), ("ICC(C,k)", "icc3k")]:
    put(f"icc:{key}", icc.loc[t, "ICC"])
    # pingouin rounds its CI to two decimals.
    put(f"icc_lo2:{key}", icc.loc[t, "CI95"][0])
    put(f"icc_hi2:{key}", icc.loc[t, "CI95"][1])
wide = m.pivot(index="candidate_id", columns="interviewer_id", values="score")
put("kalpha:interval", krippendorff.alpha(reliability_data=wide.to_numpy().T, level_of_measurement="interval"))
put("kalpha:ordinal", krippendorff.alpha(reliability_data=wide.to_numpy().T, level_of_measurement="ordinal"))
qm = cr.groupby(["candidate_id", "question_id"]).score.mean().unstack()
put("cronbach", pg.cronbach_alpha(data=qm)[0])
icc1 = icc.loc["ICC(1,1)", "ICC"]
put("k_for_80", np.ceil(0.8 * (1 - icc1) / (icc1 * 0.2)))

pd.DataFrame(expected, columns=["key", "value"]).to_csv(os.path.join(data, "iv_expected.csv"), index=False,
                                                        float_format="%.17g")
