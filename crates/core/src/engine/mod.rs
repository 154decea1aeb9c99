//! The evaluator: a standards set against one self-assessment, giving one outcome per
//! standard per record, and findings for the fails, not-reporteds and waivers.
//!
//! Logic is three-valued. A test on an absent field is *unknown*, not false: the outcome
//! is `not_reported`, shown to the user as missing evidence rather than as a breach. `all`
//! is false if any part is false, else unknown if any part is unknown; `any` is true if any
//! part is true, else unknown if any part is unknown. Pure: no I/O, no clock, no globals.

// foldhash, not std's SipHash: these maps are built and asked for every record and finding
// of every file, and SipHash was a tenth of the work they do; foldhash's seed is still
// random per process, and no output follows a map's order
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::rc::Rc;

use crate::assessment::{Assessment, Val, Value};
use crate::dates::{Calendar, Date};
use crate::finding::{Finding, Outcome, Severity, Waiver};
use crate::schema::{self, Obj, Ty};
use crate::source::{SourceFile, Span};
use crate::standards::cond::{fmt_num, Anchor, CPath, Cond, Lit, Offset, Op, Operand, Quant, SlotSource, Step, Unit};
use crate::standards::{Standard, StandardSet, Status};

mod eval;
mod exceptions;
mod missing;
mod ops;
mod render;
mod time;
mod trace;
mod values;

use eval::*;
pub use exceptions::exception_standards;
use exceptions::*;
use missing::*;
use ops::*;
use render::*;
use time::*;
use values::*;

/// Three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Cannot tell: a field it needs is absent.
    Unknown,
}

/// Why a value a test needs is not there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Absence {
    /// Not filled in (absent or `null`).
    #[default]
    Blank,
    /// Written as `not_done`: the provider says it never happened.
    NotDone,
    /// In the file but set aside (unreadable, ambiguous): proves nothing either way.
    Unusable,
    /// Dated after the as-of date, set aside: read as not recorded by the as-of date, so a
    /// follow-up whose deadline has passed fails as a blank one does.
    Future,
}

impl Absence {
    /// A value in the file that a rule must not use, for either reason.
    pub(super) fn set_aside(self) -> bool {
        matches!(self, Absence::Unusable | Absence::Future)
    }
}

/// Where and why a condition did not hold.
#[derive(Debug, Clone, Default)]
pub struct Blame {
    /// Concrete path (`children[0].health.sdq_date`).
    pub path: String,
    /// The value's span, or the nearest present parent's when absent.
    pub span: Span,
    /// The value as shown, if present.
    pub value: Option<String>,
    /// A sentence on what was found against what was needed.
    pub detail: String,
    /// For a missing value: why it is missing.
    pub absence: Absence,
    /// A fail because something required was never done (or not recorded by its deadline),
    /// rather than done late or wrongly: the message says so in those words.
    pub overdue: bool,
    /// How many conditions of the enclosing `all`s held before this one failed. Of an
    /// `any` whose parts are cases, the case that got furthest speaks (`eval`'s `Any`).
    pub held: u32,
}

type Res = (Truth, Option<Blame>);

/// The result of evaluating a set against one file.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Findings, in file order.
    pub findings: Vec<Finding>,
    /// Per standard (in set order): counts of pass, fail, not_reported, not_applicable, waived.
    pub counts: Vec<[u32; 5]>,
}

/// Index of an outcome in [`Evaluation::counts`].
pub fn outcome_index(o: Outcome) -> usize {
    match o {
        Outcome::Pass => 0,
        Outcome::Fail => 1,
        Outcome::NotReported => 2,
        Outcome::NotApplicable => 3,
        Outcome::Waived => 4,
    }
}

/// A prepared set: which standards run, and how to reach their records.
pub struct Engine<'s> {
    set: &'s StandardSet,
    enabled: Vec<bool>,
    levels: Vec<Vec<Vec<usize>>>,
    /// For each standard over a list of events, the field that dates the event
    /// ([`schema::event_date`]) and its slot in the event's record, found once here rather
    /// than by name for every record: an event dated after the as-of date is not reported.
    event_dates: Vec<Option<(&'static str, usize)>>,
    /// Report the personal-data guard's findings.
    pub personal_data_guard: bool,
    /// Give each not-reported finding every field its standard lacks
    /// ([`Finding::missing`](crate::finding::Finding::missing)), for a manager's to-do list.
    /// Searching for them was a tenth of a JSON run, whose report never shows them: a front
    /// end with no to-do list turns it off.
    pub list_missing_fields: bool,
}

