#!/usr/bin/env python3
"""Generate a corpus of v1 self-assessments for benchmarks.

Deterministic for a seed. Files are sized like the corpus of the peers' shared benchmark:
1 to 5 children each, roughly 3-10 KB, median about 6 KB, with about one value in ten out of
line so that the evaluator does real work. Usage: gen_corpus.py --files 1000 --out DIR [--seed 42]

`--children N --kind KIND` makes every file one kind of provider with N children (the
workbook target's one large self-assessment: `--files 1 --children 100 --kind childrens_home`);
without them the corpus is the same as ever for a seed.
"""
import argparse
import os
import random

KINDS = ["childrens_home", "childrens_home", "childrens_home", "fostering_service", "supported_accommodation", "secure_childrens_home"]


def child(r, i, kind, households):
    age = r.randint(16, 17) if kind == "supported_accommodation" else r.randint(3, 17)
    if r.random() < 0.05:
        age = r.randint(12, 15)
    d = lambda y0, y1: f"{r.randint(y0, y1)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
    yesno = lambda p=0.9: "true" if r.random() < p else "false"
    hh = f"\n    household: {r.choice(households)}" if households else ""
    lines = f"""  - ref: C-{i:04X}{hh}
    age_years: {age}
    legal_basis: {r.choice(['care_order', 'interim_care_order', 's20', 'remand'])}
    entered_care: {d(2019, 2025)}
    disabled: {yesno(0.1)}
    care: {{provided: {yesno(0.95)}, key_worker: {yesno()}}}
    placement: {{start: {d(2020, 2026)}, emergency: {yesno(0.1)}, outside_la_area: {yesno(0.3)}, nominated_officer_approved: {yesno()}, travel_minutes_to_home: {r.randint(5, 60)}}}
    siblings: {{in_care: {r.randint(0, 3)}, living_together: {r.randint(0, 2)}, separation_reason: assessed_needs, contact_plan: {yesno()}}}
    delegated_authority: {{haircuts: carer, overnight_stays: {r.choice(['carer', 'carer', 'social_worker', 'unspecified'])}, school_trips: carer, routine_dental: carer, routine_medical: {r.choice(['carer', 'social_worker'])}, uk_holidays: carer}}
    plans:
      care_plan: {{date: {d(2024, 2026)}, dimensions: [health, education, emotional_behavioural, identity, family_social, social_presentation, self_care, permanence], iro_named: true}}
      placement_plan: {{date: {d(2024, 2026)}, signed_by_home: true, wishes_ascertained: {yesno()}, contact_arrangements: {yesno()}, gp_dentist_named: {yesno()}, designated_teacher_named: {yesno()}}}
    voice:
      views_recorded_on: {d(2025, 2026)}
      advocacy: {{offered_on_entry: {d(2019, 2025)}, status: {r.choice(['has_advocate', 'self_represents', 'opted_out', 'not_offered'])}}}
      reviews:
        - {{date: {d(2025, 2026)}, significant_decision: {yesno(0.3)}, advocate_input: {yesno()}, child_self_represented: false}}
    moves:
      - {{date: {d(2025, 2026)}, child_notified: {d(2025, 2026)}, emergency: {yesno(0.1)}, advocate_offered: {yesno()}, school_changed: {yesno(0.2)}}}
    health:
      initial_assessment: {d(2019, 2025)}
      review_assessments: [{d(2024, 2024)}, {d(2025, 2025)}, {d(2026, 2026)}]
      sdq_date: {d(2025, 2026)}
      gp_registered: {yesno(0.97)}
      dentist_registered: {yesno()}
      immunisations_recorded: {yesno()}
    education:
      status: {r.choice(['on_roll_full_time'] * 8 + ['part_time_timetable', 'not_on_roll', 'college'])}
      pep_reviews: [{d(2025, 2025)}, {d(2026, 2026)}]
      internet_access: {yesno()}
      days_without_place_period: {r.choice([0, 0, 0, 5, 25])}
    safety: {{continuous_supervision_and_control: {yesno(0.05)}, free_to_leave: {yesno(0.95)}}}
"""
    return lines


