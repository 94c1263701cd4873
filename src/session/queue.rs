//! Building a review session's queue (docs/design.md §5): due cards, most overdue
//! first and shuffled within a day, then new cards in note order up to the
//! day's quota; at most one card per family of siblings. Pure: the candidates
//! and the seed come from outside.

use std::collections::HashSet;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::scheduler::Day;

/// A card that could be asked, with just what ordering needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    /// `None` for a new card.
    pub due: Option<Day>,
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
}

/// The queue: `due` cards (any order; most overdue first is cheapest), then
/// `new` cards (in note order), skipping families already answered today
/// (`answered`). The due cards' own vector becomes the queue: with 100,000
/// cards due, a copy or a sort's scratch space costs more than the rest.
pub fn build(
    mut due: Vec<Candidate>,
    new: impl IntoIterator<Item = Candidate>,
    answered: &HashSet<u64>,
    limits: Limits,
    seed: u64,
) -> Vec<Candidate> {
    let mut rng = StdRng::seed_from_u64(seed);
    // Most overdue first, in random order within a day.
    if !due.is_sorted_by_key(|c| c.due) {
        due.sort_unstable_by_key(|c| c.due);
    }
    for day in due.chunk_by_mut(|a, b| a.due == b.due) {
        day.shuffle(&mut rng);
    }
    let mut families: HashSet<u64> = answered.clone();
    due.retain(|card| card.family.is_none_or(|f| families.insert(f)));
    let mut queue = due;
    let mut new_taken = 0;
    for card in new {
        if new_taken >= limits.new {
            break;
        }
        if card.family.is_none_or(|f| families.insert(f)) {
            queue.push(card);
            new_taken += 1;
        }
    }
    queue
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
            due: Some(day),
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

    const ALL: Limits = Limits { new: usize::MAX };

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
        let limits = Limits { new: 2 };
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
        let limits = Limits { new: 2 };
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
}
