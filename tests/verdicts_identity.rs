//! Verdicts and identity (correctness audit v3, issue 23): findings and providers are
//! identified exactly across runs (`--baseline`, `compare`), periodic duties judge only the
//! months a duty ran in, `not_done` never does better than nothing, and the gates and
//! built-in findings say what is true.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const HEAD: &str = "schema_version: 1\nassessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}\n";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_carecheck"))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().expect("the binary runs")
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

/// The findings of `standard` in every file of a JSON report, as (path, baseline state).
fn states(v: &Value, standard: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in v["files"].as_array().unwrap() {
        for x in f["findings"].as_array().unwrap() {
            if x["standard"] == standard {
                out.push((
                    f["path"].as_str().unwrap().to_string(),
                    x["baseline"].as_str().unwrap_or("").to_string(),
                ));
            }
        }
    }
    out
}

fn resolved(v: &Value) -> usize {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resolved"].as_array().map_or(0, Vec::len))
        .sum()
}

/// A children's home with `n` identical sanctions of one child, each recorded late: `n`
/// findings of one standard that look alike in every respect but their place.
fn incidents(n: usize) -> String {
    let mut s = format!(
        "{HEAD}provider: {{kind: childrens_home, registration: {{urn: SC000778, status: registered}}}}\nchildren: [{{ref: C-1, age_years: 12}}]\nincidents:\n  sanctions:\n"
    );
    for _ in 0..n {
        s.push_str("    - {child: C-1, date: 2026-03-01, type: extra_chores, recorded_on: 2026-03-09, reviewed_on: 2026-03-01}\n");
    }
    if n == 0 {
        s.push_str("    []\n");
    }
    s
}

#[test]
fn look_alike_findings_each_have_their_own_fingerprint_and_are_counted() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "home.yaml", &incidents(1));
    let o = run(
        d.path(),
        &[
            "check",
            "home.yaml",
            "--select",
            "LR-022",
            "-f",
            "json:b1.json",
            "-f",
            "none",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    // one more identical late sanction: one new finding, and --fail-on-new trips
    write(d.path(), "home.yaml", &incidents(2));
    let o = run(
        d.path(),
        &[
            "check",
            "home.yaml",
            "--select",
            "LR-022",
            "--baseline",
            "b1.json",
            "--fail-on-new",
            "-f",
            "json",
        ],
    );
    let v = json(&o);
    let s = states(&v, "LR-022");
    assert_eq!(s.len(), 2, "{v}");
    assert_eq!(s.iter().filter(|(_, x)| x == "new").count(), 1, "{s:?}");
    assert_eq!(
        o.status.code(),
        Some(1),
        "a new breach of the law must trip --fail-on-new"
    );
    let fps: Vec<&str> = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_ne!(fps[0], fps[1], "two findings, two fingerprints");
    // and three before, one now: two resolved, one persisting
    write(d.path(), "home.yaml", &incidents(3));
    run(
        d.path(),
        &[
            "check",
            "home.yaml",
            "--select",
            "LR-022",
            "-f",
            "json:b3.json",
            "-f",
            "none",
        ],
    );
    write(d.path(), "home.yaml", &incidents(1));
    let v = json(&run(
        d.path(),
        &[
            "check",
            "home.yaml",
            "--select",
            "LR-022",
            "--baseline",
            "b3.json",
            "-f",
            "json",
        ],
    ));
    assert_eq!(
        states(&v, "LR-022"),
        vec![("home.yaml".to_string(), "persisting".to_string())]
    );
    assert_eq!(resolved(&v), 2, "{v}");
}

#[test]
fn look_alike_findings_survive_moved_lines() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "home.yaml", &incidents(2));
    run(
        d.path(),
        &[
            "check",
            "home.yaml",
            "--select",
            "LR-022",
            "-f",
            "json:b.json",
            "-f",
            "none",
        ],
    );
    // comments above, the same records: nothing new, nothing resolved
    let moved = incidents(2).replacen("schema_version", "# moved\n# down\nschema_version", 1);
    write(d.path(), "home.yaml", &moved);
    let v = json(&run(
        d.path(),
        &[
            "check",
            "home.yaml",
            "--select",
            "LR-022",
            "--baseline",
            "b.json",
            "-f",
            "json",
        ],
    ));
    let s = states(&v, "LR-022");
    assert!(s.iter().all(|(_, x)| x == "persisting") && s.len() == 2, "{s:?}");
    assert_eq!(resolved(&v), 0);
}

