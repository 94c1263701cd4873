//! `recall stats [--deck GLOB] [--json]`: progress in the terminal, or the
//! same figures as one JSON object, with SM-2's and FSRS's calibration on
//! the learner's own log (docs/design.md §6, §11); the figures are
//! gathered as `report`'s are (`figures`).

use std::io::{self, Write};
use std::process::ExitCode;

use crate::settings::Context;
use crate::stats::print::Layout;

/// Progress: cards by state, forecast, heatmap, retention, decks, leeches,
/// hardest cards, typed answers and practice, and how well SM-2 and FSRS
/// predict your recall.
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
    let gathered = super::figures::gather(ctx, args.deck.as_deref())?;
    let (figures, today) = (gathered.stats, gathered.today);
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &figures)?;
        writeln!(out)?;
    } else {
        let layout = Layout {
            width: console::Term::stdout()
                .size_checked()
                .map_or(80, |(_, cols)| cols as usize),
            color: ctx.color,
        };
        crate::stats::print::print(&figures, today, layout, &mut out)?;
    }
    Ok(ExitCode::SUCCESS)
}
