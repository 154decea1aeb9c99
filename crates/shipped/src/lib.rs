//! The shipped standards: the repository's `standards/` folder, embedded in the program and
//! compiled when it is built (see `build.rs`), so `carecheck check` needs no other file and
//! does not compile the standards at every start.
#![deny(missing_docs)]

use carecheck_core::standards::{self, Overrides, SetError, SetFile, StandardSet};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_standards.rs"));
}

/// The shipped set's name, version and number of standards, for `carecheck --version`.
pub const DESCRIPTION: &str = embedded::DESCRIPTION;

/// Every shipped file, whole (examples included), for `standards lint`, `list` and `doc`.
pub fn files() -> Vec<SetFile> {
    embedded::FILES
        .iter()
        .map(|(path, text, _, _)| SetFile::new(*path, *text))
        .collect()
}

/// The shipped files without their `[[examples]]` tables, cut off when the program was built,
/// each with its tree parsed then: a check needs only the rules. A file whose examples are not
/// safely at its end is given whole.
pub fn rules() -> Vec<SetFile> {
    embedded::FILES
        .iter()
        .map(|(path, text, rules_len, prebuilt)| SetFile {
            path: (*path).to_string(),
            text: text.get(..*rules_len).unwrap_or(text).to_string(),
            prebuilt: *prebuilt,
        })
        .collect()
}

/// The shipped standards as compiled when the program was built, if they compiled.
pub fn compiled() -> Option<StandardSet> {
    // the files are in path order (the build script sorts them)
    standards::snapshot::read_built_in(embedded::COMPILED?, |path| {
        let i = embedded::FILES.binary_search_by(|(p, ..)| (*p).cmp(path)).ok()?;
        let (_, text, rules_len, _) = embedded::FILES[i];
        Some(text.get(..rules_len).unwrap_or(text))
    })
}

/// The shipped standards for `check` and `compare`: the set compiled when the program was
/// built when no parameter is overridden, compiled now otherwise.
pub fn rules_set(overrides: &Overrides) -> Result<StandardSet, SetError> {
    if overrides.is_empty() {
        if let Some(set) = compiled() {
            return Ok(set);
        }
    }
    standards::load_rules(&rules(), "standards", overrides)
}

/// The whole shipped set, examples included.
pub fn whole_set(overrides: &Overrides) -> Result<StandardSet, SetError> {
    standards::load(&files(), "standards", overrides)
}

/// The shipped rules compiled now, never read from the build's compiled set: what the
/// compiled set must equal, and what a `--set` override starts from.
pub fn compile_rules() -> Result<StandardSet, SetError> {
    standards::load_rules(&rules(), "standards", &Vec::new())
}

/// The shipped coverage map's files (`standards/coverage/`), for `carecheck coverage`.
pub fn coverage_files() -> Vec<SetFile> {
    embedded::FILES
        .iter()
        .filter(|(path, ..)| carecheck_core::coverage::is_coverage_file(path))
        .map(|(path, text, _, prebuilt)| SetFile {
            path: (*path).to_string(),
            text: (*text).to_string(),
            prebuilt: *prebuilt,
        })
        .collect()
}

/// The shipped coverage map, and the problems of its files (none, when it is sound: the
/// test suite lints it).
pub fn coverage() -> (
    carecheck_core::coverage::CoverageMap,
    Vec<carecheck_core::standards::FileProblems>,
) {
    carecheck_core::coverage::load(&coverage_files(), "standards")
}
