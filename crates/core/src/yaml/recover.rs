//! Recovery after a YAML syntax error, so that the first run reports every slip in a file
//! (audit UX v3, findings 1 and 6).
//!
//! A YAML parser stops at its first error; a manager fixing one slip a run needed five runs.
//! When the text does not read, this pass goes over it once, line by line, and repairs the
//! slips whose repair is certain, each of which no valid YAML document contains:
//!
//! - a tab in the indentation (read as two spaces, the template's step);
//! - no space after a key's colon (`age_years:12`);
//! - a key with `null` and then a list or fields under it (the `null` is dropped: the
//!   manager uncommented an example entry under a blank);
//! - a list or mapping in brackets never closed on its line, where the next line does not
//!   carry it on (closed at the end of the line);
//! - text with `: ` inside it (put in quotes).
//!
//! Each repair is a problem at its place in the original text, with what to write instead.
//! The repaired text is read once more; the tree's places are mapped back to the original
//! text, so every later message points at what the manager wrote. One pass, each line
//! looked at once with the next meaningful line found from a table built beforehand:
//! linear in the file, never a loop of retries.

use super::{parse, Limits};
use crate::node::{Node, NodeKind, Problem};
use crate::source::{SourceFile, Span};

/// One replacement of original text (`start..end`) by `with`.
struct Edit {
    start: usize,
    end: usize,
    with: String,
}

/// What recovery made of a text that does not read as YAML.
pub enum Recovery {
    /// The repaired text reads: its tree (places in the original text) and a problem for
    /// each repair.
    Read(Node, Vec<Problem>),
    /// It still does not read: a problem for each repair, and the error that remains.
    Unread(Vec<Problem>),
}

/// One line of the text: where it starts and its text without the line break.
struct Line<'a> {
    at: usize,
    text: &'a str,
}

/// The lines as YAML counts them: a CR alone ends one too (audit v3 B22: a CR-only file was
/// one line here, and its slips were misread).
fn lines_of(text: &str) -> Vec<Line<'_>> {
    crate::wording::yaml_lines(text)
        .into_iter()
        .map(|(at, text)| Line { at, text })
        .collect()
}

/// The width of a line's indentation in spaces, a tab counting as two.
fn indent_width(s: &str) -> usize {
    s.chars()
        .take_while(|c| matches!(c, ' ' | '\t'))
        .map(|c| if c == '\t' { 2 } else { 1 })
        .sum()
}

/// Whether a line says nothing to YAML (blank, or only a comment).
fn blank(s: &str) -> bool {
    let t = s.trim_start_matches([' ', '\t']);
    t.is_empty() || t.starts_with('#')
}

/// The words YAML reads as null.
fn is_null_word(s: &str) -> bool {
    matches!(s, "null" | "Null" | "NULL" | "~")
}

/// A key as the format writes them: a letter, then letters, digits and underscores.
fn key_like(k: &str) -> bool {
    k.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Where a comment starts in a value (` #` outside quotes), or the value's end.
fn comment_start(v: &str) -> usize {
    let b = v.as_bytes();
    let mut quote: Option<u8> = None;
    for i in 0..b.len() {
        match (quote, b[i]) {
            (None, q @ (b'"' | b'\'')) if i == 0 || b[i - 1] == b' ' || b[i - 1] == b'[' || b[i - 1] == b',' => {
                quote = Some(q);
            }
            (Some(q), c) if c == q => quote = None,
            (None, b'#') if i > 0 && matches!(b[i - 1], b' ' | b'\t') => return i - 1,
            _ => {}
        }
    }
    v.len()
}

/// The brackets of a flow collection on one line (outside quotes): those a closer of the
/// other kind shuts early (`{a: [1}`: the `[` at 4 needs a `]` at 7), and those still open
/// at the end of the line, in the order they were opened. Each is (where it opened, which).
struct Brackets {
    shut_early: Vec<(usize, u8, usize)>,
    open: Vec<(usize, u8)>,
}

fn brackets(v: &str) -> Brackets {
    let mut open: Vec<(usize, u8)> = Vec::new();
    let mut shut_early = Vec::new();
    let mut quote: Option<u8> = None;
    for (i, &c) in v.as_bytes().iter().enumerate() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'[' | b'{') => open.push((i, c)),
            (None, b']' | b'}') => {
                let want = if c == b']' { b'[' } else { b'{' };
                // a closer of the other kind closes what is open inside it first
                while let Some(&(at, top)) = open.last() {
                    open.pop();
                    if top == want {
                        break;
                    }
                    shut_early.push((at, top, i));
                }
            }
            _ => {}
        }
    }
    Brackets { shut_early, open }
}

