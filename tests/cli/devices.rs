//! Progress on several devices through a shared folder (docs/design.md §10):
//! two databases with a copy each of the same notes, one shared folder (or
//! two clones of a git repository), and the schedules and histories they
//! end with.

use std::fs;
use std::path::Path;
use std::process;

use serde_json::Value;
use tempfile::TempDir;

use crate::support::{Env, NOW, card, json};

const NOTES: &str = "# Question one\n- Answer one\n\n# Question two\n- Answer two\n";
const LATER: &str = "2026-03-01T10:00:00Z";

/// A device: its own notes copy and database.
fn device() -> Env {
    let env = Env::new();
    env.write("deck.md", NOTES);
    env
}

/// `recall --shared DIR sync --json` at `NOW`; its report, whatever the exit.
fn sync(env: &Env, shared: &Path) -> (Value, process::Output) {
    let out = env
        .recall()
        .arg("--shared")
        .arg(shared)
        .args(["sync", "--json"])
        .output()
        .expect("run recall");
    (json(&out.stdout), out)
}

/// Syncs, which must succeed; the `journal` part of its report.
fn merged(env: &Env, shared: &Path) -> Value {
    let (report, out) = sync(env, shared);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    report["journal"].clone()
}

/// A review session at `now` answering with `input`.
fn review(env: &Env, shared: &Path, now: &str, input: &str) {
    env.recall_at(now)
        .arg("--shared")
        .arg(shared)
        .arg("review")
        .write_stdin(input)
        .assert()
        .success();
}

fn shows(env: &Env) -> Vec<Value> {
    env.cards()
        .iter()
        .map(|c| {
            let id = c["id"].as_i64().expect("an id").to_string();
            let out = env
                .recall()
                .args(["show", &id, "--json"])
                .assert()
                .success();
            let mut show = json(&out.get_output().stdout);
            // Where each device keeps its notes differs, as it may.
            show.as_object_mut().expect("an object").remove("file");
            show
        })
        .collect()
}

