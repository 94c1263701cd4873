//! `sync`: bringing the stored cards up to date with the notes. Reads only
//! the files whose size or modification time changed, plans the matching
//! (`plan`), and applies it in one transaction.

pub mod plan;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use crate::cards;
use crate::notes::{self, FileError, NoteFile};
use crate::store::{CardRow, FileState, NewCard, Store, StoreError, Writer};

pub use plan::{Incoming, Outcome, Plan};

/// What a sync did (or, for a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    pub added: usize,
    pub changed: usize,
    pub moved: usize,
    pub renamed: usize,
    pub retired: usize,
    pub revived: usize,
    pub unchanged: usize,
    pub files_read: usize,
    pub files_skipped: usize,
    pub files_failed: Vec<FailedFile>,
    #[serde(skip)]
    pub warnings: Vec<String>,
    /// The files that were read, for `--verbose`.
    #[serde(skip)]
    pub read: Vec<String>,
}

impl Report {
    /// Whether the cards changed at all.
    pub fn any_change(&self) -> bool {
        self.added + self.changed + self.moved + self.renamed + self.retired + self.revived > 0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FailedFile {
    pub file: String,
    pub error: String,
}

impl From<FileError> for FailedFile {
    fn from(e: FileError) -> FailedFile {
        FailedFile {
            file: e.path.display().to_string(),
            error: e.message,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Notes(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A file whose content is to be matched again.
struct Read {
    deck: String,
    state: FileState,
    /// `None` when the content is byte-for-byte what was synced last time.
    drafts: Option<Vec<cards::Draft>>,
}

/// Syncs the notes under `root` into `store`. The whole sync, from reading
/// the files seen last time to writing the result, holds the write lock, so
/// two syncs at once cannot both add the same card.
pub fn sync(
    store: &Store,
    root: &Path,
    options: &Options,
    dry_run: bool,
) -> Result<Report, SyncError> {
    sync_with_progress(store, root, options, dry_run, &mut |_, _| {})
}

/// `sync`, telling `progress(files checked, files found)` as it goes.
pub fn sync_with_progress(
    store: &Store,
    root: &Path,
    options: &Options,
    dry_run: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Report, SyncError> {
    notes::check_root(root).map_err(SyncError::Notes)?;
    // The walk's one stat per file is most of a sync that finds nothing to
    // read, so it runs while this thread reads what the last sync saw.
    std::thread::scope(|scope| {
        let walk = scope.spawn(|| notes::find(root));
        store.write(|w| {
            let known = store.file_states()?;
            let last_fingerprint = store.meta(GENERATOR_KEY)?;
            let (files, walk_errors) = walk
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                .map_err(SyncError::Notes)?;
            plan_and_apply(
                store,
                w,
                root,
                Seen {
                    files,
                    walk_errors,
                    known,
                    last_fingerprint,
                },
                options,
                dry_run,
                progress,
            )
        })
    })
}

/// What a sync starts from: the notes files as found now, and the files and
/// generator options as the last sync saw them.
struct Seen {
    files: Vec<NoteFile>,
    walk_errors: Vec<FileError>,
    known: Vec<(String, FileState)>,
    last_fingerprint: Option<String>,
}

/// How a sync runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Unix seconds, stamped on new cards.
    pub now: i64,
    /// What the card generator makes of the notes.
    pub cards: cards::Options,
}

/// The `meta` key holding the generator options of the last sync.
const GENERATOR_KEY: &str = "generator";

fn plan_and_apply(
    store: &Store,
    w: &Writer<'_>,
    root: &Path,
    seen: Seen,
    options: &Options,
    dry_run: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Report, SyncError> {
    let Seen {
        files,
        walk_errors,
        known,
        last_fingerprint,
    } = seen;
    // Other generator options give other cards: every file is read again.
    let fingerprint = options.cards.fingerprint();
    let reread = last_fingerprint
        .as_deref()
        .is_some_and(|last| last != fingerprint);
    let mut report = Report::default();

    // Folders that could not be listed hide their files: those decks are
    // not gone, only out of sight.
    let hidden: Vec<String> = walk_errors
        .iter()
        .filter_map(|e| e.path.strip_prefix(root).ok())
        .map(|p| format!("{}/", cards::deck_name(p)))
        .collect();
    report
        .files_failed
        .extend(walk_errors.into_iter().map(FailedFile::from));

    // Which files changed by size or time, and which vanished, tells which
    // decks' stored cards the sync may touch.
    let (paired, gone) = pair_with_known(&files, &known);
    let changed: Vec<(&NoteFile, Option<FileState>)> = paired
        .into_iter()
        .map(|(file, last)| (file, last.filter(|_| !reread)))
        .filter(|(f, last)| last.is_none_or(|k| k.size != f.size || k.mtime_ns != f.mtime_ns))
        .collect();
    report.files_skipped = files.len() - changed.len();
    let vanished: Vec<&str> = gone
        .into_iter()
        .filter(|deck| !hidden.iter().any(|h| deck.starts_with(h)))
        .collect();
    let mut candidates: Vec<&str> = vanished.clone();
    candidates.extend(changed.iter().map(|(f, _)| f.deck.as_str()));

    // With no live card stored for any of those decks (a first sync, new
    // files), nothing can be matched, moved or retired: every draft is new
    // or revives a retired card. Then files stream through, parsed on a
    // second thread while this one writes, and memory stays flat.
    if !store.any_live_card(&candidates)? {
        let stored = store.cards_of_decks(&candidates)?;
        let live_before = store.live_count()? as usize;
        stream_new(
            w,
            &changed,
            &stored,
            options,
            dry_run,
            progress,
            &mut report,
        )?;
        for deck in vanished.iter().filter(|_| !dry_run) {
            w.forget_file(deck)?;
        }
        report.unchanged = live_before;
    } else {
        plan_and_write(
            store,
            w,
            &files,
            &changed,
            &candidates,
            &vanished,
            options,
            dry_run,
            progress,
            &mut report,
        )?;
    }
    if !dry_run && last_fingerprint.as_deref() != Some(fingerprint) {
        w.set_meta(GENERATOR_KEY, fingerprint)?;
    }
    Ok(report)
}

/// Pairs each file found with its state at the last sync, and lists the
/// decks seen then whose file is gone. Both lists are sorted by deck, so one
/// pass over them does it, without hashing every name.
fn pair_with_known<'a>(
    files: &'a [NoteFile],
    known: &'a [(String, FileState)],
) -> (Vec<(&'a NoteFile, Option<FileState>)>, Vec<&'a str>) {
    let mut paired = Vec::with_capacity(files.len());
    let mut gone = Vec::new();
    let mut known = known.iter().peekable();
    for file in files {
        while let Some((deck, _)) = known.next_if(|(deck, _)| *deck < file.deck) {
            gone.push(deck.as_str());
        }
        let last = known.next_if(|(deck, _)| *deck == file.deck);
        paired.push((file, last.map(|(_, state)| *state)));
    }
    gone.extend(known.map(|(deck, _)| deck.as_str()));
    (paired, gone)
}

/// The sync of files whose decks hold live cards: read every changed file,
/// match its drafts with the stored cards (`plan`), and write the plan.
#[allow(clippy::too_many_arguments)]
fn plan_and_write(
    store: &Store,
    w: &Writer<'_>,
    files: &[NoteFile],
    changed: &[(&NoteFile, Option<FileState>)],
    candidates: &[&str],
    vanished: &[&str],
    options: &Options,
    dry_run: bool,
    progress: &mut dyn FnMut(usize, usize),
    report: &mut Report,
) -> Result<(), StoreError> {
    // The files are read and parsed on a second thread while this one
    // reads the cards stored for their decks.
    let generator = options.cards;
    let (mut reads, stored) = std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::channel();
        scope.spawn(move || {
            for (file, last) in changed {
                let read = read_changed(file, last.as_ref(), generator);
                if sender.send((file, read)).is_err() {
                    break;
                }
            }
        });
        let stored = store.cards_of_decks(candidates)?;
        let mut reads = Vec::new();
        for (done, (file, read)) in receiver.into_iter().enumerate() {
            progress(done, changed.len());
            match read {
                Ok(read) => {
                    report.files_read += 1;
                    report.read.push(file.path.display().to_string());
                    reads.push(read);
                }
                Err(e) => report.files_failed.push(e.into()),
            }
        }
        progress(changed.len(), changed.len());
        Ok::<_, StoreError>((reads, stored))
    })?;

    let mut drafts = Vec::new();
    let mut touched: Vec<&str> = vanished.to_vec();
    for read in &mut reads {
        if let Some(generated) = read.drafts.take() {
            touched.push(&read.deck);
            drafts.extend(generated);
        }
    }
    let incoming = plan::number(drafts);
    warn_duplicates(&incoming, files, &mut report.warnings);
    // Decks whose file was read but is byte-for-byte as before keep their
    // cards as they are.
    let touched: HashSet<&str> = touched.into_iter().collect();
    let stored: Vec<_> = stored
        .into_iter()
        .filter(|c| touched.contains(c.deck.as_str()))
        .collect();
    let plan = plan::plan(&incoming, &stored);

    let live_before = store.live_count()? as usize;
    report.added = plan.added.len();
    report.changed = plan.count(Outcome::Changed);
    report.moved = plan.count(Outcome::Moved);
    report.renamed = plan.count(Outcome::Renamed);
    report.revived = plan.count(Outcome::Revived);
    report.retired = plan.retired.len();
    let live_after = live_before + report.added + report.revived - report.retired;
    report.unchanged =
        live_after - report.added - report.changed - report.moved - report.renamed - report.revived;

    if !dry_run {
        apply(w, &plan, &incoming, &reads, vanished, options.now)?;
    }
    Ok(())
}

/// The streaming sync of files whose decks hold no live card: each file is
/// read and parsed on a worker thread and its cards written here as they
/// come, new or reviving a retired card of the same deck and key.
#[allow(clippy::too_many_arguments)]
fn stream_new(
    w: &Writer<'_>,
    changed: &[(&NoteFile, Option<FileState>)],
    stored: &[CardRow],
    options: &Options,
    dry_run: bool,
    progress: &mut dyn FnMut(usize, usize),
    report: &mut Report,
) -> Result<(), StoreError> {
    let retired: HashMap<_, i64> = stored.iter().map(|c| (c.identity(), c.id)).collect();
    let generator = options.cards;
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel(64);
        // The cards written come back to be freed where they were made:
        // memory freed by another thread is slow to give back.
        let (recycle, used) = std::sync::mpsc::channel::<Vec<plan::Incoming>>();
        scope.spawn(move || {
            for (file, last) in changed {
                // Ordinals are numbered here too, so the writing thread only writes.
                let read = read_changed(file, last.as_ref(), generator)
                    .map(|r| (r.deck, r.state, r.drafts.map(plan::number)));
                if sender.send((file, read)).is_err() {
                    break;
                }
                while let Ok(written) = used.try_recv() {
                    drop(written);
                }
            }
        });
        for (done, (file, read)) in receiver.into_iter().enumerate() {
            progress(done, changed.len());
            let (deck, state, drafts) = match read {
                Ok(read) => read,
                Err(e) => {
                    report.files_failed.push(e.into());
                    continue;
                }
            };
            report.files_read += 1;
            report.read.push(file.path.display().to_string());
            if let Some(incoming) = &drafts {
                warn_duplicates(incoming, std::slice::from_ref(file), &mut report.warnings);
                for card in incoming {
                    let new = NewCard {
                        draft: &card.draft,
                        ordinal: card.ordinal,
                    };
                    let revives = match retired.is_empty() {
                        true => None,
                        false => retired.get(&card.identity()),
                    };
                    match revives {
                        Some(&id) => {
                            report.revived += 1;
                            if !dry_run {
                                w.update_card(id, &new, false)?;
                            }
                        }
                        None => {
                            report.added += 1;
                            if !dry_run {
                                w.insert_card(&new, options.now)?;
                            }
                        }
                    }
                }
            }
            if !dry_run {
                w.save_file(&deck, state)?;
            }
            if let Some(incoming) = drafts {
                let _ = recycle.send(incoming);
            }
        }
        progress(changed.len(), changed.len());
        Ok(())
    })
}

fn apply(
    w: &Writer<'_>,
    plan: &Plan,
    incoming: &[Incoming],
    reads: &[Read],
    vanished: &[&str],
    now: i64,
) -> Result<(), StoreError> {
    for m in plan.matched.iter().filter(|m| m.needs_write) {
        let new = NewCard {
            draft: &incoming[m.draft].draft,
            ordinal: incoming[m.draft].ordinal,
        };
        let mark_changed = matches!(m.outcome, Outcome::Changed | Outcome::Renamed);
        w.update_card(m.id, &new, mark_changed)?;
    }
    for &d in &plan.added {
        let new = NewCard {
            draft: &incoming[d].draft,
            ordinal: incoming[d].ordinal,
        };
        w.insert_card(&new, now)?;
    }
    for &id in &plan.retired {
        w.retire_card(id)?;
    }
    for read in reads {
        w.save_file(&read.deck, read.state)?;
    }
    for deck in vanished {
        w.forget_file(deck)?;
    }
    Ok(())
}

/// Reads a file whose size or time changed; `known` is what the last sync
/// saw, so a file touched but not edited is not parsed again.
fn read_changed(
    file: &NoteFile,
    known: Option<&FileState>,
    options: cards::Options,
) -> Result<Read, FileError> {
    let fail = |message: String| FileError {
        path: file.path.clone(),
        message,
    };
    let (size, mtime_ns) = (file.size, file.mtime_ns);
    let bytes =
        fs::read(&file.path).map_err(|e| fail(format!("cannot read: {}", notes::plain(&e))))?;
    let hash = notes::hash(&bytes);
    let state = FileState {
        size,
        mtime_ns,
        hash,
    };
    if known.is_some_and(|k| k.hash == hash) {
        return Ok(Read {
            deck: file.deck.clone(),
            state,
            drafts: None,
        });
    }
    let text = notes::decode(bytes).map_err(fail)?;
    Ok(Read {
        deck: file.deck.clone(),
        state,
        drafts: Some(cards::generate_with(&file.deck, &text, options)),
    })
}

/// One warning per file that repeats a question under the same context.
fn warn_duplicates(incoming: &[Incoming], files: &[NoteFile], warnings: &mut Vec<String>) {
    let paths: HashMap<&str, &Path> = files
        .iter()
        .map(|f| (f.deck.as_str(), f.path.as_path()))
        .collect();
    let mut warned = HashSet::new();
    for i in incoming.iter().filter(|i| i.ordinal > 0) {
        let deck = i.draft.deck.as_str();
        if warned.insert((deck, i.draft.question.as_str())) {
            let path = paths
                .get(deck)
                .map_or(deck.to_string(), |p| p.display().to_string());
            warnings.push(format!(
                "{path}:{}: the question {:?} appears more than once under the same heading; \
                 its cards are told apart by their order",
                i.draft.line, i.draft.question
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn file(deck: &str, size: u64) -> NoteFile {
        NoteFile {
            path: PathBuf::from(format!("{deck}.md")),
            deck: deck.to_string(),
            size,
            mtime_ns: 0,
        }
    }

    fn state(size: u64) -> FileState {
        FileState {
            size,
            mtime_ns: 0,
            hash: 0,
        }
    }

    #[test]
    fn files_pair_with_their_last_state_and_gone_decks_are_listed() {
        let files = [file("a", 1), file("c/x", 2), file("d", 3)];
        let known = [
            ("b".to_string(), state(9)),
            ("c/x".to_string(), state(2)),
            ("c/y".to_string(), state(4)),
            ("e".to_string(), state(5)),
        ];
        let (paired, gone) = pair_with_known(&files, &known);
        let paired: Vec<(&str, Option<u64>)> = paired
            .iter()
            .map(|(f, last)| (f.deck.as_str(), last.map(|s| s.size)))
            .collect();
        assert_eq!(paired, [("a", None), ("c/x", Some(2)), ("d", None)]);
        assert_eq!(gone, ["b", "c/y", "e"]);
    }

    #[test]
    fn nothing_known_means_every_file_is_new_and_nothing_gone() {
        let files = [file("a", 1)];
        let (paired, gone) = pair_with_known(&files, &[]);
        assert_eq!(paired.len(), 1);
        assert!(paired[0].1.is_none());
        assert!(gone.is_empty());
        let known = [("a".to_string(), state(1))];
        let (paired, gone) = pair_with_known(&[], &known);
        assert!(paired.is_empty());
        assert_eq!(gone, ["a"]);
    }
}
