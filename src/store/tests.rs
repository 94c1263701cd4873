//! Unit tests of the store: opening and migrating the file, refusing files
//! that are not ours, and the review log driving the schedule.

use std::path::Path;
use std::sync::Arc;

use tempfile::TempDir;

use super::*;
use crate::cards::{Draft, Kind};
use crate::scheduler::{self, CardStatus, Day, Entry, Grade, Schedule, sm2};

const NOW: i64 = 1_772_355_600; // 2026-03-01T09:00:00Z
const TODAY: Day = 20_513; // 2026-03-01

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

fn draft(question: &str) -> Draft {
    Draft {
        deck: "rust".into(),
        kind: Kind::List,
        context: Arc::from([]),
        question: question.into(),
        answer: vec!["x".into()],
        context_md: Arc::from([]),
        question_md: question.into(),
        answer_md: vec!["x".into()],
        line: 1,
        family_line: 1,
    }
}

fn add_card(store: &Store, question: &str) -> i64 {
    let draft = draft(question);
    store
        .write(|w| {
            w.insert_card(
                &NewCard {
                    draft: &draft,
                    ordinal: 0,
                },
                NOW,
            )
        })
        .unwrap()
}

fn grade(store: &Store, card_id: i64, day: Day, n: u8) -> i64 {
    store
        .write(|w| {
            w.record_review(&NewReview {
                card_id,
                at: NOW + i64::from(day - TODAY) * 86_400,
                day,
                grade: Grade::new(n).unwrap(),
                millis: 1_500,
            })
        })
        .unwrap()
}

fn schedule(store: &Store, card_id: i64) -> Option<Schedule> {
    store.card(card_id).unwrap().unwrap().schedule
}

/// The schedule of a log replayed, new if the log is empty.
fn replayed(log: impl IntoIterator<Item = Entry>) -> Schedule {
    scheduler::replay(log)
        .progress
        .map_or(Schedule::NEW, |p| p.schedule)
}

/// The `i`th grade of a log, given on `day` as `grade` gives it.
fn logged(i: i64, n: u8, day: Day) -> Entry {
    Entry {
        id: i,
        at: NOW + i64::from(day - TODAY) * 86_400,
        day,
        grade: Grade::new(n).unwrap(),
    }
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
            "card_reviews",
            "card_texts",
            "cards",
            "files",
            "meta",
            "review_days",
            "reviews",
            "schedules"
        ]
    );
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
    let result = store.write(|w| {
        w.record_review(&NewReview {
            card_id: 99,
            at: NOW,
            day: TODAY,
            grade: Grade::new(4).unwrap(),
            millis: 0,
        })
    });
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

// The review log and the schedule.

#[test]
fn first_grade_of_a_day_moves_the_schedule() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db_in(&dir)).unwrap();
    let id = add_card(&store, "Traits");
    assert_eq!(schedule(&store, id), None);

    grade(&store, id, TODAY, 4);
    let after = sm2::review(Schedule::NEW, Grade::new(4).unwrap(), TODAY);
    assert_eq!(schedule(&store, id), Some(after));
    assert_eq!(after.due, Some(TODAY + 1));
}

#[test]
fn later_grades_the_same_day_are_logged_but_change_nothing() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db_in(&dir)).unwrap();
    let id = add_card(&store, "Traits");
    grade(&store, id, TODAY, 5);
    let first = schedule(&store, id);
    grade(&store, id, TODAY, 0);
    assert_eq!(schedule(&store, id), first);

    let log = store.reviews_of(id).unwrap();
    assert_eq!(log.len(), 2);
    assert!(log[0].counted);
    assert!(!log[1].counted);
    assert_eq!(store.card(id).unwrap().unwrap().reviews, 2);
}

#[test]
fn grade_on_the_next_day_counts_again() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db_in(&dir)).unwrap();
    let id = add_card(&store, "Traits");
    grade(&store, id, TODAY, 5);
    grade(&store, id, TODAY, 2);
    grade(&store, id, TODAY + 1, 5);
    let expected = replayed([
        logged(1, 5, TODAY),
        logged(2, 2, TODAY),
        logged(3, 5, TODAY + 1),
    ]);
    assert_eq!(schedule(&store, id), Some(expected));
    assert_eq!(expected.interval, 6);
    let log = store.reviews_of(id).unwrap();
    assert_eq!(log[2].prev_interval, 1);
}

