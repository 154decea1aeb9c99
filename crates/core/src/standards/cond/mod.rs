//! The requirement language: declarative conditions written as TOML tables.
//!
//! ```toml
//! require = { field = "children.health.gp_registered", is = true }
//! require = { all = [ {...}, {...} ] }      # also any = [...], not = {...}
//! require = { each = "children.moves", where = {...}, all = {...} }   # any / none
//! require = { count = "children.moves", where = {...}, at_most = 2 }
//! ```
//!
//! Field paths are written from the top of the file (`children.health.sdq_date`). A path
//! through the list a standard is checking (`for_each`) means the current record; a path
//! into `children` from a record that names a child (an incident) means that child; a
//! path into `foster_carer_households` from a child means the child's household. Everything
//! is compiled once against the schema, so a misspelt field, an enum word that does not
//! exist or a date rule on a true/false field is a lint error, not a silent pass.

mod compile;
pub mod operators;

pub use compile::Compiler;

use serde::{Deserialize, Serialize};

use crate::dates::Date;
use crate::schema::Ty;
use crate::source::Text;
use crate::standards::snapshot::{static_name, ty_ref};

/// A compiled condition.
#[derive(Debug, Clone, Serialize, Deserialize)]
// here and below: its paths' texts are read in place from the compiled set built into the
// program (see `Text`)
#[serde(bound(deserialize = "'de: 'static"))]
pub enum Cond {
    /// Every part holds.
    All(Vec<Cond>),
    /// At least one part holds.
    Any(Vec<Cond>),
    /// The part does not hold.
    Not(Box<Cond>),
    /// Tests on one field.
    Test {
        /// The field.
        path: CPath,
        /// Every test must hold.
        ops: Vec<Op>,
        /// The test's value when the field is absent (`when_absent`); `None` means
        /// unknown, giving `not_reported`.
        when_absent: Option<bool>,
    },
    /// A quantifier over a list.
    Quant {
        /// The list.
        list: CPath,
        /// The slot each item is bound to.
        slot: usize,
        /// Only items for which this holds.
        filter: Option<Box<Cond>>,
        /// What is asked of them.
        q: Quant,
    },
}

/// What a quantifier asks.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub enum Quant {
    /// Every (filtered) item satisfies the body.
    All(Box<Cond>),
    /// At least one does.
    Any(Box<Cond>),
    /// None does.
    None(Box<Cond>),
    /// The number of (filtered) items is within bounds.
    Count {
        /// At least.
        at_least: Option<Operand>,
        /// At most.
        at_most: Option<Operand>,
    },
}

/// A compiled field path.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct CPath {
    /// As written.
    pub text: Text,
    /// Where it starts.
    pub anchor: Anchor,
    /// The steps from there.
    pub steps: Vec<Step>,
    /// The type at the end.
    #[serde(with = "ty_ref")]
    pub ty: &'static Ty,
}

/// Where a path starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Anchor {
    /// The top of the file.
    Root,
    /// A bound record (the checked record, a linked child or household, a quantifier's item).
    Slot(usize),
    /// The effective as-of date (`assessment.as_of`, or `--as-of`).
    AsOf,
    /// A fixed day the law names (`2011-10-01`: a duty that binds only what was done after
    /// it), written in a standard as the `after` or `before` of an offset.
    Day(crate::dates::Date),
}

impl Anchor {
    /// A date known without reading any record of the file (the as-of date, a fixed day):
    /// no event to follow up, and nothing a manager is asked to record.
    pub fn is_fixed(self) -> bool {
        matches!(self, Anchor::AsOf | Anchor::Day(_))
    }
}

/// The largest number a standard may write or a parameter take: date arithmetic on
/// anything larger would leave the calendar.
pub const MAX_NUMBER: f64 = 1_000_000.0;

/// A field's name in the schema. (Named, because serde would otherwise expect a written
/// `&str` to borrow from the bytes it reads, rather than look it up in the schema.)
pub type FieldName = &'static str;

/// One step of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// A field of a mapping, by schema index.
    Field(usize, #[serde(with = "static_name")] FieldName),
    /// Every item of a list (only in list tests: count, months, gaps, contains).
    Flatten,
}

/// A value to compare with.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub enum Operand {
    /// A number, text, true/false or date written in the standard.
    Lit(Lit),
    /// A named parameter.
    Param(String, f64),
    /// Another field.
    Field(Box<CPath>),
}

