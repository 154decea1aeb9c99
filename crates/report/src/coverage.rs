//! `carecheck coverage`: the coverage map as a table, in human text, Markdown or JSON, grouped
//! by instrument, by kind of provider or by test.
//!
//! The map says, provision by provision, what carecheck does about each duty of the regime;
//! these renderers only lay it out. Counts come from [`carecheck_core::coverage::summary`],
//! so the table, the JSON and REFERENCE.md can never disagree about a number.

use std::fmt::Write as _;

use crate::markdown::md_cell;

use serde_json::{json, Value};

use carecheck_core::coverage::summary::{by_instrument, by_kind, by_test, Counts, TestRow};
use carecheck_core::coverage::{CoverageMap, Decision, Instrument, Provision};
use carecheck_core::schema::KINDS;
use carecheck_core::standards::StandardSet;

/// How the table is grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// One section per instrument, its provisions in the map's order.
    Instrument,
    /// One section per kind of provider, the provisions that bind it.
    Kind,
    /// One section per test, each standard and the provisions it is named for.
    Test,
}

impl GroupBy {
    /// From its word on the command line.
    pub fn parse(s: &str) -> Option<GroupBy> {
        Some(match s {
            "instrument" => GroupBy::Instrument,
            "kind" => GroupBy::Kind,
            "test" => GroupBy::Test,
            _ => return None,
        })
    }

    fn as_str(self) -> &'static str {
        match self {
            GroupBy::Instrument => "instrument",
            GroupBy::Kind => "kind",
            GroupBy::Test => "test",
        }
    }
}

/// What to show: the map (already narrowed by the filters), the set its standards come from,
/// and the filters, which the output repeats so a narrowed table is never read as the whole.
pub struct CoverageView<'a> {
    /// The map, filtered.
    pub map: &'a CoverageMap,
    /// The standards, for titles and for grouping by test.
    pub set: &'a StandardSet,
    /// The grouping.
    pub by: GroupBy,
    /// The kinds asked for (empty: every kind).
    pub kinds: &'a [String],
    /// The decisions asked for (empty: every decision).
    pub decisions: &'a [Decision],
}

/// The short name of a kind in tables (as REFERENCE.md writes it).
pub fn kind_abbrev(kind: &str) -> &str {
    match carecheck_core::kind::Kind::parse(kind) {
        Some(k) => k.short(),
        None => kind,
    }
}

fn binds_text(p: &Provision) -> String {
    if p.binds.is_empty() {
        "none".to_string()
    } else {
        p.binds.iter().map(|k| kind_abbrev(k)).collect::<Vec<_>>().join(" ")
    }
}

/// The decision in words a reader uses: "not checkable", "out of scope".
fn decision_words(d: Decision) -> &'static str {
    match d {
        Decision::Checked => "checked",
        Decision::Planned => "planned",
        Decision::NotCheckable => "not checkable",
        Decision::OutOfScope => "out of scope",
    }
}

/// "42 checked, 14 planned, 21 not checkable, 4 out of scope (81 provisions)".
pub fn counts_text(c: &Counts) -> String {
    let parts: Vec<String> = Decision::ALL
        .iter()
        .map(|d| format!("{} {}", c.get(*d), decision_words(*d)))
        .collect();
    format!(
        "{} ({} provision{})",
        parts.join(", "),
        c.total(),
        if c.total() == 1 { "" } else { "s" }
    )
}

fn counts_of<'a>(provisions: impl Iterator<Item = &'a Provision>) -> Counts {
    let mut c = Counts::default();
    for p in provisions {
        match p.decision {
            Decision::Checked => c.checked += 1,
            Decision::Planned => c.planned += 1,
            Decision::NotCheckable => c.not_checkable += 1,
            Decision::OutOfScope => c.out_of_scope += 1,
        }
    }
    c
}

/// The kinds a by-kind table shows: those asked for, else all four.
fn kinds_shown<'a>(v: &'a CoverageView<'_>) -> Vec<&'a str> {
    if v.kinds.is_empty() {
        KINDS.to_vec()
    } else {
        KINDS
            .iter()
            .copied()
            .filter(|k| v.kinds.iter().any(|x| x == k))
            .collect()
    }
}

