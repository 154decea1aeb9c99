//! The domain audit's Appendix A, case by case: a fully compliant children's home, then one
//! change at a time, each giving the result the audit says it should. Also the engine bugs
//! of the correctness audit (empty lists, insane periods, future evidence, exceptions,
//! rolling months).
//!
//! The baseline is the audit's own, with the fields the standards added since (first and
//! latest checks, social worker visits, sanction follow-ups, the registration date) filled
//! in as a compliant home would, so that it still gives no finding at all.

use std::process::Command;

use serde_json::Value;

const BASELINE: &str = r#"schema_version: 1
assessment:
  as_of: 2026-06-30
  period: {start: 2026-01-01, end: 2026-06-30}
  prepared_by_role: registered_manager
provider:
  name: Example Care Ltd
  registration: {urn: "SC123456", status: registered, date: 2019-05-01}
  kind: childrens_home
  sector: private
home:
  ref: H-01
  statement_of_purpose:
    last_revised: 2026-02-10
    notified_hmci: 2026-02-20
    published_on_website: true
    age_range: {min: 10, max: 17}
    max_children: 3
    needs_catered: [emotional_behavioural, cse_risk]
    identity_arrangements: true
  childrens_guide: {exists: true, covers_complaints: true, covers_advocacy: true, age_appropriate: true}
  provides_day_to_day_care: true
  staffing_model: 24h_on_site
  delegated_authority_by_default: true
  advocacy: {independent_service: true}
  safeguarding_policy: true
  anti_bullying_policy: true
  missing_child_policy: true
  records_kept: [register_of_children, staff_record, duty_roster, actual_rosters, visitors]
  child_protection_policies_monitored: 2026-01-12
  behaviour_management_policy: true
  behaviour_management_policy_reviewed: 2026-01-12
  premises:
    - ref: P-01
      location_assessment: {date: 2025-11-03, consulted: [police, host_la]}
  manager: {registered: true, appointed: 2024-09-01, l5_status: in_progress}
oversight:
  reg44:
    visitor: {employed_by_provider: false, conflicts_declared: []}
    visits:
      - {date: 2026-01-14, report_sent_hmci: 2026-01-30, opinion_safeguarded: true, opinion_wellbeing_promoted: true, independent_person_access: given}
      - {date: 2026-02-11, report_sent_hmci: 2026-02-25, opinion_safeguarded: true, opinion_wellbeing_promoted: true, independent_person_access: given}
      - {date: 2026-03-11, report_sent_hmci: 2026-03-25, opinion_safeguarded: true, opinion_wellbeing_promoted: true, independent_person_access: given}
      - {date: 2026-04-11, report_sent_hmci: 2026-04-25, opinion_safeguarded: true, opinion_wellbeing_promoted: true, independent_person_access: given}
      - {date: 2026-05-11, report_sent_hmci: 2026-05-25, opinion_safeguarded: true, opinion_wellbeing_promoted: true, independent_person_access: given}
      - {date: 2026-06-11, report_sent_hmci: 2026-06-25, opinion_safeguarded: true, opinion_wellbeing_promoted: true, independent_person_access: given}
  reg45:
    reviews:
      - {completed: 2025-10-01, report_to_hmci: 2025-10-20, views_sought: {children: true, parents: true, placing_authorities: true, staff: true}}
      - {completed: 2026-03-31, report_to_hmci: 2026-04-20, views_sought: {children: true, parents: true, placing_authorities: true, staff: true}}
workforce:
  staff:
    - ref: S-19B2
      role: residential_worker
      care_role_start: 2025-03-01
      l3_status: in_progress
      dbs: {level: enhanced_with_barred_list, date: 2025-02-10, update_service: true}
      references: 2
      employment_gaps_explained: true
      disqualification_declaration: 2025-02-10
      id_verified: true
      supervisions: [2025-12-15, 2026-02-09, 2026-04-06, 2026-06-01]
      last_appraisal: 2026-02-20
  turnover_pct_12m: 18.0
