//! The map counted three ways, as plain data for `carecheck coverage` and REFERENCE.md: by
//! instrument (its provisions by decision), by kind of provider (the provisions that bind it,
//! by decision) and by test (each standard of the test and the provisions it checks).

use serde::Serialize;

use super::{CoverageMap, Decision};
use crate::schema::KINDS;
use crate::standards::StandardSet;

/// How many provisions have each decision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Tested by standards.
    pub checked: usize,
    /// Checkable from a record, not yet tested.
    pub planned: usize,
    /// Needs a judgement no record shows.
    pub not_checkable: usize,
    /// Binds no provider, or no provider's record shows it.
    pub out_of_scope: usize,
}

impl Counts {
    fn add(&mut self, d: Decision) {
        *self.get_mut(d) += 1;
    }

    fn get_mut(&mut self, d: Decision) -> &mut usize {
        match d {
            Decision::Checked => &mut self.checked,
            Decision::Planned => &mut self.planned,
            Decision::NotCheckable => &mut self.not_checkable,
            Decision::OutOfScope => &mut self.out_of_scope,
        }
    }

    /// The count of one decision.
    pub fn get(&self, d: Decision) -> usize {
        match d {
            Decision::Checked => self.checked,
            Decision::Planned => self.planned,
            Decision::NotCheckable => self.not_checkable,
            Decision::OutOfScope => self.out_of_scope,
        }
    }

    /// Every provision counted.
    pub fn total(&self) -> usize {
        self.checked + self.planned + self.not_checkable + self.out_of_scope
    }
}

/// One instrument's provisions by decision.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentRow {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its legal status.
    pub status: String,
    /// Its provisions by decision.
    pub counts: Counts,
    /// How many entries were written without reading the primary text (`secondary` or
    /// `not_seen`).
    pub not_read: usize,
    /// Whether the map lists only the provisions the standards rest on.
    pub partial: bool,
}

/// The provisions that bind one kind of provider, by decision.
#[derive(Debug, Clone, Serialize)]
pub struct KindRow {
    /// The kind, as the format writes it.
    pub kind: String,
    /// The provisions binding it, by decision, over every instrument mapped.
    pub counts: Counts,
    /// The same, per instrument (instruments that bind the kind only), in map order.
    pub by_instrument: Vec<(String, Counts)>,
}

/// One provision a standard is named for.
#[derive(Debug, Clone, Serialize)]
pub struct Named {
    /// The instrument's id.
    pub instrument: String,
    /// The provision as the map writes it.
    pub provision: String,
    /// The entry's decision (`checked`, or a partial `planned`...).
    pub decision: Decision,
}

/// A standard and the provisions the map names it for.
#[derive(Debug, Clone, Serialize)]
pub struct StandardRow {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The provisions naming it.
    pub provisions: Vec<Named>,
}

/// One of the seven tests, its standards and what they check.
#[derive(Debug, Clone, Serialize)]
pub struct TestRow {
    /// The test's id.
    pub test: String,
    /// The review's question.
    pub question: String,
    /// Its standards, by id.
    pub standards: Vec<StandardRow>,
}

/// The map narrowed to the provisions that bind one of `kinds` and have one of `decisions`
/// (an empty list keeps every one), for `carecheck coverage --kind --decision`. An instrument
/// left with no provision is dropped, so counts and tables describe only what was asked for.
pub fn filter(map: &CoverageMap, kinds: &[String], decisions: &[Decision]) -> CoverageMap {
    let keep = |p: &super::Provision| {
        (kinds.is_empty() || p.binds.iter().any(|b| kinds.contains(b)))
            && (decisions.is_empty() || decisions.contains(&p.decision))
    };
    CoverageMap {
        instruments: map
            .instruments
            .iter()
            .filter_map(|i| {
                let provisions: Vec<_> = i.provisions.iter().filter(|p| keep(p)).cloned().collect();
                (!provisions.is_empty()).then(|| super::Instrument {
                    provisions,
                    ..i.clone()
                })
            })
            .collect(),
    }
}

/// Each instrument's provisions by decision, in map order.
pub fn by_instrument(map: &CoverageMap) -> Vec<InstrumentRow> {
    map.instruments
        .iter()
        .map(|i| {
            let mut counts = Counts::default();
            for p in &i.provisions {
                counts.add(p.decision);
            }
            InstrumentRow {
                id: i.id.clone(),
                title: i.title.clone(),
                status: i.status.clone(),
                counts,
                not_read: i.provisions.iter().filter(|p| p.text != "read").count(),
                partial: i.partial.is_some(),
            }
        })
        .collect()
}