/// The only journal file in `shared`, and its text.
fn only_file(shared: &Path) -> (std::path::PathBuf, String) {
    let files: Vec<_> = fs::read_dir(shared)
        .expect("shared folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = fs::read_to_string(&files[0]).expect("journal");
    (files[0].clone(), text)
}

#[test]
fn a_grade_on_one_device_reaches_the_other_with_its_schedule() {
    let shared = TempDir::new().unwrap();
    let (a, b) = (device(), device());
    merged(&a, shared.path());
    review(&a, shared.path(), NOW, "\n4\n");
    let journal = merged(&b, shared.path());
    assert_eq!(journal["grades_merged"], 1);
    assert_eq!(journal["devices"], 1);
    assert_eq!(a.cards(), b.cards());
    assert_eq!(b.cards()[0]["reviews"], 1);
    assert_eq!(shows(&a), shows(&b));
}

/// Both devices grade both cards on one day, at different hours; whichever
/// device merges first, both end with the same schedules and histories,
/// and syncing again changes nothing.
fn grades_on_both(a_first: bool) -> (Vec<Value>, Vec<Value>) {
    let shared = TempDir::new().unwrap();
    let (a, b) = (device(), device());
    merged(&a, shared.path());
    merged(&b, shared.path());
    review(&a, shared.path(), NOW, "\n4\n\n5\n");
    // B reviews before it has merged A's grades (a review merges first).
    b.recall_at(LATER)
        .arg("--shared")
        .arg(shared.path())
        .args(["review", "--no-sync"])
        .write_stdin("\n2\n\n3\n")
        .assert()
        .success();
    let (first, second) = if a_first { (&a, &b) } else { (&b, &a) };
    merged(first, shared.path());
    merged(second, shared.path());
    merged(first, shared.path());
    assert_eq!(a.cards(), b.cards());
    assert_eq!(shows(&a), shows(&b));
    let (cards, history) = (a.cards(), shows(&a));
    for env in [&a, &b] {
        let again = merged(env, shared.path());
        assert_eq!(
            (again["events_read"].clone(), again["grades_merged"].clone()),
            (0.into(), 0.into())
        );
        assert_eq!(env.cards(), cards);
        assert_eq!(shows(env), history);
    }
    (cards, history)
}

#[test]
fn grades_on_both_devices_end_alike_whichever_merges_first() {
    let (cards_ab, history_ab) = grades_on_both(true);
    let (cards_ba, history_ba) = grades_on_both(false);
    assert_eq!(cards_ab, cards_ba);
    assert_eq!(history_ab, history_ba);
    // The union of both devices' grades; the same-day rule counts A's,
    // the earlier: a 4 gives the first interval of 1 day.
    assert!(
        history_ab
            .iter()
            .all(|s| s["history"].as_array().unwrap().len() == 2),
        "{history_ab:?}"
    );
    assert_eq!(cards_ab[0]["interval"], 1);
    assert_eq!(cards_ab[0]["reviews"], 2);
}

#[test]
fn an_undo_on_one_device_reaches_the_other() {
    let shared = TempDir::new().unwrap();
    let (a, b) = (device(), device());
    merged(&a, shared.path());
    // Graded, then taken back in the same session.
    review(&a, shared.path(), NOW, "\n4\nu\nq\n");
    assert_eq!(a.cards()[0]["reviews"], 0);
    merged(&b, shared.path());
    assert_eq!(b.cards()[0]["reviews"], 0);
    assert_eq!(b.cards()[0]["state"], "new");

    // A grade B has merged, undone on A afterwards.
    review(&a, shared.path(), NOW, "\n4\n");
    assert_eq!(merged(&b, shared.path())["grades_merged"], 1);
    assert_eq!(b.cards()[0]["reviews"], 1);
    let (file, text) = only_file(shared.path());
    let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    let device = file.file_stem().unwrap().to_str().unwrap().to_owned();
    let undo = format!(
        "{{\"v\":1,\"id\":\"{device}-99\",\"k\":\"undo\",\"u\":{}}}\n",
        last["id"]
    );
    fs::write(&file, text + &undo).unwrap();
    merged(&b, shared.path());
    assert_eq!(b.cards()[0]["reviews"], 0);
    assert_eq!(b.cards()[0]["state"], "new");
}

#[test]
fn a_line_still_arriving_is_left_and_read_at_a_later_sync() {
    let shared = TempDir::new().unwrap();
    let (a, b) = (device(), device());
    merged(&a, shared.path());
    review(&a, shared.path(), NOW, "\n4\n");
    let (file, text) = only_file(shared.path());
    fs::write(&file, text.trim_end_matches('\n')).unwrap();
    let journal = merged(&b, shared.path());
    assert_eq!(
        (
            journal["events_read"].clone(),
            journal["grades_merged"].clone()
        ),
        (0.into(), 0.into())
    );
    assert_eq!(b.cards()[0]["reviews"], 0);
    fs::write(&file, text).unwrap();
    assert_eq!(merged(&b, shared.path())["grades_merged"], 1);
    assert_eq!(b.cards(), a.cards());
}

#[test]
fn a_malformed_line_is_named_by_file_and_line_and_the_other_files_still_merge() {
    let shared = TempDir::new().unwrap();
    let (a, b) = (device(), device());
    merged(&a, shared.path());
    review(&a, shared.path(), NOW, "\n4\n");
    fs::write(shared.path().join("zz.jsonl"), "\nnot json\n").unwrap();
    let (report, out) = sync(&b, shared.path());
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("zz.jsonl:2: not a journal event"),
        "{stderr}"
    );
    assert_eq!(report["journal"]["grades_merged"], 1);
    assert_eq!(b.cards(), a.cards());
}

