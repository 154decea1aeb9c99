//! `cargo bench --bench workbook`: a self-assessment of 100 children checked as a workbook
//! against the same self-assessment as YAML (the bound: at most three times as
//! long). Both are checked from bytes in memory, through the whole per-file pipeline (read,
//! load, evaluate), on one thread; the figure is the median of 11 runs.
//!
//! The file is the Birchfield example with its children copied to 100 (refs C-B001 ...).

use std::time::Instant;

use carecheck_core::check::{check_one, CheckOptions, Target};
use carecheck_core::engine::Engine;
use carecheck_core::node::{Node, NodeKind};
use carecheck_core::source::SourceFile;

fn hundred_children() -> Node {
    let text = std::fs::read_to_string("examples/birchfield-childrens-home.yaml").unwrap();
    let mut root = carecheck_core::yaml::parse(&SourceFile::new("b.yaml", text), Default::default()).unwrap();
    if let NodeKind::Map(entries) = &mut root.kind {
        for (k, v) in entries.iter_mut() {
            if k.name != "children" {
                continue;
            }
            if let NodeKind::Seq(kids) = &mut v.kind {
                let first: Vec<Node> = kids.clone();
                kids.clear();
                for i in 0..100 {
                    let mut c = first[i % first.len()].clone();
                    if let NodeKind::Map(fields) = &mut c.kind {
                        for (fk, fv) in fields.iter_mut() {
                            if fk.name == "ref" {
                                fv.kind = NodeKind::Str(format!("C-B{:03}", i + 1));
                            }
                        }
                    }
                    kids.push(c);
                }
            }
        }
    }
    root
}

fn median<F: FnMut()>(mut f: F) -> f64 {
    let mut runs: Vec<f64> = (0..11)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .collect();
    runs.sort_by(|a, b| a.total_cmp(b));
    runs[5]
}

fn main() {
    let tree = hundred_children();
    let yaml = carecheck_workbook::yaml_out::to_yaml(&tree, "bench");
    let set = carecheck_shipped::rules_set(&Vec::new()).unwrap();
    let book = carecheck_workbook::write::from_tree(&tree, &carecheck_workbook::layout::readers(&set)).unwrap();
    let engine = Engine::new(&set, None);
    let opts = CheckOptions {
        reader: Some(carecheck_workbook::read_for_check),
        ..CheckOptions::default()
    };
    let y = Target::Memory("home.yaml".into(), yaml.clone().into_bytes().into());
    let w = Target::Memory("home.xlsx".into(), book.clone().into());
    // the same findings either way, or the comparison means nothing
    let (ry, rw) = (check_one(&y, &set, &engine, &opts), check_one(&w, &set, &engine, &opts));
    assert_eq!(ry.findings.len(), rw.findings.len());
    assert!(ry.findings.len() > 100);
    let ty = median(|| {
        std::hint::black_box(check_one(&y, &set, &engine, &opts));
    });
    let tw = median(|| {
        std::hint::black_box(check_one(&w, &set, &engine, &opts));
    });
    println!(
        "100 children: YAML {} bytes, {:.2} ms; workbook {} bytes, {:.2} ms; workbook / YAML = {:.2} (bound: 3)",
        yaml.len(),
        ty * 1000.0,
        book.len(),
        tw * 1000.0,
        tw / ty
    );
}
