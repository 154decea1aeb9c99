//! A batch's HTML and Markdown reports scale to a national run (issue 26, item 5): the
//! overview stays small enough to email for 5,000 providers, every provider's detail is a
//! page of its own reachable from it, and the pages pass an accessibility checker (axe-core,
//! WCAG 2.2 AA) in headless Chromium.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use carecheck_core::check::{check_one, CheckOptions, FileResult, Target};
use carecheck_core::engine::Engine;
use carecheck_report::html::{Html, Pages};
use carecheck_report::markdown::Markdown;
use carecheck_report::{Context, Reporter, Summary};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_carecheck"));
    c.current_dir(root());
    c
}

/// The `href` values of a page's links, in order.
fn hrefs(page: &str) -> Vec<String> {
    page.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .collect()
}

/// A batch of `n` providers made the way a national run would see them: the five examples
/// and three files that cannot be judged, each checked once through the library, then
/// repeated under new paths, names and URNs (checking 5,000 files in a debug build would
/// take minutes; rendering is what is under test).
fn national_batch(n: usize) -> (carecheck_core::standards::StandardSet, Vec<FileResult>) {
    let set = carecheck_shipped::whole_set(&Vec::new()).expect("the shipped set loads");
    let engine = Engine::new(&set, None);
    let opts = CheckOptions::default();
    let mut seeds: Vec<FileResult> = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    names.sort();
    for p in names {
        let bytes = std::fs::read(&p).unwrap();
        let t = Target::Memory(p.display().to_string(), Arc::from(bytes.as_slice()));
        seeds.push(check_one(&t, &set, &engine, &opts));
    }
    for (name, bytes) in [
        ("empty.yaml", b"".to_vec()),
        ("utf16.yaml", vec![0xff, 0xfe, b's', 0, b':', 0]),
        ("binary.yaml", vec![0, 159, 146, 150, 255, 1, 2]),
    ] {
        let t = Target::Memory(name.into(), Arc::from(bytes.as_slice()));
        seeds.push(check_one(&t, &set, &engine, &opts));
    }
    assert!(seeds.iter().filter(|r| !r.judged()).count() == 3);
    drop(engine);
    let results = (0..n)
        .map(|i| {
            let mut r = seeds[i % seeds.len()].clone();
            r.path = format!("submissions/sa-{i:06}.yaml");
            if r.judged() {
                r.name = Some(format!("Provider {i:06} Ltd"));
                r.urn = Some(format!("SC{:06}", 100_000 + i));
            }
            r
        })
        .collect();
    (set, results)
}

fn context(set: &carecheck_core::standards::StandardSet) -> Context<'_> {
    Context::plain(set)
}

/// Feed a reporter the whole batch, as `check` does.
fn render(
    reporter: &mut dyn Reporter,
    set: &carecheck_core::standards::StandardSet,
    results: &[FileResult],
) -> Vec<u8> {
    let ctx = context(set);
    let mut out = Vec::new();
    let mut summary = Summary::default();
    reporter.begin(&ctx, &mut out).unwrap();
    for r in results {
        summary.add(r, set);
        reporter.file(r, &ctx, &mut out).unwrap();
    }
    reporter.finish(&summary, &ctx, &mut out).unwrap();
    out
}

#[test]
fn a_national_batchs_overview_is_small_and_reaches_every_provider() {
    const N: usize = 5_000;
    let (set, results) = national_batch(N);
    let dir = tempfile::tempdir().unwrap();
    for (ext, limit) in [("html", 2_000_000usize), ("md", 2_000_000)] {
        let overview = dir.path().join(format!("report.{ext}"));
        let pages = Pages::beside(&overview);
        let mut reporter: Box<dyn Reporter> = if ext == "html" {
            Box::new(Html::paged(pages))
        } else {
            Box::new(Markdown::paged(pages))
        };
        let bytes = render(reporter.as_mut(), &set, &results);
        std::fs::write(&overview, &bytes).unwrap();
        eprintln!("the {ext} overview of {N} providers: {} bytes", bytes.len());
        assert!(
            bytes.len() <= limit,
            "the {ext} overview of {N} providers is {} bytes",
            bytes.len()
        );
        let text = String::from_utf8(bytes).unwrap();
        // every link to a page resolves to a written page that names its provider, and
        // every provider has one
        let links: Vec<String> = if ext == "html" {
            hrefs(&text).into_iter().filter(|h| !h.starts_with('#')).collect()
        } else {
            text.split("](")
                .skip(1)
                .filter_map(|s| s.split(')').next())
                .map(str::to_string)
                .collect()
        };
        let unique: BTreeSet<&String> = links.iter().collect();
        assert_eq!(unique.len(), N, "{ext}: one link for each provider");
        let mut seen = BTreeSet::new();
        for l in &unique {
            assert!(l.starts_with("report/"), "{l}");
            let page = std::fs::read_to_string(dir.path().join(l)).unwrap_or_else(|e| panic!("{l}: {e}"));
            let path = page
                .split("submissions/sa-")
                .nth(1)
                .and_then(|s| s.get(..6))
                .unwrap_or_else(|| panic!("{l} names no provider"))
                .to_string();
            seen.insert(path);
            let back = if ext == "html" {
                "../report.html"
            } else {
                "../report.md"
            };
            assert!(page.contains(back), "{l} has no way back to the overview");
        }
        assert_eq!(seen.len(), N, "{ext}: every provider's detail is reachable");
        // the files that could not be judged come first, before the ranking
        let unjudged = text.find("files could not be read or judged").unwrap();
        assert!(unjudged < text.find("Providers, most breaches of the law first").unwrap());
        // the national tables are in the overview
        for table in [
            "The seven tests",
            "Kinds of provider",
            "Standards, most often failed first",
        ] {
            assert!(text.contains(table), "{ext}: no {table}");
        }
    }
}

