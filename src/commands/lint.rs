//! `carecheck standards lint [DIR]`: for the CI of a standards draft.

use std::io::{self, IsTerminal};
use std::path::Path;

use super::{use_color, ExitStatus};
use crate::cli::LintArgs;
use carecheck_core::lint::lint;
use carecheck_core::standards::read_dir;

/// Run `standards lint`.
pub fn run(args: &LintArgs) -> io::Result<ExitStatus> {
    let files = match read_dir(Path::new(&args.dir)) {
        Ok(f) => f,
        Err(e) => {
            super::print_set_error(&e);
            return Ok(ExitStatus::Error);
        }
    };
    // paths as the author reads them: relative to the working directory when inside it
    let origin = relative_to_cwd(&args.dir);
    let report = match lint(&files, &origin) {
        Ok(r) => r,
        Err(m) => {
            eprintln!("carecheck: {m}");
            return Ok(ExitStatus::Error);
        }
    };
    let color = use_color("auto", io::stdout().is_terminal());
    carecheck_report::lint::write(&report, args.format, color, &mut io::stdout().lock())?;
    let warnings = report.items.len() - report.errors();
    let fails = match args.fail_on.as_str() {
        "never" => false,
        "warning" => report.errors() + warnings > 0,
        _ => report.errors() > 0,
    };
    Ok(if fails {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn relative_to_cwd(dir: &str) -> String {
    let p = Path::new(dir);
    if p.is_absolute() {
        if let Ok(cwd) = std::env::current_dir() {
            if let Ok(rel) = p.strip_prefix(&cwd) {
                let s = rel.to_string_lossy().replace('\\', "/");
                return if s.is_empty() { ".".into() } else { s };
            }
        }
    }
    dir.to_string()
}
