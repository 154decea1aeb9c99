//! Markdown: the one-provider report for a pull-request comment or an email, with
//! GitHub-flavoured tables; for a batch, each provider, then the providers and standards
//! ranked.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::html::{page_name, Pages};
use super::view::{self, ProviderRow};
use super::{Context, Reporter, Summary};
use carecheck_core::check::FileResult;
use carecheck_core::finding::Outcome;
use carecheck_core::standards::short_status;

/// The Markdown reporter.
#[derive(Default)]
pub struct Markdown {
    /// Each provider's report, kept so that a batch's overview (the files that could not be
    /// read, then the rankings) comes first.
    sections: Vec<String>,
    providers: Vec<ProviderRow>,
    /// Where a batch's provider pages go, when the report goes to a file.
    pages: Option<Pages>,
    /// Whether provider pages are being written (from the second file on).
    paging: bool,
}

impl Markdown {
    /// A batch's report as an overview with a page per provider in `pages` (as for HTML);
    /// one file alone still gets one page.
    pub fn paged(pages: Pages) -> Markdown {
        Markdown {
            pages: Some(pages),
            ..Markdown::default()
        }
    }

    fn write_page(&self, n: usize, text: &str) -> io::Result<()> {
        let Some(p) = &self.pages else { return Ok(()) };
        let path = p.dir.join(page_name(
            n,
            &self.providers[n].path,
            crate::Format::Markdown.extension(),
        ));
        let page = format!("[Back to the overview of every provider](../{}.md)\n\n{text}", p.link);
        std::fs::write(&path, page)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot write `{}`: {e}", path.display())))
    }

    /// Where the overview links to provider `n`: its page, or nothing (it follows below).
    fn link(&self, n: usize, text: &str) -> String {
        match &self.pages {
            Some(p) if self.paging => format!(
                "[{}]({}/{})",
                md(text),
                p.link,
                page_name(n, &self.providers[n].path, crate::Format::Markdown.extension())
            ),
            _ => md(text),
        }
    }
}

/// One statistics table in GitHub's table syntax: numbers aligned right, shares as per
/// cents, each row named in words.
fn stats_table(out: &mut dyn Write, t: &crate::statistics::Table) -> io::Result<()> {
    let shown: Vec<usize> = (0..t.header.len())
        .filter(|i| !t.detail.get(*i).copied().unwrap_or(false))
        .collect();
    let head: Vec<&str> = shown.iter().map(|&i| t.header[i]).collect();
    writeln!(out, "| {} |", head.join(" | "))?;
    let rule: Vec<&str> = shown
        .iter()
        .map(|&i| if t.numeric[i] { "---:" } else { "---" })
        .collect();
    writeln!(out, "|{}|", rule.join("|"))?;
    for (row, label) in t.rows.iter().zip(&t.labels) {
        let cells: Vec<String> = shown
            .iter()
            .map(|&i| {
                if i == 0 {
                    md(label)
                } else if t.is_share(i) {
                    crate::statistics::share_percent(row[i].parse::<f64>().ok())
                } else if t.header[i] == "status" {
                    short_status(&row[i]).to_string()
                } else {
                    md(&row[i])
                }
            })
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    out.write_all(b"\n")
}

/// Text shown as it is written in any Markdown the program writes (a report, `compare`,
/// `standards diff`, the coverage map): in a table cell, a heading, a list item or a link's
/// text. It is the one Markdown escape, because a file's text (a ref, a provider's name, a
/// path) would otherwise be Markdown in a pull-request comment: a live link or an image
/// (`[click here](https://evil.example)`), a code span that swallows the rest of the line,
/// raw HTML, emphasis, a heading or a list.
///
/// Control characters are shown as escapes ([`printable`], so a line break cannot end the
/// cell or the item); every character that opens Markdown syntax is backslash-escaped, as
/// CommonMark allows for any ASCII punctuation; `<` becomes `&lt;`, so no HTML and no
/// `<autolink>` opens; a bare `https://`, `www.` or `@` is broken up so GitHub does not make
/// a link or a mention of it. An underscore inside a word (`gp_registered`) opens nothing
/// and is left alone, so field names stay readable in the raw text.
///
/// [`printable`]: carecheck_core::finding::printable
pub fn md(s: &str) -> String {
    let s = carecheck_core::finding::printable(s);
    let chars: Vec<char> = s.chars().collect();
    let mut o = String::with_capacity(s.len() + 8);
    // where the text starts, after any indent: a list, a quote or a heading opens there
    let first = chars.iter().position(|c| *c != ' ').unwrap_or(chars.len());
    let alnum = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(|c| c.is_alphanumeric());
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '#' | '|' | '~' | '>' | '&' | '@' | '!' | '$' => true,
            // `_` opens emphasis only at the edge of a word
            '_' => !(alnum(i.checked_sub(1)) && alnum(Some(i + 1))),
            // a list item, a setext heading underline or a thematic break at the start
            '-' | '+' | '=' => i == first,
            // `1.` or `1)` at the start, then a space or nothing, is an ordered list
            '.' | ')' => {
                i > first
                    && chars[first..i].iter().all(char::is_ascii_digit)
                    && chars.get(i + 1).is_none_or(|c| *c == ' ')
            }
            // `https://...`: GitHub links a bare address
            ':' => chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/'),
            _ => false,
        };
        if c == '<' {
            o.push_str("&lt;");
            continue;
        }
        // four spaces at the start of a line open a code block: the first space is written
        // as a character reference, which reads back as the space it is and indents nothing
        if i == 0 && c == ' ' {
            o.push_str("&#32;");
            continue;
        }
        if escape {
            o.push('\\');
        }
        o.push(c);
        // `www.example`: GitHub links it too; the dot after `www` is escaped
        if c.eq_ignore_ascii_case(&'w')
            && chars.get(i + 1) == Some(&'.')
            && i >= 2
            && chars[i - 2..=i].iter().all(|c| c.eq_ignore_ascii_case(&'w'))
            && !alnum(i.checked_sub(3))
        {
            o.push('\\');
        }
    }
    o
}

