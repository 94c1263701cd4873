//! The scheduler (docs/design.md §4, §9): which grade counts, how a card's
//! review log replays into its progress, and what a card's status is, each
//! written once here. The store only saves and loads rows; `grading`
//! applies these functions to them. Pure: no I/O, no clock, no database.
//!
//! SM-2's arithmetic is in `sm2`; FSRS-6 (docs/design.md §11) is in `fsrs`, pure
//! too, not yet chosen by any command.

pub mod fsrs;
pub mod sm2;

#[cfg(test)]
mod tests;

pub use sm2::{Day, Grade, GradeError, Schedule};

/// The interval, in days, from which a card counts as mature. The schema
/// holds this number as a literal (the partial index of mature reviews;
/// migrations are never edited); a test keeps the two equal.
pub const MATURE_DAYS: u32 = 21;

/// Whether a card with this interval is mature.
pub fn is_mature(interval: u32) -> bool {
    interval >= MATURE_DAYS
}

/// How far a graded card has got: its schedule and the days the same-day
/// rule needs. A card never graded has no progress (`None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub schedule: Schedule,
    /// The day of the card's first grade: when it stopped being new.
    pub first_day: Day,
    /// The day of the last grade that counted.
    pub last_day: Day,
}

/// What one grade did to a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Graded {
    /// The card's progress after the grade.
    pub progress: Progress,
    /// Whether the grade moved the schedule.
    pub counted: bool,
    /// The interval before the grade (0 for a new card), by which stats
    /// tell reviews of mature cards.
    pub prev_interval: u32,
}

/// A grade `value` arriving on `day` for a card at `before`. Only the first
/// grade of a recall day moves the schedule (docs/design.md §4, SM-2's step
/// 7): a grade counts unless its day is the day of the last grade that
/// counted; a repeat leaves the progress as it was.
pub fn grade(before: Option<Progress>, value: Grade, day: Day) -> Graded {
    match before {
        Some(progress) if progress.last_day == day => Graded {
            progress,
            counted: false,
            prev_interval: progress.schedule.interval,
        },
        _ => {
            let schedule = before.map_or(Schedule::NEW, |p| p.schedule);
            Graded {
                progress: Progress {
                    schedule: sm2::review(schedule, value, day),
                    first_day: before.map_or(day, |p| p.first_day),
                    last_day: day,
                },
                counted: true,
                prev_interval: schedule.interval,
            }
        }
    }
}

/// One grade of a card's log, as replay reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The review's id: orders grades given in the same second.
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    pub day: Day,
    pub grade: Grade,
}

/// What replay made of one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replayed {
    pub id: i64,
    pub counted: bool,
    pub prev_interval: u32,
}

/// A log replayed: the card's progress, and each entry's part in it in the
/// order they were applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replay {
    /// `None` when the log is empty: the card is new.
    pub progress: Option<Progress>,
    pub entries: Vec<Replayed>,
}

/// Whether a new grade given at `at` (Unix seconds) comes after every grade
/// of a log whose latest was given at `latest`, in replay's order. A new
/// review takes the largest id, so a grade in the same second comes after.
/// When it does not (the clock was set back), only a replay of the whole log
/// gives the card's state.
pub fn comes_last(latest: Option<i64>, at: i64) -> bool {
    latest.is_none_or(|latest| at >= latest)
}

/// Replays a card's log through `grade` in the order the grades were given:
/// by time, grades of the same second by review id. Whatever order the
/// rows come in (an import, a clock set back), the result is the same.
pub fn replay(log: impl IntoIterator<Item = Entry>) -> Replay {
    let mut log: Vec<Entry> = log.into_iter().collect();
    log.sort_unstable_by_key(|e| (e.at, e.id));
    let mut progress = None;
    let entries = log
        .iter()
        .map(|e| {
            let graded = grade(progress, e.grade, e.day);
            progress = Some(graded.progress);
            Replayed {
                id: e.id,
                counted: graded.counted,
                prev_interval: graded.prev_interval,
            }
        })
        .collect();
    Replay { progress, entries }
}

/// Where a card stands, as `cards`, `show` and `stats` name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CardStatus {
    /// Never graded.
    New,
    /// Interval under `MATURE_DAYS`.
    Learning,
    /// Interval of `MATURE_DAYS` or more.
    Mature,
    Suspended,
    Retired,
}

impl CardStatus {
    /// The status of a card with these marks and, once graded, this
    /// interval (`None` while new). Retired outranks suspended, and both
    /// outrank the schedule.
    pub fn of(retired: bool, suspended: bool, interval: Option<u32>) -> CardStatus {
        if retired {
            CardStatus::Retired
        } else if suspended {
            CardStatus::Suspended
        } else {
            match interval {
                None => CardStatus::New,
                Some(days) if is_mature(days) => CardStatus::Mature,
                Some(_) => CardStatus::Learning,
            }
        }
    }

    /// The status's name, as listings print it.
    pub fn name(self) -> &'static str {
        match self {
            CardStatus::New => "new",
            CardStatus::Learning => "learning",
            CardStatus::Mature => "mature",
            CardStatus::Suspended => "suspended",
            CardStatus::Retired => "retired",
        }
    }
}
