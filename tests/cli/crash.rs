//! Crash safety (docs/design.md §5 and §7): `recall review` in line mode is killed
//! with SIGKILL at varied points — at a question, at a revealed answer, right
//! after a grade was typed, during the sync at start-up — and afterwards
//! `recall check` passes and every grade the session acknowledged (by showing
//! the next card) is in the review log. A sync killed part-way leaves the
//! cards as they were before it or as they are after a clean run of it,
//! nothing in between. Opening a current database takes no migration backup.

use crate::support as common;
use crate::support::driver;

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::process::Stdio;
use std::thread;
use std::time::{Duration, Instant};

use common::Env;
use driver::{Review, cards_note, check_passes, command, day, grade_for, logs};

/// Where a session is killed, after some grades were acknowledged.
#[derive(Debug, Clone, Copy)]
enum Point {
    /// A card's question is on screen.
    Question,
    /// The answer is revealed, not graded yet.
    Answer,
    /// A grade was typed; the kill comes this many microseconds later,
    /// without waiting for the next card.
    AfterGrade(u64),
}

/// Runs one session per `(grades, point)` on successive days against one
/// database, killing each after `grades` acknowledged grades at `point`, and
/// checks the database after every kill. Returns how many grades in flight
/// at a kill made it into the log, and how many did not.
fn kill_sessions(kills: &[(usize, Point)]) -> (usize, usize) {
    let env = Env::new();
    env.write("cards.md", &cards_note(40));
    env.sync();
    let mut expected: BTreeMap<String, Vec<u8>> = logs(&env);
    let mut given = 0;
    let (mut kept, mut lost) = (0, 0);
    for (n, &(grades, point)) in kills.iter().enumerate() {
        let mut review = Review::start(&env, &day(n as u64), &[]);
        assert!(
            review.next_question().is_some(),
            "session {n} has no card:\n{}",
            review.transcript
        );
        for _ in 0..grades {
            let next = review.grade(grade_for(given));
            given += 1;
            assert!(next.is_some(), "session {n} ran out of cards");
        }
        match point {
            Point::Question => {}
            Point::Answer => review.reveal(),
            Point::AfterGrade(micros) => {
                review.grade_no_wait(grade_for(given));
                given += 1;
                thread::sleep(Duration::from_micros(micros));
            }
        }
        let killed = review.kill();

        check_passes(&env);
        for (question, grade) in &killed.acknowledged {
            expected.get_mut(question).unwrap().push(*grade);
        }
        let actual = logs(&env);
        match &killed.in_flight {
            None => assert_eq!(
                actual, expected,
                "session {n} killed at {point:?} after {grades} grades:\n{}",
                killed.transcript
            ),
            Some((question, grade)) => {
                let mut with_it = expected.clone();
                with_it.get_mut(question).unwrap().push(*grade);
                if actual == with_it {
                    kept += 1;
                } else {
                    assert_eq!(
                        actual, expected,
                        "session {n} killed right after grading {question:?} {grade}:\n{}",
                        killed.transcript
                    );
                    lost += 1;
                }
                expected = actual;
            }
        }
    }
    (kept, lost)
}

#[test]
fn a_session_killed_at_a_question_keeps_every_acknowledged_grade() {
    let kills: Vec<(usize, Point)> = (0..6).map(|k| (k, Point::Question)).collect();
    kill_sessions(&kills);
}

#[test]
fn a_session_killed_at_a_revealed_answer_keeps_every_acknowledged_grade() {
    let kills: Vec<(usize, Point)> = (0..5).map(|k| (k, Point::Answer)).collect();
    kill_sessions(&kills);
}

#[test]
fn a_session_killed_right_after_a_grade_keeps_it_whole_or_not_at_all() {
    let delays = [0, 0, 20, 100, 300, 1_000, 2_000, 5_000, 10_000, 30_000];
    let kills: Vec<(usize, Point)> = delays
        .iter()
        .enumerate()
        .map(|(n, &micros)| (n % 4, Point::AfterGrade(micros)))
        .collect();
    let (kept, lost) = kill_sessions(&kills);
    println!("grades in flight at the kill: {kept} in the log, {lost} not");
}

