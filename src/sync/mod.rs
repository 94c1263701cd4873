//! `sync`: bringing the stored cards up to date with the notes
//! (docs/design.md §3). Reads only the files whose size or modification time
//! changed, has `plan` decide what becomes of each card, and applies the
//! plans in one transaction, counting them into the report as it goes.

pub mod plan;

use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::sync::mpsc;

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
    /// How many cards the files read left out, by rule (docs/design.md
    /// §14.2): `reference section`, `link list`, … Files not read (as
    /// unchanged) are not counted; `recall lint` counts every file.
    pub left_out: std::collections::BTreeMap<&'static str, usize>,
    /// Each card left out, for `--verbose`: `FILE:LINE: RULE "TEXT"`.
    #[serde(skip)]
    pub skips: Vec<String>,
}

impl Report {
    /// Whether the cards changed at all.
    pub fn any_change(&self) -> bool {
        self.added + self.changed + self.moved + self.renamed + self.retired + self.revived > 0
    }

    /// Counts what `plan` does into the report.
    fn tally(&mut self, plan: &Plan) {
        self.added += plan.added.len();
        self.retired += plan.retired.len();
        for m in &plan.matched {
            let count = match m.outcome {
                Outcome::Unchanged => &mut self.unchanged,
                Outcome::Changed => &mut self.changed,
                Outcome::Moved => &mut self.moved,
                Outcome::Renamed => &mut self.renamed,
                Outcome::Revived => &mut self.revived,
            };
            *count += 1;
        }
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
    #[error(
        "the database counts {live} live cards but {planned} were found in the decks being \
         synced; run `recall check`"
    )]
    Miscount { live: usize, planned: usize },
}

