//! `carecheck check`: load the standards, walk the inputs, check in parallel, report.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};

use super::{load_set_for_checking, use_color, ExitStatus};
use crate::batch;
use crate::cli::CheckArgs;
use crate::progress::Progress;
use carecheck_core::check::{CheckOptions, FileResult, Target};
use carecheck_core::engine::Engine;
use carecheck_core::finding::{Outcome, Severity};
use carecheck_core::node::did_you_mean;
use carecheck_core::standards::{StandardSet, TEST_IDS};
use carecheck_report::summary_table::SummaryTable;
use carecheck_report::{self, Context, Format, Reporter, Summary};

/// The output buffer for a file or a pipe: a file's JSON (about 60 KB) went out in four
/// write calls through the default 8 KB, a fifth of a one-thread run's system time. At
/// 32 KB a file's report goes straight out in one, and the small pieces between are
/// gathered.
const OUTPUT_BUFFER: usize = 32 * 1024;

/// Which standards `--select` / `--ignore` leave on. Each word is a standard id, an id
/// prefix ending in `-`, or a test id; an unknown word is an error, never silently nothing.
pub fn selection(set: &StandardSet, select: &[String], ignore: &[String]) -> Result<Vec<bool>, super::UsageError> {
    // ids and tests are matched whatever their case (`lr-001` is LR-001)
    let matches = |word: &str, id: &str, test: &str| {
        word.eq_ignore_ascii_case(id)
            || word.eq_ignore_ascii_case(test)
            || (word.ends_with('-') && id.get(..word.len()).is_some_and(|p| p.eq_ignore_ascii_case(word)))
    };
    for w in select.iter().chain(ignore) {
        let known = set.standards.iter().any(|s| matches(w, &s.id, &s.test));
        if !known {
            let cands = set
                .standards
                .iter()
                .map(|s| s.id.as_str())
                .chain(TEST_IDS.iter().copied());
            return Err(super::UsageError::UnknownSelector {
                word: w.clone(),
                hint: did_you_mean(w, cands).map(str::to_string),
            });
        }
    }
    Ok(set
        .standards
        .iter()
        .map(|s| {
            let sel = select.is_empty() || select.iter().any(|w| matches(w, &s.id, &s.test));
            sel && !ignore.iter().any(|w| matches(w, &s.id, &s.test))
        })
        .collect())
}

struct Output {
    format: Format,
    reporter: Box<dyn Reporter>,
    sink: Box<dyn Write>,
    to_stdout: bool,
    /// Its reader went away (`| head`): nothing more is written to it, but the run goes on
    /// to its real exit status.
    closed: bool,
}

/// A write that failed because the reader closed the pipe closes that output quietly;
/// any other failure is an error.
fn closed_quietly(o: &mut Output, r: io::Result<()>) -> io::Result<()> {
    match r {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            o.closed = true;
            Ok(())
        }
        other => other,
    }
}

/// Write one file's report to every output still open. A bug in a writer (a panic) costs
/// that file's part of that output, not the batch: it is named on standard error, the other
/// outputs and files are still written, and the run ends with exit 2. Returns whether a
/// writer failed that way. (The human and JSON reports are rendered on the workers, where
/// `batch::run` guards them in the same way.)
fn write_to_outputs(outs: &mut [Output], r: &FileResult, ctx: &Context<'_>) -> io::Result<bool> {
    let mut bug = false;
    for o in outs.iter_mut().filter(|o| !o.closed) {
        let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| o.reporter.file(r, ctx, &mut o.sink)));
        match written {
            Ok(res) => closed_quietly(o, res)?,
            Err(_) => {
                bug = true;
                eprintln!(
                    "carecheck: internal error while writing the {} report of `{}` (a bug in carecheck): that part of the report may be incomplete; the other files are reported",
                    o.format.name(),
                    carecheck_core::finding::printable(&r.path)
                );
            }
        }
    }
    Ok(bug)
}

