//! The command line as clap parses it: the global options, and the
//! subcommands in the order of a day's use, each wrapping the arguments its
//! own command file defines (docs/design.md §9).

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::commands::{
    cards, check, completions, config, cram, export, import, open, optimize, preview, report,
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
    long_about = "recall turns each heading-plus-bullets pair in your Markdown notes into a \
                  flashcard, schedules the cards with SM-2 in a local SQLite file, and runs \
                  the daily review in the terminal."
)]
pub struct Cli {
    /// Folder of Markdown notes [default: notes].
    #[arg(long, global = true, env = "RECALL_NOTES")]
    pub notes: Option<PathBuf>,

    /// SQLite database file [default: data/recall.db].
    #[arg(long, global = true, env = "RECALL_DB")]
    pub db: Option<PathBuf>,

    /// Folder shared between devices for their progress (docs/design.md §10) [default: none].
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
