//! SARIF 2.1.0, for code scanning: one rule per standard (id, title, help, citation,
//! severity), one result per finding with its file, line and column, and the finding's
//! fingerprint, so a result is tracked across runs however the text moves.

use std::io::{self, Write};

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

fn uri(path: &str) -> String {
    path.replace('\\', "/").replace(' ', "%20")
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
