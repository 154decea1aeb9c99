//! `standards diff`'s logic: what adopting a draft set would change.
//!
//! Standards added, removed and changed (field by field), parameters changed, the changes
//! that weaken the law, and, over self-assessments checked with both sets, which findings
//! would appear or disappear. Plain data: the writers are in `carecheck-report`'s `diff`
//! module, and finding and reading the files is the program's.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::check::{FileResult, FileStatus};
use crate::finding::Finding;
use crate::standards::{Standard, StandardSet};

/// The outcomes whose change is counted per standard, in the order of [`Totals`].
pub const OUTCOMES: [&str; 3] = ["fail", "not_reported", "waived"];

/// Per standard, the change in the number of each of [`OUTCOMES`] over the files.
pub type Totals = [i64; 3];

/// The fields of a standard that matter to a reader, for comparison.
fn facets(s: &Standard) -> Vec<(&'static str, String)> {
    vec![
        ("title", s.title.to_string()),
        ("test", s.test.clone()),
        ("status", s.status.to_string()),
        ("duty_holder", s.duty_holder.to_string()),
        ("severity", s.severity.as_str().to_string()),
        ("confidence", s.confidence.to_string()),
        ("applies_to", s.applies_text()),
        ("for_each", s.for_each.clone()),
        ("requirement", s.requirement_text()),
        ("message", s.message.to_string()),
        ("citation", s.citation.show()),
        ("waivable", s.waivable.to_string()),
    ]
}

/// The standards part of the diff, as `diff`-style lines (`+` added, `-` removed, `~`
/// changed), each ending in a newline; "no change to the standards" when there is none.
pub fn standards_diff(old: &StandardSet, new: &StandardSet) -> String {
    let mut o = String::new();
    let ids = |s: &StandardSet| s.standards.iter().map(|x| x.id.clone()).collect::<BTreeSet<_>>();
    let (a, b) = (ids(old), ids(new));
    for id in b.difference(&a) {
        if let Some(s) = new.get(id) {
            let _ = writeln!(o, "+ {id} added: {} ({}, {})", s.title, s.test, s.severity.as_str());
        }
    }
    for id in a.difference(&b) {
        if let Some(s) = old.get(id) {
            let _ = writeln!(o, "- {id} removed: {}", s.title);
        }
    }
    for id in a.intersection(&b) {
        let (Some(x), Some(y)) = (old.get(id), new.get(id)) else {
            continue;
        };
        let changes: Vec<String> = facets(x)
            .into_iter()
            .zip(facets(y))
            .filter(|(p, q)| p.1 != q.1)
            .map(|(p, q)| {
                if p.1.contains('\n') || q.1.contains('\n') {
                    format!(
                        "    {}:\n      was: {}\n      now: {}",
                        p.0,
                        p.1.trim().replace('\n', "\n           "),
                        q.1.trim().replace('\n', "\n           ")
                    )
                } else {
                    format!("    {}: {} -> {}", p.0, p.1, q.1)
                }
            })
            .collect();
        if !changes.is_empty() {
            let _ = writeln!(o, "~ {id} changed:\n{}", changes.join("\n"));
        }
    }
    for (k, p) in &new.params {
        match old.params.get(k) {
            None => {
                let _ = writeln!(o, "+ parameter {k} added (default {})", p.default.show());
            }
            Some(q) if q.default != p.default => {
                let _ = writeln!(
                    o,
                    "~ parameter {k}: default {} -> {}",
                    q.default.show(),
                    p.default.show()
                );
            }
            _ => {}
        }
    }
    for k in old.params.keys().filter(|k| !new.params.contains_key(*k)) {
        let _ = writeln!(o, "- parameter {k} removed");
    }
    if o.is_empty() {
        o.push_str("no change to the standards\n");
    }
    o
}

