//! The self-assessment format, version 1, described once as data.
//!
//! The loader validates against this description, `carecheck schema` prints it as JSON
//! Schema, `carecheck init` writes a template from it, and `standards lint` checks every
//! field path a standard reads against it. One description means the four cannot drift.
//!
//! Field names and types of `docs/spec/self-assessment-v1.yaml` (the contract) are fixed. Fields
//! marked `extension` are optional additions (most from domain research B.2) that some
//! standards read; a file without them still loads, and those standards report
//! `not_reported`.

use std::sync::OnceLock;

use serde_json::{json, Map, Value as Json};

use crate::kind::Kind;

/// The type of a field.
#[derive(Debug, Clone)]
pub enum Ty {
    /// `true` or `false`.
    Bool,
    /// A whole number within bounds.
    Int {
        /// Smallest allowed.
        min: i64,
        /// Largest allowed.
        max: i64,
    },
    /// Any number.
    Num,
    /// Free text.
    Str,
    /// `YYYY-MM-DD`.
    Date,
    /// RFC 3339 with an offset.
    Timestamp,
    /// One of a fixed set of words.
    Enum(&'static [&'static str]),
    /// The `ref` of a record in another list (given by its path, e.g. `children`).
    Ref(&'static str),
    /// A list of values of one type.
    List(Box<Ty>),
    /// A mapping with known fields.
    Obj(Obj),
}

/// A mapping's fields.
#[derive(Debug, Clone)]
pub struct Obj {
    /// In the order a template shows them.
    pub fields: Vec<Field>,
}

/// One field of a mapping.
#[derive(Debug, Clone)]
pub struct Field {
    /// The key.
    pub name: &'static str,
    /// Its type.
    pub ty: Ty,
    /// What it means, for editors, templates and explain.
    pub doc: &'static str,
    /// Not in the v1 reference file: an optional addition.
    pub extension: bool,
    /// Every file needs it, whichever standards apply: a template of any kind writes it
    /// (the version, the dates a check is judged at, who the provider is, the refs that
    /// name records, exceptions), even where no standard reads it.
    pub always: bool,
    /// A date here may lie after the as-of date: it records an expiry, a deadline or a plan,
    /// not evidence of something done, so it is not set aside as evidence from the future.
    pub may_follow_as_of: bool,
    /// For a list of records: what one record is called in messages ("child", "move"), so a
    /// path is said as people say it ("move 2 of child 1").
    pub noun: Option<&'static str>,
    /// For a list of records: each is about people (a child, a member of staff, an incident,
    /// an applicant), so keys such as `name` in it are personal data.
    pub names_people: bool,
    /// For a list of records a finding is about (a child, a member of staff, a household):
    /// the letters its refs start with by convention (`C-`), so a template's blank records
    /// and a workbook's empty rows are numbered as a manager would number them (`C-01`).
    pub ref_prefix: Option<&'static str>,
}

impl Field {
    /// The field marked as one every template writes (see [`Field::always`]).
    fn always(mut self) -> Field {
        self.always = true;
        self
    }

    /// The field marked as one whose date may follow the as-of date (see
    /// [`Field::may_follow_as_of`]).
    fn may_follow_as_of(mut self) -> Field {
        self.may_follow_as_of = true;
        self
    }

    /// The noun one record of this list is called by (see [`Field::noun`]).
    fn noun(mut self, noun: &'static str) -> Field {
        self.noun = Some(noun);
        self
    }

    /// The list's records are about people (see [`Field::names_people`]).
    fn names_people(mut self) -> Field {
        self.names_people = true;
        self
    }

    /// The letters the list's refs start with (see [`Field::ref_prefix`]).
    fn ref_prefix(mut self, prefix: &'static str) -> Field {
        self.ref_prefix = Some(prefix);
        self
    }
}

impl Obj {
    /// Index of a field by name.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

impl Ty {
    /// The type of one item however deeply listed (a list of lists of dates gives a date), or
    /// the type itself when it is not a list: what a path's next step reads into.
    pub fn innermost(&self) -> &Ty {
        let mut ty = self;
        while let Ty::List(inner) = ty {
            ty = inner;
        }
        ty
    }

    /// A short English name, for messages.
    pub fn describe(&self) -> String {
        match self {
            Ty::Bool => "true or false".into(),
            Ty::Int { min, max } if *max == i64::MAX => format!("a whole number of at least {min}"),
            Ty::Int { min, max } => format!("a whole number from {min} to {max}"),
            Ty::Num => "a number".into(),
            Ty::Str => "text".into(),
            Ty::Date => "a date (YYYY-MM-DD), or not_done".into(),
            Ty::Timestamp => "a date and time (2026-07-04 21:30, as a clock in England shows it, or with an offset: 2026-07-04T21:30:00+01:00), or not_done".into(),
            Ty::Enum(v) => format!("one of {}", v.join(", ")),
            Ty::Ref(list) => format!("the ref of one of the {list}"),
            Ty::List(t) => format!("a list of {}", t.describe_plural()),
            Ty::Obj(_) => "a mapping".into(),
        }
    }

    fn describe_plural(&self) -> String {
        match self {
            Ty::Date => "dates (YYYY-MM-DD)".into(),
            Ty::Obj(_) => "mappings".into(),
            Ty::Str => "texts".into(),
            other => other.describe(),
        }
    }

    /// The type's kind, as standards lint compares operators against it.
    pub fn kind(&self) -> TyKind {
        match self {
            Ty::Bool => TyKind::Bool,
            Ty::Int { .. } | Ty::Num => TyKind::Number,
            Ty::Str | Ty::Ref(_) => TyKind::Text,
            Ty::Enum(_) => TyKind::Enum,
            Ty::Date => TyKind::Date,
            Ty::Timestamp => TyKind::Timestamp,
            Ty::List(_) => TyKind::List,
            Ty::Obj(_) => TyKind::Object,
        }
    }
}

/// Coarse type kinds, for checking that an operator fits a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TyKind {
    /// true/false
    Bool,
    /// numbers
    Number,
    /// free text and refs
    Text,
    /// enumerations
    Enum,
    /// dates
    Date,
    /// timestamps
    Timestamp,
    /// lists
    List,
    /// mappings
    Object,
}

/// The provider kinds of version 1, as the format spells them ([`Kind`] holds their words).
pub const KINDS: &[&str] = &[
    Kind::ChildrensHome.name(),
    Kind::SecureChildrensHome.name(),
    Kind::Fostering.name(),
    Kind::SupportedAccommodation.name(),
];

/// A provider kind in two or three letters, for narrow tables ("CH", "SCH", "F", "SA");
/// "?" for a kind the format does not have.
pub fn short_kind(kind: &str) -> &'static str {
    Kind::parse(kind).map_or("?", Kind::short)
}

/// A provider kind as a manager would say it, for messages and report headings; an unknown
/// or missing kind is "provider".
pub fn kind_in_words(kind: &str) -> &'static str {
    Kind::parse(kind).map_or("provider", Kind::words)
}

/// Sanction types the law forbids in children's homes (CHR reg 19, list unverified).
pub const PROHIBITED_SANCTIONS: &[&str] = &[
    "corporal_punishment",
    "food_or_drink",
    "restrict_contact",
    "distinctive_clothing",
    "medication_or_treatment",
    "sleep_deprivation",
    "fine_except_reparation",
    "intimate_search",
    "withhold_disability_aids",
    "group_punishment",
    "child_imposes_on_child",
];

fn f(name: &'static str, ty: Ty, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        doc,
        extension: false,
        always: false,
        may_follow_as_of: false,
        noun: None,
        names_people: false,
        ref_prefix: None,
    }
}

fn x(name: &'static str, ty: Ty, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        doc,
        extension: true,
        always: false,
        may_follow_as_of: false,
        noun: None,
        names_people: false,
        ref_prefix: None,
    }
}

fn obj(fields: Vec<Field>) -> Ty {
    Ty::Obj(Obj { fields })
}

fn list(t: Ty) -> Ty {
    Ty::List(Box::new(t))
}

fn int(min: i64, max: i64) -> Ty {
    Ty::Int { min, max }
}

const COUNT: Ty = Ty::Int { min: 0, max: i64::MAX };
const DELEGATION: Ty = Ty::Enum(&["carer", "social_worker", "parent", "unspecified"]);

/// The root mapping of a version 1 self-assessment.
pub fn root() -> &'static Obj {
    static ROOT: OnceLock<Obj> = OnceLock::new();
    ROOT.get_or_init(build)
}

/// The child a record names, by its `ref` in `children`.
fn child_ref() -> Ty {
    Ty::Ref("children")
}

/// Every sanction type the format knows: the permitted ones, then the ones the law forbids
/// in children's homes ([`PROHIBITED_SANCTIONS`], which the sanctions standards read).
const SANCTION_TYPES: &[&str] = &[
    "loss_of_privilege_short",
    "reparation",
    "extra_chores",
    "earlier_bedtime",
    "other_permitted",
    "corporal_punishment",
    "food_or_drink",
    "restrict_contact",
    "distinctive_clothing",
    "medication_or_treatment",
    "sleep_deprivation",
    "fine_except_reparation",
    "intimate_search",
    "withhold_disability_aids",
    "group_punishment",
    "child_imposes_on_child",
];

/// The root mapping, section by section in the order a template shows them. Each section
/// is its own function below (and each large part of one, its own again), so a reader
/// holds one part of the format at a time and a field is added in the function of the
/// mapping it belongs to.
fn build() -> Obj {
    Obj {
        fields: vec![
            f("schema_version", int(1, 1), "The format version: 1.").always(),
            assessment(),
            provider(),
            home(),
            oversight(),
            workforce(),
            foster_carer_households(),
            foster_applications(),
            children(),
            incidents(),
            complaints(),
            exceptions(),
        ],
    }
}

/// `assessment`: the dates the file is judged at. Every template writes it, since no date
/// rule can be judged without `as_of`.
fn assessment() -> Field {
    use Ty::*;
    f(
        "assessment",
        obj(vec![
            f(
                "as_of",
                Date,
                "The date ages and every date rule are computed at; `--as-of` overrides it.",
            )
            .may_follow_as_of(),
            f(
                "period",
                obj(vec![
                    f("start", Date, "First day the self-assessment covers."),
                    f("end", Date, "Last day the self-assessment covers.").may_follow_as_of(),
                ]),
                "The period the self-assessment covers.",
            ),
            f(
                "prepared_by_role",
                Str,
                "The role of who prepared it (a role, never a name).",
            ),
        ]),
        "About this self-assessment.",
    )
    .always()
}

/// `provider`: the organisation as a whole, with its Ofsted registration and its kind. The
/// kind decides which standards apply, so every template writes it.
fn provider() -> Field {
    use Ty::*;
    f(
        "provider",
        obj(vec![
            f("name", Str, "The organisation's name (public; not a person).").always(),
            f(
                "registration",
                obj(vec![
                    f("urn", Str, "Ofsted unique reference number (public).").always(),
                    f(
                        "status",
                        Enum(&[
                            "registered",
                            "restriction_notice",
                            "suspended",
                            "application_accepted",
                            "none",
                        ]),
                        "Registration with Ofsted: `registered`; `restriction_notice` (registered, but Ofsted has stopped new admissions); `suspended` (carrying on the setting is an offence while it lasts); `application_accepted`; `none`.",
                    ),
                    x(
                        "date",
                        Date,
                        "When the setting was first registered; rules that count from the start of the period count from this date when it is later.",
                    ),
                ]),
                "Registration with Ofsted.",
            ),
            f(
                "kind",
                Enum(KINDS),
                "The kind of provider; decides which standards apply.",
            )
            .always(),
            f(
                "sector",
                Enum(&["local_authority", "private", "voluntary"]),
                "Who runs it.",
            ),
            provider_changes(),
        ]),
        "The provider as a whole.",
    )
}

