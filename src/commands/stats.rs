//! `recall stats [--deck GLOB] [--json]`: progress in the terminal, or the
//! same figures as one JSON object.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::settings::Context;
use crate::stats::{self, LEECH_LAPSES, print::Layout};

/// Progress: cards by state, forecast, heatmap, retention, decks, leeches.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example: recall stats --deck 'rust/*'")]
pub struct Args {
    /// Only decks matching this glob (`*` matches across folders).
    #[arg(long)]
    pub deck: Option<String>,
    /// Print the figures as one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let (deck, json) = (args.deck.as_deref(), args.json);
    // The pattern is read as every command's `--deck` is; the store is told
    // only which decks it picks.
    let pattern = super::deck_filter(deck)?;
    let picks = |deck: &str| pattern.as_ref().is_some_and(|p| p.matches(deck));
    let chosen: Option<&dyn Fn(&str) -> bool> = pattern.is_some().then_some(&picks);
    let clock = super::clock(ctx)?;
    let (store, _scheduler) = super::open_store(ctx)?;
    let today = clock.today();
    let facts = store.stats_facts(
        chosen,
        today,
        stats::horizon(today),
        stats::recent_from(today),
        LEECH_LAPSES,
    )?;
    let mut figures = stats::compute(&facts, today);
    let typed = store.typed_facts()?;
    figures.typed =
        stats::typed::compute(typed.iter().filter(|d| pattern.is_none() || picks(&d.deck)));
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &figures)?;
        writeln!(out)?;
    } else {
        let layout = Layout {
            width: console::Term::stdout()
                .size_checked()
                .map_or(80, |(_, cols)| cols as usize),
            color: ctx.color,
        };
        stats::print::print(&figures, today, layout, &mut out)?;
    }
    Ok(ExitCode::SUCCESS)
}
