//! Unit tests of the card generator, one rule or edge case each: every input
//! is small and written out in the test, and the output is checked exactly.

use std::path::Path;

use proptest::prelude::*;

use super::*;

const SAMPLE: &str = include_str!("../../notes/conference-notes.md");
const FIRST_TALK: &str =
    "(레거시 시스템) 개편의 기술 - 배달 플랫폼에서 겪은 N번의 개편 경험기, 권용근";
const DEVOPS_TALK: &str = "지금 당장 DevOps를 해야하는 이유, 김충섭";

/// The plain fields of a card that most tests check.
type Card = (Kind, Vec<String>, String, Vec<String>, u32);

fn card(kind: Kind, context: &[&str], question: &str, answer: &[&str], line: u32) -> Card {
    (
        kind,
        context.iter().map(|s| s.to_string()).collect(),
        question.to_string(),
        answer.iter().map(|s| s.to_string()).collect(),
        line,
    )
}

fn list(context: &[&str], question: &str, answer: &[&str], line: u32) -> Card {
    card(Kind::List, context, question, answer, line)
}

fn cloze(context: &[&str], question: &str, answer: &str, line: u32) -> Card {
    card(Kind::Cloze, context, question, &[answer], line)
}

fn plain(drafts: &[Draft]) -> Vec<Card> {
    drafts
        .iter()
        .map(|d| {
            (
                d.kind,
                d.context.to_vec(),
                d.question.clone(),
                d.answer.clone(),
                d.line,
            )
        })
        .collect()
}

/// The cards of `text` in a deck named `notes`.
fn cards(text: &str) -> Vec<Card> {
    plain(&generate("notes", text))
}

/// (question, answer) of every card, for tests about inline text only.
fn qa(text: &str) -> Vec<(String, Vec<String>)> {
    generate("notes", text)
        .into_iter()
        .map(|d| (d.question, d.answer))
        .collect()
}

/// The drafts of `text` with the cloze checks of §14.2 off, for tests of
/// how a cloze is made rather than of whether it is worth making.
fn generate_all_clozes(deck: &str, text: &str) -> Vec<Draft> {
    let options = Options {
        cloze_min_words: 0,
        ..Options::default()
    };
    generate_with(deck, text, &options).drafts
}

