//! The settings in force: each from a flag, an environment variable, the
//! settings file (`recall.toml`) or its default, in that order, with where it
//! came from so `recall config` can say. `resolve` turns them, with the output
//! choices (`--color`, `-q`, `-v`), into the one [`Context`] every command
//! runs with (docs/design.md §9). Nothing here knows how the command line is
//! parsed: the caller hands over the global flags' values and their sources.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Weekday;
use serde::{Deserialize, Serialize};

use crate::scheduler::balance::EasyDays;

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Flag,
    Environment,
    File,
    #[default]
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Flag => "command-line flag",
            Source::Environment => "environment variable",
            Source::File => "settings file",
            Source::Default => "default",
        })
    }
}

/// The settings file's contents. Unknown keys are errors, not ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    notes: Option<PathBuf>,
    db: Option<PathBuf>,
    new_per_day: Option<usize>,
    day_starts_at: Option<u32>,
    cloze: Option<bool>,
    skip_headings: Option<Vec<String>>,
    skip_link_lists: Option<bool>,
    cloze_min_words: Option<u32>,
    busy_timeout_ms: Option<u64>,
    ignore: Option<Vec<String>>,
    shared: Option<PathBuf>,
    device: Option<String>,
    type_answers: Option<bool>,
    scheduler: Option<String>,
    desired_retention: Option<f64>,
    // The daily workload's (docs/design.md §15), read as any TOML value so
    // that a bad one is refused naming the key and the value.
    max_reviews_per_day: Option<toml::Value>,
    load_balance: Option<toml::Value>,
    easy_days: Option<toml::Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Sources {
    pub notes: Source,
    pub db: Source,
    pub new_per_day: Source,
    pub day_starts_at: Source,
    pub cloze: Source,
    pub skip_headings: Source,
    pub skip_link_lists: Source,
    pub cloze_min_words: Source,
    pub busy_timeout_ms: Source,
    pub ignore: Source,
    pub shared: Source,
    pub device: Source,
    pub type_answers: Source,
    pub scheduler: Source,
    pub desired_retention: Source,
    pub max_reviews_per_day: Source,
    pub load_balance: Source,
    pub easy_days: Source,
}

/// Which scheduler computes the schedules (docs/design.md §4, §11).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SchedulerChoice {
    /// SM-2, exactly.
    #[default]
    Sm2,
    /// FSRS-6, for `desired_retention`.
    Fsrs,
}

impl SchedulerChoice {
    /// The setting's value as written.
    pub fn name(self) -> &'static str {
        match self {
            SchedulerChoice::Sm2 => "sm2",
            SchedulerChoice::Fsrs => "fsrs",
        }
    }

    /// A value of the setting, given as `name = value`: exactly `sm2` or
    /// `fsrs`; anything else is an error that says what was found and what
    /// is expected.
    fn parse(name: &str, value: &str) -> Result<SchedulerChoice, String> {
        match value {
            "sm2" => Ok(SchedulerChoice::Sm2),
            "fsrs" => Ok(SchedulerChoice::Fsrs),
            other => Err(format!(
                "{name} = {other:?} is not a scheduler recall knows: use \"sm2\" or \"fsrs\""
            )),
        }
    }
}

/// The range `desired_retention` may take: below it FSRS would let most
/// cards be forgotten before they come back; above it intervals shrink
/// towards a review every day.
pub const RETENTION_RANGE: (f64, f64) = (0.7, 0.99);

/// The most `cloze_min_words` may ask: an item of more words is a
/// paragraph, and no cloze would be made at all.
pub const MAX_CLOZE_MIN_WORDS: u32 = 50;

/// The daily limit of reviews unless the settings say otherwise.
pub const DEFAULT_MAX_REVIEWS: u32 = 200;

/// A weekday's name as `easy_days` writes it.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

fn easy_days_names<S: serde::Serializer>(days: &EasyDays, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(days.days().map(weekday_name))
}

