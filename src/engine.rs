//! The evaluator: a standards set against one self-assessment, giving one outcome per
//! standard per record, and findings for the fails, not-reporteds and waivers.
//!
//! Logic is three-valued. A test on an absent field is *unknown*, not false: the outcome
//! is `not_reported`, shown to the user as missing evidence rather than as a breach. `all`
//! is false if any part is false, else unknown if any part is unknown; `any` is true if any
//! part is true, else unknown if any part is unknown. Pure: no I/O, no clock, no globals.

use std::collections::HashMap;
use std::rc::Rc;

use crate::assessment::{Assessment, Val, Value};
use crate::dates::{format_timestamp, Calendar, Date};
use crate::finding::{Finding, Outcome, Severity, Waiver};
use crate::schema::{self, Obj, Ty};
use crate::source::{SourceFile, Span};
use crate::standards::cond::{fmt_num, Anchor, CPath, Cond, Lit, Offset, Op, Operand, Quant, SlotSource, Step, Unit};
use crate::standards::{Standard, StandardSet};

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
    /// In the file but set aside (dated after the as-of date, ambiguous): proves nothing.
    Unusable,
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
    /// Report the personal-data guard's findings.
    pub personal_data_guard: bool,
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
}

struct Exc<'a> {
    standard: Option<&'a str>,
    child: Option<&'a str>,
    reason: Option<&'a str>,
    approver: Option<&'a str>,
    approved_on: Option<Date>,
    expires_on: Option<(Date, Span)>,
    span: Span,
    index: usize,
    used: bool,
}

fn obj_field<'a>(v: &'a Val, name: &str, obj: &Obj) -> Option<&'a Val> {
    let i = obj.index(name)?;
    match &v.v {
        Value::Obj(slots) => slots.get(i)?.as_ref().filter(|v| !v.v.is_blank()),
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
    for seg in rel.split('.') {
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
        Engine {
            set,
            enabled,
            levels,
            personal_data_guard: true,
        }
    }

    /// Evaluate every enabled standard against a file.
    pub fn evaluate(&self, a: &Assessment, src: &SourceFile, as_of: Date) -> Evaluation {
        let period = match (
            a.get(&["assessment", "period", "start"]),
            a.get(&["assessment", "period", "end"]),
        ) {
            (Some(Val { v: Value::Date(s), .. }), Some(Val { v: Value::Date(e), .. })) => Some((*s, *e)),
            _ => None,
        };
        let ctx = Ctx {
            a,
            as_of,
            cal: &self.set.calendar,
            period,
        };
        let mut out = Evaluation {
            findings: Vec::new(),
            counts: vec![[0; 5]; self.set.standards.len()],
        };
        let mut excs = collect_exceptions(a);
        let mut record_cache: HashMap<&str, Vec<Vec<Option<Bound<'_>>>>> = HashMap::new();
        let kind = a.kind.unwrap_or("");
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
            for rec in records.iter() {
                let mut b: Vec<Option<Bound<'_>>> = Vec::with_capacity(std.slots.len());
                b.extend(rec.iter().cloned());
                b.resize(std.slots.len(), None);
                link(&ctx, std, &mut b);
                let (outcome, blame) = self.outcome(&ctx, std, &mut b);
                let mut outcome = outcome;
                out.counts[si][outcome_index(outcome)] += 1;
                if !outcome.is_finding() {
                    continue;
                }
                let child = child_ref(std, &b);
                let mut waiver = None;
                let mut refused = None;
                if outcome == Outcome::Fail {
                    if let Some(e) = excs.iter_mut().find(|e| {
                        e.standard == Some(std.id.as_str())
                            && e.child.is_none_or(|c| Some(c) == child.as_deref())
                            && is_current(e, as_of)
                    }) {
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
                }
                if outcome == Outcome::Fail && std.waivable {
                    if let Some(e) = excs.iter_mut().find(|e| {
                        e.standard == Some(std.id.as_str())
                            && e.child.is_none_or(|c| Some(c) == child.as_deref())
                            && is_current(e, as_of)
                    }) {
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
                let blame = blame.unwrap_or_else(|| Blame {
                    path: record_path(std, &b),
                    span: record_span(a, std, &b),
                    value: None,
                    detail: String::new(),
                    absence: Absence::Blank,
                    overdue: false,
                });
                let message = match outcome {
                    Outcome::NotReported => {
                        let mut m = format!("{}: `{}` is not reported", std.title, blame.path);
                        if !blame.detail.is_empty() {
                            m = format!("{m} ({})", blame.detail);
                        }
                        m
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
                    citation: std.citation.show(),
                    help: Some(match refused {
                        Some(r) => format!("{}\n{r}", std.help.trim()),
                        None => std.help.trim().to_string(),
                    }),
                    waiver,
                    span: blame.span,
                });
            }
        }
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
                    format!("`{path}.{key}` would carry identifying personal data; a self-assessment holds pseudonymous refs only"),
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
                    format!("`{path}` looks like it holds {why}; a self-assessment must not identify a child or a member of staff"),
                    GDPR,
                    "remove it or replace it with a pseudonymous ref; if it is a false alarm, reword the text (the check can be turned off only with --allow-personal-data, and the report then says so)",
                    *span,
                ));
            }
        }
        out.findings.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
        out
    }

    fn exception_findings(&self, ctx: &Ctx<'_>, src: &SourceFile, excs: &mut [Exc<'_>], out: &mut Vec<Finding>) {
        for e in excs.iter() {
            let target = e
                .standard
                .and_then(|id| self.set.standards.iter().position(|s| s.id == id));
            // a standard left out by --select/--ignore: its exceptions are not this run's business
            if target.is_some_and(|i| !self.enabled[i]) {
                continue;
            }
            let not_waivable = target.map(|i| &self.set.standards[i]).filter(|s| !s.waivable);
            let refused_msg;
            let (code, sev, msg, span, help) = if let Some(std) = not_waivable {
                refused_msg = format!(
                    "exceptions[{}] for {} waives nothing: {}{}",
                    e.index,
                    std.id,
                    not_waivable_why(std),
                    if e.used {
                        "; the fail is reported with this exception shown as context"
                    } else {
                        ""
                    }
                );
                (
                    "exception-not-waivable",
                    Severity::Warning,
                    refused_msg,
                    e.span,
                    "meet the standard instead; if the departure was agreed with the placing authority or Ofsted, record that in your own files: an exception here cannot change a legal duty",
                )
            } else if e.standard.is_none()
                || e.reason.is_none()
                || e.approver.is_none()
                || e.approved_on.is_none()
                || e.expires_on.is_none()
            {
                let mut missing = Vec::new();
                for (ok, name) in [
                    (e.standard.is_some(), "standard"),
                    (e.reason.is_some(), "reason"),
                    (e.approver.is_some(), "approved_by_role"),
                    (e.approved_on.is_some(), "approved_on"),
                    (e.expires_on.is_some(), "expires_on"),
                ] {
                    if !ok {
                        missing.push(name);
                    }
                }
                (
                    "exception-incomplete",
                    Severity::Warning,
                    format!("exceptions[{}] waives nothing: it lacks {}", e.index, missing.join(", ")),
                    e.span,
                    "an exception needs the standard it departs from, a reason, the approver's role, the approval date and an expiry date",
                )
            } else if let Some((exp, espan)) = e.expires_on.filter(|(d, _)| *d < ctx.as_of) {
                (
                    "exception-expired",
                    Severity::Warning,
                    format!(
                        "exceptions[{}] for {} expired on {exp}; it no longer waives anything",
                        e.index,
                        e.standard.unwrap_or("?")
                    ),
                    espan,
                    "review the departure: renew the exception with a new approval and expiry if it is still justified, or meet the standard",
                )
            } else if e.approved_on.is_some_and(|d| d > ctx.as_of) {
                (
                    "exception-not-yet-approved",
                    Severity::Warning,
                    format!(
                        "exceptions[{}] is approved on a date after the as-of date; it waives nothing yet",
                        e.index
                    ),
                    e.span,
                    "check the approval date",
                )
            } else if !e.used {
                (
                    "exception-unused",
                    Severity::Info,
                    format!(
                        "exceptions[{}] for {} is current but waived nothing: {} did not fail{}",
                        e.index,
                        e.standard.unwrap_or("?"),
                        e.standard.unwrap_or("?"),
                        e.child.map(|c| format!(" for child {c}")).unwrap_or_default()
                    ),
                    e.span,
                    "the standard is met (or does not apply) without it; consider withdrawing the exception",
                )
            } else {
                continue;
            };
            out.push(builtin(
                src,
                code,
                sev,
                e.child.map(str::to_string),
                format!("exceptions[{}]", e.index),
                msg,
                "carecheck exceptions: justified, approved and expiring departures",
                help,
                span,
            ));
        }
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
                path: format!("{path}[{i}]").into(),
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
                            span: c.val.span,
                            value: None,
                            detail: format!("the standard applies to ages {min} to {max}"),
                            absence: Absence::Blank,
                            overdue: false,
                        }),
                    );
                }
                None => {}
            }
        }
        if let Some(w) = &std.when {
            match eval(ctx, w, b, false) {
                (Truth::False, _) => return (Outcome::NotApplicable, None),
                (Truth::Unknown, bl) => return (Outcome::NotReported, bl),
                (Truth::True, _) => {}
            }
        }
        match eval(ctx, &std.require, b, false) {
            (Truth::True, _) => (Outcome::Pass, None),
            (Truth::False, bl) => (Outcome::Fail, bl),
            (Truth::Unknown, bl) => (Outcome::NotReported, bl),
        }
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
        span,
    }
}

