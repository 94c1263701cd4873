//! Progress exchanged through the shared folder (docs/design.md §10): the
//! I/O around the pure `journal` core. A merge reads what is new in the
//! other devices' files, appends this device's events that its own file
//! lacks, and applies the union of every event known to the cards here
//! through `grading::rebuild`. It sits above `store` and `grading` and
//! below `commands`; `journal` stays pure.
//!
//! This device's events are first queued in the database (`journal_outbox`)
//! in the transaction that decides them, then written to its file; the
//! file's length as last written is kept, so a write that reached the file
//! but not the database is recognised on the next try and never doubled.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::grading;
use crate::journal::{self, Body, CardName, DeviceId, Event, EventId};
use crate::store::{NewReview, Store, StoreError, Writer};

#[cfg(test)]
mod tests;

/// What one merge did, for `sync`'s report.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Exchange {
    /// New events read from the other devices' files.
    pub events_read: usize,
    /// Other devices' grades added to the review log here.
    pub grades_merged: usize,
    /// This device's events appended to its file.
    pub appended: usize,
    /// Other devices with a file in the folder.
    pub devices: usize,
    /// Cards named by the journal that are not known here (yet).
    pub pending: usize,
    /// Files and lines that could not be read, each one sentence naming
    /// the file (and line); everything else still merged.
    #[serde(skip)]
    pub errors: Vec<String>,
    /// A missing folder or an append that failed: nothing is lost, the
    /// events stay queued for a later sync.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// What the events of this device are stamped with.
pub struct Local<'a> {
    pub dir: &'a Path,
    /// The clock's offset east of UTC, in minutes: grades are stamped with
    /// it, as the review log keeps none.
    pub offset: i32,
    /// Unix seconds: when a suspend found at a sync is said to happen.
    pub now: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Which local events to journal.
#[derive(Clone, Copy)]
enum Scope {
    /// Everything its file lacks (a sync).
    All,
    /// The undos pending and the one review given (a review session, right
    /// after the grade's commit).
    Review(Option<i64>),
}

/// Reads, appends and applies: what every command that syncs the notes
/// does when `shared` is set.
pub fn merge(store: &Store, local: &Local<'_>) -> Result<Exchange, ExchangeError> {
    let mut out = Exchange::default();
    if !local.dir.is_dir() {
        out.warnings.push(missing(local.dir));
        return Ok(out);
    }
    let device = store.write(|w| w.device_id())?;
    let me = DeviceId::parse(&device).expect("a made device id is valid");
    let own_file = journal::file_name(&me);

    // Other devices' files, read from where the last merge stopped.
    let mut reads: Vec<(String, usize, Vec<Event>)> = Vec::new();
    let mut devices = BTreeSet::new();
    let mut entries: Vec<_> = fs::read_dir(local.dir)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    entries.sort();
    let offsets = store.write(|w| {
        entries
            .iter()
            .filter_map(|n| n.to_str())
            .filter(|n| *n != own_file)
            .filter_map(|n| journal::journal_name(n).map(|j| (n.to_owned(), j)))
            .map(|(n, j)| Ok((n.clone(), j, w.read_offset(&n)?)))
            .collect::<Result<Vec<_>, StoreError>>()
    })?;
    for (name, j, offset) in offsets {
        if j.device != me {
            devices.insert(j.device.clone());
        }
        let path = local.dir.join(&name);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                out.errors.push(format!(
                    "cannot read {}: {}",
                    path.display(),
                    crate::notes::plain(&e)
                ));
                continue;
            }
        };
        match journal::read_from(&bytes, offset) {
            Ok(chunk) => {
                for bad in &chunk.errors {
                    out.errors.push(format!(
                        "{}:{}: {}; the line was left out",
                        path.display(),
                        bad.line,
                        bad.error
                    ));
                }
                let events = chunk.events.into_iter().map(|(_, e)| e).collect();
                reads.push((name, chunk.offset, events));
            }
            Err(refused) => out
                .errors
                .push(format!("{} was not merged: {refused}", path.display())),
        }
    }
    out.devices = devices.len();

    store.write(|w| -> Result<(), StoreError> {
        for (name, offset, events) in &reads {
            for event in events {
                if w.add_event(&event.id.to_string(), &journal::encode(event))? {
                    out.events_read += 1;
                }
            }
            w.set_read_offset(name, *offset)?;
        }
        let cards = w.all_cards()?;
        // A name's card here: the live one, else the oldest retired one.
        let mut by_name: HashMap<CardName, (i64, bool, bool)> = HashMap::new();
        let mut name_of: HashMap<i64, CardName> = HashMap::new();
        for c in &cards {
            let (identity, ordinal) = c.identity();
            let name = journal::card_name(identity, ordinal);
            name_of.insert(c.id, name);
            let better = match by_name.get(&name) {
                None => true,
                Some(&(id, retired, _)) => {
                    (retired && !c.retired) || (retired == c.retired && c.id < id)
                }
            };
            if better {
                by_name.insert(name, (c.id, c.retired, c.suspended));
            }
        }
        queue_local_events(w, &me, local, Scope::All, &name_of, Some(&by_name))?;
        apply(w, &me, &by_name, &mut out)?;
        Ok(())
    })?;
    out.appended = flush(store, local.dir, &me, &mut out.warnings)?;
    Ok(out)
}

