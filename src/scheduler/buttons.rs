//! What the grade prompt offers under each scheduler (docs/design.md §5,
//! §11): which keys grade and what they log, which grades bring a card back
//! later in the session, and the interval each choice would give. Plain
//! data, so that the session's state machine learns its keys from here and
//! stays free of either scheduler.

use super::fsrs::Rating;
use super::{Day, Grade, Progress, Scheduler};

/// The grade keys of a scheduler: SuperMemo's 0–5 under SM-2, Anki's four
/// buttons under FSRS (1 again, 2 hard, 3 good, 4 easy, logged as the
/// grades 1, 3, 4 and 5 so that the log reads the same under SM-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Buttons {
    Sm2,
    Fsrs,
}

/// One answer the grade prompt offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// The digit that picks it.
    pub key: u8,
    /// The grade the log keeps for it.
    pub grade: Grade,
    /// Its name, short enough for a one-line legend.
    pub name: &'static str,
    /// The days until the card would be due again after it; `None` where
    /// the choice schedules nothing (practice).
    pub interval: Option<u32>,
}

/// SuperMemo's meanings of 0–5, shortened for the legend; the full wording
/// is `Grade::label`.
const SM2_NAMES: [&str; 6] = [
    "blackout",
    "wrong, familiar",
    "wrong, easy",
    "hard",
    "hesitant",
    "perfect",
];

/// Under SM-2, a card graded below this comes back later in the session
/// (SM-2's step 7).
const SM2_PASS_IN_SESSION: u8 = 4;

impl Buttons {
    /// The digits that grade, lowest first.
    pub fn keys(self) -> std::ops::RangeInclusive<u8> {
        match self {
            Buttons::Sm2 => 0..=5,
            Buttons::Fsrs => 1..=4,
        }
    }

    /// The grade a digit logs, if it is a grade key.
    pub fn grade(self, key: u8) -> Option<Grade> {
        match self {
            Buttons::Sm2 => Grade::new(key),
            Buttons::Fsrs => Rating::ALL
                .get(usize::from(key).checked_sub(1)?)
                .map(|r| r.grade()),
        }
    }

    /// The digit that stands for a logged grade (under FSRS, the button
    /// the grade reads as: 0–2 again, 3 hard, 4 good, 5 easy).
    pub fn key(self, grade: Grade) -> u8 {
        match self {
            Buttons::Sm2 => grade.value(),
            Buttons::Fsrs => Rating::of(grade) as u8,
        }
    }

    /// A grade's short name under these keys.
    pub fn name(self, grade: Grade) -> &'static str {
        match self {
            Buttons::Sm2 => SM2_NAMES[usize::from(grade.value())],
            Buttons::Fsrs => Rating::of(grade).name(),
        }
    }

    /// Whether a card given this grade comes back later in the same
    /// session: under SM-2 until it scores 4 or more, under FSRS after
    /// Again only.
    pub fn comes_back(self, grade: Grade) -> bool {
        match self {
            Buttons::Sm2 => grade.value() < SM2_PASS_IN_SESSION,
            Buttons::Fsrs => Rating::of(grade) == Rating::Again,
        }
    }

    /// Every choice, without intervals.
    pub fn choices(self) -> Vec<Choice> {
        self.keys()
            .filter_map(|key| {
                let grade = self.grade(key)?;
                Some(Choice {
                    key,
                    grade,
                    name: self.name(grade),
                    interval: None,
                })
            })
            .collect()
    }
}

impl Scheduler {
    /// The keys the grade prompt offers under this scheduler.
    pub fn buttons(&self) -> Buttons {
        match self {
            Scheduler::Sm2 => Buttons::Sm2,
            Scheduler::Fsrs(_) => Buttons::Fsrs,
        }
    }

    /// Every choice of the grade prompt for a card at `before` (`None`:
    /// new) graded on `day`, with the interval each would give: the grade
    /// function itself, asked once per key. A grade that would not count (a
    /// repeat under SM-2) leaves the card's interval as it is, and says so;
    /// a stored progress this scheduler cannot go on from (`fits`) gives no
    /// interval, as only a replay of the log knows it.
    pub fn choices(&self, before: Option<&Progress>, day: Day) -> Vec<Choice> {
        let fits = self.fits(before);
        self.buttons()
            .choices()
            .into_iter()
            .map(|choice| {
                let graded = self.grade(before.copied(), choice.grade, day);
                Choice {
                    interval: fits.then_some(graded.progress.schedule.interval),
                    ..choice
                }
            })
            .collect()
    }
}
