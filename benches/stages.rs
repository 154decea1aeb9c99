//! `cargo bench`: where the time goes, stage by stage, on a generated corpus held in memory.
//! Each stage includes the ones before it; figures are MB/s and files/s on one thread, and
//! ratios against the YAML-parse-only floor measured in the same run (medians of 5 runs).
//!
//! Then, apart: loading the embedded standards (once per process), and writing each output
//! format for the whole corpus on one thread, as a ratio to the JSON report.
//!
//! The corpus comes from benches/gen_corpus.py (1,000 files, seed 42); it is generated into
//! bench-out/ when missing.

use std::time::Instant;

use carecheck_core::assessment::{self, LoadOptions};
use carecheck_core::engine::Engine;
use carecheck_core::source::SourceFile;

fn corpus() -> Vec<String> {
    let dir = std::path::Path::new("bench-out/corpus-1000");
    if !dir.is_dir() {
        let ok = std::process::Command::new("python3")
            .args([
                "benches/gen_corpus.py",
                "--files",
                "1000",
                "--out",
                "bench-out/corpus-1000",
            ])
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "python3 benches/gen_corpus.py failed");
    }
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

fn time<F: FnMut()>(mut f: F) -> f64 {
    let mut runs: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .collect();
    runs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    runs[2]
}

fn main() {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let set = carecheck_shipped::whole_set(&Vec::new()).unwrap();
    let engine = Engine::new(&set, None);
    let srcs: Vec<SourceFile> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| SourceFile::new(format!("f{i}.yaml"), t.as_str()))
        .collect();
    let opts = LoadOptions::default();

    let index = time(|| {
        for t in &texts {
            std::hint::black_box(SourceFile::new("f.yaml", t.as_str()));
        }
    });
    let parse = time(|| {
        for s in &srcs {
            std::hint::black_box(carecheck_core::yaml::parse(s, Default::default()).unwrap());
        }
    });
    // the general reader, which every file outside the fast path's part of YAML takes
    let parse_general = time(|| {
        for s in &srcs {
            std::hint::black_box(carecheck_core::yaml::parse_general(s, Default::default()).unwrap());
        }
    });
    let load = time(|| {
        for s in &srcs {
            std::hint::black_box(assessment::load(s, &opts).unwrap());
        }
    });
    let check = time(|| {
        for s in &srcs {
            let a = assessment::load(s, &opts).unwrap();
            std::hint::black_box(engine.evaluate(&a, s, a.as_of.unwrap()));
        }
    });
    let mb = bytes as f64 / 1e6;
    println!("{} files, {mb:.2} MB, one thread; medians of 5 runs\n", texts.len());
    println!("| stage | s | MB/s | files/s | x parse |");
    println!("|---|---:|---:|---:|---:|");
    for (name, t) in [
        ("line index", index),
        ("YAML parse, general reader (saphyr-parser)", parse_general),
        ("YAML parse (the floor; the fast path for plain block YAML)", parse),
        ("+ validate (load)", load),
        ("+ evaluate the shipped standards", check),
    ] {
        println!(
            "| {name} | {t:.3} | {:.1} | {:.0} | {:.2} |",
            mb / t,
            texts.len() as f64 / t,
            t / parse
        );
    }

    let set_load = time(|| {
        std::hint::black_box(carecheck_shipped::whole_set(&Vec::new()).unwrap());
    });
    // what `check` reads: the same standards without their examples
    let rules_load = time(|| {
        std::hint::black_box(carecheck_shipped::compile_rules().unwrap());
    });
    println!("\n| loading the embedded standards | ms |");
    println!("|---|---:|");
    println!("| whole files (lint, explain, doc) | {:.2} |", set_load * 1000.0);
    println!(
        "| without their examples (check, compare) | {:.2} |",
        rules_load * 1000.0
    );

    // every output format over the same results
    use carecheck_core::check::{self as batch, CheckOptions, Target};
    use carecheck_report::{self, Context, Format, Summary};
    let opts = CheckOptions::default();
    let results: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let target = Target::Memory(format!("f{i}.yaml"), std::sync::Arc::from(t.as_bytes()));
            batch::check_one(&target, &set, &engine, &opts)
        })
        .collect();
    let mut summary = Summary::default();
    for r in &results {
        summary.add(r, &set);
    }
    let ctx = Context {
        fail_on: Some(carecheck_core::finding::Severity::Error),
        ..Context::plain(&set)
    };
    let write = |format: Format| {
        let mut out: Vec<u8> = Vec::new();
        let mut rep = carecheck_report::reporter(format);
        rep.begin(&ctx, &mut out).unwrap();
        for r in &results {
            rep.file(r, &ctx, &mut out).unwrap();
        }
        rep.finish(&summary, &ctx, &mut out).unwrap();
        out.len()
    };
    let json = time(|| {
        std::hint::black_box(write(Format::Json));
    });
    println!(
        "\n| writing the report ({} files, one thread) | s | MB written | x JSON |",
        texts.len()
    );
    println!("|---|---:|---:|---:|");
    for (name, format) in [
        ("json", Format::Json),
        ("human", Format::Human),
        ("concise", Format::Concise),
        ("github", Format::Github),
        ("sarif", Format::Sarif),
        ("junit", Format::Junit),
        ("csv", Format::Csv),
        ("markdown", Format::Markdown),
        ("html", Format::Html),
    ] {
        let mut size = 0;
        let t = time(|| size = write(format));
        println!("| {name} | {t:.3} | {:.1} | {:.2} |", size as f64 / 1e6, t / json);
    }
}
