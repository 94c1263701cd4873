//! The `recall` binary: parses the command line and dispatches to a command.

use std::process::ExitCode;

use clap::Parser;

use recall::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match recall::commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            if recall::commands::is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
