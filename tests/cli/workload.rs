//! A daily workload one can keep (docs/design.md §15), end to end: the
//! daily limit of reviews in `review` and `stats`, the load balancer's
//! offsets travelling between devices, and SM-2 without balancing exactly
//! as it was.

use std::fs;
use std::path::Path;

use recall::grading;
use recall::scheduler::{Day, Grade, Scheduler};
use recall::store::{NewReview, Store};
use serde_json::Value;
use tempfile::TempDir;

use crate::support::{Env, NOW, NOW_SECS, TODAY, card, id, json, json_lines};

/// Notes of `n` cards, `Q000` to `Q…`, one heading each.
fn notes(n: usize) -> String {
    (0..n)
        .map(|i| format!("# Q{i:03}\n\n- answer {i}\n\n"))
        .collect()
}

/// Grades through the library as sessions on past days would have, under
/// SM-2: `(question, days before today, grade)`.
fn graded(env: &Env, grades: &[(String, Day, u8)]) {
    let cards = env.cards();
    let store = Store::open(&env.db).expect("open store");
    store
        .write(|w| {
            for (question, ago, n) in grades {
                let review = NewReview {
                    card_id: id(card(&cards, question)),
                    at: NOW_SECS - i64::from(*ago) * 86_400,
                    day: TODAY - ago,
                    grade: Grade::new(*n).expect("a grade"),
                    millis: 2_000,
                    due_offset: None,
                };
                grading::record(w, &Scheduler::Sm2, &review)?;
            }
            Ok::<_, recall::store::StoreError>(())
        })
        .expect("record grades");
}

fn q(i: usize) -> String {
    format!("Q{i:03}")
}

/// 300 due cards in three groups of 100, and 20 new ones: Q000-Q099 two
/// days late on an interval of 1 (twice their interval), Q100-Q199 six
/// days late on 6 (once), Q200-Q299 due today (not late).
fn three_hundred_due() -> Env {
    let env = Env::new();
    env.write("deck.md", &notes(320));
    env.sync();
    let mut grades = Vec::new();
    for i in 0..100 {
        grades.push((q(i), 3, 4));
        grades.push((q(100 + i), 13, 4));
        grades.push((q(100 + i), 12, 4));
        grades.push((q(200 + i), 1, 4));
    }
    graded(&env, &grades);
    env
}

/// The questions a scripted session asked, in order.
fn asked(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|line| line.strip_prefix("Q: "))
        .map(|q| q.split("  (").next().unwrap_or(q).to_string())
        .collect()
}

/// Reveal and grade 4, `n` times.
fn fours(n: usize) -> String {
    "\n4\n".repeat(n)
}

/// A settings file of its own for each text.
fn settings_file(env: &Env, text: &str) -> std::path::PathBuf {
    let name = format!("{:016x}.toml", recall::journal::fnv1a64(text.as_bytes()));
    let path = env.dir.path().join(name);
    fs::write(&path, text).expect("settings file");
    path
}

