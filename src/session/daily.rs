//! Today's review queue, read from the store (docs/design.md §5, §15): the
//! cards due and how urgent each is, the new cards in note order, the
//! families answered today, and what is left of the day's limits, handed to
//! the pure `queue::build`. `review` runs a session over it; the workload
//! simulation (`examples/workload.rs`) asks it for each simulated day.

use std::collections::HashSet;

use super::queue::{self, Candidate, Limits, Queue};
use crate::scheduler::{Day, DueCard, Scheduler};
use crate::store::{QueueRow, Store, StoreError};

/// The day's limits as the settings (or the command's flags) give them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyLimits {
    /// New cards per day, counting those first graded today.
    pub new_per_day: usize,
    /// Reviews per day (`max_reviews_per_day`), counting the cards already
    /// reviewed today; 0: no limit.
    pub max_reviews: u32,
}

/// Today's queue, with what it was built from.
#[derive(Debug, Clone, PartialEq)]
pub struct Today {
    pub queue: Queue,
    /// Families answered earlier today, whose other cards wait for
    /// tomorrow.
    pub answered: HashSet<u64>,
    /// Cards reviewed today already (`Store::reviewed_on`): what the daily
    /// limit has used up.
    pub reviewed: u32,
}

/// The cards a session on `today` asks, in order. Urgency under the daily
/// limit is `scheduler`'s (`Scheduler::urgency`); `pattern` keeps the decks
/// it matches.
pub fn build(
    store: &Store,
    scheduler: &Scheduler,
    today: Day,
    pattern: Option<&glob::Pattern>,
    limits: DailyLimits,
    seed: u64,
) -> Result<Today, StoreError> {
    let in_deck = |deck: &str| pattern.is_none_or(|p| p.matches(deck));
    let new_left = limits
        .new_per_day
        .saturating_sub(store.new_seen_on(today)? as usize);
    let reviewed = if limits.max_reviews > 0 {
        store.reviewed_on(today)?
    } else {
        0
    };
    let answered: HashSet<u64> = store
        .families_answered_on(today)?
        .iter()
        .map(|(deck, line)| queue::family(deck, *line))
        .collect();
    let room =
        (limits.max_reviews > 0).then(|| limits.max_reviews.saturating_sub(reviewed) as usize);
    // Due cards the store left out, beyond those handed to the queue.
    let mut left_out = 0;
    let candidate = |(id, card)| Candidate {
        id,
        due: Some(card),
        family: None,
    };
    let due: Vec<Candidate> = match (pattern, room) {
        // Without a deck filter the due index alone gives the queue; each
        // card's family is checked when it comes up.
        (None, None) => {
            let inactive = store.inactive_ids()?;
            let mut due = Vec::new();
            store.each_due_id(today, |id, day| {
                if !inactive.contains(&id) {
                    due.push(candidate((id, DueCard::unranked(day))));
                }
            })?;
            due
        }
        // Under a daily limit the store ranks them: the most urgent that
        // fit and one more say whether the limit keeps any waiting, and
        // the queue ranks those as it would every due card.
        (None, Some(room)) => {
            let inactive = store.inactive_ids()?;
            let wanted = room.saturating_add(1);
            let mut due: Vec<(i64, DueCard)> = store
                .most_urgent(today, scheduler.urgency_order(), wanted + inactive.len())?
                .into_iter()
                .filter(|(id, _)| !inactive.contains(id))
                .collect();
            if due.len() > room {
                due.truncate(wanted);
                left_out = (store.due_total(today)? as usize).saturating_sub(wanted);
            } else {
                // Every due card: in the order the due index gives them.
                due.sort_unstable_by_key(|&(id, card)| (card.due, id));
            }
            due.into_iter().map(candidate).collect()
        }
        (Some(_), _) => store
            .due_rows(today)?
            .iter()
            .filter(|row| in_deck(&row.deck))
            .map(queue_candidate)
            .collect(),
    };
    // New cards stream in note order; stop reading once the quota is full
    // (a few extra cover siblings the queue will skip).
    let mut new = Vec::new();
    store.each_new_row(|row| {
        if in_deck(&row.deck) {
            new.push(queue_candidate(&row));
        }
        new.len() < new_left.saturating_mul(4).max(64)
    })?;
    let limits = Limits {
        new: new_left,
        reviews: room,
    };
    let mut queue = queue::build(
        due,
        new,
        &answered,
        limits,
        |card| scheduler.urgency(card, today),
        seed,
    );
    queue.waiting += left_out;
    Ok(Today {
        queue,
        answered,
        reviewed,
    })
}

