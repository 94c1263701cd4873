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
    /// its stored progress and its log in time order (grades of one second
    /// by review id) with the derived columns as stored, and the last card
    /// id looked at (`None` when no card is left). Cards with neither a
    /// schedule nor a review are left out. The reviews carry no journal
    /// event: a caller that must order grades of one second as the journal
    /// does reads such a card again with `log_of`.
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
            let mut stmt = self.tx.prepare_cached(
                "SELECT card_id, id, at, day, grade, counted, prev_interval FROM reviews \
                 INDEXED BY reviews_replay WHERE card_id > ?1 AND card_id <= ?2 \
                 ORDER BY card_id, at, id",
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

    /// Calls `each` with every card's id and log that has one, card by card
    /// in id order, each log in time order (grades of one second by review
    /// id), without holding more than one card's log.
    pub fn each_log(&self, mut each: impl FnMut(i64, &[Entry])) -> Result<()> {
        self.at(|| {
            let mut stmt = self.conn.prepare(
                "SELECT card_id, id, at, day, grade FROM reviews INDEXED BY reviews_replay \
                 ORDER BY card_id, at, id",
            )?;
            let mut rows = stmt.query([])?;
            let mut card: Option<i64> = None;
            let mut log: Vec<Entry> = Vec::new();
            while let Some(r) = rows.next()? {
                let card_id: i64 = r.get(0)?;
                if card.is_some_and(|c| c != card_id) {
                    each(card.expect("a card"), &log);
                    log.clear();
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
                each(card, &log);
            }
            Ok(())
        })
    }
}
