//! The personal-data guard's text scan: free-text values that look like a UK postcode, an
//! NHS number, a date of birth or a National Insurance number. A self-assessment holds pseudonymous refs only; such
//! values are reported as warnings (the key-based guard, for keys such as `name` or `dob`
//! in a child's record, reports errors). The matchers are deliberately plain: no regex
//! engine, linear in the text.

use crate::node::{Node, NodeKind};
use crate::source::Span;

/// Why a value looks like personal data.
pub fn scan_text(s: &str) -> Option<&'static str> {
    // Every pattern needs at least two digits; most values (words, refs) have none. Each
    // matcher below first looks for what its pattern cannot do without, so the dates and
    // numbers that fill a file (every one of which has digits) cost one pass each.
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    if digits < 2 {
        return None;
    }
    if has_postcode(s) {
        return Some("a UK postcode");
    }
    if digits >= 10 && has_nhs_number(s) {
        return Some("an NHS-number-shaped 10-digit number");
    }
    if has_birth_date(s) {
        return Some("a date of birth");
    }
    if digits >= 6 && has_ni_number(s) {
        return Some("a National Insurance number");
    }
    None
}

/// A National Insurance number: two letters, six digits (in pairs, spaces allowed) and the
/// suffix letter A to D, as a word of its own (`QQ 12 34 56 C`, `qq123456c`). The suffix is
/// required: two letters and six digits alone are also how a URN is written (`SC700101`).
fn has_ni_number(s: &str) -> bool {
    let b = s.as_bytes();
    let alpha = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphabetic);
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    for start in 0..b.len() {
        let starts_word = start == 0 || !b[start - 1].is_ascii_alphanumeric();
        if !starts_word || !alpha(start) || !alpha(start + 1) {
            continue;
        }
        let mut i = start + 2;
        let mut pairs = 0;
        while pairs < 3 {
            if b.get(i) == Some(&b' ') {
                i += 1;
            }
            if !(digit(i) && digit(i + 1)) {
                break;
            }
            i += 2;
            pairs += 1;
        }
        if pairs < 3 {
            continue;
        }
        if b.get(i) == Some(&b' ') {
            i += 1;
        }
        if b.get(i)
            .is_some_and(|c| (b'A'..=b'D').contains(&c.to_ascii_uppercase()))
            && is_word_boundary(b, i + 1)
        {
            return true;
        }
    }
    false
}

enum Seg<'n> {
    Key(&'n str),
    Idx(usize),
}

fn path_of(segs: &[Seg<'_>]) -> String {
    let mut s = String::new();
    for seg in segs {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Idx(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Every string value in the tree that looks like personal data, with its path; the
/// provider's own name and URN are public and skipped. Paths are built only for matches.
pub fn scan_tree(root: &Node) -> Vec<(String, &'static str, Span)> {
    let mut out = Vec::new();
    let mut segs: Vec<Seg<'_>> = Vec::new();
    walk(root, &mut segs, &mut out);
    out
}

fn walk<'n>(n: &'n Node, segs: &mut Vec<Seg<'n>>, out: &mut Vec<(String, &'static str, Span)>) {
    match &n.kind {
        // a plain 10-digit number is an NHS number when its check digit is right
        NodeKind::Int(i) if (1_000_000_000..=9_999_999_999).contains(i) && nhs_check_digit_ok(*i) => {
            out.push((
                path_of(segs),
                "an NHS number (10 digits with a valid check digit)",
                n.span,
            ));
        }
        NodeKind::Str(s) => {
            // a ref names a child or a member of staff: a date there is most likely their
            // date of birth, which no other pattern catches without a birth word
            let why = match segs.last() {
                Some(Seg::Key(k)) if (*k == "ref" || *k == "child") && is_calendar_date(s) => {
                    Some("a date used as a reference (a date of birth?)")
                }
                _ => scan_text(s),
            };
            if let Some(why) = why {
                let path = path_of(segs);
                if path != "provider.name" && path != "provider.registration.urn" {
                    out.push((path, why, n.span));
                }
            }
        }
        NodeKind::Seq(items) => {
            for (i, it) in items.iter().enumerate() {
                segs.push(Seg::Idx(i));
                walk(it, segs, out);
                segs.pop();
            }
        }
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                segs.push(Seg::Key(&k.name));
                walk(v, segs, out);
                segs.pop();
            }
        }
        _ => {}
    }
}

