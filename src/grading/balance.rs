//! The load balancer as a review session runs it (docs/design.md §15):
//! whether it applies under the scheduler in force, and the cards due on
//! each day it weighs, counted in the store once per day and then kept up
//! with this session's own grades, so that grading the next card reads the
//! database for days it has not looked at yet, never again for the same
//! day. The choice itself is the scheduler's (`scheduler::balance`).
//!
//! The counts guide a choice that the grade then keeps; they are never part
//! of a schedule. So another process's grades committed meanwhile (a merge)
//! may leave them a card or two off without harm, and an undo simply drops
//! them all.

use std::collections::HashMap;

use crate::clock;
use crate::scheduler::balance::{self, EasyDays};
use crate::scheduler::{Day, Graded, Progress, Scheduler};
use crate::store::{NewReview, Result, Writer};

/// The balancer's settings and what it has counted.
#[derive(Debug, Clone, Default)]
pub struct Balance {
    /// The `load_balance` setting: `None` is on under FSRS and off under
    /// SM-2, whose exactness is its contract.
    setting: Option<bool>,
    easy: EasyDays,
    /// Schedules due on each day looked at, the card being graded included.
    loads: HashMap<Day, u32>,
}

impl Balance {
    pub fn new(setting: Option<bool>, easy: EasyDays) -> Balance {
        Balance {
            setting,
            easy,
            loads: HashMap::new(),
        }
    }

    /// Whether grades under `scheduler` are balanced: the scheduler in
    /// force, which another process may have switched since the session
    /// began.
    pub fn applies(&self, scheduler: &Scheduler) -> bool {
        self.setting
            .unwrap_or(matches!(scheduler, Scheduler::Fsrs(_)))
    }

    /// Forgets what was counted: an undo moves a card back to where its
    /// log now puts it.
    pub fn forget(&mut self) {
        self.loads.clear();
    }

    /// The due offset for a grade that counted (`graded`) of a card that
    /// was at `before`: `None` when its interval has no window or the
    /// least loaded day is the interval's own.
    pub(super) fn choose(
        &mut self,
        w: &Writer<'_>,
        review: &NewReview,
        graded: &Graded,
        before: Option<Progress>,
    ) -> Result<Option<i32>> {
        let schedule = graded.progress.schedule;
        let (Some((low, high)), Some(due)) = (balance::window(schedule.interval), schedule.due)
        else {
            return Ok(None);
        };
        let from = due.saturating_sub_unsigned(schedule.interval);
        self.count(
            w,
            from.saturating_add_unsigned(low),
            from.saturating_add_unsigned(high),
        )?;
        // The card itself is counted on the day it is due now.
        let own = before.and_then(|p| p.schedule.due);
        let loads = &self.loads;
        let load = |day: Day| {
            let here = loads.get(&day).copied().unwrap_or(0);
            here.saturating_sub(u32::from(own == Some(day)))
        };
        let offset = balance::balance(
            from,
            schedule.interval,
            load,
            self.easy,
            clock::weekday,
            balance::tie_hash(review.card_id, review.day),
        );
        Ok((offset != 0).then_some(offset))
    }

    /// Keeps the counts in step with a card moved from due day `from` to
    /// `to` by a grade of this session.
    pub(super) fn moved(&mut self, from: Option<Day>, to: Option<Day>) {
        if from == to {
            return;
        }
        if let Some(count) = from.and_then(|day| self.loads.get_mut(&day)) {
            *count = count.saturating_sub(1);
        }
        if let Some(count) = to.and_then(|day| self.loads.get_mut(&day)) {
            *count += 1;
        }
    }

    /// Counts the days from `first` to `last` not counted yet, in one
    /// read of the due index from the first of them to the last.
    fn count(&mut self, w: &Writer<'_>, first: Day, last: Day) -> Result<()> {
        let missing = |day: &Day| !self.loads.contains_key(day);
        let (Some(start), Some(end)) = (
            (first..=last).find(missing),
            (first..=last).rev().find(missing),
        ) else {
            return Ok(());
        };
        let counted = w.due_counts(start, end)?;
        for day in start..=end {
            self.loads.insert(day, 0);
        }
        self.loads.extend(counted);
        Ok(())
    }
}
