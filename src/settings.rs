//! The settings in force: each from a flag, an environment variable, the
//! settings file (`recall.toml`) or its default, in that order, with where it
//! came from so `recall config` can say.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::{Deserialize, Serialize};

use crate::cli::{Cli, ColorChoice};

/// Where a setting's value came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
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
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Sources {
    pub notes: Source,
    pub db: Source,
    pub new_per_day: Source,
    pub day_starts_at: Source,
    pub cloze: Source,
}

/// Every setting, resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub notes: PathBuf,
    pub db: PathBuf,
    pub new_per_day: usize,
    pub day_starts_at: u32,
    /// Whether bold text makes cloze cards.
    pub cloze: bool,
    /// Whether to use colours (not a file setting: `--color` and `NO_COLOR`).
    #[serde(skip)]
    pub color: bool,
    /// The settings file read, if any.
    pub file: Option<PathBuf>,
    pub sources: Sources,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            notes: PathBuf::from("notes"),
            db: PathBuf::from("data/recall.db"),
            new_per_day: 20,
            day_starts_at: 4,
            cloze: true,
            color: false,
            file: None,
            sources: Sources::default(),
        }
    }
}

/// What the process was given besides its arguments.
pub struct Environment {
    /// The user's config folder (`$XDG_CONFIG_HOME` or `~/.config`).
    pub config_home: Option<PathBuf>,
    pub home: Option<PathBuf>,
    pub no_color: bool,
    pub terminal: bool,
}

impl Environment {
    /// Reads the real environment.
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
        }
    }
}

fn source(matches: &ArgMatches, id: &str) -> Option<Source> {
    match matches.value_source(id)? {
        ValueSource::CommandLine => Some(Source::Flag),
        ValueSource::EnvVariable => Some(Source::Environment),
        _ => None,
    }
}

/// The settings file to read: `--config`/`RECALL_CONFIG` (which must exist),
/// else `./recall.toml`, else `<config home>/recall/recall.toml`.
fn find_file(cli: &Cli, env: &Environment) -> Result<Option<PathBuf>, String> {
    if let Some(path) = &cli.config {
        if !path.is_file() {
            return Err(format!("settings file {} does not exist", path.display()));
        }
        return Ok(Some(path.clone()));
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

/// Resolves every setting. An unreadable file, an unknown key or a bad value
/// is an error naming the file and key.
pub fn resolve(cli: &Cli, matches: &ArgMatches, env: &Environment) -> Result<Settings, String> {
    let mut s = Settings::default();
    let path = find_file(cli, env)?;
    let file: File = match &path {
        Some(p) => {
            let text = fs::read_to_string(p).map_err(|e| {
                format!(
                    "cannot read settings file {}: {}",
                    p.display(),
                    crate::notes::plain(&e)
                )
            })?;
            toml::from_str(&text).map_err(|e| {
                format!(
                    "settings file {}: {}",
                    p.display(),
                    one_line(&e.to_string())
                )
            })?
        }
        None => File::default(),
    };
    if let Some(hour) = file.day_starts_at.filter(|h| *h > 23) {
        return Err(format!(
            "settings file {}: day_starts_at = {hour} is not an hour from 0 to 23",
            path.as_deref().unwrap_or(Path::new("?")).display()
        ));
    }
    let file_dir = path.clone().unwrap_or_default();

    if let (Some(v), Some(src)) = (&cli.notes, source(matches, "notes")) {
        (s.notes, s.sources.notes) = (v.clone(), src);
    } else if let Some(v) = &file.notes {
        (s.notes, s.sources.notes) = (file_path(v, &file_dir, env), Source::File);
    }
    if let (Some(v), Some(src)) = (&cli.db, source(matches, "db")) {
        (s.db, s.sources.db) = (v.clone(), src);
    } else if let Some(v) = &file.db {
        (s.db, s.sources.db) = (file_path(v, &file_dir, env), Source::File);
    }
    if let Some(v) = cli.day_starts_at {
        (s.day_starts_at, s.sources.day_starts_at) = (v, Source::Flag);
    } else if let Some(v) = file.day_starts_at {
        (s.day_starts_at, s.sources.day_starts_at) = (v, Source::File);
    }
    if let crate::cli::Command::Review { new: Some(v), .. } = &cli.command {
        (s.new_per_day, s.sources.new_per_day) = (*v, Source::Flag);
    } else if let Some(v) = file.new_per_day {
        (s.new_per_day, s.sources.new_per_day) = (v, Source::File);
    }
    if let Some(v) = file.cloze {
        (s.cloze, s.sources.cloze) = (v, Source::File);
    }
    s.color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => env.terminal && !env.no_color,
    };
    s.file = path;
    Ok(s)
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
