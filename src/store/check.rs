//! The storage side of `recall check` (docs/design.md §7): SQLite's own
//! integrity and foreign-key checks, rows this recall cannot read, and the
//! running totals and `fresh` flag against what they summarise. Whether each
//! schedule equals its log's replay is the scheduler's rule: `check` streams
//! every card's stored progress with its log to a caller's `verify`
//! (`grading`, docs/design.md §9) and reports what it finds in place.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::reviews::{LoggedReview, PROGRESS_COLUMNS, progress_from_row};
use super::{Faulty, Result, Store, convert};
use crate::scheduler::sm2::PASS;
use crate::scheduler::{Day, Entry, Grade, MATURE_DAYS, Progress};

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The card concerned, when there is one.
    pub card: Option<i64>,
    pub what: String,
}

impl Store {
    /// Everything wrong with the database; empty when all is well.
    /// `verify` judges one card's stored progress against its log; it is
    /// called once for each card that has a readable review or a schedule.
    pub fn check(&self, mut verify: impl FnMut(&CardLog) -> Vec<Problem>) -> Result<Vec<Problem>> {
        self.at(|| {
            let mut problems = Vec::new();
            let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            for row in rows {
                let line = row?;
                if line != "ok" {
                    problems.push(Problem {
                        card: None,
                        what: format!("integrity check: {line}"),
                    });
                }
            }
            let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?))
            })?;
            for row in rows {
                let (table, rowid) = row?;
                problems.push(Problem {
                    card: None,
                    what: format!(
                        "row {} of table {table} points to a card that does not exist",
                        rowid.map_or("?".into(), |r| r.to_string())
                    ),
                });
            }
            self.check_cards(&mut problems)?;
            self.check_logs(&mut problems, &mut verify)?;
            self.check_totals(&mut problems)?;
            let mut stmt = self.conn.prepare(
                "SELECT id FROM cards c WHERE c.fresh != \
                 (NOT EXISTS (SELECT 1 FROM schedules s WHERE s.card_id = c.id)) ORDER BY id",
            )?;
            let rows = stmt.query_map([], |r| r.get::<_, i64>(0))?;
            for row in rows {
                problems.push(Problem {
                    card: Some(row?),
                    what: "is marked new but has a schedule, or the other way round".into(),
                });
            }
            Ok(problems)
        })
    }

    /// Card rows this recall could not read: an unknown kind, a stored list
    /// that is not a JSON list of text. Reading such a card elsewhere is an
    /// error; here it is a problem to report.
    fn check_cards(&self, problems: &mut Vec<Problem>) -> Faulty<()> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.kind, t.context, t.answer, t.context_md, t.answer_md, t.lead, \
             t.details FROM cards c LEFT JOIN card_texts t ON t.card_id = c.id ORDER BY c.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let card: i64 = row.get(0)?;
            let mut report = |what: String| {
                problems.push(Problem {
                    card: Some(card),
                    what,
                })
            };
            if let Some(what) = convert::kind_damage(row.get_ref(1)?) {
                report(what);
            }
            for (index, column) in [
                (2, "context"),
                (3, "answer"),
                (4, "context_md"),
                (5, "answer_md"),
            ] {
                let Some(text) = row.get_ref(index)?.as_str_or_null().ok().flatten() else {
                    continue;
                };
                if let Err(damage) = convert::check_text_list(text) {
                    report(damage.of_column(column));
                }
            }
            for (index, column) in [(6, "lead"), (7, "details")] {
                if let Err(damage) = super::blocks::check(row.get_ref(index)?) {
                    report(damage.of_column(column));
                }
            }
        }
        Ok(())
    }

    /// Streams every card's stored progress with its log to `verify`: first
    /// each card with a readable review, in card order, then each card with
    /// a schedule but no readable review. Grades are read as plain numbers:
    /// a damaged one is a problem to report here, not a reason to stop, and
    /// its card is not compared with a replay: a log missing a grade
    /// cannot say what the schedule should be.
    fn check_logs(
        &self,
        problems: &mut Vec<Problem>,
        verify: &mut impl FnMut(&CardLog) -> Vec<Problem>,
    ) -> Faulty<()> {
        let mut stored: HashMap<i64, Progress> = HashMap::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT s.card_id, {PROGRESS_COLUMNS} FROM schedules s"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, progress_from_row(r, 1)?)))?;
        for row in rows {
            if let (id, Some(progress)) = row? {
                stored.insert(id, progress);
            }
        }

        let mut stmt = self.conn.prepare(
            "SELECT r.card_id, r.id, r.at, r.day, r.grade, r.counted, r.prev_interval, e.event, \
             r.due_offset FROM reviews r LEFT JOIN review_events e ON e.review_id = r.id \
             ORDER BY r.card_id, r.at",
        )?;
        let mut rows = stmt.query([])?;
        let mut current: Option<CardLog> = None;
        let mut damaged: HashSet<i64> = HashSet::new();
        let mut finish =
            |mut card: CardLog, damaged: &HashSet<i64>, problems: &mut Vec<Problem>| {
                card.progress = stored.remove(&card.card_id);
                if !damaged.contains(&card.card_id) {
                    problems.extend(verify(&card));
                }
            };
        while let Some(row) = rows.next()? {
            let read = || -> rusqlite::Result<_> {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, Day>(3)?,
                    row.get::<_, i64>(4)?,
                    row.get::<_, bool>(5)?,
                    row.get::<_, u32>(6)?,
                    row.get::<_, Option<String>>(7)?,
                    row.get::<_, rusqlite::types::Value>(8)?,
                ))
            };
            let (card_id, id, at, day, value, counted, prev_interval, event, offset) = read()?;
            let Some(grade) = u8::try_from(value).ok().and_then(Grade::new) else {
                problems.push(Problem {
                    card: Some(card_id),
                    what: convert::Damage::Grade(value).to_string(),
                });
                damaged.insert(card_id);
                continue;
            };
            let due_offset = match convert::due_offset((&offset).into()) {
                Ok(due_offset) => due_offset,
                Err(damage) => {
                    problems.push(Problem {
                        card: Some(card_id),
                        what: damage.to_string(),
                    });
                    damaged.insert(card_id);
                    continue;
                }
            };
            if current.as_ref().is_some_and(|c| c.card_id != card_id)
                && let Some(card) = current.take()
            {
                finish(card, &damaged, problems);
            }
            let card = current.get_or_insert_with(|| CardLog {
                card_id,
                progress: None,
                reviews: Vec::new(),
            });
            card.reviews.push(LoggedReview {
                entry: Entry {
                    id,
                    at,
                    day,
                    grade,
                    due_offset,
                },
                counted,
                prev_interval,
                event,
            });
        }
        if let Some(card) = current.take() {
            finish(card, &damaged, problems);
        }
        let mut orphans: Vec<(i64, Progress)> = stored
            .into_iter()
            .filter(|(card_id, _)| !damaged.contains(card_id))
            .collect();
        orphans.sort_unstable_by_key(|&(card_id, _)| card_id);
        for (card_id, progress) in orphans {
            problems.extend(verify(&CardLog {
                card_id,
                progress: Some(progress),
                reviews: Vec::new(),
            }));
        }
        Ok(())
    }
}