/// `provider.changes`: the changes Ofsted must be told of in writing, one list for the three
/// sets of regulations, so the notice standards read one shape.
fn provider_changes() -> Field {
    use Ty::*;
    x(
        "changes",
        list(obj(vec![
            x(
                "event",
                Enum(&[
                    "new_person_carries_on_or_manages",
                    "person_stops_carrying_on_or_managing",
                    "name_or_address",
                    "officers",
                    "nominated_individual",
                    "receiver_or_liquidator",
                    "closing",
                    "other",
                ]),
                "What changed: someone else carries on or manages the service (a new manager too), someone stops, the provider's name or address, its directors or other officers, its nominated (responsible) individual, a receiver or liquidator appointed, the service closing, or another change Ofsted must be told of.",
            ),
            x(
                "date",
                Date,
                "When the change took place, or is expected to.",
            ).may_follow_as_of(),
            x(
                "hmci_notified_on",
                Date,
                "When Ofsted (HMCI) was told in writing; not_done if it was not.",
            ),
        ])),
        "Changes Ofsted must be told of in writing: who carries on or manages the service, the provider's name, address and officers, insolvency, closure (CHR 2015 reg 49, FSR 2011 reg 39, SAR 2023 reg 34). Absences of the manager go under home.manager.absences.",
    ).noun("change").names_people()
}

/// `home`: the registered setting and its documents, premises and manager. A fostering
/// service writes its manager and its written policies here; its households are
/// [`foster_carer_households`].
fn home() -> Field {
    use Ty::*;
    f(
        "home",
        obj(vec![
            f("ref", Str, "Pseudonymous reference of the registered setting.").always(),
            statement_of_purpose(),
            f(
                "childrens_guide",
                obj(vec![
                    f("exists", Bool, "A children's guide exists."),
                    f("covers_complaints", Bool, "It says how to complain."),
                    f("covers_advocacy", Bool, "It says how to get an advocate."),
                    x(
                        "covers_who_to_contact",
                        Bool,
                        "It says how to reach the child's independent reviewing officer, the Children's Commissioner and Ofsted (fostering NMS 16.4).",
                    ),
                    x(
                        "age_appropriate",
                        Bool,
                        "It is written for the ages and understanding of the children.",
                    ),
                ]),
                "The children's guide.",
            ),
            x(
                "secure_approval",
                obj(vec![
                    x(
                        "approved",
                        Bool,
                        "The Secretary of State has approved the home for use as secure accommodation (SAR 1991 reg 3); false if not, or no longer.",
                    ),
                    x("approved_on", Date, "When the approval was given."),
                    x(
                        "ends_on",
                        Date,
                        "When the approval ends, if it names a date; blank if it does not.",
                    )
                    .may_follow_as_of(),
                ]),
                "Secure children's homes: the Secretary of State's approval to restrict children's liberty.",
            ),
            x(
                "has_website",
                Bool,
                "The home has a website (CHR reg 16(4) asks for the statement of purpose on it only if it has one).",
            ),
            x(
                "most_children_at_once",
                COUNT,
                "The most children accommodated at any one time in the period. Give it where the children listed were not all there together (short breaks, a child who left in the period); otherwise the children listed are counted.",
            ),
            f(
                "provides_day_to_day_care",
                Bool,
                "false means support, not care (supported accommodation today).",
            ),
            f(
                "staffing_model",
                Enum(&["24h_on_site", "waking_night", "floating_support", "host_household"]),
                "How staff are present.",
            ),
            f(
                "sa_category",
                Enum(&[
                    "self_contained",
                    "shared_lac_only",
                    "shared_not_limited",
                    "private_residence",
                ]),
                "Supported accommodation only: its category (one; a provider offering several lists them in sa_categories).",
            ),
            x(
                "sa_categories",
                list(Enum(&[
                    "self_contained",
                    "shared_lac_only",
                    "shared_not_limited",
                    "private_residence",
                ])),
                "Supported accommodation offering more than one category: every category it offers (SAR 2023 reg 9(1)(b), \"the category or categories\").",
            ),
            f(
                "delegated_authority_by_default",
                Bool,
                "Carers decide day-to-day matters unless a plan says otherwise.",
            ),
            f(
                "advocacy",
                obj(vec![f(
                    "independent_service",
                    Bool,
                    "The advocacy service is independent of the placing authority and the provider.",
                )]),
                "Advocacy arrangements.",
            ),
            x(
                "safeguarding_policy",
                Bool,
                "There is a written safeguarding policy: how children are kept safe from abuse and neglect, and what happens when an allegation is made (CHR reg 34(1), FSR reg 12(1), SAR reg 20(1)).",
            ),
            x(
                "anti_bullying_policy",
                Bool,
                "There is a written policy on preventing and tackling bullying (CHR reg 34(3)).",
            ),
            x(
                "missing_child_policy",
                Bool,
                "There is a written missing child policy: what staff or carers do when a child is missing or away without permission (CHR reg 34(4), SAR reg 21, FSR reg 13(3)).",
            ),
            x(
                "records_kept",
                list(Enum(&[
                    "register_of_children",
                    "staff_record",
                    "duty_roster",
                    "actual_rosters",
                    "other_residents_and_workers",
                    "visitors",
                    "fire_drills",
                    "accounts",
                ])),
                "The records the setting keeps besides each child's case record: the register of children (admission and leaving dates, addresses before and after, placing or accommodating authority, legal basis), the record of each person working there, and in a children's home the duty roster and the rosters actually worked, anyone else living or working there, visitors, fire drills and alarm tests, and accounts (CHR reg 37 and Sch 4; SAR reg 25 and Sch 3; a fostering service's register of placements, FSR reg 22 and Sch 2 para 1).",
            ),
            x(
                "education_monitoring_procedure",
                Bool,
                "Fostering services: a procedure is in use that monitors each placed child's educational achievement, progress and school attendance (FSR reg 16(2)(a)).",
            ),
            x(
                "education_policy",
                Bool,
                "Fostering services: a written education policy that promotes and values children's education, put into practice and understood by the foster carers (fostering NMS 8.5).",
            ),
            x(
                "staying_put_policy",
                Bool,
                "Fostering services: a policy, and the practical arrangements behind it, that let young people stay on with their foster carers after they turn 18 (\"staying put\"; fostering NMS 12.4).",
            ),
            x(
                "manager_absence_cover",
                Bool,
                "Fostering services: clear arrangements name the person in charge whenever the registered manager (or a local authority service's manager) is away (fostering NMS 25.5).",
            ),
            x(
                "carer_payment_policy",
                Bool,
                "Fostering services: a clear written policy on payments to foster carers, setting out how allowances and fees are worked out, telling the allowance from any fee, and what is paid during a break in placements or an allegation (fostering NMS 28.5).",
            ),
            x(
                "carer_payments_reviewed_on",
                Date,
                "Fostering services: when the foster carers' allowances and fees were last reviewed (fostering NMS 28.3 asks for a review every year); not_done if they never have been.",
            ),
            x(
                "child_protection_policies_monitored",
                Date,
                "When the effectiveness of the child protection policies (safeguarding, anti-bullying and missing child) was last monitored or reviewed; not_done if it never has been (CHR reg 12(2)(e), SAR reg 5(2)(c)).",
            ),
            x(
                "behaviour_management_policy",
                Bool,
                "There is a written behaviour management policy: how good behaviour is promoted and which measures of control, discipline and restraint may be used (CHR reg 35(1), FSR reg 13(1), SAR reg 22(1)).",
            ),
            x(
                "behaviour_management_policy_reviewed",
                Date,
                "When the behaviour management policy was last reviewed (or first written, if it has not been reviewed since), CHR reg 35(2).",
            ),
            discharges(),
            fire_drills(),
            premises(),
            manager(),
        ]),
        "The registered setting (a fostering service writes here its registered manager and its written policies; its households are foster_carer_households).",
    )
}

/// `home.statement_of_purpose`: what the home says it is for (ages, numbers, needs), which
/// the admission standards compare each child against.
fn statement_of_purpose() -> Field {
    use Ty::*;
    f(
        "statement_of_purpose",
        obj(vec![
            f(
                "last_revised",
                Date,
                "When the statement of purpose was last revised (or written, if it has not been revised since); not_done if there is none.",
            ),
            f(
                "notified_hmci",
                Date,
                "When Ofsted (HMCI) was sent the latest revision (or the statement itself); not_done if it never was.",
            ),
            x(
                "published_on_website",
                Bool,
                "Published on the home's website (where it has one).",
            ),
            x(
                "not_published_for_welfare",
                Bool,
                "The registered person decided that publishing the statement of purpose on the website would prejudice the welfare of the children in the home (CHR reg 16(4)).",
            ),
            f(
                "age_range",
                obj(vec![
                    f("min", int(0, 25), "Youngest age the home is for."),
                    f("max", int(0, 25), "Oldest age the home is for."),
                ]),
                "Ages the home is for.",
            ),
            f("max_children", COUNT, "Most children the home may accommodate."),
            f(
                "needs_catered",
                list(Str),
                "Needs the home is set up to meet (e.g. emotional_behavioural, cse_risk).",
            ),
            x(
                "identity_arrangements",
                Bool,
                "Describes arrangements for cultural, linguistic and religious needs.",
            ),
            x(
                "states_sa_categories",
                Bool,
                "Supported accommodation: the statement of purpose states the category or categories of accommodation offered (SAR 2023 reg 9(1)(b)).",
            ),
        ]),
        "The statement of purpose.",
    )
}

/// `home.discharges`: children who left, with no name, since the notice of a discharge is
/// owed after the child's record has gone from the file, and a placement's ending is read
/// from it (the review and the written notice CPPCR reg 14 puts before an ending).
fn discharges() -> Field {
    use Ty::*;
    x(
        "discharges",
        list(obj(vec![
            x("date", Date, "The day the child left (was discharged)."),
            x(
                "outside_la_area",
                Bool,
                "The home or accommodation is outside the area of the authority that placed the child (false: that authority is also the local authority where it is, which needs no notice).",
            ),
            x(
                "placing_authority_is_provider",
                Bool,
                "The provider is itself the child's placing authority.",
            ),
            x(
                "short_break",
                Bool,
                "The child was leaving a short break in a children's home (CHR 2015 reg 52 and Sch 5 para 1(d): no discharge notice is owed), not a child on a care order.",
            ),
            x(
                "host_la_notified",
                Date,
                "When the local authority where the home or accommodation is was told of the discharge, or not_done.",
            ),
            x(
                "ended_by_placing_authority",
                Bool,
                "The child's placing authority ended the placement (true), rather than the child leaving in another way: ceasing to be looked after, turning 18, or a court's order (false).",
            ),
            x(
                "reviewed_before",
                Date,
                "When the placing authority reviewed the child's case before ending the placement (CPPCR reg 14(1)), or not_done.",
            ),
            x(
                "ended_for_immediate_risk",
                Bool,
                "The placing authority ended the placement at once because the child was at immediate risk of significant harm, or to protect others from serious injury (CPPCR reg 14(3)).",
            ),
            x(
                "ended_under_another_rule",
                Bool,
                "The placement ended in a way CPPCR reg 14(5) leaves out: an emergency foster placement ending (reg 23(2)), a connected person's temporary approval ending (reg 25(6)), a placement with a parent made before the assessment ending (reg 19(c)), or a case reviewed under CA 1989 s.22D(1).",
            ),
            x(
                "ending_notice_received",
                Date,
                "When the home, accommodation or foster carer received the placing authority's written notice that the placement would end (or had ended), or not_done.",
            ),
            x(
                "notice_beforehand_not_practicable",
                Bool,
                "The placing authority could not reasonably give written notice before the placement ended, so it had ten working days after (CPPCR reg 14(4)).",
            ),
        ])),
        "Children who left in the period, with no name: each discharge; for a children's home or supported accommodation, the notice to the local authority where the setting is (CHR 2015 reg 41, SAR 2023 reg 28; a fostering service owes none); and, when the placing authority ended the placement, the review and the written notice that came first (CPPCR reg 14, every kind).",
    ).noun("discharge").names_people()
}

