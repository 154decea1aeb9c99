//! The writers of `carecheck compare`: the same comparison (`carecheck_core::compare`) as
//! text for a terminal, Markdown, HTML and JSON, escaped by the reports' one Markdown and
//! one HTML escape.

use std::fmt::Write as _;

use carecheck_core::compare::{totals, unpaired, Pair, TestChange};

use carecheck_core::finding::printable;
use carecheck_core::wording::for_manager;

use crate::html::h as html_escape;
use crate::markdown::md as md_escape;

fn totals_line(pairs: &[Pair]) -> String {
    let parts: Vec<String> = totals(pairs).iter().map(|(v, n)| format!("{n} {v}")).collect();
    format!("providers: {}", parts.join(", "))
}

fn title(p: &Pair) -> String {
    format!(
        "{} -> {}{}: {}",
        p.old.as_deref().unwrap_or("(none)"),
        p.new.as_deref().unwrap_or("(none)"),
        p.urn.as_deref().map(|u| format!(" (URN {u})")).unwrap_or_default(),
        p.verdict()
    )
}

fn verdict_line(t: &TestChange) -> String {
    format!(
        "{}: {} ({} fixed, {} new, {} still open; evidence {} appeared, {} disappeared)",
        t.test,
        t.verdict,
        t.fixed.len(),
        t.new.len(),
        t.still_open.len(),
        t.evidence_appeared.len(),
        t.evidence_disappeared.len()
    )
}

/// For a terminal: the files' paths, URNs and messages with their control characters shown
/// as escapes, as in every report a terminal shows. Messages are in a manager's words, as
/// `check`'s human report has them (dates and times as a clock in England shows them).
pub fn human(pairs: &[Pair]) -> String {
    let mut o = String::new();
    if pairs.len() > 1 {
        let _ = writeln!(o, "{}\n", totals_line(pairs));
    }
    let lost = unpaired(pairs);
    if !lost.is_empty() {
        let _ = writeln!(o, "could not pair {} file(s):", lost.len());
        for l in &lost {
            let _ = writeln!(o, "  {l}");
        }
        o.push('\n');
    }
    for p in pairs {
        let _ = writeln!(o, "{}", printable(&title(p)));
        if let Some(why) = &p.problem {
            let _ = writeln!(o, "  {}\n", printable(why));
            continue;
        }
        for t in &p.tests {
            let _ = writeln!(o, "  {}", verdict_line(t));
            for (label, items) in [
                ("fixed", &t.fixed),
                ("new", &t.new),
                ("still open", &t.still_open),
                ("evidence appeared", &t.evidence_appeared),
                ("evidence missing now", &t.evidence_disappeared),
            ] {
                for i in items {
                    let _ = writeln!(
                        o,
                        "    {label:<20} {} {}",
                        i.standard,
                        printable(&for_manager(&i.message))
                    );
                }
            }
        }
        let _ = writeln!(o);
    }
    o
}

/// Markdown, for a pull request or an email.
pub fn markdown(pairs: &[Pair]) -> String {
    let mut o = String::from("# Compared self-assessments\n\n");
    if pairs.len() > 1 {
        o.push_str("| providers | number |\n|---|---:|\n");
        for (v, n) in totals(pairs) {
            let _ = writeln!(o, "| {v} | {n} |");
        }
        o.push('\n');
    }
    let lost = unpaired(pairs);
    if !lost.is_empty() {
        let _ = writeln!(o, "**Could not pair {} file(s)**\n", lost.len());
        for l in &lost {
            let _ = writeln!(o, "- {}", md_escape(l));
        }
        o.push('\n');
    }
    for p in pairs {
        let _ = writeln!(o, "## {}\n", md_escape(&title(p)));
        if let Some(why) = &p.problem {
            let _ = writeln!(o, "{}\n", md_escape(why));
            continue;
        }
        o.push_str("| test | verdict | fixed | new | still open | evidence appeared | evidence missing now |\n|---|---|---:|---:|---:|---:|---:|\n");
        for t in &p.tests {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} | {} | {} |",
                t.test,
                t.verdict,
                t.fixed.len(),
                t.new.len(),
                t.still_open.len(),
                t.evidence_appeared.len(),
                t.evidence_disappeared.len()
            );
        }
        o.push('\n');
        for t in &p.tests {
            for (label, items) in [("Fixed", &t.fixed), ("New", &t.new), ("Still open", &t.still_open)] {
                if items.is_empty() {
                    continue;
                }
                let _ = writeln!(o, "**{} — {label}**\n", t.test);
                for i in items {
                    let _ = writeln!(o, "- `{}` {}", i.standard, md_escape(&for_manager(&i.message)));
                }
                o.push('\n');
            }
        }
    }
    o
}

