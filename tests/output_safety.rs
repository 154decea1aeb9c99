//! What a file can put in the output cannot act on whoever reads it (audit v3, B7, B12, B17,
//! B19): no control character from a file reaches a terminal, a log or markup; no CSV cell
//! runs as a formula in a spreadsheet; no SARIF location points at another file. Each is
//! checked on every output the program writes, not only the one the audit named.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_carecheck"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env("NO_COLOR", "1").env("COLUMNS", "100");
    c
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every format of `check`, each written to a file of its own in `out`, by name; the
/// Markdown and HTML pages of a batch are appended to their overview.
const FORMATS: &[&str] = &[
    "human", "concise", "json", "github", "sarif", "junit", "markdown", "html", "csv",
];

/// `check` of `targets` (from the folder `cwd`) in every format.
fn check_every_format(cwd: &Path, targets: &[&str], out: &Path) -> Vec<(String, String)> {
    let mut c = bin();
    c.current_dir(cwd);
    c.arg("check").args(targets).args(["--color", "never"]);
    for f in FORMATS {
        c.arg("--format")
            .arg(format!("{f}:{}", out.join(format!("r.{f}")).display()));
    }
    let o = c.output().unwrap();
    assert!(o.status.code().is_some_and(|c| c <= 2), "{o:?}");
    let mut texts: Vec<(String, String)> = FORMATS
        .iter()
        .map(|f| {
            let mut text = String::from_utf8(std::fs::read(out.join(format!("r.{f}"))).unwrap()).unwrap();
            let ext = if *f == "markdown" { "md" } else { f };
            let mut pages: Vec<PathBuf> = std::fs::read_dir(out.join("r"))
                .map(|d| d.map(|e| e.unwrap().path()).collect())
                .unwrap_or_default();
            pages.retain(|p| p.extension().is_some_and(|e| e == ext));
            pages.sort();
            for p in pages {
                text.push_str(&std::fs::read_to_string(p).unwrap());
            }
            (f.to_string(), text)
        })
        .collect();
    texts.push(("stderr".into(), String::from_utf8_lossy(&o.stderr).into_owned()));
    // the summary and statistics tables, for a person and for a spreadsheet
    for tables in [
        &["--summary", "--statistics"][..],
        &["--summary", "--statistics", "--tables-csv"],
    ] {
        let o = bin()
            .current_dir(cwd)
            .arg("check")
            .args(targets)
            .args(["--format", "none"])
            .args(tables)
            .output()
            .unwrap();
        texts.push((
            format!("tables {tables:?}"),
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr),
        ));
    }
    texts
}

/// The control characters a file can hold that drive a terminal or end a line of markup:
/// C0 but the line break and the tab, DEL, and C1 (U+0085 ends a line, U+009B is a CSI).
fn is_hostile(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t' && c != '\r'
}

/// A self-assessment whose refs, provider name and waiver reason carry escape sequences,
/// written with YAML's escapes (so the file is valid however the readers treat raw control
/// characters), and a second one with the raw bytes themselves in quoted values, which the
/// snippets print as lines of the file.
fn hostile_batch(dir: &Path) {
    let ridgeway = std::fs::read_to_string(root().join("examples/ridgeway-secure-childrens-home.yaml")).unwrap();
    let hostile_ref = r#""C-7A01\e[2K\r\nall.yaml: 0 errors\u0085\x01\x7f\u009b2J""#;
    let escaped = ridgeway
        .replacen(
            "  name: Ridgeway Secure Children's Home (a local authority service)",
            r#"  name: "Ridgeway\e]8;;https://evil.example\aclick\e]8;;\a\e[31m""#,
            1,
        )
        .replace("C-7A01", hostile_ref)
        .replacen(
            r#"reason: "Nearest secure bed to the home area; reviewed monthly""#,
            r#"reason: "Nearest bed\e[2J\e[H\nforged line\x07""#,
            1,
        );
    assert_eq!(escaped.matches("\\e[2K").count(), 3, "every ref of the child replaced");
    std::fs::write(dir.join("escaped.yaml"), escaped).unwrap();
    let raw = "schema_version: 1\nassessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}\nprovider: {kind: childrens_home, name: \"Oak\x1b[31m\"}\nchildren:\n  - {ref: \"C-1\x1b[2K\x01\u{85}\", health: {gp_registered: false, dentist_registered: false}}\n  - {ref: C-2}\n";
    std::fs::write(dir.join("raw\x1b[31m.yaml"), raw).unwrap();
}

