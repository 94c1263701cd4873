//! Integrity checks for `recall check`: SQLite's own checks, and the
//! invariant that every schedule equals its review log replayed in time order
//! through the scheduler (`scheduler::replay`).

use std::collections::HashMap;

use serde::Serialize;

use super::{Faulty, Result, Store, convert};
use crate::scheduler::{self, Day, Entry, Grade, MATURE_DAYS, Progress, Schedule, sm2};

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The card concerned, when there is one.
    pub card: Option<i64>,
    pub what: String,
}

impl Store {
    /// Everything wrong with the database; empty when all is well.
    pub fn check(&self) -> Result<Vec<Problem>> {
        self.at(|| {
            let mut problems = Vec::new();
            let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            for row in rows {
                let line = row?;
                if line != "ok" {
                    problems.push(Problem {
                        card: None,
                        what: format!("integrity check: {line}"),
                    });
                }
            }
            let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?))
            })?;
            for row in rows {
                let (table, rowid) = row?;
                problems.push(Problem {
                    card: None,
                    what: format!(
                        "row {} of table {table} points to a card that does not exist",
                        rowid.map_or("?".into(), |r| r.to_string())
                    ),
                });
            }
            self.check_cards(&mut problems)?;
            self.check_replay(&mut problems)?;
            self.check_totals(&mut problems)?;
            let mut stmt = self.conn.prepare(
                "SELECT id FROM cards c WHERE c.fresh != \
                 (NOT EXISTS (SELECT 1 FROM schedules s WHERE s.card_id = c.id)) ORDER BY id",
            )?;
            let rows = stmt.query_map([], |r| r.get::<_, i64>(0))?;
            for row in rows {
                problems.push(Problem {
                    card: Some(row?),
                    what: "is marked new but has a schedule, or the other way round".into(),
                });
            }
            Ok(problems)
        })
    }

    /// Card rows this recall could not read: an unknown kind, a stored list
    /// that is not a JSON list of text. Reading such a card elsewhere is an
    /// error; here it is a problem to report.
    fn check_cards(&self, problems: &mut Vec<Problem>) -> Faulty<()> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.kind, t.context, t.answer, t.context_md, t.answer_md \
             FROM cards c LEFT JOIN card_texts t ON t.card_id = c.id ORDER BY c.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let card: i64 = row.get(0)?;
            let mut report = |what: String| {
                problems.push(Problem {
                    card: Some(card),
                    what,
                })
            };
            if let Some(what) = convert::kind_damage(row.get_ref(1)?) {
                report(what);
            }
            for (index, column) in [
                (2, "context"),
                (3, "answer"),
                (4, "context_md"),
                (5, "answer_md"),
            ] {
                let Some(text) = row.get_ref(index)?.as_str_or_null().ok().flatten() else {
                    continue;
                };
                if let Err(damage) = convert::check_text_list(text) {
                    report(damage.of_column(column));
                }
            }
        }
        Ok(())
    }

    fn check_replay(&self, problems: &mut Vec<Problem>) -> Faulty<()> {
        let mut stored: HashMap<i64, Progress> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT card_id, ef, interval, repetitions, lapses, due, last_day, first_day \
             FROM schedules",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Progress {
                    schedule: Schedule {
                        ef: r.get(1)?,
                        interval: r.get(2)?,
                        repetitions: r.get(3)?,
                        lapses: r.get(4)?,
                        due: Some(r.get(5)?),
                    },
                    last_day: r.get(6)?,
                    first_day: r.get(7)?,
                },
            ))
        })?;
        for row in rows {
            let (id, s) = row?;
            stored.insert(id, s);
        }

        // Grades are read as plain numbers: a damaged one is a problem to
        // report, not a reason to stop.
        let mut stmt = self.conn.prepare(
            "SELECT card_id, id, at, day, grade, counted, prev_interval \
             FROM reviews ORDER BY card_id, id",
        )?;
        let mut rows = stmt.query([])?;
        let mut current: Option<(i64, Log)> = None;
        let mut finish = |card: i64, log: Log, problems: &mut Vec<Problem>| {
            compare(card, log, stored.remove(&card), problems)
        };
        while let Some(row) = rows.next()? {
            let read = || -> rusqlite::Result<_> {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, Day>(3)?,
                    row.get::<_, i64>(4)?,
                    (row.get::<_, bool>(5)?, row.get::<_, u32>(6)?),
                ))
            };
            let (card, id, at, day, value, derived) = read()?;
            let Some(grade) = u8::try_from(value).ok().and_then(Grade::new) else {
                problems.push(Problem {
                    card: Some(card),
                    what: convert::Damage::Grade(value).to_string(),
                });
                continue;
            };
            if current.as_ref().is_some_and(|(id, _)| *id != card)
                && let Some((id, log)) = current.take()
            {
                finish(id, log, problems);
            }
            let (_, log) = current.get_or_insert_with(|| (card, Log::default()));
            log.entries.push(Entry { id, at, day, grade });
            log.derived.insert(id, derived);
        }
        if let Some((id, log)) = current.take() {
            finish(id, log, problems);
        }
        let mut orphans: Vec<i64> = stored.into_keys().collect();
        orphans.sort_unstable();
        for card in orphans {
            problems.push(Problem {
                card: Some(card),
                what: "has a schedule but no review in the log".into(),
            });
        }
        Ok(())
    }
}

