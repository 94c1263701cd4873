//! The `recall` binary: parses the command line, resolves the settings into
//! one context and dispatches to a command (docs/design.md §9).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::CommandFactory;

use recall::cli::{Cli, Command};
use recall::commands::{
    self, cards, check, completions, config, cram, export, import, lint, open, optimize, preview,
    report, review, show, stats, suspend, sync,
};
use recall::settings::{self, Context, Environment};

fn main() -> ExitCode {
    let (flags, command) = Cli::parse_args();
    let env = Environment::current(std::io::stdout().is_terminal());
    let ctx = match settings::resolve(&flags, &env) {
        Ok(ctx) => ctx,
        Err(why) => {
            eprintln!("error: {why}");
            return ExitCode::from(2);
        }
    };
    console::set_colors_enabled(ctx.color);
    console::set_colors_enabled_stderr(ctx.color);
    match run(&ctx, &command) {
        Ok(code) => code,
        Err(error) => {
            if commands::is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one command. `Ok` carries the exit status for commands that finish
/// but report a partial failure (some files could not be read).
fn run(ctx: &Context, command: &Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Review(args) => review::run(ctx, args),
        Command::Cram(args) => cram::run(ctx, args),
        Command::Sync(args) => sync::run(ctx, args),
        Command::Stats(args) => stats::run(ctx, args),
        Command::Report(args) => report::run(ctx, args),
        Command::Cards(args) => cards::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Open(args) => open::run(ctx, args),
        Command::Suspend(args) => suspend::suspend(ctx, args),
        Command::Unsuspend(args) => suspend::unsuspend(ctx, args),
        Command::Preview(args) => preview::run(ctx, args),
        Command::Lint(args) => lint::run(ctx, args),
        Command::Check(args) => check::run(ctx, args),
        Command::Optimize(args) => optimize::run(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Import(args) => import::run(ctx, args),
        Command::Config(args) => config::run(ctx, args),
        Command::Completions(args) => completions::completions(args, Cli::command()),
        Command::Man(args) => completions::man(args, Cli::command()),
    }
}
