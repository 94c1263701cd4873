//! Unit tests of Obsidian-flavoured Markdown (docs/design.md §13): each
//! syntax in plain text, Markdown form and clozes, in Korean and English,
//! nested with bold and code, and how the comments that are cut out keep
//! line numbers.

use super::*;

/// The one draft of `text` asking `question`.
fn asking<'d>(drafts: &'d [Draft], question: &str) -> &'d Draft {
    drafts
        .iter()
        .find(|d| d.question == question)
        .unwrap_or_else(|| panic!("no card asks {question:?} in {drafts:#?}"))
}

// ── Wikilinks ──────────────────────────────────────────────────────────────

#[test]
fn wikilinks_read_as_obsidian_shows_them() {
    let text = "# Links\n- see [[Page]]\n- see [[Page|the alias]]\n- see [[Page#Heading]]\n\
                - see [[#Heading]]\n- see [[Page#Part#Sub]]\n- see [[Page#^block1]]\n";
    let drafts = generate("notes", text);
    let expected = [
        "see Page",
        "see the alias",
        "see Page > Heading",
        "see Heading",
        "see Page > Part > Sub",
        "see Page",
    ];
    assert_eq!(drafts[0].answer, strings(&expected));
    assert_eq!(drafts[0].answer_md, strings(&expected));
}

#[test]
fn korean_wikilinks_read_as_their_text() {
    let drafts = generate(
        "notes",
        "# [[배달의민족]] 개편\n- [[결제시스템|결제 시스템]] 분리\n",
    );
    assert_eq!(drafts[0].question, "배달의민족 개편");
    assert_eq!(drafts[0].question_md, "배달의민족 개편");
    assert_eq!(drafts[0].answer, strings(&["결제 시스템 분리"]));
    assert_eq!(drafts[0].answer_md, strings(&["결제 시스템 분리"]));
}

#[test]
fn an_alias_keeps_its_marks_in_the_markdown_form() {
    let drafts = generate(
        "notes",
        "# A\n- read [[Rust Book|the *book*]] `[[not a link]]`\n",
    );
    assert_eq!(drafts[0].answer, strings(&["read the book [[not a link]]"]));
    assert_eq!(
        drafts[0].answer_md,
        strings(&["read the *book* `[[not a link]]`"])
    );
}

#[test]
fn an_empty_alias_shows_the_target() {
    assert_eq!(qa("# A\n- see [[Page|]]\n")[0].1, strings(&["see Page"]));
}

#[test]
fn wikilinks_in_contexts_read_as_their_text() {
    let drafts = generate("notes", "# [[Rust]]\n- [[Ownership|소유권]]\n  - move\n");
    let item = asking(&drafts, "소유권");
    assert_eq!(item.context[..], strings(&["Rust"]));
    assert_eq!(item.context_md[..], strings(&["Rust"]));
}

// ── Embeds ─────────────────────────────────────────────────────────────────

#[test]
fn embeds_read_as_a_placeholder_naming_the_file() {
    let text = "# A\n- ![[cat.png]] a cat\n- ![[attachments/Diagram.SVG#icon]]\n\
                - ![[Meeting Note]]\n- ![[Note#Summary]]\n- ![[paper.pdf]]\n- ![[photo.jpg|300]]\n";
    let expected = [
        "[image: cat.png] a cat",
        "[image: Diagram.SVG]",
        "[embed: Meeting Note]",
        "[embed: Note > Summary]",
        "[embed: paper.pdf]",
        "[image: photo.jpg]",
    ];
    let drafts = generate("notes", text);
    assert_eq!(drafts[0].answer, strings(&expected));
    assert_eq!(drafts[0].answer_md, strings(&expected));
}

#[test]
fn an_embed_inside_an_item_keeps_the_words_around_it() {
    let drafts = generate(
        "notes",
        "# 구조\n- 다이어그램 ![[arch.png]] 참고\n  - 계층\n",
    );
    let item = asking(&drafts, "다이어그램 [image: arch.png] 참고");
    assert_eq!(item.question_md, "다이어그램 [image: arch.png] 참고");
    assert_eq!(item.answer, strings(&["계층"]));
}

