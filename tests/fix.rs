//! `carecheck check --fix` and `--diff`: the slips a manager makes whose fix the checker knows
//! for certain are put right in place, byte for byte everywhere else; guesses are listed,
//! never applied.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const EXAMPLE: &str = include_str!("../examples/meadow-fostering-service.yaml");

fn carecheck(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Replace one occurrence of `from` (which must be there, once) by `to`.
fn slip(s: &str, from: &str, to: &str) -> String {
    assert_eq!(s.matches(from).count(), 1, "`{from}` should occur once");
    s.replacen(from, to, 1)
}

/// The example with the slips of the audit's first draft whose fix is certain: a British
/// date (a value and an item of a list), `yes` for true, `opted out` for `opted_out`, a
/// misspelt field name with one close match.
fn with_exact_slips() -> String {
    let s = slip(EXAMPLE, "care_role_start: 2020-05-01", "care_role_start: 01/05/2020");
    let s = slip(
        &s,
        "    adult_members_checked: true\n    approval: {date: 2019-03-12",
        "    adult_members_checked: yes\n    approval: {date: 2019-03-12",
    );
    let s = slip(&s, "status: opted_out}", "status: opted out}");
    let s = slip(&s, "    tsd_completed: 2019-12-01", "    tsd_complted: 2019-12-01");
    slip(
        &s,
        "unannounced_visits: [2026-02-18]",
        "unannounced_visits: [18/02/2026]",
    )
}

/// The fixes the JSON report carries for a file, as (start, end, replacement, exact).
fn fixes_in_json(dir: &Path, file: &str) -> Vec<(usize, usize, String, bool)> {
    let out = carecheck(&["check", file, "--format", "json"], dir);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let f = &report["files"][0];
    let mut all: Vec<(usize, usize, String, bool)> = f["errors"]
        .as_array()
        .unwrap()
        .iter()
        .chain(f["warnings"].as_array().unwrap())
        .chain(f["findings"].as_array().unwrap())
        .filter_map(|p| p.get("fix"))
        .map(|x| {
            (
                x["start"].as_u64().unwrap() as usize,
                x["end"].as_u64().unwrap() as usize,
                x["replacement"].as_str().unwrap().to_string(),
                x["exact"].as_bool().unwrap(),
            )
        })
        .collect();
    all.sort();
    all.dedup();
    all
}

#[test]
fn fix_puts_every_exact_slip_right_and_keeps_every_other_byte() {
    let dir = tempfile::tempdir().unwrap();
    let slipped = with_exact_slips();
    std::fs::write(dir.path().join("agency.yaml"), &slipped).unwrap();

    // before: the file is invalid, and the JSON report carries each fix as data
    let before = carecheck(&["check", "agency.yaml", "--format", "none"], dir.path());
    assert_eq!(before.status.code(), Some(2), "{}", text(&before.stderr));
    let fixes = fixes_in_json(dir.path(), "agency.yaml");
    let replacements: Vec<&str> = fixes.iter().map(|f| f.2.as_str()).collect();
    assert_eq!(
        replacements,
        ["2020-05-01", "true", "tsd_completed", "2026-02-18", "opted_out"]
    );
    assert!(fixes.iter().all(|f| f.3), "every one is exact: {fixes:?}");

    let out = carecheck(&["check", "--fix", "agency.yaml"], dir.path());
    let said = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}{}", text(&out.stderr));
    assert_eq!(
        said,
        "agency.yaml:43:24: `01/05/2020` -> `2020-05-01`\n\
         agency.yaml:55:28: `yes` -> `true`\n\
         agency.yaml:59:5: `tsd_complted` -> `tsd_completed`\n\
         agency.yaml:62:26: `18/02/2026` -> `2026-02-18`\n\
         agency.yaml:117:56: `opted out` -> `opted_out`\n\
         agency.yaml: 5 changes written; no problem stops it being checked now\n"
    );
    let fixed = std::fs::read(dir.path().join("agency.yaml")).unwrap();
    // the fixed file is the example itself, comments and layout included
    assert_eq!(text(&fixed), EXAMPLE);
    // and every byte outside the fixed spans is the slipped file's own
    let old = slipped.as_bytes();
    let (mut i, mut j) = (0usize, 0usize);
    for (start, end, replacement, _) in &fixes {
        assert_eq!(old[i..*start], fixed[j..j + (start - i)], "bytes before {start} differ");
        j += start - i;
        assert_eq!(&fixed[j..j + replacement.len()], replacement.as_bytes());
        j += replacement.len();
        i = *end;
    }
    assert_eq!(old[i..], fixed[j..]);

    // it is valid now: no problem that stops it being checked
    let after = carecheck(&["check", "agency.yaml", "--format", "none"], dir.path());
    assert_ne!(after.status.code(), Some(2), "{}", text(&after.stderr));
    // and a second --fix has nothing to do
    let again = carecheck(&["check", "--fix", "agency.yaml"], dir.path());
    assert_eq!(
        text(&again.stdout),
        "agency.yaml: nothing to change; no problem stops it being checked now\n"
    );
}

