//! Building a review session's queue (docs/design.md §5, §15): due cards,
//! most overdue first and shuffled within a day, then new cards in note
//! order up to the day's quota; at most one card per family of siblings.
//! When more cards are due than the day's limit of reviews allows, the most
//! urgent are asked, most urgent first, and the rest wait. Pure: the
//! candidates, how urgent each is and the seed come from outside.

use std::collections::HashSet;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::scheduler::{Day, DueCard};

/// A card that could be asked, with just what ordering needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub id: i64,
    /// Its due day and what ranks it against the daily limit; `None` for a
    /// new card.
    pub due: Option<DueCard>,
    /// Cards of one family (a list card and the clozes of its items) give
    /// each other away, so only one is asked per day. `None` when not looked
    /// up yet: the session checks it when the card comes up.
    pub family: Option<u64>,
}

/// The family of a card: siblings share a deck and a family line.
pub fn family(deck: &str, family_line: u32) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    (deck, family_line).hash(&mut h);
    h.finish()
}

/// Limits for one queue. The session's own limit (`--limit`) is not one of
/// them: it counts cards shown, which only the session knows, so it is
/// `Session::with_limit`'s to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// New cards still allowed today.
    pub new: usize,
    /// Due cards still allowed today: the daily limit of reviews less the
    /// cards already reviewed today; `None` without a limit.
    pub reviews: Option<usize>,
}

/// A session's queue, and how many due cards the daily limit left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Queue {
    pub cards: Vec<Candidate>,
    /// Due cards that wait for another day.
    pub waiting: usize,
}

/// The queue: `due` cards (any order; most overdue first is cheapest), then
/// `new` cards (in note order), skipping families already answered today
/// (`answered`). The due cards' own vector becomes the queue: with 100,000
/// cards due, a copy or a sort's scratch space costs more than the rest.
///
/// When more cards are due than `limits.reviews` allows, only that many
/// are asked: the greatest by `urgency` (the scheduler's, docs/design.md
/// §15), most urgent first (`ranked`); and no new card is added, since the
/// day's reviews have reached the limit. New cards come only while the due
/// cards asked stay under it.
pub fn build(
    mut due: Vec<Candidate>,
    new: impl IntoIterator<Item = Candidate>,
    answered: &HashSet<u64>,
    limits: Limits,
    urgency: impl Fn(&DueCard) -> f64,
    seed: u64,
) -> Queue {
    let mut rng = StdRng::seed_from_u64(seed);
    let day = |c: &Candidate| c.due.map(|d| d.due);
    // Most overdue first, in random order within a day.
    if !due.is_sorted_by_key(day) {
        due.sort_unstable_by_key(day);
    }
    for cards in due.chunk_by_mut(|a, b| day(a) == day(b)) {
        cards.shuffle(&mut rng);
    }
    let room = limits.reviews.unwrap_or(usize::MAX);
    let mut waiting = 0;
    if due.len() > room {
        waiting = due.len() - room;
        due = ranked(due, room, urgency);
    }
    let mut families: HashSet<u64> = answered.clone();
    due.retain(|card| card.family.is_none_or(|f| families.insert(f)));
    let new_allowed = if due.len() < room { limits.new } else { 0 };
    let mut queue = due;
    let mut new_taken = 0;
    for card in new {
        if new_taken >= new_allowed {
            break;
        }
        if card.family.is_none_or(|f| families.insert(f)) {
            queue.push(card);
            new_taken += 1;
        }
    }
    Queue {
        cards: queue,
        waiting,
    }
}

/// The `room` most urgent of `due`, most urgent first: by `urgency`
/// (greater first), then the earlier due day, then the lower id, a total
/// order that the store's ranking in SQL follows too (`Store::most_urgent`).
pub fn ranked(
    due: Vec<Candidate>,
    room: usize,
    urgency: impl Fn(&DueCard) -> f64,
) -> Vec<Candidate> {
    type Keyed = (f64, Day, i64, Candidate);
    let most_urgent =
        |a: &Keyed, b: &Keyed| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2));
    if room == 0 {
        return Vec::new();
    }
    let mut keyed: Vec<Keyed> = due
        .into_iter()
        .map(|c| match c.due {
            Some(d) => (urgency(&d), d.due, c.id, c),
            None => (f64::NEG_INFINITY, Day::MAX, c.id, c),
        })
        .collect();
    if keyed.len() > room {
        keyed.select_nth_unstable_by(room - 1, most_urgent);
        keyed.truncate(room);
    }
    keyed.sort_unstable_by(most_urgent);
    keyed.into_iter().map(|(.., c)| c).collect()
}

/// A card as cram orders it (docs/design.md §12).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Practice {
    pub id: i64,
    /// SM-2's EF in hundredths; `None` while new.
    pub ef: Option<u16>,
    /// FSRS's difficulty, 1 to 10; `None` while new or under SM-2.
    pub difficulty: Option<f32>,
    pub lapses: u32,
}

