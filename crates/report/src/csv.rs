//! CSV: one row per finding, for a spreadsheet. Quoted as RFC 4180 asks: a field holding a
//! comma, a quote or a line break is quoted, quotes doubled. Every CSV the program writes
//! (this report, the `--tables-csv` summary and statistics) goes through [`field`], so no
//! cell of any of them can be run by a spreadsheet as a formula.

use std::io::{self, Write};

use super::{Context, Reporter, Summary};
use carecheck_core::check::FileResult;

/// One CSV field, neutralised when a spreadsheet would run it as a formula, then quoted
/// when it must be.
///
/// A URN, a ref or a message comes from the file, and a spreadsheet runs a cell that starts
/// with `=`, `+`, `-` or `@` (and, in some, a tab or a carriage return before one of them) as
/// a formula: `=HYPERLINK(...)` in a URN would become a live link in an inspector's
/// spreadsheet. Such a cell is prefixed with `'`, OWASP's advice against CSV injection, which
/// spreadsheets show as text. A plain number (`-3`, `+44`, `12.5`) is left as it is: it is
/// no formula, and the counts and shares the program writes stay numbers.
pub fn field(s: &str) -> String {
    let neutral;
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(s) {
        neutral = format!("'{s}");
        neutral.as_str()
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A sign, digits and at most one decimal point: a number a spreadsheet reads as a number,
/// never as a formula.
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit())
}

/// One CSV line from its fields.
pub fn row(fields: &[&str]) -> String {
    fields.iter().map(|f| field(f)).collect::<Vec<_>>().join(",") + "\r\n"
}

/// The columns of a finding row. `kind` is what the finding is about (`standard`,
/// `data_quality`, `personal_data`, or `unreadable` for a file that could not be judged),
/// so a spreadsheet can count breaches of standards apart from problems with the data;
/// `law` is `yes` for a finding of a standard whose status is law (only its fails are
/// breaches of the law).
pub const COLUMNS: &[&str] = &[
    "file",
    "file_status",
    "provider_urn",
    "provider_name",
    "provider_kind",
    "kind",
    "standard",
    "test",
    "severity",
    "status",
    "law",
    "outcome",
    "child",
    "field",
    "line",
    "column",
    "message",
];

/// The CSV reporter. The rows of files that could not be judged are written as they come,
/// and the rows of judged files are kept until the end of the run, so that a spreadsheet
/// opens on what could not be read, never on a provider that looks clean because it was
/// never checked.
#[derive(Default)]
pub struct Csv {
    judged: Vec<u8>,
}

fn unjudged_rows(r: &FileResult, out: &mut dyn Write) -> io::Result<()> {
    let urn = r.urn.as_deref().unwrap_or("");
    for e in &r.errors {
        let (l, c) = (e.line.to_string(), e.column.to_string());
        out.write_all(
            row(&[
                &r.path,
                r.status.as_str(),
                urn,
                r.name.as_deref().unwrap_or(""),
                r.kind.as_deref().unwrap_or(""),
                if r.judged() { "load" } else { "unreadable" },
                "load",
                "",
                "error",
                "",
                "",
                "invalid",
                "",
                "",
                &l,
                &c,
                &crate::placed(e.place.as_deref(), &e.problem.message),
            ])
            .as_bytes(),
        )?;
    }
    Ok(())
}

impl Reporter for Csv {
    fn begin(&mut self, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(row(COLUMNS).as_bytes())
    }

    fn file(&mut self, r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        if !r.judged() {
            return unjudged_rows(r, out);
        }
        let out = &mut self.judged;
        unjudged_rows(r, out)?;
        let urn = r.urn.as_deref().unwrap_or("");
        let name = r.name.as_deref().unwrap_or("");
        let kind = r.kind.as_deref().unwrap_or("");
        for f in r.findings.iter().filter(|f| ctx.shows(f)) {
            let status = ctx.set.get(&f.standard).map(|s| s.status.name()).unwrap_or("");
            let (l, c) = (f.line.to_string(), f.column.to_string());
            out.write_all(
                row(&[
                    &r.path,
                    r.status.as_str(),
                    urn,
                    name,
                    kind,
                    f.kind().as_str(),
                    &f.standard,
                    f.test.as_deref().unwrap_or(""),
                    f.severity.as_str(),
                    status,
                    if f.law { "yes" } else { "no" },
                    f.outcome.as_str(),
                    f.child.as_deref().unwrap_or(""),
                    &f.field,
                    &l,
                    &c,
                    &crate::placed(f.place.as_deref(), &f.message),
                ])
                .as_bytes(),
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&std::mem::take(&mut self.judged))
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

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_shown_as_text() {
        for (cell, written) in [
            ("=1+2", "'=1+2"),
            ("@SUM(1+1)", "'@SUM(1+1)"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("\t=1", "'\t=1"),
            ("\r=1", "\"'\r=1\""),
            (
                "=HYPERLINK(\"http://evil.example\",\"open\")",
                "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"open\"\")\"",
            ),
            ("-", "'-"),
            ("+", "'+"),
        ] {
            assert_eq!(field(cell), written, "{cell:?}");
        }
    }

    #[test]
    fn numbers_and_ordinary_text_are_left_as_they_are() {
        for cell in [
            "0",
            "12",
            "-3",
            "+44",
            "0.25",
            "-0.5",
            "C-1",
            "a=b",
            "SC700101",
            "",
            "2026-06-30",
        ] {
            assert_eq!(field(cell), cell);
        }
    }
}