fn closer(c: u8) -> char {
    if c == b'[' {
        ']'
    } else {
        '}'
    }
}

/// Read a text that failed to parse, repairing the slips whose repair is certain.
/// `None` when there is nothing certain to repair: the parser's own error stands.
pub fn recover(src: &SourceFile, limits: Limits) -> Option<Recovery> {
    let text: &str = &src.text;
    let lines = lines_of(text);
    // the next line that says something to YAML, for each line: built backwards once
    let mut next_meaningful = vec![None; lines.len()];
    let mut seen: Option<usize> = None;
    for i in (0..lines.len()).rev() {
        next_meaningful[i] = seen;
        if !blank(lines[i].text) {
            seen = Some(i);
        }
    }
    let mut edits: Vec<Edit> = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    // the indentation of a block scalar's key (`notes: |`) while inside it
    let mut block_scalar: Option<usize> = None;
    // inside a bracketed list or mapping carried over several lines
    let mut flow_depth = 0usize;
    for (i, line) in lines.iter().enumerate() {
        let l = line.text;
        if blank(l) {
            continue;
        }
        let width = indent_width(l);
        if let Some(key_indent) = block_scalar {
            if width > key_indent {
                continue;
            }
            block_scalar = None;
        }
        if flow_depth > 0 {
            flow_depth = open_brackets_continued(l, flow_depth);
            continue;
        }
        let n = i + 1;
        let lead = l.len() - l.trim_start_matches([' ', '\t']).len();
        // a tab in the indentation: read as two spaces
        if l[..lead].contains('\t') {
            edits.push(Edit {
                start: line.at,
                end: line.at + lead,
                with: " ".repeat(width),
            });
            let tab = l[..lead].find('\t').unwrap_or(0);
            problems.push(
                Problem::new(
                    format!("line {n} is indented with a tab"),
                    Span::new(line.at + tab, line.at + tab + 1),
                )
                .label("a tab")
                .help("indent with spaces only, two per level: carecheck read this tab as two spaces and went on"),
            );
        }
        // past the list dashes, `key: value`
        let mut body_at = lead;
        while l[body_at..].starts_with("- ") {
            body_at += 2;
            body_at += l[body_at..].len() - l[body_at..].trim_start_matches(' ').len();
        }
        let body = &l[body_at..];
        let Some(colon) = body.find(':') else { continue };
        let key = &body[..colon];
        if !key_like(key) {
            continue;
        }
        let after = &body[colon + 1..];
        let value_at = line.at + body_at + colon + 1;
        if !after.is_empty() && !after.starts_with([' ', '\t', '/']) {
            // no space after the colon: `age_years:12`
            edits.push(Edit {
                start: value_at,
                end: value_at,
                with: " ".into(),
            });
            let shown: String = after.chars().take(20).collect();
            problems.push(
                Problem::new(
                    format!("line {n}: no space after the colon in `{key}:{shown}`"),
                    Span::new(value_at - 1, value_at),
                )
                .label("a space goes after this colon")
                .help(format!("put a space after the colon: `{key}: {}`", after.trim())),
            );
            continue;
        }
        let skip = after.len() - after.trim_start_matches([' ', '\t']).len();
        let v_full = &after[skip..];
        let v = v_full[..comment_start(v_full)].trim_end();
        let v_at = value_at + skip;
        if v.is_empty() {
            continue;
        }
        let next = next_meaningful[i].map(|j| &lines[j]);
        // the key's column (past any list dashes); what is indented more than it belongs
        // to it, and so does a list starting at its own column
        let key_col = width + (body_at - lead);
        let next_width = next.map_or(0, |nl| indent_width(nl.text));
        let next_deeper = next.is_some() && next_width > key_col;
        let next_is_item = next.is_some_and(|nl| {
            let t = nl.text.trim_start_matches([' ', '\t']);
            t.starts_with("- ") || t == "-"
        });
        let under_key = next_deeper || (next_is_item && next_width == key_col);
        if v.starts_with(['|', '>']) {
            block_scalar = Some(width);
            continue;
        }
        if is_null_word(v) && under_key {
            let under = next.map_or("", |nl| nl.text.trim_start_matches([' ', '\t']));
            let what = if under.starts_with("- ") || under == "-" {
                "a list"
            } else {
                "fields"
            };
            if what == "a list" || under.split_once(':').is_some_and(|(k, _)| key_like(k)) {
                edits.push(Edit {
                    start: v_at,
                    end: v_at + v.len(),
                    with: String::new(),
                });
                problems.push(
                    Problem::new(
                        format!("line {n}: `{key}:` has a value (`{v}`) and {what} under it"),
                        Span::new(v_at, v_at + v.len()),
                    )
                    .label("delete this")
                    .help(format!(
                        "delete `{v}`, leaving `{key}:` with the entries on the lines below; carecheck read them"
                    )),
                );
            }
            continue;
        }
        if v.starts_with(['[', '{']) {
            let b = brackets(v);
            if !b.open.is_empty() && next_deeper {
                // carried on over the next lines
                flow_depth = b.open.len();
                continue;
            }
            // carried on over the next lines, but not indented past the key: the slip is the
            // indentation of those lines, not a bracket never closed (audit v3 B22)
            if !b.open.is_empty() {
                let mut depth = b.open.len();
                let mut cont = Vec::new();
                let mut j = i + 1;
                while depth > 0 && j < lines.len() && !blank(lines[j].text) {
                    depth = open_brackets_continued(lines[j].text, depth);
                    cont.push(j);
                    j += 1;
                }
                if depth == 0 && !cont.is_empty() {
                    for &k in &cont {
                        let w = indent_width(lines[k].text);
                        if w <= key_col {
                            edits.push(Edit {
                                start: lines[k].at,
                                end: lines[k].at,
                                with: " ".repeat(key_col + 2 - w),
                            });
                        }
                    }
                    let first = &lines[cont[0]];
                    let opened = b.open[0].1 as char;
                    problems.push(
                        Problem::new(
                            format!(
                                "line {}: it goes on with the `{opened}` of `{key}` opened on line {n}, but is not indented past `{key}`",
                                cont[0] + 1
                            ),
                            Span::new(first.at, first.at + first.text.len() - first.text.trim_start_matches([' ', '\t']).len()),
                        )
                        .label("indent this line")
                        .help(format!(
                            "indent the lines that go on with `{key}` further than `{key}` itself, or join them to line {n}; carecheck read them so"
                        )),
                    );
                    flow_depth = b.open.len();
                    continue;
                }
            }
            let mut unclosed: Vec<(usize, u8, usize)> = b.shut_early;
            unclosed.extend(b.open.iter().rev().map(|&(at, c)| (at, c, v.len())));
            // in order of place (stable: the inner of two at one place closes first)
            unclosed.sort_by_key(|u| u.2);
            let mut fixed = v.to_string();
            for &(_, c, insert_at) in unclosed.iter().rev() {
                fixed.insert(insert_at, closer(c));
            }
            for &(at, c, insert_at) in &unclosed {
                edits.push(Edit {
                    start: v_at + insert_at,
                    end: v_at + insert_at,
                    with: closer(c).to_string(),
                });
                let line_no = n;
                problems.push(
                    Problem::new(
                        format!("line {line_no}: the `{}` of `{key}` is never closed", c as char),
                        Span::new(v_at + at, v_at + at + 1),
                    )
                    .label("opened here")
                    .help(format!("add `{}`: `{key}: {fixed}`", closer(c))),
                );
            }
            continue;
        }
        if v.contains(": ") && !v.starts_with(['"', '\'', '&', '!', '*']) {
            let quoted = format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""));
            edits.push(Edit {
                start: v_at,
                end: v_at + v.len(),
                with: quoted.clone(),
            });
            problems.push(
                Problem::new(
                    format!("line {n}: the text of `{key}` contains \": \", which YAML reads as a new field"),
                    Span::new(v_at, v_at + v.len()),
                )
                .label("put this in quotes")
                .help(format!("put the text in quotes: `{key}: {quoted}`")),
            );
        }
    }
    if edits.is_empty() {
        return None;
    }
    let (repaired, map) = apply(text, &edits);
    let repaired_src = SourceFile::new(src.name.clone(), repaired);
    Some(match parse(&repaired_src, limits) {
        Ok(mut node) => {
            remap(&mut node, &map);
            Recovery::Read(node, problems)
        }
        Err(mut p) => {
            p.span = map.span(p.span);
            if let Some((s, _)) = &mut p.related {
                *s = map.span(*s);
            }
            problems.push(p);
            problems.sort_by_key(|p| p.span.start);
            Recovery::Unread(problems)
        }
    })
}

