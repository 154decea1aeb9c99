//! The progress line of a batch on a terminal: `120/4000 files, 310 files/s, 12 s left`,
//! redrawn at most five times a second on standard error and wiped at the end. Silent for a
//! single file, when standard error is not a terminal, and in CI, where it would only fill
//! the log.

use std::io::IsTerminal;
use std::time::Instant;

/// Counts the files reported and redraws the line.
pub struct Progress {
    shown: bool,
    total: usize,
    done: usize,
    started: Instant,
    last_shown: Instant,
}

impl Progress {
    /// For a batch of `total` files.
    pub fn new(total: usize) -> Progress {
        let started = Instant::now();
        Progress {
            shown: total > 1 && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none(),
            total,
            done: 0,
            started,
            last_shown: started,
        }
    }

    /// One more file reported.
    pub fn tick(&mut self) {
        self.done += 1;
        let (done, total) = (self.done, self.total);
        if self.shown && (self.last_shown.elapsed().as_millis() >= 200 || done == total) {
            self.last_shown = Instant::now();
            let secs = self.started.elapsed().as_secs_f64().max(0.001);
            let rate = done as f64 / secs;
            let left = total.saturating_sub(done) as f64 / rate.max(0.001);
            eprint!("\r  {done}/{total} files, {rate:.0} files/s, {left:.0} s left   ");
            if done == total {
                eprint!("\r{}\r", " ".repeat(60));
            }
        }
    }
}
