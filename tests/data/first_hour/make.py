"""Writes the first-hour spreadsheet export (tests/data/first_hour/): 60 candidates, 6 interviewers,
5 questions, with the mistakes real exports have (issue #20):

- interview dates written month/day/year (1/18/2025, some with a time), one written "TBD";
- recommendations "Lean Hire" / "Lean No Hire" beside built-in labels ("Strong No Hire");
- a performance column of Below / Meets / Exceeds;
- "bob smith" beside "Bob Smith", "Carol Jones " with a trailing space, candidate "CAND-007" beside "cand-007";
- a score written "four" and a few "N/A" scores.

Run from the repository root: python3 tests/data/first_hour/make.py (deterministic: seed 20).
"""
import csv
import datetime
import random

rng = random.Random(20)
QUESTIONS = ["coding", "system_design", "communication", "ownership", "collaboration"]
Q_EFFECT = {"coding": 0.0, "system_design": -0.3, "communication": 0.2, "ownership": 0.0, "collaboration": 0.3}
# name -> leniency in score points; Dan is planted lenient, Eve harsh.
INTERVIEWERS = {"Bob Smith": 0.0, "Carol Jones": 0.0, "Dan Lee": 0.9, "Eve Park": -0.9, "Frank Ode": 0.0, "Gina Ruiz": 0.0}
names = list(INTERVIEWERS)
start = datetime.date(2024, 9, 2)

sc_rows, out_rows = [], []
scorecard = 0
for c in range(1, 61):
    cand = f"cand-{c:03d}"
    ability = rng.gauss(0, 1)
    panel = rng.sample(names, 3)
    day = start + datetime.timedelta(days=rng.randrange(0, 300))
    means = []
    for k, iv in enumerate(panel):
        scorecard += 1
        shown_iv = iv
        if iv == "Bob Smith" and c % 17 == 0:
            shown_iv = "bob smith"  # the same person, typed in lower case
        if iv == "Carol Jones" and c % 4 == 0:
            shown_iv = "Carol Jones "  # a trailing space
        shown_cand = "CAND-007" if (c == 7 and k == 2) else cand
        date = f"{day.month}/{day.day}/{day.year}"
        if k == 1:
            date += f" {9 + k}:30"
        if c == 33 and k == 0:
            date = "TBD"
        scores = []
        for q in QUESTIONS:
            raw = ability + Q_EFFECT[q] + INTERVIEWERS[iv] + rng.gauss(0, 0.7)
            s = min(4, max(1, round(2.5 + raw)))
            scores.append(s)
        means.append(sum(scores) / len(scores))
        m = means[-1]
        rec = ("Strong Hire" if m >= 3.6 else "Hire" if m >= 3.1 else "Lean Hire" if m >= 2.6
               else "Lean No Hire" if m >= 2.1 else "No Hire" if m >= 1.6 else "Strong No Hire")
        for q, s in zip(QUESTIONS, scores):
            cell = str(s)
            if c == 12 and q == "ownership" and k == 0:
                cell = "four"
            if c in (20, 41) and q == "collaboration" and k == 2:
                cell = "N/A"
            sc_rows.append([shown_cand, shown_iv, q, cell, f"sc-{scorecard}", date, rec])
    avg = sum(means) / len(means)
    hired = avg >= 2.7
    perf = ""
    if hired:
        p = ability + rng.gauss(0, 0.8)
        perf = "Below" if p < -0.2 else "Meets" if p < 1.0 else "Exceeds"
    out_rows.append([cand, "Yes" if hired else "No", perf])

with open("tests/data/first_hour/scorecards.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["candidate_id", "interviewer_id", "question_id", "score", "scorecard_id", "interview_date", "recommendation"])
    w.writerows(sc_rows)
with open("tests/data/first_hour/outcomes.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["candidate_id", "hired", "performance"])
    w.writerows(out_rows)
print(len(sc_rows), "rating rows,", sum(r[1] == "Yes" for r in out_rows), "hires")
