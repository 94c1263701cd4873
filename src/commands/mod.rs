//! One module per command, each defining its own arguments (`Args`, a
//! `clap::Args`) and a `run(&Context, &Args)` that `main` calls
//! (docs/design.md §9). Shared plumbing (opening the store, the clock, the
//! deck filter, syncing with a progress bar) lives here.

mod anki;
mod card_batch;
mod card_view;
pub mod cards;
pub mod check;
pub mod completions;
pub mod config;
pub mod cram;
pub mod export;
mod figures;
pub mod import;
pub mod lint;
pub mod open;
pub mod optimize;
pub mod preview;
pub mod report;
pub mod review;
pub mod show;
pub mod stats;
pub mod suspend;
pub mod sync;
mod whole;

use std::process::ExitCode;

use std::io::{self, IsTerminal};

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::clock::Clock;
use crate::grading;
use crate::scheduler::Scheduler;
use crate::scheduler::fsrs::{Fsrs, Params};
use crate::settings::{Context, SchedulerChoice};
use crate::store::Store;

/// Whether the error is a closed stdout (output piped into `head`), which is
/// not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind);
        let json = cause
            .downcast_ref::<serde_json::Error>()
            .and_then(serde_json::Error::io_error_kind);
        io.or(json) == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Exit status for a run where some files failed.
fn status(failed: bool) -> ExitCode {
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// A progress bar on stderr, only on a terminal and never with `--json` or
/// `-q`. A quick sync draws it and clears it at once.
fn progress_bar(ctx: &Context, json: bool) -> Option<ProgressBar> {
    bar(ctx, json, "reading notes", "{pos}/{len} files")
}

/// A progress bar saying `label`, then the bar, then `counter` (indicatif's
/// placeholders), on the same terms as `progress_bar`. The bar takes the
/// width the terminal leaves (`{wide_bar}`): a fixed width would overrun a
/// narrow terminal, wrapping the line and piling up rows at each redraw.
fn bar(ctx: &Context, json: bool, label: &str, counter: &str) -> Option<ProgressBar> {
    if json || ctx.quiet || !io::stderr().is_terminal() {
        return None;
    }
    let template = format!("{label} {{wide_bar}} {counter}");
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_draw_target(ProgressDrawTarget::stderr());
    Some(bar)
}

/// Syncs the notes with the settings in force, with a progress bar on a
/// terminal.
fn sync_notes(
    ctx: &Context,
    store: &Store,
    clock: &Clock,
    dry_run: bool,
    json: bool,
) -> Result<crate::sync::Report, crate::sync::SyncError> {
    let bar = progress_bar(ctx, json);
    let report = crate::sync::sync_with_progress(
        store,
        &ctx.settings.notes,
        &sync_options(ctx, clock),
        dry_run,
        &mut |done, total| {
            if let Some(bar) = &bar {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            }
        },
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    report
}

/// Exchanges progress through the shared folder, when `shared` is set
/// (docs/design.md §10): `None` when it is not.
fn exchange(
    ctx: &Context,
    store: &Store,
    scheduler: &Scheduler,
    clock: &Clock,
) -> Result<Option<crate::exchange::Exchange>, crate::exchange::ExchangeError> {
    let Some(dir) = &ctx.settings.shared else {
        return Ok(None);
    };
    crate::exchange::merge(store, &journal_local(dir, scheduler, clock)).map(Some)
}

/// What this device's events are stamped with.
fn journal_local<'a>(
    dir: &'a std::path::Path,
    scheduler: &'a Scheduler,
    clock: &Clock,
) -> crate::exchange::Local<'a> {
    crate::exchange::Local {
        dir,
        offset: clock.now.offset().local_minus_utc() / 60,
        now: clock.timestamp(),
        scheduler,
    }
}

/// The `meta` key under which `optimize` keeps the fitted FSRS weights, a
/// JSON list of 21 numbers.
const FSRS_PARAMS: &str = "fsrs_params";