/// A notes folder of `files` files with twelve cards each (heading, item
/// and cloze cards); `edited` rewrites a third of them, drops a tenth,
/// renames some and adds new ones, so that a sync has all kinds of work.
fn write_many_notes(env: &Env, files: usize, edited: bool) {
    for i in 0..files {
        let name = format!("topic/{:03}.md", i);
        if edited && i % 10 == 1 {
            env.remove(&name);
            continue;
        }
        let mut text = String::new();
        for h in 0..4 {
            let answer = if edited && i % 3 == 0 {
                "edited"
            } else {
                "first"
            };
            text.push_str(&format!(
                "# Topic {i} part {h}\n\n- point {h} of {i} is **{answer}**\n  - detail {h}.{i}\n"
            ));
        }
        if edited && i % 7 == 2 {
            text.push_str(&format!("# Extra {i}\n\n- more\n"));
        }
        if edited && i % 13 == 5 {
            env.remove(&name);
            env.write(&format!("moved/{:03}.md", i), &text);
        } else {
            env.write(&name, &text);
        }
    }
    if edited {
        for i in 0..files / 6 {
            env.write(
                &format!("new/{:03}.md", i),
                &format!("# New {i}\n\n- fresh {i}\n  - deeper\n"),
            );
        }
    }
}

/// The database file and its write-ahead log, if any: what a copy needs.
fn db_files(env: &Env) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = env.db.clone().into_os_string();
        name.push(suffix);
        PathBuf::from(name)
    };
    [env.db.clone(), with("-wal"), with("-shm")]
}

struct Snapshot {
    db: Vec<u8>,
    wal: Option<Vec<u8>>,
}

fn snapshot(env: &Env) -> Snapshot {
    let [db, wal, _] = db_files(env);
    Snapshot {
        db: fs::read(db).unwrap(),
        wal: fs::read(wal).ok(),
    }
}

fn restore(env: &Env, snapshot: &Snapshot) {
    let [db, wal, shm] = db_files(env);
    let _ = fs::remove_file(&shm);
    let _ = fs::remove_file(&wal);
    fs::write(db, &snapshot.db).unwrap();
    if let Some(bytes) = &snapshot.wal {
        fs::write(wal, bytes).unwrap();
    }
}

/// Every card, retired ones too, as `recall cards --json` prints them (the
/// text as is: parsing thousands of cards in each round would be slow).
fn card_set(env: &Env) -> String {
    let out = env
        .recall()
        .args(["cards", "--state", "all", "--json"])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn a_sync_killed_part_way_leaves_the_cards_as_before_or_as_after() {
    let env = Env::new();
    write_many_notes(&env, 300, false);
    env.sync();
    let before_sync = snapshot(&env);
    let before = card_set(&env);
    write_many_notes(&env, 300, true);

    // What a clean sync gives, and about how long it takes here.
    restore(&env, &before_sync);
    let started = Instant::now();
    env.sync();
    let took = started.elapsed();
    let after = card_set(&env);
    assert_ne!(before, after, "the edits must give the sync work to do");

    let (mut as_before, mut as_after) = (0, 0);
    for (n, percent) in [0u32, 10, 25, 40, 55, 70, 85, 100, 120, 150]
        .into_iter()
        .enumerate()
    {
        restore(&env, &before_sync);
        // Half the time the sync at the start of a review, half `recall sync`.
        let what = if n % 2 == 0 { "sync" } else { "review" };
        let mut child = command(&env, common::NOW)
            .arg(what)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        thread::sleep(took * percent / 100);
        child.kill().unwrap();
        child.wait().unwrap();

        check_passes(&env);
        let cards = card_set(&env);
        if cards == before {
            as_before += 1;
        } else if cards == after {
            as_after += 1;
        } else {
            panic!(
                "`recall {what}` killed {percent}% into a sync of {took:?} left cards \
                 that are neither the state before nor after"
            );
        }
    }
    println!(
        "clean sync: {took:?}; killed syncs left {as_before} databases as before, \
         {as_after} as after"
    );
}

#[test]
fn opening_a_current_database_takes_no_migration_backup() {
    let env = Env::new();
    env.write("cards.md", &cards_note(3));
    env.sync();
    env.sync();
    env.recall().arg("check").assert().success();
    let backups: Vec<String> = fs::read_dir(env.db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".bak-v"))
        .collect();
    assert!(backups.is_empty(), "unexpected backups: {backups:?}");
}
