//! The shared journal's rows (docs/design.md §10): this database's device
//! id, which journal event each review row is, how far each other device's
//! file has been read, the events known, and this device's lines not yet in
//! its file. What the events mean is `journal`'s; when they are read and
//! written is `exchange`'s.

use rusqlite::{OptionalExtension, params};

use super::cards::{CARD_COLUMNS, CARDS_WITH_TEXT, card_from_row};
use super::totals::Tally;
use super::{CardRow, Result, Store, Writer};
use crate::scheduler::{Day, Grade};

/// The `meta` key of this database's device id.
const DEVICE_ID: &str = "device_id";

/// A review row not yet journaled.
#[derive(Debug, Clone, Copy)]
pub struct Unjournaled {
    pub review_id: i64,
    pub card_id: i64,
    pub at: i64,
    pub day: Day,
    pub grade: Grade,
    /// Days the load balancer moved the card's due day by (docs/design.md
    /// §15), which the journal line carries.
    pub due_offset: Option<i32>,
}

/// An event as kept: its line, and what a merge looks it up by.
pub struct EventRow<'a> {
    pub id: &'a str,
    pub line: &'a str,
    pub kind: &'a str,
    /// The card of a grade, suspend or unsuspend.
    pub card: Option<&'a str>,
    /// The event an undo takes back.
    pub target: Option<&'a str>,
}

/// Events kept in one go: each event is kept as it is added (in a file's
/// order, that of their table), and the new ones are indexed by card at
/// `finish`, in the order of cards, so that a merge of thousands of grades
/// sweeps that index once instead of writing a page of it per grade.
pub struct EventBatch<'w, 'a> {
    w: &'w Writer<'a>,
    cards: Vec<(String, String)>,
}

impl EventBatch<'_, '_> {
    /// Keeps an event; returns whether it was new.
    pub fn add(&mut self, event: &EventRow<'_>) -> Result<bool> {
        let new = self.w.add_event_line(event)?;
        if new && let Some(card) = event.card {
            self.cards.push((card.to_owned(), event.id.to_owned()));
        }
        Ok(new)
    }

    /// Indexes the new events by card.
    pub fn finish(mut self) -> Result<()> {
        self.w.index_event_cards(&mut self.cards)
    }
}

/// A card found by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedCard {
    pub id: i64,
    pub retired: bool,
    pub suspended: bool,
    /// Found by a name it had before.
    pub alias: bool,
}

/// A name a card left behind, with the name it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub name: String,
    pub to_name: String,
    /// The sync's outcome that renamed it.
    pub why: String,
    pub at: i64,
}

/// A review row merged from another device.
#[derive(Debug, Clone)]
pub struct ForeignReview {
    pub event: String,
    pub review_id: i64,
    pub card_id: i64,
}

impl Store {
    /// The database's device id, if it has one: it is made at its first
    /// exchange through a shared folder and kept from then on, whether or
    /// not `shared` is still set. Reading makes none.
    pub fn device_id(&self) -> Result<Option<String>> {
        self.meta(DEVICE_ID)
    }
}

impl<'a> Writer<'a> {
    /// The database's device id, made at random the first time it is asked
    /// for: 16 lowercase hex digits.
    pub fn device_id(&self) -> Result<String> {
        match self.meta_text(DEVICE_ID)? {
            Some(id) => Ok(id),
            None => self.new_device_id(),
        }
    }

    /// `device_id` as the journal names devices; a stored id that is not
    /// one (a damaged `meta` row) is an error naming it, as nothing can
    /// be journaled under it.
    pub fn device(&self) -> Result<crate::journal::DeviceId> {
        let id = self.device_id()?;
        crate::journal::DeviceId::parse(&id).ok_or_else(|| super::StoreError::BadDeviceId {
            path: self.path.to_path_buf(),
            id,
        })
    }

    /// Whether cards carry their journal name: once the database has a
    /// device id (docs/design.md §10). Read once per transaction; the
    /// write lock keeps it from changing meanwhile but for this
    /// transaction's own `new_device_id`.
    pub(super) fn naming(&self) -> Result<bool> {
        if let Some(naming) = self.naming.get() {
            return Ok(naming);
        }
        let naming = self.meta_text(DEVICE_ID)?.is_some();
        self.naming.set(Some(naming));
        Ok(naming)
    }

