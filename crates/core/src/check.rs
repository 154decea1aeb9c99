//! Checking one self-assessment: read it, load it against the schema, evaluate every
//! standard, and gather the result as plain data for the reports.
//!
//! Nothing here knows a thread, an output format or the command line: the program decides
//! which files to check and on how many threads, and the reports decide how to print.

use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use crate::assessment::{self, LoadOptions};
use crate::dates::Date;
use crate::engine::{exception_standards, Engine};
use crate::finding::Finding;
use crate::node::{did_you_mean, Problem};
use crate::source::{SourceFile, Span};
use crate::standards::StandardSet;

/// One input to check.
#[derive(Debug, Clone)]
pub enum Target {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// Text already read (standard input, when it must be checked more than once).
    Memory(String, std::sync::Arc<[u8]>),
    /// A path that could not be used, with why.
    Broken(String, String),
}

impl Target {
    /// The name shown to users.
    pub fn display(&self) -> String {
        match self {
            Target::File(p) => p.to_string_lossy().replace('\\', "/"),
            Target::Stdin => "<stdin>".into(),
            Target::Memory(name, _) => name.clone(),
            Target::Broken(p, _) => p.clone(),
        }
    }
}

/// Files a walk passed over, and why: an inspector's intake must account for every file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Hidden files and folders (a name starting with `.`).
    pub hidden: usize,
    /// Files that are not `.yaml` or `.yml` (in any case).
    pub not_yaml: usize,
    /// Matched by `--exclude`.
    pub excluded: usize,
    /// Of a provider kind not asked for with `--kind`.
    pub other_kind: usize,
}

impl Skipped {
    /// "3 not YAML, 1 hidden", or empty when nothing was skipped.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (n, what) in [
            (self.not_yaml, "not YAML"),
            (self.hidden, "hidden"),
            (self.excluded, "excluded"),
            (self.other_kind, "of another kind"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        parts.join(", ")
    }
}

/// Options for checking files.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Overrides every file's `assessment.as_of`.
    pub as_of: Option<Date>,
    /// Largest file accepted, bytes.
    pub max_file_bytes: u64,
    /// Loader options.
    pub load: LoadOptions,
    /// `--min-completeness`: below this per cent a file gets an `incomplete` error.
    pub min_completeness: Option<u8>,
    /// A reader for files that are not YAML (a workbook): the program passes one in, so
    /// this crate stays free of spreadsheet code.
    pub reader: Option<Reader>,
}

/// Reads a file that is not YAML into the same spanned tree the YAML reader gives, or
/// answers `None` when the file is not of its kind (the file is then read as YAML).
/// `Err` is a file of its kind that cannot be read at all.
pub type Reader = fn(path: &str, bytes: &[u8]) -> Option<Result<Converted, Problem>>;

/// A file read by a [`Reader`].
#[derive(Debug, Clone)]
pub struct Converted {
    /// A text the tree's spans point into (for a workbook: one line per cell), which the
    /// human report shows as the snippet.
    pub source: SourceFile,
    /// The tree, as the YAML reader would give it.
    pub node: crate::node::Node,
    /// Values that could not be read: the file is invalid, the rest is checked.
    pub errors: Vec<Problem>,
    /// What is not read (an unknown sheet or column): shown as unknown keys are.
    pub warnings: Vec<Problem>,
    /// Where each part of `source` stands for a person, in order of `start`.
    pub places: Vec<Place>,
}

/// Where the text from `start` (to the next place) stands in the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// First byte in the converted text.
    pub start: u32,
    /// The row (reported as the line).
    pub row: usize,
    /// The column number (reported as the column).
    pub column: usize,
    /// In words: "Children, row 4 (C-02), 'Placement: start date', cell F4".
    pub text: String,
}

/// The place a span stands in: the last place starting at or before it.
pub fn place_of(places: &[Place], span: Span) -> Option<&Place> {
    let i = places.partition_point(|p| p.start <= span.start);
    i.checked_sub(1).map(|i| &places[i])
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            as_of: None,
            max_file_bytes: 4 * 1024 * 1024,
            load: LoadOptions::default(),
            min_completeness: None,
            reader: None,
        }
    }
}

