//! Unit tests of what an answer holds (docs/design.md §14.1): item bodies
//! (paragraphs, quotes, code, tables) as details, the trailing code of a
//! cheat sheet, heading leads, code kept verbatim, and identities that do
//! not move when an answer gains a lead or details. Each rule has a case
//! that gives a card and one that does not, in English and Korean.

use super::*;

/// The one draft of `drafts` asking `question`.
fn asking<'d>(drafts: &'d [Draft], question: &str) -> &'d Draft {
    drafts
        .iter()
        .find(|d| d.question == question)
        .unwrap_or_else(|| panic!("no card asks {question:?} in {drafts:#?}"))
}

fn questions(drafts: &[Draft]) -> Vec<&str> {
    drafts.iter().map(|d| d.question.as_str()).collect()
}

fn code(lang: Option<&str>, text: &str, line: u32) -> Block {
    Block {
        kind: BlockKind::Code {
            lang: lang.map(str::to_string),
        },
        text: Text {
            plain: text.to_string(),
            md: text.to_string(),
        },
        line,
    }
}

fn paragraph(plain: &str, md: &str, line: u32) -> Block {
    Block::new(BlockKind::Paragraph, plain, md, line)
}

// ── Item bodies ────────────────────────────────────────────────────────────

#[test]
fn an_item_with_a_code_block_gives_a_card_answered_by_the_code() {
    let text = "# Git\n- Show a file at a commit\n  ```sh\n  git show abc123:path/to/file\n  ```\n- Push\n";
    let drafts = generate("notes", text);
    let show = asking(&drafts, "Show a file at a commit");
    assert_eq!(show.kind, Kind::List);
    assert_eq!(show.context[..], strings(&["Git"]));
    assert!(show.answer.is_empty());
    assert_eq!(
        show.details,
        [code(Some("sh"), "git show abc123:path/to/file", 3)]
    );
    // An item with nothing under it still gives no card of its own.
    assert_eq!(questions(&drafts), ["Git", "Show a file at a commit"]);
}

#[test]
fn a_korean_item_with_indented_code_gives_a_card() {
    let text = "# 깃\n- 마지막 커밋 되돌리기\n\n      git reset --soft HEAD~1\n- 브랜치 목록\n";
    let drafts = generate("notes", text);
    assert_eq!(
        asking(&drafts, "마지막 커밋 되돌리기").details,
        [code(None, "git reset --soft HEAD~1", 4)]
    );
    assert_eq!(questions(&drafts), ["깃", "마지막 커밋 되돌리기"]);
}

#[test]
fn code_keeps_its_indentation_and_tabs_and_loses_only_its_trailing_line_ends() {
    let text = "- f\n  ```rust\n  fn f() {\n      if x {\n  \tg();\n      }\n  }\n\n\n  ```\n";
    let drafts = generate("notes", text);
    assert_eq!(
        asking(&drafts, "f").details[0].text.md,
        "fn f() {\n    if x {\n\tg();\n    }\n}"
    );
    let crlf = "- f\r\n  ```\r\n  a\r\n    b\r\n  ```\r\n";
    assert_eq!(
        asking(&generate("notes", crlf), "f").details[0].text.md,
        "a\n  b"
    );
}

#[test]
fn an_empty_code_block_is_no_detail() {
    let drafts = generate("notes", "# A\n- x\n  ```\n  ```\n");
    assert_eq!(questions(&drafts), ["A"]);
}

#[test]
fn an_item_with_an_explaining_paragraph_gives_a_card_in_both_languages() {
    let text = "# Web\n\
                - CSRF\n\n  A forged request that rides on the **user's** session.\n\n\
                - 세션 고정\n\n  공격자가 정한 세션 ID를 피해자가 쓰게 만드는 공격.\n";
    let drafts = generate("notes", text);
    assert_eq!(
        asking(&drafts, "CSRF").details,
        [paragraph(
            "A forged request that rides on the user's session.",
            "A forged request that rides on the **user's** session.",
            4
        )]
    );
    assert_eq!(
        asking(&drafts, "세션 고정").details[0].text.plain,
        "공격자가 정한 세션 ID를 피해자가 쓰게 만드는 공격."
    );
    // A body paragraph gives no cloze: clozes come from an item's own text.
    assert!(drafts.iter().all(|d| d.kind == Kind::List));
}

#[test]
fn an_image_an_embed_or_an_html_tag_alone_is_not_text() {
    let text = "# A\n- diagram\n\n  ![flow](flow.png)\n\n- 그림\n\n  ![[흐름도.png]]\n\n- tag\n\n  <br>\n\n- quoted\n\n  > ![x](x.png)\n";
    assert_eq!(
        cards(text),
        vec![list(&[], "A", &["diagram", "그림", "tag", "quoted"], 1)]
    );
}

