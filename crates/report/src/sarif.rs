//! SARIF 2.1.0, for code scanning: one rule per standard (id, title, help, citation,
//! severity), one result per finding with its file, line and column, and the finding's
//! fingerprint, so a result is tracked across runs however the text moves.

use std::io::{self, Write};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value};

use super::{Context, Reporter, Summary};
use carecheck_core::check::FileResult;
use carecheck_core::finding::{Outcome, Severity};

/// The SARIF reporter. Results are written as they come, one per line inside the run's
/// `results` array, and the tool with its rules closes the document, so memory does not grow
/// with the size of a batch.
#[derive(Default)]
pub struct Sarif {
    /// Results written so far (for the commas).
    written: usize,
}

impl Sarif {
    fn result(&mut self, res: &Value, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.written == 0 {
            b"\n        "
        } else {
            b",\n        "
        })?;
        serde_json::to_writer(&mut *out, res)?;
        self.written += 1;
        Ok(())
    }
}

/// Built-in checks that are not standards, as SARIF rules.
const BUILTIN: &[(&str, &str, &str)] = &[
    ("load", "The file could not be read as a self-assessment", "error"),
    ("unknown-key", "A key that is not a field of the format", "warning"),
    (
        "personal-data",
        "Identifying personal data in a self-assessment",
        "error",
    ),
    ("date-after-as-of", "Evidence dated after the as-of date", "warning"),
    ("ambiguous-date", "A date that may be a renewal", "warning"),
    ("incomplete", "Too little evidence to judge the file", "error"),
    ("exception-incomplete", "An exception that lacks a part", "warning"),
    ("exception-expired", "An exception that has expired", "warning"),
    (
        "exception-not-yet-approved",
        "An exception approved after the as-of date",
        "warning",
    ),
    (
        "exception-not-waivable",
        "An exception against a standard that cannot be waived",
        "warning",
    ),
    ("exception-unused", "A current exception that waived nothing", "note"),
];

fn level(sev: Severity, outcome: Outcome) -> &'static str {
    match (outcome, sev) {
        (Outcome::Fail, Severity::Error) => "error",
        (Outcome::Fail, Severity::Warning) => "warning",
        _ => "note",
    }
}

fn kind(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Fail => "fail",
        // missing evidence asks for a person to look; a waiver is a reviewed departure
        Outcome::NotReported | Outcome::Waived => "review",
        Outcome::Pass => "pass",
        Outcome::NotApplicable => "notApplicable",
    }
}

/// What a path keeps as it is in a URI: RFC 3986's unreserved characters and the `/` that
/// parts its segments. Everything else is percent-encoded (UTF-8 bytes for a character
/// outside ASCII).
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A file's path as the URI reference SARIF's `artifactLocation.uri` must be (RFC 3986).
/// A file name is not a URI: `home #2.yaml` would end the path at a fragment, `100%.yaml`
/// is a broken escape, and `a:b.yaml` would read as a scheme, so code scanning would put the
/// results on another file, or on none. Backslashes become `/` first, as a Windows path's
/// parts.
pub fn uri(path: &str) -> String {
    utf8_percent_encode(&path.replace('\\', "/"), PATH).to_string()
}

/// `carecheck standards lint`'s report as SARIF 2.1.0, so a code host shows a standards
/// file's problems inline; its files' URIs are encoded as `check`'s are.
pub fn lint(r: &carecheck_core::lint::LintReport) -> Value {
    let results: Vec<_> = r
        .items
        .iter()
        .map(|i| {
            json!({
                "ruleId": i.code,
                "level": if i.severity == "error" { "error" } else { "warning" },
                "message": {"text": match &i.help { Some(h) => format!("{}\n{h}", i.message), None => i.message.clone() }},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri(&i.file)},
                    "region": {"startLine": i.line, "startColumn": i.column}
                }}]
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "carecheck",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": carecheck_core::lint::RULES.iter().map(|(id, text)| json!({"id": id, "shortDescription": {"text": text}})).collect::<Vec<_>>()
            }},
            "results": results
        }]
    })
}