/// Whether a file was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// Read, loaded and checked.
    Checked,
    /// Could not be read or loaded: `errors` says why, and there are no findings.
    Invalid,
    /// A YAML file that is clearly not a self-assessment (no `schema_version`, no
    /// `provider`): named in the reports, but not an error of the batch.
    NotAssessment,
}

impl FileStatus {
    /// As the JSON and CSV give it.
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Checked => "checked",
            FileStatus::Invalid => "invalid",
            FileStatus::NotAssessment => "not_a_self_assessment",
        }
    }
}

/// A problem with its position worked out.
#[derive(Debug, Clone)]
pub struct Located {
    /// The problem.
    pub problem: Problem,
    /// 1-based line (0 when the file has no text).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Where a person finds it in a workbook (see [`Finding::place`]).
    pub place: Option<String>,
}

/// Everything about one file.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// As shown.
    pub path: String,
    /// Checked or invalid.
    pub status: FileStatus,
    /// `provider.registration.urn`.
    pub urn: Option<String>,
    /// `provider.kind`.
    pub kind: Option<String>,
    /// `provider.name`, the organisation (public).
    pub name: Option<String>,
    /// The as-of date used.
    pub as_of: Option<Date>,
    /// Why it is invalid.
    pub errors: Vec<Located>,
    /// Things that did not stop the check (unknown keys).
    pub warnings: Vec<Located>,
    /// Findings, in file order.
    pub findings: Vec<Finding>,
    /// Outcome counts per standard, for `--statistics`.
    pub counts: Vec<[u32; 5]>,
    /// The source, for snippets (absent when unreadable).
    pub source: Option<SourceFile>,
    /// Per cent of the checks that apply which could be made (not `not_reported`); `None`
    /// for an invalid file or when no check applies.
    pub completeness: Option<f64>,
    /// With `--baseline`: the baseline's findings this file no longer has.
    pub resolved: Option<Vec<crate::baseline::Resolved>>,
    /// Reports of this file that a front end rendered on the worker thread that checked it,
    /// under the front end's own name for each, so that the one thread writing the reports in
    /// input order only copies bytes. The checker itself leaves it empty.
    pub rendered: Vec<(&'static str, Vec<u8>)>,
}

/// The provider's URN from a file that could be read but not parsed, so batch reports can
/// say whose submission failed: the first `urn:` key, in block or flow style
/// (`registration: {urn: "SC700884", status: registered}`), whose value looks like a URN
/// (letters and digits, at most 20). A best effort, never trusted for anything but labelling.
pub fn salvage_urn(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let line = line.split(" #").next().unwrap_or("");
        line.match_indices("urn:").find_map(|(at, _)| {
            // a key of its own: at the line's start or after `{`, `,` or a space
            let before = line[..at].chars().next_back();
            if before.is_some_and(|c| !matches!(c, '{' | ',' | ' ' | '\t')) {
                return None;
            }
            let rest = &line[at + "urn:".len()..];
            let value = rest.split([',', '}']).next().unwrap_or("").trim();
            let value = value.trim_matches(|c| c == '"' || c == '\'');
            (!value.is_empty() && value.len() <= 20 && value.chars().all(|c| c.is_ascii_alphanumeric()))
                .then(|| value.to_string())
        })
    })
}

/// Per cent of applicable checks (pass, fail, waived, not reported) that were not
/// `not_reported`, over every standard.
pub fn completeness(counts: &[[u32; 5]]) -> Option<f64> {
    let (mut applicable, mut missing) = (0u64, 0u64);
    for c in counts {
        applicable += u64::from(c[0]) + u64::from(c[1]) + u64::from(c[2]) + u64::from(c[4]);
        missing += u64::from(c[2]);
    }
    (applicable > 0).then(|| ((applicable - missing) as f64 * 1000.0 / applicable as f64).round() / 10.0)
}

impl FileResult {
    /// Whether the standards were applied to it at all. A file that could not be read or
    /// loaded was not judged: it must never be ranked as if it had no findings. (A file with
    /// some unreadable values was judged on the rest.)
    pub fn judged(&self) -> bool {
        !self.counts.is_empty()
    }