fn outputs(specs: &[String]) -> Result<Vec<Output>, super::UsageError> {
    let specs: Vec<String> = if specs.is_empty() {
        vec!["human".into()]
    } else {
        specs.to_vec()
    };
    let mut out = Vec::new();
    let mut stdout_taken = false;
    // refused before any file is created
    let mut files: Vec<&str> = Vec::new();
    for spec in &specs {
        if let Some((_, p)) = spec.split_once(':') {
            if p != "-" {
                if files.contains(&p) {
                    return Err(super::UsageError::TwoFormatsOneFile(p.to_string()));
                }
                files.push(p);
            }
        }
    }
    for spec in specs.clone() {
        let (name, path) = match spec.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (spec.as_str(), None),
        };
        let Some(format) = Format::parse(name) else {
            let names = Format::names(Format::CHECK);
            return Err(super::UsageError::UnknownFormat {
                name: name.to_string(),
                hint: did_you_mean(name, names.iter().copied()).map(str::to_string),
                available: names.iter().map(|n| (*n).to_string()).collect(),
            });
        };
        let (sink, to_stdout): (Box<dyn Write>, bool) = match path {
            None | Some("-") => {
                if stdout_taken {
                    return Err(super::UsageError::TwoFormatsOnStandardOutput);
                }
                stdout_taken = true;
                // a person at a terminal sees the report as it comes; a pipe or a file
                // takes it in fewer, larger writes
                let capacity = if io::stdout().is_terminal() {
                    8 * 1024
                } else {
                    OUTPUT_BUFFER
                };
                (Box::new(BufWriter::with_capacity(capacity, io::stdout())), true)
            }
            Some(p) => (
                Box::new(BufWriter::with_capacity(
                    OUTPUT_BUFFER,
                    File::create(p).map_err(|source| super::UsageError::ReportUnwritable {
                        path: p.to_string(),
                        source,
                    })?,
                )),
                false,
            ),
        };
        // a batch's HTML or Markdown written to a file is an overview, with each provider's
        // detail in a page of its own in a folder beside it
        let reporter: Box<dyn Reporter> = match (format, path) {
            (Format::Html, Some(p)) if p != "-" => Box::new(carecheck_report::html::Html::paged(
                carecheck_report::html::Pages::beside(std::path::Path::new(p)),
            )),
            (Format::Markdown, Some(p)) if p != "-" => Box::new(carecheck_report::markdown::Markdown::paged(
                carecheck_report::html::Pages::beside(std::path::Path::new(p)),
            )),
            _ => carecheck_report::reporter(format),
        };
        out.push(Output {
            format,
            reporter,
            sink,
            to_stdout,
            closed: false,
        });
    }
    Ok(out)
}