#[test]
fn a_quote_with_text_in_an_item_is_a_detail_line_by_line() {
    let text = "- 정의\n  > 여러 줄에 걸친\n  > 인용문이다\n  >\n  > 두 번째 문단\n";
    let drafts = generate("notes", text);
    let quote = &asking(&drafts, "정의").details[0];
    assert_eq!(quote.kind, BlockKind::Quote);
    assert_eq!(quote.text.md, "여러 줄에 걸친 인용문이다\n두 번째 문단");
    assert_eq!(quote.text.plain, "여러 줄에 걸친 인용문이다\n두 번째 문단");
    assert_eq!(quote.line, 2);
}

#[test]
fn a_table_in_an_item_is_a_detail_in_both_forms() {
    let text = "- Complexity\n\n  | op | **cost** |\n  |:---|---:|\n  | push | O(1) |\n  | `a\\|b` | 2 |\n";
    let drafts = generate("notes", text);
    let table = &asking(&drafts, "Complexity").details[0];
    assert_eq!(table.kind, BlockKind::Table);
    assert_eq!(
        table.text.md,
        "| op | **cost** |\n| :-- | --: |\n| push | O(1) |\n| `a\\|b` | 2 |"
    );
    assert_eq!(table.text.plain, "op | cost\npush | O(1)\na|b | 2");
}

#[test]
fn tables_outside_item_bodies_give_no_card_and_change_no_item_text() {
    let text = "# A\n| a | b |\n| - | - |\n| 1 | 2 |\n\n- x | y\n- z\n";
    assert_eq!(cards(text), vec![list(&[], "A", &["x | y", "z"], 1)]);
}

#[test]
fn details_keep_note_order_beside_the_sub_list_items() {
    let text = "- Rc\n\n  Shared ownership.\n\n  - clone bumps a count\n\n  ```rust\n  let b = Rc::clone(&a);\n  ```\n\n  > not thread safe\n";
    let drafts = generate("notes", text);
    let rc = asking(&drafts, "Rc");
    assert_eq!(rc.answer, strings(&["clone bumps a count"]));
    let kinds: Vec<&str> = rc.details.iter().map(|b| b.kind.as_str()).collect();
    assert_eq!(kinds, ["paragraph", "code", "quote"]);
    let lines: Vec<u32> = rc.details.iter().map(|b| b.line).collect();
    assert_eq!(lines, [3, 7, 11]);
}

#[test]
fn an_item_of_empty_text_gives_no_card_whatever_its_body() {
    let text = "# A\n- ```\n  code\n  ```\n\n  more\n- y\n";
    assert_eq!(cards(text), vec![list(&[], "A", &["y"], 1)]);
}

// ── Trailing code ──────────────────────────────────────────────────────────

#[test]
fn code_after_a_cheat_sheet_line_ending_with_a_colon_answers_it() {
    let text = "# git\n\n- Undo the last commit but keep changes:\n\n`git reset --soft HEAD~1`\n\n\
                - Show the log as a graph:\n\n```\ngit log --graph\n```\n";
    let drafts = generate("notes", text);
    assert_eq!(
        asking(&drafts, "Undo the last commit but keep changes:").details,
        [code(None, "git reset --soft HEAD~1", 5)]
    );
    assert_eq!(
        asking(&drafts, "Show the log as a graph:").details,
        [code(None, "git log --graph", 9)]
    );
    assert_eq!(
        asking(&drafts, "git").answer,
        strings(&[
            "Undo the last commit but keep changes:",
            "Show the log as a graph:"
        ])
    );
}

#[test]
fn a_korean_cheat_sheet_line_takes_a_full_width_colon_and_code_spans_on_lines() {
    let text = "- 원격 저장소 확인：\n\n`git remote -v`\n`git remote show origin`\n";
    let drafts = generate("notes", text);
    assert_eq!(
        asking(&drafts, "원격 저장소 확인：").details,
        [code(None, "git remote -v\ngit remote show origin", 3)]
    );
}

#[test]
fn code_after_a_line_without_a_colon_or_not_right_after_the_list_is_not_trailing() {
    // No colon.
    let text = "# A\n- Undo the last commit\n\n`git reset --soft HEAD~1`\n";
    assert_eq!(
        cards(text),
        vec![list(&[], "A", &["Undo the last commit"], 1)]
    );
    // Something between the list and the code.
    let text = "# A\n- Undo:\n\n<br>\n\n`git reset`\n";
    assert_eq!(cards(text), vec![list(&[], "A", &["Undo:"], 1)]);
    // A paragraph that is not only code.
    let text = "# A\n- 되돌리기:\n\n`git reset` 으로 한다\n";
    assert_eq!(cards(text), vec![list(&[], "A", &["되돌리기:"], 1)]);
}

