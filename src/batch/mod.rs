//! Finding input files ([`discover`]) and checking them in parallel, in a deterministic
//! order ([`run`]).
//!
//! Paths are collected first (directories walked in sorted order), then checked by workers
//! (the caller's thread among them) that each take the next file as they finish the last;
//! the results are handed on in input order. Output is the same bytes at any `--jobs`, and
//! memory stays flat however many files there are: no file is checked more than a fixed
//! number of files ahead of the report.

mod discover;

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

pub use discover::{discover, discover_with};

use carecheck_core::check::{check_one, CheckOptions, FileResult, Target};
use carecheck_core::engine::Engine;
use carecheck_core::standards::StandardSet;

/// Check every target on `jobs` threads, handing results to `sink` in input order.
///
/// The caller's thread is one of the `jobs`: it checks files as the others do and, between
/// two of its own, hands on every result that has come in order. No thread exists only to
/// report, so at two jobs two threads share two cores, and a result that arrives wakes
/// nobody. (A reporting thread woken by each result cost, over 10,000 files at two jobs,
/// about 26,000 context switches and 0.4 s more system time than this: see
/// `benches/README.md`.) Each worker takes the next file as it finishes the last (no batch waits
/// for its slowest file), and the order is the input order at any thread count. No file is
/// checked more than [`IN_FLIGHT`] files ahead of the report, so memory stays flat however
/// many files there are. `prepare` runs right after each check, on the thread that made
/// the result, for the work on one file that needs no other file (marking against a
/// baseline, rendering a slow report).
///
/// `sink` borrows each result; the result is then handed back to the thread that made it
/// and freed there. A result is hundreds of allocations (findings, their texts, a rendered
/// report), and freeing them away from the heap that made them cost the run at two threads
/// about a sixth more CPU than at one.
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
    let queue = Queue::new(targets.len(), IN_FLIGHT.max(jobs * 2));
    let helpers = jobs.min(targets.len()) - 1;
    // the results each helper made, reported and waiting to be freed by it
    let spent: Vec<Mutex<Vec<FileResult>>> = (0..helpers).map(|_| Mutex::default()).collect();
    std::thread::scope(|scope| {
        // however the report ends (a failing reader, or a panic in a writer), the helpers
        // waiting for room are released, so the scope's join cannot wait on them for ever
        let _release = StopOnDrop(&queue);
        for (helper, spent) in spent.iter().enumerate() {
            let (queue, check_one) = (&queue, &check_one);
            scope.spawn(move || loop {
                drop(std::mem::take(&mut *lock(spent)));
                let Some(i) = queue.claim(true) else { break };
                queue.put(i, Made::By(helper), check_one(&targets[i]));
            });
        }
        let mut outcome = Ok(());
        let mut ready = Vec::new();
        let mut reported = 0;
        'report: loop {
            queue.take_ready(&mut ready);
            for (made, r) in ready.drain(..) {
                if let Err(e) = sink(&r) {
                    // the reader went away (e.g. a closed pipe): stop the helpers
                    outcome = Err(e);
                    break 'report;
                }
                reported += 1;
                if let Made::By(helper) = made {
                    lock(&spent[helper]).push(r);
                }
            }
            if queue.reported(reported) {
                break;
            }
            // check a file here while the helpers work; when none is within reach, wait
            // for the next result instead
            match queue.claim(false) {
                Some(i) => queue.put(i, Made::Here, check_one(&targets[i])),
                None => queue.wait_for_next(),
            }
        }
        outcome
    })
}

/// Stops the queue when dropped.
struct StopOnDrop<'q>(&'q Queue);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

/// Which thread made a result, to free it there.
#[derive(Clone, Copy)]
enum Made {
    /// The caller's thread, which reports.
    Here,
    /// A helper thread, by its index.
    By(usize),
}

/// A lock whose holder panicked is still used: every change under these locks is a
/// single step that leaves them whole.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The files to claim and the results waiting to be reported, shared by the threads of
/// one run.
struct Queue {
    state: Mutex<QueueState>,
    /// A helper may claim again: the report has moved on, or the run has stopped.
    room: Condvar,
    /// The result the report waits for has come.
    arrived: Condvar,
    /// How many files there are.
    files: usize,
    /// How far ahead of the report a file may be claimed.
    in_flight: usize,
}

struct QueueState {
    /// The next file to claim.
    next: usize,
    /// How many results the report has handed on: no file is claimed [`Queue::in_flight`]
    /// or more beyond.
    reported: usize,
    /// Results come in any order; each waits here until those before it are taken.
    waiting: InOrder<(Made, FileResult)>,
    /// Helpers waiting for room, and whether the report waits for a result: a wake is a
    /// system call, made only when somebody waits.
    helpers_waiting: usize,
    report_waiting: bool,
    stopped: bool,
}

impl Queue {
    fn new(files: usize, in_flight: usize) -> Queue {
        Queue {
            state: Mutex::new(QueueState {
                next: 0,
                reported: 0,
                waiting: InOrder::default(),
                helpers_waiting: 0,
                report_waiting: false,
                stopped: false,
            }),
            room: Condvar::new(),
            arrived: Condvar::new(),
            files,
            in_flight,
        }
    }