#[test]
fn a_daily_limit_asks_the_most_urgent_cards_and_says_how_many_wait() {
    let env = three_hundred_due();
    let out = env
        .recall()
        .args(["review", "--max-reviews", "100", "--seed", "1"])
        .write_stdin(fours(150))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let questions = asked(&stdout);
    // The hundred most overdue for their interval, not the most overdue
    // (Q100-Q199, six days late), and no new card: the day's reviews
    // reached the limit.
    let mut sorted = questions.clone();
    sorted.sort();
    assert_eq!(sorted, (0..100).map(q).collect::<Vec<_>>(), "{stdout}");
    assert!(
        stdout.contains(
            "200 due cards wait for the coming days: today's limit of 100 reviews asks the \
             most urgent first"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("Today's limit of 100 reviews is reached: 200 due cards wait"),
        "{stdout}"
    );

    // The setting does what the flag did: nothing more today.
    let limit = settings_file(&env, "max_reviews_per_day = 100\n");
    let again = env
        .recall()
        .arg("--config")
        .arg(&limit)
        .args(["review", "--seed", "1"])
        .write_stdin(fours(10))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&again.get_output().stdout).to_string();
    assert!(asked(&stdout).is_empty(), "{stdout}");
    assert!(
        stdout.starts_with(
            "Nothing to review now. Today's limit of 100 reviews is reached: 200 due cards wait"
        ),
        "{stdout}"
    );

    // `stats` shows the limit beside the forecast and how many wait.
    let stats = env
        .recall()
        .arg("--config")
        .arg(&limit)
        .args(["stats", "--json"])
        .assert()
        .success();
    let stats = json(&stats.get_output().stdout);
    assert_eq!(
        stats["limit"],
        serde_json::json!({"max_reviews_per_day": 100, "reviewed": 100, "waiting": 200})
    );
    assert_eq!(stats["today"]["due"], 200);
    let text = env
        .recall()
        .arg("--config")
        .arg(&limit)
        .arg("stats")
        .assert()
        .success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).to_string();
    assert!(
        text.contains("Due in the next 14 days  limit 100 reviews a day · 200 wait today"),
        "{text}"
    );
    // Without a limit nothing waits.
    let none = settings_file(&env, "max_reviews_per_day = 0\n");
    let stats = env
        .recall()
        .arg("--config")
        .arg(&none)
        .args(["stats", "--json"])
        .assert()
        .success();
    let stats = json(&stats.get_output().stdout);
    assert_eq!(
        stats["limit"],
        serde_json::json!({"max_reviews_per_day": null, "reviewed": 100, "waiting": 0})
    );

    // The next day, the most urgent of those that waited come first:
    // seven days late on 6 before two days late on 1.
    let tomorrow = "2026-03-02T09:00:00Z";
    let next = env
        .recall_at(tomorrow)
        .arg("--config")
        .arg(&limit)
        .args(["review", "--seed", "1"])
        .write_stdin(fours(150))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&next.get_output().stdout).to_string();
    let mut questions = asked(&stdout);
    questions.sort();
    assert_eq!(questions, (100..200).map(q).collect::<Vec<_>>(), "{stdout}");
}

#[test]
fn new_cards_come_only_while_the_days_reviews_are_under_the_limit() {
    let env = three_hundred_due();
    // Room for every due card and then some: the new cards follow.
    let out = env
        .recall()
        .args([
            "review",
            "--max-reviews",
            "301",
            "--new",
            "5",
            "--seed",
            "1",
        ])
        .write_stdin(fours(400))
        .assert()
        .success();
    let questions = asked(&String::from_utf8_lossy(&out.get_output().stdout));
    assert_eq!(questions.len(), 305);
    assert_eq!(questions[300..], (300..305).map(q).collect::<Vec<_>>());
    // The most overdue first, as without a limit.
    assert!(
        questions[..100]
            .iter()
            .all(|q| q.as_str() >= "Q100" && q.as_str() < "Q200")
    );
}

