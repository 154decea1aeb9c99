//! The fast path: plain block YAML read straight into a [`Node`] tree, without the
//! general parser.
//!
//! Nearly every self-assessment is written in a small part of YAML: mappings and lists by
//! indentation, `key: value` with a value plain or quoted on its line, comments, and
//! bracketed lists and groups (`[a, b]`, `{start: 2026-01-01, end: 2026-06-30}`), perhaps
//! over several lines. This reader takes exactly that part, in one pass over the bytes,
//! and gives up (returns `None`) at the first thing outside it: a tab, a carriage return,
//! a byte-order mark or a character YAML does not print (anywhere in the text), an anchor
//! or alias, a tag, a block scalar, a quoted value over more than one line or with an escape, a plain value that goes on to the next line, a comment
//! or blank line inside brackets, an empty entry or trailing comma, a document marker, a
//! duplicate key, a key that is not a plain name, nesting beyond the limit, a long list
//! inside another. The caller then reads the file with saphyr-parser as before, which also
//! words every error: this path reports none. Whatever it takes, the general reader takes
//! too and builds the same tree, spans included, down to where it ends a quoted value
//! (tested against it on generated documents, on any text, and on every YAML file the
//! project ships).
//!
//! Why: saphyr-parser's scanner is general, and it was over half of a batch's work,
//! character by character, with an allocation for every scalar as it grows. This reader
//! takes a 200-file batch's JSON run from 728 to 392 million instructions.

use std::borrow::Cow;

use super::{key_name, resolve_plain, Keys, Limits, NESTED_FLOW_MAX};
use crate::node::{Key, Node, NodeKind};
use crate::source::Span;

/// Read `text` if it is all plain block YAML; `None` if anything is outside that part.
pub(super) fn parse(text: &str, limits: Limits) -> Option<Node> {
    let b = text.as_bytes();
    // Tabs and carriage returns have rules of their own; a byte-order mark anywhere, and
    // any character YAML does not allow in a file, are the general reader's to handle.
    if !only_plain_characters(b) {
        return None;
    }
    let mut r = Reader {
        text,
        b,
        line: 0,
        nodes: 0,
        limits,
        eol: (1, 0),
    };
    let (start, col) = r.next_content()?;
    let at = start + col;
    // a document marker or directive at the top, or a scalar as the whole document
    if col == 0 && (b[at] == b'%' || b[at..].starts_with(b"---") || b[at..].starts_with(b"...")) {
        return None;
    }
    let root = if is_dash(b, at) {
        r.seq(col, at, 1, false)?
    } else if key_end(b, at).is_some() {
        r.map(col, at, 1)?
    } else {
        return None;
    };
    // nothing may follow but blank lines and comments
    match r.next_content() {
        None => Some(root),
        Some(_) => None,
    }
}

/// Bytes that may start a character this reader leaves to the general reader: the C0
/// controls but the line feed (tab and carriage return included), DEL, and the lead bytes of
/// the C1 controls (`C2`) and of U+FEFF, U+FFFE and U+FFFF (`EF`).
const SUSPECT: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = i != b'\n' as usize;
        i += 1;
    }
    t[0x7F] = true;
    t[0xC2] = true;
    t[0xEF] = true;
    t
};

/// Whether `b` holds only characters this reader may take: no tab or carriage return, and
/// nothing outside YAML's printable set (`c-printable`: the C0 controls, DEL, the C1
/// controls but NEL, U+FFFE, U+FFFF) nor a byte-order mark anywhere. The general reader
/// refuses those or has rules of its own for them (a byte-order mark is allowed inside a
/// quoted value, never in a plain one or a comment), so a text holding one is its to read
/// or word: the two readers then cannot read the same bytes two ways.
fn only_plain_characters(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if SUSPECT[c as usize] {
            match c {
                // a C1 control (U+0080..U+009F) but NEL (U+0085), an ordinary character in YAML 1.2
                0xC2 => {
                    if matches!(b.get(i + 1), Some(&n) if (0x80..=0x9F).contains(&n) && n != 0x85) {
                        return false;
                    }
                }
                // U+FEFF (EF BB BF), U+FFFE (EF BF BE), U+FFFF (EF BF BF)
                0xEF => {
                    if matches!(
                        (b.get(i + 1), b.get(i + 2)),
                        (Some(0xBB), Some(0xBF)) | (Some(0xBF), Some(0xBE | 0xBF))
                    ) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
        i += 1;
    }
    true
}

struct Reader<'t> {
    text: &'t str,
    b: &'t [u8],
    /// Start of the line not yet read.
    line: usize,
    /// Values read so far, keys included, as the general reader counts them.
    nodes: usize,
    limits: Limits,
    /// The last line whose end was asked for inside a flow collection, as `(from, end)`: no
    /// line break lies between them. A long flow collection on one line asks for its line's
    /// end at every item; remembered, the line is searched once, not once an item, which
    /// made a one-line list of a hundred thousand dates quadratic (audit v3 B2).
    eol: (usize, usize),
}

/// `-` followed by a space or the end of the line: a list item.
fn is_dash(b: &[u8], at: usize) -> bool {
    b.get(at) == Some(&b'-') && matches!(b.get(at + 1), None | Some(b' ' | b'\n'))
}

/// The end of a plain key (`[A-Za-z0-9_]+`) at `at` followed by `:` and a space or the end
/// of the line, or `None`.
fn key_end(b: &[u8], at: usize) -> Option<usize> {
    let mut k = at;
    while k < b.len() && (b[k].is_ascii_alphanumeric() || b[k] == b'_') {
        k += 1;
    }
    if k == at || b.get(k) != Some(&b':') || !matches!(b.get(k + 1), None | Some(b' ' | b'\n')) {
        return None;
    }
    Some(k)
}

fn line_end(b: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &b[from..]).map_or(b.len(), |i| from + i)
}

