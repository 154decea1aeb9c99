//! The JSON Schema printed by `carecheck schema` accepts every shipped example (checked by an
//! independent JSON Schema implementation), `carecheck init` writes templates that load and
//! check with no error, and the committed standards reference is not stale.

use std::process::Command;

use serde_json::Value;

fn bin(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

/// YAML (as the loader reads it) to JSON, for the schema validator.
fn yaml_to_json(n: &carecheck_core::node::Node) -> Value {
    use carecheck_core::node::NodeKind::*;
    match &n.kind {
        Null => Value::Null,
        Bool(b) => Value::Bool(*b),
        Int(i) => Value::from(*i),
        Float(f) => Value::from(*f),
        Str(s) => Value::String(s.clone()),
        Seq(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Map(entries) => Value::Object(entries.iter().map(|(k, v)| (k.name.clone(), yaml_to_json(v))).collect()),
    }
}

#[test]
fn every_example_validates_against_the_schema() {
    let out = bin(&["schema"]);
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let mut n = 0;
    for e in std::fs::read_dir("examples").unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        let src = carecheck_core::source::SourceFile::new(p.display().to_string(), text);
        let node = carecheck_core::yaml::parse(&src, Default::default()).unwrap();
        let doc = yaml_to_json(&node);
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", p.display());
        n += 1;
    }
    assert_eq!(n, 5);
}

#[test]
fn the_schema_rejects_what_the_loader_rejects() {
    let out = bin(&["schema"]);
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let bad = serde_json::json!({"schema_version": 1, "provider": {"kind": "childrens_home"}, "children": [{"ref": "C-1", "age_years": "fourteen", "age_yaers": 14}]});
    assert!(!validator.is_valid(&bad));
    let bad_enum = serde_json::json!({"schema_version": 1, "provider": {"kind": "care_home"}});
    assert!(!validator.is_valid(&bad_enum));
    let bad_date = serde_json::json!({"schema_version": 1, "provider": {"kind": "childrens_home"}, "assessment": {"as_of": "30/06/2026"}});
    assert!(!validator.is_valid(&bad_date));
}

#[test]
fn init_templates_load_and_check_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    for kind in [
        "childrens_home",
        "secure_childrens_home",
        "fostering_service",
        "supported_accommodation",
    ] {
        let path = dir.path().join(format!("{kind}.yaml"));
        let p = path.to_str().unwrap();
        let out = bin(&[
            "init",
            "--kind",
            kind,
            "--children",
            "2",
            "--as-of",
            "2026-06-30",
            "--output",
            p,
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let out = bin(&["check", p, "--format", "json"]);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{kind}: {}",
            serde_json::to_string_pretty(&v["files"][0]).unwrap()
        );
        let f = &v["files"][0];
        assert_eq!(f["status"], "checked");
        assert!(
            f["warnings"].as_array().unwrap().is_empty(),
            "{kind}: {}",
            f["warnings"]
        );
        let findings = f["findings"].as_array().unwrap();
        assert!(!findings.is_empty());
        assert!(
            findings
                .iter()
                .all(|x| x["outcome"] == "not_reported" || x["severity"] == "info"),
            "{kind}: a blank template should only be not reported: {:#?}",
            findings
                .iter()
                .filter(|x| x["outcome"] != "not_reported")
                .collect::<Vec<_>>()
        );
        // refuses to overwrite
        let again = bin(&["init", "--kind", kind, "--output", p]);
        assert_eq!(again.status.code(), Some(2));
    }
}

#[test]
fn the_committed_reference_is_current() {
    let set = carecheck_shipped::whole_set(&Vec::new()).unwrap();
    let fresh = carecheck_report::reference::reference(&set, &carecheck_shipped::coverage().0);
    let committed = std::fs::read_to_string("standards/REFERENCE.md").unwrap_or_default();
    assert!(
        fresh == committed,
        "standards/REFERENCE.md is stale: run `cargo run -- standards doc --output standards/REFERENCE.md`"
    );
}
