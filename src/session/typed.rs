//! A typed answer checked against the card (docs/design.md §12): which
//! comparison applies (one answer for a cloze or a one-item card, the items
//! of a list in any order, and for a card answered by its details alone,
//! their code, or their text if they hold none, §14.1), what the learner is
//! shown, and the grade proposed: the comparison's, or under FSRS the
//! button it stands for (docs/design.md §11). The comparison itself is
//! `answer`'s; this only picks and lays it out as plain lines for the
//! front-ends to style. Details beside items are shown, not typed.

use crate::answer;
use crate::cards::{BlockKind, Kind};
use crate::scheduler::{Buttons, Grade};
use crate::store::CardRow as Card;

/// The most notes of what differed shown under a wrong answer.
const MAX_NOTES: usize = 3;

/// What a typed answer came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The expected answer with what differed, as plain lines; the first
    /// is the answer itself (for code, only `A:`: the code follows as
    /// code), the rest say what was typed at fault.
    pub lines: Vec<String>,
    /// Lines shown after the answer's lead and details: for typed code,
    /// what differed, word by word.
    pub notes: Vec<String>,
    /// Whether `lines` show the card's details already (details without
    /// code, typed as one answer), so they are not shown again.
    pub details_in_lines: bool,
    /// The grade proposed, as the log would keep it: under FSRS, the
    /// grade of the button the comparison stands for.
    pub proposal: Grade,
}

/// What a typed answer is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expected {
    /// A list card's items, more than one: typed one a line, in any order.
    Items,
    /// One answer: a cloze's phrases, a one-item card's item, or the text
    /// of details without code answering a card alone.
    One { text: String, details: bool },
    /// The code of details answering a card alone, its blocks joined.
    Code(String),
}

fn expected(card: &Card) -> Expected {
    if card.kind == Kind::List && card.answer_md.is_empty() && !card.details.is_empty() {
        let code: Vec<&str> = card
            .details
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Code { .. }))
            .map(|b| b.text.plain.as_str())
            .collect();
        if !code.is_empty() {
            return Expected::Code(code.join("\n"));
        }
        let text: Vec<&str> = card.details.iter().map(|b| b.text.plain.as_str()).collect();
        return Expected::One {
            text: text.join(" "),
            details: true,
        };
    }
    match takes_lines(card) {
        true => Expected::Items,
        false => Expected::One {
            text: card.answer_md.join(" "),
            details: false,
        },
    }
}

