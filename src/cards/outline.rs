//! The outline of a notes file: its top-level headings with their leads,
//! and the items of the lists that count with their details (docs/design.md
//! §2, §14.1), kept flat so that no input, however deeply nested, needs
//! recursion. Then the cards that outline gives, less those §14.2 leaves
//! out, each of which is reported.

use std::mem;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::blocks::{self, Block, Reading};
use super::inline::{self, InlineText};
use super::skip::{self, Skip, SkipRule};
use super::source::Lines;
use super::{Draft, Generated, Kind, Options};

type Inlines<'a> = Vec<(Event<'a>, Range<usize>)>;

struct Heading {
    level: u8,
    text: InlineText,
    line: u32,
    /// Whether a list that counts is a top-level block of its section.
    has_list: bool,
    /// The blocks with text between the heading and its section's first
    /// list that counts.
    lead: Vec<Block>,
}

struct Item {
    /// The section the item's top-level list sits in: a heading, or `None`
    /// for lists before the first heading.
    section: Option<usize>,
    parent: Option<usize>,
    text: InlineText,
    line: u32,
    has_sublist: bool,
    /// The blocks with text of its body other than sub-lists, in order.
    details: Vec<Block>,
    /// Whether its text is only links to other documents (§14.2).
    only_links: bool,
}

impl Item {
    fn is_empty(&self) -> bool {
        self.text.plain.is_empty()
    }
}

/// Open containers while walking the events.
enum Open<'a> {
    /// A list that counts, inside an item or top-level, with its last item
    /// so far.
    List { last_item: Option<usize> },
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
    /// The lead of the lists before the first heading.
    preamble_lead: Vec<Block>,
}

/// Where a block being read goes.
enum Owner {
    /// The lead of a heading (`None`: of the lists before the first one).
    Lead(Option<usize>),
    /// The details of an item.
    Item(usize),
}

/// A block being read, and where it goes: to `owner`, or, when it is code
/// right after a list whose last item ends with a colon, to that item.
struct Capture<'a> {
    reading: Reading<'a>,
    owner: Option<Owner>,
    trailing: Option<usize>,
}

