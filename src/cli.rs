//! The command line: global options and subcommands, as clap parses them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "recall",
    version,
    about = "Spaced repetition for the Markdown notes you already keep",
    long_about = "recall turns each heading-plus-bullets pair in your Markdown notes into a \
                  flashcard, schedules the cards with SM-2 in a local SQLite file, and runs \
                  the daily review in the terminal."
)]
pub struct Cli {
    /// Folder of Markdown notes.
    #[arg(long, global = true, env = "RECALL_NOTES", default_value = "notes")]
    pub notes: PathBuf,

    /// SQLite database file.
    #[arg(long, global = true, env = "RECALL_DB", default_value = "data/recall.db")]
    pub db: PathBuf,

    /// Hour (0-23, local time) at which a new day starts.
    #[arg(long, global = true, default_value_t = 4, value_parser = clap::value_parser!(u32).range(0..24))]
    pub day_starts_at: u32,

    #[command(subcommand)]
    pub command: Command,
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
}
