//! Progress against a previous report: every finding new or persisting, and the ones
//! gone listed as resolved.
//!
//! Findings are matched by fingerprint (what a finding is about, never where it stands),
//! counted: a fingerprint found twice before and three times now is one new finding, and
//! found twice before and once now is one resolved. Files are matched by provider URN, or
//! by path when a file has none. A URN that names more than one file (in the baseline, or in
//! this run) does not say which provider is which, so those files are matched by path, and
//! then by file name, and never merged into one. The baseline is a JSON report of
//! `carecheck check --format json`, so yesterday's CI artefact is today's baseline.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use crate::check::FileResult;
use crate::finding::BaselineState;

/// A finding of the baseline that is no longer found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolved {
    /// Standard id or built-in code.
    pub standard: String,
    /// The baseline's message.
    pub message: String,
    /// The baseline's outcome (`fail`, `not_reported`, `waived`).
    pub outcome: String,
    /// The finding's fingerprint.
    pub fingerprint: String,
}

/// Why a report's text cannot be a baseline. It reads after "the baseline `PATH`", which
/// [`LoadError`] puts before it, so the command line says which file is wrong.
#[derive(Debug)]
pub enum ParseError {
    /// The text is not JSON.
    NotJson(serde_json::Error),
    /// It is JSON with no `files` list: some other JSON file.
    NoFiles,
    /// A finding has no fingerprint: the report was made by a version that wrote none, and
    /// cannot be matched against.
    NoFingerprint,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::NotJson(e) => {
                write!(
                    f,
                    "is not a carecheck JSON report ({e}); make one with --format json:FILE"
                )
            }
            ParseError::NoFiles => f.write_str("has no `files`: is it a carecheck JSON report?"),
            ParseError::NoFingerprint => {
                f.write_str("has findings without a fingerprint: make it again with this version")
            }
        }
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ParseError::NotJson(e) => Some(e),
            ParseError::NoFiles | ParseError::NoFingerprint => None,
        }
    }
}

/// Why `--baseline PATH` cannot be used: the file, named, and what is wrong with it.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read.
    Unreadable {
        /// The path as given.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file was read, but its text is not a baseline.
    Invalid {
        /// The path as given.
        path: String,
        /// What is wrong with its text.
        problem: ParseError,
    },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Unreadable { path, source } => write!(f, "cannot read the baseline `{path}`: {source}"),
            LoadError::Invalid { path, problem } => write!(f, "the baseline `{path}` {problem}"),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Unreadable { source, .. } => Some(source),
            LoadError::Invalid { problem, .. } => Some(problem),
        }
    }
}

/// One file of the baseline.
#[derive(Debug, Default)]
struct Entry {
    path: String,
    /// How to name it to a person.
    label: String,
    findings: Vec<Resolved>,
}

/// The findings of a previous report, by file.
#[derive(Debug, Default)]
pub struct Baseline {
    /// Each file of the baseline, in its order.
    entries: Vec<Entry>,
    /// The entries of each URN.
    by_urn: HashMap<String, Vec<usize>>,
    /// The entries without a URN, by path.
    by_path: HashMap<String, usize>,
    /// The paths of this run's files, when known: a baseline file whose path is still in
    /// the run is that file's, never another file's that shares its URN.
    run_paths: HashSet<String>,
}

/// The key a file is matched by: its URN, else its path.
pub fn file_key(urn: Option<&str>, path: &str) -> String {
    match urn {
        Some(u) if !u.trim().is_empty() => format!("urn:{}", u.trim()),
        _ => format!("path:{path}"),
    }
}

fn urn_of(urn: Option<&str>) -> Option<&str> {
    urn.map(str::trim).filter(|u| !u.is_empty())
}

/// How many parts two paths share at their end (`q2/north/home.yaml` and
/// `q3/north/home.yaml`: 2).
fn common_tail(a: &str, b: &str) -> usize {
    a.rsplit(['/', '\\'])
        .zip(b.rsplit(['/', '\\']))
        .take_while(|(x, y)| x == y)
        .count()
}

