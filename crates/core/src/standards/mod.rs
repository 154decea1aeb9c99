//! Loading standards: the set file, the bank holidays, and one TOML file per standard.
//!
//! Standards are data: a new file under `standards/` is a new standard, with no Rust to
//! change. Every mistake in a file is a [`Problem`] with a span; loading reports them all.

pub mod cond;
pub mod decode;
pub mod kind_fields;
pub mod snapshot;
mod words;
pub use words::{short_status, Confidence, DutyHolder, Status};
mod standard;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::dates::{Calendar, Date};
use crate::finding::{Outcome, Severity};
use crate::node::{did_you_mean, Node, NodeKind, Problem};
use crate::source::{SourceFile, Span, Text};
use crate::toml_tree;

use cond::{Cond, SlotDef};
use decode::{one_of, str_list, MapReader};
use standard::{decode_standard, looks_like_a_standard};
pub use standard::{default_severity, fill_placeholders, placeholders, reflow, root_causes, PLACEHOLDERS};

/// The seven tests of the review, by fixed id, in the review's order.
pub const TEST_IDS: &[&str] = &[
    "care-for-every-child",
    "childs-voice-heard",
    "loving-relationships",
    "child-development",
    "least-restrictive",
    "flexibility-by-age",
    "access-to-opportunities",
];

/// Legal status of a standard, as spelt ([`Status`] holds the words).
/// `practice` is a threshold this project sets itself where the law or the review names
/// none (20 school days, six months): never labelled law or the review's.
pub const STATUSES: &[&str] = &[
    Status::Law.name(),
    Status::LawLa.name(),
    Status::StatutoryGuidance.name(),
    Status::Nms.name(),
    Status::Review.name(),
    Status::Practice.name(),
    Status::Prospective.name(),
];

/// Who holds the duty ([`DutyHolder`]).
pub const DUTY_HOLDERS: &[&str] = &[
    DutyHolder::Provider.name(),
    DutyHolder::PlacingAuthority.name(),
    DutyHolder::Both.name(),
];
/// How well the citation was checked, strongest first ([`Confidence`]).
pub const CONFIDENCES: &[&str] = &[
    Confidence::Verified.name(),
    Confidence::Secondary.name(),
    Confidence::Unverified.name(),
];

/// A test of the review, as the set describes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestDef {
    /// Fixed id.
    pub id: String,
    /// The review's question.
    pub question: String,
    /// What it means for a home, in plain English.
    pub summary: String,
}

/// A parameter's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ParamValue {
    /// A number (hours, days, minutes...).
    Num(f64),
    /// A word (a choice between readings).
    Word(String),
}

impl ParamValue {
    /// As shown.
    pub fn show(&self) -> String {
        match self {
            ParamValue::Num(n) => cond::fmt_num(*n),
            ParamValue::Word(w) => w.clone(),
        }
    }
}

/// A named parameter: a vague legal term made checkable.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Param {
    /// The value in force (default, or overridden).
    pub value: ParamValue,
    /// The default.
    pub default: ParamValue,
    /// Unit (hours, days, minutes, ...).
    pub unit: String,
    /// What it stands for and why the default.
    pub doc: String,
    /// Allowed words, for word parameters.
    pub choices: Vec<String>,
}

/// All parameters by name.
pub type Params = BTreeMap<String, Param>;

/// Where a standard comes from in law or policy.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Citation {
    /// The instrument (Act, regulations, guidance, review).
    pub instrument: Text,
    /// The provision (section, regulation, paragraph, page range).
    pub provision: Text,
    /// Where to read it.
    pub url: Option<Text>,
    /// The provisions one by one, each with how far it was seen (`[[citation.provisions]]`),
    /// for a standard that rests on several whose texts were not all read: one confidence
    /// for the whole would overstate some and understate others. Empty when the standard
    /// gives one citation only (its `confidence` then covers it).
    #[serde(default)]
    pub provisions: Vec<ProvisionCite>,
}

