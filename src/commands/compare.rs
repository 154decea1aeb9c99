//! `carecheck compare OLD NEW`: one provider's two self-assessments side by side, by test.
//!
//! Findings are matched by fingerprint, so moving text between periods changes nothing.
//! For each of the seven tests: what was fixed, what is new, what is still open, what
//! evidence appeared (was not reported, now is) or disappeared, and a one-line verdict.
//! Two folders are matched file by file by provider URN (by file name when a file has no
//! URN).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use super::{load_set_for_checking, ExitStatus};
use crate::cli::CompareArgs;
use carecheck_core::baseline::file_key;
use carecheck_core::check::{self as checking, CheckOptions, FileResult, FileStatus};
use carecheck_core::engine::Engine;
use carecheck_core::finding::{Finding, Outcome, Severity};
use carecheck_core::standards::{StandardSet, TEST_IDS};

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

fn totals_line(pairs: &[Pair]) -> String {
    let parts: Vec<String> = totals(pairs).iter().map(|(v, n)| format!("{n} {v}")).collect();
    format!("providers: {}", parts.join(", "))
}

/// Pairs worst first (the order within a verdict is kept).
fn worst_first(pairs: &mut [Pair]) {
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

fn check_all(paths: &str, set: &StandardSet, engine: &Engine<'_>) -> Vec<FileResult> {
    let opts = CheckOptions {
        reader: Some(carecheck_workbook::read_for_check),
        ..CheckOptions::default()
    };
    crate::batch::discover(&[paths.to_string()])
        .iter()
        .map(|t| checking::check_one(t, set, engine, &opts))
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

fn title(p: &Pair) -> String {
    format!(
        "{} -> {}{}: {}",
        p.old.as_deref().unwrap_or("(none)"),
        p.new.as_deref().unwrap_or("(none)"),
        p.urn.as_deref().map(|u| format!(" (URN {u})")).unwrap_or_default(),
        p.verdict()
    )
}

fn verdict_line(t: &TestChange) -> String {
    format!(
        "{}: {} ({} fixed, {} new, {} still open; evidence {} appeared, {} disappeared)",
        t.test,
        t.verdict,
        t.fixed.len(),
        t.new.len(),
        t.still_open.len(),
        t.evidence_appeared.len(),
        t.evidence_disappeared.len()
    )
}

fn human(pairs: &[Pair]) -> String {
    let mut o = String::new();
    if pairs.len() > 1 {
        let _ = writeln!(o, "{}\n", totals_line(pairs));
    }
    for p in pairs {
        let _ = writeln!(o, "{}", title(p));
        if let Some(why) = &p.problem {
            let _ = writeln!(o, "  {why}\n");
            continue;
        }
        for t in &p.tests {
            let _ = writeln!(o, "  {}", verdict_line(t));
            for (label, items) in [
                ("fixed", &t.fixed),
                ("new", &t.new),
                ("still open", &t.still_open),
                ("evidence appeared", &t.evidence_appeared),
                ("evidence missing now", &t.evidence_disappeared),
            ] {
                for i in items {
                    let _ = writeln!(o, "    {label:<20} {} {}", i.standard, i.message);
                }
            }
        }
        let _ = writeln!(o);
    }
    o
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(pairs: &[Pair]) -> String {
    let mut o = String::from("# Compared self-assessments\n\n");
    if pairs.len() > 1 {
        o.push_str("| providers | number |\n|---|---:|\n");
        for (v, n) in totals(pairs) {
            let _ = writeln!(o, "| {v} | {n} |");
        }
        o.push('\n');
    }
    for p in pairs {
        let _ = writeln!(o, "## {}\n", md_escape(&title(p)));
        if let Some(why) = &p.problem {
            let _ = writeln!(o, "{}\n", md_escape(why));
            continue;
        }
        o.push_str("| test | verdict | fixed | new | still open | evidence appeared | evidence missing now |\n|---|---|---:|---:|---:|---:|---:|\n");
        for t in &p.tests {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} | {} | {} |",
                t.test,
                t.verdict,
                t.fixed.len(),
                t.new.len(),
                t.still_open.len(),
                t.evidence_appeared.len(),
                t.evidence_disappeared.len()
            );
        }
        o.push('\n');
        for t in &p.tests {
            for (label, items) in [("Fixed", &t.fixed), ("New", &t.new), ("Still open", &t.still_open)] {
                if items.is_empty() {
                    continue;
                }
                let _ = writeln!(o, "**{} — {label}**\n", t.test);
                for i in items {
                    let _ = writeln!(o, "- `{}` {}", i.standard, md_escape(&i.message));
                }
                o.push('\n');
            }
        }
    }
    o
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html(pairs: &[Pair]) -> String {
    let mut o = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Compared self-assessments</title>\n<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.4}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3rem;text-align:left}.n{text-align:right}caption{text-align:left;font-weight:600}.better{color:#075}.worse{color:#a00}.mixed{color:#850}@media print{body{max-width:none}}</style></head><body>\n<h1>Compared self-assessments</h1>\n",
    );
    if pairs.len() > 1 {
        o.push_str("<table><caption>Providers by verdict, worst first</caption><thead><tr><th scope=\"col\">verdict</th><th scope=\"col\" class=\"n\">providers</th></tr></thead><tbody>\n");
        for (v, n) in totals(pairs) {
            let _ = writeln!(o, "<tr><th scope=\"row\">{v}</th><td class=\"n\">{n}</td></tr>");
        }
        o.push_str("</tbody></table>\n");
    }
    for p in pairs {
        let _ = writeln!(o, "<h2>{}</h2>", html_escape(&title(p)));
        if let Some(why) = &p.problem {
            let _ = writeln!(o, "<p>{}</p>", html_escape(why));
            continue;
        }
        o.push_str("<table><tr><th>test</th><th>verdict</th><th>fixed</th><th>new</th><th>still open</th><th>evidence appeared</th><th>evidence missing now</th></tr>\n");
        for t in &p.tests {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                t.test,
                t.verdict,
                t.verdict,
                t.fixed.len(),
                t.new.len(),
                t.still_open.len(),
                t.evidence_appeared.len(),
                t.evidence_disappeared.len()
            );
        }
        o.push_str("</table>\n");
        for t in &p.tests {
            for (label, items) in [("Fixed", &t.fixed), ("New", &t.new), ("Still open", &t.still_open)] {
                if items.is_empty() {
                    continue;
                }
                let _ = writeln!(o, "<h3>{} — {label}</h3><ul>", t.test);
                for i in items {
                    let _ = writeln!(o, "<li><code>{}</code> {}</li>", i.standard, html_escape(&i.message));
                }
                o.push_str("</ul>\n");
            }
        }
    }
    o.push_str("</body></html>\n");
    o
}

