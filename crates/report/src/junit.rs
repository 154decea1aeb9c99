//! JUnit XML, for CI dashboards: a test suite per file, a test case per standard and
//! record: failures for fails, skipped for not reported, waived and not applicable. The
//! records that pass are one test case per standard ("N records pass"), so a suite's count
//! of tests is every standard's every record.

use std::io::{self, Write};

use super::{Context, Reporter, Summary};
use carecheck_core::check::FileResult;
use carecheck_core::finding::Outcome;

/// The JUnit reporter.
#[derive(Default)]
pub struct Junit {
    id: usize,
    /// When the run started, UTC, as JUnit's `timestamp` (the as-of date is not when the
    /// tests ran).
    started: String,
}

/// Now, UTC, as `2026-12-04T17:01:54`; `SOURCE_DATE_EPOCH` (seconds), when set, stands for
/// now, so that a build or a test can make the report reproducible.
fn run_timestamp() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
        });
    let day = carecheck_core::dates::Date(i32::try_from(secs.div_euclid(86_400)).unwrap_or(0));
    let s = secs.rem_euclid(86_400);
    format!("{day}T{:02}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
}

/// Text escaped for XML, control characters dropped (XML 1.0 cannot hold them).
pub fn xml(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\n' | '\t' => o.push(c),
            c if c.is_control() => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

impl Reporter for Junit {
    fn begin(&mut self, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        self.started = run_timestamp();
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>")
    }

    fn file(&mut self, r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut cases = String::new();
        let (mut tests, mut failures, mut errors, mut skipped) = (0usize, 0usize, 0usize, 0usize);
        let case = |cases: &mut String, name: &str, class: &str, inner: &str| {
            cases.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"{}\n",
                xml(name),
                xml(class),
                if inner.is_empty() {
                    "/>".to_string()
                } else {
                    format!(">\n      {inner}\n    </testcase>")
                }
            ));
        };
        for e in &r.errors {
            tests += 1;
            errors += 1;
            case(
                &mut cases,
                &format!("load line {}", e.line),
                "load",
                &format!("<error type=\"load\" message=\"{}\"/>", xml(&e.problem.message)),
            );
        }
        for (i, s) in ctx.set.standards.iter().enumerate() {
            let counts = r.counts.get(i).copied().unwrap_or([0; 5]);
            for f in r.findings.iter().filter(|f| f.standard == s.id) {
                tests += 1;
                let who = f.record.as_deref().or(f.child.as_deref()).unwrap_or("provider");
                let inner = match f.outcome {
                    Outcome::Fail => {
                        failures += 1;
                        format!(
                            "<failure type=\"{}\" message=\"{}\">{}</failure>",
                            f.severity.as_str(),
                            xml(&f.message),
                            xml(&format!("{}:{}: {}", f.line, f.column, f.help.as_deref().unwrap_or("")))
                        )
                    }
                    _ => {
                        skipped += 1;
                        format!("<skipped message=\"{}: {}\"/>", f.outcome.as_str(), xml(&f.message))
                    }
                };
                case(&mut cases, &format!("{} {who}", s.id), &s.test, &inner);
            }
            if counts[0] > 0 {
                tests += 1;
                case(
                    &mut cases,
                    &format!("{}: {} record(s) pass", s.id, counts[0]),
                    &s.test,
                    "",
                );
            }
            if counts[3] > 0 && counts[0] + counts[1] + counts[2] + counts[4] == 0 {
                tests += 1;
                skipped += 1;
                case(
                    &mut cases,
                    &format!("{} (not applicable)", s.id),
                    &s.test,
                    "<skipped message=\"not_applicable\"/>",
                );
            }
        }
        for f in r.findings.iter().filter(|f| f.test.is_none()) {
            tests += 1;
            let inner = if f.outcome == Outcome::Fail {
                failures += 1;
                format!(
                    "<failure type=\"{}\" message=\"{}\"/>",
                    f.severity.as_str(),
                    xml(&f.message)
                )
            } else {
                skipped += 1;
                format!("<skipped message=\"{}\"/>", xml(&f.message))
            };
            case(&mut cases, &format!("{} {}", f.standard, f.field), "carecheck", &inner);
        }
        writeln!(
            out,
            "  <testsuite name=\"{}\" package=\"{}\" id=\"{}\" timestamp=\"{}\" hostname=\"carecheck\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"0\">",
            xml(&r.path),
            xml(r.urn.as_deref().unwrap_or("carecheck")),
            self.id,
            self.started
        )?;
        self.id += 1;
        writeln!(
            out,
            "    <properties>\n      <property name=\"kind\" value=\"{}\"/>\n      <property name=\"status\" value=\"{}\"/>\n    </properties>",
            xml(r.kind.as_deref().unwrap_or("")),
            r.status.as_str()
        )?;
        out.write_all(cases.as_bytes())?;
        writeln!(out, "    <system-out/>\n    <system-err/>\n  </testsuite>")
    }

    fn finish(&mut self, _summary: &Summary, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "</testsuites>")
    }
}