/// Why a standard cannot be waived, in words a manager uses.
fn not_waivable_why(std: &Standard) -> String {
    match std.status.as_str() {
        "law" => format!(
            "{} is a legal duty, and a provider cannot waive a law that binds it",
            std.id
        ),
        "law_la" => format!(
            "{} is a legal duty of the placing authority, which a provider's exception cannot waive",
            std.id
        ),
        _ => format!("{} is marked as one that cannot be waived", std.id),
    }
}

fn is_current(e: &Exc<'_>, as_of: Date) -> bool {
    match (e.reason, e.approver, e.approved_on, e.expires_on) {
        (Some(r), Some(a), Some(on), Some((exp, _))) => {
            !r.trim().is_empty() && !a.trim().is_empty() && on <= as_of && as_of <= exp
        }
        _ => false,
    }
}

fn collect_exceptions(a: &Assessment) -> Vec<Exc<'_>> {
    let Some(obj) = list_item_obj("exceptions") else {
        return vec![];
    };
    let Some(Val {
        v: Value::List(items), ..
    }) = a.get(&["exceptions"])
    else {
        return vec![];
    };
    items
        .iter()
        .enumerate()
        .map(|(i, it)| Exc {
            standard: str_field(it, "standard", obj),
            child: str_field(it, "child", obj),
            reason: str_field(it, "reason", obj),
            approver: str_field(it, "approved_by_role", obj),
            approved_on: date_field(it, "approved_on", obj),
            expires_on: obj_field(it, "expires_on", obj).and_then(|v| match v.v {
                Value::Date(d) => Some((d, v.span)),
                _ => None,
            }),
            span: it.span,
            index: i,
            used: false,
        })
        .collect()
}

