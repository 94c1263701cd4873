//! The per-deck counts behind `recall stats`, and when each live card came
//! into the collection: one pass over each of the cards, schedules and
//! review totals in id order, merged here. A join
//! would search the schedules and totals once per card; with 100,000 cards
//! those searches were most of `stats`.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Rows, Statement};

use super::stats::{DeckFacts, IN_DECKS};
use super::{Faulty, Store};
use crate::scheduler::{CardStatus, Day};

impl Store {
    /// Counts per deck, sorted by deck, for the decks named in the JSON
    /// list `names` (all of them for `None`); `today` tells which cards are
    /// due. Beside them, the live, unsuspended cards by the day they came
    /// into the collection (`day_of` their adding, or their first grade if
    /// earlier), in day order.
    pub(super) fn deck_facts(
        &self,
        names: Option<&str>,
        today: Day,
        day_of: &dyn Fn(i64) -> Day,
    ) -> Faulty<(Vec<DeckFacts>, DayCounts)> {
        let prepare = |sql: &str| self.conn.prepare(sql);
        let mut cards = prepare(&format!(
            "SELECT id, deck, retired, suspended, added_at FROM cards c WHERE {IN_DECKS} ORDER BY id"
        ))?;
        let mut schedules =
            prepare("SELECT card_id, interval, due, first_day FROM schedules ORDER BY card_id")?;
        let mut totals = prepare(
            "SELECT card_id, mature, mature_passed, reviews FROM card_reviews ORDER BY card_id",
        )?;
        let mut schedules = ById::<3>::new(&mut schedules)?;
        let mut totals = ById::<3>::new(&mut totals)?;

        let mut decks: Vec<DeckFacts> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut since: BTreeMap<Day, u64> = BTreeMap::new();
        let mut rows = cards.query([names])?;
        while let Some(row) = rows.next()? {
            let read = || -> rusqlite::Result<(i64, &str, bool, bool, i64)> {
                Ok((
                    row.get(0)?,
                    row.get_ref(1)?.as_str()?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            };
            let (id, deck, retired, suspended, added_at) = read()?;
            // A deck's cards mostly come one after another: try the last.
            let at = match decks.last() {
                Some(last) if last.deck == deck => decks.len() - 1,
                _ => *index.entry(deck.to_string()).or_insert_with(|| {
                    decks.push(DeckFacts {
                        deck: deck.to_string(),
                        ..DeckFacts::default()
                    });
                    decks.len() - 1
                }),
            };
            let facts = &mut decks[at];
            let schedule = schedules.get(id)?;
            if let Some([mature, passed, reviews]) = totals.get(id)? {
                facts.mature_reviews.reviews += mature as u64;
                facts.mature_reviews.passed += passed as u64;
                facts.reviews += reviews.max(0) as u64;
            }
            let interval = schedule.map(|[interval, ..]| u32::try_from(interval).unwrap_or(0));
            match CardStatus::of(retired, suspended, interval) {
                CardStatus::Retired => facts.retired += 1,
                CardStatus::Suspended => facts.suspended += 1,
                CardStatus::New => facts.new += 1,
                CardStatus::Learning => facts.learning += 1,
                CardStatus::Mature => facts.mature += 1,
            }
            if !retired && !suspended {
                if let Some([_, due, _]) = schedule
                    && due <= i64::from(today)
                {
                    facts.due += 1;
                }
                let added = day_of(added_at);
                let first = schedule.map_or(added, |[.., first]| {
                    Day::try_from(first).map_or(added, |first| first.min(added))
                });
                *since.entry(first).or_default() += 1;
            }
        }
        decks.sort_by(|a, b| a.deck.cmp(&b.deck));
        Ok((decks, since.into_iter().collect()))
    }
}

/// Cards counted by day, in day order.
type DayCounts = Vec<(Day, u64)>;

/// Rows of a card id and `N` numbers, in card id order, looked up by
/// ascending ids.
struct ById<'s, const N: usize> {
    rows: Rows<'s>,
    current: Option<(i64, [i64; N])>,
}

impl<'s, const N: usize> ById<'s, N> {
    fn new(stmt: &'s mut Statement<'_>) -> rusqlite::Result<ById<'s, N>> {
        let mut rows = ById {
            rows: stmt.query([])?,
            current: None,
        };
        rows.advance()?;
        Ok(rows)
    }

    fn advance(&mut self) -> rusqlite::Result<()> {
        self.current = match self.rows.next()? {
            Some(row) => {
                let mut values = [0; N];
                for (i, value) in values.iter_mut().enumerate() {
                    *value = row.get(i + 1)?;
                }
                Some((row.get(0)?, values))
            }
            None => None,
        };
        Ok(())
    }

    /// The row of card `id`, if any. Ids must come in ascending order.
    fn get(&mut self, id: i64) -> rusqlite::Result<Option<[i64; N]>> {
        while let Some((at, _)) = self.current
            && at < id
        {
            self.advance()?;
        }
        Ok(match self.current {
            Some((at, values)) if at == id => Some(values),
            _ => None,
        })
    }
}
