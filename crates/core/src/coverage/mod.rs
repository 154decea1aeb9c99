//! The coverage map: for each instrument a provider answers to, every provision, the duty it
//! sets, the kinds of provider it binds, and what carecheck does about it (`checked` by named
//! standards, `planned`, `not_checkable`, `out_of_scope`), as data under
//! `standards/coverage/<instrument>.toml`.
//!
//! The map is what lets a clean report be read against the whole regime instead of against
//! whatever an audit happened to point at: every provision is classified, so a duty nobody
//! checks is a visible `planned` or `not_checkable` line, not a silence. Files are decoded by
//! hand from the spanned TOML tree, as the standards are, so that every mistake is reported
//! with its line and column in one run. [`lint`] holds the rules that tie the map to the
//! standards; [`summary`] the counts `carecheck coverage` and REFERENCE.md print.

pub mod lint;
pub mod refs;
pub mod summary;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::node::{Node, NodeKind, Problem};
use crate::schema::KINDS;
use crate::source::{SourceFile, Span};
use crate::standards::decode::{one_of, str_list, MapReader};
use crate::standards::{FileProblems, SetFile};
use refs::ProvisionRef;

/// The folder of a set that holds the map, one file per instrument.
pub const FOLDER: &str = "coverage/";

/// What carecheck does about a provision, in the order tables show them.
pub const DECISIONS: &[&str] = &["checked", "planned", "not_checkable", "out_of_scope"];

/// How much of a provision's text its entry was written from, as the standards' `confidence`
/// says it: `read` (the primary text), `secondary` (only a summary, a guide or a procedure
/// manual), `not_seen` (only its title, or nothing).
pub const TEXT_LABELS: &[&str] = &["read", "secondary", "not_seen"];

/// The legal status of an instrument. `review` is the Independent Review of Children's Social
/// Care and `prospective` an Act not yet in force: neither is law, and neither may be called
/// law.
pub const INSTRUMENT_STATUSES: &[&str] = &["law", "nms", "statutory_guidance", "review", "prospective"];

const INSTRUMENT_KEYS: &[&str] = &["id", "title", "citation", "status", "url", "aliases", "partial", "last"];
const GAP_KEYS: &[&str] = &["provision", "reason"];
const PROVISION_KEYS: &[&str] = &[
    "provision",
    "title",
    "duty",
    "binds",
    "decision",
    "standards",
    "reason",
    "text",
    "exceptions",
    "record",
];

/// One decision about a provision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Standards test it (named in `standards`).
    Checked,
    /// A record could show it, but no standard tests it yet.
    Planned,
    /// It needs a judgement no record can show.
    NotCheckable,
    /// It binds no provider, or no provider's record shows it.
    OutOfScope,
}

impl Decision {
    /// The word in the map.
    pub fn as_str(self) -> &'static str {
        DECISIONS[self as usize]
    }

    /// From its word in the map (`checked`, `planned`, `not_checkable`, `out_of_scope`).
    pub fn from_word(w: &str) -> Option<Decision> {
        Some(match w {
            "checked" => Decision::Checked,
            "planned" => Decision::Planned,
            "not_checkable" => Decision::NotCheckable,
            "out_of_scope" => Decision::OutOfScope,
            _ => return None,
        })
    }

    /// Every decision, in table order.
    pub const ALL: [Decision; 4] = [
        Decision::Checked,
        Decision::Planned,
        Decision::NotCheckable,
        Decision::OutOfScope,
    ];
}

