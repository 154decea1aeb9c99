//! Human output: one miette diagnostic per finding, with the offending line underlined,
//! the standard, its test, status, citation and what to do; then a tally.

use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, Severity as MSeverity,
    SourceCode,
};

use super::{Context, Reporter, Summary};
use carecheck_core::check::FileResult;
use carecheck_core::finding::{has_control, printable, Finding, Outcome, Severity};
use carecheck_core::node::Problem;
use carecheck_core::source::SourceFile;
use carecheck_core::standards::StandardSet;

/// The human reporter.
#[derive(Default)]
pub struct Human {
    /// The files that could not be judged: listed together before the tally, so a batch's
    /// last screen says which submissions were never checked.
    unjudged: Vec<(String, String, String)>,
}

/// A graphical handler honouring colour and width.
pub fn handler(color: bool, width: usize) -> Renderer {
    let theme = theme(color);
    let chars = &theme.characters;
    // the message's lines as miette wraps them: two columns of margin, then the
    // severity's mark (or the bar) and a space
    let room = |mark: &str| (width.saturating_sub(2)).saturating_sub(textwrap::core::display_width(mark) + 3);
    let indents = |mark: &str, style| indents(mark, style, chars.vbar, room(mark));
    Renderer {
        handler: graphical(color, width),
        unwrapped: graphical(color, width).with_wrap_lines(false),
        rest_width: room(&chars.vbar.to_string()),
        indents: [
            indents(&chars.error, theme.styles.error),
            indents(&chars.warning, theme.styles.warning),
            indents(&chars.advice, theme.styles.advice),
        ],
        theme,
        color,
        width,
        bare: std::cell::OnceCell::new(),
        footers: std::cell::RefCell::new(foldhash::HashMap::default()),
    }
}

/// The indents miette puts before a message's first line (the severity's mark) and before
/// each line after it (the bar), in the severity's style, with the style itself and the
/// first line's width.
fn indents(mark: &str, style: owo_colors::Style, vbar: char, first_width: usize) -> Indents {
    let mut first = String::from("  ");
    super::snippet::styled(&mut first, style, |out| out.push_str(mark));
    first.push(' ');
    let mut rest = String::from("  ");
    super::snippet::styled(&mut rest, style, |out| out.push(vbar));
    rest.push(' ');
    Indents {
        style,
        first,
        rest,
        first_width,
    }
}

/// A severity's style, message indents and first line's width, made once per renderer.
struct Indents {
    style: owo_colors::Style,
    first: String,
    rest: String,
    /// The width left for the message's first line after the severity's mark.
    first_width: usize,
}

fn theme(color: bool) -> GraphicalTheme {
    if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    }
}

fn graphical(color: bool, width: usize) -> GraphicalReportHandler {
    GraphicalReportHandler::new_themed(theme(color))
        .with_width(width)
        .with_links(false)
        // Lines break at spaces only: a ref (C-0001), a date (2026-06-30) or a field path
        // stays whole on one line, and plain spaces are far cheaper to find than the
        // Unicode line-breaking rules (which were a third of a batch's human report).
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// A diagnostic with the file it points into, rendered straight by the handler. (A
/// `miette::Report` would build and discard a whole default handler, probing the terminal,
/// for every finding.)
struct WithSource<'a> {
    diag: &'a MietteDiagnostic,
    src: Option<&'a SourceFile>,
}

impl std::fmt::Debug for WithSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.diag, f)
    }
}

impl std::fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.diag, f)
    }
}

impl std::error::Error for WithSource<'_> {}

impl Diagnostic for WithSource<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.diag.code()
    }
    fn severity(&self) -> Option<MSeverity> {
        self.diag.severity()
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.diag.help()
    }
    fn url<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.diag.url()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.diag.labels()
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.src.map(|s| s as &dyn SourceCode)
    }
}

