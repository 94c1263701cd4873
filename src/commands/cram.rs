//! `recall cram`: practice any active cards, hardest first, without touching
//! schedules (docs/design.md §12). It runs the review session's machine and
//! front-ends on a backend that logs practice grades, which are never
//! replayed and never journaled.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::session::practice_backend::PracticeBackend;
use crate::session::queue::{self, Practice};
use crate::session::{self, Session};
use crate::settings::Context;
use crate::width::write_line;

/// Practise cards beyond what is due, hardest first; schedules stay as they are.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Hardest first: the lowest EF (under FSRS, the highest difficulty), then the \
                  most lapses; new cards last. Keys as in `recall review`. \
                  Practice grades show in `recall show` and `recall stats` as practice \
                  and never change a schedule.\n\n\
                  Example: recall cram --deck 'korean/*' --limit 20 --type"
)]
pub struct Args {
    /// Only decks matching this glob (`*` matches across folders).
    #[arg(long)]
    pub deck: Option<String>,
    /// At most this many cards.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Type each answer; recall compares it and proposes a grade
    /// [setting: `type_answers`].
    #[arg(long = "type")]
    pub typed: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let pattern = super::deck_filter(args.deck.as_deref())?;
    let clock = super::clock(ctx)?;
    let (store, scheduler) = super::open_store(ctx)?;
    // The notes are read as for a review, but progress is not exchanged:
    // practice has nothing to share (docs/design.md §12).
    match super::sync_notes(ctx, &store, &clock, false, false) {
        Ok(report) if !ctx.quiet => {
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
        }
        Ok(_) => {}
        Err(e) if !ctx.quiet => eprintln!("warning: the notes were not synced: {e}"),
        Err(_) => {}
    }
    let cards: Vec<Practice> = store
        .cram_rows()?
        .into_iter()
        .filter(|row| pattern.as_ref().is_none_or(|p| p.matches(&row.deck)))
        .map(|row| Practice {
            id: row.id,
            ef: row.ef,
            difficulty: row.difficulty,
            lapses: row.lapses,
        })
        .collect();
    let mut session = Session::new(queue::hardest_first(cards))
        .with_limit(args.limit)
        .typed(args.typed || ctx.settings.type_answers)
        .buttons(scheduler.buttons());
    let width = crate::width::stdout_width();
    if session.remaining() == 0 {
        let nothing = "Nothing to practise: no active cards in these decks.";
        write_line(&mut io::stdout().lock(), width, "", nothing, 0)?;
        return Ok(ExitCode::SUCCESS);
    }
    let summary = {
        let mut backend = PracticeBackend::new(
            &store,
            scheduler.buttons(),
            clock.today(),
            clock.timestamp(),
        );
        let mut front = super::review::front_end(scheduler.buttons());
        let mut editor = super::open::EditAndSync {
            ctx,
            clock,
            scheduler: &scheduler,
        };
        // Siblings giving each other away matter for a schedule, not for
        // practice: any card may follow any.
        session::run(
            &mut session,
            &mut backend,
            front.as_mut(),
            &mut editor,
            None,
        )?
    };
    let mut out = io::stdout().lock();
    writeln!(out)?;
    let sentence = format!(
        "Practised {} card{}{}; no schedule changed.",
        summary.cards,
        if summary.cards == 1 { "" } else { "s" },
        if summary.skipped > 0 {
            format!(", {} skipped", summary.skipped)
        } else {
            String::new()
        }
    );
    write_line(&mut out, width, "", &sentence, 0)?;
    Ok(ExitCode::SUCCESS)
}
