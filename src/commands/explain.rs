//! `carecheck explain`: a standard's (or a test's, or a parameter's) full text. The
//! explain text of a standard is its user documentation.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{load_set, ExitStatus};
use crate::cli::ExplainArgs;
use carecheck_core::kind::Kind;
use carecheck_core::node::did_you_mean;
use carecheck_core::standards::{Standard, StandardSet};

fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for para in text.trim().split("\n\n") {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if line.len() + word.len() + 1 > 88 - indent.len() && !line.is_empty() {
                let _ = writeln!(out, "{indent}{line}");
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            let _ = writeln!(out, "{indent}{line}");
        }
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

fn kind_names(s: &Standard) -> String {
    s.kinds
        .iter()
        .map(|k| Kind::parse(k).map_or("supported accommodation", Kind::plural))
        .collect::<Vec<_>>()
        .join(", ")
}
/// A standard's explain text.
pub fn standard_text(set: &StandardSet, s: &Standard) -> String {
    let mut o = String::new();
    let test = set.tests.iter().find(|t| t.id == s.test);
    let _ = writeln!(o, "{}: {}\n", s.id, s.title);
    let _ = writeln!(
        o,
        "Test:        {}{}",
        s.test,
        test.map(|t| format!(" ({})", t.question)).unwrap_or_default()
    );
    let _ = writeln!(
        o,
        "Status:      {} (duty holder: {})",
        s.status.words(),
        s.duty_holder.words()
    );
    let _ = writeln!(o, "Severity:    {}", s.severity.as_str());
    let _ = writeln!(
        o,
        "Applies to:  {}{}",
        kind_names(s),
        s.ages_words()
            .map(|w| format!("; children aged {w}"))
            .unwrap_or_default()
    );
    let _ = writeln!(o, "Checks:      {}", s.scope_text());
    let _ = writeln!(o, "Confidence:  {}\n", s.confidence.words());
    let _ = writeln!(o, "What it requires");
    for l in s.requirement_text().lines() {
        let _ = writeln!(o, "  {l}");
    }
    let _ = writeln!(o, "\nWhy it matters");
    o.push_str(&wrap(&s.rationale, "  "));
    let _ = writeln!(o, "\nWhat to do");
    o.push_str(&wrap(&s.help, "  "));
    let _ = writeln!(o, "\nSource");
    let _ = writeln!(o, "  {}", s.citation.show());
    if let Some(u) = &s.citation.url {
        let _ = writeln!(o, "  {u}");
    }
    for p in &s.citation.provisions {
        let _ = writeln!(o, "  - {}: {}", p.show(), p.confidence.words());
        if let Some(u) = &p.url {
            let _ = writeln!(o, "    {u}");
        }
    }
    if let Some(n) = &s.notes {
        let _ = writeln!(o, "\nNotes");
        o.push_str(&wrap(n, "  "));
    }
    if !s.params_used.is_empty() {
        let _ = writeln!(o, "\nParameters");
        for p in &s.params_used {
            if let Some(par) = set.params.get(p) {
                let _ = writeln!(
                    o,
                    "  {p} = {} {} (default {}): {}",
                    par.value.show(),
                    par.unit,
                    par.default.show(),
                    par.doc.trim()
                );
            }
        }
    }
    let _ = writeln!(o, "\nFields read");
    for r in &s.reads {
        let _ = writeln!(o, "  {r}");
    }
    if !s.waivable {
        let _ = writeln!(o, "\nAn exception cannot waive this standard.");
    }
    let _ = writeln!(o, "\nExamples");
    for e in &s.examples {
        let _ = writeln!(o, "  {} ({}):", e.name, e.expect.as_str());
        for l in e.yaml.trim_end().lines() {
            let _ = writeln!(o, "    {l}");
        }
    }
    o
}

/// Run `explain`.
pub fn run(args: &ExplainArgs) -> io::Result<ExitStatus> {
    // A draft is explained even when other files of it have problems: the author is
    // working on it. The standard asked about must itself load.
    let (set, broken) = match &args.set.standards {
        Some(dir) => {
            let files = match carecheck_core::standards::read_dir(std::path::Path::new(dir)) {
                Ok(f) => f,
                Err(e) => {
                    super::print_set_error(&e);
                    return Ok(ExitStatus::Error);
                }
            };
            let ov = match super::overrides(&args.set) {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("carecheck: {e}");
                    return Ok(ExitStatus::Error);
                }
            };
            match carecheck_core::standards::load_partial(&files, dir, &ov) {
                Ok((set, problems)) => (set, problems),
                Err(e) => {
                    super::print_set_error(&e);
                    return Ok(ExitStatus::Error);
                }
            }
        }
        None => match load_set(&args.set) {
            Ok(s) => (s, Vec::new()),
            Err(c) => return Ok(c),
        },
    };
    let id = args.id.trim();
    if !broken.is_empty() {
        let own: Vec<&carecheck_core::standards::FileProblems> = broken
            .iter()
            .filter(|f| {
                let name = f.source.name.rsplit('/').next().unwrap_or("");
                name.to_ascii_uppercase()
                    .starts_with(&format!("{}-", id.to_ascii_uppercase()))
            })
            .collect();
        if let Some(f) = own.first() {
            eprintln!("carecheck: {id} does not load ({}):", f.source.name);
            for p in &f.problems {
                let (l, c) = f.source.line_col(p.span.start);
                eprintln!("  line {l}, column {c}: {}", p.message);
            }
            return Ok(ExitStatus::Error);
        }
        eprintln!(
            "carecheck: note: {} other file(s) of this draft have problems (`carecheck standards lint {}` lists them); explaining what loads",
            broken.len(),
            args.set.standards.as_deref().unwrap_or("")
        );
    }
    let mut out = io::stdout().lock();
    if let Some(s) = set.standards.iter().find(|s| s.id.eq_ignore_ascii_case(id)) {
        out.write_all(standard_text(&set, s).as_bytes())?;
        return Ok(ExitStatus::Success);
    }
    if let Some(t) = set.tests.iter().find(|t| t.id == id) {
        writeln!(out, "{}: {}\n", t.id, t.question)?;
        out.write_all(wrap(&t.summary, "").as_bytes())?;
        writeln!(out, "\nStandards")?;
        for s in set.standards.iter().filter(|s| s.test == t.id) {
            writeln!(
                out,
                "  {:<10} {:<8} {:<20} {}",
                s.id,
                s.severity.as_str(),
                s.applies_text(),
                s.title
            )?;
        }
        return Ok(ExitStatus::Success);
    }
    if let Some(p) = set.params.get(id) {
        writeln!(
            out,
            "{id} = {} {} (default {})\n",
            p.value.show(),
            p.unit,
            p.default.show()
        )?;
        out.write_all(wrap(&p.doc, "").as_bytes())?;
        writeln!(out, "\nUsed by")?;
        for s in set.standards.iter().filter(|s| s.params_used.iter().any(|x| x == id)) {
            writeln!(out, "  {} {}", s.id, s.title)?;
        }
        writeln!(
            out,
            "\nOverride with --param {id}=VALUE or a config file's [parameters] table."
        )?;
        return Ok(ExitStatus::Success);
    }
    let cands = set
        .standards
        .iter()
        .map(|s| s.id.as_str())
        .chain(set.tests.iter().map(|t| t.id.as_str()))
        .chain(set.params.keys().map(String::as_str));
    let hint = carecheck_core::node::did_you_mean_words(did_you_mean(id, cands));
    eprintln!("carecheck: no standard, test or parameter `{id}`{hint}; `carecheck standards list` shows them");
    Ok(ExitStatus::Error)
}
