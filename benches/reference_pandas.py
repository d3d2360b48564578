#!/usr/bin/env python3
"""The same core analysis as `hirecal report`, done the usual analyst way with pandas + scipy.

Used by benches/bench.sh as the "pandas" column of the benchmark. It computes
  * per-question validity among hires (Pearson r) and its Thorndike Case III correction with the panel
    score as the selection variable (K = var_pool(S)/var_hires(S) − 1), plus a percentile bootstrap
    interval of the corrected validity (B resamples of the hires, vectorised with numpy),
  * interviewer effects from x = μ + θ_candidate + δ_question + β_interviewer + ε by least squares:
    candidates absorbed by within-candidate centring, the centred interviewer/question dummies solved
    with scipy.sparse.linalg.lsqr, leniency centred to a rating-weighted mean of 0 within each peer group,
  * ICC(1), one-way, unbalanced, on the candidate × interviewer matrix of scorecard means.
It is a subset of what hirecal computes (no Spearman, AUCs, competencies, incremental betas, standard
errors, Krippendorff, drift, charts), so the ratio it gives is conservative for hirecal.

Usage: python3 benches/reference_pandas.py DIR [--bootstrap B] [--json OUT]
"""
import argparse
import json
import sys
import time

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import LinearOperator, lsqr

LABELS = {"strong_no": 1, "no": 2, "yes": 3, "strong_yes": 4}


def case3(rxy, rxz, ryz, k):
    return (rxy + rxz * ryz * k) / np.sqrt((1 + rxz**2 * k) * (1 + ryz**2 * k))


def corr3(x, y, z):
    """Pearson r_xy, r_xz, r_yz along axis -1 (arrays of equal shape)."""
    def r(a, b):
        a = a - a.mean(axis=-1, keepdims=True)
        b = b - b.mean(axis=-1, keepdims=True)
        return (a * b).sum(-1) / np.sqrt((a * a).sum(-1) * (b * b).sum(-1))
    return r(x, y), r(x, z), r(y, z)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--json")
    a = ap.parse_args()
    t0 = time.perf_counter()
    times = {}

    sc = pd.read_csv(f"{a.dir}/scorecards.csv")
    out = pd.read_csv(f"{a.dir}/outcomes.csv")
    times["read"] = time.perf_counter() - t0
    if sc["score"].dtype == object:
        sc["score"] = pd.to_numeric(sc["score"].map(lambda s: LABELS.get(s, s)), errors="coerce")
    sc = sc.dropna(subset=["score"]).drop_duplicates(["scorecard_id", "question_id"])
    outcome = [c for c in out.columns if c not in ("candidate_id", "hired")][0]
    hired = out["hired"].astype(str).str.lower().isin(["true", "1", "yes", "y", "hired"])
    out = out.assign(hired=hired)

    # Candidate × question scores, panel score, hires with outcome.
    t = time.perf_counter()
    s = sc.groupby(["candidate_id", "question_id"])["score"].mean().unstack()
    panel = s.mean(axis=1)
    cand = pd.DataFrame({"S": panel}).join(out.set_index("candidate_id"), how="left")
    cand["hired"] = cand["hired"].fillna(False).astype(bool)
    H = cand[cand["hired"] & cand[outcome].notna()]
    K = cand["S"].var() / H["S"].var() - 1
    y = pd.to_numeric(H[outcome]).to_numpy(float)
    z = H["S"].to_numpy(float)
    questions = {}
    rng = np.random.default_rng(42)
    nh = len(H)
    idx_all = rng.integers(0, nh, size=(a.bootstrap, nh)) if a.bootstrap > 0 else None
    for q in s.columns:
        x = s.loc[H.index, q].to_numpy(float)
        ok = ~np.isnan(x)
        rxy, rxz, ryz = corr3(x[ok], y[ok], z[ok])
        corrected = case3(rxy, rxz, ryz, K)
        ci = None
        if idx_all is not None:
            xb, yb, zb = x[idx_all], y[idx_all], z[idx_all]
            m = ~np.isnan(xb)
            reps = []
            for b in range(a.bootstrap):  # rows differ in their missing cells
                mb = m[b]
                reps.append(case3(*corr3(xb[b][mb], yb[b][mb], zb[b][mb]), K))
            ci = [float(v) for v in np.nanpercentile(reps, [2.5, 97.5])]
        questions[q] = {"n": int(ok.sum()), "validity_r": float(rxy), "validity_corrected": float(corrected), "ci": ci}
    times["questions"] = time.perf_counter() - t

    # Interviewer fixed effects: within-candidate centring + sparse least squares.
    t = time.perf_counter()
    ci_codes, _ = pd.factorize(sc["candidate_id"])
    iv_codes, iv_names = pd.factorize(sc["interviewer_id"])
    q_codes, _ = pd.factorize(sc["question_id"])
    ni, nq, n = len(iv_names), q_codes.max() + 1, len(sc)
    x = sc["score"].to_numpy(float)
    cnt = np.bincount(ci_codes)

    def centre(v):
        return v - (np.bincount(ci_codes, weights=v, minlength=len(cnt)) / cnt)[ci_codes]

    rows = np.repeat(np.arange(n), 2)
    cols = np.column_stack([iv_codes, ni + q_codes]).ravel()
    X = csr_matrix((np.ones(2 * n), (rows, cols)), shape=(n, ni + nq))
    XT = X.T.tocsr()
    A = LinearOperator((n, ni + nq), matvec=lambda v: centre(X @ v), rmatvec=lambda r: XT @ centre(r), dtype=float)
    sol = lsqr(A, centre(x), atol=1e-10, btol=1e-10, iter_lim=2000)
    beta = sol[0][:ni]
    # Peer groups: interviewers linked through shared questions; centre within each, rating-weighted.
    _, grp = connected_components(X.T @ X, directed=False)
    grp = grp[:ni]
    w = np.bincount(iv_codes, minlength=ni).astype(float)
    gmean = np.bincount(grp, weights=w * beta) / np.bincount(grp, weights=w)
    leniency = beta - gmean[grp]
    times["interviewers"] = time.perf_counter() - t

    # ICC(1), one-way, unbalanced, on candidate × interviewer scorecard means.
    t = time.perf_counter()
    sm = sc.groupby("scorecard_id").agg(c=("candidate_id", "first"), i=("interviewer_id", "first"), m=("score", "mean"))
    cells = sm.groupby(["c", "i"])["m"].mean().reset_index()
    k = cells.groupby("c")["m"].transform("size")
    cells = cells[k >= 2]
    g = cells.groupby("c")["m"]
    ni_ = g.size().to_numpy(float)
    means = g.mean().to_numpy()
    grand = cells["m"].mean()
    N, C = ni_.sum(), len(ni_)
    ssb = (ni_ * (means - grand) ** 2).sum()
    ssw = ((cells["m"] - g.transform("mean")) ** 2).sum()
    msb, msw = ssb / (C - 1), ssw / (N - C)
    n0 = (N - (ni_**2).sum() / N) / (C - 1)
    icc1 = (msb - msw) / (msb + (n0 - 1) * msw)
    times["icc"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - t0

    res = {
        "outcome": outcome, "hires_with_outcome": nh, "K": float(K), "questions": questions,
        "leniency": dict(zip(map(str, iv_names), map(float, leniency))), "icc1_unbalanced": float(icc1),
        "lsqr_iterations": int(sol[2]), "times": times,
    }
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=1)
    print("pandas reference: " + ", ".join(f"{k} {v:.2f} s" for k, v in times.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