/// Markdown the project itself wrote (a condition operator's documentation, a parameter's
/// meaning, a provision's reason in the coverage map), put in a table cell: its code spans
/// and emphasis are meant, so only what would end the cell or the row is escaped. Never for
/// text from a self-assessment, which goes through [`md`].
pub fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// One provider's report.
pub fn provider(r: &FileResult, ctx: &Context<'_>) -> String {
    let mut o = String::new();
    let c = view::counts(r);
    let _ = writeln!(
        o,
        "## {}\n",
        md(&format!(
            "{}{} — {}{}",
            r.path,
            r.name.as_deref().map(|n| format!(": {n}")).unwrap_or_default(),
            carecheck_core::schema::kind_in_words(r.kind.as_deref().unwrap_or("")),
            r.urn.as_deref().map(|u| format!(" (URN {u})")).unwrap_or_default()
        ))
    );
    if r.judged() {
        let _ = writeln!(
            o,
            "As of {}: **breaches of the law: {}**; other standards not met: {}; problems with the data: {}; personal data: {}; waived: {}; evidence not recorded: {}{}.\n",
            r.as_of
                .map_or_else(|| "not given".into(), carecheck_core::wording::prose_date),
            c.law,
            c.other,
            c.data_quality,
            c.personal_data,
            c.waived,
            c.not_reported,
            r.completeness.map(|p| format!("; {p}% of the checks could be made")).unwrap_or_default()
        );
    } else {
        o.push_str("**Not judged:** this file could not be read, so nothing in it was checked.\n\n");
    }
    if !r.errors.is_empty() {
        let _ = writeln!(
            o,
            "**This file has {} to fix before it counts:**\n",
            carecheck_core::wording::count(r.errors.len(), "problem", "problems")
        );
        for e in &r.errors {
            let _ = writeln!(o, "- line {}: {}", e.line, md(&e.problem.message));
        }
        o.push('\n');
    }
    if !r.judged() {
        return o;
    }
    o.push_str(
        "| test | breaches of the law | other standards not met | not recorded | waived |\n|---|---:|---:|---:|---:|\n",
    );
    for t in view::headline(r, ctx.set) {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} |",
            carecheck_core::wording::test_title(&t.test),
            t.errors,
            t.others,
            t.not_reported,
            t.waived
        );
    }
    o.push('\n');
    let actions = view::actions(r);
    if !actions.is_empty() {
        o.push_str("### What to do\n\n");
        for (who, fs) in actions {
            let _ = writeln!(o, "#### {}\n", md(&who));
            for f in fs {
                let status = ctx
                    .set
                    .get(&f.standard)
                    .map(|s| s.status.to_provider(s.duty_holder))
                    .unwrap_or_default();
                let _ = writeln!(
                    o,
                    "- **{}** ({}, {}{}): {} (line {})  \n  *What to do:* {}  \n  *Source:* {}",
                    f.standard,
                    f.severity.as_str(),
                    status,
                    if f.baseline == Some(carecheck_core::finding::BaselineState::New) {
                        ", new"
                    } else {
                        ""
                    },
                    md(&view::message(f)),
                    f.line,
                    md(view::help(f).lines().next().unwrap_or("")),
                    md(&f.citation)
                );
            }
            o.push('\n');
        }
    }
    let todo = view::todo(r);
    if !todo.is_empty() {
        o.push_str(
            "### Evidence to record\n\nNot a breach: the standards below cannot be checked until it is recorded. Each field is listed once, under the record it belongs to.\n\n",
        );
        for (who, items) in &todo {
            let _ = writeln!(o, "**{}**\n", md(&view::todo_line(who, items)));
            for i in items {
                let what = if i.what.is_empty() {
                    String::new()
                } else {
                    format!(": {}", i.what)
                };
                let titles: Vec<String> = i
                    .standards
                    .iter()
                    .map(|id| match ctx.set.get(id) {
                        Some(s) => format!("{id}, {}", s.title),
                        None => id.clone(),
                    })
                    .collect();
                let _ = writeln!(
                    o,
                    "- [ ] line {}: {}{} (for {})",
                    i.line,
                    md(&i.words),
                    md(&what),
                    md(&titles.join("; "))
                );
            }
            o.push('\n');
        }
    }
    let waived: Vec<_> = r.findings.iter().filter(|f| f.outcome == Outcome::Waived).collect();
    if !waived.is_empty() {
        o.push_str("### Waivers\n\n");
        for f in waived {
            if let Some(w) = &f.waiver {
                let _ = writeln!(
                    o,
                    "- {} {}: {} (approved by {}, until {})",
                    f.standard,
                    md(f.child
                        .as_deref()
                        .map(|c| format!("for child {c}"))
                        .as_deref()
                        .unwrap_or("")),
                    md(&w.reason),
                    md(&w.approved_by_role),
                    md(&w.expires_on)
                );
            }
        }
        o.push('\n');
    }
    o
}

