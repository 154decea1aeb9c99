//! `carecheck standards lint [DIR]`: for the CI of a standards draft.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use miette::Severity as MSeverity;

use super::{use_color, ExitStatus};
use crate::cli::LintArgs;
use carecheck_core::lint::{lint, LintReport};
use carecheck_core::standards::read_dir;
use carecheck_report::github::{escape_data, escape_prop};
use carecheck_report::human::{handler, problem_diag, render, safe_source};

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
    let mut out = io::stdout().lock();
    match args.format.as_str() {
        "json" => {
            let v = serde_json::json!({
                "standards": report.standards,
                "examples": report.examples,
                "errors": report.errors(),
                "problems": report.items,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        "sarif" => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&carecheck_report::sarif::lint(&report))?
        )?,
        "github" => {
            for i in &report.items {
                writeln!(
                    out,
                    "::{} file={},line={},col={},title={}::{}",
                    i.severity,
                    escape_prop(&i.file),
                    i.line,
                    i.column,
                    escape_prop(i.code),
                    escape_data(&match &i.help {
                        Some(h) => format!("{}\n{h}", i.message),
                        None => i.message.clone(),
                    })
                )?;
            }
            writeln!(out, "{}", tally(&report))?;
        }
        _ => human(&report, &mut out)?,
    }
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

fn tally(r: &LintReport) -> String {
    format!(
        "{} standards loaded, {} examples run: {} error(s), {} warning(s)",
        r.standards,
        r.examples,
        r.errors(),
        r.items.len() - r.errors()
    )
}

fn human(r: &LintReport, out: &mut dyn Write) -> io::Result<()> {
    let h = handler(use_color("auto", io::stdout().is_terminal()), 100);
    for i in &r.items {
        let sev = if i.severity == "error" {
            MSeverity::Error
        } else {
            MSeverity::Warning
        };
        // a standards file's control characters are shown as `?`, never sent to the terminal
        let safe = i.source.as_ref().and_then(safe_source);
        let src = safe.as_ref().or(i.source.as_ref());
        let d = problem_diag(&i.problem, sev, i.code, src);
        let s = render(&h, d, src);
        out.write_all(s.as_bytes())?;
    }
    writeln!(out, "{}", tally(r))
}
