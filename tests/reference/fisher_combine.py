"""Reference values for hirecal's hires-weighted Fisher-z combination (src/stats/fisher_combine.rs).

z_j = atanh(r_j), w_j = n_j / sum(n), zbar = sum(w_j z_j), r = tanh(zbar);
SE_j = (atanh(hi_j) - atanh(lo_j)) / (2 * Phi^-1((1+c)/2)), SE = sqrt(sum(w_j^2 SE_j^2));
CI = tanh(zbar -/+ Phi^-1((1+c)/2) SE), p = 2 (1 - Phi(|zbar| / SE)).
Run: python3 tests/reference/fisher_combine.py
"""
import numpy as np
from scipy import stats

groups = [  # (n, r, lo, hi)
    (120, 0.42, 0.25, 0.57),
    (45, 0.10, -0.22, 0.40),
    (300, 0.28, 0.17, 0.38),
]
level = 0.95
n = np.array([g[0] for g in groups], float)
r = np.array([g[1] for g in groups])
lo = np.array([g[2] for g in groups])
hi = np.array([g[3] for g in groups])
w = n / n.sum()
zbar = np.sum(w * np.arctanh(r))
crit = stats.norm.ppf((1 + level) / 2)
se_j = (np.arctanh(hi) - np.arctanh(lo)) / (2 * crit)
se = np.sqrt(np.sum(w**2 * se_j**2))
print(f"r = {np.tanh(zbar):.15f}")
print(f"se_z = {se:.15f}")
print(f"ci = ({np.tanh(zbar - crit * se):.15f}, {np.tanh(zbar + crit * se):.15f})")
print(f"p = {2 * stats.norm.sf(abs(zbar) / se):.15e}")
