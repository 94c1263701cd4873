//! Unit tests of the progress figures, on hand-built counts.

use super::*;
use crate::store::{CardFigure, DayFacts, DeckFacts};

const TODAY: Day = 20_000;

const GOALS: Goals = Goals {
    desired_retention: 0.9,
    daily_limit: None,
};

fn compute(facts: &StatsFacts, today: Day) -> Stats {
    super::compute(facts, today, GOALS)
}

/// A day of `reviews` grades taking `millis`, `mature` of them of mature
/// cards, `passed` of those passed.
fn day(day: Day, reviews: u64, millis: u64, mature: u64, passed: u64) -> DayFacts {
    DayFacts {
        day,
        reviews,
        millis,
        mature: Passed {
            reviews: mature,
            passed,
        },
    }
}

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
        reviews_by_day: vec![
            day(TODAY - 1, 10, 60_000, 0, 0),
            day(TODAY, 4, 95_500, 0, 0),
        ],
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
        reviews_by_day: vec![
            day(TODAY - 30, 6, 0, 4, 2),
            day(TODAY - 29, 5, 0, 3, 3),
            day(TODAY, 1, 0, 1, 1),
        ],
        ..StatsFacts::default()
    };
    let stats = compute(&facts, TODAY);
    assert_eq!(stats.retention.all_time.rate, Some(0.75));
    assert_eq!(stats.retention.all_time.reviews, 8);
    // The window is today and the 29 days before.
    assert_eq!(stats.retention.last_30_days.reviews, 4);
    assert_eq!(stats.retention.last_30_days.rate, Some(1.0));
}

#[test]
fn retention_by_month_sums_each_calendar_month_of_the_last_twelve() {
    // TODAY is 2024-10-04.
    assert_eq!(crate::clock::format_day(TODAY), "2024-10-04");
    let facts = StatsFacts {
        reviews_by_day: vec![
            day(TODAY - 400, 9, 0, 9, 9),
            day(TODAY - 5, 4, 0, 2, 1),
            day(TODAY - 4, 4, 0, 2, 2),
            day(TODAY, 3, 0, 3, 3),
        ],
        ..StatsFacts::default()
    };
    let stats = compute(&facts, TODAY);
    let months: Vec<&str> = stats
        .retention_by_month
        .iter()
        .map(|m| m.month.as_str())
        .collect();
    assert_eq!(months.len(), RETENTION_MONTHS);
    assert_eq!((months[0], months[11]), ("2023-11", "2024-10"));
    let september = &stats.retention_by_month[10].retention;
    assert_eq!((september.reviews, september.passed), (4, 3));
    assert_eq!(stats.retention_by_month[11].retention.rate, Some(1.0));
    // A month without reviews of mature cards has no rate; the reviews of
    // more than a year ago are in no month.
    assert_eq!(stats.retention_by_month[0].retention.rate, None);
    assert_eq!(stats.desired_retention, 0.9);
}

#[test]
fn reviews_by_state_tell_first_grades_and_mature_cards_from_the_rest() {
    let facts = StatsFacts {
        reviews_by_day: vec![
            day(TODAY - 200, 5, 0, 0, 0),
            day(TODAY - 89, 7, 0, 2, 2),
            day(TODAY, 10, 0, 4, 3),
        ],
        first_graded_by_day: vec![(TODAY - 89, 3), (TODAY, 5)],
        ..StatsFacts::default()
    };
    let stats = compute(&facts, TODAY);
    let days = &stats.reviews_by_state;
    assert_eq!(days.len(), BY_STATE_DAYS as usize);
    assert_eq!((days[0].new, days[0].learning, days[0].mature), (3, 2, 2));
    assert_eq!(days[0].date, crate::clock::format_day(TODAY - 89));
    let today = days.last().unwrap();
    assert_eq!((today.new, today.learning, today.mature), (5, 1, 4));
    assert_eq!(days.iter().map(DayStates::total).sum::<u64>(), 17);
}

#[test]
fn the_month_ahead_counts_thirty_days_and_carries_the_limit() {
    let facts = StatsFacts {
        due_by_day: vec![
            (TODAY - 3, 2),
            (TODAY + 13, 1),
            (TODAY + 29, 4),
            (TODAY + 30, 9),
        ],
        ..StatsFacts::default()
    };
    let stats = super::compute(
        &facts,
        TODAY,
        Goals {
            daily_limit: Some(50),
            ..GOALS
        },
    );
    let month = &stats.forecast_month;
    assert_eq!(month.days.len(), MONTH_AHEAD_DAYS);
    assert_eq!(month.limit, Some(50));
    let counts: Vec<u64> = month.days.iter().map(|d| d.count).collect();
    assert_eq!((counts[0], counts[13], counts[29]), (2, 1, 4));
    assert_eq!(counts.iter().sum::<u64>(), 7, "day 30 is past the month");
    // The fortnight's forecast is the month's first fourteen days.
    assert_eq!(stats.forecast, counts[..FORECAST_DAYS]);
    assert_eq!(month.days[29].date, crate::clock::format_day(TODAY + 29));
}

#[test]
fn leeches_and_hardest_cards_keep_their_ids_and_ef_as_a_decimal() {
    let facts = StatsFacts {
        leeches: vec![CardFigure {
            id: 7,
            deck: "d".into(),
            line: 12,
            question: "q".into(),
            lapses: 9,
            ef: 130,
            difficulty: None,
        }],
        hardest: vec![CardFigure {
            id: 7,
            deck: "d".into(),
            line: 12,
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
    assert_eq!(
        (stats.hardest[0].deck.as_str(), stats.hardest[0].line),
        ("d", 12)
    );
    assert_eq!(stats.hardest[0].difficulty, None);
}
