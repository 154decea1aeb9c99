//! Human output: one miette diagnostic per finding, with the offending line underlined,
//! the standard, its test, status, citation and what to do; then a tally.

use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, Report, Severity as MSeverity};

use super::{Context, Reporter, Summary};
use crate::batch::FileResult;
use crate::finding::{Finding, Outcome, Severity};
use crate::node::Problem;
use crate::source::SourceFile;
use crate::standards::StandardSet;

/// The human reporter.
#[derive(Default)]
pub struct Human;

/// A graphical handler honouring colour and width.
pub fn handler(color: bool, width: usize) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
}

/// A diagnostic rendered with its source attached, for every command that prints one.
pub fn render(h: &GraphicalReportHandler, diag: MietteDiagnostic, src: Option<&SourceFile>) -> String {
    let mut out = String::new();
    let report = match src {
        Some(s) => Report::new(diag).with_source_code(s.clone()),
        None => Report::new(diag),
    };
    if h.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{report}\n");
    }
    out
}

/// A load problem as a diagnostic.
pub fn problem_diag(p: &Problem, severity: MSeverity, code: &str, src: Option<&SourceFile>) -> MietteDiagnostic {
    let mut d = MietteDiagnostic::new(crate::finding::printable(&p.message).into_owned())
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
                Some(p.label.clone())
            },
            (p.span.start as usize, p.span.len()),
        )];
        if let Some((sp, l)) = &p.related {
            labels.push(LabeledSpan::new_with_span(
                Some(l.clone()),
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
    let new = if f.baseline == Some(crate::finding::BaselineState::New) {
        "new: "
    } else {
        ""
    };
    let mut d = MietteDiagnostic::new(format!("{new}{prefix}{}", crate::finding::printable(&f.message)))
        .with_severity(sev)
        .with_code(f.standard.clone());
    let mut help = String::new();
    if let Some(h) = &f.help {
        help.push_str(h);
    }
    let meta = match set.get(&f.standard) {
        Some(s) => format!(
            "{} · {} · {} · {} ({})",
            f.severity.as_str(),
            s.test.replace('-', " "),
            status_in_words(&s.status, &s.duty_holder),
            f.citation,
            s.confidence
        ),
        None => format!("{} · {}", f.severity.as_str(), f.citation),
    };
    help.push_str(&format!("\n{meta}"));
    if let Some(w) = &f.waiver {
        help.push_str(&format!(
            "\nwaived until {} by {}: {}",
            w.expires_on, w.approved_by_role, w.reason
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
    d.with_label(LabeledSpan::new_primary_with_span(
        Some(label),
        (f.span.start as usize, f.span.len()),
    ))
}

/// A standard's status and duty holder as a provider reads them.
pub fn status_in_words(status: &str, duty: &str) -> String {
    let who = match duty {
        "placing_authority" => "a duty of the placing authority",
        "both" => "a duty of the home and the placing authority",
        _ => "a duty of the home",
    };
    match status {
        "law" => format!("the law: {who}"),
        "law_la" => "the law: a duty of the placing authority (ask and escalate)".into(),
        "statutory_guidance" => "statutory guidance".into(),
        "nms" => "national minimum standards".into(),
        "review" => "a recommendation of the 2022 care review (not law)".into(),
        "practice" => "good practice set by carecheck (not law)".into(),
        "prospective" => "law not yet in force".into(),
        other => other.to_string(),
    }
}

/// What to record for a not-reported finding, in words: whose record, the field, and what
/// the field holds (from the format's own description of it).
pub fn to_record(f: &Finding) -> String {
    let schema_path: String = {
        let mut out = String::new();
        let mut depth = 0;
        for c in f.field.chars() {
            match c {
                '[' => depth += 1,
                ']' => depth -= 1,
                c if depth == 0 => out.push(c),
                _ => {}
            }
        }
        out
    };
    let what = crate::schema::lookup(&schema_path)
        .map(|fl| fl.doc.trim_end_matches('.').to_string())
        .unwrap_or_default();
    let leaf = f
        .field
        .rsplit_once(']')
        .map_or(f.field.as_str(), |(_, t)| t.trim_start_matches('.'));
    let who = match (&f.child, &f.record) {
        (Some(c), _) => format!("child {c}: "),
        (None, Some(r)) if !r.contains('[') && !r.contains('.') => format!("{r}: "),
        _ => String::new(),
    };
    let leaf = if leaf.is_empty() { f.field.as_str() } else { leaf };
    if what.is_empty() {
        format!("{who}record `{leaf}`")
    } else {
        let mut w = what.chars();
        let lower: String = w
            .next()
            .map(|c| c.to_lowercase().collect::<String>() + w.as_str())
            .unwrap_or_default();
        format!("{who}record `{leaf}` ({lower})")
    }
}

/// One file's human report, as `Human::file` writes it; batch runs call this on the worker
/// threads so that rendering keeps pace with checking.
pub fn render_file(r: &FileResult, ctx: &Context<'_>) -> String {
    let mut out = Vec::new();
    // writing to memory cannot fail
    let _ = write_file(r, ctx, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

impl Reporter for Human {
    fn file(&mut self, r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        match &r.rendered.human {
            Some(text) => out.write_all(text.as_bytes()),
            None => write_file(r, ctx, out),
        }
    }

    fn finish(&mut self, summary: &Summary, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        finish(summary, ctx, out)
    }
}

fn write_file(r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    let h = handler(ctx.color, ctx.width);
    // an empty file has no snippet to show
    let src = r.source.as_ref().filter(|s| !s.text.is_empty());
    for e in &r.errors {
        let d = problem_diag(&e.problem, MSeverity::Error, "fix-this", src);
        out.write_all(render(&h, d, src).as_bytes())?;
        if r.source.is_none() {
            writeln!(out)?;
        }
    }
    // unknown keys are findings (`unknown-key`), shown below with the rest
    // Fails and waivers in full; missing evidence as one compact checklist per file, so
    // it does not bury the failures (JSON and concise keep every record).
    let mut missing = Vec::new();
    for f in r.findings.iter().filter(|f| ctx.shows(f)) {
        if f.outcome == Outcome::NotReported {
            missing.push(f);
        } else {
            out.write_all(render(&h, finding_diag(f, ctx.set), src).as_bytes())?;
        }
    }
    if !missing.is_empty() {
        writeln!(
                out,
                "\n  ☞ {}: {} thing(s) to record. The evidence these standards need is missing: it is not counted as a breach, but the standard cannot be checked without it.",
                r.path,
                missing.len()
            )?;
        let at: Vec<String> = missing.iter().map(|f| format!("line {}", f.line)).collect();
        let w = at.iter().map(String::len).max().unwrap_or(0);
        for (f, at) in missing.iter().zip(&at) {
            let title = ctx.set.get(&f.standard).map(|s| s.title.as_str()).unwrap_or("");
            writeln!(out, "    {at:<w$}  {:<9} {}", f.standard, to_record(f))?;
            if !title.is_empty() {
                writeln!(out, "    {:<w$}  {:<9}   for: {title}", "", "")?;
            }
        }
        writeln!(out)?;
    }
    if let Some(res) = r.resolved.as_ref().filter(|x| !x.is_empty()) {
        writeln!(
            out,
            "\n  ✓ {}: {} finding(s) of the baseline resolved",
            r.path,
            res.len()
        )?;
        for x in res {
            writeln!(out, "    {:<10} {}", x.standard, crate::finding::printable(&x.message))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn finish(summary: &Summary, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
    if !ctx.quiet {
        writeln!(out, "{}", summary.tally())?;
    }
    Ok(())
}
