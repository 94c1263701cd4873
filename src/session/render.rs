//! How a card reads on screen, shared by both front-ends: the header line,
//! the question side and the answer side, rendered from the card's Markdown
//! and wrapped to the screen width.

use crate::cards::Kind;
use crate::store::CardState;
use crate::styled::wrap;
use crate::width::{columns, pack, truncate};

use super::machine::Phase;

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
        if columns(last) + count.len() <= screen.width {
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

/// The grades with SuperMemo's meanings, short enough for one line of 80
/// columns and broken between grades on a narrower screen; the full wording
/// is in `Grade::label`.
pub fn grade_help(width: usize) -> Vec<String> {
    const SHORT: [&str; 6] = [
        "blackout",
        "wrong, familiar",
        "wrong, easy",
        "hard",
        "hesitant",
        "perfect",
    ];
    let items: Vec<String> = SHORT
        .iter()
        .enumerate()
        .map(|(grade, label)| format!("{grade} {label}"))
        .collect();
    pack(&items, " · ", width)
}

/// The keys that work at `phase`, broken between keys on a narrow screen.
pub fn keys(phase: Phase, width: usize) -> Vec<String> {
    let first = match phase {
        Phase::Question => "[Enter] reveal".to_string(),
        Phase::Answer => "[0-5] grade".to_string(),
        // The session's keys are answer text while typing (docs/design.md §12).
        Phase::Typing => return Vec::new(),
        Phase::Proposed(p) => format!("[Enter] accept {} · [0-5] grade", p.value()),
    };
    pack(
        &[first.as_str(), "s skip", "u undo", "e edit", "q quit"],
        " · ",
        width,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grade_legend_is_one_line_at_80_columns_and_breaks_between_grades_below() {
        let wide = grade_help(80);
        assert_eq!(
            wide,
            ["0 blackout · 1 wrong, familiar · 2 wrong, easy · 3 hard · 4 hesitant · 5 perfect"]
        );
        let narrow = grade_help(40);
        assert_eq!(
            narrow,
            [
                "0 blackout · 1 wrong, familiar",
                "2 wrong, easy · 3 hard · 4 hesitant",
                "5 perfect"
            ]
        );
        assert_eq!(narrow.join(" · "), wide[0]);
    }

    #[test]
    fn the_keys_fit_a_narrow_screen() {
        assert_eq!(
            keys(Phase::Answer, 80),
            ["[0-5] grade · s skip · u undo · e edit · q quit"]
        );
        for line in keys(Phase::Question, 24) {
            assert!(columns(&line) <= 24, "{line:?}");
        }
    }
}
