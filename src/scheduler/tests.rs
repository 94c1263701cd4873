use proptest::prelude::*;

use super::sm2::review;
use super::*;

fn g(n: u8) -> Grade {
    Grade::new(n).unwrap()
}

/// SM-2's grade function.
fn grade(before: Option<Progress>, value: Grade, day: Day) -> Graded {
    Scheduler::Sm2.grade(before, value, day)
}

/// SM-2's replay.
fn replay(log: impl IntoIterator<Item = Entry>) -> Replay {
    Scheduler::Sm2.replay(log)
}

/// Entries given one minute apart, in the order listed, with ids in that
/// order too.
fn entries(log: &[(u8, Day)]) -> Vec<Entry> {
    log.iter()
        .enumerate()
        .map(|(i, &(n, day))| Entry {
            id: i as i64 + 1,
            at: 1_700_000_000 + 60 * i as i64,
            day,
            grade: g(n),
            due_offset: None,
        })
        .collect()
}

fn schedule_of(log: &[(u8, Day)]) -> Schedule {
    replay(entries(log))
        .progress
        .map_or(Schedule::NEW, |p| p.schedule)
}

// The same-day rule.

#[test]
fn a_first_grade_counts_and_starts_the_progress() {
    let graded = grade(None, g(4), 10);
    assert!(graded.counted);
    assert_eq!(graded.prev_interval, 0);
    assert_eq!(
        graded.progress,
        Progress {
            schedule: review(Schedule::NEW, g(4), 10),
            first_day: 10,
            last_day: 10,
            memory: None,
        }
    );
}

#[test]
fn a_repeat_on_the_day_of_the_last_counted_grade_changes_nothing() {
    let first = grade(None, g(5), 10).progress;
    let repeat = grade(Some(first), g(0), 10);
    assert!(!repeat.counted);
    assert_eq!(repeat.progress, first);
    assert_eq!(repeat.prev_interval, first.schedule.interval);
}

#[test]
fn a_grade_on_another_day_counts_and_keeps_the_first_day() {
    let first = grade(None, g(5), 10).progress;
    let next = grade(Some(first), g(1), 11);
    assert!(next.counted);
    assert_eq!(next.prev_interval, 1);
    assert_eq!(next.progress.schedule, review(first.schedule, g(1), 11));
    assert_eq!((next.progress.first_day, next.progress.last_day), (10, 11));
}

// Replay.

#[test]
fn replay_skips_same_day_repeats() {
    let log = [(3, 0), (1, 0), (4, 0), (5, 1), (2, 1), (4, 7)];
    let expected = [(3, 0), (5, 1), (4, 7)]
        .into_iter()
        .fold(Schedule::NEW, |s, (n, day)| review(s, g(n), day));
    assert_eq!(schedule_of(&log), expected);
    let counted: Vec<bool> = replay(entries(&log))
        .entries
        .iter()
        .map(|e| e.counted)
        .collect();
    assert_eq!(counted, [true, false, false, true, false, true]);
}

#[test]
fn replay_of_nothing_is_new() {
    assert_eq!(replay([]), Replay::default());
    assert_eq!(schedule_of(&[]), Schedule::NEW);
}

#[test]
fn replay_gives_each_entry_the_interval_before_it() {
    let replayed = replay(entries(&[(5, 0), (5, 1), (5, 1), (5, 7)]));
    let before: Vec<u32> = replayed.entries.iter().map(|e| e.prev_interval).collect();
    assert_eq!(before, [0, 1, 6, 6]);
    let progress = replayed.progress.unwrap();
    assert_eq!((progress.first_day, progress.last_day), (0, 7));
}

/// The example: 5 on one day, then 1 and 5 on the next. Read in
/// reverse row order it used to give EF 2.7, interval 6 and no lapse.
#[test]
fn replay_follows_time_not_the_order_of_the_rows() {
    let mut log = entries(&[(5, 0), (1, 1), (5, 1)]);
    let in_order = replay(log.clone());
    let s = in_order.progress.unwrap().schedule;
    assert_eq!((s.ef, s.interval, s.lapses), (206, 1, 1));
    log.reverse();
    let reversed = replay(log);
    assert_eq!(reversed.progress, in_order.progress);
    assert_eq!(reversed.entries, in_order.entries);
}