impl Baseline {
    /// Read a JSON report.
    pub fn load(path: &str) -> Result<Baseline, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Unreadable {
            path: path.to_string(),
            source,
        })?;
        Baseline::parse(&text).map_err(|problem| LoadError::Invalid {
            path: path.to_string(),
            problem,
        })
    }

    /// Parse a JSON report's text.
    pub fn parse(text: &str) -> Result<Baseline, ParseError> {
        let v: Value = serde_json::from_str(text).map_err(ParseError::NotJson)?;
        let Some(files) = v.get("files").and_then(Value::as_array) else {
            return Err(ParseError::NoFiles);
        };
        let mut out = Baseline::default();
        for f in files {
            let path = f.get("path").and_then(Value::as_str).unwrap_or("");
            let urn = urn_of(f.pointer("/provider/urn").and_then(Value::as_str));
            let name = f.pointer("/provider/name").and_then(Value::as_str).unwrap_or("");
            let mut label = path.to_string();
            if !name.is_empty() {
                label.push_str(&format!(" ({name}"));
                label.push_str(&urn.map(|u| format!(", URN {u})")).unwrap_or_else(|| ")".into()));
            } else if let Some(u) = urn {
                label.push_str(&format!(" (URN {u})"));
            }
            let mut list = Vec::new();
            for x in f
                .get("findings")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice)
            {
                let s = |k: &str| x.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                let fp = s("fingerprint");
                if fp.is_empty() {
                    return Err(ParseError::NoFingerprint);
                }
                list.push(Resolved {
                    standard: s("standard"),
                    message: s("message"),
                    outcome: s("outcome"),
                    fingerprint: fp,
                });
            }
            // a report of an earlier version gave look-alike findings one fingerprint:
            // numbered here as this version numbers them (the report lists a file's findings
            // in the order they are numbered), so they keep matching; a later report's are
            // already distinct, and this changes nothing
            let mut seen: HashMap<String, u32> = HashMap::new();
            for r in &mut list {
                let n = seen.entry(r.fingerprint.clone()).or_insert(0);
                if *n > 0 {
                    r.fingerprint = crate::finding::occurrence(&r.fingerprint, *n);
                }
                *n += 1;
            }
            let i = out.entries.len();
            match urn {
                Some(u) => out.by_urn.entry(u.to_string()).or_default().push(i),
                None => {
                    // the same path twice is one file reported twice: the first is kept
                    if out.by_path.contains_key(path) {
                        continue;
                    }
                    out.by_path.insert(path.to_string(), i);
                }
            }
            out.entries.push(Entry {
                path: path.to_string(),
                label,
                findings: list,
            });
        }
        Ok(out)
    }

    /// Tell the baseline the paths of this run's files (as [`FileResult::path`] gives them),
    /// so that a baseline file still present in the run is matched to it alone.
    pub fn set_run_paths<I: IntoIterator<Item = String>>(&mut self, paths: I) {
        self.run_paths = paths.into_iter().collect();
    }

    /// The URNs that name more than one file of the baseline, with how many: those files
    /// are matched by path or file name, which the user should be told.
    pub fn duplicate_urns(&self) -> Vec<(String, usize)> {
        let mut v: Vec<(String, usize)> = self
            .by_urn
            .iter()
            .filter(|(_, e)| e.len() > 1)
            .map(|(u, e)| (u.clone(), e.len()))
            .collect();
        v.sort();
        v
    }

    /// The baseline file that a file of this run (its URN and path) is matched to, as an
    /// index, if any. By URN when exactly one baseline file has it and that file is not
    /// another file of this run; among several with one URN, by path, then by the longest
    /// tail of the path (the file name, its folder...) only one of them shares; without a
    /// URN, by path.
    pub fn matched(&self, urn: Option<&str>, path: &str) -> Option<usize> {
        let Some(u) = urn_of(urn) else {
            return self.by_path.get(path).copied();
        };
        let cands = self.by_urn.get(u)?;
        if let Some(&i) = cands.iter().find(|&&i| self.entries[i].path == path) {
            return Some(i);
        }
        // a file the run still has is that file's own baseline, whatever this one's URN
        let free: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&i| !self.run_paths.contains(&self.entries[i].path))
            .collect();
        if cands.len() == 1 {
            return free.first().copied();
        }
        // the candidate sharing the longest tail of the path (`north/home.yaml` in
        // q2/north/home.yaml and q3/north/home.yaml), when one alone does
        let tail = |i: usize| common_tail(&self.entries[i].path, path);
        let best = free.iter().map(|&i| tail(i)).max().unwrap_or(0);
        let mut top = free.iter().copied().filter(|&i| best > 0 && tail(i) == best);
        match (top.next(), top.next()) {
            (Some(i), None) => Some(i),
            _ => None,
        }
    }

    /// The baseline's providers that no file of this run was matched to (`seen`: the
    /// indices [`Baseline::matched`] gave), named as a person knows them, in the baseline's
    /// order: a provider that did not resubmit must not pass unnoticed.
    pub fn missing(&self, seen: &HashSet<usize>) -> Vec<String> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(i, _)| !seen.contains(i))
            .map(|(_, e)| e.label.clone())
            .collect()
    }

    /// Mark a file's findings new or persisting, and list the baseline's findings it no
    /// longer has. A file the baseline does not hold has only new findings. Fingerprints are
    /// counted, not merely compared: each baseline finding vouches for one finding now.
    pub fn apply(&self, r: &mut FileResult) {
        let before: &[Resolved] = self
            .matched(r.urn.as_deref(), &r.path)
            .map_or(&[], |i| self.entries[i].findings.as_slice());
        let mut left: HashMap<&str, usize> = HashMap::new();
        for p in before {
            *left.entry(p.fingerprint.as_str()).or_insert(0) += 1;
        }
        for f in &mut r.findings {
            let state = match left.get_mut(f.fingerprint.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    BaselineState::Persisting
                }
                _ => BaselineState::New,
            };
            f.baseline = Some(state);
        }
        // what is left over was found before and is not now
        let mut resolved = Vec::new();
        for p in before {
            if let Some(n) = left.get_mut(p.fingerprint.as_str()) {
                if *n > 0 {
                    *n -= 1;
                    resolved.push(p.clone());
                }
            }
        }
        r.resolved = Some(resolved);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_match_by_urn_then_path() {
        assert_eq!(file_key(Some("SC1"), "a.yaml"), "urn:SC1");
        assert_eq!(file_key(None, "a.yaml"), "path:a.yaml");
        assert_eq!(file_key(Some(" "), "a.yaml"), "path:a.yaml");
    }

    #[test]
    fn one_urn_on_two_files_is_matched_by_path_then_file_name_never_merged() {
        let b = Baseline::parse(
            r#"{"files":[
            {"path":"q2/a.yaml","provider":{"urn":"SC9"},"findings":[{"standard":"X","fingerprint":"1"}]},
            {"path":"q2/b.yaml","provider":{"urn":"SC9"},"findings":[{"standard":"X","fingerprint":"2"}]},
            {"path":"q2/c.yaml","provider":{"urn":"SC8"},"findings":[]}]}"#,
        )
        .unwrap();
        assert_eq!(b.duplicate_urns(), vec![("SC9".to_string(), 2)]);
        assert_eq!(b.matched(Some("SC9"), "q2/b.yaml"), Some(1));
        assert_eq!(b.matched(Some("SC9"), "q3/a.yaml"), Some(0));
        assert_eq!(b.matched(Some("SC9"), "q3/z.yaml"), None);
        // a URN on one file follows the file wherever it moved
        assert_eq!(b.matched(Some("SC8"), "q3/renamed.yaml"), Some(2));
        assert_eq!(b.matched(None, "q2/c.yaml"), None);
        // two files of one name in two folders: the folder tells them apart
        let b = Baseline::parse(
            r#"{"files":[
            {"path":"q2/north/home.yaml","provider":{"urn":"SC7"},"findings":[]},
            {"path":"q2/south/home.yaml","provider":{"urn":"SC7"},"findings":[]}]}"#,
        )
        .unwrap();
        assert_eq!(b.matched(Some("SC7"), "q3/south/home.yaml"), Some(1));
        assert_eq!(b.matched(Some("SC7"), "q3/home.yaml"), None);
    }

    #[test]
    fn an_earlier_versions_look_alike_fingerprints_are_numbered_as_now() {
        let b = Baseline::parse(
            r#"{"files":[{"path":"a.yaml","findings":[
            {"standard":"X","fingerprint":"00000000000000aa"},
            {"standard":"X","fingerprint":"00000000000000aa"}]}]}"#,
        )
        .unwrap();
        let fps: Vec<&str> = b.entries[0].findings.iter().map(|r| r.fingerprint.as_str()).collect();
        assert_eq!(
            fps,
            [
                "00000000000000aa",
                crate::finding::occurrence("00000000000000aa", 1).as_str()
            ]
        );
    }

    #[test]
    fn a_report_without_fingerprints_is_refused() {
        let e = Baseline::parse(r#"{"files":[{"path":"a","findings":[{"standard":"X"}]}]}"#).unwrap_err();
        assert!(matches!(e, ParseError::NoFingerprint));
        assert!(e.to_string().contains("fingerprint"));
        assert!(matches!(Baseline::parse("[]"), Err(ParseError::NoFiles)));
        assert!(matches!(Baseline::parse("nope"), Err(ParseError::NotJson(_))));
    }

    /// The messages are the command line's: the file named, then what is wrong with it.
    #[test]
    fn load_errors_name_the_file() {
        let e = Baseline::load("/nonexistent/baseline.json").unwrap_err();
        assert!(matches!(e, LoadError::Unreadable { .. }));
        assert!(
            e.to_string()
                .starts_with("cannot read the baseline `/nonexistent/baseline.json`: "),
            "{e}"
        );
        let dir = std::env::temp_dir().join(format!("carecheck-baseline-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("old.json");
        std::fs::write(&path, "{}").unwrap();
        let path = path.to_string_lossy().into_owned();
        let e = Baseline::load(&path).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("the baseline `{path}` has no `files`: is it a carecheck JSON report?")
        );
        assert!(std::error::Error::source(&e).is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
