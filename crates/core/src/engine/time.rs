//! Date and time arithmetic for deadlines: offsets in hours, days, working days, weeks,
//! months, years and calendar years, and how a limit is described.

use super::*;
use crate::dates::england_day_start;
use crate::standards::cond::MAX_NUMBER;

/// Shift a date or time by an amount of a unit.
pub(super) fn shift(cal: &Calendar, at: Sc<'_>, n: f64, unit: Unit, sign: i64) -> Option<Sc<'static>> {
    // Amounts are range-checked when a standard loads; the arithmetic still saturates, so
    // no input can wrap a date round, in release or debug.
    let n = if n.is_finite() {
        n.clamp(-MAX_NUMBER, MAX_NUMBER)
    } else {
        0.0
    };
    let whole = (n.round() as i64).saturating_mul(sign);
    let secs = ((n * 3600.0).round() as i64).saturating_mul(sign);
    Some(match (at, unit) {
        (Sc::Date(d), Unit::Days) => Sc::Date(d.add_days(whole)),
        (Sc::Date(d), Unit::Weeks) => Sc::Date(d.add_days(whole.saturating_mul(7))),
        (Sc::Date(d), Unit::Months) => Sc::Date(d.add_months(whole)),
        (Sc::Date(d), Unit::Years) => Sc::Date(d.add_months(whole.saturating_mul(12))),
        (Sc::Date(d), Unit::WorkingDays) => Sc::Date(cal.add_working_days(d, whole)),
        (Sc::Date(d), Unit::CalendarYears) => Sc::Date(calendar_year_edge(d, whole)),
        (Sc::Date(d), Unit::Hours) => Sc::Time((d.0 as i64 * 86_400).saturating_add(secs)),
        (Sc::Time(t), Unit::Hours) => Sc::Time(t.saturating_add(secs)),
        (Sc::Time(t), Unit::Days) => Sc::Time(t.saturating_add(whole.saturating_mul(86_400))),
        (Sc::Time(t), Unit::Weeks) => Sc::Time(t.saturating_add(whole.saturating_mul(7 * 86_400))),
        (Sc::Time(t), u) => {
            let d = Date(t.div_euclid(86_400).clamp(i32::MIN as i64, i32::MAX as i64) as i32);
            let tod = t.rem_euclid(86_400);
            let nd = match u {
                Unit::CalendarYears => calendar_year_edge(d, whole),
                Unit::Months => d.add_months(whole),
                Unit::Years => d.add_months(whole.saturating_mul(12)),
                _ => cal.add_working_days(d, whole),
            };
            Sc::Time(nd.0 as i64 * 86_400 + tod)
        }
        _ => return None,
    })
}

/// The limit of an offset in hours from a reference written as a day alone, for a value
/// written with its time: the event may have been at any moment of that day, so a fail must
/// hold whenever in the day it was. `no_later_than` counts from the day's end (a restraint
/// "on 3 February" recorded at 09:00 on the 4th may have been within 24 hours of it),
/// `no_earlier_than` from its start. A value written as a day alone keeps the limit as it
/// is: day against day, 72 hours are three days (the parameters say so).
pub(super) fn whole_day_reference(
    cal: &Calendar,
    l: Sc<'static>,
    v: Sc<'_>,
    r: Sc<'_>,
    off: &Offset,
    n: f64,
    later: bool,
) -> Sc<'static> {
    match (v, r, off.unit) {
        (Sc::Time(_), Sc::Date(d), Unit::Hours) => {
            let edge = if later { d.add_days(1) } else { d };
            let sign = if off.after { 1 } else { -1 };
            shift(cal, Sc::Time(england_day_start(edge)), n, Unit::Hours, sign).unwrap_or(l)
        }
        _ => l,
    }
}

/// 1 January of the year `n` years before (n < 0), or 31 December of the year `n` years
/// after (n >= 0).
pub(super) fn calendar_year_edge(d: Date, n: i64) -> Date {
    let (y, _, _) = d.ymd();
    let y = (y as i64 + n).clamp(1, 9999) as i32;
    let edge = if n < 0 {
        Date::from_ymd(y, 1, 1)
    } else {
        Date::from_ymd(y, 12, 31)
    };
    edge.unwrap_or(d)
}

pub(super) fn cmp_time(a: Sc<'_>, b: Sc<'_>) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    // a date against a timestamp means the whole England day: a timestamp during it is
    // equal to it, neither earlier nor later
    let within = |t: i64, d: Date| {
        if t < england_day_start(d) {
            Ordering::Less
        } else if t >= england_day_start(d.add_days(1)) {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    };
    match (a, b) {
        (Sc::Date(x), Sc::Date(y)) => Some(x.cmp(&y)),
        (Sc::Time(t), Sc::Date(d)) => Some(within(t, d)),
        (Sc::Date(d), Sc::Time(t)) => Some(within(t, d).reverse()),
        _ => Some(secs(a)?.cmp(&secs(b)?)),
    }
}

/// The limit an offset sets: (limit, reference value, amount).
pub(super) fn limit<'a>(
    ctx: &Ctx<'a>,
    off: &'a Offset,
    b: &[Option<Bound<'a>>],
) -> Result<(Sc<'static>, Sc<'a>, f64), Blame> {
    let (r, _) = one(ctx, &off.reference, b)?;
    let n = amount(ctx, &off.amount, b)?;
    let sign = if off.after { 1 } else { -1 };
    let l = shift(ctx.cal, r, n, off.unit, sign).ok_or_else(Blame::default)?;
    Ok((l, r, n))
}

pub(super) fn limit_desc(off: &Offset, r: Sc<'_>, n: f64) -> String {
    // "the `children.entered_care`, 2026-03-02": one pair of brackets, which the
    // manager's reports read as "the entered care, 2 March 2026"; a fixed day says itself
    // ("1 day after 2011-10-01")
    let (open, name, close) = match off.reference.anchor {
        Anchor::Day(_) => ("", "", ""),
        _ => ("the `", &*off.reference.text, "`, "),
    };
    let date = show_sc(r);
    if n == 0.0 {
        crate::strings::cat(&[open, name, close, &date])
    } else {
        let direction = if off.after { " after " } else { " before " };
        crate::strings::cat(&[&off.unit.count(n), direction, open, name, close, &date])
    }
}
