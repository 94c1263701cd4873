//! The outline of a notes file: its top-level headings and the items of the
//! lists that count (docs/design.md §2), kept flat so that no input, however deeply
//! nested, needs recursion. Then the cards that outline gives.

use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::inline::{self, InlineText};
use super::source::Lines;
use super::{Draft, Kind};

type Inlines<'a> = Vec<(Event<'a>, Range<usize>)>;

struct Heading {
    level: u8,
    text: InlineText,
    line: u32,
    /// Whether a list that counts is a top-level block of its section.
    has_list: bool,
}

struct Item {
    /// The section the item's top-level list sits in: a heading, or `None`
    /// for lists before the first heading.
    section: Option<usize>,
    parent: Option<usize>,
    text: InlineText,
    line: u32,
    has_sublist: bool,
}

impl Item {
    fn is_empty(&self) -> bool {
        self.text.plain.is_empty()
    }
}

/// Open containers while walking the events.
enum Open<'a> {
    /// A list that counts, inside `item` (or top-level).
    List,
    /// An item that counts, collecting the inline text of its first block.
    Item { id: usize, first: First<'a> },
    /// A paragraph or heading whose inline text is wanted.
    Text { inlines: Inlines<'a> },
    /// Anything else; its content gives no card.
    Ignored,
}

enum First<'a> {
    /// No block seen yet; inline events here are a tight item's paragraph.
    Pending(Inlines<'a>),
    Done,
}

pub struct Outline {
    headings: Vec<Heading>,
    items: Vec<Item>,
    has_preamble_list: bool,
}

impl Outline {
    /// The outline of `text`, whose offsets fall on `lines`.
    pub fn parse(text: &str, lines: &Lines) -> Outline {
        let mut out = Outline {
            headings: Vec::new(),
            items: Vec::new(),
            has_preamble_list: false,
        };
        let mut stack: Vec<Open> = Vec::new();
        for (event, range) in Parser::new_ext(text, super::markdown_options()).into_offset_iter() {
            match event {
                Event::Start(tag) => out.start(&mut stack, tag, range, lines, text),
                Event::End(end) => out.end(&mut stack, end, range, text),
                Event::Rule => {
                    // A thematic break is a block: it ends a tight item's text.
                    if let Some(Open::Item { id, first }) = stack.last_mut() {
                        if let First::Pending(inlines) = first {
                            out.items[*id].text = inline::render(inlines, text);
                        }
                        *first = First::Done;
                    }
                }
                inline => match stack.last_mut() {
                    Some(Open::Text { inlines }) => inlines.push((inline, range)),
                    Some(Open::Item {
                        first: First::Pending(inlines),
                        ..
                    }) => inlines.push((inline, range)),
                    _ => {}
                },
            }
        }
        out
    }

    fn start<'a>(
        &mut self,
        stack: &mut Vec<Open<'a>>,
        tag: Tag<'a>,
        range: Range<usize>,
        lines: &Lines,
        text: &str,
    ) {
        // Inside a paragraph or heading, tags are inline markup.
        if let Some(Open::Text { inlines }) = stack.last_mut() {
            inlines.push((Event::Start(tag), range));
            return;
        }
        let is_block = !is_inline(&tag);
        // Inline markup after an item's first block is not caught here: it
        // falls through and is opened as `Ignored`, so that its end event has
        // something to close.
        if let Some(Open::Item { id, first }) = stack.last_mut()
            && let First::Pending(inlines) = first
        {
            if !is_block {
                inlines.push((Event::Start(tag), range));
                return;
            }
            if !inlines.is_empty() {
                // A tight item's text ends where its first block starts.
                self.items[*id].text = inline::render(inlines, text);
                *first = First::Done;
            } else if matches!(tag, Tag::Paragraph | Tag::Heading { .. }) {
                *first = First::Done;
                stack.push(Open::Text {
                    inlines: Vec::new(),
                });
                return;
            } else {
                *first = First::Done;
            }
        }
        let opened = match (&tag, stack.last()) {
            (Tag::Heading { level, .. }, None) => {
                self.headings.push(Heading {
                    level: *level as u8,
                    text: InlineText::default(),
                    line: lines.line_of(range.start),
                    has_list: false,
                });
                Open::Text {
                    inlines: Vec::new(),
                }
            }
            (Tag::List(_), None) => {
                match self.headings.last_mut() {
                    Some(heading) => heading.has_list = true,
                    None => self.has_preamble_list = true,
                }
                Open::List
            }
            (Tag::List(_), Some(Open::Item { id, .. })) => {
                let item = &mut self.items[*id];
                if item.is_empty() {
                    // An empty item is skipped with everything under it.
                    Open::Ignored
                } else {
                    item.has_sublist = true;
                    Open::List
                }
            }
            (Tag::Item, Some(Open::List)) => {
                let parent = stack.iter().rev().find_map(|open| match open {
                    Open::Item { id, .. } => Some(*id),
                    _ => None,
                });
                self.items.push(Item {
                    section: self.headings.len().checked_sub(1),
                    parent,
                    text: InlineText::default(),
                    line: lines.line_of(range.start),
                    has_sublist: false,
                });
                Open::Item {
                    id: self.items.len() - 1,
                    first: First::Pending(Vec::new()),
                }
            }
            _ => Open::Ignored,
        };
        stack.push(opened);
    }

    fn end<'a>(&mut self, stack: &mut Vec<Open<'a>>, end: TagEnd, range: Range<usize>, text: &str) {
        // End events keep their true range: the Markdown form of the text is
        // cut from the source between the first and last event's offsets.
        if let Some(Open::Text { inlines }) = stack.last_mut()
            && is_inline_end(&end)
        {
            inlines.push((Event::End(end), range));
            return;
        }
        if let Some(Open::Item {
            first: First::Pending(inlines),
            ..
        }) = stack.last_mut()
            && is_inline_end(&end)
        {
            inlines.push((Event::End(end), range));
            return;
        }
        match stack.pop() {
            Some(Open::Text { inlines }) => {
                let rendered = inline::render(&inlines, text);
                match stack.last() {
                    Some(Open::Item { id, .. }) => self.items[*id].text = rendered,
                    None => {
                        if let Some(heading) = self.headings.last_mut() {
                            heading.text = rendered;
                        }
                    }
                    _ => {}
                }
            }
            Some(Open::Item {
                id,
                first: First::Pending(inlines),
            }) => self.items[id].text = inline::render(&inlines, text),
            _ => {}
        }
    }
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// A context path in its two forms, plain and Markdown, shared by the cards
/// under one heading or item.
type Path = (Arc<[String]>, Arc<[String]>);

