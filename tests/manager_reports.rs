//! The manager's reports of a fostering agency's first draft (issue 24, items 4 and 5):
//! the human, HTML and Markdown reports are pinned in `tests/snapshots/`, read as a manager
//! would read them, and none of them leaves a code path in its prose: records are named as
//! people count them ("S-02", "household H-02", "child C-01"), fields in words, dates as
//! "23 September 2026". The JSON keeps the paths.
//!
//! `CARECHECK_UPDATE_SNAPSHOTS=1 cargo test --test manager_reports` rewrites the snapshots.

use std::path::Path;
use std::process::Command;

const DRAFT: &str = "tests/fixtures/fostering/first-draft.yaml";
const EXAMPLE: &str = "examples/meadow-fostering-service.yaml";

fn report(file: &str, format: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .args(["check", file, "--format", format])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(name);
    if std::env::var_os("CARECHECK_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs; rerun with CARECHECK_UPDATE_SNAPSHOTS=1 and review the diff.\n--- actual ---\n{actual}",
        path.display()
    );
}

/// The prose of a report: for the human report, without the file's own lines that the
/// snippets quote (and their underlines); for HTML, the text outside tags, scripts and
/// styles.
fn prose(format: &str, text: &str) -> String {
    match format {
        "human" => text
            .lines()
            .filter(|l| {
                let t = l.trim_start();
                let quoted = t
                    .split_once('│')
                    .is_some_and(|(n, _)| n.trim().chars().all(|c| c.is_ascii_digit()));
                !(quoted || t.starts_with('·') || t.starts_with('╭') || t.starts_with('╰') || t.starts_with("━━"))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        "html" => {
            let mut kept = text.to_string();
            for block in ["script", "style"] {
                while let Some(i) = kept.find(&format!("<{block}")) {
                    let end = kept[i..]
                        .find(&format!("</{block}>"))
                        .map_or(kept.len(), |j| i + j + block.len() + 3);
                    kept.replace_range(i..end, " ");
                }
            }
            let mut text_only = String::new();
            let mut in_tag = false;
            for c in kept.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => {
                        in_tag = false;
                        text_only.push(' ');
                    }
                    c if !in_tag => text_only.push(c),
                    _ => {}
                }
            }
            text_only
        }
        _ => text.to_string(),
    }
}

/// The words of `text` that are code: a zero-based index (`staff[1]`), a snake_case name
/// (`care_role_start`) or a dotted field path (`dbs.date`). File names and web addresses
/// are not prose and are skipped.
fn code_words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for raw in text.split_whitespace() {
        let w = raw.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '[' && c != ']' && c != '.');
        let w = w.trim_end_matches('.');
        if w.is_empty() || w.contains('/') || w.ends_with(".yaml") || w.starts_with("www.") {
            continue;
        }
        let indexed = w
            .find('[')
            .is_some_and(|i| w[i + 1..].starts_with(|c: char| c.is_ascii_digit()));
        let lower = w.chars().any(|c| c.is_ascii_lowercase());
        let snake = lower && w.split('_').count() > 1 && w.split('_').all(|p| !p.is_empty());
        let dotted = w.split('.').count() > 1
            && w.split('.')
                .all(|p| p.len() >= 2 && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        if indexed || snake || dotted {
            found.push(raw.to_string());
        }
    }
    found
}

#[test]
fn the_code_word_detector_finds_paths_and_only_paths() {
    assert_eq!(
        code_words("`workforce.staff[1].dbs.date` is due; care_role_start (dbs.date)"),
        ["`workforce.staff[1].dbs.date`", "care_role_start", "(dbs.date)"]
    );
    assert!(
        code_words("S-02 started on 23 September 2026, e.g. LR-013 s.22(3A) reg 7 18.5 first-draft.yaml").is_empty()
    );
}

#[test]
fn a_fostering_agencys_reports_name_people_and_dates_in_words() {
    for (file, stem) in [(DRAFT, "fostering-first-draft"), (EXAMPLE, "fostering-meadow")] {
        for (format, ext) in [("human", "txt"), ("markdown", "md"), ("html", "html")] {
            let text = report(file, format);
            let code = code_words(&prose(format, &text));
            assert!(
                code.is_empty(),
                "{file} as {format}: code in the manager's prose: {code:?}"
            );
            snapshot(&format!("{stem}.{ext}"), &text);
        }
    }
    // the sentences of the draft's two breaches of the law, as the manager reads them
    let md = report(DRAFT, "markdown");
    for said in [
        "#### S-02",
        "#### Household H-02",
        "#### Child C-01",
        "(S-02): not done. The DBS date is not recorded: there is no record that it was done; it was due by 23 September 2026",
        "Household H-02's approval review is overdue: the first was due by 1 August 2026; none is recorded",
        "| child's voice heard |",
        "As of 30 September 2026",
    ] {
        assert!(md.contains(said), "the Markdown report lacks {said:?}:\n{md}");
    }
    // the JSON keeps the paths and the dates as data
    let json = report(DRAFT, "json");
    assert!(json.contains("\"field\": \"workforce.staff[1].dbs.date\""), "{json}");
}

/// The checks carecheck makes itself speak the same words: a date after the as-of date, an
/// exception the law does not allow. Only an unknown key's and a personal-data finding
/// quote the file as it is (the key to correct or delete).
#[test]
fn built_in_findings_name_records_and_dates_in_words_too() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let draft = std::fs::read_to_string(root.join(DRAFT)).unwrap();
    let text = draft
        .replace("      gp_registered: true\n      dentist_registered: true\n", "      gp_registered: true\n      dentist_registered: true\n      sdq_date: 2062-01-10\n")
        + "exceptions:\n  - {standard: LR-013, reason: DBS delayed, approved_by_role: responsible individual, approved_on: 2026-09-01, expires_on: 2026-12-31}\n";
    assert_ne!(text.matches("2062").count(), 0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agency.yaml");
    std::fs::write(&path, &text).unwrap();
    for format in ["human", "markdown", "html"] {
        let out = Command::new(env!("CARGO_BIN_EXE_carecheck"))
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .args(["check", path.to_str().unwrap(), "--format", format])
            .output()
            .unwrap();
        let report = String::from_utf8(out.stdout).unwrap();
        assert!(
            report.contains("date-after-as-of"),
            "{format}: no date-after-as-of finding:\n{report}"
        );
        assert!(report.contains("10 January 2062"), "{format}:\n{report}");
        let code = code_words(&prose(format, &report));
        assert!(code.is_empty(), "{format}: code in the manager's prose: {code:?}");
    }
}