/// Each test with its standards. Unfiltered, every standard is listed (one named in no entry
/// shows as such); filtered, only the standards named for a provision shown, and only the
/// tests that have one.
fn tests_shown(v: &CoverageView<'_>) -> Vec<TestRow> {
    let mut rows = by_test(v.map, v.set);
    if !v.kinds.is_empty() || !v.decisions.is_empty() {
        for t in &mut rows {
            t.standards.retain(|s| !s.provisions.is_empty());
        }
        rows.retain(|t| !t.standards.is_empty());
    }
    rows
}

fn filters_text(v: &CoverageView<'_>) -> Option<String> {
    let mut parts = Vec::new();
    if !v.kinds.is_empty() {
        parts.push(format!("binding {}", v.kinds.join(" or ")));
    }
    if !v.decisions.is_empty() {
        parts.push(format!(
            "decided {}",
            v.decisions
                .iter()
                .map(|d| decision_words(*d))
                .collect::<Vec<_>>()
                .join(" or ")
        ));
    }
    (!parts.is_empty()).then(|| format!("Only the provisions {}.", parts.join(" and ")))
}

/// The standards of an entry, or its reason when it names none.
fn what_text(p: &Provision) -> String {
    let read = if p.text == "read" {
        String::new()
    } else {
        format!(
            " [text {}]",
            if p.text == "secondary" {
                "seen only in a secondary source"
            } else {
                "not seen"
            }
        )
    };
    if p.standards.is_empty() {
        format!("{}{read}", p.title)
    } else {
        format!("{}: {}{read}", p.title, p.standards.join(", "))
    }
}

const LEGEND: &str = "Decisions: checked (a standard tests it), planned (a record could show it; no standard yet), not checkable (needs a judgement no record shows), out of scope (binds no provider, or no provider's record shows it). Kinds: CH children's home, SCH secure children's home, F fostering service, SA supported accommodation. [text ...] marks an entry written without reading the primary text.";

/// Lines of `text` wrapped to `width`, the first after `first` and the rest under `indent`
/// spaces.
fn wrapped(out: &mut String, first: &str, indent: usize, text: &str, width: usize) {
    let room = width.saturating_sub(indent).max(20);
    // ids such as LR-008 are never broken at their hyphen
    let lines = textwrap::wrap(
        text,
        textwrap::Options::new(room).word_splitter(textwrap::WordSplitter::NoHyphenation),
    );
    let mut it = lines.iter();
    let _ = writeln!(out, "{first}{}", it.next().map_or("", |l| l.as_ref()));
    for l in it {
        let _ = writeln!(out, "{}{l}", " ".repeat(indent));
    }
}

/// The table as plain text, `width` columns wide.
pub fn human(v: &CoverageView<'_>, width: usize) -> String {
    let mut o = String::new();
    let total = counts_of(v.map.instruments.iter().flat_map(|i| &i.provisions));
    wrapped(
        &mut o,
        "",
        0,
        &format!(
            "Coverage map, by {}: {} instrument{}, {}.",
            v.by.as_str(),
            v.map.instruments.len(),
            if v.map.instruments.len() == 1 { "" } else { "s" },
            counts_text(&total)
        ),
        width,
    );
    if let Some(f) = filters_text(v) {
        wrapped(&mut o, "", 0, &f, width);
    }
    match v.by {
        GroupBy::Instrument => {
            for (inst, row) in v.map.instruments.iter().zip(by_instrument(v.map)) {
                let _ = writeln!(o);
                wrapped(
                    &mut o,
                    "",
                    2,
                    &format!("{}  {} ({}, {})", inst.id, inst.title, inst.citation, inst.status),
                    width,
                );
                wrapped(&mut o, "  ", 2, &counts_text(&row.counts), width);
                if let Some(part) = &inst.partial {
                    wrapped(&mut o, "  ", 2, &format!("Partial map: {part}"), width);
                }
                provision_rows(&mut o, inst.provisions.iter().map(|p| (None, p)), width);
            }
        }
        GroupBy::Kind => {
            for kind in kinds_shown(v) {
                let rows: Vec<(Option<&str>, &Provision)> = v
                    .map
                    .instruments
                    .iter()
                    .flat_map(|i| i.provisions.iter().map(move |p| (Some(i.id.as_str()), p)))
                    .filter(|(_, p)| p.binds.iter().any(|b| b == kind))
                    .collect();
                let _ = writeln!(o);
                let _ = writeln!(o, "{kind} ({})", kind_abbrev(kind));
                wrapped(
                    &mut o,
                    "  ",
                    2,
                    &counts_text(&counts_of(rows.iter().map(|r| r.1))),
                    width,
                );
                provision_rows(&mut o, rows.into_iter(), width);
            }
        }
        GroupBy::Test => {
            for t in tests_shown(v) {
                let _ = writeln!(o);
                wrapped(&mut o, "", 2, &format!("{}: {}", t.test, t.question), width);
                for s in &t.standards {
                    wrapped(&mut o, "  ", 4, &format!("{} {}", s.id, s.title), width);
                    if s.provisions.is_empty() {
                        let _ = writeln!(o, "      (named in no entry of the map)");
                    }
                    for n in &s.provisions {
                        let _ = writeln!(
                            o,
                            "      {} {} ({})",
                            n.instrument,
                            n.provision,
                            decision_words(n.decision)
                        );
                    }
                }
            }
        }
    }
    let _ = writeln!(o);
    wrapped(&mut o, "", 0, LEGEND, width);
    o
}

