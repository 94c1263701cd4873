//! Randomized convergence of progress across devices (docs/design.md §10,
//! issue 15 item 8): several devices, each with its own database and its own
//! copy of the notes, exchange only through one shared folder. Random
//! interleavings of review sessions (grades and undos), suspends, note edits
//! that reach each device's copy when they will, and exchanges must end,
//! once every device has the last notes and has exchanged, with the same
//! schedules, suspends and histories everywhere; each history exactly the
//! grades given and not undone (none lost, none doubled), each schedule
//! their replay, and all equal to a fresh device that syncs the notes and
//! merges the whole folder.
//!
//! The library calls are the commands' own: `sync::sync` then `merge` (the
//! `sync` command and a review's opening sync), `grading::record` /
//! `grading::undo` then `after_commit` (the session's backend), and
//! `set_suspended` (the `suspend` command). Time is an injected clock that
//! only moves forward; the devices sit in different time zones, so one
//! instant may be different recall days on two of them.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use chrono::{FixedOffset, TimeZone};
use proptest::prelude::*;
use tempfile::TempDir;

use super::{Exchange, Local, after_commit, merge};
use crate::clock::Clock;
use crate::grading;
use crate::scheduler::{Day, Entry, Grade, Schedule, Scheduler};
use crate::store::{NewReview, Store};

/// 2026-03-01T09:00:00Z, where every case starts.
const START: i64 = 1_772_355_600;
const DAY_STARTS_AT: u32 = 4;
/// Each device's offset east of UTC, in minutes.
const OFFSETS: [i32; 3] = [0, 540, -300];
const DECK_FILE: &str = "deck.md";

/// What happens to the notes: on the notes as the user's sync tool holds
/// them (`Notes`), reaching a device's copy only at an `Arrive`.
#[derive(Debug, Clone)]
enum Edit {
    /// A new card.
    Add,
    /// A card's section deleted: it retires where the edit arrives.
    Remove(usize),
    /// A deleted card's section put back as it was: it is revived.
    Revive(usize),
    /// A card's question reworded, its answer kept: sync's rename rule
    /// keeps its history (docs/design.md §3 rule 3).
    Rename(usize),
    /// A card's answer reworded: the same card, changed.
    Reword(usize),
}

#[derive(Debug, Clone)]
enum Step {
    /// A grade in a review session on `device`; a new session syncs and
    /// merges first, as `review` does, and ends the last one (whose grades
    /// can no longer be undone).
    Grade {
        device: usize,
        pick: usize,
        grade: u8,
        new_session: bool,
    },
    /// Takes back the session's last grade, if it has one.
    Undo {
        device: usize,
    },
    /// `suspend` or `unsuspend` of one of the device's live cards.
    Suspend {
        device: usize,
        pick: usize,
    },
    Edit(Edit),
    /// The notes as they now are reach the device's copy (not synced yet).
    Arrive {
        device: usize,
    },
    /// `recall sync` on the device: the notes, then the shared folder. It
    /// ends the device's review session, if one is open.
    Exchange {
        device: usize,
    },
}

/// A card of the notes, by a number of the test's own that renames keep.
#[derive(Debug, Clone)]
struct NoteCard {
    question: String,
    answer: String,
}

#[derive(Debug, Clone)]
struct Notes {
    cards: Vec<NoteCard>,
    /// In file order.
    live: Vec<usize>,
    removed: Vec<usize>,
}

impl Notes {
    fn text(&self) -> String {
        self.live
            .iter()
            .map(|&m| {
                format!(
                    "# {}\n- {}\n\n",
                    self.cards[m].question, self.cards[m].answer
                )
            })
            .collect()
    }
}

/// A grade given, as the test remembers it.
#[derive(Debug, Clone)]
struct Given {
    card: usize,
    at: i64,
    day: Day,
    grade: u8,
    undone: bool,
    /// The question of the card graded, as the grading device had it: the
    /// grade's event names the card by it.
    question: String,
}