/// miette's graphical handler, with the help footers it has wrapped kept for reuse: most
/// findings of a batch carry one of a hundred standards' help texts, and wrapping the same
/// paragraph again for every finding was an eighth of the human report's time.
pub struct Renderer {
    handler: GraphicalReportHandler,
    /// The same handler with its wrapping off, for a message already wrapped by
    /// [`super::wrap::first_fit`].
    unwrapped: GraphicalReportHandler,
    /// The width of a message's lines after its first (the first's is on its severity's
    /// [`Indents`]).
    rest_width: usize,
    /// The message's indents and first line's width by severity (error, warning, advice).
    indents: [Indents; 3],
    /// The theme, for the snippets drawn without miette.
    theme: GraphicalTheme,
    color: bool,
    width: usize,
    /// An empty diagnostic as rendered, rendered once: a footer is what a help adds to it.
    bare: std::cell::OnceCell<String>,
    footers: std::cell::RefCell<foldhash::HashMap<String, String>>,
}

/// Help texts kept per renderer; past this the cache starts again (built-in findings carry
/// help written for the one finding, which would otherwise grow it without bound).
const FOOTERS_KEPT: usize = 1024;

impl Renderer {
    /// Add the footer miette writes for this help text to `out`: what a diagnostic with the
    /// help renders beyond the same diagnostic without it (the footer is the last part of a
    /// report with no related diagnostics).
    fn push_footer(&self, out: &mut String, help: &str) {
        if let Some(f) = self.footers.borrow().get(help) {
            out.push_str(f);
            return;
        }
        let without = self
            .bare
            .get_or_init(|| render_with(&self.handler, &MietteDiagnostic::new(""), None));
        let with = render_with(&self.handler, &MietteDiagnostic::new("").with_help(help), None);
        let footer = with.strip_prefix(without.as_str()).unwrap_or(&with).to_string();
        out.push_str(&footer);
        let mut footers = self.footers.borrow_mut();
        if footers.len() >= FOOTERS_KEPT {
            footers.clear();
        }
        footers.insert(help.to_string(), footer);
    }
}

thread_local! {
    /// One renderer per worker thread, so its footers serve every file the thread renders.
    static RENDERER: std::cell::RefCell<Option<Renderer>> = const { std::cell::RefCell::new(None) };
}

/// Run `f` with this thread's renderer for the colour and width.
fn with_renderer<T>(color: bool, width: usize, f: impl FnOnce(&Renderer) -> T) -> T {
    RENDERER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if !slot.as_ref().is_some_and(|r| r.color == color && r.width == width) {
            *slot = None;
        }
        f(slot.get_or_insert_with(|| handler(color, width)))
    })
}

fn render_with(h: &GraphicalReportHandler, diag: &MietteDiagnostic, src: Option<&SourceFile>) -> String {
    let mut out = String::new();
    let d = WithSource { diag, src };
    if h.render_report(&mut out, &d).is_err() {
        out = format!("{d}\n");
    }
    out
}

/// A diagnostic rendered with its source attached, for every command that prints one.
pub fn render(r: &Renderer, mut diag: MietteDiagnostic, src: Option<&SourceFile>) -> String {
    let help = diag.help.take();
    // the usual snippet (one label within one line) is drawn directly, and miette renders
    // the rest without it: the snippet comes between the message and the footer
    let drawn = match (src, diag.labels.as_deref()) {
        (Some(src), Some([label])) => label
            .label()
            .and_then(|text| super::snippet::draw(&r.theme, src, label.offset(), label.len(), text)),
        _ => None,
    };
    if drawn.is_some() {
        diag.labels = None;
    }
    let severity = match diag.severity {
        Some(MSeverity::Error) | None => 0,
        Some(MSeverity::Warning) => 1,
        Some(MSeverity::Advice) => 2,
    };
    // plain text is wrapped here, as textwrap would, and miette only indents its lines
    let prewrapped = super::wrap::first_fit(&diag.message, r.indents[severity].first_width, r.rest_width);
    let mut out = match prewrapped {
        // nothing left for miette's layout (no snippet to lay out, no link): the code and
        // the message's lines are written here, as miette writes them
        Some(lines) if diag.labels.is_none() && diag.url.is_none() => {
            // with room for the snippet and the footer after it
            let after = drawn.as_ref().map_or(0, String::len) + help.as_ref().map_or(0, |h| h.len() + h.len() / 4 + 64);
            head(&r.indents[severity], diag.code.as_deref(), &lines, after)
        }
        Some(lines) => {
            diag.message = lines.join("\n");
            render_with(&r.unwrapped, &diag, src)
        }
        None => render_with(&r.handler, &diag, src),
    };
    if let Some(snippet) = drawn {
        out.push_str(&snippet);
    }
    if let Some(help) = help {
        r.push_footer(&mut out, &printable_lines(&help));
    }
    out
}

