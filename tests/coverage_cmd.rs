//! `carecheck coverage --format json`: the shape scripts rely on, and counts that agree with
//! the groups they sum (so a dashboard built on the counts shows what the table lists).

use std::process::Command;

use serde_json::Value;

fn coverage_json(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .arg("coverage")
        .args(args)
        .args(["--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("the output is JSON")
}

const DECISIONS: [&str; 4] = ["checked", "planned", "not_checkable", "out_of_scope"];

fn total(counts: &Value) -> u64 {
    DECISIONS.iter().map(|d| counts[d].as_u64().expect("a count")).sum()
}

#[test]
fn by_instrument_every_entry_whole_and_the_counts_add_up() {
    let v = coverage_json(&[]);
    assert_eq!(v["by"], "instrument");
    assert_eq!(v["filters"]["kinds"], serde_json::json!([]));
    let groups = v["groups"].as_array().expect("groups");
    let ids: Vec<&str> = groups.iter().map(|g| g["instrument"].as_str().unwrap_or("")).collect();
    for id in ["CHR2015", "FSR2011", "SAR2023", "SAR1991", "CPPCR2010"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let mut provisions = 0;
    for g in groups {
        let ps = g["provisions"].as_array().expect("provisions");
        provisions += ps.len() as u64;
        assert_eq!(total(&g["counts"]), ps.len() as u64, "{}", g["instrument"]);
        for p in ps {
            for key in [
                "provision",
                "title",
                "duty",
                "binds",
                "decision",
                "standards",
                "text",
                "exceptions",
            ] {
                assert!(p.get(key).is_some(), "{key} missing in {p}");
            }
            let decision = p["decision"].as_str().expect("a decision");
            assert!(DECISIONS.contains(&decision), "{decision}");
            if decision == "checked" {
                assert!(!p["standards"].as_array().expect("a list").is_empty(), "{p}");
            } else {
                assert!(p["reason"].is_string(), "a {decision} entry without its reason: {p}");
            }
        }
    }
    assert_eq!(total(&v["counts"]["total"]), provisions);
    assert_eq!(v["counts"]["by_kind"].as_array().map(Vec::len), Some(4));
}

#[test]
fn by_kind_with_filters_lists_only_what_was_asked() {
    let v = coverage_json(&["--by", "kind", "--kind", "fostering_service", "--decision", "planned"]);
    assert_eq!(v["by"], "kind");
    assert_eq!(v["filters"]["kinds"], serde_json::json!(["fostering_service"]));
    assert_eq!(v["filters"]["decisions"], serde_json::json!(["planned"]));
    let groups = v["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["kind"], "fostering_service");
    let ps = groups[0]["provisions"].as_array().expect("provisions");
    assert!(!ps.is_empty());
    for p in ps {
        assert_eq!(p["decision"], "planned");
        assert!(p["binds"]
            .as_array()
            .expect("binds")
            .iter()
            .any(|k| k == "fostering_service"));
        assert!(p["instrument"].is_string(), "{p}");
    }
    assert_eq!(groups[0]["counts"]["planned"].as_u64(), Some(ps.len() as u64));
    assert_eq!(total(&groups[0]["counts"]), ps.len() as u64);
}

#[test]
fn by_test_names_each_standard_with_its_provisions() {
    let v = coverage_json(&["--by", "test"]);
    let groups = v["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 7, "one group per test");
    let standards: Vec<&Value> = groups
        .iter()
        .flat_map(|g| g["standards"].as_array().into_iter().flatten())
        .collect();
    // unfiltered, every standard of the set is listed, and each is in the map
    let list = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(["standards", "list", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    let set: Value = serde_json::from_slice(&list.stdout).expect("JSON");
    assert_eq!(
        standards.len(),
        set["standards"].as_array().map_or(0, Vec::len),
        "every standard once"
    );
    for s in standards {
        let named = s["provisions"].as_array().expect("provisions");
        assert!(!named.is_empty(), "{} is in no entry of the map", s["id"]);
        for n in named {
            assert!(n["instrument"].is_string() && n["provision"].is_string() && n["decision"].is_string());
        }
    }
}