/// Journals what a review session just committed: the grade `review` (or
/// none, after an undo) and any undo pending. Returns the warning, if the
/// folder cannot take it; the events stay queued for the next sync.
pub fn after_commit(
    store: &Store,
    local: &Local<'_>,
    review: Option<i64>,
) -> Result<Option<String>, ExchangeError> {
    if !local.dir.is_dir() {
        return Ok(Some(missing(local.dir)));
    }
    let device = store.write(|w| w.device_id())?;
    let me = DeviceId::parse(&device).expect("a made device id is valid");
    store.write(|w| -> Result<(), StoreError> {
        let mut name_of = HashMap::new();
        if let Some(id) = review {
            for r in w.unjournaled(Some(id))? {
                if let Some(card) = store.card(r.card_id)? {
                    let (identity, ordinal) = card.card.identity();
                    name_of.insert(r.card_id, journal::card_name(identity, ordinal));
                }
            }
        }
        queue_local_events(w, &me, local, Scope::Review(review), &name_of, None)
    })?;
    let mut warnings = Vec::new();
    flush(store, local.dir, &me, &mut warnings)?;
    Ok(warnings.into_iter().next())
}

fn missing(dir: &Path) -> String {
    format!(
        "the shared folder {} does not exist; nothing was exchanged, and this device's \
         progress is kept here and appended once it does",
        dir.display()
    )
}

/// Queues this device's events that its file lacks: undos of journaled
/// grades taken back, grades not yet journaled (those given before `shared`
/// was set too), and, at a sync, suspend marks that differ from the last
/// merge's.
fn queue_local_events(
    w: &Writer<'_>,
    me: &DeviceId,
    local: &Local<'_>,
    scope: Scope,
    name_of: &HashMap<i64, CardName>,
    cards: Option<&HashMap<CardName, (i64, bool, bool)>>,
) -> Result<(), StoreError> {
    let mut seq = w.meta_number("journal_seq")? as u64;
    let mut push = |body: Body, link: Option<i64>| -> Result<(), StoreError> {
        seq += 1;
        let event = Event {
            id: EventId {
                device: me.clone(),
                seq,
            },
            body,
        };
        let (id, line) = (event.id.to_string(), journal::encode(&event));
        w.add_event(&id, &line)?;
        w.push_outbox(seq, &line)?;
        if let Some(review) = link {
            w.link_review(&id, review, true)?;
        }
        Ok(())
    };
    for undone in w.take_undone()? {
        if let Ok(event) = undone.parse() {
            push(Body::Undo { event }, None)?;
        }
    }
    let only = match scope {
        Scope::All => None,
        Scope::Review(None) => Some(-1),
        Scope::Review(Some(id)) => Some(id),
    };
    for r in w.unjournaled(only)? {
        let Some(&card) = name_of.get(&r.card_id) else {
            continue;
        };
        let body = Body::Grade {
            card,
            grade: r.grade,
            at: r.at,
            offset: local.offset,
            day: r.day,
        };
        push(body, Some(r.review_id))?;
    }
    if let Some(cards) = cards {
        let marks = w.marks()?;
        let mut changed: Vec<(CardName, bool)> = cards
            .iter()
            .filter(|(_, (_, retired, _))| !retired)
            .filter(|(name, (_, _, suspended))| {
                marks.get(&name.to_string()).copied().unwrap_or(false) != *suspended
            })
            .map(|(name, &(_, _, suspended))| (*name, suspended))
            .collect();
        changed.sort();
        for (card, suspended) in changed {
            let at = local.now;
            let body = if suspended {
                Body::Suspend { card, at }
            } else {
                Body::Unsuspend { card, at }
            };
            push(body, None)?;
        }
    }
    w.set_meta("journal_seq", &seq.to_string())
}