#[test]
fn grades_of_the_same_second_replay_by_review_id() {
    let at = 1_700_000_000;
    let entry = |id, n| Entry {
        id,
        at,
        day: 3,
        grade: g(n),
        due_offset: None,
    };
    // Review 7 was given first: it is the one that counts.
    let replayed = replay([entry(9, 0), entry(7, 5)]);
    assert_eq!(
        replayed.progress.unwrap().schedule,
        review(Schedule::NEW, g(5), 3)
    );
    let order: Vec<(i64, bool)> = replayed.entries.iter().map(|e| (e.id, e.counted)).collect();
    assert_eq!(order, [(7, true), (9, false)]);
}

#[test]
fn a_grade_comes_last_unless_it_is_older_than_the_latest() {
    assert!(comes_last(None, 5));
    assert!(comes_last(Some(5), 5));
    assert!(comes_last(Some(5), 6));
    assert!(!comes_last(Some(5), 4));
}

// Status.

#[test]
fn status_follows_the_marks_then_the_interval() {
    assert_eq!(CardStatus::of(false, false, None), CardStatus::New);
    assert_eq!(CardStatus::of(false, false, Some(20)), CardStatus::Learning);
    assert_eq!(CardStatus::of(false, false, Some(21)), CardStatus::Mature);
    assert_eq!(CardStatus::of(false, true, Some(40)), CardStatus::Suspended);
    assert_eq!(CardStatus::of(true, true, None), CardStatus::Retired);
    assert!(!is_mature(MATURE_DAYS - 1));
    assert!(is_mature(MATURE_DAYS));
    assert_eq!(CardStatus::Learning.name(), "learning");
}

// FSRS behind the same interface (docs/design.md §11).

fn fsrs() -> Scheduler {
    Scheduler::Fsrs(fsrs::Fsrs::new(fsrs::Params::DEFAULT, 0.9))
}

fn model(scheduler: &Scheduler) -> &fsrs::Fsrs {
    match scheduler {
        Scheduler::Fsrs(model) => model,
        Scheduler::Sm2 => unreachable!("an FSRS scheduler"),
    }
}

#[test]
fn under_fsrs_every_grade_counts_same_day_ones_too_and_moves_the_memory() {
    let s = fsrs();
    let m = model(&s);
    let first = s.grade(None, g(4), 10);
    assert!(first.counted);
    assert_eq!(first.prev_interval, 0);
    let memory = m.next(None, g(4), 0);
    assert_eq!(first.progress.memory, Some(memory));
    let interval = m.interval(memory);
    assert_eq!(first.progress.schedule.interval, interval);
    assert_eq!(first.progress.schedule.due, Some(10 + interval as Day));
    // A repeat the same day counts and moves the memory, as SM-2's does not.
    let repeat = s.grade(Some(first.progress), g(1), 10);
    assert!(repeat.counted);
    assert_eq!(repeat.prev_interval, interval);
    assert_eq!(repeat.progress.memory, Some(m.next(Some(memory), g(1), 0)));
    assert_ne!(repeat.progress.memory, first.progress.memory);
}

#[test]
fn under_fsrs_the_schedule_fields_keep_their_meaning() {
    let s = fsrs();
    let mut progress = None;
    let mut seen = Vec::new();
    for (n, day) in [(4, 0), (5, 3), (3, 10), (1, 30), (2, 31), (4, 32)] {
        let graded = s.grade(progress, g(n), day);
        let p = graded.progress;
        seen.push((p.schedule.repetitions, p.schedule.lapses));
        assert_eq!(p.schedule.ef, Schedule::NEW.ef, "EF stays a new card's");
        assert_eq!((p.first_day, p.last_day), (0, day));
        assert_eq!(p.schedule.due, Some(day + p.schedule.interval as Day));
        progress = Some(p);
    }
    // Again resets repetitions; it is a lapse only on a card that had some.
    assert_eq!(seen, [(1, 0), (2, 0), (3, 0), (0, 1), (0, 1), (1, 1)]);
    let new_again = s.grade(None, g(0), 0).progress.schedule;
    assert_eq!((new_again.repetitions, new_again.lapses), (0, 0));
}

