//! The rules that tie the coverage map to the standards, run by `standards lint`:
//!
//! - `citation-not-in-map`: a standard cites a provision of a mapped instrument that no entry
//!   of the map lists (the map would not show the duty the standard stands for);
//! - `map-unknown-standard`: an entry names a standard the set does not have;
//! - `map-kinds-unchecked`: a `checked` entry binds a kind of provider none of its standards
//!   applies to (the table would say a fostering duty is checked when only homes are);
//! - `standard-not-in-map`: a standard no entry names (a check nobody can place in the regime);
//! - `map-gap`: an instrument mapped whole skips a number of one of its sequences (reg 21 and
//!   reg 23 listed, reg 22 not; Sch 3 missing; reg 40(1) and (3) without (2); or the map stops
//!   before the `last` the instrument declares) and no `[[gap]]` says why. "Every provision
//!   classified" is a promise the map makes for the whole regime; without this rule a provision
//!   nobody read would simply be absent, and absence looks the same as "nothing to check".
//!
//! A set without a map (a user's draft) is not held to them: the map is the shipped set's
//! promise, and an author's small set may have none.

use std::collections::BTreeSet;

use std::collections::BTreeMap;

use super::refs::{part_name, position, scan, ProvisionRef, RefKind, Token};
use super::{CoverageMap, Instrument};
use crate::node::{did_you_mean, Problem};
use crate::source::{SourceFile, Span};
use crate::standards::{Standard, StandardSet};

/// One broken rule: its code, the file it is found in, and where.
#[derive(Debug, Clone)]
pub struct MapProblem {
    /// `citation-not-in-map`, `map-unknown-standard`, `map-kinds-unchecked`,
    /// `standard-not-in-map` or `map-gap`.
    pub code: &'static str,
    /// The file (a standard's or the map's).
    pub source: SourceFile,
    /// What is wrong, where, and how to fix it.
    pub problem: Problem,
}

/// Check the map against the set. `defined` says whether a standard id is written in one of
/// the set's files, so that a standard which failed to load (its own error is the cause) is
/// not reported again as unknown to the map.
pub fn check(map: &CoverageMap, set: &StandardSet, defined: &dyn Fn(&str) -> bool) -> Vec<MapProblem> {
    let mut out = Vec::new();
    if map.is_empty() {
        return out;
    }
    let aliases = map.aliases();
    for s in &set.standards {
        citations_in_map(map, &aliases, s, &mut out);
    }
    let ids: Vec<&str> = set.standards.iter().map(|s| s.id.as_str()).collect();
    for inst in &map.instruments {
        gaps(inst, &mut out);
        for p in &inst.provisions {
            for (id, span) in p.standards.iter().zip(&p.standard_spans) {
                if set.get(id).is_none() && !defined(id) {
                    let mut problem = Problem::new(
                        format!(
                            "`{}` {} names `{id}`, which is not a standard of the set",
                            inst.id, p.provision
                        ),
                        *span,
                    )
                    .label("no such standard");
                    problem = match did_you_mean(id, ids.iter().copied()) {
                        Some(m) => problem.help(format!("did you mean `{m}`?")),
                        None => problem.help("name a standard that exists (`carecheck standards list`), or remove it"),
                    };
                    out.push(MapProblem {
                        code: "map-unknown-standard",
                        source: inst.source.clone(),
                        problem,
                    });
                }
            }
            if p.decision != super::Decision::Checked {
                continue;
            }
            let standards: Vec<&Standard> = p.standards.iter().filter_map(|id| set.get(id)).collect();
            if standards.is_empty() {
                continue; // every one unknown: reported above
            }
            let missing: Vec<&str> = p
                .binds
                .iter()
                .map(String::as_str)
                .filter(|k| !standards.iter().any(|s| s.kinds.contains(k)))
                .collect();
            if !missing.is_empty() {
                out.push(MapProblem {
                    code: "map-kinds-unchecked",
                    source: inst.source.clone(),
                    problem: Problem::new(
                        format!(
                            "`{}` {} is `checked` and binds {}, but none of its standards ({}) applies to {}",
                            inst.id,
                            p.provision,
                            missing.join(", "),
                            p.standards.join(", "),
                            if missing.len() == 1 { "it" } else { "them" }
                        ),
                        p.decision_span,
                    )
                    .label("not checked for every kind it binds")
                    .help("split the entry: `checked` for the kinds its standards apply to, `planned` (or another decision, with the reason) for the rest; or add a standard for those kinds"),
                });
            }
        }
    }
    let named: BTreeSet<&str> = map.standards_named().into_keys().collect();
    for s in set.standards.iter().filter(|s| !named.contains(s.id.as_str())) {
        let at = s
            .source
            .text
            .find("id = ")
            .map_or(Span::new(0, 0), |i| Span::new(i, i + 5 + s.id.len() + 2));
        out.push(MapProblem {
            code: "standard-not-in-map",
            source: s.source.clone(),
            problem: Problem::new(format!("{} appears nowhere in the coverage map", s.id), at)
                .label("in no entry of coverage/")
                .help("add it to `standards` of the map entry of each provision it tests (docs/coverage.md), adding the entry when the provision has none"),
        });
    }
    out
}