#[derive(Clone)]
struct Bound<'a> {
    val: &'a Val,
    /// The record's concrete path (`children[2]`), shared: records are cloned per standard.
    path: Rc<str>,
    obj: Option<&'static Obj>,
}

struct Ctx<'a> {
    a: &'a Assessment,
    as_of: Date,
    cal: &'a Calendar,
    period: Option<(Date, Date)>,
    /// Lists read once per file and indexed by a field, for the quantifiers and links that
    /// match one record against another (a household's children, an incident's child): a
    /// search of the whole list for every record would make a file of households and
    /// children quadratic (audit v3 B1). Keyed by the quantifier (its address) or the list.
    joins: std::cell::RefCell<HashMap<usize, Rc<Join<'a>>>>,
    /// Each linked list's items by `ref` (the first item with a ref wins, as a search would).
    ref_index: std::cell::RefCell<HashMap<String, Rc<HashMap<&'a str, usize>>>>,
    /// Whether the file never writes an optional field, by its path: the answer searches the
    /// whole file, and is asked for every record missing the field (audit v3 B1: REL-013 on
    /// households without `tsd_completed` was households x households).
    unused: std::cell::RefCell<HashMap<&'a str, bool>>,
}

impl<'a> Ctx<'a> {
    fn new(a: &'a Assessment, as_of: Date, cal: &'a Calendar) -> Self {
        Ctx {
            a,
            as_of,
            cal,
            period: period_of(a),
            joins: std::cell::RefCell::default(),
            ref_index: std::cell::RefCell::default(),
            unused: std::cell::RefCell::default(),
        }
    }

    /// [`unused_extension`], asked once per file and field.
    fn unused_extension(&self, path: &'a str) -> bool {
        if let Some(&u) = self.unused.borrow().get(path) {
            return u;
        }
        let u = unused_extension(self.a, path);
        self.unused.borrow_mut().insert(path, u);
        u
    }
}

/// A list a quantifier walks, read once, with its items grouped by the text of the field its
/// `where` matches (`children.household`): the items whose field is that text, and the items
/// whose field is anything else (absent, `not_done`, not text), which must still be
/// evaluated in full.
struct Join<'a> {
    items: Vec<(&'a Val, Rc<str>)>,
    span: Span,
    by_key: HashMap<&'a str, Vec<usize>>,
    others: Vec<usize>,
}

fn obj_field<'a>(v: &'a Val, name: &str, obj: &Obj) -> Option<&'a Val> {
    let i = obj.index(name)?;
    match &v.v {
        Value::Obj(slots) => slots.get(i)?.as_ref().filter(|v| !v.v.is_blank()),
        _ => None,
    }
}

/// The blame of an event whose date (`name`, in slot `slot` of its record) was set aside as
/// after the as-of date: it proves nothing, so the event is not judged (see
/// [`schema::event_date`]).
fn dated_after_as_of(event: &Bound<'_>, (name, slot): (&str, usize)) -> Option<Blame> {
    let Value::Obj(slots) = &event.val.v else { return None };
    let date = slots.get(slot)?.as_ref()?;
    if !matches!(date.v, Value::Future) {
        return None;
    }
    Some(Blame {
        path: crate::strings::cat(&[&event.path, ".", name]),
        span: date.span,
        value: None,
        detail: "the event is dated after the as-of date; see the finding on its date".into(),
        absence: Absence::Future,
        overdue: false,
        held: 0,
    })
}

/// A field's slot as the file has it, blank or not: where a finding about it points.
fn raw_field<'a>(v: &'a Val, name: &str, obj: &Obj) -> Option<&'a Val> {
    let i = obj.index(name)?;
    match &v.v {
        Value::Obj(slots) => slots.get(i)?.as_ref(),
        _ => None,
    }
}

fn str_field<'a>(v: &'a Val, name: &str, obj: &Obj) -> Option<&'a str> {
    match obj_field(v, name, obj) {
        Some(Val { v: Value::Str(s), .. }) => Some(s),
        _ => None,
    }
}

fn date_field(v: &Val, name: &str, obj: &Obj) -> Option<Date> {
    match obj_field(v, name, obj) {
        Some(Val { v: Value::Date(d), .. }) => Some(*d),
        _ => None,
    }
}

fn list_item_obj(path: &str) -> Option<&'static Obj> {
    match schema::lookup(path).map(|f| &f.ty) {
        Some(Ty::List(inner)) => match inner.as_ref() {
            Ty::Obj(o) => Some(o),
            _ => None,
        },
        _ => None,
    }
}

