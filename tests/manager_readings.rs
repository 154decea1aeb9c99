//! What a manager knows, written as they know it (issue 24, item 4): each reading of an
//! entry a manager makes is checked through the program, as `carecheck check` reads it.

use std::process::Command;

use serde_json::Value;

/// `carecheck check` on a self-assessment given as text, its JSON report's one file.
fn check(yaml: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agency.yaml");
    std::fs::write(&path, yaml).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(["check", path.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["files"][0].clone()
}

fn outcome<'a>(file: &'a Value, standard: &str) -> Vec<&'a str> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["standard"] == standard)
        .filter_map(|f| f["outcome"].as_str())
        .collect()
}

fn fostering(notification: &str) -> String {
    format!(
        "schema_version: 1
assessment: {{as_of: 2026-09-30, period: {{start: 2026-04-01, end: 2026-09-30}}}}
provider: {{kind: fostering_service, name: Agency, registration: {{urn: SC1}}}}
children: [{{ref: C-01}}]
incidents:
  notifications:
    - {{child: C-01, type: serious_police_incident, {notification}}}
"
    )
}

#[test]
fn a_day_where_a_time_is_asked_for_is_read_as_that_whole_day() {
    // told the next day: within 24 hours of some time on the day of the event
    let f = check(&fostering(
        "occurred_at: 2026-07-02, notified_ofsted_at: 2026-07-03, notified_placing_la_at: 2026-07-03",
    ));
    assert!(f["errors"].as_array().unwrap().is_empty(), "{}", f["errors"]);
    assert_eq!(outcome(&f, "LR-027"), Vec::<&str>::new(), "a pass is not a finding");
    // told two days later: late
    let f = check(&fostering(
        "occurred_at: 2026-07-02, notified_ofsted_at: 2026-07-04, notified_placing_la_at: 2026-07-04",
    ));
    assert!(f["errors"].as_array().unwrap().is_empty(), "{}", f["errors"]);
    assert_eq!(outcome(&f, "LR-027"), vec!["fail"]);
    // the event's time known, the notice's day only: the day after at most is in time
    let f = check(&fostering(
        "occurred_at: 2026-07-02 23:00, notified_ofsted_at: 2026-07-03, notified_placing_la_at: 2026-07-03",
    ));
    assert_eq!(outcome(&f, "LR-027"), Vec::<&str>::new());
}

#[test]
fn a_number_with_another_unit_is_told_what_the_field_measures() {
    let f = check(
        "schema_version: 1
assessment: {as_of: 2026-09-30, period: {start: 2026-04-01, end: 2026-09-30}}
provider: {kind: fostering_service, name: Agency, registration: {urn: SC1}}
children: [{ref: C-01, placement: {travel_minutes_to_home: 45 miles}, health: {sdq_date: 2 July 2026}}]
",
    );
    let helps: Vec<&str> = f["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["help"].as_str())
        .collect();
    assert!(
        helps.iter().any(|h| h.contains("travel time in minutes, not miles")),
        "{helps:#?}"
    );
    assert!(
        helps.iter().any(|h| h.contains("did you mean 2026-07-02?")),
        "{helps:#?}"
    );
}

#[test]
fn write_it_like_this_shows_a_list_in_brackets() {
    let f = check(
        "schema_version: 1
assessment: {as_of: 2026-09-30, period: {start: 2026-04-01, end: 2026-09-30}}
provider: {kind: fostering_service, name: Agency, registration: {urn: SC1}}
children: [{ref: C-01, education: {pep_reviews: [12/04/2026]}}]
",
    );
    let helps: Vec<&str> = f["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["help"].as_str())
        .collect();
    assert!(
        helps.iter().any(|h| h.contains("`pep_reviews: [2026-05-14]`")),
        "{helps:#?}"
    );
    assert!(
        helps.iter().any(|h| h.contains("did you mean 2026-04-12?")),
        "{helps:#?}"
    );
}

/// A help text that names a setting gives its value, the one this run uses: "in the last 12
/// months", never "in the last dental check months months" (the cross-cutting reader's probe),
/// and a stricter value given with `--param` is the one said.
#[test]
fn help_gives_a_settings_value_not_its_name() {
    let help = |extra: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("home.yaml");
        std::fs::write(
            &path,
            "schema_version: 1
assessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}
provider: {kind: childrens_home, name: Home, registration: {urn: SC1}}
children:
  - {ref: C-01, age_years: 14, health: {last_dental_check: 2024-01-01}}
",
        )
        .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
            .args([
                "check",
                path.to_str().unwrap(),
                "--format",
                "json",
                "--select",
                "DEV-010",
            ])
            .args(extra)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["files"][0]["findings"][0]["help"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let default = help(&[]);
    assert!(default.contains("in the last 12 months"), "{default}");
    assert!(!default.contains("dental_check_months"), "{default}");
    let stricter = help(&["--param", "dental_check_months=6"]);
    assert!(stricter.contains("in the last 6 months"), "{stricter}");
}
