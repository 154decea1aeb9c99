//! `carecheck standards doc`: the Markdown reference of a set.

use std::io::{self, Write};

use super::{load_set, ExitStatus};
use crate::cli::{DocArgs, SetArgs};
use carecheck_report::reference::reference;

/// Run `standards doc`.
pub fn run(args: &DocArgs) -> io::Result<ExitStatus> {
    let set = match load_set(&SetArgs {
        standards: args.dir.clone(),
        ..SetArgs::default()
    }) {
        Ok(s) => s,
        Err(c) => return Ok(c),
    };
    let map = match &args.dir {
        None => carecheck_shipped::coverage().0,
        Some(d) => match carecheck_core::standards::read_dir(std::path::Path::new(d)) {
            Ok(files) => carecheck_core::coverage::load(&files, d).0,
            Err(_) => carecheck_core::coverage::CoverageMap::default(),
        },
    };
    let text = reference(&set, &map);
    match &args.output {
        Some(p) => {
            if let Err(e) = std::fs::write(p, text) {
                eprintln!("carecheck: cannot write `{p}`: {e}");
                return Ok(ExitStatus::Error);
            }
            eprintln!("carecheck: wrote {p}");
        }
        None => io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitStatus::Success)
}
