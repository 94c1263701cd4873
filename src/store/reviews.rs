//! The review log and the progress it leads to, as rows: plain reads and
//! writes inside a `Writer` transaction. Which grade counts and how a log
//! replays are the scheduler's rules, applied by `grading` (docs/design.md
//! §4, §9); nothing here decides them. The log is append-only; the one
//! exception is taking back a session's last grade (undo).

use crate::journal;
use rusqlite::{OptionalExtension, Row, params};

use super::totals::Tally;
use super::{Result, Store, Writer, convert};
use crate::scheduler::fsrs::Memory;
use crate::scheduler::{Day, Entry, Grade, Progress, Schedule};

/// A schedule's columns that make a card's progress, from the table `s`,
/// in the order `progress_from_row` reads them.
pub(super) const PROGRESS_COLUMNS: &str = "s.ef, s.interval, s.repetitions, s.lapses, s.due, \
     s.first_day, s.last_day, s.stability, s.difficulty";

/// The progress in the nine columns from `at` (as `PROGRESS_COLUMNS`),
/// `None` when the card has no schedule. A memory is read only whole: both
/// of FSRS's numbers, or none (a schedule made under SM-2).
pub(super) fn progress_from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Option<Progress>> {
    let Some(ef) = row.get::<_, Option<u16>>(at)? else {
        return Ok(None);
    };
    let memory = match (
        row.get::<_, Option<f32>>(at + 7)?,
        row.get::<_, Option<f32>>(at + 8)?,
    ) {
        (Some(stability), Some(difficulty)) => Some(Memory {
            stability,
            difficulty,
        }),
        _ => None,
    };
    Ok(Some(Progress {
        schedule: Schedule {
            ef,
            interval: row.get(at + 1)?,
            repetitions: row.get(at + 2)?,
            lapses: row.get(at + 3)?,
            due: Some(row.get(at + 4)?),
        },
        first_day: row.get(at + 5)?,
        last_day: row.get(at + 6)?,
        memory,
    }))
}

/// One grade in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewRow {
    pub id: i64,
    pub card_id: i64,
    /// Unix seconds.
    pub at: i64,
    pub day: Day,
    pub grade: Grade,
    /// Whether it moved the schedule (`scheduler::grade`).
    pub counted: bool,
    pub prev_interval: u32,
    pub millis: u32,
    /// Days the load balancer moved the card's due day by (docs/design.md
    /// §15); `None` when it did not.
    pub due_offset: Option<i32>,
}

impl Store {
    /// A card's review log, oldest first (by time, then id, as replay reads it).
    pub fn reviews_of(&self, card_id: i64) -> Result<Vec<ReviewRow>> {
        self.at(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT r.id, r.card_id, r.at, r.day, r.grade, r.counted, r.prev_interval, \
                 r.millis, e.event, r.due_offset FROM reviews r \
                 LEFT JOIN review_events e ON e.review_id = r.id WHERE r.card_id = ?1",
            )?;
            let rows = stmt.query_map([card_id], |r| {
                let read = || {
                    let row = ReviewRow {
                        id: r.get(0)?,
                        card_id,
                        at: r.get(2)?,
                        day: r.get(3)?,
                        grade: r.get(4)?,
                        counted: r.get(5)?,
                        prev_interval: r.get(6)?,
                        millis: r.get(7)?,
                        due_offset: r.get::<_, convert::DueOffset>(9)?.0,
                    };
                    Ok((row, r.get::<_, Option<String>>(8)?))
                };
                read().map_err(|e| convert::of_card(card_id, r, e))
            })?;
            let mut rows: Vec<(ReviewRow, Option<String>)> =
                rows.collect::<rusqlite::Result<_>>()?;
            // In replay's order: time, then the journal's order of a second.
            rows.sort_by_cached_key(|(row, event)| {
                (row.at, journal::second_order(event.as_deref()), row.id)
            });
            Ok(rows.into_iter().map(|(row, _)| row).collect())
        })
    }
}

/// A grade to record.
#[derive(Debug, Clone, Copy)]
pub struct NewReview {
    pub card_id: i64,
    pub at: i64,
    pub day: Day,
    pub grade: Grade,
    pub millis: u32,
    /// Days the load balancer moved the card's due day by from the
    /// interval the grade gives (docs/design.md §15): another device's
    /// choice for a merged grade, the file's for an imported one. `None`:
    /// not moved, unless `grading::record_balanced` chooses.
    pub due_offset: Option<i32>,
}

/// A review as replay reads it, with the derived columns stored beside it
/// (whether it counted, the interval before it), which replay may correct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedReview {
    pub entry: Entry,
    pub counted: bool,
    pub prev_interval: u32,
    /// The review's journal event id, once it has one (docs/design.md §10):
    /// grades of one second given on two devices are ordered by it.
    pub event: Option<String>,
}

