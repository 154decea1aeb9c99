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

const KINDS: [&str; 4] = [
    "childrens_home",
    "secure_childrens_home",
    "fostering_service",
    "supported_accommodation",
];

/// A template written by `init`, as its text.
fn template(kind: &str, extra: &[&str]) -> String {
    let mut args = vec!["init", "--kind", kind, "--as-of", "2026-06-30"];
    args.extend_from_slice(extra);
    let out = bin(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// What a manager does with a template's example entries: removes the `# ` before each of
/// their lines (every commented line after the header is part of one).
fn uncommented(text: &str) -> String {
    let body = text.find("\nschema_version").unwrap();
    let mut out = text[..body].to_string();
    for line in text[body..].lines() {
        match line.strip_prefix("# ") {
            Some(rest) if !line.starts_with("# -") || !rest.trim_start().is_empty() => out.push_str(rest),
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

fn parse(text: &str) -> carecheck_core::node::Node {
    let src = carecheck_core::source::SourceFile::new("template.yaml", text.to_string());
    carecheck_core::yaml::parse(&src, Default::default()).unwrap()
}

/// Every key path of a tree, without list steps (`children.placement.start`).
fn key_paths(n: &carecheck_core::node::Node, prefix: &str, out: &mut std::collections::BTreeSet<String>) {
    use carecheck_core::node::NodeKind::*;
    match &n.kind {
        Map(entries) => {
            for (k, v) in entries {
                let p = if prefix.is_empty() {
                    k.name.clone()
                } else {
                    format!("{prefix}.{}", k.name)
                };
                out.insert(p.clone());
                key_paths(v, &p, out);
            }
        }
        Seq(items) => items.iter().for_each(|i| key_paths(i, prefix, out)),
        _ => {}
    }
}

/// Whether the schema marks the field at `path`, or a mapping or list holding it, as
/// needed in every file.
fn always_needed(path: &str) -> bool {
    let mut p = String::new();
    for seg in path.split('.') {
        if !p.is_empty() {
            p.push('.');
        }
        p.push_str(seg);
        if carecheck_core::schema::lookup(&p).is_some_and(|f| f.always) {
            return true;
        }
    }
    false
}

#[test]
fn a_template_asks_only_for_what_the_standards_for_its_kind_read() {
    let set = carecheck_shipped::rules_set(&Vec::new()).unwrap();
    for kind in KINDS {
        let reads: Vec<&String> = set
            .standards
            .iter()
            .filter(|s| s.kinds.is_empty() || s.kinds.contains(&kind))
            .flat_map(|s| s.reads.iter())
            .collect();
        let text = uncommented(&template(
            kind,
            &["--children", "2", "--staff", "1", "--households", "2"],
        ));
        let mut paths = std::collections::BTreeSet::new();
        key_paths(&parse(&text), "", &mut paths);
        assert!(paths.len() > 20, "{kind}: {paths:?}");
        for p in &paths {
            let read = reads.iter().any(|r| *r == p || r.starts_with(&format!("{p}.")));
            let is_ref = matches!(
                carecheck_core::schema::lookup(p).map(|f| &f.ty),
                Some(carecheck_core::schema::Ty::Ref(_))
            );
            assert!(
                read || always_needed(p) || is_ref,
                "{kind}: the template asks for `{p}`, which no standard for a {kind} reads"
            );
        }
        if kind == "fostering_service" {
            for never in [
                "incidents.restraint.occurred_at",
                "children.placement.secure_hours_without_order",
                "home",
            ] {
                assert!(!paths.contains(never), "{never}");
            }
            assert!(text.contains("- ref: H-02"), "--households 2 writes two households");
            assert!(
                !text.contains(": []"),
                "a blank list is not reported; [] would say there are none"
            );
        }
    }
}

/// A plausible value for every blank of a template, by the field's type: what a manager
/// filling it in from their records would write.
fn fill(n: &mut carecheck_core::node::Node, path: &str, first: &std::collections::BTreeMap<&str, String>) -> Value {
    use carecheck_core::node::NodeKind::*;
    use carecheck_core::schema::Ty;
    let field = carecheck_core::schema::lookup(path);
    match &mut n.kind {
        Map(entries) => Value::Object(
            entries
                .iter_mut()
                .map(|(k, v)| {
                    let p = if path.is_empty() {
                        k.name.clone()
                    } else {
                        format!("{path}.{}", k.name)
                    };
                    (k.name.clone(), fill(v, &p, first))
                })
                .collect(),
        ),
        Seq(items) => Value::Array(items.iter_mut().map(|i| fill(i, path, first)).collect()),
        Null => {
            let Some(f) = field else { return Value::Null };
            let scalar = |ty: &Ty| -> Value {
                match ty {
                    Ty::Bool => Value::Bool(true),
                    Ty::Int { min, max } if *max == i64::MAX => Value::from((*min).max(2)),
                    Ty::Int { min, max } => Value::from(((*min + *max) / 2).clamp(*min, 17)),
                    Ty::Num => Value::from(5),
                    Ty::Str => Value::from("registered manager"),
                    Ty::Date => Value::from(match path {
                        "assessment.period.start" => "2025-07-01",
                        "assessment.period.end" => "2026-06-30",
                        _ => "2026-01-15",
                        // (a date after the as-of date would be a data-quality finding)
                    }),
                    Ty::Timestamp => Value::from("2026-01-15 10:00"),
                    Ty::Enum(words) => Value::from(words[0]),
                    Ty::Ref(list) => Value::from(first.get(list).cloned().unwrap_or_default()),
                    _ => Value::Null,
                }
            };
            match &f.ty {
                Ty::List(inner) => match inner.as_ref() {
                    Ty::Obj(_) => Value::Array(vec![]),
                    t => Value::Array(vec![scalar(t)]),
                },
                t => scalar(t),
            }
        }
        _ => yaml_to_json(n),
    }
}

#[test]
fn a_filled_in_template_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    for kind in KINDS {
        let text = uncommented(&template(
            kind,
            &["--children", "2", "--staff", "2", "--households", "2"],
        ));
        let mut tree = parse(&text);
        let mut first = std::collections::BTreeMap::new();
        first.insert("children", "C-01".to_string());
        first.insert("foster_carer_households", "H-01".to_string());
        let mut filled = fill(&mut tree, "", &first);
        // an exception names a real standard, or is not there
        filled["exceptions"] = Value::Array(vec![]);
        let path = dir.path().join(format!("{kind}.yaml"));
        std::fs::write(&path, serde_json::to_string_pretty(&filled).unwrap()).unwrap();
        let out = bin(&["check", path.to_str().unwrap(), "--format", "json"]);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let f = &v["files"][0];
        assert_eq!(
            f["status"],
            "checked",
            "{kind}: {}",
            serde_json::to_string_pretty(f).unwrap()
        );
        let quality: Vec<&Value> = f["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["kind"] != "standard" && x["outcome"] != "not_reported")
            .collect();
        assert!(
            f["warnings"].as_array().unwrap().is_empty(),
            "{kind}: {}",
            f["warnings"]
        );
        assert!(f["errors"].as_array().unwrap().is_empty(), "{kind}: {}", f["errors"]);
        assert!(quality.is_empty(), "{kind}: {quality:#?}");
    }
}
