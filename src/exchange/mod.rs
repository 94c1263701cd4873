//! Progress exchanged through the shared folder (docs/design.md §10): the
//! I/O around the pure `journal` core. A merge reads what is new in the
//! other devices' files, appends this device's events that its own file
//! lacks, and applies to the cards here what the new events change. It
//! sits above `store` and `grading` and below `commands`; `journal` stays
//! pure.
//!
//! - `files`: the folder's files: reading the others from where the last
//!   read stopped, seeing that another machine writes this device's file
//!   (a copied database), and appending this device's lines.
//! - `outbox`: this device's events, queued in the database in the
//!   transaction that decides them, before any file is written.
//! - `apply`: the union of the events of each card a merge touches,
//!   applied to that card.
//! - `verify`: `recall check`'s comparison of the database with the
//!   journal, and `repair`, `check --repair`'s mending of what it finds.
//!
//! A merge with nothing new reads no file and no event and writes no
//! page: it compares each file's length with how far it was read, and
//! reads the list of cards whose suspended mark changed. So it costs the
//! same with a million events as with ten.

mod apply;
mod files;
mod outbox;
mod repair;
mod verify;

use std::path::Path;

use crate::grading;
use crate::journal::{self, DeviceId, Event};
use crate::scheduler::Scheduler;
use crate::store::{EventRow, Store, StoreError, Writer};

pub use repair::repair;
pub use verify::verify;

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
    /// A missing folder, an append that failed (nothing is lost, the
    /// events stay queued for a later sync), or a device id found in use
    /// on another machine.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// SQLite's page cache while a merge applies other devices' files, in KiB:
/// merging 100,000 grades is a third faster with 8 MiB than with the
/// default 2 MiB, and no faster with 16 (examples/bench.rs; docs/design.md
/// §10).
const MERGE_CACHE_KIB: u32 = 8 << 10;

/// What the events of this device are stamped with, and the scheduler
/// merged grades are applied through.
pub struct Local<'a> {
    pub dir: &'a Path,
    /// The clock's offset east of UTC, in minutes: grades are stamped with
    /// it, as the review log keeps none.
    pub offset: i32,
    /// Unix seconds: when a suspend found at a sync is said to happen.
    pub now: i64,
    /// The scheduler in force (docs/design.md §11).
    pub scheduler: &'a Scheduler,
}

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads, appends and applies: what every command that syncs the notes
/// does when `shared` is set.
pub fn merge(store: &Store, local: &Local<'_>) -> Result<Exchange, ExchangeError> {
    let mut out = Exchange::default();
    if !local.dir.is_dir() {
        out.warnings.push(missing(local.dir));
        return Ok(out);
    }
    let mut me = device(store)?;
    if let Some(warning) = files::claim_own_file(store, local.dir, &me)? {
        out.warnings.push(warning);
        me = device(store)?;
    }
    let grown = files::others(store, local.dir, &me, &mut out)?;
    // This device's events first: a suspend here not yet journaled must be
    // an event before a merged mark may change the card.
    store.write(|w| -> Result<(), StoreError> {
        if w.meta_number("journal_applied")? < 1 {
            // Cards made before this database had a device id have no
            // name; from then on, cards are named as they are made (the
            // store reads the device id in each write transaction).
            outbox::name_cards(w)?;
        }
        // Graded by the scheduler the database is under now, which another
        // process may have switched since this one started (§11).
        let scheduler = grading::in_force(w, local.scheduler)?;
        let own = outbox::queue(w, &me, local, &scheduler, outbox::Scope::All)?;
        apply::apply(
            w,
            &me,
            &scheduler,
            &own.iter().collect::<Vec<_>>(),
            &mut out,
        )?;
        w.clear_suspend_changes()
    })?;
    // Then each grown file, a slice at a time (`files::read`), each slice
    // in a transaction of its own, so that joining a folder of a million
    // events holds a slice of them at a time. Applying is incremental and
    // order-free, so the slices give the state one transaction would; a
    // file's read offset is saved with each slice (a crash before it reads
    // the slice again, and its events are kept by id).
    store.with_cache(MERGE_CACHE_KIB, || -> Result<(), StoreError> {
        for mut file in grown {
            while let Some(read) = files::read(&mut file, &mut out) {
                store.write(|w| -> Result<(), StoreError> {
                    let fresh = keep_all(w, &read.events)?;
                    out.events_read += fresh.len();
                    let scheduler = grading::in_force(w, local.scheduler)?;
                    apply::apply(w, &me, &scheduler, &fresh, &mut out)?;
                    // The merge's own suspend changes, which the marks say.
                    w.clear_suspend_changes()?;
                    w.set_read_state(&read.name, read.offset, read.lines)
                })?;
                if !read.more {
                    break;
                }
            }
        }
        Ok(())
    })?;
    store.write(|w| {
        // Every review row here now has its event, this device's and those
        // just merged alike.
        w.set_meta_if_changed("journal_reviews", &w.last_review_id()?.to_string())
    })?;
    out.appended = files::flush(store, local.dir, &me, &mut out.warnings)?;
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
    let me = device(store)?;
    store.write(|w| {
        let scheduler = grading::in_force(w, local.scheduler)?;
        outbox::queue(w, &me, local, &scheduler, outbox::Scope::Review(review))
    })?;
    let mut warnings = Vec::new();
    files::flush(store, local.dir, &me, &mut warnings)?;
    Ok(warnings.into_iter().next())
}

