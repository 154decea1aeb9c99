//! Operators: single-value tests, list tests (one each month, gaps, membership) and the
//! rule for follow-ups that are overdue.

use super::*;

/// Whether a deadline was over before the as-of day began.
pub(super) fn deadline_passed(limit: Sc<'_>, as_of: Date) -> bool {
    match limit {
        Sc::Date(d) => d < as_of,
        Sc::Time(t) => t < crate::dates::england_day_start(as_of),
        _ => false,
    }
}

/// A follow-up that is not recorded, judged against its deadline. A recorded event
/// (a restraint, a notifiable event, a move, a person starting work) whose follow-up has
/// no date once the deadline has passed is a fail: there is no record that it was done.
/// Before the deadline it is not yet due. `None` when no deadline test applies (the event
/// itself is not recorded, or the test has no deadline): the value is then not reported.
pub(super) fn overdue<'a>(ctx: &Ctx<'a>, ops: &'a [Op], b: &[Option<Bound<'a>>], bl: &Blame) -> Option<Res> {
    for op in ops {
        let Op::NoLaterThan(off) = op else { continue };
        if off.reference.anchor.is_fixed() {
            continue;
        }
        let Ok((l, r, n)) = limit(ctx, off, b) else { continue };
        if !deadline_passed(l, ctx.as_of) {
            return Some((Truth::True, None));
        }
        let what = if bl.absence == Absence::NotDone {
            "is recorded as not done"
        } else if bl.absence == Absence::Future {
            "is dated after the as-of date, which proves nothing: there is no record that it was done in time"
        } else {
            "is not recorded: there is no record that it was done"
        };
        return Some((
            Truth::False,
            Some(Blame {
                // a sentence of its own: the overdue message puts it after the title
                detail: format!(
                    "The `{}` {what}; it was due by {} ({})",
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

/// The blame of a deadline's starting event that is in the file but set aside (dated after
/// the as-of date, unreadable), if any of `ops` has one: a follow-up to such an event is
/// not owed by the as-of date, or cannot be told to be, so `not_done` there is no breach.
pub(super) fn set_aside_reference<'a>(ctx: &Ctx<'a>, ops: &'a [Op], b: &[Option<Bound<'a>>]) -> Option<Blame> {
    ops.iter().find_map(|op| {
        let (Op::NoLaterThan(off) | Op::NoEarlierThan(off)) = op else {
            return None;
        };
        if off.reference.anchor.is_fixed() {
            return None;
        }
        match one(ctx, &off.reference, b) {
            Err(bl) if bl.absence.set_aside() => Some(bl),
            _ => None,
        }
    })
}

/// Whether `path` (from the top of the file) is an optional extension field that this file
/// never writes, in any record. A file written to the v1 reference format has no such field
/// at all: its absence there is missing evidence (`not_reported`), not a record that the
/// follow-up was never done (audit v3 NFP11). A file that writes the field in any record,
/// even as `null` or `not_done`, knows it, and a blank there is read as not done.
pub(super) fn unused_extension(a: &crate::assessment::Assessment, path: &str) -> bool {
    let segs: Vec<&str> = path.split('.').collect();
    let mut obj = schema::root();
    let mut extension = false;
    for (k, seg) in segs.iter().enumerate() {
        let Some(i) = obj.index(seg) else { return false };
        let f = &obj.fields[i];
        if k + 1 == segs.len() {
            extension = f.extension;
            break;
        }
        obj = match &f.ty {
            Ty::Obj(o) => o,
            Ty::List(inner) => match inner.as_ref() {
                Ty::Obj(o) => o,
                _ => return false,
            },
            _ => return false,
        };
    }
    extension && !written_anywhere(&a.root, schema::root(), &segs)
}

/// Whether any record under `v` has a slot for the field at `segs`, crossing lists.
fn written_anywhere(v: &Val, obj: &Obj, segs: &[&str]) -> bool {
    let Some((first, rest)) = segs.split_first() else {
        return true;
    };
    let Some(i) = obj.index(first) else { return false };
    let Value::Obj(slots) = &v.v else { return false };
    let Some(Some(next)) = slots.get(i) else { return false };
    if rest.is_empty() {
        return true;
    }
    let inner = match &obj.fields[i].ty {
        Ty::Obj(o) => o,
        Ty::List(t) => match t.as_ref() {
            Ty::Obj(o) => o,
            _ => return false,
        },
        _ => return false,
    };
    match &next.v {
        Value::List(items) => items.iter().any(|it| written_anywhere(it, inner, rest)),
        _ => written_anywhere(next, inner, rest),
    }
}

/// `Ok(None)` when the test holds; `Ok(Some(detail))` when it does not. The detail is
/// built only then: the passing path allocates nothing.
pub(super) fn test_op<'a>(
    ctx: &Ctx<'a>,
    op: &'a Op,
    v: Sc<'a>,
    b: &[Option<Bound<'a>>],
) -> Result<Option<String>, Blame> {
    let shown = || show_sc(v);
    Ok(match op {
        Op::Present(true) => None,
        Op::Present(false) => Some(format!("{} is given but should not be", shown())),
        Op::Is(o) => {
            let x = operand(ctx, o, b)?;
            (!sc_eq(v, x)).then(|| crate::strings::cat(&["is ", &shown(), ", not ", &show_sc(x)]))
        }
        Op::IsNot(o) => {
            let x = operand(ctx, o, b)?;
            sc_eq(v, x).then(|| crate::strings::cat(&["is ", &shown()]))
        }
        Op::In(l) => (!l.iter().any(|x| sc_eq(v, lit_sc(x)))).then(|| {
            format!(
                "is {}, not one of {}",
                shown(),
                l.iter().map(Lit::show).collect::<Vec<_>>().join(", ")
            )
        }),
        Op::NotIn(l) => l
            .iter()
            .any(|x| sc_eq(v, lit_sc(x)))
            .then(|| crate::strings::cat(&["is ", &shown()])),
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
            (!ok).then(|| crate::strings::cat(&["is ", &shown(), ", ", word, " ", &fmt_num(c)]))
        }
        Op::NoLaterThan(off) | Op::NoEarlierThan(off) => {
            let (l, r, n) = limit(ctx, off, b)?;
            let later = matches!(op, Op::NoLaterThan(_));
            let l = whole_day_reference(ctx.cal, l, v, r, off, n, later);
            let (wrong_side, words) = if later {
                (std::cmp::Ordering::Greater, " is later than ")
            } else {
                (std::cmp::Ordering::Less, " is earlier than ")
            };
            let ok = cmp_time(v, l).is_some_and(|o| o != wrong_side);
            (!ok).then(|| crate::strings::cat(&[&shown(), words, &show_sc(l), " (", &limit_desc(off, r, n), ")"]))
        }
        _ => None,
    })
}

pub(super) fn dates_of(list: &[(&Val, String)]) -> Vec<Date> {
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
pub(super) fn implicit_start(ctx: &Ctx<'_>) -> Option<Date> {
    let reg = match ctx.a.get(&["provider", "registration", "date"]) {
        Some(Val { v: Value::Date(d), .. }) => Some(*d),
        _ => None,
    };
    match (ctx.period.map(|p| p.0), reg) {
        (Some(p), Some(r)) => Some(p.max(r)),
        (p, r) => p.or(r),
    }
}

pub(super) fn month_name(d: Date) -> String {
    let (y, m, _) = d.ymd();
    format!("{y:04}-{m:02}")
}

pub(super) fn list_op<'a>(
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
                    held: 0,
                });
            };
            // The duty runs from the start of the period, or from the registration date
            // when that is later: a month the home was not registered in is no breach
            // (audit v3 B6), as the template says of `registration.date`.
            let start = implicit_start(ctx).map_or(start, |s| s.max(start));
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
                // Every complete month from the start to the as-of date: the part-month
                // before the first 1st is judged no more than the part-month at the end
                // (audit v3 B11). Each month is judged by its own dates, all of them inside
                // the period, so a visit before the start satisfies nothing.
                // A month ending on the as-of day is not over yet (a visit that day would
                // still do), as a deadline on the as-of day is not yet due.
                let mut m = start.month_start();
                if m < start {
                    m = m.add_months(1);
                }
                loop {
                    let m_end = m.add_months(1).add_days(-1);
                    if m_end > end || m_end >= ctx.as_of {
                        break;
                    }
                    if !dates.iter().any(|d| *d >= m && *d <= m_end) {
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
            second,
            at_first,
        } => {
            let n = amount(ctx, a, b)?;
            let second = match second {
                Some((a2, u2)) => Some((amount(ctx, a2, b)?, *u2)),
                None => None,
            };
            // the stricter limit, and the day it ends: a gap opening before that day has it
            let at_first = match at_first {
                Some(first) => {
                    let end = match limit(ctx, &first.until, b)?.0 {
                        Sc::Date(d) => Some(d),
                        Sc::Time(t) => Some(crate::dates::england_date(t)),
                        _ => None,
                    };
                    match end {
                        Some(end) => Some((amount(ctx, &first.amount, b)?, first.unit, end)),
                        None => None,
                    }
                }
                None => None,
            };
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
                    Err(bl) if bl.absence.set_aside() => return Err(bl),
                    Err(_) => None,
                },
                None => None,
            };
            // the first end the record gives; none given of those named, the last one's
            // absence is the blame (unknown)
            let until_d = if until.is_empty() {
                Some(ctx.as_of)
            } else {
                let mut end = None;
                let mut last_absent = None;
                for p in until {
                    match one(ctx, p, b) {
                        Ok((Sc::Date(d), _)) => {
                            end = Some(d);
                            break;
                        }
                        Ok(_) => {}
                        Err(bl) => last_absent = Some(bl),
                    }
                }
                match (end, last_absent) {
                    (Some(d), _) => Some(d),
                    (None, Some(bl)) => return Err(bl),
                    (None, None) => None,
                }
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
                            held: 0,
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
            // `second_within`: the gap that opens at the first date recorded after `from` has
            // its own limit. Without `from` (not given) the first date in the file need not be
            // the first occasion, and the ordinary limit holds.
            let first_date = match (second, from_d) {
                (Some(_), Some(_)) => series.iter().position(|(_, kind)| *kind == "date"),
                _ => None,
            };
            let mut bad = None;
            for (i, w) in series.windows(2).enumerate() {
                // A gap that closed before the assessment period is history, not a finding
                // of this self-assessment.
                if ctx.period.is_some_and(|(start, _)| w[1].0 < start) {
                    continue;
                }
                let (gap, gap_unit) = match (second, at_first) {
                    (Some(s), _) if Some(i) == first_date => s,
                    (_, Some((n1, u1, end))) if w[0].0 < end => (n1, u1),
                    _ => (n, *unit),
                };
                let over = match shift(ctx.cal, Sc::Date(w[0].0), gap, gap_unit, 1) {
                    Some(Sc::Date(lim)) => w[1].0 > lim,
                    Some(Sc::Time(lim)) => w[1].0 .0 as i64 * 86_400 > lim,
                    _ => false,
                };
                if over {
                    bad = Some((w[0].0, w[1].0, w[1].1, w[0].1, gap, gap_unit));
                    break;
                }
            }
            match bad {
                None => (true, String::new()),
                Some((x, y, kind, from_kind, n, unit)) => {
                    // said as a manager counts it: since when, and by when the next was due
                    let due = match shift(ctx.cal, Sc::Date(x), n, unit, 1) {
                        Some(s) => show_sc(s),
                        None => format!("{} after {x}", unit.count(n)),
                    };
                    // a gap counted from a start before the period, with no date listed
                    // between them: the list may just not hold the last occasion before
                    // the period, which the format asks for; the manager is told so, as the
                    // gap is only as long as the list says
                    let unlisted_before = match ctx.period {
                        Some((start, _)) if from_kind == "start" && x < start => {
                            format!("; if there was one before {start}, list the last of them too")
                        }
                        _ => String::new(),
                    };
                    let text = if kind != "as-of" {
                        format!("{x} to {y} is more than {}{unlisted_before}", unit.count(n))
                    } else if from_kind == "date" {
                        format!("the next was due by {due}; none is recorded since the last, {x}")
                    } else if from_kind == "start" && (list.is_empty() || dates_of(list).is_empty()) {
                        format!("the first was due by {due}; none is recorded (counted from the start, {x}){unlisted_before}")
                    } else {
                        format!("one was due by {due}; none is recorded (counted from the start of the period, {x})")
                    };
                    (false, text)
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
pub(super) fn lazy(items: &[String], f: impl FnOnce(&[String]) -> String) -> String {
    if items.is_empty() {
        String::new()
    } else {
        f(items)
    }
}

pub(super) fn is_list_op(op: &Op) -> bool {
    matches!(
        op,
        Op::OneEachMonth(_) | Op::GapsAtMost { .. } | Op::Contains(_) | Op::AllIn(_) | Op::AllInList(_)
    )
}