/// A file whose content is to be matched again.
struct Read {
    deck: String,
    state: FileState,
    /// `None` when the content is byte-for-byte what was synced last time.
    /// Numbered on the reading thread, so the writing one only writes.
    drafts: Option<Vec<Incoming>>,
    /// A `recall` front matter key that is not a boolean, worded to warn.
    front_matter: Option<String>,
    /// What the generator left out (docs/design.md §14.2).
    skips: Vec<cards::Skip>,
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
        let walk = scope.spawn(|| notes::find(root, &options.scope));
        store.write(|w| {
            let known = store.file_states()?;
            let last_fingerprint = store.meta(GENERATOR_KEY)?;
            let notes::Found {
                files,
                errors: walk_errors,
                warnings,
            } = walk
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                .map_err(SyncError::Notes)?;
            let mut report = plan_and_apply(
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
            )?;
            report.warnings.splice(0..0, warnings);
            Ok(report)
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Unix seconds, stamped on new cards.
    pub now: i64,
    /// What the card generator makes of the notes.
    pub cards: cards::Options,
    /// Which notes files are study notes, besides hidden names and ignore
    /// files (docs/design.md §13). A file that leaves the scope is gone
    /// from the walk, so its cards retire like a deleted file's.
    pub scope: notes::Scope,
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

    // A file or folder the walk could not read hides its decks: they are
    // not gone, only out of sight (an unmounted drive behind a symlink, a
    // folder without permission, the notes folder itself). Their cards stay
    // as they are, as the error says.
    let hidden: Vec<String> = walk_errors
        .iter()
        .filter_map(|e| e.path.strip_prefix(root).ok())
        .map(cards::deck_name)
        .collect();
    let is_hidden = |deck: &str| {
        hidden.iter().any(|h| {
            h.is_empty()
                || deck == h
                || deck
                    .strip_prefix(h.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    };
    report
        .files_failed
        .extend(walk_errors.into_iter().map(FailedFile::from));

    // Which files changed by size or time, and which vanished, tells which
    // decks' stored cards the sync may touch.
    let (paired, gone) = pair_with_known(&files, &known);
    let (changed, skipped) = select_changed(paired, reread);
    report.files_skipped = skipped;
    let vanished: Vec<&str> = gone.into_iter().filter(|deck| !is_hidden(deck)).collect();
    let mut candidates: Vec<&str> = vanished.clone();
    candidates.extend(changed.iter().map(|(f, _)| f.deck.as_str()));

    // With no live card stored for any of those decks (a first sync, new
    // files), a file planned against its own deck's cards gets its part of
    // the whole plan (see `plan::plan`). Then files stream through, each
    // planned and written as it comes from the reading thread, and memory
    // stays flat however many there are.
    let batches = match store.any_live_card(&candidates)? {
        true => Batches::Whole,
        false => Batches::PerFile,
    };
    let live_before = store.live_count()? as usize;
    let apply = Apply {
        w,
        now: options.now,
        dry_run,
    };
    let work = Work {
        changed: &changed,
        candidates: &candidates,
        vanished: &vanished,
    };
    let live_planned = read_plan_apply(
        store,
        &apply,
        &work,
        batches,
        &options.cards,
        progress,
        &mut report,
    )?;
    for deck in &vanished {
        apply.forget_file(deck)?;
    }
    // The live cards no plan was given stay as they were.
    report.unchanged += live_before
        .checked_sub(live_planned)
        .ok_or(SyncError::Miscount {
            live: live_before,
            planned: live_planned,
        })?;
    if !dry_run && last_fingerprint.as_deref() != Some(fingerprint.as_str()) {
        w.set_meta(GENERATOR_KEY, &fingerprint)?;
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

/// A file found now, with its state at the last sync if it is to be trusted.
type Paired<'a> = (&'a NoteFile, Option<FileState>);

/// Keeps the files to read: new ones, and those whose size or time changed
/// (every one when `reread`). Returns them with how many were skipped.
fn select_changed(paired: Vec<Paired<'_>>, reread: bool) -> (Vec<Paired<'_>>, usize) {
    let mut changed = Vec::with_capacity(paired.len());
    let mut skipped = 0;
    for (file, last) in paired {
        let last = last.filter(|_| !reread);
        match last {
            Some(k) if k.size == file.size && k.mtime_ns == file.mtime_ns => skipped += 1,
            _ => changed.push((file, last)),
        }
    }
    (changed, skipped)
}

/// How the drafts of the files read are cut into plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Batches {
    /// One plan for everything read: drafts may match cards of any deck.
    Whole,
    /// One plan per file, made and written as the file comes in: only when
    /// no deck concerned holds a live card, so nothing can match across decks.
    PerFile,
}

/// What a sync works on.
struct Work<'s, 'f> {
    /// The files to read, with their state at the last sync.
    changed: &'s [Paired<'f>],
    /// The decks whose stored cards the sync may touch: those of `changed`
    /// and `vanished`.
    candidates: &'s [&'f str],
    /// The decks whose file is gone.
    vanished: &'s [&'f str],
}

/// One file read by the reading thread, or why it could not be.
type Received<'f> = (&'f NoteFile, Result<Read, FileError>);

/// Reads the changed files on a second thread, plans their drafts against
/// the stored cards in `batches`, and applies each plan. Returns how many
/// live stored cards the plans were given: every other live card is left
/// as it was.
fn read_plan_apply(
    store: &Store,
    apply: &Apply<'_, '_>,
    work: &Work<'_, '_>,
    batches: Batches,
    generator: &cards::Options,
    progress: &mut dyn FnMut(usize, usize),
    report: &mut Report,
) -> Result<usize, StoreError> {
    let changed = work.changed;
    std::thread::scope(|scope| {
        // Drafts written come back to be freed on the thread that made
        // them: memory freed by another thread is slow to give back.
        let (recycle, used) = mpsc::channel::<Vec<Incoming>>();
        let receiver = match batches {
            // A short queue: only a few files' drafts wait in memory.
            Batches::PerFile => {
                let (sender, receiver) = mpsc::sync_channel(64);
                scope.spawn(move || {
                    read_files(changed, generator, |r| sender.send(r).is_ok(), &used)
                });
                receiver
            }
            Batches::Whole => {
                let (sender, receiver) = mpsc::channel();
                scope.spawn(move || {
                    read_files(changed, generator, |r| sender.send(r).is_ok(), &used)
                });
                receiver
            }
        };
        // Read while the other thread parses.
        let stored = store.cards_of_decks(work.candidates)?;
        let total = changed.len();
        match batches {
            Batches::PerFile => {
                let mut stored = stored;
                stored.sort_by(|a, b| a.deck.cmp(&b.deck));
                let mut live_planned = 0;
                receive(receiver, total, progress, report, |read, report| {
                    if let Some(incoming) = read.drafts {
                        let stored = cards_of_deck(&stored, &read.deck);
                        live_planned += live(stored);
                        apply.plan(&plan::plan(&incoming, stored), &incoming, report)?;
                        let _ = recycle.send(incoming);
                    }
                    apply.save_file(&read.deck, read.state)
                })?;
                Ok(live_planned)
            }
            Batches::Whole => {
                let mut reads = Vec::new();
                receive(receiver, total, progress, report, |read, _| {
                    reads.push(read);
                    Ok(())
                })?;
                let mut incoming = Vec::new();
                let mut touched: HashSet<&str> = work.vanished.iter().copied().collect();
                for read in &mut reads {
                    if let Some(drafts) = read.drafts.take() {
                        touched.insert(&read.deck);
                        incoming.extend(drafts);
                    }
                }
                // Decks whose file was read but is byte-for-byte as before
                // keep their cards as they are.
                let stored: Vec<CardRow> = stored
                    .into_iter()
                    .filter(|c| touched.contains(c.deck.as_str()))
                    .collect();
                apply.plan(&plan::plan(&incoming, &stored), &incoming, report)?;
                for read in &reads {
                    apply.save_file(&read.deck, read.state)?;
                }
                Ok(live(&stored))
            }
        }
    })
}

/// The reading thread: reads, parses and numbers each changed file, and
/// hands it over with `send` until that fails.
fn read_files<'f>(
    changed: &[Paired<'f>],
    generator: &cards::Options,
    send: impl Fn(Received<'f>) -> bool,
    used: &mpsc::Receiver<Vec<Incoming>>,
) {
    for (file, last) in changed {
        if !send((file, read_changed(file, last.as_ref(), generator))) {
            break;
        }
        while let Ok(written) = used.try_recv() {
            drop(written);
        }
    }
}

/// Takes each file from the reading thread in turn: counts it in the
/// report as read or failed, warns of its repeated questions, and hands
/// what was read to `each`.
fn receive(
    receiver: mpsc::Receiver<Received<'_>>,
    total: usize,
    progress: &mut dyn FnMut(usize, usize),
    report: &mut Report,
    mut each: impl FnMut(Read, &mut Report) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    for (done, (file, read)) in receiver.into_iter().enumerate() {
        progress(done, total);
        match read {
            Ok(read) => {
                report.files_read += 1;
                report.read.push(file.path.display().to_string());
                if let Some(incoming) = &read.drafts {
                    warn_duplicates(incoming, &file.path, &mut report.warnings);
                }
                report.warnings.extend(read.front_matter.clone());
                for skip in &read.skips {
                    *report.left_out.entry(skip.rule.as_str()).or_default() += 1;
                    report.skips.push(skip.describe(&file.path));
                }
                each(read, report)?;
            }
            Err(e) => report.files_failed.push(e.into()),
        }
    }
    progress(total, total);
    Ok(())
}

/// The cards of `deck` among `stored`, sorted by deck.
fn cards_of_deck<'s>(stored: &'s [CardRow], deck: &str) -> &'s [CardRow] {
    let start = stored.partition_point(|c| c.deck.as_str() < deck);
    let len = stored[start..].partition_point(|c| c.deck == deck);
    &stored[start..start + len]
}

