//! The standards' vocabulary: legal status, duty holder and confidence as types, with the
//! spelling a standard uses and the plain words every report and command shows, in one
//! place.

use serde::{Deserialize, Serialize};

use crate::schema::{short_kind, KINDS};
use crate::standards::Standard;

/// A standard's legal status, as `status` spells it. Whether it is law decides its default
/// severity and whether an exception can waive it; guidance and this project's thresholds
/// are never law.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Law in force, a duty of the provider.
    Law,
    /// Law in force, a duty of the placing local authority.
    LawLa,
    /// Statutory guidance.
    StatutoryGuidance,
    /// National minimum standards.
    Nms,
    /// A recommendation of the 2022 Independent Review.
    Review,
    /// A threshold this project sets itself where the law or the review names none (20
    /// school days, six months).
    Practice,
    /// Enacted, not yet in force.
    Prospective,
}

impl Status {
    /// Every status, in the order the reference counts them.
    pub const ALL: [Status; 7] = [
        Status::Law,
        Status::LawLa,
        Status::StatutoryGuidance,
        Status::Nms,
        Status::Review,
        Status::Practice,
        Status::Prospective,
    ];

    /// As a standard spells it.
    pub const fn name(self) -> &'static str {
        match self {
            Status::Law => "law",
            Status::LawLa => "law_la",
            Status::StatutoryGuidance => "statutory_guidance",
            Status::Nms => "nms",
            Status::Review => "review",
            Status::Practice => "practice",
            Status::Prospective => "prospective",
        }
    }

    /// The status a standard spells `name`.
    pub fn parse(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Law in force: no exception in a provider's file can waive it (the law cannot be
    /// waived by the one it binds, and a provider cannot waive another body's duty).
    pub const fn is_law(self) -> bool {
        matches!(self, Status::Law | Status::LawLa)
    }

    /// In plain words, for the reference and `explain`.
    pub const fn words(self) -> &'static str {
        match self {
            Status::Law => "law in force",
            Status::LawLa => "law in force, duty on the placing local authority",
            Status::StatutoryGuidance => "statutory guidance",
            Status::Nms => "national minimum standards",
            Status::Review => "recommendation of the 2022 Independent Review (not law)",
            Status::Practice => {
                "a practice threshold set by carecheck where no law or recommendation sets one (not law)"
            }
            Status::Prospective => "enacted, not yet in force",
        }
    }

    /// In a word or two, for a table column (`--statistics`): guidance and carecheck's
    /// thresholds are never labelled law.
    pub const fn short(self) -> &'static str {
        match self {
            Status::Law => "law",
            Status::LawLa => "law (placing authority)",
            Status::StatutoryGuidance => "statutory guidance",
            Status::Nms => "national minimum standards",
            Status::Review => "recommendation (not law)",
            Status::Practice => "carecheck practice (not law)",
            Status::Prospective => "law not yet in force",
        }
    }

    /// As a provider reads it beside a finding (the human, HTML and Markdown reports): the
    /// law says whose duty it is, since a duty of the placing authority is one to ask about
    /// and escalate, not one the home breaches.
    pub fn to_provider(self, duty: DutyHolder) -> std::borrow::Cow<'static, str> {
        match self {
            Status::Law => format!("the law: {}", duty.as_duty()).into(),
            Status::LawLa => "the law: a duty of the placing authority (ask and escalate)".into(),
            Status::StatutoryGuidance => "statutory guidance".into(),
            Status::Nms => "national minimum standards".into(),
            Status::Review => "a recommendation of the 2022 care review (not law)".into(),
            Status::Practice => "good practice set by carecheck (not law)".into(),
            Status::Prospective => "law not yet in force".into(),
        }
    }
}

/// Who holds a standard's duty, as `duty_holder` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DutyHolder {
    /// The provider.
    Provider,
    /// The local authority that placed the child.
    PlacingAuthority,
    /// Both.
    Both,
}

impl DutyHolder {
    /// Every duty holder.
    pub const ALL: [DutyHolder; 3] = [DutyHolder::Provider, DutyHolder::PlacingAuthority, DutyHolder::Both];

    /// As a standard spells it.
    pub const fn name(self) -> &'static str {
        match self {
            DutyHolder::Provider => "provider",
            DutyHolder::PlacingAuthority => "placing_authority",
            DutyHolder::Both => "both",
        }
    }

    /// The duty holder a standard spells `name`.
    pub fn parse(name: &str) -> Option<DutyHolder> {
        DutyHolder::ALL.into_iter().find(|d| d.name() == name)
    }

    /// In plain words, for the reference and `explain` ("placing authority").
    pub const fn words(self) -> &'static str {
        match self {
            DutyHolder::Provider => "provider",
            DutyHolder::PlacingAuthority => "placing authority",
            DutyHolder::Both => "both",
        }
    }

    /// Whose duty, as a provider reads it beside a breach of the law ("a duty of the home").
    pub const fn as_duty(self) -> &'static str {
        match self {
            DutyHolder::Provider => "a duty of the home",
            DutyHolder::PlacingAuthority => "a duty of the placing authority",
            DutyHolder::Both => "a duty of the home and the placing authority",
        }
    }

    /// Whether the provider holds the duty (alone or with the placing authority).
    pub const fn binds_provider(self) -> bool {
        matches!(self, DutyHolder::Provider | DutyHolder::Both)
    }
}

