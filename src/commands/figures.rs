//! The progress figures that `stats` and `report` print (docs/design.md §6,
//! §16), gathered once for both: the store's counts, the typed answers, and
//! one replay of the whole log for SM-2's and FSRS's calibration and the
//! cards' states over time.
//!
//! The replay reads the whole log, a million reviews on a large
//! collection: a thread streams it from the database on a connection of its
//! own while another replays it through both predictors, and this one reads
//! the counts meanwhile.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::mpsc;

use crate::scheduler::{Day, Entry, Scheduler};
use crate::settings::Context;
use crate::stats::compare::{Calibrating, InForce};
use crate::stats::{self, Goals, LEECH_LAPSES, Stats, history};
use crate::store::{Hardest, StatsAsk, Store, StoreError};

/// Reviews handed to the replaying thread at a time.
const BATCH: usize = 8_192;

/// The figures, with the day they are of and the scheduler in force.
pub struct Gathered {
    pub stats: Stats,
    pub today: Day,
    /// The scheduler in force, by name.
    pub scheduler: &'static str,
}

/// The figures of the decks `deck` picks (a glob; every deck for `None`).
pub fn gather(ctx: &Context, deck: Option<&str>) -> anyhow::Result<Gathered> {
    // The pattern is read as every command's `--deck` is; the store is told
    // only which decks it picks.
    let pattern = super::deck_filter(deck)?;
    let picks = |deck: &str| pattern.as_ref().is_some_and(|p| p.matches(deck));
    let chosen: Option<&dyn Fn(&str) -> bool> = pattern.is_some().then_some(&picks);
    let clock = super::clock(ctx)?;
    let (store, scheduler) = super::open_store(ctx)?;
    let today = clock.today();
    // The hardest cards by the measure of the scheduler in force, whose
    // intervals also tell the states over time.
    let (hardest, in_force) = match scheduler {
        Scheduler::Sm2 => (Hardest::LowestEf, InForce::Sm2),
        Scheduler::Fsrs(_) => (Hardest::HighestDifficulty, InForce::Fsrs),
    };
    let (fsrs, fitted) = super::fsrs_in_use(ctx, &store, &scheduler)?;
    let cards = chosen
        .map(|chosen| store.ids_of_decks(chosen))
        .transpose()?;
    let inactive = store.inactive_ids()?;
    let ((facts, typed, reviewed), (calibration, graded)) = std::thread::scope(|scope| {
        let (batches, received) = mpsc::sync_channel::<Logs>(4);
        let fsrs = &fsrs;
        let replaying = scope.spawn(move || {
            let mut replay = Calibrating::new(fsrs, fitted).following(in_force, today);
            for logs in received {
                logs.each(|log, live| {
                    if live {
                        replay.live_card(log);
                    } else {
                        replay.card(log);
                    }
                });
            }
            replay.finish()
        });
        let streaming = scope.spawn(move || {
            let store = Store::open_waiting(&ctx.settings.db, ctx.settings.busy_timeout())?;
            stream_logs(&store, cards.as_ref(), &inactive, batches)
        });
        // The counts, while the other threads replay the log.
        let counted = (|| {
            let day_of = |at: i64| clock.day_of(at);
            let facts = store.stats_facts(&StatsAsk {
                decks: chosen,
                today,
                horizon: stats::horizon(today),
                first_graded_from: stats::by_state_from(today),
                leech_lapses: LEECH_LAPSES,
                hardest,
                day_of: &day_of,
            })?;
            let typed = store.typed_facts()?;
            let reviewed = store.reviewed_on(today)?;
            Ok::<_, StoreError>((facts, typed, reviewed))
        })();
        let streamed = streaming
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let replayed = replaying
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        streamed.and(counted).map(|counted| (counted, replayed))
    })?;
    let max_reviews = ctx.settings.max_reviews_per_day;
    let goals = Goals {
        desired_retention: ctx.settings.desired_retention,
        daily_limit: (max_reviews > 0).then_some(max_reviews),
    };
    let mut figures = stats::compute(&facts, today, goals);
    figures.limit = stats::limit::compute(max_reviews, reviewed.into(), figures.today.due);
    // The decks' facts are those of the chosen decks already.
    let reviews = facts.decks.iter().map(|d| d.reviews).sum();
    figures.typed = stats::typed::compute(
        reviews,
        typed.iter().filter(|d| pattern.is_none() || picks(&d.deck)),
    );
    figures.calibration = Some(calibration);
    if let Some(graded) = graded {
        figures.states_over_time = history::states_over_time(&facts.live_since_by_day, &graded);
    }
    Ok(Gathered {
        stats: figures,
        today,
        scheduler: scheduler.name(),
    })
}

/// Sends the logs of `cards` (every card's when `None`) to `batches`, a
/// few thousand reviews at a time, each marked live unless `inactive`
/// (retired or suspended); the channel closes when this returns.
fn stream_logs(
    store: &Store,
    cards: Option<&HashSet<i64>>,
    inactive: &HashSet<i64>,
    batches: mpsc::SyncSender<Logs>,
) -> Result<(), StoreError> {
    let mut logs = Logs::default();
    store.each_log(|card, log| {
        if cards.is_none_or(|ids| ids.contains(&card)) {
            logs.push(log, !inactive.contains(&card));
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

/// Several cards' logs in one buffer, each with whether its card is live.
#[derive(Default)]
struct Logs {
    entries: Vec<Entry>,
    cards: Vec<(Range<usize>, bool)>,
}

impl Logs {
    fn push(&mut self, log: &[Entry], live: bool) {
        let start = self.entries.len();
        self.entries.extend_from_slice(log);
        self.cards.push((start..self.entries.len(), live));
    }

    fn each(&self, mut f: impl FnMut(&[Entry], bool)) {
        for (card, live) in &self.cards {
            f(&self.entries[card.clone()], *live);
        }
    }
}
