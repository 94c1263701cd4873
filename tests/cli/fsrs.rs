//! FSRS-6 as the scheduler in force (docs/design.md §11), through the real
//! binary: the settings, a review with FSRS's four buttons and the interval
//! each gives, typed answers, the replay when the scheduler changes (and
//! back, losslessly), `check`, `optimize`, calibration in `stats`, FSRS's
//! fields in `cards` and `show`, export and import, the shared journal, and
//! the prompt on a terminal.

use std::fs;
use std::time::Duration;

use recall::store::Store;
use serde_json::Value;

use crate::support::{
    Env, NOW, SuccessOutput, bar_fits, card, history, id, json, json_lines, on_terminal,
    sized_terminal,
};

/// One card per `#` heading, `Card 0` … `Card n-1`, each its own family.
fn headings(n: usize) -> String {
    (0..n)
        .map(|i| format!("# Card {i}\n\n- answer {i}\n\n"))
        .collect()
}

/// A collection of `n` cards, synced.
fn collection(n: usize) -> Env {
    let env = Env::new();
    env.write("deck.md", &headings(n));
    env.sync();
    env
}

/// `recall …` under FSRS (the environment variable, as a user would set it
/// for one shell).
fn fsrs(env: &Env) -> assert_cmd::Command {
    let mut cmd = env.recall();
    cmd.env("RECALL_SCHEDULER", "fsrs");
    cmd
}

fn fsrs_at(env: &Env, now: &str) -> assert_cmd::Command {
    let mut cmd = env.recall_at(now);
    cmd.env("RECALL_SCHEDULER", "fsrs");
    cmd
}

fn cards_under(mut cmd: assert_cmd::Command) -> Vec<Value> {
    json_lines(&cmd.args(["cards", "--json"]).success_stdout())
}

fn show(mut cmd: assert_cmd::Command, card: i64) -> Value {
    json(
        &cmd.args(["show", &card.to_string(), "--json"])
            .success_stdout(),
    )
}

fn grades_of(show: &Value) -> Vec<u64> {
    show["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["grade"].as_u64().unwrap())
        .collect()
}

#[test]
fn the_scheduler_is_sm2_or_fsrs_and_anything_else_is_refused_by_name() {
    let env = collection(1);
    let config =
        |cmd: &mut assert_cmd::Command| json(&cmd.args(["config", "--json"]).success_stdout());
    let c = config(&mut env.recall());
    assert_eq!(
        (c["scheduler"].as_str(), c["sources"]["scheduler"].as_str()),
        (Some("sm2"), Some("default"))
    );
    assert_eq!(c["desired_retention"], 0.9);
    assert_eq!(c["fsrs_params"]["fitted"], false);
    assert_eq!(c["fsrs_params"]["weights"][0], 0.212);
    let c = config(&mut fsrs(&env));
    assert_eq!(
        (c["scheduler"].as_str(), c["sources"]["scheduler"].as_str()),
        (Some("fsrs"), Some("environment"))
    );

    let file = env.dir.path().join("recall.toml");
    fs::write(&file, "scheduler = \"fsrs\"\ndesired_retention = 0.85\n").unwrap();
    let text = String::from_utf8(
        env.recall()
            .env("RECALL_CONFIG", &file)
            .arg("config")
            .success_stdout(),
    )
    .unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("scheduler ")
            && l.contains(" fsrs ")
            && l.ends_with("(settings file)")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("desired_retention   0.85 ")),
        "{text}"
    );
    assert!(
        text.contains("fsrs parameters: FSRS-6's defaults (in use)"),
        "{text}"
    );

    env.recall()
        .env("RECALL_SCHEDULER", "anki")
        .arg("stats")
        .assert()
        .code(2)
        .stderr("error: RECALL_SCHEDULER = \"anki\" is not a scheduler recall knows: use \"sm2\" or \"fsrs\"\n");
    for (text, at_fault) in [
        (
            "scheduler = \"FSRS\"\n",
            "scheduler = \"FSRS\" is not a scheduler",
        ),
        (
            "desired_retention = 0.5\n",
            "desired_retention = 0.5 is outside 0.7 to 0.99",
        ),
        (
            "desired_retention = 0.995\n",
            "desired_retention = 0.995 is outside 0.7 to 0.99",
        ),
    ] {
        fs::write(&file, text).unwrap();
        let out = env
            .recall()
            .env("RECALL_CONFIG", &file)
            .arg("review")
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(
            stderr.starts_with("error: settings file ") && stderr.contains(at_fault),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

#[test]
fn a_session_under_fsrs_offers_four_buttons_logs_1_3_4_5_and_asks_again_after_again() {
    let env = collection(4);
    // Cards 0 to 3 in note order: again (then good), hard, good, easy; a 5
    // is no button under FSRS and is asked again.
    let out = fsrs(&env)
        .args(["review", "--no-sync", "--seed", "1"])
        .write_stdin("\n1\n\n5\n2\n\n3\n\n4\n\n3\n")
        .success_stdout();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("1 again · 1d   2 hard · 1d   3 good · 2d   4 easy · 8d"),
        "{out}"
    );
    assert!(out.contains("[1-4] grade · s skip"), "{out}");
    assert!(
        out.contains("\"5\" is not an answer here: use Enter, a grade 1-4, s, u, e or q"),
        "{out}"
    );
    let asked: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("Q: "))
        .map(|q| q.split("  (").next().unwrap())
        .collect();
    assert_eq!(
        asked,
        ["Card 0", "Card 1", "Card 2", "Card 3", "Card 0"],
        "{out}"
    );
    assert!(out.contains("Reviewed 4 cards"), "{out}");

    let cards = cards_under(fsrs(&env));
    let logged: Vec<Vec<u64>> = ["Card 0", "Card 1", "Card 2", "Card 3"]
        .iter()
        .map(|q| grades_of(&show(fsrs(&env), id(card(&cards, q)))))
        .collect();
    assert_eq!(logged, [vec![1, 4], vec![3], vec![4], vec![5]]);
    // Every grade counts under FSRS, the repeat of the day too.
    let again = show(fsrs(&env), id(card(&cards, "Card 0")));
    assert!(
        again["history"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["counted"] == true),
        "{again}"
    );
    let interval = |q: &str| card(&cards, q)["interval"].as_u64().unwrap();
    assert_eq!(
        [interval("Card 1"), interval("Card 2"), interval("Card 3")],
        [1, 2, 8]
    );
    fsrs(&env).arg("check").assert().success();
}

