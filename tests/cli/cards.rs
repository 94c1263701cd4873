//! CLI tests of the commands that read and mark stored cards: `recall cards`
//! with its filters, `recall show`, `recall suspend` and `recall unsuspend`.

use crate::support as common;

use common::{Env, card, id, ids, questions};
use predicates::prelude::*;

const RUST: &str = "\
# Ownership

- Moves
  - assignment
- Borrows
  - shared
  - mutable
";

const ASYNC: &str = "\
# Futures

- Polling
  - wakers
";

const KOREAN: &str = "\
# 인사

- 안녕하세요
  - hello
";

/// Three decks, synced: `rust/ownership` (3 cards), `rust/async` (2) and
/// `korean` (2).
fn synced() -> Env {
    let env = Env::new();
    env.write("rust/ownership.md", RUST);
    env.write("rust/async.md", ASYNC);
    env.write("korean.md", KOREAN);
    env.sync();
    env
}

#[test]
fn cards_lists_live_cards_by_deck_then_line() {
    let env = synced();
    let cards = env.cards();
    assert_eq!(
        questions(&cards),
        [
            "인사",
            "안녕하세요",
            "Futures",
            "Polling",
            "Ownership",
            "Moves",
            "Borrows",
        ]
    );
    let borrows = card(&cards, "Borrows");
    assert_eq!(borrows["deck"], "rust/ownership");
    assert_eq!(borrows["kind"], "list");
    assert_eq!(borrows["context"], serde_json::json!(["Ownership"]));
    assert_eq!(borrows["answer"], serde_json::json!(["shared", "mutable"]));
    assert_eq!(borrows["state"], "new");
    assert_eq!(borrows["reviews"], 0);
    assert_eq!(borrows["line"], 5);
    assert_eq!(borrows["due"], serde_json::Value::Null);
}

#[test]
fn cards_as_text_is_a_table_with_a_count() {
    let env = synced();
    env.recall()
        .args(["cards", "--deck", "korean"])
        .assert()
        .success()
        .stdout(predicate::str::contains("korean: 인사 › 안녕하세요"))
        .stdout(predicate::str::ends_with("2 cards\n"));
}

#[test]
fn deck_glob_selects_decks() {
    let env = synced();
    let rust = env.cards_with(&["--deck", "rust/*"]);
    assert_eq!(rust.len(), 5);
    assert!(
        rust.iter()
            .all(|c| c["deck"].as_str().unwrap().starts_with("rust/"))
    );
    assert_eq!(env.cards_with(&["--deck", "*async"]).len(), 2);
    assert_eq!(env.cards_with(&["--deck", "korean"]).len(), 2);
    assert!(env.cards_with(&["--deck", "python/*"]).is_empty());
}