/// One provision of a standard's citation, with its own confidence.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct ProvisionCite {
    /// The instrument, when not the citation's own.
    pub instrument: Option<Text>,
    /// The provision.
    pub provision: Text,
    /// How far this provision alone was seen.
    pub confidence: Confidence,
    /// Where to read it.
    pub url: Option<Text>,
}

impl ProvisionCite {
    /// "Instrument, provision" (the instrument only when the provision names its own).
    pub fn show(&self) -> String {
        match &self.instrument {
            Some(i) => format!("{i}, {}", self.provision),
            None => self.provision.to_string(),
        }
    }
}

impl Citation {
    /// "Instrument, provision".
    pub fn show(&self) -> String {
        format!("{}, {}", self.instrument, self.provision)
    }
}

/// A worked example a standard carries, run by `standards lint` and the test suite.
#[derive(Debug, Clone)]
pub struct Example {
    /// What it shows.
    pub name: String,
    /// The outcome it must give (summed over records).
    pub expect: Outcome,
    /// A self-assessment fragment; `schema_version` and `assessment.as_of` are added when
    /// absent.
    pub yaml: String,
    /// Where the example stands in the standard's file.
    pub span: Span,
    /// Where the YAML text starts in the file.
    pub yaml_span: Span,
}

/// One standard.
#[derive(Debug, Clone, Serialize, Deserialize)]
// its prose is read in place from the compiled standards built into the program (see `Text`)
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Standard {
    /// Stable id, never reused.
    pub id: String,
    /// One line.
    pub title: Text,
    /// Which of the seven tests it serves.
    pub test: String,
    /// Its legal status: whether it is law decides its default severity and whether an
    /// exception can waive it.
    pub status: Status,
    /// Who holds the duty.
    pub duty_holder: DutyHolder,
    /// How well its citation was checked.
    pub confidence: Confidence,
    /// Severity of a fail.
    pub severity: Severity,
    /// The law or recommendation behind it.
    pub citation: Citation,
    /// Why it matters.
    pub rationale: Text,
    /// What to do.
    pub help: Text,
    /// The finding's message, with placeholders.
    pub message: Text,
    /// Provider kinds it applies to.
    #[serde(with = "snapshot::kind_names")]
    pub kinds: Vec<&'static str>,
    /// Ages it applies to (child-linked records only).
    pub ages: Option<(i64, i64)>,
    /// The list of records it checks one by one (`file` for the provider as a whole).
    pub for_each: String,
    /// The bound slots.
    pub slots: Vec<SlotDef>,
    /// Out of scope unless this holds.
    pub when: snapshot::Lazy<Option<Cond>>,
    /// The requirement.
    pub require: snapshot::Lazy<Cond>,
    /// Worked examples.
    /// (not in the compiled snapshot, which is of the standards without their examples)
    #[serde(skip)]
    pub examples: Vec<Example>,
    /// Fields read.
    pub reads: Vec<String>,
    /// Parameters used.
    pub params_used: Vec<String>,
    /// Notes (e.g. why a confidence mark is low).
    pub notes: Option<Text>,
    /// May an exception waive it?
    pub waivable: bool,
    /// The file, relative to the set's directory.
    pub file: String,
    /// The citation as findings show it, built once for all of them.
    pub citation_text: Text,
    /// The help as findings show it, built once for all of them.
    pub help_text: Text,
    /// The file's text.
    /// (not in the compiled snapshot: set again from the embedded text when it is read)
    #[serde(skip, default = "snapshot::no_source")]
    pub source: SourceFile,
}

impl Standard {
    /// The requirement in plain English.
    pub fn requirement_text(&self) -> String {
        let mut s = String::new();
        if let Some(w) = &*self.when {
            s.push_str("Applies only when:\n");
            w.describe(1, &mut s);
            s.push_str("Requires:\n");
            self.require.describe(1, &mut s);
        } else {
            self.require.describe(0, &mut s);
        }
        s
    }

