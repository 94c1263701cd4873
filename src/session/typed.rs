//! A typed answer checked against the card (docs/design.md §12): which
//! comparison applies (one answer for a cloze or a one-item card, the items
//! of a list in any order), what the learner is shown, and the grade
//! proposed: the comparison's, or under FSRS the button it stands for
//! (docs/design.md §11). The comparison itself is `answer`'s; this only
//! picks and lays it out as plain lines for the front-ends to style.

use crate::answer;
use crate::cards::Kind;
use crate::scheduler::{Buttons, Grade};
use crate::store::CardRow as Card;

/// The most notes of what differed shown under a wrong answer.
const MAX_NOTES: usize = 3;

/// What a typed answer came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The expected answer with what differed, as plain lines; the first
    /// is the answer itself, the rest say what was typed at fault.
    pub lines: Vec<String>,
    /// The grade proposed, as the log would keep it: under FSRS, the
    /// grade of the button the comparison stands for.
    pub proposal: Grade,
}

/// Whether the card takes one line (a cloze, a one-item card) or a list of
/// items, one a line, ended by an empty line.
pub fn takes_lines(card: &Card) -> bool {
    card.kind == Kind::List && card.answer_md.len() > 1
}

/// Compares the typed lines with the card's answer and proposes a grade
/// among `buttons`. No line, or an empty first one, is "nothing typed".
pub fn check(card: &Card, typed: &[String], buttons: Buttons) -> Checked {
    let mut checked = compare(card, typed);
    checked.proposal = propose(checked.proposal, buttons);
    checked
}

/// The comparison's proposal as a grade of `buttons`: itself under SM-2;
/// under FSRS the grade of the button `answer::fsrs_button` picks (exact:
/// good; 4 and 3: hard; lower: again).
fn propose(proposal: Grade, buttons: Buttons) -> Grade {
    match buttons {
        Buttons::Sm2 => proposal,
        Buttons::Fsrs => buttons
            .grade(answer::fsrs_button(proposal))
            .expect("fsrs_button gives a button from 1 to 4"),
    }
}

fn compare(card: &Card, typed: &[String]) -> Checked {
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

/// The line under the comparison that names the proposal: SuperMemo's
/// meaning of the grade, or the FSRS button.
pub fn proposal_line(proposal: Grade, buttons: Buttons) -> String {
    let meaning = match buttons {
        Buttons::Sm2 => proposal.label(),
        Buttons::Fsrs => buttons.name(proposal),
    };
    format!("proposed grade: {} ({meaning})", buttons.key(proposal))
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

    fn check_sm2(card: &Card, typed: &[String]) -> Checked {
        check(card, typed, Buttons::Sm2)
    }

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
            lead: Vec::new(),
            details: Vec::new(),
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
        let checked = check_sm2(&c, &["스다듬다".into()]);
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
        let checked = check_sm2(&c, &["배".into(), "사과".into()]);
        assert_eq!(checked.proposal.value(), 5);
        assert_eq!(checked.lines, ["A:", "  matched  사과", "  matched  배"]);
        assert_eq!(check_sm2(&c, &[]).proposal.value(), 0);
        let cloze = card(Kind::Cloze, &["ownership"]);
        assert_eq!(check_sm2(&cloze, &[]).proposal.value(), 0);
    }

    #[test]
    fn under_fsrs_an_exact_answer_proposes_good_a_near_miss_hard_and_a_miss_again() {
        let c = card(Kind::List, &["쓰다듬다"]);
        let fsrs = |typed: &str| check(&c, &[typed.to_string()], Buttons::Fsrs).proposal;
        assert_eq!(fsrs("쓰다듬다").value(), 4);
        assert_eq!(fsrs("스다듬다").value(), 3);
        assert_eq!(fsrs("먹다").value(), 1);
        assert_eq!(check(&c, &[], Buttons::Fsrs).proposal.value(), 1);
        assert_eq!(
            proposal_line(fsrs("스다듬다"), Buttons::Fsrs),
            "proposed grade: 2 (hard)"
        );
        assert_eq!(
            proposal_line(Grade::new(4).unwrap(), Buttons::Sm2),
            "proposed grade: 4 (right, after some hesitation)"
        );
    }
}
