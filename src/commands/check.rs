//! `recall check [--json]`: verifies the database like `git fsck` — SQLite's
//! integrity and foreign keys, and every schedule against its review log
//! (`grading::check`, docs/design.md §7), and the database against the
//! shared journal it has merged (`exchange::verify`, §10). `--repair`
//! first mends what can be mended from the database itself: cards brought
//! in line with the journal's union (`exchange::repair`: a grade held
//! twice kept once), then schedules rebuilt from their logs
//! (`grading::repair`).

use std::io::{self, Write};
use std::process::ExitCode;

use crate::grading;
use crate::settings::Context;
use crate::store::Problem;

/// Verify the database: integrity, every schedule against its review log
/// under the scheduler in force, and the shared journal once it shares.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status 0 when all is well, 1 when a problem was found.\n\nExample: recall check --json"
)]
pub struct Args {
    /// Print the result as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// First mend what the database itself can tell right: bring every card
    /// in line with the shared journal's events (a grade held twice is kept
    /// once) and rebuild every schedule that differs from its review log.
    #[arg(long)]
    pub repair: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let json = args.json;
    let (store, scheduler) = super::open_store(ctx)?;
    let repaired = if args.repair {
        Some((
            crate::exchange::repair(&store, &scheduler)?,
            grading::repair(&store, &scheduler)?,
        ))
    } else {
        None
    };
    let mut problems = grading::check(&store, &scheduler)?;
    problems.extend(
        crate::exchange::verify(&store)?
            .into_iter()
            .map(|what| Problem { card: None, what }),
    );
    let cards = store.live_count()?;
    let journaled = store.device_id()?.is_some();
    let mut out = io::stdout().lock();
    if json {
        // Every figure the text names: the database, its cards, and whether
        // the shared journal was checked too.
        let mut report = serde_json::json!({
            "ok": problems.is_empty(),
            "problems": problems,
            "database": store.path().display().to_string(),
            "cards": cards,
            "journal": journaled,
        });
        if let Some((journal, schedules)) = repaired {
            report["repaired"] = serde_json::json!({ "journal": journal, "schedules": schedules });
        }
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
        return Ok(super::status(!problems.is_empty()));
    }
    if let Some((journal, schedules)) = repaired {
        writeln!(
            out,
            "repaired: {journal} card{} brought in line with the shared journal, {schedules} \
             schedule{} rebuilt from {} review log",
            if journal == 1 { "" } else { "s" },
            if schedules == 1 { "" } else { "s" },
            if schedules == 1 { "its" } else { "their" },
        )?;
    }
    if problems.is_empty() {
        writeln!(
            out,
            "ok: {} is intact; every schedule matches its review log{} ({cards} cards)",
            store.path().display(),
            if journaled {
                " and the shared journal"
            } else {
                ""
            }
        )?;
    } else {
        for p in &problems {
            match p.card {
                Some(card) => writeln!(out, "card {card}: {}", p.what)?,
                None => writeln!(out, "{}", p.what)?,
            }
        }
        writeln!(
            out,
            "{} problem{} found",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        )?;
    }
    Ok(super::status(!problems.is_empty()))
}
