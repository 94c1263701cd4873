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
use recall::scheduler::{Day, Grade, Scheduler};
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

/// Everything `cmd` writes to a pseudo-terminal `columns` wide (both of its
/// outputs), once it has ended: the bytes as text, escape sequences kept.
pub fn on_terminal(columns: u16, cmd: &process::Command) -> String {
    let cmd = sized_terminal(columns, 30, cmd);
    let mut term = rexpect::session::spawn_command(cmd, Some(60_000)).expect("a pseudo-terminal");
    let screen = term.exp_eof().expect("the command ends");
    // rexpect hands over each byte as one character.
    let bytes: Vec<u8> = screen
        .chars()
        .map(|c| u8::try_from(c).expect("a byte"))
        .collect();
    String::from_utf8(bytes).expect("UTF-8 output")
}

/// Each drawing of the progress bar that starts with `label` in a
/// terminal's output, as the learner saw it: without the escape sequences
/// that move the cursor and clear rows, and without the blanks indicatif
/// writes to the end of the bar's last row.
pub fn bar_drawings(screen: &str, label: &str) -> Vec<String> {
    console::strip_ansi_codes(screen)
        .split(['\r', '\n'])
        .filter(|piece| piece.starts_with(label))
        .map(|piece| piece.trim_end().to_string())
        .collect()
}

/// That a progress bar starting with `label` was drawn on a terminal
/// `columns` wide, every drawing within that width and ending with a
/// number and then `after` (its count, whole: a bar that pushed it off
/// would not do).
pub fn bar_fits(screen: &str, label: &str, columns: usize, after: &str) {
    use unicode_width::UnicodeWidthStr;
    let drawings = bar_drawings(screen, label);
    assert!(!drawings.is_empty(), "no {label:?} bar in {screen:?}");
    for drawing in &drawings {
        assert!(
            drawing.width() <= columns,
            "{} columns on a terminal {columns} wide: {drawing:?}",
            drawing.width()
        );
        let counted = drawing
            .strip_suffix(after)
            .is_some_and(|rest| rest.ends_with(|c: char| c.is_ascii_digit()));
        assert!(counted, "{drawing:?} ends with a number and {after:?}");
    }
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
                        &Scheduler::Sm2,
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

/// A learner's history written through the library, as sessions over
/// most of a year would leave it: the first `cards` cards, each graded on a
/// day and then again a day to a month later, `per_card` times, now and
/// then forgetting (the longer the gap, the more often). Deterministic;
/// every grade but a card's first comes a day or more after the one before.
pub fn history(env: &Env, cards: usize, per_card: usize) {
    let store = Store::open(&env.db).unwrap();
    let ids: Vec<i64> = env.cards().iter().map(id).collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    store
        .write(|w| {
            for &card in ids.iter().take(cards) {
                let mut day = TODAY - 300 + (next() % 20) as i32;
                let mut gap = 1;
                for _ in 0..per_card {
                    // Longer gaps are forgotten more often.
                    let forgot = next() % 100 < 5 + (gap as u64).min(60);
                    let grade = if forgot { 1 } else { 3 + (next() % 3) as u8 };
                    grading::record(
                        w,
                        &Scheduler::Sm2,
                        &NewReview {
                            card_id: card,
                            at: NOW_SECS + i64::from(day - TODAY) * 86_400,
                            day,
                            grade: Grade::new(grade).unwrap(),
                            millis: 3_000,
                            due_offset: None,
                        },
                    )?;
                    gap = if forgot {
                        1
                    } else {
                        (gap * 2 + (next() % 3) as i32).min(30)
                    };
                    day += gap;
                }
            }
            Ok::<_, recall::store::StoreError>(())
        })
        .unwrap();
}

/// Stores `cards` in `env`'s database as a sync by an earlier reading of
/// the notes left them, with that reading's generator fingerprint: the
/// state an upgrade starts from.
pub fn stored_as_read_by(env: &Env, cards: &[recall::sync::plan::Incoming], generator: &str) {
    let store = Store::open(&env.db).expect("open store");
    store
        .write(|w| {
            for i in cards {
                let new = recall::store::NewCard {
                    draft: &i.draft,
                    ordinal: i.ordinal,
                };
                w.insert_card(&new, NOW_SECS)?;
            }
            w.set_meta("generator", generator)
        })
        .expect("store the earlier reading's cards");
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
