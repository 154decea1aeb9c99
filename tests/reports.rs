//! Reports for every audience: SARIF and JUnit validated against their official schemas,
//! CSV read back, Markdown and HTML with the same counts as the JSON report, and the HTML
//! page rendered in a real headless browser.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_carecheck"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Check the examples into `dir` in the given formats; the JSON report comes back.
fn reports(dir: &Path, formats: &[&str]) -> Value {
    let mut c = bin();
    c.args(["check", "examples/", "--format"])
        .arg(format!("json:{}", dir.join("r.json").display()));
    for f in formats {
        c.arg("--format")
            .arg(format!("{f}:{}", dir.join(format!("r.{f}")).display()));
    }
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_str(&std::fs::read_to_string(dir.join("r.json")).unwrap()).unwrap()
}

/// A batch's document report as a reader has it: the overview `r.EXT`, then each
/// provider's page in the folder `r/` beside it.
fn with_pages(dir: &Path, name: &str, ext: &str) -> String {
    let mut text = std::fs::read_to_string(dir.join(name)).unwrap();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir.join("r"))
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    pages.retain(|p| p.extension().is_some_and(|e| e == ext));
    pages.sort();
    for p in pages {
        text.push_str(&std::fs::read_to_string(p).unwrap());
    }
    text
}

/// A tool the tests need. In CI (`CI` set) it must be there (.ci/run installs it); on a
/// developer's machine without it, the test says so and stops.
fn tool(name: &str) -> Option<PathBuf> {
    let found =
        std::env::var_os("PATH").and_then(|p| std::env::split_paths(&p).map(|d| d.join(name)).find(|c| c.is_file()));
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is needed in CI: .ci/run installs it"
        );
        eprintln!("skipping: {name} is not installed (apt-get install it, or run .ci/run)");
    }
    found
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let dir = tempfile::tempdir().unwrap();
    let json = reports(dir.path(), &["sarif"]);
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.sarif")).unwrap()).unwrap();
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap())
            .unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = v
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // one rule per standard, every finding a result with file, line and column
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules
        .iter()
        .any(|r| r["id"] == "LR-001" && r["properties"]["citation"].is_string()));
    let findings: usize = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["findings"].as_array().unwrap().len())
        .sum();
    assert_eq!(run["results"].as_array().unwrap().len(), findings);
    let r = &run["results"][0];
    assert!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            >= 1
    );
    assert!(r["partialFingerprints"]["carecheck/v1"].is_string());
}

/// SARIF is written as results come; a run with no result is still one valid document.
#[test]
fn sarif_with_no_result_is_a_whole_document() {
    let out = bin()
        .args([
            "check",
            "examples/oakwood-childrens-home.yaml",
            "--format",
            "sarif",
            "--select",
            "CARE-001",
        ])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().map(Vec::len), Some(0));
    assert_eq!(sarif["runs"][0]["tool"]["driver"]["name"], "carecheck");
}

/// `standards lint`'s SARIF is held to the official schema too, and wears the same envelope as
/// `check`'s (schema, version, driver), so a code host reads both the same way.
#[test]
fn lint_sarif_validates_and_shares_checks_envelope() {
    let lint = bin()
        .args([
            "standards",
            "lint",
            "tests/fixtures/broken-standards",
            "--format",
            "sarif",
        ])
        .output()
        .unwrap();
    let lint: Value = serde_json::from_slice(&lint.stdout).unwrap();
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap())
            .unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = v
        .iter_errors(&lint)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = lint["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty(), "the broken draft has problems");
    assert!(results
        .iter()
        .all(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64() >= Some(1)));
    let check = bin()
        .args(["check", "examples/oakwood-childrens-home.yaml", "--format", "sarif"])
        .output()
        .unwrap();
    let check: Value = serde_json::from_slice(&check.stdout).unwrap();
    for key in ["$schema", "version"] {
        assert_eq!(lint[key], check[key], "{key}");
    }
    let (l, c) = (&lint["runs"][0]["tool"]["driver"], &check["runs"][0]["tool"]["driver"]);
    for key in ["name", "version"] {
        assert_eq!(l[key], c[key], "driver {key}");
    }
    assert!(l["rules"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["id"].is_string() && r["shortDescription"]["text"].is_string()));
}