/// One card's stored progress beside its log, as `check` hands it to the
/// comparison with the log's replay (`grading`, docs/design.md §4, §7).
#[derive(Debug, Clone, PartialEq)]
pub struct CardLog {
    pub card_id: i64,
    /// `None` when the card has no schedule.
    pub progress: Option<Progress>,
    /// Its readable reviews, in time order (the index's: grades of one
    /// second in no particular order, which replay puts in its own).
    pub reviews: Vec<LoggedReview>,
}

impl Store {
    /// The running totals that `stats` reads agree with the review log
    /// (kept by `totals`, and by triggers in databases before schema 5).
    fn check_totals(&self, problems: &mut Vec<Problem>) -> Faulty<()> {
        let days = format!(
            "SELECT day, count(*), sum(millis), sum(prev_interval >= ?1), \
             sum(prev_interval >= ?1 AND grade >= {PASS}) FROM reviews GROUP BY day"
        );
        let stored_days = "SELECT day, reviews, millis, mature, mature_passed FROM review_days \
                           WHERE reviews != 0 OR millis != 0 OR mature != 0 OR mature_passed != 0";
        let cards = format!(
            "SELECT card_id, count(*), max(at), sum(prev_interval >= ?1), \
             sum(prev_interval >= ?1 AND grade >= {PASS}) FROM reviews GROUP BY card_id"
        );
        let stored_cards = "SELECT card_id, reviews, last_at, mature, mature_passed \
                            FROM card_reviews WHERE reviews != 0";
        for (what, a, b) in [
            ("per-day review totals", days.as_str(), stored_days),
            ("per-card review totals", cards.as_str(), stored_cards),
        ] {
            let differ: i64 = self.conn.query_row(
                &format!(
                    "SELECT (SELECT count(*) FROM ({a} EXCEPT {b})) \
                     + (SELECT count(*) FROM ({b} EXCEPT {a}))"
                ),
                [MATURE_DAYS],
                |r| r.get(0),
            )?;
            if differ > 0 {
                problems.push(Problem {
                    card: None,
                    what: format!("the {what} disagree with the review log in {differ} rows"),
                });
            }
        }
        Ok(())
    }
}
