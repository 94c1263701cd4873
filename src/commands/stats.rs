//! `recall stats [--deck GLOB] [--json]`: progress in the terminal, or the
//! same figures as one JSON object, with SM-2's and FSRS's calibration on
//! the learner's own log (docs/design.md §11).
//!
//! Calibration replays the whole log, a million reviews on a large
//! collection: a thread streams it from the database on a connection of its
//! own while another replays it through both predictors, and this one reads
//! the counts meanwhile.

use std::collections::HashSet;
use std::io::{self, Write};
use std::ops::Range;
use std::process::ExitCode;
use std::sync::mpsc;

use crate::scheduler::{Entry, Scheduler};
use crate::settings::Context;
use crate::stats::{self, LEECH_LAPSES, compare::Calibrating, print::Layout};
use crate::store::{Hardest, Store, StoreError};

/// Progress: cards by state, forecast, heatmap, retention, decks, leeches,
/// and how well SM-2 and FSRS predict your recall.
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

/// Reviews handed to the calibrating thread at a time.
const BATCH: usize = 8_192;

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let (deck, json) = (args.deck.as_deref(), args.json);
    // The pattern is read as every command's `--deck` is; the store is told
    // only which decks it picks.
    let pattern = super::deck_filter(deck)?;
    let picks = |deck: &str| pattern.as_ref().is_some_and(|p| p.matches(deck));
    let chosen: Option<&dyn Fn(&str) -> bool> = pattern.is_some().then_some(&picks);
    let clock = super::clock(ctx)?;
    let (store, scheduler) = super::open_store(ctx)?;
    let today = clock.today();
    // The hardest cards by the measure of the scheduler in force.
    let hardest = match scheduler {
        Scheduler::Sm2 => Hardest::LowestEf,
        Scheduler::Fsrs(_) => Hardest::HighestDifficulty,
    };
    let (fsrs, fitted) = super::fsrs_in_use(ctx, &store, &scheduler)?;
    let cards = chosen
        .map(|chosen| store.ids_of_decks(chosen))
        .transpose()?;
    let (mut figures, calibration) = std::thread::scope(|scope| {
        let (batches, received) = mpsc::sync_channel::<Logs>(4);
        let fsrs = &fsrs;
        let calibrating = scope.spawn(move || {
            let mut report = Calibrating::new(fsrs, fitted);
            for logs in received {
                logs.each(|log| report.card(log));
            }
            report.finish()
        });
        let streaming = scope.spawn(move || {
            let store = Store::open_waiting(&ctx.settings.db, ctx.settings.busy_timeout())?;
            stream_logs(&store, cards.as_ref(), batches)
        });
        // The counts, while the other threads replay the log.
        let counted = (|| {
            let facts = store.stats_facts(
                chosen,
                today,
                stats::horizon(today),
                stats::recent_from(today),
                LEECH_LAPSES,
                hardest,
            )?;
            let mut figures = stats::compute(&facts, today);
            figures.limit = stats::limit::compute(
                ctx.settings.max_reviews_per_day,
                store.reviewed_on(today)?.into(),
                figures.today.due,
            );
            let typed = store.typed_facts()?;
            // The decks' facts are those of the chosen decks already.
            let reviews = facts.decks.iter().map(|d| d.reviews).sum();
            figures.typed = stats::typed::compute(
                reviews,
                typed.iter().filter(|d| pattern.is_none() || picks(&d.deck)),
            );
            Ok::<_, StoreError>(figures)
        })();
        let streamed = streaming
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let report = calibrating
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        streamed.and(counted).map(|figures| (figures, report))
    })?;
    figures.calibration = Some(calibration);
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

/// Sends the logs of `cards` (every card's when `None`) to `batches`, a
/// few thousand reviews at a time; the channel closes when this returns.
fn stream_logs(
    store: &Store,
    cards: Option<&HashSet<i64>>,
    batches: mpsc::SyncSender<Logs>,
) -> Result<(), StoreError> {
    let mut logs = Logs::default();
    store.each_log(|card, log| {
        if cards.is_none_or(|ids| ids.contains(&card)) {
            logs.push(log);
            if logs.entries.len() >= BATCH {
                // A closed channel means the other thread panicked; its
                // join says so.
                let _ = batches.send(std::mem::take(&mut logs));
            }
        }
    })?;
    if !logs.cards.is_empty() {
        let _ = batches.send(logs);
    }
    Ok(())
}

/// Several cards' logs in one buffer.
#[derive(Default)]
struct Logs {
    entries: Vec<Entry>,
    cards: Vec<Range<usize>>,
}

impl Logs {
    fn push(&mut self, log: &[Entry]) {
        let start = self.entries.len();
        self.entries.extend_from_slice(log);
        self.cards.push(start..self.entries.len());
    }

    fn each(&self, mut f: impl FnMut(&[Entry])) {
        for card in &self.cards {
            f(&self.entries[card.clone()]);
        }
    }
}
