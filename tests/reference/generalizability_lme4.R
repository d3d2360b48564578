# Reference numbers for tests/generalizability.rs: REML variance components of unbalanced
# candidate x question x interviewer data, fitted by lme4 (Bates et al. 2015), and lme4 on Brennan's (2001)
# balanced synthetic data sets No. 3 (p x i x o) and No. 4 (p x (r:t)), where REML equals the ANOVA
# estimates because none is negative.
#
# Run from the repository root:  Rscript tests/reference/generalizability_lme4.R
# Writes tests/data/gt_crossed.csv, tests/data/gt_nested.csv (the constructed data, columns
# candidate,question,interviewer,score) and tests/data/gt_expected.csv (key,value).
suppressMessages(library(lme4))
set.seed(20241)

# --- Crossed, unbalanced: 80 candidates, 6 questions, 14 interviewers. Each candidate meets 3 interviewers
# drawn at random; each interviewer asks 3 to 6 of the questions (their own random subset, so panels overlap
# only partly and some candidates hear a question from two interviewers); 10% of ratings missing.
np <- 80; nq <- 6; ni <- 14
sd <- c(p = 0.8, q = 0.4, r = 0.35, pq = 0.45, pr = 0.4, qr = 0.3, e = 0.6)
ep <- rnorm(np, 0, sd["p"]); eq <- rnorm(nq, 0, sd["q"]); er <- rnorm(ni, 0, sd["r"])
epq <- matrix(rnorm(np * nq, 0, sd["pq"]), np); epr <- matrix(rnorm(np * ni, 0, sd["pr"]), np)
eqr <- matrix(rnorm(nq * ni, 0, sd["qr"]), nq)
asks <- lapply(1:ni, function(i) sort(sample(1:nq, sample(3:6, 1))))
rows <- list()
for (p in 1:np) {
  for (i in sort(sample(1:ni, 3))) {
    for (q in asks[[i]]) {
      if (runif(1) < 0.10) next
      y <- 3 + ep[p] + eq[q] + er[i] + epq[p, q] + epr[p, i] + eqr[q, i] + rnorm(1, 0, sd["e"])
      rows[[length(rows) + 1]] <- data.frame(candidate = sprintf("C%03d", p), question = sprintf("Q%d", q),
                                             interviewer = sprintf("I%02d", i), score = round(y, 4))
    }
  }
}
crossed <- do.call(rbind, rows)
write.csv(crossed, "tests/data/gt_crossed.csv", row.names = FALSE, quote = FALSE)

# --- Nested, unbalanced: 60 candidates, 4 questions, each question with its own pool of 4 interviewers;
# each candidate hears each question from 2 of its pool's interviewers; 10% of ratings missing.
np2 <- 60; nq2 <- 4; pool <- 4
sd2 <- c(p = 0.7, q = 0.3, rq = 0.4, pq = 0.5, e = 0.7)
fp <- rnorm(np2, 0, sd2["p"]); fq <- rnorm(nq2, 0, sd2["q"]); frq <- matrix(rnorm(nq2 * pool, 0, sd2["rq"]), nq2)
fpq <- matrix(rnorm(np2 * nq2, 0, sd2["pq"]), np2)
rows <- list()
for (p in 1:np2) for (q in 1:nq2) for (k in sort(sample(1:pool, 2))) {
  if (runif(1) < 0.10) next
  y <- 3 + fp[p] + fq[q] + frq[q, k] + fpq[p, q] + rnorm(1, 0, sd2["e"])
  rows[[length(rows) + 1]] <- data.frame(candidate = sprintf("C%03d", p), question = sprintf("Q%d", q),
                                         interviewer = sprintf("R%d_%d", q, k), score = round(y, 4))
}
nested <- do.call(rbind, rows)
write.csv(nested, "tests/data/gt_nested.csv", row.names = FALSE, quote = FALSE)

ctrl <- lmerControl(optimizer = "bobyqa", optCtrl = list(maxfun = 1e5),
                    check.conv.singular = "ignore")
vc <- function(fit) { v <- as.data.frame(VarCorr(fit)); setNames(v$vcov, v$grp) }
out <- list()
put <- function(prefix, fit, names) {
  v <- vc(fit)
  for (k in names(names)) out[[paste0(prefix, names[[k]])]] <<- unname(v[k])
  out[[paste0(prefix, "reml_criterion")]] <<- unname(REMLcrit(fit))
  out[[paste0(prefix, "mean")]] <<- unname(fixef(fit)[1])
}

