//! Unit tests of grading on an in-memory store: what recording, undo and
//! rebuilding leave in the rows, and what `check` says of rows that
//! disagree with their log's replay (docs/design.md §4, §7).

use super::*;
use crate::cards::Draft;
use crate::scheduler::balance::EasyDays;
use crate::scheduler::{CardStatus, Day, Entry, Grade, Progress, Schedule};
use crate::store::NewCard;
use crate::store::fixtures::{NOW, TODAY, add_card, draft, review};

/// Records a grade in a transaction of its own, as a session does.
fn grade(store: &Store, card_id: i64, day: Day, n: u8) -> i64 {
    store
        .write(|w| record(w, &Scheduler::Sm2, &review(card_id, day, n)))
        .unwrap()
}

fn schedule(store: &Store, card_id: i64) -> Option<Schedule> {
    store.card(card_id).unwrap().unwrap().schedule()
}

fn progress(store: &Store, card_id: i64) -> Option<Progress> {
    store.write(|w| w.progress_of(card_id)).unwrap().0
}

/// The schedule of a log replayed, new if the log is empty.
fn replayed(log: impl IntoIterator<Item = Entry>) -> Schedule {
    Scheduler::Sm2
        .replay(log)
        .progress
        .map_or(Schedule::NEW, |p| p.schedule)
}

/// The `i`th grade of a log, given on `day` as `grade` gives it.
fn logged(i: i64, n: u8, day: Day) -> Entry {
    Entry {
        id: i,
        at: NOW + i64::from(day - TODAY) * 86_400,
        day,
        grade: Grade::new(n).unwrap(),
        due_offset: None,
    }
}

/// `check`'s problems, as `recall check` prints them.
fn problems(store: &Store) -> Vec<String> {
    check(store, &Scheduler::Sm2)
        .unwrap()
        .into_iter()
        .map(|p| match p.card {
            Some(card) => format!("card {card}: {}", p.what),
            None => p.what,
        })
        .collect()
}

// Recording and undo.

#[test]
fn first_grade_of_a_day_moves_the_schedule() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    assert_eq!(schedule(&store, id), None);

    grade(&store, id, TODAY, 4);
    let after = sm2::review(Schedule::NEW, Grade::new(4).unwrap(), TODAY);
    assert_eq!(schedule(&store, id), Some(after));
    assert_eq!(after.due, Some(TODAY + 1));
}

#[test]
fn later_grades_the_same_day_are_logged_but_change_nothing() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    grade(&store, id, TODAY, 5);
    let first = schedule(&store, id);
    grade(&store, id, TODAY, 0);
    assert_eq!(schedule(&store, id), first);

    let log = store.reviews_of(id).unwrap();
    assert_eq!(log.len(), 2);
    assert!(log[0].counted);
    assert!(!log[1].counted);
    assert_eq!(store.card(id).unwrap().unwrap().reviews, 2);
}

#[test]
fn grade_on_the_next_day_counts_again() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    grade(&store, id, TODAY, 5);
    grade(&store, id, TODAY, 2);
    grade(&store, id, TODAY + 1, 5);
    let expected = replayed([
        logged(1, 5, TODAY),
        logged(2, 2, TODAY),
        logged(3, 5, TODAY + 1),
    ]);
    assert_eq!(schedule(&store, id), Some(expected));
    assert_eq!(expected.interval, 6);
    let log = store.reviews_of(id).unwrap();
    assert_eq!(log[2].prev_interval, 1);
}

#[test]
fn undo_restores_the_schedule_before_the_grade() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    grade(&store, id, TODAY, 5);
    let before = schedule(&store, id);
    let last = grade(&store, id, TODAY + 1, 1);
    assert_ne!(schedule(&store, id), before);

    let undone = store.write(|w| undo(w, &Scheduler::Sm2, last)).unwrap();
    assert_eq!(undone, Some(id));
    assert_eq!(schedule(&store, id), before);
    assert_eq!(store.reviews_of(id).unwrap().len(), 1);
    // The restored day still counts: a regrade the same day is a repeat.
    grade(&store, id, TODAY, 3);
    assert_eq!(schedule(&store, id), before);
}