/// Field indices from one object to a list field below it (`children` -> `moves`).
fn steps_to(from: &'static Obj, rel: &str) -> Vec<usize> {
    let mut obj = from;
    let mut out = Vec::new();
    for seg in crate::strings::dotted(rel) {
        let Some(i) = obj.index(seg) else { return out };
        out.push(i);
        match &obj.fields[i].ty {
            Ty::Obj(o) => obj = o,
            Ty::List(inner) => {
                if let Ty::Obj(o) = inner.as_ref() {
                    obj = o;
                }
            }
            _ => {}
        }
    }
    out
}

impl<'s> Engine<'s> {
    /// Prepare a set; `enabled` selects standards (all when `None`).
    pub fn new(set: &'s StandardSet, enabled: Option<Vec<bool>>) -> Self {
        let enabled = enabled.unwrap_or_else(|| vec![true; set.standards.len()]);
        let levels = set
            .standards
            .iter()
            .map(|s| {
                let mut prev: Option<&str> = None;
                let mut out = Vec::new();
                for slot in s.slots.iter().filter(|x| x.source == SlotSource::Level) {
                    let (from, rel) = match prev {
                        None => (schema::root(), slot.list.as_str()),
                        Some(p) => (
                            list_item_obj(p).unwrap_or(schema::root()),
                            slot.list.strip_prefix(&format!("{p}.")).unwrap_or(&slot.list),
                        ),
                    };
                    out.push(steps_to(from, rel));
                    prev = Some(slot.list.as_str());
                }
                out
            })
            .collect();
        let event_dates = set
            .standards
            .iter()
            .map(|s| {
                let name = schema::event_date(&s.for_each)?;
                Some((name, list_item_obj(&s.for_each)?.index(name)?))
            })
            .collect();
        Engine {
            set,
            enabled,
            levels,
            event_dates,
            personal_data_guard: true,
            list_missing_fields: true,
        }
    }

