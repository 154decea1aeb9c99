//! Invariants of the shipped standards set (issue 3's "done means").

use std::collections::BTreeSet;
use std::process::Command;

use carecheck::finding::Severity;
use carecheck::standards::{self, TEST_IDS};

#[test]
fn size_coverage_and_honest_severity() {
    let set = standards::load(&standards::embedded_files(), "standards", &Vec::new()).unwrap();
    assert!(set.standards.len() >= 60, "{}", set.standards.len());
    for t in TEST_IDS {
        let n = set.standards.iter().filter(|s| s.test == *t).count();
        assert!(n >= 5, "{t}: {n} standards");
    }
    for s in &set.standards {
        if s.severity == Severity::Error {
            assert!(
                s.status == "law" && s.duty_holder != "placing_authority",
                "{} is an error but {} on {}",
                s.id,
                s.status,
                s.duty_holder
            );
        }
        assert!(
            !s.citation.instrument.is_empty() && !s.citation.provision.is_empty(),
            "{}",
            s.id
        );
        assert!(["verified", "secondary", "unverified"].contains(&s.confidence.as_str()));
    }
    // every vague term is a parameter with a default and a reason
    for (name, p) in &set.params {
        assert!(p.doc.len() > 40, "parameter {name} needs its reason");
    }
    for name in [
        "notify_without_delay_hours",
        "reg44_month_semantics",
        "review_travel_minutes_max",
    ] {
        assert!(set.params.contains_key(name), "{name}");
    }
}

#[test]
fn the_examples_fail_under_all_seven_tests() {
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(["check", "examples/", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tests: BTreeSet<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().clone())
        .filter(|x| x["outcome"] == "fail")
        .filter_map(|x| x["test"].as_str().map(str::to_string))
        .collect();
    for t in TEST_IDS {
        assert!(tests.contains(*t), "no failing finding under {t}");
    }
}
