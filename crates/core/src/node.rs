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
        }
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
    if name.len() > SUGGEST_MAX_LEN {
        return None;
    }
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
        let limit = best.map_or(limit, |(bd, _)| limit.min(bd.saturating_sub(1)));
        if let Some(d) = edit_distance_within(&lower, &c.to_ascii_lowercase(), limit) {
            best = Some((d, c));
        }
        // `notify_hours` for `notify_without_delay_hours`: every word typed is in the name
        if by_words.is_none() && mine.len() >= 2 {
            let theirs = words(c);
            if mine.iter().all(|w| theirs.contains(w)) {
                by_words = Some(c);
            }
        }
    }
    best.map(|(_, c)| c).or(by_words)
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
}
