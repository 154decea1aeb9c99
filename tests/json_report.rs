//! The JSON report keeps the keys and types the command-line contract (cli.md) fixes.

use std::process::Command;

use serde_json::Value;

fn run(args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap_or(-1), v)
}

#[test]
fn report_matches_the_contract() {
    let (code, v) = run(&["check", "examples/", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(v["tool"]["name"], "carecheck");
    assert!(v["tool"]["version"].is_string());
    assert!(v["standards"]["name"].is_string() && v["standards"]["version"].is_string());
    assert!(v.get("as_of").is_some());
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 5);
    for f in files {
        assert!(f["path"].as_str().unwrap().starts_with("examples/"));
        assert_eq!(f["status"], "checked");
        assert!(f["provider"]["urn"].is_string() && f["provider"]["kind"].is_string());
        assert!(f["errors"].as_array().unwrap().is_empty());
        for x in f["findings"].as_array().unwrap() {
            for key in ["standard", "severity", "outcome", "message", "field", "citation"] {
                assert!(x[key].is_string(), "{key} in {x}");
            }
            assert!(x["line"].as_u64().unwrap() >= 1 && x["column"].as_u64().unwrap() >= 1);
            assert!(x["child"].is_null() || x["child"].is_string());
            assert!(x["test"].is_null() || x["test"].is_string());
            assert!(["error", "warning", "info"].contains(&x["severity"].as_str().unwrap()));
            assert!(["fail", "not_reported", "waived"].contains(&x["outcome"].as_str().unwrap()));
        }
    }
    let s = &v["summary"];
    for key in [
        "files",
        "invalid_files",
        "errors",
        "warnings",
        "infos",
        "waived",
        "not_reported",
    ] {
        assert!(s[key].is_u64(), "{key}");
    }
    assert_eq!(s["files"], 5);
    assert_eq!(s["waived"], 2);
}

#[test]
fn the_headline_finding_is_located() {
    let (_, v) = run(&[
        "check",
        "examples/birchfield-childrens-home.yaml",
        "--format",
        "json",
        "--select",
        "LR-001",
    ]);
    let f = &v["files"][0]["findings"][0];
    assert_eq!(f["standard"], "LR-001");
    assert_eq!(f["test"], "least-restrictive");
    assert_eq!(f["child"], "C-2B61");
    assert_eq!(f["field"], "children[0].safety.dol_authority.type");
    // dol_authority is null, so the finding points at its nearest present parent
    assert_eq!(f["line"], 136);
}

#[test]
fn invalid_files_carry_their_errors_and_the_rest_is_still_checked() {
    let (code, v) = run(&["check", "tests/fixtures/batch", "--format", "json"]);
    assert_eq!(code, 2);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    let bad = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("b-type-error.yaml"))
        .unwrap();
    assert_eq!(bad["status"], "invalid");
    let e = &bad["errors"][0];
    assert_eq!(e["line"], 8);
    assert_eq!(e["column"], 16);
    assert!(e["message"]
        .as_str()
        .unwrap()
        .contains("child 2 (C-2): age_years: expected a whole number"));
    // the values that could not be read are not reported, never a pass or a fail; the rest
    // of the file is judged as usual
    let findings = bad["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings.iter().filter(|f| f["child"] == "C-2") {
        let about_bad = f["field"].as_str().unwrap().ends_with("age_years")
            || f["field"].as_str().unwrap().ends_with("care.provided");
        if about_bad {
            assert_eq!(f["outcome"], "not_reported", "{f}");
        }
    }
    assert!(findings.iter().any(|f| f["child"] == "C-1"));
    let good = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("a-good.yaml"))
        .unwrap();
    assert_eq!(good["status"], "checked");
    assert_eq!(v["summary"]["invalid_files"], 2);
}

/// Same input, same bytes, at any thread count, in every format (the human report is
/// rendered on the worker threads, so this pins its order too).
#[test]
fn output_is_identical_at_any_thread_count() {
    for format in [
        "json", "human", "concise", "csv", "sarif", "junit", "markdown", "html", "github",
    ] {
        let run = |jobs: &str| {
            Command::new(env!("CARGO_BIN_EXE_carecheck"))
                .args([
                    "check",
                    "examples/",
                    "tests/fixtures/batch",
                    "--format",
                    format,
                    "--jobs",
                    jobs,
                ])
                // JUnit's timestamp is the run's start: the two runs must share it
                .env("SOURCE_DATE_EPOCH", "1767225600")
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .output()
                .unwrap()
        };
        let one = run("1");
        let many = run("8");
        assert!(!one.stdout.is_empty(), "{format}");
        assert!(
            one.stdout == many.stdout,
            "{format} differs between --jobs 1 and --jobs 8"
        );
    }
}