struct Device {
    store: Store,
    notes: PathBuf,
    offset: i32,
    /// The open session's grades: (review id, index in `World::given`).
    session: Vec<(i64, usize)>,
    /// The open session's recall day: a session counts for the day it
    /// began on (`StoreBackend`), however long it runs.
    session_day: Option<Day>,
    _dir: TempDir,
}

struct World {
    shared: TempDir,
    devices: Vec<Device>,
    notes: Notes,
    /// Every question ever asked, to the card it belongs to: questions are
    /// never reused, so a row's question says which card it is.
    by_question: HashMap<String, usize>,
    given: Vec<Given>,
    now: i64,
    /// Files are stamped with a modification time counted by the test,
    /// so that sync sees every rewrite without the wall clock.
    writes: u64,
    renames: u32,
    /// Every question each device's cards have had at one of its syncs.
    seen: Vec<HashSet<String>>,
}

/// What a card looks like on a device, to compare devices by.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CardView {
    question: String,
    answer: Vec<String>,
    retired: bool,
    suspended: bool,
    schedule: Option<Schedule>,
    /// (time, recall day, grade), in time order.
    history: Vec<(i64, Day, u8)>,
}

fn clock(now: i64, offset: i32) -> Clock {
    let zone = FixedOffset::east_opt(offset * 60).expect("a valid offset");
    Clock {
        now: zone.timestamp_opt(now, 0).single().expect("a valid time"),
        day_starts_at: DAY_STARTS_AT,
    }
}

fn sync_options(now: i64) -> crate::sync::Options {
    crate::sync::Options {
        now,
        cards: crate::cards::Options::default(),
        scope: crate::notes::Scope::default(),
    }
}

impl World {
    fn new(devices: usize) -> World {
        let notes = Notes {
            cards: (0..3)
                .map(|n| NoteCard {
                    question: format!("Question {n}"),
                    answer: format!("Answer {n}"),
                })
                .collect(),
            live: vec![0, 1, 2],
            removed: Vec::new(),
        };
        let by_question = notes
            .cards
            .iter()
            .enumerate()
            .map(|(m, c)| (c.question.clone(), m))
            .collect();
        let mut world = World {
            shared: TempDir::new().expect("a temp dir"),
            devices: Vec::new(),
            notes,
            by_question,
            given: Vec::new(),
            now: START,
            writes: 0,
            renames: 0,
            seen: vec![HashSet::new(); devices],
        };
        for d in 0..devices {
            let device = world.device(&format!("dev{d}"), OFFSETS[d % OFFSETS.len()]);
            world.devices.push(device);
            world.arrive(d);
            world.exchange(d);
        }
        world
    }

    /// A new device whose id is `id` (a fixed one, so that a failing case
    /// replays alike: ties between events are broken by their ids).
    fn device(&self, id: &str, offset: i32) -> Device {
        let dir = TempDir::new().expect("a temp dir");
        let store = Store::open(&dir.path().join("recall.db")).expect("a database");
        store
            .write(|w| w.set_meta("device_id", id))
            .expect("the device id is kept");
        let notes = dir.path().join("notes");
        fs::create_dir(&notes).expect("a notes folder");
        Device {
            store,
            notes,
            offset,
            session: Vec::new(),
            session_day: None,
            _dir: dir,
        }
    }