#[test]
fn undo_of_the_only_grade_makes_the_card_new_again() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    let only = grade(&store, id, TODAY, 4);
    store.write(|w| undo(w, &Scheduler::Sm2, only)).unwrap();
    let state = store.card(id).unwrap().unwrap();
    assert_eq!(state.schedule(), None);
    assert_eq!(state.reviews, 0);
    assert_eq!(state.status(), CardStatus::New);
}

#[test]
fn undo_of_no_review_does_nothing() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.write(|w| undo(w, &Scheduler::Sm2, 42)).unwrap(), None);
}

#[test]
fn schedule_always_equals_the_replayed_log() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    let grades = [(0, 5), (0, 3), (1, 4), (7, 2), (8, 5), (8, 5), (14, 4)];
    for (offset, n) in grades {
        grade(&store, id, TODAY + offset, n);
        let log: Vec<Entry> = store
            .reviews_of(id)
            .unwrap()
            .iter()
            .map(|r| Entry {
                id: r.id,
                at: r.at,
                grade: r.grade,
                day: r.day,
                due_offset: r.due_offset,
            })
            .collect();
        assert_eq!(schedule(&store, id), Some(replayed(log)));
    }
}

#[test]
fn a_grade_given_back_in_time_stores_the_log_replayed_in_time_order() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    // The clock was set back: the grade of TODAY comes after those of the
    // next day in the log, but before them in time.
    grade(&store, id, TODAY + 1, 1);
    grade(&store, id, TODAY + 1, 5);
    grade(&store, id, TODAY, 5);
    let expected = replayed([
        logged(1, 5, TODAY),
        logged(2, 1, TODAY + 1),
        logged(3, 5, TODAY + 1),
    ]);
    assert_eq!(schedule(&store, id), Some(expected));
    assert_eq!(
        (expected.ef, expected.interval, expected.lapses),
        (206, 1, 1)
    );
    let log = store.reviews_of(id).unwrap();
    let derived: Vec<(u8, bool, u32)> = log
        .iter()
        .map(|r| (r.grade.value(), r.counted, r.prev_interval))
        .collect();
    assert_eq!(derived, [(5, true, 0), (1, true, 1), (5, false, 1)]);
    assert!(check(&store, &Scheduler::Sm2).unwrap().is_empty());
}

/// A grade given back in time can make a later review one of a card that
/// was not mature yet: `stats`' running totals of mature reviews follow
/// the replay (docs/design.md §6, §7).
#[test]
fn a_replay_that_changes_whether_a_review_was_of_a_mature_card_keeps_the_totals() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    // 5, 5, 5 give intervals 1, 6, 17 and EF 2.8: the fourth grade is of a
    // card 17 days apart, the fifth of one 48 days apart, mature.
    for (day, n) in [(0, 5), (1, 5), (7, 5), (24, 5), (72, 5)] {
        grade(&store, id, TODAY + day, n);
    }
    let mature = |store: &Store| {
        store
            .reviews_of(id)
            .unwrap()
            .iter()
            .filter(|r| scheduler::is_mature(r.prev_interval))
            .count()
    };
    assert_eq!(mature(&store), 1);
    assert!(problems(&store).is_empty());
    // A lapse the day before the fourth grade, given with the clock set back.
    grade(&store, id, TODAY + 23, 0);
    assert_eq!(mature(&store), 0);
    assert_eq!(problems(&store), Vec::<String>::new());
}

#[test]
fn review_clears_the_changed_mark() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    let edited = Draft {
        answer: vec!["y".into()],
        answer_md: vec!["y".into()],
        ..draft("Traits")
    };
    store
        .write(|w| {
            w.update_card(
                id,
                &NewCard {
                    draft: &edited,
                    ordinal: 0,
                },
                true,
                "changed",
                0,
            )
        })
        .unwrap();
    assert!(store.card(id).unwrap().unwrap().card.changed);
    grade(&store, id, TODAY, 4);
    assert!(!store.card(id).unwrap().unwrap().card.changed);
}

// Rebuilding, as import does.

