"""Expected numbers for tests/interval_coverage.rs (src/stats/normal_sums.rs).

For an OLS coefficient the delta method on the column sums, with the sums' covariance
M = sum_i (z_i - zbar)(z_i - zbar)^T, is exactly White's heteroskedasticity-consistent HC0 standard
error. This script fits y ~ 1 + x1 + x2 on deterministic data (the Rust test builds the same rows)
with statsmodels and prints the coefficients and their HC0 standard errors.

Run: python3 tests/reference/normal_sums_hc0.py > tests/data/normal_sums_hc0.csv
"""
import numpy as np
import statsmodels.api as sm

n = 5000
i = np.arange(n)
x1 = ((i * 37) % 101) / 50.0 - 1.0
x2 = ((i * 53) % 89) / 44.0 - 1.0 + 0.3 * x1
noise = (((i * 7919) % 97) / 48.0 - 1.0) * (1.0 + np.abs(x1))
y = 0.5 * x1 - 0.2 * x2 + noise
X = sm.add_constant(np.column_stack([x1, x2]))
fit = sm.OLS(y, X).fit(cov_type="HC0")
print("key,value")
for name, b, se in zip(["const", "x1", "x2"], fit.params, fit.bse):
    print(f"beta_{name},{b:.15g}")
    print(f"hc0_se_{name},{se:.15g}")