#[test]
fn a_progress_made_under_sm2_does_not_fit_fsrs() {
    let sm2 = grade(None, g(4), 3).progress;
    assert!(Scheduler::Sm2.fits(Some(&sm2)));
    assert!(!fsrs().fits(Some(&sm2)));
    assert!(fsrs().fits(None));
    assert!(fsrs().fits(Some(&fsrs().grade(None, g(4), 3).progress)));
}

#[test]
fn a_fingerprint_reads_back_as_the_scheduler_it_names() {
    let mut weights = *fsrs::Params::DEFAULT.weights();
    weights[3] = 9.5;
    let fitted = Scheduler::Fsrs(fsrs::Fsrs::new(fsrs::Params::new(&weights).unwrap(), 0.87));
    for scheduler in [Scheduler::Sm2, fsrs(), fitted] {
        let read = Scheduler::from_fingerprint(&scheduler.fingerprint()).expect("known");
        assert_eq!(read.fingerprint(), scheduler.fingerprint());
    }
    for unknown in [
        "",
        "sm3",
        "fsrs-6 r=0.9 w=1,2",
        "fsrs-7 r=0.9 w=0.212",
        "fsrs-6 r=x w=",
    ] {
        assert!(Scheduler::from_fingerprint(unknown).is_none(), "{unknown}");
    }
}

#[test]
fn fingerprints_name_the_scheduler_its_retention_and_its_weights() {
    assert_eq!(Scheduler::Sm2.fingerprint(), "sm2");
    assert_eq!(
        fsrs().fingerprint(),
        "fsrs-6 r=0.9 w=0.212,1.2931,2.3065,8.2956,6.4133,0.8334,3.0194,0.001,1.8722,\
         0.1666,0.796,1.4835,0.0614,0.2629,1.6483,0.6014,1.8729,0.5425,0.0912,0.0658,0.1542"
    );
    let strict = Scheduler::Fsrs(fsrs::Fsrs::new(fsrs::Params::DEFAULT, 0.95));
    assert_ne!(strict.fingerprint(), fsrs().fingerprint());
    let mut weights = *fsrs::Params::DEFAULT.weights();
    weights[3] = 9.5;
    let fitted = Scheduler::Fsrs(fsrs::Fsrs::new(fsrs::Params::new(&weights).unwrap(), 0.9));
    assert_ne!(fitted.fingerprint(), fsrs().fingerprint());
}

#[test]
fn retrievability_is_fsrs_alone_and_falls_with_time() {
    let s = fsrs();
    let p = s.grade(None, g(4), 10).progress;
    assert_eq!(s.retrievability(&p, 10), Some(1.0));
    let later = s.retrievability(&p, 12).unwrap();
    let much_later = s.retrievability(&p, 40).unwrap();
    assert!(0.0 < much_later && much_later < later && later < 1.0);
    assert_eq!(Scheduler::Sm2.retrievability(&p, 12), None);
    assert_eq!(s.retrievability(&grade(None, g(4), 10).progress, 12), None);
}

// What the prompt offers.

#[test]
fn sm2_offers_0_to_5_and_brings_back_below_4() {
    let b = Scheduler::Sm2.buttons();
    assert_eq!(b, Buttons::Sm2);
    let keys: Vec<(u8, u8)> = b
        .choices()
        .iter()
        .map(|c| (c.key, c.grade.value()))
        .collect();
    assert_eq!(keys, [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]);
    assert_eq!(b.grade(6), None);
    assert!(b.comes_back(g(3)) && !b.comes_back(g(4)));
    assert_eq!((b.key(g(4)), b.name(g(4))), (4, "hesitant"));
}