    fn local(&self, d: usize) -> Local<'_> {
        Local {
            dir: self.shared.path(),
            offset: self.devices[d].offset,
            now: self.now,
            scheduler: &Scheduler::Sm2,
        }
    }

    fn write_notes(&mut self, dir: &Path) {
        let path = dir.join(DECK_FILE);
        fs::write(&path, self.notes.text()).expect("notes written");
        self.writes += 1;
        let stamp = UNIX_EPOCH + Duration::from_secs(1_700_000_000 + self.writes);
        fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(stamp))
            .expect("notes stamped");
    }

    fn arrive(&mut self, d: usize) {
        let dir = self.devices[d].notes.clone();
        self.write_notes(&dir);
    }

    /// `recall sync` on device `d`; what the merge did.
    fn exchange(&mut self, d: usize) -> Exchange {
        self.devices[d].session.clear();
        self.devices[d].session_day = None;
        let device = &self.devices[d];
        crate::sync::sync(&device.store, &device.notes, &sync_options(self.now), false)
            .expect("the notes sync");
        let questions = device.store.write(|w| w.all_cards()).expect("the cards");
        self.seen[d].extend(questions.into_iter().map(|c| c.question));
        let exchange = merge(&device.store, &self.local(d)).expect("the merge");
        assert!(
            exchange.errors.is_empty() && exchange.warnings.is_empty(),
            "{exchange:?}"
        );
        exchange
    }

    fn step(&mut self, step: &Step) {
        match *step {
            Step::Grade {
                device,
                pick,
                grade,
                new_session,
            } => self.grade(device, pick, grade, new_session),
            Step::Undo { device } => self.undo(device),
            Step::Suspend { device, pick } => self.suspend(device, pick),
            Step::Edit(ref edit) => self.edit(edit),
            Step::Arrive { device } => self.arrive(device),
            Step::Exchange { device } => {
                self.exchange(device);
            }
        }
    }

    fn grade(&mut self, d: usize, pick: usize, grade: u8, new_session: bool) {
        if new_session {
            self.exchange(d);
        }
        let today = clock(self.now, self.devices[d].offset).today();
        let day = *self.devices[d].session_day.get_or_insert(today);
        let device = &self.devices[d];
        let mut ids: Vec<i64> = device
            .store
            .due_rows(today)
            .expect("due cards")
            .into_iter()
            .map(|r| r.id)
            .collect();
        ids.sort_unstable();
        device
            .store
            .each_new_row(|r| {
                ids.push(r.id);
                true
            })
            .expect("new cards");
        if ids.is_empty() {
            return;
        }
        let card_id = ids[pick % ids.len()];
        let card = device.store.card(card_id).expect("a card").expect("a card");
        let review = NewReview {
            card_id,
            at: self.now,
            day,
            grade: Grade::new(grade).expect("a grade 0-5"),
            millis: 1_000,
            due_offset: None,
        };
        let id = device
            .store
            .write(|w| grading::record(w, &Scheduler::Sm2, &review))
            .expect("the grade is recorded");
        let warning = after_commit(&device.store, &self.local(d), Some(id)).expect("journaled");
        assert_eq!(warning, None);
        self.given.push(Given {
            card: self.by_question[&card.card.question],
            at: self.now,
            day,
            grade,
            undone: false,
            question: card.card.question.clone(),
        });
        let given = self.given.len() - 1;
        self.devices[d].session.push((id, given));
    }

    fn undo(&mut self, d: usize) {
        let Some((review, given)) = self.devices[d].session.pop() else {
            return;
        };
        let store = &self.devices[d].store;
        let card = store
            .write(|w| grading::undo(w, &Scheduler::Sm2, review))
            .expect("the undo is recorded");
        assert!(card.is_some(), "the session's last grade is in the log");
        let warning = after_commit(store, &self.local(d), None).expect("journaled");
        assert_eq!(warning, None);
        self.given[given].undone = true;
    }

    fn suspend(&mut self, d: usize, pick: usize) {
        let store = &self.devices[d].store;
        let mut live: Vec<_> = store
            .write(|w| w.all_cards())
            .expect("the cards")
            .into_iter()
            .filter(|c| !c.retired)
            .collect();
        live.sort_by_key(|c| c.id);
        if live.is_empty() {
            return;
        }
        let card = &live[pick % live.len()];
        store
            .write(|w| w.set_suspended(card.id, !card.suspended))
            .expect("suspended");
    }

    fn edit(&mut self, edit: &Edit) {
        let notes = &mut self.notes;
        match *edit {
            Edit::Add => {
                let m = notes.cards.len();
                let card = NoteCard {
                    question: format!("Question {m}"),
                    answer: format!("Answer {m}"),
                };
                self.by_question.insert(card.question.clone(), m);
                notes.cards.push(card);
                notes.live.push(m);
            }
            Edit::Remove(pick) if !notes.live.is_empty() => {
                let m = notes.live.remove(pick % notes.live.len());
                notes.removed.push(m);
            }
            Edit::Revive(pick) if !notes.removed.is_empty() => {
                let m = notes.removed.remove(pick % notes.removed.len());
                notes.live.push(m);
            }
            Edit::Rename(pick) if !notes.live.is_empty() => {
                let m = notes.live[pick % notes.live.len()];
                self.renames += 1;
                let question = format!("Question {m} (renamed {})", self.renames);
                self.by_question.insert(question.clone(), m);
                notes.cards[m].question = question;
            }
            Edit::Reword(pick) if !notes.live.is_empty() => {
                let m = notes.live[pick % notes.live.len()];
                notes.cards[m].answer.push_str(" more");
            }
            _ => {}
        }
    }

    /// Every card on device `d`, by question.
    fn cards(&self, d: usize) -> Vec<CardView> {
        let store = &self.devices[d].store;
        cards_of(store)
    }

    /// The grades of test card `m` given and not undone, in time order.
    fn expected_history(&self, m: usize) -> Vec<(i64, Day, u8)> {
        let mut history: Vec<_> = self
            .given
            .iter()
            .filter(|g| g.card == m && !g.undone)
            .map(|g| (g.at, g.day, g.grade))
            .collect();
        history.sort_unstable();
        history
    }
}

