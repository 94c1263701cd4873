//! Unit tests of the store: opening and migrating the file, refusing files
//! that are not ours, the rows of the review log and of progress, and the
//! per-deck counts. What the scheduler's rules make of those rows is
//! tested with `grading`.

use std::path::Path;

use tempfile::TempDir;

use super::fixtures::{NOW, TODAY, add_card, draft, review};
use super::*;
use crate::cards::Draft;
use crate::scheduler::{CardStatus, Day, Grade, Progress, Schedule, Scheduler};

fn db_in(dir: &TempDir) -> PathBuf {
    dir.path().join("recall.db")
}

fn pragma(conn: &Connection, name: &str) -> i64 {
    conn.pragma_query_value(None, name, |r| r.get(0)).unwrap()
}

fn tables(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Opens a file with plain rusqlite, as another program would.
fn raw(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

/// Gives a card a grade through the row operations alone, fed by the
/// scheduler: what `grading::record` does with a grade that comes last in
/// time, the only kind these tests give. (The store never applies the
/// scheduler itself, docs/design.md §9.)
fn grade(store: &Store, card_id: i64, day: Day, n: u8) -> i64 {
    store
        .write(|w| {
            let (before, _) = w.progress_of(card_id)?;
            let graded = Scheduler::Sm2.grade(before, Grade::new(n).unwrap(), day);
            let id = w.insert_review(
                &review(card_id, day, n),
                graded.counted,
                graded.prev_interval,
            )?;
            if graded.counted {
                w.save_progress(card_id, Some(graded.progress))?;
            }
            Ok::<_, StoreError>(id)
        })
        .unwrap()
}

fn schedule(store: &Store, card_id: i64) -> Option<Schedule> {
    store.card(card_id).unwrap().unwrap().schedule()
}

// Opening and migrating.

#[test]
fn fresh_database_is_migrated_to_the_latest_version() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db_in(&dir)).unwrap();
    assert_eq!(pragma(&store.conn, "user_version"), SCHEMA_VERSION);
    assert_eq!(
        pragma(&store.conn, "application_id"),
        schema::APPLICATION_ID
    );
    assert_eq!(
        tables(&store.conn),
        [
            "card_aliases",
            "card_reviews",
            "card_texts",
            "cards",
            "files",
            "journal_cards",
            "journal_events",
            "journal_marks",
            "journal_outbox",
            "journal_pending",
            "journal_reads",
            "journal_suspends",
            "meta",
            "practice",
            "review_days",
            "review_events",
            "reviews",
            "schedules"
        ]
    );
}

/// A database of schema 1 (before the shared journal) is backed up, then
/// migrated, with its cards and reviews kept (docs/design.md §7, §10).
#[test]
fn a_version_1_database_is_backed_up_and_migrated_with_its_history() {
    let dir = TempDir::new().unwrap();
    let path = db_in(&dir);
    {
        let conn = raw(&path);
        conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO cards (id, deck, kind, line, family_line, added_at) \
             VALUES (1, 'rust', 'list', 1, 1, 0); \
             INSERT INTO reviews (card_id, at, day, grade, counted, prev_interval) \
             VALUES (1, 10, 20513, 4, 1, 0);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(pragma(&store.conn, "user_version"), SCHEMA_VERSION);
    assert_eq!(
        pragma(&raw(&dir.path().join("recall.db.bak-v1")), "user_version"),
        1
    );
    let reviews: i64 = store
        .conn
        .query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))
        .unwrap();
    assert_eq!(reviews, 1);
}

