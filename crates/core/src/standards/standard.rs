//! Decoding one standard file: its fields checked and its conditions compiled, with every
//! problem found in one run.

use std::collections::BTreeSet;

use crate::finding::{Outcome, Severity};
use crate::node::{did_you_mean, Node, NodeKind, Problem};
use crate::schema;
use crate::source::{SourceFile, Span, Text};

use super::cond::{Compiler, SlotDef};
use super::decode::{int_of, one_of, str_list, str_of, MapReader};
use super::{
    Citation, Confidence, DutyHolder, Example, Examples, Params, ProvisionCite, Standard, Status, CONFIDENCES,
    DUTY_HOLDERS, STATUSES, TEST_IDS,
};

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
pub(super) fn looks_like_a_standard(node: &Node) -> bool {
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
pub fn default_severity(status: Status, duty_holder: DutyHolder) -> Severity {
    match status {
        Status::Law if duty_holder.binds_provider() => Severity::Error,
        Status::Prospective => Severity::Info,
        _ => Severity::Warning,
    }
}

/// An id is capital letters, digits and dashes, and the file is named after it.
fn check_id(id: &str, span: Span, path: &str, problems: &mut Vec<Problem>) {
    let ok = id.len() >= 3
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
        && id.contains('-')
        && !id.starts_with('-')
        && !id.ends_with('-');
    if !ok {
        problems.push(
            Problem::new(format!("id `{id}` is not a well-formed standard id"), span)
                .label("malformed id")
                .help("ids are capital letters, digits and dashes, such as CARE-01 or VOICE-12"),
        );
    }
    let file = path.rsplit('/').next().unwrap_or(path);
    if !file.starts_with(&format!("{id}-")) && file != format!("{id}.toml") {
        problems.push(
            Problem::new(
                format!("the file name `{file}` does not start with the id `{id}`"),
                span,
            )
            .help(format!(
                "name the file `{id}-short-name.toml` so the id can be found from the file"
            )),
        );
    }
}

/// `severity`, or the status's default; `error` only for a legal duty of the provider.
fn severity_of(
    m: &mut MapReader<'_>,
    st: Option<Status>,
    dh: Option<DutyHolder>,
    default_sev: Severity,
    problems: &mut Vec<Problem>,
) -> Severity {
    match m.opt_str("severity", problems) {
        Some((s, span)) => match Severity::parse(&s) {
            Some(sev) => {
                if sev == Severity::Error && default_sev != Severity::Error {
                    problems.push(
                    Problem::new(format!("severity `error` is kept for legal duties of the provider, but this standard is `{}` on `{}`", st.map_or("", Status::name), dh.map_or("", DutyHolder::name)), span)
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
    }
}

/// `[citation]`: where the standard comes from; a standard without one is a problem.
fn citation_of(m: &mut MapReader<'_>, problems: &mut Vec<Problem>) -> Option<Citation> {
    match m.take("citation") {
        Some(n) => {
            let mut c = MapReader::new(n, "citation", problems);
            c.as_mut()
                .map(|c| {
                    let instrument = c.req_str("instrument", problems).map(|x| x.0).unwrap_or_default();
                    let provision = c.req_str("provision", problems).map(|x| x.0).unwrap_or_default();
                    let url = c.opt_str("url", problems).map(|x| x.0);
                    let provisions = c
                        .take("provisions")
                        .map(|n| provisions_of(n, problems))
                        .unwrap_or_default();
                    Citation {
                        instrument: instrument.into(),
                        provision: provision.into(),
                        url: url.map(Text::from),
                        provisions,
                    }
                })
                .inspect(|_| {
                    if let Some(c) = c {
                        c.finish_in(
                            &["instrument", "provision", "url", "provisions"],
                            STANDARD_KEYS,
                            problems,
                        );
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
    }
}

/// A standard is no better seen than its best-seen provision.
fn check_confidence(c: &Citation, conf: Confidence, span: Span, problems: &mut Vec<Problem>) {
    if let Some(best) = c.provisions.iter().map(|p| p.confidence).min() {
        if conf < best {
            problems.push(
                Problem::new(
                    format!(
                        "confidence `{conf}` is stronger than any of the provisions cited (the best is `{}`)",
                        best.name()
                    ),
                    span,
                )
                .label("overstates the standard")
                .help("a standard is no better seen than its best-seen provision: lower `confidence`, or mark the provision that was read"),
            );
        }
    }
}

/// `waivable`: by default everything but the law, which the one it binds cannot waive.
fn waivable_of(m: &mut MapReader<'_>, st: Option<Status>, problems: &mut Vec<Problem>) -> bool {
    let is_law = st.is_some_and(Status::is_law);
    match m.take("waivable") {
        Some(n) => match n.kind {
            NodeKind::Bool(true) if is_law => {
                let st = st.map_or("", Status::name);
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
        None => !is_law,
    }
}

/// `[applies_to]`: the kinds of provider (every kind when absent) and the ages, with where
/// the ages were written.
fn applies_to_of(
    m: &mut MapReader<'_>,
    problems: &mut Vec<Problem>,
) -> (Vec<&'static str>, Option<(i64, i64)>, Option<Span>) {
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
                        .unwrap_or_else(super::words::oldest_age);
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
    (kinds, ages, ages_span)
}

/// `[[examples]]`: each example that names its outcome and gives its YAML.
fn examples_of(m: &mut MapReader<'_>, problems: &mut Vec<Problem>) -> Vec<Example> {
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
    examples
}

/// Every standard carries at least one passing and one failing example (unless the
/// examples were cut off, as for a check, which needs only the rules).
fn check_examples_present(examples: &[Example], examples_required: Examples, span: Span, problems: &mut Vec<Problem>) {
    let has = |o: Outcome| examples_required == Examples::CutOff || examples.iter().any(|e| e.expect == o);
    if !has(Outcome::Pass) {
        problems.push(
        Problem::new("the standard has no passing example", span)
            .label("add an [[examples]] with expect = \"pass\"")
            .help("every standard carries at least one passing and one failing example; lint and the test suite run them"),
    );
    }
    if !has(Outcome::Fail) {
        problems.push(
        Problem::new("the standard has no failing example", span)
            .label("add an [[examples]] with expect = \"fail\"")
            .help("every standard carries at least one passing and one failing example; lint and the test suite run them"),
    );
    }
}

pub(super) fn decode_standard(
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
        check_id(id, *span, path, problems);
    }
    let title = m.req_str("title", problems);
    let test = m.req_word("test", TEST_IDS, problems);
    // a word that is none of these is reported by `req_word`; the standard is then not built
    let status = m
        .req_word("status", STATUSES, problems)
        .and_then(|(w, _)| Status::parse(&w));
    let duty = m
        .req_word("duty_holder", DUTY_HOLDERS, problems)
        .and_then(|(w, _)| DutyHolder::parse(&w));
    let confidence = m
        .req_word("confidence", CONFIDENCES, problems)
        .and_then(|(w, span)| Confidence::parse(&w).map(|c| (c, span)));
    let default_sev = match (status, duty) {
        (Some(st), Some(dh)) => default_severity(st, dh),
        _ => Severity::Warning,
    };
    let severity = severity_of(&mut m, status, duty, default_sev, problems);
    let citation = citation_of(&mut m, problems);
    if let (Some(c), Some((conf, span))) = (&citation, confidence) {
        check_confidence(c, conf, span, problems);
    }
    let rationale = m.req_str("rationale", problems).map(|(t, sp)| (reflow(&t), sp));
    let help = m.req_str("help", problems).map(|(t, sp)| (reflow(&t), sp));
    let message = m.req_str("message", problems);
    let notes = m.opt_str("notes", problems).map(|x| reflow(&x.0));
    let waivable = waivable_of(&mut m, status, problems);
    let (kinds, ages, ages_span) = applies_to_of(&mut m, problems);
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
    let examples = examples_of(&mut m, problems);
    check_examples_present(&examples, examples_required, m.span, problems);
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
    let help = help.map(|(text, span)| fill_help_params(&text, span, params, problems))?;
    let citation_text = citation.show().into();
    let help_text = help.trim().into();
    let help = help.into();
    Some(Standard {
        id: id?.0,
        title: title?.0.into(),
        test: test?.0,
        status: status?,
        duty_holder: duty?,
        confidence: confidence?.0,
        severity,
        citation,
        rationale: rationale?.0.into(),
        help,
        citation_text,
        help_text,
        message: message?.0.into(),
        kinds,
        ages,
        for_each,
        slots,
        when: super::snapshot::Lazy::ready(when),
        require: super::snapshot::Lazy::ready(require?),
        examples,
        reads: reads.into_iter().collect(),
        params_used: params_used.into_iter().collect(),
        notes: notes.map(Text::from),
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

/// The help with each `{param.NAME}` replaced by the parameter's value (set from the
/// defaults and any override): a manager reads "12 months", never a setting's name. Help has
/// no record to fill other placeholders from; other braces (a YAML example) stay as written.
fn fill_help_params(help: &str, span: Span, params: &Params, problems: &mut Vec<Problem>) -> String {
    if !help.contains('{') {
        return help.to_string();
    }
    fill_placeholders(help, |name| {
        // braces of a YAML example in the help (`{kind: childrens_home}`): as written
        let param = name.strip_prefix("param.")?;
        if let Some(p) = params.get(param) {
            return Some(p.value.show());
        }
        let cands: Vec<String> = params.keys().map(|k| format!("param.{k}")).collect();
        let p = Problem::new(format!("help: unknown parameter `{{{name}}}`"), span).label("no such parameter");
        problems.push(match did_you_mean(name, cands.iter().map(String::as_str)) {
            Some(s) => p.help(format!("did you mean `{{{s}}}`?")),
            None => p,
        });
        None
    })
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

/// A template with each `{name}` (trimmed) replaced by `value(name)`. `None` leaves the
/// brace as text and reads on after it, so a brace that is no placeholder (a YAML example
/// in a help text, `{kind: childrens_home}`) is written as it stands, placeholders inside it
/// included; an unclosed brace and all after it stay as written. The one reading of the
/// placeholder syntax that a finding's message and a standard's help are both filled by.
pub fn fill_placeholders(tpl: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(tpl.len() + 32);
    let mut rest = tpl;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(j) = after.find('}') else {
            out.push_str(&rest[i..]);
            return out;
        };
        match value(after[..j].trim()) {
            Some(v) => {
                out.push_str(&v);
                rest = &after[j + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a template, in order.
pub fn placeholders(msg: &str) -> impl Iterator<Item = &str> {
    msg.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n.trim()))
}

/// `[[citation.provisions]]`: each provision with its own confidence.
fn provisions_of(n: &Node, problems: &mut Vec<Problem>) -> Vec<ProvisionCite> {
    let NodeKind::Seq(items) = &n.kind else {
        problems.push(
            Problem::new("citation.provisions: expected [[citation.provisions]] tables", n.span)
                .help("write each as [[citation.provisions]] with provision and confidence (and instrument, url when they differ)"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let what = format!("citation.provisions[{i}]");
        let Some(mut p) = MapReader::new(it, &what, problems) else {
            continue;
        };
        let instrument = p.opt_str("instrument", problems).map(|x| x.0);
        let provision = p.req_str("provision", problems).map(|x| x.0);
        let confidence = p
            .req_word("confidence", CONFIDENCES, problems)
            .and_then(|(w, _)| Confidence::parse(&w));
        let url = p.opt_str("url", problems).map(|x| x.0);
        p.finish(&["instrument", "provision", "confidence", "url"], problems);
        if let (Some(provision), Some(confidence)) = (provision, confidence) {
            out.push(ProvisionCite {
                instrument: instrument.map(Text::from),
                provision: provision.into(),
                confidence,
                url: url.map(Text::from),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::reflow;

    /// One reading of the placeholder syntax: a value replaces its placeholder, a brace that
    /// is none stays as text with the placeholders inside it still filled, an unclosed one
    /// stays as written.
    #[test]
    fn placeholders_are_filled_and_other_braces_kept() {
        let fill = |t: &str| super::fill_placeholders(t, |n| n.strip_prefix("param.").map(|p| format!("<{p}>")));
        assert_eq!(fill("within { param.days } days"), "within <days> days");
        assert_eq!(fill("write {kind: childrens_home}"), "write {kind: childrens_home}");
        assert_eq!(fill("{a: {param.x}}"), "{a: <x>}");
        assert_eq!(fill("open {param.x"), "open {param.x");
        assert_eq!(fill("none"), "none");
    }

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
