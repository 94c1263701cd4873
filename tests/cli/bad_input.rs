//! Bad input (docs/design.md §8): for each way the notes, the database, the
//! environment or the learner can be wrong, `recall` says what is at fault in
//! one line naming it, exits with the right status, never panics, and harms
//! nothing else: other files still sync, a refused database keeps its bytes.
//!
//! Permission tests need an unprivileged user: the tests may run as root,
//! who reads and writes anything. Then they run `recall` as `nobody` through
//! `setpriv`, and when that is not possible they say so and skip.

use crate::support as common;

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::{Env, card, id, json};

/// What a failed run must look like: exit status 1, and on stderr exactly
/// one line, `error: …`, naming each of `names`. Returns that line.
fn one_line_error(out: &Output, names: &[&str]) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "exit status; stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line of error:\n{stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    for name in names {
        assert!(
            lines[0].contains(name),
            "{name:?} is not named in:\n{stderr}"
        );
    }
    // A cause printed twice ("x: locked: locked") is not a clear sentence.
    let parts: Vec<&str> = lines[0].split(": ").collect();
    assert!(
        parts.windows(2).all(|w| w[0] != w[1]),
        "a cause is repeated in:\n{stderr}"
    );
    lines[0].to_string()
}

/// `recall` at `NOW` on `notes` and `db` other than the environment's.
fn recall_on(env: &Env, notes: &Path, db: &Path) -> assert_cmd::Command {
    let mut cmd =
        assert_cmd::Command::from_std(common::recall_command(env.dir.path(), common::NOW));
    cmd.arg("--notes").arg(notes).arg("--db").arg(db);
    cmd
}

/// Two decks: `a` (cards A1, A2) and `b` (card B1), synced, with a grade on
/// A1 so that losing its history would show.
fn two_decks() -> Env {
    let env = Env::new();
    env.write("a.md", "# A1\n\n- one\n\n# A2\n\n- two\n");
    env.write("b.md", "# B1\n\n- three\n");
    env.sync();
    let a1 = id(card(&env.cards(), "A1"));
    env.review(a1, &[5]);
    env
}

/// Deck `a`'s cards are live as before, with A1's grade; deck `b` took the
/// edit made beside the failure (a card B2).
fn a_kept_and_b_synced(env: &Env) {
    let cards = env.cards();
    assert_eq!(card(&cards, "A1")["reviews"], 1);
    assert_eq!(card(&cards, "A2")["state"], "new");
    card(&cards, "B2");
    assert_eq!(cards.len(), 4, "{cards:#?}");
}

