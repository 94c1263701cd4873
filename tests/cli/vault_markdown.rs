//! Obsidian-flavoured Markdown through the real binary (docs/design.md §13):
//! the notes of the vault fixture (`tests/fixtures/vault/`, Korean and
//! English, nested folders, every syntax) as `preview`, `sync`, `cards` and
//! `show` print them, highlight clozes, and cards stored by the older
//! reading of `[[links]]` keeping their history through a sync.
//!
//! The fixture's notes are copied into each test's own notes folder, by
//! name: the vault holds other files too (settings, templates, daily notes)
//! that other tests are about.

use std::fs;
use std::path::Path;

use recall::sync::plan;
use serde_json::Value;

use crate::support as common;

use common::driver::Review;
use common::{Counts, Env, NOW, SuccessOutput, card, id, json, json_lines, stored_as_read_by};

/// The vault's ordinary notes, by path under the vault.
const NOTES: [&str; 4] = [
    "Distributed Systems/Consensus/Raft.md",
    "Inbox.md",
    "Rust/Ownership.md",
    "개발/배포/배포 자동화.md",
];

/// Obsidian syntax no card text may show.
const RAW: [&str; 8] = ["[[", "]]", "![[", "%%", "<!--", "-->", "[^", "^"];

fn vault() -> Env {
    let env = Env::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault");
    for note in NOTES {
        let text = fs::read_to_string(root.join(note)).expect("fixture note");
        env.write(note, &text);
    }
    env
}

/// The cards `preview --json` prints (the lines naming a card left out
/// have no question).
fn preview(env: &Env) -> Vec<Value> {
    json_lines(&env.recall().args(["preview", "--json"]).success_stdout())
        .into_iter()
        .filter(|line| line.get("question").is_some())
        .collect()
}

/// Every text of a card: context, question, answer.
fn texts(card: &Value) -> Vec<String> {
    let list = |key: &str| -> Vec<String> {
        card[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key} in {card}"))
            .iter()
            .map(|v| v.as_str().expect("text").to_string())
            .collect()
    };
    let mut all = list("context");
    all.push(card["question"].as_str().expect("question").to_string());
    all.extend(list("answer"));
    all
}

/// The one card of `deck` asking `question`.
fn asking<'c>(cards: &'c [Value], deck: &str, question: &str) -> &'c Value {
    cards
        .iter()
        .find(|c| c["deck"] == deck && c["question"] == question)
        .unwrap_or_else(|| panic!("no card of {deck} asks {question:?} in {cards:#?}"))
}

fn assert_no_raw_syntax(output: &str, allowed: &[&str]) {
    for raw in RAW.iter().filter(|r| !allowed.contains(r)) {
        assert!(!output.contains(raw), "{raw:?} shown in:\n{output}");
    }
}

#[test]
fn preview_of_the_vault_shows_no_obsidian_syntax() {
    let env = vault();
    let cards = preview(&env);
    let clozes = cards.iter().filter(|c| c["kind"] == "cloze").count();
    // 19 list cards and 11 clozes: `CD로 **무중단 배포**` leaves two words
    // (`CD`, `로`) outside its blank, too few (docs/design.md §14.2).
    assert_eq!((cards.len(), clozes), (30, 11));
    for c in &cards {
        for text in texts(c) {
            assert_no_raw_syntax(&text, &[]);
            assert!(!text.contains("=="), "{text:?}");
        }
    }
    // The human preview prints the Markdown forms: marks such as `**` and
    // `==` stay, Obsidian's link, embed, comment and id syntax does not.
    let human = String::from_utf8(env.recall().arg("preview").success_stdout()).unwrap();
    assert_no_raw_syntax(&human, &[]);
    assert!(human.contains("- 지금 당장 ==자동화==하자!\n"), "{human}");
}

#[test]
fn links_and_embeds_read_as_obsidian_shows_them() {
    let cards = preview(&vault());
    let raft = asking(
        &cards,
        "Distributed Systems/Consensus/Raft",
        "Compared with Paxos > Multi-Paxos and Viewstamped Replication",
    );
    assert_eq!(raft["context"], serde_json::json!(["Raft", "Safety"]));
    assert_eq!(
        raft["answer"],
        serde_json::json!(["[embed: raft-vs-paxos.pdf]", "Raft is easier to teach"])
    );
    assert_eq!(raft["line"], 14);
    let moving = asking(
        &cards,
        "Rust/Ownership",
        "Moving a value into a function gives it away",
    );
    assert_eq!(
        moving["answer"],
        serde_json::json!([
            "String moves, Copy types are copied",
            "see marker traits for Copy"
        ])
    );
    let lifetimes = asking(&cards, "Rust/Ownership", "Lifetimes");
    assert_eq!(
        lifetimes["answer"],
        serde_json::json!([
            "[image: lifetimes-diagram.png] A lifetime names a scope",
            "Elision rules: see Borrowing and [embed: Lifetime elision]"
        ])
    );
    let monitoring = asking(&cards, "개발/배포/배포 자동화", "모니터링 도구");
    assert_eq!(
        monitoring["answer"],
        serde_json::json!(["Prometheus 지표 수집", "Grafana > 대시보드 구성"])
    );
    let mixed = asking(&cards, "Inbox", "한국어 노트와 English notes 섞기");
    assert_eq!(mixed["context"], serde_json::json!(["Inbox"]));
    assert_eq!(
        mixed["answer"],
        serde_json::json!(["간격 반복 학습", "[image: forgetting-curve.webp]"])
    );
}

