//! A mistake in how the program was asked to run: a flag, a `--param`, a config file. Each
//! is a value until it is printed, so a front end other than this one (an editor, a page)
//! can say the same thing in its own way; the words are those the program prints.

use std::fmt;

use carecheck_core::node::did_you_mean_words;

/// What was wrong with the command line or the config file it named.
#[derive(Debug)]
pub enum UsageError {
    /// `--as-of` was not a date.
    AsOfNotADate(String),
    /// A `--select` or `--ignore` word names no standard, id prefix or test.
    UnknownSelector {
        /// The word as given.
        word: String,
        /// The nearest known id, if one is near.
        hint: Option<String>,
    },
    /// The config file could not be read.
    ConfigUnreadable {
        /// The config file's path, as given.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The config file is not TOML.
    ConfigMalformed {
        /// The config file's path, as given.
        path: String,
        /// The TOML reader's first problem.
        message: String,
    },
    /// A `[parameters]` entry is a table or a list, not a number or a word.
    ConfigParameterNotScalar {
        /// The config file's path, as given.
        path: String,
        /// The parameter's name.
        name: String,
    },
    /// The config file has a table other than `[parameters]`.
    ConfigUnknownTable {
        /// The config file's path, as given.
        path: String,
        /// The table's name.
        name: String,
        /// `parameters`, when the name is near it.
        hint: Option<String>,
    },
    /// A `--param` without `=`.
    ParamWithoutValue(String),
    /// A `--format` name that is not one of the check's formats.
    UnknownFormat {
        /// The name as given.
        name: String,
        /// The nearest format's name, if one is near.
        hint: Option<String>,
        /// Every format's name, in order.
        available: Vec<String>,
    },
    /// Two `--format`s name the same file.
    TwoFormatsOneFile(String),
    /// Two `--format`s write to standard output.
    TwoFormatsOnStandardOutput,
    /// A report file could not be created.
    ReportUnwritable {
        /// The report's path, as given.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::AsOfNotADate(s) => write!(f, "--as-of `{s}` is not a date; write YYYY-MM-DD"),
            UsageError::UnknownSelector { word, hint } => write!(
                f,
                "`{word}` is neither a standard id, an id prefix such as CARE-, nor a test id{}",
                did_you_mean_words(hint.as_deref())
            ),
            UsageError::ConfigUnreadable { path, source } => write!(f, "cannot read config `{path}`: {source}"),
            UsageError::ConfigMalformed { path, message } => write!(f, "config `{path}`: {message}"),
            UsageError::ConfigParameterNotScalar { path, name } => {
                write!(f, "config `{path}`: parameters.{name} must be a number or a word")
            }
            UsageError::ConfigUnknownTable { path, name, hint } => {
                write!(
                    f,
                    "config `{path}`: unknown table `{name}`{}",
                    did_you_mean_words(hint.as_deref())
                )
            }
            UsageError::ParamWithoutValue(p) => write!(f, "--param `{p}`: expected NAME=VALUE"),
            UsageError::UnknownFormat { name, hint, available } => write!(
                f,
                "unknown --format `{name}`{}; available: {}",
                did_you_mean_words(hint.as_deref()),
                available.join(", ")
            ),
            UsageError::TwoFormatsOneFile(p) => write!(f, "two formats ask to write `{p}`; give each its own file"),
            UsageError::TwoFormatsOnStandardOutput => {
                f.write_str("two formats ask for standard output; give one of them a file: --format json:report.json")
            }
            UsageError::ReportUnwritable { path, source } => write!(f, "cannot write `{path}`: {source}"),
        }
    }
}

impl std::error::Error for UsageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            UsageError::ConfigUnreadable { source, .. } | UsageError::ReportUnwritable { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mistake_reads_as_the_program_has_always_printed_it() {
        let cases = [
            (UsageError::AsOfNotADate("2026-13-01".into()), "--as-of `2026-13-01` is not a date; write YYYY-MM-DD"),
            (
                UsageError::UnknownSelector { word: "CAER-001".into(), hint: Some("CARE-001".into()) },
                "`CAER-001` is neither a standard id, an id prefix such as CARE-, nor a test id (did you mean `CARE-001`?)",
            ),
            (
                UsageError::UnknownSelector { word: "zzz".into(), hint: None },
                "`zzz` is neither a standard id, an id prefix such as CARE-, nor a test id",
            ),
            (
                UsageError::ConfigParameterNotScalar { path: "c.toml".into(), name: "days".into() },
                "config `c.toml`: parameters.days must be a number or a word",
            ),
            (
                UsageError::ConfigUnknownTable { path: "c.toml".into(), name: "paramters".into(), hint: Some("parameters".into()) },
                "config `c.toml`: unknown table `paramters` (did you mean `parameters`?)",
            ),
            (UsageError::ParamWithoutValue("days".into()), "--param `days`: expected NAME=VALUE"),
            (
                UsageError::UnknownFormat {
                    name: "jsno".into(),
                    hint: Some("json".into()),
                    available: vec!["human".into(), "json".into()],
                },
                "unknown --format `jsno` (did you mean `json`?); available: human, json",
            ),
            (
                UsageError::TwoFormatsOneFile("r.json".into()),
                "two formats ask to write `r.json`; give each its own file",
            ),
            (
                UsageError::TwoFormatsOnStandardOutput,
                "two formats ask for standard output; give one of them a file: --format json:report.json",
            ),
        ];
        for (error, words) in cases {
            assert_eq!(error.to_string(), words);
        }
        let unreadable = UsageError::ConfigUnreadable {
            path: "c.toml".into(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        };
        assert!(unreadable.to_string().starts_with("cannot read config `c.toml`: "));
        assert!(std::error::Error::source(&unreadable).is_some());
    }
}
