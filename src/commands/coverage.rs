//! `carecheck coverage`: the coverage map as a table. The map and its counts come from
//! carecheck-core, the layout from carecheck-report; this only picks the map and the format.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use super::{load_set, print_set_error, ExitStatus};
use crate::cli::{CoverageArgs, SetArgs};
use carecheck_core::coverage::{self, summary, CoverageMap, Decision};
use carecheck_core::standards::{read_dir, SetError};
use carecheck_report::coverage::{human, json, markdown, CoverageView, GroupBy};
use carecheck_report::Format;

/// Run `coverage`.
pub fn run(args: &CoverageArgs) -> io::Result<ExitStatus> {
    let Some(by) = GroupBy::parse(&args.by) else {
        eprintln!("carecheck: --by `{}` is not one of instrument, kind, test", args.by);
        return Ok(ExitStatus::Error);
    };
    let mut decisions = Vec::new();
    for d in &args.decision {
        match Decision::from_word(d) {
            Some(d) if !decisions.contains(&d) => decisions.push(d),
            Some(_) => {}
            None => {
                eprintln!("carecheck: --decision `{d}` is not one of checked, planned, not_checkable, out_of_scope");
                return Ok(ExitStatus::Error);
            }
        }
    }
    let Some(map) = load_map(args.standards.as_deref()) else {
        return Ok(ExitStatus::Error);
    };
    let set = match load_set(&SetArgs {
        standards: args.standards.clone(),
        ..SetArgs::default()
    }) {
        Ok(s) => s,
        Err(c) => return Ok(c),
    };
    let filtered = summary::filter(&map, &args.kind, &decisions);
    let view = CoverageView {
        map: &filtered,
        set: &set,
        by,
        kinds: &args.kind,
        decisions: &decisions,
    };
    let mut out = io::stdout().lock();
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&json(&view))?)?,
        Format::Markdown => out.write_all(markdown(&view).as_bytes())?,
        _ => {
            let width = if io::stdout().is_terminal() {
                terminal_width()
            } else {
                100
            };
            out.write_all(human(&view, width).as_bytes())?;
        }
    }
    Ok(ExitStatus::Success)
}

/// The terminal's width from `COLUMNS`, as the other human reports read it.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}

/// The shipped map, or the one in `dir`; `None` (the problems printed) when it does not load
/// or there is none: a table of half a map would be read as the whole.
fn load_map(dir: Option<&str>) -> Option<CoverageMap> {
    let (map, problems) = match dir {
        None => carecheck_shipped::coverage(),
        Some(d) => match read_dir(Path::new(d)) {
            Ok(files) => coverage::load(&files, d),
            Err(e) => {
                print_set_error(&e);
                return None;
            }
        },
    };
    if !problems.is_empty() {
        print_set_error(&SetError::Problems(problems));
        return None;
    }
    if map.is_empty() {
        eprintln!(
            "carecheck: {} has no coverage map (files under coverage/); docs/coverage.md says how to write one",
            dir.unwrap_or("the shipped set")
        );
        return None;
    }
    Some(map)
}