    /// The bytes a front end rendered for this file under `name`, if it did.
    pub fn prerendered(&self, name: &str) -> Option<&[u8]> {
        self.rendered
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, bytes)| bytes.as_slice())
    }

    /// A file a bug in carecheck stopped while `doing` it ("checking", "reporting"): invalid,
    /// with one diagnostic that says so, so that the batch goes on and exits 2.
    pub fn internal_error(path: String, doing: &str) -> Self {
        FileResult::invalid(
            path,
            None,
            vec![Problem::new(
                format!("internal error while {doing} this file (a bug in carecheck)"),
                Span::new(0, 0),
            )
            .help("please report it with the file, with personal data removed; the other files were checked")],
        )
    }

    fn invalid(path: String, source: Option<SourceFile>, problems: Vec<Problem>) -> Self {
        let errors = problems
            .into_iter()
            .map(|p| {
                // Positions are 1-based; a problem with the file as a whole points at its start.
                let (line, column) = match &source {
                    Some(s) if !s.text.is_empty() => s.line_col(p.span.start),
                    _ => (1, 1),
                };
                Located {
                    problem: p,
                    line,
                    column,
                    place: None,
                }
            })
            .collect();
        FileResult {
            path,
            status: FileStatus::Invalid,
            urn: None,
            kind: None,
            name: None,
            as_of: None,
            errors,
            warnings: Vec::new(),
            findings: Vec::new(),
            counts: Vec::new(),
            source,
            completeness: None,
            resolved: None,
            rendered: Vec::new(),
        }
    }
}

/// Why a target's bytes could not be had. It reads after the file's name ("`home.yaml` is a
/// directory, ..."), as the finding that makes the file invalid shows it.
#[derive(Debug)]
pub enum ReadError {
    /// The batch could not use the path at all (found while walking), with its reason.
    Unusable(String),
    /// Standard input failed.
    Stdin(std::io::Error),
    /// A folder where a file was meant.
    Directory,
    /// Larger than `--max-file-size`, by its size on disk.
    TooLarge {
        /// The file's size in bytes.
        len: u64,
        /// The limit in bytes.
        max: u64,
    },
    /// The file exists but may not be read.
    PermissionDenied,
    /// Any other failure to open or read it.
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Unusable(why) => f.write_str(why),
            ReadError::Stdin(e) => write!(f, "cannot read standard input: {e}"),
            ReadError::Directory => f.write_str("is a directory, not a self-assessment file"),
            ReadError::TooLarge { len, max } => write!(f, "is {len} bytes, over the limit of {max} bytes"),
            ReadError::PermissionDenied => f.write_str("cannot be read: permission denied"),
            ReadError::Io(e) => write!(f, "cannot be read: {e}"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Stdin(e) | ReadError::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// A target's bytes, up to one byte over `max` (so that a file grown since it was measured,
/// or standard input, is still seen to be too large).
pub fn read_target(t: &Target, max: u64) -> Result<Vec<u8>, ReadError> {
    match t {
        Target::Broken(_, why) => Err(ReadError::Unusable(why.clone())),
        Target::Memory(_, bytes) => Ok(bytes.to_vec()),
        Target::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .take(max + 1)
                .read_to_end(&mut buf)
                .map_err(ReadError::Stdin)?;
            Ok(buf)
        }
        Target::File(p) => {
            let meta = std::fs::metadata(p).map_err(ReadError::Io)?;
            if meta.is_dir() {
                return Err(ReadError::Directory);
            }
            if meta.len() > max {
                return Err(ReadError::TooLarge { len: meta.len(), max });
            }
            let mut f = std::fs::File::open(p).map_err(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied => ReadError::PermissionDenied,
                _ => ReadError::Io(e),
            })?;
            let mut buf = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
            f.by_ref().take(max + 1).read_to_end(&mut buf).map_err(ReadError::Io)?;
            Ok(buf)
        }
    }
}

/// Standard input read into memory, so that it can be checked more than once (`standards
/// diff` checks every file with two sets). Other targets are returned as they are.
pub fn in_memory(t: Target, max: u64) -> Target {
    match t {
        Target::Stdin => match read_target(&Target::Stdin, max) {
            Ok(bytes) => Target::Memory("<stdin>".into(), bytes.into()),
            Err(why) => Target::Broken("<stdin>".into(), why.to_string()),
        },
        other => other,
    }
}

