//! GitHub Actions workflow commands (`::error file=...,line=...::message`), so a pull
//! request shows findings inline.

use std::io::{self, Write};

use super::{Context, Reporter, Summary};
use carecheck_core::check::FileResult;
use carecheck_core::finding::{Outcome, Severity};

/// The GitHub annotations reporter.
pub struct Github;

/// Escape a workflow command's data: `%`, CR and LF as the runner reads them (so a line
/// break shows inside the annotation and never starts a command of its own), and every other
/// control character as the concise report shows it (`\u{1b}`), so an escape sequence from a
/// file cannot drive the log's colours or cursor.
pub fn escape_data(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => o.push_str("%25"),
            '\r' => o.push_str("%0D"),
            '\n' => o.push_str("%0A"),
            c if c.is_control() => o.push_str(&carecheck_core::finding::printable(c.encode_utf8(&mut [0; 4]))),
            c => o.push(c),
        }
    }
    o
}

/// Escape a workflow command's property (also `:` and `,`).
pub fn escape_prop(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn file(&mut self, r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        for e in &r.errors {
            writeln!(
                out,
                "::error file={},line={},col={},title=load::{}",
                escape_prop(&r.path),
                e.line.max(1),
                e.column.max(1),
                escape_data(&crate::placed(e.place.as_deref(), &e.problem.message))
            )?;
        }
        for f in r.findings.iter().filter(|f| ctx.shows(f)) {
            let level = match (f.outcome, f.severity) {
                (Outcome::Fail, Severity::Error) => "error",
                (Outcome::Fail, Severity::Warning) => "warning",
                _ => "notice",
            };
            writeln!(
                out,
                "::{level} file={},line={},col={},title={}::{}",
                escape_prop(&r.path),
                f.line,
                f.column,
                escape_prop(&format!("{} ({})", f.standard, f.outcome.as_str())),
                escape_data(&crate::placed(f.place.as_deref(), &f.message))
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "::notice title=carecheck::{}", escape_data(&summary.tally()))
    }
}
