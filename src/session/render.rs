//! How a card reads on screen, shared by both front-ends: the header line,
//! the question side and the answer side, as plain lines of text.

use crate::cards::Kind;
use crate::sm2::Grade;
use crate::store::CardState;

/// Header, breadcrumb and question.
pub fn question(state: &CardState, remaining: usize) -> Vec<String> {
    let card = &state.card;
    let mut marks = vec![card.deck.clone()];
    if state.schedule.is_none() {
        marks.push("new".into());
    }
    if card.changed {
        marks.push("changed since last review".into());
    }
    let mut lines = vec![format!("── {} · {remaining} left ──", marks.join(" · "))];
    if !card.context_md.is_empty() {
        lines.push(card.context_md.join(" › "));
    }
    let count = match card.kind {
        Kind::List => format!(
            "  ({} item{})",
            card.answer_md.len(),
            if card.answer_md.len() == 1 { "" } else { "s" }
        ),
        Kind::Cloze => String::new(),
    };
    lines.push(format!("Q: {}{count}", card.question_md));
    lines
}

/// The answer items.
pub fn answer(state: &CardState) -> Vec<String> {
    let card = &state.card;
    match card.kind {
        Kind::Cloze => vec![format!("A: {}", card.answer_md.join(" "))],
        Kind::List => std::iter::once("A:".to_string())
            .chain(card.answer_md.iter().map(|item| format!("  - {item}")))
            .collect(),
    }
}

/// The grades with SuperMemo's meanings, one per line.
pub fn grade_help() -> Vec<String> {
    (0..=5)
        .filter_map(Grade::new)
        .map(|g| format!("  {} {}", g.value(), g.label()))
        .collect()
}
