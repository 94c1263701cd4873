//! Card rows: inserting, updating, retiring, suspending and reading cards.

use std::sync::Arc;

use rusqlite::{OptionalExtension, Row, Statement, params};

use super::blocks::{self, BlockList};
use super::convert::{self, TextList};
use super::reviews::{PROGRESS_COLUMNS, progress_from_row};
use super::{Faulty, Result, Store, Writer};
use crate::cards::{Block, Draft, Identity, Kind, identity};
use crate::journal;
use crate::scheduler::{CardStatus, Day, MATURE_DAYS, Progress, Schedule};

/// A stored card: its text as last synced and its marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardRow {
    pub id: i64,
    pub deck: String,
    pub kind: Kind,
    pub ordinal: u32,
    pub context: Vec<String>,
    pub question: String,
    pub answer: Vec<String>,
    pub context_md: Vec<String>,
    pub question_md: String,
    pub answer_md: Vec<String>,
    /// A heading card's lead, an item card's details (docs/design.md §14.1).
    pub lead: Vec<Block>,
    pub details: Vec<Block>,
    pub line: u32,
    pub family_line: u32,
    pub retired: bool,
    pub suspended: bool,
    pub changed: bool,
}

impl CardRow {
    /// The card's identity inside its deck, as `Draft::key` plus the ordinal
    /// that tells repeated keys apart.
    pub fn key(&self) -> String {
        crate::cards::key(
            self.kind,
            &self.context,
            &self.question,
            &self.answer,
            self.ordinal,
        )
    }

    /// `key`'s parts with the deck, borrowed, and the ordinal.
    pub fn identity(&self) -> (Identity<'_>, u32) {
        let parts = identity(
            &self.deck,
            self.kind,
            &self.context,
            &self.question,
            &self.answer,
        );
        (parts, self.ordinal)
    }
}

/// A card with its progress and how often it was graded.
#[derive(Debug, Clone, PartialEq)]
pub struct CardState {
    pub card: CardRow,
    /// `None` while the card is new.
    pub progress: Option<Progress>,
    pub reviews: u32,
    /// Unix seconds of the last grade.
    pub last_review: Option<i64>,
}

/// A card as `cards` lists it, borrowed from the row being read: its text as
/// stored (context and answer as JSON arrays of plain text), without the
/// Markdown, so that listing every card copies and decodes little.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ListedCard<'r> {
    pub id: i64,
    pub deck: &'r str,
    pub kind: Kind,
    pub context_json: &'r str,
    pub question: &'r str,
    pub answer_json: &'r str,
    /// The lead and details (docs/design.md §14.1), read only when the
    /// listing asked for them (`each_listed_card`); empty otherwise.
    pub lead: &'r [Block],
    pub details: &'r [Block],
    pub line: u32,
    pub retired: bool,
    pub suspended: bool,
    pub changed: bool,
    /// `None` while the card is new.
    pub progress: Option<Progress>,
    pub reviews: u32,
    /// Unix seconds of the last grade.
    pub last_review: Option<i64>,
}

impl ListedCard<'_> {
    pub fn status(&self) -> CardStatus {
        CardStatus::of(
            self.retired,
            self.suspended,
            self.progress.map(|p| p.schedule.interval),
        )
    }

    /// The schedule, `None` while new.
    pub fn schedule(&self) -> Option<Schedule> {
        self.progress.map(|p| p.schedule)
    }

    /// The context path as a list.
    pub fn context(&self) -> Vec<String> {
        from_json(self.context_json)
    }
}

/// A draft to store, with the ordinal that keeps repeated keys apart.
pub struct NewCard<'a> {
    pub draft: &'a Draft,
    pub ordinal: u32,
}

impl NewCard<'_> {
    /// The card's journal name (docs/design.md §10), kept on its row so a
    /// merge finds a card by the name events give without reading every
    /// card.
    fn name(&self) -> String {
        journal::card_name(self.draft.identity(), self.ordinal).to_string()
    }
}