#[test]
fn highlights_make_clozes_like_bold_and_the_cloze_setting_covers_both() {
    let env = vault();
    let clozes: Vec<(String, String)> = preview(&env)
        .iter()
        .filter(|c| c["kind"] == "cloze" && c["deck"] == "개발/배포/배포 자동화")
        .map(|c| {
            let question = c["question"].as_str().unwrap().to_string();
            (question, c["answer"][0].as_str().unwrap().to_string())
        })
        .collect();
    let pair = |q: &str, a: &str| (q.to_string(), a.to_string());
    assert_eq!(
        clozes,
        vec![
            pair("지금 당장 […]하자!", "자동화"),
            pair("[…]는 도구가 아니라 문화다", "DevOps"),
            pair("DevOps는 도구가 아니라 […]다", "문화"),
            pair("배포 권한을 […]에", "개발팀"),
        ]
    );
    fs::write(env.dir.path().join("recall.toml"), "cloze = false\n").unwrap();
    let cards = preview(&env);
    assert!(cards.iter().all(|c| c["kind"] == "list"), "{cards:#?}");
    assert_eq!(cards.len(), 19);
}

#[test]
fn comments_callouts_and_footnotes_give_no_text_and_lines_stay_true() {
    let cards = preview(&vault());
    let all: Vec<String> = cards.iter().flat_map(texts).collect();
    for hidden in [
        "Study from chapter 4",
        "two-phase borrows",
        "Returning a reference",
        "Drop::drop",
        "아직 정리 안 된",
        "발표자에게",
        "체크리스트",
        "발표 슬라이드",
        "Ongaro",
        "unlike Paxos",
    ] {
        assert!(!all.iter().any(|t| t.contains(hidden)), "{hidden:?} shown");
    }
    // Below a block comment and an HTML comment of several lines each.
    let deck = "개발/배포/배포 자동화";
    assert_eq!(asking(&cards, deck, "조직 문화 #devops")["line"], 16);
    assert_eq!(asking(&cards, deck, "개발과 운영의 협업")["line"], 23);
    // Below front matter and a comment line.
    assert_eq!(asking(&cards, "Rust/Ownership", "Ownership")["line"], 5);
    let borrowing = asking(&cards, "Rust/Ownership", "Borrowing");
    assert_eq!(
        borrowing["answer"],
        serde_json::json!([
            "References borrow without taking ownership",
            "The borrow checker enforces the rules at compile time #compiler"
        ])
    );
}

#[test]
fn synced_cards_list_and_show_the_rendered_text() {
    let env = vault();
    assert_eq!(Counts::of(&env.sync()).added, 30);
    let cards = env.cards();
    let listed = String::from_utf8(env.recall().arg("cards").success_stdout()).unwrap();
    assert_no_raw_syntax(&listed, &[]);
    let monitoring = id(card(&cards, "모니터링 도구"));
    let shown = String::from_utf8(
        env.recall()
            .args(["show", &monitoring.to_string()])
            .success_stdout(),
    )
    .unwrap();
    assert!(shown.contains("question: 모니터링 도구\n"), "{shown}");
    assert!(shown.contains("  - Grafana > 대시보드 구성\n"), "{shown}");
    assert_no_raw_syntax(&shown, &[]);
    let cloze = id(card(&cards, "배포 권한을 […]에"));
    let shown = json(
        &env.recall()
            .args(["show", &cloze.to_string(), "--json"])
            .success_stdout(),
    );
    assert_eq!(
        shown["context"],
        serde_json::json!(["배포 자동화", "조직 문화 #devops", "개발과 운영의 협업"])
    );
    assert_eq!(shown["answer"], serde_json::json!(["개발팀"]));
}