/// One provision of an instrument.
#[derive(Debug, Clone, Serialize)]
pub struct Provision {
    /// As the map writes it: "reg 40(1)", "Sch 2 para 1(4)", "standard 21", "s.22C".
    pub provision: String,
    /// Its heading.
    pub title: String,
    /// The duty, paraphrased in a line.
    pub duty: String,
    /// The provider kinds it binds (none for one that binds no provider).
    pub binds: Vec<String>,
    /// What carecheck does about it.
    pub decision: Decision,
    /// The standards that test it (with `checked`), or that test part of it or cite it.
    pub standards: Vec<String>,
    /// Why the decision (required unless `checked`); what a `checked` entry leaves out.
    pub reason: Option<String>,
    /// `read`, `secondary` or `not_seen`.
    pub text: String,
    /// The exceptions, deferrals and alternative routes the provision writes into itself.
    pub exceptions: Vec<String>,
    /// What a provider's record would have to show to check it.
    pub record: Option<String>,
    /// The references its `provision` text names (what citations are matched against).
    #[serde(skip)]
    pub refs: Vec<ProvisionRef>,
    /// Where its table stands in the file.
    #[serde(skip)]
    pub span: Span,
    /// Where each of `standards` is written, in the same order.
    #[serde(skip)]
    pub standard_spans: Vec<Span>,
    /// Where `decision` is written.
    #[serde(skip)]
    pub decision_span: Span,
}

/// A number an instrument's sequence skips on purpose, with the reason (revoked, never made,
/// numbered in another instrument): what the `map-gap` rule accepts in place of an entry, so
/// that a silence in the map is always either a mistake the lint finds or a stated fact.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    /// As the map writes it: "reg 22", "Sch 5", "reg 40(2)".
    pub provision: String,
    /// Why the map lists no entry for it.
    pub reason: String,
    /// The references its `provision` names.
    #[serde(skip)]
    pub refs: Vec<ProvisionRef>,
    /// Where its table stands in the file.
    #[serde(skip)]
    pub span: Span,
}

/// One instrument's map.
#[derive(Debug, Clone, Serialize)]
pub struct Instrument {
    /// Short id: "CHR2015".
    pub id: String,
    /// Full title.
    pub title: String,
    /// Its official citation: "SI 2015/541".
    pub citation: String,
    /// law | nms | statutory_guidance | review | prospective.
    pub status: String,
    /// Where to read it.
    pub url: Option<String>,
    /// The names by which standards' citations name it (matched case-insensitively, whole
    /// words, longest first).
    pub aliases: Vec<String>,
    /// Set when the map lists only some of the instrument's provisions (those the standards
    /// rest on), saying which: such a map places standards in the regime but does not
    /// classify the whole instrument, and tables say so.
    pub partial: Option<String>,
    /// The last number of each of its sequences ("reg 49", "Sch 4", "standard 31"), as the
    /// instrument's own contents give them: without it the `map-gap` rule could not see a
    /// map that stops short of the end.
    pub last: Vec<String>,
    /// The numbers its map skips on purpose, each with its reason.
    pub gaps: Vec<Gap>,
    /// Its provisions, in the file's order.
    pub provisions: Vec<Provision>,
    /// The file, relative to the set's folder.
    pub file: String,
    /// The file's text, for problems found later (by [`lint`]).
    #[serde(skip)]
    pub source: SourceFile,
    /// `last` read as references, each with where it is written.
    #[serde(skip)]
    pub last_refs: Vec<(ProvisionRef, Span)>,
    /// Where the `[instrument]` table is written.
    #[serde(skip)]
    pub span: Span,
}

/// Every instrument's map, in file order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CoverageMap {
    /// The instruments.
    pub instruments: Vec<Instrument>,
}

impl CoverageMap {
    /// Every (lower-case alias, instrument index), for [`refs::scan`]. An instrument's id
    /// and title are aliases too.
    pub fn aliases(&self) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for (i, inst) in self.instruments.iter().enumerate() {
            for a in std::iter::once(&inst.id)
                .chain(std::iter::once(&inst.title))
                .chain(&inst.aliases)
            {
                let a = a.trim().to_ascii_lowercase();
                if !a.is_empty() && !out.iter().any(|(x, _): &(String, usize)| *x == a) {
                    out.push((a, i));
                }
            }
        }
        out
    }

    /// The ids of every standard the map names, with how many provisions name each.
    pub fn standards_named(&self) -> BTreeMap<&str, usize> {
        let mut out = BTreeMap::new();
        for p in self.instruments.iter().flat_map(|i| &i.provisions) {
            for s in &p.standards {
                *out.entry(s.as_str()).or_insert(0) += 1;
            }
        }
        out
    }

    /// True when the set has no map at all.
    pub fn is_empty(&self) -> bool {
        self.instruments.is_empty()
    }
}

