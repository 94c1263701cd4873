//! `recall show ID`: one card in full — where it comes from, its text, its
//! schedule, and every grade it was given.

use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use super::card_view::{self, CardJson};
use crate::clock;
use crate::settings::Context;

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
    writeln!(
        out,
        "card {} · {} · {}",
        card.id,
        card.kind.as_str(),
        card_view::status_name(state.status())
    )?;
    writeln!(out, "source: {}:{}", file.display(), card.line)?;
    if !card.context_md.is_empty() {
        writeln!(out, "context: {}", card.context_md.join(" › "))?;
    }
    writeln!(out, "question: {}", card.question_md)?;
    writeln!(out, "answer:")?;
    for item in &card.answer_md {
        writeln!(out, "  - {item}")?;
    }
    if card.changed {
        writeln!(out, "changed in the notes since its last review")?;
    }
    match state.schedule {
        None => writeln!(out, "schedule: new, never reviewed")?,
        Some(s) => writeln!(
            out,
            "schedule: due {}, interval {} day{}, EF {}, {} repetition{}, {} lapse{}",
            s.due.map_or("-".into(), clock::format_day),
            s.interval,
            if s.interval == 1 { "" } else { "s" },
            card_view::ef(Some(s)),
            s.repetitions,
            if s.repetitions == 1 { "" } else { "s" },
            s.lapses,
            if s.lapses == 1 { "" } else { "s" },
        )?,
    }
    if history.is_empty() {
        writeln!(out, "history: no reviews yet")?;
    } else {
        writeln!(out, "history:")?;
        for r in &history {
            writeln!(
                out,
                "  {}  grade {} ({}){}",
                card_view::timestamp(r.at, offset),
                r.grade.value(),
                r.grade.label(),
                if r.counted { "" } else { ", a repeat that day" }
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
