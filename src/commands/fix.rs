//! `carecheck check --fix` and `--diff`: put right, in place, the slips whose fix the checker
//! already knows for certain, and nothing else.
//!
//! The fixes are the checker's own did-you-means carried as data ([`Fix`]): a span of the
//! file and the text to write there. Only `exact` ones are applied (one candidate, the
//! meaning unchanged); the guesses are listed for the manager to decide. Every byte outside
//! the replaced spans is kept, comments and layout included, because the file is edited as
//! text, never read into a tree and written out again.

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use super::ExitStatus;
use crate::cli::CheckArgs;
use carecheck_core::check::{check_one, CheckOptions, FileResult, FileStatus, Target};
use carecheck_core::dates::Date;
use carecheck_core::engine::Engine;
use carecheck_core::finding::printable;
use carecheck_core::node::Fix;
use carecheck_core::source::SourceFile;
use carecheck_core::standards::StandardSet;

/// Lines of unchanged text shown around each change by `--diff`, as `diff -u` does.
const DIFF_CONTEXT: usize = 3;

/// One change, where it stands, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    line: usize,
    column: usize,
    old: String,
    new: String,
}

/// What `--fix` does to one file's text.
#[derive(Debug, Default)]
struct Plan {
    /// The text with every exact fix applied.
    text: String,
    /// The fixes applied, in file order.
    applied: Vec<Change>,
    /// Fixes that are guesses: listed, never applied.
    offered: Vec<Change>,
    /// Exact fixes left because they overlap one applied (after the second round).
    left_overlapping: usize,
    /// Whether the text, fixed, still has problems that make it invalid.
    still_invalid: bool,
    /// The text before and after as a diff may show them: with what the personal-data
    /// guard flagged masked (`name: ▇▇▇▇`), line for line; `None` when it flagged nothing.
    shown: Option<(String, String)>,
}

/// Run `check --fix` or `check --diff` on the files found.
pub fn run(
    args: &CheckArgs,
    set: &StandardSet,
    enabled: Vec<bool>,
    as_of: Option<Date>,
    targets: &[Target],
) -> io::Result<ExitStatus> {
    let mut engine = Engine::new(set, Some(enabled));
    engine.personal_data_guard = !args.allow_personal_data;
    let opts = CheckOptions {
        as_of,
        max_file_bytes: args.max_file_size,
        ..CheckOptions::default()
    };
    let mut status = ExitStatus::Success;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for t in targets {
        let Target::File(path) = t else {
            eprintln!(
                "carecheck: --fix and --diff change files on disk; `{}` is not a file",
                t.display()
            );
            status = ExitStatus::Error;
            continue;
        };
        // every line below is for a terminal: a control character in the path is shown as
        // an escape, never sent to it
        let name = printable(&t.display()).into_owned();
        if is_workbook(path) {
            eprintln!("carecheck: {name}: not changed: --fix and --diff change YAML files only");
            continue;
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("carecheck: {name}: cannot be read: {e}");
                status = ExitStatus::Error;
                continue;
            }
        };
        // the byte order mark the checker drops is kept, and the spans are counted after it
        let (bom, body) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
            Some(rest) => (&bytes[..3], rest),
            None => (&bytes[..0], &bytes[..]),
        };
        let Ok(text) = std::str::from_utf8(body) else {
            eprintln!("carecheck: {name}: not changed: it is not UTF-8 text (`carecheck check` says why)");
            status = ExitStatus::Error;
            continue;
        };
        let plan = plan(&name, text, set, &engine, &opts);
        if args.diff {
            if !plan.applied.is_empty() {
                let shown = plan.shown.as_ref().map(|(o, n)| (o.as_str(), n.as_str()));
                out.write_all(unified_diff(&name, text, &plan.text, shown).as_bytes())?;
                if status == ExitStatus::Success {
                    status = ExitStatus::Failure;
                }
            }
            for c in &plan.offered {
                eprintln!("{}", offered_line(&name, c));
            }
            continue;
        }
        for c in &plan.applied {
            writeln!(
                out,
                "{name}:{}:{}: `{}` -> `{}`",
                c.line,
                c.column,
                printable(&c.old),
                printable(&c.new)
            )?;
        }
        for c in &plan.offered {
            writeln!(out, "{}", offered_line(&name, c))?;
        }
        if !plan.applied.is_empty() {
            let mut fixed = Vec::with_capacity(bom.len() + plan.text.len());
            fixed.extend_from_slice(bom);
            fixed.extend_from_slice(plan.text.as_bytes());
            if let Err(e) = write_in_place(path, &fixed) {
                eprintln!("carecheck: {name}: cannot be written: {e}");
                status = ExitStatus::Error;
                continue;
            }
        }
        let n = plan.applied.len();
        let changes = if n == 1 {
            "1 change".to_string()
        } else {
            format!("{n} changes")
        };
        let done = if n == 0 {
            "nothing to change".to_string()
        } else {
            format!("{changes} written")
        };
        let after = if plan.still_invalid {
            status = ExitStatus::Error;
            format!("some problems need you: `carecheck check {name}` lists them")
        } else {
            "no problem stops it being checked now".to_string()
        };
        writeln!(out, "{name}: {done}; {after}")?;
        if plan.left_overlapping > 0 {
            writeln!(
                out,
                "{name}: {} more overlap a change just made: run `carecheck check --fix {name}` again",
                plan.left_overlapping
            )?;
        }
    }
    Ok(status)
}