impl Writer<'_> {
    /// Whether a card's log holds a grade `grade` given at `at` (Unix
    /// seconds): a grade merged from the journal may be one this device
    /// holds already (docs/design.md §10).
    pub fn holds_grade(&self, card_id: i64, at: i64, grade: Grade) -> Result<bool> {
        self.at(|| {
            Ok(self
                .tx
                .prepare_cached(
                    "SELECT 1 FROM reviews WHERE card_id = ?1 AND at = ?2 AND grade = ?3 LIMIT 1",
                )?
                .query_row(params![card_id, at, grade], |_| Ok(()))
                .optional()?
                .is_some())
        })
    }

    /// A card's stored progress (`None` while new), and the time of its
    /// latest logged grade, in one query: what recording a grade reads.
    pub fn progress_of(&self, card_id: i64) -> Result<(Option<Progress>, Option<i64>)> {
        self.at(|| {
            Ok(self
                .tx
                .prepare_cached(&format!(
                    "SELECT {PROGRESS_COLUMNS}, \
                     (SELECT last_at FROM card_reviews WHERE card_id = ?1) \
                     FROM schedules s WHERE s.card_id = ?1"
                ))
                .and_then(|mut s| {
                    s.query_row([card_id], |r| Ok((progress_from_row(r, 0)?, r.get(9)?)))
                        .optional()
                })
                .map(Option::unwrap_or_default)?)
        })
    }

    /// Appends a grade to the log with the derived columns given. Returns
    /// the new review's id.
    pub fn insert_review(
        &self,
        review: &NewReview,
        counted: bool,
        prev_interval: u32,
    ) -> Result<i64> {
        self.at(|| {
            self.tx
                .prepare_cached(
                    "INSERT INTO reviews \
                     (card_id, at, day, grade, counted, prev_interval, millis, due_offset) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        review.card_id,
                        review.at,
                        review.day,
                        review.grade,
                        counted,
                        prev_interval,
                        review.millis,
                        review.due_offset
                    ])
                })?;
            let id = self.tx.last_insert_rowid();
            self.count_added(&Tally {
                card_id: review.card_id,
                day: review.day,
                at: review.at,
                millis: review.millis,
                prev_interval,
                grade: review.grade,
            })?;
            Ok(id)
        })
    }

    /// Writes a card's progress, or removes it (the card is new again).
    pub fn save_progress(&self, card_id: i64, progress: Option<Progress>) -> Result<()> {
        self.at(|| {
            let Some(p) = progress else {
                self.tx
                    .prepare_cached("DELETE FROM schedules WHERE card_id = ?1")?
                    .execute([card_id])?;
                return Ok(());
            };
            let s = p.schedule;
            let values = params![
                card_id,
                s.ef,
                s.interval,
                s.repetitions,
                s.lapses,
                s.due,
                p.last_day,
                p.first_day,
                p.memory.map(|m| m.stability),
                p.memory.map(|m| m.difficulty)
            ];
            // An update, and an insert only for a card's first schedule: a
            // replace or an upsert may abort halfway, so SQLite copies every
            // page it touches to a statement journal first; a plain update
            // of one row cannot.
            let updated = self
                .tx
                .prepare_cached(
                    "UPDATE schedules SET ef = ?2, interval = ?3, repetitions = ?4, \
                     lapses = ?5, due = ?6, last_day = ?7, first_day = ?8, stability = ?9, \
                     difficulty = ?10 WHERE card_id = ?1",
                )?
                .execute(values)?;
            if updated == 0 {
                self.tx
                    .prepare_cached(
                        "INSERT INTO schedules (card_id, ef, interval, repetitions, lapses, \
                         due, last_day, first_day, stability, difficulty) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    )?
                    .execute(values)?;
            }
            Ok(())
        })
    }

    /// Writes a card's progress after a grade that found it at `before`
    /// (`None`: new). The columns every grade moves are named, and of the
    /// rest only those that changed: SQLite rewrites the entry of every
    /// index on a column an update names, changed or not, and the
    /// schedule's indexes (due day, ease and lapses, first day, difficulty)
    /// are much of the cost of a grade.
    pub fn update_progress(
        &self,
        card_id: i64,
        before: Option<Progress>,
        after: Progress,
    ) -> Result<()> {
        let Some(before) = before else {
            return self.save_progress(card_id, Some(after));
        };
        self.at(|| {
            let (b, a) = (before.schedule, after.schedule);
            // One statement, naming the columns that always move and those
            // of the rest that changed: a few shapes, each cached.
            let changed = [
                (b.ef != a.ef, ", ef = ?6", 6, i64::from(a.ef)),
                (
                    b.lapses != a.lapses,
                    ", lapses = ?7",
                    7,
                    i64::from(a.lapses),
                ),
                (
                    before.first_day != after.first_day,
                    ", first_day = ?8",
                    8,
                    i64::from(after.first_day),
                ),
            ];
            // FSRS's memory (docs/design.md §11): stability, unindexed,
            // with the rest; difficulty, indexed, only when it moved.
            let (stability, difficulty) = (
                after.memory.map(|m| m.stability),
                after.memory.map(|m| m.difficulty),
            );
            let memory = [
                (
                    before.memory.map(|m| m.stability) != stability,
                    ", stability = ?9",
                    9,
                    stability,
                ),
                (
                    before.memory.map(|m| m.difficulty) != difficulty,
                    ", difficulty = ?10",
                    10,
                    difficulty,
                ),
            ];
            let mut sql = String::from(
                "UPDATE schedules SET interval = ?2, repetitions = ?3, due = ?4, last_day = ?5",
            );
            for (_, column, ..) in changed.iter().filter(|c| c.0) {
                sql.push_str(column);
            }
            for (_, column, ..) in memory.iter().filter(|c| c.0) {
                sql.push_str(column);
            }
            sql.push_str(" WHERE card_id = ?1");
            let mut stmt = self.tx.prepare_cached(&sql)?;
            stmt.raw_bind_parameter(1, card_id)?;
            stmt.raw_bind_parameter(2, a.interval)?;
            stmt.raw_bind_parameter(3, a.repetitions)?;
            stmt.raw_bind_parameter(4, a.due)?;
            stmt.raw_bind_parameter(5, after.last_day)?;
            for (_, _, index, value) in changed.iter().filter(|c| c.0) {
                stmt.raw_bind_parameter(*index, value)?;
            }
            for (_, _, index, value) in memory.iter().filter(|c| c.0) {
                stmt.raw_bind_parameter(*index, value)?;
            }
            stmt.raw_execute()?;
            Ok(())
        })
    }

    /// A card's whole log with its stored derived columns, in no particular
    /// order (replay sorts it).
    pub fn log_of(&self, card_id: i64) -> Result<Vec<LoggedReview>> {
        self.at(|| {
            let mut stmt = self.tx.prepare_cached(
                "SELECT r.id, r.at, r.day, r.grade, r.counted, r.prev_interval, e.event, \
                 r.due_offset FROM reviews r LEFT JOIN review_events e ON e.review_id = r.id \
                 WHERE r.card_id = ?1",
            )?;
            let rows = stmt.query_map([card_id], |r| {
                let read = || {
                    Ok(LoggedReview {
                        entry: Entry {
                            id: r.get(0)?,
                            at: r.get(1)?,
                            day: r.get(2)?,
                            grade: r.get(3)?,
                            due_offset: r.get::<_, convert::DueOffset>(7)?.0,
                        },
                        counted: r.get(4)?,
                        prev_interval: r.get(5)?,
                        event: r.get(6)?,
                    })
                };
                read().map_err(|e| convert::of_card(card_id, r, e))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Sets a review's derived columns.
    pub fn set_derived(&self, review_id: i64, counted: bool, prev_interval: u32) -> Result<()> {
        self.at(|| {
            let Some(before) = self.tally_of(review_id)? else {
                return Ok(());
            };
            self.tx
                .prepare_cached("UPDATE reviews SET counted = ?2, prev_interval = ?3 WHERE id = ?1")
                .and_then(|mut s| s.execute(params![review_id, counted, prev_interval]))?;
            self.count_reinterval(&before, prev_interval)
        })
    }

    /// Deletes a review from the log. Returns its card's id, or `None` if
    /// there is no such review.
    pub fn delete_review(&self, review_id: i64) -> Result<Option<i64>> {
        self.at(|| {
            let tally = self.tally_of(review_id)?;
            if let Some(tally) = &tally {
                // A journaled grade taken back leaves its event without a
                // review, for the next append to journal as an undo
                // (docs/design.md §10).
                self.tx.execute(
                    "UPDATE review_events SET review_id = NULL WHERE review_id = ?1",
                    [review_id],
                )?;
                self.tx
                    .execute("DELETE FROM reviews WHERE id = ?1", [review_id])?;
                self.count_removed(tally)?;
            }
            Ok(tally.map(|t| t.card_id))
        })
    }

    /// Clears a card's *changed since last review* mark.
    pub fn clear_changed(&self, card_id: i64) -> Result<()> {
        self.at(|| {
            self.tx
                .prepare_cached("UPDATE cards SET changed = 0 WHERE id = ?1")
                .and_then(|mut s| s.execute([card_id]))?;
            Ok(())
        })
    }
}
