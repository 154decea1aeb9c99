//! carecheck's workbook: the self-assessment as a spreadsheet a registered manager fills in
//! as any form, read back into the same spanned tree as the YAML file, so that both give the
//! same verdicts.
//!
//! - [`layout`] derives the sheets and columns from the schema (one truth for the three
//!   parts below);
//! - [`write`] writes the template for a kind of provider, or a self-assessment's values;
//! - [`read`] reads an xlsx or ods workbook into the tree, with every cell located;
//! - [`yaml_out`] writes a tree back as YAML, for `carecheck convert`.
#![deny(missing_docs)]
#![allow(clippy::result_large_err)]

pub mod layout;
pub mod read;
pub mod write;
pub mod yaml_out;

pub use read::{is_workbook, read, read_for_check};
