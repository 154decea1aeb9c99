//! The workbook from the command line: `init --format xlsx`, `convert` both ways, `check` of
//! a folder holding workbooks and YAML together, and baselines and `compare` across the two
//! forms of one self-assessment.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_carecheck"))
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("carecheck-wbcli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("carecheck runs")
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

#[test]
fn init_writes_a_workbook_that_checks_and_never_overwrites() {
    let d = dir("init");
    let out = d.join("my-agency.xlsx");
    let o = run(bin()
        .args([
            "init",
            "--kind",
            "fostering_service",
            "--children",
            "3",
            "--households",
            "2",
            "--format",
            "xlsx",
            "--output",
        ])
        .arg(&out));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // the blank template is a valid self-assessment: nothing to fix, only things to record
    let o = run(bin().arg("check").arg(&out).args(["--format", "json"]));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["status"], "checked", "{file}");
    assert!(file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["outcome"] == "not_reported"));
    // again: refused
    let o = run(bin()
        .args(["init", "--kind", "fostering_service", "--format", "xlsx", "--output"])
        .arg(&out));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("never overwrites"));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn convert_there_and_back_and_a_mixed_folder_and_baselines_across_forms() {
    let d = dir("convert");
    let yaml = d.join("meadow.yaml");
    std::fs::copy(example("meadow-fostering-service.yaml"), &yaml).unwrap();
    let o = run(bin().arg("convert").arg(&yaml).args(["--to", "xlsx"]));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let xlsx = d.join("meadow.xlsx");
    assert!(xlsx.is_file());
    let back = d.join("back.yaml");
    let o = run(bin().arg("convert").arg(&xlsx).args(["--to", "yaml", "-o"]).arg(&back));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // a folder with both forms: both are checked
    let o = run(bin().arg("check").arg(&d).args(["--format", "concise"]));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.lines().any(|l| l.starts_with(&format!("{}:", xlsx.display()))),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with(&format!("{}:", yaml.display()))),
        "{text}"
    );
    // the workbook's lines name the place in words
    assert!(
        text.lines()
            .any(|l| l.starts_with(&format!("{}:", xlsx.display())) && l.contains("Foster carer households, row ")),
        "{text}"
    );
    // a baseline from the YAML file marks every finding of the workbook as persisting
    let base = d.join("base.json");
    let o = run(bin()
        .arg("check")
        .arg(&yaml)
        .arg("--format")
        .arg(format!("json:{}", base.display()))
        .args(["--format", "none"]));
    assert!(o.status.code().is_some());
    let o = run(bin()
        .arg("check")
        .arg(&xlsx)
        .arg("--baseline")
        .arg(&base)
        .args(["--format", "json"]));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = json["files"][0]["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["baseline"] == "persisting"), "{findings:?}");
    // and compare finds nothing changed
    let o = run(bin().arg("compare").arg(&yaml).arg(&xlsx).args(["--format", "json"]));
    let json: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stdout)));
    let text = json.to_string();
    assert!(
        !text.contains("\"better\"") && !text.contains("\"worse\"") && !text.contains("\"mixed\""),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

/// The meadow example as a workbook, with the first child's legal basis written as a person
/// types it ("Care order"), so the workbook has both a problem and findings to locate.
fn meadow_workbook_with_a_slip(d: &Path) -> PathBuf {
    let text = std::fs::read_to_string(example("meadow-fostering-service.yaml"))
        .unwrap()
        .replacen("legal_basis: care_order", "legal_basis: Care order", 1);
    let yaml = d.join("meadow.yaml");
    std::fs::write(&yaml, text).unwrap();
    let o = run(bin().arg("convert").arg(&yaml).args(["--to", "xlsx"]));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::remove_file(&yaml).unwrap();
    d.join("meadow.xlsx")
}

#[test]
fn sarif_locates_workbook_problems_and_findings_at_the_cell() {
    let d = dir("sarif");
    let xlsx = meadow_workbook_with_a_slip(&d);
    let o = run(bin().arg("check").arg(&xlsx).args(["--format", "sarif"]));
    let sarif: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stdout)));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 5, "{results:?}");
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        // the workbook itself is the artifact, never the text carecheck made of it
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.ends_with("meadow.xlsx"), "{uri}");
        let line = loc["region"]["startLine"].as_u64().unwrap();
        let text = r["message"]["text"].as_str().unwrap();
        // the message starts with the place in words, whose row is the region's line
        assert!(text.contains(&format!(", row {line}")), "{text} at line {line}");
        assert!(text.contains(", cell "), "{text}");
    }
    // the slip: a problem of loading, at the child's row and the legal basis column
    let slip = results
        .iter()
        .find(|r| r["ruleId"] == "load" && r["message"]["text"].as_str().unwrap().contains("\"Care order\""))
        .unwrap_or_else(|| panic!("{results:#?}"));
    let text = slip["message"]["text"].as_str().unwrap();
    assert!(
        text.starts_with("Children, row 2 (C-6A01), 'Legal basis', cell "),
        "{text}"
    );
    assert_eq!(slip["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
    let col = slip["locations"][0]["physicalLocation"]["region"]["startColumn"]
        .as_u64()
        .unwrap();
    let letter = char::from(b'A' + u8::try_from(col - 1).unwrap());
    assert!(text.contains(&format!("cell {letter}2:")), "{text} at column {col}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn github_annotations_locate_workbook_problems_and_findings_at_the_cell() {
    let d = dir("github");
    let xlsx = meadow_workbook_with_a_slip(&d);
    let o = run(bin().arg("check").arg(&xlsx).args(["--format", "github"]));
    let text = String::from_utf8_lossy(&o.stdout);
    let file = format!("file={}", xlsx.display());
    let lines: Vec<&str> = text.lines().filter(|l| l.contains(&file)).collect();
    assert!(lines.len() > 5, "{text}");
    for l in &lines {
        // ::level file=PATH,line=ROW,col=COL,title=...::PLACE: message
        let line = l.split(",line=").nth(1).and_then(|s| s.split(',').next()).unwrap();
        let message = l.splitn(3, "::").nth(2).unwrap();
        assert!(message.contains(&format!(", row {line}")), "{l}");
        assert!(message.contains(", cell "), "{l}");
    }
    let slip = lines
        .iter()
        .find(|l| l.starts_with("::error ") && l.contains("title=load::") && l.contains("Care order"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(slip.contains(",line=2,"), "{slip}");
    assert!(
        slip.contains("::Children, row 2 (C-6A01), 'Legal basis', cell "),
        "{slip}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

/// A file with more findings alike than are listed one by one (dates after the as-of date
/// in a list of each child's dates and in a field of their own) lists the same ones as a
/// workbook as as YAML: the ones listed are the first in the records' order, not in the
/// order the reader met them (the workbook keeps each list of dates on a sheet of its own).
#[test]
fn a_workbook_lists_the_same_findings_as_its_yaml_past_the_listed_few_hundred() {
    let d = dir("many-alike");
    let mut yaml = String::from(
        "schema_version: 1\nassessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}\nprovider: {kind: childrens_home, name: Many, registration: {urn: \"SC700999\", status: registered}}\nchildren:\n",
    );
    for i in 0..150 {
        yaml.push_str(&format!(
            "  - ref: C-{i:03}\n    education: {{pep_reviews: [2026-09-01, 2026-09-02]}}\n    health: {{sdq_date: 2026-09-03}}\n"
        ));
    }
    let y = d.join("many.yaml");
    std::fs::write(&y, yaml).unwrap();
    let x = d.join("many.xlsx");
    let o = run(bin().arg("convert").arg(&y).args(["--to", "xlsx", "-o"]).arg(&x));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let findings = |p: &Path| {
        let o = run(bin().arg("check").arg(p).args(["--format", "json"]));
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let mut all: Vec<String> = json["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{} {} {} {}", f["standard"], f["record"], f["outcome"], f["message"]))
            .collect();
        all.sort();
        all
    };
    let (from_yaml, from_workbook) = (findings(&y), findings(&x));
    let alike = from_yaml.iter().filter(|f| f.contains("date-after-as-of")).count();
    assert!(alike > 200, "the file must pass the listed few hundred: {alike}");
    assert_eq!(from_yaml, from_workbook);
}
