use super::*;
use crate::cards::generate;

fn problems(deck: &str, text: &str) -> Vec<(String, Problem)> {
    let drafts = generate(deck, text);
    lint(&drafts)
        .into_iter()
        .map(|f| (f.draft.question.clone(), f.problem))
        .collect()
}

#[test]
fn an_answer_of_more_than_seven_items_is_long_and_seven_is_not() {
    let items = |n: usize| (1..=n).map(|i| format!("- item {i}\n")).collect::<String>();
    assert_eq!(
        problems("d", &format!("# Eight\n{}", items(8))),
        [("Eight".to_string(), Problem::LongAnswer { items: 8 })]
    );
    assert_eq!(problems("d", &format!("# Seven\n{}", items(7))), []);
    // In Korean too: the count is of items, not words.
    let korean: String = (1..=9).map(|i| format!("- 항목 {i}\n")).collect();
    assert_eq!(
        problems("d", &format!("# 프로세스 상태\n{korean}")),
        [(
            "프로세스 상태".to_string(),
            Problem::LongAnswer { items: 9 }
        )]
    );
}

#[test]
fn a_question_asked_twice_in_a_deck_with_other_answers_is_vague() {
    let text = "# Redis\n## Pros\n- fast\n# Memcached\n## Pros\n- simple\n";
    let found = problems("d", text);
    assert_eq!(
        found,
        [
            ("Pros".to_string(), Problem::AskedTwice { line: 5 }),
            ("Pros".to_string(), Problem::AskedTwice { line: 2 }),
        ]
    );
    // The same question with the same answer is not vague (a repeat is
    // for `in-two-decks`, or deliberate).
    assert_eq!(
        problems("d", "# A\n## Pros\n- fast\n# B\n## Pros\n- fast\n"),
        []
    );
    // Two decks may each ask it.
    let mut drafts = generate("a", "# Pros\n- fast\n");
    drafts.extend(generate("b", "# Pros\n- simple\n"));
    assert_eq!(lint(&drafts), []);
}

#[test]
fn the_same_card_in_two_decks_names_the_other() {
    let mut drafts = generate("rust/traits", "# 트레이트\n- 공유 동작\n");
    drafts.extend(generate("rust/copy", "intro\n\n# 트레이트\n- 공유 동작\n"));
    let found: Vec<_> = lint(&drafts)
        .into_iter()
        .map(|f| (f.draft.deck.clone(), f.problem))
        .collect();
    assert_eq!(
        found,
        [
            (
                "rust/traits".to_string(),
                Problem::InTwoDecks {
                    deck: "rust/copy".into(),
                    line: 3
                }
            ),
            (
                "rust/copy".to_string(),
                Problem::InTwoDecks {
                    deck: "rust/traits".into(),
                    line: 1
                }
            ),
        ]
    );
    // Another answer is another card.
    let mut drafts = generate("a", "# 트레이트\n- 공유 동작\n");
    drafts.extend(generate("b", "# 트레이트\n- 다른 답\n"));
    assert_eq!(lint(&drafts), []);
}

#[test]
fn an_answer_that_repeats_its_question_is_found_whatever_the_case_and_punctuation() {
    assert_eq!(
        problems("d", "# Docker\n- docker.\n- containers\n"),
        [("Docker".to_string(), Problem::RepeatsQuestion)]
    );
    assert_eq!(problems("d", "# Docker\n- Docker builds images\n"), []);
    assert_eq!(
        problems("d", "# 도커\n- 도커\n"),
        [("도커".to_string(), Problem::RepeatsQuestion)]
    );
}

#[test]
fn an_answer_with_nothing_to_read_is_empty() {
    assert_eq!(
        problems("d", "# Symbols\n- ->\n- …\n"),
        [("Symbols".to_string(), Problem::EmptyAnswer)]
    );
    assert_eq!(problems("d", "# Arrows\n- -> means maps to\n"), []);
    // An answer of code alone is not empty.
    assert_eq!(
        problems(
            "d",
            "# Git\n- Undo the last commit:\n\n  ```\n  git reset --soft HEAD~1\n  ```\n"
        ),
        []
    );
}

#[test]
fn a_blank_three_clozes_of_a_deck_share_is_a_label_and_two_are_not() {
    let levels = |n: usize| {
        (1..=n)
            .map(|i| format!("# Level {i}\n- **Scope of work**: projects of size {i} and more\n"))
            .collect::<String>()
    };
    let found = problems("levels", &levels(3));
    let labels: Vec<&Problem> = found
        .iter()
        .map(|(_, p)| p)
        .filter(|p| matches!(p, Problem::RepeatedBlank { .. }))
        .collect();
    assert_eq!(labels, [&Problem::RepeatedBlank { others: 2 }; 3]);
    assert!(
        problems("levels", &levels(2))
            .iter()
            .all(|(_, p)| !matches!(p, Problem::RepeatedBlank { .. }))
    );
    // Three decks once each are not a label.
    let mut drafts = Vec::new();
    for deck in ["a", "b", "c"] {
        drafts.extend(generate(
            deck,
            "# Level\n- **Scope of work**: projects of any size at all\n",
        ));
    }
    assert!(
        lint(&drafts)
            .iter()
            .all(|f| !matches!(f.problem, Problem::RepeatedBlank { .. }))
    );
}

#[test]
fn cards_answered_by_different_code_are_different_answers() {
    // One cheat-sheet line per package manager: not one card in four
    // decks.
    let mut drafts = Vec::new();
    for (deck, command) in [("apt", "apt install"), ("brew", "brew install")] {
        drafts.extend(generate(
            deck,
            &format!("# {deck}\n- Install a package:\n\n  ```\n  {command} x\n  ```\n"),
        ));
    }
    assert!(
        lint(&drafts)
            .iter()
            .all(|f| !matches!(f.problem, Problem::InTwoDecks { .. })),
        "{:?}",
        lint(&drafts)
    );
    // In one deck, the same question with other code is asked twice.
    let text = "# Install\n- A package:\n\n  ```\n  apt install x\n  ```\n\
                # Also install\n- A package:\n\n  ```\n  brew install x\n  ```\n";
    let found = problems("d", text);
    assert!(
        found
            .iter()
            .any(|(q, p)| q == "A package:" && matches!(p, Problem::AskedTwice { .. })),
        "{found:?}"
    );
}
