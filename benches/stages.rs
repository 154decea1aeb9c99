//! `cargo bench`: where the time goes, stage by stage, on a generated corpus held in memory.
//! Each stage includes the ones before it; figures are MB/s and files/s on one thread, and
//! ratios against the YAML-parse-only floor measured in the same run (medians of 5 runs).
//!
//! The corpus comes from benches/gen_corpus.py (1,000 files, seed 42); it is generated into
//! bench-out/ when missing.

use std::time::Instant;

use carecheck::assessment::{self, LoadOptions};
use carecheck::engine::Engine;
use carecheck::source::SourceFile;
use carecheck::standards;

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
    let set = standards::load(&standards::embedded_files(), "standards", &Vec::new()).unwrap();
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
            std::hint::black_box(carecheck::yaml::parse(s, Default::default()).unwrap());
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
        ("YAML parse (the floor)", parse),
        ("+ validate (load)", load),
        ("+ evaluate 82 standards", check),
    ] {
        println!(
            "| {name} | {t:.3} | {:.1} | {:.0} | {:.2} |",
            mb / t,
            texts.len() as f64 / t,
            t / parse
        );
    }
}
