//! Two processes at once (docs/design.md §7): `recall review` grades cards while
//! other threads run `recall sync` (on notes that keep changing) and
//! `recall stats --json` over and over. No "database is locked" reaches the
//! user, every command succeeds, no grade is lost, and `recall check` passes.

use crate::support as common;
use crate::support::driver;

use std::fs;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use common::Env;
use driver::{Review, Target, cards_note, check_passes, day, grade_for, logs};

/// How many times each of `sync` and `stats` runs beside the review.
const RUNS: usize = 20;

/// Runs `args` on `target` and fails the test unless it succeeds cleanly.
fn run_ok(target: &Target, args: &[&str], round: usize) {
    let out = target.command(common::NOW).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("locked") && !stderr.contains("panicked"),
        "`recall {}` round {round} failed ({}):\n{stderr}",
        args.join(" "),
        out.status
    );
}

#[test]
fn review_sync_and_stats_at_once_lose_nothing_and_never_say_locked() {
    let env = Env::new();
    let target = Target::of(&env);
    env.write("review.md", &cards_note(60));
    env.sync();
    let expected_empty = logs(&env);
    let done = Arc::new(AtomicBool::new(false));

    let syncing = {
        let (target, done) = (target.clone(), Arc::clone(&done));
        thread::spawn(move || {
            for round in 0..RUNS {
                // Every answer changes and a heading is added each time, so
                // that every sync holds the write lock for real work.
                // Written aside and renamed in, so no sync reads half a file.
                for file in 0..10 {
                    let text: String = (0..=30 + round)
                        .map(|i| format!("# Other {file}.{i}\n\n- item {i} of round {round}\n\n"))
                        .collect();
                    let aside = target.notes.join(format!(".other-{file}.md.tmp"));
                    fs::write(&aside, text).unwrap();
                    fs::rename(&aside, target.notes.join(format!("other-{file}.md"))).unwrap();
                }
                run_ok(&target, &["sync"], round);
            }
            done.store(true, Ordering::SeqCst);
        })
    };
    let stats = {
        let target = target.clone();
        thread::spawn(move || {
            for round in 0..RUNS {
                run_ok(&target, &["stats", "--json"], round);
            }
        })
    };

    // Sessions on successive days until the syncs are done (and at least
    // two), each graded as fast as it answers.
    let mut expected = expected_empty;
    let mut given = 0;
    let mut sessions = 0;
    while sessions < 2 || !done.load(Ordering::SeqCst) {
        let given_before = given;
        let mut review =
            Review::start(&env, &day(sessions), &["--deck", "review", "--limit", "25"]);
        let mut card = review.next_question();
        while card.is_some() && !(sessions >= 2 && done.load(Ordering::SeqCst)) {
            card = review.grade(grade_for(given));
            given += 1;
        }
        let finished = review.quit();
        assert!(
            finished.status.success()
                && !finished.stderr.contains("locked")
                && !finished.stderr.contains("panicked"),
            "session {sessions} failed ({}):\n{}\n{}",
            finished.status,
            finished.stderr,
            finished.transcript
        );
        assert_eq!(finished.acknowledged.len(), given - given_before);
        for (question, grade) in finished.acknowledged {
            expected.get_mut(&question).unwrap().push(grade);
        }
        sessions += 1;
    }
    syncing.join().expect("the sync thread");
    stats.join().expect("the stats thread");

    check_passes(&env);
    let mut actual = logs(&env);
    actual.retain(|question, _| !question.starts_with("Other"));
    expected.retain(|question, _| !question.starts_with("Other"));
    assert_eq!(actual, expected, "every grade given, and no other");
    assert!(given > 0);
    println!("{sessions} sessions, {given} grades beside {RUNS} syncs and {RUNS} stats");
}

/// Grades every card of `env` on three days, in one transaction, through
/// the library: a history for a switch of scheduler to replay.
fn graded_history(env: &Env, first_day: i32) {
    use recall::scheduler::{Grade, Scheduler};
    use recall::store::{NewReview, Store};
    let store = Store::open(&env.db).unwrap();
    let ids: Vec<i64> = env.cards().iter().map(common::id).collect();
    store
        .write(|w| {
            for (i, &card_id) in ids.iter().enumerate() {
                for d in 0..3 {
                    let day = first_day + d * 2;
                    let review = NewReview {
                        card_id,
                        at: common::NOW_SECS + i64::from(day - common::TODAY) * 86_400 + i as i64,
                        day,
                        grade: Grade::new(grade_for(i + d as usize)).unwrap(),
                        millis: 1_000,
                        due_offset: None,
                    };
                    recall::grading::record(w, &Scheduler::Sm2, &review)?;
                }
            }
            Ok::<_, recall::store::StoreError>(())
        })
        .unwrap();
}

#[test]
fn a_merge_beside_a_switch_of_scheduler_writes_only_the_new_schedulers_schedules() {
    const CARDS: usize = 400;
    const LATER: &str = "2026-03-20T09:00:00Z";
    let shared = tempfile::TempDir::new().unwrap();
    // Device X grades every card and journals the grades.
    let x = Env::new();
    x.write("deck.md", &cards_note(CARDS));
    x.sync();
    graded_history(&x, common::TODAY);
    x.recall_at(LATER)
        .arg("--shared")
        .arg(shared.path())
        .arg("sync")
        .assert()
        .success();
    // Device Y has graded every card too, and has not merged X's grades.
    let y = Env::new();
    y.write("deck.md", &cards_note(CARDS));
    y.sync();
    graded_history(&y, common::TODAY + 1);
    let prepared = y.dir.path().join("prepared.db");
    fs::copy(&y.db, &prepared).unwrap();
    // Every command closes the database with its log checkpointed.
    let wal = y.db.with_extension("db-wal");
    assert!(!wal.exists() || fs::metadata(&wal).unwrap().len() == 0);

    let target = Target::of(&y);
    // The switch starts before, with, or after the merge: each must end
    // with every schedule FSRS's.
    for (trial, switch_delay, merge_delay) in [(0, 0, 0), (1, 10, 0), (2, 40, 0), (3, 0, 10)] {
        fs::copy(&prepared, &y.db).unwrap();
        let switch = {
            let target = target.clone();
            thread::spawn(move || {
                thread::sleep(std::time::Duration::from_millis(switch_delay));
                target
                    .command(LATER)
                    .env("RECALL_SCHEDULER", "fsrs")
                    .args(["stats", "--json"])
                    .output()
                    .unwrap()
            })
        };
        let merge = {
            let (target, dir) = (target.clone(), shared.path().to_path_buf());
            thread::spawn(move || {
                thread::sleep(std::time::Duration::from_millis(merge_delay));
                target
                    .command(LATER)
                    .arg("--shared")
                    .arg(dir)
                    .arg("sync")
                    .output()
                    .unwrap()
            })
        };
        for out in [switch.join().unwrap(), merge.join().unwrap()] {
            assert!(
                out.status.success(),
                "trial {trial}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let check = target
            .command(LATER)
            .env("RECALL_SCHEDULER", "fsrs")
            .arg("--shared")
            .arg(shared.path())
            .arg("check")
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&check.stdout);
        assert!(
            check.status.success(),
            "trial {trial} (switch after {switch_delay} ms, merge after {merge_delay} ms): {}",
            report.lines().rev().take(3).collect::<Vec<_>>().join(" / ")
        );
        assert!(report.contains(&format!("({CARDS} cards)")), "{report}");
    }
}
