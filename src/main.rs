//! The carecheck binary: parse the arguments, run, set the exit code.
use std::process::ExitCode;

use clap::Parser;

/// mimalloc: a batch allocates and frees millions of small values (scalars, records,
/// findings), and this allocator does it in about a fifth less time than glibc's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v3, as pinned in Cargo.toml): how long freed
/// memory is kept before it goes back to the system.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const PURGE_DELAY_MS: std::ffi::c_long = 5;

fn main() -> ExitCode {
    // Freed memory goes back to the system after 5 ms instead of mimalloc's 10: at 10, the
    // chunks of files a batch has finished with pile up to half as much again as glibc's peak;
    // at 0, the same memory is handed back and asked for again so often that the system time
    // of a one-thread run triples. Measured in the README's Performance section.
    // SAFETY: sets one option's value; every value is valid, and no other thread runs yet.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    let cli = carecheck::cli::Cli::parse();
    ExitCode::from(carecheck::commands::run(cli).code())
}
