//! Words a registered manager acts on: what a field takes, a line to copy, records named
//! as people count them ("child 3 (C-0003)"), and hints for dates as people write them.
//!
//! Messages that reach a provider never say "mapping", "scalar" or `children[2]`.

use crate::dates::Date;
use crate::node::{Node, NodeKind};
use crate::schema::{Obj, Ty};

/// What a field takes, in plain words.
pub fn expected(ty: &Ty) -> String {
    match ty {
        Ty::Obj(o) => format!(
            "its parts ({}), written in braces",
            o.fields.iter().take(4).map(|f| f.name).collect::<Vec<_>>().join(", ")
                + if o.fields.len() > 4 { ", ..." } else { "" }
        ),
        Ty::List(inner) => match inner.as_ref() {
            Ty::Obj(_) => "a list of entries, one per line starting with `- `".into(),
            Ty::Date => "a list of dates in square brackets".into(),
            Ty::Enum(_) => "a list of words in square brackets".into(),
            _ => "a list in square brackets".into(),
        },
        other => other.describe(),
    }
}

/// An example value of a type, as YAML a manager can copy.
pub fn example(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "true".into(),
        Ty::Int { min, max } => {
            let n = if (*min..=*max).contains(&14) { 14 } else { (*min).max(0) };
            n.to_string()
        }
        Ty::Num => "18.5".into(),
        Ty::Str => "text".into(),
        Ty::Ref(list) => match *list {
            "children" => "C-01".into(),
            _ => "H-01".into(),
        },
        Ty::Date => "2026-05-14".into(),
        Ty::Timestamp => "2026-07-04T21:30:00+01:00".into(),
        Ty::Enum(words) => words.first().copied().unwrap_or("").to_string(),
        Ty::List(inner) => match inner.as_ref() {
            Ty::Obj(o) => format!("\n  - {}", example_obj(o)),
            t => format!("[{}]", example(t)),
        },
        Ty::Obj(o) => example_obj(o),
    }
}

fn example_obj(o: &Obj) -> String {
    let parts: Vec<String> = o
        .fields
        .iter()
        .filter(|f| !matches!(f.ty, Ty::Obj(_) | Ty::List(_)))
        .take(4)
        .map(|f| {
            // plausible together: an approval for ages 0 to 17, three children at most
            let value = match (f.name, &f.ty) {
                ("age_min" | "min", Ty::Int { .. }) => "0".to_string(),
                ("age_max" | "max", Ty::Int { .. }) => "17".to_string(),
                ("max_children", Ty::Int { .. }) => "3".to_string(),
                _ => example(&f.ty),
            };
            format!("{}: {value}", f.name)
        })
        .collect();
    format!("{{{}}}", parts.join(", "))
}

/// The help for a value that could not be read: a line to copy, and what a blank means.
pub fn write_instead(key: &str, ty: &Ty, found: &Node) -> String {
    let mut h = String::new();
    if let (Ty::Int { .. } | Ty::Num, NodeKind::Str(s)) = (ty, &found.kind) {
        if let Some(n) = without_percent(s) {
            h.push_str(&format!("write the number without %: `{key}: {n}`. "));
        }
    }
    if let (Ty::Date | Ty::Timestamp, NodeKind::Str(s)) = (ty, &found.kind) {
        h.push_str(&date_hint(s));
    }
    if let (Ty::List(_), NodeKind::Str(s)) = (ty, &found.kind) {
        if says_none(s) {
            h.push_str(&format!("for none, write an empty list: `{key}: []`. "));
        }
    }
    let ex = example(ty);
    if ex.starts_with('\n') {
        h.push_str(&format!("Write it like this:\n{key}:{ex}"));
    } else {
        h.push_str(&format!("Write it like this: `{key}: {ex}`"));
    }
    if matches!(ty, Ty::List(_)) && !h.contains("[]") {
        h.push_str(&format!(" (for none: `{key}: []`)"));
    }
    h.push_str(&format!(
        ". If you do not know, leave it blank (`{key}: null`): it is listed as not reported, never as a breach"
    ));
    h
}

/// How a date as people write it might have been meant: `14/05/2026` is 14 May 2026 in
/// England; `2026-02-30` does not exist.
pub fn date_hint(s: &str) -> String {
    if let Some(date) = british_date(s) {
        return format!("did you mean {date}? Dates are written year-month-day. ");
    }
    let t = s.trim();
    let parts: Vec<&str> = t.split(['/', '.', '-', ' ']).filter(|p| !p.is_empty()).collect();
    let num = |p: &str| p.parse::<u32>().ok();
    if parts.len() == 3 {
        // a month in words: `3 March 2026`, `March 3, 2026`, `3rd Mar 2026`
        if let Some(date) = with_month_name(&parts) {
            return format!("did you mean {date}? Dates are written year-month-day. ");
        }
        // year/month/day with other separators: `2026/07/02`, `2026.07.02`
        if let (Some(y), Some(m), Some(d)) = (num(parts[0]), num(parts[1]), num(parts[2])) {
            if parts[0].len() == 4 && !t.contains('-') {
                if let Some(date) = Date::from_ymd(y as i32, m, d) {
                    return format!("did you mean {date}? Dates are written year-month-day, with dashes. ");
                }
            }
        }
        // year-month-day that does not exist
        if let (Some(y), Some(m), Some(d)) = (num(parts[0]), num(parts[1]), num(parts[2])) {
            if parts[0].len() == 4 && (1..=12).contains(&m) && d > 0 {
                let last = (28..=31)
                    .rev()
                    .find(|n| Date::from_ymd(y as i32, m, *n).is_some())
                    .unwrap_or(28);
                if d > last {
                    return format!("{} {y} has {last} days. ", month_name(m));
                }
            }
            if parts[0].len() == 4 && m > 12 {
                return format!("there is no month {m}: dates are written year-month-day. ");
            }
        }
    }
    String::new()
}

