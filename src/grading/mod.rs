//! Grading: the scheduler's rules applied to the store's rows, each use
//! written once (docs/design.md §4, §9, §11). Recording a grade (the review
//! session, a merge), rebuilding a card's schedule by replay (undo and
//! `import`), replaying every card when the scheduler in force changed
//! (`reschedule`), and verifying every card's stored state against its
//! replay (`check`) all come through here. The scheduler decides and the
//! store saves and loads rows; this module joins the two, so neither imports
//! it. Every function takes the scheduler in force from its caller: the
//! store does not know which one it is.
//!
//! The functions that write take a `Writer`: the caller owns the
//! transaction, so that a session commits each grade before it shows the
//! next card while an import or a test groups many.

mod balance;
mod reschedule;

use std::collections::HashMap;

pub use balance::Balance;
pub use reschedule::{RESCHEDULE_CARDS, in_force, needs_reschedule, reschedule};

use crate::journal::{self, EventId};
use crate::scheduler::{self, Replay, Replayed, Scheduler, sm2};
use crate::store::{CardLog, LoggedReview, NewReview, Problem, Result, Store, Writer};

#[cfg(test)]
mod tests;

/// Records a grade: appends it to the log with what the scheduler makes of
/// it, saves the card's new progress, and clears the card's *changed* mark.
/// Returns the new review's id. The card falls due where the scheduler and
/// the review's `due_offset` put it.
///
/// A grade that comes last in time costs one read and at most three writes,
/// as the session's hot path must. One given before the card's latest
/// logged grade (the clock was set back) is logged, and then the whole log
/// is replayed, so that the stored state is still the log's replay in time
/// order (docs/design.md §4).
pub fn record(w: &Writer<'_>, scheduler: &Scheduler, review: &NewReview) -> Result<i64> {
    record_placed(w, scheduler, review, Placing::Given)
}

/// Records a grade of this device's session as `record` does, its card's
/// due day chosen by the load balancer when `balance` applies to
/// `scheduler` (docs/design.md §15): the choice is kept with the grade, as
/// its `due_offset`. A grade that needs a replay (the clock was set back)
/// is not balanced.
pub fn record_balanced(
    w: &Writer<'_>,
    scheduler: &Scheduler,
    review: &NewReview,
    balance: &mut Balance,
) -> Result<i64> {
    let placing = if balance.applies(scheduler) {
        Placing::Balanced(balance)
    } else {
        Placing::Given
    };
    record_placed(w, scheduler, review, placing)
}

fn record_placed(
    w: &Writer<'_>,
    scheduler: &Scheduler,
    review: &NewReview,
    placing: Placing<'_>,
) -> Result<i64> {
    let id = match log_grade(
        w,
        scheduler,
        review,
        placing,
        scheduler::comes_last,
        || Ok(false),
        |_| Ok(()),
    )? {
        Logged::Last(id) | Logged::Replayed(id) => id,
        Logged::Held => unreachable!("a grade of this device is always logged"),
    };
    w.clear_changed(review.card_id)?;
    Ok(id)
}

/// Records another device's grade merged from the journal (docs/design.md
/// §10), as `record` does, but leaves the *changed* mark: it tells this
/// device's learner that this device's note changed. A grade in the same
/// second as the card's latest is placed by a replay, never assumed last:
/// between devices, event ids order such grades, not arrival.
///
/// A grade that needs a replay is linked to its journal `event` first, as
/// replay orders same-second grades by it; one that comes last is not,
/// and its review id is returned for the caller to link (a merge links
/// many at once, in the order of their table). A grade not last whose
/// second and grade the card's log already holds may be one this device
/// has (a restored backup): nothing is written, and the caller merges the
/// card's whole union instead, which tells.
pub fn record_merged(
    w: &Writer<'_>,
    scheduler: &Scheduler,
    review: &NewReview,
    event: &str,
) -> Result<MergedGrade> {
    let logged = log_grade(
        w,
        scheduler,
        review,
        Placing::Given,
        |latest, at| latest.is_none_or(|latest| at > latest),
        || w.holds_grade(review.card_id, review.at, review.grade),
        |id| w.link_review(event, id, false),
    )?;
    Ok(match logged {
        Logged::Last(id) => MergedGrade::Last(id),
        Logged::Replayed(_) => MergedGrade::Replayed,
        Logged::Held => MergedGrade::Held,
    })
}

