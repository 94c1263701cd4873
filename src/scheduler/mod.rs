//! The scheduler (docs/design.md §4, §9, §11): which grade counts, how a
//! card's review log replays into its progress, what the grade prompt
//! offers, and what a card's status is, each written once here for both
//! schedulers. The store only saves and loads rows; `grading` applies these
//! functions to them. Pure: no I/O, no clock, no database.
//!
//! `Scheduler` is the one interface: SM-2 (the default, exact, its
//! arithmetic in `sm2`) or FSRS-6 (`fsrs`, for one learner's parameters and
//! desired retention). The commands build it once from the settings; every
//! rule that differs between the two is a match on it here.

pub mod balance;
mod buttons;
pub mod fsrs;
pub mod sm2;

#[cfg(test)]
mod tests;

pub use buttons::{Buttons, Choice};
pub use sm2::{Day, Grade, GradeError, Schedule};

/// The interval, in days, from which a card counts as mature. The schema
/// holds this number as a literal (the partial index of mature reviews;
/// migrations are never edited); a test keeps the two equal.
pub const MATURE_DAYS: u32 = 21;

/// Whether a card with this interval is mature.
pub fn is_mature(interval: u32) -> bool {
    interval >= MATURE_DAYS
}

/// How far a graded card has got: its schedule, the days the same-day rule
/// and FSRS's elapsed time need, and under FSRS its memory. A card never
/// graded has no progress (`None`).
///
/// Under FSRS the schedule's fields keep their meaning, so that status,
/// queue, stats and leeches read both schedulers alike (docs/design.md
/// §11): the interval is FSRS's, due is the last grade's day plus it,
/// repetitions count successful grades in a row, lapses count Again on a
/// card with repetitions, and EF stays at a new card's 2.50.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub schedule: Schedule,
    /// The day of the card's first grade: when it stopped being new.
    pub first_day: Day,
    /// The day of the last grade that counted.
    pub last_day: Day,
    /// FSRS's stability and difficulty; `None` under SM-2.
    pub memory: Option<fsrs::Memory>,
}

/// What one grade did to a card.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Graded {
    /// The card's progress after the grade.
    pub progress: Progress,
    /// Whether the grade moved the schedule.
    pub counted: bool,
    /// The interval before the grade (0 for a new card), by which stats
    /// tell reviews of mature cards.
    pub prev_interval: u32,
}