fn provision_rows<'a>(o: &mut String, rows: impl Iterator<Item = (Option<&'a str>, &'a Provision)>, width: usize) {
    let rows: Vec<(String, &Provision)> = rows
        .map(|(inst, p)| {
            let name = match inst {
                Some(i) => format!("{i} {}", p.provision),
                None => p.provision.clone(),
            };
            (name, p)
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    let name_w = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0).min(32);
    let _ = writeln!(o);
    for (name, p) in &rows {
        let first = format!(
            "  {name:<name_w$}  {:<13}  {:<11}  ",
            decision_words(p.decision),
            binds_text(p)
        );
        let indent = 2 + name_w + 2 + 13 + 2 + 11 + 2;
        if first.chars().count() > indent {
            // a provision name longer than the column: the rest on the next line
            let _ = writeln!(o, "{}", first.trim_end());
            wrapped(o, &" ".repeat(indent), indent, &what_text(p), width);
        } else {
            wrapped(o, &first, indent, &what_text(p), width);
        }
    }
}

/// The table as Markdown (for a pull request, a wiki or REFERENCE.md's readers).
pub fn markdown(v: &CoverageView<'_>) -> String {
    let mut o = String::new();
    let total = counts_of(v.map.instruments.iter().flat_map(|i| &i.provisions));
    let _ = writeln!(o, "# Coverage map, by {}\n", v.by.as_str());
    let _ = writeln!(
        o,
        "{} instrument{}, {}.\n",
        v.map.instruments.len(),
        if v.map.instruments.len() == 1 { "" } else { "s" },
        counts_text(&total)
    );
    if let Some(f) = filters_text(v) {
        let _ = writeln!(o, "{f}\n");
    }
    let _ = writeln!(o, "{LEGEND}\n");
    let header = "| provision | title | binds | decision | standards | reason | text |\n|---|---|---|---|---|---|---|";
    let row = |o: &mut String, name: &str, p: &Provision| {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} | {} |",
            md_cell(name),
            md_cell(&p.title),
            binds_text(p),
            decision_words(p.decision),
            p.standards.join(", "),
            md_cell(p.reason.as_deref().unwrap_or("")),
            p.text
        );
    };
    match v.by {
        GroupBy::Instrument => {
            for (inst, r) in v.map.instruments.iter().zip(by_instrument(v.map)) {
                let _ = writeln!(o, "## {}: {}\n", inst.id, md_cell(&inst.title));
                let _ = writeln!(o, "{}, {}. {}.\n", inst.citation, inst.status, counts_text(&r.counts));
                if let Some(part) = &inst.partial {
                    let _ = writeln!(o, "Partial map: {}\n", md_cell(part));
                }
                let _ = writeln!(o, "{header}");
                for p in &inst.provisions {
                    row(&mut o, &p.provision, p);
                }
                let _ = writeln!(o);
            }
        }
        GroupBy::Kind => {
            for kind in kinds_shown(v) {
                let rows: Vec<(String, &Provision)> = v
                    .map
                    .instruments
                    .iter()
                    .flat_map(|i| {
                        i.provisions
                            .iter()
                            .map(move |p| (format!("{} {}", i.id, p.provision), p))
                    })
                    .filter(|(_, p)| p.binds.iter().any(|b| b == kind))
                    .collect();
                let _ = writeln!(o, "## {kind} ({})\n", kind_abbrev(kind));
                let _ = writeln!(o, "{}.\n", counts_text(&counts_of(rows.iter().map(|r| r.1))));
                if rows.is_empty() {
                    continue;
                }
                let _ = writeln!(o, "{header}");
                for (name, p) in rows {
                    row(&mut o, &name, p);
                }
                let _ = writeln!(o);
            }
        }
        GroupBy::Test => {
            for t in tests_shown(v) {
                let _ = writeln!(o, "## {}\n\n{}\n", t.test, md_cell(&t.question));
                let _ = writeln!(o, "| standard | title | provisions |\n|---|---|---|");
                for s in &t.standards {
                    let named: Vec<String> = s
                        .provisions
                        .iter()
                        .map(|n| format!("{} {} ({})", n.instrument, n.provision, decision_words(n.decision)))
                        .collect();
                    let _ = writeln!(
                        o,
                        "| {} | {} | {} |",
                        s.id,
                        md_cell(&s.title),
                        md_cell(&named.join("; "))
                    );
                }
                let _ = writeln!(o);
            }
        }
    }
    o
}

