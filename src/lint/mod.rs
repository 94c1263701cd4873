//! `recall lint`'s findings (docs/design.md §14.3): among the cards the
//! notes give, the ones a learner would likely not keep as they are, each
//! with what is wrong and what to do in the note. Pure: drafts in,
//! findings out, in note order.

use std::collections::HashMap;

use crate::cards::{Draft, Kind};

#[cfg(test)]
mod tests;

/// More answer items than one recalls as one answer: past this, a list
/// card asks for an enumeration, and every review fails on one item.
pub const MAX_ITEMS: usize = 7;

/// As many clozes of one deck blanking one phrase as make it a label.
pub const REPEATED_BLANK: usize = 3;

/// What is wrong with a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// An answer of more than `MAX_ITEMS` items.
    LongAnswer { items: usize },
    /// The same question, in the same deck, answered otherwise at `line`.
    AskedTwice { line: u32 },
    /// The same question and answer in another deck, at `line`.
    InTwoDecks { deck: String, line: u32 },
    /// An answer item that says what the question says.
    RepeatsQuestion,
    /// Nothing to read once the answer is rendered.
    EmptyAnswer,
    /// A cloze whose blank is the blank of `others` more clozes of its
    /// deck: a field's label (`**Scope of work**: …` under each level),
    /// the same answer to every question.
    RepeatedBlank { others: usize },
}

impl Problem {
    /// A stable name, for `--json` and for counting.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::LongAnswer { .. } => "long-answer",
            Problem::AskedTwice { .. } => "asked-twice",
            Problem::InTwoDecks { .. } => "in-two-decks",
            Problem::RepeatsQuestion => "repeats-question",
            Problem::EmptyAnswer => "empty-answer",
            Problem::RepeatedBlank { .. } => "repeated-blank",
        }
    }

    /// What is wrong, in a few words.
    pub fn what(&self) -> String {
        match self {
            Problem::LongAnswer { items } => format!("an answer of {items} items"),
            Problem::AskedTwice { line } => {
                format!("asked again at line {line} with another answer")
            }
            Problem::InTwoDecks { deck, line } => {
                format!("the same card as {deck}:{line}")
            }
            Problem::RepeatsQuestion => "the answer repeats the question".into(),
            Problem::EmptyAnswer => "the answer is empty once rendered".into(),
            Problem::RepeatedBlank { others } => format!(
                "the same blank as {others} other cloze{} of the deck",
                if *others == 1 { "" } else { "s" }
            ),
        }
    }

    /// What to do in the note.
    pub fn advice(&self) -> &'static str {
        match self {
            Problem::LongAnswer { .. } => {
                "split it under sub-headings or sub-items of at most 7 each"
            }
            Problem::AskedTwice { .. } => "make each question say which one it asks",
            Problem::InTwoDecks { .. } => "keep it in one note",
            Problem::RepeatsQuestion => "ask what the item says about it instead",
            Problem::EmptyAnswer => "write the answer as text, or remove the list",
            Problem::RepeatedBlank { .. } => {
                "a label is not knowledge: unbold it, or bold what the item says instead"
            }
        }
    }
}

/// One card likely poor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding<'a> {
    pub draft: &'a Draft,
    pub problem: Problem,
}

/// The findings of every card in `drafts` (any number of decks), in the
/// order of the drafts, several per card where several apply.
pub fn lint(drafts: &[Draft]) -> Vec<Finding<'_>> {
    // Same deck and question → the cards; same question and answer → the
    // cards, whatever their deck.
    let mut by_question: HashMap<(&str, String), Vec<&Draft>> = HashMap::new();
    let mut by_card: HashMap<(Kind, String, Vec<String>), Vec<&Draft>> = HashMap::new();
    let mut by_blank: HashMap<(&str, String), usize> = HashMap::new();
    for d in drafts {
        if d.kind == Kind::List {
            by_question
                .entry((&d.deck, fold(&d.question)))
                .or_default()
                .push(d);
        }
        by_card
            .entry((d.kind, fold(&d.question), answer_of(d)))
            .or_default()
            .push(d);
        if let (Kind::Cloze, Some(blank)) = (d.kind, d.answer.first()) {
            *by_blank.entry((&d.deck, fold(blank))).or_default() += 1;
        }
    }
    let mut found = Vec::new();
    for d in drafts {
        let mut add = |problem| found.push(Finding { draft: d, problem });
        if d.kind == Kind::List && d.answer.len() > MAX_ITEMS {
            add(Problem::LongAnswer {
                items: d.answer.len(),
            });
        }
        if d.kind == Kind::List
            && let Some(other) = by_question[&(d.deck.as_str(), fold(&d.question))]
                .iter()
                .find(|o| !std::ptr::eq(**o, d) && !same_answer(o, d))
        {
            add(Problem::AskedTwice { line: other.line });
        }
        let card = (d.kind, fold(&d.question), answer_of(d));
        if let Some(other) = by_card[&card].iter().find(|o| o.deck != d.deck) {
            add(Problem::InTwoDecks {
                deck: other.deck.clone(),
                line: other.line,
            });
        }
        let question = fold(&d.question);
        if d.kind == Kind::List
            && !question.is_empty()
            && d.answer.iter().any(|a| fold(a) == question)
        {
            add(Problem::RepeatsQuestion);
        }
        if let (Kind::Cloze, Some(blank)) = (d.kind, d.answer.first()) {
            let same = by_blank[&(d.deck.as_str(), fold(blank))];
            if same >= REPEATED_BLANK {
                add(Problem::RepeatedBlank { others: same - 1 });
            }
        }
        let blocks = d.lead.iter().chain(&d.details);
        if d.answer.iter().all(|a| fold(a).is_empty())
            && blocks.map(|b| b.text.plain.trim()).all(str::is_empty)
        {
            add(Problem::EmptyAnswer);
        }
    }
    found
}

fn same_answer(a: &Draft, b: &Draft) -> bool {
    answer_of(a) == answer_of(b)
}

/// A card's answer as compared: its items, then its lead's and details'
/// plain text (docs/design.md §14.1: they are the answer too), each
/// folded. Two cheat-sheet lines answered by different commands are two
/// answers.
fn answer_of(d: &Draft) -> Vec<String> {
    let blocks = d.lead.iter().chain(&d.details);
    d.answer
        .iter()
        .map(|a| fold(a))
        .chain(blocks.map(|b| fold(&b.text.plain)))
        .collect()
}

/// `text` as two readers would compare it: lowercase, whitespace runs one
/// space, and no punctuation or symbols at either end.
fn fold(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .join(" ")
        .to_lowercase()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}
