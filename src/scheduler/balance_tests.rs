//! The balancer's window, its choice of day and its ties, easy days, and
//! the clamp replay applies (docs/design.md §15).

use std::collections::HashMap;

use chrono::Weekday;

use super::*;

#[test]
fn the_window_is_py_fsrs_fuzz_range_and_short_intervals_have_none() {
    // py-fsrs 6's `_get_fuzz_range`, run for these intervals.
    let expected = [
        (3, (2, 4)),
        (4, (3, 5)),
        (5, (4, 6)),
        (6, (4, 8)),
        (7, (5, 9)),
        (8, (6, 10)),
        (10, (8, 12)),
        (13, (11, 15)),
        (19, (16, 22)),
        (20, (17, 23)),
        (21, (18, 24)),
        (30, (27, 33)),
        (50, (46, 54)),
        (100, (93, 107)),
        (365, (345, 385)),
        (1000, (948, 1052)),
        (36_499, (34_672, 36_500)),
        (36_500, (34_673, 36_500)),
    ];
    for (interval, window_of) in expected {
        assert_eq!(window(interval), Some(window_of), "interval {interval}");
    }
    assert_eq!(window(0), None);
    assert_eq!(window(1), None);
    assert_eq!(window(2), None);
    // Every window holds its interval and widens as it grows.
    let mut width = 0;
    for interval in SHORTEST..=2_000 {
        let (low, high) = window(interval).unwrap();
        assert!(low <= interval && interval <= high, "{interval}");
        assert!(high - low >= width, "{interval}");
        width = high - low;
    }
}

#[test]
fn python_rounds_halves_to_even() {
    assert_eq!(round_half_even(2_500), 2);
    assert_eq!(round_half_even(3_500), 4);
    assert_eq!(round_half_even(3_499), 3);
    assert_eq!(round_half_even(3_501), 4);
    assert_eq!(round_half_even(-500), 0);
}

/// The weekday of a day as the clock names it: day 0, 1970-01-01, was a
/// Thursday.
fn weekday(day: Day) -> Weekday {
    Weekday::try_from(((day + 3).rem_euclid(7)) as u8).unwrap()
}

/// A day that is a Monday.
const MONDAY: Day = 20_507; // 2026-02-23

fn loads(days: &[(Day, u32)]) -> impl Fn(Day) -> u32 + '_ {
    let map: HashMap<Day, u32> = days.iter().copied().collect();
    move |day| map.get(&day).copied().unwrap_or(0)
}

#[test]
fn the_day_with_fewest_cards_due_in_the_window_wins() {
    assert_eq!(weekday(MONDAY), Weekday::Mon);
    // Interval 10 from Monday: the window is 8 to 12 days.
    let load = loads(&[
        (MONDAY + 8, 9),
        (MONDAY + 9, 7),
        (MONDAY + 10, 8),
        (MONDAY + 11, 3),
        (MONDAY + 12, 5),
        // Outside the window: never chosen, however empty.
        (MONDAY + 7, 0),
    ]);
    assert_eq!(balance(MONDAY, 10, &load, EasyDays::NONE, weekday, 0), 1);
    // Under three days nothing moves.
    assert_eq!(balance(MONDAY, 2, &load, EasyDays::NONE, weekday, 0), 0);
}

#[test]
fn equal_loads_go_to_the_day_nearest_the_interval_then_the_hash_picks_a_side() {
    let flat = |_| 4;
    assert_eq!(balance(MONDAY, 10, flat, EasyDays::NONE, weekday, 7), 0);
    // The interval's own day is fuller; its two neighbours tie.
    let load = loads(&[
        (MONDAY + 8, 6),
        (MONDAY + 9, 2),
        (MONDAY + 10, 5),
        (MONDAY + 11, 2),
        (MONDAY + 12, 2),
    ]);
    assert_eq!(balance(MONDAY, 10, &load, EasyDays::NONE, weekday, 2), -1);
    assert_eq!(balance(MONDAY, 10, &load, EasyDays::NONE, weekday, 3), 1);
    // The hash of a card varies with the day, so both sides come up.
    let sides: std::collections::HashSet<u64> =
        (0..16).map(|day| tie_hash(42, MONDAY + day) & 1).collect();
    assert_eq!(sides.len(), 2);
    assert_eq!(tie_hash(42, MONDAY), tie_hash(42, MONDAY));
}

#[test]
fn an_easy_day_counts_its_load_double() {
    let weekend = EasyDays::new([Weekday::Sat, Weekday::Sun]);
    assert!(weekend.contains(Weekday::Sun) && !weekend.contains(Weekday::Fri));
    assert_eq!(
        weekend.days().collect::<Vec<_>>(),
        [Weekday::Sat, Weekday::Sun]
    );
    // Interval 5 from Monday: 4 to 6 days, Friday to Sunday.
    let load = loads(&[(MONDAY + 4, 5), (MONDAY + 5, 3), (MONDAY + 6, 4)]);
    assert_eq!(balance(MONDAY, 5, &load, EasyDays::NONE, weekday, 0), 0);
    // Saturday's 3 counts as 6, Sunday's 4 as 8: Friday's 5 is least.
    assert_eq!(balance(MONDAY, 5, &load, weekend, weekday, 0), -1);
    // Far emptier, a weekend day still wins.
    let load = loads(&[(MONDAY + 4, 5), (MONDAY + 5, 2), (MONDAY + 6, 4)]);
    assert_eq!(balance(MONDAY, 5, &load, weekend, weekday, 0), 0);
}

#[test]
fn an_offset_is_clamped_to_the_window_of_the_interval_replayed() {
    assert_eq!(clamp(10, 2), 2);
    assert_eq!(clamp(10, 5), 2);
    assert_eq!(clamp(10, -9), -2);
    assert_eq!(clamp(6, -2), -2);
    assert_eq!(clamp(6, 3), 2);
    assert_eq!(clamp(2, 3), 0);
    assert_eq!(clamp(36_500, 40), 0);
}
