//! The running totals of the review log (`review_days`, `card_reviews`),
//! which `stats` and `cards` read instead of the log (docs/design.md §6,
//! §7). The store keeps them in the transaction of every change to the
//! log: a card's row with each change, the days' rows once, when the
//! transaction commits (a merge of 100,000 grades of one day would
//! otherwise update that day's row 100,000 times). Nothing reads the days'
//! totals inside a write. They were kept by triggers before schema 5: a
//! statement that fires triggers makes SQLite copy every page it touches
//! to a statement journal first, which was most of the cost of merging
//! another device's grades.

use rusqlite::{OptionalExtension, params};

use super::{Faulty, Writer};
use crate::scheduler::sm2::PASS;
use crate::scheduler::{self, Day, Grade};

/// One review row as the totals count it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tally {
    pub card_id: i64,
    pub day: Day,
    /// Unix seconds.
    pub at: i64,
    pub millis: u32,
    pub prev_interval: u32,
    pub grade: Grade,
}

impl Tally {
    /// Whether the review was of a mature card, and whether it passed.
    fn mature(&self) -> (i64, i64) {
        let mature = scheduler::is_mature(self.prev_interval);
        (i64::from(mature), i64::from(mature && self.grade.passed()))
    }
}

/// What a transaction changed in one day's totals, written at its commit.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct DayDelta {
    reviews: i64,
    millis: i64,
    mature: i64,
    passed: i64,
}

impl Writer<'_> {
    /// Review `id` as the totals count it, if there is such a row.
    pub(super) fn tally_of(&self, id: i64) -> Faulty<Option<Tally>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT card_id, day, at, millis, prev_interval, grade FROM reviews WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(Tally {
                    card_id: r.get(0)?,
                    day: r.get(1)?,
                    at: r.get(2)?,
                    millis: r.get(3)?,
                    prev_interval: r.get(4)?,
                    grade: r.get(5)?,
                })
            })
            .optional()?)
    }

    /// Counts a review row just added to the log.
    pub(super) fn count_added(&self, t: &Tally) -> Faulty<()> {
        let (mature, passed) = t.mature();
        self.add_to_day(
            t.day,
            DayDelta {
                reviews: 1,
                millis: i64::from(t.millis),
                mature,
                passed,
            },
        );
        let card = params![t.card_id, t.at, mature, passed];
        let updated = self
            .tx
            .prepare_cached(
                "UPDATE card_reviews SET reviews = reviews + 1, \
                 last_at = max(coalesce(last_at, ?2), ?2), mature = mature + ?3, \
                 mature_passed = mature_passed + ?4 WHERE card_id = ?1",
            )?
            .execute(card)?;
        if updated == 0 {
            self.tx
                .prepare_cached(
                    "INSERT INTO card_reviews (card_id, reviews, last_at, mature, mature_passed) \
                     VALUES (?1, 1, ?2, ?3, ?4)",
                )?
                .execute(card)?;
        }
        Ok(())
    }

    /// Uncounts a review row just deleted from the log: its card's latest
    /// time is read again from what the log still holds.
    pub(super) fn count_removed(&self, t: &Tally) -> Faulty<()> {
        let (mature, passed) = t.mature();
        self.add_to_day(
            t.day,
            DayDelta {
                reviews: -1,
                millis: -i64::from(t.millis),
                mature: -mature,
                passed: -passed,
            },
        );
        self.tx
            .prepare_cached(
                "UPDATE card_reviews SET reviews = reviews - 1, \
                 last_at = (SELECT max(at) FROM reviews WHERE card_id = ?1), \
                 mature = mature - ?2, mature_passed = mature_passed - ?3 WHERE card_id = ?1",
            )?
            .execute(params![t.card_id, mature, passed])?;
        Ok(())
    }

    /// Recounts a review whose interval before it changed from `before`'s
    /// (a replay corrected it): only whether it was of a mature card moves.
    pub(super) fn count_reinterval(&self, before: &Tally, prev_interval: u32) -> Faulty<()> {
        let after = Tally {
            prev_interval,
            ..*before
        };
        let ((m0, p0), (m1, p1)) = (before.mature(), after.mature());
        if (m0, p0) == (m1, p1) {
            return Ok(());
        }
        let (mature, passed) = (m1 - m0, p1 - p0);
        self.add_to_day(
            before.day,
            DayDelta {
                mature,
                passed,
                ..DayDelta::default()
            },
        );
        self.tx
            .prepare_cached(
                "UPDATE card_reviews SET mature = mature + ?2, mature_passed = mature_passed + ?3 \
                 WHERE card_id = ?1",
            )?
            .execute(params![before.card_id, mature, passed])?;
        Ok(())
    }

    fn add_to_day(&self, day: Day, delta: DayDelta) {
        let mut days = self.days.borrow_mut();
        let total = days.entry(day).or_default();
        total.reviews += delta.reviews;
        total.millis += delta.millis;
        total.mature += delta.mature;
        total.passed += delta.passed;
    }

    /// Writes what the transaction changed in the days' totals; called by
    /// `Store::write` before it commits.
    pub(super) fn write_days(&self) -> Faulty<()> {
        for (day, d) in std::mem::take(&mut *self.days.borrow_mut()) {
            let values = params![day, d.reviews, d.millis, d.mature, d.passed];
            let updated = self
                .tx
                .prepare_cached(
                    "UPDATE review_days SET reviews = reviews + ?2, millis = millis + ?3, \
                     mature = mature + ?4, mature_passed = mature_passed + ?5 WHERE day = ?1",
                )?
                .execute(values)?;
            if updated == 0 {
                self.tx
                    .prepare_cached(
                        "INSERT INTO review_days (day, reviews, millis, mature, mature_passed) \
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(values)?;
            }
        }
        Ok(())
    }

    /// Recounts, in bulk, the reviews whose interval before them a replay
    /// is about to change: the rows of `temp.derived_rows` (review id, new
    /// interval) with ids from `first` to `last`, before they are written
    /// (`Writer::set_derived_many`). Only whether each was of a mature card
    /// moves, per day and per card. "Passed" is `Grade::passed`: a grade of
    /// `sm2::PASS` or more.
    pub(super) fn recount_derived(&self, first: i64, last: i64) -> Faulty<()> {
        for (table, key) in [("review_days", "day"), ("card_reviews", "card_id")] {
            self.tx
                .prepare_cached(&format!(
                    "UPDATE {table} SET mature = mature + x.m, \
                     mature_passed = mature_passed + x.p \
                     FROM (SELECT r.{key} AS k, \
                               sum((d.prev_interval >= ?3) - (r.prev_interval >= ?3)) AS m, \
                               sum(((d.prev_interval >= ?3) - (r.prev_interval >= ?3)) \
                                   * (r.grade >= {PASS})) AS p \
                           FROM temp.derived_rows d JOIN reviews r ON r.id = d.id \
                           WHERE d.id BETWEEN ?1 AND ?2 GROUP BY r.{key}) AS x \
                     WHERE {table}.{key} = x.k AND (x.m != 0 OR x.p != 0)"
                ))?
                .execute(params![first, last, scheduler::MATURE_DAYS])?;
        }
        Ok(())
    }
}