/// `max_reviews_per_day = value`: a whole number of reviews, 0 for none.
fn max_reviews(value: &toml::Value) -> Result<u32, String> {
    value
        .as_integer()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| {
            format!(
                "max_reviews_per_day = {value} is not a number of reviews: use a whole number, \
                 or 0 for no limit"
            )
        })
}

/// `load_balance = value`: true or false.
fn load_balance(value: &toml::Value) -> Result<bool, String> {
    value.as_bool().ok_or_else(|| {
        format!(
            "load_balance = {value} is not true or false (left out, it is on under FSRS and \
             off under SM-2)"
        )
    })
}

/// `easy_days = value`: a list of weekday names (`mon` or `monday`, any
/// case).
fn easy_days(value: &toml::Value) -> Result<EasyDays, String> {
    let list = value.as_array().ok_or_else(|| {
        format!("easy_days = {value} is not a list of weekdays, such as [\"sat\", \"sun\"]")
    })?;
    let mut days = Vec::new();
    for item in list {
        let day = item
            .as_str()
            .and_then(|name| name.trim().parse::<Weekday>().ok())
            .ok_or_else(|| {
                format!(
                    "easy_days: {item} is not a weekday; use mon, tue, wed, thu, fri, sat or sun"
                )
            })?;
        days.push(day);
    }
    Ok(EasyDays::new(days))
}

/// Every setting, resolved: what `recall config` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    pub notes: PathBuf,
    pub db: PathBuf,
    pub new_per_day: usize,
    pub day_starts_at: u32,
    /// Whether bold and highlighted text makes cloze cards.
    pub cloze: bool,
    /// The names of headings and items whose section is references, not
    /// knowledge, and gives no card (docs/design.md §14.2); empty: none.
    pub skip_headings: Vec<String>,
    /// Whether a card whose answer is only links gives no card.
    pub skip_link_lists: bool,
    /// Fewest words a cloze's item keeps outside the blank (0: no check).
    pub cloze_min_words: u32,
    /// How long a write waits for another `recall` process to finish its own.
    pub busy_timeout_ms: u64,
    /// Globs of notes files that are not study notes, relative to the notes
    /// root (docs/design.md §13).
    pub ignore: crate::notes::Scope,
    /// The folder through which devices share progress (docs/design.md
    /// §10); `None`: progress stays on this device.
    pub shared: Option<PathBuf>,
    /// A name for this device, shown beside its id.
    pub device: Option<String>,
    /// Whether `review` and `cram` ask for typed answers (docs/design.md
    /// §12), as `--type` does.
    pub type_answers: bool,
    /// The scheduler in force (docs/design.md §11).
    pub scheduler: SchedulerChoice,
    /// The share of cards FSRS aims to have recalled when they come due.
    pub desired_retention: f64,
    /// The most cards reviewed in a day, beyond which due cards wait
    /// (docs/design.md §15); 0: no limit.
    pub max_reviews_per_day: u32,
    /// Whether the load balancer places due days: `None`, on under FSRS
    /// and off under SM-2.
    pub load_balance: Option<bool>,
    /// The weekdays whose load the balancer counts double.
    #[serde(serialize_with = "easy_days_names")]
    pub easy_days: EasyDays,
    /// The settings file read, if any.
    pub file: Option<PathBuf>,
    pub sources: Sources,
}

impl Settings {
    pub fn busy_timeout(&self) -> Duration {
        Duration::from_millis(self.busy_timeout_ms)
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            notes: PathBuf::from("notes"),
            db: PathBuf::from("data/recall.db"),
            new_per_day: 20,
            day_starts_at: 4,
            cloze: true,
            skip_headings: crate::cards::DEFAULT_SKIP_HEADINGS
                .iter()
                .map(|n| n.to_string())
                .collect(),
            skip_link_lists: true,
            cloze_min_words: crate::cards::Options::default().cloze_min_words,
            busy_timeout_ms: crate::store::BUSY_TIMEOUT.as_millis() as u64,
            ignore: crate::notes::Scope::default(),
            shared: None,
            device: None,
            type_answers: false,
            scheduler: SchedulerChoice::Sm2,
            desired_retention: 0.9,
            max_reviews_per_day: DEFAULT_MAX_REVIEWS,
            load_balance: None,
            easy_days: EasyDays::NONE,
            file: None,
            sources: Sources::default(),
        }
    }
}