#[test]
fn rebuild_gives_a_log_written_in_any_order_its_replay() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    // An export lists the reviews of TODAY + 1 first; rows come in bare.
    store
        .write(|w| {
            for (day, n) in [(TODAY + 1, 1), (TODAY + 1, 5), (TODAY, 5)] {
                w.insert_review(&review(id, day, n), false, 0)?;
            }
            rebuild(w, &Scheduler::Sm2, id)
        })
        .unwrap();
    let expected = replayed([
        logged(1, 5, TODAY),
        logged(2, 1, TODAY + 1),
        logged(3, 5, TODAY + 1),
    ]);
    assert_eq!(schedule(&store, id), Some(expected));
    let derived: Vec<(u8, bool, u32)> = store
        .reviews_of(id)
        .unwrap()
        .iter()
        .map(|r| (r.grade.value(), r.counted, r.prev_interval))
        .collect();
    assert_eq!(derived, [(5, true, 0), (1, true, 1), (5, false, 1)]);
    assert_eq!(problems(&store), Vec::<String>::new());
}

#[test]
fn rebuild_of_a_card_with_no_log_leaves_it_new() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    store.write(|w| rebuild(w, &Scheduler::Sm2, id)).unwrap();
    assert_eq!(store.card(id).unwrap().unwrap().status(), CardStatus::New);
    assert_eq!(problems(&store), Vec::<String>::new());
}

// What check says of rows that disagree with the replay.

#[test]
fn check_names_each_part_of_a_schedule_that_differs_from_its_log() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    grade(&store, id, TODAY, 5);
    grade(&store, id, TODAY + 1, 5);
    let right = progress(&store, id).unwrap();
    let wrong = Progress {
        schedule: Schedule {
            ef: 250,
            interval: 7,
            repetitions: 3,
            lapses: 1,
            due: Some(TODAY + 8),
        },
        first_day: TODAY + 1,
        ..right
    };
    store.write(|w| w.save_progress(id, Some(wrong))).unwrap();
    assert_eq!(
        problems(&store),
        [format!(
            "card {id}: schedule differs from its review log: ef 2.50 (replay gives 2.70), \
             interval 7 (replay gives 6), repetitions 3 (replay gives 2), \
             lapses 1 (replay gives 0), due day Some({}) (replay gives Some({})), \
             first or last review day disagrees with the log",
            TODAY + 8,
            TODAY + 7
        )]
    );
    store.write(|w| rebuild(w, &Scheduler::Sm2, id)).unwrap();
    assert_eq!(progress(&store, id), Some(right));
    assert_eq!(problems(&store), Vec::<String>::new());
}

#[test]
fn check_names_reviews_whose_derived_columns_disagree_with_the_replay() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    let first = grade(&store, id, TODAY, 5);
    let repeat = grade(&store, id, TODAY, 3);
    store
        .write(|w| {
            w.set_derived(first, true, 4)?;
            w.set_derived(repeat, true, 1)
        })
        .unwrap();
    assert_eq!(
        problems(&store),
        [format!(
            "card {id}: 2 of its reviews disagree with the replay on whether they counted \
             or on the interval before them"
        )]
    );
}

