//! Dates are sane before anything is judged.
//!
//! A period that ends before it starts, or an as-of date before the period, would make
//! every "at most N months between" rule pass on nothing, so such a file is refused with
//! a located error. Evidence dated after the as-of date (a `2062` typo for `2026`) proves
//! nothing: the value is set aside, every rule that needs it reports `not_reported`, and a
//! finding points at it. An ambiguous legacy value (a date that may be a renewal rather
//! than the check made before the person started) is set aside the same way, with the
//! field to write instead.

use crate::assessment::{Assessment, Val, Value};
use crate::dates::Date;
use crate::node::Problem;
use crate::schema::{self, Field, Obj, Ty};
use crate::source::Span;
use std::fmt::Write as _;

/// A value set aside before evaluation, with what to tell the provider.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside {
    /// Concrete path (`children[0].health.sdq_date`).
    pub path: String,
    /// The finding's code.
    pub code: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to write instead.
    pub help: String,
    /// Where the value stands.
    pub span: Span,
}

fn date_at(a: &Assessment, path: &[&str]) -> Option<(Date, Span)> {
    match a.get(path) {
        Some(Val {
            v: Value::Date(d),
            span,
        }) => Some((*d, *span)),
        _ => None,
    }
}

/// Refuse a period that ends before it starts, or an as-of date before the period.
pub fn check_period(a: &Assessment, as_of: Date, errors: &mut Vec<Problem>) {
    let start = date_at(a, &["assessment", "period", "start"]);
    let end = date_at(a, &["assessment", "period", "end"]);
    if let (Some((s, sspan)), Some((e, _))) = (start, end) {
        if s > e {
            errors.push(
                Problem::new(
                    format!("assessment.period starts on {s}, after it ends on {e}"),
                    sspan,
                )
                .label("the period runs backwards")
                .help("check the years: `start` is the first day the self-assessment covers and `end` the last, e.g. period: {start: 2026-01-01, end: 2026-06-30}"),
            );
        }
    }
    if let Some((s, sspan)) = start {
        if as_of < s {
            errors.push(
                Problem::new(
                    format!("the as-of date {as_of} is before the period starts ({s})"),
                    sspan,
                )
                .label("the period has not begun at the as-of date")
                .help("check the years of `assessment.as_of` and `assessment.period.start`: every date rule is judged at the as-of date, which falls inside or at the end of the period"),
            );
        }
    }
}

/// Set aside evidence dated after the as-of date and ambiguous legacy values.
pub fn set_aside(root: &mut Val, as_of: Date) -> Vec<SetAside> {
    let mut out = Vec::new();
    let limit = Limit {
        date: as_of,
        // a timestamp during the as-of day in England is not in the future
        time: crate::dates::england_day_start(as_of.add_days(1)),
    };
    walk(root, schema::root(), &limit, &mut Vec::new(), &mut out);
    legacy_staff_dates(root, &mut out);
    out.sort_by_key(|s| s.span.start);
    out
}

/// The as-of date, and the first moment after it in England (worked out once per file).
struct Limit {
    date: Date,
    time: i64,
}

/// One step of the way to a value: a field, or a record of a list.
#[derive(Clone, Copy)]
enum Seg {
    Field(&'static str),
    Item(usize),
}

/// The concrete path of the steps (`children[0].health.sdq_date`): written only for a value
/// set aside, not for every value walked.
fn path_of(segs: &[Seg]) -> String {
    let mut path = String::new();
    for seg in segs {
        match seg {
            Seg::Field(name) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
            }
            Seg::Item(i) => {
                let _ = write!(path, "[{i}]");
            }
        }
    }
    path
}

fn walk(v: &mut Val, obj: &'static Obj, as_of: &Limit, segs: &mut Vec<Seg>, out: &mut Vec<SetAside>) {
    let Value::Obj(slots) = &mut v.v else { return };
    for (i, slot) in slots.given_mut() {
        let Some(field) = obj.fields.get(i) else { continue };
        let Some(val) = slot.as_mut() else { continue };
        segs.push(Seg::Field(field.name));
        match &field.ty {
            Ty::Obj(o) => walk(val, o, as_of, segs, out),
            Ty::List(inner) => {
                if let Value::List(items) = &mut val.v {
                    for (i, item) in items.iter_mut().enumerate() {
                        segs.push(Seg::Item(i));
                        match inner.as_ref() {
                            Ty::Obj(o) => walk(item, o, as_of, segs, out),
                            _ => future(item, field, as_of, segs, out),
                        }
                        segs.pop();
                    }
                }
            }
            _ => future(val, field, as_of, segs, out),
        }
        segs.pop();
    }
}