/// The numbered sequences the `map-gap` rule follows, each with where a reference's
/// bracketed parts start in its path (a regulation's after its number; a schedule's after the
/// schedule and paragraph numbers; a standard's after the standard and paragraph).
const SEQUENCES: &[(RefKind, usize)] = &[
    (RefKind::Reg, 1),
    (RefKind::Sch, 2),
    (RefKind::Standard, 2),
    (RefKind::Section, 1),
];

/// The `map-gap` rule for one instrument: every sequence the map enters (the regulations, the
/// schedules, the paragraphs of a provision listed only in parts) runs from its first number
/// without a hole, to the instrument's declared `last` where it has one; a number left out is
/// declared in a `[[gap]]` with its reason. A part map (`partial`) promises none of this.
fn gaps(inst: &Instrument, out: &mut Vec<MapProblem>) {
    if inst.partial.is_some() {
        return;
    }
    let listed: Vec<(&ProvisionRef, Span)> = inst
        .provisions
        .iter()
        .flat_map(|p| p.refs.iter().map(move |r| (r, p.span)))
        .collect();
    // an entry covers `r` when it is `r` or contains it ("reg 14" covers "reg 14(2)(c)";
    // "Sch 2 paras 2 onward" covers "Sch 2 para 5")
    let contains = |outer: &ProvisionRef, r: &ProvisionRef| outer.path.len() <= r.path.len() && outer.overlaps(r);
    let covered = |r: &ProvisionRef| listed.iter().any(|(l, _)| contains(l, r));
    let declared = |r: &ProvisionRef| inst.gaps.iter().flat_map(|g| &g.refs).any(|g| contains(g, r));
    let mut reported = BTreeSet::new();
    for &(kind, first_part) in SEQUENCES {
        let paths: Vec<(&[String], bool, Span)> = listed
            .iter()
            .filter(|(r, _)| r.kind == kind)
            .map(|(r, at)| (r.path.as_slice(), r.onward, *at))
            .chain(
                inst.gaps
                    .iter()
                    .flat_map(|g| g.refs.iter().map(move |r| (r, g.span)))
                    .filter(|(r, _)| r.kind == kind)
                    .map(|(r, at)| (r.path.as_slice(), r.onward, at)),
            )
            .collect();
        // every parent whose children the map lists: the instrument itself (the empty path),
        // and each provision listed only through its parts
        let mut parents: BTreeSet<Vec<String>> = BTreeSet::new();
        for (p, _, _) in &paths {
            for k in 0..p.len() {
                parents.insert(p[..k].to_vec());
            }
        }
        for parent in parents {
            if !parent.is_empty()
                && covered(&ProvisionRef {
                    kind,
                    path: parent.clone(),
                    onward: false,
                })
            {
                continue; // an entry covers it whole; its parts are split out only where they differ
            }
            // each child's place in its sequence, with the first entry that lists it
            let mut children: BTreeMap<(u8, u32), Span> = BTreeMap::new();
            let mut onward_from: BTreeMap<u8, u32> = BTreeMap::new();
            for (p, onward, at) in &paths {
                if p.len() <= parent.len() || p[..parent.len()] != parent[..] {
                    continue;
                }
                let Some(pos) = position(&p[..=parent.len()], first_part) else {
                    continue; // 27A, 8ZA: inserted, in no sequence
                };
                let e = children.entry(pos).or_insert(*at);
                if at.start < e.start {
                    *e = *at;
                }
                if *onward && p.len() == parent.len() + 1 {
                    let o = onward_from.entry(pos.0).or_insert(pos.1);
                    *o = (*o).min(pos.1);
                }
            }
            let numberings: BTreeSet<u8> = children.keys().map(|(n, _)| *n).collect();
            if numberings.len() != 1 {
                continue; // nothing numbered, or two numberings at one level: not a sequence
            }
            let Some(&numbering) = numberings.first() else { continue };
            let highest = children.keys().map(|(_, n)| *n).max().unwrap_or(0);
            let last = if parent.is_empty() {
                inst.last_refs
                    .iter()
                    .find(|(r, _)| r.kind == kind)
                    .and_then(|(r, at)| position(&r.path, first_part).map(|(_, n)| (n, *at)))
            } else {
                None
            };
            let end = last.map_or(highest, |(n, _)| n);
            if let Some((n, at)) = last {
                for (&(_, m), span) in children.iter().filter(|((_, m), _)| *m > n) {
                    let mut path = parent.clone();
                    path.push(part_name(numbering, m));
                    let r = ProvisionRef {
                        kind,
                        path,
                        onward: false,
                    };
                    out.push(MapProblem {
                        code: "map-gap",
                        source: inst.source.clone(),
                        problem: Problem::new(
                            format!(
                                "`{}` lists {}, after the last provision its `last` declares ({})",
                                inst.id,
                                r.show(),
                                ProvisionRef {
                                    kind,
                                    path: vec![n.to_string()],
                                    onward: false
                                }
                                .show()
                            ),
                            *span,
                        )
                        .label("beyond the instrument's last")
                        .related(at, "the instrument's last, as declared")
                        .help("correct the entry's provision, or the instrument's `last` if the contents list more"),
                    });
                }
            }
            for m in 1..=end {
                if children.contains_key(&(numbering, m)) || onward_from.get(&numbering).is_some_and(|o| m >= *o) {
                    continue;
                }
                let mut path = parent.clone();
                path.push(part_name(numbering, m));
                let missing = ProvisionRef {
                    kind,
                    path,
                    onward: false,
                };
                if declared(&missing) || covered(&missing) || !reported.insert(missing.clone()) {
                    continue;
                }
                let next = children.range((numbering, m)..).next().map_or(inst.span, |(_, at)| *at);
                let shown = missing.show();
                out.push(MapProblem {
                    code: "map-gap",
                    source: inst.source.clone(),
                    problem: Problem::new(
                        format!(
                            "`{}` is mapped whole, but no entry lists {shown} and no [[gap]] says why",
                            inst.id
                        ),
                        next,
                    )
                    .label(format!("{shown} would come before this"))
                    .help(format!(
                        "read {shown} and add a [[provision]] for it (docs/coverage.md); if the instrument has no such provision (revoked, never made), declare it: [[gap]] provision = \"{shown}\" reason = \"...\""
                    )),
                });
            }
        }
    }
    // a gap declared for a provision an entry lists says two things at once
    for g in &inst.gaps {
        if g.refs.iter().any(|r| listed.iter().any(|(l, _)| l.overlaps(r))) {
            out.push(MapProblem {
                code: "map-gap",
                source: inst.source.clone(),
                problem: Problem::new(
                    format!("`{}` declares {} a gap, but an entry lists it", inst.id, g.provision),
                    g.span,
                )
                .label("declared missing here")
                .help("remove the [[gap]], or the entry, whichever is wrong"),
            });
        }
    }
}

