//! The source snippet of a finding, drawn as miette's graphical handler draws it, for the
//! usual case: one labelled span within one line, in plain ASCII text.
//!
//! miette lays out any number of labels over any lines, measuring every character's width
//! as it goes; that general layout was four tenths of the human report's time, for a
//! snippet that is nearly always one underline under one line. This draws that case
//! directly, byte for byte the same (tested against miette on every finding of the shipped
//! examples, in colour and without, and on generated spans); anything else (no label or
//! several, a span over a line end, a tab, a character outside printable ASCII near it, no
//! context on either side) is left to miette.

use std::fmt::Write as _;

use miette::{GraphicalTheme, SourceSpan, SpanContents};
use owo_colors::Style;

use carecheck_core::source::SourceFile;

/// Lines of context above and below the span: miette's default, which carecheck keeps.
const CONTEXT_LINES: usize = 1;

/// One line of the context: its 1-based number, where it starts, and its text without the
/// line end.
struct Line<'a> {
    number: usize,
    offset: usize,
    text: &'a str,
}

/// The snippet of a span with its label, from the `╭─[file:line:col]` header to the closing
/// `╰────`, as miette writes it with `theme`; `None` outside the usual case.
pub fn draw(theme: &GraphicalTheme, src: &SourceFile, offset: usize, len: usize, label: &str) -> Option<String> {
    if len == 0 || !printable(label.as_bytes()) {
        return None;
    }
    let span = SourceSpan::new(offset.into(), len);
    let context = src.read_span_by_lines(&span, CONTEXT_LINES, CONTEXT_LINES)?;
    let data = std::str::from_utf8(context.data()).ok()?;
    if !data.bytes().all(|b| b == b'\n' || (b' '..=b'~').contains(&b)) {
        return None;
    }
    let mut lines = Vec::with_capacity(2 * CONTEXT_LINES + 1);
    let mut at = context.span().offset();
    // numbered from 1, as miette shows them
    for (number, text) in (context.line() + 1..).zip(data.split_inclusive('\n')) {
        lines.push(Line {
            number,
            offset: at,
            text: text.strip_suffix('\n').unwrap_or(text),
        });
        at += text.len();
    }
    // the line the span lies within, line end excluded
    let index = lines
        .iter()
        .position(|l| offset >= l.offset && offset + len <= l.offset + l.text.len())?;
    // where the header points: the span's line and column (bytes, in plain ASCII), as
    // miette reads them for the primary label
    let (line, column) = (lines[index].number, offset - lines[index].offset + 1);

    let chars = &theme.characters;
    let styles = &theme.styles;
    let highlight = styles.highlights.first().copied().unwrap_or_default();
    let width = itoa::Buffer::new().format(lines.last().map_or(0, |l| l.number)).len();
    let mut out = String::with_capacity(128 + data.len() * 2);
    // written piece by piece into one string, styles as their escape codes around the
    // text (nothing when plain): the `format!` and `repeat` of each piece were half of the
    // snippet's cost, on every finding of a human report
    pad(&mut out, ' ', width + 2);
    out.push(chars.ltop);
    out.push(chars.hbar);
    out.push('[');
    styled(&mut out, styles.link, |out| {
        out.push_str(&src.name);
        out.push(':');
        out.push_str(itoa::Buffer::new().format(line));
        out.push(':');
        out.push_str(itoa::Buffer::new().format(column));
    });
    out.push_str("]\n");
    for (i, line) in lines.iter().enumerate() {
        out.push(' ');
        // the number right-aligned in the gutter
        styled(&mut out, styles.linum, |out| {
            let mut digits = itoa::Buffer::new();
            let digits = digits.format(line.number);
            pad(out, ' ', width.saturating_sub(digits.len()));
            out.push_str(digits);
        });
        out.push(' ');
        out.push(chars.vbar);
        out.push(' ');
        out.push_str(line.text);
        out.push('\n');
        if i != index {
            continue;
        }
        // the underline, with its tee under the middle of the span
        let start = offset - line.offset;
        let end = (start + len).max(start + 1);
        let tee = (start + end) / 2;
        out.push(' ');
        pad(&mut out, ' ', width);
        out.push(' ');
        out.push(chars.vbar_break);
        out.push(' ');
        styled(&mut out, highlight, |out| {
            pad(out, ' ', start);
            pad(out, chars.underline, tee - start);
            out.push(chars.underbar);
            pad(out, chars.underline, end - tee - 1);
        });
        out.push('\n');
        // the label, hanging from the tee
        out.push(' ');
        pad(&mut out, ' ', width);
        out.push(' ');
        out.push(chars.vbar_break);
        out.push(' ');
        pad(&mut out, ' ', tee);
        // (the label is styled on its own too, inside the styled line, as miette does)
        styled(&mut out, highlight, |out| {
            out.push(chars.lbot);
            pad(out, chars.hbar, 2);
            out.push(' ');
            styled(out, highlight, |out| out.push_str(label));
        });
        out.push('\n');
    }
    pad(&mut out, ' ', width + 2);
    out.push(chars.lbot);
    pad(&mut out, chars.hbar, 4);
    out.push('\n');
    Some(out)
}

/// `n` times `c`, written in place.
pub(crate) fn pad(out: &mut String, c: char, n: usize) {
    out.extend(std::iter::repeat_n(c, n));
}

