//! Merging journals as a union of events (docs/design.md §10): every card's
//! grades less the undone ones, ready for `scheduler::replay`, its suspended
//! mark, and where each old card name leads.
//!
//! The result depends only on the set of events, never on the order they
//! come in or how often: they are first collected by event id, then every
//! rule below reads them in one fixed order, time first and event id second.
//!
//! A grade is one grade however many devices journal it. A backup
//! restored on another device (`recall import`) brings the first device's
//! grades as rows of its own, which it then journals under its own id; the
//! first device's journal holds the same grades. So grades of one card
//! with the same time and the same grade, journaled by different devices,
//! are the same grade: the union takes, for each such (time, grade), as
//! many grades as the device that journaled it most often, never their
//! sum. One learner cannot give one card the same grade in the same second
//! on two machines, so nothing real is lost by it.

use std::collections::{BTreeMap, BTreeSet};

use super::event::{Body, CardName, DeviceId, Event, EventId};
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

impl MergedGrade {
    /// Every event that is this grade: `event`, then `same`.
    pub fn events(&self) -> impl Iterator<Item = &EventId> {
        std::iter::once(&self.event).chain(&self.same)
    }
}

/// A grade from the journals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedGrade {
    /// The least id of the events that are this grade.
    pub event: EventId,
    /// The other devices' events that are this same grade (same card,
    /// time and grade), in id order: a device holds the grade as a row
    /// linked to any one of them.
    pub same: Vec<EventId>,
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
/// - Grades of one card with one time and one grade from several devices
///   are paired off (`one_grade_each`): each device's n-th such grade, in
///   id order, is the same grade, with the due offset (docs/design.md
///   §15) of its least event.
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
        .map(|(name, (grades, mut marks))| {
            marks.sort_unstable();
            let grades = one_grade_each(grades)
                .into_iter()
                .enumerate()
                .map(|(rank, (body, event, same))| {
                    let Body::Grade {
                        grade,
                        at,
                        offset,
                        day,
                        due_offset,
                        ..
                    } = *body
                    else {
                        unreachable!("only grades were filed as grades")
                    };
                    MergedGrade {
                        event,
                        same,
                        entry: Entry {
                            id: rank as i64,
                            at,
                            day,
                            grade,
                            due_offset,
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

/// One card's grades, each once, in (time, event id) order: the events of
/// one (time, grade) from several devices are paired off, each device's
/// in id order, and each pair (or triple...) is one grade, named by its
/// least event id and with the others as `same`. Returns each grade's body
/// (that of its least event), id and the others' ids.
fn one_grade_each<'a>(
    grades: Vec<(i64, &'a EventId, &'a Body)>,
) -> Vec<(&'a Body, EventId, Vec<EventId>)> {
    // (time, grade) → device → that device's events of it, in id order
    // (`by_id` gave them in id order).
    type PerDevice<'a> = BTreeMap<&'a DeviceId, Vec<(&'a EventId, &'a Body)>>;
    let mut alike: BTreeMap<(i64, u8), PerDevice> = BTreeMap::new();
    for (at, id, body) in grades {
        let Body::Grade { grade, .. } = body else {
            continue;
        };
        alike
            .entry((at, grade.value()))
            .or_default()
            .entry(&id.device)
            .or_default()
            .push((id, body));
    }
    let mut once: Vec<(i64, &Body, EventId, Vec<EventId>)> = Vec::new();
    for ((at, _), devices) in alike {
        let most = devices.values().map(Vec::len).max().unwrap_or(0);
        for n in 0..most {
            let mut ids: Vec<(&EventId, &Body)> = devices
                .values()
                .filter_map(|events| events.get(n).copied())
                .collect();
            ids.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let (first, body) = ids[0];
            let same = ids[1..].iter().map(|(id, _)| (*id).clone()).collect();
            once.push((at, body, first.clone(), same));
        }
    }
    once.sort_unstable_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
    once.into_iter()
        .map(|(_, body, id, same)| (body, id, same))
        .collect()
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