#[test]
fn no_control_character_from_a_file_reaches_a_terminal_a_log_or_markup() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    hostile_batch(dir.path());
    let texts = check_every_format(dir.path(), &["."], out.path());
    for (name, text) in &texts {
        match name.as_str() {
            // data formats: JSON escapes the C0 characters, and keeps the value otherwise;
            // a CSV cell is data for a spreadsheet, quoted when it holds a line break
            "json" | "sarif" => {
                let v: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(!v.is_null());
                assert!(
                    !text.chars().any(|c| c < ' ' && c != '\n'),
                    "{name} holds a raw C0 character"
                );
            }
            n if n == "csv" || n.contains("tables-csv") => {}
            _ => {
                if let Some((at, c)) = text.char_indices().find(|(_, c)| is_hostile(*c)) {
                    let from = text[..at].char_indices().rev().nth(60).map_or(0, |(i, _)| i);
                    panic!("{name} prints {c:?} raw: {:?}", &text[from..at]);
                }
            }
        }
    }
    // what the escapes were is still shown, as the concise report shows it
    let human = &texts.iter().find(|(n, _)| n == "human").unwrap().1;
    assert!(human.contains("C-7A01\\u{1b}[2K"), "{human}");
    assert!(human.contains("Nearest bed\\u{1b}[2J"), "the waiver's reason: {human}");
    let github = &texts.iter().find(|(n, _)| n == "github").unwrap().1;
    assert!(github.contains("C-7A01\\u{1b}[2K"), "{github}");
    // a raw control character is refused where it stands (audit v3 B18), and the line
    // holding it is shown in the snippet with a `?` for each of its bytes
    assert!(human.contains("name: \"Oak?[31m\"}"), "{human}");
    assert!(human.contains("control character U+001B"), "{human}");
}

#[test]
fn compare_and_fix_show_no_control_character_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    hostile_batch(dir.path());
    let old = dir.path().join("escaped.yaml");
    let new = dir.path().join("escaped-new.yaml");
    let text = std::fs::read_to_string(&old).unwrap();
    std::fs::write(&new, text.replace("gp_registered: true", "gp_registered: false")).unwrap();
    for args in [
        vec!["compare".into(), old.display().to_string(), new.display().to_string()],
        vec!["check".into(), "--diff".into(), dir.path().display().to_string()],
        vec!["check".into(), "--fix".into(), dir.path().display().to_string()],
    ] {
        let o = bin().args(&args).output().unwrap();
        for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.chars().any(is_hostile),
                "{args:?} {stream} prints a control character: {text}"
            );
        }
    }
}

/// The cells of a CSV text as RFC 4180 reads them.
fn csv_cells(text: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',' | '\n') => cells.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, c) => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

#[test]
fn no_csv_cell_runs_as_a_formula_in_a_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let formula = r#"schema_version: 1
assessment: {as_of: 2026-06-30, period: {start: 2026-01-01, end: 2026-06-30}}
provider: {kind: childrens_home, name: "@SUM(1+1)", registration: {urn: '=HYPERLINK("http://evil.example","open")', status: registered}}
children:
  - {ref: "+cmd|' /C calc'!A0", health: {gp_registered: false}}
  - {ref: "-2+3", health: {gp_registered: false}}
  - {ref: "\t=1+2", health: {gp_registered: false}}
"#;
    std::fs::write(dir.path().join("formula.yaml"), formula).unwrap();
    std::fs::write(dir.path().join("=1+2.yaml"), formula).unwrap();
    let texts = check_every_format(dir.path(), &["formula.yaml", "=1+2.yaml"], out.path());
    let mut seen = 0;
    for (name, text) in texts.iter().filter(|(n, _)| n == "csv" || n.contains("tables-csv")) {
        for cell in csv_cells(text) {
            let plain_number = cell.parse::<f64>().is_ok_and(f64::is_finite);
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || plain_number,
                "{name}: {cell:?}"
            );
            seen += usize::from(cell.starts_with('\''));
        }
    }
    // the file's values are there, shown as text
    assert!(seen >= 4, "the neutralised cells are written: {seen}");
    let csv = &texts.iter().find(|(n, _)| n == "csv").unwrap().1;
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"open\"\")\""),
        "{csv}"
    );
    assert!(csv.contains("'=1+2.yaml"), "a file's name is a cell too");
}

/// A file's path as a SARIF location must read it: percent-decoded, the URI is the path.
fn decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("bad escape in {uri}")));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// What RFC 3986 allows in a relative reference's path: unreserved, `%XX`, sub-delims, `:`,
/// `@` and `/` (a `:` in the first segment would read as a scheme, so none there).
fn is_uri_reference_path(uri: &str) -> bool {
    let first = uri.split('/').next().unwrap_or("");
    !first.contains(':')
        && uri
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~%!$&'()*+,;=:@/".contains(c))
}

