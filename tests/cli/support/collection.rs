//! Helpers for the `recall review` tests: a throwaway collection (notes folder
//! and database in a temp dir), commands pinned to a `RECALL_NOW`, and the
//! JSON of `cards` and `show` read back as plain structs.

use std::path::{Path, PathBuf};
use std::process;

use assert_cmd::Command;
use chrono::{Days, NaiveDate};
use serde::Deserialize;
use tempfile::TempDir;

pub use super::SuccessOutput;
pub use super::recall_command;

/// A day of the tests' calendar, counted from 2026-03-01 (day 0).
pub fn date(day: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + Days::new(day)
}

/// `RECALL_NOW` for a local time (`HH:MM`) on `day`, in Seoul time.
pub fn at(day: u64, time: &str) -> String {
    format!("{}T{time}:00+09:00", date(day))
}

/// `RECALL_NOW` for the morning of `day`.
pub fn morning(day: u64) -> String {
    at(day, "10:00")
}

/// Notes with one `#` heading and one bullet per name: one card each, in
/// this order, each its own family.
pub fn headings(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("# {name}\n\n- answer of {name}\n\n"))
        .collect()
}

/// A card as `recall cards --json` prints it (the fields the tests use).
#[derive(Debug, Clone, Deserialize)]
pub struct Card {
    pub id: i64,
    pub question: String,
    pub state: String,
    pub ef: f64,
    pub interval: u32,
    pub repetitions: u32,
    pub lapses: u32,
    pub due: Option<String>,
    pub reviews: u32,
}

impl Card {
    /// The ease factor in whole hundredths (2.36 is 236).
    pub fn ef100(&self) -> u32 {
        (self.ef * 100.0).round() as u32
    }
}

/// One grade of `recall show ID --json`'s history.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Review {
    pub day: String,
    pub grade: u8,
    pub counted: bool,
}

#[derive(Deserialize)]
struct Shown {
    history: Vec<Review>,
}

/// What one `recall review` run printed.
pub struct Session {
    pub stdout: String,
}

impl Session {
    /// The questions asked, in order, without the "(N items)" count.
    pub fn questions(&self) -> Vec<String> {
        self.stdout
            .lines()
            .filter_map(|line| line.strip_prefix("Q: "))
            .map(|q| q.split("  (").next().unwrap_or(q).to_string())
            .collect()
    }
}

/// A temp dir holding `notes/` and `recall.db`.
pub struct Collection {
    dir: TempDir,
}

impl Collection {
    /// A collection whose notes are one file, `notes/deck.md`.
    pub fn new(notes: &str) -> Collection {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("notes")).unwrap();
        std::fs::write(dir.path().join("notes/deck.md"), notes).unwrap();
        Collection { dir }
    }

    /// The temporary folder holding it all.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn notes(&self) -> PathBuf {
        self.dir.path().join("notes")
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("recall.db")
    }

    /// `recall --notes … --db …` at the moment `now`, free of the caller's
    /// environment.
    pub fn recall(&self, now: &str) -> Command {
        Command::from_std(self.command(now))
    }

    /// [`Collection::recall`] as a plain process, for a pseudo-terminal.
    pub fn command(&self, now: &str) -> process::Command {
        let mut cmd = recall_command(self.dir.path(), now);
        cmd.env("NO_COLOR", "1")
            .arg("--notes")
            .arg(self.notes())
            .arg("--db")
            .arg(self.db());
        cmd
    }

    /// Runs `recall review ARGS` with `input` on stdin (not a terminal, so
    /// the line front-end) and a fixed seed; it must succeed.
    pub fn review(&self, now: &str, args: &[&str], input: &str) -> Session {
        let output = self
            .recall(now)
            .arg("review")
            .args(["--seed", "1"])
            .args(args)
            .write_stdin(input)
            .assert()
            .success()
            .get_output()
            .clone();
        Session {
            stdout: String::from_utf8(output.stdout).unwrap(),
        }
    }

    /// Every live card, in id order.
    pub fn cards(&self, now: &str) -> Vec<Card> {
        let output = self.recall(now).args(["cards", "--json"]).success_stdout();
        String::from_utf8(output)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    /// The card with this question.
    pub fn card(&self, now: &str, question: &str) -> Card {
        self.cards(now)
            .into_iter()
            .find(|c| c.question == question)
            .unwrap_or_else(|| panic!("no card asks {question:?}"))
    }

    /// A card's review log, oldest first.
    pub fn history(&self, now: &str, id: i64) -> Vec<Review> {
        let output = self
            .recall(now)
            .args(["show", &id.to_string(), "--json"])
            .success_stdout();
        serde_json::from_slice::<Shown>(&output).unwrap().history
    }
}

/// Review input: reveal, then each grade in turn (a failed card is asked
/// again at once when it is the only one in the session).
pub fn grades(grades: &[u8]) -> String {
    grades.iter().map(|g| format!("\n{g}\n")).collect()
}
