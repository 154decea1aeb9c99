//! `carecheck init`: a commented self-assessment template for one kind of provider,
//! written from the schema. Blank fields are `null` (not reported), so the template loads
//! and checks cleanly, reporting `not_reported` rather than failures until it is filled in.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::ExitStatus;
use crate::cli::InitArgs;
use carecheck_core::node::did_you_mean;
use carecheck_core::schema::{self, Obj, Ty, KINDS};

/// Which standards read each field (schema path without indices -> ids), so the template
/// can say why a field matters.
fn readers() -> std::collections::BTreeMap<String, Vec<String>> {
    let mut m: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    if let Ok(set) = carecheck_shipped::whole_set(&Vec::new()) {
        for s in &set.standards {
            for r in &s.reads {
                m.entry(r.clone()).or_default().push(s.id.clone());
            }
        }
    }
    m
}

/// Whether a field belongs in a template for this kind of provider.
fn shown(name: &str, kind: &str) -> bool {
    let fostering = kind == "fostering_service";
    let home = matches!(kind, "childrens_home" | "secure_childrens_home");
    match name {
        "household" | "foster_carer_households" => fostering,
        "home" => !fostering,
        "sa_category" | "sa_quality_reviews" => kind == "supported_accommodation",
        "reg44" | "reg45" => home,
        _ => true,
    }
}

fn kind_words(kind: &str) -> &'static str {
    match kind {
        "childrens_home" => "children's home",
        "secure_childrens_home" => "secure children's home",
        "fostering_service" => "fostering service",
        _ => "supported accommodation service",
    }
}

struct Writer<'a> {
    o: String,
    kind: &'a str,
    readers: std::collections::BTreeMap<String, Vec<String>>,
}