#[test]
fn a_limit_of_zero_is_no_limit_and_a_bad_limit_is_refused_naming_it() {
    let env = three_hundred_due();
    let out = env
        .recall()
        .args(["review", "--max-reviews", "0", "--new", "0", "--seed", "1"])
        .write_stdin(fours(400))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert_eq!(asked(&stdout).len(), 300);
    assert!(!stdout.contains("wait"), "{stdout}");

    let bad = settings_file(&env, "max_reviews_per_day = -5\n");
    let out = env
        .recall()
        .arg("--config")
        .arg(&bad)
        .arg("review")
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert_eq!(
        stderr,
        format!(
            "error: settings file {}: max_reviews_per_day = -5 is not a number of reviews: use \
             a whole number, or 0 for no limit\n",
            bad.display()
        )
    );
    let out = env
        .recall()
        .args(["review", "--max-reviews", "many"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("'many'") && stderr.contains("--max-reviews"),
        "{stderr}"
    );
}

#[test]
fn config_shows_the_workload_settings_and_refuses_bad_ones_by_key_and_value() {
    let env = Env::new();
    let shown = |file: &Path| {
        let out = env
            .recall()
            .arg("--config")
            .arg(file)
            .args(["config", "--json"])
            .assert()
            .success();
        json(&out.get_output().stdout)
    };
    let defaults = shown(&settings_file(&env, ""));
    assert_eq!(defaults["max_reviews_per_day"], 200);
    assert_eq!(defaults["load_balance"], Value::Null);
    assert_eq!(defaults["easy_days"], serde_json::json!([]));
    let set = shown(&settings_file(
        &env,
        "max_reviews_per_day = 80\nload_balance = true\neasy_days = [\"Sun\", \"saturday\"]\n",
    ));
    assert_eq!(set["max_reviews_per_day"], 80);
    assert_eq!(set["load_balance"], true);
    assert_eq!(set["easy_days"], serde_json::json!(["sat", "sun"]));
    assert_eq!(set["sources"]["easy_days"], "file");
    let text = env
        .recall()
        .arg("--config")
        .arg(settings_file(&env, "scheduler = \"fsrs\"\n"))
        .arg("config")
        .assert()
        .success();
    let text = String::from_utf8_lossy(&text.get_output().stdout).to_string();
    assert!(text.contains("max_reviews_per_day 200 "), "{text}");
    assert!(
        text.contains("load_balance        on (on under fsrs, off under sm2) (default)"),
        "{text}"
    );
    for (line, why) in [
        (
            "load_balance = \"yes\"",
            "load_balance = \"yes\" is not true or false",
        ),
        (
            "easy_days = [\"sat\", \"funday\"]",
            "easy_days: \"funday\" is not a weekday; use mon, tue, wed, thu, fri, sat or sun",
        ),
        (
            "easy_days = \"sat\"",
            "easy_days = \"sat\" is not a list of weekdays",
        ),
    ] {
        let file = settings_file(&env, &format!("{line}\n"));
        let out = env
            .recall()
            .arg("--config")
            .arg(&file)
            .arg("config")
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            stderr.starts_with(&format!("error: settings file {}: {why}", file.display())),
            "{stderr}"
        );
    }
}

// Two devices balancing under FSRS.

const DEVICE_NOTES: usize = 12;

/// A device under FSRS: its own notes copy and database.
fn device() -> Env {
    let env = Env::new();
    env.write("deck.md", &notes(DEVICE_NOTES));
    env
}

/// `recall --shared DIR ARGS` at `now` under FSRS, which must succeed; its
/// standard output.
fn fsrs(env: &Env, shared: &Path, now: &str, args: &[&str], input: &str) -> String {
    let out = env
        .recall_at(now)
        .env("RECALL_SCHEDULER", "fsrs")
        .arg("--shared")
        .arg(shared)
        .args(args)
        .write_stdin(input)
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout).to_string()
}

/// Every card's listing and history, as both devices must agree on them.
fn state(env: &Env, shared: &Path, now: &str) -> (Vec<Value>, Vec<Value>) {
    let cards = json_lines(fsrs(env, shared, now, &["cards", "--json"], "").as_bytes());
    let shows = cards
        .iter()
        .map(|c| {
            let mut show: Value = serde_json::from_str(&fsrs(
                env,
                shared,
                now,
                &["show", &id(c).to_string(), "--json"],
                "",
            ))
            .expect("JSON");
            // Where each device keeps its notes differs, as it may.
            show.as_object_mut().expect("an object").remove("file");
            show
        })
        .collect();
    (cards, shows)
}