/// This database's device id, made the first time it is asked for.
fn device(store: &Store) -> Result<DeviceId, StoreError> {
    store.write(|w| w.device())
}

fn missing(dir: &Path) -> String {
    format!(
        "the shared folder {} does not exist; nothing was exchanged, and this device's \
         progress is kept here and appended once it does",
        dir.display()
    )
}

/// Keeps an event, indexed by what a merge looks it up by. Returns whether
/// it was new.
fn keep(w: &Writer<'_>, event: &Event) -> Result<bool, StoreError> {
    let row = Kept::of(event);
    w.add_event(&row.row())
}

/// Keeps a slice of events at once (`Writer::event_batch`); returns the
/// new ones.
fn keep_all<'e>(w: &Writer<'_>, events: &'e [Event]) -> Result<Vec<&'e Event>, StoreError> {
    let mut batch = w.event_batch();
    let mut fresh = Vec::new();
    for event in events {
        if batch.add(&Kept::of(event).row())? {
            fresh.push(event);
        }
    }
    batch.finish()?;
    Ok(fresh)
}

/// An event as the store keeps it, owned.
struct Kept {
    id: String,
    line: String,
    kind: &'static str,
    card: Option<String>,
    target: Option<String>,
}

impl Kept {
    fn of(event: &Event) -> Kept {
        let (kind, card, target) = index_of(event);
        Kept {
            id: event.id.to_string(),
            line: journal::encode(event),
            kind,
            card,
            target,
        }
    }

    fn row(&self) -> EventRow<'_> {
        EventRow {
            id: &self.id,
            line: &self.line,
            kind: self.kind,
            card: self.card.as_deref(),
            target: self.target.as_deref(),
        }
    }
}

/// An event's kind as its line names it, its card (of a grade, suspend or
/// unsuspend) and the event it undoes.
fn index_of(event: &Event) -> (&'static str, Option<String>, Option<String>) {
    use journal::Body;
    match &event.body {
        Body::Grade { card, .. } => ("grade", Some(card.to_string()), None),
        Body::Suspend { card, .. } => ("suspend", Some(card.to_string()), None),
        Body::Unsuspend { card, .. } => ("unsuspend", Some(card.to_string()), None),
        Body::Undo { event } => ("undo", None, Some(event.to_string())),
        Body::Identity { .. } => ("identity", None, None),
    }
}
