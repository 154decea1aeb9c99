//! The report's `summary` object, written by hand.
//!
//! Its bulk is the statistics of every standard (186 entries, each with its title): through
//! serde_json's generic serializer that list was a fifth of a one-file check's instructions
//! (benches/README.md). The keys are constants written in the alphabetical order the report
//! has always used; the few nested groups (per test, per kind, the built-in checks) still go
//! through serde_json with the same layout. `json::tests` holds the whole object to the
//! value it was first written as.

use serde::Serialize;

use super::file::{counts, number, string, through_serde, Level};
use crate::{Context, Summary};

/// The report's `summary` object (one level deep), with the statistics per standard, so a
/// national pass rate needs no second tool.
pub(super) fn render_summary(summary: &Summary, ctx: &Context<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024 + 600 * ctx.set.standards.len());
    let mut o = Level::open(&mut out, b'{', 2);
    count(&mut o, &mut out, "data_quality", Some(summary.data_quality));
    count(&mut o, &mut out, "errors", Some(summary.errors));
    count(&mut o, &mut out, "files", Some(summary.files));
    count(&mut o, &mut out, "infos", Some(summary.infos));
    count(&mut o, &mut out, "invalid_files", Some(summary.invalid_files));
    count(&mut o, &mut out, "law_breaches", Some(summary.law_breaches));
    count(&mut o, &mut out, "new", summary.new);
    count(&mut o, &mut out, "not_a_self_assessment", Some(summary.not_assessments));
    count(&mut o, &mut out, "not_reported", Some(summary.not_reported));
    count(&mut o, &mut out, "persisting", summary.persisting);
    count(&mut o, &mut out, "personal_data", Some(summary.personal_data));
    count(&mut o, &mut out, "problems_to_fix", Some(summary.problems_to_fix));
    count(&mut o, &mut out, "resolved", summary.resolved);
    let k = &summary.skipped;
    o.key(&mut out, "skipped");
    counts(
        &mut out,
        3,
        &[
            ("excluded", k.excluded as u64),
            ("hidden", k.hidden as u64),
            ("not_yaml", k.not_yaml as u64),
            ("other_kind", k.other_kind as u64),
        ],
    );
    o.key(&mut out, "statistics");
    per_standard(&mut out, summary, ctx);
    let stats = crate::statistics::Statistics::of(summary, ctx.set);
    o.key(&mut out, "statistics_built_in");
    let built_in: Vec<BuiltInOut> = stats
        .built_in
        .iter()
        .map(|b| BuiltInOut {
            check: b.check.clone(),
            findings: b.findings,
            kind: b.kind,
            providers: b.providers,
        })
        .collect();
    through_serde(&mut out, 2, &built_in);
    o.key(&mut out, "statistics_by_kind");
    through_serde(&mut out, 2, &stats.kinds.iter().map(group).collect::<Vec<_>>());
    o.key(&mut out, "statistics_by_test");
    through_serde(&mut out, 2, &stats.tests.iter().map(group).collect::<Vec<_>>());
    count(&mut o, &mut out, "waived", Some(summary.waived));
    count(&mut o, &mut out, "warnings", Some(summary.warnings));
    o.close(&mut out, b'}');
    out
}

/// A count under its key; `None` leaves the key out (a baseline's counts, without one).
fn count(o: &mut Level, out: &mut Vec<u8>, key: &str, n: Option<usize>) {
    if let Some(n) = n {
        o.key(out, key);
        number(out, n as u64);
    }
}

/// The `statistics` list: one entry per standard of the set, in the set's order.
fn per_standard(out: &mut Vec<u8>, summary: &Summary, ctx: &Context<'_>) {
    let mut list = Level::open(out, b'[', 3);
    for (i, s) in ctx.set.standards.iter().enumerate() {
        let c = summary.per_standard.get(i).copied().unwrap_or([0; 5]);
        let failing = summary.providers_failing.get(i).copied().unwrap_or(0);
        let applicable = summary.providers_applicable.get(i).copied().unwrap_or(0);
        let pass_rate = crate::statistics::Records {
            pass: c[0],
            fail: c[1],
            ..Default::default()
        }
        .pass_rate()
        .map(round3);
        let share_failing = if applicable == 0 {
            0.0
        } else {
            (failing as f64 * 1000.0 / applicable as f64).round() / 1000.0
        };
        list.item(out);
        let mut o = Level::open(out, b'{', 4);
        o.key(out, "pass_rate");
        through_serde(out, 4, &pass_rate);
        o.key(out, "providers_applicable");
        number(out, applicable);
        o.key(out, "providers_failing");
        number(out, failing);
        o.key(out, "records");
        counts(
            out,
            5,
            &[
                ("fail", c[1]),
                ("not_applicable", c[3]),
                ("not_reported", c[2]),
                ("pass", c[0]),
                ("waived", c[4]),
            ],
        );
        o.key(out, "severity");
        string(out, s.severity.as_str());
        o.key(out, "share_failing");
        through_serde(out, 4, &share_failing);
        o.key(out, "standard");
        string(out, &s.id);
        o.key(out, "status");
        string(out, s.status.name());
        o.key(out, "test");
        string(out, &s.test);
        o.key(out, "title");
        string(out, &s.title);
        o.close(out, b'}');
    }
    list.close(out, b']');
}

/// A share rounded to three decimals, as the report gives every share.
fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// A test's or a kind of provider's figures, as the report writes them.
fn group(g: &crate::statistics::GroupStat) -> GroupOut {
    GroupOut {
        data_quality: g.data_quality,
        key: g.key.clone(),
        label: g.label.clone(),
        law_breaches: g.law_breaches,
        not_judged: g.not_judged,
        personal_data: g.personal_data,
        provider_pass_rate: g.providers.pass_rate().map(round3),
        providers: ProvidersOut {
            failing: g.providers.failing,
            not_reported: g.providers.not_reported,
            passing: g.providers.passing,
        },
        providers_breaching_law: g.providers_breaching_law,
        record_pass_rate: g.records.pass_rate().map(round3),
        records: RecordsOut {
            fail: g.records.fail,
            not_applicable: g.records.not_applicable,
            not_reported: g.records.not_reported,
            pass: g.records.pass,
            waived: g.records.waived,
        },
    }
}

/// A built-in check's figures.
#[derive(Serialize)]
struct BuiltInOut {
    check: String,
    findings: u64,
    kind: &'static str,
    providers: u64,
}

/// A test's or a kind of provider's figures (the kind-only counts are left out for a test).
#[derive(Serialize)]
struct GroupOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    data_quality: Option<u64>,
    key: String,
    label: String,
    law_breaches: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    not_judged: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    personal_data: Option<u64>,
    provider_pass_rate: Option<f64>,
    providers: ProvidersOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    providers_breaching_law: Option<u64>,
    record_pass_rate: Option<f64>,
    records: RecordsOut,
}

#[derive(Serialize)]
struct ProvidersOut {
    failing: u64,
    not_reported: u64,
    passing: u64,
}

#[derive(Serialize)]
struct RecordsOut {
    fail: u64,
    not_applicable: u64,
    not_reported: u64,
    pass: u64,
    waived: u64,
}