fn fostering(urn: &str, refs: &[&str]) -> String {
    let mut s = format!(
        "{HEAD}provider: {{kind: fostering_service, registration: {{urn: {urn}, status: registered}}}}\nfoster_carer_households:\n"
    );
    for r in refs {
        s.push_str(&format!("  - {{ref: {r}, unannounced_visits: []}}\n"));
    }
    s
}

#[test]
fn two_files_with_one_urn_in_a_baseline_are_two_providers() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "in/a.yaml", &fostering("SC000999", &["FC-1"]));
    write(d.path(), "in/b.yaml", &fostering("SC000999", &["FC-2"]));
    let o = run(
        d.path(),
        &[
            "check",
            "in",
            "--select",
            "REL-012",
            "-f",
            "json:base.json",
            "-f",
            "none",
        ],
    );
    assert!(o.status.code().is_some());
    // unchanged files: nothing new, nothing resolved
    let o = run(
        d.path(),
        &[
            "check",
            "in",
            "--select",
            "REL-012",
            "--baseline",
            "base.json",
            "-f",
            "json",
        ],
    );
    let v = json(&o);
    let s = states(&v, "REL-012");
    assert_eq!(s.len(), 2);
    assert!(s.iter().all(|(_, x)| x == "persisting"), "{s:?}");
    assert_eq!(resolved(&v), 0, "{v}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("URN SC000999"),
        "the shared URN is named: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    // a finding new to a.yaml that b.yaml already had is new
    write(d.path(), "in/a.yaml", &fostering("SC000999", &["FC-1", "FC-2"]));
    let v = json(&run(
        d.path(),
        &[
            "check",
            "in",
            "--select",
            "REL-012",
            "--baseline",
            "base.json",
            "-f",
            "json",
        ],
    ));
    let s = states(&v, "REL-012");
    assert_eq!(
        s.iter().filter(|(p, x)| p.ends_with("a.yaml") && x == "new").count(),
        1,
        "{s:?}"
    );
    assert_eq!(resolved(&v), 0, "{v}");
}

#[test]
fn a_baseline_file_still_in_the_run_is_not_lent_to_another_with_its_urn() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "in/a.yaml", &fostering("SC000321", &["FC-1"]));
    run(
        d.path(),
        &[
            "check",
            "in",
            "--select",
            "REL-012",
            "-f",
            "json:base.json",
            "-f",
            "none",
        ],
    );
    // a second file with the same URN appears: its finding is new, a.yaml's persists
    write(d.path(), "in/b.yaml", &fostering("SC000321", &["FC-1"]));
    let v = json(&run(
        d.path(),
        &[
            "check",
            "in",
            "--select",
            "REL-012",
            "--baseline",
            "base.json",
            "-f",
            "json",
        ],
    ));
    let mut s = states(&v, "REL-012");
    s.sort();
    assert_eq!(
        s,
        vec![
            ("in/a.yaml".to_string(), "persisting".to_string()),
            ("in/b.yaml".to_string(), "new".to_string())
        ]
    );
}

const FORMATS: [&str; 4] = ["human", "markdown", "json", "html"];

fn compare_all(d: &Path, old: &str, new: &str) -> Vec<(i32, String)> {
    FORMATS
        .iter()
        .map(|f| {
            let o = run(d, &["compare", old, new, "--format", f]);
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            // the page's style sheet names every verdict: read only what follows it
            let body = text.rsplit("</style>").next().unwrap_or("").to_string();
            (o.status.code().unwrap_or(-1), body)
        })
        .collect()
}

#[test]
fn compare_never_pairs_two_urns_even_one_file_each() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "old/x.yaml", &fostering("SC111111", &["FC-1"]));
    write(d.path(), "new/y.yaml", &fostering("SC222222", &[]));
    for (f, (code, out)) in FORMATS.iter().zip(compare_all(d.path(), "old", "new")) {
        assert_eq!(code, 0, "{f}");
        assert!(!out.contains("better"), "{f}: two providers compared as one:\n{out}");
        assert!(
            out.contains("SC222222, not SC111111"),
            "{f} says what it could not pair:\n{out}"
        );
        assert!(
            out.to_lowercase().contains("could not pair") || out.contains("\"unpaired\": [\n    \"old/x.yaml"),
            "{f}:\n{out}"
        );
    }
    // the same with files named on the command line
    let o = run(d.path(), &["compare", "old/x.yaml", "new/y.yaml", "--format", "json"]);
    let v = json(&o);
    assert_eq!(v["unpaired"].as_array().map(Vec::len), Some(2), "{v}");
}