#[test]
fn check_names_a_log_without_a_schedule_and_a_schedule_without_a_log() {
    let store = Store::open_in_memory().unwrap();
    let logged = add_card(&store, "Traits");
    grade(&store, logged, TODAY, 5);
    grade(&store, logged, TODAY + 1, 4);
    let scheduled = add_card(&store, "Lifetimes");
    let stray = progress(&store, logged);
    store
        .write(|w| {
            w.save_progress(logged, None)?;
            w.save_progress(scheduled, stray)
        })
        .unwrap();
    let found = problems(&store);
    assert!(
        found.contains(&format!(
            "card {logged}: has 2 reviews in the log but no schedule"
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&format!(
            "card {scheduled}: has a schedule but no review in the log"
        )),
        "{found:?}"
    );
}

// The scheduler in force (docs/design.md §11).

fn fsrs() -> Scheduler {
    Scheduler::Fsrs(crate::scheduler::fsrs::Fsrs::new(
        crate::scheduler::fsrs::Params::DEFAULT,
        0.9,
    ))
}

/// A card's stored progress and its reviews' derived columns.
type Stored = (Option<Progress>, Vec<(bool, u32)>);

/// Every card's stored progress and its reviews' derived columns.
fn state(store: &Store, ids: &[i64]) -> Vec<Stored> {
    ids.iter()
        .map(|&id| {
            let derived = store
                .reviews_of(id)
                .unwrap()
                .iter()
                .map(|r| (r.counted, r.prev_interval))
                .collect();
            (progress(store, id), derived)
        })
        .collect()
}

/// Seven cards with logs of every shape: none, one grade, same-day
/// repeats, lapses, two grades in one second.
fn collection(store: &Store) -> Vec<i64> {
    let ids: Vec<i64> = (0..7).map(|i| add_card(store, &format!("Q{i}"))).collect();
    let logs: [&[(Day, u8)]; 6] = [
        &[(0, 4)],
        &[(0, 5), (0, 2), (1, 4), (7, 5), (30, 1), (31, 3)],
        &[(0, 3), (2, 3), (9, 0), (9, 0), (10, 4)],
        &[(0, 5), (1, 5), (7, 5), (25, 5), (80, 4)],
        &[(0, 1), (0, 1), (0, 4)],
        &[(0, 4), (3, 2), (5, 5)],
    ];
    for (&id, log) in ids[1..].iter().zip(logs) {
        for &(day, n) in log {
            grade(store, id, TODAY + day, n);
        }
    }
    // Two grades given in the same second, as two devices may.
    store
        .write(|w| {
            let at = review(ids[6], TODAY + 6, 4);
            record(w, &Scheduler::Sm2, &at)?;
            record(
                w,
                &Scheduler::Sm2,
                &NewReview {
                    grade: Grade::new(1).unwrap(),
                    ..at
                },
            )
        })
        .unwrap();
    ids
}

#[test]
fn a_change_of_scheduler_replays_every_card_and_switching_back_gives_the_same_schedules() {
    let store = Store::open_in_memory().unwrap();
    let ids = collection(&store);
    let sm2 = state(&store, &ids);
    assert!(!needs_reschedule(&store, &Scheduler::Sm2).unwrap());
    let fsrs = fsrs();
    assert!(needs_reschedule(&store, &fsrs).unwrap());
    let mut seen = Vec::new();
    let changed =
        reschedule::reschedule_in_slices(&store, &fsrs, 2, |done, total| seen.push((done, total)))
            .unwrap();
    assert_eq!(changed, 6, "every card with a log");
    // Cards, then the reviews' derived columns counted as many again.
    assert_eq!(
        seen,
        [(2, 14), (4, 14), (6, 14), (7, 14), (14, 14), (14, 14)]
    );
    assert!(!needs_reschedule(&store, &fsrs).unwrap());
    assert!(needs_reschedule(&store, &Scheduler::Sm2).unwrap());
    assert_eq!(check(&store, &fsrs).unwrap(), []);
    let under_fsrs = state(&store, &ids);
    assert!(
        under_fsrs[1..]
            .iter()
            .all(|(p, _)| p.unwrap().memory.is_some())
    );
    // Same-day repeats count under FSRS.
    assert!(under_fsrs[5].1.iter().all(|&(counted, _)| counted));
    assert!(!check(&store, &Scheduler::Sm2).unwrap().is_empty());

    reschedule(&store, &Scheduler::Sm2, |_, _| {}).unwrap();
    assert_eq!(state(&store, &ids), sm2, "back to SM-2 exactly");
    assert_eq!(check(&store, &Scheduler::Sm2).unwrap(), []);
    // Nothing to do a second time.
    assert_eq!(reschedule(&store, &Scheduler::Sm2, |_, _| {}).unwrap(), 0);
}

#[test]
fn a_replay_killed_half_way_is_simply_done_again() {
    let store = Store::open_in_memory().unwrap();
    let ids = collection(&store);
    let fsrs = fsrs();
    // As if a replay had committed its first slice and been killed: two
    // cards under FSRS, the rest and the fingerprint still SM-2's.
    store
        .write(|w| {
            rebuild(w, &fsrs, ids[1])?;
            rebuild(w, &fsrs, ids[2])
        })
        .unwrap();
    assert!(needs_reschedule(&store, &fsrs).unwrap());
    let changed = reschedule(&store, &fsrs, |_, _| {}).unwrap();
    assert_eq!(changed, 4, "the two replayed already are not written again");
    assert_eq!(check(&store, &fsrs).unwrap(), []);
}

#[test]
fn under_fsrs_every_grade_counts_and_a_progress_made_under_sm2_is_replayed() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    grade(&store, id, TODAY, 4);
    let fsrs = fsrs();
    // The stored progress is SM-2's: FSRS cannot go on from it.
    store
        .write(|w| record(w, &fsrs, &review(id, TODAY + 3, 4)))
        .unwrap();
    store
        .write(|w| record(w, &fsrs, &review(id, TODAY + 3, 1)))
        .unwrap();
    assert_eq!(check(&store, &fsrs).unwrap(), []);
    let derived: Vec<bool> = store
        .reviews_of(id)
        .unwrap()
        .iter()
        .map(|r| r.counted)
        .collect();
    assert_eq!(derived, [true, true, true]);
    let p = progress(&store, id).unwrap();
    assert_eq!((p.schedule.repetitions, p.schedule.lapses), (0, 1));
}

