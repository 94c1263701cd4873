//! The line front-end: the session on plain stdin/stdout, one line per
//! prompt, for scripts, tests and terminals without a TTY. An empty line
//! reveals; a digit grades; `s`, `u`, `e`, `q` skip, undo, edit the note,
//! quit; end of input ends the session with every grade so far saved.
//! In a typed session (docs/design.md §12) every line is answer text until
//! the answer is compared; then an empty line accepts the proposed grade.

use std::io::{self, BufRead, Write};

use super::machine::{Input, Phase};
use super::{Checked, FrontEnd, render, typed};
use crate::scheduler::{Buttons, Choice};
use crate::store::CardState;

/// Lines go to a pipe or a file: the usual 80 columns and 24 rows, no
/// styles. The rows only bound how much of a long lead or details shows
/// (`recall show` prints them whole).
const SCREEN: render::Screen = render::Screen {
    width: 80,
    height: 24,
    color: false,
};

pub struct LineFrontEnd<R, W> {
    input: R,
    output: W,
    /// The keys that grade, for the hints.
    buttons: Buttons,
}

impl<R: BufRead, W: Write> LineFrontEnd<R, W> {
    pub fn new(input: R, output: W, buttons: Buttons) -> Self {
        LineFrontEnd {
            input,
            output,
            buttons,
        }
    }

    fn prompt(&mut self, phase: Phase) -> io::Result<()> {
        for line in render::keys(phase, self.buttons, SCREEN.width) {
            writeln!(self.output, "{line}")?;
        }
        self.output.flush()
    }

    /// One line without its ending, `None` at end of input. Bytes, not
    /// `read_line`: a line that is not UTF-8 is read as best it can be.
    fn line(&mut self) -> io::Result<Option<String>> {
        let mut bytes = Vec::new();
        if self.input.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&bytes);
        Ok(Some(text.trim_end_matches(['\n', '\r']).to_string()))
    }
}

/// Reads a typed answer with `line` (docs/design.md §12): one line, or for
/// a list card lines until an empty one (or the end of input after some).
/// An empty first line is nothing typed; no line at all is `None`.
pub fn read_answer(
    list: bool,
    mut line: impl FnMut() -> io::Result<Option<String>>,
) -> io::Result<Option<Vec<String>>> {
    let Some(first) = line()? else {
        return Ok(None);
    };
    if first.trim().is_empty() {
        return Ok(Some(Vec::new()));
    }
    let mut typed = vec![first];
    if list {
        while let Some(next) = line()?.filter(|l| !l.trim().is_empty()) {
            typed.push(next);
        }
    }
    Ok(Some(typed))
}

/// What a line means, or why it means nothing: a grade is exactly one of
/// the digits `buttons` grade with (no sign, space or leading zero).
pub fn parse(line: &str, buttons: Buttons) -> Result<Input, String> {
    match line.trim() {
        "" => Ok(Input::Reveal),
        "s" => Ok(Input::Skip),
        "u" => Ok(Input::Undo),
        "q" => Ok(Input::Quit),
        "e" => Ok(Input::Edit),
        other => match other.as_bytes() {
            [digit @ b'0'..=b'9'] if buttons.grade(digit - b'0').is_some() => {
                Ok(Input::Key(digit - b'0'))
            }
            _ => {
                let keys = buttons.keys();
                Err(format!(
                    "{other:?} is not an answer here: use Enter, a grade {}-{}, s, u, e or q",
                    keys.start(),
                    keys.end()
                ))
            }
        },
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

    fn answer(&mut self, card: &CardState, choices: &[Choice]) -> io::Result<()> {
        for line in render::answer(card, SCREEN) {
            writeln!(self.output, "{}", line.trim_end())?;
        }
        for line in render::grade_help(choices, SCREEN.width) {
            writeln!(self.output, "{line}")?;
        }
        Ok(())
    }

    fn read(&mut self, phase: Phase) -> io::Result<Option<Input>> {
        loop {
            self.prompt(phase)?;
            // A line that is not UTF-8 is a wrong answer to ask again, not a
            // broken terminal.
            let Some(line) = self.line()? else {
                return Ok(None);
            };
            match parse(&line, self.buttons) {
                Ok(input) => return Ok(Some(input)),
                Err(why) => writeln!(self.output, "{why}")?,
            }
        }
    }

    fn notice(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.output, "{text}")
    }

    fn typing(&mut self, card: &CardState, remaining: usize) -> io::Result<Option<Vec<String>>> {
        writeln!(self.output)?;
        for line in render::question(card, remaining, SCREEN) {
            writeln!(self.output, "{line}")?;
        }
        writeln!(self.output, "{}", typed::typing_hint(&card.card))?;
        self.output.flush()?;
        read_answer(typed::takes_lines(&card.card), || self.line())
    }

    fn compared(
        &mut self,
        card: &CardState,
        checked: &Checked,
        choices: &[Choice],
    ) -> io::Result<()> {
        let blocks = render::blocks(card, SCREEN, checked.lines.len() + checked.notes.len());
        for line in &checked.lines {
            for line in render::fit(line, SCREEN) {
                writeln!(self.output, "{line}")?;
            }
        }
        let details = match checked.details_in_lines {
            true => &[][..],
            false => &blocks.details[..],
        };
        for line in blocks.lead.iter().chain(details) {
            writeln!(self.output, "{}", line.trim_end())?;
        }
        for line in &checked.notes {
            for line in render::fit(line, SCREEN) {
                writeln!(self.output, "{line}")?;
            }
        }
        let proposal = typed::proposal_line(checked.proposal, self.buttons);
        writeln!(self.output, "{proposal}")?;
        for line in render::grade_help(choices, SCREEN.width) {
            writeln!(self.output, "{line}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines<'a>(input: &'a [&'a str]) -> impl FnMut() -> io::Result<Option<String>> + 'a {
        let mut next = input.iter();
        move || Ok(next.next().map(|s| s.to_string()))
    }

    #[test]
    fn a_typed_answer_is_one_line_or_for_a_list_the_lines_up_to_an_empty_one() {
        let one = read_answer(false, lines(&["스다듬다", "5"])).unwrap();
        assert_eq!(one, Some(vec!["스다듬다".to_string()]));
        let list = read_answer(true, lines(&["배", "사과", "", "5"])).unwrap();
        assert_eq!(list, Some(vec!["배".to_string(), "사과".to_string()]));
        // The end of input ends a list, keeping what was typed.
        let cut = read_answer(true, lines(&["배"])).unwrap();
        assert_eq!(cut, Some(vec!["배".to_string()]));
        assert_eq!(read_answer(true, lines(&["", "배"])).unwrap(), Some(vec![]));
        assert_eq!(read_answer(false, lines(&[])).unwrap(), None);
    }
}
