//! Typed answers and practice as rows (docs/design.md §12): the grade a
//! typed review's comparison proposed, stored beside the review, and the
//! practice log of `recall cram`, which is not the review log: nothing
//! replays it, no schedule reads it, the journal never sees it.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, Writer};
use crate::scheduler::{Day, Grade};

/// One practice grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PracticeRow {
    pub id: i64,
    pub card_id: i64,
    /// Unix seconds.
    pub at: i64,
    pub day: Day,
    pub grade: Grade,
    /// The grade proposed for a typed answer; `None` when not typed.
    pub proposed: Option<Grade>,
}

/// How typed reviews and practice went, per deck: what `stats` counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypedFacts {
    pub deck: String,
    /// Reviews whose answer was typed.
    pub typed: u64,
    /// Typed reviews graded above, and below, the proposal.
    pub over: u64,
    pub under: u64,
    pub practice: u64,
}

impl Writer<'_> {
    /// Keeps the grade proposed for a typed review beside it.
    pub fn set_proposed(&self, review_id: i64, proposed: Grade) -> Result<()> {
        self.at(|| {
            self.tx
                .prepare_cached("UPDATE reviews SET proposed = ?2 WHERE id = ?1")
                .and_then(|mut s| s.execute(params![review_id, proposed]))?;
            Ok(())
        })
    }

    /// Logs a practice grade; returns its id.
    pub fn insert_practice(
        &self,
        card_id: i64,
        at: i64,
        day: Day,
        grade: Grade,
        proposed: Option<Grade>,
    ) -> Result<i64> {
        self.at(|| {
            self.tx
                .prepare_cached(
                    "INSERT INTO practice (card_id, at, day, grade, proposed) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .and_then(|mut s| s.execute(params![card_id, at, day, grade, proposed]))?;
            Ok(self.tx.last_insert_rowid())
        })
    }

    /// Takes a practice grade back (undo in cram).
    pub fn delete_practice(&self, id: i64) -> Result<()> {
        self.at(|| {
            self.tx
                .prepare_cached("DELETE FROM practice WHERE id = ?1")
                .and_then(|mut s| s.execute([id]))?;
            Ok(())
        })
    }
}

impl Store {
    /// A card's practice grades, oldest first.
    pub fn practice_of(&self, card_id: i64) -> Result<Vec<PracticeRow>> {
        self.at(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, at, day, grade, proposed FROM practice \
                 WHERE card_id = ?1 ORDER BY at, id",
            )?;
            let rows = stmt.query_map([card_id], |r| {
                Ok(PracticeRow {
                    id: r.get(0)?,
                    card_id,
                    at: r.get(1)?,
                    day: r.get(2)?,
                    grade: r.get(3)?,
                    proposed: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The proposed grade of each typed review of a card, by review id.
    pub fn proposals_of(&self, card_id: i64) -> Result<HashMap<i64, Grade>> {
        self.at(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, proposed FROM reviews WHERE card_id = ?1 AND proposed IS NOT NULL",
            )?;
            let rows = stmt.query_map([card_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The grade proposed for one review, if it was typed.
    pub fn proposal(&self, review_id: i64) -> Result<Option<Grade>> {
        self.at(|| {
            Ok(self
                .conn
                .query_row(
                    "SELECT proposed FROM reviews WHERE id = ?1",
                    [review_id],
                    |r| r.get(0),
                )
                .optional()?
                .flatten())
        })
    }

    /// Typed reviews, overrides and practice grades, per deck: a few grouped
    /// counts, summed by SQLite.
    pub fn typed_facts(&self) -> Result<Vec<TypedFacts>> {
        self.at(|| {
            let mut facts: HashMap<String, TypedFacts> = HashMap::new();
            // The typed reviews come from their partial index, not the log;
            // the reviews of each deck, typed or not, are `DeckFacts`'.
            let mut stmt = self.conn.prepare_cached(
                "SELECT c.deck, count(*), coalesce(sum(r.grade > r.proposed), 0), \
                 coalesce(sum(r.grade < r.proposed), 0) \
                 FROM reviews r INDEXED BY reviews_typed JOIN cards c ON c.id = r.card_id \
                 WHERE r.proposed IS NOT NULL GROUP BY c.deck",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let deck: String = r.get(0)?;
                let f = facts.entry(deck.clone()).or_default();
                f.deck = deck;
                let count = |i: usize| r.get::<_, i64>(i).map(|n| n.max(0) as u64);
                (f.typed, f.over, f.under) = (count(1)?, count(2)?, count(3)?);
            }
            let mut stmt = self.conn.prepare_cached(
                "SELECT c.deck, count(*) FROM practice p JOIN cards c ON c.id = p.card_id \
                 GROUP BY c.deck",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let deck: String = r.get(0)?;
                let f = facts.entry(deck.clone()).or_default();
                f.deck = deck;
                f.practice = r.get::<_, i64>(1)?.max(0) as u64;
            }
            let mut facts: Vec<TypedFacts> = facts.into_values().collect();
            facts.sort_by(|a, b| a.deck.cmp(&b.deck));
            Ok(facts)
        })
    }
}

/// An active card as cram orders it.
#[derive(Debug, Clone, PartialEq)]
pub struct CramRow {
    pub id: i64,
    pub deck: String,
    /// SM-2's EF in hundredths, `None` while new.
    pub ef: Option<u16>,
    /// FSRS's difficulty, `None` while new or under SM-2.
    pub difficulty: Option<f32>,
    pub lapses: u32,
}

impl Store {
    /// Every active card (not retired, not suspended) with its EF, FSRS
    /// difficulty and lapses, in id order.
    pub fn cram_rows(&self) -> Result<Vec<CramRow>> {
        self.at(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT c.id, c.deck, s.ef, coalesce(s.lapses, 0), s.difficulty FROM cards c \
                 LEFT JOIN schedules s ON s.card_id = c.id \
                 WHERE c.retired = 0 AND c.suspended = 0 ORDER BY c.id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(CramRow {
                    id: r.get(0)?,
                    deck: r.get(1)?,
                    ef: r.get(2)?,
                    lapses: r.get(3)?,
                    difficulty: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