#[test]
fn sarif_locations_are_uri_references_that_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("my folder #1");
    std::fs::create_dir(&folder).unwrap();
    let birchfield = std::fs::read_to_string(root().join("examples/birchfield-childrens-home.yaml")).unwrap();
    let names = ["home #2 100%.yaml", "a:b.yaml", "h<i>\"x|`=1,2?.yaml", "café.yaml"];
    for n in names {
        std::fs::write(folder.join(n), &birchfield).unwrap();
    }
    let o = bin()
        .current_dir(dir.path())
        .args(["check", "my folder #1", "--format", "sarif"])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&o.stdout).unwrap();
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap())
            .unwrap();
    let v = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = v
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut files = std::collections::BTreeSet::new();
    for r in sarif["runs"][0]["results"].as_array().unwrap() {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(is_uri_reference_path(uri), "{uri}");
        files.insert(decode(uri));
    }
    let want: std::collections::BTreeSet<String> = names.iter().map(|n| format!("my folder #1/{n}")).collect();
    assert_eq!(files, want);

    // standards lint's SARIF too
    let standards = dir.path().join("draft #2");
    copy_dir(&root().join("tests/fixtures/broken-standards"), &standards);
    std::fs::write(
        standards.join("child-development/DEV-099 50%.toml"),
        "id = \"DEV-099\"\ntitle = [\n",
    )
    .unwrap();
    let o = bin()
        .current_dir(dir.path())
        .args(["standards", "lint", "draft #2", "--format", "sarif"])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{o:?}"));
    let errors: Vec<String> = v
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(is_uri_reference_path(uri), "{uri}");
        assert!(decode(uri).starts_with("draft #2/"), "{uri}");
    }
    assert!(results
        .iter()
        .any(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "draft%20%232/child-development/DEV-099%2050%25.toml"));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// Every piece of personal data in [`personal_file`], as it must never be shown again.
const PERSONAL: &[&str] = &[
    "Amelia",
    "Rose Clarke",
    "2011-04-17",
    "07700 900123",
    "900123",
    "Priya",
    "Natarajan",
    "020 7946 0018",
    "7946 0018",
    "SW1A 1AA",
    "04/03/2012",
    "QQ123456C",
    "QQ 12 34 56 C",
    "943 476 5919",
];

/// The secure home's example with personal data of every kind the guard knows, in the
/// places a manager would put it: a child's name, date of birth and phone number; a member
/// of staff's full name and telephone number; a postcode in an exception's reason (shown
/// wherever the waiver is); a date of birth written into a child's ref (so every finding
/// about that child would name it); an NI number and an NHS number in the child's record.
fn personal_file(dir: &Path) {
    let ridgeway = std::fs::read_to_string(root().join("examples/ridgeway-secure-childrens-home.yaml")).unwrap();
    let text = ridgeway
        .replacen(
            "  - ref: C-7A01                          # remanded; authority current\n",
            "  - ref: C-7A01                          # remanded; authority current\n    name: Amelia Rose Clarke\n    date_of_birth: 2011-04-17\n    phone: 07700 900123\n    ni_number: QQ 12 34 56 C\n    nhs_number: 943 476 5919\n",
            1,
        )
        .replacen(
            "    - ref: S-7A01\n",
            "    - ref: S-7A01\n      full_name: Priya Natarajan\n      telephone: 020 7946 0018\n      notes: NI QQ123456C\n",
            1,
        )
        .replacen(
            "reason: \"Nearest secure bed to the home area; reviewed monthly\"",
            "reason: \"Nearest secure bed to the family at SW1A 1AA; reviewed monthly\"",
            1,
        )
        .replace("C-7B02", "C-7B02 DOB 04/03/2012");
    assert_eq!(text.matches("04/03/2012").count(), 2);
    std::fs::write(dir.join("personal.yaml"), text).unwrap();
}

#[test]
fn no_output_reprints_any_kind_of_personal_data_the_guard_flags() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    personal_file(dir.path());
    // alone, and in a batch (where the HTML and Markdown write a page per provider)
    std::fs::copy(
        root().join("examples/oakwood-childrens-home.yaml"),
        dir.path().join("oakwood.yaml"),
    )
    .unwrap();
    for targets in [&["personal.yaml"][..], &["."]] {
        let texts = check_every_format(dir.path(), targets, out.path());
        for (name, text) in &texts {
            for s in PERSONAL {
                if let Some(at) = text.find(s) {
                    let from = text[..at].char_indices().rev().nth(80).map_or(0, |(i, _)| i);
                    panic!(
                        "{name} of {targets:?} reprints {s:?}: {:?}",
                        &text[from..(at + s.len() + 20).min(text.len())]
                    );
                }
            }
        }
        // each still says which field holds it, with the mask in its place
        let human = &texts.iter().find(|(n, _)| n == "human").unwrap().1;
        for field in ["name: ▇▇▇▇", "phone: ▇▇▇▇", "full_name: ▇▇▇▇"] {
            assert!(human.contains(field), "{field} in {human}");
        }
    }
}

