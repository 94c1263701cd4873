//! Unit tests of the session state machine, with an in-memory backend.

use super::*;

#[derive(Default)]
struct Log {
    reviews: Vec<(i64, i64, u8)>,
    next: i64,
}

impl Backend for Log {
    type Error = ();
    fn record(&mut self, card: i64, grade: Grade) -> Result<i64, ()> {
        self.next += 1;
        self.reviews.push((self.next, card, grade.value()));
        Ok(self.next)
    }
    fn undo(&mut self, review: i64) -> Result<(), ()> {
        self.reviews.retain(|r| r.0 != review);
        Ok(())
    }
}

/// The digit `n` typed.
fn g(n: u8) -> Input {
    Input::Key(n)
}

fn answer(s: &mut Session, log: &mut Log, grade: u8) -> Outcome {
    assert_eq!(s.handle(Input::Reveal, log), Ok(Outcome::Revealed));
    s.handle(g(grade), log).unwrap()
}

#[test]
fn a_card_is_revealed_then_graded_and_the_next_card_follows() {
    let mut log = Log::default();
    let mut s = Session::new([1, 2]);
    assert_eq!(s.current(), Some(1));
    assert_eq!(s.phase(), Phase::Question);
    assert_eq!(
        answer(&mut s, &mut log, 5),
        Outcome::Graded { again: false }
    );
    assert_eq!(s.current(), Some(2));
    assert_eq!(log.reviews, vec![(1, 1, 5)]);
}

#[test]
fn grading_before_reveal_and_revealing_twice_are_refused() {
    let mut log = Log::default();
    let mut s = Session::new([1]);
    assert!(matches!(s.handle(g(5), &mut log), Ok(Outcome::Refused(_))));
    s.handle(Input::Reveal, &mut log).unwrap();
    assert!(matches!(
        s.handle(Input::Reveal, &mut log),
        Ok(Outcome::Refused(_))
    ));
    assert!(log.reviews.is_empty());
    assert_eq!(s.current(), Some(1));
}

#[test]
fn a_card_graded_below_4_comes_back_until_it_scores_4() {
    let mut log = Log::default();
    let mut s = Session::new([1]);
    assert_eq!(answer(&mut s, &mut log, 3), Outcome::Graded { again: true });
    assert_eq!(s.current(), Some(1));
    assert_eq!(answer(&mut s, &mut log, 2), Outcome::Graded { again: true });
    assert_eq!(
        answer(&mut s, &mut log, 4),
        Outcome::Graded { again: false }
    );
    assert_eq!(s.current(), None);
    assert_eq!(log.reviews.len(), 3);
}

#[test]
fn a_failed_card_returns_after_a_few_others() {
    let mut log = Log::default();
    let mut s = Session::new(1..=8);
    answer(&mut s, &mut log, 0);
    let order: Vec<i64> = std::iter::from_fn(|| {
        let card = s.current()?;
        answer(&mut s, &mut log, 5);
        Some(card)
    })
    .collect();
    assert_eq!(order, vec![2, 3, 4, 5, 6, 1, 7, 8]);
}

#[test]
fn undo_takes_back_the_last_grade_and_asks_that_card_again() {
    let mut log = Log::default();
    let mut s = Session::new([1, 2, 3]);
    answer(&mut s, &mut log, 5);
    answer(&mut s, &mut log, 1);
    assert_eq!(
        s.handle(Input::Undo, &mut log),
        Ok(Outcome::Undone { card: 2 })
    );
    assert_eq!(log.reviews, vec![(1, 1, 5)]);
    assert_eq!(s.current(), Some(2));
    // The failed card's repeat was taken out of the queue too.
    answer(&mut s, &mut log, 5);
    answer(&mut s, &mut log, 5);
    assert_eq!(s.current(), None);
    assert_eq!(s.handle(Input::Undo, &mut log), Ok(Outcome::Quit));
}

#[test]
fn undo_works_at_the_answer_prompt_and_repeatedly() {
    let mut log = Log::default();
    let mut s = Session::new([1, 2]);
    answer(&mut s, &mut log, 4);
    s.handle(Input::Reveal, &mut log).unwrap();
    assert_eq!(
        s.handle(Input::Undo, &mut log),
        Ok(Outcome::Undone { card: 1 })
    );
    assert_eq!(s.phase(), Phase::Question);
    assert_eq!(s.current(), Some(1));
    assert!(matches!(
        s.handle(Input::Undo, &mut log),
        Ok(Outcome::Refused(_))
    ));
    assert!(log.reviews.is_empty());
    assert_eq!(s.remaining(), 2);
}

