//! Inline Markdown made readable on a terminal: bold, italics and code
//! styled, `==highlights==` marked as bold is (docs/design.md §13), links as
//! their text with the address dimmed, then wrapped by
//! `width::wrap` to a width measured in columns (Hangul and CJK count two).
//! Pure: styles are applied only when asked for.

use console::Style;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::cards;

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
    // Parsed as the notes are, so a card's Markdown reads as its text did.
    let events: Vec<_> = Parser::new_ext(md, cards::markdown_options())
        .into_offset_iter()
        .collect();
    let mut marks = cards::highlight_marks(&events, md).into_iter().peekable();
    for (k, (event, _)) in events.into_iter().enumerate() {
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
            Event::Text(text) => {
                // A highlight is bold between its marks, which are not shown.
                let mut at = 0;
                while let Some(mark) = marks.next_if(|m| m.event == k) {
                    push(&mut out, &text[at..mark.at], bold, italic, code, false);
                    match mark.open {
                        true => bold += 1,
                        false => bold = bold.saturating_sub(1),
                    }
                    at = mark.at + 2;
                }
                push(&mut out, &text[at..], bold, italic, code, false)
            }
            Event::Html(text) | Event::InlineHtml(text) => {
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

/// Inline Markdown rendered and wrapped: the first line starts with `first`,
/// the following ones with `rest` (indents, not measured as styled). No line
/// is wider than `width` columns, unless an indent alone is.
pub fn wrap(md: &str, width: usize, first: &str, rest: &str, color: bool) -> Vec<String> {
    let text: String = spans(md)
        .iter()
        .map(|span| paint(span, &span.text, color))
        .collect();
    crate::width::wrap(&text, width, first, rest)
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
    fn a_highlight_is_shown_bold_without_its_marks() {
        assert_eq!(
            wrap("==자동화==하자! a == b", 80, "", "", false),
            vec!["자동화하자! a == b"]
        );
        let line = wrap("==자동화==하자! `==x==`", 80, "", "", true).join("");
        assert!(
            line.starts_with("\u{1b}[1m자동화\u{1b}[0m하자!"),
            "{line:?}"
        );
        assert!(line.contains("==x=="), "{line:?}");
    }

    #[test]
    fn with_colour_lines_break_where_they_do_without_it() {
        let md = "**레거시 시스템** 개편의 `기술 - 배달` 플랫폼에서 겪은 *N번의 개편* 경험기";
        for width in [10, 16, 25, 40] {
            let plain = wrap(md, width, "Q: ", "   ", false);
            let styled = wrap(md, width, "Q: ", "   ", true);
            assert_ne!(plain, styled);
            let stripped: Vec<String> = styled
                .iter()
                .map(|l| console::strip_ansi_codes(l).to_string())
                .collect();
            assert_eq!(stripped, plain, "at {width}");
        }
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