#[test]
fn check_under_fsrs_names_a_memory_that_differs_from_the_replay() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    let fsrs = fsrs();
    store
        .write(|w| record(w, &fsrs, &review(id, TODAY, 4)))
        .unwrap();
    let right = progress(&store, id).unwrap();
    let memory = right.memory.unwrap();
    let wrong = Progress {
        memory: Some(crate::scheduler::fsrs::Memory {
            stability: 9.5,
            ..memory
        }),
        ..right
    };
    store.write(|w| w.save_progress(id, Some(wrong))).unwrap();
    let found = check(&store, &fsrs).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].what.contains(&format!(
            "FSRS memory stability 9.5, difficulty {} (replay through FSRS-6 gives stability {}",
            memory.difficulty, memory.stability
        )),
        "{}",
        found[0].what
    );
}

#[test]
fn a_grade_written_after_another_process_switched_goes_by_the_switch() {
    let store = Store::open_in_memory().unwrap();
    let ids = collection(&store);
    let fsrs = fsrs();
    // This process read `scheduler = "sm2"` and found the database SM-2's;
    // then another switched it to FSRS.
    assert!(!needs_reschedule(&store, &Scheduler::Sm2).unwrap());
    reschedule(&store, &fsrs, |_, _| {}).unwrap();
    store
        .write(|w| {
            let scheduler = in_force(w, &Scheduler::Sm2)?;
            assert_eq!(scheduler.fingerprint(), fsrs.fingerprint());
            record(w, &scheduler, &review(ids[1], TODAY + 9, 4))?;
            undo(
                w,
                &scheduler,
                record(w, &scheduler, &review(ids[2], TODAY + 9, 1))?,
            )?;
            rebuild(w, &scheduler, ids[3])
        })
        .unwrap();
    assert_eq!(check(&store, &fsrs).unwrap(), []);
    // The one in force is used as it is.
    store
        .write(|w| {
            assert!(matches!(in_force(w, &fsrs)?, std::borrow::Cow::Borrowed(_)));
            Ok::<_, crate::store::StoreError>(())
        })
        .unwrap();
}

#[test]
fn a_database_switched_to_a_scheduler_this_recall_does_not_know_is_refused_by_name() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    store
        .write(|w| w.set_meta("scheduler", "fsrs-9 r=0.9"))
        .unwrap();
    let err = store
        .write(|w| record(w, &*in_force(w, &Scheduler::Sm2)?, &review(id, TODAY, 4)))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("is scheduled by \"fsrs-9 r=0.9\", which this recall does not know"),
        "{err}"
    );
    assert_eq!(store.reviews_of(id).unwrap(), []);
}

#[test]
fn a_switch_that_another_process_made_first_is_not_made_again() {
    let store = Store::open_in_memory().unwrap();
    collection(&store);
    let fsrs = fsrs();
    assert!(reschedule(&store, &fsrs, |_, _| {}).unwrap() > 0);
    // The second process found the old fingerprint before the first wrote
    // the new one, and then waited for the lock.
    let mut calls = 0;
    assert_eq!(reschedule(&store, &fsrs, |_, _| calls += 1).unwrap(), 0);
    assert_eq!(calls, 0);
}

// The load balancer (docs/design.md §15).

/// Cards whose schedules fall due `loads` times on each day given, as
/// other cards of the collection would.
fn due_on(store: &Store, loads: &[(Day, u32)]) {
    let mut n = 0;
    for &(day, count) in loads {
        for _ in 0..count {
            n += 1;
            let id = add_card(store, &format!("filler {n}"));
            let progress = Progress {
                schedule: Schedule {
                    due: Some(day),
                    interval: 5,
                    repetitions: 1,
                    ..Schedule::NEW
                },
                first_day: day - 5,
                last_day: day - 5,
                memory: None,
            };
            store
                .write(|w| w.save_progress(id, Some(progress)))
                .unwrap();
        }
    }
}

