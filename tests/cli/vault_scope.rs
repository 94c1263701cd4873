//! Which notes become cards in a real vault (docs/design.md §13, scope): the
//! test vault `tests/fixtures/vault/` copied into a temporary notes folder,
//! then `preview` and `sync` on it. Hidden folders, the ignore files at
//! several depths, the `ignore` setting and `recall: false` front matter
//! leave files out, the same way for both commands; a file leaving the scope
//! retires its cards and coming back revives them with their history, even
//! when only an ignore file or the setting changed; `-v` says why each file
//! was skipped.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Counts, Env, SuccessOutput, card, id, json, json_lines};

const SAMPLE: &str = include_str!("../../notes/conference-notes.md");

/// The test vault, as the repository holds it.
fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault")
}

/// Copies the folder `from` into `to` (created if needed), hidden files and
/// folders included, so a test can change its own copy of a fixture.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create the copy's folder");
    for entry in fs::read_dir(from).expect("list the fixture") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy a fixture file");
        }
    }
}

/// A temporary notes folder holding the test vault and the shipped sample.
fn vault() -> Env {
    let env = Env::new();
    copy_tree(&fixture(), &env.notes);
    env.write("conference-notes.md", SAMPLE);
    env
}

/// Writes a settings file of the test's own and returns its path.
fn settings(env: &Env, name: &str, text: &str) -> PathBuf {
    let path = env.dir.path().join(name);
    fs::write(&path, text).expect("write the settings file");
    path
}

/// The decks of these cards, once each.
fn decks(cards: &[Value]) -> BTreeSet<String> {
    cards
        .iter()
        .map(|c| c["deck"].as_str().expect("a deck").to_string())
        .collect()
}

/// The cards `preview --json` prints for the whole vault, with extra
/// global arguments (the lines naming a card left out have no question).
fn preview(env: &Env, args: &[&str]) -> Vec<Value> {
    json_lines(
        &env.recall()
            .args(args)
            .args(["preview", "--json"])
            .success_stdout(),
    )
    .into_iter()
    .filter(|line| line.get("question").is_some())
    .collect()
}

/// The decks of the vault that are study notes, with no `ignore` setting.
const STUDY: [&str; 6] = [
    "archive/maybe-later",
    "conference-notes",
    "daily/2026-02-27",
    "drafts/ready",
    "korean/grammar/endings",
    "korean/particles",
];

/// The decks the vault's hidden folders, ignore files and front matter
/// leave out.
const LEFT_OUT: [&str; 9] = [
    ".trash/old",
    "scratch",
    "drawing.excalidraw",
    "templates/reading-list",
    "drafts/half-baked",
    "archive/old-course",
    "korean/homework.todo",
    "korean/grammar/drill-01",
    ".obsidian/app",
];

fn assert_scope(found: &BTreeSet<String>, present: &[&str], absent: &[&str]) {
    for deck in present {
        assert!(found.contains(*deck), "{deck} missing from {found:?}");
    }
    for deck in absent {
        assert!(
            !found.contains(*deck),
            "{deck} should be left out: {found:?}"
        );
    }
}

#[test]
fn preview_shows_study_notes_and_leaves_out_hidden_ignored_and_opted_out_files() {
    let env = vault();
    let cards = preview(&env, &[]);
    assert_scope(&decks(&cards), &STUDY, &LEFT_OUT);
    // The sample deck gives its 50 cards inside a vault as on its own.
    let sample = cards.iter().filter(|c| c["deck"] == "conference-notes");
    assert_eq!(sample.count(), 50);
    // A nested `!ready.md` brings back one file of a folder its own
    // `.ignore` leaves out.
    card(&cards, "Spaced repetition");
}

#[test]
fn sync_gives_cards_for_exactly_the_decks_preview_shows() {
    let env = vault();
    let previewed = preview(&env, &[]);
    let report = env.sync();
    assert_eq!(report["added"].as_u64(), Some(previewed.len() as u64));
    assert_eq!(report["files_failed"], serde_json::json!([]));
    let synced = env.cards();
    assert_eq!(decks(&synced), decks(&previewed));
    assert_scope(&decks(&synced), &STUDY, &LEFT_OUT);
    assert_eq!(
        synced
            .iter()
            .filter(|c| c["deck"] == "conference-notes")
            .count(),
        50
    );
}

#[test]
fn the_ignore_setting_leaves_out_what_its_globs_match_in_preview_sync_and_config() {
    let env = vault();
    let config = settings(
        &env,
        "recall.toml",
        "ignore = [\"daily/**\", \"*-later.md\"]\n",
    );
    let with = ["--config", config.to_str().unwrap()];
    let left_out = [
        "daily/2026-02-27",
        "daily/2026-02-28",
        "archive/maybe-later",
    ];
    let previewed = decks(&preview(&env, &with));
    assert_scope(&previewed, &STUDY[1..2], &left_out);
    assert_scope(&previewed, &["korean/particles"], &LEFT_OUT);

    env.recall()
        .args(with)
        .args(["sync", "--json"])
        .assert()
        .success();
    assert_eq!(decks(&env.cards()), previewed);

    let c = json(
        &env.recall()
            .args(with)
            .args(["config", "--json"])
            .success_stdout(),
    );
    assert_eq!(c["ignore"], serde_json::json!(["daily/**", "*-later.md"]));
    assert_eq!(c["sources"]["ignore"], "file");
}

