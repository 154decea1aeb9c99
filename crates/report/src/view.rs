//! What the document formats (Markdown, HTML) show, worked out once: the headline by the
//! seven tests, actions grouped by whom they concern, the evidence to record, the waivers,
//! and for a batch the providers and standards ranked.

use carecheck_core::check::{FileResult, FileStatus};
use carecheck_core::finding::{Finding, FindingKind, Outcome, Severity};
use carecheck_core::standards::{StandardSet, Status, TEST_IDS};

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

/// Whom a finding concerns, as a heading, named as people count them: "S-04" (a member
/// of staff), "Household FC-01", "Child C-2B61", "Child C-2B61: restraint", "The home as a
/// whole". A record without a ref is counted from one ("Staff member 1"), never shown as
/// a path.
pub fn whom(f: &Finding) -> String {
    let field = f.field.as_str();
    if let Some(rest) = field.strip_prefix("incidents.") {
        let kind = carecheck_core::wording::field_words(rest.split('[').next().unwrap_or(rest));
        return match &f.child {
            Some(c) => format!("Child {}: {kind}", printable(c)),
            None => format!("Incidents: {kind}"),
        };
    }
    if f.test.is_none() && f.child.is_none() && f.record.is_none() {
        return "The self-assessment file".into();
    }
    match record_words(f) {
        Some(who) => capitalised(&who),
        None if f.test.is_none() => "The self-assessment file".into(),
        None => WHOLE.into(),
    }
}

/// The record a finding concerns, in words ("S-02", "household H-02", "child C-01",
/// "staff member 1" for a record without a ref); `None` for the provider as a whole.
pub fn record_words(f: &Finding) -> Option<String> {
    if let Some(name) = carecheck_core::wording::record_name(&f.field, f.record.as_deref(), f.child.as_deref()) {
        return Some(printable(&name));
    }
    // a person's record without a ref: its place in its list, counted from one
    let person = ["workforce.staff[", "foster_carer_households[", "children["];
    if !person.iter().any(|p| f.field.starts_with(p)) {
        // a record named by its ref whose blamed field lies elsewhere (a household's
        // children): its ref alone
        return f
            .record
            .as_deref()
            .filter(|r| !r.is_empty() && !r.contains(['[', '.']))
            .map(printable);
    }
    let (who, _) = carecheck_core::wording::split_people(&f.field, &|_| None);
    let first = who.split(", ").next().unwrap_or("");
    (!first.is_empty()).then(|| first.to_string())
}

fn printable(s: &str) -> String {
    carecheck_core::finding::printable(s).into_owned()
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// A finding's message as the manager's reports show it: field paths in words, dates in
/// prose (the JSON, SARIF and CSV keep the checker's text). Only an unknown key's text is
/// left as written, and a personal-data finding's.
pub fn message(f: &Finding) -> String {
    let text = carecheck_core::finding::printable(&f.message);
    if quotes_the_file(f) {
        text.into_owned()
    } else {
        carecheck_core::wording::for_manager(&text)
    }
}

/// An unknown key's finding quotes the key as the file spells it (`age_yaers`) and names
/// the field meant (`age_years`); a personal-data finding names the key to delete
/// (`children[0].name`) with its value masked: the manager searches the file for them, so
/// their text stays as written.
fn quotes_the_file(f: &Finding) -> bool {
    f.standard == "unknown-key" || f.kind() == FindingKind::PersonalData
}

/// A finding's help (what to do) as the manager's reports show it, in words as its
/// message is.
pub fn help(f: &Finding) -> String {
    let text = f.help.as_deref().unwrap_or("");
    if quotes_the_file(f) {
        text.to_string()
    } else {
        carecheck_core::wording::for_manager(text)
    }
}

/// One thing to record: a field of one record, with every standard that needs it.
#[derive(Debug, Clone)]
pub struct TodoItem {
    /// The line to write it on (where the field is, or where its record starts).
    pub line: usize,
    /// The field, in words ("placement plan date").
    pub words: String,
    /// What the field holds, from the format's own description of it.
    pub what: String,
    /// The standards that cannot be checked without it, in the order first met.
    pub standards: Vec<String>,
}

/// The to-do list of one file: every field that any standard is missing, each once,
/// grouped by the record it belongs to ("child C-01": placement plan date, advocate, ...),
/// the provider first. Filling in every item clears the list: each not-reported finding
/// gives every field it lacks, not only the first.
pub fn todo(r: &FileResult) -> Vec<(String, Vec<TodoItem>)> {
    let shown: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::NotReported)
        .collect();
    todo_of(&shown)
}

