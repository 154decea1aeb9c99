//! The JSON report of the command-line contract, streamed one file at a time.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::json;

mod file;
mod summary;

use summary::render_summary;

use super::{Context, Reporter, Summary};
use carecheck_core::check::{FileResult, FileStatus, Located};
use carecheck_core::finding::{BaselineState, Finding, Outcome, Severity, Waiver};

/// The JSON reporter.
#[derive(Default)]
pub struct Json {
    first: bool,
}

/// A load problem, as the contract gives it.
#[derive(Serialize)]
struct LocatedOut<'a> {
    message: &'a str,
    line: usize,
    column: usize,
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixOut<'a>>,
}

/// The change a did-you-mean describes, for a program to apply: replace the bytes from
/// `start` to `end` (offsets in the file as read) with `replacement`. `exact` fixes are the
/// ones `check --fix` applies; the others are offered (an editor's quick fix), never applied
/// unasked.
#[derive(Serialize)]
pub struct FixOut<'a> {
    start: u32,
    end: u32,
    replacement: &'a str,
    exact: bool,
}

impl<'a> From<&'a carecheck_core::node::Fix> for FixOut<'a> {
    fn from(f: &'a carecheck_core::node::Fix) -> Self {
        FixOut {
            start: f.span.start,
            end: f.span.end,
            replacement: &f.replacement,
            exact: f.exact,
        }
    }
}

impl<'a> From<&'a Located> for LocatedOut<'a> {
    fn from(l: &'a Located) -> Self {
        LocatedOut {
            message: &l.problem.message,
            line: l.line,
            column: l.column,
            help: l.problem.help.as_deref(),
            fix: l.problem.fix.as_ref().map(FixOut::from),
        }
    }
}

#[derive(Serialize)]
struct ProviderOut<'a> {
    urn: Option<&'a str>,
    kind: Option<&'a str>,
    name: Option<&'a str>,
}

#[derive(Serialize)]
struct TotalsOut {
    errors: usize,
    warnings: usize,
    infos: usize,
    waived: usize,
    not_reported: usize,
    law_breaches: usize,
    other_standards: usize,
    data_quality: usize,
    personal_data: usize,
}

/// One file as the contract's JSON object, serialised straight from the results.
#[derive(Serialize)]
pub struct FileOut<'a> {
    path: &'a str,
    status: &'static str,
    provider: Option<ProviderOut<'a>>,
    as_of: Option<String>,
    errors: Vec<LocatedOut<'a>>,
    warnings: Vec<LocatedOut<'a>>,
    /// Per cent of the applicable checks that could be made.
    completeness: Option<f64>,
    /// This file's counts, so a batch needs no second pass.
    totals: TotalsOut,
    findings: FindingsOut<'a>,
    /// With `--baseline`: the baseline's findings no longer found.
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved: Option<&'a [carecheck_core::baseline::Resolved]>,
}

/// One file as the contract's JSON object.
pub fn file_out(r: &FileResult) -> FileOut<'_> {
    let checked = r.status == FileStatus::Checked;
    FileOut {
        path: &r.path,
        status: r.status.as_str(),
        // a file with unreadable values was still read: its provider is known; of a file that
        // could not be parsed, the URN if it could be found
        provider: (checked || r.kind.is_some() || r.urn.is_some()).then_some(ProviderOut {
            urn: r.urn.as_deref(),
            kind: r.kind.as_deref(),
            name: r.name.as_deref(),
        }),
        as_of: r.as_of.map(|d| d.to_string()),
        errors: r.errors.iter().map(LocatedOut::from).collect(),
        warnings: r.warnings.iter().map(LocatedOut::from).collect(),
        completeness: r.completeness,
        totals: {
            let c = super::view::counts(r);
            TotalsOut {
                errors: c.errors,
                warnings: c.warnings,
                infos: c.infos,
                waived: c.waived,
                not_reported: c.not_reported,
                law_breaches: c.law,
                other_standards: c.other,
                data_quality: c.data_quality,
                personal_data: c.personal_data,
            }
        },
        findings: FindingsOut(&r.findings),
        resolved: r.resolved.as_deref(),
    }
}

/// A file's findings as the JSON report writes them.
pub struct FindingsOut<'a>(pub &'a [Finding]);

impl Serialize for FindingsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(FindingOut::from))
    }
}

/// A finding with the same fields, in the same order, as its own serialisation.
#[derive(Serialize)]
struct FindingOut<'a> {
    standard: &'a str,
    kind: carecheck_core::finding::FindingKind,
    law: bool,
    test: Option<&'a str>,
    severity: Severity,
    outcome: Outcome,
    child: Option<&'a str>,
    record: Option<&'a str>,
    message: &'a str,
    field: &'a str,
    line: usize,
    column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
    citation: &'a str,
    help: Option<&'a str>,
    waiver: &'a Option<Waiver>,
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixOut<'a>>,
}

