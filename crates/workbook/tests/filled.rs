//! The template filled in by another program (openpyxl, as a person's spreadsheet would)
//! and checked: the same verdicts as the same self-assessment written in YAML, and every
//! slip a person makes in a spreadsheet reported where it stands, with its fix.
//!
//! Needs python3 with openpyxl (`pip install openpyxl`; `.ci/run` installs it).

use std::path::Path;
use std::process::Command;

use carecheck_core::check::{check_one, CheckOptions, FileResult, Target};
use carecheck_core::engine::Engine;

fn template(kind: &str, children: usize) -> Vec<u8> {
    let set = carecheck_shipped::rules_set(&Vec::new()).unwrap();
    let t = carecheck_workbook::write::Template {
        kind,
        children,
        households: 0,
        as_of: "2026-06-30",
    };
    carecheck_workbook::write::template(&t, &set).unwrap()
}

/// The template after openpyxl has applied `spec` (see fill.py).
fn filled(kind: &str, children: usize, spec: &str) -> Vec<u8> {
    let dir = tempfile_dir();
    let src = dir.join("template.xlsx");
    let out = dir.join("filled.xlsx");
    let spec_path = dir.join("spec.json");
    std::fs::write(&src, template(kind, children)).unwrap();
    std::fs::write(&spec_path, spec).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fill.py");
    let run = Command::new("python3")
        .arg(&script)
        .arg(&src)
        .arg(&out)
        .arg(&spec_path)
        .output()
        .expect("python3 runs");
    assert!(
        run.status.success(),
        "fill.py failed (is openpyxl installed? pip install openpyxl): {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    bytes
}

fn tempfile_dir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "carecheck-workbook-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn check(name: &str, bytes: Vec<u8>) -> FileResult {
    let set = carecheck_shipped::rules_set(&Vec::new()).unwrap();
    let engine = Engine::new(&set, None);
    let opts = CheckOptions {
        reader: Some(carecheck_workbook::read_for_check),
        ..CheckOptions::default()
    };
    check_one(&Target::Memory(name.into(), bytes.into()), &set, &engine, &opts)
}

fn verdicts(r: &FileResult) -> Vec<String> {
    let mut v: Vec<String> = r
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {} {} {}",
                f.standard,
                f.record,
                f.outcome.as_str(),
                f.severity.as_str(),
                f.message
            )
        })
        .chain(r.errors.iter().map(|e| format!("error {}", e.problem.message)))
        .collect();
    v.sort();
    v
}

const HOME_YAML: &str = "schema_version: 1
assessment: {as_of: 2026-06-30}
provider:
  name: Test Home Ltd
  kind: childrens_home
  registration: {urn: SC123456, status: registered}
children:
  - ref: C-01
    age_years: 14
    legal_basis: care_order
    placement: {start: 2024-02-04, outside_la_area: false}
    education: {pep_reviews: [2025-10-13, 2026-02-02]}
    moves: []
  - ref: C-02
    age_years: 9
    health: {gp_registered: true}
";

#[test]
fn a_template_filled_in_by_another_program_checks_as_its_yaml_does() {
    // what a person types: numbers stored as text, spaces after a word, real dates,
    // spreadsheet true/false, and a list on its own sheet
    let spec = r#"{
      "labels": {"Provider: name": "Test Home Ltd ", "Provider: registration: URN": "SC123456",
                 "Provider: registration: status": "registered"},
      "cells": [
        ["Children", 2, "Age years", "14"],
        ["Children", 2, "Legal basis", "care_order "],
        ["Children", 2, "Placement: start date", {"date": "2024-02-04"}],
        ["Children", 2, "Placement: outside LA area", false],
        ["Children", 2, "Moves", "none"],
        ["Children", 2, "Education: PEP reviews", "listed"],
        ["Children", 3, "Age years", 9],
        ["Children", 3, "Health: GP registered", true],
        ["Education PEP reviews", 2, "Children ref", "C-01"],
        ["Education PEP reviews", 2, "Date", {"date": "2025-10-13"}],
        ["Education PEP reviews", 3, "Children ref", "C-01"],
        ["Education PEP reviews", 3, "Date", {"date": "2026-02-02"}]
      ]}"#;
    let book = check("home.xlsx", filled("childrens_home", 2, spec));
    let yaml = check("home.yaml", HOME_YAML.as_bytes().to_vec());
    assert!(book.errors.is_empty(), "{:?}", book.errors);
    assert!(!verdicts(&yaml).is_empty());
    assert_eq!(verdicts(&book), verdicts(&yaml));
}