#[test]
fn a_review_session_shows_links_embeds_and_highlights_as_their_text() {
    // The session renders the stored Markdown form (`styled`): without
    // colour, a highlight shows as its text, as bold does.
    let env = Env::new();
    env.write(
        "rust.md",
        "# [[Rust]] traits %% ch. 16 %%\n\n\
         - ==Send== moves between [[Thread|threads]] ^send\n\
         \x20 - ![[send.png]] the diagram\n\
         \x20 - **Sync** shares[^1]\n\n\
         [^1]: via `&T`.\n",
    );
    env.sync();
    let mut review = Review::start(&env, NOW, &[]);
    let mut questions = Vec::new();
    let mut next = review.next_question();
    while let Some(question) = next {
        questions.push(question);
        next = review.grade(5);
    }
    let finished = review.quit();
    assert!(finished.status.success(), "{}", finished.stderr);
    // The clozes wait for another day: they give their list cards away.
    assert_eq!(questions, ["Rust traits", "Send moves between threads"]);
    let transcript = finished.transcript;
    // The heading card's answer is the item, `==Send==` in Markdown.
    assert!(
        transcript.contains("Send moves between threads\n"),
        "{transcript}"
    );
    assert!(
        transcript.contains("[image: send.png] the diagram"),
        "{transcript}"
    );
    assert!(transcript.contains("Sync shares"), "{transcript}");
    assert_no_raw_syntax(&transcript, &[]);
    assert!(!transcript.contains("=="), "{transcript}");
}

/// A note whose cards an older generator, which read wikilinks, highlights
/// and block ids as text, stored differently: the heading and item cards
/// changed in both question and answer, the cloze in context and phrase.
const LINKED: &str = "\
# [[Rust]] traits

- [[Send]] moves between threads ^send
  - [[Sync|Sync types]] share
  - **[[Copy]]** is implicit for plain data
- ==Auto== traits need no impl
";

/// The cards the older generator stored for `text`: it read `[[`, `==`
/// and a block id's `^` as text, and the Markdown form was the source as
/// written. Today's generator reads them escaped as that same text, so
/// generating from the escaped note gives the old plain text, and the
/// Markdown form is the escaped one unescaped again.
fn stored_by_the_older_reading(text: &str) -> Vec<plan::Incoming> {
    let escaped = text
        .replace('[', "\\[")
        .replace("==", "\\=\\=")
        .replace(" ^", " \\^");
    let unescape = |md: &str| {
        md.replace("\\[", "[")
            .replace("\\=", "=")
            .replace("\\^", "^")
    };
    let drafts = recall::cards::generate("linked", &escaped)
        .into_iter()
        .map(|mut d| {
            d.question_md = unescape(&d.question_md);
            d.answer_md = d.answer_md.iter().map(|a| unescape(a)).collect();
            d.context_md = d.context_md.iter().map(|c| unescape(c)).collect();
            d
        })
        .collect();
    plan::number(drafts)
}

#[test]
fn cards_stored_by_the_older_reading_keep_their_ids_and_history() {
    let env = Env::new();
    env.write("linked.md", LINKED);
    let old = stored_by_the_older_reading(LINKED);
    let questions: Vec<&str> = old.iter().map(|i| i.draft.question.as_str()).collect();
    assert_eq!(
        questions,
        [
            "[[Rust]] traits",
            "[[Send]] moves between threads ^send",
            "[…] is implicit for plain data",
        ],
        "the older reading, bold [[Copy]] its one cloze"
    );
    assert_eq!(
        old[0].draft.answer,
        [
            "[[Send]] moves between threads ^send",
            "==Auto== traits need no impl"
        ]
    );
    assert_eq!(old[2].draft.answer, ["[[Copy]]"]);
    assert_eq!(old[2].draft.answer_md, ["[[Copy]]"]);
    // What the older generator's sync recorded.
    stored_as_read_by(&env, &old, "cloze");
    let before = env.cards();
    let heading = id(card(&before, "[[Rust]] traits"));
    let item = id(card(&before, "[[Send]] moves between threads ^send"));
    let cloze = id(card(&before, "[…] is implicit for plain data"));
    env.review(item, &[4, 5]);

    // Both question and answer changed for the heading and item cards.
    let report = env.sync();
    assert_eq!(
        Counts::of(&report),
        Counts {
            added: 1,
            changed: 3,
            ..Counts::default()
        },
        "only the highlight's cloze is new: {report}"
    );
    let after = env.cards();
    assert_eq!(id(card(&after, "Rust traits")), heading);
    assert_eq!(id(card(&after, "Send moves between threads")), item);
    assert_eq!(id(card(&after, "[…] is implicit for plain data")), cloze);
    assert_eq!(
        card(&after, "[…] is implicit for plain data")["answer"],
        serde_json::json!(["Copy"])
    );
    assert_eq!(
        card(&after, "[…] traits need no impl")["answer"],
        serde_json::json!(["Auto"])
    );
    assert_eq!(
        card(&after, "Rust traits")["answer"],
        serde_json::json!(["Send moves between threads", "Auto traits need no impl"])
    );
    assert_eq!(
        card(&after, "Send moves between threads")["answer"],
        serde_json::json!(["Sync types share", "Copy is implicit for plain data"])
    );
    let shown = json(
        &env.recall()
            .args(["show", &item.to_string(), "--json"])
            .success_stdout(),
    );
    let grades: Vec<&Value> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["grade"])
        .collect();
    assert_eq!(grades, [4, 5]);
    // The next sync finds nothing to do.
    let again = Counts::of(&env.sync());
    assert_eq!((again.added, again.changed, again.retired), (0, 0, 0));
}
