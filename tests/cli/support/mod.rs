//! Helpers shared by the CLI tests: the one command builder every test starts
//! `recall` with (`recall_command`), a temporary notes folder and database,
//! running the real binary against them at a fixed time, and reading its JSON
//! output.

use std::cell::Cell;
use std::fs;
use std::path::{Path, PathBuf};
use std::process;
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use recall::grading;
use recall::scheduler::{Day, Grade};
use recall::store::{NewReview, Store};
use serde_json::Value;
use tempfile::TempDir;

pub mod collection;
pub mod driver;
mod output;
pub use output::SuccessOutput;

/// The moment every command runs at, unless a test travels in time.
pub const NOW: &str = "2026-03-01T09:00:00Z";
/// Unix seconds of `NOW`.
pub const NOW_SECS: i64 = 1_772_355_600;
/// The recall day of `NOW` (2026-03-01).
pub const TODAY: Day = 20_513;

/// The one way the tests start `recall`: the real binary at `now`, in `dir`
/// (the test's own temporary folder), with nothing of the machine's user
/// leaking in. Every `RECALL_*` variable of the test process is removed
/// (whatever its name, so a setting added later is covered too), and so are
/// `NO_COLOR` and the editor variables; `HOME` and `XDG_CONFIG_HOME` point at
/// `dir`, so no `~/.config/recall/recall.toml` is read and no `~/` path of a
/// settings file reaches a real home. A test adds what it is about (`--notes`,
/// `--db`, `EDITOR`, `TERM`, a `RECALL_*` variable) on top; `assert_cmd`
/// tests wrap it with `assert_cmd::Command::from_std`.
pub fn recall_command(dir: &Path, now: &str) -> process::Command {
    let mut cmd = process::Command::new(env!("CARGO_BIN_EXE_recall"));
    for (name, _) in std::env::vars_os() {
        if name.as_encoded_bytes().starts_with(b"RECALL_") {
            cmd.env_remove(name);
        }
    }
    for name in ["NO_COLOR", "VISUAL", "EDITOR"] {
        cmd.env_remove(name);
    }
    cmd.env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("RECALL_NOW", now)
        .current_dir(dir);
    cmd
}

