//! The carecheck program: the command line on top of the checker (`carecheck-core`) and the
//! reports (`carecheck-report`). It parses the arguments, finds the files, runs the checks on
//! worker threads and writes the reports; everything it decides about a file, the libraries
//! decide.
use std::process::ExitCode;

use clap::Parser;

mod batch;
mod cli;
mod commands;
mod progress;

/// mimalloc: a batch allocates and frees millions of small values (scalars, records,
/// findings), and this allocator does it in about a fifth less time than glibc's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v3, as pinned in Cargo.toml): how long freed
/// memory is kept before it goes back to the system. The sys crate exports no constant for
/// it; the test below holds the number to the option.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const PURGE_DELAY_MS: std::ffi::c_long = 100;

fn main() -> ExitCode {
    // Freed memory goes back to the system after 100 ms instead of mimalloc's default (1000 ms
    // in the v3 sources the sys crate builds): with the default, the chunks of files a batch
    // has finished with pile up past the memory target at 100,000 files; at 5 ms, the same
    // pages are handed back and faulted in again tens of thousands of times a run (69,560
    // `madvise` calls over 10,000 files), a tenth of a one-thread run's time; at 0, the system
    // time of a one-thread run triples (benches/README.md, "The allocator's purge delay").
    // SAFETY: sets one option's value; every value is valid, and no other thread runs yet.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS);
    };
    // `carecheck FILE`, as a file dropped on the program arrives: the HTML report beside it
    if let Some(file) = commands::open::dropped_file(std::env::args_os()) {
        return ExitCode::from(commands::open::run(&file).code());
    }
    let cli = cli::Cli::parse();
    ExitCode::from(commands::run(cli).code())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Option 15 is the purge delay: it has the purge delay's default in mimalloc v3's
    /// options.c (1000 ms), and setting it reads back. (The header's comment says 10: that is
    /// v2's default.)
    #[test]
    #[allow(unsafe_code)]
    fn the_numbered_allocator_option_is_the_purge_delay() {
        // SAFETY: reading and setting one option; each value is valid.
        unsafe {
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), 1000);
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 7);
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), 7);
        }
    }
}