    /// The scope in words.
    pub fn scope_text(&self) -> String {
        if self.for_each == "file" {
            "the provider as a whole".into()
        } else {
            format!("each record of `{}`", self.for_each)
        }
    }
}

/// A loaded, validated set.
#[derive(Debug, Clone, Serialize, Deserialize)]
// its standards are read in place from the compiled set built into the program (see `Text`)
#[serde(bound(deserialize = "'de: 'static"))]
pub struct StandardSet {
    /// The set's name.
    pub name: String,
    /// Its version.
    pub version: String,
    /// The seven tests.
    pub tests: Vec<TestDef>,
    /// Parameters.
    pub params: Params,
    /// Standards, sorted by id.
    pub standards: Vec<Standard>,
    /// Working-day calendar.
    pub calendar: Calendar,
}

impl StandardSet {
    /// A standard by id.
    pub fn get(&self, id: &str) -> Option<&Standard> {
        self.standards.iter().find(|s| s.id == id)
    }
}

/// A file of a set: relative path and text.
#[derive(Debug, Clone)]
pub struct SetFile {
    /// Relative to the set's directory, with `/`.
    pub path: String,
    /// Its text.
    pub text: String,
    /// The tree of `text`, encoded when the program was built (for the shipped standards),
    /// so that it need not be parsed again at every start.
    pub prebuilt: Option<&'static [u8]>,
}

impl SetFile {
    /// A file of a set from its path and text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        SetFile {
            path: path.into(),
            text: text.into(),
            prebuilt: None,
        }
    }

    /// Its text as a tree: the prebuilt one when there is one, parsed otherwise.
    pub(crate) fn tree(&self) -> Result<Node, Vec<Problem>> {
        match self.prebuilt.and_then(toml_tree::decode) {
            Some(node) => Ok(node),
            None => toml_tree::parse(&self.text),
        }
    }
}

/// The problems of one file.
#[derive(Debug, Clone)]
pub struct FileProblems {
    /// The file.
    pub source: SourceFile,
    /// What is wrong in it.
    pub problems: Vec<Problem>,
}

/// Why a set could not be loaded.
#[derive(Debug, Clone)]
pub enum SetError {
    /// A file could not be read.
    Io(String),
    /// Files with problems.
    Problems(Vec<FileProblems>),
}

/// Whether a file of a set's folder is not a standard: the set itself, the bank holidays, and
/// the coverage map's files (`coverage/`), which `coverage` and `standards lint` read.
pub fn is_set_data_file(path: &str) -> bool {
    path == "set.toml" || path == "bank-holidays.toml" || path.starts_with("coverage/")
}

/// Where a standard's `[[examples]]` tables start, when nothing but examples follows them
/// (so the text before is the whole standard without its examples); the whole length
/// otherwise. A line is a table header only outside a multi-line string, so an example's
/// YAML text cannot be mistaken for one. A check needs only the rules, and the examples are
/// two fifths of the text.
pub fn examples_start(text: &str) -> usize {
    let mut open: Option<&str> = None; // the delimiter of the multi-line string we are in
    let mut offset = 0;
    let mut cut: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if open.is_none() {
            let head = line.trim_start();
            if head.starts_with('[') {
                if head.starts_with("[[examples]]") {
                    cut.get_or_insert(start);
                } else if cut.is_some() {
                    // another table after the examples: give the file whole
                    return text.len();
                }
            }
        }
        for delim in ["\"\"\"", "\'\'\'"] {
            if open.is_none_or(|d| d == delim) && line.matches(delim).count() % 2 == 1 {
                open = if open.is_some() { None } else { Some(delim) };
            }
        }
    }
    if open.is_some() {
        return text.len();
    }
    cut.unwrap_or(text.len())
}

/// The repository's own `standards/` folder, for the tests of this crate (the program reads
/// the same files embedded, from `carecheck-shipped`).
#[cfg(test)]
pub(crate) mod test_support {
    use super::{examples_start, read_dir, SetFile};