#[test]
fn every_sm2_prompt_shows_the_interval_of_each_grade() {
    let env = collection(1);
    env.review(id(&env.cards()[0]), &[5]);
    let out = env
        .recall_at("2026-03-02T09:00:00Z")
        .args(["review", "--no-sync"])
        .write_stdin("\n5\n")
        .success_stdout();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("0 blackout · 1d   1 wrong, familiar · 1d   2 wrong, easy · 1d   3 hard · 6d"),
        "{out}"
    );
    assert!(out.contains("4 hesitant · 6d   5 perfect · 6d"), "{out}");
}

#[test]
fn switching_to_fsrs_and_back_gives_back_exactly_the_sm2_schedules() {
    let env = collection(30);
    history(&env, 30, 8);
    let sm2 = env.cards();
    let sm2_logs: Vec<Value> = sm2
        .iter()
        .map(|c| show(env.recall(), id(c))["history"].clone())
        .collect();
    env.recall().arg("check").assert().success();

    let out = fsrs(&env).arg("check").assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains(
            "scheduler: 30 cards rescheduled by replaying their review log through FSRS-6"
        ),
        "{stderr}"
    );
    let under_fsrs = cards_under(fsrs(&env));
    assert_ne!(under_fsrs, sm2);
    assert!(
        under_fsrs
            .iter()
            .all(|c| c["ef"] == 2.5 && c["stability"].as_f64().is_some())
    );
    // Once replayed, nothing more to do.
    let quiet = fsrs(&env).arg("check").assert().success();
    assert!(quiet.get_output().stderr.is_empty());

    let out = env.recall().arg("check").assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("through SM-2"), "{stderr}");
    assert_eq!(env.cards(), sm2, "the SM-2 schedules, exactly");
    let logs: Vec<Value> = sm2
        .iter()
        .map(|c| show(env.recall(), id(c))["history"].clone())
        .collect();
    assert_eq!(logs, sm2_logs, "the log and whether each grade counted");
}