/// A value that is a calendar date and nothing else, as a person writes one: `17/04/2011`,
/// `17-04-2011`, `17.4.11`, `2011-04-17`.
fn is_calendar_date(s: &str) -> bool {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else { return false };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    let n = |p: &str| p.parse::<u32>().unwrap_or(0);
    let (day, month, year) = if a.len() == 4 { (n(c), n(b), a) } else { (n(a), n(b), c) };
    (1..=31).contains(&day) && (1..=12).contains(&month) && matches!(year.len(), 2 | 4)
}

fn is_word_boundary(b: &[u8], i: usize) -> bool {
    i == 0 || i >= b.len() || !b[i].is_ascii_alphanumeric()
}

/// Outward code (A9, A99, AA9, AA99, A9A, AA9A), optional space, inward code (9AA).
fn has_postcode(s: &str) -> bool {
    // the inward code (9AA) is a digit and two letters: without one, no postcode
    let inward = |w: &[u8]| w[0].is_ascii_digit() && w[1].is_ascii_alphabetic() && w[2].is_ascii_alphabetic();
    if !s.as_bytes().windows(3).any(inward) {
        return false;
    }
    let b: Vec<u8> = s.bytes().map(|c| c.to_ascii_uppercase()).collect();
    let alpha = |i: usize| b.get(i).is_some_and(u8::is_ascii_uppercase);
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    for start in 0..b.len() {
        if !is_word_boundary(&b, start.wrapping_sub(1)) && start != 0 || !alpha(start) {
            continue;
        }
        // outward code lengths 2 to 4
        for out_len in 2..=4 {
            let e = start + out_len;
            let ok = match out_len {
                2 => alpha(start) && digit(start + 1),
                3 => {
                    alpha(start)
                        && ((alpha(start + 1) && digit(start + 2))
                            || (digit(start + 1) && (digit(start + 2) || alpha(start + 2))))
                }
                _ => alpha(start) && alpha(start + 1) && digit(start + 2) && (digit(start + 3) || alpha(start + 3)),
            };
            if !ok {
                continue;
            }
            let mut i = e;
            if b.get(i) == Some(&b' ') {
                i += 1;
            }
            if digit(i) && alpha(i + 1) && alpha(i + 2) && is_word_boundary(&b, i + 3) {
                return true;
            }
        }
    }
    false
}

/// Ten digits, together or as 3-3-4 with spaces or dashes, standing alone.
fn has_nhs_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let mut digits = 0;
            let mut j = i;
            while j < b.len()
                && (b[j].is_ascii_digit()
                    || ((b[j] == b' ' || b[j] == b'-')
                        && j + 1 < b.len()
                        && b[j + 1].is_ascii_digit()
                        && (digits == 3 || digits == 6)))
            {
                if b[j].is_ascii_digit() {
                    digits += 1;
                }
                j += 1;
            }
            if digits == 10 && (j >= b.len() || !b[j].is_ascii_alphanumeric()) {
                return true;
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    false
}

/// The NHS number's modulus 11 check: weights 10 down to 2 on the first nine digits; the
/// tenth is 11 minus the remainder (11 counts as 0; 10 is never valid).
pub fn nhs_check_digit_ok(n: i64) -> bool {
    let digits: Vec<i64> = n.to_string().bytes().map(|b| i64::from(b - b'0')).collect();
    if digits.len() != 10 {
        return false;
    }
    let sum: i64 = digits[..9].iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == digits[9]
}