/// What miette's graphical handler writes before a diagnostic's snippet when its message
/// needs no wrapping of miette's and it has no link: the code in the severity's style and a
/// blank line (nothing when there is no code), then the message's lines, the first after the
/// severity's mark and the rest after the bar; with room for `after` bytes more. miette's
/// general path (every piece through a boxed `Display`, the indents formatted again for each
/// diagnostic) cost about 4,000 instructions a diagnostic; `the_head_is_what_miette_writes`
/// holds this to it.
fn head(indents: &Indents, code: Option<&str>, lines: &[&str], after: usize) -> String {
    let text: usize = lines.iter().map(|l| l.len() + indents.rest.len() + 1).sum();
    let mut out = String::with_capacity(code.map_or(0, |c| c.len() + 16) + text + after);
    if let Some(code) = code {
        super::snippet::styled(&mut out, indents.style, |out| out.push_str(code));
        out.push_str("\n\n");
    }
    for (i, line) in lines.iter().enumerate() {
        out.push_str(if i == 0 { &indents.first } else { &indents.rest });
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Text with line breaks of its own (a help footer) made safe for a terminal line by line:
/// the breaks are kept, every other control character is shown as an escape.
fn printable_lines(s: &str) -> std::borrow::Cow<'_, str> {
    if !has_control(s, |b| b == b'\n') {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.split('\n').map(printable).collect::<Vec<_>>().join("\n"))
}

/// The file as a snippet may show it: the same text with every control character but a line
/// break or a tab replaced by `?` (one for each of its bytes, so every span still points at
/// the same bytes), and the name made printable. miette and the drawn snippet print the
/// file's lines as they are, and an escape sequence or a carriage return in them would drive
/// the terminal: `--color never` would not stop it, and a line could be overwritten by
/// another. `None` when the file has none, which is nearly always.
pub fn safe_source(src: &SourceFile) -> Option<SourceFile> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t' && c != '\r';
    // found from the bytes, so a file without one is one pass and is not decoded
    if !has_control(&src.name, |_| false) && !has_control(&src.text, |b| matches!(b, b'\n' | b'\t' | b'\r')) {
        return None;
    }
    let mut text = String::with_capacity(src.text.len());
    for c in src.text.chars() {
        if unsafe_char(c) {
            text.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            text.push(c);
        }
    }
    Some(SourceFile::new(printable(&src.name).into_owned(), text))
}

/// A load problem as a diagnostic.
pub fn problem_diag(p: &Problem, severity: MSeverity, code: &str, src: Option<&SourceFile>) -> MietteDiagnostic {
    let mut d = MietteDiagnostic::new(printable(&p.message).into_owned())
        .with_severity(severity)
        .with_code(code);
    if let Some(h) = &p.help {
        d = d.with_help(h.clone());
    }
    if src.is_some_and(|s| !s.text.is_empty()) {
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            if p.label.is_empty() {
                None
            } else {
                Some(printable(&p.label).into_owned())
            },
            (p.span.start as usize, p.span.len()),
        )];
        if let Some((sp, l)) = &p.related {
            labels.push(LabeledSpan::new_with_span(
                Some(printable(l).into_owned()),
                (sp.start as usize, sp.len()),
            ));
        }
        d = d.with_labels(labels);
    }
    d
}

