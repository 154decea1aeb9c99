//! Shell completions and the man page, generated from the clap definitions so they never
//! drift from the real flags.

use std::io::{self, Write};

use clap::CommandFactory;

use super::ExitStatus;
use crate::cli::{Cli, CompletionsArgs, ManArgs};

/// Print completions for a shell.
pub fn completions(args: &CompletionsArgs) -> io::Result<ExitStatus> {
    use clap_complete::Shell;
    let shell = match args.shell.as_str() {
        "bash" => Shell::Bash,
        "zsh" => Shell::Zsh,
        "fish" => Shell::Fish,
        "elvish" => Shell::Elvish,
        _ => Shell::PowerShell,
    };
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "carecheck", &mut io::stdout().lock());
    Ok(ExitStatus::Success)
}

/// Write the man page.
pub fn man(args: &ManArgs) -> io::Result<ExitStatus> {
    let page = clap_mangen::Man::new(Cli::command());
    let mut buf = Vec::new();
    page.render(&mut buf)?;
    match &args.output {
        Some(p) => std::fs::write(p, buf)?,
        None => io::stdout().lock().write_all(&buf)?,
    }
    Ok(ExitStatus::Success)
}
