//! Exceptions: justified, approved and expiring departures from a standard. Only guidance,
//! national minimum standards, the review's recommendations and practice thresholds can be
//! waived; the law cannot be waived by the one it binds.

use super::*;

pub(super) struct Exc<'a> {
    pub(super) standard: Option<&'a str>,
    pub(super) child: Option<&'a str>,
    pub(super) reason: Option<&'a str>,
    pub(super) approver: Option<&'a str>,
    pub(super) approved_on: Option<Date>,
    pub(super) expires_on: Option<(Date, Span)>,
    pub(super) span: Span,
    pub(super) index: usize,
    pub(super) used: bool,
    /// The exception that waived (or was refused against) a fail this one also covers:
    /// this one waived nothing, but its standard did fail (audit v3 B15).
    pub(super) covered_by: Option<usize>,
    /// Its standard failed for some record, whether or not this exception covers it.
    pub(super) standard_failed: bool,
}

impl<'s> Engine<'s> {
    pub(super) fn exception_findings(
        &self,
        ctx: &Ctx<'_>,
        src: &SourceFile,
        excs: &mut [Exc<'_>],
        out: &mut Vec<Finding>,
    ) {
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
            } else if let Some((exp, on)) = e
                .expires_on
                .zip(e.approved_on)
                .map(|((x, _), on)| (x, on))
                .filter(|(x, on)| x < on)
            {
                (
                    "exception-incomplete",
                    Severity::Warning,
                    format!(
                        "exceptions[{}] waives nothing: it expires on {exp}, before it was approved on {on}",
                        e.index
                    ),
                    e.span,
                    "check the dates: an exception is approved first and expires later",
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
            } else if let (false, Some(by)) = (e.used, e.covered_by) {
                (
                    "exception-unused",
                    Severity::Info,
                    format!(
                        "exceptions[{}] for {} waived nothing: {} failed{}, and exceptions[{by}] already covers it",
                        e.index,
                        e.standard.unwrap_or("?"),
                        e.standard.unwrap_or("?"),
                        e.child.map(|c| format!(" for child {c}")).unwrap_or_default()
                    ),
                    e.span,
                    "two exceptions cover the same departure: withdraw the duplicate",
                )
            } else if let (false, true, Some(c)) = (e.used, e.standard_failed, e.child) {
                (
                    "exception-unused",
                    Severity::Info,
                    format!(
                        "exceptions[{}] for {} waived nothing: {} failed, but not for child {c}, the only child it covers",
                        e.index,
                        e.standard.unwrap_or("?"),
                        e.standard.unwrap_or("?"),
                    ),
                    e.span,
                    "check the child's ref: an exception for one child waives that child's fail only",
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
}

/// Why a standard cannot be waived, in words a manager uses.
pub(super) fn not_waivable_why(std: &Standard) -> String {
    match std.status {
        Status::Law => format!(
            "{} is a legal duty, and a provider cannot waive a law that binds it",
            std.id
        ),
        Status::LawLa => format!(
            "{} is a legal duty of the placing authority, which a provider's exception cannot waive",
            std.id
        ),
        _ => format!("{} is marked as one that cannot be waived", std.id),
    }
}

pub(super) fn is_current(e: &Exc<'_>, as_of: Date) -> bool {
    match (e.reason, e.approver, e.approved_on, e.expires_on) {
        (Some(r), Some(a), Some(on), Some((exp, _))) => {
            !r.trim().is_empty() && !a.trim().is_empty() && on <= as_of && as_of <= exp
        }
        _ => false,
    }
}

/// The file's `exceptions` entries, with the schema of one entry to read their fields by.
fn exception_items(a: &Assessment) -> Option<(&[Val], &'static Obj)> {
    let obj = list_item_obj("exceptions")?;
    match a.get(&["exceptions"]) {
        Some(Val {
            v: Value::List(items), ..
        }) => Some((items, obj)),
        _ => None,
    }
}

pub(super) fn collect_exceptions(a: &Assessment) -> Vec<Exc<'_>> {
    let Some((items, obj)) = exception_items(a) else {
        return vec![];
    };
    items
        .iter()
        .enumerate()
        .map(|(i, it)| Exc {
            standard: str_field(it, "standard", obj),
            child: str_field(it, "child", obj),
            // blank words are no reason and no approver: the exception is incomplete,
            // never current and "unused" (audit v3 B15)
            reason: str_field(it, "reason", obj).filter(|s| !s.trim().is_empty()),
            approver: str_field(it, "approved_by_role", obj).filter(|s| !s.trim().is_empty()),
            approved_on: date_field(it, "approved_on", obj),
            expires_on: obj_field(it, "expires_on", obj).and_then(|v| match v.v {
                Value::Date(d) => Some((d, v.span)),
                _ => None,
            }),
            span: it.span,
            index: i,
            used: false,
            covered_by: None,
            standard_failed: false,
        })
        .collect()
}

/// The ids named by exceptions in a file, with spans, for checking against the set.
pub fn exception_standards(a: &Assessment) -> Vec<(String, Span)> {
    let Some((items, obj)) = exception_items(a) else {
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

/// The exceptions by the standard and the child they name, so that matching each failing
/// record against them is a lookup rather than a search of the whole list: a file with
/// thousands of children and thousands of exceptions would otherwise be quadratic (audit v3
/// B1, "any per-record lookup across lists").
pub(super) struct ExcIndex<'a> {
    by: HashMap<(&'a str, Option<&'a str>), Vec<usize>>,
    /// Every exception naming a standard, whatever its child: told once that the standard
    /// failed.
    of_standard: HashMap<&'a str, Vec<usize>>,
}

impl<'a> ExcIndex<'a> {
    pub(super) fn new(excs: &[Exc<'a>]) -> Self {
        let mut by: HashMap<(&'a str, Option<&'a str>), Vec<usize>> = HashMap::new();
        let mut of_standard: HashMap<&'a str, Vec<usize>> = HashMap::new();
        for (i, e) in excs.iter().enumerate() {
            if let Some(s) = e.standard {
                by.entry((s, e.child)).or_default().push(i);
                of_standard.entry(s).or_default().push(i);
            }
        }
        ExcIndex { by, of_standard }
    }

    /// Every exception that names `standard`, in the file's order.
    pub(super) fn of_standard(&self, standard: &str) -> &[usize] {
        self.of_standard.get(standard).map_or(&[], Vec::as_slice)
    }

    /// Every current exception that covers this standard and child, in the file's order:
    /// the first is the one used, the rest are covered by it.
    pub(super) fn covering(&self, excs: &[Exc<'_>], standard: &str, child: Option<&str>, as_of: Date) -> Vec<usize> {
        let mut all: Vec<usize> = self
            .by
            .get(&(standard, None))
            .into_iter()
            .chain(child.and_then(|c| self.by.get(&(standard, Some(c)))))
            .flatten()
            .copied()
            .filter(|&i| is_current(&excs[i], as_of))
            .collect();
        all.sort_unstable();
        all
    }
}
