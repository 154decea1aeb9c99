//! Running the worked examples every standard carries. An example whose outcome differs
//! from the one it declares fails `standards lint` and the test suite.

use crate::assessment::{self, LoadOptions};
use crate::engine::Engine;
use crate::finding::Outcome;
use crate::source::SourceFile;
use crate::standards::{Example, Standard, StandardSet};

/// The as-of date and period examples get when they do not give their own.
pub const DEFAULT_ASSESSMENT: &str = "assessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}";

/// One example's result.
#[derive(Debug, Clone)]
pub struct ExampleRun {
    /// The standard's id.
    pub standard: String,
    /// The example's index and name.
    pub index: usize,
    /// Its name.
    pub name: String,
    /// What it declares.
    pub expected: Outcome,
    /// What it gave, or why it could not run.
    pub got: Result<Outcome, ExampleError>,
}

impl ExampleRun {
    /// True when the example gave what it declares.
    pub fn ok(&self) -> bool {
        self.got.as_ref().is_ok_and(|o| *o == self.expected)
    }
}

/// The full YAML an example stands for: its text plus `schema_version` and `assessment`
/// when it does not give them (appended, so the example's own line numbers hold).
pub fn example_text(e: &Example) -> String {
    let mut t = e.yaml.clone();
    if !t.ends_with('\n') {
        t.push('\n');
    }
    if !t.lines().any(|l| l.starts_with("schema_version:")) {
        t.push_str("schema_version: 1\n");
    }
    if !t.lines().any(|l| l.starts_with("assessment:")) {
        t.push_str(DEFAULT_ASSESSMENT);
        t.push('\n');
    }
    t
}

/// Run one example of one standard.
/// How the standard read its example, condition by condition (for a failing example).
pub fn trace_example(set: &StandardSet, si: usize, e: &Example) -> Option<String> {
    let text = example_text(e);
    let src = SourceFile::new("example", text);
    let a = assessment::load(&src, &LoadOptions::default()).ok()?;
    let mut enabled = vec![false; set.standards.len()];
    enabled[si] = true;
    let engine = Engine::new(set, Some(enabled));
    Some(engine.trace(si, &a, a.as_of?))
}

/// Why an example could not be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExampleError {
    /// Its YAML does not load as a self-assessment: each problem with its 1-based line and
    /// column in the example.
    Yaml(Vec<(usize, usize, String)>),
    /// It has no `assessment.as_of`, so no date rule can be judged.
    NoAsOf,
}

impl std::fmt::Display for ExampleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExampleError::Yaml(problems) => {
                for (i, (line, column, message)) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "example YAML line {line}, column {column}: {message}")?;
                }
                Ok(())
            }
            ExampleError::NoAsOf => f.write_str("the example has no as_of"),
        }
    }
}

impl std::error::Error for ExampleError {}

/// Run one example: the outcome it gives, summed over records.
pub fn run_example(set: &StandardSet, si: usize, e: &Example) -> Result<Outcome, ExampleError> {
    let std: &Standard = &set.standards[si];
    let text = example_text(e);
    let src = SourceFile::new(format!("{} example", std.id), text);
    let placed = |p: &crate::node::Problem| {
        let (l, c) = src.line_col(p.span.start);
        (l, c, p.message.clone())
    };
    let a = assessment::load(&src, &LoadOptions::default())
        .map_err(|errs| ExampleError::Yaml(errs.0.iter().map(placed).collect()))?;
    if let Some(p) = a.value_errors.first() {
        return Err(ExampleError::Yaml(vec![placed(p)]));
    }
    let mut enabled = vec![false; set.standards.len()];
    enabled[si] = true;
    let engine = Engine::new(set, Some(enabled));
    let as_of = a.as_of.ok_or(ExampleError::NoAsOf)?;
    let ev = engine.evaluate(&a, &src, as_of);
    let c = ev.counts[si];
    let outcomes = [
        Outcome::Pass,
        Outcome::Fail,
        Outcome::NotReported,
        Outcome::NotApplicable,
        Outcome::Waived,
    ];
    Ok(Outcome::worst(
        outcomes.iter().zip(c.iter()).filter(|(_, n)| **n > 0).map(|(o, _)| *o),
    ))
}

/// Run every example of every standard.
pub fn run_all(set: &StandardSet) -> Vec<ExampleRun> {
    let mut out = Vec::new();
    for (si, s) in set.standards.iter().enumerate() {
        for (i, e) in s.examples.iter().enumerate() {
            out.push(ExampleRun {
                standard: s.id.clone(),
                index: i,
                name: e.name.clone(),
                expected: e.expect,
                got: run_example(set, si, e),
            });
        }
    }
    out
}
