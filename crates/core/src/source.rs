//! Source text and positions.
//!
//! Every loader keeps byte spans only; line and column are worked out here, when a
//! reporter needs them, so that the hot path (parse and check) never pays for them.

use std::fmt;
use std::sync::{Arc, OnceLock};

/// A byte range into one source text. `u32` keeps nodes small: files above 4 GiB are
/// refused long before this matters (see the input size limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    pub fn new(start: usize, end: usize) -> Self {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A named source text with a line index, shared cheaply between a file's result and its
/// reporters.
#[derive(Clone)]
pub struct SourceFile {
    /// The name shown to users (the path as given, or `<stdin>`).
    pub name: String,
    /// The full text.
    pub text: Text,
    /// Where each line starts, found the first time a line is asked for (shared between
    /// clones): a standard's text is indexed only when a problem or a trace points into it.
    line_starts: Arc<OnceLock<Box<[u32]>>>,
}

/// The name and the text: the line index is derived from them, and whether it has been
/// found yet is not part of what a source is.
impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile")
            .field("name", &self.name)
            .field("text", &self.text)
            .finish()
    }
}

/// A source's text: a file read at run time is shared between its result and its reporters;
/// a text built into the program (a shipped standard) is used where it lies, since copying
/// the shipped standards' texts at every start was a fifth of a one-file check's memory.
#[derive(Clone)]
pub enum Text {
    /// Read at run time.
    Shared(Arc<str>),
    /// Part of the program.
    BuiltIn(&'static str),
}

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Text::Shared(text) => text,
            Text::BuiltIn(text) => text,
        }
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

/// Two texts are equal when they read the same, wherever they lie.
impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Text {}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::Shared(text.into())
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::Shared(text.into())
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

/// Read from bytes that live as long as the program (the compiled standards built into it),
/// a text is used where it lies; from any other reader that hands out a copy, it is kept.
/// Only the program's own bytes are read this way, so the bound costs no caller anything.
impl<'de: 'static> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de: 'static> serde::de::Visitor<'de> for Visit {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, text: &'de str) -> Result<Text, E> {
                Ok(Text::BuiltIn(text))
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text::from(text))
            }
        }
        d.deserialize_str(Visit)
    }
}

impl SourceFile {
    /// A named text (indexed when first needed).
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            name: name.into(),
            text: Text::Shared(text.into()),
            line_starts: Arc::default(),
        }
    }

    /// A named text that is part of the program, used in place rather than copied.
    pub fn built_in(name: impl Into<String>, text: &'static str) -> Self {
        SourceFile {
            name: name.into(),
            text: Text::BuiltIn(text),
            line_starts: Arc::default(),
        }
    }

    /// Where each line starts.
    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut starts = Vec::with_capacity(bytes.len() / 24 + 1);
            starts.push(0u32);
            // `\n`, `\r\n` and a lone `\r` each end a line, as the YAML parser counts them;
            // memchr finds the line ends many bytes at a time
            for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
                if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                    starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
                }
            }
            starts.into_boxed_slice()
        })
    }

    /// The 0-based line a byte offset stands on (past the end: the last line).
    fn line_of(&self, byte: usize) -> usize {
        self.line_starts()
            .partition_point(|&s| s as usize <= byte)
            .saturating_sub(1)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, byte: u32) -> (usize, usize) {
        let line = self.line_of(byte as usize);
        let start = self.line_starts()[line] as usize;
        let end = (byte as usize).min(self.text.len());
        let col = self
            .text
            .get(start..end)
            .map(|s| s.chars().count())
            .unwrap_or(end.saturating_sub(start));
        (line + 1, col + 1)
    }

    /// Byte offset of a 1-based line and a 0-based character column (as the YAML parser
    /// reports them).
    pub fn byte_of(&self, line: usize, col_chars: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let start = start as usize;
        let rest = &self.text[start..];
        // Fast path: ASCII prefix, where characters are bytes.
        let ascii = rest.bytes().take(col_chars).all(|b| b.is_ascii());
        if ascii {
            return (start + col_chars).min(self.text.len());
        }
        match rest.char_indices().nth(col_chars) {
            Some((i, _)) => start + i,
            None => self.text.len(),
        }
    }

    /// miette's answer for a snippet worked out from the line index alone, without reading
    /// the bytes around it one by one (three reads a finding were a tenth of the human
    /// report's time): for a span of at least one byte, context on both sides or on
    /// neither, and no carriage return near it. `None` otherwise; the caller then scans.
    pub fn read_span_by_lines(
        &self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Option<miette::MietteSpanContents<'_>> {
        let (offset, len) = (span.offset(), span.len());
        let text = self.text.as_bytes();
        if len == 0 || offset + len > text.len() || (before == 0) != (after == 0) {
            return None;
        }
        let starts = self.line_starts();
        let first_line = self.line_of(offset);
        let last_byte = offset + len - 1;
        let start_line = first_line.saturating_sub(before);
        let (from, column) = if before == 0 {
            (offset, offset - starts[first_line] as usize)
        } else {
            (starts[start_line] as usize, 0)
        };
        let end = if after == 0 {
            offset + len
        } else {
            // through the line end that is `after` line ends past the one after the span
            // (a span ending in a line end does not count that one)
            let last_line = self.line_of(last_byte);
            let counted = if text[last_byte] == b'\n' {
                last_line + 1
            } else {
                last_line
            };
            starts
                .get(counted + after + 1)
                .map_or(text.len(), |&s| (s as usize).min(text.len()))
        };
        let scanned = &text[(starts[first_line] as usize).min(from)..(end + 1).min(text.len())];
        if memchr::memchr(b'\r', scanned).is_some() {
            return None;
        }
        let line_count = self.line_of(end);
        Some(miette::MietteSpanContents::new_named(
            self.name.clone(),
            &text[from..end],
            miette::SourceSpan::new(from.into(), end - from),
            start_line,
            column,
            line_count,
        ))
    }
}

