//! Provision references in free text: "reg 40(1)(c)", "regs 11-12", "Sch 2 para 1(4)(a)-(d)",
//! "s.22C(7)(b) and (8)(c)", "standard 21.8", "Sch 2 paras 3 onward".
//!
//! The same reader serves both sides of the coverage lint: a coverage map entry's `provision`
//! and a standard's citation. Reading both with one grammar is what lets "reg 40(1)(c)" in a
//! citation be found under the map's "reg 40(1)". A citation also names instruments inline
//! ("CHR reg 34(4); SAR reg 21"), so the reader gives a stream of instrument mentions and
//! references; each reference belongs to the instrument last mentioned before it.
//!
//! What is read (docs/coverage.md states the rule for authors):
//! - `reg`/`regs`/`regulation(s)` N, `s.`/`ss.`/`section(s)` N: a number with an optional
//!   letter suffix (27A, 8ZA, 22C), then bracketed parts written without a space: 40(1)(c);
//! - `Sch`/`Schs`/`Schedule(s)` N, optionally followed by `para`/`paras`/`paragraph(s)` M
//!   with bracketed parts; a later `para` without a schedule of its own is of the same
//!   schedule;
//! - `standard(s)` N.M (a national minimum standard and its paragraph); `para` with no
//!   schedule before it, N.M (a numbered paragraph of guidance or a report);
//! - after a reference: `-` or `to` (a range: "35(3)-(4)", "regs 11-12", "(a)-(d)"), `,`,
//!   `and`, `or`, `&` followed by a number (another one of the same kind: "regs 40, 42") or
//!   by a bracket (another part of the same one: "44(1), (4)"; "22C(7)(b) and (8)(c)" takes
//!   the (8) to the level of the (7)), and `onward(s)` (this part and every later one).
//!
//! Anything else is prose and skipped: a reference needs its keyword.

use serde::Serialize;

/// What a reference is a number of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    /// A regulation.
    Reg,
    /// A schedule, or a paragraph of one (path: schedule, paragraph, parts).
    Sch,
    /// A section of an Act.
    Section,
    /// A national minimum standard (path: standard, paragraph).
    Standard,
    /// A numbered paragraph of guidance or of a report.
    Para,
}

/// One provision named in text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProvisionRef {
    /// What it is a number of.
    pub kind: RefKind,
    /// The number and its parts, outermost first: reg 40(1)(c) is `40`, `1`, `c`;
    /// Sch 2 para 1(4) is `2`, `1`, `4`; standard 21.8 is `21`, `8`.
    pub path: Vec<String>,
    /// "N onward": the last part stands for itself and every later one.
    pub onward: bool,
}

impl ProvisionRef {
    /// Whether one of the two contains the other: "reg 40" and "reg 40(1)(c)" overlap, as do
    /// "Sch 2" and "Sch 2 para 1", and "Sch 2 paras 3 onward" and "Sch 2 para 7(b)".
    pub fn overlaps(&self, other: &ProvisionRef) -> bool {
        if self.kind != other.kind {
            return false;
        }
        let n = self.path.len().min(other.path.len());
        (0..n).all(|i| {
            let (a, b) = (&self.path[i], &other.path[i]);
            if self.onward && i + 1 == self.path.len() {
                at_or_after(b, a)
            } else if other.onward && i + 1 == other.path.len() {
                at_or_after(a, b)
            } else {
                a.eq_ignore_ascii_case(b)
            }
        })
    }