/// What a number field measures, when a number was written with a unit of its own
/// (`45 miles` in `travel_minutes_to_home`): the field's unit, said plainly, so the manager
/// converts rather than guesses. `None` when the text is not a number and a unit, or the
/// field's name gives no unit.
pub fn other_unit(key: &str, written: &str) -> Option<String> {
    let t = written.trim();
    let digits = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let number = &t[..t.len() - digits.len()];
    let unit = digits.trim().to_ascii_lowercase();
    if number.is_empty() || unit.is_empty() || !unit.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') {
        return None;
    }
    let (measures, field_unit) = if key.contains("travel") && key.contains("minutes") {
        ("travel time", "minutes")
    } else if key.contains("minutes") {
        ("a time", "minutes")
    } else if key.contains("hours") {
        ("a time", "hours")
    } else if key.contains("days") {
        ("a count", "days")
    } else if key.contains("pct") {
        ("a share", "per cent")
    } else {
        return None;
    };
    if unit.starts_with(field_unit.trim_end_matches('s')) {
        return Some(format!("write the number alone, without `{unit}`."));
    }
    Some(format!(
        "`{key}` is {measures} in {field_unit}, not {unit}: write the number of {field_unit} alone."
    ))
}

/// A date written with its month in words, day and month in either order, the year last.
fn with_month_name(parts: &[&str]) -> Option<Date> {
    let [a, b, year] = parts else { return None };
    let day = |p: &str| {
        let p = p.trim_end_matches(',');
        let digits = p.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &p[digits.len()..];
        let ok = matches!(suffix.to_ascii_lowercase().as_str(), "" | "st" | "nd" | "rd" | "th");
        if ok && !digits.is_empty() && digits.len() <= 2 {
            digits.parse::<u32>().ok()
        } else {
            None
        }
    };
    let month = |p: &str| {
        let w = p.trim_end_matches([',', '.']).to_ascii_lowercase();
        if w.len() < 3 {
            return None;
        }
        (1..=12u32).find(|&m| month_name(m).to_ascii_lowercase().starts_with(&w))
    };
    let y = year
        .trim_end_matches(',')
        .parse::<i32>()
        .ok()
        .filter(|_| year.len() == 4)?;
    let (d, m) = match (day(a), month(b), month(a), day(b)) {
        (Some(d), Some(m), _, _) | (_, _, Some(m), Some(d)) => (d, m),
        _ => return None,
    };
    Date::from_ymd(y, m, d)
}

/// A date written day/month/year, as dates are written in England (`03/07/2026` is 3 July
/// 2026), when it is one: the did-you-mean of [`date_hint`] and the fix `check --fix`
/// applies both come from here.
pub fn british_date(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s.trim().split(['/', '.', '-', ' ']).filter(|p| !p.is_empty()).collect();
    let [d, m, y] = parts.as_slice() else { return None };
    if y.len() != 4 || d.len() > 2 {
        return None;
    }
    let (d, m, y) = (d.parse::<u32>().ok()?, m.parse::<u32>().ok()?, y.parse::<i32>().ok()?);
    Date::from_ymd(y, m, d)
}

/// `yes`, `no` and their kin, which YAML 1.2 reads as words, as the true or false they
/// mean.
pub fn yes_no(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "on" => Some(true),
        "no" | "n" | "off" => Some(false),
        _ => None,
    }
}

/// A number written with a per cent sign (`85%`), without it, as the help shows it.
pub fn without_percent(s: &str) -> Option<&str> {
    let t = s.trim();
    t.ends_with('%').then(|| t.trim_end_matches('%').trim())
}

/// Words that mean "none" where a list is asked for.
pub fn says_none(s: &str) -> bool {
    matches!(s.trim().to_ascii_lowercase().as_str(), "none" | "no" | "n/a" | "nil")
}

fn month_name(m: u32) -> &'static str {
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    .get(m as usize - 1)
    .copied()
    .unwrap_or("That month")
}

/// The allowed word that shares the most words with what was written (`24 hour on
/// site` -> `24h_on_site`, `prevent injury to self` -> `prevent_injury`), when one stands out.
pub fn by_meaning<'a>(written: &str, words: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| -> Vec<String> {
        s.to_ascii_lowercase()
            .replace("hour", "h")
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() > 1 || w.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_string)
            .collect()
    };
    let mine = norm(written);
    if mine.is_empty() || written.len() > 80 {
        return None;
    }
    let mut best: Option<(usize, &'a str)> = None;
    let mut tie = false;
    for w in words {
        let theirs = norm(&w.replace('_', " "));
        let shared = theirs
            .iter()
            .filter(|t| {
                mine.iter().any(|m| {
                    m == *t || (m.len() > 3 && t.starts_with(m.as_str())) || (t.len() > 3 && m.starts_with(t.as_str()))
                })
            })
            .count();
        if shared == 0 {
            continue;
        }
        match best {
            Some((b, _)) if shared < b => {}
            Some((b, _)) if shared == b => tie = true,
            _ => {
                best = Some((shared, w));
                tie = false;
            }
        }
    }
    if tie {
        None
    } else {
        best.map(|(_, w)| w)
    }
}

