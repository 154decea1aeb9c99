//! `standards lint`: everything wrong with a standards draft, in one run.
//!
//! Load problems (syntax, types, unknown keys, paths the format does not have, operators
//! that do not fit, placeholders, parameters, ids, coverage) come from the loader; then
//! every example of every standard that loaded is run, and each unexpected outcome is a
//! problem located at the example. Unused parameters are warnings.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::json;

use crate::node::Problem;
use crate::selftest;
use crate::source::{SourceFile, Span};
use crate::standards::{self, SetError, SetFile};

/// One lint problem, plain data.
#[derive(Debug, Clone, Serialize)]
pub struct LintItem {
    /// `error` fails the lint; `warning` does not.
    pub severity: &'static str,
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
        self.items.iter().filter(|i| i.severity == "error").count()
    }
}

fn item(severity: &'static str, code: &'static str, src: &SourceFile, p: Problem) -> LintItem {
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

/// Lint a set's files.
pub fn lint(files: &[SetFile], origin: &str) -> Result<LintReport, String> {
    let (set, problems) = match standards::load_partial(files, origin, &Vec::new()) {
        Ok(x) => x,
        Err(SetError::Io(m)) => return Err(m),
        Err(SetError::Problems(p)) => return Err(format!("{} file(s) with problems", p.len())),
    };
    let mut report = LintReport {
        standards: set.standards.len(),
        ..LintReport::default()
    };
    for fp in problems {
        for p in fp.problems {
            report.items.push(item("error", "standards", &fp.source, p));
        }
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
            .help("fix the example, or the requirement: `carecheck explain ID` shows how the requirement reads");
            report.items.push(item("error", "example", &s.source, p));
        }
    }
    // Parameters nobody uses are likely a typo on one side.
    let used: BTreeSet<&str> = set
        .standards
        .iter()
        .flat_map(|s| s.params_used.iter().map(String::as_str))
        .collect();
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
            report.items.push(item("warning", "unused-parameter", &src, p));
        }
    }
    report
        .items
        .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    Ok(report)
}

/// The report as SARIF 2.1.0, so code hosts show problems inline.
pub fn sarif(r: &LintReport) -> serde_json::Value {
    let results: Vec<_> = r
        .items
        .iter()
        .map(|i| {
            json!({
                "ruleId": i.code,
                "level": if i.severity == "error" { "error" } else { "warning" },
                "message": {"text": match &i.help { Some(h) => format!("{}\n{h}", i.message), None => i.message.clone() }},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": i.file},
                    "region": {"startLine": i.line, "startColumn": i.column}
                }}]
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "carecheck",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/carecheck/carecheck",
                "rules": [
                    {"id": "standards", "shortDescription": {"text": "A standards file does not load"}},
                    {"id": "example", "shortDescription": {"text": "A standard's example gives an unexpected outcome"}},
                    {"id": "unused-parameter", "shortDescription": {"text": "A parameter no standard uses"}}
                ]
            }},
            "results": results
        }]
    })
}