impl Writer<'_> {
    /// The comment of a field: what it records, its allowed words, who reads it.
    fn note(&self, path: &str, f: &carecheck_core::schema::Field) -> String {
        let doc = f.doc.trim_end_matches('.');
        let mut n = match &f.ty {
            Ty::Enum(words) => format!("{doc}: {}", words.join(" | ")),
            Ty::List(inner) => match inner.as_ref() {
                Ty::Enum(words) => format!("{doc}: a list of {}", words.join(" | ")),
                Ty::Date => format!("{doc}: a list of dates, [2026-01-15, 2026-05-10]"),
                _ => doc.to_string(),
            },
            Ty::Date => format!("{doc} (YYYY-MM-DD, or not_done)"),
            Ty::Timestamp => format!("{doc} (2026-07-04 21:30, UK time)"),
            _ => doc.to_string(),
        };
        if let Some(ids) = self.readers.get(path) {
            let shown: Vec<&str> = ids.iter().take(4).map(String::as_str).collect();
            n.push_str(&format!(
                " [read by {}{}]",
                shown.join(", "),
                if ids.len() > 4 { ", ..." } else { "" }
            ));
        }
        n
    }

    fn line(&mut self, prefix: &str, depth: usize, text: &str, note: &str) {
        let body = format!("{prefix}{}{text}", "  ".repeat(depth));
        let pad = 34usize.saturating_sub(body.chars().count()).max(1);
        let _ = writeln!(self.o, "{body}{}# {note}", " ".repeat(pad));
    }

    /// The fields of a mapping: scalars as `null`, mappings nested, lists as `null` with a
    /// commented example entry to copy.
    fn fields(&mut self, obj: &Obj, path: &str, depth: usize, prefix: &str, skip_ref: bool) {
        for f in &obj.fields {
            if (skip_ref && f.name == "ref") || !shown(f.name, self.kind) {
                continue;
            }
            let p = if path.is_empty() {
                f.name.to_string()
            } else {
                format!("{path}.{}", f.name)
            };
            let note = self.note(&p, f);
            match &f.ty {
                Ty::Obj(inner) => {
                    self.line(prefix, depth, &format!("{}:", f.name), &note);
                    self.fields(inner, &p, depth + 1, prefix, false);
                }
                Ty::List(inner) => match inner.as_ref() {
                    Ty::Obj(io) => {
                        self.line(
                            prefix,
                            depth,
                            &format!("{}: null", f.name),
                            &format!("{note}; one entry each, like this (remove the #):"),
                        );
                        self.example_entry(io, &p, depth + 1);
                    }
                    _ => self.line(prefix, depth, &format!("{}: null", f.name), &note),
                },
                _ => self.line(prefix, depth, &format!("{}: null", f.name), &note),
            }
        }
    }

    /// A commented example entry of a list of records, every field shown.
    fn example_entry(&mut self, obj: &Obj, path: &str, depth: usize) {
        let mut first = true;
        for f in &obj.fields {
            if !shown(f.name, self.kind) {
                continue;
            }
            let p = format!("{path}.{}", f.name);
            let note = self.note(&p, f);
            let lead = if first { "- " } else { "  " };
            first = false;
            let value = match &f.ty {
                Ty::Obj(inner) => format!(
                    "{{{}}}",
                    inner
                        .fields
                        .iter()
                        .map(|x| format!("{}: null", x.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Ty::List(_) => "[]".into(),
                Ty::Str if f.name == "ref" => match path.rsplit('.').next() {
                    Some("staff") => "S-0001".into(),
                    Some("foster_carer_households") => "FC-01".into(),
                    Some("premises") => "P-01".into(),
                    _ => "null".into(),
                },
                Ty::Ref("children") => "C-0001".into(),
                _ => "null".into(),
            };
            self.line("# ", depth, &format!("{lead}{}: {value}", f.name), &note);
        }
    }
}

/// The template text.
pub fn template(kind: &str, children: usize, as_of: &str) -> String {
    let mut w = Writer {
        o: String::new(),
        kind,
        readers: readers(),
    };
    let o = &mut w.o;
    let _ = writeln!(
        o,
        "# yaml-language-server: $schema=carecheck-self-assessment-v1.schema.json"
    );
    let _ = writeln!(
        o,
        "# (for an editor that checks as you type, make that file once: carecheck schema > carecheck-self-assessment-v1.schema.json)"
    );
    let _ = writeln!(
        o,
        "# Self-assessment of a {}, format version 1, written by `carecheck init`.",
        kind_words(kind)
    );
    let _ = writeln!(
        o,
        "# Fill in what you can. A blank (null) is listed as \"not reported\", never as a breach;"
    );
    let _ = writeln!(
        o,
        "# write not_done for a date when the thing never happened, and false when it is not so."
    );
    let _ = writeln!(
        o,
        "# Every list has an example entry below it: remove the # and fill it in, one entry each."
    );
    let _ = writeln!(
        o,
        "# Refer to people by reference only (C-0001, S-0001): no names, dates of birth, addresses,"
    );
    let _ = writeln!(
        o,
        "# postcodes, school names or NHS numbers. Dates are written 2026-05-14; times 2026-07-04 21:30"
    );
    let _ = writeln!(
        o,
        "# (UK time, summer time included). [read by ...] names the standards that use a field."
    );
    let _ = writeln!(o, "# Check it with: carecheck check THIS_FILE");
    let root = schema::root();
    for f in &root.fields {
        if !shown(f.name, kind) {
            continue;
        }
        match f.name {
            "schema_version" => {
                let _ = writeln!(w.o, "\nschema_version: 1");
            }
            "assessment" => {
                let _ = writeln!(w.o, "\nassessment:                       # {}", f.doc);
                let _ = writeln!(
                    w.o,
                    "  as_of: {as_of}                # the date every rule is judged at"
                );
                let _ = writeln!(
                    w.o,
                    "  period: {{start: null, end: null}}  # the first and last day the self-assessment covers"
                );
                let _ = writeln!(
                    w.o,
                    "  prepared_by_role: null           # a role (registered_manager), never a name"
                );
            }
            "provider" => {
                let _ = writeln!(w.o, "\nprovider:                         # {}", f.doc);
                if let Ty::Obj(obj) = &f.ty {
                    for g in &obj.fields {
                        if g.name == "kind" {
                            let _ = writeln!(w.o, "  kind: {kind}");
                        } else if let Ty::Obj(inner) = &g.ty {
                            let note = w.note(&format!("provider.{}", g.name), g);
                            w.line("", 1, &format!("{}:", g.name), &note);
                            w.fields(inner, &format!("provider.{}", g.name), 2, "", false);
                        } else {
                            let note = w.note(&format!("provider.{}", g.name), g);
                            w.line("", 1, &format!("{}: null", g.name), &note);
                        }
                    }
                }
            }
            "children" => {
                let _ = writeln!(w.o, "\nchildren:                         # {}; one entry each", f.doc);
                if let Ty::List(inner) = &f.ty {
                    if let Ty::Obj(obj) = inner.as_ref() {
                        if children == 0 {
                            let _ = writeln!(w.o, "  []                               # no children at the as-of date; an entry looks like this:");
                            w.example_entry(obj, "children", 1);
                        }
                        for i in 0..children {
                            let _ = writeln!(w.o, "  - ref: C-{:04}", i + 1);
                            w.fields(obj, "children", 2, "", true);
                        }
                    }
                }
            }
            _ => {
                let _ = writeln!(w.o);
                match &f.ty {
                    Ty::Obj(obj) => {
                        let _ = writeln!(
                            w.o,
                            "{}:{}# {}",
                            f.name,
                            " ".repeat(33usize.saturating_sub(f.name.len() + 1).max(1)),
                            f.doc
                        );
                        w.fields(obj, f.name, 1, "", false);
                    }
                    Ty::List(inner) => {
                        let note = w.note(f.name, f);
                        if f.name == "exceptions" {
                            w.line("", 0, "exceptions: []", &format!("{note}; none yet, or like this:"));
                        } else {
                            w.line(
                                "",
                                0,
                                &format!("{}: null", f.name),
                                &format!("{note}; one entry each, like this (remove the #):"),
                            );
                        }
                        if let Ty::Obj(io) = inner.as_ref() {
                            w.example_entry(io, f.name, 1);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    w.o
}

/// Run `init`.
pub fn run(args: &InitArgs) -> io::Result<ExitStatus> {
    if !KINDS.contains(&args.kind.as_str()) {
        let hint = did_you_mean(&args.kind, KINDS.iter().copied())
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        eprintln!(
            "carecheck: unknown kind `{}`{hint}; one of {}",
            args.kind,
            KINDS.join(", ")
        );
        return Ok(ExitStatus::Error);
    }
    let as_of = match super::parse_as_of(args.as_of.as_deref()) {
        Ok(Some(d)) => d.to_string(),
        Ok(None) => today(),
        Err(m) => {
            eprintln!("carecheck: {m}");
            return Ok(ExitStatus::Error);
        }
    };
    if args.format == "xlsx" {
        return write_workbook(args, &as_of);
    }
    let text = template(&args.kind, args.children, &as_of);
    match &args.output {
        Some(p) => {
            let mut f = match std::fs::OpenOptions::new().write(true).create_new(true).open(p) {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    eprintln!("carecheck: `{p}` exists; init never overwrites a file");
                    return Ok(ExitStatus::Error);
                }
                Err(e) => {
                    eprintln!("carecheck: cannot write `{p}`: {e}");
                    return Ok(ExitStatus::Error);
                }
            };
            f.write_all(text.as_bytes())?;
            eprintln!("carecheck: wrote {p}");
        }
        None => io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitStatus::Success)
}

/// `init --format xlsx`: the workbook template, to a file (a workbook is not for a terminal).
fn write_workbook(args: &InitArgs, as_of: &str) -> io::Result<ExitStatus> {
    let Some(p) = &args.output else {
        eprintln!("carecheck: a workbook needs a file to go to: add --output my-home.xlsx");
        return Ok(ExitStatus::Error);
    };
    let set = match carecheck_shipped::rules_set(&Vec::new()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("carecheck: the shipped standards cannot be read: {e:?}");
            return Ok(ExitStatus::Error);
        }
    };
    let t = carecheck_workbook::write::Template {
        kind: &args.kind,
        children: args.children,
        households: if args.kind == "fostering_service" {
            args.households
        } else {
            0
        },
        as_of,
    };
    let bytes = match carecheck_workbook::write::template(&t, &set) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("carecheck: {e}");
            return Ok(ExitStatus::Error);
        }
    };
    super::convert::write_new(p, &bytes)
}

/// Today's date, for the template's as_of only (rules never read the clock).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    carecheck_core::dates::Date((secs / 86_400) as i32).to_string()
}