/// `home.fire_drills`: each fire drill and alarm test, and the remedy of any fault it showed
/// (CHR 2015 Sch 4 para 6), which CARE-021 dates.
fn fire_drills() -> Field {
    use Ty::*;
    x(
        "fire_drills",
        list(obj(vec![
            x("date", Date, "The day of the fire drill or fire alarm test."),
            x(
                "type",
                Enum(&["fire_drill", "alarm_test"]),
                "A fire drill or a test of the fire alarm.",
            ),
            x(
                "deficiency_found",
                Bool,
                "It showed something wrong with the fire procedure or the equipment.",
            ),
            x(
                "remedy_recorded_on",
                Date,
                "When the steps taken to put the fault right were written in the fire record; not_done if nothing has been done yet.",
            ),
        ])),
        "Each fire drill and fire alarm test in the period, with any fault found and what was done about it (CHR 2015 Sch 4 para 6).",
    ).noun("fire drill")
}

/// `home.premises`: each building the setting uses and its location assessment.
fn premises() -> Field {
    use Ty::*;
    f(
        "premises",
        list(obj(vec![
            f("ref", Str, "Pseudonymous reference of the premises.").always(),
            f(
                "location_assessment",
                obj(vec![
                    f("date", Date, "When the location was last assessed."),
                    f(
                        "consulted",
                        list(Enum(&["police", "host_la", "placing_las", "other"])),
                        "Who was consulted.",
                    ),
                ]),
                "The latest location assessment.",
            ),
        ])),
        "Each premises the setting uses.",
    )
    .noun("premises")
    .ref_prefix("P-")
}

/// `home.manager`: the registered manager's registration, qualification deadline and absences,
/// which the leadership standards and Ofsted's notices read.
fn manager() -> Field {
    use Ty::*;
    f(
        "manager",
        obj(vec![
            f("registered", Bool, "The manager is registered with Ofsted."),
            f(
                "appointed",
                Date,
                "When the manager started managing this home or service (the time allowed for the management qualification runs from it).",
            ),
            f(
                "l5_status",
                Enum(&["held", "in_progress", "not_started"]),
                "The manager's management qualification: a home's Level 5 Diploma in Leadership and Management for Residential Childcare (CHR reg 28); a fostering service's Level 5 Diploma in Leadership for Health and Social Care and Children and Young People's Services, or the Level 4 in Leadership and Management for Care Services held before it (NMS 17).",
            ),
            x(
                "l5_deadline_extended_to",
                Date,
                "A later date agreed for the Level 5 Diploma under CHR reg 28 (a break in the manager's work, or part-time work).",
            ).may_follow_as_of(),
            x(
                "absences",
                list(obj(vec![
                    x("start", Date, "The first day of the absence.").may_follow_as_of(),
                    x(
                        "days",
                        COUNT,
                        "How long it lasted, or is planned to last, in days (CHR reg 48 covers absences of 28 days or more).",
                    ),
                    x(
                        "planned",
                        Bool,
                        "Planned in advance; false for an emergency or unforeseen absence.",
                    ),
                    x(
                        "shorter_notice_agreed",
                        Bool,
                        "Ofsted (HMCI) agreed to a notice period shorter than a month.",
                    ),
                    x("hmci_notified_on", Date, "When Ofsted was told in writing of the absence."),
                    x("returned_on", Date, "When the manager came back, if they have."),
                    x(
                        "return_notified_on",
                        Date,
                        "When Ofsted was told of the return.",
                    ),
                ])),
                "The manager's absences of 28 days or more.",
            ),
        ]),
        "The registered manager.",
    )
}

/// `oversight`: the independent visits and the registered person's own reviews of quality
/// (CHR regs 44 and 45, SAR's quality reviews).
fn oversight() -> Field {
    use Ty::*;
    f(
        "oversight",
        obj(vec![
            reg44_visits(),
            reg45_reviews(),
            x(
                "sa_quality_reviews",
                list(Date),
                "Supported accommodation: dates the registered person completed a review of the quality of support (SAR 2023 reg 32).",
            ),
            x(
                "board_reports",
                list(Date),
                "Fostering: dates the council's executive, or the agency's provider, trustees or board, received a written report on the service's management, outcomes and finances (fostering NMS 25.7 asks for one every three months).",
            ),
            x(
                "fostering_panel",
                obj(vec![
                    x(
                        "central_list_has_experienced_social_worker",
                        Bool,
                        "The central list of people suitable to sit on the fostering panel includes at least one social worker with three or more years' relevant post-qualifying experience (FSR reg 23(1)).",
                    ),
                    x(
                        "chair_independent",
                        Bool,
                        "The person appointed to chair the panel is independent of the fostering service provider (FSR reg 23(4)(i)).",
                    ),
                    x(
                        "chair_appointed_on",
                        Date,
                        "When the panel's chair was appointed: a chair appointed on or before 1 October 2011 need not be independent (FSR reg 23(4)(i)).",
                    ),
                    x(
                        "vice_chairs",
                        COUNT,
                        "How many vice chairs, people from the central list who may chair the panel when the chair is absent or the post is vacant, are appointed: one or two (FSR reg 23(4)(ii)).",
                    ),
                ]),
                "Fostering: the fostering panel, which recommends approvals and reviews of carers (FSR regs 23-25).",
            ),
            x(
                "carer_record_requests",
                list(obj(vec![
                    x(
                        "asked_by",
                        Enum(&["fostering_service", "adoption_agency"]),
                        "Who asked for a foster carer's records: another fostering service assessing them (FSR reg 26(1A)(e)) or an adoption agency (Adoption Agencies Regulations 2005 reg 30F(4)).",
                    ),
                    x("received_on", Date, "When the request arrived."),
                    x(
                        "provided_on",
                        Date,
                        "When the service gave access to the carer's case record and register entry, or not_done.",
                    ),
                ])),
                "Fostering: each request from another fostering service or an adoption agency for a foster carer's records, and when they were provided (FSR reg 32(6): within 15 working days).",
            ),
            x(
                "independent_reviews",
                list(obj(vec![
                    x(
                        "notified_on",
                        Date,
                        "When the notice arrived that someone had applied for an independent review of a proposal not to approve them, or to end or change their approval.",
                    ),
                    x(
                        "papers_sent_on",
                        Date,
                        "When the service sent the panel's papers, what it learnt since and its notice for the review, or not_done.",
                    ),
                ])),
                "Fostering: each independent review of a fostering decision the service was told of, and when it sent its papers (FSR reg 29: within 10 working days).",
            ),
        ]),
        "Oversight of the home.",
    )
}

/// `oversight.reg44`: the independent person and each monthly visit, with its report, its
/// opinions and its recommendations.
fn reg44_visits() -> Field {
    use Ty::*;
    f(
        "reg44",
        obj(vec![
            f(
                "visitor",
                obj(vec![
                    f(
                        "employed_by_provider",
                        Bool,
                        "The independent person is employed for payment by the provider (a council provider: in its children's social services, not, say, its housing; reg 43(3)(a)-(b)).",
                    ),
                    x(
                        "sole_scrutiny_role",
                        Bool,
                        "Employed by the provider solely to scrutinise (allowed).",
                    ),
                    f(
                        "conflicts_declared",
                        list(Str),
                        "Conflicts of interest that bar the appointment (reg 43(3)(c)-(g)); a connection the provider judged raises no doubt about impartiality is not one.",
                    ),
                ]),
                "The independent person.",
            ),
            f(
                "visits",
                list(obj(vec![
                    f("date", Date, "Date of the visit."),
                    f("report_sent_hmci", Date, "When the report went to Ofsted."),
                    f(
                        "opinion_safeguarded",
                        Bool,
                        "The report gives an opinion that children are effectively safeguarded.",
                    ),
                    f(
                        "opinion_wellbeing_promoted",
                        Bool,
                        "The report gives an opinion that the home promotes well-being.",
                    ),
                    x("unannounced", Bool, "The visit was unannounced."),
                    x(
                        "independent_person_access",
                        Enum(&[
                            "given",
                            "refused_by_home",
                            "interview_declined_by_person",
                            "case_records_without_consent",
                        ]),
                        "The home helped the independent person interview in private those they asked to see, inspect the premises and see the records (given); refused_by_home if it did not; interview_declined_by_person when someone did not agree to be interviewed; case_records_without_consent when a child's case records were withheld because the child or the placing authority had not consented (CHR reg 44(2)).",
                    ),
                    x(
                        "recommendations",
                        list(obj(vec![
                            x(
                                "consider_by",
                                Date,
                                "The date by which the report asks the registered person to consider it (CHR reg 44(5)).",
                            ).may_follow_as_of(),
                            x(
                                "considered_on",
                                Date,
                                "When the registered person considered it and decided what to do, or not_done.",
                            ),
                        ])),
                        "The report's recommendations with a timescale.",
                    ),
                ])),
                "Regulation 44 visits.",
            ).noun("visit"),
        ]),
        "Independent person visits (Children's Homes Regulations reg 44).",
    )
}

/// `oversight.reg45`: the registered person's reviews of the quality of care and whose views
/// they sought.
fn reg45_reviews() -> Field {
    use Ty::*;
    f(
        "reg45",
        obj(vec![f(
            "reviews",
            list(obj(vec![
                f("completed", Date, "When the review was completed."),
                f("report_to_hmci", Date, "When the report went to Ofsted."),
                f(
                    "views_sought",
                    obj(vec![
                        f("children", Bool, "Children's views were sought."),
                        f("parents", Bool, "Parents' views were sought."),
                        x(
                            "no_parent_to_consult",
                            Bool,
                            "No parent can be consulted (dead, untraceable, or contact stopped by a court); parents: false is then no breach.",
                        ),
                        f("placing_authorities", Bool, "Placing authorities' views were sought."),
                        f("staff", Bool, "Staff views were sought."),
                    ]),
                    "Whose views the review sought.",
                ),
            ])),
            "Quality of care reviews.",
        ).noun("review")]),
        "Quality of care reviews (reg 45).",
    )
}

/// `workforce`: the staff and the figures about them as a whole (turnover, agency shifts).
fn workforce() -> Field {
    use Ty::*;
    f(
        "workforce",
        obj(vec![
            staff(),
            f(
                "turnover_pct_12m",
                Num,
                "Staff turnover over the last 12 months, per cent.",
            ),
            x(
                "agency_shift_pct_period",
                Num,
                "Shifts worked by agency staff in the period, per cent.",
            ),
        ]),
        "The workforce.",
    )
}

