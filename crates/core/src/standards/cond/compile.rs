//! Compiling a standard's `when` and `require` tables against the schema: every path
//! resolved, every operator checked against its field's type, every problem found in one run.

use std::collections::BTreeSet;

use crate::dates::{parse_timestamp, Date};
use crate::node::{did_you_mean, Node, NodeKind, Problem};
use crate::schema::{self, Obj, Ty, TyKind};
use crate::source::Span;

use super::operators;
use super::{
    fmt_num, Anchor, CPath, Cond, FirstLimit, Lit, Offset, Op, Operand, Quant, SlotDef, SlotSource, Step, Unit,
    MAX_NUMBER,
};
use crate::standards::decode::MapReader;
use crate::standards::Params;

/// The compile context of one standard.
pub struct Compiler<'a> {
    /// The slots bound so far.
    pub slots: Vec<SlotDef>,
    /// The set's parameters.
    pub params: &'a Params,
    /// Problems found.
    pub problems: &'a mut Vec<Problem>,
    /// Fields read (for explain).
    pub reads: BTreeSet<String>,
    /// Parameters used.
    pub params_used: BTreeSet<String>,
}

const UNITS: &[&str] = &[
    "hours",
    "days",
    "working_days",
    "weeks",
    "months",
    "years",
    "calendar_years",
];

