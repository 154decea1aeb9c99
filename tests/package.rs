//! The downloadable archive: `scripts/package.sh` packs the program (here the debug build,
//! to keep CI within its time; the script itself builds in release), the checksum matches,
//! and the program unpacked from it checks an example, also as `carecheck FILE` (a file
//! dropped on it), which writes the HTML report beside the file.

#![cfg(unix)]

use std::path::Path;
use std::process::Command;

fn run(cmd: &mut Command) -> std::process::Output {
    cmd.output().expect("the command runs")
}

#[test]
fn the_archived_program_checks_an_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let has = |tool: &str| Command::new(tool).arg("--version").output().is_ok();
    if !(has("tar") && has("sha256sum")) {
        eprintln!("skipped: tar and sha256sum are needed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = run(Command::new(root.join("scripts/package.sh"))
        .args(["--binary", env!("CARGO_BIN_EXE_carecheck"), "--out"])
        .arg(dir.path()));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let archive = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let name = Path::new(&archive).file_name().unwrap().to_str().unwrap().to_string();
    assert!(name.starts_with("carecheck-v") && name.ends_with(".tar.gz"), "{name}");

    // the checksum file checks the archive
    let sum = run(Command::new("sha256sum")
        .args(["-c", &format!("{name}.sha256")])
        .current_dir(dir.path()));
    assert!(sum.status.success(), "{}", String::from_utf8_lossy(&sum.stdout));

    // unpacked, it holds the program and the examples
    let unpack = tempfile::tempdir().unwrap();
    let tar = run(Command::new("tar").arg("-xzf").arg(&archive).current_dir(unpack.path()));
    assert!(tar.status.success());
    let top = unpack.path().join(name.trim_end_matches(".tar.gz"));
    let program = top.join("carecheck");
    let example = top.join("examples/meadow-fostering-service.yaml");
    assert!(top.join("README.md").is_file() && top.join("LICENSE").is_file());

    let checked = run(Command::new(&program)
        .arg("check")
        .arg(&example)
        .arg("--format")
        .arg("none"));
    // the example has findings (exit 1), and is read and judged: never 2
    assert_eq!(
        checked.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(String::from_utf8_lossy(&checked.stdout).starts_with("1 file checked:"));

    // `carecheck FILE`: the HTML report beside the file, and where it is said
    let dropped = run(Command::new(&program).arg(&example).env("CARECHECK_NO_OPEN", "1"));
    let said = String::from_utf8_lossy(&dropped.stdout).into_owned();
    let report = top.join("examples/meadow-fostering-service.report.html");
    assert_eq!(dropped.status.code(), Some(1), "{said}");
    assert!(
        said.contains(&format!("The report is in {}", report.display())),
        "{said}"
    );
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
        "{}",
        &html[..40.min(html.len())]
    );
    assert!(html.contains("Meadow Fostering"));
    // the input is untouched
    assert_eq!(
        std::fs::read(&example).unwrap(),
        std::fs::read(root.join("examples/meadow-fostering-service.yaml")).unwrap()
    );
}

/// The profile-guided release build trains the program on its own runs
/// (`scripts/pgo-profile.sh`): every run it makes is one the program accepts, so a change to
/// the command line cannot break a release build unseen; and a run the program refuses
/// (exit 2) stops the script rather than leaving a profile of nothing.
#[test]
fn the_release_builds_training_runs_are_ones_the_program_accepts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: python3 generates the training files");
        return;
    }
    let script = root.join("scripts/pgo-profile.sh");
    let out = run(Command::new(&script).args(["--training-only", env!("CARGO_BIN_EXE_carecheck"), "6"]));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let dir = tempfile::tempdir().unwrap();
    let refuses = dir.path().join("refuses");
    std::fs::write(&refuses, "#!/bin/sh\nexit 2\n").unwrap();
    let mut perms = std::fs::metadata(&refuses).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&refuses, perms).unwrap();
    let out = run(Command::new(&script).arg("--training-only").arg(&refuses).arg("2"));
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("exited with 2"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
