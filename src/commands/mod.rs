//! One module per command; `run` dispatches the parsed command line to them.
//! Shared plumbing (opening the store, the clock, the deck filter) lives here.

mod card_batch;
mod card_view;
mod cards;
mod check;
mod completions;
mod config;
mod export;
mod import;
mod open;
mod preview;
mod review;
mod show;
mod stats;
mod suspend;
mod sync;

use std::process::ExitCode;

use std::io::{self, IsTerminal};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{Cli, Command};
use crate::clock::Clock;
use crate::store::Store;

/// Runs one command. `Ok` carries the exit status for commands that finish
/// but report a partial failure (some files could not be read).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Preview { path, json } => preview::run(&cli, path.as_deref(), *json),
        Command::Review {
            deck,
            new: _,
            limit,
            seed,
            no_sync,
        } => review::run(
            &cli,
            &review::Options {
                deck: deck.as_deref(),
                new: cli.settings.new_per_day,
                limit: *limit,
                seed: *seed,
                no_sync: *no_sync,
            },
        ),
        Command::Sync { dry_run, json } => sync::run(&cli, *dry_run, *json),
        Command::Cards { deck, state, json } => cards::run(&cli, deck.as_deref(), *state, *json),
        Command::Export {
            format,
            deck,
            output,
        } => export::run(&cli, *format, deck.as_deref(), output.as_deref()),
        Command::Import { file } => import::run(&cli, file),
        Command::Completions { shell } => completions::completions(*shell),
        Command::Man => completions::man(),
        Command::Config { json } => config::run(&cli, *json),
        Command::Check { json } => check::run(&cli, *json),
        Command::Stats { deck, json } => stats::run(&cli, deck.as_deref(), *json),
        Command::Show { id, json } => show::run(&cli, *id, *json),
        Command::Open { id } => open::run(&cli, *id),
        Command::Suspend { ids } => suspend::run(&cli, ids, true),
        Command::Unsuspend { ids } => suspend::run(&cli, ids, false),
    }
}

/// Whether the error is a closed stdout (output piped into `head`), which is
/// not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind);
        let json = cause
            .downcast_ref::<serde_json::Error>()
            .and_then(serde_json::Error::io_error_kind);
        io.or(json) == Some(std::io::ErrorKind::BrokenPipe)
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

/// A progress bar on stderr, only on a terminal and never with `--json` or
/// `-q`. indicatif draws nothing for the first moments, so a quick sync
/// shows no bar at all.
fn progress_bar(cli: &Cli, json: bool) -> Option<ProgressBar> {
    if json || cli.quiet || !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("reading notes {bar:30} {pos}/{len} files")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_draw_target(ProgressDrawTarget::stderr());
    Some(bar)
}

/// Syncs the notes with the settings in force, with a progress bar on a
/// terminal.
fn sync_notes(
    cli: &Cli,
    store: &Store,
    clock: &Clock,
    dry_run: bool,
    json: bool,
) -> Result<crate::sync::Report, crate::sync::SyncError> {
    let bar = progress_bar(cli, json);
    let report = crate::sync::sync_with_progress(
        store,
        &cli.settings.notes,
        &sync_options(cli, clock),
        dry_run,
        &mut |done, total| {
            if let Some(bar) = &bar {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            }
        },
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    report
}

fn open_store(cli: &Cli) -> anyhow::Result<Store> {
    Ok(Store::open(&cli.settings.db)?)
}

/// How the commands sync: now, with the card options in force.
fn sync_options(cli: &Cli, clock: &Clock) -> crate::sync::Options {
    crate::sync::Options {
        now: clock.timestamp(),
        cards: crate::cards::Options {
            cloze: cli.settings.cloze,
        },
    }
}

fn clock(cli: &Cli) -> anyhow::Result<Clock> {
    Ok(Clock::from_env(cli.settings.day_starts_at)?)
}

/// The `--deck` glob, checked up front so a typo is reported, not ignored.
fn deck_filter(glob: Option<&str>) -> anyhow::Result<Option<glob::Pattern>> {
    glob.map(|g| glob::Pattern::new(g).with_context(|| format!("--deck {g:?} is not a valid glob")))
        .transpose()
}