/// Run `compare`.
pub fn run(args: &CompareArgs) -> io::Result<ExitStatus> {
    let set = match load_set_for_checking(&args.set) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    // every format asked for, each to its own place, as for `check`
    let mut outputs: Vec<(&str, Option<&str>)> = Vec::new();
    let formats: Vec<String> = if args.format.is_empty() {
        vec!["human".into()]
    } else {
        args.format.clone()
    };
    for spec in &formats {
        let (name, path) = match spec.split_once(':') {
            Some((n, p)) => (n, Some(p).filter(|p| *p != "-")),
            None => (spec.as_str(), None),
        };
        if !["human", "markdown", "json", "html"].contains(&name) {
            eprintln!("carecheck: --format for compare is one of human, markdown, json, html, not `{name}`");
            return Ok(ExitStatus::Error);
        }
        if outputs.iter().any(|(_, p)| *p == path) {
            eprintln!(
                "carecheck: two formats ask to write {}; give each its own file",
                path.map_or("standard output".to_string(), |p| format!("`{p}`"))
            );
            return Ok(ExitStatus::Error);
        }
        outputs.push((name, path));
    }
    let engine = Engine::new(&set, None);
    let old = check_all(&args.old, &set, &engine);
    let new = check_all(&args.new, &set, &engine);
    if old.is_empty() || new.is_empty() {
        eprintln!(
            "carecheck: no .yaml or .yml files found under {}",
            if old.is_empty() { &args.old } else { &args.new }
        );
        return Ok(ExitStatus::Error);
    }
    let mut pairs = compare(&old, &new);
    if pairs.len() > 1 {
        worst_first(&mut pairs);
    }
    for (name, path) in outputs {
        let text = match name {
            "markdown" => markdown(&pairs),
            "json" => {
                let mut list = serde_json::to_value(&pairs)?;
                if let Some(items) = list.as_array_mut() {
                    for (v, p) in items.iter_mut().zip(&pairs) {
                        v["verdict"] = serde_json::Value::from(p.verdict());
                    }
                }
                let totals: serde_json::Map<String, serde_json::Value> = totals(&pairs)
                    .into_iter()
                    .map(|(v, n)| (v.to_string(), n.into()))
                    .collect();
                serde_json::to_string_pretty(&serde_json::json!({
                    "tool": {"name": "carecheck", "version": env!("CARGO_PKG_VERSION")},
                    "totals": totals,
                    "pairs": list,
                }))? + "\n"
            }
            "html" => html(&pairs),
            _ => human(&pairs),
        };
        match path {
            Some(p) => std::fs::write(p, text)?,
            None => io::stdout().lock().write_all(text.as_bytes())?,
        }
    }
    let invalid = pairs
        .iter()
        .any(|p| p.problem.as_deref().is_some_and(|w| w.contains("could not be checked")));
    let worse = pairs
        .iter()
        .flat_map(|p| &p.tests)
        .any(|t| t.new.iter().any(|i| i.severity == Severity::Error));
    Ok(if invalid {
        ExitStatus::Error
    } else if worse {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