/// Check one target. Never panics: a panic inside becomes an internal-error diagnostic
/// for this file, and the batch goes on.
pub fn check_one(t: &Target, set: &StandardSet, engine: &Engine<'_>, opts: &CheckOptions) -> FileResult {
    let path = t.display();
    match catch_unwind(AssertUnwindSafe(|| check_inner(t, set, engine, opts))) {
        Ok(r) => r,
        Err(_) => FileResult::internal_error(path, "checking"),
    }
}

fn check_inner(t: &Target, set: &StandardSet, engine: &Engine<'_>, opts: &CheckOptions) -> FileResult {
    let path = t.display();
    let bytes = match read_target(t, opts.max_file_bytes) {
        Ok(b) => b,
        Err(why) => {
            return FileResult::invalid(
                path.clone(),
                None,
                vec![Problem::new(format!("`{path}` {why}"), Span::new(0, 0)).label("")],
            );
        }
    };
    if bytes.len() as u64 > opts.max_file_bytes {
        return FileResult::invalid(
            path.clone(),
            None,
            vec![Problem::new(
                format!("`{path}` is over the limit of {} bytes", opts.max_file_bytes),
                Span::new(0, 0),
            )
            .help("raise it with --max-file-size if the file is genuine")],
        );
    }
    if let Some(read) = opts.reader {
        match read(&path, &bytes) {
            None => {}
            Some(Err(p)) => return FileResult::invalid(path, None, vec![p]),
            Some(Ok(c)) => {
                let mut lo = opts.load;
                lo.as_of_override = opts.as_of;
                let loaded = assessment::from_node(&c.node, &lo).map(|mut a| {
                    a.value_errors.extend(c.errors.iter().cloned());
                    a.value_errors.sort_by_key(|p| p.span.start);
                    a.warnings.extend(c.warnings.iter().cloned());
                    a.warnings.sort_by_key(|p| p.span.start);
                    a
                });
                let loaded = loaded.map_err(|mut e| {
                    e.0.extend(c.errors.iter().cloned());
                    e.1.extend(c.warnings.iter().cloned());
                    e
                });
                let mut r = check_loaded(path, c.source, loaded, set, engine, opts);
                put_in_place(&mut r, &c.places);
                return r;
            }
        }
    }
    // a UTF-8 byte order mark, as some editors and spreadsheets write it, is allowed
    let mut bytes = bytes;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    // UTF-16, as spreadsheets save "Unicode text": named, with what to do
    let nuls = bytes.iter().take(200).filter(|b| **b == 0).count();
    if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || (bytes.len() >= 4 && nuls * 3 >= bytes.len().min(200))
    {
        return FileResult::invalid(
            path.clone(),
            None,
            vec![Problem::new(format!("`{path}` is saved as UTF-16"), Span::new(0, 0))
                .help("save it as UTF-8 (in a spreadsheet or editor choose \"UTF-8\" or \"CSV UTF-8\"): a self-assessment is UTF-8 text")],
        );
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..at]).into_owned();
            let line = prefix.matches('\n').count() + 1;
            return FileResult::invalid(
                path.clone(),
                None,
                vec![Problem::new(
                    format!("`{path}` is not UTF-8 text (invalid byte at offset {at}, line {line})"),
                    Span::new(0, 0),
                )
                .help("save the file as UTF-8; a self-assessment is a text file")],
            );
        }
    };
    let src = SourceFile::new(path.clone(), text);
    let mut lo = opts.load;
    lo.as_of_override = opts.as_of;
    let loaded = assessment::load(&src, &lo);
    check_loaded(path, src, loaded, set, engine, opts)
}

/// Every finding and problem of a converted file told where it stands in the original:
/// its row and column as the line and column, and the place in words.
fn put_in_place(r: &mut FileResult, places: &[Place]) {
    for f in &mut r.findings {
        if let Some(p) = place_of(places, f.span) {
            f.line = p.row;
            f.column = p.column;
            f.place = Some(p.text.clone());
        }
    }
    for l in r.errors.iter_mut().chain(r.warnings.iter_mut()) {
        if let Some(p) = place_of(places, l.problem.span) {
            l.line = p.row;
            l.column = p.column;
            l.place = Some(p.text.clone());
        }
    }
}

