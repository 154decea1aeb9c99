//! Everything in one run (issue 24, item 3): a first draft with the YAML slips managers
//! make is reported whole in its first run, each slip once, and the rest of it is judged.

use std::process::Command;

use serde_json::Value;

const DRAFT: &str = "schema_version: 1
assessment:
  as_of: 2026-09-30
  period: {start: 2026-04-01, end: 2026-09-30}
provider:
\tkind: fostering_service
  name: Agency
  registration: {urn: SC1}
workforce:
  staff: null   # one entry each
  - ref: S-01
    care_role_start: 2026-09-23
    dbs: {level: enhanced_with_barred_list, date: not_done}
children:
  - ref: C-01
    age_years:12
    education: {pep_reviews: [2026-01-10, 2026-04-12}
    placement:
      start: 2026-05-01
      out_of_area_reason: family: near gran
";

#[test]
fn every_yaml_slip_is_reported_once_and_the_rest_is_judged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agency.yaml");
    std::fs::write(&path, DRAFT).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(["check", path.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["files"][0];
    let errors: Vec<&str> = f["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["message"].as_str())
        .collect();
    for (slip, line) in [
        ("indented with a tab", 6),
        ("`staff:` has a value (`null`) and a list under it", 10),
        ("no space after the colon", 16),
        ("never closed", 17),
        ("contains \": \"", 20),
    ] {
        let hits: Vec<&&str> = errors.iter().filter(|e| e.contains(slip)).collect();
        assert_eq!(hits.len(), 1, "{slip}: {errors:#?}");
        assert!(hits[0].contains(&format!("line {line}")), "{slip}: {}", hits[0]);
    }
    // the rest is read and judged: S-01 started before a DBS check (LR-013)
    let findings = f["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|x| x["standard"] == "LR-013" && x["outcome"] == "fail"),
        "{findings:#?}"
    );
    assert_eq!(
        f["status"], "invalid",
        "a file with slips does not count until they are fixed"
    );
}

#[test]
fn an_unreadable_as_of_date_is_said_first_with_why_nothing_was_judged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agency.yaml");
    std::fs::write(
        &path,
        "schema_version: 1\nassessment: {as_of: 30 September 2026, period: {start: 2026-04-01, end: 2026-09-30}}\nprovider: {kind: fostering_service, name: A, registration: {urn: SC1}}\nchildren: [{ref: C-01, age_years: twelve}]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(["check", path.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = v["files"][0]["errors"].as_array().unwrap();
    let first = errors[0]["message"].as_str().unwrap();
    assert!(
        first.starts_with("nothing could be judged until assessment.as_of is fixed")
            && first.contains("tally is empty"),
        "{first}"
    );
    // and the date itself, with the exact reading of what was written
    assert!(
        errors.iter().any(|e| e["help"]
            .as_str()
            .is_some_and(|h| h.contains("did you mean 2026-09-30?"))),
        "{errors:#?}"
    );
    // the other slips are still listed in the same run
    assert!(errors
        .iter()
        .any(|e| e["message"].as_str().is_some_and(|m| m.contains("age_years"))));
}
