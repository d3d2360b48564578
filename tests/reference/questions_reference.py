"""Expected numbers for tests/questions_reference.rs, from scipy/statsmodels on a constructed data set.

Writes tests/data/ref_{scorecards,outcomes,questions}.csv (deterministic, seed 7) and prints the
statistics hirecal must reproduce: decision AUC (Mann-Whitney U / n1 n2), raw Pearson/Spearman among
hires, Fisher-z CI, t-test p, Thorndike Case III (items) and Case II (panel score), item-rest r and the
standardized OLS coefficients (statsmodels). Run: python3 tests/reference/questions_reference.py
"""
import os
import numpy as np
import pandas as pd
from scipy import stats
import statsmodels.api as sm

rng = np.random.default_rng(7)
here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "data")
N = 400
ability = rng.normal(size=N)
impression = rng.normal(size=N)
load = {"q1": (0.6, 0.3), "q2": (0.4, 0.5), "q3": (0.0, 0.6)}
rows = []
for c in range(N):
    for q, (la, lm) in load.items():
        if rng.random() < 0.05:
            continue  # not rated
        x = 3 + 0.9 * (la * ability[c] + lm * impression[c] + rng.normal(scale=0.7))
        score = int(np.clip(np.round(x), 1, 5))
        rows.append((f"c{c:03d}", f"i{(c + ord(q[-1])) % 7}", q, score))
sc = pd.DataFrame(rows, columns=["candidate_id", "interviewer_id", "question_id", "score"])
sc.to_csv(os.path.join(data, "ref_scorecards.csv"), index=False)
pd.DataFrame({"question_id": ["q1", "q2", "q3"], "competency": ["A", "A", "B"],
              "text": ["first", "second", "third"]}).to_csv(os.path.join(data, "ref_questions.csv"), index=False)

wide = sc.pivot_table(index="candidate_id", columns="question_id", values="score", aggfunc="mean")
S = wide.mean(axis=1)
cands = wide.index.to_numpy()
hired = S.rank(method="first", ascending=False) <= 0.3 * len(S)
perf = 3 + 0.5 * ability[[int(c[1:]) for c in cands]] + rng.normal(scale=0.5, size=len(cands))
perf = np.round(perf, 2)
known = hired.to_numpy() & (rng.random(len(cands)) > 0.1)
out = pd.DataFrame({"candidate_id": cands, "hired": np.where(hired, "true", "false"),
                    "perf": np.where(known, perf, np.nan)})
out.to_csv(os.path.join(data, "ref_outcomes.csv"), index=False, na_rep="")

y = pd.Series(np.where(known, perf, np.nan), index=cands)
H = hired & y.notna()
K = S.var(ddof=1) / S[H].var(ddof=1) - 1
u = S.std(ddof=1) / S[H].std(ddof=1)
print(f"K = {K:.15f}  u = {u:.15f}  n_H = {H.sum()}")


def report(name, x):
    ok = x.notna()
    hd = hired[ok]
    u_stat = stats.mannwhitneyu(x[ok][hd], x[ok][~hd]).statistic
    auc = u_stat / (hd.sum() * (~hd).sum())
    m = ok & H
    r, p = stats.pearsonr(x[m], y[m])
    rho = stats.spearmanr(x[m], y[m]).statistic
    n = int(m.sum())
    z = np.arctanh(r)
    lo, hi = np.tanh(z - 1.959963984540054 / np.sqrt(n - 3)), np.tanh(z + 1.959963984540054 / np.sqrt(n - 3))
    rxz = stats.pearsonr(x[m], S[m])[0]
    ryz = stats.pearsonr(y[m], S[m])[0]
    R = (r + rxz * ryz * K) / np.sqrt((1 + rxz**2 * K) * (1 + ryz**2 * K))
    print(f"{name}: n_scored={ok.sum()} mean={x[ok].mean():.15f} sd={x[ok].std(ddof=1):.15f}")
    print(f"  decision_auc={auc:.15f} n_validity={n} r={r:.15f} ci=({lo:.15f}, {hi:.15f}) p={p:.15e}")
    print(f"  spearman={rho:.15f} corrected={R:.15f}")


for q in ["q1", "q2", "q3"]:
    x = wide[q]
    report(q, x)
    rest = wide.drop(columns=q).mean(axis=1)
    ok = x.notna() & rest.notna()
    print(f"  item_rest_r={stats.pearsonr(x[ok], rest[ok])[0]:.15f}")
comp_a = wide[["q1", "q2"]].mean(axis=1)
report("competency A", comp_a)
# Panel score: Case II.
m = H
r = stats.pearsonr(S[m], y[m])[0]
R2 = r * u / np.sqrt(1 - r**2 + r**2 * u**2)
print(f"panel: r={r:.15f} case2={R2:.15f} n={m.sum()}")
# Incremental betas: OLS of z(y) on z(q1..q3), complete cases among hires.
cc = H & wide.notna().all(axis=1)
Z = (wide[cc] - wide[cc].mean()) / wide[cc].std(ddof=1)
zy = (y[cc] - y[cc].mean()) / y[cc].std(ddof=1)
fit = sm.OLS(zy.to_numpy(), sm.add_constant(Z.to_numpy())).fit()
print("betas:", ", ".join(f"{b:.15f}" for b in fit.params[1:]), f"(n={cc.sum()})")
