//! `recall lint` (docs/design.md §14.3): the cards likely poor, each with
//! `file:line`, what is wrong and what to do, then what the rules left out;
//! `--json`, `--deck`, and `--strict` for a notes repository's CI.

use serde_json::Value;

use crate::support::{Env, json};

/// A deck with one card of each problem, and one left out by each rule.
const POOR: &str = "\
# Process states
- new
- ready
- running
- waiting
- terminated
- suspended ready
- suspended waiting
- zombie

# Redis
## Pros
- fast

# Memcached
## Pros
- simple

# Docker
- Docker
- images and containers

# Symbols
- ->

# Open the vault
- Open **Settings**.

## References
- The book
";

const GOOD: &str = "# 트레이트\n- 공유 동작\n- 제네릭의 경계\n";

fn env() -> Env {
    let env = Env::new();
    env.write("poor.md", POOR);
    env.write("rust/traits.md", GOOD);
    env.write("rust/copy.md", GOOD);
    env
}

#[test]
fn lint_names_each_poor_card_with_its_line_problem_and_remedy() {
    let env = env();
    let out = env.recall().arg("lint").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let poor = env.note_path("poor.md").display().to_string();
    let traits = env.note_path("rust/traits.md").display().to_string();
    let copy = env.note_path("rust/copy.md").display().to_string();
    let expected = [
        format!(
            "{poor}:1: an answer of 8 items (\"Process states\"): split it under sub-headings \
             or sub-items of at most 7 each"
        ),
        format!(
            "{poor}:12: asked again at line 16 with another answer (\"Pros\"): make each \
             question say which one it asks"
        ),
        format!(
            "{poor}:16: asked again at line 12 with another answer (\"Pros\"): make each \
             question say which one it asks"
        ),
        format!(
            "{poor}:19: the answer repeats the question (\"Docker\"): ask what the item says \
             about it instead"
        ),
        format!(
            "{poor}:23: the answer is empty once rendered (\"Symbols\"): write the answer as \
             text, or remove the list"
        ),
        format!("{copy}:1: the same card as rust/traits:1 (\"트레이트\"): keep it in one note"),
        format!("{traits}:1: the same card as rust/copy:1 (\"트레이트\"): keep it in one note"),
        "7 of 8 cards listed; left out: 1 reference section, 1 cloze too short".to_string(),
    ];
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines, expected, "{text}");
    // -v names what the rules left out.
    let out = env.recall().args(["-v", "lint"]).assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            format!("skipped {poor}:27: cloze too short \"Open […].\""),
            format!("skipped {poor}:29: reference section \"References\""),
        ]
    );
}

#[test]
fn lint_json_lists_the_same_cards_and_counts_each_rule() {
    let env = env();
    let out = env.recall().args(["lint", "--json"]).assert().success();
    let report: Value = json(&out.get_output().stdout);
    assert_eq!(report["cards"], 8);
    assert_eq!(
        report["left_out"],
        serde_json::json!({"reference section": 1, "cloze too short": 1})
    );
    let listed = report["listed"].as_array().unwrap();
    let problems: Vec<(&str, u64, &str)> = listed
        .iter()
        .map(|f| {
            (
                f["deck"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["problem"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            ("poor", 1, "long-answer"),
            ("poor", 12, "asked-twice"),
            ("poor", 16, "asked-twice"),
            ("poor", 19, "repeats-question"),
            ("poor", 23, "empty-answer"),
            ("rust/copy", 1, "in-two-decks"),
            ("rust/traits", 1, "in-two-decks"),
        ]
    );
    let first = &listed[0];
    assert_eq!(first["question"], "Process states");
    assert_eq!(first["what"], "an answer of 8 items");
    assert!(first["file"].as_str().unwrap().ends_with("poor.md"));
    assert!(first["advice"].as_str().unwrap().starts_with("split it"));
}

#[test]
fn strict_fails_only_when_a_card_is_listed_and_deck_chooses_the_notes() {
    let env = env();
    env.recall().args(["lint", "--strict"]).assert().code(1);
    // One deck alone holds no card twice, and nothing poor.
    let out = env
        .recall()
        .args(["lint", "--strict", "--deck", "rust/traits"])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout),
        "0 of 1 card listed; nothing left out\n"
    );
    // Turning a rule off brings its cards back, and lint counts them no more.
    let settings = env.dir.path().join("rules.toml");
    std::fs::write(&settings, "skip_headings = []\ncloze_min_words = 0\n").unwrap();
    let out = env
        .recall()
        .arg("--config")
        .arg(&settings)
        .args(["lint", "--json"])
        .assert()
        .success();
    let report: Value = json(&out.get_output().stdout);
    assert_eq!(report["left_out"], serde_json::json!({}));
    assert_eq!(report["cards"], 10);
}

#[test]
fn lint_of_a_missing_notes_folder_is_one_sentence_naming_it() {
    let env = Env::new();
    let missing = env.dir.path().join("nowhere");
    let out = env
        .recall()
        .arg("--notes")
        .arg(&missing)
        .arg("lint")
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(
        stderr.contains(&missing.display().to_string()) && stderr.lines().count() == 1,
        "{stderr}"
    );
}
