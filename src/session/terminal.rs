//! The interactive front-end: single keys on a terminal (docs/design.md §5).
//! Enter reveals, a digit grades at once, `s`, `u`, `e`, `q` skip, undo,
//! edit the note, quit (Escape and Ctrl-C quit too). Cards, the grade legend
//! and the key hints are wrapped to the terminal's width (`session::render`),
//! and the hints are cleared when the answer shows. It draws on stderr and
//! reads keys from the terminal, so stdout stays free for pipes.

use std::io;

use console::{Key, Term, style};

use super::machine::{Input, Phase};
use super::{FrontEnd, render};
use crate::scheduler::Grade;
use crate::store::CardState;

pub struct TerminalFrontEnd {
    term: Term,
    /// Lines the last list of keys took, cleared when the answer shows.
    keys_lines: usize,
}

impl TerminalFrontEnd {
    pub fn new() -> TerminalFrontEnd {
        TerminalFrontEnd {
            term: Term::stderr(),
            keys_lines: 0,
        }
    }
}

impl TerminalFrontEnd {
    /// Writes dimmed lines.
    fn dim(&self, lines: &[String]) -> io::Result<()> {
        for line in lines {
            self.term.write_line(&style(line).dim().to_string())?;
        }
        Ok(())
    }

    fn keys(&mut self, phase: Phase) -> io::Result<()> {
        let keys = render::keys(phase, self.screen().width);
        self.keys_lines = keys.len();
        self.dim(&keys)
    }

    fn screen(&self) -> render::Screen {
        render::Screen {
            width: self
                .term
                .size_checked()
                .map_or(80, |(_, cols)| cols as usize),
            color: console::colors_enabled_stderr(),
        }
    }
}

impl Default for TerminalFrontEnd {
    fn default() -> Self {
        Self::new()
    }
}

impl FrontEnd for TerminalFrontEnd {
    fn question(&mut self, card: &CardState, remaining: usize) -> io::Result<()> {
        self.term.write_line("")?;
        let lines = render::question(card, remaining, self.screen());
        for (i, line) in lines.iter().enumerate() {
            let styled = match i {
                0 => style(line).dim().to_string(),
                _ => line.clone(),
            };
            self.term.write_line(&styled)?;
        }
        self.keys(Phase::Question)
    }

    fn answer(&mut self, card: &CardState) -> io::Result<()> {
        self.term.clear_last_lines(self.keys_lines)?;
        let screen = self.screen();
        for line in render::answer(card, screen) {
            self.term.write_line(&line)?;
        }
        self.dim(&render::grade_help(screen.width))?;
        self.keys(Phase::Answer)
    }

    fn read(&mut self, phase: Phase) -> io::Result<Option<Input>> {
        loop {
            let input = match self.term.read_key()? {
                Key::Enter if phase == Phase::Question => Some(Input::Reveal),
                Key::Char('s') => Some(Input::Skip),
                Key::Char('u') => Some(Input::Undo),
                Key::Char('e') => Some(Input::Edit),
                Key::Char('q') | Key::Escape | Key::CtrlC => Some(Input::Quit),
                Key::Char(c) => c
                    .to_digit(10)
                    .and_then(|d| Grade::new(d as u8))
                    .map(Input::Grade),
                _ => None,
            };
            if input.is_some() {
                return Ok(input);
            }
        }
    }

    fn notice(&mut self, text: &str) -> io::Result<()> {
        self.term.write_line(&style(text).yellow().to_string())
    }
}
