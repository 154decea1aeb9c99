//! The standards' vocabulary in plain words, for every report and command that shows it.

use crate::schema::{short_kind, KINDS};
use crate::standards::Standard;

/// Plain words for a status.
pub fn status_words(s: &str) -> &'static str {
    match s {
        "law" => "law in force",
        "law_la" => "law in force, duty on the placing local authority",
        "statutory_guidance" => "statutory guidance",
        "nms" => "national minimum standards",
        "review" => "recommendation of the 2022 Independent Review (not law)",
        "practice" => "a practice threshold set by carecheck where no law or recommendation sets one (not law)",
        "prospective" => "enacted, not yet in force",
        _ => "unknown",
    }
}

/// Plain words for a confidence mark.
pub fn confidence_words(c: &str) -> &'static str {
    match c {
        "verified" => "verified (seen in a primary or official source)",
        "secondary" => "secondary (seen only in secondary sources; check before quoting)",
        "unverified" => "unverified (a lead, not a fact; check before relying on it)",
        _ => "unknown",
    }
}

impl Standard {
    /// "all; 16-17" style text: the kinds of provider and the ages a standard applies to.
    pub fn applies_text(&self) -> String {
        let kinds = if self.kinds.len() == KINDS.len() {
            "all".to_string()
        } else {
            self.kinds.iter().map(|k| short_kind(k)).collect::<Vec<_>>().join(" ")
        };
        match self.ages {
            Some((lo, hi)) if hi >= 25 => format!("{kinds}; {lo}+"),
            Some((lo, hi)) => format!("{kinds}; {lo}-{hi}"),
            None => kinds,
        }
    }
}
