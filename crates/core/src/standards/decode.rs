//! A small helper for decoding a [`Node`] mapping by hand while collecting every problem:
//! wrong types, missing keys, unknown keys with a did-you-mean.

use crate::node::{did_you_mean, Key, Node, NodeKind, Problem};
use crate::source::Span;

/// A mapping being decoded; remembers which keys were read so the rest are reported as
/// unknown.
pub struct MapReader<'a> {
    entries: &'a [(Key, Node)],
    used: Vec<bool>,
    /// Where the mapping stands.
    pub span: Span,
    /// The mapping's name in messages (`standard`, `citation`, `examples[1]`).
    pub what: String,
}

impl<'a> MapReader<'a> {
    /// Start reading a node that should be a mapping.
    pub fn new(node: &'a Node, what: &str, problems: &mut Vec<Problem>) -> Option<Self> {
        match &node.kind {
            NodeKind::Map(entries) => Some(MapReader {
                entries,
                used: vec![false; entries.len()],
                span: node.span,
                what: what.to_string(),
            }),
            _ => {
                problems.push(
                    Problem::new(
                        format!("{what}: expected a table, found {}", node.type_name()),
                        node.span,
                    )
                    .label("expected a table"),
                );
                None
            }
        }
    }

    /// Take a key's node.
    pub fn take(&mut self, key: &str) -> Option<&'a Node> {
        let i = self.entries.iter().position(|(k, _)| k.name == key)?;
        self.used[i] = true;
        Some(&self.entries[i].1)
    }

    /// The span of a key, if present.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.entries.iter().find(|(k, _)| k.name == key).map(|(k, _)| k.span)
    }

    /// True when the key is present.
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k.name == key)
    }

    /// Take a required string.
    pub fn req_str(&mut self, key: &str, problems: &mut Vec<Problem>) -> Option<(String, Span)> {
        match self.take(key) {
            Some(n) => str_of(n, || format!("{}.{key}", self.what), problems),
            None => {
                problems.push(
                    Problem::new(format!("{}: `{key}` is missing", self.what), self.span)
                        .label(format!("this table needs `{key}`")),
                );
                None
            }
        }
    }

    /// Take a required string that must be one of the `allowed` words.
    pub fn req_word(&mut self, key: &str, allowed: &[&str], problems: &mut Vec<Problem>) -> Option<(String, Span)> {
        let word = self.req_str(key, problems);
        if let Some((w, span)) = &word {
            one_of(w, *span, allowed, key, problems);
        }
        word
    }

    /// Take an optional string.
    pub fn opt_str(&mut self, key: &str, problems: &mut Vec<Problem>) -> Option<(String, Span)> {
        let n = self.take(key)?;
        str_of(n, || format!("{}.{key}", self.what), problems)
    }

    /// Report every key that was not read, with the closest known key.
    pub fn finish(self, known: &[&str], problems: &mut Vec<Problem>) {
        self.finish_in(known, &[], problems);
    }

    /// As [`finish`](Self::finish), for a `[table]` of a file whose top level allows
    /// `parent` keys: a top-level key found here was almost surely written after the
    /// table's header, where TOML files it under the table.
    pub fn finish_in(self, known: &[&str], parent: &[&str], problems: &mut Vec<Problem>) {
        for ((k, _), used) in self.entries.iter().zip(self.used) {
            if !used {
                let mut p = Problem::new(format!("{}: unknown key `{}`", self.what, k.name), k.span)
                    .label("not a key of this table");
                if parent.contains(&k.name.as_str()) {
                    problems.push(p.label(format!("TOML reads this as part of [{}]", self.what)).help(format!(
                        "`{}` belongs to the standard itself, but in TOML every key after a `[{}]` header belongs to that table: move it above the first [table] header of the file",
                        k.name, self.what
                    )));
                    continue;
                }
                p = match did_you_mean(&k.name, known.iter().copied()) {
                    Some(s) => p.help(format!("did you mean `{s}`?")),
                    None => p.help(format!("keys allowed here: {}", known.join(", "))),
                };
                problems.push(p);
            }
        }
    }
}

/// A string node's text. `what` names the value for the message, and is built only when
/// there is one (every string of every standard passes through here at every start).
pub fn str_of(n: &Node, what: impl FnOnce() -> String, problems: &mut Vec<Problem>) -> Option<(String, Span)> {
    match &n.kind {
        NodeKind::Str(s) => Some((s.clone(), n.span)),
        _ => {
            problems.push(
                Problem::new(
                    format!("{}: expected text in \"quotes\", found {}", what(), n.type_name()),
                    n.span,
                )
                .label("expected text"),
            );
            None
        }
    }
}

/// A list of strings.
pub fn str_list(n: &Node, what: &str, problems: &mut Vec<Problem>) -> Vec<(String, Span)> {
    match &n.kind {
        NodeKind::Seq(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| str_of(it, || format!("{what}[{i}]"), problems))
            .collect(),
        _ => {
            problems.push(
                Problem::new(
                    format!(
                        "{what}: expected a list such as [\"a\", \"b\"], found {}",
                        n.type_name()
                    ),
                    n.span,
                )
                .label("expected a list"),
            );
            Vec::new()
        }
    }
}

/// A whole number.
pub fn int_of(n: &Node, what: &str, problems: &mut Vec<Problem>) -> Option<i64> {
    match n.kind {
        NodeKind::Int(i) => Some(i),
        _ => {
            problems.push(
                Problem::new(
                    format!("{what}: expected a whole number, found {}", n.type_name()),
                    n.span,
                )
                .label("expected a whole number"),
            );
            None
        }
    }
}

/// Check that a word is one of a set, with a did-you-mean.
pub fn one_of(word: &str, span: Span, allowed: &[&str], what: &str, problems: &mut Vec<Problem>) -> bool {
    if allowed.contains(&word) {
        return true;
    }
    let mut p = Problem::new(format!("{what}: `{word}` is not one of {}", allowed.join(", ")), span)
        .label("not an allowed value");
    if let Some(s) = did_you_mean(word, allowed.iter().copied()) {
        p = p.help(format!("did you mean `{s}`?"));
    }
    problems.push(p);
    false
}
