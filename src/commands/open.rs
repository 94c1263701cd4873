//! `recall open ID`: the card's note in the editor at the card's line; after
//! the editor exits, the notes are synced and the card shown as it now reads.
//! The same edit-then-sync step serves the `e` key of a review.

use std::process::ExitCode;

use crate::clock::Clock;
use crate::editor;
use crate::notes;
use crate::scheduler::Scheduler;
use crate::session::{Edited, NoteEditor};
use crate::settings::Context;
use crate::store::{CardState, Store};
use crate::sync;

/// Edits cards' notes for a review session or `open`.
pub struct EditAndSync<'a> {
    pub ctx: &'a Context,
    pub clock: Clock,
    /// The scheduler in force, for the grades an exchange brings.
    pub scheduler: &'a Scheduler,
}

impl NoteEditor for EditAndSync<'_> {
    fn edit(&mut self, store: &Store, card: &CardState) -> Edited {
        let before = &card.card;
        let file = notes::source_path(&self.ctx.settings.notes, &before.deck);
        if let Err(why) = editor::open(&file, before.line) {
            return Edited::Failed(format!("{why}; nothing was changed"));
        }
        let report = match sync::sync(
            store,
            &self.ctx.settings.notes,
            &super::sync_options(self.ctx, &self.clock),
            false,
        ) {
            Ok(report) => report,
            Err(e) => return Edited::Failed(format!("the notes could not be synced: {e}")),
        };
        // The edit may bring cards whose progress other devices sent.
        let shared = match super::exchange(self.ctx, store, self.scheduler, &self.clock) {
            Ok(j) => j.and_then(|j| j.errors.into_iter().chain(j.warnings).next()),
            Err(e) => Some(format!("progress was not exchanged: {e}")),
        };
        let note = |text: String| match &shared {
            Some(warning) => format!("{text} (warning: {warning})"),
            None => text,
        };
        if let Some(failed) = report.files_failed.first() {
            return Edited::Failed(format!(
                "{}: {}; the card was left as it was",
                failed.file, failed.error
            ));
        }
        match store.card(before.id) {
            Ok(Some(after)) if !after.card.retired => {
                let how = if after.card.question != before.question {
                    "its question was reworded; history kept"
                } else if after.card.answer != before.answer {
                    "its answer changed; history kept"
                } else {
                    "unchanged"
                };
                Edited::Kept(note(format!("card {}: {how}", before.id)))
            }
            Ok(_) => Edited::Retired(note(format!(
                "card {} is no longer in the notes: retired with its history",
                before.id
            ))),
            Err(e) => Edited::Failed(e.to_string()),
        }
    }
}

/// Open a card's note in $VISUAL / $EDITOR at the card's line, then sync.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example: EDITOR=nano recall open 12")]
pub struct Args {
    /// The card's id (see `recall cards`).
    pub id: i64,
}

pub fn run(ctx: &Context, args: &Args) -> anyhow::Result<ExitCode> {
    let id = args.id;
    let clock = super::clock(ctx)?;
    let (store, scheduler) = super::open_store(ctx)?;
    let Some(card) = store.card(id)? else {
        anyhow::bail!("no card has id {id} (see `recall cards` for ids)");
    };
    let mut editor = EditAndSync {
        ctx,
        clock,
        scheduler: &scheduler,
    };
    match editor.edit(&store, &card) {
        Edited::Kept(note) => {
            println!("{note}");
            super::show::run(ctx, &super::show::Args { id, json: false })
        }
        Edited::Retired(note) => {
            println!("{note}");
            Ok(ExitCode::SUCCESS)
        }
        Edited::Failed(note) => anyhow::bail!("{note}"),
    }
}