/// Whether a file of a set's folder is part of the coverage map.
pub fn is_coverage_file(path: &str) -> bool {
    path.starts_with(FOLDER)
}

/// Load the map from a set's files (those under `coverage/`; the rest are ignored). `origin`
/// prefixes file names in messages. What loads is returned with every problem: a map with
/// problems is still shown, and linted as far as it goes.
pub fn load(files: &[SetFile], origin: &str) -> (CoverageMap, Vec<FileProblems>) {
    let mut map = CoverageMap::default();
    let mut all = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for f in files.iter().filter(|f| is_coverage_file(&f.path)) {
        let name = if origin.is_empty() {
            f.path.clone()
        } else {
            format!("{}/{}", origin.trim_end_matches('/'), f.path)
        };
        let source = SourceFile::new(name, f.text.as_str());
        let mut problems = Vec::new();
        match f.tree() {
            Ok(node) => {
                if let Some(inst) = decode_file(&node, &f.path, &source, &mut problems) {
                    match ids.get(&inst.id) {
                        Some(other) => {
                            let at = node
                                .get("instrument")
                                .and_then(|i| i.get("id"))
                                .map_or(Span::new(0, 0), |n| n.span);
                            problems.push(
                                Problem::new(format!("duplicate instrument id `{}` (also in {other})", inst.id), at)
                                    .label("used again here")
                                    .help("each instrument has one map file; merge the two"),
                            );
                        }
                        None => {
                            ids.insert(inst.id.clone(), f.path.clone());
                            map.instruments.push(inst);
                        }
                    }
                }
            }
            Err(p) => problems.extend(p),
        }
        if !problems.is_empty() {
            all.push(FileProblems { source, problems });
        }
    }
    (map, all)
}

fn decode_file(node: &Node, path: &str, source: &SourceFile, problems: &mut Vec<Problem>) -> Option<Instrument> {
    let mut top = MapReader::new(node, "coverage map", problems)?;
    let inst_node = top.take("instrument");
    let prov_node = top.take("provision");
    let gap_node = top.take("gap");
    top.finish(&["instrument", "provision", "gap"], problems);
    let Some(inst_node) = inst_node else {
        problems.push(
            Problem::new(format!("`{path}` has no [instrument] table"), Span::new(0, 0))
                .help("a coverage map file starts with [instrument] (id, title, citation, status, url, aliases), then one [[provision]] table per provision; docs/coverage.md shows one"),
        );
        return None;
    };
    let mut m = MapReader::new(inst_node, "instrument", problems)?;
    let id = m.req_str("id", problems).map(|x| x.0);
    let title = m.req_str("title", problems).map(|x| x.0).unwrap_or_default();
    let citation = m.req_str("citation", problems).map(|x| x.0).unwrap_or_default();
    let status = m
        .req_word("status", INSTRUMENT_STATUSES, problems)
        .map(|x| x.0)
        .unwrap_or_default();
    let url = m.opt_str("url", problems).map(|x| x.0);
    let partial = m.opt_str("partial", problems).map(|x| x.0);
    let aliases = m
        .take("aliases")
        .map(|n| {
            str_list(n, "instrument.aliases", problems)
                .into_iter()
                .map(|x| x.0)
                .collect()
        })
        .unwrap_or_default();
    let last_node = m.take("last");
    let mut last = Vec::new();
    let mut last_refs = Vec::new();
    if let Some(n) = last_node {
        for (text, at) in str_list(n, "instrument.last", problems) {
            let r = refs::refs(&text);
            match r.as_slice() {
                [one] if one.path.len() == 1 && !one.onward && one.path[0].parse::<u32>().is_ok() => {
                    last_refs.push((one.clone(), at));
                    last.push(text);
                }
                _ => problems.push(
                    Problem::new(format!("instrument.last: `{text}` is not one numbered provision"), at)
                        .label("expected \"reg 49\", \"Sch 4\" or \"standard 31\"")
                        .help("name the last regulation, schedule or standard of the instrument, one to a string, as its contents list them"),
                ),
            }
        }
    }
    m.finish_in(INSTRUMENT_KEYS, PROVISION_KEYS, problems);
    let mut provisions = Vec::new();
    match prov_node.map(|n| &n.kind) {
        Some(NodeKind::Seq(items)) => {
            for (i, it) in items.iter().enumerate() {
                if let Some(p) = decode_provision(it, i, &status, problems) {
                    provisions.push(p);
                }
            }
        }
        Some(_) => {
            if let Some(n) = prov_node {
                problems.push(Problem::new("provision: expected [[provision]] tables", n.span));
            }
        }
        None => problems.push(
            Problem::new(format!("`{path}` lists no provision"), inst_node.span)
                .help("add one [[provision]] table per provision of the instrument"),
        ),
    }
    let mut gaps = Vec::new();
    match gap_node.map(|n| &n.kind) {
        Some(NodeKind::Seq(items)) => {
            for (i, it) in items.iter().enumerate() {
                if let Some(g) = decode_gap(it, i, problems) {
                    gaps.push(g);
                }
            }
        }
        Some(_) => {
            if let Some(n) = gap_node {
                problems.push(Problem::new("gap: expected [[gap]] tables", n.span));
            }
        }
        None => {}
    }
    // one entry per provision text
    for (i, p) in provisions.iter().enumerate() {
        if let Some(first) = provisions[..i].iter().find(|q| q.provision == p.provision) {
            problems.push(
                Problem::new(format!("provision `{}` is listed twice", p.provision), p.span)
                    .label("listed again here")
                    .related(first.span, "first listed here")
                    .help("merge the two entries, or name the paragraphs each one covers"),
            );
        }
    }
    Some(Instrument {
        id: id?,
        title,
        citation,
        status,
        url,
        aliases,
        partial,
        last,
        gaps,
        provisions,
        file: path.to_string(),
        source: source.clone(),
        last_refs,
        span: inst_node.span,
    })
}

