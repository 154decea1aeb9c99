//! Findings: plain data, serialisable, ordered. They become miette diagnostics only in
//! the human reporter.

use serde::Serialize;

use crate::source::Span;

/// Text from a file made safe to print on one line: control characters (a newline that
/// would forge a second `path:line:col:` line, an escape that would drive the terminal)
/// are shown as escapes.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    // found from the bytes: almost every text has none and is not decoded
    if !has_control(s, |_| false) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether a byte of UTF-8 may begin a control character: true for every first byte of one
/// (a test holds this against `char::is_control` for every character).
pub fn may_start_control(b: u8) -> bool {
    b < 0x20 || b == 0x7f || b == 0xc2
}

/// Whether `s` holds a control character (as `char::is_control` says) other than the ASCII
/// ones `allowed` takes, found from its bytes alone: C0 and DEL are single bytes, and a C1
/// character (U+0080 to U+009F) is 0xC2 and a byte from 0x80 to 0x9F. Text with a `·` or
/// a `£` (0xC2 and a higher byte: every finding's help has a `·`) is not decoded, which was
/// about a fiftieth of a human run.
pub fn has_control(s: &str, allowed: impl Fn(u8) -> bool + Copy) -> bool {
    let b = s.as_bytes();
    // most text has no byte that could start one: one plain scan clears it
    if !any_byte(b, |x| may_start_control(x) & !allowed(x)) {
        return false;
    }
    let Some((&last, _)) = b.split_last() else {
        return false;
    };
    // each byte with the one after it, 32 pairs at a time without stopping inside a block
    // (vector instructions, as `any_byte`); in UTF-8 a byte below 0x80 is always a whole
    // character, and 0xC2 only ever leads one. The operators are bitwise, not lazy, so the
    // loop has no branch to stop it running as vector instructions.
    #[allow(clippy::needless_bitwise_bool)]
    let control = |x: u8, next: u8| ((x < 0x20) | (x == 0x7f)) & !allowed(x) | (x == 0xc2) & (next <= 0x9f);
    b.chunks(32).zip(b[1..].chunks(32)).any(|(xs, nexts)| {
        xs.iter()
            .zip(nexts)
            .fold(false, |seen, (&x, &next)| seen | control(x, next))
    }) || control(last, 0xff)
}

/// Whether any byte meets `test`, looked at 32 bytes at a time without stopping inside a
/// block, which the compiler turns into vector instructions: a report scans every message
/// and the whole of each file it shows, and a byte at a time cost a tenth of a human run.
pub fn any_byte(bytes: &[u8], test: impl Fn(u8) -> bool) -> bool {
    bytes
        .chunks(32)
        .any(|block| block.iter().fold(false, |seen, &b| seen | test(b)))
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Should be acted on.
    Warning,
    /// A legal requirement on the provider not met.
    Error,
}

impl Severity {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// From a word.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// One standard's verdict on one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The requirement holds.
    Pass,
    /// It does not hold.
    Fail,
    /// A field it needs is absent (absent is not false).
    NotReported,
    /// The kind of provider, the age or a `when` condition puts it out of scope.
    NotApplicable,
    /// It does not hold, but a current, justified exception covers it.
    Waived,
}

impl Outcome {
    /// snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::NotReported => "not_reported",
            Outcome::NotApplicable => "not_applicable",
            Outcome::Waived => "waived",
        }
    }

    /// From a word.
    pub fn parse(s: &str) -> Option<Outcome> {
        Some(match s {
            "pass" => Outcome::Pass,
            "fail" => Outcome::Fail,
            "not_reported" => Outcome::NotReported,
            "not_applicable" => Outcome::NotApplicable,
            "waived" => Outcome::Waived,
            _ => return None,
        })
    }

    /// The outcome that sums up several records: any fail, else any not reported, else
    /// any waived, else any pass, else not applicable.
    pub fn worst(items: impl IntoIterator<Item = Outcome>) -> Outcome {
        let rank = |o: Outcome| match o {
            Outcome::Fail => 4,
            Outcome::NotReported => 3,
            Outcome::Waived => 2,
            Outcome::Pass => 1,
            Outcome::NotApplicable => 0,
        };
        items
            .into_iter()
            .max_by_key(|o| rank(*o))
            .unwrap_or(Outcome::NotApplicable)
    }

    /// Findings are fails, not-reporteds and waivers.
    pub fn is_finding(self) -> bool {
        matches!(self, Outcome::Fail | Outcome::NotReported | Outcome::Waived)
    }
}

/// A waiver that turned a fail into `waived`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Waiver {
    /// Why.
    pub reason: String,
    /// Who approved it (a role).
    pub approved_by_role: String,
    /// Until when.
    pub expires_on: String,
}

