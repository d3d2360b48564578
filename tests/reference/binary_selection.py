"""Expected numbers for tests/binary_outcome.rs: the binary-outcome validity under selection
(src/stats/binary_selection.rs), from statsmodels' Probit on a constructed data set.

Writes tests/data/bin_{scorecards,outcomes,questions}.csv (deterministic, seed 11): 800 candidates,
three questions, the top 30% on the panel score S hired, a 0/1 outcome `retained` from a latent
threshold model. For each question q, statsmodels' Probit of retained on (1, s_q, S) among hires with
an outcome; the predicted probabilities p over every candidate rated on q; and the pool point-biserial
r = sum (s - mean s)(p - mean p) / sqrt(sum (s - mean s)^2 * N * pbar (1 - pbar)). For the panel score,
Probit of retained on (1, S). Also writes tests/data/bin_probit.csv (the hires' s_q1, S, y rows) for the
fitting step alone. Numbers go to tests/data/bin_expected.csv (key,value).
Run: python3 tests/reference/binary_selection.py
"""
import os
import numpy as np
import pandas as pd
import statsmodels.api as sm

rng = np.random.default_rng(11)
here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, "..", "data")
N = 800
ability = rng.normal(size=N)
load = {"q1": 0.7, "q2": 0.5, "q3": 0.1}
rows = []
score = {q: np.full(N, np.nan) for q in load}
for c in range(N):
    for q, la in load.items():
        x = 3 + 0.9 * (la * ability[c] + rng.normal(scale=0.8))
        s = int(np.clip(np.round(x), 1, 5))
        score[q][c] = s
        rows.append((f"c{c:03d}", f"i{(c * 3 + ord(q[-1])) % 9}", q, s))
pd.DataFrame(rows, columns=["candidate_id", "interviewer_id", "question_id", "score"]).to_csv(
    os.path.join(data, "bin_scorecards.csv"), index=False)
pd.DataFrame({"question_id": list(load), "competency": ["A", "A", "B"], "text": ["one", "two", "three"]}).to_csv(
    os.path.join(data, "bin_questions.csv"), index=False)
S = np.mean([score[q] for q in load], axis=0)
order = np.lexsort((np.arange(N), -S))
hired = np.zeros(N, bool)
hired[order[: int(0.3 * N)]] = True
latent = 0.8 * ability + 0.6 * rng.normal(size=N)
y = (latent > -0.3).astype(int)
out = pd.DataFrame({
    "candidate_id": [f"c{c:03d}" for c in range(N)],
    "hired": np.where(hired, "true", "false"),
    "retained": np.where(hired, np.where(y == 1, "true", "false"), ""),
})
out.to_csv(os.path.join(data, "bin_outcomes.csv"), index=False)

expected = {}


def pool_r(x, p):
    dx = x - x.mean()
    pbar = p.mean()
    return float(np.sum(dx * (p - pbar)) / np.sqrt(np.sum(dx * dx) * len(x) * pbar * (1 - pbar)))


H = hired
for q in load:
    X = sm.add_constant(np.column_stack([score[q][H], S[H]]))
    fit = sm.Probit(y[H], X).fit(disp=0, tol=1e-12, maxiter=200)
    for k, b in enumerate(fit.params):
        expected[f"coef_{q}_{k}"] = b
    p = fit.predict(sm.add_constant(np.column_stack([score[q], S])))
    expected[f"corrected_{q}"] = pool_r(score[q], p)
    expected[f"raw_{q}"] = float(np.corrcoef(score[q][H], y[H])[0, 1])
    if q == "q1":
        for c in range(5):
            expected[f"pred_q1_c{c}"] = p[c]
            expected[f"x_q1_c{c}"] = score[q][c]
            expected[f"s_c{c}"] = S[c]
        pd.DataFrame({"x": score[q][H], "s": S[H], "y": y[H]}).to_csv(
            os.path.join(data, "bin_probit.csv"), index=False)
fit = sm.Probit(y[H], sm.add_constant(S[H])).fit(disp=0, tol=1e-12, maxiter=200)
expected["coef_panel_0"], expected["coef_panel_1"] = fit.params
expected["corrected_panel"] = pool_r(S, fit.predict(sm.add_constant(S)))
expected["pool_rate"] = y.mean()
expected["hires_rate"] = y[H].mean()
with open(os.path.join(data, "bin_expected.csv"), "w") as f:
    f.write("key,value\n")
    for k, v in expected.items():
        f.write(f"{k},{float(v)!r}\n")
        print(f"{k} = {float(v)!r}")