fn finding_diag(f: &Finding, set: &StandardSet) -> MietteDiagnostic {
    let (sev, prefix) = match f.outcome {
        Outcome::Fail => (
            match f.severity {
                Severity::Error => MSeverity::Error,
                Severity::Warning => MSeverity::Warning,
                Severity::Info => MSeverity::Advice,
            },
            "",
        ),
        Outcome::NotReported => (MSeverity::Advice, "not reported: "),
        Outcome::Waived => (MSeverity::Advice, "waived: "),
        _ => (MSeverity::Advice, ""),
    };
    let new = if f.baseline == Some(carecheck_core::finding::BaselineState::New) {
        "new: "
    } else {
        ""
    };
    let worded = super::view::message(f);
    let mut message = String::with_capacity(new.len() + prefix.len() + worded.len());
    message.push_str(new);
    message.push_str(prefix);
    message.push_str(&worded);
    let mut d = MietteDiagnostic::new(message)
        .with_severity(sev)
        .with_code(f.standard.clone());
    let mut help = super::view::help(f);
    // the line under the help: severity, test, status, citation and confidence
    help.push('\n');
    help.push_str(f.severity.as_str());
    help.push_str(" · ");
    match set.get(&f.standard) {
        Some(s) => {
            help.push_str(&carecheck_core::wording::test_title(&s.test));
            help.push_str(" · ");
            help.push_str(&s.status.to_provider(s.duty_holder));
            help.push_str(" · ");
            help.push_str(&f.citation);
            help.push_str(" (");
            help.push_str(s.confidence.name());
            help.push(')');
        }
        None => help.push_str(&f.citation),
    }
    if let Some(w) = &f.waiver {
        help.push_str(&format!(
            "\nwaived until {} by {}: {}",
            printable(&w.expires_on),
            printable(&w.approved_by_role),
            printable(&w.reason)
        ));
    }
    d = d.with_help(help);
    let local = match f.field.rfind("].") {
        Some(i) => &f.field[i + 2..],
        None => f.field.as_str(),
    };
    let label = match f.outcome {
        Outcome::NotReported => format!("`{}` missing here", f.field.rsplit('.').next().unwrap_or(&f.field)),
        _ => local.to_string(),
    };
    let label = printable(&label).into_owned();
    d.with_label(LabeledSpan::new_primary_with_span(
        Some(label),
        (f.span.start as usize, f.span.len()),
    ))
}

/// One file's human report, as `Human::file` writes it; batch runs call this on the worker
/// threads so that rendering keeps pace with checking. Bytes, as the JSON writer's: they go
/// straight to the output, and checking them as UTF-8 cost a pass over every report.
pub fn render_file(r: &FileResult, ctx: &Context<'_>) -> Vec<u8> {
    // room for what a finding usually takes (a failure's diagnostic is about a kilobyte, a
    // to-do line a tenth of that), so the report is not copied again each time it doubles;
    // past 16 MiB (a file of hundreds of thousands of blanks) it grows as it needs
    let mut out = Vec::with_capacity((1024 + 640 * r.findings.len()).min(16 << 20));
    // writing to memory cannot fail
    let _ = write_file(r, ctx, &mut out);
    out
}

impl Reporter for Human {
    fn file(&mut self, r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        if !r.judged() {
            self.unjudged.push((
                r.path.clone(),
                r.urn.clone().unwrap_or_default(),
                r.errors.first().map(|e| e.problem.message.clone()).unwrap_or_default(),
            ));
        }
        match r.prerendered("human") {
            Some(text) => out.write_all(text),
            None => write_file(r, ctx, out),
        }
    }

    fn finish(&mut self, summary: &Summary, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        if summary.files > 1 && !self.unjudged.is_empty() {
            writeln!(out, "{}:", super::view::unreadable_heading(self.unjudged.len()))?;
            for (path, urn, why) in &self.unjudged {
                let urn = if urn.is_empty() { "URN not found" } else { urn };
                writeln!(
                    out,
                    "  {} ({urn}): {}",
                    carecheck_core::finding::printable(path),
                    carecheck_core::finding::printable(why)
                )?;
            }
            writeln!(out)?;
        }
        finish(summary, ctx, out)
    }
}

fn write_file(r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    with_renderer(ctx.color, ctx.width, |h| write_file_with(h, r, ctx, out))
}

