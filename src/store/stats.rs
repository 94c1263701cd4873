//! The aggregate queries behind `recall stats`: counts grouped in SQL, so
//! that a large collection is summed by SQLite, never loaded row by row.

use std::collections::HashMap;

use rusqlite::{ToSql, params_from_iter};

use super::{Faulty, Result, Store};
use crate::scheduler::sm2::PASS;
use crate::scheduler::{Day, MATURE_DAYS};

/// Everything `stats` needs, already counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatsFacts {
    pub decks: Vec<DeckFacts>,
    /// Live, unsuspended scheduled cards by due day, for days up to the
    /// horizon asked for (overdue ones included, under their own day).
    pub due_by_day: Vec<(Day, u64)>,
    /// Grades per day, with the time spent on them.
    pub reviews_by_day: Vec<(Day, u64, u64)>,
    /// Distinct cards graded today.
    pub cards_reviewed_today: u64,
    /// Cards graded for the first time today.
    pub new_seen_today: u64,
    /// Reviews of mature cards (interval ≥ 21 before the grade): all time,
    /// and since the given day.
    pub mature_all: Passed,
    pub mature_recent: Passed,
    pub leeches: Vec<CardFigure>,
    pub hardest: Vec<CardFigure>,
    /// What `hardest` was ranked by.
    pub hardest_by: Hardest,
}

/// How the hardest cards are told: by the scheduler in force's measure
/// (docs/design.md §11), which the caller names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hardest {
    /// SM-2's: the lowest EF, then the most lapses.
    #[default]
    LowestEf,
    /// FSRS's: the highest difficulty, then the most lapses.
    HighestDifficulty,
}

/// Reviews counted and how many were graded 3 or more.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Passed {
    pub reviews: u64,
    pub passed: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeckFacts {
    pub deck: String,
    pub new: u64,
    pub learning: u64,
    pub mature: u64,
    pub suspended: u64,
    pub retired: u64,
    /// Due today or overdue.
    pub due: u64,
    pub mature_reviews: Passed,
    /// Every review of the deck's cards, from their running totals.
    pub reviews: u64,
}

/// A card singled out: its id, question, lapses, EF and FSRS difficulty
/// (none under SM-2).
#[derive(Debug, Clone, PartialEq)]
pub struct CardFigure {
    pub id: i64,
    pub question: String,
    pub lapses: u32,
    pub ef: u16,
    pub difficulty: Option<f32>,
}

/// Which decks a query counts: `?1` holds the chosen deck names as a JSON
/// list, or NULL for every deck.
pub(super) const IN_DECKS: &str = "(?1 IS NULL OR c.deck IN (SELECT value FROM json_each(?1)))";