/// `cmd` run through another program (`setpriv …`, say), with the same
/// environment and folder.
pub fn run_through(program: &str, args: &[&str], cmd: &process::Command) -> process::Command {
    let mut outer = process::Command::new(program);
    outer.args(args).arg(cmd.get_program()).args(cmd.get_args());
    for (name, value) in cmd.get_envs() {
        match value {
            Some(value) => outer.env(name, value),
            None => outer.env_remove(name),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        outer.current_dir(dir);
    }
    outer
}

/// `cmd` run on a pseudo-terminal `columns` wide: `stty` sets the size
/// before recall starts, so recall reads the terminal's real size, as it
/// would in a user's window. Colours stay off so lines can be measured.
pub fn sized_terminal(columns: u16, rows: u16, cmd: &process::Command) -> process::Command {
    let size = format!("stty cols {columns} rows {rows} && exec \"$0\" \"$@\"");
    let mut outer = run_through("sh", &["-c", &size], cmd);
    outer
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS");
    outer
}

/// A notes folder and a database path inside one temporary folder.
pub struct Env {
    pub dir: TempDir,
    pub notes: PathBuf,
    pub db: PathBuf,
    /// Seconds added to the next file's modification time, so that every
    /// write looks new to sync whatever the file system's time resolution.
    tick: Cell<u64>,
}

impl Env {
    pub fn new() -> Env {
        let dir = TempDir::new().expect("temporary folder");
        let notes = dir.path().join("notes");
        fs::create_dir(&notes).expect("notes folder");
        let db = dir.path().join("data").join("recall.db");
        Env {
            dir,
            notes,
            db,
            tick: Cell::new(0),
        }
    }

    /// Where `name` (relative to the notes folder) lives.
    pub fn note_path(&self, name: &str) -> PathBuf {
        self.notes.join(name)
    }

    /// Writes a notes file (creating its folders) with a fresh modification time.
    pub fn write(&self, name: &str, text: &str) {
        self.write_bytes(name, text.as_bytes());
    }

    pub fn write_bytes(&self, name: &str, bytes: &[u8]) {
        let path = self.note_path(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("notes subfolder");
        }
        fs::write(&path, bytes).expect("write note");
        self.touch(&path);
    }

    /// Gives a file a modification time no earlier write had.
    pub fn touch(&self, path: &Path) {
        let tick = self.tick.get() + 1;
        self.tick.set(tick);
        let mtime = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + tick * 60);
        fs::File::options()
            .write(true)
            .open(path)
            .and_then(|f| f.set_modified(mtime))
            .expect("set mtime");
    }

    pub fn remove(&self, name: &str) {
        fs::remove_file(self.note_path(name)).expect("remove note");
    }

    pub fn rename(&self, from: &str, to: &str) {
        let to = self.note_path(to);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).expect("notes subfolder");
        }
        fs::rename(self.note_path(from), to).expect("rename note");
    }

    /// `recall --notes … --db …` at `NOW`, with no other environment leaking in.
    pub fn recall(&self) -> Command {
        self.recall_at(NOW)
    }

    pub fn recall_at(&self, now: &str) -> Command {
        Command::from_std(self.command_at(now))
    }

    /// `recall` at `NOW` in the temporary folder without `--notes` or
    /// `--db`, for tests of how settings choose them.
    pub fn recall_bare(&self) -> Command {
        Command::from_std(recall_command(self.dir.path(), NOW))
    }

    /// `recall --notes … --db …` at `now` as a plain process, for tests that
    /// read its output as it comes or run it under another program.
    pub fn command_at(&self, now: &str) -> process::Command {
        let mut cmd = recall_command(self.dir.path(), now);
        cmd.arg("--notes")
            .arg(&self.notes)
            .arg("--db")
            .arg(&self.db);
        cmd
    }

    /// `recall sync --json`, which must succeed; its report.
    pub fn sync(&self) -> Value {
        let out = self.recall().args(["sync", "--json"]).assert().success();
        json(&out.get_output().stdout)
    }

    /// `recall cards --json` with extra arguments, which must succeed.
    pub fn cards_with(&self, args: &[&str]) -> Vec<Value> {
        let out = self
            .recall()
            .args(["cards", "--json"])
            .args(args)
            .assert()
            .success();
        json_lines(&out.get_output().stdout)
    }

    /// Every live card.
    pub fn cards(&self) -> Vec<Value> {
        self.cards_with(&[])
    }

    /// Every card, retired ones included.
    pub fn all_cards(&self) -> Vec<Value> {
        self.cards_with(&["--state", "all"])
    }

    /// Records grades for a card through the library (`grading::record`), one per day
    /// from `TODAY`, as a review session would.
    pub fn review(&self, card_id: i64, grades: &[u8]) {
        let store = Store::open(&self.db).expect("open store");
        for (i, &n) in grades.iter().enumerate() {
            let offset = i as i32;
            store
                .write(|w| {
                    grading::record(
                        w,
                        &recall::scheduler::Scheduler::Sm2,
                        &NewReview {
                            card_id,
                            at: NOW_SECS + i64::from(offset) * 86_400,
                            day: TODAY + offset,
                            grade: Grade::new(n).expect("a grade"),
                            millis: 2_000,
                            due_offset: None,
                        },
                    )
                })
                .expect("record review");
        }
    }
}

/// One JSON value.
pub fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("JSON output")
}

/// One JSON value per line.
pub fn json_lines(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .expect("UTF-8 output")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

/// The card with this question (and, when several share it, the first).
pub fn card<'a>(cards: &'a [Value], question: &str) -> &'a Value {
    cards
        .iter()
        .find(|c| c["question"] == question)
        .unwrap_or_else(|| panic!("no card asks {question:?} in {cards:#?}"))
}

pub fn id(card: &Value) -> i64 {
    card["id"].as_i64().expect("an id")
}

/// The ids of the cards, in listing order.
pub fn ids(cards: &[Value]) -> Vec<i64> {
    cards.iter().map(id).collect()
}

/// The questions of the cards, in listing order.
pub fn questions(cards: &[Value]) -> Vec<String> {
    cards
        .iter()
        .map(|c| c["question"].as_str().expect("a question").to_string())
        .collect()
}

/// The card counts of a sync report.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: u64,
    pub changed: u64,
    pub moved: u64,
    pub renamed: u64,
    pub retired: u64,
    pub revived: u64,
    pub unchanged: u64,
}

impl Counts {
    pub fn of(report: &Value) -> Counts {
        let n = |key: &str| {
            report[key]
                .as_u64()
                .unwrap_or_else(|| panic!("{key} in {report}"))
        };
        Counts {
            added: n("added"),
            changed: n("changed"),
            moved: n("moved"),
            renamed: n("renamed"),
            retired: n("retired"),
            revived: n("revived"),
            unchanged: n("unchanged"),
        }
    }
}
