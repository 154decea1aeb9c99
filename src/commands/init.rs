//! `carecheck init`: a commented self-assessment template for one kind of provider,
//! written from the schema and the standards. It holds only the fields the standards for
//! that kind read (plus what every file needs), in that kind's words, so a fostering agency
//! is never asked for restraint times (audit UX v3, finding 2). Blank fields are `null` (not
//! reported), so the template loads and checks cleanly, reporting `not_reported` rather than
//! failures until it is filled in.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::ExitStatus;
use crate::cli::InitArgs;
use carecheck_core::kind::Kind;
use carecheck_core::node::did_you_mean;
use carecheck_core::schema::{self, Field, Obj, Ty, KINDS};
use carecheck_core::standards::kind_fields::KindFields;
use carecheck_core::standards::StandardSet;

/// How many records of each top-level list to write, blank but for their refs.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    /// Children (C-01, ...); 0 writes `[]`, "no children".
    pub children: usize,
    /// Members of staff (S-01, ...); 0 writes a commented example entry instead.
    pub staff: usize,
    /// Foster households (H-01, ...), fostering services only; 0 writes an example entry.
    pub households: usize,
}

/// The column the comments of the template start at.
const NOTE_COLUMN: usize = 34;

/// A provider kind's own words for a text written with a children's home in mind: a
/// fostering service is "the agency" and its carers' homes are households
/// ([`Kind::noun`]).
fn in_kind_words(text: &str, kind: &str) -> String {
    match Kind::parse(kind).map(Kind::noun) {
        Some(noun) if noun != "home" => text
            .replace("The home", &format!("The {noun}"))
            .replace("the home", &format!("the {noun}")),
        _ => text.to_string(),
    }
}

/// The first sentence of a field's documentation: the template's comment stays on one
/// readable line; `carecheck schema --paths` and docs/format.md hold the rest.
fn first_sentence(doc: &str) -> &str {
    let doc = doc.trim_end_matches('.');
    let bytes = doc.as_bytes();
    for (i, _) in doc.match_indices(". ") {
        let next = bytes.get(i + 2).copied().unwrap_or(b'a');
        let before = &doc[..i];
        if next.is_ascii_uppercase() && !before.ends_with("e.g") && !before.ends_with("reg") {
            return before;
        }
    }
    doc
}

struct Writer<'a> {
    o: String,
    kind: &'a str,
    fields: KindFields,
    /// Schema path -> the ids of the standards for this kind that read it.
    readers: BTreeMap<String, Vec<String>>,
    counts: Counts,
    /// The next line written starts a list entry (`- `).
    dash: bool,
    /// Values written in instead of `null` (schema path -> value): the version, the
    /// as-of date, the kind.
    values: BTreeMap<&'static str, String>,
}

