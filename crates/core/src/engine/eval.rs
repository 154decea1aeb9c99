//! Three-valued evaluation of a condition tree: all, any, not, field tests and quantifiers.

use super::*;

pub(super) fn eval<'a>(ctx: &Ctx<'a>, c: &'a Cond, b: &mut Vec<Option<Bound<'a>>>, want_true_blame: bool) -> Res {
    match c {
        Cond::All(parts) => {
            let mut unknown: Option<Option<Blame>> = None;
            let mut held = 0;
            for p in parts {
                match eval(ctx, p, b, want_true_blame) {
                    (Truth::False, bl) => {
                        return (
                            Truth::False,
                            bl.map(|mut bl| {
                                bl.held += held;
                                bl
                            }),
                        )
                    }
                    (Truth::Unknown, bl) => {
                        if unknown.is_none() {
                            unknown = Some(bl);
                        }
                    }
                    (Truth::True, _) => held += 1,
                }
            }
            match unknown {
                Some(bl) => (Truth::Unknown, bl),
                None => (Truth::True, None),
            }
        }
        Cond::Any(parts) => {
            let mut unknown: Option<Option<Blame>> = None;
            // the false part that speaks, and whether it is a case (an `all`)
            let mut speaker: Option<(Option<Blame>, bool)> = None;
            for p in parts {
                match eval(ctx, p, b, want_true_blame) {
                    (Truth::True, bl) => return (Truth::True, bl),
                    (Truth::Unknown, bl) => {
                        if unknown.is_none() {
                            unknown = Some(bl);
                        }
                    }
                    // The first false part that can say why speaks: a part with nothing to
                    // say (a `not` whose inner test held) must not leave the message empty
                    // when a later part names the date or value that failed. When the parts
                    // are cases (each an `all` of conditions, then what the case requires),
                    // the case that got furthest speaks instead (`Blame::held`): "a
                    // placement in its first year visited every six weeks, or an older one
                    // every three months" answers for an older placement with its gap, not
                    // with the date the first case wanted. A first part that is one test
                    // is the requirement itself, and the later parts its exceptions: it
                    // keeps the word.
                    (Truth::False, bl) => {
                        let case = matches!(p, Cond::All(_));
                        let speaks = match (&speaker, &bl) {
                            (None, _) | (Some((None, _)), Some(_)) => true,
                            (Some((Some(old), true)), Some(new)) => case && new.held > old.held,
                            _ => false,
                        };
                        if speaks {
                            speaker = Some((bl, case));
                        }
                    }
                }
            }
            match (unknown, speaker) {
                (Some(bl), _) => (Truth::Unknown, bl),
                (None, Some((bl, _))) => (Truth::False, bl),
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
                            let (bp, bs) = list.last().map_or((path.text.to_string(), span), |(v, p)| {
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
                                    held: 0,
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
                    // set aside as unreadable or ambiguous: proves nothing either way
                    if bl.absence == Absence::Unusable {
                        return (Truth::Unknown, Some(bl));
                    }
                    // dated after the as-of date (`Absence::Future`): proves nothing, so it
                    // goes on as a blank would. A follow-up whose deadline has passed has no
                    // record that it was done in time, and a record whose absence is the
                    // breach is not there: a later date never does better than no date.
                    let not_given = if bl.absence == Absence::Future {
                        "is dated after the as-of date, which proves nothing: it is not recorded by then"
                    } else {
                        "is not given"
                    };
                    match when_absent {
                        Some(true) => return (Truth::True, None),
                        Some(false) => {
                            return (
                                Truth::False,
                                Some(Blame {
                                    detail: not_given.into(),
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
                                        detail: not_given.into(),
                                        ..bl
                                    }),
                                )
                            } else {
                                (Truth::True, None)
                            };
                        }
                    }
                    if let Some(r) = overdue(ctx, ops, b, &bl) {
                        // overdue, but the file never writes this optional field anywhere:
                        // missing evidence, not a record that it was not done
                        let unwritten = matches!(r.0, Truth::False)
                            && bl.absence != Absence::NotDone
                            && ctx.unused_extension(&path.text);
                        if !unwritten {
                            return r;
                        }
                    }
                    if bl.absence == Absence::NotDone {
                        // a follow-up not done to an event dated after the as-of date (or
                        // set aside) is not yet owed, or cannot be told: not a breach
                        if let Some(reference) = set_aside_reference(ctx, ops, b) {
                            return (Truth::Unknown, Some(reference));
                        }
                        // a sentence of its own, as the overdue one is: the message puts it
                        // after "not done." and it must say which record
                        return (
                            Truth::False,
                            Some(Blame {
                                detail: format!("The `{}` is recorded as not done", bl.path),
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
                                held: 0,
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
                    held: 0,
                })
            } else {
                None
            };
            (Truth::True, bl)
        }
        Cond::Quant { list, slot, filter, q } => {
            let (its, span): (Vec<(&'a Val, Rc<str>)>, Span) = match joined(ctx, c, list, *slot, filter.as_deref(), b) {
                Some(x) => x,
                None => match items(ctx, list, b) {
                    Ok((its, span)) => (its.into_iter().map(|(v, p)| (v, Rc::from(p))).collect(), span),
                    Err(bl) => return (Truth::Unknown, Some(bl)),
                },
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
            // what `any` says when no item qualifies: that there are none, or how many
            let n_items = its.len();
            for (v, p) in its {
                b[*slot] = Some(Bound {
                    val: v,
                    path: Rc::clone(&p),
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
                            path: p.to_string(),
                            span: v.span,
                            value: None,
                            detail: String::new(),
                            absence: Absence::Blank,
                            overdue: false,
                            held: 0,
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
                                held: 0,
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
                                detail: match n_items {
                                    0 => "none is recorded".into(),
                                    1 => "the one recorded does not qualify".into(),
                                    n => format!("none of the {n} recorded qualifies"),
                                },
                                absence: Absence::Blank,
                                overdue: false,
                                held: 0,
                            }),
                        )
                    }
                }
            }
        }
    }
}

pub(super) fn list_concrete(p: &CPath, b: &[Option<Bound<'_>>]) -> String {
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
        p.text.to_string()
    } else {
        s
    }
}

/// The items of a list, each with its path, and the list's span.
type ItemsAt<'a> = (Vec<(&'a Val, Rc<str>)>, Span);

