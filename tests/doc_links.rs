//! Every relative link in the repository's Markdown resolves in a fresh clone: its target is
//! a file or folder the repository tracks (a link that leaves the repository, such as
//! `../shared/...`, works on one machine only), and a `#fragment` names a heading of the page
//! it points to. Links to the web are not followed.
//!
//! The files are the ones git tracks (what a clone holds); without git, the files on disk
//! outside `target/`.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// The repository's files, relative to its root, with `/` between names.
fn repository_files(root: &Path) -> BTreeSet<String> {
    let tracked = Command::new("git")
        .args(["ls-files", "-z", "--cached"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|o| o.status.success() && !o.stdout.is_empty());
    if let Some(out) = tracked {
        return String::from_utf8_lossy(&out.stdout)
            .split('\0')
            .filter(|p| !p.is_empty() && root.join(p).exists())
            .map(str::to_string)
            .collect();
    }
    let mut files = BTreeSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if p.is_dir() {
                if name != "target" && name != ".git" && name != "corpus" {
                    stack.push(p);
                }
            } else if let Ok(rel) = p.strip_prefix(root) {
                files.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files
}

/// Link targets in Markdown text, with their line: inline links and images `[..](target)`
/// and reference definitions `[name]: target`, outside fenced code blocks and code spans.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") {
            fence = Some("```");
            continue;
        }
        if trimmed.starts_with("~~~") {
            fence = Some("~~~");
            continue;
        }
        let line = without_code_spans(line);
        if let Some(rest) = line.trim_start().strip_prefix('[') {
            if let Some((_, target)) = rest.split_once("]: ") {
                out.push((i + 1, target.split_whitespace().next().unwrap_or("").to_string()));
                continue;
            }
        }
        let mut rest = line.as_str();
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let end = rest.find(')').unwrap_or(rest.len());
            let target = rest[..end].split_whitespace().next().unwrap_or("");
            let target = target.trim_start_matches('<').trim_end_matches('>');
            out.push((i + 1, target.to_string()));
            rest = &rest[end..];
        }
    }
    out
}

/// The line with every code span (`` `...` ``) blanked out.
fn without_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
            out.push(' ');
        } else {
            out.push(if in_code { ' ' } else { c });
        }
    }
    out
}

/// The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as
/// hyphens, a repeated heading numbered from `-1`.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = BTreeSet::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || !line.starts_with('#') {
            continue;
        }
        let heading = line.trim_start_matches('#');
        if !heading.starts_with(' ') {
            continue;
        }
        // a link in a heading counts by its text
        let mut plain = String::new();
        let mut rest = heading.trim();
        while let Some(open) = rest.find("](") {
            plain.push_str(&rest[..open]);
            let close = rest[open..].find(')').map_or(rest.len(), |c| open + c + 1);
            rest = &rest[close..];
        }
        plain.push_str(rest);
        let slug: String = plain
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let n = seen.entry(slug.clone()).or_insert(0);
        out.insert(if *n == 0 { slug.clone() } else { format!("{slug}-{n}") });
        *n += 1;
    }
    out
}

/// `base/target` with `.` and `..` worked out by name; `None` when it climbs out of the
/// repository.
fn resolve(base: &Path, target: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in base.join(target).components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// Every broken relative link of the Markdown files among `files`, as `file:line: why`.
fn broken_links(files: &BTreeSet<String>, read: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let is_folder = |p: &str| p.is_empty() || files.iter().any(|f| f.starts_with(&format!("{p}/")));
    let mut broken = Vec::new();
    for md in files.iter().filter(|f| f.ends_with(".md")) {
        let Some(text) = read(md) else { continue };
        let dir = Path::new(md).parent().unwrap_or(Path::new("")).to_path_buf();
        for (line, target) in links(&text) {
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = match target.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (target.as_str(), None),
            };
            let resolved = if path.is_empty() {
                Some(md.clone())
            } else {
                resolve(&dir, path.trim_end_matches('/'))
            };
            let Some(resolved) = resolved else {
                broken.push(format!("{md}:{line}: `{target}` leaves the repository"));
                continue;
            };
            if !files.contains(&resolved) && !is_folder(&resolved) {
                broken.push(format!("{md}:{line}: `{target}` is not in the repository"));
                continue;
            }
            if let (Some(fragment), true) = (fragment, resolved.ends_with(".md")) {
                let found = read(&resolved).is_some_and(|t| anchors(&t).contains(fragment));
                if !found {
                    broken.push(format!(
                        "{md}:{line}: `{target}`: no heading `#{fragment}` in {resolved}"
                    ));
                }
            }
        }
    }
    broken
}

#[test]
fn every_relative_link_in_the_markdown_resolves_in_a_clone() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let files = repository_files(&root);
    assert!(files.contains("README.md"), "the repository's files were not found");
    let broken = broken_links(&files, &|p| std::fs::read_to_string(root.join(p)).ok());
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_link_check_finds_a_missing_file_an_outside_path_and_a_missing_heading() {
    let files: BTreeSet<String> = ["README.md", "docs/guide.md", "docs/spec/cli.md", "standards/set.toml"]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    let read = |p: &str| -> Option<String> {
        Some(
            match p {
                "README.md" => concat!(
                    "# Title\n\n## Two commands\n\n",
                    "[ok](docs/guide.md) [ok](docs/guide.md#the-guide) [ok](standards/) [ok](#two-commands)\n",
                    "[web](https://example.org/x) `[code](nowhere.md)`\n",
                    "```\n[fenced](nowhere.md)\n```\n",
                    "[gone](docs/missing.md)\n",
                    "[outside](../shared/spec/cli.md)\n",
                    "[anchor](docs/guide.md#no-such-heading)\n",
                    "[ref]: docs/also-missing.md\n",
                ),
                "docs/guide.md" => "# The guide\n\n[up](../README.md#title) [spec](spec/cli.md)\n",
                _ => "",
            }
            .to_string(),
        )
    };
    let broken = broken_links(&files, &read);
    assert_eq!(
        broken,
        [
            "README.md:10: `docs/missing.md` is not in the repository",
            "README.md:11: `../shared/spec/cli.md` leaves the repository",
            "README.md:12: `docs/guide.md#no-such-heading`: no heading `#no-such-heading` in docs/guide.md",
            "README.md:13: `docs/also-missing.md` is not in the repository",
        ]
    );
}

#[test]
fn headings_become_the_anchors_github_gives_them() {
    let a = anchors("# carecheck\n## Not reported, not done, and late\n## Exit codes\n## Exit codes\n### `--format` and [links](x.md)\n");
    let want: BTreeSet<String> = [
        "carecheck",
        "not-reported-not-done-and-late",
        "exit-codes",
        "exit-codes-1",
        "--format-and-links",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    assert_eq!(a, want);
}
