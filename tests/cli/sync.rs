//! CLI tests of `recall sync` on real notes files: every case of docs/design.md §3
//! keeps a card's id and review history, the report counts what happened,
//! unchanged files are not read, and bad files or databases are refused
//! without harm.

use crate::support as common;

use std::fs;

use common::{Counts, Env, card, id, ids, json};
use predicates::prelude::*;

const RUST: &str = "\
# Ownership

- Moves
  - assignment
  - passing to a function
- Borrows
  - shared
  - mutable

# Traits

- Send
  - safe to move between threads
- Sync
  - safe to share between threads
";

/// `RUST` without its `# Traits` section.
const OWNERSHIP_ONLY: &str = "\
# Ownership

- Moves
  - assignment
  - passing to a function
- Borrows
  - shared
  - mutable
";

/// The `# Traits` section of `RUST`, on its own.
const TRAITS_ONLY: &str = "\
# Traits

- Send
  - safe to move between threads
- Sync
  - safe to share between threads
";

const GO: &str = "\
# Concurrency

- Goroutines
  - cheap threads
- Channels
  - typed pipes
";

/// A notes folder holding `RUST`, synced once, with a few reviews on record:
/// "Borrows" twice, "Send" once.
fn synced_rust() -> Env {
    let env = Env::new();
    env.write("rust.md", RUST);
    env.sync();
    let cards = env.cards();
    env.review(id(card(&cards, "Borrows")), &[4, 5]);
    env.review(id(card(&cards, "Send")), &[3]);
    env
}

