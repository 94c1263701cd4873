//! Integrity checks for `recall check`: SQLite's own checks, and the
//! invariant that every schedule equals its review log replayed through SM-2.

use std::collections::HashMap;

use serde::Serialize;

use super::{Result, Store};
use crate::sm2::{self, Day, Grade, Logged, Schedule};

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The card concerned, when there is one.
    pub card: Option<i64>,
    pub what: String,
}

type Stored = (Schedule, Day, Day);

impl Store {
    /// Everything wrong with the database; empty when all is well.
    pub fn check(&self) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| self.sql(e))?;
        for row in rows {
            let line = row.map_err(|e| self.sql(e))?;
            if line != "ok" {
                problems.push(Problem {
                    card: None,
                    what: format!("integrity check: {line}"),
                });
            }
        }
        let mut stmt = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?))
            })
            .map_err(|e| self.sql(e))?;
        for row in rows {
            let (table, rowid) = row.map_err(|e| self.sql(e))?;
            problems.push(Problem {
                card: None,
                what: format!(
                    "row {} of table {table} points to a card that does not exist",
                    rowid.map_or("?".into(), |r| r.to_string())
                ),
            });
        }
        self.check_replay(&mut problems)?;
        self.check_totals(&mut problems)?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id FROM cards c WHERE c.fresh != \
                 (NOT EXISTS (SELECT 1 FROM schedules s WHERE s.card_id = c.id)) ORDER BY id",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, i64>(0))
            .map_err(|e| self.sql(e))?;
        for row in rows {
            problems.push(Problem {
                card: Some(row.map_err(|e| self.sql(e))?),
                what: "is marked new but has a schedule, or the other way round".into(),
            });
        }
        Ok(problems)
    }

    fn check_replay(&self, problems: &mut Vec<Problem>) -> Result<()> {
        let mut stored: HashMap<i64, Stored> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT card_id, ef, interval, repetitions, lapses, due, last_day, first_day \
                 FROM schedules",
            )
            .map_err(|e| self.sql(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    (
                        Schedule {
                            ef: r.get(1)?,
                            interval: r.get(2)?,
                            repetitions: r.get(3)?,
                            lapses: r.get(4)?,
                            due: Some(r.get(5)?),
                        },
                        r.get(6)?,
                        r.get(7)?,
                    ),
                ))
            })
            .map_err(|e| self.sql(e))?;
        for row in rows {
            let (id, s) = row.map_err(|e| self.sql(e))?;
            stored.insert(id, s);
        }

        let mut stmt = self
            .conn
            .prepare("SELECT card_id, grade, day FROM reviews ORDER BY card_id, id")
            .map_err(|e| self.sql(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.sql(e))?;
        let mut current: Option<(i64, Vec<Logged>)> = None;
        let mut finish = |card: i64, log: &[Logged], problems: &mut Vec<Problem>| {
            compare(card, log, stored.remove(&card), problems)
        };
        while let Some(row) = rows.next().map_err(|e| self.sql(e))? {
            let card: i64 = row.get(0).map_err(|e| self.sql(e))?;
            let value: u8 = row.get(1).map_err(|e| self.sql(e))?;
            let day: Day = row.get(2).map_err(|e| self.sql(e))?;
            let Some(grade) = Grade::new(value) else {
                problems.push(Problem {
                    card: Some(card),
                    what: format!("a review holds grade {value}, outside 0-5"),
                });
                continue;
            };
            match &mut current {
                Some((id, log)) if *id == card => log.push(Logged { grade, day }),
                _ => {
                    if let Some((id, log)) = current.take() {
                        finish(id, &log, problems);
                    }
                    current = Some((card, vec![Logged { grade, day }]));
                }
            }
        }
        if let Some((id, log)) = current.take() {
            finish(id, &log, problems);
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

impl Store {
    /// The running totals that `stats` reads agree with the review log.
    fn check_totals(&self, problems: &mut Vec<Problem>) -> Result<()> {
        let days = "SELECT day, count(*), sum(millis), sum(prev_interval >= 21), \
                    sum(prev_interval >= 21 AND grade >= 3) FROM reviews GROUP BY day";
        let stored_days = "SELECT day, reviews, millis, mature, mature_passed FROM review_days \
                           WHERE reviews != 0 OR millis != 0 OR mature != 0 OR mature_passed != 0";
        let cards = "SELECT card_id, count(*), max(at), sum(prev_interval >= 21), \
                     sum(prev_interval >= 21 AND grade >= 3) FROM reviews GROUP BY card_id";
        let stored_cards = "SELECT card_id, reviews, last_at, mature, mature_passed \
                            FROM card_reviews WHERE reviews != 0";
        for (what, a, b) in [
            ("per-day review totals", days, stored_days),
            ("per-card review totals", cards, stored_cards),
        ] {
            let differ: i64 = self
                .conn
                .query_row(
                    &format!(
                        "SELECT (SELECT count(*) FROM ({a} EXCEPT {b})) \
                         + (SELECT count(*) FROM ({b} EXCEPT {a}))"
                    ),
                    [],
                    |r| r.get(0),
                )
                .map_err(|e| self.sql(e))?;
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

/// Compares a card's stored schedule with its log replayed.
fn compare(card: i64, log: &[Logged], stored: Option<Stored>, problems: &mut Vec<Problem>) {
    let expected = sm2::replay(log.iter().copied());
    let (first, last) = match (log.first(), log.last()) {
        (Some(f), Some(l)) => (f.day, l.day),
        _ => return,
    };
    let Some((s, last_day, first_day)) = stored else {
        problems.push(Problem {
            card: Some(card),
            what: format!("has {} reviews in the log but no schedule", log.len()),
        });
        return;
    };
    let mut wrong = Vec::new();
    if s.ef != expected.ef {
        wrong.push(format!(
            "ef {} (replay gives {})",
            sm2::ef_display(s.ef),
            sm2::ef_display(expected.ef)
        ));
    }
    for (name, have, want) in [
        ("interval", s.interval, expected.interval),
        ("repetitions", s.repetitions, expected.repetitions),
        ("lapses", s.lapses, expected.lapses),
    ] {
        if have != want {
            wrong.push(format!("{name} {have} (replay gives {want})"));
        }
    }
    if s.due != expected.due {
        wrong.push(format!(
            "due day {:?} (replay gives {:?})",
            s.due, expected.due
        ));
    }
    if last_day != last || first_day != first {
        wrong.push("first or last review day disagrees with the log".into());
    }
    if !wrong.is_empty() {
        problems.push(Problem {
            card: Some(card),
            what: format!("schedule differs from its review log: {}", wrong.join(", ")),
        });
    }
}
