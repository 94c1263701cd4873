//! The review session as a state machine over a queue: which card is asked,
//! whether its answer is shown, and what each key does. Both front-ends (the
//! terminal and the line reader) drive this one machine; the store sits behind
//! the `Backend` trait so the rules are tested without a database.
//!
//! A typed session (docs/design.md §12) has no reveal step: it starts each
//! card at `Typing`, whose one input is the whole answer (as the grade its
//! comparison proposes), then waits at `Proposed`, where Enter accepts the
//! proposal and a digit overrides it.
//!
//! Which digits grade, what they log and which grades bring a card back
//! are the scheduler's (`scheduler::Buttons`, docs/design.md §11): SM-2's
//! 0–5, or FSRS's four buttons.

use std::collections::VecDeque;

use crate::scheduler::{Buttons, Grade};

/// Where the grades go. Each call is one committed transaction: a grade is
/// safe once `record` returns.
pub trait Backend {
    type Error;
    /// Stores a grade for a card; returns the review's id.
    fn record(&mut self, card: i64, grade: Grade) -> Result<i64, Self::Error>;
    /// Takes a review back out of the log, restoring the card's schedule.
    fn undo(&mut self, review: i64) -> Result<(), Self::Error>;
    /// Stores the grade of a typed answer, beside the grade its comparison
    /// proposed (docs/design.md §12).
    fn record_typed(
        &mut self,
        card: i64,
        grade: Grade,
        proposed: Grade,
    ) -> Result<i64, Self::Error> {
        let _ = proposed;
        self.record(card, grade)
    }
}

/// What the learner did at a prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Enter: reveals the answer, or accepts the proposed grade.
    Reveal,
    /// An answer was typed; its comparison proposes this grade.
    Answered(Grade),
    /// A digit: a grade, if the scheduler's keys make it one.
    Key(u8),
    Skip,
    Undo,
    Quit,
    /// Open the card's note in the editor.
    Edit,
}

/// Which side of the current card is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Question,
    Answer,
    /// A typed session waits for the answer to be typed.
    Typing,
    /// The typed answer was compared; this grade is proposed.
    Proposed(Grade),
}

/// What came of an input, for the front-end to tell the learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The answer is now showing (in a typed session: with the comparison
    /// and the proposed grade).
    Revealed,
    /// The grade was saved; `again` when the card comes back this session.
    Graded {
        again: bool,
    },
    Skipped,
    /// The last grade was taken back and its card is asked again.
    Undone {
        card: i64,
    },
    /// The input does not fit this prompt; the reason is for the learner.
    Refused(&'static str),
    Quit,
    /// The learner wants to edit this card's note; the session waits, and
    /// then hears `edited` or `retired`.
    Edit {
        card: i64,
    },
}

/// How many other cards come before a failed card returns, so that it is
/// asked again while still fresh, but not at once.
const REQUEUE_GAP: usize = 5;

#[derive(Debug, Clone, Copy)]
struct Graded {
    card: i64,
    review: i64,
    grade: Grade,
    /// Whether the card was put back into the queue to be asked again.
    requeued: bool,
}

#[derive(Debug)]
pub struct Session {
    /// The cards to ask, the current one first.
    queue: VecDeque<i64>,
    /// Cards past the session's limit, in queue order. The limit counts the
    /// cards shown (docs/design.md §5), so each of these stands in, in turn,
    /// for a card dropped before it was asked (a sibling of a card already
    /// asked today, a card an edit retired).
    reserve: VecDeque<i64>,
    phase: Phase,
    graded: Vec<Graded>,
    skipped: usize,
    quit: bool,
    /// Whether each card starts at `Typing` instead of `Question`.
    typed: bool,
    /// The digits that grade and what they log.
    buttons: Buttons,
}

impl Session {
    pub fn new(queue: impl IntoIterator<Item = i64>) -> Session {
        Session {
            queue: queue.into_iter().collect(),
            reserve: VecDeque::new(),
            phase: Phase::Question,
            graded: Vec::new(),
            skipped: 0,
            quit: false,
            typed: false,
            buttons: Buttons::Sm2,
        }
    }

    /// The same session graded with these keys (SM-2's by default).
    pub fn buttons(mut self, buttons: Buttons) -> Session {
        self.buttons = buttons;
        self
    }

    /// The keys that grade in this session.
    pub fn keys(&self) -> Buttons {
        self.buttons
    }

    /// The same session with answers typed (docs/design.md §12): no reveal
    /// step, each card starts at `Typing`.
    pub fn typed(mut self, typed: bool) -> Session {
        self.typed = typed;
        self.phase = self.start();
        self
    }

    /// Where each card starts.
    fn start(&self) -> Phase {
        if self.typed {
            Phase::Typing
        } else {
            Phase::Question
        }
    }

    /// The same session asking at most `limit` distinct cards, when given.
    /// The cards past it are kept to stand in for cards dropped unasked.
    pub fn with_limit(mut self, limit: Option<usize>) -> Session {
        if let Some(limit) = limit
            && limit < self.queue.len()
        {
            let mut past = self.queue.split_off(limit);
            past.extend(self.reserve.drain(..));
            self.reserve = past;
        }
        self
    }