/// One self-contained HTML page.
pub fn html(pairs: &[Pair]) -> String {
    let mut o = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Compared self-assessments</title>\n<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.4}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3rem;text-align:left}.n{text-align:right}caption{text-align:left;font-weight:600}.better{color:#075}.worse{color:#a00}.mixed{color:#850}@media print{body{max-width:none}}</style></head><body>\n<h1>Compared self-assessments</h1>\n",
    );
    if pairs.len() > 1 {
        o.push_str("<table><caption>Providers by verdict, worst first</caption><thead><tr><th scope=\"col\">verdict</th><th scope=\"col\" class=\"n\">providers</th></tr></thead><tbody>\n");
        for (v, n) in totals(pairs) {
            let _ = writeln!(o, "<tr><th scope=\"row\">{v}</th><td class=\"n\">{n}</td></tr>");
        }
        o.push_str("</tbody></table>\n");
    }
    let lost = unpaired(pairs);
    if !lost.is_empty() {
        let _ = writeln!(o, "<h2>Could not pair {} file(s)</h2><ul>", lost.len());
        for l in &lost {
            let _ = writeln!(o, "<li>{}</li>", html_escape(l));
        }
        o.push_str("</ul>\n");
    }
    for p in pairs {
        let _ = writeln!(o, "<h2>{}</h2>", html_escape(&title(p)));
        if let Some(why) = &p.problem {
            let _ = writeln!(o, "<p>{}</p>", html_escape(why));
            continue;
        }
        o.push_str("<table><tr><th>test</th><th>verdict</th><th>fixed</th><th>new</th><th>still open</th><th>evidence appeared</th><th>evidence missing now</th></tr>\n");
        for t in &p.tests {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                t.test,
                t.verdict,
                t.verdict,
                t.fixed.len(),
                t.new.len(),
                t.still_open.len(),
                t.evidence_appeared.len(),
                t.evidence_disappeared.len()
            );
        }
        o.push_str("</table>\n");
        for t in &p.tests {
            for (label, items) in [("Fixed", &t.fixed), ("New", &t.new), ("Still open", &t.still_open)] {
                if items.is_empty() {
                    continue;
                }
                let _ = writeln!(o, "<h3>{} — {label}</h3><ul>", t.test);
                for i in items {
                    let _ = writeln!(
                        o,
                        "<li><code>{}</code> {}</li>",
                        i.standard,
                        html_escape(&for_manager(&i.message))
                    );
                }
                o.push_str("</ul>\n");
            }
        }
    }
    o.push_str("</body></html>\n");
    o
}

/// JSON: the pairs (each with its verdict), the totals by verdict and the tool.
pub fn json(pairs: &[Pair]) -> serde_json::Result<String> {
    let mut list = serde_json::to_value(pairs)?;
    if let Some(items) = list.as_array_mut() {
        for (v, p) in items.iter_mut().zip(pairs) {
            v["verdict"] = serde_json::Value::from(p.verdict());
        }
    }
    let totals: serde_json::Map<String, serde_json::Value> = totals(pairs)
        .into_iter()
        .map(|(v, n)| (v.to_string(), n.into()))
        .collect();
    Ok(serde_json::to_string_pretty(&serde_json::json!({
        "tool": {"name": "carecheck", "version": env!("CARGO_PKG_VERSION")},
        "totals": totals,
        "unpaired": unpaired(pairs),
        "pairs": list,
    }))? + "\n")
}
