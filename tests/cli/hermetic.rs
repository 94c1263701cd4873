//! The suite is hermetic: run on a machine whose user has a settings file,
//! a database and `RECALL_*` variables of their own, the tests pass and none
//! of the user's files is touched. The proof re-runs part of this very test
//! binary in such a hostile environment, so it fails as soon as the one
//! command builder (`support::recall_command`) lets any of it through.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use crate::support::{Env, NOW, recall_command};

/// The modules re-run: between them they start `recall` with and without
/// `--notes` and `--db`, read settings, sync and review, in a few seconds.
/// This module's own other tests are among them.
const MODULES: [&str; 5] = [
    "sync::",
    "settings::",
    "review::",
    "preview::",
    "hermetic::",
];

/// The proof below, which must not re-run itself.
const PROOF: &str = "hermetic::the_suite_passes_and_touches_nothing";

/// What a test of those modules may not notice or change: a home folder
/// whose `~/.config/recall/recall.toml` names its database, and the files the
/// `RECALL_*` variables name.
struct Hostile {
    home: TempDir,
    elsewhere: TempDir,
}

impl Hostile {
    fn new() -> Hostile {
        let home = TempDir::new().expect("temporary home");
        let elsewhere = TempDir::new().expect("temporary folder");
        let config = home.path().join(".config/recall");
        fs::create_dir_all(&config).unwrap();
        fs::write(
            config.join("recall.toml"),
            "notes = \"~/notes\"\ndb = \"~/recall.db\"\nnew_per_day = 1\nday_starts_at = 7\n",
        )
        .unwrap();
        fs::write(
            elsewhere.path().join("settings.toml"),
            "db = \"recall.db\"\nnew_per_day = 2\ncloze = false\n",
        )
        .unwrap();
        for dir in [home.path(), elsewhere.path()] {
            let notes = dir.join("notes");
            fs::create_dir(&notes).unwrap();
            fs::write(notes.join("mine.md"), "# Mine\n\n- my answer\n").unwrap();
            // A real database with a card in it, made by recall itself.
            recall_command(dir, NOW)
                .arg("--notes")
                .arg(&notes)
                .arg("--db")
                .arg(dir.join("recall.db"))
                .arg("sync")
                .output()
                .ok()
                .filter(|out| out.status.success())
                .expect("recall sync makes the user's database");
            assert!(dir.join("recall.db").is_file());
        }
        Hostile { home, elsewhere }
    }

    /// The environment a careless test would pick up.
    fn apply(&self, cmd: &mut Command) {
        let elsewhere = self.elsewhere.path();
        cmd.env("HOME", self.home.path())
            // Without it the settings file is found through HOME.
            .env_remove("XDG_CONFIG_HOME")
            .env("RECALL_DB", elsewhere.join("recall.db"))
            .env("RECALL_NOTES", elsewhere.join("notes"))
            .env("RECALL_CONFIG", elsewhere.join("settings.toml"))
            // A test that read it would schedule with FSRS, not SM-2.
            .env("RECALL_SCHEDULER", "fsrs")
            .env("NO_COLOR", "1");
    }

    /// Every file under both folders with its bytes, and every folder.
    fn snapshot(&self) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
        let mut files = BTreeMap::new();
        for dir in [self.home.path(), self.elsewhere.path()] {
            collect(dir, &mut files);
        }
        files
    }
}

fn collect(dir: &Path, files: &mut BTreeMap<PathBuf, Option<Vec<u8>>>) {
    for entry in fs::read_dir(dir).expect("read folder") {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            collect(&path, files);
            files.insert(path, None);
        } else {
            let bytes = fs::read(&path).expect("read file");
            files.insert(path, Some(bytes));
        }
    }
}

#[test]
fn the_suite_passes_and_touches_nothing_of_a_users_own_settings_and_database() {
    let hostile = Hostile::new();
    let before = hostile.snapshot();

    let mut run = Command::new(std::env::current_exe().expect("this test binary"));
    run.args(MODULES).args(["--skip", PROOF]);
    hostile.apply(&mut run);
    let out = run.output().expect("re-run the tests");
    let stdout = String::from_utf8_lossy(&out.stdout);

    let after = hostile.snapshot();
    let mut touched = Vec::new();
    for (path, was) in &before {
        match after.get(path) {
            None => touched.push(format!("{} was removed", path.display())),
            Some(now) if now != was => touched.push(format!("{} was changed", path.display())),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        touched.push(format!("{} appeared", path.display()));
    }
    assert!(
        touched.is_empty(),
        "the tests touched the user's files: {touched:#?}"
    );

    assert!(
        out.status.success(),
        "the tests fail with the user's settings about:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The filters must have picked the modules' tests, not nothing.
    let passed: usize = stdout
        .lines()
        .find_map(|line| line.strip_prefix("test result: ok. "))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no test result in:\n{stdout}"));
    assert!(passed >= 50, "only {passed} tests ran:\n{stdout}");
}

/// A settings file's `~/` is the home folder, and a test's home is its own
/// temporary folder: what the proof needs to see that `HOME` is set.
#[test]
fn a_tilde_in_a_settings_file_is_the_tests_own_home() {
    let env = Env::new();
    env.write("deck.md", "# A\n\n- a\n");
    fs::write(env.dir.path().join("recall.toml"), "db = \"~/home.db\"\n").unwrap();
    env.recall_bare().arg("sync").assert().success();
    assert!(env.dir.path().join("home.db").is_file());
}