/// The ids named by exceptions in a file, with spans, for checking against the set.
pub fn exception_standards(a: &Assessment) -> Vec<(String, Span)> {
    let Some(obj) = list_item_obj("exceptions") else {
        return vec![];
    };
    let Some(Val {
        v: Value::List(items), ..
    }) = a.get(&["exceptions"])
    else {
        return vec![];
    };
    items
        .iter()
        .filter_map(|it| {
            obj_field(it, "standard", obj).and_then(|v| match &v.v {
                Value::Str(s) => Some((s.to_string(), v.span)),
                _ => None,
            })
        })
        .collect()
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
                ) => items
                    .iter()
                    .enumerate()
                    .find(|(_, it)| str_field(it, "ref", o) == Some(&**r)),
                _ => None,
            }
        };
        if let Some((idx, v)) = found {
            b[i] = Some(Bound {
                val: v,
                path: format!("{}[{idx}]", slot.list).into(),
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

// ---------------------------------------------------------------------------------------
// Values

#[derive(Debug, Clone, Copy, PartialEq)]
enum Sc<'a> {
    Bool(bool),
    Num(f64),
    Str(&'a str),
    Date(Date),
    Time(i64),
}

fn sc(v: &Val) -> Option<Sc<'_>> {
    Some(match &v.v {
        Value::Bool(b) => Sc::Bool(*b),
        Value::Int(i) => Sc::Num(*i as f64),
        Value::Num(n) => Sc::Num(*n),
        Value::Str(s) => Sc::Str(s),
        Value::Date(d) => Sc::Date(*d),
        Value::Time(t) => Sc::Time(*t),
        _ => return None,
    })
}

fn lit_sc(l: &Lit) -> Sc<'_> {
    match l {
        Lit::Bool(b) => Sc::Bool(*b),
        Lit::Num(n) => Sc::Num(*n),
        Lit::Str(s) => Sc::Str(s),
        Lit::Date(d) => Sc::Date(*d),
        Lit::Time(t) => Sc::Time(*t),
    }
}

fn show_sc(s: Sc<'_>) -> String {
    match s {
        Sc::Bool(b) => b.to_string(),
        Sc::Num(n) => fmt_num(n),
        Sc::Str(s) => s.to_string(),
        Sc::Date(d) => d.to_string(),
        Sc::Time(t) => format_timestamp(t),
    }
}

fn secs(s: Sc<'_>) -> Option<i64> {
    match s {
        Sc::Date(d) => Some(d.0 as i64 * 86_400),
        Sc::Time(t) => Some(t),
        _ => None,
    }
}

fn sc_eq(a: Sc<'_>, b: Sc<'_>) -> bool {
    match (a, b) {
        (Sc::Num(x), Sc::Num(y)) => (x - y).abs() < 1e-9,
        (Sc::Date(_) | Sc::Time(_), Sc::Date(_) | Sc::Time(_)) => secs(a) == secs(b),
        _ => a == b,
    }
}

/// One resolved occurrence of a path. No strings: the concrete path is rebuilt from the
/// compiled steps only when a finding needs it (see [`concrete`]).
enum Found<'a> {
    /// Present, with the indices chosen at each list crossed.
    Val(&'a Val, Vec<usize>),
    /// Absent; the span of the nearest present parent (or of the blank).
    Missing(Vec<usize>, Span),
    /// The as-of date.
    AsOf,
}

fn resolve<'a>(ctx: &Ctx<'a>, p: &CPath, b: &[Option<Bound<'a>>], out: &mut Vec<Found<'a>>) {
    let start: &'a Val = match p.anchor {
        Anchor::AsOf => {
            out.push(Found::AsOf);
            return;
        }
        Anchor::Root => &ctx.a.root,
        Anchor::Slot(i) => match b.get(i).and_then(Option::as_ref) {
            Some(bd) => bd.val,
            None => {
                // a linked record that could not be found (e.g. an incident without a child)
                let span = b.iter().flatten().last().map_or(ctx.a.root.span, |x| x.val.span);
                out.push(Found::Missing(Vec::new(), span));
                return;
            }
        },
    };
    walk(start, &p.steps, Vec::new(), out);
}

fn walk<'a>(v: &'a Val, steps: &[Step], trail: Vec<usize>, out: &mut Vec<Found<'a>>) {
    let Some((first, rest)) = steps.split_first() else {
        out.push(Found::Val(v, trail));
        return;
    };
    match *first {
        Step::Field(i, _) => {
            let Value::Obj(slots) = &v.v else {
                out.push(Found::Missing(trail, v.span));
                return;
            };
            match slots.get(i).and_then(Option::as_ref) {
                // left blank: absent for the rule, located at the blank
                Some(next) if next.v.is_blank() => out.push(Found::Missing(trail, next.span)),
                Some(next) => walk(next, rest, trail, out),
                None => out.push(Found::Missing(trail, v.span)),
            }
        }
        Step::Flatten => {
            if let Value::List(items) = &v.v {
                for (k, it) in items.iter().enumerate() {
                    let mut t = trail.clone();
                    t.push(k);
                    walk(it, rest, t, out);
                }
            }
        }
    }
}

/// The concrete path of a resolution (`children[0].moves[1].date`), built only for findings.
fn concrete(p: &CPath, b: &[Option<Bound<'_>>], trail: &[usize]) -> String {
    let mut s = match p.anchor {
        Anchor::AsOf => return "assessment.as_of".into(),
        Anchor::Root => String::new(),
        Anchor::Slot(i) => match b.get(i).and_then(Option::as_ref) {
            Some(bd) => bd.path.to_string(),
            None => return p.text.clone(),
        },
    };
    let mut t = trail.iter();
    for st in &p.steps {
        match st {
            Step::Field(_, n) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(n);
            }
            Step::Flatten => {
                if let Some(k) = t.next() {
                    s.push_str(&format!("[{k}]"));
                }
            }
        }
    }
    s
}

/// A single value of a path, or the blame for its absence. This is the hot path of every
/// test: it walks the precompiled field indices directly and allocates nothing unless the
/// value is missing.
fn one<'a>(ctx: &Ctx<'a>, p: &CPath, b: &[Option<Bound<'a>>]) -> Result<(Sc<'a>, Span), Blame> {
    let missing = |span: Span| Blame {
        path: concrete(p, b, &[]),
        span,
        value: None,
        detail: String::new(),
        absence: Absence::Blank,
        overdue: false,
    };
    let mut v: &'a Val = match p.anchor {
        Anchor::AsOf => return Ok((Sc::Date(ctx.as_of), ctx.a.root.span)),
        Anchor::Root => &ctx.a.root,
        Anchor::Slot(i) => match b.get(i).and_then(Option::as_ref) {
            Some(bd) => bd.val,
            None => {
                let span = b.iter().flatten().last().map_or(ctx.a.root.span, |x| x.val.span);
                return Err(missing(span));
            }
        },
    };
    for st in &p.steps {
        let Step::Field(i, _) = *st else {
            return Err(Blame {
                detail: "not a single value".into(),
                ..missing(v.span)
            });
        };
        let Value::Obj(slots) = &v.v else {
            return Err(missing(v.span));
        };
        match slots.get(i).and_then(Option::as_ref) {
            Some(next) if next.v.is_blank() => {
                let absence = match next.v {
                    Value::NotDone => Absence::NotDone,
                    Value::Unusable => Absence::Unusable,
                    _ => Absence::Blank,
                };
                return Err(Blame {
                    absence,
                    detail: if absence == Absence::Unusable {
                        "the value was set aside; see the finding on it".into()
                    } else {
                        String::new()
                    },
                    ..missing(next.span)
                });
            }
            Some(next) => v = next,
            None => return Err(missing(v.span)),
        }
    }
    match sc(v) {
        Some(s) => Ok((s, v.span)),
        None => Err(Blame {
            detail: "not a single value".into(),
            ..missing(v.span)
        }),
    }
}

/// The items of a list with their concrete paths, and the list's span.
type Items<'a> = (Vec<(&'a Val, String)>, Span);