#[test]
fn fsrs_offers_four_buttons_logged_as_1_3_4_5_and_brings_back_again_alone() {
    let b = fsrs().buttons();
    assert_eq!(b, Buttons::Fsrs);
    let keys: Vec<(u8, u8, &str)> = b
        .choices()
        .iter()
        .map(|c| (c.key, c.grade.value(), c.name))
        .collect();
    assert_eq!(
        keys,
        [
            (1, 1, "again"),
            (2, 3, "hard"),
            (3, 4, "good"),
            (4, 5, "easy")
        ]
    );
    assert_eq!((b.grade(0), b.grade(5)), (None, None));
    assert!(b.comes_back(g(1)) && b.comes_back(g(0)));
    assert!(!b.comes_back(g(3)));
    // A logged grade reads back as its button.
    assert_eq!([0, 2, 3, 4, 5].map(|n| b.key(g(n))), [1, 1, 2, 3, 4]);
}

#[test]
fn each_choice_shows_the_interval_its_grade_would_give() {
    let first = grade(None, g(5), 0).progress;
    let sm2 = Scheduler::Sm2.choices(Some(&first), 1);
    let intervals: Vec<Option<u32>> = sm2.iter().map(|c| c.interval).collect();
    assert_eq!(
        intervals,
        [Some(1), Some(1), Some(1), Some(6), Some(6), Some(6)]
    );
    // A repeat on the same day changes nothing under SM-2: every grade
    // keeps the interval the card has.
    assert!(
        Scheduler::Sm2
            .choices(Some(&first), 0)
            .iter()
            .all(|c| c.interval == Some(1))
    );

    let s = fsrs();
    let before = s.grade(None, g(4), 0).progress;
    let choices = s.choices(Some(&before), 5);
    let expected = model(&s)
        .choices(before.memory, 5)
        .map(|c| Some(c.interval));
    let intervals: Vec<Option<u32>> = choices.iter().map(|c| c.interval).collect();
    assert_eq!(intervals, expected);
    assert!(intervals.windows(2).all(|w| w[0] <= w[1]), "{intervals:?}");
    // A progress FSRS cannot go on from shows no interval.
    assert!(
        s.choices(Some(&first), 5)
            .iter()
            .all(|c| c.interval.is_none())
    );
}

/// A grade history: each grade with the gap in days since the one before
/// (0 for a same-day repeat).
fn history() -> impl Strategy<Value = Vec<(u8, u16)>> {
    prop::collection::vec((0..=5u8, 0..400u16), 0..40)
}

