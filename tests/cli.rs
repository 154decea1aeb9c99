//! Command-line snapshot tests: each `tests/cmd/*.toml` pins the arguments, the exit code
//! and the full output. `TRYCMD=overwrite cargo test --test cli` rewrites them; review the
//! diff before committing.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .case("tests/cmd/*.toml");
}
