//! Human output: one miette diagnostic per finding, with the offending line underlined,
//! the standard, its test, status, citation and what to do; then a tally.

use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report, Severity as MSeverity,
};

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
        Some(s) => Report::new(diag).with_source_code(NamedSource::new(s.name.clone(), Arc::clone(&s.text))),
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
            "{} · {} · {} on {} · {} ({})",
            f.severity.as_str(),
            s.test,
            s.status,
            s.duty_holder,
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
    let label = match f.outcome {
        Outcome::NotReported => format!("`{}` missing here", f.field.rsplit('.').next().unwrap_or(&f.field)),
        _ => f.field.clone(),
    };
    d.with_label(LabeledSpan::new_primary_with_span(
        Some(label),
        (f.span.start as usize, f.span.len()),
    ))
}

impl Reporter for Human {
    fn file(&mut self, r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        let h = handler(ctx.color, ctx.width);
        // an empty file has no snippet to show
        let src = r.source.as_ref().filter(|s| !s.text.is_empty());
        for e in &r.errors {
            let d = problem_diag(&e.problem, MSeverity::Error, "invalid-file", src);
            out.write_all(render(&h, d, src).as_bytes())?;
            if r.source.is_none() {
                writeln!(out)?;
            }
        }
        if !ctx.quiet {
            for w in &r.warnings {
                let d = problem_diag(&w.problem, MSeverity::Warning, "unknown-key", src);
                out.write_all(render(&h, d, src).as_bytes())?;
            }
        }
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
                "\n  ☞ {}: {} finding(s) not reported: the evidence these standards need is missing",
                r.path,
                missing.len()
            )?;
            for f in missing {
                writeln!(out, "    {}:{:<5} {:<10} {}", f.line, f.column, f.standard, f.field)?;
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

    fn finish(&mut self, summary: &Summary, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        if !ctx.quiet {
            writeln!(out, "{}", summary.tally())?;
        }
        Ok(())
    }
}