#[test]
fn undo_after_skips_or_undos_removes_the_repeat_and_no_other_card() {
    let mut log = Log::default();
    let mut s = Session::new(1..=7);
    // Card 1 fails and is put back behind five others; a skip then shifts
    // the queue before the undo.
    answer(&mut s, &mut log, 2);
    assert_eq!(s.handle(Input::Skip, &mut log), Ok(Outcome::Skipped));
    s.handle(Input::Undo, &mut log).unwrap();
    let order: Vec<i64> = std::iter::from_fn(|| {
        let card = s.current()?;
        answer(&mut s, &mut log, 5);
        Some(card)
    })
    .collect();
    assert_eq!(order, vec![1, 3, 4, 5, 6, 7]);

    // Two undos in a row: the first one's push to the front shifts the queue.
    let mut log = Log::default();
    let mut s = Session::new(1..=4);
    answer(&mut s, &mut log, 0);
    answer(&mut s, &mut log, 5);
    s.handle(Input::Undo, &mut log).unwrap();
    s.handle(Input::Undo, &mut log).unwrap();
    assert!(log.reviews.is_empty());
    let order: Vec<i64> = std::iter::from_fn(|| {
        let card = s.current()?;
        answer(&mut s, &mut log, 5);
        Some(card)
    })
    .collect();
    assert_eq!(order, vec![1, 2, 3, 4]);
}

#[test]
fn skip_drops_the_card_from_this_session_without_a_grade() {
    let mut log = Log::default();
    let mut s = Session::new([1, 2]);
    assert_eq!(s.handle(Input::Skip, &mut log), Ok(Outcome::Skipped));
    assert_eq!(s.current(), Some(2));
    assert!(log.reviews.is_empty());
    assert_eq!(s.summary().skipped, 1);
}

#[test]
fn quit_ends_the_session_at_once() {
    let mut log = Log::default();
    let mut s = Session::new([1, 2]);
    assert_eq!(s.handle(Input::Quit, &mut log), Ok(Outcome::Quit));
    assert_eq!(s.current(), None);
}

#[test]
fn the_summary_counts_cards_and_their_first_grade() {
    let mut log = Log::default();
    let mut s = Session::new([1, 2, 3]);
    answer(&mut s, &mut log, 5);
    answer(&mut s, &mut log, 2);
    answer(&mut s, &mut log, 3);
    // Card 2 then card 3 come back; both now pass.
    answer(&mut s, &mut log, 5);
    answer(&mut s, &mut log, 5);
    assert_eq!(
        s.summary(),
        Summary {
            cards: 3,
            grades: 5,
            passed: 2,
            skipped: 0
        }
    );
}

#[test]
fn a_failing_backend_leaves_the_card_in_place() {
    struct Broken;
    impl Backend for Broken {
        type Error = &'static str;
        fn record(&mut self, _: i64, _: Grade) -> Result<i64, &'static str> {
            Err("disk full")
        }
        fn undo(&mut self, _: i64) -> Result<(), &'static str> {
            Err("disk full")
        }
    }
    let mut s = Session::new([1, 2]);
    s.handle(Input::Reveal, &mut Broken).unwrap();
    assert_eq!(s.handle(g(5), &mut Broken), Err("disk full"));
    assert_eq!(s.current(), Some(1));
    assert_eq!(s.phase(), Phase::Answer);
}

/// The cards a session asks when each is graded `grade` at once, with the
/// cards in `dropped` left out when they come up (as the runner does for a
/// sibling of a card already asked today).
fn asked(mut s: Session, dropped: &[i64], grade: u8) -> Vec<i64> {
    let mut log = Log::default();
    let mut asked = Vec::new();
    while let Some(card) = s.current() {
        if dropped.contains(&card) {
            s.drop_current();
            continue;
        }
        asked.push(card);
        answer(&mut s, &mut log, grade);
    }
    asked
}

