//! The interactive front-end: single keys on a terminal (docs/design.md §5).
//! Enter reveals, a digit grades at once, `s`, `u`, `e`, `q` skip, undo,
//! edit the note, quit (Escape and Ctrl-C quit too). Cards, the grade legend
//! and the key hints are wrapped to the terminal's width (`session::render`),
//! and the hints are cleared when the answer shows. It draws on stderr and
//! reads keys from the terminal, so stdout stays free for pipes.
//!
//! A typed answer (docs/design.md §12) is read from stdin as whole lines in
//! the terminal's own line mode, never key by key, so that the syllable an
//! input method is still composing when Enter is pressed is part of it; at
//! the proposed grade, keys again.

use std::io::{self, BufRead};

use console::{Key, Term, style};

use super::machine::{Input, Phase};
use super::{Checked, FrontEnd, render, typed};
use crate::scheduler::{Buttons, Choice};
use crate::store::CardState;

pub struct TerminalFrontEnd {
    term: Term,
    /// Lines the last list of keys took, cleared when the answer shows.
    keys_lines: usize,
    /// The keys that grade, for the hints.
    buttons: Buttons,
}

impl TerminalFrontEnd {
    pub fn new(buttons: Buttons) -> TerminalFrontEnd {
        TerminalFrontEnd {
            term: Term::stderr(),
            keys_lines: 0,
            buttons,
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
        let keys = render::keys(phase, self.buttons, self.screen().width);
        self.keys_lines = keys.len();
        self.dim(&keys)
    }

    fn screen(&self) -> render::Screen {
        let (rows, cols) = self.term.size_checked().unwrap_or((24, 80));
        render::Screen {
            width: usize::from(cols),
            height: usize::from(rows),
            color: console::colors_enabled_stderr(),
        }
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

    fn answer(&mut self, card: &CardState, choices: &[Choice]) -> io::Result<()> {
        self.term.clear_last_lines(self.keys_lines)?;
        let screen = self.screen();
        for line in render::answer(card, screen) {
            self.term.write_line(line.trim_end())?;
        }
        self.dim(&render::grade_help(choices, screen.width))?;
        self.keys(Phase::Answer)
    }

    fn read(&mut self, phase: Phase) -> io::Result<Option<Input>> {
        loop {
            let input = match self.term.read_key()? {
                Key::Enter if matches!(phase, Phase::Question | Phase::Proposed(_)) => {
                    Some(Input::Reveal)
                }
                Key::Char('s') => Some(Input::Skip),
                Key::Char('u') => Some(Input::Undo),
                Key::Char('e') => Some(Input::Edit),
                Key::Char('q') | Key::Escape | Key::CtrlC => Some(Input::Quit),
                Key::Char(c) => c.to_digit(10).map(|d| Input::Key(d as u8)),
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

    fn typing(&mut self, card: &CardState, remaining: usize) -> io::Result<Option<Vec<String>>> {
        self.term.write_line("")?;
        let lines = render::question(card, remaining, self.screen());
        for (i, line) in lines.iter().enumerate() {
            let styled = match i {
                0 => style(line).dim().to_string(),
                _ => line.clone(),
            };
            self.term.write_line(&styled)?;
        }
        self.dim(&[typed::typing_hint(&card.card).to_string()])?;
        let stdin = io::stdin();
        let mut input = stdin.lock();
        super::line::read_answer(typed::takes_lines(&card.card), || {
            let mut bytes = Vec::new();
            if input.read_until(b'\n', &mut bytes)? == 0 {
                return Ok(None);
            }
            let text = String::from_utf8_lossy(&bytes);
            Ok(Some(text.trim_end_matches(['\n', '\r']).to_string()))
        })
    }

    fn compared(
        &mut self,
        card: &CardState,
        checked: &Checked,
        choices: &[Choice],
    ) -> io::Result<()> {
        let screen = self.screen();
        let blocks = render::blocks(card, screen, checked.lines.len() + checked.notes.len());
        for line in &checked.lines {
            for line in render::fit(&marked(line), screen) {
                self.term.write_line(&line)?;
            }
        }
        let details = match checked.details_in_lines {
            true => &[][..],
            false => &blocks.details[..],
        };
        for line in blocks.lead.iter().chain(details) {
            self.term.write_line(line.trim_end())?;
        }
        // What differed in code: words of code, which brackets do not mark.
        for line in &checked.notes {
            for line in render::fit(line, screen) {
                self.term.write_line(&line)?;
            }
        }
        let proposal = typed::proposal_line(checked.proposal, self.buttons);
        self.term.write_line(&style(proposal).bold().to_string())?;
        self.dim(&render::grade_help(choices, screen.width))?;
        self.keys(Phase::Proposed(checked.proposal))
    }
}

/// A comparison's line with what differed (`[쓰]`, `[+x]`) in red, and a
/// line saying what was typed at fault dimmed.
fn marked(line: &str) -> String {
    if line.trim_start().contains(": typed ") && !line.contains('[') {
        return style(line).dim().to_string();
    }
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(
            &style(&rest[open..open + close + 1])
                .red()
                .bold()
                .to_string(),
        );
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}
