//! The `recall` binary: parses the command line, resolves the settings and
//! dispatches to a command.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use recall::cli::Cli;
use recall::settings::{self, Environment};

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let env = Environment::current(std::io::stdout().is_terminal());
    cli.settings = match settings::resolve(&cli, &matches, &env) {
        Ok(settings) => settings,
        Err(why) => {
            eprintln!("error: {why}");
            return ExitCode::from(2);
        }
    };
    console::set_colors_enabled(cli.settings.color);
    console::set_colors_enabled_stderr(cli.settings.color);
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