/// The brackets still open after a line carrying on a bracketed collection.
fn open_brackets_continued(l: &str, depth: usize) -> usize {
    let mut d = depth;
    let mut quote: Option<u8> = None;
    for &c in l.as_bytes() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'[' | b'{') => d += 1,
            (None, b']' | b'}') => d = d.saturating_sub(1),
            (None, b'#') => break,
            _ => {}
        }
    }
    d
}

/// From places in the repaired text back to the original: for each edit, where it ends in
/// both texts.
struct OffsetMap {
    /// (start in the repaired text, end in the repaired text, start in the original, end
    /// in the original), in order.
    edits: Vec<(usize, usize, usize, usize)>,
}

impl OffsetMap {
    fn at(&self, p: usize) -> usize {
        // the last edit starting at or before p
        let k = self.edits.partition_point(|e| e.0 <= p);
        if k == 0 {
            return p;
        }
        let (_, re, os, oe) = self.edits[k - 1];
        if p < re {
            // inside replaced text: where the original text it replaced starts
            os
        } else {
            p - re + oe
        }
    }

    fn span(&self, s: Span) -> Span {
        let start = self.at(s.start as usize);
        let end = self.at(s.end as usize).max(start);
        Span::new(start, end)
    }
}

/// The repaired text, and the map of its places back to the original.
fn apply(text: &str, edits: &[Edit]) -> (String, OffsetMap) {
    let mut out = String::with_capacity(text.len() + edits.len() * 2);
    let mut map = Vec::with_capacity(edits.len());
    let mut last = 0usize;
    for e in edits {
        out.push_str(&text[last..e.start]);
        let rs = out.len();
        out.push_str(&e.with);
        map.push((rs, out.len(), e.start, e.end));
        last = e.end;
    }
    out.push_str(&text[last..]);
    (out, OffsetMap { edits: map })
}