/// Everything a command runs with besides its own arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    /// The settings in force, each with its source.
    pub settings: Settings,
    /// Whether to use colours and styles.
    pub color: bool,
    /// `-q`: no sync summaries or warnings, only errors.
    pub quiet: bool,
    /// `-v`: also each notes file read, and each skipped with why, on stderr.
    pub verbose: bool,
}

/// The global command-line options as given. A value clap may also take
/// from an environment variable (`RECALL_NOTES`, `RECALL_DB`) carries the
/// source it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    pub notes: Option<(PathBuf, Source)>,
    pub db: Option<(PathBuf, Source)>,
    /// `--shared` or `RECALL_SHARED`.
    pub shared: Option<(PathBuf, Source)>,
    pub day_starts_at: Option<u32>,
    /// `--config` or `RECALL_CONFIG`: the settings file, which must exist.
    pub config: Option<PathBuf>,
    /// `--color always` (`Some(true)`), `never` (`Some(false)`) or `auto`.
    pub color: Option<bool>,
    pub quiet: bool,
    pub verbose: bool,
}

/// What the process was given besides its arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    /// The user's config folder (`$XDG_CONFIG_HOME` or `~/.config`).
    pub config_home: Option<PathBuf>,
    pub home: Option<PathBuf>,
    pub no_color: bool,
    /// Whether stdout is a terminal.
    pub terminal: bool,
    /// `RECALL_BUSY_TIMEOUT_MS`, unparsed: a bad value is an error naming it.
    pub busy_timeout_ms: Option<String>,
    /// `RECALL_SCHEDULER`, unparsed: a bad value is an error naming it.
    pub scheduler: Option<String>,
}

impl Environment {
    /// Reads the real environment. An empty variable counts as unset.
    pub fn current(terminal: bool) -> Environment {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        let home = var("HOME").map(PathBuf::from);
        Environment {
            config_home: var("XDG_CONFIG_HOME")
                .map(PathBuf::from)
                .or_else(|| home.as_ref().map(|h| h.join(".config"))),
            home,
            no_color: var("NO_COLOR").is_some(),
            terminal,
            busy_timeout_ms: var("RECALL_BUSY_TIMEOUT_MS")
                .map(|v| v.to_string_lossy().into_owned()),
            scheduler: var("RECALL_SCHEDULER").map(|v| v.to_string_lossy().into_owned()),
        }
    }
}

/// The settings file to read: `--config`/`RECALL_CONFIG` (which must exist),
/// else `./recall.toml`, else `<config home>/recall/recall.toml`.
fn find_file(config: Option<&Path>, env: &Environment) -> Result<Option<PathBuf>, String> {
    if let Some(path) = config {
        if !path.is_file() {
            return Err(format!("settings file {} does not exist", path.display()));
        }
        return Ok(Some(path.to_path_buf()));
    }
    let candidates = [
        Some(PathBuf::from("recall.toml")),
        env.config_home
            .as_ref()
            .map(|home| home.join("recall").join("recall.toml")),
    ];
    Ok(candidates.into_iter().flatten().find(|p| p.is_file()))
}

/// A path from the settings file: `~/` is the home folder; a relative path
/// is relative to the file's own folder.
fn file_path(path: &Path, file: &Path, env: &Environment) -> PathBuf {
    if let (Ok(rest), Some(home)) = (path.strip_prefix("~"), &env.home) {
        return home.join(rest);
    }
    match file.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path.to_path_buf(),
    }
}

