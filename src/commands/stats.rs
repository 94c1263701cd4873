//! `recall stats [--deck GLOB] [--json]`: progress in the terminal, or the
//! same figures as one JSON object.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::cli::Cli;
use crate::stats::{self, LEECH_LAPSES, print::Layout};

pub fn run(cli: &Cli, deck: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    // Validate the pattern the same way every command does; SQLite's GLOB
    // then applies it with the same meaning.
    super::deck_filter(deck)?;
    let clock = super::clock(cli)?;
    let store = super::open_store(cli)?;
    let today = clock.today();
    let facts = store.stats_facts(
        deck,
        today,
        stats::horizon(today),
        stats::recent_from(today),
        LEECH_LAPSES,
    )?;
    let figures = stats::compute(&facts, today);
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &figures)?;
        writeln!(out)?;
    } else {
        let layout = Layout {
            width: console::Term::stdout()
                .size_checked()
                .map_or(80, |(_, cols)| cols as usize),
            color: cli.settings.color,
        };
        stats::print::print(&figures, today, layout, &mut out)?;
    }
    Ok(ExitCode::SUCCESS)
}