/// [`todo`] of the given not-reported findings (the human report's, as `--select` and the
/// rest of its filters leave them).
pub fn todo_of<'f>(findings: &[&'f Finding]) -> Vec<(String, Vec<TodoItem>)> {
    let mut groups: Vec<(String, Vec<TodoItem>)> = Vec::new();
    // each record's group by its words, found by a lookup: searching the groups for each
    // field made a file of thousands of records with blanks quadratic
    let mut group_of: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    // (group, concrete path) -> item index, so each field is listed once
    let mut seen: foldhash::HashMap<(usize, &'f str), usize> = foldhash::HashMap::default();
    // each record's words as its own findings give them (`Child C-01`), so a field of that
    // record that another finding names (a standard about the whole home reading a child's
    // placement) is listed in the same group, once
    // (built the first time such a field comes up: most files have none, and wording every
    // finding's record twice was a tenth of a human report's work)
    let mut record_group: Option<foldhash::HashMap<&'f str, String>> = None;
    let groups_of_records = || {
        let mut m: foldhash::HashMap<&'f str, String> = foldhash::HashMap::default();
        for f in findings.iter().copied().filter(|f| f.outcome == Outcome::NotReported) {
            if let Some(i) = f.field.rfind(']') {
                if let std::collections::hash_map::Entry::Vacant(v) = m.entry(&f.field[..=i]) {
                    if let Some(words) = record_words(f) {
                        v.insert(words);
                    }
                }
            }
        }
        m
    };
    for f in findings.iter().copied().filter(|f| f.outcome == Outcome::NotReported) {
        let who = record_words(f).unwrap_or_else(|| "the provider".into());
        let fields: Vec<(&str, usize)> = if f.missing.is_empty() {
            vec![(f.field.as_str(), f.line)]
        } else {
            f.missing.iter().map(|(p, l)| (p.as_str(), *l)).collect()
        };
        for (path, line) in fields {
            // a field of another record (the child's household, say) is listed under it
            let owner = match owner_words(path, f) {
                Some(words) => {
                    let by_record = record_group.get_or_insert_with(groups_of_records);
                    path.rfind(']')
                        .and_then(|i| by_record.get(&path[..=i]))
                        .cloned()
                        .unwrap_or(words)
                }
                None => who.clone(),
            };
            let gi = match group_of.get(&owner) {
                Some(&i) => i,
                None => {
                    groups.push((owner.clone(), Vec::new()));
                    group_of.insert(owner, groups.len() - 1);
                    groups.len() - 1
                }
            };
            match seen.get(&(gi, path)) {
                Some(&i) => {
                    let item = &mut groups[gi].1[i];
                    if !item.standards.contains(&f.standard) {
                        item.standards.push(f.standard.clone());
                    }
                }
                None => {
                    groups[gi].1.push(TodoItem {
                        line,
                        words: carecheck_core::wording::field_words(path),
                        what: field_doc(path),
                        standards: vec![f.standard.clone()],
                    });
                    seen.insert((gi, path), groups[gi].1.len() - 1);
                }
            }
        }
    }
    for (_, items) in &mut groups {
        items.sort_by_key(|i| i.line);
    }
    groups.sort_by_key(|(g, items)| (usize::from(g != "the provider"), items.first().map_or(0, |i| i.line)));
    groups
}

/// Whom a missing field belongs to when it is not the finding's own record: a path into
/// another record of a list (a household's field read for a child, or a child's placement
/// read by a standard about the whole home).
fn owner_words(path: &str, f: &Finding) -> Option<String> {
    let own = f.field.rfind(']').map(|i| &f.field[..=i]);
    let its = path.rfind(']').map(|i| &path[..=i]);
    match (own, its) {
        (Some(a), Some(b)) if a != b => {
            let (who, _) = carecheck_core::wording::split_people(b, &|_| None);
            (!who.is_empty()).then_some(who)
        }
        (None, Some(b)) => {
            let (who, _) = carecheck_core::wording::split_people(b, &|_| None);
            (!who.is_empty()).then_some(who)
        }
        (Some(_), None) => Some("the provider".into()),
        _ => None,
    }
}

/// What a field holds, from the format's description, first letter in lower case.
fn field_doc(path: &str) -> String {
    let mut schema_path = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            c if depth == 0 => schema_path.push(c),
            _ => {}
        }
    }
    let doc = carecheck_core::schema::lookup(&schema_path)
        .map(|fl| fl.doc.trim_end_matches('.').to_string())
        .unwrap_or_default();
    let mut w = doc.chars();
    let lower = w
        .next()
        .map(|c| c.to_lowercase().collect::<String>() + w.as_str())
        .unwrap_or_default();
    carecheck_core::wording::for_manager(&lower)
}

/// "C-01: record the placement plan date, the advocacy status, ...": one line per record,
/// as the to-do list's summary.
pub fn todo_line(who: &str, items: &[TodoItem]) -> String {
    // a long list is named in part: the lines below it give every item
    const NAMED: usize = 6;
    let fields: Vec<&str> = items.iter().take(NAMED).map(|i| i.words.as_str()).collect();
    let more = items.len().saturating_sub(NAMED);
    let tail = if more > 0 {
        format!(
            " and {}",
            carecheck_core::wording::count(more, "more thing", "more things")
        )
    } else {
        String::new()
    };
    format!("{}: record {}{tail}", capitalised(who), fields.join(", "))
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
    groups.sort_by_key(|(g, _)| usize::from(g != WHOLE));
    // the provider as a whole in its kind's words: a fostering service is an agency
    let whole = match r.kind.as_deref() {
        Some("fostering_service") => "The agency as a whole",
        Some("supported_accommodation") => "The service as a whole",
        _ => WHOLE,
    };
    for (g, _) in &mut groups {
        if g == WHOLE {
            *g = whole.to_string();
        }
    }
    groups
}

/// The heading of the findings about the provider as a whole.
const WHOLE: &str = "The home as a whole";

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
    pub status: Status,
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
            title: s.title.to_string(),
            test: s.test.clone(),
            severity: s.severity,
            status: s.status,
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
