//! A backup restored on a device that shares its progress (docs/design.md
//! §10): the first device's grades reach the second both as the backup's
//! rows and through the first device's journal, and each must count once,
//! in whichever order they arrive, however often. A database that holds a
//! grade twice from before is found by `check` and mended by
//! `check --repair`.

use std::fs;
use std::path::Path;

use recall::grading;
use recall::scheduler::{Grade, Scheduler};
use recall::store::{NewReview, Store};
use serde_json::Value;
use tempfile::TempDir;

use crate::support::{Env, json};

const NOTES: &str = "# Question one\n- Answer one\n\n# Question two\n- Answer two\n\n\
                     # Question three\n- Answer three\n";

/// The four days device X reviews on, with what it answers each day.
const DAYS: [(&str, &str); 4] = [
    ("2026-03-01T09:00:00Z", "\n4\n\n5\n\n3\n\n4\n"),
    ("2026-03-02T09:00:00Z", "\n2\n\n5\n\n4\n\n4\n\n5\n"),
    ("2026-03-08T09:00:00Z", "\n5\n\n4\n\n3\n\n4\n\n5\n"),
    ("2026-03-20T09:00:00Z", "\n5\n\n5\n\n5\n\nq\n"),
];
const AFTER: &str = "2026-03-21T09:00:00Z";

fn device() -> Env {
    let env = Env::new();
    env.write("deck.md", NOTES);
    env
}

/// `recall [--shared DIR] ARGS` at `AFTER`, which must succeed.
fn run(env: &Env, shared: Option<&Path>, args: &[&str]) -> Vec<u8> {
    let mut cmd = env.recall_at(AFTER);
    if let Some(dir) = shared {
        cmd.arg("--shared").arg(dir);
    }
    cmd.args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

/// X's four days of reviews, sharing through `shared` when it is given.
fn reviewed(shared: Option<&Path>) -> Env {
    let x = device();
    for (now, input) in DAYS {
        let mut cmd = x.recall_at(now);
        if let Some(dir) = shared {
            cmd.arg("--shared").arg(dir);
        }
        cmd.args(["review", "--seed", "7"])
            .write_stdin(input)
            .assert()
            .success();
    }
    x
}

/// `x`'s JSON backup, exported to its folder.
fn backup_of(x: &Env) -> std::path::PathBuf {
    let backup = x.dir.path().join("backup.json");
    run(
        x,
        None,
        &["export", "--format", "json", "-o", backup.to_str().unwrap()],
    );
    backup
}

/// Every card's `show --json`: schedule and history, without the notes'
/// location, which differs between devices as it may.
fn shows(env: &Env) -> Vec<Value> {
    env.cards()
        .iter()
        .map(|c| {
            let id = c["id"].as_i64().expect("an id").to_string();
            let mut show = json(&run(env, None, &["show", &id, "--json"]));
            show.as_object_mut().expect("an object").remove("file");
            show
        })
        .collect()
}

fn grades(shows: &[Value]) -> usize {
    shows
        .iter()
        .map(|s| s["history"].as_array().expect("a history").len())
        .sum()
}

/// `check` passes on `env`, journal included, and its JSON names what its
/// text names: the database, its cards, the journal checked.
fn checks(env: &Env, shared: &Path) {
    let out = run(env, Some(shared), &["check", "--json"]);
    let report = json(&out);
    assert_eq!(report["problems"], Value::Array(Vec::new()));
    assert_eq!(report["ok"], true);
    assert_eq!(report["database"], env.db.display().to_string());
    assert_eq!(report["cards"], 3);
    assert_eq!(report["journal"], true);
}

/// X reviews (sharing from the start, or only once the backup is made),
/// exports; Y restores the backup and merges X's journal in the order
/// `steps` gives; every step repeated. Both devices must end with X's
/// history, each grade once.
fn restore(x_shares_from_start: bool, import_first: bool) {
    let shared = TempDir::new().unwrap();
    let x = reviewed(x_shares_from_start.then_some(shared.path()));
    let original = shows(&x);
    assert!(grades(&original) >= 12, "{original:?}");
    let backup = backup_of(&x);

    let y = device();
    let import = || run(&y, None, &["import", backup.to_str().unwrap()]);
    let sync = |env: &Env| run(env, Some(shared.path()), &["sync"]);
    if import_first {
        import();
        sync(&y);
    } else {
        sync(&y);
        import();
    }
    sync(&x);
    sync(&y);
    // Both again, in the other order, and once more.
    import();
    sync(&y);
    sync(&x);
    sync(&x);
    sync(&y);

    assert_eq!(shows(&x), original, "X's own history changed");
    assert_eq!(shows(&y), original, "Y's history is not X's");
    checks(&x, shared.path());
    checks(&y, shared.path());
}

#[test]
fn a_backup_restored_before_the_first_merge_counts_each_grade_once() {
    restore(true, true);
}

#[test]
fn a_backup_restored_after_the_first_merge_counts_each_grade_once() {
    restore(true, false);
}

#[test]
fn a_backup_of_a_device_that_shares_only_later_counts_each_grade_once() {
    restore(false, true);
    restore(false, false);
}

#[test]
fn a_third_device_gets_each_grade_once_from_two_journals_that_both_hold_it() {
    let shared = TempDir::new().unwrap();
    let x = reviewed(Some(shared.path()));
    let original = shows(&x);
    let backup = backup_of(&x);
    let y = device();
    run(&y, None, &["import", backup.to_str().unwrap()]);
    // Y journals the restored grades as its own before it reads X's file.
    run(&y, Some(shared.path()), &["sync"]);
    let z = device();
    run(&z, Some(shared.path()), &["sync"]);
    assert_eq!(shows(&z), original);
    checks(&z, shared.path());
}

/// The first grade line of the only journal file in `shared`: its event
/// id, time, day and grade.
fn first_grade(shared: &Path) -> (String, i64, i32, u8) {
    let files: Vec<_> = fs::read_dir(shared).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "one device has shared");
    let text = fs::read_to_string(files[0].path()).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("\"k\":\"grade\""))
        .expect("a grade line");
    let e: Value = serde_json::from_str(line).unwrap();
    (
        e["id"].as_str().unwrap().to_string(),
        e["t"].as_i64().unwrap(),
        e["d"].as_i64().unwrap() as i32,
        e["g"].as_u64().unwrap() as u8,
    )
}

