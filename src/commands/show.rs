//! `recall show ID`: one card in full — where it comes from, its text (the
//! answer's lead, items and details, never folded: this is where a review
//! sends the learner for what it folded, docs/design.md §14.1), its
//! schedule (under FSRS with its memory and its recall today, docs/design.md
//! §11), and every grade it was given, with the practice grades of `recall
//! cram` marked as practice (docs/design.md §12).

use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use super::card_view::{self, CardJson, FsrsJson};
use crate::block_view::{self, Layout};
use crate::cards::Block;
use crate::clock;
use crate::scheduler::Scheduler;
use crate::settings::Context;
use crate::width::{columns, write_line};

#[derive(Serialize)]
struct ShowJson<'a> {
    #[serde(flatten)]
    card: CardJson<'a>,
    /// The text as the notes write it, as the text view shows it (the
    /// fields above are plain text, as in `cards --json`).
    context_md: &'a [String],
    question_md: &'a str,
    answer_md: &'a [String],
    file: String,
    history: Vec<ReviewJson>,
}

#[derive(Serialize)]
struct ReviewJson {
    at: String,
    day: String,
    grade: u8,
    counted: bool,
    /// The grade proposed for a typed answer; absent when not typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    proposed: Option<u8>,
    /// A cram grade: it never changed the schedule.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    practice: bool,
}

/// One line of a card's history: a review, or a practice grade.
struct Entry {
    at: i64,
    day: crate::scheduler::Day,
    grade: crate::scheduler::Grade,
    counted: bool,
    proposed: Option<crate::scheduler::Grade>,
    practice: bool,
}

