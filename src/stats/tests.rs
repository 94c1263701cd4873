//! Unit tests of the progress figures, on hand-built counts.

use super::*;
use crate::store::{CardFigure, DeckFacts};

const TODAY: Day = 20_000;

fn deck(name: &str, new: u64, learning: u64, mature: u64, due: u64) -> DeckFacts {
    DeckFacts {
        deck: name.into(),
        new,
        learning,
        mature,
        due,
        ..DeckFacts::default()
    }
}

#[test]
fn an_empty_collection_gives_zeros_and_no_rates() {
    let stats = compute(&StatsFacts::default(), TODAY);
    assert_eq!(stats.cards, Cards::default());
    assert_eq!(stats.today, Today::default());
    assert_eq!(stats.forecast, vec![0; FORECAST_DAYS]);
    assert!(stats.reviews_per_day.is_empty());
    assert_eq!(stats.streak, Streak::default());
    assert_eq!(stats.retention.all_time.rate, None);
    assert_eq!(stats.retention.last_30_days.rate, None);
    assert!(stats.decks.is_empty() && stats.leeches.is_empty() && stats.hardest.is_empty());
}

#[test]
fn cards_by_state_add_up_over_decks() {
    let mut a = deck("a", 3, 2, 1, 0);
    a.suspended = 1;
    let mut b = deck("b", 1, 0, 4, 0);
    b.retired = 2;
    let facts = StatsFacts {
        decks: vec![a, b],
        ..StatsFacts::default()
    };
    let stats = compute(&facts, TODAY);
    assert_eq!(
        stats.cards,
        Cards {
            new: 4,
            learning: 2,
            mature: 5,
            suspended: 1,
            retired: 2,
            total: 14
        }
    );
    // A deck's card count leaves out its retired cards.
    assert_eq!(stats.decks[0].cards, 7);
    assert_eq!(stats.decks[1].cards, 5);
}

#[test]
fn the_forecast_puts_overdue_cards_on_day_zero() {
    let facts = StatsFacts {
        due_by_day: vec![(TODAY - 5, 2), (TODAY, 3), (TODAY + 1, 4), (TODAY + 13, 1)],
        ..StatsFacts::default()
    };
    let stats = compute(&facts, TODAY);
    assert_eq!(stats.forecast[0], 5);
    assert_eq!(stats.forecast[1], 4);
    assert_eq!(stats.forecast[13], 1);
    assert_eq!(stats.forecast.iter().sum::<u64>(), 10);
    assert_eq!(stats.today.due, 5);
}

#[test]
fn today_counts_time_spent_only_today() {
    let facts = StatsFacts {
        reviews_by_day: vec![(TODAY - 1, 10, 60_000), (TODAY, 4, 95_500)],
        cards_reviewed_today: 3,
        new_seen_today: 2,
        ..StatsFacts::default()
    };
    let stats = compute(&facts, TODAY);
    assert_eq!(
        stats.today,
        Today {
            due: 0,
            reviewed: 3,
            new_seen: 2,
            seconds: 95
        }
    );
    assert_eq!(stats.reviews_per_day.len(), 2);
    assert_eq!(stats.reviews_per_day[1].count, 4);
    assert_eq!(
        stats.reviews_per_day[1].date,
        crate::clock::format_day(TODAY)
    );
}

#[test]
fn the_current_streak_runs_up_to_today() {
    let s = streak([TODAY - 2, TODAY - 1, TODAY], TODAY);
    assert_eq!(
        s,
        Streak {
            current: 3,
            longest: 3
        }
    );
}

#[test]
fn a_streak_is_not_broken_before_the_day_is_over() {
    let s = streak([TODAY - 3, TODAY - 2, TODAY - 1], TODAY);
    assert_eq!(s.current, 3);
}

#[test]
fn a_missed_day_ends_the_current_streak_but_not_the_longest() {
    let days = [TODAY - 10, TODAY - 9, TODAY - 8, TODAY - 7, TODAY - 2];
    assert_eq!(
        streak(days, TODAY),
        Streak {
            current: 0,
            longest: 4
        }
    );
    assert_eq!(streak([TODAY - 1, TODAY - 5], TODAY).current, 1);
}

#[test]
fn streaks_follow_recall_days_so_a_late_night_session_counts_for_the_evening_before() {
    // A review at 01:00 belongs to the day before when the day starts at
    // 04:00: its day number, not its calendar date, is what counts.
    let late = crate::clock::Clock::new(Some("2026-03-02T01:00:00+00:00"), 4)
        .unwrap()
        .today();
    let evening = crate::clock::Clock::new(Some("2026-03-01T20:00:00+00:00"), 4)
        .unwrap()
        .today();
    let next = crate::clock::Clock::new(Some("2026-03-02T10:00:00+00:00"), 4)
        .unwrap()
        .today();
    assert_eq!(late, evening);
    assert_eq!(
        streak([evening, late, next], next),
        Streak {
            current: 2,
            longest: 2
        }
    );
}

#[test]
fn retention_rates_come_with_their_counts() {
    let facts = StatsFacts {
        mature_all: Passed {
            reviews: 8,
            passed: 6,
        },
        mature_recent: Passed {
            reviews: 4,
            passed: 4,
        },
        ..StatsFacts::default()
    };
    let stats = compute(&facts, TODAY);
    assert_eq!(stats.retention.all_time.rate, Some(0.75));
    assert_eq!(stats.retention.all_time.reviews, 8);
    assert_eq!(stats.retention.last_30_days.rate, Some(1.0));
}

#[test]
fn leeches_and_hardest_cards_keep_their_ids_and_ef_as_a_decimal() {
    let facts = StatsFacts {
        leeches: vec![CardFigure {
            id: 7,
            question: "q".into(),
            lapses: 9,
            ef: 130,
            difficulty: None,
        }],
        hardest: vec![CardFigure {
            id: 7,
            question: "q".into(),
            lapses: 9,
            ef: 136,
            difficulty: None,
        }],
        ..StatsFacts::default()
    };
    let stats = compute(&facts, TODAY);
    assert_eq!(stats.leeches[0].id, 7);
    assert_eq!(stats.leeches[0].lapses, 9);
    assert_eq!(stats.hardest[0].ef, 1.36);
    assert_eq!(stats.hardest[0].difficulty, None);
}
