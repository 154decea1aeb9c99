//! Loading standards: the set file, the bank holidays, and one TOML file per standard.
//!
//! Standards are data: a new file under `standards/` is a new standard, with no Rust to
//! change. Every mistake in a file is a [`Problem`] with a span; loading reports them all.

pub mod cond;
pub mod decode;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::dates::{Calendar, Date};
use crate::finding::{Outcome, Severity};
use crate::node::{did_you_mean, Node, NodeKind, Problem};
use crate::schema;
use crate::source::{SourceFile, Span};
use crate::toml_tree;

use cond::{Compiler, Cond, SlotDef};
use decode::{int_of, one_of, str_list, str_of, MapReader};

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

/// Legal status of a standard.
/// `practice` is a threshold this project sets itself where the law or the review names
/// none (20 school days, six months): never labelled law or the review's.
pub const STATUSES: &[&str] = &[
    "law",
    "law_la",
    "statutory_guidance",
    "nms",
    "review",
    "practice",
    "prospective",
];

/// Statuses that no exception in a provider's file can waive: the law cannot be waived
/// by the one it binds, and a provider cannot waive another body's legal duty.
pub const UNWAIVABLE_STATUSES: &[&str] = &["law", "law_la"];
/// Who holds the duty.
pub const DUTY_HOLDERS: &[&str] = &["provider", "placing_authority", "both"];
/// How well the citation was checked.
pub const CONFIDENCES: &[&str] = &["verified", "secondary", "unverified"];

/// A test of the review, as the set describes it.
#[derive(Debug, Clone)]
pub struct TestDef {
    /// Fixed id.
    pub id: String,
    /// The review's question.
    pub question: String,
    /// What it means for a home, in plain English.
    pub summary: String,
}

