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
    // Listing every card writes tens of megabytes: a larger buffer makes
    // fewer system calls.
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    if !json {
        writeln!(
            out,
            "{:>5}  {:<9}  {:<10}  {:>4}  {:<5}  question",
            "id", "state", "due", "ef", "kind"
        )?;
    }
    let mut count = 0usize;
    store.each_listed_card(filter, |card| {
        if pattern.as_ref().is_some_and(|p| !p.matches(card.deck)) {
            return Ok(());
        }
        count += 1;
        if json {
            serde_json::to_writer(&mut out, &CardJson::listed(card, offset))?;
            writeln!(out)
        } else {
            let due = card
                .schedule
                .and_then(|s| s.due)
                .map_or("-".to_string(), clock::format_day);
            let mut question = card.context();
            question.push(card.question.to_string());
            writeln!(
                out,
                "{:>5}  {:<9}  {:<10}  {:>4}  {:<5}  {}: {}",
                card.id,
                card_view::status_name(card.status()),
                due,
                card_view::ef(card.schedule),
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
