//! The carecheck binary: parse the arguments, run, set the exit code.
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = carecheck::cli::Cli::parse();
    ExitCode::from(carecheck::commands::run(cli).code())
}
