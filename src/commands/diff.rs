//! `carecheck standards diff OLD NEW [PATH]...`: what adopting a draft would change.
//!
//! Standards added, removed and changed (field by field), parameters changed, and, given
//! self-assessments, which findings would appear or disappear. This is how an expert group
//! sees a draft's impact on real submissions before adopting it.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{load_set, ExitStatus};
use crate::batch::{self, CheckOptions};
use crate::cli::{DiffArgs, SetArgs};
use crate::engine::Engine;
use crate::standards::{Standard, StandardSet};

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
        ("applies_to", crate::commands::list::applies_text(s)),
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
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "Standards: {} {} -> {} {}",
        old.name, old.version, new.name, new.version
    )?;
    out.write_all(standards_diff(&old, &new).as_bytes())?;
    if args.paths.is_empty() {
        return Ok(ExitStatus::Success);
    }
    let opts = CheckOptions {
        as_of,
        jobs: 1,
        ..CheckOptions::default()
    };
    let (eo, en) = (Engine::new(&old, None), Engine::new(&new, None));
    let mut appeared = 0;
    let mut disappeared = 0;
    let mut invalid = false;
    writeln!(out, "\nFindings:")?;
    for t in batch::discover(&args.paths) {
        let t = batch::in_memory(t, opts.max_file_bytes);
        let a = batch::check_one(&t, &old, &eo, &opts);
        let b = batch::check_one(&t, &new, &en, &opts);
        if a.status == batch::FileStatus::Invalid || b.status == batch::FileStatus::Invalid {
            invalid = true;
            writeln!(
                out,
                "  {}: could not be checked with {}",
                a.path,
                if a.status == batch::FileStatus::Invalid {
                    "the old set"
                } else {
                    "the new set"
                }
            )?;
            continue;
        }
        let key = |f: &crate::finding::Finding| {
            (
                f.standard.clone(),
                f.field.clone(),
                f.outcome.as_str().to_string(),
                f.severity.as_str().to_string(),
            )
        };
        let ka: BTreeSet<_> = a.findings.iter().map(key).collect();
        let kb: BTreeSet<_> = b.findings.iter().map(key).collect();
        let line = |sign: char, path: &str, f: &crate::finding::Finding| {
            format!(
                "  {sign} {path}:{}:{} {} {} {} {}",
                f.line,
                f.column,
                f.severity.as_str(),
                f.standard,
                f.outcome.as_str(),
                f.message
            )
        };
        for f in b.findings.iter().filter(|f| !ka.contains(&key(f))) {
            appeared += 1;
            writeln!(out, "{}", line('+', &b.path, f))?;
        }
        for f in a.findings.iter().filter(|f| !kb.contains(&key(f))) {
            disappeared += 1;
            writeln!(out, "{}", line('-', &a.path, f))?;
        }
    }
    writeln!(out, "{appeared} finding(s) would appear, {disappeared} would disappear")?;
    Ok(if invalid {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}