#[test]
fn a_new_desired_retention_replays_and_shortens_or_lengthens_intervals() {
    let env = collection(20);
    history(&env, 20, 6);
    let file = env.dir.path().join("recall.toml");
    let intervals = |retention: &str| -> u64 {
        fs::write(
            &file,
            format!("scheduler = \"fsrs\"\ndesired_retention = {retention}\n"),
        )
        .unwrap();
        let mut cmd = env.recall();
        cmd.env("RECALL_CONFIG", &file);
        cards_under(cmd)
            .iter()
            .map(|c| c["interval"].as_u64().unwrap())
            .sum()
    };
    let (strict, relaxed) = (intervals("0.95"), intervals("0.8"));
    assert!(
        strict < relaxed,
        "0.95: {strict} days in all, 0.8: {relaxed}"
    );
    let mut check = env.recall();
    check
        .env("RECALL_CONFIG", &file)
        .arg("check")
        .assert()
        .success();
}

#[test]
fn check_under_fsrs_verifies_stability_and_difficulty_against_the_replay() {
    let env = collection(3);
    fsrs(&env)
        .args(["review", "--no-sync"])
        .write_stdin("\n3\n\n2\n\n4\n")
        .assert()
        .success();
    let out = fsrs(&env).arg("check").success_stdout();
    assert!(String::from_utf8(out).unwrap().starts_with("ok: "));
    let first = id(&cards_under(fsrs(&env))[0]);
    let store = Store::open(&env.db).unwrap();
    let (progress, _) = store.write(|w| w.progress_of(first)).unwrap();
    let mut wrong = progress.unwrap();
    wrong.memory.as_mut().unwrap().stability *= 2.0;
    store
        .write(|w| w.save_progress(first, Some(wrong)))
        .unwrap();
    drop(store);
    let out = fsrs(&env).args(["check", "--json"]).assert().code(1);
    let report = json(&out.get_output().stdout);
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{report}");
    assert_eq!(problems[0]["card"], first);
    assert!(
        problems[0]["what"]
            .as_str()
            .unwrap()
            .contains("FSRS memory stability"),
        "{report}"
    );
}

#[test]
fn optimize_refuses_a_small_log_and_fits_a_long_one_then_fsrs_uses_what_it_fitted() {
    let small = collection(5);
    history(&small, 5, 4);
    let out = small.recall().arg("optimize").assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(
        stderr,
        "error: fitting FSRS needs at least 400 reviews made a day or more after the card's \
         previous review, and the log has 15: with fewer, the fit would follow the noise of a \
         few cards rather than the learner's memory\n"
    );
    let config = json(&small.recall().args(["config", "--json"]).success_stdout());
    assert_eq!(config["fsrs_params"]["fitted"], false, "nothing stored");

    let env = collection(70);
    history(&env, 70, 9);
    let report = json(&env.recall().args(["optimize", "--json"]).success_stdout());
    assert_eq!(
        (report["reviews"].as_u64(), report["cards"].as_u64()),
        (Some(70 * 8), Some(70))
    );
    let weights = report["weights"].as_array().unwrap();
    assert_eq!(weights.len(), 21);
    for which in ["default", "fitted"] {
        let loss = report[which]["log_loss"].as_f64().unwrap();
        let rmse = report[which]["rmse_bins"].as_f64().unwrap();
        assert!(loss > 0.0 && rmse >= 0.0, "{report}");
    }
    assert!(
        report["fitted"]["log_loss"].as_f64() < report["default"]["log_loss"].as_f64(),
        "the fit is fitted to this very log: {report}"
    );
    assert_eq!(report["in_use"], false);
    // The database the text names where the weights are kept.
    assert_eq!(report["database"], env.db.display().to_string());
    let config = json(&env.recall().args(["config", "--json"]).success_stdout());
    assert_eq!(config["fsrs_params"]["fitted"], true);
    assert_eq!(&config["fsrs_params"]["weights"], &report["weights"]);
    let text = String::from_utf8(env.recall().arg("optimize").success_stdout()).unwrap();
    assert!(
        text.starts_with("Fitted FSRS-6 to 560 reviews of 70 cards"),
        "{text}"
    );
    assert!(text.contains("once scheduler = \"fsrs\""), "{text}");

    // Under FSRS the fitted weights schedule the cards, not the defaults
    // that the same log gets in another database.
    let fitted = cards_under(fsrs(&env));
    let stats = json(&fsrs(&env).args(["stats", "--json"]).success_stdout());
    assert_eq!(stats["calibration"]["fsrs_parameters"], "fitted");
    let other = collection(70);
    history(&other, 70, 9);
    let stability =
        |cards: &[Value]| -> Vec<Value> { cards.iter().map(|c| c["stability"].clone()).collect() };
    assert_ne!(stability(&fitted), stability(&cards_under(fsrs(&other))));
    // Optimizing under FSRS replays at once with what it fitted.
    let out = fsrs(&other).arg("optimize").assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("rescheduled"), "{stderr}");
    assert_eq!(stability(&cards_under(fsrs(&other))), stability(&fitted));
    fsrs(&other).arg("check").assert().success();
}