/// For each of the four kinds, the provisions that bind it, by decision.
pub fn by_kind(map: &CoverageMap) -> Vec<KindRow> {
    KINDS
        .iter()
        .map(|kind| {
            let mut counts = Counts::default();
            let mut by_instrument = Vec::new();
            for i in &map.instruments {
                let mut c = Counts::default();
                for p in i.provisions.iter().filter(|p| p.binds.iter().any(|b| b == kind)) {
                    c.add(p.decision);
                    counts.add(p.decision);
                }
                if c.total() > 0 {
                    by_instrument.push((i.id.clone(), c));
                }
            }
            KindRow {
                kind: (*kind).to_string(),
                counts,
                by_instrument,
            }
        })
        .collect()
}

/// For each test of the set, its standards and the provisions the map names each for.
pub fn by_test(map: &CoverageMap, set: &StandardSet) -> Vec<TestRow> {
    set.tests
        .iter()
        .map(|t| TestRow {
            test: t.id.clone(),
            question: t.question.clone(),
            standards: set
                .standards
                .iter()
                .filter(|s| s.test == t.id)
                .map(|s| StandardRow {
                    id: s.id.clone(),
                    title: s.title.to_string(),
                    provisions: map
                        .instruments
                        .iter()
                        .flat_map(|i| {
                            i.provisions
                                .iter()
                                .filter(|p| p.standards.contains(&s.id))
                                .map(|p| Named {
                                    instrument: i.id.clone(),
                                    provision: p.provision.clone(),
                                    decision: p.decision,
                                })
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::SetFile;

    fn map() -> CoverageMap {
        let entry = |p: &str, binds: &str, d: &str, extra: &str| {
            format!("[[provision]]\nprovision = \"{p}\"\ntitle = \"t\"\nduty = \"d\"\nbinds = [{binds}]\ndecision = \"{d}\"\ntext = \"read\"\n{extra}\n")
        };
        let text = format!(
            "[instrument]\nid = \"X\"\ntitle = \"X\"\ncitation = \"c\"\nstatus = \"law\"\n\n{}{}{}{}",
            entry("reg 1", "", "out_of_scope", "reason = \"r\""),
            entry(
                "reg 2",
                "\"childrens_home\", \"fostering_service\"",
                "checked",
                "standards = [\"LR-008\"]"
            ),
            entry("reg 3", "\"childrens_home\"", "planned", "reason = \"r\""),
            entry("reg 4", "\"fostering_service\"", "not_checkable", "reason = \"r\""),
        );
        let (map, problems) = super::super::load(&[SetFile::new("coverage/x.toml", text.as_str())], "");
        assert!(problems.is_empty(), "{:?}", problems[0].problems);
        map
    }

    #[test]
    fn counts_by_instrument_and_kind() {
        let m = map();
        let i = &by_instrument(&m)[0];
        assert_eq!(
            (
                i.counts.checked,
                i.counts.planned,
                i.counts.not_checkable,
                i.counts.out_of_scope
            ),
            (1, 1, 1, 1)
        );
        let k = by_kind(&m);
        let ch = k.iter().find(|r| r.kind == "childrens_home").unwrap();
        assert_eq!((ch.counts.checked, ch.counts.planned, ch.counts.total()), (1, 1, 2));
        let f = k.iter().find(|r| r.kind == "fostering_service").unwrap();
        assert_eq!((f.counts.checked, f.counts.not_checkable, f.counts.total()), (1, 1, 2));
        // a provision binding no provider counts for no kind
        let sa = k.iter().find(|r| r.kind == "supported_accommodation").unwrap();
        assert_eq!(sa.counts.total(), 0);
        assert!(sa.by_instrument.is_empty());
    }

    #[test]
    fn the_filter_keeps_what_binds_a_kind_and_has_a_decision() {
        let m = map();
        let shown = |m: &CoverageMap| -> Vec<String> {
            m.instruments
                .iter()
                .flat_map(|i| i.provisions.iter().map(|p| p.provision.clone()))
                .collect()
        };
        assert_eq!(shown(&filter(&m, &[], &[])), ["reg 1", "reg 2", "reg 3", "reg 4"]);
        assert_eq!(
            shown(&filter(&m, &["fostering_service".into()], &[])),
            ["reg 2", "reg 4"]
        );
        assert_eq!(
            shown(&filter(&m, &["childrens_home".into()], &[Decision::Planned])),
            ["reg 3"]
        );
        // nothing left: the instrument goes too
        assert!(filter(&m, &["supported_accommodation".into()], &[]).is_empty());
    }
}