/// Whether the card takes one line (a cloze, a one-item card, details) or a
/// list of items, one a line, ended by an empty line.
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
    let (text, details) = match expected(card) {
        Expected::Items => {
            let list = answer::compare_list(&card.answer_md, typed);
            let mut lines = vec!["A:".to_string()];
            lines.extend(answer::render_list(&list).lines().map(|l| format!("  {l}")));
            return Checked {
                lines,
                notes: Vec::new(),
                details_in_lines: false,
                proposal: list.grade(),
            };
        }
        Expected::Code(code) => {
            let typed = typed.first().map_or("", String::as_str);
            let comparison = answer::compare_code(&code, typed);
            let mut notes = answer::render_code(&comparison);
            // A clearly wrong answer: what was typed, once.
            if comparison.verdict == answer::Verdict::Wrong && notes.len() > MAX_NOTES {
                notes = vec![format!("typed {}", comparison.typed)];
            }
            return Checked {
                lines: vec!["A:".to_string()],
                notes: notes.into_iter().map(|n| format!("  {n}")).collect(),
                details_in_lines: false,
                proposal: comparison.grade(),
            };
        }
        Expected::One { text, details } => (text, details),
    };
    let typed = typed.first().map_or("", String::as_str);
    let comparison = answer::compare(&text, typed);
    let shown = answer::render(&comparison);
    let mut lines: Vec<String> = shown
        .lines()
        .enumerate()
        .map(|(i, l)| format!("{}{l}", if i == 0 { "A: " } else { "   " }))
        .collect();
    // A clearly wrong answer is wrong everywhere: a note per character
    // would bury the answer, so it is said once what was typed.
    let cut = comparison.verdict == answer::Verdict::Wrong && lines.len() > MAX_NOTES + 1;
    if cut {
        lines.truncate(1);
        lines.push(format!("   typed {}", comparison.typed));
    }
    Checked {
        lines,
        notes: Vec::new(),
        // Cut to its first line, the comparison no longer shows the
        // details it was made of (a table's rows): they are shown whole.
        details_in_lines: details && !cut,
        proposal: comparison.grade(),
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
    match expected(card) {
        Expected::Items => "type the items you remember, one a line; an empty line ends",
        Expected::Code(_) => "type the code on one line (spacing does not count), then Enter",
        Expected::One { .. } => "type the answer, then Enter",
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

    fn with_details(answer: &[&str], details: Vec<crate::cards::Block>) -> Card {
        Card {
            details,
            ..card(Kind::List, answer)
        }
    }

    fn block(kind: BlockKind, text: &str) -> crate::cards::Block {
        crate::cards::Block::new(kind, text, text, 2)
    }

    fn code(text: &str) -> crate::cards::Block {
        block(BlockKind::Code { lang: None }, text)
    }

    #[test]
    fn details_alone_with_code_are_typed_as_that_code_on_one_line() {
        let c = with_details(
            &[],
            vec![
                block(BlockKind::Paragraph, "Keeps the changes staged."),
                code("git reset \\\n    --soft HEAD~1"),
            ],
        );
        assert!(!takes_lines(&c));
        assert_eq!(
            typing_hint(&c),
            "type the code on one line (spacing does not count), then Enter"
        );
        let typed = |answer: &str| check_sm2(&c, &[answer.to_string()]);
        let exact = typed("git reset --soft   HEAD~1");
        assert_eq!(exact.proposal.value(), 5);
        assert_eq!(exact.lines, ["A:"]);
        assert!(exact.notes.is_empty());
        // The code shows as code after `A:`; it is not in the lines.
        assert!(!exact.details_in_lines);
        let hard = typed("git reset --hard HEAD~1");
        assert_eq!(hard.proposal.value(), 1);
        assert_eq!(hard.notes, ["  --soft: typed --hard"]);
        assert_eq!(typed("git rest --soft HEAD~1").proposal.value(), 4);
        assert_eq!(check_sm2(&c, &[]).proposal.value(), 0);
        assert_eq!(check_sm2(&c, &[]).notes, ["  nothing typed"]);
        // Under FSRS, as any answer: exact is good, a slip hard.
        let fsrs = check(&c, &["git rest --soft HEAD~1".into()], Buttons::Fsrs);
        assert_eq!(fsrs.proposal.value(), 3);
    }

    #[test]
    fn a_clearly_wrong_command_is_said_once_as_typed() {
        let c = with_details(&[], vec![code("tar -xzf archive.tar.gz -C out")]);
        let wrong = check_sm2(&c, &["zip -r a b c d".into()]);
        assert_eq!(wrong.proposal.value(), 1);
        assert_eq!(wrong.notes, ["  typed zip -r a b c d"]);
    }

    #[test]
    fn details_alone_without_code_are_typed_as_their_text_and_shown_once() {
        let c = with_details(
            &[],
            vec![block(BlockKind::Paragraph, "Copy types are copied")],
        );
        assert_eq!(typing_hint(&c), "type the answer, then Enter");
        let checked = check_sm2(&c, &["copy types are copied".into()]);
        assert_eq!(checked.proposal.value(), 5);
        assert_eq!(checked.lines, ["A: Copy types are copied"]);
        assert!(checked.details_in_lines);
    }

    #[test]
    fn a_wrong_answer_to_a_table_cut_to_its_first_line_leaves_the_table_shown() {
        let table = "service | port\nssh | 22\nhttp | 80\nhttps | 443\ndns | 53";
        let c = with_details(&[], vec![block(BlockKind::Table, table)]);
        let wrong = check_sm2(&c, &["zzzz".into()]);
        assert_eq!(wrong.proposal.value(), 1);
        assert_eq!(wrong.lines.len(), 2, "{:?}", wrong.lines);
        assert!(wrong.lines[1].ends_with("typed zzzz"));
        assert!(!wrong.details_in_lines, "the table is shown whole");
        let right = check_sm2(&c, &[table.replace('\n', " ")]);
        assert!(right.details_in_lines, "{:?}", right.lines);
    }

    #[test]
    fn details_beside_items_are_shown_not_typed() {
        let c = with_details(&["each file in turn"], vec![code("for f in *; do :; done")]);
        assert_eq!(typing_hint(&c), "type the answer, then Enter");
        let checked = check_sm2(&c, &["each file in turn".into()]);
        assert_eq!(checked.proposal.value(), 5);
        assert_eq!(checked.lines, ["A: each file in turn"]);
        assert!(!checked.details_in_lines);
        assert!(checked.notes.is_empty());
        let list = with_details(&["a", "b"], vec![code("x")]);
        assert!(takes_lines(&list));
        assert_eq!(
            check_sm2(&list, &["a".into(), "b".into()]).proposal.value(),
            5
        );
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