/// The instrument a citation's `instrument` names first, when the map has it: the text (or
/// its first part, before `;`) is one of the instrument's names, perhaps followed by more
/// words in brackets or after a comma. A guide *to* some regulations is not those regulations.
fn instrument_named(aliases: &[(String, usize)], instrument: &str) -> Option<usize> {
    let first = instrument.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    aliases
        .iter()
        .filter(|(a, _)| {
            first == *a
                || first
                    .strip_prefix(a.as_str())
                    .is_some_and(|rest| rest.starts_with(' ') || rest.starts_with(',') || rest.starts_with('('))
        })
        .max_by_key(|(a, _)| a.len())
        .map(|(_, i)| *i)
}

fn citations_in_map(map: &CoverageMap, aliases: &[(String, usize)], s: &Standard, out: &mut Vec<MapProblem>) {
    let mut cites: Vec<(&str, &str)> = vec![(&s.citation.instrument, &s.citation.provision)];
    for p in &s.citation.provisions {
        cites.push((p.instrument.as_deref().unwrap_or(&s.citation.instrument), &p.provision));
    }
    let mut reported = BTreeSet::new();
    for (instrument, provision) in cites {
        let mut current = instrument_named(aliases, instrument);
        for token in scan(provision, aliases) {
            match token {
                Token::Instrument(i) => current = i,
                Token::Ref(r) => {
                    let Some(i) = current else { continue };
                    let inst = &map.instruments[i];
                    if inst.provisions.iter().any(|p| p.refs.iter().any(|q| q.overlaps(&r))) {
                        continue;
                    }
                    if !reported.insert((i, r.show())) {
                        continue;
                    }
                    let at = s
                        .source
                        .text
                        .find(provision)
                        .map_or(Span::new(0, 0), |k| Span::new(k, k + provision.len()));
                    out.push(MapProblem {
                        code: "citation-not-in-map",
                        source: s.source.clone(),
                        problem: Problem::new(
                            format!(
                                "{} cites {} {}, which the coverage map does not list",
                                s.id,
                                inst.id,
                                r.show()
                            ),
                            at,
                        )
                        .label("this citation")
                        .help(format!(
                            "add the provision to {} ({}), naming {} in its `standards`; or correct the citation",
                            inst.id, inst.file, s.id
                        )),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::{load_partial, test_support::repository_files, SetFile};

    /// The repository's set.toml and bank holidays, one standard (LR-003: CHR reg 35(3)(a)
    /// and (4), SAR 2023 reg 22(2)(a); children's homes, secure homes and supported
    /// accommodation), and a map of two small instruments whose entries are `chr` and `sar`.
    fn run(chr: &str, sar: &str) -> Vec<(&'static str, String)> {
        let repo = repository_files();
        let keep = |p: &str| p == "set.toml" || p == "bank-holidays.toml" || p.contains("/LR-003-");
        let mut files: Vec<SetFile> = repo.into_iter().filter(|f| keep(&f.path)).collect();
        let head = |id: &str, title: &str, alias: &str| {
            // a part map: these tests are of the other rules; the gap rule has its own below
            format!("[instrument]\nid = \"{id}\"\ntitle = \"{title}\"\ncitation = \"c\"\nstatus = \"law\"\naliases = [\"{alias}\"]\npartial = \"only what LR-003 cites\"\n\n")
        };
        files.push(SetFile::new(
            "coverage/chr.toml",
            format!(
                "{}{chr}",
                head("CHR2015", "Children's Homes (England) Regulations 2015", "CHR")
            )
            .as_str(),
        ));
        files.push(SetFile::new(
            "coverage/sar.toml",
            format!(
                "{}{sar}",
                head("SAR2023", "Supported Accommodation (England) Regulations 2023", "SAR")
            )
            .as_str(),
        ));
        let (set, _) = load_partial(&files, "", &Vec::new()).unwrap_or_else(|_| panic!("the set loads"));
        assert_eq!(set.standards.len(), 1);
        let (map, problems) = super::super::load(&files, "");
        assert!(problems.is_empty(), "{:?}", problems[0].problems);
        check(&map, &set, &|_| false)
            .into_iter()
            .map(|m| (m.code, m.problem.message))
            .collect()
    }

    fn entry(provision: &str, binds: &str, decision: &str, standards: &str) -> String {
        let reason = if decision == "checked" { "" } else { "reason = \"r\"\n" };
        format!("[[provision]]\nprovision = \"{provision}\"\ntitle = \"t\"\nduty = \"d\"\nbinds = [{binds}]\ndecision = \"{decision}\"\nstandards = [{standards}]\n{reason}text = \"read\"\n\n")
    }

    const HOMES: &str = "\"childrens_home\", \"secure_childrens_home\"";
    const SA: &str = "\"supported_accommodation\"";

    fn sound_chr() -> String {
        entry("reg 35(3)", HOMES, "checked", "\"LR-003\"") + &entry("reg 35(4)", HOMES, "checked", "\"LR-003\"")
    }

    fn sound_sar() -> String {
        entry("reg 22(2)", SA, "checked", "\"LR-003\"")
    }

    #[test]
    fn a_sound_map_breaks_no_rule() {
        // reg 35(3)(a) is found under the map's reg 35(3), reg 22(2)(a) under reg 22(2)
        assert_eq!(run(&sound_chr(), &sound_sar()), vec![]);
    }

    #[test]
    fn a_cited_provision_the_map_does_not_list() {
        let chr = entry("reg 35(3)", HOMES, "checked", "\"LR-003\"");
        let got = run(&chr, &sound_sar());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "citation-not-in-map");
        assert!(got[0].1.contains("LR-003 cites CHR2015 reg 35(4)"), "{}", got[0].1);
        // a neighbouring provision is not the one cited
        let chr = entry("reg 35(3)", HOMES, "checked", "\"LR-003\"") + &entry("reg 34", HOMES, "planned", "");
        assert_eq!(run(&chr, &sound_sar())[0].0, "citation-not-in-map");
    }

    #[test]
    fn a_standard_the_set_does_not_have() {
        let chr = sound_chr() + &entry("reg 36", HOMES, "checked", "\"LR-0003\"");
        let got = run(&chr, &sound_sar());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "map-unknown-standard");
        assert!(got[0].1.contains("names `LR-0003`"), "{}", got[0].1);
        // named under another decision, it is still checked for existence
        let chr = sound_chr() + &entry("reg 36", HOMES, "planned", "\"LR-999\"");
        assert_eq!(run(&chr, &sound_sar())[0].0, "map-unknown-standard");
    }

    #[test]
    fn a_checked_provision_binding_a_kind_its_standards_do_not_apply_to() {
        // LR-003 applies to homes and supported accommodation, not to fostering
        let chr = sound_chr()
            + &entry(
                "reg 36",
                "\"childrens_home\", \"fostering_service\"",
                "checked",
                "\"LR-003\"",
            );
        let got = run(&chr, &sound_sar());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "map-kinds-unchecked");
        assert!(got[0].1.contains("binds fostering_service"), "{}", got[0].1);
        // planned for fostering is honest, and passes
        let chr = sound_chr() + &entry("reg 36", "\"fostering_service\"", "planned", "\"LR-003\"");
        assert_eq!(run(&chr, &sound_sar()), vec![]);
    }

    #[test]
    fn a_standard_named_nowhere() {
        let chr = entry("reg 35(3)", HOMES, "planned", "") + &entry("reg 35(4)", HOMES, "planned", "");
        let sar = entry("reg 22(2)", SA, "planned", "");
        let got = run(&chr, &sar);
        assert!(
            got.iter()
                .any(|(c, m)| *c == "standard-not-in-map" && m.contains("LR-003")),
            "{got:?}"
        );
        // named once, under any decision, is enough
        assert_eq!(run(&chr, &sound_sar()), vec![]);
    }

    /// The `map-gap` problems of one instrument whose `[instrument]` table ends with `extra`
    /// and whose entries are `body`.
    fn gap_problems(extra: &str, body: &str) -> Vec<String> {
        let text = format!(
            "[instrument]\nid = \"X2015\"\ntitle = \"X Regulations 2015\"\ncitation = \"c\"\nstatus = \"law\"\n{extra}\n{body}"
        );
        let (map, problems) = super::super::load(&[SetFile::new("coverage/x.toml", text.as_str())], "");
        assert!(problems.is_empty(), "{:?}", problems[0].problems);
        let mut out = Vec::new();
        gaps(&map.instruments[0], &mut out);
        assert!(out.iter().all(|m| m.code == "map-gap"));
        out.into_iter().map(|m| m.problem.message).collect()
    }

    fn regs(list: &[&str]) -> String {
        list.iter().map(|p| entry(p, HOMES, "planned", "")).collect()
    }

    #[test]
    fn a_whole_map_that_skips_a_regulation_is_a_gap() {
        assert_eq!(
            gap_problems("", &regs(&["reg 1", "reg 2", "reg 3"])),
            Vec::<String>::new()
        );
        let got = gap_problems("", &regs(&["reg 1", "reg 2", "reg 21", "regs 3-20", "reg 23"]));
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("no entry lists reg 22"), "{}", got[0]);
        // the sequence starts at 1: a map that begins at reg 3 skips two
        let got = gap_problems("", &regs(&["reg 3", "reg 4"]));
        assert_eq!(got.len(), 2, "{got:?}");
        // inserted regulations (22A) stand in no sequence: they neither fill nor open a gap
        let got = gap_problems("", &regs(&["reg 1", "reg 2A", "reg 3"]));
        assert!(got.iter().any(|m| m.contains("reg 2 ")), "{got:?}");
    }

    #[test]
    fn a_skipped_schedule_or_paragraph_is_a_gap() {
        let got = gap_problems("", &regs(&["reg 1", "Sch 1", "Sch 3"]));
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("Sch 2"), "{}", got[0]);
        // a provision listed only through its parts must list each part
        let got = gap_problems("", &regs(&["reg 1(1)", "reg 1(3)", "reg 2(a)-(b)", "reg 2(d)"]));
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().any(|m| m.contains("reg 1(2)")), "{got:?}");
        assert!(got.iter().any(|m| m.contains("reg 2(c)")), "{got:?}");
        // a whole entry covers the parts it does not split out; "onward" covers the rest
        let body = regs(&["reg 1", "reg 1(3)", "reg 2(1), (3) onward", "reg 2(2)(b)"]);
        let got = gap_problems("", &body);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("reg 2(2)(a)"), "{}", got[0]);
        assert!(gap_problems("", &regs(&["Sch 1 para 1", "Sch 1 paras 2 onward"])).is_empty());
    }

    #[test]
    fn a_map_that_stops_before_the_instrument_ends_is_a_gap() {
        let body = regs(&["reg 1", "reg 2", "Sch 1"]);
        let got = gap_problems("last = [\"reg 4\", \"Sch 2\"]\n", &body);
        assert_eq!(got.len(), 3, "{got:?}");
        for m in ["reg 3", "reg 4", "Sch 2"] {
            assert!(got.iter().any(|g| g.contains(&format!("lists {m} "))), "{m}: {got:?}");
        }
        // and an entry past the declared end is a mistake of one or the other
        let got = gap_problems("last = [\"reg 1\"]\n", &regs(&["reg 1", "reg 2"]));
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("lists reg 2, after the last"), "{}", got[0]);
    }

    #[test]
    fn a_declared_gap_with_its_reason_is_accepted() {
        let gap = "[[gap]]\nprovision = \"regs 2-3\"\nreason = \"revoked by SI 2020/1\"\n\n";
        let body = regs(&["reg 1", "reg 4"]) + gap;
        assert_eq!(gap_problems("last = [\"reg 4\"]\n", &body), Vec::<String>::new());
        // a gap for what an entry lists is a contradiction
        let body = regs(&["reg 1", "reg 2", "reg 3", "reg 4"]) + gap;
        let got = gap_problems("", &body);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].contains("declares regs 2-3 a gap, but an entry lists it"),
            "{}",
            got[0]
        );
        // a part map promises no sequence
        assert!(gap_problems("partial = \"only reg 9\"\n", &regs(&["reg 9"])).is_empty());
    }

    #[test]
    fn a_gap_without_a_reason_or_a_bad_last_does_not_load() {
        let text = "[instrument]\nid = \"X2015\"\ntitle = \"X\"\ncitation = \"c\"\nstatus = \"law\"\nlast = [\"the end\"]\n\n[[gap]]\nprovision = \"reg 2\"\nreason = \" \"\n";
        let (_, problems) = super::super::load(&[SetFile::new("coverage/x.toml", text)], "");
        let messages: Vec<&str> = problems
            .iter()
            .flat_map(|f| &f.problems)
            .map(|p| p.message.as_str())
            .collect();
        assert!(
            messages.iter().any(|m| m.contains("a gap needs a `reason`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`the end` is not one numbered provision")),
            "{messages:?}"
        );
    }

    /// Every code this module reports is a rule `standards lint` declares (SARIF lists the
    /// rules, and a result whose rule is not listed is invalid there).
    #[test]
    fn every_code_reported_here_is_a_declared_lint_rule() {
        let source = include_str!("lint.rs");
        let codes: BTreeSet<&str> = source
            .split("code: \"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert!(codes.contains("map-gap") && codes.len() >= 5, "{codes:?}");
        for code in codes {
            assert!(
                crate::lint::RULES.iter().any(|(id, _)| *id == code),
                "`{code}` is reported but not declared in lint::RULES"
            );
        }
    }

    #[test]
    fn a_set_without_a_map_is_not_held_to_the_rules() {
        let files: Vec<SetFile> = repository_files()
            .into_iter()
            .filter(|f| f.path == "set.toml" || f.path == "bank-holidays.toml" || f.path.contains("/LR-003-"))
            .collect();
        let (set, _) = load_partial(&files, "", &Vec::new()).unwrap_or_else(|_| panic!("the set loads"));
        assert!(check(&CoverageMap::default(), &set, &|_| false).is_empty());
    }

    #[test]
    fn the_shipped_set_and_map_break_no_rule() {
        let files = repository_files();
        let (set, _) = load_partial(&files, "standards", &Vec::new()).unwrap_or_else(|_| panic!("the set loads"));
        let (map, _) = super::super::load(&files, "standards");
        let got: Vec<String> = check(&map, &set, &|_| false)
            .into_iter()
            .map(|m| format!("{}: {}", m.code, m.problem.message))
            .collect();
        assert!(got.is_empty(), "{got:#?}");
    }
}