/// Warnings a reader must not miss: the law removed or weakened.
pub fn law_warnings(old: &StandardSet, new: &StandardSet) -> Vec<String> {
    let mut w = Vec::new();
    for x in &old.standards {
        let is_law = x.status.is_law();
        match new.get(&x.id) {
            None if is_law => w.push(format!("{} is {} and would be removed: {}", x.id, x.status, x.title)),
            Some(y) if is_law => {
                if !y.status.is_law() {
                    w.push(format!(
                        "{} would no longer be law ({} -> {})",
                        x.id, x.status, y.status
                    ));
                }
                if y.severity < x.severity {
                    w.push(format!(
                        "{} is law and would be weakened: severity {} -> {}",
                        x.id,
                        x.severity.as_str(),
                        y.severity.as_str()
                    ));
                }
                if y.kinds.len() < x.kinds.len() || (x.ages.is_none() && y.ages.is_some()) {
                    w.push(format!(
                        "{} is law and would apply more narrowly: {} -> {}",
                        x.id,
                        x.applies_text(),
                        y.applies_text()
                    ));
                }
                if x.requirement_text() != y.requirement_text() {
                    w.push(format!(
                        "{} is law and its requirement would change: check that it is not weakened",
                        x.id
                    ));
                }
            }
            _ => {}
        }
    }
    w
}

/// The findings that would appear or disappear over the files checked with both sets.
#[derive(Debug, Clone, Default)]
pub struct FindingsDiff {
    /// Files seen.
    pub files: usize,
    /// Per standard, the change in each outcome; [`FindingsDiff::finish`] drops the
    /// standards whose counts did not change.
    pub totals: BTreeMap<String, Totals>,
    /// Every finding that appears (`+`) or disappears (`-`), one line each, in file order.
    pub lines: Vec<String>,
    /// Files that could not be checked with one of the sets.
    pub problems: Vec<String>,
    /// Findings that would appear.
    pub appeared: usize,
    /// Findings that would disappear.
    pub disappeared: usize,
}

/// What identifies a finding across the two sets.
fn key(f: &Finding) -> (String, String, String, String) {
    (
        f.standard.clone(),
        f.field.clone(),
        f.outcome.as_str().to_string(),
        f.severity.as_str().to_string(),
    )
}

fn line(sign: char, path: &str, f: &Finding) -> String {
    format!(
        "{sign} {path}:{}:{} {} {} {} {}",
        f.line,
        f.column,
        f.severity.as_str(),
        f.standard,
        f.outcome.as_str(),
        f.message
    )
}

impl FindingsDiff {
    /// Add one file, as checked with the old set (`a`) and the new one (`b`).
    pub fn add(&mut self, a: &FileResult, b: &FileResult) {
        self.files += 1;
        if a.status != FileStatus::Checked || b.status != FileStatus::Checked {
            self.problems.push(format!(
                "{}: could not be checked with {}",
                a.path,
                if a.status != FileStatus::Checked {
                    "the old set"
                } else {
                    "the new set"
                }
            ));
            return;
        }
        let ka: BTreeSet<_> = a.findings.iter().map(key).collect();
        let kb: BTreeSet<_> = b.findings.iter().map(key).collect();
        for f in b.findings.iter().filter(|f| !ka.contains(&key(f))) {
            self.appeared += 1;
            self.bump(f, 1);
            self.lines.push(line('+', &b.path, f));
        }
        for f in a.findings.iter().filter(|f| !kb.contains(&key(f))) {
            self.disappeared += 1;
            self.bump(f, -1);
            self.lines.push(line('-', &a.path, f));
        }
    }

    fn bump(&mut self, f: &Finding, by: i64) {
        if let Some(i) = OUTCOMES.iter().position(|o| *o == f.outcome.as_str()) {
            self.totals.entry(f.standard.clone()).or_insert([0; 3])[i] += by;
        }
    }

    /// Drop the standards whose counts came back to zero, once every file is added.
    pub fn finish(&mut self) {
        self.totals.retain(|_, v| v.iter().any(|n| *n != 0));
    }
}

/// A whole `standards diff`: the two sets' names, the standards' changes, the law's
/// warnings and, when files were given, their findings' changes.
#[derive(Debug, Clone)]
pub struct Diff {
    /// The old set's name and version.
    pub old: (String, String),
    /// The new set's name and version.
    pub new: (String, String),
    /// [`standards_diff`]'s lines.
    pub standards: String,
    /// [`law_warnings`].
    pub warnings: Vec<String>,
    /// The findings' changes; `None` when no self-assessment was given.
    pub findings: Option<FindingsDiff>,
}

impl Diff {
    /// The standards' part of the diff of two sets; the findings are added by the caller.
    pub fn new(old: &StandardSet, new: &StandardSet) -> Diff {
        Diff {
            old: (old.name.clone(), old.version.clone()),
            new: (new.name.clone(), new.version.clone()),
            standards: standards_diff(old, new),
            warnings: law_warnings(old, new),
            findings: None,
        }
    }
}
