//! What the document formats (Markdown, HTML) show, worked out once: the headline by the
//! seven tests, actions grouped by whom they concern, the evidence to record, the waivers,
//! and for a batch the providers and standards ranked.

use carecheck_core::check::{FileResult, FileStatus};
use carecheck_core::finding::{Finding, FindingKind, Outcome, Severity};
use carecheck_core::standards::{StandardSet, TEST_IDS};

/// One row of the headline: a test and its counts.
#[derive(Debug, Clone, Default)]
pub struct TestRow {
    /// The test id.
    pub test: String,
    /// Its question, in the review's words as the set gives them.
    pub question: String,
    /// Breaches of the law: fails of standards whose status is law.
    pub errors: usize,
    /// Fails of the other standards.
    pub others: usize,
    /// Not reported.
    pub not_reported: usize,
    /// Waived.
    pub waived: usize,
}

/// The headline of one file.
pub fn headline(r: &FileResult, set: &StandardSet) -> Vec<TestRow> {
    let mut rows: Vec<TestRow> = TEST_IDS
        .iter()
        .map(|t| TestRow {
            test: (*t).to_string(),
            question: set
                .tests
                .iter()
                .find(|x| x.id == *t)
                .map(|x| x.question.clone())
                .unwrap_or_default(),
            ..TestRow::default()
        })
        .collect();
    for f in &r.findings {
        let Some(row) = f.test.as_deref().and_then(|t| rows.iter_mut().find(|r| r.test == t)) else {
            continue;
        };
        let n = f.weight();
        match f.outcome {
            Outcome::Fail if f.law => row.errors += n,
            Outcome::Fail => row.others += n,
            Outcome::NotReported => row.not_reported += n,
            Outcome::Waived => row.waived += n,
            _ => {}
        }
    }
    rows
}

/// Whom a finding concerns, as a heading: "Child C-2B61", "Staff member S-04",
/// "Household FC-01", "Restraints", "The home as a whole".
pub fn whom(f: &Finding) -> String {
    let field = f.field.as_str();
    let record = f.record.as_deref().unwrap_or("");
    if field.starts_with("workforce.staff") {
        format!("Staff member {record}")
    } else if field.starts_with("foster_carer_households") {
        format!("Household {record}")
    } else if let Some(rest) = field.strip_prefix("incidents.") {
        let kind = rest.split('[').next().unwrap_or(rest).replace('_', " ");
        match &f.child {
            Some(c) => format!("Child {c}: {kind}"),
            None => format!("Incidents: {kind}"),
        }
    } else if let Some(c) = &f.child {
        format!("Child {c}")
    } else if f.test.is_none() {
        "The self-assessment file".into()
    } else {
        "The home as a whole".into()
    }
}

/// Fails (and waivers) grouped by whom they concern, the home first, then in file order.
pub fn actions(r: &FileResult) -> Vec<(String, Vec<&Finding>)> {
    let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
    for f in r.findings.iter().filter(|f| f.outcome == Outcome::Fail) {
        let w = whom(f);
        match groups.iter_mut().find(|(g, _)| *g == w) {
            Some((_, v)) => v.push(f),
            None => groups.push((w, vec![f])),
        }
    }
    groups.sort_by_key(|(g, _)| usize::from(g != "The home as a whole"));
    groups
}

/// Counts over one file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Failed, severity error.
    pub errors: usize,
    /// Failed, severity warning.
    pub warnings: usize,
    /// Failed, severity info.
    pub infos: usize,
    /// Not reported.
    pub not_reported: usize,
    /// Waived.
    pub waived: usize,
    /// Breaches of the law: fails of standards whose status is law, and nothing else.
    pub law: usize,
    /// Fails of the other standards (guidance, recommendations, carecheck's thresholds,
    /// duties of the placing authority).
    pub other: usize,
    /// Problems with the data itself (a date after the as-of date, an ambiguous date, an
    /// unknown key...): counted apart, as they say nothing of the care.
    pub data_quality: usize,
    /// Values the personal-data guard flagged.
    pub personal_data: usize,
}

/// The counts of one file.
pub fn counts(r: &FileResult) -> Counts {
    let mut c = Counts::default();
    for f in &r.findings {
        let n = f.weight();
        match (f.outcome, f.severity) {
            (Outcome::Fail, Severity::Error) => c.errors += n,
            (Outcome::Fail, Severity::Warning) => c.warnings += n,
            (Outcome::Fail, Severity::Info) => c.infos += n,
            (Outcome::NotReported, _) => c.not_reported += n,
            (Outcome::Waived, _) => c.waived += n,
            _ => {}
        }
        if f.outcome == Outcome::Fail {
            match f.kind() {
                FindingKind::Standard if f.law => c.law += n,
                FindingKind::Standard => c.other += n,
                FindingKind::DataQuality => c.data_quality += n,
                FindingKind::PersonalData => c.personal_data += n,
            }
        }
    }
    c
}

