//! Any bytes as a self-assessment: load, and when it loads, evaluate every shipped standard.
//! Must never panic, abort or hang.
#![no_main]

use std::sync::OnceLock;

use carecheck_core::assessment::{self, LoadOptions};
use carecheck_core::engine::Engine;
use carecheck_core::source::SourceFile;
use carecheck_core::standards::StandardSet;
use libfuzzer_sys::fuzz_target;

fn set() -> &'static StandardSet {
    static SET: OnceLock<StandardSet> = OnceLock::new();
    SET.get_or_init(|| carecheck_shipped::whole_set(&Vec::new()).expect("shipped set loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let src = SourceFile::new("fuzz.yaml", text);
    if let Ok(a) = assessment::load(&src, &LoadOptions::default()) {
        let engine = Engine::new(set(), None);
        let as_of = a.as_of.unwrap_or(carecheck_core::dates::Date(20_000));
        let _ = engine.evaluate(&a, &src, as_of);
    }
});
