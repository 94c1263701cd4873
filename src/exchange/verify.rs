//! `recall check` against the journal (docs/design.md §10): the union of
//! every event this database knows, merged afresh, must be what its rows
//! say. Each other device's grade not undone is one review row of the card
//! its names lead to, no undone grade is, every grade of this device that
//! its journal holds is still in the log (or its undo is queued), a merged
//! grade's row keeps the due offset its event carries (docs/design.md
//! §15), and each card's suspended mark is the latest event's. Slow on purpose: it reads
//! everything, as a check should.

use std::collections::HashMap;

use crate::journal::{self, CardName};
use crate::store::{Store, StoreError};

/// What disagrees, one sentence each.
pub fn verify(store: &Store) -> Result<Vec<String>, StoreError> {
    // A database that never shared has no journal to agree with.
    if store.device_id()?.is_none() {
        return Ok(Vec::new());
    }
    store.write(|w| {
        let me = w.device()?;
        let events: Vec<journal::Event> = w
            .event_lines()?
            .iter()
            .filter_map(|l| journal::decode_line(l).ok())
            .collect();
        let merged = journal::merge(events);
        let mut earlier: HashMap<CardName, Vec<CardName>> = HashMap::new();
        for (&old, &new) in &merged.renamed {
            earlier.entry(new).or_default().push(old);
        }
        let mut problems = Vec::new();
        for (name, history) in &merged.cards {
            let mut group = vec![name.to_string()];
            group.extend(
                earlier
                    .get(name)
                    .into_iter()
                    .flatten()
                    .map(|n| n.to_string()),
            );
            let Some(card) = super::apply::card_for(w, &group)? else {
                continue;
            };
            for g in &history.grades {
                let mut rows = Vec::new();
                let mut merged_row = None;
                for id in g.events() {
                    let event = id.to_string();
                    if let Some((review_id, card_id, own)) = w.review_of_event(&event)? {
                        if !own {
                            merged_row = Some(review_id);
                        }
                        rows.push((event, card_id));
                    }
                }
                let event = g.event.to_string();
                match rows.as_slice() {
                    [] if g.events().any(|id| id.device == me) && g.same.is_empty() => {
                        if !w.undo_queued(&event)? {
                            problems.push(format!(
                                "journal grade {event} of card {} is missing from the review log",
                                card.id
                            ));
                        }
                    }
                    [] => problems.push(format!(
                        "journal grade {event} of card {} was never merged into the review log",
                        card.id
                    )),
                    [(event, card_id)] if *card_id == card.id => {
                        if let Some(review_id) = merged_row
                            && let here = w.due_offset_of(review_id)?
                            && here != g.entry.due_offset
                        {
                            problems.push(format!(
                                "review {review_id} of card {} moves its due day by {}, but \
                                 journal grade {event} by {}",
                                card.id,
                                days(here),
                                days(g.entry.due_offset)
                            ));
                        }
                    }
                    [(event, card_id)] => problems.push(format!(
                        "journal grade {event} of card {} is a review of card {card_id}",
                        card.id
                    )),
                    twice => problems.push(format!(
                        "card {} holds one grade {} times: journal grades {} are the grade {} \
                         given at {}, journaled by {} devices (a backup restored on a device \
                         that shares); `recall check --repair` keeps it once",
                        card.id,
                        twice.len(),
                        twice
                            .iter()
                            .map(|(e, _)| e.as_str())
                            .collect::<Vec<_>>()
                            .join(" and "),
                        g.entry.grade.value(),
                        moment(g.entry.at, g.offset),
                        g.events().count(),
                    )),
                }
            }
            if let Some(mark) = history.suspended.filter(|&m| m != card.suspended) {
                problems.push(format!(
                    "card {} is {} here, but the journal's latest mark {} it",
                    card.id,
                    if card.suspended {
                        "suspended"
                    } else {
                        "active"
                    },
                    if mark { "suspends" } else { "unsuspends" }
                ));
            }
        }
        let mut wanted = std::collections::HashSet::new();
        for history in merged.cards.values() {
            for g in &history.grades {
                wanted.extend(g.events().map(ToString::to_string));
            }
        }
        for f in w.foreign_reviews()? {
            if !wanted.contains(&f.event) {
                problems.push(format!(
                    "review {} of card {} comes from journal grade {}, which the journal \
                     undoes or does not hold",
                    f.review_id, f.card_id, f.event
                ));
            }
        }
        Ok(problems)
    })
}

/// A due offset as a number of days, "0 days" for none.
fn days(offset: Option<i32>) -> String {
    let n = offset.unwrap_or(0);
    format!("{n} day{}", if n.abs() == 1 { "" } else { "s" })
}

/// A journal grade's time as its device's clock read it.
fn moment(at: i64, offset_minutes: i32) -> String {
    let offset = chrono::FixedOffset::east_opt(offset_minutes * 60)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("UTC is an offset"));
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.with_timezone(&offset).to_rfc3339())
        .unwrap_or_else(|| at.to_string())
}
