//! A `recall review` process driven line by line from a test, as a learner
//! at a pipe would: it reads what the session prints on a thread, types
//! reveals and grades, and keeps track of which grades the session
//! acknowledged (by showing the next card or ending). Also the check that a
//! database's review log holds those grades, read back through
//! `recall export --format json`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use chrono::{Days, NaiveDate};

use super::{Env, json, recall_command};

/// How long any one answer of the session may take before the test gives
/// up: generous, for a loaded two-core machine.
const PATIENCE: Duration = Duration::from_secs(30);

/// `RECALL_NOW` for 09:00 UTC on day `day` counted from 2026-03-01 (day 0).
pub fn day(day: u64) -> String {
    let date = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + Days::new(day);
    format!("{date}T09:00:00Z")
}

/// Notes with one `#` heading and one bullet per card, `Card 0` … `Card n-1`:
/// one card each, each its own family.
pub fn cards_note(n: usize) -> String {
    (0..n)
        .map(|i| format!("# Card {i}\n\n- answer {i}\n\n"))
        .collect()
}

/// A grade for the `n`-th grade of a run: a mix of passes, hard passes and
/// failures, so that cards come back within sessions and lapse.
pub fn grade_for(n: usize) -> u8 {
    [5, 3, 4, 1, 5, 2, 0, 4, 5, 3][n % 10]
}

/// What a line from the session was.
enum Seen {
    /// A card's question (without the "(N items)" count).
    Question(String),
    /// The end-of-session summary.
    Summary,
}

/// A running `recall review` in line mode.
pub struct Review {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    stderr: Option<JoinHandle<String>>,
    /// Everything the session printed so far, for failure messages.
    pub transcript: String,
    /// The card on screen, once a question was read.
    pub current: Option<String>,
    /// Grades the session acknowledged, in order: (question, grade).
    pub acknowledged: Vec<(String, u8)>,
    /// A grade sent whose acknowledgement was not read (yet).
    pub in_flight: Option<(String, u8)>,
}

impl Review {
    /// Starts `recall review --new 1000 --seed 7 <extra>` at `now` on `env`.
    pub fn start(env: &Env, now: &str, extra: &[&str]) -> Review {
        let mut child = command(env, now)
            .args(["review", "--new", "1000", "--seed", "7"])
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start recall review");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut stderr = child.stderr.take().unwrap();
        let stderr = thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Review {
            child,
            stdin,
            lines,
            stderr: Some(stderr),
            transcript: String::new(),
            current: None,
            acknowledged: Vec::new(),
            in_flight: None,
        }
    }

    /// Types one line. A session that already ended is not an error here:
    /// the test looks at what was acknowledged.
    pub fn send(&mut self, line: &str) {
        if let Some(stdin) = self.stdin.as_mut() {
            let _ = stdin.write_all(format!("{line}\n").as_bytes());
            let _ = stdin.flush();
        }
    }

    /// Reads lines until a question or the summary; `None` at end of output.
    fn next_seen(&mut self) -> Option<Seen> {
        loop {
            let line = match self.lines.recv_timeout(PATIENCE) {
                Ok(line) => line,
                Err(RecvTimeoutError::Disconnected) => return None,
                Err(RecvTimeoutError::Timeout) => panic!(
                    "recall review said nothing for {PATIENCE:?}; so far:\n{}",
                    self.transcript
                ),
            };
            self.transcript.push_str(&line);
            self.transcript.push('\n');
            if let Some(q) = line.strip_prefix("Q: ") {
                let q = q.split("  (").next().unwrap_or(q);
                return Some(Seen::Question(q.to_string()));
            }
            if line.starts_with("Reviewed ") || line.starts_with("Nothing to review now") {
                return Some(Seen::Summary);
            }
        }
    }

    /// Waits for the next card; `None` when the session ended instead. A
    /// grade in flight is acknowledged either way.
    pub fn next_question(&mut self) -> Option<String> {
        let seen = self.next_seen();
        if seen.is_some()
            && let Some(graded) = self.in_flight.take()
        {
            self.acknowledged.push(graded);
        }
        match seen {
            Some(Seen::Question(q)) => {
                self.current = Some(q.clone());
                Some(q)
            }
            _ => {
                self.current = None;
                None
            }
        }
    }

