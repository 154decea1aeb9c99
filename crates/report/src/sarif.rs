//! SARIF 2.1.0, for code scanning: one rule per standard (id, title, help, citation,
//! severity), one result per finding with its file, line and column, and the finding's
//! fingerprint, so a result is tracked across runs however the text moves.

use std::io::{self, Write};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Map, Value};

use super::{Context, Reporter, Summary};
use carecheck_core::check::FileResult;
use carecheck_core::finding::{Outcome, Severity};

/// The schema every carecheck SARIF document names.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The SARIF version written.
pub const VERSION: &str = "2.1.0";

/// The SARIF envelope shared by `check` and `standards lint`: the document around one run,
/// the tool with its rules, a rule, a result with its location. Keeping it in one place means
/// a code host reads both commands' results the same way, and a change to the envelope (a new
/// SARIF version, a new driver property) is made once.
///
/// The document around one run, for a report built whole (`standards lint`); `check`
/// streams the same envelope, with the same [`SCHEMA`] and [`VERSION`], by hand.
pub fn document(run: Value) -> Value {
    json!({"$schema": SCHEMA, "version": VERSION, "runs": [run]})
}

/// carecheck as the run's driver, with its rules; the caller adds what only its command
/// has (`check` the standards set's name and version).
pub fn driver(rules: Vec<Value>) -> Map<String, Value> {
    let mut d = Map::new();
    d.insert("name".into(), json!("carecheck"));
    d.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
    d.insert("rules".into(), Value::Array(rules));
    d
}

/// A rule: its id and a one-line description; the caller adds the rest.
pub fn rule(id: &str, short: &str) -> Value {
    json!({"id": id, "shortDescription": {"text": short}})
}

/// A result of `rule_id` at a level, with its message, at one place of one file (`uri`, as
/// made by the caller).
pub fn result(rule_id: &str, level: &str, text: &str, uri: &str, line: usize, column: usize) -> Value {
    json!({
        "ruleId": rule_id,
        "level": level,
        "message": {"text": text},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": {"startLine": line, "startColumn": column}
        }}]
    })
}

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

impl Reporter for Sarif {
    fn begin(&mut self, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"{VERSION}\",\n  \"runs\": [\n    {{\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": ["
        )
    }

    fn file(&mut self, r: &FileResult, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        for e in &r.errors {
            let mut res = result(
                "load",
                "error",
                &crate::placed(e.place.as_deref(), &e.problem.message),
                &uri(&r.path),
                e.line.max(1),
                e.column.max(1),
            );
            res["kind"] = json!("fail");
            self.result(&res, out)?;
        }
        for f in r.findings.iter().filter(|f| ctx.shows(f)) {
            let mut res = result(
                &f.standard,
                level(f.severity, f.outcome),
                &crate::placed(f.place.as_deref(), &f.message),
                &uri(&r.path),
                f.line.max(1),
                f.column.max(1),
            );
            res["kind"] = json!(kind(f.outcome));
            res["partialFingerprints"] = json!({"carecheck/v1": f.fingerprint});
            res["properties"] = json!({"outcome": f.outcome.as_str(), "severity": f.severity.as_str()});
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
                        "tags": [s.test.clone(), s.status.name()]
                    }
                });
                if let Some(u) = &s.citation.url {
                    r["helpUri"] = json!(u);
                }
                r
            })
            .collect();
        for (id, title, lvl) in BUILTIN {
            let mut r = rule(id, title);
            r["defaultConfiguration"] = json!({"level": lvl});
            rules.push(r);
        }
        let mut driver = driver(rules);
        driver.insert("semanticVersion".into(), json!(env!("CARGO_PKG_VERSION")));
        driver.insert(
            "properties".into(),
            json!({"standards": {"name": ctx.set.name, "version": ctx.set.version}}),
        );
        let tool = json!({ "driver": driver });
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