/// The items of a list path (flattening lists crossed on the way).
fn items<'a>(ctx: &Ctx<'a>, p: &CPath, b: &[Option<Bound<'a>>]) -> Result<Items<'a>, Blame> {
    let mut found = Vec::new();
    resolve(ctx, p, b, &mut found);
    let flattened = p.steps.contains(&Step::Flatten);
    let mut out = Vec::new();
    let mut span = Span::default();
    for f in found {
        match f {
            Found::Val(v, trail) => {
                if span == Span::default() {
                    span = v.span;
                }
                let path = concrete(p, b, &trail);
                match &v.v {
                    Value::List(list) => out.extend(list.iter().enumerate().map(|(i, x)| (x, format!("{path}[{i}]")))),
                    _ => out.push((v, path)),
                }
            }
            Found::Missing(trail, sp) => {
                if !flattened {
                    return Err(Blame {
                        path: concrete(p, b, &trail),
                        span: sp,
                        value: None,
                        detail: String::new(),
                        absence: Absence::Blank,
                        overdue: false,
                    });
                }
                if span == Span::default() {
                    span = sp;
                }
            }
            Found::AsOf => {}
        }
    }
    if flattened && out.is_empty() {
        // nothing found through the lists: is the outer list itself absent?
        let outer: Vec<Step> = p.steps.iter().take_while(|s| **s != Step::Flatten).copied().collect();
        let cp = CPath {
            text: p.text.clone(),
            anchor: p.anchor,
            steps: outer,
            ty: p.ty,
        };
        let mut f2 = Vec::new();
        resolve(ctx, &cp, b, &mut f2);
        if let Some(Found::Missing(trail, sp)) = f2.into_iter().next() {
            return Err(Blame {
                path: concrete(&cp, b, &trail),
                span: sp,
                value: None,
                detail: String::new(),
                absence: Absence::Blank,
                overdue: false,
            });
        }
    }
    Ok((out, span))
}

fn operand<'a>(ctx: &Ctx<'a>, o: &'a Operand, b: &[Option<Bound<'a>>]) -> Result<Sc<'a>, Blame> {
    match o {
        Operand::Lit(l) => Ok(lit_sc(l)),
        Operand::Param(_, v) => Ok(Sc::Num(*v)),
        Operand::Field(p) => one(ctx, p, b).map(|x| x.0),
    }
}

fn amount<'a>(ctx: &Ctx<'a>, o: &'a Operand, b: &[Option<Bound<'a>>]) -> Result<f64, Blame> {
    match operand(ctx, o, b)? {
        Sc::Num(n) => Ok(n),
        _ => Ok(0.0),
    }
}

/// Shift a date or time by an amount of a unit.
fn shift(cal: &Calendar, at: Sc<'_>, n: f64, unit: Unit, sign: i64) -> Option<Sc<'static>> {
    let whole = n.round() as i64 * sign;
    Some(match (at, unit) {
        (Sc::Date(d), Unit::Days) => Sc::Date(d.add_days(whole)),
        (Sc::Date(d), Unit::Weeks) => Sc::Date(d.add_days(whole * 7)),
        (Sc::Date(d), Unit::Months) => Sc::Date(d.add_months(whole)),
        (Sc::Date(d), Unit::Years) => Sc::Date(d.add_months(whole * 12)),
        (Sc::Date(d), Unit::WorkingDays) => Sc::Date(cal.add_working_days(d, whole)),
        (Sc::Date(d), Unit::CalendarYears) => Sc::Date(calendar_year_edge(d, whole)),
        (Sc::Date(d), Unit::Hours) => Sc::Time(d.0 as i64 * 86_400 + (n * 3600.0).round() as i64 * sign),
        (Sc::Time(t), Unit::Hours) => Sc::Time(t + (n * 3600.0).round() as i64 * sign),
        (Sc::Time(t), Unit::Days) => Sc::Time(t + whole * 86_400),
        (Sc::Time(t), Unit::Weeks) => Sc::Time(t + whole * 7 * 86_400),
        (Sc::Time(t), u) => {
            let d = Date(t.div_euclid(86_400) as i32);
            let tod = t.rem_euclid(86_400);
            let nd = match u {
                Unit::CalendarYears => calendar_year_edge(d, whole),
                Unit::Months => d.add_months(whole),
                Unit::Years => d.add_months(whole * 12),
                _ => cal.add_working_days(d, whole),
            };
            Sc::Time(nd.0 as i64 * 86_400 + tod)
        }
        _ => return None,
    })
}

/// 1 January of the year `n` years before (n < 0), or 31 December of the year `n` years
/// after (n >= 0).
fn calendar_year_edge(d: Date, n: i64) -> Date {
    let (y, _, _) = d.ymd();
    let y = (y as i64 + n).clamp(1, 9999) as i32;
    let edge = if n < 0 {
        Date::from_ymd(y, 1, 1)
    } else {
        Date::from_ymd(y, 12, 31)
    };
    edge.unwrap_or(d)
}

fn cmp_time(a: Sc<'_>, b: Sc<'_>) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Sc::Date(x), Sc::Date(y)) => Some(x.cmp(&y)),
        _ => Some(secs(a)?.cmp(&secs(b)?)),
    }
}

/// The limit an offset sets: (limit, reference value, amount).
fn limit<'a>(ctx: &Ctx<'a>, off: &'a Offset, b: &[Option<Bound<'a>>]) -> Result<(Sc<'static>, Sc<'a>, f64), Blame> {
    let (r, _) = one(ctx, &off.reference, b)?;
    let n = amount(ctx, &off.amount, b)?;
    let sign = if off.after { 1 } else { -1 };
    let l = shift(ctx.cal, r, n, off.unit, sign).ok_or_else(Blame::default)?;
    Ok((l, r, n))
}

fn limit_desc(off: &Offset, r: Sc<'_>, n: f64) -> String {
    if n == 0.0 {
        format!("`{}` ({})", off.reference.text, show_sc(r))
    } else {
        format!(
            "{} {} `{}` ({})",
            off.unit.count(n),
            if off.after { "after" } else { "before" },
            off.reference.text,
            show_sc(r)
        )
    }
}

/// Whether a deadline was over before the as-of day began.
fn deadline_passed(limit: Sc<'_>, as_of: Date) -> bool {
    match limit {
        Sc::Date(d) => d < as_of,
        Sc::Time(t) => t < as_of.0 as i64 * 86_400,
        _ => false,
    }
}