/// Show one card: its text, source, schedule and review history.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example: recall show 12")]
pub struct Args {
    /// The card's id (see `recall cards`).
    pub id: i64,
    /// Print it as one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let Args { id, json } = *args;
    let clock = super::clock(ctx)?;
    let (store, scheduler) = super::open_store(ctx)?;
    let Some(state) = store.card(id)? else {
        anyhow::bail!("no card has id {id} (see `recall cards` for ids)");
    };
    let proposals = store.proposals_of(id)?;
    let mut history: Vec<Entry> = store
        .reviews_of(id)?
        .iter()
        .map(|r| Entry {
            at: r.at,
            day: r.day,
            grade: r.grade,
            counted: r.counted,
            proposed: proposals.get(&r.id).copied(),
            practice: false,
        })
        .collect();
    // Practice goes in by time, after the reviews of the same second.
    for p in store.practice_of(id)? {
        let at = history.partition_point(|e| e.at <= p.at);
        history.insert(
            at,
            Entry {
                at: p.at,
                day: p.day,
                grade: p.grade,
                counted: false,
                proposed: p.proposed,
                practice: true,
            },
        );
    }
    let offset = *clock.now.offset();
    let fsrs = FsrsJson::of(&scheduler, state.progress.as_ref(), clock.today());
    let card = &state.card;
    let file = crate::notes::source_path(&ctx.settings.notes, &card.deck);
    let mut out = io::stdout().lock();
    if json {
        let value = ShowJson {
            card: CardJson::new(&state, offset, fsrs),
            context_md: &card.context_md,
            question_md: &card.question_md,
            answer_md: &card.answer_md,
            file: file.display().to_string(),
            history: history
                .iter()
                .map(|r| ReviewJson {
                    at: card_view::timestamp(r.at, offset),
                    day: clock::format_day(r.day),
                    grade: r.grade.value(),
                    counted: r.counted,
                    proposed: r.proposed.map(|p| p.value()),
                    practice: r.practice,
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    // On a terminal each line wraps under the text after its label.
    let width = crate::width::stdout_width();
    let mut line =
        |first: &str, text: &str| write_line(&mut out, width, first, text, columns(first).max(2));
    line(
        "",
        &format!(
            "card {} · {} · {}",
            card.id,
            card.kind.as_str(),
            card_view::status_name(state.status())
        ),
    )?;
    line("source: ", &format!("{}:{}", file.display(), card.line))?;
    if !card.context_md.is_empty() {
        line("context: ", &card.context_md.join(" › "))?;
    }
    line("question: ", &card.question_md)?;
    line("answer:", "")?;
    write_blocks(&mut out, &card.lead, width)?;
    for item in &card.answer_md {
        write_line(&mut out, width, "  - ", item, 4)?;
    }
    write_blocks(&mut out, &card.details, width)?;
    let mut line =
        |first: &str, text: &str| write_line(&mut out, width, first, text, columns(first).max(2));
    if card.changed {
        line("", "changed in the notes since its last review")?;
    }
    match state.schedule() {
        None => line("schedule: ", "new, never reviewed")?,
        Some(s) => line(
            "schedule: ",
            &format!(
                "due {}{}, interval {} day{}, {}{} repetition{}, {} lapse{}",
                s.due.map_or("-".into(), clock::format_day),
                moved(state.progress.as_ref()),
                s.interval,
                if s.interval == 1 { "" } else { "s" },
                // Under FSRS every card keeps a new card's EF: it says nothing.
                match fsrs {
                    None => format!("EF {}, ", card_view::ef(Some(s))),
                    Some(_) => String::new(),
                },
                s.repetitions,
                if s.repetitions == 1 { "" } else { "s" },
                s.lapses,
                if s.lapses == 1 { "" } else { "s" },
            ),
        )?,
    }
    if let Some(FsrsJson {
        stability: Some(stability),
        difficulty: Some(difficulty),
        retrievability,
    }) = fsrs
    {
        line(
            "memory: ",
            &format!(
                "stability {stability:.1} days, difficulty {difficulty:.2} of 10{}",
                retrievability.map_or(String::new(), |r| format!(
                    ", {:.0}% likely recalled today",
                    r * 100.0
                ))
            ),
        )?;
    }
    if history.is_empty() {
        line("history: ", "no reviews yet")?;
    } else {
        line("history:", "")?;
        // Under FSRS a grade reads as the button it stands for.
        let meaning = |grade: crate::scheduler::Grade| match &scheduler {
            Scheduler::Sm2 => grade.label(),
            Scheduler::Fsrs(_) => scheduler.buttons().name(grade),
        };
        for r in &history {
            line(
                &format!("  {}  ", card_view::timestamp(r.at, offset)),
                &format!(
                    "{}grade {} ({}){}{}",
                    if r.practice { "practice: " } else { "" },
                    r.grade.value(),
                    meaning(r.grade),
                    match r.proposed {
                        Some(p) => format!(", typed, {} proposed", p.value()),
                        None => String::new(),
                    },
                    if r.counted || r.practice {
                        ""
                    } else {
                        ", a repeat that day"
                    }
                ),
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How far the load balancer moved the card's due day from its interval
/// (docs/design.md §15), as ` (moved 2 days later by the load balancer)`;
/// nothing when it did not.
fn moved(progress: Option<&crate::scheduler::Progress>) -> String {
    let Some(p) = progress else {
        return String::new();
    };
    let scheduled = p.last_day.saturating_add_unsigned(p.schedule.interval);
    match p.schedule.due.map_or(0, |due| due - scheduled) {
        0 => String::new(),
        days => format!(
            " (moved {} day{} {} by the load balancer)",
            days.abs(),
            if days.abs() == 1 { "" } else { "s" },
            if days > 0 { "later" } else { "earlier" }
        ),
    }
}

/// A lead or details under `answer:`, whole, code as code (`block_view`).
fn write_blocks(out: &mut impl Write, blocks: &[Block], width: Option<usize>) -> io::Result<()> {
    let layout = Layout {
        width,
        color: false,
        indent: "  ",
    };
    for line in block_view::lines(blocks, layout) {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
