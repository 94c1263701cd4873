//! How a card reads on screen, shared by both front-ends: the header line,
//! the question side and the answer side, rendered from the card's Markdown
//! and wrapped to the screen width.

use crate::cards::Kind;
use crate::store::CardState;
use crate::styled::wrap;
use crate::width::truncate;

/// Where and how the card is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Screen {
    pub width: usize,
    pub color: bool,
}

/// Header, breadcrumb and question.
pub fn question(state: &CardState, remaining: usize, screen: Screen) -> Vec<String> {
    let card = &state.card;
    let mut marks = vec![card.deck.clone()];
    if state.schedule.is_none() {
        marks.push("new".into());
    }
    if card.changed {
        marks.push("changed since last review".into());
    }
    let header = format!("── {} · {remaining} left ──", marks.join(" · "));
    let mut lines = vec![truncate(&header, screen.width)];
    if !card.context_md.is_empty() {
        lines.extend(wrap(
            &card.context_md.join(" › "),
            screen.width,
            "",
            "",
            screen.color,
        ));
    }
    let count = match card.kind {
        Kind::List => format!(
            "  ({} item{})",
            card.answer_md.len(),
            if card.answer_md.len() == 1 { "" } else { "s" }
        ),
        Kind::Cloze => String::new(),
    };
    let mut question = wrap(&card.question_md, screen.width, "Q: ", "   ", screen.color);
    if !count.is_empty() {
        let last = question.last_mut().expect("wrap gives a line");
        if crate::width::columns(&console::strip_ansi_codes(last)) + count.len() <= screen.width {
            last.push_str(&count);
        } else {
            question.push(format!("  {}", count.trim_start()));
        }
    }
    lines.extend(question);
    lines
}

/// The answer items.
pub fn answer(state: &CardState, screen: Screen) -> Vec<String> {
    let card = &state.card;
    match card.kind {
        Kind::Cloze => wrap(
            &card.answer_md.join(" "),
            screen.width,
            "A: ",
            "   ",
            screen.color,
        ),
        Kind::List => std::iter::once("A:".to_string())
            .chain(
                card.answer_md
                    .iter()
                    .flat_map(|item| wrap(item, screen.width, "  - ", "    ", screen.color)),
            )
            .collect(),
    }
}

/// The grades with SuperMemo's meanings, short enough for one line; the
/// full wording is in `Grade::label`.
pub fn grade_help() -> String {
    const SHORT: [&str; 6] = [
        "blackout",
        "wrong, familiar",
        "wrong, easy",
        "hard",
        "hesitant",
        "perfect",
    ];
    SHORT
        .iter()
        .enumerate()
        .map(|(grade, label)| format!("{grade} {label}"))
        .collect::<Vec<_>>()
        .join(" · ")
}
