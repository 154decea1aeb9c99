//! A batch's national figures, worked out once as plain data and rendered by every format
//! that shows them (the `--statistics` tables in boxes and CSV, the JSON summary, the
//! Markdown and HTML overviews): pass and fail per standard, per test of the seven and per
//! kind of provider, with the problems of the data and the personal data counted apart, as
//! they say nothing of the care.
//!
//! The run's [`Tallies`] are added up file by file as results arrive (flat memory: a few
//! numbers per standard, test and kind); [`Statistics::of`] turns them into rows at the end.

use std::collections::BTreeMap;

use carecheck_core::check::FileResult;
use carecheck_core::finding::{FindingKind, Outcome, Severity};
use carecheck_core::standards::{StandardSet, Status, TEST_IDS};

/// What a provider's records show for a group of standards (a test, or every standard for
/// a kind of provider): a provider is *failing* when any standard of the group failed, *not
/// reported* when none failed but some evidence is missing, *passing* when every check that
/// applied was met (or waived).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum State {
    NotApplicable,
    Passing,
    NotReported,
    Failing,
}

impl State {
    /// The state one standard's record counts (`pass, fail, not reported, n/a, waived`) give.
    fn of(c: &[u32; 5]) -> State {
        if c[1] > 0 {
            State::Failing
        } else if c[2] > 0 {
            State::NotReported
        } else if c[0] + c[4] > 0 {
            State::Passing
        } else {
            State::NotApplicable
        }
    }
}

/// Providers by what their records show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Providers {
    /// Every check that applied was met or waived.
    pub passing: u64,
    /// At least one standard failed.
    pub failing: u64,
    /// Nothing failed, but some evidence was not recorded, so not everything could be checked.
    pub not_reported: u64,
}

impl Providers {
    fn add(&mut self, s: State) {
        match s {
            State::Passing => self.passing += 1,
            State::Failing => self.failing += 1,
            State::NotReported => self.not_reported += 1,
            State::NotApplicable => {}
        }
    }

    /// Providers the group applied to.
    pub fn total(&self) -> u64 {
        self.passing + self.failing + self.not_reported
    }

    /// Passing providers as a share (0 to 1) of those it applied to; `None` when it applied
    /// to none.
    pub fn pass_rate(&self) -> Option<f64> {
        share(self.passing, self.total())
    }
}

/// Records (one check of one standard against one child, staff member, household or the
/// home) by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Records {
    /// Met.
    pub pass: u64,
    /// Not met.
    pub fail: u64,
    /// The evidence was not recorded.
    pub not_reported: u64,
    /// The standard does not apply to that record.
    pub not_applicable: u64,
    /// Not met, with a waiver in force.
    pub waived: u64,
}

impl Records {
    fn add(&mut self, c: &[u64; 5]) {
        self.pass += c[0];
        self.fail += c[1];
        self.not_reported += c[2];
        self.not_applicable += c[3];
        self.waived += c[4];
    }

    /// Records met as a share (0 to 1) of those that could be judged (met or not met):
    /// missing evidence is neither, and is counted in its own column.
    pub fn pass_rate(&self) -> Option<f64> {
        share(self.pass, self.pass + self.fail)
    }
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A kind of provider's running figures.
#[derive(Debug, Clone, Default)]
pub struct KindTally {
    /// Judged providers by state over every standard.
    pub providers: Providers,
    /// Judged providers with at least one breach of the law.
    pub providers_breaching_law: u64,
    /// Files of this kind that could not be judged.
    pub not_judged: u64,
    /// Records over every standard.
    pub records: [u64; 5],
    /// Breaches of the law (fails of law standards).
    pub law_breaches: u64,
    /// Problems with the data, counted apart.
    pub data_quality: u64,
    /// Values the personal-data guard flagged.
    pub personal_data: u64,
}

/// A built-in check's running figures (a problem with the data, or personal data).
#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltInTally {
    /// Personal data (`true`) or a problem with the data.
    pub personal_data: bool,
    /// Findings that failed.
    pub findings: u64,
    /// Providers with at least one.
    pub providers: u64,
}