/// How many of `stored` are live.
fn live(stored: &[CardRow]) -> usize {
    stored.iter().filter(|c| !c.retired).count()
}

/// The one place a sync writes: each plan, counted into the report as it is
/// applied, and the state of each file. A dry run counts and writes nothing.
struct Apply<'w, 'c> {
    w: &'w Writer<'c>,
    /// Unix seconds, stamped on new cards.
    now: i64,
    dry_run: bool,
}

impl Apply<'_, '_> {
    /// Counts and writes `plan`, made from `incoming`.
    fn plan(
        &self,
        plan: &Plan,
        incoming: &[Incoming],
        report: &mut Report,
    ) -> Result<(), StoreError> {
        report.tally(plan);
        if self.dry_run {
            return Ok(());
        }
        let new = |d: usize| NewCard {
            draft: &incoming[d].draft,
            ordinal: incoming[d].ordinal,
        };
        for m in plan.matched.iter().filter(|m| m.needs_write) {
            let mark_changed = matches!(m.outcome, Outcome::Changed | Outcome::Renamed);
            self.w.update_card(
                m.id,
                &new(m.draft),
                mark_changed,
                m.outcome.name(),
                self.now,
            )?;
        }
        for &d in &plan.added {
            self.w.insert_card(&new(d), self.now)?;
        }
        for &id in &plan.retired {
            self.w.retire_card(id)?;
        }
        Ok(())
    }

    /// Records what a file read was, so that it is not read again unchanged.
    fn save_file(&self, deck: &str, state: FileState) -> Result<(), StoreError> {
        match self.dry_run {
            true => Ok(()),
            false => self.w.save_file(deck, state),
        }
    }

    /// Forgets a file that is gone.
    fn forget_file(&self, deck: &str) -> Result<(), StoreError> {
        match self.dry_run {
            true => Ok(()),
            false => self.w.forget_file(deck),
        }
    }
}

/// Reads a file whose size or time changed; `known` is what the last sync
/// saw, so a file touched but not edited is not parsed again.
fn read_changed(
    file: &NoteFile,
    known: Option<&FileState>,
    options: &cards::Options,
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
            front_matter: None,
            skips: Vec::new(),
        });
    }
    let text = notes::decode(bytes).map_err(fail)?;
    let generated = cards::generate_with(&file.deck, &text, options);
    Ok(Read {
        deck: file.deck.clone(),
        state,
        drafts: Some(plan::number(generated.drafts)),
        front_matter: cards::front_matter::warning(&text, &file.path.display().to_string()),
        skips: generated.skips,
    })
}

