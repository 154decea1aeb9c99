//! Two checks of the same providers side by side (`carecheck compare OLD NEW`): which
//! findings were fixed, which are new, which are still open and which evidence appeared or
//! disappeared, by test, with a verdict per test and per provider. Plain data: the reports
//! crate renders it (`carecheck_report::compare`).
//!
//! Findings are matched by fingerprint, so moving text between periods changes nothing.
//! Two folders are matched file by file by provider URN (by file name when a file has no
//! URN).

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::baseline::file_key;
use crate::check::{FileResult, FileStatus};
use crate::finding::{Finding, Outcome, Severity};
use crate::standards::TEST_IDS;

/// One finding as a comparison lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Standard id.
    pub standard: String,
    /// Severity.
    pub severity: Severity,
    /// The message (from the newer file when it is in both).
    pub message: String,
    /// A standard whose status is law: a new fail of it is a new breach of the law.
    pub law: bool,
}

/// One test's changes.
#[derive(Debug, Clone, Serialize, Default)]
pub struct TestChange {
    /// The test id (or `other` for built-in checks).
    pub test: String,
    /// better, worse, mixed, unchanged.
    pub verdict: &'static str,
    /// Failing before, not now.
    pub fixed: Vec<Item>,
    /// Failing now, not before.
    pub new: Vec<Item>,
    /// Failing in both.
    pub still_open: Vec<Item>,
    /// Not reported before, reported now.
    pub evidence_appeared: Vec<Item>,
    /// Reported before, not reported now.
    pub evidence_disappeared: Vec<Item>,
}

/// One provider's comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    /// The earlier file.
    pub old: Option<String>,
    /// The later file.
    pub new: Option<String>,
    /// The provider's URN, when known.
    pub urn: Option<String>,
    /// Why it could not be compared, if so.
    pub problem: Option<String>,
    /// By test, in the review's order.
    pub tests: Vec<TestChange>,
}

fn item(f: &Finding) -> Item {
    Item {
        standard: f.standard.clone(),
        severity: f.severity,
        message: f.message.clone(),
        law: f.law,
    }
}

/// The verdict over some changes. A new breach of the law with nothing fixed is worse,
/// whatever evidence appeared; otherwise better when only things got better (a fail fixed,
/// evidence recorded that now passes), worse when only things got worse (a new fail, evidence
/// no longer recorded), mixed when both, unchanged when neither.
pub fn verdict(fixed: usize, new: usize, new_law: usize, appeared: usize, disappeared: usize) -> &'static str {
    if new_law > 0 && fixed == 0 {
        return "worse";
    }
    let better = fixed > 0 || appeared > 0;
    let worse = new > 0 || disappeared > 0;
    match (better, worse) {
        (true, false) => "better",
        (false, true) => "worse",
        (true, true) => "mixed",
        (false, false) => "unchanged",
    }
}

impl TestChange {
    fn verdict_of(&self) -> &'static str {
        verdict(
            self.fixed.len(),
            self.new.len(),
            self.new.iter().filter(|i| i.law).count(),
            self.evidence_appeared.len(),
            self.evidence_disappeared.len(),
        )
    }
}

impl Pair {
    /// The provider's verdict over all its tests (by the same rules as one test's), or
    /// `not resubmitted`, `new provider`, `could not be compared`.
    pub fn verdict(&self) -> &'static str {
        match (&self.old, &self.new, &self.problem) {
            (Some(_), None, _) => "not resubmitted",
            (None, Some(_), _) => "new provider",
            (_, _, Some(_)) => "could not be compared",
            _ => {
                let sum = |f: fn(&TestChange) -> usize| self.tests.iter().map(f).sum::<usize>();
                verdict(
                    sum(|t| t.fixed.len()),
                    sum(|t| t.new.len()),
                    sum(|t| t.new.iter().filter(|i| i.law).count()),
                    sum(|t| t.evidence_appeared.len()),
                    sum(|t| t.evidence_disappeared.len()),
                )
            }
        }
    }
}

/// The order a folder's providers are listed in: worst first.
const VERDICT_ORDER: &[&str] = &[
    "worse",
    "could not be compared",
    "mixed",
    "not resubmitted",
    "new provider",
    "better",
    "unchanged",
];