children:
  - ref: C-7F3A
    age_years: 14
    legal_basis: care_order
    case_record: [name, date_of_birth_and_sex, religion, ethnicity_culture_and_language, address_before_admission, statutory_basis, placing_authority_contact, parents_details, social_worker_contact, school_or_college_contact]
    entered_care: 2025-09-15
    primary_needs: [emotional_behavioural]
    disabled: false
    care: {provided: true, key_worker: true}
    placement:
      start: 2025-10-01
      emergency: false
      outside_la_area: false
      nominated_officer_approved: true
      travel_minutes_to_home: 20
    social_worker: {visits: [2025-10-06, 2025-11-14, 2025-12-22, 2026-01-30, 2026-03-10, 2026-04-17, 2026-05-26]}
    siblings: {in_care: 0, living_together: 0}
    delegated_authority: {haircuts: carer, overnight_stays: carer, school_trips: carer, routine_dental: carer, routine_medical: social_worker, uk_holidays: carer}
    plans:
      care_plan: {date: 2025-09-20, dimensions: [health, education, emotional_behavioural, identity, family_social, social_presentation, self_care, permanence], iro_named: true, agreed_with: parents, includes_placement_plan: true}
      placement_plan: {date: 2025-10-03, signed_by_home: true, wishes_ascertained: true, contact_arrangements: true, gp_dentist_named: true, designated_teacher_named: true, day_to_day_care: true}
      independence_plan: 2026-05-01
    voice:
      views_recorded_on: 2026-05-02
      statutory_reviews: [2025-10-10, 2026-01-09, 2026-06-26]
      advocacy: {offered_on_entry: 2025-09-16, status: has_advocate}
      reviews:
        - {date: 2025-10-10, significant_decision: false, advocate_input: true, child_self_represented: false}
    moves:
      - {date: 2025-10-01, child_notified: 2025-09-26, emergency: false, advocate_offered: true, school_changed: false}
    health:
      initial_assessment: 2025-10-09
      medicines: {prescribed: true, stored_securely: true, administration_recorded: true}
      review_assessments: [2026-04-02]
      sdq_date: 2025-11-01
      gp_registered: true
      dentist_registered: true
      last_dental_check: 2026-01-20
      immunisations_recorded: true
    education:
      status: on_roll_full_time
      pep_reviews: [2025-09-25, 2026-01-15, 2026-05-10]
      internet_access: true
      days_without_place_period: 0
    safety:
      continuous_supervision_and_control: false
      free_to_leave: true
incidents:
  restraint:
    - {child: C-7F3A, occurred_at: "2026-02-03T19:40:00+00:00", purpose: prevent_injury,
       necessary_and_proportionate: true, alternatives_tried: true,
       recorded_at: "2026-02-03T22:10:00+00:00", user_debrief_at: "2026-02-04T10:00:00+00:00", child_debrief_at: "2026-02-05T16:00:00+00:00"}
  sanctions:
    - {child: C-7F3A, date: 2026-02-04, type: loss_of_privilege_short, recorded_on: 2026-02-04, reviewed_on: 2026-02-05, child_spoken_to_on: 2026-02-06}
  missing:
    - {child: C-7F3A, returned_at: "2026-03-02T01:30:00+00:00", return_interview_offered_at: "2026-03-03T15:00:00+00:00"}
  notifications:
    - {child: C-7F3A, type: serious_police_incident, occurred_at: "2026-03-01T23:00:00+00:00",
       notified_ofsted_at: "2026-03-02T09:15:00+00:00", notified_placing_la_at: "2026-03-02T09:00:00+00:00"}
exceptions: []
"#;

/// The baseline with each `(old, new)` replaced; `old` must occur exactly once.
fn with(changes: &[(&str, &str)]) -> String {
    let mut s = BASELINE.to_string();
    for (old, new) in changes {
        assert_eq!(s.matches(old).count(), 1, "`{old}` must occur once in the baseline");
        s = s.replacen(old, new, 1);
    }
    s
}

struct Run {
    code: i32,
    findings: Vec<Value>,
    errors: Vec<Value>,
}

impl Run {
    /// The outcome of a standard's findings, joined (`fail`, `not_reported`...), or `none`.
    fn outcomes(&self, id: &str) -> Vec<String> {
        self.findings
            .iter()
            .filter(|f| f["standard"] == id)
            .map(|f| f["outcome"].as_str().unwrap_or("?").to_string())
            .collect()
    }
    fn fails(&self, id: &str) -> bool {
        self.outcomes(id).iter().any(|o| o == "fail")
    }
    fn show(&self) -> String {
        let mut s = format!("exit {}\n", self.code);
        for f in &self.findings {
            s.push_str(&format!("  {} {} {}\n", f["standard"], f["outcome"], f["message"]));
        }
        for e in &self.errors {
            s.push_str(&format!("  load error: {e}\n"));
        }
        s
    }
}