/// Finds and reads the settings file, then resolves every setting. An
/// unreadable file, an unknown key or a bad value is an error naming the
/// file and key.
pub fn resolve(flags: &Flags, env: &Environment) -> Result<Context, String> {
    let file = match find_file(flags.config.as_deref(), env)? {
        Some(path) => {
            let text = fs::read_to_string(&path).map_err(|e| {
                format!(
                    "cannot read settings file {}: {}",
                    path.display(),
                    crate::notes::plain(&e)
                )
            })?;
            Some((path, text))
        }
        None => None,
    };
    resolve_with(
        flags,
        env,
        file.as_ref()
            .map(|(path, text)| (path.as_path(), text.as_str())),
    )
}

/// The longest wait SQLite takes (its busy timeout is an `int` of
/// milliseconds).
const MAX_BUSY_TIMEOUT_MS: u64 = i32::MAX as u64;

/// Resolves every setting from the flags, the environment and the settings
/// file's path and text, touching nothing else.
pub fn resolve_with(
    flags: &Flags,
    env: &Environment,
    file: Option<(&Path, &str)>,
) -> Result<Context, String> {
    let mut s = Settings::default();
    let (path, contents): (Option<&Path>, File) = match file {
        Some((path, text)) => (
            Some(path),
            toml::from_str(text).map_err(|e| {
                format!(
                    "settings file {}: {}",
                    path.display(),
                    parse_error(text, &e)
                )
            })?,
        ),
        None => (None, File::default()),
    };
    let file_error = |what: String| {
        format!(
            "settings file {}: {what}",
            path.unwrap_or(Path::new("?")).display()
        )
    };
    if let Some(hour) = contents.day_starts_at.filter(|h| *h > 23) {
        return Err(file_error(format!(
            "day_starts_at = {hour} is not an hour from 0 to 23"
        )));
    }
    if let Some(ms) = contents
        .busy_timeout_ms
        .filter(|ms| *ms > MAX_BUSY_TIMEOUT_MS)
    {
        return Err(file_error(format!(
            "busy_timeout_ms = {ms} is more than {MAX_BUSY_TIMEOUT_MS} milliseconds"
        )));
    }
    let file_dir = path.unwrap_or(Path::new(""));

    if let Some((v, src)) = &flags.notes {
        (s.notes, s.sources.notes) = (v.clone(), *src);
    } else if let Some(v) = &contents.notes {
        (s.notes, s.sources.notes) = (file_path(v, file_dir, env), Source::File);
    }
    if let Some((v, src)) = &flags.db {
        (s.db, s.sources.db) = (v.clone(), *src);
    } else if let Some(v) = &contents.db {
        (s.db, s.sources.db) = (file_path(v, file_dir, env), Source::File);
    }
    if let Some((v, src)) = &flags.shared {
        (s.shared, s.sources.shared) = (Some(v.clone()), *src);
    } else if let Some(v) = &contents.shared {
        (s.shared, s.sources.shared) = (Some(file_path(v, file_dir, env)), Source::File);
    }
    if let Some(name) = &contents.device {
        if name.trim().is_empty() {
            return Err(file_error(
                "device = \"\" is empty; name the device or leave the key out".into(),
            ));
        }
        (s.device, s.sources.device) = (Some(name.clone()), Source::File);
    }
    if let Some(v) = flags.day_starts_at {
        (s.day_starts_at, s.sources.day_starts_at) = (v, Source::Flag);
    } else if let Some(v) = contents.day_starts_at {
        (s.day_starts_at, s.sources.day_starts_at) = (v, Source::File);
    }
    if let Some(v) = contents.new_per_day {
        (s.new_per_day, s.sources.new_per_day) = (v, Source::File);
    }
    if let Some(v) = contents.cloze {
        (s.cloze, s.sources.cloze) = (v, Source::File);
    }
    if let Some(names) = contents.skip_headings {
        if let Some(blank) = names.iter().find(|n| n.trim().is_empty()) {
            return Err(file_error(format!(
                "skip_headings holds {blank:?}, which names no heading; list the headings \
                 whose sections give no card, or [] for none"
            )));
        }
        (s.skip_headings, s.sources.skip_headings) = (names, Source::File);
    }
    if let Some(v) = contents.skip_link_lists {
        (s.skip_link_lists, s.sources.skip_link_lists) = (v, Source::File);
    }
    if let Some(n) = contents.cloze_min_words {
        if n > MAX_CLOZE_MIN_WORDS {
            return Err(file_error(format!(
                "cloze_min_words = {n} is more than {MAX_CLOZE_MIN_WORDS}: it is the fewest \
                 words a cloze's item keeps outside the blank (0 turns the check off)"
            )));
        }
        (s.cloze_min_words, s.sources.cloze_min_words) = (n, Source::File);
    }
    if let Some(v) = contents.type_answers {
        (s.type_answers, s.sources.type_answers) = (v, Source::File);
    }
    if let Some(text) = &env.busy_timeout_ms {
        let ms = text
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|ms| *ms <= MAX_BUSY_TIMEOUT_MS)
            .ok_or_else(|| {
                format!(
                    "RECALL_BUSY_TIMEOUT_MS = {text:?} is not a number of milliseconds \
                     from 0 to {MAX_BUSY_TIMEOUT_MS}"
                )
            })?;
        (s.busy_timeout_ms, s.sources.busy_timeout_ms) = (ms, Source::Environment);
    } else if let Some(v) = contents.busy_timeout_ms {
        (s.busy_timeout_ms, s.sources.busy_timeout_ms) = (v, Source::File);
    }
    if let Some(text) = &env.scheduler {
        let choice = SchedulerChoice::parse("RECALL_SCHEDULER", text)?;
        (s.scheduler, s.sources.scheduler) = (choice, Source::Environment);
    } else if let Some(text) = &contents.scheduler {
        let choice = SchedulerChoice::parse("scheduler", text).map_err(file_error)?;
        (s.scheduler, s.sources.scheduler) = (choice, Source::File);
    }
    if let Some(r) = contents.desired_retention {
        let (low, high) = RETENTION_RANGE;
        if !(low..=high).contains(&r) {
            return Err(file_error(format!(
                "desired_retention = {r} is outside {low} to {high}: it is the share of cards \
                 FSRS aims to have you recall when they come due"
            )));
        }
        (s.desired_retention, s.sources.desired_retention) = (r, Source::File);
    }
    if let Some(value) = &contents.max_reviews_per_day {
        let limit = max_reviews(value).map_err(file_error)?;
        (s.max_reviews_per_day, s.sources.max_reviews_per_day) = (limit, Source::File);
    }
    if let Some(value) = &contents.load_balance {
        let on = load_balance(value).map_err(file_error)?;
        (s.load_balance, s.sources.load_balance) = (Some(on), Source::File);
    }
    if let Some(value) = &contents.easy_days {
        let days = easy_days(value).map_err(file_error)?;
        (s.easy_days, s.sources.easy_days) = (days, Source::File);
    }
    if let Some(patterns) = contents.ignore {
        let scope =
            crate::notes::Scope::new(patterns).map_err(|e| file_error(format!("ignore: {e}")))?;
        (s.ignore, s.sources.ignore) = (scope, Source::File);
    }
    s.file = path.map(Path::to_path_buf);
    Ok(Context {
        settings: s,
        color: flags.color.unwrap_or(env.terminal && !env.no_color),
        quiet: flags.quiet,
        verbose: flags.verbose,
    })
}

