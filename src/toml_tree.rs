//! TOML text to a [`Node`] tree, keeping every key's and value's byte span.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::node::{Key, Node, NodeKind, Problem};
use crate::source::Span;

/// Parse a TOML document. Every syntax error is returned, not only the first.
pub fn parse(text: &str) -> Result<Node, Vec<Problem>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|e| {
                let r = e.span().unwrap_or(0..0);
                Problem::new(
                    format!("TOML syntax error: {}", e.message().trim()),
                    Span::new(r.start, r.end),
                )
                .help("see https://toml.io for the syntax; text values need \"quotes\"")
            })
            .collect());
    }
    let span = table.span();
    Ok(Node {
        kind: table_kind(table.into_inner()),
        span: Span::new(span.start, span.end),
    })
}

fn table_kind(t: DeTable<'_>) -> NodeKind {
    NodeKind::Map(
        t.into_iter()
            .map(|(k, v)| {
                let ks = k.span();
                (
                    Key {
                        name: k.into_inner().into_owned(),
                        span: Span::new(ks.start, ks.end),
                    },
                    convert(v),
                )
            })
            .collect(),
    )
}

fn convert(v: Spanned<DeValue<'_>>) -> Node {
    let r = v.span();
    let span = Span::new(r.start, r.end);
    let kind = match v.into_inner() {
        DeValue::String(s) => NodeKind::Str(s.into_owned()),
        DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
            Ok(n) => NodeKind::Int(n),
            Err(_) => NodeKind::Str(i.as_str().to_string()),
        },
        DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
            Ok(x) => NodeKind::Float(x),
            Err(_) => NodeKind::Str(f.as_str().to_string()),
        },
        DeValue::Boolean(b) => NodeKind::Bool(b),
        DeValue::Datetime(d) => NodeKind::Str(d.to_string()),
        DeValue::Array(a) => NodeKind::Seq(a.into_iter().map(convert).collect()),
        DeValue::Table(t) => table_kind(t),
    };
    Node { kind, span }
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
    fn reports_syntax_errors() {
        let e = parse("a = \n b = [").unwrap_err();
        assert!(!e.is_empty());
    }
}
