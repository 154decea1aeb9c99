//! Progress between periods and an inspector's intake: fingerprints, `--baseline`,
//! `compare`, the completeness gate and the intake filters.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_carecheck"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn json(args: &[&str]) -> (i32, Value) {
    let out = bin().args(args).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

/// Birchfield's next self-assessment: one child's finding fixed (C-2B61 now has a
/// dentist), one new (C-2D93 no longer has one), and the text reordered (the children in
/// reverse order, the incidents moved before them).
fn next_period(dir: &Path) -> std::path::PathBuf {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/birchfield-childrens-home.yaml"))
            .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let find = |p: &str| lines.iter().position(|l| l.starts_with(p)).unwrap();
    let (children, c2, c3, incidents, exceptions) = (
        find("children:"),
        find("  - ref: C-2C07"),
        find("  - ref: C-2D93"),
        find("incidents:"),
        find("exceptions:"),
    );
    let block = |a: usize, b: usize| lines[a..b].join("\n") + "\n";
    let first = block(children + 1, c2).replace("dentist_registered: false", "dentist_registered: true");
    let third = block(c3, incidents).replace("dentist_registered: true", "dentist_registered: false");
    let out = block(0, children)
        + &block(incidents, exceptions)
        + "children:\n"
        + &third
        + &block(c2, c3)
        + &first
        + &block(exceptions, lines.len());
    let p = dir.join("birchfield-next.yaml");
    std::fs::write(&p, out).unwrap();
    p
}

