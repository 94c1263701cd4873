//! `recall completions SHELL` and `recall man`: shell completion scripts and
//! the man page, both generated from the command-line definition.

use std::io::{self, Write};
use std::process::ExitCode;

/// Print a shell completion script.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example: recall completions bash > ~/.local/share/bash-completion/completions/recall"
)]
pub struct Args {
    pub shell: clap_complete::Shell,
}

/// Print the man page (roff).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example: recall man > ~/.local/share/man/man1/recall.1")]
pub struct ManArgs {}

/// The completion script for `args.shell`, generated from `definition`, the
/// whole command line (passed in: the commands do not know the command line).
pub fn completions(args: &Args, mut definition: clap::Command) -> anyhow::Result<ExitCode> {
    // Generated into memory first: clap_complete panics on a closed pipe.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut definition, "recall", &mut script);
    io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

pub fn man(_: &ManArgs, definition: clap::Command) -> anyhow::Result<ExitCode> {
    clap_mangen::Man::new(definition).render(&mut io::stdout())?;
    Ok(ExitCode::SUCCESS)
}