/// `workforce.staff`: each member of staff, with the recruitment checks the fitness standards
/// read before the person's start date.
fn staff() -> Field {
    use Ty::*;
    f(
        "staff",
        list(obj(vec![
            f("ref", Str, "Pseudonymous staff reference (S-...).").always(),
            f(
                "role",
                Enum(&[
                    "residential_worker",
                    "senior",
                    "deputy_manager",
                    "manager",
                    "support_worker",
                    "supervising_social_worker",
                    "other",
                ]),
                "Role (a fostering service's supervising social workers: supervising_social_worker).",
            ),
            f(
                "care_role_start",
                Date,
                "The person's first day in post in this role (checks must be dated on or before it).",
            ),
            x(
                "employed_since",
                Date,
                "The first day of the person's employment by this provider, when earlier than care_role_start (a promotion or another change of role): the yearly appraisal counts from it, not from the new role.",
            ),
            f(
                "l3_status",
                Enum(&["held", "in_progress", "not_started"]),
                "Level 3 Diploma for Residential Childcare.",
            ),
            x(
                "first_care_role_in_a_home",
                Date,
                "The day the person first worked in a care role in any children's home, here or elsewhere, when earlier than care_role_start: the Level 3 Diploma is due two years after it (CHR 2015 reg 32(5)(a)).",
            ),
            x(
                "l3_deadline_extended_to",
                Date,
                "A later date the registered person set for the Level 3 Diploma under CHR reg 32(6) (breaks, part-time work).",
            ).may_follow_as_of(),
            dbs_check(),
            x(
                "enhanced_check_position",
                Bool,
                "The post is one for which the law asks an enhanced DBS certificate (regulation 5A of the Police Act 1997 (Criminal Records) Regulations 2002: work with children). Absent means yes; false (a finance officer, a gardener) means a standard certificate is what the law asks.",
            ),
            x(
                "started_pending_checks",
                Bool,
                "Supported accommodation: started before the enquiries in SAR 2023 Sch 1 paras 3 to 6 (references, employment history, reasons for leaving) were complete, the registered person having taken all reasonable steps to complete them (reg 17(4)).",
            ),
            f("references", COUNT, "Written references obtained."),
            f(
                "employment_gaps_explained",
                Bool,
                "Every gap in employment history explained.",
            ),
            f(
                "disqualification_declaration",
                Date,
                "Date of the disqualification declaration made before the person started (not a renewal; write that as latest_disqualification_declaration).",
            ),
            x(
                "latest_disqualification_declaration",
                Date,
                "Date of the most recent renewal of the disqualification declaration.",
            ),
            x("id_verified", Bool, "Proof of identity with a photograph checked."),
            x(
                "previous_care_work_leaving_reason_verified",
                Bool,
                "Reason for leaving earlier work with children or vulnerable adults verified. Leave it out (or blank) when the person has done no such work before: a blank is read as none to verify, and passes.",
            ),
            x(
                "supervisions",
                list(Date),
                "Dates of the person's practice supervision sessions.",
            ),
            x(
                "last_appraisal",
                Date,
                "When the person's performance was last appraised.",
            ),
            x(
                "induction_started_on",
                Date,
                "The day the person's induction began (a fostering service: within 7 working days of starting, NMS 23).",
            ),
            x(
                "induction_completed_on",
                Date,
                "The day the person's induction was completed (a fostering service: within six months of starting, NMS 23).",
            ),
        ])),
        "Each member of staff.",
    ).noun("staff member").names_people().ref_prefix("S-")
}

/// `workforce.staff.dbs`: the DBS certificate, first and latest, apart from the other checks
/// because its dates decide whether the person could start.
fn dbs_check() -> Field {
    use Ty::*;
    f(
        "dbs",
        obj(vec![
            f(
                "level",
                Enum(&["enhanced_with_barred_list", "enhanced", "standard", "basic", "none"]),
                "DBS check level.",
            ),
            f(
                "date",
                Date,
                "Date of the certificate obtained before the person started (not a later renewal; write that as latest_date).",
            ),
            x(
                "latest_date",
                Date,
                "Date of the most recent certificate or Update Service status check.",
            ),
            f("update_service", Bool, "Subscribed to the DBS Update Service."),
            x(
                "applied_on",
                Date,
                "When the check was applied for. With no date, the check is applied for and its certificate not back yet: the person may not start until it is (CHR reg 32(3)(d), SAR reg 17(4), FSR Sch 1 para 2). With a date after the start, it says whether that certificate answers an application made before the start (a late first check) or a renewal.",
            ),
        ]),
        "Disclosure and Barring Service check.",
    )
}

/// `foster_carer_households`: fostering services only, one entry per household, the record
/// a fostered child's `household` names.
fn foster_carer_households() -> Field {
    use Ty::*;
    f(
        "foster_carer_households",
        list(obj(vec![
            f("ref", Str, "Pseudonymous household reference (H-...).").always(),
            household_approval(),
            f("approval_reviews", list(Date), "Dates of approval reviews."),
            f(
                "peer_support",
                Enum(&["mockingbird_constellation", "other_peer_group", "none"]),
                "Peer support.",
            ),
            x(
                "tsd_completed",
                Date,
                "When the Training, Support and Development Standards were evidenced.",
            ),
            x(
                "positive_care_training_on",
                Date,
                "When the household's foster carers were last trained in positive care and control of children, including de-escalating problems and disputes (fostering NMS 3); not_done if they have not been.",
            ),
            x(
                "supervising_social_worker_named",
                Bool,
                "A supervising social worker is named.",
            ),
            x(
                "unannounced_visits",
                list(Date),
                "Unannounced visits by the supervising social worker.",
            ),
            x("out_of_hours_support", Bool, "Out-of-hours support is available."),
            x(
                "allowance",
                Enum(&["at_least_national_minimum", "below_national_minimum", "no_child_placed"]),
                "What the household is paid for each child placed with them: at least the national minimum allowance, or less; no_child_placed when no child was placed with them in the period (fostering NMS 28.1).",
            ),
            x(
                "payment_policy_sent_on",
                Date,
                "When the household was last given the service's written payment policy and the current rates of allowances and fees (fostering NMS 28.6 asks for them every year); not_done if never.",
            ),
            temporary_approval(),
            x(
                "usual_limit_exemption",
                Bool,
                "The local authority has granted an exemption from the usual fostering limit (CA 1989 Sch 7 para 4).",
            ),
            x(
                "all_siblings",
                Bool,
                "All the children fostered in the household are brothers and sisters of each other (CA 1989 Sch 7 para 3: the usual limit does not apply).",
            ),
            x(
                "adult_members_checked",
                Bool,
                "Every adult living in the household has an enhanced DBS check with barred-list information.",
            ),
        ])),
        "Fostering services only: one entry per household.",
    ).noun("household").names_people().ref_prefix("H-")
}

/// `foster_carer_households.approval`: when and for whom the household was approved; the
/// terms a placement is checked against.
fn household_approval() -> Field {
    use Ty::*;
    f(
        "approval",
        obj(vec![
            f("date", Date, "When the household was first approved as foster carers."),
            f(
                "terms",
                obj(vec![
                    f("age_min", int(0, 25), "Youngest age approved for."),
                    f("age_max", int(0, 25), "Oldest age approved for."),
                    f("max_children", COUNT, "Most children approved for."),
                ]),
                "Terms of approval.",
            ),
            x(
                "family_and_friends",
                Bool,
                "Approved as family and friends (kinship) carers.",
            ),
        ]),
        "Approval.",
    )
}

/// `foster_carer_households.temporary_approval`: a connected person's temporary approval
/// (CPPCR regs 24-25), whose own time limits replace the approved carer's reviews.
fn temporary_approval() -> Field {
    use Ty::*;
    x(
        "temporary_approval",
        obj(vec![
            x(
                "start",
                Date,
                "When the responsible authority temporarily approved the household as connected-person (family and friends) foster carers for a named child (CPPCR 2010 reg 24).",
            ),
            x(
                "extended_until",
                Date,
                "If the temporary approval was extended under CPPCR reg 25 (once, by at most eight weeks beyond the first 16), the day the extension ends.",
            ).may_follow_as_of(),
            x(
                "awaiting_review_of_refusal",
                Bool,
                "The authority proposed to refuse full approval and the carers asked for a review: the temporary approval lasts until the outcome (CPPCR reg 25(1)(b)).",
            ),
            x(
                "full_approval_on",
                Date,
                "When the household was approved as foster carers under the fostering regulations, if it has been.",
            ),
            x(
                "ended_on",
                Date,
                "When the temporary placement ended without full approval, if it has.",
            ),
        ]),
        "A connected person's temporary approval, where there is one.",
    )
}

/// `children`: one record per child, by pseudonymous ref. This function keeps the child's
/// own facts (age, legal basis, needs); each part of the child's care is its own function
/// below, in the order a template shows them.
fn children() -> Field {
    use Ty::*;
    f(
        "children",
        list(obj(vec![
            f(
                "ref",
                Str,
                "Pseudonymous child reference (C-...), unique within the file.",
            )
            .always(),
            f(
                "household",
                Ref("foster_carer_households"),
                "Fostering services: the ref of the household.",
            ),
            f("age_years", int(0, 25), "Age in whole years at as_of."),
            x(
                "age_years_at_period_start",
                int(0, 25),
                "Age at the start of the period (catches birthdays inside it).",
            ),
            x(
                "looked_after_until",
                Date,
                "The day the young person stopped being looked after, when that fell inside the period: the 18th birthday, or the day they left care. Visits and reviews owed while looked after are judged up to it.",
            ),
            f(
                "legal_basis",
                Enum(&[
                    "care_order",
                    "interim_care_order",
                    "s20",
                    "remand",
                    "s25_secure",
                    "other",
                ]),
                "Legal basis of being looked after.",
            ),
            x(
                "s20_subsection",
                Enum(&["s20_1", "s20_3", "s20_4", "s20_5"]),
                "For a child accommodated under section 20 (legal_basis: s20): the subsection the placing authority relies on (s20_5: a young person of 16 or over accommodated in a community home under s.20(5)).",
            ),
            f(
                "entered_care",
                Date,
                "When the child became looked after, in the current episode of care.",
            ),
            x(
                "primary_needs",
                list(Str),
                "The child's main needs, in the words of needs_catered.",
            ),
            x("disabled", Bool, "The child is disabled."),
            x(
                "short_breaks",
                Bool,
                "Placed under a series of short breaks (CPPCR 2010 reg 48(2)): a child not in the authority's care (not under a care order), placed for short periods and returning to a parent after each. Most care planning rules for full-time placements do not apply (reg 48(3)). The limits on each stay and on the days in a year are in reg 48(2)(b)-(c), amended since it was made; carecheck does not check them.",
            ),
            x(
                "case_record",
                list(Enum(&[
                    "name",
                    "date_of_birth_and_sex",
                    "religion",
                    "ethnicity_culture_and_language",
                    "address_before_admission",
                    "address_after_discharge",
                    "money_and_valuables",
                    "statutory_basis",
                    "accommodating_authority_contact",
                    "placing_authority_contact",
                    "parents_details",
                    "social_worker_contact",
                    "school_or_college_contact",
                    "employer_contact",
                ])),
                "What the child's case record holds, of what the law lists (CHR 2015 Sch 3 for children's homes, SAR 2023 Sch 2 for supported accommodation): name and earlier names (not one used before adoption), date of birth and sex, religion (if any), ethnicity and cultural and linguistic background, the address before admission and the one they go to on leaving, money and valuables deposited, the statutory provision they are accommodated under, the accommodating authority's contact (supported accommodation) or the placing authority's (children's homes), the parents' names, addresses, telephone numbers and religion, the social worker's, the school's or college's (with a school's designated teacher for looked-after children, if it has one) and any employer's contact details.",
            ),
            x(
                "not_looked_after",
                Bool,
                "The child is not looked after by a local authority (placed by their parents or by another body, or, in supported accommodation, a care leaver): CHR reg 17 and the Care Planning Regulations 2010 then do not apply. Leave it blank or false for a looked-after child.",
            ),
            placing_authority_requests(),
            x(
                "home_meets_disability_needs",
                Bool,
                "Premises and equipment meet the child's disability needs.",
            ),
            f(
                "care",
                obj(vec![
                    f("provided", Bool, "The child receives care, not only support."),
                    f("key_worker", Bool, "The child has a key worker."),
                ]),
                "Care.",
            ),
            placement(),
            siblings(),
            contact_restrictions(),
            delegated_authority(),
            plans(),
            voice(),
            social_worker(),
            moves(),
            health(),
            education(),
            leaving_care(),
            safety(),
        ])),
        "Each child, by pseudonymous reference.",
    ).noun("child").names_people().ref_prefix("C-")
}

