//! Greenhouse Harvest v3 (`--source greenhouse --scorecards DIR`), Lever `score` fields and Ashby
//! option values and application lists.
//!
//! The Greenhouse fixture (tests/data/ats/make_greenhouse_v3.py) writes one set of facts as Harvest
//! v1 JSON, as v3 JSON resources and as v3 warehouse CSV tables (CRLF line ends); the statistics of
//! every command must be identical across the shapes, and Parquet tables converted from the CSVs.

mod common;

use common::{run, Scratch};
use hirecal::config::AtsSource;
use hirecal::config::Config;
use hirecal::dataset::Dataset;
use hirecal::ingest::{load, Inputs, LoadOptions};
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/ats").join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn gh() -> Config {
    Config { source: AtsSource::Greenhouse, ..Config::default() }
}

/// The v1 inputs: scorecards, applications and performance.
fn v1_args() -> Vec<String> {
    vec![
        "--scorecards".into(),
        data("greenhouse_v1_same_facts.json").display().to_string(),
        "--outcomes".into(),
        data("greenhouse_v1_applications.json").display().to_string(),
    ]
}

/// The v3 inputs: the directory (its applications give the decisions).
fn v3_args(dir: &Path) -> Vec<String> {
    vec!["--scorecards".into(), dir.display().to_string()]
}

/// Runs a command with `--source greenhouse`, the performance outcome and the questions file;
/// returns stdout (the command must succeed).
fn stats(cmd: &str, inputs: &[String]) -> String {
    let perf = data("greenhouse_v3_performance.csv");
    let questions = data("greenhouse_v3_questions.csv");
    let mut args: Vec<String> = vec![cmd.into(), "--source".into(), "greenhouse".into()];
    args.extend(inputs.iter().cloned());
    args.extend(["--outcomes", s(&perf), "--questions", s(&questions), "--format", "json"].map(String::from));
    if cmd == "questions" {
        args.extend(["--bootstrap", "200"].map(String::from));
    }
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let tmp = Scratch::new();
    let (code, out, err) = run(tmp.path(), &argv);
    assert_eq!(code, 0, "{cmd} {argv:?}: {err}");
    out
}

/// Converts every CSV table of `from` to Parquet in `to` (ids as integers, as a warehouse holds them).
/// hirecal's polars has no CSV reader (it streams CSV with the `csv` crate), so the columns are typed
/// here: integers where every non-empty cell is one, then floats, else text; empty cells are nulls.
fn to_parquet(from: &Path, to: &Path) {
    use polars::prelude::*;
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let mut rdr = csv::Reader::from_path(&p).unwrap();
        let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        let columns: Vec<Column> = header
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let cells: Vec<Option<&str>> =
                    rows.iter().map(|r| r.get(k).filter(|c| !c.is_empty())).collect();
                let all = |ok: fn(&str) -> bool| cells.iter().flatten().all(|c| ok(c));
                if all(|c| c.parse::<i64>().is_ok()) {
                    let v: Vec<Option<i64>> = cells.iter().map(|c| c.map(|c| c.parse().unwrap())).collect();
                    Column::new(name.as_str().into(), v)
                } else if all(|c| c.parse::<f64>().is_ok()) {
                    let v: Vec<Option<f64>> = cells.iter().map(|c| c.map(|c| c.parse().unwrap())).collect();
                    Column::new(name.as_str().into(), v)
                } else {
                    Column::new(name.as_str().into(), cells)
                }
            })
            .collect();
        let mut df = DataFrame::new(rows.len(), columns).unwrap();
        let out = to.join(p.with_extension("parquet").file_name().unwrap());
        let mut f = std::fs::File::create(out).unwrap();
        ParquetWriter::new(&mut f).finish(&mut df).unwrap();
    }
}

