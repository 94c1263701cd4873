//! `recall cards [--deck GLOB] [--state S] [--json]`: lists cards with their
//! schedules. One thread reads the database while another formats, and the
//! listing is printed once it is whole (`whole`): a row that cannot be read
//! leaves stdout empty, not half a table.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use super::card_batch::{self, Batch};
use super::card_view::{self, CardJson, FsrsJson};
use super::whole::Whole;
use crate::clock;
use crate::scheduler::Scheduler;
use crate::settings::Context;
use crate::store::{CardFilter, ListedCard};
use crate::width::write_line;

/// List cards with their schedules.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example: recall cards --deck 'rust/*' --state due")]
pub struct Args {
    /// Only decks matching this glob (`*` matches across folders).
    #[arg(long)]
    pub deck: Option<String>,
    /// Which cards to list (default: all but retired).
    #[arg(long, value_enum)]
    pub state: Option<StateFilter>,
    /// One JSON object per card, one per line.
    #[arg(long)]
    pub json: bool,
}

/// The `--state` filter of `recall cards`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
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

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let json = args.json;
    let pattern = super::deck_filter(args.deck.as_deref())?;
    let clock = super::clock(ctx)?;
    let (store, scheduler) = super::open_store(ctx)?;
    let today = clock.today();
    let filter = match args.state {
        None => CardFilter::Live,
        Some(StateFilter::New) => CardFilter::New,
        Some(StateFilter::Learning) => CardFilter::Learning,
        Some(StateFilter::Mature) => CardFilter::Mature,
        Some(StateFilter::Due) => CardFilter::Due(today),
        Some(StateFilter::Suspended) => CardFilter::Suspended,
        Some(StateFilter::Retired) => CardFilter::Retired,
        Some(StateFilter::All) => CardFilter::All,
    };
    let offset = *clock.now.offset();
    let width = crate::width::stdout_width();
    // This thread reads the database; a second one formats, a batch of
    // cards at a time.
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Batch>(4);
        let scheduler = &scheduler;
        let measure = match scheduler {
            Scheduler::Sm2 => Measure::Ef,
            Scheduler::Fsrs(_) => Measure::Difficulty,
        };
        let writer = scope.spawn(move || -> io::Result<(usize, Whole)> {
            let mut out = BufWriter::with_capacity(1 << 16, Whole::stdout());
            if !json {
                let columns = format!(
                    "{:>5}  {:<9}  {:<10}  {:>4}  {:<5}  ",
                    "id",
                    "state",
                    "due",
                    measure.name(),
                    "kind"
                );
                write_line(&mut out, width, &columns, "question", columns.len())?;
            }
            let mut count = 0usize;
            for batch in receiver {
                for card in batch.cards() {
                    count += 1;
                    if json {
                        let fsrs = FsrsJson::of(scheduler, card.progress.as_ref(), today);
                        serde_json::to_writer(&mut out, &CardJson::listed(&card, offset, fsrs))?;
                        writeln!(out)?;
                    } else {
                        write_card(&mut out, &card, measure, width)?;
                    }
                }
            }
            let whole = out.into_inner().map_err(io::IntoInnerError::into_error)?;
            Ok((count, whole))
        });
        let mut batch = Batch::with_capacity(card_batch::SIZE);
        let read = store.each_listed_card(filter, json, |card| {
            if pattern.as_ref().is_some_and(|p| !p.matches(card.deck)) {
                return Ok(());
            }
            batch.push(card);
            if batch.len() == card_batch::SIZE {
                let full = std::mem::replace(&mut batch, Batch::with_capacity(card_batch::SIZE));
                // A closed channel means the writer stopped on an error,
                // which its own result tells.
                if sender.send(full).is_err() {
                    return Err(io::ErrorKind::BrokenPipe.into());
                }
            }
            Ok(())
        });
        if batch.len() > 0 {
            let _ = sender.send(batch);
        }
        drop(sender);
        let written = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // The writer's error comes first: it is why the reading stopped.
        let (count, mut whole) = written?;
        read??;
        if !json {
            writeln!(whole, "{count} card{}", if count == 1 { "" } else { "s" })?;
        }
        whole.finish()?;
        Ok(ExitCode::SUCCESS)
    })
}

/// What the listing's fourth column shows: SM-2's EF, or under FSRS, where
/// every card keeps a new card's EF, its difficulty (docs/design.md §11).
#[derive(Clone, Copy)]
enum Measure {
    Ef,
    Difficulty,
}

impl Measure {
    fn name(self) -> &'static str {
        match self {
            Measure::Ef => "ef",
            Measure::Difficulty => "diff",
        }
    }

    fn of(self, card: &ListedCard<'_>) -> String {
        match self {
            Measure::Ef => card_view::ef(card.schedule()),
            Measure::Difficulty => card
                .progress
                .and_then(|p| p.memory)
                .map_or("-".to_string(), |m| format!("{:.1}", m.difficulty)),
        }
    }
}

/// One card of the plain listing: one line, or on a terminal (`width`) as
/// many as its question needs.
fn write_card(
    out: &mut impl Write,
    card: &ListedCard<'_>,
    measure: Measure,
    width: Option<usize>,
) -> io::Result<()> {
    let due = card
        .schedule()
        .and_then(|s| s.due)
        .map_or("-".to_string(), clock::format_day);
    let mut question = card.context();
    question.push(card.question.to_string());
    let Some(width) = width else {
        // The common case of a pipe, written without building the line.
        return writeln!(
            out,
            "{:>5}  {:<9}  {:<10}  {:>4}  {:<5}  {}: {}",
            card.id,
            card_view::status_name(card.status()),
            due,
            measure.of(card),
            card.kind.as_str(),
            card.deck,
            question.join(" › ")
        );
    };
    let columns = format!(
        "{:>5}  {:<9}  {:<10}  {:>4}  {:<5}  ",
        card.id,
        card_view::status_name(card.status()),
        due,
        measure.of(card),
        card.kind.as_str(),
    );
    let text = format!("{}: {}", card.deck, question.join(" › "));
    // Wrapped lines go on under the question.
    let indent = crate::width::columns(&columns);
    write_line(out, Some(width), &columns, &text, indent)
}
