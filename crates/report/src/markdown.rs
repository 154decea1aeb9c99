//! Markdown: the one-provider report for a pull-request comment or an email, with
//! GitHub-flavoured tables; for a batch, each provider, then the providers and standards
//! ranked.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::html::{page_name, Pages};
use super::human::status_in_words;
use super::view::{self, ProviderRow};
use super::{Context, Reporter, Summary};
use carecheck_core::check::FileResult;
use carecheck_core::finding::Outcome;

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
                md(text).replace('[', "\\[").replace(']', "\\]"),
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
                    view::short_status(&row[i]).to_string()
                } else {
                    md(&row[i])
                }
            })
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    out.write_all(b"\n")
}

/// Text safe in a Markdown table cell or line.
pub fn md(s: &str) -> String {
    carecheck_core::finding::printable(s)
        .replace('|', "\\|")
        .replace('<', "&lt;")
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
            r.as_of.map_or_else(|| "not given".into(), |d| d.to_string()),
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
            "**This file has {} problem(s) to fix before it counts:**\n",
            r.errors.len()
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
            t.test.replace('-', " "),
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
                    .map(|s| status_in_words(&s.status, &s.duty_holder))
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
                    md(&f.message),
                    f.line,
                    md(f.help.as_deref().unwrap_or("").lines().next().unwrap_or("")),
                    md(&f.citation)
                );
            }
            o.push('\n');
        }
    }
    let missing: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.outcome == Outcome::NotReported)
        .collect();
    if !missing.is_empty() {
        o.push_str(
            "### Evidence to record\n\nNot a breach: the standards below cannot be checked until it is recorded.\n\n",
        );
        for f in missing {
            let title = ctx.set.get(&f.standard).map(|s| s.title.as_str()).unwrap_or("");
            let _ = writeln!(
                o,
                "- [ ] line {}, {} ({}): {}",
                f.line,
                f.standard,
                md(title),
                md(&view::to_record(f))
            );
        }
        o.push('\n');
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
                    w.expires_on
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
                    carecheck_core::schema::kind_in_words(&p.kind),
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