#[test]
fn undo_restores_the_schedule_before_the_grade() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db_in(&dir)).unwrap();
    let id = add_card(&store, "Traits");
    grade(&store, id, TODAY, 5);
    let before = schedule(&store, id);
    let last = grade(&store, id, TODAY + 1, 1);
    assert_ne!(schedule(&store, id), before);

    let undone = store.write(|w| w.undo_review(last)).unwrap();
    assert_eq!(undone, Some(id));
    assert_eq!(schedule(&store, id), before);
    assert_eq!(store.reviews_of(id).unwrap().len(), 1);
    // The restored day still counts: a regrade the same day is a repeat.
    grade(&store, id, TODAY, 3);
    assert_eq!(schedule(&store, id), before);
}

#[test]
fn undo_of_the_only_grade_makes_the_card_new_again() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db_in(&dir)).unwrap();
    let id = add_card(&store, "Traits");
    let only = grade(&store, id, TODAY, 4);
    store.write(|w| w.undo_review(only)).unwrap();
    let state = store.card(id).unwrap().unwrap();
    assert_eq!(state.schedule, None);
    assert_eq!(state.reviews, 0);
    assert_eq!(state.status(), CardStatus::New);
}

#[test]
fn undo_of_no_review_does_nothing() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db_in(&dir)).unwrap();
    assert_eq!(store.write(|w| w.undo_review(42)).unwrap(), None);
}

#[test]
fn schedule_always_equals_the_replayed_log() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db_in(&dir)).unwrap();
    let id = add_card(&store, "Traits");
    let grades = [(0, 5), (0, 3), (1, 4), (7, 2), (8, 5), (8, 5), (14, 4)];
    for (offset, n) in grades {
        grade(&store, id, TODAY + offset, n);
        let log: Vec<Entry> = store
            .reviews_of(id)
            .unwrap()
            .iter()
            .map(|r| Entry {
                id: r.id,
                at: r.at,
                grade: r.grade,
                day: r.day,
            })
            .collect();
        assert_eq!(schedule(&store, id), Some(replayed(log)));
    }
}

#[test]
fn a_grade_given_back_in_time_stores_the_log_replayed_in_time_order() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db_in(&dir)).unwrap();
    let id = add_card(&store, "Traits");
    // The clock was set back: the grade of TODAY comes after those of the
    // next day in the log, but before them in time.
    grade(&store, id, TODAY + 1, 1);
    grade(&store, id, TODAY + 1, 5);
    grade(&store, id, TODAY, 5);
    let expected = replayed([
        logged(1, 5, TODAY),
        logged(2, 1, TODAY + 1),
        logged(3, 5, TODAY + 1),
    ]);
    assert_eq!(schedule(&store, id), Some(expected));
    assert_eq!(
        (expected.ef, expected.interval, expected.lapses),
        (206, 1, 1)
    );
    let log = store.reviews_of(id).unwrap();
    let derived: Vec<(u8, bool, u32)> = log
        .iter()
        .map(|r| (r.grade.value(), r.counted, r.prev_interval))
        .collect();
    assert_eq!(derived, [(5, true, 0), (1, true, 1), (5, false, 1)]);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn review_clears_the_changed_mark() {
    let dir = TempDir::new().unwrap();
    let store = Store::open(&db_in(&dir)).unwrap();
    let id = add_card(&store, "Traits");
    let edited = Draft {
        answer: vec!["y".into()],
        answer_md: vec!["y".into()],
        ..draft("Traits")
    };
    store
        .write(|w| {
            w.update_card(
                id,
                &NewCard {
                    draft: &edited,
                    ordinal: 0,
                },
                true,
            )
        })
        .unwrap();
    assert!(store.card(id).unwrap().unwrap().card.changed);
    grade(&store, id, TODAY, 4);
    assert!(!store.card(id).unwrap().unwrap().card.changed);
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

    let facts = store.deck_facts(None, TODAY).unwrap();
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
            .deck_facts(Some(r#"["zig/deep"]"#), TODAY)
            .unwrap()
            .len(),
        1
    );
}

/// The triggers that keep the stats' running totals, and the partial index
/// `stats` reads, hold the threshold of maturity as a literal (migrations
/// are never edited): it must be the scheduler's.
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
    let threshold = scheduler::MATURE_DAYS.to_string();
    assert!(literals.iter().all(|l| *l == threshold), "{literals:?}");
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
