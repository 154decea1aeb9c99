//! `carecheck init`: a commented self-assessment template for one kind of provider,
//! written from the schema. Blank fields are `null` (not reported), so the template loads
//! and checks cleanly, reporting `not_reported` rather than failures until it is filled in.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::ExitStatus;
use crate::cli::InitArgs;
use crate::node::did_you_mean;
use crate::schema::{self, Obj, Ty, KINDS};

/// The template text.
pub fn template(kind: &str, children: usize, as_of: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# yaml-language-server: $schema=carecheck-self-assessment-v1.schema.json"
    );
    let _ = writeln!(
        o,
        "# Provider self-assessment, format version 1, for a {}.",
        kind.replace('_', " ")
    );
    let _ = writeln!(
        o,
        "# Written by `carecheck init`. Fill in what you can: a blank (null) field is reported as"
    );
    let _ = writeln!(o, "# \"not reported\", never as a breach. `false` means \"not done\".");
    let _ = writeln!(
        o,
        "# Pseudonymous references only: no names, dates of birth, addresses, postcodes, school names"
    );
    let _ = writeln!(
        o,
        "# or NHS numbers. Dates are YYYY-MM-DD; timestamps 2026-02-03T19:40:00+00:00."
    );
    let _ = writeln!(o, "# Check it with: carecheck check THIS_FILE");
    let root = schema::root();
    for f in &root.fields {
        match f.name {
            "schema_version" => {
                let _ = writeln!(o, "\nschema_version: 1");
            }
            "assessment" => {
                let _ = writeln!(o, "\nassessment:                 # {}", f.doc);
                let _ = writeln!(o, "  as_of: {as_of}            # the date every rule is computed at");
                let _ = writeln!(o, "  period: {{start: null, end: null}}");
                let _ = writeln!(o, "  prepared_by_role: null     # a role, never a name");
            }
            "provider" => {
                let _ = writeln!(o, "\nprovider:                   # {}", f.doc);
                let _ = writeln!(o, "  name: null                 # the organisation, not a person");
                let _ = writeln!(o, "  registration: {{urn: null, status: null}}   # status: registered | suspended | application_accepted | none");
                let _ = writeln!(o, "  kind: {kind}");
                let _ = writeln!(
                    o,
                    "  sector: null               # local_authority | private | voluntary"
                );
            }
            "home" if kind == "fostering_service" => {}
            "foster_carer_households" if kind != "fostering_service" => {}
            "oversight" if kind == "fostering_service" || kind == "supported_accommodation" => {}
            "children" => {
                let _ = writeln!(o, "\nchildren:                   # {}", f.doc);
                if let Ty::List(inner) = &f.ty {
                    if let Ty::Obj(obj) = inner.as_ref() {
                        for i in 0..children.max(1) {
                            let _ = writeln!(o, "  - ref: C-{:04}", i + 1);
                            fields(&mut o, obj, 2, true, kind);
                        }
                    }
                }
            }
            "incidents" | "exceptions" => {
                let _ = writeln!(o, "\n{}:{}# {}", f.name, pad(f.name.len() + 1, 0), f.doc);
                if let Ty::Obj(obj) = &f.ty {
                    for g in &obj.fields {
                        let _ = writeln!(o, "  {}: []{}# {}", g.name, pad(g.name.len() + 4, 2), g.doc);
                    }
                } else {
                    let _ = writeln!(o, "  []");
                }
                if f.name == "exceptions" {
                    // exceptions is a list: rewrite as an empty list with the item shape
                    let cut = o.rfind("\nexceptions:").unwrap_or(o.len());
                    o.truncate(cut);
                    let _ = writeln!(o, "\nexceptions: []              # {}", f.doc);
                    let _ = writeln!(o, "# - {{standard: ID, child: C-0001, reason: \"...\", approved_by_role: head_of_service, approved_on: YYYY-MM-DD, expires_on: YYYY-MM-DD}}");
                }
            }
            _ => {
                let _ = writeln!(o, "\n{}:{}# {}", f.name, pad(f.name.len() + 1, 0), f.doc);
                match &f.ty {
                    Ty::Obj(obj) => fields(&mut o, obj, 1, false, kind),
                    Ty::List(_) => {
                        let cut = o.rfind(&format!("\n{}:", f.name)).unwrap_or(o.len());
                        o.truncate(cut);
                        let _ = writeln!(o, "\n{}: null{}# {}", f.name, pad(f.name.len() + 6, 0), f.doc);
                    }
                    _ => {}
                }
            }
        }
    }
    o
}

fn pad(used: usize, indent: usize) -> String {
    " ".repeat(28usize.saturating_sub(used + indent * 2).max(1))
}

fn fields(o: &mut String, obj: &Obj, depth: usize, first_is_ref: bool, kind: &str) {
    let ind = "  ".repeat(depth);
    for f in &obj.fields {
        if first_is_ref && f.name == "ref" {
            continue;
        }
        if f.name == "household" && kind != "fostering_service" {
            continue;
        }
        if f.name == "sa_category" && kind != "supported_accommodation" {
            continue;
        }
        let hint = match &f.ty {
            Ty::Enum(words) => format!("{}: {}", f.doc, words.join(" | ")),
            Ty::Date => format!("{} (YYYY-MM-DD)", f.doc),
            _ => f.doc.to_string(),
        };
        match &f.ty {
            Ty::Obj(inner) => {
                let _ = writeln!(o, "{ind}{}:{}# {}", f.name, pad(f.name.len() + 1, depth), f.doc);
                fields(o, inner, depth + 1, false, kind);
            }
            Ty::List(inner) => {
                let shape = match inner.as_ref() {
                    Ty::Obj(io) => format!(
                        " each: {{{}}}",
                        io.fields.iter().map(|x| x.name).collect::<Vec<_>>().join(", ")
                    ),
                    _ => String::new(),
                };
                let _ = writeln!(
                    o,
                    "{ind}{}: null{}# {}{shape}",
                    f.name,
                    pad(f.name.len() + 6, depth),
                    f.doc
                );
            }
            _ => {
                let _ = writeln!(o, "{ind}{}: null{}# {hint}", f.name, pad(f.name.len() + 6, depth));
            }
        }
    }
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

/// Today's date, for the template's as_of only (rules never read the clock).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    crate::dates::Date((secs / 86_400) as i32).to_string()
}