fn write_file_with(h: &Renderer, r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    // an empty file has no snippet to show
    let src = r.source.as_ref().filter(|s| !s.text.is_empty());
    let safe = src.and_then(safe_source);
    let src = safe.as_ref().or(src);
    // every file has a heading, so that each diagnostic below is known to be about it
    writeln!(out, "{}", heading(r))?;
    for e in &r.errors {
        let d = problem_diag(&e.problem, MSeverity::Error, "fix-this", src);
        out.write_all(render(h, d, src).as_bytes())?;
        if r.source.is_none() {
            writeln!(out)?;
        }
    }
    // unknown keys are findings (`unknown-key`), shown below with the rest
    // Fails and waivers in full; missing evidence as one compact checklist per file, so
    // it does not bury the failures (JSON and concise keep every record).
    let mut missing = 0usize;
    for f in r.findings.iter().filter(|f| ctx.shows(f)) {
        if f.outcome == Outcome::NotReported {
            missing += 1;
        } else {
            out.write_all(render(h, finding_diag(f, ctx.set), src).as_bytes())?;
        }
    }
    if missing > 0 {
        write_todo(r, ctx, out)?;
    }
    if let Some(res) = r.resolved.as_ref().filter(|x| !x.is_empty()) {
        writeln!(
            out,
            "\n  ✓ {}: {} of the baseline resolved",
            printable(&r.path),
            carecheck_core::wording::count(res.len(), "finding", "findings")
        )?;
        for x in res {
            writeln!(
                out,
                "    {:<10} {}",
                x.standard,
                carecheck_core::finding::printable(&x.message)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Missing evidence as one to-do list, grouped by record: every field any standard lacks,
/// each once, with its line and the standards it serves, so that filling in the list once
/// clears it (JSON and concise keep one record per standard).
fn write_todo(r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    let shown: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::NotReported && ctx.shows(f))
        .collect();
    let standards = {
        let mut ids: Vec<&str> = shown.iter().map(|f| f.standard.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    let groups = super::view::todo_of(&shown);
    let things: usize = groups.iter().map(|(_, items)| items.len()).sum();
    use carecheck_core::wording::count;
    writeln!(
        out,
        "\n  ☞ {}: {} to record, for {}. The evidence is missing: it is not counted as a breach, but the standards cannot be checked without it.",
        carecheck_core::finding::printable(&r.path),
        count(things, "thing", "things"),
        count(standards, "standard", "standards"),
    )?;
    let w = groups
        .iter()
        .flat_map(|(_, items)| items.iter().map(|i| i.line.to_string().len()))
        .max()
        .unwrap_or(1)
        + 5;
    // each item's line pushed into one buffer, not formatted: a batch's to-do lists run to
    // tens of thousands of lines
    let mut line = String::with_capacity(256);
    for (who, items) in &groups {
        writeln!(out, "    {}", printable(&super::view::todo_line(who, items)))?;
        for i in items {
            // "line 12", left-aligned in the list's widest such column, then two spaces
            line.clear();
            line.push_str("      line ");
            let mut digits = itoa::Buffer::new();
            let digits = digits.format(i.line);
            line.push_str(digits);
            super::snippet::pad(&mut line, ' ', w.saturating_sub(5 + digits.len()) + 2);
            line.push_str(&printable(&i.words));
            if !i.what.is_empty() {
                line.push_str(": ");
                line.push_str(&printable(&i.what));
            }
            line.push_str(" (");
            for (n, standard) in i.standards.iter().enumerate() {
                if n > 0 {
                    line.push_str(", ");
                }
                line.push_str(standard);
            }
            line.push_str(")\n");
            out.write_all(line.as_bytes())?;
        }
    }
    writeln!(out)
}

/// A file's heading: its path, the provider's name and URN, and whether it was judged.
fn heading(r: &FileResult) -> String {
    let mut who = Vec::new();
    if let Some(n) = &r.name {
        who.push(carecheck_core::finding::printable(n).into_owned());
    }
    if let Some(u) = &r.urn {
        who.push(format!("URN {}", carecheck_core::finding::printable(u)));
    }
    let state = match r.status {
        carecheck_core::check::FileStatus::NotAssessment => " (not a self-assessment)",
        _ if !r.judged() => " (could not be read: not checked)",
        _ => "",
    };
    let who = if who.is_empty() {
        String::new()
    } else {
        format!(" · {}", who.join(" · "))
    };
    format!("━━ {}{who}{state}\n", carecheck_core::finding::printable(&r.path))
}

fn finish(summary: &Summary, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    if !ctx.quiet {
        writeln!(out, "{}", summary.tally())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_snippet_shows_each_byte_of_a_control_character_as_a_question_mark() {
        let clean = SourceFile::new("a.yaml", "name: £5 café\n\tx: y\r\n");
        assert!(
            safe_source(&clean).is_none(),
            "£ starts with 0xC2 but is no control character"
        );
        let text = "ref: \"C-1\u{1b}[2K\u{1}\u{85}\"\nnext: 1\n";
        let src = SourceFile::new("f\u{1b}.yaml", text);
        let safe = safe_source(&src).unwrap();
        assert_eq!(&*safe.text, "ref: \"C-1?[2K???\"\nnext: 1\n");
        assert_eq!(safe.text.len(), text.len(), "every span still points at the same bytes");
        assert_eq!(safe.name, "f\\u{1b}.yaml");
    }

    use super::*;

    fn diag(message: &str, help: Option<&str>) -> MietteDiagnostic {
        let d = MietteDiagnostic::new(message)
            .with_severity(MSeverity::Warning)
            .with_code("CARE-001")
            .with_labels(vec![LabeledSpan::new_primary_with_span(Some("here".into()), (22, 7))]);
        match help {
            Some(h) => d.with_help(h),
            None => d,
        }
    }

    /// The footer kept for reuse must give exactly the bytes miette gives for the whole
    /// diagnostic, at every width and colour, the first time and from the cache.
    #[test]
    fn a_reused_footer_is_what_miette_renders() {
        let src = SourceFile::new("f.yaml", "schema_version: 1\nurn: SC123456\nchildren: []\n");
        let helps = [
            "short help",
            "a long help text that will need wrapping at any reasonable width, with a date 2026-06-30 and a ref C-0001 in it, and more words after them to wrap again",
            "two lines\nof help · with a middle dot · and unicode ☞",
            "",
        ];
        for color in [false, true] {
            for width in [40, 80, 100, 200] {
                let r = handler(color, width);
                for _ in 0..2 {
                    for h in helps {
                        let d = diag("a message", Some(h));
                        let direct = render_with(&graphical(color, width), &d, Some(&src));
                        assert_eq!(render(&r, d, Some(&src)), direct, "width {width}, colour {color}: {h}");
                    }
                }
                let d = diag("no help", None);
                assert_eq!(
                    render(&r, d.clone(), Some(&src)),
                    render_with(&graphical(color, width), &d, Some(&src))
                );
            }
        }
    }

    /// Lines break at spaces only: a date or a ref is never split across two lines.
    #[test]
    fn dates_and_refs_stay_whole_when_lines_wrap() {
        let r = handler(false, 60);
        for pad in 0..40 {
            let message = format!(
                "{} is 2026-06-20, after this person started (2016-07-04) for C-0001",
                "x".repeat(pad)
            );
            let out = render(&r, diag(&message, Some(&message)), None);
            for word in ["2026-06-20,", "(2016-07-04)", "C-0001"] {
                assert_eq!(out.matches(word).count(), 2, "pad {pad}: {word} split in\n{out}");
            }
        }
    }

    proptest::proptest! {
        /// The head written without miette is miette's, byte for byte: any plain message
        /// (words of any length, runs of spaces), with a code or none, at every severity,
        /// width and colour, with the usual snippet drawn after it or with no source at all.
        #[test]
        fn the_head_is_what_miette_writes(
            message in "[ -~]{1,300}",
            code in proptest::option::of("[A-Za-z0-9-]{1,12}"),
            severity in 0..4usize,
            color: bool,
            width in 0..160usize,
            with_snippet: bool,
        ) {
            let src = SourceFile::new("f.yaml", "schema_version: 1\nurn: SC123456\nchildren: []\n");
            let mut d = MietteDiagnostic::new(message);
            d.code = code;
            d.severity = [None, Some(MSeverity::Error), Some(MSeverity::Warning), Some(MSeverity::Advice)][severity];
            if with_snippet {
                d = d.with_labels(vec![LabeledSpan::new_primary_with_span(Some("here".into()), (22, 7))]);
            }
            let want = render_with(&graphical(color, width), &d, Some(&src));
            proptest::prop_assert_eq!(render(&handler(color, width), d, Some(&src)), want);
        }
    }
}
