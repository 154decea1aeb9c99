//! The to-do list is complete (issue 24, item 6): for each kind of provider, a file made
//! from `init`'s template, with the basics a manager writes first, is checked; exactly the
//! fields its to-do list names are filled in; checked again, its to-do list is empty. A
//! list that named only the first missing field of each standard grew as it was filled in.

use std::process::Command;
use std::sync::Arc;

use carecheck_core::check::{check_one, CheckOptions, FileResult, Target};
use carecheck_core::engine::Engine;
use carecheck_core::node::{Node, NodeKind};
use carecheck_core::schema::Ty;
use serde_json::{json, Map, Value};

/// A YAML tree as JSON (a self-assessment in JSON is read as YAML).
fn to_json(n: &Node) -> Value {
    match &n.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => json!(b),
        NodeKind::Int(i) => json!(i),
        NodeKind::Float(f) => json!(f),
        NodeKind::Str(s) => json!(s),
        NodeKind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Map(pairs) => Value::Object(pairs.iter().map(|(k, v)| (k.name.clone(), to_json(v))).collect()),
    }
}

/// The template `init` writes for a kind, as JSON.
fn template(kind: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    let mut args = vec!["init", "--kind", kind, "--children", "1", "-o", path.to_str().unwrap()];
    if kind == "fostering_service" {
        args.extend(["--households", "1"]);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(&args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&path).unwrap();
    let src = carecheck_core::source::SourceFile::new("t.yaml", text.as_str());
    to_json(&carecheck_core::yaml::parse(&src, carecheck_core::yaml::Limits::default()).unwrap())
}

/// What a manager writes first: the dates the check is judged at, who the provider is,
/// one member of staff, and for a fostering service the household the child lives in (a
/// field read through that link, such as the household's approval terms, can only be
/// asked for once the link names the household).
fn basics(mut v: Value) -> Value {
    if v["provider"]["kind"] == "fostering_service" {
        v["children"][0]["household"] = json!("H-01");
    }
    v["assessment"]["as_of"] = json!("2026-09-30");
    v["assessment"]["period"] = json!({"start": "2026-04-01", "end": "2026-09-30"});
    v["provider"]["name"] = json!("A provider");
    v["provider"]["registration"]["urn"] = json!("SC700001");
    v["workforce"]["staff"] = json!([{"ref": "S-01"}]);
    v
}

/// A value of the field's type, as a manager would record it.
fn value_of(ty: &Ty, key: &str) -> Value {
    match ty {
        Ty::Bool => json!(true),
        Ty::Int { min, max } => {
            let n = if key == "age_years" { 12 } else { 1 };
            json!(n.clamp(*min, *max))
        }
        Ty::Num => json!(1),
        Ty::Str => json!("recorded"),
        Ty::Date => json!("2026-09-01"),
        Ty::Timestamp => json!("2026-09-01T10:00:00+01:00"),
        Ty::Enum(words) => json!(words[0]),
        Ty::Ref(list) => json!(if *list == "children" { "C-01" } else { "H-01" }),
        Ty::List(inner) => match inner.as_ref() {
            Ty::Obj(_) => json!([]),
            t => json!([value_of(t, key)]),
        },
        Ty::Obj(_) => json!({}),
    }
}

/// Set a concrete path (`children[0].plans.placement_plan.date`) in the tree.
fn set(root: &mut Value, path: &str, value: Value) {
    let segs: Vec<&str> = path.split('.').collect();
    let mut at = root;
    for (i, seg) in segs.iter().enumerate() {
        let (key, idx) = match seg.split_once('[') {
            Some((k, n)) => (k, Some(n.trim_end_matches(']').parse::<usize>().unwrap())),
            None => (*seg, None),
        };
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let last = i + 1 == segs.len() && idx.is_none();
        if last {
            at[key] = value;
            return;
        }
        at = &mut at[key];
        if let Some(n) = idx {
            assert!(
                at.as_array().is_some_and(|a| a.len() > n),
                "the to-do list names {path}, a record the file does not have"
            );
            at = &mut at[n];
        }
    }
}

fn check(v: &Value) -> FileResult {
    let set = carecheck_shipped::whole_set(&Vec::new()).unwrap();
    let engine = Engine::new(&set, None);
    let text = serde_json::to_string_pretty(v).unwrap();
    let t = Target::Memory("t.yaml".into(), Arc::from(text.as_bytes()));
    check_one(&t, &set, &engine, &CheckOptions::default())
}

/// Every concrete path the to-do list names, as the manager's reports build it.
fn todo_paths(r: &FileResult) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    for f in r
        .findings
        .iter()
        .filter(|f| f.outcome == carecheck_core::finding::Outcome::NotReported)
    {
        let listed: Vec<&str> = if f.missing.is_empty() {
            vec![f.field.as_str()]
        } else {
            f.missing.iter().map(|(p, _)| p.as_str()).collect()
        };
        for p in listed {
            if !paths.iter().any(|x| x == p) {
                paths.push(p.to_string());
            }
        }
    }
    paths
}

fn schema_path(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn filling_in_the_to_do_list_once_clears_it() {
    for kind in [
        "childrens_home",
        "secure_childrens_home",
        "supported_accommodation",
        "fostering_service",
    ] {
        let mut v = basics(template(kind));
        let first = check(&v);
        assert!(first.judged(), "{kind}: {:?}", first.errors);
        let asked = todo_paths(&first);
        assert!(!asked.is_empty(), "{kind}: a blank template has things to record");
        // the list is the whole of it: the report's groups hold every path, each once
        let listed: usize = carecheck_report::view::todo(&first).iter().map(|(_, i)| i.len()).sum();
        assert_eq!(listed, asked.len(), "{kind}: every field is listed once");
        for p in &asked {
            let field = carecheck_core::schema::lookup(&schema_path(p))
                .unwrap_or_else(|| panic!("{kind}: the to-do list names {p}, which is not a field"));
            let key = p.rsplit('.').next().unwrap_or(p);
            set(&mut v, p, value_of(&field.ty, key));
        }
        let second = check(&v);
        assert!(second.judged(), "{kind}: {:?}", second.errors);
        let left: Vec<String> = second
            .findings
            .iter()
            .filter(|f| f.outcome == carecheck_core::finding::Outcome::NotReported)
            .map(|f| format!("{} {} ({})", f.standard, f.field, f.message))
            .collect();
        assert!(
            left.is_empty(),
            "{kind}: after filling in the {} things asked, still to record:\n{}",
            asked.len(),
            left.join("\n")
        );
    }
}
