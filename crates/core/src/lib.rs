//! carecheck's checker: the self-assessment format, the standards and the evaluator.
//!
//! A check flows through these modules in order (ARCHITECTURE.md draws it):
//!
//! 1. [`source`] holds a file's text and finds lines; [`yaml`] and [`toml_tree`] read YAML
//!    and TOML into one spanned [`node`] tree.
//! 2. [`schema`] is the self-assessment format's one truth; [`assessment`] loads a file
//!    against it, [`sanity`] and [`privacy`] look for dates and personal data that cannot be
//!    right.
//! 3. [`standards`] reads and compiles the standards (data, not code); [`engine`] evaluates
//!    them against a loaded file and gives [`finding`]s.
//! 4. [`check`] runs those steps on one file and returns the result as plain data;
//!    [`baseline`] marks it against an earlier run.
//!
//! [`selftest`] and [`lint`] run the standards' own examples and check a draft set; [`diff`]
//! says what adopting a draft set would change;
//! [`coverage`] reads the coverage map (which provisions of the regime the standards check).
//! [`kind`] names the kinds of provider, with their words; [`dates`], [`wording`] and
//! [`strings`] are helpers for the rest.
//!
//! It knows no command line, no threads, no allocator and no output format: the program
//! (the repository's root package) and `carecheck-report` are built on top of it.
#![deny(missing_docs)]
// A `Problem` carries a message, a label, a help and a field: a few hundred bytes at most,
// returned only when a file has something wrong. Boxing it would cost every caller for
// no gain on the path that matters.
#![allow(clippy::result_large_err)]

pub mod assessment;
pub mod baseline;
pub mod check;
pub mod compare;
pub mod coverage;
pub mod dates;
pub mod diff;
pub mod engine;
pub mod finding;
pub mod kind;
pub mod lint;
pub mod node;
pub mod privacy;
pub mod sanity;
pub mod schema;
pub mod selftest;
pub mod source;
pub mod standards;
pub mod strings;
pub mod toml_tree;
pub mod wording;
pub mod yaml;