    /// As written in a citation: "reg 40(1)(c)", "Sch 2 para 1(4)", "s.22C", "standard 21.8".
    pub fn show(&self) -> String {
        let parts = |from: usize| -> String { self.path.iter().skip(from).map(|p| format!("({p})")).collect() };
        let head = self.path.first().map_or("", String::as_str);
        let mut s = match self.kind {
            RefKind::Reg => format!("reg {head}{}", parts(1)),
            RefKind::Section => format!("s.{head}{}", parts(1)),
            RefKind::Sch => match self.path.get(1) {
                Some(para) => format!("Sch {head} para {para}{}", parts(2)),
                None => format!("Sch {head}"),
            },
            RefKind::Standard => format!("standard {}", self.path.join(".")),
            RefKind::Para => format!("para {}", self.path.join(".")),
        };
        if self.onward {
            s.push_str(" onward");
        }
        s
    }
}

/// Whether part `a` is `b` or a later one: by number where both have one ("12" after "3",
/// "27B" after "27A"), by letters otherwise.
fn at_or_after(a: &str, b: &str) -> bool {
    let split = |s: &str| {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        (s[..digits].parse::<u64>().ok(), s[digits..].to_ascii_lowercase())
    };
    match (split(a), split(b)) {
        ((Some(x), xs), (Some(y), ys)) => (x, xs) >= (y, ys),
        ((None, xs), (None, ys)) => xs >= ys,
        _ => false,
    }
}

/// What the reader found, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// An instrument is named: `Some(i)` for the i-th of the aliases given, `None` for one
    /// they do not know ("SI 2013/3239", "Police Act 1997", "the 2002 regulations"), whose
    /// references are not ours to check.
    Instrument(Option<usize>),
    /// A provision.
    Ref(ProvisionRef),
}

/// Every provision named in `text`, ignoring instruments.
pub fn refs(text: &str) -> Vec<ProvisionRef> {
    scan(text, &[])
        .into_iter()
        .filter_map(|t| match t {
            Token::Ref(r) => Some(r),
            Token::Instrument(_) => None,
        })
        .collect()
}

/// Read `text` into instrument mentions and references. `aliases` are (lower-case alias,
/// instrument number); the longest alias that matches at a word's start wins.
pub fn scan(text: &str, aliases: &[(String, usize)]) -> Vec<Token> {
    let mut by_length: Vec<&(String, usize)> = aliases.iter().filter(|(a, _)| !a.is_empty()).collect();
    by_length.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    let lower = text.to_ascii_lowercase();
    let mut r = Reader {
        s: lower.as_bytes(),
        orig: text.as_bytes(),
        at: 0,
        out: Vec::new(),
        schedule: None,
    };
    while r.at < r.s.len() {
        if r.word_start() {
            if let Some((alias, inst)) = by_length.iter().find(|(a, _)| r.word_at(a)) {
                r.at += alias.len();
                r.out.push(Token::Instrument(Some(*inst)));
                r.schedule = None;
                continue;
            }
            if let Some(len) = r.foreign_instrument() {
                r.at += len;
                r.out.push(Token::Instrument(None));
                r.schedule = None;
                continue;
            }
            if r.reference() {
                continue;
            }
        }
        r.at += 1;
    }
    r.out
}

const KEYWORDS: &[(&str, RefKind)] = &[
    ("regulations", RefKind::Reg),
    ("regulation", RefKind::Reg),
    ("regs", RefKind::Reg),
    ("reg", RefKind::Reg),
    ("schedules", RefKind::Sch),
    ("schedule", RefKind::Sch),
    ("schs", RefKind::Sch),
    ("sch", RefKind::Sch),
    ("paragraphs", RefKind::Para),
    ("paragraph", RefKind::Para),
    ("paras", RefKind::Para),
    ("para", RefKind::Para),
    ("sections", RefKind::Section),
    ("section", RefKind::Section),
    ("ss.", RefKind::Section),
    ("s.", RefKind::Section),
    ("standards", RefKind::Standard),
    ("standard", RefKind::Standard),
];

struct Reader<'a> {
    /// The text in lower case (same byte positions: only ASCII letters change).
    s: &'a [u8],
    /// The text as written (for the case of "22C").
    orig: &'a [u8],
    at: usize,
    out: Vec<Token>,
    /// The schedule last named, for a `para` that follows without one.
    schedule: Option<String>,
}

