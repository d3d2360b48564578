//! Golden tests: the JSON of `questions`, `interviewers` and `panel` on the bundled sample_data must stay
//! as recorded (numbers to 1e-6), so refactors and performance work cannot change results silently.
//! To re-record after an intended change: `hirecal questions --format json > tests/golden/sample_questions.json`
//! (and likewise for interviewers and panel), then review the diff.

mod common;

use serde_json::Value;

fn same(a: &Value, b: &Value, path: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            if (x - y).abs() <= 1e-6 * (1.0 + y.abs()) {
                Ok(())
            } else {
                Err(format!("{path}: {x} != {y}"))
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Err(format!("{path}: length {} != {}", x.len(), y.len()));
            }
            x.iter().zip(y).enumerate().try_for_each(|(i, (p, q))| same(p, q, &format!("{path}[{i}]")))
        }
        (Value::Object(x), Value::Object(y)) => {
            let kx: Vec<&String> = x.keys().collect();
            let ky: Vec<&String> = y.keys().collect();
            if kx != ky {
                return Err(format!("{path}: keys {kx:?} != {ky:?}"));
            }
            x.iter().try_for_each(|(k, v)| same(v, &y[k], &format!("{path}.{k}")))
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{path}: {a} != {b}")),
    }
}

fn check(args: &[&str], golden: &str) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) = common::run(root, args);
    assert_eq!(code, 0, "{err}");
    let got: Value = serde_json::from_str(&out).expect("JSON output");
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("tests/golden").join(golden)).unwrap())
            .unwrap();
    if let Err(e) = same(&got, &want, "$") {
        panic!("{golden} differs: {e}");
    }
}

#[test]
fn questions_json_on_sample_data() {
    check(&["questions", "--format", "json"], "sample_questions.json");
}

#[test]
fn interviewers_json_on_sample_data() {
    check(&["interviewers", "--format", "json"], "sample_interviewers.json");
}

#[test]
fn panel_json_on_sample_data() {
    check(&["panel", "--format", "json"], "sample_panel.json");
}

#[test]
fn questions_without_outcomes_print_decision_free_fields() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let args = [
        "questions",
        "--scorecards",
        "sample_data/scorecards.csv",
        "--questions",
        "sample_data/questions.csv",
    ];
    let (code, out, err) = common::run(root, &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Note: no outcomes file"), "{out}");
    assert!(out.contains("item-rest r") && out.lines().all(|l| l.chars().count() <= 100), "{out}");
    let mut json = args.to_vec();
    json.extend(["--format", "json"]);
    let (_, out, _) = common::run(root, &json);
    let v: Value = serde_json::from_str(&out).unwrap();
    let q = &v["questions"][0];
    assert!(q["n_scored"].as_u64().unwrap() > 1000 && q["item_rest_r"].is_number());
    assert!(q["validity_r"].is_null() && q["decision_auc"].is_null() && v["outcome"].is_null());
}