/// `check`'s problems with these cards (the fillers of `due_on` have
/// schedules but no log).
fn problems_of(store: &Store, scheduler: &Scheduler, ids: &[i64]) -> Vec<Problem> {
    check(store, scheduler)
        .unwrap()
        .into_iter()
        .filter(|p| p.card.is_some_and(|id| ids.contains(&id)))
        .collect()
}

/// A grade recorded as a session records it, balanced by `balance`.
fn balanced(store: &Store, scheduler: &Scheduler, balance: &mut Balance, id: i64, day: Day, n: u8) {
    store
        .write(|w| record_balanced(w, scheduler, &review(id, day, n), balance))
        .unwrap();
}

#[test]
fn under_fsrs_a_grade_falls_due_on_the_least_loaded_day_of_its_window_and_keeps_the_offset() {
    let store = Store::open_in_memory().unwrap();
    let fsrs = fsrs();
    // Easy on a new card: FSRS gives 8 days, which may go 6 to 10.
    due_on(
        &store,
        &[
            (TODAY + 6, 5),
            (TODAY + 7, 4),
            (TODAY + 8, 6),
            (TODAY + 9, 1),
            (TODAY + 10, 3),
        ],
    );
    let card = add_card(&store, "Traits");
    let mut balance = Balance::new(None, EasyDays::NONE);
    assert!(balance.applies(&fsrs) && !balance.applies(&Scheduler::Sm2));
    balanced(&store, &fsrs, &mut balance, card, TODAY, 5);
    let s = schedule(&store, card).unwrap();
    assert_eq!((s.interval, s.due), (8, Some(TODAY + 9)));
    assert_eq!(store.reviews_of(card).unwrap()[0].due_offset, Some(1));
    // The schedule is its log replayed, the offset with it.
    assert_eq!(problems_of(&store, &fsrs, &[card]), vec![]);

    // Each card placed counts on its day: day 9 fills up to day 10's 3,
    // wins the tie with it as the nearer, and the next card goes to 10.
    let more: Vec<i64> = (0..3)
        .map(|i| add_card(&store, &format!("More {i}")))
        .collect();
    let mut days = Vec::new();
    for &id in &more {
        balanced(&store, &fsrs, &mut balance, id, TODAY, 5);
        days.push(schedule(&store, id).unwrap().due.unwrap() - TODAY);
    }
    assert_eq!(days, [9, 9, 10]);
    assert_eq!(problems_of(&store, &fsrs, &more), vec![]);
}

#[test]
fn easy_days_and_the_setting_reach_the_balancer() {
    let store = Store::open_in_memory().unwrap();
    let fsrs = fsrs();
    due_on(
        &store,
        &[
            (TODAY + 6, 5),
            (TODAY + 7, 5),
            (TODAY + 8, 6),
            (TODAY + 9, 2),
            (TODAY + 10, 3),
        ],
    );
    // The 2 due on day 9 count 4 on an easy day: day 10's 3 is least.
    let easy = EasyDays::new([crate::clock::weekday(TODAY + 9)]);
    let card = add_card(&store, "Traits");
    balanced(&store, &fsrs, &mut Balance::new(None, easy), card, TODAY, 5);
    assert_eq!(schedule(&store, card).unwrap().due, Some(TODAY + 10));
    // Turned off, the card goes where FSRS says and the log keeps nothing.
    let off = add_card(&store, "Lifetimes");
    balanced(
        &store,
        &fsrs,
        &mut Balance::new(Some(false), easy),
        off,
        TODAY,
        5,
    );
    assert_eq!(schedule(&store, off).unwrap().due, Some(TODAY + 8));
    assert_eq!(store.reviews_of(off).unwrap()[0].due_offset, None);
}