/// A follow-up that is not recorded, judged against its deadline. A recorded event
/// (a restraint, a notifiable event, a move, a person starting work) whose follow-up has
/// no date once the deadline has passed is a fail: there is no record that it was done.
/// Before the deadline it is not yet due. `None` when no deadline test applies (the event
/// itself is not recorded, or the test has no deadline): the value is then not reported.
fn overdue<'a>(ctx: &Ctx<'a>, ops: &'a [Op], b: &[Option<Bound<'a>>], bl: &Blame) -> Option<Res> {
    for op in ops {
        let Op::NoLaterThan(off) = op else { continue };
        if off.reference.anchor == Anchor::AsOf {
            continue;
        }
        let Ok((l, r, n)) = limit(ctx, off, b) else { continue };
        if !deadline_passed(l, ctx.as_of) {
            return Some((Truth::True, None));
        }
        let what = if bl.absence == Absence::NotDone {
            "is recorded as not done"
        } else {
            "has no date: there is no record that it was done"
        };
        return Some((
            Truth::False,
            Some(Blame {
                detail: format!(
                    "`{}` {what}; it was due by {} ({})",
                    bl.path,
                    show_sc(l),
                    limit_desc(off, r, n)
                ),
                overdue: true,
                ..bl.clone()
            }),
        ));
    }
    None
}

/// `Ok(None)` when the test holds; `Ok(Some(detail))` when it does not. The detail is
/// built only then: the passing path allocates nothing.
fn test_op<'a>(ctx: &Ctx<'a>, op: &'a Op, v: Sc<'a>, b: &[Option<Bound<'a>>]) -> Result<Option<String>, Blame> {
    let shown = || show_sc(v);
    Ok(match op {
        Op::Present(true) => None,
        Op::Present(false) => Some(format!("{} is given but should not be", shown())),
        Op::Is(o) => {
            let x = operand(ctx, o, b)?;
            (!sc_eq(v, x)).then(|| format!("is {}, not {}", shown(), show_sc(x)))
        }
        Op::IsNot(o) => {
            let x = operand(ctx, o, b)?;
            sc_eq(v, x).then(|| format!("is {}", shown()))
        }
        Op::In(l) => (!l.iter().any(|x| sc_eq(v, lit_sc(x)))).then(|| {
            format!(
                "is {}, not one of {}",
                shown(),
                l.iter().map(Lit::show).collect::<Vec<_>>().join(", ")
            )
        }),
        Op::NotIn(l) => l.iter().any(|x| sc_eq(v, lit_sc(x))).then(|| format!("is {}", shown())),
        Op::AtLeast(o) | Op::AtMost(o) | Op::Above(o) | Op::Below(o) => {
            let x = operand(ctx, o, b)?;
            let (Sc::Num(a), Sc::Num(c)) = (v, x) else {
                return Ok(Some(format!("{} is not a number", shown())));
            };
            let (ok, word) = match op {
                Op::AtLeast(_) => (a >= c, "below the minimum of"),
                Op::AtMost(_) => (a <= c, "above the limit of"),
                Op::Above(_) => (a > c, "not more than"),
                _ => (a < c, "not less than"),
            };
            (!ok).then(|| format!("is {}, {word} {}", shown(), fmt_num(c)))
        }
        Op::NoLaterThan(off) => {
            let (l, r, n) = limit(ctx, off, b)?;
            let ok = cmp_time(v, l).is_some_and(|o| o != std::cmp::Ordering::Greater);
            (!ok).then(|| format!("{} is later than {} ({})", shown(), show_sc(l), limit_desc(off, r, n)))
        }
        Op::NoEarlierThan(off) => {
            let (l, r, n) = limit(ctx, off, b)?;
            let ok = cmp_time(v, l).is_some_and(|o| o != std::cmp::Ordering::Less);
            (!ok).then(|| format!("{} is earlier than {} ({})", shown(), show_sc(l), limit_desc(off, r, n)))
        }
        _ => None,
    })
}

fn dates_of(list: &[(&Val, String)]) -> Vec<Date> {
    let mut d: Vec<Date> = list
        .iter()
        .filter_map(|(v, _)| match v.v {
            Value::Date(d) => Some(d),
            Value::Time(t) => Some(Date(t.div_euclid(86_400) as i32)),
            _ => None,
        })
        .collect();
    d.sort_unstable();
    d
}

/// Where a clock starts when a rule names no start: the later of the period's start and
/// the registration date.
fn implicit_start(ctx: &Ctx<'_>) -> Option<Date> {
    let reg = match ctx.a.get(&["provider", "registration", "date"]) {
        Some(Val { v: Value::Date(d), .. }) => Some(*d),
        _ => None,
    };
    match (ctx.period.map(|p| p.0), reg) {
        (Some(p), Some(r)) => Some(p.max(r)),
        (p, r) => p.or(r),
    }
}

fn month_name(d: Date) -> String {
    let (y, m, _) = d.ymd();
    format!("{y:04}-{m:02}")
}