/// What a run adds up, file by file, for the statistics beyond the per-standard counts
/// the [`crate::Summary`] keeps.
#[derive(Debug, Clone, Default)]
pub struct Tallies {
    /// Per test, in the order of [`TEST_IDS`]: judged providers by state.
    pub per_test: Vec<Providers>,
    /// Per kind of provider (its `provider.kind`, or empty when the file gives none).
    pub per_kind: BTreeMap<String, KindTally>,
    /// Per built-in check id (`date-after-as-of`, `personal-data`...).
    pub built_in: BTreeMap<String, BuiltInTally>,
}

impl Tallies {
    /// Add one file's result. The set maps each standard to its test.
    pub fn add(&mut self, r: &FileResult, set: &StandardSet) {
        if self.per_test.len() < TEST_IDS.len() {
            self.per_test.resize(TEST_IDS.len(), Providers::default());
        }
        let kind = self.per_kind.entry(r.kind.clone().unwrap_or_default()).or_default();
        if !r.judged() {
            kind.not_judged += 1;
            return;
        }
        let mut by_test = [State::NotApplicable; 16];
        let mut overall = State::NotApplicable;
        for (i, c) in r.counts.iter().enumerate() {
            let Some(st) = set.standards.get(i) else { continue };
            let s = State::of(c);
            if let Some(t) = TEST_IDS.iter().position(|t| *t == st.test) {
                if let Some(slot) = by_test.get_mut(t) {
                    *slot = (*slot).max(s);
                }
            }
            overall = overall.max(s);
            for (acc, v) in kind.records.iter_mut().zip(c) {
                *acc += u64::from(*v);
            }
        }
        for (acc, s) in self.per_test.iter_mut().zip(by_test) {
            acc.add(s);
        }
        kind.providers.add(overall);
        let mut law = 0u64;
        let mut seen: Vec<&str> = Vec::new();
        for f in r.findings.iter().filter(|f| f.outcome == Outcome::Fail) {
            match f.kind() {
                FindingKind::Standard => law += u64::from(f.law) * f.weight() as u64,
                k => {
                    let personal = k == FindingKind::PersonalData;
                    if personal {
                        kind.personal_data += f.weight() as u64;
                    } else {
                        kind.data_quality += f.weight() as u64;
                    }
                    let t = self.built_in.entry(f.standard.clone()).or_default();
                    t.personal_data = personal;
                    t.findings += f.weight() as u64;
                    if !seen.contains(&f.standard.as_str()) {
                        seen.push(&f.standard);
                        t.providers += 1;
                    }
                }
            }
        }
        kind.law_breaches += law;
        kind.providers_breaching_law += u64::from(law > 0);
    }
}

/// One standard's figures over the run.
#[derive(Debug, Clone)]
pub struct StandardStat {
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
    /// Records by outcome.
    pub records: Records,
    /// Providers where it failed at least once.
    pub providers_failing: u64,
    /// Providers where it applied to at least one record.
    pub providers_applicable: u64,
}

impl StandardStat {
    /// Failing providers as a share (0 to 1) of those it applied to (0 when none).
    pub fn share_failing(&self) -> f64 {
        share(self.providers_failing, self.providers_applicable).unwrap_or(0.0)
    }
}

/// A test's or a kind of provider's figures.
#[derive(Debug, Clone)]
pub struct GroupStat {
    /// The test id, or the kind of provider as files give it.
    pub key: String,
    /// In words: the test's name, or the kind ("children's home").
    pub label: String,
    /// Judged providers by state.
    pub providers: Providers,
    /// Records by outcome.
    pub records: Records,
    /// Breaches of the law among the records' fails.
    pub law_breaches: u64,
    /// Kinds only: judged providers with at least one breach of the law.
    pub providers_breaching_law: Option<u64>,
    /// Kinds only: problems with the data, counted apart from the standards.
    pub data_quality: Option<u64>,
    /// Kinds only: personal data flagged.
    pub personal_data: Option<u64>,
    /// Kinds only: files of this kind that could not be judged.
    pub not_judged: Option<u64>,
}