fn item_obj(ty: &'static Ty) -> Option<&'static Obj> {
    match ty {
        Ty::Obj(o) => Some(o),
        _ => None,
    }
}

impl<'a> Compiler<'a> {
    /// A compiler for a standard checked on each item of `for_each` (empty for the file).
    pub fn new(for_each: &str, span: Span, params: &'a Params, problems: &'a mut Vec<Problem>) -> Option<Self> {
        let mut c = Compiler {
            slots: Vec::new(),
            params,
            problems,
            reads: BTreeSet::new(),
            params_used: BTreeSet::new(),
        };
        if !for_each.is_empty() && for_each != "file" {
            // every list crossed on the way is a level
            let mut obj = schema::root();
            let mut prefix = String::new();
            let segs: Vec<&str> = for_each.split('.').collect();
            for (i, seg) in segs.iter().enumerate() {
                let Some(fi) = obj.index(seg) else {
                    let cand = schema::all_paths()
                        .iter()
                        .filter(|p| is_record_list(p))
                        .map(String::as_str);
                    let mut p = Problem::new(
                        format!("for_each: `{for_each}` is not a list of records in the v1 format"),
                        span,
                    )
                    .label("unknown path");
                    let lists: Vec<&str> = schema::all_paths()
                        .iter()
                        .filter(|p| is_record_list(p))
                        .map(String::as_str)
                        .collect();
                    p = match did_you_mean(for_each, cand) {
                        Some(s) => p.help(format!(
                            "did you mean `{s}`? The lists a standard can check one by one: {}",
                            lists.join(", ")
                        )),
                        None => p.help(format!(
                            "the lists a standard can check one by one: {} (or leave for_each out to check the provider as a whole)",
                            lists.join(", ")
                        )),
                    };
                    c.problems.push(p);
                    return None;
                };
                if !prefix.is_empty() {
                    prefix.push('.');
                }
                prefix.push_str(seg);
                let field = &obj.fields[fi];
                match &field.ty {
                    Ty::List(inner) => {
                        let inner: &'static Ty = inner;
                        c.slots.push(SlotDef {
                            list: prefix.clone(),
                            source: SlotSource::Level,
                            item: inner,
                        });
                        match item_obj(inner) {
                            Some(o) => obj = o,
                            None => {
                                c.problems.push(Problem::new(
                                    format!("for_each: `{prefix}` is a list of values, not of records"),
                                    span,
                                ));
                                return None;
                            }
                        }
                    }
                    Ty::Obj(o) => obj = o,
                    _ => {
                        c.problems.push(Problem::new(
                            format!("for_each: `{prefix}` is a single value, not a list of records"),
                            span,
                        ));
                        return None;
                    }
                }
                if i == segs.len() - 1 && !matches!(field.ty, Ty::List(_)) {
                    c.problems
                        .push(Problem::new(format!("for_each: `{for_each}` is not a list"), span));
                    return None;
                }
            }
        }
        c.link();
        Some(c)
    }

    /// Bind records named by ref fields of bound records (incident -> child, child ->
    /// household), until nothing new can be bound.
    fn link(&mut self) {
        let mut i = 0;
        while i < self.slots.len() {
            if let Some(o) = item_obj(self.slots[i].item) {
                for (fi, f) in o.fields.iter().enumerate() {
                    if let Ty::Ref(target) = f.ty {
                        if !self.slots.iter().any(|s| s.list == target) {
                            if let Some(Ty::List(inner)) = schema::lookup(target).map(|f| &f.ty) {
                                self.slots.push(SlotDef {
                                    list: target.to_string(),
                                    source: SlotSource::Link { from: i, field: fi },
                                    item: inner,
                                });
                            }
                        }
                    }
                }
            }
            i += 1;
        }
    }

    /// The slot of the child a record is about, if any.
    pub fn child_slot(&self) -> Option<usize> {
        self.slots.iter().position(|s| s.list == "children")
    }

    /// Compile a path. `list_ok` allows crossing unbound lists (flattening) and ending at a
    /// list.
    pub fn path(&mut self, text: &str, span: Span, list_ok: bool) -> Option<CPath> {
        if text == "assessment.as_of" {
            self.reads.insert(text.to_string());
            return Some(CPath {
                text: text.into(),
                anchor: Anchor::AsOf,
                steps: vec![],
                ty: &Ty::Date,
            });
        }
        let segs: Vec<&str> = text.split('.').collect();
        // Longest bound prefix.
        let mut anchor = Anchor::Root;
        let mut start = 0;
        let mut obj = schema::root();
        for k in (1..=segs.len()).rev() {
            let prefix = segs[..k].join(".");
            if let Some(si) = self.slots.iter().rposition(|s| s.list == prefix) {
                anchor = Anchor::Slot(si);
                start = k;
                match item_obj(self.slots[si].item) {
                    Some(o) => obj = o,
                    None => {
                        if k < segs.len() {
                            self.unknown_path(text, span);
                            return None;
                        }
                        return Some(CPath {
                            text: text.into(),
                            anchor,
                            steps: vec![],
                            ty: self.slots[si].item,
                        });
                    }
                }
                break;
            }
        }
        let mut steps = Vec::new();
        let mut ty: &'static Ty = &Ty::Str;
        if start == segs.len() {
            // the path is a bound record itself
            let Anchor::Slot(si) = anchor else {
                self.unknown_path(text, span);
                return None;
            };
            return Some(CPath {
                text: text.into(),
                anchor,
                steps,
                ty: self.slots[si].item,
            });
        }
        for (i, seg) in segs.iter().enumerate().skip(start) {
            let Some(fi) = obj.index(seg) else {
                self.unknown_path(text, span);
                return None;
            };
            let field = &obj.fields[fi];
            steps.push(Step::Field(fi, field.name));
            ty = &field.ty;
            let last = i == segs.len() - 1;
            if !last {
                let mut t = ty;
                if let Ty::List(inner) = t {
                    if !list_ok {
                        let list = segs[..=i].join(".");
                        self.problems.push(
                            Problem::new(format!("`{text}` reads inside the list `{list}`, which this test does not go through one by one"), span)
                                .label("ambiguous: which item?")
                                .help(format!("use `each = \"{list}\"` (with all, any or none), `count = \"{list}\"`, or `for_each = \"{list}\"`")),
                        );
                        return None;
                    }
                    steps.push(Step::Flatten);
                    t = inner;
                }
                match t {
                    Ty::Obj(o) => obj = o,
                    _ => {
                        self.unknown_path(text, span);
                        return None;
                    }
                }
            }
        }
        self.reads.insert(text.to_string());
        Some(CPath {
            text: text.into(),
            anchor,
            steps,
            ty,
        })
    }

    fn unknown_path(&mut self, text: &str, span: Span) {
        let mut p = Problem::new(
            format!("`{text}` is not a field of the self-assessment v1 format"),
            span,
        )
        .label("unknown field path");
        p = match did_you_mean(text, schema::all_paths().iter().map(String::as_str)) {
            Some(s) => p.help(format!("did you mean `{s}`?")),
            None => p.help("`carecheck schema` lists every field; paths are written from the top of the file, e.g. `children.health.sdq_date`"),
        };
        self.problems.push(p);
    }

    /// Compile a condition table.
    pub fn cond(&mut self, node: &Node, what: &str) -> Option<Cond> {
        let mut m = MapReader::new(node, what, self.problems)?;
        // With `each`, the keys `all`, `any` and `none` are its body, not groups of their own.
        let quantified = m.has("each") || m.has("count");
        let present: Vec<&str> = operators::heads()
            .filter(|k| m.has(k) && !(quantified && matches!(*k, "all" | "any")))
            .collect();
        let out = if present.len() != 1 {
            let p = Problem::new(
                format!("{what}: a condition needs exactly one of `field`, `all`, `any`, `not`, `each` or `count`, found {}", if present.is_empty() { "none".to_string() } else { present.join(", ") }),
                m.span,
            )
            .label("which kind of condition is this?")
            .help("e.g. { field = \"children.care.provided\", is = true } or { all = [ ... ] }");
            self.problems.push(p);
            // still read the rest so unknown keys are reported
            for k in operators::keys() {
                m.take(k);
            }
            None
        } else {
            match present[0] {
                "all" | "any" => {
                    let key = present[0];
                    let n = m.take(key)?;
                    let parts = self.cond_list(n, &format!("{what}.{key}"));
                    if key == "all" {
                        Some(Cond::All(parts))
                    } else {
                        Some(Cond::Any(parts))
                    }
                }
                "not" => {
                    let n = m.take("not")?;
                    self.cond(n, &format!("{what}.not")).map(|c| Cond::Not(Box::new(c)))
                }
                "each" | "count" => self.quant(&mut m, present[0], what),
                _ => self.test(&mut m, what),
            }
        };
        if out.is_none() {
            // The condition already failed with a precise problem; its remaining keys are
            // not unknown, and reporting them as such would only mislead.
            for k in operators::keys() {
                m.take(k);
            }
        }
        m.finish(operators::keys_of_a_condition(), self.problems);
        out
    }

    fn cond_list(&mut self, n: &Node, what: &str) -> Vec<Cond> {
        match &n.kind {
            NodeKind::Seq(items) => {
                if items.is_empty() {
                    self.problems
                        .push(Problem::new(format!("{what}: an empty list of conditions"), n.span));
                }
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, it)| self.cond(it, &format!("{what}[{i}]")))
                    .collect()
            }
            _ => {
                self.problems.push(
                    Problem::new(
                        format!("{what}: expected a list of conditions [ {{...}}, {{...}} ]"),
                        n.span,
                    )
                    .label("expected a list"),
                );
                Vec::new()
            }
        }
    }

    fn quant(&mut self, m: &mut MapReader<'_>, key: &str, what: &str) -> Option<Cond> {
        let (text, span) = m.req_str(key, self.problems)?;
        let list = self.path(&text, span, true)?;
        let Ty::List(inner) = list.ty else {
            self.problems.push(
                Problem::new(format!("{what}.{key}: `{text}` is not a list"), span)
                    .label(format!("is {}", list.ty.describe())),
            );
            return None;
        };
        let inner: &'static Ty = inner;
        self.slots.push(SlotDef {
            list: text.clone(),
            source: SlotSource::Iter,
            item: inner,
        });
        let slot = self.slots.len() - 1;
        let filter = m
            .take("where")
            .and_then(|n| self.cond(n, &format!("{what}.where")))
            .map(Box::new);
        let q = if key == "count" {
            let at_least = m
                .take("at_least")
                .and_then(|n| self.number_operand(n, &format!("{what}.at_least")));
            let at_most = m
                .take("at_most")
                .and_then(|n| self.number_operand(n, &format!("{what}.at_most")));
            if at_least.is_none() && at_most.is_none() {
                self.problems.push(Problem::new(
                    format!("{what}: `count` needs `at_least` or `at_most`"),
                    m.span,
                ));
            }
            Some(Quant::Count { at_least, at_most })
        } else {
            let bodies: Vec<&str> = ["all", "any", "none"].into_iter().filter(|k| m.has(k)).collect();
            if bodies.len() != 1 {
                self.problems.push(
                    Problem::new(format!("{what}: `each` needs exactly one of `all`, `any` or `none`"), m.span)
                        .help("e.g. { each = \"children.moves\", all = { field = \"children.moves.advocate_offered\", is = true } }"),
                );
                None
            } else {
                let b = bodies[0];
                let n = m.take(b)?;
                let body = Box::new(self.cond(n, &format!("{what}.{b}"))?);
                Some(match b {
                    "all" => Quant::All(body),
                    "any" => Quant::Any(body),
                    _ => Quant::None(body),
                })
            }
        };
        // the item binding ends with the quantifier; a later sibling may bind again
        self.slots.truncate(slot + 1);
        let s = self.slots.pop();
        debug_assert!(s.is_some());
        Some(Cond::Quant {
            list,
            slot,
            filter,
            q: q?,
        })
    }

    fn test(&mut self, m: &mut MapReader<'_>, what: &str) -> Option<Cond> {
        let (text, span) = m.req_str("field", self.problems)?;
        let list_ok = operators::list_tests().any(|k| m.has(k));
        let path = self.path(&text, span, list_ok)?;
        let kind = path.ty.kind();
        let elem_kind = match path.ty {
            Ty::List(inner) => inner.kind(),
            other => other.kind(),
        };
        let mut ops = Vec::new();
        let fw = format!("{what} (`{text}`)");
        let wrong = |this: &mut Self, op: &str, n: &Node, wants: &str| {
            this.problems.push(
                Problem::new(
                    format!("{fw}: `{op}` needs {wants}, but `{text}` is {}", path.ty.describe()),
                    n.span,
                )
                .label("operator does not fit this field's type"),
            );
        };
        if let Some(n) = m.take("present") {
            match n.kind {
                NodeKind::Bool(b) => ops.push(Op::Present(b)),
                _ => self
                    .problems
                    .push(Problem::new(format!("{what}.present: expected true or false"), n.span)),
            }
        }
        for key in ["is", "is_not"] {
            if let Some(n) = m.take(key) {
                if let Some(o) = self.operand(n, path.ty, &format!("{what}.{key}")) {
                    ops.push(if key == "is" { Op::Is(o) } else { Op::IsNot(o) });
                }
            }
        }
        for key in ["in", "not_in"] {
            if let Some(n) = m.take(key) {
                let lits = self.lit_list(n, path.ty, &format!("{what}.{key}"));
                ops.push(if key == "in" { Op::In(lits) } else { Op::NotIn(lits) });
            }
        }
        for key in ["at_least", "at_most", "above", "below"] {
            if let Some(n) = m.take(key) {
                if kind != TyKind::Number {
                    wrong(self, key, n, "a number field");
                    continue;
                }
                if let Some(o) = self.number_operand(n, &format!("{what}.{key}")) {
                    ops.push(match key {
                        "at_least" => Op::AtLeast(o),
                        "at_most" => Op::AtMost(o),
                        "above" => Op::Above(o),
                        _ => Op::Below(o),
                    });
                }
            }
        }
        for key in ["no_later_than", "no_earlier_than"] {
            if let Some(n) = m.take(key) {
                if !matches!(kind, TyKind::Date | TyKind::Timestamp) {
                    wrong(self, key, n, "a date or timestamp field");
                    continue;
                }
                if let Some(off) = self.offset(n, &format!("{what}.{key}")) {
                    ops.push(if key == "no_later_than" {
                        Op::NoLaterThan(off)
                    } else {
                        Op::NoEarlierThan(off)
                    });
                }
            }
        }
        if let Some(n) = m.take("one_each_month") {
            if elem_kind != TyKind::Date || kind != TyKind::List && path.steps.iter().all(|s| *s != Step::Flatten) {
                wrong(self, "one_each_month", n, "a list of dates");
            } else {
                let o = match &n.kind {
                    NodeKind::Str(s) => self.word_param_or_lit(s, n.span, &["calendar_month", "rolling_month"], what),
                    NodeKind::Map(_) => self.param_ref(n, what),
                    _ => None,
                };
                match o {
                    Some(Operand::Param(name, _)) => self.problems.push(
                        Problem::new(
                            format!("{what}.one_each_month: the parameter `{name}` is a number, but a reading is needed here"),
                            n.span,
                        )
                        .label("not a word parameter")
                        .help("use a parameter whose default is \"calendar_month\" or \"rolling_month\""),
                    ),
                    Some(o) => ops.push(Op::OneEachMonth(o)),
                    None => self.problems.push(
                        Problem::new(format!("{what}.one_each_month: expected \"calendar_month\", \"rolling_month\" or {{ param = \"...\" }}"), n.span),
                    ),
                }
            }
        }
        if let Some(n) = m.take("gaps_at_most") {
            if elem_kind != TyKind::Date {
                wrong(self, "gaps_at_most", n, "a list of dates");
            } else if let Some(g) = self.gaps(n, &format!("{what}.gaps_at_most")) {
                ops.push(g);
            }
        }
        if let Some(n) = m.take("contains") {
            if kind != TyKind::List && path.steps.iter().all(|s| *s != Step::Flatten) {
                wrong(self, "contains", n, "a list field");
            } else {
                let elem: &'static Ty = match path.ty {
                    Ty::List(i) => i,
                    t => t,
                };
                let lits = match &n.kind {
                    NodeKind::Seq(_) => self.lit_list(n, elem, &format!("{what}.contains")),
                    _ => self.lit(n, elem, &format!("{what}.contains")).into_iter().collect(),
                };
                ops.push(Op::Contains(lits));
            }
        }
        if let Some(n) = m.take("all_in") {
            let elem: &'static Ty = match path.ty {
                Ty::List(i) => i,
                t => t,
            };
            match &n.kind {
                NodeKind::Seq(_) => {
                    let lits = self.lit_list(n, elem, &format!("{what}.all_in"));
                    ops.push(Op::AllInList(lits));
                }
                NodeKind::Map(_) => {
                    if let Some(o) = self.field_ref(n, &format!("{what}.all_in"), true) {
                        ops.push(Op::AllIn(o));
                    }
                }
                _ => self.problems.push(Problem::new(
                    format!("{what}.all_in: expected a list of values or {{ field = \"...\" }}"),
                    n.span,
                )),
            }
        }
        let when_absent = match m.take("when_absent") {
            Some(n) => match n.kind {
                NodeKind::Bool(b) => Some(b),
                _ => {
                    self.problems.push(Problem::new(
                        format!("{what}.when_absent: expected true or false"),
                        n.span,
                    ));
                    None
                }
            },
            None => None,
        };
        let wrote_an_op = operators::tests().any(|k| m.key_span(k).is_some());
        if ops.is_empty() && wrote_an_op {
            // the operator was given but rejected, with its own problem
            return None;
        }
        if ops.is_empty() {
            self.problems.push(
                Problem::new(format!("{fw}: no test given for the field"), m.span)
                    .label("what should be true of it?")
                    .help(format!(
                        "add one of: {}",
                        operators::tests().collect::<Vec<_>>().join(", ")
                    )),
            );
            return None;
        }
        Some(Cond::Test { path, ops, when_absent })
    }

    fn word_param_or_lit(&mut self, s: &str, span: Span, words: &[&str], what: &str) -> Option<Operand> {
        if crate::standards::decode::one_of(s, span, words, &format!("{what}.one_each_month"), self.problems) {
            Some(Operand::Lit(Lit::Str(s.to_string())))
        } else {
            None
        }
    }

    fn param_ref(&mut self, n: &Node, what: &str) -> Option<Operand> {
        let mut m = MapReader::new(n, what, self.problems)?;
        let out = match m.take("param") {
            Some(p) => {
                let (name, span) = crate::standards::decode::str_of(p, || format!("{what}.param"), self.problems)?;
                self.param(&name, span)
            }
            None => {
                self.problems
                    .push(Problem::new(format!("{what}: expected {{ param = \"...\" }}"), n.span));
                None
            }
        };
        m.finish(&["param"], self.problems);
        out
    }

    fn param(&mut self, name: &str, span: Span) -> Option<Operand> {
        match self.params.get(name) {
            Some(p) => {
                self.params_used.insert(name.to_string());
                Some(match &p.value {
                    crate::standards::ParamValue::Num(x) => Operand::Param(name.to_string(), *x),
                    crate::standards::ParamValue::Word(w) => Operand::Lit(Lit::Str(w.clone())),
                })
            }
            None => {
                let mut pr = Problem::new(format!("parameter `{name}` is not defined in the set's set.toml"), span)
                    .label("unknown parameter");
                pr = match did_you_mean(name, self.params.keys().map(String::as_str)) {
                    Some(s) => pr.help(format!("did you mean `{s}`?")),
                    None => pr.help("define it under [parameters.NAME] in set.toml, with its default and why"),
                };
                self.problems.push(pr);
                None
            }
        }
    }

    fn field_ref(&mut self, n: &Node, what: &str, list_ok: bool) -> Option<Operand> {
        let mut m = MapReader::new(n, what, self.problems)?;
        let out = if let Some(f) = m.take("field") {
            let (text, span) = crate::standards::decode::str_of(f, || format!("{what}.field"), self.problems)?;
            self.path(&text, span, list_ok).map(|p| Operand::Field(Box::new(p)))
        } else if let Some(p) = m.take("param") {
            let (name, span) = crate::standards::decode::str_of(p, || format!("{what}.param"), self.problems)?;
            self.param(&name, span)
        } else {
            self.problems.push(Problem::new(
                format!("{what}: expected {{ field = \"...\" }} or {{ param = \"...\" }}"),
                n.span,
            ));
            None
        };
        m.finish(&["field", "param"], self.problems);
        out
    }

    fn number_operand(&mut self, n: &Node, what: &str) -> Option<Operand> {
        let in_range = |this: &mut Self, x: f64| -> Option<Operand> {
            if x.is_finite() && x.abs() <= MAX_NUMBER {
                Some(Operand::Lit(Lit::Num(x)))
            } else {
                this.problems.push(
                    Problem::new(format!("{what}: {} is out of range", fmt_num(x)), n.span)
                        .label("out of range")
                        .help(format!(
                            "numbers in a standard are finite and at most {} in size",
                            fmt_num(MAX_NUMBER)
                        )),
                );
                None
            }
        };
        match &n.kind {
            NodeKind::Int(i) => in_range(self, *i as f64),
            NodeKind::Float(f) => in_range(self, *f),
            NodeKind::Map(_) => {
                let o = self.field_ref(n, what, false)?;
                if let Operand::Lit(Lit::Str(w)) = &o {
                    // a word parameter where a number is needed
                    self.problems.push(
                        Problem::new(
                            format!("{what}: the parameter is a word (`{w}`), but a number is needed here"),
                            n.span,
                        )
                        .label("not a number parameter")
                        .help("use a parameter whose default is a number (hours, days, minutes...)"),
                    );
                    return None;
                }
                if let Operand::Field(p) = &o {
                    if p.ty.kind() != TyKind::Number {
                        self.problems.push(Problem::new(
                            format!("{what}: `{}` is not a number field", p.text),
                            n.span,
                        ));
                        return None;
                    }
                }
                Some(o)
            }
            _ => {
                self.problems.push(
                    Problem::new(
                        format!(
                            "{what}: expected a number, {{ param = \"...\" }} or {{ field = \"...\" }}, found {}",
                            n.type_name()
                        ),
                        n.span,
                    )
                    .label("expected a number"),
                );
                None
            }
        }
    }

    fn operand(&mut self, n: &Node, ty: &'static Ty, what: &str) -> Option<Operand> {
        if let NodeKind::Map(_) = n.kind {
            return self.field_ref(n, what, false);
        }
        self.lit(n, ty, what).map(Operand::Lit)
    }

    fn lit_list(&mut self, n: &Node, ty: &'static Ty, what: &str) -> Vec<Lit> {
        match &n.kind {
            NodeKind::Seq(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, it)| self.lit(it, ty, &format!("{what}[{i}]")))
                .collect(),
            _ => {
                self.problems
                    .push(Problem::new(format!("{what}: expected a list of values"), n.span).label("expected a list"));
                Vec::new()
            }
        }
    }

    /// A literal checked against the field's type: an enum word must exist, a date must be
    /// a real date.
    fn lit(&mut self, n: &Node, ty: &'static Ty, what: &str) -> Option<Lit> {
        let ty = match ty {
            Ty::List(inner) => inner,
            t => t,
        };
        let bad = |this: &mut Self| {
            this.problems.push(
                Problem::new(
                    format!(
                        "{what}: {} does not fit a field that holds {}",
                        n.describe(),
                        ty.describe()
                    ),
                    n.span,
                )
                .label("wrong type of value"),
            );
            None
        };
        match (ty, &n.kind) {
            (Ty::Bool, NodeKind::Bool(b)) => Some(Lit::Bool(*b)),
            (Ty::Int { .. } | Ty::Num, NodeKind::Int(i)) => Some(Lit::Num(*i as f64)),
            (Ty::Num, NodeKind::Float(f)) => Some(Lit::Num(*f)),
            (Ty::Str | Ty::Ref(_), NodeKind::Str(s)) => Some(Lit::Str(s.clone())),
            (Ty::Enum(words), NodeKind::Str(s)) => {
                if crate::standards::decode::one_of(s, n.span, words, what, self.problems) {
                    Some(Lit::Str(s.clone()))
                } else {
                    None
                }
            }
            (Ty::Date, NodeKind::Str(s)) => match Date::parse(s) {
                Some(d) => Some(Lit::Date(d)),
                None => bad(self),
            },
            (Ty::Timestamp, NodeKind::Str(s)) => match parse_timestamp(s) {
                Some(t) => Some(Lit::Time(t)),
                None => bad(self),
            },
            _ => bad(self),
        }
    }

    fn amount_unit(&mut self, m: &mut MapReader<'_>, what: &str, required: bool) -> Option<(Operand, Unit)> {
        let found: Vec<&str> = UNITS.iter().copied().filter(|u| m.has(u)).collect();
        if found.len() > 1 {
            self.problems.push(Problem::new(
                format!("{what}: give one unit, found {}", found.join(", ")),
                m.span,
            ));
            return None;
        }
        let Some(u) = found.first() else {
            if required {
                self.problems.push(
                    Problem::new(
                        format!("{what}: needs an amount such as `days = 28` or `months = 6`"),
                        m.span,
                    )
                    .help(format!("units: {}", UNITS.join(", "))),
                );
                return None;
            }
            return Some((Operand::Lit(Lit::Num(0.0)), Unit::Days));
        };
        let n = m.take(u)?;
        let unit = match *u {
            "hours" => Unit::Hours,
            "days" => Unit::Days,
            "working_days" => Unit::WorkingDays,
            "weeks" => Unit::Weeks,
            "months" => Unit::Months,
            "calendar_years" => Unit::CalendarYears,
            _ => Unit::Years,
        };
        let amount = self.number_operand(n, &format!("{what}.{u}"))?;
        Some((amount, unit))
    }

    fn offset(&mut self, n: &Node, what: &str) -> Option<Offset> {
        let mut m = MapReader::new(n, what, self.problems)?;
        let au = self.amount_unit(&mut m, what, false);
        let after = m.has("after");
        let before = m.has("before");
        let out = if after == before {
            self.problems.push(
                Problem::new(
                    format!("{what}: give exactly one of `after` or `before` (a field path, or \"assessment.as_of\")"),
                    m.span,
                )
                .help("e.g. no_later_than = { working_days = 20, after = \"children.entered_care\" }"),
            );
            None
        } else {
            let key = if after { "after" } else { "before" };
            let (text, span) = m.req_str(key, self.problems)?;
            // a fixed day the law names, written as a date: `after = "2011-10-01"`
            let reference = match Date::parse(&text) {
                Some(d) => CPath {
                    text: text.as_str().into(),
                    anchor: Anchor::Day(d),
                    steps: vec![],
                    ty: &Ty::Date,
                },
                None => self.path(&text, span, false)?,
            };
            if !matches!(reference.ty.kind(), TyKind::Date | TyKind::Timestamp) {
                self.problems.push(
                    Problem::new(
                        format!("{what}.{key}: `{text}` is {}, not a date", reference.ty.describe()),
                        span,
                    )
                    .label("not a date"),
                );
                None
            } else {
                au.map(|(amount, unit)| Offset {
                    amount,
                    unit,
                    reference: Box::new(reference),
                    after,
                })
            }
        };
        let known: Vec<&str> = UNITS.iter().copied().chain(["after", "before"]).collect();
        m.finish(&known, self.problems);
        out
    }

    fn gaps(&mut self, n: &Node, what: &str) -> Option<Op> {
        let mut m = MapReader::new(n, what, self.problems)?;
        let au = self.amount_unit(&mut m, what, true);
        let date_path = |this: &mut Self, text: &str, span: Span, key: &str| -> Option<CPath> {
            let p = this.path(text, span, false)?;
            if p.ty.kind() != TyKind::Date {
                this.problems
                    .push(Problem::new(format!("{what}.{key}: `{text}` is not a date"), span));
                return None;
            }
            Some(p)
        };
        let from = match m.opt_str("from", self.problems) {
            Some((text, span)) => date_path(self, &text, span, "from").map(Box::new),
            None => None,
        };
        // `until`: a date, or several, the first of them the record gives (the day a young
        // person stopped being looked after, else the as-of date)
        let mut until = Vec::new();
        if let Some(u) = m.take("until") {
            let items: Vec<&Node> = match &u.kind {
                NodeKind::Seq(items) if !items.is_empty() => items.iter().collect(),
                NodeKind::Seq(_) => {
                    self.problems.push(
                        Problem::new(format!("{what}.until: an empty list names no date"), u.span)
                            .help("e.g. `until = [\"children.looked_after_until\", \"assessment.as_of\"]`"),
                    );
                    Vec::new()
                }
                _ => vec![u],
            };
            for item in items {
                if let Some((text, span)) =
                    crate::standards::decode::str_of(item, || format!("{what}.until"), self.problems)
                {
                    until.extend(date_path(self, &text, span, "until"));
                }
            }
        }
        let second_what = format!("{what}.second_within");
        let second = match m.take("second_within") {
            Some(n) => {
                let sm_span = n.span;
                let mut sm = MapReader::new(n, &second_what, self.problems)?;
                let au = self.amount_unit(&mut sm, &second_what, true);
                sm.finish(UNITS, self.problems);
                if !m.has("from") {
                    // without a start, the first date in the file need not be the first
                    // occasion (a child in care for years lists only this year's reviews)
                    self.problems.push(
                        Problem::new(
                            format!("{second_what}: needs `from`, the date the first occasion is counted from"),
                            sm_span,
                        )
                        .help("e.g. `from = \"children.entered_care\"`, so the first date recorded after it is the first review"),
                    );
                    return None;
                }
                Some(au?)
            }
            None => None,
        };
        let first_what = format!("{what}.at_first");
        let at_first = match m.take("at_first") {
            Some(n) => {
                let mut fm = MapReader::new(n, &first_what, self.problems)?;
                let au = self.amount_unit(&mut fm, &first_what, true);
                let until = match fm.take("until") {
                    Some(u) => self.offset(u, &format!("{first_what}.until")),
                    None => {
                        self.problems.push(
                            Problem::new(
                                format!("{first_what}: needs `until`, the day the stricter limit ends"),
                                fm.span,
                            )
                            .help("e.g. `at_first = { weeks = 6, until = { years = 1, after = \"children.placement.start\" } }`"),
                        );
                        None
                    }
                };
                let known: Vec<&str> = UNITS.iter().copied().chain(["until"]).collect();
                fm.finish(&known, self.problems);
                let (amount, unit) = au?;
                Some(Box::new(FirstLimit {
                    amount,
                    unit,
                    until: until?,
                }))
            }
            None => None,
        };
        let known: Vec<&str> = UNITS
            .iter()
            .copied()
            .chain(["from", "until", "second_within", "at_first"])
            .collect();
        m.finish(&known, self.problems);
        let (amount, unit) = au?;
        Some(Op::GapsAtMost {
            amount,
            unit,
            from,
            until,
            second,
            at_first,
        })
    }
}

