//! `carecheck convert FILE --to xlsx|yaml`: one self-assessment between its two forms. Both
//! go through the same tree the checker reads, so every value written is a value read: a
//! provider can move between the workbook and the YAML file at any time.

use std::io::{self, Write};

use super::ExitStatus;
use crate::cli::ConvertArgs;
use carecheck_core::node::Node;
use carecheck_core::source::SourceFile;

/// Write `bytes` to a new file; never overwrite one.
pub fn write_new(p: &str, bytes: &[u8]) -> io::Result<ExitStatus> {
    let mut f = match std::fs::OpenOptions::new().write(true).create_new(true).open(p) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            eprintln!("carecheck: `{p}` exists; carecheck never overwrites a file");
            return Ok(ExitStatus::Error);
        }
        Err(e) => {
            eprintln!("carecheck: cannot write `{p}`: {e}");
            return Ok(ExitStatus::Error);
        }
    };
    f.write_all(bytes)?;
    eprintln!("carecheck: wrote {p}");
    Ok(ExitStatus::Success)
}

/// The file's tree, read as the checker reads it; a message when it cannot be.
fn read_tree(path: &str) -> Result<Node, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{path}`: {e}"))?;
    if carecheck_workbook::is_workbook(path) {
        let c = carecheck_workbook::read(path, &bytes).map_err(|p| p.message)?;
        let mut problems: Vec<String> = c
            .errors
            .iter()
            .chain(&c.warnings)
            .map(|p| {
                let at = carecheck_core::check::place_of(&c.places, p.span)
                    .map(|pl| format!("{}: ", pl.text))
                    .unwrap_or_default();
                format!("{at}{}", p.message)
            })
            .collect();
        if !problems.is_empty() {
            problems.insert(0, format!("`{path}` has cells that cannot be carried over as they are; correct them first (`carecheck check {path}` shows each with its fix):"));
            return Err(problems.join("\n  "));
        }
        return Ok(c.node);
    }
    let text = String::from_utf8(bytes).map_err(|_| format!("`{path}` is not UTF-8 text"))?;
    let src = SourceFile::new(path, text);
    carecheck_core::yaml::parse(&src, carecheck_core::yaml::Limits::default()).map_err(|p| {
        let (line, col) = src.line_col(p.span.start);
        format!("`{path}` line {line}, column {col}: {}", p.message)
    })
}

/// Run `convert`.
pub fn run(args: &ConvertArgs) -> io::Result<ExitStatus> {
    let tree = match read_tree(&args.file) {
        Ok(t) => t,
        Err(m) => {
            // the problem may quote the file: its control characters are shown as escapes
            eprintln!("carecheck: {}", carecheck_core::finding::printable(&m));
            return Ok(ExitStatus::Error);
        }
    };
    let stem = match args.file.rsplit_once('.') {
        Some((s, _)) => s.to_string(),
        None => args.file.clone(),
    };
    if args.to == "yaml" {
        let text = carecheck_workbook::yaml_out::to_yaml(&tree, &args.file);
        let out = args.output.clone().unwrap_or(format!("{stem}.yaml"));
        if out == "-" {
            io::stdout().lock().write_all(text.as_bytes())?;
            return Ok(ExitStatus::Success);
        }
        return write_new(&out, text.as_bytes());
    }
    let readers = match carecheck_shipped::rules_set(&Vec::new()) {
        Ok(set) => carecheck_workbook::layout::readers(&set),
        Err(_) => Default::default(),
    };
    let bytes = match carecheck_workbook::write::from_tree(&tree, &readers) {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "carecheck: `{}` cannot be written as a workbook:\n  {}",
                carecheck_core::finding::printable(&args.file),
                e.0.iter()
                    .map(|l| carecheck_core::finding::printable(l))
                    .collect::<Vec<_>>()
                    .join("\n  ")
            );
            return Ok(ExitStatus::Error);
        }
    };
    let out = args.output.clone().unwrap_or(format!("{stem}.xlsx"));
    if out == "-" {
        eprintln!("carecheck: a workbook cannot go to standard output: give --output FILE.xlsx");
        return Ok(ExitStatus::Error);
    }
    write_new(&out, &bytes)
}
