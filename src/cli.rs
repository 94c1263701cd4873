//! The command line: global options and subcommands, as clap parses them.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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

    /// Print more on stderr: each notes file read.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// The settings in force, resolved from flags, environment, the settings
    /// file and defaults after parsing.
    #[arg(skip)]
    pub settings: crate::settings::Settings,

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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the cards a notes file or folder gives, without touching the database.
    #[command(after_help = "Example: recall preview notes/rust.md --json")]
    Preview {
        /// A .md file or a folder (default: the notes folder).
        path: Option<PathBuf>,
        /// One JSON object per card, one per line.
        #[arg(long)]
        json: bool,
    },

    /// Review the cards due today, then new ones (the daily session).
    #[command(
        after_help = "Keys: Enter reveals the answer, 0-5 grades it, s skips, u undoes the \
                            last grade, q quits.\nWithout a terminal on stdin, one line per \
                            prompt: an empty line reveals, a digit grades.\n\n\
                            Example: recall review --deck 'rust/*' --new 10"
    )]
    Review {
        /// Only decks matching this glob (`*` matches across folders).
        #[arg(long)]
        deck: Option<String>,
        /// New cards allowed per day, counting those already seen today
        /// [default: 20, or `new_per_day` in the settings file].
        #[arg(long)]
        new: Option<usize>,
        /// At most this many cards in the session.
        #[arg(long)]
        limit: Option<usize>,
        /// Fixes the shuffled order of cards due on the same day.
        #[arg(long)]
        seed: Option<u64>,
        /// Review without reading the notes first.
        #[arg(long)]
        no_sync: bool,
    },
    /// Progress: cards by state, forecast, heatmap, retention, decks, leeches.
    #[command(after_help = "Example: recall stats --deck 'rust/*'")]
    Stats {
        /// Only decks matching this glob (`*` matches across folders).
        #[arg(long)]
        deck: Option<String>,
        /// Print the figures as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Print the settings in force and where each comes from.
    #[command(
        after_help = "Settings come from flags, then environment variables, then recall.toml, then defaults."
    )]
    Config {
        /// Print them as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Verify the database: integrity, and every schedule against its review log.
    #[command(
        after_help = "Exit status 0 when all is well, 1 when a problem was found.\n\nExample: recall check --json"
    )]
    Check {
        /// Print the result as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Write every card out: for Anki's text import, as CSV, or as a JSON backup.
    #[command(
        after_help = "Examples:\n  recall export --format anki -o recall-anki.txt   (then Anki: File > Import)\n  recall export --format json -o backup.json       (restore with recall import)"
    )]
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Only decks matching this glob (`*` matches across folders).
        #[arg(long)]
        deck: Option<String>,
        /// Write to this file instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Restore cards, schedules and reviews from a `recall export --format json` file.
    #[command(after_help = "Example: recall import backup.json")]
    Import {
        /// The JSON export to read.
        file: PathBuf,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Example: recall completions bash > ~/.local/share/bash-completion/completions/recall"
    )]
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff).
    #[command(after_help = "Example: recall man > ~/.local/share/man/man1/recall.1")]
    Man,
    /// Bring the cards up to date with the notes.
    #[command(after_help = "Example: recall sync --dry-run")]
    Sync {
        /// Show what would change, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// List cards with their schedules.
    #[command(after_help = "Example: recall cards --deck 'rust/*' --state due")]
    Cards {
        /// Only decks matching this glob (`*` matches across folders).
        #[arg(long)]
        deck: Option<String>,
        /// Which cards to list (default: all but retired).
        #[arg(long, value_enum)]
        state: Option<StateFilter>,
        /// One JSON object per card, one per line.
        #[arg(long)]
        json: bool,
    },
    /// Show one card: its text, source, schedule and review history.
    #[command(after_help = "Example: recall show 12")]
    Show {
        /// The card's id (see `recall cards`).
        id: i64,
        /// Print it as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Open a card's note in $VISUAL / $EDITOR at the card's line, then sync.
    #[command(after_help = "Example: EDITOR=nano recall open 12")]
    Open {
        /// The card's id (see `recall cards`).
        id: i64,
    },
    /// Keep cards out of reviews until unsuspended.
    #[command(after_help = "Example: recall suspend 12 40")]
    Suspend {
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Bring suspended cards back into reviews.
    #[command(after_help = "Example: recall unsuspend 12")]
    Unsuspend {
        #[arg(required = true)]
        ids: Vec<i64>,
    },
}

/// The `--state` filter of `recall cards`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateFilter {
    New,
    Learning,
    Mature,
    /// Due today or overdue.
    Due,
    Suspended,
    Retired,
    All,
}

/// What `recall export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Tab-separated text for Anki's File > Import, HTML fields, one deck per recall deck.
    Anki,
    /// Every card with its schedule, one row each.
    Csv,
    /// Every card with its schedule and full review log; `recall import` reads it back.
    Json,
}
