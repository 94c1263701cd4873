//! Applying the journal to the cards here (docs/design.md §10). Only the
//! cards that new events speak of are touched: each one's events are read
//! back by its names, merged (`journal::merge`: the union less undone
//! grades, the latest suspend mark) and compared with its rows. Other
//! devices' grades missing here are added, those since undone taken out,
//! and the card's schedule rebuilt by replay.
//!
//! The common case, a few new grades of another device given after the
//! card's latest, takes a shorter road with the same result: each is
//! recorded like a grade of a session here.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::Exchange;
use crate::grading::{self, MergedGrade};
use crate::journal::{self, Body, CardName, DeviceId, Event, EventId, Merged};
use crate::scheduler::Scheduler;
use crate::store::{NamedCard, NewReview, StoreError, Writer};

/// Applies what `fresh`, the events this merge added, change.
pub(super) fn apply(
    w: &Writer<'_>,
    me: &DeviceId,
    scheduler: &Scheduler,
    fresh: &[&Event],
    out: &mut Exchange,
) -> Result<(), StoreError> {
    let pending = w.pending()?;
    let full_pass = w.meta_number("journal_applied")? < 1;
    // Which card a joined name group's events go to (`choose`) depends on
    // the cards here: a sync that adds, retires or revives one may change
    // it with no new event at all (a rename that reached this device as a
    // retired card and an added one, docs/design.md §3), so then every
    // group is looked at again.
    let stamp = w.cards_stamp()?;
    let cards_changed = w.meta_text("journal_cards")?.as_deref() != Some(stamp.as_str());
    if cards_changed {
        w.set_meta("journal_cards", &stamp)?;
    }
    if fresh.is_empty() && pending.is_empty() && !full_pass && !cards_changed {
        out.pending = 0;
        return Ok(());
    }
    let identities: Vec<Event> = decode(w.identity_lines()?);
    let names = journal::merge(identities.iter().cloned());
    let mut earlier: HashMap<CardName, Vec<CardName>> = HashMap::new();
    for (&old, &new) in &names.renamed {
        earlier.entry(new).or_default().push(old);
    }
    let undone: HashSet<String> = w.undo_targets()?.into_iter().collect();

    // The cards to look at, by their newest name, and whether the short
    // road will do for each: only new grades of other devices, none undone.
    let mut affected: BTreeMap<CardName, bool> = BTreeMap::new();
    let slow = |name: CardName, affected: &mut BTreeMap<CardName, bool>| {
        affected.insert(names.resolve(name), false);
    };
    for event in fresh {
        match &event.body {
            // A rename here joins the card's names on its own row, but
            // another card here may have had one of them.
            Body::Identity { from, to, .. } if &event.id.device == me => {
                slow(*from, &mut affected);
                slow(*to, &mut affected);
            }
            // This device's own events are applied here already.
            _ if &event.id.device == me => {}
            Body::Grade { card, .. } => {
                let short = !undone.contains(&event.id.to_string());
                affected
                    .entry(names.resolve(*card))
                    .and_modify(|s| *s &= short)
                    .or_insert(short);
            }
            Body::Suspend { card, .. } | Body::Unsuspend { card, .. } => slow(*card, &mut affected),
            Body::Identity { from, to, .. } => {
                slow(*from, &mut affected);
                slow(*to, &mut affected);
            }
            Body::Undo { event } => {
                if let Some(card) = w
                    .event_line(&event.to_string())?
                    .and_then(|line| journal::decode_line(&line).ok())
                    .and_then(|e| match e.body {
                        Body::Grade { card, .. } => Some(card),
                        _ => None,
                    })
                {
                    slow(card, &mut affected);
                }
            }
        }
    }
    for name in pending.iter().filter_map(|n| n.parse().ok()) {
        slow(name, &mut affected);
    }
    if cards_changed {
        for &name in earlier.keys() {
            slow(name, &mut affected);
        }
    }
    if full_pass {
        for name in w.event_cards()?.iter().filter_map(|n| n.parse().ok()) {
            slow(name, &mut affected);
        }
        w.set_meta("journal_applied", "1")?;
    }

    let fresh_grades: HashMap<CardName, Vec<&Event>> = {
        let mut by_card: HashMap<CardName, Vec<&Event>> = HashMap::new();
        for event in fresh {
            if let Body::Grade { card, .. } = event.body {
                by_card.entry(names.resolve(card)).or_default().push(event);
            }
        }
        by_card
    };
    let fresh_ids: HashSet<&EventId> = fresh.iter().map(|e| &e.id).collect();
    let pending: HashSet<String> = pending.into_iter().collect();

    // Each group's card, found in the order of names (one sweep through
    // the name index), then written in the order of card ids, so that a
    // merge of many grades walks the schedules, totals and the log's card
    // index once instead of jumping to a page per grade.
    let mut found = Vec::with_capacity(affected.len());
    for (name, short) in affected {
        let group_names = group_of(name, &earlier);
        let Some(card) = card_for(w, &group_names)? else {
            w.set_pending(&name.to_string(), true)?;
            continue;
        };
        for n in group_names.iter().filter(|n| pending.contains(*n)) {
            w.set_pending(n, false)?;
        }
        found.push((card, name, short));
    }
    found.sort_by_key(|(card, ..)| card.id);
    // Two groups of names can lead to one card (two devices renamed it
    // differently); the second's replay must find the first's links.
    let shared: HashSet<i64> = found
        .windows(2)
        .filter(|pair| pair[0].0.id == pair[1].0.id)
        .map(|pair| pair[0].0.id)
        .collect();

    // Links of grades recorded without a replay, written after in the
    // order of event ids, the order of their table.
    let mut links: Vec<(String, i64)> = Vec::new();
    for (card, name, short) in found {
        let mut whole = !short;
        if short {
            let mut events = fresh_grades.get(&name).cloned().unwrap_or_default();
            events.sort_by_key(|e| (at_of(e), e.id.clone()));
            // A later grade of the card may need a replay, which orders
            // grades of one second by their links: only a card's only new
            // grade waits to be linked.
            let defer = events.len() == 1 && !shared.contains(&card.id);
            for event in events {
                let Body::Grade {
                    grade,
                    at,
                    day,
                    due_offset,
                    ..
                } = event.body
                else {
                    continue;
                };
                let review = NewReview {
                    card_id: card.id,
                    at,
                    day,
                    grade,
                    millis: 0,
                    due_offset,
                };
                let event = event.id.to_string();
                match grading::record_merged(w, scheduler, &review, &event)? {
                    MergedGrade::Last(review_id) if defer => links.push((event, review_id)),
                    MergedGrade::Last(review_id) => w.link_review(&event, review_id, false)?,
                    MergedGrade::Replayed => {}
                    // Perhaps a grade this device holds already under
                    // another event (a restored backup): the union tells.
                    MergedGrade::Held => {
                        whole = true;
                        break;
                    }
                }
                out.grades_merged += 1;
            }
        }
        if whole {
            apply_card(
                w,
                me,
                scheduler,
                name,
                &group_of(name, &earlier),
                &identities,
                card,
                &fresh_ids,
                true,
                out,
            )?;
        }
    }
    links.sort_unstable();
    for (event, review_id) in links {
        w.link_review(&event, review_id, false)?;
    }
    out.pending = w.pending_count()?;
    Ok(())
}