/// A YAML slip explained in words, found on the line the parser stopped at or the one
/// before it: (message, help, byte offset of the line). Tabs, a missing space after a
/// colon, and text containing `: ` without quotes are the usual ones.
pub fn yaml_slip(text: &str, error_line: usize) -> Option<(String, String, usize)> {
    let lines = yaml_lines(text);
    let lo = error_line.saturating_sub(2);
    let hi = (error_line + 1).min(lines.len());
    let candidates: Vec<(usize, usize, &str)> = (lo..hi)
        .filter_map(|i| lines.get(i).map(|(at, l)| (i + 1, *at, *l)))
        .collect();
    for (n, at, l) in &candidates {
        let indent: &str = &l[..l.len() - l.trim_start_matches([' ', '\t']).len()];
        if indent.contains('\t') {
            return Some((
                format!("line {n} is indented with a tab"),
                "indent with spaces only (two per level): YAML does not allow tabs there".into(),
                *at,
            ));
        }
    }
    // a line that goes on with brackets opened above is not a `key: value` line: its slip,
    // if any, is its indentation (audit v3 B22)
    let open = open_brackets(&lines, hi);
    for (n, at, l) in &candidates {
        let Some((m, open_indent)) = open[n - 1] else { continue };
        let indent = l.len() - l.trim_start_matches(' ').len();
        if indent <= open_indent && !l.trim().is_empty() {
            return Some((
                format!("line {n} goes on with the brackets opened on line {m}, but is not indented past the start of line {m}"),
                format!("indent line {n} further than line {m}, or join the two lines"),
                *at,
            ));
        }
    }
    for (n, at, l) in &candidates {
        if open[n - 1].is_some() {
            continue;
        }
        let t = l.trim_start().trim_start_matches("- ");
        if let Some((k, v)) = t.split_once(':') {
            let key_like = !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if key_like && !v.is_empty() && !v.starts_with([' ', '/']) && !t.starts_with(['"', '\'', '{', '[']) {
                return Some((
                    format!(
                        "line {n}: no space after the colon in `{k}:{}`",
                        v.chars().take(20).collect::<String>()
                    ),
                    format!("put a space after the colon: `{k}: {}`", v.trim()),
                    *at,
                ));
            }
            let value = v.trim_start();
            if key_like && value.contains(": ") && !value.starts_with(['"', '\'', '{', '[', '|', '>']) {
                return Some((
                    format!("line {n}: the text of `{k}` contains \": \", which YAML reads as a new field"),
                    format!("put the text in quotes: `{k}: \"{}\"`", value.replace('"', "\\\"")),
                    *at,
                ));
            }
        }
    }
    None
}

/// The lines of a YAML text with the byte offset of each, split where YAML breaks lines:
/// at LF, CRLF or a CR alone, as the parser counts them (a file from an old Mac, or one
/// whose LFs were lost, is all CRs: split on LF only it was one line, and its hints were
/// lost, audit v3 B22).
pub(crate) fn yaml_lines(text: &str) -> Vec<(usize, &str)> {
    let b = text.as_bytes();
    let mut v = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while let Some(k) = memchr::memchr2(b'\n', b'\r', &b[i..]) {
        let at = i + k;
        v.push((start, &text[start..at]));
        i = if b[at] == b'\r' && b.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
        start = i;
    }
    if start < b.len() {
        v.push((start, &text[start..]));
    }
    v
}

/// For each of the first `upto` lines: when it begins inside a bracketed (flow) collection
/// opened on an earlier line, that line's number (from 1) and its indentation. Brackets in
/// quotes and comments are not counted; in block text a bracket opens a collection only
/// where a value starts.
fn open_brackets(lines: &[(usize, &str)], upto: usize) -> Vec<Option<(usize, usize)>> {
    let mut out = Vec::with_capacity(upto);
    let mut depth = 0usize;
    let mut opener: Option<(usize, usize)> = None;
    for (idx, (_, l)) in lines.iter().take(upto).enumerate() {
        out.push(if depth > 0 { opener } else { None });
        let b = l.as_bytes();
        let indent = l.len() - l.trim_start_matches(' ').len();
        let mut i = 0usize;
        // the last character before `i` that is not a space
        let mut prev: Option<u8> = None;
        while i < b.len() {
            let c = b[i];
            let token_start = i == 0 || matches!(b[i - 1], b' ' | b',' | b'[' | b'{' | b':');
            match b[i] {
                b'#' if i == 0 || b[i - 1] == b' ' => break,
                b'"' | b'\'' if token_start && (depth > 0 || matches!(prev, None | Some(b':' | b'-'))) => {
                    let q = b[i];
                    match b[i + 1..].iter().position(|c| *c == q) {
                        Some(k) => i += k + 1,
                        None => break,
                    }
                }
                b'[' | b'{' if depth > 0 || matches!(prev, None | Some(b':' | b'-')) => {
                    if depth == 0 {
                        opener = Some((idx + 1, indent));
                    }
                    depth += 1;
                }
                b']' | b'}' if depth > 0 => depth -= 1,
                _ => {}
            }
            if c != b' ' {
                prev = Some(b[i]);
            }
            i += 1;
        }
    }
    out
}

/// Lists whose entries people count and name: (list key, singular name), from the schema's
/// fields (`Field::noun`), the one place the format says what a record is called.
fn counted() -> &'static [(&'static str, &'static str)] {
    crate::schema::record_nouns()
}

/// A path such as `children[2].health.sdq_date` as people say it: "child 3 (C-0003),
/// health.sdq_date". The ref is looked up in the file's tree when the record has one.
pub fn people_path(path: &str, root: &Node) -> String {
    people_path_with(path, &|record: &str| {
        let mut node = Some(root);
        for seg in crate::strings::dotted(record) {
            let (key, idx) = crate::strings::key_index(seg);
            node = node.and_then(|n| n.get(key));
            if let Some(i) = idx {
                node = node.and_then(|n| match &n.kind {
                    NodeKind::Seq(items) => items.get(i),
                    _ => None,
                });
            }
        }
        node.and_then(|n| n.get("ref")).and_then(|r| match &r.kind {
            NodeKind::Str(s) => Some(s.clone()),
            NodeKind::Int(i) => Some(i.to_string()),
            _ => None,
        })
    })
}

/// [`people_path`] with the refs looked up by `ref_of` (given a record's concrete path,
/// such as `children[1]`).
pub fn people_path_with(path: &str, ref_of: &dyn Fn(&str) -> Option<String>) -> String {
    let (who, field) = split_people(path, ref_of);
    match (who.is_empty(), field.is_empty()) {
        (true, _) => field,
        (false, true) => who,
        (false, false) => format!("{who}: {field}"),
    }
}