#[test]
fn a_markdown_image_is_still_dropped_from_plain_text() {
    let drafts = generate("notes", "# A\n- before ![cat](cat.png) after\n");
    assert_eq!(drafts[0].answer, strings(&["before after"]));
    assert_eq!(
        drafts[0].answer_md,
        strings(&["before ![cat](cat.png) after"])
    );
}

// ── Highlights ─────────────────────────────────────────────────────────────

#[test]
fn a_highlight_makes_a_cloze_like_bold() {
    let drafts = generate_all_clozes("notes", "# 배포\n- ==자동화==하자!\n");
    assert_eq!(drafts[0].answer, strings(&["자동화하자!"]));
    assert_eq!(drafts[0].answer_md, strings(&["==자동화==하자!"]));
    let cloze = &drafts[1];
    assert_eq!(cloze.kind, Kind::Cloze);
    assert_eq!(cloze.question, "[…]하자!");
    assert_eq!(cloze.question_md, "[…]하자!");
    assert_eq!(cloze.answer, strings(&["자동화"]));
    assert_eq!(cloze.answer_md, strings(&["자동화"]));
}

#[test]
fn bold_and_highlight_in_one_item_give_a_cloze_each_in_order() {
    let drafts = generate("notes", "# A\n- **Send** moves, ==Sync== shares\n");
    let clozes: Vec<(&str, &str, &str)> = drafts
        .iter()
        .filter(|d| d.kind == Kind::Cloze)
        .map(|d| {
            (
                d.question.as_str(),
                d.question_md.as_str(),
                d.answer[0].as_str(),
            )
        })
        .collect();
    assert_eq!(
        clozes,
        vec![
            (
                "[…] moves, Sync shares",
                "[…] moves, ==Sync== shares",
                "Send"
            ),
            (
                "Send moves, […] shares",
                "**Send** moves, […] shares",
                "Sync"
            ),
        ]
    );
}

#[test]
fn nested_bold_and_highlight_give_one_cloze_for_the_outer_span() {
    let drafts = generate("notes", "# A\n- ==a **b** c== and **d ==e==**\n");
    let answers: Vec<(&str, &str)> = drafts
        .iter()
        .filter(|d| d.kind == Kind::Cloze)
        .map(|d| (d.answer[0].as_str(), d.answer_md[0].as_str()))
        .collect();
    assert_eq!(answers, vec![("a b c", "a **b** c"), ("d e", "d ==e==")]);
    assert_eq!(drafts[0].answer, strings(&["a b c and d e"]));
}

#[test]
fn highlight_marks_in_code_spaces_or_escapes_are_text() {
    let text = "# A\n- `==x==` and a == b == c and ===y=== and \\==z==\n";
    let drafts = generate("notes", text);
    assert_eq!(
        drafts[0].answer,
        strings(&["==x== and a == b == c and ===y=== and ==z=="])
    );
    assert_eq!(drafts.len(), 1, "no cloze: {drafts:#?}");
}

#[test]
fn an_unclosed_highlight_is_text() {
    let drafts = generate_all_clozes("notes", "# A\n- ==open and **bold**\n");
    assert_eq!(drafts[0].answer, strings(&["==open and bold"]));
    assert_eq!(drafts[1].question, "==open and […]");
}

#[test]
fn a_highlight_does_not_pair_across_a_link() {
    let drafts = generate("notes", "# A\n- [a ==b](u)== c\n");
    assert_eq!(drafts[0].answer, strings(&["a ==b== c"]));
    assert_eq!(drafts.len(), 1);
}

#[test]
fn wikilinks_inside_clozes_read_as_their_text() {
    let drafts = generate(
        "notes",
        "# A\n- **[[Borrow checker|빌림 검사기]]** checks [[Lifetimes]], ==[[Drop]]== frees\n",
    );
    let clozes: Vec<&Draft> = drafts.iter().filter(|d| d.kind == Kind::Cloze).collect();
    assert_eq!(clozes.len(), 2);
    assert_eq!(clozes[0].question, "[…] checks Lifetimes, Drop frees");
    assert_eq!(
        clozes[0].question_md,
        "[…] checks Lifetimes, ==Drop== frees"
    );
    assert_eq!(clozes[0].answer, strings(&["빌림 검사기"]));
    assert_eq!(clozes[0].answer_md, strings(&["빌림 검사기"]));
    assert_eq!(
        clozes[1].question_md,
        "**빌림 검사기** checks Lifetimes, […] frees"
    );
    assert_eq!(clozes[1].answer, strings(&["Drop"]));
}

