//! How a card reads on screen, shared by both front-ends: the header line,
//! the question side and the answer side (its lead, items and details,
//! docs/design.md §14.1), rendered from the card's Markdown and wrapped to
//! the screen width, and under them the grade legend (each choice with the
//! interval it would give) and the key hints. A long lead or details fold
//! to what the screen's height leaves them, saying how many lines are
//! hidden and where to read them all (`recall show ID`).

use crate::block_view::{self, Layout};
use crate::cards::{Block, Kind};
use crate::store::CardState;
use crate::styled::wrap;
use crate::width::{columns, pack, truncate};

use super::machine::Phase;
use crate::scheduler::{Buttons, Choice};

/// Where and how the card is drawn: the columns and rows of the screen.
#[derive(Debug, Clone, Copy)]
pub struct Screen {
    pub width: usize,
    pub height: usize,
    pub color: bool,
}

/// Rows an answer leaves under it: the blank line before the card, the
/// grade legend and the key hints (two rows each on a narrow screen), and
/// the row the cursor waits on.
const ROWS_BELOW: usize = 6;

/// Rows a lead or details may always take, however small the screen: fewer
/// would show little more than the note that they are folded.
const MIN_BLOCK_ROWS: usize = 6;

/// What the list card's question says of its answer, or nothing (a cloze).
fn count(state: &CardState) -> Option<String> {
    let card = &state.card;
    match card.kind {
        Kind::List => block_view::count(card.answer_md.len(), &card.details),
        Kind::Cloze => None,
    }
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
    let count = count(state).map_or(String::new(), |c| format!("  ({c})"));
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

/// The answer: for a cloze its phrase; for a list card the lead, the items
/// and the details, each block as `block_view` lays it out (code verbatim
/// between fences), folded to fit under the question.
pub fn answer(state: &CardState, screen: Screen) -> Vec<String> {
    let card = &state.card;
    if card.kind == Kind::Cloze {
        return wrap(
            &card.answer_md.join(" "),
            screen.width,
            "A: ",
            "   ",
            screen.color,
        );
    }
    let items: Vec<String> = card
        .answer_md
        .iter()
        .flat_map(|item| wrap(item, screen.width, "  - ", "    ", screen.color))
        .collect();
    let blocks = blocks(state, screen, items.len() + 1);
    let mut lines = vec!["A:".to_string()];
    lines.extend(blocks.lead);
    lines.extend(items);
    lines.extend(blocks.details);
    lines
}

/// A card's lead and details as shown in its answer, folded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Blocks {
    pub lead: Vec<String>,
    pub details: Vec<String>,
}

/// The lead and details of `state`'s card, under an answer whose other
/// lines take `other` rows: folded so that the question stays on screen
/// above them and the grade prompt below, each fold saying how many lines
/// it hides and that `recall show ID` shows them.
pub fn blocks(state: &CardState, screen: Screen, other: usize) -> Blocks {
    let card = &state.card;
    let taken = question(state, 0, screen).len() + other + ROWS_BELOW;
    let room = screen.height.saturating_sub(taken).max(MIN_BLOCK_ROWS);
    // A heading card has a lead and an item card details: one of them, but
    // should both come, they share the room.
    let room = match card.lead.is_empty() || card.details.is_empty() {
        true => room,
        false => (room / 2).max(MIN_BLOCK_ROWS / 2),
    };
    let hint = format!("recall show {} shows them all", card.id);
    let shown = |blocks: &[Block]| {
        let layout = Layout {
            width: Some(screen.width),
            color: screen.color,
            indent: "  ",
        };
        let lines = block_view::lines(blocks, layout);
        block_view::fold(lines, room, layout.indent, &hint)
    };
    Blocks {
        lead: shown(&card.lead),
        details: shown(&card.details),
    }
}