/// A database of schema 4 that never shared drops the journal names its
/// cards were given, as names are kept only once there is a device id;
/// one that shares keeps them, aliases included (docs/design.md §10).
#[test]
fn a_version_4_database_keeps_journal_names_only_if_it_has_shared() {
    for shared in [false, true] {
        let dir = TempDir::new().unwrap();
        let path = db_in(&dir);
        {
            let conn = raw(&path);
            for step in &schema::MIGRATIONS[..4] {
                conn.execute_batch(step).unwrap();
            }
            conn.pragma_update(None, "user_version", 4).unwrap();
            conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
                .unwrap();
            conn.execute_batch(
                "INSERT INTO cards (id, deck, kind, line, family_line, added_at, name) \
                 VALUES (1, 'rust', 'list', 1, 1, 0, '00000000000000aa'); \
                 INSERT INTO card_aliases (name, card_id, to_name, why, at) \
                 VALUES ('00000000000000bb', 1, '00000000000000aa', 'renamed', 0);",
            )
            .unwrap();
            if shared {
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('device_id', 'ab')",
                    [],
                )
                .unwrap();
            }
        }
        let store = Store::open(&path).unwrap();
        let name: Option<String> = store
            .conn
            .query_row("SELECT name FROM cards", [], |r| r.get(0))
            .unwrap();
        let aliases: i64 = store
            .conn
            .query_row("SELECT count(*) FROM card_aliases", [], |r| r.get(0))
            .unwrap();
        if shared {
            assert_eq!((name.as_deref(), aliases), (Some("00000000000000aa"), 1));
        } else {
            assert_eq!((name, aliases), (None, 0));
        }
    }
}

/// A database of schema 2 keeps its journal events, now indexed by kind,
/// card (in a table of their own since schema 5) and undone event, which a
/// merge looks them up by (docs/design.md §10).
#[test]
fn a_version_2_database_gets_its_journal_events_indexed() {
    let dir = TempDir::new().unwrap();
    let path = db_in(&dir);
    {
        let conn = raw(&path);
        conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
        conn.execute_batch(schema::MIGRATIONS[1]).unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .unwrap();
        conn.execute_batch(
            r#"INSERT INTO journal_events (id, line) VALUES
               ('a-1', '{"v":1,"id":"a-1","k":"grade","c":"00000000000000aa","g":4,"t":1,"o":0,"d":2}'),
               ('a-2', '{"v":1,"id":"a-2","k":"undo","u":"a-1"}');
               INSERT INTO journal_reads (file, offset) VALUES ('a.jsonl', 120);"#,
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let rows: Vec<(String, String, Option<String>)> = store
        .conn
        .prepare("SELECT id, kind, target FROM journal_events ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            ("a-1".into(), "grade".into(), None),
            ("a-2".into(), "undo".into(), Some("a-1".into())),
        ]
    );
    let cards: Vec<(String, String)> = store
        .conn
        .prepare("SELECT card, event FROM journal_cards")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(cards, [("00000000000000aa".into(), "a-1".into())]);
    let lines: Option<i64> = store
        .conn
        .query_row("SELECT lines FROM journal_reads", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lines, None, "unknown until the file is counted");
}

#[test]
fn database_uses_wal_foreign_keys_and_a_busy_timeout() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db_in(&dir)).unwrap();
    let journal: String = store
        .conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    assert_eq!(pragma(&store.conn, "foreign_keys"), 1);
    assert_eq!(
        pragma(&store.conn, "busy_timeout"),
        BUSY_TIMEOUT.as_millis() as i64
    );
}

/// The copy taken before a migration (docs/design.md §7). With one schema
/// version no real migration runs yet, so `backup` is called directly.
#[test]
fn backup_copies_the_database_next_to_it_and_keeps_the_first_copy() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db_in(&dir)).unwrap();
    add_card(&store, "Ownership");
    store.backup(1).unwrap();
    let copy = dir.path().join("recall.db.bak-v1");
    let cards = |path: &Path| -> i64 {
        raw(path)
            .query_row("SELECT count(*) FROM cards", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(cards(&copy), 1);
    assert_eq!(pragma(&raw(&copy), "user_version"), SCHEMA_VERSION);

    // A copy of that version already there is the older one: kept as is.
    add_card(&store, "Borrowing");
    store.backup(1).unwrap();
    assert_eq!(cards(&copy), 1);
    assert_eq!(cards(&db_in(&dir)), 2);
}

#[test]
fn foreign_keys_refuse_a_review_of_no_card() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db_in(&dir)).unwrap();
    let result = store.write(|w| w.insert_review(&review(99, TODAY, 4), true, 0));
    assert!(matches!(result, Err(StoreError::Sql { .. })));
}