/// A literal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Lit {
    /// true/false
    Bool(bool),
    /// number
    Num(f64),
    /// text or enum word
    Str(String),
    /// date
    Date(Date),
    /// timestamp
    Time(i64),
}

/// Units of a time offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// Hours (timestamps; dates count from midnight UTC).
    Hours,
    /// Calendar days.
    Days,
    /// Monday to Friday, bank holidays excluded.
    WorkingDays,
    /// Weeks of 7 days.
    Weeks,
    /// Calendar months, clamped at month ends.
    Months,
    /// Calendar years.
    Years,
    /// Whole calendar years: `before` gives 1 January of the year N years earlier,
    /// `after` 31 December of the year N years later ("at least once in each calendar
    /// year" is: no earlier than 1 calendar year before the as-of date).
    CalendarYears,
}

impl Unit {
    /// "1 year", "2 years".
    pub fn count(self, n: f64) -> String {
        let name = self.name();
        if n == 1.0 {
            crate::strings::cat(&["1 ", name.strip_suffix('s').unwrap_or(name)])
        } else {
            crate::strings::cat(&[&fmt_num(n), " ", name])
        }
    }

    /// Plural English name.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::WorkingDays => "working days",
            Unit::Weeks => "weeks",
            Unit::Months => "months",
            Unit::Years => "years",
            Unit::CalendarYears => "calendar years",
        }
    }
}

/// A time offset: an amount of a unit, from a reference point.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Offset {
    /// How many.
    pub amount: Operand,
    /// Of what.
    pub unit: Unit,
    /// From where.
    pub reference: Box<CPath>,
    /// After the reference (true) or before it (false).
    pub after: bool,
}

/// The stricter longest gap of a series while it is new: the limit of a gap is set by the
/// day the gap opens, so a gap that opens before `until` has this limit even where it
/// closes after it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct FirstLimit {
    /// Longest gap allowed while the series is new.
    pub amount: Operand,
    /// Its unit.
    pub unit: Unit,
    /// The day the stricter limit ends: an offset from a field (a year after the
    /// placement's start).
    pub until: Offset,
}

/// One test on a field.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub enum Op {
    /// Present (and not null), or absent.
    Present(bool),
    /// Equal.
    Is(Operand),
    /// Not equal.
    IsNot(Operand),
    /// One of.
    In(Vec<Lit>),
    /// None of.
    NotIn(Vec<Lit>),
    /// >=
    AtLeast(Operand),
    /// <=
    AtMost(Operand),
    /// >
    Above(Operand),
    /// <
    Below(Operand),
    /// A date or time no later than an offset from a reference.
    NoLaterThan(Offset),
    /// A date or time no earlier than an offset from a reference.
    NoEarlierThan(Offset),
    /// A list of dates has one in each month of the period (to the as-of date).
    OneEachMonth(Operand),
    /// A list of dates has no gap longer than the amount. Gaps that closed before the
    /// assessment period starts are not checked: they are history, not this period.
    GapsAtMost {
        /// Longest gap allowed.
        amount: Operand,
        /// Unit of the gap.
        unit: Unit,
        /// A date the series starts from.
        from: Option<Box<CPath>>,
        /// The date the series runs to: the first of these the record gives (none: the
        /// as-of date).
        until: Vec<CPath>,
        /// A shorter longest gap after the first recorded date (`second_within`): some
        /// duties set the second occasion sooner than the rest (CPPCR 2010 reg 33(2): the
        /// second review within three months of the first, later ones six months apart).
        second: Option<(Operand, Unit)>,
        /// A shorter longest gap for the gaps that open before a date (`at_first`): some
        /// duties are stricter while a placement is new (CPPCR 2010 reg 28(2)(b): visits
        /// six weeks apart in the placement's first year, then three months apart).
        at_first: Option<Box<FirstLimit>>,
    },
    /// A list contains every one of these.
    Contains(Vec<Lit>),
    /// Every item of a list is in another list field.
    AllIn(Operand),
    /// Every item of a list is one of these words.
    AllInList(Vec<Lit>),
}

/// What a compiled standard binds: the lists its records come from, and the records linked
/// to them by refs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SlotDef {
    /// The list's path (`children`, `children.moves`).
    pub list: String,
    /// How the slot is filled.
    pub source: SlotSource,
    /// The schema of one item.
    #[serde(with = "ty_ref")]
    pub item: &'static Ty,
}