fn check(yaml: &str, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sa.yaml");
    std::fs::write(&p, yaml).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .arg("check")
        .arg(&p)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("the binary runs");
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    let file = &v["files"][0];
    Run {
        code: out.status.code().unwrap_or(-1),
        findings: file["findings"].as_array().cloned().unwrap_or_default(),
        errors: file["errors"].as_array().cloned().unwrap_or_default(),
    }
}

#[track_caller]
fn expect_fail(r: &Run, id: &str) {
    assert!(r.fails(id), "{id} should fail:\n{}", r.show());
}

#[track_caller]
fn expect_no_fail(r: &Run, id: &str) {
    // a file that did not load was never judged: that proves nothing
    assert!(r.errors.is_empty(), "the file must load:\n{}", r.show());
    assert!(
        !r.fails(id) && !r.outcomes(id).iter().any(|o| o == "waived"),
        "{id} should not fail:\n{}",
        r.show()
    );
}

#[test]
fn the_baseline_is_clean() {
    let r = check(BASELINE, &[]);
    assert_eq!(r.code, 0, "{}", r.show());
    assert!(r.findings.is_empty(), "{}", r.show());
}

// ---- FALSE POSITIVES: compliant providers must not be flagged ----------------------------

#[test]
fn fp1_a_renewed_declaration_is_not_none_before_starting() {
    let r = check(
        &with(&[
            (
                "care_role_start: 2025-03-01
      l3_status: in_progress",
                "care_role_start: 2019-03-01
      l3_status: held",
            ),
            (
                "disqualification_declaration: 2025-02-10",
                "disqualification_declaration: 2025-09-01",
            ),
            (
                "dbs: {level: enhanced_with_barred_list, date: 2025-02-10,",
                "dbs: {level: enhanced_with_barred_list, date: 2019-02-10,",
            ),
        ]),
        &[],
    );
    expect_no_fail(&r, "LR-014");
    assert!(
        r.findings
            .iter()
            .all(|f| f["severity"] != "error" || f["outcome"] != "fail"),
        "{}",
        r.show()
    );
    assert!(r.outcomes("ambiguous-date").len() == 1, "{}", r.show());
}

#[test]
fn fn10_a_dbs_check_after_starting_is_flagged() {
    // the first certificate is dated after the start, and a later renewal is recorded
    let r = check(
        &with(&[(
            "date: 2025-02-10, update_service: true}",
            "date: 2025-09-01, latest_date: 2025-09-01, update_service: true}",
        )]),
        &[],
    );
    expect_fail(&r, "LR-013");
    // with no renewal date it may be a renewal: never a pass, never read as a late check
    let r = check(
        &with(&[(
            "date: 2025-02-10, update_service: true}",
            "date: 2025-09-01, update_service: true}",
        )]),
        &[],
    );
    assert_eq!(r.outcomes("LR-013"), ["not_reported"], "{}", r.show());
}

#[test]
fn fp2_local_authority_fostering_is_not_registrable() {
    let r = check(
        &with(&[
            ("kind: childrens_home", "kind: fostering_service"),
            ("sector: private", "sector: local_authority"),
            ("status: registered, date: 2019-05-01}", "status: none}"),
        ]),
        &["--select", "CARE-001"],
    );
    expect_no_fail(&r, "CARE-001");
}

#[test]
fn fp3_four_siblings_in_one_household() {
    let yaml = "schema_version: 1\nassessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}\nprovider: {kind: fostering_service, registration: {status: registered}}\nfoster_carer_households:\n  - {ref: FC-1, approval: {terms: {age_min: 0, age_max: 17, max_children: 4}}, usual_limit_exemption: false}\nchildren:\n  - {ref: C-1, household: FC-1, age_years: 8, siblings: {in_care: 3, living_together: 3}}\n  - {ref: C-2, household: FC-1, age_years: 9, siblings: {in_care: 3, living_together: 3}}\n  - {ref: C-3, household: FC-1, age_years: 10, siblings: {in_care: 3, living_together: 3}}\n  - {ref: C-4, household: FC-1, age_years: 12, siblings: {in_care: 3, living_together: 3}}\n";
    let r = check(yaml, &["--select", "CARE-009"]);
    expect_no_fail(&r, "CARE-009");
}

