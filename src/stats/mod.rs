//! Progress figures (docs/design.md §6, §16): a pure function from the
//! store's counts, "today" and the learner's goals to a `Stats` value, which
//! `recall stats` prints for a terminal or as JSON and `recall report` as a
//! page (`html`): two printers of one computation.

pub mod calibration;
pub mod compare;
pub mod history;
pub mod html;
pub mod limit;
pub mod print;
pub mod typed;

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;
use serde::Serialize;

use crate::clock;
use crate::scheduler::Day;
use crate::store::{Hardest, Passed, StatsFacts};

/// Cards with this many lapses or more are leeches.
pub const LEECH_LAPSES: u32 = 8;
/// Days in the terminal's forecast (and `forecast`), today first.
pub const FORECAST_DAYS: usize = 14;
/// Days in the month's forecast, today first.
pub const MONTH_AHEAD_DAYS: usize = 30;
/// Days in the recent-retention window, today included.
pub const RECENT_DAYS: i32 = 30;
/// Days the heatmap covers, today included.
pub const HEATMAP_DAYS: i32 = 365;
/// Days whose reviews are told by card state, today included.
pub const BY_STATE_DAYS: i32 = 90;
/// Calendar months of retention, this one included.
pub const RETENTION_MONTHS: usize = 12;

/// What the learner aims at, from the settings: shown beside the figures
/// it is measured against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Goals {
    /// The share of mature cards one means to recall (the setting
    /// `desired_retention`; SM-2 aims at about 0.9 too).
    pub desired_retention: f64,
    /// The most reviews a day, when a limit is set.
    pub daily_limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub cards: Cards,
    pub today: Today,
    /// Cards due on each of the next `FORECAST_DAYS` days, today first.
    pub forecast: Vec<u64>,
    /// The same over `MONTH_AHEAD_DAYS` days, with the daily limit.
    pub forecast_month: Forecast,
    pub reviews_per_day: Vec<DayCount>,
    /// The last `BY_STATE_DAYS` days' reviews by the card's state, oldest
    /// first, days without reviews included.
    pub reviews_by_state: Vec<DayStates>,
    pub streak: Streak,
    pub retention: Retention,
    /// Retention of mature cards in each of the last `RETENTION_MONTHS`
    /// calendar months, oldest first.
    pub retention_by_month: Vec<MonthRate>,
    /// What retention is measured against.
    pub desired_retention: f64,
    /// Live cards by state on each week's end and today
    /// (`history::POINTS`, oldest first), followed through the log by the
    /// caller's replay (`compare::Calibrating::following`); empty until
    /// the caller fills it.
    pub states_over_time: Vec<history::StatePoint>,
    pub decks: Vec<Deck>,
    pub leeches: Vec<Leech>,
    /// The lapses that make a card a leech (`LEECH_LAPSES`).
    pub leech_lapses: u32,
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

/// Cards due per day ahead, and the most a day may take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forecast {
    /// Today first; overdue cards count as due today.
    pub days: Vec<DayCount>,
    /// The daily review limit in force, if any.
    pub limit: Option<u32>,
}

/// One day's counts by state: its reviews by the state of the card graded
/// (its first grade: new; under 21 days' interval: learning; over:
/// mature), or its cards by state (`history::StatePoint`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayStates {
    pub date: String,
    #[serde(skip)]
    pub day: Day,
    pub new: u64,
    pub learning: u64,
    pub mature: u64,
}

impl DayStates {
    pub fn total(&self) -> u64 {
        self.new + self.learning + self.mature
    }
}

