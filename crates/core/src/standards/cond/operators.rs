//! Every key of the condition language, defined once: its name, what it does to a
//! condition, the fields it fits and its documentation. The compiler takes its key lists and
//! its help from here, `Op::key` names each compiled test by the same word, and the
//! Conditions table of `standards/REFERENCE.md` is written from this table, so a new operator
//! cannot be parsed without being documented, nor documented under another name.

use std::sync::OnceLock;

/// What a key does in a condition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Combines whole conditions (`all`, `any`, `not`).
    Group,
    /// Starts a condition over a list (`each`, `count`).
    Quantifier,
    /// A part of a quantifier (`where`, `none`; `all` and `any` are its body too).
    QuantifierPart,
    /// Names the field a test is about.
    Field,
    /// A test on one value of a field.
    Test,
    /// A test on a list field as a whole (the path may run through the list).
    ListTest,
    /// Changes how a field's tests are read.
    Modifier,
}

/// One key of the condition language.
#[derive(Debug, Clone, Copy)]
pub struct Operator {
    /// The key as a standard writes it.
    pub key: &'static str,
    /// What it does.
    pub role: Role,
    /// The fields it fits, in words (checked by the compiler against the schema).
    pub fits: &'static str,
    /// How it is written.
    pub syntax: &'static str,
    /// What it means, for authors.
    pub doc: &'static str,
}

/// Every key, in the order the reference lists them.
pub const OPERATORS: &[Operator] = &[
    Operator {
        key: "field",
        role: Role::Field,
        fits: "any field",
        syntax: "`{ field = P, ... }`",
        doc: "the field the tests beside it are about, written from the top of the file (`children.health.gp_registered`)",
    },
    Operator {
        key: "present",
        role: Role::Test,
        fits: "any field",
        syntax: "`{ field = P, present = true }`",
        doc: "P is given (`false`: not given). Unlike every other test, an absent P makes this *false*, not unknown: use it only where absence is itself the breach (a deprivation of liberty with no authority recorded, a category the law says must be recorded)",
    },
    Operator {
        key: "is",
        role: Role::Test,
        fits: "any field",
        syntax: "`{ field = P, is = V }`",
        doc: "P equals V; V is a value of P's type or `{ field = Q }`",
    },
    Operator {
        key: "is_not",
        role: Role::Test,
        fits: "any field",
        syntax: "`{ field = P, is_not = V }`",
        doc: "P does not equal V",
    },
    Operator {
        key: "in",
        role: Role::Test,
        fits: "any field",
        syntax: "`{ field = P, in = [..] }`",
        doc: "P is one of the values listed",
    },
    Operator {
        key: "not_in",
        role: Role::Test,
        fits: "any field",
        syntax: "`{ field = P, not_in = [..] }`",
        doc: "P is none of the values listed",
    },
    Operator {
        key: "at_least",
        role: Role::Test,
        fits: "a number field (or `count`)",
        syntax: "`{ field = P, at_least = N }`",
        doc: "P >= N; N is a number, `{ param = \"name\" }` or `{ field = Q }`",
    },
    Operator {
        key: "at_most",
        role: Role::Test,
        fits: "a number field (or `count`)",
        syntax: "`{ field = P, at_most = N }`",
        doc: "P <= N",
    },
    Operator {
        key: "above",
        role: Role::Test,
        fits: "a number field",
        syntax: "`{ field = P, above = N }`",
        doc: "P > N",
    },
    Operator {
        key: "below",
        role: Role::Test,
        fits: "a number field",
        syntax: "`{ field = P, below = N }`",
        doc: "P < N",
    },
    Operator {
        key: "no_later_than",
        role: Role::Test,
        fits: "a date or timestamp field",
        syntax: "`{ field = P, no_later_than = { days = 28, after = Q } }`",
        doc: "date or time P is at most 28 days after Q (also `before = Q`). Q is a field, `\"assessment.as_of\"`, or a fixed day the law names, written as a date (`after = \"2011-10-01\"`: only what was done after it is bound). Units: `hours` (from a Q written as a day alone to a P written with its time, counted from the end of Q's day for `no_later_than`, its start for `no_earlier_than`: the event may have been at any time of that day; day to day, 72 hours are three days), `days`, `working_days` (weekends and bank holidays skipped; the start day never counts), `weeks`, `months` (clamped at month ends: 31 Jan + 1 month = 28/29 Feb), `years`, `calendar_years` (`1` before a date is 1 January of the previous year: \"once in each calendar year\"); the amount is a number or `{ param = \"..\" }`. A follow-up with a deadline: on an absent P, once the deadline has passed (before the as-of day began) the test is false (\"no record that it was done\"), before it true (not yet due); when Q itself is absent, unknown",
    },
    Operator {
        key: "no_earlier_than",
        role: Role::Test,
        fits: "a date or timestamp field",
        syntax: "`{ field = P, no_earlier_than = { years = 1, before = \"assessment.as_of\" } }`",
        doc: "date or time P is no earlier than the offset from Q (the units of `no_later_than`)",
    },
    Operator {
        key: "one_each_month",
        role: Role::ListTest,
        fits: "a list of dates",
        syntax: "`{ field = DATES, one_each_month = \"calendar_month\" }`",
        doc: "the list has a date in every complete month of the period (from the registration date when later) over before the as-of date (a month ending on the as-of day is not over yet) (`rolling_month`, or `{ param = \"..\" }`)",
    },
    Operator {
        key: "gaps_at_most",
        role: Role::ListTest,
        fits: "a list of dates",
        syntax: "`{ field = DATES, gaps_at_most = { months = 6, from = Q, until = \"assessment.as_of\" } }`",
        doc: "no gap in the series longer than that; the series starts at Q (when Q is absent, or not given, at the later of the period's start and `provider.registration.date`) and ends at `until` (default: the as-of date), so an empty list fails once the interval has passed; gaps that ended before the period are history and not checked. `second_within = { months = 3 }` (with `from`) gives the gap from the first date recorded on or after Q to the next its own, shorter limit: a second review due sooner than the rest. `at_first = { weeks = 6, until = { years = 1, after = Q } }` gives every gap that opens before that day its own limit: visits closer together while a placement is new",
    },
    Operator {
        key: "contains",
        role: Role::ListTest,
        fits: "a list field",
        syntax: "`{ field = LIST, contains = [..] }`",
        doc: "the list includes every value given",
    },
    Operator {
        key: "all_in",
        role: Role::ListTest,
        fits: "a list field",
        syntax: "`{ field = LIST, all_in = [..] }` or `all_in = { field = Q }`",
        doc: "every item of the list is one of the values given, or an item of the list Q",
    },
    Operator {
        key: "when_absent",
        role: Role::Modifier,
        fits: "a field test",
        syntax: "`{ field = P, ..., when_absent = true }`",
        doc: "the test's value when P is absent, for exemption flags (an unrecorded exemption is no exemption); without it an absent P gives `not_reported`",
    },
    Operator {
        key: "all",
        role: Role::Group,
        fits: "conditions",
        syntax: "`{ all = [ {..}, {..} ] }`",
        doc: "every condition holds (inside `each`: every item meets the body)",
    },
    Operator {
        key: "any",
        role: Role::Group,
        fits: "conditions",
        syntax: "`{ any = [ {..}, {..} ] }`",
        doc: "at least one condition holds (inside `each`: at least one item meets the body)",
    },
    Operator {
        key: "not",
        role: Role::Group,
        fits: "a condition",
        syntax: "`{ not = {..} }`",
        doc: "the condition does not hold",
    },
    Operator {
        key: "each",
        role: Role::Quantifier,
        fits: "a list",
        syntax: "`{ each = LIST, where = {..}, all = {..} }` (or `any`, `none`)",
        doc: "a condition over the list's items (those `where` selects)",
    },
    Operator {
        key: "count",
        role: Role::Quantifier,
        fits: "a list",
        syntax: "`{ count = LIST, where = {..}, at_least = N, at_most = N }`",
        doc: "the number of the list's items (those `where` selects) is within the bounds",
    },
    Operator {
        key: "where",
        role: Role::QuantifierPart,
        fits: "`each` or `count`",
        syntax: "`where = {..}`",
        doc: "only the items for which the condition holds",
    },
    Operator {
        key: "none",
        role: Role::QuantifierPart,
        fits: "`each`",
        syntax: "`{ each = LIST, none = {..} }`",
        doc: "no item meets the body",
    },
];

