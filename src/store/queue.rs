//! What a review session needs to build its queue: ids, due days and families
//! only, never the cards' text.

use rusqlite::OptionalExtension;

use super::{Result, Store};
use crate::scheduler::Day;

/// A card that may be asked: id, due day (`None` if new), deck, family line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub id: i64,
    pub due: Option<Day>,
    pub deck: String,
    pub family_line: u32,
}

fn queue_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QueueRow> {
    Ok(QueueRow {
        id: r.get(0)?,
        due: r.get(1)?,
        deck: r.get(2)?,
        family_line: r.get(3)?,
    })
}

impl Store {
    /// Cards due on `today` or before, neither suspended nor retired.
    pub fn due_rows(&self, today: Day) -> Result<Vec<QueueRow>> {
        self.at(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT c.id, s.due, c.deck, c.family_line FROM schedules s \
                 JOIN cards c ON c.id = s.card_id \
                 WHERE s.due <= ?1 AND c.retired = 0 AND c.suspended = 0",
            )?;
            let rows = stmt.query_map([today], queue_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Calls `each(id, due day)` for the cards due on `today` or before,
    /// most overdue first, from the due index alone; the caller drops
    /// `inactive_ids`.
    pub fn each_due_id(&self, today: Day, mut each: impl FnMut(i64, Day)) -> Result<()> {
        self.at(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT card_id, due FROM schedules WHERE due <= ?1 ORDER BY due",
            )?;
            let mut rows = stmt.query([today])?;
            while let Some(row) = rows.next()? {
                let (id, due) = (row.get(0), row.get(1));
                each(id?, due?);
            }
            Ok(())
        })
    }

    /// Cards kept out of reviews (retired or suspended): usually few.
    pub fn inactive_ids(&self) -> Result<std::collections::HashSet<i64>> {
        self.at(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id FROM cards INDEXED BY cards_inactive WHERE retired = 1 OR suspended = 1",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Calls `each` for new cards in note order until it returns false.
    pub fn each_new_row(&self, mut each: impl FnMut(QueueRow) -> bool) -> Result<()> {
        self.at(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT c.id, NULL, c.deck, c.family_line FROM cards c INDEXED BY cards_fresh \
                 WHERE c.fresh = 1 AND c.retired = 0 AND c.suspended = 0 \
                 ORDER BY c.deck, c.line, c.id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                if !each(queue_row(row)?) {
                    break;
                }
            }
            Ok(())
        })
    }

    /// Deck and family line of every card graded on `day`.
    pub fn families_answered_on(&self, day: Day) -> Result<Vec<(String, u32)>> {
        self.at(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT DISTINCT c.deck, c.family_line FROM reviews r \
                 JOIN cards c ON c.id = r.card_id WHERE r.day = ?1",
            )?;
            let rows = stmt.query_map([day], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// How many cards were graded for the first time on `day`.
    pub fn new_seen_on(&self, day: Day) -> Result<u32> {
        self.at(|| {
            Ok(self.conn.query_row(
                "SELECT count(*) FROM schedules WHERE first_day = ?1",
                [day],
                |r| r.get(0),
            )?)
        })
    }

    /// The earliest due day of any card that can be asked, if any.
    pub fn next_due(&self) -> Result<Option<Day>> {
        self.at(|| {
            Ok(self.conn.query_row(
                "SELECT min(s.due) FROM schedules s JOIN cards c ON c.id = s.card_id \
                 WHERE c.retired = 0 AND c.suspended = 0",
                [],
                |r| r.get(0),
            )?)
        })
    }

    /// Whether any new card is waiting.
    pub fn has_new(&self) -> Result<bool> {
        self.at(|| {
            Ok(self
                .conn
                .query_row(
                    "SELECT 1 FROM cards c INDEXED BY cards_fresh \
                     WHERE c.fresh = 1 AND c.retired = 0 AND c.suspended = 0 LIMIT 1",
                    [],
                    |_| Ok(()),
                )
                .optional()
                .map(|found| found.is_some())?)
        })
    }
}