/// How a slot is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlotSource {
    /// The n-th list of the standard's scope.
    Level,
    /// A record named by a ref field of another slot's record.
    Link {
        /// The slot holding the ref.
        from: usize,
        /// The ref field's index.
        field: usize,
    },
    /// A quantifier's item.
    Iter,
}

// ---------------------------------------------------------------------------------------
// Plain English, for `explain` and the generated reference.

impl Lit {
    /// As written in messages.
    pub fn show(&self) -> String {
        match self {
            Lit::Bool(b) => b.to_string(),
            Lit::Num(n) => fmt_num(*n),
            Lit::Str(s) => s.clone(),
            Lit::Date(d) => d.iso(),
            Lit::Time(t) => crate::dates::format_england(*t),
        }
    }
}

/// A number without a needless `.0`.
pub fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        let mut digits = [0u8; 20];
        let abs = crate::strings::decimal(n.abs() as u64, &mut digits);
        if n < 0.0 {
            crate::strings::cat(&["-", abs])
        } else {
            abs.to_string()
        }
    } else {
        format!("{n}")
    }
}

impl Operand {
    /// An amount of `unit` in plain English: "1 day", "6 months", "24 (parameter …) hours".
    pub fn show_with(&self, unit: Unit) -> String {
        match self {
            Operand::Lit(Lit::Num(n)) => unit.count(*n),
            a => crate::strings::cat(&[&a.show(), " ", unit.name()]),
        }
    }

    /// In plain English.
    pub fn show(&self) -> String {
        match self {
            Operand::Lit(l) => l.show(),
            Operand::Param(name, v) => format!("{} (parameter {name})", fmt_num(*v)),
            Operand::Field(p) => format!("`{}`", p.text),
        }
    }
}

impl Offset {
    /// In plain English.
    pub fn show(&self) -> String {
        let dir = if self.after { "after" } else { "before" };
        match &self.amount {
            Operand::Lit(Lit::Num(n)) if *n == 0.0 => format!("`{}`", self.reference.text),
            a => format!("{} {dir} `{}`", a.show_with(self.unit), self.reference.text),
        }
    }
}

impl Op {
    /// The key a standard writes for this test: its definition is `operators::operator(key)`.
    pub fn key(&self) -> &'static str {
        match self {
            Op::Present(_) => "present",
            Op::Is(_) => "is",
            Op::IsNot(_) => "is_not",
            Op::In(_) => "in",
            Op::NotIn(_) => "not_in",
            Op::AtLeast(_) => "at_least",
            Op::AtMost(_) => "at_most",
            Op::Above(_) => "above",
            Op::Below(_) => "below",
            Op::NoLaterThan(_) => "no_later_than",
            Op::NoEarlierThan(_) => "no_earlier_than",
            Op::OneEachMonth(_) => "one_each_month",
            Op::GapsAtMost { .. } => "gaps_at_most",
            Op::Contains(_) => "contains",
            Op::AllIn(_) | Op::AllInList(_) => "all_in",
        }
    }

    /// In plain English.
    pub fn show(&self) -> String {
        let list = |l: &[Lit]| l.iter().map(Lit::show).collect::<Vec<_>>().join(", ");
        match self {
            Op::Present(true) => "is given".into(),
            Op::Present(false) => "is not given".into(),
            Op::Is(o) => format!("is {}", o.show()),
            Op::IsNot(o) => format!("is not {}", o.show()),
            Op::In(l) => format!("is one of {}", list(l)),
            Op::NotIn(l) => format!("is none of {}", list(l)),
            Op::AtLeast(o) => format!("is at least {}", o.show()),
            Op::AtMost(o) => format!("is at most {}", o.show()),
            Op::Above(o) => format!("is more than {}", o.show()),
            Op::Below(o) => format!("is less than {}", o.show()),
            Op::NoLaterThan(o) => format!("is no later than {}", o.show()),
            Op::NoEarlierThan(o) => format!("is no earlier than {}", o.show()),
            Op::OneEachMonth(o) => format!(
                "has at least one date in every month of the period up to the as-of date ({})",
                o.show()
            ),
            Op::GapsAtMost {
                amount,
                unit,
                from,
                until,
                second,
                at_first,
            } => {
                let mut s = format!(
                    "has no gap longer than {} (gaps that ended before the assessment period are not checked)",
                    amount.show_with(*unit)
                );
                if let Some((a, u)) = second {
                    s.push_str(&format!(
                        ", and no more than {} from the first date to the second",
                        a.show_with(*u)
                    ));
                }
                if let Some(first) = at_first {
                    s.push_str(&format!(
                        ", and no more than {} for a gap that opens before {}",
                        first.amount.show_with(first.unit),
                        first.until.show()
                    ));
                }
                if let Some(f) = from {
                    s.push_str(&format!(", counting from `{}`", f.text));
                }
                let ends: Vec<String> = until.iter().map(|u| format!("`{}`", u.text)).collect();
                if !ends.is_empty() {
                    s.push_str(&format!(", up to {}", ends.join(", or where that is not given, ")));
                }
                s
            }
            Op::Contains(l) => format!("includes {}", list(l)),
            Op::AllIn(o) => format!("lists only items that are in {}", o.show()),
            Op::AllInList(l) => format!("lists only {}", list(l)),
        }
    }
}

