//! The JSON report's per-file object, written by hand.
//!
//! A batch report is mostly findings, and through serde every key and every string of every
//! finding went through serde_json's byte-at-a-time escaping and its generic serializer:
//! a tenth of a JSON run. This writes the same bytes directly: keys are constants, strings
//! are scanned 32 bytes at a time for the few characters JSON escapes, and the rare parts
//! (a baseline's resolved findings, a waiver, a fraction) still go through serde_json with
//! the same layout. `json::tests` holds it to serde_json's own pretty printing of
//! [`super::file_out`].

use std::io::Write as _;

use serde::Serialize;

use super::NestedPretty;
use carecheck_core::check::{FileResult, FileStatus, Located};
use carecheck_core::finding::{BaselineState, Finding};
use carecheck_core::source::Text;

/// Bytes JSON must escape: `"`, `\` and the control characters below a space.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// How many bytes are scanned together for a byte to escape: written as a plain loop over a
/// fixed-size array with no early exit, which the compiler turns into vector compares (two
/// SSE2 registers), four times the bytes of the eight-byte word scan it replaced, and a
/// fifth fewer instructions over a batch's JSON report (benches/README.md).
const CHUNK: usize = 32;

/// Whether none of a chunk's bytes needs escaping. Kept out of line: inlined into
/// [`string`], the compiler shares its byte compares with the escaping loop and gives up the
/// vector compare (a JSON run's escaping then took ten times the instructions).
#[inline(never)]
fn chunk_is_plain(chunk: &[u8; CHUNK]) -> bool {
    chunk.iter().fold(0u8, |any, &b| any | u8::from(needs_escape(b))) == 0
}

/// `s` as a JSON string, quoted and escaped exactly as serde_json escapes it.
pub fn string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // bytes before `start` are written; those from `start` to `i` are plain
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // a whole chunk, or the string's last bytes padded with spaces (most strings are
        // shorter than a chunk, and a byte-by-byte tail cost more than the chunks saved)
        let rest = &bytes[i..];
        let (plain, n) = match <&[u8; CHUNK]>::try_from(rest.get(..CHUNK).unwrap_or(rest)) {
            Ok(chunk) => (chunk_is_plain(chunk), CHUNK),
            Err(_) => {
                let mut padded = [b' '; CHUNK];
                padded[..rest.len()].copy_from_slice(rest);
                (chunk_is_plain(&padded), rest.len())
            }
        };
        if !plain {
            for (at, &b) in bytes.iter().enumerate().skip(i).take(n) {
                if needs_escape(b) {
                    out.extend_from_slice(&bytes[start..at]);
                    escape(out, b);
                    start = at + 1;
                }
            }
        }
        i += n;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// One byte that needs escaping, escaped as serde_json escapes it.
fn escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match b {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        _ => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(b >> 4)],
            HEX[usize::from(b & 0xf)],
        ]),
    }
}

/// An object or array being written at a depth of the document.
pub(super) struct Level {
    /// Its entries' depth (two spaces each).
    depth: usize,
    first: bool,
}

/// The indent of `depth` (writing to memory cannot fail).
fn indent(out: &mut Vec<u8>, depth: usize) {
    const SPACES: &[u8; 32] = b"                                ";
    // a finding's keys stand six levels deep: one slice, not `io::Write`'s loop
    match SPACES.get(..depth * 2) {
        Some(spaces) => out.extend_from_slice(spaces),
        None => {
            let _ = super::indent(out, depth);
        }
    }
}

impl Level {
    pub(super) fn open(out: &mut Vec<u8>, bracket: u8, depth: usize) -> Level {
        out.push(bracket);
        Level { depth, first: true }
    }
    /// The start of the next entry of an array.
    pub(super) fn item(&mut self, out: &mut Vec<u8>) {
        // half a million entries in a large batch: the comma, newline and indent are one
        // copy from a line made once, not three
        const LINE: &[u8; 34] = b",\n                                ";
        let from = usize::from(self.first);
        match LINE.get(from..2 + self.depth * 2) {
            Some(start) => out.extend_from_slice(start),
            None => {
                out.extend_from_slice(&LINE[from..2]);
                indent(out, self.depth);
            }
        }
        self.first = false;
    }
    /// The start of the next entry of an object: its key and the `: `.
    pub(super) fn key(&mut self, out: &mut Vec<u8>, name: &str) {
        self.item(out);
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\": ");
    }
    pub(super) fn close(self, out: &mut Vec<u8>, bracket: u8) {
        if !self.first {
            out.push(b'\n');
            indent(out, self.depth - 1);
        }
        out.push(bracket);
    }
}

fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// A count, as a JSON number.
pub(super) fn number(out: &mut Vec<u8>, n: u64) {
    let mut digits = [0u8; 20];
    out.extend_from_slice(carecheck_core::strings::decimal(n, &mut digits).as_bytes());
}

/// An object of counts, with the keys in the order given, its entries at `depth`: a file's
/// totals, and the summary's skipped files and each standard's records.
pub(super) fn counts(out: &mut Vec<u8>, depth: usize, entries: &[(&str, u64)]) {
    let mut o = Level::open(out, b'{', depth);
    for &(key, n) in entries {
        o.key(out, key);
        number(out, n);
    }
    o.close(out, b'}');
}

/// A rare value through serde_json, laid out for a key at `depth`.
pub(super) fn through_serde<T: Serialize + ?Sized>(out: &mut Vec<u8>, depth: usize, value: &T) {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, NestedPretty::at(depth));
    // serialising plain data into memory cannot fail
    let _ = value.serialize(&mut ser);
}

fn located(out: &mut Vec<u8>, list: &[Located], depth: usize) {
    let mut arr = Level::open(out, b'[', depth + 1);
    for l in list {
        arr.item(out);
        let mut o = Level::open(out, b'{', depth + 2);
        o.key(out, "message");
        string(out, &l.problem.message);
        o.key(out, "line");
        number(out, l.line as u64);
        o.key(out, "column");
        number(out, l.column as u64);
        if let Some(p) = &l.place {
            // a workbook: the line and column are the cell's row and column on this sheet
            o.key(out, "place");
            string(out, p);
        }
        o.key(out, "help");
        opt_string(out, l.problem.help.as_deref());
        if let Some(f) = &l.problem.fix {
            o.key(out, "fix");
            through_serde(out, depth + 2, &super::FixOut::from(f));
        }
        o.close(out, b'}');
    }
    arr.close(out, b']');
}

/// Shared texts (a standard's citation and help) already escaped on this worker, by where
/// they lie (address and length).
type Escaped = std::collections::HashMap<(usize, usize), (Text, Vec<u8>)>;

/// Entries kept per worker before the cache starts again.
const ESCAPED_KEPT: usize = 4096;

thread_local! {
    static ESCAPED: std::cell::RefCell<Escaped> = std::cell::RefCell::new(Escaped::new());
}

/// A text a standard shares with all its findings: escaped once per worker, then copied.
/// The entry holds the text (a built-in one lies in the program for good), so its place
/// cannot be taken by another while it stands.
fn shared(out: &mut Vec<u8>, text: &Text) {
    // a text only this finding holds (a help with a refused exception added) will not come again
    if let Text::Shared(only) = text {
        if std::sync::Arc::strong_count(only) < 2 {
            return string(out, text);
        }
    }
    ESCAPED.with(|cell| {
        let mut cache = cell.borrow_mut();
        let key = (text.as_ptr() as usize, text.len());
        if let Some((held, bytes)) = cache.get(&key) {
            if std::ptr::eq::<str>(&raw const **held, &raw const **text) {
                out.extend_from_slice(bytes);
                return;
            }
        }
        let mut bytes = Vec::with_capacity(text.len() + 2);
        string(&mut bytes, text);
        out.extend_from_slice(&bytes);
        if cache.len() >= ESCAPED_KEPT {
            cache.clear();
        }
        cache.insert(key, (text.clone(), bytes));
    });
}

fn finding(out: &mut Vec<u8>, f: &Finding, depth: usize) {
    let mut o = Level::open(out, b'{', depth);
    o.key(out, "standard");
    string(out, &f.standard);
    o.key(out, "kind");
    string(out, f.kind().as_str());
    o.key(out, "law");
    out.extend_from_slice(if f.law { b"true" } else { b"false" });
    o.key(out, "test");
    opt_string(out, f.test.as_deref());
    o.key(out, "severity");
    string(out, f.severity.as_str());
    o.key(out, "outcome");
    string(out, f.outcome.as_str());
    o.key(out, "child");
    opt_string(out, f.child.as_deref());
    o.key(out, "record");
    opt_string(out, f.record.as_deref());
    o.key(out, "message");
    string(out, &f.message);
    o.key(out, "field");
    string(out, &f.field);
    o.key(out, "line");
    number(out, f.line as u64);
    o.key(out, "column");
    number(out, f.column as u64);
    if let Some(p) = &f.place {
        // a workbook: the line and column are the cell's row and column on this sheet
        o.key(out, "place");
        string(out, p);
    }
    o.key(out, "citation");
    shared(out, &f.citation);
    o.key(out, "help");
    match &f.help {
        Some(h) => shared(out, h),
        None => out.extend_from_slice(b"null"),
    }
    o.key(out, "waiver");
    match &f.waiver {
        Some(w) => through_serde(out, depth, w),
        None => out.extend_from_slice(b"null"),
    }
    o.key(out, "fingerprint");
    string(out, &f.fingerprint);
    if let Some(b) = f.baseline {
        o.key(out, "baseline");
        string(
            out,
            match b {
                BaselineState::New => "new",
                BaselineState::Persisting => "persisting",
            },
        );
    }
    if let Some(fix) = &f.fix {
        o.key(out, "fix");
        through_serde(out, depth, &super::FixOut::from(fix));
    }
    o.close(out, b'}');
}

