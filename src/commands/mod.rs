//! One module per subcommand; each returns the exit status.

pub mod check;
pub mod compare;
pub mod convert;
pub mod coverage;
pub mod diff;
pub mod doc;
pub mod explain;
pub mod fix;
pub mod init;
pub mod integrations;
pub mod lint;
pub mod list;
pub mod open;
pub mod schema;
pub mod usage;

use std::io::{IsTerminal, Write};

use miette::Severity as MSeverity;

use crate::cli::{Cli, Command, SetArgs, StandardsCommand};
use carecheck_core::node::did_you_mean;
use carecheck_core::standards::{self, Overrides, SetError, StandardSet};
use carecheck_report::human::{handler, problem_diag, render, safe_source};
pub use usage::UsageError;

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: nothing reached the threshold.
    Success,
    /// 1: a finding reached `--fail-on` (or a lint problem was found).
    Failure,
    /// 2: the run could not be trusted.
    Error,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> ExitStatus {
    let result = match cli.command {
        Command::Check(a) => check::run(&a),
        Command::Standards(StandardsCommand::List(a)) => list::run(&a),
        Command::Standards(StandardsCommand::Lint(a)) => lint::run(&a),
        Command::Standards(StandardsCommand::Doc(a)) => doc::run(&a),
        Command::Standards(StandardsCommand::Diff(a)) => diff::run(&a),
        Command::Explain(a) => explain::run(&a),
        Command::Schema(a) => schema::run(&a),
        Command::Completions(a) => integrations::completions(&a),
        Command::Man(a) => integrations::man(&a),
        Command::Init(a) => init::run(&a),
        Command::Compare(a) => compare::run(&a),
        Command::Convert(a) => convert::run(&a),
        Command::Coverage(a) => coverage::run(&a),
    };
    match result {
        Ok(s) => s,
        // the reader went away before the report was complete (`| head`): what it did not
        // read may hold findings, so the run is not a clean one
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Error,
        Err(e) => {
            eprintln!("carecheck: {e}");
            ExitStatus::Error
        }
    }
}

/// The `--as-of` flag as a date; a malformed one is an error message for the user.
pub fn parse_as_of(flag: Option<&str>) -> Result<Option<carecheck_core::dates::Date>, UsageError> {
    match flag {
        None => Ok(None),
        Some(s) => carecheck_core::dates::Date::parse(s)
            .map(Some)
            .ok_or_else(|| UsageError::AsOfNotADate(s.to_string())),
    }
}

/// Whether to colour stderr/stdout output: `auto` means a terminal, and NO_COLOR unset.
pub fn use_color(when: &str, stream_is_terminal: bool) -> bool {
    match when {
        "always" => true,
        "never" => false,
        _ => stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// The parameters set by `--config` and `--param`, in that order (a later one wins).
pub(crate) fn overrides(args: &SetArgs) -> Result<Overrides, UsageError> {
    let mut out = Vec::new();
    if let Some(path) = &args.config {
        let text = std::fs::read_to_string(path).map_err(|source| UsageError::ConfigUnreadable {
            path: path.clone(),
            source,
        })?;
        let node = carecheck_core::toml_tree::parse(&text).map_err(|p| UsageError::ConfigMalformed {
            path: path.clone(),
            message: p.first().map(|p| p.message.clone()).unwrap_or_default(),
        })?;
        if let Some(params) = node.get("parameters") {
            if let carecheck_core::node::NodeKind::Map(entries) = &params.kind {
                for (k, v) in entries {
                    let value = match &v.kind {
                        carecheck_core::node::NodeKind::Int(i) => i.to_string(),
                        carecheck_core::node::NodeKind::Float(f) => f.to_string(),
                        carecheck_core::node::NodeKind::Str(s) => s.clone(),
                        _ => {
                            return Err(UsageError::ConfigParameterNotScalar {
                                path: path.clone(),
                                name: k.name.clone(),
                            })
                        }
                    };
                    out.push((k.name.clone(), value));
                }
            }
        }
        if let carecheck_core::node::NodeKind::Map(entries) = &node.kind {
            for (k, _) in entries {
                if k.name != "parameters" {
                    return Err(UsageError::ConfigUnknownTable {
                        path: path.clone(),
                        name: k.name.clone(),
                        hint: did_you_mean(&k.name, ["parameters"]).map(str::to_string),
                    });
                }
            }
        }
    }
    for p in &args.param {
        let Some((k, v)) = p.split_once('=') else {
            return Err(UsageError::ParamWithoutValue(p.clone()));
        };
        out.push((k.trim().to_string(), v.trim().to_string()));
    }
    Ok(out)
}

/// Load the standards a command uses, printing every problem on failure.
pub fn load_set(args: &SetArgs) -> Result<StandardSet, ExitStatus> {
    load_set_with(args, false)
}

/// As [`load_set`], for a command that only checks files: the shipped standards are read
/// without their examples (see [`carecheck_shipped::rules`]), which takes about two fifths
/// off loading them at every start. A set from `--standards` is read whole, examples and all.
pub fn load_set_for_checking(args: &SetArgs) -> Result<StandardSet, ExitStatus> {
    load_set_with(args, true)
}

fn load_set_with(args: &SetArgs, rules_only: bool) -> Result<StandardSet, ExitStatus> {
    let ov = match overrides(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("carecheck: {e}");
            return Err(ExitStatus::Error);
        }
    };
    let result = match &args.standards {
        Some(dir) => standards::read_dir(std::path::Path::new(dir)).and_then(|files| standards::load(&files, dir, &ov)),
        None if rules_only => carecheck_shipped::rules_set(&ov),
        None => carecheck_shipped::whole_set(&ov),
    };
    result.map_err(|e| {
        print_set_error(&e);
        ExitStatus::Error
    })
}

/// Print a set's load problems to stderr.
pub fn print_set_error(e: &SetError) {
    let color = use_color("auto", std::io::stderr().is_terminal());
    let h = handler(color, 100);
    let mut err = std::io::stderr().lock();
    match e {
        SetError::Io(m) => {
            let _ = writeln!(err, "carecheck: {m}");
        }
        SetError::Problems(files) => {
            let mut n = 0;
            for f in files {
                for p in &f.problems {
                    n += 1;
                    let safe = safe_source(&f.source);
                    let src = safe.as_ref().unwrap_or(&f.source);
                    let d = problem_diag(p, MSeverity::Error, "standards", Some(src));
                    let s = render(&h, d, Some(src));
                    let _ = err.write_all(s.as_bytes());
                }
            }
            let _ = writeln!(
                err,
                "carecheck: the standards have {n} problem(s); `carecheck standards lint DIR` reports them for a draft"
            );
        }
    }
}