fn is_record_list(p: &str) -> bool {
    matches!(schema::lookup(p).map(|f| &f.ty), Some(Ty::List(inner)) if matches!(**inner, Ty::Obj(_)))
}

#[cfg(test)]
mod tests {
    use crate::node::Problem;
    use crate::standards::Params;

    fn compile(toml: &str) -> Vec<Problem> {
        let node = crate::toml_tree::parse(toml).unwrap();
        let params = Params::new();
        let mut problems = Vec::new();
        let mut c = super::Compiler::new("children", crate::source::Span::default(), &params, &mut problems).unwrap();
        let _ = c.cond(node.get("require").unwrap(), "require");
        problems
    }

    /// Every test the reference documents is one the compiler parses, under the same key:
    /// a condition written with it compiles without a problem to the `Op` of that key. A new
    /// operator in the table without an example here fails, as does a key the compiler no
    /// longer knows.
    #[test]
    fn every_documented_test_compiles_under_its_own_key() {
        use super::operators::{self, Role, OPERATORS};
        let examples = [
            (
                "present",
                r#"{ field = "children.health.gp_registered", present = true }"#,
            ),
            ("is", r#"{ field = "children.health.gp_registered", is = true }"#),
            ("is_not", r#"{ field = "children.legal_basis", is_not = "remand" }"#),
            ("in", r#"{ field = "children.legal_basis", in = ["s20", "remand"] }"#),
            ("not_in", r#"{ field = "children.legal_basis", not_in = ["other"] }"#),
            ("at_least", "{ field = \"children.age_years\", at_least = 16 }"),
            ("at_most", "{ field = \"children.age_years\", at_most = 17 }"),
            ("above", "{ field = \"children.age_years\", above = 15 }"),
            ("below", "{ field = \"children.age_years\", below = 18 }"),
            (
                "no_later_than",
                r#"{ field = "children.health.initial_assessment", no_later_than = { days = 28, after = "children.entered_care" } }"#,
            ),
            (
                "no_earlier_than",
                r#"{ field = "children.health.sdq_date", no_earlier_than = { years = 1, before = "assessment.as_of" } }"#,
            ),
            (
                "one_each_month",
                r#"{ field = "children.social_worker.visits", one_each_month = "calendar_month" }"#,
            ),
            (
                "gaps_at_most",
                r#"{ field = "children.health.review_assessments", gaps_at_most = { months = 6 } }"#,
            ),
            (
                "contains",
                r#"{ field = "children.plans.care_plan.dimensions", contains = ["health"] }"#,
            ),
            (
                "all_in",
                r#"{ field = "children.plans.care_plan.dimensions", all_in = ["health", "education"] }"#,
            ),
        ];
        let documented: Vec<&str> = operators::tests().collect();
        let exemplified: Vec<&str> = examples.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            documented, exemplified,
            "each documented test has one example here, in order"
        );
        for (key, cond) in examples {
            let node = crate::toml_tree::parse(&format!("require = {cond}")).unwrap();
            let params = Params::new();
            let mut problems = Vec::new();
            let mut c =
                super::Compiler::new("children", crate::source::Span::default(), &params, &mut problems).unwrap();
            let compiled = c.cond(node.get("require").unwrap(), "require");
            assert!(problems.is_empty(), "{key}: {problems:?}");
            let Some(super::Cond::Test { ops, .. }) = compiled else {
                panic!("{key}: not a field test")
            };
            assert_eq!(ops.iter().map(super::Op::key).collect::<Vec<_>>(), [key]);
            let def = operators::operator(key).unwrap();
            assert!(matches!(def.role, Role::Test | Role::ListTest));
        }
        // every key is documented once
        let mut keys: Vec<&str> = OPERATORS.iter().map(|o| o.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), OPERATORS.len());
    }

    /// A table with no test names every test the reference documents.
    #[test]
    fn a_field_without_a_test_is_told_every_test() {
        let p = compile(r#"require = { field = "children.age_years" }"#);
        let help = p[0].help.as_deref().unwrap_or_default();
        for key in super::operators::tests() {
            assert!(help.contains(key), "{help}");
        }
    }

    #[test]
    fn a_bad_path_is_one_problem_not_a_cascade() {
        let p = compile("require = { field = \"children.care.provde\", is = true }");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("is not a field"));
        assert_eq!(p[0].help.as_deref(), Some("did you mean `children.care.provided`?"));
    }

    #[test]
    fn operator_must_fit_the_type() {
        let p = compile("require = { field = \"children.care.provided\", no_later_than = { days = 2, after = \"children.entered_care\" } }");
        assert!(
            p.iter().any(|p| p.message.contains("needs a date or timestamp field")),
            "{p:?}"
        );
    }

    /// `second_within` counts from the first date after `from`; without `from` the first
    /// date in a file need not be the first occasion, so the compiler asks for it.
    #[test]
    fn a_second_gap_needs_a_start_and_one_unit() {
        let ok = compile(
            r#"require = { field = "children.voice.statutory_reviews", gaps_at_most = { months = 6, from = "children.entered_care", second_within = { months = 3 } } }"#,
        );
        assert!(ok.is_empty(), "{ok:?}");
        let no_from = compile(
            r#"require = { field = "children.voice.statutory_reviews", gaps_at_most = { months = 6, second_within = { months = 3 } } }"#,
        );
        assert_eq!(no_from.len(), 1, "{no_from:?}");
        assert!(
            no_from[0].message.contains("second_within: needs `from`"),
            "{no_from:?}"
        );
        let no_unit = compile(
            r#"require = { field = "children.voice.statutory_reviews", gaps_at_most = { months = 6, from = "children.entered_care", second_within = { mnths = 3 } } }"#,
        );
        assert!(
            no_unit
                .iter()
                .any(|p| p.message.contains("second_within: needs an amount")),
            "{no_unit:?}"
        );
    }

    /// `at_first` ends on a day written as an offset from a date; without that day, or with
    /// a reference that is not a date, there is no first stretch to hold to it.
    #[test]
    fn a_first_limit_needs_the_day_it_ends() {
        let ok = compile(
            r#"require = { field = "children.social_worker.visits", gaps_at_most = { months = 3, at_first = { weeks = 6, until = { years = 1, after = "children.placement.start" } } } }"#,
        );
        assert!(ok.is_empty(), "{ok:?}");
        let no_until = compile(
            r#"require = { field = "children.social_worker.visits", gaps_at_most = { months = 3, at_first = { weeks = 6 } } }"#,
        );
        assert_eq!(no_until.len(), 1, "{no_until:?}");
        assert!(no_until[0].message.contains("at_first: needs `until`"), "{no_until:?}");
        let not_a_date = compile(
            r#"require = { field = "children.social_worker.visits", gaps_at_most = { months = 3, at_first = { weeks = 6, until = { years = 1, after = "children.ref" } } } }"#,
        );
        assert!(
            not_a_date.iter().any(|p| p.message.contains("at_first.until.after")),
            "{not_a_date:?}"
        );
        let stray = compile(
            r#"require = { field = "children.social_worker.visits", gaps_at_most = { months = 3, at_first = { weeks = 6, untill = { years = 1, after = "children.placement.start" } } } }"#,
        );
        assert!(
            stray.iter().any(|p| p.message.contains("unknown key `untill`")),
            "{stray:?}"
        );
    }

    #[test]
    fn enum_words_are_checked() {
        let p = compile("require = { field = \"children.legal_basis\", is = \"care_ordr\" }");
        assert!(
            p.iter()
                .any(|p| p.help.as_deref() == Some("did you mean `care_order`?")),
            "{p:?}"
        );
    }

    #[test]
    fn lists_need_a_quantifier() {
        let p = compile("require = { field = \"children.moves.date\", present = true }");
        assert!(
            p.iter().any(|p| p.message.contains("does not go through one by one")),
            "{p:?}"
        );
    }
}
