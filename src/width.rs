//! Text measured and laid out in terminal columns: wide characters (Hangul,
//! CJK) take two, ANSI escape sequences none. The one place where text is
//! wrapped to a width, for every view meant for a terminal (docs/design.md
//! §8: output for a terminal fits its width; piped output is not wrapped),
//! and where the width of standard output is found.

use std::io::IsTerminal;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns the text takes on a terminal; escape sequences (styles) take none.
pub fn columns(text: &str) -> usize {
    if !text.contains('\u{1b}') {
        return UnicodeWidthStr::width(text);
    }
    pieces(text)
        .map(|piece| match piece {
            Piece::Char(_, w) => w,
            Piece::Escape(_) => 0,
        })
        .sum()
}

/// The text cut to at most `width` columns, with `…` where it was cut.
/// Never splits a character.
pub fn truncate(text: &str, width: usize) -> String {
    if columns(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// The text cut or padded with spaces to exactly `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    let cut = truncate(text, width);
    let fill = width.saturating_sub(columns(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

/// The width standard output must fit: the terminal's columns when stdout is
/// a terminal, `None` when it is piped or redirected, which is never
/// wrapped. A terminal that does not tell its size is taken at `COLUMNS`,
/// else 80 columns. `COLUMNS` is only a fallback, never read for a pipe: a
/// shell's exported value goes stale when the window is resized, and a pipe's
/// output must not depend on the caller's environment.
pub fn stdout_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let told = console::Term::stdout()
        .size_checked()
        .map(|(_, cols)| usize::from(cols));
    let columns = || {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&c| c > 0)
    };
    Some(told.or_else(columns).unwrap_or(80))
}

/// A hanging indent of `columns` spaces, narrowed to 4 when it would leave
/// the text less than a third of a `width`-column line.
pub fn hanging(columns: usize, width: usize) -> String {
    let columns = if width.saturating_sub(columns) * 3 < width {
        columns.min(4)
    } else {
        columns
    };
    " ".repeat(columns)
}

/// Writes `text` as one line after `first`; when `width` is given (a
/// terminal), wrapped to it, the following lines indented by `indent`
/// columns (see `hanging`).
pub fn write_line(
    out: &mut impl std::io::Write,
    width: Option<usize>,
    first: &str,
    text: &str,
    indent: usize,
) -> std::io::Result<()> {
    match width {
        None => writeln!(out, "{first}{text}"),
        Some(width) => {
            for line in wrap(text, width, first, &hanging(indent, width)) {
                writeln!(out, "{line}")?;
            }
            Ok(())
        }
    }
}

/// One character, or one escape sequence (no columns, never split).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    Char(&'a str, usize),
    Escape(&'a str),
}

/// The text as characters and escape sequences: CSI (`ESC [ … final`, the
/// styles), OSC (`ESC ] … BEL` or `ESC ] … ESC \`, links) and two-byte
/// escapes.
fn pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let c = rest.chars().next()?;
        let len = if c == '\u{1b}' {
            escape_len(rest)
        } else {
            c.len_utf8()
        };
        let (piece, tail) = rest.split_at(len);
        rest = tail;
        Some(if c == '\u{1b}' {
            Piece::Escape(piece)
        } else {
            Piece::Char(piece, c.width().unwrap_or(0))
        })
    })
}

/// Bytes of the escape sequence `text` starts with (its `ESC` included).
fn escape_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    match bytes.get(1) {
        Some(b'[') => bytes[2..]
            .iter()
            .position(|b| (0x40..=0x7e).contains(b))
            .map_or(bytes.len(), |at| at + 3),
        Some(b']') => {
            let mut at = 2;
            while at < bytes.len() {
                match bytes[at] {
                    0x07 => return at + 1,
                    0x1b if bytes.get(at + 1) == Some(&b'\\') => return at + 2,
                    _ => at += 1,
                }
            }
            bytes.len()
        }
        // ESC and one more character, which may be several bytes.
        Some(_) => 1 + text[1..].chars().next().map_or(0, char::len_utf8),
        None => 1,
    }
}

/// Whether an escape sequence is a style (SGR) that resets every style.
fn is_reset(escape: &str) -> bool {
    escape == "\u{1b}[0m" || escape == "\u{1b}[m"
}

fn is_style(escape: &str) -> bool {
    escape.starts_with("\u{1b}[") && escape.ends_with('m')
}