f1 <- lmer(score ~ 1 + (1 | candidate) + (1 | question) + (1 | interviewer) + (1 | candidate:question) +
             (1 | candidate:interviewer) + (1 | question:interviewer), data = crossed, REML = TRUE, control = ctrl)
put("crossed.", f1, list(candidate = "candidate", question = "question", interviewer = "interviewer",
                         `candidate:question` = "candidate_x_question",
                         `candidate:interviewer` = "candidate_x_interviewer",
                         `question:interviewer` = "question_x_interviewer", Residual = "residual"))
f2 <- lmer(score ~ 1 + (1 | candidate) + (1 | question) + (1 | question:interviewer) + (1 | candidate:question),
           data = nested, REML = TRUE, control = ctrl)
put("nested.", f2, list(candidate = "candidate", question = "question",
                        `question:interviewer` = "interviewer_within_question",
                        `candidate:question` = "candidate_x_question", Residual = "residual"))

# --- Brennan (2001) synthetic data set No. 3 (p x i x o: 10 persons, 4 items, 2 occasions), Table 3.1.
o1 <- rbind(c(2,6,7,5), c(4,5,6,7), c(5,5,4,6), c(5,9,8,6), c(4,3,5,6), c(4,4,4,7), c(2,6,6,5), c(3,4,4,5),
            c(0,5,4,5), c(6,8,7,6))
o2 <- rbind(c(2,5,5,5), c(6,7,5,7), c(5,4,5,5), c(5,7,7,6), c(4,5,6,4), c(6,4,7,8), c(2,7,7,5), c(6,6,6,4),
            c(5,5,5,3), c(6,8,8,6))
b3 <- expand.grid(i = 1:4, o = 1:2, p = 1:10)
b3$score <- mapply(function(p, i, o) if (o == 1) o1[p, i] else o2[p, i], b3$p, b3$i, b3$o)
b3[] <- lapply(b3, function(x) if (is.integer(x)) factor(x) else x)
f3 <- lmer(score ~ 1 + (1 | p) + (1 | i) + (1 | o) + (1 | p:i) + (1 | p:o) + (1 | i:o), data = b3, REML = TRUE,
           control = ctrl)
put("brennan3.", f3, list(p = "candidate", i = "question", o = "interviewer", `p:i` = "candidate_x_question",
                          `p:o` = "candidate_x_interviewer", `i:o` = "question_x_interviewer",
                          Residual = "residual"))

# --- Brennan (2001) synthetic data set No. 4 (p x (r:t): 10 persons, 3 tasks, 4 raters per task).
b4w <- rbind(c(5,6,5,5, 5,3,4,5, 6,7,3,3), c(9,3,7,7, 7,5,5,5, 7,7,5,2), c(3,4,3,3, 5,3,3,5, 6,5,1,6),
             c(7,5,5,3, 3,1,4,3, 5,3,3,5), c(9,2,9,7, 7,7,3,7, 2,7,5,3), c(3,4,3,5, 3,3,6,3, 4,5,1,2),
             c(7,3,7,7, 7,5,5,7, 5,5,5,4), c(5,8,5,7, 7,5,5,4, 3,2,1,1), c(9,9,8,8, 6,6,6,5, 5,8,1,1),
             c(4,4,4,3, 3,5,6,5, 5,7,1,1))
b4 <- expand.grid(r = 1:4, t = 1:3, p = 1:10)
b4$score <- mapply(function(p, t, r) b4w[p, (t - 1) * 4 + r], b4$p, b4$t, b4$r)
b4$r <- factor(paste0(b4$t, "_", b4$r)); b4$t <- factor(b4$t); b4$p <- factor(b4$p)
f4 <- lmer(score ~ 1 + (1 | p) + (1 | t) + (1 | r) + (1 | p:t), data = b4, REML = TRUE, control = ctrl)
put("brennan4.", f4, list(p = "candidate", t = "question", r = "interviewer_within_question",
                          `p:t` = "candidate_x_question", Residual = "residual"))

keys <- names(out)
write.csv(data.frame(key = keys, value = sprintf("%.12g", unlist(out[keys]))), "tests/data/gt_expected.csv",
          row.names = FALSE, quote = FALSE)
print(data.frame(key = keys, value = unlist(out[keys])), row.names = FALSE)
