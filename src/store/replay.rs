//! Every card's log, read and written for work on the whole collection
//! (docs/design.md §11): in slices of cards with their stored progress (the
//! replay after a change of scheduler), as a stream of each card's grades
//! (calibration in `stats`, `optimize`), and the replay's derived columns
//! written back many rows to a statement. The log is read card by card in time
//! order through the index `reviews_by_card`, which holds what a replay
//! needs, rather than the log's table, whose rows lie in the order they
//! were written. Rows, not rules: what a log replays to is `grading`'s.

use std::collections::{HashMap, HashSet};

use super::reviews::{PROGRESS_COLUMNS, progress_from_row};
use super::{Result, Store, Writer, convert};
use crate::scheduler::{Entry, Progress};

/// One card's stored progress and its log, as a slice of `cards_after`
/// gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCard {
    pub card_id: i64,
    /// `None` when the card has no schedule.
    pub progress: Option<Progress>,
    /// Its grades in time order; grades of one second in no particular
    /// order (see `Writer::cards_after`).
    pub log: Vec<Entry>,
}

impl Writer<'_> {
    /// The cards after card id `after`, `limit` of them at most, each with
    /// its stored progress and its log in time order, and the last card id
    /// looked at (`None` when no card is left). Cards with neither a
    /// schedule nor a review are left out. Grades of one second come in no
    /// particular order, without their journal events: a caller that must
    /// order them as the journal does reads such a card again with `log_of`.
    pub fn cards_after(&self, after: i64, limit: usize) -> Result<(Vec<StoredCard>, Option<i64>)> {
        self.at(|| {
            let ids: Vec<i64> = self
                .tx
                .prepare_cached("SELECT id FROM cards WHERE id > ?1 ORDER BY id LIMIT ?2")?
                .query_map(rusqlite::params![after, limit as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let Some(&last) = ids.last() else {
                return Ok((Vec::new(), None));
            };
            let mut stored: HashMap<i64, Progress> = HashMap::new();
            let mut stmt = self.tx.prepare_cached(&format!(
                "SELECT s.card_id, {PROGRESS_COLUMNS} FROM schedules s \
                 WHERE s.card_id > ?1 AND s.card_id <= ?2"
            ))?;
            let rows = stmt.query_map([after, last], |r| {
                let card: i64 = r.get(0)?;
                let progress = progress_from_row(r, 1).map_err(|e| convert::of_card(card, r, e))?;
                Ok((card, progress))
            })?;
            for row in rows {
                if let (card, Some(progress)) = row? {
                    stored.insert(card, progress);
                }
            }
            let mut cards: Vec<StoredCard> = Vec::new();
            // In the index's own order, by card and time (SQLite would sort
            // the rows to order grades of one second by id).
            let mut stmt = self.tx.prepare_cached(
                "SELECT card_id, id, at, day, grade, due_offset FROM reviews \
                 INDEXED BY reviews_by_card \
                 WHERE card_id > ?1 AND card_id <= ?2 ORDER BY card_id, at",
            )?;
            let mut rows = stmt.query([after, last])?;
            while let Some(r) = rows.next()? {
                let card_id: i64 = r.get(0)?;
                let entry = entry_from_row(card_id, r)?;
                if cards.last().is_none_or(|c| c.card_id != card_id) {
                    cards.push(StoredCard {
                        card_id,
                        progress: stored.remove(&card_id),
                        log: Vec::new(),
                    });
                }
                cards.last_mut().expect("pushed").log.push(entry);
            }
            // Schedules without a review, which a replay removes.
            cards.extend(stored.into_iter().map(|(card_id, progress)| StoredCard {
                card_id,
                progress: Some(progress),
                log: Vec::new(),
            }));
            cards.sort_by_key(|c| c.card_id);
            Ok((cards, Some(last)))
        })
    }

    /// Sets reviews' derived columns (review id, counted, interval before)
    /// in one statement, writing only the rows where they differ, with the
    /// running totals recounted in two more (`recount_derived`); rows given
    /// in id order (and close in it) are read and written page by page.
    pub fn set_derived_many(&self, rows: &[(i64, bool, u32)]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        self.at(|| {
            self.tx.execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS derived_rows (
                    id INTEGER PRIMARY KEY, counted INTEGER NOT NULL,
                    prev_interval INTEGER NOT NULL);
                 DELETE FROM temp.derived_rows;",
            )?;
            let mut insert = self.tx.prepare_cached(
                "INSERT INTO temp.derived_rows (id, counted, prev_interval) VALUES (?1, ?2, ?3)",
            )?;
            for &(id, counted, prev_interval) in rows {
                insert.execute(rusqlite::params![id, counted, prev_interval])?;
            }
            // The range of ids lets SQLite read the log's table from the
            // first row given to the last and look each up among those
            // given; without it, it scans the whole log every time.
            let first = rows.iter().map(|r| r.0).min().unwrap_or(0);
            let last = rows.iter().map(|r| r.0).max().unwrap_or(0);
            self.recount_derived(first, last)?;
            self.tx
                .prepare_cached(
                    "UPDATE reviews SET counted = d.counted, prev_interval = d.prev_interval
                     FROM temp.derived_rows d
                     WHERE reviews.id = d.id AND d.id BETWEEN ?1 AND ?2
                         AND (reviews.counted IS NOT d.counted
                              OR reviews.prev_interval IS NOT d.prev_interval)",
                )?
                .execute([first, last])?;
            self.tx.execute_batch("DELETE FROM temp.derived_rows")?;
            Ok(())
        })
    }
}