/// A birth word (born, birth, dob, d.o.b) together with something date-like.
fn has_birth_date(s: &str) -> bool {
    // every birth word has a b
    if !s.bytes().any(|c| c == b'b' || c == b'B') {
        return false;
    }
    let l = s.to_ascii_lowercase();
    let birth_word = l.contains("born") || l.contains("birth") || l.contains("dob") || l.contains("d.o.b");
    if !birth_word {
        return false;
    }
    let digits_runs: Vec<usize> = l
        .split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
        .map(str::len)
        .collect();
    let has_year = digits_runs.contains(&4);
    let has_day_month = digits_runs.iter().filter(|n| **n <= 2).count() >= 1;
    let month_word = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .any(|m| l.contains(m));
    has_year && (has_day_month || month_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ref written as a date is flagged (a date of birth used to name a child was printed
    /// in every finding: the cross-cutting reader's probe); refs as they are usually written
    /// are not.
    #[test]
    fn a_date_used_as_a_ref_is_flagged() {
        for d in ["17/04/2011", "17-04-2011", "2011-04-17", "1.4.11"] {
            assert!(is_calendar_date(d), "{d}");
        }
        for r in ["C-01", "C-7F3A", "S-04", "H-2", "2026", "12/13/2011", "C-12-2011"] {
            assert!(!is_calendar_date(r), "{r}");
        }
        let src = crate::source::SourceFile::new("t.yaml", "children:\n  - ref: \"17/04/2011\"\n  - ref: C-02\n");
        let tree = crate::yaml::parse(&src, crate::yaml::Limits::default()).unwrap_or_else(|p| panic!("{}", p.message));
        let found = scan_tree(&tree);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "children[0].ref");
    }

    #[test]
    fn postcodes() {
        for p in [
            "SW1A 1AA",
            "M1 1AE",
            "B33 8TH",
            "CR2 6XH",
            "DN55 1PT",
            "lives near ec1a1bb now",
        ] {
            assert!(has_postcode(p), "{p}");
        }
        for p in [
            "C-7F3A",
            "S-19B2",
            "SC123456",
            "2026-06-30",
            "FC-04",
            "emotional_behavioural",
            "H-01",
        ] {
            assert!(!has_postcode(p), "{p}");
        }
    }

    #[test]
    fn nhs_numbers() {
        assert!(has_nhs_number("NHS 943 476 5919"));
        assert!(has_nhs_number("9434765919"));
        assert!(nhs_check_digit_ok(9_434_765_919));
        assert!(!nhs_check_digit_ok(9_434_765_918));
        assert!(has_nhs_number("943-476-5919"));
        assert!(!has_nhs_number("SC123456"));
        assert!(!has_nhs_number("94347659191"));
        assert!(!has_nhs_number("2026-06-30"));
    }

    #[test]
    fn birth_dates() {
        assert!(has_birth_date("born 12/03/2011"));
        assert!(has_birth_date("DOB 12 March 2011"));
        assert!(!has_birth_date("placed 12/03/2026"));
        assert!(!has_birth_date("birthday party planned"));
    }

    // The matchers as they were before their quick rejections, kept to pin that the
    // quick versions give the same answer on any text.
    fn scan_text_reference(s: &str) -> Option<&'static str> {
        // Every pattern needs at least two digits; most values (words, refs) have none.
        if s.bytes().filter(u8::is_ascii_digit).take(2).count() < 2 {
            return None;
        }
        if has_postcode_reference(s) {
            return Some("a UK postcode");
        }
        if has_nhs_number(s) {
            return Some("an NHS-number-shaped 10-digit number");
        }
        if has_birth_date_reference(s) {
            return Some("a date of birth");
        }
        if has_ni_number(s) {
            return Some("a National Insurance number");
        }
        None
    }

    #[test]
    fn national_insurance_numbers() {
        for s in ["QQ 12 34 56 C", "qq123456c", "NI: AB 123456 D.", "QQ123456A"] {
            assert_eq!(scan_text(s), Some("a National Insurance number"), "{s}");
        }
        // a URN, a ref, a number without its suffix letter, a suffix outside A to D
        for s in [
            "SC700101",
            "S-7A01",
            "QQ123456",
            "QQ123456E",
            "XQQ123456C",
            "QQ1234567C",
        ] {
            assert_eq!(scan_text(s), None, "{s}");
        }
    }
    fn has_postcode_reference(s: &str) -> bool {
        let b: Vec<u8> = s.bytes().map(|c| c.to_ascii_uppercase()).collect();
        let alpha = |i: usize| b.get(i).is_some_and(u8::is_ascii_uppercase);
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        for start in 0..b.len() {
            if !is_word_boundary(&b, start.wrapping_sub(1)) && start != 0 || !alpha(start) {
                continue;
            }
            // outward code lengths 2 to 4
            for out_len in 2..=4 {
                let e = start + out_len;
                let ok = match out_len {
                    2 => alpha(start) && digit(start + 1),
                    3 => {
                        alpha(start)
                            && ((alpha(start + 1) && digit(start + 2))
                                || (digit(start + 1) && (digit(start + 2) || alpha(start + 2))))
                    }
                    _ => alpha(start) && alpha(start + 1) && digit(start + 2) && (digit(start + 3) || alpha(start + 3)),
                };
                if !ok {
                    continue;
                }
                let mut i = e;
                if b.get(i) == Some(&b' ') {
                    i += 1;
                }
                if digit(i) && alpha(i + 1) && alpha(i + 2) && is_word_boundary(&b, i + 3) {
                    return true;
                }
            }
        }
        false
    }
    fn has_birth_date_reference(s: &str) -> bool {
        let l = s.to_ascii_lowercase();
        let birth_word = l.contains("born") || l.contains("birth") || l.contains("dob") || l.contains("d.o.b");
        if !birth_word {
            return false;
        }
        let digits_runs: Vec<usize> = l
            .split(|c: char| !c.is_ascii_digit())
            .filter(|r| !r.is_empty())
            .map(str::len)
            .collect();
        let has_year = digits_runs.contains(&4);
        let has_day_month = digits_runs.iter().filter(|n| **n <= 2).count() >= 1;
        let month_word = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]
        .iter()
        .any(|m| l.contains(m));
        has_year && (has_day_month || month_word)
    }

    proptest::proptest! {
        #[test]
        fn quick_rejections_change_no_answer(s in "[a-zA-Z0-9 ./:-]{0,24}|[0-9A-Z -]{0,14}|(born|DOB|b) ?[0-9a-z /]{0,14}") {
            proptest::prop_assert_eq!(scan_text(&s), scan_text_reference(&s));
        }
    }
}

