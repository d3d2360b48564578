"""Writes one set of hiring facts in three Greenhouse shapes, for tests/ats_v3.rs:

  greenhouse_v1_same_facts.json + greenhouse_v1_applications.json   Harvest v1 (nested scorecards)
  greenhouse_v3_json/<resource>.json                                  Harvest v3 resources (JSON arrays)
  greenhouse_v3_csv/<resource>.csv                                    the v3 warehouse tables as CSV
  greenhouse_v3_performance.csv                                       an HRIS outcome for every shape

The facts: 36 candidates (one with two applications), 6 interviewers, 4 attributes, 3 interviews
per candidate, each with its interview kit (v3: kit → interview → stage; v1: the interview's name).
Deliberate details the readers must agree on: attribute ratings `no_decision`
(missing), candidate ratings `no_decision` (no recommendation), the lowest levels `strong_no`
(candidate_rating) and `definitely_not` (attribute ratings), a scorecard submitted by another user,
and applications `in_process` (v1 `active`) and `converted`. v3 alone also holds two draft
scorecards, whose ratings must not count, and a user table for --show-names. Deterministic
(seeded); rerun with `python3 tests/data/ats/make_greenhouse_v3.py` from the repository root.
"""

import csv
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261206)

ATTR = [(701, "Designs scalable systems"), (702, "Writes readable code"),
        (703, "Owns production incidents"), (704, "Communicates clearly")]
ATTR_TYPE = {701: "System Design", 702: "Code Quality", 703: "Ownership", 704: "Communication"}
LEVELS = ["definitely_not", "no", "mixed", "yes", "strong_yes"]
RECS = ["strong_no", "no", "yes", "strong_yes"]
USERS = [(9001 + k, first, last) for k, (first, last) in enumerate(
    [("Ada", "Byron"), ("Alan", "Turing"), ("Grace", "Hopper"), ("Edsger", "Dijkstra"),
     ("Barbara", "Liskov"), ("Donald", "Knuth")])]
COORDINATOR = (9100, "Casey", "Coordinator")
# Interview kits → job interviews → stages (v3); v1 names the interview only.
KITS = {801: 901, 802: 902, 803: 903}
INTERVIEWS = {901: ("System design", 1001), 902: ("Coding", 1001), 903: ("Recruiter screen", 1000)}
STAGES = {1000: "Screen", 1001: "Onsite"}

candidates = list(range(101, 137))
applications = []  # (id, candidate, v3 status, v1 status, job)
app_of = {}
next_app = 201
for c in candidates:
    talent = rng.gauss(0, 1)
    if c == 104:  # a prospect application converted, then a hired candidate application
        applications.append((next_app, c, "converted", "converted", 31))
        next_app += 1
    hired = talent + rng.gauss(0, 0.6) > 0.2
    status = "hired" if hired else ("in_process" if c % 11 == 0 else "rejected")
    v1 = "active" if status == "in_process" else status
    applications.append((next_app, c, status, v1, 31))
    app_of[c] = (next_app, talent, hired)
    next_app += 1

scorecards = []  # dicts with everything both shapes need
sid = 5001
for c in candidates:
    app, talent, hired = app_of[c]
    panel = rng.sample(USERS, 3)
    for k, (uid, _, _) in enumerate(panel):
        day = 10 + (c % 15)
        ratings = []
        for aid, _ in ATTR:
            if rng.random() < 0.05:
                ratings.append((aid, "no_decision"))
                continue
            z = talent + rng.gauss(0, 0.9) + (0.3 if uid % 2 else -0.3)
            lvl = max(0, min(4, int(round(2 + 1.1 * z))))
            ratings.append((aid, LEVELS[lvl]))
        mean = sum(LEVELS.index(r) for _, r in ratings if r != "no_decision") / max(
            1, sum(r != "no_decision" for _, r in ratings))
        rec = "no_decision" if rng.random() < 0.05 else RECS[max(0, min(3, int(round(mean * 0.75))))]
        submitter = COORDINATOR[0] if (c == 110 and k == 0) else uid
        scorecards.append(dict(id=sid, app=app, cand=c, interviewer=uid, submitter=submitter,
                               date=f"2025-02-{day:02d}T{14 + k}:00:00.000Z", rec=rec,
                               ratings=ratings, status="complete", kit=801 + k))
        sid += 1
# Two drafts, only in v3: their ratings must not count.
for c in (101, 120):
    app = app_of[c][0]
    scorecards.append(dict(id=sid, app=app, cand=c, interviewer=9006, submitter=9006,
                           date="2025-03-01T10:00:00.000Z", rec="strong_yes",
                           ratings=[(aid, "strong_yes") for aid, _ in ATTR], status="draft", kit=801))
    sid += 1

