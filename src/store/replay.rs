//! Every card's log, read for work on the whole collection (docs/design.md
//! §11): in chunks of cards with their stored progress and derived columns
//! (the replay after a change of scheduler), and as a stream of each card's
//! grades (calibration in `stats`, `optimize`). Both read the log card by
//! card in time order through the index `reviews_replay`, which holds what
//! a replay needs, rather than the log's table, whose rows lie in the order
//! they were written. Rows, not rules: what a log replays to is
//! `grading`'s.

use std::collections::HashMap;

use super::check::CardLog;
use super::reviews::{LoggedReview, PROGRESS_COLUMNS, progress_from_row};
use super::{Result, Store, Writer, convert};
use crate::scheduler::{Entry, Progress};

impl Writer<'_> {
    /// The cards after card id `after`, `limit` of them at most, each with
    /// its stored progress and its log in time order with the derived
    /// columns as stored, and the last card id looked at (`None` when no
    /// card is left). Cards with neither a schedule nor a review are left
    /// out. Grades of one second come in no particular order and carry no
    /// journal event: a caller must order them as the journal does, reading
    /// such a card again with `log_of`.
    pub fn logs_after(&self, after: i64, limit: usize) -> Result<(Vec<CardLog>, Option<i64>)> {
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
            let mut logs: Vec<CardLog> = Vec::new();
            // In the index's order, by card and time; grades of one second
            // are the caller's to order (see above).
            let mut stmt = self.tx.prepare_cached(
                "SELECT card_id, id, at, day, grade, counted, prev_interval FROM reviews \
                 INDEXED BY reviews_replay WHERE card_id > ?1 AND card_id <= ?2 \
                 ORDER BY card_id, at",
            )?;
            let mut rows = stmt.query([after, last])?;
            while let Some(r) = rows.next()? {
                let card_id: i64 = r.get(0)?;
                let read = || {
                    Ok(LoggedReview {
                        entry: Entry {
                            id: r.get(1)?,
                            at: r.get(2)?,
                            day: r.get(3)?,
                            grade: r.get(4)?,
                        },
                        counted: r.get(5)?,
                        prev_interval: r.get(6)?,
                        event: None,
                    })
                };
                let review = read().map_err(|e| convert::of_card(card_id, r, e))?;
                if logs.last().is_none_or(|l| l.card_id != card_id) {
                    logs.push(CardLog {
                        card_id,
                        progress: stored.remove(&card_id),
                        reviews: Vec::new(),
                    });
                }
                logs.last_mut().expect("pushed").reviews.push(review);
            }
            // Schedules without a review, which a replay removes.
            logs.extend(stored.into_iter().map(|(card_id, progress)| CardLog {
                card_id,
                progress: Some(progress),
                reviews: Vec::new(),
            }));
            logs.sort_by_key(|l| l.card_id);
            Ok((logs, Some(last)))
        })
    }
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
    pub fn ids_of_decks(
        &self,
        chosen: &dyn Fn(&str) -> bool,
    ) -> Result<std::collections::HashSet<i64>> {
        self.at(|| {
            let mut stmt = self.conn.prepare("SELECT id, deck FROM cards")?;
            let mut rows = stmt.query([])?;
            let mut ids = std::collections::HashSet::new();
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
                "SELECT card_id, id, at, day, grade FROM reviews INDEXED BY reviews_replay \
                 ORDER BY card_id, at",
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
                let read = || {
                    Ok(Entry {
                        id: r.get(1)?,
                        at: r.get(2)?,
                        day: r.get(3)?,
                        grade: r.get(4)?,
                    })
                };
                log.push(read().map_err(|e| convert::of_card(card_id, r, e))?);
            }
            if let Some(card) = card {
                emit(card, &mut log);
            }
            Ok(())
        })
    }
}