    /// Every file of the repository's `standards/`, whole.
    pub(crate) fn repository_files() -> Vec<SetFile> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../standards");
        read_dir(&dir).unwrap_or_else(|_| panic!("the repository's standards folder reads"))
    }

    /// The same files without their examples, as the program checks with them.
    pub(crate) fn repository_rules() -> Vec<SetFile> {
        repository_files()
            .into_iter()
            .map(|f| {
                let cut = examples_start(&f.text);
                SetFile::new(f.path, f.text.get(..cut).unwrap_or(&f.text))
            })
            .collect()
    }
}

/// Read every `.toml` file under a directory, sorted by path.
pub fn read_dir(dir: &Path) -> Result<Vec<SetFile>, SetError> {
    if !dir.is_dir() {
        return Err(SetError::Io(format!(
            "standards directory `{}` does not exist or is not a directory",
            dir.display()
        )));
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().follow_links(false) {
        let entry = entry.map_err(|e| SetError::Io(format!("cannot read the standards directory: {e}")))?;
        let p = entry.path();
        if entry.file_type().is_file() && p.extension().is_some_and(|e| e == "toml") {
            let rel = p.strip_prefix(dir).unwrap_or(p).to_string_lossy().replace('\\', "/");
            let text =
                std::fs::read_to_string(p).map_err(|e| SetError::Io(format!("cannot read `{}`: {e}", p.display())))?;
            out.push(SetFile::new(rel, text));
        }
    }
    Ok(out)
}

/// Parameter overrides: `name=value` pairs.
pub type Overrides = Vec<(String, String)>;

/// Load a set from its files. `origin` prefixes file names in messages (the directory, or
/// `<embedded>`). Any problem in any file is an error: a set is used only when sound.
pub fn load(files: &[SetFile], origin: &str, overrides: &Overrides) -> Result<StandardSet, SetError> {
    load_sound(files, origin, overrides, Examples::Required)
}

/// Whether every standard must carry its worked examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Examples {
    /// A standard without a passing and a failing example is refused (any set an author
    /// writes or a command runs the examples of).
    Required,
    /// The examples were cut off on purpose ([`examples_start`]); the test suite runs them.
    CutOff,
}

/// Load a set for checking only, from files cut at [`examples_start`]: the same standards as [`load`]
/// gives, without their examples.
pub fn load_rules(files: &[SetFile], origin: &str, overrides: &Overrides) -> Result<StandardSet, SetError> {
    load_sound(files, origin, overrides, Examples::CutOff)
}

/// The set, or every problem when there is any.
fn load_sound(
    files: &[SetFile],
    origin: &str,
    overrides: &Overrides,
    examples: Examples,
) -> Result<StandardSet, SetError> {
    let (set, problems) = load_partial_with(files, origin, overrides, examples)?;
    if problems.is_empty() {
        Ok(set)
    } else {
        Err(SetError::Problems(problems))
    }
}

/// Load what can be loaded, and every problem: lint runs the examples of the standards that
/// loaded even when others did not, so one run reports everything.
pub fn load_partial(
    files: &[SetFile],
    origin: &str,
    overrides: &Overrides,
) -> Result<(StandardSet, Vec<FileProblems>), SetError> {
    load_partial_with(files, origin, overrides, Examples::Required)
}