/// Whether a session started now would ask anything: its queue holds a
/// card that is not a sibling of one answered today. Due cards read from the
/// index alone carry no family, so those are looked up one by one, until
/// the first that could be asked. Also the due cards the daily limit keeps
/// waiting.
pub fn askable_now(
    store: &Store,
    scheduler: &Scheduler,
    today: Day,
    pattern: Option<&glob::Pattern>,
    limits: DailyLimits,
) -> Result<(bool, usize), StoreError> {
    let built = build(store, scheduler, today, pattern, limits, 0)?;
    let waiting = built.queue.waiting;
    for candidate in &built.queue.cards {
        let family = match candidate.family {
            Some(family) => family,
            None => match store.card(candidate.id)? {
                Some(card) if !card.card.retired => {
                    queue::family(&card.card.deck, card.card.family_line)
                }
                _ => continue,
            },
        };
        if !built.answered.contains(&family) {
            return Ok((true, waiting));
        }
    }
    Ok((false, waiting))
}

fn queue_candidate(row: &QueueRow) -> Candidate {
    Candidate {
        id: row.id,
        due: row.due,
        family: Some(queue::family(&row.deck, row.family_line)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::{Progress, Schedule, UrgencyOrder};
    use crate::store::fixtures::{TODAY, add_card};

    /// Cards with schedules of every shape: due days, intervals, last days
    /// and stabilities drawn from a fixed generator, many of them alike so
    /// that ties are ranked too.
    fn collection(n: usize, fsrs: bool) -> Store {
        let store = Store::open_in_memory().unwrap();
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % m
        };
        for i in 0..n {
            let id = add_card(&store, &format!("Q{i}"));
            let interval = 1 + next(40) as u32;
            let due = TODAY + 5 - next(30) as Day;
            let last_day = due - interval as Day + next(5) as Day - 2;
            let progress = Progress {
                schedule: Schedule {
                    interval,
                    due: Some(due),
                    repetitions: 1,
                    ..Schedule::NEW
                },
                first_day: last_day - 1,
                last_day,
                memory: (fsrs && next(10) > 0).then(|| crate::scheduler::fsrs::Memory {
                    stability: 0.5 + next(300) as f32 / 7.0,
                    difficulty: 5.0,
                }),
            };
            store
                .write(|w| w.save_progress(id, Some(progress)))
                .unwrap();
        }
        store
    }

    #[test]
    fn the_store_ranks_due_cards_as_the_queue_does() {
        for (order, fsrs) in [
            (UrgencyOrder::OverdueForInterval, false),
            (UrgencyOrder::ElapsedForStability, true),
        ] {
            let store = collection(600, fsrs);
            // Two due cards kept out of reviews, which no count includes.
            let mut first = Vec::new();
            store.each_due_id(TODAY, |id, _| first.push(id)).unwrap();
            store
                .write(|w| {
                    w.set_suspended(first[0], true)?;
                    w.set_suspended(first[3], true)
                })
                .unwrap();
            let inactive = store.inactive_ids().unwrap();
            let mut all = Vec::new();
            store
                .each_due_id(TODAY, |id, _| {
                    if !inactive.contains(&id) {
                        all.push(id);
                    }
                })
                .unwrap();
            let due: Vec<Candidate> = store
                .due_rows(TODAY)
                .unwrap()
                .into_iter()
                .map(|row| Candidate {
                    id: row.id,
                    due: row.due,
                    family: None,
                })
                .collect();
            assert_eq!(due.len(), all.len());
            assert!(due.len() > 300, "{}", due.len());
            for room in [0, 1, 7, 50, 200, due.len(), due.len() + 5] {
                let expected: Vec<i64> = queue::ranked(due.clone(), room, |d| order.key(d, TODAY))
                    .iter()
                    .map(|c| c.id)
                    .collect();
                let ranked: Vec<i64> = store
                    .most_urgent(TODAY, order, room + inactive.len())
                    .unwrap()
                    .iter()
                    .map(|(id, _)| *id)
                    .filter(|id| !inactive.contains(id))
                    .take(room)
                    .collect();
                assert_eq!(ranked, expected, "{order:?}, room {room}");
            }
            // Counted from either end of the due index alike.
            assert_eq!(store.due_total(TODAY).unwrap(), due.len() as u64);
            assert_eq!(
                store.due_total_counting(TODAY, 10).unwrap(),
                due.len() as u64
            );
        }
    }
}
