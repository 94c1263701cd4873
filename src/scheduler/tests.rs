use proptest::prelude::*;

use super::sm2::review;
use super::*;

fn g(n: u8) -> Grade {
    Grade::new(n).unwrap()
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