/// A journal of a newer version is refused by name from its first line of
/// that version: the lines before it merge, the rest waits, every sync says
/// so (and fails), and once the line is of a version this recall reads,
/// the rest merges.
#[test]
fn a_journal_line_of_a_newer_version_is_refused_by_name_and_the_rest_waits() {
    let shared = TempDir::new().unwrap();
    let (a, b) = (device(), device());
    merged(&a, shared.path());
    review(&a, shared.path(), NOW, "\n4\n\n5\n");
    let (file, text) = only_file(shared.path());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    let newer = lines[1].replacen(r#""v":1"#, r#""v":9"#, 1);
    fs::write(&file, format!("{}\n{newer}\n", lines[0])).unwrap();
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    for merges in [1, 0] {
        let (report, out) = sync(&b, shared.path());
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("{name}:2: journal version 9 is newer")),
            "{stderr}"
        );
        assert!(stderr.contains("upgrade recall"), "{stderr}");
        assert_eq!(report["journal"]["grades_merged"], merges);
    }
    assert_eq!(
        b.cards()
            .iter()
            .map(|c| c["reviews"].clone())
            .collect::<Vec<_>>(),
        [1, 0],
        "the line before the newer one merged"
    );
    fs::write(&file, &text).unwrap();
    assert_eq!(merged(&b, shared.path())["grades_merged"], 1);
    assert_eq!(b.cards(), a.cards());
}

#[test]
fn a_missing_shared_folder_is_a_warning_and_the_grades_travel_once_it_exists() {
    let shared = TempDir::new().unwrap();
    let folder = shared.path().join("later");
    let a = device();
    review(&a, &folder, NOW, "\n4\n");
    let (report, out) = sync(&a, &folder);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    assert_eq!(report["journal"]["appended"], 0);
    fs::create_dir(&folder).unwrap();
    assert_eq!(merged(&a, &folder)["appended"], 1);
    assert_eq!(merged(&a, &folder)["appended"], 0);
    let (_, text) = only_file(&folder);
    assert_eq!(text.lines().count(), 1);
}

#[test]
fn grades_made_before_shared_was_set_travel_too_and_unset_writes_nothing() {
    let shared = TempDir::new().unwrap();
    let (a, b) = (device(), device());
    let report = a.sync();
    assert!(report.get("journal").is_none());
    a.recall()
        .arg("review")
        .write_stdin("\n4\n")
        .assert()
        .success();
    let out = a.recall().arg("sync").assert().success();
    assert!(!String::from_utf8_lossy(&out.get_output().stdout).contains("shared:"));
    let config = a.recall().arg("config").assert().success();
    let config = String::from_utf8_lossy(&config.get_output().stdout).into_owned();
    assert!(config.contains("device_id           none "), "{config}");
    assert_eq!(fs::read_dir(shared.path()).unwrap().count(), 0);

    assert_eq!(merged(&a, shared.path())["appended"], 1);
    let (file, _) = only_file(shared.path());
    let config = a
        .recall()
        .arg("--shared")
        .arg(shared.path())
        .arg("config")
        .assert()
        .success();
    let config = String::from_utf8_lossy(&config.get_output().stdout).into_owned();
    let id = file.file_stem().unwrap().to_str().unwrap();
    assert!(
        config.contains(&format!("device_id           {id} ")),
        "{config}"
    );
    merged(&b, shared.path());
    assert_eq!(b.cards(), a.cards());
}

/// `recall config` and `config --json`, with `extra` arguments before
/// `config`: the text's `device_id` line and the JSON's id and source.
fn device_id_shown(env: &Env, extra: &[&str]) -> (String, Value, Value) {
    let text = env.recall().args(extra).arg("config").assert().success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    let line = text
        .lines()
        .find(|l| l.starts_with("device_id "))
        .unwrap_or_else(|| panic!("no device_id line in:\n{text}"))
        .to_string();
    let out = env
        .recall()
        .args(extra)
        .args(["config", "--json"])
        .assert()
        .success();
    let c = json(&out.get_output().stdout);
    (
        line,
        c["device_id"].clone(),
        c["sources"]["device_id"].clone(),
    )
}

