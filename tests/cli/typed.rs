//! Typed answers and cram (docs/design.md §12), through the real binary: a
//! typed review in line mode and on a pseudo-terminal with Korean input, the
//! proposal and the grade given kept side by side, overrides counted in
//! `stats`, and practice that changes no schedule and shares nothing.

use std::fs;
use std::time::Duration;

use serde_json::Value;

use crate::support::{Env, SuccessOutput, card, id, json, sized_terminal};

/// Sample-style Korean notes: a card whose answer is Korean, then a list.
const NOTES: &str = "# 동사\n\n## to stroke, to pet\n- 쓰다듬다\n\n## 과일\n- 사과\n- 배\n- 포도\n";

fn korean() -> Env {
    let env = Env::new();
    env.write("korean.md", NOTES);
    env.sync();
    env
}

fn show(env: &Env, card: i64) -> Value {
    json(
        &env.recall()
            .args(["show", &card.to_string(), "--json"])
            .success_stdout(),
    )
}

fn history(env: &Env, card: i64) -> Vec<Value> {
    show(env, card)["history"].as_array().unwrap().clone()
}

fn typed_stats(env: &Env) -> Value {
    json(&env.recall().args(["stats", "--json"]).success_stdout())["typed"].clone()
}

/// A typed session in line mode on `input`; its stdout.
fn run(env: &Env, command: &[&str], input: &str) -> String {
    let out = env
        .recall()
        .args(command)
        .args(
            ["--type", "--no-sync"]
                .iter()
                .filter(|a| command[0] == "review" || **a == "--type"),
        )
        .write_stdin(input)
        .success_stdout();
    String::from_utf8(out).unwrap()
}

fn ids(env: &Env) -> (i64, i64) {
    let cards = env.cards();
    (
        id(card(&cards, "to stroke, to pet")),
        id(card(&cards, "과일")),
    )
}

#[test]
fn a_typed_review_in_line_mode_shows_the_jamo_at_fault_and_enter_accepts_the_proposal() {
    let env = korean();
    let (verb, _) = ids(&env);
    let out = run(&env, &["review", "--limit", "1"], "스다듬다\n\n");
    assert!(out.contains("type the answer, then Enter"), "{out}");
    assert!(out.contains("A: [쓰]다듬다"), "{out}");
    assert!(out.contains("쓰: typed 스 (initial ㅆ, typed ㅅ)"), "{out}");
    assert!(out.contains("proposed grade: 4"), "{out}");
    assert!(out.contains("[Enter] accept 4"), "{out}");
    assert!(
        !out.contains("reveal"),
        "no reveal step when typing:\n{out}"
    );
    let log = history(&env, verb);
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(
        (log[0]["grade"].as_u64(), log[0]["proposed"].as_u64()),
        (Some(4), Some(4))
    );
    let shown = env
        .recall()
        .args(["show", &verb.to_string()])
        .success_stdout();
    let shown = String::from_utf8(shown).unwrap();
    assert!(
        shown.contains("grade 4 (right, after some hesitation), typed, 4 proposed"),
        "{shown}"
    );
}