    /// A number kept in `meta`, 0 when absent.
    pub fn meta_number(&self, key: &str) -> Result<i64> {
        Ok(self
            .meta_text(key)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    /// A text kept in `meta`, if any.
    pub fn meta_text(&self, key: &str) -> Result<Option<String>> {
        self.at(|| {
            Ok(self
                .tx
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .optional()?)
        })
    }

    /// What changes whenever a sync adds a card, retires one or brings one
    /// back: the highest card id, and the count and two sums of the retired
    /// cards' ids. It reads the few retired rows through their index, no
    /// other card.
    pub fn cards_stamp(&self) -> Result<String> {
        self.at(|| {
            Ok(self.tx.query_row(
                "SELECT (SELECT ifnull(max(id), 0) FROM cards) || ' ' || count(*) || ' ' \
                 || ifnull(sum(id), 0) || ' ' || ifnull(sum(id * id), 0) \
                 FROM cards INDEXED BY cards_inactive \
                 WHERE (retired = 1 OR suspended = 1) AND retired = 1",
                [],
                |r| r.get(0),
            )?)
        })
    }

    /// Every card, live and retired (tests compare devices by it).
    #[cfg(test)]
    pub fn all_cards(&self) -> Result<Vec<CardRow>> {
        self.at(|| {
            let mut stmt = self
                .tx
                .prepare(&format!("SELECT {CARD_COLUMNS} FROM {CARDS_WITH_TEXT}"))?;
            let rows = stmt.query_map([], card_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Up to `limit` cards without a journal name, after card `after` in id
    /// order: those made while the database had no device id, or before
    /// schema 3, named at the next merge a page at a time.
    pub fn unnamed_cards(&self, after: i64, limit: usize) -> Result<Vec<CardRow>> {
        self.at(|| {
            let mut stmt = self.tx.prepare_cached(&format!(
                "SELECT {CARD_COLUMNS} FROM {CARDS_WITH_TEXT} \
                 WHERE c.name IS NULL AND c.id > ?1 ORDER BY c.id LIMIT ?2"
            ))?;
            let rows = stmt.query_map(params![after, limit as i64], card_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn set_card_name(&self, card_id: i64, name: &str) -> Result<()> {
        self.at(|| {
            self.tx
                .prepare_cached("UPDATE cards SET name = ?2 WHERE id = ?1")?
                .execute(params![card_id, name])?;
            Ok(())
        })
    }

    /// The cards that have one of `names` as their name now.
    pub fn cards_named_now(&self, names: &[String]) -> Result<Vec<NamedCard>> {
        self.named(
            "SELECT id, retired, suspended FROM cards WHERE name = ?1",
            names,
            false,
        )
    }

    /// The cards that had one of `names` before their name now (an alias).
    pub fn cards_named_before(&self, names: &[String]) -> Result<Vec<NamedCard>> {
        self.named(
            "SELECT id, retired, suspended FROM cards \
             WHERE id IN (SELECT card_id FROM card_aliases WHERE name = ?1)",
            names,
            true,
        )
    }

    fn named(&self, sql: &str, names: &[String], alias: bool) -> Result<Vec<NamedCard>> {
        self.at(|| {
            let mut stmt = self.tx.prepare_cached(sql)?;
            let mut found = Vec::new();
            for name in names {
                let rows = stmt.query_map([name], |r| {
                    Ok(NamedCard {
                        id: r.get(0)?,
                        retired: r.get(1)?,
                        suspended: r.get(2)?,
                        alias,
                    })
                })?;
                for row in rows {
                    found.push(row?);
                }
            }
            Ok(found)
        })
    }

    /// A card's journal name.
    pub fn card_name(&self, card_id: i64) -> Result<Option<String>> {
        self.at(|| {
            Ok(self
                .tx
                .prepare_cached("SELECT name FROM cards WHERE id = ?1")?
                .query_row([card_id], |r| r.get(0))
                .optional()?
                .flatten())
        })
    }

    /// The names cards left behind that no identity event journals yet.
    pub fn unjournaled_aliases(&self) -> Result<Vec<Alias>> {
        self.at(|| {
            let mut stmt = self.tx.prepare(
                "SELECT name, to_name, why, at FROM card_aliases WHERE journaled = 0 \
                 ORDER BY at, card_id, name",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Alias {
                    name: r.get(0)?,
                    to_name: r.get(1)?,
                    why: r.get(2)?,
                    at: r.get(3)?,
                })
            })?;
            let aliases = rows.collect::<rusqlite::Result<_>>()?;
            self.tx.execute(
                "UPDATE card_aliases SET journaled = 1 WHERE journaled = 0",
                [],
            )?;
            Ok(aliases)
        })
    }

    /// How far the file `name` has been read: bytes, and complete lines
    /// when counted.
    pub fn read_state(&self, name: &str) -> Result<(usize, Option<u32>)> {
        self.at(|| {
            let state: Option<(i64, Option<i64>)> = self
                .tx
                .prepare_cached("SELECT offset, lines FROM journal_reads WHERE file = ?1")?
                .query_row([name], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            Ok(state.map_or((0, Some(0)), |(offset, lines)| {
                (offset as usize, lines.map(|l| l as u32))
            }))
        })
    }

    pub fn set_read_state(&self, name: &str, offset: usize, lines: u32) -> Result<()> {
        self.at(|| {
            self.tx.execute(
                "INSERT OR REPLACE INTO journal_reads (file, offset, lines) VALUES (?1, ?2, ?3)",
                params![name, offset as i64, lines],
            )?;
            Ok(())
        })
    }

    /// Keeps an event. Returns whether it was new.
    pub fn add_event(&self, event: &EventRow<'_>) -> Result<bool> {
        let added = self.add_event_line(event)?;
        if added && let Some(card) = event.card {
            self.index_event_cards(&mut [(card.to_owned(), event.id.to_owned())])?;
        }
        Ok(added)
    }

    /// Keeps many events, as `add_event` does, in a batch (`EventBatch`).
    pub fn event_batch(&self) -> EventBatch<'_, 'a> {
        EventBatch {
            w: self,
            cards: Vec::new(),
        }
    }

    fn add_event_line(&self, event: &EventRow<'_>) -> Result<bool> {
        self.at(|| {
            Ok(self
                .tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO journal_events (id, line, kind, target) \
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![event.id, event.line, event.kind, event.target])?
                > 0)
        })
    }

    /// Indexes events (card, event id) by card, in the order of the index.
    fn index_event_cards(&self, cards: &mut [(String, String)]) -> Result<()> {
        cards.sort_unstable();
        self.at(|| {
            let mut stmt = self.tx.prepare_cached(
                "INSERT OR IGNORE INTO journal_cards (card, event) VALUES (?1, ?2)",
            )?;
            for (card, event) in cards.iter() {
                stmt.execute(params![card, event])?;
            }
            Ok(())
        })
    }

    /// Every event line known.
    pub fn event_lines(&self) -> Result<Vec<String>> {
        self.lines_where("SELECT line FROM journal_events", [])
    }

    /// The line of the event `id`.
    pub fn event_line(&self, id: &str) -> Result<Option<String>> {
        self.at(|| {
            Ok(self
                .tx
                .prepare_cached("SELECT line FROM journal_events WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?)
        })
    }

    /// The grade, suspend and unsuspend events of the card named `name`.
    pub fn event_lines_of_card(&self, name: &str) -> Result<Vec<String>> {
        self.lines_where(
            "SELECT e.line FROM journal_cards c JOIN journal_events e ON e.id = c.event \
             WHERE c.card = ?1",
            [name],
        )
    }

    /// The undos of the event `id`.
    pub fn undo_lines_of(&self, id: &str) -> Result<Vec<String>> {
        self.lines_where("SELECT line FROM journal_events WHERE target = ?1", [id])
    }

    /// Every identity event: few, and every merge needs them all to know
    /// where old names lead.
    pub fn identity_lines(&self) -> Result<Vec<String>> {
        self.lines_where(
            "SELECT line FROM journal_events WHERE kind = 'identity'",
            [],
        )
    }

    fn lines_where<P: rusqlite::Params>(&self, sql: &str, params: P) -> Result<Vec<String>> {
        self.at(|| {
            let mut stmt = self.tx.prepare_cached(sql)?;
            let rows = stmt.query_map(params, |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Gives this device's queued event `old` the id `new` and the line
    /// `line`, wherever it is kept: a database copied to another machine
    /// takes a new device id for what it has not written yet.
    pub fn rekey_event(&self, old: &str, new: &str, seq: u64, line: &str) -> Result<()> {
        self.at(|| {
            self.tx.execute(
                "UPDATE journal_events SET id = ?2, line = ?3 WHERE id = ?1",
                params![old, new, line],
            )?;
            self.tx.execute(
                "UPDATE journal_events SET target = ?2 WHERE target = ?1",
                params![old, new],
            )?;
            self.tx.execute(
                "UPDATE journal_cards SET event = ?2 WHERE event = ?1",
                params![old, new],
            )?;
            self.tx.execute(
                "UPDATE review_events SET event = ?2 WHERE event = ?1",
                params![old, new],
            )?;
            self.tx.execute(
                "INSERT INTO journal_outbox (seq, line) VALUES (?1, ?2)",
                params![seq as i64, line],
            )?;
            Ok(())
        })
    }

    /// The events that undos take back.
    pub fn undo_targets(&self) -> Result<Vec<String>> {
        self.lines_where(
            "SELECT target FROM journal_events WHERE target IS NOT NULL",
            [],
        )
    }

    /// Every card name events speak of.
    pub fn event_cards(&self) -> Result<Vec<String>> {
        self.lines_where("SELECT DISTINCT card FROM journal_cards", [])
    }

    /// Whether this device took back its journaled grade `event` and the
    /// undo waits to be journaled.
    pub fn undo_queued(&self, event: &str) -> Result<bool> {
        self.at(|| {
            Ok(self
                .tx
                .prepare_cached(
                    "SELECT 1 FROM review_events WHERE event = ?1 AND review_id IS NULL",
                )?
                .query_row([event], |_| Ok(()))
                .optional()?
                .is_some())
        })
    }

    /// Gives the database a new random device id and returns it.
    pub fn new_device_id(&self) -> Result<String> {
        self.at(|| {
            let id: String = self
                .tx
                .query_row("SELECT lower(hex(randomblob(8)))", [], |r| r.get(0))?;
            self.tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                [DEVICE_ID, &id],
            )?;
            self.naming.set(Some(true));
            Ok(id)
        })
    }

    /// Card names the journal speaks of that no card here has.
    pub fn pending(&self) -> Result<Vec<String>> {
        self.lines_where("SELECT card FROM journal_pending", [])
    }

    pub fn set_pending(&self, name: &str, pending: bool) -> Result<()> {
        self.at(|| {
            let sql = if pending {
                "INSERT OR IGNORE INTO journal_pending (card) VALUES (?1)"
            } else {
                "DELETE FROM journal_pending WHERE card = ?1"
            };
            self.tx.prepare_cached(sql)?.execute([name])?;
            Ok(())
        })
    }

    pub fn pending_count(&self) -> Result<usize> {
        self.at(|| {
            Ok(self
                .tx
                .query_row("SELECT count(*) FROM journal_pending", [], |r| {
                    r.get::<_, i64>(0)
                })? as usize)
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

    /// This device's events, by sequence, for rebuilding its file.
    pub fn own_event_lines(&self, device: &str) -> Result<Vec<(u64, String)>> {
        self.at(|| {
            let mut stmt = self.tx.prepare(
                "SELECT CAST(substr(id, length(?1) + 2) AS INTEGER), line FROM journal_events \
                 WHERE substr(id, 1, length(?1) + 1) = ?1 || '-' ORDER BY 1",
            )?;
            let rows = stmt.query_map([device], |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Queues a line again unless it is queued already; whether it was new.
    pub fn requeue(&self, seq: u64, line: &str) -> Result<bool> {
        self.at(|| {
            Ok(self.tx.execute(
                "INSERT OR IGNORE INTO journal_outbox (seq, line) VALUES (?1, ?2)",
                params![seq as i64, line],
            )? > 0)
        })
    }

    /// The queued lines, in sequence.
    /// Up to `limit` of this device's queued lines after sequence `after`,
    /// in order: (sequence, line).
    pub fn outbox(&self, after: u64, limit: usize) -> Result<Vec<(u64, String)>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.at(|| {
            let mut stmt = self.tx.prepare_cached(
                "SELECT seq, line FROM journal_outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![after as i64, limit], |r| {
                Ok((r.get::<_, i64>(0)? as u64, r.get(1)?))
            })?;
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

    /// The review rows without a journal event, oldest first: those above
    /// the mark `after`, or only the one review `only` when given.
    pub fn unjournaled(&self, after: i64, only: Option<i64>) -> Result<Vec<Unjournaled>> {
        self.at(|| {
            // Two statements, so that each reads only its rows by the key.
            let mut stmt = self.tx.prepare_cached(if only.is_some() {
                "SELECT r.id, r.card_id, r.at, r.day, r.grade, r.due_offset FROM reviews r \
                 WHERE r.id = ?1 \
                 AND NOT EXISTS (SELECT 1 FROM review_events e WHERE e.review_id = r.id)"
            } else {
                "SELECT r.id, r.card_id, r.at, r.day, r.grade, r.due_offset FROM reviews r \
                 WHERE r.id > ?1 \
                 AND NOT EXISTS (SELECT 1 FROM review_events e WHERE e.review_id = r.id) \
                 ORDER BY r.at, r.id"
            })?;
            let rows = stmt.query_map([only.unwrap_or(after)], |r| {
                Ok(Unjournaled {
                    review_id: r.get(0)?,
                    card_id: r.get(1)?,
                    at: r.get(2)?,
                    day: r.get(3)?,
                    grade: r.get(4)?,
                    due_offset: r.get::<_, super::convert::DueOffset>(5)?.0,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// How many of a card's reviews were given in the second `at`.
    pub fn reviews_in_second(&self, card_id: i64, at: i64) -> Result<i64> {
        self.at(|| {
            Ok(self
                .tx
                .prepare_cached("SELECT count(*) FROM reviews WHERE card_id = ?1 AND at = ?2")?
                .query_row(params![card_id, at], |r| r.get(0))?)
        })
    }

    /// The largest review id, 0 for an empty log.
    pub fn last_review_id(&self) -> Result<i64> {
        self.at(|| {
            Ok(self
                .tx
                .query_row("SELECT coalesce(max(id), 0) FROM reviews", [], |r| r.get(0))?)
        })
    }

    /// Records that the review row is the journal event `event`.
    pub fn link_review(&self, event: &str, review_id: i64, own: bool) -> Result<()> {
        self.at(|| {
            self.tx
                .prepare_cached(
                    "INSERT INTO review_events (event, review_id, own) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![event, review_id, own])?;
            Ok(())
        })
    }

    /// The review row an event is, if any: (review id, card id, own).
    pub fn review_of_event(&self, event: &str) -> Result<Option<(i64, i64, bool)>> {
        self.at(|| {
            Ok(self
                .tx
                .prepare_cached(
                    "SELECT e.review_id, r.card_id, e.own FROM review_events e \
                     JOIN reviews r ON r.id = e.review_id WHERE e.event = ?1",
                )?
                .query_row([event], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?)
        })
    }

    /// The due offset a review row keeps (docs/design.md §15).
    pub fn due_offset_of(&self, review_id: i64) -> Result<Option<i32>> {
        self.at(|| {
            Ok(self
                .tx
                .prepare_cached("SELECT due_offset FROM reviews WHERE id = ?1")?
                .query_row([review_id], |r| r.get(0))
                .optional()?
                .flatten())
        })
    }

    /// The review rows of a card that are journal events, own and
    /// foreign: (event, review id, own).
    pub fn linked_reviews_of(&self, card_id: i64) -> Result<Vec<(String, i64, bool)>> {
        self.at(|| {
            let mut stmt = self.tx.prepare_cached(
                "SELECT e.event, e.review_id, e.own FROM reviews r \
                 JOIN review_events e ON e.review_id = r.id WHERE r.card_id = ?1",
            )?;
            let rows = stmt.query_map([card_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Every review row merged from other devices.
    pub fn foreign_reviews(&self) -> Result<Vec<ForeignReview>> {
        self.at(|| {
            let mut stmt = self.tx.prepare(
                "SELECT e.event, e.review_id, r.card_id FROM review_events e \
                 JOIN reviews r ON r.id = e.review_id WHERE e.own = 0",
            )?;
            let rows = stmt.query_map([], foreign_review)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Moves the review row of journal event `event` to card `to`: names
    /// joined by an identity event make two cards here one, and the
    /// union's card holds every grade (docs/design.md §10). The row is
    /// written anew under a new id, with its event linked to it, and the
    /// running totals move with it.
    pub fn move_review(&self, event: &str, review_id: i64, to: i64) -> Result<()> {
        self.at(|| {
            let own: bool = self.tx.query_row(
                "SELECT own FROM review_events WHERE event = ?1",
                [event],
                |r| r.get(0),
            )?;
            self.tx
                .execute("DELETE FROM review_events WHERE event = ?1", [event])?;
            let Some(tally) = self.tally_of(review_id)? else {
                return Ok(());
            };
            self.tx.execute(
                "INSERT INTO reviews \
                 (card_id, at, day, grade, counted, prev_interval, millis, proposed, due_offset) \
                 SELECT ?2, at, day, grade, counted, prev_interval, millis, proposed, due_offset \
                 FROM reviews WHERE id = ?1",
                params![review_id, to],
            )?;
            let moved = self.tx.last_insert_rowid();
            self.count_added(&Tally {
                card_id: to,
                ..tally
            })?;
            self.tx
                .execute("DELETE FROM reviews WHERE id = ?1", [review_id])?;
            self.count_removed(&tally)?;
            self.tx.execute(
                "INSERT INTO review_events (event, review_id, own) VALUES (?1, ?2, ?3)",
                params![event, moved, own],
            )?;
            Ok(())
        })
    }

    /// Removes a merged review row whose grade another device undid.
    pub fn drop_foreign_review(&self, event: &str, review_id: i64) -> Result<()> {
        self.at(|| {
            self.tx
                .execute("DELETE FROM review_events WHERE event = ?1", [event])?;
            if let Some(tally) = self.tally_of(review_id)? {
                self.tx
                    .execute("DELETE FROM reviews WHERE id = ?1", [review_id])?;
                self.count_removed(&tally)?;
            }
            Ok(())
        })
    }

    /// The live cards whose suspended mark differs from the last merge's
    /// mark for their name: (name, suspended). Both sides are read through
    /// their few suspended rows, never the whole collection.
    pub fn marks_changed(&self) -> Result<Vec<(String, bool)>> {
        self.at(|| {
            let mut stmt = self.tx.prepare_cached(
                "SELECT c.name, 1 FROM cards c INDEXED BY cards_inactive \
                 WHERE (c.retired = 1 OR c.suspended = 1) AND c.suspended = 1 AND c.retired = 0 \
                 AND c.name IS NOT NULL AND NOT EXISTS (SELECT 1 FROM journal_marks m \
                 WHERE m.card = c.name AND m.suspended = 1) \
                 UNION \
                 SELECT c.name, 0 FROM journal_marks m CROSS JOIN cards c ON c.name = m.card \
                 WHERE m.suspended = 1 AND c.suspended = 0 AND c.retired = 0 \
                 ORDER BY 1",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// `marks_changed` for only the cards whose mark changed since the last
    /// call, retired ones too (a card suspended, then retired by the same
    /// sync, must still say so); the list of those is emptied.
    pub fn marks_changed_since(&self) -> Result<Vec<(String, bool)>> {
        self.at(|| {
            let mut stmt = self.tx.prepare_cached(
                "SELECT c.name, c.suspended FROM journal_suspends j \
                 CROSS JOIN cards c ON c.id = j.card_id \
                 WHERE c.name IS NOT NULL AND c.suspended IS NOT \
                 coalesce((SELECT m.suspended FROM journal_marks m WHERE m.card = c.name), 0) \
                 ORDER BY 1",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let changed = rows.collect::<rusqlite::Result<_>>()?;
            self.tx
                .execute("DELETE FROM journal_suspends WHERE card_id IS NOT NULL", [])?;
            Ok(changed)
        })
    }

    /// Empties the list of suspend changes. With a WHERE clause: SQLite
    /// truncates a table for a bare DELETE, which writes its root page even
    /// when the table is empty, and a merge with nothing new must write
    /// nothing.
    pub fn clear_suspend_changes(&self) -> Result<()> {
        self.at(|| {
            self.tx
                .execute("DELETE FROM journal_suspends WHERE card_id IS NOT NULL", [])?;
            Ok(())
        })
    }

    /// Sets a `meta` value unless it already has it, so that a merge that
    /// changes nothing writes nothing.
    pub fn set_meta_if_changed(&self, key: &str, value: &str) -> Result<()> {
        self.at(|| {
            self.tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value \
                 WHERE value IS NOT excluded.value",
                params![key, value],
            )?;
            Ok(())
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

/// A row of (event, review id, card id) as a merged review.
fn foreign_review(r: &rusqlite::Row<'_>) -> rusqlite::Result<ForeignReview> {
    Ok(ForeignReview {
        event: r.get(0)?,
        review_id: r.get(1)?,
        card_id: r.get(2)?,
    })
}