    /// Evaluate every enabled standard against a file.
    pub fn evaluate(&self, a: &Assessment, src: &SourceFile, as_of: Date) -> Evaluation {
        let ctx = Ctx::new(a, as_of, &self.set.calendar);
        let mut out = Evaluation {
            // a file has eighty findings on average over the benchmark's corpus: room for
            // them at once, not by doubling a vector of large structs from one
            findings: Vec::with_capacity(128),
            counts: vec![[0; 5]; self.set.standards.len()],
        };
        let mut excs = collect_exceptions(a);
        let exc_index = ExcIndex::new(&excs);
        let mut failed_standards: HashSet<&str> = HashSet::new();
        let mut record_cache: HashMap<&str, Vec<Vec<Option<Bound<'_>>>>> = HashMap::new();
        let kind = a.kind.unwrap_or("");
        let mut b: Vec<Option<Bound<'_>>> = Vec::new();
        for (si, std) in self.set.standards.iter().enumerate() {
            if !self.enabled[si] {
                continue;
            }
            if !std.kinds.contains(&kind) {
                out.counts[si][outcome_index(Outcome::NotApplicable)] += 1;
                continue;
            }
            // Standards that check the same list share one walk of it per file.
            let records = record_cache.entry(std.for_each.as_str()).or_insert_with(|| {
                let levels = &self.levels[si];
                let mut out = Vec::new();
                self.records(&ctx, levels, 0, &mut vec![None; levels.len()], &mut out);
                out
            });
            let mut listed = [0usize; 5];
            let mut more: [Option<(u32, Span)>; 5] = [None; 5];
            for rec in records.iter() {
                // one buffer for every record of every standard: no allocation per record
                b.clear();
                b.extend(rec.iter().cloned());
                b.resize(std.slots.len(), None);
                link(&ctx, std, &mut b);
                let event = self.event_dates[si].zip(rec.last().and_then(Option::as_ref));
                let (outcome, blame) = match event.and_then(|(field, at)| dated_after_as_of(at, field)) {
                    Some(bl) => (Outcome::NotReported, Some(bl)),
                    None => self.outcome(&ctx, std, &mut b),
                };
                let mut outcome = outcome;
                out.counts[si][outcome_index(outcome)] += 1;
                if !outcome.is_finding() {
                    continue;
                }
                let child = child_ref(std, &b);
                let mut waiver = None;
                let mut refused = None;
                // every exception of this standard learns that it did fail, so one left unused
                // never says the standard did not fail; of those covering this fail, the first
                // is used and the rest are covered by it (looked up, not searched: audit v3 B1)
                let exception = if outcome == Outcome::Fail {
                    if failed_standards.insert(std.id.as_str()) {
                        for &i in exc_index.of_standard(&std.id) {
                            excs[i].standard_failed = true;
                        }
                    }
                    let covering = exc_index.covering(&excs, &std.id, child.as_deref(), as_of);
                    if let Some((&first, rest)) = covering.split_first() {
                        let by = excs[first].index;
                        for &i in rest {
                            excs[i].covered_by.get_or_insert(by);
                        }
                    }
                    covering.first().copied()
                } else {
                    None
                };
                if let Some(e) = exception.map(|ei| &mut excs[ei]) {
                    e.used = true;
                    if !std.waivable {
                        // The law cannot be waived by the one it binds: the fail
                        // stands, and the exception is shown with it as context.
                        refused = Some(format!(
                            "exceptions[{}] (\"{}\", approved by {}) is recorded against this, but it cannot waive it: {}",
                            e.index,
                            e.reason.unwrap_or_default().trim(),
                            e.approver.unwrap_or_default(),
                            not_waivable_why(std)
                        ));
                    }
                }
                if std.waivable {
                    if let Some(e) = exception.map(|ei| &mut excs[ei]) {
                        e.used = true;
                        outcome = Outcome::Waived;
                        out.counts[si][outcome_index(Outcome::Fail)] -= 1;
                        out.counts[si][outcome_index(Outcome::Waived)] += 1;
                        waiver = Some(Waiver {
                            reason: e.reason.unwrap_or_default().to_string(),
                            approved_by_role: e.approver.unwrap_or_default().to_string(),
                            expires_on: e.expires_on.map(|d| d.0.to_string()).unwrap_or_default(),
                        });
                    }
                }
                // past the first few hundred of one standard and outcome, count only
                let oi = outcome_index(outcome);
                if listed[oi] >= crate::finding::LISTED_PER_STANDARD {
                    let span = blame.as_ref().map_or_else(|| record_span(a, std, &b), |bl| bl.span);
                    more[oi].get_or_insert((0, span)).0 += 1;
                    continue;
                }
                listed[oi] += 1;
                let blame = blame.unwrap_or_else(|| Blame {
                    path: record_path(std, &b),
                    span: record_span(a, std, &b),
                    value: None,
                    detail: String::new(),
                    absence: Absence::Blank,
                    overdue: false,
                    held: 0,
                });
                let message = match outcome {
                    Outcome::NotReported => {
                        let (who, field) = crate::wording::split_people(&blame.path, &|p| ctx.a.ref_at(p));
                        let (of, detail_open, detail_close) = (
                            if who.is_empty() { "" } else { " of " },
                            if blame.detail.is_empty() { "" } else { " (" },
                            if blame.detail.is_empty() { "" } else { ")" },
                        );
                        crate::strings::cat(&[
                            &std.title,
                            ": `",
                            &field,
                            "`",
                            of,
                            &who,
                            " is not reported",
                            detail_open,
                            &blame.detail,
                            detail_close,
                        ])
                    }
                    _ if blame.overdue => {
                        let who = match (&child, record_name(std, &b)) {
                            (Some(c), _) => format!("child {c}"),
                            (None, Some(r)) => r,
                            (None, None) => ctx.a.urn.clone().unwrap_or_else(|| "the provider".into()),
                        };
                        format!("{} ({who}): not done. {}", std.title, blame.detail)
                    }
                    _ => render(&std.message, &ctx, std, &b, &blame, &self.set.params),
                };
                let missing = if outcome == Outcome::NotReported && self.list_missing_fields {
                    missing_fields(&ctx, std, &mut b, &blame, src)
                } else {
                    Vec::new()
                };
                let (line, column) = src.line_col(blame.span.start);
                out.findings.push(Finding {
                    standard: std.id.clone(),
                    test: Some(std.test.clone()),
                    severity: std.severity,
                    outcome,
                    child,
                    record: record_name(std, &b),
                    message,
                    field: blame.path,
                    line,
                    column,
                    citation: std.citation_text.clone(),
                    help: Some(match refused {
                        Some(r) => format!("{}\n{r}", std.help_text).into(),
                        None => std.help_text.clone(),
                    }),
                    waiver,
                    fingerprint: crate::finding::fingerprint(&[&std.id, &record_identity(std, &b)]),
                    law: std.status == Status::Law,
                    baseline: None,
                    place: None,
                    span: blame.span,
                    fix: None,
                    missing,
                    more: 0,
                });
            }
            for (oi, m) in more.iter().enumerate() {
                if let Some((n, span)) = *m {
                    out.findings.push(unlisted(src, std, OUTCOMES[oi], n, span));
                }
            }
        }
        let builtins_from = out.findings.len();
        self.exception_findings(&ctx, src, &mut excs, &mut out.findings);
        for sa in &a.set_aside {
            out.findings.push(builtin(
                src,
                sa.code,
                Severity::Warning,
                None,
                sa.path.clone(),
                sa.message.clone(),
                "carecheck: evidence is judged at the as-of date",
                &sa.help,
                sa.span,
            ));
        }
        if self.personal_data_guard {
            const GDPR: &str = "UK GDPR Art. 5(1)(c) (data minimisation); self-assessment v1 principles";
            for (path, key, span) in &a.personal_keys {
                out.findings.push(builtin(
                    src,
                    "personal-data",
                    Severity::Error,
                    None,
                    format!("{path}.{key}"),
                    format!("`{path}.{key}: {}` would carry identifying personal data (the value is not shown); a self-assessment holds pseudonymous refs only", crate::privacy::MASK),
                    GDPR,
                    "delete this key: refer to children and staff by their pseudonymous ref (C-..., S-...) only. Names, dates of birth, addresses, postcodes, school names and NHS numbers never belong in the file",
                    *span,
                ));
            }
            for (path, why, span) in &a.personal_text {
                out.findings.push(builtin(
                    src,
                    "personal-data",
                    Severity::Warning,
                    None,
                    path.clone(),
                    format!("`{path}: {}` looks like it holds {why} (the value is not shown); a self-assessment must not identify a child or a member of staff", crate::privacy::MASK),
                    GDPR,
                    "remove it or replace it with a pseudonymous ref; if it is a false alarm, reword the text (the check can be turned off only with --allow-personal-data, and the report then says so)",
                    *span,
                ));
            }
        }
        fold_unlisted(&mut out.findings, builtins_from);
        sort_in_file_order(&mut out.findings);
        out
    }