/// How a bracketed part is numbered, to place "(8)" of "(7)(b) and (8)" at the level of the
/// "(7)".
#[derive(PartialEq, Clone, Copy)]
enum Level {
    Number,
    Letter,
    Roman,
}

fn level(part: &str, after: Option<Level>) -> Level {
    let p = part.to_ascii_lowercase();
    if p.starts_with(|c: char| c.is_ascii_digit()) {
        Level::Number
    } else if p.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l')) && (p.len() > 1 || after == Some(Level::Letter)) {
        // "(ii)" is a roman number; "(i)" only under a lettered part: after (h) it is a letter,
        // but letters are rarely written that far
        Level::Roman
    } else {
        Level::Letter
    }
}

fn levels(parts: &[String]) -> Vec<Level> {
    let mut out: Vec<Level> = Vec::new();
    for p in parts {
        let l = level(p, out.last().copied());
        out.push(l);
    }
    out
}

/// Where the last part of `path` stands in its own sequence, for the `map-gap` rule: "(3)"
/// is third, "(c)" third, "(iii)" third; a number with a letter suffix (27A, an inserted
/// provision) stands in no sequence and gives `None`. `first_part` is where the bracketed
/// parts start (1 for a regulation, 2 for a paragraph of a schedule), so that the kind of
/// "(i)" is read as the parts before it read it. The kind of numbering (0 number, 1 letter,
/// 2 roman) comes first, so only like is compared with like.
pub fn position(path: &[String], first_part: usize) -> Option<(u8, u32)> {
    let last = path.last()?;
    if path.len() <= first_part {
        // a head (regulation, schedule, paragraph of a schedule, standard): digits only
        return last.parse::<u32>().ok().map(|n| (0, n));
    }
    let lv = levels(&path[first_part..]);
    match lv.last()? {
        Level::Number => last.parse::<u32>().ok().map(|n| (0, n)),
        Level::Roman => ROMAN
            .iter()
            .position(|r| r.eq_ignore_ascii_case(last))
            .and_then(|i| u32::try_from(i + 1).ok())
            .map(|n| (2, n)),
        Level::Letter => {
            let b = last.as_bytes();
            (b.len() == 1 && b[0].is_ascii_alphabetic()).then(|| (1, u32::from(b[0].to_ascii_lowercase() - b'a') + 1))
        }
    }
}

/// The part that stands `n`th in a sequence of the numbering `kind` gives (0 number,
/// 1 letter, 2 roman): the inverse of [`position`], to name a part the map skips.
pub fn part_name(kind: u8, n: u32) -> String {
    match kind {
        1 => u8::try_from(n)
            .ok()
            .filter(|n| (1..=26).contains(n))
            .map_or_else(|| n.to_string(), |n| char::from(b'a' + n - 1).to_string()),
        2 => usize::try_from(n)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| ROMAN.get(i))
            .map_or_else(|| n.to_string(), |r| (*r).to_string()),
        _ => n.to_string(),
    }
}

