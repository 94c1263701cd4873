//! Unit tests of what gives no card (docs/design.md §14.2): reference
//! sections in English, Korean, Chinese and Japanese, link lists, clozes
//! with too few words or that give themselves away, the settings that turn
//! each rule off, and the skips reported for each. Every rule has a case
//! that gives a card and one that does not.

use super::*;

fn questions(drafts: &[Draft]) -> Vec<&str> {
    drafts.iter().map(|d| d.question.as_str()).collect()
}

fn generated(text: &str) -> Generated {
    generate_with("notes", text, &Options::default())
}

fn skip(line: u32, rule: SkipRule, text: &str) -> Skip {
    Skip {
        line,
        rule,
        text: text.to_string(),
    }
}

// ── Reference sections ─────────────────────────────────────────────────────

#[test]
fn a_references_section_and_the_headings_under_it_give_nothing() {
    let text = "# Raft\n- leader election\n\n## References\n- [paper](https://raft.github.io)\n\
                - Books\n  - Designing Data-Intensive Applications\n\n### Books\n- SICP\n  - Abelson\n\n\
                ## Safety\n- only up-to-date logs win\n";
    let out = generated(text);
    assert_eq!(questions(&out.drafts), ["Raft", "Safety"]);
    assert_eq!(
        out.skips,
        [skip(4, SkipRule::ReferenceSection, "References")]
    );
}

#[test]
fn reference_names_read_through_case_brackets_emoji_numbering_and_a_colon() {
    for heading in [
        "REFERENCES",
        "[참고 자료]",
        "📚 References:",
        "3. 참고자료",
        "(2) Sources",
        "「参考文献」",
        "来源及延伸阅读",
        "來源及延伸閱讀",
        "參考資料",
        "参考资料",
        "関連項目",
        "目次",
        "Table of Contents",
        "목차",
        "출처",
    ] {
        let text = format!("# {heading}\n- [a](https://a.example)\n- 설명이 있는 항목\n  - b\n");
        let out = generated(&text);
        assert!(out.drafts.is_empty(), "{heading}: {:#?}", out.drafts);
        assert_eq!(out.skips.len(), 1, "{heading}");
        assert_eq!(out.skips[0].rule, SkipRule::ReferenceSection);
    }
}

#[test]
fn names_that_often_head_knowledge_stay_cards() {
    for heading in [
        "참고 사항",
        "Resources",
        "Links",
        "Contents",
        "References and borrowing",
    ] {
        let text =
            format!("# {heading}\n- 큐는 부하를 흡수한다\n  - 특정 시간에만 부하가 몰릴 때\n");
        assert_eq!(
            questions(&generate("notes", &text)),
            [heading, "큐는 부하를 흡수한다"],
            "{heading}"
        );
    }
}

#[test]
fn a_reference_item_is_left_out_of_its_parents_answer_with_all_under_it() {
    let text = "# Raft\n- leader election\n  - randomized timeouts\n- 참고 자료:\n  - [논문](https://raft.github.io)\n    - Ongaro\n";
    let out = generated(text);
    assert_eq!(questions(&out.drafts), ["Raft", "leader election"]);
    assert_eq!(out.drafts[0].answer, strings(&["leader election"]));
    assert_eq!(
        out.skips,
        [skip(4, SkipRule::ReferenceSection, "참고 자료:")]
    );
}

#[test]
fn an_empty_skip_headings_list_turns_the_rule_off() {
    let options = Options {
        skip_headings: SkipHeadings::none(),
        ..Options::default()
    };
    let text = "# References\n- Designing Data-Intensive Applications\n  - Kleppmann\n";
    let out = generate_with("notes", text, &options);
    assert_eq!(
        questions(&out.drafts),
        ["References", "Designing Data-Intensive Applications"]
    );
    assert!(out.skips.is_empty());
}

#[test]
fn skip_headings_may_name_other_headings() {
    let options = Options {
        skip_headings: SkipHeadings::new(["Reading list", "읽을거리"]),
        ..Options::default()
    };
    let text = "# Reading list\n- SICP\n  - Abelson\n# 읽을거리\n- x\n# References\n- y\n";
    let out = generate_with("notes", text, &options);
    assert_eq!(questions(&out.drafts), ["References"]);
    assert_eq!(out.skips.len(), 2);
}

// ── Link lists ─────────────────────────────────────────────────────────────

#[test]
fn a_list_of_links_to_other_documents_gives_no_card() {
    let text = "# Tools\n- [ripgrep](https://github.com/BurntSushi/ripgrep)\n- <https://fd.example>\n\
                - https://bat.example/docs, 📌\n- [[Fish shell]]\n- [local](other.md)\n";
    let out = generated(text);
    assert!(out.drafts.is_empty(), "{:#?}", out.drafts);
    assert_eq!(out.skips, [skip(1, SkipRule::LinkList, "Tools")]);
}