#[test]
fn a_list_card_takes_items_in_any_order_up_to_an_empty_line_and_overrides_are_counted() {
    let env = korean();
    let (verb, fruit) = ids(&env);
    // The verb exactly (5 proposed, graded 3: down); the fruit with two of
    // three items in another order (3 proposed, graded 4: up).
    let out = run(&env, &["review"], "쓰다듬다\n3\n배\n사과\n\n4\n");
    assert!(
        out.contains("matched  사과") && out.contains("missed   포도"),
        "{out}"
    );
    assert!(out.contains("proposed grade: 3"), "{out}");
    assert_eq!(history(&env, verb)[0]["proposed"].as_u64(), Some(5));
    assert_eq!(history(&env, verb)[0]["grade"].as_u64(), Some(3));
    assert_eq!(history(&env, fruit)[0]["grade"].as_u64(), Some(4));
    let typed = typed_stats(&env);
    assert_eq!(typed["typed"], 2, "{typed}");
    assert_eq!(typed["typed_share"], 1.0, "{typed}");
    assert_eq!(
        (
            typed["overridden_up"].as_u64(),
            typed["overridden_down"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let stats = String::from_utf8(env.recall().arg("stats").success_stdout()).unwrap();
    assert!(
        stats.contains("2 of 2 reviews typed (100%) · proposal overridden 1 up, 1 down"),
        "{stats}"
    );
    // Another deck's figures count none of these reviews.
    let other = json(
        &env.recall()
            .args(["stats", "--deck", "other*", "--json"])
            .success_stdout(),
    )["typed"]
        .clone();
    assert_eq!(
        (other["reviews"].as_u64(), other["typed"].as_u64()),
        (Some(0), Some(0))
    );
    let this = json(
        &env.recall()
            .args(["stats", "--deck", "korean", "--json"])
            .success_stdout(),
    )["typed"]
        .clone();
    assert_eq!(
        (this["reviews"].as_u64(), this["typed"].as_u64()),
        (Some(2), Some(2))
    );
}

#[test]
fn nothing_typed_proposes_0_the_session_keys_work_at_the_proposal_and_end_of_input_ends_cleanly() {
    let env = korean();
    let (verb, fruit) = ids(&env);
    // An empty first line is nothing typed; `s` skips the card there. The
    // list then gets an answer and the input ends at its proposal.
    let out = run(&env, &["review"], "\ns\n사과\n\n");
    assert!(
        out.contains("nothing typed") && out.contains("proposed grade: 0"),
        "{out}"
    );
    assert!(out.contains("1 skipped"), "{out}");
    assert!(history(&env, verb).is_empty());
    assert!(
        history(&env, fruit).is_empty(),
        "end of input grades nothing"
    );
}

#[test]
fn the_type_answers_setting_makes_every_review_typed_and_config_shows_it() {
    let env = korean();
    fs::write(env.dir.path().join("recall.toml"), "type_answers = true\n").unwrap();
    let config = String::from_utf8(env.recall().arg("config").success_stdout()).unwrap();
    assert!(
        config.lines().any(|l| l.starts_with("type_answers")
            && l.contains("true")
            && l.contains("(settings file)")),
        "{config}"
    );
    let out = env
        .recall()
        .args(["review", "--no-sync", "--limit", "1"])
        .write_stdin("쓰다듬다\n\n")
        .success_stdout();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("proposed grade: 5"), "{out}");
}

#[test]
fn korean_typed_on_a_terminal_is_read_as_a_whole_line_and_enter_accepts() {
    let env = korean();
    let (verb, _) = ids(&env);
    let mut inner = env.command_at(crate::support::NOW);
    inner.args(["review", "--type", "--no-sync", "--limit", "1"]);
    let cmd = sized_terminal(80, 30, &inner);
    let timeout = Duration::from_secs(30).as_millis() as u64;
    let mut term = rexpect::session::spawn_command(cmd, Some(timeout)).unwrap();
    let mut screen = term.exp_string("then Enter").unwrap();
    // What an input method hands over when Enter ends its composition.
    term.send("스다듬다\r").unwrap();
    term.flush().unwrap();
    screen += &term.exp_string("[Enter] accept 4").unwrap();
    term.send("\r").unwrap();
    term.flush().unwrap();
    screen += &term.exp_eof().unwrap();
    // rexpect hands over each byte as one character.
    let bytes: Vec<u8> = screen.chars().map(|c| u8::try_from(c).unwrap()).collect();
    let screen = console::strip_ansi_codes(&String::from_utf8(bytes).unwrap()).to_string();
    assert!(screen.contains("[쓰]다듬다"), "{screen}");
    assert!(screen.contains("initial ㅆ, typed ㅅ"), "{screen}");
    let log = history(&env, verb);
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(
        (log[0]["grade"].as_u64(), log[0]["proposed"].as_u64()),
        (Some(4), Some(4))
    );
}

/// Cram runs on the terminal front-end too: a typed answer read as a whole
/// line, its proposal accepted with Enter, logged as practice.
#[test]
fn cram_on_a_terminal_logs_a_typed_answer_as_practice() {
    let env = korean();
    let (verb, _) = ids(&env);
    let mut inner = env.command_at(crate::support::NOW);
    inner.args(["cram", "--type", "--limit", "1"]);
    let cmd = sized_terminal(80, 30, &inner);
    let timeout = Duration::from_secs(30).as_millis() as u64;
    let mut term = rexpect::session::spawn_command(cmd, Some(timeout)).unwrap();
    term.exp_string("then Enter").unwrap();
    term.send("쓰다듬다\r").unwrap();
    term.flush().unwrap();
    term.exp_string("[Enter] accept 5").unwrap();
    term.send("\r").unwrap();
    term.flush().unwrap();
    term.exp_eof().unwrap();
    let log = history(&env, verb);
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(
        (
            log[0]["practice"].as_bool(),
            log[0]["grade"].as_u64(),
            log[0]["proposed"].as_u64()
        ),
        (Some(true), Some(5), Some(5))
    );
    assert!(env.cards().iter().all(|c| c["reviews"] == 0));
}

#[test]
fn cram_practises_without_touching_schedules_shows_practice_and_shares_nothing() {
    let env = korean();
    let (verb, fruit) = ids(&env);
    // A schedule to keep: the verb reviewed once, typed.
    run(&env, &["review", "--limit", "1"], "쓰다듬다\n\n");
    let shared = env.dir.path().join("shared");
    fs::create_dir(&shared).unwrap();
    let before = env.cards();
    let before_show = show(&env, verb);
    let before_stats = json(&env.recall().args(["stats", "--json"]).success_stdout());
    let out = env
        .recall()
        .arg("--shared")
        .arg(&shared)
        .args(["cram", "--type"])
        // Hardest first: the graded verb, then the new list card. At the
        // list's proposal the verb's practice is undone; the verb is typed
        // again and failed by an override, so it comes back after the list.
        .write_stdin(
            "스다듬다\n\n사과\n배\n포도\n\nu\n쓰다듬다\n2\n사과\n배\n포도\n\n\n쓰다듬다\n\n",
        )
        .success_stdout();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("undone"), "{out}");
    assert!(out.contains("no schedule changed"), "{out}");
    assert_eq!(env.cards(), before, "cram changed the cards");
    let after_show = show(&env, verb);
    assert_eq!(after_show["due"], before_show["due"]);
    assert_eq!(after_show["ef"], before_show["ef"]);
    let log = history(&env, verb);
    let practice: Vec<&Value> = log.iter().filter(|r| r["practice"] == true).collect();
    // The undone practice is gone; a failed one asks the card again.
    assert_eq!(practice.len(), 2, "{log:#?}");
    assert_eq!(
        (
            practice[0]["grade"].as_u64(),
            practice[0]["proposed"].as_u64()
        ),
        (Some(2), Some(5))
    );
    assert_eq!(practice[1]["grade"].as_u64(), Some(5));
    assert!(history(&env, fruit).iter().all(|r| r["practice"] == true));
    let text = String::from_utf8(
        env.recall()
            .args(["show", &verb.to_string()])
            .success_stdout(),
    )
    .unwrap();
    assert!(text.contains("practice: grade 2"), "{text}");
    assert_eq!(
        fs::read_dir(&shared).unwrap().count(),
        0,
        "cram wrote to the shared folder"
    );
    let after_stats = json(&env.recall().args(["stats", "--json"]).success_stdout());
    assert_eq!(after_stats["typed"]["practice"], 3);
    assert_eq!(
        after_stats["typed"]["reviews"],
        before_stats["typed"]["reviews"]
    );
    assert_eq!(after_stats["today"], before_stats["today"]);
}

/// A JSON backup carries what typing and cram added (docs/design.md §12):
/// each typed review's proposal and each practice grade come back in an
/// empty database, still apart from the review log, and importing the
/// file again adds nothing.
#[test]
fn a_json_export_carries_typed_proposals_and_practice_into_an_empty_database() {
    let env = korean();
    let (verb, _) = ids(&env);
    run(&env, &["review", "--limit", "1"], "스다듬다\n5\n");
    run(&env, &["cram"], "쓰다듬다\n\n사과\n배\n\n3\n");
    let backup = env.dir.path().join("backup.json");
    env.recall()
        .args(["export", "--format", "json", "-o"])
        .arg(&backup)
        .success_stdout();
    let text = fs::read_to_string(&backup).unwrap();
    assert!(text.contains(r#""version":2"#), "{text}");

    let other = Env::new();
    other.write("korean.md", NOTES);
    let imported = other.recall().arg("import").arg(&backup).success_stdout();
    let imported = String::from_utf8(imported).unwrap();
    assert!(
        imported.contains("and 1 reviews (1 new), and 2 practice grades (2 new)"),
        "{imported}"
    );
    let cards = other.cards();
    let (verb_there, fruit_there) = (
        id(card(&cards, "to stroke, to pet")),
        id(card(&cards, "과일")),
    );
    let strip = |log: Vec<Value>| -> Vec<Value> {
        log.into_iter()
            .map(|mut r| {
                r.as_object_mut().unwrap().remove("id");
                r
            })
            .collect()
    };
    assert_eq!(
        strip(history(&other, verb_there)),
        strip(history(&env, verb))
    );
    let fruit = history(&other, fruit_there);
    assert_eq!(fruit.len(), 1, "{fruit:?}");
    assert_eq!(
        (
            fruit[0]["practice"].as_bool(),
            fruit[0]["grade"].as_u64(),
            fruit[0]["proposed"].as_u64()
        ),
        (Some(true), Some(3), Some(3))
    );
    assert_eq!(other.cards(), {
        let mut mine = env.cards();
        for (a, b) in mine.iter_mut().zip(&cards) {
            a["id"] = b["id"].clone();
        }
        mine
    });
    let again = other.recall().arg("import").arg(&backup).success_stdout();
    assert!(
        String::from_utf8(again)
            .unwrap()
            .contains("(0 new), and 2 practice grades (0 new)")
    );
}
