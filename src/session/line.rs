//! The line front-end: the session on plain stdin/stdout, one line per
//! prompt, for scripts, tests and terminals without a TTY. An empty line
//! reveals; a digit grades; `s`, `u`, `e`, `q` skip, undo, edit the note,
//! quit; end of input ends the session with every grade so far saved.

use std::io::{self, BufRead, Write};

use super::machine::{Input, Phase};
use super::{FrontEnd, render};
use crate::scheduler::Grade;
use crate::store::CardState;

/// Lines go to a pipe or a file: the usual 80 columns, no styles.
const SCREEN: render::Screen = render::Screen {
    width: 80,
    color: false,
};

pub struct LineFrontEnd<R, W> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> LineFrontEnd<R, W> {
    pub fn new(input: R, output: W) -> Self {
        LineFrontEnd { input, output }
    }

    fn prompt(&mut self, phase: Phase) -> io::Result<()> {
        for line in render::keys(phase, SCREEN.width) {
            writeln!(self.output, "{line}")?;
        }
        self.output.flush()
    }
}

/// What a line means, or why it means nothing.
pub fn parse(line: &str) -> Result<Input, String> {
    match line.trim() {
        "" => Ok(Input::Reveal),
        "s" => Ok(Input::Skip),
        "u" => Ok(Input::Undo),
        "q" => Ok(Input::Quit),
        "e" => Ok(Input::Edit),
        other => other.parse::<Grade>().map(Input::Grade).map_err(|_| {
            format!("{other:?} is not an answer here: use Enter, a grade 0-5, s, u, e or q")
        }),
    }
}

impl<R: BufRead, W: Write> FrontEnd for LineFrontEnd<R, W> {
    fn question(&mut self, card: &CardState, remaining: usize) -> io::Result<()> {
        writeln!(self.output)?;
        for line in render::question(card, remaining, SCREEN) {
            writeln!(self.output, "{line}")?;
        }
        Ok(())
    }

    fn answer(&mut self, card: &CardState) -> io::Result<()> {
        for line in render::answer(card, SCREEN) {
            writeln!(self.output, "{line}")?;
        }
        for line in render::grade_help(SCREEN.width) {
            writeln!(self.output, "{line}")?;
        }
        Ok(())
    }

    fn read(&mut self, phase: Phase) -> io::Result<Option<Input>> {
        loop {
            self.prompt(phase)?;
            // Bytes, not `read_line`: a line that is not UTF-8 is a wrong
            // answer to ask again, not a broken terminal.
            let mut bytes = Vec::new();
            if self.input.read_until(b'\n', &mut bytes)? == 0 {
                return Ok(None);
            }
            match parse(&String::from_utf8_lossy(&bytes)) {
                Ok(input) => return Ok(Some(input)),
                Err(why) => writeln!(self.output, "{why}")?,
            }
        }
    }

    fn notice(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.output, "{text}")
    }
}
