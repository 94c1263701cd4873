//! Load balancing (docs/design.md §15): the day inside a window around the
//! scheduler's interval that a grade's card falls due on, so that cards
//! learnt together spread out instead of coming back together. Pure: the
//! caller hands over how many cards are due on each day, which weekdays are
//! easy, the weekday of each day and a hash of the card; no clock, no
//! database, no randomness.
//!
//! The chosen day is kept as an offset from the interval with the grade
//! (the review log, the journal line), and replay puts the card there
//! again, clamped to the window of the interval it replays to
//! (`Graded::placed`), so that the schedule stays the log replayed.

use chrono::Weekday;

use super::sm2::{Day, MAX_INTERVAL};

/// The shortest interval the balancer moves, in days: the windows start
/// at 2.5 days, so whole intervals from 3.
pub const SHORTEST: u32 = 3;

/// FSRS's fuzz ranges as py-fsrs defines them: from `start` to `end` days
/// (in thousandths), the window's half-width grows by `per_mille`
/// thousandths of a day per day of interval, on top of one day.
const RANGES: [(i64, i64, i64); 3] = [
    (2_500, 7_000, 150),
    (7_000, 20_000, 100),
    (20_000, i64::MAX, 50),
];

/// The intervals, in days, a grade of `interval` may be moved to, both
/// ends included; `None` under `SHORTEST` days, which stay as they are.
///
/// py-fsrs's `_get_fuzz_range`: a half-width of 1 day, plus 0.15 per day
/// of interval from 2.5 to 7, 0.1 from 7 to 20 and 0.05 beyond; each end
/// rounded as Python rounds (halves to even), the lower end at least 2,
/// the upper at most `MAX_INTERVAL`. Computed in thousandths of a day, so
/// it is exact where floats may not be.
pub fn window(interval: u32) -> Option<(u32, u32)> {
    if interval < SHORTEST {
        return None;
    }
    let days = i64::from(interval.min(MAX_INTERVAL)) * 1_000;
    let half = 1_000
        + RANGES
            .iter()
            .map(|&(start, end, per_mille)| (days.min(end) - start).max(0) * per_mille / 1_000)
            .sum::<i64>();
    let low = round_half_even(days - half).max(2);
    let high = round_half_even(days + half).min(i64::from(MAX_INTERVAL));
    Some((low.min(high) as u32, high as u32))
}

/// Thousandths of a day to whole days, halves to the even day (Python's
/// `round`).
fn round_half_even(thousandths: i64) -> i64 {
    let (whole, rest) = (thousandths.div_euclid(1_000), thousandths.rem_euclid(1_000));
    match rest.cmp(&500) {
        std::cmp::Ordering::Less => whole,
        std::cmp::Ordering::Greater => whole + 1,
        std::cmp::Ordering::Equal => whole + (whole & 1),
    }
}

/// `offset` (days from `interval`) brought inside the window of
/// `interval`: 0 for an interval the balancer does not move. Replay puts a
/// card where its grade's offset says, clamped so: a grade replayed to
/// another interval (another scheduler, other weights) stays inside that
/// interval's window.
pub fn clamp(interval: u32, offset: i32) -> i32 {
    match window(interval) {
        None => 0,
        Some((low, high)) => {
            let from = |end: u32| i64::from(end) - i64::from(interval);
            i64::from(offset).clamp(from(low), from(high)) as i32
        }
    }
}

/// A set of weekdays: the easy days, whose load the balancer counts double
/// (the `easy_days` setting).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EasyDays(u8);

impl EasyDays {
    /// No easy day: every day's load counts once.
    pub const NONE: EasyDays = EasyDays(0);

    pub fn new(days: impl IntoIterator<Item = Weekday>) -> EasyDays {
        EasyDays(
            days.into_iter()
                .fold(0, |set, day| set | 1 << day.num_days_from_monday()),
        )
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & 1 << day.num_days_from_monday() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The days in the set, Monday first.
    pub fn days(self) -> impl Iterator<Item = Weekday> {
        let mut day = Weekday::Mon;
        (0..7)
            .map(move |_| {
                let this = day;
                day = day.succ();
                this
            })
            .filter(move |&d| self.contains(d))
    }
}

/// Where a grade's card falls due, as an offset in days from the
/// scheduler's `interval` counted from `from` (the day the interval starts):
/// the day of the window with the fewest cards due (`load`), an easy day's
/// load counted double; of equal loads the day nearest the interval, and of
/// the two days equally near, the later one when `hash` is odd. 0 when the
/// interval has no window.
pub fn balance(
    from: Day,
    interval: u32,
    load: impl Fn(Day) -> u32,
    easy: EasyDays,
    weekday: impl Fn(Day) -> Weekday,
    hash: u64,
) -> i32 {
    let Some((low, high)) = window(interval) else {
        return 0;
    };
    let later_first = hash & 1 == 1;
    (low..=high)
        .map(|days| {
            let offset = i64::from(days) - i64::from(interval);
            let day = from.saturating_add(days as Day);
            let weight = if easy.contains(weekday(day)) { 2 } else { 1 };
            let load = u64::from(load(day)) * weight;
            // Fewest cards, then nearest the interval, then the side the
            // hash picks.
            (
                load,
                offset.unsigned_abs(),
                (offset > 0) != later_first,
                offset,
            )
        })
        .min()
        .map_or(0, |(.., offset)| offset as i32)
}

/// A hash of a card and the day of its grade, for the balancer's last tie:
/// fixed (SplitMix64's finaliser), so that a choice can be reproduced, and
/// varying with the day, so that no card always leans the same way.
pub fn tie_hash(card: i64, day: Day) -> u64 {
    let mut z = (card as u64) ^ (u64::from(day as u32) << 32);
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
#[path = "balance_tests.rs"]
mod tests;