/// Syncs with `config`; the report.
fn sync_with(env: &Env, config: &Path) -> Value {
    json(
        &env.recall()
            .arg("--config")
            .arg(config)
            .args(["sync", "--json"])
            .success_stdout(),
    )
}

/// The ids and review counts of the cards of `deck`, retired included.
fn history_of(env: &Env, deck: &str) -> Vec<(i64, usize)> {
    let mut cards: Vec<(i64, usize)> = env
        .all_cards()
        .iter()
        .filter(|c| c["deck"] == deck)
        .map(|c| {
            let shown = env
                .recall()
                .args(["show", "--json", &id(c).to_string()])
                .success_stdout();
            let reviews = json(&shown)["history"].as_array().map_or(0, Vec::len);
            (id(c), reviews)
        })
        .collect();
    cards.sort();
    cards
}

#[test]
fn a_file_the_setting_leaves_out_retires_its_cards_and_comes_back_with_its_history() {
    let env = vault();
    let open = settings(&env, "open.toml", "ignore = []\n");
    sync_with(&env, &open);
    let particles = card(&env.cards(), "조사 (Particles)").clone();
    env.review(id(&particles), &[4, 5]);
    let before = history_of(&env, "korean/particles");
    let count = before.len() as u64;
    assert!(count >= 3, "{before:?}");

    let closed = settings(&env, "closed.toml", "ignore = [\"korean/particles.md\"]\n");
    let report = sync_with(&env, &closed);
    assert_eq!(
        Counts::of(&report),
        Counts {
            retired: count,
            unchanged: report["unchanged"].as_u64().unwrap(),
            ..Counts::default()
        }
    );
    let retired = env.cards_with(&["--state", "retired"]);
    assert_eq!(
        decks(&retired),
        BTreeSet::from(["korean/particles".to_string()])
    );

    // The file itself never changed: only the setting did.
    let report = sync_with(&env, &open);
    assert_eq!(report["revived"].as_u64(), Some(count), "{report}");
    assert_eq!(report["added"], 0, "{report}");
    assert!(env.cards_with(&["--state", "retired"]).is_empty());
    assert_eq!(history_of(&env, "korean/particles"), before);
    assert!(before.contains(&(id(&particles), 2)), "{before:?}");
}

#[test]
fn an_ignore_file_added_or_removed_takes_effect_on_the_next_sync() {
    let env = vault();
    env.sync();
    let count = history_of(&env, "korean/grammar/endings").len() as u64;
    assert!(count > 0);
    let rule = env.note_path("korean/.recallignore");
    fs::write(&rule, "grammar/endings.md\n").unwrap();
    let report = env.sync();
    assert_eq!(report["retired"].as_u64(), Some(count), "{report}");
    fs::remove_file(&rule).unwrap();
    let report = env.sync();
    assert_eq!(report["revived"].as_u64(), Some(count), "{report}");
    // Nothing was read: the file is as the first sync saw it, so it came
    // back from the walk alone.
    assert_eq!(report["files_read"], 1, "{report}");
}

#[test]
fn recall_false_in_front_matter_retires_a_files_cards_until_it_is_removed() {
    let env = vault();
    env.sync();
    let path = "korean/grammar/endings.md";
    let text = fs::read_to_string(env.note_path(path)).unwrap();
    let count = history_of(&env, "korean/grammar/endings").len() as u64;
    env.write(path, &format!("---\nrecall: false\n---\n{text}"));
    let report = env.sync();
    assert_eq!(report["retired"].as_u64(), Some(count), "{report}");
    env.write(path, &text);
    let report = env.sync();
    assert_eq!(report["revived"].as_u64(), Some(count), "{report}");
}

