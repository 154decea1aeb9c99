//! The JSON report of the command-line contract, streamed one file at a time.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{Context, Reporter, Summary};
use crate::batch::{FileResult, FileStatus, Located};

/// The JSON reporter.
#[derive(Default)]
pub struct Json {
    first: bool,
}

fn located(l: &Located) -> Value {
    json!({
        "message": l.problem.message,
        "line": l.line,
        "column": l.column,
        "help": l.problem.help,
    })
}

/// One file as the contract's JSON object.
pub fn file_json(r: &FileResult) -> Value {
    let findings: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            json!({
                "standard": f.standard,
                "test": f.test,
                "severity": f.severity,
                "outcome": f.outcome,
                "child": f.child,
                "record": f.record,
                "message": f.message,
                "field": f.field,
                "line": f.line,
                "column": f.column,
                "citation": f.citation,
                "help": f.help,
                "waiver": f.waiver,
            })
        })
        .collect();
    json!({
        "path": r.path,
        "status": match r.status { FileStatus::Checked => "checked", FileStatus::Invalid => "invalid" },
        "provider": if r.status == FileStatus::Checked { json!({"urn": r.urn, "kind": r.kind}) } else { Value::Null },
        "as_of": r.as_of.map(|d| d.to_string()),
        "errors": r.errors.iter().map(located).collect::<Vec<_>>(),
        "warnings": r.warnings.iter().map(located).collect::<Vec<_>>(),
        "findings": findings,
    })
}

fn indent(s: &str, by: &str) -> String {
    s.replace('\n', &format!("\n{by}"))
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
        let body = serde_json::to_string_pretty(&file_json(r))?;
        if !self.first {
            out.write_all(b",")?;
        }
        self.first = false;
        write!(out, "\n    {}", indent(&body, "    "))
    }

    fn finish(&mut self, summary: &Summary, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        let s = serde_json::to_string_pretty(summary)?;
        let close = if self.first { "]" } else { "\n  ]" };
        writeln!(out, "{close},\n  \"summary\": {}\n}}", indent(&s, "  "))
    }
}