#[test]
fn the_same_facts_give_identical_statistics_in_every_shape() {
    let pq = Scratch::new();
    to_parquet(&data("greenhouse_v3_csv"), pq.path());
    let shapes: Vec<(&str, Vec<String>)> = vec![
        ("v1 JSON", v1_args()),
        ("v3 JSON resources", v3_args(&data("greenhouse_v3_json"))),
        ("v3 JSON, scorecards file named", v3_args(&data("greenhouse_v3_json/scorecards.json"))),
        ("v3 warehouse CSV", v3_args(&data("greenhouse_v3_csv"))),
        ("v3 warehouse Parquet", v3_args(pq.path())),
    ];
    for cmd in ["questions", "interviewers", "panel"] {
        let reference = stats(cmd, &shapes[0].1);
        // Not a vacuous comparison: the statistics are there.
        let v: serde_json::Value = serde_json::from_str(&reference).unwrap();
        assert!(v.is_object(), "{cmd}: {reference}");
        if cmd == "questions" {
            assert_eq!(v["questions"].as_array().map(Vec::len), Some(4), "{reference}");
            assert!(v["questions"][0]["validity_r"].is_number(), "{reference}");
            assert!(v["questions"][0]["decision_auc"].is_number(), "{reference}");
        }
        for (name, args) in &shapes[1..] {
            assert_eq!(stats(cmd, args), reference, "{cmd}: {name} differs from v1");
        }
    }
}

fn load_ds(scorecards: PathBuf, outcomes: Vec<PathBuf>) -> Dataset {
    let inputs = Inputs { scorecards, outcomes, questions: None };
    load(&inputs, &gh(), &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}")).0
}

/// Ratings, scorecards and decisions by name, order-free; and the drop counts by reason.
#[allow(clippy::type_complexity)]
fn facts(ds: &Dataset) -> (Vec<(String, String, String, String)>, Vec<String>, Vec<(String, Option<bool>)>) {
    let r = &ds.ratings;
    let mut ratings: Vec<_> = (0..r.len())
        .map(|k| {
            (
                ds.candidates.name(r.candidate[k]).to_string(),
                ds.interviewers.name(r.interviewer[k]).to_string(),
                ds.questions.name(r.question[k]).to_string(),
                r.score[k].to_string(),
            )
        })
        .collect();
    ratings.sort();
    let sc = &ds.scorecards;
    let mut cards: Vec<_> = (0..sc.len())
        .map(|k| {
            format!(
                "{} {} {:?} {:?}",
                ds.candidates.name(sc.candidate[k]),
                ds.interviewers.name(sc.interviewer[k]),
                sc.date[k],
                sc.recommendation[k]
            )
        })
        .collect();
    cards.sort();
    let mut hired: Vec<_> =
        ds.hired.iter().enumerate().map(|(c, h)| (ds.candidates.name(c as u32).to_string(), *h)).collect();
    hired.sort();
    (ratings, cards, hired)
}

fn count(ds: &Dataset, reason: &str) -> u64 {
    ds.dropped.iter().filter(|d| d.reason.name() == reason).map(|d| d.count).sum()
}

#[test]
fn drafts_are_counted_on_their_own_and_everything_else_matches_v1() {
    let v1 = load_ds(data("greenhouse_v1_same_facts.json"), vec![data("greenhouse_v1_applications.json")]);
    for dir in ["greenhouse_v3_json", "greenhouse_v3_csv"] {
        let v3 = load_ds(data(dir), vec![]);
        assert_eq!(facts(&v3), facts(&v1), "{dir}");
        assert_eq!(count(&v3, "draft_scorecard"), 2, "{dir}: {:?}", v3.dropped);
        let d = v3.dropped.iter().find(|d| d.reason.name() == "draft_scorecard").unwrap();
        assert!(!d.problem, "drafts are informational");
        for reason in ["missing_score", "submitted_by_other", "duplicate_outcome_row"] {
            assert!(count(&v1, reason) > 0, "the fixture exercises {reason}");
            assert_eq!(count(&v3, reason), count(&v1, reason), "{dir}: {reason}");
        }
        // Rounds: v3 from the kit chain (stage · interview), v1 the interview's name; the same
        // scorecards share a round in both.
        let mut rounds: Vec<&str> = v3.rounds.names().collect();
        rounds.sort();
        assert_eq!(
            rounds,
            ["Onsite · Coding", "Onsite · System design", "Screen · Recruiter screen"],
            "{dir}"
        );
        let partition = |ds: &Dataset| {
            let mut by: Vec<(String, String)> = (0..ds.scorecards.len())
                .map(|k| {
                    let name = ds.rounds.name(ds.scorecards.round[k].expect("every scorecard has a round"));
                    let short = name.rsplit(" · ").next().unwrap().to_string();
                    (
                        format!(
                            "{} {}",
                            ds.candidates.name(ds.scorecards.candidate[k]),
                            ds.interviewers.name(ds.scorecards.interviewer[k])
                        ),
                        short,
                    )
                })
                .collect();
            by.sort();
            by
        };
        assert_eq!(partition(&v3), partition(&v1), "{dir}");
        // The applications supply the decision without --outcomes.
        assert!(v3.has_outcomes_file && v3.n_decided() > 0 && v3.n_hired() > 0, "{dir}");
        // Lowest levels of both scales: strong_no recommendation, definitely_not rating.
        assert!(v3
            .scorecards
            .recommendation
            .iter()
            .any(|r| matches!(r, Some(hirecal::scale::Recommendation::StrongNo))));
        assert!(v3.ratings.score.contains(&1.0));
    }
}

