//! Finding input files ([`discover`]) and checking them in parallel, in a deterministic
//! order ([`run`]).
//!
//! Paths are collected first (directories walked in sorted order), then checked by workers
//! that each take the next file as they finish the last; the results are handed on in input
//! order. Output is the same bytes at any `--jobs`, and memory stays flat however many files
//! there are: the workers run at most a fixed number of files ahead of the report.

mod discover;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

pub use discover::{discover, discover_with};

use carecheck_core::check::{check_one, CheckOptions, FileResult, Target};
use carecheck_core::engine::Engine;
use carecheck_core::standards::StandardSet;

/// Check every target on `jobs` threads, handing results to `sink` in input order.
///
/// Each worker takes the next file as it finishes the last (no batch waits for its slowest
/// file) while the caller's thread reports: checking and writing overlap, and the order is
/// the input order at any thread count. A worker runs at most [`IN_FLIGHT`] files ahead
/// of the report, so memory stays flat however many files there are. `prepare` runs on the
/// worker right after each check, for the work on one file that needs no other file
/// (marking against a baseline, rendering a slow report).
///
/// `sink` borrows each result; the result is then handed back to the worker that made it
/// and freed there. A result is hundreds of allocations (findings, their texts, a rendered
/// report), and freeing them on the reporting thread, away from the heap that made them,
/// cost the run at two threads about a sixth more CPU than at one.
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
    F: FnMut(&FileResult) -> std::io::Result<()>,
{
    let jobs = jobs.max(1);
    let check_one = |t: &Target| {
        let mut r = check_one(t, set, engine, opts);
        // a bug in a report's rendering of one file stops that file, not the batch, as a
        // bug in checking it does (`check_one`)
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| prepare(&mut r))).is_err() {
            r = FileResult::internal_error(t.display(), "reporting");
        }
        r
    };
    if jobs == 1 || targets.len() <= 1 {
        for t in targets {
            sink(&check_one(t))?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let gate = Gate::new(IN_FLIGHT.max(jobs * 2));
    let workers = jobs.min(targets.len());
    // the results each worker made, reported and waiting to be freed by it
    let spent: Vec<Mutex<Vec<FileResult>>> = (0..workers).map(|_| Mutex::default()).collect();
    let (tx, rx) = std::sync::mpsc::channel::<(usize, usize, FileResult)>();
    std::thread::scope(|scope| {
        for worker in 0..workers {
            let tx = tx.clone();
            let (next, gate, check_one, spent) = (&next, &gate, &check_one, &spent[worker]);
            // each worker takes the next file as it finishes the last
            scope.spawn(move || loop {
                drop(std::mem::take(&mut *spent.lock().unwrap_or_else(|e| e.into_inner())));
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= targets.len() || !gate.wait_turn(i) || tx.send((i, worker, check_one(&targets[i]))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut in_order = InOrder::default();
        let mut outcome = Ok(());
        for (i, worker, r) in rx.iter() {
            let before = in_order.written;
            if let Err(e) = in_order.put(i, (worker, r), &mut |(worker, r): (usize, FileResult)| {
                sink(&r)?;
                spent[worker].lock().unwrap_or_else(|e| e.into_inner()).push(r);
                Ok(())
            }) {
                outcome = Err(e);
                break; // the reader went away (e.g. a closed pipe): stop the workers
            }
            if in_order.written != before {
                gate.reported(in_order.written);
            }
        }
        gate.stop();
        drop(rx);
        outcome
    })
}

/// Keeps the workers within [`IN_FLIGHT`] files of the report, and stops them when the
/// report fails.
struct Gate {
    /// How many results the report has taken.
    reported: Mutex<usize>,
    wake: Condvar,
    stop: AtomicBool,
    in_flight: usize,
    /// Workers waiting for their turn (changed under `reported`'s lock): the report wakes
    /// them only when there are some, as a wake is a system call and the workers are
    /// seldom that far ahead.
    waiting: AtomicUsize,
}

impl Gate {
    fn new(in_flight: usize) -> Gate {
        Gate {
            reported: Mutex::new(0),
            wake: Condvar::new(),
            stop: AtomicBool::new(false),
            in_flight,
            waiting: AtomicUsize::new(0),
        }
    }

    /// Wait until file `i` is within reach of the report; false when the run has stopped.
    fn wait_turn(&self, i: usize) -> bool {
        {
            let mut done = self.reported.lock().unwrap_or_else(|e| e.into_inner());
            while i >= *done + self.in_flight && !self.stop.load(Ordering::Relaxed) {
                self.waiting.fetch_add(1, Ordering::Relaxed);
                done = self.wake.wait(done).unwrap_or_else(|e| e.into_inner());
                self.waiting.fetch_sub(1, Ordering::Relaxed);
            }
        }
        !self.stop.load(Ordering::Relaxed)
    }

    /// The report has taken `written` results.
    fn reported(&self, written: usize) {
        let mut done = self.reported.lock().unwrap_or_else(|e| e.into_inner());
        *done = written;
        // read under the lock: a worker counts itself in before it waits, and cannot
        // start waiting while the lock is held here
        if self.waiting.load(Ordering::Relaxed) > 0 {
            drop(done);
            self.wake.notify_all();
        }
    }

    /// No worker takes another file.
    fn stop(&self) {
        {
            // set under the lock, so a worker about to wait cannot miss it
            let _done = self.reported.lock().unwrap_or_else(|e| e.into_inner());
            self.stop.store(true, Ordering::Relaxed);
        }
        self.wake.notify_all();
    }
}

/// Results arrive in any order; each is held until those before it are written.
struct InOrder<T> {
    waiting: VecDeque<Option<T>>,
    /// How many results were handed on.
    written: usize,
}

impl<T> Default for InOrder<T> {
    fn default() -> Self {
        InOrder {
            waiting: VecDeque::new(),
            written: 0,
        }
    }
}

impl<T> InOrder<T> {
    /// Take result `i`, then hand on every result from the front that has arrived, in
    /// order; the first error of `sink` ends it.
    fn put<F>(&mut self, i: usize, r: T, sink: &mut F) -> std::io::Result<()>
    where
        F: FnMut(T) -> std::io::Result<()>,
    {
        let slot = i - self.written;
        if self.waiting.len() <= slot {
            self.waiting.resize_with(slot + 1, || None);
        }
        self.waiting[slot] = Some(r);
        while let Some(r) = self.waiting.front_mut().and_then(Option::take) {
            self.waiting.pop_front();
            self.written += 1;
            sink(r)?;
        }
        Ok(())
    }
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
            seen.push(r.path.clone());
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

    /// A bug in rendering one file (a panic in `prepare`) makes that file invalid with an
    /// internal error, at any thread count; the other files are reported, in order.
    #[test]
    fn a_panic_while_rendering_one_file_loses_only_that_file() {
        let set = carecheck_shipped::rules_set(&Vec::new()).unwrap();
        let engine = Engine::new(&set, None);
        let opts = CheckOptions::default();
        let targets = targets(40);
        let prepare = |r: &mut FileResult| {
            assert!(r.path != "f0011.yaml", "a rendering bug");
        };
        for jobs in [1, 2, 8] {
            let mut seen = Vec::new();
            let result = run(&targets, &set, &engine, &opts, jobs, &prepare, |r| {
                seen.push((
                    r.path.clone(),
                    r.status == carecheck_core::check::FileStatus::Checked,
                    r.errors.len(),
                ));
                Ok(())
            });
            assert!(result.is_ok(), "--jobs {jobs}");
            assert_eq!(seen.len(), 40, "--jobs {jobs}");
            assert_eq!(seen[11], ("f0011.yaml".to_string(), false, 1), "--jobs {jobs}");
            assert!(seen[12].1 && seen[9].1, "--jobs {jobs}");
        }
    }
}