fn add_b2(env: &Env) {
    env.write("b.md", "# B1\n\n- three\n\n# B2\n\n- four\n");
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

fn chmod(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// Arguments of `setpriv` that drop to the user and group `nobody`.
const NOBODY: [&str; 3] = ["--reuid=65534", "--regid=65534", "--clear-groups"];

/// `recall --notes … --db …` for `env` run as `nobody`, with the temporary
/// folder and database opened up to it; `None` (and why) when that cannot be
/// done here.
fn as_nobody(env: &Env) -> Result<assert_cmd::Command, String> {
    let mut version = common::recall_command(env.dir.path(), common::NOW);
    version.arg("--version");
    let probe = common::run_through("setpriv", &NOBODY, &version)
        .output()
        .map_err(|e| format!("setpriv cannot run: {e}"))?;
    if !probe.status.success() {
        return Err(format!(
            "recall cannot run as nobody: {}",
            String::from_utf8_lossy(&probe.stderr).trim()
        ));
    }
    chmod(env.dir.path(), 0o777);
    if let Some(data) = env.db.parent().filter(|d| d.is_dir()) {
        chmod(data, 0o777);
    }
    let cmd = common::run_through("setpriv", &NOBODY, &env.command_at(common::NOW));
    Ok(assert_cmd::Command::from_std(cmd))
}

/// The database's `-wal` and `-shm` files.
fn side_files(db: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|suffix| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

// The notes.

#[test]
fn a_missing_notes_folder_is_an_error_naming_it() {
    let env = Env::new();
    fs::remove_dir(&env.notes).unwrap();
    let out = env.recall().arg("sync").output().unwrap();
    let line = one_line_error(&out, &[&path(&env.notes)]);
    assert!(line.contains("does not exist"), "{line}");
}

#[test]
fn a_notes_path_that_is_a_file_is_an_error_naming_it() {
    let env = Env::new();
    let file = env.dir.path().join("notes.txt");
    fs::write(&file, "# Not notes\n\n- but it looks like some\n").unwrap();
    let out = recall_on(&env, &file, &env.db)
        .arg("sync")
        .output()
        .unwrap();
    let line = one_line_error(&out, &[&path(&file)]);
    assert!(line.contains("is a file, not a folder"), "{line}");
    assert!(env.cards().is_empty());
}

#[test]
fn a_single_md_file_as_the_notes_path_still_syncs() {
    let env = Env::new();
    env.write("only.md", "# Only\n\n- card\n");
    recall_on(&env, &env.note_path("only.md"), &env.db)
        .arg("sync")
        .assert()
        .success();
    assert_eq!(env.cards()[0]["deck"], "only");
}

/// Runs a sync that must fail on `bad` alone: exit 1, one `error:` line
/// naming it and saying `says`, the other deck synced.
fn sync_fails_on(env: &Env, bad: &Path, says: &str) {
    let out = env.recall().args(["sync", "--json"]).output().unwrap();
    let line = one_line_error(&out, &[&path(bad), says]);
    assert!(line.ends_with("its cards were left as they were"), "{line}");
    let report = json(&out.stdout);
    assert_eq!(report["files_failed"][0]["file"], path(bad));
    assert_eq!(report["added"], 1, "{report}");
}

#[test]
fn a_note_that_is_not_utf8_is_skipped_keeping_its_cards_and_the_rest_syncs() {
    let env = two_decks();
    env.write_bytes("a.md", b"# A1\n\n- caf\xe9\n\n# A2\n\n- two\n");
    add_b2(&env);
    sync_fails_on(&env, &env.note_path("a.md"), "UTF-8");
    a_kept_and_b_synced(&env);
}

#[test]
fn a_binary_note_is_skipped_keeping_its_cards_and_the_rest_syncs() {
    let env = two_decks();
    env.write_bytes("a.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    add_b2(&env);
    sync_fails_on(&env, &env.note_path("a.md"), "binary");
    a_kept_and_b_synced(&env);
}

#[test]
fn a_ten_megabyte_note_on_one_line_syncs_into_one_card() {
    let env = Env::new();
    let line = format!("- {}", "word ".repeat(2_000_000));
    assert!(line.len() >= 10_000_000 && !line.contains('\n'));
    env.write("big.md", &line);
    env.write("b.md", "# B1\n\n- three\n");
    let report = env.sync();
    assert_eq!(report["added"], 2);
    let cards = env.cards();
    // A list before any heading belongs to a heading named after the file.
    let big = card(&cards, "big");
    assert_eq!(big["answer"][0].as_str().unwrap().len(), 9_999_999);
}

#[test]
fn a_list_nested_10000_deep_syncs_without_trouble() {
    let env = Env::new();
    // On one line, `- - - x` nests a list in each item; the same in quotes.
    env.write(
        "deep.md",
        &format!("# Deep\n\n{}bottom\n", "- ".repeat(10_000)),
    );
    env.write(
        "quoted.md",
        &format!("# Quoted\n\n{}- bottom\n", "> ".repeat(10_000)),
    );
    // Nested by indentation, each level with text: an item card per level,
    // its context every level above.
    let indented: String = (0..300)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    env.write("indented.md", &format!("# Indented\n\n{indented}"));
    env.write("b.md", "# B1\n\n- three\n");
    env.sync();
    let cards = env.cards();
    card(&cards, "B1");
    let last = card(&cards, "level 298");
    assert_eq!(last["context"].as_array().unwrap().len(), 299);
    assert_eq!(last["answer"][0], "level 299");
}

#[test]
fn a_symlink_loop_in_the_notes_is_reported_and_the_rest_syncs() {
    let env = two_decks();
    symlink(&env.notes, env.note_path("loop")).unwrap();
    symlink("self.md", env.note_path("self.md")).unwrap();
    add_b2(&env);
    let out = env.recall().args(["sync", "--json"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "one line per loop:\n{stderr}");
    assert!(lines.iter().all(|l| l.starts_with("error: ")), "{stderr}");
    for (name, says) in [
        ("loop", "symlink loop"),
        ("self.md", "Too many levels of symbolic links"),
    ] {
        let named = format!("error: {}: ", path(&env.note_path(name)));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&named) && l.contains(says)),
            "no line for {name} saying {says:?}:\n{stderr}"
        );
    }
    assert_eq!(json(&out.stdout)["added"], 1);
    a_kept_and_b_synced(&env);
}

#[test]
fn a_note_without_read_permission_is_skipped_keeping_its_cards() {
    let env = two_decks();
    let a = env.note_path("a.md");
    env.write("a.md", "# A1\n\n- one, edited\n");
    add_b2(&env);
    chmod(&a, 0o000);
    let mut recall = if fs::read(&a).is_err() {
        env.recall()
    } else {
        // Root reads files whatever their mode: run recall as nobody.
        chmod(&env.db, 0o666);
        match as_nobody(&env) {
            Ok(cmd) => cmd,
            Err(why) => {
                println!("skipped: running as root, which reads a mode-000 file, and {why}");
                return;
            }
        }
    };
    let out = recall.args(["sync", "--json"]).output().unwrap();
    let line = one_line_error(&out, &[&path(&a), "Permission denied"]);
    assert!(line.ends_with("its cards were left as they were"), "{line}");
    chmod(&a, 0o644);
    a_kept_and_b_synced(&env);
    assert_eq!(card(&env.cards(), "A1")["answer"][0], "one");
}

#[test]
fn a_note_behind_a_broken_symlink_keeps_its_cards_and_the_rest_syncs() {
    // A note linked from a drive that is not mounted yet is out of sight,
    // not deleted: its cards must not retire.
    let env = two_decks();
    let a = env.note_path("a.md");
    fs::remove_file(&a).unwrap();
    std::os::unix::fs::symlink(env.dir.path().join("unmounted/a.md"), &a).unwrap();
    add_b2(&env);
    let out = env.recall().args(["sync", "--json"]).output().unwrap();
    let line = one_line_error(&out, &[&path(&a)]);
    assert!(line.ends_with("its cards were left as they were"), "{line}");
    let report = json(&out.stdout);
    assert_eq!(report["retired"], 0, "{report}");
    a_kept_and_b_synced(&env);
}

#[test]
fn a_notes_folder_that_cannot_be_listed_retires_nothing() {
    let env = two_decks();
    add_b2(&env);
    // Searchable but not listable; root lists it anyway, so run as nobody.
    chmod(&env.notes, 0o311);
    chmod(&env.db, 0o666);
    let listable = fs::read_dir(&env.notes).is_ok();
    let mut recall = if !listable {
        env.recall()
    } else {
        match as_nobody(&env) {
            Ok(cmd) => cmd,
            Err(why) => {
                chmod(&env.notes, 0o755);
                println!("skipped: running as root, which lists any folder, and {why}");
                return;
            }
        }
    };
    let out = recall.args(["sync", "--json"]).output().unwrap();
    chmod(&env.notes, 0o755);
    let line = one_line_error(&out, &[&path(&env.notes)]);
    assert!(line.ends_with("its cards were left as they were"), "{line}");
    let report = json(&out.stdout);
    assert_eq!(report["retired"], 0, "{report}");
    let cards = env.cards();
    assert_eq!(card(&cards, "A1")["reviews"], 1);
    card(&cards, "A2");
    card(&cards, "B1");
}

// The database.

#[test]
fn a_database_folder_that_cannot_be_created_is_an_error_naming_it() {
    let env = Env::new();
    env.write("b.md", "# B1\n\n- three\n");
    let file = env.dir.path().join("plain-file");
    fs::write(&file, "not a folder").unwrap();
    let db = file.join("sub").join("recall.db");
    let out = recall_on(&env, &env.notes, &db)
        .arg("sync")
        .output()
        .unwrap();
    let line = one_line_error(&out, &[&path(&file.join("sub"))]);
    assert!(line.contains("cannot create the database folder"), "{line}");
    assert_eq!(fs::read_to_string(&file).unwrap(), "not a folder");
}

/// Every command on a refused database fails naming it and saying `says`,
/// and the file keeps its bytes, with no `-wal` or `-shm` beside it.
fn refused_untouched(env: &Env, says: &str) {
    let before = fs::read(&env.db).unwrap();
    for args in [
        &["sync"][..],
        &["review"],
        &["cards"],
        &["stats", "--json"],
        &["check"],
    ] {
        let out = env
            .recall()
            .args(args)
            .write_stdin("\n5\n")
            .output()
            .unwrap();
        one_line_error(&out, &[&path(&env.db), says]);
    }
    assert_eq!(fs::read(&env.db).unwrap(), before, "the database changed");
    nothing_in_the_wal(&env.db);
}

/// Nothing waits in a write-ahead log to be written into the database. (A
/// read-only look may leave an empty `-wal` and its `-shm` index behind.)
fn nothing_in_the_wal(db: &Path) {
    let [wal, _] = side_files(db);
    let size = fs::metadata(&wal).map_or(0, |m| m.len());
    assert_eq!(size, 0, "{} holds writes", wal.display());
}

#[test]
fn a_database_that_is_not_sqlite_is_refused_untouched() {
    let env = Env::new();
    env.write("b.md", "# B1\n\n- three\n");
    fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    fs::write(&env.db, "id,question\n1,Ownership\n".repeat(50)).unwrap();
    refused_untouched(&env, "not a SQLite database");
}

#[test]
fn a_database_with_a_sqlite_header_and_garbage_after_is_refused_untouched() {
    let env = Env::new();
    env.write("b.md", "# B1\n\n- three\n");
    fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend((0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    fs::write(&env.db, bytes).unwrap();
    refused_untouched(&env, "not a SQLite database");
}

#[test]
fn a_database_from_a_newer_recall_is_refused_untouched() {
    let env = two_decks();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.pragma_update(None, "user_version", recall::store::SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    refused_untouched(&env, "newer recall");
    // Not even an empty write-ahead log or its index is left beside it.
    for side in side_files(&env.db) {
        assert!(!side.exists(), "{} was left behind", side.display());
    }
}

#[test]
fn a_newer_recalls_write_ahead_log_beside_its_database_is_left_as_it_was() {
    let env = two_decks();
    // A newer recall that stopped without folding its last writes into the
    // database leaves them in the -wal, with the -shm index beside it.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )
    .unwrap();
    conn.pragma_update(None, "user_version", recall::store::SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    let [wal, shm] = side_files(&env.db);
    let wal_before = fs::read(&wal).unwrap();
    assert!(!wal_before.is_empty() && shm.exists());
    let before = fs::read(&env.db).unwrap();
    for args in [&["sync"][..], &["cards"]] {
        let out = env.recall().args(args).output().unwrap();
        one_line_error(&out, &[&path(&env.db), "newer recall"]);
    }
    assert_eq!(fs::read(&env.db).unwrap(), before, "the database changed");
    assert_eq!(fs::read(&wal).unwrap(), wal_before, "the -wal changed");
    assert!(shm.exists(), "the -shm was removed");
}

#[test]
fn a_read_only_database_is_refused_untouched_and_works_once_writable() {
    let env = two_decks();
    add_b2(&env);
    chmod(&env.db, 0o444);
    let privileged = fs::OpenOptions::new().write(true).open(&env.db).is_ok();
    let recall = |args: &[&str]| -> Output {
        let mut cmd = if privileged {
            as_nobody(&env).expect("checked below")
        } else {
            env.recall()
        };
        cmd.args(args).write_stdin("\n5\n").output().unwrap()
    };
    if privileged && let Err(why) = as_nobody(&env) {
        println!("skipped: running as root, which writes a mode-444 file, and {why}");
        return;
    }
    let before = fs::read(&env.db).unwrap();
    for args in [&["sync"][..], &["review"], &["cards"]] {
        let out = recall(args);
        one_line_error(&out, &[&path(&env.db), "read-only"]);
    }
    assert_eq!(fs::read(&env.db).unwrap(), before, "the database changed");
    for side in side_files(&env.db) {
        assert!(!side.exists(), "{} was left behind", side.display());
    }

    // Nothing left behind keeps it read-only once it is writable again.
    chmod(&env.db, if privileged { 0o666 } else { 0o644 });
    let out = recall(&["sync"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    a_kept_and_b_synced(&env);
}

#[test]
fn a_database_locked_past_the_busy_timeout_is_an_error_naming_it() {
    let env = two_decks();
    add_b2(&env);
    let holder = rusqlite::Connection::open(&env.db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();

    // Reading goes on beside a writer (WAL).
    env.recall().arg("cards").assert().success();
    // The busy_timeout_ms setting sets how long a write waits (10 s unset).
    let timeout = Duration::from_millis(200);
    let started = Instant::now();
    let out = env
        .recall()
        .env("RECALL_BUSY_TIMEOUT_MS", timeout.as_millis().to_string())
        .arg("sync")
        .output()
        .unwrap();
    let waited = started.elapsed();
    let line = one_line_error(&out, &[&path(&env.db), "locked"]);
    assert!(
        waited >= timeout,
        "gave up after {waited:?}, before its busy timeout: {line}"
    );
    assert!(
        waited < Duration::from_secs(5),
        "waited {waited:?}, not the {timeout:?} the setting asks: {line}"
    );

    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    env.sync();
    a_kept_and_b_synced(&env);
    env.recall().arg("check").assert().success();
}

// The command line and the environment.

#[test]
fn an_unknown_card_id_is_an_error_naming_it_and_changes_nothing() {
    let env = two_decks();
    let before = env.cards();
    for args in [
        &["show", "31337"][..],
        &["show", "31337", "--json"],
        &["open", "31337"],
        &["suspend", "31337"],
        &["unsuspend", "31337"],
    ] {
        let out = env
            .recall()
            .args(args)
            .env("EDITOR", "false")
            .env_remove("VISUAL")
            .output()
            .unwrap();
        one_line_error(&out, &["31337"]);
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(env.cards(), before);
}

#[test]
fn a_malformed_recall_now_is_an_error_naming_it_before_any_database_is_made() {
    let env = Env::new();
    env.write("b.md", "# B1\n\n- three\n");
    for args in [&["sync"][..], &["review"], &["stats"]] {
        let out = env
            .recall_at("next tuesday")
            .args(args)
            .write_stdin("\n5\n")
            .output()
            .unwrap();
        one_line_error(&out, &["RECALL_NOW=\"next tuesday\"", "RFC 3339"]);
    }
    assert!(!env.db.exists());
}

#[test]
fn an_unknown_state_is_a_usage_error_naming_it() {
    let env = two_decks();
    let out = env
        .recall()
        .args(["cards", "--state", "soon"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // clap's usage errors exit 2 and add the possible values below.
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("error: ") && first.contains("'soon'") && first.contains("--state"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn an_invalid_grade_in_a_session_is_refused_and_asked_again() {
    let env = Env::new();
    env.write("b.md", "# B1\n\n- three\n");
    let out = env
        .recall()
        .arg("review")
        .write_stdin(&b"\n9\nx\n-1\n55\n\xff\xfe\n\n5\n"[..])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}\n{stdout}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for typed in ["\"9\"", "\"x\"", "\"-1\"", "\"55\"", "\"\u{fffd}\u{fffd}\""] {
        assert!(
            stdout.contains(&format!("{typed} is not an answer here")),
            "{typed} was not refused:\n{stdout}"
        );
    }
    assert!(stdout.contains("grade the answer first: 0-5"), "{stdout}");
    assert_eq!(stdout.matches("Q: B1").count(), 1, "{stdout}");
    let b1 = card(&env.cards(), "B1").clone();
    assert_eq!(
        (b1["reviews"].as_u64(), b1["ef"].as_f64()),
        (Some(1), Some(2.6))
    );
}

// Damaged rows: a value this recall cannot read is an error naming the card
// and the database, never a guess, and `check` reports it as a problem.

/// Decks `a` (A1, A2) and `b` (B1, graded once if `graded`), then `damage`
/// (SQL with B1's id as ?1) written past the schema's checks, as a damaged
/// file or another program might leave it: a listing reaches A1 and A2
/// before B1. Returns B1's id.
fn damaged(env: &Env, graded: bool, damage: &str) -> i64 {
    env.write("a.md", "# A1\n\n- one\n\n# A2\n\n- two\n");
    env.write("b.md", "# B1\n\n- three\n");
    env.sync();
    let b1 = id(card(&env.cards(), "B1"));
    if graded {
        env.review(b1, &[4]);
    }
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.pragma_update(None, "ignore_check_constraints", true)
        .unwrap();
    assert_eq!(conn.execute(damage, [b1]).unwrap(), 1, "{damage}");
    b1
}

/// Each of `commands` fails with one line naming the card, the database
/// and `says`, and prints nothing on stdout: not the header or the first
/// rows of a listing it could not finish. `check` lists the same damage as
/// a problem of the card.
fn damage_is_named(env: &Env, card_id: i64, says: &[&str], commands: &[&[&str]]) {
    let named = format!("card {card_id} in {}", path(&env.db));
    for args in commands {
        let out = env
            .recall()
            .args(*args)
            .write_stdin("\n5\n")
            .output()
            .unwrap();
        let mut names = vec![named.as_str()];
        names.extend(says);
        one_line_error(&out, &names);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "",
            "{args:?} printed part of its output"
        );
        // Appended to a file (`>> file`): the file keeps what it held, and
        // only that.
        let (held, input) = (
            env.dir.path().join("out.txt"),
            env.dir.path().join("in.txt"),
        );
        fs::write(&held, "earlier\n").unwrap();
        fs::write(&input, "\n5\n").unwrap();
        let out = env
            .command_at(common::NOW)
            .args(*args)
            .stdin(fs::File::open(&input).unwrap())
            .stdout(fs::OpenOptions::new().append(true).open(&held).unwrap())
            .output()
            .unwrap();
        one_line_error(&out, &names);
        assert_eq!(
            fs::read_to_string(&held).unwrap(),
            "earlier\n",
            "{args:?} appended part of its output"
        );
    }
    let out = env.recall().arg("check").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let prefix = format!("card {card_id}: ");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with(&prefix) && says.iter().all(|s| l.contains(s))),
        "check did not report {says:?}:\n{stdout}"
    );
}

#[test]
fn a_card_of_an_unknown_kind_is_an_error_naming_it_and_a_problem_for_check() {
    let env = Env::new();
    let b1 = damaged(&env, false, "UPDATE cards SET kind = 'quiz' WHERE id = ?1");
    damage_is_named(
        &env,
        b1,
        &["has kind \"quiz\", which this recall does not know"],
        &[
            &["show", &b1.to_string()],
            &["cards"],
            &["cards", "--json"],
            &["export", "--format", "json"],
            &["export", "--format", "csv"],
            &["export", "--format", "anki"],
            // B1 first: a session asks A1 and A2 before reaching it.
            &["review", "--deck", "b"],
        ],
    );
}

#[test]
fn a_review_with_a_grade_outside_0_to_5_is_an_error_naming_its_card_and_a_problem_for_check() {
    let env = Env::new();
    let b1 = damaged(
        &env,
        true,
        "UPDATE reviews SET grade = 9 WHERE card_id = ?1",
    );
    damage_is_named(
        &env,
        b1,
        &["has a review with grade 9, outside 0-5"],
        &[
            &["show", &b1.to_string()],
            &["show", &b1.to_string(), "--json"],
            &["stats"],
            &["stats", "--json"],
            &["export", "--format", "json"],
        ],
    );
    // A log missing a grade says nothing of what the schedule should be:
    // check names the bad grade only, not a made-up schedule problem.
    let out = env.recall().arg("check").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let about_b1: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with(&format!("card {b1}: ")))
        .collect();
    assert_eq!(
        about_b1,
        [format!("card {b1}: has a review with grade 9, outside 0-5")],
        "{stdout}"
    );
}

#[test]
fn a_stored_list_that_is_not_json_is_an_error_naming_its_card_and_a_problem_for_check() {
    let env = Env::new();
    let b1 = damaged(
        &env,
        false,
        "UPDATE card_texts SET answer = '[\"three\"' WHERE card_id = ?1",
    );
    damage_is_named(
        &env,
        b1,
        &[
            "has its answer stored as",
            "which is not a JSON list of text",
        ],
        &[
            &["show", &b1.to_string()],
            &["cards"],
            &["cards", "--json"],
            &["export", "--format", "csv"],
            // B1 first: a session asks A1 and A2 before reaching it.
            &["review", "--deck", "b"],
        ],
    );
}

#[test]
fn stored_details_that_do_not_read_are_an_error_naming_the_card_and_a_problem_for_check() {
    let env = Env::new();
    let b1 = damaged(
        &env,
        false,
        "UPDATE card_texts SET details = 'not json' WHERE card_id = ?1",
    );
    damage_is_named(
        &env,
        b1,
        &[
            "has its details stored as",
            "which is not a JSON list of blocks",
        ],
        &[
            &["show", &b1.to_string()],
            &["cards", "--json"],
            &["export", "--format", "json"],
        ],
    );
}

#[test]
fn a_stored_offset_that_is_no_number_of_days_is_an_error_naming_the_card_and_a_problem_for_check() {
    let env = Env::new();
    let b1 = damaged(
        &env,
        true,
        "UPDATE reviews SET due_offset = 'soon' WHERE card_id = ?1",
    );
    damage_is_named(
        &env,
        b1,
        &["load balancer's offset is \"soon\""],
        &[&["show", &b1.to_string()], &["export", "--format", "json"]],
    );
    // The schema refuses it in the first place.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    assert!(
        conn.execute(
            "UPDATE reviews SET due_offset = 99999 WHERE card_id = ?1",
            [b1]
        )
        .is_err()
    );
}

#[test]
fn an_export_to_a_file_that_fails_part_way_leaves_the_earlier_export_as_it_was() {
    let env = Env::new();
    // Nothing damaged yet: the kind it already has.
    let b1 = damaged(&env, true, "UPDATE cards SET kind = 'list' WHERE id = ?1");
    let backup = env.dir.path().join("backup.json");
    let export = || {
        env.recall()
            .args(["export", "--format", "json", "-o"])
            .arg(&backup)
            .output()
            .unwrap()
    };
    assert!(export().status.success());
    let earlier = fs::read_to_string(&backup).unwrap();
    let files = || {
        let mut names: Vec<String> = fs::read_dir(env.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = files();

    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.pragma_update(None, "ignore_check_constraints", true)
        .unwrap();
    conn.execute("UPDATE cards SET kind = 'quiz' WHERE id = ?1", [b1])
        .unwrap();
    let out = export();
    one_line_error(
        &out,
        &[
            &format!("card {b1} in {}", path(&env.db)),
            "has kind \"quiz\"",
        ],
    );
    assert!(
        fs::read_to_string(&backup).unwrap() == earlier,
        "the earlier export was cut"
    );
    assert_eq!(files(), before, "a partial file was left behind");

    // Repaired, the export replaces the file.
    conn.execute("UPDATE cards SET kind = 'list' WHERE id = ?1", [b1])
        .unwrap();
    env.recall()
        .args(["suspend", &b1.to_string()])
        .assert()
        .success();
    assert!(export().status.success());
    let now = json(&fs::read(&backup).unwrap());
    let b1_now = now["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == b1)
        .unwrap();
    assert_eq!(b1_now["suspended"], true);
    assert_eq!(files(), before);
}

#[test]
fn a_damaged_device_id_is_an_error_naming_it_not_a_panic() {
    let env = Env::new();
    env.write("a.md", "# A1\n\n- one\n");
    let shared = env.dir.path().join("shared");
    fs::create_dir(&shared).unwrap();
    env.recall()
        .arg("--shared")
        .arg(&shared)
        .arg("sync")
        .assert()
        .success();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute(
        "UPDATE meta SET value = 'Not An Id!' WHERE key = 'device_id'",
        [],
    )
    .unwrap();
    drop(conn);
    for args in [&["check"][..], &["check", "--repair"], &["sync"]] {
        let out = env
            .recall()
            .arg("--shared")
            .arg(&shared)
            .args(args)
            .output()
            .unwrap();
        one_line_error(
            &out,
            &["keeps the device id \"Not An Id!\"", &path(&env.db)],
        );
    }
}