#[test]
fn one_providers_report_stays_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("one.html");
    let md = dir.path().join("one.md");
    let out = bin()
        .args(["check", "examples/oakwood-childrens-home.yaml", "--format"])
        .arg(format!("html:{}", html.display()))
        .arg("--format")
        .arg(format!("markdown:{}", md.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!dir.path().join("one").exists(), "a folder of pages for one provider");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<section id=\"p0\""));
    assert!(std::fs::read_to_string(&md).unwrap().contains("Oakwood"));
}

/// A batch to standard output has nowhere to put pages: it stays one page, every
/// provider's section linked from the ranking.
#[test]
fn a_batch_to_standard_output_stays_one_page() {
    let out = bin().args(["check", "examples/", "--format", "html"]).output().unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    let links: Vec<String> = hrefs(&page).into_iter().filter(|h| h.starts_with("#p")).collect();
    assert_eq!(links.len(), 5);
    for l in links {
        assert!(page.contains(&format!("<section id=\"{}\"", &l[1..])), "{l}");
    }
}

/// axe-core's script, installed by `.ci/run` in a folder of the tests' own.
fn axe() -> Option<String> {
    let path = root().join("tests/a11y/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "axe-core is missing: .ci/run installs it (npm install --prefix tests/a11y)"
            );
            eprintln!("skipped: axe-core is not installed (npm install --prefix tests/a11y)");
            None
        }
    }
}

fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("chromium"))
            .find(|c| c.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing: .ci/run installs it"
        );
        eprintln!("skipped: chromium is not installed");
    }
    found
}

/// The WCAG 2.2 AA violations axe-core finds in a page, rendered in headless Chromium: a
/// copy of the page with axe and a line that runs it appended, whose result is read back
/// from the DOM.
fn violations(chromium: &Path, axe: &str, page: &Path) -> Vec<String> {
    let html = std::fs::read_to_string(page).unwrap();
    let runner = "<script>axe.run(document,{runOnly:{type:'tag',values:['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}}).then(function(r){var p=document.createElement('pre');p.id='axe-result';p.textContent=JSON.stringify(r.violations.map(function(v){return v.id+' ('+v.impact+'): '+v.nodes.map(function(n){return n.target.join(' ')}).slice(0,3).join(', ')}));document.body.appendChild(p);}).catch(function(e){var p=document.createElement('pre');p.id='axe-result';p.textContent='ERROR '+e;document.body.appendChild(p);});</script>";
    let checked = html
        // the report forbids scripts from elsewhere; the copy runs axe inline
        .replace(
            "<meta http-equiv=\"Content-Security-Policy\"",
            "<meta name=\"csp-removed-for-the-check\"",
        )
        .replace("</body>", &format!("<script>{axe}</script>{runner}</body>"));
    let copy = page.with_extension("axe.html");
    std::fs::write(&copy, checked).unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--virtual-time-budget=20000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", copy.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let result = dom
        .split("<pre id=\"axe-result\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .unwrap_or_else(|| {
            panic!(
                "axe did not run on {}: {}",
                page.display(),
                String::from_utf8_lossy(&out.stderr)
            )
        })
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    assert!(!result.starts_with("ERROR"), "{result}");
    serde_json::from_str(&result).unwrap_or_else(|e| panic!("{e}: {result}"))
}

#[test]
fn the_overview_and_a_provider_page_meet_wcag_2_2_aa() {
    let (Some(chromium), Some(axe)) = (chromium(), axe()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for e in std::fs::read_dir(root().join("examples")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, input.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(input.join("empty.yaml"), "").unwrap();
    let overview = dir.path().join("report.html");
    let out = bin()
        .arg("check")
        .arg(&input)
        .arg("--format")
        .arg(format!("html:{}", overview.display()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&overview).unwrap();
    let page = hrefs(&text)
        .into_iter()
        .find(|h| h.contains("birchfield"))
        .expect("a link to Birchfield's page");
    let single = dir.path().join("single.html");
    let out = bin()
        .args(["check", "examples/meadow-fostering-service.yaml", "--format"])
        .arg(format!("html:{}", single.display()))
        .output()
        .unwrap();
    assert!(out.status.code().is_some());
    for p in [overview.clone(), dir.path().join(&page), single] {
        let found = violations(&chromium, &axe, &p);
        assert!(found.is_empty(), "{}: {found:#?}", p.display());
    }
}