/// Run `check`: the set and the flags, the inputs, the outputs, then every file through
/// the batch into the reporters, then the tally, the tables and the exit status.
pub fn run(args: &CheckArgs) -> io::Result<ExitStatus> {
    let set = match load_set_for_checking(&args.set) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let fail = |m: String| {
        // a message may quote a file (a baseline that cannot be read): shown printable
        eprintln!("carecheck: {}", carecheck_core::finding::printable(&m));
        Ok(ExitStatus::Error)
    };
    let enabled = match selection(&set, &args.select, &args.ignore) {
        Ok(e) => e,
        Err(m) => return fail(m.to_string()),
    };
    let as_of = match super::parse_as_of(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(m) => return fail(m.to_string()),
    };
    let fail_on = Severity::parse(&args.fail_on);
    // Inputs are found before any report file is created, and a report written inside
    // the folder being checked is never read back as input.
    let (mut targets, skipped) = batch::discover_with(&args.paths, &args.exclude);
    if args.fix || args.diff {
        return super::fix::run(args, &set, enabled, as_of, &targets);
    }
    let mut baseline = match args.baseline.as_deref().map(carecheck_core::baseline::Baseline::load) {
        None => None,
        Some(Ok(b)) => Some(b),
        Some(Err(e)) => return fail(e.to_string()),
    };
    let mut outs = match outputs(&args.formats) {
        Ok(o) => o,
        Err(m) => return fail(m.to_string()),
    };
    leave_out_reports(&mut targets, &args.formats);
    if targets.is_empty() {
        return fail(format!("no .yaml or .yml files found under {}", args.paths.join(", ")));
    }
    if let Some(b) = baseline.as_mut() {
        // a baseline file still in this run is its own, never another's with its URN
        b.set_run_paths(targets.iter().map(Target::display));
        if !args.quiet {
            for (urn, n) in b.duplicate_urns() {
                eprintln!(
                    "carecheck: the baseline has {n} files with URN {urn}: they are different providers' files, matched to this run's by path or file name"
                );
            }
        }
    }
    let baseline = baseline;
    let mut engine = Engine::new(&set, Some(enabled));
    engine.personal_data_guard = !args.allow_personal_data;
    // only the reports with a to-do list (human, Markdown, HTML) show every missing field
    engine.list_missing_fields = outs
        .iter()
        .any(|o| matches!(o.format, Format::Human | Format::Markdown | Format::Html));
    let jobs = args.jobs.unwrap_or_else(batch::default_jobs);
    let opts = CheckOptions {
        as_of,
        max_file_bytes: args.max_file_size,
        min_completeness: args.min_completeness,
        reader: Some(carecheck_workbook::read_for_check),
        ..CheckOptions::default()
    };
    let ctx = Context {
        set: &set,
        as_of: as_of.map(|d| d.to_string()),
        color: use_color(&args.color, io::stdout().is_terminal()),
        quiet: args.quiet,
        fail_on,
        width: if io::stdout().is_terminal() {
            terminal_width()
        } else {
            100
        },
        personal_data_guard: !args.allow_personal_data,
    };
    for o in outs.iter_mut() {
        o.reporter.begin(&ctx, &mut o.sink)?;
    }
    let mut summary = Summary {
        personal_data_guard_off: args.allow_personal_data,
        skipped: skipped.into(),
        ..Summary::default()
    };
    let mut table = SummaryTable::default();
    let mut reached = false;
    // a writer that panicked on a file (see `write_to_outputs`): the run cannot be trusted
    let mut writer_bug = false;
    // with --baseline: the providers of this run, to name the baseline's that are missing
    let mut seen: std::collections::HashSet<usize> = std::collections::HashSet::new();
    // and how many files of this run carry each URN, to say when one is shared
    let mut urns: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut progress = Progress::new(targets.len());
    // Work on one file that needs no other runs on the worker that checked it: marking
    // against the baseline, and rendering the human and JSON reports.
    let human_wanted = outs.iter().any(|o| o.format == Format::Human);
    let json_wanted = outs.iter().any(|o| o.format == Format::Json);
    // --kind: a file of another kind is passed over (and counted by the writer)
    let other_kind = |r: &FileResult| !args.kind.is_empty() && r.kind.as_ref().is_some_and(|k| !args.kind.contains(k));
    let prepare = |r: &mut FileResult| {
        if other_kind(r) {
            return;
        }
        if let Some(b) = &baseline {
            b.apply(r);
        }
        if human_wanted {
            let bytes = carecheck_report::human::render_file(r, &ctx);
            r.rendered.push(("human", bytes));
        }
        if json_wanted {
            let bytes = carecheck_report::json::render_file(r);
            r.rendered.push(("json", bytes));
        }
    };
    batch::run(&targets, &set, &engine, &opts, jobs, &prepare, |r| {
        progress.tick();
        // --kind: a file of another kind is passed over, and counted
        if other_kind(r) {
            summary.skipped.other_kind += 1;
            return Ok(());
        }
        summary.add(r, &set);
        if let Some(b) = &baseline {
            seen.extend(b.matched(r.urn.as_deref(), &r.path));
            if let Some(u) = r.urn.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
                *urns.entry(u.to_string()).or_insert(0) += 1;
            }
        }
        reached |= reaches_fail_on(r, fail_on, args.fail_on_new);
        if args.summary {
            table.add(r);
        }
        writer_bug |= write_to_outputs(&mut outs, r, &ctx)?;
        Ok(())
    })?;
    for o in outs.iter_mut() {
        if !o.closed {
            let res = o
                .reporter
                .finish(&summary, &ctx, &mut o.sink)
                .and_then(|()| o.sink.flush());
            closed_quietly(o, res)?;
        }
    }
    if !args.quiet {
        for (urn, n) in urns.iter().filter(|(_, n)| **n > 1) {
            eprintln!(
                "carecheck: {n} files of this run have URN {urn}: they are matched to the baseline by path or file name, never merged"
            );
        }
    }
    if let Some(b) = &baseline {
        if !args.quiet {
            name_missing(&b.missing(&seen));
        }
    }
    print_tally(args, &outs, &summary);
    let tables = tables(args, table, baseline.is_some(), &summary, &set);
    print_tables(&tables, &outs)?;
    let status = if summary.invalid_files > 0 || writer_bug {
        ExitStatus::Error
    } else if reached {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    };
    // The process ends with this command: the compiled standards are left for the system to
    // take back at exit rather than freed one allocation at a time, which was a tenth of the
    // work of checking one file.
    std::mem::forget(engine);
    std::mem::forget(set);
    Ok(status)
}

