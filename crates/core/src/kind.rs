//! The kinds of provider the v1 format knows, with every word the program uses for each:
//! the format's own spelling (as `provider.kind` and a standard's `applies_to.kinds` write
//! it), the short code of narrow tables, the name in a sentence, the plural, and what a
//! manager calls the provider in a template. A new kind is one variant and its words here.

/// A kind of provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A children's home (Children's Homes (England) Regulations 2015).
    ChildrensHome,
    /// A secure children's home.
    SecureChildrensHome,
    /// An independent fostering agency or a local authority fostering service.
    Fostering,
    /// Supported accommodation for 16 and 17 year olds.
    SupportedAccommodation,
}

impl Kind {
    /// Every kind, in the format's order.
    pub const ALL: [Kind; 4] = [
        Kind::ChildrensHome,
        Kind::SecureChildrensHome,
        Kind::Fostering,
        Kind::SupportedAccommodation,
    ];

    /// As the format spells it (`childrens_home`).
    pub const fn name(self) -> &'static str {
        match self {
            Kind::ChildrensHome => "childrens_home",
            Kind::SecureChildrensHome => "secure_childrens_home",
            Kind::Fostering => "fostering_service",
            Kind::SupportedAccommodation => "supported_accommodation",
        }
    }

    /// The kind the format spells `name`.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// In two or three letters, for narrow tables (`CH`, `SCH`, `F`, `SA`).
    pub const fn short(self) -> &'static str {
        match self {
            Kind::ChildrensHome => "CH",
            Kind::SecureChildrensHome => "SCH",
            Kind::Fostering => "F",
            Kind::SupportedAccommodation => "SA",
        }
    }

    /// As a manager would say it, for messages and report headings (`children's home`).
    pub const fn words(self) -> &'static str {
        match self {
            Kind::ChildrensHome => "children's home",
            Kind::SecureChildrensHome => "secure children's home",
            Kind::Fostering => "fostering service",
            Kind::SupportedAccommodation => "supported accommodation",
        }
    }

    /// More than one (`children's homes`; supported accommodation has no plural).
    pub const fn plural(self) -> &'static str {
        match self {
            Kind::ChildrensHome => "children's homes",
            Kind::SecureChildrensHome => "secure children's homes",
            Kind::Fostering => "fostering services",
            Kind::SupportedAccommodation => "supported accommodation",
        }
    }

    /// What its own manager calls the provider in a template's prose ("the home", "the
    /// agency", "the service"): a fostering service's carers live in households, not a home.
    pub const fn noun(self) -> &'static str {
        match self {
            Kind::ChildrensHome | Kind::SecureChildrensHome => "home",
            Kind::Fostering => "agency",
            Kind::SupportedAccommodation => "service",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn names_round_trip_and_words_are_distinct() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.name()), Some(k));
        }
        assert_eq!(Kind::parse("castle"), None);
        let mut shorts: Vec<&str> = Kind::ALL.iter().map(|k| k.short()).collect();
        shorts.sort_unstable();
        shorts.dedup();
        assert_eq!(shorts.len(), Kind::ALL.len());
        assert_eq!(crate::schema::KINDS, Kind::ALL.map(Kind::name));
    }
}