#[test]
fn stats_calibrates_both_schedulers_on_the_log_or_says_how_many_reviews_it_needs() {
    let env = collection(10);
    history(&env, 10, 3);
    let stats = json(&env.recall().args(["stats", "--json"]).success_stdout());
    let c = &stats["calibration"];
    assert_eq!(c["sm2_model"], "SM-2 predicts R = 0.9^(elapsed / interval)");
    for which in ["sm2", "fsrs"] {
        assert_eq!(c[which]["status"], "needs_more_reviews", "{c}");
        assert_eq!(
            (
                c[which]["reviews"].as_u64(),
                c[which]["more_needed"].as_u64()
            ),
            (Some(20), Some(80))
        );
    }
    let text = String::from_utf8(env.recall().arg("stats").success_stdout()).unwrap();
    assert!(
        text.contains("Calibration  needs 80 more reviews"),
        "{text}"
    );

    let env = collection(40);
    history(&env, 40, 6);
    let stats = json(&env.recall().args(["stats", "--json"]).success_stdout());
    let c = &stats["calibration"];
    assert_eq!(c["fsrs_parameters"], "default");
    for which in ["sm2", "fsrs"] {
        let f = &c[which];
        assert_eq!(f["status"], "ready", "{c}");
        assert_eq!(f["reviews"], 40 * 5);
        for figure in ["log_loss", "rmse_bins", "auc"] {
            assert!(
                f[figure].as_f64().is_some_and(|x| x >= 0.0),
                "{which} {figure}: {f}"
            );
        }
        let bins = f["bins"].as_array().unwrap();
        assert_eq!(bins.len(), 10);
        assert_eq!(
            bins.iter()
                .map(|b| b["count"].as_u64().unwrap())
                .sum::<u64>(),
            200
        );
    }
    let text = String::from_utf8(env.recall().arg("stats").success_stdout()).unwrap();
    assert!(
        text.contains("SM-2 predicts R = 0.9^(elapsed / interval)"),
        "{text}"
    );
    // `--deck` calibrates the chosen decks' cards alone.
    let none = json(
        &env.recall()
            .args(["stats", "--deck", "elsewhere/*", "--json"])
            .success_stdout(),
    );
    assert_eq!(none["calibration"]["fsrs"]["reviews"], 0);
    let all = json(
        &env.recall()
            .args(["stats", "--deck", "d*", "--json"])
            .success_stdout(),
    );
    assert_eq!(all["calibration"]["fsrs"]["reviews"], 200);
    assert!(
        text.lines().any(|l| l.starts_with("  FSRS-6  log loss ")),
        "{text}"
    );
}