fn cards_of(store: &Store) -> Vec<CardView> {
    let mut rows = store.write(|w| w.all_cards()).expect("the cards");
    rows.sort_by(|a, b| (&a.question, a.retired, a.id).cmp(&(&b.question, b.retired, b.id)));
    rows.into_iter()
        .map(|row| {
            let state = store.card(row.id).expect("a card").expect("a card");
            let history = store
                .reviews_of(row.id)
                .expect("the log")
                .into_iter()
                .map(|r| (r.at, r.day, r.grade.value()))
                .collect();
            CardView {
                question: row.question.clone(),
                answer: row.answer.clone(),
                retired: row.retired,
                suspended: row.suspended,
                schedule: state.schedule(),
                history,
            }
        })
        .collect()
}

/// The schedule a history replays to.
fn replayed(history: &[(i64, Day, u8)]) -> Option<Schedule> {
    let entries = history
        .iter()
        .enumerate()
        .map(|(i, &(at, day, grade))| Entry {
            id: i as i64,
            at,
            day,
            grade: Grade::new(grade).expect("a grade 0-5"),
            due_offset: None,
        });
    Scheduler::Sm2.replay(entries).progress.map(|p| p.schedule)
}

/// Plays `steps`, `advance` seconds apart, on `devices` devices; then the
/// last notes reach every device, every device exchanges until nothing
/// changes, and the end state is checked.
fn run(devices: usize, steps: &[(Step, u32)]) {
    let mut world = World::new(devices);
    for (step, advance) in steps {
        world.now += i64::from(*advance);
        world.step(step);
    }
    world.now += 3_600;
    for d in 0..devices {
        world.arrive(d);
    }
    for _round in 0..2 {
        for d in 0..devices {
            world.exchange(d);
        }
    }
    let ends: Vec<Vec<CardView>> = (0..devices).map(|d| world.cards(d)).collect();
    // Merging again changes nothing (docs/design.md §10: idempotent).
    world.now += 60;
    for (d, end) in ends.iter().enumerate() {
        let again = world.exchange(d);
        assert_eq!(
            (again.events_read, again.grades_merged, again.appended),
            (0, 0, 0),
            "device {d} still had something to exchange: {again:?}"
        );
        assert_eq!(
            &world.cards(d),
            end,
            "device {d} changed when merging again"
        );
    }

    // Every card on every device, live or retired: the schedule its own
    // history replays to; and each test card's rows together hold only
    // grades given to it and not undone, each once, and among them every one
    // given under a question this device's cards have had.
    //
    // A test card has several rows on a device when a rename reached it as
    // a new card: its row was retired when the renamed notes came, or the
    // question and the answer changed in one arrival, which sync's rules
    // make a retired card and an added one (docs/design.md §3: rule 3 needs
    // a live card and the same answer, rule 4 the same identity). The
    // journal joins the two only if some device's sync saw the rename as a
    // rename (its identity event, docs/design.md §10); then every grade
    // goes to the union's card, the live one, and the retired row is left
    // with none. If no device did, the rows are two cards everywhere, each
    // keeping the grades given to it, and a grade given under a question
    // that never reached this device stays pending here (docs/design.md
    // §10: events for unknown cards wait). The live cards, compared below
    // with every device and with the reference, hold the same grades
    // everywhere.
    for (d, end) in ends.iter().enumerate() {
        let mut held: HashMap<usize, Vec<(i64, Day, u8)>> = HashMap::new();
        for card in end {
            let m = world.by_question[&card.question];
            held.entry(m).or_default().extend(&card.history);
            assert_eq!(
                card.schedule,
                replayed(&card.history),
                "device {d}, card {:?}: schedule differs from the replay of its grades",
                card.question
            );
        }
        for (m, mut history) in held {
            history.sort_unstable();
            let want = world.expected_history(m);
            let placeable: Vec<_> = world
                .given
                .iter()
                .filter(|g| g.card == m && !g.undone && world.seen[d].contains(&g.question))
                .map(|g| (g.at, g.day, g.grade))
                .collect();
            let mut once = history.clone();
            once.dedup();
            assert!(
                once == history && history.iter().all(|h| want.contains(h)),
                "device {d}, test card {m}: its rows hold {history:?}, not only grades given \
                 to it and not undone, each once: {want:?}"
            );
            assert!(
                placeable.iter().all(|h| history.contains(h)),
                "device {d}, test card {m}: its rows hold {history:?}, missing some of the \
                 grades given under a question this device has had: {placeable:?}"
            );
        }
        let problems = grading::check(&world.devices[d].store, &Scheduler::Sm2).expect("checked");
        assert!(problems.is_empty(), "device {d}: {problems:?}");
        let problems = super::verify(&world.devices[d].store).expect("verified");
        assert!(
            problems.is_empty(),
            "device {d} against the journal: {problems:?}"
        );
    }

    // The live cards alike everywhere, suspends included, and alike on a
    // device that saw every grade only through the folder.
    let reference = world.device("reference", 0);
    world.write_notes(&reference.notes.clone());
    crate::sync::sync(
        &reference.store,
        &reference.notes,
        &sync_options(world.now),
        false,
    )
    .expect("the notes sync");
    let local = Local {
        dir: world.shared.path(),
        offset: 0,
        now: world.now,
        scheduler: &Scheduler::Sm2,
    };
    let merged = merge(&reference.store, &local).expect("the merge");
    assert!(merged.errors.is_empty(), "{merged:?}");
    let live = |cards: &[CardView]| -> Vec<CardView> {
        cards.iter().filter(|c| !c.retired).cloned().collect()
    };
    let want = live(&cards_of(&reference.store));
    assert_eq!(
        want.len(),
        world.notes.live.len(),
        "the reference has every card of the notes"
    );
    for (d, end) in ends.iter().enumerate() {
        assert_eq!(live(end), want, "device {d} differs from the reference");
    }
}

