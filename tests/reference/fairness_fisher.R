# R's two-sided Fisher exact test and effectsize's Cohen's d, for the numbers in
# src/stats/adverse_impact.rs (tests `fisher_matches_r_and_scipy`, `cohens_d_matches_effectsize`).
# Run: Rscript tests/reference/fairness_fisher.R
cases <- list(a = c(6, 40, 18, 60), b = c(1, 12, 5, 15), c = c(30, 200, 60, 300))
for (k in names(cases)) {
  v <- cases[[k]]
  m <- matrix(c(v[1], v[2] - v[1], v[3], v[4] - v[3]), nrow = 2, byrow = TRUE)
  cat(sprintf("%s fisher_p %.15g\n", k, fisher.test(m)$p.value))
}
x <- c(3.2, 2.8, 4.1, 3.6, 2.9, 3.3, 3.8, 2.5, 3.0, 3.7)
y <- c(3.9, 4.2, 3.5, 4.4, 3.8, 4.0, 3.1, 4.6)
d <- effectsize::cohens_d(x, y, pooled_sd = TRUE, verbose = FALSE)
cat(sprintf("d %.15g\n", d$Cohens_d))
cat(sprintf("t_p %.15g\n", t.test(x, y, var.equal = TRUE)$p.value))
w <- t.test(x, y, var.equal = FALSE)
cat(sprintf("welch_t %.15g welch_df %.15g welch_p %.15g welch_lo %.15g welch_hi %.15g\n",
            w$statistic, w$parameter, w$p.value, w$conf.int[1], w$conf.int[2]))
