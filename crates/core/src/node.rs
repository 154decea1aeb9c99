//! A generic tree of spanned values, the common ground of the YAML and TOML loaders.
//!
//! Both the self-assessment (YAML) and the standards (TOML) are first parsed into this
//! tree, then decoded by hand against what they should contain. Decoding by hand, rather
//! than through serde, is what lets a loader report every problem of a file in one run,
//! with a line, a column and a did-you-mean, instead of stopping at the first.

use crate::source::Span;

/// One value with the span of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub kind: NodeKind,
    /// Where it stands in the source.
    pub span: Span,
}

/// The shapes a value can take.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `null`, `~` or nothing at all.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// Text (and, in YAML, dates and timestamps, which the schema types later).
    Str(String),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key text.
    pub name: String,
    /// Where the key stands.
    pub span: Span,
}

impl Node {
    /// A short English name of the value's type, for messages ("found a list").
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "a true/false value",
            NodeKind::Int(_) => "a whole number",
            NodeKind::Float(_) => "a number",
            NodeKind::Str(_) => "text",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a group of fields",
        }
    }

    /// The value as it would be quoted in a message.
    pub fn describe(&self) -> String {
        match &self.kind {
            NodeKind::Null => "null".into(),
            NodeKind::Bool(b) => b.to_string(),
            NodeKind::Int(i) => i.to_string(),
            NodeKind::Float(f) => f.to_string(),
            NodeKind::Str(s) => {
                let short: String = s.chars().take(40).collect();
                let shown = crate::finding::printable(&short);
                if short.len() < s.len() {
                    format!("\"{shown}...\"")
                } else {
                    format!("\"{shown}\"")
                }
            }
            NodeKind::Seq(_) => "a list".into(),
            NodeKind::Map(_) => "a group of fields".into(),
        }
    }

    /// Look up a key of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string node.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// A problem found while loading a file: what, where, and what to do.
///
/// This is plain data; it becomes a miette diagnostic only when printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The message, starting with the logical path where there is one.
    pub message: String,
    /// The offending text.
    pub span: Span,
    /// The label under the offending text.
    pub label: String,
    /// What to do about it.
    pub help: Option<String>,
    /// A second place that matters (the first of two duplicate keys).
    pub related: Option<(Span, String)>,
    /// The logical path of the field concerned (`children[0].age_yaers`), for machines;
    /// the message names it in words.
    pub field: Option<String>,
    /// The change the did-you-mean describes, as data a program can apply (`check --fix`,
    /// an editor's quick fix); the help text is written from the same value.
    pub fix: Option<Fix>,
}

/// A replacement of the bytes `span` by `replacement`: what a did-you-mean says, as data.
///
/// Only an `exact` fix is ever applied by `check --fix`: one candidate, and a change that
/// rewrites how a value is spelt without changing what it says (`03/07/2026` is 3 July
/// 2026 in England; `yes` is `true`; `has advocate` is the field `has_advocate`). A guess
/// (a suggestion found by meaning, a ref that may name another child, `none` read as an
/// empty list, which turns "not reported" into a finding) is carried with `exact: false`,
/// so it is reported and an editor can offer it, but never applied unasked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The bytes to replace (the value or key as written, quotes included or not).
    pub span: Span,
    /// What to write there.
    pub replacement: String,
    /// Safe to apply without a person choosing: one candidate, the meaning unchanged.
    pub exact: bool,
}

impl Fix {
    /// A fix that `check --fix` applies.
    pub fn exact(span: Span, replacement: impl Into<String>) -> Self {
        Fix {
            span,
            replacement: replacement.into(),
            exact: true,
        }
    }

    /// A fix that is offered but never applied unasked.
    pub fn suggested(span: Span, replacement: impl Into<String>) -> Self {
        Fix {
            span,
            replacement: replacement.into(),
            exact: false,
        }
    }
}

impl Problem {
    /// A problem with a message and a span, labelled "here".
    pub fn new(message: impl Into<String>, span: Span) -> Self {
        Problem {
            message: message.into(),
            span,
            label: "here".into(),
            help: None,
            related: None,
            field: None,
            fix: None,
        }
    }

    /// Attach the change the help describes.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Set the logical path of the field concerned.
    pub fn field(mut self, path: impl Into<String>) -> Self {
        self.field = Some(path.into());
        self
    }

    /// The label under the offending text.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Set the help text.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Add a related span.
    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related = Some((span, label.into()));
        self
    }
}

/// Names longer than this are never typos of a field, a word or a ref: no suggestion is
/// looked for, which keeps a hostile megabyte-long key from costing quadratic time.
const SUGGEST_MAX_LEN: usize = 64;

