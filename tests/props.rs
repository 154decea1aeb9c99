//! Property tests: no input makes a loader or the evaluator panic, and a file's findings do
//! not depend on anything but the file.

use carecheck_core::assessment::{self, LoadOptions};
use carecheck_core::engine::Engine;
use carecheck_core::source::SourceFile;
use carecheck_core::standards::{self, SetFile, StandardSet};
use proptest::prelude::*;
use std::sync::OnceLock;

fn shipped() -> &'static StandardSet {
    static SET: OnceLock<StandardSet> = OnceLock::new();
    SET.get_or_init(|| carecheck_shipped::whole_set(&Vec::new()).expect("shipped set loads"))
}

fn examples() -> &'static [String] {
    static EX: OnceLock<Vec<String>> = OnceLock::new();
    EX.get_or_init(|| {
        let mut v: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        v.sort();
        v
    })
}

/// Load and, when it loads, evaluate with every shipped standard: must never panic.
fn check_text(text: &str) {
    let src = SourceFile::new("prop.yaml", text);
    if let Ok(a) = assessment::load(&src, &LoadOptions::default()) {
        let engine = Engine::new(shipped(), None);
        let as_of = a.as_of.unwrap_or(carecheck_core::dates::Date(20_000));
        let ev = engine.evaluate(&a, &src, as_of);
        for f in &ev.findings {
            assert!(f.line >= 1 && f.column >= 1);
            assert!((f.span.start as usize) <= text.len());
        }
    }
}

/// YAML-flavoured noise: indicators, indentation, scalars that look like dates and numbers.
fn yamlish() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("\n"),
        Just("  "),
        Just("- "),
        Just(": "),
        Just("{"),
        Just("}"),
        Just("["),
        Just("]"),
        Just(", "),
        Just("&a "),
        Just("*a"),
        Just("'"),
        Just("\""),
        Just("#"),
        Just("---\n"),
        Just("? "),
        Just("|\n"),
        Just("!!str "),
        Just("schema_version: 1\n"),
        Just("children:\n"),
        Just("ref: C-1"),
        Just("age_years"),
        Just("2026-06-30"),
        Just("2026-02-30"),
        Just("\"2026-02-03T19:40:00+00:00\""),
        Just("true"),
        Just("yes"),
        Just("null"),
        Just("~"),
        Just("12"),
        Just("-3"),
        Just("1e400"),
        Just("0x1F"),
        Just("é"),
        Just("\t"),
        Just("\r\n"),
        Just("\u{feff}"),
    ];
    proptest::collection::vec(atoms, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in ".{0,400}") {
        check_text(&s);
    }

    #[test]
    fn yaml_like_noise_never_panics(s in yamlish()) {
        check_text(&s);
    }

    #[test]
    fn mutated_examples_never_panic(which in 0usize..5, cuts in proptest::collection::vec((0usize..4000, 0usize..60, 0u8..4), 1..6)) {
        // Delete, duplicate or blank out slices of a real self-assessment: many mutants still
        // load and exercise the evaluator on unusual shapes.
        let mut t = examples()[which % examples().len()].clone();
        for (at, len, op) in cuts {
            let at = at % (t.len() + 1);
            let end = (at + len).min(t.len());
            if !t.is_char_boundary(at) || !t.is_char_boundary(end) { continue; }
            match op {
                0 => { t.replace_range(at..end, ""); }
                1 => { let piece = t[at..end].to_string(); t.insert_str(at, &piece); }
                2 => { t.replace_range(at..end, "null"); }
                _ => { t.replace_range(at..end, "\n"); }
            }
        }
        check_text(&t);
    }

    #[test]
    fn arbitrary_standard_files_never_panic(s in ".{0,300}", y in yamlish()) {
        // a standards set whose one standard file is noise, or TOML-shaped noise
        let mut files = vec![
            SetFile::new("set.toml", include_str!("../standards/set.toml")),
            SetFile::new("x/X-1-noise.toml", s),
            SetFile::new("x/X-2-noise.toml", format!("id = \"X-2\"\nrequire = {{ field = \"{}\", is = true }}\n[[examples]]\nyaml = \"\"\"\n{y}\n\"\"\"\n", y.replace('"', ""))),
        ];
        let _ = standards::load_partial(&files, "draft", &Vec::new());
        files.truncate(1);
        let _ = carecheck_core::lint::lint(&files, "draft");
    }

    #[test]
    fn findings_do_not_depend_on_other_files(a in 0usize..5, b in 0usize..5) {
        // checking a file alone, or after another, gives the same findings
        let ex = examples();
        let eval = |t: &str| {
            let src = SourceFile::new("f.yaml", t);
            let asm = assessment::load(&src, &LoadOptions::default()).unwrap();
            let engine = Engine::new(shipped(), None);
            engine.evaluate(&asm, &src, asm.as_of.unwrap()).findings
        };
        let alone = eval(&ex[a % ex.len()]);
        let _ = eval(&ex[b % ex.len()]);
        let again = eval(&ex[a % ex.len()]);
        prop_assert_eq!(alone, again);
    }
}