#[test]
fn check_lists_every_file_of_the_directory_and_drafts_pass_strict() {
    let tmp = Scratch::new();
    let dir = data("greenhouse_v3_csv");
    let (code, out, err) =
        run(tmp.path(), &["check", "--source", "greenhouse", "--scorecards", s(&dir), "--strict"]);
    assert_eq!(code, 0, "{err}");
    for (role, file, rows) in [
        ("applications", "applications.csv", 37),
        ("users", "users.csv", 7),
        ("job_candidate_attributes", "job_candidate_attributes.csv", 4),
        ("scorecards", "scorecards.csv", 110),
        ("scorecard_candidate_attributes", "scorecard_candidate_attributes.csv", 440),
    ] {
        let line = out
            .lines()
            .find(|l| l.contains(&format!("{}/{file}", dir.display())))
            .unwrap_or_else(|| panic!("{file} not listed:\n{out}"));
        assert!(line.trim_start().starts_with(role), "{line}");
        assert!(line.contains(&format!("{rows} data rows")), "{line}");
    }
    assert!(out.contains("draft_scorecard"), "{out}");
    assert!(out.contains("hires"), "{out}");
    assert!(
        out.contains(
            "by interview: Onsite · System design (36), Onsite · Coding (36), Screen · Recruiter screen (36)"
        ),
        "{out}"
    );
    for kit in ["interview_kits.csv", "job_interviews.csv", "job_interview_stages.csv", "jobs.csv"] {
        assert!(out.contains(kit), "{kit} listed:\n{out}");
    }
    assert!(
        out.contains("jobs                       1: Senior Backend Engineer (108 scorecards, 36 candidates)"),
        "{out}"
    );
    assert!(!out.contains("no --job chosen"), "one job, no note:\n{out}");
}

/// A scratch copy of a v3 directory with one file rewritten.
fn edited(dir: &str, file: &str, edit: impl Fn(&str) -> String) -> Scratch {
    let tmp = Scratch::new();
    for e in std::fs::read_dir(data(dir)).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&p).unwrap();
        tmp.file(&name, if name == file { edit(&text) } else { text });
    }
    tmp
}

fn check_dir(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["check", "--source", "greenhouse", "--scorecards", s(dir)];
    args.extend_from_slice(extra);
    run(dir, &args)
}

