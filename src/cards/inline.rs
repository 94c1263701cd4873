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

/// Plain text of a run of inline events, with the outermost bold span each
/// piece sits in (if any).
struct Pieces {
    pieces: Vec<(String, Option<usize>)>,
    /// Source range of each outermost bold span, delimiters included, and of
    /// its inner content.
    spans: Vec<(Range<usize>, Range<usize>)>,
}

fn pieces(events: &[(Event<'_>, Range<usize>)]) -> Pieces {
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
            Event::Text(text) | Event::Code(text) => pieces.push((text.to_string(), current)),
            Event::SoftBreak | Event::HardBreak => pieces.push((" ".to_string(), current)),
            _ => {}
        }
    }
    Pieces { pieces, spans }
}

/// Whitespace runs read as one space; no space at either end.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Markdown source joined onto one line: each line trimmed, joined by a space.
/// A lone `\r` ends a line too (CommonMark), so it is split on as well.
fn one_line(md: &str) -> String {
    md.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Renders the inline `events` of one block; `source` is the text their
/// ranges point into.
pub fn render(events: &[(Event<'_>, Range<usize>)], source: &str) -> InlineText {
    let Some(whole) = extent(events) else {
        return InlineText::default();
    };
    let Pieces { pieces, spans } = pieces(events);
    let plain = collapse(&pieces.iter().map(|(t, _)| t.as_str()).collect::<String>());
    let md = one_line(&source[whole.clone()]);
    let clozes = spans
        .iter()
        .take(MAX_CLOZES)
        .enumerate()
        .filter_map(|(k, (outer, inner))| {
            let answer = collapse(
                &pieces
                    .iter()
                    .filter(|(_, span)| *span == Some(k))
                    .map(|(t, _)| t.as_str())
                    .collect::<String>(),
            );
            if answer.is_empty() {
                return None;
            }
            let mut question = String::new();
            let mut blanked = false;
            for (text, span) in &pieces {
                if *span == Some(k) {
                    if !blanked {
                        question.push_str(BLANK);
                        blanked = true;
                    }
                } else {
                    question.push_str(text);
                }
            }
            let question_md = format!(
                "{}{BLANK}{}",
                &source[whole.start..outer.start],
                &source[outer.end..whole.end]
            );
            Some(Cloze {
                question: collapse(&question),
                question_md: one_line(&question_md),
                answer,
                answer_md: one_line(&source[inner.clone()]),
            })
        })
        .collect();
    InlineText { plain, md, clozes }
}

/// The source range the events cover.
fn extent(events: &[(Event<'_>, Range<usize>)]) -> Option<Range<usize>> {
    let start = events.iter().map(|(_, r)| r.start).min()?;
    let end = events.iter().map(|(_, r)| r.end).max()?;
    Some(start..end)
}