#[test]
fn check_finds_a_grade_held_twice_and_repair_keeps_it_once() {
    let shared = TempDir::new().unwrap();
    let x = reviewed(Some(shared.path()));
    let (event, at, day, grade) = first_grade(shared.path());
    let original = shows(&x);
    let backup = backup_of(&x);
    let y = device();
    run(&y, None, &["import", backup.to_str().unwrap()]);
    run(&y, Some(shared.path()), &["sync"]);
    assert_eq!(shows(&y), original);

    // What an earlier recall did: X's event merged as a row of its own
    // beside the restored one, which Y journaled as its own.
    let card_id: i64 = rusqlite::Connection::open(&y.db)
        .unwrap()
        .query_row(
            "SELECT card_id FROM reviews WHERE at = ?1 AND grade = ?2",
            (at, grade),
            |r| r.get(0),
        )
        .unwrap();
    let store = Store::open(&y.db).unwrap();
    store
        .write(|w| {
            let review = NewReview {
                card_id,
                at,
                day,
                grade: Grade::new(grade).unwrap(),
                millis: 0,
                due_offset: None,
            };
            let id = w.insert_review(&review, false, 0)?;
            w.link_review(&event, id, false)?;
            grading::rebuild(w, &Scheduler::Sm2, card_id)
        })
        .unwrap();
    drop(store);
    assert_eq!(grades(&shows(&y)), grades(&original) + 1);

    let out = y
        .recall_at(AFTER)
        .arg("--shared")
        .arg(shared.path())
        .arg("check")
        .assert()
        .failure();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains(&format!("card {card_id} holds one grade 2 times")) && text.contains(&event),
        "{text}"
    );
    assert!(
        text.contains("`recall check --repair` keeps it once"),
        "{text}"
    );

    let text = String::from_utf8(run(&y, Some(shared.path()), &["check", "--repair"])).unwrap();
    assert!(
        text.starts_with("repaired: 1 card brought in line with the shared journal, 0 schedules"),
        "{text}"
    );
    assert!(text.contains("ok:"), "{text}");
    assert_eq!(shows(&y), original);
    checks(&y, shared.path());
    // And the repair holds: merging again brings nothing back.
    run(&y, Some(shared.path()), &["sync"]);
    run(&x, Some(shared.path()), &["sync"]);
    assert_eq!(shows(&y), original);
    assert_eq!(shows(&x), original);
}

#[test]
fn a_backup_listing_a_grade_twice_restores_it_once() {
    // What a backup of a database an earlier recall doubled looks like:
    // a review listed twice, once with its milliseconds, once merged.
    let x = reviewed(None);
    let original = shows(&x);
    let backup = backup_of(&x);
    let mut file: Value = serde_json::from_str(&fs::read_to_string(&backup).unwrap()).unwrap();
    let reviews = file["cards"][0]["reviews"].as_array_mut().unwrap();
    let mut twice = reviews[0].clone();
    twice["millis"] = Value::from(0);
    reviews.push(twice);
    fs::write(&backup, serde_json::to_string(&file).unwrap()).unwrap();

    let y = device();
    let said = String::from_utf8(run(&y, None, &["import", backup.to_str().unwrap()])).unwrap();
    assert_eq!(shows(&y), original, "{said}");
    assert_eq!(grades(&shows(&y)), grades(&original));
}