#[test]
fn only_the_last_item_of_the_list_takes_the_trailing_code() {
    let text = "- First:\n- Second:\n\n```\nrun\n```\n";
    let drafts = generate("notes", text);
    assert_eq!(questions(&drafts), ["notes", "Second:"]);
}

#[test]
fn trailing_code_inside_an_item_goes_to_the_sub_item_not_the_item() {
    let text = "- Git\n  - Undo:\n\n  `git reset`\n\n  Plain words here.\n";
    let drafts = generate("notes", text);
    assert_eq!(
        asking(&drafts, "Undo:").details,
        [code(None, "git reset", 4)]
    );
    let git = asking(&drafts, "Git");
    assert_eq!(git.answer, strings(&["Undo:"]));
    assert_eq!(
        git.details,
        [paragraph("Plain words here.", "Plain words here.", 6)]
    );
}

// ── Leads ──────────────────────────────────────────────────────────────────

#[test]
fn the_blocks_between_a_heading_and_its_first_list_are_its_lead() {
    let text = "# CSRF\n\nA forged **cross-site** request.\n\n> Also called XSRF.\n\n\
                ```http\nPOST /transfer\n```\n\n| a | b |\n| - | - |\n\n- Defences\n  - tokens\n\nAfter the list.\n";
    let drafts = generate("notes", text);
    let csrf = asking(&drafts, "CSRF");
    assert_eq!(csrf.answer, strings(&["Defences"]));
    let kinds: Vec<&str> = csrf.lead.iter().map(|b| b.kind.as_str()).collect();
    // A table is no lead; a paragraph after the list is neither.
    assert_eq!(kinds, ["paragraph", "quote", "code"]);
    assert_eq!(csrf.lead[0].text.md, "A forged **cross-site** request.");
    assert!(csrf.details.is_empty());
    assert!(asking(&drafts, "Defences").lead.is_empty());
}

#[test]
fn a_korean_heading_lead_and_a_heading_without_a_list_still_gives_no_card() {
    let text = "# 정의\n\n설명만 있는 절.\n\n# 인덱스\n\n검색을 빠르게 하는 자료구조.\n\n- B-Tree\n- Hash\n";
    let drafts = generate("notes", text);
    assert_eq!(questions(&drafts), ["인덱스"]);
    assert_eq!(
        drafts[0].lead,
        [paragraph(
            "검색을 빠르게 하는 자료구조.",
            "검색을 빠르게 하는 자료구조.",
            7
        )]
    );
}

#[test]
fn lists_before_the_first_heading_take_the_paragraphs_before_them_as_lead() {
    let drafts = generate("rust/traits", "Traits name behaviour.\n\n- Send\n- Sync\n");
    assert_eq!(drafts[0].question, "traits");
    assert_eq!(drafts[0].lead[0].text.plain, "Traits name behaviour.");
}

// ── Identity ───────────────────────────────────────────────────────────────

#[test]
fn gaining_a_lead_or_details_changes_no_question_and_no_key() {
    let before = generate("notes", "# A\n- x\n  - y\n");
    let after = generate(
        "notes",
        "# A\n\nA lead.\n\n- x\n\n  An explanation.\n\n  - y\n\n  ```\n  code\n  ```\n",
    );
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(a.question, b.question);
        assert_eq!(a.answer, b.answer);
        assert_eq!(a.key(), b.key());
        assert_eq!(a.identity(), b.identity());
    }
    assert_eq!(after[0].lead.len(), 1);
    assert_eq!(after[1].details.len(), 2);
}

// ── JSON ───────────────────────────────────────────────────────────────────

#[test]
fn a_block_serializes_its_kind_language_markdown_and_line() {
    let json = |b: &Block| serde_json::to_string(b).unwrap();
    assert_eq!(
        json(&code(Some("rust"), "let x = 1;", 4)),
        r#"{"kind":"code","lang":"rust","text":"let x = 1;","line":4}"#
    );
    assert_eq!(
        json(&code(None, "ls", 2)),
        r#"{"kind":"code","text":"ls","line":2}"#
    );
    assert_eq!(
        json(&paragraph("a b", "a **b**", 1)),
        r#"{"kind":"paragraph","text":"a **b**","line":1}"#
    );
}