#[test]
fn a_fixed_and_a_new_finding_in_reordered_text_are_exactly_one_resolved_and_one_new() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.json");
    let status = bin()
        .args(["check", "examples/birchfield-childrens-home.yaml", "--format"])
        .arg(format!("json:{}", base.display()))
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(1));
    let next = next_period(dir.path());
    let (_, v) = json(&[
        "check",
        next.to_str().unwrap(),
        "--baseline",
        base.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let f = &v["files"][0];
    assert_eq!(f["status"], "checked", "{f}");
    let new: Vec<&Value> = f["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["baseline"] == "new")
        .collect();
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(new[0]["standard"], "DEV-016");
    assert_eq!(new[0]["child"], "C-2D93");
    let resolved = f["resolved"].as_array().unwrap();
    assert_eq!(resolved.len(), 1, "{resolved:#?}");
    assert_eq!(resolved[0]["standard"], "DEV-016");
    assert!(resolved[0]["message"].as_str().unwrap().contains("C-2B61"));
    assert_eq!(v["summary"]["new"], 1);
    assert_eq!(v["summary"]["resolved"], 1);

    // --fail-on-new: the known errors do not count (the same file against its own baseline
    // passes), and the one new error (DEV-016, the home's own duty) does
    let fail_on_new = |file: &Path| {
        bin()
            .arg("check")
            .arg(file)
            .args([
                "--baseline",
                base.to_str().unwrap(),
                "--fail-on-new",
                "--format",
                "concise",
            ])
            .output()
            .unwrap()
    };
    let same = fail_on_new(Path::new("examples/birchfield-childrens-home.yaml"));
    assert_eq!(same.status.code(), Some(0), "{}", String::from_utf8_lossy(&same.stdout));
    let out = fail_on_new(&next);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("[new] DEV-016") || s.contains("DEV-016 [new]") || s.contains("error DEV-016 [new]"),
        "{s}"
    );
    assert!(s.contains("resolved DEV-016"), "{s}");
    // the tally of concise output is on stderr
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("since the baseline: 1 new"),
        "{s}"
    );

    // compare says the same, by test
    let (_, c) = json(&[
        "compare",
        "examples/birchfield-childrens-home.yaml",
        next.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let tests = c["pairs"][0]["tests"].as_array().unwrap();
    let changed: Vec<&Value> = tests.iter().filter(|t| t["verdict"] != "unchanged").collect();
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert_eq!(changed[0]["test"], "child-development");
    assert_eq!(changed[0]["verdict"], "mixed");
    assert_eq!(changed[0]["fixed"].as_array().unwrap().len(), 1);
    assert_eq!(changed[0]["new"].as_array().unwrap().len(), 1);
    for fmt in ["human", "markdown", "html"] {
        let out = bin()
            .args([
                "compare",
                "examples/birchfield-childrens-home.yaml",
                next.to_str().unwrap(),
                "--format",
                fmt,
            ])
            .output()
            .unwrap();
        let s = String::from_utf8_lossy(&out.stdout);
        assert!(s.contains("child-development") && s.contains("mixed"), "{fmt}: {s}");
    }
}

#[test]
fn compare_matches_folders_by_urn() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    std::fs::create_dir_all(&old).unwrap();
    std::fs::create_dir_all(&new).unwrap();
    for f in ["oakwood-childrens-home.yaml", "birchfield-childrens-home.yaml"] {
        std::fs::copy(Path::new("examples").join(f), old.join(f)).unwrap();
    }
    // renamed in the new period; matched by URN, not by name
    std::fs::copy("examples/oakwood-childrens-home.yaml", new.join("oak-2026-q3.yaml")).unwrap();
    next_period(&new);
    let (_, c) = json(&[
        "compare",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let pairs = c["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 2, "{pairs:#?}");
    assert!(pairs.iter().all(|p| p["problem"].is_null()), "{pairs:#?}");
}

#[test]
fn fingerprints_ignore_where_the_text_stands() {
    let dir = tempfile::tempdir().unwrap();
    let next = next_period(dir.path());
    let (_, a) = json(&[
        "check",
        "examples/birchfield-childrens-home.yaml",
        "--format",
        "json",
        "--select",
        "LR-,VOICE-",
    ]);
    let (_, b) = json(&[
        "check",
        next.to_str().unwrap(),
        "--format",
        "json",
        "--select",
        "LR-,VOICE-",
    ]);
    let fps = |v: &Value| {
        let mut x: Vec<String> = v["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap().to_string())
            .collect();
        x.sort();
        x
    };
    assert!(!fps(&a).is_empty());
    assert_eq!(fps(&a), fps(&b));
}

#[test]
fn a_blank_template_fails_the_completeness_gate() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("blank.yaml");
    let out = bin()
        .args([
            "init",
            "--kind",
            "childrens_home",
            "--children",
            "2",
            "--as-of",
            "2026-06-30",
            "--output",
        ])
        .arg(&t)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // without the gate a blank template is only missing evidence
    let (code, v) = json(&["check", t.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0);
    let c = v["files"][0]["completeness"].as_f64().unwrap();
    assert!(c < 20.0, "{c}");
    let (code, v) = json(&[
        "check",
        t.to_str().unwrap(),
        "--format",
        "json",
        "--min-completeness",
        "80",
    ]);
    assert_eq!(code, 1);
    let f = &v["files"][0]["findings"][0];
    assert_eq!(f["standard"], "incomplete");
    assert_eq!(f["severity"], "error");
    // a complete file passes the same gate
    let (code, v) = json(&[
        "check",
        "examples/oakwood-childrens-home.yaml",
        "--format",
        "json",
        "--min-completeness",
        "80",
    ]);
    assert_eq!(code, 0);
    assert_eq!(v["files"][0]["completeness"], 100.0);
}

#[test]
fn intake_filters_and_the_count_of_what_was_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy("examples/oakwood-childrens-home.yaml", d.join("oak.YAML")).unwrap();
    std::fs::copy("examples/meadow-fostering-service.yaml", d.join("meadow.yml")).unwrap();
    std::fs::copy("examples/harbour-supported-accommodation.yaml", d.join("harbour.yaml")).unwrap();
    std::fs::create_dir_all(d.join("drafts")).unwrap();
    std::fs::copy("examples/birchfield-childrens-home.yaml", d.join("drafts/b.yaml")).unwrap();
    std::fs::write(d.join("notes.txt"), "not a self-assessment").unwrap();
    std::fs::write(d.join(".hidden.yaml"), "schema_version: 1").unwrap();
    let (_, v) = json(&[
        "check",
        d.to_str().unwrap(),
        "--format",
        "json",
        "--kind",
        "childrens_home,supported_accommodation",
        "--exclude",
        "drafts",
    ]);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("oak.YAML")), "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("harbour.yaml")), "{paths:?}");
    let s = &v["summary"]["skipped"];
    assert_eq!(s["not_yaml"], 1, "{s}");
    assert_eq!(s["hidden"], 1, "{s}");
    assert_eq!(s["excluded"], 1, "{s}");
    assert_eq!(s["other_kind"], 1, "{s}");
    let out = bin()
        .args([
            "check",
            d.to_str().unwrap(),
            "--format",
            "concise",
            "--exclude",
            "**/drafts/**",
            "--kind",
            "childrens_home",
        ])
        .output()
        .unwrap();
    let t = String::from_utf8_lossy(&out.stderr);
    assert!(
        t.contains("skipped: 1 not YAML, 1 hidden, 1 excluded, 2 of another kind"),
        "{t}"
    );
}

#[test]
fn a_baseline_that_is_not_a_report_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.json");
    std::fs::write(&p, "{\"nope\": 1}").unwrap();
    let out = bin()
        .args([
            "check",
            "examples/oakwood-childrens-home.yaml",
            "--baseline",
            p.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("carecheck JSON report"));
}
