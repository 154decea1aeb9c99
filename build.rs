//! Embeds the shipped `standards/` into the binary, so `carecheck check` needs no other
//! file. The list is generated, so a new standard file needs no code change.
use std::fmt::Write as _;
use std::path::Path;

#[path = "src/toml_tree/encode.rs"]
mod tree;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards");
    println!("cargo:rerun-if-changed=standards");
    let mut files = Vec::new();
    collect(&root, &root, "toml", &mut files);
    files.sort();
    let mut out = String::from(
        "/// (relative path, text, length of the text before its `[[examples]]`, the tree of that\n/// part as `toml_tree::encode` writes it, if it parses) of every shipped standards file.\npub static FILES: &[(&str, &str, usize, Option<&[u8]>)] = &[\n",
    );
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    for (i, (rel, abs)) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={abs}");
        let text = std::fs::read_to_string(abs).unwrap_or_default();
        let rules = rules_len(&text);
        // The rules part parsed now rather than at every start of the program. A file that
        // does not parse gets no tree: the program parses it and reports its errors.
        let tree = match tree::encode(text.get(..rules).unwrap_or(&text)) {
            Ok(bytes) => {
                let bin = out_dir.join(format!("standard-{i}.tree"));
                if let Err(e) = std::fs::write(&bin, bytes) {
                    panic!("cannot write {}: {e}", bin.display());
                }
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
        let _ = writeln!(out, "    ({rel:?}, include_str!({abs:?}), {rules}, {tree}),");
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
    snapshot(&files, &mut out);
    let dest = out_dir.join("embedded_standards.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}

/// What `check` needs to start from the compiled snapshot of the shipped standards
/// (`standards/compiled-set.bin`, written by `CARECHECK_UPDATE_SNAPSHOTS=1 cargo test --test
/// shipped_set`): the snapshot, if there is one, and the key it must carry to be used. The key
/// is a hash of every shipped file and of the code that compiles the standards and lays out
/// what it compiles, so a snapshot made from anything else is never read (the program then
/// compiles the standards itself, and the test says the snapshot is out of date).
fn snapshot(files: &[(String, String)], out: &mut String) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut key = Fnv(0xcbf2_9ce4_8422_2325);
    for (rel, abs) in files {
        key.text(rel);
        key.text(&std::fs::read_to_string(abs).unwrap_or_default());
    }
    let mut code = Vec::new();
    for dir in ["src/standards", "src/toml_tree"] {
        println!("cargo:rerun-if-changed={}", manifest.join(dir).display());
        collect(manifest, &manifest.join(dir), "rs", &mut code);
    }
    for file in [
        "src/schema.rs",
        "src/dates.rs",
        "src/finding.rs",
        "src/source.rs",
        "src/node.rs",
        "build.rs",
        "Cargo.lock",
    ] {
        code.push((file.to_string(), manifest.join(file).to_string_lossy().into_owned()));
    }
    code.sort();
    for (rel, abs) in &code {
        println!("cargo:rerun-if-changed={abs}");
        key.text(rel);
        key.text(&std::fs::read_to_string(abs).unwrap_or_default());
    }
    let _ = writeln!(
        out,
        "/// The key a compiled snapshot must carry to be read.\npub const SNAPSHOT_KEY: u64 = {:#x};",
        key.0
    );
    let bin = manifest.join("standards").join("compiled-set.bin");
    println!("cargo:rerun-if-changed={}", bin.display());
    let embedded = if bin.is_file() {
        format!("Some(include_bytes!({:?}))", bin.to_string_lossy())
    } else {
        "None".to_string()
    };
    let _ = writeln!(out, "/// The compiled snapshot of the shipped standards, if there is one.\npub static SNAPSHOT: Option<&[u8]> = {embedded};");
}

/// FNV-1a, 64 bits: a fixed hash, the same on every machine and in every version of Rust.
struct Fnv(u64);

impl Fnv {
    /// A text, with Windows line ends read as `\n` (a checkout's line ends do not change what
    /// it compiles to), then a separator.
    fn text(&mut self, text: &str) {
        for b in text.replace("\r\n", "\n").bytes().chain([0xff]) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Where a standard's `[[examples]]` tables start, when nothing but examples follows them
/// (so the text before is the whole standard without its examples); the whole length
/// otherwise. A line is a table header only outside a multi-line string, so an example's
/// YAML text cannot be mistaken for one.
fn rules_len(text: &str) -> usize {
    let mut open: Option<&str> = None; // the delimiter of the multi-line string we are in
    let mut offset = 0;
    let mut cut: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if open.is_none() {
            let head = line.trim_start();
            if head.starts_with('[') {
                if head.starts_with("[[examples]]") {
                    cut.get_or_insert(start);
                } else if cut.is_some() {
                    // another table after the examples: give the file whole
                    return text.len();
                }
            }
        }
        for delim in ["\"\"\"", "\'\'\'"] {
            if open.is_none_or(|d| d == delim) && line.matches(delim).count() % 2 == 1 {
                open = if open.is_some() { None } else { Some(delim) };
            }
        }
    }
    if open.is_some() {
        return text.len();
    }
    cut.unwrap_or(text.len())
}

/// Every file with extension `ext` under `dir`, as (path relative to `root`, path); each
/// folder is watched, so a file added to it is seen.
fn collect(root: &Path, dir: &Path, ext: &str, out: &mut Vec<(String, String)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(root, &p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            let rel = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
            out.push((rel, p.to_string_lossy().into_owned()));
        }
    }
}
