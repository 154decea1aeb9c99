//! Progress against a previous report: every finding new or persisting, and the ones
//! gone listed as resolved.
//!
//! Findings are matched by fingerprint (what a finding is about, never where it stands),
//! files by provider URN, or by path when a file has none. The baseline is a JSON report of
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

/// The findings of a previous report, by file.
#[derive(Debug, Default)]
pub struct Baseline {
    files: HashMap<String, Vec<Resolved>>,
    /// Each file of the baseline, in its order: its key, and how to name it to a person.
    providers: Vec<(String, String)>,
}

/// The key a file is matched by: its URN, else its path.
pub fn file_key(urn: Option<&str>, path: &str) -> String {
    match urn {
        Some(u) if !u.trim().is_empty() => format!("urn:{}", u.trim()),
        _ => format!("path:{path}"),
    }
}

impl Baseline {
    /// Read a JSON report.
    pub fn load(path: &str) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read the baseline `{path}`: {e}"))?;
        Baseline::parse(&text).map_err(|e| format!("the baseline `{path}` {e}"))
    }

    /// Parse a JSON report's text.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let v: Value = serde_json::from_str(text)
            .map_err(|e| format!("is not a carecheck JSON report ({e}); make one with --format json:FILE"))?;
        let Some(files) = v.get("files").and_then(Value::as_array) else {
            return Err("has no `files`: is it a carecheck JSON report?".into());
        };
        let mut out = Baseline::default();
        for f in files {
            let path = f.get("path").and_then(Value::as_str).unwrap_or("");
            let urn = f.pointer("/provider/urn").and_then(Value::as_str);
            let findings = f.get("findings").and_then(Value::as_array).cloned().unwrap_or_default();
            let key = file_key(urn, path);
            if !out.files.contains_key(&key) {
                let name = f.pointer("/provider/name").and_then(Value::as_str).unwrap_or("");
                let mut label = path.to_string();
                if !name.is_empty() {
                    label.push_str(&format!(" ({name}"));
                    label.push_str(&urn.map(|u| format!(", URN {u})")).unwrap_or_else(|| ")".into()));
                } else if let Some(u) = urn {
                    label.push_str(&format!(" (URN {u})"));
                }
                out.providers.push((key.clone(), label));
            }
            let list = out.files.entry(key).or_default();
            for x in findings {
                let s = |k: &str| x.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                let fp = s("fingerprint");
                if fp.is_empty() {
                    return Err("has findings without a fingerprint: make it again with this version".into());
                }
                list.push(Resolved {
                    standard: s("standard"),
                    message: s("message"),
                    outcome: s("outcome"),
                    fingerprint: fp,
                });
            }
        }
        Ok(out)
    }

    /// The baseline's providers that are not among `seen` (the keys, by [`file_key`], of
    /// this run's files), named as a person knows them, in the baseline's order: a provider
    /// that did not resubmit must not pass unnoticed.
    pub fn missing(&self, seen: &HashSet<String>) -> Vec<String> {
        self.providers
            .iter()
            .filter(|(k, _)| !seen.contains(k))
            .map(|(_, label)| label.clone())
            .collect()
    }

    /// Mark a file's findings new or persisting, and list the baseline's findings it no
    /// longer has. A file the baseline does not hold has only new findings.
    pub fn apply(&self, r: &mut FileResult) {
        let key = file_key(r.urn.as_deref(), &r.path);
        let before: &[Resolved] = self.files.get(&key).map_or(&[], Vec::as_slice);
        let was: HashSet<&str> = before.iter().map(|p| p.fingerprint.as_str()).collect();
        let now: HashSet<String> = r.findings.iter().map(|f| f.fingerprint.clone()).collect();
        for f in &mut r.findings {
            f.baseline = Some(if was.contains(f.fingerprint.as_str()) {
                BaselineState::Persisting
            } else {
                BaselineState::New
            });
        }
        r.resolved = Some(
            before
                .iter()
                .filter(|p| !now.contains(&p.fingerprint))
                .cloned()
                .collect(),
        );
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
    fn a_report_without_fingerprints_is_refused() {
        let e = Baseline::parse(r#"{"files":[{"path":"a","findings":[{"standard":"X"}]}]}"#).unwrap_err();
        assert!(e.contains("fingerprint"));
        assert!(Baseline::parse("[]").is_err());
    }
}
