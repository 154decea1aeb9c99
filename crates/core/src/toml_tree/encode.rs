//! TOML text to a compact byte form of the spanned tree, which `toml_tree` reads back.
//!
//! This file is compiled twice: into the build script, which encodes the shipped standards
//! once so that the program does not parse their TOML at every start, and into the crate,
//! where every other TOML text goes through the same encoding. One conversion from the TOML
//! parser's values serves both, so a prebuilt tree cannot differ from a parsed one. It uses
//! nothing but `toml` and `std` for that reason.
//!
//! The form, in order: a node is its span's start and end (LEB128), a tag byte and the
//! payload: a boolean's byte; an integer's or a float's 8 bytes, little-endian; a text's
//! length and bytes; a list's length and its nodes; a table's length and, per entry, the
//! key's length, bytes, span start and end, then the value's node.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Tags of the encoded nodes.
pub(crate) const TAG_BOOL: u8 = 1;
pub(crate) const TAG_INT: u8 = 2;
pub(crate) const TAG_FLOAT: u8 = 3;
pub(crate) const TAG_STR: u8 = 4;
pub(crate) const TAG_SEQ: u8 = 5;
pub(crate) const TAG_MAP: u8 = 6;

/// One syntax error: the parser's message and the byte range it points at.
#[derive(Debug)]
pub struct SyntaxError {
    /// What is wrong, in the TOML parser's words.
    pub message: String,
    /// Where it starts, in bytes.
    pub start: usize,
    /// Where it ends, in bytes.
    pub end: usize,
}

/// Encode a TOML document, or give every syntax error in it (not only the first).
pub fn encode(text: &str) -> Result<Vec<u8>, Vec<SyntaxError>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|e| {
                let r = e.span().unwrap_or(0..0);
                SyntaxError {
                    message: e.message().trim().to_string(),
                    start: r.start,
                    end: r.end,
                }
            })
            .collect());
    }
    // about a third of the text's length, from the shipped standards
    let mut out = Vec::with_capacity(text.len() / 2);
    let span = table.span();
    span_of(&mut out, span.start, span.end);
    table_of(&mut out, table.into_inner());
    Ok(out)
}

fn uint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn span_of(out: &mut Vec<u8>, start: usize, end: usize) {
    uint(out, start);
    uint(out, end);
}

fn text(out: &mut Vec<u8>, s: &str) {
    uint(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn table_of(out: &mut Vec<u8>, t: DeTable<'_>) {
    out.push(TAG_MAP);
    uint(out, t.len());
    for (k, v) in t {
        let ks = k.span();
        text(out, k.get_ref());
        span_of(out, ks.start, ks.end);
        value(out, v);
    }
}

fn value(out: &mut Vec<u8>, v: Spanned<DeValue<'_>>) {
    let r = v.span();
    span_of(out, r.start, r.end);
    match v.into_inner() {
        DeValue::String(s) => {
            out.push(TAG_STR);
            text(out, &s);
        }
        // a number that does not fit is kept as its text, for the decoder to report
        DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            Ok(n) => {
                out.push(TAG_INT);
                out.extend_from_slice(&n.to_le_bytes());
            }
            Err(_) => {
                out.push(TAG_STR);
                text(out, i.as_str());
            }
        },
        DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
            Ok(x) => {
                out.push(TAG_FLOAT);
                out.extend_from_slice(&x.to_bits().to_le_bytes());
            }
            Err(_) => {
                out.push(TAG_STR);
                text(out, f.as_str());
            }
        },
        DeValue::Boolean(b) => {
            out.push(TAG_BOOL);
            out.push(u8::from(b));
        }
        // dates are text until the schema types them
        DeValue::Datetime(d) => {
            out.push(TAG_STR);
            text(out, &d.to_string());
        }
        DeValue::Array(a) => {
            out.push(TAG_SEQ);
            uint(out, a.len());
            for item in a {
                value(out, item);
            }
        }
        DeValue::Table(t) => table_of(out, t),
    }
}