impl Graded {
    /// The grade with its card's due day moved by `offset` days, the load
    /// balancer's choice kept with the grade (docs/design.md §15), clamped
    /// to the window of the interval the grade gave (`balance::clamp`). A
    /// grade that did not count, or without an offset, is left as it is:
    /// grades logged before balancing replay exactly as they did.
    pub fn placed(mut self, offset: Option<i32>) -> Graded {
        let shift = match offset {
            Some(offset) if self.counted => balance::clamp(self.progress.schedule.interval, offset),
            _ => 0,
        };
        if shift != 0 {
            let due = &mut self.progress.schedule.due;
            *due = due.map(|day| day.saturating_add(shift));
        }
        self
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
    /// Days the load balancer moved the card's due day by from the
    /// interval this grade gave (docs/design.md §15); `None` when it did
    /// not (balancing off, an interval under 3 days, or the day it chose
    /// was the interval's own).
    pub due_offset: Option<i32>,
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
#[derive(Debug, Clone, Default, PartialEq)]
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

/// The scheduler in force: SM-2, or FSRS-6 with its parameters and desired
/// retention (docs/design.md §4, §11).
#[derive(Debug, Clone)]
pub enum Scheduler {
    Sm2,
    Fsrs(fsrs::Fsrs),
}

impl Scheduler {
    /// A grade `value` arriving on `day` for a card at `before`.
    ///
    /// Under SM-2 only the first grade of a recall day moves the schedule
    /// (docs/design.md §4, SM-2's step 7): a grade counts unless its day is
    /// the day of the last grade that counted; a repeat leaves the progress
    /// as it was. Under FSRS every grade counts, same-day ones too: FSRS-6
    /// models short-term memory (docs/design.md §11). A progress without a
    /// memory (made under SM-2) is read by FSRS as a new card: `fits` tells
    /// the caller to replay the log instead.
    pub fn grade(&self, before: Option<Progress>, value: Grade, day: Day) -> Graded {
        match self {
            Scheduler::Sm2 => sm2_grade(before, value, day),
            Scheduler::Fsrs(model) => fsrs_grade(model, before, value, day),
        }
    }

    /// Whether a stored progress carries what this scheduler needs to go on
    /// from it: under FSRS, a memory. One that does not was computed by the
    /// other scheduler, and only a replay of the card's log gives its state.
    pub fn fits(&self, progress: Option<&Progress>) -> bool {
        match self {
            Scheduler::Sm2 => true,
            Scheduler::Fsrs(_) => progress.is_none_or(|p| p.memory.is_some()),
        }
    }

    /// Replays a card's log through `grade` in the order the grades were
    /// given: by time, grades of the same second by review id. Whatever order
    /// the rows come in (an import, a clock set back), the result is the same.
    pub fn replay(&self, log: impl IntoIterator<Item = Entry>) -> Replay {
        let mut log: Vec<Entry> = log.into_iter().collect();
        log.sort_unstable_by_key(|e| (e.at, e.id));
        let mut progress = None;
        let entries = log
            .iter()
            .map(|e| {
                let graded = self.grade(progress, e.grade, e.day).placed(e.due_offset);
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

    /// Names the scheduler and everything that changes what it computes, so
    /// that a database knows which one made its schedules: `sm2`, or
    /// `fsrs-6 r=0.9 w=…` with the desired retention and the 21 weights.
    /// When the one in force names itself otherwise, every card is replayed
    /// (docs/design.md §11).
    pub fn fingerprint(&self) -> String {
        match self {
            Scheduler::Sm2 => SM2_FINGERPRINT.to_string(),
            Scheduler::Fsrs(model) => model.fingerprint(),
        }
    }

    /// The scheduler a `fingerprint` names, if this recall knows it.
    pub fn from_fingerprint(fingerprint: &str) -> Option<Scheduler> {
        if fingerprint == SM2_FINGERPRINT {
            return Some(Scheduler::Sm2);
        }
        fsrs::Fsrs::from_fingerprint(fingerprint).map(Scheduler::Fsrs)
    }

    /// The scheduler's name as the learner reads it.
    pub fn name(&self) -> &'static str {
        match self {
            Scheduler::Sm2 => "SM-2",
            Scheduler::Fsrs(_) => "FSRS-6",
        }
    }

    /// FSRS's probability that the card is recalled on `day`; `None` under
    /// SM-2, which predicts no such thing (calibration assumes one for it,
    /// `stats::calibration`), or for a progress without a memory.
    pub fn retrievability(&self, progress: &Progress, day: Day) -> Option<f64> {
        match (self, progress.memory) {
            (Scheduler::Fsrs(model), Some(memory)) => Some(f64::from(
                model.retrievability(memory, elapsed_days(progress.last_day, day)),
            )),
            _ => None,
        }
    }
}

/// What the daily limit reads of a due card's schedule to rank it
/// (`Scheduler::urgency`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DueCard {
    pub due: Day,
    pub interval: u32,
    /// The day of the last grade that counted.
    pub last_day: Day,
    /// FSRS's stability; `None` under SM-2.
    pub stability: Option<f32>,
}

impl DueCard {
    /// A card known by its due day alone: what a queue without a daily
    /// limit reads, as nothing ranks its cards.
    pub fn unranked(due: Day) -> DueCard {
        DueCard {
            due,
            interval: 0,
            last_day: due,
            stability: None,
        }
    }
}

/// How the daily limit ranks due cards (docs/design.md §15): the key
/// `UrgencyOrder::key` computes, greater first. The store ranks by the same
/// key in SQL (`Store::most_urgent`), spelled out there as the schema spells
/// the maturity threshold; a test keeps the two orders equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrgencyOrder {
    /// SM-2: the days a card is overdue, over its interval.
    OverdueForInterval,
    /// FSRS: the days since the last grade, over the stability (the
    /// interval for a schedule without a memory, which a replay puts
    /// right). Retrievability falls as this grows, whatever the weights,
    /// so the greatest key is the lowest retrievability.
    ElapsedForStability,
}

impl UrgencyOrder {
    /// How much a card due on or before `today` needs its review today.
    pub fn key(self, card: &DueCard, today: Day) -> f64 {
        let interval = f64::from(card.interval.max(1));
        match self {
            UrgencyOrder::OverdueForInterval => {
                f64::from(today.saturating_sub(card.due)) / interval
            }
            UrgencyOrder::ElapsedForStability => {
                f64::from(elapsed_days(card.last_day, today))
                    / card.stability.map_or(interval, f64::from)
            }
        }
    }
}

impl Scheduler {
    /// How the daily limit ranks this scheduler's due cards: when more
    /// cards are due than it allows, the least urgent wait (SM-2: most
    /// overdue relative to the interval first; FSRS: lowest
    /// retrievability first).
    pub fn urgency_order(&self) -> UrgencyOrder {
        match self {
            Scheduler::Sm2 => UrgencyOrder::OverdueForInterval,
            Scheduler::Fsrs(_) => UrgencyOrder::ElapsedForStability,
        }
    }

    /// `urgency_order`'s key for one card.
    pub fn urgency(&self, card: &DueCard, today: Day) -> f64 {
        self.urgency_order().key(card, today)
    }
}

/// What a database without a fingerprint was scheduled by: before FSRS,
/// every database was SM-2's.
pub const SM2_FINGERPRINT: &str = "sm2";

fn sm2_grade(before: Option<Progress>, value: Grade, day: Day) -> Graded {
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
                    memory: None,
                },
                counted: true,
                prev_interval: schedule.interval,
            }
        }
    }
}

/// FSRS's grade (docs/design.md §11), with SM-2's schedule fields kept in
/// their meaning. A day earlier than the last grade's (a time zone changed)
/// counts as the same day, as `fsrs::Fsrs::replay` reads it.
fn fsrs_grade(model: &fsrs::Fsrs, before: Option<Progress>, value: Grade, day: Day) -> Graded {
    let schedule = before.map_or(Schedule::NEW, |p| p.schedule);
    let (memory, last_day) = match before {
        Some(p) => (
            model.next(p.memory, value, elapsed_days(p.last_day, day)),
            p.last_day.max(day),
        ),
        None => (model.next(None, value, 0), day),
    };
    let interval = model.interval(memory);
    let again = fsrs::Rating::of(value) == fsrs::Rating::Again;
    Graded {
        progress: Progress {
            schedule: Schedule {
                ef: Schedule::NEW.ef,
                interval,
                repetitions: if again {
                    0
                } else {
                    schedule.repetitions.saturating_add(1)
                },
                lapses: schedule
                    .lapses
                    .saturating_add(u32::from(again && schedule.repetitions > 0)),
                due: Some(last_day.saturating_add_unsigned(interval)),
            },
            first_day: before.map_or(day, |p| p.first_day),
            last_day,
            memory: Some(memory),
        },
        counted: true,
        prev_interval: schedule.interval,
    }
}

/// Whole days from `last` to `day`; none when `day` comes first.
fn elapsed_days(last: Day, day: Day) -> u32 {
    u32::try_from(i64::from(day) - i64::from(last)).unwrap_or(0)
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
