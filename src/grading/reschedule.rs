//! Every card replayed through the scheduler in force when it is not the
//! one that computed the stored schedules (docs/design.md §11): a change of
//! `scheduler`, of `desired_retention`, or newly fitted FSRS parameters.
//! The log is the same under both schedulers, so this loses nothing and
//! switching back gives the same schedules again.
//!
//! `meta` keeps the fingerprint of the scheduler that computed the
//! schedules (`Scheduler::fingerprint`; absent: SM-2's). The replay runs in
//! transactions of `RESCHEDULE_CARDS` cards, so memory stays flat on any
//! collection and another process waits at most one slice; the fingerprint
//! is written after the last. Killed half-way, the next command finds the
//! old fingerprint and simply replays again: a card already replayed
//! replays to what it holds and is not written twice.

use std::borrow::Cow;

use super::{misread, replay};
use crate::scheduler::{SM2_FINGERPRINT, Scheduler};
use crate::store::{CardLog, LoggedReview, Result, Store, Writer};

/// The `meta` key of the fingerprint of the scheduler that computed the
/// stored schedules.
const FINGERPRINT: &str = "scheduler";

/// Cards replayed per transaction: about 50,000 reviews, a few MB.
pub const RESCHEDULE_CARDS: usize = 5_000;

/// Whether the stored schedules were computed by another scheduler than
/// `scheduler` (or the same with other parameters).
pub fn needs_reschedule(store: &Store, scheduler: &Scheduler) -> Result<bool> {
    let stored = store.meta(FINGERPRINT)?;
    Ok(stored.as_deref().unwrap_or(SM2_FINGERPRINT) != scheduler.fingerprint())
}

/// Replays every card's log through `scheduler`, saves each progress and
/// each review's derived columns where they differ from what is stored,
/// and then records `scheduler`'s fingerprint. `progress(done, total)` is
/// called after each slice, in cards. Returns how many cards changed.
pub fn reschedule(
    store: &Store,
    scheduler: &Scheduler,
    progress: impl FnMut(u64, u64),
) -> Result<u64> {
    reschedule_in_slices(store, scheduler, RESCHEDULE_CARDS, progress)
}

/// `reschedule`, `slice` cards a transaction.
pub(super) fn reschedule_in_slices(
    store: &Store,
    scheduler: &Scheduler,
    slice: usize,
    mut progress: impl FnMut(u64, u64),
) -> Result<u64> {
    let total = store.card_total()?;
    let fingerprint = scheduler.fingerprint();
    let (mut after, mut done, mut changed) = (i64::MIN, 0u64, 0u64);
    loop {
        let outcome = store.write(|w| {
            let (logs, last) = w.logs_after(after, slice)?;
            if last.is_none() {
                w.set_meta(FINGERPRINT, &fingerprint)?;
            }
            let mut changed = 0;
            for card in &logs {
                changed += u64::from(settle(w, scheduler, card)?);
            }
            Ok::<_, crate::store::StoreError>((last, changed))
        })?;
        let (Some(last), slice_changed) = outcome else {
            break;
        };
        changed += slice_changed;
        done = (done + slice as u64).min(total);
        progress(done, total);
        after = last;
    }
    progress(total, total);
    Ok(changed)
}

/// Brings one card in line with its log's replay; whether anything was
/// written. Grades given in the same second are ordered as the journal
/// orders them (docs/design.md §10), which needs their events: such a card's
/// log is read again with them.
fn settle(w: &Writer<'_>, scheduler: &Scheduler, card: &CardLog) -> Result<bool> {
    let log: Cow<'_, [LoggedReview]> = if shares_a_second(&card.reviews) {
        Cow::Owned(w.log_of(card.card_id)?)
    } else {
        Cow::Borrowed(&card.reviews)
    };
    let replay = replay(scheduler, &log);
    let mut wrote = false;
    for e in misread(&log, &replay) {
        w.set_derived(e.id, e.counted, e.prev_interval)?;
        wrote = true;
    }
    if replay.progress != card.progress {
        w.save_progress(card.card_id, replay.progress)?;
        wrote = true;
    }
    Ok(wrote)
}

/// Whether two grades of a log in time order share a second.
fn shares_a_second(log: &[LoggedReview]) -> bool {
    log.windows(2)
        .any(|pair| pair[0].entry.at == pair[1].entry.at)
}
