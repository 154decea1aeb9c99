//! `standards lint` on a deliberately broken draft reports every planted mistake, with its
//! line, in one run (tests/fixtures/broken-standards/README.md lists them); the shipped set
//! lints clean.

use std::path::Path;

use carecheck_core::finding::Severity;
use carecheck_core::lint::lint;
use carecheck_core::standards::read_dir;

fn report(dir: &str) -> carecheck_core::lint::LintReport {
    let files = read_dir(Path::new(dir)).unwrap();
    lint(&files, dir).unwrap()
}

#[test]
fn every_planted_mistake_is_reported_in_one_run() {
    let r = report("tests/fixtures/broken-standards");
    let has = |file: &str, line: usize, text: &str| {
        r.items.iter().any(|i| {
            i.severity == Severity::Error && i.file.ends_with(file) && i.line == line && i.message.contains(text)
        })
    };
    let expected = [
        ("CARE-001-setting-registered.toml", 2, "TOML syntax error"),
        ("CARE-004-statement-of-purpose-notified.toml", 2, "unknown key `titel`"),
        (
            "VOICE-012-wishes-and-feelings-recorded.toml",
            1,
            "duplicate standard id `VOICE-001`",
        ),
        (
            "REL-010-workforce-stability.toml",
            1,
            "id `rel_10` is not a well-formed standard id",
        ),
        ("REL-003-close-to-home.toml", 3, "`loving-relationship` is not one of"),
        (
            "DEV-005-gp-and-dentist-registered.toml",
            19,
            "`children.health.gp_registred` is not a field",
        ),
        (
            "DEV-005-gp-and-dentist-registered.toml",
            24,
            "citation: unknown key `waivable`",
        ),
        (
            "LR-003-restraint-recorded-within-24-hours.toml",
            19,
            "`no_later_than` needs a date or timestamp field",
        ),
        ("REL-001-siblings-together.toml", 19, "unknown placeholder `{chld}`"),
        (
            "LR-008-serious-events-notified-to-ofsted.toml",
            21,
            "parameter `notify_hours` is not defined",
        ),
        (
            "AGE-004-voluntary-16-plus-plan-agreed.toml",
            27,
            "min 17 is above max 16",
        ),
        ("DEV-001-initial-health-assessment.toml", 1, "has no `citation`"),
        (
            "AGE-001-no-under-16-in-supported-accommodation.toml",
            1,
            "has no failing example",
        ),
        (
            "LR-001-deprivation-of-liberty-authorised.toml",
            70,
            "expected pass, gave fail",
        ),
        (
            "VOICE-001-independent-visits-monthly.toml",
            5,
            "severity `error` is kept for legal duties of the provider",
        ),
        ("set.toml", 43, "test `access-to-opportunities` has no standard"),
    ];
    let missing: Vec<_> = expected.iter().filter(|(f, l, t)| !has(f, *l, t)).collect();
    assert!(
        missing.is_empty(),
        "not reported: {missing:#?}\nreported: {:#?}",
        r.items
            .iter()
            .map(|i| (&i.file, i.line, &i.message))
            .collect::<Vec<_>>()
    );
    // and the suggestions that make them fixable
    assert!(r
        .items
        .iter()
        .any(|i| i.help.as_deref() == Some("did you mean `title`?")));
    assert!(r
        .items
        .iter()
        .any(|i| i.help.as_deref() == Some("did you mean `children.health.gp_registered`?")));
    assert!(r
        .items
        .iter()
        .any(|i| i.help.as_deref() == Some("did you mean `{child}`?")));
    assert!(r
        .items
        .iter()
        .any(|i| i.help.as_deref() == Some("did you mean `notify_without_delay_hours`?")));
    assert!(r
        .items
        .iter()
        .any(|i| i.help.as_deref() == Some("did you mean `loving-relationships`?")));
}

#[test]
fn the_shipped_set_lints_clean() {
    let r = report("standards");
    assert_eq!(
        r.items.len(),
        0,
        "{:#?}",
        r.items
            .iter()
            .map(|i| (&i.file, i.line, &i.message))
            .collect::<Vec<_>>()
    );
    assert!(r.standards >= 60);
    assert!(r.examples >= 2 * r.standards);
}

#[test]
fn root_causes_come_without_their_echoes() {
    let r = report("tests/fixtures/broken-standards");
    let messages = |file: &str| -> Vec<String> {
        r.items
            .iter()
            .filter(|i| i.file.ends_with(file))
            .map(|i| i.message.clone())
            .collect()
    };
    // a misspelt key, not also "`title` is missing"
    let care4 = messages("CARE-004-statement-of-purpose-notified.toml");
    assert_eq!(care4.len(), 1, "{care4:?}");
    // a malformed id, not also a file name that does not match it
    let rel10 = messages("REL-010-workforce-stability.toml");
    assert_eq!(rel10.len(), 1, "{rel10:?}");
    // a stray file: one diagnostic naming what it is
    let notes = messages("notes.toml");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("is not a standard"));
    // an unknown for_each lists the lists that exist
    let lr99: Vec<_> = r
        .items
        .iter()
        .filter(|i| i.file.ends_with("LR-099-for-each-typo.toml"))
        .collect();
    assert_eq!(lr99.len(), 1);
    assert!(
        lr99[0].help.as_deref().unwrap().contains("children.moves"),
        "{:?}",
        lr99[0].help
    );
    // parameters the broken standards name are not "unused"
    assert!(!r.items.iter().any(|i| i
        .message
        .contains("`notify_without_delay_hours` is defined but no standard uses it")));
    // rule ids name the problem
    let codes: Vec<&str> = r.items.iter().map(|i| i.code).collect();
    for c in [
        "toml-syntax",
        "unknown-key",
        "bad-id",
        "duplicate-id",
        "unknown-field",
        "unknown-placeholder",
        "unknown-parameter",
        "example-failed",
        "not-a-standard",
    ] {
        assert!(codes.contains(&c), "{c} not among {codes:?}");
    }
    // did-you-mean never suggests the word written
    assert!(r.items.iter().all(|i| i.help.as_deref().is_none_or(|h| {
        let said = i.message.split('`').nth(1).unwrap_or("\u{0}");
        !h.contains(&format!("did you mean `{said}`"))
    })));
}