/// Every field of the format that holds a date, a time or a number (lists of them too).
fn dated_and_numbered_paths() -> &'static [String] {
    use carecheck_core::schema::{self, Ty};
    static P: OnceLock<Vec<String>> = OnceLock::new();
    P.get_or_init(|| {
        schema::all_paths()
            .iter()
            .filter(|p| {
                let mut ty = schema::lookup(p).map(|f| &f.ty);
                while let Some(Ty::List(inner)) = ty {
                    ty = Some(inner);
                }
                matches!(ty, Some(Ty::Date | Ty::Timestamp | Ty::Int { .. } | Ty::Num))
            })
            .cloned()
            .collect()
    })
}

/// A flow YAML value at `segs` below `obj`, each list as one item: `a: {b: [{c: V}]}`.
fn nest(obj: &carecheck_core::schema::Obj, segs: &[&str], value: &str) -> String {
    use carecheck_core::schema::Ty;
    let Some((seg, rest)) = segs.split_first() else {
        return value.to_string();
    };
    let Some(i) = obj.index(seg) else {
        return format!("{seg}: {value}");
    };
    let f = &obj.fields[i];
    if rest.is_empty() {
        return match &f.ty {
            Ty::List(_) => format!("{seg}: [{value}]"),
            _ => format!("{seg}: {value}"),
        };
    }
    match &f.ty {
        Ty::Obj(o) => format!("{seg}: {{{}}}", nest(o, rest, value)),
        Ty::List(inner) => match inner.as_ref() {
            Ty::Obj(o) => format!("{seg}: [{{{}}}]", nest(o, rest, value)),
            _ => format!("{seg}: {value}"),
        },
        _ => format!("{seg}: {value}"),
    }
}

/// Text a person may type where a date, a time or a number belongs: anything at all, or
/// the start of a real one with any characters after it (`2026-02-03T19:40:00+1é1`).
fn date_or_number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,24}",
        (
            "(2026-0[1-9]-[0-3][0-9]([T ][0-2][0-9]:[0-5][0-9](:[0-5][0-9])?)?)?[+:Z.-]?",
            "\\PC{0,6}",
            "[0-9:+-]{0,4}"
        )
            .prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        ("[0-9]{0,4}", "\\PC{0,3}", "[0-9%.,]{0,4}").prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        (
            "2026-02-03[T ]19:40(:00)?[+-]",
            "[0-9]{0,2}",
            "\\PC{0,2}",
            "[0-9:]{0,3}"
        )
            .prop_map(|(a, b, c, d)| format!("{a}{b}{c}{d}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Audit v3 B5: a multi-byte character in a time's offset panicked. Any text in any
    /// date, time or number field, quoted or plain, is a type error or a value, never a panic.
    #[test]
    fn any_text_in_a_date_time_or_number_field_never_panics(which in any::<prop::sample::Index>(), text in date_or_number_text(), quoted in any::<bool>()) {
        let paths = dated_and_numbered_paths();
        let path = &paths[which.index(paths.len())];
        let segs: Vec<&str> = path.split('.').collect();
        let value = if quoted {
            serde_json::to_string(&text).unwrap()
        } else {
            // plain, when it can be: one line, no flow indicators to end it early
            text.replace(['\n', '\r', ',', '[', ']', '{', '}', '#'], "")
        };
        let mut doc = String::from("schema_version: 1\n");
        if segs[0] != "assessment" {
            doc.push_str("assessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}\n");
        }
        if segs[0] != "provider" {
            doc.push_str("provider: {kind: childrens_home}\n");
        }
        doc.push_str(&nest(carecheck_core::schema::root(), &segs, &value));
        doc.push('\n');
        check_text(&doc);
    }
}
