//! The shared journal's rows (docs/design.md §10): this database's device
//! id, which journal event each review row is, how far each other device's
//! file has been read, the events known, and this device's lines not yet in
//! its file. What the events mean is `journal`'s; when they are read and
//! written is `exchange`'s.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::cards::{CARD_COLUMNS, CARDS_WITH_TEXT, card_from_row};
use super::{CardRow, Result, Writer};
use crate::scheduler::{Day, Grade};

/// A review row not yet journaled.
#[derive(Debug, Clone, Copy)]
pub struct Unjournaled {
    pub review_id: i64,
    pub card_id: i64,
    pub at: i64,
    pub day: Day,
    pub grade: Grade,
}

/// A review row merged from another device.
#[derive(Debug, Clone)]
pub struct ForeignReview {
    pub event: String,
    pub review_id: i64,
    pub card_id: i64,
}

impl Writer<'_> {
    /// The database's device id, made at random the first time it is asked
    /// for: 16 lowercase hex digits.
    pub fn device_id(&self) -> Result<String> {
        self.at(|| {
            let known: Option<String> = self
                .tx
                .query_row("SELECT value FROM meta WHERE key = 'device_id'", [], |r| {
                    r.get(0)
                })
                .optional()?;
            if let Some(id) = known {
                return Ok(id);
            }
            let id: String = self
                .tx
                .query_row("SELECT lower(hex(randomblob(8)))", [], |r| r.get(0))?;
            self.tx.execute(
                "INSERT INTO meta (key, value) VALUES ('device_id', ?1)",
                [&id],
            )?;
            Ok(id)
        })
    }

    /// A number kept in `meta`, 0 when absent.
    pub fn meta_number(&self, key: &str) -> Result<i64> {
        self.at(|| {
            let value: Option<String> = self
                .tx
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .optional()?;
            Ok(value.and_then(|v| v.parse().ok()).unwrap_or(0))
        })
    }

    /// Every card, live and retired.
    pub fn all_cards(&self) -> Result<Vec<CardRow>> {
        self.at(|| {
            let mut stmt = self
                .tx
                .prepare(&format!("SELECT {CARD_COLUMNS} FROM {CARDS_WITH_TEXT}"))?;
            let rows = stmt.query_map([], card_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// How far the file `name` has been read, in bytes.
    pub fn read_offset(&self, name: &str) -> Result<usize> {
        self.at(|| {
            let offset: Option<i64> = self
                .tx
                .query_row(
                    "SELECT offset FROM journal_reads WHERE file = ?1",
                    [name],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(offset.unwrap_or(0) as usize)
        })
    }

    pub fn set_read_offset(&self, name: &str, offset: usize) -> Result<()> {
        self.at(|| {
            self.tx.execute(
                "INSERT OR REPLACE INTO journal_reads (file, offset) VALUES (?1, ?2)",
                params![name, offset as i64],
            )?;
            Ok(())
        })
    }

    /// Keeps an event's line. Returns whether it was new.
    pub fn add_event(&self, id: &str, line: &str) -> Result<bool> {
        self.at(|| {
            Ok(self
                .tx
                .prepare_cached("INSERT OR IGNORE INTO journal_events (id, line) VALUES (?1, ?2)")?
                .execute([id, line])?
                > 0)
        })
    }

    /// Every event line known.
    pub fn event_lines(&self) -> Result<Vec<String>> {
        self.at(|| {
            let mut stmt = self.tx.prepare("SELECT line FROM journal_events")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Queues a line of this device's for its file.
    pub fn push_outbox(&self, seq: u64, line: &str) -> Result<()> {
        self.at(|| {
            self.tx.execute(
                "INSERT INTO journal_outbox (seq, line) VALUES (?1, ?2)",
                params![seq as i64, line],
            )?;
            Ok(())
        })
    }

    /// The queued lines, in sequence.
    pub fn outbox(&self) -> Result<Vec<(u64, String)>> {
        self.at(|| {
            let mut stmt = self
                .tx
                .prepare("SELECT seq, line FROM journal_outbox ORDER BY seq")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn clear_outbox(&self) -> Result<()> {
        self.at(|| {
            self.tx.execute("DELETE FROM journal_outbox", [])?;
            Ok(())
        })
    }

    /// This device's journaled grades since undone, whose undo is not yet
    /// journaled; the rows are removed.
    pub fn take_undone(&self) -> Result<Vec<String>> {
        self.at(|| {
            let mut stmt = self
                .tx
                .prepare("SELECT event FROM review_events WHERE review_id IS NULL AND own = 1")?;
            let events: Vec<String> = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            self.tx
                .execute("DELETE FROM review_events WHERE review_id IS NULL", [])?;
            Ok(events)
        })
    }

    /// The review rows without a journal event, oldest first; only the one
    /// review `only` when given.
    pub fn unjournaled(&self, only: Option<i64>) -> Result<Vec<Unjournaled>> {
        self.at(|| {
            let mut stmt = self.tx.prepare(
                "SELECT r.id, r.card_id, r.at, r.day, r.grade FROM reviews r \
                 WHERE (?1 IS NULL OR r.id = ?1) \
                 AND NOT EXISTS (SELECT 1 FROM review_events e WHERE e.review_id = r.id) \
                 ORDER BY r.at, r.id",
            )?;
            let rows = stmt.query_map([only], |r| {
                Ok(Unjournaled {
                    review_id: r.get(0)?,
                    card_id: r.get(1)?,
                    at: r.get(2)?,
                    day: r.get(3)?,
                    grade: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Records that the review row is the journal event `event`.
    pub fn link_review(&self, event: &str, review_id: i64, own: bool) -> Result<()> {
        self.at(|| {
            self.tx.execute(
                "INSERT INTO review_events (event, review_id, own) VALUES (?1, ?2, ?3)",
                params![event, review_id, own],
            )?;
            Ok(())
        })
    }

    /// The review rows merged from other devices.
    pub fn foreign_reviews(&self) -> Result<Vec<ForeignReview>> {
        self.at(|| {
            let mut stmt = self.tx.prepare(
                "SELECT e.event, e.review_id, r.card_id FROM review_events e \
                 JOIN reviews r ON r.id = e.review_id WHERE e.own = 0",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(ForeignReview {
                    event: r.get(0)?,
                    review_id: r.get(1)?,
                    card_id: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Removes a merged review row whose grade another device undid.
    pub fn drop_foreign_review(&self, event: &str, review_id: i64) -> Result<()> {
        self.at(|| {
            self.tx
                .execute("DELETE FROM review_events WHERE event = ?1", [event])?;
            self.tx
                .execute("DELETE FROM reviews WHERE id = ?1", [review_id])?;
            Ok(())
        })
    }

    /// Each card name's suspended mark as of the last merge.
    pub fn marks(&self) -> Result<HashMap<String, bool>> {
        self.at(|| {
            let mut stmt = self
                .tx
                .prepare("SELECT card, suspended FROM journal_marks")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn set_mark(&self, card: &str, suspended: bool) -> Result<()> {
        self.at(|| {
            self.tx.execute(
                "INSERT OR REPLACE INTO journal_marks (card, suspended) VALUES (?1, ?2)",
                params![card, suspended],
            )?;
            Ok(())
        })
    }
}