impl<'a> From<&'a Finding> for FindingOut<'a> {
    fn from(f: &'a Finding) -> Self {
        FindingOut {
            standard: &f.standard,
            kind: f.kind(),
            law: f.law,
            test: f.test.as_deref(),
            severity: f.severity,
            outcome: f.outcome,
            child: f.child.as_deref(),
            record: f.record.as_deref(),
            message: &f.message,
            field: &f.field,
            line: f.line,
            column: f.column,
            place: f.place.as_deref(),
            citation: &f.citation,
            help: f.help.as_deref(),
            waiver: &f.waiver,
            fingerprint: &f.fingerprint,
            baseline: f.baseline,
            fix: f.fix.as_ref().map(FixOut::from),
        }
    }
}

/// Two spaces a level, as serde_json's pretty printer indents; shared by [`NestedPretty`]
/// and the hand-written file object.
fn indent<W: ?Sized + Write>(w: &mut W, level: usize) -> io::Result<()> {
    const SPACES: &[u8] = b"                                                                ";
    let mut n = level * 2;
    while n > 0 {
        let k = n.min(SPACES.len());
        w.write_all(&SPACES[..k])?;
        n -= k;
    }
    Ok(())
}

/// serde_json's pretty layout (two spaces a level), started `level` levels deep, so a file's
/// object can be rendered on its own, on the worker that checked the file, and copied into
/// its place in the streamed document byte for byte as if the whole document had been
/// pretty-printed at once.
struct NestedPretty {
    level: usize,
    has_value: bool,
}