/// A card's text, borrowed from a draft or a stored row.
pub(super) struct Text<'a> {
    pub context: &'a [String],
    pub question: &'a str,
    pub answer: &'a [String],
    pub context_md: &'a [String],
    pub question_md: &'a str,
    pub answer_md: &'a [String],
    pub lead: &'a [Block],
    pub details: &'a [Block],
}

impl<'a> Text<'a> {
    fn of_draft(d: &'a Draft) -> Text<'a> {
        Text {
            context: &d.context,
            question: &d.question,
            answer: &d.answer,
            context_md: &d.context_md,
            question_md: &d.question_md,
            answer_md: &d.answer_md,
            lead: &d.lead,
            details: &d.details,
        }
    }

    pub(super) fn of_row(c: &'a CardRow) -> Text<'a> {
        Text {
            context: &c.context,
            question: &c.question,
            answer: &c.answer,
            context_md: &c.context_md,
            question_md: &c.question_md,
            answer_md: &c.answer_md,
            lead: &c.lead,
            details: &c.details,
        }
    }
}

/// Which cards `cards` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardFilter {
    /// Every card that is not retired.
    Live,
    New,
    /// Interval under `scheduler::MATURE_DAYS`.
    Learning,
    /// Interval of `scheduler::MATURE_DAYS` or more.
    Mature,
    /// Due on `today` or before.
    Due(Day),
    Suspended,
    Retired,
    All,
}

fn to_json(items: &[String]) -> String {
    serde_json::to_string(items).expect("strings serialize")
}

/// Stored text already checked to be a JSON list of text
/// (`convert::text_list_json`).
fn from_json(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// Markdown is stored only where it differs from the plain text.
fn md_or_null(md: &str, plain: &str) -> Option<String> {
    (md != plain).then(|| md.to_string())
}

fn md_list_or_null(md: &[String], plain: &[String]) -> Option<String> {
    (md != plain).then(|| to_json(md))
}

pub(super) const CARD_COLUMNS: &str = "c.id, c.deck, c.kind, c.ordinal, t.context, t.question, t.answer, \
     t.context_md, t.question_md, t.answer_md, c.line, c.family_line, c.retired, c.suspended, \
     c.changed, t.lead, t.details";

/// How many columns `CARD_COLUMNS` reads: what a query that selects more
/// after them starts counting from.
pub(super) const CARD_COLUMN_COUNT: usize = 17;

/// Cards joined with their text, as `c` and `t`.
pub(super) const CARDS_WITH_TEXT: &str = "cards c JOIN card_texts t ON t.card_id = c.id";

/// A card's progress and review totals, after its card columns: the nine
/// of `PROGRESS_COLUMNS`, then the number of reviews and the last one's time.
fn state_columns() -> String {
    format!("{PROGRESS_COLUMNS}, coalesce(cr.reviews, 0), cr.last_at")
}

/// The joins `state_columns` reads from.
const STATE_JOINS: &str = "LEFT JOIN schedules s ON s.card_id = c.id \
     LEFT JOIN card_reviews cr ON cr.card_id = c.id";

pub(super) fn card_from_row(row: &Row<'_>) -> rusqlite::Result<CardRow> {
    let id: i64 = row.get(0)?;
    read_card(id, row).map_err(|e| convert::of_card(id, row, e))
}

/// The card `id` in `row`; a value it cannot read is an error, not a guess.
fn read_card(id: i64, row: &Row<'_>) -> rusqlite::Result<CardRow> {
    let context = row.get::<_, TextList>(4)?.0;
    let question: String = row.get(5)?;
    let answer = row.get::<_, TextList>(6)?.0;
    let context_md = match row.get::<_, Option<TextList>>(7)? {
        Some(md) => md.0,
        None => context.clone(),
    };
    let question_md = row
        .get::<_, Option<String>>(8)?
        .unwrap_or_else(|| question.clone());
    let answer_md = match row.get::<_, Option<TextList>>(9)? {
        Some(md) => md.0,
        None => answer.clone(),
    };
    Ok(CardRow {
        id,
        deck: row.get(1)?,
        kind: row.get(2)?,
        ordinal: row.get(3)?,
        context,
        question,
        answer,
        context_md,
        question_md,
        answer_md,
        line: row.get(10)?,
        family_line: row.get(11)?,
        retired: row.get(12)?,
        suspended: row.get(13)?,
        changed: row.get(14)?,
        lead: row.get::<_, BlockList>(15)?.0,
        details: row.get::<_, BlockList>(16)?.0,
    })
}

fn state_from_row(row: &Row<'_>) -> rusqlite::Result<CardState> {
    let card = card_from_row(row)?;
    let id = card.id;
    let read = || {
        Ok(CardState {
            card,
            progress: progress_from_row(row, CARD_COLUMN_COUNT)?,
            reviews: row.get(CARD_COLUMN_COUNT + 9)?,
            last_review: row.get(CARD_COLUMN_COUNT + 10)?,
        })
    };
    read().map_err(|e| convert::of_card(id, row, e))
}

impl Store {
    /// Every card (live and retired) of the given decks.
    pub fn cards_of_decks(&self, decks: &[&str]) -> Result<Vec<CardRow>> {
        self.at(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {CARD_COLUMNS} FROM {CARDS_WITH_TEXT} WHERE c.deck = ?1"
            ))?;
            let mut out = Vec::new();
            for deck in decks {
                let rows = stmt.query_map([deck], card_from_row)?;
                for row in rows {
                    out.push(row?);
                }
            }
            Ok(out)
        })
    }

    /// Whether any of the given decks holds a card that is not retired.
    pub fn any_live_card(&self, decks: &[&str]) -> Result<bool> {
        self.at(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM cards WHERE deck = ?1 AND retired = 0)",
            )?;
            for deck in decks {
                let found: bool = stmt.query_row([deck], |r| r.get(0))?;
                if found {
                    return Ok(true);
                }
            }
            Ok(false)
        })
    }

    /// How many cards are not retired. Counted as all cards less the few
    /// retired ones: SQLite counts a whole table without reading its rows,
    /// and the retired ones sit in a small partial index.
    pub fn live_count(&self) -> Result<u64> {
        self.at(|| {
            Ok(self.conn
                .query_row(
                    "SELECT (SELECT count(*) FROM cards) - (SELECT count(*) FROM cards \
                     INDEXED BY cards_inactive WHERE (retired = 1 OR suspended = 1) AND retired = 1)",
                    [],
                    |r| r.get::<_, i64>(0),
                )
                .map(|n| n as u64)?)
        })
    }

    /// One card with its schedule, or `None` if no card has that id.
    pub fn card(&self, id: i64) -> Result<Option<CardState>> {
        self.at(|| {
            Ok(self
                .conn
                .query_row(
                    &format!(
                        "SELECT {CARD_COLUMNS}, {} FROM {CARDS_WITH_TEXT} \
                         {STATE_JOINS} WHERE c.id = ?1",
                        state_columns()
                    ),
                    [id],
                    state_from_row,
                )
                .optional()?)
        })
    }

    /// Calls `each` for every card the filter selects, in note order (deck,
    /// then line), without holding them all in memory.
    pub fn each_card(
        &self,
        filter: CardFilter,
        mut each: impl FnMut(CardState) -> std::io::Result<()>,
    ) -> Result<std::io::Result<()>> {
        let columns = format!("{CARD_COLUMNS}, {}", state_columns());
        self.at(|| self.each_row(filter, &columns, |row| state_from_row(row).map(&mut each)))
    }

    /// `each_card` for listings: each card borrowed from its row, without
    /// its Markdown, and with its lead and details only when `blocks` asks
    /// for them (a plain listing has no use for them, and most of the cost
    /// of a card that has them is decoding them).
    pub fn each_listed_card(
        &self,
        filter: CardFilter,
        blocks: bool,
        mut each: impl FnMut(&ListedCard<'_>) -> std::io::Result<()>,
    ) -> Result<std::io::Result<()>> {
        let columns = format!(
            "c.id, c.deck, c.kind, t.context, t.question, t.answer, c.line, \
             c.retired, c.suspended, c.changed, {}, {}",
            match blocks {
                true => "t.lead, t.details",
                false => "NULL, NULL",
            },
            state_columns()
        );
        self.at(|| {
            self.each_row(filter, &columns, |row| {
                let text = |i: usize| row.get_ref(i).and_then(|v| Ok(v.as_str()?));
                let id: i64 = row.get(0)?;
                let mut read = || {
                    let lead = row.get::<_, BlockList>(10)?.0;
                    let details = row.get::<_, BlockList>(11)?.0;
                    let card = ListedCard {
                        id,
                        deck: text(1)?,
                        kind: row.get(2)?,
                        context_json: convert::text_list_json(row, 3)?,
                        question: text(4)?,
                        answer_json: convert::text_list_json(row, 5)?,
                        lead: &lead,
                        details: &details,
                        line: row.get(6)?,
                        retired: row.get(7)?,
                        suspended: row.get(8)?,
                        changed: row.get(9)?,
                        progress: progress_from_row(row, 12)?,
                        reviews: row.get(21)?,
                        last_review: row.get(22)?,
                    };
                    Ok(each(&card))
                };
                read().map_err(|e| convert::of_card(id, row, e))
            })
        })
    }

    /// Runs the query of `columns` over the cards `filter` selects, in note
    /// order, calling `each` per row until it gives an I/O error.
    fn each_row(
        &self,
        filter: CardFilter,
        columns: &str,
        mut each: impl FnMut(&Row<'_>) -> rusqlite::Result<std::io::Result<()>>,
    ) -> Faulty<std::io::Result<()>> {
        // The one parameter, ?1: the day for `Due`, the threshold of
        // maturity for `Learning` and `Mature`.
        let mature = Some(i64::from(MATURE_DAYS));
        let (condition, arg) = match filter {
            CardFilter::Live => ("c.retired = 0", None),
            CardFilter::New => (
                "c.retired = 0 AND c.suspended = 0 AND s.card_id IS NULL",
                None,
            ),
            CardFilter::Learning => (
                "c.retired = 0 AND c.suspended = 0 AND s.interval < ?1",
                mature,
            ),
            CardFilter::Mature => (
                "c.retired = 0 AND c.suspended = 0 AND s.interval >= ?1",
                mature,
            ),
            CardFilter::Due(today) => (
                "c.retired = 0 AND c.suspended = 0 AND s.due <= ?1",
                Some(i64::from(today)),
            ),
            CardFilter::Suspended => ("c.retired = 0 AND c.suspended = 1", None),
            CardFilter::Retired => ("c.retired = 1", None),
            CardFilter::All => ("1", None),
        };
        let sql = format!(
            "SELECT {columns} FROM {CARDS_WITH_TEXT} \
             {STATE_JOINS} WHERE {condition} \
             ORDER BY c.deck, c.line, c.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = match arg {
            Some(arg) => stmt.query([arg]),
            None => stmt.query([]),
        }?;
        while let Some(row) = rows.next()? {
            if let Err(e) = each(row)? {
                return Ok(Err(e));
            }
        }
        Ok(Ok(()))
    }

    /// Which of `ids` name no card.
    pub fn missing_ids(&self, ids: &[i64]) -> Result<Vec<i64>> {
        self.at(|| {
            let mut missing = Vec::new();
            for &id in ids {
                let found: Option<i64> = self
                    .conn
                    .query_row("SELECT id FROM cards WHERE id = ?1", [id], |r| r.get(0))
                    .optional()?;
                if found.is_none() {
                    missing.push(id);
                }
            }
            Ok(missing)
        })
    }
}

/// The two statements that store a new card, and the context last written.
pub(super) struct Inserts<'a> {
    card: Statement<'a>,
    text: Statement<'a>,
    /// Cards under one item share their context path (`Draft::context`), so
    /// its JSON is kept for the next card.
    context: Option<ContextJson>,
}