    fn records<'a>(
        &self,
        ctx: &Ctx<'a>,
        levels: &[Vec<usize>],
        depth: usize,
        cur: &mut Vec<Option<Bound<'a>>>,
        out: &mut Vec<Vec<Option<Bound<'a>>>>,
    ) {
        if depth == levels.len() {
            out.push(cur.clone());
            return;
        }
        let (mut v, mut path, mut obj): (&'a Val, String, &'static Obj) = if depth == 0 {
            (&ctx.a.root, String::new(), schema::root())
        } else {
            let Some(b) = &cur[depth - 1] else { return };
            (b.val, b.path.to_string(), b.obj.unwrap_or(schema::root()))
        };
        for &fi in &levels[depth] {
            let Value::Obj(slots) = &v.v else { return };
            let Some(Some(next)) = slots.get(fi) else {
                return;
            };
            let f = &obj.fields[fi];
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(f.name);
            v = next;
            match &f.ty {
                Ty::Obj(o) => obj = o,
                Ty::List(inner) => {
                    if let Ty::Obj(o) = inner.as_ref() {
                        obj = o;
                    }
                }
                _ => {}
            }
        }
        let Value::List(items) = &v.v else { return };
        for (i, item) in items.iter().enumerate() {
            cur[depth] = Some(Bound {
                val: item,
                path: crate::strings::indexed(&path, i).into(),
                obj: Some(obj),
            });
            self.records(ctx, levels, depth + 1, cur, out);
        }
        cur[depth] = None;
    }

    fn outcome<'a>(
        &self,
        ctx: &Ctx<'a>,
        std: &'a Standard,
        b: &mut Vec<Option<Bound<'a>>>,
    ) -> (Outcome, Option<Blame>) {
        if let Some((min, max)) = std.ages {
            let age = std
                .slots
                .iter()
                .position(|s| s.list == "children")
                .and_then(|ci| b[ci].as_ref())
                .map(|c| (c, obj_field(c.val, "age_years", child_obj())));
            match age {
                Some((_, Some(Val { v: Value::Int(age), .. }))) if *age < min || *age > max => {
                    return (Outcome::NotApplicable, None);
                }
                Some((_, Some(Val { v: Value::Int(_), .. }))) => {}
                Some((c, _)) => {
                    return (
                        Outcome::NotReported,
                        Some(Blame {
                            path: format!("{}.age_years", c.path),
                            // where every other test of the field points: the blank (or
                            // the value that could not be read) when the key is there, the
                            // record when it is not, so one missing field has one place
                            span: raw_field(c.val, "age_years", child_obj()).map_or(c.val.span, |a| a.span),
                            value: None,
                            detail: format!("the standard applies to ages {}", std.ages_words().unwrap_or_default()),
                            absence: Absence::Blank,
                            overdue: false,
                            held: 0,
                        }),
                    );
                }
                None => {}
            }
        }
        if let Some(w) = &*std.when {
            match eval(ctx, w, b, false) {
                (Truth::False, _) => return (Outcome::NotApplicable, None),
                (Truth::Unknown, bl) => return (Outcome::NotReported, bl),
                (Truth::True, _) => {}
            }
        }
        // A requirement of several parts reports every failing part of the record in one
        // finding, so that one fix is one round trip (safer recruitment: the DBS level,
        // the references and the gaps at once).
        if let Cond::All(parts) = &*std.require {
            let mut failing: Vec<Blame> = Vec::new();
            let mut unknown: Option<Option<Blame>> = None;
            for p in parts {
                match eval(ctx, p, b, false) {
                    (Truth::False, bl) => failing.push(bl.unwrap_or_default()),
                    (Truth::Unknown, bl) => {
                        if unknown.is_none() {
                            unknown = Some(bl);
                        }
                    }
                    (Truth::True, _) => {}
                }
            }
            return match (failing.len(), unknown) {
                (0, None) => (Outcome::Pass, None),
                (0, Some(bl)) => (Outcome::NotReported, bl),
                _ => (Outcome::Fail, Some(merge_blames(failing))),
            };
        }
        match eval(ctx, &std.require, b, false) {
            (Truth::True, _) => (Outcome::Pass, None),
            (Truth::False, bl) => (Outcome::Fail, bl),
            (Truth::Unknown, bl) => (Outcome::NotReported, bl),
        }
    }
}