/// A path split into the record people name ("child 2 (C-0003)", empty for the provider)
/// and the field within it (`health.sdq_date`).
pub fn split_people(path: &str, ref_of: &dyn Fn(&str) -> Option<String>) -> (String, String) {
    // built in place (every not-reported finding calls this): the record's words in `who`,
    // the field's names since the last record in `rest`; sized once, as growing each from
    // empty was a fifth of this function's work
    let mut who = String::with_capacity(path.len() + 24);
    let mut rest = String::with_capacity(path.len());
    let mut end = 0usize;
    for seg in crate::strings::dotted(path) {
        end += seg.len();
        let so_far = &path[..end];
        end += 1; // the dot
        let (key, idx) = crate::strings::key_index(seg);
        let counted = counted().iter().find(|(k, _)| *k == key).map(|(_, n)| *n);
        match idx {
            // an item of a list of plain values (`unannounced_visits[0]`) is the field
            // itself, never a record: named as it stands, so the message does not quote an
            // empty field (audit v3 B10)
            Some(_) if counted.is_none() && end > path.len() => {
                rest.clear();
                rest.push_str(seg);
            }
            Some(i) => {
                let name = counted.unwrap_or(key);
                if !who.is_empty() {
                    who.push_str(", ");
                }
                let mut digits = [0u8; 20];
                who.push_str(name);
                who.push(' ');
                who.push_str(crate::strings::decimal((i as u64).saturating_add(1), &mut digits));
                if let Some(r) = ref_of(so_far) {
                    who.push_str(" (");
                    who.push_str(&r);
                    who.push(')');
                }
                // what is inside a record is named from the record
                rest.clear();
            }
            None => {
                if !rest.is_empty() {
                    rest.push('.');
                }
                rest.push_str(key);
            }
        }
    }
    (who, rest)
}

// ---------------------------------------------------------------------------------------
// Findings in a manager's words: the human, HTML and Markdown reports put every finding's
// text through these, so a manager reads "S-02", "23 September 2026" and "placement plan
// date" where the JSON, SARIF and CSV keep `workforce.staff[1]`, `2026-09-23` and the path.

/// A date as a letter writes it: "23 September 2026".
pub fn prose_date(d: Date) -> String {
    let (y, m, day) = d.ymd();
    // pushed, not formatted: a manager's report words every date of every finding
    let month = month_name(m);
    let mut out = String::with_capacity(month.len() + 14);
    out.push_str(itoa::Buffer::new().format(day));
    out.push(' ');
    out.push_str(month);
    out.push(' ');
    out.push_str(itoa::Buffer::new().format(y));
    out
}

/// A moment (seconds since the epoch, UTC) as a clock in England showed it, in prose:
/// "11 May 2026 at 09:30". A manager records and reads UK time, summer time included.
pub fn prose_time(t: i64) -> String {
    match crate::dates::england_clock(t) {
        Some((day, hour, minute, _)) => format!("{} at {hour:02}:{minute:02}", prose_date(day)),
        None => crate::dates::format_timestamp(t),
    }
}

/// A count with its noun, singular or plural as the number asks: "1 breach", "2 breaches",
/// "0 things to record". Every count in the manager's reports goes through here, so none
/// reads "breach(es)".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The seven tests' titles as people write them ("child's voice heard"): the ids are
/// identifiers, without the apostrophe.
const TEST_TITLES: &[(&str, &str)] = &[
    ("care-for-every-child", "care for every child"),
    ("childs-voice-heard", "child's voice heard"),
    ("loving-relationships", "loving relationships"),
    ("child-development", "child development"),
    ("least-restrictive", "least restrictive"),
    ("flexibility-by-age", "flexibility by age"),
    ("access-to-opportunities", "access to opportunities"),
];

/// A test's title, in words: its own for the seven tests, the id's words for any other.
pub fn test_title(id: &str) -> String {
    TEST_TITLES
        .iter()
        .find(|(i, _)| *i == id)
        .map_or_else(|| id.replace(['-', '_'], " "), |(_, t)| (*t).to_string())
}

/// The record a finding concerns, as people name it: a member of staff by their ref
/// ("S-02"), as the rota does; a household or a child with the word before the ref
/// ("household H-02", "child C-01"), since their refs alone do not say which they are.
/// `None` for the provider as a whole or a record without a ref.
pub fn record_name(field: &str, record: Option<&str>, child: Option<&str>) -> Option<String> {
    let plain = |r: &str| !r.is_empty() && !r.contains(['[', '.']);
    if field.starts_with("workforce.staff") {
        return record.filter(|r| plain(r)).map(str::to_string);
    }
    if field.starts_with("foster_carer_households") {
        return record.filter(|r| plain(r)).map(|r| format!("household {r}"));
    }
    if field.starts_with("home.premises") {
        return record.filter(|r| plain(r)).map(|r| format!("premises {r}"));
    }
    child.filter(|c| plain(c)).map(|c| format!("child {c}"))
}

/// Words a field's name abbreviates, as they are written in prose.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("dbs", "DBS"),
    ("sdq", "SDQ"),
    ("pep", "PEP"),
    ("tsd", "TSD"),
    ("gp", "GP"),
    ("iro", "IRO"),
    ("urn", "URN"),
    ("ofsted", "Ofsted"),
    ("la", "local authority"),
    ("uk", "UK"),
    ("id", "identity"),
    ("dol", "deprivation of liberty"),
    ("pct", "per cent"),
    ("12m", "in 12 months"),
    ("ks4", "key stage 4"),
    ("l3", "level 3"),
    ("reg44", "regulation 44"),
    ("reg45", "regulation 45"),
    ("dcs", "director of children's services"),
    ("hmci", "HMCI"),
    ("l5", "level 5"),
    ("cse", "CSE"),
    ("nhs", "NHS"),
    ("childrens", "children's"),
    ("lado", "LADO"),
    ("ppo", "Prisons and Probation Ombudsman"),
];