impl Reporter for Markdown {
    fn begin(&mut self, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "# Care standards self-assessment report\n\nChecked by carecheck {} against {} {}.\n",
            env!("CARGO_PKG_VERSION"),
            md(&ctx.set.name),
            md(&ctx.set.version)
        )
    }

    fn file(&mut self, r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        let _ = out;
        let n = self.providers.len();
        self.providers.push(ProviderRow::of(r, n));
        let text = provider(r, ctx);
        if self.pages.is_some() && n == 1 {
            // a second file: this is a batch, and every provider gets a page of its own
            if let Some(p) = &self.pages {
                std::fs::create_dir_all(&p.dir)
                    .map_err(|e| io::Error::new(e.kind(), format!("cannot create `{}`: {e}", p.dir.display())))?;
            }
            self.paging = true;
            for (i, s) in std::mem::take(&mut self.sections).iter().enumerate() {
                self.write_page(i, s)?;
            }
        }
        if self.paging {
            self.write_page(n, &text)?;
        } else {
            self.sections.push(text);
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        if self.providers.len() > 1 {
            let (unjudged, ranked) = view::rank_providers(&self.providers);
            out.write_all(b"## Across all providers\n\n")?;
            if !unjudged.is_empty() {
                writeln!(
                    out,
                    "### {}\n\nThey are not ranked: nothing in them was checked.\n\n| file | URN | why |\n|---|---|---|",
                    view::unreadable_heading(unjudged.len())
                )?;
                for p in &unjudged {
                    writeln!(
                        out,
                        "| {} | {} | {} |",
                        self.link(p.index, &p.path),
                        if p.urn.is_empty() {
                            "not found".to_string()
                        } else {
                            md(&p.urn)
                        },
                        md(&p.reason)
                    )?;
                }
                out.write_all(b"\n")?;
            }
            // the national figures, computed once for every format
            let stats = crate::statistics::Statistics::of(summary, ctx.set);
            let tables = stats.tables(true);
            out.write_all(b"### The seven tests\n\n")?;
            for t in tables.iter().filter(|t| t.id == "tests") {
                stats_table(out, t)?;
            }
            out.write_all(b"### Kinds of provider\n\n")?;
            for t in tables.iter().filter(|t| t.id == "kinds") {
                stats_table(out, t)?;
            }
            out.write_all(b"### Providers, most breaches of the law first\n\n| provider | file | kind | URN | breaches of the law | other standards not met | problems with the data | not recorded | complete |\n|---|---|---|---|---:|---:|---:|---:|---:|\n")?;
            for p in &ranked {
                writeln!(
                    out,
                    "| {} | {}{} | {} | {} | {} | {} | {} | {} | {} |",
                    self.link(p.index, if p.name.is_empty() { &p.path } else { &p.name }),
                    md(&p.path),
                    if p.invalid { " (problems to fix)" } else { "" },
                    md(carecheck_core::schema::kind_in_words(&p.kind)),
                    md(&p.urn),
                    p.counts.law,
                    p.counts.other,
                    p.counts.data_quality + p.counts.personal_data,
                    p.counts.not_reported,
                    p.completeness.map(|c| format!("{c}%")).unwrap_or_default()
                )?;
            }
            out.write_all(b"\n### Standards, most often failed first\n\n")?;
            for t in tables.iter().filter(|t| t.id == "standards") {
                stats_table(out, t)?;
            }
            for t in tables.iter().filter(|t| t.id == "data" && !t.rows.is_empty()) {
                out.write_all(b"### Problems with the data and personal data\n\nCounted apart: they are about the files, not the care.\n\n")?;
                stats_table(out, t)?;
            }
            if !self.paging {
                out.write_all(b"## Each provider\n\n")?;
            }
        }
        for s in std::mem::take(&mut self.sections) {
            out.write_all(s.as_bytes())?;
        }
        writeln!(out, "---\n\n{}", md(&summary.tally()))
    }
}

