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

/// Why a file cannot be converted: what the program prints, kept as a value until then.
#[derive(Debug)]
enum ReadTreeError {
    /// The file could not be read.
    Unreadable { path: String, source: io::Error },
    /// The workbook is not one the reader can open (its own message).
    Workbook(String),
    /// The workbook opened, but some cells cannot be carried over as they are; each problem
    /// with its cell.
    Cells { path: String, problems: Vec<String> },
    /// The YAML file is not UTF-8.
    NotUtf8 { path: String },
    /// The YAML file is not YAML; where and why.
    Yaml {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
}

impl std::fmt::Display for ReadTreeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadTreeError::Unreadable { path, source } => write!(f, "cannot read `{path}`: {source}"),
            ReadTreeError::Workbook(message) => f.write_str(message),
            ReadTreeError::Cells { path, problems } => {
                write!(f, "`{path}` has cells that cannot be carried over as they are; correct them first (`carecheck check {path}` shows each with its fix):")?;
                problems.iter().try_for_each(|p| write!(f, "\n  {p}"))
            }
            ReadTreeError::NotUtf8 { path } => write!(f, "`{path}` is not UTF-8 text"),
            ReadTreeError::Yaml {
                path,
                line,
                column,
                message,
            } => {
                write!(f, "`{path}` line {line}, column {column}: {message}")
            }
        }
    }
}

/// The file's tree, read as the checker reads it.
fn read_tree(path: &str) -> Result<Node, ReadTreeError> {
    let bytes = std::fs::read(path).map_err(|source| ReadTreeError::Unreadable {
        path: path.to_string(),
        source,
    })?;
    if carecheck_workbook::is_workbook(path) {
        let c = carecheck_workbook::read(path, &bytes).map_err(|p| ReadTreeError::Workbook(p.message))?;
        let problems: Vec<String> = c
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
            return Err(ReadTreeError::Cells {
                path: path.to_string(),
                problems,
            });
        }
        return Ok(c.node);
    }
    let text = String::from_utf8(bytes).map_err(|_| ReadTreeError::NotUtf8 { path: path.to_string() })?;
    let src = SourceFile::new(path, text);
    carecheck_core::yaml::parse(&src, carecheck_core::yaml::Limits::default()).map_err(|p| {
        let (line, column) = src.line_col(p.span.start);
        ReadTreeError::Yaml {
            path: path.to_string(),
            line,
            column,
            message: p.message,
        }
    })
}

/// Run `convert`.
pub fn run(args: &ConvertArgs) -> io::Result<ExitStatus> {
    let tree = match read_tree(&args.file) {
        Ok(t) => t,
        Err(m) => {
            // the problem may quote the file: its control characters are shown as escapes
            eprintln!("carecheck: {}", carecheck_core::finding::printable(&m.to_string()));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn written(name: &str, bytes: &[u8]) -> (tempfile::TempDir, String) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("written");
        (dir, path.to_string_lossy().into_owned())
    }

    #[test]
    fn a_file_that_cannot_be_converted_says_why_and_where() {
        let (_d, path) = written("latin1.yaml", b"provider:\n  name: Caf\xe9\n");
        let e = read_tree(&path).expect_err("not UTF-8");
        assert!(matches!(e, ReadTreeError::NotUtf8 { .. }));
        assert_eq!(e.to_string(), format!("`{path}` is not UTF-8 text"));

        let (_d, path) = written("broken.yaml", b"provider:\n  name: [unclosed\n");
        let e = read_tree(&path).expect_err("not YAML");
        let ReadTreeError::Yaml { line, .. } = &e else {
            panic!("a YAML error, not {e:?}")
        };
        assert!(*line >= 2, "the place is the broken line or after it, not {line}");
        assert!(e.to_string().starts_with(&format!("`{path}` line {line}, column ")));

        let e = read_tree("no/such/file.yaml").expect_err("absent");
        assert!(matches!(e, ReadTreeError::Unreadable { .. }));
        assert!(e.to_string().starts_with("cannot read `no/such/file.yaml`: "));
    }

    #[test]
    fn cells_that_cannot_be_carried_are_listed_one_to_a_line() {
        let e = ReadTreeError::Cells {
            path: "home.xlsx".into(),
            problems: vec!["Children!C4: not a date".into(), "Home!B2: not a number".into()],
        };
        assert_eq!(
            e.to_string(),
            "`home.xlsx` has cells that cannot be carried over as they are; correct them first \
             (`carecheck check home.xlsx` shows each with its fix):\n  Children!C4: not a date\n  Home!B2: not a number"
        );
    }
}
