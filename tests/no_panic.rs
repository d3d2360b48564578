//! Property tests: no input, however malformed, makes ingest panic.

use hirecal::analysis::questions::analyse;
use hirecal::analysis::validity::ValidityOptions;
use hirecal::config::Config;
use hirecal::ingest::{load, Inputs, LoadOptions};
use proptest::prelude::*;

fn load_bytes(sc: &[u8], oc: Option<&[u8]>) {
    let dir = tempfile::tempdir().unwrap();
    let scp = dir.path().join("scorecards.csv");
    std::fs::write(&scp, sc).unwrap();
    let mut inputs = Inputs { scorecards: scp, outcomes: vec![], questions: None };
    if let Some(o) = oc {
        let op = dir.path().join("outcomes.csv");
        std::fs::write(&op, o).unwrap();
        inputs.outcomes.push(op);
    }
    // Any result is fine; a panic fails the test. What loads is analysed too.
    if let Ok((ds, _)) = load(&inputs, &Config::default(), &LoadOptions::default()) {
        let opts = ValidityOptions {
            confidence: 0.95,
            bootstrap: 20,
            seed: 1,
            correct_selection: true,
            outcome_reliability: None,
            min_n: 2,
            progress: Default::default(),
        };
        let _ = analyse(&ds, None, &opts);
    }
    let _ = load(&inputs, &Config::default(), &LoadOptions::strict());
}

/// CSV-ish text from a small alphabet, so the generator reaches the interesting paths.
fn csvish() -> impl Strategy<Value = String> {
    let header = prop_oneof![
        Just(
            "candidate_id,interviewer_id,question_id,score,interview_date,recommendation,scorecard_id\n"
                .to_string()
        ),
        Just("candidate_id,interviewer_id,question_id,score\n".to_string()),
        "[a-z_,]{0,40}\n",
    ];
    let cell = prop_oneof![
        Just(String::new()),
        Just("c1".to_string()),
        Just("i1".to_string()),
        Just("q1".to_string()),
        Just("3".to_string()),
        Just("strong_yes".to_string()),
        Just("no_decision".to_string()),
        Just("2025-02-30".to_string()),
        Just("2025-01-01T10:00:00Z".to_string()),
        Just("\"a,\"\"b\"".to_string()),
        Just("-1e308".to_string()),
        Just("NaN".to_string()),
        "[ -~]{0,6}",
    ];
    let row = prop::collection::vec(cell, 0..9).prop_map(|v| v.join(","));
    (header, prop::collection::vec(row, 0..25)).prop_map(|(h, rows)| format!("{h}{}", rows.join("\n")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        load_bytes(&bytes, None);
    }

    #[test]
    fn csv_like_text_never_panics(sc in csvish(), oc in csvish()) {
        let oc = oc.replacen("question_id", "hired", 1);
        load_bytes(sc.as_bytes(), Some(oc.as_bytes()));
    }
}