impl NestedPretty {
    /// The layout for a value that stands `level` levels deep.
    fn at(level: usize) -> NestedPretty {
        NestedPretty {
            level,
            has_value: false,
        }
    }
    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        indent(w, self.level)
    }
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }
    fn entry<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl serde_json::ser::Formatter for NestedPretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.entry(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.entry(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// One file's object as it stands in the report's `files` list (two levels deep), rendered
/// into memory, so it can be done on the worker that checked the file. Written by hand
/// ([`file`]); the tests hold it to serde_json's pretty printing of [`file_out`].
pub fn render_file(r: &FileResult) -> Vec<u8> {
    file::file(r)
}

impl Reporter for Json {
    fn begin(&mut self, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        self.first = true;
        let tool = json!({"name": "carecheck", "version": env!("CARGO_PKG_VERSION")});
        let standards = json!({"name": ctx.set.name, "version": ctx.set.version, "count": ctx.set.standards.len()});
        write!(
            out,
            "{{\n  \"tool\": {},\n  \"standards\": {},\n  \"as_of\": {},\n  \"personal_data_guard\": {},\n  \"files\": [",
            serde_json::to_string(&tool)?,
            serde_json::to_string(&standards)?,
            serde_json::to_string(&ctx.as_of)?,
            ctx.personal_data_guard
        )
    }

    fn file(&mut self, r: &FileResult, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        if !self.first {
            out.write_all(b",")?;
        }
        self.first = false;
        out.write_all(b"\n    ")?;
        match r.prerendered("json") {
            Some(bytes) => out.write_all(bytes),
            None => out.write_all(&render_file(r)),
        }
    }

    fn finish(&mut self, summary: &Summary, ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
        let close = if self.first { "]" } else { "\n  ]" };
        write!(out, "{close},\n  \"summary\": ")?;
        out.write_all(&render_summary(summary, ctx))?;
        out.write_all(b"\n}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carecheck_core::check::{check_one, CheckOptions, Target};
    use carecheck_core::engine::Engine;

    /// The findings as the contract's object writes them are the findings' own
    /// serialisation with two more fields: what the finding is about (`kind`) and whether it
    /// is a breach of the law (`law`), so that a reader can count breaches without the set.
    #[test]
    fn the_contracts_findings_are_the_findings_themselves_with_kind_and_law() {
        let set = carecheck_shipped::whole_set(&Vec::new()).expect("embedded set");
        let engine = Engine::new(&set, None);
        let text = include_str!("../../../../examples/birchfield-childrens-home.yaml");
        let target = Target::Memory("f.yaml".into(), std::sync::Arc::from(text.as_bytes()));
        let r = check_one(&target, &set, &engine, &CheckOptions::default());
        assert!(r.findings.iter().any(|f| f.help.is_some()));
        assert!(r.findings.iter().any(|f| f.law) && r.findings.iter().any(|f| !f.law));
        let contract = serde_json::to_value(FindingsOut(&r.findings)).expect("plain data");
        let own = serde_json::to_value(&r.findings).expect("plain data");
        let (Some(contract), Some(own)) = (contract.as_array(), own.as_array()) else {
            panic!("two arrays")
        };
        assert_eq!(contract.len(), r.findings.len());
        for ((mut c, o), f) in contract.iter().cloned().zip(own).zip(&r.findings) {
            let map = c.as_object_mut().expect("an object");
            assert_eq!(map.remove("kind"), Some(serde_json::json!(f.kind().as_str())));
            assert_eq!(map.remove("law"), Some(serde_json::json!(f.law)));
            assert_eq!(&c, o);
        }
    }

    /// The object written by hand on a worker must be the bytes serde_json's own pretty
    /// printer gives for the contract's object, indented for its place two levels deep in
    /// the document: for valid, invalid and unreadable files, with waivers, a baseline's
    /// states and resolved findings, texts JSON escapes, and shared texts met the first
    /// time and from the worker's cache.
    #[test]
    fn a_file_rendered_alone_is_the_pretty_printed_object_in_place() {
        let set = carecheck_shipped::whole_set(&Vec::new()).expect("embedded set");
        let engine = Engine::new(&set, None);
        let texts = [
            include_str!("../../../../examples/oakwood-childrens-home.yaml"),
            include_str!("../../../../examples/birchfield-childrens-home.yaml"),
            include_str!("../../../../examples/ridgeway-secure-childrens-home.yaml"),
            "provider: [",
            "",
            "provider:\n  urn: SC1\n  kind: childrens_home\nchildren: []\n",
            "schema_version: 1\nprovider:\n  urn: \"SC\\t\\u0001\\\"é\"\n  kind: childrens_home\n  name: \"a\\nb\"\nassessment:\n  as_of: 2026-01-01\n",
        ];
        let mut waivers = 0;
        for (i, text) in texts.iter().enumerate() {
            let target = Target::Memory(format!("f{i}.yaml"), std::sync::Arc::from(text.as_bytes()));
            let mut r = check_one(&target, &set, &engine, &CheckOptions::default());
            waivers += r.findings.iter().filter(|f| f.waiver.is_some()).count();
            let mut variants = vec![r.clone()];
            // a baseline's states and resolved findings, and a help only one finding holds
            if let Some(f) = r.findings.first_mut() {
                f.baseline = Some(BaselineState::New);
                f.help = Some(carecheck_core::source::Text::from("line one\n\"quoted\" \\ tab\t\u{1}"));
                f.message.push_str(" \u{7f}\u{2028}\r");
            }
            if let Some(f) = r.findings.last_mut() {
                f.baseline = Some(BaselineState::Persisting);
            }
            r.resolved = Some(vec![carecheck_core::baseline::Resolved {
                standard: "CARE-001".into(),
                message: "was \"here\"".into(),
                outcome: "fail".into(),
                fingerprint: "0123456789abcdef".into(),
            }]);
            variants.push(r.clone());
            r.resolved = Some(Vec::new());
            r.completeness = Some(87.5);
            variants.push(r);
            for (j, r) in variants.iter().enumerate() {
                let expected = serde_json::to_string_pretty(&file_out(r))
                    .expect("plain data")
                    .replace('\n', "\n    ");
                // twice: the shared texts from the cache the second time
                for round in 0..2 {
                    let got = String::from_utf8(render_file(r)).expect("JSON is UTF-8");
                    assert_eq!(got, expected, "file {i}, variant {j}, round {round}");
                }
            }
        }
        assert!(waivers > 0, "an example with a waiver");
    }

    /// The summary written straight from plain structs is, byte for byte, what serialising
    /// it through `serde_json::Value` (the way it was first written, kept here as the
    /// reference) gives: the same keys in the same (alphabetical) order, with and without a
    /// baseline's counts, for a run with findings and one with none.
    /// Tallies with a test, two kinds (one not given) and both kinds of built-in check.
    fn busy_tallies() -> crate::statistics::Tallies {
        use crate::statistics::{BuiltInTally, KindTally, Providers, Tallies};
        let mut t = Tallies {
            per_test: vec![
                Providers {
                    passing: 3,
                    failing: 2,
                    not_reported: 1
                };
                7
            ],
            ..Tallies::default()
        };
        t.per_kind.insert(
            "childrens_home".into(),
            KindTally {
                providers: Providers {
                    passing: 1,
                    failing: 4,
                    not_reported: 0,
                },
                providers_breaching_law: 3,
                not_judged: 1,
                records: [10, 4, 2, 7, 1],
                law_breaches: 3,
                data_quality: 5,
                personal_data: 1,
            },
        );
        t.per_kind.insert(String::new(), KindTally::default());
        t.built_in.insert(
            "date-after-as-of".into(),
            BuiltInTally {
                personal_data: false,
                findings: 4,
                providers: 2,
            },
        );
        t.built_in.insert(
            "personal-data".into(),
            BuiltInTally {
                personal_data: true,
                findings: 1,
                providers: 1,
            },
        );
        t
    }

    #[test]
    fn the_summary_is_the_value_it_always_was() {
        fn reference(summary: &Summary, ctx: &Context<'_>) -> String {
            let mut v = serde_json::to_value(summary).expect("plain data");
            let stats: Vec<serde_json::Value> = ctx
                .set
                .standards
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let c = summary.per_standard.get(i).copied().unwrap_or([0; 5]);
                    let failing = summary.providers_failing.get(i).copied().unwrap_or(0);
                    let applicable = summary.providers_applicable.get(i).copied().unwrap_or(0);
                    json!({
                        "standard": s.id, "title": s.title, "test": s.test, "status": s.status,
                        "severity": s.severity.as_str(),
                        "records": {"pass": c[0], "fail": c[1], "not_reported": c[2], "not_applicable": c[3], "waived": c[4]},
                        "providers_failing": failing, "providers_applicable": applicable,
                        "share_failing": if applicable == 0 { 0.0 } else { (failing as f64 * 1000.0 / applicable as f64).round() / 1000.0 },
                        "pass_rate": (c[0] + c[1] > 0).then(|| (c[0] as f64 * 1000.0 / (c[0] + c[1]) as f64).round() / 1000.0)
                    })
                })
                .collect();
            v["statistics"] = serde_json::Value::Array(stats);
            let st = crate::statistics::Statistics::of(summary, ctx.set);
            let r3 = |x: Option<f64>| x.map(|v| (v * 1000.0).round() / 1000.0);
            let group = |g: &crate::statistics::GroupStat| {
                let mut o = json!({
                    "key": g.key, "label": g.label, "law_breaches": g.law_breaches,
                    "provider_pass_rate": r3(g.providers.pass_rate()),
                    "providers": {"passing": g.providers.passing, "failing": g.providers.failing, "not_reported": g.providers.not_reported},
                    "record_pass_rate": r3(g.records.pass_rate()),
                    "records": {"pass": g.records.pass, "fail": g.records.fail, "not_reported": g.records.not_reported, "not_applicable": g.records.not_applicable, "waived": g.records.waived},
                });
                for (k, x) in [
                    ("data_quality", g.data_quality),
                    ("not_judged", g.not_judged),
                    ("personal_data", g.personal_data),
                    ("providers_breaching_law", g.providers_breaching_law),
                ] {
                    if let Some(x) = x {
                        o[k] = json!(x);
                    }
                }
                o
            };
            v["statistics_by_test"] = st.tests.iter().map(group).collect();
            v["statistics_by_kind"] = st.kinds.iter().map(group).collect();
            v["statistics_built_in"] = st
                .built_in
                .iter()
                .map(|b| json!({"check": b.check, "kind": b.kind, "findings": b.findings, "providers": b.providers}))
                .collect();
            serde_json::to_string_pretty(&v)
                .expect("plain data")
                .replace('\n', "\n  ")
        }
        let set = carecheck_shipped::compile_rules().expect("embedded set");
        let ctx = Context::plain(&set);
        let empty = Summary::default();
        let n = set.standards.len() as u64;
        let busy = Summary {
            files: 7,
            invalid_files: 1,
            problems_to_fix: 3,
            not_assessments: 2,
            law_breaches: 8,
            data_quality: 4,
            personal_data: 1,
            errors: 11,
            warnings: 5,
            infos: 2,
            waived: 1,
            not_reported: 4,
            new: Some(6),
            persisting: Some(0),
            resolved: Some(9),
            skipped: crate::SkippedOut {
                hidden: 1,
                not_yaml: 2,
                excluded: 3,
                other_kind: 4,
            },
            per_standard: (0..n).map(|i| [i, i % 3, i % 5, i % 7, i % 2]).collect(),
            personal_data_guard_off: false,
            providers_failing: (0..n).map(|i| i % 3).collect(),
            providers_applicable: (0..n).map(|i| i % 4).collect(),
            tallies: busy_tallies(),
        };
        for summary in [&empty, &busy] {
            let got = String::from_utf8(render_summary(summary, &ctx)).expect("JSON is UTF-8");
            assert_eq!(got, reference(summary, &ctx));
        }
    }
}
