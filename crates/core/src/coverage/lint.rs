//! The rules that tie the coverage map to the standards, run by `standards lint`:
//!
//! - `citation-not-in-map`: a standard cites a provision of a mapped instrument that no entry
//!   of the map lists (the map would not show the duty the standard stands for);
//! - `map-unknown-standard`: an entry names a standard the set does not have;
//! - `map-kinds-unchecked`: a `checked` entry binds a kind of provider none of its standards
//!   applies to (the table would say a fostering duty is checked when only homes are);
//! - `standard-not-in-map`: a standard no entry names (a check nobody can place in the regime).
//!
//! A set without a map (a user's draft) is not held to them: the map is the shipped set's
//! promise, and an author's small set may have none.

use std::collections::BTreeSet;

use super::refs::{scan, Token};
use super::CoverageMap;
use crate::node::{did_you_mean, Problem};
use crate::source::{SourceFile, Span};
use crate::standards::{Standard, StandardSet};

/// One broken rule: its code, the file it is found in, and where.
#[derive(Debug, Clone)]
pub struct MapProblem {
    /// `citation-not-in-map`, `map-unknown-standard`, `map-kinds-unchecked` or
    /// `standard-not-in-map`.
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
    let mut cites: Vec<(&str, &str)> = vec![(s.citation.instrument.as_str(), s.citation.provision.as_str())];
    for p in &s.citation.provisions {
        cites.push((
            p.instrument.as_deref().unwrap_or(&s.citation.instrument),
            p.provision.as_str(),
        ));
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
            format!("[instrument]\nid = \"{id}\"\ntitle = \"{title}\"\ncitation = \"c\"\nstatus = \"law\"\naliases = [\"{alias}\"]\n\n")
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
