//! A typed answer checked against the card (docs/design.md §12): which
//! comparison applies (one answer for a cloze or a one-item card, the items
//! of a list in any order), what the learner is shown, and the grade
//! proposed. The comparison itself is `answer`'s; this only picks and lays
//! it out as plain lines for the front-ends to style.

use crate::answer;
use crate::cards::Kind;
use crate::scheduler::Grade;
use crate::store::CardRow as Card;

/// The most notes of what differed shown under a wrong answer.
const MAX_NOTES: usize = 3;

/// What a typed answer came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The expected answer with what differed, as plain lines; the first
    /// is the answer itself, the rest say what was typed at fault.
    pub lines: Vec<String>,
    pub proposal: Grade,
}

/// Whether the card takes one line (a cloze, a one-item card) or a list of
/// items, one a line, ended by an empty line.
pub fn takes_lines(card: &Card) -> bool {
    card.kind == Kind::List && card.answer_md.len() > 1
}

/// Compares the typed lines with the card's answer. No line, or an empty
/// first one, is "nothing typed".
pub fn check(card: &Card, typed: &[String]) -> Checked {
    if takes_lines(card) {
        let list = answer::compare_list(&card.answer_md, typed);
        let mut lines = vec!["A:".to_string()];
        lines.extend(answer::render_list(&list).lines().map(|l| format!("  {l}")));
        Checked {
            lines,
            proposal: list.grade(),
        }
    } else {
        let typed = typed.first().map_or("", String::as_str);
        let comparison = answer::compare(&card.answer_md.join(" "), typed);
        let shown = answer::render(&comparison);
        let mut lines: Vec<String> = shown
            .lines()
            .enumerate()
            .map(|(i, l)| format!("{}{l}", if i == 0 { "A: " } else { "   " }))
            .collect();
        // A clearly wrong answer is wrong everywhere: a note per character
        // would bury the answer, so it is said once what was typed.
        if comparison.verdict == answer::Verdict::Wrong && lines.len() > MAX_NOTES + 1 {
            lines.truncate(1);
            lines.push(format!("   typed {}", comparison.typed));
        }
        Checked {
            lines,
            proposal: comparison.grade(),
        }
    }
}

/// The line under the comparison that names the proposal.
pub fn proposal_line(proposal: Grade) -> String {
    format!(
        "proposed grade: {} ({})",
        proposal.value(),
        proposal.label()
    )
}

/// The hint under a question in a typed session.
pub fn typing_hint(card: &Card) -> &'static str {
    if takes_lines(card) {
        "type the items you remember, one a line; an empty line ends"
    } else {
        "type the answer, then Enter"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(kind: Kind, answer: &[&str]) -> Card {
        let answer: Vec<String> = answer.iter().map(|s| s.to_string()).collect();
        Card {
            id: 1,
            deck: "korean".into(),
            kind,
            ordinal: 0,
            context: vec![],
            question: "Q".into(),
            answer: answer.clone(),
            context_md: vec![],
            question_md: "Q".into(),
            answer_md: answer,
            line: 1,
            family_line: 1,
            retired: false,
            suspended: false,
            changed: false,
        }
    }

    #[test]
    fn a_one_item_card_takes_one_line_and_a_jamo_slip_proposes_4() {
        let c = card(Kind::List, &["쓰다듬다"]);
        assert!(!takes_lines(&c));
        let checked = check(&c, &["스다듬다".into()]);
        assert_eq!(checked.proposal.value(), 4);
        assert_eq!(checked.lines[0], "A: [쓰]다듬다");
        assert!(
            checked.lines[1].contains("initial ㅆ, typed ㅅ"),
            "{checked:?}"
        );
    }

    #[test]
    fn a_list_card_matches_items_in_any_order_and_nothing_typed_proposes_0() {
        let c = card(Kind::List, &["사과", "배"]);
        assert!(takes_lines(&c));
        let checked = check(&c, &["배".into(), "사과".into()]);
        assert_eq!(checked.proposal.value(), 5);
        assert_eq!(checked.lines, ["A:", "  matched  사과", "  matched  배"]);
        assert_eq!(check(&c, &[]).proposal.value(), 0);
        let cloze = card(Kind::Cloze, &["ownership"]);
        assert_eq!(check(&cloze, &[]).proposal.value(), 0);
    }
}