/// The outcomes in the order of [`Evaluation::counts`].
const OUTCOMES: [Outcome; 5] = [
    Outcome::Pass,
    Outcome::Fail,
    Outcome::NotReported,
    Outcome::NotApplicable,
    Outcome::Waived,
];

/// One finding for the `n` findings of a standard and outcome past the first
/// [`crate::finding::LISTED_PER_STANDARD`], placed where the first of them is.
fn unlisted(src: &SourceFile, std: &Standard, outcome: Outcome, n: u32, span: Span) -> Finding {
    let (line, column) = src.line_col(span.start);
    let listed = crate::finding::LISTED_PER_STANDARD;
    Finding {
        standard: std.id.clone(),
        test: Some(std.test.clone()),
        severity: std.severity,
        outcome,
        child: None,
        record: None,
        message: format!(
            "{}: {n} more {} finding(s) from here on, not listed one by one ({} in all; every one is counted)",
            std.title,
            outcome.as_str(),
            n as usize + listed
        ),
        field: std.for_each.clone(),
        line,
        column,
        citation: std.citation_text.clone(),
        help: Some(std.help_text.clone()),
        waiver: None,
        fingerprint: crate::finding::fingerprint(&[&std.id, "unlisted", outcome.as_str()]),
        law: std.status == Status::Law,
        baseline: None,
        place: None,
        span,
        fix: None,
        missing: Vec::new(),
        more: n - 1,
    }
}

/// The built-in checks' findings from `from` on (dates set aside, personal data, exceptions),
/// past the first [`crate::finding::LISTED_PER_STANDARD`] of one code and outcome, folded
/// into the first of the rest, which then counts them.
/// The findings in file order, then by standard and field ([`Finding::sort_key`]), equal
/// keys in the order they were made (a stable sort). Their positions are sorted and each
/// finding then moved once: a finding is hundreds of bytes, and sorting them in place
/// moved each several times, a twentieth of a JSON run's instructions.
fn sort_in_file_order(findings: &mut Vec<Finding>) {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&x, &y| findings[x].sort_key().cmp(&findings[y].sort_key()));
    let mut slots: Vec<Option<Finding>> = std::mem::take(findings).into_iter().map(Some).collect();
    // sized at once: collected through `filter_map`, it grew by doubling, moving every
    // finding again each time
    let mut sorted = Vec::with_capacity(slots.len());
    sorted.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
    *findings = sorted;
}

/// A field's path with each index written to ten digits, so that paths sort in the order of
/// the records they name.
fn record_order(path: &str) -> String {
    let mut key = String::with_capacity(path.len() + 16);
    let mut digits = String::new();
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                key.push(c);
            }
            ']' if in_index => {
                in_index = false;
                let _ = std::fmt::Write::write_fmt(&mut key, format_args!("{digits:0>10}]"));
                digits.clear();
            }
            c if in_index => digits.push(c),
            c => key.push(c),
        }
    }
    key.push_str(&digits);
    key
}

