//! `carecheck standards list`: the standards (or parameters) as a table or JSON.

use std::io::{self, IsTerminal, Write};

use comfy_table::{presets, ContentArrangement, Table};
use serde_json::json;

use super::{load_set, ExitStatus};
use crate::cli::ListArgs;
use carecheck_core::standards::StandardSet;
use carecheck_report::Format;

/// The set as JSON, for scripts and dashboards.
pub fn set_json(set: &StandardSet) -> serde_json::Value {
    json!({
        "name": set.name,
        "version": set.version,
        "tests": set.tests.iter().map(|t| json!({"id": t.id, "question": t.question})).collect::<Vec<_>>(),
        "standards": set.standards.iter().map(|s| json!({
            "id": s.id,
            "title": s.title,
            "test": s.test,
            "severity": s.severity,
            "status": s.status,
            "duty_holder": s.duty_holder,
            "applies_to": {"kinds": s.kinds, "ages": s.ages.map(|(a, b)| json!({"min": a, "max": b}))},
            "for_each": s.for_each,
            "citation": {"instrument": s.citation.instrument, "provision": s.citation.provision, "url": s.citation.url, "provisions": s.citation.provisions.iter().map(|p| serde_json::json!({"instrument": p.instrument, "provision": p.provision, "confidence": p.confidence, "url": p.url})).collect::<Vec<_>>()},
            "confidence": s.confidence,
            "parameters": s.params_used,
            "reads": s.reads,
        })).collect::<Vec<_>>(),
        "parameters": set.params.iter().map(|(k, p)| json!({
            "name": k, "value": p.value.show(), "default": p.default.show(), "unit": p.unit, "doc": p.doc,
        })).collect::<Vec<_>>(),
    })
}

/// Run `standards list`.
pub fn run(args: &ListArgs) -> io::Result<ExitStatus> {
    let set = match load_set(&args.set) {
        Ok(s) => s,
        Err(c) => return Ok(c),
    };
    let mut out = io::stdout().lock();
    if args.format == Format::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&set_json(&set))?)?;
        return Ok(ExitStatus::Success);
    }
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if !io::stdout().is_terminal() {
        t.set_width(140);
    }
    if args.params {
        t.set_header(["parameter", "value", "default", "unit", "meaning"]);
        for (k, p) in &set.params {
            t.add_row(vec![
                k.clone(),
                p.value.show(),
                p.default.show(),
                p.unit.clone(),
                p.doc.clone(),
            ]);
        }
    } else {
        t.set_header(["id", "test", "severity", "status", "applies to", "title"]);
        for s in &set.standards {
            t.add_row(vec![
                s.id.clone(),
                s.test.clone(),
                s.severity.as_str().to_string(),
                s.status.to_string(),
                s.applies_text(),
                s.title.to_string(),
            ]);
        }
    }
    writeln!(out, "{t}")?;
    if !args.params {
        writeln!(
            out,
            "{} {}: {} standards. Kinds: CH children's home, SCH secure children's home, F fostering service, SA supported accommodation. `carecheck explain ID` tells more.",
            set.name,
            set.version,
            set.standards.len()
        )?;
    }
    Ok(ExitStatus::Success)
}