/// One line of a typed answer's comparison fitted to the screen: as it is
/// when it fits, else wrapped, hanging under its text: after `A: `, after a
/// list's outcome column (`missed   `, a word then two spaces or more), or
/// under the line's indent. Styles in `line` (the terminal's marks) take
/// no room.
pub fn fit(line: &str, screen: Screen) -> Vec<String> {
    if columns(line) <= screen.width {
        return vec![line.to_string()];
    }
    let text = line.trim_start();
    let mut head = line.len() - text.len();
    if text.starts_with("A: ") {
        head += "A: ".len();
    } else if let Some(word) = text.find("  ").filter(|&w| !text[..w].contains(' ')) {
        let gap = text[word..].len() - text[word..].trim_start().len();
        head += word + gap;
    }
    let (first, text) = line.split_at(head);
    let rest = " ".repeat(columns(first).max(2));
    crate::width::wrap(text, screen.width, first, &rest)
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
    use crate::cards::BlockKind;
    use crate::scheduler::Scheduler;
    use crate::scheduler::fsrs::{Fsrs, Params};
    use crate::store::CardRow;

    fn block(kind: BlockKind, md: &str) -> Block {
        Block::new(kind, md, md, 2)
    }

    fn code(text: &str) -> Block {
        block(
            BlockKind::Code {
                lang: Some("sh".into()),
            },
            text,
        )
    }

    fn list_card(items: &[&str], lead: Vec<Block>, details: Vec<Block>) -> CardState {
        let items: Vec<String> = items.iter().map(|s| s.to_string()).collect();
        CardState {
            card: CardRow {
                id: 12,
                deck: "git".into(),
                kind: Kind::List,
                ordinal: 0,
                context: vec!["git".into()],
                question: "Loops".into(),
                answer: items.clone(),
                context_md: vec!["git".into()],
                question_md: "Loops".into(),
                answer_md: items,
                lead,
                details,
                line: 1,
                family_line: 1,
                retired: false,
                suspended: false,
                changed: false,
            },
            progress: None,
            reviews: 0,
            last_review: None,
        }
    }

    const TALL: Screen = Screen {
        width: 60,
        height: 100,
        color: false,
    };

    #[test]
    fn the_answer_is_the_lead_the_items_then_the_details_code_verbatim() {
        let card = list_card(
            &["each file in turn"],
            vec![block(BlockKind::Paragraph, "Loops **repeat**.")],
            vec![code("for f in *.md; do\n\twc -l \"$f\"\ndone")],
        );
        assert_eq!(
            answer(&card, TALL),
            [
                "A:",
                "  Loops repeat.",
                "  - each file in turn",
                "  ```sh",
                "  for f in *.md; do",
                "      wc -l \"$f\"",
                "  done",
                "  ```",
            ]
        );
    }

    #[test]
    fn the_question_counts_items_or_says_what_answers_it_instead() {
        let with_items = list_card(&["a", "b"], vec![], vec![code("ls")]);
        assert_eq!(
            question(&with_items, 3, TALL).last().unwrap(),
            "Q: Loops  (2 items)"
        );
        let code_only = list_card(&[], vec![], vec![code("ls")]);
        assert_eq!(
            question(&code_only, 3, TALL).last().unwrap(),
            "Q: Loops  (code)"
        );
        let told = list_card(&[], vec![], vec![block(BlockKind::Paragraph, "x")]);
        assert_eq!(
            question(&told, 3, TALL).last().unwrap(),
            "Q: Loops  (1 paragraph)"
        );
    }

    #[test]
    fn long_details_fold_to_what_the_screen_leaves_them_and_say_where_the_rest_is() {
        let long: Vec<String> = (1..=40).map(|k| format!("echo {k}")).collect();
        let card = list_card(&["one item"], vec![], vec![code(&long.join("\n"))]);
        let screen = Screen {
            width: 60,
            height: 24,
            color: false,
        };
        let shown = answer(&card, screen);
        let rows = question(&card, 3, screen).len() + shown.len() + ROWS_BELOW;
        assert!(rows <= 24, "{rows} rows: {shown:#?}");
        let note = shown.last().unwrap();
        let hidden = 42 - (shown.len() - 3);
        assert_eq!(
            note,
            &format!("  … {hidden} more lines (recall show 12 shows them all)")
        );
        assert_eq!(shown[..4], ["A:", "  - one item", "  ```sh", "  echo 1"]);
        // However short the screen, a few lines show.
        let tiny = Screen {
            height: 5,
            ..screen
        };
        assert_eq!(answer(&card, tiny).len(), 2 + MIN_BLOCK_ROWS);
        // On a tall one, nothing folds.
        assert_eq!(answer(&card, TALL).len(), 2 + 42);
    }

    #[test]
    fn a_comparison_line_wraps_only_when_it_does_not_fit() {
        let narrow = Screen {
            width: 20,
            height: 24,
            color: false,
        };
        assert_eq!(fit("  matched  사과", narrow), ["  matched  사과"]);
        assert_eq!(
            fit("  missed   the longest item of all", narrow),
            [
                "  missed   the",
                "           longest",
                "           item of",
                "           all"
            ]
        );
        let long = fit("A: a paragraph typed from memory, word by word", narrow);
        assert!(long.len() > 1, "{long:?}");
        assert!(long.iter().all(|l| columns(l) <= 20), "{long:?}");
        assert!(long[0].starts_with("A: ") && long[1].starts_with("   "));
    }

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
