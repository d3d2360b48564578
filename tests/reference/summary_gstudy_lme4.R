# Reference numbers for tests/summary_reference.rs: the generalizability study of summary.json
# (panel.generalizability) end to end on the constructed unbalanced data of interviewers_reference.py.
#
# Reads tests/data/iv_scorecards.csv (does not write it) and writes tests/data/summary_g_expected.csv
# (key,value). Run from the repository root:  Rscript tests/reference/summary_gstudy_lme4.R
#
# components: lme4 REML fit of score ~ 1 + (1|candidate) + (1|question) + (1|interviewer) +
#   (1|candidate:question) + (1|candidate:interviewer) + (1|question:interviewer) (Bates et al. 2015);
#   share = variance / sum of the variances.
# d_study: crossed relative and absolute error (Brennan 2001, ch. 4) from lme4's components, for 1-12
#   questions x 1-6 interviewers; reaching_target: per number of interviewers the fewest questions with
#   g >= .80 (none: no row).
# current: questions = distinct (candidate, question, interviewer) cells / distinct (candidate,
#   interviewer) cells; interviewers = distinct (candidate, interviewer) cells / candidates; g and phi of
#   the D study at those sizes rounded; g_qk = Putka, Le, McCloy & Diaz (2008) G(q,k) generalised to two
#   facets (docs/generalizability.md), written here from its definition: a candidate's panel score is the
#   mean of their per-question means, so rating j of candidate c has weight w = 1/(m_c n_cq); the error of
#   c is sum over effects of (sum of c's weights at each level) x effect; the relative error variance is
#   half the expected squared difference of two distinct candidates' errors, averaged over all pairs.
suppressMessages(library(lme4))

sc <- read.csv("tests/data/iv_scorecards.csv", stringsAsFactors = TRUE)
names(sc)[names(sc) == "candidate_id"] <- "candidate"
names(sc)[names(sc) == "question_id"] <- "question"
names(sc)[names(sc) == "interviewer_id"] <- "interviewer"

ctrl <- lmerControl(optimizer = "bobyqa", optCtrl = list(maxfun = 1e5), check.conv.singular = "ignore")
fit <- lmer(score ~ 1 + (1 | candidate) + (1 | question) + (1 | interviewer) + (1 | candidate:question) +
              (1 | candidate:interviewer) + (1 | question:interviewer), data = sc, REML = TRUE, control = ctrl)
v <- as.data.frame(VarCorr(fit))
v <- setNames(v$vcov, v$grp)
comp <- c(candidate = v[["candidate"]], question = v[["question"]], interviewer = v[["interviewer"]],
          candidate_x_question = v[["candidate:question"]],
          candidate_x_interviewer = v[["candidate:interviewer"]],
          question_x_interviewer = v[["question:interviewer"]], residual = v[["Residual"]])
out <- list()
for (k in names(comp)) {
  out[[paste0("g.", k)]] <- comp[[k]]
  out[[paste0("g.", k, ".share")]] <- comp[[k]] / sum(comp)
}
out[["g.reml_criterion"]] <- REMLcrit(fit)

coef_d <- function(nq, nr) {
  rel <- comp[["candidate_x_question"]] / nq + comp[["candidate_x_interviewer"]] / nr +
    comp[["residual"]] / (nq * nr)
  abs <- rel + comp[["question"]] / nq + comp[["interviewer"]] / nr + comp[["question_x_interviewer"]] / (nq * nr)
  c(g = comp[["candidate"]] / (comp[["candidate"]] + rel), phi = comp[["candidate"]] / (comp[["candidate"]] + abs))
}
for (nq in 1:12) for (nr in 1:6) {
  d <- coef_d(nq, nr)
  out[[sprintf("d.%d.%d.g", nq, nr)]] <- d[["g"]]
  out[[sprintf("d.%d.%d.phi", nq, nr)]] <- d[["phi"]]
}
for (nr in 1:6) {
  hit <- which(sapply(1:12, function(nq) coef_d(nq, nr)[["g"]] >= 0.8))
  if (length(hit) > 0) out[[sprintf("reach.%d.questions", nr)]] <- min(hit)
}

# As staffed.
n_c <- nlevels(droplevels(sc$candidate))
ci <- nrow(unique(sc[, c("candidate", "interviewer")]))
cqi <- nrow(unique(sc[, c("candidate", "question", "interviewer")]))
nq_now <- cqi / ci
nr_now <- ci / n_c
out[["current.questions"]] <- nq_now
out[["current.interviewers"]] <- nr_now
d <- coef_d(max(1, round(nq_now)), max(1, round(nr_now)))
out[["current.g"]] <- d[["g"]]
out[["current.phi"]] <- d[["phi"]]

# G(q,k): weights per rating, then per candidate the weight sums at each level of each effect.
sc$w <- ave(rep(1, nrow(sc)), sc$candidate, sc$question, FUN = function(x) 1 / length(x))
m_c <- tapply(as.character(sc$question), sc$candidate, function(x) length(unique(x)))
sc$w <- sc$w / m_c[as.character(sc$candidate)]
level_sums <- function(key) {
  tapply(sc$w, list(as.character(sc$candidate), key), sum, default = 0)  # candidates x levels
}
private <- function(key) mean(rowSums(level_sums(key)^2))
shared <- function(key) {
  W <- level_sums(key)
  N <- nrow(W)
  (N * sum(W^2) - sum(colSums(W)^2)) / (N * (N - 1))
}
qi <- paste(sc$question, sc$interviewer)
rel_err <- comp[["candidate_x_question"]] * private(paste(sc$candidate, sc$question)) +
  comp[["candidate_x_interviewer"]] * private(paste(sc$candidate, sc$interviewer)) +
  comp[["residual"]] * private(seq_len(nrow(sc))) +
  comp[["question"]] * shared(as.character(sc$question)) +
  comp[["interviewer"]] * shared(as.character(sc$interviewer)) +
  comp[["question_x_interviewer"]] * shared(qi)
out[["current.g_qk"]] <- comp[["candidate"]] / (comp[["candidate"]] + rel_err)

keys <- names(out)
write.csv(data.frame(key = keys, value = sprintf("%.15g", unlist(out[keys]))),
          "tests/data/summary_g_expected.csv", row.names = FALSE, quote = FALSE)
print(data.frame(key = keys[!grepl("^d\\.", keys)], value = unlist(out[keys[!grepl("^d\\.", keys)]])),
      row.names = FALSE)