/// Question → (id, reviews) of every card, retired ones included.
fn identities(env: &Env) -> Vec<(String, i64, u64)> {
    let mut all: Vec<(String, i64, u64)> = env
        .all_cards()
        .iter()
        .map(|c| {
            (
                c["question"].as_str().unwrap().to_string(),
                id(c),
                c["reviews"].as_u64().unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn first_sync_adds_every_card() {
    let env = Env::new();
    env.write("rust.md", RUST);
    env.write("go.md", GO);
    let report = env.sync();
    assert_eq!(
        Counts::of(&report),
        Counts {
            added: 9,
            ..Counts::default()
        }
    );
    assert_eq!(report["files_read"], 2);
    assert_eq!(report["files_skipped"], 0);
    assert_eq!(env.cards().len(), 9);
}

#[test]
fn json_report_has_exactly_the_documented_keys() {
    let env = Env::new();
    env.write("rust.md", RUST);
    let report = env.sync();
    let mut keys: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "added",
            "changed",
            "files_failed",
            "files_read",
            "files_skipped",
            "left_out",
            "moved",
            "renamed",
            "retired",
            "revived",
            "unchanged",
        ]
    );
    assert_eq!(report["files_failed"], serde_json::json!([]));
    assert_eq!(report["left_out"], serde_json::json!({}));
}

#[test]
fn text_report_is_one_summary_line() {
    let env = Env::new();
    env.write("rust.md", RUST);
    env.recall()
        .arg("sync")
        .assert()
        .success()
        .stdout("cards: 6 added, 0 unchanged; files: 1 read, 0 skipped as unchanged\n");
}

#[test]
fn second_sync_reports_everything_unchanged_and_reads_no_file() {
    let env = Env::new();
    env.write("rust.md", RUST);
    env.write("go.md", GO);
    env.sync();
    let before = identities(&env);
    let report = env.sync();
    assert_eq!(
        Counts::of(&report),
        Counts {
            unchanged: 9,
            ..Counts::default()
        }
    );
    assert_eq!(report["files_read"], 0);
    assert_eq!(report["files_skipped"], 2);
    assert_eq!(identities(&env), before);
}

#[test]
fn touched_but_unedited_file_changes_no_card() {
    let env = synced_rust();
    let before = identities(&env);
    env.touch(&env.note_path("rust.md"));
    let report = env.sync();
    assert_eq!(
        Counts::of(&report),
        Counts {
            unchanged: 6,
            ..Counts::default()
        }
    );
    assert_eq!(report["files_read"], 1);
    assert_eq!(env.sync()["files_read"], 0);
    assert_eq!(identities(&env), before);
}

#[test]
fn editing_an_answer_keeps_the_card_and_marks_it_changed() {
    let env = synced_rust();
    let before = identities(&env);
    env.write(
        "rust.md",
        &RUST.replace("  - mutable\n", "  - mutable, one at a time\n"),
    );
    let report = env.sync();
    assert_eq!(
        Counts::of(&report),
        Counts {
            changed: 1,
            unchanged: 5,
            ..Counts::default()
        }
    );
    assert_eq!(identities(&env), before);
    let cards = env.cards();
    let borrows = card(&cards, "Borrows");
    assert_eq!(
        borrows["answer"],
        serde_json::json!(["shared", "mutable, one at a time"])
    );
    assert_eq!(borrows["changed"], true);
    assert_eq!(borrows["reviews"], 2);
    assert_eq!(card(&cards, "Moves")["changed"], false);
}

#[test]
fn editing_a_question_keeps_the_card() {
    let env = synced_rust();
    let old = env.cards();
    env.write("rust.md", &RUST.replace("- Borrows\n", "- Borrowing\n"));
    let report = env.sync();
    // The heading's answer lists the item, so it changed too.
    assert_eq!(
        Counts::of(&report),
        Counts {
            changed: 1,
            renamed: 1,
            unchanged: 4,
            ..Counts::default()
        }
    );
    let cards = env.cards();
    let renamed = card(&cards, "Borrowing");
    assert_eq!(id(renamed), id(card(&old, "Borrows")));
    assert_eq!(renamed["reviews"], 2);
    assert_eq!(renamed["changed"], true);
    assert_eq!(id(card(&cards, "Ownership")), id(card(&old, "Ownership")));
    assert_eq!(env.cards_with(&["--state", "retired"]).len(), 0);
}

#[test]
fn moving_a_section_to_another_file_keeps_its_cards() {
    let env = synced_rust();
    let before = identities(&env);
    env.write("rust.md", OWNERSHIP_ONLY);
    env.write("rust/traits.md", TRAITS_ONLY);
    let report = env.sync();
    assert_eq!(
        Counts::of(&report),
        Counts {
            moved: 3,
            unchanged: 3,
            ..Counts::default()
        }
    );
    assert_eq!(report["files_read"], 2);
    assert_eq!(identities(&env), before);
    let cards = env.cards();
    assert_eq!(card(&cards, "Send")["deck"], "rust/traits");
    assert_eq!(card(&cards, "Send")["reviews"], 1);
    assert_eq!(card(&cards, "Moves")["deck"], "rust");
}

#[test]
fn moving_a_section_under_another_heading_keeps_its_cards() {
    let env = synced_rust();
    let before = identities(&env);
    let edited = RUST.replace("# Traits\n", "# Traits\n\n## Markers\n");
    env.write("rust.md", &edited);
    let report = env.sync();
    // "Traits" now has no list of its own; "Markers" takes its answer.
    assert_eq!(
        Counts::of(&report),
        Counts {
            moved: 2,
            renamed: 1,
            unchanged: 3,
            ..Counts::default()
        }
    );
    let cards = env.cards();
    assert_eq!(
        card(&cards, "Send")["context"],
        serde_json::json!(["Traits", "Markers"])
    );
    let after = identities(&env);
    assert_eq!(ids_of(&after), ids_of(&before));
}

fn ids_of(identities: &[(String, i64, u64)]) -> Vec<i64> {
    let mut ids: Vec<i64> = identities.iter().map(|(_, id, _)| *id).collect();
    ids.sort_unstable();
    ids
}

#[test]
fn renaming_a_file_keeps_its_cards() {
    let env = synced_rust();
    let before = identities(&env);
    env.rename("rust.md", "lang/rust-basics.md");
    let report = env.sync();
    assert_eq!(
        Counts::of(&report),
        Counts {
            moved: 6,
            ..Counts::default()
        }
    );
    assert_eq!(report["files_read"], 1);
    assert_eq!(identities(&env), before);
    let cards = env.cards();
    assert!(cards.iter().all(|c| c["deck"] == "lang/rust-basics"));
    // The old name is forgotten: nothing more happens on the next sync.
    let again = env.sync();
    assert_eq!(
        Counts::of(&again),
        Counts {
            unchanged: 6,
            ..Counts::default()
        }
    );
    assert_eq!(again["files_read"], 0);
}

#[test]
fn deleting_a_section_retires_its_cards_and_restoring_it_revives_them() {
    let env = synced_rust();
    let before = identities(&env);
    env.write("rust.md", OWNERSHIP_ONLY);
    let report = env.sync();
    assert_eq!(
        Counts::of(&report),
        Counts {
            retired: 3,
            unchanged: 3,
            ..Counts::default()
        }
    );
    let retired = env.cards_with(&["--state", "retired"]);
    let mut questions = common::questions(&retired);
    questions.sort();
    assert_eq!(questions, ["Send", "Sync", "Traits"]);
    assert!(retired.iter().all(|c| c["state"] == "retired"));
    assert_eq!(env.cards().len(), 3);

    env.write("rust.md", RUST);
    let report = env.sync();
    assert_eq!(
        Counts::of(&report),
        Counts {
            revived: 3,
            unchanged: 3,
            ..Counts::default()
        }
    );
    assert_eq!(identities(&env), before);
    let cards = env.cards();
    assert_eq!(cards.len(), 6);
    assert_eq!(card(&cards, "Send")["state"], "learning");
    assert!(env.cards_with(&["--state", "retired"]).is_empty());
}

#[test]
fn deleting_a_file_retires_its_cards() {
    let env = synced_rust();
    env.write("go.md", GO);
    env.sync();
    env.remove("rust.md");
    let report = env.sync();
    assert_eq!(
        Counts::of(&report),
        Counts {
            retired: 6,
            unchanged: 3,
            ..Counts::default()
        }
    );
    assert_eq!(report["files_read"], 0);
    assert_eq!(report["files_skipped"], 1);
    assert!(env.cards().iter().all(|c| c["deck"] == "go"));
    let retired = env.cards_with(&["--state", "retired"]);
    assert_eq!(retired.len(), 6);
    assert_eq!(card(&retired, "Borrows")["reviews"], 2);
}

#[test]
fn restoring_a_deleted_file_revives_its_cards() {
    let env = synced_rust();
    let before = identities(&env);
    env.remove("rust.md");
    env.sync();
    env.write("rust.md", RUST);
    let report = env.sync();
    assert_eq!(
        Counts::of(&report),
        Counts {
            revived: 6,
            ..Counts::default()
        }
    );
    assert_eq!(identities(&env), before);
}

#[test]
fn duplicated_question_is_a_card_of_its_own_with_a_warning() {
    let env = synced_rust();
    let before = env.cards();
    let duplicated = RUST.replace(
        "  - mutable\n",
        "  - mutable\n- Moves\n  - out of a closure\n",
    );
    env.write("rust.md", &duplicated);
    let out = env
        .recall()
        .args(["sync", "--json"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            env.note_path("rust.md").display().to_string(),
        ))
        .stderr(predicate::str::contains("\"Moves\" appears more than once"));
    let report = json(&out.get_output().stdout);
    // The heading's answer gains an item; the copy is new.
    assert_eq!(
        Counts::of(&report),
        Counts {
            added: 1,
            changed: 1,
            unchanged: 5,
            ..Counts::default()
        }
    );
    let cards = env.cards();
    let moves: Vec<&serde_json::Value> =
        cards.iter().filter(|c| c["question"] == "Moves").collect();
    assert_eq!(moves.len(), 2);
    assert_eq!(id(moves[0]), id(card(&before, "Moves")));
    assert_eq!(moves[1]["answer"], serde_json::json!(["out of a closure"]));
    assert_ne!(id(moves[0]), id(moves[1]));
}

#[test]
fn duplicated_questions_stay_apart_across_syncs() {
    let env = Env::new();
    let text = "# Rust\n\n- Moves\n  - assignment\n- Moves\n  - closures\n";
    env.write("rust.md", text);
    env.sync();
    let first = env.cards();
    let moves: Vec<i64> = ids(&first[1..]);
    env.review(moves[1], &[5]);

    // Editing the second copy's answer changes that card only.
    env.write("rust.md", &text.replace("closures", "closures and threads"));
    let report = env.sync();
    assert_eq!(
        Counts::of(&report),
        Counts {
            changed: 1,
            unchanged: 2,
            ..Counts::default()
        }
    );
    let cards = env.cards();
    assert_eq!(ids(&cards[1..]), moves);
    assert_eq!(cards[1]["reviews"], 0);
    assert_eq!(cards[2]["reviews"], 1);
    assert_eq!(cards[2]["changed"], true);
    assert_eq!(cards[1]["changed"], false);
}

#[test]
fn dry_run_writes_nothing() {
    let env = synced_rust();
    let before = identities(&env);
    env.write("rust.md", &RUST.replace("  - mutable\n", "  - exclusive\n"));
    env.write("go.md", GO);
    let dry = env
        .recall()
        .args(["sync", "--dry-run", "--json"])
        .assert()
        .success();
    let dry = json(&dry.get_output().stdout);
    assert_eq!(
        Counts::of(&dry),
        Counts {
            added: 3,
            changed: 1,
            unchanged: 5,
            ..Counts::default()
        }
    );
    assert_eq!(identities(&env), before);
    assert!(env.cards().iter().all(|c| c["changed"] == false));

    // Nothing was recorded, not even which files were read.
    assert_eq!(env.sync(), dry);
    assert_eq!(env.cards().len(), 9);
}

#[test]
fn dry_run_says_so_in_text() {
    let env = Env::new();
    env.write("rust.md", RUST);
    env.recall()
        .args(["sync", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "dry run: nothing was written\n",
        ));
    assert!(env.cards().is_empty());
}

#[test]
fn unreadable_file_keeps_its_cards_while_the_others_sync() {
    let env = synced_rust();
    env.write("go.md", GO);
    env.sync();
    let rust_before: Vec<(String, i64, u64)> = identities(&env)
        .into_iter()
        .filter(|(q, _, _)| !["Concurrency", "Goroutines", "Channels"].contains(&q.as_str()))
        .collect();

    let mut latin1 = OWNERSHIP_ONLY.as_bytes().to_vec();
    latin1.extend_from_slice(b"- caf\xe9\n");
    env.write_bytes("rust.md", &latin1);
    env.write("go.md", &GO.replace("typed pipes", "typed, blocking pipes"));
    let path = env.note_path("rust.md").display().to_string();
    let out = env
        .recall()
        .args(["sync", "--json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(&path))
        .stderr(predicate::str::contains("UTF-8"))
        .stderr(predicate::str::contains("left as they were"));
    let report = json(&out.get_output().stdout);
    assert_eq!(
        Counts::of(&report),
        Counts {
            changed: 1,
            unchanged: 8,
            ..Counts::default()
        }
    );
    assert_eq!(report["files_read"], 1);
    let failed = report["files_failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["file"], path.as_str());
    assert!(failed[0]["error"].as_str().unwrap().contains("UTF-8"));

    // The Rust cards are all still live, with their ids and reviews.
    let live = env.cards();
    assert_eq!(live.len(), 9);
    for (question, card_id, reviews) in &rust_before {
        let c = card(&live, question);
        assert_eq!(
            (id(c), c["reviews"].as_u64().unwrap()),
            (*card_id, *reviews)
        );
    }
    assert_eq!(
        card(&live, "Channels")["answer"],
        serde_json::json!(["typed, blocking pipes"])
    );

    // It is not skipped next time, and once fixed it syncs as usual.
    env.recall().args(["sync", "--json"]).assert().failure();
    env.write("rust.md", OWNERSHIP_ONLY);
    let report = env.sync();
    assert_eq!(
        Counts::of(&report),
        Counts {
            retired: 3,
            unchanged: 6,
            ..Counts::default()
        }
    );
}

#[test]
fn binary_file_is_reported_and_the_others_still_sync() {
    let env = Env::new();
    env.write("go.md", GO);
    env.write_bytes("blob.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let out = env
        .recall()
        .args(["sync", "--json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("blob.md"))
        .stderr(predicate::str::contains("binary"));
    let report = json(&out.get_output().stdout);
    assert_eq!(report["added"], 3);
    assert_eq!(
        report["files_failed"][0]["file"],
        env.note_path("blob.md").display().to_string()
    );
    assert_eq!(env.cards().len(), 3);
}

/// A database file's bytes before and after running `recall sync` on it,
/// which must fail with a message containing `says`.
fn refused(env: &Env, says: &str) {
    let before = fs::read(&env.db).unwrap();
    env.recall()
        .args(["sync"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(env.db.display().to_string()))
        .stderr(predicate::str::contains(says));
    env.recall().args(["cards"]).assert().failure();
    assert_eq!(
        fs::read(&env.db).unwrap(),
        before,
        "the database was modified"
    );
}

#[test]
fn database_from_a_newer_recall_is_refused_and_left_untouched() {
    let env = synced_rust();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let version = recall::store::SCHEMA_VERSION + 1;
    conn.pragma_update(None, "user_version", version).unwrap();
    drop(conn);
    refused(&env, "newer recall");
}

#[test]
fn file_that_is_not_a_database_is_refused_and_left_untouched() {
    let env = Env::new();
    env.write("rust.md", RUST);
    fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    fs::write(&env.db, "id,question\n1,Ownership\n".repeat(50)).unwrap();
    refused(&env, "not a SQLite database");
}

#[test]
fn another_programs_database_is_refused_and_left_untouched() {
    let env = Env::new();
    env.write("rust.md", RUST);
    fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch("CREATE TABLE cards (front TEXT, back TEXT);")
        .unwrap();
    drop(conn);
    refused(&env, "another program");
}

#[test]
fn recall_db_names_the_database_and_its_folders_are_created() {
    let env = Env::new();
    env.write("rust.md", RUST);
    let db = env.dir.path().join("deep/er/cards.db");
    let mut cmd = env.recall_bare();
    cmd.env("RECALL_DB", &db)
        .env("RECALL_NOTES", &env.notes)
        .args(["sync", "--json"])
        .assert()
        .success();
    assert!(db.is_file());
    assert!(!env.db.exists());
}

#[test]
fn default_database_is_data_recall_db() {
    let env = Env::new();
    env.write("rust.md", RUST);
    let mut cmd = env.recall_bare();
    cmd.args(["sync"]).assert().success();
    assert!(env.dir.path().join("data/recall.db").is_file());
}

#[test]
fn the_progress_bar_while_notes_are_read_fits_a_narrow_terminal() {
    let env = Env::new();
    for i in 0..30 {
        env.write(&format!("deck{i:02}.md"), &format!("# Q{i}\n\n- A{i}\n"));
    }
    let mut inner = env.command_at(common::NOW);
    inner.arg("sync");
    let screen = common::on_terminal(40, &inner);
    common::bar_fits(&screen, "reading notes ", 40, "/30 files");
    assert!(screen.contains("30 added"), "{screen:?}");
}
