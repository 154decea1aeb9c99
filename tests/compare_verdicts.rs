//! `compare`'s verdicts, as an inspector reads them (UX audit v3, finding 18): a new breach
//! of the law with nothing fixed is "worse", a fail where there was "not reported" is new,
//! and a folder's comparison starts with its totals, worst first.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_carecheck"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn oakwood() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/oakwood-childrens-home.yaml")).unwrap()
}

/// Oakwood with its first staff member's references set to `refs` (None: the line gone,
/// so the evidence is not reported), its turnover and its URN.
fn variant(refs: Option<u32>, turnover: &str, urn: &str) -> String {
    let t = oakwood();
    let t = match refs {
        Some(n) => t.replacen("      references: 2\n", &format!("      references: {n}\n"), 1),
        None => t.replacen("      references: 2\n", "", 1),
    };
    t.replacen("turnover_pct_12m: 18.0", &format!("turnover_pct_12m: {turnover}"), 1)
        .replacen("SC700101", urn, 1)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn compare(old: &Path, new: &Path) -> Value {
    let out = bin()
        .arg("compare")
        .arg(old)
        .arg(new)
        .args(["--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

fn verdict(old: &str, new: &str) -> (String, Value) {
    let d = tempfile::tempdir().unwrap();
    let v = compare(&write(d.path(), "old.yaml", old), &write(d.path(), "new.yaml", new));
    let pair = v["pairs"][0].clone();
    (pair["verdict"].as_str().unwrap().to_string(), pair)
}

fn test_of<'a>(pair: &'a Value, test: &str) -> &'a Value {
    pair["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["test"] == test)
        .unwrap()
}

#[test]
fn the_same_file_twice_is_unchanged() {
    let t = variant(Some(2), "18.0", "SC700101");
    assert_eq!(verdict(&t, &t).0, "unchanged");
}

#[test]
fn a_new_breach_of_the_law_with_nothing_fixed_is_worse() {
    let (v, pair) = verdict(&variant(Some(2), "18.0", "SC1"), &variant(Some(1), "18.0", "SC1"));
    assert_eq!(v, "worse");
    let lr = test_of(&pair, "least-restrictive");
    assert_eq!(lr["verdict"], "worse");
    assert!(lr["new"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["standard"] == "LR-013" && i["law"] == true));
}

#[test]
fn a_fail_where_there_was_not_reported_is_new_and_worse() {
    let (v, pair) = verdict(&variant(None, "18.0", "SC1"), &variant(Some(1), "18.0", "SC1"));
    assert_eq!(v, "worse");
    let lr = test_of(&pair, "least-restrictive");
    assert!(
        lr["new"].as_array().unwrap().iter().any(|i| i["standard"] == "LR-013"),
        "{lr}"
    );
    // the evidence that appeared is the new fail itself: not counted as progress
    assert!(
        lr["evidence_appeared"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["standard"] != "LR-013"),
        "{lr}"
    );
}

/// Blanking a failing field is not a fix: the fail is listed once, as evidence that
/// disappeared, and the verdict is worse (the cross-cutting reader's probe: `compare` said
/// "fixed" where `--baseline` said nothing was resolved).
#[test]
fn a_fail_whose_evidence_was_blanked_is_not_fixed() {
    let (v, pair) = verdict(&variant(Some(1), "18.0", "SC1"), &variant(None, "18.0", "SC1"));
    assert_eq!(v, "worse", "{pair}");
    let lr = test_of(&pair, "least-restrictive");
    let has = |list: &str| lr[list].as_array().unwrap().iter().any(|i| i["standard"] == "LR-013");
    assert!(!has("fixed"), "{lr}");
    assert!(has("evidence_disappeared"), "{lr}");
}

#[test]
fn a_breach_fixed_with_nothing_new_is_better() {
    assert_eq!(
        verdict(&variant(Some(1), "18.0", "SC1"), &variant(Some(2), "18.0", "SC1")).0,
        "better"
    );
}

#[test]
fn a_breach_fixed_and_a_new_finding_is_mixed() {
    // LR-013 fixed; staff turnover now above the review's threshold (not law)
    let (v, pair) = verdict(&variant(Some(1), "18.0", "SC1"), &variant(Some(2), "45.0", "SC1"));
    assert_eq!(v, "mixed", "{pair}");
}

#[test]
fn a_folder_comparison_starts_with_its_totals_worst_first() {
    let old = tempfile::tempdir().unwrap();
    let new = tempfile::tempdir().unwrap();
    // two worse, one better, one unchanged, one not resubmitted, one new provider
    for (name, urn, before, after) in [
        ("a.yaml", "SC100001", Some(2), Some(1)),
        ("b.yaml", "SC100002", Some(2), Some(1)),
        ("c.yaml", "SC100003", Some(1), Some(2)),
        ("d.yaml", "SC100004", Some(2), Some(2)),
    ] {
        write(old.path(), name, &variant(before, "18.0", urn));
        write(new.path(), name, &variant(after, "18.0", urn));
    }
    write(old.path(), "gone.yaml", &variant(Some(2), "18.0", "SC100005"));
    write(new.path(), "fresh.yaml", &variant(Some(2), "18.0", "SC100006"));
    let v = compare(old.path(), new.path());
    let t = &v["totals"];
    assert_eq!(t["worse"], 2, "{t}");
    assert_eq!(t["better"], 1, "{t}");
    assert_eq!(t["unchanged"], 1, "{t}");
    assert_eq!(t["not resubmitted"], 1, "{t}");
    assert_eq!(t["new provider"], 1, "{t}");
    let verdicts: Vec<&str> = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts[..2], ["worse", "worse"], "{verdicts:?}");
    assert_eq!(verdicts.last(), Some(&"unchanged"), "{verdicts:?}");
    // the human report leads with the same line, and both formats can be had in one run
    let html = old.path().join("c.html");
    let out = bin()
        .arg("compare")
        .arg(old.path())
        .arg(new.path())
        .args(["--format", "human", "--format"])
        .arg(format!("html:{}", html.display()))
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.starts_with("providers: 2 worse, 1 not resubmitted, 1 new provider, 1 better, 1 unchanged\n"),
        "{s}"
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<caption>Providers by verdict, worst first</caption>"));
}

/// `md` is the format's short name, not `check`'s: `compare` takes it as `check` does and
/// writes the same bytes as `markdown`.
#[test]
fn md_is_markdown_for_compare_as_for_check() {
    let run = |args: &[&str]| {
        let out = bin().args(args).output().unwrap();
        assert!(
            out.status.code() != Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let pair = [
        "examples/oakwood-childrens-home.yaml",
        "examples/birchfield-childrens-home.yaml",
    ];
    for command in [&["compare"][..], &["check"][..]] {
        let with = |format: &str| run(&[command, &pair[..], &["--format", format]].concat());
        let markdown = with("markdown");
        assert!(!markdown.is_empty(), "{command:?}");
        assert_eq!(with("md"), markdown, "{command:?}");
    }
}
