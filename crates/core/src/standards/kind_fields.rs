//! Which fields of the format matter to one kind of provider, derived from the standards
//! that apply to it. `carecheck init` (the YAML template and the workbook) writes only these,
//! so a fostering agency is never asked for restraint times that no standard for it reads
//! (audit UX v3, finding 2). The standards are the one truth: a new standard that reads a
//! field puts that field in the template of every kind it applies to.

use std::collections::BTreeSet;

use super::cond::{Cond, Op, Quant};
use super::StandardSet;
use crate::schema::{self, Obj, Ty};

/// Fields no condition reads that say how a read field is to be read, written wherever it
/// is: `dbs.applied_on` records a DBS check applied for and not back yet, and tells a late
/// first certificate from a renewal (`sanity.rs`).
const COMPANIONS: &[(&str, &str)] = &[("workforce.staff.dbs.applied_on", "workforce.staff.dbs.date")];

/// The read field whose reading `path` decides, when it is one of [`COMPANIONS`]: a template
/// writes it wherever it writes that field.
pub fn companion_of(path: &str) -> Option<&'static str> {
    COMPANIONS.iter().find(|(c, _)| *c == path).map(|(_, of)| *of)
}

/// The fields one kind of provider is asked for.
#[derive(Debug, Clone, Default)]
pub struct KindFields {
    /// Schema paths (no list steps: `children.placement.start`) read by a standard that
    /// applies to the kind.
    pub read: BTreeSet<String>,
    /// Every prefix of a read path (`children`, `children.placement`): the mappings and lists
    /// that hold a read field.
    holders: BTreeSet<String>,
    /// Dates and times a standard for the kind reads as "not done" once their deadline has
    /// passed: the follow-ups of a recorded event (`no_later_than` counted from another
    /// field), such as a placement plan due five working days after the placement starts.
    pub due: BTreeSet<String>,
}

impl KindFields {
    /// The fields the standards of `set` that apply to `kind` read (a standard with no kinds
    /// applies to every kind).
    pub fn new(kind: &str, set: &StandardSet) -> KindFields {
        let mut out = KindFields::default();
        for s in set
            .standards
            .iter()
            .filter(|s| s.kinds.is_empty() || s.kinds.contains(&kind))
        {
            out.read.extend(s.reads.iter().cloned());
            if let Some(w) = &*s.when {
                collect_due(w, &mut out.due);
            }
            collect_due(&s.require, &mut out.due);
        }
        for p in &out.read {
            let mut end = 0;
            while let Some(dot) = p[end..].find('.') {
                end += dot;
                out.holders.insert(p[..end].to_string());
                end += 1;
            }
        }
        out
    }

    /// Whether a template for the kind writes the field at `path` (a schema path without
    /// list steps): a field a standard reads, a mapping or list holding one, a field the
    /// schema marks as needed in every file (and everything inside it), or a ref naming a
    /// record of a list the template writes (`children.household` in a fostering service's).
    pub fn keeps(&self, path: &str) -> bool {
        if COMPANIONS.iter().any(|(c, of)| *c == path && self.read.contains(*of)) {
            return true;
        }
        if self.read.contains(path) || self.holders.contains(path) {
            return true;
        }
        let mut obj: &Obj = schema::root();
        let segs: Vec<&str> = path.split('.').collect();
        for (i, seg) in segs.iter().enumerate() {
            let Some(field) = obj.fields.iter().find(|f| f.name == *seg) else {
                return false;
            };
            if field.always {
                return true;
            }
            let ty = field.ty.innermost();
            match ty {
                Ty::Obj(o) => obj = o,
                Ty::Ref(list) if i + 1 == segs.len() => {
                    let record = segs[..i].join(".");
                    return self.keeps(list) && self.holders.contains(&record);
                }
                _ => return false,
            }
        }
        false
    }
}

/// The fields tested `no_later_than` a date counted from another field: a blank there is
/// read as not done once the deadline has passed (`engine::ops::overdue`).
fn collect_due(c: &Cond, out: &mut BTreeSet<String>) {
    match c {
        Cond::All(parts) | Cond::Any(parts) => parts.iter().for_each(|p| collect_due(p, out)),
        Cond::Not(inner) => collect_due(inner, out),
        Cond::Test { path, ops, .. } => {
            let counted_from_an_event = ops
                .iter()
                .any(|op| matches!(op, Op::NoLaterThan(off) if !off.reference.anchor.is_fixed()));
            if counted_from_an_event && !path.anchor.is_fixed() {
                out.insert(path.text.to_string());
            }
        }
        Cond::Quant { filter, q, .. } => {
            if let Some(f) = filter {
                collect_due(f, out);
            }
            match q {
                Quant::All(b) | Quant::Any(b) | Quant::None(b) => collect_due(b, out),
                Quant::Count { .. } => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> StandardSet {
        let files = crate::standards::test_support::repository_rules();
        crate::standards::load_rules(&files, "standards", &Vec::new()).expect("the shipped standards load")
    }

    #[test]
    fn a_fostering_service_is_not_asked_for_restraint_or_secure_fields() {
        let set = shipped();
        let f = KindFields::new("fostering_service", &set);
        for path in [
            "incidents.restraint.occurred_at",
            "children.placement.secure_hours_without_order",
            "children.placement.secretary_of_state_approval",
            "workforce.staff.l3_status",
        ] {
            assert!(!f.keeps(path), "{path}");
        }
        for path in [
            "schema_version",
            "assessment.as_of",
            "assessment.period.start",
            "provider.kind",
            "children.ref",
            "children.household",
            "foster_carer_households.unannounced_visits",
            "exceptions.reason",
        ] {
            assert!(f.keeps(path), "{path}");
        }
        let home = KindFields::new("childrens_home", &set);
        assert!(home.keeps("incidents.restraint.occurred_at"));
        assert!(!home.keeps("children.household"), "a home has no foster households");
    }

    #[test]
    fn follow_ups_of_an_event_are_due() {
        let set = shipped();
        let f = KindFields::new("fostering_service", &set);
        assert!(f.due.contains("children.plans.placement_plan.date"), "{:?}", f.due);
        assert!(!f.due.contains("children.ref"));
    }
}
