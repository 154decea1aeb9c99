//! Bounded on every input (the correctness audit's bugs 3, 4, 6, 8-11, 13-16): hostile
//! shapes are refused with a clear diagnostic rather than costing the batch, values keep
//! the characters they were written with, numbers cannot overflow, and the small ones.
//! Time and memory per byte are measured by `benches/hostile.py`, not here.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use serde_json::Value;

const HEAD: &str = "schema_version: 1\nassessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}\nprovider: {kind: childrens_home}\n";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_carecheck"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// Check one file's text; (exit code, JSON report of the file).
fn check(yaml: &str, extra: &[&str]) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sa.yaml");
    std::fs::write(&p, yaml).unwrap();
    let out = bin()
        .arg("check")
        .arg(&p)
        .args(["--format", "json", "--max-file-size", "8000000"])
        .args(extra)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), v["files"][0].clone())
}

fn load_error(file: &Value) -> String {
    file["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap_or("").to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn alias_bombs_are_refused_by_their_bytes() {
    // the audit's 14.5 KB file that took a gigabyte: 1,000 aliases of a 10 KB string, 100 times
    let big = format!(
        "{HEAD}s: &s \"{}\"\na: &a [{}]\nb: [{}]\n",
        "x".repeat(10_000),
        vec!["*s"; 1000].join(", "),
        vec!["*a"; 100].join(", ")
    );
    let (code, f) = check(&big, &[]);
    assert_eq!(code, 2);
    assert!(
        load_error(&f).contains("anchors and aliases would copy more than"),
        "{f}"
    );
    // sixty nested anchors around a long list, no alias at all
    let mut nested = format!("{HEAD}x: ");
    for i in 0..60 {
        nested.push_str(&format!("&a{i} ["));
    }
    nested.push_str(&vec!["x"; 30_000].join(","));
    nested.push_str(&"]".repeat(60));
    nested.push('\n');
    let (code, f) = check(&nested, &[]);
    assert_eq!(code, 2);
    assert!(
        load_error(&f).contains("anchors and aliases would copy more than"),
        "{f}"
    );
    // a few honest anchors still load
    let honest = format!("{HEAD}children:\n  - &c {{ref: C-1, age_years: 12}}\n");
    assert_eq!(check(&honest, &["--select", "CARE-002"]).0, 0);
}

#[test]
fn a_duplicate_key_in_a_wide_mapping_is_found() {
    let mut s = format!("{HEAD}extra:\n");
    for i in 0..50_000 {
        s.push_str(&format!("  k{i}: 1\n"));
    }
    s.push_str("  k17: 2\n");
    let (code, f) = check(&s, &[]);
    assert_eq!(code, 2);
    assert!(
        load_error(&f).contains("duplicate key `k17` (first given on line 22)"),
        "{f}"
    );
}

#[test]
fn thousands_of_unknown_refs_are_each_reported() {
    let mut s = format!("{HEAD}children:\n");
    for i in 0..3000 {
        s.push_str(&format!("  - {{ref: C-{i:08}}}\n"));
    }
    s.push_str("incidents:\n  sanctions:\n");
    for i in 0..3000 {
        s.push_str(&format!(
            "    - {{child: X-{i:08}-z, date: 2026-02-01, type: reparation}}\n"
        ));
    }
    let (code, f) = check(&s, &[]);
    assert_eq!(code, 2);
    let errors = f["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3000);
    // the listing of refs stays short however many there are
    assert!(
        errors.iter().all(|e| e["help"].as_str().unwrap_or("").len() < 200),
        "{}",
        errors[2999]
    );
}

#[test]
fn values_keep_the_characters_they_were_written_with() {
    let s = format!(
        "{HEAD}  registration: {{urn: 0123456}}\nchildren:\n  - {{ref: 0123, age_years: 007, care: {{provided: \"false\"}}}}\n  - {{ref: !!str 0456, age_years: '12'}}\n  - {{ref: ! 12}}\nincidents:\n  sanctions:\n    - {{child: 0123, date: 2026-02-01, type: reparation}}\n"
    )
    .replace("provider: {kind: childrens_home}\n  registration", "provider:\n  kind: childrens_home\n  registration");
    let (code, f) = check(&s, &["--select", "CARE-002,LR-007"]);
    assert!(f["errors"].as_array().unwrap().is_empty(), "{f}");
    assert_eq!(f["provider"]["urn"], "0123456");
    assert_ne!(code, 2);
    // the child written `0123` is the one the sanction names
    let (_, f) = check(&s, &["--select", "LR-022"]);
    let lr = f["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["standard"] == "LR-022")
        .cloned();
    assert_eq!(lr.unwrap()["child"], "0123");
}

#[test]
fn tags_merges_and_malformed_dates() {
    let tagged = format!("{HEAD}home: {{ref: !!null}}\n");
    assert!(check(&tagged, &[]).1["errors"].as_array().unwrap().is_empty());
    for (yaml, says) in [
        ("base: &b {ref: H-1}\nhome:\n  <<: *b\n", "merge keys"),
        ("home: {ref: !custom H-1}\n", "tag `!custom` is not supported"),
        ("home: {manager: {appointed: 2026-+2-03}}\n", "home.manager.appointed"),
        (
            "children: [{ref: C-1}]\nincidents: {restraint: [{child: C-1, occurred_at: \"2026-02-03T19:40:00Z+05:00\"}]}\n",
            "occurred_at",
        ),
    ] {
        let (code, f) = check(&format!("{HEAD}{yaml}"), &[]);
        assert_eq!(code, 2, "{yaml}");
        assert!(load_error(&f).contains(says), "{yaml}: {f}");
    }
}

#[test]
fn numbers_cannot_overflow() {
    let out = bin()
        .args([
            "check",
            "examples/oakwood-childrens-home.yaml",
            "--param",
            "notify_without_delay_hours=1e300",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("takes a number from 0 to"));
    // a standard's own amount out of range, and a word parameter used as an amount
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("standards");
    for entry in walk(&root) {
        let rel = entry.strip_prefix(&root).unwrap();
        let dest = dir.path().join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &dest).unwrap();
    }
    let lr3 = dir
        .path()
        .join("least-restrictive/LR-003-restraint-recorded-within-24-hours.toml");
    let t = std::fs::read_to_string(&lr3)
        .unwrap()
        .replace("hours = 24", "hours = 1e300");
    std::fs::write(&lr3, t).unwrap();
    let lr8 = dir
        .path()
        .join("least-restrictive/LR-008-serious-events-notified-to-ofsted.toml");
    let t = std::fs::read_to_string(&lr8).unwrap().replace(
        "{ param = \"without_delay_outer_limit_hours\" }",
        "{ param = \"reg44_month_semantics\" }",
    );
    std::fs::write(&lr8, t).unwrap();
    let out = bin()
        .args(["standards", "lint"])
        .arg(dir.path())
        .args(["--format", "github"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{s}");
    assert!(s.contains("LR-003") && s.contains("out of range"), "{s}");
    assert!(s.contains("LR-008") && s.contains("the parameter is a word"), "{s}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_personal_data_guard_sees_numbers_and_people() {
    let s = format!(
        "{HEAD}home:\n  manager: {{registered: true, name: Jane Smith, date_of_birth: 1980-01-01}}\noversight:\n  reg44: {{visitor: {{employed_by_provider: false, email: jd@example.org}}}}\nchildren:\n  - ref: 9434765919\n    siblings: {{in_care: 1, living_together: 0, separation_reason: 9434765919}}\n"
    );
    let (_, f) = check(&s, &["--select", "CARE-002"]);
    let fields: Vec<String> = f["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["standard"] == "personal-data")
        .map(|x| x["field"].as_str().unwrap().to_string())
        .collect();
    for want in [
        "home.manager.name",
        "home.manager.date_of_birth",
        "oversight.reg44.visitor.email",
        "children[0].ref",
        "children[0].siblings.separation_reason",
    ] {
        assert!(fields.iter().any(|f| f == want), "{want} not flagged: {fields:?}");
    }
    // a 10-digit number whose check digit is wrong is not an NHS number
    let (_, f) = check(
        &format!("{HEAD}children:\n  - {{ref: 9434765918}}\n"),
        &["--select", "CARE-002"],
    );
    assert!(f["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["standard"] != "personal-data"));
}

#[test]
fn standards_diff_reads_standard_input_once() {
    let mut child = bin()
        .args(["standards", "diff", "shipped", "shipped", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read("examples/oakwood-childrens-home.yaml").unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let out = child.wait_with_output().unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{s}");
    assert!(!s.contains("could not be checked"), "{s}");
}

#[test]
fn a_report_written_into_the_checked_folder_is_not_read_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("examples/oakwood-childrens-home.yaml", dir.path().join("a.yaml")).unwrap();
    let report = dir.path().join("report.yml");
    for _ in 0..2 {
        let out = bin()
            .arg("check")
            .arg(dir.path())
            .arg("--format")
            .arg(format!("json:{}", report.display()))
            .args(["--format", "concise"])
            .output()
            .unwrap();
        // the concise output's tally is on stderr
        let s = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{s}");
        assert!(s.contains("1 file checked"), "{s}");
    }
}

#[test]
fn a_reader_that_goes_away_early_is_not_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("examples/birchfield-childrens-home.yaml").unwrap();
    for i in 0..200 {
        std::fs::write(dir.path().join(format!("f{i:03}.yaml")), &text).unwrap();
    }
    // on one thread, and on several (where the workers must be told to stop)
    for jobs in ["1", "4"] {
        let mut child = bin()
            .arg("check")
            .arg(dir.path())
            .args(["--format", "concise", "--jobs", jobs])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 64];
        let mut so = child.stdout.take().unwrap();
        so.read_exact(&mut first).unwrap();
        drop(so);
        let status = child.wait().unwrap();
        // the run went on quietly to its real status: findings reached --fail-on
        assert_eq!(status.code(), Some(1), "--jobs {jobs}");
    }
}

#[test]
fn control_characters_from_a_file_cannot_forge_output() {
    let s = format!("{HEAD}children:\n  - {{ref: C-1, age_years: \"\\n/x.yaml:1:1: error FAKE \\u001b[31m\"}}\n");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sa.yaml");
    std::fs::write(&p, s).unwrap();
    let out = bin()
        .arg("check")
        .arg(&p)
        .args(["--format", "concise"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.lines().all(|l| !l.starts_with("/x.yaml")), "{text}");
}

/// Seconds to check one file's text, the least of three runs (the least is the run the
/// shared machine disturbed least).
fn seconds(yaml: &str) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sa.yaml");
    std::fs::write(&p, yaml).unwrap();
    (0..3)
        .map(|_| {
            let t = std::time::Instant::now();
            let out = bin()
                .arg("check")
                .arg(&p)
                .args(["--format", "json", "--max-file-size", "8000000", "--jobs", "1"])
                .output()
                .unwrap();
            assert!(
                out.status.code().is_some_and(|c| c < 2),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// How the time to check a shape grows when it is made four times larger, less the
/// process's own start: about 4 when the work is linear, 16 when it is quadratic. A ratio,
/// never a wall-clock threshold, so a slow or busy machine does not fail it.
fn growth(make: &dyn Fn(usize) -> String, n: usize) -> f64 {
    let floor = seconds(HEAD);
    let small = (seconds(&make(n)) - floor).max(0.01);
    let large = (seconds(&make(4 * n)) - floor).max(0.01);
    large / small
}

/// Households and children: every household counts its children (CARE-009, CARE-010,
/// REL-011) and asks whether the file ever writes a field it lacks (REL-013).
fn fostering(n: usize) -> String {
    let mut s = String::from("schema_version: 1\nassessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}\nprovider: {kind: fostering_service, registration: {urn: SC000001, status: registered}}\nfoster_carer_households:\n");
    for i in 0..n {
        s.push_str(&format!("  - {{ref: FC-{i:07}, approval: {{date: 2022-01-01, terms: {{age_min: 0, age_max: 18, max_children: 3}}}}, approval_reviews: [2026-01-01]}}\n"));
    }
    s.push_str("children:\n");
    for i in 0..n {
        s.push_str(&format!(
            "  - {{ref: C-{i:07}, household: FC-{i:07}, age_years: 10, placement: {{emergency: false}}}}\n"
        ));
    }
    s
}

/// Children that fail, each with an exception naming it: every fail is matched against
/// the exceptions.
fn excepted_children(n: usize) -> String {
    let mut s = format!("{HEAD}children:\n");
    for i in 0..n {
        s.push_str(&format!("  - {{ref: C-{i:06}, age_years: 14}}\n"));
    }
    s.push_str("exceptions:\n");
    for i in 0..n {
        s.push_str(&format!("  - {{standard: DEV-004, child: C-{i:06}, reason: awaiting clinic, approved_by_role: head_of_service, approved_on: 2026-01-01, expires_on: 2026-12-31}}\n"));
    }
    s
}

/// One flow list on one line: of dates, or of groups.
fn one_line_flow(n: usize, groups: bool) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            let d = format!("2026-{:02}-{:02}", 1 + i % 6, 1 + i % 28);
            if groups {
                format!("{{date: {d}}}")
            } else {
                d
            }
        })
        .collect();
    if groups {
        format!("{HEAD}oversight:\n  reg44:\n    visits: [{}]\n", items.join(", "))
    } else {
        format!(
            "{HEAD}children:\n  - ref: C-1\n    education:\n      pep_reviews: [{}]\n",
            items.join(", ")
        )
    }
}

/// A shape of file at a given number of records.
type Shape = dyn Fn(usize) -> String;

#[test]
fn checking_is_linear_in_every_shape() {
    // audit v3 B1 and B2: each of these was quadratic (a 4 MB fostering file took five
    // minutes; a one-line list of 330,000 dates seven seconds)
    let shapes: [(&str, &Shape, usize); 4] = [
        ("households x children", &fostering, 1000),
        ("children x exceptions", &excepted_children, 1000),
        ("one-line flow list of dates", &|n| one_line_flow(n, false), 25_000),
        ("one-line flow list of groups", &|n| one_line_flow(n, true), 6_000),
    ];
    let grown: Vec<(&str, f64)> = shapes
        .iter()
        .map(|(name, make, n)| (*name, growth(*make, *n)))
        .collect();
    assert!(
        grown.iter().all(|(_, g)| *g < 8.0),
        "four times the size took this many times as long: {grown:?}"
    );
}

#[test]
fn findings_alike_are_counted_past_the_first_few_hundred() {
    // audit v3 B13: 150,000 visits gave 300,000 findings and 500 MB; the tallies must still
    // count every one
    let n = 1500;
    let mut s = format!("{HEAD}children:\n");
    for i in 0..n {
        s.push_str(&format!("  - {{ref: C-{i:06}, age_years: 14}}\n"));
    }
    let (code, f) = check(&s, &["--select", "DEV-016,DEV-004"]);
    assert_ne!(code, 2);
    let findings = f["findings"].as_array().unwrap();
    let listed = carecheck_core::finding::LISTED_PER_STANDARD;
    for id in ["DEV-004", "DEV-016"] {
        let of: Vec<&Value> = findings.iter().filter(|x| x["standard"] == id).collect();
        let outcome = of[0]["outcome"].clone();
        let same: Vec<&&Value> = of.iter().filter(|x| x["outcome"] == outcome).collect();
        assert_eq!(same.len(), listed + 1, "{id}");
        let last = same.iter().find(|x| x["child"].is_null()).unwrap();
        let msg = last["message"].as_str().unwrap();
        assert!(
            msg.contains(&format!("{} more", n - listed)) && msg.contains(&format!("({n} in all")),
            "{msg}"
        );
    }
    // every finding is in the tallies, listed or not
    let t = &f["totals"];
    let total: u64 = ["errors", "warnings", "infos", "not_reported", "waived"]
        .iter()
        .map(|k| t[k].as_u64().unwrap())
        .sum();
    assert!(total >= 2 * n as u64, "{t}");
}