#[test]
fn a_missing_join_names_the_file_the_id_and_the_table() {
    // A scorecard whose application is not exported (CSV: the line; the scorecards file is CRLF).
    let t =
        edited("greenhouse_v3_csv", "scorecards.csv", |t| t.replacen("\r\n5004,202,", "\r\n5004,299,", 1));
    let (code, _, err) = check_dir(t.path(), &[]);
    assert_eq!(code, 1);
    let sc = t.path().join("scorecards.csv");
    let apps = t.path().join("applications.csv");
    assert!(err.contains(&format!("{}:5: application_id '299' of scorecard 5004", sc.display())), "{err}");
    assert!(err.contains(&format!("not in the applications table ({})", apps.display())), "{err}");

    // JSON: the record and its id.
    let t = edited("greenhouse_v3_json", "scorecards.json", |t| {
        t.replacen("\"application_id\": 202", "\"application_id\": 299", 1)
    });
    let (code, _, err) = check_dir(t.path(), &[]);
    assert_eq!(code, 1);
    assert!(err.contains("scorecards.json record 4 (id 5004): application_id '299'"), "{err}");

    // An attribute row whose attribute is not in job_candidate_attributes.
    let t = edited("greenhouse_v3_csv", "job_candidate_attributes.csv", |t| {
        t.replace("704,31,Communicates clearly\r\n", "")
    });
    let (code, _, err) = check_dir(t.path(), &[]);
    assert_eq!(code, 1);
    let at = t.path().join("scorecard_candidate_attributes.csv");
    assert!(
        err.contains(&format!("{}:5: job_candidate_attribute_id '704' (scorecard 5001)", at.display())),
        "{err}"
    );
    assert!(err.contains("job_candidate_attributes table"), "{err}");

    // An attribute row whose scorecard is not exported.
    let t = edited("greenhouse_v3_csv", "scorecards.csv", |t| {
        t.lines().filter(|l| !l.starts_with("5002,")).map(|l| format!("{l}\n")).collect()
    });
    let (code, _, err) = check_dir(t.path(), &[]);
    assert_eq!(code, 1);
    let at = t.path().join("scorecard_candidate_attributes.csv");
    assert!(
        err.contains(&format!("{}:6: scorecard_id '5002' is not in the scorecards table", at.display())),
        "{err}"
    );
}

#[test]
fn a_bad_rating_is_reported_at_its_line_or_record_with_the_v3_column() {
    let t = edited("greenhouse_v3_csv", "scorecard_candidate_attributes.csv", |t| {
        // Line 7 (index 6) gets a rating no scale knows.
        let mut lines: Vec<String> = t.split("\r\n").map(String::from).collect();
        let f: Vec<String> = lines[6].split(',').map(String::from).collect();
        lines[6] = format!("{},{},{},superb,", f[0], f[1], f[2]);
        lines.join("\r\n")
    });
    let (code, out, _) = check_dir(t.path(), &[]);
    assert_eq!(code, 0);
    let at = t.path().join("scorecard_candidate_attributes.csv");
    assert!(out.contains(&format!("first at {}:7", at.display())), "{out}");
    assert!(
        out.contains(&format!("{}:7: column 'candidate_attribute_rating': value 'superb'", at.display())),
        "{out}"
    );
    assert!(out.contains("Labels seen that the scale does not know: 'superb'"), "{out}");
    let (code, _, err) = check_dir(t.path(), &["--strict"]);
    assert_eq!(code, 1);
    assert!(err.contains(&format!("{}:7: ", at.display())), "{err}");

    let t = edited("greenhouse_v3_json", "scorecard_candidate_attributes.json", |t| {
        t.replacen("\"candidate_attribute_rating\": \"", "\"candidate_attribute_rating\": \"x", 1)
    });
    let (code, out, _) = check_dir(t.path(), &[]);
    assert_eq!(code, 0);
    assert!(
        out.contains("scorecard_candidate_attributes.json record 1 (scorecard_id 5001, job_candidate_attribute_id 701): column 'candidate_attribute_rating'"),
        "{out}"
    );
}

#[test]
fn scorecard_level_problems_name_the_scorecards_file() {
    let t = edited("greenhouse_v3_csv", "scorecards.csv", |t| {
        t.replacen(",complete,no\r\n", ",complete,lukewarm\r\n", 1)
    });
    let (code, out, _) = check_dir(t.path(), &[]);
    assert_eq!(code, 0);
    let sc = t.path().join("scorecards.csv");
    assert!(
        out.contains(&format!("{}:2: column 'candidate_rating': value 'lukewarm'", sc.display())),
        "{out}"
    );
    // An unknown status is a problem, named with the scorecard.
    let t = edited("greenhouse_v3_json", "scorecards.json", |t| {
        t.replacen("\"status\": \"complete\"", "\"status\": \"pending\"", 1)
    });
    let (code, out, _) = check_dir(t.path(), &[]);
    assert_eq!(code, 0);
    assert!(
        out.contains("scorecards.json record 1 (id 5001): `status` is 'pending', expected complete or draft"),
        "{out}"
    );
}