/// Leave out of the inputs the files this run writes its reports to, so a report written
/// inside the folder being checked is never read back as input.
fn leave_out_reports(targets: &mut Vec<Target>, formats: &[String]) {
    let written: Vec<std::path::PathBuf> = formats
        .iter()
        .filter_map(|s| s.split_once(':').map(|(_, p)| p))
        .filter(|p| *p != "-")
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    if !written.is_empty() {
        targets.retain(|t| match t {
            Target::File(p) => std::fs::canonicalize(p).map_or(true, |c| !written.contains(&c)),
            _ => true,
        });
    }
}

/// Whether a file has a failed finding at or above `--fail-on` (with `--fail-on-new`, a new
/// one only).
fn reaches_fail_on(r: &FileResult, fail_on: Option<Severity>, new_only: bool) -> bool {
    r.findings.iter().any(|f| {
        f.outcome == Outcome::Fail
            && fail_on.is_some_and(|t| f.severity >= t)
            && (!new_only || f.baseline == Some(carecheck_core::finding::BaselineState::New))
    })
}

/// The baseline's providers that did not resubmit: named, never silently left out.
fn name_missing(missing: &[String]) {
    if missing.is_empty() {
        return;
    }
    eprintln!(
        "{} in the baseline {} missing from this run:",
        if missing.len() == 1 {
            "1 provider".to_string()
        } else {
            format!("{} providers", missing.len())
        },
        if missing.len() == 1 { "is" } else { "are" }
    );
    for m in missing {
        eprintln!("  {}", carecheck_core::finding::printable(m));
    }
}

/// The tally, when no report on standard output carries it: every report went to a file,
/// or there is none, and the tally still reaches the person who ran it (on stderr when
/// stdout carries CSV tables; concise output is one finding a line, so its tally goes to
/// stderr too).
fn print_tally(args: &CheckArgs, outs: &[Output], summary: &Summary) {
    let real_on_stdout = outs
        .iter()
        .any(|o| o.to_stdout && !matches!(o.format, Format::None | Format::Concise));
    let none_on_stdout = outs.iter().any(|o| o.to_stdout && o.format == Format::None);
    if !args.quiet && !real_on_stdout {
        if none_on_stdout && !args.tables_csv {
            println!("{}", summary.tally());
        } else {
            eprintln!("{}", summary.tally());
        }
    }
}