#[test]
fn reopening_keeps_the_cards_and_migrates_nothing() {
    let dir = TempDir::new().unwrap();
    let path = db_in(&dir);
    let id = {
        let store = Store::open(&path).unwrap();
        add_card(&store, "Traits")
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(pragma(&store.conn, "user_version"), SCHEMA_VERSION);
    assert_eq!(store.card(id).unwrap().unwrap().card.question, "Traits");
    assert_eq!(store.live_count().unwrap(), 1);
    // A backup is taken only before a real migration.
    let backups = fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".bak")
        })
        .count();
    assert_eq!(backups, 0);
}

#[test]
fn missing_parent_folders_are_created() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("a/b/c/recall.db");
    Store::open(&path).unwrap();
    assert!(path.is_file());
}

#[test]
fn empty_file_is_taken_as_a_new_database() {
    let dir = TempDir::new().unwrap();
    let path = db_in(&dir);
    fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(pragma(&store.conn, "user_version"), SCHEMA_VERSION);
}

// Refusing what is not ours, untouched.

#[test]
fn newer_database_is_refused_and_left_untouched() {
    let dir = TempDir::new().unwrap();
    let path = db_in(&dir);
    drop(Store::open(&path).unwrap());
    raw(&path)
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let before = fs::read(&path).unwrap();

    let err = Store::open(&path)
        .err()
        .expect("a newer database is refused");
    match &err {
        StoreError::TooNew { found, known, .. } => {
            assert_eq!((*found, *known), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    assert!(err.to_string().contains("newer recall"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn newer_database_with_a_leftover_wal_is_left_untouched() {
    // A newer recall that crashed leaves its last writes in the WAL; closing
    // a writable connection would checkpoint them into the main file.
    let dir = TempDir::new().unwrap();
    let path = db_in(&dir);
    drop(Store::open(&path).unwrap());
    {
        let conn = raw(&path);
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )
        .unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let mut wal = path.clone().into_os_string();
    wal.push("-wal");
    let wal = PathBuf::from(wal);
    let (before, wal_before) = (fs::read(&path).unwrap(), fs::read(&wal).unwrap());
    assert!(!wal_before.is_empty());

    let err = Store::open(&path)
        .err()
        .expect("a newer database is refused");
    assert!(matches!(err, StoreError::TooNew { .. }), "{err:?}");
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(fs::read(&wal).unwrap(), wal_before);
}

#[test]
fn file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let dir = TempDir::new().unwrap();
    let path = db_in(&dir);
    let garbage = b"# my notes\n\nnot a database at all, but long enough to be one\n".repeat(20);
    fs::write(&path, &garbage).unwrap();

    let err = Store::open(&path).err().expect("garbage is refused");
    assert!(matches!(err, StoreError::NotSqlite { .. }), "{err:?}");
    assert!(err.to_string().contains("not a SQLite database"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), garbage);
}

#[test]
fn short_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let dir = TempDir::new().unwrap();
    let path = db_in(&dir);
    fs::write(&path, b"hi").unwrap();
    let err = Store::open(&path).err().expect("garbage is refused");
    assert!(matches!(err, StoreError::NotSqlite { .. }), "{err:?}");
    assert_eq!(fs::read(&path).unwrap(), b"hi");
}

#[test]
fn another_programs_database_is_refused_and_left_untouched() {
    let dir = TempDir::new().unwrap();
    let path = db_in(&dir);
    {
        let conn = raw(&path);
        conn.execute_batch(
            "CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('x');",
        )
        .unwrap();
        assert_eq!(pragma(&conn, "application_id"), 0);
    }
    let before = fs::read(&path).unwrap();

    let err = Store::open(&path)
        .err()
        .expect("a foreign database is refused");
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
    assert!(err.to_string().contains("another program"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(tables(&raw(&path)), ["bookmarks"]);
}

#[test]
fn database_with_another_application_id_is_refused() {
    let dir = TempDir::new().unwrap();
    let path = db_in(&dir);
    raw(&path)
        .pragma_update(None, "application_id", 0x1234_5678)
        .unwrap();
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("a foreign database is refused");
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

// The rows of the review log and of progress.

#[test]
fn progress_is_saved_loaded_and_removed_as_given() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    assert_eq!(store.write(|w| w.progress_of(id)).unwrap(), (None, None));
    let progress = Progress {
        schedule: Schedule {
            ef: 136,
            interval: 40,
            repetitions: 7,
            lapses: 2,
            due: Some(TODAY + 40),
        },
        first_day: TODAY - 90,
        last_day: TODAY,
        // Numbers an f32 holds and a REAL gives back bit for bit.
        memory: Some(crate::scheduler::fsrs::Memory {
            stability: 41.732_18,
            difficulty: 7.000_001,
        }),
    };
    store
        .write(|w| {
            w.insert_review(&review(id, TODAY, 4), true, 17)?;
            w.save_progress(id, Some(progress))
        })
        .unwrap();
    assert_eq!(
        store.write(|w| w.progress_of(id)).unwrap(),
        (Some(progress), Some(NOW))
    );
    assert_eq!(schedule(&store, id), Some(progress.schedule));
    assert_eq!(store.card(id).unwrap().unwrap().progress, Some(progress));
    // A schedule saved under SM-2 keeps no memory.
    let sm2 = Progress {
        memory: None,
        ..progress
    };
    store.write(|w| w.save_progress(id, Some(sm2))).unwrap();
    assert_eq!(store.card(id).unwrap().unwrap().progress, Some(sm2));
    store.write(|w| w.save_progress(id, None)).unwrap();
    assert_eq!(schedule(&store, id), None);
    assert_eq!(store.card(id).unwrap().unwrap().status(), CardStatus::New);
}

#[test]
fn review_rows_keep_the_derived_columns_they_are_given() {
    let store = Store::open_in_memory().unwrap();
    let id = add_card(&store, "Traits");
    let (first, second) = store
        .write(|w| {
            let first = w.insert_review(&review(id, TODAY, 5), false, 0)?;
            let second = w.insert_review(&review(id, TODAY - 1, 2), true, 9)?;
            w.set_derived(first, true, 3)?;
            Ok::<_, StoreError>((first, second))
        })
        .unwrap();
    let mut log = store.write(|w| w.log_of(id)).unwrap();
    log.sort_by_key(|r| r.entry.id);
    let derived: Vec<(i64, u8, bool, u32)> = log
        .iter()
        .map(|r| {
            (
                r.entry.id,
                r.entry.grade.value(),
                r.counted,
                r.prev_interval,
            )
        })
        .collect();
    assert_eq!(derived, [(first, 5, true, 3), (second, 2, true, 9)]);
    // The log the store shows is in time order.
    let shown: Vec<i64> = store.reviews_of(id).unwrap().iter().map(|r| r.id).collect();
    assert_eq!(shown, [second, first]);

    assert_eq!(store.write(|w| w.delete_review(first)).unwrap(), Some(id));
    assert_eq!(store.write(|w| w.delete_review(first)).unwrap(), None);
    assert_eq!(store.card(id).unwrap().unwrap().reviews, 1);
}

// Per-deck counts.

#[test]
fn per_deck_counts_agree_with_a_join_over_every_state() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db_in(&dir)).unwrap();
    let add = |deck: &str, question: &str| {
        let draft = Draft {
            deck: deck.into(),
            ..draft(question)
        };
        let new = NewCard {
            draft: &draft,
            ordinal: 0,
        };
        store.write(|w| w.insert_card(&new, NOW)).unwrap()
    };
    let history = |id: i64, last: u8| {
        for (day, n) in [(100, 5), (99, 5), (93, 5), (77, 5), (32, last)] {
            grade(&store, id, TODAY - day, n);
        }
    };
    add("rust", "new");
    let learning = add("rust", "learning");
    grade(&store, learning, TODAY, 4);
    let mature = add("rust", "mature");
    history(mature, 5);
    let lapsed = add("go", "lapsed");
    history(lapsed, 2);
    let suspended = add("go", "suspended");
    history(suspended, 5);
    let retired = add("go", "retired");
    grade(&store, retired, TODAY - 3, 3);
    add("zig/deep", "new");
    store
        .write(|w| {
            w.set_suspended(suspended, true)?;
            w.retire_card(retired)
        })
        .unwrap();

    // Every card was added today; the graded ones came with their first
    // grade, earlier. Only the live, unsuspended ones count.
    let day_of = |at: i64| Day::try_from(at.div_euclid(86_400)).unwrap();
    assert_eq!(day_of(NOW), TODAY);
    let (facts, since) = store.deck_facts(None, TODAY, &day_of).unwrap();
    assert_eq!(since, [(TODAY - 100, 2), (TODAY, 3)]);
    let decks: Vec<&str> = facts.iter().map(|d| d.deck.as_str()).collect();
    assert_eq!(decks, ["go", "rust", "zig/deep"]);
    let rust = &facts[1];
    assert_eq!(
        (rust.new, rust.learning, rust.mature, rust.due),
        (1, 1, 1, 0)
    );
    assert_eq!(
        rust.mature_reviews,
        Passed {
            reviews: 1,
            passed: 1
        }
    );
    let go = &facts[0];
    assert_eq!(
        (go.learning, go.suspended, go.retired, go.due),
        (1, 1, 1, 1)
    );
    assert_eq!(
        go.mature_reviews,
        Passed {
            reviews: 2,
            passed: 1
        }
    );

    // The join this pass replaced, as the reference.
    let live = "c.retired = 0 AND c.suspended = 0";
    let mut stmt = store
        .conn
        .prepare(&format!(
            "SELECT c.deck, sum({live} AND s.card_id IS NULL),
                sum(coalesce({live} AND s.interval < 21, 0)),
                sum(coalesce({live} AND s.interval >= 21, 0)),
                sum(c.retired = 0 AND c.suspended = 1), sum(c.retired = 1),
                sum(coalesce({live} AND s.due <= ?1, 0)), coalesce(sum(m.mature), 0),
                coalesce(sum(m.mature_passed), 0)
             FROM cards c LEFT JOIN schedules s ON s.card_id = c.id
             LEFT JOIN card_reviews m ON m.card_id = c.id
             GROUP BY c.deck ORDER BY c.deck"
        ))
        .unwrap();
    let joined: Vec<Vec<i64>> = stmt
        .query_map([TODAY], |r| (1..9).map(|i| r.get(i)).collect())
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let passed: Vec<Vec<i64>> = facts
        .iter()
        .map(|d| {
            [
                d.new,
                d.learning,
                d.mature,
                d.suspended,
                d.retired,
                d.due,
                d.mature_reviews.reviews,
                d.mature_reviews.passed,
            ]
            .map(|n| n as i64)
            .to_vec()
        })
        .collect();
    assert_eq!(passed, joined);
    assert_eq!(
        store
            .deck_facts(Some(r#"["zig/deep"]"#), TODAY, &day_of)
            .unwrap()
            .0
            .len(),
        1
    );
}

/// The schema (the partial index `stats` reads, and the triggers that kept
/// the running totals before schema 5) holds the threshold of maturity as
/// a literal (migrations are never edited): it must be the scheduler's.
#[test]
fn the_schema_counts_mature_reviews_from_the_schedulers_threshold() {
    let sql = schema::MIGRATIONS.concat();
    let literals: Vec<&str> = sql
        .match_indices("prev_interval >= ")
        .map(|(i, m)| {
            let rest = &sql[i + m.len()..];
            &rest[..rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len())]
        })
        .collect();
    assert!(literals.len() > 10, "{literals:?}");
    let threshold = crate::scheduler::MATURE_DAYS.to_string();
    assert!(literals.iter().all(|l| *l == threshold), "{literals:?}");
}

#[test]
fn the_schemas_bound_on_a_balancer_offset_is_the_longest_interval() {
    let bound = convert::MAX_OFFSET;
    assert!(
        schema::MIGRATIONS[7].contains(&format!("BETWEEN -{bound} AND {bound}")),
        "{}",
        schema::MIGRATIONS[7]
    );
    let at = |n: i64| convert::due_offset(rusqlite::types::ValueRef::Integer(n));
    assert_eq!(at(bound), Ok(Some(bound as i32)));
    assert_eq!(at(-bound), Ok(Some(-bound as i32)));
    assert!(at(bound + 1).is_err());
}

#[test]
fn a_stored_list_must_be_a_json_list_of_text() {
    for good in [r#"[]"#, r#"["a", "b \"c\" \u00e9"]"#, " [\"x\"] "] {
        assert_eq!(convert::check_text_list(good), Ok(()), "{good}");
    }
    for bad in [r#"[1]"#, r#"{}"#, r#"["a"] x"#, r#"["a""#, "", "null"] {
        assert!(convert::check_text_list(bad).is_err(), "{bad}");
    }
}

/// A card's journal name always says who the card is (docs/design.md §10):
/// a database that has never shared keeps none, so a sync pays nothing for
/// names; one with a device id names every card it makes and keeps the
/// names it had as aliases; and a name left from before (a database of
/// schema 3 without a device id) is dropped when the question changes,
/// for the next merge to name the card afresh.
#[test]
fn cards_carry_journal_names_only_once_the_database_has_a_device_id() {
    let store = Store::open_in_memory().unwrap();
    let name = |id| store.write(|w| w.card_name(id)).unwrap();
    let rename = |id, question: &str| {
        let draft = draft(question);
        store
            .write(|w| {
                w.update_card(
                    id,
                    &NewCard {
                        draft: &draft,
                        ordinal: 0,
                    },
                    true,
                    "renamed",
                    NOW,
                )
            })
            .unwrap();
    };
    let unnamed = add_card(&store, "Traits");
    assert_eq!(name(unnamed), None);

    store
        .write(|w| w.set_card_name(unnamed, "0123456789abcdef"))
        .unwrap();
    rename(unnamed, "Traits, edited");
    assert_eq!(name(unnamed), None, "a stale name is dropped");

    store.write(|w| w.device_id()).unwrap();
    let named = add_card(&store, "Lifetimes");
    let first = name(named).expect("named once there is a device id");
    rename(named, "Lifetimes, edited");
    let second = name(named).expect("still named");
    assert_ne!(first, second);
    let aliases = store.write(|w| w.unjournaled_aliases()).unwrap();
    assert_eq!(
        aliases
            .iter()
            .map(|a| (&a.name, &a.to_name))
            .collect::<Vec<_>>(),
        [(&first, &second)]
    );
}

/// A card an import makes is named as a synced one is, once the database
/// has a device id, so that the journal finds it (docs/design.md §10).
#[test]
fn an_imported_card_is_named_once_the_database_has_a_device_id() {
    let store = Store::open_in_memory().unwrap();
    store.write(|w| w.device_id()).unwrap();
    let row = CardRow {
        id: 0,
        deck: "rust".into(),
        kind: crate::cards::Kind::List,
        ordinal: 0,
        context: Vec::new(),
        question: "Traits".into(),
        answer: vec!["x".into()],
        context_md: Vec::new(),
        question_md: "Traits".into(),
        answer_md: vec!["x".into()],
        lead: Vec::new(),
        details: Vec::new(),
        line: 1,
        family_line: 1,
        retired: true,
        suspended: false,
        changed: false,
    };
    let id = store
        .write(|w| {
            w.insert_imported(&ImportedCard {
                row: &row,
                added_at: NOW,
            })
        })
        .unwrap();
    let (identity, ordinal) = row.identity();
    let name = crate::journal::card_name(identity, ordinal).to_string();
    assert_eq!(store.write(|w| w.card_name(id)).unwrap(), Some(name));
}
