//! Fixing a card where it lives: `recall show` points at `file:line`, sync
//! keeps that line true, `recall open` and the `e` key of a review run the
//! editor there and pick up the change with the card's history kept.

use crate::support as common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use common::{Env, card, id};

/// A fake editor: records its arguments in `args.txt`, then runs `edit` (a
/// shell snippet with the file as `$2`, after `+LINE` as `$1`).
fn fake_editor(env: &Env, edit: &str) -> PathBuf {
    let path = env.dir.path().join("editor.sh");
    let log = env.dir.path().join("args.txt");
    fs::write(
        &path,
        format!("#!/bin/sh\necho \"$@\" >> '{}'\n{edit}\n", log.display()),
    )
    .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn editor_args(env: &Env) -> String {
    fs::read_to_string(env.dir.path().join("args.txt")).unwrap_or_default()
}

const NOTES: &str = "# Rust\n\n- Traits\n  - shared behaviour\n- Lifetimes\n  - borrow scope\n";

#[test]
fn show_prints_the_file_and_line_and_sync_keeps_the_line_true() {
    let env = Env::new();
    env.write("rust.md", NOTES);
    env.sync();
    let lifetimes = id(card(&env.cards(), "Lifetimes"));
    let shown = env
        .recall()
        .args(["show", &lifetimes.to_string()])
        .output()
        .unwrap();
    let text = String::from_utf8(shown.stdout).unwrap();
    assert!(text.contains("rust.md:5"), "{text}");

    // Three lines inserted above the card move it down; its id stays.
    env.write(
        "rust.md",
        &format!("# Intro\n\nSome prose.\n\n{NOTES}").replace("# Rust\n", "# Rust\n"),
    );
    env.sync();
    let moved = card(&env.cards(), "Lifetimes").clone();
    assert_eq!(id(&moved), lifetimes);
    assert_eq!(moved["line"], 9);
    let shown = env
        .recall()
        .args(["show", &lifetimes.to_string()])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(shown.stdout)
            .unwrap()
            .contains("rust.md:9")
    );
}

#[test]
fn open_runs_the_editor_at_the_card_line_and_syncs_the_edit() {
    let env = Env::new();
    env.write("rust.md", NOTES);
    env.sync();
    let traits = id(card(&env.cards(), "Traits"));
    env.review(traits, &[4]);
    let editor = fake_editor(
        &env,
        "sed -i 's/shared behaviour/shared behaviour via impl/' \"$2\"",
    );
    env.recall()
        .env("VISUAL", &editor)
        .args(["open", &traits.to_string()])
        .assert()
        .success()
        .stdout(predicates::str::contains("shared behaviour via impl"));
    let note = env.note_path("rust.md");
    assert_eq!(editor_args(&env).trim(), format!("+3 {}", note.display()));
    let edited = card(&env.cards(), "Traits").clone();
    assert_eq!(id(&edited), traits);
    assert_eq!(edited["answer"][0], "shared behaviour via impl");
    assert_eq!(edited["reviews"], 1);
    assert_eq!(edited["changed"], true);
}

#[test]
fn visual_wins_over_editor_and_vs_code_gets_goto() {
    let env = Env::new();
    env.write("rust.md", NOTES);
    env.sync();
    let bin = env.dir.path().join("bin");
    fs::create_dir(&bin).unwrap();
    let code = bin.join("code");
    fs::write(
        &code,
        format!(
            "#!/bin/sh\necho \"$@\" > '{}'\n",
            env.dir.path().join("args.txt").display()
        ),
    )
    .unwrap();
    fs::set_permissions(&code, fs::Permissions::from_mode(0o755)).unwrap();
    env.recall()
        .env("VISUAL", &code)
        .env("EDITOR", "/bin/false")
        .args(["open", "2"])
        .assert()
        .success();
    let note = env.note_path("rust.md");
    assert_eq!(
        editor_args(&env).trim(),
        format!("--wait --goto {}:3", note.display())
    );
}

#[test]
fn a_failing_editor_is_reported_and_changes_nothing() {
    let env = Env::new();
    env.write("rust.md", NOTES);
    env.sync();
    let before = env.cards();
    env.recall()
        .env("VISUAL", "/bin/false")
        .args(["open", "2"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("exited with status 1"));
    env.recall()
        .env("VISUAL", "/no/such/editor")
        .args(["open", "2"])
        .assert()
        .failure();
    assert_eq!(env.cards(), before);
}

#[test]
fn open_of_an_unknown_card_names_the_id() {
    let env = Env::new();
    env.write("rust.md", NOTES);
    env.sync();
    env.recall()
        .args(["open", "99"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("no card has id 99"));
}

#[test]
fn e_in_a_review_edits_the_note_and_asks_the_card_again_as_edited() {
    let env = Env::new();
    env.write("rust.md", "# Rust\n\n- Traits\n  - shared behaviour\n");
    env.sync();
    let traits = id(card(&env.cards(), "Traits"));
    let editor = fake_editor(
        &env,
        "sed -i 's/shared behaviour/behaviour shared by types/' \"$2\"",
    );
    // Heading card first: reveal, grade 5. Then at the Traits card: reveal,
    // `e` at the answer, then reveal the edited card and grade it.
    let out = env
        .recall()
        .env("VISUAL", &editor)
        .args(["review", "--seed", "1"])
        .write_stdin("\n5\n\ne\n\n4\n")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("its answer changed; history kept"), "{text}");
    let after_edit = text.split("history kept").nth(1).unwrap();
    assert!(after_edit.contains("Q: Traits"), "{text}");
    assert!(after_edit.contains("behaviour shared by types"), "{text}");
    let edited = card(&env.cards(), "Traits").clone();
    assert_eq!(id(&edited), traits);
    assert_eq!(edited["answer"][0], "behaviour shared by types");
    assert_eq!(edited["reviews"], 1);
    assert_eq!(edited["repetitions"], 1);
    assert_eq!(
        edited["changed"], false,
        "the grade after the edit clears the mark"
    );
}

#[test]
fn e_that_removes_the_card_says_so_and_the_session_goes_on() {
    let env = Env::new();
    env.write(
        "rust.md",
        "# Rust\n\n- Traits\n  - shared behaviour\n\n# Go\n\n- Goroutines\n",
    );
    env.sync();
    let editor = fake_editor(&env, "sed -i '/^# Rust/,/shared behaviour/d' \"$2\"");
    let out = env
        .recall()
        .env("VISUAL", &editor)
        .args(["review", "--seed", "1"])
        .write_stdin("e\n\n5\n")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("no longer in the notes: retired"), "{text}");
    assert!(text.contains("Q: Go"), "{text}");
    assert_eq!(card(&env.cards(), "Go")["reviews"], 1);
}

#[test]
fn e_with_a_failing_editor_keeps_the_session_going() {
    let env = Env::new();
    env.write("rust.md", "# Rust\n\n- Traits\n");
    env.sync();
    let out = env
        .recall()
        .env("VISUAL", "/bin/false")
        .args(["review", "--seed", "1"])
        .write_stdin("e\n\n5\n")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("nothing was changed"), "{text}");
    assert_eq!(card(&env.cards(), "Rust")["reviews"], 1);
}