impl Writer<'_> {
    /// The comment of a field: what it records, its allowed words, whether a blank counts
    /// as not done once due, and which standards read it.
    fn note(&self, path: &str, f: &Field) -> String {
        let doc = in_kind_words(first_sentence(f.doc), self.kind);
        let mut n = match &f.ty {
            Ty::Enum(words) => format!("{doc}: {}", words.join(" | ")),
            Ty::List(inner) => match inner.as_ref() {
                Ty::Enum(words) => format!("{doc}: a list of {}, in brackets", words.join(" | ")),
                Ty::Date => format!("{doc}: a list of dates, [2026-01-15, 2026-05-10]; [] if none"),
                Ty::Obj(_) => doc,
                _ => format!("{doc}: a list in brackets, [a, b]; [] if none"),
            },
            Ty::Date => format!("{doc} (2026-05-14, or not_done)"),
            Ty::Timestamp => format!("{doc} (2026-07-04 21:30 UK time, or just the day)"),
            _ => doc,
        };
        if self.fields.due.contains(path) {
            n.push_str(" (due: blank counts as not done once late)");
        }
        if let Some(ids) = self.readers.get(path) {
            let shown: Vec<&str> = ids.iter().take(4).map(String::as_str).collect();
            let _ = write!(
                n,
                " [read by {}{}]",
                shown.join(", "),
                if ids.len() > 4 { ", ..." } else { "" }
            );
        }
        n
    }

    /// One line: the key (and value) indented to `depth`, commented out in an example
    /// entry, then its note from [`NOTE_COLUMN`].
    fn line(&mut self, comment: bool, depth: usize, text: &str, note: &str) {
        let mut body = String::from(if comment { "# " } else { "" });
        if self.dash && depth > 0 {
            body.push_str(&"  ".repeat(depth - 1));
            body.push_str("- ");
            self.dash = false;
        } else {
            body.push_str(&"  ".repeat(depth));
        }
        body.push_str(text);
        if note.is_empty() {
            let _ = writeln!(self.o, "{body}");
            return;
        }
        let pad = NOTE_COLUMN.saturating_sub(body.chars().count()).max(1);
        let _ = writeln!(self.o, "{body}{}# {note}", " ".repeat(pad));
    }

    fn keeps(&self, path: &str) -> bool {
        self.fields.keeps(path)
    }

    /// The kept fields of a mapping: scalars as `null`, mappings nested, lists of values
    /// as `null`, lists of records blank with a commented example entry below.
    fn mapping(&mut self, obj: &Obj, path: &str, depth: usize, comment: bool, ref_value: Option<&str>) {
        for f in &obj.fields {
            let p = if path.is_empty() {
                f.name.to_string()
            } else {
                format!("{path}.{}", f.name)
            };
            if !self.keeps(&p) {
                continue;
            }
            if depth == 0 {
                let _ = writeln!(self.o);
            }
            let note = self.note(&p, f);
            match &f.ty {
                Ty::Obj(inner) => {
                    self.line(comment, depth, &format!("{}:", f.name), &note);
                    self.mapping(inner, &p, depth + 1, comment, None);
                }
                Ty::List(inner) => match inner.as_ref() {
                    Ty::Obj(io) => self.record_list(io, &p, f.name, depth, comment, &note),
                    _ => self.line(comment, depth, &format!("{}: null", f.name), &note),
                },
                Ty::Str if f.name == "ref" => {
                    let v = ref_value.unwrap_or("null");
                    self.line(comment, depth, &format!("ref: {v}"), &note);
                }
                _ => {
                    let v = self.values.get(p.as_str()).cloned().unwrap_or_else(|| "null".into());
                    self.line(comment, depth, &format!("{}: {v}", f.name), &note);
                }
            }
        }
    }

    /// A list of records: the blank records asked for, or (none asked for) a blank value
    /// with one commented example entry to copy. Never `[]`, which says there are none.
    fn record_list(&mut self, item: &Obj, path: &str, name: &str, depth: usize, comment: bool, note: &str) {
        let wanted = if comment {
            0
        } else {
            match path {
                "children" => self.counts.children,
                "workforce.staff" => self.counts.staff,
                "foster_carer_households" => self.counts.households,
                _ => 0,
            }
        };
        if wanted > 0 {
            self.line(comment, depth, &format!("{name}:"), &format!("{note}; one entry each"));
            for n in 1..=wanted {
                self.dash = true;
                let r = carecheck_core::schema::numbered_ref(path, n);
                self.mapping(item, path, depth + 1, comment, Some(&r));
            }
            return;
        }
        if path == "children" && !comment {
            self.line(
                false,
                depth,
                "children: []",
                "no children at the as-of date; an entry looks like this:",
            );
        } else {
            self.line(
                comment,
                depth,
                &format!("{name}:"),
                &format!("{note}; blank: not recorded; one entry each, like this (remove the # from its lines):"),
            );
        }
        self.dash = true;
        let example_ref = (item.index("ref").is_some()).then(|| carecheck_core::schema::numbered_ref(path, 1));
        self.mapping(item, path, depth + 1, true, example_ref.as_deref());
        self.dash = false;
    }
}

/// Which standards of the set that apply to `kind` read each field (schema path -> ids),
/// so that the template can say why a field matters to this kind.
fn readers_for(kind: &str, set: &StandardSet) -> BTreeMap<String, Vec<String>> {
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in set
        .standards
        .iter()
        .filter(|s| s.kinds.is_empty() || s.kinds.contains(&kind))
    {
        for r in &s.reads {
            m.entry(r.clone()).or_default().push(s.id.clone());
        }
    }
    m
}

/// The record a due date belongs to, in words, and its path inside that record:
/// `children.plans.placement_plan.date` -> ("each child", "plans.placement_plan.date").
fn due_in_words(path: &str) -> (&'static str, &str) {
    for (list, whose) in [
        ("children.", "each child"),
        ("workforce.staff.", "each member of staff"),
        ("foster_carer_households.", "each household"),
        ("incidents.", "each incident"),
    ] {
        if let Some(rest) = path.strip_prefix(list) {
            return (whose, rest);
        }
    }
    ("the file", path)
}

