//! An inspectorate's batch, as the UX audit (v3, persona 2) ran it: the examples, and
//! beside them an empty file, a UTF-16 file, a binary file, a JSON file, a stray YAML file
//! (a docker-compose.yml) and a submission with a child's name and NHS number in it. For
//! every output format: the files that could not be read come first and are named, no
//! personal value appears anywhere, and breaches of the law are counted from law standards
//! only.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_carecheck"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

const NAME: &str = "Jayden Oliver Smith";
const NHS: &str = "943 476 5919";
/// Every piece of the personal values that must never be reprinted.
const SECRETS: &[&str] = &["Jayden", "Oliver Smith", "943 476 5919", "9434765919", "476 5919"];
const UNREADABLE: &[&str] = &["broken-binary.yaml", "broken-empty.yaml", "broken-utf16.yaml"];

/// The batch: the five examples, the broken files and the file with personal data.
fn batch(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for e in std::fs::read_dir(root.join("examples")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(dir.join("broken-empty.yaml"), "").unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("schema_version: 1\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(dir.join("broken-utf16.yaml"), utf16).unwrap();
    std::fs::write(
        dir.join("broken-binary.yaml"),
        b"schema_version: 1\n\x00\xff\xfe\x80\x81 urn: SC1\n",
    )
    .unwrap();
    std::fs::write(dir.join("submission.json"), "{\"schema_version\": 1}\n").unwrap();
    std::fs::write(
        dir.join("docker-compose.yml"),
        "version: \"3\"\nservices:\n  web:\n    image: nginx\n",
    )
    .unwrap();
    let oak = std::fs::read_to_string(root.join("examples/oakwood-childrens-home.yaml")).unwrap();
    let personal = oak.replacen(
        "  - ref: C-7F3A\n",
        &format!("  - ref: C-7F3A\n    name: {NAME}\n    nhs_number: {NHS}\n"),
        1,
    );
    assert_ne!(personal, oak);
    let personal = personal.replacen("urn: SC700101", "urn: SC799999", 1);
    std::fs::write(dir.join("personal.yaml"), personal).unwrap();
}

const FORMATS: &[&str] = &[
    "human", "concise", "json", "github", "sarif", "junit", "markdown", "html", "csv",
];

/// Every format of one run of the batch, by name, and the run's stderr.
fn run_all(dir: &Path, out: &Path) -> (Vec<(String, String)>, String, Option<i32>) {
    let mut c = bin();
    c.arg("check").arg(dir).args(["--color", "never"]);
    for f in FORMATS {
        c.arg("--format")
            .arg(format!("{f}:{}", out.join(format!("r.{f}")).display()));
    }
    let o = c.output().unwrap();
    let mut texts: Vec<(String, String)> = FORMATS
        .iter()
        .map(|f| {
            let bytes = std::fs::read(out.join(format!("r.{f}"))).unwrap();
            let mut text = String::from_utf8(bytes).unwrap();
            // a batch's HTML and Markdown put each provider's detail in a page of its own,
            // in a folder beside the overview: the pages are part of what the format shows
            let ext = if *f == "markdown" { "md" } else { f };
            let mut pages: Vec<std::path::PathBuf> = std::fs::read_dir(out.join("r"))
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
    // the summary and statistics tables, as a person and as a spreadsheet reads them
    for extra in [
        &["--summary", "--statistics"][..],
        &["--summary", "--statistics", "--tables-csv"],
    ] {
        let o = bin()
            .arg("check")
            .arg(dir)
            .args(["--format", "none"])
            .args(extra)
            .output()
            .unwrap();
        texts.push((
            format!("tables {extra:?}"),
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr),
        ));
    }
    (texts, String::from_utf8_lossy(&o.stderr).into_owned(), o.status.code())
}

#[test]
fn no_output_format_reprints_a_value_the_personal_data_guard_flags() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    batch(dir.path());
    let (texts, stderr, _) = run_all(dir.path(), out.path());
    for (name, text) in texts.iter().chain([("stderr".to_string(), stderr)].iter()) {
        for s in SECRETS {
            assert!(!text.contains(s), "{name} reprints {s:?}");
        }
    }
    // but each says which field, with the mask in place of the value
    for (name, text) in &texts {
        if name.starts_with("tables") {
            continue;
        }
        assert!(
            text.contains("children[0].name: ▇▇▇▇")
                || text.contains("children[0].name: \\u2587")
                // Markdown escapes the brackets of a path, so they cannot open a link
                || text.contains("children\\[0\\].name: ▇▇▇▇"),
            "{name} does not show the field and the mask"
        );
    }
    // the human snippet shows the line, masked
    let human = &texts.iter().find(|(n, _)| n == "human").unwrap().1;
    assert!(human.contains("name: ▇▇▇▇"), "{human}");
    assert!(human.contains("nhs_number: ▇▇▇▇"), "{human}");
}

#[test]
fn files_that_could_not_be_read_come_first_and_are_named_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    batch(dir.path());
    let (texts, stderr, code) = run_all(dir.path(), out.path());
    assert_eq!(
        code,
        Some(2),
        "unreadable submissions are an error of the run: {stderr}"
    );
    let get = |n: &str| &texts.iter().find(|(name, _)| name == n).unwrap().1;
    for (name, text) in &texts {
        for f in UNREADABLE {
            assert!(text.contains(f), "{name} does not name {f}");
        }
    }
    // human: every file has a heading, and the list of files not judged closes the report
    let human = get("human");
    for f in UNREADABLE {
        assert!(
            human
                .lines()
                .any(|l| l.starts_with("━━ ") && l.contains(f) && l.contains("could not be read")),
            "no heading for {f}"
        );
    }
    assert!(human.contains("4 files could not be read or judged:\n  "), "{human}");
    assert!(human.contains("docker-compose.yml (URN not found): this is not a self-assessment"));
    // HTML: an error summary before the ranking, and no unreadable file in the ranking
    let html = get("html");
    let summary_at = html.find("class=\"error-summary\"").expect("an error summary");
    let ranking_at = html.find("<h2 id=\"providers\">").expect("a ranking");
    assert!(summary_at < ranking_at);
    let ranking = &html[ranking_at..html[ranking_at..].find("</table>").unwrap() + ranking_at];
    for f in UNREADABLE {
        assert!(html[summary_at..ranking_at].contains(f), "{f} not in the error summary");
        assert!(!ranking.contains(f), "{f} is ranked");
    }
    // Markdown: the table of unreadable files before the ranking, before any provider
    let md = get("markdown");
    let table_at = md.find("files could not be read or judged").unwrap();
    assert!(table_at < md.find("### Providers, most breaches").unwrap());
    assert!(table_at < md.find("](r/").expect("links to the provider pages"));
    // CSV: the first rows are the files that could not be judged
    let csv = get("csv");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let unjudged: Vec<&&str> = rows.iter().take_while(|r| r.contains(",unreadable,")).collect();
    for f in UNREADABLE {
        assert!(unjudged.iter().any(|r| r.contains(f)), "{f} not first in the CSV");
    }
    assert!(rows[unjudged.len()..].iter().all(|r| !r.contains(",unreadable,")));
    // --summary: first, with no count (blank, never 0) and the reason
    let tables = get("tables [\"--summary\", \"--statistics\", \"--tables-csv\"]");
    let first: Vec<&str> = tables.lines().skip(1).take(4).collect();
    for f in UNREADABLE {
        let row = first
            .iter()
            .find(|r| r.contains(f))
            .unwrap_or_else(|| panic!("{f} not first: {tables}"));
        assert!(row.contains(",,,,,,"), "counts given for an unjudged file: {row}");
    }
}

#[test]
fn breaches_of_the_law_are_fails_of_law_standards_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    batch(dir.path());
    let _ = run_all(dir.path(), out.path());
    let json: Value = serde_json::from_str(&std::fs::read_to_string(out.path().join("r.json")).unwrap()).unwrap();
    let list = bin().args(["standards", "list", "--format", "json"]).output().unwrap();
    let standards: Value = serde_json::from_slice(&list.stdout).unwrap();
    let law: Vec<String> = standards
        .as_array()
        .or_else(|| standards["standards"].as_array())
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "law")
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert!(law.len() > 10);
    let mut total = 0;
    for f in json["files"].as_array().unwrap() {
        let fails: Vec<&Value> = f["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["outcome"] == "fail")
            .collect();
        let by_law = fails
            .iter()
            .filter(|x| law.iter().any(|id| x["standard"] == id.as_str()))
            .count();
        assert_eq!(f["totals"]["law_breaches"], by_law, "{}", f["path"]);
        total += by_law;
        for x in &fails {
            let kind = x["kind"].as_str().unwrap();
            match x["standard"].as_str().unwrap() {
                "personal-data" => assert_eq!(kind, "personal_data"),
                "date-after-as-of" | "ambiguous-date" | "unknown-key" => assert_eq!(kind, "data_quality"),
                _ => {}
            }
            if kind != "standard" {
                assert_eq!(x["law"], false, "{x}");
            }
        }
    }
    assert_eq!(json["summary"]["law_breaches"], total);
    // the personal-data errors of personal.yaml are not breaches of the law: it has exactly
    // as many as the unchanged oakwood
    let of = |needle: &str| {
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(needle))
            .unwrap()["totals"]
            .clone()
    };
    assert_eq!(
        of("personal.yaml")["law_breaches"],
        of("oakwood-childrens-home.yaml")["law_breaches"]
    );
    // the name and the NHS number's keys, and the NHS number's shape
    assert_eq!(of("personal.yaml")["personal_data"], 3);
    // CSV: the kind column, and law only on law standards
    let csv = std::fs::read_to_string(out.path().join("r.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let kind = header.iter().position(|c| *c == "kind").unwrap();
    assert!(csv
        .lines()
        .filter(|l| l.contains(",personal-data,"))
        .all(|l| l.split(',').nth(kind) == Some("personal_data")));
}

/// `check DIR --format json`: the exit code and the report.
fn check_json(dir: &Path) -> (Option<i32>, Value) {
    let o = bin().arg("check").arg(dir).args(["--format", "json"]).output().unwrap();
    let json = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{o:?}"));
    (o.status.code(), json)
}

#[test]
fn a_stray_yaml_file_is_named_as_not_a_self_assessment_without_failing_the_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/oakwood-childrens-home.yaml"),
        dir.path().join("oakwood.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("docker-compose.yml"),
        "version: \"3\"\nservices:\n  web:\n    image: nginx\n",
    )
    .unwrap();
    let (code, json) = check_json(dir.path());
    assert_eq!(code, Some(0), "{json}");
    assert_eq!(json["summary"]["not_a_self_assessment"], 1);
    assert_eq!(json["summary"]["invalid_files"], 0);
    let stray = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("docker-compose.yml"))
        .unwrap();
    assert_eq!(stray["status"], "not_a_self_assessment");
    let o = bin()
        .arg("check")
        .arg(dir.path())
        .args(["--format", "none"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 file not a self-assessment"));
    // a file with a provider but no schema_version is still a submission with a problem
    std::fs::write(dir.path().join("nearly.yaml"), "provider:\n  kind: childrens_home\n").unwrap();
    let o = bin()
        .arg("check")
        .arg(dir.path())
        .args(["--format", "none"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

/// A submission that lost its first line and misspelt `provider` still has the sections of
/// a self-assessment: it is invalid, with the misspelling pointed at, never set aside as a
/// stray file whose breaches vanish from the batch (the cross-cutting reader's probe).
#[test]
fn a_submission_with_its_provider_misspelt_is_invalid_not_stray() {
    let dir = tempfile::tempdir().unwrap();
    let oakwood =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/oakwood-childrens-home.yaml"))
            .unwrap()
            .replace("schema_version: 1\n", "")
            .replace("\nprovider:", "\nprovder:");
    std::fs::write(dir.path().join("oakwood.yaml"), oakwood).unwrap();
    let (code, json) = check_json(dir.path());
    assert_eq!(code, Some(2), "{json}");
    assert_eq!(json["summary"]["not_a_self_assessment"], 0);
    assert_eq!(json["summary"]["invalid_files"], 1);
    let errors = json["files"][0]["errors"].to_string();
    assert!(errors.contains("schema_version is missing"), "{errors}");
    assert!(errors.contains("rename it `provider`"), "{errors}");
}

/// `--select` and `--ignore` take ids and tests in any case (audit v3, finding 30).
#[test]
fn select_and_ignore_ignore_case() {
    let run = |args: &[&str]| {
        let o = bin()
            .args(["check", "examples/birchfield-childrens-home.yaml", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        assert_ne!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        let ids: Vec<String> = v["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["kind"] == "standard")
            .map(|f| f["standard"].as_str().unwrap().to_string())
            .collect();
        ids
    };
    let lower = run(&["--select", "lr-001"]);
    assert!(!lower.is_empty() && lower.iter().all(|s| s == "LR-001"), "{lower:?}");
    assert_eq!(lower, run(&["--select", "LR-001"]));
    assert!(run(&["--select", "Least-Restrictive", "--ignore", "lr-"]).is_empty());
}

/// The schema is a document: a reader that takes only its first line leaves a clean run
/// (`carecheck schema | head -1` exits 0).
#[test]
fn schema_read_in_part_exits_0() {
    use std::io::Read;
    let mut child = bin()
        .arg("schema")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// A provider in the baseline that is not in this run is named (audit v3, finding 22), and
/// `--summary` has new and resolved columns against a baseline.
#[test]
fn the_baseline_names_providers_missing_from_this_run() {
    let dir = tempfile::tempdir().unwrap();
    let before = dir.path().join("q2");
    let after = dir.path().join("q3");
    std::fs::create_dir(&before).unwrap();
    std::fs::create_dir(&after).unwrap();
    for f in ["oakwood-childrens-home.yaml", "meadow-fostering-service.yaml"] {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(f);
        std::fs::copy(&src, before.join(f)).unwrap();
    }
    std::fs::copy(
        before.join("oakwood-childrens-home.yaml"),
        after.join("oakwood-childrens-home.yaml"),
    )
    .unwrap();
    let base = dir.path().join("q2.json");
    let o = bin()
        .arg("check")
        .arg(&before)
        .arg("--format")
        .arg(format!("json:{}", base.display()))
        .output()
        .unwrap();
    assert!(base.exists(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = bin()
        .arg("check")
        .arg(&after)
        .arg("--baseline")
        .arg(&base)
        .args(["--format", "none", "--summary"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stderr.contains("1 provider in the baseline is missing from this run:"),
        "{stderr}"
    );
    let line = stderr
        .lines()
        .find(|l| l.contains("meadow-fostering-service.yaml"))
        .expect("named");
    assert!(
        line.contains("Meadow Fostering Ltd") && line.contains("SC700404"),
        "{line}"
    );
    assert!(
        !stderr.contains("oakwood"),
        "a provider in both runs is not missing: {stderr}"
    );
    assert!(stdout.contains("new") && stdout.contains("resolved"), "{stdout}");
    // without a baseline, no such line and no such columns
    let o = bin()
        .arg("check")
        .arg(&after)
        .args(["--format", "none", "--summary"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&o.stderr).contains("missing from this run"));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("resolved"));
}

/// A staff record without a `ref` is reported, as a child's is (audit v3, finding 30):
/// findings about that person could otherwise only name them `workforce.staff[0]`.
#[test]
fn a_staff_record_without_a_ref_is_reported() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/oakwood-childrens-home.yaml"))
            .unwrap();
    assert!(text.contains("    - ref: S-19B2\n"));
    let without = text.replacen("    - ref: S-19B2\n      ", "    - ", 1);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("no-staff-ref.yaml");
    std::fs::write(&f, without).unwrap();
    let o = bin()
        .arg("check")
        .arg(&f)
        .args(["--format", "concise"])
        .output()
        .unwrap();
    let all = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{all}");
    assert!(all.contains("workforce.staff[0].ref is missing"), "{all}");
}
