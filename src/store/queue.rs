//! What a review session needs to build its queue: ids, due days, what the
//! daily limit ranks due cards by, and families only, never the cards'
//! text; and the cards due on each day of a window, which the load
//! balancer weighs (docs/design.md §5, §15).

use rusqlite::OptionalExtension;

use super::{Result, Store, Writer};
use crate::scheduler::{Day, DueCard, UrgencyOrder};

/// A card that may be asked: id, its schedule's due day and what ranks it
/// (`None` if new), deck, family line.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueRow {
    pub id: i64,
    pub due: Option<DueCard>,
    pub deck: String,
    pub family_line: u32,
}

/// The schedule's columns a due card is ranked by, as `due_card` reads them.
const DUE_COLUMNS: &str = "s.due, s.interval, s.last_day, s.stability";

/// A due card from the four columns from `at` (as `DUE_COLUMNS`).
fn due_card(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<DueCard> {
    Ok(DueCard {
        due: r.get(at)?,
        interval: r.get(at + 1)?,
        last_day: r.get(at + 2)?,
        stability: r.get(at + 3)?,
    })
}

fn queue_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QueueRow> {
    Ok(QueueRow {
        id: r.get(0)?,
        due: match r.get::<_, Option<Day>>(1)? {
            Some(_) => Some(due_card(r, 1)?),
            None => None,
        },
        deck: r.get(5)?,
        family_line: r.get(6)?,
    })
}

impl Store {
    /// Cards due on `today` or before, neither suspended nor retired.
    pub fn due_rows(&self, today: Day) -> Result<Vec<QueueRow>> {
        self.at(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT c.id, {DUE_COLUMNS}, c.deck, c.family_line FROM schedules s \
                 JOIN cards c ON c.id = s.card_id \
                 WHERE s.due <= ?1 AND c.retired = 0 AND c.suspended = 0"
            ))?;
            let rows = stmt.query_map([today], queue_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Calls `each(id, due day)` for the cards due on `today` or before,
    /// most overdue first (of one day, by id), from the due index alone;
    /// the caller drops `inactive_ids`.
    pub fn each_due_id(&self, today: Day, mut each: impl FnMut(i64, Day)) -> Result<()> {
        self.at(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT card_id, due FROM schedules INDEXED BY schedules_by_due \
                 WHERE due <= ?1 ORDER BY due",
            )?;
            let mut rows = stmt.query([today])?;
            while let Some(row) = rows.next()? {
                let (id, due) = (row.get(0), row.get(1));
                each(id?, due?);
            }
            Ok(())
        })
    }

    /// The `limit` cards due on `today` or before that rank first by
    /// `order` (docs/design.md §15), in that order, with what ranks them;
    /// retired and suspended ones included, for the caller to drop
    /// (`inactive_ids`). Read from the due index alone and ranked by
    /// SQLite, so that a limit of 200 among 100,000 due cards hands over
    /// 200 rows.
    pub fn most_urgent(
        &self,
        today: Day,
        order: UrgencyOrder,
        limit: usize,
    ) -> Result<Vec<(i64, DueCard)>> {
        // `UrgencyOrder::key` in SQL, the same arithmetic in doubles (a
        // test keeps the two orders equal); then the earlier due day and
        // the lower id, as `session::queue::ranked` breaks ties. A
        // schedule's interval is never below 1, and a due card's last day
        // never after today.
        let key = match order {
            UrgencyOrder::OverdueForInterval => "(?1 - s.due) * 1.0 / s.interval",
            UrgencyOrder::ElapsedForStability => {
                "(?1 - s.last_day) * 1.0 / coalesce(s.stability, s.interval)"
            }
        };
        self.at(|| {
            // The most overdue cards, first in the index, are most often
            // among the most urgent: the `limit`-th greatest key among a
            // few of them is a floor that the `limit`-th of all due cards
            // cannot be under, so that SQLite ranks only the cards above
            // it, not every due card.
            let mut keys: Vec<f64> = self
                .conn
                .prepare_cached(&format!(
                    "SELECT {key} FROM schedules s INDEXED BY schedules_by_due \
                     WHERE s.due <= ?1 ORDER BY s.due LIMIT ?2"
                ))?
                .query_map(
                    rusqlite::params![today, limit.saturating_mul(4) as i64],
                    |r| r.get(0),
                )?
                .collect::<rusqlite::Result<_>>()?;
            let floor = match limit.checked_sub(1) {
                Some(nth) if nth < keys.len() => {
                    *keys.select_nth_unstable_by(nth, |a, b| b.total_cmp(a)).1
                }
                _ => f64::MIN,
            };
            // Under SM-2 the floor bounds the due day too: an interval is a
            // day or more, so a key of K is K days overdue or more, and
            // the index is read from its start to that day only.
            let last_due = match order {
                UrgencyOrder::OverdueForInterval if floor > 0.0 => "?1 - ?3",
                _ => "?1",
            };
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT s.card_id, {DUE_COLUMNS} FROM schedules s INDEXED BY schedules_by_due \
                 WHERE s.due <= {last_due} AND {key} >= ?3 \
                 ORDER BY {key} DESC, s.due, s.card_id LIMIT ?2"
            ))?;
            let rows = stmt.query_map(rusqlite::params![today, limit as i64, floor], |r| {
                Ok((r.get(0)?, due_card(r, 1)?))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// How many cards that can be asked are due on `today` or before.
    pub fn due_total(&self, today: Day) -> Result<u64> {
        self.due_total_counting(today, 20_000)
    }

    /// `due_total`, counted from whichever end of the due index is nearer:
    /// the due cards, up to `cap` of them; past it, every schedule (which
    /// SQLite counts page by page) less those due later.
    pub(crate) fn due_total_counting(&self, today: Day, cap: i64) -> Result<u64> {
        self.at(|| {
            let due: i64 = self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM (SELECT 1 FROM schedules INDEXED BY schedules_by_due \
                     WHERE due <= ?1 LIMIT ?2)",
                )?
                .query_row(rusqlite::params![today, cap], |r| r.get(0))?;
            let due = if due < cap {
                due
            } else {
                self.conn
                    .prepare_cached(
                        "SELECT (SELECT count(*) FROM schedules) - (SELECT count(*) \
                         FROM schedules INDEXED BY schedules_by_due WHERE due > ?1)",
                    )?
                    .query_row([today], |r| r.get(0))?
            };
            let inactive: i64 = self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM cards c INDEXED BY cards_inactive \
                     CROSS JOIN schedules s ON s.card_id = c.id \
                     WHERE (c.retired = 1 OR c.suspended = 1) AND s.due <= ?1",
                )?
                .query_row([today], |r| r.get(0))?;
            Ok((due - inactive).max(0) as u64)
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
                "SELECT c.id, NULL, NULL, NULL, NULL, c.deck, c.family_line \
                 FROM cards c INDEXED BY cards_fresh \
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

    /// How many cards that were not new were graded on `day`, each once
    /// however often: the day's reviews, which the daily limit counts
    /// (docs/design.md §15). A card first graded that day is a new card of
    /// the day, not a review.
    pub fn reviewed_on(&self, day: Day) -> Result<u32> {
        self.at(|| {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT count(DISTINCT r.card_id) FROM reviews r INDEXED BY reviews_by_day \
                 JOIN schedules s ON s.card_id = r.card_id \
                 WHERE r.day = ?1 AND s.first_day < ?1",
                )?
                .query_row([day], |r| r.get(0))?)
        })
    }

    /// Whether any review keeps a due offset (docs/design.md §15): an
    /// export that holds one needs the file version that carries them.
    pub fn has_due_offsets(&self) -> Result<bool> {
        self.at(|| {
            Ok(self
                .conn
                .query_row(
                    "SELECT 1 FROM reviews INDEXED BY reviews_by_card \
                     WHERE due_offset IS NOT NULL LIMIT 1",
                    [],
                    |_| Ok(()),
                )
                .optional()
                .map(|found| found.is_some())?)
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

impl Writer<'_> {
    /// How many schedules fall due on each day from `first` to `last`, the
    /// days that have any, in day order: the load the balancer weighs
    /// (docs/design.md §15), counted from the due index alone. Suspended
    /// and retired cards count too: they are few, and leaving them out
    /// would read every card's row.
    pub fn due_counts(&self, first: Day, last: Day) -> Result<Vec<(Day, u32)>> {
        self.at(|| {
            let mut stmt = self.tx.prepare_cached(
                "SELECT due, count(*) FROM schedules INDEXED BY schedules_by_due \
                 WHERE due BETWEEN ?1 AND ?2 GROUP BY due",
            )?;
            let rows = stmt.query_map([first, last], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