#[test]
fn w4_one_emergency_window_for_numbers_and_ages() {
    let house = "schema_version: 1\nassessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}\nprovider: {kind: fostering_service}\nfoster_carer_households:\n  - {ref: FC-1, approval: {terms: {age_min: 0, age_max: 12, max_children: 1}}}\nchildren:\n  - {ref: C-1, household: FC-1, age_years: 8, placement: {start: 2025-10-01, emergency: false}}\n";
    // a second child placed in an emergency two days ago: lawful for now
    let r = check(
        &format!("{house}  - {{ref: C-2, household: FC-1, age_years: 9, placement: {{start: 2026-06-26, emergency: true}}}}\n"),
        &["--select", "CARE-010,AGE-003"],
    );
    expect_no_fail(&r, "CARE-010");
    // a 15-year-old placed as an emergency nine months ago, outside the approved ages
    let r = check(
        &format!("{house}  - {{ref: C-2, household: FC-1, age_years: 15, placement: {{start: 2025-10-01, emergency: true}}}}\n"),
        &["--select", "CARE-010,AGE-003"],
    );
    expect_fail(&r, "AGE-003");
    expect_fail(&r, "CARE-010");
}

#[test]
fn fp5_restraint_planned_in_an_ehc_plan() {
    let r = check(
        &with(&[
            (
                "alternatives_tried: true,",
                "alternatives_tried: true, ehcp_routine: true,",
            ),
            (
                "recorded_at: \"2026-02-03T22:10:00+00:00\"",
                "recorded_at: \"2026-02-05T09:40:00+00:00\"",
            ),
            (
                "child_debrief_at: \"2026-02-05T16:00:00+00:00\"",
                "child_debrief_at: \"2026-02-11T19:40:00+00:00\"",
            ),
        ]),
        &[],
    );
    expect_no_fail(&r, "LR-003");
    expect_no_fail(&r, "LR-005");
}

#[test]
fn fp6_emergency_restraint_with_nothing_tried_is_not_an_error() {
    let r = check(
        &with(&[("alternatives_tried: true,", "alternatives_tried: false,")]),
        &[],
    );
    expect_no_fail(&r, "LR-006");
    let r = check(
        &with(&[(
            "alternatives_tried: true,",
            "alternatives_tried: false, alternatives_recorded: true,",
        )]),
        &[],
    );
    assert!(r.findings.is_empty(), "{}", r.show());
}

#[test]
fn fp7_location_assessment_without_the_police_and_in_the_last_calendar_year() {
    let r = check(
        &with(&[("consulted: [police, host_la]", "consulted: [host_la, placing_las]")]),
        &[],
    );
    expect_no_fail(&r, "LR-012");
    let r = check(
        &with(&[
            ("kind: childrens_home", "kind: supported_accommodation"),
            ("date: 2025-11-03, consulted", "date: 2025-03-01, consulted"),
        ]),
        &["--select", "LR-012"],
    );
    expect_no_fail(&r, "LR-012");
}

#[test]
fn fp8_a_new_manager_not_yet_enrolled() {
    let r = check(
        &with(&[(
            "appointed: 2024-09-01, l5_status: in_progress",
            "appointed: 2026-01-05, l5_status: not_started",
        )]),
        &[],
    );
    expect_no_fail(&r, "CARE-005");
}

#[test]
fn fp10_a_protective_placement_far_from_home() {
    let r = check(
        &with(&[(
            "travel_minutes_to_home: 20",
            "travel_minutes_to_home: 90\n      out_of_area_reason: exploitation_risk",
        )]),
        &[],
    );
    expect_no_fail(&r, "REL-003");
}

#[test]
fn fp11_no_parent_to_consult() {
    let no_parent = "views_sought: {children: true, parents: false, no_parent_to_consult: true, placing_authorities: true, staff: true}}";
    let r = check(
        &with(&[(
            "views_sought: {children: true, parents: true, placing_authorities: true, staff: true}}\n      - {completed: 2026-03-31",
            &format!("{no_parent}\n      - {{completed: 2026-03-31"),
        )]),
        &[],
    );
    expect_no_fail(&r, "VOICE-006");
}

#[test]
fn fp13_an_infant_is_not_expected_to_use_an_advocate() {
    let r = check(
        &with(&[
            ("age_years: 14", "age_years: 1"),
            ("status: has_advocate}", "status: not_appropriate_for_age}"),
            ("advocate_offered: true", "advocate_offered: false"),
        ]),
        &["--select", "VOICE-007,VOICE-008"],
    );
    expect_no_fail(&r, "VOICE-007");
    expect_no_fail(&r, "VOICE-008");
}

// ---- FALSE NEGATIVES: breaches must be reported ------------------------------------------