/// A built-in check's figures: counted apart from the standards.
#[derive(Debug, Clone)]
pub struct BuiltInStat {
    /// Its id (`date-after-as-of`, `personal-data`...).
    pub check: String,
    /// `data_quality` or `personal_data`, as the findings' `kind` column says.
    pub kind: &'static str,
    /// Findings.
    pub findings: u64,
    /// Providers with at least one.
    pub providers: u64,
}

/// The run's national figures, as rows.
#[derive(Debug, Clone)]
pub struct Statistics {
    /// Per standard that applied to anything, in the set's order.
    pub standards: Vec<StandardStat>,
    /// Per test of the seven, in the review's order.
    pub tests: Vec<GroupStat>,
    /// Per kind of provider, in alphabetical order of the kind's id.
    pub kinds: Vec<GroupStat>,
    /// The built-in checks, counted apart.
    pub built_in: Vec<BuiltInStat>,
}

impl Statistics {
    /// The rows of a run's summary.
    pub fn of(summary: &crate::Summary, set: &StandardSet) -> Statistics {
        let mut standards = Vec::new();
        let mut tests: Vec<GroupStat> = TEST_IDS
            .iter()
            .enumerate()
            .map(|(i, t)| GroupStat {
                key: (*t).to_string(),
                label: t.replace('-', " "),
                providers: summary.tallies.per_test.get(i).copied().unwrap_or_default(),
                records: Records::default(),
                law_breaches: 0,
                providers_breaching_law: None,
                data_quality: None,
                personal_data: None,
                not_judged: None,
            })
            .collect();
        for (i, s) in set.standards.iter().enumerate() {
            let c = summary.per_standard.get(i).copied().unwrap_or([0; 5]);
            if c.iter().sum::<u64>() == 0 {
                continue;
            }
            let mut records = Records::default();
            records.add(&c);
            if let Some(t) = tests.iter_mut().find(|t| t.key == s.test) {
                t.records.add(&c);
                if s.status == Status::Law {
                    t.law_breaches += c[1];
                }
            }
            standards.push(StandardStat {
                id: s.id.clone(),
                title: s.title.to_string(),
                test: s.test.clone(),
                severity: s.severity,
                status: s.status,
                records,
                providers_failing: summary.providers_failing.get(i).copied().unwrap_or(0),
                providers_applicable: summary.providers_applicable.get(i).copied().unwrap_or(0),
            });
        }
        let kinds = summary
            .tallies
            .per_kind
            .iter()
            .map(|(k, t)| {
                let mut records = Records::default();
                records.add(&t.records);
                GroupStat {
                    key: k.clone(),
                    label: if k.is_empty() {
                        "kind not given".into()
                    } else {
                        carecheck_core::schema::kind_in_words(k).to_string()
                    },
                    providers: t.providers,
                    records,
                    law_breaches: t.law_breaches,
                    providers_breaching_law: Some(t.providers_breaching_law),
                    data_quality: Some(t.data_quality),
                    personal_data: Some(t.personal_data),
                    not_judged: Some(t.not_judged),
                }
            })
            .collect();
        let built_in = summary
            .tallies
            .built_in
            .iter()
            .map(|(k, t)| BuiltInStat {
                check: k.clone(),
                kind: if t.personal_data {
                    "personal_data"
                } else {
                    "data_quality"
                },
                findings: t.findings,
                providers: t.providers,
            })
            .collect();
        Statistics {
            standards,
            tests,
            kinds,
            built_in,
        }
    }

    /// The standards, the most often failed (by share of providers) first.
    pub fn standards_by_share(&self) -> Vec<&StandardStat> {
        let mut v: Vec<&StandardStat> = self.standards.iter().collect();
        v.sort_by(|a, b| {
            b.share_failing()
                .partial_cmp(&a.share_failing())
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(b.providers_failing.cmp(&a.providers_failing))
                .then(a.id.cmp(&b.id))
        });
        v
    }
}