/// A context path as stored: plain JSON, and Markdown JSON where it differs.
struct ContextJson {
    /// The shared path it was made from, held so it cannot be mistaken for
    /// another one allocated at the same address.
    path: (Arc<[String]>, Arc<[String]>),
    plain: String,
    md: Option<String>,
}

impl<'a> Writer<'a> {
    /// Stores a new card and returns its id.
    pub fn insert_card(&self, new: &NewCard<'_>, now: i64) -> Result<i64> {
        self.at(|| {
            let mut inserts = self.inserts.borrow_mut();
            let inserts = match &mut *inserts {
                Some(inserts) => inserts,
                empty => empty.insert(self.prepare_inserts()?),
            };
            let d = new.draft;
            let name = self.naming()?.then(|| new.name());
            inserts.card.execute(params![
                d.deck,
                d.kind,
                new.ordinal,
                d.line,
                d.family_line,
                now,
                name
            ])?;
            let id = self.tx.last_insert_rowid();
            let context = match &mut inserts.context {
                Some(last)
                    if Arc::ptr_eq(&last.path.0, &d.context)
                        && Arc::ptr_eq(&last.path.1, &d.context_md) =>
                {
                    last
                }
                slot => slot.insert(ContextJson {
                    path: (d.context.clone(), d.context_md.clone()),
                    plain: to_json(&d.context),
                    md: md_list_or_null(&d.context_md, &d.context),
                }),
            };
            inserts.text.execute(params![
                id,
                context.plain,
                d.question,
                to_json(&d.answer),
                context.md,
                md_or_null(&d.question_md, &d.question),
                md_list_or_null(&d.answer_md, &d.answer),
                blocks::to_json(&d.lead),
                blocks::to_json(&d.details),
            ])?;
            Ok(id)
        })
    }