#[test]
fn fn1_never_done_is_a_fail_not_missing_evidence() {
    let r = check(
        &with(&[
            (
                "notified_ofsted_at: \"2026-03-02T09:15:00+00:00\"",
                "notified_ofsted_at: null",
            ),
            (
                "notified_placing_la_at: \"2026-03-02T09:00:00+00:00\"",
                "notified_placing_la_at: null",
            ),
            ("recorded_at: \"2026-02-03T22:10:00+00:00\"", "recorded_at: null"),
            (
                "child_debrief_at: \"2026-02-05T16:00:00+00:00\"",
                "child_debrief_at: null",
            ),
            (
                "return_interview_offered_at: \"2026-03-03T15:00:00+00:00\"",
                "return_interview_offered_at: null",
            ),
            (
                "disqualification_declaration: 2025-02-10",
                "disqualification_declaration: null",
            ),
        ]),
        &[],
    );
    for id in ["LR-008", "LR-009", "LR-003", "LR-005", "LR-010", "LR-014"] {
        expect_fail(&r, id);
    }
    assert_eq!(r.code, 1, "{}", r.show());
    let ofsted = r.findings.iter().find(|f| f["standard"] == "LR-008").unwrap();
    assert!(
        ofsted["message"]
            .as_str()
            .unwrap()
            .contains("no record that it was done"),
        "{}",
        r.show()
    );
    // `not_done` says so explicitly
    let r = check(
        &with(&[(
            "notified_ofsted_at: \"2026-03-02T09:15:00+00:00\"",
            "notified_ofsted_at: not_done",
        )]),
        &[],
    );
    expect_fail(&r, "LR-008");
}

#[test]
fn fn2_an_independent_person_finding_children_unsafe() {
    let yaml = BASELINE
        .replace("opinion_safeguarded: true", "opinion_safeguarded: false")
        .replace("opinion_wellbeing_promoted: true", "opinion_wellbeing_promoted: false");
    let r = check(&yaml, &[]);
    expect_fail(&r, "VOICE-014");
    assert!(r
        .findings
        .iter()
        .any(|f| f["standard"] == "VOICE-014" && f["severity"] == "error"));
}

#[test]
fn fn3_empty_lists_are_the_breach() {
    let r = check(
        &with(&[
            (
                "reviews:\n      - {completed: 2025-10-01, report_to_hmci: 2025-10-20, views_sought: {children: true, parents: true, placing_authorities: true, staff: true}}\n      - {completed: 2026-03-31, report_to_hmci: 2026-04-20, views_sought: {children: true, parents: true, placing_authorities: true, staff: true}}",
                "reviews: []",
            ),
            ("pep_reviews: [2025-09-25, 2026-01-15, 2026-05-10]", "pep_reviews: []"),
        ]),
        &[],
    );
    expect_fail(&r, "VOICE-004");
    expect_fail(&r, "OPP-002");
}

#[test]
fn fn4_prohibited_practice_and_lawful_routes_can_be_recorded() {
    let r = check(&with(&[("purpose: prevent_injury", "purpose: punishment")]), &[]);
    assert_eq!(r.code, 1, "{}", r.show());
    expect_fail(&r, "LR-002");
    let r = check(
        &with(&[(
            "continuous_supervision_and_control: false\n      free_to_leave: true",
            "continuous_supervision_and_control: true\n      free_to_leave: false\n      dol_authority: {type: court_of_protection_order, valid_until: 2026-12-31}",
        )]),
        &[],
    );
    assert!(r.errors.is_empty(), "{}", r.show());
    // a Court of Protection order does not reach a 14-year-old
    expect_fail(&r, "LR-001");
}

#[test]
fn fn5_a_provider_cannot_waive_the_law() {
    let r = check(
        &with(&[
            ("status: registered, date: 2019-05-01}", "status: none}"),
            (
                "exceptions: []",
                "exceptions:\n  - {standard: CARE-001, reason: \"awaiting registration\", approved_by_role: director, approved_on: 2026-01-01, expires_on: 2026-12-31}",
            ),
        ]),
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.show());
    expect_fail(&r, "CARE-001");
    let f = r.findings.iter().find(|f| f["standard"] == "CARE-001").unwrap();
    assert!(
        f["help"].as_str().unwrap().contains("awaiting registration"),
        "{}",
        r.show()
    );
    assert_eq!(r.outcomes("exception-not-waivable").len(), 1, "{}", r.show());
    // one visit only, Ofsted told eight days late, both "approved" by the manager
    let r = check(
        &with(&[
            ("      - {date: 2026-02-11, report_sent_hmci: 2026-02-25, opinion_safeguarded: true, opinion_wellbeing_promoted: true, independent_person_access: given}\n", ""),
            ("notified_ofsted_at: \"2026-03-02T09:15:00+00:00\"", "notified_ofsted_at: \"2026-03-09T23:00:00+00:00\""),
            (
                "exceptions: []",
                "exceptions:\n  - {standard: VOICE-001, reason: r, approved_by_role: registered_manager, approved_on: 2026-01-01, expires_on: 2026-12-31}\n  - {standard: LR-008, reason: r, approved_by_role: registered_manager, approved_on: 2026-01-01, expires_on: 2026-12-31}",
            ),
        ]),
        &[],
    );
    expect_fail(&r, "VOICE-001");
    expect_fail(&r, "LR-008");
    assert!(r.outcomes("VOICE-001").iter().all(|o| o != "waived"));
}

