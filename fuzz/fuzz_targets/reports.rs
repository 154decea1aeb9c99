//! Any bytes as a self-assessment, checked as `carecheck check` checks a file and then
//! written in every format `check` writes. Must never panic, abort or hang: a panic in the
//! manager's wording once lost a whole batch (a ref with a wide character at its tenth byte).
#![no_main]

use std::sync::OnceLock;

use carecheck_core::check::{check_one, CheckOptions, Target};
use carecheck_core::engine::Engine;
use carecheck_core::standards::StandardSet;
use carecheck_report::Format;
use carecheck_report::{Context, Summary};
use libfuzzer_sys::fuzz_target;

fn set() -> &'static StandardSet {
    static SET: OnceLock<StandardSet> = OnceLock::new();
    SET.get_or_init(|| carecheck_shipped::whole_set(&Vec::new()).expect("shipped set loads"))
}

fuzz_target!(|data: &[u8]| {
    let set = set();
    let engine = Engine::new(set, None);
    let target = Target::Memory("fuzz.yaml".into(), std::sync::Arc::from(data.to_vec()));
    let r = check_one(&target, set, &engine, &CheckOptions::default());
    let ctx = Context::plain(set);
    let mut summary = Summary::default();
    summary.add(&r, set);
    for format in Format::CHECK {
        let mut reporter = carecheck_report::reporter(*format);
        let mut out = Vec::new();
        let _ = reporter.begin(&ctx, &mut out);
        let _ = reporter.file(&r, &ctx, &mut out);
        let _ = reporter.finish(&summary, &ctx, &mut out);
    }
});