#[test]
fn a_missing_resource_is_an_error_listing_what_is_needed() {
    // A kit whose interview is not exported: the join names the scorecard, the id and the table.
    let t = edited("greenhouse_v3_csv", "job_interviews.csv", |t| t.replace("902,31,Coding,1001\r\n", ""));
    let (code, _, err) = check_dir(t.path(), &[]);
    assert_eq!(code, 1);
    let sc = t.path().join("scorecards.csv");
    assert!(
        err.contains(&format!("{}:", sc.display()))
            && err.contains("job_interview_id '902' is not in the job_interviews table"),
        "{err}"
    );

    let t = Scratch::new();
    for f in ["scorecards.csv", "scorecard_candidate_attributes.csv"] {
        std::fs::copy(data("greenhouse_v3_csv").join(f), t.path().join(f)).unwrap();
    }
    let (code, _, err) = check_dir(t.path(), &[]);
    assert_eq!(code, 1);
    assert!(err.contains("missing: job_candidate_attributes, applications"), "{err}");
}

#[test]
fn names_come_from_the_users_table_only_with_show_names() {
    let tmp = Scratch::new();
    let dir = data("greenhouse_v3_csv");
    let base = ["interviewers", "--source", "greenhouse", "--scorecards", s(&dir), "--format", "json"];
    let (code, out, err) = run(tmp.path(), &base);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("Ada Byron") && out.contains("9001"), "{out}");
    let mut named = base.to_vec();
    named.push("--show-names");
    let (code, out, err) = run(tmp.path(), &named);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Ada Byron (9001)"), "{out}");
}

// ---------------------------------------------------------------------------------------------
// Lever `score` fields

fn lever_feedback(id: &str, opp: &str, user: &str, fields: &str) -> String {
    format!(
        r#"{{"id":"{id}","opportunityId":"{opp}","user":{{"id":"{user}","name":"U {user}"}},"completedAt":1736503200000,"fields":[{fields}]}}"#
    )
}