    /// The next file within reach of the report; `None` when every file is claimed or the
    /// run has stopped, or (when `wait` is false) when the next is out of reach.
    fn claim(&self, wait: bool) -> Option<usize> {
        let mut s = lock(&self.state);
        loop {
            if s.stopped || s.next >= self.files {
                return None;
            }
            if s.next < s.reported + self.in_flight {
                s.next += 1;
                return Some(s.next - 1);
            }
            if !wait {
                return None;
            }
            s.helpers_waiting += 1;
            s = self.room.wait(s).unwrap_or_else(std::sync::PoisonError::into_inner);
            s.helpers_waiting -= 1;
        }
    }

    /// Result `i` is made.
    fn put(&self, i: usize, made: Made, r: FileResult) {
        let mut s = lock(&self.state);
        s.waiting.put(i, (made, r));
        if s.report_waiting && s.waiting.front_ready() {
            s.report_waiting = false;
            drop(s);
            self.arrived.notify_one();
        }
    }

    /// Move every result that has come in order into `ready`.
    fn take_ready(&self, ready: &mut Vec<(Made, FileResult)>) {
        lock(&self.state).waiting.take_ready(ready);
    }

    /// The report has handed on `reported` results: make room for the helpers; true when
    /// that is every file.
    fn reported(&self, reported: usize) -> bool {
        let mut s = lock(&self.state);
        if s.reported != reported {
            s.reported = reported;
            if s.helpers_waiting > 0 {
                drop(s);
                self.room.notify_all();
            }
        }
        reported >= self.files
    }

    /// Wait until the next result in order has come (or the run has stopped).
    fn wait_for_next(&self) {
        let mut s = lock(&self.state);
        while !s.waiting.front_ready() && !s.stopped {
            s.report_waiting = true;
            s = self.arrived.wait(s).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }

    /// No helper claims another file.
    fn stop(&self) {
        lock(&self.state).stopped = true;
        self.room.notify_all();
    }
}

/// Results arrive in any order; each is held until those before it are taken.
struct InOrder<T> {
    waiting: VecDeque<Option<T>>,
    /// How many results were taken.
    taken: usize,
}

impl<T> Default for InOrder<T> {
    fn default() -> Self {
        InOrder {
            waiting: VecDeque::new(),
            taken: 0,
        }
    }
}

impl<T> InOrder<T> {
    /// Hold result `i`.
    fn put(&mut self, i: usize, r: T) {
        let slot = i - self.taken;
        if self.waiting.len() <= slot {
            self.waiting.resize_with(slot + 1, || None);
        }
        self.waiting[slot] = Some(r);
    }

    /// Whether the next result in order has come.
    fn front_ready(&self) -> bool {
        self.waiting.front().is_some_and(Option::is_some)
    }

    /// Move every result from the front that has come, in order, into `out`.
    fn take_ready(&mut self, out: &mut Vec<T>) {
        while let Some(r) = self.waiting.front_mut().and_then(Option::take) {
            self.waiting.pop_front();
            self.taken += 1;
            out.push(r);
        }
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

    /// A writer that panics mid-batch ends the run with that panic; the helpers waiting
    /// for room are released rather than left to hold the scope open for ever.
    #[test]
    fn a_panic_in_the_report_does_not_leave_the_helpers_waiting() {
        for jobs in [2, 4] {
            // run on a thread of its own, so that a hang fails the test instead of stalling it
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let set = carecheck_shipped::rules_set(&Vec::new()).unwrap();
                let engine = Engine::new(&set, None);
                let opts = CheckOptions::default();
                let targets = targets(2_000);
                let mut seen = 0;
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run(&targets, &set, &engine, &opts, jobs, &|_| {}, |_| {
                        seen += 1;
                        assert!(seen < 3, "a writer's bug");
                        Ok(())
                    })
                }));
                let _ = tx.send(outcome.is_err());
            });
            let panicked = rx.recv_timeout(std::time::Duration::from_secs(60));
            assert_eq!(
                panicked,
                Ok(true),
                "--jobs {jobs}: the run did not end with the writer's panic"
            );
        }
    }

    /// `--jobs N` is N threads in all, the caller's among them, so that no thread is woken
    /// only to report a result.
    #[test]
    fn the_callers_thread_is_one_of_the_jobs() {
        let set = carecheck_shipped::rules_set(&Vec::new()).unwrap();
        let engine = Engine::new(&set, None);
        let opts = CheckOptions::default();
        let targets = targets(400);
        for jobs in [2, 3] {
            let threads = Mutex::new(std::collections::HashMap::<std::thread::ThreadId, usize>::new());
            let note = |_: &mut FileResult| {
                *lock(&threads).entry(std::thread::current().id()).or_default() += 1;
            };
            let mut reported_on = std::collections::HashSet::new();
            let result = run(&targets, &set, &engine, &opts, jobs, &note, |_| {
                reported_on.insert(std::thread::current().id());
                Ok(())
            });
            assert!(result.is_ok());
            let threads = threads.into_inner().unwrap();
            assert_eq!(threads.values().sum::<usize>(), 400, "--jobs {jobs}");
            assert!(
                threads.len() <= jobs,
                "{} threads checked files at --jobs {jobs}",
                threads.len()
            );
            let caller = std::thread::current().id();
            assert_eq!(
                reported_on.into_iter().collect::<Vec<_>>(),
                vec![caller],
                "--jobs {jobs}"
            );
            assert!(
                threads.contains_key(&caller),
                "--jobs {jobs}: the caller checked nothing"
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