/// `children[].placing_authority_requests`: what the child's placing (in supported
/// accommodation, accommodating) authority asked of the provider and when it answered (CHR
/// 2015 reg 17(3), SAR 2023 reg 5(2)(d)-(e)), which CARE-022 and CARE-023 date.
fn placing_authority_requests() -> Field {
    use Ty::*;
    x(
        "placing_authority_requests",
        list(obj(vec![
            x(
                "made_on",
                Date,
                "When the child's placing (or accommodating) authority asked for information about the child, or for someone from the home or provider at a meeting about the child.",
            ),
            x(
                "type",
                Enum(&["information", "meeting"]),
                "What it asked for: information about the child, or a suitable representative at a meeting about the child (CHR reg 17(3), SAR reg 5(2)(d)-(e)).",
            ),
            x("meeting_on", Date, "For a meeting: the day it was, or is to be, held.").may_follow_as_of(),
            x(
                "met_on",
                Date,
                "When the information was given, or the day the representative attended the meeting; not_done if it was not.",
            ),
        ])),
        "Each request from the child's placing (or accommodating) authority for information about the child or for someone to attend a meeting about them, and how it was answered (CHR reg 17(3), SAR reg 5(2)(d)-(e)).",
    ).noun("placing authority request")
}

/// `children.placement`: the current placement: where, how far from home, who approved it,
/// and the secure placement's own times and notices.
fn placement() -> Field {
    use Ty::*;
    f(
        "placement",
        obj(vec![
            f("start", Date, "When this placement started."),
            x(
                "age_years_at_start",
                int(0, 25),
                "Age in whole years on the day this placement started, when a birthday since then makes age_years differ (a child placed at 15 who is 16 now): the law asks some things of the age at placement.",
            ),
            f("emergency", Bool, "An emergency placement."),
            f("outside_la_area", Bool, "Outside the placing authority's area."),
            f(
                "nominated_officer_approved",
                Bool,
                "Approved by the authority's nominated officer.",
            ),
            f(
                "travel_minutes_to_home",
                COUNT,
                "Travel time to the child's home area, minutes.",
            ),
            f(
                "out_of_area_reason",
                Enum(&[
                    "exploitation_risk",
                    "specialist_need",
                    "child_wish",
                    "sibling_placement",
                    "other",
                ]),
                "Why far from home.",
            ),
            x("intended_until_18", Bool, "The placement is intended to last until 18."),
            x(
                "plan_under_voluntary_placement_regulations",
                Bool,
                "A child not looked after whose placement plan is made under the Arrangements for Placement of Children by Voluntary Organisations and Others (England) Regulations 2011: a voluntary organisation placed the child, or the provider must make the plan under those regulations (CHR reg 18(2)-(3)).",
            ),
            x(
                "placed_by_secretary_of_state",
                Bool,
                "The Secretary of State, not a local authority, placed the child (a child sentenced to detention, for example).",
            ),
            x(
                "adjoining_authority",
                Bool,
                "Outside the placing authority's area but in an authority next to it.",
            ),
            x(
                "dcs_approved",
                Bool,
                "A distant placement approved by the placing authority's director of children's services (CPPCR reg 11(1)(b)).",
            ),
            x(
                "placing_authority_is_provider",
                Bool,
                "The provider is itself the child's placing (responsible) authority: a local authority's own home or fostering service caring for a child that authority looks after. Notices to the placing authority are then not needed.",
            ),
            x(
                "host_la_notified",
                Date,
                "When the local authority where the home is was told of the admission (CHR reg 41).",
            ),
            x(
                "visited_before",
                Date,
                "Supported accommodation: when the young person visited the accommodation before moving in, as the placing authority arranged (CPPCR reg 27(b)), or not_done.",
            ),
            x(
                "visit_not_practicable",
                Bool,
                "Supported accommodation: a visit before moving in was not reasonably practicable (CPPCR reg 27(b)).",
            ),
            x(
                "secure_hours_without_order",
                COUNT,
                "Secure children's homes: most hours the child was kept in secure accommodation without a court order in any 28 days.",
            ),
            x(
                "secure_reviews",
                list(Date),
                "Secure children's homes: dates of the reviews of the child's secure placement by the panel the looking-after authority appoints (SAR 1991 reg 15).",
            ),
            x(
                "secretary_of_state_approval",
                Bool,
                "Secure placement of an under-13: approved by the Secretary of State.",
            ),
            x(
                "secure_started_at",
                Timestamp,
                "Secure children's homes: when the child's placement in secure accommodation began (date and time).",
            ),
            x(
                "looking_after_la_informed_at",
                Timestamp,
                "Secure children's homes: when the home told the local authority looking after the child that the child had been placed there (SAR 1991 reg 9: within 12 hours).",
            ),
            x(
                "secure_family_informed",
                Enum(&["yes", "no", "not_practicable"]),
                "Secure children's homes: the authority looking after the child told the child's parents, anyone else with parental responsibility and the child's independent visitor of the secure placement (SAR 1991 reg 14); not_practicable when it could not (no parent can be found, for example).",
            ),
            x(
                "behaviour_policy_shared",
                obj(vec![
                    x(
                        "placing_authority_on",
                        Date,
                        "When the service's behaviour policy was made clear to the child's placing authority; not_done if it was not.",
                    ),
                    x(
                        "child_on",
                        Date,
                        "When it was explained to the child, in a way they could follow; not_done if it was not.",
                    ),
                    x(
                        "parents_on",
                        Date,
                        "When it was made clear to the child's parents, or the carers the child came from; not_done if it was not.",
                    ),
                    x(
                        "child_too_young",
                        Bool,
                        "The child is too young to follow a policy explained in any form (a baby, say).",
                    ),
                    x(
                        "no_parent_to_tell",
                        Bool,
                        "There was no parent or carer to tell: none is known or can be found, or the placing authority says they must not be contacted.",
                    ),
                ]),
                "Fostering services: when the service's policy on behaviour (positive behaviour, de-escalation, discipline) was made clear to the placing authority, the child and the child's parents, which fostering NMS 3 asks for before the placement begins, or at the time of an emergency placement.",
            ),
        ]),
        "The current placement.",
    )
}

/// `children.siblings`: brothers and sisters, together or apart.
fn siblings() -> Field {
    use Ty::*;
    f(
        "siblings",
        obj(vec![
            f("in_care", COUNT, "Brothers and sisters also looked after."),
            f("living_together", COUNT, "Of them, how many live with the child."),
            f("separation_reason", Str, "Why they are apart."),
            f("contact_plan", Bool, "A sibling contact plan exists."),
        ]),
        "Brothers and sisters.",
    )
}

/// `children.contact_restrictions`: restrictions on the child's contact and communication,
/// and when the placing authority was told.
fn contact_restrictions() -> Field {
    use Ty::*;
    x(
        "contact_restrictions",
        list(obj(vec![
            x("imposed_at", Timestamp, "When the restriction on contact or communication began."),
            x(
                "emergency",
                Bool,
                "Imposed by the carer or home in an emergency to protect the child, not set by the care plan, placement plan or a court.",
            ),
            x(
                "responsible_la_told_at",
                Timestamp,
                "When the child's responsible (placing) authority was told of it.",
            ),
            x(
                "agreed_by_responsible_la",
                Bool,
                "The responsible authority agreed to it continuing.",
            ),
            // the end of a restriction still in force at the as-of date comes after it: a fact
            // of the restriction, not late evidence of a follow-up
            x(
                "lifted_at",
                Timestamp,
                "When the restriction ended (after the as-of date when it was still in force then). An emergency restriction lifted within 24 hours needs the authority told, not its agreement.",
            )
            .may_follow_as_of(),
        ])),
        "Restrictions placed on the child's contact with family and friends or on their communications.",
    )
}

/// `children.delegated_authority`: who takes each day-to-day decision.
fn delegated_authority() -> Field {
    f(
        "delegated_authority",
        obj(vec![
            f("haircuts", DELEGATION, "Who decides."),
            f("overnight_stays", DELEGATION, "Who decides."),
            f("school_trips", DELEGATION, "Who decides."),
            f("routine_dental", DELEGATION, "Who decides."),
            f("routine_medical", DELEGATION, "Who decides."),
            f("uk_holidays", DELEGATION, "Who decides."),
        ]),
        "Who takes day-to-day decisions.",
    )
}

/// `children.plans`: the placement plan and the independence plan, around the care plan.
fn plans() -> Field {
    use Ty::*;
    x(
        "plans",
        obj(vec![
            care_plan(),
            x(
                "placement_plan",
                obj(vec![
                    x("date", Date, "Date of the placement plan (its latest revision)."),
                    x(
                        "first_date",
                        Date,
                        "When the first placement plan for this placement was agreed (a later revision is `date`).",
                    ),
                    x("signed_by_home", Bool, "Agreed and signed by the home or carer."),
                    x(
                        "before_admission_not_practicable",
                        Bool,
                        "For a child not looked after: a plan before admission was not reasonably practicable, so it was written as soon as possible after (CHR reg 18(4)).",
                    ),
                    x(
                        "wishes_ascertained",
                        Bool,
                        "The child's wishes and feelings ascertained.",
                    ),
                    x(
                        "day_to_day_care",
                        Bool,
                        "Sets out how the child is cared for day to day and kept safe and well by the home, the carers or the accommodation (CPPCR 2010 Sch 2 para 1(1)).",
                    ),
                    x("contact_arrangements", Bool, "Records contact arrangements."),
                    x("gp_dentist_named", Bool, "Names the GP and dentist."),
                    x(
                        "designated_teacher_named",
                        Bool,
                        "Names the school's designated teacher.",
                    ),
                ]),
                "The placement plan.",
            ),
            x(
                "independence_plan",
                Date,
                "When an independence-skills plan was last reviewed.",
            ),
        ]),
        "Plans held for the child.",
    )
}

/// `children.plans.care_plan`: the placing authority's care plan and its significant changes,
/// each with the review that considered it.
fn care_plan() -> Field {
    use Ty::*;
    x(
        "care_plan",
        obj(vec![
            x(
                "date",
                Date,
                "Date of the current care plan (its latest revision).",
            ),
            x(
                "first_date",
                Date,
                "For a child who entered care in the period: when the first care plan was made.",
            ),
            x(
                "dimensions",
                list(Enum(&[
                    "health",
                    "education",
                    "emotional_behavioural",
                    "identity",
                    "family_social",
                    "social_presentation",
                    "self_care",
                    "permanence",
                ])),
                "What it covers.",
            ),
            x("iro_named", Bool, "The independent reviewing officer is named."),
            x(
                "includes_placement_plan",
                Bool,
                "The care plan includes the current placement plan (CPPCR 2010 reg 5(c)).",
            ),
            x("agreed_with_child", Bool, "Agreed with the child."),
            x(
                "agreed_with",
                Enum(&["parents", "previous_carer", "not_reasonably_practicable", "not_agreed"]),
                "Who the placing authority agreed the care plan with (CPPCR 2010 reg 4(4)): parents (the parents and others with parental responsibility), previous_carer (no one has parental responsibility: the person who looked after the child before), not_reasonably_practicable, or not_agreed.",
            ),
            x(
                "significant_changes",
                list(obj(vec![
                    x("date", Date, "When the authority made the significant change to the care plan (a move, a change of permanence plan, ending care)."),
                    x(
                        "considered_at_review_on",
                        Date,
                        "The date of the review of the child's case that considered the change first; not_done if none did.",
                    ),
                    x(
                        "review_not_practicable",
                        Bool,
                        "A review before the change was not reasonably practicable (an emergency), as CPPCR 2010 reg 32(2) allows.",
                    ),
                ])),
                "Significant changes the placing authority made to the care plan, and the review that considered each first.",
            ).noun("significant change"),
        ]),
        "The care plan (placing authority's).",
    )
}