/// A field's path as words: the part within its record (what is before it names the
/// record, which the finding names already), underscores and dots as spaces, abbreviations
/// spelt out: `workforce.staff[1].dbs.date` is "DBS date",
/// `children.plans.placement_plan.date` "plans placement plan date".
pub fn field_words(path: &str) -> String {
    remembered(&FIELD_WORDS, path, field_words_uncached)
}

fn field_words_uncached(path: &str) -> String {
    if let Some((_, name)) = NAMED_FIELDS.iter().find(|(p, _)| *p == path) {
        return (*name).to_string();
    }
    let mut local = match path.rfind(']') {
        Some(i) => path[i + 1..].trim_start_matches('.'),
        None => path,
    };
    if local.is_empty() {
        // the record itself: `children[2]` is "child 3"
        let (who, _) = split_people(path, &|_| None);
        return who;
    }
    // a record within a person's record (a restraint, a move) is named with its field:
    // "restraint purpose", "move date"; a person's own record is named by the finding
    let list_noun = |key: &str| {
        counted()
            .iter()
            .find(|(k, _)| *k == key && !matches!(*k, "children" | "staff" | "foster_carer_households"))
            .map(|(_, noun)| *noun)
    };
    let mut inner = path
        .rfind('[')
        .and_then(|i| path[..i].rsplit('.').next())
        .and_then(list_noun);
    // a path from the top of the file without an index still names its list first
    let segs: Vec<&str> = local.split('.').collect();
    if let Some(i) = segs.iter().rposition(|s| counted().iter().any(|(k, _)| k == s)) {
        if i + 1 < segs.len() {
            inner = list_noun(segs[i]).or(inner);
            let at: usize = segs[..=i].iter().map(|s| s.len() + 1).sum();
            local = &local[at..];
        }
    }
    // a group named again by its part says it once: `plans.care_plan.date` is "care plan date"
    let parts: Vec<&str> = local.split('.').collect();
    let kept: Vec<&str> = parts
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            let stem = p.trim_end_matches('s');
            !parts
                .get(i + 1)
                .is_some_and(|next| stem.len() > 2 && next.contains(stem))
        })
        .map(|(_, p)| *p)
        .collect();
    let local = kept.join(".");
    let mut out = String::with_capacity(local.len() + 8);
    if let Some(noun) = inner.filter(|n| !local.starts_with(*n) && !local.is_empty()) {
        out.push_str(noun);
    }
    for w in local.split(['.', '_']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        match ABBREVIATIONS.iter().find(|(a, _)| *a == w) {
            Some((_, full)) => out.push_str(full),
            None => out.push_str(w),
        }
    }
    out
}

/// Fields whose words are not their path's: the dates a check is judged at.
const NAMED_FIELDS: &[(&str, &str)] = &[
    ("assessment.as_of", "as-of date"),
    ("assessment.period.start", "start of the period"),
    ("assessment.period.end", "end of the period"),
    ("assessment.period", "period"),
];

/// Whether a word is a field path or an identifier of the format (`dbs.date`,
/// `workforce.staff[1].dbs`, `serious_illness_or_accident`) rather than English: lower
/// case, and either an underscore, an index, or dotted parts of two letters or more (so
/// "e.g." and "18.5" stay as they are).
fn is_code(w: &str) -> bool {
    if w.is_empty() || !w.starts_with(|c: char| c.is_ascii_lowercase()) {
        return false;
    }
    if !w
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '[' | ']'))
    {
        return false;
    }
    if w.contains('_') || w.contains('[') {
        return true;
    }
    w.contains('.')
        && w.split('.')
            .all(|p| p.len() >= 2 && p.starts_with(|c: char| c.is_ascii_lowercase()))
}

/// One word of prose as a manager reads it: a date or a time in words, a field path as the
/// field's words; anything else as it is.
fn word_for_manager(w: &str) -> Option<String> {
    if w.len() == 10 {
        if let Some(d) = Date::parse(w) {
            return Some(prose_date(d));
        }
    }
    // `get`, not an index: the tenth byte of a file's own text may fall inside a character
    if w.len() >= 16 && w.as_bytes().get(4) == Some(&b'-') && w.get(..10).is_some_and(|d| Date::parse(d).is_some()) {
        if let Some(t) = crate::dates::parse_timestamp(w) {
            return Some(prose_time(t));
        }
    }
    is_code(w).then(|| field_words(w))
}

/// How many texts each of the caches below keeps before it starts again: enough for every
/// standard's help and every field of the format, small enough to stay a few hundred KB.
const REMEMBERED: usize = 4096;

thread_local! {
    /// [`for_manager`]'s answers on this thread: the same help, message and field texts come
    /// back for every file of a batch, and rewriting each word by word was a fifth of a
    /// human report's work. The answer depends on the text alone, so the output is the
    /// same bytes with or without the cache, at any thread count.
    static MANAGER_WORDS: std::cell::RefCell<foldhash::HashMap<String, String>> =
        std::cell::RefCell::new(foldhash::HashMap::default());
    /// [`field_words`]'s answers on this thread, for the same reason.
    static FIELD_WORDS: std::cell::RefCell<foldhash::HashMap<String, String>> =
        std::cell::RefCell::new(foldhash::HashMap::default());
}

/// `make(key)`, remembered in `cache` (emptied when it holds [`REMEMBERED`] texts, so a
/// batch of unusual texts cannot grow it without bound).
fn remembered(
    cache: &'static std::thread::LocalKey<std::cell::RefCell<foldhash::HashMap<String, String>>>,
    key: &str,
    make: fn(&str) -> String,
) -> String {
    if let Some(hit) = cache.with(|c| c.borrow().get(key).cloned()) {
        return hit;
    }
    let made = make(key);
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= REMEMBERED {
            c.clear();
        }
        c.insert(key.to_string(), made.clone());
    });
    made
}

