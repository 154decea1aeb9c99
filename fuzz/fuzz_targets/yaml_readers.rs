//! Any text through both YAML readers: wherever the fast path reads a document, the general
//! reader must read it to the same tree, spans included (one reading of the bytes, whichever
//! reader takes them). Neither may panic, abort or hang.
#![no_main]

use carecheck_core::source::SourceFile;
use carecheck_core::yaml::{parse_fast, parse_general, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let limits = Limits::default();
    let general = parse_general(&SourceFile::new("fuzz.yaml", text), limits);
    if let Some(fast) = parse_fast(text, limits) {
        match general {
            Ok(tree) => assert_eq!(fast, tree, "the two readers read this text differently"),
            Err(problem) => panic!("the fast path read a text the general reader refuses: {}", problem.message),
        }
    }
});