/// How well a citation was checked, strongest first, as `confidence` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Seen in a primary or official source.
    Verified,
    /// Seen only in secondary sources.
    Secondary,
    /// A lead, not a fact.
    Unverified,
}

impl Confidence {
    /// Every mark, strongest first.
    pub const ALL: [Confidence; 3] = [Confidence::Verified, Confidence::Secondary, Confidence::Unverified];

    /// As a standard spells it.
    pub const fn name(self) -> &'static str {
        match self {
            Confidence::Verified => "verified",
            Confidence::Secondary => "secondary",
            Confidence::Unverified => "unverified",
        }
    }

    /// The mark a standard spells `name`.
    pub fn parse(name: &str) -> Option<Confidence> {
        Confidence::ALL.into_iter().find(|c| c.name() == name)
    }

    /// In plain words, for the reference and `explain`.
    pub const fn words(self) -> &'static str {
        match self {
            Confidence::Verified => "verified (seen in a primary or official source)",
            Confidence::Secondary => "secondary (seen only in secondary sources; check before quoting)",
            Confidence::Unverified => "unverified (a lead, not a fact; check before relying on it)",
        }
    }
}

/// A status in a word or two, for a table column, from its spelling in a table row
/// ("unknown" for a word that is not one).
pub fn short_status(s: &str) -> &'static str {
    Status::parse(s).map_or("unknown", Status::short)
}

macro_rules! spelt_as_named {
    ($($t:ty),*) => {$(
        /// As a standard spells it.
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    )*};
}
spelt_as_named!(Status, DutyHolder, Confidence);

impl Standard {
    /// "all; 16-17" style text: the kinds of provider and the ages a standard applies to.
    pub fn applies_text(&self) -> String {
        let kinds = if self.kinds.len() == KINDS.len() {
            "all".to_string()
        } else {
            self.kinds.iter().map(|k| short_kind(k)).collect::<Vec<_>>().join(" ")
        };
        match self.ages {
            Some((lo, hi)) if hi >= oldest_age() => format!("{kinds}; {lo}+"),
            Some((lo, hi)) => format!("{kinds}; {lo}-{hi}"),
            None => kinds,
        }
    }

    /// "5 and over", "16 to 17": the ages a standard applies to, in words (a
    /// range without `max` runs to the schema's highest age and is said as open).
    pub fn ages_words(&self) -> Option<String> {
        self.ages.map(|(lo, hi)| {
            if hi >= oldest_age() {
                format!("{lo} and over")
            } else {
                format!("{lo} to {hi}")
            }
        })
    }
}

/// The highest age the format holds, read from the schema's `children.age_years`:
/// `applies_to.ages` without `max` runs to it, and a range reaching it has no upper end.
pub fn oldest_age() -> i64 {
    match crate::schema::lookup("children.age_years").map(|f| &f.ty) {
        Some(crate::schema::Ty::Int { max, .. }) => *max,
        // not reached: the schema types the age as a bounded whole number
        _ => i64::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::{Confidence, DutyHolder, Status};

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.name()), Some(s));
            assert_eq!(s.to_string(), s.name());
        }
        for d in DutyHolder::ALL {
            assert_eq!(DutyHolder::parse(d.name()), Some(d));
            assert_eq!(d.to_string(), d.name());
        }
        for c in Confidence::ALL {
            assert_eq!(Confidence::parse(c.name()), Some(c));
            assert_eq!(c.to_string(), c.name());
        }
        assert_eq!(Status::parse("folklore"), None);
    }

    /// The compiled snapshot stores the words as a standard spells them, so serde's
    /// spelling and `name` must agree.
    #[test]
    fn serde_spells_as_the_standards_do() {
        for s in Status::ALL {
            assert_eq!(serde_json::to_value(s).ok(), Some(serde_json::Value::from(s.name())));
        }
        for d in DutyHolder::ALL {
            assert_eq!(serde_json::to_value(d).ok(), Some(serde_json::Value::from(d.name())));
        }
        for c in Confidence::ALL {
            assert_eq!(serde_json::to_value(c).ok(), Some(serde_json::Value::from(c.name())));
        }
    }

    /// The words a status takes where the report used to spell them itself (the table
    /// column, and beside a finding with whose duty it is).
    #[test]
    fn status_words_for_tables_and_findings() {
        assert_eq!(super::short_status("law_la"), "law (placing authority)");
        assert_eq!(super::short_status("folklore"), "unknown");
        assert_eq!(
            Status::Law.to_provider(DutyHolder::Provider),
            "the law: a duty of the home"
        );
        assert_eq!(
            Status::Law.to_provider(DutyHolder::Both),
            "the law: a duty of the home and the placing authority"
        );
        assert_eq!(
            Status::Nms.to_provider(DutyHolder::Provider),
            "national minimum standards"
        );
        for s in Status::ALL.iter().filter(|s| !s.is_law()) {
            assert!(!s.short().starts_with("law ("), "{s:?}");
            for d in DutyHolder::ALL {
                assert!(!s.to_provider(d).starts_with("the law"), "{s:?}");
            }
        }
    }

    /// Only law is law: guidance, minimum standards, the review and our own thresholds
    /// can be waived and are never labelled law.
    #[test]
    fn only_law_is_law() {
        let law: Vec<&str> = Status::ALL.iter().filter(|s| s.is_law()).map(|s| s.name()).collect();
        assert_eq!(law, ["law", "law_la"]);
        for s in Status::ALL.iter().filter(|s| !s.is_law()) {
            assert!(!s.words().starts_with("law"), "{s:?}");
        }
    }
}
