"""Exact ANOVA variance components of Brennan's (2001) synthetic data sets No. 3 (p x i x o) and No. 4
(p x (r:t)), with exact rational arithmetic (fractions), and the D-study coefficients of the G-study sizes.
Independent of hirecal's code: sums of squares from marginal means, the textbook expected-mean-square
equations (Brennan 2001, ch. 3), statsmodels' ANOVA table as a second check of the mean squares.

Run: python3 tests/reference/generalizability_brennan.py   (numbers are pasted into tests/generalizability.rs)
"""
from fractions import Fraction as F
from itertools import product

import pandas as pd
import statsmodels.formula.api as smf
from statsmodels.stats.anova import anova_lm

# Data set No. 3: 10 persons x 4 items x 2 occasions; rows = persons, columns i1..i4 per occasion.
O1 = [[2, 6, 7, 5], [4, 5, 6, 7], [5, 5, 4, 6], [5, 9, 8, 6], [4, 3, 5, 6], [4, 4, 4, 7], [2, 6, 6, 5],
      [3, 4, 4, 5], [0, 5, 4, 5], [6, 8, 7, 6]]
O2 = [[2, 5, 5, 5], [6, 7, 5, 7], [5, 4, 5, 5], [5, 7, 7, 6], [4, 5, 6, 4], [6, 4, 7, 8], [2, 7, 7, 5],
      [6, 6, 6, 4], [5, 5, 5, 3], [6, 8, 8, 6]]
# Data set No. 4: 10 persons x 3 tasks x 4 raters nested in each task.
B4 = [[5, 6, 5, 5, 5, 3, 4, 5, 6, 7, 3, 3], [9, 3, 7, 7, 7, 5, 5, 5, 7, 7, 5, 2],
      [3, 4, 3, 3, 5, 3, 3, 5, 6, 5, 1, 6], [7, 5, 5, 3, 3, 1, 4, 3, 5, 3, 3, 5],
      [9, 2, 9, 7, 7, 7, 3, 7, 2, 7, 5, 3], [3, 4, 3, 5, 3, 3, 6, 3, 4, 5, 1, 2],
      [7, 3, 7, 7, 7, 5, 5, 7, 5, 5, 5, 4], [5, 8, 5, 7, 7, 5, 5, 4, 3, 2, 1, 1],
      [9, 9, 8, 8, 6, 6, 6, 5, 5, 8, 1, 1], [4, 4, 4, 3, 3, 5, 6, 5, 5, 7, 1, 1]]


def m(vals):
    vals = list(vals)
    return sum(vals, F(0)) / len(vals)


def crossed(y, np_, nq, nr):
    g = m(y[p][q][r] for p, q, r in product(range(np_), range(nq), range(nr)))
    mp = [m(y[p][q][r] for q, r in product(range(nq), range(nr))) for p in range(np_)]
    mq = [m(y[p][q][r] for p, r in product(range(np_), range(nr))) for q in range(nq)]
    mr = [m(y[p][q][r] for p, q in product(range(np_), range(nq))) for r in range(nr)]
    mpq = {(p, q): m(y[p][q][r] for r in range(nr)) for p, q in product(range(np_), range(nq))}
    mpr = {(p, r): m(y[p][q][r] for q in range(nq)) for p, r in product(range(np_), range(nr))}
    mqr = {(q, r): m(y[p][q][r] for p in range(np_)) for q, r in product(range(nq), range(nr))}
    ss = {
        "p": nq * nr * sum((v - g) ** 2 for v in mp), "q": np_ * nr * sum((v - g) ** 2 for v in mq),
        "r": np_ * nq * sum((v - g) ** 2 for v in mr),
        "pq": nr * sum((mpq[p, q] - mp[p] - mq[q] + g) ** 2 for p, q in mpq),
        "pr": nq * sum((mpr[p, r] - mp[p] - mr[r] + g) ** 2 for p, r in mpr),
        "qr": np_ * sum((mqr[q, r] - mq[q] - mr[r] + g) ** 2 for q, r in mqr),
        "pqr": sum((y[p][q][r] - mpq[p, q] - mpr[p, r] - mqr[q, r] + mp[p] + mq[q] + mr[r] - g) ** 2
                   for p, q, r in product(range(np_), range(nq), range(nr))),
    }
    df = {"p": np_ - 1, "q": nq - 1, "r": nr - 1, "pq": (np_ - 1) * (nq - 1), "pr": (np_ - 1) * (nr - 1),
          "qr": (nq - 1) * (nr - 1), "pqr": (np_ - 1) * (nq - 1) * (nr - 1)}
    ms = {k: ss[k] / df[k] for k in ss}
    c = {
        "residual": ms["pqr"],
        "candidate_x_question": (ms["pq"] - ms["pqr"]) / nr,
        "candidate_x_interviewer": (ms["pr"] - ms["pqr"]) / nq,
        "question_x_interviewer": (ms["qr"] - ms["pqr"]) / np_,
        "candidate": (ms["p"] - ms["pq"] - ms["pr"] + ms["pqr"]) / (nq * nr),
        "question": (ms["q"] - ms["pq"] - ms["qr"] + ms["pqr"]) / (np_ * nr),
        "interviewer": (ms["r"] - ms["pr"] - ms["qr"] + ms["pqr"]) / (np_ * nq),
    }
    rel = c["candidate_x_question"] / nq + c["candidate_x_interviewer"] / nr + c["residual"] / (nq * nr)
    ab = rel + c["question"] / nq + c["interviewer"] / nr + c["question_x_interviewer"] / (nq * nr)
    return ms, c, c["candidate"] / (c["candidate"] + rel), c["candidate"] / (c["candidate"] + ab)