/// "providers: 5 better, 10 worse, 280 unchanged, 5 not resubmitted, 2 new provider", worst
/// first, leaving out the verdicts no provider has.
pub fn totals(pairs: &[Pair]) -> Vec<(&'static str, usize)> {
    VERDICT_ORDER
        .iter()
        .map(|v| (*v, pairs.iter().filter(|p| p.verdict() == *v).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Pairs worst first (the order within a verdict is kept).
pub fn worst_first(pairs: &mut [Pair]) {
    pairs.sort_by_key(|p| {
        VERDICT_ORDER
            .iter()
            .position(|v| *v == p.verdict())
            .unwrap_or(VERDICT_ORDER.len())
    });
}

/// Compare two checked files.
pub fn compare_results(old: &FileResult, new: &FileResult) -> Vec<TestChange> {
    let fails = |r: &FileResult| -> Vec<Finding> {
        r.findings
            .iter()
            .filter(|f| matches!(f.outcome, Outcome::Fail | Outcome::Waived))
            .cloned()
            .collect()
    };
    let missing = |r: &FileResult| -> Vec<Finding> {
        r.findings
            .iter()
            .filter(|f| f.outcome == Outcome::NotReported)
            .cloned()
            .collect()
    };
    let (of, nf, om, nm) = (fails(old), fails(new), missing(old), missing(new));
    let fp = |v: &[Finding]| v.iter().map(|f| f.fingerprint.clone()).collect::<HashSet<_>>();
    let (ofp, nfp, omp, nmp) = (fp(&of), fp(&nf), fp(&om), fp(&nm));
    let mut by_test: BTreeMap<usize, TestChange> = BTreeMap::new();
    fn slot<'m>(m: &'m mut BTreeMap<usize, TestChange>, f: &Finding) -> &'m mut TestChange {
        let i = f
            .test
            .as_deref()
            .and_then(|t| TEST_IDS.iter().position(|x| *x == t))
            .unwrap_or(TEST_IDS.len());
        m.entry(i).or_insert_with(|| TestChange {
            test: f.test.clone().unwrap_or_else(|| "other".into()),
            ..TestChange::default()
        })
    }
    for f in &of {
        let t = slot(&mut by_test, f);
        if !nfp.contains(&f.fingerprint) {
            t.fixed.push(item(f));
        }
    }
    for f in &nf {
        let t = slot(&mut by_test, f);
        if ofp.contains(&f.fingerprint) {
            t.still_open.push(item(f));
        } else {
            t.new.push(item(f));
        }
    }
    for f in &om {
        // evidence that appeared and now fails is a new fail (listed as new), not progress
        if !nmp.contains(&f.fingerprint) && !nfp.contains(&f.fingerprint) {
            slot(&mut by_test, f).evidence_appeared.push(item(f));
        }
    }
    for f in &nm {
        if !omp.contains(&f.fingerprint) {
            slot(&mut by_test, f).evidence_disappeared.push(item(f));
        }
    }
    // every test appears, in the review's order, even when nothing changed
    for (i, id) in TEST_IDS.iter().enumerate() {
        by_test.entry(i).or_insert_with(|| TestChange {
            test: (*id).to_string(),
            ..TestChange::default()
        });
    }
    by_test
        .into_values()
        .map(|mut t| {
            t.verdict = t.verdict_of();
            t
        })
        .collect()
}

fn key(r: &FileResult) -> String {
    match &r.urn {
        Some(_) => file_key(r.urn.as_deref(), &r.path),
        None => format!("name:{}", r.path.rsplit('/').next().unwrap_or(&r.path)),
    }
}

/// Pair the files of both sides and compare each pair.
pub fn compare(old: &[FileResult], new: &[FileResult]) -> Vec<Pair> {
    let single = old.len() == 1 && new.len() == 1;
    let mut pairs = Vec::new();
    let mut used = vec![false; new.len()];
    for a in old {
        let j = if single {
            Some(0)
        } else {
            new.iter().enumerate().position(|(j, b)| !used[j] && key(b) == key(a))
        };
        let Some(j) = j else {
            pairs.push(Pair {
                old: Some(a.path.clone()),
                new: None,
                urn: a.urn.clone(),
                problem: Some("no later self-assessment of this provider".into()),
                tests: Vec::new(),
            });
            continue;
        };
        used[j] = true;
        let b = &new[j];
        let problem = if a.status != FileStatus::Checked || b.status != FileStatus::Checked {
            Some(format!(
                "{} could not be checked: run `carecheck check` on it for the reasons",
                if a.status != FileStatus::Checked {
                    &a.path
                } else {
                    &b.path
                }
            ))
        } else {
            None
        };
        pairs.push(Pair {
            old: Some(a.path.clone()),
            new: Some(b.path.clone()),
            urn: b.urn.clone().or_else(|| a.urn.clone()),
            tests: if problem.is_none() {
                compare_results(a, b)
            } else {
                Vec::new()
            },
            problem,
        });
    }
    for (j, b) in new.iter().enumerate() {
        if !used[j] {
            pairs.push(Pair {
                old: None,
                new: Some(b.path.clone()),
                urn: b.urn.clone(),
                problem: Some("no earlier self-assessment of this provider".into()),
                tests: Vec::new(),
            });
        }
    }
    pairs
}