fn skip_spaces(b: &[u8], mut at: usize, end: usize) -> usize {
    while at < end && b[at] == b' ' {
        at += 1;
    }
    at
}

/// The end of a plain key in a flow group: `[A-Za-z0-9_]+` then `:` and a space.
fn flow_key_end(b: &[u8], at: usize) -> Option<usize> {
    let k = key_end(b, at)?;
    (b.get(k + 1) == Some(&b' ')).then_some(k)
}

/// Past the spaces at `at`, and past line breaks into a next line indented deeper than
/// `col` that goes on with more of the collection; `None` at the end of the text, or at a
/// blank line, a comment, or a line not indented enough, which this reader leaves.
fn skip_ws(b: &[u8], mut at: usize, col: usize) -> Option<usize> {
    loop {
        at = skip_spaces(b, at, b.len());
        match b.get(at) {
            None | Some(b'#') => return None,
            Some(b'\n') => {
                let next = skip_spaces(b, at + 1, b.len());
                if next - (at + 1) <= col || matches!(b.get(next), None | Some(b'\n' | b'#')) {
                    return None;
                }
                at = next;
            }
            Some(_) => return Some(at),
        }
    }
}

impl<'t> Reader<'t> {
    /// The next line with content (not blank, not only a comment): its start and
    /// indentation, without reading it. Lines passed over are read.
    fn next_content(&mut self) -> Option<(usize, usize)> {
        let b = self.b;
        while self.line < b.len() {
            let start = self.line;
            let end = line_end(b, start);
            let at = skip_spaces(b, start, end);
            if at < end && b[at] != b'#' {
                return Some((start, at - start));
            }
            self.line = (end + 1).min(b.len());
        }
        None
    }