impl Store {
    /// Counts for `stats`. `deck` tells which decks count, by name (the
    /// caller's `--deck` glob: the store knows no pattern syntax, so every
    /// command reads a pattern alike); `horizon` the last due day of
    /// interest; `recent_from` the first day of the recent-retention window;
    /// `hardest` how to rank the hardest cards.
    pub fn stats_facts(
        &self,
        deck: Option<&dyn Fn(&str) -> bool>,
        today: Day,
        horizon: Day,
        recent_from: Day,
        leech_lapses: u32,
        hardest: Hardest,
    ) -> Result<StatsFacts> {
        self.at(|| {
            let decks = deck
                .map(|chosen| self.deck_names_json(chosen))
                .transpose()?;
            let names = &decks;
            let mut facts = StatsFacts::default();
            let live = "c.retired = 0 AND c.suspended = 0";

            facts.decks = self.deck_facts(decks.as_deref(), today)?;

            facts.due_by_day = match deck {
                // All schedules by due day from the index, less the few cards
                // kept out of reviews: no scan of the cards.
                None => {
                    let all: Vec<(Day, u64)> = self.rows(
                        "SELECT due, count(*) FROM schedules WHERE due <= ?1 GROUP BY due",
                        &[&horizon],
                        |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)),
                    )?;
                    let inactive: HashMap<Day, u64> = self
                        .rows(
                            "SELECT s.due, count(*) FROM cards c INDEXED BY cards_inactive
                             JOIN schedules s ON s.card_id = c.id
                             WHERE (c.retired = 1 OR c.suspended = 1) AND s.due <= ?1
                             GROUP BY s.due",
                            &[&horizon],
                            |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)),
                        )?
                        .into_iter()
                        .collect();
                    all.into_iter()
                        .map(|(day, n)| (day, n - inactive.get(&day).copied().unwrap_or(0)))
                        .filter(|(_, n)| *n > 0)
                        .collect()
                }
                Some(_) => self.rows(
                    &format!(
                        "SELECT s.due, count(*) FROM schedules s JOIN cards c ON c.id = s.card_id
                         WHERE {live} AND {IN_DECKS} AND s.due <= ?2 GROUP BY s.due"
                    ),
                    &[names, &horizon],
                    |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)),
                )?,
            };

            // Without a deck filter the running totals answer; with one, the
            // review log is joined to its cards, which is slower on long logs.
            let (by_day, today_sql, mature_sql) = match deck {
                None => (
                    "SELECT day, reviews, millis FROM review_days WHERE reviews > 0 ORDER BY day"
                        .to_string(),
                    "SELECT count(DISTINCT card_id) FROM reviews WHERE day = ?2".to_string(),
                    "SELECT coalesce(sum(mature), 0), sum(mature_passed) FROM review_days
                     WHERE day >= ?2"
                        .to_string(),
                ),
                Some(_) => (
                    format!(
                        "SELECT r.day, count(*), sum(r.millis) FROM reviews r
                         JOIN cards c ON c.id = r.card_id WHERE {IN_DECKS}
                         GROUP BY r.day ORDER BY r.day"
                    ),
                    format!(
                        "SELECT count(DISTINCT r.card_id) FROM reviews r
                         JOIN cards c ON c.id = r.card_id WHERE r.day = ?2 AND {IN_DECKS}"
                    ),
                    // The threshold goes in as a literal, not a parameter: only then
                    // can SQLite use the partial index `reviews_of_mature`.
                    format!(
                        "SELECT count(*), sum(r.grade >= {PASS}) FROM reviews r
                         JOIN cards c ON c.id = r.card_id
                         WHERE {IN_DECKS} AND r.prev_interval >= {MATURE_DAYS} AND r.day >= ?2"
                    ),
                ),
            };
            // The unfiltered queries leave ?1 out; numbered parameters keep ?2.
            let names_arg: &[&dyn ToSql] = if deck.is_some() { &[names] } else { &[] };
            facts.reviews_by_day = self.rows(&by_day, names_arg, |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, i64>(1)? as u64,
                    r.get::<_, i64>(2)? as u64,
                ))
            })?;

            facts.cards_reviewed_today = self.count(&today_sql, &[names, &today])?;
            facts.new_seen_today = self.count(
                &format!(
                    "SELECT count(*) FROM schedules s JOIN cards c ON c.id = s.card_id
                     WHERE s.first_day = ?2 AND {IN_DECKS}"
                ),
                &[names, &today],
            )?;

            let passed = |sql: &str, args: &[&dyn ToSql]| -> Faulty<Passed> {
                let found = self.rows(sql, args, |r| {
                    Ok(Passed {
                        reviews: r.get::<_, i64>(0)? as u64,
                        passed: r.get::<_, Option<i64>>(1)?.unwrap_or(0) as u64,
                    })
                })?;
                Ok(found.into_iter().next().unwrap_or_default())
            };
            facts.mature_all = passed(&mature_sql, &[names, &Day::MIN])?;
            facts.mature_recent = passed(&mature_sql, &[names, &recent_from])?;

            let figure = |r: &rusqlite::Row<'_>| {
                Ok(CardFigure {
                    id: r.get(0)?,
                    question: r.get(1)?,
                    lapses: r.get(2)?,
                    ef: r.get(3)?,
                    difficulty: r.get(4)?,
                })
            };
            facts.leeches = self.rows(
                &format!(
                    "SELECT c.id, t.question, s.lapses, s.ef, s.difficulty FROM schedules s
                     JOIN cards c ON c.id = s.card_id JOIN card_texts t ON t.card_id = c.id
                     WHERE c.retired = 0 AND {IN_DECKS} AND s.lapses >= ?2
                     ORDER BY s.lapses DESC, c.id"
                ),
                &[names, &leech_lapses],
                figure,
            )?;
            // Walking the index of the ranking and stopping at ten beats
            // sorting every schedule.
            // The difficulty index holds FSRS's schedules alone.
            let (index, graded, order) = match hardest {
                Hardest::LowestEf => ("schedules_by_ef", "", "s.ef, s.lapses DESC"),
                Hardest::HighestDifficulty => (
                    "schedules_by_difficulty",
                    "AND s.difficulty IS NOT NULL",
                    "s.difficulty DESC, s.lapses DESC",
                ),
            };
            facts.hardest = self.rows(
                &format!(
                    "SELECT c.id, t.question, s.lapses, s.ef, s.difficulty FROM schedules s
                     INDEXED BY {index}
                     CROSS JOIN cards c ON c.id = s.card_id JOIN card_texts t ON t.card_id = c.id
                     WHERE c.retired = 0 AND {IN_DECKS} {graded}
                     ORDER BY {order}, c.id LIMIT 10"
                ),
                &[names],
                figure,
            )?;
            facts.hardest_by = hardest;
            Ok(facts)
        })
    }

    /// The names of the decks `chosen` picks, as a JSON list for `IN_DECKS`.
    fn deck_names_json(&self, chosen: &dyn Fn(&str) -> bool) -> Faulty<String> {
        // The deck index gives each name once, without reading the cards.
        let names: Vec<String> = self.rows("SELECT DISTINCT deck FROM cards", &[], |r| r.get(0))?;
        let names: Vec<&String> = names.iter().filter(|name| chosen(name)).collect();
        Ok(serde_json::to_string(&names).expect("strings serialize"))
    }

    fn rows<T>(
        &self,
        sql: &str,
        args: &[&dyn ToSql],
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Faulty<Vec<T>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map(params_from_iter(args.iter()), map)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn count(&self, sql: &str, args: &[&dyn ToSql]) -> Faulty<u64> {
        Ok(self
            .conn
            .query_row(sql, params_from_iter(args.iter()), |r| r.get::<_, i64>(0))
            .map(|n| n as u64)?)
    }
}
