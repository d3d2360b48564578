"""Expected numbers for src/stats/flag_tests.rs (moments, t and normal p-values, the peer null) from numpy/scipy. Run: python3 tests/reference/flag_tests_reference.py
"""
import numpy as np
from scipy import stats

A = [0.41, 0.22, 0.35, 0.18, 0.30, 0.27, 0.12, 0.33, 0.25]
B = [0.52, 0.47, 0.61, 0.39, 0.44, 0.58, 0.36, 0.49, 0.55, 0.42, 0.63, 0.31, 0.50, 0.46]

print("mean, var of B:", repr(np.mean(B)), repr(np.var(B, ddof=1)))


print("t 2.3 df 12 two-sided:", repr(2 * stats.t.sf(2.3, 12)))
print("t -1.1 df 30 greater:", repr(stats.t.sf(-1.1, 30)))
print("normal 1.7 greater:", repr(stats.norm.sf(1.7)))

# peer null: z = (m - mu) / sqrt(tau2 + se^2), mu and tau2 = max(0, var(m_j) - mean(se_j^2)) from the peers.
peers = [(0.52, 0.04), (0.47, 0.05), (0.61, 0.03), (0.55, 0.06), (0.49, 0.04)]
m = np.array([a for a, _ in peers]); se = np.array([b for _, b in peers])
tau2 = max(0.0, m.var(ddof=1) - (se ** 2).mean())
z = (0.31 - m.mean()) / np.sqrt(tau2 + 0.05 ** 2)
print("peer null mu, tau2, p:", repr(m.mean()), repr(tau2), repr(stats.norm.cdf(z)))
