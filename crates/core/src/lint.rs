//! `standards lint`: everything wrong with a standards draft, in one run.
//!
//! Load problems (syntax, types, unknown keys, paths the format does not have, operators
//! that do not fit, placeholders, parameters, ids, coverage) come from the loader; then
//! every example of every standard that loaded is run, and each unexpected outcome is a
//! problem located at the example. The coverage map is loaded and held to the standards
//! ([`coverage::lint`]). Unused parameters are warnings.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::coverage;
use crate::finding::Severity;
use crate::node::Problem;
use crate::selftest;
use crate::source::{SourceFile, Span};
use crate::standards::{self, SetError, SetFile};

/// One lint problem, plain data.
#[derive(Debug, Clone, Serialize)]
pub struct LintItem {
    /// `error` fails the lint; `warning` does not (never `info`). Written as its word.
    pub severity: Severity,
    /// What kind of problem (`standards`, `example`, `unused-parameter`).
    pub code: &'static str,
    /// The file, as shown.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// For snippets (not serialised).
    #[serde(skip)]
    pub problem: Problem,
    /// For snippets (not serialised).
    #[serde(skip)]
    pub source: Option<SourceFile>,
}

/// The result of linting a set.
#[derive(Debug, Clone, Default)]
pub struct LintReport {
    /// Every problem, by file then position.
    pub items: Vec<LintItem>,
    /// Standards that loaded.
    pub standards: usize,
    /// Examples run.
    pub examples: usize,
}

impl LintReport {
    /// Errors (the lint fails when there is any).
    pub fn errors(&self) -> usize {
        self.items.iter().filter(|i| i.severity == Severity::Error).count()
    }
}

fn item(severity: Severity, code: &'static str, src: &SourceFile, p: Problem) -> LintItem {
    let (line, column) = if src.text.is_empty() {
        (1, 1)
    } else {
        src.line_col(p.span.start)
    };
    LintItem {
        severity,
        code,
        file: src.name.clone(),
        line,
        column,
        message: p.message.clone(),
        help: p.help.clone(),
        problem: p,
        source: Some(src.clone()),
    }
}

/// A rule id that names the problem, for SARIF and annotations (written by
/// `carecheck-report`'s `lint` module).
pub fn classify(message: &str) -> &'static str {
    let m = message;
    if m.starts_with("TOML syntax error") {
        "toml-syntax"
    } else if m.contains("is not a standard:") {
        "not-a-standard"
    } else if m.contains("unknown key") {
        "unknown-key"
    } else if m.contains("is not a field of the self-assessment") || m.contains("is not a list of records") {
        "unknown-field"
    } else if m.contains("unknown placeholder") {
        "unknown-placeholder"
    } else if m.contains("is not defined in the set") {
        "unknown-parameter"
    } else if m.contains("parameter is a word") || m.contains("is a number, but a reading") {
        "parameter-type"
    } else if m.contains("out of range") {
        "out-of-range"
    } else if m.contains("needs a da")
        || m.contains("does not fit")
        || m.contains("needs a list")
        || m.contains("expected") && m.contains("operator")
    {
        "bad-operator"
    } else if m.contains("well-formed standard id") || m.contains("does not start with the id") {
        "bad-id"
    } else if m.contains("duplicate standard id") {
        "duplicate-id"
    } else if m.contains("citation") {
        "citation"
    } else if m.contains("example") {
        "missing-example"
    } else if m.contains("applies_to") {
        "applies-to"
    } else if m.contains("severity") || m.contains("waivable") {
        "overstated"
    } else if m.starts_with("test") {
        "unknown-test"
    } else if m.contains("is missing") || m.contains("has no `") {
        "missing-key"
    } else {
        "invalid-standard"
    }
}

/// Every rule id [`classify`] gives, with what it means, for the SARIF driver.
pub const RULES: &[(&str, &str)] = &[
    ("toml-syntax", "The file is not valid TOML"),
    ("not-a-standard", "A TOML file in the folder that is not a standard"),
    ("unknown-key", "A key the standards format does not have"),
    ("unknown-field", "A field path the self-assessment format does not have"),
    ("unknown-placeholder", "A message placeholder that does not exist"),
    ("unknown-parameter", "A parameter the set does not define"),
    ("parameter-type", "A parameter of the wrong kind for where it is used"),
    ("out-of-range", "A number out of range"),
    ("bad-operator", "An operator that does not fit the field's type"),
    ("bad-id", "A malformed standard id"),
    ("duplicate-id", "Two standards with one id"),
    ("citation", "A missing or malformed citation"),
    ("missing-example", "A standard without a passing or a failing example"),
    ("applies-to", "An impossible scope (ages, kinds)"),
    ("overstated", "A severity or waiver the status does not allow"),
    ("unknown-test", "A test id that is not one of the seven"),
    ("missing-key", "A required key is missing"),
    ("invalid-standard", "A standard that does not load"),
    ("example-failed", "A standard's example gives an unexpected outcome"),
    ("unused-parameter", "A parameter no standard uses"),
    ("coverage-map", "A coverage map file that does not load"),
    (
        "citation-not-in-map",
        "A standard cites a provision the coverage map does not list",
    ),
    (
        "map-unknown-standard",
        "The coverage map names a standard that does not exist",
    ),
    (
        "map-kinds-unchecked",
        "A checked provision binds a kind of provider none of its standards applies to",
    ),
    ("standard-not-in-map", "A standard appears nowhere in the coverage map"),
    (
        "map-gap",
        "A map of a whole instrument skips a provision, or stops before its last, without a reason",
    ),
];