#[cfg(test)]
mod tests {
    use super::md;
    use carecheck_core::finding::printable;
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    /// Where the reports put text: a heading, a list item, a table cell, a paragraph.
    const PLACES: &[(&str, &str)] = &[
        ("#### Child ", "\n"),
        ("- line 3: ", "\n"),
        ("| file | why |\n|---|---|\n| f | ", " |\n"),
        ("", "\n"),
    ];

    /// `text` escaped by [`md`] in each place, read back by a CommonMark parser with
    /// GitHub's extensions: only the place's own structure and plain text come out, and the
    /// text is exactly what was written (its control characters shown as escapes).
    fn reads_back_as_text(text: &str) -> Result<(), String> {
        let mut opts = Options::all();
        opts.remove(Options::ENABLE_SMART_PUNCTUATION);
        for (before, after) in PLACES {
            let doc = format!("{before}{}{after}", md(text));
            let mut read = String::new();
            for ev in Parser::new_ext(&doc, opts) {
                match ev {
                    Event::Text(t) => read.push_str(&t),
                    Event::Start(Tag::Heading { .. } | Tag::Item | Tag::List(_) | Tag::Paragraph)
                    | Event::End(TagEnd::Heading(_) | TagEnd::Item | TagEnd::List(_) | TagEnd::Paragraph)
                        if !before.starts_with('|') => {}
                    Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
                    | Event::End(TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell)
                        if before.starts_with('|') => {}
                    other => return Err(format!("{doc:?} gave {other:?}")),
                }
            }
            let want = format!(
                "{}{}",
                before.trim_start_matches("#### ").trim_start_matches("- "),
                printable(text)
            );
            // a cell and a line drop their own edges' spaces; what is between must survive
            let (read, want) = match read.strip_prefix("filewhyf") {
                Some(cell) if before.starts_with('|') => (cell.trim().to_string(), printable(text).trim().to_string()),
                _ => (read.trim().to_string(), want.trim().to_string()),
            };
            if read != want {
                return Err(format!("{doc:?} reads as {read:?}, not {want:?}"));
            }
        }
        Ok(())
    }

    #[test]
    fn file_text_carries_no_markdown() {
        for text in [
            "[click here](https://evil.example)",
            "![t](https://evil.example/pixel.png)",
            "**Trusted** _really_ ~~gone~~ *x*",
            "a `code span that swallows the rest",
            "<img src=x onerror=alert(1)> <b>bold</b> <https://evil.example>",
            "# heading",
            "- list",
            "+ list",
            "1. ordered",
            "2) ordered",
            "> quote",
            "===",
            "---",
            "a | b",
            "back\\slash \\[x]",
            "&amp; &#96; &lt;",
            "$x^2$ and $$y$$",
            "[^1] footnote",
            "line one\nline two\r\n\t\u{1b}[2K",
            "C-1",
            "children[0].health.gp_registered",
            "0.1.0",
            "    &",
            "     indented five",
        ] {
            if let Err(e) = reads_back_as_text(text) {
                panic!("{e}");
            }
        }
    }

    #[test]
    fn bare_addresses_and_mentions_are_not_linked() {
        assert_eq!(md("see https://evil.example"), "see https\\://evil.example");
        assert_eq!(md("www.evil.example"), "www\\.evil.example");
        assert_eq!(md("WWW.evil.example"), "WWW\\.evil.example");
        assert_eq!(md("@octocat"), "\\@octocat");
        // an underscore inside a word, a hyphen or a dot in a ref opens nothing, and stays
        assert_eq!(
            md("gp_registered of C-1, version 0.1.0"),
            "gp_registered of C-1, version 0.1.0"
        );
    }

    proptest! {
        #[test]
        fn any_text_reads_back_as_itself(text in "[-a-z0-9 _*`\\[\\]()!<>#|~&;:/@.=+$\\\\\n]{0,24}") {
            prop_assert!(reads_back_as_text(&text).is_ok(), "{:?}", reads_back_as_text(&text));
        }
    }
}