fn fold_unlisted(findings: &mut Vec<Finding>, from: usize) {
    if from == findings.len() {
        return;
    }
    let listed = crate::finding::LISTED_PER_STANDARD;
    // the ones listed are the first in the records' order (`children[2]` before
    // `children[10]`), not in the order the reader met them: a workbook keeps a list of a
    // record's dates on a sheet of its own, and must list the same findings as its YAML file
    findings[from..].sort_by_cached_key(|f| record_order(&f.field));
    let mut seen: HashMap<(String, Outcome), (usize, Option<usize>)> = HashMap::new();
    let mut keep = Vec::with_capacity(findings.len() - from);
    for f in findings.drain(from..) {
        let slot = seen.entry((f.standard.clone(), f.outcome)).or_insert((0, None));
        if slot.0 < listed {
            slot.0 += 1;
            keep.push(f);
        } else if let Some(at) = slot.1 {
            let first: &mut Finding = &mut keep[at];
            first.more += 1;
        } else {
            slot.1 = Some(keep.len());
            keep.push(Finding {
                child: None,
                record: None,
                fingerprint: crate::finding::fingerprint(&[&f.standard, "unlisted", f.outcome.as_str()]),
                ..f
            });
        }
    }
    for at in seen.values().filter_map(|s| s.1) {
        let f = &mut keep[at];
        f.message = format!(
            "{} more `{}` finding(s) from here on, not listed one by one ({} in all; every one is counted)",
            f.weight(),
            f.standard,
            f.weight() + listed
        );
    }
    findings.append(&mut keep);
}

/// Several failing parts as one blame: the first part's place and words, then each other
/// part's field and detail.
fn merge_blames(mut parts: Vec<Blame>) -> Blame {
    let mut first = parts.remove(0);
    for p in parts {
        let detail = if p.detail.is_empty() {
            "does not hold".to_string()
        } else {
            p.detail
        };
        let field = local_field(&p.path);
        first.detail = if first.detail.is_empty() {
            format!("`{field}` {detail}")
        } else {
            format!("{}; also `{field}` {detail}", first.detail)
        };
    }
    first
}

/// The assessment period, when both ends are given.
fn period_of(a: &Assessment) -> Option<(Date, Date)> {
    match (
        a.get(&["assessment", "period", "start"]),
        a.get(&["assessment", "period", "end"]),
    ) {
        (Some(Val { v: Value::Date(s), .. }), Some(Val { v: Value::Date(e), .. })) => Some((*s, *e)),
        _ => None,
    }
}

/// The schema of one child: looked up once, as it is read for every record of every
/// age-scoped standard.
fn child_obj() -> &'static Obj {
    static CHILD: std::sync::OnceLock<&'static Obj> = std::sync::OnceLock::new();
    CHILD.get_or_init(|| list_item_obj("children").unwrap_or(schema::root()))
}

/// A finding of a built-in check (personal data, exceptions): not one of the seven tests.
#[allow(clippy::too_many_arguments)]
fn builtin(
    src: &SourceFile,
    code: &str,
    severity: Severity,
    child: Option<String>,
    field: String,
    message: String,
    citation: &str,
    help: &str,
    span: Span,
) -> Finding {
    let (line, column) = src.line_col(span.start);
    let fingerprint = crate::finding::fingerprint(&[code, &field]);
    // the record is the mapping the field sits in (`children[0]` for `children[0].name`)
    let record = match field.rsplit_once('.') {
        Some((parent, _)) if code == "personal-data" => parent.to_string(),
        _ => field.clone(),
    };
    Finding {
        standard: code.into(),
        test: None,
        severity,
        outcome: Outcome::Fail,
        child,
        record: Some(record),
        message,
        field,
        line,
        column,
        citation: citation.into(),
        help: Some(help.into()),
        waiver: None,
        fingerprint,
        law: false,
        baseline: None,
        place: None,
        span,
        fix: None,
        missing: Vec::new(),
        more: 0,
    }
}