/// What `record_merged` did with another device's grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergedGrade {
    /// Logged last in its card's log, as this review id, not linked yet.
    Last(i64),
    /// Logged before grades already there, linked, and the card replayed.
    Replayed,
    /// Not logged: the card's log holds a grade of that second and value.
    Held,
}

/// Where `log_grade` put a grade: last in its card's log, or before
/// grades already there, so that the card was replayed; or nowhere, as
/// the log holds it already.
enum Logged {
    Last(i64),
    Replayed(i64),
    Held,
}

/// Where a grade's card falls due: where its review's `due_offset` puts
/// it, or where the load balancer chooses.
enum Placing<'b> {
    Given,
    Balanced(&'b mut Balance),
}

/// Appends a grade to the log. One that comes last (`comes_last`) and that
/// the scheduler can go on from the stored progress (`Scheduler::fits`) is
/// applied to that progress as the scheduler says, and placed as `placing`
/// says; any other (a clock set back, or a progress made by the other
/// scheduler that a killed switch left behind) is logged with its given
/// offset, `before_replay` is run on its new id, and the card's whole log
/// is replayed; unless `held` says the log holds it already, when nothing
/// is written.
fn log_grade(
    w: &Writer<'_>,
    scheduler: &Scheduler,
    review: &NewReview,
    placing: Placing<'_>,
    comes_last: impl Fn(Option<i64>, i64) -> bool,
    held: impl FnOnce() -> Result<bool>,
    before_replay: impl FnOnce(i64) -> Result<()>,
) -> Result<Logged> {
    let (before, last_at) = w.progress_of(review.card_id)?;
    if comes_last(last_at, review.at) && scheduler.fits(before.as_ref()) {
        let graded = scheduler.grade(before, review.grade, review.day);
        let (graded, review) = match placing {
            Placing::Balanced(balance) if graded.counted => {
                let due_offset = balance.choose(w, review, &graded, before)?;
                let graded = graded.placed(due_offset);
                balance.moved(
                    before.and_then(|p| p.schedule.due),
                    graded.progress.schedule.due,
                );
                (
                    graded,
                    NewReview {
                        due_offset,
                        ..*review
                    },
                )
            }
            _ => (graded.placed(review.due_offset), *review),
        };
        let id = w.insert_review(&review, graded.counted, graded.prev_interval)?;
        if graded.counted {
            w.update_progress(review.card_id, before, graded.progress)?;
        }
        return Ok(Logged::Last(id));
    }
    if held()? {
        return Ok(Logged::Held);
    }
    let id = w.insert_review(review, false, 0)?;
    before_replay(id)?;
    rebuild(w, scheduler, review.card_id)?;
    Ok(Logged::Replayed(id))
}

/// Takes a grade back out of the log and restores the card's progress by
/// replaying what remains. Returns the card's id, or `None` if there is no
/// such review.
pub fn undo(w: &Writer<'_>, scheduler: &Scheduler, review_id: i64) -> Result<Option<i64>> {
    let Some(card_id) = w.delete_review(review_id)? else {
        return Ok(None);
    };
    rebuild(w, scheduler, card_id)?;
    Ok(Some(card_id))
}

/// Replays a card's log through the scheduler and saves the result: the
/// card's progress (none if the log is empty), and each review's derived
/// columns where they differ from what is stored.
pub fn rebuild(w: &Writer<'_>, scheduler: &Scheduler, card_id: i64) -> Result<()> {
    let log = w.log_of(card_id)?;
    let replay = replay(scheduler, &log);
    for e in misread(&log, &replay) {
        w.set_derived(e.id, e.counted, e.prev_interval)?;
    }
    w.save_progress(card_id, replay.progress)
}

/// Everything wrong with the database, for `recall check`: the store's own
/// checks, with every card's stored progress and derived columns compared
/// with its log's replay through the scheduler in force in their place
/// (docs/design.md §7, §11).
pub fn check(store: &Store, scheduler: &Scheduler) -> Result<Vec<Problem>> {
    store.check(|card| verify(scheduler, card))
}

/// `recall check --repair`: rebuilds by replay every card whose stored
/// progress or derived columns disagree with its log (what `check` reports
/// of it), in one transaction. Damaged rows are left to be reported.
/// Returns how many cards were rebuilt.
pub fn repair(store: &Store, scheduler: &Scheduler) -> Result<usize> {
    let mut wrong = Vec::new();
    store.check(|card| {
        if !verify(scheduler, card).is_empty() {
            wrong.push(card.card_id);
        }
        Vec::new()
    })?;
    store.write(|w| {
        let scheduler = in_force(w, scheduler)?;
        for &card_id in &wrong {
            rebuild(w, &scheduler, card_id)?;
        }
        Ok(wrong.len())
    })
}

