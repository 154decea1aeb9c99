//! `carecheck schema`: the JSON Schema of the self-assessment format for editors, or, with
//! `--paths`, a field reference for standards authors.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::ExitStatus;
use crate::cli::SchemaArgs;
use carecheck_core::schema::{self, Ty};

/// Run `schema`. Its output is a document, not a report with findings: a reader that stops
/// early (`carecheck schema | head -1`) has lost nothing it asked for, so that is success.
pub fn run(args: &SchemaArgs) -> io::Result<ExitStatus> {
    match write_schema(args) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitStatus::Success),
        other => other,
    }
}

fn write_schema(args: &SchemaArgs) -> io::Result<ExitStatus> {
    let mut out = io::stdout().lock();
    if !args.paths {
        let s = serde_json::to_string_pretty(&schema::json_schema()).unwrap_or_default();
        writeln!(out, "{s}")?;
        return Ok(ExitStatus::Success);
    }
    let mut readers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Ok(set) = carecheck_shipped::whole_set(&Vec::new()) {
        for s in &set.standards {
            for r in &s.reads {
                readers.entry(r.clone()).or_default().push(s.id.clone());
            }
        }
    }
    for p in schema::all_paths() {
        let Some(f) = schema::lookup(p) else { continue };
        let (ty, words) = match &f.ty {
            Ty::Enum(w) => ("word".to_string(), w.join(" | ")),
            Ty::List(inner) => match inner.as_ref() {
                Ty::Enum(w) => ("list of words".to_string(), w.join(" | ")),
                Ty::Obj(_) => ("list of records (for_each)".to_string(), String::new()),
                t => (format!("list of {}", kind(t)), String::new()),
            },
            t => (kind(t), String::new()),
        };
        let read = readers.get(p.as_str()).map(|v| v.join(", ")).unwrap_or_default();
        writeln!(
            out,
            "{p}\t{ty}{}{}{}",
            if words.is_empty() {
                String::new()
            } else {
                format!("\t{words}")
            },
            if read.is_empty() {
                String::new()
            } else {
                format!("\tread by {read}")
            },
            if f.extension { "\t(extension)" } else { "" }
        )?;
    }
    Ok(ExitStatus::Success)
}

fn kind(t: &Ty) -> String {
    match t {
        Ty::Bool => "true/false".into(),
        Ty::Int { .. } => "whole number".into(),
        Ty::Num => "number".into(),
        Ty::Str => "text".into(),
        Ty::Date => "date".into(),
        Ty::Timestamp => "date and time".into(),
        Ty::Ref(l) => format!("ref to {l}"),
        Ty::Obj(_) => "group of fields".into(),
        Ty::Enum(_) => "word".into(),
        Ty::List(_) => "list".into(),
    }
}