fn load_partial_with(
    files: &[SetFile],
    origin: &str,
    overrides: &Overrides,
    examples: Examples,
) -> Result<(StandardSet, Vec<FileProblems>), SetError> {
    let name_of = |p: &str| {
        if origin.is_empty() {
            p.to_string()
        } else {
            format!("{}/{}", origin.trim_end_matches('/'), p)
        }
    };
    let mut all: Vec<FileProblems> = Vec::new();
    let Some(set_file) = files.iter().find(|f| f.path == "set.toml") else {
        return Err(SetError::Io(format!(
            "`{}` is missing: a standards set needs a set.toml naming the set, its tests and its parameters",
            name_of("set.toml")
        )));
    };
    let set_src = SourceFile::new(name_of("set.toml"), set_file.text.as_str());
    let mut problems = Vec::new();
    let (name, version, tests, mut params) = match set_file.tree() {
        Ok(node) => decode_set(&node, &mut problems),
        Err(p) => {
            problems.extend(p);
            (String::new(), String::new(), Vec::new(), Params::new())
        }
    };
    // overrides
    for (k, v) in overrides {
        match params.get_mut(k) {
            Some(p) => {
                let nv = match &p.default {
                    ParamValue::Num(_) => match v.parse::<f64>() {
                        Ok(x) if (0.0..=cond::MAX_NUMBER).contains(&x) => ParamValue::Num(x),
                        _ => {
                            return Err(SetError::Io(format!(
                                "parameter `{k}` takes a number from 0 to {}, not `{v}`",
                                cond::fmt_num(cond::MAX_NUMBER)
                            )))
                        }
                    },
                    ParamValue::Word(_) => {
                        if !p.choices.is_empty() && !p.choices.iter().any(|c| c == v) {
                            return Err(SetError::Io(format!(
                                "parameter `{k}` is one of {}, not `{v}`",
                                p.choices.join(", ")
                            )));
                        }
                        ParamValue::Word(v.clone())
                    }
                };
                p.value = nv;
            }
            None => {
                let hint = crate::node::did_you_mean_words(did_you_mean(k, params.keys().map(String::as_str)));
                return Err(SetError::Io(format!(
                    "unknown parameter `{k}`{hint}; `carecheck standards list --params` lists them"
                )));
            }
        }
    }
    if !problems.is_empty() {
        all.push(FileProblems {
            source: set_src.clone(),
            problems: std::mem::take(&mut problems),
        });
    }
    // calendar
    let mut holidays = Vec::new();
    if let Some(f) = files.iter().find(|f| f.path == "bank-holidays.toml") {
        let src = SourceFile::new(name_of(&f.path), f.text.as_str());
        let mut probs = Vec::new();
        match f.tree() {
            Ok(node) => {
                if let Some(mut m) = MapReader::new(&node, "bank-holidays", &mut probs) {
                    match m.take("dates") {
                        Some(n) => {
                            for (s, span) in str_list(n, "dates", &mut probs) {
                                match Date::parse(&s) {
                                    Some(d) => holidays.push(d),
                                    None => probs
                                        .push(Problem::new(format!("dates: `{s}` is not a date (YYYY-MM-DD)"), span)),
                                }
                            }
                        }
                        None => probs.push(Problem::new("bank-holidays.toml needs `dates = [...]`", m.span)),
                    }
                    m.opt_str("source", &mut probs);
                    m.finish(&["dates", "source"], &mut probs);
                }
            }
            Err(p) => probs.extend(p),
        }
        if !probs.is_empty() {
            all.push(FileProblems {
                source: src,
                problems: probs,
            });
        }
    }
    let calendar = Calendar::new(holidays);

    // Each standard file is parsed and compiled on its own, in file order, so problems come
    // out in the same order every time. (The shipped set is compiled once, when the program
    // is built; only a draft set or `--set` overrides are compiled at run time.)
    let loaded: Vec<LoadedFile> = {
        files
            .iter()
            .filter(|f| !is_set_data_file(&f.path))
            .map(|f| load_standard_file(f, name_of(&f.path), &params, examples))
            .collect()
    };
    let mut standards: Vec<Standard> = Vec::new();
    // What the cross-file checks need, gathered in the one parse of each file: its id (with
    // where it is written) and the test it names, whether or not the standard loaded.
    let mut ids: Vec<(&str, String, Span)> = Vec::new();
    let mut claimed: BTreeSet<String> = BTreeSet::new();
    for (f, l) in files.iter().filter(|f| !is_set_data_file(&f.path)).zip(loaded) {
        if let Some((id, span)) = l.id {
            ids.push((f.path.as_str(), id, span));
        }
        claimed.extend(l.test);
        standards.extend(l.standard);
        if !l.problems.is_empty() {
            all.push(FileProblems {
                source: l.source,
                problems: l.problems,
            });
        }
    }
    // cross-file checks
    standards.sort_by(|a, b| a.id.cmp(&b.id));
    // Ids are unique across every file, loaded or not.
    let mut first_seen: BTreeMap<String, &str> = BTreeMap::new();
    for (path, id, span) in ids {
        match first_seen.get(id.as_str()) {
            Some(other) => {
                let text = files.iter().find(|f| f.path == path).map_or("", |f| f.text.as_str());
                let src = SourceFile::new(name_of(path), text);
                let p = Problem::new(format!("duplicate standard id `{id}` (also in {other})"), span)
                    .label("used again here")
                    .help("ids are permanent and unique; give this standard a new id");
                push_problem(&mut all, &src, p);
            }
            None => {
                first_seen.insert(id, path);
            }
        }
    }
    // A test is covered by any file that names it, even one that failed to load otherwise
    // (gathered above).
    for t in &tests {
        if !claimed.contains(&t.id) {
            let at = set_file.text.find(&format!("id = \"{}\"", t.id)).unwrap_or(0);
            let p = Problem::new(
                format!("test `{}` has no standard", t.id),
                Span::new(at, at + t.id.len() + 7),
            )
            .help("every one of the seven tests needs at least one standard");
            push_problem(&mut all, &set_src, p);
        }
    }
    Ok((
        StandardSet {
            name,
            version,
            tests,
            params,
            standards,
            calendar,
        },
        all,
    ))
}

