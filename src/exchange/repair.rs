//! `recall check --repair` for the journal (docs/design.md §10): every card
//! the journal speaks of is brought in line with the union of the events
//! this database knows, as a merge brings the cards its new events touch.
//! What a merge would do anyway, done for every card at once: a grade held
//! twice (merged from one device while this one had it from a restored
//! backup) is kept once, a grade never merged is added, a merged grade
//! since undone is taken out. Suspended marks are left to the next sync,
//! which journals this device's own first.

use std::collections::{HashMap, HashSet};

use super::Exchange;
use super::apply::{apply_card, card_for, group_of};
use crate::grading;
use crate::journal::{self, CardName, Event};
use crate::scheduler::Scheduler;
use crate::store::{Store, StoreError};

/// Brings every card the journal names in line with it, in one
/// transaction. Returns how many cards' logs changed.
pub fn repair(store: &Store, scheduler: &Scheduler) -> Result<usize, StoreError> {
    // A database that never shared has no journal to agree with.
    if store.meta("device_id")?.is_none() {
        return Ok(0);
    }
    store.write(|w| {
        let me = w.device()?;
        let scheduler = &*grading::in_force(w, scheduler)?;
        let events: Vec<Event> = w
            .event_lines()?
            .iter()
            .filter_map(|l| journal::decode_line(l).ok())
            .collect();
        let identities: Vec<Event> = events
            .iter()
            .filter(|e| matches!(e.body, journal::Body::Identity { .. }))
            .cloned()
            .collect();
        let merged = journal::merge(events);
        let mut earlier: HashMap<CardName, Vec<CardName>> = HashMap::new();
        for (&old, &new) in &merged.renamed {
            earlier.entry(new).or_default().push(old);
        }
        let (mut changed, mut out) = (0, Exchange::default());
        for &name in merged.cards.keys() {
            let group = group_of(name, &earlier);
            let Some(card) = card_for(w, &group)? else {
                continue;
            };
            changed += apply_card(
                w,
                &me,
                scheduler,
                name,
                &group,
                &identities,
                card,
                &HashSet::new(),
                false,
                &mut out,
            )?;
        }
        Ok(changed)
    })
}
