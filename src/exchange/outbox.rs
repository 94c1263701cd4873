//! This device's events (docs/design.md §10), queued in the database in the
//! transaction that decides them: an identity change a sync made, the undo
//! of a journaled grade, a grade not journaled yet (those given before
//! `shared` was set too), and a suspend or unsuspend. Queued lines are
//! written to the file afterwards (`files::flush`); the file's length as
//! last written is kept, so a write that reached the file but not the
//! database is recognised on the next try and never doubled.

use crate::grading;
use crate::journal::{self, Body, CardName, Change, DeviceId, Event, EventId};
use crate::scheduler::Scheduler;
use crate::store::{StoreError, Writer};

use super::Local;

/// Which local events to journal.
#[derive(Clone, Copy)]
pub(super) enum Scope {
    /// Everything its file lacks (a sync).
    All,
    /// The undos pending and the one review given (a review session, right
    /// after the grade's commit).
    Review(Option<i64>),
}

/// Names the cards made while the database had no device id, or before
/// cards carried their journal name (schema 3); a no-op once every card
/// has one.
pub(super) fn name_cards(w: &Writer<'_>) -> Result<(), StoreError> {
    // A page of cards at a time, so that naming a large collection holds
    // little of it.
    const PAGE: usize = 1_000;
    let mut after = 0;
    loop {
        let page = w.unnamed_cards(after, PAGE)?;
        for card in &page {
            let (identity, ordinal) = card.identity();
            w.set_card_name(card.id, &journal::card_name(identity, ordinal).to_string())?;
        }
        match page.last() {
            Some(last) if page.len() == PAGE => after = last.id,
            _ => return Ok(()),
        }
    }
}

/// Queues this device's events that its file lacks, and returns those of
/// them that a merge applies here too: the identity changes (this device's
/// other events are applied already). A first merge may queue years of
/// grades, so they are not kept.
pub(super) fn queue(
    w: &Writer<'_>,
    me: &DeviceId,
    local: &Local<'_>,
    scheduler: &Scheduler,
    scope: Scope,
) -> Result<Vec<Event>, StoreError> {
    let mut seq = w.meta_number("journal_seq")? as u64;
    let mut queued = Vec::new();
    let mut push = |body: Body, link: Option<i64>| -> Result<(), StoreError> {
        seq += 1;
        let event = Event {
            id: EventId {
                device: me.clone(),
                seq,
            },
            body,
        };
        super::keep(w, &event)?;
        w.push_outbox(seq, &journal::encode(&event))?;
        if let Some(review) = link {
            w.link_review(&event.id.to_string(), review, true)?;
        }
        if matches!(event.body, Body::Identity { .. }) {
            queued.push(event);
        }
        Ok(())
    };
    if let Scope::All = scope {
        for alias in w.unjournaled_aliases()? {
            let (Ok(from), Ok(to)) = (alias.name.parse(), alias.to_name.parse()) else {
                continue;
            };
            let why = Change::from_name(&alias.why).unwrap_or(Change::Changed);
            push(
                Body::Identity {
                    from,
                    to,
                    at: alias.at,
                    why,
                },
                None,
            )?;
        }
    }
    for undone in w.take_undone()? {
        if let Ok(event) = undone.parse() {
            push(Body::Undo { event }, None)?;
        }
    }
    let (after, only) = match scope {
        Scope::All => (w.meta_number("journal_reviews")?, None),
        Scope::Review(None) => (0, Some(-1)),
        Scope::Review(Some(id)) => (0, Some(id)),
    };
    for r in w.unjournaled(after, only)? {
        let Some(card) = w
            .card_name(r.card_id)?
            .and_then(|n| n.parse::<CardName>().ok())
        else {
            continue;
        };
        let body = Body::Grade {
            card,
            grade: r.grade,
            at: r.at,
            offset: local.offset,
            day: r.day,
            due_offset: r.due_offset,
        };
        push(body, Some(r.review_id))?;
        // Recorded as the card's last grade; another grade of the same
        // second (merged from another device) may come first in the
        // journal's order, which the event id just given decides.
        if w.reviews_in_second(r.card_id, r.at)? > 1 {
            grading::rebuild(w, scheduler, r.card_id)?;
        }
    }
    if let Scope::All = scope {
        // The first merge compares every suspended card with the marks; later
        // ones only the cards whose mark changed since.
        let changed = if w.meta_number("journal_applied")? < 1 {
            w.marks_changed_since()?;
            w.marks_changed()?
        } else {
            w.marks_changed_since()?
        };
        for (name, suspended) in changed {
            let Ok(card) = name.parse::<CardName>() else {
                continue;
            };
            let at = local.now;
            let body = if suspended {
                Body::Suspend { card, at }
            } else {
                Body::Unsuspend { card, at }
            };
            push(body, None)?;
            w.set_mark(&name, suspended)?;
        }
    }
    w.set_meta_if_changed("journal_seq", &seq.to_string())?;
    Ok(queued)
}
