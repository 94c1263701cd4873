//! SM-2's arithmetic exactly as docs/design.md §4: how one grade moves a
//! card's schedule, in whole hundredths so that the result is exact. Which
//! grades count and how a log replays are the scheduler's (`super`). Pure: no
//! I/O, no clock, no randomness.

#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

/// A day number: days since 1970-01-01 of the learner's local "recall day".
pub type Day = i32;

/// The lowest ease factor SM-2 allows (1.3), in hundredths.
pub const EF_FLOOR: u16 = 130;

/// The longest interval handed out, in days (about a century). SM-2 has no
/// ceiling, but ten perfect grades in a row already pass a century and the
/// growth is geometric: capping keeps due dates inside the calendar.
pub const MAX_INTERVAL: u32 = 36_500;

/// Where a card stands in SM-2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// Ease factor in whole hundredths (2.5 is 250); never below `EF_FLOOR`.
    pub ef: u16,
    /// Days from the last review to the next.
    pub interval: u32,
    /// Passing grades in a row since the last failure.
    pub repetitions: u32,
    /// Times a card that had been learned was failed.
    pub lapses: u32,
    /// The day the card is next due; `None` for a new card never graded.
    pub due: Option<Day>,
}

impl Schedule {
    /// A card never graded.
    pub const NEW: Schedule = Schedule {
        ef: 250,
        interval: 0,
        repetitions: 0,
        lapses: 0,
        due: None,
    };
}

/// A SuperMemo grade 0..=5.
/// The lowest grade SM-2 counts as a correct answer; stats' retention and
/// the running totals' passed reviews count from it too (in SQL, written
/// in as this number).
pub const PASS: u8 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grade(u8);

impl Grade {
    /// The grade `n`, if it is one (0 to 5).
    pub fn new(n: u8) -> Option<Grade> {
        (n <= 5).then_some(Grade(n))
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// Whether SM-2 counts this as a correct answer (`PASS` or more).
    pub fn passed(self) -> bool {
        self.0 >= PASS
    }

    /// SuperMemo's meaning of the grade, shortened.
    pub fn label(self) -> &'static str {
        match self.0 {
            0 => "blackout",
            1 => "wrong, but familiar once seen",
            2 => "wrong, but the answer felt easy to recall",
            3 => "right, with serious difficulty",
            4 => "right, after some hesitation",
            _ => "perfect",
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Text that is not a grade.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a grade: expected one digit from 0 to 5")]
pub struct GradeError {
    pub input: String,
}

impl FromStr for Grade {
    type Err = GradeError;

    /// Exactly one digit: signs, spaces and leading zeros are refused so that
    /// what the learner typed is what gets logged.
    fn from_str(s: &str) -> Result<Grade, GradeError> {
        match s.as_bytes() {
            [digit @ b'0'..=b'5'] => Ok(Grade(digit - b'0')),
            _ => Err(GradeError {
                input: s.to_string(),
            }),
        }
    }
}

/// Applies one grade given on `today`.
pub fn review(state: Schedule, grade: Grade, today: Day) -> Schedule {
    let (interval, repetitions) = if grade.passed() {
        (passed_interval(&state), state.repetitions.saturating_add(1))
    } else {
        (1, 0)
    };
    let lapsed = !grade.passed() && state.repetitions > 0;
    Schedule {
        ef: next_ef(state.ef, grade),
        interval,
        repetitions,
        lapses: state.lapses.saturating_add(u32::from(lapsed)),
        due: Some(today.saturating_add_unsigned(interval)),
    }
}

/// The interval after a passing grade; it grows by the EF from before this
/// grade's update, as `supermemo2` and Wikipedia read SM-2.
fn passed_interval(state: &Schedule) -> u32 {
    match state.repetitions {
        0 => 1,
        1 => 6,
        _ => ceil_times_ef(state.interval, state.ef).min(MAX_INTERVAL),
    }
}

/// ceil(interval × EF) in integers: exact, unlike the float version that
/// turns 6 × 1.5 into 10 (docs/design.md §4).
fn ceil_times_ef(interval: u32, ef: u16) -> u32 {
    let hundredths = u64::from(interval) * u64::from(ef);
    u32::try_from(hundredths.div_ceil(100)).unwrap_or(u32::MAX)
}

/// EF + (0.1 - (5-q)(0.08 + (5-q)0.02)), in hundredths, floored at 1.3.
fn next_ef(ef: u16, grade: Grade) -> u16 {
    let miss = i32::from(5 - grade.value());
    let step = 10 - miss * (8 + miss * 2);
    let moved = (i32::from(ef) + step).clamp(i32::from(EF_FLOOR), i32::from(u16::MAX));
    u16::try_from(moved).unwrap_or(u16::MAX)
}

/// An ease factor as the learner reads it, e.g. 236 as "2.36".
pub fn ef_display(ef: u16) -> String {
    format!("{}.{:02}", ef / 100, ef % 100)
}