/// The FSRS parameters `optimize` stored in this database, if any. Stored
/// weights that do not read as FSRS-6's are an error naming the database.
fn fitted_params(store: &Store) -> anyhow::Result<Option<Params>> {
    let Some(text) = store.meta(FSRS_PARAMS)? else {
        return Ok(None);
    };
    let damaged = |why: String| {
        anyhow::anyhow!(
            "the fitted FSRS parameters stored in {} cannot be read ({why}); run `recall optimize` \
             to fit them again",
            store.path().display()
        )
    };
    let weights: Vec<f32> = serde_json::from_str(&text).map_err(|e| damaged(e.to_string()))?;
    Params::new(&weights)
        .map(Some)
        .map_err(|e| damaged(e.to_string()))
}

/// The scheduler the settings put in force, with the fitted FSRS
/// parameters when `optimize` stored some (docs/design.md §11).
fn scheduler(ctx: &Context, store: &Store) -> anyhow::Result<Scheduler> {
    Ok(match ctx.settings.scheduler {
        SchedulerChoice::Sm2 => Scheduler::Sm2,
        SchedulerChoice::Fsrs => Scheduler::Fsrs(Fsrs::new(
            fitted_params(store)?.unwrap_or_default(),
            ctx.settings.desired_retention as f32,
        )),
    })
}

/// FSRS with the weights in use (fitted or FSRS-6's defaults) and whether
/// they were fitted: the scheduler in force, or under SM-2 the one that
/// `scheduler = "fsrs"` would put in force (calibration, `optimize`).
fn fsrs_in_use(ctx: &Context, store: &Store, in_force: &Scheduler) -> anyhow::Result<(Fsrs, bool)> {
    let fitted = fitted_params(store)?;
    let model = match in_force {
        Scheduler::Fsrs(model) => model.clone(),
        Scheduler::Sm2 => Fsrs::new(
            fitted.unwrap_or_default(),
            ctx.settings.desired_retention as f32,
        ),
    };
    Ok((model, fitted.is_some()))
}

/// Opens the database with its schedules computed by the scheduler in
/// force: when they were computed by another (the setting, the desired
/// retention or the fitted parameters changed since), every card's log is
/// replayed first (docs/design.md §11), with a progress bar on a terminal.
fn open_store(ctx: &Context) -> anyhow::Result<(Store, Scheduler)> {
    let store = Store::open_waiting(&ctx.settings.db, ctx.settings.busy_timeout())?;
    let scheduler = scheduler(ctx, &store)?;
    reschedule(ctx, &store, &scheduler)?;
    Ok((store, scheduler))
}

/// Replays every card through `scheduler` if the stored schedules were
/// computed by another, saying so on stderr when cards changed.
fn reschedule(ctx: &Context, store: &Store, scheduler: &Scheduler) -> anyhow::Result<()> {
    if !grading::needs_reschedule(store, scheduler)? {
        return Ok(());
    }
    let bar = bar(ctx, false, "rescheduling", "{pos}/{len}");
    let changed = grading::reschedule(store, scheduler, |done, total| {
        if let Some(bar) = &bar {
            bar.set_length(total);
            bar.set_position(done);
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if changed > 0 && !ctx.quiet {
        eprintln!(
            "scheduler: {changed} card{} rescheduled by replaying {} review log through {}",
            if changed == 1 { "" } else { "s" },
            if changed == 1 { "its" } else { "their" },
            scheduler.name()
        );
    }
    Ok(())
}

/// How the commands sync: now, with the card options in force.
fn sync_options(ctx: &Context, clock: &Clock) -> crate::sync::Options {
    crate::sync::Options {
        now: clock.timestamp(),
        cards: card_options(ctx),
        scope: ctx.settings.ignore.clone(),
    }
}

/// The card generator's options in force (docs/design.md §2, §14).
pub(crate) fn card_options(ctx: &Context) -> crate::cards::Options {
    let s = &ctx.settings;
    crate::cards::Options {
        cloze: s.cloze,
        skip_headings: crate::cards::SkipHeadings::new(&s.skip_headings),
        skip_link_lists: s.skip_link_lists,
        cloze_min_words: s.cloze_min_words,
    }
}

fn clock(ctx: &Context) -> anyhow::Result<Clock> {
    Ok(Clock::from_env(ctx.settings.day_starts_at)?)
}

/// The `--deck` glob, checked up front so a typo is reported, not ignored.
fn deck_filter(glob: Option<&str>) -> anyhow::Result<Option<glob::Pattern>> {
    glob.map(|g| glob::Pattern::new(g).with_context(|| format!("--deck {g:?} is not a valid glob")))
        .transpose()
}