#[test]
fn bad_deck_glob_is_an_error() {
    let env = synced();
    env.recall()
        .args(["cards", "--deck", "rust/[a"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("rust/[a"));
}

#[test]
fn bad_state_is_an_error_naming_the_value() {
    let env = synced();
    env.recall()
        .args(["cards", "--state", "soon"])
        .assert()
        .failure()
        .stdout("")
        .stderr(predicate::str::contains("soon"))
        .stderr(predicate::str::contains("--state"));
}

#[test]
fn state_filters_new_learning_and_mature() {
    let env = synced();
    let cards = env.cards();
    let (learning, mature) = (id(card(&cards, "Moves")), id(card(&cards, "Borrows")));
    env.review(learning, &[4]);
    env.review(mature, &[5, 5, 5, 5]); // intervals 1, 6, 17, 48

    assert_eq!(ids(&env.cards_with(&["--state", "learning"])), [learning]);
    assert_eq!(ids(&env.cards_with(&["--state", "mature"])), [mature]);
    let new = env.cards_with(&["--state", "new"]);
    assert_eq!(new.len(), 5);
    assert!(new.iter().all(|c| c["state"] == "new"));
    let cards = env.cards();
    assert_eq!(card(&cards, "Moves")["state"], "learning");
    assert_eq!(card(&cards, "Borrows")["state"], "mature");
    assert_eq!(card(&cards, "Borrows")["interval"], 48);
}

#[test]
fn state_due_follows_the_clock() {
    let env = synced();
    let cards = env.cards();
    let tomorrow = id(card(&cards, "Moves"));
    let next_week = id(card(&cards, "Borrows"));
    env.review(tomorrow, &[4]); // due 2026-03-02
    env.review(next_week, &[5, 5]); // due 2026-03-08

    let due_at = |now: &str| {
        let out = env
            .recall_at(now)
            .args(["cards", "--state", "due", "--json"])
            .assert()
            .success();
        ids(&common::json_lines(&out.get_output().stdout))
    };
    assert_eq!(due_at("2026-03-01T09:00:00Z"), Vec::<i64>::new());
    assert_eq!(due_at("2026-03-02T09:00:00Z"), [tomorrow]);
    // Before 04:00 it is still the day before.
    assert_eq!(due_at("2026-03-02T03:00:00Z"), Vec::<i64>::new());
    assert_eq!(due_at("2026-03-09T09:00:00Z"), [tomorrow, next_week]);
    assert_eq!(card(&env.cards(), "Moves")["due"], "2026-03-02");
}

#[test]
fn suspended_cards_are_not_due() {
    let env = synced();
    let moves = id(card(&env.cards(), "Moves"));
    env.review(moves, &[4]);
    env.recall()
        .args(["suspend", &moves.to_string()])
        .assert()
        .success();
    let out = env
        .recall_at("2026-03-05T09:00:00Z")
        .args(["cards", "--state", "due", "--json"])
        .assert()
        .success();
    assert!(common::json_lines(&out.get_output().stdout).is_empty());
}

#[test]
fn state_retired_and_all() {
    let env = synced();
    env.remove("rust/async.md");
    env.sync();
    let retired = env.cards_with(&["--state", "retired"]);
    assert_eq!(questions(&retired), ["Futures", "Polling"]);
    assert!(retired.iter().all(|c| c["state"] == "retired"));
    assert_eq!(env.cards().len(), 5);
    assert_eq!(env.cards_with(&["--state", "all"]).len(), 7);
    assert!(
        env.cards_with(&["--state", "new"])
            .iter()
            .all(|c| c["deck"] != "rust/async")
    );
}

#[test]
fn suspend_and_unsuspend() {
    let env = synced();
    let cards = env.cards();
    let (a, b) = (id(card(&cards, "Moves")), id(card(&cards, "Polling")));
    env.recall()
        .args(["suspend", &a.to_string(), &b.to_string()])
        .assert()
        .success()
        .stdout(format!("suspended 2 cards: {a}, {b}\n"));
    let mut suspended = ids(&env.cards_with(&["--state", "suspended"]));
    suspended.sort_unstable();
    let mut expected = vec![a, b];
    expected.sort_unstable();
    assert_eq!(suspended, expected);
    assert_eq!(card(&env.cards(), "Moves")["state"], "suspended");
    assert!(
        env.cards_with(&["--state", "new"])
            .iter()
            .all(|c| id(c) != a)
    );

    env.recall()
        .args(["unsuspend", &a.to_string()])
        .assert()
        .success()
        .stdout(format!("unsuspended 1 card: {a}\n"));
    assert_eq!(ids(&env.cards_with(&["--state", "suspended"])), [b]);
    assert_eq!(card(&env.cards(), "Moves")["state"], "new");
}

#[test]
fn suspend_with_an_unknown_id_changes_no_card() {
    let env = synced();
    let known = id(card(&env.cards(), "Moves"));
    env.recall()
        .args(["suspend", &known.to_string(), "999"])
        .assert()
        .failure()
        .stdout("")
        .stderr(predicate::str::contains("999"));
    assert!(env.cards_with(&["--state", "suspended"]).is_empty());
}

#[test]
fn unsuspend_with_an_unknown_id_changes_no_card() {
    let env = synced();
    let known = id(card(&env.cards(), "Moves"));
    env.recall()
        .args(["suspend", &known.to_string()])
        .assert()
        .success();
    env.recall()
        .args(["unsuspend", "4242", &known.to_string()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("4242"));
    assert_eq!(ids(&env.cards_with(&["--state", "suspended"])), [known]);
}

#[test]
fn suspension_survives_a_sync_that_edits_the_card() {
    let env = synced();
    let moves = id(card(&env.cards(), "Moves"));
    env.recall()
        .args(["suspend", &moves.to_string()])
        .assert()
        .success();
    env.write(
        "rust/ownership.md",
        &RUST.replace("assignment", "assignment, by value"),
    );
    env.sync();
    let cards = env.cards();
    assert_eq!(id(card(&cards, "Moves")), moves);
    assert_eq!(card(&cards, "Moves")["state"], "suspended");
}

#[test]
fn show_prints_the_source_line_and_the_history() {
    let env = synced();
    let borrows = id(card(&env.cards(), "Borrows"));
    env.review(borrows, &[4, 2]);
    let path = env.note_path("rust/ownership.md");
    env.recall()
        .args(["show", &borrows.to_string()])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "source: {}:5\n",
            path.display()
        )))
        .stdout(predicate::str::contains("context: Ownership\n"))
        .stdout(predicate::str::contains("question: Borrows\n"))
        .stdout(predicate::str::contains("  - shared\n  - mutable\n"))
        .stdout(predicate::str::contains("history:\n"))
        .stdout(predicate::str::contains(
            "2026-03-01T09:00:00+00:00  grade 4",
        ))
        .stdout(predicate::str::contains(
            "2026-03-02T09:00:00+00:00  grade 2",
        ));
}