/// Why a set could not be linted at all (its problems are otherwise the report's items).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LintError {
    /// A file could not be read: why.
    Unreadable(String),
    /// The set did not load far enough to lint: how many files had problems.
    Problems(usize),
}

impl std::fmt::Display for LintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LintError::Unreadable(why) => f.write_str(why),
            LintError::Problems(n) => write!(f, "{n} file(s) with problems"),
        }
    }
}

impl std::error::Error for LintError {}

/// Lint a set's files.
pub fn lint(files: &[SetFile], origin: &str) -> Result<LintReport, LintError> {
    let (set, problems) = match standards::load_partial(files, origin, &Vec::new()) {
        Ok(x) => x,
        Err(SetError::Io(m)) => return Err(LintError::Unreadable(m)),
        Err(SetError::Problems(p)) => return Err(LintError::Problems(p.len())),
    };
    let mut report = LintReport {
        standards: set.standards.len(),
        ..LintReport::default()
    };
    for fp in problems {
        for p in fp.problems {
            let code = classify(&p.message);
            report.items.push(item(Severity::Error, code, &fp.source, p));
        }
    }
    // the coverage map: its own problems, then the rules tying it to the standards
    let (map, map_problems) = coverage::load(files, origin);
    for fp in map_problems {
        for p in fp.problems {
            report.items.push(item(Severity::Error, "coverage-map", &fp.source, p));
        }
    }
    let defined = |id: &str| {
        let written = format!("id = \"{id}\"");
        files
            .iter()
            .any(|f| !standards::is_set_data_file(&f.path) && f.text.contains(&written))
    };
    for m in coverage::lint::check(&map, &set, &defined) {
        report.items.push(item(Severity::Error, m.code, &m.source, m.problem));
    }
    for (si, s) in set.standards.iter().enumerate() {
        for (i, e) in s.examples.iter().enumerate() {
            report.examples += 1;
            let got = selftest::run_example(&set, si, e);
            if got.as_ref().is_ok_and(|o| *o == e.expect) {
                continue;
            }
            let found = match &got {
                Ok(o) => format!("gave {}", o.as_str()),
                Err(why) => format!("could not run: {why}"),
            };
            let p = Problem::new(
                format!(
                    "{} example {} \"{}\": expected {}, {found}",
                    s.id,
                    i + 1,
                    e.name,
                    e.expect.as_str()
                ),
                Span::new(e.span.start as usize, e.span.start as usize + 1),
            )
            .label("this example")
            .help(match selftest::trace_example(&set, si, e) {
                Some(t) => format!(
                    "fix the example, or the requirement. How the standard read it:\n{}",
                    t.trim_end()
                ),
                None => {
                    "fix the example, or the requirement: `carecheck explain ID` shows how the requirement reads".into()
                }
            });
            report.items.push(item(Severity::Error, "example-failed", &s.source, p));
        }
    }
    // Parameters nobody uses are likely a typo on one side. A standard that did not load
    // still counts as using the parameters its file names: its own error is the root cause.
    let mut used: BTreeSet<&str> = set
        .standards
        .iter()
        .flat_map(|s| s.params_used.iter().map(String::as_str))
        .collect();
    for name in set.params.keys() {
        let named = format!("\"{name}\"");
        if files.iter().any(|f| f.path != "set.toml" && f.text.contains(&named)) {
            used.insert(name.as_str());
        }
    }
    // a misspelt parameter whose did-you-mean names this one: the misspelling is the cause
    let suggested: Vec<String> = report
        .items
        .iter()
        .filter(|i| i.code == "unknown-parameter")
        .filter_map(|i| {
            i.help
                .as_deref()?
                .strip_prefix("did you mean `")?
                .split('`')
                .next()
                .map(str::to_string)
        })
        .collect();
    for name in set.params.keys() {
        if suggested.iter().any(|s| s == name) {
            used.insert(name.as_str());
        }
    }
    if let Some(f) = files.iter().find(|f| f.path == "set.toml") {
        let src = SourceFile::new(
            if origin.is_empty() {
                f.path.clone()
            } else {
                format!("{}/{}", origin.trim_end_matches('/'), f.path)
            },
            f.text.as_str(),
        );
        for name in set.params.keys().filter(|k| !used.contains(k.as_str())) {
            let at = f.text.find(&format!("[parameters.{name}]")).unwrap_or(0);
            let p = Problem::new(
                format!("parameter `{name}` is defined but no standard uses it"),
                Span::new(at, at + name.len() + 13),
            )
            .help("remove it, or check the spelling where a standard means to use it");
            report.items.push(item(Severity::Warning, "unused-parameter", &src, p));
        }
    }
    report
        .items
        .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    Ok(report)
}
