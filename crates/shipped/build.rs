//! Embeds the repository's `standards/` folder and compiles it with the checker itself.
//!
//! For every standards file this writes, into the build's output folder: its text, where its
//! `[[examples]]` start (a check needs only the rules before them), and its parsed tree. Then
//! it compiles the whole set as `check` would and writes the compiled set, so the program
//! starts from it instead of compiling 100 standards at every run. Nothing generated is
//! committed: the compiled set is made by the same code that reads it, in the same build.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use carecheck_core::standards::{self, SetFile};
use carecheck_core::toml_tree::encode;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../standards");
    let root = root.canonicalize().unwrap_or(root);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();

    let mut out = String::from(
        "/// (relative path, text, length of the text before its `[[examples]]`, the tree of that\n/// part as `toml_tree::encode` writes it, if it parses) of every shipped standards file.\npub(crate) static FILES: &[(&str, &str, usize, Option<&[u8]>)] = &[\n",
    );
    let mut rules = Vec::new();
    for (i, (rel, abs)) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={abs}");
        let text = std::fs::read_to_string(abs).unwrap_or_default();
        let rules_len = standards::examples_start(&text);
        let rules_text = text.get(..rules_len).unwrap_or(&text);
        // A file that does not parse gets no tree: the program parses it and reports its errors.
        let tree = match encode::encode(rules_text) {
            Ok(bytes) => {
                let bin = out_dir.join(format!("standard-{i}.tree"));
                write(&bin, &bytes);
                format!("Some(include_bytes!({:?}))", bin.to_string_lossy())
            }
            Err(errors) => {
                for e in errors {
                    println!(
                        "cargo:warning=standards/{rel}: TOML syntax error at bytes {}..{}: {}",
                        e.start, e.end, e.message
                    );
                }
                "None".to_string()
            }
        };
        rules.push(SetFile::new(rel.clone(), rules_text));
        let _ = writeln!(out, "    ({rel:?}, include_str!({abs:?}), {rules_len}, {tree}),");
    }
    out.push_str("];\n");

    // the set's name, version and size, for `carecheck --version`
    let set = std::fs::read_to_string(root.join("set.toml")).unwrap_or_default();
    let field = |key: &str| {
        set.lines()
            .find_map(|l| l.strip_prefix(key).map(str::trim).and_then(|r| r.strip_prefix('=')))
            .map(|v| v.trim().trim_matches('"').to_string())
            .unwrap_or_default()
    };
    let count = files.iter().filter(|(r, _)| !standards::is_set_data_file(r)).count();
    let _ = writeln!(
        out,
        "/// The shipped set's name, version and number of standards.\npub const DESCRIPTION: &str = {:?};",
        format!("{} {} ({count} standards)", field("name "), field("version "))
    );

    // The compiled set. A set that does not compile gets none: the program then compiles it
    // at run time and reports its problems, as for any draft.
    let snapshot = match standards::load_rules(&rules, "standards", &Vec::new()) {
        Ok(set) => match standards::snapshot::write(&set) {
            Ok(bytes) => {
                let bin = out_dir.join("compiled-set.bin");
                write(&bin, &bytes);
                format!("Some(include_bytes!({:?}))", bin.to_string_lossy())
            }
            Err(e) => {
                println!("cargo:warning={e}");
                "None".to_string()
            }
        },
        Err(_) => {
            println!("cargo:warning=the shipped standards do not compile: run `carecheck standards lint standards/`");
            "None".to_string()
        }
    };
    let _ = writeln!(
        out,
        "/// The shipped standards as `load_rules` compiles them, made when the program was built.\npub(crate) static COMPILED: Option<&[u8]> = {snapshot};"
    );
    write(&out_dir.join("embedded_standards.rs"), out.as_bytes());
}

/// Write a generated file; a build that cannot write its own output folder cannot go on.
fn write(path: &Path, bytes: &[u8]) {
    if let Err(e) = std::fs::write(path, bytes) {
        println!("cargo:warning=cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}

/// Every `.toml` file under `dir`, as (path relative to `root`, path); each folder is
/// watched, so a file added to it is seen.
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(root, &p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            let rel = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
            out.push((rel, p.to_string_lossy().into_owned()));
        }
    }
}
