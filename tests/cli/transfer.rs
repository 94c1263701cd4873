//! Export and import, and the tool conventions around them: the Anki text
//! file parsed back field by field, CSV, the JSON backup round trip into an
//! empty database (and twice), completions and the man page.

use crate::support as common;

use common::{Env, SuccessOutput, card, id};
use serde_json::Value;

const NOTES: &str = "# Rust › \"basics\"\n\n- Traits\n  - shared `behaviour`\n  - **dyn** dispatch\n- Lifetimes\n  - scopes of borrows\n";

fn export(env: &Env, format: &str) -> String {
    let out = env
        .recall()
        .args(["export", "--format", format])
        .success_stdout();
    String::from_utf8(out).unwrap()
}

/// Splits one Anki text-import record on tabs, undoing the quoting of a
/// field that holds a double quote.
fn anki_fields(line: &str) -> Vec<String> {
    line.split('\t')
        .map(
            |f| match f.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
                Some(inner) => inner.replace("\"\"", "\""),
                None => f.to_string(),
            },
        )
        .collect()
}

#[test]
fn the_anki_file_has_its_headers_and_one_html_record_per_card() {
    let env = Env::new();
    env.write("lang/rust.md", NOTES);
    env.sync();
    let text = export(&env, "anki");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        &lines[..6],
        &[
            "#separator:tab",
            "#html:true",
            "#notetype:Basic",
            "#columns:Front\tBack\tDeck\tTags",
            "#deck column:3",
            "#tags column:4"
        ]
    );
    let records: Vec<Vec<String>> = lines[6..].iter().map(|l| anki_fields(l)).collect();
    assert_eq!(records.len(), env.cards().len());
    for r in &records {
        assert_eq!(r.len(), 4, "{r:?}");
        assert_eq!(r[2], "recall::lang::rust");
        assert!(r[3] == "recall::list" || r[3] == "recall::cloze", "{r:?}");
    }
    let traits = records
        .iter()
        .find(|r| r[0].ends_with("Traits"))
        .expect("the Traits card");
    assert_eq!(traits[0], "<small>Rust › \"basics\"</small><br>Traits");
    assert_eq!(
        traits[1],
        "<ul><li>shared <code>behaviour</code></li><li><strong>dyn</strong> dispatch</li></ul>"
    );
    let cloze = records.iter().find(|r| r[3] == "recall::cloze").unwrap();
    assert_eq!(
        cloze[0],
        "<small>Rust › \"basics\" › Traits</small><br>[…] dispatch"
    );
    assert_eq!(cloze[1], "dyn");
}

#[test]
fn csv_has_a_header_and_every_card_with_its_schedule() {
    let env = Env::new();
    env.write("rust.md", NOTES);
    env.sync();
    let traits = id(card(&env.cards(), "Traits"));
    env.review(traits, &[5]);
    let text = export(&env, "csv");
    assert!(text.starts_with("id,deck,kind,context,question,answer,state,ef,interval,"));
    let row = text
        .lines()
        .find(|l| l.starts_with(&format!("{traits},")))
        .unwrap();
    assert!(row.contains(",Traits,\"shared behaviour"), "{row}");
    // The answer spans two lines inside its quoted field.
    assert!(text.contains("shared behaviour\ndyn dispatch\",learning,2.60,1,1,0,2026-03-02"));
}

#[test]
fn a_json_export_restores_every_card_schedule_and_review_into_an_empty_database() {
    let env = Env::new();
    env.write("rust.md", NOTES);
    env.sync();
    let cards = env.cards();
    env.review(id(card(&cards, "Traits")), &[5, 3, 0]);
    env.review(id(card(&cards, "Lifetimes")), &[4]);
    env.recall()
        .args(["suspend", &id(card(&cards, "Lifetimes")).to_string()])
        .assert()
        .success();
    let backup = env.dir.path().join("backup.json");
    env.recall()
        .args(["export", "--format", "json", "-o"])
        .arg(&backup)
        .assert()
        .success();

    let restored = env.dir.path().join("restored.db");
    let import = |expect: &str| {
        env.recall()
            .args(["--db"])
            .arg(&restored)
            .arg("import")
            .arg(&backup)
            .assert()
            .success()
            .stdout(predicates::str::contains(expect.to_string()));
    };
    import("(4 new) and 4 reviews (4 new)");
    let strip = |cards: Vec<Value>| -> Vec<Value> {
        cards
            .into_iter()
            .map(|mut c| {
                c.as_object_mut().unwrap().remove("id");
                c
            })
            .collect()
    };
    let listed = |db: &std::path::Path| -> Vec<Value> {
        let out = env
            .recall()
            .arg("--db")
            .arg(db)
            .args(["cards", "--state", "all", "--json"])
            .success_stdout();
        common::json_lines(&out)
    };
    let original = strip(listed(&env.db));
    assert_eq!(strip(listed(&restored)), original);

    // Twice changes nothing.
    import("(0 new) and 4 reviews (0 new)");
    assert_eq!(strip(listed(&restored)), original);
    env.recall()
        .arg("--db")
        .arg(&restored)
        .arg("check")
        .assert()
        .success();
}

#[test]
fn a_file_that_is_not_an_export_is_refused_by_name() {
    let env = Env::new();
    let bad = env.dir.path().join("notes.json");
    std::fs::write(&bad, "{\"cards\": 3}").unwrap();
    env.recall()
        .arg("import")
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "notes.json is not a recall JSON export",
        ));
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line_definition() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = env.recall().args(["completions", shell]).success_stdout();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("review") && text.contains("dry-run"),
            "{shell}"
        );
    }
    env.recall()
        .arg("man")
        .assert()
        .success()
        .stdout(predicates::str::contains(".TH recall 1"));
}