/// Cram's order, hardest first: graded cards by highest FSRS difficulty
/// (under FSRS, docs/design.md §11; under SM-2 no card has one), then
/// lowest EF (under SM-2; under FSRS every card keeps a new card's), then
/// most lapses, then id; new cards (nothing known of them yet) after every
/// graded one, by id.
pub fn hardest_first(mut cards: Vec<Practice>) -> Vec<i64> {
    cards.sort_by(|a, b| {
        let key = |c: &Practice| (c.ef.is_none(), c.difficulty.is_none());
        key(a)
            .cmp(&key(b))
            .then_with(|| {
                let d = |c: &Practice| c.difficulty.unwrap_or(0.0);
                d(b).total_cmp(&d(a))
            })
            .then_with(|| a.ef.cmp(&b.ef))
            .then_with(|| b.lapses.cmp(&a.lapses))
            .then_with(|| a.id.cmp(&b.id))
    });
    cards.into_iter().map(|c| c.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cram_asks_the_lowest_ef_first_then_most_lapses_and_new_cards_last() {
        let card = |id, ef, lapses| Practice {
            id,
            ef,
            difficulty: None,
            lapses,
        };
        let cards = vec![
            card(1, None, 0),
            card(2, Some(250), 0),
            card(3, Some(130), 1),
            card(4, Some(130), 3),
            card(5, Some(180), 0),
            card(6, Some(130), 3),
        ];
        assert_eq!(hardest_first(cards), [4, 6, 3, 5, 2, 1]);
    }

    #[test]
    fn under_fsrs_cram_asks_the_most_difficult_first() {
        let card = |id, difficulty: Option<f32>, lapses| Practice {
            id,
            ef: difficulty.map(|_| 250),
            difficulty,
            lapses,
        };
        let cards = vec![
            card(1, None, 0),
            card(2, Some(3.5), 4),
            card(3, Some(9.25), 0),
            card(4, Some(6.0), 1),
            card(5, Some(6.0), 2),
        ];
        assert_eq!(hardest_first(cards), [3, 5, 4, 2, 1]);
    }

    fn due(id: i64, day: Day) -> Candidate {
        Candidate {
            id,
            due: Some(DueCard {
                due: day,
                interval: 1,
                last_day: day - 1,
                stability: None,
            }),
            family: Some(id as u64),
        }
    }

    fn new(id: i64) -> Candidate {
        Candidate {
            id,
            due: None,
            family: Some(id as u64),
        }
    }

    const ALL: Limits = Limits {
        new: usize::MAX,
        reviews: None,
    };

    /// The queue without a daily limit, which ranks nothing.
    fn build(
        due: Vec<Candidate>,
        new: impl IntoIterator<Item = Candidate>,
        answered: &HashSet<u64>,
        limits: Limits,
        seed: u64,
    ) -> Vec<Candidate> {
        let queue = super::build(due, new, answered, limits, |_| unreachable!(), seed);
        assert_eq!(queue.waiting, 0);
        queue.cards
    }

    fn ids(queue: &[Candidate]) -> Vec<i64> {
        queue.iter().map(|c| c.id).collect()
    }

    #[test]
    fn most_overdue_come_first_then_new_cards_in_note_order() {
        let queue = build(
            vec![due(1, 10), due(2, 8), due(3, 9)],
            vec![new(7), new(5)],
            &HashSet::new(),
            ALL,
            1,
        );
        assert_eq!(ids(&queue), vec![2, 3, 1, 7, 5]);
    }

    #[test]
    fn cards_due_the_same_day_are_shuffled_and_the_seed_fixes_the_order() {
        let cards: Vec<Candidate> = (1..=20).map(|id| due(id, 5)).collect();
        let a = ids(&build(cards.clone(), vec![], &HashSet::new(), ALL, 42));
        let b = ids(&build(cards.clone(), vec![], &HashSet::new(), ALL, 42));
        let c = ids(&build(cards, vec![], &HashSet::new(), ALL, 43));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, (1..=20).collect::<Vec<_>>());
    }

    #[test]
    fn new_cards_stop_at_the_quota() {
        let limits = Limits {
            new: 2,
            reviews: None,
        };
        let queue = build(
            vec![due(1, 3)],
            (10..20).map(new),
            &HashSet::new(),
            limits,
            0,
        );
        assert_eq!(ids(&queue), vec![1, 10, 11]);
    }

    #[test]
    fn one_card_per_family_and_none_from_a_family_answered_today() {
        let sibling = |id, family| Candidate {
            id,
            due: None,
            family: Some(family),
        };
        let answered: HashSet<u64> = [100].into();
        let queue = build(
            vec![],
            vec![
                sibling(1, 100),
                sibling(2, 200),
                sibling(3, 200),
                sibling(4, 300),
            ],
            &answered,
            ALL,
            0,
        );
        assert_eq!(ids(&queue), vec![2, 4]);
    }

    #[test]
    fn a_skipped_sibling_does_not_use_up_the_new_card_quota() {
        let limits = Limits {
            new: 2,
            reviews: None,
        };
        let sibling = |id, family| Candidate {
            id,
            due: None,
            family: Some(family),
        };
        let queue = build(
            vec![],
            vec![sibling(1, 1), sibling(2, 1), sibling(3, 3)],
            &HashSet::new(),
            limits,
            0,
        );
        assert_eq!(ids(&queue), vec![1, 3]);
    }

    #[test]
    fn an_empty_collection_gives_an_empty_queue() {
        assert!(build(vec![], vec![], &HashSet::new(), ALL, 0).is_empty());
    }

    // The daily limit (docs/design.md §15).

    const TODAY: Day = 20_513;

    /// A due card as the due index gives it.
    fn scheduled(
        id: i64,
        due: Day,
        interval: u32,
        last_day: Day,
        stability: Option<f32>,
    ) -> Candidate {
        Candidate {
            id,
            due: Some(DueCard {
                due,
                interval,
                last_day,
                stability,
            }),
            family: None,
        }
    }

    fn limited(reviews: usize) -> Limits {
        Limits {
            new: 20,
            reviews: Some(reviews),
        }
    }

    #[test]
    fn under_sm2_the_most_overdue_for_their_interval_are_asked_first_and_the_rest_wait() {
        let sm2 = crate::scheduler::Scheduler::Sm2;
        let urgency = |d: &DueCard| sm2.urgency(d, TODAY);
        let due = vec![
            // 10 days late on 100: 0.1 of its interval.
            scheduled(1, TODAY - 10, 100, TODAY - 110, None),
            // 2 days late on 1: twice its interval.
            scheduled(2, TODAY - 2, 1, TODAY - 3, None),
            // 5 days late on 10: half.
            scheduled(3, TODAY - 5, 10, TODAY - 15, None),
            // Due today.
            scheduled(4, TODAY, 3, TODAY - 3, None),
        ];
        let queue = super::build(
            due.clone(),
            (10..15).map(new),
            &HashSet::new(),
            limited(2),
            urgency,
            9,
        );
        assert_eq!(ids(&queue.cards), [2, 3]);
        assert_eq!(queue.waiting, 2);
        let queue = super::build(
            due.clone(),
            (10..15).map(new),
            &HashSet::new(),
            limited(3),
            urgency,
            9,
        );
        assert_eq!((ids(&queue.cards), queue.waiting), (vec![2, 3, 1], 1));
        // Exactly as many due as allowed: all asked, in the usual order,
        // and the day's reviews are at the limit, so no new card.
        let queue = super::build(
            due.clone(),
            (10..15).map(new),
            &HashSet::new(),
            limited(4),
            urgency,
            9,
        );
        assert_eq!((ids(&queue.cards), queue.waiting), (vec![1, 3, 2, 4], 0));
        // Under it, new cards follow as ever.
        let queue = super::build(
            due,
            (10..12).map(new),
            &HashSet::new(),
            limited(5),
            urgency,
            9,
        );
        assert_eq!(ids(&queue.cards), [1, 3, 2, 4, 10, 11]);
        // Nothing left of the day's limit: every due card waits.
        let queue = super::build(
            vec![scheduled(1, TODAY, 3, TODAY - 3, None)],
            (10..12).map(new),
            &HashSet::new(),
            limited(0),
            urgency,
            9,
        );
        assert_eq!((ids(&queue.cards), queue.waiting), (vec![], 1));
    }

    #[test]
    fn under_fsrs_the_least_retrievable_are_asked_first() {
        use crate::scheduler::Scheduler;
        use crate::scheduler::fsrs::{Fsrs, Params};
        let fsrs = Scheduler::Fsrs(Fsrs::new(Params::DEFAULT, 0.9));
        let urgency = |d: &DueCard| fsrs.urgency(d, TODAY);
        let due = vec![
            // 14 days since the last grade, stability 50: still well known.
            scheduled(1, TODAY - 6, 8, TODAY - 14, Some(50.0)),
            // 3 days on a stability of 1: likely forgotten.
            scheduled(2, TODAY - 2, 1, TODAY - 3, Some(1.0)),
            // 30 days on 20.
            scheduled(3, TODAY - 10, 20, TODAY - 30, Some(20.0)),
        ];
        let queue = super::build(due.clone(), vec![], &HashSet::new(), limited(2), urgency, 3);
        assert_eq!((ids(&queue.cards), queue.waiting), (vec![2, 3], 1));
        // Lowest retrievability first.
        let Scheduler::Fsrs(model) = &fsrs else {
            unreachable!()
        };
        let r = |i: usize| {
            let d = due[i].due.unwrap();
            model.recall_after(d.stability.unwrap(), (TODAY - d.last_day) as u32)
        };
        assert!(r(1) < r(2) && r(2) < r(0), "{} {} {}", r(1), r(2), r(0));
        // SM-2's rule on the same cards ranks by days overdue for the
        // interval: the first card (6 on 8) before the third (10 on 20).
        let sm2 = crate::scheduler::Scheduler::Sm2;
        let queue = super::build(
            due,
            vec![],
            &HashSet::new(),
            limited(2),
            |d: &DueCard| sm2.urgency(d, TODAY),
            3,
        );
        assert_eq!(ids(&queue.cards), [2, 1]);
    }
}