/// One warning per question that the file at `path`, giving `incoming`,
/// repeats under the same context.
fn warn_duplicates(incoming: &[Incoming], path: &Path, warnings: &mut Vec<String>) {
    let mut warned = HashSet::new();
    for i in incoming.iter().filter(|i| i.ordinal > 0) {
        if warned.insert(i.draft.question.as_str()) {
            warnings.push(format!(
                "{}:{}: the question {:?} appears more than once under the same heading; \
                 its cards are told apart by their order",
                path.display(),
                i.draft.line,
                i.draft.question
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

    #[test]
    fn only_files_whose_size_or_time_changed_are_read_and_the_rest_counted_skipped() {
        let files = [file("same", 1), file("grown", 5), file("new", 2)];
        let touched = NoteFile {
            mtime_ns: 9,
            ..file("touched", 3)
        };
        let paired = vec![
            (&files[0], Some(state(1))),
            (&files[1], Some(state(4))),
            (&files[2], None),
            (&touched, Some(state(3))),
        ];
        let (changed, skipped) = select_changed(paired.clone(), false);
        let decks: Vec<&str> = changed.iter().map(|(f, _)| f.deck.as_str()).collect();
        assert_eq!(decks, ["grown", "new", "touched"]);
        assert_eq!(skipped, 1);
        // The last state stays with a file read again, so an unedited one
        // is known by its hash.
        assert_eq!(changed[0].1, Some(state(4)));
    }

    #[test]
    fn other_generator_options_read_every_file_as_if_new() {
        let files = [file("same", 1), file("new", 2)];
        let paired = vec![(&files[0], Some(state(1))), (&files[1], None)];
        let (changed, skipped) = select_changed(paired, true);
        assert_eq!(changed.len(), 2);
        assert!(changed.iter().all(|(_, last)| last.is_none()));
        assert_eq!(skipped, 0);
    }

    fn card(id: i64, deck: &str) -> CardRow {
        CardRow {
            id,
            deck: deck.to_string(),
            kind: cards::Kind::List,
            ordinal: 0,
            context: Vec::new(),
            question: format!("Q{id}"),
            answer: vec!["a".to_string()],
            context_md: Vec::new(),
            question_md: format!("Q{id}"),
            answer_md: vec!["a".to_string()],
            lead: Vec::new(),
            details: Vec::new(),
            line: 1,
            family_line: 1,
            retired: true,
            suspended: false,
            changed: false,
        }
    }

    #[test]
    fn a_deck_gets_its_own_cards_and_no_prefix_of_its_name() {
        let stored = [
            card(1, "a"),
            card(2, "rust"),
            card(3, "rust"),
            card(4, "rust/traits"),
        ];
        let ids =
            |deck| -> Vec<i64> { cards_of_deck(&stored, deck).iter().map(|c| c.id).collect() };
        assert_eq!(ids("rust"), [2, 3]);
        assert_eq!(ids("rust/traits"), [4]);
        assert_eq!(ids("a"), [1]);
        assert!(ids("go").is_empty());
        assert!(cards_of_deck(&[], "rust").is_empty());
    }

    #[test]
    fn live_counts_only_cards_not_retired() {
        let live_card = CardRow {
            retired: false,
            ..card(2, "a")
        };
        assert_eq!(live(&[card(1, "a"), live_card]), 1);
    }

    #[test]
    fn report_counts_each_outcome_of_a_plan_and_adds_up_plans() {
        let m = |id, outcome| plan::Match {
            id,
            draft: id as usize,
            outcome,
            needs_write: true,
        };
        let plan = Plan {
            matched: vec![
                m(1, Outcome::Unchanged),
                m(2, Outcome::Changed),
                m(3, Outcome::Moved),
                m(4, Outcome::Renamed),
                m(5, Outcome::Revived),
                m(6, Outcome::Unchanged),
            ],
            added: vec![7, 8, 9],
            retired: vec![10, 11],
        };
        let mut report = Report::default();
        report.tally(&plan);
        report.tally(&Plan {
            added: vec![0],
            ..Plan::default()
        });
        let counts = (
            report.added,
            report.changed,
            report.moved,
            report.renamed,
            report.retired,
            report.revived,
            report.unchanged,
        );
        assert_eq!(counts, (4, 1, 1, 1, 2, 1, 2));
        assert!(report.any_change());
    }
}