/// A parameter's value.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
pub struct Citation {
    /// The instrument (Act, regulations, guidance, review).
    pub instrument: String,
    /// The provision (section, regulation, paragraph, page range).
    pub provision: String,
    /// Where to read it.
    pub url: Option<String>,
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
#[derive(Debug, Clone)]
pub struct Standard {
    /// Stable id, never reused.
    pub id: String,
    /// One line.
    pub title: String,
    /// Which of the seven tests it serves.
    pub test: String,
    /// law | law_la | statutory_guidance | nms | review | practice | prospective.
    pub status: String,
    /// provider | placing_authority | both.
    pub duty_holder: String,
    /// verified | secondary | unverified.
    pub confidence: String,
    /// Severity of a fail.
    pub severity: Severity,
    /// The law or recommendation behind it.
    pub citation: Citation,
    /// Why it matters.
    pub rationale: String,
    /// What to do.
    pub help: String,
    /// The finding's message, with placeholders.
    pub message: String,
    /// Provider kinds it applies to.
    pub kinds: Vec<&'static str>,
    /// Ages it applies to (child-linked records only).
    pub ages: Option<(i64, i64)>,
    /// The list of records it checks one by one (`file` for the provider as a whole).
    pub for_each: String,
    /// The bound slots.
    pub slots: Vec<SlotDef>,
    /// Out of scope unless this holds.
    pub when: Option<Cond>,
    /// The requirement.
    pub require: Cond,
    /// Worked examples.
    pub examples: Vec<Example>,
    /// Fields read.
    pub reads: Vec<String>,
    /// Parameters used.
    pub params_used: Vec<String>,
    /// Notes (e.g. why a confidence mark is low).
    pub notes: Option<String>,
    /// May an exception waive it?
    pub waivable: bool,
    /// The file, relative to the set's directory.
    pub file: String,
    /// The citation as findings show it, built once for all of them.
    pub citation_text: std::sync::Arc<str>,
    /// The help as findings show it, built once for all of them.
    pub help_text: std::sync::Arc<str>,
    /// The file's text.
    pub source: SourceFile,
}

impl Standard {
    /// The requirement in plain English.
    pub fn requirement_text(&self) -> String {
        let mut s = String::new();
        if let Some(w) = &self.when {
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
#[derive(Debug, Clone)]
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
    fn tree(&self) -> Result<Node, Vec<Problem>> {
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

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_standards.rs"));
}

/// The standards compiled into the binary (the shipped `standards/`).
pub fn embedded_files() -> Vec<SetFile> {
    embedded::FILES
        .iter()
        .map(|(path, text, _, _)| SetFile::new(*path, *text))
        .collect()
}

/// The shipped standards without their `[[examples]]` tables, cut off at build time, for
/// [`load_rules`]: a check needs only the rules, and the examples are two fifths of the text.
/// A file whose examples are not safely at its end is given whole. Each comes with its tree,
/// parsed by the build script, so a check does not parse TOML at every start.
pub fn embedded_rules() -> Vec<SetFile> {
    embedded::FILES
        .iter()
        .map(|(path, text, rules_len, prebuilt)| SetFile {
            path: (*path).to_string(),
            text: text.get(..*rules_len).unwrap_or(text).to_string(),
            prebuilt: *prebuilt,
        })
        .collect()
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
    /// The examples were cut off on purpose ([`embedded_rules`]); the test suite runs them.
    CutOff,
}

/// Load a set for checking only, from [`embedded_rules`]: the same standards as [`load`]
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
                let hint = did_you_mean(k, params.keys().map(String::as_str))
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
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

    // Each standard file is parsed and compiled on its own, in parallel (loading the set is
    // most of a one-file run); the results are then gathered in file order, so problems come
    // out in the same order at any thread count.
    let loaded: Vec<LoadedFile> = {
        use rayon::prelude::*;
        files
            .par_iter()
            .filter(|f| f.path != "set.toml" && f.path != "bank-holidays.toml")
            .map(|f| load_standard_file(f, name_of(&f.path), &params, examples))
            .collect()
    };
    let mut standards: Vec<Standard> = Vec::new();
    // What the cross-file checks need, gathered in the one parse of each file: its id (with
    // where it is written) and the test it names, whether or not the standard loaded.
    let mut ids: Vec<(&str, String, Span)> = Vec::new();
    let mut claimed: BTreeSet<String> = BTreeSet::new();
    for (f, l) in files
        .iter()
        .filter(|f| f.path != "set.toml" && f.path != "bank-holidays.toml")
        .zip(loaded)
    {
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

const STANDARD_KEYS: &[&str] = &[
    "id",
    "title",
    "test",
    "status",
    "duty_holder",
    "confidence",
    "severity",
    "citation",
    "rationale",
    "help",
    "message",
    "applies_to",
    "for_each",
    "when",
    "require",
    "examples",
    "notes",
    "waivable",
];

/// Whether a TOML file is meant as a standard at all (any of its defining keys present).
fn looks_like_a_standard(node: &Node) -> bool {
    ["id", "title", "require", "test", "status"]
        .iter()
        .any(|k| node.get(k).is_some() || node.get("citation").is_some_and(|c| c.get(k).is_some()))
}

/// Root cause first: drop the errors another error in the same file already explains, so an
/// author reads the mistake, not its echoes.
/// - a misspelt key (`titel`, did you mean `title`) explains "`title` is missing";
/// - a standard key written after `[citation]` explains "`K` is missing" and "the standard
///   has no `K`";
/// - a malformed id explains "the file name does not start with the id".
pub fn root_causes(problems: &mut Vec<Problem>) {
    let mut explained: Vec<String> = Vec::new();
    for p in problems.iter() {
        let Some(key) = p.message.split('`').nth(1) else {
            continue;
        };
        if p.message.contains("unknown key") {
            if let Some(meant) = p
                .help
                .as_deref()
                .and_then(|h| h.strip_prefix("did you mean `"))
                .and_then(|h| h.split('`').next())
            {
                explained.push(meant.to_string());
            }
            if p.help
                .as_deref()
                .is_some_and(|h| h.contains("belongs to the standard itself"))
            {
                explained.push(key.to_string());
            }
        }
    }
    let malformed_id = problems
        .iter()
        .any(|p| p.message.contains("is not a well-formed standard id"));
    problems.retain(|p| {
        let m = p.message.as_str();
        if malformed_id && m.starts_with("the file name") {
            return false;
        }
        !explained
            .iter()
            .any(|k| m == format!("standard: `{k}` is missing") || m == format!("the standard has no `{k}`"))
    });
}

/// The default severity: a legal duty of the provider is an error; a duty of the placing
/// authority, guidance, minimum standards and the review's recommendations are warnings;
/// law not yet in force is information.
pub fn default_severity(status: &str, duty_holder: &str) -> Severity {
    match (status, duty_holder) {
        ("law", "provider" | "both") => Severity::Error,
        ("prospective", _) => Severity::Info,
        _ => Severity::Warning,
    }
}

fn decode_standard(
    node: &Node,
    path: &str,
    src: &SourceFile,
    params: &Params,
    examples_required: Examples,
    problems: &mut Vec<Problem>,
) -> Option<Standard> {
    let mut m = MapReader::new(node, "standard", problems)?;
    let id = m.req_str("id", problems);
    if let Some((id, span)) = &id {
        let ok = id.len() >= 3
            && id
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
            && id.contains('-')
            && !id.starts_with('-')
            && !id.ends_with('-');
        if !ok {
            problems.push(
                Problem::new(format!("id `{id}` is not a well-formed standard id"), *span)
                    .label("malformed id")
                    .help("ids are capital letters, digits and dashes, such as CARE-01 or VOICE-12"),
            );
        }
        let file = path.rsplit('/').next().unwrap_or(path);
        if !file.starts_with(&format!("{id}-")) && file != format!("{id}.toml") {
            problems.push(
                Problem::new(
                    format!("the file name `{file}` does not start with the id `{id}`"),
                    *span,
                )
                .help(format!(
                    "name the file `{id}-short-name.toml` so the id can be found from the file"
                )),
            );
        }
    }
    let title = m.req_str("title", problems);
    let test = m.req_str("test", problems);
    if let Some((t, span)) = &test {
        one_of(t, *span, TEST_IDS, "test", problems);
    }
    let status = m.req_str("status", problems);
    if let Some((s, span)) = &status {
        one_of(s, *span, STATUSES, "status", problems);
    }
    let duty = m.req_str("duty_holder", problems);
    if let Some((s, span)) = &duty {
        one_of(s, *span, DUTY_HOLDERS, "duty_holder", problems);
    }
    let confidence = m.req_str("confidence", problems);
    if let Some((s, span)) = &confidence {
        one_of(s, *span, CONFIDENCES, "confidence", problems);
    }
    let st = status.as_ref().map(|s| s.0.as_str()).unwrap_or("");
    let dh = duty.as_ref().map(|s| s.0.as_str()).unwrap_or("");
    let default_sev = default_severity(st, dh);
    let severity = match m.opt_str("severity", problems) {
        Some((s, span)) => match Severity::parse(&s) {
            Some(sev) => {
                if sev == Severity::Error && default_sev != Severity::Error {
                    problems.push(
                        Problem::new(format!("severity `error` is kept for legal duties of the provider, but this standard is `{st}` on `{dh}`"), span)
                            .label("overstates the standard")
                            .help("a recommendation, guidance or another body's duty must not read as the provider breaking the law: use `warning`, or correct status and duty_holder"),
                    );
                }
                sev
            }
            None => {
                one_of(&s, span, &["error", "warning", "info"], "severity", problems);
                default_sev
            }
        },
        None => default_sev,
    };
    let citation = match m.take("citation") {
        Some(n) => {
            let mut c = MapReader::new(n, "citation", problems);
            c.as_mut()
                .map(|c| {
                    let instrument = c.req_str("instrument", problems).map(|x| x.0).unwrap_or_default();
                    let provision = c.req_str("provision", problems).map(|x| x.0).unwrap_or_default();
                    let url = c.opt_str("url", problems).map(|x| x.0);
                    Citation {
                        instrument,
                        provision,
                        url,
                    }
                })
                .inspect(|_| {
                    if let Some(c) = c {
                        c.finish_in(&["instrument", "provision", "url"], STANDARD_KEYS, problems);
                    }
                })
        }
        None => {
            problems.push(
                Problem::new("the standard has no `citation`", m.span)
                    .label("where does this standard come from?")
                    .help("add [citation] with instrument and provision (e.g. instrument = \"Children's Homes (England) Regulations 2015\", provision = \"reg 44(1)\")"),
            );
            None
        }
    };
    let rationale = m.req_str("rationale", problems).map(|(t, sp)| (reflow(&t), sp));
    let help = m.req_str("help", problems).map(|(t, sp)| (reflow(&t), sp));
    let message = m.req_str("message", problems);
    let notes = m.opt_str("notes", problems).map(|x| reflow(&x.0));
    let waivable = match m.take("waivable") {
        Some(n) => match n.kind {
            NodeKind::Bool(true) if UNWAIVABLE_STATUSES.contains(&st) => {
                problems.push(
                    Problem::new(format!("a `{st}` standard cannot be waivable"), n.span)
                        .label("the law cannot be waived by the one it binds")
                        .help("remove `waivable = true`: exceptions waive only guidance, national minimum standards, the review's recommendations and practice thresholds"),
                );
                false
            }
            NodeKind::Bool(b) => b,
            _ => {
                problems.push(Problem::new("waivable: expected true or false", n.span));
                true
            }
        },
        None => !UNWAIVABLE_STATUSES.contains(&st),
    };
    // applies_to
    let mut kinds: Vec<&'static str> = schema::KINDS.to_vec();
    let mut ages = None;
    let mut ages_span = None;
    if let Some(n) = m.take("applies_to") {
        if let Some(mut a) = MapReader::new(n, "applies_to", problems) {
            if let Some(kn) = a.take("kinds") {
                let list = str_list(kn, "applies_to.kinds", problems);
                if list.is_empty() && matches!(kn.kind, NodeKind::Seq(_)) {
                    problems.push(Problem::new(
                        "applies_to.kinds: an empty list means the standard never applies",
                        kn.span,
                    ));
                }
                kinds = list
                    .iter()
                    .filter(|(k, span)| one_of(k, *span, schema::KINDS, "applies_to.kinds", problems))
                    .filter_map(|(k, _)| schema::KINDS.iter().copied().find(|x| x == k))
                    .collect();
            }
            if let Some(an) = a.take("ages") {
                ages_span = Some(an.span);
                if let Some(mut am) = MapReader::new(an, "applies_to.ages", problems) {
                    let min = am
                        .take("min")
                        .and_then(|n| int_of(n, "applies_to.ages.min", problems))
                        .unwrap_or(0);
                    let max = am
                        .take("max")
                        .and_then(|n| int_of(n, "applies_to.ages.max", problems))
                        .unwrap_or(25);
                    am.finish(&["min", "max"], problems);
                    if min > max || min < 0 {
                        problems.push(
                            Problem::new(
                                format!(
                                    "applies_to.ages: min {min} is above max {max}: no child could ever be in range"
                                ),
                                an.span,
                            )
                            .label("empty age range")
                            .help("ages are whole years, inclusive at both ends: { min = 16, max = 17 }"),
                        );
                    }
                    ages = Some((min, max));
                }
            }
            a.finish_in(&["kinds", "ages"], STANDARD_KEYS, problems);
        }
    }
    let (for_each, fe_span) = m
        .opt_str("for_each", problems)
        .unwrap_or_else(|| ("file".into(), m.span));
    let mut comp_problems = Vec::new();
    let compiled = {
        let comp = Compiler::new(&for_each, fe_span, params, &mut comp_problems);
        comp.map(|mut c| {
            if ages.is_some() && c.child_slot().is_none() {
                c.problems.push(
                    Problem::new(format!("applies_to.ages: the records of `{for_each}` are not about a child, so an age range cannot apply"), ages_span.unwrap_or(m.span))
                        .help("use for_each = \"children\" (or a list of records that name a child)"),
                );
            }
            let when = m.take("when").and_then(|n| c.cond(n, "when"));
            let require = match m.take("require") {
                Some(n) => c.cond(n, "require"),
                None => {
                    c.problems.push(
                        Problem::new("the standard has no `require`", m.span)
                            .label("what does it check?")
                            .help("add require = { field = \"...\", is = ... }"),
                    );
                    None
                }
            };
            (c.slots.clone(), when, require, c.reads.clone(), c.params_used.clone())
        })
    };
    problems.extend(comp_problems);
    if compiled.is_none() {
        // the for_each is the root cause: its conditions are not read, and are not "unknown"
        m.take("when");
        m.take("require");
    }
    // examples
    let mut examples = Vec::new();
    if let Some(n) = m.take("examples") {
        match &n.kind {
            NodeKind::Seq(items) => {
                for (i, it) in items.iter().enumerate() {
                    let what = format!("examples[{i}]");
                    let Some(mut e) = MapReader::new(it, &what, problems) else {
                        continue;
                    };
                    let name = e.req_str("name", problems).map(|x| x.0).unwrap_or_default();
                    let expect = e.req_str("expect", problems).and_then(|(s, span)| {
                        let words = ["pass", "fail", "not_reported", "not_applicable", "waived"];
                        if one_of(&s, span, &words, &format!("{what}.expect"), problems) {
                            Outcome::parse(&s)
                        } else {
                            None
                        }
                    });
                    let yaml = e
                        .take("yaml")
                        .and_then(|n| str_of(n, || format!("{what}.yaml"), problems));
                    if yaml.is_none() && !e.has("yaml") {
                        problems.push(Problem::new(format!("{what}: `yaml` is missing"), e.span));
                    }
                    e.finish(&["name", "expect", "yaml"], problems);
                    if let (Some(expect), Some((yaml, yspan))) = (expect, yaml) {
                        examples.push(Example {
                            name,
                            expect,
                            yaml,
                            span: it.span,
                            yaml_span: yspan,
                        });
                    }
                }
            }
            _ => problems.push(Problem::new("examples: expected [[examples]] tables", n.span)),
        }
    }
    let has = |o: Outcome| examples_required == Examples::CutOff || examples.iter().any(|e| e.expect == o);
    if !has(Outcome::Pass) {
        problems.push(
            Problem::new("the standard has no passing example", m.span)
                .label("add an [[examples]] with expect = \"pass\"")
                .help("every standard carries at least one passing and one failing example; lint and the test suite run them"),
        );
    }
    if !has(Outcome::Fail) {
        problems.push(
            Problem::new("the standard has no failing example", m.span)
                .label("add an [[examples]] with expect = \"fail\"")
                .help("every standard carries at least one passing and one failing example; lint and the test suite run them"),
        );
    }
    // placeholders
    if let Some((msg, span)) = &message {
        check_placeholders(
            msg,
            *span,
            compiled.as_ref().map(|c| &c.0[..]).unwrap_or(&[]),
            params,
            problems,
        );
    }
    m.finish(STANDARD_KEYS, problems);
    let (slots, when, require, reads, params_used) = compiled?;
    let citation = citation?;
    let help = help?.0;
    let citation_text = citation.show().into();
    let help_text = help.trim().into();
    Some(Standard {
        id: id?.0,
        title: title?.0,
        test: test?.0,
        status: status?.0,
        duty_holder: duty?.0,
        confidence: confidence?.0,
        severity,
        citation,
        rationale: rationale?.0,
        help,
        citation_text,
        help_text,
        message: message?.0,
        kinds,
        ages,
        for_each,
        slots,
        when,
        require: require?,
        examples,
        reads: reads.into_iter().collect(),
        params_used: params_used.into_iter().collect(),
        notes,
        waivable,
        file: path.to_string(),
        source: src.clone(),
    })
}

/// The fixed placeholders a message may use, besides `{param.NAME}` and field paths.
pub const PLACEHOLDERS: &[&str] = &[
    "child", "age", "record", "kind", "value", "field", "detail", "as_of", "urn",
];

fn check_placeholders(msg: &str, span: Span, slots: &[SlotDef], params: &Params, problems: &mut Vec<Problem>) {
    let mut seen = BTreeSet::new();
    for name in placeholders(msg) {
        if !seen.insert(name.to_string()) {
            continue;
        }
        if PLACEHOLDERS.contains(&name) {
            continue;
        }
        if let Some(p) = name.strip_prefix("param.") {
            if params.contains_key(p) {
                continue;
            }
        } else if placeholder_path_ok(name, slots) {
            continue;
        }
        let mut cands: Vec<String> = PLACEHOLDERS.iter().map(|s| s.to_string()).collect();
        cands.extend(params.keys().map(|k| format!("param.{k}")));
        let mut p =
            Problem::new(format!("message: unknown placeholder `{{{name}}}`"), span).label("no such placeholder");
        p =
            match did_you_mean(name, cands.iter().map(String::as_str)) {
                Some(s) => p.help(format!("did you mean `{{{s}}}`?")),
                None => {
                    p.help(format!(
                "placeholders: {}, {{param.NAME}}, or a field of the checked record such as {{children.age_years}}",
                PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ")
            ))
                }
            };
        problems.push(p);
    }
}

/// A field path is a valid placeholder when it exists and every list it crosses is one the
/// standard binds (so it names one value).
fn placeholder_path_ok(name: &str, slots: &[SlotDef]) -> bool {
    if schema::lookup(name).is_none_or(|f| matches!(f.ty, schema::Ty::List(_) | schema::Ty::Obj(_))) {
        return false;
    }
    let segs: Vec<&str> = name.split('.').collect();
    (1..segs.len()).all(|k| {
        let prefix = segs[..k].join(".");
        !matches!(schema::lookup(&prefix).map(|f| &f.ty), Some(schema::Ty::List(_)))
            || slots.iter().any(|s| s.list == prefix)
    })
}

/// Prose as authors wrap it in a file, as readers need it: lines of a paragraph joined,
/// paragraphs (blank lines) kept. Reporters wrap again to the width they have.
///
/// Exactly: the trimmed text split at each `\n\n`, each part's words (split at any Unicode
/// white space) joined by one space, the parts that have words joined by `\n\n`. It runs
/// over every standard's rationale, help and notes at every start, so it is one pass over
/// the bytes, looking up a character only where a byte is not ASCII.
pub fn reflow(text: &str) -> String {
    #[derive(PartialEq)]
    enum Gap {
        None,
        Space,
        Paragraph,
    }
    let text = text.trim();
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut gap = Gap::None;
    // where the run of words being read starts (words with one space between them are
    // copied as one run)
    let mut word: Option<usize> = None;
    let flush = |out: &mut String, gap: &mut Gap, from: usize, to: usize| {
        if !out.is_empty() {
            out.push_str(if *gap == Gap::Paragraph { "\n\n" } else { " " });
        }
        out.push_str(&text[from..to]);
        *gap = Gap::None;
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // one space between two words stands as it is: the run is copied whole later
        if b == b' ' && word.is_some() && bytes.get(i + 1).is_some_and(|n| n.is_ascii_graphic()) {
            i += 1;
            continue;
        }
        let (white, len, paragraph) = if b == b'\n' && bytes.get(i + 1) == Some(&b'\n') {
            (true, 2, true)
        } else if b.is_ascii() {
            (matches!(b, b' ' | b'\t'..=b'\r'), 1, false)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8(), false)
        };
        if white {
            if let Some(from) = word.take() {
                flush(&mut out, &mut gap, from, i);
            }
            if paragraph {
                gap = Gap::Paragraph;
            } else if gap == Gap::None {
                gap = Gap::Space;
            }
        } else if word.is_none() {
            word = Some(i);
        }
        i += len;
    }
    if let Some(from) = word {
        flush(&mut out, &mut gap, from, bytes.len());
    }
    out
}

/// The `{name}` placeholders of a template, in order.
pub fn placeholders(msg: &str) -> impl Iterator<Item = &str> {
    msg.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n.trim()))
}

#[cfg(test)]
mod tests {
    use super::reflow;

    /// `reflow` as it was first written, the reference the one-pass version is held to.
    fn reflow_reference(text: &str) -> String {
        let mut parts = Vec::new();
        for paragraph in text.trim().split("\n\n") {
            let words: Vec<&str> = paragraph.split_whitespace().collect();
            if !words.is_empty() {
                parts.push(words.join(" "));
            }
        }
        parts.join("\n\n")
    }

    #[test]
    fn joins_lines_and_keeps_paragraphs() {
        let text = "  A child's plan\n  is reviewed.\n\n\n\nSee  reg 44.\r\n\u{a0}Then\u{2028}more. ";
        assert_eq!(reflow(text), "A child's plan is reviewed.\n\nSee reg 44. Then more.");
        assert_eq!(reflow(text), reflow_reference(text));
        assert_eq!(reflow(" \n\n \t"), "");
        assert_eq!(reflow("é\n\n\nü"), "é\n\nü");
    }

    proptest::proptest! {
        #[test]
        fn is_the_reference(text in "[a é\n\r\t\u{0b}\u{0c}\u{85}\u{a0}\u{2028}\u{3000}x.]{0,60}") {
            proptest::prop_assert_eq!(reflow(&text), reflow_reference(&text));
        }
    }
}