/// The closest candidate to a misspelt name, if any is close enough to be a likely typo.
/// Linear in the candidates; each comparison is bounded by the names' lengths.
pub fn did_you_mean<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    suggest(name, candidates).map(|s| s.name)
}

/// A suggestion as every message words it, ready to follow the name it corrects:
/// `` (did you mean `age_years`?)``, or nothing when there is none.
pub fn did_you_mean_words(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// A did-you-mean, and whether it is the only one of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suggestion<'a> {
    /// The candidate suggested.
    pub name: &'a str,
    /// Found by spelling (a few letters apart), and no other candidate is as close: a fix
    /// can be applied without a person choosing. A suggestion found because it holds every
    /// word typed (`notify_hours`) is a guess.
    pub only_one: bool,
}

/// [`did_you_mean`] with whether the suggestion is the only candidate as close.
pub fn suggest<'a, I>(name: &str, candidates: I) -> Option<Suggestion<'a>>
where
    I: IntoIterator<Item = &'a str>,
{
    if name.len() > SUGGEST_MAX_LEN {
        return None;
    }
    // candidates as close as the best so far, with the best itself
    let mut ties = 0usize;
    let mut best: Option<(usize, &'a str)> = None;
    let mut by_words: Option<&'a str> = None;
    let words = |s: &str| -> Vec<String> {
        s.to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mine = words(name);
    let lower = name.to_ascii_lowercase();
    for c in candidates {
        if c.len() > SUGGEST_MAX_LEN || c == name {
            continue;
        }
        let limit = (c.len().max(name.len()) / 3).max(1);
        // as close as the best is a tie (counted, never suggested in its place)
        let limit = best.map_or(limit, |(bd, _)| limit.min(bd));
        if let Some(d) = edit_distance_within(&lower, &c.to_ascii_lowercase(), limit) {
            match best {
                Some((bd, _)) if d == bd => ties += 1,
                _ => {
                    best = Some((d, c));
                    ties = 0;
                }
            }
        }
        // `notify_hours` for `notify_without_delay_hours`: every word typed is in the name
        if by_words.is_none() && mine.len() >= 2 {
            let theirs = words(c);
            if mine.iter().all(|w| theirs.contains(w)) {
                by_words = Some(c);
            }
        }
    }
    match best {
        Some((_, c)) => Some(Suggestion {
            name: c,
            only_one: ties == 0,
        }),
        None => by_words.map(|c| Suggestion {
            name: c,
            only_one: false,
        }),
    }
}

/// Damerau-Levenshtein distance (optimal string alignment), so that swapped letters
/// (`age_yaers`) count as one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    edit_distance_within(a, b, usize::MAX).unwrap_or(usize::MAX)
}

/// The distance when it is at most `max`, else `None`: three rows of memory, skipped at
/// once when the lengths alone differ by more, and stopped as soon as a row exceeds it.
pub fn edit_distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    let mut prev2 = vec![0usize; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0usize; m + 1];
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[m]).filter(|d| *d <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("age_yaers", ["age_years", "ref"]), Some("age_years"));
        assert_eq!(did_you_mean_words(Some("age_years")), " (did you mean `age_years`?)");
        assert_eq!(did_you_mean_words(None), "");
        assert_eq!(did_you_mean("zzz", ["age_years", "ref"]), None);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance_within("kitten", "sitting", 2), None);
        // the name written is never suggested for itself
        assert_eq!(did_you_mean("ref", ["ref"]), None);
        // a hostile megabyte-long name costs nothing
        assert_eq!(did_you_mean(&"k".repeat(1_000_000), ["age_years"]), None);
        assert_eq!(
            did_you_mean("notify_hours", ["dbs_recheck_years", "notify_without_delay_hours"]),
            Some("notify_without_delay_hours")
        );
    }

    #[test]
    fn a_suggestion_knows_whether_it_is_the_only_one() {
        let s = suggest("has advocate", ["has_advocate", "advocate_offered"]).unwrap();
        assert_eq!((s.name, s.only_one), ("has_advocate", true));
        // two fields one letter away: the first is named, but it is a guess
        let s = suggest("dat", ["date", "data"]).unwrap();
        assert_eq!((s.name, s.only_one), ("date", false));
        // a closer one after a farther one is the only one
        let s = suggest("abcdefgh", ["abcdefxx", "abcdefgx"]).unwrap();
        assert_eq!((s.name, s.only_one), ("abcdefgx", true));
        // found by its words, not its spelling: a guess
        let s = suggest("notify_hours", ["notify_without_delay_hours"]).unwrap();
        assert!(!s.only_one);
    }
}