#[test]
fn lever_score_fields_are_questions_and_the_overall_score_is_the_recommendation() {
    let t = Scratch::new();
    let mut fb = Vec::new();
    for (k, (opp, user, a, b, overall)) in [
        ("o1", "u1", "3", "4", r#""3 - Hire""#),
        ("o1", "u2", "2", "null", r#""4 - Strong Hire""#),
        ("o2", "u1", "1", "2", r#""1 - Strong No Hire""#),
        ("o2", "u2", "4", "3", r#""2 - No Hire""#),
    ]
    .iter()
    .enumerate()
    {
        let summary_key = if k % 2 == 0 { "overall" } else { "isSummary" };
        let fields = format!(
            r#"{{"type":"score","text":"Coding","value":{a}}},{{"type":"score","text":"Design","value":{b}}},{{"type":"score","text":"Overall","{summary_key}":true,"value":{overall}}},{{"type":"text","text":"Notes","value":"fine"}}"#
        );
        fb.push(lever_feedback(&format!("f{k}"), opp, user, &fields));
    }
    // Two pages of a paged envelope in a directory.
    std::fs::create_dir(t.path().join("pages")).unwrap();
    t.file("pages/page-1.json", format!(r#"{{"data":[{},{}],"hasNext":true,"next":"abc"}}"#, fb[0], fb[1]));
    t.file("pages/page-2.json", format!(r#"{{"data":[{},{}],"hasNext":false}}"#, fb[2], fb[3]));
    t.file("single.json", format!(r#"{{"data":[{}],"hasNext":false}}"#, fb.join(",")));
    let cfg = Config { source: AtsSource::Lever, ..Config::default() };
    for input in ["pages", "single.json"] {
        let inputs = Inputs { scorecards: t.path().join(input), outcomes: vec![], questions: None };
        let (ds, _) = load(&inputs, &cfg, &LoadOptions::default()).unwrap_or_else(|e| panic!("{input}: {e}"));
        let mut qs: Vec<&str> = ds.questions.names().collect();
        qs.sort();
        assert_eq!(qs, ["Coding", "Design", "Overall"], "{input}");
        // 4 feedbacks × 3 scores, one null → 11 ratings, the null counted as missing.
        assert_eq!(ds.ratings.len(), 11, "{input}");
        assert_eq!(count(&ds, "missing_score"), 1, "{input}");
        use hirecal::scale::Recommendation::*;
        let mut recs: Vec<_> = ds.scorecards.recommendation.clone();
        recs.sort_by_key(|r| format!("{r:?}"));
        let mut want = vec![Some(Yes), Some(StrongYes), Some(StrongNo), Some(No)];
        want.sort_by_key(|r| format!("{r:?}"));
        assert_eq!(recs, want, "{input}");
        let overall = ds.questions.get("Overall").unwrap();
        let mut scores: Vec<f64> = (0..ds.ratings.len())
            .filter(|&k| ds.ratings.question[k] == overall)
            .map(|k| ds.ratings.score[k])
            .collect();
        scores.sort_by(f64::total_cmp);
        assert_eq!(scores, [1.0, 2.0, 3.0, 4.0], "{input}");
    }
    // The directory's files are listed by check.
    let (code, out, err) = run(t.path(), &["check", "--source", "lever", "--scorecards", "pages"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("page-1.json") && out.contains("page-2.json") && out.contains("2 data rows"),
        "{out}"
    );
}

// ---------------------------------------------------------------------------------------------
// Ashby option values, score shapes and application lists

fn ashby_feedback(id: &str, app: &str, user: &str, coding: &str, rec: &str) -> String {
    format!(
        r#"{{"id":"{id}","applicationId":"{app}","submittedAt":"2025-01-10T10:00:00Z",
        "submittedByUser":{{"id":"{user}","firstName":"F","lastName":"{user}"}},
        "formDefinition":{{"sections":[{{"fields":[
          {{"field":{{"path":"coding","title":"Coding","type":"Score"}}}},
          {{"field":{{"path":"overall_recommendation","title":"Overall recommendation","type":"ValueSelect",
            "selectableValues":[{{"label":"Strong Hire","value":"opt_sh"}},{{"label":"Hire","value":"opt_h"}},
                                {{"label":"No Hire","value":"opt_nh"}},{{"label":"Strong No Hire","value":"opt_snh"}}]}}}}]}}]}},
        "submittedValues":{{"coding":{coding},"overall_recommendation":"{rec}"}}}}"#
    )
}

#[test]
fn ashby_option_values_map_to_labels_scores_read_in_three_shapes_and_applications_decide() {
    let t = Scratch::new();
    let fb = [
        ashby_feedback("f1", "a1", "u1", r#"{"score": 4}"#, "opt_sh"),
        ashby_feedback("f2", "a1", "u2", "3", "opt_h"),
        ashby_feedback("f3", "a2", "u1", r#""2""#, "opt_nh"),
        ashby_feedback("f4", "a2", "u2", r#"{"score": "1"}"#, "opt_snh"),
        ashby_feedback("f5", "a3", "u1", "null", "strong_hire"),
    ];
    let sc = t.file("feedback.json", format!(r#"{{"results":[{}]}}"#, fb.join(",")));
    let apps = t.file(
        "applications.json",
        r#"{"results":[{"id":"a1","status":"Hired","candidate":{"id":"c1"}},{"id":"a2","status":"Archived"},{"id":"a3","status":"Active"},{"id":"a4","status":"Lead"},{"id":"a5","status":"Paused"}]}"#,
    );
    let cfg = Config { source: AtsSource::Ashby, ..Config::default() };
    let inputs = Inputs { scorecards: sc, outcomes: vec![apps.clone()], questions: None };
    let (ds, _) = load(&inputs, &cfg, &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut scores = ds.ratings.score.clone();
    scores.sort_by(f64::total_cmp);
    assert_eq!(scores, [1.0, 2.0, 3.0, 4.0]);
    assert_eq!(count(&ds, "missing_score"), 1);
    assert_eq!(count(&ds, "unparsable_recommendation"), 0, "{:?}", ds.dropped);
    use hirecal::scale::Recommendation::*;
    let recs = &ds.scorecards.recommendation;
    assert_eq!(recs.len(), 4, "f5 has no rating, so no scorecard");
    assert_eq!(recs[..4], [Some(StrongYes), Some(Yes), Some(No), Some(StrongNo)]);
    let hired = |c: &str| ds.hired[ds.candidates.get(c).unwrap() as usize];
    assert_eq!(hired("a1"), Some(true));
    assert_eq!(hired("a2"), Some(false));
    // An unknown status is counted, named by its record and id; Lead and Active are unknown.
    let d = ds.dropped.iter().find(|d| d.reason.name() == "unparsable_hired").expect("Paused counted");
    assert!(d.example.contains("record 5 (id a5)") && d.example.contains("'Paused'"), "{}", d.example);
    assert!(d.example.contains("Hired, Archived, Active or Lead"), "{}", d.example);
}

/// A canonical scorecards file may name each scorecard's interview in an `interview` column; in the
/// wide layout that column is not a question.
#[test]
fn a_canonical_interview_column_gives_the_rounds() {
    let t = Scratch::new();
    let long = t.file(
        "long.csv",
        "candidate_id,interviewer_id,question_id,score,interview\nc1,i1,q1,3,Coding\nc1,i1,q2,4,Coding\nc1,i2,q1,2,Design\nc2,i1,q1,5,\n",
    );
    let wide = t
        .file("wide.csv", "candidate_id,interviewer_id,interview,q1,q2\nc1,i1,Coding,3,4\nc1,i2,Design,2,\n");
    let (ds, _) = load(
        &Inputs { scorecards: long, outcomes: vec![], questions: None },
        &Config::default(),
        &LoadOptions::default(),
    )
    .unwrap();
    let names: Vec<Option<&str>> = ds.scorecards.round.iter().map(|r| r.map(|r| ds.rounds.name(r))).collect();
    assert_eq!(names, [Some("Coding"), Some("Design"), None]);
    let cfg = Config { layout: hirecal::config::Layout::Wide, ..Config::default() };
    let (ds, _) =
        load(&Inputs { scorecards: wide, outcomes: vec![], questions: None }, &cfg, &LoadOptions::default())
            .unwrap();
    let mut qs: Vec<&str> = ds.questions.names().collect();
    qs.sort();
    assert_eq!(qs, ["q1", "q2"]);
    assert_eq!(ds.scorecards.round.len(), 2);
    assert_eq!(ds.rounds.len(), 2);
}

/// Jobs: a canonical `job` column, or v3 applications' `job_id` (named through `jobs`); `check` lists
/// them with their counts and says so when several jobs are pooled; a job missing from `jobs` is a
/// join error.
#[test]
fn check_lists_the_jobs_and_notes_when_several_are_pooled() {
    let t = Scratch::new();
    t.file(
        "s.csv",
        "candidate_id,interviewer_id,question_id,score,job\nc1,i1,q1,3,Backend\nc1,i2,q1,4,Backend\nc2,i1,q1,2,Data\nc3,i2,q1,5,Backend\n",
    );
    let (code, out, err) = run(t.path(), &["check", "--scorecards", "s.csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("jobs                       2: Backend (3 scorecards, 2 candidates), Data (1 scorecards, 1 candidates)"), "{out}");
    assert!(out.contains("note: 2 jobs in the data and no --job chosen"), "{out}");

    let e = edited("greenhouse_v3_csv", "jobs.csv", |t| {
        t.replace("31,Senior Backend Engineer", "32,Data Engineer")
    });
    let (code, _, err) = check_dir(e.path(), &[]);
    assert_eq!(code, 1);
    assert!(err.contains("job_id '31' is not in the jobs table"), "{err}");
}