#[test]
fn sync_verbose_names_each_skipped_file_and_why() {
    let env = vault();
    let config = settings(&env, "scope.toml", "ignore = [\"daily/**\"]\n");
    let out = env
        .recall()
        .arg("--config")
        .arg(&config)
        .args(["-v", "sync"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let notes = env.notes.display().to_string();
    let skipped = |file: &str, why: &str| format!("skipped {notes}/{file}: {why}");
    for line in [
        skipped(
            ".trash/old.md",
            &format!("hidden ({notes}/.trash starts with a dot)"),
        ),
        skipped(
            "scratch.md",
            &format!("ignored by \"scratch.md\" in {notes}/.gitignore"),
        ),
        skipped(
            "drawing.excalidraw.md",
            &format!("ignored by \"*.excalidraw.md\" in {notes}/.gitignore"),
        ),
        skipped(
            "templates/reading-list.md",
            &format!("ignored by \"templates/\" in {notes}/.recallignore"),
        ),
        skipped(
            "drafts/half-baked.md",
            &format!("ignored by \"*.md\" in {notes}/drafts/.ignore"),
        ),
        skipped(
            "korean/homework.todo.md",
            &format!("ignored by \"*.todo.md\" in {notes}/korean/.gitignore"),
        ),
        skipped(
            "korean/grammar/drill-01.md",
            &format!("ignored by \"drill-*.md\" in {notes}/korean/grammar/.recallignore"),
        ),
        skipped(
            "daily/2026-02-27.md",
            "ignored by \"daily/**\" in the ignore setting",
        ),
        skipped(
            "daily/2026-02-28.md",
            "ignored by \"daily/**\" in the ignore setting",
        ),
        skipped(
            "archive/old-course.md",
            "its front matter says recall: false",
        ),
    ] {
        assert!(
            stderr.lines().any(|l| l == line),
            "no line {line:?} in:\n{stderr}"
        );
    }
    for kept in [
        "drafts/ready.md",
        "korean/particles.md",
        "archive/maybe-later.md",
    ] {
        assert!(
            // Left out as a file (`skipped FILE: why`), not a card of it
            // (`skipped FILE:LINE: rule "text"`).
            !stderr.contains(&format!("skipped {notes}/{kept}: ")),
            "{kept} is a study note:\n{stderr}"
        );
        assert!(stderr.contains(&format!("read {notes}/{kept}")), "{stderr}");
    }
    // Without -v, nothing is said about skipped files.
    let quiet = env
        .recall()
        .arg("--config")
        .arg(&config)
        .arg("sync")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("skipped"));
}

#[test]
fn preview_of_a_folder_inside_the_notes_root_follows_the_roots_ignore_files() {
    let env = vault();
    let drafts = env.note_path("drafts");
    let out = env
        .recall()
        .args(["preview", "--json"])
        .arg(&drafts)
        .success_stdout();
    // Decks are named from the folder previewed, as for any folder.
    assert_eq!(
        decks(&json_lines(&out)),
        BTreeSet::from(["ready".to_string()])
    );
    // The vault's root `.recallignore` leaves templates/ out, named or not.
    let out = env
        .recall()
        .args(["preview", "--json"])
        .arg(env.note_path("templates"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "skipped {}: ignored by \"templates/\" in {}\n",
            env.note_path("templates").display(),
            env.note_path(".recallignore").display()
        )
    );
}

#[test]
fn preview_of_a_named_file_that_is_out_of_scope_gives_no_cards_and_says_why() {
    let env = vault();
    let config = settings(&env, "scope.toml", "ignore = [\"daily/**\"]\n");
    for (file, why) in [
        (
            "daily/2026-02-28.md",
            "ignored by \"daily/**\" in the ignore setting".to_string(),
        ),
        (
            "archive/old-course.md",
            "its front matter says recall: false".to_string(),
        ),
        (
            ".trash/old.md",
            format!(
                "hidden ({} starts with a dot)",
                env.note_path(".trash").display()
            ),
        ),
    ] {
        let out = env
            .recall()
            .arg("--config")
            .arg(&config)
            .arg("preview")
            .arg(env.note_path(file))
            .output()
            .unwrap();
        assert!(out.status.success(), "{file}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "0 cards: 0 list, 0 cloze\n"
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("skipped {}: {why}\n", env.note_path(file).display())
        );
    }
    // A file outside the notes root is read as named: no vault rule applies.
    let outside = env.dir.path().join("elsewhere.md");
    fs::copy(env.note_path("scratch.md"), &outside).unwrap();
    let out = env
        .recall()
        .args(["preview", "--json"])
        .arg(&outside)
        .success_stdout();
    assert_eq!(
        decks(&json_lines(&out)),
        BTreeSet::from(["elsewhere".to_string()])
    );
}

#[test]
fn a_recall_value_that_is_not_yaml_false_keeps_the_file_and_is_warned_about() {
    for args in [&["sync"][..], &["preview", "--json"]] {
        // Each run on a fresh copy, so that sync reads the file each time.
        let quiet = vault().recall().arg("-q").args(args).output().unwrap();
        assert!(
            quiet.status.success() && quiet.stderr.is_empty(),
            "{args:?}"
        );
        let env = vault();
        let warning = format!(
            "warning: {}:3: `recall: no` in the front matter is not a YAML boolean, so the \
             file still gives cards; `recall: false` leaves it out",
            env.note_path("archive/maybe-later.md").display()
        );
        let out = env.recall().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.lines().any(|l| l == warning), "{args:?}:\n{stderr}");
    }
    let env = vault();
    env.sync();
    card(&env.cards(), "Kept anyway");
}