/// A date or time after the as-of date is set aside as evidence from the future, unless its
/// field records an expiry, a deadline or a plan (`Field::may_follow_as_of`, on the schema).
fn future(v: &mut Val, field: &Field, as_of: &Limit, segs: &[Seg], out: &mut Vec<SetAside>) {
    // most values are not dates: the type first, then the paths and the list of fields
    // that may lie ahead, only for a date or a time that is later
    let after = match v.v {
        Value::Date(d) => d > as_of.date,
        Value::Time(t) => t >= as_of.time,
        _ => false,
    };
    if !after {
        return;
    }
    if field.may_follow_as_of {
        return;
    }
    let path = path_of(segs);
    let shown = v.v.display();
    out.push(SetAside {
        code: "date-after-as-of",
        message: format!(
            "`{path}` is {shown}, after the as-of date {}: evidence dated in the future proves nothing, so the standards that need it read it as not recorded by then (a follow-up past its deadline fails, as a blank one does)",
            as_of.date
        ),
        path,
        help: "check the year (2062 for 2026?); write the date the thing was actually done, or leave it blank (null) if it has not been done yet".into(),
        span: v.span,
    });
    v.v = Value::Future;
}

/// Before `latest_*` fields existed, one date had to serve for both the check made before
/// a person started and its later renewals. A date after `care_role_start` cannot show a
/// check before starting, nor that there was none: it is read as the latest renewal, and
/// the pre-start check counts as not reported until it is given.
fn legacy_staff_dates(root: &mut Val, out: &mut Vec<SetAside>) {
    let Some(staff_obj) = schema::lookup("workforce.staff").and_then(|f| match &f.ty {
        Ty::List(inner) => match inner.as_ref() {
            Ty::Obj(o) => Some(o),
            _ => None,
        },
        _ => None,
    }) else {
        return;
    };
    let Some(wf_i) = schema::root().index("workforce") else {
        return;
    };
    let Value::Obj(top) = &mut root.v else { return };
    let Some(Some(wf)) = top.get_mut(wf_i) else { return };
    let Some(wf_obj) = schema::lookup("workforce").and_then(|f| match &f.ty {
        Ty::Obj(o) => Some(o),
        _ => None,
    }) else {
        return;
    };
    let Some(staff_i) = wf_obj.index("staff") else { return };
    let Value::Obj(wf_slots) = &mut wf.v else { return };
    let Some(Some(Val {
        v: Value::List(items), ..
    })) = wf_slots.get_mut(staff_i)
    else {
        return;
    };
    let idx = |n: &str| staff_obj.index(n);
    let (Some(start_i), Some(decl_i), Some(latest_decl_i), Some(dbs_i)) = (
        idx("care_role_start"),
        idx("disqualification_declaration"),
        idx("latest_disqualification_declaration"),
        idx("dbs"),
    ) else {
        return;
    };
    let dbs_obj = match &staff_obj.fields[dbs_i].ty {
        Ty::Obj(o) => o,
        _ => return,
    };
    let (Some(dbs_date_i), Some(dbs_latest_i), Some(dbs_applied_i)) = (
        dbs_obj.index("date"),
        dbs_obj.index("latest_date"),
        dbs_obj.index("applied_on"),
    ) else {
        return;
    };
    for (k, item) in items.iter_mut().enumerate() {
        let Value::Obj(slots) = &mut item.v else { continue };
        let Some(Some(Val {
            v: Value::Date(start), ..
        })) = slots.get(start_i).cloned()
        else {
            continue;
        };
        let name = format!("workforce.staff[{k}]");
        migrate(
            slots,
            decl_i,
            latest_decl_i,
            start,
            &format!("{name}.disqualification_declaration"),
            "latest_disqualification_declaration",
            "disqualification declaration",
            out,
        );
        if let Some(Some(Val { v: Value::Obj(dbs), .. })) = slots.get_mut(dbs_i) {
            // a check applied for on or before the first day is the first check, however
            // late its certificate came back: a later date is a late check, not a renewal
            let applied_before_start = matches!(
                dbs.get(dbs_applied_i),
                Some(Some(Val { v: Value::Date(a), .. })) if *a <= start
            );
            if applied_before_start {
                continue;
            }
            migrate(
                dbs,
                dbs_date_i,
                dbs_latest_i,
                start,
                &format!("{name}.dbs.date"),
                "latest_date",
                "DBS certificate",
                out,
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn migrate(
    slots: &mut crate::assessment::Slots,
    first_i: usize,
    latest_i: usize,
    start: Date,
    path: &str,
    latest_name: &str,
    what: &str,
    out: &mut Vec<SetAside>,
) {
    if slots
        .get(latest_i)
        .is_some_and(|s| s.as_ref().is_some_and(|v| !v.v.is_blank()))
    {
        return;
    }
    let Some(Some(first)) = slots.get_mut(first_i) else {
        return;
    };
    let Value::Date(d) = first.v else { return };
    if d <= start {
        return;
    }
    let span = first.span;
    let moved = first.clone();
    first.v = Value::Unusable;
    if let Some(slot) = slots.get_mut(latest_i) {
        *slot = Some(moved);
    }
    out.push(SetAside {
        path: path.to_string(),
        code: "ambiguous-date",
        message: format!(
            "`{path}` is {d}, after this person started in the role ({start}): it is read as the latest {what}, so whether there was one before they started is not reported"
        ),
        help: format!(
            "write the {what} obtained before the person started here, and the latest renewal as `{latest_name}: {d}`"
        ),
        span,
    });
}
