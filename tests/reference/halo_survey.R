# The halo test's standard error (docs/interviewer-flags.md, "Halo") against R's survey package: for
# interviewers A1 and B3 of tests/data/iv_scorecards.csv, ln h^2 = ln(sum A / sum B) - ln(sum T / sum N)
# over the interviewer's scorecards (A within-scorecard sum of squares of question-centred ratings,
# B = ratings - 1, T = sum of squares around the interviewer's mean, N = ratings), with scorecards as
# clusters: svytotal on a with-replacement design of one row per scorecard, then svycontrast (delta
# method). se(ln h) = se(ln h^2) / 2 must equal halo_se_ln_h in tests/data/iv_expected.csv, which
# tests/reference/interviewers_reference.py writes and the Rust test's p-values rest on.
# Run: Rscript tests/reference/halo_survey.R (from the repository root).
suppressMessages(library(survey))
sc <- read.csv("tests/data/iv_scorecards.csv", stringsAsFactors = FALSE)
sc <- sc[!is.na(sc$score), ]
sc$d <- sc$score - ave(sc$score, sc$question_id)
expected <- read.csv("tests/data/iv_expected.csv", stringsAsFactors = FALSE)
want <- setNames(expected$value, expected$key)
for (i in c("A1", "B3")) {
  mine <- sc[sc$interviewer_id == i, ]
  mine$dev2 <- (mine$d - mean(mine$d))^2
  card <- paste(mine$candidate_id, mine$interview_date)
  cards <- do.call(rbind, lapply(split(mine, card), function(x) {
    data.frame(A = sum((x$d - mean(x$d))^2), B = nrow(x) - 1, T = sum(x$dev2), N = nrow(x))
  }))
  des <- svydesign(ids = ~1, data = cards, weights = ~1)
  tot <- svytotal(~A + B + T + N, des)
  con <- svycontrast(tot, quote(log(A / B) - log(T / N)))
  se <- SE(con)[1] / 2
  ln_h <- 0.5 * log(sum(cards$A) / sum(cards$B)) - log(sd(mine$d))
  cat(sprintf("%s ln h %.15f (expected %.15f), se(ln h) %.15f (expected %.15f)\n", i, ln_h,
              want[[paste0("halo_ln_h:", i)]], se, want[[paste0("halo_se_ln_h:", i)]]))
  stopifnot(abs(se - want[[paste0("halo_se_ln_h:", i)]]) < 1e-10,
            abs(ln_h - want[[paste0("halo_ln_h:", i)]]) < 1e-10)
}
