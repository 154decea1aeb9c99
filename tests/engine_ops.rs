//! The evaluator's operators and its three-valued logic, on a tiny set written here.

use carecheck_core::assessment::{self, LoadOptions};
use carecheck_core::engine::Engine;
use carecheck_core::finding::Outcome;
use carecheck_core::source::SourceFile;
use carecheck_core::standards::{self, SetFile};

const SET: &str = r#"
name = "ops"
version = "0"
[[tests]]
id = "care-for-every-child"
question = "q"
summary = "s"
[[tests]]
id = "childs-voice-heard"
question = "q"
summary = "s"
[[tests]]
id = "loving-relationships"
question = "q"
summary = "s"
[[tests]]
id = "child-development"
question = "q"
summary = "s"
[[tests]]
id = "least-restrictive"
question = "q"
summary = "s"
[[tests]]
id = "flexibility-by-age"
question = "q"
summary = "s"
[[tests]]
id = "access-to-opportunities"
question = "q"
summary = "s"
[parameters.month]
default = "rolling_month"
doc = "d"
"#;

/// The outcome of one requirement (for each child) on one file.
fn outcome(require: &str, yaml: &str) -> Outcome {
    outcome_with(
        require,
        "assessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}\nprovider: {kind: childrens_home}\n",
        yaml,
    )
}

/// The same with the file's own `assessment` and `provider` lines.
fn outcome_with(require: &str, head: &str, yaml: &str) -> Outcome {
    let std = format!(
        "id = \"T-1\"\ntitle = \"t\"\ntest = \"care-for-every-child\"\nstatus = \"review\"\nduty_holder = \"provider\"\nconfidence = \"verified\"\nrationale = \"r\"\nhelp = \"h\"\nmessage = \"m\"\nfor_each = \"children\"\nrequire = {require}\n[citation]\ninstrument = \"i\"\nprovision = \"p\"\n[[examples]]\nname = \"a\"\nexpect = \"pass\"\nyaml = \"provider: {{kind: childrens_home}}\"\n[[examples]]\nname = \"b\"\nexpect = \"fail\"\nyaml = \"provider: {{kind: childrens_home}}\"\n"
    );
    let files = vec![SetFile::new("set.toml", SET), SetFile::new("x/T-1-t.toml", std)];
    // a one-standard set: only this file's own problems matter (not test coverage)
    let (set, problems) =
        standards::load_partial(&files, "", &Vec::new()).unwrap_or_else(|_| panic!("set does not load"));
    let mine: Vec<_> = problems
        .iter()
        .filter(|f| f.source.name.contains("T-1"))
        .flat_map(|f| f.problems.iter())
        .collect();
    assert!(mine.is_empty() && set.standards.len() == 1, "{mine:#?}");
    let text = format!("schema_version: 1\n{head}{yaml}");
    let src = SourceFile::new("t.yaml", text.as_str());
    let a = assessment::load(&src, &LoadOptions::default()).unwrap();
    let ev = Engine::new(&set, None).evaluate(&a, &src, a.as_of.unwrap());
    let c = ev.counts[0];
    let all = [
        Outcome::Pass,
        Outcome::Fail,
        Outcome::NotReported,
        Outcome::NotApplicable,
        Outcome::Waived,
    ];
    Outcome::worst(all.iter().zip(c.iter()).filter(|(_, n)| **n > 0).map(|(o, _)| *o))
}

use Outcome::*;

const CHILD: &str = "children:\n  - {ref: C-1, age_years: 14, care: {provided: true}, siblings: {in_care: 2}}\n";

