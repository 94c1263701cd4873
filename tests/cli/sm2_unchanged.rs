//! SM-2 without load balancing is exactly what it was before the daily
//! workload's settings came (docs/design.md §15): a scripted history of
//! sessions over seven weeks (failures, same-day repeats, an undo, a skip)
//! gives, byte for byte, the sessions' output, `cards --json`, `show
//! --json` and the JSON export that recall wrote before them. The expected
//! files in `tests/data/sm2-history/` were written by that recall (commit
//! 05a4e69) running this same script. Only what the machine's speed decides
//! is left out of the comparison: the milliseconds spent on each card, the
//! seconds into a session a grade was given, and the session's duration.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::Env;

const NOTES: &str = "# Ownership\n\n- **Move** semantics hand over the value\n- Borrowing\n  \
    - shared\n  - mutable\n\n# Lifetimes\n\n- annotations name regions\n- elision rules\n\n\
    # Traits\n\n- shared behaviour\n- default methods\n\n# Generics\n\n- type parameters\n\n\
    # Closures\n\n- Fn\n- FnMut\n- FnOnce\n\n# Iterators\n\n- lazy\n- adapters\n";

/// The sessions: when, and what the learner types.
const SESSIONS: [(&str, &str); 8] = [
    (
        "2026-03-01T09:00:00Z",
        "\n5\n\n4\n\n2\n\n3\n\n4\n\n5\n\n0\n\n4\n\n4\n\n5\n\n4\n\n4\n",
    ),
    (
        "2026-03-02T08:30:00Z",
        "\n4\n\n3\n\n5\n\n4\n\n2\n\n4\n\n5\n\n4\n\n4\n\n4\n",
    ),
    (
        "2026-03-03T21:00:00Z",
        "\n4\nu\n\n5\ns\n\n3\n\n4\n\n4\n\n4\n\n4\n\n4\n",
    ),
    ("2026-03-04T02:00:00Z", "\n1\n\n4\n\n4\n\n4\n"),
    (
        "2026-03-08T10:00:00Z",
        "\n5\n\n5\n\n3\n\n4\n\n4\n\n4\n\n4\n\n4\n\n4\n",
    ),
    (
        "2026-03-16T10:00:00Z",
        "\n4\n\n0\n\n4\n\n5\n\n4\n\n4\n\n4\n\n4\n",
    ),
    (
        "2026-04-01T18:00:00Z",
        "\n5\n\n5\n\n5\n\n4\n\n3\n\n4\n\n4\n\n4\n\n4\n\n4\n",
    ),
    (
        "2026-04-20T07:00:00Z",
        "\n4\n\n4\n\n4\n\n4\n\n4\n\n4\n\n4\n\n4\n\n4\n\n4\n",
    ),
];

/// When the collection is looked at afterwards.
const AFTER: &str = "2026-04-21T12:00:00Z";

/// Runs the script; every output it gives, by the name of its expected file.
fn run(env: &Env, settings: Option<&Path>) -> Vec<(String, Vec<u8>)> {
    let recall = |now: &str| {
        let mut cmd = env.recall_at(now);
        if let Some(file) = settings {
            cmd.arg("--config").arg(file);
        }
        cmd
    };
    let mut outputs = Vec::new();
    for (i, (now, input)) in SESSIONS.iter().enumerate() {
        let out = recall(now)
            .args(["review", "--seed", &(i + 1).to_string()])
            .write_stdin(*input)
            .assert()
            .success();
        outputs.push((
            format!("session-{}.txt", i + 1),
            out.get_output().stdout.clone(),
        ));
    }
    let cards = recall(AFTER)
        .args(["cards", "--state", "all", "--json"])
        .assert()
        .success();
    let cards = cards.get_output().stdout.clone();
    let ids: Vec<i64> = String::from_utf8_lossy(&cards)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_i64()
                .unwrap()
        })
        .collect();
    outputs.push(("cards.jsonl".into(), cards));
    for id in ids {
        let out = recall(AFTER)
            .args(["show", &id.to_string(), "--json"])
            .assert()
            .success();
        // The notes' folder is the test's own.
        let mut show: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        show.as_object_mut().unwrap().remove("file");
        outputs.push((format!("show-{id}.json"), show.to_string().into_bytes()));
    }
    let export = recall(AFTER)
        .args(["export", "--format", "json"])
        .assert()
        .success();
    outputs.push(("export.json".into(), export.get_output().stdout.clone()));
    outputs
}

