//! Moving whole cards with their history in and out of the store, for
//! `export --format json` and `import`: raw rows in, practice grades and
//! typed reviews' proposals included. The importer then
//! rebuilds each touched card's schedule from its log (`grading::rebuild`,
//! docs/design.md §7, §9), so the replay invariant holds whatever the file
//! said, in whatever order it listed the reviews.

use rusqlite::params;

use super::cards::Text;
use super::{CardRow, NewReview, Result, Writer, convert};
use crate::journal;
use crate::scheduler::{Day, Grade};

/// A card as an export file carries it.
#[derive(Debug, Clone)]
pub struct ImportedCard<'a> {
    pub row: &'a CardRow,
    pub added_at: i64,
}

/// A review as an export file carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportedReview {
    pub at: i64,
    pub day: Day,
    pub grade: Grade,
    pub millis: u32,
    /// The grade a typed answer's comparison proposed (docs/design.md §12).
    pub proposed: Option<Grade>,
    /// Days the load balancer moved the card's due day by (docs/design.md
    /// §15).
    pub due_offset: Option<i32>,
}

/// A practice grade as an export file carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportedPractice {
    pub at: i64,
    pub day: Day,
    pub grade: Grade,
    pub proposed: Option<Grade>,
}

impl Writer<'_> {
    /// Stores a card from an export with its marks; returns its new id.
    pub fn insert_imported(&self, card: &ImportedCard<'_>) -> Result<i64> {
        self.at(|| {
            let c = card.row;
            self.tx
                .prepare_cached(
                    "INSERT INTO cards (deck, kind, ordinal, line, family_line, retired, suspended, \
                     changed, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        c.deck,
                        c.kind,
                        c.ordinal,
                        c.line,
                        c.family_line,
                        c.retired,
                        c.suspended,
                        c.changed,
                        card.added_at,
                    ])
                })?;
            let id = self.tx.last_insert_rowid();
            self.write_text(id, &Text::of_row(c))?;
            // Named as a synced card is, so that its grades travel.
            if self.naming()? {
                let (identity, ordinal) = c.identity();
                self.set_card_name(id, &journal::card_name(identity, ordinal).to_string())?;
            }
            Ok(id)
        })
    }

    /// The (time, day, grade) of every review a card has, to skip duplicates.
    pub fn review_keys(&self, card_id: i64) -> Result<Vec<(i64, Day, Grade)>> {
        self.at(|| {
            let mut stmt = self
                .tx
                .prepare_cached("SELECT at, day, grade FROM reviews WHERE card_id = ?1")?;
            let rows = stmt.query_map([card_id], |r| {
                let read = || Ok((r.get(0)?, r.get(1)?, r.get(2)?));
                read().map_err(|e| convert::of_card(card_id, r, e))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Appends a review as the file gives it, its derived columns left for
    /// `grading::rebuild` to set.
    pub fn insert_imported_review(&self, card_id: i64, r: &ImportedReview) -> Result<()> {
        let review = NewReview {
            card_id,
            at: r.at,
            day: r.day,
            grade: r.grade,
            millis: r.millis,
            due_offset: r.due_offset,
        };
        let id = self.insert_review(&review, false, 0)?;
        match r.proposed {
            Some(proposed) => self.set_proposed(id, proposed),
            None => Ok(()),
        }
    }

    /// The (time, day, grade) of every practice grade a card has, to skip
    /// duplicates.
    pub fn practice_keys(&self, card_id: i64) -> Result<Vec<(i64, Day, Grade)>> {
        self.at(|| {
            let mut stmt = self
                .tx
                .prepare_cached("SELECT at, day, grade FROM practice WHERE card_id = ?1")?;
            let rows = stmt.query_map([card_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Appends a practice grade as the file gives it.
    pub fn insert_imported_practice(&self, card_id: i64, p: &ImportedPractice) -> Result<()> {
        self.insert_practice(card_id, p.at, p.day, p.grade, p.proposed)
            .map(|_| ())
    }
}
