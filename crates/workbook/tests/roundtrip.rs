//! Every shipped example and every test self-assessment, converted to a workbook and back,
//! keeps every value; checked as YAML and as a workbook, it gives the same findings.

use std::path::{Path, PathBuf};

use carecheck_core::assessment::{self, LoadOptions, Val, Value};
use carecheck_core::check::{check_one, CheckOptions, Target};
use carecheck_core::engine::Engine;
use carecheck_core::source::SourceFile;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every YAML self-assessment the repository ships or tests with.
fn yaml_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["examples", "tests/fixtures/manager", "tests/fixtures/batch"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        out.extend(files);
    }
    assert!(out.len() >= 10, "{out:?}");
    out
}

/// A loaded value without its spans: null and absent alike, as every rule sees them.
fn plain(v: &Option<Val>) -> String {
    match v {
        None => "~".into(),
        Some(Val { v, .. }) => match v {
            Value::Null => "~".into(),
            Value::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|i| plain(&Some(i.clone())))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::Obj(slots) => {
                if slots.iter().all(|s| plain(s) == "~") {
                    "~".into()
                } else {
                    format!("{{{}}}", slots.iter().map(plain).collect::<Vec<_>>().join(", "))
                }
            }
            other => format!("{other:?}"),
        },
    }
}

fn loaded(node: &carecheck_core::node::Node) -> Option<String> {
    assessment::from_node(node, &LoadOptions::default())
        .ok()
        .map(|a| plain(&Some(a.root)))
}

fn to_workbook(path: &Path) -> Result<Vec<u8>, Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let src = SourceFile::new(path.display().to_string(), text);
    let node = carecheck_core::yaml::parse(&src, Default::default()).map_err(|p| vec![p.message])?;
    let set = carecheck_shipped::rules_set(&Vec::new()).unwrap();
    carecheck_workbook::write::from_tree(&node, &carecheck_workbook::layout::readers(&set)).map_err(|e| e.0)
}

#[test]
fn every_self_assessment_survives_a_workbook_and_back() {
    let mut converted = 0;
    for path in yaml_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let src = SourceFile::new(path.display().to_string(), text);
        let Ok(node) = carecheck_core::yaml::parse(&src, Default::default()) else {
            continue; // a file that is not YAML has nothing to convert
        };
        match to_workbook(&path) {
            Err(why) => {
                // only a key the format does not have may stop it, and it is named
                assert!(
                    why.iter()
                        .all(|w| w.contains("is not a field of the self-assessment format")),
                    "{}: {why:?}",
                    path.display()
                );
            }
            Ok(bytes) => {
                let c = carecheck_workbook::read("x.xlsx", &bytes).unwrap();
                assert!(c.errors.is_empty(), "{}: {:?}", path.display(), c.errors);
                assert!(c.warnings.is_empty(), "{}: {:?}", path.display(), c.warnings);
                let want = loaded(&node);
                assert!(
                    want.is_some() || path.to_string_lossy().contains("fixtures"),
                    "{}",
                    path.display()
                );
                assert_eq!(loaded(&c.node), want, "{}", path.display());
                // and on to YAML again
                let back = carecheck_workbook::yaml_out::to_yaml(&c.node, "x.xlsx");
                let src2 = SourceFile::new("back.yaml", back.clone());
                let node2 = carecheck_core::yaml::parse(&src2, Default::default()).unwrap();
                assert_eq!(loaded(&node2), want, "{}:\n{back}", path.display());
                converted += 1;
            }
        }
    }
    // the five examples and the two fixtures that are valid YAML of known fields
    assert!(converted >= 7, "{converted}");
}

/// (standard, record, outcome, severity, message) of every finding, sorted, and the errors.
fn verdicts(target: Target) -> (Vec<String>, Vec<String>) {
    let set = carecheck_shipped::rules_set(&Vec::new()).unwrap();
    let engine = Engine::new(&set, None);
    let opts = CheckOptions {
        reader: Some(carecheck_workbook::read_for_check),
        ..CheckOptions::default()
    };
    let r = check_one(&target, &set, &engine, &opts);
    let mut f: Vec<String> = r
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
        .collect();
    f.sort();
    let mut e: Vec<String> = r.errors.iter().map(|e| e.problem.message.clone()).collect();
    e.sort();
    (f, e)
}

#[test]
fn every_example_gives_the_same_findings_as_a_workbook() {
    let (mut n, mut total) = (0, 0);
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let bytes = to_workbook(&path).unwrap();
        let yaml = verdicts(Target::File(path.clone()));
        let book = verdicts(Target::Memory("example.xlsx".into(), bytes.into()));
        total += yaml.0.len();
        assert_eq!(book.0, yaml.0, "{}", path.display());
        assert_eq!(book.1, yaml.1, "{}", path.display());
        n += 1;
    }
    assert_eq!(n, 5);
    assert!(total > 50, "{total}");
}

#[test]
fn findings_in_a_workbook_say_the_sheet_row_ref_header_and_cell() {
    let bytes = to_workbook(&root().join("examples/meadow-fostering-service.yaml")).unwrap();
    let set = carecheck_shipped::rules_set(&Vec::new()).unwrap();
    let engine = Engine::new(&set, None);
    let opts = CheckOptions {
        reader: Some(carecheck_workbook::read_for_check),
        ..CheckOptions::default()
    };
    let r = check_one(
        &Target::Memory("meadow.xlsx".into(), bytes.into()),
        &set,
        &engine,
        &opts,
    );
    assert!(r.findings.iter().all(|f| f.place.is_some()), "every finding is placed");
    // a household's overdue approval review points at that household's row
    let f = r
        .findings
        .iter()
        .find(|f| f.record.as_deref() == Some("FC-02") && f.outcome.as_str() == "fail")
        .expect("a failing finding for FC-02");
    let place = f.place.as_deref().unwrap();
    assert!(place.contains("(FC-02)"), "{place}");
    assert!(place.contains(", cell "), "{place}");
    assert!(
        place.starts_with("Foster carer households, row ") || place.starts_with("Approval reviews, row "),
        "{place}"
    );
    // the line and column are the cell's row and column
    assert!(place.contains(&format!("row {}", f.line)), "{place} line {}", f.line);
}