/// A share (0 to 1) as a number for a spreadsheet: three decimals, or blank when there is
/// nothing to divide by (never a misleading 0).
pub fn share_number(s: Option<f64>) -> String {
    s.map(|v| format!("{:.3}", (v * 1000.0).round() / 1000.0))
        .unwrap_or_default()
}

/// A share as a per cent for a person: "88%", or "no data".
pub fn share_percent(s: Option<f64>) -> String {
    s.map_or_else(|| "no data".into(), |v| format!("{:.0}%", v * 100.0))
}

/// One table: a caption, its columns, which of them are numbers (aligned right) and its
/// rows, as text. Every format draws the same tables from these.
#[derive(Debug, Clone)]
pub struct Table {
    /// The table's id in HTML (`standards`, `tests`, `kinds`, `data`).
    pub id: &'static str,
    /// What it shows, in words.
    pub caption: &'static str,
    /// Column names, as the CSV header gives them.
    pub header: Vec<&'static str>,
    /// Which columns hold numbers.
    pub numeric: Vec<bool>,
    /// The rows; numbers as plain numbers (shares as 0 to 1, blank when undefined).
    pub rows: Vec<Vec<String>>,
    /// Each row's name in words, for a document (the first cell is the id a script keys on).
    pub labels: Vec<String>,
    /// Columns a document (HTML, Markdown) leaves out to stay readable on a page; the CSV
    /// and the JSON have them.
    pub detail: Vec<bool>,
}

impl Table {
    /// Whether a column holds a share (0 to 1), shown to a person as a per cent.
    pub fn is_share(&self, col: usize) -> bool {
        self.header
            .get(col)
            .is_some_and(|h| h.contains("rate") || h.starts_with("share"))
    }
}

impl Statistics {
    /// The four tables, for CSV and for the boxes of `--statistics` (shares as numbers from 0
    /// to 1, with three decimals, so a spreadsheet can sort and add them).
    pub fn tables(&self, by_share: bool) -> Vec<Table> {
        let standards: Vec<&StandardStat> = if by_share {
            self.standards_by_share()
        } else {
            self.standards.iter().collect()
        };
        let n = |v: u64| v.to_string();
        let mut out = vec![Table {
            id: "standards",
            caption: "Per standard",
            header: vec![
                "standard",
                "title",
                "test",
                "status",
                "severity",
                "records passing",
                "records failing",
                "records not reported",
                "records waived",
                "records not applicable",
                "record pass rate",
                "providers failing",
                "providers applicable",
                "share of providers failing",
            ],
            numeric: vec![
                false, false, false, false, false, true, true, true, true, true, true, true, true, true,
            ],
            labels: standards.iter().map(|s| format!("{} {}", s.id, s.title)).collect(),
            detail: vec![
                false, true, false, false, true, false, false, false, true, true, false, false, false, false,
            ],
            rows: standards
                .iter()
                .map(|s| {
                    vec![
                        s.id.clone(),
                        s.title.clone(),
                        s.test.clone(),
                        s.status.to_string(),
                        s.severity.as_str().into(),
                        n(s.records.pass),
                        n(s.records.fail),
                        n(s.records.not_reported),
                        n(s.records.waived),
                        n(s.records.not_applicable),
                        share_number(s.records.pass_rate()),
                        n(s.providers_failing),
                        n(s.providers_applicable),
                        share_number(Some(s.share_failing()).filter(|_| s.providers_applicable > 0)),
                    ]
                })
                .collect(),
        }];
        let group_header = |first: &'static str| {
            vec![
                first,
                "providers passing",
                "providers failing",
                "providers not reported",
                "provider pass rate",
                "records passing",
                "records failing",
                "records not reported",
                "record pass rate",
                "breaches of the law",
            ]
        };
        let group_row = |g: &GroupStat| {
            vec![
                g.key.clone(),
                n(g.providers.passing),
                n(g.providers.failing),
                n(g.providers.not_reported),
                share_number(g.providers.pass_rate()),
                n(g.records.pass),
                n(g.records.fail),
                n(g.records.not_reported),
                share_number(g.records.pass_rate()),
                n(g.law_breaches),
            ]
        };
        let mut numeric = vec![true; 10];
        numeric[0] = false;
        out.push(Table {
            id: "tests",
            caption: "Per test",
            header: group_header("test"),
            numeric: numeric.clone(),
            rows: self.tests.iter().map(group_row).collect(),
            labels: self.tests.iter().map(|g| g.label.clone()).collect(),
            detail: vec![false; 10],
        });
        let mut header = group_header("kind");
        header.extend([
            "providers breaching the law",
            "data quality",
            "personal data",
            "not judged",
        ]);
        numeric.extend([true; 4]);
        out.push(Table {
            id: "kinds",
            caption: "Per kind of provider",
            header,
            numeric,
            labels: self.kinds.iter().map(|g| g.label.clone()).collect(),
            detail: vec![
                false, false, false, false, false, true, true, true, false, false, false, false, false, false,
            ],
            rows: self
                .kinds
                .iter()
                .map(|g| {
                    let mut r = group_row(g);
                    for v in [g.providers_breaching_law, g.data_quality, g.personal_data, g.not_judged] {
                        r.push(n(v.unwrap_or(0)));
                    }
                    r
                })
                .collect(),
        });
        out.push(Table {
            id: "data",
            caption: "Problems with the data and personal data, counted apart from the standards",
            header: vec!["check", "kind", "findings", "providers"],
            numeric: vec![false, false, true, true],
            labels: self.built_in.iter().map(|b| b.check.clone()).collect(),
            detail: vec![false; 4],
            rows: self
                .built_in
                .iter()
                .map(|b| vec![b.check.clone(), b.kind.into(), n(b.findings), n(b.providers)])
                .collect(),
        });
        out
    }
}

