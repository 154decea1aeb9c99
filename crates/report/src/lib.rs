//! carecheck's reports: one module per output format, each turning the checker's plain data
//! into bytes, and the reference of a standards set ([`reference`]).
//!
//! Reporters see results one file at a time, in input order, and write as they go, so a
//! batch of any size is reported in flat memory.
#![deny(missing_docs)]

pub mod compare;
pub mod concise;
pub mod coverage;
pub mod csv;
pub mod diff;
mod format;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod lint;
pub mod markdown;
pub mod reference;
pub mod sarif;
mod snippet;
pub mod statistics;
pub mod summary_table;
pub mod view;
mod wrap;

use std::io::{self, Write};

use serde::Serialize;

use carecheck_core::check::{FileResult, FileStatus};
use carecheck_core::finding::{Outcome, Severity};
use carecheck_core::standards::StandardSet;

pub use format::Format;

/// Totals over a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Files seen.
    pub files: usize,
    /// Files that could not be read or loaded.
    pub invalid_files: usize,
    /// Problems in invalid files that must be fixed before those files count.
    pub problems_to_fix: usize,
    /// YAML files that are clearly not self-assessments (named, not an error of the run).
    #[serde(rename = "not_a_self_assessment")]
    pub not_assessments: usize,
    /// Breaches of the law: fails of standards whose status is law.
    pub law_breaches: usize,
    /// Fails of the built-in data-quality checks, counted apart from the standards.
    pub data_quality: usize,
    /// Values flagged by the personal-data guard.
    pub personal_data: usize,
    /// Failed findings of severity error.
    pub errors: usize,
    /// Failed findings of severity warning.
    pub warnings: usize,
    /// Failed findings of severity info.
    pub infos: usize,
    /// Waived findings.
    pub waived: usize,
    /// Not-reported findings.
    pub not_reported: usize,
    /// With `--baseline`: findings not in the baseline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<usize>,
    /// With `--baseline`: findings in the baseline too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persisting: Option<usize>,
    /// With `--baseline`: the baseline's findings no longer found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<usize>,
    /// Files passed over, and why.
    pub skipped: SkippedOut,
    /// Per standard: pass, fail, not_reported, not_applicable, waived.
    #[serde(skip)]
    pub per_standard: Vec<[u64; 5]>,
    /// Whether the personal-data guard was off.
    #[serde(skip)]
    pub personal_data_guard_off: bool,
    /// Per standard: providers (files) where it failed at least once.
    #[serde(skip)]
    pub providers_failing: Vec<u64>,
    /// Per standard: providers where it applied to at least one record.
    #[serde(skip)]
    pub providers_applicable: Vec<u64>,
    /// Per test, per kind of provider and per built-in check, for the statistics.
    #[serde(skip)]
    pub tallies: statistics::Tallies,
}

/// Files passed over, by reason, as the JSON report gives them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SkippedOut {
    /// Hidden files and folders.
    pub hidden: usize,
    /// Not `.yaml` or `.yml`.
    pub not_yaml: usize,
    /// Matched by `--exclude`.
    pub excluded: usize,
    /// Of a provider kind not asked for with `--kind`.
    pub other_kind: usize,
}

impl From<carecheck_core::check::Skipped> for SkippedOut {
    fn from(s: carecheck_core::check::Skipped) -> Self {
        SkippedOut {
            hidden: s.hidden,
            not_yaml: s.not_yaml,
            excluded: s.excluded,
            other_kind: s.other_kind,
        }
    }
}

impl Summary {
    /// Add one file's result; the set it was checked against maps each standard to its test.
    pub fn add(&mut self, r: &FileResult, set: &StandardSet) {
        self.files += 1;
        self.tallies.add(r, set);
        if let Some(res) = &r.resolved {
            *self.resolved.get_or_insert(0) += res.len();
            for f in &r.findings {
                match f.baseline {
                    Some(carecheck_core::finding::BaselineState::New) => *self.new.get_or_insert(0) += f.weight(),
                    Some(carecheck_core::finding::BaselineState::Persisting) => {
                        *self.persisting.get_or_insert(0) += f.weight();
                    }
                    None => {}
                }
            }
            self.new.get_or_insert(0);
            self.persisting.get_or_insert(0);
        }
        match r.status {
            FileStatus::Invalid => {
                self.invalid_files += 1;
                self.problems_to_fix += r.errors.len();
            }
            FileStatus::NotAssessment => self.not_assessments += 1,
            FileStatus::Checked => {}
        }
        let c = view::counts(r);
        self.law_breaches += c.law;
        self.data_quality += c.data_quality;
        self.personal_data += c.personal_data;
        for f in &r.findings {
            let n = f.weight();
            match f.outcome {
                Outcome::Fail => match f.severity {
                    Severity::Error => self.errors += n,
                    Severity::Warning => self.warnings += n,
                    Severity::Info => self.infos += n,
                },
                Outcome::Waived => self.waived += n,
                Outcome::NotReported => self.not_reported += n,
                _ => {}
            }
        }
        view::provider_tallies(r, &mut self.providers_failing, &mut self.providers_applicable);
        if self.per_standard.len() < r.counts.len() {
            self.per_standard.resize(r.counts.len(), [0; 5]);
        }
        for (acc, c) in self.per_standard.iter_mut().zip(&r.counts) {
            for k in 0..5 {
                acc[k] += u64::from(c[k]);
            }
        }
    }