/// A card's name group: its newest name and every name identity events
/// lead to it from, sorted.
pub(super) fn group_of(name: CardName, earlier: &HashMap<CardName, Vec<CardName>>) -> Vec<String> {
    let mut group = vec![name];
    group.extend(earlier.get(&name).into_iter().flatten().copied());
    group.sort();
    group.dedup();
    group.iter().map(|n| n.to_string()).collect()
}

/// The card a name group's events go to (`choose`). A live card under one
/// of the names now settles it without reading the names cards had.
pub(super) fn card_for(w: &Writer<'_>, names: &[String]) -> Result<Option<NamedCard>, StoreError> {
    let mut found = w.cards_named_now(names)?;
    if found.iter().all(|c| c.retired) {
        found.extend(w.cards_named_before(names)?);
    }
    Ok(choose(&found))
}

/// The card a name's events go to: a live one before a retired one, one
/// under the name now before one that had it, then the oldest.
fn choose(found: &[NamedCard]) -> Option<NamedCard> {
    found
        .iter()
        .min_by_key(|c| (c.retired, c.alias, c.id))
        .copied()
}

fn at_of(event: &Event) -> i64 {
    match event.body {
        Body::Grade { at, .. } => at,
        _ => 0,
    }
}

/// Brings one card in line with the union of its events: every grade of
/// another device not undone is a review row of this card, no other merged
/// row is, and the suspended mark is the latest event's.
#[allow(clippy::too_many_arguments)]
pub(super) fn apply_card(
    w: &Writer<'_>,
    me: &DeviceId,
    scheduler: &Scheduler,
    name: CardName,
    group: &[String],
    identities: &[Event],
    card: NamedCard,
    fresh: &HashSet<&EventId>,
    marks: bool,
    out: &mut Exchange,
) -> Result<usize, StoreError> {
    let mut lines = Vec::new();
    for n in group {
        lines.extend(w.event_lines_of_card(n)?);
    }
    let events = decode(lines);
    let mut undos = Vec::new();
    for e in &events {
        if matches!(e.body, Body::Grade { .. }) {
            undos.extend(w.undo_lines_of(&e.id.to_string())?);
        }
    }
    let graded: Vec<EventId> = events
        .iter()
        .filter(|e| matches!(e.body, Body::Grade { .. }))
        .map(|e| e.id.clone())
        .collect();
    let merged: Merged = journal::merge(
        events
            .into_iter()
            .chain(decode(undos))
            .chain(identities.iter().cloned()),
    );
    let history = merged.cards.get(&name).cloned().unwrap_or_default();
    let here: HashMap<String, (i64, bool)> = w
        .linked_reviews_of(card.id)?
        .into_iter()
        .map(|(event, review_id, own)| (event, (review_id, own)))
        .collect();
    let mut touched = BTreeSet::new();
    let mut wanted = HashSet::new();
    for g in &history.grades {
        // Every row that is this grade, wherever it lies: it may be
        // journaled by several devices (`MergedGrade::same`), and a device
        // holds it once.
        let mut rows: Vec<(String, i64, i64, bool)> = Vec::new();
        for id in g.events() {
            let event = id.to_string();
            wanted.insert(event.clone());
            if let Some(&(review_id, own)) = here.get(&event) {
                rows.push((event, review_id, card.id, own));
            } else if (&id.device == me || !fresh.contains(id))
                && let Some((review_id, card_id, own)) = w.review_of_event(&event)?
            {
                rows.push((event, review_id, card_id, own));
            }
        }
        // The row kept: this device's own, then one on this card, then the
        // least event's.
        rows.sort_by(|a, b| (!a.3, a.2 != card.id, &a.0).cmp(&(!b.3, b.2 != card.id, &b.0)));
        let mut rows = rows.into_iter();
        match rows.next() {
            Some((_, _, card_id, _)) if card_id == card.id => {}
            Some((event, review_id, card_id, true)) => {
                // Given here to a card that an identity event has since
                // joined with this one (the rename reached this device as
                // a new card).
                w.move_review(&event, review_id, card.id)?;
                touched.extend([card_id, card.id]);
            }
            kept => {
                // Merged before onto another card (names have joined
                // since), or never: it is a row of this card now, merged
                // from the first other device's event.
                if let Some((event, review_id, card_id, false)) = &kept {
                    w.drop_foreign_review(event, *review_id)?;
                    touched.insert(*card_id);
                }
                let Some(from) = g.events().find(|id| &id.device != me) else {
                    // Only this device's, and not in its log: its undo is
                    // queued, or `check` says it is missing.
                    continue;
                };
                let review = NewReview {
                    card_id: card.id,
                    at: g.entry.at,
                    day: g.entry.day,
                    grade: g.entry.grade,
                    millis: 0,
                    due_offset: g.entry.due_offset,
                };
                let id = w.insert_review(&review, false, 0)?;
                w.link_review(&from.to_string(), id, false)?;
                out.grades_merged += 1;
                touched.insert(card.id);
            }
        }
        // Any other row of it holds the grade a second time: merged from
        // one device while this one, or a third, had it already.
        for (event, review_id, card_id, own) in rows {
            if !own {
                w.drop_foreign_review(&event, review_id)?;
                touched.insert(card_id);
            }
        }
    }
    for event in graded.iter().map(|e| e.to_string()) {
        if wanted.contains(&event) {
            continue;
        }
        if let Some((review_id, card_id, false)) = w.review_of_event(&event)? {
            w.drop_foreign_review(&event, review_id)?;
            touched.insert(card_id);
        }
    }
    if let Some(mark) = history.suspended.filter(|_| marks) {
        if mark != card.suspended {
            w.set_suspended(card.id, mark)?;
        }
        w.set_mark(&name.to_string(), mark)?;
    }
    for &card_id in &touched {
        grading::rebuild(w, scheduler, card_id)?;
    }
    Ok(touched.len())
}

/// The lines that decode; a stored line always does, as only decoded
/// events are kept.
fn decode(lines: Vec<String>) -> Vec<Event> {
    lines
        .iter()
        .filter_map(|line| journal::decode_line(line).ok())
        .collect()
}