fn log_of(history: &[(u8, u16)]) -> Vec<(u8, Day)> {
    let mut day: Day = 19_000;
    history
        .iter()
        .map(|&(n, gap)| {
            day += Day::from(gap);
            (n, day)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The scheduler's replay under FSRS ends where `fsrs::Fsrs::replay`,
    /// checked against py-fsrs, does.
    #[test]
    fn an_fsrs_replay_ends_where_the_fsrs_model_does(history in history()) {
        let log = log_of(&history);
        let s = fsrs();
        let replayed = s.replay(entries(&log));
        let reference = model(&s).replay(
            log.iter().map(|&(n, day)| fsrs::Review { grade: g(n), day }),
        );
        match (replayed.progress, reference) {
            (None, None) => {}
            (Some(p), Some(r)) => {
                prop_assert_eq!(p.memory, Some(r.memory));
                prop_assert_eq!(p.last_day, r.last_day);
                prop_assert_eq!(p.schedule.interval, r.interval);
                prop_assert_eq!(p.schedule.due, Some(r.due));
            }
            (p, r) => prop_assert!(false, "{:?} against {:?}", p, r),
        }
        prop_assert!(replayed.entries.iter().all(|e| e.counted));
    }

    #[test]
    fn replay_is_a_fold_over_first_grades_of_each_day(history in history()) {
        let log = log_of(&history);
        let mut expected = Schedule::NEW;
        let mut seen = Vec::new();
        for &(n, day) in &log {
            if !seen.contains(&day) {
                seen.push(day);
                expected = review(expected, g(n), day);
            }
        }
        prop_assert_eq!(schedule_of(&log), expected);
    }

    /// Rows in any order, some sharing a second, replay as the sorted log.
    #[test]
    fn a_shuffled_log_replays_as_the_sorted_one(
        history in history(),
        same_second in prop::collection::vec(any::<bool>(), 40),
        seed in any::<u64>(),
    ) {
        let mut log = entries(&log_of(&history));
        for i in 1..log.len() {
            if same_second[i] {
                log[i].at = log[i - 1].at;
            }
        }
        let sorted = replay(log.clone());
        // A Fisher-Yates shuffle driven by the seed.
        let mut state = seed | 1;
        for i in (1..log.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            log.swap(i, (state % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(replay(log), sorted);
    }
}

// The load balancer's offsets in replay (docs/design.md §15).

/// `entries` with an offset on each.
fn moved(log: &[(u8, Day, Option<i32>)]) -> Vec<Entry> {
    let plain: Vec<(u8, Day)> = log.iter().map(|&(n, day, _)| (n, day)).collect();
    entries(&plain)
        .into_iter()
        .zip(log)
        .map(|(e, &(.., due_offset))| Entry { due_offset, ..e })
        .collect()
}

#[test]
fn replay_moves_the_due_day_by_each_offset_clamped_to_the_interval_replayed() {
    // SM-2's 5, 5, 5: intervals 1, 6 and 17. An interval of 1 has no
    // window; 6 may go 4 to 8 days, 17 may go 14 to 20.
    let log = moved(&[(5, 100, Some(3)), (5, 101, Some(5)), (5, 107, Some(-9))]);
    let after = |n: usize| replay(log[..n].to_vec()).progress.unwrap().schedule;
    assert_eq!(after(1).due, Some(101));
    assert_eq!((after(2).interval, after(2).due), (6, Some(101 + 8)));
    assert_eq!((after(3).interval, after(3).due), (17, Some(107 + 14)));
    // Within the window, an offset is kept as it is.
    let log = moved(&[(5, 100, None), (5, 101, Some(-1))]);
    assert_eq!(replay(log).progress.unwrap().schedule.due, Some(101 + 5));
}

#[test]
fn a_grade_without_an_offset_or_that_did_not_count_replays_as_before() {
    let plain = entries(&[(5, 100), (5, 101), (3, 107), (0, 107), (4, 130)]);
    let mut offsets = plain.clone();
    // The repeat on day 107 did not count: its offset moves nothing.
    offsets[3].due_offset = Some(2);
    assert_eq!(replay(plain.clone()), replay(offsets));
    // And no offset at all is the replay of an SM-2 log as it always was.
    let (mut progress, mut schedule) = (None, Schedule::NEW);
    for e in &plain {
        let graded = grade(progress, e.grade, e.day);
        if graded.counted {
            schedule = review(schedule, e.grade, e.day);
        }
        progress = Some(graded.progress);
    }
    assert_eq!(replay(plain).progress.unwrap().schedule, schedule);
}

#[test]
fn under_fsrs_the_offset_is_clamped_to_the_window_of_fsrs_interval() {
    let fsrs = fsrs();
    // A new card graded easy: FSRS's interval of 8 days (window 6 to 10).
    let log = moved(&[(5, 100, Some(3))]);
    let schedule = fsrs.replay(log).progress.unwrap().schedule;
    assert_eq!(schedule.interval, 8);
    assert_eq!(schedule.due, Some(100 + 10));
    // The same log under SM-2 gives 1 day, which no offset moves.
    let log = moved(&[(5, 100, Some(3))]);
    assert_eq!(replay(log).progress.unwrap().schedule.due, Some(101));
}