/// `children.voice`: the child's wishes, advocacy and review requests, around the reviews of
/// the child's case.
fn voice() -> Field {
    use Ty::*;
    f(
        "voice",
        obj(vec![
            f(
                "views_recorded_on",
                Date,
                "When the child's wishes and feelings were last recorded in the plan.",
            ),
            f(
                "advocacy",
                obj(vec![
                    f(
                        "offered_on_entry",
                        Date,
                        "When an advocate was offered on entering care.",
                    ),
                    f(
                        "status",
                        Enum(&[
                            "has_advocate",
                            "self_represents",
                            "opted_out",
                            "not_offered",
                            "not_appropriate_for_age",
                        ]),
                        "Advocacy status.",
                    ),
                ]),
                "Advocacy.",
            ),
            x(
                "childrens_guide_given_on",
                Date,
                "Fostering: when the child was given the service's children's guide, explained by the foster carer (fostering NMS 16.3 asks for it at the point of placement); not_done if it was not.",
            ),
            x(
                "childrens_guide_not_suited",
                Bool,
                "Fostering: the child is too young, or cannot yet understand, to be given the children's guide in any form, pictures and other formats included (NMS 16.3 is subject to the child's age and understanding).",
            ),
            case_reviews(),
            x(
                "statutory_reviews",
                list(Date),
                "Dates of every statutory review of the child's case chaired by the IRO (CPPCR 2010 reg 33) since the child entered care, or at least those in the period and the last one before it. `reviews` may list only some; this list is all of them.",
            ),
            x(
                "review_requests",
                list(obj(vec![
                    x(
                        "reason",
                        Enum(&["risk_or_inadequate_care", "persistently_absent", "child_asked"]),
                        "Why a review of the child's plans was needed: the home thinks the child is at risk of harm or the care cannot meet their needs; the child is or has been persistently absent without permission; or the child asked for one (CHR reg 14(2)(e)).",
                    ),
                    x("arose_on", Date, "When the reason arose (the child asked, the concern was identified)."),
                    x(
                        "requested_on",
                        Date,
                        "When the home contacted the placing authority and asked for a review, or not_done.",
                    ),
                ])),
                "Each time a review of the child's plans had to be asked for, and when it was.",
            ),
        ]),
        "The child's voice.",
    )
}

/// `children.voice.reviews`: the reviews of the child's case and the IRO's part in each.
fn case_reviews() -> Field {
    use Ty::*;
    f(
        "reviews",
        list(obj(vec![
            f("date", Date, "Date of the review."),
            f("significant_decision", Bool, "A significant decision was taken."),
            f("advocate_input", Bool, "An advocate contributed."),
            f(
                "child_self_represented",
                Bool,
                "The child chose to speak for themselves.",
            ),
            x(
                "iro_chaired",
                Enum(&["yes", "no", "not_reasonably_practicable"]),
                "The independent reviewing officer (IRO) attended and chaired the review meeting; not_reasonably_practicable when the IRO could not reasonably attend (CPPCR 2010 reg 36).",
            ),
            x(
                "iro_spoke_privately",
                Enum(&["yes", "no", "child_refused", "not_appropriate_for_understanding"]),
                "The IRO spoke to the child in private about the review's matters; child_refused when a child old enough to decide said no; not_appropriate_for_understanding when the IRO judged it unsuitable for the child's age and understanding.",
            ),
        ])),
        "Reviews of the child's case.",
    ).noun("review")
}

/// `children.social_worker`: the placing authority's social worker's visits.
fn social_worker() -> Field {
    use Ty::*;
    x(
        "social_worker",
        obj(vec![
            x(
                "visits",
                list(Date),
                "Visits by the child's social worker to the child in this placement.",
            ),
            x(
                "late_visits_escalated",
                Bool,
                "The home raised overdue social worker visits with the placing authority.",
            ),
        ]),
        "The placing authority's social worker.",
    )
}

/// `children.moves`: moves in the period, with the notice and the approval each needed.
fn moves() -> Field {
    use Ty::*;
    f(
        "moves",
        list(obj(vec![
            f("date", Date, "Date of the move."),
            f("child_notified", Date, "When the child was told."),
            f("emergency", Bool, "An emergency move."),
            f("advocate_offered", Bool, "An advocate was offered."),
            f("school_changed", Bool, "The move changed the child's school."),
            x("ks4", Bool, "The child was in Key Stage 4 (Years 10-11)."),
            x("nominated_officer_approved", Bool, "Approved by the nominated officer."),
            x(
                "child_not_told_for_age",
                Bool,
                "The child was not told of the move because, given their age and understanding, it would not have been appropriate (CPPCR reg 13(2)(a)).",
            ),
            x(
                "ended_for_immediate_risk",
                Bool,
                "The placing authority ended the placement at once because the child was at immediate risk of significant harm, or to protect others from serious injury (CPPCR reg 14(3)).",
            ),
        ])),
        "Moves in the period or the last 12 months.",
    ).noun("move")
}

/// `children.health`: health assessments and the SDQ, GP and dentist registration, and
/// medicines, as the health standards read them.
fn health() -> Field {
    use Ty::*;
    f(
        "health",
        obj(vec![
            f("initial_assessment", Date, "Initial health assessment."),
            f("review_assessments", list(Date), "Review health assessments."),
            f("sdq_date", Date, "Latest Strengths and Difficulties Questionnaire."),
            f("gp_registered", Bool, "Registered with a GP."),
            f("dentist_registered", Bool, "Registered with a dentist."),
            f("last_dental_check", Date, "Latest dental check."),
            x(
                "assessment_refused",
                Bool,
                "The child, of sufficient age and understanding, refused the health assessment or review (CPPCR reg 7).",
            ),
            x(
                "immunisations_recorded",
                Bool,
                "The health plan records immunisation status.",
            ),
            x(
                "medicines",
                obj(vec![
                    x(
                        "prescribed",
                        Bool,
                        "The child takes medicine prescribed for them.",
                    ),
                    x(
                        "stored_securely",
                        Bool,
                        "The child's medicines that the home or carer holds are kept where children cannot get at them unsupervised.",
                    ),
                    x(
                        "administration_recorded",
                        Bool,
                        "A written record is kept of each dose given (a medication administration record).",
                    ),
                    x(
                        "self_administers_safely",
                        Bool,
                        "The child keeps their own medicine where others cannot use it and has been assessed as able to take it safely themselves.",
                    ),
                ]),
                "The child's medicines and how they are kept and given.",
            ),
        ]),
        "Health.",
    )
}

/// `children.education`: what the child is doing in education or work, the personal
/// education plan's reviews, and days without a school place.
fn education() -> Field {
    use Ty::*;
    f(
        "education",
        obj(vec![
            f(
                "status",
                Enum(&[
                    "on_roll_full_time",
                    "part_time_timetable",
                    "alternative_provision",
                    "ehcp_provision",
                    "college",
                    "apprenticeship",
                    "employment",
                    "neet",
                    "not_on_roll",
                ]),
                "Education, employment or training.",
            ),
            f("pep_reviews", list(Date), "Personal education plan reviews."),
            f("internet_access", Bool, "The child has internet access for learning."),
            x(
                "days_without_place_period",
                COUNT,
                "School days in the period without a full-time place.",
            ),
        ]),
        "Education.",
    )
}

/// `children.leaving_care`: the pathway plan, the personal adviser, staying put and staying
/// close, for a young person leaving care.
fn leaving_care() -> Field {
    use Ty::*;
    f(
        "leaving_care",
        obj(vec![
            f(
                "pathway_plan",
                Date,
                "When the pathway plan was made or last reviewed (16+).",
            ),
            f("personal_adviser_named", Bool, "A personal adviser is named (16+)."),
            f("staying_put_discussed", Bool, "Staying put discussed (fostered, 16+)."),
            x(
                "needs_assessment",
                Date,
                "When the leaving-care needs assessment was done.",
            ),
            x(
                "staying_close_assessed",
                Bool,
                "A Staying Close assessment was done (children's home leavers).",
            ),
        ]),
        "Leaving care (ages 16 and over).",
    )
}

/// `children.safety`: whether the child is kept under continuous supervision and control and
/// not free to leave, and the authority for it (a secure order, a court order), which the
/// deprivation of liberty standards read.
fn safety() -> Field {
    use Ty::*;
    f(
        "safety",
        obj(vec![
            f(
                "continuous_supervision_and_control",
                Bool,
                "Under continuous supervision and control.",
            ),
            f("free_to_leave", Bool, "Free to leave."),
            f(
                "dol_authority",
                obj(vec![
                    f(
                        "type",
                        Enum(&[
                            "s25_secure_order",
                            "inherent_jurisdiction_order",
                            "court_of_protection_order",
                            "mental_health_act",
                            "youth_justice",
                        ]),
                        "What authorises the deprivation of liberty: a s.25 secure accommodation order (secure children's homes only), an inherent jurisdiction order of the High Court, a Court of Protection order (16-17, lacking capacity), the Mental Health Act (hospitals), or a youth justice remand or sentence to secure accommodation.",
                    ),
                    x(
                        "made_on",
                        Date,
                        "When the current order began.",
                    ),
                    x(
                        "renewal",
                        Bool,
                        "The current order renews an earlier one (s.25: a first order may last 3 months, a renewal 6).",
                    ),
                    f("valid_until", Date, "When the authority expires.").may_follow_as_of(),
                ]),
                "The legal authority for a deprivation of liberty.",
            ),
        ]),
        "Restrictions on liberty.",
    )
}

/// `incidents`: events in the period, each naming a child ref; each kind of event is its own
/// function, since each is read by its own notice or recording standard.
fn incidents() -> Field {
    use Ty::*;
    f(
        "incidents",
        obj(vec![
            restraint(),
            sanctions(),
            f(
                "missing",
                list(obj(vec![
                    f("child", child_ref(), "The child's ref."),
                    x("left_at", Timestamp, "When the child went missing."),
                    f("returned_at", Timestamp, "When the child returned."),
                    f(
                        "return_interview_offered_at",
                        Timestamp,
                        "When an independent return interview was offered.",
                    ),
                ])),
                "Each missing episode.",
            )
            .noun("missing episode")
            .names_people(),
            notifications(),
            allegations(),
            x(
                "medication_errors",
                list(obj(vec![
                    x("child", child_ref(), "The child's ref."),
                    x(
                        "occurred_at",
                        Timestamp,
                        "When the medicine was missed, given wrongly or given in the wrong dose.",
                    ),
                    x(
                        "advice_sought_at",
                        Timestamp,
                        "When medical advice (GP, pharmacist, NHS 111) was sought about it.",
                    ),
                ])),
                "Each medication error.",
            ),
            separations(),
        ]),
        "Incidents; each names a child ref.",
    )
}

/// `incidents.restraint`: each use of restraint, its purpose, whether it was necessary and
/// proportionate, and its record and debriefs.
fn restraint() -> Field {
    use Ty::*;
    f(
        "restraint",
        list(obj(vec![
            f("child", child_ref(), "The child's ref."),
            f("occurred_at", Timestamp, "When it happened."),
            f(
                "purpose",
                Enum(&[
                    "prevent_injury",
                    "prevent_serious_property_damage",
                    "prevent_absconding",
                    "punishment",
                    "enforce_compliance",
                    "other",
                ]),
                "Why. Record the real reason even when it was not a permitted one (punishment, to make a child do as told): the standards judge it.",
            ),
            f("necessary_and_proportionate", Bool, "Necessary and proportionate."),
            f("alternatives_tried", Bool, "Other means were tried first."),
            x(
                "alternatives_recorded",
                Bool,
                "The record says what was tried to avoid it, or why nothing could be tried (CHR reg 35(3)(a)(v)).",
            ),
            f("recorded_at", Timestamp, "When it was recorded."),
            f("child_debrief_at", Timestamp, "When the child was spoken to about it."),
            x(
                "user_debrief_at",
                Timestamp,
                "When the registered person reviewed and signed the record.",
            ),
            x("ehcp_routine", Bool, "Restraint planned as routine in an EHC plan."),
            x(
                "off_premises",
                Bool,
                "Supported accommodation: the restraint happened away from the premises (SAR 2023 reg 22(2) asks for the record of a restraint in premises used for supported accommodation).",
            ),
        ])),
        "Each use of restraint.",
    ).noun("restraint").names_people()
}

