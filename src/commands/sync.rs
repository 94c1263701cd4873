//! `recall sync [--dry-run] [--json]`: brings the cards up to date with the
//! notes and reports what changed.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::notes;
use crate::settings::Context;
use crate::store::Store;
use crate::sync::Report;

/// Bring the cards up to date with the notes, and exchange progress through
/// the shared folder when one is set.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example: recall sync --dry-run")]
pub struct Args {
    /// Show what would change, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let Args { dry_run, json } = *args;
    let clock = super::clock(ctx)?;
    // A wrong notes path is reported before a database is created for it.
    notes::check_root(&ctx.settings.notes).map_err(anyhow::Error::msg)?;
    // A dry run leaves no trace, not even a new database file, and leaves
    // the schedules as they are (a real sync would replay them first after
    // a change of scheduler, docs/design.md §11).
    let (store, scheduler) = if !dry_run {
        let (store, scheduler) = super::open_store(ctx)?;
        (store, Some(scheduler))
    } else if ctx.settings.db.exists() {
        let store = Store::open_waiting(&ctx.settings.db, ctx.settings.busy_timeout())?;
        (store, None)
    } else {
        (Store::open_in_memory()?, None)
    };
    let report = super::sync_notes(ctx, &store, &clock, dry_run, json)?;
    // A dry run reads the notes only; the shared folder is left alone.
    let journal = match &scheduler {
        None => None,
        Some(scheduler) => super::exchange(ctx, &store, scheduler, &clock)?,
    };
    if ctx.verbose {
        for path in &report.read {
            eprintln!("read {path}");
        }
        // Which rule left a file out is found again only when asked: the
        // walk of a sync just leaves such files out (docs/design.md §13).
        let skipped = notes::skipped(&ctx.settings.notes, Path::new(""), &ctx.settings.ignore)
            .map_err(anyhow::Error::msg)?;
        for s in &skipped {
            eprintln!("skipped {}: {}", s.path.display(), s.reason);
        }
        for skip in &report.skips {
            eprintln!("skipped {skip}");
        }
    }
    if !ctx.quiet {
        for warning in &report.warnings {
            eprintln!("warning: {warning}");
        }
    }
    // Journal files and lines that cannot be read are errors, as notes
    // files are: they name file:line, and everything else still merged.
    let journal_failed = journal.as_ref().is_some_and(|j| !j.errors.is_empty());
    for error in journal.iter().flat_map(|j| &j.errors) {
        eprintln!("error: {error}");
    }
    if !ctx.quiet {
        for warning in journal.iter().flat_map(|j| &j.warnings) {
            eprintln!("warning: {warning}");
        }
    }
    for failed in &report.files_failed {
        eprintln!(
            "error: {}: {}; its cards were left as they were",
            failed.file, failed.error
        );
    }
    let mut out = io::stdout().lock();
    if json {
        let mut value = serde_json::to_value(&report)?;
        if let (Some(j), Some(map)) = (&journal, value.as_object_mut()) {
            map.insert("journal".into(), serde_json::to_value(j)?);
        }
        serde_json::to_writer(&mut out, &value)?;
        writeln!(out)?;
    } else {
        if dry_run {
            writeln!(out, "dry run: nothing was written")?;
        }
        let width = crate::width::stdout_width();
        crate::width::write_line(&mut out, width, "", &summary(&report, ctx.verbose), 0)?;
        if let Some(j) = &journal {
            crate::width::write_line(&mut out, width, "", &journal_summary(j), 0)?;
        }
    }
    Ok(super::status(
        !report.files_failed.is_empty() || journal_failed,
    ))
}

/// The merge in one line, e.g. `shared: 4 events read, 3 grades merged,
/// 2 appended; 1 other device; 0 cards pending`.
pub fn journal_summary(j: &crate::exchange::Exchange) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "shared: {} read, {} merged, {} appended; {}; {} pending",
        plural(j.events_read, "event", "events"),
        plural(j.grades_merged, "grade", "grades"),
        plural(j.appended, "event", "events"),
        plural(j.devices, "other device", "other devices"),
        plural(j.pending, "card", "cards"),
    )
}

/// The report in one line, e.g. `3 added, 1 changed, 50 unchanged; 2 files
/// read, 7 skipped as unchanged`.
pub fn summary(r: &Report, verbose: bool) -> String {
    let counts = [
        (r.added, "added"),
        (r.changed, "changed"),
        (r.moved, "moved"),
        (r.renamed, "renamed"),
        (r.retired, "retired"),
        (r.revived, "revived"),
        (r.unchanged, "unchanged"),
    ];
    let cards: Vec<String> = counts
        .iter()
        .filter(|(n, name)| *n > 0 || *name == "unchanged")
        .map(|(n, name)| format!("{n} {name}"))
        .collect();
    let mut line = format!(
        "cards: {}; files: {} read, {} skipped as unchanged",
        cards.join(", "),
        r.files_read,
        r.files_skipped
    );
    if !r.files_failed.is_empty() {
        line.push_str(&format!(", {} failed", r.files_failed.len()));
    }
    let left_out: usize = r.left_out.values().sum();
    if left_out > 0 {
        line.push_str(&format!(
            "; {left_out} card{} left out",
            if left_out == 1 { "" } else { "s" }
        ));
        if !verbose {
            line.push_str(if left_out == 1 {
                " (-v names it)"
            } else {
                " (-v names them)"
            });
        }
    }
    line
}