fn decode_gap(node: &Node, i: usize, problems: &mut Vec<Problem>) -> Option<Gap> {
    let what = format!("gap[{i}]");
    let mut m = MapReader::new(node, &what, problems)?;
    let provision = m.req_str("provision", problems);
    let reason = m.req_str("reason", problems);
    m.finish(GAP_KEYS, problems);
    let (provision, pspan) = provision?;
    let (reason, rspan) = reason?;
    let refs = refs::refs(&provision);
    if refs.is_empty() {
        problems.push(
            Problem::new(
                format!("{what}.provision: `{provision}` names no provision carecheck can read"),
                pspan,
            )
            .label("no reg, Sch, para or standard number")
            .help("write it as citations do: \"reg 22\", \"regs 22-23\", \"Sch 5\""),
        );
    }
    if reason.trim().is_empty() {
        problems.push(
            Problem::new(format!("{what}: a gap needs a `reason`"), rspan)
                .label("why is it not listed?")
                .help("say why the map lists no entry: revoked (by what), never made, or numbered elsewhere"),
        );
    }
    Some(Gap {
        provision,
        reason,
        refs,
        span: node.span,
    })
}

fn decode_provision(node: &Node, i: usize, status: &str, problems: &mut Vec<Problem>) -> Option<Provision> {
    let what = format!("provision[{i}]");
    let mut m = MapReader::new(node, &what, problems)?;
    let span = node.span;
    let provision = m.req_str("provision", problems);
    let title = m.req_str("title", problems).map(|x| x.0).unwrap_or_default();
    let duty = m.req_str("duty", problems).map(|x| x.0).unwrap_or_default();
    let binds: Vec<String> = match m.take("binds") {
        Some(n) => str_list(n, &format!("{what}.binds"), problems)
            .into_iter()
            .filter(|(k, s)| one_of(k, *s, KINDS, &format!("{what}.binds"), problems))
            .map(|x| x.0)
            .collect(),
        None => {
            problems.push(
                Problem::new(format!("{what}: `binds` is missing"), span)
                    .label("this table needs `binds`")
                    .help(format!(
                        "the kinds of provider the provision binds, of {}; `[]` for one that binds no provider",
                        KINDS.join(", ")
                    )),
            );
            Vec::new()
        }
    };
    let decision = m.req_word("decision", DECISIONS, problems);
    let standards: Vec<(String, Span)> = m
        .take("standards")
        .map(|n| str_list(n, &format!("{what}.standards"), problems))
        .unwrap_or_default();
    let reason = m.opt_str("reason", problems).map(|x| x.0);
    let text = m
        .req_word("text", TEXT_LABELS, problems)
        .map(|x| x.0)
        .unwrap_or_default();
    let exceptions = m
        .take("exceptions")
        .map(|n| {
            str_list(n, &format!("{what}.exceptions"), problems)
                .into_iter()
                .map(|x| x.0)
                .collect()
        })
        .unwrap_or_default();
    let record = m.opt_str("record", problems).map(|x| x.0);
    m.finish(PROVISION_KEYS, problems);

    let (provision, pspan) = provision?;
    let (word, decision_span) = decision?;
    let decision = Decision::from_word(&word)?;
    let refs = refs::refs(&provision);
    // a law's or a minimum standard's provision is a numbered one, so a citation can be found
    // under it; guidance and a report may be mapped by heading
    if refs.is_empty() && matches!(status, "law" | "nms") {
        problems.push(
            Problem::new(format!("{what}.provision: `{provision}` names no provision carecheck can read"), pspan)
                .label("no reg, Sch, para, s. or standard number")
                .help("write it as citations do: \"reg 40(1)\", \"regs 11-12\", \"Sch 2 para 1(4)\", \"s.22C\", \"standard 21\" (docs/coverage.md)"),
        );
    }
    if decision == Decision::Checked && standards.is_empty() {
        problems.push(
            Problem::new(format!("{what}: `checked` names no standard"), decision_span)
                .label("checked by what?")
                .help("list the standards that test this provision in `standards = [...]`, or choose another decision"),
        );
    }
    if decision != Decision::Checked && reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        problems.push(
            Problem::new(format!("{what}: `{word}` needs a `reason`"), decision_span)
                .label("why?")
                .help(match decision {
                    Decision::Planned => "say what record would show it and why no standard does yet",
                    Decision::NotCheckable => "say what judgement it needs that no record can show",
                    _ => "say why no provider's record shows it (whose duty it is, or that it defines or revokes)",
                }),
        );
    }
    if binds.is_empty() && decision != Decision::OutOfScope {
        problems.push(
            Problem::new(
                format!("{what}: `{word}` for a provision that binds no provider"),
                decision_span,
            )
            .label("binds = []")
            .help("name the kinds of provider it binds in `binds`, or make it `out_of_scope` with the reason"),
        );
    }
    let (standards, standard_spans) = standards.into_iter().unzip();
    Some(Provision {
        provision,
        title,
        duty,
        binds,
        decision,
        standards,
        reason,
        text,
        exceptions,
        record,
        refs,
        span,
        standard_spans,
        decision_span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_one(text: &str) -> (CoverageMap, Vec<String>) {
        let (map, problems) = load(&[SetFile::new("coverage/x.toml", text)], "");
        let messages = problems
            .into_iter()
            .flat_map(|f| f.problems)
            .map(|p| p.message)
            .collect();
        (map, messages)
    }

    const HEAD: &str = "[instrument]\nid = \"X2015\"\ntitle = \"X Regulations 2015\"\ncitation = \"SI 2015/1\"\nstatus = \"law\"\naliases = [\"XR\"]\n\n";

    #[test]
    fn the_shipped_map_loads_without_a_problem() {
        let files = crate::standards::test_support::repository_files();
        let (map, problems) = load(&files, "standards");
        let messages: Vec<String> = problems
            .iter()
            .flat_map(|f| {
                f.problems
                    .iter()
                    .map(move |p| format!("{}: {}", f.source.name, p.message))
            })
            .collect();
        assert!(messages.is_empty(), "{messages:#?}");
        assert!(map.instruments.len() >= 6);
        assert!(map.instruments.iter().any(|i| i.id == "CHR2015"));
    }

    #[test]
    fn a_sound_entry_loads() {
        let (map, problems) = load_one(&format!(
            "{HEAD}[[provision]]\nprovision = \"reg 40(1)\"\ntitle = \"t\"\nduty = \"d\"\nbinds = [\"childrens_home\"]\ndecision = \"checked\"\nstandards = [\"LR-008\"]\ntext = \"read\"\n"
        ));
        assert!(problems.is_empty(), "{problems:?}");
        let p = &map.instruments[0].provisions[0];
        assert_eq!(p.decision, Decision::Checked);
        assert_eq!(p.refs.len(), 1);
        assert_eq!(p.standards, ["LR-008"]);
    }

    #[test]
    fn each_mistake_is_reported_where_it_is() {
        let text = format!(
            "{HEAD}[[provision]]\nprovision = \"reg 1\"\ntitle = \"t\"\nduty = \"d\"\nbinds = [\"childrens_hom\"]\ndecision = \"chekced\"\ntext = \"read\"\n\n\
             [[provision]]\nprovision = \"reg 2\"\ntitle = \"t\"\nduty = \"d\"\nbinds = [\"childrens_home\"]\ndecision = \"checked\"\ntext = \"read\"\n\n\
             [[provision]]\nprovision = \"reg 3\"\ntitle = \"t\"\nduty = \"d\"\nbinds = [\"childrens_home\"]\ndecision = \"planned\"\ntext = \"seen\"\n\n\
             [[provision]]\nprovision = \"the whole thing\"\ntitle = \"t\"\nduty = \"d\"\nbinds = []\ndecision = \"not_checkable\"\nreason = \"r\"\ntext = \"read\"\nstandrds = []\n"
        );
        let (_, problems) = load_one(&text);
        let has = |s: &str| problems.iter().any(|p| p.contains(s));
        assert!(has("`childrens_hom` is not one of"), "{problems:#?}");
        assert!(has("`chekced` is not one of"), "{problems:#?}");
        assert!(has("`checked` names no standard"), "{problems:#?}");
        assert!(has("`planned` needs a `reason`"), "{problems:#?}");
        assert!(has("`seen` is not one of"), "{problems:#?}");
        assert!(has("names no provision carecheck can read"), "{problems:#?}");
        assert!(has("for a provision that binds no provider"), "{problems:#?}");
        assert!(has("unknown key `standrds`"), "{problems:#?}");
    }

    #[test]
    fn the_unknown_decision_points_at_its_line() {
        let text = format!(
            "{HEAD}[[provision]]\nprovision = \"reg 1\"\ntitle = \"t\"\nduty = \"d\"\nbinds = [\"childrens_home\"]\ndecision = \"maybe\"\nreason = \"r\"\ntext = \"read\"\n"
        );
        let (_, problems) = load(&[SetFile::new("coverage/x.toml", text.as_str())], "");
        let f = &problems[0];
        let p = f.problems.iter().find(|p| p.message.contains("maybe")).unwrap();
        assert_eq!(f.source.line_col(p.span.start).0, 13);
    }

    #[test]
    fn two_files_for_one_instrument_and_a_file_without_one_are_refused() {
        let one = format!("{HEAD}[[provision]]\nprovision = \"reg 1\"\ntitle = \"t\"\nduty = \"d\"\nbinds = []\ndecision = \"out_of_scope\"\nreason = \"r\"\ntext = \"read\"\n");
        let (map, problems) = load(
            &[
                SetFile::new("coverage/a.toml", one.as_str()),
                SetFile::new("coverage/b.toml", one.as_str()),
                SetFile::new("coverage/c.toml", "[[provision]]\nprovision = \"reg 1\"\n"),
                SetFile::new("set.toml", "not = \"ours\""),
            ],
            "",
        );
        assert_eq!(map.instruments.len(), 1);
        let messages: Vec<&str> = problems
            .iter()
            .flat_map(|f| &f.problems)
            .map(|p| p.message.as_str())
            .collect();
        assert!(
            messages.iter().any(|m| m.contains("duplicate instrument id `X2015`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("has no [instrument] table")),
            "{messages:?}"
        );
    }

    #[test]
    fn bad_toml_is_a_problem_not_a_panic() {
        let (map, problems) = load_one("[instrument\nid = ");
        assert!(map.is_empty());
        assert!(problems[0].starts_with("TOML syntax error"));
    }
}