/// What is wrong with one card's stored progress, and its reviews' derived
/// columns, against its log replayed in time order.
fn verify(scheduler: &Scheduler, card: &CardLog) -> Vec<Problem> {
    let problem = |what: String| Problem {
        card: Some(card.card_id),
        what,
    };
    let replay = replay(scheduler, &card.reviews);
    let (have, expected) = match (card.progress, replay.progress) {
        (None, None) => return Vec::new(),
        (Some(_), None) => return vec![problem("has a schedule but no review in the log".into())],
        (None, Some(_)) => {
            return vec![problem(format!(
                "has {} reviews in the log but no schedule",
                card.reviews.len()
            ))];
        }
        (Some(have), Some(expected)) => (have, expected),
    };
    let mut problems = Vec::new();
    let (s, want) = (have.schedule, expected.schedule);
    let mut wrong = Vec::new();
    if s.ef != want.ef {
        wrong.push(format!(
            "ef {} (replay gives {})",
            sm2::ef_display(s.ef),
            sm2::ef_display(want.ef)
        ));
    }
    for (name, have, want) in [
        ("interval", s.interval, want.interval),
        ("repetitions", s.repetitions, want.repetitions),
        ("lapses", s.lapses, want.lapses),
    ] {
        if have != want {
            wrong.push(format!("{name} {have} (replay gives {want})"));
        }
    }
    if s.due != want.due {
        wrong.push(format!("due day {:?} (replay gives {:?})", s.due, want.due));
    }
    if (have.first_day, have.last_day) != (expected.first_day, expected.last_day) {
        wrong.push("first or last review day disagrees with the log".into());
    }
    if have.memory != expected.memory {
        let show = |m: Option<scheduler::fsrs::Memory>| {
            m.map_or("none".to_string(), |m| {
                format!("stability {}, difficulty {}", m.stability, m.difficulty)
            })
        };
        wrong.push(format!(
            "FSRS memory {} (replay through {} gives {})",
            show(have.memory),
            scheduler.name(),
            show(expected.memory)
        ));
    }
    if !wrong.is_empty() {
        problems.push(problem(format!(
            "schedule differs from its review log: {}",
            wrong.join(", ")
        )));
    }
    let misread = misread(&card.reviews, &replay).count();
    if misread > 0 {
        problems.push(problem(format!(
            "{misread} of its reviews disagree with the replay on whether they counted \
             or on the interval before them"
        )));
    }
    problems
}

/// A card's log replayed in time order (`Scheduler::replay`). Grades of
/// one second are ordered as the journal's merge orders them, by event id
/// (docs/design.md §10), so that every device replays them alike; a grade
/// not journaled yet comes after those that are, and review ids order the
/// rest. `Scheduler::replay` breaks ties by `Entry::id`, so each entry goes
/// in with its rank in that order and comes out with its review id again.
fn replay(scheduler: &Scheduler, log: &[LoggedReview]) -> Replay {
    let mut order: Vec<(i64, (bool, Option<EventId>), i64)> = log
        .iter()
        .map(|r| {
            let tie = journal::second_order(r.event.as_deref());
            (r.entry.at, tie, r.entry.id)
        })
        .collect();
    order.sort();
    let rank: HashMap<i64, i64> = order
        .iter()
        .enumerate()
        .map(|(rank, &(_, _, id))| (id, rank as i64))
        .collect();
    let mut replay = scheduler.replay(log.iter().map(|r| scheduler::Entry {
        id: rank[&r.entry.id],
        ..r.entry
    }));
    for e in &mut replay.entries {
        e.id = order[e.id as usize].2;
    }
    replay
}

/// The replayed reviews whose stored derived columns (counted, interval
/// before) say otherwise than the replay.
fn misread<'a>(log: &[LoggedReview], replay: &'a Replay) -> impl Iterator<Item = &'a Replayed> {
    let stored: HashMap<i64, (bool, u32)> = log
        .iter()
        .map(|r| (r.entry.id, (r.counted, r.prev_interval)))
        .collect();
    replay
        .entries
        .iter()
        .filter(move |e| stored.get(&e.id) != Some(&(e.counted, e.prev_interval)))
}