/// Every place in a tree, moved from the repaired text to the original.
fn remap(n: &mut Node, map: &OffsetMap) {
    n.span = map.span(n.span);
    match &mut n.kind {
        NodeKind::Seq(items) => items.iter_mut().for_each(|i| remap(i, map)),
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                k.span = map.span(k.span);
                remap(v, map);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recovered(text: &str) -> (Option<Node>, Vec<Problem>) {
        let src = SourceFile::new("t.yaml", text.to_string());
        assert!(parse(&src, Limits::default()).is_err(), "the slip stops the parser");
        match recover(&src, Limits::default()) {
            Some(Recovery::Read(n, p)) => (Some(n), p),
            Some(Recovery::Unread(p)) => (None, p),
            None => (None, Vec::new()),
        }
    }

    #[test]
    fn a_cr_only_file_and_a_flow_continuation_are_read_line_by_line() {
        // audit v3 B22: a CR-only file was one line to the recovery, and a line going on
        // with a `{` at the key's own indentation was "never closed" and "contains ': '"
        let lf = "schema_version: 1\nprovider:\n  kind: childrens_home\nchildren:\n  - ref: C-1\n    age_years:12\n";
        let (_, want) = recovered(lf);
        let (_, got) = recovered(&lf.replace('\n', "\r"));
        let msgs = |p: &[Problem]| p.iter().map(|x| x.message.clone()).collect::<Vec<_>>();
        assert_eq!(msgs(&got), msgs(&want));
        assert!(
            msgs(&want).iter().any(|m| m.contains("no space after the colon")),
            "{want:?}"
        );
        let flow = "schema_version: 1\nprovider: {kind: childrens_home}\nchildren:\n  - ref: C-1\n    siblings: {in_care: 1,\n    living_together: 0, separation_reason: none}\n";
        let (node, p) = recovered(flow);
        let m = msgs(&p);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].contains("line 6: it goes on with the `{` of `siblings` opened on line 5"),
            "{m:?}"
        );
        // and it was read as meant
        let sib = node.unwrap();
        let child = sib.get("children").and_then(|c| match &c.kind {
            NodeKind::Seq(items) => items.first().cloned(),
            _ => None,
        });
        let s = child.unwrap();
        let s = s.get("siblings").unwrap();
        assert!(s.get("living_together").is_some() && s.get("separation_reason").is_some());
    }

    #[test]
    fn null_before_a_list_is_dropped_and_the_list_read() {
        let text = "workforce:\n  staff: null   # one entry each\n  - ref: S-01\n    references: 2\n";
        let (n, p) = recovered(text);
        let n = n.unwrap();
        let staff = n.get("workforce").and_then(|w| w.get("staff")).unwrap();
        let NodeKind::Seq(items) = &staff.kind else {
            panic!("{staff:?}")
        };
        assert_eq!(items.len(), 1);
        assert_eq!(p.len(), 1);
        assert!(
            p[0].message
                .contains("`staff:` has a value (`null`) and a list under it"),
            "{}",
            p[0].message
        );
        assert_eq!(&text[p[0].span.start as usize..p[0].span.end as usize], "null");
        // places point at the original text
        let r = items[0].get("references").unwrap();
        assert_eq!(&text[r.span.start as usize..r.span.end as usize], "2");
    }

    #[test]
    fn a_tab_is_read_as_spaces() {
        let text = "provider:\n\tkind: fostering_service\n\tname: Agency\n";
        let (n, p) = recovered(text);
        let n = n.unwrap();
        assert_eq!(
            n.get("provider").and_then(|p| p.get("name")).and_then(Node::as_str),
            Some("Agency")
        );
        assert_eq!(p.len(), 2, "one problem a line: {p:?}");
        assert!(p[0].message.contains("line 2 is indented with a tab"));
        let name = n.get("provider").and_then(|p| p.get("name")).unwrap();
        assert_eq!(&text[name.span.start as usize..name.span.end as usize], "Agency");
    }

    #[test]
    fn an_unclosed_bracket_is_named_with_its_line_and_closed() {
        let text = "children:\n  - ref: C-01\n    education:\n      pep_reviews: [2026-01-10, 2026-04-12\n      status: neet\n";
        let (n, p) = recovered(text);
        let n = n.unwrap();
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].message
                .contains("line 4: the `[` of `pep_reviews` is never closed"),
            "{}",
            p[0].message
        );
        assert!(p[0].help.as_deref().unwrap_or("").contains("add `]`"));
        let NodeKind::Seq(c) = &n.get("children").unwrap().kind else {
            panic!()
        };
        let ed = c[0].get("education").unwrap();
        assert_eq!(ed.get("status").and_then(Node::as_str), Some("neet"));
    }

    #[test]
    fn text_with_a_colon_is_quoted() {
        let text = "home:\n  statement_of_purpose:\n    needs_catered: null\n    note: placed: far from home  # why\n  ref: H\n";
        let (n, p) = recovered(text);
        let n = n.unwrap();
        assert_eq!(p.len(), 1, "{p:?}");
        let note = n
            .get("home")
            .and_then(|h| h.get("statement_of_purpose"))
            .and_then(|s| s.get("note"));
        assert_eq!(note.and_then(Node::as_str), Some("placed: far from home"));
    }

    #[test]
    fn every_slip_is_listed_once_and_the_rest_is_read() {
        let text = "schema_version: 1\nassessment:\n\tas_of: 2026-09-30\nworkforce:\n  staff: null\n  - ref: S-01\n    role: other\nchildren:\n  - ref: C-01\n    age_years:12\n    education: {pep_reviews: [2026-01-10}\n    separation: lives apart: by choice\n";
        let (n, p) = recovered(text);
        let n = n.unwrap_or_else(|| panic!("{p:#?}"));
        let lines: Vec<&str> = p.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(p.len(), 5, "{lines:#?}");
        for (i, want) in [
            "tab",
            "`staff:` has a value",
            "no space after the colon",
            "never closed",
            "contains \": \"",
        ]
        .iter()
        .enumerate()
        {
            assert!(lines[i].contains(want), "{i}: {lines:#?}");
        }
        let NodeKind::Seq(c) = &n.get("children").unwrap().kind else {
            panic!()
        };
        assert_eq!(c[0].get("age_years").map(|a| &a.kind), Some(&NodeKind::Int(12)));
    }

    #[test]
    fn nothing_certain_to_repair_leaves_the_error_alone() {
        let src = SourceFile::new("t.yaml", "a: [1, 2\n  , 3\nb: {\n".to_string());
        assert!(parse(&src, Limits::default()).is_err());
        assert!(matches!(
            recover(&src, Limits::default()),
            None | Some(Recovery::Unread(_))
        ));
    }
}