/// One standard file, parsed and compiled.
struct LoadedFile {
    source: SourceFile,
    standard: Option<Standard>,
    problems: Vec<Problem>,
    /// Its `id` and where it is written, even if the standard did not load.
    id: Option<(String, Span)>,
    /// The test it names, even if the standard did not load.
    test: Option<String>,
}

fn load_standard_file(f: &SetFile, name: String, params: &Params, examples: Examples) -> LoadedFile {
    let source = SourceFile::new(name, f.text.as_str());
    let mut out = LoadedFile {
        source,
        standard: None,
        problems: Vec::new(),
        id: None,
        test: None,
    };
    match f.tree() {
        Ok(node) => {
            if let Some(idn) = node.get("id") {
                if let Some(id) = idn.as_str() {
                    out.id = Some((id.to_string(), idn.span));
                }
            }
            out.test = node.get("test").and_then(|t| t.as_str()).map(str::to_string);
            let probs = &mut out.problems;
            // A standard with any problem is left out, so that its examples do not add
            // a cascade of failures to the real mistake.
            if !looks_like_a_standard(&node) {
                // a stray file in the folder: one diagnostic, not a cascade of missing keys
                probs.push(
                    Problem::new(
                        format!("`{}` is not a standard: it has no `id`, `title` or `require`", f.path),
                        Span::new(0, 0),
                    )
                    .label("not a standard")
                    .help("every .toml file in a standards folder except set.toml and bank-holidays.toml is one standard; move this file out of the folder, or give it `id`, `title`, `test`, `require` and the rest"),
                );
            } else {
                let s = decode_standard(&node, &f.path, &out.source, params, examples, probs);
                if probs.is_empty() {
                    out.standard = s;
                }
            }
            root_causes(probs);
        }
        Err(p) => out.problems.extend(p),
    }
    out
}

fn push_problem(all: &mut Vec<FileProblems>, src: &SourceFile, p: Problem) {
    match all.iter_mut().find(|f| f.source.name == src.name) {
        Some(f) => f.problems.push(p),
        None => all.push(FileProblems {
            source: src.clone(),
            problems: vec![p],
        }),
    }
}

