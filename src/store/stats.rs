//! The aggregate queries behind `recall stats`: counts grouped in SQL, so
//! that a large collection is summed by SQLite, never loaded row by row.

use std::collections::HashMap;

use rusqlite::{ToSql, params_from_iter};

use super::{Faulty, Result, Store};
use crate::scheduler::sm2::PASS;
use crate::scheduler::{Day, MATURE_DAYS};

/// What `stats_facts` is asked to count.
#[derive(Clone, Copy)]
pub struct StatsAsk<'a> {
    /// Which decks count, by name (the caller's `--deck` glob: the store
    /// knows no pattern syntax, so every command reads a pattern alike);
    /// `None` for every deck.
    pub decks: Option<&'a dyn Fn(&str) -> bool>,
    pub today: Day,
    /// The last due day of interest.
    pub horizon: Day,
    /// The first day whose newly graded cards are counted.
    pub first_graded_from: Day,
    /// Lapses from which a card is a leech.
    pub leech_lapses: u32,
    /// How to rank the hardest cards.
    pub hardest: Hardest,
    /// The recall day a Unix time falls in (when a card was added).
    pub day_of: &'a dyn Fn(i64) -> Day,
}

/// Everything `stats` needs, already counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatsFacts {
    pub decks: Vec<DeckFacts>,
    /// Live, unsuspended scheduled cards by due day, for days up to the
    /// horizon asked for (overdue ones included, under their own day).
    pub due_by_day: Vec<(Day, u64)>,
    /// Each day with grades, in day order.
    pub reviews_by_day: Vec<DayFacts>,
    /// Cards graded for the first time, by that day, from the day asked
    /// for on (retired and suspended cards included, as their grades are).
    pub first_graded_by_day: Vec<(Day, u64)>,
    /// Live, unsuspended cards by the day they came into the collection:
    /// added, or first graded if that was earlier (an imported history).
    pub live_since_by_day: Vec<(Day, u64)>,
    /// Distinct cards graded today.
    pub cards_reviewed_today: u64,
    /// Cards graded for the first time today.
    pub new_seen_today: u64,
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

/// One day's grades.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayFacts {
    pub day: Day,
    pub reviews: u64,
    /// Time spent on them.
    pub millis: u64,
    /// Those of mature cards (interval ≥ 21 before the grade).
    pub mature: Passed,
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

/// A card singled out: its id, deck, line, question, lapses, EF and FSRS
/// difficulty (none under SM-2).
#[derive(Debug, Clone, PartialEq)]
pub struct CardFigure {
    pub id: i64,
    pub deck: String,
    pub line: u32,
    pub question: String,
    pub lapses: u32,
    pub ef: u16,
    pub difficulty: Option<f32>,
}

/// Which decks a query counts: `?1` holds the chosen deck names as a JSON
/// list, or NULL for every deck.
pub(super) const IN_DECKS: &str = "(?1 IS NULL OR c.deck IN (SELECT value FROM json_each(?1)))";

