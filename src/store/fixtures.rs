//! Rows for unit tests, shared by the store's tests and `grading`'s: a card
//! from a small draft, and a grade on a given day at a fixed hour.

use std::sync::Arc;

use super::{NewCard, NewReview, Store};
use crate::cards::{Draft, Kind};
use crate::scheduler::{Day, Grade};

/// The moment the tests' grades are given on `TODAY`.
pub const NOW: i64 = 1_772_355_600; // 2026-03-01T09:00:00Z
pub const TODAY: Day = 20_513; // 2026-03-01

/// A list card of deck `rust` asking `question`, answered by `x`.
pub fn draft(question: &str) -> Draft {
    Draft {
        deck: "rust".into(),
        kind: Kind::List,
        context: Arc::from([]),
        question: question.into(),
        answer: vec!["x".into()],
        context_md: Arc::from([]),
        question_md: question.into(),
        answer_md: vec!["x".into()],
        lead: Vec::new(),
        details: Vec::new(),
        line: 1,
        family_line: 1,
    }
}

/// Stores `draft(question)`; its new id.
pub fn add_card(store: &Store, question: &str) -> i64 {
    let draft = draft(question);
    store
        .write(|w| {
            w.insert_card(
                &NewCard {
                    draft: &draft,
                    ordinal: 0,
                },
                NOW,
            )
        })
        .unwrap()
}

/// The grade `n` given on `day`, at the hour of `NOW` on that day.
pub fn review(card_id: i64, day: Day, n: u8) -> NewReview {
    NewReview {
        card_id,
        at: NOW + i64::from(day - TODAY) * 86_400,
        day,
        grade: Grade::new(n).unwrap(),
        millis: 1_500,
        due_offset: None,
    }
}
