//! Embeds the shipped `standards/` into the binary, so `carecheck check` needs no other
//! file. The list is generated, so a new standard file needs no code change.
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards");
    println!("cargo:rerun-if-changed=standards");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut out = String::from(
        "/// (relative path, text) of every shipped standards file.\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={abs}");
        let _ = writeln!(out, "    ({rel:?}, include_str!({abs:?})),");
    }
    out.push_str("];\n");
    // the set's name and version, for `carecheck --version`
    let set = std::fs::read_to_string(root.join("set.toml")).unwrap_or_default();
    let field = |key: &str| {
        set.lines()
            .find_map(|l| l.strip_prefix(key).map(str::trim).and_then(|r| r.strip_prefix('=')))
            .map(|v| v.trim().trim_matches('"').to_string())
            .unwrap_or_default()
    };
    let count = files
        .iter()
        .filter(|(r, _)| r != "set.toml" && r != "bank-holidays.toml")
        .count();
    println!(
        "cargo:rustc-env=CARECHECK_STANDARDS={} {} ({count} standards)",
        field("name "),
        field("version ")
    );
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("embedded_standards.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}

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