fn decode_set(node: &Node, problems: &mut Vec<Problem>) -> (String, String, Vec<TestDef>, Params) {
    let mut tests = Vec::new();
    let mut params = Params::new();
    let Some(mut m) = MapReader::new(node, "set", problems) else {
        return (String::new(), String::new(), tests, params);
    };
    let name = m.req_str("name", problems).map(|x| x.0).unwrap_or_default();
    let version = m.req_str("version", problems).map(|x| x.0).unwrap_or_default();
    m.opt_str("description", problems);
    if let Some(n) = m.take("tests") {
        if let NodeKind::Seq(items) = &n.kind {
            for (i, it) in items.iter().enumerate() {
                let what = format!("tests[{i}]");
                let Some(mut t) = MapReader::new(it, &what, problems) else {
                    continue;
                };
                let id = t.req_str("id", problems);
                let question = t.req_str("question", problems).map(|x| x.0).unwrap_or_default();
                let summary = t.req_str("summary", problems).map(|x| x.0).unwrap_or_default();
                t.finish(&["id", "question", "summary"], problems);
                if let Some((id, span)) = id {
                    if one_of(&id, span, TEST_IDS, &format!("{what}.id"), problems) {
                        tests.push(TestDef { id, question, summary });
                    }
                }
            }
        } else {
            problems.push(Problem::new("tests: expected [[tests]] tables", n.span));
        }
    }
    for id in TEST_IDS {
        if !tests.iter().any(|t| t.id == *id) {
            problems.push(
                Problem::new(format!("set.toml does not define the test `{id}`"), m.span)
                    .help("the seven test ids are fixed by the command-line contract; define each under [[tests]]"),
            );
        }
    }
    if let Some(n) = m.take("parameters") {
        if let NodeKind::Map(entries) = &n.kind {
            for (k, v) in entries {
                let what = format!("parameters.{}", k.name);
                let Some(mut pm) = MapReader::new(v, &what, problems) else {
                    continue;
                };
                let default = match pm.take("default") {
                    Some(d) => match &d.kind {
                        NodeKind::Int(i) if (0.0..=cond::MAX_NUMBER).contains(&(*i as f64)) => {
                            Some(ParamValue::Num(*i as f64))
                        }
                        NodeKind::Float(f) if (0.0..=cond::MAX_NUMBER).contains(f) => Some(ParamValue::Num(*f)),
                        NodeKind::Int(_) | NodeKind::Float(_) => {
                            problems.push(
                                Problem::new(
                                    format!(
                                        "{what}.default: out of range (0 to {})",
                                        cond::fmt_num(cond::MAX_NUMBER)
                                    ),
                                    d.span,
                                )
                                .label("out of range"),
                            );
                            None
                        }
                        NodeKind::Str(s) => Some(ParamValue::Word(s.clone())),
                        _ => {
                            problems.push(Problem::new(
                                format!("{what}.default: expected a number or a word"),
                                d.span,
                            ));
                            None
                        }
                    },
                    None => {
                        problems.push(Problem::new(format!("{what}: `default` is missing"), pm.span));
                        None
                    }
                };
                let unit = pm.opt_str("unit", problems).map(|x| x.0).unwrap_or_default();
                let doc = pm.req_str("doc", problems).map(|x| x.0).unwrap_or_default();
                let choices = pm
                    .take("choices")
                    .map(|n| str_list(n, &format!("{what}.choices"), problems))
                    .unwrap_or_default();
                pm.finish(&["default", "unit", "doc", "choices"], problems);
                if let Some(d) = default {
                    params.insert(
                        k.name.clone(),
                        Param {
                            value: d.clone(),
                            default: d,
                            unit,
                            doc,
                            choices: choices.into_iter().map(|c| c.0).collect(),
                        },
                    );
                }
            }
        }
    }
    m.finish(&["name", "version", "description", "tests", "parameters"], problems);
    (name, version, tests, params)
}