/// `cards` with the cloze checks off.
fn all_clozes(text: &str) -> Vec<Card> {
    plain(&generate_all_clozes("notes", text))
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

// ── The sample notes (docs/design.md §2) ─────────────────────────────────────────

#[test]
fn sample_gives_50_cards_49_list_and_1_cloze() {
    // Every item of the sample is a tight line; the only bodies are
    // sub-lists, so the list cards are §2's 49. Of its five clozes, the four
    // `[…]하자!` leave one word of their item (하자, two Hangul letters).
    let drafts = generate("conference-notes", SAMPLE);
    let lists = drafts.iter().filter(|d| d.kind == Kind::List).count();
    let clozes = drafts.iter().filter(|d| d.kind == Kind::Cloze).count();
    assert_eq!((drafts.len(), lists, clozes), (50, 49, 1));
}

#[test]
fn sample_leaves_out_the_four_clozes_that_leave_too_little() {
    let skips = generate_with("conference-notes", SAMPLE, &Options::default()).skips;
    let expected: Vec<Skip> = (46..=49)
        .map(|line| Skip {
            line,
            rule: SkipRule::ClozeTooShort,
            text: "[…]하자!".to_string(),
        })
        .collect();
    assert_eq!(skips, expected);
    // With the checks off, §2's five clozes are all there.
    let all = generate_all_clozes("conference-notes", SAMPLE);
    assert_eq!(all.iter().filter(|d| d.kind == Kind::Cloze).count(), 5);
}

#[test]
fn sample_keeps_its_one_cloze_with_enough_words() {
    let drafts = generate("conference-notes", SAMPLE);
    let cloze = drafts
        .iter()
        .find(|d| d.kind == Kind::Cloze)
        .expect("a cloze");
    assert_eq!(cloze.question, "[…]를 빨리하면 속도가 빨라짐");
    assert_eq!(cloze.answer, strings(&["개발과 배포"]));
    assert_eq!(cloze.line, 34);
}

#[test]
fn sample_gives_the_design_example_list_card_for_개편() {
    let drafts = generate("conference-notes", SAMPLE);
    let found: Vec<&Draft> = drafts.iter().filter(|d| d.question == "개편").collect();
    assert_eq!(found.len(), 1);
    let d = found[0];
    assert_eq!(d.deck, "conference-notes");
    assert_eq!(d.kind, Kind::List);
    assert_eq!(d.context[..], strings(&[FIRST_TALK]));
    assert_eq!(
        d.answer,
        strings(&[
            "2018 결제시스템 개편",
            "2018 주문시스템 개편",
            "2020 가게노출 시스템 개편",
            "2021 회원시스템 개편",
        ])
    );
    assert_eq!(d.line, 8);
}

#[test]
fn sample_gives_the_design_example_cloze_card_for_자동화_with_the_checks_off() {
    let drafts = generate_all_clozes("conference-notes", SAMPLE);
    let found: Vec<&Draft> = drafts
        .iter()
        .filter(|d| d.kind == Kind::Cloze && d.answer == ["자동화"])
        .collect();
    assert_eq!(found.len(), 1);
    let d = found[0];
    assert_eq!(d.deck, "conference-notes");
    assert_eq!(d.context[..], strings(&[DEVOPS_TALK, "도입은 어떻게?"]));
    assert_eq!(d.question, "[…]하자!");
    assert_eq!(d.question_md, "[…]하자!");
    assert_eq!(d.answer_md, strings(&["자동화"]));
    assert_eq!((d.line, d.family_line), (46, 45));
}

#[test]
fn sample_talk_without_bullets_gives_no_card() {
    let drafts = generate("conference-notes", SAMPLE);
    let last_talk = "AWS로 알아보는 서비스 아키텍쳐의 변화와 진화, 송주영";
    assert!(drafts.iter().all(|d| d.question != last_talk));
    assert!(
        drafts
            .iter()
            .all(|d| !d.context.iter().any(|c| c == last_talk))
    );
}

// ── Heading cards (rule 1) ─────────────────────────────────────────────────

#[test]
fn heading_card_answer_is_own_text_of_top_level_items() {
    let text = "# Fruit\n- apple\n  - red\n- pear\n";
    assert_eq!(
        cards(text),
        vec![
            list(&[], "Fruit", &["apple", "pear"], 1),
            list(&["Fruit"], "apple", &["red"], 2),
        ]
    );
}

#[test]
fn heading_card_collects_items_of_every_top_level_list_in_its_section() {
    let text = "# Fruit\n- apple\n\nSome prose.\n\n- pear\n";
    assert_eq!(cards(text), vec![list(&[], "Fruit", &["apple", "pear"], 1)]);
}

#[test]
fn heading_card_context_is_ancestor_headings_only() {
    let text = "# A\n## B\n#### C\n- x\n## D\n- y\n";
    assert_eq!(
        cards(text),
        vec![
            list(&["A", "B"], "C", &["x"], 3),
            list(&["A"], "D", &["y"], 5),
        ]
    );
}

#[test]
fn section_ends_at_next_heading_of_any_level() {
    let text = "# A\n## B\n- x\n# C\n- y\n";
    assert_eq!(
        cards(text),
        vec![list(&["A"], "B", &["x"], 2), list(&[], "C", &["y"], 4)]
    );
}

#[test]
fn heading_without_list_gives_no_card() {
    let text = "# A\nJust prose.\n\n```\n- not a list\n```\n\n| a | b |\n| - | - |\n";
    assert_eq!(cards(text), vec![]);
}

#[test]
fn heading_card_with_only_empty_items_is_not_generated() {
    let text = "# A\n-\n-\n";
    assert_eq!(cards(text), vec![]);
}

#[test]
fn bold_in_a_heading_gives_no_cloze() {
    let text = "# The **key** idea\n- x\n";
    assert_eq!(cards(text), vec![list(&[], "The key idea", &["x"], 1)]);
}

#[test]
fn empty_heading_gives_no_card_and_is_left_out_of_contexts() {
    let text = "# A\n##\n- x\n  - y\n### B\n- z\n";
    assert_eq!(
        cards(text),
        vec![list(&["A"], "x", &["y"], 3), list(&["A"], "B", &["z"], 5),]
    );
}

#[test]
fn setext_headings_start_sections_like_atx_headings() {
    let text = "Title\n=====\n- a\n\nSub\n---\n- b\n";
    assert_eq!(
        cards(text),
        vec![
            list(&[], "Title", &["a"], 1),
            list(&["Title"], "Sub", &["b"], 5),
        ]
    );
}

#[test]
fn multi_line_setext_heading_reads_as_one_line() {
    let text = "Long\ntitle\n===\n- a\n";
    let drafts = generate("notes", text);
    assert_eq!(plain(&drafts), vec![list(&[], "Long title", &["a"], 1)]);
    assert_eq!(drafts[0].question_md, "Long title");
}

// ── Item cards (rule 2) ────────────────────────────────────────────────────

#[test]
fn item_card_context_is_heading_path_then_ancestor_items() {
    let text = "# A\n## B\n- x\n  - y\n    - z\n";
    assert_eq!(
        cards(text),
        vec![
            list(&["A"], "B", &["x"], 2),
            list(&["A", "B"], "x", &["y"], 3),
            list(&["A", "B", "x"], "y", &["z"], 4),
        ]
    );
}

#[test]
fn item_without_sub_list_gives_no_item_card() {
    let text = "# A\n- x\n- y\n";
    assert_eq!(cards(text), vec![list(&[], "A", &["x", "y"], 1)]);
}

#[test]
fn item_card_answer_leaves_deeper_items_to_their_own_cards() {
    let text = "# A\n- x\n  - y\n    - deep\n  - z\n";
    assert_eq!(
        cards(text)[1],
        list(&["A"], "x", &["y", "z"], 2),
        "sub-sub-items belong to the card of `y`"
    );
}

#[test]
fn item_card_whose_sub_list_has_only_empty_items_is_not_generated() {
    let text = "# A\n- x\n  -\n  -\n";
    assert_eq!(cards(text), vec![list(&[], "A", &["x"], 1)]);
}

#[test]
fn empty_item_is_skipped_with_its_sub_list() {
    let text = "# A\n- x\n-\n  - hidden\n    - deeper\n- y\n";
    assert_eq!(cards(text), vec![list(&[], "A", &["x", "y"], 1)]);
}

#[test]
fn item_with_only_an_image_counts_as_empty() {
    let text = "# A\n- ![pic](p.png)\n  - hidden\n- y\n";
    assert_eq!(cards(text), vec![list(&[], "A", &["y"], 1)]);
}

#[test]
fn item_whose_first_block_is_a_heading_takes_its_text() {
    let text = "# A\n- ### Trees\n  - oak\n";
    assert_eq!(
        cards(text),
        vec![
            list(&[], "A", &["Trees"], 1),
            list(&["A"], "Trees", &["oak"], 2),
        ]
    );
}

#[test]
fn heading_inside_an_item_does_not_start_a_section() {
    let text = "# A\n- ### Trees\n- pear\n";
    assert_eq!(cards(text), vec![list(&[], "A", &["Trees", "pear"], 1)]);
}

#[test]
fn item_whose_first_block_is_code_has_empty_text_and_is_skipped() {
    let text = "# A\n- ```\n  code\n  ```\n  **after** code\n  - hidden\n- y\n";
    assert_eq!(cards(text), vec![list(&[], "A", &["y"], 1)]);
}

#[test]
fn item_whose_first_block_is_indented_code_is_skipped() {
    let text = "# A\n-     code\n  - hidden\n- y\n";
    assert_eq!(cards(text), vec![list(&[], "A", &["y"], 1)]);
}

#[test]
fn item_starting_with_a_blockquote_is_skipped() {
    let text = "# A\n- > quoted\n  - hidden\n- y\n";
    assert_eq!(cards(text), vec![list(&[], "A", &["y"], 1)]);
}

#[test]
fn item_whose_first_block_is_a_list_is_empty() {
    let text = "# A\n- - inner\n- y\n";
    assert_eq!(cards(text), vec![list(&[], "A", &["y"], 1)]);
}

#[test]
fn inline_markup_after_a_non_text_first_block_does_not_lose_later_items() {
    // Regression: the bold span after the code block used to close the item
    // early, and the items after it vanished.
    let text = "# A\n- ```\n  code\n  ```\n  **bold** and [link](u)\n- next\n  - child\n";
    assert_eq!(
        cards(text),
        vec![
            list(&[], "A", &["next"], 1),
            list(&["A"], "next", &["child"], 6),
        ]
    );
}

#[test]
fn only_the_first_block_of_a_loose_item_is_its_text() {
    let text = "# A\n- x\n\n  more **prose**\n\n  - y\n";
    assert_eq!(
        cards(text),
        vec![list(&[], "A", &["x"], 1), list(&["A"], "x", &["y"], 2)]
    );
}

#[test]
fn thematic_break_ends_a_tight_items_text() {
    let text = "# A\n- x\n  ***\n  - y\n";
    assert_eq!(
        cards(text),
        vec![list(&[], "A", &["x"], 1), list(&["A"], "x", &["y"], 2)]
    );
}

#[test]
fn sub_list_inside_a_blockquote_in_an_item_is_not_a_sub_list() {
    // The quote is the item's details, not its answer's items.
    let text = "# A\n- x\n  > - y\n";
    assert_eq!(
        cards(text),
        vec![list(&[], "A", &["x"], 1), list(&["A"], "x", &[], 2)]
    );
    let drafts = generate("notes", text);
    assert_eq!(drafts[1].details[0].kind, BlockKind::Quote);
    assert_eq!(drafts[1].details[0].text.md, "- y");
}

#[test]
fn ordered_lists_count_like_bullet_lists() {
    let text = "# Steps\n1. mix\n   1. flour\n2. bake\n";
    assert_eq!(
        cards(text),
        vec![
            list(&[], "Steps", &["mix", "bake"], 1),
            list(&["Steps"], "mix", &["flour"], 2),
        ]
    );
}

#[test]
fn loose_lists_give_the_same_cards_as_tight_lists() {
    let tight = "# A\n- x\n  - y\n- z\n";
    let loose = "# A\n\n- x\n\n  - y\n\n- z\n";
    let strip = |cards: Vec<Card>| -> Vec<Card> {
        cards
            .into_iter()
            .map(|(k, c, q, a, _)| (k, c, q, a, 0))
            .collect()
    };
    assert_eq!(strip(cards(loose)), strip(cards(tight)));
    assert_eq!(
        cards(loose),
        vec![list(&[], "A", &["x", "z"], 1), list(&["A"], "x", &["y"], 3)]
    );
}

#[test]
fn list_inside_a_blockquote_gives_nothing() {
    let text = "# A\n> - x\n>   - y\n";
    assert_eq!(cards(text), vec![]);
}

#[test]
fn non_list_blocks_give_no_card() {
    let text = "# A\nA **bold** paragraph.\n\n    indented code\n\n<div>\n- html\n</div>\n";
    assert_eq!(cards(text), vec![]);
}

// ── Cloze cards (rule 3) ───────────────────────────────────────────────────

#[test]
fn double_star_bold_gives_a_cloze() {
    let text = "# A\n- **Rust** is fast\n";
    assert_eq!(
        all_clozes(text),
        vec![
            list(&[], "A", &["Rust is fast"], 1),
            cloze(&["A"], "[…] is fast", "Rust", 2),
        ]
    );
}

#[test]
fn double_underscore_bold_gives_a_cloze() {
    let text = "# A\n- __Rust__ is fast\n";
    assert_eq!(all_clozes(text)[1], cloze(&["A"], "[…] is fast", "Rust", 2));
}

#[test]
fn single_emphasis_gives_no_cloze() {
    let text = "# A\n- *Rust* is _fast_\n";
    assert_eq!(all_clozes(text), vec![list(&[], "A", &["Rust is fast"], 1)]);
}

#[test]
fn triple_star_blanks_the_whole_bold_span() {
    let drafts = generate_all_clozes("notes", "# A\n- ***Rust*** is fast\n");
    let d = &drafts[1];
    assert_eq!(
        plain(&drafts[1..]),
        vec![cloze(&["A"], "[…] is fast", "Rust", 2)]
    );
    assert_eq!(d.question_md, "*[…]* is fast");
    assert_eq!(d.answer_md, strings(&["Rust"]));
}

#[test]
fn two_bold_spans_in_one_item_give_two_clozes() {
    let text = "# A\n- **Rust** is **fast**\n";
    assert_eq!(
        all_clozes(text)[1..],
        [
            cloze(&["A"], "[…] is fast", "Rust", 2),
            cloze(&["A"], "Rust is […]", "fast", 2),
        ]
    );
}

#[test]
fn bold_nested_in_bold_gives_one_cloze_for_the_outer_span() {
    let text = "# A\n- **a __b__ c** d\n";
    assert_eq!(all_clozes(text)[1..], [cloze(&["A"], "[…] d", "a b c", 2)]);
}

#[test]
fn code_span_inside_bold_is_kept_in_the_cloze_answer() {
    let drafts = generate_all_clozes("notes", "# A\n- **`Vec::new`** allocates nothing\n");
    assert_eq!(
        plain(&drafts[1..]),
        vec![cloze(&["A"], "[…] allocates nothing", "Vec::new", 2)]
    );
    assert_eq!(drafts[1].answer_md, strings(&["`Vec::new`"]));
}

#[test]
fn bold_inside_a_link_gives_a_cloze_of_the_link_text() {
    let drafts = generate_all_clozes("notes", "# A\n- see [the **book**](https://x)\n");
    assert_eq!(
        plain(&drafts[1..]),
        vec![cloze(&["A"], "see the […]", "book", 2)]
    );
    assert_eq!(drafts[1].question_md, "see [the […]](https://x)");
}

#[test]
fn bold_image_alt_text_gives_no_cloze() {
    let text = "# A\n- x ![**alt**](p.png)\n";
    assert_eq!(all_clozes(text), vec![list(&[], "A", &["x"], 1)]);
}

#[test]
fn bold_in_a_sub_item_gives_a_cloze_with_the_item_path() {
    let text = "# A\n- x\n  - **y** z\n";
    assert_eq!(
        all_clozes(text),
        vec![
            list(&[], "A", &["x"], 1),
            list(&["A"], "x", &["y z"], 2),
            cloze(&["A", "x"], "[…] z", "y", 3),
        ]
    );
}

#[test]
fn item_that_is_all_bold_blanks_to_just_the_blank() {
    let text = "# A\n- **whole**\n";
    assert_eq!(all_clozes(text)[1], cloze(&["A"], "[…]", "whole", 2));
}

#[test]
fn bold_in_a_multi_line_item_spans_the_soft_break() {
    let drafts = generate_all_clozes("notes", "# A\n- one **two\n  three** four\n");
    assert_eq!(
        plain(&drafts[1..]),
        vec![cloze(&["A"], "one […] four", "two three", 2)]
    );
    assert_eq!(drafts[1].question_md, "one […] four");
    assert_eq!(drafts[1].answer_md, strings(&["two three"]));
}

// ── Lists before the first heading (rule 4) ────────────────────────────────

#[test]
fn lists_before_the_first_heading_belong_to_the_file_stem() {
    let drafts = generate(
        "rust/traits",
        "- Send\n  - thread safe\n- Sync\n# Later\n- x\n",
    );
    assert_eq!(
        plain(&drafts),
        vec![
            list(&[], "traits", &["Send", "Sync"], 1),
            list(&["traits"], "Send", &["thread safe"], 1),
            list(&[], "Later", &["x"], 4),
        ]
    );
    assert!(drafts.iter().all(|d| d.deck == "rust/traits"));
    assert_eq!(drafts[0].question_md, "traits");
    assert_eq!(drafts[1].context_md[..], strings(&["traits"]));
}

#[test]
fn pseudo_heading_card_sits_on_its_first_items_line() {
    let text = "Intro prose.\n\n- a\n- b\n";
    assert_eq!(cards(text), vec![list(&[], "notes", &["a", "b"], 3)]);
}

#[test]
fn pseudo_heading_card_skips_leading_empty_items() {
    let text = "-\n- **a**\n";
    assert_eq!(
        all_clozes(text),
        vec![
            list(&[], "notes", &["a"], 2),
            cloze(&["notes"], "[…]", "a", 2),
        ]
    );
    assert_eq!(generate_all_clozes("notes", text)[1].family_line, 2);
}

#[test]
fn empty_or_blank_text_gives_no_card() {
    assert_eq!(cards(""), vec![]);
    assert_eq!(cards("\n\n   \n\t\n"), vec![]);
}

// ── Plain text ─────────────────────────────────────────────────────────────

#[test]
fn plain_text_drops_inline_marks() {
    let text = "# *A* **b** ~~c~~\n- _x_ __y__ ***z***\n";
    assert_eq!(
        qa(text)[0],
        ("A b ~~c~~".to_string(), strings(&["x y z"])),
        "strikethrough is an extension, so `~~` stays"
    );
}

#[test]
fn code_span_text_is_kept() {
    assert_eq!(
        qa("# `A`\n- use `cargo  test` now\n"),
        vec![("A".to_string(), strings(&["use cargo test now"]))]
    );
}

#[test]
fn link_text_is_kept() {
    assert_eq!(
        qa("# A\n- read [the book](https://x \"t\") and <https://y>\n"),
        vec![("A".to_string(), strings(&["read the book and https://y"]))]
    );
}

#[test]
fn image_is_dropped() {
    assert_eq!(
        qa("# A\n- before ![a cat](cat.png) after\n"),
        vec![("A".to_string(), strings(&["before after"]))]
    );
}

#[test]
fn inline_html_is_dropped() {
    assert_eq!(
        qa("# A\n- <b>bold</b> and <br/>more\n"),
        vec![("A".to_string(), strings(&["bold and more"]))]
    );
}

#[test]
fn hard_break_reads_as_a_space() {
    assert_eq!(
        qa("# A\n- one  \n  two\\\n  three\n"),
        vec![("A".to_string(), strings(&["one two three"]))]
    );
}

#[test]
fn soft_break_reads_as_a_space() {
    assert_eq!(
        qa("# A\n- one\n  two\nthree\n"),
        vec![("A".to_string(), strings(&["one two three"]))]
    );
}

#[test]
fn whitespace_runs_collapse_to_one_space_and_are_trimmed() {
    assert_eq!(
        qa("#    A \t B   \n-   x \t  y  \n"),
        vec![("A B".to_string(), strings(&["x y"]))]
    );
}

#[test]
fn escapes_and_entities_read_as_their_characters() {
    assert_eq!(
        qa("# A\n- \\*not bold\\* &amp; &lt;\n"),
        vec![("A".to_string(), strings(&["*not bold* & <"]))]
    );
}

// ── Markdown versions ──────────────────────────────────────────────────────

#[test]
fn markdown_versions_keep_inline_marks() {
    let drafts = generate_all_clozes("notes", "# The `A`\n- **x** [y](u)\n  - *z*\n");
    assert_eq!(drafts[0].question_md, "The `A`");
    assert_eq!(drafts[0].answer_md, strings(&["**x** [y](u)"]));
    assert_eq!(drafts[1].context_md[..], strings(&["The `A`"]));
    assert_eq!(drafts[1].question_md, "**x** [y](u)");
    assert_eq!(drafts[1].answer_md, strings(&["*z*"]));
    assert_eq!(drafts[2].question_md, "[…] [y](u)");
    assert_eq!(drafts[2].answer_md, strings(&["x"]));
}

#[test]
fn markdown_version_of_an_item_holds_only_that_item() {
    // Regression: the Markdown text used to start at offset 0 of the file
    // whenever the item had inline markup.
    let drafts = generate_all_clozes("notes", "# H\n- **a**b\n");
    assert_eq!(drafts[0].answer_md, strings(&["**a**b"]));
    assert_eq!(drafts[1].question_md, "[…]b");
}

#[test]
fn markdown_version_joins_lines_with_one_space() {
    let drafts = generate("notes", "# H\n- one\n     two  \n  three\n");
    assert_eq!(drafts[0].answer_md, strings(&["one two three"]));
}

// ── Order, lines, families ─────────────────────────────────────────────────

#[test]
fn line_is_the_line_of_the_question() {
    let text = "\n\n# A\n\n\n- x\n\n  - y\n";
    assert_eq!(
        cards(text),
        vec![list(&[], "A", &["x"], 3), list(&["A"], "x", &["y"], 6)]
    );
}

#[test]
fn cards_are_ordered_by_line_with_the_list_card_before_its_clozes() {
    let text = "- **p**\n  - q\n# A\n- **x** and **y**\n  - z\n";
    let kinds: Vec<(u32, Kind)> = generate_all_clozes("notes", text)
        .iter()
        .map(|d| (d.line, d.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (1, Kind::List),
            (1, Kind::List),
            (1, Kind::Cloze),
            (3, Kind::List),
            (4, Kind::List),
            (4, Kind::Cloze),
            (4, Kind::Cloze),
        ]
    );
}

#[test]
fn family_line_of_a_list_card_is_its_own_line() {
    let drafts = generate("notes", "# A\n- x\n  - y\n");
    let families: Vec<(u32, u32)> = drafts.iter().map(|d| (d.line, d.family_line)).collect();
    assert_eq!(families, vec![(1, 1), (2, 2)]);
}

#[test]
fn family_line_of_a_cloze_is_the_list_card_whose_answer_holds_the_item() {
    let text = "- **p**\n# A\n\n- **x**\n  - **y**\n";
    let clozes: Vec<(String, u32, u32)> = generate_all_clozes("notes", text)
        .into_iter()
        .filter(|d| d.kind == Kind::Cloze)
        .map(|d| (d.answer[0].clone(), d.line, d.family_line))
        .collect();
    assert_eq!(
        clozes,
        vec![
            ("p".to_string(), 1, 1),
            ("x".to_string(), 4, 2),
            ("y".to_string(), 5, 4),
        ]
    );
}

#[test]
fn family_line_of_a_cloze_under_an_empty_heading_is_its_own_line() {
    // No heading card holds the item, so the cloze is a family of its own.
    let drafts = generate_all_clozes("notes", "#\n- **x**\n");
    assert_eq!(plain(&drafts), vec![cloze(&[], "[…]", "x", 2)]);
    assert_eq!(drafts[0].family_line, 2);
}

// ── Front matter, line endings ─────────────────────────────────────────────

#[test]
fn front_matter_is_skipped_and_line_numbers_stay_true() {
    let text = "---\ntitle: Notes\ntags: [a, b]\n---\n# A\n- x\n  - y\n";
    assert_eq!(
        cards(text),
        vec![list(&[], "A", &["x"], 5), list(&["A"], "x", &["y"], 6)]
    );
}

#[test]
fn front_matter_may_end_with_three_dots() {
    let text = "---\n- not: a list\n...\n- x\n";
    assert_eq!(cards(text), vec![list(&[], "notes", &["x"], 4)]);
}

#[test]
fn front_matter_list_gives_no_card() {
    let text = "---\ntags:\n- a\n- b\n---\n";
    assert_eq!(cards(text), vec![]);
}

#[test]
fn front_matter_only_counts_at_the_very_top() {
    // Not on line 1, so the `---` lines are a thematic break and a setext
    // heading underline, as CommonMark reads them.
    let text = "\n---\ntitle: x\n---\n- a\n";
    assert_eq!(cards(text), vec![list(&[], "title: x", &["a"], 3)]);
}

#[test]
fn unclosed_front_matter_is_read_as_markdown() {
    let text = "---\n- a\n";
    assert_eq!(cards(text), vec![list(&[], "notes", &["a"], 2)]);
}

#[test]
fn crlf_line_endings_read_like_lf() {
    let text = "---\r\nx: 1\r\n---\r\n# A\r\n- x\r\n  y\r\n  - z\r\n";
    let drafts = generate("notes", text);
    assert_eq!(
        plain(&drafts),
        vec![list(&[], "A", &["x y"], 4), list(&["A"], "x y", &["z"], 5)]
    );
    assert_eq!(drafts[1].question_md, "x y");
}

#[test]
fn lone_cr_line_endings_count_as_lines() {
    let drafts = generate("notes", "# A\r- x\r  y\r  - z\r");
    assert_eq!(
        plain(&drafts),
        vec![list(&[], "A", &["x y"], 1), list(&["A"], "x y", &["z"], 2)]
    );
    assert_eq!(drafts[1].question_md, "x y");
}

#[test]
fn byte_order_mark_is_ignored() {
    let text = "\u{feff}# A\n- x\n";
    assert_eq!(cards(text), vec![list(&[], "A", &["x"], 1)]);
}

#[test]
fn byte_order_mark_before_front_matter_is_ignored() {
    let text = "\u{feff}---\nx: 1\n---\n- a\n";
    assert_eq!(cards(text), vec![list(&[], "notes", &["a"], 4)]);
}

// ── Keys and deck names ────────────────────────────────────────────────────

#[test]
fn cloze_key_includes_the_blanked_phrase() {
    let drafts = generate_all_clozes("notes", "# A\n- **x**!\n- **y**!\n");
    let clozes: Vec<&Draft> = drafts.iter().filter(|d| d.kind == Kind::Cloze).collect();
    assert_eq!(clozes[0].question, clozes[1].question);
    assert_ne!(clozes[0].key(), clozes[1].key());
}

#[test]
fn list_key_ignores_the_answer() {
    let before = generate("notes", "# A\n- x\n");
    let after = generate("notes", "# A\n- y\n- z\n");
    assert_eq!(before[0].key(), after[0].key());
}

#[test]
fn key_differs_by_kind_context_and_question() {
    let drafts = generate_all_clozes("notes", "# A\n- **x**\n  - y\n# B\n- x\n  - y\n");
    let keys: Vec<String> = drafts.iter().map(Draft::key).collect();
    // A, x (under A), cloze x (under A), B, x (under B): all distinct.
    assert_eq!(keys.len(), 5);
    for (i, a) in keys.iter().enumerate() {
        for b in &keys[i + 1..] {
            assert_ne!(a, b);
        }
    }
}

#[test]
fn key_does_not_confuse_context_parts_with_the_question() {
    let one = Draft {
        deck: "d".into(),
        kind: Kind::List,
        context: strings(&["a", "b"]).into(),
        question: "c".into(),
        answer: vec![],
        context_md: Arc::from([]),
        question_md: String::new(),
        answer_md: vec![],
        lead: vec![],
        details: vec![],
        line: 1,
        family_line: 1,
    };
    let two = Draft {
        context: strings(&["a"]).into(),
        question: "b c".into(),
        ..one.clone()
    };
    let three = Draft {
        context: strings(&["a b"]).into(),
        ..one.clone()
    };
    assert_ne!(one.key(), two.key());
    assert_ne!(one.key(), three.key());
}

#[test]
fn deck_name_is_the_relative_path_without_md() {
    assert_eq!(
        deck_name(Path::new("conference-notes.md")),
        "conference-notes"
    );
    assert_eq!(deck_name(Path::new("rust/traits.md")), "rust/traits");
    assert_eq!(deck_name(Path::new("a/b/c.md")), "a/b/c");
}

#[test]
fn deck_name_only_drops_a_final_md() {
    assert_eq!(deck_name(Path::new("notes.markdown")), "notes.markdown");
    assert_eq!(deck_name(Path::new("v1.md.md")), "v1.md");
}

#[test]
fn stem_of_a_nested_deck_is_its_last_path_segment() {
    let drafts = generate("a/b/c", "- x\n");
    assert_eq!(plain(&drafts), vec![list(&[], "c", &["x"], 1)]);
}

#[test]
fn kind_round_trips_through_its_name() {
    for kind in [Kind::List, Kind::Cloze] {
        assert_eq!(Kind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(Kind::parse("List"), None);
}

// ── Hostile input ──────────────────────────────────────────────────────────

#[test]
fn list_nested_10000_levels_deep_does_not_overflow_the_stack() {
    // Every outer item's first block is the next list, so all are empty.
    let text = format!("# A\n{}x\n", "- ".repeat(10_000));
    assert_eq!(cards(&text), vec![]);
}

#[test]
fn blockquotes_and_lists_nested_10000_levels_deep_give_nothing() {
    let text = format!("# A\n- a\n{}x\n", "> - ".repeat(5_000));
    assert_eq!(cards(&text), vec![list(&[], "A", &["a"], 1)]);
}

#[test]
fn quotes_nested_10000_deep_in_an_item_are_one_detail() {
    let text = format!("# A\n- a\n  {}deep\n", "> ".repeat(10_000));
    let drafts = generate("notes", &text);
    assert_eq!(drafts.len(), 2);
    assert_eq!(drafts[1].details[0].kind, BlockKind::Quote);
    assert_eq!(drafts[1].details[0].text.plain, "deep");
}

#[test]
fn indented_list_1000_levels_deep_gives_one_card_per_level() {
    let depth = 1_000;
    let text: String = (0..depth)
        .map(|i| format!("{}- L{i}\n", "  ".repeat(i)))
        .collect();
    let drafts = generate("notes", &text);
    assert_eq!(drafts.len(), depth);
    let last = drafts.last().expect("cards");
    assert_eq!(last.question, format!("L{}", depth - 2));
    assert_eq!(last.answer, vec![format!("L{}", depth - 1)]);
    assert_eq!(last.context.len(), depth - 1);
    assert_eq!(last.context[0], "notes");
}

#[test]
fn one_megabyte_single_line_is_read_whole() {
    let chunk = "word `code` [link](u) <b>x</b> ";
    let line = format!("- {}**end**", chunk.repeat((1 << 20) / chunk.len() + 1));
    assert!(line.len() > 1 << 20);
    let drafts = generate("notes", &format!("# A\n{line}"));
    assert_eq!(drafts.len(), 2);
    assert!(drafts[0].answer[0].starts_with("word code link x word"));
    assert!(drafts[0].answer[0].ends_with("x end"));
    assert_eq!(drafts[1].answer, strings(&["end"]));
    assert_eq!(drafts[1].line, 2);
}

#[test]
fn emphasis_and_brackets_nested_10000_deep_do_not_overflow() {
    let stars = "*".repeat(10_000);
    let text = format!(
        "# A\n- {stars}x{stars}\n- {}x{}\n",
        "[".repeat(10_000),
        "](u)".repeat(10_000)
    );
    let drafts = generate("notes", &text);
    assert_eq!(drafts[0].question, "A");
    assert_eq!(drafts[0].answer.len(), 2);
}

// ── Properties ─────────────────────────────────────────────────────────────

const FRAGMENTS: &[&str] = &[
    "#",
    "## ",
    "- ",
    "* ",
    "+ ",
    "  ",
    "    ",
    "\t",
    "**",
    "__",
    "*",
    "_",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "1. ",
    "2) ",
    "> ",
    "```",
    "~~~",
    "---",
    "===",
    "...",
    "`",
    "[a](b)",
    "![i](j)",
    "<b>",
    "</b>",
    "<!--",
    "-->",
    "\\",
    "&amp;",
    "[…]",
    "한국어 ",
    "개발과 배포",
    "x",
    "word ",
    " ",
    "\u{feff}",
    "|",
    "[",
    "]",
    "(",
    ")",
    "[[",
    "]]",
    "![[",
    "#",
    "==",
    "%%",
    "^id",
    "[^1]",
    "[^1]: ",
    "| a | b |\n",
    "|---|:-:|\n",
    "Undo:",
    "：",
    "References",
    "참고 자료",
    "[x](https://y)",
    "[a](#b)",
    "`cmd`",
];

fn markdownish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..80).prop_map(|parts| parts.concat())
}

/// What every generated card must satisfy, whatever the input.
fn check_invariants(deck: &str, text: &str) -> Result<(), TestCaseError> {
    let generated = generate_with(deck, text, &Options::default());
    let drafts = generated.drafts.clone();
    let lines = text.split_inclusive(['\n', '\r']).count().max(1);
    let is_clean = |s: &str| s == crate::cards::inline::collapse(s) && !s.contains(['\n', '\r']);
    for d in &drafts {
        prop_assert_eq!(&d.deck, deck);
        prop_assert!(
            d.line >= 1 && d.line as usize <= lines,
            "line {} of {}",
            d.line,
            lines
        );
        prop_assert!(d.family_line >= 1 && d.family_line <= d.line);
        prop_assert!(!d.question.is_empty());
        prop_assert!(!d.answer.is_empty() || !d.details.is_empty());
        prop_assert!(d.lead.is_empty() || d.details.is_empty());
        for block in d.lead.iter().chain(&d.details) {
            prop_assert!(block.line >= 1 && block.line as usize <= lines);
            prop_assert!(!block.text.md.trim().is_empty(), "{:?}", block);
            prop_assert!(!block.text.md.ends_with('\n') && !block.text.md.contains('\r'));
            if let BlockKind::Code { .. } = block.kind {
                prop_assert_eq!(&block.text.plain, &block.text.md);
            }
        }
        prop_assert_eq!(d.context.len(), d.context_md.len());
        prop_assert_eq!(d.answer.len(), d.answer_md.len());
        let plain = d.context.iter().chain(&d.answer).chain([&d.question]);
        for s in plain {
            prop_assert!(!s.is_empty() && is_clean(s), "{:?}", s);
        }
        let md = d
            .context_md
            .iter()
            .chain(&d.answer_md)
            .chain([&d.question_md]);
        for s in md {
            prop_assert!(!s.contains(['\n', '\r']), "{:?}", s);
        }
        match d.kind {
            Kind::List => prop_assert_eq!(d.family_line, d.line),
            Kind::Cloze => {
                prop_assert_eq!(d.answer.len(), 1);
                prop_assert!(d.question.contains(inline::BLANK));
                prop_assert!(d.question_md.contains(inline::BLANK));
            }
        }
    }
    let order: Vec<(u32, Kind)> = drafts.iter().map(|d| (d.line, d.kind)).collect();
    prop_assert!(order.is_sorted());
    for skip in &generated.skips {
        prop_assert!(skip.line >= 1 && skip.line as usize <= lines, "{:?}", skip);
    }
    prop_assert!(generated.skips.is_sorted_by_key(|s| s.line));
    prop_assert_eq!(
        &generated,
        &generate_with(deck, text, &Options::default()),
        "not deterministic"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        check_invariants("notes", &text)?;
    }

    #[test]
    fn markdown_like_text_never_panics_and_keeps_invariants(text in markdownish()) {
        check_invariants("dir/notes", &text)?;
    }

    #[test]
    fn front_matter_reads_as_blank_lines(text in markdownish()) {
        // Skipping front matter must neither move nor change anything after it.
        let bare = generate("notes", &format!("\n\n\n{text}"));
        let fronted = generate("notes", &format!("---\nk: v\n---\n{text}"));
        prop_assert_eq!(bare, fronted);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Card text keeps words apart by single spaces, whatever Unicode
    /// spaces the notes use (the fast scan must read them as std does).
    #[test]
    fn whitespace_collapses_as_unicode_reads_it(
        parts in prop::collection::vec(
            prop::sample::select(&[
                "a", "한국어", " ", "  ", "a b", " x y ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{85}", "\u{a0}",
                "\u{1680}", "\u{2003}", "\u{2028}", "\u{202f}", "\u{205f}", "\u{3000}",
                "\u{200b}", "\u{feff}", "é", "\u{2060}", "€", "ㅤ",
            ][..]),
            0..40,
        )
    ) {
        let text = parts.concat();
        let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(&inline::collapse(&text), &expected);
        // Pieces split anywhere (words, spaces, empty pieces) give the same.
        let mut pieces: Vec<&str> = Vec::new();
        for (k, part) in parts.iter().enumerate() {
            pieces.push(part);
            if k % 3 == 0 {
                pieces.push("");
            }
        }
        prop_assert_eq!(&inline::collapse_pieces(&pieces), &expected);
        let joined: Vec<String> = parts.chunks(2).map(|c| c.concat()).collect();
        let joined: Vec<&str> = joined.iter().map(String::as_str).collect();
        prop_assert_eq!(inline::collapse_pieces(&joined), expected);
    }
}

mod answers;
mod obsidian;
mod skips;