impl Reader<'_> {
    fn word_start(&self) -> bool {
        self.at == 0 || !self.s[self.at - 1].is_ascii_alphanumeric()
    }

    fn rest(&self) -> &[u8] {
        &self.s[self.at..]
    }

    /// Whether `word` is written here, ending at a word's end.
    fn word_at(&self, word: &str) -> bool {
        let rest = self.rest();
        rest.starts_with(word.as_bytes())
            && (word.ends_with('.') || rest.get(word.len()).is_none_or(|c| !c.is_ascii_alphanumeric()))
    }

    /// An instrument named in a way no map knows: "SI 2013/3239", "... Act 1997",
    /// "... Regulations 2010", "the 2002 regulations". Its length.
    fn foreign_instrument(&self) -> Option<usize> {
        let rest = self.rest();
        let digits = |from: usize| rest.iter().skip(from).take_while(|c| c.is_ascii_digit()).count();
        let year_after = |word: &str| -> Option<usize> {
            let n = word.len();
            (rest.starts_with(word.as_bytes()) && digits(n) == 4).then_some(n + 4)
        };
        if rest.starts_with(b"si ") && digits(3) == 4 && rest.get(7) == Some(&b'/') {
            return Some(8 + digits(8));
        }
        if let Some(n) = year_after("act ")
            .or_else(|| year_after("regulations "))
            .or_else(|| year_after("order "))
        {
            return Some(n);
        }
        if digits(0) == 4 && rest[4..].starts_with(b" regulations") {
            return Some(16);
        }
        // an abbreviation in capitals and a year: "CA 1989", "CSA 2000", "MCA 2005" (the
        // maps' own, "CHR 2015", are aliases and were tried first)
        let orig = &self.orig[self.at..];
        let caps = orig.iter().take_while(|c| c.is_ascii_uppercase()).count();
        if (2..=6).contains(&caps) && orig.get(caps) == Some(&b' ') && digits(caps + 1) == 4 {
            return Some(caps + 5);
        }
        None
    }

    fn skip_spaces(&mut self) {
        while self.at < self.s.len() && self.s[self.at] == b' ' {
            self.at += 1;
        }
    }

    /// A reference starting here: its keyword, then its numbers. False (and nothing read)
    /// when there is none.
    fn reference(&mut self) -> bool {
        let start = self.at;
        let Some((word, kind)) = KEYWORDS.iter().find(|(w, _)| self.word_at(w)) else {
            return false;
        };
        self.at += word.len();
        if self.s.get(self.at) == Some(&b'.') {
            self.at += 1;
        }
        self.skip_spaces();
        if !self.s.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at = start + 1;
            return false;
        }
        match kind {
            RefKind::Sch => {
                let Some(sch) = self.number(false) else {
                    self.at = start + 1;
                    return false;
                };
                self.schedule = Some(sch.clone());
                // "Sch 2 para 1": the paragraph is of this schedule
                let before = self.at;
                self.skip_spaces();
                let para = ["paragraphs", "paragraph", "paras", "para"]
                    .iter()
                    .find(|w| self.word_at(w))
                    .map(|w| w.len());
                if let Some(n) = para {
                    self.at += n;
                    if self.s.get(self.at) == Some(&b'.') {
                        self.at += 1;
                    }
                    self.skip_spaces();
                    if self.s.get(self.at).is_some_and(u8::is_ascii_digit) {
                        self.list(RefKind::Sch, vec![sch], false);
                        return true;
                    }
                }
                self.at = before;
                self.push(ProvisionRef {
                    kind: RefKind::Sch,
                    path: vec![sch],
                    onward: false,
                });
                // "Schs 5, 6": more schedules
                self.more_heads(RefKind::Sch);
                true
            }
            RefKind::Para => match self.schedule.clone() {
                Some(sch) => {
                    self.list(RefKind::Sch, vec![sch], false);
                    true
                }
                None => {
                    self.list(RefKind::Para, Vec::new(), true);
                    true
                }
            },
            RefKind::Standard => {
                self.list(RefKind::Standard, Vec::new(), true);
                true
            }
            _ => {
                self.list(*kind, Vec::new(), false);
                true
            }
        }
    }

    /// "Schs 5, 6 and 9": further schedule numbers after the first.
    fn more_heads(&mut self, kind: RefKind) {
        loop {
            let save = self.at;
            if !self.separator() || !self.s.get(self.at).is_some_and(u8::is_ascii_digit) {
                self.at = save;
                return;
            }
            match self.number(false) {
                Some(n) => self.push(ProvisionRef {
                    kind,
                    path: vec![n],
                    onward: false,
                }),
                None => {
                    self.at = save;
                    return;
                }
            }
        }
    }

    /// A number with its suffix: "40", "27A", "8ZA"; with `dotted`, "21.8" as far as the dots
    /// go. The case of a suffix is kept as written.
    fn number(&mut self, dotted: bool) -> Option<String> {
        let start = self.at;
        while self.at < self.s.len() && self.s[self.at].is_ascii_digit() {
            self.at += 1;
        }
        if self.at == start {
            return None;
        }
        if dotted {
            while self.s.get(self.at) == Some(&b'.') && self.s.get(self.at + 1).is_some_and(u8::is_ascii_digit) {
                self.at += 1;
                while self.at < self.s.len() && self.s[self.at].is_ascii_digit() {
                    self.at += 1;
                }
            }
        } else {
            // a letter suffix, at most three letters, not the start of a word ("12 and")
            let suffix = self.s[self.at..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
            if (1..=3).contains(&suffix) && self.orig[self.at..self.at + suffix].iter().all(u8::is_ascii_uppercase) {
                self.at += suffix;
            }
        }
        Some(String::from_utf8_lossy(&self.orig[start..self.at]).into_owned())
    }

    /// Bracketed parts written right after: "(1)(c)".
    fn parts(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while self.s.get(self.at) == Some(&b'(') {
            let inner = self.s[self.at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            if inner == 0 || inner > 6 || self.s.get(self.at + 1 + inner) != Some(&b')') {
                break;
            }
            out.push(String::from_utf8_lossy(&self.orig[self.at + 1..self.at + 1 + inner]).into_owned());
            self.at += inner + 2;
        }
        out
    }

    /// One reference's path, after its keyword: `prefix` (the schedule) then the number and
    /// its parts. With `dotted`, a dotted number and no parts.
    fn one(&mut self, prefix: &[String], dotted: bool) -> Option<Vec<String>> {
        let head = self.number(dotted)?;
        let mut path = prefix.to_vec();
        if dotted {
            path.extend(head.split('.').map(str::to_string));
        } else {
            path.push(head);
            path.extend(self.parts());
        }
        Some(path)
    }

    /// `,` `and` `or` `&` between two references; true (and read) when there is one.
    fn separator(&mut self) -> bool {
        let save = self.at;
        self.skip_spaces();
        let mut found = false;
        if matches!(self.s.get(self.at), Some(b',' | b'&')) {
            self.at += 1;
            found = true;
            self.skip_spaces();
        }
        for w in ["and ", "or "] {
            if self.rest().starts_with(w.as_bytes()) {
                self.at += w.len();
                found = true;
                self.skip_spaces();
                break;
            }
        }
        if !found {
            self.at = save;
        }
        found
    }

    /// `-`, `–` or `to` between the ends of a range; true (and read) when there is one.
    fn range_mark(&mut self) -> bool {
        let save = self.at;
        self.skip_spaces();
        for w in ["-", "\u{2013}", "to "] {
            if self.rest().starts_with(w.as_bytes()) {
                self.at += w.len();
                self.skip_spaces();
                return true;
            }
        }
        self.at = save;
        false
    }

    /// The references after a keyword, with their ranges, continuations and "onward".
    fn list(&mut self, kind: RefKind, prefix: Vec<String>, dotted: bool) {
        let Some(mut last) = self.one(&prefix, dotted) else {
            return;
        };
        // where the number starts in the path (after the schedule)
        let base = prefix.len();
        let mut pending = vec![last.clone()];
        loop {
            let save = self.at;
            if self.range_mark() {
                let end = if self.s.get(self.at) == Some(&b'(') {
                    let parts = self.parts();
                    (!parts.is_empty()).then(|| sibling(&last, base, &parts))
                } else {
                    self.one(&prefix, dotted)
                };
                match end {
                    Some(end) => {
                        pending.pop();
                        pending.extend(expand(&last, &end));
                        last = end;
                        continue;
                    }
                    None => {
                        self.at = save;
                        break;
                    }
                }
            }
            if self.onward_word() {
                for p in pending.drain(..) {
                    self.push(ProvisionRef {
                        kind,
                        path: p,
                        onward: true,
                    });
                }
                continue;
            }
            if self.separator() {
                if self.s.get(self.at) == Some(&b'(') {
                    let parts = self.parts();
                    if !parts.is_empty() {
                        self.flush(kind, &mut pending);
                        last = sibling(&last, base, &parts);
                        pending.push(last.clone());
                        continue;
                    }
                } else if self.s.get(self.at).is_some_and(u8::is_ascii_digit) {
                    if let Some(next) = self.one(&prefix, dotted) {
                        self.flush(kind, &mut pending);
                        last = next;
                        pending.push(last.clone());
                        continue;
                    }
                }
            }
            self.at = save;
            break;
        }
        self.flush(kind, &mut pending);
    }

    fn onward_word(&mut self) -> bool {
        let save = self.at;
        self.skip_spaces();
        for w in ["onwards", "onward"] {
            if self.word_at(w) {
                self.at += w.len();
                return true;
            }
        }
        self.at = save;
        false
    }

    fn flush(&mut self, kind: RefKind, pending: &mut Vec<Vec<String>>) {
        for p in pending.drain(..) {
            self.push(ProvisionRef {
                kind,
                path: p,
                onward: false,
            });
        }
    }

    fn push(&mut self, r: ProvisionRef) {
        self.out.push(Token::Ref(r));
    }
}

/// "(8)(c)" after "22C(7)(b)": the new parts replace the old from the level of the first of
/// them ("(8)" is a number, so it replaces the "(7)"), or are added when the old has no part
/// of that level.
fn sibling(last: &[String], base: usize, parts: &[String]) -> Vec<String> {
    let head = base + 1;
    let old = levels(&last[head.min(last.len())..]);
    let first = match parts.first() {
        Some(p) => {
            // "(i)" is roman when the old path has a roman level
            let roman = old.contains(&Level::Roman);
            let l = level(p, None);
            if l == Level::Letter && roman && p.chars().all(|c| matches!(c.to_ascii_lowercase(), 'i' | 'v' | 'x')) {
                Level::Roman
            } else {
                l
            }
        }
        None => return last.to_vec(),
    };
    let keep = match old.iter().rposition(|l| *l == first) {
        Some(i) => head + i,
        None => last.len(),
    };
    let mut out = last[..keep.min(last.len())].to_vec();
    out.extend(parts.iter().cloned());
    out
}

/// The references a range stands for: both ends, and every one between where the ends
/// differ in one part that counts (1 to 6, a to d, ii to iv, 47A to 47K).
fn expand(from: &[String], to: &[String]) -> Vec<Vec<String>> {
    let Some(d) = (0..from.len().min(to.len())).find(|&i| !from[i].eq_ignore_ascii_case(&to[i])) else {
        return vec![from.to_vec(), to.to_vec()];
    };
    let between = between(&from[d], &to[d]);
    let mut out = vec![from.to_vec()];
    for mid in between {
        let mut p = from[..d].to_vec();
        p.push(mid);
        out.push(p);
    }
    out.push(to.to_vec());
    out.dedup();
    out
}

const ROMAN: &[&str] = &[
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii",
    "xviii", "xix", "xx",
];

/// The parts strictly between two, when they count: numbers (at most 200 apart), single
/// letters, roman numbers to xx, or one number with letter suffixes (47A to 47K).
fn between(a: &str, b: &str) -> Vec<String> {
    if let (Ok(x), Ok(y)) = (a.parse::<u32>(), b.parse::<u32>()) {
        if x < y && y - x <= 200 {
            return (x + 1..y).map(|n| n.to_string()).collect();
        }
        return Vec::new();
    }
    if let (Some(x), Some(y)) = (
        ROMAN.iter().position(|r| r.eq_ignore_ascii_case(a)),
        ROMAN.iter().position(|r| r.eq_ignore_ascii_case(b)),
    ) {
        if a.len() > 1 || b.len() > 1 {
            return ROMAN[(x + 1).min(y)..y].iter().map(|r| (*r).to_string()).collect();
        }
    }
    let single = |s: &str| (s.len() == 1 && s.as_bytes()[0].is_ascii_alphabetic()).then(|| s.as_bytes()[0]);
    if let (Some(x), Some(y)) = (single(a), single(b)) {
        return (x + 1..y).map(|c| (c as char).to_string()).collect();
    }
    // 47A to 47K: the same number, a one-letter suffix
    let split = |s: &str| {
        let d = s.bytes().take_while(u8::is_ascii_digit).count();
        (s[..d].to_string(), s[d..].to_string())
    };
    let ((na, sa), (nb, sb)) = (split(a), split(b));
    if !na.is_empty() && na == nb {
        if let (Some(x), Some(y)) = (single(&sa), single(&sb)) {
            return (x + 1..y).map(|c| format!("{na}{}", c as char)).collect();
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<String> {
        refs(text).iter().map(ProvisionRef::show).collect()
    }

    #[test]
    fn reads_the_forms_citations_use() {
        assert_eq!(shown("reg 40(1)(c)"), ["reg 40(1)(c)"]);
        assert_eq!(
            shown("regs 11-12 (maximum period of a first order)"),
            ["reg 11", "reg 12"]
        );
        assert_eq!(shown("reg 35(3)-(4)"), ["reg 35(3)", "reg 35(4)"]);
        assert_eq!(shown("reg 44(1), (4), (7)"), ["reg 44(1)", "reg 44(4)", "reg 44(7)"]);
        assert_eq!(
            shown("regs 40(1), 42 and 43 (eligible children)"),
            ["reg 40(1)", "reg 42", "reg 43"]
        );
        assert_eq!(
            shown("Sch 2 para 1(4)(a)-(c)"),
            ["Sch 2 para 1(4)(a)", "Sch 2 para 1(4)(b)", "Sch 2 para 1(4)(c)"]
        );
        assert_eq!(
            shown("reg 14(2)(a); Sch 1 paras 1 and 3(b)"),
            ["reg 14(2)(a)", "Sch 1 para 1", "Sch 1 para 3(b)"]
        );
        assert_eq!(
            shown("s.22C(7)(b) and (8)(c) (so far as reasonably practicable)"),
            ["s.22C(7)(b)", "s.22C(8)(c)"]
        );
        assert_eq!(shown("reg 7(2)(b)(ii) and (c)"), ["reg 7(2)(b)(ii)", "reg 7(2)(c)"]);
        assert_eq!(shown("NMS-F standard 7.3-7.4"), ["standard 7.3", "standard 7.4"]);
        assert_eq!(shown("regs 47A-47C (Part 8A)"), ["reg 47A", "reg 47B", "reg 47C"]);
        assert_eq!(shown("Sch 5, Sch 6 and Sch 9"), ["Sch 5", "Sch 6", "Sch 9"]);
        assert_eq!(shown("Schs 5, 6"), ["Sch 5", "Sch 6"]);
        assert_eq!(
            shown("reg 32(1)-(3) and Sch 2"),
            ["reg 32(1)", "reg 32(2)", "reg 32(3)", "Sch 2"]
        );
        assert_eq!(shown("reg 28(1), (3) onward"), ["reg 28(1)", "reg 28(3) onward"]);
        assert_eq!(
            shown("Sch 2 para 1(5) onward, para 3 onward"),
            ["Sch 2 para 1(5) onward", "Sch 2 para 3 onward"]
        );
        assert_eq!(
            shown("reg 5(1)-(2)(a), (f)"),
            ["reg 5(1)", "reg 5(2)(a)", "reg 5(2)(f)"]
        );
        assert_eq!(shown("reg 8ZA, reg 8"), ["reg 8ZA", "reg 8"]);
    }

    #[test]
    fn prose_is_not_a_reference() {
        // numbers without a keyword, a bracket after a space, words after a number
        assert!(shown("within 28 days (a revision is sent)").is_empty());
        assert_eq!(
            shown("reg 16(3)(b) (a revision is sent to HMCI within 28 days)"),
            ["reg 16(3)(b)"]
        );
        assert_eq!(shown("reg 12 and then 5 more"), ["reg 12"]);
        assert_eq!(shown("the regulations say"), Vec::<String>::new());
        assert_eq!(shown("reg 2(1), definition of \"children's guide\""), ["reg 2(1)"]);
    }

    #[test]
    fn instruments_named_inline_take_the_references_that_follow() {
        let aliases = vec![("chr".to_string(), 0), ("sar".to_string(), 1), ("sar91".to_string(), 2)];
        let t = scan("CHR reg 34(4); SAR reg 21; SAR91 regs 5 and 10", &aliases);
        let r = |s: &str| Token::Ref(refs(s).remove(0));
        assert_eq!(
            t,
            vec![
                Token::Instrument(Some(0)),
                r("reg 34(4)"),
                Token::Instrument(Some(1)),
                r("reg 21"),
                Token::Instrument(Some(2)),
                r("reg 5"),
                r("reg 10"),
            ]
        );
        // an instrument no map knows takes its references away from the one before it
        let t = scan("CHR reg 11(1) as amended by SI 2013/3239 reg 18", &aliases);
        assert_eq!(
            t,
            vec![
                Token::Instrument(Some(0)),
                r("reg 11(1)"),
                Token::Instrument(None),
                r("reg 18"),
            ]
        );
        let t = scan(
            "read from reg 29(2) of the 2002 regulations; Police Act 1997 s.113B",
            &[],
        );
        assert_eq!(t[1], Token::Instrument(None));
        assert_eq!(t[2], Token::Instrument(None));
        // an abbreviated Act takes its sections away from the regulations named before it
        let t = scan("CHR reg 8 and CA 1989 s.22(3A); in 2017 reg 9", &aliases);
        assert_eq!(
            t,
            vec![
                Token::Instrument(Some(0)),
                r("reg 8"),
                Token::Instrument(None),
                r("s.22(3A)"),
                r("reg 9"),
            ]
        );
    }

    #[test]
    fn overlapping_is_containment_either_way() {
        let one = |s: &str| refs(s).remove(0);
        assert!(one("reg 40").overlaps(&one("reg 40(1)(c)")));
        assert!(one("reg 40(1)(c)").overlaps(&one("reg 40")));
        assert!(!one("reg 40(1)").overlaps(&one("reg 40(2)")));
        assert!(!one("reg 4").overlaps(&one("reg 40")));
        assert!(one("Sch 2").overlaps(&one("Sch 2 para 1(3)")));
        assert!(!one("Sch 2").overlaps(&one("reg 2")));
        assert!(one("Sch 2 paras 3 onward").overlaps(&one("Sch 2 para 12(b)")));
        assert!(!one("Sch 2 paras 3 onward").overlaps(&one("Sch 2 para 2")));
        assert!(one("standard 21").overlaps(&one("standard 21.8")));
        assert!(one("s.22C").overlaps(&one("s.22C(8)")));
        assert!(!one("s.22").overlaps(&one("s.22C")));
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_without_panic(text in "\\PC{0,80}") {
            let _ = scan(&text, &[("chr".into(), 0)]);
        }

        #[test]
        fn reference_like_text_reads_without_panic(text in "(reg|Sch|para|s\\.|standard|,| |and|-|\\(|\\)|[0-9]|[a-dA-Z]|onward){0,30}") {
            let _ = refs(&text);
        }
    }
}