#[test]
fn cards_and_show_give_fsrs_memory_and_todays_retrievability_under_fsrs_alone() {
    let env = collection(2);
    let graded = id(&env.cards()[0]);
    env.review(graded, &[4, 4]);
    let sm2 = env.cards();
    assert!(
        sm2.iter()
            .all(|c| c.get("stability").is_none() && c.get("retrievability").is_none())
    );
    let later = "2026-03-10T09:00:00Z";
    let cards = cards_under(fsrs_at(&env, later));
    let (seen, new) = (card(&cards, "Card 0"), card(&cards, "Card 1"));
    let stability = seen["stability"].as_f64().unwrap();
    let difficulty = seen["difficulty"].as_f64().unwrap();
    let r = seen["retrievability"].as_f64().unwrap();
    assert!(
        stability > 1.0 && (1.0..=10.0).contains(&difficulty),
        "{seen}"
    );
    // Eight days after the last grade: below certain, and falling.
    assert!(0.0 < r && r < 1.0, "{seen}");
    let much_later = cards_under(fsrs_at(&env, "2026-06-10T09:00:00Z"));
    assert!(
        card(&much_later, "Card 0")["retrievability"]
            .as_f64()
            .unwrap()
            < r
    );
    assert_eq!(
        (new["stability"].clone(), new["retrievability"].clone()),
        (Value::Null, Value::Null)
    );

    let shown = show(fsrs_at(&env, later), graded);
    assert_eq!(
        (shown["stability"].as_f64(), shown["difficulty"].as_f64()),
        (Some(stability), Some(difficulty))
    );
    assert_eq!(shown["retrievability"].as_f64(), Some(r));
    let text = String::from_utf8(
        fsrs_at(&env, later)
            .args(["show", &graded.to_string()])
            .success_stdout(),
    )
    .unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("memory: stability ") && l.contains("likely recalled today")),
        "{text}"
    );
    assert!(!text.contains("EF "), "{text}");
    // Grades read as the buttons they stand for.
    assert!(text.contains("grade 4 (good)"), "{text}");
    // The listing shows difficulty where SM-2's shows EF.
    let listing = String::from_utf8(fsrs_at(&env, later).arg("cards").success_stdout()).unwrap();
    let header = listing.lines().next().unwrap();
    assert!(
        header.contains(" diff ") && !header.contains(" ef "),
        "{listing}"
    );
    let sm2_listing =
        String::from_utf8(env.recall_at(later).arg("cards").success_stdout()).unwrap();
    assert!(
        sm2_listing.lines().next().unwrap().contains(" ef "),
        "{sm2_listing}"
    );
}

