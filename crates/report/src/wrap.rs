//! The wrapping of a diagnostic's message, done directly for plain ASCII text.
//!
//! miette wraps each diagnostic's message with textwrap, which measures every word's
//! Unicode width through a chain of boxed iterators: a tenth of a batch's human report.
//! The human reporter's messages are nearly always plain ASCII, for which a word's width
//! is its length. For those, [`first_fit`] gives the lines textwrap gives (its first-fit
//! algorithm, words separated by ASCII spaces, no hyphenation, long words broken), and the
//! diagnostic is rendered with miette's wrapping off; anything else returns `None` and is
//! wrapped by textwrap as before. The tests hold it to textwrap line for line.

/// A word and the spaces after it, as byte ranges of the line.
#[derive(Clone, Copy)]
struct Word {
    start: usize,
    /// The end of the word's text (where its trailing spaces start).
    text_end: usize,
    /// The end of its trailing spaces.
    end: usize,
}

impl Word {
    fn width(&self) -> usize {
        self.text_end - self.start
    }
    fn spaces(&self) -> usize {
        self.end - self.text_end
    }
}

/// The lines (without indents) textwrap would give for `text` with these widths, or `None`
/// when the text is not plain printable ASCII on one line, or when a line would come out
/// blank (miette indents a blank line differently when it does not wrap).
pub fn first_fit(text: &str, first_width: usize, rest_width: usize) -> Option<Vec<&str>> {
    let b = text.as_bytes();
    if b.is_empty() || !b.iter().all(|c| (0x20..0x7f).contains(c)) {
        return None;
    }
    // the words, as textwrap's ASCII-space separator finds them
    let mut words: Vec<Word> = Vec::with_capacity(b.len() / 4 + 2);
    // an empty word first: textwrap adds one when there is a first-line indent, so the
    // first real word may go to the second line
    words.push(Word {
        start: 0,
        text_end: 0,
        end: 0,
    });
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i] != b' ' {
            i += 1;
        }
        let text_end = i;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        let w = Word {
            start,
            text_end,
            end: i,
        };
        // a word wider than the later lines is broken into pieces that fit them (every
        // character is one column wide; a width of 0 still takes one a line, as textwrap does)
        if w.width() > rest_width {
            let step = rest_width.max(1);
            for piece_start in (w.start..w.text_end).step_by(step) {
                let piece_end = (piece_start + step).min(w.text_end);
                let last = piece_end == w.text_end;
                words.push(Word {
                    start: piece_start,
                    text_end: piece_end,
                    end: if last { w.end } else { piece_end },
                });
            }
        } else {
            words.push(w);
        }
    }
    // first fit
    let mut lines = Vec::new();
    let mut line_start = 0usize; // index into words
    let mut width = 0usize;
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for (idx, w) in words.iter().enumerate() {
        let limit = if ranges.is_empty() { first_width } else { rest_width };
        if width + w.width() > limit && idx > line_start {
            ranges.push((line_start, idx));
            line_start = idx;
            width = 0;
        }
        width += w.width() + w.spaces();
    }
    ranges.push((line_start, words.len()));
    for (from, to) in ranges {
        let (first, last) = (words[from], words[to - 1]);
        let line = &text[first.start..last.text_end];
        if line.trim().is_empty() {
            return None;
        }
        lines.push(line);
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn textwrap_lines(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
        let opts = textwrap::Options::new(width)
            .initial_indent(first)
            .subsequent_indent(rest)
            .break_words(true)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        textwrap::wrap(text, opts).into_iter().map(|c| c.into_owned()).collect()
    }

    fn check(text: &str, width: usize) {
        let (first, rest) = ("  × ", "  │ ");
        let want = textwrap_lines(text, width, first, rest);
        let w = |s: &str| textwrap::core::display_width(s);
        match first_fit(text, width.saturating_sub(w(first)), width.saturating_sub(w(rest))) {
            Some(lines) => {
                let got: Vec<String> = lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| format!("{}{l}", if i == 0 { first } else { rest }))
                    .collect();
                assert_eq!(got, want, "{text:?} at width {width}");
            }
            // only what it promises to leave alone
            None => assert!(
                text.is_empty()
                    || !text.bytes().all(|c| (0x20..0x7f).contains(&c))
                    || want
                        .iter()
                        .any(|l| l.trim_end() == first.trim_end() || l.trim_end() == rest.trim_end()),
                "{text:?} at width {width}: left to textwrap without a reason"
            ),
        }
    }

    proptest::proptest! {
        /// The lines are textwrap's, for words of every length, runs of spaces, long words
        /// and narrow widths.
        #[test]
        fn lines_are_textwraps(text in "[a-z`()0-9:.,-]{0,14}( {1,3}[a-zA-Z`()0-9:.,-]{0,30}){0,14} {0,2}", width in 5usize..120) {
            check(&text, width);
        }

        #[test]
        fn anything_else_is_left_to_textwrap(text in "\\PC{0,40}", width in 5usize..60) {
            check(&text, width);
        }
    }

    #[test]
    fn cases() {
        for text in [
            "x",
            " leading space",
            "CARE-012 The statement of purpose is published on the home's website: `home.statement_of_purpose.published_on_website` is not reported",
            "averyveryverylongwordthatcannotfitanywhereatallinthislinewidthsoitbreaks and then more",
        ] {
            for width in [0, 1, 2, 3, 4, 5, 6, 10, 20, 40, 98] {
                check(text, width);
            }
        }
    }
}
