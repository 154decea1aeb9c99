//! TOML text to a [`Node`] tree, keeping every key's and value's byte span.

pub mod encode;

use crate::node::{Key, Node, NodeKind, Problem};
use crate::source::Span;
use encode::{TAG_BOOL, TAG_FLOAT, TAG_INT, TAG_MAP, TAG_SEQ, TAG_STR};

/// Parse a TOML document. Every syntax error is returned, not only the first.
pub fn parse(text: &str) -> Result<Node, Vec<Problem>> {
    match encode::encode(text) {
        Ok(bytes) => decode(&bytes).ok_or_else(|| {
            // the encoder and the decoder are one pair: this is a bug, said as one
            vec![Problem::new(
                "carecheck could not read back its own form of this TOML (a bug: please report it)",
                Span::new(0, 0),
            )]
        }),
        Err(errors) => Err(errors
            .into_iter()
            .map(|e| {
                Problem::new(format!("TOML syntax error: {}", e.message), Span::new(e.start, e.end))
                    .help("see https://toml.io for the syntax; text values need \"quotes\"")
            })
            .collect()),
    }
}

/// The tree of a document encoded before (by the build script, for the shipped standards);
/// `None` if the bytes are not a whole encoded tree.
pub fn decode(bytes: &[u8]) -> Option<Node> {
    let mut r = Reader { bytes, at: 0 };
    let node = r.node(0)?;
    (r.at == bytes.len()).then_some(node)
}

/// Deeper than any TOML the parser accepts; bounds the recursion on bytes that are not ours.
const MAX_DEPTH: usize = 256;

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn uint(&mut self) -> Option<usize> {
        let mut n = 0usize;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= usize::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn span(&mut self) -> Option<Span> {
        let start = self.uint()?;
        Some(Span::new(start, self.uint()?))
    }

    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }

    fn text(&mut self) -> Option<String> {
        let n = self.uint()?;
        std::str::from_utf8(self.take(n)?).ok().map(str::to_string)
    }

    fn eight(&mut self) -> Option<[u8; 8]> {
        self.take(8)?.try_into().ok()
    }

    /// A length, bounded by the bytes left (each item takes at least one), so a damaged
    /// length cannot reserve more memory than the input could fill.
    fn len(&mut self) -> Option<usize> {
        let n = self.uint()?;
        (n <= self.bytes.len() - self.at).then_some(n)
    }

    fn node(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let span = self.span()?;
        let kind = match self.byte()? {
            TAG_BOOL => NodeKind::Bool(self.byte()? != 0),
            TAG_INT => NodeKind::Int(i64::from_le_bytes(self.eight()?)),
            TAG_FLOAT => NodeKind::Float(f64::from_bits(u64::from_le_bytes(self.eight()?))),
            TAG_STR => NodeKind::Str(self.text()?),
            TAG_SEQ => {
                let n = self.len()?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.node(depth + 1)?);
                }
                NodeKind::Seq(items)
            }
            TAG_MAP => {
                let n = self.len()?;
                let mut entries = Vec::with_capacity(n);
                for _ in 0..n {
                    let name = self.text()?;
                    let key = Key {
                        name,
                        span: self.span()?,
                    };
                    entries.push((key, self.node(depth + 1)?));
                }
                NodeKind::Map(entries)
            }
            _ => return None,
        };
        Some(Node { kind, span })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_spans() {
        let text = "b = 1\na = \"x\"\n[t]\nd = 2026-01-01\n";
        let n = parse(text).unwrap();
        let NodeKind::Map(entries) = &n.kind else { panic!() };
        assert_eq!(entries[0].0.name, "b");
        let d = n.get("t").unwrap().get("d").unwrap();
        assert_eq!(d.kind, NodeKind::Str("2026-01-01".into()));
        assert_eq!(&text[d.span.start as usize..d.span.end as usize], "2026-01-01");
    }

    #[test]
    fn numbers_dates_and_nesting_keep_their_values_and_spans() {
        let text = "hex = 0x1F\nbig = 1_000\nhuge = 99999999999999999999\nf = 1e3\nup = inf\nyes = true\n\
                    when = 2026-01-01T10:00:00Z\nlist = [1, [\"é\", {a = 2}]]\n[[t]]\nx = 1\n[[t]]\n";
        let n = parse(text).unwrap();
        let kind = |k: &str| n.get(k).unwrap().kind.clone();
        assert_eq!(kind("hex"), NodeKind::Int(31));
        assert_eq!(kind("big"), NodeKind::Int(1000));
        // too big for a whole number: kept as its text, for the decoder to report
        assert_eq!(kind("huge"), NodeKind::Str("99999999999999999999".into()));
        assert_eq!(kind("f"), NodeKind::Float(1000.0));
        assert_eq!(kind("up"), NodeKind::Float(f64::INFINITY));
        assert_eq!(kind("yes"), NodeKind::Bool(true));
        assert_eq!(kind("when"), NodeKind::Str("2026-01-01T10:00:00Z".into()));
        let NodeKind::Seq(list) = kind("list") else { panic!() };
        let NodeKind::Seq(inner) = &list[1].kind else { panic!() };
        assert_eq!(inner[0].kind, NodeKind::Str("é".into()));
        assert_eq!(inner[1].get("a").unwrap().kind, NodeKind::Int(2));
        let NodeKind::Seq(tables) = kind("t") else { panic!() };
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].get("x").unwrap().kind, NodeKind::Int(1));
        // every key's and value's span is its own text
        let NodeKind::Map(entries) = &n.kind else { panic!() };
        for (key, value) in entries {
            assert!(text[key.span.start as usize..key.span.end as usize].contains(&key.name));
            assert!(!text[value.span.start as usize..value.span.end as usize].is_empty());
        }
    }

    #[test]
    fn deep_nesting_the_parser_accepts_reads_back() {
        let nested = |depth: usize| format!("a = {}1{}\n", "[".repeat(depth), "]".repeat(depth));
        let mut deepest = 0;
        for depth in 1..=MAX_DEPTH {
            if let Ok(bytes) = encode::encode(&nested(depth)) {
                assert!(decode(&bytes).is_some(), "depth {depth}");
                deepest = depth;
            }
        }
        assert!(deepest >= 10, "the parser accepts some nesting");
        // the decoder's own bound is beyond anything the parser lets through
        assert!(encode::encode(&nested(MAX_DEPTH)).is_err());
    }

    #[test]
    fn damaged_bytes_read_as_nothing_not_a_panic() {
        let bytes = encode::encode("a = [1, \"x\", {b = true}]\n[c]\nd = 1.5\n").unwrap();
        assert!(decode(&bytes).is_some());
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_decode_without_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            let _ = decode(&bytes);
        }
    }

    #[test]
    fn reports_syntax_errors() {
        let e = parse("a = \n b = [").unwrap_err();
        assert!(!e.is_empty());
    }
}
