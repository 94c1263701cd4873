//! The review log and the schedules it produces. The log is append-only; the
//! one exception is taking back a session's last grade (undo).

use rusqlite::params;

use super::{Result, Store, Writer};
use crate::sm2::{self, Day, Grade, Logged, Schedule};

/// One grade in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewRow {
    pub id: i64,
    pub card_id: i64,
    /// Unix seconds.
    pub at: i64,
    pub day: Day,
    pub grade: Grade,
    /// Whether it changed the schedule (the card's first grade that day).
    pub counted: bool,
    pub prev_interval: u32,
    pub millis: u32,
}

impl Store {
    /// A card's review log, oldest first.
    pub fn reviews_of(&self, card_id: i64) -> Result<Vec<ReviewRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, card_id, at, day, grade, counted, prev_interval, millis \
                 FROM reviews WHERE card_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([card_id], |r| {
                Ok(ReviewRow {
                    id: r.get(0)?,
                    card_id: r.get(1)?,
                    at: r.get(2)?,
                    day: r.get(3)?,
                    grade: Grade::new(r.get(4)?).unwrap_or(Grade::new(0).expect("0 is a grade")),
                    counted: r.get(5)?,
                    prev_interval: r.get(6)?,
                    millis: r.get(7)?,
                })
            })
            .map_err(|e| self.sql(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.sql(e))
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
    /// Appends a grade to the log and, if it is the card's first grade of its
    /// day, moves the schedule on. Clears the card's *changed* mark. Returns
    /// the new review's id.
    pub fn record_review(&self, review: &NewReview) -> Result<i64> {
        let (before, last_day, first_day) = self.schedule_of(review.card_id)?;
        let counted = last_day != Some(review.day);
        let prev_interval = before.map_or(0, |s| s.interval);
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
                    review.grade.value(),
                    counted,
                    prev_interval,
                    review.millis
                ])
            })
            .map_err(|e| self.sql(e))?;
        let id = self.tx.last_insert_rowid();
        if counted {
            let after = sm2::review(before.unwrap_or(Schedule::NEW), review.grade, review.day);
            let first_day = first_day.unwrap_or(review.day);
            self.save_schedule(review.card_id, Some((after, review.day, first_day)))?;
        }
        self.tx
            .prepare_cached("UPDATE cards SET changed = 0 WHERE id = ?1")
            .and_then(|mut s| s.execute([review.card_id]))
            .map_err(|e| self.sql(e))?;
        Ok(id)
    }

    /// Takes a grade back out of the log and restores the card's schedule by
    /// replaying what remains. Returns the card id, or `None` if no such review.
    pub fn undo_review(&self, review_id: i64) -> Result<Option<i64>> {
        let card_id: Option<i64> = self
            .tx
            .query_row(
                "SELECT card_id FROM reviews WHERE id = ?1",
                [review_id],
                |r| r.get(0),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })
            .map_err(|e| self.sql(e))?;
        let Some(card_id) = card_id else {
            return Ok(None);
        };
        self.tx
            .execute("DELETE FROM reviews WHERE id = ?1", [review_id])
            .map_err(|e| self.sql(e))?;
        let log = self.log_of(card_id)?;
        let restored = match (log.first(), log.last()) {
            (Some(first), Some(last)) => {
                Some((sm2::replay(log.iter().copied()), last.day, first.day))
            }
            _ => None,
        };
        self.save_schedule(card_id, restored)?;
        Ok(Some(card_id))
    }

    fn log_of(&self, card_id: i64) -> Result<Vec<Logged>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT grade, day FROM reviews WHERE card_id = ?1 ORDER BY id")
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([card_id], |r| {
                Ok(Logged {
                    grade: Grade::new(r.get(0)?).unwrap_or(Grade::new(0).expect("0 is a grade")),
                    day: r.get(1)?,
                })
            })
            .map_err(|e| self.sql(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.sql(e))
    }

    /// A card's schedule with the days of its last and first counted grades.
    #[allow(clippy::type_complexity)]
    fn schedule_of(&self, card_id: i64) -> Result<(Option<Schedule>, Option<Day>, Option<Day>)> {
        let found = self
            .tx
            .prepare_cached(
                "SELECT ef, interval, repetitions, lapses, due, last_day, first_day \
                 FROM schedules WHERE card_id = ?1",
            )
            .and_then(|mut s| {
                s.query_row([card_id], |r| {
                    Ok((
                        Schedule {
                            ef: r.get(0)?,
                            interval: r.get(1)?,
                            repetitions: r.get(2)?,
                            lapses: r.get(3)?,
                            due: Some(r.get(4)?),
                        },
                        r.get::<_, Day>(5)?,
                        r.get::<_, Day>(6)?,
                    ))
                })
            });
        match found {
            Ok((schedule, last, first)) => Ok((Some(schedule), Some(last), Some(first))),
            Err(rusqlite::Error::QueryReturnedNoRows) => Ok((None, None, None)),
            Err(e) => Err(self.sql(e)),
        }
    }

    /// Writes a card's schedule, or removes it (the card is new again).
    pub(super) fn save_schedule(
        &self,
        card_id: i64,
        state: Option<(Schedule, Day, Day)>,
    ) -> Result<()> {
        match state {
            Some((s, last_day, first_day)) => self
                .tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO schedules \
                     (card_id, ef, interval, repetitions, lapses, due, last_day, first_day) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .and_then(|mut st| {
                    st.execute(params![
                        card_id,
                        s.ef,
                        s.interval,
                        s.repetitions,
                        s.lapses,
                        s.due,
                        last_day,
                        first_day
                    ])
                }),
            None => self
                .tx
                .prepare_cached("DELETE FROM schedules WHERE card_id = ?1")
                .and_then(|mut st| st.execute([card_id])),
        }
        .map(|_| ())
        .map_err(|e| self.sql(e))
    }
}
