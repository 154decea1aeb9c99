//! Finding input files and checking them in parallel, in a deterministic order.
//!
//! Paths are collected first (directories walked in sorted order), then checked by workers
//! that each take the next file as they finish the last; the results are handed on in input
//! order. Output is the same bytes at any `--jobs`, and memory stays flat however many files
//! there are: the workers run at most a fixed number of files ahead of the report.

use std::path::Path;

use carecheck_core::check::{check_one, CheckOptions, FileResult, Skipped, Target};
use carecheck_core::engine::Engine;
use carecheck_core::standards::StandardSet;

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
                let why = if e.loop_ancestor().is_some() {
                    "is a symbolic link that loops back to a folder above it; not followed".to_string()
                } else if let Some(io) = e.io_error() {
                    match io.kind() {
                        std::io::ErrorKind::PermissionDenied => "cannot be read: permission denied".to_string(),
                        std::io::ErrorKind::NotFound => {
                            "is a broken symbolic link (its target does not exist)".to_string()
                        }
                        _ => format!("cannot be read: {io}"),
                    }
                } else {
                    format!("cannot be read: {e}")
                };
                out.push(Target::Broken(p.replace('\\', "/"), why));
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

/// Check every target on `jobs` threads, handing results to `sink` in input order.
///
/// Each worker takes the next file as it finishes the last (no batch waits for its slowest
/// file) while the caller's thread reports: checking and writing overlap, and the order is
/// the input order at any thread count. A worker runs at most [`IN_FLIGHT`] files ahead
/// of the report, so memory stays flat however many files there are. `prepare` runs on the
/// worker right after each check, for the work on one file that needs no other file
/// (marking against a baseline, rendering a slow report).
pub fn run<F>(
    targets: &[Target],
    set: &StandardSet,
    engine: &Engine<'_>,
    opts: &CheckOptions,
    jobs: usize,
    prepare: &(dyn Fn(&mut FileResult) + Sync),
    mut sink: F,
) -> std::io::Result<()>
where
    F: FnMut(FileResult) -> std::io::Result<()>,
{
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex};
    let jobs = jobs.max(1);
    let check_one = |t: &Target| {
        let mut r = check_one(t, set, engine, opts);
        prepare(&mut r);
        r
    };
    if jobs == 1 || targets.len() <= 1 {
        for t in targets {
            sink(check_one(t))?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // how many results the report has taken, for the workers to stay within reach of it
    let reported = (Mutex::new(0usize), Condvar::new());
    let in_flight = IN_FLIGHT.max(jobs * 2);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, FileResult)>();
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(targets.len()) {
            let tx = tx.clone();
            let (next, stop, reported) = (&next, &stop, &reported);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= targets.len() {
                    break;
                }
                {
                    let (done, wake) = reported;
                    let mut done = done.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= *done + in_flight && !stop.load(Ordering::Relaxed) {
                        done = wake.wait(done).unwrap_or_else(|e| e.into_inner());
                    }
                }
                if stop.load(Ordering::Relaxed) || tx.send((i, check_one(&targets[i]))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        // results arrive in any order; each is held until those before it are written
        let mut waiting: std::collections::VecDeque<Option<FileResult>> = std::collections::VecDeque::new();
        let mut written = 0usize;
        let mut outcome = Ok(());
        for (i, r) in rx.iter() {
            let slot = i - written;
            if waiting.len() <= slot {
                waiting.resize_with(slot + 1, || None);
            }
            waiting[slot] = Some(r);
            let before = written;
            // every result from the front on that has arrived, in order
            while let Some(r) = waiting.front_mut().and_then(Option::take) {
                waiting.pop_front();
                written += 1;
                if let Err(e) = sink(r) {
                    outcome = Err(e);
                    break;
                }
            }
            if outcome.is_err() {
                break; // the reader went away (e.g. a closed pipe): stop the workers
            }
            if written != before {
                let (done, wake) = &reported;
                *done.lock().unwrap_or_else(|e| e.into_inner()) = written;
                wake.notify_all();
            }
        }
        {
            // set under the lock, so a worker about to wait cannot miss it
            let _done = reported.0.lock().unwrap_or_else(|e| e.into_inner());
            stop.store(true, Ordering::Relaxed);
        }
        reported.1.notify_all();
        drop(rx);
        outcome
    })
}

/// Worker threads when `--jobs` is not given: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// How far the workers may run ahead of the report, in files.
const IN_FLIGHT: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    /// Many small files in memory, with a one-in-seven that cannot be parsed, so results
    /// come back at different speeds.
    fn targets(n: usize) -> Vec<Target> {
        (0..n)
            .map(|i| {
                let text = if i % 7 == 3 {
                    "a: [unclosed\n".to_string()
                } else {
                    format!("schema_version: 1\nassessment: {{as_of: 2026-06-30}}\nprovider: {{kind: childrens_home, name: P{i}}}\n")
                };
                Target::Memory(format!("f{i:04}.yaml"), std::sync::Arc::from(text.into_bytes()))
            })
            .collect()
    }

    /// The paths reported, the run's result, and how many files were checked.
    fn names(jobs: usize, n: usize, stop_after: Option<usize>) -> (Vec<String>, std::io::Result<()>, usize) {
        let set = carecheck_shipped::rules_set(&Vec::new()).unwrap();
        let engine = Engine::new(&set, None);
        let opts = CheckOptions::default();
        let targets = targets(n);
        let mut seen = Vec::new();
        let checked = std::sync::atomic::AtomicUsize::new(0);
        let count = |_: &mut FileResult| {
            checked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        };
        let result = run(&targets, &set, &engine, &opts, jobs, &count, |r| {
            if stop_after == Some(seen.len()) {
                return Err(std::io::Error::other("the reader went away"));
            }
            seen.push(r.path);
            Ok(())
        });
        (seen, result, checked.into_inner())
    }

    #[test]
    fn results_come_in_input_order_at_any_thread_count() {
        let (one, result, _) = names(1, 300, None);
        assert!(result.is_ok());
        assert_eq!(one.len(), 300);
        for jobs in [2, 3, 8] {
            let (many, result, checked) = names(jobs, 300, None);
            assert_eq!(checked, 300);
            assert!(result.is_ok());
            assert_eq!(many, one, "--jobs {jobs}");
        }
    }

    #[test]
    fn a_report_that_fails_stops_the_workers_without_waiting_for_the_rest() {
        for jobs in [2, 8] {
            let (seen, result, checked) = names(jobs, 2_000, Some(5));
            assert!(result.is_err());
            assert_eq!(seen.len(), 5, "--jobs {jobs}");
            // no further than the files in flight when it failed
            assert!(
                checked <= 5 + IN_FLIGHT.max(jobs * 2) + jobs,
                "{checked} checked, --jobs {jobs}"
            );
        }
    }
}