#[test]
fn fn6_a_suspended_home_with_children() {
    let r = check(
        &with(&[("status: registered, date: 2019-05-01}", "status: suspended}")]),
        &[],
    );
    expect_fail(&r, "CARE-001");
    let r = check(
        &with(&[("status: registered, date: 2019-05-01}", "status: restriction_notice}")]),
        &[],
    );
    expect_no_fail(&r, "CARE-001");
}

#[test]
fn fn7_deprivation_of_liberty_needs_an_authority_valid_for_the_setting() {
    for ty in ["s25_secure_order", "youth_justice", "mental_health_act"] {
        let r = check(
            &with(&[(
                "continuous_supervision_and_control: false\n      free_to_leave: true",
                &format!("continuous_supervision_and_control: true\n      free_to_leave: false\n      dol_authority: {{type: {ty}, valid_until: 2026-12-31}}"),
            )]),
            &[],
        );
        expect_fail(&r, "LR-001");
    }
    let r = check(
        &with(&[(
            "continuous_supervision_and_control: false\n      free_to_leave: true",
            "continuous_supervision_and_control: true\n      free_to_leave: false\n      dol_authority: {type: inherent_jurisdiction_order, valid_until: 2026-12-31}",
        )]),
        &[],
    );
    expect_no_fail(&r, "LR-001");
}

#[test]
fn fn8_secure_accommodation_regime() {
    let secure = |safety: &str, extra: &[(&str, &str)]| {
        let mut changes = vec![
            ("kind: childrens_home", "kind: secure_childrens_home"),
            (
                "continuous_supervision_and_control: false\n      free_to_leave: true",
                safety,
            ),
        ];
        changes.extend_from_slice(extra);
        check(&with(&changes), &["--select", "LR-017,LR-018,LR-019"])
    };
    let r = secure("dol_authority: {type: mental_health_act, valid_until: 2026-12-31}", &[]);
    expect_fail(&r, "LR-017");
    let r = secure(
        "dol_authority: {type: inherent_jurisdiction_order, valid_until: 2026-12-31}",
        &[],
    );
    expect_fail(&r, "LR-017");
    let r = secure(
        "dol_authority: {type: s25_secure_order, made_on: 2025-10-01, valid_until: 2026-10-01}",
        &[],
    );
    expect_fail(&r, "LR-018");
    let r = secure(
        "dol_authority: {type: s25_secure_order, made_on: 2026-05-01, valid_until: 2026-08-01}",
        &[
            ("age_years: 14", "age_years: 16"),
            // the bar is on s.20(5) only (audit v3 NW1; tests/domain_audit_v3.rs)
            ("legal_basis: care_order", "legal_basis: s20\n    s20_subsection: s20_5"),
        ],
    );
    expect_fail(&r, "LR-019");
    let r = secure(
        "dol_authority: {type: s25_secure_order, made_on: 2026-05-01, valid_until: 2026-08-01}",
        &[],
    );
    assert!(r.findings.is_empty(), "{}", r.show());
}

#[test]
fn fn9_supported_accommodation_staff_are_checked() {
    let r = check(
        &with(&[
            ("kind: childrens_home", "kind: supported_accommodation"),
            (
                "dbs: {level: enhanced_with_barred_list, date: 2025-02-10, update_service: true}",
                "dbs: {level: none}",
            ),
            ("references: 2", "references: 0"),
            ("employment_gaps_explained: true", "employment_gaps_explained: false"),
        ]),
        &["--select", "LR-013"],
    );
    expect_fail(&r, "LR-013");
}