/// The definition of a key, if it is one.
pub fn operator(key: &str) -> Option<&'static Operator> {
    OPERATORS.iter().find(|o| o.key == key)
}

/// Every key a condition table may hold, for the compiler's unknown-key check.
pub fn keys() -> &'static [&'static str] {
    static KEYS: OnceLock<Vec<&'static str>> = OnceLock::new();
    KEYS.get_or_init(|| OPERATORS.iter().map(|o| o.key).collect())
}

/// The keys that test a field (`is`, `at_least`, `gaps_at_most`...), in the reference's order.
pub fn tests() -> impl Iterator<Item = &'static str> + Clone {
    OPERATORS
        .iter()
        .filter(|o| matches!(o.role, Role::Test | Role::ListTest))
        .map(|o| o.key)
}

/// The keys that test a list field as a whole, whose path may run through the list.
pub fn list_tests() -> impl Iterator<Item = &'static str> {
    OPERATORS.iter().filter(|o| o.role == Role::ListTest).map(|o| o.key)
}

/// The keys that say which kind of condition a table is (exactly one per table): the
/// groups, the quantifiers, then `field`.
pub fn heads() -> impl Iterator<Item = &'static str> {
    [Role::Group, Role::Quantifier, Role::Field]
        .into_iter()
        .flat_map(|role| OPERATORS.iter().filter(move |o| o.role == role).map(|o| o.key))
}

/// The keys a condition table may hold once read: every key but the modifiers, which only
/// a field's test takes (a `when_absent` beside `all` is reported, not ignored).
pub fn keys_of_a_condition() -> &'static [&'static str] {
    static KEYS: OnceLock<Vec<&'static str>> = OnceLock::new();
    KEYS.get_or_init(|| {
        OPERATORS
            .iter()
            .filter(|o| o.role != Role::Modifier)
            .map(|o| o.key)
            .collect()
    })
}
