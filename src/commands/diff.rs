//! `carecheck standards diff OLD NEW [PATH]...`: what adopting a draft would change.
//!
//! Standards added, removed and changed (field by field), parameters changed, and, given
//! self-assessments, which findings would appear or disappear. This is how an expert group
//! sees a draft's impact on real submissions before adopting it.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{load_set, ExitStatus};
use crate::batch;
use crate::cli::{DiffArgs, SetArgs};
use carecheck_core::check::{self as checking, CheckOptions, FileStatus};
use carecheck_core::engine::Engine;
use carecheck_core::standards::{Standard, StandardSet, UNWAIVABLE_STATUSES};

fn set_args(dir: &str) -> SetArgs {
    SetArgs {
        standards: if dir == "shipped" { None } else { Some(dir.to_string()) },
        ..SetArgs::default()
    }
}

/// The fields of a standard that matter to a reader, for comparison.
fn facets(s: &Standard) -> Vec<(&'static str, String)> {
    vec![
        ("title", s.title.clone()),
        ("test", s.test.clone()),
        ("status", s.status.clone()),
        ("duty_holder", s.duty_holder.clone()),
        ("severity", s.severity.as_str().to_string()),
        ("confidence", s.confidence.clone()),
        ("applies_to", s.applies_text()),
        ("for_each", s.for_each.clone()),
        ("requirement", s.requirement_text()),
        ("message", s.message.clone()),
        ("citation", s.citation.show()),
        ("waivable", s.waivable.to_string()),
    ]
}

/// The standards part of the diff, as text.
pub fn standards_diff(old: &StandardSet, new: &StandardSet) -> String {
    let mut o = String::new();
    let ids = |s: &StandardSet| s.standards.iter().map(|x| x.id.clone()).collect::<BTreeSet<_>>();
    let (a, b) = (ids(old), ids(new));
    for id in b.difference(&a) {
        if let Some(s) = new.get(id) {
            let _ = writeln!(o, "+ {id} added: {} ({}, {})", s.title, s.test, s.severity.as_str());
        }
    }
    for id in a.difference(&b) {
        if let Some(s) = old.get(id) {
            let _ = writeln!(o, "- {id} removed: {}", s.title);
        }
    }
    for id in a.intersection(&b) {
        let (Some(x), Some(y)) = (old.get(id), new.get(id)) else {
            continue;
        };
        let changes: Vec<String> = facets(x)
            .into_iter()
            .zip(facets(y))
            .filter(|(p, q)| p.1 != q.1)
            .map(|(p, q)| {
                if p.1.contains('\n') || q.1.contains('\n') {
                    format!(
                        "    {}:\n      was: {}\n      now: {}",
                        p.0,
                        p.1.trim().replace('\n', "\n           "),
                        q.1.trim().replace('\n', "\n           ")
                    )
                } else {
                    format!("    {}: {} -> {}", p.0, p.1, q.1)
                }
            })
            .collect();
        if !changes.is_empty() {
            let _ = writeln!(o, "~ {id} changed:\n{}", changes.join("\n"));
        }
    }
    for (k, p) in &new.params {
        match old.params.get(k) {
            None => {
                let _ = writeln!(o, "+ parameter {k} added (default {})", p.default.show());
            }
            Some(q) if q.default != p.default => {
                let _ = writeln!(
                    o,
                    "~ parameter {k}: default {} -> {}",
                    q.default.show(),
                    p.default.show()
                );
            }
            _ => {}
        }
    }
    for k in old.params.keys().filter(|k| !new.params.contains_key(*k)) {
        let _ = writeln!(o, "- parameter {k} removed");
    }
    if o.is_empty() {
        o.push_str("no change to the standards\n");
    }
    o
}

/// Warnings a reader must not miss: the law removed or weakened.
pub fn law_warnings(old: &StandardSet, new: &StandardSet) -> Vec<String> {
    let mut w = Vec::new();
    for x in &old.standards {
        let is_law = UNWAIVABLE_STATUSES.contains(&x.status.as_str());
        match new.get(&x.id) {
            None if is_law => w.push(format!("{} is {} and would be removed: {}", x.id, x.status, x.title)),
            Some(y) if is_law => {
                if !UNWAIVABLE_STATUSES.contains(&y.status.as_str()) {
                    w.push(format!(
                        "{} would no longer be law ({} -> {})",
                        x.id, x.status, y.status
                    ));
                }
                if y.severity < x.severity {
                    w.push(format!(
                        "{} is law and would be weakened: severity {} -> {}",
                        x.id,
                        x.severity.as_str(),
                        y.severity.as_str()
                    ));
                }
                if y.kinds.len() < x.kinds.len() || (x.ages.is_none() && y.ages.is_some()) {
                    w.push(format!(
                        "{} is law and would apply more narrowly: {} -> {}",
                        x.id,
                        x.applies_text(),
                        y.applies_text()
                    ));
                }
                if x.requirement_text() != y.requirement_text() {
                    w.push(format!(
                        "{} is law and its requirement would change: check that it is not weakened",
                        x.id
                    ));
                }
            }
            _ => {}
        }
    }
    w
}

const OUTCOMES: [&str; 3] = ["fail", "not_reported", "waived"];

