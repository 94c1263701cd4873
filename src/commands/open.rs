//! `recall open ID`: the card's note in the editor at the card's line; after
//! the editor exits, the notes are synced and the card shown as it now reads.
//! The same edit-then-sync step serves the `e` key of a review.

use std::process::ExitCode;

use crate::cli::Cli;
use crate::clock::Clock;
use crate::editor;
use crate::notes;
use crate::session::{Edited, NoteEditor};
use crate::store::{CardState, Store};
use crate::sync;

/// Edits cards' notes for a review session or `open`.
pub struct EditAndSync<'a> {
    pub cli: &'a Cli,
    pub clock: Clock,
}

impl NoteEditor for EditAndSync<'_> {
    fn edit(&mut self, store: &Store, card: &CardState) -> Edited {
        let before = &card.card;
        let file = notes::source_path(&self.cli.settings.notes, &before.deck);
        if let Err(why) = editor::open(&file, before.line) {
            return Edited::Failed(format!("{why}; nothing was changed"));
        }
        let report = match sync::sync(
            store,
            &self.cli.settings.notes,
            &super::sync_options(self.cli, &self.clock),
            false,
        ) {
            Ok(report) => report,
            Err(e) => return Edited::Failed(format!("the notes could not be synced: {e}")),
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
                Edited::Kept(format!("card {}: {how}", before.id))
            }
            Ok(_) => Edited::Retired(format!(
                "card {} is no longer in the notes: retired with its history",
                before.id
            )),
            Err(e) => Edited::Failed(e.to_string()),
        }
    }
}

pub fn run(cli: &Cli, id: i64) -> anyhow::Result<ExitCode> {
    let clock = super::clock(cli)?;
    let store = super::open_store(cli)?;
    let Some(card) = store.card(id)? else {
        anyhow::bail!("no card has id {id} (see `recall cards` for ids)");
    };
    let mut editor = EditAndSync { cli, clock };
    match editor.edit(&store, &card) {
        Edited::Kept(note) => {
            println!("{note}");
            super::show::run(cli, id, false)
        }
        Edited::Retired(note) => {
            println!("{note}");
            Ok(ExitCode::SUCCESS)
        }
        Edited::Failed(note) => anyhow::bail!("{note}"),
    }
}
