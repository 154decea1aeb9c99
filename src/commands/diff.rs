//! `carecheck standards diff OLD NEW [PATH]...`: what adopting a draft would change.
//!
//! Standards added, removed and changed (field by field), parameters changed, and, given
//! self-assessments, which findings would appear or disappear. This is how an expert group
//! sees a draft's impact on real submissions before adopting it. The diff is computed by
//! `carecheck_core::diff` and written by `carecheck_report::diff`; this command loads the two
//! sets and checks the files with both.

use std::io::{self, Write};

use super::{load_set, ExitStatus};
use crate::batch;
use crate::cli::{DiffArgs, SetArgs};
use carecheck_core::check::{self as checking, CheckOptions};
use carecheck_core::dates::Date;
use carecheck_core::diff::{Diff, FindingsDiff};
use carecheck_core::engine::Engine;
use carecheck_core::standards::StandardSet;
use carecheck_report::diff as report;
use carecheck_report::Format;

fn set_args(dir: &str) -> SetArgs {
    SetArgs {
        standards: if dir == "shipped" { None } else { Some(dir.to_string()) },
        ..SetArgs::default()
    }
}

/// Every self-assessment under `paths`, checked with both sets.
fn findings_diff(paths: &[String], old: &StandardSet, new: &StandardSet, as_of: Option<Date>) -> FindingsDiff {
    let opts = CheckOptions {
        as_of,
        reader: Some(carecheck_workbook::read_for_check),
        ..CheckOptions::default()
    };
    let (eo, en) = (Engine::new(old, None), Engine::new(new, None));
    let mut d = FindingsDiff::default();
    for t in batch::discover(paths) {
        let t = checking::in_memory(t, opts.max_file_bytes);
        let a = checking::check_one(&t, old, &eo, &opts);
        let b = checking::check_one(&t, new, &en, &opts);
        d.add(&a, &b);
    }
    d.finish();
    d
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
    let mut diff = Diff::new(&old, &new);
    if !args.paths.is_empty() {
        diff.findings = Some(findings_diff(&args.paths, &old, &new, as_of));
    }
    let text = match args.format {
        Format::Json => report::json(&diff, args.lines)?,
        Format::Markdown => report::markdown(&diff, args.lines),
        _ => report::text(&diff, args.lines),
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    let problems = diff.findings.as_ref().is_some_and(|f| !f.problems.is_empty());
    Ok(if problems {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}
