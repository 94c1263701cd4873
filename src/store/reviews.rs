//! The review log and the schedules it produces. The log is append-only; the
//! one exception is taking back a session's last grade (undo).

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::{Faulty, Result, Store, Writer, convert};
use crate::scheduler::{self, Day, Entry, Grade, Progress, Schedule};

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
}

impl Store {
    /// A card's review log, oldest first (by time, then id, as replay reads it).
    pub fn reviews_of(&self, card_id: i64) -> Result<Vec<ReviewRow>> {
        self.at(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, card_id, at, day, grade, counted, prev_interval, millis \
                 FROM reviews WHERE card_id = ?1 ORDER BY at, id",
            )?;
            let rows = stmt.query_map([card_id], |r| {
                let read = || {
                    Ok(ReviewRow {
                        id: r.get(0)?,
                        card_id,
                        at: r.get(2)?,
                        day: r.get(3)?,
                        grade: r.get(4)?,
                        counted: r.get(5)?,
                        prev_interval: r.get(6)?,
                        millis: r.get(7)?,
                    })
                };
                read().map_err(|e| convert::of_card(card_id, r, e))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
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
}

impl Writer<'_> {
    /// Appends a grade to the log and saves what the scheduler makes of it.
    /// Clears the card's *changed* mark. Returns the new review's id.
    ///
    /// A grade given before the card's latest logged one (the clock was set
    /// back) does not come last in time: then the whole log is replayed, so
    /// that the stored state is still the log's replay in time order.
    pub fn record_review(&self, review: &NewReview) -> Result<i64> {
        self.at(|| {
            let (before, last_at) = self.progress_of(review.card_id)?;
            let graded = scheduler::comes_last(last_at, review.at)
                .then(|| scheduler::grade(before, review.grade, review.day));
            self.tx
                .prepare_cached(
                    "INSERT INTO reviews (card_id, at, day, grade, counted, prev_interval, millis) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        review.card_id,
                        review.at,
                        review.day,
                        review.grade,
                        graded.is_some_and(|g| g.counted),
                        graded.map_or(0, |g| g.prev_interval),
                        review.millis
                    ])
                })?;
            let id = self.tx.last_insert_rowid();
            match graded {
                Some(g) if g.counted => self.save_progress(review.card_id, Some(g.progress))?,
                Some(_) => {}
                None => self.rebuild_schedule(review.card_id)?,
            }
            self.tx
                .prepare_cached("UPDATE cards SET changed = 0 WHERE id = ?1")
                .and_then(|mut s| s.execute([review.card_id]))?;
            Ok(id)
        })
    }

    /// Takes a grade back out of the log and restores the card's progress by
    /// replaying what remains. Returns the card id, or `None` if no such review.
    pub fn undo_review(&self, review_id: i64) -> Result<Option<i64>> {
        self.at(|| {
            let card_id: Option<i64> = self
                .tx
                .query_row(
                    "SELECT card_id FROM reviews WHERE id = ?1",
                    [review_id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(card_id) = card_id else {
                return Ok(None);
            };
            self.tx
                .execute("DELETE FROM reviews WHERE id = ?1", [review_id])?;
            self.rebuild_schedule(card_id)?;
            Ok(Some(card_id))
        })
    }

    /// Replays a card's log through the scheduler and saves the result: the
    /// card's progress, and each review's derived columns (counted, interval
    /// before) where they differ from what is stored.
    pub fn rebuild_schedule(&self, card_id: i64) -> Result<()> {
        self.at(|| {
            let mut stored = HashMap::new();
            let log: Vec<Entry> = {
                let mut stmt = self.tx.prepare_cached(
                    "SELECT id, at, day, grade, counted, prev_interval \
                     FROM reviews WHERE card_id = ?1",
                )?;
                let mut rows = stmt.query([card_id])?;
                let mut log = Vec::new();
                while let Some(r) = rows.next()? {
                    let read = || -> rusqlite::Result<(Entry, (bool, u32))> {
                        Ok((
                            Entry {
                                id: r.get(0)?,
                                at: r.get(1)?,
                                day: r.get(2)?,
                                grade: r.get(3)?,
                            },
                            (r.get(4)?, r.get(5)?),
                        ))
                    };
                    let (entry, derived) = read().map_err(|e| convert::of_card(card_id, r, e))?;
                    stored.insert(entry.id, derived);
                    log.push(entry);
                }
                log
            };
            let replay = scheduler::replay(log);
            for e in &replay.entries {
                if stored.get(&e.id) != Some(&(e.counted, e.prev_interval)) {
                    self.tx
                        .prepare_cached(
                            "UPDATE reviews SET counted = ?2, prev_interval = ?3 WHERE id = ?1",
                        )
                        .and_then(|mut s| s.execute(params![e.id, e.counted, e.prev_interval]))?;
                }
            }
            self.save_progress(card_id, replay.progress)
        })
    }

    /// A card's progress, and the time of its latest logged grade.
    fn progress_of(&self, card_id: i64) -> Faulty<(Option<Progress>, Option<i64>)> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT ef, interval, repetitions, lapses, due, first_day, last_day, \
                 (SELECT last_at FROM card_reviews WHERE card_id = ?1) \
                 FROM schedules WHERE card_id = ?1",
            )
            .and_then(|mut s| {
                s.query_row([card_id], |r| {
                    Ok((
                        Some(Progress {
                            schedule: Schedule {
                                ef: r.get(0)?,
                                interval: r.get(1)?,
                                repetitions: r.get(2)?,
                                lapses: r.get(3)?,
                                due: Some(r.get(4)?),
                            },
                            first_day: r.get(5)?,
                            last_day: r.get(6)?,
                        }),
                        r.get(7)?,
                    ))
                })
                .optional()
            })
            .map(Option::unwrap_or_default)?)
    }

    /// Writes a card's progress, or removes it (the card is new again).
    fn save_progress(&self, card_id: i64, progress: Option<Progress>) -> Faulty<()> {
        Ok(match progress {
            Some(p) => self
                .tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO schedules \
                     (card_id, ef, interval, repetitions, lapses, due, last_day, first_day) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .and_then(|mut st| {
                    let s = p.schedule;
                    st.execute(params![
                        card_id,
                        s.ef,
                        s.interval,
                        s.repetitions,
                        s.lapses,
                        s.due,
                        p.last_day,
                        p.first_day
                    ])
                }),
            None => self
                .tx
                .prepare_cached("DELETE FROM schedules WHERE card_id = ?1")
                .and_then(|mut st| st.execute([card_id])),
        }
        .map(|_| ())?)
    }
}
