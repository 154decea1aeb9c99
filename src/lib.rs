//! carecheck: executable universal care standards for homes where children in care live.
#![deny(missing_docs)]
// A `Problem` carries a message, a label, a help and a field: a few hundred bytes at most,
// returned only when a file has something wrong. Boxing it would cost every caller for
// no gain on the path that matters.
#![allow(clippy::result_large_err)]

pub mod assessment;
pub mod baseline;
pub mod batch;
pub mod cli;
pub mod commands;
pub mod dates;
pub mod docgen;
pub mod engine;
pub mod finding;
pub mod lint;
pub mod node;
pub mod privacy;
pub mod report;
pub mod sanity;
pub mod schema;
pub mod selftest;
pub mod source;
pub mod standards;
pub mod strings;
pub mod toml_tree;
pub mod wording;
pub mod yaml;