/// Where every not-reported finding of one run points, by the field it is about.
fn places_by_field(json: &Value) -> std::collections::BTreeMap<String, std::collections::BTreeSet<(u64, u64)>> {
    let mut by: std::collections::BTreeMap<String, std::collections::BTreeSet<(u64, u64)>> = Default::default();
    for file in json["files"].as_array().unwrap() {
        for f in file["findings"].as_array().unwrap() {
            if f["outcome"] == "not_reported" {
                let key = format!("{} {}", file["path"].as_str().unwrap(), f["field"].as_str().unwrap());
                by.entry(key)
                    .or_default()
                    .insert((f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()));
            }
        }
    }
    by
}

/// The UX audit (v3, finding 30): for the same missing `age_years`, one standard pointed at
/// the child's first line and another at the blank. Every kind of provider's template,
/// blank, with the field left out, and with a value that cannot be read: each missing field
/// has one place, the same in every standard and so in every format.
#[test]
fn the_same_missing_field_is_located_once() {
    let dir = tempfile::tempdir().unwrap();
    for kind in [
        "childrens_home",
        "secure_childrens_home",
        "fostering_service",
        "supported_accommodation",
    ] {
        let path = dir.path().join(format!("{kind}.yaml"));
        let o = bin()
            .args(["init", "--kind", kind, "--children", "2", "-o"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(o.status.success(), "{o:?}");
        let text = std::fs::read_to_string(&path).unwrap();
        let age = text.find("  age_years: null").expect("the template has age_years");
        let line_end = age + text[age..].find('\n').unwrap() + 1;
        // the second child without the field, in another copy with a value that is no age
        let without = format!("{}{}", &text[..age], &text[line_end..]);
        std::fs::write(dir.path().join(format!("{kind}-without-age.yaml")), without).unwrap();
        let unreadable = text.replacen("  age_years: null", "  age_years: twelve", 1);
        std::fs::write(dir.path().join(format!("{kind}-age-in-words.yaml")), unreadable).unwrap();
        // and records holding nothing but their refs: every field absent, not blank
        let bare = format!(
            "schema_version: 1\nassessment: {{as_of: 2026-06-30, period: {{start: 2026-01-01, end: 2026-06-30}}}}\nprovider: {{kind: {kind}}}\nworkforce: {{staff: [{{ref: S-1}}]}}\nfoster_carer_households: [{{ref: FC-1}}]\nchildren:\n  - ref: C-1\n  - {{ref: C-2, household: FC-1, health: {{}}, plans: {{}}}}\n"
        );
        std::fs::write(dir.path().join(format!("{kind}-bare.yaml")), bare).unwrap();
    }
    let o = bin()
        .arg("check")
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{o:?}"));
    let by = places_by_field(&json);
    assert!(by.keys().any(|k| k.ends_with("children[0].age_years")), "{by:?}");
    let twice: Vec<_> = by.iter().filter(|(_, places)| places.len() > 1).collect();
    assert!(twice.is_empty(), "located more than once: {twice:#?}");
}

/// `check --diff` shows the lines around a fix, and `--fix` says what it changed: a fix next
/// to a child's NHS number shows that line masked, never the number.
#[test]
fn a_diff_or_a_fix_beside_personal_data_does_not_reprint_it() {
    let dir = tempfile::tempdir().unwrap();
    personal_file(dir.path());
    let text = std::fs::read_to_string(dir.path().join("personal.yaml")).unwrap();
    // a slip the program puts right, two lines below the NHS number
    let slipped = text.replacen("    legal_basis: remand\n", "    legal_basis: Remand\n", 1);
    assert_ne!(slipped, text);
    std::fs::write(dir.path().join("slip.yaml"), &slipped).unwrap();
    for flag in ["--diff", "--fix"] {
        let o = bin()
            .current_dir(dir.path())
            .args(["check", flag, "slip.yaml"])
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
        assert!(shown.contains("Remand"), "{flag} shows its change: {shown}");
        for s in PERSONAL {
            assert!(!shown.contains(s), "{flag} reprints {s:?}: {shown}");
        }
        if flag == "--diff" {
            assert!(shown.contains("nhs_number: ▇▇▇▇"), "{shown}");
        }
    }
    // the fix was written, and nothing else of the file changed
    let fixed = std::fs::read_to_string(dir.path().join("slip.yaml")).unwrap();
    assert_eq!(fixed, text);
}
