//! `standards diff`'s three formats: text for a terminal, Markdown for a pull-request
//! comment, JSON for a script. The diff itself is computed by `carecheck_core::diff`.
//!
//! Nothing here is escaped: the standards' lines and the findings' lines sit inside
//! Markdown code fences, and the totals' rows hold standard ids, which the loader allows
//! only in the `AB-123` shape.

use std::fmt::Write as _;

use carecheck_core::diff::{Diff, FindingsDiff, Totals, OUTCOMES};

/// The findings' part, or an empty one when no self-assessment was given (JSON reports
/// zeros then, as it always has).
fn findings_or_empty(d: &Diff) -> std::borrow::Cow<'_, FindingsDiff> {
    match &d.findings {
        Some(f) => std::borrow::Cow::Borrowed(f),
        None => std::borrow::Cow::Owned(FindingsDiff::default()),
    }
}

/// One standard's totals in words: `REL-010: -1 fail, +2 not reported`.
fn total_line(id: &str, v: &Totals) -> String {
    let parts: Vec<String> = v
        .iter()
        .zip(OUTCOMES)
        .filter(|(n, _)| **n != 0)
        .map(|(n, o)| format!("{n:+} {}", o.replace('_', " ")))
        .collect();
    format!("{id}: {}", parts.join(", "))
}

/// The text report; `lines`: every finding that appears or disappears, after the totals.
pub fn text(d: &Diff, lines: bool) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Standards: {} {} -> {} {}", d.old.0, d.old.1, d.new.0, d.new.1);
    for w in &d.warnings {
        let _ = writeln!(o, "! warning: {w}");
    }
    o.push_str(&d.standards);
    if let Some(f) = &d.findings {
        let _ = writeln!(o, "\nOn {} self-assessment(s), per standard:", f.files);
        for (id, v) in &f.totals {
            let _ = writeln!(o, "  {}", total_line(id, v));
        }
        for p in &f.problems {
            let _ = writeln!(o, "  {p}");
        }
        if lines {
            let _ = writeln!(o, "\nFindings:");
            for l in &f.lines {
                let _ = writeln!(o, "  {l}");
            }
        }
        let _ = writeln!(
            o,
            "{} finding(s) would appear, {} would disappear",
            f.appeared, f.disappeared
        );
    }
    o
}

/// The Markdown report, for a pull-request comment.
pub fn markdown(d: &Diff, lines: bool) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "## Standards: {} {} -> {} {}\n", d.old.0, d.old.1, d.new.0, d.new.1);
    for w in &d.warnings {
        let _ = writeln!(o, "> **Warning:** {w}\n");
    }
    let _ = writeln!(o, "```diff\n{}```\n", d.standards);
    if let Some(f) = &d.findings {
        let _ = writeln!(
            o,
            "### On {} self-assessment(s)\n\n| standard | fails | not reported | waived |\n|---|---:|---:|---:|",
            f.files
        );
        for (id, v) in &f.totals {
            let _ = writeln!(o, "| {id} | {:+} | {:+} | {:+} |", v[0], v[1], v[2]);
        }
        let _ = writeln!(
            o,
            "\n{} finding(s) would appear, {} would disappear.",
            f.appeared, f.disappeared
        );
        for p in &f.problems {
            let _ = writeln!(o, "- {p}");
        }
        if lines && !f.lines.is_empty() {
            let _ = writeln!(o, "\n```diff\n{}\n```", f.lines.join("\n"));
        }
    }
    o
}

/// The JSON report; `lines` is empty unless asked for.
pub fn json(d: &Diff, lines: bool) -> serde_json::Result<String> {
    let f = findings_or_empty(d);
    let v = serde_json::json!({
        "old": {"name": d.old.0, "version": d.old.1},
        "new": {"name": d.new.0, "version": d.new.1},
        "standards": d.standards.lines().collect::<Vec<_>>(),
        "law_warnings": d.warnings,
        "files": f.files,
        "problems": f.problems,
        "totals": f.totals.iter().map(|(id, v)| serde_json::json!({"standard": id, "fail": v[0], "not_reported": v[1], "waived": v[2]})).collect::<Vec<_>>(),
        "appeared": f.appeared,
        "disappeared": f.disappeared,
        "lines": if lines { f.lines.clone() } else { Vec::new() },
    });
    let mut s = serde_json::to_string_pretty(&v)?;
    s.push('\n');
    Ok(s)
}