#[test]
fn config_shows_the_device_id_the_database_keeps_in_both_views_with_or_without_shared() {
    let shared = TempDir::new().unwrap();
    let a = device();
    a.sync();
    let (line, id, source) = device_id_shown(&a, &[]);
    assert!(line.starts_with("device_id           none "), "{line}");
    assert_eq!((id, source), (Value::Null, Value::from("none")));

    review(&a, shared.path(), NOW, "\n4\n");
    let (file, _) = only_file(shared.path());
    let made = file.file_stem().unwrap().to_str().unwrap().to_string();
    let shared_arg = shared.path().to_str().unwrap();
    // Shared or not, the id is the database's: it names this device's file.
    for extra in [&["--shared", shared_arg][..], &[]] {
        let (line, id, source) = device_id_shown(&a, extra);
        assert!(
            line.starts_with(&format!("device_id           {made} "))
                && line.ends_with("(database)"),
            "{extra:?}: {line}"
        );
        assert_eq!(id, Value::from(made.as_str()), "{extra:?}");
        assert_eq!(source, Value::from("database"), "{extra:?}");
    }
}

/// A question edited while `shared` was unset: a database that never
/// shared keeps no journal names, so the first merge names each card as
/// it reads then, and a device with the edited notes gets the whole
/// history, the grades from before the edit included.
#[test]
fn a_question_edited_before_shared_was_set_keeps_its_history_on_the_other_device() {
    let shared = TempDir::new().unwrap();
    let (a, b) = (device(), device());
    a.sync();
    a.recall()
        .arg("review")
        .write_stdin("\n4\n\n4\n")
        .assert()
        .success();
    let edited = NOTES.replace("Question one", "Question one, edited");
    a.write("deck.md", &edited);
    assert_eq!(a.sync()["renamed"], 1);
    b.write("deck.md", &edited);
    assert_eq!(merged(&a, shared.path())["appended"], 2);
    let journal = merged(&b, shared.path());
    assert_eq!(
        (journal["grades_merged"].clone(), journal["pending"].clone()),
        (2.into(), 0.into())
    );
    let history = |env: &Env| {
        env.cards()
            .into_iter()
            .map(|c| format!("{} {} {}", c["question"], c["reviews"], c["due"]))
            .collect::<Vec<_>>()
    };
    assert_eq!(history(&b), history(&a));
}

/// git with a fixed identity, in `dir`; it must succeed.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = process::Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "git {args:?}: {text}");
    text
}

/// Commits the clone's journal, pulls the other's (a merge commit when
/// both wrote) and pushes.
fn exchange(clone: &Path) {
    git(clone, &["add", "-A"]);
    git(clone, &["commit", "-q", "--allow-empty", "-m", "progress"]);
    let pulled = git(
        clone,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    );
    assert!(!pulled.contains("CONFLICT"), "{pulled}");
    git(clone, &["push", "-q", "origin", "HEAD:main"]);
}

#[test]
fn two_git_clones_exchange_progress_without_a_merge_conflict() {
    let root = TempDir::new().unwrap();
    let bare = root.path().join("shared.git");
    fs::create_dir(&bare).unwrap();
    git(&bare, &["init", "-q", "--bare", "-b", "main"]);
    let seed = root.path().join("seed");
    git(
        root.path(),
        &["clone", "-q", bare.to_str().unwrap(), "seed"],
    );
    fs::write(seed.join("README"), "progress\n").unwrap();
    git(&seed, &["add", "-A"]);
    git(&seed, &["commit", "-q", "-m", "start"]);
    git(&seed, &["push", "-q", "origin", "HEAD:main"]);
    let (ca, cb) = (root.path().join("a"), root.path().join("b"));
    git(root.path(), &["clone", "-q", bare.to_str().unwrap(), "a"]);
    git(root.path(), &["clone", "-q", bare.to_str().unwrap(), "b"]);

    let (a, b) = (device(), device());
    merged(&a, &ca);
    merged(&b, &cb);
    review(&a, &ca, NOW, "\n4\n\n5\n");
    review(&b, &cb, LATER, "\n2\n\n3\n");
    for _ in 0..2 {
        merged(&a, &ca);
        exchange(&ca);
        merged(&b, &cb);
        exchange(&cb);
    }
    exchange(&ca);
    merged(&a, &ca);
    assert_eq!(a.cards(), b.cards());
    assert_eq!(shows(&a), shows(&b));
    assert_eq!(a.cards()[0]["reviews"], 2);
}