fn step(devices: usize, renames: bool) -> impl Strategy<Value = Step> {
    let d = 0..devices;
    let edit = prop_oneof![
        2 => Just(Edit::Add),
        2 => any::<usize>().prop_map(Edit::Remove),
        2 => any::<usize>().prop_map(Edit::Revive),
        (if renames { 2 } else { 0 }) => any::<usize>().prop_map(Edit::Rename),
        1 => any::<usize>().prop_map(Edit::Reword),
    ];
    prop_oneof![
        8 => (d.clone(), any::<usize>(), 0u8..=5, any::<bool>()).prop_map(
            |(device, pick, grade, new_session)| Step::Grade {
                device,
                pick,
                grade,
                new_session,
            }
        ),
        3 => d.clone().prop_map(|device| Step::Undo { device }),
        2 => (d.clone(), any::<usize>()).prop_map(|(device, pick)| Step::Suspend { device, pick }),
        2 => edit.prop_map(Step::Edit),
        2 => d.clone().prop_map(|device| Step::Arrive { device }),
        4 => d.prop_map(|device| Step::Exchange { device }),
    ]
}

/// Steps with the seconds before each: from a minute to a day and a half,
/// so that sessions fall on the same recall day and on later ones.
fn steps(devices: usize, renames: bool) -> impl Strategy<Value = Vec<(Step, u32)>> {
    prop::collection::vec((step(devices, renames), 60u32..=129_600), 8..60)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 40,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Without renames: the journal carries everything else already.
    #[test]
    fn devices_converge_to_every_grade_given(
        (devices, steps) in (2usize..=3).prop_flat_map(|n| (Just(n), steps(n, false)))
    ) {
        run(devices, &steps);
    }

    /// With renames too (docs/design.md §10's identity changes).
    #[test]
    fn devices_converge_with_renamed_cards(
        (devices, steps) in (2usize..=3).prop_flat_map(|n| (Just(n), steps(n, true)))
    ) {
        run(devices, &steps);
    }
}