/// One provider in a batch ranking.
#[derive(Debug, Clone)]
pub struct ProviderRow {
    /// The file.
    pub path: String,
    /// Its place in the input (from 0).
    pub index: usize,
    /// Anchor id of its section.
    pub anchor: String,
    /// URN.
    pub urn: String,
    /// The provider's name, as the file gives it.
    pub name: String,
    /// Kind of provider.
    pub kind: String,
    /// Checked or invalid.
    pub invalid: bool,
    /// Whether the standards were applied at all: a file that was not judged is listed
    /// apart, never ranked with zeros.
    pub judged: bool,
    /// Why it could not be judged (its first problem), or empty.
    pub reason: String,
    /// Its counts.
    pub counts: Counts,
    /// Share of applicable checks made.
    pub completeness: Option<f64>,
}

impl ProviderRow {
    /// From a file's result.
    pub fn of(r: &FileResult, n: usize) -> Self {
        ProviderRow {
            path: r.path.clone(),
            index: n,
            anchor: format!("p{n}"),
            urn: r.urn.clone().unwrap_or_default(),
            name: r.name.clone().unwrap_or_default(),
            kind: r.kind.clone().unwrap_or_default(),
            invalid: r.status != FileStatus::Checked,
            judged: r.judged(),
            reason: r
                .errors
                .first()
                .map(|e| carecheck_core::finding::printable(&e.problem.message).into_owned())
                .unwrap_or_default(),
            counts: counts(r),
            completeness: r.completeness,
        }
    }
}

/// The files that could not be judged, in input order, and the judged providers ranked by
/// breaches of the law, then fails of the other standards, then path.
pub fn rank_providers(rows: &[ProviderRow]) -> (Vec<&ProviderRow>, Vec<&ProviderRow>) {
    let (mut judged, unjudged): (Vec<&ProviderRow>, Vec<&ProviderRow>) = rows.iter().partition(|r| r.judged);
    judged.sort_by(|a, b| {
        b.counts
            .law
            .cmp(&a.counts.law)
            .then(b.counts.other.cmp(&a.counts.other))
            .then(a.path.cmp(&b.path))
    });
    (unjudged, judged)
}

/// A standard's legal status in a word or two, for a table column: guidance and carecheck's
/// thresholds are never labelled law.
pub fn short_status(status: &str) -> &'static str {
    match status {
        "law" => "law",
        "law_la" => "law (placing authority)",
        "statutory_guidance" => "statutory guidance",
        "nms" => "national minimum standards",
        "review" => "recommendation (not law)",
        "practice" => "carecheck practice (not law)",
        "prospective" => "law not yet in force",
        _ => "unknown",
    }
}

/// "3 files could not be read or judged", as the heading of their table.
pub fn unreadable_heading(n: usize) -> String {
    if n == 1 {
        "1 file could not be read or judged".into()
    } else {
        format!("{n} files could not be read or judged")
    }
}

/// One standard in a batch ranking.
#[derive(Debug, Clone)]
pub struct StandardRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Test.
    pub test: String,
    /// Severity.
    pub severity: Severity,
    /// Legal status (`law`, `practice`...).
    pub status: String,
    /// Providers where it failed at least once.
    pub failing: u64,
    /// Providers where it applied (any record not "not applicable").
    pub applicable: u64,
}

impl StandardRow {
    /// Failing providers as a share of those it applied to.
    pub fn share(&self) -> f64 {
        if self.applicable == 0 {
            0.0
        } else {
            self.failing as f64 / self.applicable as f64
        }
    }
}

/// Standards ranked by the share of providers failing them.
pub fn rank_standards(set: &StandardSet, failing: &[u64], applicable: &[u64]) -> Vec<StandardRow> {
    let mut rows: Vec<StandardRow> = set
        .standards
        .iter()
        .enumerate()
        .map(|(i, s)| StandardRow {
            id: s.id.clone(),
            title: s.title.clone(),
            test: s.test.clone(),
            severity: s.severity,
            status: s.status.clone(),
            failing: failing.get(i).copied().unwrap_or(0),
            applicable: applicable.get(i).copied().unwrap_or(0),
        })
        .filter(|r| r.applicable > 0)
        .collect();
    rows.sort_by(|a, b| {
        b.share()
            .partial_cmp(&a.share())
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(b.failing.cmp(&a.failing))
            .then(a.id.cmp(&b.id))
    });
    rows
}

/// Per standard, whether this file failed it and whether it applied: added up over a batch.
pub fn provider_tallies(r: &FileResult, failing: &mut Vec<u64>, applicable: &mut Vec<u64>) {
    if failing.len() < r.counts.len() {
        failing.resize(r.counts.len(), 0);
        applicable.resize(r.counts.len(), 0);
    }
    for (i, c) in r.counts.iter().enumerate() {
        if c[1] + c[4] > 0 {
            failing[i] += 1;
        }
        if c[0] + c[1] + c[2] + c[4] > 0 {
            applicable[i] += 1;
        }
    }
}

/// What to record for missing evidence, in words (shared with the human checklist).
pub fn to_record(f: &Finding) -> String {
    super::human::to_record(f)
}
