//! Source text and positions.
//!
//! Every loader keeps byte spans only; line and column are worked out here, when a
//! reporter needs them, so that the hot path (parse and check) never pays for them.

use std::sync::Arc;

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
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown to users (the path as given, or `<stdin>`).
    pub name: String,
    /// The full text.
    pub text: Arc<str>,
    line_starts: Arc<[u32]>,
}

impl SourceFile {
    /// Index a text.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut starts = Vec::with_capacity(text.len() / 24 + 1);
        starts.push(0u32);
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            // `\n`, `\r\n` and a lone `\r` each end a line, as the YAML parser counts them
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        SourceFile {
            name: name.into(),
            text,
            line_starts: starts.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, byte: u32) -> (usize, usize) {
        let line = match self.line_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts[line] as usize;
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
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
