//! `recall show ID`: one card in full — where it comes from, its text, its
//! schedule, and every grade it was given.

use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use super::card_view::{self, CardJson};
use crate::clock;
use crate::settings::Context;
use crate::width::{columns, write_line};

#[derive(Serialize)]
struct ShowJson<'a> {
    #[serde(flatten)]
    card: CardJson<'a>,
    file: String,
    history: Vec<ReviewJson>,
}

#[derive(Serialize)]
struct ReviewJson {
    at: String,
    day: String,
    grade: u8,
    counted: bool,
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
    let store = super::open_store(ctx)?;
    let Some(state) = store.card(id)? else {
        anyhow::bail!("no card has id {id} (see `recall cards` for ids)");
    };
    let history = store.reviews_of(id)?;
    let offset = *clock.now.offset();
    let card = &state.card;
    let file = crate::notes::source_path(&ctx.settings.notes, &card.deck);
    let mut out = io::stdout().lock();
    if json {
        let value = ShowJson {
            card: CardJson::new(&state, offset),
            file: file.display().to_string(),
            history: history
                .iter()
                .map(|r| ReviewJson {
                    at: card_view::timestamp(r.at, offset),
                    day: clock::format_day(r.day),
                    grade: r.grade.value(),
                    counted: r.counted,
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
    for item in &card.answer_md {
        line("  - ", item)?;
    }
    if card.changed {
        line("", "changed in the notes since its last review")?;
    }
    match state.schedule {
        None => line("schedule: ", "new, never reviewed")?,
        Some(s) => line(
            "schedule: ",
            &format!(
                "due {}, interval {} day{}, EF {}, {} repetition{}, {} lapse{}",
                s.due.map_or("-".into(), clock::format_day),
                s.interval,
                if s.interval == 1 { "" } else { "s" },
                card_view::ef(Some(s)),
                s.repetitions,
                if s.repetitions == 1 { "" } else { "s" },
                s.lapses,
                if s.lapses == 1 { "" } else { "s" },
            ),
        )?,
    }
    if history.is_empty() {
        line("history: ", "no reviews yet")?;
    } else {
        line("history:", "")?;
        for r in &history {
            line(
                &format!("  {}  ", card_view::timestamp(r.at, offset)),
                &format!(
                    "grade {} ({}){}",
                    r.grade.value(),
                    r.grade.label(),
                    if r.counted { "" } else { ", a repeat that day" }
                ),
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