fn all_messages(r: &FileResult) -> Vec<(String, String, String)> {
    r.errors
        .iter()
        .chain(&r.warnings)
        .map(|e| {
            (
                e.place.clone().unwrap_or_default(),
                e.problem.message.clone(),
                e.problem.help.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn find<'a>(all: &'a [(String, String, String)], what: &str) -> &'a (String, String, String) {
    all.iter()
        .find(|(p, m, h)| p.contains(what) || m.contains(what) || h.contains(what))
        .unwrap_or_else(|| panic!("nothing about {what:?} in {all:#?}"))
}

#[test]
fn slips_in_a_workbook_are_each_reported_where_they_stand_with_a_plain_fix() {
    let spec = r#"{
      "labels": {"Provider: name": "Test Home Ltd"},
      "cells": [
        ["Children", 2, "Legal basis", "Care order"],
        ["Children", 2, "Placement: start date", "04/02/2024"],
        ["Children", 3, "Age years", {"date": "2024-02-01"}],
        ["Children", 4, "Age years", 12]
      ],
      "rename_sheet": {"Staff": "Stafff"},
      "rename_header": [["Children", "Placement: outside LA area", "Placment: outside LA area"]],
      "hide": ["Exceptions"],
      "add_sheet": ["Notes"]
    }"#;
    let r = check("home.xlsx", filled("childrens_home", 2, spec));
    let all = all_messages(&r);
    // a word outside the dropdown typed anyway
    let (place, msg, _) = find(&all, "\"Care order\"");
    assert!(
        place.starts_with("Children, row 2 (C-01), 'Legal basis', cell "),
        "{place}"
    );
    assert!(msg.contains("care_order"), "{msg}");
    // a date typed as text, with the same fix as in YAML
    let (place, _, help) = find(&all, "04/02/2024");
    assert!(
        place.starts_with("Children, row 2 (C-01), 'Placement: start date', cell "),
        "{place}"
    );
    assert!(help.contains("2024-02-04"), "{help}");
    // a date in a number column
    let (place, msg, _) = find(&all, "\"2024-02-01\"");
    assert!(
        place.starts_with("Children, row 3 (C-02), 'Age years', cell "),
        "{place}"
    );
    assert!(msg.contains("whole number"), "{msg}");
    // a misspelt sheet
    let (place, msg, help) = find(&all, "Stafff");
    assert!(place.contains("Stafff"), "{place}");
    assert!(msg.contains("not a sheet of the carecheck workbook"), "{msg}");
    assert!(help.contains("did you mean 'Staff'"), "{help}");
    // a misspelt header
    let (place, _, help) = find(&all, "Placment: outside LA area");
    assert!(
        place.starts_with("Children, row 1, 'Placment: outside LA area', cell P1"),
        "{place}"
    );
    assert!(help.contains("did you mean 'Placement: outside LA area'"), "{help}");
    // a record without a reference
    let (place, msg, _) = find(&all, "has no ref");
    assert!(place.starts_with("Children, row 4, 'Ref', cell A4"), "{place}");
    assert!(msg.contains("row 4"), "{msg}");
    // a hidden sheet and an extra one
    let (_, msg, help) = find(&all, "is hidden");
    assert!(msg.contains("'Exceptions'"), "{msg}");
    assert!(help.contains("unhide"), "{help}");
    let (_, msg, _) = find(&all, "'Notes'");
    assert!(msg.contains("not a sheet of the carecheck workbook"), "{msg}");
    // the file does not count until they are fixed
    assert_eq!(r.status, carecheck_core::check::FileStatus::Invalid);
}

#[test]
fn the_personal_data_guard_reads_every_cell() {
    let spec = r#"{"cells": [["Children", 2, "Legal basis", "943 476 5919"]]}"#;
    let r = check("home.xlsx", filled("childrens_home", 1, spec));
    let f = r
        .findings
        .iter()
        .find(|f| f.standard == "personal-data")
        .unwrap_or_else(|| panic!("{:#?}", r.findings.iter().map(|f| &f.message).collect::<Vec<_>>()));
    assert!(
        f.place
            .as_deref()
            .unwrap_or("")
            .starts_with("Children, row 2 (C-01), 'Legal basis'"),
        "{:?}",
        f.place
    );
    assert!(!f.message.contains("943 476 5919"), "{}", f.message);
}

#[test]
fn an_ods_saved_by_another_program_checks_as_its_yaml_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for example in ["meadow-fostering-service", "birchfield-childrens-home"] {
        let yaml_path = root.join(format!("examples/{example}.yaml"));
        let text = std::fs::read_to_string(&yaml_path).unwrap();
        let node = carecheck_core::yaml::parse(
            &carecheck_core::source::SourceFile::new("e.yaml", text.clone()),
            Default::default(),
        )
        .unwrap();
        let set = carecheck_shipped::rules_set(&Vec::new()).unwrap();
        let xlsx = carecheck_workbook::write::from_tree(&node, &carecheck_workbook::layout::readers(&set)).unwrap();
        let dir = tempfile_dir();
        std::fs::write(dir.join("e.xlsx"), xlsx).unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/to_ods.py");
        let run = Command::new("python3")
            .arg(&script)
            .arg(dir.join("e.xlsx"))
            .arg(dir.join("e.ods"))
            .output()
            .expect("python3 runs");
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let ods = std::fs::read(dir.join("e.ods")).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        let book = check("e.ods", ods);
        let yaml = check("e.yaml", text.into_bytes());
        assert!(book.findings.iter().all(|f| f.place.is_some()));
        assert_eq!(verdicts(&book), verdicts(&yaml), "{example}");
    }
}
