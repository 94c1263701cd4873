//! `recall report [-o FILE] [--open] [--deck GLOB]`: the progress figures
//! as one self-contained HTML page (docs/design.md §16), gathered as
//! `stats` gathers them (`figures`) and laid out by `stats::html`.
//! `--open` hands the file to the system's opener.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context as _, bail};

use crate::settings::Context;
use crate::stats::html::{self, Page};

/// The page's name when `-o` is not given, in the current folder.
pub const DEFAULT_FILE: &str = "recall-report.html";

/// Write a progress report: one HTML page of charts that reads offline,
/// on a phone and on paper.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  recall report --open\n  recall report --deck 'rust/*' -o rust.html\n  recall report -o - > progress.html"
)]
pub struct Args {
    /// Write the page to this file; `-` writes it to stdout.
    #[arg(short, long, default_value = DEFAULT_FILE)]
    pub output: PathBuf,
    /// Open the page with the system's opener once written.
    #[arg(long)]
    pub open: bool,
    /// Only decks matching this glob (`*` matches across folders).
    #[arg(long)]
    pub deck: Option<String>,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let to_stdout = args.output.as_os_str() == "-";
    if to_stdout && args.open {
        bail!("--open needs a file to open: give -o FILE rather than -o -");
    }
    let gathered = super::figures::gather(ctx, args.deck.as_deref())?;
    let source_of = |deck: &str| {
        crate::notes::source_path(&ctx.settings.notes, deck)
            .display()
            .to_string()
    };
    let page = html::render(&Page {
        stats: &gathered.stats,
        today: gathered.today,
        deck: args.deck.as_deref(),
        scheduler: gathered.scheduler,
        source_of: &source_of,
    });
    if to_stdout {
        let mut out = io::stdout().lock();
        out.write_all(page.as_bytes())?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let path = &args.output;
    fs::write(path, page).with_context(|| format!("cannot write {}", path.display()))?;
    let shown = std::path::absolute(path).unwrap_or_else(|_| path.clone());
    if !ctx.quiet {
        eprintln!("wrote the progress report to {}", shown.display());
    }
    if args.open {
        open(&shown)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The system's way of opening a file with its default application.
fn opener() -> (&'static str, &'static [&'static str]) {
    if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        // `start` takes its first quoted argument as a window title.
        ("cmd", &["/c", "start", ""])
    } else {
        ("xdg-open", &[])
    }
}

/// Hands `path` to the opener and waits for it to say it is done; the
/// file stays written whatever happens.
fn open(path: &Path) -> anyhow::Result<()> {
    let (program, args) = opener();
    let status = Command::new(program)
        .args(args)
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status();
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => bail!(
            "{program} could not open {} ({status}); the report is written there, open it \
             with a browser",
            path.display()
        ),
        Err(e) if e.kind() == io::ErrorKind::NotFound => bail!(
            "cannot open the report: {program} is not installed; the report is written to {}, \
             open it with a browser",
            path.display()
        ),
        Err(e) => bail!(
            "cannot run {program} to open the report ({e}); the report is written to {}",
            path.display()
        ),
    }
}