/// Run `standards diff`.
pub fn run(args: &DiffArgs) -> io::Result<ExitStatus> {
    let old = match load_set(&set_args(&args.old)) {
        Ok(s) => s,
        Err(c) => return Ok(c),
    };
    let new = match load_set(&set_args(&args.new)) {
        Ok(s) => s,
        Err(c) => return Ok(c),
    };
    let as_of = match super::parse_as_of(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(m) => {
            eprintln!("carecheck: {m}");
            return Ok(ExitStatus::Error);
        }
    };
    let standards = standards_diff(&old, &new);
    let warnings = law_warnings(&old, &new);
    // per standard, the change in each outcome over the files; and every line
    let mut totals: std::collections::BTreeMap<String, [i64; 3]> = std::collections::BTreeMap::new();
    let mut lines: Vec<String> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    let (mut appeared, mut disappeared, mut files) = (0usize, 0usize, 0usize);
    if !args.paths.is_empty() {
        let opts = CheckOptions {
            as_of,
            reader: Some(carecheck_workbook::read_for_check),
            ..CheckOptions::default()
        };
        let (eo, en) = (Engine::new(&old, None), Engine::new(&new, None));
        for t in batch::discover(&args.paths) {
            let t = checking::in_memory(t, opts.max_file_bytes);
            files += 1;
            let a = checking::check_one(&t, &old, &eo, &opts);
            let b = checking::check_one(&t, &new, &en, &opts);
            if a.status != FileStatus::Checked || b.status != FileStatus::Checked {
                problems.push(format!(
                    "{}: could not be checked with {}",
                    a.path,
                    if a.status != FileStatus::Checked {
                        "the old set"
                    } else {
                        "the new set"
                    }
                ));
                continue;
            }
            let key = |f: &carecheck_core::finding::Finding| {
                (
                    f.standard.clone(),
                    f.field.clone(),
                    f.outcome.as_str().to_string(),
                    f.severity.as_str().to_string(),
                )
            };
            let ka: BTreeSet<_> = a.findings.iter().map(key).collect();
            let kb: BTreeSet<_> = b.findings.iter().map(key).collect();
            let line = |sign: char, path: &str, f: &carecheck_core::finding::Finding| {
                format!(
                    "{sign} {path}:{}:{} {} {} {} {}",
                    f.line,
                    f.column,
                    f.severity.as_str(),
                    f.standard,
                    f.outcome.as_str(),
                    f.message
                )
            };
            let mut bump = |f: &carecheck_core::finding::Finding, by: i64| {
                if let Some(i) = OUTCOMES.iter().position(|o| *o == f.outcome.as_str()) {
                    totals.entry(f.standard.clone()).or_insert([0; 3])[i] += by;
                }
            };
            for f in b.findings.iter().filter(|f| !ka.contains(&key(f))) {
                appeared += 1;
                bump(f, 1);
                lines.push(line('+', &b.path, f));
            }
            for f in a.findings.iter().filter(|f| !kb.contains(&key(f))) {
                disappeared += 1;
                bump(f, -1);
                lines.push(line('-', &a.path, f));
            }
        }
    }
    totals.retain(|_, v| v.iter().any(|n| *n != 0));
    let total_line = |id: &str, v: &[i64; 3]| -> String {
        let parts: Vec<String> = v
            .iter()
            .zip(OUTCOMES)
            .filter(|(n, _)| **n != 0)
            .map(|(n, o)| format!("{n:+} {}", o.replace('_', " ")))
            .collect();
        format!("{id}: {}", parts.join(", "))
    };
    let mut out = io::stdout().lock();
    match args.format.as_str() {
        "json" => {
            let v = serde_json::json!({
                "old": {"name": old.name, "version": old.version},
                "new": {"name": new.name, "version": new.version},
                "standards": standards.lines().collect::<Vec<_>>(),
                "law_warnings": warnings,
                "files": files,
                "problems": problems,
                "totals": totals.iter().map(|(id, v)| serde_json::json!({"standard": id, "fail": v[0], "not_reported": v[1], "waived": v[2]})).collect::<Vec<_>>(),
                "appeared": appeared,
                "disappeared": disappeared,
                "lines": if args.lines { lines.clone() } else { Vec::new() },
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        "markdown" => {
            writeln!(
                out,
                "## Standards: {} {} -> {} {}
",
                old.name, old.version, new.name, new.version
            )?;
            for w in &warnings {
                writeln!(
                    out,
                    "> **Warning:** {w}
"
                )?;
            }
            writeln!(out, "```diff\n{}```\n", standards)?;
            if !args.paths.is_empty() {
                writeln!(out, "### On {files} self-assessment(s)\n\n| standard | fails | not reported | waived |\n|---|---:|---:|---:|")?;
                for (id, v) in &totals {
                    writeln!(out, "| {id} | {:+} | {:+} | {:+} |", v[0], v[1], v[2])?;
                }
                writeln!(
                    out,
                    "\n{appeared} finding(s) would appear, {disappeared} would disappear."
                )?;
                for p in &problems {
                    writeln!(out, "- {p}")?;
                }
                if args.lines && !lines.is_empty() {
                    writeln!(out, "\n```diff\n{}\n```", lines.join("\n"))?;
                }
            }
        }
        _ => {
            writeln!(
                out,
                "Standards: {} {} -> {} {}",
                old.name, old.version, new.name, new.version
            )?;
            for w in &warnings {
                writeln!(out, "! warning: {w}")?;
            }
            out.write_all(standards.as_bytes())?;
            if !args.paths.is_empty() {
                writeln!(out, "\nOn {files} self-assessment(s), per standard:")?;
                for (id, v) in &totals {
                    writeln!(out, "  {}", total_line(id, v))?;
                }
                for p in &problems {
                    writeln!(out, "  {p}")?;
                }
                if args.lines {
                    writeln!(out, "\nFindings:")?;
                    for l in &lines {
                        writeln!(out, "  {l}")?;
                    }
                }
                writeln!(out, "{appeared} finding(s) would appear, {disappeared} would disappear")?;
            }
        }
    }
    Ok(if problems.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    })
}
