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
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    let validator = jsonschema::draft7::options()
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
    let validator = jsonschema::draft7::options()
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

/// REFERENCE.md as `carecheck standards doc` writes it from the shipped standards.
fn fresh_reference() -> String {
    let set = carecheck_shipped::whole_set(&Vec::new()).unwrap();
    carecheck_report::reference::reference(&set, &carecheck_shipped::coverage().0)
}

#[test]
fn the_committed_reference_is_current() {
    let fresh = fresh_reference();
    let committed = std::fs::read_to_string("standards/REFERENCE.md").unwrap_or_default();
    assert!(
        fresh == committed,
        "standards/REFERENCE.md is stale: run `cargo run -- standards doc --output standards/REFERENCE.md`"
    );
}

/// Every table of the reference has its header and separator above its rows: the Conditions
/// section was once written between a table's header and its rows, so the rows stood alone
/// and Markdown showed them as text.
#[test]
fn every_table_of_the_reference_starts_with_its_header() {
    let text = fresh_reference();
    let lines: Vec<(usize, &str)> = text.lines().enumerate().collect();
    let is_row = |(_, l): &(usize, &str)| l.starts_with('|');
    for block in lines.chunk_by(|a, b| is_row(a) == is_row(b)).filter(|b| is_row(&b[0])) {
        let (start, header) = block[0];
        assert!(
            block.len() >= 2 && block[1].1.starts_with("|---") && !header.starts_with("|---"),
            "the table at line {} of the reference has no header: {:?}",
            start + 1,
            &block[..block.len().min(2)]
        );
        // a row of another table run on into this one has another number of cells
        let cells = |line: &str| line.replace("\\|", "").matches('|').count();
        for &(n, row) in block {
            assert_eq!(
                cells(row),
                cells(header),
                "line {} of the reference does not fit its table's header: {row}",
                n + 1
            );
        }
    }
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
            // a field that decides how a read field is read (a DBS check applied for)
            let companion = carecheck_core::standards::kind_fields::companion_of(p)
                .is_some_and(|of| reads.iter().any(|r| *r == of));
            assert!(
                read || always_needed(p) || is_ref || companion,
                "{kind}: the template asks for `{p}`, which no standard for a {kind} reads"
            );
        }
        if kind == "fostering_service" {
            for never in [
                "incidents.restraint.occurred_at",
                "children.placement.secure_hours_without_order",
                "home.statement_of_purpose.age_range",
                "home.premises",
            ] {
                assert!(!paths.contains(never), "{never}");
            }
            // a fostering service has no home: of `home` it writes only its registered
            // manager (whose absences CARE-018 reads, and qualification CARE-042) and who
            // stands in for them (CARE-046), its written policies (LR-011,
            // LR-054, LR-055), its procedure following its children's education (OPP-010),
            // its staying put and education policies (REL-023, OPP-011), its policy on
            // carers' payments and the yearly review of their rates (CARE-044),
            // when its statement of purpose was written and sent to Ofsted
            // (CARE-024, CARE-025), what its children's guide says (VOICE-034: not whether it
            // suits children's homes' residents, VOICE-019), the placements the placing
            // authority ended (REL-021, REL-022: not the notice to the area authority of a
            // home's discharges, LR-041) and the ref every record has
            for p in paths.iter().filter(|p| p.starts_with("home.")) {
                assert!(
                    p == "home.ref"
                        || p.starts_with("home.manager")
                        || p == "home.missing_child_policy"
                        || p == "home.behaviour_management_policy"
                        || p == "home.safeguarding_policy"
                        || p == "home.education_monitoring_procedure"
                        || p == "home.staying_put_policy"
                        || p == "home.education_policy"
                        || p == "home.manager_absence_cover"
                        || p == "home.carer_payment_policy"
                        || p == "home.carer_payments_reviewed_on"
                        || p == "home.records_kept"
                        || p == "home.statement_of_purpose"
                        || p == "home.statement_of_purpose.last_revised"
                        || p == "home.statement_of_purpose.notified_hmci"
                        || p == "home.childrens_guide"
                        || p == "home.childrens_guide.exists"
                        || p == "home.childrens_guide.covers_who_to_contact"
                        || p == "home.childrens_guide.covers_advocacy"
                        || p == "home.discharges"
                        || p.starts_with("home.discharges.")
                            && !p.contains("host_la")
                            && !p.contains("outside_la_area"),
                    "a fostering template asks for `{p}`"
                );
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

/// The editor and the program agree: an independent JSON Schema validator of draft-07 (the
/// draft the YAML language server reads) gives the same verdict as `carecheck check` (no
/// problem with the values or the keys, or some) on the templates of every kind, the
/// examples, and the example with the slips and the writings the loader accepts.
#[test]
fn the_schema_and_the_program_agree_on_what_is_valid() {
    let out = bin(&["schema"]);
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cases: Vec<(String, String)> = Vec::new();
    for kind in [
        "childrens_home",
        "secure_childrens_home",
        "fostering_service",
        "supported_accommodation",
    ] {
        let path = dir.path().join(format!("init-{kind}.yaml"));
        let p = path.to_str().unwrap();
        let made = bin(&[
            "init",
            "--kind",
            kind,
            "--children",
            "2",
            "--as-of",
            "2026-06-30",
            "-o",
            p,
        ]);
        assert!(made.status.success());
        cases.push((format!("init {kind}"), std::fs::read_to_string(&path).unwrap()));
    }
    let mut names: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names {
        cases.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
    }
    let meadow = std::fs::read_to_string("examples/meadow-fostering-service.yaml").unwrap();
    let variant = |from: &str, to: &str| {
        assert_eq!(meadow.matches(from).count(), 1, "{from}");
        meadow.replacen(from, to, 1)
    };
    for (name, from, to) in [
        // accepted by the program, so by the schema
        ("quoted whole number", "references: 2", "references: \"2\""),
        ("quoted number", "turnover_pct_12m: 12.0", "turnover_pct_12m: \"12.0\""),
        ("quoted true", "update_service: true}", "update_service: \"true\"}"),
        ("whole number as text", "age_years: 16", "age_years: \" 16 \""),
        (
            "not_done date",
            "last_appraisal: 2026-02-16",
            "last_appraisal: not_done",
        ),
        (
            "local time",
            "occurred_at: \"2026-05-09T14:00:00+01:00\"",
            "occurred_at: 2026-05-09 14:00",
        ),
        (
            "not_done time",
            "notified_ofsted_at: \"2026-05-11T09:30:00+01:00\"",
            "notified_ofsted_at: not_done",
        ),
        (
            "number for text",
            "prepared_by_role: registered_manager",
            "prepared_by_role: 7",
        ),
        ("blank", "references: 2", "references: null"),
        // the slips: refused by both
        (
            "british date",
            "care_role_start: 2020-05-01",
            "care_role_start: 01/05/2020",
        ),
        ("yes for true", "update_service: true}", "update_service: yes}"),
        ("word with a space", "status: opted_out}", "status: opted out}"),
        (
            "misspelt key",
            "    tsd_completed: 2019-12-01",
            "    tsd_complted: 2019-12-01",
        ),
        ("per cent sign", "turnover_pct_12m: 12.0", "turnover_pct_12m: 12%"),
        (
            "date with no time",
            "occurred_at: \"2026-05-09T14:00:00+01:00\"",
            "occurred_at: tomorrow",
        ),
        ("words for a number", "references: 2", "references: two"),
        (
            "a list for none",
            "unannounced_visits: [2026-02-18]",
            "unannounced_visits: none",
        ),
        ("negative count", "references: 2", "references: -2"),
    ] {
        cases.push((name.to_string(), variant(from, to)));
    }
    let mut disagree = Vec::new();
    for (i, (name, text)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("case-{i}.yaml"));
        std::fs::write(&path, text).unwrap();
        let out = bin(&["check", path.to_str().unwrap(), "--format", "json"]);
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let f = &report["files"][0];
        let program_valid = f["errors"].as_array().unwrap().is_empty() && f["warnings"].as_array().unwrap().is_empty();
        let src = carecheck_core::source::SourceFile::new(name.clone(), text.clone());
        let node = carecheck_core::yaml::parse(&src, Default::default()).unwrap();
        let doc = yaml_to_json(&node);
        let schema_errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .take(3)
            .collect();
        if program_valid != schema_errors.is_empty() {
            disagree.push(format!(
                "{name}: program {}, schema {} {schema_errors:?} {}",
                if program_valid { "valid" } else { "invalid" },
                if schema_errors.is_empty() { "valid" } else { "invalid" },
                f["errors"]
            ));
        }
    }
    assert!(disagree.is_empty(), "{disagree:#?}");
    // the cases cover both verdicts
    assert!(cases.len() > 25);
}