/// The rest of a check, once the file is read into a tree and loaded.
fn check_loaded(
    path: String,
    src: SourceFile,
    loaded: Result<assessment::Assessment, assessment::LoadErrors>,
    set: &StandardSet,
    engine: &Engine<'_>,
    opts: &CheckOptions,
) -> FileResult {
    let a = match loaded {
        Ok(a) => a,
        Err(e) => {
            let stray = matches!(e.0.as_slice(), [p] if p.message == assessment::NOT_A_SELF_ASSESSMENT);
            let mut r = FileResult::invalid(path, Some(src.clone()), e.0);
            if stray {
                r.status = FileStatus::NotAssessment;
                return r;
            }
            // a national roll-up still needs to know whose file failed
            r.urn = salvage_urn(&src.text);
            r.findings = unknown_key_findings(&src, &e.1);
            r.warnings = locate(&src, &e.1);
            return r;
        }
    };
    // Exceptions must name standards of this set.
    let mut errors = Vec::new();
    for (id, span) in exception_standards(&a) {
        if set.get(&id).is_none() {
            let mut p = Problem::new(
                format!("exceptions: no standard `{id}` in the set {} {}", set.name, set.version),
                span,
            )
            .label("unknown standard");
            p = match did_you_mean(&id, set.standards.iter().map(|s| s.id.as_str())) {
                Some(s) => p.help(format!("did you mean `{s}`?")),
                None => p.help("`carecheck standards list` shows the ids"),
            };
            errors.push(p);
        }
    }
    if !errors.is_empty() {
        let mut r = FileResult::invalid(path, Some(src), errors);
        r.urn = a.urn.clone();
        r.kind = a.kind.map(str::to_string);
        return r;
    }
    let as_of = opts.as_of.or(a.as_of).unwrap_or(Date(0));
    let mut ev = engine.evaluate(&a, &src, as_of);
    let complete = completeness(&ev.counts);
    match (opts.min_completeness, complete) {
        (Some(min), Some(c)) if c < f64::from(min) => {
            // the gate is a finding, so every format shows it and --fail-on counts it
            ev.findings.insert(0, incomplete_finding(c, min));
        }
        // No check of this run applies to the file: nothing was measured, so nothing shows
        // the file complete enough, and the gate says so rather than pass it (audit v3 B23).
        (Some(min), None) if min > 0 => {
            let mut f = incomplete_finding(0.0, min);
            // every count zero: the checks apply to the kind, but the file has none of the
            // records they read; otherwise the kind put them out of scope
            let why = if ev.counts.iter().all(|c| c.iter().all(|n| *n == 0)) {
                "this file has none of the records they read".to_string()
            } else {
                format!(
                    "they are for other kinds of provider than {}",
                    a.kind.unwrap_or("the one not given")
                )
            };
            f.message = format!(
                "none of this run's checks applies to this file ({why}), so its completeness cannot be measured (at least {min}% is required)"
            );
            f.help = Some(
                "check the provider's kind and the standards selected with --select/--ignore: a file is judged only on the checks that apply to it"
                    .into(),
            );
            ev.findings.insert(0, f);
        }
        _ => {}
    }
    let warnings = locate(&src, &a.warnings);
    // unknown keys are findings too, so every format shows them, the tally counts them and
    // --fail-on warning trips on them
    let mut findings = ev.findings;
    findings.extend(unknown_key_findings(&src, &a.warnings));
    findings.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
    crate::finding::distinguish(&mut findings);
    // values that could not be read: the file does not count until they are fixed, but
    // everything else in it has been checked
    let (status, errors) = if a.value_errors.is_empty() {
        (FileStatus::Checked, Vec::new())
    } else {
        (FileStatus::Invalid, locate(&src, &a.value_errors))
    };
    // what the personal-data guard flagged is never shown again: not in a snippet, not
    // quoted in a message
    let personal: Vec<Span> = if engine.personal_data_guard {
        a.personal_values
            .iter()
            .copied()
            .chain(a.personal_text.iter().map(|(_, _, sp)| *sp))
            .collect()
    } else {
        Vec::new()
    };
    let (src, findings, errors, warnings) = if personal.is_empty() {
        (src, findings, errors, warnings)
    } else {
        redact(src, &personal, findings, errors, warnings)
    };
    FileResult {
        path,
        status,
        urn: a.urn.clone(),
        kind: a.kind.map(str::to_string),
        name: match a.get(&["provider", "name"]) {
            Some(crate::assessment::Val {
                v: crate::assessment::Value::Str(s),
                ..
            }) => Some(s.to_string()),
            _ => None,
        },
        as_of: Some(as_of),
        errors,
        warnings,
        findings,
        counts: ev.counts,
        source: Some(src),
        completeness: complete,
        resolved: None,
        rendered: Vec::new(),
    }
}

