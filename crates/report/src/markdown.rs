//! Markdown: the one-provider report for a pull-request comment or an email, with
//! GitHub-flavoured tables; for a batch, each provider, then the providers and standards
//! ranked.

use std::fmt::Write as _;
use std::io::{self, Write};

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
    failing: Vec<u64>,
    applicable: Vec<u64>,
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
        let n = self.providers.len();
        self.providers.push(ProviderRow::of(r, n));
        view::provider_tallies(r, &mut self.failing, &mut self.applicable);
        self.sections.push(provider(r, ctx));
        let _ = out;
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
                        md(&p.path),
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
            out.write_all(b"### Providers, most breaches of the law first\n\n| provider | file | kind | URN | breaches of the law | other standards not met | problems with the data | not recorded | complete |\n|---|---|---|---|---:|---:|---:|---:|---:|\n")?;
            for p in &ranked {
                writeln!(
                    out,
                    "| {} | {}{} | {} | {} | {} | {} | {} | {} | {} |",
                    md(&p.name),
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
            out.write_all(b"\n### Standards, most often failed first\n\n| standard | test | status | failing providers | share |\n|---|---|---|---:|---:|\n")?;
            for s in view::rank_standards(ctx.set, &self.failing, &self.applicable)
                .iter()
                .filter(|s| s.failing > 0)
            {
                writeln!(
                    out,
                    "| {} {} | {} | {} | {} of {} | {:.0}% |",
                    s.id,
                    md(&s.title),
                    s.test.replace('-', " "),
                    view::short_status(&s.status),
                    s.failing,
                    s.applicable,
                    s.share() * 100.0
                )?;
            }
            out.write_all(b"\n## Each provider\n\n")?;
        }
        for s in std::mem::take(&mut self.sections) {
            out.write_all(s.as_bytes())?;
        }
        writeln!(out, "---\n\n{}", md(&summary.tally()))
    }
}