/// A finding's text in a manager's words: every field path (backticked or not) becomes
/// the field's words, every date "23 September 2026", every time "11 May 2026 at 09:30",
/// and the backticks go. The JSON, SARIF and CSV keep the text as the checker wrote it.
pub fn for_manager(text: &str) -> String {
    remembered(&MANAGER_WORDS, text, for_manager_uncached)
}

fn for_manager_uncached(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    // backticks mark code; a manager's report shows none
    let text = text.replace('`', "");
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let start = first_where(rest, false);
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.is_empty() {
            break;
        }
        let end = first_where(rest, true);
        let token = &rest[..end];
        rest = &rest[end..];
        // most words are plain English and stay as they are: a date or a time has a dash,
        // a field path an underscore, an index or a dot, so a word with none of them is
        // copied without the work of trimming and testing it
        if !token.bytes().any(|b| matches!(b, b'-' | b'_' | b'[' | b'.')) {
            out.push_str(token);
            continue;
        }
        // the word without the punctuation around it: `(2026-09-23),` or `dbs.date:`
        let lead = token.len() - token.trim_start_matches(['(', '"', '\'', '[']).len();
        let inner = &token[lead..];
        let core = inner.trim_end_matches([')', ',', ';', ':', '.', '"', '\'', '?', '!']);
        // a closing `]` that is part of an index stays with the path
        let core = if core.contains('[') || !core.ends_with(']') {
            core
        } else {
            core.trim_end_matches(']')
        };
        match word_for_manager(core) {
            Some(words) => {
                out.push_str(&token[..lead]);
                out.push_str(&words);
                out.push_str(&inner[core.len()..]);
            }
            None => out.push_str(token),
        }
    }
    out
}