/// Retention of mature cards in one calendar month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthRate {
    /// `YYYY-MM`.
    pub month: String,
    #[serde(flatten)]
    pub retention: Rate,
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
    pub learning: u64,
    pub suspended: u64,
    pub retention: Rate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leech {
    pub id: i64,
    pub deck: String,
    /// The line of its notes file the card comes from.
    pub line: u32,
    pub question: String,
    pub lapses: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hard {
    pub id: i64,
    pub deck: String,
    /// The line of its notes file the card comes from.
    pub line: u32,
    pub question: String,
    pub lapses: u32,
    pub ef: f64,
    /// FSRS's difficulty, 1 to 10; `None` under SM-2.
    pub difficulty: Option<f64>,
}

/// The last due day `stats` needs counted.
pub fn horizon(today: Day) -> Day {
    today + MONTH_AHEAD_DAYS as Day - 1
}

/// The first day of the recent-retention window.
pub fn recent_from(today: Day) -> Day {
    today - (RECENT_DAYS - 1)
}

/// The first day whose reviews are told by card state.
pub fn by_state_from(today: Day) -> Day {
    today - (BY_STATE_DAYS - 1)
}

pub fn compute(facts: &StatsFacts, today: Day, goals: Goals) -> Stats {
    let mut cards = Cards::default();
    for d in &facts.decks {
        cards.new += d.new;
        cards.learning += d.learning;
        cards.mature += d.mature;
        cards.suspended += d.suspended;
        cards.retired += d.retired;
    }
    cards.total = cards.new + cards.learning + cards.mature + cards.suspended + cards.retired;

    let mut ahead = vec![0u64; MONTH_AHEAD_DAYS];
    for &(day, count) in &facts.due_by_day {
        let offset = (day - today).max(0) as usize;
        if offset < MONTH_AHEAD_DAYS {
            ahead[offset] += count;
        }
    }

    let seconds = facts
        .reviews_by_day
        .iter()
        .find(|d| d.day == today)
        .map_or(0, |d| d.millis / 1000);

    let mature = |from: Day| {
        let mut sum = Passed::default();
        for d in facts.reviews_by_day.iter().filter(|d| d.day >= from) {
            sum.reviews += d.mature.reviews;
            sum.passed += d.mature.passed;
        }
        Rate::from(sum)
    };

    Stats {
        cards,
        today: Today {
            due: ahead[0],
            reviewed: facts.cards_reviewed_today,
            new_seen: facts.new_seen_today,
            seconds,
        },
        forecast: ahead[..FORECAST_DAYS].to_vec(),
        forecast_month: Forecast {
            days: ahead
                .iter()
                .enumerate()
                .map(|(i, &count)| day_count(today + i as Day, count))
                .collect(),
            limit: goals.daily_limit,
        },
        reviews_per_day: facts
            .reviews_by_day
            .iter()
            .filter(|d| d.reviews > 0)
            .map(|d| day_count(d.day, d.reviews))
            .collect(),
        reviews_by_state: by_state(facts, today),
        streak: streak(facts.reviews_by_day.iter().map(|d| d.day), today),
        retention: Retention {
            last_30_days: mature(recent_from(today)),
            all_time: mature(Day::MIN),
        },
        retention_by_month: by_month(facts, today),
        desired_retention: goals.desired_retention,
        states_over_time: Vec::new(),
        decks: facts
            .decks
            .iter()
            .map(|d| Deck {
                deck: d.deck.clone(),
                cards: d.new + d.learning + d.mature + d.suspended,
                new: d.new,
                due: d.due,
                mature: d.mature,
                learning: d.learning,
                suspended: d.suspended,
                retention: d.mature_reviews.into(),
            })
            .collect(),
        leeches: facts
            .leeches
            .iter()
            .map(|c| Leech {
                id: c.id,
                deck: c.deck.clone(),
                line: c.line,
                question: c.question.clone(),
                lapses: c.lapses,
            })
            .collect(),
        leech_lapses: LEECH_LAPSES,
        hardest: facts
            .hardest
            .iter()
            .map(|c| Hard {
                id: c.id,
                deck: c.deck.clone(),
                line: c.line,
                question: c.question.clone(),
                lapses: c.lapses,
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

fn day_count(day: Day, count: u64) -> DayCount {
    DayCount {
        date: clock::format_day(day),
        count,
        day,
    }
}

/// Each of the last `BY_STATE_DAYS` days' reviews: its cards' first grades
/// are the new ones, its reviews of mature cards the mature ones, and the
/// rest learning.
fn by_state(facts: &StatsFacts, today: Day) -> Vec<DayStates> {
    let from = by_state_from(today);
    let first: HashMap<Day, u64> = facts.first_graded_by_day.iter().copied().collect();
    let days: HashMap<Day, (u64, u64)> = facts
        .reviews_by_day
        .iter()
        .filter(|d| d.day >= from)
        .map(|d| (d.day, (d.reviews, d.mature.reviews)))
        .collect();
    (from..=today)
        .map(|day| {
            let (reviews, mature) = days.get(&day).copied().unwrap_or((0, 0));
            let rest = reviews.saturating_sub(mature);
            let new = first.get(&day).copied().unwrap_or(0).min(rest);
            DayStates {
                date: clock::format_day(day),
                day,
                new,
                learning: rest - new,
                mature,
            }
        })
        .collect()
}

/// Retention of mature cards in each of the last `RETENTION_MONTHS`
/// calendar months, this one last.
fn by_month(facts: &StatsFacts, today: Day) -> Vec<MonthRate> {
    let month_of = |day: Day| {
        let date = clock::day_to_date(day);
        date.year() * 12 + date.month0() as i32
    };
    let this = month_of(today);
    let first = this - (RETENTION_MONTHS as i32 - 1);
    let mut months: BTreeMap<i32, Passed> =
        (first..=this).map(|m| (m, Passed::default())).collect();
    for d in &facts.reviews_by_day {
        if let Some(sum) = months.get_mut(&month_of(d.day)) {
            sum.reviews += d.mature.reviews;
            sum.passed += d.mature.passed;
        }
    }
    months
        .into_iter()
        .map(|(m, passed)| MonthRate {
            month: format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1),
            retention: passed.into(),
        })
        .collect()
}

/// How dark a day of the heatmap is, 0 (no review) to 4, for `count`
/// reviews when the busiest day shown had `max`: the four shades split the
/// busiest day's count evenly.
pub fn heat_level(count: u64, max: u64) -> usize {
    if count == 0 {
        0
    } else {
        ((count * 4).div_ceil(max.max(1)) as usize).clamp(1, 4)
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