fn provision_json(inst: Option<&Instrument>, p: &Provision) -> Value {
    let mut v = json!({
        "provision": p.provision,
        "title": p.title,
        "duty": p.duty,
        "binds": p.binds,
        "decision": p.decision,
        "standards": p.standards,
        "reason": p.reason,
        "text": p.text,
        "exceptions": p.exceptions,
        "record": p.record,
    });
    if let (Some(i), Some(o)) = (inst, v.as_object_mut()) {
        o.insert("instrument".into(), json!(i.id));
    }
    v
}

/// The table as JSON: the grouping, the filters, the counts by instrument and by kind, and
/// the groups with every entry whole.
pub fn json(v: &CoverageView<'_>) -> Value {
    let groups: Vec<Value> = match v.by {
        GroupBy::Instrument => v
            .map
            .instruments
            .iter()
            .zip(by_instrument(v.map))
            .map(|(i, r)| {
                json!({
                    "instrument": i.id,
                    "title": i.title,
                    "citation": i.citation,
                    "status": i.status,
                    "url": i.url,
                    "partial": i.partial,
                    "counts": r.counts,
                    "provisions": i.provisions.iter().map(|p| provision_json(None, p)).collect::<Vec<_>>(),
                })
            })
            .collect(),
        GroupBy::Kind => kinds_shown(v)
            .into_iter()
            .map(|kind| {
                let rows: Vec<(&Instrument, &Provision)> = v
                    .map
                    .instruments
                    .iter()
                    .flat_map(|i| i.provisions.iter().map(move |p| (i, p)))
                    .filter(|(_, p)| p.binds.iter().any(|b| b == kind))
                    .collect();
                json!({
                    "kind": kind,
                    "counts": counts_of(rows.iter().map(|r| r.1)),
                    "provisions": rows.iter().map(|(i, p)| provision_json(Some(i), p)).collect::<Vec<_>>(),
                })
            })
            .collect(),
        GroupBy::Test => tests_shown(v)
            .into_iter()
            .map(|t| serde_json::to_value(t).unwrap_or(Value::Null))
            .collect(),
    };
    json!({
        "by": v.by.as_str(),
        "filters": {"kinds": v.kinds, "decisions": v.decisions},
        "counts": {
            "total": counts_of(v.map.instruments.iter().flat_map(|i| &i.provisions)),
            "by_instrument": by_instrument(v.map),
            "by_kind": by_kind(v.map),
        },
        "groups": groups,
    })
}