/// What is wrong in the settings file, in one sentence naming the line and
/// what it says (`line 3, cloze_min_words = -1: invalid value: …`) where
/// toml can tell which.
fn parse_error(text: &str, error: &toml::de::Error) -> String {
    let Some(span) = error.span() else {
        return one_line(&error.to_string());
    };
    let number = text[..span.start.min(text.len())].matches('\n').count() + 1;
    let line = text.lines().nth(number - 1).unwrap_or("").trim();
    format!("line {number}, {line}: {}", one_line(error.message()))
}

/// toml's messages span lines (a snippet of the file); one sentence is enough.
fn one_line(message: &str) -> String {
    let mut lines = message.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or(message).trim().to_string();
    let last = message
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('|') && !l.contains("-->"))
        .map(str::trim)
        .unwrap_or("");
    if last.is_empty() || last == first {
        first
    } else {
        format!("{first} {last}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(flags: &Flags, env: &Environment, file: Option<&str>) -> Context {
        resolve_with(
            flags,
            env,
            file.map(|text| (Path::new("conf/recall.toml"), text)),
        )
        .expect("settings resolve")
    }

    #[test]
    fn without_flags_environment_or_file_every_setting_is_its_default() {
        let ctx = resolved(&Flags::default(), &Environment::default(), None);
        assert_eq!(ctx.settings, Settings::default());
        assert_eq!(ctx.settings.busy_timeout_ms, 10_000);
        assert_eq!(ctx.settings.sources, Sources::default());
        assert!(!ctx.color && !ctx.quiet && !ctx.verbose);
    }

    #[test]
    fn shared_is_a_path_like_the_others_and_a_flag_or_variable_beats_the_file() {
        let file = "shared = \"sync/.recall\"\ndevice = \"laptop\"\n";
        let s = resolved(&Flags::default(), &Environment::default(), Some(file)).settings;
        assert_eq!(s.shared.as_deref(), Some(Path::new("conf/sync/.recall")));
        assert_eq!(
            (s.sources.shared, s.device.as_deref()),
            (Source::File, Some("laptop"))
        );
        let flags = Flags {
            shared: Some(("from-env".into(), Source::Environment)),
            ..Flags::default()
        };
        let s = resolved(&flags, &Environment::default(), Some(file)).settings;
        assert_eq!(
            (s.shared.as_deref(), s.sources.shared),
            (Some(Path::new("from-env")), Source::Environment)
        );
        let empty = resolve_with(
            &Flags::default(),
            &Environment::default(),
            Some((Path::new("r.toml"), "device = \" \"\n")),
        );
        assert!(empty.unwrap_err().contains("device"));
    }

    #[test]
    fn a_flag_beats_the_file_and_the_file_beats_the_default() {
        let file = "notes = \"n\"\ndb = \"/abs/x.db\"\nday_starts_at = 6\nnew_per_day = 7\n\
                    cloze = false\nbusy_timeout_ms = 250\n";
        let from_file = resolved(&Flags::default(), &Environment::default(), Some(file));
        let s = &from_file.settings;
        // A relative path is the file's folder's; an absolute one stays.
        assert_eq!(s.notes, Path::new("conf/n"));
        assert_eq!(s.db, Path::new("/abs/x.db"));
        assert_eq!((s.day_starts_at, s.new_per_day, s.cloze), (6, 7, false));
        assert!(!s.type_answers);
        let typed = resolved(
            &Flags::default(),
            &Environment::default(),
            Some("type_answers = true\n"),
        );
        assert!(typed.settings.type_answers);
        assert_eq!(typed.settings.sources.type_answers, Source::File);
        assert_eq!(s.busy_timeout(), Duration::from_millis(250));
        assert_eq!(s.sources.busy_timeout_ms, Source::File);
        assert_eq!(s.file.as_deref(), Some(Path::new("conf/recall.toml")));

        let flags = Flags {
            notes: Some(("flag-notes".into(), Source::Flag)),
            db: Some(("env.db".into(), Source::Environment)),
            day_starts_at: Some(2),
            ..Flags::default()
        };
        let s = resolved(&flags, &Environment::default(), Some(file)).settings;
        assert_eq!(
            (s.notes, s.sources.notes),
            ("flag-notes".into(), Source::Flag)
        );
        assert_eq!((s.db, s.sources.db), ("env.db".into(), Source::Environment));
        assert_eq!(
            (s.day_starts_at, s.sources.day_starts_at),
            (2, Source::Flag)
        );
        assert_eq!((s.new_per_day, s.sources.new_per_day), (7, Source::File));
    }

    #[test]
    fn the_busy_timeout_comes_from_the_environment_before_the_file() {
        let env = Environment {
            busy_timeout_ms: Some("200".into()),
            ..Environment::default()
        };
        let s = resolved(&Flags::default(), &env, Some("busy_timeout_ms = 5000\n")).settings;
        assert_eq!(
            (s.busy_timeout_ms, s.sources.busy_timeout_ms),
            (200, Source::Environment)
        );
    }

    #[test]
    fn a_bad_busy_timeout_is_an_error_naming_where_it_was_set() {
        for bad in ["soon", "-1", "99999999999"] {
            let env = Environment {
                busy_timeout_ms: Some(bad.into()),
                ..Environment::default()
            };
            let err = resolve_with(&Flags::default(), &env, None).unwrap_err();
            assert!(err.starts_with("RECALL_BUSY_TIMEOUT_MS = "), "{err}");
            assert!(err.contains(bad), "{err}");
        }
        let file = Some((Path::new("r.toml"), "busy_timeout_ms = 99999999999\n"));
        let err = resolve_with(&Flags::default(), &Environment::default(), file).unwrap_err();
        assert!(err.contains("r.toml") && err.contains("busy_timeout_ms = 99999999999"));
    }

    #[test]
    fn colour_is_the_flag_else_a_terminal_without_no_color() {
        let color = |flag: Option<bool>, terminal: bool, no_color: bool| {
            let flags = Flags {
                color: flag,
                ..Flags::default()
            };
            let env = Environment {
                terminal,
                no_color,
                ..Environment::default()
            };
            resolved(&flags, &env, None).color
        };
        assert!(color(None, true, false));
        assert!(!color(None, true, true));
        assert!(!color(None, false, false));
        assert!(color(Some(true), false, true));
        assert!(!color(Some(false), true, false));
    }

    #[test]
    fn ignore_globs_come_from_the_file_and_a_bad_one_names_the_file_and_pattern() {
        let file = Some("ignore = [\"daily/**\", \"*.todo.md\"]\n");
        let s = resolved(&Flags::default(), &Environment::default(), file).settings;
        assert_eq!(s.ignore.patterns(), ["daily/**", "*.todo.md"]);
        assert_eq!(s.sources.ignore, Source::File);
        let file = Some((Path::new("r.toml"), "ignore = [\"ok\", \"a{b\"]\n"));
        let err = resolve_with(&Flags::default(), &Environment::default(), file).unwrap_err();
        assert!(
            err.starts_with(
                "settings file r.toml: ignore: the pattern \"a{b\" is not a valid glob"
            ),
            "{err}"
        );
    }

    #[test]
    fn the_scheduler_comes_from_the_environment_then_the_file_then_sm2() {
        let none = resolved(&Flags::default(), &Environment::default(), None).settings;
        assert_eq!(
            (none.scheduler, none.sources.scheduler),
            (SchedulerChoice::Sm2, Source::Default)
        );
        assert_eq!(none.desired_retention, 0.9);
        let file = Some("scheduler = \"fsrs\"\ndesired_retention = 0.85\n");
        let s = resolved(&Flags::default(), &Environment::default(), file).settings;
        assert_eq!(
            (s.scheduler, s.sources.scheduler),
            (SchedulerChoice::Fsrs, Source::File)
        );
        assert_eq!(
            (s.desired_retention, s.sources.desired_retention),
            (0.85, Source::File)
        );
        let env = Environment {
            scheduler: Some("sm2".into()),
            ..Environment::default()
        };
        let s = resolved(&Flags::default(), &env, file).settings;
        assert_eq!(
            (s.scheduler, s.sources.scheduler),
            (SchedulerChoice::Sm2, Source::Environment)
        );
    }

    #[test]
    fn any_other_scheduler_is_refused_naming_the_value_and_where_it_was_set() {
        let env = Environment {
            scheduler: Some("anki".into()),
            ..Environment::default()
        };
        let err = resolve_with(&Flags::default(), &env, None).unwrap_err();
        assert_eq!(
            err,
            "RECALL_SCHEDULER = \"anki\" is not a scheduler recall knows: use \"sm2\" or \"fsrs\""
        );
        let file = Some((Path::new("r.toml"), "scheduler = \"SM2\"\n"));
        let err = resolve_with(&Flags::default(), &Environment::default(), file).unwrap_err();
        assert!(
            err.starts_with("settings file r.toml: scheduler = \"SM2\" is not a scheduler"),
            "{err}"
        );
    }

    #[test]
    fn the_rules_that_leave_cards_out_are_settings_checked_by_name() {
        let read = |file: &str| {
            resolve_with(
                &Flags::default(),
                &Environment::default(),
                Some((Path::new("r.toml"), file)),
            )
        };
        let defaults = read("").unwrap().settings;
        assert!(defaults.skip_headings.iter().any(|n| n == "참고 자료"));
        assert!(!defaults.skip_headings.iter().any(|n| n == "참고 사항"));
        assert_eq!(
            (defaults.skip_link_lists, defaults.cloze_min_words),
            (true, 3)
        );
        let s = read("skip_headings = [\"Sources\", \"출처\"]\nskip_link_lists = false\ncloze_min_words = 0\n")
            .unwrap()
            .settings;
        assert_eq!(s.skip_headings, ["Sources", "출처"]);
        assert_eq!((s.skip_link_lists, s.cloze_min_words), (false, 0));
        assert_eq!(
            (
                s.sources.skip_headings,
                s.sources.skip_link_lists,
                s.sources.cloze_min_words
            ),
            (Source::File, Source::File, Source::File)
        );
        assert!(
            read("skip_headings = []\n")
                .unwrap()
                .settings
                .skip_headings
                .is_empty()
        );
        for (file, says) in [
            (
                "skip_headings = [\"ok\", \"  \"]\n",
                "skip_headings holds \"  \", which names no heading",
            ),
            (
                "cloze_min_words = 51\n",
                "cloze_min_words = 51 is more than 50",
            ),
            (
                "cloze_min_words = -1\n",
                "line 1, cloze_min_words = -1: invalid value",
            ),
            (
                "skip_link_lists = \"no\"\n",
                "line 1, skip_link_lists = \"no\": invalid type",
            ),
        ] {
            let err = read(file).unwrap_err();
            assert!(
                err.starts_with("settings file r.toml: ") && err.contains(says),
                "{err}"
            );
        }
    }

    #[test]
    fn desired_retention_outside_0_7_to_0_99_is_refused() {
        for (text, ok) in [
            ("0.7", true),
            ("0.99", true),
            ("0.69", false),
            ("0.995", false),
            ("1.0", false),
            ("nan", false),
        ] {
            let file = format!("desired_retention = {text}\n");
            let result = resolve_with(
                &Flags::default(),
                &Environment::default(),
                Some((Path::new("r.toml"), &file)),
            );
            match result {
                Ok(ctx) => assert!(ok, "{text} was taken: {}", ctx.settings.desired_retention),
                Err(err) => {
                    assert!(!ok, "{text} was refused: {err}");
                    assert!(
                        err.starts_with("settings file r.toml: desired_retention = ")
                            && err.contains("is outside 0.7 to 0.99"),
                        "{err}"
                    );
                }
            }
        }
    }

    #[test]
    fn quiet_and_verbose_pass_through_to_the_context() {
        let flags = Flags {
            quiet: true,
            ..Flags::default()
        };
        let ctx = resolved(&flags, &Environment::default(), None);
        assert!(ctx.quiet && !ctx.verbose);
    }
}