#[test]
fn fn12_fn13_fn14_fn15_fn16() {
    expect_fail(
        &check(&with(&[("status: on_roll_full_time", "status: employment")]), &[]),
        "OPP-001",
    );
    expect_fail(
        &check(
            &with(&[(
                "role: residential_worker\n      care_role_start: 2025-03-01\n      l3_status: in_progress",
                "role: support_worker\n      care_role_start: 2018-03-01\n      l3_status: not_started",
            )]),
            &[],
        ),
        "CARE-007",
    );
    expect_fail(
        &check(
            &with(&[("notified_hmci: 2026-02-20", "notified_hmci: 2025-03-01")]),
            &[],
        ),
        "CARE-004",
    );
    let five = (2..=5)
        .map(|i| format!("  - {{ref: C-{i}, age_years: 12}}\n"))
        .collect::<String>();
    expect_fail(
        &check(
            &with(&[("incidents:\n", &format!("{five}incidents:\n"))]),
            &["--select", "CARE-011"],
        ),
        "CARE-011",
    );
    expect_fail(
        &check(
            &with(&[("offered_on_entry: 2025-09-16", "offered_on_entry: 2026-04-20")]),
            &[],
        ),
        "VOICE-015",
    );
    expect_fail(
        &check(
            &with(&[(
                "placement_plan: {date: 2025-10-03, signed_by_home: true",
                "placement_plan: {date: 2026-03-01, signed_by_home: false",
            )]),
            &[],
        ),
        "AGE-012",
    );
}

#[test]
fn fn17_placed_at_15_now_16_in_supported_accommodation() {
    let r = check(
        &with(&[
            ("kind: childrens_home", "kind: supported_accommodation"),
            ("age_years: 14", "age_years: 16\n    age_years_at_period_start: 15"),
        ]),
        &["--select", "AGE-001"],
    );
    expect_fail(&r, "AGE-001");
}

#[test]
fn fn20_harsh_measures_in_supported_accommodation() {
    for ty in ["food_or_drink", "restrict_contact"] {
        let r = check(
            &with(&[
                ("kind: childrens_home", "kind: supported_accommodation"),
                ("type: loss_of_privilege_short", &format!("type: {ty}")),
            ]),
            &[],
        );
        expect_fail(&r, "LR-024");
    }
}

// ---- The correctness audit's engine bugs -------------------------------------------------

#[test]
fn bug1_an_empty_or_undated_list_never_passes_a_gap_rule() {
    let gap = "schema_version: 1\nassessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}\nprovider: {kind: childrens_home}\noversight:\n  reg45:\n    reviews: REVIEWS\nchildren:\n  - {ref: C-1, age_years: 12, education: {pep_reviews: []}}\n";
    for reviews in ["[]", "[{report_to_hmci: 2026-01-20}]"] {
        let r = check(
            &gap.replace("REVIEWS", reviews),
            &["--select", "VOICE-004,OPP-002", "--statistics"],
        );
        // OPP-002: 122 days from the start of the period are over
        expect_fail(&r, "OPP-002");
        // VOICE-004: six months from the start of the period are not yet over; never a fail
        // for "one review long ago" while "none at all" passes: with a registration date
        // years ago it fails
        let r2 = check(
            &gap.replace("REVIEWS", reviews).replace(
                "provider: {kind: childrens_home}",
                "provider: {kind: childrens_home, registration: {date: 2020-01-01}}",
            ),
            &["--select", "VOICE-004"],
        );
        expect_fail(&r2, "VOICE-004");
    }
}

#[test]
fn bug2_a_period_that_runs_backwards_or_starts_after_the_as_of_date_is_refused() {
    for period in [
        "{start: 2027-01-01, end: 2027-06-30}",
        "{start: 2026-06-30, end: 2026-01-01}",
    ] {
        let r = check(
            &with(&[(
                "period: {start: 2026-01-01, end: 2026-06-30}",
                &format!("period: {period}"),
            )]),
            &[],
        );
        assert_eq!(r.code, 2, "{}", r.show());
        assert!(!r.errors.is_empty(), "{}", r.show());
        assert!(r.findings.is_empty(), "an invalid file is never judged: {}", r.show());
    }
}