/// The smallest case the renames find: the notes rename a card; device 0,
/// which has not got the edit yet, grades it under its old name; then both
/// devices get the notes (each renames its card, keeping its history) and
/// exchange. Device 1 must end with that grade, as device 0 does: the
/// identity event of either device's sync leads the old name to the card.
#[test]
fn the_grade_of_a_card_under_its_old_name_reaches_a_device_that_renamed_it() {
    let mut world = World::new(2);
    world.step(&Step::Edit(Edit::Rename(0)));
    world.now += 48_138;
    // Device 0 has not got the renamed notes: it grades "Question 0".
    world.step(&Step::Grade {
        device: 0,
        pick: 0,
        grade: 4,
        new_session: false,
    });
    assert_eq!(world.given.len(), 1, "a grade was given");
    world.now += 3_600;
    for d in 0..2 {
        world.arrive(d);
    }
    for _round in 0..2 {
        for d in 0..2 {
            world.exchange(d);
        }
    }
    let renamed = "Question 0 (renamed 1)";
    let want = world.expected_history(0);
    for d in 0..2 {
        let card = world
            .cards(d)
            .into_iter()
            .find(|c| c.question == renamed)
            .expect("the renamed card");
        assert_eq!(
            card.history, want,
            "device {d}: the grade of the renamed card"
        );
    }
}