impl Store {
    /// Counts for `stats` and `report`, as `ask` says.
    pub fn stats_facts(&self, ask: &StatsAsk<'_>) -> Result<StatsFacts> {
        let StatsAsk {
            decks: deck,
            today,
            horizon,
            ..
        } = *ask;
        self.at(|| {
            let decks = deck
                .map(|chosen| self.deck_names_json(chosen))
                .transpose()?;
            let names = &decks;
            let mut facts = StatsFacts::default();
            let live = "c.retired = 0 AND c.suspended = 0";

            (facts.decks, facts.live_since_by_day) =
                self.deck_facts(decks.as_deref(), today, ask.day_of)?;

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
            let day_facts = |r: &rusqlite::Row<'_>| {
                Ok(DayFacts {
                    day: r.get(0)?,
                    reviews: r.get::<_, i64>(1)? as u64,
                    millis: r.get::<_, i64>(2)? as u64,
                    mature: Passed {
                        reviews: r.get::<_, i64>(3)? as u64,
                        passed: r.get::<_, Option<i64>>(4)?.unwrap_or(0) as u64,
                    },
                })
            };
            let today_sql = match deck {
                None => {
                    facts.reviews_by_day = self.rows(
                        "SELECT day, reviews, millis, mature, mature_passed FROM review_days
                         WHERE reviews > 0 ORDER BY day",
                        &[],
                        day_facts,
                    )?;
                    "SELECT count(DISTINCT card_id) FROM reviews WHERE day = ?2".to_string()
                }
                Some(_) => {
                    let mut days = self.rows(
                        &format!(
                            "SELECT r.day, count(*), sum(r.millis), 0, 0 FROM reviews r
                             JOIN cards c ON c.id = r.card_id WHERE {IN_DECKS}
                             GROUP BY r.day ORDER BY r.day"
                        ),
                        &[names],
                        day_facts,
                    )?;
                    // The threshold goes in as a literal, not a parameter:
                    // only then can SQLite use the partial index
                    // `reviews_of_mature`.
                    let mature: HashMap<Day, Passed> = self
                        .rows(
                            &format!(
                                "SELECT r.day, count(*), sum(r.grade >= {PASS}) FROM reviews r
                                 JOIN cards c ON c.id = r.card_id
                                 WHERE {IN_DECKS} AND r.prev_interval >= {MATURE_DAYS}
                                 GROUP BY r.day"
                            ),
                            &[names],
                            |r| {
                                Ok((
                                    r.get(0)?,
                                    Passed {
                                        reviews: r.get::<_, i64>(1)? as u64,
                                        passed: r.get::<_, Option<i64>>(2)?.unwrap_or(0) as u64,
                                    },
                                ))
                            },
                        )?
                        .into_iter()
                        .collect();
                    for d in &mut days {
                        d.mature = mature.get(&d.day).copied().unwrap_or_default();
                    }
                    facts.reviews_by_day = days;
                    format!(
                        "SELECT count(DISTINCT r.card_id) FROM reviews r
                         JOIN cards c ON c.id = r.card_id WHERE r.day = ?2 AND {IN_DECKS}"
                    )
                }
            };

            facts.cards_reviewed_today = self.count(&today_sql, &[names, &today])?;
            facts.new_seen_today = self.count(
                &format!(
                    "SELECT count(*) FROM schedules s JOIN cards c ON c.id = s.card_id
                     WHERE s.first_day = ?2 AND {IN_DECKS}"
                ),
                &[names, &today],
            )?;
            // From the index by first day alone when every deck counts.
            let first_graded = match deck {
                None => "SELECT first_day, count(*) FROM schedules WHERE first_day >= ?2
                         GROUP BY first_day"
                    .to_string(),
                Some(_) => format!(
                    "SELECT s.first_day, count(*) FROM schedules s JOIN cards c ON c.id = s.card_id
                     WHERE s.first_day >= ?2 AND {IN_DECKS} GROUP BY s.first_day"
                ),
            };
            // The unfiltered query leaves ?1 out; numbered parameters keep ?2.
            let args: &[&dyn ToSql] = &[names, &ask.first_graded_from];
            facts.first_graded_by_day = self.rows(&first_graded, args, |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? as u64))
            })?;

            let figure = |r: &rusqlite::Row<'_>| {
                Ok(CardFigure {
                    id: r.get(0)?,
                    deck: r.get(1)?,
                    line: r.get(2)?,
                    question: r.get(3)?,
                    lapses: r.get(4)?,
                    ef: r.get(5)?,
                    difficulty: r.get(6)?,
                })
            };
            let columns = "c.id, c.deck, c.line, t.question, s.lapses, s.ef, s.difficulty";
            facts.leeches = self.rows(
                &format!(
                    "SELECT {columns} FROM schedules s
                     JOIN cards c ON c.id = s.card_id JOIN card_texts t ON t.card_id = c.id
                     WHERE c.retired = 0 AND {IN_DECKS} AND s.lapses >= ?2
                     ORDER BY s.lapses DESC, c.id"
                ),
                &[names, &ask.leech_lapses],
                figure,
            )?;
            // Walking the index of the ranking and stopping at ten beats
            // sorting every schedule.
            // The difficulty index holds FSRS's schedules alone.
            let (index, graded, order) = match ask.hardest {
                Hardest::LowestEf => ("schedules_by_ef", "", "s.ef, s.lapses DESC"),
                Hardest::HighestDifficulty => (
                    "schedules_by_difficulty",
                    "AND s.difficulty IS NOT NULL",
                    "s.difficulty DESC, s.lapses DESC",
                ),
            };
            facts.hardest = self.rows(
                &format!(
                    "SELECT {columns} FROM schedules s
                     INDEXED BY {index}
                     CROSS JOIN cards c ON c.id = s.card_id JOIN card_texts t ON t.card_id = c.id
                     WHERE c.retired = 0 AND {IN_DECKS} {graded}
                     ORDER BY {order}, c.id LIMIT 10"
                ),
                &[names],
                figure,
            )?;
            facts.hardest_by = ask.hardest;
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