/// The file's text with the flagged values masked, and every message that quotes one of
/// them with the mask in its place.
fn redact(
    src: SourceFile,
    spans: &[Span],
    mut findings: Vec<Finding>,
    mut errors: Vec<Located>,
    mut warnings: Vec<Located>,
) -> (SourceFile, Vec<Finding>, Vec<Located>, Vec<Located>) {
    let mut values: Vec<&str> = spans
        .iter()
        .filter_map(|sp| src.text.get(sp.start as usize..sp.end as usize))
        .flat_map(|v| v.lines())
        .map(|v| {
            v.trim()
                .trim_matches(|c| c == '"' || c == '\'' || c == '|' || c == '>')
                .trim()
        })
        // a value of a character or two cannot be told from ordinary words
        .filter(|v| v.chars().count() >= 3)
        .collect();
    // the longest first, so a value is never left half replaced by a shorter one inside it
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    values.dedup();
    let scrub = |s: &mut String| {
        for v in &values {
            if s.contains(v) {
                *s = s.replace(v, crate::privacy::MASK);
            }
        }
    };
    // a fix of a flagged value would write it out again (a date of birth put right)
    let flagged = |fix: &Option<crate::node::Fix>| {
        fix.as_ref().is_some_and(|x| {
            spans
                .iter()
                .any(|s| s.start < x.span.end.max(x.span.start + 1) && x.span.start < s.end)
        })
    };
    // every text of a finding a report shows: a ref that holds a date of birth names its
    // child in every finding about it, and a waiver's reason is shown wherever it applies
    for f in &mut findings {
        scrub(&mut f.message);
        for t in [&mut f.child, &mut f.record, &mut f.place].into_iter().flatten() {
            scrub(t);
        }
        if let Some(w) = &mut f.waiver {
            scrub(&mut w.reason);
            scrub(&mut w.approved_by_role);
            scrub(&mut w.expires_on);
        }
        if flagged(&f.fix) {
            f.fix = None;
        }
    }
    for l in errors.iter_mut().chain(warnings.iter_mut()) {
        if flagged(&l.problem.fix) {
            l.problem.fix = None;
        }
        if let Some(p) = &mut l.place {
            scrub(p);
        }
        scrub(&mut l.problem.message);
        scrub(&mut l.problem.label);
        if let Some((_, related)) = &mut l.problem.related {
            scrub(related);
        }
        if let Some(h) = &mut l.problem.help {
            scrub(h);
        }
    }
    let masked = SourceFile::new(src.name.clone(), crate::privacy::mask(&src.text, spans));
    (masked, findings, errors, warnings)
}

fn locate(src: &SourceFile, problems: &[Problem]) -> Vec<Located> {
    problems
        .iter()
        .map(|p| {
            let (line, column) = src.line_col(p.span.start);
            Located {
                problem: p.clone(),
                line,
                column,
                place: None,
            }
        })
        .collect()
}