user_name = {u: f"{f} {l}" for u, f, l in USERS + [COORDINATOR]}


def user_obj(u):
    first, last = user_name[u].split(" ")
    return {"id": u, "first_name": first, "last_name": last, "name": user_name[u], "employee_id": None}


# Harvest v1: submitted scorecards only.
v1 = []
for s in scorecards:
    if s["status"] != "complete":
        continue
    v1.append({
        "id": s["id"], "candidate_id": s["cand"], "application_id": s["app"],
        "interview": INTERVIEWS[KITS[s["kit"]]][0], "interviewed_at": s["date"], "submitted_at": s["date"],
        "interviewer": user_obj(s["interviewer"]), "submitted_by": user_obj(s["submitter"]),
        "overall_recommendation": s["rec"],
        "attributes": [{"name": dict(ATTR)[a], "type": ATTR_TYPE[a], "note": None, "rating": r}
                       for a, r in s["ratings"]],
        "ratings": {}, "questions": [],
    })
with open(os.path.join(HERE, "greenhouse_v1_same_facts.json"), "w") as f:
    json.dump(v1, f, indent=1)
with open(os.path.join(HERE, "greenhouse_v1_applications.json"), "w") as f:
    json.dump([{"id": a, "candidate_id": c, "status": v1s, "prospect": v3s == "converted"}
               for a, c, v3s, v1s, _ in applications], f, indent=1)

# Harvest v3 resources.
tables = {
    "scorecards": (["id", "application_id", "interviewer_id", "submitter_id", "interview_kit_id",
                    "interviewed_at", "submitted_at", "status", "candidate_rating"],
                   [[s["id"], s["app"], s["interviewer"], s["submitter"], s["kit"], s["date"],
                     s["date"], s["status"], s["rec"]] for s in scorecards]),
    "scorecard_candidate_attributes": (
        ["id", "scorecard_id", "job_candidate_attribute_id", "candidate_attribute_rating", "note"],
        [[s["id"] * 10 + k, s["id"], a, r, None] for s in scorecards for k, (a, r) in enumerate(s["ratings"])]),
    "job_candidate_attributes": (["id", "job_id", "name"], [[a, 31, n] for a, n in ATTR]),
    "applications": (["id", "candidate_id", "job_id", "status", "prospect"],
                     [[a, c, j, v3s, v3s == "converted"] for a, c, v3s, _, j in applications]),
    "jobs": (["id", "name", "status"], [[31, "Senior Backend Engineer", "open"]]),
    "interview_kits": (["id", "job_interview_id"], [[k, j] for k, j in KITS.items()]),
    "job_interviews": (["id", "job_id", "name", "job_interview_stage_id"],
                       [[j, 31, n, st] for j, (n, st) in INTERVIEWS.items()]),
    "job_interview_stages": (["id", "job_id", "name"], [[st, 31, n] for st, n in STAGES.items()]),
    "users": (["id", "name", "first_name", "last_name", "employee_id"],
              [[u, user_name[u], user_name[u].split(" ")[0], user_name[u].split(" ")[1], None]
               for u in sorted(user_name)]),
}
for shape in ("json", "csv"):
    d = os.path.join(HERE, f"greenhouse_v3_{shape}")
    os.makedirs(d, exist_ok=True)
    for name, (cols, rows) in tables.items():
        if shape == "json":
            with open(os.path.join(d, name + ".json"), "w") as f:
                json.dump([dict(zip(cols, r)) for r in rows], f, indent=1)
        else:
            with open(os.path.join(d, name + ".csv"), "w", newline="") as f:
                w = csv.writer(f, lineterminator="\r\n")  # warehouse exports from Windows tools
                w.writerow(cols)
                for r in rows:
                    w.writerow(["" if v is None else ("true" if v is True else "false" if v is False else v)
                                for v in r])

with open(os.path.join(HERE, "greenhouse_v3_performance.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["candidate_id", "perf_rating_12m"])
    for c in candidates:
        app, talent, hired = app_of[c]
        if hired:
            w.writerow([c, round(3 + 0.6 * talent + rng.gauss(0, 0.5), 2)])

# v3 has no attribute category: competencies come from a questions file (the v1 `type`s).
with open(os.path.join(HERE, "greenhouse_v3_questions.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["question_id", "competency", "text"])
    for a, n in ATTR:
        w.writerow([n, ATTR_TYPE[a], n])