/// What `body` writes, in `style`: its escape codes before and the reset after, as owo-colors
/// writes a styled value, and nothing around it when the style is plain.
pub(crate) fn styled(out: &mut String, style: Style, body: impl FnOnce(&mut String)) {
    if style.is_plain() {
        body(out);
        return;
    }
    let _ = write!(out, "{}", style.prefix_formatter());
    body(out);
    let _ = write!(out, "{}", style.suffix_formatter());
}

fn printable(bytes: &[u8]) -> bool {
    bytes.iter().all(|b| (b' '..=b'~').contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::{GraphicalReportHandler, LabeledSpan, MietteDiagnostic};
    use proptest::prelude::*;

    /// A diagnostic with source code, for miette's own rendering.
    #[derive(Debug)]
    struct Diag<'a> {
        inner: MietteDiagnostic,
        src: Option<&'a SourceFile>,
    }
    impl std::fmt::Display for Diag<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            std::fmt::Display::fmt(&self.inner, f)
        }
    }
    impl std::error::Error for Diag<'_> {}
    impl miette::Diagnostic for Diag<'_> {
        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            self.inner.labels()
        }
        fn source_code(&self) -> Option<&dyn miette::SourceCode> {
            self.src.map(|s| s as &dyn miette::SourceCode)
        }
        fn severity(&self) -> Option<miette::Severity> {
            self.inner.severity()
        }
    }

    fn themes() -> [GraphicalTheme; 2] {
        [GraphicalTheme::unicode(), GraphicalTheme::unicode_nocolor()]
    }

    /// miette's rendering of a one-label diagnostic, and of the same without the label:
    /// the difference is the snippet.
    fn miette_snippet(theme: &GraphicalTheme, src: &SourceFile, offset: usize, len: usize, label: &str) -> String {
        let handler = GraphicalReportHandler::new_themed(theme.clone()).with_width(80);
        let render = |labelled: bool| {
            let mut d = MietteDiagnostic::new("something is wrong");
            if labelled {
                d = d.with_label(LabeledSpan::new_primary_with_span(
                    Some(label.to_string()),
                    (offset, len),
                ));
            }
            let mut out = String::new();
            handler
                .render_report(
                    &mut out,
                    &Diag {
                        inner: d,
                        src: Some(src),
                    },
                )
                .unwrap();
            out
        };
        let (with, without) = (render(true), render(false));
        with.strip_prefix(without.as_str()).unwrap_or(&with).to_string()
    }

    fn examples() -> Vec<SourceFile> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let mut paths: Vec<_> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| SourceFile::new(p.display().to_string(), std::fs::read_to_string(p).unwrap()))
            .collect()
    }

    /// Every value of every shipped example, as a finding points at it: drawn exactly as
    /// miette draws it, in colour and without.
    #[test]
    fn every_value_of_the_examples_is_drawn_as_miette_draws_it() {
        let mut drawn = 0;
        for src in examples() {
            let text = src.text.clone();
            let mut at = 0;
            for line in text.split_inclusive('\n') {
                // the value after `key: `, as most findings point at
                if let Some(i) = line.find(": ") {
                    let value = line[i + 2..].trim_end();
                    if !value.is_empty() {
                        let (offset, len) = (at + i + 2, value.len());
                        for theme in themes() {
                            let want = miette_snippet(&theme, &src, offset, len, "a.field_name");
                            if let Some(got) = draw(&theme, &src, offset, len, "a.field_name") {
                                assert_eq!(got, want, "{} at {offset}+{len}", src.name);
                                drawn += 1;
                            }
                        }
                    }
                }
                at += line.len();
            }
        }
        assert!(drawn > 1000, "only {drawn} drawn");
    }

    #[test]
    fn the_unusual_is_left_to_miette() {
        let src = SourceFile::new("t.yaml", "a: 1\nb:\ttab\nc: é\nd: 4\n");
        let theme = GraphicalTheme::unicode_nocolor();
        assert!(draw(&theme, &src, 3, 0, "empty").is_none());
        assert!(draw(&theme, &src, 3, 4, "over a line end").is_none());
        assert!(draw(&theme, &src, 8, 3, "a tab near").is_none());
        assert!(draw(&theme, &src, 3, 1, "a tab below").is_none());
        assert!(draw(&theme, &src, 21, 1, "é above").is_none());
        assert!(draw(&theme, &src, 21, 1, "two\nlines").is_none());
        assert!(draw(&theme, &src, 3, 1, "ok").is_none());
        let plain = SourceFile::new("t.yaml", "a: 1\nb: 2\nc: 3\n");
        assert!(draw(&theme, &plain, 8, 1, "ok").is_some());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Any span and label on short texts of a few lines (first and last lines, short
        /// and long lines, no newline at the end): whatever is drawn is miette's drawing.
        #[test]
        fn any_span_is_drawn_as_miette_draws_it(
            lines in proptest::collection::vec("[ -~]{0,30}", 1..14),
            newline_at_end in any::<bool>(),
            at in 0usize..400,
            len in 1usize..12,
            label in "[ -~]{1,20}",
            color in any::<bool>(),
        ) {
            let mut text = lines.join("\n");
            if newline_at_end {
                text.push('\n');
            }
            let src = SourceFile::new("p.yaml", text.as_str());
            let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
            if let Some(got) = draw(&theme, &src, at, len, &label) {
                prop_assert_eq!(got, miette_snippet(&theme, &src, at, len, &label));
            }
        }
    }
}