    /// The end of the line `at` stands on, remembered (see [`Reader::eol`]).
    fn line_end_at(&mut self, at: usize) -> usize {
        let (from, end) = self.eol;
        if from <= at && at <= end {
            return end;
        }
        let end = line_end(self.b, at);
        self.eol = (at, end);
        end
    }

    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= self.limits.max_nodes).then_some(())
    }

    /// A block mapping whose keys stand at column `col`; the first key at `at` (which may
    /// be after a list item's dash on the same line).
    fn map(&mut self, col: usize, mut at: usize, depth: usize) -> Option<Node> {
        if depth >= self.limits.max_depth {
            return None;
        }
        self.count()?;
        let b = self.b;
        let start = at;
        let mut entries: Vec<(Key, Node)> = Vec::with_capacity(8);
        let mut keys = Keys::default();
        loop {
            let k = key_end(b, at)?;
            self.count()?;
            let key_span = Span::new(at, k);
            let name = key_name(resolve_plain(Cow::Borrowed(&self.text[at..k])))?;
            // a duplicate is an error the general reader words
            if keys.find(&entries, &name).is_some() {
                return None;
            }
            keys.add(&entries, &name);
            // an empty value stands at its key's colon
            let value = self.value(k + 1, col, depth, Some(k))?;
            entries.push((Key { name, span: key_span }, value));
            match self.next_content() {
                // the next key (checked at the top of the loop)
                Some((s, c)) if c == col => at = s + c,
                Some((_, c)) if c > col => return None,
                _ => break,
            }
        }
        let end = entries.last().map_or(start, |(_, n)| n.span.end as usize);
        Some(Node {
            kind: NodeKind::Map(super::fit(entries)),
            span: Span::new(start, end),
        })
    }

    /// A block list whose dashes stand at column `col`; the first at `at`. A list at its
    /// key's own indentation (`indentless`) starts, as the general reader has it, where
    /// its first item does, not at the dash.
    fn seq(&mut self, col: usize, mut at: usize, depth: usize, indentless: bool) -> Option<Node> {
        if depth >= self.limits.max_depth {
            return None;
        }
        self.count()?;
        let b = self.b;
        let start = at;
        let mut items: Vec<Node> = Vec::with_capacity(4);
        loop {
            let end = line_end(b, at);
            let q = skip_spaces(b, at + 1, end);
            let item = if q < end && b[q] != b'#' && key_end(b, q).is_some() {
                // `- key: value`: a mapping whose keys stand at the first key's column
                if q == at + 1 {
                    return None;
                }
                let line_start = at - col;
                self.map(q - line_start, q, depth + 1)?
            } else if q < end && is_dash(b, q) {
                return None; // `- - x`
            } else {
                self.value(at + 1, col, depth, None)?
            };
            items.push(item);
            match self.next_content() {
                Some((s, c)) if c == col && is_dash(b, s + c) => at = s + c,
                Some((_, c)) if c > col => return None,
                _ => break,
            }
        }
        // a list at its key's own indentation begins where the general reader has it: at
        // its first item, or, when that item starts on a later line than its dash, at the
        // end of the dash's line, where an empty item would stand (audit v3 B16)
        let start = match items.first() {
            Some(first) if indentless => (first.span.start as usize).min(line_end(b, start)),
            _ => start,
        };
        let end = items.last().map_or(start, |n| n.span.end as usize);
        Some(Node {
            kind: NodeKind::Seq(super::fit(items)),
            span: Span::new(start, end),
        })
    }

    /// The value after a key's colon or a list item's dash (`from`), in a block at column
    /// `col`: on the rest of the line, or on the lines below, indented deeper. After a key
    /// (`colon` is where it stands) a list may also stand at the key's own indentation, and
    /// an empty value stands at the colon; an empty list item stands at the end of its line.
    fn value(&mut self, from: usize, col: usize, depth: usize, colon: Option<usize>) -> Option<Node> {
        let b = self.b;
        let end = line_end(b, from.min(b.len()));
        match self.inline(from, end, col, depth)? {
            Some((v, last)) => {
                self.line = (last + 1).min(b.len());
                // a value that goes on to a deeper line is outside this reader's part
                if matches!(self.next_content(), Some((_, c)) if c > col) {
                    return None;
                }
                Some(v)
            }
            None => {
                self.line = (end + 1).min(b.len());
                match (self.next_content(), colon) {
                    (Some((s, c)), _) if c > col => self.block(s, c, depth + 1),
                    (Some((s, c)), Some(_)) if c == col && is_dash(b, s + c) => self.seq(c, s + c, depth + 1, true),
                    (_, Some(colon)) => self.null(colon),
                    (_, None) => self.null(end),
                }
            }
        }
    }

    /// A nested block (mapping or list) whose first line starts at `start`, indented `col`.
    fn block(&mut self, start: usize, col: usize, depth: usize) -> Option<Node> {
        let at = start + col;
        if is_dash(self.b, at) {
            self.seq(col, at, depth, false)
        } else if key_end(self.b, at).is_some() {
            self.map(col, at, depth)
        } else {
            None
        }
    }

    /// The empty value of a key or item with nothing after it, where the general reader
    /// places it.
    fn null(&mut self, at: usize) -> Option<Node> {
        self.count()?;
        Some(Node {
            kind: NodeKind::Null,
            span: Span::new(at, at),
        })
    }

    /// The value on the rest of a line after `key:` or `-` (from `from`, which is a space or
    /// the end of the line), with the end of the line it ends on (a bracketed collection may
    /// go on over the next lines, indented deeper than `col`): `Some(None)` when there is
    /// none (only spaces or a comment), `None` when it is outside this reader's part.
    fn inline(&mut self, from: usize, end: usize, col: usize, depth: usize) -> Option<Option<(Node, usize)>> {
        let b = self.b;
        let q = skip_spaces(b, from, end);
        if q == end || b[q] == b'#' {
            return Some(None);
        }
        self.count()?;
        let (kind, close) = match b[q] {
            b'"' => {
                let (s, close) = self.double_quoted(q, end)?;
                (NodeKind::Str(s), close)
            }
            b'\'' => {
                let (s, close) = self.single_quoted(q, end)?;
                (NodeKind::Str(s), close)
            }
            b'[' | b'{' => {
                // it may go on over the next lines, each indented deeper than `col`
                let (mut node, after) = self.flow(q, col, depth + 1)?;
                let last = line_end(b, after);
                let rest = skip_spaces(b, after, last);
                if rest < last && !(b[rest] == b'#' && rest > after) {
                    return None;
                }
                // an empty one ends, as a quoted value does, at the end of its line
                if matches!(&node.kind, NodeKind::Seq(v) if v.is_empty())
                    || matches!(&node.kind, NodeKind::Map(v) if v.is_empty())
                {
                    node.span = Span::new(q, last);
                }
                return Some(Some((node, last)));
            }
            b']' | b'}' | b',' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b'?' | b':' => return None,
            b'-' if is_dash(b, q) => return None,
            _ => {
                // plain: to a comment (` #`) or the end of the line, less trailing spaces
                let mut stop = end;
                let mut i = q;
                while let Some(h) = memchr::memchr(b'#', &b[i..end]) {
                    if b[i + h - 1] == b' ' {
                        stop = i + h;
                        break;
                    }
                    i += h + 1;
                }
                let mut e = stop;
                while b[e - 1] == b' ' {
                    e -= 1;
                }
                let s = &self.text[q..e];
                // `a: b` inside, or a trailing colon, would make it a mapping
                if s.ends_with(':') || memchr::memmem::find(s.as_bytes(), b": ").is_some() {
                    return None;
                }
                let kind = resolve_plain(Cow::Borrowed(s));
                return Some(Some((
                    Node {
                        kind,
                        span: Span::new(q, e),
                    },
                    end,
                )));
            }
        };
        // after a quoted or empty flow value, only spaces and a comment, which its span
        // takes in: it ends at the end of the line, as the general reader has it
        let rest = skip_spaces(b, close, end);
        if rest < end && !(b[rest] == b'#' && rest > close) {
            return None;
        }
        Some(Some((
            Node {
                kind,
                span: Span::new(q, end),
            },
            end,
        )))
    }

    /// A flow list `[...]` or group `{...}` at `at`: plain and quoted scalars, nested flow
    /// collections, `key: value` pairs in a group; it may go on over the next lines, each
    /// indented deeper than the block it stands in (`col`). The node, and where reading
    /// stopped (after the closing bracket).
    fn flow(&mut self, at: usize, col: usize, depth: usize) -> Option<(Node, usize)> {
        if depth >= self.limits.max_depth {
            return None;
        }
        self.count()?;
        let b = self.b;
        let is_map = b[at] == b'{';
        let close = if is_map { b'}' } else { b']' };
        let mut i = skip_ws(b, at + 1, col)?;
        let mut entries: Vec<(Key, Node)> = Vec::new();
        let mut items: Vec<Node> = Vec::new();
        let mut keys = Keys::default();
        if b[i] == close {
            // empty: it ends where the next token starts, or at the end of its line
            let kind = if is_map {
                NodeKind::Map(entries)
            } else {
                NodeKind::Seq(items)
            };
            let eol = self.line_end_at(i);
            let next = skip_spaces(b, i + 1, eol);
            return Some((
                Node {
                    kind,
                    span: Span::new(at, next),
                },
                i + 1,
            ));
        }
        loop {
            if is_map {
                let k = flow_key_end(b, i)?;
                self.count()?;
                let name = key_name(resolve_plain(Cow::Borrowed(&self.text[i..k])))?;
                if keys.find(&entries, &name).is_some() {
                    return None;
                }
                keys.add(&entries, &name);
                let (value, next) = self.flow_value(skip_ws(b, k + 1, col)?, col, depth)?;
                entries.push((
                    Key {
                        name,
                        span: Span::new(i, k),
                    },
                    value,
                ));
                i = next;
            } else {
                let (value, next) = self.flow_value(i, col, depth)?;
                items.push(value);
                i = next;
            }
            i = skip_ws(b, i, col)?;
            if b[i] == close {
                i += 1;
                break;
            }
            if b[i] != b',' {
                return None;
            }
            i = skip_ws(b, i + 1, col)?;
            // an empty entry, or a trailing comma
            if b[i] == close || b[i] == b',' {
                return None;
            }
        }
        let (kind, last) = if is_map {
            let last = entries.last().map(|(_, n)| n.span.end);
            (NodeKind::Map(super::fit(entries)), last)
        } else {
            let last = items.last().map(|n| n.span.end);
            (NodeKind::Seq(super::fit(items)), last)
        };
        let last = last.map_or(i, |e| e as usize);
        Some((
            Node {
                kind,
                span: Span::new(at, last),
            },
            i,
        ))
    }

    /// One value inside a flow collection at `at`: the node, and where it stopped.
    fn flow_value(&mut self, at: usize, col: usize, depth: usize) -> Option<(Node, usize)> {
        let b = self.b;
        let end = self.line_end_at(at);
        if at >= end {
            return None;
        }
        let quoted = |kind: NodeKind, close: usize| {
            // a quoted value ends where the next token starts, or at the end of its line
            let next = skip_spaces(b, close, end);
            Some((
                Node {
                    kind,
                    span: Span::new(at, next),
                },
                close,
            ))
        };
        match b[at] {
            b'[' | b'{' => {
                // one inside another, as long as the general reader refuses, is its to refuse
                let (node, after) = self.flow(at, col, depth + 1)?;
                (after - at <= NESTED_FLOW_MAX).then_some((node, after))
            }
            b'"' => {
                self.count()?;
                let (s, close) = self.double_quoted(at, end)?;
                quoted(NodeKind::Str(s), close)
            }
            b'\'' => {
                self.count()?;
                let (s, close) = self.single_quoted(at, end)?;
                quoted(NodeKind::Str(s), close)
            }
            b']' | b'}' | b',' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b'?' | b':' => None,
            b'-' if matches!(b.get(at + 1), None | Some(b' ' | b',' | b']' | b'}' | b'\n')) => None,
            _ => {
                self.count()?;
                let mut j = at;
                while j < end {
                    match b[j] {
                        b',' | b']' | b'}' => break,
                        b'[' | b'{' | b'#' => return None,
                        // the general reader refuses a word of a plain value inside brackets
                        // that is `-` then `,[]{}` (`[x -, y]`), as it refuses one at the start
                        b'-' if j > at
                            && b[j - 1] == b' '
                            && matches!(b.get(j + 1), Some(b',' | b'[' | b']' | b'{' | b'}')) =>
                        {
                            return None;
                        }
                        b':' if matches!(
                            b.get(j + 1),
                            None | Some(b' ' | b',' | b']' | b'}' | b'[' | b'{' | b'\n')
                        ) =>
                        {
                            return None; // `a: b` inside a list, or a second colon
                        }
                        _ => j += 1,
                    }
                }
                let mut e = j;
                while b[e - 1] == b' ' {
                    e -= 1;
                }
                let kind = resolve_plain(Cow::Borrowed(&self.text[at..e]));
                Some((
                    Node {
                        kind,
                        span: Span::new(at, e),
                    },
                    e,
                ))
            }
        }
    }

    /// A double-quoted value at `at` without escapes (an escape is the general reader's),
    /// on its line: the text, and the position after the closing quote.
    fn double_quoted(&self, at: usize, end: usize) -> Option<(String, usize)> {
        let b = self.b;
        let close = at + 1 + memchr::memchr2(b'"', b'\\', &b[at + 1..end])?;
        (b[close] == b'"').then(|| (self.text[at + 1..close].to_string(), close + 1))
    }

    /// A single-quoted value at `at` (`''` is one quote), on its line: the text, and the
    /// position after the closing quote.
    fn single_quoted(&self, at: usize, end: usize) -> Option<(String, usize)> {
        let b = self.b;
        let mut s = String::new();
        let mut i = at + 1;
        loop {
            let j = i + memchr::memchr(b'\'', &b[i..end])?;
            s.push_str(&self.text[i..j]);
            if j + 1 < end && b[j + 1] == b'\'' {
                s.push('\'');
                i = j + 2;
            } else {
                return Some((s, j + 1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// What the general reader makes of `text`.
    fn general(text: &str) -> Option<Node> {
        super::super::parse_general(&SourceFile::new("t.yaml", text), Limits::default()).ok()
    }

    /// A tree in one line, spans included, for a failure's message.
    fn show(n: &Node, out: &mut String) {
        use std::fmt::Write as _;
        match &n.kind {
            NodeKind::Map(entries) => {
                let _ = write!(out, "M{}-{}{{", n.span.start, n.span.end);
                for (k, v) in entries {
                    let _ = write!(out, "{}@{}-{}:", k.name, k.span.start, k.span.end);
                    show(v, out);
                    out.push(' ');
                }
                out.push('}');
            }
            NodeKind::Seq(items) => {
                let _ = write!(out, "S{}-{}[", n.span.start, n.span.end);
                for v in items {
                    show(v, out);
                    out.push(' ');
                }
                out.push(']');
            }
            k => {
                let _ = write!(out, "{k:?}@{}-{}", n.span.start, n.span.end);
            }
        }
    }

    /// A tree in one line with each span as line:column, so that the same document with
    /// other line ends can be compared with it.
    fn placed(n: &Node, src: &SourceFile, out: &mut String) {
        use std::fmt::Write as _;
        let at = |span: Span| {
            let (a, b) = src.line_col(span.start);
            let (c, d) = src.line_col(span.end);
            format!("{a}:{b}-{c}:{d}")
        };
        match &n.kind {
            NodeKind::Map(entries) => {
                let _ = write!(out, "M{}{{", at(n.span));
                for (k, v) in entries {
                    let _ = write!(out, "{}@{}:", k.name, at(k.span));
                    placed(v, src, out);
                    out.push(' ');
                }
                out.push('}');
            }
            NodeKind::Seq(items) => {
                let _ = write!(out, "S{}[", at(n.span));
                for v in items {
                    placed(v, src, out);
                    out.push(' ');
                }
                out.push(']');
            }
            k => {
                let _ = write!(out, "{k:?}@{}", at(n.span));
            }
        }
    }

    /// Whatever the fast path reads, the general reader places at the same lines and
    /// columns when the line ends are CRLF or CR alone (which the fast path leaves to it):
    /// a finding stands at one place whatever system wrote the file (audit v3 B16).
    fn agrees_across_line_ends(text: &str) -> bool {
        let Some(fast) = parse(text, Limits::default()) else {
            return true;
        };
        let mut want = String::new();
        placed(&fast, &SourceFile::new("t.yaml", text), &mut want);
        for eol in ["\r\n", "\r"] {
            let other = text.replace('\n', eol);
            let src = SourceFile::new("t.yaml", other.as_str());
            let mut got = String::new();
            match super::super::parse_general(&src, Limits::default()) {
                Ok(n) => placed(&n, &src, &mut got),
                Err(p) => got = p.message,
            }
            if got != want {
                eprintln!("--- {text:?} with {eol:?}\nLF:    {want}\nother: {got}");
                return false;
            }
        }
        true
    }

    /// Whatever the fast path accepts, the general reader reads to the same tree.
    fn agrees(text: &str) -> bool {
        match parse(text, Limits::default()) {
            None => true,
            Some(fast) => {
                let slow = general(text);
                if slow.as_ref() != Some(&fast) {
                    let mut f = String::new();
                    show(&fast, &mut f);
                    let mut g = String::new();
                    if let Some(slow) = &slow {
                        show(slow, &mut g);
                    }
                    eprintln!("--- {text:?}\nfast: {f}\nslow: {g}");
                    return false;
                }
                true
            }
        }
    }

    #[test]
    fn the_usual_shapes_are_taken_and_agree() {
        for t in [
            "a: 1\n",
            "a:\n",
            "a:\nb: x\n",
            "a:\n  b: 1\n",
            "a:\n- x\n- y\n",
            "a:\n- \n- y\n",
            "a:\n- b: 1\n  c: 2\n",
            "a:\n  - x\n  -\n  - y: 1\n    z: 2\n",
            "a: []\nb: {}  # none\n",
            "a: \"q\"\nb: 'it''s'   \n",
            "a: x # c\nb: y#z\n",
            "- a\n- b\n",
            "-   # c\n- 1",
            "a:    \n\nb: 1",
            "# top\nschema_version: 1\nx:\n  y: 2026-03-01  # a date\n  z: -3\n",
        ] {
            assert!(agrees(t), "{t:?}");
            assert!(parse(t, Limits::default()).is_some(), "not taken: {t:?}");
        }
    }

    #[test]
    fn an_indentless_list_whose_first_item_starts_below_its_dash_agrees() {
        // audit v3 B16: the fast path began the list at its first dash, the general reader
        // at the end of the dash's line, so every finding about the list moved with the
        // line ends
        for t in [
            "children:\n-\n  ref: C-1\n  household: FC-1\n- {ref: C-2}\n",
            "children:\n-\n  ref: C-1\n",
            "children:\n-   \n  ref: C-1\n",
            "children:\n-  # a comment\n  ref: C-1\n",
            "children:\n-\n  - x\n",
            "children:\n-\n\n  ref: C-1\n",
            "a:\n  b:\n  -\n    ref: C-1\n  c: 1\n",
            "children:\n- \n- ref: C-1\n",
            "-\n  a: 1\n",
            "children:\n  -\n    ref: C-1\n",
        ] {
            assert!(agrees(t), "{t:?}");
            assert!(agrees_across_line_ends(t), "{t:?}");
        }
    }

    #[test]
    fn what_is_outside_its_part_is_left_to_the_general_reader() {
        for t in [
            "a: -\n",
            "a:\tb\n",
            "a: 1\r\n",
            "\u{feff}a: 1\n",
            "---\na: 1\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  text\n",
            "a: long\n  plain\n",
            "a: \"two\n  lines\"\n",
            "a: \"esc\\\"aped\"\n",
            "a: [1,\n2]\n",
            "a: [1, # c\n  2]\n",
            "a: [1,\n\n  2]\n",
            "a: [x#y]\n",
            "a: [x, y,]\n",
            "a: {b:1}\n",
            "a: 1\na: 2\n",
            "\"a\": 1\n",
            "a b: 1\n",
            "a: b: c\n",
            "a: x:\n",
            "just text\n",
            "- - x\n",
            "",
            "# only a comment\n",
            "a: 1\n...\n",
            "a: 1\n b: 2\n",
        ] {
            assert!(parse(t, Limits::default()).is_none(), "taken: {t:?}");
        }
        // a word `-` then a bracket or comma inside brackets, which the general reader
        // refuses: the fast path read it as text (found by the yaml_readers fuzz target)
        for t in [
            "a: [x -,y]\n",
            "a: {b: 2026-0630p -,c: {d: 1}}\n",
            "a: {b: x -}\n",
            "a: [x -]\n",
            "a: [x  -{y}]\n",
        ] {
            assert!(parse(t, Limits::default()).is_none(), "taken: {t:?}");
            assert!(general(t).is_none(), "the general reader reads {t:?}");
        }
    }

    /// The two-reader fuzz target's first find (a self-assessment with `\u{1}\u{0}` inside a
    /// date in a flow group): the fast path read it, the general reader refused it as
    /// unprintable. The class is every character outside YAML's printable set, and a
    /// byte-order mark, wherever it stands: in a plain value, a flow value, a quoted value, a
    /// comment or a key.
    #[test]
    fn characters_yaml_does_not_print_are_never_read_two_ways() {
        let fuzz_find =
            "premises:\n  - ref: P-01\n    location_assessment: {date: 20\u{1}\u{0}25-11-03, consulted: [police]}\n";
        assert!(agrees(fuzz_find), "{fuzz_find:?}");
        for c in [
            '\u{0}', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{80}', '\u{9f}', '\u{feff}',
            '\u{fffe}', '\u{ffff}',
        ] {
            for t in [
                format!("a: {{d: 20{c}25}}\n"),
                format!("a: [x{c}y, z]\n"),
                format!("a: x{c}y\n"),
                format!("a: x{c}\n"),
                format!("a: 1 # c{c}\n"),
                format!("# {c}\na: 1\n"),
                format!("a: 'q{c}'\n"),
                format!("a: \"q{c}\"\n"),
                format!("k{c}: 1\n"),
                format!("a:\n- x{c}\n"),
            ] {
                assert!(agrees(&t), "{t:?}");
                assert!(parse(&t, Limits::default()).is_none(), "taken: {t:?}");
            }
        }
        // NEL and ordinary non-ASCII text stay on the fast path
        for t in ["a: x\u{85}y\n", "a: Zoë Ltd\n", "a: [é, 日本]\n"] {
            assert!(agrees(t), "{t:?}");
            assert!(parse(t, Limits::default()).is_some(), "not taken: {t:?}");
        }
    }

    #[test]
    fn nesting_and_size_limits_leave_the_file_to_the_general_reader() {
        let deep: String = (0..10).map(|d| format!("{}k:\n", " ".repeat(d))).collect();
        let tight = Limits {
            max_depth: 5,
            ..Limits::default()
        };
        assert!(parse(&deep, tight).is_none());
        assert!(parse(&deep, Limits::default()).is_some());
        // a long list inside another is the general reader's to refuse
        let long = format!("x: [[{}]]\n", vec!["x"; 40_000].join(","));
        assert!(parse(&long, Limits::default()).is_none());
        let flat = format!("x: [{}]\n", vec!["x"; 40_000].join(","));
        assert!(agrees(&flat) && parse(&flat, Limits::default()).is_some());
        let wide: String = (0..50).map(|i| format!("k{i}: {i}\n")).collect();
        let few = Limits {
            max_nodes: 60,
            ..Limits::default()
        };
        assert!(parse(&wide, few).is_none());
        assert!(agrees(&wide));
        // a duplicate found by the index of a large mapping
        let dup = format!("{wide}k3: again\n");
        assert!(parse(&dup, Limits::default()).is_none());
    }

    /// Every YAML file the project ships or tests with: read the same both ways, and the
    /// self-assessments all take the fast path (or the speed silently goes).
    #[test]
    fn every_shipped_yaml_file_agrees() {
        // the repository's root, two folders above this crate
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut seen = 0;
        for dir in ["examples", "tests", "standards"] {
            for e in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let e = e.unwrap();
                let p = e.path();
                if !matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml")) {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(p) else { continue };
                assert!(agrees(&text), "{}", p.display());
                seen += 1;
                if dir == "examples" {
                    assert!(parse(&text, Limits::default()).is_some(), "{} not taken", p.display());
                }
            }
        }
        assert!(seen >= 5, "only {seen} files");
    }

    /// Pieces of lines, the plain and the tricky, from which the property tests below
    /// build documents.
    const KEYS: &[&str] = &[
        "a", "b", "a", "ref", "x_y", "1", "007", "true", "Null", "null", "k k", "'q'", "\"d\"", "1.5", "-", "?",
    ];
    const VALUES: &[&str] = &[
        "",
        " ",
        "x",
        "two words",
        "-3",
        "007",
        "1.5",
        "1e5",
        ".5",
        "+3",
        "~",
        "null",
        "NULL",
        "True",
        "yes",
        "2026-03-01",
        "2026-03-01T10:00:00Z",
        "\"q\"",
        "'s'",
        "'it''s'",
        "\"a\\\"b\"",
        "\"open",
        "'open",
        "[]",
        "{}",
        "[ ]",
        "[a]",
        "{a: 1}",
        "x # c",
        "x#y",
        "a: b",
        "a:",
        ":x",
        "-",
        "- x",
        "-x",
        "&a x",
        "*a",
        "!!str x",
        "|",
        ">",
        "é",
        "%x",
        "@x",
        "?",
        "x  ",
        "# c",
        "'a' b",
        "\"a\" # c",
        "[] x",
        "a,b",
        "O'Brien",
    ];

    const FLOW_VALUES: &[&str] = &[
        "x",
        "two words",
        "1",
        "-2",
        "2026-03-01T10:00:00+00:00",
        "\"q\"",
        "'s'",
        "'it''s'",
        "\"q\" ",
        "[]",
        "{}",
        "[ ]",
        "[a, b]",
        "{g: 1, h: [2]}",
        "10:30",
        "http://x",
        "a: b",
        "",
        "x#y",
        "# c",
        "'open",
        "[a,\n  b]",
        "\"a\"\n  ",
        "~",
    ];

    fn line() -> impl Strategy<Value = String> {
        let key = proptest::sample::select(KEYS);
        let value = proptest::sample::select(VALUES);
        let indent = 0usize..7;
        prop_oneof![
            4 => (indent.clone(), key.clone(), value.clone()).prop_map(|(i, k, v)| format!("{}{k}:{}{v}", " ".repeat(i), if v.is_empty() { "" } else { " " })),
            2 => (indent.clone(), value.clone()).prop_map(|(i, v)| format!("{}-{}{v}", " ".repeat(i), if v.is_empty() { "" } else { " " })),
            2 => (indent.clone(), key, value).prop_map(|(i, k, v)| format!("{}- {k}: {v}", " ".repeat(i))),
            // a dash alone on its line, its item below (audit v3 B16)
            1 => (indent.clone(), proptest::sample::select(&["", "  ", "  # c"][..])).prop_map(|(i, t)| format!("{}-{t}", " ".repeat(i))),
            1 => indent.clone().prop_map(|i| format!("{}# note", " ".repeat(i))),
            1 => Just(String::new()),
            1 => proptest::sample::select(&["---", "...", "\t", "a:\tb", "  ", "x\r"][..]).prop_map(str::to_string),
        ]
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Whatever the fast path takes, the general reader reads to the same tree, spans
        /// included; what it cannot take, it leaves.
        #[test]
        fn a_taken_document_is_read_the_same_both_ways(lines in proptest::collection::vec(line(), 1..12), newline_at_end in any::<bool>()) {
            let mut text = lines.join("\n");
            if newline_at_end {
                text.push('\n');
            }
            prop_assert!(agrees(&text));
            prop_assert!(agrees_across_line_ends(&text));
        }

        /// Well-formed documents of the usual shape: most are taken, and all agree.
        #[test]
        fn a_plain_document_is_taken(entries in proptest::collection::vec((0usize..3, proptest::sample::select(&["a", "b", "c", "d", "e"][..]), proptest::sample::select(&["1", "x", "2026-01-02", "'q'", "\"d\"", "", "[]"][..])), 1..10)) {
            let mut text = String::from("top:\n");
            for (i, (shape, k, v)) in entries.iter().enumerate() {
                match shape {
                    0 => text.push_str(&format!("  {k}{i}: {v}\n")),
                    1 => text.push_str(&format!("  l{i}:\n  - {k}: {v}\n    z: 1\n")),
                    _ => text.push_str(&format!("  m{i}:\n    - {v}\n")),
                }
            }
            prop_assert!(agrees(&text));
            prop_assert!(parse(&text, Limits::default()).is_some(), "not taken: {:?}", text);
        }

        /// Flow collections over several lines, with line breaks and indentation in random
        /// places: taken or not, never read differently.
        #[test]
        fn a_flow_collection_over_lines_is_read_the_same_both_ways(
            key_col in 0usize..3,
            parts in proptest::collection::vec((proptest::sample::select(FLOW_VALUES), 0usize..4, 0usize..5), 1..6),
            is_map in any::<bool>(),
            in_list in any::<bool>(),
            after in proptest::sample::select(&["", "  # c", " ", "\nnext: 1", "\n  next: 1", "\n- z"][..]),
        ) {
            let (open, close) = if is_map { ('{', '}') } else { ('[', ']') };
            let mut text = format!("{}{}", " ".repeat(key_col), if in_list { "- " } else { "k: " });
            text.push(open);
            for (i, (v, breaks, indent)) in parts.iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                // a break before the entry: sometimes none, sometimes to a shallow line
                if *breaks == 1 {
                    text.push('\n');
                    text.push_str(&" ".repeat(*indent));
                } else {
                    text.push(' ');
                }
                if is_map {
                    text.push_str(&format!("f{i}: "));
                }
                text.push_str(v);
            }
            if parts.last().is_some_and(|p| p.1 == 2) {
                text.push('\n');
                text.push_str(&" ".repeat(key_col + 1));
            }
            text.push(close);
            text.push_str(after);
            text.push('\n');
            prop_assert!(agrees(&text));
        }

        /// Any text at all: no panic, and agreement whenever it is taken.
        #[test]
        fn any_text_is_safe(text in "[ -~\n\té]{0,200}") {
            prop_assert!(agrees(&text));
        }
    }
}