/// The statistics as CSV: each table under its own header row, the tables apart by a blank
/// line, in the order standards, tests, kinds, data. Every count and share is a number.
pub fn csv(stats: &Statistics, by_share: bool) -> String {
    let mut o = String::new();
    for (i, t) in stats.tables(by_share).iter().enumerate() {
        if i > 0 {
            o.push_str("\r\n");
        }
        o.push_str(&crate::csv::row(&t.header));
        for r in &t.rows {
            let cells: Vec<&str> = r.iter().map(String::as_str).collect();
            o.push_str(&crate::csv::row(&cells));
        }
    }
    o
}

/// The statistics as boxed tables for a terminal (or a file, unwrapped when `wrap` is off),
/// each under its caption, with shares as per cents.
pub fn boxes(stats: &Statistics, by_share: bool, wrap: bool) -> String {
    let mut o = String::new();
    for t in stats.tables(by_share) {
        let mut table = comfy_table::Table::new();
        table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
        table.set_content_arrangement(if wrap {
            comfy_table::ContentArrangement::Dynamic
        } else {
            comfy_table::ContentArrangement::Disabled
        });
        table.set_header(t.header.clone());
        for r in &t.rows {
            let cells: Vec<String> = r
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    // a share is shown to a person as a per cent
                    if t.is_share(i) {
                        v.parse::<f64>()
                            .map_or_else(|_| "no data".into(), |x| format!("{:.0}%", x * 100.0))
                    } else {
                        v.clone()
                    }
                })
                .collect();
            table.add_row(cells);
        }
        for (i, num) in t.numeric.iter().enumerate() {
            if *num {
                if let Some(c) = table.column_mut(i) {
                    c.set_cell_alignment(comfy_table::CellAlignment::Right);
                }
            }
        }
        if t.rows.is_empty() {
            continue;
        }
        o.push_str(t.caption);
        o.push('\n');
        o.push_str(&table.to_string());
        o.push_str("\n\n");
    }
    o
}