/// A card's readable reviews, with each one's stored (counted, interval
/// before) by review id.
#[derive(Default)]
struct Log {
    entries: Vec<Entry>,
    derived: HashMap<i64, (bool, u32)>,
}

impl Store {
    /// The running totals that `stats` reads agree with the review log. The
    /// triggers that keep them hold the threshold of maturity as a literal;
    /// `schema`'s tests keep it equal to `MATURE_DAYS`, bound here.
    fn check_totals(&self, problems: &mut Vec<Problem>) -> Faulty<()> {
        let days = "SELECT day, count(*), sum(millis), sum(prev_interval >= ?1), \
                    sum(prev_interval >= ?1 AND grade >= 3) FROM reviews GROUP BY day";
        let stored_days = "SELECT day, reviews, millis, mature, mature_passed FROM review_days \
                           WHERE reviews != 0 OR millis != 0 OR mature != 0 OR mature_passed != 0";
        let cards = "SELECT card_id, count(*), max(at), sum(prev_interval >= ?1), \
                     sum(prev_interval >= ?1 AND grade >= 3) FROM reviews GROUP BY card_id";
        let stored_cards = "SELECT card_id, reviews, last_at, mature, mature_passed \
                            FROM card_reviews WHERE reviews != 0";
        for (what, a, b) in [
            ("per-day review totals", days, stored_days),
            ("per-card review totals", cards, stored_cards),
        ] {
            let differ: i64 = self.conn.query_row(
                &format!(
                    "SELECT (SELECT count(*) FROM ({a} EXCEPT {b})) \
                     + (SELECT count(*) FROM ({b} EXCEPT {a}))"
                ),
                [MATURE_DAYS],
                |r| r.get(0),
            )?;
            if differ > 0 {
                problems.push(Problem {
                    card: None,
                    what: format!("the {what} disagree with the review log in {differ} rows"),
                });
            }
        }
        Ok(())
    }
}

/// Compares a card's stored progress, and its reviews' derived columns,
/// with its log replayed in time order.
fn compare(card: i64, log: Log, stored: Option<Progress>, problems: &mut Vec<Problem>) {
    let count = log.entries.len();
    let replay = scheduler::replay(log.entries);
    let Some(expected) = replay.progress else {
        return;
    };
    let Some(have) = stored else {
        problems.push(Problem {
            card: Some(card),
            what: format!("has {count} reviews in the log but no schedule"),
        });
        return;
    };
    let (s, want) = (have.schedule, expected.schedule);
    let mut wrong = Vec::new();
    if s.ef != want.ef {
        wrong.push(format!(
            "ef {} (replay gives {})",
            sm2::ef_display(s.ef),
            sm2::ef_display(want.ef)
        ));
    }
    for (name, have, want) in [
        ("interval", s.interval, want.interval),
        ("repetitions", s.repetitions, want.repetitions),
        ("lapses", s.lapses, want.lapses),
    ] {
        if have != want {
            wrong.push(format!("{name} {have} (replay gives {want})"));
        }
    }
    if s.due != want.due {
        wrong.push(format!("due day {:?} (replay gives {:?})", s.due, want.due));
    }
    if (have.first_day, have.last_day) != (expected.first_day, expected.last_day) {
        wrong.push("first or last review day disagrees with the log".into());
    }
    if !wrong.is_empty() {
        problems.push(Problem {
            card: Some(card),
            what: format!("schedule differs from its review log: {}", wrong.join(", ")),
        });
    }
    let misread = replay
        .entries
        .iter()
        .filter(|e| log.derived.get(&e.id) != Some(&(e.counted, e.prev_interval)))
        .count();
    if misread > 0 {
        problems.push(Problem {
            card: Some(card),
            what: format!(
                "{misread} of its reviews disagree with the replay on whether they counted \
                 or on the interval before them"
            ),
        });
    }
}
