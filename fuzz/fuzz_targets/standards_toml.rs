//! Any bytes as a standards file in the shipped set: load (and so compile its conditions),
//! and lint (which runs its examples). Must never panic, abort or hang.
#![no_main]

use carecheck_core::standards::{self, SetFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files = vec![
        SetFile::new("set.toml", include_str!("../../standards/set.toml")),
        SetFile::new("fuzz/FZ-001-fuzz.toml", text),
    ];
    let _ = standards::load_partial(&files, "fuzz", &Vec::new());
    let _ = carecheck_core::lint::lint(&files, "fuzz");
});