#[test]
fn a_bold_alias_inside_a_wikilink_is_a_cloze() {
    let drafts = generate("notes", "# A\n- the [[Page|**key** idea]] here\n");
    assert_eq!(drafts[1].question, "the […] idea here");
    assert_eq!(drafts[1].question_md, "the […] idea here");
    assert_eq!(drafts[1].answer, strings(&["key"]));
}

#[test]
fn the_cloze_setting_covers_highlights() {
    let text = "# A\n- ==x== and **y**\n";
    let options = Options {
        cloze: false,
        ..Options::default()
    };
    let drafts = generate_with("notes", text, &options).drafts;
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].answer, strings(&["x and y"]));
}

// ── Comments ───────────────────────────────────────────────────────────────

#[test]
fn inline_comments_are_not_text() {
    let text =
        "# Title %% draft %%\n- a %% hidden %% b\n- c <!-- note --> d\n- <!-- x --> visible\n";
    let drafts = generate("notes", text);
    assert_eq!(drafts[0].question, "Title");
    assert_eq!(drafts[0].answer, strings(&["a b", "c d", "visible"]));
    assert_eq!(drafts[0].answer_md, strings(&["a b", "c d", "visible"]));
}

#[test]
fn block_comments_hide_their_items_and_keep_line_numbers() {
    let text =
        "# A\n- one\n%%\n- hidden\n  - deep\n%%\n- two\n<!--\n- gone\n-->\n- three\n  - sub\n";
    assert_eq!(
        cards(text),
        vec![
            list(&[], "A", &["one", "two", "three"], 1),
            list(&["A"], "three", &["sub"], 11),
        ]
    );
}

#[test]
fn a_comment_spanning_lines_inside_an_item_joins_what_is_around_it() {
    let text = "# A\n- start %% a\nlong note %% end\n- next\n  - sub\n";
    assert_eq!(
        cards(text),
        vec![
            list(&[], "A", &["start end", "next"], 1),
            list(&["A"], "next", &["sub"], 4),
        ]
    );
}

#[test]
fn a_comment_line_inside_an_item_keeps_the_item_whole() {
    let text = "# A\n- first line\n  %% aside %%\n  second line\n  - sub\n";
    assert_eq!(
        cards(text),
        vec![
            list(&[], "A", &["first line second line"], 1),
            list(&["A"], "first line second line", &["sub"], 2),
        ]
    );
}

#[test]
fn comment_marks_in_code_are_text() {
    let text = "# A\n- `printf(\"%%d\")` and `<!-- x -->`\n\n```\n%%\n```\n- after %% gone %%\n";
    let drafts = generate("notes", text);
    assert_eq!(
        drafts[0].answer,
        strings(&["printf(\"%%d\") and <!-- x -->", "after"])
    );
}

#[test]
fn an_unclosed_comment_mark_is_text() {
    assert_eq!(
        qa("# A\n- 100%% sure\n- b\n")[0].1,
        strings(&["100%% sure", "b"])
    );
}

// ── Block ids, footnotes, tags, callouts ───────────────────────────────────

#[test]
fn block_ids_at_the_end_of_items_and_headings_are_dropped() {
    let text = "# Traits ^h1\n- Send ^send-1\n  - move ^x\n- x^2 stays\n- `code ^c`\n";
    let drafts = generate("notes", text);
    assert_eq!(drafts[0].question, "Traits");
    assert_eq!(drafts[0].answer, strings(&["Send", "x^2 stays", "code ^c"]));
    assert_eq!(
        drafts[0].answer_md,
        strings(&["Send", "x^2 stays", "`code ^c`"])
    );
    let item = asking(&drafts, "Send");
    assert_eq!(item.question_md, "Send");
    assert_eq!(item.answer, strings(&["move"]));
}