/// What a report shows in place of a value the guard flagged.
pub const MASK: &str = "▇▇▇▇";

/// `text` with every byte of each span masked, so that no report can reprint what the guard
/// flagged: a snippet, a quoted value or a pasted report shows `name: ▇▇▇▇`, never the name.
/// Byte offsets and lines are kept (each masked line keeps its length, its indent and its
/// line break), so every other finding's span still points where it did.
pub fn mask(text: &str, spans: &[Span]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for sp in spans {
        let (start, end) = (sp.start as usize, (sp.end as usize).min(bytes.len()));
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        let mut i = start;
        while i < end {
            // one line of the value: its indent kept, the rest masked
            let line_end = bytes[i..end]
                .iter()
                .position(|b| *b == b'\n' || *b == b'\r')
                .map_or(end, |p| i + p);
            let mut j = i;
            if i != start {
                while j < line_end && bytes[j] == b' ' {
                    j += 1;
                }
            }
            let len = line_end - j;
            // `▇` is three bytes: as many as fit, then spaces to keep the length
            let block = "▇".as_bytes();
            for k in 0..len / 3 {
                bytes[j + 3 * k..j + 3 * k + 3].copy_from_slice(block);
            }
            for b in &mut bytes[j + len / 3 * 3..line_end] {
                *b = if len < 3 { b'*' } else { b' ' };
            }
            i = line_end;
            while i < end && (bytes[i] == b'\n' || bytes[i] == b'\r') {
                i += 1;
            }
        }
    }
    // only whole characters were replaced by whole characters
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod mask_tests {
    use super::*;

    #[test]
    fn a_masked_value_keeps_every_offset_and_shows_nothing_of_itself() {
        let text = "children:\n  - ref: C-1\n    name: Jayden Oliver Smith\n    nhs: 943 476 5919\n    notes: |\n      lives at\n      SW1A 1AA\n    age_years: 12\n";
        let name = text.find("Jayden").unwrap();
        let nhs = text.find("943").unwrap();
        let notes = text.find('|').unwrap();
        let notes_end = text.find("    age_years").unwrap();
        let spans = [
            Span::new(name, name + "Jayden Oliver Smith".len()),
            Span::new(nhs, nhs + 12),
            Span::new(notes, notes_end),
        ];
        let m = mask(text, &spans);
        assert_eq!(m.len(), text.len());
        assert_eq!(m.lines().count(), text.lines().count());
        for secret in ["Jayden", "Smith", "943", "5919", "SW1A", "lives"] {
            assert!(!m.contains(secret), "{secret} in {m}");
        }
        assert!(m.contains("name: ▇▇▇▇▇▇ \n"), "{m}");
        assert!(m.contains("age_years: 12"));
        assert!(m.contains("      ▇▇"), "the indent of a block's lines is kept: {m}");
        let after = text.find("age_years").unwrap();
        assert_eq!(&m[after..after + 9], "age_years");
    }
}
