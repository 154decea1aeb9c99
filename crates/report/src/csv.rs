//! CSV: one row per finding, for a spreadsheet. Quoted as RFC 4180 asks: a field holding a
//! comma, a quote or a line break is quoted, quotes doubled.

use std::io::{self, Write};

use super::{Context, Reporter, Summary};
use carecheck_core::check::FileResult;

/// The CSV reporter.
#[derive(Default)]
pub struct Csv;

/// One CSV field, quoted when it must be.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One CSV line from its fields.
pub fn row(fields: &[&str]) -> String {
    fields.iter().map(|f| field(f)).collect::<Vec<_>>().join(",") + "\r\n"
}

/// The columns of a finding row.
pub const COLUMNS: &[&str] = &[
    "file",
    "provider_urn",
    "kind",
    "standard",
    "test",
    "severity",
    "status",
    "outcome",
    "child",
    "field",
    "line",
    "column",
    "message",
];

impl Reporter for Csv {
    fn begin(&mut self, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(row(COLUMNS).as_bytes())
    }

    fn file(&mut self, r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        let urn = r.urn.as_deref().unwrap_or("");
        let kind = r.kind.as_deref().unwrap_or("");
        for e in &r.errors {
            let (l, c) = (e.line.to_string(), e.column.to_string());
            out.write_all(
                row(&[
                    &r.path,
                    urn,
                    kind,
                    "load",
                    "",
                    "error",
                    "",
                    "invalid",
                    "",
                    "",
                    &l,
                    &c,
                    &e.problem.message,
                ])
                .as_bytes(),
            )?;
        }
        for f in r.findings.iter().filter(|f| ctx.shows(f)) {
            let status = ctx.set.get(&f.standard).map(|s| s.status.as_str()).unwrap_or("");
            let (l, c) = (f.line.to_string(), f.column.to_string());
            out.write_all(
                row(&[
                    &r.path,
                    urn,
                    kind,
                    &f.standard,
                    f.test.as_deref().unwrap_or(""),
                    f.severity.as_str(),
                    status,
                    f.outcome.as_str(),
                    f.child.as_deref().unwrap_or(""),
                    &f.field,
                    &l,
                    &c,
                    &f.message,
                ])
                .as_bytes(),
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, _ctx: &Context<'_>, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(
            row(&["a", "b,c", "say \"hi\"", "two\nlines"]),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
    }
}