/// The header: what the file is, how blanks are read, which blanks become "not done".
fn header(o: &mut String, kind: &str, due: &[String]) {
    let what = schema::kind_in_words(kind);
    let lines = [
        "# yaml-language-server: $schema=carecheck-self-assessment-v1.schema.json".to_string(),
        "# (for an editor that checks as you type, make that file once: carecheck schema > carecheck-self-assessment-v1.schema.json)".to_string(),
        format!("# Self-assessment of a {what}, format version 1, written by `carecheck init`."),
        format!("# It asks only for what the standards for a {what} read."),
        "#".to_string(),
        "# Fill in what you can. How a blank (null, or nothing after the colon) is read:".to_string(),
        "# - a blank is \"not reported\": it goes on the list of things to record, not a breach;".to_string(),
        "# - except the dates marked (due): each is a follow-up of something you recorded (a".to_string(),
        "#   placement, a move, a person starting work). Once its deadline has passed, a blank".to_string(),
        "#   there counts as \"not done\": if it was done, write its date. They are:".to_string(),
    ];
    for l in lines {
        let _ = writeln!(o, "{l}");
    }
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for d in due {
        let (whose, field) = due_in_words(d);
        groups.entry(whose).or_default().push(field);
    }
    for (whose, fields) in groups {
        let mut line = format!("#   For {whose}:");
        for (i, d) in fields.iter().enumerate() {
            let item = format!(" {d}{}", if i + 1 == fields.len() { "." } else { "," });
            if line.chars().count() + item.chars().count() > 96 {
                let _ = writeln!(o, "{line}");
                line = String::from("#    ");
            }
            line.push_str(&item);
        }
        let _ = writeln!(o, "{line}");
    }
    for l in [
        "# - write not_done for a date when the thing never happened, and false when it is not so;",
        "# - a list is written in brackets, [2026-01-15, 2026-05-10]; [] means there are none.",
        "# Lists of records (staff, households, moves) have an example entry below them: remove the",
        "# # from its lines, fill it in, and copy it for each one.",
        "# Refer to people by reference only (C-01, S-01, H-01): no names, dates of birth, addresses,",
        "# postcodes, school names or NHS numbers. Dates are written 2026-05-14; times 2026-07-04 21:30",
        "# (UK time, summer time included), or just the day when that is all you know.",
        "# [read by ...] names the standards that use a field.",
        "# Check it with: carecheck check THIS_FILE",
    ] {
        let _ = writeln!(o, "{l}");
    }
}

/// The template text for `kind`, with the standards of `set` deciding which fields it holds.
pub fn template(kind: &str, counts: Counts, as_of: &str, set: &StandardSet) -> String {
    let fields = KindFields::new(kind, set);
    let mut due: Vec<String> = fields.due.iter().filter(|p| fields.keeps(p)).cloned().collect();
    due.sort();
    let mut values = BTreeMap::new();
    values.insert("schema_version", "1".to_string());
    values.insert("assessment.as_of", as_of.to_string());
    values.insert("provider.kind", kind.to_string());
    let mut w = Writer {
        o: String::new(),
        kind,
        fields,
        readers: readers_for(kind, set),
        counts,
        dash: false,
        values,
    };
    header(&mut w.o, kind, &due);
    w.mapping(schema::root(), "", 0, false, None);
    w.o
}

/// Run `init`.
pub fn run(args: &InitArgs) -> io::Result<ExitStatus> {
    if !KINDS.contains(&args.kind.as_str()) {
        let hint = carecheck_core::node::did_you_mean_words(did_you_mean(&args.kind, KINDS.iter().copied()));
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
    let set = match carecheck_shipped::rules_set(&Vec::new()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("carecheck: the shipped standards cannot be read: {e:?}");
            return Ok(ExitStatus::Error);
        }
    };
    if args.format == "xlsx" {
        return write_workbook(args, &as_of, &set);
    }
    let fostering = Kind::parse(&args.kind) == Some(Kind::Fostering);
    let counts = Counts {
        children: args.children,
        staff: args.staff,
        households: if fostering { args.households } else { 0 },
    };
    let text = template(&args.kind, counts, &as_of, &set);
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
fn write_workbook(args: &InitArgs, as_of: &str, set: &StandardSet) -> io::Result<ExitStatus> {
    let Some(p) = &args.output else {
        eprintln!("carecheck: a workbook needs a file to go to: add --output my-home.xlsx");
        return Ok(ExitStatus::Error);
    };
    let t = carecheck_workbook::write::Template {
        kind: &args.kind,
        children: args.children,
        households: if Kind::parse(&args.kind) == Some(Kind::Fostering) {
            args.households
        } else {
            0
        },
        as_of,
    };
    let bytes = match carecheck_workbook::write::template(&t, set) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("carecheck: {e}");
            return Ok(ExitStatus::Error);
        }
    };
    super::convert::write_new(p, &bytes)
}

/// Today's date, for the template's as_of only (rules never read the clock).
/// Today's date in England, for the template's `as_of`: a manager near midnight in summer
/// must not be given yesterday's date (the UTC day).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    day_at(secs)
}

/// The England day at `secs` since the epoch, as the template writes it.
fn day_at(secs: u64) -> String {
    carecheck_core::dates::england_date(i64::try_from(secs).unwrap_or(0)).to_string()
}

#[cfg(test)]
mod tests {
    use super::day_at;

    #[test]
    fn the_template_is_dated_by_englands_day() {
        // 00:30 BST on 1 July 2026 (the audit's clock), still 30 June in UTC
        assert_eq!(day_at(1_782_862_200), "2026-07-01");
        // 23:30 GMT on 15 January: the same day in UTC and in England
        assert_eq!(day_at(1_768_519_800), "2026-01-15");
    }
}
