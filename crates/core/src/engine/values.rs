//! Values and paths: what a field path resolves to in one self-assessment, and the blame
//! when it is absent.

use super::*;

// ---------------------------------------------------------------------------------------
// Values

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Sc<'a> {
    Bool(bool),
    Num(f64),
    Str(&'a str),
    Date(Date),
    Time(i64),
}

pub(super) fn sc(v: &Val) -> Option<Sc<'_>> {
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

pub(super) fn lit_sc(l: &Lit) -> Sc<'_> {
    match l {
        Lit::Bool(b) => Sc::Bool(*b),
        Lit::Num(n) => Sc::Num(*n),
        Lit::Str(s) => Sc::Str(s),
        Lit::Date(d) => Sc::Date(*d),
        Lit::Time(t) => Sc::Time(*t),
    }
}

pub(super) fn show_sc(s: Sc<'_>) -> String {
    match s {
        Sc::Bool(b) => b.to_string(),
        Sc::Num(n) => fmt_num(n),
        Sc::Str(s) => s.to_string(),
        Sc::Date(d) => d.iso(),
        Sc::Time(t) => crate::dates::format_england(t),
    }
}

pub(super) fn secs(s: Sc<'_>) -> Option<i64> {
    match s {
        Sc::Date(d) => Some(d.0 as i64 * 86_400),
        Sc::Time(t) => Some(t),
        _ => None,
    }
}

pub(super) fn sc_eq(a: Sc<'_>, b: Sc<'_>) -> bool {
    match (a, b) {
        (Sc::Num(x), Sc::Num(y)) => (x - y).abs() < 1e-9,
        (Sc::Date(_) | Sc::Time(_), Sc::Date(_) | Sc::Time(_)) => {
            super::time::cmp_time(a, b) == Some(std::cmp::Ordering::Equal)
        }
        _ => a == b,
    }
}

/// One resolved occurrence of a path. No strings: the concrete path is rebuilt from the
/// compiled steps only when a finding needs it (see [`concrete`]).
pub(super) enum Found<'a> {
    /// Present, with the indices chosen at each list crossed.
    Val(&'a Val, Vec<usize>),
    /// Absent; the span of the nearest present parent (or of the blank).
    Missing(Vec<usize>, Span),
    /// The as-of date, or a fixed day a standard names: a date, never a list's items.
    AsOf,
}

pub(super) fn resolve<'a>(ctx: &Ctx<'a>, p: &CPath, b: &[Option<Bound<'a>>], out: &mut Vec<Found<'a>>) {
    let start: &'a Val = match p.anchor {
        Anchor::AsOf | Anchor::Day(_) => {
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

pub(super) fn walk<'a>(v: &'a Val, steps: &[Step], trail: Vec<usize>, out: &mut Vec<Found<'a>>) {
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
pub(super) fn concrete(p: &CPath, b: &[Option<Bound<'_>>], trail: &[usize]) -> String {
    let base: &str = match p.anchor {
        Anchor::AsOf => return "assessment.as_of".into(),
        Anchor::Day(_) => return p.text.to_string(),
        Anchor::Root => "",
        Anchor::Slot(i) => match b.get(i).and_then(Option::as_ref) {
            Some(bd) => &bd.path,
            None => return p.text.to_string(),
        },
    };
    // sized once: a finding builds thousands of these, and growing each one step by step
    // cost more than the walk
    let room = base.len()
        + p.steps
            .iter()
            .map(|st| match st {
                Step::Field(_, n) => n.len() + 1,
                Step::Flatten => 8,
            })
            .sum::<usize>();
    let mut s = String::with_capacity(room);
    s.push_str(base);
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
                if let Some(&k) = t.next() {
                    let mut digits = [0u8; 20];
                    s.push('[');
                    s.push_str(crate::strings::decimal(k as u64, &mut digits));
                    s.push(']');
                }
            }
        }
    }
    s
}

