//! Bad, hostile and odd inputs: each gets its own diagnostic, every good file is still
//! checked and reported, the batch never panics or hangs, and the exit code is 2.
//!
//! The directory is built at test time (pipes, loops and permissions cannot live in git) with
//! fixed relative names, so the output is stable and snapshotted in `tests/snapshots/`.
//! `CARECHECK_UPDATE_SNAPSHOTS=1 cargo test --test hostile_inputs` rewrites the snapshots.

use std::fs;
use std::path::Path;
use std::process::Command;

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    fs::write(dir.join(name), bytes).unwrap();
}

fn build(dir: &Path) {
    let d = dir.join("batch");
    fs::create_dir(&d).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(
        root.join("examples/oakwood-childrens-home.yaml"),
        d.join("01-good-compliant.yaml"),
    )
    .unwrap();
    fs::copy(
        root.join("examples/ridgeway-secure-childrens-home.yaml"),
        d.join("02-good-with-findings.yaml"),
    )
    .unwrap();
    write(
        &d,
        "03-not-utf8.yaml",
        b"schema_version: 1\nprovider: {kind: childrens_home}\nnote: caf\xe9\n",
    );
    write(
        &d,
        "04-bom.yaml",
        b"\xef\xbb\xbfschema_version: 1\nprovider: {kind: childrens_home}\n",
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("schema_version: 1\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    write(&d, "04-utf16.yaml", &utf16);
    write(&d, "05-empty.yaml", b"");
    fs::create_dir(d.join("06-directory.yaml")).unwrap();
    write(&d.join("06-directory.yaml"), "inside.txt", "not YAML");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("no-such-target.yaml", d.join("08-broken-link.yaml")).unwrap();
        fs::create_dir(d.join("09-loop")).unwrap();
        std::os::unix::fs::symlink("..", d.join("09-loop/back-up")).unwrap();
        let fifo = d.join("15-fifo.yaml");
        let ok = Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "mkfifo is needed for this test");
    }
    let mut laughs = String::from(
        "schema_version: 1\nprovider: {kind: childrens_home}\nx0: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    let mut prev = 'a';
    for c in "bcdefghij".chars() {
        laughs.push_str(&format!(
            "x{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
        prev = c;
    }
    write(&d, "10-billion-laughs.yaml", laughs);
    write(
        &d,
        "11-deep-nesting.yaml",
        format!("schema_version: 1\nx: {}1{}\n", "[".repeat(50_000), "]".repeat(50_000)),
    );
    write(
        &d,
        "12-two-documents.yaml",
        "schema_version: 1\nprovider: {kind: childrens_home}\n---\nschema_version: 1\n",
    );
    write(&d, "13-duplicate-key.yaml", "schema_version: 1\nprovider: {kind: childrens_home}\nassessment: {as_of: 2026-06-30}\nchildren:\n  - ref: C-1\n    age_years: 14\n    age_years: 15\n");
    write(
        &d,
        "14-too-large.yaml",
        format!("schema_version: 1\n{}", "# padding\n".repeat(30_000)),
    );
    write(
        &d,
        "16-personal-data.yaml",
        "schema_version: 1\nassessment: {as_of: 2026-06-30}\nprovider: {kind: childrens_home, name: Oak Care Ltd}\nchildren:\n  - ref: C-1\n    name: Jamie\n    date_of_birth: 2011-03-12\n    siblings: {in_care: 1, living_together: 0, separation_reason: \"lives with aunt at SW1A 1AA\", contact_plan: true}\nexceptions:\n  - {standard: REL-003, child: C-1, reason: \"NHS 943 476 5919 specialist clinic\", approved_by_role: head_of_service, approved_on: 2026-01-01, expires_on: 2026-12-31}\n",
    );
    write(&d, "17-unknown-child.yaml", "schema_version: 1\nassessment: {as_of: 2026-06-30}\nprovider: {kind: childrens_home}\nchildren: [{ref: C-1}]\nincidents:\n  missing:\n    - {child: C-2, returned_at: \"2026-03-02T01:30:00+00:00\"}\nexceptions:\n  - {standard: REL-003, child: C-9, reason: r, approved_by_role: x, approved_on: 2026-01-01, expires_on: 2026-12-31}\n");
    write(&d, "18-duplicate-child-ref.yaml", "schema_version: 1\nassessment: {as_of: 2026-06-30}\nprovider: {kind: childrens_home}\nchildren:\n  - {ref: C-1, age_years: 12}\n  - {ref: C-1, age_years: 13}\n");
    write(&d, "19-unknown-standard-in-exception.yaml", "schema_version: 1\nassessment: {as_of: 2026-06-30}\nprovider: {kind: childrens_home}\nexceptions:\n  - {standard: REL-03, reason: r, approved_by_role: x, approved_on: 2026-01-01, expires_on: 2026-12-31}\n");
    write(
        &d,
        "20-wrong-version.yaml",
        "schema_version: 2\nprovider: {kind: childrens_home}\n",
    );
}

fn run(dir: &Path, format: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(["check", "batch", "--max-file-size", "200000", "--format", format])
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(name);
    if std::env::var_os("CARECHECK_UPDATE_SNAPSHOTS").is_some() {
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs; rerun with CARECHECK_UPDATE_SNAPSHOTS=1 and review the diff.\n--- actual ---\n{actual}",
        path.display()
    );
}

#[test]
#[cfg(unix)]
fn a_hostile_batch_reports_everything_and_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    build(tmp.path());
    let (code, concise) = run(tmp.path(), "concise");
    assert_eq!(code, 2);
    // every good file's findings are reported
    assert!(
        concise.contains("batch/02-good-with-findings.yaml:167:165: error LR-016"),
        "{concise}"
    );
    // every bad file has its own diagnostic
    for (file, text) in [
        ("03-not-utf8.yaml", "is not UTF-8 text"),
        // a UTF-8 BOM is read past: the file's own problem is what is reported
        ("04-bom.yaml", "assessment.as_of is missing"),
        ("04-utf16.yaml", "is saved as UTF-16"),
        ("05-empty.yaml", "the file is empty"),
        ("06-directory.yaml", "is a directory"),
        ("08-broken-link.yaml", "broken symbolic link"),
        ("09-loop", "loops back"),
        ("10-billion-laughs.yaml", "anchors and aliases would copy more than"),
        ("11-deep-nesting.yaml", "nest deeper than 64"),
        ("12-two-documents.yaml", "more than one YAML document"),
        (
            "13-duplicate-key.yaml",
            "duplicate key `age_years` (first given on line 6)",
        ),
        ("14-too-large.yaml", "over the limit of 200000 bytes"),
        ("15-fifo.yaml", "is not a regular file"),
        ("17-unknown-child.yaml", "no child with ref `C-2`"),
        ("18-duplicate-child-ref.yaml", "duplicate child ref `C-1`"),
        ("19-unknown-standard-in-exception.yaml", "no standard `REL-03`"),
        ("20-wrong-version.yaml", "unsupported schema_version 2"),
    ] {
        assert!(
            concise.lines().any(|l| l.contains(file) && l.contains(text)),
            "{file}: `{text}` not reported:\n{concise}"
        );
    }
    // personal data: keys are errors, text is a warning, in a file that is still checked
    for text in [
        "error personal-data `children[0].name: ▇▇▇▇`",
        "error personal-data `children[0].date_of_birth: ▇▇▇▇`",
        "a UK postcode",
        "an NHS-number-shaped",
    ] {
        assert!(concise.contains(text), "{text}:\n{concise}");
    }
    snapshot("hostile-batch.concise.txt", &concise);
    let (code, human) = run(tmp.path(), "human");
    assert_eq!(code, 2);
    snapshot("hostile-batch.human.txt", &human);
    let (_, json) = run(tmp.path(), "json");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["summary"]["files"], 20);
    assert_eq!(v["summary"]["invalid_files"], 17);
    let pd = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "batch/16-personal-data.yaml")
        .unwrap();
    let name = pd["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["field"] == "children[0].name")
        .unwrap();
    assert_eq!(name["standard"], "personal-data");
    assert_eq!(name["record"], "children[0]");
    assert!(name["test"].is_null());
}

#[test]
#[cfg(unix)]
fn an_unreadable_file_gets_its_own_diagnostic() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("locked.yaml");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/oakwood-childrens-home.yaml"),
        &p,
    )
    .unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&p).is_ok() {
        // Running as root: permissions do not stop a read, so there is nothing to test here.
        eprintln!("skipped: running with privileges that read a mode-000 file");
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(["check", "locked.yaml", "--format", "concise"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("locked.yaml:1:1: error load `locked.yaml` cannot be read: permission denied"));
}

#[test]
fn personal_data_guard_can_be_turned_off_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    build(tmp.path());
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args([
            "check",
            "batch/16-personal-data.yaml",
            "--allow-personal-data",
            "--format",
            "concise",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    // the findings on stdout, the tally on stderr
    let s = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!s.contains(" personal-data "), "{s}");
    assert!(s.contains("(personal-data guard OFF)"), "{s}");
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args([
            "check",
            "batch/16-personal-data.yaml",
            "--allow-personal-data",
            "--format",
            "json",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["personal_data_guard"], false);
}

/// A ref whose tenth byte falls inside a character, with a dash at its fifth
/// (`𐻂-🌀ౝ𐠼…`), made the manager's wording cut a string through a character: the
/// human, Markdown and HTML reports panicked, and the whole batch was lost (exit 101).
/// Every format now reports the file, and the rest of the batch with it.
#[test]
fn a_ref_with_wide_characters_is_worded_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("wide.yaml");
    fs::write(
        &file,
        "schema_version: 1\nassessment: {as_of: 2026-06-30}\nprovider: {kind: childrens_home}\n\
         children:\n  - {ref: \"\u{10ec2}-\u{1f300}\u{c5d}\u{1083c}abcdefgh\", age_years: 15, education: {internet_access: false}}\n",
    )
    .unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for format in ["human", "markdown", "html", "json", "concise"] {
        let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
            .arg("check")
            .arg(&file)
            .arg(&examples)
            .args(["--format", format, "-j", "2"])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("OPP-009"), "{format}: the wide ref's finding is reported");
        assert!(
            text.contains("birchfield-childrens-home.yaml"),
            "{format}: the rest of the batch is reported"
        );
    }
}
