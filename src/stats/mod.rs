//! Progress figures (docs/design.md §6): a pure function from the store's counts
//! and "today" to a `Stats` value, which `recall stats` prints or emits as
//! JSON.

pub mod calibration;
pub mod compare;
pub mod limit;
pub mod print;
pub mod typed;

use serde::Serialize;

use crate::clock;
use crate::scheduler::Day;
use crate::store::{Hardest, Passed, StatsFacts};

/// Cards with this many lapses or more are leeches.
pub const LEECH_LAPSES: u32 = 8;
/// Days in the forecast, today first.
pub const FORECAST_DAYS: usize = 14;
/// Days in the recent-retention window, today included.
pub const RECENT_DAYS: i32 = 30;
/// Days the heatmap covers, today included.
pub const HEATMAP_DAYS: i32 = 365;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub cards: Cards,
    pub today: Today,
    pub forecast: Vec<u64>,
    pub reviews_per_day: Vec<DayCount>,
    pub streak: Streak,
    pub retention: Retention,
    pub decks: Vec<Deck>,
    pub leeches: Vec<Leech>,
    pub hardest: Vec<Hard>,
    /// What `hardest` was ranked by: the scheduler in force's measure.
    pub hardest_by: Hardest,
    /// Typed answers and practice (docs/design.md §12), from the store's
    /// own counts by `typed::compute`; zeros until the caller fills it.
    pub typed: typed::Typed,
    /// SM-2 and FSRS calibrated on the log (docs/design.md §11), summed by
    /// `compare::Calibrating` from the log as the caller streams it;
    /// `None` until the caller fills it.
    pub calibration: Option<compare::Report>,
    /// The daily limit of reviews and the cards it keeps waiting today
    /// (docs/design.md §15), from `limit::compute`; no limit until the
    /// caller fills it.
    pub limit: limit::Limit,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Cards {
    pub new: u64,
    pub learning: u64,
    pub mature: u64,
    pub suspended: u64,
    pub retired: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Today {
    /// Cards due today, overdue ones included.
    pub due: u64,
    /// Distinct cards graded today.
    pub reviewed: u64,
    pub new_seen: u64,
    pub seconds: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCount {
    pub date: String,
    pub count: u64,
    #[serde(skip)]
    pub day: Day,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Streak {
    /// Days in a row with a review, up to today (or yesterday, while today
    /// has none yet: the streak is not broken before the day is over).
    pub current: u32,
    pub longest: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rate {
    pub reviews: u64,
    pub passed: u64,
    /// Share passed, `None` without reviews.
    pub rate: Option<f64>,
}

impl From<Passed> for Rate {
    fn from(p: Passed) -> Rate {
        Rate {
            reviews: p.reviews,
            passed: p.passed,
            rate: (p.reviews > 0).then(|| p.passed as f64 / p.reviews as f64),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Retention {
    pub last_30_days: Rate,
    pub all_time: Rate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deck {
    pub deck: String,
    /// Cards that are not retired.
    pub cards: u64,
    pub new: u64,
    pub due: u64,
    pub mature: u64,
    pub retention: Rate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leech {
    pub id: i64,
    pub question: String,
    pub lapses: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hard {
    pub id: i64,
    pub question: String,
    pub ef: f64,
    /// FSRS's difficulty, 1 to 10; `None` under SM-2.
    pub difficulty: Option<f64>,
}

/// The first due day `stats` needs counted, and the last.
pub fn horizon(today: Day) -> Day {
    today + FORECAST_DAYS as Day - 1
}

/// The first day of the recent-retention window.
pub fn recent_from(today: Day) -> Day {
    today - (RECENT_DAYS - 1)
}

pub fn compute(facts: &StatsFacts, today: Day) -> Stats {
    let mut cards = Cards::default();
    for d in &facts.decks {
        cards.new += d.new;
        cards.learning += d.learning;
        cards.mature += d.mature;
        cards.suspended += d.suspended;
        cards.retired += d.retired;
    }
    cards.total = cards.new + cards.learning + cards.mature + cards.suspended + cards.retired;

    let mut forecast = vec![0u64; FORECAST_DAYS];
    for &(day, count) in &facts.due_by_day {
        let offset = (day - today).max(0) as usize;
        if offset < FORECAST_DAYS {
            forecast[offset] += count;
        }
    }

    let seconds = facts
        .reviews_by_day
        .iter()
        .find(|(day, _, _)| *day == today)
        .map_or(0, |(_, _, millis)| millis / 1000);

    Stats {
        cards,
        today: Today {
            due: forecast[0],
            reviewed: facts.cards_reviewed_today,
            new_seen: facts.new_seen_today,
            seconds,
        },
        forecast,
        reviews_per_day: facts
            .reviews_by_day
            .iter()
            .filter(|(_, count, _)| *count > 0)
            .map(|&(day, count, _)| DayCount {
                date: clock::format_day(day),
                count,
                day,
            })
            .collect(),
        streak: streak(facts.reviews_by_day.iter().map(|(day, _, _)| *day), today),
        retention: Retention {
            last_30_days: facts.mature_recent.into(),
            all_time: facts.mature_all.into(),
        },
        decks: facts
            .decks
            .iter()
            .map(|d| Deck {
                deck: d.deck.clone(),
                cards: d.new + d.learning + d.mature + d.suspended,
                new: d.new,
                due: d.due,
                mature: d.mature,
                retention: d.mature_reviews.into(),
            })
            .collect(),
        leeches: facts
            .leeches
            .iter()
            .map(|c| Leech {
                id: c.id,
                question: c.question.clone(),
                lapses: c.lapses,
            })
            .collect(),
        hardest: facts
            .hardest
            .iter()
            .map(|c| Hard {
                id: c.id,
                question: c.question.clone(),
                ef: f64::from(c.ef) / 100.0,
                difficulty: c.difficulty.map(f64::from),
            })
            .collect(),
        hardest_by: facts.hardest_by,
        typed: typed::Typed::default(),
        calibration: None,
        limit: limit::Limit::default(),
    }
}

/// Current and longest runs of consecutive days with reviews. `days` may come
/// in any order and repeat.
pub fn streak(days: impl IntoIterator<Item = Day>, today: Day) -> Streak {
    let mut days: Vec<Day> = days.into_iter().filter(|&d| d <= today).collect();
    days.sort_unstable();
    days.dedup();
    let mut longest = 0u32;
    let mut run = 0u32;
    let mut previous: Option<Day> = None;
    for &day in &days {
        run = if previous == Some(day - 1) {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    let current = match days.last() {
        Some(&last) if last == today || last == today - 1 => run,
        _ => 0,
    };
    Streak { current, longest }
}

#[cfg(test)]
mod tests;