#[test]
fn diff_shows_the_changes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let slipped = with_exact_slips();
    std::fs::write(dir.path().join("agency.yaml"), &slipped).unwrap();
    let out = carecheck(&["check", "--diff", "agency.yaml"], dir.path());
    // like diff(1): 1 when there is something to change
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let diff = text(&out.stdout);
    assert!(
        diff.starts_with("--- a/agency.yaml\n+++ b/agency.yaml\n@@ -40,7 +40,7 @@\n"),
        "{diff}"
    );
    let removed: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .collect();
    let added: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    assert_eq!(removed.len(), 5);
    assert_eq!(added.len(), 5);
    assert!(removed.contains(&"-      care_role_start: 01/05/2020"));
    assert!(added.contains(&"+      care_role_start: 2020-05-01"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("agency.yaml")).unwrap(),
        slipped
    );
    // applying the diff gives what --fix writes
    if Command::new("patch").arg("--version").output().is_ok() {
        let patched = Command::new("patch")
            .args(["-p1", "--quiet"])
            .current_dir(dir.path())
            .stdin(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write as _;
                c.stdin.take().unwrap().write_all(diff.as_bytes())?;
                c.wait()
            })
            .unwrap();
        assert!(patched.success());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("agency.yaml")).unwrap(),
            EXAMPLE
        );
    }
    // a file with nothing to change: no diff, exit 0
    std::fs::write(dir.path().join("ok.yaml"), EXAMPLE).unwrap();
    let none = carecheck(&["check", "--diff", "ok.yaml"], dir.path());
    assert_eq!(none.status.code(), Some(0));
    assert!(none.stdout.is_empty());
}

#[test]
fn guesses_are_listed_and_never_applied() {
    let dir = tempfile::tempdir().unwrap();
    // a ref one letter from a household's (another household, perhaps), "none" for a list
    // (an empty list would be judged, where the word is not read), and a field name as close
    // to two fields (age_min and age_max)
    let s = slip(
        EXAMPLE,
        "household: FC-01\n    age_years: 16",
        "household: FC-1\n    age_years: 16",
    );
    let s = slip(&s, "unannounced_visits: [2025-03-11]", "unannounced_visits: none");
    let s = slip(&s, "terms: {age_min: 0, age_max: 18", "terms: {age_mix: 0, age_max: 18");
    std::fs::write(dir.path().join("agency.yaml"), &s).unwrap();
    let fixes = fixes_in_json(dir.path(), "agency.yaml");
    assert_eq!(fixes.len(), 3, "{fixes:?}");
    assert!(fixes.iter().all(|f| !f.3), "none is exact: {fixes:?}");

    let out = carecheck(&["check", "--fix", "agency.yaml"], dir.path());
    let said = text(&out.stdout);
    // still invalid: the run says so with the exit code of an invalid file
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("not changed, as it is a guess: `FC-1` -> `FC-01`?"),
        "{said}"
    );
    assert!(
        said.contains("not changed, as it is a guess: `none` -> `[]`?"),
        "{said}"
    );
    assert!(
        said.contains("not changed, as it is a guess: `age_mix` -> `age_min`?"),
        "{said}"
    );
    assert!(
        said.contains("agency.yaml: nothing to change; some problems need you"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("agency.yaml")).unwrap(), s);
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = with_exact_slips().replace('\n', "\r\n");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(crlf.as_bytes());
    std::fs::write(dir.path().join("agency.yaml"), &bytes).unwrap();
    let out = carecheck(&["check", "--fix", "agency.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let mut want = vec![0xEF, 0xBB, 0xBF];
    want.extend_from_slice(EXAMPLE.replace('\n', "\r\n").as_bytes());
    assert_eq!(std::fs::read(dir.path().join("agency.yaml")).unwrap(), want);
}

#[test]
fn fix_refuses_standard_input_and_both_flags_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = carecheck(&["check", "--fix", "-"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("change files on disk; `<stdin>` is not a file"));
    let both = carecheck(&["check", "--fix", "--diff", "x.yaml"], dir.path());
    assert_eq!(both.status.code(), Some(2), "--fix and --diff together are refused");
}