/// `incidents.sanctions`: each sanction, by type, as [`SANCTION_TYPES`] and
/// [`PROHIBITED_SANCTIONS`] spell them.
fn sanctions() -> Field {
    use Ty::*;
    f(
        "sanctions",
        list(obj(vec![
            f("child", child_ref(), "The child's ref."),
            f("date", Date, "The day the measure was imposed."),
            f(
                "type",
                Enum(SANCTION_TYPES),
                "The measure. Record the real measure even when it is one the law forbids: the standards judge it.",
            ),
            x("recorded_on", Date, "When the measure was recorded."),
            x(
                "reviewed_on",
                Date,
                "When the registered person read and signed the record.",
            ),
            x(
                "child_spoken_to_on",
                Date,
                "When the child was given the chance to discuss it.",
            ),
        ])),
        "Each sanction.",
    )
    .noun("sanction")
    .names_people()
}

/// `incidents.notifications`: each notifiable event and when each body was told.
fn notifications() -> Field {
    use Ty::*;
    f(
        "notifications",
        list(obj(vec![
            f("child", child_ref(), "The child's ref."),
            f(
                "type",
                Enum(&[
                    "death",
                    "svga_referral",
                    "sexual_exploitation",
                    "serious_police_incident",
                    "allegation_against_home",
                    "child_protection_enquiry",
                    "serious_illness_or_accident",
                    "infectious_disease",
                    "alleged_serious_offence",
                    "serious_complaint_about_carer",
                    "child_protection_enquiry_outcome",
                    "mental_health_concern",
                    "other",
                ]),
                "What happened. Foster care adds the other events of FSR 2011 Sch 7: `infectious_disease` (at the foster home, serious enough in a doctor's view to notify), `alleged_serious_offence` (the child is alleged to have committed one), `serious_complaint_about_carer`, and `child_protection_enquiry_outcome` (the end of an enquiry whose start was notified as `child_protection_enquiry`); `mental_health_concern`: a serious concern about the child's emotional or mental health, such that a Mental Health Act assessment would be asked for (fostering NMS 29.3).",
            ),
            f("occurred_at", Timestamp, "When it happened."),
            f("notified_ofsted_at", Timestamp, "When Ofsted was notified."),
            x(
                "notified_placing_la_at",
                Timestamp,
                "When the placing authority was notified.",
            ),
            x(
                "notified_secretary_of_state_at",
                Timestamp,
                "A child's death: when the Secretary of State (DfE) was notified.",
            ),
            x(
                "notified_area_la_at",
                Timestamp,
                "A child's death: when the local authority where the home (or the foster home) is was notified.",
            ),
            x(
                "notified_icb_at",
                Timestamp,
                "A child's death, or a serious infectious disease at a foster home: when the integrated care board was notified.",
            ),
            x(
                "notified_ppo_at",
                Timestamp,
                "A child's death in a secure children's home: when the Prisons and Probation Ombudsman was notified (CHR reg 40(1)(f)).",
            ),
            x(
                "ppo_access",
                Enum(&["given", "refused_by_home", "interview_declined_by_person"]),
                "A child's death in a secure children's home: the home let the Ombudsman's investigators into the premises, see and copy records and interview in private those who agreed (given); interview_declined_by_person when someone did not consent, which the home may not override (CHR reg 40(2)).",
            ),
        ])),
        "Each notifiable event.",
    ).noun("notification").names_people()
}

/// `incidents.allegations`: each allegation of abuse or neglect and its referrals.
fn allegations() -> Field {
    use Ty::*;
    x(
        "allegations",
        list(obj(vec![
            x("child", child_ref(), "The ref of the child the allegation is about."),
            x(
                "received_at",
                Timestamp,
                "When the allegation of abuse or neglect came to the provider's attention.",
            ),
            x(
                "against",
                Enum(&[
                    "staff",
                    "foster_carer",
                    "foster_household_member",
                    "volunteer",
                    "another_child",
                    "family_or_other",
                ]),
                "Whom it is about (a role, never a name): someone who works with children (staff, a foster carer or an adult of their household, a volunteer) is referred to the LADO too.",
            ),
            x(
                "abuse_timing",
                Enum(&["current", "past"]),
                "`current`: current or ongoing abuse or neglect; `past`: abuse or neglect in the past (CHR reg 34(2)(b)-(c) send them to different authorities).",
            ),
            x(
                "referred_placing_la_at",
                Timestamp,
                "When it was referred to the child's placing (responsible) authority.",
            ),
            x(
                "area_la_is_placing_la",
                Bool,
                "The second authority the law names is the placing authority itself: for current abuse, the home or foster home is in the placing authority's area; for past abuse, it happened there. No second referral is then needed.",
            ),
            x(
                "referred_area_la_at",
                Timestamp,
                "When it was referred to the second authority: for current abuse the local authority where the home (or foster home) is; for past abuse the one where it happened.",
            ),
            x(
                "referred_lado_at",
                Timestamp,
                "When it was referred to the local authority designated officer (LADO), for an allegation against someone who works with children.",
            ),
            x(
                "action_recorded",
                Bool,
                "The record says what was done in response (CHR reg 34(2)(d), SAR reg 20(2)(d)).",
            ),
        ])),
        "Each allegation of abuse or neglect of a child, whoever it is against.",
    )
}

/// `incidents.separations`: secure children's homes' single separations.
fn separations() -> Field {
    use Ty::*;
    x(
        "separations",
        list(obj(vec![
            x("child", child_ref(), "The child's ref."),
            x(
                "started_at",
                Timestamp,
                "When the child was locked in a room on their own.",
            ),
            // the end of an episode still going on at the as-of date comes after it: a fact of
            // the episode, not late evidence of a follow-up
            x(
                "ended_at",
                Timestamp,
                "When the child stopped being locked in (after the as-of date when it was still going on then).",
            )
            .may_follow_as_of(),
            x(
                "own_bedroom_at_bedtime",
                Bool,
                "It was the child's own bedroom during usual bedtime hours, which SAR 1991 reg 17 does not ask to be recorded.",
            ),
            x("reason_recorded", Bool, "The record gives the reason."),
            x(
                "authoriser_recorded",
                Bool,
                "The record names who authorised it (by role or ref).",
            ),
        ])),
        "Secure children's homes: each time a child was locked in a room on their own (single separation).",
    ).noun("separation").names_people()
}

/// `foster_applications`: each application to be assessed as a foster carer, with no name,
/// since the fostering panel's timetable (NMS 14) runs from the application, before any
/// household is approved and listed in `foster_carer_households`.
fn foster_applications() -> Field {
    use Ty::*;
    x(
        "foster_applications",
        list(obj(vec![
            x(
                "ref",
                Str,
                "Your own reference for the application (A-...), not the applicants' names.",
            )
            .always(),
            x(
                "received_on",
                Date,
                "When the service received the application to be assessed as a foster carer.",
            ),
            x(
                "panel_recommendation_on",
                Date,
                "When the fostering panel made its recommendation on the applicant's suitability.",
            ),
            x(
                "withdrawn_on",
                Date,
                "When the applicant withdrew, or the service ended the assessment, before a recommendation; leave it out otherwise.",
            ),
        ])),
        "Fostering services: each application to be assessed as a foster carer in or before the period, with no name: when it was received, when the fostering panel made its recommendation, or when it was withdrawn.",
    ).noun("application").names_people().ref_prefix("A-")
}

/// `complaints`: complaints made by or on behalf of children.
fn complaints() -> Field {
    use Ty::*;
    x(
        "complaints",
        list(obj(vec![
            x("child", child_ref(), "Optional: the child who complained or on whose behalf."),
            x("received_on", Date, "When the complaint was received."),
            x(
                "under_representations_procedure",
                Bool,
                "It is about the local authority's own functions and is handled under the Children Act 1989 representations procedure instead (CHR reg 39(6)).",
            ),
            x(
                "subject_took_part",
                Bool,
                "Someone the complaint is about took part in considering or investigating it beyond informal resolution.",
            ),
            x(
                "action_recorded",
                Bool,
                "The record says what was done in response.",
            ),
            x("concluded_on", Date, "When the complaint was concluded."),
            x(
                "outcome_recorded",
                Bool,
                "The record gives the outcome of any investigation.",
            ),
        ])),
        "Complaints made by or on behalf of children.",
    )
}

/// `exceptions`: justified, expiring departures from a standard. Every template writes the
/// list, since it is how a file says a fail was agreed.
fn exceptions() -> Field {
    use Ty::*;
    f(
        "exceptions",
        list(obj(vec![
            f("standard", Str, "The id of the standard it departs from."),
            f("child", child_ref(), "Optional: limits the exception to one child."),
            f("reason", Str, "Why."),
            f("approved_by_role", Str, "The role of who approved it."),
            f("approved_on", Date, "When it was approved.").may_follow_as_of(),
            f(
                "expires_on",
                Date,
                "When it expires; an expired exception no longer waives.",
            )
            .may_follow_as_of(),
        ])),
        "Justified, expiring departures from a standard.",
    )
    .noun("exception")
    .names_people()
    .always()
}

/// The ref of the `n`th blank record (from 1) of a list, as a template or a workbook's empty
/// rows number them: the list's [`Field::ref_prefix`] (`R-` for a list without one) and at
/// least two digits, `C-01`, ..., `C-100`.
pub fn numbered_ref(list: &str, n: usize) -> String {
    let prefix = lookup(list).and_then(|f| f.ref_prefix).unwrap_or("R-");
    format!("{prefix}{n:02}")
}

/// The lists of events, each with the field that dates its event. An event dated after the
/// as-of date is outside what the file can show: its date is set aside as evidence from the
/// future, and the standards that check the event report it as not reported, never as a
/// breach, whatever else the record says (a restraint "for a purpose not permitted" on a day
/// still to come is a mistyped year, or a record written after the as-of date).
const EVENT_DATES: &[(&str, &str)] = &[
    ("children.contact_restrictions", "imposed_at"),
    ("children.moves", "date"),
    ("children.placing_authority_requests", "made_on"),
    ("children.plans.care_plan.significant_changes", "date"),
    ("children.voice.review_requests", "arose_on"),
    ("children.voice.reviews", "date"),
    ("complaints", "received_on"),
    ("foster_applications", "received_on"),
    ("home.discharges", "date"),
    ("home.fire_drills", "date"),
    ("home.manager.absences", "start"),
    ("incidents.allegations", "received_at"),
    ("incidents.medication_errors", "occurred_at"),
    ("incidents.missing", "left_at"),
    ("incidents.notifications", "occurred_at"),
    ("incidents.restraint", "occurred_at"),
    ("incidents.sanctions", "date"),
    ("incidents.separations", "started_at"),
    ("oversight.carer_record_requests", "received_on"),
    ("oversight.independent_reviews", "notified_on"),
    ("oversight.reg44.visits", "date"),
    ("oversight.reg45.reviews", "completed"),
    ("provider.changes", "date"),
];

/// The field that dates each event of the list at `path` (see [`EVENT_DATES`]), if the list
/// is one of events.
pub fn event_date(path: &str) -> Option<&'static str> {
    EVENT_DATES
        .iter()
        .find(|(list, _)| *list == path)
        .map(|(_, field)| *field)
}

/// The field at a dotted path (lists are crossed without a step), or `None`.
pub fn lookup(path: &str) -> Option<&'static Field> {
    let mut obj = root();
    let mut found: Option<&'static Field> = None;
    for seg in path.split('.') {
        let field = obj.fields.iter().find(|f| f.name == seg)?;
        found = Some(field);
        let ty = field.ty.innermost();
        if let Ty::Obj(o) = ty {
            obj = o;
        } else {
            obj = EMPTY.get_or_init(|| Obj { fields: vec![] });
        }
    }
    found
}

static EMPTY: OnceLock<Obj> = OnceLock::new();

/// Every list of records by its key, with the noun one record is called by, from the
/// schema's fields (a key used by two lists, such as `reviews`, names one noun): for the
/// wording of paths, which meets a list by its key.
pub fn record_nouns() -> &'static [(&'static str, &'static str)] {
    static NOUNS: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    NOUNS.get_or_init(|| {
        let mut out: Vec<(&'static str, &'static str)> = Vec::new();
        each_field(root(), "", &mut |_, f| {
            if let Some(noun) = f.noun {
                if !out.iter().any(|(k, _)| *k == f.name) {
                    out.push((f.name, noun));
                }
            }
        });
        out
    })
}