/// Snippets for diagnostics, read through the line index. miette's own implementation for a
/// plain string scans from the start of the file to every span, which made the human report
/// quadratic in the size of a file with many findings; here it scans only a window of whole
/// lines around the span (with a spare line each side) and shifts the answer back, so what is
/// printed is byte-for-byte what the plain string would give.
impl miette::SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        if let Some(found) = self.read_span_by_lines(span, context_lines_before, context_lines_after) {
            return Ok(Box::new(found));
        }
        let line_starts = self.line_starts();
        let first = self.line_of(span.offset()).saturating_sub(context_lines_before + 1);
        let last = self
            .line_of(span.offset() + span.len())
            .saturating_add(context_lines_after + 2);
        let start = line_starts[first] as usize;
        let end = line_starts
            .get(last)
            .map_or(self.text.len(), |&e| (e as usize).min(self.text.len()));
        let window = &self.text.as_bytes()[start..end];
        let local = miette::SourceSpan::new((span.offset() - start).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        let data: &'a [u8] = &self.text.as_bytes()[start + inner.span().offset()..][..inner.span().len()];
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            data,
            miette::SourceSpan::new((start + inner.span().offset()).into(), inner.span().len()),
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The windowed snippet reader gives exactly what miette's whole-text reader gives, for
    /// every span (empty, multi-line, at either end) and context, with `\n`, `\r\n` and lone
    /// `\r` line ends.
    #[test]
    fn snippets_through_the_line_index_match_the_plain_text() {
        use miette::SourceCode;
        let texts = [
            "a: 1\nb: two\n  c: [x, y]\n\nd: é ü\ne: end",
            "a: 1\r\nb: 2\r\n\r\nc: 3\r\n",
            "a\rb\rc\n\nd\r\ne",
            "one line, no newline",
            "\n\n\n",
            "a: 1\n\n  b: [x,\n    y]\nc:\n- d\n",
            "x\n",
        ];
        for text in texts {
            let file = SourceFile::new("t.yaml", text);
            for start in 0..=text.len() {
                for len in [0usize, 1, 3, 12] {
                    if start + len > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(start + len)
                    {
                        continue;
                    }
                    let span = miette::SourceSpan::new(start.into(), len);
                    for (before, after) in [(0, 0), (1, 1), (2, 2), (2, 3), (5, 0), (0, 2)] {
                        let want = text.read_span(&span, before, after);
                        let got = file.read_span(&span, before, after);
                        match (want, got) {
                            (Ok(w), Ok(g)) => {
                                let what = format!("{text:?} {start}+{len} ({before},{after})");
                                assert_eq!(w.data(), g.data(), "{what}");
                                assert_eq!(w.span(), g.span(), "{what}");
                                assert_eq!(w.line(), g.line(), "{what}");
                                assert_eq!(w.column(), g.column(), "{what}");
                                assert_eq!(w.line_count(), g.line_count(), "{what}");
                                assert_eq!(g.name(), Some("t.yaml"));
                            }
                            (Err(_), Err(_)) => {}
                            (w, g) => panic!("{text:?} {start}+{len}: {:?} vs {:?}", w.is_ok(), g.is_ok()),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn line_col_and_back() {
        let s = SourceFile::new("t", "ab\ncdé\nxyz");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(3), (2, 1));
        assert_eq!(s.line_col(4), (2, 2));
        // after the two-byte é
        assert_eq!(s.line_col(8), (3, 1));
        assert_eq!(s.byte_of(2, 2), 5);
        assert_eq!(s.byte_of(3, 1), 9);
    }

    #[test]
    fn carriage_returns_alone_end_lines() {
        let s = SourceFile::new("t", "a: 1\rb: é\rc: 3\r\nd: 4");
        assert_eq!(s.line_col(5), (2, 1));
        assert_eq!(s.line_col(11), (3, 1));
        assert_eq!(s.line_col(17), (4, 1));
        assert_eq!(s.byte_of(3, 3), 14);
    }
}
