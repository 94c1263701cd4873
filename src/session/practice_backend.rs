//! The session's `Backend` for `recall cram` (docs/design.md §12): each
//! grade is a practice row, committed at once, and undo deletes it. No
//! schedule is read or written and nothing is journaled: practice is not a
//! review.

use std::time::Instant;

use super::Recorder;
use super::machine::Backend;
use crate::scheduler::{Buttons, Choice, Day, Grade};
use crate::store::{CardState, Store, StoreError};

pub struct PracticeBackend<'a> {
    store: &'a Store,
    /// The scheduler's keys: practice grades as a review would.
    buttons: Buttons,
    day: Day,
    /// Unix seconds at the start of the session, and the instant it was taken.
    started_at: i64,
    started: Instant,
}

impl<'a> PracticeBackend<'a> {
    pub fn new(
        store: &'a Store,
        buttons: Buttons,
        day: Day,
        started_at: i64,
    ) -> PracticeBackend<'a> {
        PracticeBackend {
            store,
            buttons,
            day,
            started_at,
            started: Instant::now(),
        }
    }

    fn log(&mut self, card: i64, grade: Grade, proposed: Option<Grade>) -> Result<i64, StoreError> {
        let at = self.started_at + self.started.elapsed().as_secs() as i64;
        self.store
            .write(|w| w.insert_practice(card, at, self.day, grade, proposed))
    }
}

impl Backend for PracticeBackend<'_> {
    type Error = StoreError;

    fn record(&mut self, card: i64, grade: Grade) -> Result<i64, StoreError> {
        self.log(card, grade, None)
    }

    fn record_typed(
        &mut self,
        card: i64,
        grade: Grade,
        proposed: Grade,
    ) -> Result<i64, StoreError> {
        self.log(card, grade, Some(proposed))
    }

    fn undo(&mut self, practice: i64) -> Result<(), StoreError> {
        self.store.write(|w| w.delete_practice(practice))
    }
}

impl Recorder for PracticeBackend<'_> {
    fn store(&self) -> &Store {
        self.store
    }

    // Practice keeps no answer times.
    fn question_shown(&mut self) {}

    /// Practice schedules nothing, so no choice shows an interval.
    fn choices(&self, _card: &CardState) -> Vec<Choice> {
        self.buttons.choices()
    }
}
