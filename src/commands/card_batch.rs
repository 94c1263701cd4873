//! Listed cards copied out of the database a few hundred at a time into one
//! flat buffer, so that `cards` can read the database on one thread while
//! another formats and writes the lines (the two halves cost about the same
//! with 100,000 cards).

use std::ops::Range;

use crate::cards::{Block, Kind};
use crate::scheduler::Progress;
use crate::store::ListedCard;

/// Cards in a batch: how many before it is handed on.
pub const SIZE: usize = 256;

/// A batch of listed cards: their text in one string, the rest by card.
#[derive(Default)]
pub struct Batch {
    text: String,
    cards: Vec<Stashed>,
}

/// A listed card whose text lives in its batch's string.
struct Stashed {
    id: i64,
    kind: Kind,
    line: u32,
    retired: bool,
    suspended: bool,
    changed: bool,
    progress: Option<Progress>,
    reviews: u32,
    last_review: Option<i64>,
    deck: Range<usize>,
    context_json: Range<usize>,
    question: Range<usize>,
    answer_json: Range<usize>,
    lead: Vec<Block>,
    details: Vec<Block>,
}

impl Batch {
    pub fn with_capacity(cards: usize) -> Batch {
        Batch {
            text: String::with_capacity(cards * 256),
            cards: Vec::with_capacity(cards),
        }
    }

    pub fn len(&self) -> usize {
        self.cards.len()
    }

    /// Copies `card` into the batch.
    pub fn push(&mut self, card: &ListedCard<'_>) {
        let mut keep = |s: &str| {
            let start = self.text.len();
            self.text.push_str(s);
            start..self.text.len()
        };
        let stashed = Stashed {
            id: card.id,
            kind: card.kind,
            line: card.line,
            retired: card.retired,
            suspended: card.suspended,
            changed: card.changed,
            progress: card.progress,
            reviews: card.reviews,
            last_review: card.last_review,
            deck: keep(card.deck),
            context_json: keep(card.context_json),
            question: keep(card.question),
            answer_json: keep(card.answer_json),
            lead: card.lead.to_vec(),
            details: card.details.to_vec(),
        };
        self.cards.push(stashed);
    }

    /// The cards, in the order pushed, as they were read.
    pub fn cards(&self) -> impl Iterator<Item = ListedCard<'_>> {
        let text = |range: &Range<usize>| &self.text[range.clone()];
        self.cards.iter().map(move |c| ListedCard {
            id: c.id,
            deck: text(&c.deck),
            kind: c.kind,
            context_json: text(&c.context_json),
            question: text(&c.question),
            answer_json: text(&c.answer_json),
            lead: &c.lead,
            details: &c.details,
            line: c.line,
            retired: c.retired,
            suspended: c.suspended,
            changed: c.changed,
            progress: c.progress,
            reviews: c.reviews,
            last_review: c.last_review,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cards::{BlockKind, Text};
    use crate::scheduler::Schedule;
    use crate::scheduler::fsrs::Memory;

    #[test]
    fn cards_come_back_as_they_went_in() {
        let code = [Block {
            kind: BlockKind::Code {
                lang: Some("sh".into()),
            },
            text: Text {
                plain: "ls -la".into(),
                md: "ls -la".into(),
            },
            line: 4,
        }];
        let one = ListedCard {
            id: 7,
            deck: "rust/한국어",
            kind: Kind::Cloze,
            context_json: r#"["a","b"]"#,
            question: "q […]",
            answer_json: r#"["x"]"#,
            lead: &[],
            details: &code,
            line: 3,
            retired: false,
            suspended: true,
            changed: true,
            progress: Some(Progress {
                schedule: Schedule::NEW,
                first_day: 3,
                last_day: 4,
                memory: Some(Memory {
                    stability: 2.5,
                    difficulty: 6.25,
                }),
            }),
            reviews: 2,
            last_review: Some(100),
        };
        let two = ListedCard {
            id: 8,
            deck: "",
            question: "",
            progress: None,
            last_review: None,
            details: &[],
            ..one
        };
        let mut batch = Batch::with_capacity(2);
        batch.push(&one);
        batch.push(&two);
        assert_eq!(batch.len(), 2);
        assert_eq!(batch.cards().collect::<Vec<_>>(), [one, two]);
    }
}
