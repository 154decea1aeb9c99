//! `standards lint`'s formats: human (snippets, as `check` shows a file's problems), JSON,
//! SARIF (in the envelope `check`'s SARIF uses, [`crate::sarif`]) and GitHub annotations.
//! The problems themselves are found by `carecheck_core::lint`.

use std::io::{self, Write};

use miette::Severity as MSeverity;
use serde_json::{json, Value};

use crate::github::{escape_data, escape_prop};
use crate::human::{handler, problem_diag, render, safe_source};
use crate::sarif;
use crate::Format;
use carecheck_core::finding::Severity;
use carecheck_core::lint::{LintItem, LintReport, RULES};

/// The problem's message with its help under it, for the formats that have one text.
fn message_with_help(i: &LintItem) -> String {
    match &i.help {
        Some(h) => format!("{}\n{h}", i.message),
        None => i.message.clone(),
    }
}

/// The last line of the human and GitHub formats.
pub fn tally(r: &LintReport) -> String {
    format!(
        "{} standards loaded, {} examples run: {} error(s), {} warning(s)",
        r.standards,
        r.examples,
        r.errors(),
        r.items.len() - r.errors()
    )
}

/// The report as SARIF 2.1.0, so code hosts show problems inline; its files' URIs are
/// percent-encoded as `check`'s are.
pub fn sarif(r: &LintReport) -> Value {
    let results: Vec<Value> = r
        .items
        .iter()
        .map(|i| {
            let level = if i.severity == Severity::Error {
                "error"
            } else {
                "warning"
            };
            sarif::result(
                i.code,
                level,
                &message_with_help(i),
                &sarif::uri(&i.file),
                i.line,
                i.column,
            )
        })
        .collect();
    let rules = RULES.iter().map(|(id, text)| sarif::rule(id, text)).collect();
    sarif::document(json!({
        "tool": {"driver": sarif::driver(rules)},
        "results": results
    }))
}

/// Write the report in `format` (one of [`Format::LINT`]; any other is human); `color` for
/// the human snippets.
pub fn write(r: &LintReport, format: Format, color: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Json => {
            let v = json!({
                "standards": r.standards,
                "examples": r.examples,
                "errors": r.errors(),
                "problems": r.items,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)
        }
        Format::Sarif => writeln!(out, "{}", serde_json::to_string_pretty(&sarif(r))?),
        Format::Github => {
            for i in &r.items {
                writeln!(
                    out,
                    "::{} file={},line={},col={},title={}::{}",
                    i.severity.as_str(),
                    escape_prop(&i.file),
                    i.line,
                    i.column,
                    escape_prop(i.code),
                    escape_data(&message_with_help(i))
                )?;
            }
            writeln!(out, "{}", tally(r))
        }
        _ => human(r, color, out),
    }
}

/// Each problem as a snippet of its file, then the tally.
pub fn human(r: &LintReport, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let h = handler(color, 100);
    for i in &r.items {
        let sev = if i.severity == Severity::Error {
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
