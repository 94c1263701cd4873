//! Merging journals as a union of events (docs/design.md §10): every card's
//! grades less the undone ones, ready for `scheduler::replay`, its suspended
//! mark, and where each old card name leads.
//!
//! The result depends only on the set of events, never on the order they
//! come in or how often: they are first collected by event id, then every
//! rule below reads them in one fixed order, time first and event id second.

use std::collections::{BTreeMap, BTreeSet};

use super::event::{Body, CardName, Event, EventId};
use crate::scheduler::Entry;

/// Everything the journals say, per card.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// Each card under its newest name.
    pub cards: BTreeMap<CardName, CardHistory>,
    /// Every name that identity events moved away from, with the newest
    /// name it leads to (chains followed: A → B → C gives A → C and B → C).
    pub renamed: BTreeMap<CardName, CardName>,
    /// How many distinct events went in.
    pub events: usize,
}

impl Merged {
    /// The newest name of the card once named `name`.
    pub fn resolve(&self, name: CardName) -> CardName {
        self.renamed.get(&name).copied().unwrap_or(name)
    }
}

/// One card's merged history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardHistory {
    /// Its grades not undone, in replay's order (time, then event id).
    pub grades: Vec<MergedGrade>,
    /// The latest suspend (`true`) or unsuspend (`false`), or `None` when
    /// no journal says either.
    pub suspended: Option<bool>,
}

impl CardHistory {
    /// The grades as replay reads them.
    pub fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        self.grades.iter().map(|g| g.entry)
    }
}

/// A grade from the journals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedGrade {
    pub event: EventId,
    /// `entry.id` is the grade's rank among the card's grades in (time,
    /// event id) order, from 0. Replay breaks ties in time by `Entry::id`,
    /// an `i64`, and event ids do not fit one; ranks do, and since they are
    /// given in that very order, replay orders the grades exactly as
    /// (time, event id) would.
    pub entry: Entry,
    /// The grading clock's offset east of UTC, in minutes.
    pub offset: i32,
}

/// Merges events from any number of journals, in any order, duplicates
/// included.
///
/// - An undo removes the grade it names, whenever either arrives; an undo
///   of anything but a grade does nothing.
/// - Identity events are applied in (time, event id) order. Each joins the
///   card known as `from` (under whatever name it has reached by then) and
///   the card known as `to` into one card named `to`. So a chain leads to
///   its last name, and a name renamed back (A → B, then B → A) ends as A.
/// - Grades and suspends are filed under their card's newest name. The
///   latest suspend or unsuspend in (time, event id) order decides the mark.
/// - Two different events with one id (a corrupted copy) cannot both be
///   right; the lesser in `Event`'s order is kept, so the choice does not
///   depend on reading order.
pub fn merge(events: impl IntoIterator<Item = Event>) -> Merged {
    let mut by_id: BTreeMap<EventId, Event> = BTreeMap::new();
    for event in events {
        match by_id.get(&event.id) {
            Some(kept) if *kept <= event => {}
            _ => {
                by_id.insert(event.id.clone(), event);
            }
        }
    }

    let mut identities: Vec<(i64, &EventId, CardName, CardName)> = Vec::new();
    let mut undone: BTreeSet<&EventId> = BTreeSet::new();
    for event in by_id.values() {
        match &event.body {
            Body::Identity { from, to, at, .. } => identities.push((*at, &event.id, *from, *to)),
            Body::Undo { event } => {
                undone.insert(event);
            }
            _ => {}
        }
    }
    identities.sort_unstable();
    let renamed = resolve_names(identities.iter().map(|&(_, _, from, to)| (from, to)));
    let newest = |name: CardName| renamed.get(&name).copied().unwrap_or(name);

    // Per card: its grades and its suspend marks, each as (time, id, …),
    // then put in order.
    type Grades<'a> = Vec<(i64, &'a EventId, &'a Body)>;
    type Marks<'a> = Vec<(i64, &'a EventId, bool)>;
    let mut per_card: BTreeMap<CardName, (Grades, Marks)> = BTreeMap::new();
    for event in by_id.values() {
        match &event.body {
            Body::Grade { card, at, .. } if !undone.contains(&event.id) => per_card
                .entry(newest(*card))
                .or_default()
                .0
                .push((*at, &event.id, &event.body)),
            Body::Suspend { card, at } | Body::Unsuspend { card, at } => {
                let suspend = matches!(event.body, Body::Suspend { .. });
                per_card
                    .entry(newest(*card))
                    .or_default()
                    .1
                    .push((*at, &event.id, suspend));
            }
            _ => {}
        }
    }

    let cards = per_card
        .into_iter()
        .map(|(name, (mut grades, mut marks))| {
            grades.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
            marks.sort_unstable();
            let grades = grades
                .into_iter()
                .enumerate()
                .map(|(rank, (_, id, body))| {
                    let Body::Grade {
                        grade,
                        at,
                        offset,
                        day,
                        ..
                    } = *body
                    else {
                        unreachable!("only grades were filed as grades")
                    };
                    MergedGrade {
                        event: id.clone(),
                        entry: Entry {
                            id: rank as i64,
                            at,
                            day,
                            grade,
                        },
                        offset,
                    }
                })
                .collect();
            let suspended = marks.last().map(|&(_, _, suspend)| suspend);
            (name, CardHistory { grades, suspended })
        })
        .collect();

    Merged {
        cards,
        renamed,
        events: by_id.len(),
    }
}

/// Applies identity changes in the order given and returns every name that
/// no longer names its card, with the name it has now.
fn resolve_names(
    changes: impl Iterator<Item = (CardName, CardName)>,
) -> BTreeMap<CardName, CardName> {
    // current: a name → its card's name now (absent: itself).
    // members: a card's name now → the other names it had.
    let mut current: BTreeMap<CardName, CardName> = BTreeMap::new();
    let mut members: BTreeMap<CardName, Vec<CardName>> = BTreeMap::new();
    for (from, to) in changes {
        let now = |n: CardName| current.get(&n).copied().unwrap_or(n);
        let (a, b) = (now(from), now(to));
        let mut names = Vec::new();
        for head in [a, b] {
            if !names.contains(&head) {
                names.push(head);
                names.extend(members.remove(&head).unwrap_or_default());
            }
        }
        names.retain(|&n| n != to);
        for &n in &names {
            current.insert(n, to);
        }
        current.remove(&to);
        members.insert(to, names);
    }
    current
}
