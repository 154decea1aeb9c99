//! TAP (the Test Anything Protocol, version 14), for test harnesses that read it: one test
//! point a file, `ok` when the file was judged with no failed finding, and each failed
//! finding as a comment under it.

use std::io::{self, Write};

use super::{Context, Reporter, Summary};
use carecheck_core::check::FileResult;
use carecheck_core::finding::{printable, Outcome};

/// The TAP reporter: numbers the files as they come, and writes the plan at the end.
#[derive(Default)]
pub struct Tap {
    n: usize,
}

/// Text a file put in a description, made safe for one TAP line: control characters
/// shown printable, and `#`, which would start a directive, escaped.
fn safe(s: &str) -> String {
    printable(s).replace('\\', "\\\\").replace('#', "\\#")
}

impl Reporter for Tap {
    fn begin(&mut self, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "TAP version 14")
    }

    fn file(&mut self, r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        self.n += 1;
        let failed: Vec<_> = r
            .findings
            .iter()
            .filter(|f| ctx.shows(f) && f.outcome == Outcome::Fail)
            .collect();
        let ok = r.judged() && r.errors.is_empty() && failed.is_empty();
        writeln!(
            out,
            "{} {} - {}",
            if ok { "ok" } else { "not ok" },
            self.n,
            safe(&r.path)
        )?;
        for e in &r.errors {
            writeln!(
                out,
                "# {}:{}: error load {}",
                e.line,
                e.column,
                safe(&e.problem.message)
            )?;
        }
        for f in failed {
            writeln!(
                out,
                "# {}:{}: {} {} {}",
                f.line,
                f.column,
                f.severity.as_str(),
                f.standard,
                safe(&f.message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "1..{}", self.n)?;
        writeln!(out, "# {}", safe(&summary.tally()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_hash_cannot_start_a_directive() {
        assert_eq!(super::safe("a # SKIP\u{7}"), "a \\# SKIP\\\\u{7}");
    }
}