#[test]
fn under_sm2_nothing_is_balanced_unless_the_setting_says_so() {
    let store = Store::open_in_memory().unwrap();
    // SM-2's second pass gives 6 days, which may go 4 to 8.
    due_on(&store, &[(TODAY + 5, 3), (TODAY + 6, 9), (TODAY + 7, 3)]);
    let (plain, moved) = (add_card(&store, "Traits"), add_card(&store, "Lifetimes"));
    let mut auto = Balance::new(None, EasyDays::NONE);
    let mut on = Balance::new(Some(true), EasyDays::NONE);
    for (day, n) in [(TODAY - 1, 5), (TODAY, 5)] {
        balanced(&store, &Scheduler::Sm2, &mut auto, plain, day, n);
        balanced(&store, &Scheduler::Sm2, &mut on, moved, day, n);
    }
    assert_eq!(
        schedule(&store, plain),
        Some(replayed([logged(0, 5, TODAY - 1), logged(1, 5, TODAY)]))
    );
    assert!(
        store
            .reviews_of(plain)
            .unwrap()
            .iter()
            .all(|r| r.due_offset.is_none())
    );
    let s = schedule(&store, moved).unwrap();
    assert_eq!(s.interval, 6);
    assert!(
        s.due == Some(TODAY + 4) || s.due == Some(TODAY + 8),
        "{s:?}"
    );
    assert_eq!(
        problems_of(&store, &Scheduler::Sm2, &[plain, moved]),
        vec![]
    );
}

#[test]
fn undo_and_rebuild_keep_the_offsets_of_the_grades_that_remain() {
    let store = Store::open_in_memory().unwrap();
    let fsrs = fsrs();
    due_on(
        &store,
        &[
            (TODAY + 6, 4),
            (TODAY + 7, 4),
            (TODAY + 8, 4),
            (TODAY + 9, 4),
            (TODAY + 10, 1),
        ],
    );
    let card = add_card(&store, "Traits");
    let mut balance = Balance::new(Some(true), EasyDays::NONE);
    balanced(&store, &fsrs, &mut balance, card, TODAY, 5);
    let first = schedule(&store, card).unwrap();
    assert_eq!(first.due, Some(TODAY + 10));
    let later = store
        .write(|w| record_balanced(w, &fsrs, &review(card, TODAY + 10, 4), &mut balance))
        .unwrap();
    store
        .write(|w| undo(w, &fsrs, later).map(|_| balance.forget()))
        .unwrap();
    assert_eq!(schedule(&store, card), Some(first));
    store.write(|w| rebuild(w, &fsrs, card)).unwrap();
    assert_eq!(schedule(&store, card), Some(first));
}

#[test]
fn grades_merged_out_of_order_replay_to_the_schedule_of_their_order_in_time() {
    // Another device's three grades, each with the offset it chose, reach
    // this one latest first: each earlier one makes a replay.
    let fsrs = fsrs();
    let grades = [
        (TODAY, 5, Some(2)),
        (TODAY + 10, 4, Some(-3)),
        (TODAY + 40, 3, Some(1)),
    ];
    let merged = |order: &[usize]| {
        let store = Store::open_in_memory().unwrap();
        let card = add_card(&store, "Traits");
        for &i in order {
            let (day, n, due_offset) = grades[i];
            let at = NewReview {
                due_offset,
                ..review(card, day, n)
            };
            store
                .write(|w| record_merged(w, &fsrs, &at, &format!("b-{}", i + 1)))
                .unwrap();
        }
        assert_eq!(check(&store, &fsrs).unwrap(), vec![]);
        (progress(&store, card), store.reviews_of(card).unwrap())
    };
    let in_order = merged(&[0, 1, 2]);
    let reversed = merged(&[2, 1, 0]);
    assert_eq!(in_order.0, reversed.0);
    let offsets =
        |log: &[crate::store::ReviewRow]| log.iter().map(|r| r.due_offset).collect::<Vec<_>>();
    assert_eq!(offsets(&in_order.1), offsets(&reversed.1));
    // And that schedule is the grades in time order, each placed by its
    // offset clamped to the window of its interval.
    let entries = grades
        .iter()
        .enumerate()
        .map(|(i, &(day, n, due_offset))| Entry {
            due_offset,
            ..logged(i as i64, n, day)
        });
    assert_eq!(in_order.0, fsrs.replay(entries).progress);
    let s = in_order.0.unwrap().schedule;
    let moved = crate::scheduler::balance::clamp(s.interval, 1);
    assert!(s.interval >= 3 && moved == 1, "{s:?}");
    assert_eq!(s.due, Some(TODAY + 40 + s.interval as Day + 1));
}