#[test]
fn compare_does_not_guess_between_files_sharing_a_urn() {
    let d = tempfile::tempdir().unwrap();
    let one = fostering("SC000999", &["FC-1"]);
    let two = fostering("SC000999", &["FC-2", "FC-3"]);
    // the same two files, their names swapped: nothing changed
    write(d.path(), "old/a.yaml", &one);
    write(d.path(), "old/b.yaml", &two);
    write(d.path(), "new/a.yaml", &two);
    write(d.path(), "new/b.yaml", &one);
    for (f, (code, out)) in FORMATS.iter().zip(compare_all(d.path(), "old", "new")) {
        assert_eq!(code, 0, "{f}: no new finding appeared:\n{out}");
        assert!(!out.contains("worse") && !out.contains("better"), "{f}:\n{out}");
        assert!(out.contains("URN SC000999 is on 2 file(s)"), "{f}:\n{out}");
    }
    // a URN on one file each side still pairs, whatever the names
    write(d.path(), "old2/p.yaml", &fostering("SC000123", &["FC-1"]));
    write(d.path(), "new2/q.yaml", &fostering("SC000123", &[]));
    write(d.path(), "old2/r.yaml", &fostering("SC000124", &["FC-1"]));
    write(d.path(), "new2/r.yaml", &fostering("SC000124", &["FC-1"]));
    let v = json(&run(d.path(), &["compare", "old2", "new2", "--format", "json"]));
    assert_eq!(v["totals"]["better"], 1, "{v}");
    assert_eq!(v["totals"]["unchanged"], 1, "{v}");
    assert_eq!(v["unpaired"].as_array().map(Vec::len), Some(0), "{v}");
}

/// A file checked with only `select`, as JSON: the outcomes of `standard`'s findings.
fn outcomes(text: &str, select: &str) -> (Vec<String>, Value) {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "f.yaml", text);
    let v = json(&run(d.path(), &["check", "f.yaml", "--select", select, "-f", "json"]));
    let o = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["standard"] == select)
        .map(|f| f["outcome"].as_str().unwrap_or("?").to_string())
        .collect();
    (o, v)
}

#[test]
fn the_monthly_visit_duty_runs_from_registration_and_whole_months() {
    // registered on 20 March: no breach for January, February or March
    let (o, v) = outcomes(
        "schema_version: 1\nassessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}\nprovider: {kind: childrens_home, registration: {urn: SC000001, status: registered, date: 2026-03-20}}\noversight:\n  reg44:\n    visits: [{date: 2026-03-25}, {date: 2026-04-10}, {date: 2026-05-10}, {date: 2026-06-10}]\n",
        "VOICE-001",
    );
    assert!(o.is_empty(), "{v}");
    // the period starts on 15 January: January is a part-month, and a visit on 10 January,
    // before the period, does not stand for February
    let part = |visits: &str| {
        format!("schema_version: 1\nassessment: {{as_of: 2026-06-30, period: {{start: 2026-01-15, end: 2026-06-30}}}}\nprovider: {{kind: childrens_home}}\noversight:\n  reg44:\n    visits: [{visits}]\n")
    };
    let (o, v) = outcomes(
        &part("{date: 2026-02-10}, {date: 2026-03-10}, {date: 2026-04-10}, {date: 2026-05-10}, {date: 2026-06-10}"),
        "VOICE-001",
    );
    assert!(o.is_empty(), "{v}");
    let (o, v) = outcomes(
        &part("{date: 2026-01-10}, {date: 2026-03-10}, {date: 2026-04-10}, {date: 2026-05-10}, {date: 2026-06-10}"),
        "VOICE-001",
    );
    assert_eq!(o, ["fail"], "{v}");
    assert!(v.to_string().contains("no date in 2026-02"), "{v}");
}

#[test]
fn not_done_in_a_visit_list_fails_as_an_empty_list_does() {
    let homes = |visits: &str| {
        format!("{HEAD}provider: {{kind: fostering_service}}\nfoster_carer_households:\n  - {{ref: FC-1, unannounced_visits: [{visits}]}}\n")
    };
    let (empty, _) = outcomes(&homes(""), "REL-012");
    assert_eq!(empty, ["fail"]);
    for visits in ["not_done", "2025-01-01, not_done", "not_done, not_done"] {
        let (o, v) = outcomes(&homes(visits), "REL-012");
        assert_eq!(o, empty, "[{visits}]: {v}");
    }
}