#[test]
fn show_of_a_new_card_says_it_was_never_reviewed() {
    let env = synced();
    let moves = id(card(&env.cards(), "Moves"));
    env.recall()
        .args(["show", &moves.to_string()])
        .assert()
        .success()
        .stdout(predicate::str::contains("schedule: new, never reviewed"))
        .stdout(predicate::str::contains("history: no reviews yet"));
}

#[test]
fn show_json_has_the_file_and_the_history() {
    let env = synced();
    let borrows = id(card(&env.cards(), "Borrows"));
    env.review(borrows, &[5]);
    let out = env
        .recall()
        .args(["show", &borrows.to_string(), "--json"])
        .assert()
        .success();
    let shown = common::json(&out.get_output().stdout);
    assert_eq!(shown["id"], borrows);
    assert_eq!(shown["line"], 5);
    assert_eq!(
        shown["file"],
        env.note_path("rust/ownership.md").display().to_string()
    );
    assert_eq!(shown["history"][0]["grade"], 5);
    assert_eq!(shown["history"][0]["day"], "2026-03-01");
    assert_eq!(shown["history"][0]["counted"], true);
}

#[test]
fn show_of_an_unknown_id_is_an_error_naming_it() {
    let env = synced();
    env.recall()
        .args(["show", "31337"])
        .assert()
        .failure()
        .stdout("")
        .stderr(predicate::str::contains("31337"));
}

#[test]
fn show_of_a_non_number_is_an_error() {
    let env = synced();
    env.recall()
        .args(["show", "Borrows"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("Borrows"));
}

#[test]
fn a_listing_or_an_export_redirected_to_a_file_is_what_a_pipe_gets() {
    let env = synced();
    for args in [
        &["cards"][..],
        &["cards", "--json"],
        &["export", "--format", "csv"],
    ] {
        let piped = env.recall().args(args).assert().success();
        let piped = String::from_utf8(piped.get_output().stdout.clone()).unwrap();
        assert!(piped.lines().count() > 5, "{piped}");
        let file = env.dir.path().join("out.txt");
        std::fs::write(&file, "earlier\n").unwrap();
        let appended = std::fs::OpenOptions::new()
            .append(true)
            .open(&file)
            .unwrap();
        let status = env
            .command_at(common::NOW)
            .args(args)
            .stdout(appended)
            .status()
            .unwrap();
        assert!(status.success(), "{args:?}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            format!("earlier\n{piped}"),
            "{args:?}"
        );
    }
}