def nested(y, np_, nq, nr):
    g = m(y[p][q][r] for p, q, r in product(range(np_), range(nq), range(nr)))
    mp = [m(y[p][q][r] for q, r in product(range(nq), range(nr))) for p in range(np_)]
    mq = [m(y[p][q][r] for p, r in product(range(np_), range(nr))) for q in range(nq)]
    mpq = {(p, q): m(y[p][q][r] for r in range(nr)) for p, q in product(range(np_), range(nq))}
    mqr = {(q, r): m(y[p][q][r] for p in range(np_)) for q, r in product(range(nq), range(nr))}
    ss = {
        "p": nq * nr * sum((v - g) ** 2 for v in mp), "q": np_ * nr * sum((v - g) ** 2 for v in mq),
        "r:q": np_ * sum((mqr[q, r] - mq[q]) ** 2 for q, r in mqr),
        "pq": nr * sum((mpq[p, q] - mp[p] - mq[q] + g) ** 2 for p, q in mpq),
        "pr:q": sum((y[p][q][r] - mpq[p, q] - mqr[q, r] + mq[q]) ** 2
                    for p, q, r in product(range(np_), range(nq), range(nr))),
    }
    df = {"p": np_ - 1, "q": nq - 1, "r:q": nq * (nr - 1), "pq": (np_ - 1) * (nq - 1),
          "pr:q": (np_ - 1) * nq * (nr - 1)}
    ms = {k: ss[k] / df[k] for k in ss}
    c = {
        "residual": ms["pr:q"],
        "candidate_x_question": (ms["pq"] - ms["pr:q"]) / nr,
        "interviewer_within_question": (ms["r:q"] - ms["pr:q"]) / np_,
        "question": (ms["q"] - ms["pq"] - ms["r:q"] + ms["pr:q"]) / (np_ * nr),
        "candidate": (ms["p"] - ms["pq"]) / (nq * nr),
    }
    rel = c["candidate_x_question"] / nq + c["residual"] / (nq * nr)
    ab = rel + c["question"] / nq + c["interviewer_within_question"] / (nq * nr)
    return ms, c, c["candidate"] / (c["candidate"] + rel), c["candidate"] / (c["candidate"] + ab)


def show(name, res):
    ms, c, g, phi = res
    print(f"== {name}")
    for k, v in ms.items():
        print(f"  MS {k:5s} {float(v):.15g}")
    for k, v in c.items():
        print(f"  {k:28s} {float(v):.15g}   (Brennan prints {float(v):.4f})")
    print(f"  g   {float(g):.15g}\n  phi {float(phi):.15g}")


y3 = [[[F((O1 if o == 0 else O2)[p][i]) for o in range(2)] for i in range(4)] for p in range(10)]
show("Brennan No. 3, p x i x o as candidate x question x interviewer (n_q = 4, n_r = 2)", crossed(y3, 10, 4, 2))
y4 = [[[F(B4[p][t * 4 + r]) for r in range(4)] for t in range(3)] for p in range(10)]
show("Brennan No. 4, p x (r:t) as candidate x (interviewer:question) (n_q = 3, n_r = 4)", nested(y4, 10, 3, 4))

# Second check of the mean squares: statsmodels' ANOVA on the crossed design (saturated but for pqr).
rows = [(p, i, o, (O1 if o == 0 else O2)[p][i]) for p in range(10) for i in range(4) for o in range(2)]
df = pd.DataFrame(rows, columns=["p", "i", "o", "y"])
fit = smf.ols("y ~ C(p) + C(i) + C(o) + C(p):C(i) + C(p):C(o) + C(i):C(o)", df).fit()
print(anova_lm(fit)[["df", "mean_sq"]])