#[test]
fn a_block_id_after_bold_is_dropped_and_the_cloze_stays() {
    let drafts = generate_all_clozes("notes", "# A\n- **이벤트** 기반 ^evt\n");
    assert_eq!(drafts[0].answer, strings(&["이벤트 기반"]));
    assert_eq!(drafts[1].question, "[…] 기반");
    assert_eq!(drafts[1].question_md, "[…] 기반");
}

#[test]
fn footnote_references_are_dropped_and_definitions_give_no_card() {
    let text = "# A\n- Raft[^1] elects a leader\n- Paxos [^note] is older\n\n[^1]: Ongaro, 2014.\n\
                [^note]: Lamport.\n    - not an item\n";
    let drafts = generate("notes", text);
    assert_eq!(drafts.len(), 1, "{drafts:#?}");
    assert_eq!(
        drafts[0].answer,
        strings(&["Raft elects a leader", "Paxos is older"])
    );
    assert_eq!(
        drafts[0].answer_md,
        strings(&["Raft elects a leader", "Paxos is older"])
    );
}

#[test]
fn a_footnote_definition_ends_the_list_before_it() {
    // GitHub's footnotes, as Obsidian's: a definition is a block, so it is
    // not read as more of the item above it.
    let drafts = generate("notes", "# A\n- x[^1]\n[^1]: note\n- y\n");
    assert_eq!(drafts[0].answer, strings(&["x", "y"]));
}

#[test]
fn tags_stay_as_text() {
    let drafts = generate("notes", "# A #rust\n- #todo check #비동기 code\n");
    assert_eq!(drafts[0].question, "A #rust");
    assert_eq!(drafts[0].answer, strings(&["#todo check #비동기 code"]));
}

#[test]
fn callouts_are_block_quotes_and_give_no_cards_of_their_own() {
    // A callout is a quote: before a section's list it is the heading's
    // lead, in an item's body its details; its lists are no answer.
    let text = "# A\n> [!note] Title\n> - a\n>   - b\n> - [ ] task\n\n- real\n  > [!tip]- folded\n  > - c\n";
    assert_eq!(
        cards(text),
        vec![list(&[], "A", &["real"], 1), list(&["A"], "real", &[], 7)]
    );
    let drafts = generate("notes", text);
    assert_eq!(drafts[0].lead[0].kind, BlockKind::Quote);
    assert_eq!(
        drafts[0].lead[0].text.md,
        "[!note] Title\n- a\n- b\n- [ ] task"
    );
    assert_eq!(drafts[1].details[0].text.md, "[!tip]- folded\n- c");
}

// ── Re-reading stored Markdown (sync rule 1r) ──────────────────────────────

#[test]
fn reread_gives_the_plain_text_of_stored_markdown() {
    assert_eq!(
        reread("[[Page|alias]] and [[A#B]]").as_deref(),
        Some("alias and A > B")
    );
    assert_eq!(reread("**x** ==y== `z`").as_deref(), Some("x y z"));
    assert_eq!(reread("a %% c %% b <!-- d -->").as_deref(), Some("a b"));
    assert_eq!(
        reread("Raft[^1] elects ^blk").as_deref(),
        Some("Raft elects")
    );
    assert_eq!(
        reread("[…] and ![[cat.png]]").as_deref(),
        Some("[…] and [image: cat.png]")
    );
    assert_eq!(reread("").as_deref(), Some(""));
}

#[test]
fn reread_refuses_markdown_that_is_not_one_paragraph() {
    assert_eq!(reread("1. x"), None);
    assert_eq!(reread("# x"), None);
}

#[test]
fn rereading_what_the_generator_stores_gives_its_plain_text() {
    let text = "# [[Rust]] ^h\n- **[[Send]]** is ==auto== `[[x]]`[^1] %% c %%\n  - [[A|B]] ![[d.png]]\n\n[^1]: n\n";
    for d in generate("notes", text) {
        let parts = d.context_md.iter().zip(d.context.iter());
        let parts = parts.chain(d.answer_md.iter().zip(d.answer.iter()));
        for (md, plain) in parts.chain([(&d.question_md, &d.question)]) {
            assert_eq!(reread(md).as_ref(), Some(plain), "{md:?}");
        }
    }
}