#[test]
fn a_korean_list_of_links_gives_no_card_but_links_with_words_do() {
    let text = "# 알고리즘 문제 연습 사이트\n- [백준](https://www.acmicpc.net/)\n- [프로그래머스](https://programmers.co.kr)\n\
                # 추천 도구\n- [ripgrep](https://x.example) - 빠른 검색\n- [fd](https://y.example)\n";
    let out = generated(text);
    assert_eq!(questions(&out.drafts), ["추천 도구"]);
    assert_eq!(
        out.skips,
        [skip(1, SkipRule::LinkList, "알고리즘 문제 연습 사이트")]
    );
}

#[test]
fn an_outline_of_links_to_headings_of_the_same_note_is_a_card() {
    let text = "# Contents\n- [Intro](#intro)\n- [[#Setup]]\n";
    assert_eq!(questions(&generate("notes", text)), ["Contents"]);
}

#[test]
fn learning_resources_and_their_sub_headings_give_no_card_but_resources_does() {
    let text = "# Heap\n- a tree\n## Learning resources\n- Heaps, a course\n\
                ### Videos\n- Heap sort, a lecture\n# Resources\n- CPU\n- memory\n";
    let out = generated(text);
    assert_eq!(questions(&out.drafts), ["Heap", "Resources"]);
    assert_eq!(
        out.skips,
        [skip(3, SkipRule::ReferenceSection, "Learning resources")]
    );
}

#[test]
fn an_item_whose_sub_items_are_links_gives_no_card_unless_it_has_details() {
    let text = "- Papers\n  - [Raft](https://raft.github.io)\n  - [Paxos](https://paxos.example)\n\
                - Blogs\n\n  Worth reading weekly.\n\n  - [a](https://a.example)\n";
    let out = generated(text);
    assert_eq!(questions(&out.drafts), ["notes", "Blogs"]);
    assert_eq!(out.skips, [skip(1, SkipRule::LinkList, "Papers")]);
}

#[test]
fn a_lead_does_not_keep_a_heading_of_links_a_card() {
    // The lead over a list of links introduces them, as public notes do
    // page after page; the card would ask for the links.
    let text = "# Essential questions\n\n_Practise these first._\n\n\
                - [Two Sum](https://leetcode.example/two-sum)\n\
                - [Climbing Stairs](https://leetcode.example/stairs)\n";
    let out = generated(text);
    assert!(out.drafts.is_empty(), "{:?}", out.drafts);
    assert_eq!(
        out.skips,
        [skip(1, SkipRule::LinkList, "Essential questions")]
    );
    // In Korean too.
    let out = generated(
        "# 연습 문제\n\n먼저 풀어 볼 문제들.\n\n- [두 수의 합](https://leetcode.example/1)\n",
    );
    assert_eq!(out.skips, [skip(1, SkipRule::LinkList, "연습 문제")]);
}

#[test]
fn skip_link_lists_off_keeps_link_lists() {
    let options = Options {
        skip_link_lists: false,
        ..Options::default()
    };
    let out = generate_with("notes", "# Tools\n- [rg](https://rg.example)\n", &options);
    assert_eq!(questions(&out.drafts), ["Tools"]);
    assert!(out.skips.is_empty());
}

// ── Clozes with nothing to learn ───────────────────────────────────────────

#[test]
fn a_cloze_leaving_fewer_than_three_words_is_left_out() {
    let out = generated("# UI\n- Open **Settings**.\n- Open **Settings** from the top menu.\n");
    let clozes: Vec<&str> = out
        .drafts
        .iter()
        .filter(|d| d.kind == Kind::Cloze)
        .map(|d| d.question.as_str())
        .collect();
    assert_eq!(clozes, ["Open […] from the top menu."]);
    assert_eq!(out.skips, [skip(2, SkipRule::ClozeTooShort, "Open […].")]);
}

#[test]
fn korean_counts_a_word_per_two_letters_for_the_cloze_rule() {
    // 하자 is one word; 지금 당장 하자 three.
    let out = generated("# 도입\n- **자동화**하자!\n- 지금 당장 **자동화**하자!\n");
    let clozes: Vec<&str> = out
        .drafts
        .iter()
        .filter(|d| d.kind == Kind::Cloze)
        .map(|d| d.question.as_str())
        .collect();
    assert_eq!(clozes, ["지금 당장 […]하자!"]);
    assert_eq!(out.skips, [skip(2, SkipRule::ClozeTooShort, "[…]하자!")]);
}

#[test]
fn words_count_spaced_runs_and_cjk_letters_by_two() {
    assert_eq!(skip::words("Open ."), 1);
    assert_eq!(skip::words("a, b — c"), 3);
    assert_eq!(skip::words("하자!"), 1);
    assert_eq!(skip::words("를 빨리하면 속도가 빨라짐"), 7);
    assert_eq!(skip::words("API가 빠르다"), 4);
    assert_eq!(skip::words("延伸阅读"), 2);
    assert_eq!(skip::words("ひらがなカタカナ"), 4);
}

