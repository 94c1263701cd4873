//! Export and import, and the tool conventions around them: the Anki text
//! file parsed back field by field, CSV, the JSON backup round trip into an
//! empty database (and twice, and with its reviews listed in any order),
//! completions and the man page.

use crate::support as common;

use common::{Env, NOW_SECS, SuccessOutput, TODAY, card, id};
use recall::grading;
use recall::scheduler::Grade;
use recall::store::{NewReview, Store};
use serde_json::Value;

const NOTES: &str = "# Rust › \"basics\"\n\n- Traits\n  - shared `behaviour`\n  - **dyn** dispatch at run time\n- Lifetimes\n  - scopes of borrows\n";

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
        "<ul><li>shared <code>behaviour</code></li><li><strong>dyn</strong> dispatch at run time</li></ul>"
    );
    let cloze = records.iter().find(|r| r[3] == "recall::cloze").unwrap();
    assert_eq!(
        cloze[0],
        "<small>Rust › \"basics\" › Traits</small><br>[…] dispatch at run time"
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
    assert!(
        text.contains(
            "shared behaviour\ndyn dispatch at run time\",learning,2.60,1,1,0,2026-03-02"
        )
    );
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
    // Nothing typed or practised: the version any recall reads.
    let text = std::fs::read_to_string(&backup).unwrap();
    assert!(
        text.starts_with(r#"{"format":"recall-export","version":1,"#),
        "{text}"
    );

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

/// Grades given through the store library as a session would: each
/// `(days after TODAY, grade)` a minute after the one before it that day.
fn grade_log(env: &Env, card_id: i64, log: &[(i32, u8)]) {
    let store = Store::open(&env.db).expect("open store");
    let mut last_day = None;
    let mut minute = 0;
    for &(offset, n) in log {
        minute = if last_day == Some(offset) {
            minute + 1
        } else {
            0
        };
        last_day = Some(offset);
        store
            .write(|w| {
                grading::record(
                    w,
                    &recall::scheduler::Scheduler::Sm2,
                    &NewReview {
                        card_id,
                        at: NOW_SECS + i64::from(offset) * 86_400 + 60 * minute,
                        day: TODAY + offset,
                        grade: Grade::new(n).expect("a grade"),
                        millis: 1_000,
                        due_offset: None,
                    },
                )
            })
            .expect("record review");
    }
}

/// `recall --db DB ARGS…`, which must succeed; its output as JSON lines.
fn json_on(env: &Env, db: &std::path::Path, args: &[&str]) -> Vec<Value> {
    let out = env.recall().arg("--db").arg(db).args(args).success_stdout();
    let text = String::from_utf8(out).unwrap();
    // `show --json` prints one pretty value, `cards --json` one per line.
    match serde_json::from_str::<Value>(&text) {
        Ok(one) => vec![one],
        Err(_) => common::json_lines(text.as_bytes()),
    }
}

fn without_id(mut values: Vec<Value>) -> Vec<Value> {
    for v in &mut values {
        v.as_object_mut().unwrap().remove("id");
    }
    values
}

const THREE_CARDS: &str = "# Rust\n\n- Traits\n  - shared behaviour\n- Lifetimes\n  - scopes\n- Macros\n  - code that writes code\n";

#[test]
fn an_export_with_its_reviews_in_any_order_imports_to_the_same_schedules() {
    let env = Env::new();
    env.write("rust.md", THREE_CARDS);
    env.sync();
    let cards = env.cards();
    let (traits, lifetimes, macros) = (
        id(card(&cards, "Traits")),
        id(card(&cards, "Lifetimes")),
        id(card(&cards, "Macros")),
    );
    // The issue's card: 5 one day, then 1 and 5 the next (EF 2.06,
    // interval 1, one lapse), and two more with repeats over several days.
    grade_log(&env, traits, &[(0, 5), (1, 1), (1, 5)]);
    grade_log(
        &env,
        lifetimes,
        &[(0, 4), (0, 2), (1, 5), (7, 0), (7, 4), (8, 5)],
    );
    grade_log(
        &env,
        macros,
        &[(0, 0), (0, 5), (2, 3), (8, 5), (8, 1), (20, 5)],
    );
    let traits_json = json_on(&env, &env.db, &["show", "--json", &traits.to_string()]);
    assert_eq!(traits_json[0]["ef"], 2.06);
    assert_eq!(traits_json[0]["interval"], 1);
    assert_eq!(traits_json[0]["lapses"], 1);

    let backup = env.dir.path().join("backup.json");
    env.recall()
        .args(["export", "--format", "json", "-o"])
        .arg(&backup)
        .assert()
        .success();
    let mut file: Value = serde_json::from_str(&std::fs::read_to_string(&backup).unwrap()).unwrap();
    for (i, c) in file["cards"].as_array_mut().unwrap().iter_mut().enumerate() {
        let reviews = c["reviews"].as_array_mut().unwrap();
        let turn = i % reviews.len().max(1);
        reviews.reverse();
        reviews.rotate_left(turn);
    }
    let shuffled = env.dir.path().join("shuffled.json");
    std::fs::write(&shuffled, file.to_string()).unwrap();

    let restored = env.dir.path().join("restored.db");
    env.recall()
        .arg("--db")
        .arg(&restored)
        .arg("import")
        .arg(&shuffled)
        .assert()
        .success();
    let listing = ["cards", "--state", "all", "--json"];
    assert_eq!(
        without_id(json_on(&env, &restored, &listing)),
        without_id(json_on(&env, &env.db, &listing))
    );
    let restored_cards = json_on(&env, &restored, &listing);
    for question in ["Traits", "Lifetimes", "Macros"] {
        let show = |db: &std::path::Path, id: i64| {
            without_id(json_on(&env, db, &["show", "--json", &id.to_string()]))
        };
        let original = show(&env.db, id(card(&cards, question)));
        assert_eq!(
            show(&restored, id(card(&restored_cards, question))),
            original,
            "{question}"
        );
    }
    env.recall()
        .arg("--db")
        .arg(&restored)
        .arg("check")
        .assert()
        .success();
}

#[test]
fn check_flags_a_schedule_that_disagrees_with_the_log_in_time_order() {
    let env = Env::new();
    env.write("rust.md", THREE_CARDS);
    env.sync();
    let cards = env.cards();
    let traits = id(card(&cards, "Traits"));
    grade_log(&env, traits, &[(0, 5), (1, 1), (1, 5)]);
    env.recall().arg("check").assert().success();

    // In row order the log still reads 5, 1, 5; in time order the 5 of the
    // second day now comes before its 1, and the schedule stored for the
    // old order (one lapse) is no longer the log's replay.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let moved = conn
        .execute(
            "UPDATE reviews SET at = at - 3600 WHERE card_id = ?1 AND id = \
             (SELECT max(id) FROM reviews WHERE card_id = ?1)",
            [traits],
        )
        .unwrap();
    assert_eq!(moved, 1);
    drop(conn);

    let out = env.recall().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| {
            l.starts_with(&format!(
                "card {traits}: schedule differs from its review log:"
            ))
        })
        .unwrap_or_else(|| panic!("no schedule problem in:\n{text}"));
    assert!(line.contains("ef 2.06 (replay gives 2.70)"), "{line}");
    assert!(line.contains("lapses 1 (replay gives 0)"), "{line}");
}

#[cfg(unix)]
#[test]
fn an_export_over_a_link_writes_the_file_it_names_and_keeps_its_permissions() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let env = Env::new();
    env.write("rust.md", NOTES);
    env.sync();
    let kept = env.dir.path().join("private");
    std::fs::create_dir(&kept).unwrap();
    let target = kept.join("backup.json");
    std::fs::write(&target, "an older backup").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = env.dir.path().join("backup.json");
    symlink(&target, &link).unwrap();
    env.recall()
        .args(["export", "--format", "json", "-o"])
        .arg(&link)
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("\"format\""), "{written}");
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a private backup stays private");
}