impl Outline {
    /// The outline of `text`, whose offsets fall on `lines`.
    pub fn parse(text: &str, lines: &Lines) -> Outline {
        let mut out = Outline {
            headings: Vec::new(),
            items: Vec::new(),
            has_preamble_list: false,
            preamble_lead: Vec::new(),
        };
        let mut stack: Vec<Open> = Vec::new();
        let mut capture: Option<Capture> = None;
        // The item whose trailing code may follow: set by the end of a list,
        // good for the next event only.
        let mut trailing: Option<usize> = None;
        for (event, range) in Parser::new_ext(text, super::markdown_options()).into_offset_iter() {
            if let Some(reading) = capture.as_mut() {
                if reading.reading.feed(event, range, text) {
                    let done = capture.take().expect("a block being read");
                    out.place(done, text);
                }
                continue;
            }
            let after_list = trailing.take();
            match event {
                Event::Start(tag) => {
                    capture = out.start(&mut stack, tag, range, lines, text, after_list);
                }
                Event::End(end) => trailing = out.end(&mut stack, end, range, text),
                Event::Rule => {
                    // A thematic break is a block: it ends a tight item's text.
                    if let Some(Open::Item { id, first }) = stack.last_mut() {
                        if let First::Pending(inlines) = first {
                            out.set_item_text(*id, inlines, text);
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

    /// An item's own text, from the inline events of its first block.
    fn set_item_text(&mut self, id: usize, inlines: &Inlines<'_>, text: &str) {
        let item = &mut self.items[id];
        item.text = inline::render(inlines, text);
        item.only_links = skip::only_links(inlines);
    }

    /// Opens `tag`; returns the capture when it starts a block to read.
    fn start<'a>(
        &mut self,
        stack: &mut Vec<Open<'a>>,
        tag: Tag<'a>,
        range: Range<usize>,
        lines: &Lines,
        text: &str,
        after_list: Option<usize>,
    ) -> Option<Capture<'a>> {
        // Inside a paragraph or heading, tags are inline markup.
        if let Some(Open::Text { inlines }) = stack.last_mut() {
            inlines.push((Event::Start(tag), range));
            return None;
        }
        let is_block = !inline::is_inline(&tag);
        // Inline markup after an item's first block is not caught here: it
        // falls through and is opened as `Ignored`, so that its end event has
        // something to close.
        if let Some(Open::Item { id, first }) = stack.last_mut()
            && let First::Pending(inlines) = first
        {
            if !is_block {
                inlines.push((Event::Start(tag), range));
                return None;
            }
            let id = *id;
            if !inlines.is_empty() {
                // A tight item's text ends where its first block starts.
                let inlines = mem::take(inlines);
                *first = First::Done;
                self.set_item_text(id, &inlines, text);
            } else if matches!(tag, Tag::Paragraph | Tag::Heading { .. }) {
                *first = First::Done;
                stack.push(Open::Text {
                    inlines: Vec::new(),
                });
                return None;
            } else {
                *first = First::Done;
            }
        }
        if blocks::is_readable(&tag) {
            let owner = self.owner(stack.last(), &tag);
            let trailing = after_list.filter(|_| matches!(tag, Tag::Paragraph | Tag::CodeBlock(_)));
            if owner.is_some() || trailing.is_some() {
                return Some(Capture {
                    reading: Reading::start(&tag, lines.line_of(range.start)),
                    owner,
                    trailing,
                });
            }
        }
        let opened = match (&tag, stack.last()) {
            (Tag::Heading { level, .. }, None) => {
                self.headings.push(Heading {
                    level: *level as u8,
                    text: InlineText::default(),
                    line: lines.line_of(range.start),
                    has_list: false,
                    lead: Vec::new(),
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
                Open::List { last_item: None }
            }
            (Tag::List(_), Some(Open::Item { id, .. })) => {
                let item = &mut self.items[*id];
                if item.is_empty() {
                    // An empty item is skipped with everything under it.
                    Open::Ignored
                } else {
                    item.has_sublist = true;
                    Open::List { last_item: None }
                }
            }
            (Tag::Item, Some(Open::List { .. })) => {
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
                    details: Vec::new(),
                    only_links: false,
                });
                let id = self.items.len() - 1;
                if let Some(Open::List { last_item }) = stack.last_mut() {
                    *last_item = Some(id);
                }
                Open::Item {
                    id,
                    first: First::Pending(Vec::new()),
                }
            }
            _ => Open::Ignored,
        };
        stack.push(opened);
        None
    }

    /// Whose block `tag` starts inside `container`, if anyone's: an item's
    /// details (paragraphs, quotes, code, tables of its body), or a lead
    /// (paragraphs, quotes and code at the top of a section before its
    /// first list).
    fn owner(&self, container: Option<&Open<'_>>, tag: &Tag<'_>) -> Option<Owner> {
        match container {
            Some(Open::Item { id, .. }) if !self.items[*id].is_empty() => Some(Owner::Item(*id)),
            None if !matches!(tag, Tag::Table(_)) => {
                let open = match self.headings.last() {
                    Some(heading) => !heading.has_list,
                    None => !self.has_preamble_list,
                };
                open.then(|| Owner::Lead(self.headings.len().checked_sub(1)))
            }
            _ => None,
        }
    }

    /// A block read to its end, put where it belongs.
    fn place(&mut self, capture: Capture<'_>, text: &str) {
        let Capture {
            reading,
            owner,
            trailing,
        } = capture;
        if let Some(item) = trailing {
            if reading.is_code_block() {
                self.items[item].details.extend(reading.finish(text));
                return;
            }
            if let Some(code) = reading.only_code() {
                self.items[item].details.push(code);
                return;
            }
        }
        let Some(owner) = owner else { return };
        let Some(block) = reading.finish(text) else {
            return;
        };
        match owner {
            Owner::Item(id) => self.items[id].details.push(block),
            Owner::Lead(Some(h)) => self.headings[h].lead.push(block),
            Owner::Lead(None) => self.preamble_lead.push(block),
        }
    }

    /// Closes the innermost open container. Returns the item whose trailing
    /// code may come next: the last item of a list that counts just closed,
    /// when its text ends with a colon.
    fn end<'a>(
        &mut self,
        stack: &mut Vec<Open<'a>>,
        end: TagEnd,
        range: Range<usize>,
        text: &str,
    ) -> Option<usize> {
        // End events keep their true range: the Markdown form of the text is
        // cut from the source between the first and last event's offsets.
        if let Some(Open::Text { inlines }) = stack.last_mut()
            && inline::is_inline_end(&end)
        {
            inlines.push((Event::End(end), range));
            return None;
        }
        if let Some(Open::Item {
            first: First::Pending(inlines),
            ..
        }) = stack.last_mut()
            && inline::is_inline_end(&end)
        {
            inlines.push((Event::End(end), range));
            return None;
        }
        match stack.pop() {
            Some(Open::Text { inlines }) => match stack.last() {
                Some(Open::Item { id, .. }) => {
                    let id = *id;
                    self.set_item_text(id, &inlines, text);
                }
                None => {
                    if let Some(heading) = self.headings.last_mut() {
                        heading.text = inline::render(&inlines, text);
                    }
                }
                _ => {}
            },
            Some(Open::Item {
                id,
                first: First::Pending(inlines),
            }) => self.set_item_text(id, &inlines, text),
            Some(Open::List {
                last_item: Some(id),
            }) => {
                let plain = &self.items[id].text.plain;
                return plain.ends_with([':', '：']).then_some(id);
            }
            _ => {}
        }
        None
    }
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

/// What a reference section's cards are left out with: the heading or item
/// whose name opens it (the outermost, when one lies inside another).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Root {
    Heading(usize),
    Item(usize),
}

/// The cards an outline gives, in note order, and those the options leave
/// out (docs/design.md §14.2), in note order too.
pub fn drafts(outline: Outline, deck: &str, stem: &str, options: &Options) -> Generated {
    let Outline {
        mut headings,
        mut items,
        has_preamble_list,
        preamble_lead,
    } = outline;
    // Leads and details move into the cards that show them.
    let mut leads: Vec<Vec<Block>> = headings
        .iter_mut()
        .map(|h| mem::take(&mut h.lead))
        .collect();
    let mut details: Vec<Vec<Block>> = items
        .iter_mut()
        .map(|i| mem::take(&mut i.details))
        .collect();
    let mut preamble_lead = Some(preamble_lead);
    let (headings, items) = (&headings, &items);
    let names = &options.skip_headings;
    let link_lists = options.skip_link_lists;
    let mut cards = Vec::new();
    let mut skips = Vec::new();
    let root: Path = (Arc::from([]), Arc::from([]));

    // Heading paths: each heading's titled ancestors. A heading inside a
    // reference section is part of it.
    let mut paths: Vec<Path> = Vec::with_capacity(headings.len());
    let mut heading_root: Vec<Option<usize>> = Vec::with_capacity(headings.len());
    let mut open: Vec<usize> = Vec::new();
    for (h, heading) in headings.iter().enumerate() {
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
        let inherited = open.last().and_then(|&j| heading_root[j]);
        heading_root.push(inherited.or_else(|| names.matches(&heading.text.plain).then_some(h)));
        open.push(h);
    }

    // Which items are alive (non-empty, under no empty item), which
    // reference section each lies in, and the children of each, in order:
    // an item naming references is left out of its parent's answer. Parents
    // always come before children.
    let mut alive = vec![false; items.len()];
    let mut item_root: Vec<Option<Root>> = Vec::with_capacity(items.len());
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut top: Vec<Vec<usize>> = vec![Vec::new(); headings.len() + 1];
    for (i, item) in items.iter().enumerate() {
        alive[i] = !item.is_empty() && item.parent.is_none_or(|p| alive[p]);
        let inherited = match (item.parent, item.section) {
            (Some(p), _) => item_root[p],
            (None, Some(h)) => heading_root[h].map(Root::Heading),
            (None, None) => None,
        };
        let own = alive[i] && inherited.is_none() && names.matches(&item.text.plain);
        item_root.push(inherited.or(own.then_some(Root::Item(i))));
        if !alive[i] {
            continue;
        }
        if own {
            skips.push(Skip {
                line: item.line,
                rule: SkipRule::ReferenceSection,
                text: item.text.plain.clone(),
            });
            continue;
        }
        match item.parent {
            Some(p) => children[p].push(i),
            None => top[item.section.map_or(0, |h| h + 1)].push(i),
        }
    }
    // Reference headings that left out at least one card.
    let mut reported = vec![false; headings.len()];
    let mut leave_out = |root: Root, skips: &mut Vec<Skip>| {
        if let Root::Heading(h) = root
            && !mem::replace(&mut reported[h], true)
        {
            skips.push(Skip {
                line: headings[h].line,
                rule: SkipRule::ReferenceSection,
                text: headings[h].text.plain.clone(),
            });
        }
    };

    let answer = |ids: &[usize]| -> (Vec<String>, Vec<String>) {
        (
            ids.iter().map(|&i| items[i].text.plain.clone()).collect(),
            ids.iter().map(|&i| items[i].text.md.clone()).collect(),
        )
    };
    // A card whose every answer item is only links is a link list. An
    // item card keeps its details (the item's own words about it, worth a
    // card), but a heading's lead does not save its list: over a list of
    // links it introduces them ("These are questions to practise…").
    let is_link_list = |ids: &[usize], details: &[Block]| {
        link_lists
            && details.is_empty()
            && !ids.is_empty()
            && ids.iter().all(|&i| items[i].only_links)
    };

    // Heading cards.
    let preamble = has_preamble_list.then_some(None);
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
        let (question, question_md, context, line, lead) = match section {
            None => (
                stem.to_string(),
                stem.to_string(),
                root.clone(),
                items[ids[0]].line,
                preamble_lead.take().unwrap_or_default(),
            ),
            Some(h) => {
                let heading = &headings[h];
                if heading.text.plain.is_empty() {
                    continue;
                }
                if let Some(r) = heading_root[h] {
                    leave_out(Root::Heading(r), &mut skips);
                    continue;
                }
                (
                    heading.text.plain.clone(),
                    heading.text.md.clone(),
                    paths[h].clone(),
                    heading.line,
                    mem::take(&mut leads[h]),
                )
            }
        };
        if is_link_list(ids, &[]) {
            skips.push(Skip {
                line,
                rule: SkipRule::LinkList,
                text: question,
            });
            continue;
        }
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
            lead,
            details: Vec::new(),
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
        let gives_list = (item.has_sublist && !children[i].is_empty()) || !details[i].is_empty();
        let gives_cloze = options.cloze && !item.text.clozes.is_empty();
        if let Some(r) = item_root[i] {
            if gives_list || gives_cloze {
                leave_out(r, &mut skips);
            }
            contexts[i] = Some(context);
            continue;
        }
        let family_line = match item.parent {
            Some(p) => items[p].line,
            None => match item.section {
                Some(h) if !headings[h].text.plain.is_empty() => headings[h].line,
                Some(_) => item.line,
                None => items[top[0][0]].line,
            },
        };
        if gives_list {
            let shown = mem::take(&mut details[i]);
            if is_link_list(&children[i], &shown) {
                skips.push(Skip {
                    line: item.line,
                    rule: SkipRule::LinkList,
                    text: item.text.plain.clone(),
                });
            } else {
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
                    lead: Vec::new(),
                    details: shown,
                    line: item.line,
                    family_line: item.line,
                });
            }
        }
        for cloze in item.text.clozes.iter().filter(|_| options.cloze) {
            let rest = cloze.question.replacen(inline::BLANK, " ", 1);
            let fault =
                skip::cloze_fault(&rest, &cloze.answer, &context.0, options.cloze_min_words);
            if let Some(rule) = fault {
                skips.push(Skip {
                    line: item.line,
                    rule,
                    text: cloze.question.clone(),
                });
                continue;
            }
            cards.push(Draft {
                deck: deck.to_string(),
                kind: Kind::Cloze,
                context: context.0.clone(),
                question: cloze.question.clone(),
                answer: vec![cloze.answer.clone()],
                context_md: context.1.clone(),
                question_md: cloze.question_md.clone(),
                answer_md: vec![cloze.answer_md.clone()],
                lead: Vec::new(),
                details: Vec::new(),
                line: item.line,
                family_line,
            });
        }
        contexts[i] = Some(context);
    }

    // Note order: by line; on one line the list card before its clozes.
    cards.sort_by_key(|card| (card.line, card.kind));
    skips.sort_by_key(|skip| skip.line);
    Generated {
        drafts: cards,
        skips,
    }
}
