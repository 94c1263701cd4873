//! `recall completions SHELL` and `recall man [COMMAND]`: shell completion
//! scripts and the man pages, all generated from the command-line
//! definition.

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

/// Print the man page (roff): recall(1), or a command's, recall-COMMAND(1).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example, every page:\n  \
                  recall man > ~/.local/share/man/man1/recall.1\n  \
                  for c in review cram sync stats cards show open suspend unsuspend preview \
                  check optimize export import config completions man; do\n    \
                  recall man $c > ~/.local/share/man/man1/recall-$c.1\n  done")]
pub struct ManArgs {
    /// The command whose page to print (`review` for recall-review(1)).
    pub command: Option<String>,
}

/// The completion script for `args.shell`, generated from `definition`, the
/// whole command line (passed in: the commands do not know the command line).
pub fn completions(args: &Args, mut definition: clap::Command) -> anyhow::Result<ExitCode> {
    // Generated into memory first: clap_complete panics on a closed pipe.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut definition, "recall", &mut script);
    io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// The page of `args.command` (the whole command line's without one), from
/// `definition`. recall(1) lists each command as recall-COMMAND(1), the
/// page this prints for it.
pub fn man(args: &ManArgs, mut definition: clap::Command) -> anyhow::Result<ExitCode> {
    // `help` has no page. Built, the commands are named as their pages
    // are: `recall-review`.
    definition = definition.disable_help_subcommand(true);
    definition.build();
    let source = format!("recall {}", env!("CARGO_PKG_VERSION"));
    let page = match &args.command {
        None => definition,
        Some(name) => definition.find_subcommand(name).cloned().ok_or_else(|| {
            anyhow::anyhow!("recall has no command {name:?} (see `recall --help`)")
        })?,
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .source(source)
        .render(&mut roff)?;
    io::stdout().lock().write_all(&roff)?;
    Ok(ExitCode::SUCCESS)
}
