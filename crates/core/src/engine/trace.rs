//! How a standard reads a file, condition by condition: for an author whose example does
//! not give the outcome it declares.

use std::fmt::Write as _;

use super::*;

impl<'s> Engine<'s> {
    /// Each record the standard checks, its outcome, and under it every condition with the
    /// value it read and what it gave.
    pub fn trace(&self, si: usize, a: &Assessment, as_of: Date) -> String {
        let std = &self.set.standards[si];
        let ctx = Ctx::new(a, as_of, &self.set.calendar);
        let mut out = String::new();
        if !std.kinds.contains(&a.kind.unwrap_or("")) {
            let _ = writeln!(
                out,
                "not applicable: the standard is not for a {}",
                a.kind.unwrap_or("provider")
            );
            return out;
        }
        let levels = &self.levels[si];
        let mut records = Vec::new();
        self.records(&ctx, levels, 0, &mut vec![None; levels.len()], &mut records);
        if records.is_empty() {
            let _ = writeln!(out, "no record of `{}` to check", std.for_each);
        }
        for rec in records {
            let mut b: Vec<Option<Bound<'_>>> = rec.clone();
            b.resize(std.slots.len(), None);
            link(&ctx, std, &mut b);
            let (outcome, _) = self.outcome(&ctx, std, &mut b);
            let _ = writeln!(out, "{} gives {}", record_path(std, &b), outcome.as_str());
            if let Some(w) = &*std.when {
                let _ = writeln!(out, "  when:");
                trace_cond(&ctx, w, &mut b, 2, &mut out);
            }
            let _ = writeln!(out, "  require:");
            trace_cond(&ctx, &std.require, &mut b, 2, &mut out);
        }
        out
    }
}

fn truth(t: Truth) -> &'static str {
    match t {
        Truth::True => "true",
        Truth::False => "false",
        Truth::Unknown => "unknown (not reported)",
    }
}

fn trace_cond<'a>(ctx: &Ctx<'a>, c: &'a Cond, b: &mut Vec<Option<Bound<'a>>>, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let (t, bl) = eval(ctx, c, b, false);
    match c {
        Cond::All(parts) | Cond::Any(parts) => {
            let word = if matches!(c, Cond::All(_)) { "all of" } else { "any of" };
            let _ = writeln!(out, "{pad}{word}: {}", truth(t));
            for p in parts {
                trace_cond(ctx, p, b, depth + 1, out);
            }
        }
        Cond::Not(inner) => {
            let _ = writeln!(out, "{pad}not: {}", truth(t));
            trace_cond(ctx, inner, b, depth + 1, out);
        }
        Cond::Test { path, .. } => {
            let read = match one(ctx, path, b) {
                Ok((v, _)) => show_sc(v),
                Err(e) if e.detail == "not a single value" => match items(ctx, path, b) {
                    Ok((list, _)) => format!("{} item(s)", list.len()),
                    Err(_) => "absent".into(),
                },
                Err(e) => match e.absence {
                    Absence::NotDone => "not_done".into(),
                    Absence::Unusable => "set aside (unreadable)".into(),
                    Absence::Future => "set aside (after the as-of date)".into(),
                    Absence::Blank => "absent".into(),
                },
            };
            let mut desc = String::new();
            c.describe(0, &mut desc);
            let detail = bl
                .map(|x| x.detail)
                .filter(|d| !d.is_empty())
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{pad}{} [read: {read}]: {}{detail}",
                desc.trim().trim_start_matches("- "),
                truth(t)
            );
        }
        Cond::Quant { list, .. } => {
            let mut desc = String::new();
            c.describe(0, &mut desc);
            let first = desc.lines().next().unwrap_or("").trim().to_string();
            let n = items(ctx, list, b).map(|(l, _)| l.len()).unwrap_or(0);
            let _ = writeln!(out, "{pad}{first} [{n} item(s) of `{}`]: {}", list.text, truth(t));
        }
    }
}
