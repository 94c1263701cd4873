//! Unit and property tests of SM-2: the worked sequences of docs/design.md §4, then
//! one rule or edge case each, then invariants over random grade histories.

use proptest::prelude::*;

use super::*;

fn grade(n: u8) -> Grade {
    Grade::new(n).unwrap()
}

/// The schedules after each grade, given one a day from day 0. Real reviews
/// are further apart, but the day only shows up in `due`.
fn run(grades: &[u8]) -> Vec<Schedule> {
    let mut state = Schedule::NEW;
    let mut states = Vec::new();
    for (day, &n) in grades.iter().enumerate() {
        state = review(state, grade(n), day as Day);
        states.push(state);
    }
    states
}

fn intervals(states: &[Schedule]) -> Vec<u32> {
    states.iter().map(|s| s.interval).collect()
}

#[test]
fn new_card() {
    assert_eq!(
        Schedule::NEW,
        Schedule {
            ef: 250,
            interval: 0,
            repetitions: 0,
            lapses: 0,
            due: None
        }
    );
}

#[test]
fn all_fives() {
    let states = run(&[5, 5, 5, 5, 5]);
    assert_eq!(intervals(&states), [1, 6, 17, 48, 140]);
    assert_eq!(ef_display(states[4].ef), "3.00");
    assert_eq!(states[4].repetitions, 5);
}

#[test]
fn all_threes() {
    let states = run(&[3, 3, 3, 3, 3, 3]);
    assert_eq!(intervals(&states), [1, 6, 14, 30, 59, 107]);
    assert_eq!(ef_display(states[5].ef), "1.66");
}

#[test]
fn two_blackouts_then_fives() {
    let states = run(&[0, 0, 5, 5, 5]);
    assert_eq!(intervals(&states), [1, 1, 1, 6, 9]);
    assert_eq!(ef_display(states[4].ef), "1.60");
}

#[test]
fn integer_ceil_does_not_round_up_a_day_too_far() {
    // Float SM-2 computes 6 × 1.5000000000000002 here and gets 10.
    let after = run(&[0, 0, 5, 5]);
    assert_eq!(after[3].interval, 6);
    assert_eq!(after[3].ef, 150);
    assert_eq!(review(after[3], grade(5), 10).interval, 9);
}

#[test]
fn failing_resets_repetitions_and_interval() {
    let states = run(&[5, 5, 5, 2]);
    assert_eq!(states[3].repetitions, 0);
    assert_eq!(states[3].interval, 1);
}

#[test]
fn failing_a_learned_card_is_a_lapse() {
    let states = run(&[4, 4, 1, 4, 0]);
    assert_eq!(states[2].lapses, 1);
    assert_eq!(states[4].lapses, 2);
}

#[test]
fn failing_a_new_or_relearning_card_is_not_a_lapse() {
    let states = run(&[0, 2, 1]);
    assert_eq!(states[2].lapses, 0);
}

#[test]
fn ef_floor() {
    let states = run(&[0, 0, 0, 1, 2]);
    assert!(states[1..].iter().all(|s| s.ef == EF_FLOOR));
    assert_eq!(ef_display(states[0].ef), "1.70");
}

#[test]
fn ef_steps_by_grade() {
    let steps: Vec<i32> = (0..=5)
        .map(|n| i32::from(review(Schedule::NEW, grade(n), 0).ef) - 250)
        .collect();
    assert_eq!(steps, [-80, -54, -32, -14, 0, 10]);
}

#[test]
fn late_review_only_moves_the_due_day() {
    let on_time = run(&[4, 4]);
    let late = review(on_time[1], grade(4), 100);
    let prompt = review(on_time[1], grade(4), 7);
    assert_eq!(late.interval, prompt.interval);
    assert_eq!(late.ef, prompt.ef);
    assert_eq!(late.due, Some(100 + 15));
    assert_eq!(prompt.due, Some(7 + 15));
}

#[test]
fn interval_is_capped() {
    let states = run(&[5; 12]);
    assert_eq!(states[11].interval, MAX_INTERVAL);
    assert_eq!(states[11].due, Some(11 + MAX_INTERVAL as Day));
}

#[test]
fn ef_display_pads_hundredths() {
    assert_eq!(ef_display(250), "2.50");
    assert_eq!(ef_display(236), "2.36");
    assert_eq!(ef_display(130), "1.30");
    assert_eq!(ef_display(305), "3.05");
}

#[test]
fn grade_parsing() {
    for n in 0..=5u8 {
        assert_eq!(n.to_string().parse::<Grade>(), Ok(grade(n)));
    }
    for bad in ["6", "-1", "a", "", " 3", "3 ", "03", "+3", "10"] {
        let err = bad.parse::<Grade>().unwrap_err();
        assert_eq!(err.input, bad);
    }
}

#[test]
fn grade_new_and_meaning() {
    assert_eq!(Grade::new(6), None);
    assert_eq!(grade(5).value(), 5);
    assert!(grade(3).passed());
    assert!(!grade(2).passed());
    assert_eq!(grade(0).label(), "blackout");
    assert_eq!(grade(5).label(), "perfect");
    assert_eq!(grade(4).to_string(), "4");
}

/// A grade history: each grade with the gap in days since the one before
/// (0 for a same-day repeat).
fn history() -> impl Strategy<Value = Vec<(u8, u16)>> {
    prop::collection::vec((0..=5u8, 0..400u16), 0..40)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn invariants_after_every_grade(history in history()) {
        let mut state = Schedule::NEW;
        let mut day: Day = 19_000;
        for (n, gap) in history {
            day += Day::from(gap) + 1;
            state = review(state, grade(n), day);
            prop_assert!(state.ef >= EF_FLOOR);
            prop_assert!(state.interval >= 1);
            prop_assert!(state.due.unwrap() > day);
        }
    }
}
