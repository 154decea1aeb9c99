//! The JSON report of the command-line contract, streamed one file at a time.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::json;

use super::{Context, Reporter, Summary};
use crate::batch::{FileResult, FileStatus, Located};

/// The JSON reporter.
#[derive(Default)]
pub struct Json {
    first: bool,
}

/// A load problem, as the contract gives it.
#[derive(Serialize)]
struct LocatedOut<'a> {
    message: &'a str,
    line: usize,
    column: usize,
    help: Option<&'a str>,
}

impl<'a> From<&'a Located> for LocatedOut<'a> {
    fn from(l: &'a Located) -> Self {
        LocatedOut {
            message: &l.problem.message,
            line: l.line,
            column: l.column,
            help: l.problem.help.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct ProviderOut<'a> {
    urn: Option<&'a str>,
    kind: Option<&'a str>,
}

/// One file as the contract's JSON object, serialised straight from the results.
#[derive(Serialize)]
pub struct FileOut<'a> {
    path: &'a str,
    status: &'static str,
    provider: Option<ProviderOut<'a>>,
    as_of: Option<String>,
    errors: Vec<LocatedOut<'a>>,
    warnings: Vec<LocatedOut<'a>>,
    /// Per cent of the applicable checks that could be made.
    completeness: Option<f64>,
    findings: &'a [crate::finding::Finding],
    /// With `--baseline`: the baseline's findings no longer found.
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved: Option<&'a [crate::baseline::Resolved]>,
}

/// One file as the contract's JSON object.
pub fn file_out(r: &FileResult) -> FileOut<'_> {
    let checked = r.status == FileStatus::Checked;
    FileOut {
        path: &r.path,
        status: if checked { "checked" } else { "invalid" },
        provider: checked.then_some(ProviderOut {
            urn: r.urn.as_deref(),
            kind: r.kind.as_deref(),
        }),
        as_of: r.as_of.map(|d| d.to_string()),
        errors: r.errors.iter().map(LocatedOut::from).collect(),
        warnings: r.warnings.iter().map(LocatedOut::from).collect(),
        completeness: r.completeness,
        findings: &r.findings,
        resolved: r.resolved.as_deref(),
    }
}

/// A writer that indents every line after the first, so a pretty-printed value can be
/// nested in the streamed document without a second copy.
struct Indent<'w> {
    inner: &'w mut dyn Write,
    pad: &'static [u8],
}

impl Write for Indent<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|b| *b == b'\n') {
            self.inner.write_all(&rest[..=i])?;
            self.inner.write_all(self.pad)?;
            rest = &rest[i + 1..];
        }
        self.inner.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Reporter for Json {
    fn begin(&mut self, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        self.first = true;
        let tool = json!({"name": "carecheck", "version": env!("CARGO_PKG_VERSION")});
        let standards = json!({"name": ctx.set.name, "version": ctx.set.version, "count": ctx.set.standards.len()});
        write!(
            out,
            "{{\n  \"tool\": {},\n  \"standards\": {},\n  \"as_of\": {},\n  \"personal_data_guard\": {},\n  \"files\": [",
            serde_json::to_string(&tool)?,
            serde_json::to_string(&standards)?,
            serde_json::to_string(&ctx.as_of)?,
            ctx.personal_data_guard
        )
    }

    fn file(&mut self, r: &FileResult, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        if !self.first {
            out.write_all(b",")?;
        }
        self.first = false;
        out.write_all(b"\n    ")?;
        let mut w = Indent {
            inner: out,
            pad: b"    ",
        };
        serde_json::to_writer_pretty(&mut w, &file_out(r))?;
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        let s = serde_json::to_string_pretty(summary)?;
        let close = if self.first { "]" } else { "\n  ]" };
        writeln!(out, "{close},\n  \"summary\": {}\n}}", s.replace('\n', "\n  "))
    }
}