/// A finding's state against a baseline report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BaselineState {
    /// Not in the baseline.
    New,
    /// In the baseline too.
    Persisting,
}

/// FNV-1a, 64 bits, as 16 hex digits: stable across runs, machines and versions of Rust.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    // sixteen hex digits, written directly: every finding has one
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(16);
    for shift in (0..16).rev() {
        out.push(char::from(HEX[((h >> (shift * 4)) & 0xf) as usize]));
    }
    out
}

/// Give every finding of a file its own fingerprint. A fingerprint names what a finding is
/// about (the standard and the record's identity), so two records that look alike (two
/// sanctions of one child on one day, of one type) give two equal fingerprints, and a
/// baseline matched on them would hide the second (audit v3 B3). The first keeps its
/// fingerprint, so existing baselines still match; each further one, in file order, gets the
/// fingerprint of the first and its occurrence number. The order of look-alike findings is
/// all that distinguishes them, so moving other text in the file still changes nothing.
pub fn distinguish(findings: &mut [Finding]) {
    // keyed by the fingerprint's 64 bits, not a copy of its text: a file can have hundreds
    // of thousands of findings
    let mut seen: foldhash::HashMap<u64, u32> = foldhash::HashMapExt::with_capacity(findings.len());
    for f in findings.iter_mut() {
        let key = u64::from_str_radix(&f.fingerprint, 16).unwrap_or_else(|_| {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            f.fingerprint.hash(&mut h);
            h.finish()
        });
        let n = seen.entry(key).or_insert(0);
        if *n > 0 {
            f.fingerprint = occurrence(&f.fingerprint, *n);
        }
        *n += 1;
    }
}

/// The fingerprint of the `n`th look-alike (from 1) of a finding whose fingerprint is
/// `first`; see [`distinguish`].
pub fn occurrence(first: &str, n: u32) -> String {
    fingerprint(&[first, &n.to_string()])
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Standard id, or a built-in code (`personal-data`, `exception-expired`).
    pub standard: String,
    /// The test it serves; `None` for built-in checks.
    pub test: Option<String>,
    /// Severity.
    pub severity: Severity,
    /// Outcome.
    pub outcome: Outcome,
    /// The child's ref, or `None` for the provider as a whole.
    pub child: Option<String>,
    /// The record's ref or path (`S-19B2`, `incidents.restraint[0]`); `None` for the file.
    pub record: Option<String>,
    /// What is wrong.
    pub message: String,
    /// The offending field, e.g. `children[0].safety.dol_authority`.
    pub field: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The law or recommendation (shared by every finding of a standard).
    pub citation: crate::source::Text,
    /// What to do (shared by every finding of a standard).
    pub help: Option<crate::source::Text>,
    /// The exception that waived it.
    pub waiver: Option<Waiver>,
    /// A stable identity: what the finding is about (the standard and the record: child,
    /// staff or household ref, an incident's kind, child and time), never where it stands,
    /// so moving text in the file changes nothing; look-alike findings of one file are told
    /// apart by their occurrence number ([`distinguish`]). Compared across periods by
    /// `--baseline` and `compare`, counting each fingerprint as often as it occurs.
    pub fingerprint: String,
    /// Whether it is a standard whose status is law in force on the provider (`law`): only
    /// these fails are counted as breaches of the law, never guidance, carecheck's own
    /// thresholds, data quality or personal data.
    #[serde(skip)]
    pub law: bool,
    /// Against `--baseline`: `new` or `persisting` (absent without a baseline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineState>,
    /// Where a person finds it in a workbook ("Children, row 4 (C-02), 'Placement: start
    /// date', cell F4"); `None` for a YAML file, whose line and column say it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Byte span (for snippets; not serialised).
    #[serde(skip)]
    pub span: Span,
    /// The change its did-you-mean describes (an unknown key's near spelling), as data; the
    /// JSON report writes it by hand, with lines and columns.
    #[serde(skip)]
    pub fix: Option<crate::node::Fix>,
    /// For a not-reported finding, every field the standard lacks for this record (concrete
    /// path, 1-based line), the blamed one first: the manager's to-do list names them all,
    /// so filling it in once lets the standard be judged. Empty for other outcomes.
    #[serde(skip)]
    pub missing: Vec<(String, usize)>,
    /// How many further findings of the same standard and outcome this one stands for, not
    /// listed one by one: 0 for every usual finding. A file can hold hundreds of thousands of
    /// records that fail alike, and a finding each would cost a kilobyte of memory apiece
    /// (audit v3 B13); after [`LISTED_PER_STANDARD`] the rest are counted into one finding,
    /// and the tallies count them through this.
    #[serde(skip_serializing_if = "is_zero")]
    pub more: u32,
}