/// Unknown keys as findings: a stable code (`unknown-key`), a warning, with the
/// did-you-mean as help.
fn unknown_key_findings(src: &SourceFile, warnings: &[Problem]) -> Vec<Finding> {
    warnings
        .iter()
        .map(|p| {
            let (line, column) = src.line_col(p.span.start);
            let field = p.field.clone().unwrap_or_default();
            Finding {
                standard: "unknown-key".into(),
                test: None,
                severity: crate::finding::Severity::Warning,
                outcome: crate::finding::Outcome::Fail,
                child: None,
                record: None,
                message: format!(
                    "{}: not a field of the self-assessment format, so it is not read",
                    p.message
                ),
                fingerprint: crate::finding::fingerprint(&["unknown-key", &field]),
                field,
                line,
                column,
                citation: "carecheck self-assessment format v1".into(),
                help: p.help.clone().map(Into::into),
                waiver: None,
                law: false,
                baseline: None,
                place: None,
                span: p.span,
                fix: p.fix.clone(),
                missing: Vec::new(),
                more: 0,
            }
        })
        .collect()
}

fn incomplete_finding(c: f64, min: u8) -> Finding {
    Finding {
        standard: "incomplete".into(),
        test: None,
        severity: crate::finding::Severity::Error,
        outcome: crate::finding::Outcome::Fail,
        child: None,
        record: None,
        message: format!(
            "only {c}% of the checks that apply to this file could be made (at least {min}% is required): the evidence for the rest is missing"
        ),
        field: String::new(),
        line: 1,
        column: 1,
        citation: "carecheck intake: --min-completeness".into(),
        help: Some(
            "fill in the missing evidence listed as not reported, then check the file again"
                .into(),
        ),
        waiver: None,
        fingerprint: crate::finding::fingerprint(&["incomplete"]),
        law: false,
        baseline: None,
        place: None,
        span: Span::new(0, 0),
        fix: None,
        missing: Vec::new(),
        more: 0,
    }
}

#[cfg(test)]
mod read_tests {
    /// The URN of a file that could not be checked is found in block or flow style, and
    /// only as a key of its own (an invalid batch file was listed "URN not found" when its
    /// registration was written on one line).
    #[test]
    fn a_urn_is_salvaged_from_block_and_flow_style() {
        assert_eq!(
            super::salvage_urn("provider:\n  urn: SC700884\n").as_deref(),
            Some("SC700884")
        );
        assert_eq!(
            super::salvage_urn("  registration: {urn: \"SC700884\", status: registered}\n").as_deref(),
            Some("SC700884")
        );
        assert_eq!(
            super::salvage_urn("  registration: {status: registered,urn: 'SC1'}").as_deref(),
            Some("SC1")
        );
        assert_eq!(super::salvage_urn("  return_urn: SC9\n  note: see urn: 12 3"), None);
        assert_eq!(super::salvage_urn("  urn: SC9 # the home's\n").as_deref(), Some("SC9"));
    }

    use super::{read_target, ReadError, Target};

    /// Each way a target cannot be read is its own case, and reads after the file's name as
    /// the invalid file's finding has always shown it.
    #[test]
    fn read_errors_are_typed_and_worded() {
        let dir = std::env::temp_dir().join(format!("carecheck-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok();
        let e = read_target(&Target::File(dir.clone()), 100).err();
        assert!(matches!(e, Some(ReadError::Directory)), "{e:?}");
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some("is a directory, not a self-assessment file")
        );
        let big = dir.join("big.yaml");
        std::fs::write(&big, [b'a'; 20]).ok();
        let e = read_target(&Target::File(big), 10).err();
        assert!(matches!(e, Some(ReadError::TooLarge { len: 20, max: 10 })), "{e:?}");
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some("is 20 bytes, over the limit of 10 bytes")
        );
        let e = read_target(&Target::File(dir.join("absent.yaml")), 10).err();
        assert!(
            matches!(&e, Some(ReadError::Io(io)) if io.kind() == std::io::ErrorKind::NotFound),
            "{e:?}"
        );
        assert!(e.is_some_and(|e| e.to_string().starts_with("cannot be read: ")));
        let e = read_target(&Target::Broken("x".into(), "is a broken link".into()), 10).err();
        assert_eq!(e.map(|e| e.to_string()).as_deref(), Some("is a broken link"));
        assert_eq!(
            read_target(&Target::Memory("m".into(), b"abc".to_vec().into()), 10)
                .ok()
                .as_deref(),
            Some(&b"abc"[..])
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