fn offered_line(name: &str, c: &Change) -> String {
    format!(
        "{name}:{}:{}: not changed, as it is a guess: `{}` -> `{}`? If that is what you meant, change it yourself",
        c.line,
        c.column,
        printable(&c.old),
        printable(&c.new)
    )
}

fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["xlsx", "xlsm", "ods"].iter().any(|w| e.eq_ignore_ascii_case(w)))
}

/// Write beside the file, then rename over it: a file is never left half written.
fn write_in_place(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".carecheck-fix");
    let tmp = std::path::PathBuf::from(tmp);
    std::fs::write(&tmp, bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        // a failure here only leaves the new file with default permissions
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn check_text(name: &str, text: &str, set: &StandardSet, engine: &Engine<'_>, opts: &CheckOptions) -> FileResult {
    let t = Target::Memory(name.to_string(), Arc::from(text.as_bytes()));
    check_one(&t, set, engine, opts)
}

/// Every fix the check found, once each (an unknown key is both a warning and a finding),
/// in file order.
fn fixes_of(r: &FileResult) -> Vec<Fix> {
    let mut all: Vec<Fix> = r
        .errors
        .iter()
        .chain(&r.warnings)
        .filter_map(|l| l.problem.fix.clone())
        .chain(r.findings.iter().filter_map(|f| f.fix.clone()))
        .collect();
    all.sort_by(|a, b| (a.span.start, a.span.end, &a.replacement).cmp(&(b.span.start, b.span.end, &b.replacement)));
    all.dedup();
    all
}

/// The text a fix replaces, when it can be replaced on its own line: inside the text, on
/// character boundaries, and neither it nor the replacement spanning a line break (so
/// every line keeps its number).
fn replaced_text<'t>(text: &'t str, f: &Fix) -> Option<&'t str> {
    let old = text.get(f.span.start as usize..f.span.end as usize)?;
    (!old.is_empty() && !old.contains(['\n', '\r']) && !f.replacement.contains(['\n', '\r']) && old != f.replacement)
        .then_some(old)
}

fn change(src: &SourceFile, old: &str, f: &Fix) -> Change {
    let (line, column) = src.line_col(f.span.start);
    Change {
        line,
        column,
        old: old.to_string(),
        new: f.replacement.clone(),
    }
}

/// Apply the exact fixes that overlap no other, from the end so earlier spans stay put.
/// Returns the new text, the changes made and how many were left for overlapping.
fn apply(name: &str, text: &str, fixes: &[Fix]) -> (String, Vec<Change>, usize) {
    let src = SourceFile::new(name.to_string(), text.to_string());
    let mut chosen: Vec<(&Fix, &str)> = Vec::new();
    let mut left = 0usize;
    for f in fixes.iter().filter(|f| f.exact) {
        let Some(old) = replaced_text(text, f) else { continue };
        match chosen.last() {
            Some((prev, _)) if prev.span.end > f.span.start => left += 1,
            _ => chosen.push((f, old)),
        }
    }
    let mut out = text.to_string();
    for (f, _) in chosen.iter().rev() {
        out.replace_range(f.span.start as usize..f.span.end as usize, &f.replacement);
    }
    let changes = chosen.iter().map(|(f, old)| change(&src, old, f)).collect();
    (out, changes, left)
}

/// The fixes of one file's text: applied, then (when some overlapped) checked and applied
/// once more, then checked once to say whether it is valid now.
fn plan(name: &str, text: &str, set: &StandardSet, engine: &Engine<'_>, opts: &CheckOptions) -> Plan {
    let first = check_text(name, text, set, engine, opts);
    let fixes = fixes_of(&first);
    let src = SourceFile::new(name.to_string(), text.to_string());
    let offered = fixes
        .iter()
        .filter(|f| !f.exact)
        .filter_map(|f| replaced_text(text, f).map(|old| change(&src, old, f)))
        .collect();
    let (mut fixed, mut applied, mut left) = apply(name, text, &fixes);
    if left > 0 {
        let again = check_text(name, &fixed, set, engine, opts);
        let (more_text, more, still) = apply(name, &fixed, &fixes_of(&again));
        fixed = more_text;
        applied.extend(more);
        applied.sort_by_key(|c| (c.line, c.column));
        left = still;
    }
    let last = if applied.is_empty() {
        None
    } else {
        Some(check_text(name, &fixed, set, engine, opts))
    };
    // the checker's source is the text with every flagged value masked: a diff's lines come
    // from it, so the context of a fix never reprints a child's name
    let masked = |r: &FileResult, text: &str| {
        r.source
            .as_ref()
            .map(|s| s.text.to_string())
            .filter(|m| m != text && m.len() == text.len())
    };
    let shown_old = masked(&first, text);
    let shown_new = last.as_ref().map_or_else(|| shown_old.clone(), |l| masked(l, &fixed));
    let shown = match (shown_old, shown_new) {
        (None, None) => None,
        (o, n) => Some((
            o.unwrap_or_else(|| text.to_string()),
            n.unwrap_or_else(|| fixed.clone()),
        )),
    };
    Plan {
        text: fixed,
        applied,
        offered,
        left_overlapping: left,
        still_invalid: last.as_ref().unwrap_or(&first).status != FileStatus::Checked,
        shown,
    }
}