#[test]
fn junit_validates_against_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let json = reports(dir.path(), &["junit"]);
    let xml = std::fs::read_to_string(dir.path().join("r.junit")).unwrap();
    assert_eq!(
        xml.matches("<testsuite ").count(),
        json["files"].as_array().unwrap().len()
    );
    let fails: usize = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .filter(|f| f["outcome"] == "fail")
        .count();
    assert_eq!(xml.matches("<failure ").count(), fails);
    let Some(xmllint) = tool("xmllint") else { return };
    let out = Command::new(xmllint)
        .args(["--noout", "--schema"])
        .arg(root().join("tests/data/JUnit.xsd"))
        .arg(dir.path().join("r.junit"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A minimal RFC 4180 reader: rows of fields, quotes and line breaks inside quotes.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_has_one_row_per_finding_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let json = reports(dir.path(), &["csv"]);
    let rows = read_csv(&std::fs::read_to_string(dir.path().join("r.csv")).unwrap());
    assert_eq!(rows[0][0], "file");
    let findings: Vec<&Value> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .collect();
    assert_eq!(rows.len() - 1, findings.len());
    assert!(rows.iter().all(|r| r.len() == 17));
    // messages with commas survive
    assert!(rows
        .iter()
        .skip(1)
        .zip(&findings)
        .all(|(r, f)| r[16] == f["message"].as_str().unwrap() && r[5] == f["kind"].as_str().unwrap()));
}

#[test]
fn summary_only_and_tables_that_do_not_wrap() {
    let out = bin()
        .args([
            "check",
            "examples/",
            "--format",
            "none",
            "--summary",
            "--statistics",
            "--sort-by-share",
        ])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("share of providers failing"), "{s}");
    // off a terminal no row is wrapped: each file is on one line
    for f in ["birchfield-childrens-home.yaml", "ridgeway-secure-childrens-home.yaml"] {
        assert!(
            s.lines().any(|l| l.contains(&format!("examples/{f}"))),
            "{f} wrapped:\n{s}"
        );
    }
    assert!(s.contains("providers failing"));
    let out = bin()
        .args(["check", "examples/", "--format", "none", "--statistics", "--tables-csv"])
        .output()
        .unwrap();
    let rows = read_csv(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(rows[0][0], "standard");
    assert_eq!(rows[0][3], "status");
    assert_eq!(
        &rows[0][11..14],
        [
            "providers failing",
            "providers applicable",
            "share of providers failing"
        ]
    );
    // counts and shares are numbers a spreadsheet can sum and sort, never "1 of 1" or "100%"
    assert!(
        rows.iter()
            .any(|r| r[0] == "CARE-009" && r[3] == "law" && r[11] == "1" && r[12] == "1" && r[13] == "1.000"),
        "{rows:?}"
    );
    // the tables per test and per kind follow, each under its own header
    let tests = rows.iter().position(|r| r[0] == "test").expect("a table per test");
    assert_eq!(rows[tests][4], "provider pass rate");
    assert_eq!(rows[tests + 1..tests + 8].len(), 7);
    for r in &rows[tests + 1..tests + 8] {
        for cell in &r[1..] {
            assert!(cell.is_empty() || cell.parse::<f64>().is_ok(), "{cell} in {r:?}");
        }
    }
    assert!(rows.iter().any(|r| r[0] == "kind"), "a table per kind of provider");
    // two formats to one file are refused
    let out = bin()
        .args(["check", "examples/", "-f", "json:x.json", "-f", "csv:x.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_json_report_answers_batch_questions_without_jq() {
    let dir = tempfile::tempdir().unwrap();
    let json = reports(dir.path(), &[]);
    let birch = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().contains("birchfield"))
        .unwrap();
    assert!(birch["totals"]["errors"].as_u64().unwrap() > 0);
    assert!(birch["provider"]["name"].is_string());
    let stats = json["summary"]["statistics"].as_array().unwrap();
    let care9 = stats.iter().find(|s| s["standard"] == "CARE-009").unwrap();
    assert_eq!(care9["providers_failing"], 1);
    assert_eq!(care9["providers_applicable"], 1);
    assert!(care9["title"].is_string());
}

/// A submission that cannot be parsed still counts against its provider in a national
/// roll-up: its URN is found where the text allows, in JSON and CSV alike.
#[test]
fn a_file_that_fails_to_parse_still_names_its_provider() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.yaml");
    std::fs::write(
        &broken,
        "schema_version: 1\nprovider:\n  kind: foster_care\n  registration:\n    urn: 'SC765432'  # ours\n  name: Bad: colon\n",
    )
    .unwrap();
    let out = bin()
        .arg("check")
        .arg(&broken)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"][0]["status"], "invalid");
    assert_eq!(json["files"][0]["provider"]["urn"], "SC765432");
    let out = bin()
        .arg("check")
        .arg(&broken)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let rows = read_csv(&String::from_utf8_lossy(&out.stdout));
    assert!(
        rows.len() > 1 && rows[1..].iter().all(|r| r[2] == "SC765432"),
        "{rows:?}"
    );
}

#[test]
fn markdown_and_html_show_the_json_counts() {
    let dir = tempfile::tempdir().unwrap();
    let json = reports(dir.path(), &["markdown", "html"]);
    let md = with_pages(dir.path(), "r.markdown", "md");
    let tally = json["summary"].clone();
    let line = format!("{} errors, {} warnings", tally["errors"], tally["warnings"]);
    assert!(md.contains(&line), "{line}");
    assert!(md.contains("## Across all providers") && md.contains("| test | breaches of the law |"));
    let html = with_pages(dir.path(), "r.html", "html");
    // self-contained: nothing fetched from anywhere
    for bad in ["src=", "href=\"http", "url(", "@import", "<link"] {
        assert!(!html.contains(bad), "{bad}");
    }
    assert!(html.contains(&format!("data-errors=\"{}\"", tally["errors"])));
    for f in json["files"].as_array().unwrap() {
        let t = &f["totals"];
        let want = format!(
            "data-errors=\"{}\" data-warnings=\"{}\" data-infos=\"{}\" data-not-reported=\"{}\" data-waived=\"{}\"",
            t["errors"], t["warnings"], t["infos"], t["not_reported"], t["waived"]
        );
        assert!(html.contains(&want), "{want}");
    }
}

#[test]
fn the_html_report_renders_in_a_real_browser() {
    let Some(chromium) = tool("chromium") else { return };
    let dir = tempfile::tempdir().unwrap();
    let json = reports(dir.path(), &["html"]);
    let page = dir.path().join("r.html");
    let url = format!("file://{}", page.display());
    // the DOM after the page's own script ran, with the network switched off
    let out = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--dump-dom",
        ])
        .arg(&url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("id=\"tally\""), "{}", String::from_utf8_lossy(&out.stderr));
    let files = json["summary"]["files"].as_u64().unwrap();
    assert!(dom.contains(&format!("data-files=\"{files}\"")));
    // each provider's detail is a page of its own, linked from the overview
    let pages = with_pages(dir.path(), "r.html", "html");
    assert_eq!(pages.matches("<section id=\"p").count() as u64, files);
    assert_eq!(dom.matches("href=\"r/").count() as u64, files);
    // a screenshot, kept with the test's build output for a person to look at
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report.png");
    let out = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1000,1400",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    // and on a phone's width
    let out = Command::new(&chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--window-size=390,844"])
        .arg(format!(
            "--screenshot={}",
            Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join("report-phone.png")
                .display()
        ))
        .arg(&url)
        .output()
        .unwrap();
    assert!(out.status.success());
}

/// JUnit's timestamp is when the run was made, not the as-of date at midnight (audit v3,
/// finding 30); SOURCE_DATE_EPOCH makes it reproducible.
#[test]
fn junit_timestamps_are_the_runs() {
    let out = bin()
        .args(["check", "examples/oakwood-childrens-home.yaml", "--format", "junit"])
        .env("SOURCE_DATE_EPOCH", "1780000000")
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("timestamp=\"2026-05-28T20:26:40\""), "{s}");
    let out = bin()
        .args(["check", "examples/oakwood-childrens-home.yaml", "--format", "junit"])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    let stamp = s.split("timestamp=\"").nth(1).unwrap().split('"').next().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // the run's day (or the day before, at midnight), never 1970 or the as-of date
    let year: u64 = stamp[..4].parse().unwrap();
    assert!(year >= 1970 + now / 31_557_600 - 1, "{stamp}");
    assert!(!stamp.ends_with("T00:00:00") || now % 86_400 < 2, "{stamp}");
}