/// How many findings of one standard (or built-in check) and one outcome a file lists one by
/// one; the rest become one finding that counts them ([`Finding::more`]). As the loader
/// lists 200 unknown keys and counts the rest: no reader acts on the 201st alike line, and it
/// keeps a 4 MB file within the memory the README promises.
pub const LISTED_PER_STANDARD: usize = 200;

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// What a finding is about, so that counts mean what their column says: a breach of a
/// standard, a problem with the data itself (a date after the as-of date, an ambiguous date,
/// an unknown key, an exception that cannot apply), or personal data in the file. Only the
/// first can be a breach of the law.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// One of the set's standards.
    Standard,
    /// A built-in check of the data (`date-after-as-of`, `ambiguous-date`, `unknown-key`,
    /// `exception-*`, `incomplete`).
    DataQuality,
    /// The personal-data guard.
    PersonalData,
}

impl FindingKind {
    /// snake_case name, as the CSV and JSON give it.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Standard => "standard",
            FindingKind::DataQuality => "data_quality",
            FindingKind::PersonalData => "personal_data",
        }
    }
}

/// The code of the personal-data guard's findings.
pub const PERSONAL_DATA: &str = "personal-data";

impl Finding {
    /// Its kind: a standard's findings carry the test it serves; built-in checks carry none.
    pub fn kind(&self) -> FindingKind {
        if self.test.is_some() {
            FindingKind::Standard
        } else if self.standard == PERSONAL_DATA {
            FindingKind::PersonalData
        } else {
            FindingKind::DataQuality
        }
    }

    /// How many findings it counts for in a tally: itself and those it stands for.
    pub fn weight(&self) -> usize {
        1 + self.more as usize
    }

    /// Sort key: file order, then standard.
    pub fn sort_key(&self) -> (u32, &str, &str) {
        (self.span.start, self.standard.as_str(), self.field.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{any_byte, has_control, may_start_control, printable};

    /// The byte test finds a control character exactly where decoding would: every
    /// character alone, between letters, after a `·`, and with the line end allowed.
    #[test]
    fn has_control_agrees_with_char_is_control_on_every_character() {
        for c in (0..=0x10_FFFF_u32).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("a{c}b"), format!("·{c}"), format!("{c}·")] {
                assert_eq!(
                    has_control(&text, |_| false),
                    text.chars().any(char::is_control),
                    "{text:?}"
                );
                assert_eq!(
                    has_control(&text, |b| b == b'\n'),
                    text.chars().any(|x| x != '\n' && x.is_control()),
                    "{text:?}"
                );
            }
        }
    }

    /// The byte scan in `printable` must let no control character through: for every
    /// character, a control character's first byte is one the scan stops at.
    #[test]
    fn the_byte_scan_stops_at_every_control_character() {
        for c in (0..=0x10_FFFF_u32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let first = c.encode_utf8(&mut buf).as_bytes()[0];
            if c.is_control() {
                assert!(may_start_control(first), "U+{:04X} passes the scan", c as u32);
            }
        }
    }

    /// A C1 character is found wherever it falls, its two bytes in one block or across
    /// two, among other two-byte characters that start as it does.
    #[test]
    fn has_control_finds_a_control_character_at_any_place() {
        for filler in ["a", "·"] {
            for len in [1, 15, 16, 17, 31, 32, 33, 64, 100] {
                let plain: Vec<&str> = vec![filler; len];
                assert!(!has_control(&plain.concat(), |_| false));
                for at in 0..len {
                    for c in ["\u{85}", "\u{9f}", "\u{1b}", "\u{7f}"] {
                        let mut text = plain.clone();
                        text[at] = c;
                        assert!(
                            has_control(&text.concat(), |_| false),
                            "{c:?} missed at {at} of {len} {filler}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn any_byte_finds_a_byte_in_any_block_and_at_any_place() {
        for len in [0, 1, 31, 32, 33, 64, 100] {
            assert!(!any_byte(&vec![b'a'; len], may_start_control));
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = b'\x1b';
                assert!(any_byte(&text, may_start_control), "missed at {at} of {len}");
            }
        }
    }

    #[test]
    fn control_characters_are_escaped_and_the_rest_is_kept() {
        assert_eq!(printable("£5 café"), "£5 café");
        assert_eq!(printable("a\u{85}b\u{9f}"), "a\\u{85}b\\u{9f}");
        assert_eq!(printable("x\ty\u{7f}"), "x\\ty\\u{7f}");
        assert!(matches!(printable("plain"), std::borrow::Cow::Borrowed(_)));
    }
}