#[test]
fn the_session_limit_caps_due_and_new_cards_together() {
    use crate::session::queue::{self, Candidate, Limits};
    let due = |id, day| Candidate {
        id,
        due: Some(crate::scheduler::DueCard {
            due: day,
            interval: 1,
            last_day: day - 1,
            stability: None,
        }),
        family: Some(id as u64),
    };
    let new = |id| Candidate {
        id,
        due: None,
        family: Some(id as u64),
    };
    let queue = |due_cards: Vec<Candidate>| {
        let built = queue::build(
            due_cards,
            (10..20).map(new),
            &Default::default(),
            Limits {
                new: 10,
                reviews: None,
            },
            |_| 0.0,
            0,
        );
        built.cards.iter().map(|c| c.id).collect::<Vec<_>>()
    };
    let limited = Session::new(queue(vec![due(1, 3), due(2, 4)])).with_limit(Some(3));
    assert_eq!(limited.remaining(), 3);
    assert_eq!(asked(limited, &[], 5), [1, 2, 10]);
    let one = Session::new(queue(vec![due(1, 3), due(2, 4)])).with_limit(Some(1));
    assert_eq!(asked(one, &[], 5), [1]);
    let none = Session::new(queue(vec![])).with_limit(Some(0));
    assert_eq!(none.current(), None);
    let unlimited = Session::new(queue(vec![])).with_limit(None);
    assert_eq!(asked(unlimited, &[], 5), (10..20).collect::<Vec<_>>());
}

#[test]
fn cards_dropped_unasked_do_not_count_against_the_limit() {
    let s = Session::new(1..=6).with_limit(Some(3));
    assert_eq!(asked(s, &[2, 3], 5), [1, 4, 5]);
    // Fewer cards than the limit once the dropped ones are out: all of them.
    let s = Session::new(1..=4).with_limit(Some(3));
    assert_eq!(asked(s, &[1, 2], 5), [3, 4]);
}

#[test]
fn a_card_dropped_after_it_was_graded_leaves_no_place_to_fill() {
    let mut log = Log::default();
    let mut s = Session::new([1, 2, 3]).with_limit(Some(2));
    // Card 1 fails and comes back after card 2.
    answer(&mut s, &mut log, 2);
    answer(&mut s, &mut log, 5);
    assert_eq!(s.current(), Some(1));
    // An edit retires it now: it was shown, so card 3 stays out.
    s.drop_current();
    assert_eq!(s.current(), None);
}

#[test]
fn a_skipped_card_counts_against_the_limit() {
    let mut log = Log::default();
    let mut s = Session::new([1, 2, 3]).with_limit(Some(2));
    assert_eq!(s.handle(Input::Skip, &mut log), Ok(Outcome::Skipped));
    answer(&mut s, &mut log, 5);
    assert_eq!(s.current(), None);
}

// Typed answers (docs/design.md §12).

/// A log that keeps the proposal of each typed grade.
#[derive(Default)]
struct TypedLog {
    reviews: Vec<(i64, u8, Option<u8>)>,
}

impl Backend for TypedLog {
    type Error = ();
    fn record(&mut self, card: i64, grade: Grade) -> Result<i64, ()> {
        self.reviews.push((card, grade.value(), None));
        Ok(self.reviews.len() as i64)
    }
    fn record_typed(&mut self, card: i64, grade: Grade, proposed: Grade) -> Result<i64, ()> {
        self.reviews
            .push((card, grade.value(), Some(proposed.value())));
        Ok(self.reviews.len() as i64)
    }
    fn undo(&mut self, review: i64) -> Result<(), ()> {
        self.reviews.truncate(review as usize - 1);
        Ok(())
    }
}

fn grade(n: u8) -> Grade {
    Grade::new(n).unwrap()
}

#[test]
fn a_typed_session_starts_at_typing_and_enter_accepts_the_proposal() {
    let mut log = TypedLog::default();
    let mut s = Session::new([1, 2]).typed(true);
    assert_eq!(s.phase(), Phase::Typing);
    assert_eq!(
        s.handle(Input::Answered(grade(4)), &mut log),
        Ok(Outcome::Revealed)
    );
    assert_eq!(s.phase(), Phase::Proposed(grade(4)));
    assert_eq!(
        s.handle(Input::Reveal, &mut log),
        Ok(Outcome::Graded { again: false })
    );
    assert_eq!((s.current(), s.phase()), (Some(2), Phase::Typing));
    assert_eq!(log.reviews, [(1, 4, Some(4))]);
}

#[test]
fn a_digit_at_the_proposal_overrides_it_up_or_down_and_keeps_what_was_proposed() {
    let mut log = TypedLog::default();
    let mut s = Session::new([1, 2, 3]).typed(true);
    s.handle(Input::Answered(grade(4)), &mut log).unwrap();
    s.handle(g(5), &mut log).unwrap();
    s.handle(Input::Answered(grade(5)), &mut log).unwrap();
    // A grade below 4 brings the card back, as in any session.
    assert_eq!(
        s.handle(g(2), &mut log),
        Ok(Outcome::Graded { again: true })
    );
    assert_eq!(log.reviews, [(1, 5, Some(4)), (2, 2, Some(5))]);
}