/// A unified diff (`diff -u`) of two texts with the same lines but some changed, as
/// `--diff` shows them: `patch -p1` or `git apply` takes it.
fn unified_diff(name: &str, old: &str, new: &str, shown: Option<(&str, &str)>) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    // which lines changed is read from the texts; what is printed, from the texts as shown
    // (masked line for line, so every line keeps its index)
    let (sa, sb): (Vec<&str>, Vec<&str>) = match shown {
        Some((o, n)) => (o.split_inclusive('\n').collect(), n.split_inclusive('\n').collect()),
        None => (a.clone(), b.clone()),
    };
    let (sa, sb) = if sa.len() == a.len() && sb.len() == b.len() {
        (sa, sb)
    } else {
        (a.clone(), b.clone())
    };
    // a relative path as git writes it (`patch -p1` strips the `a/`); an absolute one as is
    let (from, to) = if name.starts_with('/') || Path::new(name).is_absolute() {
        (name.to_string(), name.to_string())
    } else {
        (format!("a/{name}"), format!("b/{name}"))
    };
    let mut out = format!("--- {from}\n+++ {to}\n");
    if a.len() != b.len() {
        // never happens: a fix changes no line break; shown whole rather than wrongly
        out.push_str(&format!("@@ -1,{} +1,{} @@\n", a.len(), b.len()));
        for l in &sa {
            push_line(&mut out, '-', l);
        }
        for l in &sb {
            push_line(&mut out, '+', l);
        }
        return out;
    }
    let changed: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    let mut i = 0;
    while i < changed.len() {
        // a hunk runs on while the next change is within two contexts of the last
        let mut j = i;
        while j + 1 < changed.len() && changed[j + 1] - changed[j] <= 2 * DIFF_CONTEXT {
            j += 1;
        }
        let start = changed[i].saturating_sub(DIFF_CONTEXT);
        let end = (changed[j] + DIFF_CONTEXT + 1).min(a.len());
        let len = end - start;
        out.push_str(&format!("@@ -{},{len} +{},{len} @@\n", start + 1, start + 1));
        for k in start..end {
            if a[k] == b[k] {
                push_line(&mut out, ' ', sa[k]);
            } else {
                push_line(&mut out, '-', sa[k]);
            }
            if a[k] != b[k] {
                // the new line right after the old, as each change is on one line
                push_line(&mut out, '+', sb[k]);
            }
        }
        i = j + 1;
    }
    out
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carecheck_core::source::Span;

    #[test]
    fn overlapping_fixes_apply_the_first_and_count_the_rest() {
        let text = "a: 03/07/2026\n";
        let fixes = [
            Fix::exact(Span::new(3, 13), "2026-07-03"),
            Fix::exact(Span::new(3, 5), "x"),
            Fix::suggested(Span::new(0, 1), "b"),
        ];
        let (out, changes, left) = apply("t", text, &fixes);
        assert_eq!(out, "a: 2026-07-03\n");
        assert_eq!(left, 1);
        assert_eq!(
            changes,
            [Change {
                line: 1,
                column: 4,
                old: "03/07/2026".into(),
                new: "2026-07-03".into()
            }]
        );
    }

    #[test]
    fn a_fix_across_a_line_break_or_off_a_character_boundary_is_left() {
        let text = "a: é\nb: 1\n";
        let fixes = [Fix::exact(Span::new(3, 4), "e"), Fix::exact(Span::new(4, 8), "x")];
        let (out, changes, _) = apply("t", text, &fixes);
        assert_eq!(out, text);
        assert!(changes.is_empty());
    }

    #[test]
    fn the_diff_is_unified_with_context_and_merged_hunks() {
        let old: String = (1..=20).map(|i| format!("l{i}\n")).collect();
        let new = old
            .replace("l2\n", "L2\n")
            .replace("l7\n", "L7\n")
            .replace("l19\n", "L19\n");
        let d = unified_diff("f.yaml", &old, &new, None);
        assert_eq!(
            d,
            "--- a/f.yaml\n+++ b/f.yaml\n@@ -1,10 +1,10 @@\n l1\n-l2\n+L2\n l3\n l4\n l5\n l6\n-l7\n+L7\n l8\n l9\n l10\n@@ -16,5 +16,5 @@\n l16\n l17\n l18\n-l19\n+L19\n l20\n"
        );
    }
}
