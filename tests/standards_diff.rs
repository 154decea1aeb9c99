//! `standards diff` shows what a draft changes: standards removed, changed field by field,
//! parameters changed, and the findings that appear or disappear on real files.

use std::path::Path;
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn diff_of_a_draft() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let draft = tmp.path().join("draft");
    copy_dir(&root.join("standards"), &draft);
    // a parameter relaxed, a standard removed, a standard's status changed
    let set = std::fs::read_to_string(draft.join("set.toml")).unwrap();
    let set = set.replace(
        "[parameters.review_travel_minutes_max]\ndefault = 30",
        "[parameters.review_travel_minutes_max]\ndefault = 45",
    );
    std::fs::write(draft.join("set.toml"), set).unwrap();
    std::fs::remove_file(draft.join("loving-relationships/REL-010-workforce-stability.toml")).unwrap();
    let opp = draft.join("access-to-opportunities/OPP-004-same-school-after-a-move.toml");
    let t = std::fs::read_to_string(&opp)
        .unwrap()
        .replace("status = \"practice\"", "status = \"statutory_guidance\"");
    std::fs::write(&opp, t).unwrap();
    // the law weakened: LR-011 (a missing child policy) made a recommendation
    let lr11 = draft.join("least-restrictive/LR-011-missing-child-policy.toml");
    let t = std::fs::read_to_string(&lr11)
        .unwrap()
        .replace("status = \"law\"", "status = \"review\"");
    std::fs::write(&lr11, t).unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args([
            "standards",
            "diff",
            "shipped",
            draft.to_str().unwrap(),
            "examples/",
            "--lines",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let s = String::from_utf8_lossy(&out.stdout);
    for line in [
        "- REL-010 removed: Staff turnover stays low enough for children to keep their relationships",
        "~ OPP-004 changed:\n    status: practice -> statutory_guidance",
        "~ parameter review_travel_minutes_max: default 30 -> 45",
        "  - examples/birchfield-childrens-home.yaml:89:21 info REL-010 fail Staff turnover was 41% over 12 months",
        "  - examples/harbour-supported-accommodation.yaml:99:192 warning REL-003 fail Child C-5B42's home is 40 minutes",
        "0 finding(s) would appear, 2 would disappear",
        "! warning: LR-011 would no longer be law (law -> review)",
        "  REL-010: -1 fail",
    ] {
        assert!(s.contains(line), "missing `{line}` in:\n{s}");
    }
    // totals first; every line only on request
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(["standards", "diff", "shipped", draft.to_str().unwrap(), "examples/"])
        .current_dir(root)
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("  REL-003: -1 fail") && !s.contains("  - examples/"), "{s}");
    // JSON and Markdown for a pull-request comment
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args([
            "standards",
            "diff",
            "shipped",
            draft.to_str().unwrap(),
            "examples/",
            "--format",
            "json",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["appeared"], 0);
    assert_eq!(v["disappeared"], 2);
    assert!(v["law_warnings"][0].as_str().unwrap().contains("LR-011"));
    assert!(v["totals"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["standard"] == "REL-010" && t["fail"] == -1));
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args([
            "standards",
            "diff",
            "shipped",
            draft.to_str().unwrap(),
            "examples/",
            "--format",
            "markdown",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    let m = String::from_utf8_lossy(&out.stdout);
    assert!(
        m.contains("> **Warning:** LR-011") && m.contains("| REL-010 | -1 | +0 | +0 |"),
        "{m}"
    );
    // a set compared with itself changes nothing
    let same = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(["standards", "diff", "standards", "shipped"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&same.stdout).contains("no change to the standards"));
}