    fn prepare_inserts(&self) -> Faulty<Inserts<'a>> {
        let prepare = |sql: &str| self.tx.prepare(sql);
        Ok(Inserts {
            card: prepare(
                "INSERT INTO cards (deck, kind, ordinal, line, family_line, added_at, name) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            text: prepare(
                "INSERT INTO card_texts (card_id, context, question, answer, context_md, \
                 question_md, answer_md, lead, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?,
            context: None,
        })
    }

    /// Stores card `id`'s text: a new row, or the row brought up to date.
    /// An unchanged row is not written at all: an edit of a few hundred
    /// files would otherwise rewrite, log and flush every page they touch.
    pub(super) fn write_text(&self, id: i64, d: &Text<'_>) -> Faulty<()> {
        Ok(self
            .tx
            .prepare_cached(
                "INSERT INTO card_texts (card_id, context, question, answer, context_md, \
                 question_md, answer_md, lead, details) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
                 ON CONFLICT (card_id) DO UPDATE SET context = excluded.context, \
                 question = excluded.question, answer = excluded.answer, \
                 context_md = excluded.context_md, question_md = excluded.question_md, \
                 answer_md = excluded.answer_md, lead = excluded.lead, \
                 details = excluded.details \
                 WHERE (context, question, answer) IS NOT \
                 (excluded.context, excluded.question, excluded.answer) \
                 OR context_md IS NOT excluded.context_md \
                 OR question_md IS NOT excluded.question_md \
                 OR answer_md IS NOT excluded.answer_md \
                 OR lead IS NOT excluded.lead OR details IS NOT excluded.details",
            )
            .and_then(|mut s| {
                s.execute(params![
                    id,
                    to_json(d.context),
                    d.question,
                    to_json(d.answer),
                    md_list_or_null(d.context_md, d.context),
                    md_or_null(d.question_md, d.question),
                    md_list_or_null(d.answer_md, d.answer),
                    blocks::to_json(d.lead),
                    blocks::to_json(d.details),
                ])
            })
            .map(|_| ())?)
    }