impl Cond {
    /// The condition as indented plain-English lines.
    pub fn describe(&self, indent: usize, out: &mut String) {
        let pad = "  ".repeat(indent);
        match self {
            Cond::All(parts) => {
                out.push_str(&format!("{pad}all of:\n"));
                for p in parts {
                    p.describe(indent + 1, out);
                }
            }
            Cond::Any(parts) => {
                out.push_str(&format!("{pad}at least one of:\n"));
                for p in parts {
                    p.describe(indent + 1, out);
                }
            }
            Cond::Not(c) => {
                out.push_str(&format!("{pad}not:\n"));
                c.describe(indent + 1, out);
            }
            Cond::Test { path, ops, when_absent } => {
                let t: Vec<String> = ops.iter().map(Op::show).collect();
                let absent = match when_absent {
                    Some(true) => " (or is not given)",
                    Some(false) => " (and is given)",
                    None => "",
                };
                out.push_str(&format!("{pad}- `{}` {}{absent}\n", path.text, t.join(" and ")));
            }
            Cond::Quant { list, filter, q, .. } => {
                let whr = if filter.is_some() {
                    " that match the filter below"
                } else {
                    ""
                };
                match q {
                    Quant::Count { at_least, at_most } => {
                        let mut b = Vec::new();
                        if let Some(a) = at_least {
                            b.push(format!("at least {}", a.show()));
                        }
                        if let Some(a) = at_most {
                            b.push(format!("at most {}", a.show()));
                        }
                        out.push_str(&format!(
                            "{pad}- the number of `{}`{whr} is {}\n",
                            list.text,
                            b.join(" and ")
                        ));
                    }
                    Quant::All(_) => out.push_str(&format!("{pad}every one of `{}`{whr} meets:\n", list.text)),
                    Quant::Any(_) => out.push_str(&format!("{pad}at least one of `{}`{whr} meets:\n", list.text)),
                    Quant::None(_) => out.push_str(&format!("{pad}none of `{}`{whr} meets:\n", list.text)),
                }
                if let Some(f) = filter {
                    out.push_str(&format!("{pad}  (filter:)\n"));
                    f.describe(indent + 2, out);
                }
                match q {
                    Quant::All(b) | Quant::Any(b) | Quant::None(b) => b.describe(indent + 1, out),
                    Quant::Count { .. } => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An amount says its unit in the singular for one ("no later than 1 day before"), which
    /// the reference and the condition text once wrote "1 days"; a parameter keeps its name.
    #[test]
    fn one_of_a_unit_is_singular() {
        let one = Operand::Lit(Lit::Num(1.0));
        assert_eq!(one.show_with(Unit::Days), "1 day");
        assert_eq!(one.show_with(Unit::Years), "1 year");
        assert_eq!(Operand::Lit(Lit::Num(6.0)).show_with(Unit::Months), "6 months");
        assert_eq!(
            Operand::Param("review_months".into(), 1.0).show_with(Unit::Months),
            "1 (parameter review_months) months"
        );
    }

    proptest::proptest! {
        /// Numbers and counts print as the formatting machinery printed them.
        #[test]
        fn numbers_print_as_format_did(n in proptest::prelude::any::<f64>(), whole in -1e15f64..1e15, i in -1_000_000i64..1_000_000) {
            for x in [n, whole, whole.trunc(), i as f64, -0.0] {
                let reference = if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") };
                proptest::prop_assert_eq!(fmt_num(x), reference.clone());
                let name = Unit::WorkingDays.name();
                let count = if x == 1.0 { format!("1 {}", name.strip_suffix('s').unwrap_or(name)) } else { format!("{reference} {name}") };
                proptest::prop_assert_eq!(Unit::WorkingDays.count(x), count);
            }
        }
    }
}