/// The keys of the lists whose records are about people ([`Field::names_people`]), from the
/// schema's fields: the personal-data check meets a list by its key.
pub fn people_lists() -> &'static [&'static str] {
    static LISTS: OnceLock<Vec<&'static str>> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut out: Vec<&'static str> = Vec::new();
        each_field(root(), "", &mut |_, f| {
            if f.names_people && !out.contains(&f.name) {
                out.push(f.name);
            }
        });
        out
    })
}

/// Every field of the schema with its dotted path (`children.moves.date`), depth first in
/// template order, lists crossed without a step: the one walk the derived tables and the
/// suggestions share.
fn each_field(obj: &'static Obj, prefix: &str, visit: &mut dyn FnMut(&str, &'static Field)) {
    // One path buffer for the whole walk, grown and cut back a step at a time: the tables
    // built from this walk at every start (record nouns, people lists) need no path at all,
    // and a string formatted per field cost a one-file check 0.3 M instructions (of 7.9 M).
    fn walk(obj: &'static Obj, path: &mut String, visit: &mut dyn FnMut(&str, &'static Field)) {
        for f in &obj.fields {
            let parent = path.len();
            if parent > 0 {
                path.push('.');
            }
            path.push_str(f.name);
            visit(path, f);
            if let Ty::Obj(o) = f.ty.innermost() {
                walk(o, path, visit);
            }
            path.truncate(parent);
        }
    }
    let mut path = String::with_capacity(96);
    path.push_str(prefix);
    walk(obj, &mut path, visit);
}

/// Every leaf path of the schema, for suggestions ("did you mean").
pub fn all_paths() -> &'static [String] {
    static PATHS: OnceLock<Vec<String>> = OnceLock::new();
    PATHS.get_or_init(|| {
        let mut out = Vec::new();
        each_field(root(), "", &mut |path, _| out.push(path.to_string()));
        out
    })
}

/// The JSON Schema of the format, in draft-07, the draft the YAML language server (and so
/// most editors) reads: it accepts what the loader accepts, quoted numbers and true/false,
/// `not_done` and times as a clock in England shows them included. What JSON Schema cannot
/// say is listed in docs/format.md ("What the schema cannot check"): the range of a number
/// written in quotes, that a date or time exists (2026-02-30, 25:00), that a ref names a
/// record of the file, and the checks across fields (a period that ends before it starts).
pub fn json_schema() -> Json {
    let mut top = match ty_schema(&Ty::Obj(root().clone())) {
        Json::Object(m) => m,
        _ => Map::new(),
    };
    top.insert("$schema".into(), json!("http://json-schema.org/draft-07/schema#"));
    top.insert(
        "$id".into(),
        json!("https://carecheck.invalid/schema/self-assessment-v1.json"),
    );
    top.insert("title".into(), json!("carecheck provider self-assessment, version 1"));
    top.insert(
        "description".into(),
        json!("A provider's self-assessment against the universal care standards. Pseudonymous references only: no names, dates of birth, addresses, postcodes, school names or NHS numbers."),
    );
    top.insert("required".into(), json!(["schema_version", "provider"]));
    Json::Object(top)
}

/// A whole number in quotes, as spreadsheets export it (the loader's `whole_number`).
const QUOTED_WHOLE_NUMBER: &str = r"^\s*[+-]?[0-9]{1,18}\s*$";
/// A number in quotes (the loader's `number`).
const QUOTED_NUMBER: &str = r"^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$";
/// A date and time as `parse_timestamp` reads it: a space or `T`, seconds optional, and an
/// offset optional (without one, the time as a clock in England shows it).
const TIMESTAMP: &str =
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?\s*$";

fn ty_schema(ty: &Ty) -> Json {
    let base = match ty {
        Ty::Bool => json!({"anyOf": [{"type": "boolean"}, {"enum": ["true", "false"]}]}),
        Ty::Int { min, max } => {
            let mut m = json!({"type": "integer", "minimum": min});
            if *max != i64::MAX {
                m["maximum"] = json!(max);
            }
            json!({"anyOf": [m, {"type": "string", "pattern": QUOTED_WHOLE_NUMBER}]})
        }
        Ty::Num => json!({"anyOf": [{"type": "number"}, {"type": "string", "pattern": QUOTED_NUMBER}]}),
        // a number where text is asked for is read as its text
        Ty::Str => json!({"type": ["string", "number"]}),
        Ty::Ref(_) => json!({"type": ["string", "integer"]}),
        // `not_done`: the provider says it never happened (a fail once it was due)
        Ty::Date => json!({"anyOf": [{"type": "string", "format": "date"}, {"const": "not_done"}]}),
        Ty::Timestamp => json!({"anyOf": [{"type": "string", "pattern": TIMESTAMP}, {"const": "not_done"}]}),
        Ty::Enum(v) => json!({"enum": v}),
        Ty::List(t) => json!({"type": "array", "items": ty_schema(t)}),
        Ty::Obj(o) => {
            let mut props = Map::new();
            for fl in &o.fields {
                let mut s = ty_schema(&fl.ty);
                let doc = if fl.extension {
                    format!("{} (optional extension of v1)", fl.doc)
                } else {
                    fl.doc.to_string()
                };
                if let Json::Object(m) = &mut s {
                    m.insert("description".into(), json!(doc));
                }
                props.insert(fl.name.into(), s);
            }
            json!({"type": "object", "properties": props, "additionalProperties": false})
        }
    };
    // Absent is not false: every field may also be null, meaning "not reported".
    json!({"anyOf": [base, {"type": "null"}]})
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list of events names a list of records and a date or time field of them.
    #[test]
    fn every_event_list_is_dated_by_one_of_its_fields() {
        for (list, field) in EVENT_DATES {
            let Some(f) = lookup(list) else {
                panic!("{list} is not in the schema")
            };
            let Ty::List(inner) = &f.ty else {
                panic!("{list} is not a list")
            };
            let Ty::Obj(o) = inner.as_ref() else {
                panic!("{list} is not a list of records")
            };
            let Some(i) = o.index(field) else {
                panic!("{list} has no {field}")
            };
            assert!(
                matches!(o.fields[i].ty, Ty::Date | Ty::Timestamp),
                "{list}.{field} is not a date or a time"
            );
        }
    }

    /// A path steps through every level of a list to its items, and a type that is no list
    /// is its own item.
    #[test]
    fn innermost_unwraps_every_level_of_list() {
        assert!(matches!(list(list(Ty::Date)).innermost(), Ty::Date));
        assert!(matches!(list(obj(vec![])).innermost(), Ty::Obj(_)));
        assert!(matches!(Ty::Str.innermost(), Ty::Str));
        // every list field of the schema reads into a type that is no list
        each_field(root(), "", &mut |path, f| {
            assert!(!matches!(f.ty.innermost(), Ty::List(_)), "{path}");
        });
    }

    #[test]
    fn lookups_cross_lists() {
        assert!(matches!(lookup("children.moves.date").unwrap().ty, Ty::Date));
        assert!(matches!(
            lookup("incidents.restraint.child").unwrap().ty,
            Ty::Ref("children")
        ));
        assert!(lookup("children.nope").is_none());
        assert!(all_paths().iter().any(|p| p == "children.health.sdq_date"));
    }

    /// The dates that may follow the as-of date are exactly the ones the sanity check let
    /// through when they were a list of its own (expiries, deadlines, plans, notices given
    /// ahead), now marked on the schema; a new one is a decision, so this list changes with it.
    #[test]
    fn the_dates_that_may_follow_the_as_of_date() {
        let mut marked: Vec<String> = Vec::new();
        each_field(root(), "", &mut |path, f| {
            if f.may_follow_as_of {
                marked.push(path.to_string());
            }
        });
        marked.sort();
        let mut expected = vec![
            "assessment.as_of",
            "assessment.period.end",
            "children.contact_restrictions.lifted_at",
            "children.placing_authority_requests.meeting_on",
            "children.safety.dol_authority.valid_until",
            "exceptions.approved_on",
            "exceptions.expires_on",
            "foster_carer_households.temporary_approval.extended_until",
            "home.manager.absences.start",
            "home.secure_approval.ends_on",
            "home.manager.l5_deadline_extended_to",
            "incidents.separations.ended_at",
            "oversight.reg44.visits.recommendations.consider_by",
            "provider.changes.date",
            "workforce.staff.l3_deadline_extended_to",
        ];
        expected.sort_unstable();
        assert_eq!(marked, expected);
    }

    /// The refs' prefixes, once two tables (the template's and the workbook's), are read off
    /// the schema: distinct, each on a list of records with a noun, and on every list another
    /// record points at by ref, so a template's blank records are numbered as refs elsewhere
    /// name them.
    #[test]
    fn ref_prefixes_come_from_the_schema() {
        let mut prefixed: Vec<(String, &str)> = Vec::new();
        let mut referenced: Vec<&str> = Vec::new();
        each_field(root(), "", &mut |path, f| {
            if let Some(p) = f.ref_prefix {
                assert!(f.noun.is_some(), "{path} has a ref prefix but no record noun");
                prefixed.push((path.to_string(), p));
            }
            let ty = f.ty.innermost();
            if let Ty::Ref(list) = ty {
                referenced.push(list);
            }
        });
        prefixed.sort_unstable();
        let expected: Vec<(String, &str)> = [
            ("children", "C-"),
            ("foster_applications", "A-"),
            ("foster_carer_households", "H-"),
            ("home.premises", "P-"),
            ("workforce.staff", "S-"),
        ]
        .iter()
        .map(|(l, p)| ((*l).to_string(), *p))
        .collect();
        assert_eq!(prefixed, expected);
        for list in referenced {
            assert!(
                lookup(list).and_then(|f| f.ref_prefix).is_some(),
                "{list} is referred to but has no ref prefix"
            );
        }
    }

    /// The records' nouns and the lists about people, once two lists in the wording and the
    /// personal-data check, are read off the schema: the same sets, and no key that two
    /// lists share is given two nouns.
    #[test]
    fn record_nouns_and_people_lists_come_from_the_schema() {
        let mut nouns: Vec<(&str, &str)> = record_nouns().to_vec();
        nouns.sort_unstable();
        let mut expected = vec![
            ("changes", "change"),
            ("children", "child"),
            ("discharges", "discharge"),
            ("exceptions", "exception"),
            ("fire_drills", "fire drill"),
            ("foster_applications", "application"),
            ("foster_carer_households", "household"),
            ("missing", "missing episode"),
            ("moves", "move"),
            ("notifications", "notification"),
            ("placing_authority_requests", "placing authority request"),
            ("premises", "premises"),
            ("restraint", "restraint"),
            ("reviews", "review"),
            ("sanctions", "sanction"),
            ("separations", "separation"),
            ("significant_changes", "significant change"),
            ("staff", "staff member"),
            ("visits", "visit"),
        ];
        expected.sort_unstable();
        assert_eq!(nouns, expected);
        each_field(root(), "", &mut |path, f| {
            if let Some(noun) = f.noun {
                let first = record_nouns().iter().find(|(k, _)| *k == f.name).map(|(_, n)| *n);
                assert_eq!(
                    first,
                    Some(noun),
                    "{path} names its records differently from another `{}`",
                    f.name
                );
                assert!(
                    matches!(&f.ty, Ty::List(inner) if matches!(inner.as_ref(), Ty::Obj(_))),
                    "{path}: only a list of records has a noun"
                );
            }
        });
        let mut people: Vec<&str> = people_lists().to_vec();
        people.sort_unstable();
        let mut expected_people = vec![
            "changes",
            "children",
            "discharges",
            "exceptions",
            "foster_applications",
            "foster_carer_households",
            "missing",
            "notifications",
            "restraint",
            "sanctions",
            "separations",
            "staff",
        ];
        expected_people.sort_unstable();
        assert_eq!(people, expected_people);
    }
}