#[test]
fn absent_is_unknown_not_false() {
    assert_eq!(
        outcome(r#"{ field = "children.care.key_worker", is = true }"#, CHILD),
        NotReported
    );
    assert_eq!(
        outcome(
            r#"{ field = "children.care.key_worker", is = true, when_absent = true }"#,
            CHILD
        ),
        Pass
    );
    assert_eq!(
        outcome(
            r#"{ field = "children.care.key_worker", is = true, when_absent = false }"#,
            CHILD
        ),
        Fail
    );
    assert_eq!(
        outcome(r#"{ field = "children.care.key_worker", present = true }"#, CHILD),
        Fail
    );
    assert_eq!(
        outcome(r#"{ field = "children.care.key_worker", present = false }"#, CHILD),
        Pass
    );
}

#[test]
fn three_valued_all_any_not() {
    let t = r#"{ field = "children.care.provided", is = true }"#;
    let f = r#"{ field = "children.care.provided", is = false }"#;
    let u = r#"{ field = "children.care.key_worker", is = true }"#;
    assert_eq!(outcome(&format!("{{ all = [{t}, {u}] }}"), CHILD), NotReported);
    assert_eq!(outcome(&format!("{{ all = [{f}, {u}] }}"), CHILD), Fail);
    assert_eq!(outcome(&format!("{{ any = [{t}, {u}] }}"), CHILD), Pass);
    assert_eq!(outcome(&format!("{{ any = [{f}, {u}] }}"), CHILD), NotReported);
    assert_eq!(outcome(&format!("{{ any = [{f}, {f}] }}"), CHILD), Fail);
    assert_eq!(outcome(&format!("{{ not = {u} }}"), CHILD), NotReported);
    assert_eq!(outcome(&format!("{{ not = {f} }}"), CHILD), Pass);
}

#[test]
fn numbers_and_field_comparisons() {
    assert_eq!(
        outcome(
            r#"{ field = "children.age_years", at_least = 14, at_most = 14 }"#,
            CHILD
        ),
        Pass
    );
    assert_eq!(outcome(r#"{ field = "children.age_years", above = 14 }"#, CHILD), Fail);
    assert_eq!(outcome(r#"{ field = "children.age_years", below = 15 }"#, CHILD), Pass);
    assert_eq!(
        outcome(
            r#"{ field = "children.siblings.in_care", at_most = { field = "children.age_years" } }"#,
            CHILD
        ),
        Pass
    );
    assert_eq!(
        outcome(
            r#"{ field = "children.siblings.living_together", at_least = { field = "children.siblings.in_care" } }"#,
            CHILD
        ),
        NotReported
    );
}

#[test]
fn dates_offsets_and_units() {
    let y = "children:\n  - {ref: C-1, entered_care: 2026-01-30, health: {initial_assessment: 2026-02-28}}\n";
    assert_eq!(
        outcome(
            r#"{ field = "children.health.initial_assessment", no_later_than = { months = 1, after = "children.entered_care" } }"#,
            y
        ),
        Pass
    );
    // 30 January + 1 month clamps to 28 February; + 28 days is only 27 February
    assert_eq!(
        outcome(
            r#"{ field = "children.health.initial_assessment", no_later_than = { days = 28, after = "children.entered_care" } }"#,
            y
        ),
        Fail
    );
    assert_eq!(
        outcome(
            r#"{ field = "children.health.initial_assessment", no_later_than = { days = 29, after = "children.entered_care" } }"#,
            y
        ),
        Pass
    );
    assert_eq!(
        outcome(
            r#"{ field = "children.health.initial_assessment", no_later_than = { months = 1, after = "children.entered_care" } }"#,
            &y.replace("02-28", "03-01")
        ),
        Fail
    );
    assert_eq!(
        outcome(
            r#"{ field = "children.health.initial_assessment", no_later_than = { weeks = 4, after = "children.entered_care" } }"#,
            &y.replace("02-28", "02-27")
        ),
        Pass
    );
    assert_eq!(
        outcome(
            r#"{ field = "children.health.initial_assessment", no_earlier_than = { years = 1, before = "assessment.as_of" } }"#,
            y
        ),
        Pass
    );
    assert_eq!(
        outcome(
            r#"{ field = "children.health.initial_assessment", no_earlier_than = { after = "assessment.as_of" } }"#,
            y
        ),
        Fail
    );
}

/// A fixed day the law names (`after = "2011-10-01"`): only what was done after it is bound.
/// An absent date against it is unknown, never overdue: the day is no event to follow up.
#[test]
fn a_fixed_day_is_a_date_the_law_names() {
    let after_the_day = r#"{ field = "children.entered_care", no_earlier_than = { days = 1, after = "2011-10-01" } }"#;
    let on_or_before = r#"{ field = "children.entered_care", no_later_than = { after = "2011-10-01" } }"#;
    for (date, after) in [("2011-09-30", false), ("2011-10-01", false), ("2011-10-02", true)] {
        let y = format!("children:\n  - {{ref: C-1, entered_care: {date}}}\n");
        assert_eq!(outcome(after_the_day, &y), if after { Pass } else { Fail }, "{date}");
        assert_eq!(outcome(on_or_before, &y), if after { Fail } else { Pass }, "{date}");
    }
    // working days from a fixed day: 2011-10-01 was a Saturday, so 2 working days after it
    // end on Tuesday 4 October
    let two_working_days =
        r#"{ field = "children.entered_care", no_later_than = { working_days = 2, after = "2011-10-01" } }"#;
    assert_eq!(
        outcome(
            two_working_days,
            "children:\n  - {ref: C-1, entered_care: 2011-10-04}\n"
        ),
        Pass
    );
    assert_eq!(
        outcome(
            two_working_days,
            "children:\n  - {ref: C-1, entered_care: 2011-10-05}\n"
        ),
        Fail
    );
    // absent: not reported, though the "deadline" is long past
    assert_eq!(outcome(on_or_before, "children:\n  - {ref: C-1}\n"), NotReported);
}

#[test]
fn lists_counts_and_quantifiers() {
    let y = "children:\n  - ref: C-1\n    moves:\n      - {date: 2026-02-01, advocate_offered: true, school_changed: false}\n      - {date: 2026-03-01, advocate_offered: false, school_changed: true}\n";
    assert_eq!(
        outcome(
            r#"{ each = "children.moves", all = { field = "children.moves.advocate_offered", is = true } }"#,
            y
        ),
        Fail
    );
    assert_eq!(
        outcome(
            r#"{ each = "children.moves", any = { field = "children.moves.advocate_offered", is = true } }"#,
            y
        ),
        Pass
    );
    assert_eq!(
        outcome(
            r#"{ each = "children.moves", none = { field = "children.moves.date", no_later_than = { after = "assessment.as_of" }, is_not = "2026-03-01" } }"#,
            y
        ),
        Fail
    );
    assert_eq!(
        outcome(
            r#"{ count = "children.moves", where = { field = "children.moves.school_changed", is = true }, at_most = 1 }"#,
            y
        ),
        Pass
    );
    assert_eq!(outcome(r#"{ count = "children.moves", at_least = 3 }"#, y), Fail);
    assert_eq!(
        outcome(
            r#"{ count = "children.moves", at_least = 1 }"#,
            "children:\n  - {ref: C-1}\n"
        ),
        NotReported
    );
}

#[test]
fn date_series() {
    let y = |dates: &str| format!("children:\n  - {{ref: C-1, health: {{review_assessments: [{dates}]}}}}\n");
    let gaps = r#"{ field = "children.health.review_assessments", gaps_at_most = { months = 2, until = "assessment.as_of" } }"#;
    assert_eq!(outcome(gaps, &y("2026-02-15, 2026-04-15, 2026-06-15")), Pass);
    assert_eq!(outcome(gaps, &y("2026-02-15, 2026-04-16, 2026-06-15")), Fail);
    assert_eq!(
        outcome(gaps, &y("2026-02-15, 2026-04-15")),
        Fail,
        "the as-of date closes the series"
    );
    // second_within: the gap after the first date recorded on or after `from` has its own
    // limit; every later gap keeps the ordinary one
    let z = |entered: &str, dates: &str| {
        format!("children:\n  - {{ref: C-1, entered_care: {entered}, health: {{review_assessments: [{dates}]}}}}\n")
    };
    let second = r#"{ field = "children.health.review_assessments", gaps_at_most = { months = 6, from = "children.entered_care", second_within = { months = 3 } } }"#;
    assert_eq!(outcome(second, &z("2026-01-05", "2026-01-30, 2026-04-30")), Pass);
    assert_eq!(outcome(second, &z("2026-01-05", "2026-01-30, 2026-05-01")), Fail);
    assert_eq!(
        outcome(second, &z("2026-01-05", "2026-01-30")),
        Fail,
        "no second date: the as-of date closes the shorter gap"
    );
    assert_eq!(
        outcome(second, &z("2025-09-01", "2025-09-20, 2025-12-19, 2026-06-10")),
        Pass,
        "the third gap has the ordinary six months"
    );
    assert_eq!(
        outcome(second, &z("2025-09-01", "2025-09-20, 2025-12-22, 2026-06-10")),
        Pass,
        "a second gap that closed before the period is history"
    );
    assert_eq!(
        outcome(second, &z("2025-11-01", "2025-11-20, 2026-02-21, 2026-06-10")),
        Fail,
        "a second gap that closed inside the period is judged"
    );
    let second_blank = z("~", "2026-01-30, 2026-06-10");
    assert_eq!(
        outcome(second, &second_blank),
        outcome(gaps_six(), &second_blank),
        "no start given: the first date in the file is not taken for the first occasion"
    );
    let monthly = r#"{ field = "children.health.review_assessments", one_each_month = "calendar_month" }"#;
    let all_months = "2026-01-31, 2026-02-01, 2026-03-15, 2026-04-30, 2026-05-01, 2026-06-30";
    assert_eq!(outcome(monthly, &y(all_months)), Pass);
    assert_eq!(
        outcome(
            monthly,
            &y("2026-01-31, 2026-03-15, 2026-04-30, 2026-05-01, 2026-06-30")
        ),
        Fail
    );
    // rolling months: 31 January to 1 March is more than a month
    let rolling = r#"{ field = "children.health.review_assessments", one_each_month = { param = "month" } }"#;
    assert_eq!(
        outcome(
            rolling,
            &y("2026-01-31, 2026-02-28, 2026-03-28, 2026-04-28, 2026-05-28, 2026-06-28")
        ),
        Pass
    );
    assert_eq!(
        outcome(
            rolling,
            &y("2026-01-31, 2026-03-01, 2026-03-28, 2026-04-28, 2026-05-28, 2026-06-28")
        ),
        Fail
    );
    let contains = r#"{ field = "children.plans.care_plan.dimensions", contains = ["health", "identity"] }"#;
    assert_eq!(
        outcome(
            contains,
            "children:\n  - {ref: C-1, plans: {care_plan: {dimensions: [identity, health]}}}\n"
        ),
        Pass
    );
    assert_eq!(
        outcome(
            contains,
            "children:\n  - {ref: C-1, plans: {care_plan: {dimensions: [health]}}}\n"
        ),
        Fail
    );
}

#[test]
fn a_follow_up_without_a_date_fails_once_due_and_not_before() {
    let req = r#"{ field = "children.plans.placement_plan.date", no_later_than = { working_days = 5, after = "children.placement.start" } }"#;
    // (the file writes the optional field, blank, as the template does: it knows the field)
    let plan = "plans: {placement_plan: {date: null}}";
    // due long ago: no record that it was done
    assert_eq!(
        outcome(
            req,
            &format!("children:\n  - {{ref: C-1, placement: {{start: 2026-03-02}}, {plan}}}\n")
        ),
        Fail
    );
    // a file that never writes the optional field (the v1 reference format): missing
    // evidence, not a record that it was not done (audit v3 NFP11)
    assert_eq!(
        outcome(req, "children:\n  - {ref: C-1, placement: {start: 2026-03-02}}\n"),
        NotReported
    );
    // the deadline (the fifth working day) is the as-of date itself: not yet due
    assert_eq!(
        outcome(req, "children:\n  - {ref: C-1, placement: {start: 2026-06-23}}\n"),
        Pass
    );
    // the deadline was the day before the as-of date
    assert_eq!(
        outcome(
            req,
            &format!("children:\n  - {{ref: C-1, placement: {{start: 2026-06-22}}, {plan}}}\n")
        ),
        Fail
    );
    // the event itself not recorded: unknown
    assert_eq!(outcome(req, "children:\n  - {ref: C-1}\n"), NotReported);
    // `not_done` is a fail once due, and not yet a fail before
    assert_eq!(
        outcome(
            req,
            "children:\n  - {ref: C-1, placement: {start: 2026-03-02}, plans: {placement_plan: {date: not_done}}}\n"
        ),
        Fail
    );
    assert_eq!(
        outcome(
            req,
            "children:\n  - {ref: C-1, placement: {start: 2026-06-29}, plans: {placement_plan: {date: not_done}}}\n"
        ),
        Pass
    );
    // a recent-enough test with no anchor: a blank is missing evidence, not_done a fail
    let recent =
        r#"{ field = "children.health.sdq_date", no_earlier_than = { years = 1, before = "assessment.as_of" } }"#;
    assert_eq!(
        outcome(recent, "children:\n  - {ref: C-1, health: {sdq_date: null}}\n"),
        NotReported
    );
    assert_eq!(
        outcome(recent, "children:\n  - {ref: C-1, health: {sdq_date: not_done}}\n"),
        Fail
    );
}

#[test]
fn timestamps_are_due_by_the_start_of_the_as_of_day() {
    let req = r#"{ field = "incidents.restraint.recorded_at", no_later_than = { hours = 24, after = "incidents.restraint.occurred_at" } }"#;
    let rest = |at: &str| {
        format!("children: [{{ref: C-1}}]\nincidents:\n  restraint:\n    - {{child: C-1, occurred_at: \"{at}\"}}\n")
    };
    // as-of 2026-06-30 (British Summer Time: the day begins at 06-29T23:00Z): a restraint at
    // 2026-06-28T21:00Z was due by 06-29T21:00Z, before the as-of day began
    assert_eq!(outcome_incidents(req, &rest("2026-06-28T21:00:00+00:00")), Fail);
    // a restraint at 2026-06-29T10:00Z is due at 06-30T10:00Z, during the as-of day: not yet due
    assert_eq!(outcome_incidents(req, &rest("2026-06-29T10:00:00+00:00")), Pass);
}

/// Like [`outcome`], checked for each restraint.
fn outcome_incidents(require: &str, yaml: &str) -> Outcome {
    // the evaluator walks `children` in `outcome`; a restraint's fields are reached from it
    // through an each-quantifier
    let wrapped = format!(
        "{{ each = \"incidents.restraint\", where = {{ field = \"incidents.restraint.child\", is = {{ field = \"children.ref\" }} }}, all = {require} }}"
    );
    outcome(&wrapped, yaml)
}

#[test]
fn calendar_years_reach_back_to_the_first_of_january() {
    let req = r#"{ field = "children.health.sdq_date", no_earlier_than = { calendar_years = 1, before = "assessment.as_of" } }"#;
    assert_eq!(
        outcome(req, "children:\n  - {ref: C-1, health: {sdq_date: 2025-01-01}}\n"),
        Pass
    );
    assert_eq!(
        outcome(req, "children:\n  - {ref: C-1, health: {sdq_date: 2024-12-31}}\n"),
        Fail
    );
}

#[test]
fn a_law_standard_cannot_be_made_waivable() {
    let std = "id = \"T-1\"\ntitle = \"t\"\ntest = \"care-for-every-child\"\nstatus = \"law\"\nduty_holder = \"provider\"\nconfidence = \"verified\"\nwaivable = true\nrationale = \"r\"\nhelp = \"h\"\nmessage = \"m\"\nrequire = { field = \"home.missing_child_policy\", is = true }\n[citation]\ninstrument = \"i\"\nprovision = \"p\"\n";
    let files = vec![SetFile::new("set.toml", SET), SetFile::new("x/T-1-t.toml", std)];
    let (_, problems) = standards::load_partial(&files, "", &Vec::new()).unwrap_or_else(|_| panic!("set"));
    assert!(
        problems
            .iter()
            .flat_map(|f| f.problems.iter())
            .any(|p| p.message.contains("cannot be waivable")),
        "{problems:#?}"
    );
}

/// The message of the one finding a requirement gives (for each child), with `{detail}`.
fn message(require: &str, yaml: &str) -> String {
    let std = format!(
        "id = \"T-1\"\ntitle = \"t\"\ntest = \"care-for-every-child\"\nstatus = \"review\"\nduty_holder = \"provider\"\nconfidence = \"verified\"\nrationale = \"r\"\nhelp = \"h\"\nmessage = \"m ({{detail}})\"\nfor_each = \"children\"\nrequire = {require}\n[citation]\ninstrument = \"i\"\nprovision = \"p\"\n[[examples]]\nname = \"a\"\nexpect = \"pass\"\nyaml = \"provider: {{kind: childrens_home}}\"\n[[examples]]\nname = \"b\"\nexpect = \"fail\"\nyaml = \"provider: {{kind: childrens_home}}\"\n"
    );
    let files = vec![SetFile::new("set.toml", SET), SetFile::new("x/T-1-t.toml", std)];
    let (set, _) = standards::load_partial(&files, "", &Vec::new()).unwrap_or_else(|_| panic!("set does not load"));
    let text = format!("schema_version: 1\nassessment: {{as_of: 2026-06-30, period: {{start: 2026-01-01, end: 2026-06-30}}}}\nprovider: {{kind: childrens_home}}\n{yaml}");
    let src = SourceFile::new("t.yaml", text.as_str());
    let a = assessment::load(&src, &LoadOptions::default()).unwrap();
    let ev = Engine::new(&set, None).evaluate(&a, &src, a.as_of.unwrap());
    let f: Vec<_> = ev.findings.iter().filter(|f| f.standard == "T-1").collect();
    assert_eq!(f.len(), 1, "{:#?}", ev.findings);
    f[0].message.clone()
}

#[test]
fn a_date_recorded_as_not_done_names_its_field() {
    // with no deadline to judge it by, `not_done` still fails, and the sentence after "not
    // done." says which date, as an overdue one does
    let m = message(
        r#"{ field = "children.health.sdq_date", no_earlier_than = { years = 1, before = "assessment.as_of" } }"#,
        "children:\n  - {ref: C-1, health: {sdq_date: not_done}}\n",
    );
    assert!(
        m.contains("The `children[0].health.sdq_date` is recorded as not done"),
        "{m}"
    );
}

#[test]
fn a_failing_any_gives_the_reason_of_a_part_that_has_one() {
    // the first alternative is a `not` over an `all` that held: it fails with nothing to
    // say; the second names the number that failed, and the message must carry it
    let m = message(
        r#"{ any = [
  { not = { all = [
    { field = "children.care.provided", is = true },
    { field = "children.age_years", at_least = 10 },
  ] } },
  { field = "children.siblings.in_care", at_most = 1 },
] }"#,
        CHILD,
    );
    assert_ne!(m, "m ()", "the reason is empty");
    assert!(m.contains('2') && m.contains('1'), "{m}");
}

/// Of an `any`'s failing branches, the one whose guards held speaks: the older placement's
/// over-long gap, not the newer placement's start date that the first branch wanted.
#[test]
fn a_failing_any_speaks_for_the_branch_that_got_furthest() {
    let rule = r#"{ any = [
  { all = [
    { field = "children.placement.start", no_earlier_than = { years = 1, before = "assessment.as_of" } },
    { field = "children.health.review_assessments", gaps_at_most = { weeks = 6 } },
  ] },
  { all = [
    { field = "children.placement.start", no_later_than = { years = 1, before = "assessment.as_of" } },
    { field = "children.health.review_assessments", gaps_at_most = { months = 3 } },
  ] },
] }"#;
    let m = message(
        rule,
        "children:\n  - {ref: C-1, placement: {start: 2020-01-06}, health: {review_assessments: [2026-01-10, 2026-05-20]}}\n",
    );
    assert!(
        m.contains("10 January 2026 to 20 May 2026") || m.contains("2026-01-10 to 2026-05-20"),
        "{m}"
    );
    assert!(!m.contains("placement"), "the new placement's branch spoke: {m}");
    // a first part that is one test is the requirement, the later parts its exceptions:
    // the requirement speaks, however far an exception got
    let m = message(
        r#"{ any = [
  { field = "children.siblings.in_care", at_most = 1 },
  { all = [
    { field = "children.care.provided", is = true },
    { field = "children.age_years", at_least = 16 },
  ] },
] }"#,
        CHILD,
    );
    assert!(m.contains('2') && !m.contains("16"), "{m}");
}

/// `at_first`: a gap that opens before the day it names has the stricter limit, one that
/// opens on or after it the ordinary one (CPPCR 2010 reg 28(2): six weeks in a placement's
/// first year, then three months).
#[test]
fn a_series_can_be_stricter_while_it_is_new() {
    let rule = r#"{ field = "children.health.review_assessments", gaps_at_most = { months = 3, at_first = { weeks = 6, until = { years = 1, after = "children.placement.start" } } } }"#;
    let y = |start: &str, dates: &str| {
        format!(
            "children:\n  - {{ref: C-1, placement: {{start: {start}}}, health: {{review_assessments: [{dates}]}}}}\n"
        )
    };
    // the first anniversary, 1 March 2026, falls inside the period (from 1 January)
    assert_eq!(
        outcome(rule, &y("2025-03-01", "2026-01-05, 2026-02-14, 2026-03-27, 2026-06-20")),
        Pass,
        "six weeks until the anniversary, then three months"
    );
    assert_eq!(
        outcome(rule, &y("2025-03-01", "2026-01-05, 2026-02-20, 2026-05-15")),
        Fail,
        "a gap of more than six weeks inside the first year"
    );
    assert_eq!(
        outcome(rule, &y("2025-03-01", "2026-01-05, 2026-02-14, 2026-03-29, 2026-06-20")),
        Fail,
        "a gap that opened in the first year keeps its six weeks after the anniversary"
    );
    assert_eq!(
        outcome(rule, &y("2024-03-01", "2026-01-05, 2026-03-20, 2026-06-15")),
        Pass,
        "long past the first year: three months"
    );
    assert_eq!(
        outcome(rule, &y("~", "2026-01-05, 2026-03-20, 2026-06-15")),
        NotReported,
        "without the placement's start the first year's end is not known"
    );
}

/// A monthly duty (any list read with `one_each_month`) is owed for every complete month
/// from the later of the period's start and the registration date: not for a month before
/// the home was registered, not for the part-month where the period or the registration
/// starts, and a date outside a month never stands for it (audit v3 B6, B11).
#[test]
fn monthly_duties_run_only_in_complete_months_of_registration() {
    let y = |dates: &str| format!("children:\n  - {{ref: C-1, health: {{review_assessments: [{dates}]}}}}\n");
    let monthly = r#"{ field = "children.health.review_assessments", one_each_month = "calendar_month" }"#;
    let head = |start: &str, reg: &str| {
        format!(
            "assessment: {{as_of: 2026-06-30, period: {{start: {start}, end: 2026-06-30}}}}\nprovider: {{kind: childrens_home{reg}}}\n"
        )
    };
    let registered = |d: &str| format!(", registration: {{urn: SC1, status: registered, date: {d}}}");
    // registered on 20 March: January and February are not owed, nor the rest of March
    let from_april = "2026-04-10, 2026-05-10, 2026-06-10";
    assert_eq!(
        outcome_with(monthly, &head("2026-01-01", &registered("2026-03-20")), &y(from_april)),
        Pass
    );
    assert_eq!(
        outcome_with(monthly, &head("2026-01-01", &registered("2026-03-01")), &y(from_april)),
        Fail,
        "registered on the 1st: March is a whole month of registration"
    );
    assert_eq!(
        outcome_with(
            monthly,
            &head("2026-01-01", &registered("2026-03-20")),
            &y("2026-04-10, 2026-06-10")
        ),
        Fail,
        "May is still owed"
    );
    // registered before the period: the period decides
    assert_eq!(
        outcome_with(monthly, &head("2026-01-01", &registered("2020-05-05")), &y(from_april)),
        Fail
    );
    // a period starting on the 15th: January is a part-month, February on is owed
    let from_feb = "2026-02-10, 2026-03-10, 2026-04-10, 2026-05-10, 2026-06-10";
    assert_eq!(outcome_with(monthly, &head("2026-01-15", ""), &y(from_feb)), Pass);
    assert_eq!(
        outcome_with(
            monthly,
            &head("2026-01-15", ""),
            &y("2026-01-10, 2026-03-10, 2026-04-10, 2026-05-10, 2026-06-10")
        ),
        Fail,
        "a date before the period does not stand for February"
    );
}

/// `not_done` as an item of a list says the thing never happened: every test that reads a
/// list judges it at least as badly as an empty list, never as missing evidence (audit v3
/// B10).
#[test]
fn not_done_in_a_list_is_never_better_than_an_empty_list() {
    let y = |dates: &str| format!("children:\n  - {{ref: C-1, health: {{review_assessments: [{dates}]}}}}\n");
    let count = r#"{ count = "children.health.review_assessments", where = { field = "children.health.review_assessments", no_earlier_than = { months = 6, before = "assessment.as_of" } }, at_least = 1 }"#;
    assert_eq!(outcome(count, &y("")), Fail);
    assert_eq!(outcome(count, &y("not_done")), Fail);
    assert_eq!(outcome(count, &y("2025-01-01, not_done")), Fail);
    assert_eq!(outcome(count, &y("2026-03-01, not_done")), Pass);
    let each = r#"{ each = "children.health.review_assessments", all = { field = "children.health.review_assessments", no_earlier_than = { years = 1, before = "assessment.as_of" } } }"#;
    assert_eq!(outcome(each, &y("2026-03-01, not_done")), Fail);
    let any = r#"{ each = "children.health.review_assessments", any = { field = "children.health.review_assessments", no_earlier_than = { years = 1, before = "assessment.as_of" } } }"#;
    assert_eq!(outcome(any, &y("not_done")), Fail);
    let gaps = r#"{ field = "children.health.review_assessments", gaps_at_most = { months = 4 } }"#;
    assert_eq!(outcome(gaps, &y("not_done")), outcome(gaps, &y("")));
    let monthly = r#"{ field = "children.health.review_assessments", one_each_month = "calendar_month" }"#;
    assert_eq!(outcome(monthly, &y("not_done")), Fail);
    // a blank item is still missing evidence, not a record that it was not done
    assert_eq!(outcome(count, &y("null")), NotReported);
}

/// The ordinary six-month series, the yardstick of `second_within` without a start.
fn gaps_six() -> &'static str {
    r#"{ field = "children.health.review_assessments", gaps_at_most = { months = 6, from = "children.entered_care" } }"#
}