/// Every exception finding of a file: (code, message).
fn exception_findings(v: &Value) -> Vec<(String, String)> {
    v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["standard"].as_str().is_some_and(|s| s.starts_with("exception-")))
        .map(|f| {
            (
                f["standard"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn an_exception_never_says_its_standard_did_not_fail_when_it_did() {
    let file = |exceptions: &str| {
        format!("schema_version: 1\nassessment: {{as_of: 2026-06-30}}\nprovider: {{kind: childrens_home}}\nchildren:\n  - {{ref: C-1, age_years: 15, health: {{sdq_date: 2024-01-01}}}}\n  - {{ref: C-2, age_years: 15, health: {{sdq_date: 2024-01-01}}}}\n  - {{ref: C-3, age_years: 15, health: {{sdq_date: 2026-05-01}}}}\nexceptions:\n{exceptions}")
    };
    let ok = "reason: booked, approved_by_role: registered_manager, approved_on: 2026-01-01, expires_on: 2026-08-30";
    let cases = [
        // blank words are no reason and no approver
        (
            "  - {standard: DEV-004, child: C-1, reason: \"   \", approved_by_role: registered_manager, approved_on: 2026-06-01, expires_on: 2026-07-31}\n".to_string(),
            "exception-incomplete",
            "lacks reason",
        ),
        (
            "  - {standard: DEV-004, child: C-1, reason: \"\", approved_by_role: registered_manager, approved_on: 2026-06-01, expires_on: 2026-07-31}\n".to_string(),
            "exception-incomplete",
            "lacks reason",
        ),
        (
            "  - {standard: DEV-004, child: C-2, reason: booked, approved_by_role: \" \", approved_on: 2026-06-01, expires_on: 2026-07-31}\n".to_string(),
            "exception-incomplete",
            "lacks approved_by_role",
        ),
        // the same exception twice: the second covers a fail the first already waived
        (
            format!("  - {{standard: DEV-004, child: C-1, {ok}}}\n  - {{standard: DEV-004, child: C-1, {ok}}}\n"),
            "exception-unused",
            "already covers it",
        ),
        // one for every child, then one for C-2: C-2's fail is the first's
        (
            format!("  - {{standard: DEV-004, {ok}}}\n  - {{standard: DEV-004, child: C-2, {ok}}}\n"),
            "exception-unused",
            "already covers it",
        ),
        // expiring before its approval is malformed, not expired
        (
            "  - {standard: DEV-004, child: C-1, reason: booked, approved_by_role: registered_manager, approved_on: 2026-06-01, expires_on: 2026-05-01}\n".to_string(),
            "exception-incomplete",
            "before it was approved",
        ),
        // a child the standard did not fail for: says so without denying the fail
        (
            format!("  - {{standard: DEV-004, child: C-3, {ok}}}\n"),
            "exception-unused",
            "failed, but not for child C-3",
        ),
    ];
    for (exc, code, words) in cases {
        let (o, v) = outcomes(&file(&exc), "DEV-004");
        assert!(o.iter().any(|x| x == "fail" || x == "waived"), "{}", v["files"][0]);
        let found = exception_findings(&v);
        assert!(
            found.iter().all(|(_, m)| !m.contains("did not fail")),
            "{exc}: {found:?}"
        );
        assert!(
            found.iter().any(|(c, m)| c == code && m.contains(words)),
            "{exc}: {found:?}"
        );
    }
    // and when it truly did not fail, it says so
    let passing = file(&format!("  - {{standard: DEV-004, child: C-1, {ok}}}\n")).replace("2024-01-01", "2026-05-01");
    let (_, v) = outcomes(&passing, "DEV-004");
    assert!(
        exception_findings(&v).iter().any(|(_, m)| m.contains("did not fail")),
        "{}",
        v["files"][0]
    );
}

#[test]
fn the_completeness_gate_does_not_pass_a_file_nothing_applies_to() {
    let d = tempfile::tempdir().unwrap();
    for (name, kind, select) in [
        ("f.yaml", "fostering_service", "LR-016"),
        ("s.yaml", "supported_accommodation", "VOICE-001"),
    ] {
        write(d.path(), name, &format!("{HEAD}provider: {{kind: {kind}}}\n"));
        let o = run(
            d.path(),
            &[
                "check",
                name,
                "--select",
                select,
                "--min-completeness",
                "80",
                "-f",
                "json",
            ],
        );
        let v = json(&o);
        let f = &v["files"][0]["findings"];
        assert!(
            f.as_array().unwrap().iter().any(|x| x["standard"] == "incomplete"),
            "{name}: {f}"
        );
        assert_eq!(o.status.code(), Some(1), "{name}");
        // without the gate, nothing is said
        let o = run(d.path(), &["check", name, "--select", select, "-f", "json"]);
        assert_eq!(o.status.code(), Some(0), "{name}");
    }
}

#[test]
fn a_finding_about_an_empty_list_points_at_the_list() {
    for (select, list) in [
        ("VOICE-004", "oversight:\n  reg45:\n    reviews: []\n"),
        ("VOICE-001", "oversight:\n  reg44:\n    visits: []\n"),
    ] {
        let text = format!(
            "schema_version: 1\nassessment: {{as_of: 2026-06-30, period: {{start: 2025-01-01, end: 2026-06-30}}}}\nprovider: {{kind: childrens_home}}\n{list}"
        );
        let (o, v) = outcomes(&text, select);
        assert_eq!(o, ["fail"], "{select}");
        let f = v["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["standard"] == select)
            .unwrap()
            .clone();
        // at the list's key, where `reviews: []` stands
        assert_eq!(
            (f["line"].as_u64(), f["column"].as_u64()),
            (Some(6), Some(5)),
            "{select}: {f}"
        );
    }
}

#[test]
fn compare_does_not_guess_between_files_without_a_urn_sharing_a_name() {
    let d = tempfile::tempdir().unwrap();
    let one = fostering("X", &["FC-1"]).replace("registration: {urn: X, status: registered}", "name: One");
    let two = fostering("X", &["FC-2", "FC-3"]).replace("registration: {urn: X, status: registered}", "name: Two");
    // two providers without a URN, each in its own folder under one name, moved between
    // folders: nothing changed
    write(d.path(), "old/north/home.yaml", &one);
    write(d.path(), "old/south/home.yaml", &two);
    write(d.path(), "new/north/home.yaml", &two);
    write(d.path(), "new/south/home.yaml", &one);
    let o = run(d.path(), &["compare", "old", "new", "--format", "json"]);
    let v = json(&o);
    assert_eq!(o.status.code(), Some(0), "{v}");
    assert_eq!(v["totals"]["could not be paired"], 4, "{v}");
    assert!(
        v["totals"].get("worse").is_none() && v["totals"].get("better").is_none(),
        "{v}"
    );
}

#[test]
fn compare_counts_look_alike_findings() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "old.yaml", &incidents(2));
    write(d.path(), "new.yaml", &incidents(3));
    let v = json(&run(d.path(), &["compare", "old.yaml", "new.yaml", "--format", "json"]));
    let tests = v["pairs"][0]["tests"].as_array().unwrap();
    let n = |k: &str| tests.iter().map(|t| t[k].as_array().map_or(0, Vec::len)).sum::<usize>();
    assert_eq!((n("new"), n("still_open"), n("fixed")), (1, 2, 0), "{v}");
    let v = json(&run(d.path(), &["compare", "new.yaml", "old.yaml", "--format", "json"]));
    let tests = v["pairs"][0]["tests"].as_array().unwrap();
    let n = |k: &str| tests.iter().map(|t| t[k].as_array().map_or(0, Vec::len)).sum::<usize>();
    assert_eq!((n("new"), n("still_open"), n("fixed")), (0, 2, 1), "{v}");
}

#[test]
fn a_baseline_of_an_earlier_version_with_look_alike_fingerprints_still_matches() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "home.yaml", &incidents(2));
    run(
        d.path(),
        &[
            "check",
            "home.yaml",
            "--select",
            "LR-022",
            "-f",
            "json:b.json",
            "-f",
            "none",
        ],
    );
    // as an earlier version wrote it: both findings with the first's fingerprint
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(d.path().join("b.json")).unwrap()).unwrap();
    let first = v["files"][0]["findings"][0]["fingerprint"].clone();
    v["files"][0]["findings"][1]["fingerprint"] = first;
    std::fs::write(d.path().join("b.json"), v.to_string()).unwrap();
    let v = json(&run(
        d.path(),
        &[
            "check",
            "home.yaml",
            "--select",
            "LR-022",
            "--baseline",
            "b.json",
            "-f",
            "json",
        ],
    ));
    let s = states(&v, "LR-022");
    assert!(s.len() == 2 && s.iter().all(|(_, x)| x == "persisting"), "{s:?}");
    assert_eq!(resolved(&v), 0);
}
