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
    name: Option<&'a str>,
}

#[derive(Serialize)]
struct TotalsOut {
    errors: usize,
    warnings: usize,
    infos: usize,
    waived: usize,
    not_reported: usize,
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
    /// This file's counts, so a batch needs no second pass.
    totals: TotalsOut,
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
        // a file with unreadable values was still read: its provider is known; of a file that
        // could not be parsed, the URN if it could be found
        provider: (checked || r.kind.is_some() || r.urn.is_some()).then_some(ProviderOut {
            urn: r.urn.as_deref(),
            kind: r.kind.as_deref(),
            name: r.name.as_deref(),
        }),
        as_of: r.as_of.map(|d| d.to_string()),
        errors: r.errors.iter().map(LocatedOut::from).collect(),
        warnings: r.warnings.iter().map(LocatedOut::from).collect(),
        completeness: r.completeness,
        totals: {
            let c = super::view::counts(r);
            TotalsOut {
                errors: c.errors,
                warnings: c.warnings,
                infos: c.infos,
                waived: c.waived,
                not_reported: c.not_reported,
            }
        },
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

    fn finish(&mut self, summary: &Summary, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut v = serde_json::to_value(summary)?;
        // per standard: records and providers, with the title, so a national pass rate
        // needs no second tool
        let stats: Vec<serde_json::Value> = ctx
            .set
            .standards
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let c = summary.per_standard.get(i).copied().unwrap_or([0; 5]);
                let failing = summary.providers_failing.get(i).copied().unwrap_or(0);
                let applicable = summary.providers_applicable.get(i).copied().unwrap_or(0);
                json!({
                    "standard": s.id, "title": s.title, "test": s.test, "status": s.status,
                    "severity": s.severity.as_str(),
                    "records": {"pass": c[0], "fail": c[1], "not_reported": c[2], "not_applicable": c[3], "waived": c[4]},
                    "providers_failing": failing, "providers_applicable": applicable,
                    "share_failing": if applicable == 0 { 0.0 } else { (failing as f64 * 1000.0 / applicable as f64).round() / 1000.0 }
                })
            })
            .collect();
        v["statistics"] = serde_json::Value::Array(stats);
        let s = serde_json::to_string_pretty(&v)?;
        let close = if self.first { "]" } else { "\n  ]" };
        writeln!(out, "{close},\n  \"summary\": {}\n}}", s.replace('\n', "\n  "))
    }
}
