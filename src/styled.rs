//! Inline Markdown made readable on a terminal: bold, italics and code
//! styled, links as their text with the address dimmed, then wrapped at word
//! boundaries to a width measured in columns (Hangul and CJK count two).
//! Pure: styles are applied only when asked for.

use console::Style;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use unicode_width::UnicodeWidthChar;

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Span {
    text: String,
    bold: bool,
    italic: bool,
    code: bool,
    dim: bool,
}

/// The styled runs of one line of inline Markdown.
fn spans(md: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let (mut bold, mut italic, mut code) = (0u32, 0u32, false);
    let mut links: Vec<String> = Vec::new();
    let push = |out: &mut Vec<Span>, text: &str, bold: u32, italic: u32, code: bool, dim: bool| {
        out.push(Span {
            text: text.to_string(),
            bold: bold > 0,
            italic: italic > 0,
            code,
            dim,
        })
    };
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop().filter(|u| !u.is_empty()) {
                    push(&mut out, &format!(" ({url})"), 0, 0, false, true);
                }
            }
            Event::Code(text) => {
                code = true;
                push(&mut out, &text, bold, italic, code, false);
                code = false;
            }
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                push(&mut out, &text, bold, italic, code, false)
            }
            Event::SoftBreak | Event::HardBreak => push(&mut out, " ", 0, 0, false, false),
            _ => {}
        }
    }
    out
}

fn paint(span: &Span, text: &str, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let mut style = Style::new().force_styling(true);
    if span.bold {
        style = style.bold();
    }
    if span.italic {
        style = style.italic();
    }
    if span.code {
        style = style.yellow();
    }
    if span.dim {
        style = style.dim();
    }
    style.apply_to(text).to_string()
}

/// A word: pieces of styled text with no break inside.
type Word = Vec<(usize, String)>;

fn words(spans: &[Span]) -> Vec<Word> {
    let mut words: Vec<Word> = vec![Vec::new()];
    for (i, span) in spans.iter().enumerate() {
        for (k, part) in span.text.split(' ').enumerate() {
            if k > 0 && !words.last().is_some_and(Vec::is_empty) {
                words.push(Vec::new());
            }
            if !part.is_empty() {
                words
                    .last_mut()
                    .expect("a word")
                    .push((i, part.to_string()));
            }
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

fn width_of(word: &Word) -> usize {
    word.iter()
        .flat_map(|(_, t)| t.chars())
        .map(|c| c.width().unwrap_or(0))
        .sum()
}

/// Inline Markdown rendered and wrapped: the first line starts with `first`,
/// the following ones with `rest` (indents, not measured as styled). No line
/// is wider than `width` columns, unless an indent alone is.
pub fn wrap(md: &str, width: usize, first: &str, rest: &str, color: bool) -> Vec<String> {
    let spans = spans(md);
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut used = crate::width::columns(first);
    let mut empty = true;
    let indent = crate::width::columns(rest);
    for word in words(&spans) {
        let w = width_of(&word);
        let gap = usize::from(!empty);
        if !empty && used + gap + w > width {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            used = indent;
            empty = true;
        }
        if !empty {
            line.push(' ');
            used += 1;
        }
        for (i, text) in &word {
            // A word wider than the line is broken between characters.
            let mut piece = String::new();
            for c in text.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > width && used > indent {
                    line.push_str(&paint(&spans[*i], &piece, color));
                    piece.clear();
                    lines.push(std::mem::replace(&mut line, rest.to_string()));
                    used = indent;
                }
                piece.push(c);
                used += cw;
            }
            line.push_str(&paint(&spans[*i], &piece, color));
        }
        empty = false;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::width::columns;

    #[test]
    fn marks_are_dropped_without_colour_and_link_addresses_follow_their_text() {
        let lines = wrap(
            "**bold** *it* `code` [docs](https://x.y)",
            80,
            "",
            "",
            false,
        );
        assert_eq!(lines, vec!["bold it code docs (https://x.y)"]);
    }

    #[test]
    fn with_colour_bold_and_code_are_styled() {
        let line = wrap("**bold** `code`", 80, "", "", true).join("");
        assert!(line.contains("\u{1b}[1mbold"), "{line:?}");
        assert!(line.contains("\u{1b}[33mcode"), "{line:?}");
    }

    #[test]
    fn mixed_korean_and_english_wraps_within_every_width() {
        let text = "레거시 시스템 개편의 기술 - 배달 플랫폼에서 겪은 N번의 **개편** 경험기, \
                    dependency direction and layered architecture 정돈된 의존성";
        for width in [12, 20, 33, 40, 80] {
            let lines = wrap(text, width, "Q: ", "   ", false);
            for line in &lines {
                assert!(
                    columns(line) <= width,
                    "{width}: {line:?} is {} wide",
                    columns(line)
                );
            }
            // Where every word fits on a line, breaks fall only between words.
            if width >= 20 {
                let joined = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
                assert_eq!(joined.replace("Q: ", ""), text.replace("**", ""));
            }
        }
    }

    #[test]
    fn a_word_wider_than_the_line_breaks_between_characters() {
        let lines = wrap("가나다라마바사아자차카타파하", 10, "", "", false);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| columns(l) <= 10), "{lines:?}");
        assert_eq!(lines.concat(), "가나다라마바사아자차카타파하");
    }
}