    /// The card being asked, or `None` when the session is over.
    pub fn current(&self) -> Option<i64> {
        if self.quit {
            None
        } else {
            self.queue.front().copied()
        }
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Cards still waiting, the current one included.
    pub fn remaining(&self) -> usize {
        self.queue.len()
    }

    pub fn handle<B: Backend>(
        &mut self,
        input: Input,
        backend: &mut B,
    ) -> Result<Outcome, B::Error> {
        let Some(card) = self.current() else {
            return Ok(Outcome::Quit);
        };
        Ok(match (input, self.phase) {
            (Input::Quit, _) => {
                self.quit = true;
                Outcome::Quit
            }
            (Input::Undo, _) => self.undo(backend)?,
            (Input::Edit, _) => Outcome::Edit { card },
            (Input::Skip, _) => {
                self.queue.pop_front();
                self.skipped += 1;
                self.phase = self.start();
                Outcome::Skipped
            }
            (Input::Reveal, Phase::Question) => {
                self.phase = Phase::Answer;
                Outcome::Revealed
            }
            (Input::Reveal, Phase::Answer) => Outcome::Refused(match self.buttons {
                Buttons::Sm2 => "grade the answer first: 0-5",
                Buttons::Fsrs => "grade the answer first: 1-4",
            }),
            (Input::Key(_), Phase::Question) => {
                Outcome::Refused("reveal the answer first (Enter), then grade it")
            }
            (Input::Key(key), Phase::Answer) => match self.buttons.grade(key) {
                Some(grade) => self.grade(card, grade, None, backend)?,
                None => self.not_a_grade(),
            },
            (Input::Answered(proposed), Phase::Typing) => {
                self.phase = Phase::Proposed(proposed);
                Outcome::Revealed
            }
            (Input::Reveal | Input::Key(_), Phase::Typing) => {
                Outcome::Refused("type the answer first, then Enter")
            }
            (Input::Reveal, Phase::Proposed(proposed)) => {
                self.grade(card, proposed, Some(proposed), backend)?
            }
            (Input::Key(key), Phase::Proposed(proposed)) => match self.buttons.grade(key) {
                Some(grade) => self.grade(card, grade, Some(proposed), backend)?,
                None => self.not_a_grade(),
            },
            (Input::Answered(_), _) => Outcome::Refused("the answer was already given"),
        })
    }

    /// A digit that is not one of the scheduler's grade keys.
    fn not_a_grade(&self) -> Outcome {
        Outcome::Refused(match self.buttons {
            Buttons::Sm2 => "grade with a digit from 0 to 5",
            Buttons::Fsrs => "grade with 1 again, 2 hard, 3 good or 4 easy",
        })
    }

    /// Saves a grade (with the proposal, for a typed answer) and moves on;
    /// a failed card comes back later in the session.
    fn grade<B: Backend>(
        &mut self,
        card: i64,
        grade: Grade,
        proposed: Option<Grade>,
        backend: &mut B,
    ) -> Result<Outcome, B::Error> {
        let review = match proposed {
            Some(proposed) => backend.record_typed(card, grade, proposed)?,
            None => backend.record(card, grade)?,
        };
        self.queue.pop_front();
        let requeued = self.buttons.comes_back(grade);
        if requeued {
            let at = REQUEUE_GAP.min(self.queue.len());
            self.queue.insert(at, card);
        }
        self.graded.push(Graded {
            card,
            review,
            grade,
            requeued,
        });
        self.phase = self.start();
        Ok(Outcome::Graded { again: requeued })
    }

    /// The current card's note was edited and the card still exists: it is
    /// asked again from its question, as it now reads.
    pub fn edited(&mut self) {
        self.phase = self.start();
    }

    /// The current card is not to be asked (an edit retired it, or a
    /// sibling was asked today): the session goes on without it. Unless it
    /// was graded earlier in the session, it did not count against the
    /// limit, and the next card in reserve takes its place.
    pub fn drop_current(&mut self) {
        if let Some(card) = self.queue.pop_front()
            && !self.graded.iter().any(|g| g.card == card)
            && let Some(next) = self.reserve.pop_front()
        {
            self.queue.push_back(next);
        }
        self.phase = self.start();
    }

    fn undo<B: Backend>(&mut self, backend: &mut B) -> Result<Outcome, B::Error> {
        let Some(last) = self.graded.last().copied() else {
            return Ok(Outcome::Refused("nothing to undo in this session"));
        };
        backend.undo(last.review)?;
        self.graded.pop();
        // Skips and undos since the grade shift the queue, so the repeat is
        // found by id (a card is in the queue at most once), not by position.
        if last.requeued
            && let Some(at) = self.queue.iter().position(|&id| id == last.card)
        {
            self.queue.remove(at);
        }
        self.queue.push_front(last.card);
        self.phase = self.start();
        Ok(Outcome::Undone { card: last.card })
    }

    /// The session's figures so far.
    pub fn summary(&self) -> Summary {
        let mut seen = std::collections::HashSet::new();
        let mut passed = 0;
        for g in &self.graded {
            // A card's first grade in the session is what it knew.
            if seen.insert(g.card) && g.grade.passed() {
                passed += 1;
            }
        }
        Summary {
            cards: seen.len(),
            grades: self.graded.len(),
            passed,
            skipped: self.skipped,
        }
    }
}

/// What a session did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Distinct cards graded.
    pub cards: usize,
    /// Grades given, repeats included.
    pub grades: usize,
    /// Cards whose first grade this session was 3 or more.
    pub passed: usize,
    pub skipped: usize,
}

#[cfg(test)]
mod tests;
