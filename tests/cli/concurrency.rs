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
