//! `recall review`: syncs the notes, builds today's queue, runs the session on
//! the terminal or on stdin lines, and ends with a summary.

use std::collections::{HashMap, HashSet};
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::Cli;
use crate::clock::{self, Clock};
use crate::scheduler::Day;
use crate::session::line::LineFrontEnd;
use crate::session::queue::{self, Candidate, Limits};
use crate::session::store_backend::StoreBackend;
use crate::session::terminal::TerminalFrontEnd;
use crate::session::{self, FrontEnd, Session, Summary};
use crate::store::{QueueRow, Store};

pub struct Options<'a> {
    pub deck: Option<&'a str>,
    pub new: usize,
    pub limit: Option<usize>,
    pub seed: Option<u64>,
    pub no_sync: bool,
}

pub fn run(cli: &Cli, options: &Options<'_>) -> anyhow::Result<ExitCode> {
    let pattern = super::deck_filter(options.deck)?;
    let clock = super::clock(cli)?;
    let store = super::open_store(cli)?;
    if !options.no_sync {
        quiet_sync(cli, &store, &clock);
    }
    let today = clock.today();
    let in_deck = |deck: &str| pattern.as_ref().is_none_or(|p| p.matches(deck));

    let new_left = options
        .new
        .saturating_sub(store.new_seen_on(today)? as usize);
    let answered: HashSet<u64> = store
        .families_answered_on(today)?
        .iter()
        .map(|(deck, line)| queue::family(deck, *line))
        .collect();
    let due: Vec<Candidate> = match pattern {
        // Without a deck filter the due index alone gives the queue; each
        // card's family is checked when it comes up.
        None => {
            let inactive = store.inactive_ids()?;
            let mut due = Vec::new();
            store.each_due_id(today, |id, day| {
                if !inactive.contains(&id) {
                    due.push(Candidate {
                        id,
                        due: Some(day),
                        family: None,
                    });
                }
            })?;
            due
        }
        Some(_) => store
            .due_rows(today)?
            .iter()
            .filter(|row| in_deck(&row.deck))
            .map(candidate)
            .collect(),
    };
    // New cards stream in note order; stop reading once the quota is full
    // (a few extra cover siblings the queue will skip).
    let mut new = Vec::new();
    store.each_new_row(|row| {
        if in_deck(&row.deck) {
            new.push(candidate(&row));
        }
        new.len() < new_left.saturating_mul(4).max(64)
    })?;
    let limits = Limits {
        new: new_left,
        total: options.limit.unwrap_or(usize::MAX),
    };
    let seed = options.seed.unwrap_or_else(rand::random);
    let queue = queue::build(due, new, &answered, limits, seed);
    // Which card holds each family today: answered ones by no card of this
    // session (id 0), the rest by the first of the session's cards asked.
    let mut families: HashMap<u64, i64> = answered.iter().map(|&f| (f, 0)).collect();

    if queue.is_empty() {
        println!(
            "Nothing to review now. {}",
            next_due_sentence(&store, today, options.new)?
        );
        return Ok(ExitCode::SUCCESS);
    }

    let started = Instant::now();
    let mut session = Session::new(queue.iter().map(|c| c.id));
    let summary = {
        let mut backend = StoreBackend::new(&store, today, clock.timestamp());
        let interactive = io::stdin().is_terminal() && io::stderr().is_terminal();
        let mut front: Box<dyn FrontEnd> = if interactive {
            Box::new(TerminalFrontEnd::new())
        } else {
            Box::new(LineFrontEnd::new(io::stdin().lock(), io::stdout()))
        };
        let mut editor = super::open::EditAndSync { cli, clock };
        session::run(
            &mut session,
            &mut backend,
            front.as_mut(),
            &mut editor,
            &mut families,
        )?
    };
    let mut out = io::stdout().lock();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        summary_sentence(&summary, started.elapsed().as_secs())
    )?;
    writeln!(out, "{}", next_due_sentence(&store, today, options.new)?)?;
    Ok(ExitCode::SUCCESS)
}

/// Syncs before a review: one line if anything changed, warnings for files
/// that could not be read, and the review goes on whatever happens.
fn quiet_sync(cli: &Cli, store: &Store, clock: &Clock) {
    match super::sync_notes(cli, store, clock, false, false) {
        Ok(report) if cli.quiet => drop(report),
        Ok(report) => {
            if cli.verbose {
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
            if report.any_change() {
                eprintln!("synced notes: {}", super::sync::summary(&report));
            }
        }
        Err(e) if !cli.quiet => eprintln!("warning: the notes were not synced: {e}"),
        Err(_) => {}
    }
}

fn candidate(row: &QueueRow) -> Candidate {
    Candidate {
        id: row.id,
        due: row.due,
        family: Some(queue::family(&row.deck, row.family_line)),
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
fn next_due_sentence(store: &Store, today: Day, new_per_day: usize) -> anyhow::Result<String> {
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
        Some(day) if day <= today => "More cards are due now.".into(),
        Some(day) => format!(
            "Next card due {} (in {} day{}).",
            clock::format_day(day),
            day - today,
            if day - today == 1 { "" } else { "s" }
        ),
    })
}
