//! `carecheck FILE` with no other word, which is also what a file dropped on the program
//! gives it: check the file, write the HTML report beside it and open it. A manager who
//! does not type commands can check their self-assessment this way.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::ExitStatus;

/// The file, when the command line is one existing file and nothing else (a subcommand or
/// a flag of that name is never taken for a file).
pub fn dropped_file(args: impl Iterator<Item = OsString>) -> Option<PathBuf> {
    let rest: Vec<OsString> = args.skip(1).collect();
    let [only] = rest.as_slice() else { return None };
    let path = PathBuf::from(only);
    let word = only.to_string_lossy();
    let is_command = word.starts_with('-')
        || [
            "check",
            "standards",
            "explain",
            "schema",
            "completions",
            "man",
            "init",
            "compare",
            "convert",
            "help",
        ]
        .contains(&word.as_ref());
    (!is_command && path.is_file()).then_some(path)
}

/// Where the report goes: beside the file, named after it (`agency.yaml` ->
/// `agency.report.html`), never the file itself.
pub fn report_path(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map_or_else(|| "carecheck".into(), |s| s.to_string_lossy().into_owned());
    file.with_file_name(format!("{stem}.report.html"))
}

/// Check the file as `carecheck check FILE --format human --format html:REPORT` would, then
/// say where the report is and open it.
pub fn run(file: &Path) -> ExitStatus {
    let report = report_path(file);
    let argv: Vec<OsString> = vec![
        "carecheck".into(),
        "check".into(),
        file.as_os_str().to_owned(),
        "--format".into(),
        "human".into(),
        "--format".into(),
        {
            let mut spec = OsString::from("html:");
            spec.push(report.as_os_str());
            spec
        },
    ];
    let cli = match <crate::cli::Cli as clap::Parser>::try_parse_from(argv) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("carecheck: {e}");
            return ExitStatus::Error;
        }
    };
    let status = super::run(cli);
    if report.is_file() {
        println!("The report is in {}", report.display());
        open_in_browser(&report);
    }
    status
}

/// Open the report with the system's own opener, when there is a screen to show it on and
/// CARECHECK_NO_OPEN is not set (the tests set it). Best effort: the path is printed anyway.
fn open_in_browser(report: &Path) {
    if std::env::var_os("CARECHECK_NO_OPEN").is_some() {
        return;
    }
    let opener: Option<(&str, Vec<OsString>)> = if cfg!(target_os = "windows") {
        Some((
            "cmd",
            vec!["/C".into(), "start".into(), "".into(), report.as_os_str().to_owned()],
        ))
    } else if cfg!(target_os = "macos") {
        Some(("open", vec![report.as_os_str().to_owned()]))
    } else if std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some() {
        Some(("xdg-open", vec![report.as_os_str().to_owned()]))
    } else {
        None
    };
    if let Some((program, args)) = opener {
        // not waited for: the browser outlives the check
        let _ = std::process::Command::new(program)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_existing_file_is_a_dropped_file() {
        let here = env!("CARGO_MANIFEST_DIR");
        let file = format!("{here}/examples/meadow-fostering-service.yaml");
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>().into_iter();
        assert_eq!(dropped_file(args(&["carecheck", &file])), Some(PathBuf::from(&file)));
        assert_eq!(dropped_file(args(&["carecheck", "check"])), None);
        assert_eq!(dropped_file(args(&["carecheck", "--help"])), None);
        assert_eq!(dropped_file(args(&["carecheck", here])), None, "a folder is not a file");
        assert_eq!(dropped_file(args(&["carecheck", &file, "--format", "json"])), None);
        assert_eq!(dropped_file(args(&["carecheck", "no-such-file.yaml"])), None);
    }

    #[test]
    fn the_report_is_beside_the_file_never_the_file() {
        assert_eq!(
            report_path(Path::new("a/agency.yaml")),
            PathBuf::from("a/agency.report.html")
        );
        assert_eq!(
            report_path(Path::new("x.report.html")),
            PathBuf::from("x.report.report.html")
        );
    }
}