/// A review row's `id, at, day, grade, due_offset` from column 1 on, for
/// card `card`.
fn entry_from_row(card: i64, r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let read = || {
        Ok(Entry {
            id: r.get(1)?,
            at: r.get(2)?,
            day: r.get(3)?,
            grade: r.get(4)?,
            due_offset: r.get::<_, convert::DueOffset>(5)?.0,
        })
    };
    read().map_err(|e| convert::of_card(card, r, e))
}

impl Store {
    /// How many cards there are, retired ones included: what a replay of
    /// every card counts its progress against.
    pub fn card_total(&self) -> Result<u64> {
        self.at(|| {
            Ok(self
                .conn
                .query_row("SELECT count(*) FROM cards", [], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)?)
        })
    }

    /// The ids of the cards, retired ones included, of the decks `chosen`
    /// picks (by name: the store knows no pattern syntax).
    pub fn ids_of_decks(&self, chosen: &dyn Fn(&str) -> bool) -> Result<HashSet<i64>> {
        self.at(|| {
            let mut stmt = self.conn.prepare("SELECT id, deck FROM cards")?;
            let mut rows = stmt.query([])?;
            let mut ids = HashSet::new();
            while let Some(r) = rows.next()? {
                let deck: String = r.get(1)?;
                if chosen(&deck) {
                    ids.insert(r.get(0)?);
                }
            }
            Ok(ids)
        })
    }

    /// Calls `each` with every card's id and log that has one, card by card
    /// in id order, each log in time order (grades of one second by review
    /// id), without holding more than one card's log.
    pub fn each_log(&self, mut each: impl FnMut(i64, &[Entry])) -> Result<()> {
        // In the index's own order: by card and time, and within a second
        // by day, grade and id. Grades of one second, rare, are put in id
        // order here: SQLite would sort the whole log for them.
        let mut emit = |card: i64, log: &mut Vec<Entry>| {
            if log.windows(2).any(|pair| pair[0].at == pair[1].at) {
                log.sort_by_key(|e| (e.at, e.id));
            }
            each(card, log);
            log.clear();
        };
        self.at(|| {
            let mut stmt = self.conn.prepare(
                "SELECT card_id, id, at, day, grade, due_offset FROM reviews \
                 INDEXED BY reviews_by_card ORDER BY card_id, at",
            )?;
            let mut rows = stmt.query([])?;
            let mut card: Option<i64> = None;
            let mut log: Vec<Entry> = Vec::new();
            while let Some(r) = rows.next()? {
                let card_id: i64 = r.get(0)?;
                if let Some(c) = card.filter(|&c| c != card_id) {
                    emit(c, &mut log);
                }
                card = Some(card_id);
                log.push(entry_from_row(card_id, r)?);
            }
            if let Some(card) = card {
                emit(card, &mut log);
            }
            Ok(())
        })
    }
}