/// The items of a quantifier's list that can pass its `where`, in the list's order, when the
/// `where` is (or, within an `all`, holds) one equality between a field of the item and a
/// text fixed by the records already bound (`children.household is
/// foster_carer_households.ref`): read from an index
/// of the list built once per file, so counting each household's children is linear in the
/// file, not households x children (audit v3 B1). `None` when the shape is any other, or the
/// value to match is not text: the caller then walks the whole list, as before.
fn joined<'a>(
    ctx: &Ctx<'a>,
    quant: &'a Cond,
    list: &'a CPath,
    slot: usize,
    filter: Option<&'a Cond>,
    b: &[Option<Bound<'a>>],
) -> Option<ItemsAt<'a>> {
    // the list must not depend on the record, so one index serves every record
    if list.anchor != Anchor::Root || list.steps.contains(&Step::Flatten) {
        return None;
    }
    let (path, other) = join_key(filter?, slot)?;
    let Ok((Sc::Str(key), _)) = one(ctx, other, b) else {
        return None;
    };
    let id = std::ptr::from_ref(quant) as usize;
    let cached = ctx.joins.borrow().get(&id).cloned();
    let join = match cached {
        Some(j) => j,
        None => {
            let (found, span) = items(ctx, list, b).ok()?;
            let mut by_key: HashMap<&'a str, Vec<usize>> = HashMap::new();
            let mut others = Vec::new();
            let mut its = Vec::with_capacity(found.len());
            for (i, (v, p)) in found.into_iter().enumerate() {
                match field_text(v, path) {
                    Some(t) => by_key.entry(t).or_default().push(i),
                    None => others.push(i),
                }
                its.push((v, Rc::from(p)));
            }
            let j = Rc::new(Join {
                items: its,
                span,
                by_key,
                others,
            });
            ctx.joins.borrow_mut().insert(id, Rc::clone(&j));
            j
        }
    };
    // the matching items and the undecided ones, merged back into the list's order
    let matching = join.by_key.get(key).map_or(&[][..], Vec::as_slice);
    let mut picked = Vec::with_capacity(matching.len() + join.others.len());
    let (mut x, mut y) = (0, 0);
    while x < matching.len() || y < join.others.len() {
        let take_matching = y >= join.others.len() || (x < matching.len() && matching[x] < join.others[y]);
        let i = if take_matching {
            x += 1;
            matching[x - 1]
        } else {
            y += 1;
            join.others[y - 1]
        };
        let (v, p) = &join.items[i];
        picked.push((*v, Rc::clone(p)));
    }
    Some((picked, join.span))
}

/// The equality a `where` can be indexed on: the `where` itself, or one part of an `all`
/// (CARE-010: the household's children, less the emergency placements still in their
/// window), since an item that fails one part of an `all` fails the whole. The field must be
/// the item's own, and the value matched must not be the item's.
fn join_key(filter: &Cond, slot: usize) -> Option<(&CPath, &CPath)> {
    match filter {
        Cond::Test { path, ops, .. } => {
            let [Op::Is(Operand::Field(other))] = ops.as_slice() else {
                return None;
            };
            (path.anchor == Anchor::Slot(slot)
                && path.steps.iter().all(|s| matches!(s, Step::Field(..)))
                && other.anchor != Anchor::Slot(slot))
            .then_some((path, other))
        }
        Cond::All(parts) => parts.iter().find_map(|p| join_key(p, slot)),
        _ => None,
    }
}

/// The text at `path` (fields only) from a list item, when it is text; `None` when it is
/// absent, blank, `not_done` or any other kind of value, which the `where` must judge itself.
fn field_text<'a>(item: &'a Val, path: &CPath) -> Option<&'a str> {
    let mut v = item;
    for st in &path.steps {
        let Step::Field(i, _) = *st else { return None };
        let Value::Obj(slots) = &v.v else { return None };
        v = slots.get(i)?.as_ref()?;
    }
    match &v.v {
        Value::Str(s) => Some(s),
        _ => None,
    }
}