/// What a record is, independent of where it stands: for each list the standard walks
/// (outermost first), the record's `ref`, or else its refs, its first date or time and its
/// `type` (an incident: `restraint C-1 2026-02-03T19:40:00Z`).
fn record_identity(std: &Standard, b: &[Option<Bound<'_>>]) -> String {
    // sized for the usual "children C-01/" and a dated record's date: growing it from empty
    // cost a reallocation or two per finding
    let mut out = String::with_capacity(64);
    for (slot, bound) in std.slots.iter().zip(b) {
        if slot.source != SlotSource::Level {
            continue;
        }
        let Some(bd) = bound else { continue };
        let Some(obj) = bd.obj else { continue };
        out.push_str(slot.list.rsplit('.').next().unwrap_or(&slot.list));
        out.push(' ');
        if let Some(r) = str_field(bd.val, "ref", obj) {
            out.push_str(r);
        } else if let Value::Obj(slots) = &bd.val.v {
            let mut dated = false;
            for (f, v) in obj.fields.iter().zip(slots.iter()) {
                let Some(v) = v else { continue };
                let take = match f.ty {
                    Ty::Ref(_) => true,
                    Ty::Date | Ty::Timestamp if !dated => {
                        dated = true;
                        true
                    }
                    _ => f.name == "type",
                };
                if take && !v.v.is_blank() {
                    out.push_str(&v.v.display());
                    out.push(' ');
                }
            }
        }
        out.push('/');
    }
    if out.is_empty() {
        out.push_str("provider");
    }
    out
}

/// Fill the linked slots (the child an incident names, a child's household).
fn link<'a>(ctx: &Ctx<'a>, std: &Standard, b: &mut [Option<Bound<'a>>]) {
    for (i, slot) in std.slots.iter().enumerate() {
        let SlotSource::Link { from, field } = slot.source else {
            continue;
        };
        let Some(src) = &b[from] else { continue };
        let Value::Obj(fields) = &src.val.v else {
            continue;
        };
        let Some(Some(Val { v: Value::Str(r), .. })) = fields.get(field) else {
            continue;
        };
        let target_obj = list_item_obj(&slot.list);
        let found = if slot.list == "children" {
            ctx.a
                .child_index
                .get(&**r)
                .and_then(|&ci| ctx.a.children().get(ci).map(|v| (ci, v)))
        } else {
            let path: Vec<&str> = slot.list.split('.').collect();
            match (ctx.a.get(&path), target_obj) {
                (
                    Some(Val {
                        v: Value::List(items), ..
                    }),
                    Some(o),
                ) => {
                    let index = Rc::clone(ctx.ref_index.borrow_mut().entry(slot.list.clone()).or_insert_with(|| {
                        let mut by_ref: HashMap<&str, usize> = HashMap::with_capacity(items.len());
                        for (idx, it) in items.iter().enumerate() {
                            if let Some(r) = str_field(it, "ref", o) {
                                by_ref.entry(r).or_insert(idx);
                            }
                        }
                        Rc::new(by_ref)
                    }));
                    index.get(&**r).map(|&idx| (idx, &items[idx]))
                }
                _ => None,
            }
        };
        if let Some((idx, v)) = found {
            b[i] = Some(Bound {
                val: v,
                path: crate::strings::indexed(&slot.list, idx).into(),
                obj: target_obj,
            });
        }
    }
}

fn child_ref(std: &Standard, b: &[Option<Bound<'_>>]) -> Option<String> {
    let ci = std.slots.iter().position(|s| s.list == "children")?;
    let c = b.get(ci)?.as_ref()?;
    str_field(c.val, "ref", child_obj()).map(str::to_string)
}

fn deepest_level<'b, 'a>(std: &Standard, b: &'b [Option<Bound<'a>>]) -> Option<&'b Bound<'a>> {
    std.slots
        .iter()
        .enumerate()
        .rfind(|(_, s)| s.source == SlotSource::Level)
        .and_then(|(i, _)| b.get(i)?.as_ref())
}

fn record_path(std: &Standard, b: &[Option<Bound<'_>>]) -> String {
    deepest_level(std, b)
        .map(|x| x.path.to_string())
        .unwrap_or_else(|| "provider".into())
}

fn record_span(a: &Assessment, std: &Standard, b: &[Option<Bound<'_>>]) -> Span {
    deepest_level(std, b)
        .map(|x| x.val.span)
        .unwrap_or_else(|| a.get(&["provider"]).map_or(Span::new(0, 0), |v| v.span))
}

fn record_name(std: &Standard, b: &[Option<Bound<'_>>]) -> Option<String> {
    let lv = deepest_level(std, b)?;
    match lv.obj.and_then(|o| str_field(lv.val, "ref", o)) {
        Some(r) => Some(r.to_string()),
        None => Some(lv.path.to_string()),
    }
}