impl Reporter for Sarif {
    fn begin(&mut self, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": ["
        )
    }

    fn file(&mut self, r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        for e in &r.errors {
            let res = json!({
                "ruleId": "load",
                "level": "error",
                "kind": "fail",
                "message": {"text": crate::placed(e.place.as_deref(), &e.problem.message)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri(&r.path)},
                    "region": {"startLine": e.line.max(1), "startColumn": e.column.max(1)}
                }}]
            });
            self.result(&res, out)?;
        }
        for f in r.findings.iter().filter(|f| ctx.shows(f)) {
            let mut res = json!({
                "ruleId": f.standard,
                "level": level(f.severity, f.outcome),
                "kind": kind(f.outcome),
                "message": {"text": crate::placed(f.place.as_deref(), &f.message)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri(&r.path)},
                    "region": {"startLine": f.line.max(1), "startColumn": f.column.max(1)}
                }}],
                "partialFingerprints": {"carecheck/v1": f.fingerprint},
                "properties": {"outcome": f.outcome.as_str(), "severity": f.severity.as_str()}
            });
            if let Some(c) = &f.child {
                res["properties"]["child"] = json!(c);
            }
            if let Some(b) = f.baseline {
                res["baselineState"] = json!(match b {
                    carecheck_core::finding::BaselineState::New => "new",
                    carecheck_core::finding::BaselineState::Persisting => "unchanged",
                });
            }
            if let Some(w) = &f.waiver {
                res["suppressions"] = json!([{"kind": "external", "justification": format!("{} (approved by {}, until {})", w.reason, w.approved_by_role, w.expires_on)}]);
            }
            self.result(&res, out)?;
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut rules: Vec<Value> = ctx
            .set
            .standards
            .iter()
            .map(|s| {
                let mut help = s.help.trim().to_string();
                if let Some(u) = &s.citation.url {
                    help.push_str(&format!("\n{u}"));
                }
                let mut r = json!({
                    "id": s.id,
                    "name": s.id.replace('-', ""),
                    "shortDescription": {"text": s.title},
                    "fullDescription": {"text": s.rationale.trim()},
                    "help": {"text": help},
                    "defaultConfiguration": {"level": match s.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Info => "note",
                    }},
                    "properties": {
                        "test": s.test,
                        "status": s.status,
                        "duty_holder": s.duty_holder,
                        "citation": s.citation.show(),
                        "confidence": s.confidence,
                        "tags": [s.test.clone(), s.status.clone()]
                    }
                });
                if let Some(u) = &s.citation.url {
                    r["helpUri"] = json!(u);
                }
                r
            })
            .collect();
        for (id, title, lvl) in BUILTIN {
            rules.push(json!({
                "id": id,
                "shortDescription": {"text": title},
                "defaultConfiguration": {"level": lvl}
            }));
        }
        let tool = json!({"driver": {
            "name": "carecheck",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules,
            "properties": {"standards": {"name": ctx.set.name, "version": ctx.set.version}}
        }});
        out.write_all(if self.written == 0 {
            b"],\n      \"tool\": "
        } else {
            b"\n      ],\n      \"tool\": "
        })?;
        serde_json::to_writer(&mut *out, &tool)?;
        out.write_all(b"\n    }\n  ]\n}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::uri;
    use percent_encoding::percent_decode_str;

    #[test]
    fn a_path_becomes_a_uri_reference_that_reads_back_as_the_path() {
        for (path, want) in [
            ("examples/oakwood.yaml", "examples/oakwood.yaml"),
            ("my folder/home #2 100%.yaml", "my%20folder/home%20%232%20100%25.yaml"),
            ("a:b.yaml", "a%3Ab.yaml"),
            ("./h<i>\"x|`=1,2.yaml", "./h%3Ci%3E%22x%7C%60%3D1%2C2.yaml"),
            ("dir\\sub\\f?.yaml", "dir/sub/f%3F.yaml"),
            ("café.yaml", "caf%C3%A9.yaml"),
        ] {
            let u = uri(path);
            assert_eq!(u, want, "{path}");
            assert_eq!(percent_decode_str(&u).decode_utf8().unwrap(), path.replace('\\', "/"));
        }
    }
}