#[test]
fn while_typing_there_is_no_reveal_and_no_grade_and_undo_asks_the_card_again_typed() {
    let mut log = TypedLog::default();
    let mut s = Session::new([1, 2, 3]).typed(true);
    for early in [Input::Reveal, g(5)] {
        assert!(matches!(s.handle(early, &mut log), Ok(Outcome::Refused(_))));
    }
    assert_eq!(s.phase(), Phase::Typing);
    s.handle(Input::Answered(grade(0)), &mut log).unwrap();
    // The proposal's prompt takes the session's keys: skip moves on, typed.
    assert_eq!(s.handle(Input::Skip, &mut log), Ok(Outcome::Skipped));
    assert_eq!((s.current(), s.phase()), (Some(2), Phase::Typing));
    s.handle(Input::Answered(grade(5)), &mut log).unwrap();
    s.handle(Input::Reveal, &mut log).unwrap();
    assert_eq!(
        s.handle(Input::Undo, &mut log),
        Ok(Outcome::Undone { card: 2 })
    );
    assert_eq!((s.current(), s.phase()), (Some(2), Phase::Typing));
    assert!(log.reviews.is_empty());
    // An answer is given once: a second one at the proposal is refused.
    s.handle(Input::Answered(grade(1)), &mut log).unwrap();
    assert!(matches!(
        s.handle(Input::Answered(grade(5)), &mut log),
        Ok(Outcome::Refused(_))
    ));
    assert_eq!(s.phase(), Phase::Proposed(grade(1)));
}

#[test]
fn an_untyped_session_refuses_a_typed_answer() {
    let mut log = TypedLog::default();
    let mut s = Session::new([1]);
    assert!(matches!(
        s.handle(Input::Answered(grade(5)), &mut log),
        Ok(Outcome::Refused(_))
    ));
    assert!(log.reviews.is_empty());
}

// Under FSRS (docs/design.md §11): four buttons, Again alone comes back.

#[test]
fn under_fsrs_keys_1_to_4_log_1_3_4_5_and_0_or_5_are_refused() {
    let mut log = Log::default();
    let mut s = Session::new([1, 2, 3, 4]).buttons(Buttons::Fsrs);
    s.handle(Input::Reveal, &mut log).unwrap();
    for refused in [0, 5, 9] {
        assert_eq!(
            s.handle(g(refused), &mut log),
            Ok(Outcome::Refused(
                "grade with 1 again, 2 hard, 3 good or 4 easy"
            ))
        );
    }
    assert_eq!(
        s.handle(Input::Reveal, &mut log),
        Ok(Outcome::Refused("grade the answer first: 1-4"))
    );
    s.handle(g(2), &mut log).unwrap();
    for key in [3, 4] {
        answer(&mut s, &mut log, key);
    }
    let logged: Vec<u8> = log.reviews.iter().map(|r| r.2).collect();
    assert_eq!(logged, [3, 4, 5]);
    assert_eq!(answer(&mut s, &mut log, 1), Outcome::Graded { again: true });
    assert_eq!(log.reviews.last().map(|r| r.2), Some(1));
}

#[test]
fn under_fsrs_hard_does_not_bring_a_card_back_and_again_does_until_passed() {
    let mut log = Log::default();
    let mut s = Session::new([1]).buttons(Buttons::Fsrs);
    assert_eq!(answer(&mut s, &mut log, 1), Outcome::Graded { again: true });
    assert_eq!(s.current(), Some(1));
    assert_eq!(
        answer(&mut s, &mut log, 2),
        Outcome::Graded { again: false }
    );
    assert_eq!(s.current(), None);
    assert_eq!(s.summary().grades, 2);
}

#[test]
fn under_fsrs_a_typed_proposal_is_accepted_and_a_button_overrides_it() {
    let mut log = TypedLog::default();
    let mut s = Session::new([1, 2]).typed(true).buttons(Buttons::Fsrs);
    // The proposal arrives already as the grade of a button (good: 4).
    s.handle(Input::Answered(grade(4)), &mut log).unwrap();
    s.handle(Input::Reveal, &mut log).unwrap();
    s.handle(Input::Answered(grade(3)), &mut log).unwrap();
    assert!(matches!(s.handle(g(5), &mut log), Ok(Outcome::Refused(_))));
    assert_eq!(
        s.handle(g(1), &mut log),
        Ok(Outcome::Graded { again: true })
    );
    assert_eq!(log.reviews, [(1, 4, Some(4)), (2, 1, Some(3))]);
}
