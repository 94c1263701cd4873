//! The session's `Backend` on the SQLite store: each grade and each undo is
//! one committed transaction, applied through `grading` (docs/design.md §5,
//! §9), so that a grade is saved before the next card shows.

use std::time::Instant;

use super::machine::Backend;
use crate::grading;
use crate::scheduler::{Day, Grade};
use crate::store::{NewReview, Store, StoreError};

pub struct StoreBackend<'a> {
    store: &'a Store,
    /// The session's day: a session that runs past the day's start still
    /// counts for the day it began on.
    day: Day,
    /// Unix seconds at the start of the session, and the instant it was taken.
    started_at: i64,
    started: Instant,
    shown: Instant,
}

impl<'a> StoreBackend<'a> {
    pub fn new(store: &'a Store, day: Day, started_at: i64) -> StoreBackend<'a> {
        StoreBackend {
            store,
            day,
            started_at,
            started: Instant::now(),
            shown: Instant::now(),
        }
    }

    pub fn store(&self) -> &Store {
        self.store
    }

    /// Starts timing the answer to the card just shown.
    pub fn question_shown(&mut self) {
        self.shown = Instant::now();
    }
}

impl Backend for StoreBackend<'_> {
    type Error = StoreError;

    fn record(&mut self, card: i64, grade: Grade) -> Result<i64, StoreError> {
        let review = NewReview {
            card_id: card,
            at: self.started_at + self.started.elapsed().as_secs() as i64,
            day: self.day,
            grade,
            millis: u32::try_from(self.shown.elapsed().as_millis()).unwrap_or(u32::MAX),
        };
        self.store.write(|w| grading::record(w, &review))
    }

    fn undo(&mut self, review: i64) -> Result<(), StoreError> {
        self.store.write(|w| grading::undo(w, review)).map(|_| ())
    }
}
