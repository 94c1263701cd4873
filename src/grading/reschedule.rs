//! Every card replayed through the scheduler in force when it is not the
//! one that computed the stored schedules (docs/design.md §11): a change of
//! `scheduler`, of `desired_retention`, or newly fitted FSRS parameters.
//! The log is the same under both schedulers, so this loses nothing and
//! switching back gives the same schedules again.
//!
//! `meta` keeps the fingerprint of the scheduler that computed the
//! schedules (`Scheduler::fingerprint`; absent: SM-2's), and every write
//! that grades goes by it (`in_force`): a process that read the settings
//! before another switched the scheduler must not write the old
//! scheduler's schedules into a database the switch has made the new
//! one's. So the switch is one transaction, which replays every card and
//! writes the fingerprint; a merge or a grade commits either before it
//! (and the switch replays what it wrote) or after it (and sees the new
//! fingerprint). It runs in two passes inside that transaction:
//!
//! 1. Cards in id order, `RESCHEDULE_CARDS` at a time: each card's log is
//!    replayed (read from an index that holds the log in card order) and
//!    its progress saved where it differs; each review's derived columns
//!    (counted, interval before) as replayed are kept, 16 bytes a review.
//! 2. The reviews in id order, `DERIVED_ROWS` a statement, their derived
//!    columns written where they differ: rows lie in the log's table in
//!    that order, so each page of it is written once, where card order would
//!    write every page once per slice of cards.
//!
//! Another process waits for the lock meanwhile (about 3 s on 100,000
//! cards and a million reviews, docs/design.md §11). Killed half-way, the
//! switch leaves nothing behind, and the next command simply runs it again.

use std::borrow::Cow;

use super::replay;
use crate::scheduler::{SM2_FINGERPRINT, Scheduler};
use crate::store::{Result, Store, StoreError, StoredCard, Writer};

/// The `meta` key of the fingerprint of the scheduler that computed the
/// stored schedules.
const FINGERPRINT: &str = "scheduler";

/// Cards read at a time: about 50,000 reviews, a few MB.
pub const RESCHEDULE_CARDS: usize = 5_000;

/// Reviews whose derived columns are written per statement.
const DERIVED_ROWS: usize = 100_000;

/// Whether the stored schedules were computed by another scheduler than
/// `scheduler` (or the same with other parameters).
pub fn needs_reschedule(store: &Store, scheduler: &Scheduler) -> Result<bool> {
    let stored = store.meta(FINGERPRINT)?;
    Ok(stored.as_deref().unwrap_or(SM2_FINGERPRINT) != scheduler.fingerprint())
}

/// The scheduler a write must grade with: `held`, the one this process
/// put in force when it started, unless another process has switched the
/// database since; then the one that switch recorded. Called inside each
/// transaction that grades, merges or rebuilds, so that what it writes is
/// what the database's fingerprint says.
pub fn in_force<'s>(w: &Writer<'_>, held: &'s Scheduler) -> Result<Cow<'s, Scheduler>> {
    let stored = w.meta_text(FINGERPRINT)?;
    let stored = stored.as_deref().unwrap_or(SM2_FINGERPRINT);
    if stored == held.fingerprint() {
        return Ok(Cow::Borrowed(held));
    }
    Scheduler::from_fingerprint(stored)
        .map(Cow::Owned)
        .ok_or_else(|| StoreError::UnknownScheduler {
            path: w.path().to_path_buf(),
            fingerprint: stored.to_string(),
        })
}

/// Replays every card's log through `scheduler`, saves each progress and
/// each review's derived columns where they differ from what is stored,
/// and records `scheduler`'s fingerprint, all in one transaction.
/// `progress(done, total)` is called as it goes (the first pass counts
/// cards, the second as many again). Returns how many cards' schedules
/// changed: none when another process made the same switch first.
pub fn reschedule(
    store: &Store,
    scheduler: &Scheduler,
    progress: impl FnMut(u64, u64),
) -> Result<u64> {
    reschedule_in_slices(store, scheduler, RESCHEDULE_CARDS, progress)
}

/// `reschedule`, `slice` cards read at a time.
pub(super) fn reschedule_in_slices(
    store: &Store,
    scheduler: &Scheduler,
    slice: usize,
    mut progress: impl FnMut(u64, u64),
) -> Result<u64> {
    let fingerprint = scheduler.fingerprint();
    store.write(|w| {
        if w.meta_text(FINGERPRINT)?
            .as_deref()
            .unwrap_or(SM2_FINGERPRINT)
            == fingerprint
        {
            return Ok(0);
        }
        let cards = store.card_total()?;
        let total = cards.saturating_mul(2);
        let (mut after, mut done, mut changed) = (i64::MIN, 0u64, 0u64);
        let mut derived: Vec<(i64, bool, u32)> = Vec::new();
        loop {
            let (batch, last) = w.cards_after(after, slice)?;
            for card in &batch {
                changed += u64::from(settle(w, scheduler, card, &mut derived)?);
            }
            let Some(last) = last else {
                break;
            };
            done = (done + slice as u64).min(cards);
            progress(done, total);
            after = last;
        }
        derived.sort_unstable_by_key(|&(id, ..)| id);
        let rows = derived.len().max(1) as u64;
        for (i, chunk) in derived.chunks(DERIVED_ROWS).enumerate() {
            w.set_derived_many(chunk)?;
            let written = ((i * DERIVED_ROWS + chunk.len()) as u64).min(rows);
            progress(cards + cards * written / rows, total);
        }
        w.set_meta(FINGERPRINT, &fingerprint)?;
        progress(total, total);
        Ok(changed)
    })
}

/// Brings one card in line with its log's replay: saves its progress if it
/// differs, and adds each review's derived columns as replayed to
/// `derived`, which the caller writes in id order once every card is
/// replayed (where they differ). Returns whether the progress differed.
/// Grades given in the same second are ordered as the journal orders them
/// (docs/design.md §10), which needs their events: such a card's log is
/// read again with them.
fn settle(
    w: &Writer<'_>,
    scheduler: &Scheduler,
    card: &StoredCard,
    derived: &mut Vec<(i64, bool, u32)>,
) -> Result<bool> {
    let shares_a_second = card.log.windows(2).any(|pair| pair[0].at == pair[1].at);
    let replay = if shares_a_second {
        replay(scheduler, &w.log_of(card.card_id)?)
    } else {
        scheduler.replay(card.log.iter().copied())
    };
    derived.extend(
        replay
            .entries
            .iter()
            .map(|e| (e.id, e.counted, e.prev_interval)),
    );
    if replay.progress == card.progress {
        return Ok(false);
    }
    w.save_progress(card.card_id, replay.progress)?;
    Ok(true)
}