/// `[[citation.provisions]]`: each provision's own confidence; a standard claiming more
/// confidence than its best-seen provision, a confidence word that does not exist and a
/// misspelt key are each reported at their line.
#[test]
fn per_provision_confidence_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["set.toml", "bank-holidays.toml"] {
        std::fs::copy(Path::new("standards").join(f), dir.path().join(f)).unwrap();
    }
    let sub = dir.path().join("care-for-every-child");
    std::fs::create_dir(&sub).unwrap();
    let standard = r#"id = "CARE-090"
title = "A test standard"
test = "care-for-every-child"
status = "law"
duty_holder = "provider"
confidence = "verified"
rationale = "Why."
help = "What to do."
message = "Not registered"
require = { field = "provider.registration.status", is = "registered" }

[citation]
instrument = "Care Standards Act 2000"
provision = "s.11; s.14A"

[[citation.provisions]]
provision = "s.11"
confidence = "secondary"

[[citation.provisions]]
provision = "s.14A"
confidence = "unverified"
urll = "https://www.legislation.gov.uk/ukpga/2000/14/section/14A"

[[citation.provisions]]
provision = "s.22B"
confidence = "certain"

[[examples]]
name = "registered"
expect = "pass"
yaml = """
provider: {kind: childrens_home, registration: {status: registered}}
"""

[[examples]]
name = "not registered"
expect = "fail"
yaml = """
provider: {kind: childrens_home, registration: {status: none}}
"""
"#;
    std::fs::write(sub.join("CARE-090-test.toml"), standard).unwrap();
    let d = dir.path().to_str().unwrap();
    let r = report(d);
    let ours = |r: &carecheck_core::lint::LintReport| {
        r.items
            .iter()
            .filter(|i| i.file.ends_with("CARE-090-test.toml"))
            .map(|i| (i.line, i.message.clone()))
            .collect::<Vec<_>>()
    };
    let items = ours(&r);
    let has = |line: usize, text: &str| items.iter().any(|(l, m)| *l == line && m.contains(text));
    let all = || {
        items
            .iter()
            .map(|(l, m)| format!("{l}: {m}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        has(
            6,
            "confidence `verified` is stronger than any of the provisions cited (the best is `secondary`)"
        ),
        "{}",
        all()
    );
    assert!(has(23, "citation.provisions[1]: unknown key `urll`"), "{}", all());
    assert!(has(27, "`certain` is not one of"), "{}", all());
    // lowered to the best provision's confidence, and the two mistakes fixed, it is clean
    let fixed = standard
        .replace(
            "confidence = \"verified\"\nrationale",
            "confidence = \"secondary\"\nrationale",
        )
        .replace("urll", "url")
        .replace("\"certain\"", "\"verified\"");
    std::fs::write(sub.join("CARE-090-test.toml"), fixed).unwrap();
    let r = report(d);
    assert!(ours(&r).is_empty(), "{:#?}", ours(&r));
}

/// An example that cannot run says why as a typed error whose words are the ones lint
/// shows ("could not run: example YAML line L, column C: ...").
#[test]
fn an_example_that_cannot_run_says_where() {
    use carecheck_core::selftest::{run_example, ExampleError};
    use carecheck_core::source::Span;
    let set = carecheck_shipped::whole_set(&Vec::new()).unwrap();
    let mut e = set.standards[0].examples[0].clone();
    e.yaml = "provider: {kind: childrens_home}\nchildren: [\n".into();
    e.span = Span::new(0, 1);
    let err = run_example(&set, 0, &e).unwrap_err();
    let ExampleError::Yaml(problems) = &err else {
        panic!("not a YAML error: {err:?}")
    };
    assert!(!problems.is_empty());
    assert!(problems.iter().all(|(line, column, _)| *line >= 1 && *column >= 1));
    let text = err.to_string();
    assert!(text.starts_with("example YAML line "), "{text}");
    assert_eq!(text.matches("example YAML line ").count(), problems.len(), "{text}");
    assert_eq!(ExampleError::NoAsOf.to_string(), "the example has no as_of");
    let two = ExampleError::Yaml(vec![(1, 2, "a".into()), (3, 4, "b".into())]);
    assert_eq!(
        two.to_string(),
        "example YAML line 1, column 2: a; example YAML line 3, column 4: b"
    );
    use carecheck_core::lint::LintError;
    assert_eq!(LintError::Problems(2).to_string(), "2 file(s) with problems");
    assert_eq!(
        LintError::Unreadable("cannot read `x`".into()).to_string(),
        "cannot read `x`"
    );
}