/// A rename that reaches a device together with an answer reworded: that
/// device's sync retires the card and adds one (docs/design.md §3: rule 3
/// needs the same answer), and makes no identity event. Device 0 saw the two
/// edits in two syncs, so its identity event joins the old name and the new;
/// device 1 had already merged device 0's grade onto its card under the old
/// name. When the notes reach device 1, nothing new is in the folder, but the
/// card the joined names go to is now the added one (`choose`: live before
/// retired), and the grade must move there.
#[test]
fn a_grade_moves_to_the_card_a_sync_adds_under_a_name_the_journal_joined() {
    let mut world = World::new(2);
    world.step(&Step::Edit(Edit::Reword(0)));
    world.arrive(0);
    world.exchange(0);
    world.now += 60;
    world.step(&Step::Grade {
        device: 0,
        pick: 0,
        grade: 4,
        new_session: false,
    });
    assert_eq!(world.given.len(), 1, "a grade was given");
    world.now += 60;
    world.step(&Step::Edit(Edit::Rename(0)));
    world.arrive(0);
    world.exchange(0);
    world.now += 60;
    // Device 1, with the first notes still, takes the grade onto "Question 0".
    world.exchange(1);
    world.now += 60;
    world.arrive(1);
    let exchange = world.exchange(1);
    assert_eq!(exchange.events_read, 0, "nothing new in the folder");
    let want = world.expected_history(0);
    let cards = world.cards(1);
    let card = |question: &str| {
        cards
            .iter()
            .find(|c| c.question == question)
            .unwrap_or_else(|| panic!("{question:?} on device 1"))
    };
    let (added, retired) = (card("Question 0 (renamed 1)"), card("Question 0"));
    assert!(
        !added.retired && retired.retired,
        "retired and added: {cards:?}"
    );
    assert_eq!(added.history, want, "the grade is on the added card");
    assert_eq!(added.schedule, replayed(&want));
    assert_eq!(retired.history, [], "and no longer on the retired one");
    assert_eq!(retired.schedule, None);
    let problems = grading::check(&world.devices[1].store, &Scheduler::Sm2).expect("checked");
    assert!(problems.is_empty(), "{problems:?}");
    let problems = super::verify(&world.devices[1].store).expect("verified");
    assert!(problems.is_empty(), "the journal agrees: {problems:?}");
}

/// A collection that never shared keeps no journal names; its first merge
/// names every card, a page at a time however many there are, each by its
/// identity, so that other devices' events find them.
#[test]
fn the_first_merge_names_every_card_of_a_collection_that_never_shared() {
    let store = Store::open_in_memory().unwrap();
    let ids: Vec<i64> = (0..2_345)
        .map(|i| crate::store::fixtures::add_card(&store, &format!("Question {i}")))
        .collect();
    assert_eq!(store.write(|w| w.card_name(ids[0])).unwrap(), None);
    let dir = TempDir::new().unwrap();
    let local = Local {
        dir: dir.path(),
        offset: 0,
        now: START,
        scheduler: &Scheduler::Sm2,
    };
    merge(&store, &local).expect("the merge");
    assert!(store.write(|w| w.unnamed_cards(0, 1)).unwrap().is_empty());
    for id in ids {
        let card = store.card(id).unwrap().unwrap().card;
        let (identity, ordinal) = card.identity();
        let name = crate::journal::card_name(identity, ordinal).to_string();
        assert_eq!(store.write(|w| w.card_name(id)).unwrap(), Some(name));
    }
}

/// Grades given before `shared` was set travel too: the first merge
/// journals every one of them, once, in order, however many there are (the
/// queue is written a page at a time).
#[test]
fn the_first_merge_journals_every_grade_given_before_once() {
    let store = Store::open_in_memory().unwrap();
    let ids: Vec<i64> = (0..1_234)
        .map(|i| crate::store::fixtures::add_card(&store, &format!("Question {i}")))
        .collect();
    let days = 9;
    for day in 0..days {
        store
            .write(|w| {
                for &id in &ids {
                    let review = crate::store::fixtures::review(id, 20_513 + day, 4);
                    grading::record(w, &Scheduler::Sm2, &review)?;
                }
                Ok::<_, crate::store::StoreError>(())
            })
            .unwrap();
    }
    let dir = TempDir::new().unwrap();
    let local = Local {
        dir: dir.path(),
        offset: 0,
        now: START + 10 * 86_400,
        scheduler: &Scheduler::Sm2,
    };
    let merged = merge(&store, &local).expect("the merge");
    let given = ids.len() * days as usize;
    assert_eq!(merged.appended, given);
    let files: Vec<PathBuf> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    let text = fs::read_to_string(&files[0]).unwrap();
    let seqs: Vec<u64> = text
        .lines()
        .map(|l| crate::journal::decode_line(l).unwrap().id.seq)
        .collect();
    assert_eq!(seqs, (1..=given as u64).collect::<Vec<_>>());
    assert_eq!(merge(&store, &local).expect("again").appended, 0);
}