/// A single value of a path, or the blame for its absence. This is the hot path of every
/// test: it walks the precompiled field indices directly and allocates nothing unless the
/// value is missing.
pub(super) fn one<'a>(ctx: &Ctx<'a>, p: &CPath, b: &[Option<Bound<'a>>]) -> Result<(Sc<'a>, Span), Blame> {
    let missing = |span: Span| Blame {
        path: concrete(p, b, &[]),
        span,
        value: None,
        detail: String::new(),
        absence: Absence::Blank,
        overdue: false,
        held: 0,
    };
    // a value that is there but blank for every rule (`null`, `not_done`, set aside), in a
    // field or as a list's item: why it is missing, and where
    let blank = |val: &Val| {
        let absence = match val.v {
            Value::NotDone => Absence::NotDone,
            Value::Unusable => Absence::Unusable,
            Value::Future => Absence::Future,
            _ => Absence::Blank,
        };
        Blame {
            absence,
            detail: if absence.set_aside() {
                "the value was set aside; see the finding on it".into()
            } else {
                String::new()
            },
            ..missing(val.span)
        }
    };
    let mut v: &'a Val = match p.anchor {
        Anchor::AsOf => return Ok((Sc::Date(ctx.as_of), ctx.a.root.span)),
        Anchor::Day(d) => return Ok((Sc::Date(d), ctx.a.root.span)),
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
            Some(next) if next.v.is_blank() => return Err(blank(next)),
            Some(next) => v = next,
            None => return Err(missing(v.span)),
        }
    }
    match sc(v) {
        Some(s) => Ok((s, v.span)),
        // an item of a list written as `not_done` (`unannounced_visits: [not_done]`) says the
        // thing never happened, as the same word in a field does: never "not reported",
        // which would do better than an empty list (audit v3 B10)
        None if matches!(v.v, Value::NotDone | Value::Unusable | Value::Future) => Err(blank(v)),
        None => Err(Blame {
            detail: "not a single value".into(),
            ..missing(v.span)
        }),
    }
}

/// The items of a list with their concrete paths, and the list's span.
pub(super) type Items<'a> = (Vec<(&'a Val, String)>, Span);

/// The items of a list path (flattening lists crossed on the way).
pub(super) fn items<'a>(ctx: &Ctx<'a>, p: &CPath, b: &[Option<Bound<'a>>]) -> Result<Items<'a>, Blame> {
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
                    Value::List(list) => out.extend(
                        list.iter()
                            .enumerate()
                            .map(|(i, x)| (x, crate::strings::indexed(&path, i))),
                    ),
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
                        held: 0,
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
        match f2.into_iter().next() {
            Some(Found::Missing(trail, sp)) => {
                return Err(Blame {
                    path: concrete(&cp, b, &trail),
                    span: sp,
                    value: None,
                    detail: String::new(),
                    absence: Absence::Blank,
                    overdue: false,
                    held: 0,
                })
            }
            // an empty list (`reviews: []`): a finding about it points at it, on its key's
            // line, never at the top of the file (audit v3 B21)
            Some(Found::Val(v, _)) if span == Span::default() => span = v.span,
            _ => {}
        }
    }
    Ok((out, span))
}

pub(super) fn operand<'a>(ctx: &Ctx<'a>, o: &'a Operand, b: &[Option<Bound<'a>>]) -> Result<Sc<'a>, Blame> {
    match o {
        Operand::Lit(l) => Ok(lit_sc(l)),
        Operand::Param(_, v) => Ok(Sc::Num(*v)),
        Operand::Field(p) => one(ctx, p, b).map(|x| x.0),
    }
}

pub(super) fn amount<'a>(ctx: &Ctx<'a>, o: &'a Operand, b: &[Option<Bound<'a>>]) -> Result<f64, Blame> {
    match operand(ctx, o, b)? {
        Sc::Num(n) => Ok(n),
        // the compiler refuses a word where an amount is needed; should one get here, it
        // is unknown, never a silent zero
        other => Err(Blame {
            detail: format!("`{}` is not a number", show_sc(other)),
            ..Blame::default()
        }),
    }
}