/// One file's object as it stands in the report's `files` list (two levels deep).
pub fn file(r: &FileResult) -> Vec<u8> {
    // a finding takes a little over a kilobyte (1,050 bytes on average over the benchmark's
    // corpus): sized so that a file's object is written without growing the buffer
    let mut out = Vec::with_capacity(2048 + 1280 * r.findings.len());
    let checked = r.status == FileStatus::Checked;
    let mut o = Level::open(&mut out, b'{', 3);
    o.key(&mut out, "path");
    string(&mut out, &r.path);
    o.key(&mut out, "status");
    string(&mut out, r.status.as_str());
    o.key(&mut out, "provider");
    // a file with unreadable values was still read: its provider is known; of a file that
    // could not be parsed, the URN if it could be found
    if checked || r.kind.is_some() || r.urn.is_some() {
        let mut p = Level::open(&mut out, b'{', 4);
        p.key(&mut out, "urn");
        opt_string(&mut out, r.urn.as_deref());
        p.key(&mut out, "kind");
        opt_string(&mut out, r.kind.as_deref());
        p.key(&mut out, "name");
        opt_string(&mut out, r.name.as_deref());
        p.close(&mut out, b'}');
    } else {
        out.extend_from_slice(b"null");
    }
    o.key(&mut out, "as_of");
    match r.as_of {
        Some(d) => {
            let _ = write!(out, "\"{d}\"");
        }
        None => out.extend_from_slice(b"null"),
    }
    o.key(&mut out, "errors");
    located(&mut out, &r.errors, 3);
    o.key(&mut out, "warnings");
    located(&mut out, &r.warnings, 3);
    o.key(&mut out, "completeness");
    through_serde(&mut out, 3, &r.completeness);
    o.key(&mut out, "totals");
    let c = crate::view::counts(r);
    counts(
        &mut out,
        4,
        &[
            ("errors", c.errors as u64),
            ("warnings", c.warnings as u64),
            ("infos", c.infos as u64),
            ("waived", c.waived as u64),
            ("not_reported", c.not_reported as u64),
            ("law_breaches", c.law as u64),
            ("other_standards", c.other as u64),
            ("data_quality", c.data_quality as u64),
            ("personal_data", c.personal_data as u64),
        ],
    );
    o.key(&mut out, "findings");
    let mut arr = Level::open(&mut out, b'[', 4);
    for f in &r.findings {
        arr.item(&mut out);
        finding(&mut out, f, 5);
    }
    arr.close(&mut out, b']');
    if let Some(res) = &r.resolved {
        o.key(&mut out, "resolved");
        through_serde(&mut out, 3, res);
    }
    o.close(&mut out, b'}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Every string is escaped as serde_json escapes it.
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(s in proptest::prelude::any::<String>(),
                                                          t in "[a-z\"\\\\\\x00-\\x1f\\x7f é\u{2028}]{0,40}") {
            for text in [&s, &t] {
                let mut out = Vec::new();
                string(&mut out, text);
                proptest::prop_assert_eq!(String::from_utf8(out).expect("UTF-8"), serde_json::to_string(text).expect("a string"));
            }
        }
    }

    #[test]
    fn every_byte_below_128_at_every_place_in_a_chunk() {
        for b in 0u8..128 {
            for at in 0..=2 * CHUNK {
                let mut s = "a".repeat(2 * CHUNK + 1);
                s.replace_range(at..=at, std::str::from_utf8(&[b]).expect("ASCII"));
                let mut out = Vec::new();
                string(&mut out, &s);
                assert_eq!(
                    String::from_utf8(out).expect("UTF-8"),
                    serde_json::to_string(&s).expect("a string")
                );
            }
        }
    }
}