fn expected_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sm2-history")
}

/// `text` without what the machine's speed decides: each `"millis"` is 0,
/// each time (Unix seconds after `"at":`, or `THH:MM:SS`) is the minute's
/// start, and a session's summary says 0 seconds.
fn steady(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let number = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        if let Some(after) = rest.strip_prefix("\"millis\":") {
            out.push_str("\"millis\":0");
            rest = &after[number(after)..];
        } else if let Some(after) = rest.strip_prefix("\"at\":")
            && number(after) > 0
        {
            let digits = &after[..number(after)];
            let seconds: i64 = digits.parse().unwrap();
            out.push_str(&format!("\"at\":{}", seconds - seconds % 60));
            rest = &after[digits.len()..];
        } else if rest.len() >= 9
            && rest.as_bytes()[0] == b'T'
            && rest[1..9].bytes().enumerate().all(|(i, b)| {
                if i == 2 || i == 5 {
                    b == b':'
                } else {
                    b.is_ascii_digit()
                }
            })
        {
            out.push_str(&rest[..7]);
            out.push_str("00");
            rest = &rest[9..];
        } else if rest.starts_with("Reviewed ")
            && let Some(end) = rest.find('\n')
            && let Some(at) = rest[..end].rfind(" in ")
        {
            out.push_str(&rest[..at]);
            out.push_str(" in 0m 00s.");
            rest = &rest[end..];
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[test]
fn the_comparison_leaves_out_only_what_the_machine_decides() {
    assert_eq!(
        steady(
            r#"{"at":1772355661,"millis":1834,"day":"2026-03-01","last":"2026-03-01T09:01:07+00:00"}"#
        ),
        r#"{"at":1772355660,"millis":0,"day":"2026-03-01","last":"2026-03-01T09:01:00+00:00"}"#
    );
    assert_eq!(
        steady(
            "Q: x\nReviewed 3 cards, 3 of them (100%) graded 3 or more on first try in 1m 04s.\nNext"
        ),
        "Q: x\nReviewed 3 cards, 3 of them (100%) graded 3 or more on first try in 0m 00s.\nNext"
    );
}

/// Fields `show --json` gained after the expected files were written
/// (`cards --json` gained the last two),
/// which say what the card's text is in Markdown and hold nothing of its
/// schedule: the comparison is of what that recall printed.
const LATER_SHOW_FIELDS: [&str; 5] = ["answer_md", "context_md", "question_md", "lead", "details"];

/// `text` without `LATER_SHOW_FIELDS`, for a `show --json` output, and
/// without the empty lead and details `cards --json` gained since.
fn without_later_fields(name: &str, text: &str) -> String {
    if name == "cards.jsonl" {
        return text.replace(",\"lead\":[],\"details\":[]", "");
    }
    if !name.starts_with("show-") {
        return text.to_string();
    }
    let mut card: serde_json::Value = serde_json::from_str(text).unwrap();
    let fields = card.as_object_mut().unwrap();
    for field in LATER_SHOW_FIELDS {
        fields.remove(field);
    }
    let end = if text.ends_with('\n') { "\n" } else { "" };
    format!("{}{end}", serde_json::to_string(&card).unwrap())
}

fn assert_as_before(outputs: &[(String, Vec<u8>)]) {
    let dir = expected_dir();
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut given: Vec<String> = outputs.iter().map(|(name, _)| name.clone()).collect();
    given.sort();
    assert_eq!(given, names);
    for (name, bytes) in outputs {
        let now = steady(&without_later_fields(
            name,
            std::str::from_utf8(bytes).unwrap(),
        ));
        let before = steady(&fs::read_to_string(dir.join(name)).unwrap());
        assert!(
            now == before,
            "{name} differs:\n--- now\n{now}\n--- before\n{before}"
        );
    }
}

#[test]
fn sm2_with_balancing_off_gives_byte_for_byte_what_it_gave_before() {
    let env = Env::new();
    env.write("deck.md", NOTES);
    assert_as_before(&run(&env, None));
}

#[test]
fn under_sm2_easy_days_change_nothing_while_balancing_is_off() {
    let env = Env::new();
    env.write("deck.md", NOTES);
    let settings = env.dir.path().join("recall.toml");
    fs::write(
        &settings,
        "load_balance = false\neasy_days = [\"sat\", \"sun\"]\nmax_reviews_per_day = 500\n",
    )
    .unwrap();
    assert_as_before(&run(&env, Some(&settings)));
}
