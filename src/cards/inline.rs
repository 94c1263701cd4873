//! The text of one block's inline content, in the two forms a card keeps:
//! plain text (identity, `--json`) and Markdown (display), plus the cloze
//! questions its bold spans give.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// What `[…]` stands in for in a cloze question.
pub const BLANK: &str = "[…]";

/// Bold spans past this many in one item give no cloze: each cloze carries
/// the whole item, so a pathological line of thousands of bold spans would
/// otherwise need memory in the square of its length.
pub const MAX_CLOZES: usize = 50;

/// One bold span turned into a cloze question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cloze {
    pub question: String,
    pub question_md: String,
    pub answer: String,
    pub answer_md: String,
}

/// A block's inline content rendered for a card.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InlineText {
    pub plain: String,
    pub md: String,
    pub clozes: Vec<Cloze>,
}

/// The plain text pieces of a run of inline events, borrowed from the
/// events, with the outermost bold span each piece sits in (if any).
struct Pieces<'e> {
    pieces: Vec<(&'e str, Option<usize>)>,
    /// Source range of each outermost bold span, delimiters included, and of
    /// its inner content.
    spans: Vec<(Range<usize>, Range<usize>)>,
}

fn pieces<'e>(events: &'e [(Event<'_>, Range<usize>)]) -> Pieces<'e> {
    let mut pieces = Vec::new();
    let mut spans: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut strong_depth = 0usize;
    let mut image_depth = 0usize;
    for (event, range) in events {
        let current = (strong_depth > 0).then(|| spans.len() - 1);
        if strong_depth > 0 && !matches!(event, Event::End(TagEnd::Strong)) {
            let inner = &mut spans.last_mut().expect("open span").1;
            if inner.start == inner.end {
                *inner = range.clone();
            } else {
                inner.end = inner.end.max(range.end);
            }
        }
        match event {
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::Start(Tag::Strong) => {
                if strong_depth == 0 {
                    spans.push((range.clone(), range.end..range.end));
                }
                strong_depth += 1;
            }
            Event::End(TagEnd::Strong) => strong_depth = strong_depth.saturating_sub(1),
            Event::Text(text) | Event::Code(text) => pieces.push((text.as_ref(), current)),
            Event::SoftBreak | Event::HardBreak => pieces.push((" ", current)),
            _ => {}
        }
    }
    Pieces { pieces, spans }
}

/// Builds text with whitespace runs read as one space and none at either
/// end, from pieces that may split a word (`foo**bar**` reads `foobar`).
/// Card generation runs it on every block of every file, so it copies whole
/// words instead of collecting and joining them.
#[derive(Default)]
struct Collapsed {
    text: String,
    space: bool,
}

impl Collapsed {
    fn with_capacity(capacity: usize) -> Collapsed {
        Collapsed {
            text: String::with_capacity(capacity),
            space: false,
        }
    }

    fn push(&mut self, piece: &str) {
        if is_one_word_run(piece) {
            self.word(piece);
            return;
        }
        let bytes = piece.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let space = whitespace_len(piece, i);
            if space > 0 {
                self.space = true;
                i += space;
                continue;
            }
            let start = i;
            i += 1;
            loop {
                // Most bytes cannot start a space: skip them without decoding.
                i += bytes[i..]
                    .iter()
                    .position(|&b| may_start_space(b))
                    .unwrap_or(bytes.len() - i);
                if i == bytes.len() || whitespace_len(piece, i) > 0 {
                    break;
                }
                i += 1;
            }
            self.word(&piece[start..i]);
        }
    }

    fn word(&mut self, word: &str) {
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.space = false;
        self.text.push_str(word);
    }
}

/// Whether `byte` may begin a whitespace character: an ASCII space, or a
/// lead byte of one of the few non-ASCII spaces (U+0085, U+00A0, U+1680,
/// U+2000 to U+205F, U+3000). UTF-8 continuation bytes never match, so a
/// scan can go byte by byte and decode only here.
fn may_start_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// Whether `text` needs no collapsing: words apart by single ASCII spaces,
/// none at either end, and no byte that may start another kind of space.
/// Most text of most notes is like this and is copied whole.
fn is_one_word_run(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if first == b' ' || last == b' ' {
        return false;
    }
    let mut after_space = false;
    for &b in bytes {
        if b == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if may_start_space(b) {
            return false;
        } else {
            after_space = false;
        }
    }
    true
}

/// The length of the whitespace character (as `char::is_whitespace` reads
/// it) starting at byte `i` of `text`, or 0.
fn whitespace_len(text: &str, i: usize) -> usize {
    match text.as_bytes()[i] {
        b'\t'..=b'\r' | b' ' => 1,
        b if may_start_space(b) => text[i..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// Whitespace runs read as one space; no space at either end.
#[cfg(test)]
pub fn collapse(text: &str) -> String {
    collapse_pieces(&[text])
}

/// `collapse` of the pieces' concatenation, built piece by piece as a
/// block's text is.
#[cfg(test)]
pub fn collapse_pieces(pieces: &[&str]) -> String {
    let mut out = Collapsed::default();
    for piece in pieces {
        out.push(piece);
    }
    out.text
}

/// Markdown source joined onto one line: each line trimmed, joined by a space.
/// A lone `\r` ends a line too (CommonMark), so it is split on as well.
fn one_line(md: &str) -> String {
    if !md.bytes().any(|b| b == b'\n' || b == b'\r') {
        return md.trim().to_string();
    }
    let mut out = String::with_capacity(md.len());
    for line in md
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Renders the inline `events` of one block; `source` is the text their
/// ranges point into.
pub fn render(events: &[(Event<'_>, Range<usize>)], source: &str) -> InlineText {
    let Some(whole) = extent(events) else {
        return InlineText::default();
    };
    let Pieces { pieces, spans } = pieces(events);
    let mut plain = Collapsed::with_capacity(whole.len());
    for (text, _) in &pieces {
        plain.push(text);
    }
    let md = one_line(&source[whole.clone()]);
    let clozes = spans
        .iter()
        .take(MAX_CLOZES)
        .enumerate()
        .filter_map(|(k, (outer, inner))| {
            let mut answer = Collapsed::default();
            let mut question = Collapsed::default();
            let mut blanked = false;
            for &(text, span) in &pieces {
                if span == Some(k) {
                    answer.push(text);
                    if !blanked {
                        question.push(BLANK);
                        blanked = true;
                    }
                } else {
                    question.push(text);
                }
            }
            if answer.text.is_empty() {
                return None;
            }
            let question_md = format!(
                "{}{BLANK}{}",
                &source[whole.start..outer.start],
                &source[outer.end..whole.end]
            );
            Some(Cloze {
                question: question.text,
                question_md: one_line(&question_md),
                answer: answer.text,
                answer_md: one_line(&source[inner.clone()]),
            })
        })
        .collect();
    InlineText {
        plain: plain.text,
        md,
        clozes,
    }
}

/// The source range the events cover.
fn extent(events: &[(Event<'_>, Range<usize>)]) -> Option<Range<usize>> {
    let start = events.iter().map(|(_, r)| r.start).min()?;
    let end = events.iter().map(|(_, r)| r.end).max()?;
    Some(start..end)
}
