//! Two checks of the same providers side by side (`carecheck compare OLD NEW`): which
//! findings were fixed, which are new, which are still open and which evidence appeared or
//! disappeared, by test, with a verdict per test and per provider. Plain data: the reports
//! crate renders it (`carecheck_report::compare`).
//!
//! Findings are matched by fingerprint, so moving text between periods changes nothing.
//! Two folders are matched file by file by provider URN (by file name when a file has no
//! URN, or when a URN is on several files of a side); two different URNs are never paired,
//! and what could not be paired is listed ([`unpaired`]).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

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
    /// Not paired because its URN is on more than one file of a side, so which earlier
    /// file is which later one cannot be told.
    #[serde(skip)]
    pub ambiguous: bool,
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
    /// `not resubmitted`, `new provider`, `could not be compared`, `could not be paired`.
    pub fn verdict(&self) -> &'static str {
        match (&self.old, &self.new, &self.problem) {
            _ if self.ambiguous => "could not be paired",
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
    "could not be paired",
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
    // fingerprints are counted: one more look-alike finding is new, one fewer is fixed
    let count = |v: &[Finding]| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for f in v {
            *m.entry(f.fingerprint.clone()).or_insert(0) += 1;
        }
        m
    };
    let take = |m: &mut HashMap<String, usize>, fp: &str| match m.get_mut(fp) {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    };
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
    let mut nf_left = count(&nf);
    // a fail whose evidence was blanked is not fixed: it cannot be judged now, and is listed
    // once, as evidence that disappeared (below)
    let mut nm_blanked = count(&nm);
    for f in &of {
        let t = slot(&mut by_test, f);
        if !take(&mut nf_left, &f.fingerprint) && !take(&mut nm_blanked, &f.fingerprint) {
            t.fixed.push(item(f));
        }
    }
    let mut of_left = count(&of);
    for f in &nf {
        let t = slot(&mut by_test, f);
        if take(&mut of_left, &f.fingerprint) {
            t.still_open.push(item(f));
        } else {
            t.new.push(item(f));
        }
    }
    // evidence that appeared and now fails is a new fail (listed as new), not progress
    let (mut nm_left, mut nf_all) = (count(&nm), count(&nf));
    for f in &om {
        if !take(&mut nm_left, &f.fingerprint) && !take(&mut nf_all, &f.fingerprint) {
            slot(&mut by_test, f).evidence_appeared.push(item(f));
        }
    }
    let mut om_left = count(&om);
    for f in &nm {
        if !take(&mut om_left, &f.fingerprint) {
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

/// A file's URN, trimmed, when it has one.
fn urn(r: &FileResult) -> Option<&str> {
    r.urn.as_deref().map(str::trim).filter(|u| !u.is_empty())
}

/// What a file is paired by: its URN (`true`), else its file name.
fn ident(r: &FileResult) -> (bool, &str) {
    match urn(r) {
        Some(u) => (true, u),
        None => (false, file_name(&r.path)),
    }
}

/// The last part of a path (`q2/home.yaml` -> `home.yaml`).
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Pair the files of both sides and compare each pair.
///
/// Two files are paired only when they can be the same provider's: never two different
/// URNs, whatever the number of files. A URN carried by one file on each side pairs those
/// two; a URN carried by several files on a side does not say which is which, so none of
/// them is paired (a guess by file name or order would report one provider's findings as
/// another's fixes and new breaches); each is listed as not paired, with why (audit v3 B9).
/// Files without a URN pair by file name, under the same rule when a name is not unique;
/// two single files (`compare a.yaml b.yaml`) pair unless their URNs differ.
pub fn compare(old: &[FileResult], new: &[FileResult]) -> Vec<Pair> {
    let mut on_side: [HashMap<(bool, &str), usize>; 2] = [HashMap::new(), HashMap::new()];
    for (side, files) in [old, new].iter().enumerate() {
        for r in *files {
            *on_side[side].entry(ident(r)).or_insert(0) += 1;
        }
    }
    // an identity more than one file of a side has cannot tell those files apart
    let shared = |k: (bool, &str)| on_side.iter().any(|m| m.get(&k).copied().unwrap_or(0) > 1);
    let single = old.len() == 1 && new.len() == 1;
    let mut pairs = Vec::new();
    let mut used = vec![false; new.len()];
    let mut unpaired_old: Vec<(usize, String)> = Vec::new();
    for (ai, a) in old.iter().enumerate() {
        let j = if single && (urn(a).is_none() || urn(&new[0]).is_none() || urn(a) == urn(&new[0])) {
            Some(0)
        } else if shared(ident(a)) {
            None
        } else {
            new.iter()
                .enumerate()
                .position(|(j, b)| !used[j] && ident(b) == ident(a))
        };
        let Some(j) = j else {
            unpaired_old.push((ai, pairs_why(a, old, new, true)));
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
            ambiguous: false,
        });
    }
    for (ai, why) in unpaired_old {
        let a = &old[ai];
        pairs.push(Pair {
            old: Some(a.path.clone()),
            new: None,
            urn: a.urn.clone(),
            problem: Some(why),
            tests: Vec::new(),
            ambiguous: shared(ident(a)),
        });
    }
    for (j, b) in new.iter().enumerate() {
        if !used[j] {
            pairs.push(Pair {
                old: None,
                new: Some(b.path.clone()),
                urn: b.urn.clone(),
                problem: Some(pairs_why(b, new, old, false)),
                tests: Vec::new(),
                ambiguous: shared(ident(b)),
            });
        }
    }
    pairs
}

/// Why a file found no partner on the other side, in words: no file of its provider there,
/// or several files with its URN that could not be told apart.
fn pairs_why(r: &FileResult, mine: &[FileResult], other: &[FileResult], earlier: bool) -> String {
    let (later, side) = if earlier {
        ("no later self-assessment of this provider", "the later side")
    } else {
        ("no earlier self-assessment of this provider", "the earlier side")
    };
    let Some(u) = urn(r) else {
        let name = file_name(&r.path);
        let count = |v: &[FileResult]| v.iter().filter(|x| ident(x) == (false, name)).count();
        let (here, there) = (count(mine), count(other));
        if here > 1 || there > 1 {
            return format!(
                "not paired: {here} file(s) of this side and {there} of {side} have no URN and the file name {name}, so which is which provider's cannot be told; give each provider its URN"
            );
        }
        return format!("{later} (no file of {side} without a URN has the file name {name})");
    };
    let here = mine.iter().filter(|x| urn(x) == Some(u)).count();
    let there = other.iter().filter(|x| urn(x) == Some(u)).count();
    if there == 0 {
        let others: Vec<&str> = other.iter().filter_map(urn).collect();
        return match others.as_slice() {
            [only] => format!("{later}: not paired with {side}'s only file, whose URN is {only}, not {u}"),
            _ => format!("{later} (no file of {side} has URN {u})"),
        };
    }
    format!(
        "not paired: URN {u} is on {here} file(s) of this side and {there} of {side}, so which file is which provider's cannot be told; give each provider its own URN"
    )
}

/// The files that could not be paired, one line each (`old/x.yaml: why`), in the pairs'
/// order: every format of `compare` lists them, so a provider is never dropped unseen.
pub fn unpaired(pairs: &[Pair]) -> Vec<String> {
    pairs
        .iter()
        .filter(|p| p.old.is_none() || p.new.is_none())
        .map(|p| {
            format!(
                "{}: {}",
                p.old.as_deref().or(p.new.as_deref()).unwrap_or(""),
                p.problem.as_deref().unwrap_or("not paired")
            )
        })
        .collect()
}