/// Where the first character of `text` that is (`white`) or is not white space starts, or
/// its length: what `find(char::is_whitespace)` and its negation give, with each ASCII byte
/// tested as a byte and only other characters decoded. Every finding of a manager's report
/// is worded, and decoding every character to find its words was a twentieth of a human run.
fn first_where(text: &str, white: bool) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            // the ASCII characters `char::is_whitespace` takes: tab to carriage return, space
            if matches!(b, b'\t'..=b'\r' | b' ') == white {
                return i;
            }
            i += 1;
        } else {
            let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            if c.is_whitespace() == white {
                return i;
            }
            i += c.len_utf8();
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    proptest::proptest! {
        /// The byte scan finds what `str::find` finds, in any text.
        #[test]
        fn the_white_space_scan_finds_what_find_finds(
            s in "([a-z]{0,4}|[ \\t\\n\\r\\x0b\\x0c\\x1c-\\x1f\\u{85}\\u{a0}\\u{1680}\\u{2003}\\u{2028}\\u{3000}]|é|\\u{10ec2}){0,12}",
            t in "\\PC{0,30}",
        ) {
            for text in [&s, &t] {
                proptest::prop_assert_eq!(first_where(text, true), text.find(char::is_whitespace).unwrap_or(text.len()));
                proptest::prop_assert_eq!(first_where(text, false), text.find(|c: char| !c.is_whitespace()).unwrap_or(text.len()));
            }
        }
    }

    /// Every character, alone and after a letter, is white space to the scan exactly when it
    /// is to `char::is_whitespace`.
    #[test]
    fn the_white_space_scan_agrees_on_every_character() {
        for c in (0..=0x10_FFFF_u32).filter_map(char::from_u32) {
            let text = format!("a{c}");
            let white = if c.is_whitespace() { 1 } else { text.len() };
            assert_eq!(first_where(&text, true), white, "U+{:04X}", c as u32);
            assert_eq!(
                first_where(&text[1..], false),
                if c.is_whitespace() { c.len_utf8() } else { 0 }
            );
        }
    }

    proptest::proptest! {
        /// Any text can be worded, whatever characters stand where: a ref of four-byte
        /// characters with a dash as its fifth byte once cut a string inside a character.
        #[test]
        fn any_text_is_worded_without_a_panic(
            s in "([a-z]{1,6}|children\\[[0-9]\\]\\.health\\.sdq_date|`dbs\\.date`|2026-0[1-9]-1[0-9]|2026-05-11T09:30:00Z|[ \\t\\n\\u{85}\\u{a0}\\u{2003}]|[.,:;()\\[\\]_-]|é|\\u{10ec2}|\\u{c5d}){0,24}",
            t in "\\PC{0,30}",
        ) {
            for text in [&s, &t] {
                let worded = for_manager_uncached(text);
                // the words of a text with no date, time or path in it are the text itself
                if !text.contains(['`', '-', '_', '.', '[']) {
                    proptest::prop_assert_eq!(&worded, text);
                }
            }
        }
    }

    #[test]
    fn a_wide_character_at_the_tenth_byte_is_not_cut() {
        // four bytes, a dash, then a character across bytes 9 to 11
        let text = "Child \u{10ec2}-\u{1f300}\u{c5d}\u{1083c}abcdefgh has no internet access";
        assert_eq!(for_manager_uncached(text), text);
    }

    #[test]
    fn dates_as_people_write_them() {
        assert_eq!(
            date_hint("14/05/2026"),
            "did you mean 2026-05-14? Dates are written year-month-day. "
        );
        assert_eq!(date_hint("2026-02-30"), "February 2026 has 28 days. ");
        assert_eq!(date_hint("2028-02-30"), "February 2028 has 29 days. ");
        assert_eq!(
            date_hint("2026-13-01"),
            "there is no month 13: dates are written year-month-day. "
        );
        assert_eq!(date_hint("soon"), "");
        for written in ["3 March 2026", "3rd March 2026", "March 3, 2026", "3 Mar 2026"] {
            assert_eq!(
                date_hint(written),
                "did you mean 2026-03-03? Dates are written year-month-day. ",
                "{written}"
            );
        }
        assert_eq!(
            date_hint("2026/07/02"),
            "did you mean 2026-07-02? Dates are written year-month-day, with dashes. "
        );
        assert_eq!(date_hint("31 June 2026"), "");
    }

    #[test]
    fn examples_are_plausible_values_of_their_field() {
        let terms = crate::schema::lookup("foster_carer_households.approval.terms").unwrap();
        assert_eq!(example(&terms.ty), "{age_min: 0, age_max: 17, max_children: 3}");
    }

    #[test]
    fn a_number_with_another_unit_is_told_what_the_field_measures() {
        assert_eq!(
            other_unit("travel_minutes_to_home", "45 miles").as_deref(),
            Some("`travel_minutes_to_home` is travel time in minutes, not miles: write the number of minutes alone.")
        );
        assert_eq!(
            other_unit("travel_minutes_to_home", "60 minutes").as_deref(),
            Some("write the number alone, without `minutes`.")
        );
        assert_eq!(other_unit("travel_minutes_to_home", "far"), None);
        assert_eq!(other_unit("references", "2 letters"), None);
    }

    #[test]
    fn yaml_slips_in_crlf_and_cr_only_files_are_the_same() {
        // audit v3 B22: a CR-only file was one line to the hints, which then found nothing
        for text in [
            "schema_version: 1\nprovider:\n  kind:childrens_home\n",
            "a: 1\nb: placed away: for safety\n",
            "a: 1\n\tb: 2\n",
        ] {
            let lf = yaml_slip(text, 3).or_else(|| yaml_slip(text, 2));
            assert!(lf.is_some(), "{text:?}");
            for eol in ["\r\n", "\r"] {
                let other = text.replace('\n', eol);
                let got = yaml_slip(&other, 3).or_else(|| yaml_slip(&other, 2));
                assert_eq!(got.as_ref().map(|g| &g.0), lf.as_ref().map(|g| &g.0), "{other:?}");
            }
        }
    }

    #[test]
    fn a_flow_continuation_line_is_not_read_as_a_field() {
        // audit v3 B22: the continuation at the key's own indentation was said to be text
        // holding ": "
        let text =
            "children:\n  - ref: C-1\n    siblings: {in_care: 1,\n    living_together: 0, separation_reason: none}\n";
        let (msg, help, at) = yaml_slip(text, 4).unwrap();
        assert!(
            msg.contains("line 4 goes on with the brackets opened on line 3"),
            "{msg}"
        );
        assert!(help.contains("indent line 4 further"), "{help}");
        assert_eq!(at, text.find("    living").unwrap());
        // indented past its opener it is no slip of this kind, and a bracket inside quotes
        // or a comment opens nothing
        let fine = "a: {b: 1,\n      c: 2}\nd: x: y\n";
        assert!(yaml_slip(fine, 3).unwrap().0.contains("the text of `d`"));
        let quoted = "a: \"[x\" # {\nb: placed away: for safety\n";
        assert!(yaml_slip(quoted, 2).unwrap().0.contains("the text of `b`"));
    }

    #[test]
    fn yaml_slips_in_words() {
        let tab = "a:\n\tb: 1\n";
        assert!(yaml_slip(tab, 2).unwrap().0.contains("line 2 is indented with a tab"));
        let colon = "a: 1\nage_years:12\nc: 2\n";
        assert!(yaml_slip(colon, 3).unwrap().0.contains("no space after the colon"));
        let inner = "reason: placed away: for safety\n";
        assert!(yaml_slip(inner, 1).unwrap().1.contains("\"placed away: for safety\""));
        assert!(yaml_slip("url: http://x\n", 1).is_none());
    }

    #[test]
    fn words_matched_by_meaning() {
        let staffing = ["24h_on_site", "waking_night", "floating_support", "host_household"];
        assert_eq!(by_meaning("24 hour on site", &staffing), Some("24h_on_site"));
        let purposes = [
            "prevent_injury",
            "prevent_serious_property_damage",
            "prevent_absconding",
            "other",
        ];
        assert_eq!(by_meaning("prevent injury to self", &purposes), Some("prevent_injury"));
        assert_eq!(by_meaning("zzz", &purposes), None);
    }

    #[test]
    fn records_are_named_as_people_count_them() {
        let src = SourceFile::new(
            "t",
            "children:\n  - {ref: C-1}\n  - {ref: C-0003, health: {sdq_date: x}}\nworkforce: {staff: [{ref: S-04}]}\n",
        );
        let n = crate::yaml::parse(&src, crate::yaml::Limits::default()).unwrap();
        assert_eq!(
            people_path("children[1].health.sdq_date", &n),
            "child 2 (C-0003): health.sdq_date"
        );
        assert_eq!(people_path("workforce.staff[0].dbs", &n), "staff member 1 (S-04): dbs");
        assert_eq!(people_path("children[0]", &n), "child 1 (C-1)");
        assert_eq!(people_path("home.manager", &n), "home.manager");
    }

    #[test]
    fn examples_to_copy() {
        let dbs = crate::schema::lookup("workforce.staff.dbs").unwrap();
        assert_eq!(
            example(&dbs.ty),
            "{level: enhanced_with_barred_list, date: 2026-05-14, latest_date: 2026-05-14, update_service: true}"
        );
        let needs = crate::schema::lookup("home.statement_of_purpose.needs_catered").unwrap();
        assert_eq!(example(&needs.ty), "[text]");
    }

    /// The first version of `split_people`, kept as the reference for the one that builds
    /// in place.
    fn split_people_reference(path: &str, ref_of: &dyn Fn(&str) -> Option<String>) -> (String, String) {
        let mut out = Vec::new();
        let mut rest = Vec::new();
        let mut so_far = String::new();
        let segs: Vec<&str> = path.split('.').collect();
        for (n, seg) in segs.iter().copied().enumerate() {
            if !so_far.is_empty() {
                so_far.push('.');
            }
            so_far.push_str(seg);
            let (key, idx) = match seg.split_once('[') {
                Some((k, i)) => (k, i.trim_end_matches(']').parse::<usize>().ok()),
                None => (seg, None),
            };
            let is_counted = counted().iter().any(|(k, _)| *k == key);
            match idx {
                Some(_) if !is_counted && n + 1 == segs.len() => rest = vec![seg.to_string()],
                Some(i) => {
                    let name = counted().iter().find(|(k, _)| *k == key).map_or(key, |(_, n)| *n);
                    let mut said = format!("{name} {}", i + 1);
                    if let Some(r) = ref_of(&so_far) {
                        said.push_str(&format!(" ({r})"));
                    }
                    rest.clear();
                    out.push(said);
                }
                None => rest.push(key.to_string()),
            }
        }
        (out.join(", "), rest.join("."))
    }

    /// A date in words is what the formatter writes from its day, month and year: every
    /// day of years 0 to 9999 and days far outside them (negative years included).
    #[test]
    fn a_date_in_words_is_what_format_writes() {
        let far = [i32::MIN, -1_000_000, -719_529, 2_932_897, 9_000_000, i32::MAX];
        let every = Date::from_ymd(0, 1, 1).unwrap().0..=Date::from_ymd(9999, 12, 31).unwrap().0;
        for n in every.chain(far) {
            let date = Date(n);
            let (y, m, day) = date.ymd();
            assert_eq!(prose_date(date), format!("{day} {} {y}", month_name(m)), "day {n}");
        }
    }

    #[test]
    fn findings_in_a_managers_words() {
        assert_eq!(prose_date(Date::parse("2026-09-23").unwrap()), "23 September 2026");
        // summer time: 08:30 UTC is 09:30 on a clock in England
        assert_eq!(
            prose_time(crate::dates::parse_timestamp("2026-05-11T08:30:00Z").unwrap()),
            "11 May 2026 at 09:30"
        );
        assert_eq!(
            prose_time(crate::dates::parse_timestamp("2026-01-11T08:30:00Z").unwrap()),
            "11 January 2026 at 08:30"
        );
        assert_eq!(count(1, "breach", "breaches"), "1 breach");
        assert_eq!(count(2, "breach", "breaches"), "2 breaches");
        assert_eq!(count(0, "thing to record", "things to record"), "0 things to record");
        assert_eq!(test_title("childs-voice-heard"), "child's voice heard");
        assert_eq!(test_title("new-test"), "new test");
        assert_eq!(
            record_name("workforce.staff[1].dbs.date", Some("S-02"), None).as_deref(),
            Some("S-02")
        );
        assert_eq!(
            record_name("foster_carer_households[1].approval_reviews", Some("H-02"), None).as_deref(),
            Some("household H-02")
        );
        assert_eq!(
            record_name("children[0].plans.placement_plan.date", Some("C-01"), Some("C-01")).as_deref(),
            Some("child C-01")
        );
        assert_eq!(
            record_name("workforce.staff[0].dbs", Some("workforce.staff[0]"), None),
            None
        );
        assert_eq!(field_words("workforce.staff[1].dbs.date"), "DBS date");
        assert_eq!(field_words("workforce.staff.care_role_start"), "care role start");
        assert_eq!(field_words("children[2]"), "child 3");
        assert_eq!(
            field_words("children[0].plans.care_plan.iro_named"),
            "care plan IRO named"
        );
        assert_eq!(field_words("incidents.restraint[0].purpose"), "restraint purpose");
        assert_eq!(field_words("children.moves.date"), "move date");
        assert_eq!(field_words("assessment.as_of"), "as-of date");
        assert_eq!(
            for_manager("`workforce.staff[1].dbs.date` is recorded as not done; it was due by 2026-09-23 (`workforce.staff.care_role_start` (2026-09-23))"),
            "DBS date is recorded as not done; it was due by 23 September 2026 (care role start (23 September 2026))"
        );
        assert_eq!(
            for_manager("The serious_illness_or_accident was notified at 2026-05-11T08:30:00Z, e.g. late; 18.5 hours"),
            "The serious illness or accident was notified at 11 May 2026 at 09:30, e.g. late; 18.5 hours"
        );
        // refs, standard ids, file names and web addresses stay as they are
        let kept = "C-6B02 LR-013 examples/meadow-fostering-service.yaml https://www.legislation.gov.uk/uksi/2015/541";
        assert_eq!(for_manager(kept), kept);
    }

    #[test]
    fn an_item_of_a_list_of_values_is_named_as_the_field() {
        let none = |_: &str| None;
        assert_eq!(
            split_people("foster_carer_households[0].unannounced_visits[1]", &|p: &str| {
                (p == "foster_carer_households[0]").then(|| "FC-1".to_string())
            }),
            ("household 1 (FC-1)".to_string(), "unannounced_visits[1]".to_string())
        );
        assert_eq!(
            split_people("children[2].moves[0]", &none),
            ("child 3, move 1".to_string(), String::new())
        );
    }

    proptest::proptest! {
        #[test]
        fn split_people_builds_what_it_built(path in "((children|staff|moves|health|x)(\\[[0-9x]{1,3}\\]?)?[.]?){0,5}") {
            // a ref for every other record, so both branches are taken
            let ref_of = |p: &str| (p.len() % 2 == 0).then(|| format!("R-{}", p.len()));
            proptest::prop_assert_eq!(split_people(&path, &ref_of), split_people_reference(&path, &ref_of));
        }
    }
}