/// Applies the union of every known event to the cards here: other
/// devices' grades not yet in the log are added and those since undone
/// taken out, each touched card is rebuilt by replay, and suspend marks
/// follow the latest event.
fn apply(
    w: &Writer<'_>,
    me: &DeviceId,
    cards: &HashMap<CardName, (i64, bool, bool)>,
    out: &mut Exchange,
) -> Result<(), StoreError> {
    let events = w
        .event_lines()?
        .iter()
        .filter_map(|line| journal::decode_line(line).ok())
        .collect::<Vec<_>>();
    let merged = journal::merge(events);
    let have: HashMap<String, (i64, i64)> = w
        .foreign_reviews()?
        .into_iter()
        .map(|f| (f.event, (f.review_id, f.card_id)))
        .collect();
    let mut wanted: HashSet<String> = HashSet::new();
    let mut touched: BTreeSet<i64> = BTreeSet::new();
    for (name, history) in &merged.cards {
        let Some(&(card_id, _, suspended)) = cards.get(name) else {
            out.pending += 1;
            continue;
        };
        for g in history.grades.iter().filter(|g| &g.event.device != me) {
            let event = g.event.to_string();
            if !have.contains_key(&event) {
                let review = NewReview {
                    card_id,
                    at: g.entry.at,
                    day: g.entry.day,
                    grade: g.entry.grade,
                    millis: 0,
                };
                let id = w.insert_review(&review, false, 0)?;
                w.link_review(&event, id, false)?;
                out.grades_merged += 1;
                touched.insert(card_id);
            }
            wanted.insert(event);
        }
        if let Some(mark) = history.suspended {
            if mark != suspended {
                w.set_suspended(card_id, mark)?;
            }
            w.set_mark(&name.to_string(), mark)?;
        }
    }
    for (event, (review_id, card_id)) in &have {
        if !wanted.contains(event) {
            w.drop_foreign_review(event, *review_id)?;
            touched.insert(*card_id);
        }
    }
    for card_id in touched {
        grading::rebuild(w, card_id)?;
    }
    Ok(())
}

/// Writes the queued lines to this device's file. Lines already there (a
/// write that reached the file before a crash) are not written again.
/// Returns how many lines were written; a failure is a warning and the
/// lines stay queued.
fn flush(
    store: &Store,
    dir: &Path,
    me: &DeviceId,
    warnings: &mut Vec<String>,
) -> Result<usize, StoreError> {
    let path: PathBuf = dir.join(journal::file_name(me));
    store.write(|w| -> Result<usize, StoreError> {
        let queued = w.outbox()?;
        if queued.is_empty() {
            return Ok(0);
        }
        // Only what follows the mark is read: a session appends grade by
        // grade to a file that may hold years of them.
        let mark = w.meta_number("journal_bytes")? as u64;
        let len = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let from = if mark <= len { mark } else { 0 };
        // From the newline before the mark, so that the tail's last byte
        // tells whether the file ends a line even when nothing follows it.
        let tail = read_tail(&path, from.saturating_sub(1)).unwrap_or_default();
        let present: HashSet<u64> = journal::read_from(&tail, 0)
            .map(|c| c.events.into_iter().map(|(_, e)| e.id.seq).collect())
            .unwrap_or_default();
        let mut text = String::new();
        let mut written = 0;
        for (seq, line) in &queued {
            if !present.contains(seq) {
                text.push_str(line);
                text.push('\n');
                written += 1;
            }
        }
        // A file cut short of its last newline gets one first, so that the
        // new line does not join it.
        if len > 0 && tail.last() != Some(&b'\n') {
            text.insert(0, '\n');
        }
        let appended = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| {
                f.write_all(text.as_bytes())?;
                f.sync_data()
            });
        match appended {
            Ok(()) => {
                w.clear_outbox()?;
                w.set_meta("journal_bytes", &(len + text.len() as u64).to_string())?;
                Ok(written)
            }
            Err(e) => {
                warnings.push(format!(
                    "cannot append to {}: {}; this device's progress is kept and appended at \
                     the next sync",
                    path.display(),
                    crate::notes::plain(&e)
                ));
                Ok(0)
            }
        }
    })
}

/// The bytes of the file at `path` from `from` on.
fn read_tail(path: &Path, from: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = fs::File::open(path)?;
    file.seek(SeekFrom::Start(from))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}