    /// The closing tally line.
    pub fn tally(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut s = format!(
            "{} checked{}: {}, {}, {}, {} waived, {} not reported",
            plural(self.files, "file", "files"),
            if self.invalid_files > 0 {
                format!(
                    " ({} invalid: {} to fix before {} count{})",
                    self.invalid_files,
                    plural(self.problems_to_fix, "problem", "problems"),
                    if self.invalid_files == 1 { "it" } else { "they" },
                    if self.invalid_files == 1 { "s" } else { "" }
                )
            } else {
                String::new()
            },
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.infos, "info", "infos"),
            self.waived,
            self.not_reported
        );
        if self.errors + self.warnings + self.infos > 0 {
            // what the fails are: only fails of law standards are breaches of the law
            s.push_str(&format!(
                "; of the fails, {} of the law, {} data quality, {} personal data",
                plural(self.law_breaches, "breach", "breaches"),
                self.data_quality,
                self.personal_data
            ));
        }
        if self.not_assessments > 0 {
            s.push_str(&format!(
                "; {} not a self-assessment",
                plural(self.not_assessments, "file", "files")
            ));
        }
        if let (Some(n), Some(p), Some(r)) = (self.new, self.persisting, self.resolved) {
            s.push_str(&format!("; since the baseline: {n} new, {p} persisting, {r} resolved"));
        }
        let skipped = carecheck_core::check::Skipped {
            hidden: self.skipped.hidden,
            not_yaml: self.skipped.not_yaml,
            excluded: self.skipped.excluded,
            other_kind: self.skipped.other_kind,
        }
        .describe();
        if !skipped.is_empty() {
            s.push_str(&format!("; skipped: {skipped}"));
        }
        if self.personal_data_guard_off {
            s.push_str(" (personal-data guard OFF)");
        }
        s
    }
}

/// What every reporter needs besides the results.
pub struct Context<'a> {
    /// The standards used.
    pub set: &'a StandardSet,
    /// The `--as-of` date, if given.
    pub as_of: Option<String>,
    /// Colour output.
    pub color: bool,
    /// Only findings that reach `fail_on`, no tally.
    pub quiet: bool,
    /// The `--fail-on` threshold (`None` = never).
    pub fail_on: Option<Severity>,
    /// Terminal width for wrapping.
    pub width: usize,
    /// Whether the personal-data guard is on.
    pub personal_data_guard: bool,
}

impl<'a> Context<'a> {
    /// A report as a file or a pipe takes it, with no `check` flags given: no colour, every
    /// finding, no `--fail-on`, no `--as-of`, 100 columns, the personal-data guard on. For
    /// callers other than `check` (tests, benchmarks, the fuzz targets, and the front ends to
    /// come), which set only what differs.
    pub fn plain(set: &'a StandardSet) -> Self {
        Context {
            set,
            as_of: None,
            color: false,
            quiet: false,
            fail_on: None,
            width: 100,
            personal_data_guard: true,
        }
    }

    /// Whether a finding is shown under `--quiet`.
    pub fn shows(&self, f: &carecheck_core::finding::Finding) -> bool {
        !self.quiet || (f.outcome == Outcome::Fail && self.fail_on.is_some_and(|t| f.severity >= t))
    }
}

/// An output format's writer.
pub trait Reporter {
    /// Before the first file.
    fn begin(&mut self, _ctx: &Context<'_>, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// One file, in input order.
    fn file(&mut self, r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()>;
    /// After the last file.
    fn finish(&mut self, summary: &Summary, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// A message with its place in a workbook before it ("Children, row 4 (C-02), 'Placement:
/// start date', cell F4: ..."): a workbook's line and column are a row and a column of some
/// sheet, so every format that has no snippet names the place in words. A YAML file's
/// message is returned as it is.
pub fn placed<'a>(place: Option<&str>, message: &'a str) -> std::borrow::Cow<'a, str> {
    match place {
        Some(p) => std::borrow::Cow::Owned(format!("{p}: {message}")),
        None => std::borrow::Cow::Borrowed(message),
    }
}

/// A reporter for one of `check`'s formats ([`Format::CHECK`]); another command's format
/// (`text`, `table`) gets the human report.
pub fn reporter(f: Format) -> Box<dyn Reporter> {
    match f {
        Format::Human | Format::Text | Format::Table => Box::new(human::Human::default()),
        Format::Concise => Box::new(concise::Concise),
        Format::Json => Box::new(json::Json::default()),
        Format::Github => Box::new(github::Github),
        Format::Sarif => Box::new(sarif::Sarif::default()),
        Format::Junit => Box::new(junit::Junit::default()),
        Format::Markdown => Box::new(markdown::Markdown::default()),
        Format::Html => Box::new(html::Html::default()),
        Format::Csv => Box::new(csv::Csv::default()),
        Format::None => Box::new(NoOutput),
    }
}

/// `--format none`: nothing per finding; the tally and the tables still come.
struct NoOutput;

impl Reporter for NoOutput {
    fn file(&mut self, _r: &FileResult, _ctx: &Context<'_>, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    fn finish(&mut self, _summary: &Summary, _ctx: &Context<'_>, _out: &mut dyn Write) -> io::Result<()> {
        // the tally is the command's to place (stdout, or stderr beside CSV tables)
        Ok(())
    }
}
