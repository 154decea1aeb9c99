//! A tree (as read from a workbook) written as a YAML self-assessment, for `carecheck
//! convert --to yaml`. Blank cells are left out (absent is not reported, as blank is).

use carecheck_core::node::{Node, NodeKind};

/// Text written plain when nothing in it could be read as something else by YAML.
fn scalar(s: &str) -> String {
    let special = matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n" | ""
    );
    let numeric = s.parse::<f64>().is_ok() || s.starts_with(['-', '+', '.']) && s[1..].parse::<f64>().is_ok();
    let plain = !special
        && !numeric
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || " _-.:/()".contains(c))
        && !s.contains(": ")
        && !s.ends_with(':')
        && !s.ends_with(' ');
    if plain {
        s.to_string()
    } else {
        // JSON's double-quoted string is YAML's too
        serde_json_string(s)
    }
}

fn serde_json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn inline(n: &Node) -> Option<String> {
    Some(match &n.kind {
        NodeKind::Null => "null".into(),
        NodeKind::Bool(b) => b.to_string(),
        NodeKind::Int(i) => i.to_string(),
        NodeKind::Float(f) => {
            let s = f.to_string();
            if s.contains(['.', 'e', 'E']) || !f.is_finite() {
                s
            } else {
                format!("{s}.0")
            }
        }
        NodeKind::Str(s) => scalar(s),
        NodeKind::Seq(items)
            if items
                .iter()
                .all(|i| !matches!(i.kind, NodeKind::Seq(_) | NodeKind::Map(_))) =>
        {
            format!("[{}]", items.iter().filter_map(inline).collect::<Vec<_>>().join(", "))
        }
        _ => return None,
    })
}

fn block(n: &Node, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent);
    match &n.kind {
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                if v.kind == NodeKind::Null {
                    continue;
                }
                match inline(v) {
                    Some(s) => out.push_str(&format!("{pad}{}: {s}\n", k.name)),
                    None => {
                        out.push_str(&format!("{pad}{}:\n", k.name));
                        block(v, indent + 1, out);
                    }
                }
            }
        }
        NodeKind::Seq(items) => {
            for item in items {
                match inline(item) {
                    Some(s) => out.push_str(&format!("{pad}- {s}\n")),
                    None => {
                        let mut inner = String::new();
                        block(item, indent + 1, &mut inner);
                        // the first line's indentation becomes the dash
                        let first = inner.get(pad.len()..).unwrap_or("").to_string();
                        out.push_str(&format!("{pad}- {}", first.trim_start()));
                        if first.trim_start().is_empty() {
                            out.push_str("{}\n");
                        }
                    }
                }
            }
        }
        _ => {
            if let Some(s) = inline(n) {
                out.push_str(&format!("{pad}{s}\n"));
            }
        }
    }
}

/// The YAML text of a self-assessment tree.
pub fn to_yaml(root: &Node, source_name: &str) -> String {
    let mut out = format!("# Self-assessment converted from {source_name} by `carecheck convert`.\n");
    block(root, 0, &mut out);
    out
}
