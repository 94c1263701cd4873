//! The command line as clap parses it: the global options, and the
//! subcommands in the order of a day's use, each wrapping the arguments its
//! own command file defines (docs/design.md §9).

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::commands::{
    cards, check, completions, config, cram, export, import, lint, open, optimize, preview, report,
    review, show, stats, suspend, sync,
};
use crate::settings::{Flags, Source};

#[derive(Debug, Parser)]
#[command(
    name = "recall",
    version,
    // A later --notes or --db wins, so shell aliases can be overridden.
    args_override_self = true,
    about = "Spaced repetition for the Markdown notes you already keep",
    long_about = "recall turns your Markdown notes into flashcards and runs the daily review \
                  in the terminal. A heading with a bullet list under it, and a bullet with \
                  sub-bullets, become cards; each **bold** or ==highlighted== phrase in a \
                  bullet becomes a fill-in-the-blank card. Nothing is written into the notes, \
                  and editing them keeps each card's history.\n\n\
                  Cards live in a local SQLite file and are scheduled with SM-2 (the default) \
                  or FSRS-6 (scheduler = \"fsrs\"), whose parameters `recall optimize` fits \
                  to your own reviews; `recall stats` shows how well each predicts your \
                  recall. `recall review --type` has you type the answers and proposes a \
                  grade; `recall cram` practises cards beyond what is due without changing \
                  their schedules. With a shared folder (--shared), your progress travels \
                  between devices through files your own sync tool copies.",
    after_long_help = SETTINGS_HELP
)]
pub struct Cli {
    /// Folder of Markdown notes [default: notes].
    #[arg(long, global = true, env = "RECALL_NOTES")]
    pub notes: Option<PathBuf>,

    /// SQLite database file [default: data/recall.db].
    #[arg(long, global = true, env = "RECALL_DB")]
    pub db: Option<PathBuf>,

    /// Folder your sync tool keeps alike on every device, through which they
    /// share progress; each device appends to a file of its own [default: none].
    #[arg(long, global = true, env = "RECALL_SHARED")]
    pub shared: Option<PathBuf>,

    /// Hour (0-23, local time) at which a new day starts [default: 4].
    #[arg(long, global = true, value_parser = clap::value_parser!(u32).range(0..24))]
    pub day_starts_at: Option<u32>,

    /// Settings file [default: ./recall.toml, else ~/.config/recall/recall.toml].
    #[arg(long, global = true, env = "RECALL_CONFIG")]
    pub config: Option<PathBuf>,

    /// When to use colours and styles.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print less: no sync summaries or warnings, only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more on stderr: each notes file read, and each skipped with why.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The settings file and the environment, for `recall --help` and the man
/// page (docs/design.md §8).
const SETTINGS_HELP: &str = "\
Settings, in ./recall.toml, else ~/.config/recall/recall.toml
(or --config FILE):
  notes, db                 the notes folder, the database
  new_per_day = 20          new cards a day
  day_starts_at = 4         the hour a new day starts
  cloze = true              bold, highlighted phrases make cards
  type_answers = false      type the answers, as --type does
  scheduler = \"sm2\"         or \"fsrs\": FSRS-6
  desired_retention = 0.9   under FSRS, the recall aimed at
  ignore = [\"daily/**\"]     notes that are not study notes
  shared, device            the folder shared between devices,
                            and this device's name
  busy_timeout_ms = 10000   how long a write waits for another

Flags beat environment variables, which beat the file, which beats
the defaults; `recall config` shows each setting and its source.
Hidden files, .gitignore, .ignore and .recallignore files, and front
matter `recall: false` leave notes out too.

Environment: RECALL_NOTES, RECALL_DB, RECALL_SHARED, RECALL_CONFIG,
RECALL_SCHEDULER, RECALL_BUSY_TIMEOUT_MS; RECALL_NOW (RFC 3339)
replaces the clock; NO_COLOR turns colours off; VISUAL or EDITOR
edits notes.

Exit status: 0 success; 1 failure (including a notes file that could
not be read, or a problem `recall check` found); 2 bad usage or
settings.";

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

/// The commands, listed by `recall --help` in this order: the day's review
/// first, then looking around, then upkeep, then setting up.
#[derive(Debug, Subcommand)]
pub enum Command {
    Review(review::Args),
    Cram(cram::Args),
    Sync(sync::Args),
    Stats(stats::Args),
    Report(report::Args),
    Cards(cards::Args),
    Show(show::Args),
    Open(open::Args),
    Suspend(suspend::SuspendArgs),
    Unsuspend(suspend::UnsuspendArgs),
    Preview(preview::Args),
    Lint(lint::Args),
    Check(check::Args),
    Optimize(optimize::Args),
    Export(export::Args),
    Import(import::Args),
    Config(config::Args),
    Completions(completions::Args),
    Man(completions::ManArgs),
}

impl Cli {
    /// Parses the process's arguments, exiting with clap's message (and
    /// status 2) on a bad one: the global options as settings flags, and the
    /// command.
    pub fn parse_args() -> (Flags, Command) {
        let matches = Cli::command().get_matches();
        match Cli::from_arg_matches(&matches) {
            Ok(cli) => (cli.flags(&matches), cli.command),
            Err(e) => e.exit(),
        }
    }

    /// The global options, each path-valued one with where clap found it.
    pub fn flags(&self, matches: &ArgMatches) -> Flags {
        let with_source = |value: &Option<PathBuf>, id: &str| {
            let source = match matches.value_source(id)? {
                ValueSource::CommandLine => Source::Flag,
                ValueSource::EnvVariable => Source::Environment,
                _ => return None,
            };
            Some((value.clone()?, source))
        };
        Flags {
            notes: with_source(&self.notes, "notes"),
            db: with_source(&self.db, "db"),
            shared: with_source(&self.shared, "shared"),
            day_starts_at: self.day_starts_at,
            config: self.config.clone(),
            color: match self.color {
                ColorChoice::Auto => None,
                ColorChoice::Always => Some(true),
                ColorChoice::Never => Some(false),
            },
            quiet: self.quiet,
            verbose: self.verbose,
        }
    }
}