/// `path` with one more title at its end; an empty title is left out.
fn under(path: &Path, title: &InlineText) -> Path {
    if title.plain.is_empty() {
        return path.clone();
    }
    let plain = path.0.iter().chain([&title.plain]).cloned().collect();
    let md = path.1.iter().chain([&title.md]).cloned().collect();
    (plain, md)
}

/// The cards an outline gives, in note order.
pub fn drafts(outline: &Outline, deck: &str, stem: &str) -> Vec<Draft> {
    let mut cards = Vec::new();
    let headings = &outline.headings;
    let items = &outline.items;
    let root: Path = (Arc::from([]), Arc::from([]));

    // Heading paths: each heading's titled ancestors.
    let mut paths: Vec<Path> = Vec::with_capacity(headings.len());
    let mut open: Vec<usize> = Vec::new();
    for heading in headings {
        while open
            .last()
            .is_some_and(|&j| headings[j].level >= heading.level)
        {
            open.pop();
        }
        paths.push(match open.last() {
            Some(&j) => under(&paths[j], &headings[j].text),
            None => root.clone(),
        });
        open.push(paths.len() - 1);
    }

    // Which items are alive (non-empty, under no empty item) and the
    // children of each, in order. Parents always come before children.
    let mut alive = vec![false; items.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut top: Vec<Vec<usize>> = vec![Vec::new(); headings.len() + 1];
    for (i, item) in items.iter().enumerate() {
        alive[i] = !item.is_empty() && item.parent.is_none_or(|p| alive[p]);
        if !alive[i] {
            continue;
        }
        match item.parent {
            Some(p) => children[p].push(i),
            None => top[item.section.map_or(0, |h| h + 1)].push(i),
        }
    }

    let answer = |ids: &[usize]| -> (Vec<String>, Vec<String>) {
        (
            ids.iter().map(|&i| items[i].text.plain.clone()).collect(),
            ids.iter().map(|&i| items[i].text.md.clone()).collect(),
        )
    };

    // Heading cards.
    let preamble = outline.has_preamble_list.then_some(None);
    let sections = preamble.into_iter().chain(
        headings
            .iter()
            .enumerate()
            .filter(|(_, h)| h.has_list)
            .map(|(i, _)| Some(i)),
    );
    for section in sections {
        let ids = &top[section.map_or(0, |h| h + 1)];
        if ids.is_empty() {
            continue;
        }
        let (question, question_md, context, line) = match section {
            None => (
                stem.to_string(),
                stem.to_string(),
                root.clone(),
                items[ids[0]].line,
            ),
            Some(h) => {
                let heading = &headings[h];
                if heading.text.plain.is_empty() {
                    continue;
                }
                (
                    heading.text.plain.clone(),
                    heading.text.md.clone(),
                    paths[h].clone(),
                    heading.line,
                )
            }
        };
        let (answer, answer_md) = answer(ids);
        cards.push(Draft {
            deck: deck.to_string(),
            kind: Kind::List,
            context: context.0,
            question,
            answer,
            context_md: context.1,
            question_md,
            answer_md,
            line,
            family_line: line,
        });
    }

    // Item and cloze cards. Items come parent-first, so the path below each
    // item (its context plus its own text) is made once, when its first
    // child needs it. Top-level items take their section's title; the file
    // stem stands in for the missing first heading.
    let stem_path: Path = (Arc::from([stem.to_string()]), Arc::from([stem.to_string()]));
    let mut section_paths: Vec<Option<Path>> = vec![None; headings.len()];
    let mut contexts: Vec<Option<Path>> = vec![None; items.len()];
    let mut below: Vec<Option<Path>> = vec![None; items.len()];
    for (i, item) in items.iter().enumerate() {
        if !alive[i] {
            continue;
        }
        let context = match (item.parent, item.section) {
            (Some(p), _) => below[p]
                .get_or_insert_with(|| {
                    let parent = contexts[p].as_ref().expect("parents come first");
                    under(parent, &items[p].text)
                })
                .clone(),
            (None, Some(h)) => section_paths[h]
                .get_or_insert_with(|| under(&paths[h], &headings[h].text))
                .clone(),
            (None, None) => stem_path.clone(),
        };
        let family_line = match item.parent {
            Some(p) => items[p].line,
            None => match item.section {
                Some(h) if !headings[h].text.plain.is_empty() => headings[h].line,
                Some(_) => item.line,
                None => items[top[0][0]].line,
            },
        };
        if item.has_sublist && !children[i].is_empty() {
            let (answer, answer_md) = answer(&children[i]);
            cards.push(Draft {
                deck: deck.to_string(),
                kind: Kind::List,
                context: context.0.clone(),
                question: item.text.plain.clone(),
                answer,
                context_md: context.1.clone(),
                question_md: item.text.md.clone(),
                answer_md,
                line: item.line,
                family_line: item.line,
            });
        }
        for cloze in &item.text.clozes {
            cards.push(Draft {
                deck: deck.to_string(),
                kind: Kind::Cloze,
                context: context.0.clone(),
                question: cloze.question.clone(),
                answer: vec![cloze.answer.clone()],
                context_md: context.1.clone(),
                question_md: cloze.question_md.clone(),
                answer_md: vec![cloze.answer_md.clone()],
                line: item.line,
                family_line,
            });
        }
        contexts[i] = Some(context);
    }

    // Note order: by line; on one line the list card before its clozes.
    cards.sort_by_key(|card| (card.line, card.kind));
    cards
}
