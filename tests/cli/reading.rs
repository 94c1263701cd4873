//! Upgrading to the reading of docs/design.md §14 keeps every grade: a
//! database whose cards the previous reading made (answers of items only,
//! clozes and reference sections that the rules now leave out) syncs to
//! cards whose answers grew (changed, history kept), cards left out
//! (retired, history kept) and new item cards; each rule turned off brings
//! its cards back with their history, and `check` passes throughout.

use recall::cards::{self, Options, SkipHeadings};
use recall::sync::plan;
use serde_json::Value;

use crate::support::{Counts, Env, SuccessOutput, card, id, json, stored_as_read_by};

const NOTES: &str = "\
# Web security

## CSRF

Cross-site request forgery makes a signed-in browser send a request its user never meant to send.

- Defences
  - SameSite cookies
  - a token the attacker cannot read

# Git
- Undo the last commit but keep its changes:

  ```sh
  git reset --soft HEAD~1
  ```

- Open **Settings**.

## Further reading
- The Git book
- Pro Git, chapter 2

## Tools
- [ripgrep](https://github.com/BurntSushi/ripgrep)
- [fd](https://github.com/sharkdp/fd)
";

/// The cards the previous reading stored for `text`: today's generator
/// with every rule off, less what only today's reading gives (leads,
/// details, and the item cards that only details make).
fn stored_by_the_previous_reading(text: &str) -> Vec<plan::Incoming> {
    let every_card = Options {
        skip_headings: SkipHeadings::none(),
        skip_link_lists: false,
        cloze_min_words: 0,
        ..Options::default()
    };
    let drafts = cards::generate_with("notes", text, &every_card)
        .drafts
        .into_iter()
        .filter(|d| !d.answer.is_empty())
        .map(|mut d| {
            d.lead.clear();
            d.details.clear();
            d
        })
        .collect();
    plan::number(drafts)
}

fn history(env: &Env, card_id: i64) -> Vec<Value> {
    let shown = json(
        &env.recall()
            .args(["show", &card_id.to_string(), "--json"])
            .success_stdout(),
    );
    shown["history"].as_array().unwrap().clone()
}

fn check_passes(env: &Env) {
    env.recall().arg("check").assert().success();
}

/// `recall --config FILE sync --json` with `settings` in FILE.
fn sync_with(env: &Env, settings: &str) -> Value {
    // Not ./recall.toml, which every command in the test's folder reads.
    let file = env.dir.path().join("rules.toml");
    std::fs::write(&file, settings).unwrap();
    let out = env
        .recall()
        .arg("--config")
        .arg(&file)
        .args(["sync", "--json"])
        .success_stdout();
    json(&out)
}

#[test]
fn an_upgrade_keeps_every_grade_and_each_rule_turned_off_brings_its_cards_back() {
    let env = Env::new();
    env.write("notes.md", NOTES);
    let old = stored_by_the_previous_reading(NOTES);
    let questions: Vec<&str> = old.iter().map(|i| i.draft.question.as_str()).collect();
    assert_eq!(
        questions,
        [
            "CSRF",
            "Defences",
            "Git",
            "Open […].",
            "Further reading",
            "Tools"
        ],
        "the previous reading"
    );
    // What the previous reading's sync recorded.
    stored_as_read_by(&env, &old, "cloze; markdown 2");
    let before = env.cards();
    let ids: Vec<i64> = ["CSRF", "Git", "Open […].", "Further reading", "Tools"]
        .iter()
        .map(|q| id(card(&before, q)))
        .collect();
    for (n, &card_id) in ids.iter().enumerate() {
        env.review(card_id, &[4, 5, 3 + (n % 3) as u8]);
    }
    let graded: Vec<Vec<Value>> = ids.iter().map(|&c| history(&env, c)).collect();
    check_passes(&env);

    // The new reading: the heading card gains its lead (changed), the
    // cheat-sheet item gives a card of its own (added), the Git heading
    // card is as it was, and the cloze, the further reading and the link
    // list are left out (retired).
    let report = env.sync();
    assert_eq!(
        Counts::of(&report),
        Counts {
            added: 1,
            changed: 1,
            retired: 3,
            unchanged: 2,
            ..Counts::default()
        },
        "{report}"
    );
    assert_eq!(
        report["left_out"],
        serde_json::json!({"cloze too short": 1, "link list": 1, "reference section": 1})
    );
    let after = env.cards();
    let csrf = card(&after, "CSRF");
    assert_eq!(id(csrf), ids[0], "the same card, history kept");
    assert_eq!(csrf["changed"], true);
    assert!(
        after
            .iter()
            .any(|c| c["question"] == "Undo the last commit but keep its changes:")
    );
    for (n, &card_id) in ids.iter().enumerate() {
        assert_eq!(history(&env, card_id), graded[n], "card {card_id}'s grades");
    }
    let retired: Vec<i64> = env
        .cards_with(&["--state", "retired"])
        .iter()
        .map(id)
        .collect();
    assert_eq!(retired, ids[2..]);
    check_passes(&env);

    // Each rule off brings its card back, with its history.
    for (settings, back) in [
        ("cloze_min_words = 0\n", ids[2]),
        ("cloze_min_words = 0\nskip_headings = []\n", ids[3]),
        (
            "cloze_min_words = 0\nskip_headings = []\nskip_link_lists = false\n",
            ids[4],
        ),
    ] {
        let report = sync_with(&env, settings);
        assert_eq!(Counts::of(&report).revived, 1, "{settings}: {report}");
        let live: Vec<i64> = env.cards().iter().map(id).collect();
        assert!(live.contains(&back), "{settings}");
        let n = ids.iter().position(|&c| c == back).unwrap();
        assert_eq!(history(&env, back), graded[n]);
        check_passes(&env);
    }
    // And on again: they retire again, with their history.
    let report = env.sync();
    assert_eq!(Counts::of(&report).retired, 3, "{report}");
    for (n, &card_id) in ids.iter().enumerate() {
        assert_eq!(history(&env, card_id), graded[n]);
    }
    check_passes(&env);
}

#[test]
fn sync_v_names_each_card_left_out_and_the_summary_counts_them() {
    let env = Env::new();
    env.write("notes.md", NOTES);
    let out = env.recall().args(["-v", "sync"]).assert().success();
    let output = out.get_output();
    let path = env.note_path("notes.md").display().to_string();
    let stderr = String::from_utf8_lossy(&output.stderr);
    for line in [
        format!("skipped {path}:18: cloze too short \"Open […].\""),
        format!("skipped {path}:20: reference section \"Further reading\""),
        format!("skipped {path}:24: link list \"Tools\""),
    ] {
        assert!(stderr.lines().any(|l| l == line), "{line} in:\n{stderr}");
    }
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "cards: 4 added, 0 unchanged; files: 1 read, 0 skipped as unchanged; 3 cards left out\n"
    );
    // Without -v, the summary says how to see them.
    env.write("notes.md", &NOTES.replace("SameSite", "SameSite=Lax"));
    env.recall().arg("sync").assert().success().stdout(
        "cards: 1 changed, 3 unchanged; files: 1 read, 0 skipped as unchanged; \
             3 cards left out (-v names them)\n",
    );
}