#[test]
fn a_cloze_whose_phrase_appears_again_in_its_item_gives_itself_away() {
    let text = "# A\n- **Static content** - serve static content directly\n\
                - 이 둘을 연결해 **렌더 트리**를 만든다. 렌더 트리로 화면을 그린다\n\
                - **C** was created at Bell Labs in 1972\n\
                - a **Pod** is the smallest unit; Pods share a network\n";
    let out = generated(text);
    let clozes: Vec<&str> = out
        .drafts
        .iter()
        .filter(|d| d.kind == Kind::Cloze)
        .map(|d| d.answer[0].as_str())
        .collect();
    // `C` is not in `created`.
    assert_eq!(clozes, ["C"]);
    let rules: Vec<(u32, SkipRule)> = out.skips.iter().map(|s| (s.line, s.rule)).collect();
    assert_eq!(
        rules,
        [
            (2, SkipRule::ClozeGivesItselfAway),
            (3, SkipRule::ClozeGivesItselfAway),
            (5, SkipRule::ClozeGivesItselfAway),
        ]
    );
}

#[test]
fn a_cloze_whose_phrase_is_a_whole_context_entry_gives_itself_away_one_naming_it_among_others_does_not()
 {
    let text = "# Create new vault\n- To the right of **Create new vault**, select Create.\n\
                # Array vs ArrayList vs LinkedList\n- **ArrayList** grows by half when full\n";
    let out = generated(text);
    let clozes: Vec<&str> = out
        .drafts
        .iter()
        .filter(|d| d.kind == Kind::Cloze)
        .map(|d| d.answer[0].as_str())
        .collect();
    assert_eq!(clozes, ["ArrayList"]);
    assert_eq!(
        out.skips,
        [skip(
            2,
            SkipRule::ClozeGivesItselfAway,
            "To the right of […], select Create."
        )]
    );
}

#[test]
fn cloze_min_words_zero_turns_both_checks_off_and_another_count_moves_the_bar() {
    let text = "# Create new vault\n- Open **Settings**.\n- Click **Create new vault** now please\n- **x** a b c d\n";
    let off = Options {
        cloze_min_words: 0,
        ..Options::default()
    };
    let out = generate_with("notes", text, &off);
    assert_eq!(
        out.drafts.iter().filter(|d| d.kind == Kind::Cloze).count(),
        3
    );
    assert!(out.skips.is_empty());
    let five = Options {
        cloze_min_words: 5,
        ..Options::default()
    };
    let out = generate_with("notes", text, &five);
    assert_eq!(
        out.drafts.iter().filter(|d| d.kind == Kind::Cloze).count(),
        0
    );
    let rules: Vec<SkipRule> = out.skips.iter().map(|s| s.rule).collect();
    assert_eq!(
        rules,
        [
            SkipRule::ClozeTooShort,
            SkipRule::ClozeTooShort,
            SkipRule::ClozeTooShort
        ]
    );
}

// ── Options and reports ────────────────────────────────────────────────────

#[test]
fn the_fingerprint_changes_with_every_option_and_not_with_a_clone() {
    let base = Options::default();
    let others = [
        Options {
            cloze: false,
            ..Options::default()
        },
        Options {
            skip_headings: SkipHeadings::new(["References"]),
            ..Options::default()
        },
        Options {
            skip_headings: SkipHeadings::none(),
            ..Options::default()
        },
        Options {
            skip_link_lists: false,
            ..Options::default()
        },
        Options {
            cloze_min_words: 4,
            ..Options::default()
        },
    ];
    let mut seen = vec![base.fingerprint()];
    for other in &others {
        let print = other.fingerprint();
        assert!(!seen.contains(&print), "{print}");
        seen.push(print);
    }
    assert_eq!(base.clone().fingerprint(), base.fingerprint());
    assert!(base.fingerprint().contains("markdown 3"));
    // The same names give the same digest; another list another.
    assert_eq!(
        SkipHeadings::new(["References", "출처"]).digest(),
        SkipHeadings::new(["References".to_string(), "출처".to_string()]).digest()
    );
    assert_ne!(
        SkipHeadings::new(["References", "출처"]).digest(),
        SkipHeadings::new(["References"]).digest()
    );
}

#[test]
fn the_rule_names_are_stable() {
    let names: Vec<&str> = [
        SkipRule::ReferenceSection,
        SkipRule::LinkList,
        SkipRule::ClozeTooShort,
        SkipRule::ClozeGivesItselfAway,
    ]
    .iter()
    .map(|r| r.as_str())
    .collect();
    assert_eq!(
        names,
        [
            "reference section",
            "link list",
            "cloze too short",
            "cloze gives itself away"
        ]
    );
    assert_eq!(
        serde_json::to_string(&skip(3, SkipRule::LinkList, "Tools")).unwrap(),
        r#"{"line":3,"rule":"link list","text":"Tools"}"#
    );
}

#[test]
fn skips_come_in_note_order_with_their_lines() {
    let text = "# A\n- Open **Settings**.\n\n## 참고\n- x\n  - y\n\n## Tools\n- [rg](https://rg.example)\n";
    let lines: Vec<u32> = generated(text).skips.iter().map(|s| s.line).collect();
    assert_eq!(lines, [2, 4, 8]);
}