/// The text's words: runs between spaces. Escape sequences after a space
/// open the next word, so that a word is never only styles, except at the
/// end of the text, where they close the last word.
fn words(text: &str) -> Vec<Vec<Piece<'_>>> {
    let mut words: Vec<Vec<Piece<'_>>> = Vec::new();
    let mut word: Vec<Piece<'_>> = Vec::new();
    let mut visible = false;
    for piece in pieces(text) {
        match piece {
            Piece::Char(" ", _) => {
                if visible {
                    words.push(std::mem::take(&mut word));
                    visible = false;
                }
            }
            Piece::Char(..) => {
                word.push(piece);
                visible = true;
            }
            Piece::Escape(_) => word.push(piece),
        }
    }
    if !word.is_empty() {
        match words.last_mut() {
            Some(last) if !visible => last.extend(word),
            _ => words.push(word),
        }
    }
    words
}

/// A paragraph being laid out.
struct Lines<'a> {
    lines: Vec<String>,
    line: String,
    used: usize,
    rest: &'a str,
    indent: usize,
    /// The styles in force, opened again after a break.
    active: String,
}

impl Lines<'_> {
    fn push(&mut self, piece: Piece<'_>) {
        match piece {
            Piece::Char(c, w) => {
                self.line.push_str(c);
                self.used += w;
            }
            Piece::Escape(e) => {
                self.line.push_str(e);
                if is_reset(e) {
                    self.active.clear();
                } else if is_style(e) {
                    self.active.push_str(e);
                }
            }
        }
    }

    /// Ends the line; styles in force are closed here and reopened after
    /// the indent, so that no indent and no other output is styled.
    fn break_line(&mut self) {
        if !self.active.is_empty() {
            self.line.push_str("\u{1b}[0m");
        }
        let next = format!("{}{}", self.rest, self.active);
        self.lines.push(std::mem::replace(&mut self.line, next));
        self.used = self.indent;
    }
}

/// The text wrapped at spaces into lines of at most `width` columns: the
/// first starts with `first`, the others with `rest` (a hanging indent; both
/// plain text). Runs of spaces become one space; a word wider than a line is
/// broken between characters. Escape sequences take no room, and a style
/// broken by a line ends with the line and resumes on the next. No line is
/// wider than `width`, unless an indent alone is.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut out = Lines {
        lines: Vec::new(),
        line: first.to_string(),
        used: columns(first),
        rest,
        indent: columns(rest),
        active: String::new(),
    };
    let mut empty = true;
    for word in words(text) {
        let w: usize = word
            .iter()
            .map(|p| match p {
                Piece::Char(_, w) => *w,
                Piece::Escape(_) => 0,
            })
            .sum();
        if w == 0 {
            // Only styles (closing the text): they take no room.
            word.into_iter().for_each(|p| out.push(p));
            continue;
        }
        if !empty && out.used + 1 + w > width {
            out.break_line();
            empty = true;
        }
        if !empty {
            out.push(Piece::Char(" ", 1));
        }
        for piece in word {
            if let Piece::Char(_, cw) = piece
                && out.used + cw > width
                && out.used > out.indent
            {
                out.break_line();
            }
            out.push(piece);
        }
        empty = false;
    }
    out.lines.push(out.line);
    out.lines
}