    /// Rewrites a card's text and place from a draft and brings it back if
    /// retired. `mark_changed` sets the *changed since last review* flag; it
    /// is never cleared here, only by a review. The indexed deck and line
    /// are written only when they moved, so their index pages stay clean.
    /// Its journal name follows (`rename`).
    pub fn update_card(
        &self,
        id: i64,
        new: &NewCard<'_>,
        mark_changed: bool,
        why: &str,
        now: i64,
    ) -> Result<()> {
        self.at(|| {
            let d = new.draft;
            self.rename(id, new, why, now)?;
            self.tx
                .prepare_cached(
                    "UPDATE cards SET kind = ?2, ordinal = ?3, family_line = ?4, retired = 0, \
                     changed = changed OR ?5 WHERE id = ?1",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        id,
                        d.kind,
                        new.ordinal,
                        d.family_line,
                        mark_changed,
                    ])
                })?;
            self.tx
                .prepare_cached(
                    "UPDATE cards SET deck = ?2, line = ?3 \
                     WHERE id = ?1 AND (deck IS NOT ?2 OR line IS NOT ?3)",
                )
                .and_then(|mut s| s.execute(params![id, d.deck, d.line]))?;
            self.write_text(id, &Text::of_draft(d))
        })
    }

    /// Keeps card `id`'s journal name in step with its identity. With
    /// names in use, a changed name leaves the old one as an alias, with
    /// `why` (the sync's outcome) and `now`, for the journal's identity
    /// event; without, a name the card had is dropped, as it would no
    /// longer say who the card is when names come into use.
    fn rename(&self, id: i64, new: &NewCard<'_>, why: &str, now: i64) -> Faulty<()> {
        if !self.naming()? {
            self.tx
                .prepare_cached("UPDATE cards SET name = NULL WHERE id = ?1 AND name IS NOT NULL")
                .and_then(|mut s| s.execute([id]))?;
            return Ok(());
        }
        let name = new.name();
        let renamed = self
            .tx
            .prepare_cached(
                "INSERT INTO card_aliases (name, card_id, to_name, why, at) \
                 SELECT name, id, ?2, ?3, ?4 FROM cards \
                 WHERE id = ?1 AND name IS NOT NULL AND name IS NOT ?2 \
                 ON CONFLICT (name, card_id) DO UPDATE SET to_name = excluded.to_name, \
                 why = excluded.why, at = excluded.at, journaled = 0",
            )
            .and_then(|mut s| s.execute(params![id, name, why, now]))?;
        if renamed > 0 {
            // Back under a name it had: that one is no alias any more.
            self.tx
                .prepare_cached("DELETE FROM card_aliases WHERE card_id = ?1 AND name = ?2")
                .and_then(|mut s| s.execute(params![id, name]))?;
        }
        self.tx
            .prepare_cached("UPDATE cards SET name = ?2 WHERE id = ?1 AND name IS NOT ?2")
            .and_then(|mut s| s.execute(params![id, name]))?;
        Ok(())
    }

    /// Marks a card retired: kept with its history, never asked.
    pub fn retire_card(&self, id: i64) -> Result<()> {
        self.at(|| {
            Ok(self
                .tx
                .prepare_cached("UPDATE cards SET retired = 1 WHERE id = ?1")
                .and_then(|mut s| s.execute([id]))
                .map(|_| ())?)
        })
    }

    /// Sets or clears the suspended mark; returns whether the card exists.
    pub fn set_suspended(&self, id: i64, suspended: bool) -> Result<bool> {
        self.at(|| {
            Ok(self
                .tx
                .execute(
                    "UPDATE cards SET suspended = ?2 WHERE id = ?1",
                    params![id, suspended],
                )
                .map(|n| n > 0)?)
        })
    }
}

impl CardState {
    pub fn status(&self) -> CardStatus {
        let interval = self.progress.map(|p| p.schedule.interval);
        CardStatus::of(self.card.retired, self.card.suspended, interval)
    }

    /// The schedule, `None` while new.
    pub fn schedule(&self) -> Option<Schedule> {
        self.progress.map(|p| p.schedule)
    }
}