#[test]
fn typed_answers_under_fsrs_propose_a_button_and_a_button_overrides() {
    let env = Env::new();
    env.write(
        "korean.md",
        "# 동사\n\n## to stroke, to pet\n- 쓰다듬다\n\n## to eat\n- 먹다\n",
    );
    env.sync();
    // Exact: good (logged 4), accepted; a near miss proposes hard, and the
    // learner says again (1).
    let out = fsrs(&env)
        .args(["review", "--type", "--no-sync"])
        .write_stdin("쓰다듬다\n\n먹자\n1\n먹다\n\n")
        .success_stdout();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("proposed grade: 3 (good)"), "{out}");
    assert!(out.contains("[Enter] accept 3 · [1-4] grade"), "{out}");
    assert!(out.contains("proposed grade: 2 (hard)"), "{out}");
    let cards = env.cards();
    let stroke = show(fsrs(&env), id(card(&cards, "to stroke, to pet")));
    let eat = show(fsrs(&env), id(card(&cards, "to eat")));
    let typed = |s: &Value| -> Vec<(u64, u64)> {
        s["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["grade"].as_u64().unwrap(),
                    r["proposed"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(typed(&stroke), [(4, 4)]);
    // Again brings the card back; typed right, it is good.
    assert_eq!(typed(&eat), [(1, 3), (4, 4)]);

    // Cram under FSRS: the same buttons, practice only, hardest first.
    let out = fsrs(&env)
        .args(["cram", "--type"])
        .write_stdin("먹다\n\n쓰다듬다\n4\n")
        .success_stdout();
    let out = String::from_utf8(out).unwrap();
    let asked: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("Q: "))
        .map(|q| q.split("  (").next().unwrap())
        .collect();
    assert_eq!(
        asked,
        ["to eat", "to stroke, to pet"],
        "the card failed today is the more difficult: {out}"
    );
    let practice: Vec<u64> = show(fsrs(&env), id(card(&cards, "to stroke, to pet")))["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["practice"] == true)
        .map(|r| r["grade"].as_u64().unwrap())
        .collect();
    assert_eq!(practice, [5]);
}

#[test]
fn export_and_import_keep_the_fsrs_schedules_by_replay() {
    let env = collection(3);
    fsrs(&env)
        .args(["review", "--no-sync"])
        .write_stdin("\n3\n\n1\n\n4\n\n3\n")
        .assert()
        .success();
    let before = cards_under(fsrs(&env));
    let backup = env.dir.path().join("backup.json");
    fsrs(&env)
        .args(["export", "--format", "json", "-o"])
        .arg(&backup)
        .assert()
        .success();
    fs::remove_file(&env.db).unwrap();
    fsrs(&env).arg("sync").assert().success();
    fsrs(&env).arg("import").arg(&backup).assert().success();
    fsrs(&env).arg("check").assert().success();
    let after = cards_under(fsrs(&env));
    let schedule = |cards: &[Value]| -> Vec<(Value, Value, Value, Value)> {
        cards
            .iter()
            .map(|c| {
                (
                    c["question"].clone(),
                    c["due"].clone(),
                    c["stability"].clone(),
                    c["difficulty"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(schedule(&after), schedule(&before));
}

#[test]
fn grades_merged_from_another_device_are_scheduled_by_fsrs() {
    let shared = tempfile::TempDir::new().unwrap();
    let (a, b) = (collection(2), collection(2));
    let with_shared = |env: &Env| {
        let mut cmd = fsrs(env);
        cmd.arg("--shared").arg(shared.path());
        cmd
    };
    with_shared(&a)
        .args(["review"])
        .write_stdin("\n3\n\n4\n")
        .assert()
        .success();
    with_shared(&b).arg("sync").assert().success();
    let (on_a, on_b) = (cards_under(fsrs(&a)), cards_under(fsrs(&b)));
    let memory = |cards: &[Value]| -> Vec<(Value, Value, Value)> {
        cards
            .iter()
            .map(|c| {
                (
                    c["question"].clone(),
                    c["stability"].clone(),
                    c["due"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(memory(&on_b), memory(&on_a));
    assert!(on_b.iter().all(|c| c["stability"].is_f64()));
    with_shared(&b).arg("check").assert().success();
}

#[test]
fn the_terminal_prompt_under_fsrs_shows_four_buttons_and_a_digit_grades_at_once() {
    let env = collection(1);
    let mut inner = env.command_at(NOW);
    inner
        .env("RECALL_SCHEDULER", "fsrs")
        .args(["review", "--no-sync", "--seed", "1"]);
    let cmd = sized_terminal(30, 30, &inner);
    let timeout = Duration::from_secs(30).as_millis() as u64;
    let mut term = rexpect::session::spawn_command(cmd, Some(timeout)).unwrap();
    let mut screen = term.exp_string("[Enter] reveal").unwrap();
    term.send("\r").unwrap();
    term.flush().unwrap();
    screen += &(term.exp_string("[1-4] grade").unwrap() + "[1-4] grade");
    // No Enter: the digit is the grade.
    term.send("3").unwrap();
    term.flush().unwrap();
    screen += &term.exp_eof().unwrap();
    // rexpect hands over each byte as one character.
    let bytes: Vec<u8> = screen.chars().map(|c| u8::try_from(c).unwrap()).collect();
    let screen = console::strip_ansi_codes(&String::from_utf8(bytes).unwrap()).to_string();
    let lines: Vec<&str> = screen.split(['\r', '\n']).collect();
    for line in &lines {
        assert!(
            unicode_width::UnicodeWidthStr::width(*line) <= 30,
            "{line:?}"
        );
    }
    for expected in ["1 again · 1d   2 hard · 1d", "3 good · 2d   4 easy · 8d"] {
        assert!(lines.contains(&expected), "{expected:?} in {lines:#?}");
    }
    assert!(screen.contains("Reviewed 1 card"), "{screen}");
    let shown = show(fsrs(&env), id(&env.cards()[0]));
    assert_eq!(grades_of(&shown), [4]);
}

#[test]
fn the_replay_and_the_fit_draw_progress_bars_that_fit_a_narrow_terminal() {
    let env = collection(70);
    history(&env, 70, 9);
    let mut switch = env.command_at(NOW);
    switch
        .env("RECALL_SCHEDULER", "fsrs")
        .args(["cards", "--state", "suspended"]);
    let screen = on_terminal(40, &switch);
    bar_fits(&screen, "rescheduling ", 40, "");
    assert!(screen.contains("70 cards rescheduled"), "{screen:?}");

    let mut fit = env.command_at(NOW);
    fit.arg("optimize");
    let screen = on_terminal(40, &fit);
    bar_fits(&screen, "fitting FSRS ", 40, "%");
    assert!(
        screen.contains("Fitted FSRS-6 to 560 reviews"),
        "{screen:?}"
    );
}