#[test]
fn bug5_evidence_dated_after_the_as_of_date_proves_nothing() {
    let future = "schema_version: 1\nassessment: {as_of: 2026-06-30}\nprovider: {kind: childrens_home}\nhome:\n  manager: {appointed: 2062-01-01, l5_status: in_progress}\n  premises: [{ref: P-1, location_assessment: {date: 2062-11-03, consulted: [police]}}]\nworkforce:\n  staff: [{ref: S-1, role: residential_worker, care_role_start: 2062-03-01, l3_status: not_started, dbs: {level: enhanced_with_barred_list, date: 2062-02-10, update_service: false}}]\nchildren:\n  - {ref: C-1, age_years: 15, health: {sdq_date: 2062-11-01}, voice: {views_recorded_on: 2062-05-02}, plans: {independence_plan: 2062-04-10}}\n";
    let ids = [
        "DEV-004",
        "VOICE-012",
        "DEV-009",
        "CARE-005",
        "CARE-007",
        "LR-012",
        "LR-015",
    ];
    let r = check(future, &["--select", &ids.join(",")]);
    for id in ids {
        assert_eq!(r.outcomes(id), ["not_reported"], "{id}:\n{}", r.show());
    }
    assert!(r.outcomes("date-after-as-of").len() >= 7, "{}", r.show());
}

/// An event dated after the as-of date (a restraint, a sanction, a serious event) is not
/// judged by any standard that checks it, however its record reads: its date is set aside,
/// so it is not reported, never a breach of the law (the cross-cutting reader's probe:
/// a prohibited sanction "on not given" counted as a breach).
#[test]
fn an_event_dated_after_the_as_of_date_is_not_judged() {
    let future = with(&[
        (
            r#"occurred_at: "2026-02-03T19:40:00+00:00", purpose: prevent_injury,
       necessary_and_proportionate: true"#,
            r#"occurred_at: "2026-07-02T19:40:00+00:00", purpose: other,
       necessary_and_proportionate: false"#,
        ),
        (
            "date: 2026-02-04, type: loss_of_privilege_short",
            "date: 2026-07-02, type: food_or_drink",
        ),
    ]);
    let r = check(&future, &["--select", "LR-002,LR-007"]);
    for id in ["LR-002", "LR-007"] {
        assert_eq!(r.outcomes(id), ["not_reported"], "{id}:\n{}", r.show());
    }
    // the same records dated in the period are breaches
    let now = future.replace("2026-07-02", "2026-02-04");
    let r = check(&now, &["--select", "LR-002,LR-007"]);
    expect_fail(&r, "LR-002");
    expect_fail(&r, "LR-007");
}

#[test]
fn bug7_exception_messages_say_what_happened() {
    let exc = |standard: &str| {
        with(&[(
            "exceptions: []",
            &format!("exceptions:\n  - {{standard: {standard}, reason: r, approved_by_role: director, approved_on: 2026-01-01, expires_on: 2026-12-31}}"),
        )])
    };
    // a law standard: never "waived nothing ... the standard is met"
    let r = check(&exc("LR-001"), &[]);
    assert_eq!(r.outcomes("exception-not-waivable").len(), 1, "{}", r.show());
    assert!(r.outcomes("exception-unused").is_empty(), "{}", r.show());
    // a standard left out by --select: the exception is not this run's business
    let r = check(&exc("REL-003"), &["--select", "LR-"]);
    assert!(
        r.findings
            .iter()
            .all(|f| !f["standard"].as_str().unwrap().starts_with("exception")),
        "{}",
        r.show()
    );
    // a waivable standard that passed: unused, and it says the standard did not fail
    let r = check(&exc("REL-003"), &[]);
    let f = r.findings.iter().find(|f| f["standard"] == "exception-unused").unwrap();
    assert!(
        f["message"].as_str().unwrap().contains("REL-003 did not fail"),
        "{}",
        r.show()
    );
}

#[test]
fn bug12_rolling_months_count_from_the_last_visit_before_the_period() {
    let visits = |dates: &str| {
        format!("schema_version: 1\nassessment: {{as_of: 2026-03-31, period: {{start: 2026-01-01, end: 2026-03-31}}}}\nprovider: {{kind: childrens_home}}\noversight: {{reg44: {{visits: [{dates}]}}}}\n")
    };
    let args = [
        "--select",
        "VOICE-001",
        "--param",
        "reg44_month_semantics=rolling_month",
    ];
    // 15 Nov to 31 Jan is eleven weeks without a visit
    let r = check(
        &visits("{date: 2025-11-15}, {date: 2026-01-31}, {date: 2026-02-27}, {date: 2026-03-27}"),
        &args,
    );
    expect_fail(&r, "VOICE-001");
    let r = check(
        &visits("{date: 2025-12-20}, {date: 2026-01-19}, {date: 2026-02-17}, {date: 2026-03-16}"),
        &args,
    );
    expect_no_fail(&r, "VOICE-001");
}