#[test]
fn a_suspend_travels_and_the_latest_mark_wins_on_both() {
    let shared = TempDir::new().unwrap();
    let (a, b) = (device(), device());
    merged(&a, shared.path());
    merged(&b, shared.path());
    a.recall().args(["suspend", "1"]).assert().success();
    merged(&a, shared.path());
    merged(&b, shared.path());
    assert_eq!(b.all_cards()[0]["state"], "suspended");
    // A later unsuspend on B wins on A too.
    b.recall_at(LATER)
        .args(["unsuspend", "1"])
        .assert()
        .success();
    b.recall_at(LATER)
        .arg("--shared")
        .arg(shared.path())
        .arg("sync")
        .assert()
        .success();
    merged(&a, shared.path());
    assert_eq!(a.cards()[0]["state"], "new");
    assert_eq!(a.cards(), b.cards());
}

#[test]
fn a_grade_of_a_card_not_here_yet_waits_and_applies_when_the_notes_arrive() {
    let shared = TempDir::new().unwrap();
    let (a, b) = (device(), device());
    a.write("extra.md", "# Only on A so far\n- Its answer\n");
    merged(&a, shared.path());
    review(&a, shared.path(), NOW, "\n4\n\n4\n\n4\n");
    assert!(a.cards().iter().all(|c| c["reviews"] == 1));
    let journal = merged(&b, shared.path());
    assert_eq!(
        (journal["grades_merged"].clone(), journal["pending"].clone()),
        (2.into(), 1.into())
    );
    b.write("extra.md", "# Only on A so far\n- Its answer\n");
    let journal = merged(&b, shared.path());
    assert_eq!(
        (journal["grades_merged"].clone(), journal["pending"].clone()),
        (1.into(), 0.into())
    );
    let question = |env: &Env| {
        env.cards()
            .into_iter()
            .map(|c| format!("{} {} {}", c["question"], c["reviews"], c["due"]))
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(question(&a), question(&b));
}

/// A question edited on one device: its grades there reach the other
/// device, which still has the old question, through the identity event;
/// once the edit arrives there too, the card has one history, not two.
#[test]
fn a_renamed_card_keeps_one_history_on_a_device_that_never_saw_the_new_name() {
    let shared = TempDir::new().unwrap();
    let (a, b) = (device(), device());
    merged(&a, shared.path());
    merged(&b, shared.path());
    review(&a, shared.path(), NOW, "\n4\n\n4\n");
    merged(&b, shared.path());
    let renamed = NOTES.replace("Question one", "Question one, edited");
    a.write("deck.md", &renamed);
    merged(&a, shared.path());
    review(&a, shared.path(), "2026-03-02T09:00:00Z", "\n5\n\n5\n");
    let journal = merged(&b, shared.path());
    assert_eq!(
        (journal["grades_merged"].clone(), journal["pending"].clone()),
        (2.into(), 0.into()),
        "the grade under the new name finds the card under the old one"
    );
    let old = card(&b.cards(), "Question one").clone();
    assert_eq!(old["reviews"], 2);
    b.write("deck.md", &renamed);
    merged(&b, shared.path());
    merged(&a, shared.path());
    let edited = card(&b.cards(), "Question one, edited").clone();
    assert_eq!(edited["id"], old["id"], "the same card, renamed");
    assert_eq!(edited["reviews"], 2);
    // Whether a card changed since its last review here is each device's own.
    let unmarked = |env: &Env| {
        let mut shows = shows(env);
        for show in &mut shows {
            show.as_object_mut().unwrap().remove("changed");
        }
        shows
    };
    assert_eq!(unmarked(&a), unmarked(&b));
    let text = fs::read_dir(shared.path())
        .unwrap()
        .flatten()
        .map(|e| fs::read_to_string(e.path()).unwrap())
        .collect::<String>();
    assert!(
        text.contains(r#""k":"identity""#) && text.contains(r#""r":"renamed""#),
        "{text}"
    );
}

/// A database copied to a second machine writes as the same device; the
/// first of the two to see lines it did not write in its file takes a new
/// id, says so, and every grade of both still reaches the other.
#[test]
fn a_copied_database_takes_a_new_device_id_and_nothing_is_lost() {
    let shared = TempDir::new().unwrap();
    let a = device();
    merged(&a, shared.path());
    let b = device();
    fs::create_dir_all(b.db.parent().unwrap()).unwrap();
    fs::copy(&a.db, &b.db).unwrap();
    review(&a, shared.path(), NOW, "\n4\n");
    let out = b
        .recall()
        .arg("--shared")
        .arg(shared.path())
        .arg("review")
        .write_stdin("\n2\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("another machine uses the same device id")
            && stderr.contains("now writes as device"),
        "{stderr}"
    );
    merged(&a, shared.path());
    merged(&b, shared.path());
    let files = fs::read_dir(shared.path()).unwrap().count();
    assert_eq!(files, 2, "the copy writes a file of its own");
    assert_eq!(shows(&a), shows(&b));
    assert!(
        a.cards().iter().all(|c| c["reviews"] == 1),
        "{:?}",
        a.cards()
    );
    for env in [&a, &b] {
        let (_, again) = sync(env, shared.path());
        assert!(again.stderr.is_empty(), "warned once");
    }
}

/// `recall check` compares the database with the journal it merged.
#[test]
fn check_finds_a_merged_grade_missing_from_the_log() {
    let shared = TempDir::new().unwrap();
    let (a, b) = (device(), device());
    merged(&a, shared.path());
    review(&a, shared.path(), NOW, "\n4\n");
    merged(&b, shared.path());
    b.recall()
        .arg("check")
        .assert()
        .success()
        .stdout(predicates::str::contains("and the shared journal"));
    let conn = rusqlite::Connection::open(&b.db).unwrap();
    conn.execute_batch("DELETE FROM review_events; DELETE FROM reviews; DELETE FROM schedules;")
        .unwrap();
    drop(conn);
    let out = b.recall().arg("check").assert().failure();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        stdout.contains("was never merged into the review log"),
        "{stdout}"
    );
}

/// This device's file cannot be written (here a folder stands in its
/// way): the grade stays committed, one warning says so, and the next sync
/// that can write appends it once.
#[test]
fn an_append_that_fails_warns_and_the_grade_is_appended_later_once() {
    let shared = TempDir::new().unwrap();
    let a = device();
    merged(&a, shared.path());
    let conn = rusqlite::Connection::open(&a.db).unwrap();
    let id: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'device_id'", [], |r| {
            r.get(0)
        })
        .unwrap();
    drop(conn);
    let file = shared.path().join(format!("{id}.jsonl"));
    fs::create_dir(&file).unwrap();
    let out = a
        .recall()
        .arg("--shared")
        .arg(shared.path())
        .arg("review")
        .write_stdin("\n4\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stderr.matches("cannot append to").count(),
        1,
        "one warning: {stderr}"
    );
    assert_eq!(a.cards()[0]["reviews"], 1, "the grade is committed");
    fs::remove_dir(&file).unwrap();
    assert_eq!(merged(&a, shared.path())["appended"], 1);
    assert_eq!(merged(&a, shared.path())["appended"], 0);
    let (_, text) = only_file(shared.path());
    assert_eq!(text.matches(r#""k":"grade""#).count(), 1, "{text}");
}

/// A review killed (SIGKILL) after its grade's commit and before the
/// append: the grade is in the database, and the next sync appends it,
/// once. The append is held up by a named pipe standing in for this
/// device's file, which blocks whoever opens it until the test kills the
/// process.
#[test]
fn a_review_killed_between_commit_and_append_loses_and_doubles_nothing() {
    use std::io::Write as _;
    use std::time::{Duration, Instant};
    let shared = TempDir::new().unwrap();
    let (a, b) = (device(), device());
    merged(&a, shared.path());
    let conn = rusqlite::Connection::open(&a.db).unwrap();
    let id: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'device_id'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let file = shared.path().join(format!("{id}.jsonl"));
    let made = process::Command::new("mkfifo").arg(&file).status().unwrap();
    assert!(made.success());
    let mut child = a
        .command_at(NOW)
        .arg("--shared")
        .arg(shared.path())
        .arg("review")
        .stdin(process::Stdio::piped())
        .stdout(process::Stdio::null())
        .stderr(process::Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"\n4\n").unwrap();
    let committed = || -> i64 {
        conn.query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))
            .unwrap_or(0)
    };
    let start = Instant::now();
    while committed() == 0 && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(committed(), 1, "the grade is committed before its append");
    assert_eq!(child.try_wait().unwrap(), None, "held at the append");
    child.kill().unwrap();
    child.wait().unwrap();
    drop(conn);
    fs::remove_file(&file).unwrap();
    assert_eq!(merged(&a, shared.path())["appended"], 1);
    assert_eq!(merged(&a, shared.path())["appended"], 0);
    let (_, text) = only_file(shared.path());
    assert_eq!(text.matches(r#""k":"grade""#).count(), 1, "{text}");
    assert_eq!(merged(&b, shared.path())["grades_merged"], 1);
    assert_eq!(shows(&a), shows(&b));
}

/// Two devices grade one card in the same second, one of them before it
/// shares: the journal's order (event ids) decides which grade counts, and
/// both devices end alike, with `check` content on each.
#[test]
fn grades_of_one_card_in_one_second_on_two_devices_end_alike() {
    let shared = TempDir::new().unwrap();
    let (a, b) = (device(), device());
    merged(&a, shared.path());
    review(&a, shared.path(), NOW, "\n4\n");
    b.recall_at(NOW)
        .arg("review")
        .write_stdin("\n1\n")
        .assert()
        .success();
    merged(&b, shared.path());
    merged(&a, shared.path());
    assert_eq!(shows(&a), shows(&b));
    assert_eq!(a.cards()[0]["reviews"], 2);
    for env in [&a, &b] {
        env.recall().arg("check").assert().success();
    }
}

/// This device's file brought back shorter by a sync tool, or deleted: the
/// database holds every line it wrote, and the next sync writes the missing
/// ones again, once, with a warning.
#[test]
fn a_journal_file_rolled_back_or_deleted_is_rebuilt_from_the_database() {
    let shared = TempDir::new().unwrap();
    let a = device();
    merged(&a, shared.path());
    review(&a, shared.path(), NOW, "\n4\n\n3\n");
    let (file, text) = only_file(shared.path());
    assert_eq!(text.lines().count(), 2);
    let first = text.lines().next().unwrap();
    fs::write(&file, format!("{first}\n")).unwrap();
    let (report, out) = sync(&a, shared.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("is shorter than this database wrote it"),
        "{stderr}"
    );
    assert_eq!(report["journal"]["appended"], 1);
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
    fs::remove_file(&file).unwrap();
    assert_eq!(merged(&a, shared.path())["appended"], 2);
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
    let (report, again) = sync(&a, shared.path());
    assert!(
        again.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(report["journal"]["appended"], 0);
    let b = device();
    assert_eq!(merged(&b, shared.path())["grades_merged"], 2);
}
