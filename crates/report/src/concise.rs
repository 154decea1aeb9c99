//! `path:line:col: SEVERITY ID message`, one line per finding: for grep and editors.

use std::io::{self, Write};

use super::{Context, Reporter, Summary};
use carecheck_core::check::FileResult;
use carecheck_core::finding::{printable, Outcome};

/// The concise reporter.
pub struct Concise;

impl Reporter for Concise {
    fn file(&mut self, r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        for e in &r.errors {
            writeln!(
                out,
                "{}:{}:{}: error load {}",
                printable(&r.path),
                e.line,
                e.column,
                printable(&crate::placed(e.place.as_deref(), &e.problem.message))
            )?;
        }
        for f in r.findings.iter().filter(|f| ctx.shows(f)) {
            // one vocabulary: a severity only for a fail; otherwise what the outcome is
            let level = match f.outcome {
                Outcome::NotReported => "not_reported",
                Outcome::Waived => "waived",
                _ => f.severity.as_str(),
            };
            let tag = match f.baseline {
                Some(carecheck_core::finding::BaselineState::New) => "[new] ",
                _ => "",
            };
            writeln!(
                out,
                "{}:{}:{}: {} {} {tag}{}",
                printable(&r.path),
                f.line,
                f.column,
                level,
                f.standard,
                printable(&crate::placed(f.place.as_deref(), &f.message))
            )?;
        }
        for x in r.resolved.iter().flatten() {
            writeln!(
                out,
                "{}: resolved {} {}",
                printable(&r.path),
                x.standard,
                printable(&x.message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        // the tally is not a finding: the command writes it on stderr, so that every line
        // of this output is one
        let _ = (summary, ctx, out);
        Ok(())
    }
}