#[test]
fn two_devices_balancing_the_same_cards_converge_on_the_same_due_days() {
    let shared = TempDir::new().unwrap();
    let dir = shared.path();
    let (a, b) = (device(), device());
    let later = "2026-03-01T11:00:00Z";
    fsrs(&a, dir, NOW, &["sync"], "");
    fsrs(&b, dir, NOW, &["sync"], "");
    // Both learn every card on the same day, easy (8 days, which the
    // balancer spreads over 6 to 10), neither having merged the other.
    let easy = "\n4\n".repeat(DEVICE_NOTES);
    fsrs(&a, dir, NOW, &["review", "--no-sync", "--seed", "1"], &easy);
    fsrs(
        &b,
        dir,
        later,
        &["review", "--no-sync", "--seed", "2"],
        &easy,
    );
    for env in [&a, &b, &a] {
        fsrs(env, dir, later, &["sync"], "");
    }
    let (cards, shows) = state(&a, dir, later);
    assert_eq!((cards.clone(), shows.clone()), state(&b, dir, later));
    // They were spread, not all due on FSRS's eighth day.
    let mut days: Vec<&str> = cards.iter().map(|c| c["due"].as_str().unwrap()).collect();
    days.sort();
    days.dedup();
    assert!(days.len() >= 3, "{days:?}");
    // The journals carry each balanced grade as a line of version 2.
    let lines: String = fs::read_dir(dir)
        .unwrap()
        .map(|f| fs::read_to_string(f.unwrap().path()).unwrap())
        .collect();
    assert!(
        lines
            .lines()
            .any(|l| l.starts_with("{\"v\":2,") && l.contains(",\"b\":"))
    );

    // A week on, each reviews what is due there, and they merge again.
    let week = "2026-03-09T09:00:00Z";
    let week_later = "2026-03-09T12:00:00Z";
    let good = "\n3\n".repeat(DEVICE_NOTES);
    fsrs(&b, dir, week, &["review", "--seed", "3"], &good);
    fsrs(
        &a,
        dir,
        week_later,
        &["review", "--no-sync", "--seed", "4"],
        &good,
    );
    for env in [&a, &b, &a] {
        fsrs(env, dir, week_later, &["sync"], "");
    }
    let settled = state(&a, dir, week_later);
    assert_eq!(settled, state(&b, dir, week_later));
    assert_ne!(settled.0, cards);
    for env in [&a, &b] {
        let out = env
            .recall_at(week_later)
            .env("RECALL_SCHEDULER", "fsrs")
            .arg("--shared")
            .arg(dir)
            .arg("check")
            .assert()
            .success();
        let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        assert!(stdout.starts_with("ok: "), "{stdout}");
    }

    // A merged grade whose offset no longer says what its journal line
    // says is found by `check`, naming the review and the event.
    let tampered = {
        let conn = rusqlite::Connection::open(&b.db).unwrap();
        let (review, offset): (i64, Option<i32>) = conn
            .query_row(
                "SELECT r.id, r.due_offset FROM reviews r \
                 JOIN review_events e ON e.review_id = r.id \
                 WHERE e.own = 0 AND r.due_offset IS NOT NULL LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        conn.execute(
            "UPDATE reviews SET due_offset = ?2 WHERE id = ?1",
            rusqlite::params![review, offset.unwrap() + 1],
        )
        .unwrap();
        review
    };
    let out = b
        .recall_at(week_later)
        .env("RECALL_SCHEDULER", "fsrs")
        .arg("--shared")
        .arg(dir)
        .arg("check")
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        stdout.contains(&format!("review {tampered} of card "))
            && stdout.contains("moves its due day by"),
        "{stdout}"
    );

    // A backup carries the offsets: restored elsewhere, every card falls
    // due on the same day.
    let backup = a.dir.path().join("backup.json");
    fsrs(
        &a,
        dir,
        week_later,
        &["export", "-o", backup.to_str().unwrap()],
        "",
    );
    let file: Value = serde_json::from_str(&fs::read_to_string(&backup).unwrap()).unwrap();
    assert_eq!(file["version"], 3);
    let restored = device();
    let out = restored
        .recall_at(week_later)
        .env("RECALL_SCHEDULER", "fsrs")
        .arg("import")
        .arg(&backup)
        .assert()
        .success();
    drop(out);
    let listed = restored
        .recall_at(week_later)
        .env("RECALL_SCHEDULER", "fsrs")
        .args(["cards", "--json"])
        .assert()
        .success();
    let listed = json_lines(&listed.get_output().stdout);
    let due = |cards: &[Value]| {
        let mut due: Vec<(String, String)> = cards
            .iter()
            .map(|c| {
                (
                    c["question"].as_str().unwrap().into(),
                    c["due"].as_str().unwrap().into(),
                )
            })
            .collect();
        due.sort();
        due
    };
    assert_eq!(due(&listed), due(&settled.0));
}
