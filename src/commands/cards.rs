//! `recall cards [--deck GLOB] [--state S] [--json]`: lists cards with their
//! schedules, streaming so that a large collection starts printing at once.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use super::card_view::{self, CardJson};
use crate::cli::{Cli, StateFilter};
use crate::clock;
use crate::store::CardFilter;

pub fn run(
    cli: &Cli,
    deck: Option<&str>,
    state: Option<StateFilter>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let pattern = super::deck_filter(deck)?;
    let clock = super::clock(cli)?;
    let store = super::open_store(cli)?;
    let filter = match state {
        None => CardFilter::Live,
        Some(StateFilter::New) => CardFilter::New,
        Some(StateFilter::Learning) => CardFilter::Learning,
        Some(StateFilter::Mature) => CardFilter::Mature,
        Some(StateFilter::Due) => CardFilter::Due(clock.today()),
        Some(StateFilter::Suspended) => CardFilter::Suspended,
        Some(StateFilter::Retired) => CardFilter::Retired,
        Some(StateFilter::All) => CardFilter::All,
    };
    let offset = *clock.now.offset();
    let mut out = BufWriter::new(io::stdout().lock());
    if !json {
        writeln!(
            out,
            "{:>5}  {:<9}  {:<10}  {:>4}  {:<5}  question",
            "id", "state", "due", "ef", "kind"
        )?;
    }
    let mut count = 0usize;
    store.each_card(filter, |state| {
        if pattern
            .as_ref()
            .is_some_and(|p| !p.matches(&state.card.deck))
        {
            return Ok(());
        }
        count += 1;
        if json {
            serde_json::to_writer(&mut out, &CardJson::new(&state, offset))?;
            writeln!(out)
        } else {
            let card = &state.card;
            let due = state
                .schedule
                .and_then(|s| s.due)
                .map_or("-".to_string(), clock::format_day);
            let mut question = card.context.clone();
            question.push(card.question.clone());
            writeln!(
                out,
                "{:>5}  {:<9}  {:<10}  {:>4}  {:<5}  {}: {}",
                card.id,
                card_view::status_name(state.status()),
                due,
                card_view::ef(state.schedule),
                card.kind.as_str(),
                card.deck,
                question.join(" › ")
            )
        }
    })??;
    if !json {
        writeln!(out, "{count} card{}", if count == 1 { "" } else { "s" })?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