def assessment(r, n, children=None, kind=None):
    # the random draws happen whatever is fixed, so a seed's other values do not move
    drawn_kind = r.choice(KINDS)
    kind = kind or drawn_kind
    d = lambda y0, y1: f"{r.randint(y0, y1)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
    drawn_kids = r.randint(1, 5)
    nkids = children or drawn_kids
    households = [f"FC-{k:02d}" for k in range(max(1, nkids // 2))] if kind == "fostering_service" else []
    out = [f"""# generated benchmark self-assessment {n}
schema_version: 1
assessment:
  as_of: 2026-06-30
  period: {{start: 2026-01-01, end: 2026-06-30}}
  prepared_by_role: registered_manager
provider:
  name: Benchmark Provider {n}
  registration: {{urn: "SC{n:06d}", status: {r.choice(['registered'] * 19 + ['none'])}}}
  kind: {kind}
  sector: private
"""]
    if kind != "fostering_service":
        out.append(f"""home:
  ref: H-{n}
  statement_of_purpose: {{last_revised: {d(2025, 2026)}, notified_hmci: {d(2025, 2026)}, age_range: {{min: 8, max: 17}}, max_children: 12, needs_catered: [emotional_behavioural], identity_arrangements: true}}
  childrens_guide: {{exists: true, covers_complaints: true, covers_advocacy: {'true' if r.random() < 0.9 else 'false'}}}
  provides_day_to_day_care: true
  staffing_model: 24h_on_site
  advocacy: {{independent_service: true}}
  missing_child_policy: true
  premises:
    - {{ref: P-1, location_assessment: {{date: {d(2025, 2026)}, consulted: [police, host_la]}}}}
  manager: {{registered: true, appointed: {d(2015, 2025)}, l5_status: {r.choice(['held', 'in_progress', 'not_started'])}}}
oversight:
  reg44:
    visitor: {{employed_by_provider: false, conflicts_declared: []}}
    visits:
""")
        for m in range(1, 7):
            if r.random() < 0.93:
                out.append(f"      - {{date: 2026-{m:02d}-{r.randint(1, 28):02d}, report_sent_hmci: 2026-{m:02d}-28, opinion_safeguarded: true, opinion_wellbeing_promoted: true}}\n")
    else:
        out.append("foster_carer_households:\n")
        for h in households:
            out.append(f"  - {{ref: {h}, approval: {{date: {d(2015, 2023)}, terms: {{age_min: 0, age_max: 18, max_children: 3}}}}, approval_reviews: [{d(2024, 2024)}, {d(2025, 2025)}], peer_support: {r.choice(['mockingbird_constellation', 'none'])}}}\n")
    out.append("workforce:\n  staff:\n")
    for s in range(r.randint(2, 6)):
        out.append(f"    - {{ref: S-{s:03d}, role: residential_worker, care_role_start: {d(2015, 2025)}, l3_status: {r.choice(['held', 'held', 'in_progress'])}, dbs: {{level: enhanced_with_barred_list, date: {d(2020, 2026)}, update_service: true}}, references: 2, employment_gaps_explained: true, disqualification_declaration: 2015-01-01, id_verified: true}}\n")
    out.append(f"  turnover_pct_12m: {r.randint(5, 45)}.0\nchildren:\n")
    for i in range(nkids):
        out.append(child(r, i, kind, households))
    out.append("incidents:\n  restraint:\n")
    for _ in range(r.randint(0, 3)):
        out.append(f'    - {{child: C-0000, occurred_at: "2026-02-03T19:40:00+00:00", purpose: prevent_injury, necessary_and_proportionate: true, alternatives_tried: true, recorded_at: "2026-02-0{r.randint(3, 5)}T10:00:00+00:00", child_debrief_at: "2026-02-06T16:00:00+00:00"}}\n')
    out.append("  sanctions: []\n  missing: []\n  notifications: []\nexceptions: []\n")
    return "".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--children", type=int, help="children in every file (default: 1 to 5, drawn)")
    ap.add_argument("--kind", choices=sorted(set(KINDS)), help="the kind of every provider (default: drawn)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    r = random.Random(a.seed)
    for n in range(a.files):
        with open(os.path.join(a.out, f"sa-{n:06d}.yaml"), "w") as f:
            f.write(assessment(r, n, a.children, a.kind))


if __name__ == "__main__":
    main()