fn list_op<'a>(
    ctx: &Ctx<'a>,
    op: &'a Op,
    list: &[(&'a Val, String)],
    b: &[Option<Bound<'a>>],
) -> Result<(bool, String), Blame> {
    Ok(match op {
        Op::OneEachMonth(o) => {
            let Some((start, end)) = ctx.period else {
                let span = ctx.a.get(&["assessment"]).map_or(ctx.a.root.span, |v| v.span);
                return Err(Blame {
                    path: "assessment.period".into(),
                    span,
                    value: None,
                    detail: "the period is needed to know which months to check".into(),
                    absence: Absence::Blank,
                    overdue: false,
                });
            };
            let end = end.min(ctx.as_of);
            let dates = dates_of(list);
            let rolling = matches!(operand(ctx, o, b)?, Sc::Str("rolling_month"));
            let mut missing = Vec::new();
            if rolling {
                // the month before the first visit of the period runs from the last visit
                // before it, when there was one
                let mut prev = dates.iter().copied().filter(|d| *d < start).max().unwrap_or(start);
                for d in dates
                    .iter()
                    .copied()
                    .filter(|d| *d >= start && *d <= end)
                    .chain(std::iter::once(end))
                {
                    if d > prev.add_months(1) {
                        missing.push(format!("{prev} to {d}"));
                    }
                    prev = d;
                }
                (
                    missing.is_empty(),
                    format!("more than a month passed between {}", missing.join(", ")),
                )
            } else {
                let mut m = start.month_start();
                while m.add_months(1).add_days(-1) <= end {
                    let m_end = m.add_months(1).add_days(-1);
                    if m_end >= start && !dates.iter().any(|d| *d >= m && *d <= m_end) {
                        missing.push(month_name(m));
                    }
                    m = m.add_months(1);
                }
                (
                    missing.is_empty(),
                    lazy(&missing, |m| format!("no date in {}", m.join(", "))),
                )
            }
        }
        Op::GapsAtMost {
            amount: a,
            unit,
            from,
            until,
        } => {
            let n = amount(ctx, a, b)?;
            let mut series: Vec<(Date, &str)> = Vec::new();
            // The clock starts at `from` (the date the child entered care, a household was
            // approved); when that is not given, at the start of the period or the
            // registration date, whichever is later. An empty list, or one whose items
            // lack their date, then fails once the interval has passed: no review at all
            // never does better than one review long ago.
            let from_d = match from {
                Some(p) => match one(ctx, p, b) {
                    Ok((Sc::Date(d), _)) => Some(d),
                    Ok(_) => None,
                    Err(bl) if bl.absence == Absence::Unusable => return Err(bl),
                    Err(_) => None,
                },
                None => None,
            };
            let until_d = match until {
                Some(p) => match one(ctx, p, b)?.0 {
                    Sc::Date(d) => Some(d),
                    _ => None,
                },
                None => Some(ctx.as_of),
            };
            let dates = dates_of(list);
            match from_d {
                Some(d) => series.push((d, "start")),
                None => match implicit_start(ctx) {
                    Some(d) if dates.first().is_none_or(|f| *f > d) => series.push((d, "period")),
                    Some(_) => {}
                    None if dates.is_empty() => {
                        let span = ctx.a.get(&["assessment"]).map_or(ctx.a.root.span, |v| v.span);
                        return Err(Blame {
                            path: "assessment.period".into(),
                            span,
                            value: None,
                            detail: "no date is recorded, and without the period there is no start to count from"
                                .into(),
                            absence: Absence::Blank,
                            overdue: false,
                        });
                    }
                    None => {}
                },
            }
            for d in dates {
                if until_d.is_none_or(|u| d <= u) && from_d.is_none_or(|f| d >= f) {
                    series.push((d, "date"));
                }
            }
            if let Some(d) = until_d {
                series.push((d, "as-of"));
            }
            let mut bad = None;
            for w in series.windows(2) {
                // A gap that closed before the assessment period is history, not a finding
                // of this self-assessment.
                if ctx.period.is_some_and(|(start, _)| w[1].0 < start) {
                    continue;
                }
                let over = match shift(ctx.cal, Sc::Date(w[0].0), n, *unit, 1) {
                    Some(Sc::Date(lim)) => w[1].0 > lim,
                    Some(Sc::Time(lim)) => w[1].0 .0 as i64 * 86_400 > lim,
                    _ => false,
                };
                if over {
                    bad = Some((w[0].0, w[1].0, w[1].1, w[0].1));
                    break;
                }
            }
            match bad {
                None => (true, String::new()),
                Some((x, y, kind, from_kind)) => {
                    let tail = if kind == "as-of" {
                        format!("{y} (the as-of date) with none since")
                    } else {
                        y.to_string()
                    };
                    let head = match from_kind {
                        "period" => format!("{x} (the start of the period)"),
                        "start" => format!("{x} (the start)"),
                        _ => x.to_string(),
                    };
                    let none = if list.is_empty() || dates_of(list).is_empty() {
                        "no date is recorded: "
                    } else {
                        ""
                    };
                    (false, format!("{none}{head} to {tail} is more than {}", unit.count(n)))
                }
            }
        }
        Op::Contains(lits) => {
            let have: Vec<Sc<'_>> = list.iter().filter_map(|(v, _)| sc(v)).collect();
            let missing: Vec<String> = lits
                .iter()
                .filter(|l| !have.iter().any(|h| sc_eq(*h, lit_sc(l))))
                .map(Lit::show)
                .collect();
            (
                missing.is_empty(),
                lazy(&missing, |m| format!("does not include {}", m.join(", "))),
            )
        }
        Op::AllInList(lits) => {
            let extra: Vec<String> = list
                .iter()
                .filter_map(|(v, _)| sc(v))
                .filter(|h| !lits.iter().any(|l| sc_eq(*h, lit_sc(l))))
                .map(show_sc)
                .collect();
            (extra.is_empty(), lazy(&extra, |m| format!("includes {}", m.join(", "))))
        }
        Op::AllIn(Operand::Field(p)) => {
            let (allowed, _) = items(ctx, p, b)?;
            let allowed: Vec<Sc<'_>> = allowed.iter().filter_map(|(v, _)| sc(v)).collect();
            let extra: Vec<String> = list
                .iter()
                .filter_map(|(v, _)| sc(v))
                .filter(|h| !allowed.iter().any(|a| sc_eq(*a, *h)))
                .map(show_sc)
                .collect();
            (
                extra.is_empty(),
                lazy(&extra, |m| format!("includes {} not in `{}`", m.join(", "), p.text)),
            )
        }
        Op::Present(want) => (*want, String::new()),
        _ => (true, String::new()),
    })
}

/// A failure detail, built only when there is something to say.
fn lazy(items: &[String], f: impl FnOnce(&[String]) -> String) -> String {
    if items.is_empty() {
        String::new()
    } else {
        f(items)
    }
}

fn is_list_op(op: &Op) -> bool {
    matches!(
        op,
        Op::OneEachMonth(_) | Op::GapsAtMost { .. } | Op::Contains(_) | Op::AllIn(_) | Op::AllInList(_)
    )
}

fn eval<'a>(ctx: &Ctx<'a>, c: &'a Cond, b: &mut Vec<Option<Bound<'a>>>, want_true_blame: bool) -> Res {
    match c {
        Cond::All(parts) => {
            let mut unknown: Option<Option<Blame>> = None;
            for p in parts {
                match eval(ctx, p, b, want_true_blame) {
                    (Truth::False, bl) => return (Truth::False, bl),
                    (Truth::Unknown, bl) => {
                        if unknown.is_none() {
                            unknown = Some(bl);
                        }
                    }
                    (Truth::True, _) => {}
                }
            }
            match unknown {
                Some(bl) => (Truth::Unknown, bl),
                None => (Truth::True, None),
            }
        }
        Cond::Any(parts) => {
            let mut unknown: Option<Option<Blame>> = None;
            let mut first_false: Option<Option<Blame>> = None;
            for p in parts {
                match eval(ctx, p, b, want_true_blame) {
                    (Truth::True, bl) => return (Truth::True, bl),
                    (Truth::Unknown, bl) => {
                        if unknown.is_none() {
                            unknown = Some(bl);
                        }
                    }
                    (Truth::False, bl) => {
                        if first_false.is_none() {
                            first_false = Some(bl);
                        }
                    }
                }
            }
            match (unknown, first_false) {
                (Some(bl), _) => (Truth::Unknown, bl),
                (None, Some(bl)) => (Truth::False, bl),
                (None, None) => (Truth::False, None),
            }
        }
        Cond::Not(inner) => match eval(ctx, inner, b, true) {
            (Truth::True, bl) => (Truth::False, bl),
            (Truth::False, _) => (Truth::True, None),
            u => u,
        },
        Cond::Test { path, ops, when_absent } => {
            if ops.iter().any(is_list_op) {
                let (list, span) = match items(ctx, path, b) {
                    Ok(x) => x,
                    Err(bl) => {
                        return match when_absent {
                            Some(true) => (Truth::True, None),
                            Some(false) => (
                                Truth::False,
                                Some(Blame {
                                    detail: "is not given".into(),
                                    ..bl
                                }),
                            ),
                            None => (Truth::Unknown, Some(bl)),
                        }
                    }
                };
                for op in ops {
                    match list_op(ctx, op, &list, b) {
                        Ok((true, _)) => {}
                        Ok((false, detail)) => {
                            let (bp, bs) = list.last().map_or((path.text.clone(), span), |(v, p)| {
                                (
                                    p.rsplit_once('[').map_or(p.clone(), |x| x.0.to_string()),
                                    if span == Span::default() { v.span } else { span },
                                )
                            });
                            return (
                                Truth::False,
                                Some(Blame {
                                    path: bp,
                                    span: bs,
                                    value: Some(format!("{} item(s)", list.len())),
                                    detail,
                                    absence: Absence::Blank,
                                    overdue: false,
                                }),
                            );
                        }
                        Err(bl) => return (Truth::Unknown, Some(bl)),
                    }
                }
                return (Truth::True, None);
            }
            let (v, vspan) = match one(ctx, path, b) {
                Ok(x) => x,
                Err(bl) => {
                    // set aside (future-dated, ambiguous): proves nothing either way
                    if bl.absence == Absence::Unusable {
                        return (Truth::Unknown, Some(bl));
                    }
                    match when_absent {
                        Some(true) => return (Truth::True, None),
                        Some(false) => {
                            return (
                                Truth::False,
                                Some(Blame {
                                    detail: "is not given".into(),
                                    ..bl
                                }),
                            )
                        }
                        None => {}
                    }
                    // absent: `present = false` holds, `present = true` does not; anything else is unknown
                    if let Some(Op::Present(want)) = ops.first() {
                        if ops.len() == 1 {
                            return if *want {
                                (
                                    Truth::False,
                                    Some(Blame {
                                        detail: "is not given".into(),
                                        ..bl
                                    }),
                                )
                            } else {
                                (Truth::True, None)
                            };
                        }
                    }
                    if let Some(r) = overdue(ctx, ops, b, &bl) {
                        return r;
                    }
                    if bl.absence == Absence::NotDone {
                        return (
                            Truth::False,
                            Some(Blame {
                                detail: "is recorded as not done".into(),
                                overdue: true,
                                ..bl
                            }),
                        );
                    }
                    return (Truth::Unknown, Some(bl));
                }
            };
            for op in ops {
                match test_op(ctx, op, v, b) {
                    Ok(None) => {}
                    Ok(Some(detail)) => {
                        return (
                            Truth::False,
                            Some(Blame {
                                path: concrete(path, b, &[]),
                                span: vspan,
                                value: Some(show_sc(v)),
                                detail,
                                absence: Absence::Blank,
                                overdue: false,
                            }),
                        )
                    }
                    Err(bl) => return (Truth::Unknown, Some(bl)),
                }
            }
            let bl = if want_true_blame {
                Some(Blame {
                    path: concrete(path, b, &[]),
                    span: vspan,
                    value: Some(show_sc(v)),
                    detail: format!("is {}", show_sc(v)),
                    absence: Absence::Blank,
                    overdue: false,
                })
            } else {
                None
            };
            (Truth::True, bl)
        }
        Cond::Quant { list, slot, filter, q } => {
            let (its, span) = match items(ctx, list, b) {
                Ok(x) => x,
                Err(bl) => return (Truth::Unknown, Some(bl)),
            };
            let item_obj = match list.ty {
                Ty::List(inner) => match inner.as_ref() {
                    Ty::Obj(o) => Some(o),
                    _ => None,
                },
                _ => None,
            };
            if b.len() <= *slot {
                b.resize(*slot + 1, None);
            }
            let mut n_true = 0usize;
            let mut n_unknown = 0usize;
            let mut first_unknown: Option<Option<Blame>> = None;
            let mut result: Option<Res> = None;
            for (v, p) in its {
                b[*slot] = Some(Bound {
                    val: v,
                    path: p.as_str().into(),
                    obj: item_obj,
                });
                let pass_filter = match filter {
                    None => Truth::True,
                    Some(f) => {
                        let (t, bl) = eval(ctx, f, b, false);
                        if t == Truth::Unknown && first_unknown.is_none() {
                            first_unknown = Some(bl);
                        }
                        t
                    }
                };
                if pass_filter == Truth::False {
                    continue;
                }
                let body = match q {
                    Quant::Count { .. } => {
                        match pass_filter {
                            Truth::True => n_true += 1,
                            _ => n_unknown += 1,
                        }
                        continue;
                    }
                    Quant::All(c) | Quant::Any(c) | Quant::None(c) => c,
                };
                let (t, bl) = eval(ctx, body, b, matches!(q, Quant::None(_)));
                let t = if pass_filter == Truth::Unknown && t != Truth::Unknown {
                    Truth::Unknown
                } else {
                    t
                };
                match (q, t) {
                    (Quant::All(_), Truth::False) => {
                        result = Some((Truth::False, bl));
                        break;
                    }
                    (Quant::Any(_), Truth::True) => {
                        result = Some((Truth::True, None));
                        break;
                    }
                    (Quant::None(_), Truth::True) => {
                        let bl = bl.unwrap_or_else(|| Blame {
                            path: p.clone(),
                            span: v.span,
                            value: None,
                            detail: String::new(),
                            absence: Absence::Blank,
                            overdue: false,
                        });
                        result = Some((Truth::False, Some(bl)));
                        break;
                    }
                    (_, Truth::Unknown) => {
                        n_unknown += 1;
                        if first_unknown.is_none() {
                            first_unknown = Some(bl);
                        }
                    }
                    _ => {}
                }
            }
            b[*slot] = None;
            if let Some(r) = result {
                return r;
            }
            match q {
                Quant::Count { at_least, at_most } => {
                    let lo = match at_least {
                        Some(o) => match amount(ctx, o, b) {
                            Ok(x) => Some(x),
                            Err(bl) => return (Truth::Unknown, Some(bl)),
                        },
                        None => None,
                    };
                    let hi = match at_most {
                        Some(o) => match amount(ctx, o, b) {
                            Ok(x) => Some(x),
                            Err(bl) => return (Truth::Unknown, Some(bl)),
                        },
                        None => None,
                    };
                    let (t, u) = (n_true as f64, (n_true + n_unknown) as f64);
                    let mut verdict = Truth::True;
                    let mut detail = String::new();
                    if let Some(lo) = lo {
                        if u < lo {
                            verdict = Truth::False;
                            detail = format!("{n_true} found, fewer than {}", fmt_num(lo));
                        } else if t < lo {
                            verdict = Truth::Unknown;
                        }
                    }
                    if let Some(hi) = hi {
                        if t > hi {
                            verdict = Truth::False;
                            detail = format!("{n_true} found, more than {}", fmt_num(hi));
                        } else if u > hi && verdict == Truth::True {
                            verdict = Truth::Unknown;
                        }
                    }
                    match verdict {
                        Truth::False => (
                            Truth::False,
                            Some(Blame {
                                path: list_concrete(list, b),
                                span: if span == Span::default() { ctx.a.root.span } else { span },
                                value: Some(n_true.to_string()),
                                detail,
                                absence: Absence::Blank,
                                overdue: false,
                            }),
                        ),
                        Truth::Unknown => (Truth::Unknown, first_unknown.flatten()),
                        Truth::True => (Truth::True, None),
                    }
                }
                Quant::All(_) | Quant::None(_) => {
                    if n_unknown > 0 {
                        (Truth::Unknown, first_unknown.flatten())
                    } else {
                        (Truth::True, None)
                    }
                }
                Quant::Any(_) => {
                    if n_unknown > 0 {
                        (Truth::Unknown, first_unknown.flatten())
                    } else {
                        (
                            Truth::False,
                            Some(Blame {
                                path: list_concrete(list, b),
                                span: if span == Span::default() { ctx.a.root.span } else { span },
                                value: None,
                                detail: "none of them qualifies".into(),
                                absence: Absence::Blank,
                                overdue: false,
                            }),
                        )
                    }
                }
            }
        }
    }
}

fn list_concrete(p: &CPath, b: &[Option<Bound<'_>>]) -> String {
    let base = match p.anchor {
        Anchor::Slot(i) => b
            .get(i)
            .and_then(Option::as_ref)
            .map(|x| x.path.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    };
    let mut s = base;
    for st in &p.steps {
        if let Step::Field(_, n) = st {
            if !s.is_empty() {
                s.push('.');
            }
            s.push_str(n);
        }
    }
    if s.is_empty() {
        p.text.clone()
    } else {
        s
    }
}

fn kind_name(k: &str) -> &'static str {
    match k {
        "childrens_home" => "children's home",
        "secure_childrens_home" => "secure children's home",
        "fostering_service" => "fostering service",
        "supported_accommodation" => "supported accommodation",
        _ => "provider",
    }
}

/// Fill a message template.
fn render(
    tpl: &str,
    ctx: &Ctx<'_>,
    std: &Standard,
    b: &[Option<Bound<'_>>],
    blame: &Blame,
    params: &crate::standards::Params,
) -> String {
    let mut out = String::with_capacity(tpl.len() + 32);
    let mut rest = tpl;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(j) = after.find('}') else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let name = after[..j].trim();
        let val = match name {
            "child" => child_ref(std, b).unwrap_or_else(|| "-".into()),
            "age" => std
                .slots
                .iter()
                .position(|s| s.list == "children")
                .and_then(|ci| b.get(ci)?.as_ref())
                .and_then(|c| obj_field(c.val, "age_years", child_obj()))
                .map_or("?".into(), |v| v.v.display()),
            "record" => {
                record_name(std, b).unwrap_or_else(|| ctx.a.urn.clone().unwrap_or_else(|| "the provider".into()))
            }
            "kind" => kind_name(ctx.a.kind.unwrap_or("")).to_string(),
            "value" => blame.value.clone().unwrap_or_else(|| "not given".into()),
            "field" => blame.path.clone(),
            "detail" => blame.detail.clone(),
            "as_of" => ctx.as_of.to_string(),
            "urn" => ctx.a.urn.clone().unwrap_or_else(|| "?".into()),
            other => {
                if let Some(p) = other.strip_prefix("param.") {
                    params.get(p).map_or("?".into(), |p| p.value.show())
                } else {
                    field_text(ctx, std, b, other)
                }
            }
        };
        out.push_str(&val);
        rest = &after[j + 1..];
    }
    out.push_str(rest);
    out
}

fn field_text(ctx: &Ctx<'_>, std: &Standard, b: &[Option<Bound<'_>>], path: &str) -> String {
    // Resolve against the bound slots, longest list prefix first.
    let Some((si, slot)) = std
        .slots
        .iter()
        .enumerate()
        .filter(|(_, s)| path.starts_with(&format!("{}.", s.list)))
        .max_by_key(|(_, s)| s.list.len())
    else {
        // a plain field from the top of the file
        let segs: Vec<&str> = path.split('.').collect();
        return ctx.a.get(&segs).map_or_else(|| "not given".into(), |v| v.v.display());
    };
    let Some(bd) = b.get(si).and_then(Option::as_ref) else {
        return "not given".into();
    };
    let rel = &path[slot.list.len() + 1..];
    let mut v = bd.val;
    let mut obj = bd.obj.unwrap_or(schema::root());
    for seg in rel.split('.') {
        let Some(next) = obj_field(v, seg, obj) else {
            return "not given".into();
        };
        let Some(i) = obj.index(seg) else {
            return "?".into();
        };
        if let Ty::Obj(o) = &obj.fields[i].ty {
            obj = o;
        }
        v = next;
    }
    v.v.display()
}
