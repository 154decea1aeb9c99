//! `carecheck compare OLD NEW`: check both sides, pair their providers and write the
//! comparison (computed by `carecheck_core::compare`, written by `carecheck_report::compare`)
//! in every format asked for.

use std::io::{self, Write};

use super::{load_set_for_checking, ExitStatus};
use crate::cli::CompareArgs;
use carecheck_core::check::{self as checking, CheckOptions, FileResult};
use carecheck_core::compare::{compare, worst_first};
use carecheck_core::engine::Engine;
use carecheck_core::finding::Severity;
use carecheck_core::standards::StandardSet;
use carecheck_report::compare as report;
use carecheck_report::Format;

fn check_all(paths: &str, set: &StandardSet, engine: &Engine<'_>) -> Vec<FileResult> {
    let opts = CheckOptions {
        reader: Some(carecheck_workbook::read_for_check),
        ..CheckOptions::default()
    };
    crate::batch::discover(&[paths.to_string()])
        .iter()
        .map(|t| checking::check_one(t, set, engine, &opts))
        .collect()
}

/// Run `compare`.
pub fn run(args: &CompareArgs) -> io::Result<ExitStatus> {
    let set = match load_set_for_checking(&args.set) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    // every format asked for, each to its own place, as for `check`
    let mut outputs: Vec<(Format, Option<&str>)> = Vec::new();
    let formats: Vec<String> = if args.format.is_empty() {
        vec!["human".into()]
    } else {
        args.format.clone()
    };
    for spec in &formats {
        let (name, path) = match spec.split_once(':') {
            Some((n, p)) => (n, Some(p).filter(|p| *p != "-")),
            None => (spec.as_str(), None),
        };
        let Some(format) = Format::named(name, Format::COMPARE) else {
            eprintln!(
                "carecheck: --format for compare is one of {}, not `{name}`",
                Format::names(Format::COMPARE).join(", ")
            );
            return Ok(ExitStatus::Error);
        };
        if outputs.iter().any(|(_, p)| *p == path) {
            eprintln!(
                "carecheck: two formats ask to write {}; give each its own file",
                path.map_or("standard output".to_string(), |p| format!("`{p}`"))
            );
            return Ok(ExitStatus::Error);
        }
        outputs.push((format, path));
    }
    let engine = Engine::new(&set, None);
    let old = check_all(&args.old, &set, &engine);
    let new = check_all(&args.new, &set, &engine);
    if old.is_empty() || new.is_empty() {
        eprintln!(
            "carecheck: no .yaml or .yml files found under {}",
            if old.is_empty() { &args.old } else { &args.new }
        );
        return Ok(ExitStatus::Error);
    }
    let mut pairs = compare(&old, &new);
    if pairs.len() > 1 {
        worst_first(&mut pairs);
    }
    for (format, path) in outputs {
        let text = match format {
            Format::Markdown => report::markdown(&pairs),
            Format::Json => report::json(&pairs)?,
            Format::Html => report::html(&pairs),
            _ => report::human(&pairs),
        };
        match path {
            Some(p) => std::fs::write(p, text)?,
            None => io::stdout().lock().write_all(text.as_bytes())?,
        }
    }
    let invalid = pairs
        .iter()
        .any(|p| p.problem.as_deref().is_some_and(|w| w.contains("could not be checked")));
    let worse = pairs
        .iter()
        .flat_map(|p| &p.tests)
        .any(|t| t.new.iter().any(|i| i.severity == Severity::Error));
    Ok(if invalid {
        ExitStatus::Error
    } else if worse {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