    /// Reveals the card on screen and waits until the grade prompt shows.
    pub fn reveal(&mut self) {
        self.send("");
        loop {
            match self.lines.recv_timeout(PATIENCE) {
                Ok(line) => {
                    self.transcript.push_str(&line);
                    self.transcript.push('\n');
                    if line.starts_with("[0-5] grade") {
                        return;
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no grade prompt; so far:\n{}", self.transcript)
                }
            }
        }
    }

    /// Reveals and grades the card on screen without waiting for the next.
    pub fn grade_no_wait(&mut self, grade: u8) {
        let card = self.current.clone().expect("a card on screen");
        self.send(&format!("\n{grade}"));
        self.in_flight = Some((card, grade));
    }

    /// Reveals and grades the card on screen, then waits for the next card;
    /// `None` when the session ended.
    pub fn grade(&mut self, grade: u8) -> Option<String> {
        self.grade_no_wait(grade);
        self.next_question()
    }

    /// Kills the process with SIGKILL and reaps it.
    pub fn kill(mut self) -> Killed {
        let _ = self.child.kill();
        let _ = self.child.wait();
        Killed {
            acknowledged: std::mem::take(&mut self.acknowledged),
            in_flight: self.in_flight.take(),
            transcript: std::mem::take(&mut self.transcript),
        }
    }

    /// Types `q`, closes the input and waits for the process to end.
    pub fn quit(mut self) -> Finished {
        self.send("q");
        self.stdin = None;
        // Read the rest, acknowledging a grade still in flight.
        while self.next_seen().is_some() {
            if let Some(graded) = self.in_flight.take() {
                self.acknowledged.push(graded);
            }
        }
        let status = self.child.wait().expect("wait for recall review");
        let stderr = self.stderr.take().unwrap().join().unwrap_or_default();
        Finished {
            status,
            stderr,
            acknowledged: std::mem::take(&mut self.acknowledged),
            transcript: std::mem::take(&mut self.transcript),
        }
    }
}

impl Drop for Review {
    fn drop(&mut self) {
        // A failed assertion must not leave a process behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What is known of a session killed with SIGKILL.
pub struct Killed {
    pub acknowledged: Vec<(String, u8)>,
    pub in_flight: Option<(String, u8)>,
    pub transcript: String,
}

/// A session that ended by itself.
pub struct Finished {
    pub status: ExitStatus,
    pub stderr: String,
    pub acknowledged: Vec<(String, u8)>,
    pub transcript: String,
}

/// Where a collection lives: what a `recall` command needs, and (unlike
/// `Env`) shareable with other threads.
#[derive(Debug, Clone)]
pub struct Target {
    pub dir: PathBuf,
    pub notes: PathBuf,
    pub db: PathBuf,
}

impl Target {
    pub fn of(env: &Env) -> Target {
        Target {
            dir: env.dir.path().to_path_buf(),
            notes: env.notes.clone(),
            db: env.db.clone(),
        }
    }

    /// `recall --notes … --db …` at `now`, as a plain process, with no
    /// other environment leaking in.
    pub fn command(&self, now: &str) -> Command {
        let mut cmd = recall_command(&self.dir, now);
        cmd.arg("--notes")
            .arg(&self.notes)
            .arg("--db")
            .arg(&self.db);
        cmd
    }
}

/// `recall --notes … --db …` on `env` at `now`, as a plain process.
pub fn command(env: &Env, now: &str) -> Command {
    Target::of(env).command(now)
}

/// Every card's review log, by question: the grades in order.
pub fn logs(env: &Env) -> BTreeMap<String, Vec<u8>> {
    let out = env
        .recall()
        .args(["export", "--format", "json"])
        .assert()
        .success();
    let export = json(&out.get_output().stdout);
    export["cards"]
        .as_array()
        .expect("cards in the export")
        .iter()
        .map(|card| {
            let question = card["question"].as_str().unwrap().to_string();
            let grades = card["reviews"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["grade"].as_u64().unwrap() as u8)
                .collect();
            (question, grades)
        })
        .collect()
}

/// `recall check` must pass.
pub fn check_passes(env: &Env) {
    env.recall().arg("check").assert().success();
}
