//! The integrations people expect: completions for the common shells, a man page, the
//! pre-commit hooks (their entry commands run here), `--version` naming the standards.

use std::process::Command;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_carecheck"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    for (shell, marker) in [
        ("bash", "_carecheck()"),
        ("zsh", "#compdef carecheck"),
        ("fish", "complete -c carecheck"),
    ] {
        let out = bin().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let s = String::from_utf8_lossy(&out.stdout);
        assert!(s.contains(marker), "{shell}");
        assert!(
            s.contains("baseline") && s.contains("min-completeness"),
            "{shell} lacks newer flags"
        );
    }
}

#[test]
fn a_man_page() {
    let out = bin().arg("man").output().unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains(".TH carecheck 1") && s.contains("compare"));
}

#[test]
fn version_names_the_embedded_standards() {
    let out = bin().arg("--version").output().unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("embedded standards: carecheck universal care standards"),
        "{s}"
    );
}

/// The hooks of .pre-commit-hooks.yaml: (id, entry, args).
fn hooks() -> Vec<(String, String, Vec<String>)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.pre-commit-hooks.yaml")).unwrap();
    let src = carecheck_core::source::SourceFile::new("hooks", text.as_str());
    let node = carecheck_core::yaml::parse(&src, carecheck_core::yaml::Limits::default()).unwrap();
    let carecheck_core::node::NodeKind::Seq(items) = &node.kind else {
        panic!("a list of hooks")
    };
    items
        .iter()
        .map(|h| {
            let s = |k: &str| h.get(k).and_then(|n| n.as_str()).unwrap_or("").to_string();
            let args = match h.get("args").map(|a| &a.kind) {
                Some(carecheck_core::node::NodeKind::Seq(a)) => {
                    a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()
                }
                _ => Vec::new(),
            };
            (s("id"), s("entry"), args)
        })
        .collect()
}

#[test]
fn the_pre_commit_hooks_run() {
    let hooks = hooks();
    assert_eq!(hooks.len(), 2);
    for (id, entry, args) in hooks {
        let mut words = entry.split_whitespace();
        assert_eq!(words.next(), Some("carecheck"), "{id}");
        let mut c = bin();
        c.args(words).args(&args);
        if id == "carecheck-check" {
            // pre-commit passes the staged files
            c.arg("examples/oakwood-childrens-home.yaml");
        }
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{id}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if id == "carecheck-check" {
            let out = bin()
                .args(entry.split_whitespace().skip(1))
                .arg("examples/birchfield-childrens-home.yaml")
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{id} lets a failing file through");
        }
    }
}

/// `check --help` is where a CI author looks for what the exit codes mean; they must agree
/// with what the command does on an invalid file (2) and a clean one (0).
#[test]
fn check_help_states_the_exit_codes_it_uses() {
    let out = bin().args(["check", "--help"]).output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Exit codes: 0"), "{help}");
    assert!(help.contains("2 the run could not be trusted"), "{help}");
    let invalid = bin()
        .args(["check", "tests/fixtures/manager/tab.yaml", "--format", "none"])
        .output()
        .unwrap();
    assert_eq!(invalid.status.code(), Some(2));
}
