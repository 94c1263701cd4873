//! One module per command; `run` dispatches the parsed command line to them.

mod preview;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Runs one command. `Ok` carries the exit status for commands that finish
/// but report a partial failure (some files could not be read).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Preview { path, json } => preview::run(&cli, path.as_deref(), *json),
    }
}

/// Whether the error is a closed stdout (output piped into `head`), which is
/// not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Exit status for a run where some files failed.
fn status(failed: bool) -> ExitCode {
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
