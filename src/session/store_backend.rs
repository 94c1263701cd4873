//! The session's `Backend` on the SQLite store: each grade and each undo is
//! one committed transaction, applied through `grading` with the scheduler
//! in force (docs/design.md §5, §9, §11), so that a grade is saved before
//! the next card shows; the load balancer places each card (§15).

use std::path::PathBuf;
use std::time::Instant;

use super::Recorder;
use super::machine::Backend;
use crate::grading::{self, Balance};
use crate::scheduler::{Choice, Day, Grade, Scheduler};
use crate::store::{CardState, NewReview, Store, StoreError};

pub struct StoreBackend<'a> {
    store: &'a Store,
    scheduler: &'a Scheduler,
    /// The session's day: a session that runs past the day's start still
    /// counts for the day it began on.
    day: Day,
    /// Unix seconds at the start of the session, and the instant it was taken.
    started_at: i64,
    started: Instant,
    shown: Instant,
    /// The shared folder and the clock's offset, when grades are journaled
    /// right after their commit (docs/design.md §10); cleared after the
    /// first failure, whose events wait queued for the next sync.
    journal: Option<(PathBuf, i32)>,
    warning: Option<String>,
    /// The load balancer, off unless `balancing` sets it.
    balance: Balance,
}

impl<'a> StoreBackend<'a> {
    pub fn new(
        store: &'a Store,
        scheduler: &'a Scheduler,
        day: Day,
        started_at: i64,
    ) -> StoreBackend<'a> {
        StoreBackend {
            store,
            scheduler,
            day,
            started_at,
            started: Instant::now(),
            shown: Instant::now(),
            journal: None,
            warning: None,
            balance: Balance::new(Some(false), Default::default()),
        }
    }

    /// Places each graded card's due day with this load balancer.
    pub fn balancing(mut self, balance: Balance) -> StoreBackend<'a> {
        self.balance = balance;
        self
    }

    /// Journals each grade and undo to `dir` right after its commit.
    pub fn journaling(mut self, dir: PathBuf, offset: i32) -> StoreBackend<'a> {
        self.journal = Some((dir, offset));
        self
    }

    /// The one warning of a journal append that failed in this session.
    pub fn journal_warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    fn journal(&mut self, review: Option<i64>) {
        let Some((dir, offset)) = &self.journal else {
            return;
        };
        let local = crate::exchange::Local {
            dir,
            offset: *offset,
            now: self.started_at + self.started.elapsed().as_secs() as i64,
            scheduler: self.scheduler,
        };
        let warning = match crate::exchange::after_commit(self.store, &local, review) {
            Ok(warning) => warning,
            Err(e) => Some(format!(
                "progress was not appended to the shared folder: {e}"
            )),
        };
        if warning.is_some() {
            self.warning = warning;
            self.journal = None;
        }
    }

    fn review(&self, card: i64, grade: Grade) -> NewReview {
        NewReview {
            card_id: card,
            at: self.started_at + self.started.elapsed().as_secs() as i64,
            day: self.day,
            grade,
            millis: u32::try_from(self.shown.elapsed().as_millis()).unwrap_or(u32::MAX),
            due_offset: None,
        }
    }
}

impl Recorder for StoreBackend<'_> {
    fn store(&self) -> &Store {
        self.store
    }

    fn question_shown(&mut self) {
        self.shown = Instant::now();
    }

    fn choices(&self, card: &CardState) -> Vec<Choice> {
        self.scheduler.choices(card.progress.as_ref(), self.day)
    }
}

impl Backend for StoreBackend<'_> {
    type Error = StoreError;

    fn record(&mut self, card: i64, grade: Grade) -> Result<i64, StoreError> {
        let review = self.review(card, grade);
        let balance = &mut self.balance;
        let id = self.store.write(|w| {
            let scheduler = grading::in_force(w, self.scheduler)?;
            grading::record_balanced(w, &scheduler, &review, balance)
        })?;
        self.journal(Some(id));
        Ok(id)
    }

    /// The grade and its proposal are one transaction: a typed review is
    /// never stored without what was proposed (docs/design.md §12).
    fn record_typed(
        &mut self,
        card: i64,
        grade: Grade,
        proposed: Grade,
    ) -> Result<i64, StoreError> {
        let review = self.review(card, grade);
        let balance = &mut self.balance;
        let id = self.store.write(|w| {
            let scheduler = grading::in_force(w, self.scheduler)?;
            let id = grading::record_balanced(w, &scheduler, &review, balance)?;
            w.set_proposed(id, proposed)?;
            Ok::<_, StoreError>(id)
        })?;
        self.journal(Some(id));
        Ok(id)
    }

    fn undo(&mut self, review: i64) -> Result<(), StoreError> {
        self.store
            .write(|w| grading::undo(w, &*grading::in_force(w, self.scheduler)?, review))?;
        self.balance.forget();
        self.journal(None);
        Ok(())
    }
}
