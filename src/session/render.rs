//! How a card reads on screen, shared by both front-ends: the header line,
//! the question side and the answer side, rendered from the card's Markdown
//! and wrapped to the screen width, and under them the grade legend (each
//! choice with the interval it would give) and the key hints.

use crate::cards::Kind;
use crate::store::CardState;
use crate::styled::wrap;
use crate::width::{columns, pack, truncate};

use super::machine::Phase;
use crate::scheduler::{Buttons, Choice};

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
    if state.progress.is_none() {
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

/// The grade legend: each choice with its name and the interval it would
/// give (`3 good · 8d`, docs/design.md §11), broken between choices on a
/// narrow screen. Choices that schedule nothing (practice) show no interval.
pub fn grade_help(choices: &[Choice], width: usize) -> Vec<String> {
    let items: Vec<String> = choices
        .iter()
        .map(|c| match c.interval {
            Some(interval) => format!("{} {} · {}", c.key, c.name, days(interval)),
            None => format!("{} {}", c.key, c.name),
        })
        .collect();
    pack(&items, "   ", width)
}

/// An interval as the legend shows it: days under two months, then months,
/// then years (`8d`, `3.2mo`, `1.5y`).
pub fn days(interval: u32) -> String {
    match interval {
        0..60 => format!("{interval}d"),
        60..365 => format!("{:.1}mo", f64::from(interval) / 30.44),
        _ => format!("{:.1}y", f64::from(interval) / 365.25),
    }
}

/// The digits that grade under these keys, as the hints write them: `0-5`.
fn range(buttons: Buttons) -> String {
    let keys = buttons.keys();
    format!("{}-{}", keys.start(), keys.end())
}

/// The keys that work at `phase`, broken between keys on a narrow screen.
pub fn keys(phase: Phase, buttons: Buttons, width: usize) -> Vec<String> {
    let first = match phase {
        Phase::Question => "[Enter] reveal".to_string(),
        Phase::Answer => format!("[{}] grade", range(buttons)),
        // The session's keys are answer text while typing (docs/design.md §12).
        Phase::Typing => return Vec::new(),
        Phase::Proposed(p) => format!(
            "[Enter] accept {} · [{}] grade",
            buttons.key(p),
            range(buttons)
        ),
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
    use crate::scheduler::Scheduler;
    use crate::scheduler::fsrs::{Fsrs, Params};

    #[test]
    fn the_sm2_legend_gives_each_grade_its_interval_and_breaks_between_grades() {
        let first = Scheduler::Sm2
            .grade(None, crate::scheduler::Grade::new(5).unwrap(), 0)
            .progress;
        let choices = Scheduler::Sm2.choices(Some(&first), 1);
        let wide = grade_help(&choices, 80);
        assert_eq!(
            wide,
            [
                "0 blackout · 1d   1 wrong, familiar · 1d   2 wrong, easy · 1d   3 hard · 6d",
                "4 hesitant · 6d   5 perfect · 6d"
            ]
        );
        for line in grade_help(&choices, 24) {
            assert!(columns(&line) <= 24, "{line:?}");
        }
    }

    #[test]
    fn the_fsrs_legend_offers_four_buttons_with_their_intervals() {
        let fsrs = Scheduler::Fsrs(Fsrs::new(Params::DEFAULT, 0.9));
        let legend = grade_help(&fsrs.choices(None, 0), 80);
        assert_eq!(
            legend,
            ["1 again · 1d   2 hard · 1d   3 good · 2d   4 easy · 8d"]
        );
        let practice = grade_help(&Buttons::Fsrs.choices(), 80);
        assert_eq!(practice, ["1 again   2 hard   3 good   4 easy"]);
    }

    #[test]
    fn intervals_read_in_days_then_months_then_years() {
        assert_eq!(
            [1, 59, 60, 200, 365, 36_500].map(days),
            ["1d", "59d", "2.0mo", "6.6mo", "1.0y", "99.9y"]
        );
    }

    #[test]
    fn the_keys_fit_a_narrow_screen_and_name_the_scheduler_s_grades() {
        assert_eq!(
            keys(Phase::Answer, Buttons::Sm2, 80),
            ["[0-5] grade · s skip · u undo · e edit · q quit"]
        );
        assert_eq!(
            keys(Phase::Answer, Buttons::Fsrs, 80),
            ["[1-4] grade · s skip · u undo · e edit · q quit"]
        );
        let good = crate::scheduler::Grade::new(4).unwrap();
        assert_eq!(
            keys(Phase::Proposed(good), Buttons::Fsrs, 80)[0],
            "[Enter] accept 3 · [1-4] grade · s skip · u undo · e edit · q quit"
        );
        for line in keys(Phase::Question, Buttons::Sm2, 24) {
            assert!(columns(&line) <= 24, "{line:?}");
        }
    }
}
