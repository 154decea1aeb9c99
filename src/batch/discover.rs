//! Finding the input files: paths as given, folders walked in sorted order (`.yaml`, `.yml`
//! and workbooks only), hidden files and `--exclude` matches passed over and counted, and
//! every path that cannot be used kept as a [`Target::Broken`] saying why, so the batch
//! reports it instead of stopping.

use std::path::Path;

use carecheck_core::check::{Skipped, Target};

/// Turn command-line paths into targets: files as given, directories walked (sorted;
/// `.yaml` and `.yml` only; hidden directories skipped), `-` for stdin.
pub fn discover(paths: &[String]) -> Vec<Target> {
    discover_with(paths, &[]).0
}

/// [`discover`], leaving out paths that match an `--exclude` glob, and counting what was
/// passed over.
pub fn discover_with(paths: &[String], exclude: &[String]) -> (Vec<Target>, Skipped) {
    let mut out = Vec::new();
    let mut skipped = Skipped::default();
    for p in paths {
        if p == "-" {
            out.push(Target::Stdin);
            continue;
        }
        if excluded(exclude, p) {
            skipped.excluded += 1;
            continue;
        }
        let path = Path::new(p);
        match std::fs::metadata(path) {
            Err(e) => {
                let why = if std::fs::symlink_metadata(path).is_ok() {
                    "is a broken symbolic link (its target does not exist)".to_string()
                } else if e.kind() == std::io::ErrorKind::NotFound {
                    "does not exist".to_string()
                } else {
                    format!("cannot be read: {e}")
                };
                out.push(Target::Broken(p.clone(), why));
            }
            Ok(m) if m.is_dir() => walk(path, &mut out, &mut skipped, exclude),
            Ok(_) => out.push(Target::File(path.to_path_buf())),
        }
    }
    (out, skipped)
}

/// `.yaml` or `.yml`, in any case (`.YAML` as some systems save it), or a workbook
/// (`.xlsx`, `.xlsm`, `.ods`) other than the `~$` lock file a spreadsheet program keeps
/// beside a workbook it has open.
fn is_yaml(p: &Path) -> bool {
    let lock = p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("~$"));
    p.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
        || (!lock && carecheck_workbook::is_workbook(&p.to_string_lossy()))
}

fn excluded(globs: &[String], path: &str) -> bool {
    let path = path.replace('\\', "/");
    let name = path.rsplit('/').next().unwrap_or(&path);
    globs.iter().any(|g| {
        glob_match(g.as_bytes(), path.as_bytes())
            || (!g.contains('/') && glob_match(g.as_bytes(), name.as_bytes()))
            || path
                .strip_prefix("./")
                .is_some_and(|p| glob_match(g.as_bytes(), p.as_bytes()))
    })
}

/// `*` matches within a path segment, `**` across segments, `?` one character.
pub fn glob_match(pat: &[u8], s: &[u8]) -> bool {
    // iterative with backtracking on the last star: linear in practice, never exponential
    let (mut p, mut i) = (0usize, 0usize);
    let mut star: Option<(usize, usize, bool)> = None;
    while i < s.len() {
        if p < pat.len() && pat[p] == b'*' {
            let deep = pat.get(p + 1) == Some(&b'*');
            p += if deep { 2 } else { 1 };
            if deep && pat.get(p) == Some(&b'/') {
                // `**/` also matches no folder at all
                if glob_match(&pat[p + 1..], &s[i..]) {
                    return true;
                }
            }
            star = Some((p, i, deep));
            continue;
        }
        if p < pat.len() && (pat[p] == b'?' && s[i] != b'/' || pat[p] == s[i]) {
            p += 1;
            i += 1;
            continue;
        }
        match star {
            Some((sp, si, deep)) if deep || s[si] != b'/' => {
                star = Some((sp, si + 1, deep));
                p = sp;
                i = si + 1;
            }
            _ => return false,
        }
    }
    pat[p..].iter().all(|c| *c == b'*')
}

fn walk(dir: &Path, out: &mut Vec<Target>, skipped: &mut Skipped, exclude: &[String]) {
    let mut it = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    loop {
        let entry = match it.next() {
            None => break,
            Some(Ok(e)) => e,
            Some(Err(e)) => {
                let p = e
                    .path()
                    .map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                out.push(Target::Broken(p.replace('\\', "/"), why_not_walked(&e)));
                continue;
            }
        };
        let p = entry.path();
        let name = entry.file_name().to_string_lossy();
        if entry.depth() > 0 && name.starts_with('.') {
            if entry.file_type().is_dir() {
                it.skip_current_dir();
            }
            skipped.hidden += 1;
            continue;
        }
        if entry.depth() > 0 && excluded(exclude, &p.to_string_lossy()) {
            if entry.file_type().is_dir() {
                it.skip_current_dir();
            }
            skipped.excluded += 1;
            continue;
        }
        if entry.file_type().is_dir() {
            if entry.depth() > 0 && is_yaml(p) {
                out.push(Target::Broken(
                    p.display().to_string().replace('\\', "/"),
                    "is a directory, not a self-assessment file".into(),
                ));
                it.skip_current_dir();
            }
            continue;
        }
        if !is_yaml(p) {
            skipped.not_yaml += 1;
        } else {
            // Only regular files: reading a FIFO or a device found by walking would block or
            // never end. (A FIFO named explicitly, as with `<(...)`, is the user's choice.)
            if entry.file_type().is_file() {
                out.push(Target::File(p.to_path_buf()));
            } else {
                out.push(Target::Broken(
                    p.display().to_string().replace('\\', "/"),
                    "is not a regular file (a pipe, socket or device); not read".into(),
                ));
            }
        }
    }
}

/// Why a path met while walking a folder cannot be checked, in the user's words.
fn why_not_walked(e: &walkdir::Error) -> String {
    if e.loop_ancestor().is_some() {
        "is a symbolic link that loops back to a folder above it; not followed".to_string()
    } else if let Some(io) = e.io_error() {
        match io.kind() {
            std::io::ErrorKind::PermissionDenied => "cannot be read: permission denied".to_string(),
            std::io::ErrorKind::NotFound => "is a broken symbolic link (its target does not exist)".to_string(),
            _ => format!("cannot be read: {io}"),
        }
    } else {
        format!("cannot be read: {e}")
    }
}
