//! `recall review`: syncs the notes, builds today's queue, runs the session on
//! the terminal or on stdin lines, and ends with a summary.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use crate::clock::{self, Clock};
use crate::grading::Balance;
use crate::scheduler::{Buttons, Day, Scheduler};
use crate::session::daily::{self, DailyLimits};
use crate::session::line::LineFrontEnd;
use crate::session::store_backend::StoreBackend;
use crate::session::terminal::TerminalFrontEnd;
use crate::session::{self, FrontEnd, Session, Summary};
use crate::settings::Context;
use crate::store::Store;
use crate::width::write_line;

/// Review the cards due today, then new ones (the daily session).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Keys: Enter reveals the answer, 0-5 grades it (with scheduler = \"fsrs\": \
                  1 again, 2 hard, 3 good, 4 easy), s skips, u undoes the last grade, e edits \
                  the card's note in $VISUAL / $EDITOR and shows it again as edited, q \
                  quits. Each grade prompt shows the interval each choice would give.\n\
                  Without a terminal on stdin, one line per \
                  prompt: an empty line reveals, a digit grades.\n\
                  With --type, the answer is typed (a list card: one item a line, an empty \
                  line ending it); Enter accepts the proposed grade, a digit overrides it.\n\n\
                  Example: recall review --deck 'rust/*' --new 10"
)]
pub struct Args {
    /// Only decks matching this glob (`*` matches across folders).
    #[arg(long)]
    pub deck: Option<String>,
    /// New cards allowed per day, counting those already seen today
    /// [default: 20, or `new_per_day` in the settings file].
    #[arg(long)]
    pub new: Option<usize>,
    /// At most this many cards in the session.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Reviews allowed per day, counting cards already reviewed today; due
    /// cards beyond it wait, the most urgent asked first; 0: no limit
    /// [default: 200, or `max_reviews_per_day` in the settings file].
    #[arg(long, value_name = "N")]
    pub max_reviews: Option<u32>,
    /// Fixes the shuffled order of cards due on the same day.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Review without reading the notes first.
    #[arg(long)]
    pub no_sync: bool,
    /// Type each answer; recall compares it and proposes a grade, which
    /// Enter accepts and a digit overrides [setting: `type_answers`].
    #[arg(long = "type")]
    pub typed: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    // `--new` and `--max-reviews` beat the settings for this session.
    let limits = DailyLimits {
        new_per_day: args.new.unwrap_or(ctx.settings.new_per_day),
        max_reviews: args.max_reviews.unwrap_or(ctx.settings.max_reviews_per_day),
    };
    let new_per_day = limits.new_per_day;
    let pattern = super::deck_filter(args.deck.as_deref())?;
    let clock = super::clock(ctx)?;
    let (store, scheduler) = super::open_store(ctx)?;
    if !args.no_sync {
        quiet_sync(ctx, &store, &scheduler, &clock);
    }
    let today = clock.today();
    let seed = args.seed.unwrap_or_else(rand::random);
    let built = daily::build(&store, &scheduler, today, pattern.as_ref(), limits, seed)?;
    let (queue, answered) = (built.queue, built.answered);
    let mut session = Session::new(queue.cards.iter().map(|c| c.id))
        .with_limit(args.limit)
        .typed(args.typed || ctx.settings.type_answers)
        .buttons(scheduler.buttons());
    // Which card holds each family today: answered ones by no card of this
    // session (id 0), the rest by the first of the session's cards asked.
    let mut families: HashMap<u64, i64> = answered.iter().map(|&f| (f, 0)).collect();

    let width = crate::width::stdout_width();
    if session.remaining() == 0 {
        let next = match waiting_sentence(queue.waiting, limits.max_reviews, true) {
            Some(waiting) => waiting,
            None => next_due_sentence(&store, today, new_per_day, false, pattern.is_some())?,
        };
        let nothing = format!("Nothing to review now. {next}");
        write_line(&mut io::stdout().lock(), width, "", &nothing, 0)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(waiting) = waiting_sentence(queue.waiting, limits.max_reviews, false) {
        write_line(&mut io::stdout().lock(), width, "", &waiting, 0)?;
    }

    let started = Instant::now();
    let summary = {
        let balance = Balance::new(ctx.settings.load_balance, ctx.settings.easy_days);
        let mut backend =
            StoreBackend::new(&store, &scheduler, today, clock.timestamp()).balancing(balance);
        if let Some(dir) = &ctx.settings.shared {
            let offset = super::journal_local(dir, &scheduler, &clock).offset;
            backend = backend.journaling(dir.clone(), offset);
        }
        let mut front = front_end(scheduler.buttons());
        let mut editor = super::open::EditAndSync {
            ctx,
            clock,
            scheduler: &scheduler,
        };
        let summary = session::run(
            &mut session,
            &mut backend,
            front.as_mut(),
            &mut editor,
            Some(&mut families),
        )?;
        if let Some(warning) = backend.journal_warning().filter(|_| !ctx.quiet) {
            eprintln!("warning: {warning}");
        }
        summary
    };
    let mut out = io::stdout().lock();
    writeln!(out)?;
    let seconds = started.elapsed().as_secs();
    write_line(&mut out, width, "", &summary_sentence(&summary, seconds), 0)?;
    // Quitting leaves cards in this session's queue; a finished session
    // leaves only what a new one would ask now (siblings of cards answered
    // today wait for tomorrow, due cards past the daily limit for the
    // coming days).
    let (askable, waiting) = if session.remaining() > 0 {
        (true, 0)
    } else {
        daily::askable_now(&store, &scheduler, today, pattern.as_ref(), limits)?
    };
    let more_now = askable;
    let next = match waiting_sentence(waiting, limits.max_reviews, true).filter(|_| !more_now) {
        Some(waiting) => waiting,
        None => next_due_sentence(&store, today, new_per_day, more_now, pattern.is_some())?,
    };
    write_line(&mut out, width, "", &next, 0)?;
    Ok(ExitCode::SUCCESS)
}

/// What the daily limit of `max_reviews` keeps waiting, when it keeps any
/// card (docs/design.md §15): before the session (`done` false), or once
/// the day's reviews have reached the limit.
fn waiting_sentence(waiting: usize, max_reviews: u32, done: bool) -> Option<String> {
    let cards = |n: usize| format!("{n} due card{}", if n == 1 { "" } else { "s" });
    let verb = if waiting == 1 { "waits" } else { "wait" };
    (waiting > 0).then(|| {
        if done {
            format!(
                "Today's limit of {max_reviews} reviews is reached: {} {verb} for the coming \
                 days, the most urgent first (max_reviews_per_day, or --max-reviews).",
                cards(waiting)
            )
        } else {
            format!(
                "{} {verb} for the coming days: today's limit of {max_reviews} reviews asks \
                 the most urgent first (max_reviews_per_day, or --max-reviews).",
                cards(waiting)
            )
        }
    })
}

/// The terminal front-end when both stdin and stderr are terminals, else
/// the line reader on stdin and stdout; either grading with `buttons`.
pub(crate) fn front_end(buttons: Buttons) -> Box<dyn FrontEnd> {
    if io::stdin().is_terminal() && io::stderr().is_terminal() {
        Box::new(TerminalFrontEnd::new(buttons))
    } else {
        Box::new(LineFrontEnd::new(io::stdin().lock(), io::stdout(), buttons))
    }
}

/// Syncs before a review: one line if anything changed, warnings for files
/// that could not be read, and the review goes on whatever happens.
fn quiet_sync(ctx: &Context, store: &Store, scheduler: &Scheduler, clock: &Clock) {
    match super::sync_notes(ctx, store, clock, false, false) {
        Ok(report) if ctx.quiet => drop(report),
        Ok(report) => {
            if ctx.verbose {
                for path in &report.read {
                    eprintln!("read {path}");
                }
            }
            for failed in &report.files_failed {
                eprintln!(
                    "warning: {}: {}; its cards were kept as they were",
                    failed.file, failed.error
                );
            }
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            for skip in report.skips.iter().filter(|_| ctx.verbose) {
                eprintln!("skipped {skip}");
            }
            if report.any_change() {
                eprintln!(
                    "synced notes: {}",
                    super::sync::summary(&report, ctx.verbose)
                );
            }
        }
        Err(e) if !ctx.quiet => eprintln!("warning: the notes were not synced: {e}"),
        Err(_) => {}
    }
    match super::exchange(ctx, store, scheduler, clock) {
        Ok(Some(j)) if !ctx.quiet => {
            for warning in j.errors.iter().chain(&j.warnings) {
                eprintln!("warning: {warning}");
            }
            if j.grades_merged > 0 {
                eprintln!("{}", super::sync::journal_summary(&j));
            }
        }
        Ok(_) => {}
        Err(e) if !ctx.quiet => eprintln!("warning: progress was not exchanged: {e}"),
        Err(_) => {}
    }
}

fn summary_sentence(s: &Summary, seconds: u64) -> String {
    let share = ((s.passed * 100 + s.cards / 2).checked_div(s.cards))
        .map(|percent| {
            format!(
                ", {} of them ({percent}%) graded 3 or more on first try",
                s.passed
            )
        })
        .unwrap_or_default();
    let skipped = if s.skipped > 0 {
        format!(", {} skipped", s.skipped)
    } else {
        String::new()
    };
    format!(
        "Reviewed {} card{}{share}{skipped} in {}m {:02}s.",
        s.cards,
        if s.cards == 1 { "" } else { "s" },
        seconds / 60,
        seconds % 60
    )
}

/// When the next card can be asked: a due card, or a new card (today while
/// the day's new-card quota lasts, else tomorrow).
/// When the next card is due. `more_now`: whether a session started now
/// would ask anything; `filtered`: whether `--deck` narrowed it.
fn next_due_sentence(
    store: &Store,
    today: Day,
    new_per_day: usize,
    more_now: bool,
    filtered: bool,
) -> anyhow::Result<String> {
    let mut next = store.next_due()?;
    if store.has_new()? {
        let new_day = if (store.new_seen_on(today)? as usize) < new_per_day {
            today
        } else {
            today + 1
        };
        next = Some(next.map_or(new_day, |d| d.min(new_day)));
    }
    Ok(match next {
        None => "No cards to review yet: add headings with bullet lists to your notes.".into(),
        Some(day) if day <= today && more_now => "More cards are due now.".into(),
        Some(day) if day <= today && filtered => {
            "No more cards to ask today in these decks: the others due now are in other \
             decks, or give away a card answered today."
                .into()
        }
        Some(day) if day <= today => {
            "The cards still due give away cards answered today: they come back tomorrow.".into()
        }
        Some(day) => format!(
            "Next card due {} (in {} day{}).",
            clock::format_day(day),
            day - today,
            if day - today == 1 { "" } else { "s" }
        ),
    })
}