/// `--summary` and `--statistics`, in boxes or as CSV.
fn tables(args: &CheckArgs, table: SummaryTable, baseline: bool, summary: &Summary, set: &StandardSet) -> String {
    let wrap = io::stdout().is_terminal();
    let mut tables = String::new();
    if args.summary {
        // the new and resolved columns only against a baseline
        if args.tables_csv {
            tables.push_str(&table.csv(baseline));
        } else {
            tables.push_str(&table.boxes(baseline, wrap));
        }
    }
    if args.statistics {
        let stats = carecheck_report::statistics::Statistics::of(summary, set);
        if args.tables_csv {
            if !tables.is_empty() {
                tables.push_str("\r\n");
            }
            tables.push_str(&carecheck_report::statistics::csv(&stats, args.sort_by_share));
        } else {
            tables.push_str(&carecheck_report::statistics::boxes(&stats, args.sort_by_share, wrap));
        }
    }
    tables
}

/// The tables go to stdout unless a machine format already holds it.
fn print_tables(tables: &str, outs: &[Output]) -> io::Result<()> {
    if tables.is_empty() {
        return Ok(());
    }
    let machine_on_stdout = outs
        .iter()
        .any(|o| o.to_stdout && !matches!(o.format, Format::Human | Format::Concise | Format::None));
    if machine_on_stdout {
        eprint!("{tables}");
    } else {
        let mut so = io::stdout().lock();
        so.write_all(tables.as_bytes())?;
        so.flush()?;
    }
    Ok(())
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer with a bug on one file.
    struct PanicsOn(&'static str);

    impl Reporter for PanicsOn {
        fn file(&mut self, r: &FileResult, _ctx: &Context<'_>, out: &mut dyn Write) -> io::Result<()> {
            assert!(r.path != self.0, "a writer's bug");
            writeln!(out, "{}", r.path)
        }
        fn finish(&mut self, _summary: &Summary, _ctx: &Context<'_>, _out: &mut dyn Write) -> io::Result<()> {
            Ok(())
        }
    }

    /// Writes what it is given to a buffer the test can read afterwards.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A panic in one output's writer on one file loses neither the other files of that
    /// output nor the other outputs, and is reported as a bug.
    #[test]
    fn a_writer_that_panics_on_one_file_loses_only_that_part() {
        let set = carecheck_shipped::rules_set(&Vec::new()).unwrap();
        let engine = Engine::new(&set, None);
        let ctx = Context {
            width: 80,
            ..Context::plain(&set)
        };
        let (buggy, concise) = (Shared::default(), Shared::default());
        let mut outs = vec![
            Output {
                format: Format::Markdown,
                reporter: Box::new(PanicsOn("b.yaml")),
                sink: Box::new(buggy.clone()),
                to_stdout: false,
                closed: false,
            },
            Output {
                format: Format::Concise,
                reporter: carecheck_report::reporter(Format::Concise),
                sink: Box::new(concise.clone()),
                to_stdout: false,
                closed: false,
            },
        ];
        let mut bugs = Vec::new();
        for name in ["a.yaml", "b.yaml", "c.yaml"] {
            let text = "schema_version: 1\nassessment: {as_of: 2026-06-30}\nprovider: {kind: childrens_home}\nhome: {missing_child_policy: false}\n";
            let target = Target::Memory(name.into(), std::sync::Arc::from(text.as_bytes().to_vec()));
            let r = carecheck_core::check::check_one(&target, &set, &engine, &CheckOptions::default());
            bugs.push(write_to_outputs(&mut outs, &r, &ctx).unwrap());
        }
        assert_eq!(bugs, [false, true, false]);
        assert_eq!(String::from_utf8_lossy(&buggy.0.borrow()), "a.yaml\nc.yaml\n");
        let concise = String::from_utf8_lossy(&concise.0.borrow()).into_owned();
        for name in ["a.yaml", "b.yaml", "c.yaml"] {
            assert!(concise.contains(&format!("{name}:")), "{name} in {concise}");
        }
    }
}
