//! The review session (docs/design.md §5): the queue, the state machine, and the
//! two front-ends that drive it (an interactive terminal and a line reader
//! for scripts), joined by `run`.

pub mod daily;
pub mod line;
pub mod machine;
pub mod practice_backend;
pub mod queue;
pub mod render;
pub mod store_backend;
pub mod terminal;
pub mod typed;

use std::collections::HashMap;
use std::io;

use crate::scheduler::Choice;
use crate::store::{CardState, Store, StoreError};
pub use machine::{Backend, Input, Outcome, Phase, Session, Summary};
pub use typed::Checked;

/// A backend on the store that `run` drives: the daily review's
/// (`StoreBackend`) or cram's (`PracticeBackend`, docs/design.md §12).
pub trait Recorder: Backend<Error = StoreError> {
    fn store(&self) -> &Store;
    /// Starts timing the answer to the card just shown.
    fn question_shown(&mut self);
    /// What the grade prompt offers for this card, each choice with the
    /// interval it would give (docs/design.md §11).
    fn choices(&self, card: &CardState) -> Vec<Choice>;
}

/// What the learner sees and types. Both front-ends implement it.
pub trait FrontEnd {
    /// Shows a card's question side; `remaining` counts it too.
    fn question(&mut self, card: &CardState, remaining: usize) -> io::Result<()>;
    /// Shows the answer under the question, and the grade prompt's choices.
    fn answer(&mut self, card: &CardState, choices: &[Choice]) -> io::Result<()>;
    /// Waits for the learner's next input at `phase`; `None` at end of input.
    fn read(&mut self, phase: Phase) -> io::Result<Option<Input>>;
    /// Tells the learner something (a refused key, an undone grade).
    fn notice(&mut self, text: &str) -> io::Result<()>;
    /// In a typed session (docs/design.md §12): shows the question and
    /// reads the answer as whole lines, one for a cloze or a one-item card,
    /// items until an empty line for a list card (no line: nothing typed);
    /// `None` at end of input.
    fn typing(&mut self, card: &CardState, remaining: usize) -> io::Result<Option<Vec<String>>>;
    /// Shows what the typed answer came to, the grade proposed and the
    /// grade prompt's choices.
    fn compared(
        &mut self,
        card: &CardState,
        checked: &Checked,
        choices: &[Choice],
    ) -> io::Result<()>;
}

/// What came of editing a card's note in the middle of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edited {
    /// The card is still there (perhaps reworded): ask it again.
    Kept(String),
    /// The edit removed the card.
    Retired(String),
    /// The editor could not run or failed; nothing changed.
    Failed(String),
}

/// Opens a card's note in an editor and brings the cards up to date after.
pub trait NoteEditor {
    fn edit(&mut self, store: &Store, card: &CardState) -> Edited;
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Store(#[from] StoreError),
    // The I/O error is the source: the error chain prints it after this.
    #[error("cannot talk to the terminal")]
    Io(#[from] io::Error),
    #[error("card {0} disappeared from the database during the session")]
    Vanished(i64),
}

/// Runs a session to its end: the queue is empty, the learner quit, or the
/// input ended. Every grade is committed before the next card is shown.
pub fn run<B: Recorder>(
    session: &mut Session,
    backend: &mut B,
    front: &mut dyn FrontEnd,
    editor: &mut dyn NoteEditor,
    // `None`: no sibling rule (cram practises any card, docs/design.md §12).
    mut families: Option<&mut HashMap<u64, i64>>,
) -> Result<Summary, SessionError> {
    let mut shown: Option<(i64, Phase)> = None;
    while let Some(id) = session.current() {
        let phase = session.phase();
        if shown != Some((id, phase)) {
            let card = load(backend.store(), id)?;
            // An edit during the session may have retired other queued cards;
            // a sibling of a card already asked today waits for another day.
            let family = queue::family(&card.card.deck, card.card.family_line);
            let holder = families
                .as_deref_mut()
                .map_or(id, |f| *f.entry(family).or_insert(id));
            if card.card.retired || holder != id {
                session.drop_current();
                continue;
            }
            match phase {
                Phase::Question => {
                    front.question(&card, session.remaining())?;
                    backend.question_shown();
                }
                Phase::Answer => front.answer(&card, &backend.choices(&card))?,
                Phase::Typing => {
                    backend.question_shown();
                    let Some(typed) = front.typing(&card, session.remaining())? else {
                        break;
                    };
                    let checked = typed::check(&card.card, &typed, session.keys());
                    front.compared(&card, &checked, &backend.choices(&card))?;
                    session.handle(Input::Answered(checked.proposal), backend)?;
                    shown = Some((id, session.phase()));
                    continue;
                }
                // Shown by `compared`, right after the answer was typed.
                Phase::Proposed(_) => {}
            }
            shown = Some((id, phase));
        }
        let Some(input) = front.read(phase)? else {
            break;
        };
        match session.handle(input, backend)? {
            Outcome::Refused(why) => front.notice(why)?,
            Outcome::Undone { card } => {
                front.notice(&format!(
                    "undone: the last grade of card {card} was taken back"
                ))?;
                shown = None;
            }
            Outcome::Skipped | Outcome::Graded { .. } => shown = None,
            Outcome::Edit { card } => {
                let before = load(backend.store(), card)?;
                match editor.edit(backend.store(), &before) {
                    Edited::Kept(note) => {
                        front.notice(&note)?;
                        session.edited();
                        shown = None;
                    }
                    Edited::Retired(note) => {
                        front.notice(&note)?;
                        session.drop_current();
                        shown = None;
                    }
                    Edited::Failed(note) => front.notice(&note)?,
                }
            }
            Outcome::Revealed | Outcome::Quit => {}
        }
    }
    Ok(session.summary())
}

fn load(store: &Store, id: i64) -> Result<CardState, SessionError> {
    store.card(id)?.ok_or(SessionError::Vanished(id))
}
