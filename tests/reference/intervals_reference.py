"""Expected numbers for src/stats/intervals.rs: t interval of a mean (scipy) and Wilson interval (statsmodels)."""
import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

xs = np.array([3.1, 2.7, 4.0, 3.6, 2.2, 3.9, 3.3])
print("mean_ci", stats.t.interval(0.95, len(xs) - 1, loc=xs.mean(), scale=xs.std(ddof=1) / np.sqrt(len(xs))))
print("wilson 17/40", proportion_confint(17, 40, alpha=0.05, method="wilson"))
print("wilson 0/10", proportion_confint(0, 10, alpha=0.05, method="wilson"))