/// `items` joined by `separator` on lines of at most `width` columns,
/// breaking between items (the separator is left out where a line breaks);
/// an item wider than a line is wrapped on its own.
pub fn pack<S: AsRef<str>>(items: &[S], separator: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    let gap = columns(separator);
    for item in items {
        let item = item.as_ref();
        let w = columns(item);
        if !line.is_empty() && used + gap + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if !line.is_empty() {
            line.push_str(separator);
            used += gap;
        }
        if line.is_empty() && w > width {
            let mut wrapped = wrap(item, width, "", "");
            line = wrapped.pop().unwrap_or_default();
            used = columns(&line);
            lines.extend(wrapped);
        } else {
            line.push_str(item);
            used += w;
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_takes_two_columns() {
        assert_eq!(columns("개편"), 4);
        assert_eq!(columns("ab개"), 4);
    }

    #[test]
    fn styles_take_no_columns() {
        assert_eq!(columns("\u{1b}[1m개편\u{1b}[0m ok"), 7);
        assert_eq!(
            columns("\u{1b}]8;;https://x.y\u{7}link\u{1b}]8;;\u{7}"),
            4,
            "a terminal hyperlink"
        );
    }

    #[test]
    fn truncation_never_exceeds_the_width_nor_splits_a_wide_character() {
        for width in 0..12 {
            let cut = truncate("레거시 system 개편", width);
            assert!(columns(&cut) <= width, "{cut:?} at {width}");
        }
        assert_eq!(truncate("개편의 기술 배달", 5), "개편…");
        assert_eq!(truncate("short", 10), "short");
    }

    #[test]
    fn padding_fills_to_the_exact_width() {
        assert_eq!(columns(&pad("개편", 7)), 7);
        assert_eq!(columns(&pad("개편의 기술 배달", 7)), 7);
    }

    #[test]
    fn text_that_fits_is_one_line_with_spaces_kept_single() {
        assert_eq!(wrap("a  b c", 80, "Q: ", "   "), ["Q: a b c"]);
        assert_eq!(wrap("", 80, "Q: ", "   "), ["Q: "]);
    }

    #[test]
    fn wrapped_lines_break_between_words_under_a_hanging_indent() {
        let lines = wrap("one two three four five six", 14, "Q: ", "   ");
        assert_eq!(lines, ["Q: one two", "   three four", "   five six"]);
    }

    #[test]
    fn wide_characters_count_two_columns_when_wrapping() {
        // 레거시 is 6 columns: "- " + 레거시 + " " + 시스템 is 15.
        let lines = wrap("레거시 시스템 개편", 14, "- ", "  ");
        assert_eq!(lines, ["- 레거시", "  시스템 개편"]);
        for width in 4..30 {
            for line in wrap(
                "레거시 시스템 개편의 기술, layered architecture",
                width,
                "",
                " ",
            ) {
                assert!(columns(&line) <= width, "{line:?} at {width}");
            }
        }
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken_between_characters() {
        let lines = wrap("see https://example.com/a/very/long/path", 16, "", "  ");
        assert_eq!(
            lines,
            ["see", "  https://exampl", "  e.com/a/very/l", "  ong/path"]
        );
        let korean = wrap("가나다라마바사", 5, "", "");
        assert_eq!(korean, ["가나", "다라", "마바", "사"]);
    }

    #[test]
    fn an_indent_as_wide_as_the_line_still_makes_progress() {
        let lines = wrap("abc", 2, "    ", "    ");
        assert_eq!(lines, ["    a", "    b", "    c"]);
    }

    #[test]
    fn styles_take_no_room_and_a_style_broken_by_a_line_resumes_after_the_indent() {
        let bold = "\u{1b}[1m";
        let reset = "\u{1b}[0m";
        let text = format!("plain {bold}bold words here{reset} end");
        let lines = wrap(&text, 14, "", "  ");
        assert_eq!(
            lines,
            [
                format!("plain {bold}bold{reset}"),
                format!("  {bold}words here{reset}"),
                "  end".to_string(),
            ]
        );
        for line in &lines {
            assert!(columns(line) <= 14, "{line:?}");
        }
        // The same text without styles breaks at the same places.
        let plain: Vec<String> = lines
            .iter()
            .map(|l| console::strip_ansi_codes(l).to_string())
            .collect();
        assert_eq!(plain, wrap("plain bold words here end", 14, "", "  "));
    }

    #[test]
    fn styles_closing_the_text_after_a_space_add_no_space() {
        let text = "\u{1b}[2mdim \u{1b}[0m";
        assert_eq!(wrap(text, 80, "", ""), ["\u{1b}[2mdim\u{1b}[0m"]);
    }

    #[test]
    fn a_line_is_written_whole_without_a_width_and_wrapped_with_one() {
        let write = |width| {
            let mut out = Vec::new();
            write_line(&mut out, width, "  Q: ", "one two three", 5).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(write(None), "  Q: one two three\n");
        assert_eq!(write(Some(13)), "  Q: one two\n     three\n");
    }

    #[test]
    fn a_hanging_indent_leaves_the_text_at_least_a_third_of_the_line() {
        assert_eq!(hanging(43, 80), " ".repeat(43));
        assert_eq!(hanging(43, 60), "    ");
        assert_eq!(hanging(2, 3), "  ");
    }

    #[test]
    fn items_pack_onto_lines_breaking_only_between_items() {
        let items = ["0 blackout", "1 wrong, familiar", "2 wrong, easy", "3 hard"];
        assert_eq!(
            pack(&items, " · ", 80),
            ["0 blackout · 1 wrong, familiar · 2 wrong, easy · 3 hard"]
        );
        assert_eq!(
            pack(&items, " · ", 32),
            ["0 blackout · 1 wrong, familiar", "2 wrong, easy · 3 hard"]
        );
        assert_eq!(
            pack(&["a", "a very long item"], " · ", 8),
            ["a", "a very", "long", "item"]
        );
    }
}
